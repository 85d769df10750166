"""The custody rules of the feed importer (ttg/people/rules.py): named cases, boundaries and properties.

No database and no Django: plain functions over plain values. The importer's own tests
(test_importer.py) show the same rules through the database.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import types
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ttg.people import rules
from ttg.people.feed import FeedRow
from ttg.people.rules import (
    APPLIED,
    CONFLICT_MESSAGE,
    LONDON,
    PENDING,
    RECEPTION,
    RELEASE,
    SENTENCE,
    TRANSFER,
    Identity,
    Movement,
    Outcome,
    Period,
    Refused,
    ReleaseDateChange,
    Replay,
    Step,
    Waiting,
    after,
    decide,
    outcome,
    reception,
    release,
    replay,
    sentence,
    transfer,
)

BST = timezone(timedelta(hours=1))
NUMBER = "A1234BC"
JOHN = Identity("John", "Smith", date(1985, 3, 14), "M", "W1")
RECEIVED = datetime(2018, 9, 28, 10, 15, tzinfo=BST)


def received(**over: Any) -> FeedRow:
    """The sample feed's first reception (ev-0001): John Smith, sentenced, at HMP Leeds (LEI)."""
    values: dict[str, Any] = {
        "event_type": RECEPTION,
        "occurred_at": RECEIVED,
        "prison_number": NUMBER,
        "prison_code": "LEI",
        "first_name": JOHN.first_name,
        "last_name": JOHN.last_name,
        "date_of_birth": JOHN.date_of_birth,
        "sex": JOHN.sex,
        "ethnicity": JOHN.ethnicity,
        "legal_status": "SENTENCED",
        "sentence_type": "DETERMINATE",
        "sentence_start_date": date(2018, 9, 27),
        "sentence_length_days": 365,
        "release_date": date(2019, 3, 27),
    }
    values.update(over)
    return FeedRow(line=None, event_id="test", content_hash="", **values)


def event(event_type: str, when: datetime, **over: Any) -> FeedRow:
    return FeedRow(line=None, event_id="test", event_type=event_type, occurred_at=when, prison_number=NUMBER, content_hash="", **over)


def open_period(**over: Any) -> Period:
    """John's custody period as ev-0001 opens it."""
    values: dict[str, Any] = {
        "received_at": RECEIVED,
        "reception_date": date(2018, 9, 28),
        "reception_prison": "LEI",
        "current_prison": "LEI",
        "legal_status": "SENTENCED",
        "sentence_type": "DETERMINATE",
        "sentence_start_date": date(2018, 9, 27),
        "sentence_length_days": 365,
        "release_date": date(2019, 3, 27),
    }
    values.update(over)
    return Period(**values)


def step(result: Outcome) -> Step:
    assert isinstance(result, Step), result
    return result


def text(event: FeedRow, period: Period | None, known: Identity | None = None) -> str:
    return " ".join(decide(event, period, known).reasons)


# --------------------------------------------------------------------------------------------------
# An event id seen before (custody-feed.md, guarantee 1)
# --------------------------------------------------------------------------------------------------


class TestReplay:
    def test_an_event_id_never_seen_is_new(self) -> None:
        decision = replay(None, "hash")
        assert decision.value is Replay.NEW
        assert "rule C6, in force throughout the service" in decision.reasons[0]

    def test_the_same_content_applied_before_is_a_duplicate(self) -> None:
        assert replay(("hash", APPLIED), "hash").value is Replay.DUPLICATE

    def test_the_same_content_that_waited_is_tried_again(self) -> None:
        decision = replay(("hash", PENDING), "hash")
        assert decision.value is Replay.RETRY
        assert "rule C7, in force throughout the service" in decision.reasons[0]

    @pytest.mark.parametrize("outcome_before", [APPLIED, PENDING])
    def test_other_content_is_a_conflict_whatever_happened_before(self, outcome_before: str) -> None:
        decision = replay(("hash", outcome_before), "other hash")
        assert decision.value is Replay.CONFLICT
        assert decision.reasons[0].startswith(CONFLICT_MESSAGE.removesuffix("."))

    @given(st.none() | st.tuples(st.sampled_from(["a", "b"]), st.sampled_from([APPLIED, PENDING])), st.sampled_from(["a", "b"]))
    def test_exactly_one_answer_for_every_case(self, known: tuple[str, str] | None, content_hash: str) -> None:
        expected = (
            Replay.NEW
            if known is None
            else Replay.CONFLICT
            if known[0] != content_hash
            else Replay.DUPLICATE
            if known[1] == APPLIED
            else Replay.RETRY
        )
        decision = replay(known, content_hash)
        assert decision.value is expected
        assert len(decision.reasons) == 1 and decision.reasons[0].endswith(").")


