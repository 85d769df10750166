"""Demo history for the compliance pages (run by load_demo after the custody feed and the other demos):
the people the feed released from Merseyside CRC's two resettlement prisons in the last twelve full
months are given the screenings, plans and release-day outcomes a working prison would have recorded
while they were in custody, each through the services at the moment it happened (the demo clock set
back), never as rows written behind the services' back.

HMP Liverpool (LPI) does well: BCST1 the day after reception for all but one person in five, BCST2 and
the plan two days later, the first night's accommodation and documents in place. HMP Altcourse (ACI)
is clearly the weakest: one person in four screened on time, the rest six days after reception, and
no first-night accommodation, identification, bank account or benefit claim in place on release. The contract manager (samuel.adeyemi) finds it first on the CRC's page.

Idempotent: nobody with a screening already is given another history.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.test.utils import override_settings

from ttg.accounts.constants import Role
from ttg.core import clock
from ttg.people.models import CustodyPeriod
from ttg.plans.gate import services as gate_services
from ttg.plans.gate.models import OutcomeKind
from ttg.plans.plan import services as plan_services
from ttg.plans.plan.services import PlanError
from ttg.screening import state
from ttg.screening.demo import submit_screening
from ttg.screening.models import Kind, Screening
from ttg.screening.selectors import decide, with_history

from . import rules

STRONG, WEAK = "LPI", "ACI"
GOOD = {
    "accommodation": "settled",
    "accommodation_safe": "yes",
    "ete": "yes",
    "bank_account": "yes",
    "id_documents": "yes",
    "benefit_claim": "yes",
    "gp_registration": "yes",
}
POOR = {
    **GOOD,
    "accommodation": "rough_sleeping",
    "accommodation_safe": "not_known",
    "bank_account": "no",
    "id_documents": "no",
    "benefit_claim": "no",
}


def _at(moment: datetime) -> Any:
    return override_settings(TTG_NOW=moment.isoformat())


def on_time(code: str, n: int) -> bool:
    """Whether the n-th person released from this prison was screened and planned on time."""
    return n % 5 != 4 if code == STRONG else n % 4 == 0


def load_compliance(personas: dict[str, Any]) -> int:
    """Screen, plan and record the release day of the people released from LPI and ACI in the last full
    months, as each prison would have done. Returns how many people were given a history."""
    months = rules.summary_months(clock.today())
    start, end = months[0], rules.add_months(months[-1], 1)
    officer, caseworker = personas[Role.PRISON_OFFICER], personas[Role.TTG_CASEWORKER]
    made = 0
    for code in (STRONG, WEAK):
        periods = list(
            with_history(
                CustodyPeriod.objects.filter(
                    screening_state__prison__code=code,
                    released_at__date__gte=start,
                    released_at__date__lt=end,
                )
            ).order_by("released_at", "pk")
        )
        screened = set(Screening.objects.filter(custody_period__in=periods).values_list("custody_period_id", flat=True))
        with transaction.atomic():
            for n, period in enumerate(periods):
                assert period.released_at is not None
                good = on_time(code, n)
                screened_at = period.received_at + timedelta(days=1 if good else 6)
                if period.pk in screened or screened_at + timedelta(days=3) >= period.released_at:
                    continue
                with _at(screened_at):
                    submit_screening(period, Kind.BCST1, officer)
                with _at(screened_at + timedelta(days=2)):
                    if decide([period])[0].decisions.bcst2.value.required:
                        submit_screening(period, Kind.BCST2, caseworker)
                made += 1
                try:
                    with _at(screened_at + timedelta(days=2, hours=1)):
                        plan = plan_services.propose(period=period, by=caseworker)
                        plan_services.agree(plan=plan, by=caseworker)
                    with _at(period.released_at + timedelta(hours=2)):
                        values = GOOD if code == STRONG else POOR
                        gate_services.record_outcome(plan=plan, kind=OutcomeKind.RELEASE_DAY, values=values, by=caseworker)
                except PlanError:
                    continue  # no plan applies to this person (the rules say why): screened only
            # Each write above stored the screening decisions as of its own moment: store them as of now.
            state.refresh_people({period.person_id for period in periods})
    return made
