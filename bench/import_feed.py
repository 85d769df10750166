"""Benchmark: import a generated custody feed into PostgreSQL, and COPY the same rows as the floor.

    python bench/import_feed.py --scale national --seed 1 [--server-url postgres://...] [--database NAME]

Generates the feed (or reuses it under build/bench/), creates a fresh database, migrates, loads the
estate, imports the feed through the real importer, then measures the physical floor: the rows the
import wrote are copied out of each people_* table with COPY and copied back in with COPY into the
emptied tables, timed (the stored screening decisions included: the import writes them too). Prints one JSON object. Not part of `make test` (it takes minutes).

`bench/run.py` (`make bench`) calls `measure()` and keeps the database for the page benchmarks: after
the floor the tables hold exactly what the import wrote.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "build" / "bench"
SERVER_URL = "postgres://postgres@127.0.0.1:5432"
# Every table the import writes: the people's, and the screening decisions stored from them (in the
# import's transactions), so that the floor writes the same rows.
TABLES = [
    "people_person",
    "people_custodyperiod",
    "people_movement",
    "people_releasedatechange",
    "people_feedevent",
    "screening_screeningstate",
]
# The service's clock in every benchmark: the generated data ends on 2 September 2019.
NOW = "2019-09-02T09:30:00+01:00"


def django_env(database_url: str) -> dict[str, str]:
    """The environment of a manage.py command against the bench database."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "ttg.settings",
        "SECRET_KEY": "bench-only-secret-key-0123456789",
        "TTG_NOW": NOW,
    }


def run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603
    return result.stdout


def feed_path(scale: str, seed: int) -> Path:
    """Where the generated feed is kept and reused; its estate is beside it (.estate.json)."""
    return BENCH_DIR / f"{scale}-{seed}.csv"


def fresh_database(server_url: str, database: str) -> str:
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}"')
        conn.execute(f'CREATE DATABASE "{database}"')
    return f"{server_url}/{database}"


def measure(
    *, scale: str, seed: int = 1, server_url: str = SERVER_URL, database: str | None = None, feed: Path | None = None
) -> dict[str, Any]:
    """Import the feed into a fresh database and COPY the same rows; the figures as a dict."""
    import psycopg

    url = fresh_database(server_url, database or f"ttg_bench_{scale}")
    env = django_env(url)

    out = feed or feed_path(scale, seed)
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        run(["generate_national", "--scale", scale, "--seed", str(seed), "--out", str(out)], env)
        print(f"generated {out} in {time.monotonic() - started:.0f} s", file=sys.stderr)
    run(["migrate", "-v0"], env)
    run(["load_estate", str(out.with_suffix(".estate.json"))], env)

    started = time.monotonic()
    summary = run(["import_custody_feed", str(out)], env)
    import_seconds = time.monotonic() - started
    with out.open(encoding="utf-8") as lines:
        events = sum(1 for _ in lines) - 1

    # The floor: the same rows, into the same tables, with COPY.
    buffers: dict[str, bytes] = {}
    with psycopg.connect(url) as conn:
        for table in TABLES:
            data = io.BytesIO()
            with conn.cursor().copy(f"COPY {table} TO STDOUT") as copy:
                for block in copy:
                    data.write(block)
            buffers[table] = data.getvalue()
        conn.execute("TRUNCATE " + ", ".join(TABLES) + " CASCADE")
        conn.commit()
        started = time.monotonic()
        for table in TABLES:
            with conn.cursor().copy(f"COPY {table} FROM STDIN") as copy:
                copy.write(buffers[table])
        conn.commit()
        copy_seconds = time.monotonic() - started

    return {
        "scale": scale,
        "seed": seed,
        "events": events,
        "import_seconds": round(import_seconds, 1),
        "import_events_per_second": round(events / import_seconds),
        "copy_seconds": round(copy_seconds, 2),
        "copy_events_per_second": round(events / copy_seconds),
        "import_vs_copy": round(import_seconds / copy_seconds, 1),
        "importer_summary": summary.strip().splitlines()[0] if summary.strip() else "",
        "database_url": url,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="regional", choices=["demo", "regional", "national"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--server-url", default=SERVER_URL, help="PostgreSQL server, without a database name")
    parser.add_argument("--database", help="the database to create (dropped first); default ttg_bench_<scale>")
    args = parser.parse_args()
    result = measure(scale=args.scale, seed=args.seed, server_url=args.server_url, database=args.database)
    result.pop("database_url")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
