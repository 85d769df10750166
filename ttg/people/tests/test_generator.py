"""The estate and custody-feed generator: deterministic, and every event valid under the feed contract.

No database: the generator is pure Python. Files are small (demo scale, or a custom small scale).
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from ttg.estate.reference import CRCS, NPS_DIVISIONS
from ttg.people import generator
from ttg.people.generator import FEED_COLUMNS, SCALES, build_estate, generate, small_scale

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2019, 9, 2, tzinfo=LONDON)  # generator.DEFAULT_NOW

PRISON_NUMBER = re.compile(r"^[A-Z][0-9]{4}[A-Z]{2}$")
OCCURRED_AT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[01]:00$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ETHNICITIES = {"W1", "W2", "W3", "W9", "M1", "M2", "M3", "M9", "A1", "A2", "A3", "A4", "A9", "B1", "B2", "B9", "O2", "O9"}
RELEASE_TYPES = {"CONDITIONAL", "END_OF_SENTENCE", "PAROLE", "HOME_DETENTION_CURFEW", "COURT", "DEPORTED", "OTHER"}
IDENTITY = ("first_name", "last_name", "date_of_birth", "sex")
SENTENCE_FIELDS = ("sentence_type", "sentence_start_date", "sentence_length_days", "release_date")
REQUIRED = {
    "RECEPTION": ("prison_code", *IDENTITY, "legal_status"),
    "TRANSFER": ("from_prison_code", "to_prison_code"),
    "RELEASE": ("prison_code", "release_type"),
    "SENTENCE": ("prison_code", "legal_status"),
}
# Fields that make no sense for the event type and so must be empty.
FORBIDDEN = {
    "RECEPTION": ("from_prison_code", "to_prison_code", "release_type"),
    "TRANSFER": ("prison_code", *IDENTITY, "legal_status", *SENTENCE_FIELDS, "release_type"),
    "RELEASE": ("from_prison_code", "to_prison_code", *IDENTITY, "legal_status", *SENTENCE_FIELDS),
    "SENTENCE": ("from_prison_code", "to_prison_code", *IDENTITY, "release_type"),
}


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == FEED_COLUMNS
        return list(reader)


def sample_header() -> tuple[str, ...]:
    with generator.SAMPLE_FEED.open(newline="", encoding="utf-8") as handle:
        return tuple(next(csv.reader(handle)))


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def contract_problems(rows: list[dict[str, str]], estate: dict) -> list[str]:
    """Every way the rows break the feed contract (or the generator's promises), as messages."""
    problems: list[str] = []
    sex_of_prison = {p["code"]: ("F" if p["estate"] == "female" else "M") for p in estate["prisons"]}
    seen_ids: set[str] = set()
    open_at: dict[str, str] = {}  # prison number -> current prison, while in custody
    received: dict[str, datetime] = {}
    identity: dict[str, tuple[str, ...]] = {}
    sex_of: dict[str, str] = {}

    def bad(row: dict[str, str], message: str) -> None:
        problems.append(f"{row['event_id']}: {message}")

    for row in rows:
        kind, number = row["event_type"], row["prison_number"]
        if row["event_id"] in seen_ids or not row["event_id"]:
            bad(row, "event id repeated or empty")
        seen_ids.add(row["event_id"])
        if kind not in REQUIRED:
            bad(row, f"unknown event type {kind}")
            continue
        if not PRISON_NUMBER.match(number):
            bad(row, f"prison number {number}")
        if not OCCURRED_AT.match(row["occurred_at"]):
            bad(row, f"occurred_at {row['occurred_at']}")
            continue
        at = datetime.fromisoformat(row["occurred_at"])
        if at.utcoffset() != at.replace(tzinfo=LONDON).utcoffset():
            bad(row, f"offset of {row['occurred_at']} is not Europe/London's")
        if at >= NOW:
            bad(row, "in the future of now")
        for field in REQUIRED[kind]:
            if not row[field]:
                bad(row, f"{field} missing for {kind}")
        for field in FORBIDDEN[kind]:
            if row[field]:
                bad(row, f"{field} given for {kind}")
        for field in ("prison_code", "from_prison_code", "to_prison_code"):
            if row[field] and row[field] not in sex_of_prison:
                bad(row, f"{field} {row[field]} not in the estate")
        if row["ethnicity"] and row["ethnicity"] not in ETHNICITIES:
            bad(row, f"ethnicity {row['ethnicity']}")
        if row["release_type"] and row["release_type"] not in RELEASE_TYPES:
            bad(row, f"release type {row['release_type']}")

        status = row["legal_status"]
        if kind in ("RECEPTION", "SENTENCE"):
            if status not in ("REMAND", "SENTENCED", "RECALL") or (kind == "SENTENCE" and status == "REMAND"):
                bad(row, f"legal status {status} on {kind}")
            stype = row["sentence_type"]
            if status == "REMAND":
                if any(row[f] for f in SENTENCE_FIELDS):
                    bad(row, "sentence details on remand")
            elif stype == "DETERMINATE":
                if not (row["sentence_length_days"].isdigit() and int(row["sentence_length_days"]) > 0):
                    bad(row, f"sentence length {row['sentence_length_days']!r}")
                if not (ISO_DATE.match(row["sentence_start_date"]) and ISO_DATE.match(row["release_date"])):
                    bad(row, "sentence start or release date missing")
                elif row["release_date"] < row["sentence_start_date"]:
                    bad(row, "release date before sentence start")
                elif row["sentence_start_date"] > row["occurred_at"][:10]:
                    bad(row, "sentence starts after the event")
            elif stype == "INDETERMINATE":
                if row["sentence_length_days"] or row["release_date"] or not ISO_DATE.match(row["sentence_start_date"]):
                    bad(row, "indeterminate: a start date, no length, no release date")
            else:
                bad(row, f"sentence type {stype!r} when sentenced")

        # The person's custody, event by event.
        if kind == "RECEPTION":
            if number in open_at:
                bad(row, "received while already in custody (overlapping periods)")
            born = date.fromisoformat(row["date_of_birth"])
            if not 18 <= age_on(born, at.date()) <= 80:
                bad(row, f"age {age_on(born, at.date())} at reception")
            who = tuple(row[f] for f in (*IDENTITY, "ethnicity"))
            if identity.setdefault(number, who) != who:
                bad(row, "identity changed between receptions")
            if row["sex"] not in ("M", "F"):
                bad(row, f"sex {row['sex']}")
            sex_of[number] = row["sex"]
            open_at[number] = row["prison_code"]
            received[number] = at
        elif number not in open_at:
            bad(row, f"{kind} for someone not in custody")
            continue
        elif kind == "TRANSFER":
            if row["from_prison_code"] == row["to_prison_code"]:
                bad(row, "transfer to the same prison")
            if row["from_prison_code"] != open_at[number]:
                bad(row, "transfer from a prison the person is not in")
            open_at[number] = row["to_prison_code"]
        else:
            if row["prison_code"] != open_at[number]:
                bad(row, f"{kind} at a prison the person is not in")
            if kind == "RELEASE":
                if at < received[number]:
                    bad(row, "release before reception")
                del open_at[number]
        for field in ("prison_code", "to_prison_code"):
            if row[field] and sex_of_prison.get(row[field]) != sex_of.get(number):
                bad(row, f"{sex_of.get(number)} person in {row[field]} ({field})")
    return problems


def custody_periods(rows: list[dict[str, str]]) -> dict[str, list[tuple[datetime, datetime | None]]]:
    periods: dict[str, list[tuple[datetime, datetime | None]]] = defaultdict(list)
    for row in rows:
        at = datetime.fromisoformat(row["occurred_at"])
        if row["event_type"] == "RECEPTION":
            periods[row["prison_number"]].append((at, None))
        elif row["event_type"] == "RELEASE":
            start, _ = periods[row["prison_number"]][-1]
            periods[row["prison_number"]][-1] = (start, at)
    return periods


def in_custody_now(rows: list[dict[str, str]]) -> dict[str, str]:
    """Prison number -> sex, for everyone whose last period is still open."""
    sex: dict[str, str] = {}
    inside: set[str] = set()
    for row in rows:
        if row["event_type"] == "RECEPTION":
            sex[row["prison_number"]] = row["sex"]
            inside.add(row["prison_number"])
        elif row["event_type"] == "RELEASE":
            inside.discard(row["prison_number"])
    return {n: sex[n] for n in inside}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "demo.csv"
    summary = generate(out, "demo", seed=7)
    return summary, read_rows(out), json.loads(out.with_suffix(".estate.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bigger(tmp_path_factory):
    """Enough people over 15 years for shares to mean something; still a second or two."""
    out = tmp_path_factory.mktemp("bigger") / "feed.csv"
    summary = generate(out, small_scale(20_000, years=15), seed=11)
    return summary, read_rows(out), json.loads(out.with_suffix(".estate.json").read_text(encoding="utf-8"))


def test_same_seed_gives_byte_identical_files(tmp_path):
    first, second = tmp_path / "a" / "feed.csv", tmp_path / "b" / "feed.csv"
    generate(first, "demo", seed=42)
    generate(second, "demo", seed=42, chunk_events=50)  # many spilled runs: the merge changes nothing
    assert first.read_bytes() == second.read_bytes()
    assert first.with_suffix(".estate.json").read_bytes() == second.with_suffix(".estate.json").read_bytes()


def test_different_seed_gives_different_files(tmp_path):
    generate(tmp_path / "a.csv", "demo", seed=1)
    generate(tmp_path / "b.csv", "demo", seed=2)
    assert (tmp_path / "a.csv").read_bytes() != (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a.estate.json").read_bytes() != (tmp_path / "b.estate.json").read_bytes()


def test_header_is_the_sample_files(demo):
    assert sample_header() == FEED_COLUMNS


def test_every_demo_event_meets_the_contract(demo):
    summary, rows, estate = demo
    assert len(rows) == summary.events > 300
    assert contract_problems(rows, estate) == []
    assert {r["event_type"] for r in rows} == {"RECEPTION", "TRANSFER", "RELEASE", "SENTENCE"}
    assert all(r["event_id"].startswith("gen-7-") for r in rows)


def test_the_contract_check_catches_bad_rows(demo):
    _, rows, estate = demo
    reception = next(r for r in rows if r["event_type"] == "RECEPTION" and r["legal_status"] == "SENTENCED")
    transfer = next(r for r in rows if r["event_type"] == "TRANSFER")
    for broken in (
        {**reception, "prison_number": "A123BC"},
        {**reception, "occurred_at": reception["occurred_at"][:19]},
        {**reception, "sentence_length_days": "0"},
        {**reception, "release_date": "2000-01-01"},
        {**reception, "prison_code": "XXX"},
        {**reception, "first_name": ""},
        {**transfer, "to_prison_code": transfer["from_prison_code"]},
    ):
        assert contract_problems([{**broken, "event_id": "x"}], estate), broken


def test_events_are_in_occurred_at_order(bigger):
    _, rows, _ = bigger
    instants = [datetime.fromisoformat(r["occurred_at"]) for r in rows]
    assert instants == sorted(instants)
    assert any(r["occurred_at"].endswith("+00:00") for r in rows) and any(r["occurred_at"].endswith("+01:00") for r in rows)


def test_bigger_feed_meets_the_contract_and_nobody_is_in_custody_twice_at_once(bigger):
    summary, rows, estate = bigger
    assert contract_problems(rows, estate) == []
    for number, periods in custody_periods(rows).items():
        assert all(end is not None for _, end in periods[:-1]), number
        for (start, end), (next_start, _) in itertools.pairwise(periods):
            assert end is not None and start <= end < next_start, number
    assert sum(len(p) for p in custody_periods(rows).values()) == summary.periods >= 20_000


def test_women_only_in_womens_estate(bigger):
    _, rows, estate = bigger
    womens = {p["code"] for p in estate["prisons"] if p["estate"] == "female"}
    sex = {r["prison_number"]: r["sex"] for r in rows if r["event_type"] == "RECEPTION"}
    places: Counter[tuple[str, bool]] = Counter()
    for row in rows:
        for code in (row["prison_code"], row["from_prison_code"], row["to_prison_code"]):
            if code:
                places[sex[row["prison_number"]], code in womens] += 1
                assert (sex[row["prison_number"]] == "F") == (code in womens), row
    assert places["F", True] > 100 and places["M", False] > 1000


def test_about_five_percent_of_people_in_custody_now_are_women(bigger):
    summary, rows, _ = bigger
    inside = in_custody_now(rows)
    assert len(inside) == summary.in_custody_now > 1000
    women = sum(1 for s in inside.values() if s == "F")
    assert women == summary.women_in_custody_now
    assert 0.035 <= women / len(inside) <= 0.065


def test_feed_looks_like_a_prison_population(bigger):
    _, rows, estate = bigger
    receptions = [r for r in rows if r["event_type"] == "RECEPTION"]
    status = Counter(r["legal_status"] for r in receptions)
    assert 0.11 <= status["REMAND"] / len(receptions) <= 0.19
    assert 0.06 <= status["RECALL"] / len(receptions) <= 0.14
    sentenced = [r for r in rows if r["legal_status"] == "SENTENCED"]
    assert 0.01 <= sum(r["sentence_type"] == "INDETERMINATE" for r in sentenced) / len(sentenced) <= 0.035
    lengths = [int(r["sentence_length_days"]) for r in sentenced if r["sentence_length_days"]]
    assert sum(n < 365 for n in lengths) / len(lengths) > 0.5 and max(lengths) > 3650
    for r in sentenced:  # conditional release at about half the sentence, unless a SENTENCE event moved it
        if r["event_type"] == "RECEPTION" and r["sentence_type"] == "DETERMINATE":
            days = (date.fromisoformat(r["release_date"]) - date.fromisoformat(r["sentence_start_date"])).days
            assert days == int(r["sentence_length_days"]) // 2
    releases = Counter(r["release_type"] for r in rows if r["event_type"] == "RELEASE")
    assert releases.most_common(1)[0][0] == "CONDITIONAL"
    assert {"HOME_DETENTION_CURFEW", "END_OF_SENTENCE", "PAROLE", "COURT", "DEPORTED"} <= set(releases)
    # Some release dates change after sentencing: a SENTENCE event for someone already sentenced.
    last: dict[str, dict[str, str]] = {}
    changes = 0
    for r in rows:
        if r["event_type"] in ("RECEPTION", "SENTENCE"):
            before = last.get(r["prison_number"])
            if r["event_type"] == "SENTENCE" and before and before["legal_status"] != "REMAND":
                assert r["sentence_start_date"] == before["sentence_start_date"] and r["release_date"] != before["release_date"]
                changes += 1
            last[r["prison_number"]] = r
    assert changes > 50
    # Repeat custody, some of it within six months of release.
    periods = custody_periods(rows)
    repeaters = [p for p in periods.values() if len(p) > 1]
    assert 0.15 <= len(repeaters) / len(periods) <= 0.6
    assert any(a[1] is not None and (b[0] - a[1]).days <= 182 for p in repeaters for a, b in itertools.pairwise(p))
    # Transfers: some people move 1-3 times, often into a resettlement prison before release.
    moves = Counter(r["prison_number"] for r in rows if r["event_type"] == "TRANSFER")
    assert {1, 2, 3} <= set(moves.values())
    resettlement_now = {p["code"] for p in estate["prisons"] if p["designations"][-1]["resettlement"]}
    into = Counter(r["to_prison_code"] in resettlement_now for r in rows if r["event_type"] == "TRANSFER" and r["occurred_at"] >= "2016")
    assert into[True] > into[False]


def test_every_prison_number_belongs_to_one_person(bigger):
    summary, rows, _ = bigger
    names: dict[str, tuple[str, str, str]] = {}
    for row in rows:
        if row["event_type"] == "RECEPTION":
            assert names.setdefault(row["prison_number"], (row["first_name"], row["last_name"], row["date_of_birth"])) == (
                row["first_name"],
                row["last_name"],
                row["date_of_birth"],
            )
    assert len(names) == summary.people


def test_jsonl_has_the_same_events_as_csv(tmp_path):
    generate(tmp_path / "feed.csv", "demo", seed=5)
    generate(tmp_path / "feed.jsonl", "demo", seed=5)
    rows = read_rows(tmp_path / "feed.csv")
    lines = (tmp_path / "feed.jsonl").read_text(encoding="utf-8").splitlines()
    events = [json.loads(line) for line in lines]
    assert all("" not in e.values() and None not in e.values() for e in events)
    assert [{k: e.get(k, "") for k in FEED_COLUMNS} for e in events] == rows


def designated_now(prison: dict) -> bool:
    return prison["designations"][-1]["resettlement"]


@pytest.mark.parametrize(
    ("scale", "prisons", "resettlement", "organisations"),
    [("demo", (5, 8), (3, 7), (5, 20)), ("regional", (10, 14), (7, 11), (40, 80)), ("national", (118, 122), (84, 88), (550, 650))],
)
def test_estate_shape_and_counts(scale, prisons, resettlement, organisations):
    estate = build_estate(scale, seed=3)
    assert set(estate) == {"note", "crcs", "nps_divisions", "prisons", "organisations", "contract_managers"}
    assert estate["note"] == "Generated estate: designations, CRC links and organisations are illustrative."
    assert [(c["code"], c["name"]) for c in estate["crcs"]] == [tuple(c) for c in CRCS]
    assert all(set(c) == {"code", "name", "contract_package_area", "owner"} and c["contract_package_area"] for c in estate["crcs"])
    assert len({c["owner"] for c in estate["crcs"]}) == 8
    assert [(d["code"], d["name"]) for d in estate["nps_divisions"]] == [tuple(d) for d in NPS_DIVISIONS]

    real = {p["code"]: p for p in generator.read_prisons()}
    codes = [p["code"] for p in estate["prisons"]]
    assert prisons[0] <= len(codes) <= prisons[1] and len(set(codes)) == len(codes)
    assert {"ACI", "LPI"} <= set(codes) and {p["estate"] for p in estate["prisons"]} == {"male", "female"}
    crc_codes = {c for c, _ in CRCS}
    for prison in estate["prisons"]:
        assert set(prison) == {"code", "name", "estate", "country", "designations", "serving_crc"}
        if prison["code"] in real:
            known = real[prison["code"]]
            assert (prison["name"], prison["estate"], prison["country"]) == (known["name"], known["estate"], known["country"])
        else:
            assert re.fullmatch(r"[A-Z]{3}", prison["code"]) and prison["name"].endswith("(synthetic)")
            assert prison["country"] == "england"
        spans = prison["designations"]
        assert spans[0]["from"] == "2015-05-01" and spans[-1]["to"] is None
        for before, after in itertools.pairwise(spans):  # contiguous: `to` is the last day
            assert date.fromisoformat(after["from"]).toordinal() == date.fromisoformat(before["to"]).toordinal() + 1
            assert before["resettlement"] != after["resettlement"]
        served = [s for s in prison["serving_crc"] if s["to"] is None]
        assert len(served) == (1 if designated_now(prison) else 0)
        assert all(s["crc"] in crc_codes for s in prison["serving_crc"])
        if designated_now(prison):
            assert served[0]["from"] == spans[-1]["from"]
    count = sum(designated_now(p) for p in estate["prisons"])
    assert resettlement[0] <= count <= resettlement[1]
    assert any(p["designations"][-1]["from"] == "2019-04-01" and p["designations"][-1]["resettlement"] for p in estate["prisons"])
    assert next(p for p in estate["prisons"] if p["code"] == "ACI")["serving_crc"] == [
        {"crc": "MERSEYSIDE", "from": "2015-05-01", "to": None}
    ]

    orgs = estate["organisations"]
    assert organisations[0] <= len(orgs) <= organisations[1] and len({o["name"] for o in orgs}) == len(orgs)
    for org in orgs:
        assert set(org) == {"name", "type", "charity_number", "specialisms"}
        assert org["type"] in {"voluntary", "statutory", "private"}
        assert re.fullmatch(r"\d{7}", org["charity_number"]) if org["type"] == "voluntary" else org["charity_number"] == ""
        assert set(org["specialisms"]) <= set(generator.SPECIALISMS)
    managers = estate["contract_managers"]
    assert managers and all(set(m) == {"username", "first_name", "last_name", "crcs"} for m in managers)
    assert sorted(c for m in managers for c in m["crcs"]) == sorted(crc_codes)


def test_national_estate_has_every_real_prison_and_synthetic_ones():
    estate = build_estate("national", seed=1)
    real = {p["code"] for p in generator.read_prisons()}
    codes = {p["code"] for p in estate["prisons"]}
    assert len(real) == 108 and real <= codes and len(codes) == 120
    served = Counter(s["crc"] for p in estate["prisons"] for s in p["serving_crc"] if s["to"] is None)
    assert set(served) == {c for c, _ in CRCS}, "every CRC serves a resettlement prison"
    assert all(designated_now(p) for p in estate["prisons"] if p["estate"] == "female")
    assert any(not p["designations"][-1]["resettlement"] and len(p["designations"]) > 1 for p in estate["prisons"])
    assert SCALES["national"].periods == 1_000_000


def test_now_bounds_the_feed(tmp_path):
    summary = generate(tmp_path / "feed.csv", "demo", seed=9, now="2018-10-01")
    rows = read_rows(tmp_path / "feed.csv")
    assert max(r["occurred_at"] for r in rows) < "2018-10-01"
    assert len(in_custody_now(rows)) == summary.in_custody_now > 0


def test_generator_runs_without_django_and_gives_the_same_bytes_in_another_process(tmp_path):
    """No Django in the child, another hash seed: the same constants (ttg.estate.reference), the same files."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"} | {"PYTHONHASHSEED": "123"}
    code = (
        "import json, sys; from ttg.people import generator as g; "
        "g.generate(sys.argv[1], 'demo', seed=42); print(json.dumps(g.demo_constants()))"
    )
    child = tmp_path / "child" / "feed.csv"
    done = subprocess.run(
        [sys.executable, "-c", code, str(child)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    crcs, divisions, serving = json.loads(done.stdout)
    from ttg.estate.reference import DEMO_SERVING_CRC

    assert [tuple(c) for c in crcs] == CRCS and [tuple(d) for d in divisions] == NPS_DIVISIONS and serving == DEMO_SERVING_CRC
    generate(tmp_path / "here" / "feed.csv", "demo", seed=42)
    assert child.read_bytes() == (tmp_path / "here" / "feed.csv").read_bytes()
    assert child.with_suffix(".estate.json").read_bytes() == (tmp_path / "here" / "feed.estate.json").read_bytes()


def test_management_command_writes_feed_and_estate(tmp_path, capsys):
    out = tmp_path / "out" / "demo.csv"
    call_command("generate_national", "--scale", "demo", "--seed", "4", "--out", str(out))
    line = capsys.readouterr().out.strip()
    assert re.match(r"^\d+ events, \d+ people, \d+ custody periods, \d+ people in custody now .*seconds", line)
    assert out.exists() and (tmp_path / "out" / "demo.estate.json").exists()
    assert read_rows(out)
