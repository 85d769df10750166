"""Applying the custody feed to the database, with every guarantee of custody-feed.md.

1. Validated rows are sorted by occurred_at (an external merge sort through temporary files, so a
   file of any size is held in memory only a run at a time) and merged with events left pending by
   earlier runs.
2. Events are applied in chunks. A chunk is one transaction: a crash or a killed process leaves no
   half-applied event, and running the file again applies what was lost (the feed event ids say
   what is already done). Each event inside a chunk succeeds or is reported on its own.
3. The same event id with the same content is a duplicate (nothing to do); with different content,
   a conflict (reported, not applied). An event that cannot apply yet (a transfer for someone never
   received) is kept as pending and tried again, in time order, by every later run.
"""

from __future__ import annotations

import heapq
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.db import connections, models, router, transaction

from ttg.core import clock
from ttg.core.audit import record_change
from ttg.estate.models import Prison

from .feed import FeedRow, FeedUnreadable, Rejection, read_feed, validate
from .models import CustodyPeriod, FeedEvent, ImportRun, Movement, Person, RejectedRow, ReleaseDateChange

LONDON = ZoneInfo("Europe/London")
CHUNK_SIZE = 2000
SORT_RUN_SIZE = 100_000
REJECTION_BATCH = 1000


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


class _Pending(Exception):
    """The event cannot apply yet; it is kept and tried again later."""


