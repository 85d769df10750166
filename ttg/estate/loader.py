"""Loading an estate file (the JSON that `generate_national` writes beside its feed).

A prison's `country` (england or wales) is the file's, or else the reference list's
(`data/prisons.csv`). Idempotent: records are matched by code (CRCs, divisions, prisons), name (organisations) or
username (contract managers) and brought up to date; a prison's designations are replaced by the
file's. In the file, a period's `to` is its last day; in the database `valid_to` is the first day
it no longer applies, so one day is added.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.db import transaction

from ttg.accounts.constants import Role
from ttg.accounts.models import User
from ttg.core.audit import record_change

from .constants import SPECIALISMS, Country
from .models import CRC, NPSDivision, Organisation, Prison, ResettlementDesignation, Specialism
from .reference import prison_country
from .signals import designations_written


def _day_after(value: str | None) -> date | None:
    return date.fromisoformat(value) + timedelta(days=1) if value else None


def _current(periods: list[dict[str, Any]]) -> dict[str, Any] | None:
    open_ended = [p for p in periods if not p.get("to")]
    return open_ended[-1] if open_ended else None


def _country(item: dict[str, Any]) -> str:
    """A prison's country: the file's, or else the reference list's (England for a code not in it)."""
    country = str(item.get("country") or prison_country(item["code"])).strip().lower()
    if country not in Country.values:
        raise ValueError(f"Prison {item['code']}: unknown country {country!r}: expected england or wales")
    return country


@transaction.atomic
def load_estate(path: Path, *, by: Any = None) -> dict[str, int]:
    data = json.loads(path.read_text(encoding="utf-8"))
    counts = {"crcs": 0, "nps_divisions": 0, "prisons": 0, "designations": 0, "organisations": 0, "contract_managers": 0}

    specialisms = {
        code: Specialism.objects.update_or_create(code=code, defaults={"name": str(name)})[0] for code, name in SPECIALISMS.items()
    }
    crcs: dict[str, CRC] = {}
    for item in data.get("crcs", []):
        crcs[item["code"]], _ = CRC.objects.update_or_create(
            code=item["code"],
            defaults={"name": item["name"], "contract_package_area": item.get("contract_package_area", ""), "owner": item.get("owner", "")},
        )
        counts["crcs"] += 1
    for item in data.get("nps_divisions", []):
        NPSDivision.objects.update_or_create(code=item["code"], defaults={"name": item["name"]})
        counts["nps_divisions"] += 1
    written: list[int] = []
    for item in data.get("prisons", []):
        serving = _current(item.get("serving_crc", []))
        crc = crcs.get(serving["crc"]) or CRC.objects.get(code=serving["crc"]) if serving else None
        prison, _ = Prison.objects.update_or_create(
            code=item["code"],
            defaults={"name": item["name"], "estate": item["estate"], "country": _country(item), "crc": crc},
        )
        counts["prisons"] += 1
        prison.designations.all().delete()
        designations = [
            ResettlementDesignation(
                prison=prison, resettlement=d["resettlement"], valid_from=date.fromisoformat(d["from"]), valid_to=_day_after(d.get("to"))
            )
            for d in item.get("designations", [])
        ]
        ResettlementDesignation.objects.bulk_create(designations)
        counts["designations"] += len(designations)
        written.append(prison.pk)
    if written:
        designations_written.send(sender=ResettlementDesignation, prison_ids=written)
    for item in data.get("organisations", []):
        organisation, _ = Organisation.objects.update_or_create(
            name=item["name"], defaults={"type": item["type"], "charity_number": item.get("charity_number", "")}
        )
        organisation.specialisms.set([specialisms[s] for s in item.get("specialisms", []) if s in specialisms])
        counts["organisations"] += 1
    for item in data.get("contract_managers", []):
        user, created = User.objects.get_or_create(
            username=item["username"],
            defaults={"first_name": item.get("first_name", ""), "last_name": item.get("last_name", ""), "role": Role.CONTRACT_MANAGER},
        )
        if created:
            user.set_unusable_password()  # an administrator gives them a way to sign in
            user.save(update_fields=["password"])
        user.managed_crcs.set([crcs[c] for c in item.get("crcs", []) if c in crcs])
        counts["contract_managers"] += 1

    record_change(
        actor=by,
        action="estate.load",
        object_type="estate.Estate",
        object_id=path.name[:64],
        after=counts,
        reason=data.get("note", "Estate file loaded"),
    )
    return counts
