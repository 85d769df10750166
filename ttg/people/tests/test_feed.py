"""The feed contract's validation: one test per bad-row class, each naming the line and the field."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from ttg.people.feed import FIELDS, FeedRow, FeedUnreadable, Rejection, content_hash, read_feed

NOW = datetime(2019, 9, 2, 8, 30, tzinfo=UTC)
PRISONS = {"LEI", "HMI", "BZI", "BWI"}
HEADER = ",".join(FIELDS)

RECEPTION = {
    "event_id": "ev-1",
    "event_type": "RECEPTION",
    "occurred_at": "2018-10-02T14:00:00+01:00",
    "prison_number": "B2345CD",
    "prison_code": "LEI",
    "first_name": "Aisha",
    "last_name": "Khan",
    "date_of_birth": "1990-07-01",
    "sex": "F",
    "ethnicity": "A2",
    "legal_status": "SENTENCED",
    "sentence_type": "DETERMINATE",
    "sentence_start_date": "2018-10-01",
    "sentence_length_days": "2190",
    "release_date": "2021-09-30",
}
TRANSFER = {
    "event_id": "ev-2",
    "event_type": "TRANSFER",
    "occurred_at": "2018-12-10T08:30:00+00:00",
    "prison_number": "B2345CD",
    "from_prison_code": "LEI",
    "to_prison_code": "HMI",
}
RELEASE = {
    "event_id": "ev-3",
    "event_type": "RELEASE",
    "occurred_at": "2019-03-27T09:00:00+00:00",
    "prison_number": "B2345CD",
    "prison_code": "HMI",
    "release_type": "CONDITIONAL",
}


def csv_bytes(*rows: dict[str, str], header: str = HEADER) -> bytes:
    columns = header.split(",")
    lines = [header] + [",".join(row.get(c, "") for c in columns) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def results(data: bytes, kind: str = "csv") -> list[FeedRow | Rejection]:
    return list(read_feed(io.BytesIO(data), kind=kind, known_prisons=PRISONS, now=NOW))


def only_rejection(row: dict[str, str]) -> Rejection:
    (result,) = results(csv_bytes(row))
    assert isinstance(result, Rejection), f"expected a rejection, got {result}"
    assert result.line == 2  # the header is line 1
    return result


def test_good_rows_pass() -> None:
    rows = results(csv_bytes(RECEPTION, TRANSFER, RELEASE))
    assert all(isinstance(r, FeedRow) for r in rows)
    assert [r.line for r in rows] == [2, 3, 4]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("base", "change", "field", "words"),
    [
        (RECEPTION, {"prison_number": "12345AB"}, "prison_number", "not in the form A1234BC"),
        (RECEPTION, {"prison_number": "a1234bc"}, "prison_number", "not in the form A1234BC"),
        (RECEPTION, {"prison_code": "XYZ"}, "prison_code", "Unknown establishment code 'XYZ'"),
        (TRANSFER, {"to_prison_code": "QQQ"}, "to_prison_code", "Unknown establishment code"),
        (RECEPTION, {"first_name": ""}, "first_name", "a RECEPTION event needs one"),
        (RECEPTION, {"date_of_birth": ""}, "date_of_birth", "a RECEPTION event needs one"),
        (TRANSFER, {"from_prison_code": ""}, "from_prison_code", "a TRANSFER event needs one"),
        (RELEASE, {"release_type": ""}, "release_type", "a RELEASE event needs one"),
        (RECEPTION, {"event_id": ""}, "event_id", "every event needs one"),
        (RECEPTION, {"occurred_at": "02/10/2018 14:00"}, "occurred_at", "not an ISO 8601 date and time"),
        (RECEPTION, {"occurred_at": "2018-10-02T14:00:00"}, "occurred_at", "must include its UTC offset"),
        (RECEPTION, {"occurred_at": "2019-12-25T09:00:00+00:00"}, "occurred_at", "in the future"),
        (RECEPTION, {"date_of_birth": "1990-13-01"}, "date_of_birth", "not a date in the form YYYY-MM-DD"),
        (RECEPTION, {"sentence_start_date": "yesterday"}, "sentence_start_date", "not a date"),
        (RECEPTION, {"date_of_birth": "2020-01-01"}, "date_of_birth", "in the future"),
        (RECEPTION, {"date_of_birth": "1890-01-01"}, "date_of_birth", "implausible age"),
        (RECEPTION, {"date_of_birth": "2015-01-01"}, "date_of_birth", "implausible age"),
        (TRANSFER, {"to_prison_code": "LEI"}, "to_prison_code", "different prison"),
        (RECEPTION, {"sentence_length_days": "0"}, "sentence_length_days", "more than 0"),
        (RECEPTION, {"sentence_length_days": "-30"}, "sentence_length_days", "more than 0"),
        (RECEPTION, {"sentence_length_days": "ten"}, "sentence_length_days", "not a whole number"),
        (RECEPTION, {"release_date": "2018-09-30"}, "release_date", "before sentence_start_date"),
        (RECEPTION, {"event_type": "ESCAPE"}, "event_type", "Unknown event_type 'ESCAPE'"),
        (RECEPTION, {"sex": "X"}, "sex", "Unknown sex 'X'"),
        (RECEPTION, {"legal_status": "CONVICTED"}, "legal_status", "Unknown legal_status"),
        (RELEASE, {"release_type": "ESCAPED"}, "release_type", "Unknown release_type"),
        (RECEPTION, {"sentence_type": "LIFE"}, "sentence_type", "Unknown sentence_type"),
        (RECEPTION, {"ethnicity": "ZZ"}, "ethnicity", "Unknown ethnicity code"),
        (RECEPTION, {"sentence_type": ""}, "sentence_type", "a sentenced person needs one"),
        (RECEPTION, {"release_date": ""}, "release_date", "a determinate sentence needs one"),
        (RECEPTION, {"first_name": "x" * 101}, "first_name", "100 characters or fewer"),
    ],
)
def test_bad_rows_are_rejected_naming_line_and_field(base: dict[str, str], change: dict[str, str], field: str, words: str) -> None:
    rejection = only_rejection({**base, **change})
    assert rejection.field == field
    assert words in rejection.message
    assert str(rejection).startswith(f"line 2, {field}:")


def test_remand_reception_needs_no_sentence() -> None:
    remand = {
        **RECEPTION,
        "legal_status": "REMAND",
        "sentence_type": "",
        "sentence_start_date": "",
        "sentence_length_days": "",
        "release_date": "",
    }
    (row,) = results(csv_bytes(remand))
    assert isinstance(row, FeedRow)


def test_indeterminate_sentence_needs_no_release_date() -> None:
    life = {**RECEPTION, "sentence_type": "INDETERMINATE", "sentence_length_days": "", "release_date": ""}
    (row,) = results(csv_bytes(life))
    assert isinstance(row, FeedRow) and row.release_date is None


def test_bytes_that_are_not_utf8_reject_that_line_only() -> None:
    good = csv_bytes(RECEPTION, TRANSFER)
    bad_line = b"ev-9,RECEPTION,2018-10-02T14:00:00+01:00,C3456DE,LEI,,,G\xe9raldine,Smith,1980-01-01,F,,REMAND,,,,,\n"
    found = results(good + bad_line)
    assert [type(r) for r in found] == [FeedRow, FeedRow, Rejection]
    rejection = found[2]
    assert isinstance(rejection, Rejection) and rejection.line == 4 and "not UTF-8" in rejection.message


def test_a_file_with_no_header_cannot_be_read() -> None:
    data = b"ev-1,RECEPTION,2018-10-02T14:00:00+01:00,B2345CD,LEI\n"
    with pytest.raises(FeedUnreadable, match="no header row"):
        results(data)


def test_a_header_without_the_required_columns_cannot_be_read() -> None:
    with pytest.raises(FeedUnreadable, match="no column for: occurred_at"):
        results(csv_bytes(header="event_id,event_type,prison_number,prison_code"))


def test_an_empty_file_cannot_be_read() -> None:
    with pytest.raises(FeedUnreadable, match="empty"):
        results(b"")


def test_columns_in_any_order_and_unknown_columns_ignored() -> None:
    header = "prison_number,occurred_at,event_type,event_id,shoe_size," + ",".join(
        f for f in FIELDS if f not in ("prison_number", "occurred_at", "event_type", "event_id")
    )
    (row,) = results(csv_bytes({**RECEPTION, "shoe_size": "10"}, header=header))
    assert isinstance(row, FeedRow) and row.prison_number == "B2345CD"


def test_a_short_line_is_rejected() -> None:
    found = results(csv_bytes(RECEPTION) + b"ev-2,TRANSFER\n")
    assert isinstance(found[1], Rejection) and found[1].line == 3 and "2 values" in found[1].message


def test_json_lines_give_the_same_events_and_hashes_as_csv() -> None:
    import json

    jsonl = "\n".join(json.dumps({k: v for k, v in row.items() if v}) for row in (RECEPTION, TRANSFER, RELEASE)).encode()
    from_json = results(jsonl, kind="jsonl")
    from_csv = results(csv_bytes(RECEPTION, TRANSFER, RELEASE))
    assert [r.content_hash for r in from_json] == [r.content_hash for r in from_csv]  # type: ignore[union-attr]
    assert [r.line for r in from_json] == [1, 2, 3]  # type: ignore[union-attr]


def test_json_lines_bad_json_names_the_line() -> None:
    found = results(b'{"event_id": "ev-1"\n', kind="jsonl")
    assert isinstance(found[0], Rejection) and found[0].line == 1 and "not valid JSON" in found[0].message


@pytest.mark.parametrize("field", ["event_id", "first_name", "last_name"])
def test_a_nul_character_is_rejected_with_the_field_named(field: str) -> None:
    import json

    row = {**RECEPTION, field: RECEPTION[field] + "\x00x"}
    found = results(json.dumps(row).encode(), kind="jsonl")
    assert isinstance(found[0], Rejection) and found[0].line == 1 and found[0].field == field
    assert "NUL character" in found[0].message


def test_content_hash_ignores_empty_fields_and_order() -> None:
    assert content_hash({"a": "", "event_id": "x", "sex": "M"}) == content_hash({"sex": "M", "event_id": "x"})
    assert content_hash({"event_id": "x", "sex": "M"}) != content_hash({"event_id": "x", "sex": "F"})
