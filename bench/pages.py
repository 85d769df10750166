"""Benchmark P2: the prison screening list and the caseworker's work list at the biggest prison.

Two parts, both used by `bench/run.py` (`make bench`):

    python bench/pages.py prepare --database-url postgres://.../ttg_bench_national
    python bench/pages.py measure --url http://127.0.0.1:PORT --prison CODE [--requests 100]

`prepare` runs Django against an imported database: it picks the prison with the most people in
custody (open custody periods; the generated feed has no event after 2 September 2019), makes a TTG
caseworker of the CRC serving it and a prison officer there, gives everyone in custody there a
submitted BCST1 (answers with no needs, submitted a few hours to a few days after reception, with the
question set in force on the reception date), runs ANALYZE, `manage.py refresh_decisions --all` when
that command exists, and ANALYZE again. Safe to run again: users and screenings already there are kept.
Prints one JSON object.

`measure` signs each user in through the real sign-in form, warms up, then times N sequential
requests of each page and of /healthz with the same client, one after another. Server time is the
`Server-Timing` header's `total` (or its first `dur`) when the server sends one, otherwise the
client's time on the loopback. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-only-password-2019"  # noqa: S105 - users of a throwaway bench database
CASEWORKER = "bench.caseworker"
OFFICER = "bench.officer"
GOAL_P95_MS = 150.0
GOAL_RATIO = 10.0


# --- prepare: Django against the bench database -----------------------------------------------


def prepare() -> dict[str, Any]:
    """Run inside Django (DATABASE_URL set): users, a BCST1 for everyone at the biggest prison, ANALYZE."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ttg.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()

    from django.db import connection, transaction
    from django.db.models import Count

    from ttg.accounts.constants import Role
    from ttg.accounts.models import User
    from ttg.core import clock
    from ttg.estate.models import Prison
    from ttg.people.models import CustodyPeriod
    from ttg.screening import questions
    from ttg.screening.demo import answers_without_needs
    from ttg.screening.models import Kind, Screening, Status

    counts = (
        CustodyPeriod.objects.filter(released_at__isnull=True, current_prison__crc__isnull=False)
        .values("current_prison")
        .annotate(n=Count("id"))
        .order_by("-n", "current_prison")
    )
    biggest = counts.first()
    if biggest is None:
        raise SystemExit("No one is in custody at a prison served by a CRC: import the feed first.")
    prison = Prison.objects.select_related("crc").get(pk=biggest["current_prison"])
    # The biggest of all, whether or not a CRC serves it (a caseworker can only see a prison a CRC serves).
    overall = (
        CustodyPeriod.objects.filter(released_at__isnull=True)
        .values("current_prison__code")
        .annotate(n=Count("id"))
        .order_by("-n", "current_prison__code")
        .first()
    )

    def user(username: str, role: str, **employer: Any) -> User:
        found = User.objects.filter(username=username).first()
        if found is None:
            found = User(username=username, first_name="Bench", last_name=role, role=role, date_joined=clock.now(), **employer)
            found.full_clean(exclude=["password"])
        else:
            for key, value in employer.items():
                setattr(found, key, value)
        found.role = role
        found.set_password(PASSWORD)
        found.save()
        return found

    with transaction.atomic():
        officer = user(OFFICER, Role.PRISON_OFFICER, prison=prison)
        user(CASEWORKER, Role.TTG_CASEWORKER, crc=prison.crc)

        now = clock.now()
        rng = random.Random(14)
        periods = list(
            CustodyPeriod.objects.filter(current_prison=prison, released_at__isnull=True)
            .exclude(screenings__kind=Kind.BCST1)
            .select_related("person")
            .only("id", "received_at", "reception_date", "person__sex")
        )
        answers: dict[tuple[str, str], dict[str, str]] = {}
        rows = []
        for period in periods:
            qs = questions.question_set(Kind.BCST1, period.reception_date)
            key = (qs.version, period.person.sex)
            if key not in answers:
                answers[key] = answers_without_needs(qs, period.person.sex)
            # Screened on the wing within the first days: 2 hours to 3 days after reception, never after now.
            submitted = min(period.received_at + timedelta(minutes=rng.randint(120, 3 * 24 * 60)), now)
            started = max(submitted - timedelta(minutes=rng.randint(15, 60)), period.received_at)
            rows.append(
                Screening(
                    custody_period_id=period.id,
                    kind=Kind.BCST1,
                    question_set_version=qs.version,
                    status=Status.SUBMITTED,
                    answers=answers[key],
                    started_by=officer,
                    started_at=started,
                    submitted_by=officer,
                    submitted_at=submitted,
                    updated_at=submitted,
                )
            )
        Screening.objects.bulk_create(rows, batch_size=2000)

    in_custody = CustodyPeriod.objects.filter(current_prison=prison, released_at__isnull=True).count()
    with_bcst1 = Screening.objects.filter(
        custody_period__current_prison=prison, custody_period__released_at__isnull=True, kind=Kind.BCST1, status=Status.SUBMITTED
    ).count()

    # ANALYZE before the stored decisions are refreshed (a national import leaves no statistics) and after.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    refresh = refresh_decisions()
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "prison": prison.code,
        "prison_name": prison.name,
        "crc": prison.crc.code if prison.crc else None,
        "in_custody": in_custody,
        "biggest_overall": {"prison": overall["current_prison__code"], "in_custody": overall["n"]} if overall else None,
        "bcst1_created": len(rows),
        "bcst1_submitted": with_bcst1,
        "refresh_decisions": refresh,
        "analyze_seconds": round(time.monotonic() - started, 1),
        "users": {"caseworker": CASEWORKER, "officer": OFFICER},
    }


