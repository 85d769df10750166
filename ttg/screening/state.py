"""The screening decisions stored per custody period (`ScreeningState`), and keeping them true.

Every list and national figure reads the stored rows with an indexed query; nothing applies the rules
to a whole prison on a request. The rows are recomputed here, by the same pure rules the person's
page uses (`selectors.decide`, from the same facts: `custody`), in the transaction of every change to an input:

- a custody period or a movement saved through the ORM, and the feed importer's bulk writes
  (`people.signals.custody_written`);
- a screening, an immediate-need flag or a duty to refer saved or deleted;
- a prison's resettlement designations saved, deleted or loaded (`estate.signals.designations_written`);
- the day a designation starts or ends (`valid_until`: the lists recompute such rows before reading);
- a change of the settings or the rule versions (`fingerprint`: the command `refresh_decisions`).

A property test checks that, after any sequence of these, the stored rows equal the rules applied afresh.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.db import connections, router, transaction
from django.db.models import Count, Q
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save

from ttg.core import clock
from ttg.core.rules import LONDON
from ttg.estate.models import ResettlementDesignation
from ttg.estate.signals import designations_written
from ttg.people.models import CustodyPeriod, Movement
from ttg.people.signals import custody_written

from . import rules
from .custody import designation_changes_after, designations, facts, history, rule_settings
from .models import DutyToRefer, Kind, NeedFlag, Screening, ScreeningState

# Raised when what a row stores or how it is computed changes, so that `refresh_decisions` recomputes every row.
STATE_VERSION = 1
BATCH = 5_000  # custody periods per round of queries
FIELDS = [f.name for f in ScreeningState._meta.concrete_fields if f.name != "custody_period"]
# The stored row as `_compute` makes it: the custody period's id, then FIELDS by attribute name.
ROW_FIELDS = [f.attname for f in ScreeningState._meta.concrete_fields]
COMPARED = [f.attname for f in ScreeningState._meta.concrete_fields if f.name not in ("custody_period", "computed_at")]
PERIOD_VALUES = (
    "pk",
    "current_prison_id",
    "received_at",
    "reception_date",
    "legal_status",
    "sentence_type",
    "sentence_start_date",
    "release_date",
    "released_at",
    "previous_released_at",
    "previous_bcst1",
    "arrived_at",
)


def fingerprint() -> str:
    """The screening rule versions and settings the stored rows are computed under."""
    table = [(r.id, r.in_force_from, r.value) for r in rules.RULES]
    text = repr((STATE_VERSION, rule_settings(), table))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    it = iter(sorted(set(ids)))
    while batch := list(islice(it, BATCH)):
        yield batch


def refresh(period_ids: Iterable[int]) -> int:
    """Recompute the stored decisions of these custody periods (a fixed number of queries per
    batch of 5,000). Returns how many rows were written."""
    written = 0
    for batch in _batches(period_ids):
        written += _refresh_batch(batch)
    return written


def refresh_people(person_ids: Iterable[int]) -> int:
    """Every custody period of these people: a period's clone depends on the person's earlier ones."""
    ids = set(person_ids)
    if not ids:
        return 0
    return refresh(CustodyPeriod.objects.filter(person_id__in=ids).values_list("pk", flat=True))


def refresh_prisons(prison_ids: Iterable[int]) -> int:
    """Every custody period whose current prison is one of these (their designations changed)."""
    ids = set(prison_ids)
    if not ids:
        return 0
    return refresh(CustodyPeriod.objects.filter(current_prison_id__in=ids).values_list("pk", flat=True))


def refresh_due(prison_ids: Iterable[int] | None = None) -> int:
    """Rows whose `valid_until` day has come (a designation started or ended): one indexed query
    when there are none, as on almost every request."""
    rows = ScreeningState.objects.filter(valid_until__lte=clock.today())
    if prison_ids is not None:
        rows = rows.filter(prison_id__in=list(prison_ids))
    return refresh(rows.values_list("pk", flat=True))


def refresh_stale() -> int:
    """Rows made under other settings or rule versions, rows whose day has come, and custody periods
    with no row: what `refresh_decisions` does by default."""
    stale = ScreeningState.objects.filter(~Q(fingerprint=fingerprint()) | Q(valid_until__lte=clock.today())).values_list("pk", flat=True)
    missing = CustodyPeriod.objects.filter(screening_state__isnull=True).values_list("pk", flat=True)
    return refresh([*stale, *missing])


def refresh_all() -> int:
    return refresh(CustodyPeriod.objects.values_list("pk", flat=True))


def _refresh_batch(ids: list[int]) -> int:
    connection = connections[router.db_for_write(ScreeningState)]
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql":
            # The history query's estimated cost calls for JIT compilation, which takes longer (30 ms)
            # than the query runs; for this transaction only.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        rows = _compute(ids)
        # Periods deleted since the ids were read have no row to keep.
        if len(rows) < len(ids):
            ScreeningState.objects.filter(pk__in=set(ids) - {row[0] for row in rows}).delete()
        if connection.vendor == "postgresql" and len(rows) > FEW_ROWS:
            _upsert_postgres(rows, connection)
        else:
            _upsert_generic(rows, connection)
    return len(rows)


# Up to this many rows (a screening saved, a person moved: one or a few periods), one parameterised
# statement per row costs less than the temporary table's CREATE, TRUNCATE and COPY (PostgreSQL).
FEW_ROWS = 20


def _upsert_generic(rows: list[tuple[Any, ...]], connection: Any) -> None:
    """One parameterised INSERT … ON CONFLICT DO UPDATE, executed for every row (SQLite): model objects
    and bulk_create's per-value preparation took three quarters of the import's recomputation."""
    if not rows:
        return
    fields = ScreeningState._meta.concrete_fields  # ROW_FIELDS' order
    quote = connection.ops.quote_name
    columns = [quote(f.column) for f in fields]
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
    sql = (
        f"INSERT INTO {quote(ScreeningState._meta.db_table)} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))}) "  # noqa: S608
        f"ON CONFLICT ({columns[0]}) DO UPDATE SET {updates}"
    )
    # Only dates and times need the backend's form; the rest (ids, booleans, text, numbers) go as they are.
    adapt: list[Any] = []
    for f in fields:
        kind = f.get_internal_type()
        adapt.append(
            connection.ops.adapt_datetimefield_value
            if kind == "DateTimeField"
            else connection.ops.adapt_datefield_value
            if kind == "DateField"
            else None
        )
    params = [[value if a is None or value is None else a(value) for a, value in zip(adapt, row, strict=True)] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


# Rows of one batch, copied in before one INSERT … ON CONFLICT: a temporary table of the session, emptied
# at each commit (and before each batch, as a transaction may hold several).
INCOMING = "screening_state_incoming"


def _upsert_postgres(rows: list[tuple[Any, ...]], connection: Any) -> None:
    """COPY the batch into a temporary table, then one INSERT … ON CONFLICT DO UPDATE from it. COPY
    formats each row in psycopg's C code; a batch sent as arrays (as this did before) was formatted
    value by value in Python, and took a third of a national import."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(ScreeningState._meta.db_table)
    columns = [quote(f.column) for f in ScreeningState._meta.concrete_fields]  # ROW_FIELDS' order
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {INCOMING} (LIKE {table}) ON COMMIT DELETE ROWS")
        cursor.execute(f"TRUNCATE {INCOMING}")
        with cursor.cursor.copy(f"COPY {INCOMING} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM {INCOMING} "  # noqa: S608
            f"ON CONFLICT ({columns[0]}) DO UPDATE SET {updates}"
        )


