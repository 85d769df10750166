from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.access_matrix import _planned_activity
from ttg.accounts.constants import Role
from ttg.plans.plan.models import PlanActivity
from ttg.referrals import services
from ttg.referrals.models import DesiredOutcome, Referral
from ttg.referrals.outcomes import load_desired_outcomes


@pytest.fixture
def activity(personas: dict[str, Any]) -> PlanActivity:
    """A plan activity of a person at HMP Altcourse (served by Merseyside CRC)."""
    pk = _planned_activity(personas)["pk"]
    return PlanActivity.objects.select_related("plan__custody_period__person").get(pk=pk)


@pytest.fixture
def outcomes(db: Any) -> list[DesiredOutcome]:
    load_desired_outcomes()
    return list(DesiredOutcome.objects.filter(pathway="accommodation").order_by("order")[:2])


@pytest.fixture
def partner(personas: dict[str, Any]) -> Any:
    return personas[Role.PARTNER_CASEWORKER]


@pytest.fixture
def caseworker(personas: dict[str, Any]) -> Any:
    return personas[Role.TTG_CASEWORKER]


def send(activity: PlanActivity, outcomes: list[DesiredOutcome], by: Any, organisation: Any, **overrides: Any) -> Referral:
    kwargs: dict[str, Any] = {
        "activity": activity,
        "organisation": organisation,
        "need": "Needs somewhere to live on release",
        "desired_outcomes": outcomes,
        "shared": ["first_name", "prison_number"],
        "partner_needs_to_know": "Prefers mornings",
        "consent_given": True,
        "consent_on": date(2019, 9, 2),
        "funding": "supply_chain",
        "by": by,
    }
    kwargs.update(overrides)
    return services.send(**kwargs)


@pytest.fixture
def referral(activity: PlanActivity, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any) -> Referral:
    return send(activity, outcomes, caseworker, partner.organisation)