def refresh_decisions() -> dict[str, Any]:
    """`manage.py refresh_decisions` (issue 14's stored decisions), with --all when it takes it; absent: said so."""
    env = {**os.environ}
    manage = [sys.executable, str(ROOT / "manage.py"), "refresh_decisions"]
    helped = subprocess.run([*manage, "--help"], env=env, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    if helped.returncode != 0:
        if "Unknown command" in helped.stderr:
            return {"ran": False, "why": "no refresh_decisions command in this code"}
        raise RuntimeError(f"manage.py refresh_decisions --help failed: {helped.stderr.strip()[-500:]}")
    args = ["--all"] if "--all" in helped.stdout else []
    started = time.monotonic()
    done = subprocess.run([*manage, *args], env=env, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    result: dict[str, Any] = {"ran": True, "args": args, "seconds": round(time.monotonic() - started, 1), "returncode": done.returncode}
    result["output"] = (done.stdout.strip().splitlines() or [""])[-1][:300]
    if done.returncode != 0:
        result["stderr"] = done.stderr.strip()[-500:]
    return result


# --- measure: a signed-in client against a running server -------------------------------------


def signed_in(base_url: str, username: str) -> Any:
    """A requests session signed in through the real sign-in form (GET for the CSRF token, then POST)."""
    import requests

    session = requests.Session()
    form = session.get(f"{base_url}/sign-in/", timeout=60)
    form.raise_for_status()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    if token is None:
        raise RuntimeError("The sign-in form has no CSRF token")
    done = session.post(
        f"{base_url}/sign-in/",
        data={"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD},
        headers={"Referer": f"{base_url}/sign-in/"},
        timeout=60,
    )
    if done.status_code != 200 or done.url.rstrip("/").endswith("/sign-in"):
        raise RuntimeError(f"Signing in as {username} failed: {done.status_code} at {done.url}")
    return session


def server_ms(response: Any) -> float | None:
    """The server's own time from a Server-Timing header (`total`, else the first `dur`), if any."""
    header = response.headers.get("Server-Timing")
    if not header:
        return None
    durations = {}
    for metric in header.split(","):
        name, _, params = metric.strip().partition(";")
        found = re.search(r"dur=([0-9.]+)", params)
        if found:
            durations[name.strip()] = float(found.group(1))
    if not durations:
        return None
    return durations.get("total", next(iter(durations.values())))


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(p / 100 * len(ordered))))
    return ordered[rank - 1]


def timed(session: Any, url: str, requests_wanted: int, warm_up: int, budget_seconds: float) -> dict[str, Any]:
    """Warm up, then up to N sequential GETs (fewer if the time budget runs out, at least 10)."""
    for _ in range(warm_up):
        session.get(url, timeout=600)
    client: list[float] = []
    server: list[float] = []
    statuses: dict[str, int] = {}
    sizes: list[int] = []
    began = time.monotonic()
    for i in range(requests_wanted):
        if i >= 10 and time.monotonic() - began > budget_seconds:
            break
        started = time.perf_counter()
        response = session.get(url, timeout=600, allow_redirects=False)
        body = response.content
        client.append((time.perf_counter() - started) * 1000)
        statuses[str(response.status_code)] = statuses.get(str(response.status_code), 0) + 1
        sizes.append(len(body))
        from_server = server_ms(response)
        if from_server is not None:
            server.append(from_server)
    figures = server if len(server) == len(client) else client
    return {
        "url": url,
        "requests": len(client),
        "statuses": statuses,
        "bytes": round(statistics.mean(sizes)) if sizes else 0,
        "time_source": "Server-Timing" if figures is server else "client (loopback)",
        "p50_ms": round(percentile(figures, 50), 1),
        "p95_ms": round(percentile(figures, 95), 1),
        "max_ms": round(max(figures), 1),
        "client_p95_ms": round(percentile(client, 95), 1),
    }


def measure(base_url: str, prison: str, requests_wanted: int = 100, warm_up: int = 5, budget_seconds: float = 180) -> dict[str, Any]:
    """/healthz, the prison's screening list (as its prison officer) and /work/ (as the CRC's caseworker)."""
    base_url = base_url.rstrip("/")
    officer = signed_in(base_url, OFFICER)
    caseworker = signed_in(base_url, CASEWORKER)
    pages = {
        "healthz": (officer, "/healthz"),
        "screening_list": (officer, f"/prisons/{prison}/screening/"),
        "work": (caseworker, "/work/"),
        "work_at_prison": (caseworker, f"/work/?prison={prison}"),
    }
    results = {name: timed(session, base_url + path, requests_wanted, warm_up, budget_seconds) for name, (session, path) in pages.items()}
    floor = results.pop("healthz")
    met = True
    for page in results.values():
        page["vs_healthz_p95"] = round(page["p95_ms"] / floor["p95_ms"], 1) if floor["p95_ms"] else None
        page["ok"] = set(page["statuses"]) == {"200"}
        page["met"] = page["ok"] and page["p95_ms"] <= GOAL_P95_MS and (page["vs_healthz_p95"] or 0) <= GOAL_RATIO
        met = met and page["met"]
    return {"met": met, "pages": results, "floor": {"what": "GET /healthz (SELECT 1), same server, same client, same run", **floor}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    prepared = commands.add_parser("prepare", help="users, BCST1s and ANALYZE on an imported database")
    prepared.add_argument("--database-url", required=True)
    measured = commands.add_parser("measure", help="time the pages against a running server")
    measured.add_argument("--url", required=True)
    measured.add_argument("--prison", required=True)
    measured.add_argument("--requests", type=int, default=100)
    measured.add_argument("--warm-up", type=int, default=5)
    measured.add_argument("--budget-seconds", type=float, default=180, help="per page: stop early (after at least 10) past this")
    args = parser.parse_args()
    if args.command == "prepare":
        os.environ["DATABASE_URL"] = args.database_url
        print(json.dumps(prepare(), indent=2))
    else:
        print(json.dumps(measure(args.url, args.prison, args.requests, args.warm_up, args.budget_seconds), indent=2))


if __name__ == "__main__":
    main()
