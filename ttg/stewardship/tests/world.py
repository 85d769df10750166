"""A small world with known answers for market stewardship, made with the ORM (no services, no demo):
a CRC of its own ("Test CRC") with two prisons, three organisations, claims, plans, referrals,
screening flags, unfunded work and a supply-chain register, so that every figure is a hand count.

The hand counts (see docs/stewardship.md for the definitions):

Spend (purchase-tier lines of claims not rejected): 10,000 (ZZA, paid to the CRC) + 5,000 (ZZB, the
CRC buying from Test Housing, paid) + 3,000 (ZZB, the CRC's own, open) = 18,000 pence; the rejected
claim's 99,999 does not count. To organisations: Test Women's Centre's subcontract line 8,000 (ZZA) +
Test Housing's 5,000 (ZZB) = 13,000, all voluntary; specialist (women's centre) 8,000; kept in-house
5,000. ZZA: 10,000 spend, 8,000 voluntary (80.0%); ZZB: 8,000 spend, 5,000 voluntary (62.5%).

Delivered activities: a1 (completed supply-chain referral to the women's centre), a2 (a CRC worker's,
no referral: in-house), a3 (a partner's, referral still in progress: named in the plan) at ZZA; b1
(two completed referrals outside the supply chain, to the housing trust and the women's centre:
counted once), b2 (signposted) at ZZB. 5 delivered: 1 supply chain, 1 other partner, 1 in-house,
2 named in the plan; 2 by voluntary organisations, 2 by specialist ones.

Needs of people in custody (open custody periods): at ZZA person 1 (plan: accommodation, ete,
finance) and person 2 (a flag for children and families; a withdrawn one for finance); at ZZB
person 3 (accommodation, health; a cancelled drugs activity is no need). Person 4, released from ZZB,
has a flag that no longer counts. The register: the women's centre for accommodation at ZZA (in
force), for finance at ZZA (ended); the housing trust for ete at ZZB; another CRC's contract at ZZA
for children and families (not this CRC's supply chain). Gaps: ZZA ete, finance, children and
families; ZZB accommodation, health: 5.

Providers: the women's centre, 8,000 claimed, all unpaid and submitted 60 days ago (aged): the
signal. The housing trust, 5,000 claimed and paid, 1 hour of unfunded work at £25 (2,500): 33.3%
unpaid or unfunded, no signal. The statutory body's only claim was rejected: not listed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

from django.utils import timezone

from ttg.accounts.constants import Role
from ttg.accounts.models import User
from ttg.core import clock
from ttg.estate.constants import OrganisationType, PrisonEstate
from ttg.estate.models import CRC, Organisation, Prison, Specialism
from ttg.payments.models import Allocation, Budget, Claim, ClaimLine, Delivery, Purchase, RateCard, RateCardItem
from ttg.people.models import CustodyPeriod, Person
from ttg.plans.catalogue.models import CatalogueVersion
from ttg.plans.plan.models import Plan, PlanActivity
from ttg.referrals.models import Referral, UnfundedWork
from ttg.screening.models import NeedFlag, Screening
from ttg.supply_chain.models import SupplyChainContract, SupplyChainService

_n = count(1)


def _now() -> datetime:
    return clock.now()


def _person(prison: Prison, *, released: bool = False) -> CustodyPeriod:
    n = next(_n)
    person = Person.objects.create(
        prison_number=f"Z{n:04d}ZZ", first_name="Test", last_name=f"Person{n}", date_of_birth=date(1980, 1, 1), sex="M"
    )
    return CustodyPeriod.objects.create(
        person=person,
        received_at=_now() - timedelta(days=100),
        reception_date=clock.today() - timedelta(days=100),
        reception_prison=prison,
        current_prison=prison,
        legal_status="SENTENCED",
        released_at=_now() - timedelta(days=1) if released else None,
    )


def _flag(period: CustodyPeriod, pathway: str, by: User, *, withdrawn: bool = False) -> None:
    screening, _ = Screening.objects.get_or_create(
        custody_period=period,
        kind="BCST1",
        defaults={"question_set_version": "2018-10-01", "started_by": by, "started_at": _now(), "updated_at": _now()},
    )
    NeedFlag.objects.create(
        screening=screening,
        custody_period=period,
        pathway=pathway,
        question_id=f"q{next(_n)}",
        need="A need",
        raised_at=_now(),
        withdrawn_at=_now() if withdrawn else None,
    )


def _activity(plan: Plan, pathway: str, status: str, owner_kind: str, by: User) -> PlanActivity:
    return PlanActivity.objects.create(
        plan=plan,
        title=f"Activity {next(_n)}",
        pathway=pathway,
        level=1,
        owner_kind=owner_kind,
        status=status,
        updated_at=_now(),
        updated_by=by,
    )


def _referral(activity: PlanActivity, organisation: Organisation, crc: CRC, status: str, by: User, *, supply_chain: bool) -> Referral:
    return Referral.objects.create(
        plan_activity=activity,
        organisation=organisation,
        crc=crc,
        pathway=activity.pathway,
        activity_title=activity.title,
        referred_by=by,
        referred_at=_now(),
        need="A need",
        consent_given=True,
        consent_on=clock.today(),
        funding="supply_chain" if supply_chain else "unfunded",
        in_supply_chain=supply_chain,
        status=status,
        status_changed_at=_now(),
    )


def build() -> dict[str, Any]:
    today = clock.today()
    crc = CRC.objects.create(code="TEST_CRC", name="Test CRC")
    other_crc = CRC.objects.create(code="OTHER_CRC", name="Other test CRC")
    zza = Prison.objects.create(code="ZZA", name="HMP Test A", estate=PrisonEstate.MALE, crc=crc)
    zzb = Prison.objects.create(code="ZZB", name="HMP Test B", estate=PrisonEstate.MALE, crc=crc)
    centre = Organisation.objects.create(name="Test Women's Centre", type=OrganisationType.VOLUNTARY)
    centre.specialisms.set(Specialism.objects.filter(code="womens_centre"))
    housing = Organisation.objects.create(name="Test Housing Trust", type=OrganisationType.VOLUNTARY)
    housing.specialisms.set(Specialism.objects.filter(code="accommodation"))  # a service specialism: not a specialist organisation
    statutory = Organisation.objects.create(name="Test Statutory Body", type=OrganisationType.STATUTORY)
    cm = User.objects.create(username="test.steward", first_name="Test", last_name="Steward", role=Role.CONTRACT_MANAGER)
    cm.managed_crcs.set([crc])
    manager = User.objects.create(username="test.crc.manager", role=Role.CRC_MANAGER, crc=crc)
    other_manager = User.objects.create(username="other.crc.manager", role=Role.CRC_MANAGER, crc=other_crc)
    worker = User.objects.create(username="test.worker", role=Role.TTG_CASEWORKER, crc=crc)

    # --- money
    budget = Budget.objects.create(name="Test budget", kind="rate_card", year_starting=date(2019, 4, 1), amount_pence=10_000_000)
    allocation = Allocation.objects.create(budget=budget, crc=crc, amount_pence=1_000_000)
    card = RateCard.objects.create(crc=crc, version=1, in_force_from=date(2019, 4, 1), published=True)
    item = RateCardItem.objects.create(rate_card=card, title="Test service", pathway="accommodation", unit="session", price_pence=1000)

    def purchase(period: CustodyPeriod, prison: Prison, provider: Organisation | None) -> Purchase:
        n = next(_n)
        return Purchase.objects.create(
            reference=f"TP{n:05d}",
            purchaser_kind="division",
            purchased_by=cm,
            person=period.person,
            custody_period=period,
            prison=prison,
            item=item,
            provider_crc=crc,
            provider_organisation=provider,
            allocation=allocation,
            units_authorised=1,
            unit_price_pence=1000,
            value_authorised_pence=1000,
            purchased_on=today,
            created_at=_now(),
        )

    def claim(
        *, by_crc: bool = False, organisation: Organisation | None = None, status: str, total: int, submitted_days: int | None = None
    ) -> Claim:
        n = next(_n)
        return Claim.objects.create(
            claimant_crc=crc if by_crc else None,
            claimant_organisation=organisation,
            crc=crc,
            claimant_key=f"test-claimant-{n}",
            payer_key=f"test-payer-{n}",
            month=date(2019, 8, 1),
            status=status,
            total_pence=total,
            created_at=_now(),
            submitted_on=today - timedelta(days=submitted_days) if submitted_days is not None else None,
            paid_on=today if status == "paid" else None,
            payment_reference="PAID1" if status == "paid" else "",
        )

    def line(c: Claim, p: Purchase, tier: str, amount: int) -> None:
        d = Delivery.objects.create(
            purchase=p, source_key=f"test:{next(_n)}", kind="session", units=1, delivered_on=today, recorded_at=_now()
        )
        ClaimLine.objects.create(claim=c, delivery=d, tier=tier, units=1, unit_price_pence=amount, amount_pence=amount)

    p1, p2, p3, p4 = _person(zza), _person(zza), _person(zzb), _person(zzb, released=True)
    a = purchase(p1, zza, centre)
    line(claim(by_crc=True, status="paid", total=10_000, submitted_days=40), a, "purchase", 10_000)
    line(claim(organisation=centre, status="submitted", total=8_000, submitted_days=60), a, "subcontract", 8_000)
    line(claim(organisation=housing, status="paid", total=5_000, submitted_days=10), purchase(p3, zzb, housing), "purchase", 5_000)
    line(claim(by_crc=True, status="draft", total=3_000), purchase(p3, zzb, None), "purchase", 3_000)
    line(claim(organisation=statutory, status="rejected", total=99_999, submitted_days=5), purchase(p1, zza, statutory), "purchase", 99_999)

    # --- plans, referrals, needs
    version = CatalogueVersion.objects.order_by("-in_force_from")[0]
    plan1 = Plan.objects.create(custody_period=p1, catalogue_version=version, proposed_at=_now(), proposed_by=worker)
    plan3 = Plan.objects.create(custody_period=p3, catalogue_version=version, proposed_at=_now(), proposed_by=worker)
    a1 = _activity(plan1, "accommodation", "delivered", "crc", worker)
    _referral(a1, centre, crc, "completed", worker, supply_chain=True)
    _activity(plan1, "ete", "delivered", "crc", worker)
    a3 = _activity(plan1, "accommodation", "delivered", "partner", worker)
    _referral(a3, housing, crc, "in_progress", worker, supply_chain=False)
    _activity(plan1, "finance", "planned", "crc", worker)
    b1 = _activity(plan3, "accommodation", "delivered", "crc", worker)
    housing_referral = _referral(b1, housing, crc, "completed", worker, supply_chain=False)
    _referral(b1, centre, crc, "completed", worker, supply_chain=False)
    _activity(plan3, "health", "delivered", "signposted", worker)
    _activity(plan3, "drugs_alcohol", "cancelled", "crc", worker)
    _flag(p2, "children_families", worker)
    _flag(p2, "finance", worker, withdrawn=True)
    _flag(p4, "attitudes", worker)

    # --- unfunded work: an hour on this CRC's referral; another CRC's is not this CRC's
    UnfundedWork.objects.create(
        organisation=housing,
        referral=housing_referral,
        person_reference="AB",
        on=today,
        pathway="accommodation",
        description="Extra help",
        hours=Decimal("1.00"),
        recorded_by=worker,
        recorded_at=_now(),
    )

    # --- the supply-chain register
    def contract(of: CRC, organisation: Organisation, rows: list[tuple[str, Prison, date | None]]) -> None:
        c = SupplyChainContract.objects.create(
            crc=of, organisation=organisation, reference=f"TC{next(_n)}", title="Test", starts_on=date(2018, 1, 1), created_at=_now()
        )
        for pathway, prison, until in rows:
            SupplyChainService.objects.create(
                contract=c, pathway=pathway, prison=prison, since=date(2018, 1, 1), until=until, created_at=_now()
            )

    contract(crc, centre, [("accommodation", zza, None), ("finance", zza, today - timedelta(days=1))])
    contract(crc, housing, [("ete", zzb, None)])
    contract(other_crc, statutory, [("children_families", zza, None)])

    return {
        "crc": crc,
        "other_crc": other_crc,
        "zza": zza,
        "zzb": zzb,
        "cm": cm,
        "manager": manager,
        "other_manager": other_manager,
        "worker": worker,
        "centre": centre,
        "housing": housing,
        "periods": (p1, p2, p3, p4),
        "plans": (plan1, plan3),
        "now": timezone.now(),
    }


def build_more(w: dict[str, Any]) -> int:
    """More of every kind of row the pages count: the page's queries must stay as many."""
    crc, zza, zzb, worker = w["crc"], w["zza"], w["zzb"], w["worker"]
    made = 0
    for prison in (zza, zzb, zza):
        period = _person(prison)
        version = CatalogueVersion.objects.order_by("-in_force_from")[0]
        plan = Plan.objects.create(custody_period=period, catalogue_version=version, proposed_at=_now(), proposed_by=worker)
        for pathway in ("accommodation", "health", "finance"):
            activity = _activity(plan, pathway, "delivered", "crc", worker)
            _referral(activity, w["centre"], crc, "completed", worker, supply_chain=True)
            made += 1
        _flag(period, "attitudes", worker)
    other = Organisation.objects.create(name="Another Test Charity", type=OrganisationType.VOLUNTARY)
    # More claims, for another organisation and at both prisons, on the existing purchases' deliveries.
    for n, line in enumerate(ClaimLine.objects.filter(claim__crc=crc, tier="purchase")[:3]):
        claim = Claim.objects.create(
            claimant_organisation=other,
            crc=crc,
            claimant_key=f"more-claimant-{n}",
            payer_key=f"more-payer-{n}",
            month=date(2019, 7, 1),
            status="submitted",
            total_pence=100,
            created_at=_now(),
            submitted_on=clock.today(),
        )
        ClaimLine.objects.create(claim=claim, delivery=line.delivery, tier="subcontract", units=1, unit_price_pence=100, amount_pence=100)
        made += 1
    UnfundedWork.objects.create(
        organisation=other,
        referral=Referral.objects.filter(crc=crc).first(),
        person_reference="CD",
        on=clock.today(),
        pathway="health",
        description="More",
        hours=Decimal("2.00"),
        recorded_by=worker,
        recorded_at=_now(),
    )
    return made
