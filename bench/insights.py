"""Benchmark (issue 21): the analyst's national cohort page against one hand-written SQL aggregate.

    python bench/insights.py --database-url postgres://postgres@127.0.0.1:5432/DB [--requests 10] [--skip-prepare]

On a database holding an imported feed (`bench/import_feed.py`, or `make bench`'s P1):

1. counts what the generated data gives the figures: releases in the evaluation window, and the plans,
   release-day outcomes and BCST1 answers among them (the generator writes the custody feed only, so
   these are 0: no chart but the screening's timeliness would have a figure);
2. prepares (unless `--skip-prepare`, and only what is missing): an analyst `bench.analyst`, and for the
   releases in the window, with SQL (INSERT ... SELECT, deterministic by id): a plan for 90%, a
   release-day outcome for 85% of those, an after-release one for 40%, three plan activities each,
   and a submitted BCST1 for 80% with the Level 3 and health answers; then ANALYZE. No claims: cost is
   not exercised at scale;
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


def prepare() -> dict[str, Any]:
    from django.db import connection, transaction

    from ttg.accounts.constants import Role
    from ttg.accounts.models import User
    from ttg.core import clock
    from ttg.insights import selectors
    from ttg.plans.catalogue.models import CatalogueVersion

    win = selectors.window()
    before = _counts(win.starts, win.ends)
    analyst = User.objects.filter(username="bench.analyst").first() or User.objects.create_user(
        username="bench.analyst", password=PASSWORD, role=Role.ANALYST, first_name="Bench", last_name="Analyst"
    )
    version = CatalogueVersion.objects.order_by("in_force_from").last()
    if version is None:
        raise SystemExit("No catalogue version: migrate first.")
    now = clock.now()
    args = {"start": win.starts, "end": win.ends, "version": version.pk, "by": analyst.pk, "now": now}
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        released = "FROM screening_screeningstate s WHERE NOT s.in_custody AND s.released_on BETWEEN %(start)s AND %(end)s"
        cursor.execute(
            f"""INSERT INTO plans_plan (custody_period_id, catalogue_version_id, status, proposed_at, proposed_by_id, agreed_with_person, not_agreed_reason)
            SELECT s.custody_period_id, %(version)s, 'agreed', %(now)s, %(by)s, true, '' {released}
            AND s.custody_period_id %% 10 <> 0
            AND NOT EXISTS (SELECT 1 FROM plans_plan p WHERE p.custody_period_id = s.custody_period_id)""",  # noqa: S608
            args,
        )

        def pick(salt: int, yes_below: int) -> str:
            return f"CASE WHEN (pl.id * {salt}) %% 100 < {yes_below} THEN 'yes' WHEN (pl.id * {salt}) %% 100 < 95 THEN 'no' ELSE 'not_known' END"

        accommodation = (
            "CASE WHEN (pl.id * 7) %% 100 < 55 THEN 'settled' WHEN (pl.id * 7) %% 100 < 75 THEN 'temporary' "
            "WHEN (pl.id * 7) %% 100 < 85 THEN 'approved_premises' WHEN (pl.id * 7) %% 100 < 93 THEN 'rough_sleeping' ELSE 'unknown' END"
        )
        for kind, share in (("release_day", 85), ("after_release", 40)):
            cursor.execute(
                f"""INSERT INTO plans_releaseoutcome (plan_id, kind, accommodation, accommodation_safe, ete, bank_account, id_documents,
                    benefit_claim, gp_registration, recorded_at, recorded_by_id)
                SELECT pl.id, '{kind}', {accommodation}, {pick(11, 70)}, {pick(13, 30)}, {pick(17, 60)},
                    {pick(19, 65)}, {pick(23, 55)}, {pick(29, 50)}, %(now)s, %(by)s
                FROM plans_plan pl JOIN screening_screeningstate s ON s.custody_period_id = pl.custody_period_id
                WHERE NOT s.in_custody AND s.released_on BETWEEN %(start)s AND %(end)s AND (pl.id * 31) %% 100 < {share}
                AND NOT EXISTS (SELECT 1 FROM plans_releaseoutcome o WHERE o.plan_id = pl.id AND o.kind = '{kind}')""",  # noqa: S608
                args,
            )
        cursor.execute(
            """INSERT INTO plans_planactivity (plan_id, title, pathway, level, owner_kind, owner, status, outcome, reason, reasons,
                updated_at, updated_by_id, version, "order", continues_after_release)
            SELECT pl.id, 'Bench activity ' || n, 'accommodation', 1, 'crc', '',
                CASE (pl.id + n) %% 5 WHEN 0 THEN 'delivered' WHEN 1 THEN 'signposted' WHEN 2 THEN 'planned' WHEN 3 THEN 'declined' ELSE 'cancelled' END,
                '', '', '[]'::jsonb, %(now)s, %(by)s, 1, n, false
            FROM plans_plan pl JOIN screening_screeningstate s ON s.custody_period_id = pl.custody_period_id
            CROSS JOIN generate_series(1, 3) AS n
            WHERE NOT s.in_custody AND s.released_on BETWEEN %(start)s AND %(end)s
            AND NOT EXISTS (SELECT 1 FROM plans_planactivity a WHERE a.plan_id = pl.id)""",
            args,
        )
        cursor.execute(
            f"""INSERT INTO screening_screening (custody_period_id, kind, question_set_version, status, answers, needs_unchanged_confirmed,
                started_by_id, started_at, submitted_by_id, submitted_at, updated_at)
            SELECT s.custody_period_id, 'BCST1', '2018-10-01', 'submitted',
                jsonb_build_object(
                    'domestic_abuse', CASE WHEN s.custody_period_id %% 12 = 0 THEN 'yes' ELSE 'no' END,
                    'learning_disability', CASE WHEN s.custody_period_id %% 9 = 0 THEN 'yes' ELSE 'no' END,
                    'veteran', CASE WHEN s.custody_period_id %% 20 = 0 THEN 'yes' ELSE 'no' END,
                    'care_leaver', CASE WHEN s.custody_period_id %% 14 = 0 THEN 'yes' ELSE 'no' END,
                    'health_condition', CASE WHEN s.custody_period_id %% 4 = 0 THEN 'yes' ELSE 'no' END),
                false, %(by)s, s.received_at, %(by)s, s.received_at, s.received_at {released}
            AND s.custody_period_id %% 5 <> 0
            AND NOT EXISTS (SELECT 1 FROM screening_screening b WHERE b.custody_period_id = s.custody_period_id AND b.kind = 'BCST1')""",  # noqa: S608
            args,
        )
    seconds = time.monotonic() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"before": before, "after": _counts(win.starts, win.ends), "prepare_seconds": round(seconds, 1)}


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
    args = parser.parse_args()
    _setup(args.database_url)
    out: dict[str, Any] = {"load_before": [round(x, 2) for x in os.getloadavg()]}
    if not args.skip_prepare:
        out["prepare"] = prepare()
    out["measure"] = measure(args.requests)
    out["load_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(out, indent=2, default=str))


if __name__ == "__main__":
    main()