# --------------------------------------------------------------------------------------------------
# RECEPTION
# --------------------------------------------------------------------------------------------------


class TestReception:
    def test_a_reception_opens_a_custody_period_at_its_prison(self) -> None:
        s = step(reception(received(), None, None))
        assert s.changes == {}
        assert (
            s.opens
            == after(None, s)
            == Period(
                received_at=RECEIVED,
                reception_date=date(2018, 9, 28),
                reception_prison="LEI",
                current_prison="LEI",
                legal_status="SENTENCED",
                sentence_type="DETERMINATE",
                sentence_start_date=date(2018, 9, 27),
                sentence_length_days=365,
                release_date=date(2019, 3, 27),
                released_at=None,
                release_type="",
            )
        )
        assert s.movement == Movement(RECEPTION, RECEIVED, None, "LEI")

    def test_its_release_date_starts_the_history_of_release_dates(self) -> None:
        s = step(reception(received(), None, JOHN))
        assert s.release_change == ReleaseDateChange(RECEIVED, None, date(2019, 3, 27))

    def test_a_remand_reception_has_no_sentence_and_no_release_date_change(self) -> None:
        remand = received(legal_status="REMAND", sentence_type="", sentence_start_date=None, sentence_length_days=None, release_date=None)
        s = step(reception(remand, None, None))
        assert s.opens is not None
        assert (s.opens.legal_status, s.opens.sentence_type, s.opens.sentence_start_date, s.opens.release_date) == (
            "REMAND",
            "",
            None,
            None,
        )
        assert s.release_change is None

    def test_a_new_person_is_recorded_with_the_prisons_identity(self) -> None:
        s = step(reception(received(), None, None))
        assert s.identity == JOHN
        assert "prison number is new" in text(received(), None, None)

    def test_the_same_identity_changes_nothing(self) -> None:
        assert step(reception(received(), None, JOHN)).identity is None
        assert "does not change" in text(received(), None, JOHN)

    @pytest.mark.parametrize(
        "field, value",
        [("first_name", "Jon"), ("last_name", "Smith-Jones"), ("date_of_birth", date(1985, 3, 15)), ("sex", "F"), ("ethnicity", "")],
    )
    def test_the_prisons_identity_replaces_ours_when_any_part_differs(self, field: str, value: Any) -> None:
        changed = received(**{field: value})
        s = step(reception(changed, None, JOHN))
        assert s.identity == JOHN._replace(**{field: value})
        assert "the prison's is the truth" in text(changed, None, JOHN)

    @pytest.mark.parametrize(
        "at, reception_date",
        [
            # The day in England and Wales, not the day of the offset the feed sent.
            (datetime(2018, 10, 1, 23, 30, tzinfo=UTC), date(2018, 10, 2)),  # 00:30 BST
            (datetime(2018, 10, 1, 22, 59, 59, tzinfo=UTC), date(2018, 10, 1)),  # 23:59:59 BST
            (datetime(2018, 12, 31, 23, 59, 59, tzinfo=UTC), date(2018, 12, 31)),  # GMT: the same day
            (datetime(2019, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=5))), date(2018, 12, 31)),  # 19:30 GMT the day before
            (datetime(2019, 3, 31, 0, 59, tzinfo=UTC), date(2019, 3, 31)),  # just before the clocks go forward
            (datetime(2019, 3, 30, 23, 30, tzinfo=timezone(timedelta(hours=-1))), date(2019, 3, 31)),  # 00:30 UTC, 31 March
            (datetime(2019, 10, 26, 23, 30, tzinfo=UTC), date(2019, 10, 27)),  # 00:30 BST on the day the clocks go back
        ],
    )
    def test_the_reception_date_is_the_day_in_england_and_wales(self, at: datetime, reception_date: date) -> None:
        s = step(reception(received(occurred_at=at), None, None))
        assert after(None, s).reception_date == reception_date
        assert after(None, s).received_at == at  # the moment as sent

    @pytest.mark.parametrize("prison", ["LEI", "HMI"])
    @pytest.mark.parametrize("when", [RECEIVED - timedelta(days=400), RECEIVED, RECEIVED + timedelta(days=30)])
    def test_a_reception_while_a_period_is_open_waits_for_its_release(self, prison: str, when: datetime) -> None:
        """Wherever the open period is (the same prison or another) and whenever it began."""
        again = received(occurred_at=when, prison_code=prison, first_name="Johnny")
        result = reception(again, open_period(current_prison="BZI"), JOHN)
        assert result == Waiting("A1234BC is already in custody: waiting for their release")
        words = text(again, open_period(current_prison="BZI"), JOHN)
        assert "10:15am on 28 September 2018" in words and "now at BZI" in words and "rule C7" in words

    @given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.sampled_from([UTC, BST, LONDON])))
    def test_every_reception_date_is_the_london_date(self, at: datetime) -> None:
        assert after(None, step(reception(received(occurred_at=at), None, None))).reception_date == at.astimezone(LONDON).date()


