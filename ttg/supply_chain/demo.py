"""Demonstration supply chains (illustrative; the organisations are invented). Idempotent.

Merseyside CRC with four partners, one of whose rows has ended (to show history), and one row for
Cheshire and Greater Manchester CRC (so that scoping shows). Loaded directly, not through the
services: like the estate, demo reference data is not in the audit trail.
"""

from __future__ import annotations

from datetime import date

from ttg.core import clock
from ttg.estate.constants import SPECIALISMS, OrganisationType
from ttg.estate.models import CRC, Organisation, Prison, Specialism

from .models import SupplyChainContract, SupplyChainService

# Organisation -> (type, charity number, specialisms)
ORGANISATIONS = {
    "Mersey Women's Centre": (OrganisationType.VOLUNTARY, "1100001", ("womens_centre", "domestic_abuse")),
    "Gateway Housing Trust": (OrganisationType.VOLUNTARY, "1100002", ("accommodation",)),
    "Second Chance Employment": (OrganisationType.VOLUNTARY, "1100003", ("employment", "user_led")),
    "Amani Community Link": (OrganisationType.VOLUNTARY, "1100004", ("bame_led", "finance_debt")),
}

# (CRC, reference, organisation, title, starts, ends, value in pence, [(pathway, prison, since, until)])
Row = tuple[str, str, date, date | None]
CONTRACTS: list[tuple[str, str, str, str, date, date | None, int | None, list[Row]]] = [
    (
        "MERSEYSIDE",
        "MCRC-2019-004",
        "Mersey Women's Centre",
        "Women's resettlement support",
        date(2019, 4, 1),
        None,
        4_500_000,
        [
            ("accommodation", "ACI", date(2019, 4, 1), None),
            ("abuse", "ACI", date(2019, 4, 1), None),
            ("sex_work", "LPI", date(2019, 4, 1), None),
        ],
    ),
    (
        "MERSEYSIDE",
        "MCRC-2015-011",
        "Gateway Housing Trust",
        "Accommodation advice through the gate",
        date(2015, 5, 1),
        None,
        12_000_000,
        [
            ("accommodation", "LPI", date(2015, 5, 1), date(2019, 3, 31)),  # ended: the register keeps it
            ("accommodation", "ACI", date(2015, 5, 1), None),
            # Its staff do Merseyside's TTG casework at HMP Liverpool (nadia.karim, ttg/demo/personas.py).
            ("ttg_casework", "LPI", date(2019, 4, 1), None),
        ],
    ),
    (
        "MERSEYSIDE",
        "MCRC-2017-002",
        "Second Chance Employment",
        "Employment, training and education in custody",
        date(2017, 6, 1),
        date(2020, 5, 31),
        None,
        [("ete", "LPI", date(2017, 6, 1), date(2020, 5, 31)), ("ete", "ACI", date(2017, 6, 1), date(2020, 5, 31))],
    ),
    (
        "MERSEYSIDE",
        "MCRC-2019-009",
        "Amani Community Link",
        "Community links and money advice",
        date(2019, 6, 1),
        None,
        1_850_050,
        [("finance", "ACI", date(2019, 6, 1), None), ("children_families", "LPI", date(2019, 6, 1), None)],
    ),
    (
        # Women from Merseyside serve their sentences at HMP Styal: Cheshire and Greater Manchester CRC links
        # them with the women's centre near home (ttg/referrals/demo.py refers them).
        "CHESHIRE_GM",
        "CGM-2019-021",
        "Mersey Women's Centre",
        "Women from Merseyside leaving HMP Styal",
        date(2019, 4, 1),
        None,
        2_400_000,
        [
            ("abuse", "STI", date(2019, 4, 1), None),
            ("sex_work", "STI", date(2019, 4, 1), None),
            ("children_families", "STI", date(2019, 4, 1), None),
        ],
    ),
    (
        "CHESHIRE_GM",
        "CGM-2018-017",
        "Gateway Housing Trust",
        "Housing support for women leaving Styal",
        date(2018, 1, 1),
        None,
        None,
        [("accommodation", "STI", date(2018, 1, 1), None)],
    ),
]


def load_supply_chains() -> int:
    """Create what is missing; return how many register rows were created."""
    specialisms = {code: Specialism.objects.get_or_create(code=code, defaults={"name": str(name)})[0] for code, name in SPECIALISMS.items()}
    organisations = {}
    for name, (kind, charity, codes) in ORGANISATIONS.items():
        organisation, _ = Organisation.objects.get_or_create(name=name, defaults={"type": kind, "charity_number": charity})
        organisation.specialisms.add(*(specialisms[c] for c in codes))
        organisations[name] = organisation
    crcs = {c.code: c for c in CRC.objects.filter(code__in={c[0] for c in CONTRACTS})}
    prisons = {p.code: p for p in Prison.objects.filter(code__in={s[1] for c in CONTRACTS for s in c[7]})}
    created = 0
    for crc, reference, partner, title, starts, ends, value, rows in CONTRACTS:
        if crc not in crcs:
            continue
        contract, _ = SupplyChainContract.objects.get_or_create(
            crc=crcs[crc],
            reference=reference,
            defaults={
                "organisation": organisations[partner],
                "title": title,
                "starts_on": starts,
                "ends_on": ends,
                "value_pence": value,
                "created_at": clock.now(),
            },
        )
        for pathway, prison, since, until in rows:
            if prison not in prisons:
                continue
            created += SupplyChainService.objects.get_or_create(
                contract=contract,
                pathway=pathway,
                prison=prisons[prison],
                since=since,
                defaults={"until": until, "created_at": clock.now()},
            )[1]
    return created
