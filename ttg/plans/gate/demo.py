"""Demo data for through the gate (run by load_demo after the screenings and mobilisation, which sets the
go-live dates of the demo CRC's resettlement prisons): two people with agreed plans at HMP Altcourse (ACI).

- Kofi Mensah (Z9001TG): released on 28 October 2019, so on the demo's date (Monday 2 September 2019) his
  pre-release review is open (from 5 August) and partly done, and his release checklist has six items done,
  travel not needed (with the reason) and the bank account still to do.
- Lee Walsh (Z9002TG): released from Altcourse on Tuesday 27 August 2019, with the release-day outcomes recorded;
  the outcomes after release are due by 24 September (TTG_POST_RELEASE_OUTCOME_WEEKS).

Both arrive through the custody-feed importer, as everyone does. Every write goes through the services, as a
user's would. Idempotent: nothing is added once the first of them exists, nor before the feed has brought people to Altcourse.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.db import transaction

from ttg.accounts.constants import Role
from ttg.core import clock
from ttg.people.importer import import_feed
from ttg.people.models import CustodyPeriod, Person
from ttg.plans.gate import services as services_gate
from ttg.plans.gate.models import PreReleaseReview, ReviewStatus
from ttg.plans.plan.demo import agreed_plan
from ttg.plans.plan.models import Plan

REVIEW_PERSON, RELEASED_PERSON = "Z9001TG", "Z9002TG"
_HEADER = (
    "event_id,event_type,occurred_at,prison_number,prison_code,from_prison_code,to_prison_code,first_name,last_name,date_of_birth,"
    "sex,ethnicity,legal_status,sentence_type,sentence_start_date,sentence_length_days,release_date,release_type\n"
)
_FEED = (
    f"demo-gate-1,RECEPTION,2019-04-08T11:00:00+01:00,{REVIEW_PERSON},ACI,,,Kofi,Mensah,1988-06-12,M,B2,SENTENCED,DETERMINATE,2019-04-05,206,2019-10-28,\n"
    f"demo-gate-2,RECEPTION,2019-04-02T10:30:00+01:00,{RELEASED_PERSON},ACI,,,Lee,Walsh,1979-11-02,M,W1,SENTENCED,DETERMINATE,2019-03-29,151,2019-08-27,\n"
)
# Lee Walsh's release arrives after his screening and plan were made (screenings are closed on release).
_RELEASE = f"demo-gate-3,RELEASE,2019-08-27T09:00:00+01:00,{RELEASED_PERSON},ACI,,,,,,,,,,,,,CONDITIONAL\n"


def _screen_and_plan(period: CustodyPeriod, personas: dict[str, Any], **needs: str) -> Any:
    plan = agreed_plan(period, personas, **needs)
    if plan is None:
        raise LookupError(f"The rules proposed no plan for {period.person.prison_number}")
    return plan


def load_gate(personas: dict[str, Any]) -> int:
    """The two demo people of through the gate (see the module's docstring). Returns how many were added."""
    if Person.objects.filter(prison_number__in=(REVIEW_PERSON, RELEASED_PERSON)).exists():
        return 0
    if personas.get(Role.TTG_CASEWORKER) is None:
        return 0
    # Only once the custody feed has brought people to Altcourse (make run loads the demo before and after
    # the feed): otherwise these would be the first screenings, and the demo's own would never be made.
    if not CustodyPeriod.objects.filter(current_prison__code="ACI").exists():
        return 0
    caseworker = personas[Role.TTG_CASEWORKER]
    with transaction.atomic():
        import_feed(io.BytesIO((_HEADER + _FEED).encode()), source="demo: through the gate", kind="csv")
        # Kofi Mensah: in custody, his review open and partly done.
        period = CustodyPeriod.objects.select_related("person", "current_prison__crc").get(person__prison_number=REVIEW_PERSON)
        plan = _screen_and_plan(period, personas, prescribed_medication="yes", debts_or_fines="yes", debts_urgent="yes")
        for code, answer, note in (
            ("health", "ready", "Prescription to take out arranged with healthcare; GP registration form done."),
            ("finance", "not_ready", "No bank account yet: the basic account application goes in this week."),
        ):
            if code in services_gate.review_pathways(plan):
                services_gate.answer_pathway(plan=plan, pathway=code, answer=answer, note=note, by=caseworker)
        # His release checklist (issue 23; rules G1, G2), opened with the review: most items done, travel not
        # needed (with the reason), the bank account still to do.
        for item, status, detail, safe, note in (
            ("accommodation", "done", "approved_premises", "yes", "Bed confirmed at approved premises in Liverpool."),
            ("id", "done", "", "", "Birth certificate and provisional driving licence in his property."),
            ("benefit_claim", "done", "appointment", "", "Jobcentre appointment booked for the day after release."),
            ("gp", "done", "", "", "Registered with the practice near the approved premises."),
            ("travel", "not_needed", "", "", "His sister is collecting him from the gate and driving him to the approved premises."),
            ("money", "done", "", "", "Discharge grant, and his own money from his prison account."),
            ("medication", "done", "", "", "Seven days' supply to take out, and a prescription."),
        ):
            services_gate.record_checklist_item(plan=plan, item=item, status=status, detail=detail, safe=safe, note=note, by=caseworker)
        # A pathway's activity carries on after release (the Level 1 ones end by release: rule P13).
        first = plan.activities.exclude(pathway="").order_by("order", "id").first()
        if first is not None:
            services_gate.set_continues_after_release(activity=first, continues=True, by=caseworker)
        # Lee Walsh: released last Tuesday; the release-day outcomes recorded.
        released = CustodyPeriod.objects.select_related("person", "current_prison__crc").get(person__prison_number=RELEASED_PERSON)
        plan = _screen_and_plan(released, personas)
        import_feed(io.BytesIO((_HEADER + _RELEASE).encode()), source="demo: through the gate", kind="csv")
        plan.refresh_from_db()
        services_gate.record_outcome(
            plan=plan,
            kind="release_day",
            values={
                "accommodation": "temporary",
                "accommodation_safe": "yes",
                "ete": "no",
                "bank_account": "yes",
                "id_documents": "yes",
                "benefit_claim": "yes",
                "gp_registration": "not_known",
            },
            by=caseworker,
        )
    return 2


def load_review_before_handover(personas: dict[str, Any], *, weeks: int, prison_code: str = "ACI") -> int:
    """The pre-release review of the person the handover demo hands over (ttg/plans/handover/demo.py: the
    first at the prison released in the next `weeks` weeks whose plan can be agreed), completed before the
    handover as it should be. Returns 1 when a review was completed, else 0. Idempotent."""
    caseworker = personas.get(Role.TTG_CASEWORKER)
    if caseworker is None or Plan.objects.filter(handover__isnull=False).exists():
        return 0
    today = clock.today()
    periods = (
        CustodyPeriod.objects.filter(
            current_prison__code=prison_code,
            released_at__isnull=True,
            release_date__gt=today,
            release_date__lte=today + timedelta(weeks=weeks),
        )
        .select_related("person", "current_prison__crc")
        .order_by("release_date", "pk")
    )
    with transaction.atomic():
        for period in periods:
            plan = agreed_plan(period, personas)
            if plan is None:
                continue
            if PreReleaseReview.objects.filter(plan=plan, status=ReviewStatus.COMPLETED).exists():
                return 0
            plan = Plan.objects.prefetch_related("activities").select_related("custody_period").get(pk=plan.pk)
            for code in services_gate.review_pathways(plan):
                services_gate.answer_pathway(
                    plan=plan, pathway=code, answer="ready", note="Checked with the person at the pre-release review.", by=caseworker
                )
            services_gate.complete_review(plan=plan, by=caseworker)
            return 1
    return 0
