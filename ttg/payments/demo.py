"""Demo payments (run by load_demo): Merseyside CRC's rate card, the year's budgets, and one person
leaving a non-resettlement prison for whom the NPS bought services, delivered and claimed for.

Idempotent. Every write goes through services.py, as a user's would, with the service's clock set
back to the day each thing happened. The figures are fictional: the £22m enhanced-specification
budget is real (facts.md) but its split between CRCs here is invented (equal shares), and so are
the rate-card budgets of the NPS divisions and every price.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings

from ttg.accounts.constants import Role
from ttg.estate.models import CRC, NPSDivision, Organisation, Prison
from ttg.people.cases import hold_case
from ttg.people.importer import import_feed
from ttg.people.models import CustodyPeriod, ProbationCase

from . import money, services
from .constants import BudgetKind, ClaimStatus, Unit
from .models import Budget, Claim, Purchase, RateCard

YEAR = date(2019, 4, 1)
ENHANCED_TOTAL = 22_000_000 * 100  # £22m a year, resettlement prisons only (facts.md)
RATE_CARD_PER_DIVISION = 250_000 * 100  # fictional

# (title, pathway, unit, price, partner, partner price)
MERSEYSIDE_ITEMS: list[tuple[str, str, str, int, str, int | None]] = [
    ("Accommodation advice and support", "accommodation", Unit.SESSION, 8500, "", None),
    ("Accommodation secured on release", "accommodation", Unit.OUTCOME, 35000, "", None),
    ("Finance, benefit and debt advice", "finance", Unit.SESSION, 6500, "", None),
    ("Employment, training and education referral", "ete", Unit.REFERRAL, 12000, "", None),
    ("Women's centre key-work session", "abuse", Unit.SESSION, 9500, "Mersey Women's Centre", 8000),
    ("Tenancy sustainment support", "accommodation", Unit.HOUR, 4000, "Gateway Housing Trust", 3500),
]
# Cheshire and Greater Manchester CRC serves HMP Styal, where women from Merseyside are held: it buys
# Mersey Women's Centre's key-work sessions for them (the referrals demo asks it to).
CHESHIRE_GM_ITEMS: list[tuple[str, str, str, int, str, int | None]] = [
    ("Women's centre key-work session", "abuse", Unit.SESSION, 9800, "Mersey Women's Centre", 8000),
    ("Finance, benefit and debt advice", "finance", Unit.SESSION, 6500, "", None),
]
RATE_CARD_ITEMS = {"MERSEYSIDE": MERSEYSIDE_ITEMS, "CHESHIRE_GM": CHESHIRE_GM_ITEMS}

DEMO_PRISON_NUMBER = "A9001PY"
# Women's prisons to try, in order, for one that is not a resettlement prison in May 2019.
WOMENS_PRISONS = ("NHI", "AGI", "FHI", "EWI", "DHI", "SDI", "BZI")
HEADER = (
    "event_id,event_type,occurred_at,prison_number,prison_code,from_prison_code,to_prison_code,first_name,last_name,"
    "date_of_birth,sex,ethnicity,legal_status,sentence_type,sentence_start_date,sentence_length_days,release_date,release_type\n"
)


def _at(day: str) -> Any:
    return override_settings(TTG_NOW=f"{day}T10:00:00+01:00")


def load_budgets() -> int:
    made = 0
    if not Budget.objects.filter(kind=BudgetKind.ENHANCED, year_starting=YEAR).exists():
        crcs = list(CRC.objects.order_by("code"))
        services.ensure_budget(
            name="Enhanced Through the Gate specification 2019–20",
            kind=BudgetKind.ENHANCED,
            year_starting=YEAR,
            amount_pence=ENHANCED_TOTAL,
            allocations=list(zip(crcs, money.split(ENHANCED_TOTAL, len(crcs)), strict=True)),
        )
        made += 1
    if not Budget.objects.filter(kind=BudgetKind.RATE_CARD, year_starting=YEAR).exists():
        divisions = list(NPSDivision.objects.order_by("code"))
        services.ensure_budget(
            name="NPS rate-card purchases 2019–20",
            kind=BudgetKind.RATE_CARD,
            year_starting=YEAR,
            # Each division's, and one national allocation for HMPPS's own purchases (R-F2).
            amount_pence=RATE_CARD_PER_DIVISION * (len(divisions) + 1),
            allocations=[*((d, RATE_CARD_PER_DIVISION) for d in divisions), (None, RATE_CARD_PER_DIVISION)],
        )
        made += 1
    return made


def load_rate_card(manager: Any) -> RateCard:
    """The published rate card of the manager's CRC (Merseyside's, or Cheshire and Greater Manchester's)."""
    crc = manager.crc
    existing = RateCard.objects.filter(crc=crc, published=True).order_by("version").first()
    if existing is not None:
        return existing
    with _at("2019-03-01"):
        card = RateCard.objects.filter(crc=crc, published=False).first() or services.start_draft(
            crc=crc, in_force_from=date(2019, 4, 1), by=manager
        )
        for title, pathway, unit, price, partner, partner_price in RATE_CARD_ITEMS[crc.code]:
            if not card.items.filter(title=title).exists():
                services.add_item(
                    rate_card=card,
                    title=title,
                    pathway=pathway,
                    unit=unit,
                    price_pence=price,
                    provider_organisation=Organisation.objects.get(name=partner) if partner else None,
                    partner_price_pence=partner_price,
                    by=manager,
                )
        return services.publish(rate_card=card, by=manager)


