"""Applying the custody feed to the database, with every guarantee of custody-feed.md.

1. Rows are validated once, as they are read (feed.py). Valid rows are sorted by occurred_at (an
   external merge sort through temporary files, so a file of any size is held in memory only a run
   at a time) and merged with events left pending by earlier runs. The sorted runs carry each row's
   checked values, so nothing is validated twice.
2. Events are applied in chunks. A chunk is one transaction: a crash or a killed process leaves no
   half-applied event, and running the file again applies what was lost (the feed event ids say
   what is already done). Each event inside a chunk succeeds or is reported on its own.
3. The same event id with the same content is a duplicate (nothing to do); with different content,
   a conflict (reported, not applied). An event that cannot apply yet (a transfer for someone never
   received) is kept as pending and tried again, in time order, by every later run.

A chunk is applied in Python to light objects, then written in bulk. On PostgreSQL new rows go in
with COPY (new ids reserved from the sequences in one query) and changed rows are updated with one
set-based UPDATE per table; other databases use the generic bulk path. A chunk that meets a unique
constraint (another import wrote the same person or event at the same moment) is rolled back and
applied again from what is now committed.
"""

from __future__ import annotations

import heapq
import json
import logging
import marshal
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import IO, Any

from django.conf import settings
from django.db import IntegrityError, OperationalError, connections, router, transaction
from django.db.models import F
from django.utils import translation

from ttg.core import clock
from ttg.core.audit import record_change
from ttg.estate.models import Prison

from . import rules
from .feed import FIELDS, MAX_LINE_BYTES, FeedRow, FeedUnreadable, Rejection, read_feed, validate
from .models import CustodyPeriod, FeedEvent, ImportRun, Movement, Person, RejectedRow, ReleaseDateChange
from .signals import custody_written

log = logging.getLogger("ttg.people.importer")

CHUNK_SIZE = 2000  # events per transaction on databases without COPY
ANALYZE_AFTER = 10_000  # applied events after which PostgreSQL's statistics are refreshed (ANALYZE)
POSTGRES_CHUNK_SIZE = 50_000  # events per transaction on PostgreSQL: tens of MB of Python objects
SORT_RUN_SIZE = 100_000
RUN_BLOCK = 5000  # records per marshal block in a sorted run file
REJECTION_BATCH = 1000
CHUNK_ATTEMPTS = 3  # a chunk that meets a concurrent import's rows is applied again
DEADLOCK_DETECTED = "40P01"  # PostgreSQL's SQLSTATE

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)

# A record is one valid event on its way through the sort:
#   (time key in microseconds, line or 0, source, content hash, values aligned to FIELDS)
# `source` is the index of the sorted run it came from, so records never compare past it.
Record = tuple[int, int, int, str, tuple[str, ...]]


@dataclass
class Counts:
    rows: int = 0
    applied: int = 0
    duplicates: int = 0
    pending: int = 0
    conflicts: int = 0
    rejected: int = 0


@dataclass
class ImportResult:
    run: ImportRun
    counts: Counts
    rejections: list[Rejection] = field(default_factory=list)


# --- events on their way through ----------------------------------------------------------------