def _among(field: str, ids: list[int]) -> Q:
    """`field` is one of `ids`: on PostgreSQL one array parameter instead of thousands of placeholders
    (which cost more Python than the rules themselves)."""
    if connections[router.db_for_read(ScreeningState)].vendor == "postgresql":
        # Sent as the array's text: psycopg would format a list element by element in Python.
        return Q(**{f"{field}__in": RawSQL("SELECT unnest(%s::bigint[])", ("{" + ",".join(map(str, ids)) + "}",))})
    return Q(**{f"{field}__in": ids})


def _compute(ids: list[int]) -> list[tuple[Any, ...]]:
    """The rows of these custody periods as the rules decide them now, in ROW_FIELDS order (five queries)."""
    today, now, rs, print_ = clock.today(), clock.now(), rule_settings(), fingerprint()
    periods = list(history(CustodyPeriod.objects.filter(_among("pk", ids))).order_by().values_list(*PERIOD_VALUES))
    prisons = {row[1] for row in periods}
    by_prison = designations(prisons)
    changes = {prison: designation_changes_after(by_prison[prison], today) for prison in prisons}
    screenings: dict[int, dict[str, Any]] = defaultdict(dict)
    for period_id, kind, submitted_at in Screening.objects.filter(_among("custody_period", ids)).values_list(
        "custody_period", "kind", "submitted_at"
    ):
        screenings[period_id][kind] = submitted_at
    waiting = dict(
        NeedFlag.objects.filter(_among("custody_period", ids), acknowledged_at__isnull=True, withdrawn_at__isnull=True)
        .values_list("custody_period")
        .annotate(n=Count("id"))
    )
    duties = {
        row[0]: row[1:]
        for row in DutyToRefer.objects.filter(_among("custody_period", ids)).values_list(
            "custody_period", "due_on", "consent", "referred_on"
        )
    }
    rows = []
    decide, handover_due_on, no_duty, nothing = rules.screening, rules.handover_due_on, (None, None, None), dict[str, Any]()
    for pk, prison_id, received_at, reception_date, legal, sentence, start, release, released_at, prev, prev_bcst1, arrived in periods:
        custody = facts(
            received_at=received_at,
            reception_date=reception_date,
            legal_status=legal,
            sentence_type=sentence,
            sentence_start_date=start,
            release_date=release,
            previous_released_at=prev,
            previous_bcst1=prev_bcst1,
            arrived_at=arrived,
            designations=by_prison[prison_id],
            today=today,
        )
        done = screenings.get(pk, nothing)
        bcst1_at, bcst2_at = done.get(Kind.BCST1), done.get(Kind.BCST2)
        decided = decide(custody, bcst1_submitted_on=bcst1_at.astimezone(LONDON).date() if bcst1_at else None, settings=rs)
        bcst1, bcst2 = decided.bcst1.value, decided.bcst2.value
        due_on, consent, referred_on = duties.get(pk, no_duty)
        rows.append(
            (
                pk,
                prison_id,
                released_at is None,  # in_custody
                received_at,
                release,
                released_at.astimezone(LONDON).date() if released_at else None,  # released_on
                bcst1.due_at,
                Kind.BCST1 in done,  # bcst1_started
                bcst1_at,
                bcst1.required and bcst1_at is None,  # bcst1_to_do
                decided.clone.value,
                bcst2.required,
                bcst2.due_on,
                Kind.BCST2 in done,  # bcst2_started
                bcst2_at,
                bool(bcst2.required) and bcst2_at is None,  # bcst2_to_do
                decided.pre_release.value,
                handover_due_on(release, rs),
                due_on,
                # Done when referred, or when the person refused consent (DutyToRefer.is_done).
                pk in duties and referred_on is None and consent is not False,  # duty_to_do
                consent,
                waiting.get(pk, 0),
                changes[prison_id],  # valid_until
                print_,
                now,
            )
        )
    return rows