# --------------------------------------------------------------------------------------------------
# When a TRANSFER, SENTENCE or RELEASE cannot apply
# --------------------------------------------------------------------------------------------------

LATER = datetime(2018, 12, 10, 8, 30, tzinfo=UTC)
NOT_RECEIVED_EVENTS = [
    event(TRANSFER, LATER, from_prison_code="LEI", to_prison_code="HMI"),
    event(
        SENTENCE, LATER, prison_code="LEI", legal_status="SENTENCED", sentence_type="INDETERMINATE", sentence_start_date=date(2018, 12, 10)
    ),
    event(RELEASE, LATER, prison_code="LEI", release_type="CONDITIONAL"),
]


def at_time(e: FeedRow, when: datetime) -> FeedRow:
    return dataclasses.replace(e, occurred_at=when)


class TestWhenAnEventCannotApply:
    @pytest.mark.parametrize("e", NOT_RECEIVED_EVENTS, ids=lambda e: e.event_type)
    def test_it_waits_for_a_reception_while_the_person_has_no_open_period(self, e: FeedRow) -> None:
        assert outcome(e, None, JOHN) == Waiting("A1234BC is not in custody yet: waiting for their reception")
        assert "applies once a reception opens one" in text(e, None, JOHN)

    @pytest.mark.parametrize("e", NOT_RECEIVED_EVENTS, ids=lambda e: e.event_type)
    def test_it_is_refused_when_dated_before_the_reception_of_the_open_period(self, e: FeedRow) -> None:
        early = at_time(e, RECEIVED - timedelta(microseconds=1))
        kind = e.event_type.lower()
        assert outcome(early, open_period(), JOHN) == Refused(
            "occurred_at", f"This {kind} is before the reception it belongs to (2018-09-28T10:15:00+01:00)."
        )
        assert "rule C8" in text(early, open_period(), JOHN)

    @pytest.mark.parametrize("e", NOT_RECEIVED_EVENTS, ids=lambda e: e.event_type)
    @pytest.mark.parametrize(
        "when",
        [RECEIVED, RECEIVED.astimezone(UTC), RECEIVED.astimezone(timezone(timedelta(hours=-5)))],
        ids=["same instant", "same instant in UTC", "same instant at -05:00"],
    )
    def test_an_event_at_the_moment_of_reception_applies(self, e: FeedRow, when: datetime) -> None:
        assert isinstance(outcome(at_time(e, when), open_period(), JOHN), Step)

    def test_a_period_received_later_than_the_event_refuses_it_even_one_day_on(self) -> None:
        """The refusal compares moments, not dates: 09:00 on the day of a 10:15 reception is before it."""
        e = at_time(NOT_RECEIVED_EVENTS[2], datetime(2018, 9, 28, 9, 0, tzinfo=BST))
        assert isinstance(outcome(e, open_period(), JOHN), Refused)


# --------------------------------------------------------------------------------------------------
# TRANSFER, SENTENCE, RELEASE
# --------------------------------------------------------------------------------------------------


class TestTransfer:
    def test_a_transfer_moves_the_open_period_to_its_prison(self) -> None:
        e = event(TRANSFER, LATER, from_prison_code="LEI", to_prison_code="HMI")
        s = step(transfer(e, open_period(), None))
        assert s.changes == {"current_prison": "HMI"} and s.opens is None
        assert after(open_period(), s) == open_period(current_prison="HMI")
        assert s.movement == Movement(TRANSFER, LATER, "LEI", "HMI")
        assert (s.release_change, s.identity) == (None, None)
        assert "from LEI to HMI" in text(e, open_period())

    def test_the_movement_is_from_the_prison_the_feed_names(self) -> None:
        """The feed, not our record of the current prison, says where the person left."""
        e = event(TRANSFER, LATER, from_prison_code="BZI", to_prison_code="HMI")
        s = step(transfer(e, open_period(current_prison="LEI"), None))
        assert s.movement == Movement(TRANSFER, LATER, "BZI", "HMI")
        assert after(open_period(current_prison="LEI"), s) == open_period(current_prison="HMI")


