"""The importer's guarantees (custody-feed.md): idempotent, order-tolerant, atomic, reported."""

from __future__ import annotations

import csv
import io
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from ttg.core import clock, spreadsheets
from ttg.demo.loader import load_demo
from ttg.people import importer
from ttg.people.feed import FIELDS, FeedUnreadable
from ttg.people.generator import SAMPLE_FEED
from ttg.people.importer import import_feed
from ttg.people.models import CustodyPeriod, FeedEvent, ImportRun, Movement, Person, RejectedRow, ReleaseDateChange

SAMPLE = SAMPLE_FEED


@pytest.fixture
def estate(db: Any) -> None:
    load_demo(password="a-long-test-password-2019")


def run(data: bytes, kind: str = "csv", **kwargs: Any) -> Any:
    return import_feed(io.BytesIO(data), source="test", kind=kind, **kwargs)


def snapshot() -> dict[str, Any]:
    """The database's people as plain values, to compare two imports."""
    return {
        "people": sorted(Person.objects.values_list("prison_number", "first_name", "last_name", "date_of_birth", "sex", "ethnicity")),
        "periods": sorted(
            CustodyPeriod.objects.values_list(
                "person__prison_number",
                "received_at",
                "reception_prison__code",
                "current_prison__code",
                "legal_status",
                "sentence_type",
                "sentence_start_date",
                "sentence_length_days",
                "release_date",
                "released_at",
                "release_type",
            )
        ),
        "movements": sorted(
            Movement.objects.values_list(
                "event_id", "kind", "occurred_at", "from_prison__code", "to_prison__code", "custody_period__reception_date"
            )
        ),
        "release_changes": sorted(ReleaseDateChange.objects.values_list("event_id", "old_release_date", "new_release_date")),
        "events": sorted(FeedEvent.objects.values_list("event_id", "outcome")),
    }


def test_the_sample_feed_imports_cleanly(estate: None) -> None:
    result = run(SAMPLE.read_bytes())
    assert (result.counts.rows, result.counts.applied, result.counts.rejected, result.counts.pending) == (8, 8, 0, 0)
    john = Person.objects.get(prison_number="A1234BC")
    first, recall = john.custody_periods.order_by("received_at")
    assert first.current_prison.code == "HMI" and first.release_type == "CONDITIONAL"
    assert recall.legal_status == "RECALL" and recall.released_at is None
    maria = CustodyPeriod.objects.get(person__prison_number="D4567EF")
    assert maria.legal_status == "SENTENCED" and str(maria.release_date) == "2019-04-12"
    assert list(maria.release_date_changes.values_list("old_release_date", "new_release_date")) == [(None, maria.release_date)]
    assert ImportRun.objects.get().status == "finished"


def test_replaying_a_file_changes_nothing(estate: None) -> None:
    run(SAMPLE.read_bytes())
    before = snapshot()
    again = run(SAMPLE.read_bytes())
    assert again.counts.applied == 0 and again.counts.duplicates == 8
    assert snapshot() == before


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_shuffled_file_gives_the_same_database(estate: None, seed: int, django_db_blocker: Any) -> None:
    header, *rows = SAMPLE.read_text().splitlines()
    run(SAMPLE.read_bytes())
    expected = snapshot()
    # Start again from an empty feed, then import the same rows in a random order.
    for model in (ReleaseDateChange, Movement, FeedEvent):
        model.objects.all().delete()
    CustodyPeriod.objects.all().delete()
    Person.objects.all().delete()
    random.Random(seed).shuffle(rows)
    result = run(("\n".join([header, *rows]) + "\n").encode())
    assert result.counts.applied == 8
    assert snapshot() == expected


