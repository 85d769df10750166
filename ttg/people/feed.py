"""Reading and validating the custody feed (shared/domain/custody-feed.md). Pure Python: no Django.

`read_feed` streams rows from a CSV or JSON Lines file, one line at a time, and yields either a
valid `FeedRow` or a `Rejection` naming the line, the field and what to do about it. Whether an
event can apply (is the person in custody? was the release after the reception?) depends on the
database and is decided by importer.py.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import IO

PRISON_NUMBER = re.compile(r"^[A-Z][0-9]{4}[A-Z]{2}$")
ESTABLISHMENT_CODE = re.compile(r"^[A-Z]{3}$")

EVENT_TYPES = ("RECEPTION", "TRANSFER", "RELEASE", "SENTENCE")
SEXES = ("M", "F")
LEGAL_STATUSES = ("REMAND", "SENTENCED", "RECALL")
SENTENCE_TYPES = ("DETERMINATE", "INDETERMINATE")
RELEASE_TYPES = ("CONDITIONAL", "END_OF_SENTENCE", "PAROLE", "HOME_DETENTION_CURFEW", "COURT", "DEPORTED", "OTHER")
# ONS 2011 ethnicity codes (custody-feed.md: "ONS 2011 code").
ETHNICITY_CODES = {
    "W1": "White: English, Welsh, Scottish, Northern Irish or British",
    "W2": "White: Irish",
    "W3": "White: Gypsy or Irish Traveller",
    "W9": "White: any other White background",
    "M1": "Mixed: White and Black Caribbean",
    "M2": "Mixed: White and Black African",
    "M3": "Mixed: White and Asian",
    "M9": "Mixed: any other mixed background",
    "A1": "Asian or Asian British: Indian",
    "A2": "Asian or Asian British: Pakistani",
    "A3": "Asian or Asian British: Bangladeshi",
    "A4": "Asian or Asian British: Chinese",
    "A9": "Asian or Asian British: any other Asian background",
    "B1": "Black or Black British: Caribbean",
    "B2": "Black or Black British: African",
    "B9": "Black or Black British: any other Black background",
    "O2": "Other ethnic group: Arab",
    "O9": "Other ethnic group: any other ethnic group",
    "NS": "Not stated",
}
ETHNICITIES = frozenset(ETHNICITY_CODES)

FIELDS = (
    "event_id",
    "event_type",
    "occurred_at",
    "prison_number",
    "prison_code",
    "from_prison_code",
    "to_prison_code",
    "first_name",
    "last_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "legal_status",
    "sentence_type",
    "sentence_start_date",
    "sentence_length_days",
    "release_date",
    "release_type",
)
_SORTED_FIELDS = tuple(sorted(FIELDS))
_KNOWN_FIELDS = frozenset(FIELDS)
_json_string = json.encoder.encode_basestring_ascii  # what json.dumps uses for str, ensure_ascii on
ALWAYS_REQUIRED = ("event_id", "event_type", "occurred_at", "prison_number")
REQUIRED_BY_TYPE = {
    "RECEPTION": ("prison_code", "first_name", "last_name", "date_of_birth", "sex", "legal_status"),
    "TRANSFER": ("from_prison_code", "to_prison_code"),
    "RELEASE": ("prison_code", "release_type"),
    "SENTENCE": ("prison_code", "legal_status"),
}
MAX_LENGTHS = {"event_id": 100, "first_name": 100, "last_name": 100}
OLDEST_AGE_YEARS = 110
YOUNGEST_AGE_YEARS = 10  # the age of criminal responsibility in England and Wales


class FeedUnreadable(Exception):
    """The file as a whole cannot be read: nothing in it is applied."""


class FeedTooLarge(FeedUnreadable):
    """The body sent is larger than the most the service reads in one request: nothing in it is applied."""


@dataclass(frozen=True)
class Rejection:
    line: int | None
    event_id: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line is not None else f"event {self.event_id}"
        return f"{where}, {self.field or 'row'}: {self.message}"


@dataclass
class FeedRow:
    """A row that passed validation. Dates are parsed; absent optional fields are empty/None."""

    line: int | None
    event_id: str
    event_type: str
    occurred_at: datetime
    prison_number: str
    content_hash: str
    prison_code: str = ""
    from_prison_code: str = ""
    to_prison_code: str = ""
    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None
    sex: str = ""
    ethnicity: str = ""
    legal_status: str = ""
    sentence_type: str = ""
    sentence_start_date: date | None = None
    sentence_length_days: int | None = None
    release_date: date | None = None
    release_type: str = ""
    raw: dict[str, str] = field(default_factory=dict, repr=False)


def content_hash(values: dict[str, str]) -> str:
    """A hash of the event's content (known fields only, empty ones ignored), whatever the format.

    The canonical text is exactly `json.dumps({k: v for known, non-empty k}, sort_keys=True,
    separators=(",", ":"))` (hashes already stored must not change), built without the encoder's
    per-call set-up because every row of every feed is hashed.
    """
    get = values.get
    parts = [f'"{name}":{_json_string(value)}' for name in _SORTED_FIELDS if (value := get(name))]
    return hashlib.sha256(("{" + ",".join(parts) + "}").encode()).hexdigest()


# --- reading ------------------------------------------------------------------------------------


MAX_LINE_BYTES = 65_536  # the default; the importer passes settings.TTG_FEED_MAX_LINE_BYTES
_SKIP_BLOCK = 1 << 20  # the rest of a line too long to read is skipped a megabyte at a time


class _TooLong(str):
    """The text of a line too long to read: what to say about it instead."""


def _physical_lines(stream: IO[bytes], max_line_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per physical line, never holding more than max_line_bytes of one; None for
    a line longer than that (its rest is read and dropped, so the next line is read as usual)."""
    readline = stream.readline
    number = 0
    while True:
        raw = readline(max_line_bytes)
        if not raw:
            return
        number += 1
        if len(raw) < max_line_bytes or raw.endswith(b"\n"):
            yield number, raw
            continue
        rest = readline(_SKIP_BLOCK)
        if not rest:  # the last line, exactly max_line_bytes long
            yield number, raw
            return
        while rest and not rest.endswith(b"\n"):
            rest = readline(_SKIP_BLOCK)
        yield number, None


