"""R-F4a (allocations within the budget), R-F4b (never below what is committed) and R-F5 (valuing
unfunded work) at their boundaries, with expected values written out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ttg.payments import rules

ON = date(2019, 9, 2)


def test_allocations_may_add_up_to_exactly_the_budget() -> None:
    decision = rules.allocations_within_budget(budget_pence=100_000, others_pence=60_000, new_pence=40_000, budget="B", on=ON)
    assert decision.value
    assert decision.reasons == ("£0.00 of B will be left to allocate (rule R-F4a, in force throughout the service).",)


def test_one_penny_over_the_budget_is_refused() -> None:
    decision = rules.allocations_within_budget(budget_pence=100_000, others_pence=60_000, new_pence=40_001, budget="B", on=ON)
    assert not decision.value
    assert decision.reasons == (
        "£400.01 is more than the £400.00 of B not yet allocated (the budget is £1,000.00, £600.00 allocated elsewhere) "
        "(rule R-F4a, in force throughout the service).",
    )


def test_a_negative_allocation_is_refused() -> None:
    assert not rules.allocations_within_budget(budget_pence=100, others_pence=0, new_pence=-1, budget="B", on=ON).value


@given(
    budget=st.integers(min_value=0, max_value=10**12),
    others=st.integers(min_value=0, max_value=10**12),
    new=st.integers(min_value=0, max_value=10**12),
)
def test_allowed_exactly_when_the_sum_fits(budget: int, others: int, new: int) -> None:
    decision = rules.allocations_within_budget(budget_pence=budget, others_pence=others, new_pence=new, budget="B", on=ON)
    assert decision.value == (others + new <= budget)


def test_lowering_to_exactly_what_is_committed_is_allowed() -> None:
    decision = rules.allocation_covers_commitments(committed_pence=28_500, new_pence=28_500, holder="North West", on=ON)
    assert decision.value


def test_one_penny_below_what_is_committed_is_refused() -> None:
    decision = rules.allocation_covers_commitments(committed_pence=28_500, new_pence=28_499, holder="North West", on=ON)
    assert not decision.value
    assert decision.reasons == (
        "Purchases have already committed £285.00 of North West's allocation: it cannot be lowered to £284.99 "
        "(rule R-F4b, in force throughout the service).",
    )


@given(committed=st.integers(min_value=0, max_value=10**12), new=st.integers(min_value=0, max_value=10**12))
def test_never_below_committed(committed: int, new: int) -> None:
    assert rules.allocation_covers_commitments(committed_pence=committed, new_pence=new, holder="X", on=ON).value == (new >= committed)


def test_subsidy_value_rounds_half_up_to_the_penny() -> None:
    assert rules.subsidy_value_pence(hours=Decimal("2.5"), hour_value_pence=3500) == 8750
    assert rules.subsidy_value_pence(hours=Decimal("0.01"), hour_value_pence=50) == 1  # 0.5p -> 1p
    assert rules.subsidy_value_pence(hours=Decimal("0.01"), hour_value_pence=49) == 0  # 0.49p -> 0p
    assert rules.subsidy_value_pence(hours=Decimal("3"), hour_value_pence=None) is None
    assert rules.subsidy_value_pence(hours=Decimal("3"), hour_value_pence=0) is None


@given(
    hours=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999.99"), places=2),
    value=st.integers(min_value=1, max_value=100_000),
)
def test_subsidy_value_is_never_a_float_and_within_half_a_penny(hours: Decimal, value: int) -> None:
    pence = rules.subsidy_value_pence(hours=hours, hour_value_pence=value)
    assert isinstance(pence, int)
    assert abs(Decimal(pence) - hours * value) <= Decimal("0.5")
