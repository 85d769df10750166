"""The stewardship rules (R-A4): pure, so checked over many values quickly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ttg.stewardship import rules

pytestmark = pytest.mark.once  # pure Python: the same on either database

amounts = st.integers(min_value=0, max_value=10**9)


@given(amounts, amounts)
def test_a_share_is_a_percentage_to_one_place(part: int, whole: int) -> None:
    share = rules.percent(part, whole)
    if whole == 0:
        assert share is None
    else:
        assert share is not None and share == share.quantize(Decimal("0.1"))
        assert abs(share - Decimal(part) * 100 / whole) <= Decimal("0.05")


def test_shares_round_half_up() -> None:
    assert rules.percent(1, 3) == Decimal("33.3") and rules.percent(2, 3) == Decimal("66.7") and rules.percent(1, 8) == Decimal("12.5")


@given(st.booleans(), st.booleans(), st.sampled_from(["crc", "partner", "signposted"]))
def test_who_delivered_an_activity(completed: bool, in_supply_chain: bool, owner: str) -> None:
    by = rules.delivered_by(completed_referral=completed, completed_in_supply_chain=completed and in_supply_chain, owner_kind=owner)
    if completed:
        assert by == (rules.PARTNER_SUPPLY_CHAIN if in_supply_chain else rules.PARTNER_OTHER)
    else:
        assert by == (rules.IN_HOUSE if owner == "crc" else rules.NAMED_IN_PLAN)
    assert by in rules.DELIVERED_BY_WORDS


@given(st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=1)), st.one_of(st.none(), st.integers(0, 100)))
def test_a_share_meets_a_benchmark_when_it_is_at_least_it(share: Decimal | None, benchmark: int | None) -> None:
    decision = rules.against_benchmark(share, benchmark)
    if share is None or benchmark is None:
        assert decision.value is None
    else:
        assert decision.value is (share >= benchmark)
    assert "R-A4a" in decision.reasons[0]


def test_the_benchmark_edge() -> None:
    assert rules.against_benchmark(Decimal("40.0"), 40).value is True
    assert rules.against_benchmark(Decimal("39.9"), 40).value is False
    assert "below the benchmark of 40%" in rules.against_benchmark(Decimal("39.9"), 40).reasons[0]


def test_a_benchmark_needs_a_percentage_and_a_reason() -> None:
    assert rules.benchmark_allowed(0, "x").value and rules.benchmark_allowed(100, "x").value
    assert not rules.benchmark_allowed(101, "x").value and not rules.benchmark_allowed(-1, "x").value
    assert not rules.benchmark_allowed(40, "  ").value


@given(st.integers(0, 50), st.integers(0, 5))
def test_a_coverage_gap_is_a_need_with_no_provider(people: int, providers: int) -> None:
    assert rules.coverage_gap(people_with_need=people, providers=providers).value is (people > 0 and providers == 0)


@given(amounts, amounts, amounts, amounts, st.integers(1, 100))
def test_the_sustainability_signal(delivered: int, unpaid: int, aged: int, subsidy: int, threshold: int) -> None:
    unpaid, aged = min(unpaid, delivered), min(aged, unpaid, delivered)
    decision = rules.sustainability(
        delivered_pence=delivered, unpaid_pence=unpaid, aged_pence=aged, subsidy_pence=subsidy, threshold_percent=threshold, aged_days=30
    )
    work = delivered + subsidy
    if work == 0:
        assert decision.value is False
    elif aged:
        assert decision.value is True
    else:
        assert decision.value is (rules.percent(unpaid + subsidy, work) >= threshold)  # type: ignore[operator]


def test_the_sustainability_edges() -> None:
    signal = rules.sustainability(
        delivered_pence=5000, unpaid_pence=0, aged_pence=0, subsidy_pence=5000, threshold_percent=50, aged_days=30
    )
    assert signal.value is True and "50.0% of its delivered work" in signal.reasons[0]
    assert (
        rules.sustainability(
            delivered_pence=5000, unpaid_pence=0, aged_pence=0, subsidy_pence=2500, threshold_percent=50, aged_days=30
        ).value
        is False
    )
    assert (
        "more than 30 days"
        in rules.sustainability(
            delivered_pence=1, unpaid_pence=1, aged_pence=1, subsidy_pence=0, threshold_percent=50, aged_days=30
        ).reasons[0]
    )