class TestSentence:
    def test_sentencing_after_remand_sets_the_sentence_and_starts_the_release_dates(self) -> None:
        remand = open_period(
            legal_status="REMAND", sentence_type="", sentence_start_date=None, sentence_length_days=None, release_date=None
        )
        e = event(
            SENTENCE,
            LATER,
            prison_code="BZI",
            legal_status="SENTENCED",
            sentence_type="DETERMINATE",
            sentence_start_date=date(2018, 12, 12),
            sentence_length_days=240,
            release_date=date(2019, 4, 12),
        )
        s = step(sentence(e, remand, None))
        assert after(remand, s) == remand._replace(
            legal_status="SENTENCED",
            sentence_type="DETERMINATE",
            sentence_start_date=date(2018, 12, 12),
            sentence_length_days=240,
            release_date=date(2019, 4, 12),
        )
        assert s.release_change == ReleaseDateChange(LATER, None, date(2019, 4, 12))
        assert s.movement is None
        words = text(e, remand)
        assert "determinate sentence of 240 days from 12 December 2018" in words and "Release date 12 April 2019" in words

    def test_a_changed_release_date_is_recorded(self) -> None:
        e = event(
            SENTENCE,
            LATER,
            prison_code="LEI",
            legal_status="SENTENCED",
            sentence_type="DETERMINATE",
            sentence_start_date=date(2018, 9, 27),
            sentence_length_days=300,
            release_date=date(2019, 2, 1),
        )
        s = step(sentence(e, open_period(), None))
        assert s.release_change == ReleaseDateChange(LATER, date(2019, 3, 27), date(2019, 2, 1))
        assert "Release date 1 February 2019, was 27 March 2019" in text(e, open_period())

    def test_the_same_release_date_is_no_change(self) -> None:
        e = event(
            SENTENCE,
            LATER,
            prison_code="LEI",
            legal_status="RECALL",
            sentence_type="DETERMINATE",
            sentence_start_date=date(2018, 9, 27),
            sentence_length_days=365,
            release_date=date(2019, 3, 27),
        )
        s = step(sentence(e, open_period(), None))
        assert s.release_change is None and after(open_period(), s) == open_period(legal_status="RECALL")

    def test_an_indeterminate_sentence_has_no_release_date_and_that_is_a_change(self) -> None:
        e = event(
            SENTENCE,
            LATER,
            prison_code="LEI",
            legal_status="SENTENCED",
            sentence_type="INDETERMINATE",
            sentence_start_date=date(2018, 12, 10),
        )
        s = step(sentence(e, open_period(), None))
        period = after(open_period(), s)
        assert (period.sentence_type, period.sentence_length_days, period.release_date) == ("INDETERMINATE", None, None)
        assert s.release_change == ReleaseDateChange(LATER, date(2019, 3, 27), None)
        assert "Release date none, was 27 March 2019" in text(e, open_period())

    def test_without_a_sentence_type_only_the_legal_status_changes(self) -> None:
        e = event(SENTENCE, LATER, prison_code="LEI", legal_status="REMAND")
        s = step(sentence(e, open_period(), None))
        assert s.changes == {"legal_status": "REMAND"}
        assert after(open_period(), s) == open_period(legal_status="REMAND")
        assert s.release_change is None
        assert "stay as they were" in text(e, open_period())


class TestRelease:
    def test_a_release_closes_the_open_period_from_the_prison_it_is_in(self) -> None:
        when = datetime(2019, 3, 27, 9, 0, tzinfo=UTC)
        e = event(RELEASE, when, prison_code="LEI", release_type="CONDITIONAL")
        s = step(release(e, open_period(current_prison="HMI"), None))
        assert s.changes == {"released_at": when, "release_type": "CONDITIONAL"}
        assert after(open_period(current_prison="HMI"), s) == open_period(
            current_prison="HMI", released_at=when, release_type="CONDITIONAL"
        )
        assert s.movement == Movement(RELEASE, when, "HMI", None)  # not the event's prison_code
        assert (s.release_change, s.identity) == (None, None)
        assert "Released at 9am on 27 March 2019 from HMI (CONDITIONAL)" in text(e, open_period(current_prison="HMI"))