def _record(row: FeedRow, source: int) -> Record:
    raw = row.raw
    values = tuple([raw.get(name, "") for name in FIELDS])
    return ((row.occurred_at - EPOCH) // MICROSECOND, row.line or 0, source, row.content_hash, values)


class _Event:
    """A validated event: the values as sent, with dates, times and numbers parsed again (cheap,
    and already checked by feed.validate before the row was sorted)."""

    __slots__ = (
        "content_hash",
        "date_of_birth",
        "ethnicity",
        "event_id",
        "event_type",
        "first_name",
        "from_prison_code",
        "last_name",
        "legal_status",
        "line",
        "occurred_at",
        "prison_code",
        "prison_number",
        "release_date",
        "release_type",
        "sentence_length_days",
        "sentence_start_date",
        "sentence_type",
        "sex",
        "to_prison_code",
        "values",
    )

    def __init__(self, line: int | None, content_hash: str, values: tuple[str, ...]):
        # Unpacked in feed.FIELDS order, by hand because this runs once per event
        # (test_an_event_unpacks_every_field_in_feed_order guards the order).
        self.line, self.content_hash, self.values = line, content_hash, values
        (
            self.event_id,
            self.event_type,
            occurred_at,
            self.prison_number,
            self.prison_code,
            self.from_prison_code,
            self.to_prison_code,
            self.first_name,
            self.last_name,
            date_of_birth,
            self.sex,
            self.ethnicity,
            self.legal_status,
            self.sentence_type,
            sentence_start_date,
            sentence_length_days,
            release_date,
            self.release_type,
        ) = values
        self.occurred_at = datetime.fromisoformat(occurred_at)
        self.date_of_birth = date.fromisoformat(date_of_birth) if date_of_birth else None
        self.sentence_start_date = date.fromisoformat(sentence_start_date) if sentence_start_date else None
        self.sentence_length_days = int(sentence_length_days) if sentence_length_days else None
        self.release_date = date.fromisoformat(release_date) if release_date else None

    @property
    def payload(self) -> dict[str, str]:
        """The fields as sent (empty ones left out), kept while the event is pending."""
        return {name: value for name, value in zip(FIELDS, self.values, strict=True) if value}


# --- sorting ------------------------------------------------------------------------------------


def _write_run(records: list[Record], directory: str) -> str:
    records.sort()  # by time, then line: records of one run never tie further
    with tempfile.NamedTemporaryFile("wb", dir=directory, delete=False, suffix=".run") as handle:
        for start in range(0, len(records), RUN_BLOCK):
            block = marshal.dumps(records[start : start + RUN_BLOCK])
            handle.write(len(block).to_bytes(8, "little"))
            handle.write(block)
    return handle.name


def _read_run(path: str) -> Iterator[Record]:
    # marshal, not pickle or JSON: the fastest encoding of tuples of strings and ints, and these
    # files are written and read by this process only, in its own private temporary directory.
    with open(path, "rb") as handle:
        while size := handle.read(8):
            yield from marshal.loads(handle.read(int.from_bytes(size, "little")))  # noqa: S302 - our own file, see above


# --- applying -----------------------------------------------------------------------------------
# What an event does is decided by rules.py; here it is only kept in light objects until written.


class _Person:
    """A person being written: the id is None until the writer gives it one."""

    __slots__ = ("id", "identity", "prison_number")

    def __init__(self, id: int | None, prison_number: str, identity: rules.Identity):
        self.id, self.prison_number, self.identity = id, prison_number, identity


class _Period:
    """A custody period being written: its id (None until the writer gives it one), its person, and
    the fields of a rules.Period, changed in place as the rules say (the rules read it as an
    rules.OpenPeriod)."""

    __slots__ = ("id", "person", *rules.Period._fields)

    def __init__(self, id: int | None, person: _Person, state: tuple[Any, ...]):
        self.id, self.person = id, person
        (
            self.received_at,
            self.reception_date,
            self.reception_prison,
            self.current_prison,
            self.legal_status,
            self.sentence_type,
            self.sentence_start_date,
            self.sentence_length_days,
            self.release_date,
            self.released_at,
            self.release_type,
        ) = state  # a rules.Period, or a row read in its order


class _PrisonCodes(dict[int, str]):
    """Prison id -> establishment code, for the custody periods read from the database (the rules
    speak of codes). A prison added since the import began, which another import may already have
    used, is looked up once and added to both maps."""

    def __init__(self, prisons: dict[str, int]):
        super().__init__((prison_id, code) for code, prison_id in prisons.items())
        self.prisons = prisons

    def __missing__(self, prison_id: int) -> str:
        code = Prison.objects.values_list("code", flat=True).get(pk=prison_id)
        self[prison_id], self.prisons[code] = code, prison_id
        return code


PERSON_FIELDS = ["first_name", "last_name", "date_of_birth", "sex", "ethnicity"]  # rules.Identity's order
PERIOD_FIELDS = [  # rules.Period's from current_prison on
    "current_prison_id",
    "legal_status",
    "sentence_type",
    "sentence_start_date",
    "sentence_length_days",
    "release_date",
    "released_at",
    "release_type",
]
NEW_PERIOD_FIELDS = ["person_id", "received_at", "reception_date", "reception_prison_id", *PERIOD_FIELDS]
MOVEMENT_FIELDS = ["custody_period_id", "kind", "occurred_at", "from_prison_id", "to_prison_id", "event_id"]
RELEASE_CHANGE_FIELDS = ["custody_period_id", "occurred_at", "old_release_date", "new_release_date", "event_id"]
FEED_EVENT_FIELDS = [
    "event_id",
    "content_hash",
    "event_type",
    "occurred_at",
    "prison_number",
    "outcome",
    "reason",
    "payload",
    "line",
    "import_run_id",
]

_CONFLICT, _DUPLICATE, _NEW = rules.Replay.CONFLICT, rules.Replay.DUPLICATE, rules.Replay.NEW
_replay, _rule_for, _Step, _Waiting = rules.seen, rules.RULE_FOR_EVENT_TYPE, rules.Step, rules.Waiting
_APPLIED, _PENDING = rules.APPLIED, rules.PENDING
_identity = partial(tuple.__new__, rules.Identity)  # from a row's slice, with no Python-level call


class _Chunk:
    """Applies a time-ordered batch of events to light in-memory objects; a writer then stores them.

    Rows for the writers are plain tuples in the order of the *_FIELDS lists above; a custody
    period's id is looked up at write time, since a new period has none until then.
    """

    def __init__(self, events: list[_Event], prisons: dict[str, int], run_id: int, counts: Counts, rejections: list[Rejection], store: Any):
        self.events, self.prisons, self.run_id, self.counts, self.rejections = events, prisons, run_id, counts, rejections
        known_events, people, open_periods = store.load(events)
        self.existing: dict[str, tuple[str, str]] = {event_id: (content_hash, outcome) for event_id, content_hash, outcome in known_events}
        # Rows in the column orders below: PERSON_COLUMNS; the prison number, then OPEN_PERIOD_COLUMNS.
        self.persons: dict[str, _Person] = {row[1]: _Person(row[0], row[1], _identity(row[2:])) for row in people}
        codes, persons = _PrisonCodes(prisons), self.persons
        self.open: dict[str, _Period] = {
            row[0]: _Period(row[1], persons[row[0]], (row[2], row[3], codes[row[4]], codes[row[5]], *row[6:])) for row in open_periods
        }
        self.new_persons: list[_Person] = []
        self.changed_persons: dict[int, _Person] = {}
        self.new_periods: list[_Period] = []
        self.changed_periods: dict[int, _Period] = {}
        self.movements: list[tuple[_Period, rules.Movement, str]] = []
        self.release_changes: list[tuple[_Period, rules.ReleaseDateChange, str]] = []
        self.new_events: list[tuple[Any, ...]] = []
        self.resolved_events: list[str] = []
        self.refused_events: list[str] = []

    def apply_all(self) -> None:
        # One pass per event, so the chunk's objects and methods are looked up once, into locals.
        counts, existing, persons, open_periods, run_id = self.counts, self.existing, self.persons, self.open, self.run_id
        new_events, movements, release_changes = self.new_events.append, self.movements.append, self.release_changes.append
        new_persons, changed_persons, new_periods, changed_periods = (
            self.new_persons,
            self.changed_persons,
            self.new_periods,
            self.changed_periods,
        )
        for event in self.events:
            event_id = event.event_id
            known = existing.get(event_id)
            seen = _replay(known, event.content_hash)
            if seen is _CONFLICT:
                counts.conflicts += 1
                self.rejections.append(Rejection(event.line, event_id, "event_id", rules.CONFLICT_MESSAGE))
                continue
            if seen is _DUPLICATE:
                counts.duplicates += 1
                continue
            number = event.prison_number
            person = persons.get(number)
            period = open_periods.get(number)
            outcome = _rule_for[event.event_type](event, period, None if person is None else person.identity)  # rules.outcome()
            if type(outcome) is _Step:
                # Lay the step over the chunk's objects.
                opens, changes, movement, release_change, identity = outcome
                if opens is not None:  # a reception: a new custody period
                    if identity is not None:  # a new person, or the prison's identity differs from ours
                        if person is None:
                            person = persons[number] = _Person(None, number, identity)
                            new_persons.append(person)
                        else:
                            person.identity = identity
                            if person.id is not None:
                                changed_persons[person.id] = person
                    assert person is not None  # the rules give the identity of a person never seen
                    period = open_periods[number] = _Period(None, person, opens)
                    new_periods.append(period)
                else:
                    assert period is not None  # only a reception applies with no open custody period
                    for name, value in changes.items():
                        setattr(period, name, value)
                    if period.id is not None:
                        changed_periods[period.id] = period
                    if period.released_at is not None:
                        del open_periods[number]
                if movement is not None:
                    movements((period, movement, event_id))
                if release_change is not None:
                    release_changes((period, release_change, event_id))
                counts.applied += 1
                if seen is _NEW:
                    new_events(
                        (event_id, event.content_hash, event.event_type, event.occurred_at, number, _APPLIED, "", None, event.line, run_id)
                    )
                else:  # a pending event that can apply now
                    self.resolved_events.append(event_id)
                existing[event_id] = (event.content_hash, _APPLIED)
            elif type(outcome) is _Waiting:
                if seen is _NEW:  # kept, and tried again by every later run; one that waited before waits on
                    new_events(self._feed_event(event, _PENDING, outcome.reason))
                    existing[event_id] = (event.content_hash, _PENDING)
                    counts.pending += 1
            else:
                assert isinstance(outcome, rules.Refused)
                counts.rejected += 1
                self.rejections.append(Rejection(event.line, event_id, outcome.field, outcome.message))
                if seen is not _NEW:  # it waited, and now it never can apply: stop waiting
                    self.refused_events.append(event_id)
                    del existing[event_id]

    def _feed_event(self, event: _Event, outcome: str, reason: str = "") -> tuple[Any, ...]:
        return (
            event.event_id,
            event.content_hash,
            event.event_type,
            event.occurred_at,
            event.prison_number,
            outcome,
            reason,
            event.payload if outcome == _PENDING else None,
            event.line,
            self.run_id,
        )

    # What the writers store, in an order that keeps every constraint true: people before their
    # periods, changed (released) periods before new ones, so a new reception never meets an open
    # period, and periods before the movements and release-date changes that point at them.

    def new_person_rows(self) -> list[tuple[Any, ...]]:
        return [(p.id, p.prison_number, *p.identity) for p in self.new_persons]

    def changed_person_rows(self) -> list[tuple[Any, ...]]:
        return [(p.id, *p.identity) for p in self.changed_persons.values()]

    def new_period_rows(self, with_id: bool) -> list[tuple[Any, ...]]:
        prisons = self.prisons
        return [
            ((p.id,) if with_id else ())
            + (p.person.id, p.received_at, p.reception_date, prisons[p.reception_prison], *_period_values(p, prisons))
            for p in self.new_periods
        ]

    def changed_period_rows(self) -> list[tuple[Any, ...]]:
        prisons = self.prisons
        return [(p.id, *_period_values(p, prisons)) for p in self.changed_periods.values()]

    def movement_rows(self) -> list[tuple[Any, ...]]:
        prisons = self.prisons
        return [
            (
                period.id,
                kind,
                occurred_at,
                None if from_prison is None else prisons[from_prison],
                None if to_prison is None else prisons[to_prison],
                event_id,
            )
            for period, (kind, occurred_at, from_prison, to_prison), event_id in self.movements
        ]

    def release_change_rows(self) -> list[tuple[Any, ...]]:
        return [(period.id, *change, event_id) for period, change, event_id in self.release_changes]


def _period_values(p: _Period, prisons: dict[str, int]) -> tuple[Any, ...]:
    """PERIOD_FIELDS' values."""
    return (
        prisons[p.current_prison],
        p.legal_status,
        p.sentence_type,
        p.sentence_start_date,
        p.sentence_length_days,
        p.release_date,
        p.released_at,
        p.release_type,
    )


# --- writing: any database ----------------------------------------------------------------------


def _table(model: type[Any], field_names: list[str], connection: Any) -> tuple[str, list[str]]:
    """A model's quoted table name and column names. Names come from the model, never from input."""
    quote = connection.ops.quote_name
    columns = [quote(model._meta.get_field(name).column) for name in field_names]  # get_field knows attnames too
    return quote(model._meta.db_table), columns


def _prepared(model: type[Any], field_names: list[str], rows: list[tuple[Any, ...]], connection: Any) -> list[list[Any]]:
    fields = [model._meta.get_field(name) for name in field_names]
    return [
        [value if f.is_relation else f.get_db_prep_save(value, connection) for f, value in zip(fields, row, strict=True)] for row in rows
    ]


def _insert_rows(model: type[Any], field_names: list[str], rows: list[tuple[Any, ...]], connection: Any) -> None:
    """INSERT rows with one parameterised executemany."""
    if not rows:
        return
    table, columns = _table(model, field_names, connection)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, _prepared(model, field_names, rows, connection))


