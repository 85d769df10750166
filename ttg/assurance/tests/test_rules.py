"""The assurance rules, pure: the sample is reproducible from its seed and never strays outside its
population; the action's states; issues; who records engagement."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ttg.assurance import rules

pytestmark = pytest.mark.once

populations = st.sets(st.integers(min_value=1, max_value=10**9), max_size=200)
seeds = st.integers(min_value=1, max_value=10**12)
sizes = st.integers(min_value=0, max_value=250)


@given(populations, seeds, sizes)
def test_the_same_seed_draws_the_same_sample_whatever_the_order(population: set[int], seed: int, size: int) -> None:
    forwards = rules.draw_sample(sorted(population), seed=seed, size=size)
    backwards = rules.draw_sample(sorted(population, reverse=True), seed=seed, size=size)
    assert forwards == backwards


@given(populations, seeds, sizes, st.sets(st.integers(min_value=-(10**6), max_value=0), max_size=20))
def test_a_sample_never_holds_a_case_outside_its_population(population: set[int], seed: int, size: int, outside: set[int]) -> None:
    drawn = rules.draw_sample(population, seed=seed, size=size)
    assert set(drawn) <= population
    assert not set(drawn) & outside
    assert len(drawn) == len(set(drawn)) == min(size, len(population))


def test_a_known_draw_and_another_seed() -> None:
    population = range(1, 101)
    first = rules.draw_sample(population, seed=20190902, size=5)
    assert first == rules.draw_sample(list(population), seed=20190902, size=5)
    assert first != rules.draw_sample(population, seed=20190903, size=5)
    assert rules.draw_sample([], seed=1, size=5) == ()
    with pytest.raises(ValueError):
        rules.draw_sample(population, seed=1, size=-1)


def test_the_period_must_have_ended() -> None:
    today = date(2019, 9, 2)
    assert rules.period_allowed(start=date(2019, 8, 1), end=date(2019, 9, 2), today=today).value is True
    late = rules.period_allowed(start=date(2019, 8, 1), end=date(2019, 9, 3), today=today)
    assert late.value is False and "ended by today, 2 September 2019" in late.reasons[0]
    backwards = rules.period_allowed(start=date(2019, 8, 2), end=date(2019, 8, 1), today=today)
    assert backwards.value is False and "R-A2" in backwards.reasons[0]


@pytest.mark.parametrize(
    ("state", "action", "role", "to"),
    [
        ("proposed", "agree", "crc_manager", "agreed"),
        ("disputed", "agree", "crc_manager", "agreed"),
        ("proposed", "dispute", "crc_manager", "disputed"),
        ("agreed", "dispute", "crc_manager", None),
        ("agreed", "close", "contract_manager", "closed"),
        ("proposed", "close", "contract_manager", "closed"),
        ("closed", "close", "contract_manager", None),
        ("proposed", "agree", "contract_manager", None),
        ("agreed", "close", "crc_manager", None),
    ],
)
def test_the_actions_states(state: str, action: str, role: str, to: str | None) -> None:
    decision = rules.action_transition(state, action, role)
    assert decision.value == to
    assert decision.reasons and "R-A2" in decision.reasons[0]


def test_an_issue_is_resolved_once_by_a_contract_manager_saying_how() -> None:
    assert rules.issue_resolution(state="open", role="contract_manager", resolution="Paid on 3 September").value is True
    assert rules.issue_resolution(state="open", role="crc_manager", resolution="Paid").value is False
    assert rules.issue_resolution(state="resolved", role="contract_manager", resolution="Paid").value is False
    assert rules.issue_resolution(state="open", role="contract_manager", resolution="  ").value is False


@given(st.sampled_from([*rules.MEETING_KINDS, rules.NO_ENGAGEMENT]), st.sampled_from(["crc_manager", "partner_caseworker", "governor"]))
def test_only_the_partner_says_no_engagement(kind: str, role: str) -> None:
    allowed = rules.may_record_engagement(kind=kind, role=role).value
    if role == "governor":
        assert allowed is False
    elif kind == rules.NO_ENGAGEMENT:
        assert allowed is (role == "partner_caseworker")
    else:
        assert allowed is True