def _prison_for_demo() -> Prison:
    on = date(2019, 5, 7)
    candidates = list(Prison.objects.filter(code__in=WOMENS_PRISONS).prefetch_related("designations"))
    candidates.sort(key=lambda p: WOMENS_PRISONS.index(p.code))
    for prison in candidates:
        designation = prison.designation_on(on)
        if designation is None or not designation.resettlement:
            return prison
    raise LookupError("No non-resettlement women's prison in the estate for the payments demo")


def demo_person() -> CustodyPeriod:
    """A woman released from a non-resettlement prison on 10 May 2019, through the custody feed."""

    existing = CustodyPeriod.objects.filter(person__prison_number=DEMO_PRISON_NUMBER).select_related("person", "current_prison").first()
    if existing is not None:
        return existing
    code = _prison_for_demo().code
    rows = [
        f"pay-demo-1,RECEPTION,2019-01-14T15:00:00+00:00,{DEMO_PRISON_NUMBER},{code},,,Jade,Kelly,1991-07-22,F,W1,SENTENCED,DETERMINATE,2019-01-14,240,2019-05-10,",
        f"pay-demo-2,RELEASE,2019-05-10T09:00:00+01:00,{DEMO_PRISON_NUMBER},{code},,,,,,,,,,,,,CONDITIONAL",
    ]
    result = import_feed(io.BytesIO((HEADER + "".join(f"{r}\n" for r in rows)).encode()), source="payments demo", kind="csv")
    if result.counts.rejected:
        raise RuntimeError(f"The payments demo person was rejected by the feed: {result.rejections}")
    return CustodyPeriod.objects.select_related("person", "current_prison").get(person__prison_number=DEMO_PRISON_NUMBER)


def load_purchases(users: dict[str, Any]) -> int:
    """The demo's story: bought in May, delivered May to August, claimed without anyone remembering a step.
    Once: the demo referrals' purchases (ttg/referrals/demo.py) are not this story's."""
    if Purchase.objects.filter(person__prison_number=DEMO_PRISON_NUMBER).exists():
        return 0
    officer, manager = users[Role.RESPONSIBLE_OFFICER], users[Role.CRC_MANAGER]
    partner = users[Role.PARTNER_CASEWORKER]
    period = demo_person()
    # This story's claims: those its officer's division or Merseyside CRC pays (the referrals demo's
    # purchases from Cheshire and Greater Manchester CRC's rate card make claims of their own).
    _ours = Claim.objects.filter(Q(payer_division__isnull=False) | Q(payer_crc=manager.crc))
    card = RateCard.objects.get(crc__code="MERSEYSIDE", published=True, version=1)
    sessions = card.items.get(title="Women's centre key-work session")
    housing = card.items.get(title="Accommodation secured on release")
    with _at("2019-05-01"):  # the NPS allocates her case to the officer, who then buys for her (R-F2a)
        hold_case(custody_period=period, officer=officer, source=ProbationCase.Source.ALLOCATED, by=None)
    with _at("2019-05-07"):
        bought = services.make_purchase(by=officer, custody_period=period, item=sessions, units=12)
        outcome = services.make_purchase(by=officer, custody_period=period, item=housing, units=1)
    deliveries = [
        ("2019-05-14", bought, "demo.session:1"),
        ("2019-05-21", bought, "demo.session:2"),
        ("2019-05-28", bought, "demo.session:3"),
        ("2019-06-04", bought, "demo.session:4"),
        ("2019-06-11", bought, "demo.session:5"),
        ("2019-06-18", outcome, "demo.outcome:1"),
        ("2019-08-06", bought, "demo.session:6"),
        ("2019-08-13", bought, "demo.session:7"),
    ]
    for day, purchase, key in deliveries:
        with _at(day):
            services.record_delivery(purchase=purchase, source_key=key, units=1, on=date.fromisoformat(day), by=partner)
        if day == "2019-05-28":
            with _at("2019-06-01"):
                services.submit_ended_months()
            with _at("2019-06-10"):
                for claim in _ours.filter(month=date(2019, 5, 1)).order_by("pk"):
                    payer = officer if claim.payer_division_id else manager
                    services.approve_claim(claim=claim, by=payer)
            with _at("2019-06-20"):
                for claim in _ours.filter(month=date(2019, 5, 1)).order_by("pk"):
                    payer = officer if claim.payer_division_id else manager
                    services.mark_paid(claim=claim, paid_on=date(2019, 6, 20), reference=f"BACS-1906-{claim.pk:04d}", by=payer)
    with _at("2019-07-01"):  # June's claims: submitted, and still unpaid today
        services.submit_ended_months()
    with _at("2019-08-01"):  # the day June's claims were unpaid for more than 30 days: escalated then, as the daily job would
        services.escalate_unpaid_claims(threshold_days=30)
    with _at("2019-09-01"):  # August's claims: submitted, then approved by the payers
        services.submit_ended_months()
    with _at("2019-09-02"):
        for claim in _ours.filter(month=date(2019, 8, 1), status=ClaimStatus.SUBMITTED).order_by("pk"):
            services.approve_claim(claim=claim, by=officer if claim.payer_division_id else manager)
        services.escalate_unpaid_claims(threshold_days=30)
    return 2


@transaction.atomic
def load_payments(users: dict[str, Any], *, with_purchases: bool | None = None) -> dict[str, int]:
    """Budgets and the rate card always; purchases once people have come from the custody feed."""
    counts = {"budgets": load_budgets()}
    load_rate_card(users[Role.CRC_MANAGER])
    if with_purchases is None:
        with_purchases = CustodyPeriod.objects.exclude(person__prison_number=DEMO_PRISON_NUMBER).exists()
    counts["purchases"] = load_purchases(users) if with_purchases else 0
    return counts