def _update_rows(model: type[Any], field_names: list[str], rows: list[tuple[Any, ...]], connection: Any) -> None:
    """UPDATE rows (id first, then the fields) by primary key with one parameterised executemany."""
    if not rows:
        return
    table, columns = _table(model, field_names, connection)
    assignments = ", ".join(f"{column} = %s" for column in columns)
    sql = f"UPDATE {table} SET {assignments} WHERE {connection.ops.quote_name(model._meta.pk.column)} = %s"  # noqa: S608
    params = [[*values, row[0]] for values, row in zip(_prepared(model, field_names, [r[1:] for r in rows], connection), rows, strict=True)]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


# What a store loads for a chunk, in these column orders: the feed events already known, the people
# named, and their open custody periods (prison number first).
KNOWN_EVENT_COLUMNS = ["event_id", "content_hash", "outcome"]
PERSON_COLUMNS = ["id", "prison_number", *PERSON_FIELDS]
OPEN_PERIOD_COLUMNS = ["id", "received_at", "reception_date", "reception_prison_id", *PERIOD_FIELDS]
Loaded = tuple[Iterable[tuple[Any, ...]], Iterable[tuple[Any, ...]], Iterable[tuple[Any, ...]]]


class _GenericStore:
    """Any database Django supports: the ORM to read, bulk_create where new ids are needed,
    executemany elsewhere."""

    def __init__(self, connection: Any):
        self.connection = connection

    def load(self, events: list[_Event]) -> Loaded:
        numbers = {e.prison_number for e in events}
        return (
            FeedEvent.objects.filter(event_id__in=[e.event_id for e in events]).values_list(*KNOWN_EVENT_COLUMNS),
            Person.objects.filter(prison_number__in=numbers).values_list(*PERSON_COLUMNS),
            CustodyPeriod.objects.filter(person__prison_number__in=numbers, released_at__isnull=True).values_list(
                "person__prison_number", *OPEN_PERIOD_COLUMNS
            ),
        )

    def write(self, chunk: _Chunk) -> None:
        _write_generic(chunk, self.connection)


