"""Demonstration mobilisation (run by load_demo): Merseyside CRC mobilises at its two resettlement
prisons, and that sets their go-live dates (rule T7 reads them).

- HMP Liverpool (LPI): the first version of the plan is returned, the second signed off; the CRC is
  ready early, the governor agrees, and HMPPS signs off a go-live date of 4 March 2019.
- HMP Altcourse (ACI): signed off first time; ready, agreed and signed off for 1 April 2019.
- Mersey Women's Centre confirms its commitment at Altcourse and disputes the one at Liverpool; the
  contract manager (samuel.adeyemi) sees the dispute on the mobilisation page.
- A monitoring meeting on the HMP Liverpool plan (R-M2), with one action open and one done.
- Sefton Family Support was named in Merseyside's bid but never contracted (Schedule 6).

Every write goes through the services, as a user's would, so each is audited and notified. The
services stamp the time of loading (the demo date), not the winter of 2018-19 they stand for.
Idempotent: nothing is added once Merseyside has a plan at Altcourse.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from ttg.accounts.constants import Role
from ttg.estate.constants import OrganisationType
from ttg.estate.models import CRC, Organisation, Prison

from . import services
from .models import MobilisationPlan

GO_LIVE = {"LPI": date(2019, 3, 4), "ACI": date(2019, 4, 1)}
CHECKED = ["staff", "space", "partners", "risks"]


def _build(plan: MobilisationPlan, manager: Any, prison: str, commitment: tuple[str, str, int, str, date]) -> None:
    staff = [
        {"role": "Resettlement caseworker", "employer": "Merseyside CRC", "planned": 6, "in_post": 4},
        {"role": "Team manager", "employer": "Merseyside CRC", "planned": 1, "in_post": 1},
    ]
    space = [
        {
            "kind": "room",
            "kind_words": "Room",
            "description": f"Interview rooms in the {prison} resettlement hub",
            "person": "",
            "agreed": True,
        },
        {
            "kind": "regime",
            "kind_words": "Regime time",
            "description": "Morning movements, 9:00 to 11:30, for BCST2 interviews",
            "person": "",
            "agreed": True,
        },
        {"kind": "keys", "kind_words": "Keys", "description": "Key training and a set of keys", "person": "Tom Okafor", "agreed": True},
        {
            "kind": "clearance",
            "kind_words": "Security clearance",
            "description": "Enhanced vetting",
            "person": "Tom Okafor",
            "agreed": True,
        },
    ]
    risks = [
        {"risk": "Caseworkers not vetted in time", "action": "Vetting applications sent in one batch; weekly chase", "owner": "Helen Price"}
    ]
    for section, rows in (("staff", staff), ("space", space), ("risks", risks)):
        for row in rows:
            services.add_row(plan=plan, section=section, row=row, by=manager)
    org, what, pence, fte, starts = commitment
    services.add_commitment(
        plan=plan,
        organisation=Organisation.objects.get(name=org),
        services=what,
        money_pence=pence,
        fte=Decimal(fte),
        starts_on=starts,
        ends_on=None,
        by=manager,
    )


def load_mobilisation(personas: dict[str, Any], liverpool_governor: Any) -> int:
    """Merseyside's plans at HMP Liverpool and HMP Altcourse (see the module's docstring). Returns how many plans were made."""
    manager, contract_manager = personas.get(Role.CRC_MANAGER), personas.get(Role.CONTRACT_MANAGER)
    governor, partner = personas.get(Role.GOVERNOR), personas.get(Role.PARTNER_CASEWORKER)
    if None in (manager, contract_manager, governor, partner, liverpool_governor):
        return 0
    crc = CRC.objects.filter(code="MERSEYSIDE").first()
    prisons = {p.code: p for p in Prison.objects.filter(code__in=GO_LIVE, crc=crc)}
    if crc is None or len(prisons) != len(GO_LIVE) or MobilisationPlan.objects.filter(crc=crc, prison=prisons["ACI"]).exists():
        return 0
    with transaction.atomic():
        lpi = services.start_plan(crc=crc, prison=prisons["LPI"], by=manager)
        _build(
            lpi,
            manager,
            "HMP Liverpool",
            ("Mersey Women's Centre", "Family contact sessions on the resettlement wing", 1_200_000, "0.5", date(2019, 3, 4)),
        )
        services.submit(plan=lpi, by=manager)
        services.decide(
            plan=lpi, sign_off=False, comments="Name who holds keys on B wing, and add housing advice.", checklist=[], by=contract_manager
        )
        services.add_commitment(
            plan=lpi,
            organisation=Organisation.objects.get(name="Gateway Housing Trust"),
            services="Housing advice surgery, twice a week",
            money_pence=2_400_000,
            fte=Decimal("1.0"),
            starts_on=date(2019, 3, 4),
            ends_on=date(2020, 3, 31),
            by=manager,
        )
        services.submit(plan=lpi, by=manager)
        services.decide(plan=lpi, sign_off=True, comments="", checklist=CHECKED, by=contract_manager)

        aci = services.start_plan(crc=crc, prison=prisons["ACI"], by=manager)
        _build(
            aci,
            manager,
            "HMP Altcourse",
            ("Mersey Women's Centre", "Accommodation and domestic abuse support", 4_500_000, "1.5", date(2019, 4, 1)),
        )
        services.submit(plan=aci, by=manager)
        services.decide(plan=aci, sign_off=True, comments="", checklist=CHECKED, by=contract_manager)

        for plan, code, agreeing in ((lpi, "LPI", liverpool_governor), (aci, "ACI", governor)):
            services.declare_ready(plan=plan, ready_from=GO_LIVE[code], by=manager)
            services.governor_decides(plan=plan, agree=True, reason="", by=agreeing)
            services.sign_off_readiness(plan=plan, go_live_on=GO_LIVE[code], reason="Readiness signed off", by=contract_manager)

        confirmed = aci.commitments.get(organisation__name="Mersey Women's Centre")
        services.respond(commitment=confirmed, disputed=False, reason="", by=partner)
        disputed = lpi.commitments.get(organisation__name="Mersey Women's Centre")
        services.respond(
            commitment=disputed,
            disputed=True,
            reason="Nobody from the CRC has spoken to us about family contact sessions at HMP Liverpool.",
            by=partner,
        )
        meeting = services.record_meeting(
            plan=lpi,
            held_on=date(2019, 2, 11),
            attendees="Samuel Adeyemi (HMPPS), Helen Price (Merseyside CRC), the Head of Reducing Reoffending at HMP Liverpool",
            notes="Two of three caseworkers in post. Keys for B wing are waiting on security clearance.",
            by=contract_manager,
        )
        keys = services.add_action(
            meeting=meeting,
            what="Confirm security clearance for the B wing key holder",
            owner="Helen Price",
            owner_organisation=None,
            due_on=date(2019, 2, 22),
            by=contract_manager,
        )
        services.mark_action_done(action=keys, done_on=date(2019, 2, 20), by=manager)
        services.add_action(
            meeting=meeting,
            what="Meet Mersey Women's Centre about the family contact sessions",
            owner="",
            owner_organisation=Organisation.objects.get(name="Mersey Women's Centre"),
            due_on=date(2019, 3, 1),
            by=contract_manager,
        )
        sefton, _made = Organisation.objects.get_or_create(name="Sefton Family Support", defaults={"type": OrganisationType.VOLUNTARY})
        services.record_bid_naming(crc=crc, organisation=sefton, named_for="Family support at HMP Liverpool", by=contract_manager)
    return 2