# --------------------------------------------------------------------------------------------------
# Properties: every outcome, and a person's custody over any sequence of events
# --------------------------------------------------------------------------------------------------

PRISONS = ["LEI", "HMI", "BZI"]
START = datetime(2018, 1, 1, tzinfo=UTC)
moments = (
    st.integers(min_value=0, max_value=400 * 24 * 60)
    .map(lambda minutes: START + timedelta(minutes=minutes))
    .flatmap(lambda at: st.sampled_from([at, at.astimezone(BST), at.astimezone(LONDON)]))
)
dates = st.dates(min_value=date(2018, 1, 1), max_value=date(2024, 12, 31))
identities = st.builds(
    Identity,
    st.sampled_from(["John", "Jon"]),
    st.sampled_from(["Smith", "Smyth"]),
    st.sampled_from([date(1985, 3, 14), date(1985, 3, 15)]),
    st.sampled_from(["M", "F"]),
    st.sampled_from(["W1", "A2", ""]),
)
sentences = st.one_of(
    st.just(("", None, None, None)),
    st.tuples(st.just("DETERMINATE"), dates, st.integers(1, 4000), dates),
    st.tuples(st.just("INDETERMINATE"), dates, st.none(), st.none()),
)


@st.composite
def feed_events(draw: st.DrawFn) -> FeedRow:
    kind = draw(st.sampled_from([RECEPTION, TRANSFER, SENTENCE, RELEASE]))
    when = draw(moments)
    if kind == TRANSFER:
        from_code, to_code = draw(st.lists(st.sampled_from(PRISONS), min_size=2, max_size=2, unique=True))
        return event(TRANSFER, when, from_prison_code=from_code, to_prison_code=to_code)
    if kind == RELEASE:
        return event(
            RELEASE, when, prison_code=draw(st.sampled_from(PRISONS)), release_type=draw(st.sampled_from(["CONDITIONAL", "PAROLE"]))
        )
    sentence_type, start, length, release_date = draw(sentences)
    status = draw(st.sampled_from(["REMAND", "SENTENCED", "RECALL"]))
    details = {
        "prison_code": draw(st.sampled_from(PRISONS)),
        "legal_status": status,
        "sentence_type": sentence_type,
        "sentence_start_date": start,
        "sentence_length_days": length,
        "release_date": release_date,
    }
    if kind == SENTENCE:
        return event(SENTENCE, when, **details)
    identity = draw(identities)
    return event(RECEPTION, when, **details, **identity._asdict())


periods = st.builds(
    lambda at, prison, current, status, sentence: Period(
        at, at.astimezone(LONDON).date(), prison, current, status, sentence[0], sentence[1], sentence[2], sentence[3]
    ),
    moments,
    st.sampled_from(PRISONS),
    st.sampled_from(PRISONS),
    st.sampled_from(["REMAND", "SENTENCED", "RECALL"]),
    sentences,
)


@settings(max_examples=300)
@given(feed_events(), st.none() | periods, st.none() | identities)
def test_every_event_has_one_outcome_and_its_reasons(e: FeedRow, period: Period | None, known: Identity | None) -> None:
    result = outcome(e, period, known)
    decision = decide(e, period, known)
    assert decision.value == result  # decide explains; it decides nothing else
    assert decision.reasons and all(
        r.endswith(").") and re.search(r"rule C[1-8], in force throughout the service\)\.$", r) for r in decision.reasons
    )
    if e.event_type == RECEPTION:
        assert isinstance(result, Waiting) == (period is not None)
    elif period is None:
        assert isinstance(result, Waiting)
    else:
        assert isinstance(result, Refused) == (e.occurred_at < period.received_at)
    if isinstance(result, Step):
        s = result
        assert (s.opens is not None) == (e.event_type == RECEPTION)
        after_it = after(period, s)
        assert after_it.released_at is None or e.event_type == RELEASE
        if e.event_type != RECEPTION:
            assert period is not None and s.changes
            assert set(s.changes) <= set(Period._fields)
            # What each event type never touches.
            assert after_it[:3] == period[:3]  # received_at, reception_date, reception_prison
            if e.event_type != TRANSFER:
                assert after_it.current_prison == period.current_prison
            if e.event_type != SENTENCE:
                assert after_it[4:9] == period[4:9]  # the legal status and the sentence
            change = s.release_change
            assert (change is None) == (after_it.release_date == period.release_date)
            if change is not None:
                assert (change.old_release_date, change.new_release_date) == (period.release_date, after_it.release_date)
        assert s.identity is None or e.event_type == RECEPTION
        assert (s.movement is None) == (e.event_type == SENTENCE)