def _write_generic(chunk: _Chunk, connection: Any) -> None:
    created = Person.objects.bulk_create(
        [Person(prison_number=p.prison_number, **dict(zip(PERSON_FIELDS, p.identity, strict=True))) for p in chunk.new_persons]
    )
    for new_person, person in zip(chunk.new_persons, created, strict=True):
        new_person.id = person.pk
    _update_rows(Person, PERSON_FIELDS, chunk.changed_person_rows(), connection)
    _update_rows(CustodyPeriod, PERIOD_FIELDS, chunk.changed_period_rows(), connection)
    periods = CustodyPeriod.objects.bulk_create(
        [CustodyPeriod(**dict(zip(NEW_PERIOD_FIELDS, row, strict=True))) for row in chunk.new_period_rows(with_id=False)]
    )
    for new_period, period in zip(chunk.new_periods, periods, strict=True):
        new_period.id = period.pk
    _insert_rows(Movement, MOVEMENT_FIELDS, chunk.movement_rows(), connection)
    _insert_rows(ReleaseDateChange, RELEASE_CHANGE_FIELDS, chunk.release_change_rows(), connection)
    _insert_rows(FeedEvent, FEED_EVENT_FIELDS, chunk.new_events, connection)
    if chunk.resolved_events:
        FeedEvent.objects.filter(event_id__in=chunk.resolved_events).update(
            outcome="applied", reason="", payload=None, import_run=chunk.run_id
        )
    if chunk.refused_events:
        FeedEvent.objects.filter(event_id__in=chunk.refused_events, outcome="pending").delete()


