"""Demo handovers (run by load_demo after the feed and the demo screenings).

At HMP Altcourse (ACI): one person about to be released whose agreed plan has been handed over to
david.jones (responsible officer, NPS North West), and one whose handover is due soon and not yet
made; then the daily check announces the handovers due soon or overdue (rule H1). Idempotent: nothing is added once any handover exists. Every write goes through the services.
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
from ttg.plans.plan.demo import agreed_plan

DEMO_OFFICER = "david.jones"


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
        # The daily check (rule H1): handovers due soon or overdue are announced to the CRC's managers.
        services_handover.send_handover_alerts()
    return made
