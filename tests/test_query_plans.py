"""The biggest lists are indexed queries: PostgreSQL's plans for them read no national table from end to
end (issue 14). The module puts thousands of rows in the tables once (`nationally`), spread over the
estate as a national feed would, runs ANALYZE as a bulk import does; each test checks the plans of
every query a list runs (tests/query_plans.py).

PostgreSQL only (skipped on SQLite); CI's PostgreSQL run includes them (they use the database).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from conftest import persona_users
from tests.query_plans import analyze, assert_no_seq_scan, no_seq_scans, requires_postgresql
from ttg.accounts.constants import Role
from ttg.accounts.models import User
from ttg.estate.constants import OrganisationType
from ttg.estate.models import CRC, NPSDivision, Organisation, Prison
from ttg.payments.demo import load_purchases
from ttg.payments.models import Claim, ClaimLine, Delivery, Purchase, Variation
from ttg.people import selectors as people_selectors
from ttg.people.models import CustodyPeriod, Person
from ttg.plans.catalogue.models import CatalogueVersion
from ttg.plans.plan.models import Plan, PlanActivity
from ttg.referrals import rules as referral_rules
from ttg.referrals import selectors as referral_selectors
from ttg.referrals.models import Referral, UnfundedWork
from ttg.screening import selectors as screening_selectors
from ttg.screening import state
from ttg.screening.models import Kind, NeedFlag, Screening, ScreeningState
from ttg.worklist import selectors as worklist_selectors

# One pytest-xdist worker runs the whole module (ONE_WORKER_MODULES in conftest.py): `nationally` is built once.
pytestmark = [requires_postgresql, pytest.mark.django_db]

PEOPLE = 50000  # enough that PostgreSQL prefers an index for one prison or one page, as it does nationally
SYLLABLES = ("ab", "bel", "car", "dun", "ed", "fos", "gar", "hol", "ing", "jon", "kel", "lor", "mor", "nas", "ol", "pat", "rid", "sm")
FIRST_NAMES = ("Adam", "Beth", "Carl", "Dina", "Emma", "Femi", "Gary", "Hana", "Ian", "Jade", "Kofi", "Lee", "Mary", "Nia", "Owen")


def _last_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def national_people(count: int = PEOPLE, *, seed: int = 14) -> list[CustodyPeriod]:
    """`count` people, each with one custody period at a prison anywhere in the estate (HMP Altcourse,
    the personas' prison, is the biggest, with 1% of everyone: the biggest national prison holds about
    2,500 of the quarter of a million people a national feed brings),
    four in five still in custody, the rest released over the last two years. Returns the periods."""
    rng = random.Random(seed)
    prisons = list(Prison.objects.order_by("code"))
    biggest = next(p for p in prisons if p.code == "ACI")
    others = [p for p in prisons if p != biggest]
    people = Person.objects.bulk_create(
        Person(
            prison_number=f"{chr(81 + i // 10000)}{i % 10000:04d}{chr(65 + rng.randrange(26))}{chr(65 + rng.randrange(26))}",
            first_name=rng.choice(FIRST_NAMES),
            last_name=_last_name(rng),
            date_of_birth=date(1960, 1, 1) + timedelta(days=rng.randrange(15000)),
            sex="M" if rng.random() < 0.95 else "F",
        )
        for i in range(count)
    )
    now = timezone.make_aware(datetime(2019, 9, 2, 9, 30))
    periods = []
    for person in people:
        received = now - timedelta(days=rng.randrange(30, 900))
        prison = biggest if rng.random() < 0.01 else rng.choice(others)
        released = received + timedelta(days=rng.randrange(10, 300)) if rng.random() < 0.2 else None
        periods.append(
            CustodyPeriod(
                person=person,
                received_at=received,
                reception_date=received.date(),
                reception_prison=prison,
                current_prison=prison,
                legal_status="SENTENCED" if rng.random() < 0.8 else "REMAND",
                release_date=(now + timedelta(days=rng.randrange(-20, 700))).date() if rng.random() < 0.9 else None,
                released_at=released if released and released < now else None,
            )
        )
    return CustodyPeriod.objects.bulk_create(periods)


NOW = timezone.make_aware(datetime(2019, 9, 2, 9, 30))


def national_organisations(count: int = 40) -> list[Organisation]:
    """The base's partner organisations and `count` more: each partner has a small share of the work."""
    made = Organisation.objects.bulk_create(
        Organisation(name=f"Partner organisation {i}", type=OrganisationType.VOLUNTARY) for i in range(count)
    )
    return [*Organisation.objects.exclude(pk__in=[o.pk for o in made]), *made]


