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
from django.test.utils import override_settings

from ttg.accounts.constants import Role
from ttg.estate.models import CRC, NPSDivision, Organisation, Prison
from ttg.people.models import CustodyPeriod

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

DEMO_PRISON_NUMBER = "A9001PY"
RECEIVED_AT = "ACI"  # HMP Altcourse: a resettlement prison Merseyside CRC serves (demo estate)
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
            amount_pence=RATE_CARD_PER_DIVISION * len(divisions),
            allocations=[(d, RATE_CARD_PER_DIVISION) for d in divisions],
        )
        made += 1
    return made


def load_rate_card(manager: Any) -> RateCard:
    crc = CRC.objects.get(code="MERSEYSIDE")
    existing = RateCard.objects.filter(crc=crc, published=True).order_by("version").first()
    if existing is not None:
        return existing
    with _at("2019-03-01"):
        card = RateCard.objects.filter(crc=crc, published=False).first() or services.start_draft(
            crc=crc, in_force_from=date(2019, 4, 1), by=manager
        )
        for title, pathway, unit, price, partner, partner_price in MERSEYSIDE_ITEMS:
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


def _feed(*rows: str) -> None:
    from ttg.people.importer import import_feed

    result = import_feed(io.BytesIO((HEADER + "".join(f"{r}\n" for r in rows)).encode()), source="payments demo", kind="csv")
    if result.counts.rejected:
        raise RuntimeError(f"The payments demo person was rejected by the feed: {result.rejections}")


def _period() -> CustodyPeriod:
    return CustodyPeriod.objects.select_related("person", "current_prison").get(person__prison_number=DEMO_PRISON_NUMBER)


def demo_person(users: dict[str, Any] | None = None) -> CustodyPeriod:
    """Jade Kelly, through the custody feed: received at HMP Altcourse (a resettlement prison) on
    14 January 2019, screened and planned there in April and referred to Mersey Women's Centre,
    moved nearer home to a women's prison that is not a resettlement prison on 29 April, and
    released from there on 10 May 2019. Without `users`, only the reception (tests of the feed)."""
    existing = CustodyPeriod.objects.filter(person__prison_number=DEMO_PRISON_NUMBER).first()
    if existing is None:
        _feed(
            f"pay-demo-1,RECEPTION,2019-01-14T15:00:00+00:00,{DEMO_PRISON_NUMBER},{RECEIVED_AT},,,Jade,Kelly,1991-07-22,F,W1,"
            "SENTENCED,DETERMINATE,2019-01-14,240,2019-05-10,"
        )
    return _period()


def _screen_plan_and_refer(period: CustodyPeriod, users: dict[str, Any]) -> Any:
    """At Altcourse: BCST1 and BCST2, the plan, and a rate-card referral to the partner (unfunded until bought)."""
    from ttg.plans import services as plan_services
    from ttg.plans.loader import load_initial_catalogue
    from ttg.referrals import services as referrals
    from ttg.referrals.outcomes import load_desired_outcomes
    from ttg.screening.demo import _submit
    from ttg.screening.models import Kind

    caseworker = users[Role.TTG_CASEWORKER]
    load_initial_catalogue()
    load_desired_outcomes()
    with _at("2019-04-10"):
        _submit(period, Kind.BCST1, users[Role.PRISON_OFFICER])
        _submit(period, Kind.BCST2, caseworker)
        plan = plan_services.agree(plan=plan_services.propose(period=period, by=caseworker), by=caseworker)
    activity = plan.activities.exclude(pathway="").order_by("-level", "order", "id").first()
    if activity is None:
        raise LookupError("The payments demo person's plan has no activity on a pathway")
    with _at("2019-04-15"):
        return referrals.send(
            activity=activity,
            organisation=users[Role.PARTNER_CASEWORKER].organisation,
            need="Key-work sessions at the women's centre before and after release: safety, housing and benefits.",
            desired_outcomes=list(referrals.offered_outcomes(activity.pathway, date(2019, 4, 15))[:1]),
            shared=["first_name", "last_name", "prison_number", "release_date", "prison"],
            partner_needs_to_know="Moving nearer home before release; the NPS will buy the sessions from the rate card.",
            consent_given=True,
            consent_on=date(2019, 4, 15),
            funding="rate_card",
            by=caseworker,
        )


