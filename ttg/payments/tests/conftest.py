"""Payments fixtures: the demo's rate card and budgets (loaded with the personas), and a person
leaving a non-resettlement prison, received through the real custody feed."""

from __future__ import annotations

import io
from typing import Any

import pytest

from ttg.accounts.constants import Role
from ttg.payments import services
from ttg.payments.models import Purchase, RateCard, RateCardItem
from ttg.people.cases import hold_case
from ttg.people.importer import import_feed
from ttg.people.models import CustodyPeriod, ProbationCase

HEADER = (
    "event_id,event_type,occurred_at,prison_number,prison_code,from_prison_code,to_prison_code,first_name,last_name,"
    "date_of_birth,sex,ethnicity,legal_status,sentence_type,sentence_start_date,sentence_length_days,release_date,release_type\n"
)


def feed(*rows: str) -> None:
    result = import_feed(io.BytesIO((HEADER + "".join(f"{r}\n" for r in rows)).encode()), source="test", kind="csv")
    assert result.counts.rejected == 0, result.rejections


def reception(
    event: str, number: str, *, prison: str, at: str = "2019-06-03T09:30:00+01:00", release: str = "2019-09-20", sex: str = "F"
) -> str:
    return f"{event},RECEPTION,{at},{number},{prison},,,Jo,Bloggs,1988-02-02,{sex},W1,SENTENCED,DETERMINATE,{at[:10]},120,{release},"


def period_of(number: str) -> CustodyPeriod:
    return CustodyPeriod.objects.select_related("person", "current_prison").get(person__prison_number=number)


def allocate(period: CustodyPeriod, officer: Any) -> CustodyPeriod:
    """The NPS allocates the person's case to the officer (rule R-F2a: buying needs a case the buyer holds)."""
    hold_case(custody_period=period, officer=officer, source=ProbationCase.Source.ALLOCATED, by=None)
    return period


@pytest.fixture
def leaving(personas: dict[str, Any]) -> CustodyPeriod:
    """A woman in custody at HMP New Hall (not a resettlement prison in the test estate), release due 20
    September 2019, whose case the responsible officer holds."""
    feed(reception("p1", "B1000PY", prison="NHI"))
    return allocate(period_of("B1000PY"), personas[Role.RESPONSIBLE_OFFICER])


@pytest.fixture
def at_altcourse(personas: dict[str, Any]) -> CustodyPeriod:
    """A man at HMP Altcourse: a resettlement prison served by Merseyside CRC (his case allocated to the
    responsible officer too, so that the NPS's refusal there is for the prison, R-F2)."""
    feed(reception("p2", "B2000PY", prison="ACI", sex="M"))
    return allocate(period_of("B2000PY"), personas[Role.RESPONSIBLE_OFFICER])


@pytest.fixture
def card(personas: dict[str, Any]) -> RateCard:
    return RateCard.objects.get(crc__code="MERSEYSIDE", published=True)


@pytest.fixture
def sessions(card: RateCard) -> RateCardItem:
    """£95.00 a session, delivered by Mersey Women's Centre, which the CRC pays £80.00."""
    return card.items.get(title="Women's centre key-work session")


@pytest.fixture
def outcome(card: RateCard) -> RateCardItem:
    return card.items.get(title="Accommodation secured on release")


@pytest.fixture
def purchase(personas: dict[str, Any], leaving: CustodyPeriod, sessions: RateCardItem) -> Purchase:
    return services.make_purchase(by=personas[Role.RESPONSIBLE_OFFICER], custody_period=leaving, item=sessions, units=3)


@pytest.fixture
def earlier_purchase(personas: dict[str, Any], leaving: CustodyPeriod, sessions: RateCardItem) -> Purchase:
    """The same purchase, made on 1 July 2019."""
    from django.test.utils import override_settings

    with override_settings(TTG_NOW="2019-07-01T10:00:00+01:00"):
        return services.make_purchase(by=personas[Role.RESPONSIBLE_OFFICER], custody_period=leaving, item=sessions, units=3)
