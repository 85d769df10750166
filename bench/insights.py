"""Benchmark (issue 21): the analyst's national cohort page against one hand-written SQL aggregate.

    python bench/insights.py --database-url postgres://postgres@127.0.0.1:5432/DB [--requests 10] [--skip-prepare] [--seed 1]

On a database holding an imported feed (`bench/import_feed.py`, or `make bench`'s P1):

1. counts what the imported feed gives the figures: releases in the evaluation window, and the plans,
   release-day outcomes and BCST1 answers among them (the custody feed brings none of these);
2. prepares (unless `--skip-prepare`): an analyst `bench.analyst`, and, for the releases in the window
   with nothing recorded, the records a working service would have kept (`generate_records` of
   `ttg/insights/generator.py`, as `manage.py generate_outcomes` does, deterministic from `--seed`):
   BCST1 (with the Level 3 and health answers) and BCST2, a plan for most people leaving a resettlement
   prison, its activities, the release-day outcome and the one after release; then ANALYZE. No claims:
   cost is not exercised at scale;
3. measures, in one process (Django's test client, the service's settings, DEBUG off): the cohort page
   `/insights/?by=<breakdown>` for sex, prison and Level 3 groups, and the hand-written aggregate of the
   release outcomes by sex (one GROUP BY over the same joins), `--requests` times each after 2
   warm-ups; and the figures alone (`selectors.breakdown`, the page's stored counts without the page). First
   it times the scheduled count that stores every breakdown's counts (`services.count_breakdowns`), twice.
   Prints one JSON object: p50 and p95 of each, the ratios to the aggregate, and whether the goals
   (the page's p95 ≤ 1 s; ≤ 1.5× the aggregate) are met.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NOW = "2019-09-02T09:30:00+01:00"
GOAL_SECONDS = 1.0
GOAL_RATIO = 1.5
PASSWORD = "bench-only-password-2019"  # noqa: S105 - a user of a throwaway bench database

HAND_WRITTEN = """
SELECT p.sex,
       count(*) AS released,
       count(d.id) AS day_recorded,
       count(*) FILTER (WHERE d.accommodation = 'settled') AS settled,
       count(*) FILTER (WHERE d.accommodation = 'settled' AND d.accommodation_safe = 'yes') AS settled_safe,
       count(*) FILTER (WHERE d.ete = 'yes') AS ete,
       count(*) FILTER (WHERE d.bank_account = 'yes') AS bank_account,
       count(*) FILTER (WHERE d.id_documents = 'yes') AS id_documents,
       count(*) FILTER (WHERE d.benefit_claim = 'yes') AS benefit_claim,
       count(*) FILTER (WHERE d.gp_registration = 'yes') AS gp_registration,
       count(a.id) AS after_recorded,
       count(*) FILTER (WHERE a.accommodation = 'settled') AS settled_after
FROM screening_screeningstate s
JOIN people_custodyperiod cp ON cp.id = s.custody_period_id
JOIN people_person p ON p.id = cp.person_id
LEFT JOIN plans_plan pl ON pl.custody_period_id = cp.id
LEFT JOIN plans_releaseoutcome d ON d.plan_id = pl.id AND d.kind = 'release_day'
LEFT JOIN plans_releaseoutcome a ON a.plan_id = pl.id AND a.kind = 'after_release'
WHERE NOT s.in_custody AND s.released_on BETWEEN %s AND %s
GROUP BY p.sex
"""


def _setup(database_url: str) -> None:
    os.environ.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "ttg.settings",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-0123456789"),
            "TTG_NOW": NOW,
            "ALLOWED_HOSTS": "testserver",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _counts(start: Any, end: Any) -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*),
                   count(pl.id),
                   count(d.id),
                   count(b.id)
            FROM screening_screeningstate s
            LEFT JOIN plans_plan pl ON pl.custody_period_id = s.custody_period_id
            LEFT JOIN plans_releaseoutcome d ON d.plan_id = pl.id AND d.kind = 'release_day'
            LEFT JOIN screening_screening b ON b.custody_period_id = s.custody_period_id AND b.kind = 'BCST1' AND b.submitted_at IS NOT NULL
            WHERE NOT s.in_custody AND s.released_on BETWEEN %s AND %s
            """,
            [start, end],
        )
        released, plans, outcomes, bcst1 = cursor.fetchone()
    return {"released_in_window": released, "plans": plans, "release_day_outcomes": outcomes, "bcst1_submitted": bcst1}