def national_referrals(periods: list[CustodyPeriod], personas: dict[str, Any], *, seed: int = 15) -> list[Referral]:
    """A plan for one custody period in six, two activities each, and a referral from each activity:
    one in 30 to the partner persona's organisation, the rest spread over the others."""
    rng = random.Random(seed)
    caseworker = personas[Role.TTG_CASEWORKER]
    version = CatalogueVersion.objects.order_by("-pk").first()
    assert version is not None, "the catalogue migration loads the versions"
    plans = Plan.objects.bulk_create(
        Plan(custody_period=period, catalogue_version=version, proposed_at=NOW, proposed_by=caseworker) for period in periods[::6]
    )
    activities = PlanActivity.objects.bulk_create(
        PlanActivity(plan=plan, title=f"Activity {n}", level=1, updated_at=NOW, updated_by=caseworker, order=n)
        for plan in plans
        for n in (1, 2)
    )
    organisations = national_organisations()
    theirs = personas[Role.PARTNER_CASEWORKER].organisation
    referrals = []
    for activity in activities:
        at = NOW - timedelta(minutes=rng.randrange(60 * 24 * 700))
        referrals.append(
            Referral(
                plan_activity=activity,
                organisation=theirs if rng.random() < 1 / 30 else rng.choice(organisations),
                crc_id=activity.plan.custody_period.current_prison.crc_id,
                activity_title=activity.title,
                referred_by=caseworker,
                referred_at=at,
                need="A need",
                consent_given=True,
                consent_on=at.date(),
                funding=referral_rules.SUPPLY_CHAIN,
                status=rng.choice(referral_rules.STATUSES),
                status_changed_at=at,
            )
        )
    return Referral.objects.bulk_create(referrals)


LINES = 8


def _copy(obj: Any, **changes: Any) -> Any:
    copy = type(obj).objects.get(pk=obj.pk)
    copy.pk = None
    for name, value in changes.items():
        setattr(copy, name, value)
    return copy


def national_payments(periods: list[CustodyPeriod], personas: dict[str, Any], *, seed: int = 17) -> None:
    """The demo's purchases, deliveries and claims (made by the services), then a purchase like the
    demo's for one custody period in 16 (purchases are for people leaving non-resettlement prisons),
    each with LINES deliveries, one in five with a variation, and a claim line for each delivery, LINES
    to a claim (a month's delivery), claims spread over the CRCs, partners and NPS divisions: each persona's share is small."""
    rng = random.Random(seed)
    load_purchases(personas)
    model = Purchase.objects.order_by("pk").first()
    assert model is not None
    officer, partner = personas[Role.RESPONSIBLE_OFFICER], personas[Role.PARTNER_CASEWORKER]
    crcs, divisions = list(CRC.objects.all()), list(NPSDivision.objects.all())
    organisations, buyers = list(Organisation.objects.all()), list(User.objects.exclude(pk=officer.pk))

    def mostly(theirs: Any, others: list[Any], share: float = 1 / 30) -> Any:
        return theirs if rng.random() < share else rng.choice(others)

    purchases = Purchase.objects.bulk_create(
        _copy(
            model,
            reference=f"PQ{i:07d}",
            person_id=period.person_id,
            custody_period=period,
            prison_id=period.current_prison_id,
            provider_crc=mostly(personas[Role.CRC_MANAGER].crc, crcs),
            provider_organisation=mostly(partner.organisation, organisations) if rng.random() < 0.5 else None,
            nps_division=mostly(officer.nps_division, divisions),
            purchased_by=mostly(officer, buyers, 1 / 100),
            purchased_on=date(2019, 9, 1) - timedelta(days=rng.randrange(700)),
        )
        for i, period in enumerate(periods[::16])
    )
    Variation.objects.bulk_create(
        Variation(
            purchase=p,
            extra_units=2,
            reason="More sessions",
            status="requested" if rng.random() < 0.05 else rng.choice(["approved", "refused"]),
            requested_by=partner,
            requested_at=NOW,
        )
        for p in purchases[::5]
    )
    now = NOW
    deliveries = Delivery.objects.bulk_create(
        Delivery(purchase=p, source_key=f"plans:{p.pk}:{n}", kind="session", units=1, delivered_on=p.purchased_on, recorded_at=now)
        for p in purchases
        for n in range(LINES)
    )
    claim = Claim.objects.order_by("pk").first()
    assert claim is not None
    claims = []
    for i, delivery in enumerate(deliveries[::LINES]):
        by_partner, paid_by_division = rng.random() < 0.3, rng.random() < 0.3
        claims.append(
            _copy(
                claim,
                claimant_crc=None if by_partner else mostly(personas[Role.CRC_MANAGER].crc, crcs),
                claimant_organisation=mostly(partner.organisation, organisations) if by_partner else None,
                payer_crc=None if paid_by_division else rng.choice(crcs),
                payer_division=mostly(officer.nps_division, divisions) if paid_by_division else None,
                payer_national=False,
                crc=rng.choice(crcs),
                claimant_key=f"q{i}",
                month=delivery.delivered_on.replace(day=1),
                status=rng.choice(["draft", "submitted", "approved", "paid"]),
                submitted_on=delivery.delivered_on + timedelta(days=rng.randrange(1, 40)),
                paid_on=delivery.delivered_on + timedelta(days=50),
                payment_reference="BACS",
            )
        )
    made = Claim.objects.bulk_create(claims)
    ClaimLine.objects.bulk_create(
        ClaimLine(claim=c, delivery=d, tier="purchase", units=1, unit_price_pence=1000, amount_pence=1000)
        for c, d in zip([c for c in made for _ in range(LINES)], deliveries, strict=True)
    )


