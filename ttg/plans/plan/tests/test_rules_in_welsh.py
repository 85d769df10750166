"""The plan rules' reasons in the reader's language (issue 22): Welsh under Welsh, English as it was under
English, the rule citations still found by `split_citations`; and what the services store is English
whoever stores it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import translation

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.core.rules import split_citations
from ttg.people.models import CustodyPeriod
from ttg.plans.catalogue.loader import load_initial_catalogue
from ttg.plans.plan import rules, services
from ttg.plans.plan.models import PlanActivity
from ttg.plans.plan.tests.test_plans import screened  # noqa: F401 - a fixture
from ttg.referrals.tests.test_release_list import world  # noqa: F401 - a fixture
from ttg.screening.rules import RuleSettings

HANDOVER_EN = (
    "Handover to the responsible officer, with the plan, due by 14 February 2020, 10 working days before release on "
    "28 February 2020 (rule T6, in force throughout the service; the value is setting TTG_HANDOVER_WORKING_DAYS)."
)


def test_a_reason_in_welsh_keeps_its_citation() -> None:
    s = RuleSettings(handover_working_days=10)
    with translation.override("en-gb"):
        assert rules.handover_due(date(2020, 2, 28), s).reasons == (HANDOVER_EN,)
    with translation.override("cy"):
        (welsh,) = rules.handover_due(date(2020, 2, 28), s).reasons
        words, citations = split_citations(welsh)
    assert welsh.startswith("Trosglwyddo i’r swyddog cyfrifol, gyda’r cynllun, erbyn 14 Chwefror 2020, 10 diwrnod gwaith cyn rhyddhau")
    assert citations == ("rule T6, in force throughout the service; the value is setting TTG_HANDOVER_WORKING_DAYS",)
    assert "rule" not in words


def test_the_words_inside_a_reason_are_welsh_too() -> None:
    """Pathway names, lists, cohorts and status labels are translated where they are read."""
    with translation.override("cy"):
        covered = rules.covered_pathways(enhanced=False, sex="M").reasons[0]
        changed = rules.transition(rules.IN_PROGRESS, rules.CANCELLED, reason="Moved").reasons[0]
    assert covered.startswith("O dan fodel 2015, mae’r cynllun yn cwmpasu Llety; Cyllid, budd-daliadau a dyledion; a Addysg")
    assert split_citations(covered)[1] == ("rule P1, in force until 31 March 2019",)
    assert changed.startswith("‘Ar waith’ i ‘wedi’i ganslo’, oherwydd: Moved")
    with translation.override("en-gb"):
        assert rules.transition(rules.IN_PROGRESS, rules.CANCELLED, reason="Moved").reasons[0] == (
            "In progress to cancelled, because: Moved (rule P11, in force throughout the service)."
        )


def test_what_a_plan_stores_is_english_whoever_proposes_it(personas: dict[str, Any], screened: CustodyPeriod) -> None:  # noqa: F811
    by = personas[Role.TTG_CASEWORKER]
    with translation.override("cy"):
        plan = services.propose(period=screened, by=by)
        services.agree(plan=plan, by=by)
    reasons = [r for a in PlanActivity.objects.filter(plan=plan) for r in a.reasons]
    assert reasons and any(r.startswith("Level 1: for everyone") for r in reasons)
    assert not [r for r in reasons if "Lefel" in r or "Erbyn" in r or "Wedi’i" in r]
    agreed = PlanActivity.objects.get(plan=plan, activity__code="agree-plan")
    assert agreed.outcome == "Plan agreed with the person on 2 September 2019."
    proposed = AuditEvent.objects.get(action="plans.plan.propose")
    assert proposed.reason.startswith("Plan proposed with ")
    completed = AuditEvent.objects.filter(action="plans.planactivity.complete").values_list("reason", flat=True)
    assert completed and all(r.startswith("Delivered when ") for r in completed)


def test_a_release_plan_audits_its_reason_in_english(world: dict[str, CustodyPeriod], personas: dict[str, Any]) -> None:  # noqa: F811
    load_initial_catalogue()
    with translation.override("cy"):
        services.make_release_plan(period=world["missed"], by=personas[Role.RESPONSIBLE_OFFICER])
    assert AuditEvent.objects.get(action="plans.plan.make_release_plan").reason == (
        "A release plan can be made: the person is in a non-resettlement prison and has no plan."
    )
