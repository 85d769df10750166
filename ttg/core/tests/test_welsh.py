"""Welsh (issue 22, docs/welsh.md): the catalogue is compiled and sound, GOV.UK Frontend's own words are
translated, the page frame and dates are Welsh for a Welsh reader, and the switch keeps the page."""

from __future__ import annotations

import html
import importlib.util
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from django.test import Client
from django.urls import reverse
from django.utils import translation
from jinja2 import Environment

from ttg.accounts.constants import Role
from ttg.core import formatting, govuk_i18n

ROOT = Path(__file__).resolve().parents[3]


def _messages_script() -> Any:
    spec = importlib.util.spec_from_file_location("messages_script", ROOT / "scripts" / "messages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["messages_script"] = module
    spec.loader.exec_module(module)
    return module


MESSAGES = _messages_script()


@pytest.fixture(scope="module")
def welsh() -> Catalog:
    return MESSAGES.read("cy")


def test_the_committed_mo_is_the_po_compiled(welsh: Catalog) -> None:
    # A fresh machine serves the committed .mo: it must say what the .po says (`make messages` compiles it).
    assert MESSAGES.mo_path("cy").read_bytes() == MESSAGES.compiled(welsh), "run `make messages` and commit the .mo"


def test_no_translation_is_fuzzy_and_every_one_is_marked_until_checked(welsh: Catalog) -> None:
    # Fuzzy entries are left out of the .mo: an unchecked translation is marked with a comment instead.
    assert not [m.id for m in welsh if m.id and m.fuzzy]
    unmarked = [m.id for m in welsh if MESSAGES.has_translation(m) and MESSAGES.UNCHECKED not in m.user_comments]
    # A Welsh speaker who checks a string removes the comment; none has been checked yet (docs/welsh.md).
    assert not unmarked


def test_a_plural_is_compiled_only_with_every_welsh_form() -> None:
    catalog = Catalog(locale="cy")
    catalog.add(("%(num)d day", "%(num)d days"), ("", "", "", "", ""))
    catalog.add(("%(num)d week", "%(num)d weeks"), ("%(num)d wythnos",) * 5)
    compiled = MESSAGES.compiled(catalog)
    assert b"%(num)d day" not in compiled and b"%(num)d week" in compiled


def test_placeholders_in_welsh_are_those_of_the_english(welsh: Catalog) -> None:
    assert MESSAGES.placeholder_problems(welsh) == []
    broken = Catalog(locale="cy")
    broken.add("Printed on %(date)s.", "Argraffwyd ar %(dyddiad)s.")
    assert MESSAGES.placeholder_problems(broken)  # the check can fail


def test_the_catalogue_holds_every_string_in_the_code() -> None:
    # Extraction reaches Python and the Jinja2 templates; nothing extracted is missing from the .po.
    extracted = {m.id for m in MESSAGES.extract() if m.id}
    in_po = {m.id for m in MESSAGES.read("cy") if m.id}
    assert {"Your resettlement plan", "Skip to main content", "Sign out", "We will help you open a bank account."} <= extracted
    assert extracted <= in_po, "run `make messages` and commit the catalogue"


def test_every_govuk_rewrite_still_finds_its_english() -> None:
    env = Environment(autoescape=True)
    loader = govuk_i18n.TranslatedGovukLoader()
    source = {name: loader.get_source(env, name)[0] for name, _english, _to in govuk_i18n.REWRITES}
    original = govuk_i18n.PackageLoader("govuk_frontend_jinja")
    assert govuk_i18n.missing_rewrites(lambda name: original.get_source(env, name)[0]) == []
    for name, english, to in govuk_i18n.REWRITES:
        assert english not in source[name] and to in source[name]


def test_dates_and_times_in_welsh() -> None:
    moment = datetime(2019, 10, 1, 9, 30)
    with translation.override("en-gb"):
        assert formatting.govuk_datetime(moment) == "1 October 2019 at 9:30am"
    with translation.override("cy"):
        assert formatting.govuk_date(date(2019, 2, 1)) == "1 Chwefror 2019"
        assert formatting.govuk_datetime(moment) == "1 Hydref 2019 am 9:30yb"
        assert formatting.govuk_time(datetime(2019, 10, 1, 12, 0)) == "canol dydd"


def _frame_strings(welsh: Catalog) -> dict[str, str]:
    """The Welsh for every string of the page frame and GOV.UK's own words."""
    sources = ("ttg/core/jinja2/core/base.html", "ttg/core/govuk_i18n.py")
    return {
        str(m.id): str(m.string or "") for m in welsh if isinstance(m.id, str) and m.id and any(loc[0] in sources for loc in m.locations)
    }


def test_every_string_of_the_page_frame_has_welsh(welsh: Catalog) -> None:
    missing = [english for english, string in _frame_strings(welsh).items() if not string]
    assert missing == []


@pytest.mark.django_db
def test_a_public_page_in_welsh_has_no_frame_english_left(welsh: Catalog) -> None:
    client = Client()
    client.cookies["django_language"] = "cy"
    page = html.unescape(client.get(reverse("cookies")).content.decode())
    assert '<html lang="cy"' in page
    for words in ("Neidio i’r prif gynnwys", "Hawlfraint y Goron", "Drwydded Llywodraeth Agored v3.0", "Cwcis", "Datganiad hygyrchedd"):
        assert words in page
    left = [english for english in _frame_strings(welsh) if len(english) > 3 and f">{english}<" in page]
    assert left == []
    # The switch offers English, and names Welsh as the current language.
    assert '<span aria-current="true" lang="cy">Cymraeg</span>' in page
    assert 'name="language" value="en-gb"' in page


@pytest.mark.django_db
def test_the_switch_keeps_the_page_and_its_query(client_for: Any) -> None:
    client = client_for(Role.TTG_CASEWORKER)
    where = reverse("people_search") + "?q=1&page=2"
    page = client.get(where).content.decode()
    assert f'name="next" value="{html.escape(where)}"' in page
    response = client.post(reverse("set_language"), {"language": "cy", "next": where})
    assert response.status_code == 302 and response["Location"] == where
    welsh_page = client.get(where).content.decode()
    assert '<html lang="cy"' in welsh_page and "Dod o hyd i berson" in welsh_page and "Allgofnodi" in welsh_page
    back = client.post(reverse("set_language"), {"language": "en-gb", "next": where})
    assert back["Location"] == where
    assert '<html lang="en"' in client.get(where).content.decode()
    # Only a path on this site: anywhere else sends the user home.
    away = client.post(reverse("set_language"), {"language": "cy", "next": "https://example.com/"})
    assert away["Location"] == "/"


def test_a_welsh_plural_takes_its_form_from_our_catalogue() -> None:
    # Django's own Welsh catalogue counts plurals another way; ours keeps its own rule.
    with translation.override("cy"):
        for n in (0, 1, 2, 3, 6, 270):
            assert translation.ngettext("%(num)d day", "%(num)d days", n) % {"num": n} == f"{n} diwrnod"


def test_the_character_count_speaks_welsh_and_its_script_too() -> None:
    from django.template import engines

    template = engines["jinja2"].env.from_string(  # type: ignore[attr-defined]
        '{% from "govuk_frontend_jinja/components/character-count/macro.html" import govukCharacterCount %}'
        '{{ govukCharacterCount({"name": "x", "id": "x", "maxlength": 500, "label": {"text": "X"}}) }}'
    )
    with translation.override("en-gb"):
        english = template.render()
    with translation.override("cy"):
        welsh = template.render()
    assert "You can enter up to 500 characters" in english
    assert 'data-i18n.characters-under-limit.other="You have %{count} characters remaining"' in english
    assert "Gallwch chi roi hyd at 500 nod" in welsh and "You can enter" not in welsh
    assert 'data-i18n.characters-over-limit.other="Mae gennych chi %{count} nod yn ormod"' in welsh