def run(events: list[FeedRow]) -> tuple[list[tuple[Period, list[Movement], list[ReleaseDateChange]]], list[str]]:
    """One person's events applied in time order, as the importer applies them (no retries): the custody
    periods with their movements and release-date changes, and what happened to each event."""
    periods: list[tuple[Period, list[Movement], list[ReleaseDateChange]]] = []
    current: tuple[Period, list[Movement], list[ReleaseDateChange]] | None = None
    known: Identity | None = None
    happened = []
    for e in sorted(events, key=lambda e: e.occurred_at):
        result = outcome(e, current[0] if current else None, known)
        happened.append(type(result).__name__)
        if not isinstance(result, Step):
            continue
        if current is None:
            current = (after(None, result), [], [])
            periods.append(current)
        else:
            current = (after(current[0], result), current[1], current[2])
            periods[-1] = current
        if result.identity is not None:
            known = result.identity
        if result.movement is not None:
            current[1].append(result.movement)
        if result.release_change is not None:
            current[2].append(result.release_change)
        if current[0].released_at is not None:
            current = None
    return periods, happened


@settings(max_examples=300)
@given(st.lists(feed_events(), max_size=12))
def test_any_sequence_of_events_keeps_a_persons_custody_consistent(events: list[FeedRow]) -> None:
    periods, happened = run(events)
    assert len(happened) == len(events)
    assert sum(1 for p, _, _ in periods if p.released_at is None) <= 1
    assert all(p.released_at is not None for p, _, _ in periods[:-1])  # only the last can be open
    for index, (period, movements, changes) in enumerate(periods):
        # Movements: a reception into the reception prison, transfers, then a release out of the prison it was in.
        assert movements[0] == Movement(RECEPTION, period.received_at, None, period.reception_prison)
        assert all(m.kind == TRANSFER for m in movements[1:-1])
        where: str | None = period.reception_prison
        for m in movements[1:]:
            if m.kind == TRANSFER:
                where = m.to_prison  # (from the prison the feed names: it may differ from ours)
            else:
                assert m == (RELEASE, period.released_at, where, None)
        assert period.current_prison == where
        assert all(m.occurred_at >= period.received_at for m in movements)
        # The history of release dates chains from none to the period's release date.
        expected_old: date | None = None
        for change in changes:
            assert change.old_release_date == expected_old and change.new_release_date != expected_old
            expected_old = change.new_release_date
        assert period.release_date == expected_old
        # The next custody period begins at or after the release.
        if index + 1 < len(periods):
            assert period.released_at is not None and periods[index + 1][0].received_at >= period.released_at


@given(feed_events(), st.none() | periods, st.none() | identities)
def test_the_rules_are_pure(e: FeedRow, period: Period | None, known: Identity | None) -> None:
    """Nothing read is changed, even an open period that could be (the importer passes its own objects)."""
    before = (dataclasses.astuple(e), period, known)
    result = outcome(e, period, known)
    assert outcome(e, period, known) == result
    assert (dataclasses.astuple(e), period, known) == before
    if period is not None:
        mutable = types.SimpleNamespace(**period._asdict())
        assert outcome(e, mutable, known) == result
        assert vars(mutable) == period._asdict()


# --------------------------------------------------------------------------------------------------
# How the importer uses these values
# --------------------------------------------------------------------------------------------------


def test_every_event_type_has_its_rule() -> None:
    assert set(rules.RULE_FOR_EVENT_TYPE) == set(rules.EVENT_TYPES)
    assert set(rules.EVENT_TYPES) == {"RECEPTION", "TRANSFER", "SENTENCE", "RELEASE"}


def test_the_values_are_in_the_importers_column_order() -> None:
    """The importer writes people and custody periods from these tuples as they are."""
    from ttg.people.importer import PERIOD_FIELDS, PERSON_FIELDS

    assert list(Identity._fields) == PERSON_FIELDS
    assert [f.replace("prison", "prison_id") if f.endswith("prison") else f for f in Period._fields[3:]] == PERIOD_FIELDS


def test_no_django() -> None:
    code = "import sys, ttg.people.rules; bad = [m for m in sys.modules if m.split('.')[0] == 'django']; assert not bad, bad"
    subprocess.run([sys.executable, "-c", code], check=True)
