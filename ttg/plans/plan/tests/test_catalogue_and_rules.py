"""The catalogue as shipped and the pure plan rules fit together: every activity of every version
converts to the rules' plain form, and a plan can be proposed from each version."""

from __future__ import annotations

from datetime import date

import pytest

from ttg.plans.catalogue.models import CatalogueVersion
from ttg.plans.plan import rules


@pytest.mark.parametrize("key", ["2015", "2019"])
def test_every_activity_converts_and_a_plan_is_proposed(catalogue: dict[str, CatalogueVersion], key: str) -> None:
    activities = [a.as_rule() for a in catalogue[key].activities.all()]
    assert activities
    person = rules.PersonFacts(
        sex="F",
        cohorts=frozenset({"domestic_abuse"}),
        needs=(rules.PathwayNeed("accommodation", "significant", ("Nowhere to live on release",)),),
        bcst2_required=True,
        immediate_need_pathways=frozenset(),
        release_date=date(2019, 12, 20),
        enhanced_specification=True,
    )
    plan = rules.propose_plan(person, activities, today=date(2019, 9, 2), settings=rules.PlanSettings())
    levels = {p.activity.level for p in plan.value}
    assert 1 in levels and 2 in levels
    assert any(p.activity.pathway == "accommodation" for p in plan.value if p.activity.level == 2)
    assert all(p.reasons for p in plan.value)


def test_a_level_1_activity_may_span_every_pathway() -> None:
    a = rules.CatalogueActivity("plan", "Agree the plan", "", 1, "deliver", "", True, "")
    assert not a.women_only
    with pytest.raises(ValueError, match="unknown pathway"):
        rules.CatalogueActivity("x", "Something", "", 2, "deliver", "", False, "")
