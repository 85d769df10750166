"""Rule P14 (R-S5): a plan is made under the catalogue version and the rules in force on the custody
period's reference date, its reception date, not on the day it is proposed.

The boundary (issue 23, item 7): HMP Altcourse (ACI, a resettlement prison) goes live on 1 April 2019
in the test estate, as in the demo. One person received there on 31 March 2019, one on 1 April 2019;
both planned on the same later day (the service's clock: Monday 2 September 2019).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ttg.accounts.constants import Role
from ttg.core import clock
from ttg.estate.models import Prison
from ttg.people.models import CustodyPeriod
from ttg.plans.catalogue import services as catalogue_services
from ttg.plans.catalogue.models import CatalogueVersion
from ttg.plans.catalogue.rules import CatalogueActivity
from ttg.plans.plan import rules, services
from ttg.plans.plan.models import Plan
from ttg.screening.tests.test_journeys import feed, period, reception

GO_LIVE = date(2019, 4, 1)
BEFORE, ON = "A3131AA", "A0401AA"


@pytest.fixture
def received(catalogue: dict[str, CatalogueVersion]) -> dict[str, CustodyPeriod]:
    assert Prison.objects.get(code="ACI").enhanced_go_live_on == GO_LIVE  # the test estate's, as the demo's
    feed(
        reception("ref-1", BEFORE, at="2019-03-31T15:00:00+01:00", release="2020-03-01"),
        reception("ref-2", ON, at="2019-04-01T09:00:00+01:00", release="2020-03-01"),
    )
    return {"before": period(BEFORE), "on": period(ON)}


@pytest.mark.once
def test_received_the_day_before_go_live_the_2015_model_applies_though_planned_after_it(
    personas: dict[str, Any], received: dict[str, CustodyPeriod], catalogue: dict[str, CatalogueVersion]
) -> None:
    caseworker = personas[Role.TTG_CASEWORKER]
    assert clock.today() == date(2019, 9, 2)  # planned five months after go-live
    version, reference = services.catalogue_for(received["before"], today=clock.today())
    assert version == catalogue["2015"] and reference.value == date(2019, 3, 31)

    decision = services.proposal(received["before"], user=caseworker)
    assert decision.value == ()
    assert decision.reasons[0].startswith(
        "No plan proposed: the enhanced specification has not gone live in HMP Altcourse on 31 March 2019"
    )
    assert any("the 2015 model applies" in r for r in decision.reasons)
    assert decision.reasons[-2] == (
        "Made under the rules in force on 31 March 2019, the reception date of this custody period (its reference date), "
        "not 2 September 2019, the day of planning (rule P14, in force throughout the service)."
    )
    assert decision.reasons[-1] == (
        "Catalogue: Through the Gate: the 2015 model, the version in force on 31 March 2019 (from 1 February 2015)."
    )
    with pytest.raises(services.PlanError) as refused:
        services.propose(period=received["before"], by=caseworker)
    assert "31 March 2019" in refused.value.message and "(rule" not in refused.value.message
    assert not Plan.objects.filter(custody_period=received["before"]).exists()


@pytest.mark.once
def test_received_on_the_go_live_day_the_enhanced_specification_and_2019_catalogue_apply(
    personas: dict[str, Any], received: dict[str, CustodyPeriod], catalogue: dict[str, CatalogueVersion]
) -> None:
    caseworker = personas[Role.TTG_CASEWORKER]
    decision = services.proposal(received["on"], user=caseworker)
    assert decision.value and decision.reasons[0].startswith("Plan proposed with")
    assert (
        "Catalogue: Enhanced Through the Gate specification, the version in force on 1 April 2019 (from 1 April 2019)." in decision.reasons
    )
    plan = services.propose(period=received["on"], by=caseworker)
    assert plan.catalogue_version == catalogue["2019"]
    assert {a.activity.version_id for a in plan.activities.all() if a.activity} == {catalogue["2019"].pk}


@pytest.mark.once
def test_a_version_published_after_the_reception_date_does_not_change_the_plan(
    personas: dict[str, Any], received: dict[str, CustodyPeriod], catalogue: dict[str, CatalogueVersion]
) -> None:
    """A catalogue version in force from today (2 September 2019) is the one in force on the day of
    planning, but not on the reception date: the plan keeps the version in force on 1 April 2019. A
    person received today gets the new one."""
    admin = personas[Role.ADMINISTRATOR]
    draft = catalogue_services.copy_as_draft(version=catalogue["2019"], by=admin, in_force_from=clock.today())
    later = catalogue_services.publish(version=draft, by=admin)
    assert CatalogueVersion.objects.in_force_on(clock.today()) == later
    plan = services.propose(period=received["on"], by=personas[Role.TTG_CASEWORKER])
    assert plan.catalogue_version == catalogue["2019"]
    feed(reception("ref-3", "A0902AA", at="2019-09-02T08:00:00+01:00", release="2020-03-01"))
    assert services.propose(period=period("A0902AA"), by=personas[Role.TTG_CASEWORKER]).catalogue_version == later


# --- the pure rule, around the boundary ------------------------------------------------------------

LEVEL_1 = (CatalogueActivity(code="L1-PLAN", title="Plan", pathway="", level=1, mode="deliver", signpost_to="", mandatory=True, cohort=""),)
SETTINGS = rules.PlanSettings()


def _decide(reception_date: date, proposed_on: date, go_live_on: date | None) -> rules.Decision[tuple[rules.ProposedActivity, ...]]:
    """What the services do, in pure values: T7 on the reference date, then the proposal."""
    reference = rules.plan_reference_date(
        reception_date=reception_date, proposed_on=proposed_on, catalogue=("A catalogue", date(2015, 2, 1))
    )
    enhanced = rules.enhanced_specification_applies(resettlement_prison=True, go_live_on=go_live_on, on=reference.value)
    person = rules.PersonFacts(
        sex="M",
        cohorts=frozenset(),
        needs=(),
        bcst2_required=True,
        immediate_need_pathways=frozenset(),
        release_date=date(2021, 1, 4),
        enhanced_specification=enhanced.value,
        resettlement_prison=True,
        prison_name="HMP Altcourse",
    )
    return rules.propose_plan(person, LEVEL_1, today=proposed_on, settings=SETTINGS, reference=reference)


@given(
    reception_date=st.dates(min_value=GO_LIVE - timedelta(days=45), max_value=GO_LIVE + timedelta(days=45)),
    later=st.integers(min_value=0, max_value=700),
    go_live_on=st.sampled_from([None, GO_LIVE]),
)
def test_the_reception_date_decides_not_the_day_of_planning(reception_date: date, later: int, go_live_on: date | None) -> None:
    proposed_on = reception_date + timedelta(days=later)
    decision = _decide(reception_date, proposed_on, go_live_on)
    assert bool(decision.value) == (reception_date >= GO_LIVE)
    assert decision.reasons[-2].startswith(f"Made under the rules in force on {rules.format_date(reception_date)}, the reception date")
    assert decision.reasons[-2].endswith("(rule P14, in force throughout the service).")
    assert (
        decision.reasons[-1]
        == f"Catalogue: A catalogue, the version in force on {rules.format_date(reception_date)} (from 1 February 2015)."
    )
    # The same person planned on any other later day gets the same answer.
    assert bool(_decide(reception_date, reception_date + timedelta(days=700 - later), go_live_on).value) == bool(decision.value)


def test_the_boundary_itself() -> None:
    planned = date(2019, 6, 3)
    assert _decide(date(2019, 3, 31), planned, GO_LIVE).value == ()
    assert _decide(date(2019, 4, 1), planned, GO_LIVE).value
    same_day = rules.plan_reference_date(reception_date=date(2019, 4, 1), proposed_on=date(2019, 4, 1))
    assert "(its reference date), also the day of planning (rule P14" in same_day.reasons[0]
    assert same_day.reasons[1] == "No catalogue version was in force on 1 April 2019."