def national_unfunded_work(count: int, personas: dict[str, Any], *, seed: int = 16) -> None:
    partner = personas[Role.PARTNER_CASEWORKER]
    organisations = list(Organisation.objects.all())
    rng = random.Random(seed)
    UnfundedWork.objects.bulk_create(
        UnfundedWork(
            organisation=partner.organisation if rng.random() < 1 / 30 else rng.choice(organisations),
            person_reference=f"REF-{i}",
            on=date(2019, 9, 1) - timedelta(days=rng.randrange(700)),
            pathway="accommodation",
            description="Drop-in",
            hours=Decimal("1.50"),
            recorded_by=partner,
            recorded_at=NOW,
        )
        for i in range(count)
    )


def national_screenings(periods: list[CustodyPeriod], personas: dict[str, Any], *, seed: int = 18) -> None:
    """A submitted BCST1 for three in five people (the rest wait), each with an immediate need (one in
    twenty still to acknowledge), a plan for those without one (four in five agreed: most people sentenced have a
    plan), then the stored decisions of everyone (as the importer and the screenings make them)."""
    rng = random.Random(seed)
    officer, caseworker = personas[Role.PRISON_OFFICER], personas[Role.TTG_CASEWORKER]
    screened = [p for p in periods if rng.random() < 0.6]
    screenings = Screening.objects.bulk_create(
        Screening(
            custody_period=p,
            kind=Kind.BCST1,
            question_set_version="2018-10",
            status="submitted",
            started_by=officer,
            started_at=p.received_at + timedelta(hours=2),
            submitted_by=officer,
            submitted_at=p.received_at + timedelta(hours=rng.randrange(3, 90)),
            updated_at=p.received_at + timedelta(hours=2),
        )
        for p in screened
    )
    NeedFlag.objects.bulk_create(
        NeedFlag(
            screening=s,
            custody_period_id=s.custody_period_id,
            pathway="health",
            question_id="q",
            need="A need",
            raised_at=s.submitted_at,
            **({} if rng.random() < 0.05 else {"acknowledged_at": s.submitted_at, "acknowledged_by": caseworker}),
        )
        for s in screenings
    )
    version = CatalogueVersion.objects.order_by("-pk").first()
    planned = set(Plan.objects.values_list("custody_period_id", flat=True))
    Plan.objects.bulk_create(
        Plan(
            custody_period=p,
            catalogue_version=version,
            proposed_at=p.received_at + timedelta(days=6),
            proposed_by=caseworker,
            **({"status": "agreed", "agreed_at": p.received_at + timedelta(days=8), "agreed_by": caseworker} if rng.random() < 0.8 else {}),
        )
        for p in screened
        if p.pk not in planned
    )
    # Activities fall due over four months either side of today, as in a live service.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE plans_planactivity SET due_on = DATE '2019-09-02' + ((id * 7919) % 240 - 120)::int")
    state.refresh_all()


