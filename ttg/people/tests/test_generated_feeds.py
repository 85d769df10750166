"""Generated feeds (generate_national) load through the real estate loader and feed importer."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from ttg.estate.models import CRC, Organisation, Prison
from ttg.people.generator import DEFAULT_NOW, SCALES, Scale, generate
from ttg.people.models import CustodyPeriod, FeedEvent, ImportRun


def _generate_and_import(tmp_path: Path, scale: str | Scale) -> ImportRun:
    name = scale if isinstance(scale, str) else scale.name
    feed = tmp_path / f"{name}.csv"
    generate(feed, scale=scale, seed=7, now=DEFAULT_NOW)
    call_command("load_estate", str(feed.with_suffix(".estate.json")))
    call_command("import_custody_feed", str(feed))
    return ImportRun.objects.get()


def test_a_generated_demo_feed_imports_cleanly(db: Any, tmp_path: Path) -> None:
    run = _generate_and_import(tmp_path, "demo")
    assert run.rows > 500
    assert (run.rejected, run.conflicts, run.pending) == (0, 0, 0)
    assert run.applied == run.rows == FeedEvent.objects.count()
    assert CustodyPeriod.objects.filter(released_at__isnull=True).exists()
    # The estate came from the generated file, with its organisations and specialisms.
    assert Prison.objects.filter(code="ACI", crc__code="MERSEYSIDE").exists()
    assert Organisation.objects.filter(specialisms__isnull=False).exists()
    assert CRC.objects.count() == 21


def test_loading_the_estate_again_changes_nothing(db: Any, tmp_path: Path) -> None:
    feed = tmp_path / "demo.csv"
    call_command("generate_national", "--scale", "demo", "--seed", "7", "--out", str(feed))
    estate = feed.with_suffix(".estate.json")
    call_command("load_estate", str(estate))
    before = (Prison.objects.count(), Organisation.objects.count(), list(Prison.objects.values_list("code", "crc_id", "name")))
    call_command("load_estate", str(estate))
    assert before == (Prison.objects.count(), Organisation.objects.count(), list(Prison.objects.values_list("code", "crc_id", "name")))


@pytest.mark.skipif(os.environ.get("CI") != "true", reason="about half a minute: runs in CI (CI=true), on PostgreSQL")
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: with the stored screening decisions recomputed chunk by chunk, SQLite's generic path is slow",
)
def test_a_generated_regional_feed_imports_cleanly(db: Any, tmp_path: Path) -> None:
    """The regional estate (real and synthetic prisons, 15 years) with a fifth of its people: the importer's
    set-based PostgreSQL path on tens of thousands of rows. The whole regional and national feeds are
    the benchmarks' (bench/import_feed.py)."""
    run = _generate_and_import(tmp_path, replace(SCALES["regional"], name="regional-fifth", periods=20_000))
    assert run.rows > 40_000
    assert (run.rejected, run.conflicts, run.pending) == (0, 0, 0)
    assert CustodyPeriod.objects.filter(released_at__isnull=True).count() > 1600