def stored_equals_fresh(period_ids: Iterable[int]) -> list[str]:
    """For tests and the command's --check: the differences between the stored rows and the rules
    applied afresh, in words (empty when they agree)."""
    ids = sorted(set(period_ids))
    before = {s.pk: s for s in ScreeningState.objects.filter(pk__in=ids)}
    fresh = {row[0]: ScreeningState(**dict(zip(ROW_FIELDS, row, strict=True))) for batch in _batches(ids) for row in _compute(batch)}
    differences = []
    for pk in ids:
        stored, now = before.get(pk), fresh.get(pk)
        if stored is None or now is None:
            differences.append(
                f"custody period {pk}: stored {'none' if stored is None else 'a row'}, fresh {'none' if now is None else 'a row'}"
            )
            continue
        for attname in COMPARED:
            if getattr(stored, attname) != getattr(now, attname):
                differences.append(f"custody period {pk}: {attname} stored {getattr(stored, attname)!r}, fresh {getattr(now, attname)!r}")
    return differences


# --- keeping the rows true -----------------------------------------------------------------------


def _period_saved(sender: Any, instance: CustodyPeriod, **kwargs: Any) -> None:
    refresh_people([instance.person_id])


def _movement_changed(sender: Any, instance: Movement, **kwargs: Any) -> None:
    refresh([instance.custody_period_id])


def _screening_changed(sender: Any, instance: Screening, **kwargs: Any) -> None:
    # A submitted BCST1 makes the clone available to the person's next custody period.
    person = CustodyPeriod.objects.filter(pk=instance.custody_period_id).values_list("person_id", flat=True)
    refresh_people(person)


def _period_child_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    refresh([instance.custody_period_id])


def _designation_changed(sender: Any, instance: ResettlementDesignation, **kwargs: Any) -> None:
    refresh_prisons([instance.prison_id])


def _custody_written(sender: Any, period_ids: list[int], **kwargs: Any) -> None:
    # The periods written only: a person's later period cannot exist until the earlier one is released,
    # and a released period's release does not change after it (unlike a screening of the earlier one).
    refresh(period_ids)


def _designations_written(sender: Any, prison_ids: list[int], **kwargs: Any) -> None:
    refresh_prisons(prison_ids)


def connect() -> None:
    """Called from ScreeningConfig.ready."""
    post_save.connect(_period_saved, sender=CustodyPeriod, dispatch_uid="screening_state_period")
    for model, receiver in (
        (Movement, _movement_changed),
        (Screening, _screening_changed),
        (NeedFlag, _period_child_changed),
        (DutyToRefer, _period_child_changed),
    ):
        post_save.connect(receiver, sender=model, dispatch_uid=f"screening_state_{model.__name__}_saved")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"screening_state_{model.__name__}_deleted")
    post_save.connect(_designation_changed, sender=ResettlementDesignation, dispatch_uid="screening_state_designation_saved")
    post_delete.connect(_designation_changed, sender=ResettlementDesignation, dispatch_uid="screening_state_designation_deleted")
    custody_written.connect(_custody_written, dispatch_uid="screening_state_custody_written")
    designations_written.connect(_designations_written, dispatch_uid="screening_state_designations_written")
