"""The figures on a world with known answers (world.py), against the hand calculation in its docstring."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from ttg.accounts.constants import Role
from ttg.insights import selectors
from ttg.insights.constants import DIMENSION_CODES
from ttg.insights.models import Counting, GroupCount
from ttg.insights.selectors import Breakdown
from ttg.insights.services import count_breakdowns

pytestmark = pytest.mark.usefixtures("world")


def counts(b: Breakdown, code: str) -> list[tuple[str, int, int]]:
    return [(g.label, g.rates[code].numerator, g.rates[code].denominator) for g in b.groups]


def shown(b: Breakdown, code: str) -> list[tuple[str, float | None]]:
    return [(g.label, g.rates[code].value) for g in b.groups]


@pytest.fixture
def analyst(personas: dict[str, Any]) -> Any:
    return personas[Role.ANALYST]


def test_everyone_matches_the_hand_count(analyst: Any, settings: Any, django_assert_max_num_queries: Any) -> None:
    settings.TTG_INSIGHTS_SUPPRESS_BELOW = 1  # nothing hidden: the raw counts
    with django_assert_max_num_queries(3):
        b = selectors.breakdown(analyst, "sex")
    e = b.everyone
    assert e.released == 10
    expected = {
        "outcome_recorded": (8, 10),
        "settled": (4, 8),
        "settled_safe": (3, 8),
        "ete": (3, 8),
        "bank_account": (5, 8),
        "id_documents": (6, 8),
        "benefit_claim": (3, 8),
        "gp_registration": (3, 8),
        "settled_after": (2, 2),
        "activities_achieved": (2, 3),
        "bcst1_on_time": (7, 10),
        "bcst2_on_time": (2, 3),
    }
    assert {code: (r.numerator, r.denominator) for code, r in e.rates.items()} == expected
    assert (e.cost_pence, e.cost_per_person_pence, e.cost_per_outcome_pence) == (10000, 1000, 2500)
    # Women and men, and the disparity ratios against everyone (E3): 3/4 against 4/8 is 1.5, within chance.
    assert [(g.label, g.released) for g in b.groups] == [("Women", 4), ("Men", 6)]
    assert counts(b, "settled") == [("Women", 3, 4), ("Men", 1, 4)]
    assert counts(b, "settled_after") == [("Women", 0, 0), ("Men", 2, 2)]
    women, men = b.groups
    assert women.disparities["settled"].ratio == pytest.approx(1.5)
    assert women.disparities["settled"].notable is False
    assert women.disparities["benefit_claim"].ratio == 0
    assert men.disparities["id_documents"].ratio == pytest.approx(4 / 3)
    assert (women.cost_pence, men.cost_pence, women.cost_per_person_pence) == (10000, 0, 2500)
    assert e.uplift is None and women.uplift is None  # no baseline set: no uplift (E5)
    assert women.rates["settled"].interval is not None
    assert round(women.rates["settled"].interval.low, 4) == 0.3006


def test_small_numbers_are_hidden_with_their_partners(analyst: Any, settings: Any) -> None:
    settings.TTG_INSIGHTS_SUPPRESS_BELOW = 3
    b = selectors.breakdown(analyst, "sex")
    women, men = b.groups
    # Settled: men's 1 is small (primary); women's 3 would then be the total less 1: hidden too (secondary).
    assert (women.rates["settled"].hidden, men.rates["settled"].hidden) == (True, True)
    assert women.disparities["settled"].ratio is None
    # Benefit claims 0 and 3: 0 reveals nobody, 3 is not fewer than 3.
    assert shown(b, "benefit_claim") == [("Women", 0.0), ("Men", 0.75)]
    # Bank accounts 4 and 1: 1 hidden, so 4 too.
    assert [g.rates["bank_account"].hidden for g in b.groups] == [True, True]
    # Everyone's after-release count (2) is small.
    assert b.everyone.rates["settled_after"].hidden
    assert not b.everyone.rates["settled"].hidden
    assert (women.released_hidden, men.released_hidden) == (False, False)


@pytest.mark.parametrize(
    ("dimension", "released"),
    [
        ("sentence", [("Under 12 months", 2), ("12 months to 4 years", 5), ("Over 4 years", 3), ("Not known or indeterminate", 0)]),
        ("resettlement", [("Resettlement prison", 4), ("Non-resettlement prison", 6)]),
        ("crc", [("Test CRC", 4), ("No CRC", 6)]),
        ("prison", [("HMP Testmen", 6), ("HMP Testwomen", 4)]),
        ("quarter", [("April to June 2019", 4), ("July to September 2019", 6)]),
        (
            "ethnicity",
            [
                ("White", 4),
                ("Mixed or multiple ethnic groups", 0),
                ("Asian or Asian British", 0),
                ("Black, African, Caribbean or Black British", 6),
                ("Other ethnic group", 0),
                ("Not stated", 0),
            ],
        ),
        ("disability", [("Yes (BCST1)", 2), ("No (BCST1)", 2), ("Not known (no BCST1 answer)", 6)]),
    ],
)
def test_each_breakdown_groups_the_releases(analyst: Any, settings: Any, dimension: str, released: list[tuple[str, int]]) -> None:
    settings.TTG_INSIGHTS_SUPPRESS_BELOW = 1
    b = selectors.breakdown(analyst, dimension)
    assert [(g.label, g.released) for g in b.groups] == released
    assert sum(g.released for g in b.groups) == b.everyone.released


def test_age_at_release(analyst: Any, settings: Any) -> None:
    settings.TTG_INSIGHTS_SUPPRESS_BELOW = 1
    b = selectors.breakdown(analyst, "age")
    assert {g.label: g.released for g in b.groups if g.released} == {"18 to 20": 6, "25 to 29": 4}


def test_level_3_groups_overlap_and_count_each(analyst: Any, settings: Any) -> None:
    settings.TTG_INSIGHTS_SUPPRESS_BELOW = 1
    b = selectors.breakdown(analyst, "level3")
    by = {g.code: g for g in b.groups}
    assert {code: g.released for code, g in by.items()} == {
        "domestic_abuse": 2,
        "learning_disability": 0,
        "veteran": 1,
        "care_leaver": 0,
        "none": 7,
    }
    assert (by["domestic_abuse"].rates["settled_safe"].numerator, by["none"].rates["settled"].numerator) == (2, 1)
    assert (by["domestic_abuse"].rates["activities_achieved"].numerator, by["domestic_abuse"].cost_pence) == (2, 10000)
    # No total is published for overlapping groups: the veteran's 1 is hidden at 3, nothing beside it.
    settings.TTG_INSIGHTS_SUPPRESS_BELOW = 3
    b = selectors.breakdown(analyst, "level3")
    assert [g.released_hidden for g in b.groups] == [True, False, True, False, False]


def test_only_those_with_the_action(personas: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        selectors.breakdown(personas[Role.CONTRACT_MANAGER], "sex")


def test_the_pages_read_the_counts_as_stored_and_counting_again_changes_nothing(analyst: Any, settings: Any) -> None:
    """The stored counts equal the records' (selectors.count_breakdown) for every breakdown; a second count
    writes the same rows; with no count yet, every group reads as nobody released."""
    settings.TTG_INSIGHTS_SUPPRESS_BELOW = 1
    win = selectors.window()
    for dimension in DIMENSION_CODES:
        by_group, everyone = selectors.count_breakdown(dimension, win)
        assert selectors.stored_breakdown(dimension) == (by_group, everyone), dimension
    rows = GroupCount.objects.count()
    assert count_breakdowns() == rows > len(DIMENSION_CODES)
    assert selectors.breakdown(analyst, "sex").counting is not None
    GroupCount.objects.all().delete()
    Counting.objects.all().delete()
    b = selectors.breakdown(analyst, "sex")
    assert b.counting is None and b.everyone.released == 0 and [g.released for g in b.groups] == [0, 0]


def test_the_uplift_on_the_baseline_matches_the_hand_count(analyst: Any, settings: Any) -> None:
    """Cost per person against a baseline of £8 (E5): everyone £10 (+£2, 1.25 times), women £25 (+£17), men £0 (−£8)."""
    settings.TTG_INSIGHTS_SUPPRESS_BELOW = 1
    settings.TTG_INSIGHTS_BASELINE_COST_PER_PERSON_PENCE = "800"
    b = selectors.breakdown(analyst, "sex")
    women, men = b.groups
    assert (b.everyone.uplift.pence, b.everyone.uplift.times) == (200, 1.25)  # type: ignore[union-attr]
    assert (women.uplift.pence, men.uplift.pence, men.uplift.times) == (1700, -800, 0.0)  # type: ignore[union-attr]
    settings.TTG_INSIGHTS_SUPPRESS_BELOW = 10  # 4 women and 6 men: hidden, and so is their cost against the baseline
    b = selectors.breakdown(analyst, "sex")
    assert [g.uplift for g in b.groups] == [None, None] and b.everyone.uplift.pence == 200  # type: ignore[union-attr]
