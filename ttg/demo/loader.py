"""Demonstration data: the real prison estate, the 21 CRCs, the 7 NPS divisions, and one named
persona for each role; then, once the custody feed has brought people in, each app's demo in turn.
Idempotent: running it again changes nothing that is already there.

Establishment codes and names are real (ttg/estate/data/prisons.csv). Which CRC serves which prison is
illustrative in the demo, and the people and partner organisations are invented.

This is the top of the house: it imports every app's demo module, and nothing imports it but the
`load_demo` command and the tests, which stand on the same ground as the demo.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from ttg.assurance.demo import load_assurance
from ttg.compliance.demo import load_compliance
from ttg.compliance.services import count_figures
from ttg.estate.demo import load_estate
from ttg.insights.demo import load_insights
from ttg.insights.services import count_breakdowns
from ttg.mobilisation.demo import load_mobilisation
from ttg.notices.demo import load_notices
from ttg.payments.demo import load_payments
from ttg.people.demo import load_allocations
from ttg.people.models import CustodyPeriod
from ttg.plans.gate.demo import load_gate, load_review_before_handover
from ttg.plans.handover import selectors as handover_selectors
from ttg.plans.handover.demo import load_handovers
from ttg.plans.plan.demo import load_welsh_plan
from ttg.referrals.demo import load_referrals, load_release_plan
from ttg.screening.demo import load_screenings, load_welsh_route
from ttg.stewardship.demo import load_stewardship
from ttg.supply_chain.demo import load_supply_chains

from .personas import (
    CARDIFF_OFFICER,
    LIVERPOOL_GOVERNOR,
    PARTNER_TTG_CASEWORKER,
    PERSONAS,
    SECOND_PARTNER,
    STYAL_STAFF,
    WALES_CASEWORKER,
    persona_user,
)


@transaction.atomic
def load_demo(password: str | None = None, *, personas_only: bool = False) -> dict[str, Any]:
    """Load the demo estate and personas, and what each app shows. Returns what was created this time.

    `personas_only`: the estate and the persona users, nothing else. The load benchmark (bench/load.py)
    signs in as the personas on a generated national database, whose estate the apps' demos do not fit
    (every women's prison is a resettlement prison there, as in the real estate)."""
    password = password or settings.TTG_DEMO_PASSWORD
    created: dict[str, Any] = load_estate()
    users = {}
    created["users"] = 0
    for persona in PERSONAS:
        users[persona.role], made = persona_user(persona, password)
        created["users"] += made
    second_partner, _ = persona_user(SECOND_PARTNER, password)
    styal = {p.role: persona_user(p, password)[0] for p in STYAL_STAFF}
    persona_user(PARTNER_TTG_CASEWORKER, password)  # works at HMP Liverpool through the supply-chain register
    liverpool_governor, _ = persona_user(LIVERPOOL_GOVERNOR, password)
    cardiff_officer, _ = persona_user(CARDIFF_OFFICER, password)
    wales_caseworker, _ = persona_user(WALES_CASEWORKER, password)
    created["personas"] = users
    if personas_only:
        return created
    # After the custody feed has been imported (make run loads the demo again): demo screenings.
    created["screenings"] = load_screenings(users)
    # The Welsh route: a man at HMP Cardiff, homeless on release, referred under the Welsh national pathway
    # to a Welsh local authority's housing service, not the English duty to refer (ttg/screening/demo.py).
    created["welsh_route"] = load_welsh_route(cardiff_officer)
    # Mobilisation: Merseyside's plans at its two resettlement prisons, whose readiness sign-off sets their
    # go-live dates (HMP Liverpool early, HMP Altcourse on 1 April 2019; ttg/mobilisation/demo.py).
    created["mobilisation_plans"] = load_mobilisation(users, liverpool_governor)
    # Through the gate: two people with agreed plans (ttg/plans/gate/demo.py).
    created["through_the_gate"] = load_gate(users)
    # A Welsh speaker at HMP Cardiff: his plan, page and PDF in Welsh (issue 22, ttg/plans/plan/demo.py).
    created["welsh_plans"] = load_welsh_plan(users, wales_caseworker)
    # The pre-release review of the person about to be handed over, done first as it should be (rule P13).
    created["reviews_before_handover"] = load_review_before_handover(users, weeks=handover_selectors.coming_weeks())
    # Plans handed over to the responsible officer, and one handover due soon (ttg/plans/handover/demo.py).
    created["handovers"] = load_handovers(users)
    # Allocation (docs/allocation.md): the people with a plan at HMP Altcourse are tom.okafor's, allocated by
    # helen.price; everyone else with work to do waits on her list of people to allocate.
    planned = CustodyPeriod.objects.filter(current_prison__code="ACI", plan__isnull=False).select_related("person", "current_prison__crc")
    created["allocations"] = load_allocations(users, planned.order_by("pk"))
    created["supply_chain_rows"] = load_supply_chains()
    created["referrals"] = load_referrals(users, second_partner, styal=styal)
    # Rate card and budgets always; purchases, deliveries and claims once the feed has people.
    created["payments"] = load_payments(users)
    # Nobody released unseen (issue 23 item 4): a man due for release from a non-resettlement prison, with the
    # responsible officer's release plan and a referral from it (ttg/referrals/demo.py), once the feed has people.
    created["release_plans"] = load_release_plan(users)
    # The 1 October 2018 BCST changes as a published notice, after the supply chains (its audience).
    created["notices"] = load_notices(users)
    # Contract assurance: an audit sample (once the feed has people), an issue about an unpaid claim, the engagement log.
    created["assurance"] = load_assurance(users)
    # Market stewardship: Merseyside CRC's benchmarks, set by the contract manager (ttg/stewardship/demo.py).
    created["stewardship_benchmarks"] = load_stewardship(users)
    # Compliance: the screening, plan and release-day history of the people released from HMP Liverpool and
    # HMP Altcourse in the last full months, HMP Altcourse clearly the weaker (ttg/compliance/demo.py).
    created["compliance_histories"] = load_compliance(users)
    # Insights: people released in the evaluation window, through the feed, with the records a working
    # service would have kept, so that the analyst's charts show (ttg/insights/demo.py).
    created["insights_outcomes"] = load_insights(users)
    # Last: count the compliance figures and the insights breakdowns the pages read, over everything the demo
    # made (scheduled jobs in service: docs/operations.md).
    created["compliance_cells"] = count_figures().cells
    created["insights_groups"] = count_breakdowns()
    return created