class _Refused(Exception):
    """The event can never apply as sent: reported like a bad row."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name
        self.message = message


# --- sorting ------------------------------------------------------------------------------------


def _sort_key(row: FeedRow) -> tuple[str, int]:
    # UTC ISO strings sort in time order; the line number keeps equal times in file order.
    return (row.occurred_at.astimezone(ZoneInfo("UTC")).isoformat(), row.line or 0)


def _write_run(rows: list[FeedRow], directory: str) -> str:
    rows.sort(key=_sort_key)
    with tempfile.NamedTemporaryFile("w", dir=directory, delete=False, encoding="utf-8", suffix=".run") as handle:
        for row in rows:
            handle.write(json.dumps([*_sort_key(row), row.raw]) + "\n")
    return handle.name


def _read_run(path: str) -> Iterator[tuple[str, int, dict[str, str]]]:
    with open(path, encoding="utf-8") as handle:
        for text in handle:
            key, line, raw = json.loads(text)
            yield key, line, raw


# --- applying -----------------------------------------------------------------------------------


class _Chunk:
    """Applies a time-ordered batch of events to in-memory objects, then writes them in bulk."""

    def __init__(self, rows: list[FeedRow], prisons: dict[str, int], run: ImportRun, counts: Counts, rejections: list[Rejection]):
        self.rows, self.prisons, self.run, self.counts, self.rejections = rows, prisons, run, counts, rejections
        numbers = {r.prison_number for r in rows}
        self.existing: dict[str, Any] = {fe.event_id: fe for fe in FeedEvent.objects.filter(event_id__in=[r.event_id for r in rows])}
        self.persons = {p.prison_number: p for p in Person.objects.filter(prison_number__in=numbers)}
        self.open = {
            cp.person.prison_number: cp
            for cp in CustodyPeriod.objects.filter(person__prison_number__in=numbers, released_at__isnull=True).select_related("person")
        }
        self.new_persons: list[Person] = []
        self.changed_persons: dict[int, Person] = {}
        self.new_periods: list[CustodyPeriod] = []
        self.changed_periods: dict[int, CustodyPeriod] = {}
        self.movements: list[_Insert] = []
        self.release_changes: list[_Insert] = []
        self.new_events: list[_Insert] = []
        self.resolved_events: list[FeedEvent] = []
        self.refused_events: list[str] = []

    def apply_all(self) -> None:
        for row in self.rows:
            known = self.existing.get(row.event_id)
            if known is not None and known.content_hash != row.content_hash:
                self.counts.conflicts += 1
                self.rejections.append(
                    Rejection(
                        row.line,
                        row.event_id,
                        "event_id",
                        "Conflict: an event with this event_id was received before with different content. It was not applied.",
                    )
                )
                continue
            if known is not None and known.outcome == "applied":
                self.counts.duplicates += 1
                continue
            try:
                self._apply(row)
            except _Pending as waiting:
                if known is None:
                    event = self._event(row, "pending", str(waiting))
                    self.new_events.append(event)
                    self.existing[row.event_id] = event
                    self.counts.pending += 1
                continue
            except _Refused as refused:
                self.counts.rejected += 1
                self.rejections.append(Rejection(row.line, row.event_id, refused.field, refused.message))
                if known is not None:  # it waited, and now it never can apply: stop waiting
                    self.refused_events.append(row.event_id)
                    del self.existing[row.event_id]
                continue
            self.counts.applied += 1
            if known is None:
                event = self._event(row, "applied")
                self.new_events.append(event)
                self.existing[row.event_id] = event
            else:  # a pending event that can apply now
                known.outcome, known.reason, known.payload, known.import_run = "applied", "", None, self.run
                self.resolved_events.append(known)

    def _event(self, row: FeedRow, outcome: str, reason: str = "") -> _Insert:
        return _Insert(
            event_id=row.event_id,
            content_hash=row.content_hash,
            event_type=row.event_type,
            occurred_at=row.occurred_at,
            prison_number=row.prison_number,
            outcome=outcome,
            reason=reason,
            payload=row.raw if outcome == "pending" else None,
            line=row.line,
            import_run=self.run,
        )

    def _changed(self, period: CustodyPeriod) -> None:
        if period.pk is not None:
            self.changed_periods[period.pk] = period

    def _open_period(self, row: FeedRow) -> CustodyPeriod:
        period = self.open.get(row.prison_number)
        if period is None:
            raise _Pending(f"{row.prison_number} is not in custody yet: waiting for their reception")
        if row.occurred_at < period.received_at:
            raise _Refused(
                "occurred_at", f"This {row.event_type.lower()} is before the reception it belongs to ({period.received_at.isoformat()})."
            )
        return period

    def _apply(self, row: FeedRow) -> None:
        getattr(self, f"_{row.event_type.lower()}")(row)

    def _reception(self, row: FeedRow) -> None:
        if row.prison_number in self.open:
            raise _Pending(f"{row.prison_number} is already in custody: waiting for their release")
        person = self.persons.get(row.prison_number)
        identity = {
            "first_name": row.first_name,
            "last_name": row.last_name,
            "date_of_birth": row.date_of_birth,
            "sex": row.sex,
            "ethnicity": row.ethnicity,
        }
        if person is None:
            person = Person(prison_number=row.prison_number, **identity)
            self.new_persons.append(person)
            self.persons[row.prison_number] = person
        elif any(getattr(person, k) != v for k, v in identity.items()):
            for key, value in identity.items():  # the prison system's identity is the truth
                setattr(person, key, value)
            if person.pk is not None:
                self.changed_persons[person.pk] = person
        prison_id = self.prisons[row.prison_code]
        period = CustodyPeriod(
            person=person,
            received_at=row.occurred_at,
            reception_date=row.occurred_at.astimezone(LONDON).date(),
            reception_prison_id=prison_id,
            current_prison_id=prison_id,
            legal_status=row.legal_status,
            sentence_type=row.sentence_type,
            sentence_start_date=row.sentence_start_date,
            sentence_length_days=row.sentence_length_days,
            release_date=row.release_date,
        )
        self.new_periods.append(period)
        self.open[row.prison_number] = period
        self.movements.append(
            _Insert(custody_period=period, kind="RECEPTION", occurred_at=row.occurred_at, to_prison=prison_id, event_id=row.event_id)
        )
        if row.release_date is not None:
            self.release_changes.append(
                _Insert(
                    custody_period=period,
                    occurred_at=row.occurred_at,
                    old_release_date=None,
                    new_release_date=row.release_date,
                    event_id=row.event_id,
                )
            )

    def _transfer(self, row: FeedRow) -> None:
        period = self._open_period(row)
        to_id = self.prisons[row.to_prison_code]
        self.movements.append(
            _Insert(
                custody_period=period,
                kind="TRANSFER",
                occurred_at=row.occurred_at,
                from_prison=self.prisons[row.from_prison_code],
                to_prison=to_id,
                event_id=row.event_id,
            )
        )
        period.current_prison_id = to_id
        self._changed(period)

    def _sentence(self, row: FeedRow) -> None:
        period = self._open_period(row)
        old_release = period.release_date
        period.legal_status = row.legal_status
        if row.sentence_type:
            period.sentence_type = row.sentence_type
            period.sentence_start_date = row.sentence_start_date
            period.sentence_length_days = row.sentence_length_days
            period.release_date = row.release_date
        if period.release_date != old_release:
            self.release_changes.append(
                _Insert(
                    custody_period=period,
                    occurred_at=row.occurred_at,
                    old_release_date=old_release,
                    new_release_date=period.release_date,
                    event_id=row.event_id,
                )
            )
        self._changed(period)

    def _release(self, row: FeedRow) -> None:
        period = self._open_period(row)  # refuses a release dated before its reception
        period.released_at = row.occurred_at
        period.release_type = row.release_type
        self.movements.append(
            _Insert(
                custody_period=period,
                kind="RELEASE",
                occurred_at=row.occurred_at,
                from_prison=period.current_prison_id,
                event_id=row.event_id,
            )
        )
        del self.open[row.prison_number]
        self._changed(period)

    def write(self) -> None:
        """Everything the chunk changed, in an order that keeps every constraint true."""
        Person.objects.bulk_create(self.new_persons)
        if self.changed_persons:
            _update_rows(Person, PERSON_FIELDS, self.changed_persons.values())
        if self.changed_periods:  # releases first, so a new reception never meets an open period
            _update_rows(CustodyPeriod, PERIOD_FIELDS, self.changed_periods.values())
        CustodyPeriod.objects.bulk_create(self.new_periods)
        _insert_rows(Movement, MOVEMENT_FIELDS, self.movements)
        _insert_rows(ReleaseDateChange, RELEASE_CHANGE_FIELDS, self.release_changes)
        _insert_rows(FeedEvent, FEED_EVENT_FIELDS, self.new_events)
        if self.resolved_events:
            _update_rows(FeedEvent, ["outcome", "reason", "payload", "import_run"], self.resolved_events)
        if self.refused_events:
            FeedEvent.objects.filter(event_id__in=self.refused_events, outcome="pending").delete()


PERSON_FIELDS = ["first_name", "last_name", "date_of_birth", "sex", "ethnicity"]
PERIOD_FIELDS = [
    "current_prison",
    "legal_status",
    "sentence_type",
    "sentence_start_date",
    "sentence_length_days",
    "release_date",
    "released_at",
    "release_type",
]


MOVEMENT_FIELDS = ["custody_period", "kind", "occurred_at", "from_prison", "to_prison", "event_id"]
RELEASE_CHANGE_FIELDS = ["custody_period", "occurred_at", "old_release_date", "new_release_date", "event_id"]
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
    "import_run",
]


class _Insert:
    """The field values of one row to insert, without a Django model object (they cost more than
    the insert itself at feed volumes). Related objects are resolved to their ids when written."""

    __slots__ = ("values",)

    def __init__(self, **values: Any):
        self.values = values

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None


def _insert_rows(model: type[Any], field_names: list[str], rows: list[_Insert]) -> None:
    """INSERT rows with one parameterised executemany. Names come from the model, never input."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in field_names]
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    params = []
    for row in rows:
        values = []
        for model_field in fields:
            value = row.values.get(model_field.name)
            if isinstance(value, models.Model):
                value = value.pk
            values.append(value if model_field.is_relation else model_field.get_db_prep_save(value, connection))
        params.append(values)
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _update_rows(model: type[Any], field_names: list[str], objects: Iterable[Any]) -> None:
    """UPDATE many rows by primary key in one executemany, values bound as parameters.

    Django's bulk_update builds a CASE expression per object and field, which dominated import
    time; this sends one statement per row through the driver's batched executemany. Table and
    column names come from the model, never from input.
    """
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in field_names]
    pk = model._meta.pk
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(pk.column)} = %s"  # noqa: S608
    params = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] + [obj.pk] for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