def test_same_event_id_with_different_content_is_a_conflict(estate: None) -> None:
    run(SAMPLE.read_bytes())
    changed = SAMPLE.read_text().replace("ev-0007,RELEASE,2019-03-27T09:00:00+00:00", "ev-0007,RELEASE,2019-03-28T09:00:00+00:00")
    before = snapshot()
    result = run(changed.encode())
    assert result.counts.conflicts == 1
    (conflict,) = result.rejections
    assert conflict.event_id == "ev-0007" and conflict.field == "event_id" and "Conflict" in conflict.message
    assert conflict.line == 8
    assert snapshot() == before
    assert RejectedRow.objects.filter(event_id="ev-0007", import_run=result.run).exists()


def test_an_event_that_cannot_apply_yet_waits_for_a_later_run(estate: None) -> None:
    header, *rows = SAMPLE.read_text().splitlines()
    by_id = {r.split(",")[0]: r for r in rows}
    # A transfer and a release for someone never received: both wait.
    first = run(("\n".join([header, by_id["ev-0005"], by_id["ev-0007"]]) + "\n").encode())
    assert first.counts.pending == 2 and first.counts.applied == 0
    assert FeedEvent.objects.get(event_id="ev-0005").outcome == "pending"
    assert not Person.objects.filter(prison_number="A1234BC").exists()

    # The reception arrives in a later run: the waiting events apply after it, in time order.
    second = run(("\n".join([header, by_id["ev-0001"]]) + "\n").encode())
    assert second.counts.applied == 3 and second.run.pending == 0
    period = CustodyPeriod.objects.get(person__prison_number="A1234BC")
    assert period.current_prison.code == "HMI"
    assert period.released_at is not None and period.release_type == "CONDITIONAL"
    assert FeedEvent.objects.get(event_id="ev-0005").payload is None  # kept only while pending


def test_release_before_reception_is_rejected(estate: None) -> None:
    header, *rows = SAMPLE.read_text().splitlines()
    release = "ev-0099,RELEASE,2018-10-01T09:00:00+01:00,B2345CD,LEI,,,,,,,,,,,,,CONDITIONAL"
    result = run(("\n".join([header, rows[1], release]) + "\n").encode())
    (rejection,) = result.rejections
    assert rejection.line == 3 and rejection.field == "occurred_at" and "before the reception" in rejection.message
    assert CustodyPeriod.objects.get(person__prison_number="B2345CD").released_at is None


def test_bad_rows_are_recorded_and_good_rows_applied(estate: None) -> None:
    data = SAMPLE.read_bytes() + b"ev-0100,RECEPTION,2018-10-02T14:00:00+01:00,BAD,LEI,,,A,B,1990-01-01,M,,REMAND,,,,,\n"
    result = run(data)
    assert result.counts.applied == 8 and result.counts.rejected == 1
    row = RejectedRow.objects.get(import_run=result.run)
    assert (row.line, row.field) == (10, "prison_number")


def test_json_lines_import_like_csv(estate: None) -> None:
    import csv
    import json

    with SAMPLE.open(newline="") as handle:
        lines = [json.dumps({k: v for k, v in row.items() if v}) for row in csv.DictReader(handle)]
    result = run(("\n".join(lines) + "\n").encode(), kind="jsonl")
    assert result.counts.applied == 8
    assert run(SAMPLE.read_bytes()).counts.duplicates == 8  # same ids, same content


def test_the_command_reports_and_writes_rejected_rows(estate: None, tmp_path: Path, capsys: Any) -> None:
    feed = tmp_path / "feed.csv"
    feed.write_bytes(SAMPLE.read_bytes() + b"ev-0100,RECEPTION,2018-10-02T14:00:00+01:00,BAD,LEI,,,A,B,1990-01-01,M,,REMAND,,,,,\n")
    call_command("import_custody_feed", str(feed))
    out = capsys.readouterr().out
    assert "9 rows; 8 applied" in out and "1 rejected" in out
    report = (tmp_path / "feed.csv.rejected.csv").read_text()
    assert "10,ev-0100,prison_number" in report


def test_the_command_fails_only_for_an_unreadable_file(estate: None, tmp_path: Path) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"no,header,here\n1,2,3\n")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_custody_feed", str(broken), str(SAMPLE))
    assert exit_info.value.code == 1
    assert Person.objects.count() == 4  # the readable file was still imported


