"""Issue 14's benchmarks in one run (`make bench`): each prints one JSON object as it finishes.

    python bench/run.py [--scale national] [--only P6,P1,P5,P2,P4] [--requests 100]

In order, on one PostgreSQL database (dropped and made again by P1):

- P6 generation: `generate_national` into a fresh directory, timed (goal ≤ 2 minutes at national
  scale); the floor is plain Python writing the same number of lines and bytes to the same disk.
  The feed it wrote then replaces build/bench/<scale>-<seed>.csv, which P1 imports.
- P1 feed import: `bench/import_feed.py` (the real importer, then COPY of the same rows as the
  floor). Goal ≥ 10,000 events/s and ≤ 3× COPY. Without P6, the feed under build/bench/ is reused
  (or generated once).
- P5 screening decisions: `bench/decisions.py` when it exists; its JSON as it prints it.
- P2 pages: `bench/pages.py prepare` (users, a BCST1 for everyone at the biggest prison,
  `refresh_decisions` when it exists, ANALYZE), then gunicorn (gunicorn.conf.py) on a free port and
  `bench/pages.py measure`: the screening list, /work/ and /work/?prison=, against /healthz.
- P4 load: `bench/load.py --url URL --users 100 --seconds 60` against the same gunicorn, when it exists.

A benchmark that fails or misses its goal says so in its JSON ("met": false, "error": ...) and the
run goes on. Every object carries the load (`os.getloadavg()`) before and after, the date and the
commit. All of them are written to build/bench/results-<date>.json as well.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# The benchmarks beside this file (the script's own directory is on sys.path).
import import_feed
import pages

ROOT = import_feed.ROOT
BENCH_DIR = import_feed.BENCH_DIR
ORDER = ["P6", "P1", "P5", "P2", "P4"]
NAMES = {
    "P6": "P6 national generation",
    "P1": "P1 feed import",
    "P5": "P5 screening decisions",
    "P2": "P2 screening list and /work/ at the biggest prison",
    "P4": "P4 load, 100 users of mixed pages and API",
}
GENERATION_GOAL_SECONDS = 120


def log(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()  # noqa: S603, S607

    head = git("rev-parse", "--short", "HEAD")
    return f"{head}+changes" if git("status", "--porcelain", "--untracked-files=no") else head


def last_json(text: str) -> dict[str, Any]:
    """The last JSON object in a command's output (it may print other lines before it)."""
    decoder = json.JSONDecoder()
    for start in reversed([i for i, c in enumerate(text) if c == "{" and (i == 0 or text[i - 1] == "\n")]):
        try:
            found, _ = decoder.raw_decode(text[start:])
        except json.JSONDecodeError:
            continue
        if isinstance(found, dict):
            return found
    raise ValueError(f"no JSON object in the output: {text[-300:]!r}")


