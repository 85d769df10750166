"""Demonstration data: the real prison estate, the 21 CRCs, the 7 NPS divisions, and one named
persona for each role. Idempotent: running it again changes nothing that is already there.

Establishment codes and names are real (shared/data/prisons.csv). Which CRC serves which prison is
illustrative in the demo, and the people and partner organisations are invented.

Tests reuse `load_demo()` and `PERSONAS`, so the demo and the tests stand on the same ground.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from rest_framework.authtoken.models import Token

from ttg.accounts.constants import Role
from ttg.accounts.models import User
from ttg.core import clock
from ttg.core.audit import record_change, snapshot
from ttg.estate.constants import OrganisationType
from ttg.estate.models import CRC, NPSDivision, Organisation, Prison, ResettlementDesignation

# The 21 contract package areas, each with its CRC.
CRCS = [
    ("NORTHUMBRIA", "Northumbria CRC"),
    ("DTV", "Durham Tees Valley CRC"),
    ("CUMBRIA_LANCS", "Cumbria and Lancashire CRC"),
    ("MERSEYSIDE", "Merseyside CRC"),
    ("CHESHIRE_GM", "Cheshire and Greater Manchester CRC"),
    ("WEST_YORKS", "West Yorkshire CRC"),
    ("HUMBERSIDE", "Humberside, Lincolnshire and North Yorkshire CRC"),
    ("SOUTH_YORKS", "South Yorkshire CRC"),
    ("DLNR", "Derbyshire, Leicestershire, Nottinghamshire and Rutland CRC"),
    ("STAFFS_WM", "Staffordshire and West Midlands CRC"),
    ("WARKS_WM", "Warwickshire and West Mercia CRC"),
    ("WALES", "Wales CRC"),
    ("BEDS_NORTHANTS", "Bedfordshire, Northamptonshire, Cambridgeshire and Hertfordshire CRC"),
    ("NORFOLK_SUFFOLK", "Norfolk and Suffolk CRC"),
    ("ESSEX", "Essex CRC"),
    ("LONDON", "London CRC"),
    ("THAMES_VALLEY", "Thames Valley CRC"),
    ("BGSW", "Bristol, Gloucestershire, Somerset and Wiltshire CRC"),
    ("DDC", "Dorset, Devon and Cornwall CRC"),
    ("HIOW", "Hampshire and Isle of Wight CRC"),
    ("KSS", "Kent, Surrey and Sussex CRC"),
]

NPS_DIVISIONS = [
    ("NW", "North West"),
    ("NE", "North East"),
    ("MIDLANDS", "Midlands"),
    ("WALES", "Wales"),
    ("LONDON", "London"),
    ("SEE", "South East and Eastern"),
    ("SWSC", "South West and South Central"),
]

# Illustrative: which CRC serves which demo prison.
DEMO_SERVING_CRC = {
    "ACI": "MERSEYSIDE",
    "LPI": "MERSEYSIDE",
    "KMI": "CUMBRIA_LANCS",
    "STI": "CHESHIRE_GM",
    "SWI": "WALES",
    "BWI": "WALES",
    "LWI": "KSS",
    "DWI": "KSS",
    "NWI": "NORFOLK_SUFFOLK",
    "LNI": "DTV",
}

ORGANISATIONS = [
    ("Mersey Women's Centre", OrganisationType.VOLUNTARY, "1100001"),
    ("Gateway Housing Trust", OrganisationType.VOLUNTARY, "1100002"),
    ("Second Chance Employment", OrganisationType.VOLUNTARY, "1100003"),
]


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    role: str
    prison: str = ""
    crc: str = ""
    organisation: str = ""
    nps_division: str = ""
    manages: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


PERSONAS = [
    Persona("priya.shah", "Priya", "Shah", Role.PRISON_OFFICER, prison="ACI"),
    Persona("tom.okafor", "Tom", "Okafor", Role.TTG_CASEWORKER, crc="MERSEYSIDE"),
    Persona("helen.price", "Helen", "Price", Role.CRC_MANAGER, crc="MERSEYSIDE"),
    Persona("aisha.begum", "Aisha", "Begum", Role.PARTNER_CASEWORKER, organisation="Mersey Women's Centre"),
    Persona("david.jones", "David", "Jones", Role.RESPONSIBLE_OFFICER, nps_division="NW"),
    Persona("margaret.lewis", "Margaret", "Lewis", Role.GOVERNOR, prison="ACI"),
    Persona("samuel.adeyemi", "Samuel", "Adeyemi", Role.CONTRACT_MANAGER, manages=("MERSEYSIDE", "CHESHIRE_GM")),
    Persona("ruth.evans", "Ruth", "Evans", Role.ANALYST),
    Persona("alex.morgan", "Alex", "Morgan", Role.ADMINISTRATOR),
    # A system, not a person: the prison system's custody feed, with an API token.
    Persona("nomis.feed", "NOMIS", "custody feed", Role.INTEGRATION),
]
PERSONA_BY_ROLE = {p.role: p for p in PERSONAS}


def prisons_csv() -> Path:
    return Path(settings.SHARED_DIR) / "data" / "prisons.csv"


def _load_estate() -> dict[str, int]:
    created = {"crcs": 0, "nps_divisions": 0, "prisons": 0, "organisations": 0}
    crcs = {}
    for code, name in CRCS:
        crcs[code], made = CRC.objects.get_or_create(code=code, defaults={"name": name, "contract_package_area": name.removesuffix(" CRC")})
        created["crcs"] += made
    for code, name in NPS_DIVISIONS:
        created["nps_divisions"] += NPSDivision.objects.get_or_create(code=code, defaults={"name": name})[1]
    with prisons_csv().open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            serving = DEMO_SERVING_CRC.get(row["code"])
            prison, made = Prison.objects.get_or_create(
                code=row["code"],
                defaults={"name": row["name"], "estate": row["estate"], "crc": crcs[serving] if serving else None},
            )
            created["prisons"] += made
            if made and serving:  # illustrative: the demo's resettlement prisons since the 2015 reforms
                ResettlementDesignation.objects.create(prison=prison, resettlement=True, valid_from=date(2015, 5, 1))
    for name, kind, charity in ORGANISATIONS:
        created["organisations"] += Organisation.objects.get_or_create(name=name, defaults={"type": kind, "charity_number": charity})[1]
    return created


def _fresh_token(user: User) -> None:
    """A demo kept for longer than tokens last gets a new token when the demo is loaded again."""
    from django.utils import timezone

    from ttg.accounts.authentication import expires_at

    token = Token.objects.filter(user=user).first()
    ends = expires_at(token.created) if token else None
    if token is None or (ends is not None and ends <= timezone.now()):
        Token.objects.filter(user=user).delete()
        Token.objects.create(user=user)


def _persona_user(persona: Persona, password: str) -> tuple[User, bool]:
    existing = User.objects.filter(username=persona.username).first()
    if existing is not None:
        if existing.role == Role.INTEGRATION:
            _fresh_token(existing)
        return existing, False
    user = User(
        username=persona.username,
        first_name=persona.first_name,
        last_name=persona.last_name,
        email=f"{persona.username}@example.justice.gov.uk",
        role=persona.role,
        is_staff=persona.role == Role.ADMINISTRATOR,
        date_joined=clock.now(),  # the service's own date (2019 in the demo), not the machine's
        prison=Prison.objects.get(code=persona.prison) if persona.prison else None,
        crc=CRC.objects.get(code=persona.crc) if persona.crc else None,
        organisation=Organisation.objects.get(name=persona.organisation) if persona.organisation else None,
        nps_division=NPSDivision.objects.get(code=persona.nps_division) if persona.nps_division else None,
    )
    user.full_clean(exclude=["password"])
    user.set_password(password)
    user.save()
    if persona.manages:
        user.managed_crcs.set(CRC.objects.filter(code__in=persona.manages))
    if persona.role == Role.INTEGRATION:
        Token.objects.create(user=user)  # systems use the API with a token
    record_change(
        actor=None,
        action="accounts.user.add",
        obj=user,
        after=snapshot(user),
        reason="Demonstration data",
        scope_crc=user.crc,
    )
    return user, True


@transaction.atomic
def load_demo(password: str | None = None) -> dict[str, Any]:
    """Load the demo estate and personas. Returns what was created this time."""
    password = password or settings.TTG_DEMO_PASSWORD
    created: dict[str, Any] = _load_estate()
    users = {}
    created["users"] = 0
    for persona in PERSONAS:
        users[persona.role], made = _persona_user(persona, password)
        created["users"] += made
    created["personas"] = users
    # After the custody feed has been imported (make run loads the demo again): demo screenings.
    from ttg.screening.demo import load_screenings

    created["screenings"] = load_screenings(users)
    # Through the gate: Merseyside's go-live dates, and two people with agreed plans (ttg/plans/demo_gate.py).
    from ttg.plans.demo_gate import load_gate, set_go_live_dates

    created["go_live_dates"] = set_go_live_dates()
    created["through_the_gate"] = load_gate(users)
    # Plans handed over to the responsible officer, and one handover due soon (ttg/plans/demo_handover.py).
    from ttg.plans.demo_handover import load_handovers

    created["handovers"] = load_handovers(users)
    from ttg.supply_chain.demo import load_supply_chains

    created["supply_chain_rows"] = load_supply_chains()
    from ttg.referrals.demo import load_referrals

    created["referrals"] = load_referrals(users, password)
    # Rate card and budgets always; purchases, deliveries and claims once the feed has people.
    from ttg.payments.demo import load_payments

    created["payments"] = load_payments(users)
    return created