def prepare(seed: int) -> dict[str, Any]:
    from django.db import connection

    from ttg.accounts.constants import Role
    from ttg.accounts.models import User
    from ttg.insights import selectors
    from ttg.insights.generator import generate_records

    win = selectors.window()
    before = _counts(win.starts, win.ends)
    analyst = User.objects.filter(username="bench.analyst").first() or User.objects.create_user(
        username="bench.analyst", password=PASSWORD, role=Role.ANALYST, first_name="Bench", last_name="Analyst"
    )
    started = time.monotonic()
    made = generate_records(seed=seed, by=analyst, since=win.starts)
    seconds = time.monotonic() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"before": before, "made": made.as_dict(), "after": _counts(win.starts, win.ends), "prepare_seconds": round(seconds, 1)}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def measure(requests: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client

    from ttg.accounts.models import User
    from ttg.insights import selectors, services

    win = selectors.window()
    # The scheduled count (services.count_breakdowns): every breakdown from the records, stored for the pages.
    count_runs = []
    for _ in range(2):
        started = time.perf_counter()
        groups = services.count_breakdowns()
        count_runs.append(time.perf_counter() - started)
    client = Client()
    client.force_login(User.objects.get(username="bench.analyst"))

    def timed(action: Any) -> list[float]:
        for _ in range(2):
            action()
        found = []
        for _ in range(requests):
            started = time.perf_counter()
            action()
            found.append(time.perf_counter() - started)
        return found

    def page(by: str) -> Any:
        def get() -> None:
            response = client.get(f"/insights/?by={by}")
            assert response.status_code == 200, response.status_code

        return get

    def hand_written() -> None:
        with connection.cursor() as cursor:
            cursor.execute(HAND_WRITTEN, [win.starts, win.ends])
            cursor.fetchall()

    def figures() -> None:
        selectors.breakdown(User.objects.get(username="bench.analyst"), "sex")

    floor = timed(hand_written)
    only_figures = timed(figures)
    result: dict[str, Any] = {
        "requests": requests,
        "window": [win.starts.isoformat(), win.ends.isoformat()],
        "hand_written_sql": {"p50": round(statistics.median(floor), 3), "p95": round(_percentile(floor, 0.95), 3)},
        "figures_sex": {
            "p50": round(statistics.median(only_figures), 3),
            "p95": round(_percentile(only_figures, 0.95), 3),
            "ratio_p50": round(statistics.median(only_figures) / statistics.median(floor), 2),
        },
        "count_breakdowns": {"runs_s": [round(t, 2) for t in count_runs], "groups": groups},
        "pages": {},
    }
    for by in ("sex", "prison", "level3"):
        times = timed(page(by))
        p50, p95 = statistics.median(times), _percentile(times, 0.95)
        result["pages"][by] = {"p50": round(p50, 3), "p95": round(p95, 3), "ratio_p50": round(p50 / statistics.median(floor), 2)}
    sex = result["pages"]["sex"]
    result["met"] = {"p95_within_1s": sex["p95"] <= GOAL_SECONDS, "within_1_5x_hand_written": sex["ratio_p50"] <= GOAL_RATIO}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--skip-prepare", action="store_true")
    parser.add_argument("--seed", type=int, default=1, help="the records' seed (ttg/insights/generator.py)")
    args = parser.parse_args()
    _setup(args.database_url)
    out: dict[str, Any] = {"load_before": [round(x, 2) for x in os.getloadavg()]}
    if not args.skip_prepare:
        out["prepare"] = prepare(args.seed)
    out["measure"] = measure(args.requests)
    out["load_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(out, indent=2, default=str))


if __name__ == "__main__":
    main()
