"""Demonstration supply chains (illustrative; the organisations are invented). Idempotent.

Merseyside CRC with four partners, one of whose rows has ended (to show history), and one row for
Cheshire and Greater Manchester CRC (so that scoping shows). Loaded directly, not through the
services: like the estate, demo reference data is not in the audit trail.

Information-sharing agreements (U3, rule R-R5) with each partner the demo refers people to, or buys
from: every demo referral and purchase is sent under one. One gap, on purpose: Merseyside CRC's
agreement with Amani Community Link does not cover custody and release (the prison and the expected
release date). The demo's referral to Amani shares the person's name and prison number only; a
referral to Amani that shares the release date is refused, saying so, until Merseyside CRC's manager
(helen.price) records an agreement that covers it (docs/referrals.md, "Sharing agreements").
"""

from __future__ import annotations

from datetime import date

from ttg.core import clock
from ttg.estate.constants import SPECIALISMS, OrganisationType
from ttg.estate.models import CRC, Organisation, Prison, Specialism

from . import rules
from .models import SharingAgreement, SupplyChainContract, SupplyChainService

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


ALL = tuple(rules.CATEGORIES)
WITHOUT_CUSTODY = (rules.IDENTITY, rules.NEEDS, rules.FURTHER)
LAWFUL_BASIS = (
    "DPA 2018 Part 3 (law enforcement processing) for the CRC; for the partner, UK GDPR Articles 6(1)(e), "
    "9(2)(g) and 10 with DPA 2018 Schedule 1"
)
# (CRC code, or None for the NPS; organisation; reference; purpose; categories; first day; last day)
AGREEMENTS: list[tuple[str | None, str, str, str, tuple[str, ...], date, date | None]] = [
    (
        "MERSEYSIDE",
        "Mersey Women's Centre",
        "ISA-MCRC-2019-01",
        "Resettlement support for women referred by Merseyside CRC",
        ALL,
        date(2019, 3, 1),
        None,
    ),
    ("MERSEYSIDE", "Gateway Housing Trust", "ISA-MCRC-2015-03", "Accommodation advice through the gate", ALL, date(2015, 5, 1), None),
    (
        "MERSEYSIDE",
        "Second Chance Employment",
        "ISA-MCRC-2017-02",
        "Employment, training and education",
        ALL,
        date(2017, 6, 1),
        date(2020, 5, 31),
    ),
    ("MERSEYSIDE", "Amani Community Link", "ISA-MCRC-2019-09", "Community links and money advice", WITHOUT_CUSTODY, date(2019, 6, 1), None),
    (
        "CHESHIRE_GM",
        "Mersey Women's Centre",
        "ISA-CGM-2019-21",
        "Support for women from Merseyside leaving HMP Styal",
        ALL,
        date(2019, 3, 1),
        None,
    ),
    ("CHESHIRE_GM", "Gateway Housing Trust", "ISA-CGM-2018-17", "Housing support for women leaving HMP Styal", ALL, date(2018, 1, 1), None),
    (
        None,
        "Mersey Women's Centre",
        "ISA-NPS-2019-04",
        "Services the NPS buys from CRCs' rate cards for people it supervises",
        ALL,
        date(2019, 4, 1),
        None,
    ),
    (
        None,
        "Gateway Housing Trust",
        "ISA-NPS-2019-05",
        "Services the NPS buys from CRCs' rate cards for people it supervises",
        ALL,
        date(2019, 4, 1),
        None,
    ),
]


def load_sharing_agreements(organisations: dict[str, Organisation], crcs: dict[str, CRC]) -> int:
    """The demo's information-sharing agreements (see the module's docstring); returns how many were made."""
    made = 0
    for crc, organisation, reference, purpose, categories, starts, ends in AGREEMENTS:
        if crc is not None and crc not in crcs:
            continue
        made += SharingAgreement.objects.get_or_create(
            reference=reference,
            defaults={
                "crc": crcs[crc] if crc else None,
                "organisation": organisations[organisation],
                "purpose": purpose,
                "lawful_basis": LAWFUL_BASIS,
                "categories": list(categories),
                "valid_from": starts,
                "valid_until": ends,
                "signed_copy_reference": f"Signed copy filed as {reference}.pdf in the contracts library",
                "created_at": clock.now(),
            },
        )[1]
    return made


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
    load_sharing_agreements(organisations, crcs)
    return created
