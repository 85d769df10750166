"""Demo handovers (run by load_demo after the feed and the demo screenings).

At HMP Altcourse (ACI): one person about to be released whose agreed plan has been handed over to
david.jones (responsible officer, NPS North West), and one whose handover is due soon and not yet
made. Idempotent: nothing is added once any handover exists. Every write goes through the services.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction

from ttg.accounts.constants import Role
from ttg.core import clock
from ttg.people.models import CustodyPeriod
from ttg.plans.handover import selectors as selectors_handover
from ttg.plans.handover import services as services_handover
from ttg.plans.handover.models import Handover
from ttg.plans.plan import services
from ttg.plans.plan.models import Plan
from ttg.screening.models import Kind, Screening

DEMO_OFFICER = "david.jones"


def _screened(period: CustodyPeriod, personas: dict[str, Any], needs: dict[str, str]) -> None:
    """Submit BCST1 (with `needs`), and BCST2 where the rules require it, if the demo screenings left them undone."""
    from ttg.screening.demo import _submit
    from ttg.screening.selectors import _decide, _with_history

    if not Screening.objects.filter(custody_period=period, kind=Kind.BCST1).exists():
        _submit(period, Kind.BCST1, personas[Role.PRISON_OFFICER], **needs)
    row = _decide(list(_with_history(CustodyPeriod.objects.filter(pk=period.pk))))[0]
    if row.decisions.bcst2.value.required and not Screening.objects.filter(custody_period=period, kind=Kind.BCST2).exists():
        _submit(period, Kind.BCST2, personas[Role.TTG_CASEWORKER])


def agreed_plan(period: CustodyPeriod, personas: dict[str, Any], **needs: str) -> Plan | None:
    """Screen the person as the demo's prison officer and caseworker would, then propose and agree
    their plan. None when the rules propose no plan for them. Also used by demo_gate.py."""
    by = personas[Role.TTG_CASEWORKER]
    _screened(period, personas, needs)
    try:
        plan = services.propose(period=period, by=by)
    except services.PlanError:
        return None
    return services.agree(plan=plan, by=by)


def load_handovers(personas: dict[str, Any], prison_code: str = "ACI") -> int:
    """Returns how many handovers were made (0 or 1)."""
    if Handover.objects.exists():
        return 0
    caseworker, officer = personas[Role.TTG_CASEWORKER], personas[Role.RESPONSIBLE_OFFICER]
    if officer.username != DEMO_OFFICER:
        return 0
    today = clock.today()
    periods = list(
        CustodyPeriod.objects.filter(
            current_prison__code=prison_code,
            released_at__isnull=True,
            release_date__gt=today,
            release_date__lte=today + timedelta(weeks=8),
        )
        .select_related("person", "current_prison__crc")
        .order_by("release_date", "pk")
    )
    made = 0
    with transaction.atomic():
        # About to be released (within the officer's coming weeks): handed over.
        horizon = today + timedelta(weeks=selectors_handover.coming_weeks())
        for period in [p for p in periods if p.release_date and p.release_date <= horizon]:
            plan = agreed_plan(period, personas)
            if plan is None:
                continue
            services_handover.hand_over(
                plan=plan,
                officer=officer,
                where_to="Approved premises, Merseyside (bed confirmed for the release date)",
                summary=(
                    "Risks to resettlement: no settled address after approved premises; debts to a catalogue company.\n"
                    "Outstanding: Universal Credit advance claim to be made on release; GP registration booked for week one."
                ),
                by=caseworker,
            )
            made = 1
            periods.remove(period)
            break
        # Due soon, not made: the next handover to fall due, with its plan agreed.
        for period in periods:
            due = selectors_handover.due(period.release_date).value
            if due is not None and today <= due <= today + timedelta(weeks=4) and agreed_plan(period, personas) is not None:
                break
    return made
