"""Every figure equals a hand count over a small world with known answers (tests/world.py): an empty month,
a person transferred mid-month, a release-date change, an after-release outcome that is not the day of
release. The world is made once for the module, in a transaction rolled back after its last test."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.db import transaction

from conftest import persona_users
from ttg.compliance import rules, selectors
from ttg.compliance.tests import world as w

WINDOW = rules.window(date(2019, 9, 2))


@pytest.fixture(scope="module")
def made(django_db_setup: Any, django_db_blocker: Any) -> Iterator[w.World]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True  # type: ignore[attr-defined]  # as Django's TestCase marks its own
        atomic.__enter__()
        try:
            yield w.build(persona_users())
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _everything(made: w.World) -> dict[tuple[str, str, date], tuple[int, ...]]:
    codes = {p.pk: code for code, p in made.prisons.items()}
    found = {}
    for figure in rules.FIGURES:
        for (prison, month), cell in selectors.counts(figure.key, list(codes), WINDOW).items():
            found[(figure.key, codes[prison], month)] = (cell.met, cell.of, *cell.parts)
    return found


def test_every_figure_equals_the_hand_count(made: w.World, db: Any) -> None:
    """Every count the database returns for the world is in the hand count, and every hand count is returned:
    so the months and prisons not listed (June's BCST1, TBB's BCST1 in July) are empty."""
    found = _everything(made)
    assert {k: v for k, v in found.items() if k not in w.HAND} == {}
    assert {k: found.get(k) for k in w.HAND if found.get(k) != w.HAND[k]} == {}


def test_the_window_is_the_two_years_to_the_current_month() -> None:
    assert WINDOW[0] == date(2017, 10, 1) and WINDOW[-1] == date(2019, 9, 1) and len(WINDOW) == 24
    assert rules.summary_months(date(2019, 9, 2))[0] == date(2018, 9, 1)
    assert rules.summary_months(date(2019, 9, 2))[-1] == date(2019, 8, 1)
