"""The evaluation rules (E1 to E4), against hand calculations and as properties (hypothesis)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from ttg.core.rules import split_citations
from ttg.insights import rules
from ttg.insights.rules import (
    Rate,
    age_band,
    age_on,
    disparity,
    ethnic_group,
    percent,
    quarters,
    rate,
    sentence_band,
    suppress,
    suppress_rates,
    wilson,
)

pytestmark = pytest.mark.once


# --- E1: Wilson intervals, by hand ------------------------------------------------------------------
# 8 of 10, z = 1.96: p = 0.8, z²/n = 0.38415; centre = (0.8 + 0.19207) / 1.38415 = 0.71679;
# half = 1.96 × √(0.016 + 0.0096037) / 1.38415 = 0.22658: from 0.4902 to 0.9433.


@pytest.mark.parametrize(
    ("n", "d", "low", "high"),
    [(8, 10, 0.4902, 0.9433), (0, 10, 0.0, 0.2775), (5, 10, 0.2366, 0.7634), (10, 10, 0.7225, 1.0), (45, 100, 0.3561, 0.5476)],
)
def test_wilson_matches_the_hand_calculation(n: int, d: int, low: float, high: float) -> None:
    interval = wilson(n, d)
    assert interval is not None
    assert (round(interval.low, 4), round(interval.high, 4)) == (low, high)


def test_no_trials_no_interval_and_impossible_counts_refused() -> None:
    assert wilson(0, 0) is None
    assert rate(0, 0).value is None
    with pytest.raises(ValueError, match="Impossible"):
        wilson(3, 2)
    with pytest.raises(ValueError, match="Impossible"):
        rate(-1, 2)


@given(st.integers(0, 5000).flatmap(lambda d: st.tuples(st.integers(0, d), st.just(d))).filter(lambda t: t[1] > 0))
def test_the_interval_holds_the_rate_and_mirrors(counts: tuple[int, int]) -> None:
    n, d = counts
    interval, mirror = wilson(n, d), wilson(d - n, d)
    assert interval is not None and mirror is not None
    assert 0 <= interval.low <= n / d <= interval.high <= 1
    assert interval.low == pytest.approx(1 - mirror.high, abs=1e-9)
    assert interval.high == pytest.approx(1 - mirror.low, abs=1e-9)


@given(st.integers(1, 200), st.floats(0, 1))
def test_more_people_a_narrower_interval(d: int, share: float) -> None:
    n = round(share * d)
    small, big = wilson(n, d), wilson(n * 4, d * 4)
    assert small is not None and big is not None
    assert big.high - big.low <= small.high - small.low + 1e-12


# --- E2: primary and secondary suppression, by hand ----------------------------------------------


def test_primary_and_secondary_suppression() -> None:
    # 3 is small: hidden. Alone, the total (53) less 20 and 30 would give it: the smallest other (20) goes too.
    decision = suppress([3, 20, 30], below=10)
    assert decision.value == (True, True, False)
    assert "total cannot reveal" in decision.reasons[-1]
    # Two small ones protect each other: nothing more.
    assert suppress([3, 4, 30], below=10).value == (True, True, False)
    # Zero reveals nobody; 10 is not fewer than 10.
    assert suppress([0, 10, 30], below=10).value == (False, False, False)
    # No total published (groups that overlap): no secondary suppression.
    assert suppress([3, 20, 30], below=10, total_published=False).value == (True, False, False)
    # One group alone: its total is itself.
    assert suppress([5], below=10).value == (True,)
    with pytest.raises(ValueError, match="at least 1"):
        suppress([5], below=0)


@given(st.lists(st.integers(0, 60), min_size=2, max_size=12), st.integers(1, 20))
def test_no_lone_hidden_count(counts: list[int], below: int) -> None:
    hidden = suppress(counts, below=below).value
    assert sum(hidden) != 1
    assert all(hidden[i] for i, c in enumerate(counts) if 0 < c < below)


def test_a_rate_is_hidden_with_its_numerator_or_denominator() -> None:
    # By hand: denominators 40, 5, 55 (5 small, then 40 the smallest other); numerators 20, 2, 30.
    published = suppress_rates([rate(20, 40), rate(2, 5), rate(30, 55)], below=10)
    assert [r.hidden for r in published] == [True, True, False]
    assert published[0].value is None and published[0].interval is None
    assert published[2].value == pytest.approx(30 / 55)


# --- E3: disparity ratios, by hand ---------------------------------------------------------------


def test_disparity_ratio() -> None:
    # 30 of 100 against 400 of 1,000: 0.30 / 0.40 = 0.75; the group's interval (0.2189, 0.3958) leaves out 0.40.
    decision = disparity(rate(30, 100), rate(400, 1000), group_name="Black, African, Caribbean or Black British")
    assert decision.value.ratio == pytest.approx(0.75)
    assert decision.value.notable
    assert decision.reasons[0].startswith("Black, African, Caribbean or Black British: 30% against 40% for everyone, a ratio of 0.75")
    # 38 of 100 against 40%: ratio 0.95, interval (0.2915, 0.4764) holds 0.40: not notable.
    assert disparity(rate(38, 100), rate(400, 1000)).value.notable is False
    assert disparity(Rate(3, 5, hidden=True), rate(400, 1000)).value.ratio is None
    assert disparity(rate(3, 50), rate(0, 1000)).value.ratio is None


def test_percent_words() -> None:
    assert (percent(0.45), percent(0.045), percent(0.0), percent(1.0), percent(None)) == ("45%", "4.5%", "0%", "100%", "")


# --- E4: bands ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "band"),
    [
        (None, "not_known"),
        (1, "under_12_months"),
        (364, "under_12_months"),
        (365, "12_months_to_4_years"),
        (1461, "12_months_to_4_years"),
        (1462, "over_4_years"),
    ],
)
def test_sentence_bands(days: int | None, band: str) -> None:
    assert sentence_band(days) == band


def test_age_bands() -> None:
    assert age_on(date(2000, 9, 3), date(2019, 9, 2)) == 18
    assert age_on(date(2000, 9, 2), date(2019, 9, 2)) == 19
    assert [age_band(a) for a in (17, 18, 20, 21, 29, 30, 59, 60, 90)] == [
        "under_18", "18_20", "18_20", "21_24", "25_29", "30_39", "50_59", "60_over", "60_over"
    ]  # fmt: skip


def test_ethnic_groups() -> None:
    assert [ethnic_group(c) for c in ("W1", "M2", "A9", "B1", "O2", "NS", "", "X1")] == [
        "W",
        "M",
        "A",
        "B",
        "O",
        "not_stated",
        "not_stated",
        "not_stated",
    ]


def test_quarters_of_the_window() -> None:
    found = quarters(date(2019, 4, 1), 8)
    assert [q.code for q in found] == [f"q{i}" for i in range(1, 9)]
    assert (found[0].starts, found[0].ends, found[0].label) == (date(2019, 4, 1), date(2019, 6, 30), "April to June 2019")
    assert (found[3].starts, found[3].ends) == (date(2020, 1, 1), date(2020, 3, 31))
    assert found[-1].ends == date(2021, 3, 31)
    with pytest.raises(ValueError, match="first day"):
        quarters(date(2019, 4, 2), 1)


def test_the_uplift_on_the_baseline() -> None:
    up = rules.uplift(125_00, 100_00)
    assert up.value == rules.Uplift(25_00, 1.25)
    assert up.reasons == (
        "£25.00 a person more than before the enhanced specification (£100.00), 1.25 times the baseline (rule E5, in force throughout the service; the value is setting TTG_INSIGHTS_BASELINE_COST_PER_PERSON_PENCE).",
    )
    assert rules.uplift(100_00, 100_00).value == rules.Uplift(0, 1.0)  # the same as before: no uplift, and says so
    assert rules.uplift(0, 450_00).value == rules.Uplift(-450_00, 0.0)
    assert "less than before" in rules.uplift(0, 450_00).reasons[0]
    assert rules.uplift(5_00, 0).value == rules.Uplift(5_00, None)  # a baseline of nothing: no multiple
    assert rules.uplift(5_00, None).value is None and "not set" in rules.uplift(5_00, None).reasons[0]
    assert rules.uplift(None, 100_00).value is None and "hidden" in rules.uplift(None, 100_00).reasons[0]


@given(cost=st.integers(0, 10**9), baseline=st.integers(1, 10**9))
def test_the_uplift_adds_back_to_the_cost(cost: int, baseline: int) -> None:
    up = rules.uplift(cost, baseline).value
    assert up is not None and up.pence + baseline == cost and up.times == pytest.approx(cost / baseline)


def test_the_rule_table_is_registered() -> None:
    assert [r.id for r in rules.RULES] == ["E1", "E2", "E3", "E4", "E5"]


def test_the_reasons_and_labels_are_in_the_readers_language() -> None:
    """Issue 22: E2, E3 and E5's reasons and E4's quarters are Welsh when Welsh is active (the rule cited stays the
    register's English, split off for administrators); the English is as it was."""
    with translation.override("cy"):
        (words,) = disparity(rate(50, 100), rate(200, 1000)).reasons
        said, cited = split_citations(words)
        assert said == "Y grŵp hwn: 50% o’i gymharu â 20% i bawb, cymhareb o 2.50, gwahaniaeth nodedig."
        assert cited == ("rule E3, in force throughout the service",)
        assert split_citations(suppress([3, 20, 30], below=10).reasons[0])[0] == "Mae cyfrif 1 wedi’i guddio: mae 3 yn llai na 10."
        assert split_citations(rules.uplift(150000, 100000).reasons[0])[0] == (
            "£500.00 y pen yn fwy na chyn y fanyleb well (£1,000.00), 1.50 gwaith y llinell sylfaen."
        )
        first = quarters(date(2019, 4, 1), 1)[0]
        assert (first.label, first.words) == ("Ebrill–Mehefin 2019", "1 Ebrill 2019 i 30 Mehefin 2019")
    with translation.override("en-gb"):
        (words,) = disparity(rate(50, 100), rate(200, 1000)).reasons
        assert split_citations(words)[0] == "This group: 50% against 20% for everyone, a ratio of 2.50, a notable difference."
        first = quarters(date(2019, 4, 1), 1)[0]
        assert (first.label, first.words) == ("April to June 2019", "1 April 2019 to 30 June 2019")