@pytest.fixture(scope="module")
def nationally(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """People, plans, referrals, unfunded work, purchases and claims, made once for the module in a
    transaction that is rolled back after its last test (each test runs in a savepoint inside it),
    and analysed."""
    if connection.vendor != "postgresql":
        pytest.skip("query plans are checked on PostgreSQL only")
    with django_db_blocker.unblock(), transaction.atomic():
        personas = persona_users()
        periods = national_people()
        referrals = national_referrals(periods, personas)
        national_unfunded_work(len(referrals), personas)
        national_payments(periods, personas)
        national_screenings(periods, personas)
        analyze(Person, CustodyPeriod, Prison, Plan, PlanActivity, Referral, Organisation, UnfundedWork)
        analyze(Purchase, Delivery, Variation, Claim, ClaimLine)
        analyze(Screening, NeedFlag, ScreeningState)
        # Check the deferred foreign keys of every row made above now, once. Otherwise each test's end
        # (Django's TestCase checks constraints before rolling back its savepoint, which queues the checks
        # again) checks them all anew: seconds per test.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        yield
        transaction.set_rollback(True)


PEOPLE_TABLES = [Person, CustodyPeriod]


# --- people ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Smi", "sm", "Kofi Smab", "DUNCAR"])
def test_person_search_uses_the_name_index(query: str, nationally: None, personas: dict[str, Any]) -> None:
    user = personas[Role.TTG_CASEWORKER]
    with no_seq_scans(tables=PEOPLE_TABLES):
        people_selectors.search_people(user, query)


def test_person_search_by_prison_number_uses_its_index(nationally: None, personas: dict[str, Any]) -> None:
    with no_seq_scans(tables=PEOPLE_TABLES):
        people_selectors.search_people(personas[Role.PRISON_OFFICER], "Q0001AB")


@pytest.mark.parametrize("sort", sorted(people_selectors.SORTS))
@pytest.mark.parametrize("role", [Role.PRISON_OFFICER, Role.TTG_CASEWORKER])
def test_prison_caseload_is_an_indexed_query(sort: str, role: str, nationally: None, personas: dict[str, Any]) -> None:
    with no_seq_scans(tables=PEOPLE_TABLES):
        people_selectors.prison_caseload(personas[role], "ACI", sort=sort, filters={"legal_status": "SENTENCED"})


def test_caseloads_list_counts_with_an_index(nationally: None, client_for: Any) -> None:
    with no_seq_scans(tables=PEOPLE_TABLES):
        assert client_for(Role.TTG_CASEWORKER).get(reverse("my_caseloads")).status_code == 200


# --- payments -------------------------------------------------------------------------------------

# Not Variation: requests for more units are few, and PostgreSQL rightly reads them whole.
PAYMENT_TABLES = [*PEOPLE_TABLES, Purchase, Delivery, Claim, ClaimLine]
PAYERS_AND_PROVIDERS = [Role.RESPONSIBLE_OFFICER, Role.CRC_MANAGER, Role.PARTNER_CASEWORKER, Role.CONTRACT_MANAGER]


@pytest.mark.parametrize("role", PAYERS_AND_PROVIDERS)
def test_purchases_page_is_an_indexed_query(role: str, nationally: None, client_for: Any) -> None:
    with no_seq_scans(tables=PAYMENT_TABLES):
        assert client_for(role).get(reverse("payments_purchases"), {"page": 2}).status_code == 200


@pytest.mark.parametrize("show", ["", "due", "to_approve", "paid"])
@pytest.mark.parametrize("role", PAYERS_AND_PROVIDERS)
def test_claims_page_is_an_indexed_query(role: str, show: str, nationally: None, client_for: Any) -> None:
    with no_seq_scans(tables=PAYMENT_TABLES):
        assert client_for(role).get(reverse("payments_claims"), {"show": show}).status_code == 200


@pytest.mark.parametrize("role", PAYERS_AND_PROVIDERS)
def test_aged_debt_page_is_an_indexed_query(role: str, nationally: None, client_for: Any) -> None:
    with no_seq_scans(tables=PAYMENT_TABLES):
        assert client_for(role).get(reverse("payments_aged_debt")).status_code == 200


# --- referrals ------------------------------------------------------------------------------------

REFERRAL_TABLES = [*PEOPLE_TABLES, Plan, PlanActivity, Referral, UnfundedWork]


@pytest.mark.parametrize("tab", referral_selectors.TAB_SLUGS)
def test_partner_inbox_is_an_indexed_query(tab: str, nationally: None, personas: dict[str, Any]) -> None:
    with no_seq_scans(tables=REFERRAL_TABLES):
        referral_selectors.inbox(personas[Role.PARTNER_CASEWORKER], tab)


@pytest.mark.parametrize("page", [1, 2])
def test_referrer_list_is_an_indexed_query(page: int, nationally: None, personas: dict[str, Any]) -> None:
    with no_seq_scans(tables=REFERRAL_TABLES):
        referral_selectors.referrer_list(personas[Role.TTG_CASEWORKER], page=page)


def test_a_persons_referrals_are_an_indexed_query(nationally: None, personas: dict[str, Any]) -> None:
    """The referrals of one person, linked from their custody record (people/<n>/referrals/)."""
    user = personas[Role.TTG_CASEWORKER]
    referred = Referral.objects.visible_to(user).values_list("plan_activity__plan__custody_period__person", flat=True).first()
    person = Person.objects.get(pk=referred)
    with no_seq_scans(tables=REFERRAL_TABLES):
        page = referral_selectors.referrer_list(user, person=person)
    assert len(page.object_list) > 0


@pytest.mark.parametrize("role", [Role.TTG_CASEWORKER, Role.PARTNER_CASEWORKER])
def test_referrals_api_list_is_an_indexed_query(role: str, nationally: None, personas: dict[str, Any]) -> None:
    with no_seq_scans(tables=REFERRAL_TABLES):
        referral_selectors.api_list(personas[role])
    with no_seq_scans(tables=REFERRAL_TABLES):
        referral_selectors.api_list(personas[role], status=referral_rules.SENT)


def test_unfunded_work_list_is_an_indexed_query(nationally: None, client_for: Any) -> None:
    with no_seq_scans(tables=REFERRAL_TABLES):
        assert client_for(Role.PARTNER_CASEWORKER).get(reverse("unfunded_work_list")).status_code == 200


def test_helper_finds_a_sequential_scan(nationally: None) -> None:
    """The helper itself: a query no index can serve fails, naming the table."""
    with pytest.raises(pytest.fail.Exception, match="people_person with a sequential scan"):
        assert_no_seq_scan(Person.objects.filter(date_of_birth__year__gt=1970).order_by(), tables=[Person])
    assert_no_seq_scan(Person.objects.filter(prison_number="Q0001AA"), tables=[Person])  # the unique index


# --- screening and the caseworker's work ------------------------------------------------------------

SCREENING_TABLES = [*PEOPLE_TABLES, ScreeningState, Screening, NeedFlag]


@pytest.mark.parametrize("tab", screening_selectors.TABS)
@pytest.mark.parametrize("role", [Role.PRISON_OFFICER, Role.TTG_CASEWORKER])
def test_prison_screening_list_is_an_indexed_query(tab: str, role: str, nationally: None, personas: dict[str, Any]) -> None:
    user = personas[role]
    with no_seq_scans(tables=SCREENING_TABLES):
        work = screening_selectors.prison_work_list(user, "ACI")
        rows = screening_selectors.list_rows(screening_selectors.tab_rows(user, work.prison, tab)[:50])
    if tab == "bcst1":
        assert work.counts[tab] > 50 and len(rows) == 50  # the biggest prison: a full page of people waiting


@pytest.mark.parametrize("role", [Role.PRISON_OFFICER, Role.GOVERNOR])
def test_prison_home_counts_are_an_indexed_query(role: str, nationally: None, personas: dict[str, Any]) -> None:
    """What waits at the prison, on the home page of its staff: one query over the stored decisions."""
    user = personas[role]
    with no_seq_scans(tables=SCREENING_TABLES):
        counts = screening_selectors.waiting_at(user, user.prison)
    assert counts["bcst1_overdue"] + counts["bcst1_due"] > 50


# plans_plan is left out for the whole page: at this module's size (33,000 plans) PostgreSQL rightly
# hashes the whole table to join the CRC's few hundred referrals to their people (nationally, a million
# plans, it takes the plan's custody-period index instead). The plan sections' own queries are checked
# with it below.
WORK_TABLES = [*SCREENING_TABLES, PlanActivity, Referral]


@pytest.mark.parametrize("prison", ["", "ACI"])
def test_caseworker_work_list_and_home_counts_are_indexed_queries(prison: str, nationally: None, personas: dict[str, Any]) -> None:
    user = personas[Role.TTG_CASEWORKER]
    with no_seq_scans(tables=WORK_TABLES):
        work = worklist_selectors.work_list(user, prison)
        worklist_selectors.work_counts(user)
    assert sum(work.counts.values()) > 0


def test_work_list_plan_sections_are_indexed_queries(nationally: None, personas: dict[str, Any]) -> None:
    user = personas[Role.TTG_CASEWORKER]
    today = timezone.localdate(NOW)
    prison_ids = [p.pk for p in worklist_selectors.crc_prisons(user)]
    sources = [s for s in worklist_selectors._sources(user, prison_ids, today, today + timedelta(days=6)) if s.rows.model is Plan]
    assert len(sources) == 11
    with no_seq_scans(tables=[*WORK_TABLES, Plan]):
        for source in sources:
            source.page(50)


# --- allocation (docs/allocation.md) ----------------------------------------------------------------


def _allocate_a_third(personas: dict[str, Any]) -> None:
    """Everyone in custody nationally allocated (other CRCs' people to another caseworker), but of the
    demo CRC's people only a third to its caseworker, a third with an ended allocation (history, allocated
    to nobody now) and a third never allocated; analysed."""
    from ttg.people.models import Allocation

    tom, manager = personas[Role.TTG_CASEWORKER], personas[Role.CRC_MANAGER]
    other = User.objects.create(username="qp.elsewhere", role=Role.TTG_CASEWORKER, crc=CRC.objects.exclude(pk=tom.crc_id).first())
    rows = []
    periods = CustodyPeriod.objects.filter(released_at__isnull=True).values_list("pk", "current_prison__crc_id")
    for i, (pk, crc_id) in enumerate(periods):
        if crc_id != tom.crc_id:
            rows.append(Allocation(custody_period_id=pk, caseworker=other, allocated_at=NOW, allocated_by=manager))
        elif i % 3 == 0:
            rows.append(Allocation(custody_period_id=pk, caseworker=tom, allocated_at=NOW, allocated_by=manager))
        elif i % 3 == 1:
            rows.append(
                Allocation(custody_period_id=pk, caseworker=tom, allocated_at=NOW, allocated_by=manager, ended_at=NOW, ended_by=manager)
            )
    Allocation.objects.bulk_create(rows, batch_size=2000)
    analyze(Allocation)


@pytest.mark.parametrize("whose", ["mine", "unallocated"])
def test_the_work_list_filtered_by_allocation_is_indexed(whose: str, nationally: None, personas: dict[str, Any]) -> None:
    from ttg.people.models import Allocation

    _allocate_a_third(personas)
    with no_seq_scans(tables=[*WORK_TABLES, Allocation]):
        work = worklist_selectors.work_list(personas[Role.TTG_CASEWORKER], "", whose)
    assert work.whose == whose and sum(work.counts.values()) > 0


def test_the_managers_unallocated_list_and_caseloads_are_indexed(nationally: None, personas: dict[str, Any]) -> None:
    from ttg.people import selectors_allocation
    from ttg.people.models import Allocation

    _allocate_a_third(personas)
    manager = personas[Role.CRC_MANAGER]
    with no_seq_scans(tables=[*WORK_TABLES, Allocation, Person]):
        listed = worklist_selectors.unallocated_due_work(manager)
        list(listed.page.object_list)
        caseworkers = selectors_allocation.caseworkers(manager)
    assert listed.page.paginator.count > 0 and caseworkers[0].caseload > 0
