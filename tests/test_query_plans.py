"""The biggest lists are indexed queries: PostgreSQL's plans for them read no national table from end to
end (issue 14). Each test puts a few thousand rows in the tables, spread over the estate as a national
feed would, runs ANALYZE as a bulk import does, then checks the plan (tests/query_plans.py).

PostgreSQL only (skipped on SQLite); CI's PostgreSQL run includes them (they use the database).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.query_plans import analyze, assert_no_seq_scan, no_seq_scans, requires_postgresql
from ttg.accounts.constants import Role
from ttg.estate.constants import OrganisationType
from ttg.estate.models import Organisation, Prison
from ttg.people import selectors as people_selectors
from ttg.people.models import CustodyPeriod, Person
from ttg.plans.catalogue.models import CatalogueVersion
from ttg.plans.plan.models import Plan, PlanActivity
from ttg.referrals import rules as referral_rules
from ttg.referrals import selectors as referral_selectors
from ttg.referrals.models import Referral, UnfundedWork

pytestmark = [requires_postgresql, pytest.mark.django_db]

PEOPLE = 6000
SYLLABLES = ("ab", "bel", "car", "dun", "ed", "fos", "gar", "hol", "ing", "jon", "kel", "lor", "mor", "nas", "ol", "pat", "rid", "sm")
FIRST_NAMES = ("Adam", "Beth", "Carl", "Dina", "Emma", "Femi", "Gary", "Hana", "Ian", "Jade", "Kofi", "Lee", "Mary", "Nia", "Owen")


def _last_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def national_people(count: int = PEOPLE, *, seed: int = 14) -> list[CustodyPeriod]:
    """`count` people, each with one custody period at a prison anywhere in the estate (HMP Altcourse,
    the personas' prison, is the biggest, with 4% of everyone: as the biggest national prison has),
    four in five still in custody, the rest released over the last two years. Returns the periods."""
    rng = random.Random(seed)
    prisons = list(Prison.objects.order_by("code"))
    biggest = next(p for p in prisons if p.code == "ACI")
    people = Person.objects.bulk_create(
        Person(
            prison_number=f"Q{i:04d}{chr(65 + i // 10000 % 26)}{chr(65 + rng.randrange(26))}",
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
        prison = biggest if rng.random() < 0.04 else rng.choice(prisons)
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
    """A plan for every other custody period, two activities each, and a referral from each activity:
    one in 30 to the partner persona's organisation, the rest spread over the others."""
    rng = random.Random(seed)
    caseworker = personas[Role.TTG_CASEWORKER]
    version = CatalogueVersion.objects.order_by("-pk").first()
    assert version is not None, "the catalogue migration loads the versions"
    plans = Plan.objects.bulk_create(
        Plan(custody_period=period, catalogue_version=version, proposed_at=NOW, proposed_by=caseworker) for period in periods[::2]
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


@pytest.fixture
def nationally(personas: dict[str, Any]) -> list[CustodyPeriod]:
    periods = national_people()
    analyze(Person, CustodyPeriod, Prison)
    return periods


@pytest.fixture
def referred(nationally: list[CustodyPeriod], personas: dict[str, Any]) -> list[Referral]:
    referrals = national_referrals(nationally, personas)
    partner = personas[Role.PARTNER_CASEWORKER]
    organisations = list(Organisation.objects.all())
    rng = random.Random(16)
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
        for i in range(len(referrals))
    )
    analyze(Plan, PlanActivity, Referral, Organisation, UnfundedWork)
    return referrals


PEOPLE_TABLES = [Person, CustodyPeriod]


# --- people ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Smi", "sm", "Kofi Smab", "DUNCAR"])
def test_person_search_uses_the_name_index(query: str, nationally: Any, personas: dict[str, Any]) -> None:
    user = personas[Role.TTG_CASEWORKER]
    with no_seq_scans(tables=PEOPLE_TABLES):
        people_selectors.search_people(user, query)


def test_person_search_by_prison_number_uses_its_index(nationally: Any, personas: dict[str, Any]) -> None:
    with no_seq_scans(tables=PEOPLE_TABLES):
        people_selectors.search_people(personas[Role.PRISON_OFFICER], "Q0001AB")


@pytest.mark.parametrize("sort", sorted(people_selectors.SORTS))
@pytest.mark.parametrize("role", [Role.PRISON_OFFICER, Role.TTG_CASEWORKER])
def test_prison_caseload_is_an_indexed_query(sort: str, role: str, nationally: Any, personas: dict[str, Any]) -> None:
    with no_seq_scans(tables=PEOPLE_TABLES):
        people_selectors.prison_caseload(personas[role], "ACI", sort=sort, filters={"legal_status": "SENTENCED"})


def test_caseloads_list_counts_with_an_index(nationally: Any, client_for: Any) -> None:
    with no_seq_scans(tables=PEOPLE_TABLES):
        assert client_for(Role.TTG_CASEWORKER).get(reverse("my_caseloads")).status_code == 200


# --- referrals ------------------------------------------------------------------------------------

REFERRAL_TABLES = [*PEOPLE_TABLES, Plan, PlanActivity, Referral, UnfundedWork]


@pytest.mark.parametrize("tab", referral_selectors.TAB_SLUGS)
def test_partner_inbox_is_an_indexed_query(tab: str, referred: Any, personas: dict[str, Any]) -> None:
    with no_seq_scans(tables=REFERRAL_TABLES):
        referral_selectors.inbox(personas[Role.PARTNER_CASEWORKER], tab)


@pytest.mark.parametrize("page", [1, 2])
def test_referrer_list_is_an_indexed_query(page: int, referred: Any, personas: dict[str, Any]) -> None:
    with no_seq_scans(tables=REFERRAL_TABLES):
        referral_selectors.referrer_list(personas[Role.TTG_CASEWORKER], page=page)


@pytest.mark.parametrize("role", [Role.TTG_CASEWORKER, Role.PARTNER_CASEWORKER])
def test_referrals_api_list_is_an_indexed_query(role: str, referred: Any, personas: dict[str, Any]) -> None:
    with no_seq_scans(tables=REFERRAL_TABLES):
        referral_selectors.api_list(personas[role])
    with no_seq_scans(tables=REFERRAL_TABLES):
        referral_selectors.api_list(personas[role], status=referral_rules.SENT)


def test_unfunded_work_list_is_an_indexed_query(referred: Any, client_for: Any) -> None:
    with no_seq_scans(tables=REFERRAL_TABLES):
        assert client_for(Role.PARTNER_CASEWORKER).get(reverse("unfunded_work_list")).status_code == 200


def test_helper_finds_a_sequential_scan(nationally: Any) -> None:
    """The helper itself: a query no index can serve fails, naming the table."""
    with pytest.raises(pytest.fail.Exception, match="people_person with a sequential scan"):
        assert_no_seq_scan(Person.objects.filter(date_of_birth__year__gt=1970), tables=[Person])