def manage_py(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603


# --- the benchmarks --------------------------------------------------------------------------


def p6_generation(options: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    fresh_dir = BENCH_DIR / f"p6-{options.scale}-{options.seed}"
    shutil.rmtree(fresh_dir, ignore_errors=True)
    fresh_dir.mkdir(parents=True)
    out = fresh_dir / "feed.csv"
    command = [sys.executable, str(ROOT / "manage.py"), "generate_national", "--scale", options.scale, "--seed", str(options.seed)]
    started = time.monotonic()
    child = subprocess.Popen([*command, "--out", str(out)], env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # noqa: S603
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    summary = child.stdout.read().decode() if child.stdout else ""
    if child.returncode != 0:
        raise RuntimeError(f"generate_national failed: {child.stderr.read().decode()[-500:] if child.stderr else ''}")
    size = out.stat().st_size
    with out.open("rb") as f:
        lines = sum(1 for _ in f)

    # The floor: plain Python writing as many lines, and as many bytes, to the same disk.
    width = size // lines
    line = "x" * (width - 1) + "\n"
    rest = "x" * (size - width * lines)
    floor_path = fresh_dir / "floor.txt"
    floor_started = time.monotonic()
    with floor_path.open("w", encoding="utf-8") as f:
        for _ in range(lines):
            f.write(line)
        f.write(rest)
    floor_seconds = time.monotonic() - floor_started
    floor_path.unlink()

    # P1 imports what P6 wrote.
    kept = import_feed.feed_path(options.scale, options.seed)
    os.replace(out.with_suffix(".estate.json"), kept.with_suffix(".estate.json"))
    os.replace(out, kept)
    shutil.rmtree(fresh_dir, ignore_errors=True)
    return {
        "goal": {"seconds_at_most": GENERATION_GOAL_SECONDS, "at_scale": "national"},
        # The goal is national generation's: at a smaller scale there is nothing to meet.
        "met": seconds <= GENERATION_GOAL_SECONDS if options.scale == "national" else None,
        "scale": options.scale,
        "seed": options.seed,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
        "peak_memory_mb": round(usage.ru_maxrss / 1024),
        "lines": lines,
        "bytes": size,
        "summary": summary.strip(),
        "kept_as": str(kept.relative_to(ROOT)),
        "floor": {
            "what": "plain Python writing the same number of lines and bytes (f.write of a fixed line) to the same disk",
            "seconds": round(floor_seconds, 2),
            "generation_vs_floor": round(seconds / floor_seconds, 1) if floor_seconds else None,
        },
    }


def p1_import(options: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    figures = import_feed.measure(scale=options.scale, seed=options.seed, server_url=options.server_url, database=options.database)
    figures.pop("database_url")
    eps, ratio = figures["import_events_per_second"], figures["import_vs_copy"]
    return {
        "goal": {"events_per_second_at_least": 10_000, "vs_copy_at_most": 3},
        "met": eps >= 10_000 and ratio <= 3,
        **{k: v for k, v in figures.items() if not k.startswith("copy_")},
        "floor": {
            "what": "COPY of the same rows into the same (emptied) tables",
            "seconds": figures["copy_seconds"],
            "events_per_second": figures["copy_events_per_second"],
        },
    }


def other_helper(script: str, args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """A benchmark written beside this one (bench/decisions.py, bench/load.py): its JSON, as it printed it."""
    path = ROOT / "bench" / script
    if not path.exists():
        return {"met": None, "skipped": f"bench/{script} is not in this code yet"}
    done = subprocess.run([sys.executable, str(path), *args], env=env, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        try:
            figures = last_json(done.stdout)
        except ValueError:
            raise RuntimeError(f"bench/{script} exited {done.returncode}: {done.stderr.strip()[-800:]}") from None
        figures.setdefault("returncode", done.returncode)
    else:
        figures = last_json(done.stdout)
    figures.setdefault("met", None)
    return figures


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """gunicorn as production runs it (gunicorn.conf.py: threaded workers, one process per core), on a
    free port of the loopback, DEBUG off."""

    def __init__(self, env: dict[str, str], workers: int | None, log_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**env, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1", "TTG_NOW": import_feed.NOW}
        # A long timeout: a slow page is measured, not killed (gunicorn's default is 30 s).
        self.command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "600",
            *(["--workers", str(workers)] if workers else []),
        ]
        self.log_path = log_path

    def __enter__(self) -> Server:
        import requests

        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(self.command, env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)  # noqa: S603
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited {self.process.returncode}: see {self.log_path}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=5).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not answer /healthz in 2 minutes: see {self.log_path}")

    def __exit__(self, *exc: object) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def database_ready(env: dict[str, str]) -> bool:
    """The bench database exists and holds an imported feed."""
    import psycopg

    try:
        with psycopg.connect(env["DATABASE_URL"], connect_timeout=10) as conn:
            row = conn.execute("SELECT EXISTS (SELECT 1 FROM people_custodyperiod)").fetchone()
            return bool(row and row[0])
    except psycopg.Error:
        return False


# --- the run ---------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="national", choices=["demo", "regional", "national"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", default=",".join(ORDER), help=f"which benchmarks, comma-separated (default {','.join(ORDER)})")
    parser.add_argument("--server-url", default=import_feed.SERVER_URL, help="PostgreSQL server, without a database name")
    parser.add_argument("--database", help="the bench database (P1 drops and makes it again); default ttg_makebench_<scale>")
    parser.add_argument("--requests", type=int, default=100, help="P2: timed requests per page")
    parser.add_argument("--page-budget-seconds", type=float, default=180, help="P2: stop a page early (after at least 10) past this")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn processes for P2 and P4 (default: gunicorn.conf.py's)")
    parser.add_argument("--users", type=int, default=100, help="P4")
    parser.add_argument("--seconds", type=int, default=60, help="P4")
    options = parser.parse_args()
    chosen = [b.strip().upper() for b in options.only.split(",") if b.strip()]
    unknown = sorted(set(chosen) - set(ORDER))
    if unknown:
        parser.error(f"unknown benchmarks: {', '.join(unknown)} (choose from {', '.join(ORDER)})")
    options.database = options.database or f"ttg_makebench_{options.scale}"
    env = import_feed.django_env(f"{options.server_url}/{options.database}")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)

    started_at = datetime.now(UTC)
    # results-<date>.json for the national run, results-<date>-<scale>.json for a try; never overwritten.
    stem = f"results-{started_at:%Y-%m-%d}" + ("" if options.scale == "national" else f"-{options.scale}")
    results_path = BENCH_DIR / f"{stem}.json"
    n = 2
    while results_path.exists():
        results_path = BENCH_DIR / f"{stem}-{n}.json"
        n += 1
    code = commit()
    results: list[dict[str, Any]] = []

    def bench(key: str, body: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        log(f"{NAMES[key]}: starting (load {load()})")
        before, began = load(), time.monotonic()
        try:
            figures = body()
        except Exception as error:
            detail = error.stderr[-800:] if isinstance(error, subprocess.CalledProcessError) and error.stderr else ""
            figures = {"met": False, "error": f"{type(error).__name__}: {error}", "detail": detail or traceback.format_exc()[-800:]}
        result = {
            "benchmark": NAMES[key],
            **figures,
            "load_before": before,
            "load_after": load(),
            "wall_seconds": round(time.monotonic() - began, 1),
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "commit": code,
            "scale": options.scale,
        }
        print(json.dumps(result, indent=2), flush=True)
        results.append(result)
        results_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        return result

    if "P6" in chosen:
        bench("P6", lambda: p6_generation(options, env))
    if "P1" in chosen or ({"P2", "P4"} & set(chosen) and not database_ready(env)):
        bench("P1", lambda: p1_import(options, env))
    if "P5" in chosen:
        bench("P5", lambda: other_helper("decisions.py", [], env))

    if {"P2", "P4"} & set(chosen):
        prepared: dict[str, Any] = {}

        def prepare() -> dict[str, Any]:
            log("P2: users, a BCST1 for everyone at the biggest prison, refresh_decisions, ANALYZE")
            done = subprocess.run(  # noqa: S603
                [sys.executable, str(ROOT / "bench" / "pages.py"), "prepare", "--database-url", env["DATABASE_URL"]],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            prepared.update(last_json(done.stdout))
            return prepared

        try:
            # A database an older run left may predate this code's migrations (e.g. stored decisions).
            manage_py(["migrate", "-v0"], env)
            with Server(env, options.workers, BENCH_DIR / f"gunicorn-{started_at:%Y-%m-%dT%H%M}.log") as server:
                log(f"gunicorn ({options.workers or 'gunicorn.conf.py'} workers) at {server.url}")
                if "P2" in chosen:

                    def p2() -> dict[str, Any]:
                        setup = prepare()
                        measured = pages.measure(server.url, setup["prison"], options.requests, budget_seconds=options.page_budget_seconds)
                        return {
                            "goal": {"p95_ms_at_most": pages.GOAL_P95_MS, "vs_healthz_p95_at_most": pages.GOAL_RATIO},
                            **measured,
                            "setup": setup,
                            "server": f"gunicorn -c gunicorn.conf.py, {options.workers or 'its'} workers, DEBUG off, {server.url}",
                        }

                    bench("P2", p2)
                if "P4" in chosen:
                    args = ["--url", server.url, "--users", str(options.users), "--seconds", str(options.seconds)]

                    def p4() -> dict[str, Any]:
                        # The same database as P2's: its users and BCST1s, even when P2 is not run.
                        if not prepared:
                            prepare()
                        return other_helper("load.py", args, {**env, "TTG_BENCH_URL": server.url})

                    bench("P4", p4)
        except Exception as error:  # migrating or starting the server failed: say so for what needed it
            for key in [k for k in ("P2", "P4") if k in chosen and not any(r["benchmark"] == NAMES[k] for r in results)]:
                bench(key, lambda error=error: {"met": False, "error": f"migrate or gunicorn failed: {type(error).__name__}: {error}"})

    log(f"done: {len(results)} benchmarks, {sum(1 for r in results if r.get('met') is True)} met their goal; written to {results_path}")


if __name__ == "__main__":
    main()
