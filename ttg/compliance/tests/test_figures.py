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
from ttg.compliance import rules, selectors, services
from ttg.compliance.models import Counting, MonthlyCount
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


def test_the_stored_counts_equal_the_hand_count_and_counting_again_changes_nothing(made: w.World, db: Any) -> None:
    """What the pages read (services.count_figures, then selectors.stored_counts_many) is the hand count too,
    every cell of it; a second count writes the same cells, and the one Counting row says when and how many."""
    codes = {p.pk: code for code, p in made.prisons.items()}

    def stored() -> dict[tuple[str, str, date], tuple[int, ...]]:
        cells = selectors.stored_counts_many([f.key for f in rules.FIGURES], list(codes), WINDOW)
        return {
            (key, codes[prison], month): (c.met, c.of, *c.parts) for key, found in cells.items() for (prison, month), c in found.items()
        }

    Counting.objects.all().delete()  # whatever another test's demo counted (rolled back with the module)
    MonthlyCount.objects.all().delete()
    assert selectors.counted() is None and stored() == {}
    first = services.count_figures(date(2019, 9, 2))
    # The pages show a CRC's figures at the prisons CRCs serve, the national figure at the others: so are they counted.
    shown = {k: v for k, v in w.HAND.items() if rules.BY_KEY[k[0]].national == (made.prisons[k[1]].crc_id is None)}
    assert stored() == shown and len(shown) > 20
    again = services.count_figures(date(2019, 9, 2))
    assert again.cells == first.cells == MonthlyCount.objects.count() > 0
    counting = selectors.counted()
    assert counting is not None and counting.cells == first.cells
    assert (counting.first_month, counting.last_month) == (WINDOW[0], WINDOW[-1])
