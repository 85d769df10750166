"""The work lists read the stored decisions (issue 14) and show the same people, in the same order, with
the same words and counts, as the lists that applied the rules to everyone on each request (kept in
`before.py` as the oracle). On the `make run` world (the generated demo-scale feed and the demo's
screenings, plans, handovers and referrals), for every persona who has a work list, on several days,
with the full 50 rows and with 3 (so that merging the first rows of each kind of work is tested).
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from ttg.accounts.constants import Role
from ttg.demo.loader import load_demo
from ttg.estate.models import Prison
from ttg.people.generator import SAMPLE_FEED
from ttg.people.models import CustodyPeriod
from ttg.screening import selectors as selectors_screening
from ttg.screening import state
from ttg.worklist import selectors as selectors_worklist

from . import before

pytestmark = [pytest.mark.django_db, pytest.mark.database]

DEMO_DAY = datetime.fromisoformat("2019-09-02T09:30:00+01:00")
# A Monday, the Friday, a week on (deadlines pass), and a month on (reviews open, people released).
DAYS = [DEMO_DAY, DEMO_DAY + timedelta(days=4, hours=7), DEMO_DAY + timedelta(days=8), DEMO_DAY + timedelta(days=31, hours=2)]


def _items(section: Any) -> list[tuple[Any, ...]]:
    return [(i.person.prison_number, str(i.what), i.when, i.href, i.overdue, str(i.when_label), i.has_plan) for i in section.items]


def _screening_tabs(user: Any, prison: Prison) -> dict[str, tuple[int, list[tuple[Any, ...]]]]:
    work = selectors_screening.prison_work_list(user, prison.code)
    tabs = {}
    for tab in selectors_screening.TABS:
        shown = selectors_screening.list_rows(selectors_screening.tab_rows(user, prison, tab))
        tabs[tab] = (work.counts[tab], [(r.period.person.prison_number, r.states.get(tab, "")) for r in shown])
    return tabs


def _screening_tabs_before(user: Any, prison: Prison) -> dict[str, tuple[int, list[tuple[Any, ...]]]]:
    work = before.prison_work_list(user, prison.code)
    return {tab: (len(rows), [(r.period.person.prison_number, r.states.get(tab, "")) for r in rows]) for tab, rows in work.tabs.items()}


@pytest.fixture
def world(tmp_path: Path, personas: dict[str, Any]) -> dict[str, Any]:
    feed = tmp_path / "feed.csv"
    call_command("generate_national", scale="demo", seed=1, out=str(feed), stdout=io.StringIO())
    call_command("load_estate", str(tmp_path / "feed.estate.json"), stdout=io.StringIO())
    call_command("import_custody_feed", str(SAMPLE_FEED), str(feed), stdout=io.StringIO())
    load_demo(password="a-long-test-password-2019")
    return personas


def test_the_stored_lists_show_what_the_rules_applied_afresh_showed(world: dict[str, Any]) -> None:
    periods = CustodyPeriod.objects.values_list("pk", flat=True)
    assert state.stored_equals_fresh(periods) == []
    caseworker, manager, officer = world[Role.TTG_CASEWORKER], world[Role.CRC_MANAGER], world[Role.PRISON_OFFICER]
    crc_prisons = list(Prison.objects.filter(crc_id=caseworker.crc_id).order_by("code"))
    compared = listed = 0
    for day in DAYS:
        with override_settings(TTG_NOW=day.isoformat()):
            for rows in (50, 3):
                with override_settings(TTG_WORK_LIST_ROWS=rows):
                    for user in (caseworker, manager):
                        for code in ["", *(p.code for p in crc_prisons)]:
                            old, new = before.work_list(user, code), selectors_worklist.work_list(user, code)
                            assert [s.key for s in new.sections] == [s.key for s in old.sections]
                            for was, now in zip(old.sections, new.sections, strict=True):
                                assert (now.key, now.total, _items(now)) == (was.key, was.total, _items(was)), (day, rows, user, code)
                                compared += len(was.items)
                        if not code:  # the home page's counts: for all the CRC's prisons
                            assert selectors_worklist.work_counts(user) == old.counts
            for user, prisons in ((officer, [officer.prison]), (caseworker, crc_prisons)):
                for prison in prisons:
                    tabs = _screening_tabs(user, prison)
                    assert tabs == _screening_tabs_before(user, prison), (day, user, prison)
                    listed += sum(len(rows) for _count, rows in tabs.values())
        # the stored rows stay equal to the rules applied afresh on each day (once the lists have read them)
        with override_settings(TTG_NOW=day.isoformat()):
            state.refresh_due()
            assert state.stored_equals_fresh(periods) == []
    # the world has work in it: the comparison is not of empty lists
    assert compared > 100
    assert listed > 100