def _decoded_lines(stream: IO[bytes], max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[tuple[int, str | None]]:
    """(line number, text) per physical line; text is None when the bytes are not UTF-8, a _TooLong
    when the line is longer than max_line_bytes (line end included)."""
    for number, raw in _physical_lines(stream, max_line_bytes):
        if raw is None:
            yield (
                number,
                _TooLong(
                    f"This line is longer than {max_line_bytes:,} bytes, the most one line of the feed may be, so it was not read. "
                    "An event takes a few hundred bytes: ask the sender to check this line."
                ),
            )
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield number, None
            continue
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]  # a byte-order mark from spreadsheet exports
        yield number, text


def _not_utf8(line: int) -> Rejection:
    return Rejection(line, "", "", "This line is not UTF-8 text. Ask the sender to export the file as UTF-8.")


def _csv_rows(lines: Iterator[tuple[int, str | None]]) -> Iterator[tuple[int, dict[str, str]] | Rejection]:
    header: list[str] | None = None
    known: list[tuple[int, str]] = []
    for number, text in lines:
        if text is None:
            if header is None:
                raise FeedUnreadable("The header row is not UTF-8 text.")
            yield _not_utf8(number)
            continue
        if isinstance(text, _TooLong):
            if header is None:
                raise FeedUnreadable(f"The header row cannot be read. {text}")
            yield Rejection(number, "", "", str(text))
            continue
        if not text.strip():
            continue
        try:
            values = next(csv.reader([text]))
        except csv.Error as error:  # one unreadable line is one rejected row, never the end of the feed
            if header is None:
                raise FeedUnreadable(f"The header row cannot be read as CSV ({error}).") from None
            yield Rejection(number, "", "", f"This line cannot be read as CSV ({error}). Check its quotes and commas.")
            continue
        if header is None:
            header = [h.strip() for h in values]
            missing = [name for name in ALWAYS_REQUIRED if name not in header]
            if missing:
                if not any(h in FIELDS for h in header):
                    raise FeedUnreadable("The file has no header row: the first line must name the columns, e.g. event_id,event_type,...")
                raise FeedUnreadable(f"The header row has no column for: {', '.join(missing)}.")
            known = [(index, name) for index, name in enumerate(header) if name in _KNOWN_FIELDS]  # later duplicates win, as in a dict
            continue
        if len(values) != len(header):
            yield Rejection(number, "", "", f"This line has {len(values)} values but the header names {len(header)} columns.")
            continue
        yield number, {name: values[index].strip() for index, name in known}
    if header is None:
        raise FeedUnreadable("The file is empty: it has no header row.")


