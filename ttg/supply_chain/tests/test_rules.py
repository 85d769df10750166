"""R-R1: in a CRC's supply chain on a day — boundary dates written out by hand, and properties."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ttg.supply_chain.rules import Membership, Named, in_supply_chain

MWC = Named(1, "Mersey Women's Centre")
GATEWAY = Named(2, "Gateway Housing Trust")
MERSEYSIDE = Named(10, "Merseyside CRC")
CHESHIRE = Named(11, "Cheshire and Greater Manchester CRC")
ALTCOURSE = Named("ACI", "HMP Altcourse")
LIVERPOOL = Named("LPI", "HMP Liverpool")

OPEN = Membership(MWC, MERSEYSIDE, "accommodation", ALTCOURSE, date(2019, 4, 1), None, "MCRC-2019-004")
ENDED = Membership(MWC, MERSEYSIDE, "accommodation", ALTCOURSE, date(2017, 1, 1), date(2018, 12, 31), "MCRC-2017-001")


def ask(memberships: list[Membership], on: date, **overrides: object) -> tuple[bool, tuple[str, ...]]:
    args = {"organisation": MWC, "crc": MERSEYSIDE, "pathway": "accommodation", "prison": ALTCOURSE, **overrides}
    decision = in_supply_chain(memberships, on=on, **args)  # type: ignore[arg-type]
    return decision.value, decision.reasons


def test_the_reason_names_organisation_crc_pathway_prison_date_and_contract() -> None:
    value, reasons = ask([OPEN], date(2019, 9, 2))
    assert value is True
    assert reasons == (
        "Mersey Women's Centre is in Merseyside CRC's supply chain for accommodation at HMP Altcourse since 1 April 2019 "
        "under contract MCRC-2019-004 (rule R-R1, in force throughout the service).",
    )


def test_boundaries_of_an_open_row() -> None:
    assert ask([OPEN], date(2019, 3, 31))[0] is False
    assert ask([OPEN], date(2019, 4, 1))[0] is True
    assert ask([OPEN], date(2019, 4, 2))[0] is True
    assert ask([OPEN], date(2019, 3, 31))[1] == (
        "Mersey Women's Centre joins Merseyside CRC's supply chain for accommodation at HMP Altcourse on 1 April 2019 "
        "under contract MCRC-2019-004 (rule R-R1, in force throughout the service).",
    )


def test_boundaries_of_an_ended_row_include_its_last_day() -> None:
    assert ask([ENDED], date(2016, 12, 31))[0] is False
    assert ask([ENDED], date(2017, 1, 1))[0] is True
    assert ask([ENDED], date(2018, 12, 30))[0] is True
    assert ask([ENDED], date(2018, 12, 31))[0] is True  # the until-day is included
    value, reasons = ask([ENDED], date(2019, 1, 1))
    assert value is False
    assert reasons == (
        "Mersey Women's Centre was in Merseyside CRC's supply chain for accommodation at HMP Altcourse from 1 January 2017 "
        "until 31 December 2018 under contract MCRC-2017-001 (rule R-R1, in force throughout the service).",
    )


def test_a_one_day_row() -> None:
    one_day = Membership(MWC, MERSEYSIDE, "ete", LIVERPOOL, date(2019, 5, 5), date(2019, 5, 5), "X-1")
    assert [ask([one_day], date(2019, 5, d), pathway="ete", prison=LIVERPOOL)[0] for d in (4, 5, 6)] == [False, True, False]


def test_the_reason_names_the_end_date_of_a_covering_row() -> None:
    _, reasons = ask([ENDED], date(2018, 6, 1))
    assert "since 1 January 2017 until 31 December 2018 under contract MCRC-2017-001" in reasons[0]


def test_other_organisation_crc_pathway_or_prison_do_not_count() -> None:
    on = date(2019, 9, 2)
    assert ask([OPEN], on, organisation=GATEWAY) == (
        False,
        (
            "Gateway Housing Trust is not in Merseyside CRC's supply chain for accommodation at HMP Altcourse "
            "(rule R-R1, in force throughout the service).",
        ),
    )
    assert ask([OPEN], on, crc=CHESHIRE)[0] is False
    assert ask([OPEN], on, pathway="ete")[0] is False
    assert ask([OPEN], on, prison=LIVERPOOL)[0] is False
    assert "for education, training and employment at HMP Liverpool" in ask([], on, pathway="ete", prison=LIVERPOOL)[1][0]


def test_history_and_a_current_row_together() -> None:
    assert ask([ENDED, OPEN], date(2019, 2, 1))[0] is False
    assert len(ask([ENDED, OPEN], date(2019, 2, 1))[1]) == 2  # one reason per row: ended, and starting later
    assert ask([ENDED, OPEN], date(2019, 4, 1))[0] is True


days = st.dates(min_value=date(2015, 1, 1), max_value=date(2022, 12, 31))


@given(since=days, length=st.one_of(st.none(), st.integers(min_value=0, max_value=2000)), on=days)
def test_in_exactly_when_since_le_on_le_until(since: date, length: int | None, on: date) -> None:
    until = None if length is None else since + timedelta(days=length)
    row = Membership(MWC, MERSEYSIDE, "accommodation", ALTCOURSE, since, until, "R")
    expected = since <= on and (until is None or on <= until)
    value, reasons = ask([row], on)
    assert value is expected
    assert reasons and all("rule R-R1" in r for r in reasons)


@given(on=days)
def test_nothing_is_in_an_empty_register(on: date) -> None:
    assert ask([], on)[0] is False