def test_the_chunk_size_does_not_change_the_result(estate: None) -> None:
    header, *rows = SAMPLE.read_text().splitlines()
    random.Random(4).shuffle(rows)
    data = ("\n".join([header, *rows]) + "\n").encode()
    whole = run(data)
    expected, expected_counts = snapshot(), whole.counts
    for model in (ReleaseDateChange, Movement, FeedEvent):
        model.objects.all().delete()
    CustodyPeriod.objects.all().delete()
    Person.objects.all().delete()
    one_by_one = run(data, chunk_size=1)
    assert snapshot() == expected
    assert one_by_one.counts == expected_counts


def test_a_new_reception_updates_the_identity_and_a_sentence_the_period(estate: None) -> None:
    """Rows already in the database are updated (the set-based path on PostgreSQL)."""
    run(SAMPLE.read_bytes())
    header = SAMPLE.read_text().splitlines()[0]
    later = [
        "ev-0101,RELEASE,2019-08-21T09:00:00+01:00,B2345CD,LEI,,,,,,,,,,,,,PAROLE",
        "ev-0102,RECEPTION,2019-08-25T10:00:00+01:00,B2345CD,HMI,,,Aisha,Khan-Ali,1990-07-01,F,A9,REMAND,,,,,",
        "ev-0103,SENTENCE,2019-08-26T10:00:00+01:00,D4567EF,BZI,,,,,,,,SENTENCED,DETERMINATE,2018-12-12,260,2019-05-02,",
        "ev-0104,TRANSFER,2019-08-27T10:00:00+01:00,D4567EF,,BZI,LEI,,,,,,,,,,,",
    ]
    result = run(("\n".join([header, *later]) + "\n").encode())
    assert result.counts.applied == 4
    aisha = Person.objects.get(prison_number="B2345CD")
    assert (aisha.last_name, aisha.ethnicity) == ("Khan-Ali", "A9")
    first, second = aisha.custody_periods.order_by("received_at")
    assert first.release_type == "PAROLE" and first.released_at is not None
    assert second.released_at is None and second.current_prison.code == "HMI"
    maria = CustodyPeriod.objects.get(person__prison_number="D4567EF")
    assert (str(maria.release_date), maria.sentence_length_days, maria.current_prison.code) == ("2019-05-02", 260, "LEI")
    assert list(maria.release_date_changes.order_by("occurred_at").values_list("new_release_date", flat=True))[-1] == maria.release_date


def test_a_pending_event_keeps_its_fields_until_it_applies(estate: None) -> None:
    header, *rows = SAMPLE.read_text().splitlines()
    run(("\n".join([header, rows[5]]) + "\n").encode())  # a sentence for someone not received yet
    waiting = FeedEvent.objects.get(event_id="ev-0006")
    assert waiting.payload is not None
    assert waiting.outcome == "pending" and waiting.payload["release_date"] == "2019-04-12" and "ethnicity" not in waiting.payload
    run(("\n".join([header, rows[3]]) + "\n").encode())
    applied = FeedEvent.objects.get(event_id="ev-0006")
    assert (applied.outcome, applied.payload, applied.reason) == ("applied", None, "")
    assert str(CustodyPeriod.objects.get(person__prison_number="D4567EF").release_date) == "2019-04-12"


# --- a process killed part-way -------------------------------------------------------------------


def _receptions(count: int) -> bytes:
    rows = [",".join(FIELDS)]
    for n in range(count):
        number = f"A{n:04d}{chr(65 + n // 10000 % 26)}{chr(65 + n // 260000 % 26)}"
        rows.append(
            f"k-{n},RECEPTION,2018-10-02T09:{n // 600 % 60:02d}:{n // 10 % 60:02d}+01:00,{number},LEI,,,First,Last,1980-01-01,M,W1,REMAND,,,,,"
        )
    return ("\n".join(rows) + "\n").encode()


