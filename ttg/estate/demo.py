"""The demo estate: the 21 CRCs, the 7 NPS divisions, the real prison estate with the CRC serving
each demo prison (illustrative), and three invented partner organisations. Idempotent."""

from __future__ import annotations

from datetime import date

from .constants import OrganisationType
from .models import CRC, NPSDivision, Organisation, Prison, ResettlementDesignation
from .reference import CRCS, DEMO_SERVING_CRC, NPS_DIVISIONS, read_prisons

ORGANISATIONS = [
    ("Mersey Women's Centre", OrganisationType.VOLUNTARY, "1100001"),
    ("Gateway Housing Trust", OrganisationType.VOLUNTARY, "1100002"),
    ("Second Chance Employment", OrganisationType.VOLUNTARY, "1100003"),
]


def load_estate() -> dict[str, int]:
    """Load what is missing; returns how many of each were created."""
    created = {"crcs": 0, "nps_divisions": 0, "prisons": 0, "organisations": 0}
    crcs = {}
    for code, name in CRCS:
        crcs[code], made = CRC.objects.get_or_create(code=code, defaults={"name": name, "contract_package_area": name.removesuffix(" CRC")})
        created["crcs"] += made
    for code, name in NPS_DIVISIONS:
        created["nps_divisions"] += NPSDivision.objects.get_or_create(code=code, defaults={"name": name})[1]
    for row in read_prisons():
        serving = DEMO_SERVING_CRC.get(row["code"])
        prison, made = Prison.objects.get_or_create(
            code=row["code"],
            defaults={"name": row["name"], "estate": row["estate"], "country": row["country"], "crc": crcs[serving] if serving else None},
        )
        created["prisons"] += made
        if made and serving:  # illustrative: the demo's resettlement prisons since the 2015 reforms
            ResettlementDesignation.objects.create(prison=prison, resettlement=True, valid_from=date(2015, 5, 1))
    for name, kind, charity in ORGANISATIONS:
        created["organisations"] += Organisation.objects.get_or_create(name=name, defaults={"type": kind, "charity_number": charity})[1]
    return created
