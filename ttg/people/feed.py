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
from typing import IO, Any

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
    """A hash of the event's content (known fields only, empty ones ignored), whatever the format."""
    canonical = json.dumps({k: values[k] for k in FIELDS if values.get(k)}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


# --- reading ------------------------------------------------------------------------------------


def _decoded_lines(stream: IO[bytes]) -> Iterator[tuple[int, str | None]]:
    """(line number, text) per physical line; text is None when the bytes are not UTF-8."""
    for number, raw in enumerate(stream, start=1):
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
    for number, text in lines:
        if text is None:
            if header is None:
                raise FeedUnreadable("The header row is not UTF-8 text.")
            yield _not_utf8(number)
            continue
        if not text.strip():
            continue
        values = next(csv.reader([text]))
        if header is None:
            header = [h.strip() for h in values]
            missing = [name for name in ALWAYS_REQUIRED if name not in header]
            if missing:
                if not any(h in FIELDS for h in header):
                    raise FeedUnreadable("The file has no header row: the first line must name the columns, e.g. event_id,event_type,...")
                raise FeedUnreadable(f"The header row has no column for: {', '.join(missing)}.")
            continue
        if len(values) != len(header):
            yield Rejection(number, "", "", f"This line has {len(values)} values but the header names {len(header)} columns.")
            continue
        yield number, {name: value.strip() for name, value in zip(header, values, strict=True) if name in FIELDS}
    if header is None:
        raise FeedUnreadable("The file is empty: it has no header row.")


def _jsonl_rows(lines: Iterator[tuple[int, str | None]]) -> Iterator[tuple[int, dict[str, str]] | Rejection]:
    for number, text in lines:
        if text is None:
            yield _not_utf8(number)
            continue
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            yield Rejection(number, "", "", f"This line is not valid JSON ({error.msg}).")
            continue
        if not isinstance(data, dict):
            yield Rejection(number, "", "", "Each line must be one JSON object with the event's fields.")
            continue
        yield number, {k: ("" if v is None else str(v)).strip() for k, v in data.items() if k in FIELDS}


def read_feed(stream: IO[bytes], *, kind: str, known_prisons: Iterable[str], now: datetime) -> Iterator[FeedRow | Rejection]:
    """Stream validated rows from a feed. `kind` is "csv" or "jsonl"."""
    prisons = frozenset(known_prisons)
    lines = _decoded_lines(stream)
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
    """One row against the contract. The first problem found is reported, with its field."""
    event_id = values.get("event_id", "")

    def reject(name: str, message: str) -> Rejection:
        return Rejection(line, event_id, name, message)

    for name in ALWAYS_REQUIRED:
        if not values.get(name):
            return reject(name, f"Enter the {name}: every event needs one.")
    for name, limit in MAX_LENGTHS.items():
        if len(values.get(name, "")) > limit:
            return reject(name, f"The {name} must be {limit} characters or fewer.")
    event_type = values["event_type"]
    if event_type not in EVENT_TYPES:
        return reject("event_type", f"Unknown event_type {event_type!r}: use one of {', '.join(EVENT_TYPES)}.")
    for name in REQUIRED_BY_TYPE[event_type]:
        if not values.get(name):
            return reject(name, f"Enter the {name}: a {event_type} event needs one.")
    prison_number = values["prison_number"]
    if not PRISON_NUMBER.match(prison_number):
        return reject("prison_number", f"Prison number {prison_number!r} is not in the form A1234BC (a letter, 4 digits, 2 letters).")
    try:
        occurred_at = datetime.fromisoformat(values["occurred_at"])
    except ValueError:
        return reject(
            "occurred_at", f"occurred_at {values['occurred_at']!r} is not an ISO 8601 date and time, e.g. 2018-10-01T09:30:00+01:00."
        )
    if occurred_at.tzinfo is None:
        return reject("occurred_at", "occurred_at must include its UTC offset, e.g. +01:00.")
    if occurred_at > now + timedelta(days=1):
        return reject("occurred_at", f"occurred_at {values['occurred_at']} is in the future.")

    for name in ("prison_code", "from_prison_code", "to_prison_code"):
        code = values.get(name, "")
        if code and code not in known_prisons:
            return reject(name, f"Unknown establishment code {code!r} in {name}: it is not a prison we know.")
    if event_type == "TRANSFER" and values["from_prison_code"] == values["to_prison_code"]:
        return reject("to_prison_code", "A transfer must be to a different prison from the one it leaves.")

    parsed: dict[str, Any] = {}
    for name in ("date_of_birth", "sentence_start_date", "release_date"):
        if values.get(name):
            try:
                parsed[name] = _date(values[name])
            except ValueError:
                return reject(name, f"{name} {values[name]!r} is not a date in the form YYYY-MM-DD.")
    birth = parsed.get("date_of_birth")
    if birth is not None:
        if birth > occurred_at.date():
            return reject("date_of_birth", "date_of_birth is in the future.")
        age = (occurred_at.date() - birth).days / 365.25
        if age > OLDEST_AGE_YEARS or age < YOUNGEST_AGE_YEARS:
            return reject("date_of_birth", f"date_of_birth {birth.isoformat()} gives an implausible age of {int(age)} at the event.")

    enums = (("sex", SEXES), ("legal_status", LEGAL_STATUSES), ("sentence_type", SENTENCE_TYPES), ("release_type", RELEASE_TYPES))
    for name, allowed in enums:
        value = values.get(name, "")
        if value and value not in allowed:
            return reject(name, f"Unknown {name} {value!r}: use one of {', '.join(allowed)}.")
    ethnicity = values.get("ethnicity", "")
    if ethnicity and ethnicity not in ETHNICITIES:
        return reject("ethnicity", f"Unknown ethnicity code {ethnicity!r}: use an ONS 2011 code such as W1, A2 or B1.")

    # Sentence details: required when sentenced, consistent with each other.
    sentenced = values.get("legal_status") in ("SENTENCED", "RECALL")
    sentence_type = values.get("sentence_type", "")
    if sentenced and event_type in ("RECEPTION", "SENTENCE"):
        if not sentence_type:
            return reject("sentence_type", "Enter the sentence_type: a sentenced person needs one.")
        if not parsed.get("sentence_start_date"):
            return reject("sentence_start_date", "Enter the sentence_start_date: a sentenced person needs one.")
    length: int | None = None
    if values.get("sentence_length_days"):
        try:
            length = int(values["sentence_length_days"])
        except ValueError:
            return reject("sentence_length_days", f"sentence_length_days {values['sentence_length_days']!r} is not a whole number of days.")
        if length <= 0:
            return reject("sentence_length_days", "sentence_length_days must be more than 0.")
    if sentence_type == "DETERMINATE":
        if length is None:
            return reject("sentence_length_days", "Enter the sentence_length_days: a determinate sentence needs one.")
        if not parsed.get("release_date"):
            return reject("release_date", "Enter the release_date: a determinate sentence needs one.")
    start, release = parsed.get("sentence_start_date"), parsed.get("release_date")
    if start and release and release < start:
        return reject("release_date", f"release_date {release.isoformat()} is before sentence_start_date {start.isoformat()}.")

    return FeedRow(
        line=line,
        event_id=event_id,
        event_type=event_type,
        occurred_at=occurred_at,
        prison_number=prison_number,
        content_hash=content_hash(values),
        prison_code=values.get("prison_code", ""),
        from_prison_code=values.get("from_prison_code", ""),
        to_prison_code=values.get("to_prison_code", ""),
        first_name=values.get("first_name", ""),
        last_name=values.get("last_name", ""),
        date_of_birth=birth,
        sex=values.get("sex", ""),
        ethnicity=ethnicity,
        legal_status=values.get("legal_status", ""),
        sentence_type=sentence_type,
        sentence_start_date=start,
        sentence_length_days=length,
        release_date=release,
        release_type=values.get("release_type", ""),
        raw={k: v for k, v in values.items() if v},
    )