def _kill_database(tmp_path: Path, backend: str, request: Any) -> tuple[str, Any]:
    """A database of the test's own for a real subprocess: an SQLite file, or a PostgreSQL database
    on the server the tests use (only when the tests run on PostgreSQL)."""
    if backend == "sqlite":
        database = tmp_path / "kill.sqlite3"

        def count(table: str) -> int:
            with sqlite3.connect(database) as conn:
                return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608 - fixed table names

        return f"sqlite:///{database}", count
    default = settings.DATABASES["default"]
    if default["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the tests run on SQLite: set DATABASE_URL to a PostgreSQL server to kill a PostgreSQL import")
    import psycopg
    from psycopg.conninfo import make_conninfo

    name = f"ttg_kill_{os.getpid()}"
    server: dict[str, Any] = {"user": default["USER"], "password": default["PASSWORD"], "host": default["HOST"], "port": default["PORT"]}
    server = {key: value for key, value in server.items() if value}
    with psycopg.connect(make_conninfo(dbname="postgres", **server), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(make_conninfo(dbname="postgres", **server), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    request.addfinalizer(drop)

    def count_postgresql(table: str) -> int:
        with psycopg.connect(make_conninfo(dbname=name, **server)) as conn:
            row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608 - fixed table names
            return int(row[0]) if row else 0

    credentials = default["USER"] + (f":{default['PASSWORD']}" if default["PASSWORD"] else "")
    return f"postgres://{credentials}@{default['HOST']}:{default['PORT'] or 5432}/{name}", count_postgresql


# The PostgreSQL case uses the server the tests run on: CI's database-only PostgreSQL run keeps it.
@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.database)])
def test_a_killed_import_run_again_completes_with_no_duplicates_and_nothing_lost(tmp_path: Path, backend: str, request: Any) -> None:
    """A real subprocess, killed with SIGKILL mid-file, against its own database."""
    url, count_rows = _kill_database(tmp_path, backend, request)
    feed = tmp_path / "receptions.csv"
    count = 3000
    feed.write_bytes(_receptions(count))
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "ttg.settings_test"}
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    # The estate (HMP Leicester) is all the feed needs: not the demo's stories.
    subprocess.run([*manage, "load_demo", "--quiet-logins", "--personas-only"], env=env, check=True, capture_output=True)

    def applied() -> int:
        return count_rows("people_feedevent")

    process = subprocess.Popen(
        [*manage, "import_custody_feed", str(feed), "--chunk-size", "50"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while applied() < 500 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    part = applied()
    assert 0 < part < count, f"the kill should land mid-file (applied {part} of {count})"

    subprocess.run([*manage, "import_custody_feed", str(feed)], env=env, check=True, capture_output=True)
    people, periods, movements, events = (
        count_rows(table) for table in ("people_person", "people_custodyperiod", "people_movement", "people_feedevent")
    )
    orphans = count_rows("people_person p WHERE NOT EXISTS (SELECT 1 FROM people_custodyperiod c WHERE c.person_id = p.id)")
    assert (people, periods, movements, events) == (count, count, count, count)
    assert orphans == 0


# --- two imports at once ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_file_at_once_apply_each_event_once() -> None:
    """Both finish; the unique constraints stop duplicates, and a chunk that meets the other
    import's rows is applied again from what is committed (it finds them already applied)."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("SQLite allows one writer at a time: two imports at once are a PostgreSQL matter")
    import threading

    from django.db import connection

    load_demo(password="a-long-test-password-2019")
    data = _receptions(3000)
    results: list[Any] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def one_import() -> None:
        try:
            start.wait()
            results.append(run(data, chunk_size=500))
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one_import) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sum(r.counts.applied for r in results) == 3000
    assert sum(r.counts.duplicates for r in results) == 3000
    assert (Person.objects.count(), CustodyPeriod.objects.count(), Movement.objects.count(), FeedEvent.objects.count()) == (3000,) * 4


def test_an_event_unpacks_every_field_in_feed_order() -> None:
    from datetime import date, datetime

    from ttg.people.feed import FIELDS
    from ttg.people.importer import _Event

    parsed = {
        "occurred_at": ("2019-08-01T10:00:00+01:00", datetime.fromisoformat("2019-08-01T10:00:00+01:00")),
        "date_of_birth": ("1980-05-05", date(1980, 5, 5)),
        "sentence_start_date": ("2019-07-30", date(2019, 7, 30)),
        "sentence_length_days": ("365", 365),
        "release_date": ("2020-01-01", date(2020, 1, 1)),
    }
    values = tuple(parsed[name][0] if name in parsed else f"value of {name}" for name in FIELDS)
    event = _Event(7, "hash", values)
    for name in FIELDS:
        assert getattr(event, name) == (parsed[name][1] if name in parsed else f"value of {name}"), name


def test_a_custody_period_in_a_prison_added_since_the_import_began_is_read(estate: None) -> None:
    """The rules speak of prison codes: one the import did not start with is looked up once."""
    from ttg.estate.models import Prison
    from ttg.people.importer import _PrisonCodes

    leeds = Prison.objects.get(code="LEI")
    prisons = dict(Prison.objects.exclude(pk=leeds.pk).values_list("code", "id"))
    codes = _PrisonCodes(prisons)
    assert codes[leeds.pk] == "LEI"
    assert prisons["LEI"] == leeds.pk and dict.get(codes, leeds.pk) == "LEI"


def test_the_rejected_rows_report_runs_no_formula(estate: None, tmp_path: Path) -> None:
    """Issue 17: an event id or value a spreadsheet would run (=HYPERLINK, @SUM) is written as text."""
    feed = tmp_path / "feed.csv"
    attack = '"=HYPERLINK(""http://evil.example"",""Click"")"'
    feed.write_bytes(
        SAMPLE.read_bytes()
        + f"{attack},RECEPTION,2018-10-02T14:00:00+01:00,BAD,LEI,,,A,B,1990-01-01,M,,REMAND,,,,,\n".encode()
        + b"@SUM(1+1),RECEPTION,2018-10-02T14:00:00+01:00,A1234BC,=1+1,,,A,B,1990-01-01,M,,REMAND,,,,,\n"
    )
    call_command("import_custody_feed", str(feed))
    with (tmp_path / "feed.csv.rejected.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    event_ids = [row[1] for row in rows[1:]]
    assert event_ids == ['\'=HYPERLINK("http://evil.example","Click")', "'@SUM(1+1)"]
    assert not any(cell.startswith(spreadsheets.FORMULA_STARTS) for row in rows for cell in row)


# --- issue 17: one bad row never stops a feed, and a run always ends ---------------------------------


def _sample_lines() -> list[bytes]:
    return SAMPLE.read_bytes().splitlines(keepends=True)


def test_a_field_longer_than_the_csv_limit_is_one_rejected_row_naming_its_line(estate: None, settings: Any) -> None:
    """A field of 131,073 characters made csv raise _csv.Error: the run stayed running, nothing applied."""
    settings.TTG_FEED_MAX_LINE_BYTES = 1_000_000  # above csv's own field limit: csv's error is caught too
    lines = _sample_lines()
    huge = b"ev-huge,RECEPTION,2018-10-02T14:00:00+01:00,A1111AA,LEI,,,A," + b"x" * 131_073 + b",1990-01-01,M,,REMAND,,,,,\n"
    result = run(b"".join([*lines[:5], huge, *lines[5:]]))
    (rejection,) = result.rejections
    assert rejection.line == 6 and "cannot be read as CSV" in rejection.message and "field larger than field limit" in rejection.message
    assert result.counts.applied == 8  # the rows before it and after it
    assert ImportRun.objects.get(pk=result.run.pk).status == ImportRun.Status.FINISHED


def test_a_line_longer_than_the_limit_is_rejected_without_being_read(estate: None, settings: Any) -> None:
    settings.TTG_FEED_MAX_LINE_BYTES = 4096
    lines = _sample_lines()
    long_line = b"ev-long,RECEPTION,2018-10-02T14:00:00+01:00,A1111AA,LEI,,,A," + b"y" * 3_000_000 + b",1990-01-01,M,,REMAND,,,,,\n"
    result = run(b"".join([*lines[:3], long_line, *lines[3:]]))
    (rejection,) = result.rejections
    assert rejection.line == 4 and "longer than 4,096 bytes" in rejection.message
    assert result.counts.applied == 8 and result.counts.rows == 9
    jsonl = run(b'{"event_id": "' + b"z" * 5000 + b'"}\n' + b"[" * 4000 + b"\n", kind="jsonl")
    assert [r.line for r in jsonl.rejections] == [1, 2] and "longer than 4,096 bytes" in jsonl.rejections[0].message


def test_a_line_exactly_at_the_limit_is_read(estate: None, settings: Any) -> None:
    lines = _sample_lines()
    settings.TTG_FEED_MAX_LINE_BYTES = max(len(line) for line in lines)
    assert run(b"".join(lines)).counts.applied == 8
    limit = settings.TTG_FEED_MAX_LINE_BYTES
    last = lines[-1].rstrip(b"\n")
    last += b" " * (limit - len(last))  # spaces around a value are not part of it
    assert len(last) == limit and run(b"".join([lines[0], last])).counts.duplicates == 1  # the last line, with no line end


def test_a_header_too_long_to_read_makes_the_file_unreadable(estate: None, settings: Any) -> None:
    settings.TTG_FEED_MAX_LINE_BYTES = 100
    with pytest.raises(FeedUnreadable, match="header row cannot be read"):
        run(SAMPLE.read_bytes())
    assert ImportRun.objects.get().status == ImportRun.Status.UNREADABLE


def test_a_run_that_fails_ends_as_failed_with_the_reason(estate: None, monkeypatch: Any) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "_apply_stream", broken)
    with pytest.raises(RuntimeError):
        run(SAMPLE.read_bytes() + b"ev-0100,RECEPTION,2018-10-02T14:00:00+01:00,BAD,LEI,,,A,B,1990-01-01,M,,REMAND,,,,,\n")
    failed = ImportRun.objects.get()
    assert failed.status == ImportRun.Status.FAILED and failed.finished_at is not None
    assert "RuntimeError: disk full" in failed.message and "send the file again" in failed.message
    assert (failed.rows, failed.rejected) == (9, 1) and failed.rejected_rows.count() == 1


def test_a_run_left_running_by_a_killed_process_is_ended_by_the_next(estate: None, settings: Any) -> None:
    started = clock.now() - timedelta(hours=7)
    stale = ImportRun.objects.create(source="killed", started_at=started)
    recent = ImportRun.objects.create(source="still going", started_at=clock.now() - timedelta(hours=1))
    run(SAMPLE.read_bytes())
    stale.refresh_from_db()
    recent.refresh_from_db()
    assert stale.status == ImportRun.Status.FAILED and "did not finish within 6 hours" in stale.message
    assert recent.status == ImportRun.Status.RUNNING


def test_what_an_import_stores_is_english_whoever_runs_it(estate: None) -> None:
    # Issue 22: a waiting event's reason and a refused row's message are stored in English, even when the
    # import is started from a page in Welsh (the run is in English: one override for the whole run).
    header, *rows = SAMPLE.read_text().splitlines()
    by_id = {r.split(",")[0]: r for r in rows}
    release = "ev-0099,RELEASE,2018-10-01T09:00:00+01:00,B2345CD,LEI,,,,,,,,,,,,,CONDITIONAL"
    with translation.override("cy"):
        result = run(("\n".join([header, by_id["ev-0005"], rows[1], release]) + "\n").encode())
        assert translation.get_language() == "cy"  # the reader's language is back after the run
    assert FeedEvent.objects.get(event_id="ev-0005").reason == "A1234BC is not in custody yet: waiting for their reception"
    (rejection,) = result.rejections
    assert rejection.message.startswith("This release is before the reception it belongs to (")
    assert RejectedRow.objects.get(event_id="ev-0099").message == rejection.message