# --- the import ---------------------------------------------------------------------------------


def _pending_rows() -> Iterator[tuple[str, int, dict[str, str]]]:
    """Events left pending by earlier runs, in time order, in the same shape as sorted runs."""
    for event in FeedEvent.objects.filter(outcome="pending").order_by("occurred_at", "event_id").iterator(chunk_size=CHUNK_SIZE):
        yield event.occurred_at.astimezone(ZoneInfo("UTC")).isoformat(), event.line or 0, event.payload or {}


def import_feed(
    stream: IO[bytes],
    *,
    source: str,
    kind: str,
    by: Any = None,
    chunk_size: int = CHUNK_SIZE,
    keep_rejections: int = 10_000,
) -> ImportResult:
    """Import one feed. Raises FeedUnreadable when the file cannot be read at all (nothing applied)."""
    now = clock.now()
    prisons = dict(Prison.objects.values_list("code", "id"))
    known = frozenset(prisons)
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

    with tempfile.TemporaryDirectory(prefix="ttg-feed-") as directory:
        runs: list[str] = []
        buffer: list[FeedRow] = []
        try:
            for item in read_feed(stream, kind=kind, known_prisons=known, now=now):
                counts.rows += 1
                if isinstance(item, Rejection):
                    counts.rejected += 1
                    report(item)
                    continue
                buffer.append(item)
                if len(buffer) >= SORT_RUN_SIZE:
                    runs.append(_write_run(buffer, directory))
                    buffer = []
        except FeedUnreadable as error:
            ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.UNREADABLE, message=str(error), finished_at=clock.now())
            raise
        if buffer:
            runs.append(_write_run(buffer, directory))

        merged = heapq.merge(*(_read_run(path) for path in runs), _pending_rows())
        _apply_stream(merged, prisons, known, now, run, counts, report, chunk_size)
        # Events that waited during this run may apply now that the whole file is in (or can never
        # apply, like a release dated before the reception that came later in the same file).
        _apply_stream(_pending_rows(), prisons, known, now, run, counts, report, chunk_size)
        for path in runs:
            os.unlink(path)

    RejectedRow.objects.bulk_create(pending_report)
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
            after={"source": run.source, "rows": run.rows, "applied": run.applied, "rejected": run.rejected, "conflicts": run.conflicts},
            reason="Custody feed import",
        )
    return ImportResult(run=run, counts=counts, rejections=rejections)