# --- writing: PostgreSQL ------------------------------------------------------------------------


class _PostgresStore:
    """One query per table to read (the keys sent as one array), COPY for new rows, one
    UPDATE … FROM unnest(arrays) per table for changed rows.

    New people and custody periods get their ids from the table's sequence in one query, so the
    rows that point at them can be written with COPY as well. Everything runs inside the chunk's
    transaction, so the chunk is still all or nothing, and every unique constraint still applies.
    """

    def __init__(self, connection: Any):
        self.connection = connection
        self.sequences: dict[type[Any], str] = {}

    def _cursor(self) -> Any:
        import psycopg  # only on PostgreSQL

        # A cursor that binds parameters on the server: arrays travel as one value each.
        return psycopg.Cursor(self.connection.connection)

    def _reserve_ids(self, cursor: Any, model: type[Any], count: int) -> list[int]:
        sequence = self.sequences.get(model)
        if sequence is None:
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [model._meta.db_table, model._meta.pk.column])
            sequence = self.sequences[model] = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, count])
        return [row[0] for row in cursor.fetchall()]

    def _copy(self, cursor: Any, model: type[Any], field_names: list[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        table, columns = _table(model, field_names, self.connection)
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            write = copy.write_row
            for row in rows:
                write(row)

    def _update(self, cursor: Any, model: type[Any], field_names: list[str], rows: list[tuple[Any, ...]]) -> None:
        """rows: (id, *values). One statement for all of them, each column sent as one array."""
        if not rows:
            return
        table, columns = _table(model, field_names, self.connection)
        pk = self.connection.ops.quote_name(model._meta.pk.column)
        types = [model._meta.get_field(name).db_type(self.connection) for name in field_names]
        arrays = ", ".join([f"%s::{model._meta.pk.db_type(self.connection)}[]"] + [f"%s::{t}[]" for t in types])
        assignments = ", ".join(f"{column} = v.{column}" for column in columns)
        sql = f"UPDATE {table} AS t SET {assignments} FROM unnest({arrays}) AS v({pk}, {', '.join(columns)}) WHERE t.{pk} = v.{pk}"  # noqa: S608
        cursor.execute(sql, [list(column) for column in zip(*rows, strict=True)])

    def load(self, events: list[_Event]) -> Loaded:
        quote = self.connection.ops.quote_name
        feed_events, known_columns = _table(FeedEvent, KNOWN_EVENT_COLUMNS, self.connection)
        people, person_columns = _table(Person, PERSON_COLUMNS, self.connection)
        periods, period_columns = _table(CustodyPeriod, OPEN_PERIOD_COLUMNS, self.connection)
        number = quote(Person._meta.get_field("prison_number").column)
        person_id = quote(CustodyPeriod._meta.get_field("person").column)
        released_at = quote(CustodyPeriod._meta.get_field("released_at").column)
        event_id = quote(FeedEvent._meta.get_field("event_id").column)
        with self.connection.wrap_database_errors, self._cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(known_columns)} FROM {feed_events} WHERE {event_id} = ANY(%s)",  # noqa: S608
                [[e.event_id for e in events]],
            )
            known = cursor.fetchall()
            cursor.execute(
                f"SELECT {', '.join(person_columns)} FROM {people} WHERE {number} = ANY(%s)",  # noqa: S608
                [list({e.prison_number for e in events})],
            )
            persons = cursor.fetchall()
            # By person id, through the partial unique index on open periods: one index probe each.
            cursor.execute(
                f"SELECT {', '.join(period_columns)}, {person_id} FROM {periods} WHERE {person_id} = ANY(%s) AND {released_at} IS NULL",  # noqa: S608
                [[values[0] for values in persons]],
            )
            number_of = {values[0]: values[1] for values in persons}
            return known, persons, [(number_of[row[-1]], *row[:-1]) for row in cursor.fetchall()]

    def write(self, chunk: _Chunk) -> None:
        connection = self.connection
        # wrap_database_errors: psycopg's errors become Django's (IntegrityError), as through the ORM
        with connection.wrap_database_errors, self._cursor() as cursor:
            if chunk.new_persons:
                for person, new_id in zip(chunk.new_persons, self._reserve_ids(cursor, Person, len(chunk.new_persons)), strict=True):
                    person.id = new_id
                self._copy(cursor, Person, ["id", "prison_number", *PERSON_FIELDS], chunk.new_person_rows())
            self._update(cursor, Person, PERSON_FIELDS, chunk.changed_person_rows())
            self._update(cursor, CustodyPeriod, PERIOD_FIELDS, chunk.changed_period_rows())
            if chunk.new_periods:
                for period, new_id in zip(chunk.new_periods, self._reserve_ids(cursor, CustodyPeriod, len(chunk.new_periods)), strict=True):
                    period.id = new_id
                self._copy(cursor, CustodyPeriod, ["id", *NEW_PERIOD_FIELDS], chunk.new_period_rows(with_id=True))
            self._copy(cursor, Movement, MOVEMENT_FIELDS, chunk.movement_rows())
            self._copy(cursor, ReleaseDateChange, RELEASE_CHANGE_FIELDS, chunk.release_change_rows())
            self._copy(
                cursor,
                FeedEvent,
                FEED_EVENT_FIELDS,
                [row if row[7] is None else (*row[:7], json.dumps(row[7]), *row[8:]) for row in chunk.new_events],
            )
        if chunk.resolved_events:
            FeedEvent.objects.filter(event_id__in=chunk.resolved_events).update(
                outcome="applied", reason="", payload=None, import_run=chunk.run_id
            )
        if chunk.refused_events:
            FeedEvent.objects.filter(event_id__in=chunk.refused_events, outcome="pending").delete()


