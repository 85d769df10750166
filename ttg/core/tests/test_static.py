"""Static files in production (TTG_STATIC_ROOT): collected under hashed names from a manifest, which
whitenoise serves with far-future caching; every static URL a page names is one of them, except
GOV.UK Frontend's icons, which the template names by folder. Without TTG_STATIC_ROOT (tests,
`make run`) whitenoise serves the files from the finders, under their own names.

Collecting every app's static files takes a minute (Swagger UI's bundles), so this collects only the
folders our pages use (settings.STATICFILES_DIRS and core's own), with the production storage.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

FOREVER = "max-age=315360000, public, immutable"
PRODUCTION_STORAGE = "ttg.core.storage.ManifestStaticFilesStorage"


@pytest.fixture
def collected(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "static"
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, ("ttg", settings.BASE_DIR / "ttg" / "core" / "static" / "ttg")]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATIC_ROOT = str(root)
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STORAGE}}
    settings.WHITENOISE_USE_FINDERS = False
    call_command("collectstatic", "--no-input", verbosity=0)
    return root


def test_production_serves_hashed_names_cached_for_ever(collected: Path) -> None:
    client = Client()
    page = client.get("/sign-in/")
    assert page.status_code == 200
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.content.decode())
    hashed = [u for u in urls if re.search(r"\.[0-9a-f]{12}\.\w+$", u)]
    assert {u.split("/")[-1].split(".")[0] for u in hashed} >= {"app", "init"}
    for url in hashed:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == FOREVER, url
    for url in set(urls) - set(hashed):
        assert url.startswith("/static/assets/"), url  # GOV.UK Frontend's icons, by folder

    # What the stylesheet and the modules load is hashed too.
    css = next(collected.glob("ttg/app.*.css")).read_text()
    assert re.search(r"/static/assets/fonts/[\w-]+\.[0-9a-f]{12}\.woff2", css)
    init = next(p for p in collected.glob("ttg/init.*.js") if re.search(r"\.[0-9a-f]{12}\.js$", p.name)).read_text()
    assert re.search(r"/static/ttg/govuk-frontend\.min\.[0-9a-f]{12}\.js", init)


def test_without_collectstatic_files_come_from_the_finders() -> None:
    assert settings.STORAGES["staticfiles"]["BACKEND"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert settings.WHITENOISE_USE_FINDERS
    response = Client().get("/static/ttg/app.css")
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