def _apply_stream(
    stream: Iterator[tuple[str, int, dict[str, str]]],
    prisons: dict[str, int],
    known: frozenset[str],
    now: datetime,
    run: ImportRun,
    counts: Counts,
    report: Any,
    chunk_size: int,
) -> None:
    chunk: list[FeedRow] = []

    def flush() -> None:
        rejections: list[Rejection] = []
        _apply_chunk(chunk, prisons, run, counts, rejections)
        for rejection in rejections:
            report(rejection)
        chunk.clear()

    for _key, line, raw in stream:
        row = validate(raw, line=line or None, known_prisons=known, now=now)
        if isinstance(row, Rejection):  # a pending event whose prison has since gone: report it
            report(row)
            continue
        chunk.append(row)
        if len(chunk) >= chunk_size:
            flush()
    if chunk:
        flush()


def _apply_chunk(rows: list[FeedRow], prisons: dict[str, int], run: ImportRun, counts: Counts, rejections: list[Rejection]) -> None:
    # Counts change only once the chunk's transaction has committed.
    local = Counts()
    local_rejections: list[Rejection] = []
    with transaction.atomic():
        chunk = _Chunk(rows, prisons, run, local, local_rejections)
        chunk.apply_all()
        chunk.write()
    for name in ("applied", "duplicates", "pending", "conflicts", "rejected"):
        setattr(counts, name, getattr(counts, name) + getattr(local, name))
    rejections.extend(local_rejections)