# --- the import ---------------------------------------------------------------------------------


def _pending_records(known: frozenset[str], now: datetime, report: Callable[[Rejection], None], source: int) -> Iterator[Record]:
    """Events left pending by earlier runs, in time order, as records. Checked again: a prison they
    name may have gone since."""
    waiting = (
        FeedEvent.objects.filter(outcome="pending")
        .order_by("occurred_at", F("line").asc(nulls_first=True), "event_id")
        .values_list("line", "payload")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for line, payload in waiting:
        row = validate(payload or {}, line=line or None, known_prisons=known, now=now)
        if isinstance(row, Rejection):
            report(row)
            continue
        yield _record(row, source)


def end_stale_runs(now: datetime) -> int:
    """Runs still "running" TTG_FEED_RUN_TIMEOUT_HOURS after they started ended without a word (the
    process was killed): each is marked failed, with what to do. Called as each import starts."""
    hours = int(getattr(settings, "TTG_FEED_RUN_TIMEOUT_HOURS", 6))
    return ImportRun.objects.filter(status=ImportRun.Status.RUNNING, started_at__lt=now - timedelta(hours=hours)).update(
        status=ImportRun.Status.FAILED,
        finished_at=now,
        message=(
            f"The import did not finish within {hours} hours: the process running it was probably stopped. "
            "Send the file again: events already applied are not applied twice."
        ),
    )


def _failed(error: BaseException) -> str:
    """What a failed run's record says: the kind of error and its first words, never a traceback."""
    text = str(error).strip().splitlines()[0][:300] if str(error).strip() else ""
    return f"The import stopped with an error ({type(error).__name__}{': ' + text if text else ''}). " + (
        "Events applied before it are kept; send the file again to apply the rest: events already applied are not applied twice."
    )


def import_feed(
    stream: IO[bytes],
    *,
    source: str,
    kind: str,
    by: Any = None,
    chunk_size: int | None = None,
    keep_rejections: int = 10_000,
) -> ImportResult:
    """Import one feed. Raises FeedUnreadable when the file cannot be read at all (nothing applied).

    Every row gets its own verdict (a line too long to read, or not CSV, is one rejected row). The
    run always ends: finished, unreadable (FeedUnreadable, FeedTooLarge) or failed (any other error,
    re-raised), with the reason in its message; never left "running".

    `chunk_size` is the number of events per transaction; by default 50,000 on PostgreSQL and
    2,000 elsewhere.

    What the run stores (why an event waits or is refused, the run's message, and the screening decisions
    kept from the custody it writes) is in English, whoever started it: the whole run is in English, one
    `translation.override` for the run rather than one per row (issue 22; rows are many)."""
    with translation.override("en-gb"):
        return _import_feed(stream, source=source, kind=kind, by=by, chunk_size=chunk_size, keep_rejections=keep_rejections)


def _import_feed(stream: IO[bytes], *, source: str, kind: str, by: Any, chunk_size: int | None, keep_rejections: int) -> ImportResult:
    now = clock.now()
    connection = connections[router.db_for_write(FeedEvent)]
    postgres = connection.vendor == "postgresql"
    store = _PostgresStore(connection) if postgres else _GenericStore(connection)
    chunk_size = chunk_size or (POSTGRES_CHUNK_SIZE if postgres else CHUNK_SIZE)
    max_line_bytes = int(getattr(settings, "TTG_FEED_MAX_LINE_BYTES", MAX_LINE_BYTES))
    prisons = dict(Prison.objects.values_list("code", "id"))
    known = frozenset(prisons)
    end_stale_runs(now)
    with transaction.atomic():
        run = ImportRun.objects.create(
            source=source[:500], started_at=now, started_by=by if getattr(by, "is_authenticated", False) else None
        )
    counts = Counts()
    rejections: list[Rejection] = []
    pending_report: list[RejectedRow] = []

    def report(rejection: Rejection) -> None:
        if len(rejections) < keep_rejections:
            rejections.append(rejection)
        pending_report.append(
            RejectedRow(
                import_run=run, line=rejection.line, event_id=rejection.event_id[:100], field=rejection.field, message=rejection.message
            )
        )
        if len(pending_report) >= REJECTION_BATCH:
            RejectedRow.objects.bulk_create(pending_report)
            pending_report.clear()

    def apply(stream: Iterator[Record]) -> None:
        _apply_stream(stream, prisons, run.pk, counts, report, chunk_size, store)

    def end(status: str, message: str) -> None:
        ImportRun.objects.filter(pk=run.pk).update(
            status=status,
            message=message,
            finished_at=clock.now(),
            rows=counts.rows,
            applied=counts.applied,
            duplicates=counts.duplicates,
            conflicts=counts.conflicts,
            rejected=counts.rejected,
        )

    try:
        with tempfile.TemporaryDirectory(prefix="ttg-feed-") as directory:
            runs: list[str] = []
            buffer: list[Record] = []
            try:
                for item in read_feed(stream, kind=kind, known_prisons=known, now=now, max_line_bytes=max_line_bytes):
                    counts.rows += 1
                    if isinstance(item, Rejection):
                        counts.rejected += 1
                        report(item)
                        continue
                    buffer.append(_record(item, len(runs)))
                    if len(buffer) >= SORT_RUN_SIZE:
                        runs.append(_write_run(buffer, directory))
                        buffer = []
            except FeedUnreadable as error:
                end(ImportRun.Status.UNREADABLE, str(error))
                raise
            buffer.sort()  # the last run stays in memory

            apply(heapq.merge(*(_read_run(path) for path in runs), iter(buffer), _pending_records(known, now, report, len(runs) + 1)))
            del buffer
            # Events that waited during this run may apply now that the whole file is in (or can never
            # apply, like a release dated before the reception that came later in the same file).
            apply(_pending_records(known, now, report, 0))
            for path in runs:
                os.unlink(path)

        RejectedRow.objects.bulk_create(pending_report)
        pending_report.clear()
        if postgres and counts.applied >= ANALYZE_AFTER:
            # A bulk import changes the tables' sizes by orders of magnitude: without fresh statistics the
            # planner keeps the plans it chose for the empty tables (the screening list took 16 s).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        with transaction.atomic():
            ImportRun.objects.filter(pk=run.pk).update(
                status=ImportRun.Status.FINISHED,
                finished_at=clock.now(),
                rows=counts.rows,
                applied=counts.applied,
                duplicates=counts.duplicates,
                pending=FeedEvent.objects.filter(outcome="pending").count(),
                conflicts=counts.conflicts,
                rejected=counts.rejected,
            )
            run.refresh_from_db()
            record_change(
                actor=by,
                action="people.importrun.finish",
                obj=run,
                after={
                    "source": run.source,
                    "rows": run.rows,
                    "applied": run.applied,
                    "rejected": run.rejected,
                    "conflicts": run.conflicts,
                },
                reason="Custody feed import",
            )
    except FeedUnreadable:
        raise
    except BaseException as error:  # the run ends as failed whatever stopped it (an error, Ctrl+C), and the error goes on
        _end_failed(run.pk, end, pending_report, error)
        raise
    return ImportResult(run=run, counts=counts, rejections=rejections)


def _end_failed(run_id: int, end: Callable[[str, str], None], pending_report: list[RejectedRow], error: BaseException) -> None:
    """Mark the run failed, keeping the rejected rows reported so far; a second error here (the database
    gone) is logged, never hides the first."""
    try:
        RejectedRow.objects.bulk_create(pending_report)
        end(ImportRun.Status.FAILED, _failed(error))
    except Exception:
        log.exception("import run %s could not be marked failed", run_id)


def _apply_stream(
    stream: Iterator[Record],
    prisons: dict[str, int],
    run_id: int,
    counts: Counts,
    report: Callable[[Rejection], None],
    chunk_size: int,
    store: _GenericStore | _PostgresStore,
) -> None:
    chunk: list[_Event] = []
    analyzed_at = counts.applied
    for _key, line, _source, content_hash, values in stream:
        chunk.append(_Event(line or None, content_hash, values))
        if len(chunk) >= chunk_size:
            _apply_chunk(chunk, prisons, run_id, counts, report, store)
            chunk = []
            if isinstance(store, _PostgresStore) and counts.applied >= max(2 * analyzed_at, ANALYZE_AFTER):
                # The tables have doubled since the planner last counted them: the queries each chunk runs
                # (its reads, and the stored decisions recomputed from it) would be planned for tables
                # a fraction of their size. A few times in a national import; each takes a second or two.
                with store.connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
                analyzed_at = counts.applied
    if chunk:
        _apply_chunk(chunk, prisons, run_id, counts, report, store)


def _apply_chunk(
    events: list[_Event],
    prisons: dict[str, int],
    run_id: int,
    counts: Counts,
    report: Callable[[Rejection], None],
    store: _GenericStore | _PostgresStore,
) -> None:
    for attempt in range(1, CHUNK_ATTEMPTS + 1):
        # Counts and reports change only once the chunk's transaction has committed.
        local = Counts()
        rejections: list[Rejection] = []
        try:
            with transaction.atomic(using=store.connection.alias):
                chunk = _Chunk(events, prisons, run_id, local, rejections, store)
                chunk.apply_all()
                store.write(chunk)
                # Decisions kept from custody periods (screening) are recomputed in this transaction.
                written = [p.id for p in chunk.new_periods] + list(chunk.changed_periods)
                if written:
                    custody_written.send(sender=CustodyPeriod, period_ids=written)
        except (IntegrityError, OperationalError) as error:
            # Another import wrote some of the same people or events since this chunk read them (or
            # the two deadlocked): nothing of this chunk was kept, so apply it again from what is
            # committed now. The unique constraints are what stop duplicates; this only retries.
            deadlock = getattr(error.__cause__, "sqlstate", None) == DEADLOCK_DETECTED
            if attempt == CHUNK_ATTEMPTS or not (isinstance(error, IntegrityError) or deadlock):
                raise
            continue
        break
    for name in ("applied", "duplicates", "pending", "conflicts", "rejected"):
        setattr(counts, name, getattr(counts, name) + getattr(local, name))
    for rejection in rejections:
        report(rejection)