def _jsonl_rows(lines: Iterator[tuple[int, str | None]]) -> Iterator[tuple[int, dict[str, str]] | Rejection]:
    for number, text in lines:
        if text is None:
            yield _not_utf8(number)
            continue
        if isinstance(text, _TooLong):
            yield Rejection(number, "", "", str(text))
            continue
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            yield Rejection(number, "", "", f"This line is not valid JSON ({error.msg}).")
            continue
        except (ValueError, RecursionError):  # a number of thousands of digits, or arrays nested thousands deep
            yield Rejection(number, "", "", "This line is not an event: it holds a value too long or too deeply nested to read.")
            continue
        if not isinstance(data, dict):
            yield Rejection(number, "", "", "Each line must be one JSON object with the event's fields.")
            continue
        nested = next((k for k, v in data.items() if k in _KNOWN_FIELDS and isinstance(v, dict | list)), None)
        if nested is not None:
            yield Rejection(number, str(data.get("event_id", ""))[:100], nested, f"The {nested} must be text, not a list or an object.")
            continue
        yield number, {k: ("" if v is None else str(v)).strip() for k, v in data.items() if k in _KNOWN_FIELDS}


def read_feed(
    stream: IO[bytes], *, kind: str, known_prisons: Iterable[str], now: datetime, max_line_bytes: int = MAX_LINE_BYTES
) -> Iterator[FeedRow | Rejection]:
    """Stream validated rows from a feed. `kind` is "csv" or "jsonl". Every line gets its own verdict:
    a line longer than `max_line_bytes`, or one that is not CSV, is one rejected row."""
    prisons = frozenset(known_prisons)
    lines = _decoded_lines(stream, max_line_bytes)
    rows = _csv_rows(lines) if kind == "csv" else _jsonl_rows(lines)
    for item in rows:
        if isinstance(item, Rejection):
            yield item
        else:
            yield validate(item[1], line=item[0], known_prisons=prisons, now=now)


def kind_of(name: str, content_type: str = "") -> str:
    if name.endswith((".jsonl", ".ndjson")) or "json" in content_type:
        return "jsonl"
    return "csv"


# --- validating ---------------------------------------------------------------------------------


def _date(value: str) -> date:
    if len(value) != 10:  # YYYY-MM-DD only, not the other forms fromisoformat accepts
        raise ValueError(value)
    return date.fromisoformat(value)