# The partner's sessions on the referral (attended), and the CRC's own accommodation outcome.
SESSIONS = ("2019-05-14", "2019-05-21", "2019-05-28", "2019-06-04", "2019-06-11", "2019-08-06", "2019-08-13")
OUTCOME_ON = "2019-06-18"


def load_purchases(users: dict[str, Any]) -> int:
    """The demo's story (issue 7, "done when"): an NPS officer buys a service for a person leaving a
    non-resettlement prison; the partner delivers on the referral and is paid, nobody taking an extra step."""
    if Purchase.objects.exists():
        return 0
    from ttg.referrals import services as referrals

    officer, manager = users[Role.RESPONSIBLE_OFFICER], users[Role.CRC_MANAGER]
    partner, caseworker = users[Role.PARTNER_CASEWORKER], users[Role.TTG_CASEWORKER]
    period = demo_person()
    referral = _screen_plan_and_refer(period, users)
    _feed(f"pay-demo-2,TRANSFER,2019-04-29T10:00:00+01:00,{DEMO_PRISON_NUMBER},,{RECEIVED_AT},{_prison_for_demo().code},,,,,,,,,,,")
    period = _period()
    card = RateCard.objects.get(crc__code="MERSEYSIDE", published=True, version=1)
    sessions = card.items.get(title="Women's centre key-work session")
    housing = card.items.get(title="Accommodation secured on release")
    with _at("2019-05-07"):
        bought = services.make_purchase(by=officer, custody_period=period, item=sessions, units=12)
        outcome = services.make_purchase(by=officer, custody_period=period, item=housing, units=1)
        # The referrer adds the officer's purchase: the partner now sees the referral funded before starting.
        referrals.attach_purchase(referral=referral, purchase=bought, by=caseworker)
    with _at("2019-05-08"):
        referral = referrals.accept(referral=referral, by=partner)
    _feed(f"pay-demo-3,RELEASE,2019-05-10T09:00:00+01:00,{DEMO_PRISON_NUMBER},{_prison_for_demo().code},,,,,,,,,,,,,CONDITIONAL")
    days = sorted([(day, "session") for day in SESSIONS] + [(OUTCOME_ON, "outcome")])
    for day, what in days:
        on = date.fromisoformat(day)
        with _at(day):
            if what == "session":  # each attended session becomes a delivery and its claim lines (R-F3)
                referrals.record_session(referral=referral, on=on, method="in_person", attendance="attended", by=partner)
            else:
                services.record_delivery(purchase=outcome, source_key="demo.outcome:1", units=1, on=on, by=partner)
        if day == "2019-05-28":
            with _at("2019-06-01"):
                services.submit_ended_months()
            with _at("2019-06-10"):
                for claim in Claim.objects.filter(month=date(2019, 5, 1)).order_by("pk"):
                    payer = officer if claim.payer_division_id else manager
                    services.approve_claim(claim=claim, by=payer)
            with _at("2019-06-20"):
                for claim in Claim.objects.filter(month=date(2019, 5, 1)).order_by("pk"):
                    payer = officer if claim.payer_division_id else manager
                    services.mark_paid(claim=claim, paid_on=date(2019, 6, 20), reference=f"BACS-1906-{claim.pk:04d}", by=payer)
    with _at("2019-07-01"):  # June's claims: submitted, and still unpaid today
        services.submit_ended_months()
    with _at("2019-09-01"):  # August's claims: submitted, then approved by the payers
        services.submit_ended_months()
    with _at("2019-09-02"):
        for claim in Claim.objects.filter(month=date(2019, 8, 1), status=ClaimStatus.SUBMITTED).order_by("pk"):
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