def validate(values: dict[str, str], *, line: int | None, known_prisons: frozenset[str], now: datetime) -> FeedRow | Rejection:
    """One row against the contract. The first problem found is reported, with its field.

    Every row of every feed passes through here, so each value is looked up once into a local.
    """
    get = values.get
    event_id = get("event_id", "")
    event_type = get("event_type", "")
    occurred_text = get("occurred_at", "")
    prison_number = get("prison_number", "")

    def reject(name: str, message: str) -> Rejection:
        return Rejection(line, event_id, name, message)

    for name, value in (
        ("event_id", event_id),
        ("event_type", event_type),
        ("occurred_at", occurred_text),
        ("prison_number", prison_number),
    ):
        if not value:
            return reject(name, f"Enter the {name}: every event needs one.")
    first_name, last_name = get("first_name", ""), get("last_name", "")
    for name, value in (("event_id", event_id), ("first_name", first_name), ("last_name", last_name)):
        if len(value) > MAX_LENGTHS[name]:
            return reject(name, f"The {name} must be {MAX_LENGTHS[name]} characters or fewer.")
        if "\x00" in value:  # possible in JSON Lines ("\u0000"); no database can store it in text
            return reject(name, f"The {name} contains a NUL character (\\u0000). Remove it and send the event again.")
    required = REQUIRED_BY_TYPE.get(event_type)
    if required is None:
        return reject("event_type", f"Unknown event_type {event_type!r}: use one of {', '.join(EVENT_TYPES)}.")
    for name in required:
        if not get(name):
            return reject(name, f"Enter the {name}: a {event_type} event needs one.")
    if not PRISON_NUMBER.match(prison_number):
        return reject("prison_number", f"Prison number {prison_number!r} is not in the form A1234BC (a letter, 4 digits, 2 letters).")
    try:
        occurred_at = datetime.fromisoformat(occurred_text)
    except ValueError:
        return reject("occurred_at", f"occurred_at {occurred_text!r} is not an ISO 8601 date and time, e.g. 2018-10-01T09:30:00+01:00.")
    if occurred_at.tzinfo is None:
        return reject("occurred_at", "occurred_at must include its UTC offset, e.g. +01:00.")
    if occurred_at > now + timedelta(days=1):
        return reject("occurred_at", f"occurred_at {occurred_text} is in the future.")

    prison_code, from_code, to_code = get("prison_code", ""), get("from_prison_code", ""), get("to_prison_code", "")
    for name, code in (("prison_code", prison_code), ("from_prison_code", from_code), ("to_prison_code", to_code)):
        if code and code not in known_prisons:
            return reject(name, f"Unknown establishment code {code!r} in {name}: it is not a prison we know.")
    if event_type == "TRANSFER" and from_code == to_code:
        return reject("to_prison_code", "A transfer must be to a different prison from the one it leaves.")

    parsed: list[date | None] = []
    for name in ("date_of_birth", "sentence_start_date", "release_date"):
        text = get(name)
        if text:
            try:
                parsed.append(_date(text))
            except ValueError:
                return reject(name, f"{name} {text!r} is not a date in the form YYYY-MM-DD.")
        else:
            parsed.append(None)
    birth, start, release = parsed
    if birth is not None:
        if birth > occurred_at.date():
            return reject("date_of_birth", "date_of_birth is in the future.")
        age = (occurred_at.date() - birth).days / 365.25
        if age > OLDEST_AGE_YEARS or age < YOUNGEST_AGE_YEARS:
            return reject("date_of_birth", f"date_of_birth {birth.isoformat()} gives an implausible age of {int(age)} at the event.")

    sex, legal_status, sentence_type, release_type = (
        get("sex", ""),
        get("legal_status", ""),
        get("sentence_type", ""),
        get("release_type", ""),
    )
    for name, value, allowed in (
        ("sex", sex, SEXES),
        ("legal_status", legal_status, LEGAL_STATUSES),
        ("sentence_type", sentence_type, SENTENCE_TYPES),
        ("release_type", release_type, RELEASE_TYPES),
    ):
        if value and value not in allowed:
            return reject(name, f"Unknown {name} {value!r}: use one of {', '.join(allowed)}.")
    ethnicity = get("ethnicity", "")
    if ethnicity and ethnicity not in ETHNICITIES:
        return reject("ethnicity", f"Unknown ethnicity code {ethnicity!r}: use an ONS 2011 code such as W1, A2 or B1.")

    # Sentence details: required when sentenced, consistent with each other.
    if legal_status in ("SENTENCED", "RECALL") and event_type in ("RECEPTION", "SENTENCE"):
        if not sentence_type:
            return reject("sentence_type", "Enter the sentence_type: a sentenced person needs one.")
        if not start:
            return reject("sentence_start_date", "Enter the sentence_start_date: a sentenced person needs one.")
    length: int | None = None
    length_text = get("sentence_length_days")
    if length_text:
        try:
            length = int(length_text)
        except ValueError:
            return reject("sentence_length_days", f"sentence_length_days {length_text!r} is not a whole number of days.")
        if length <= 0:
            return reject("sentence_length_days", "sentence_length_days must be more than 0.")
    if sentence_type == "DETERMINATE":
        if length is None:
            return reject("sentence_length_days", "Enter the sentence_length_days: a determinate sentence needs one.")
        if not release:
            return reject("release_date", "Enter the release_date: a determinate sentence needs one.")
    if start and release and release < start:
        return reject("release_date", f"release_date {release.isoformat()} is before sentence_start_date {start.isoformat()}.")

    return FeedRow(
        line,
        event_id,
        event_type,
        occurred_at,
        prison_number,
        content_hash(values),
        prison_code,
        from_code,
        to_code,
        first_name,
        last_name,
        birth,
        sex,
        ethnicity,
        legal_status,
        sentence_type,
        start,
        length,
        release,
        release_type,
        {k: v for k, v in values.items() if v},
    )
