#!/usr/bin/env python3
# ruff: noqa: S608  # the SQL is built from constants in this file, never from input
"""Compliance figures (issue 19, item 7): the national dashboard's figures, as the service counts them,
against one hand-written SQL query computing the same numbers, on a generated estate in PostgreSQL.

Prepare (unless --skip-prepare): a fresh database, the generated custody feed of the scale imported
through the real importer (the stored screening decisions with it), then, set-based and
reproducibly (hash-based, no random()), the records the figures read: BCST1 for 85% of sentenced
periods, BCST2 for 70% of those with one due, plans for 75% (agreed for 80% of them), and for the
released with a plan: pre-release reviews (65%), handovers (60%), release-day outcomes (75%); three
activities per plan in varied end states. Then `refresh_decisions --all` and ANALYZE.

Measure, in one process (no network): the scheduled count (`services.count_figures`, twice), which
writes the cells the pages read; then, as a contract manager who manages every CRC;
- `selectors.overview` (every CRC at a glance, weakest first, and the non-resettlement prisons' figure:
  the dashboard's figures), and `GET /compliance/` through Django's test client (the whole page);
- the floor: one hand-written SQL query returning the same counts from the records; and the pages' own
  work by hand: one query summing the stored cells per CRC and figure;
- the biggest CRC's page (`GET /compliance/crcs/<code>/`: 24 months and every prison);
and checks that the service's counts equal the query's. Prints one JSON object.

    .venv/bin/python bench/compliance.py --scale regional          # prepare and measure
    .venv/bin/python bench/compliance.py --scale regional --skip-prepare
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from import_feed import SERVER_URL, django_env, feed_path, fresh_database, run  # noqa: E402

USERNAME = "bench.compliance"

# The pages' work done by hand over the stored cells: the summary months' cells summed per CRC and figure.
STORED_FLOOR = """
SELECT c.figure, p.crc_id, sum(c.met), sum(c.counted)
FROM compliance_monthlycount c JOIN estate_prison p ON p.id = c.prison_id
WHERE p.crc_id IS NOT NULL AND c.month >= %(start)s AND c.month < %(end)s
GROUP BY c.figure, p.crc_id
"""

# The records the figures read, made set-based from the imported custody periods. %(u)s is the bench
# user's id, %(v)s the catalogue version's. "pick(n, salt)" is true for n% of rows, the same every run.
PICK = "(abs(hashtext(cp.id::text || '{salt}')) %% 100) < {n}"
HOURS = "(abs(hashtext(cp.id::text || '{salt}')) %% {n})"

SYNTHETIC = [
    # BCST1: 85% of sentenced periods, submitted 2 to 101 hours after reception.
    f"""INSERT INTO screening_screening (custody_period_id, kind, question_set_version, status, answers, needs_unchanged_confirmed,
           started_by_id, started_at, submitted_by_id, submitted_at, updated_at)
        SELECT cp.id, 'BCST1', '2018-10-01', 'submitted', '{{}}', false, %(u)s, t, %(u)s, t, t
        FROM (SELECT cp.*, cp.received_at + make_interval(hours => 2 + {HOURS.format(salt="b1h", n=100)}) AS t
              FROM people_custodyperiod cp WHERE cp.legal_status IN ('SENTENCED', 'RECALL') AND {PICK.format(salt="b1", n=85)}) cp
        ON CONFLICT DO NOTHING""",
    # BCST2: 70% of those with BCST1, 1 to 12 days after it.
    """INSERT INTO screening_screening (custody_period_id, kind, question_set_version, status, answers, needs_unchanged_confirmed,
           started_by_id, started_at, submitted_by_id, submitted_at, updated_at)
        SELECT s.custody_period_id, 'BCST2', '2018-10-01', 'submitted', '{}', false, %(u)s, t, %(u)s, t, t
        FROM (SELECT s.custody_period_id, s.submitted_at + make_interval(days => 1 + (abs(hashtext(s.custody_period_id::text || 'b2d')) %% 12)) AS t
              FROM screening_screening s WHERE s.kind = 'BCST1' AND (abs(hashtext(s.custody_period_id::text || 'b2')) %% 100) < 70) s
        ON CONFLICT DO NOTHING""",
    # Plans: 75% of sentenced periods; agreed (80%) 2 to 14 days after reception.
    f"""INSERT INTO plans_plan (custody_period_id, catalogue_version_id, status, proposed_at, proposed_by_id, agreed_at, agreed_by_id,
           agreed_with_person, not_agreed_reason)
        SELECT cp.id, %(v)s, CASE WHEN a THEN 'agreed' ELSE 'draft' END, cp.received_at + interval '2 days', %(u)s,
               CASE WHEN a THEN cp.received_at + make_interval(days => 2 + {HOURS.format(salt="pd", n=13)}) END,
               CASE WHEN a THEN %(u)s END, a, ''
        FROM (SELECT cp.*, {PICK.format(salt="pa", n=80)} AS a FROM people_custodyperiod cp
              WHERE cp.legal_status IN ('SENTENCED', 'RECALL') AND {PICK.format(salt="pl", n=75)}) cp
        ON CONFLICT DO NOTHING""",
    # Pre-release reviews of the released: 65%, completed from 20 days before to 5 days after release.
    f"""INSERT INTO plans_prereleasereview (plan_id, answers, status, updated_at, updated_by_id, completed_at, completed_by_id)
        SELECT p.id, '{{}}', 'completed', t, %(u)s, t, %(u)s
        FROM (SELECT p.id, cp.released_at - make_interval(days => 20) + make_interval(days => {HOURS.format(salt="rd", n=26)}) AS t
              FROM plans_plan p JOIN people_custodyperiod cp ON cp.id = p.custody_period_id
              WHERE cp.released_at IS NOT NULL AND {PICK.format(salt="rv", n=65)}) p
        ON CONFLICT DO NOTHING""",
    # Handovers: 60%, from 15 days before to 3 days after release.
    f"""INSERT INTO plans_handover (plan_id, officer_id, where_to, summary, snapshot, handed_over_at, handed_over_by_id)
        SELECT p.id, %(u)s, 'Generated', 'Generated', '{{}}', t, %(u)s
        FROM (SELECT p.id, cp.released_at - make_interval(days => 15) + make_interval(days => {HOURS.format(salt="hd", n=19)}) AS t
              FROM plans_plan p JOIN people_custodyperiod cp ON cp.id = p.custody_period_id
              WHERE cp.released_at IS NOT NULL AND {PICK.format(salt="ho", n=60)}) p
        ON CONFLICT DO NOTHING""",
    # Release-day outcomes: 75%, varied.
    f"""INSERT INTO plans_releaseoutcome (plan_id, kind, accommodation, accommodation_safe, ete, bank_account, id_documents, benefit_claim,
           gp_registration, recorded_at, recorded_by_id)
        SELECT p.id, 'release_day',
               (ARRAY['settled', 'temporary', 'approved_premises', 'rough_sleeping', 'unknown'])[1 + {HOURS.format(salt="ac", n=5)}],
               (ARRAY['yes', 'yes', 'no', 'not_known'])[1 + {HOURS.format(salt="sf", n=4)}],
               'no',
               (ARRAY['yes', 'no', 'not_known'])[1 + {HOURS.format(salt="bk", n=3)}],
               (ARRAY['yes', 'yes', 'no'])[1 + {HOURS.format(salt="id", n=3)}],
               (ARRAY['yes', 'no'])[1 + {HOURS.format(salt="bn", n=2)}],
               'no', cp.released_at, %(u)s
        FROM plans_plan p JOIN people_custodyperiod cp ON cp.id = p.custody_period_id
        WHERE cp.released_at IS NOT NULL AND {PICK.format(salt="oc", n=75)}
        ON CONFLICT DO NOTHING""",
    # After-release outcomes: 40%, four weeks after release, varied accommodation.
    f"""INSERT INTO plans_releaseoutcome (plan_id, kind, accommodation, accommodation_safe, ete, bank_account, id_documents, benefit_claim,
           gp_registration, recorded_at, recorded_by_id)
        SELECT p.id, 'after_release',
               (ARRAY['settled', 'settled', 'temporary', 'rough_sleeping', 'unknown'])[1 + {HOURS.format(salt="aa", n=5)}],
               'yes', 'no', 'yes', 'yes', 'yes', 'no', cp.released_at + interval '28 days', %(u)s
        FROM plans_plan p JOIN people_custodyperiod cp ON cp.id = p.custody_period_id
        WHERE cp.released_at IS NOT NULL AND {PICK.format(salt="ar", n=40)}
        ON CONFLICT DO NOTHING""",
    # Three activities per plan, in varied states, last changed 3 to 60 days after reception.
    """INSERT INTO plans_planactivity (plan_id, title, pathway, level, owner_kind, owner, status, outcome, reason, reasons, updated_at,
           updated_by_id, version, "order", continues_after_release)
        SELECT p.id, 'Generated ' || n, 'finance', 2, 'crc', '',
               (ARRAY['planned', 'in_progress', 'delivered', 'delivered', 'signposted', 'declined', 'cancelled'])[1 + (abs(hashtext(p.id::text || 'st' || n)) %% 7)],
               '', '', '[]', cp.received_at + make_interval(days => 3 + (abs(hashtext(p.id::text || 'up' || n)) %% 58)), %(u)s, 1, n, false
        FROM plans_plan p JOIN people_custodyperiod cp ON cp.id = p.custody_period_id CROSS JOIN generate_series(1, 3) AS n""",
]

# The floor: one query computing the same counts as the dashboard (each CRC's fourteen figures over the last
# 12 full months, and the non-resettlement prisons' figure per prison and month over the two years).
FLOOR = """
WITH crcp AS (SELECT id, crc_id FROM estate_prison WHERE crc_id IS NOT NULL),
st AS (
  SELECT s.*, cp.reception_prison_id, cp.reception_date, cp.released_at
  FROM screening_screeningstate s JOIN people_custodyperiod cp ON cp.id = s.custody_period_id
),
released AS (
  SELECT st.custody_period_id, st.prison_id, st.released_on, st.released_at,
         EXISTS (SELECT 1 FROM estate_resettlementdesignation d WHERE d.prison_id = st.prison_id AND d.resettlement
                 AND d.valid_from <= st.released_on AND (d.valid_to IS NULL OR d.valid_to > st.released_on)) AS resettlement
  FROM st WHERE NOT st.in_custody AND st.released_on IS NOT NULL AND st.pre_release_opens_on IS NOT NULL
    AND st.released_on >= %(wstart)s AND st.released_on < %(wend)s
),
b1 AS (
  SELECT 'bcst1' AS figure, p.crc_id AS grp, NULL::date AS month,
         count(*) FILTER (WHERE st.bcst1_submitted_at <= st.bcst1_due_at) AS met, count(*) AS counted
  FROM st JOIN crcp p ON p.id = st.reception_prison_id
  WHERE (st.bcst1_to_do OR st.bcst1_submitted_at IS NOT NULL) AND st.reception_date >= %(start)s AND st.reception_date < %(end)s
  GROUP BY p.crc_id
),
b2 AS (
  SELECT 'bcst2-plan', p.crc_id, NULL::date,
         count(*) FILTER (WHERE (st.bcst2_submitted_at AT TIME ZONE 'Europe/London')::date <= st.bcst2_due_on
                            AND (pl.agreed_at AT TIME ZONE 'Europe/London')::date <= st.bcst2_due_on),
         count(*)
  FROM st JOIN crcp p ON p.id = st.reception_prison_id LEFT JOIN plans_plan pl ON pl.custody_period_id = st.custody_period_id
  WHERE st.bcst2_required AND st.bcst2_due_on >= %(start)s AND st.bcst2_due_on < %(end)s
  GROUP BY p.crc_id
),
rel AS (
  SELECT p.crc_id,
         count(*) AS counted,
         count(*) FILTER (WHERE r.completed_at <= released.released_at) AS review,
         count(*) FILTER (WHERE h.handed_over_at <= released.released_at) AS handover,
         count(*) FILTER (WHERE o.accommodation IN ('settled', 'temporary', 'approved_premises') AND o.accommodation_safe = 'yes') AS accommodation,
         count(*) FILTER (WHERE o.id_documents = 'yes') AS id,
         count(*) FILTER (WHERE o.bank_account = 'yes') AS bank,
         count(*) FILTER (WHERE o.benefit_claim = 'yes') AS benefit,
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM plans_releaseoutcome oa WHERE oa.plan_id = pl.id AND oa.kind = 'after_release'
                                        AND oa.accommodation = 'settled')) AS settled_after,
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM plans_releaseoutcome oa WHERE oa.plan_id = pl.id AND oa.kind = 'after_release'
                                        AND oa.ete = 'yes')) AS ete_after,
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM plans_releaseoutcome oa WHERE oa.plan_id = pl.id AND oa.kind = 'after_release'
                                        AND oa.gp_registration = 'yes')) AS gp_after
  FROM released JOIN crcp p ON p.id = released.prison_id
  LEFT JOIN plans_plan pl ON pl.custody_period_id = released.custody_period_id
  LEFT JOIN plans_prereleasereview r ON r.plan_id = pl.id
  LEFT JOIN plans_handover h ON h.plan_id = pl.id
  LEFT JOIN plans_releaseoutcome o ON o.plan_id = pl.id AND o.kind = 'release_day'
  WHERE released.resettlement AND released.released_on >= %(start)s AND released.released_on < %(end)s
  GROUP BY p.crc_id
),
act AS (
  SELECT 'activities', p.crc_id, NULL::date, count(*) FILTER (WHERE a.status = 'delivered'), count(*)
  FROM plans_planactivity a JOIN plans_plan pl ON pl.id = a.plan_id
  JOIN screening_screeningstate s ON s.custody_period_id = pl.custody_period_id JOIN crcp p ON p.id = s.prison_id
  WHERE a.status IN ('delivered', 'signposted', 'declined') AND a.updated_at >= %(start_at)s AND a.updated_at < %(end_at)s
  GROUP BY p.crc_id
),
act23 AS (
  SELECT 'levels-2-3', p.crc_id, NULL::date, count(*) FILTER (WHERE a.status = 'delivered'), count(*)
  FROM plans_planactivity a JOIN plans_plan pl ON pl.id = a.plan_id
  JOIN screening_screeningstate s ON s.custody_period_id = pl.custody_period_id JOIN crcp p ON p.id = s.prison_id
  WHERE a.status IN ('delivered', 'signposted', 'declined') AND a.level >= 2 AND a.updated_at >= %(start_at)s AND a.updated_at < %(end_at)s
  GROUP BY p.crc_id
),
needs AS (
  SELECT 'needs-activity', p.crc_id, NULL::date,
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM plans_planactivity a JOIN plans_plan pl ON pl.id = a.plan_id
                                        WHERE pl.custody_period_id = f.custody_period_id AND a.pathway = f.pathway)),
         count(*)
  FROM screening_needflag f JOIN people_custodyperiod cp ON cp.id = f.custody_period_id JOIN crcp p ON p.id = cp.reception_prison_id
  WHERE f.withdrawn_at IS NULL AND f.raised_at >= %(start_at)s AND f.raised_at < %(end_at)s
  GROUP BY p.crc_id
),
none_ AS (
  SELECT 'no-service', released.prison_id, date_trunc('month', released.released_on)::date,
         count(*) FILTER (WHERE pl.id IS NULL AND NOT EXISTS (SELECT 1 FROM payments_purchase pu WHERE pu.custody_period_id = released.custody_period_id)),
         count(*)
  FROM released JOIN estate_prison pr ON pr.id = released.prison_id AND pr.crc_id IS NULL
  LEFT JOIN plans_plan pl ON pl.custody_period_id = released.custody_period_id
  WHERE NOT released.resettlement
  GROUP BY released.prison_id, 3
)
SELECT * FROM b1 UNION ALL SELECT * FROM b2 UNION ALL SELECT * FROM act UNION ALL SELECT * FROM act23 UNION ALL SELECT * FROM needs
UNION ALL SELECT * FROM none_
UNION ALL SELECT f.figure, rel.crc_id, NULL::date, f.met, rel.counted
FROM rel CROSS JOIN LATERAL (VALUES ('review', rel.review), ('handover', rel.handover), ('accommodation', rel.accommodation),
  ('id', rel.id), ('bank', rel.bank), ('benefit', rel.benefit), ('settled-after', rel.settled_after),
  ('ete-after', rel.ete_after), ('gp-after', rel.gp_after)) AS f(figure, met)
"""


def prepare(scale: str, seed: int, url: str) -> dict[str, Any]:
    env = django_env(url)
    out = feed_path(scale, seed)
    timings: dict[str, float] = {}
    started = time.monotonic()
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        run(["generate_national", "--scale", scale, "--seed", str(seed), "--out", str(out)], env)
    timings["generate"] = time.monotonic() - started
    started = time.monotonic()
    run(["migrate", "-v0"], env)
    run(["load_estate", str(out.with_suffix(".estate.json"))], env)
    run(["import_custody_feed", str(out)], env)
    timings["import"] = time.monotonic() - started
    return {"seconds": {k: round(v, 1) for k, v in timings.items()}}


def setup_django(url: str) -> None:
    os.environ.update(django_env(url))
    os.environ["TTG_MFA_ROLES"] = "administrator"  # the bench user signs in with force_login
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()


def synthesise() -> dict[str, Any]:
    from django.db import connection, transaction

    from ttg.accounts.constants import Role
    from ttg.accounts.models import User
    from ttg.estate.models import CRC
    from ttg.plans.catalogue.models import CatalogueVersion

    user, _ = User.objects.get_or_create(username=USERNAME, defaults={"role": Role.CONTRACT_MANAGER})
    user.managed_crcs.set(CRC.objects.all())
    version = CatalogueVersion.objects.order_by("-in_force_from")[0]
    started = time.monotonic()
    rows = []
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in SYNTHETIC:
            cursor.execute(statement, {"u": user.pk, "v": version.pk})
            rows.append(cursor.rowcount)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    synthetic_seconds = time.monotonic() - started
    started = time.monotonic()
    subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "refresh_decisions", "--all"],
        env=os.environ.copy(),
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"rows": rows, "synthetic_seconds": round(synthetic_seconds, 1), "refresh_seconds": round(time.monotonic() - started, 1)}


def timed(functions: dict[str, Any], rounds: int) -> dict[str, dict[str, Any]]:
    """Each function once to warm up, then `rounds` rounds of each in turn (interleaved, so that the load
    of the machine, which changes by the second, falls on each alike): median, min and max in ms."""
    for function in functions.values():
        function()
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(rounds):
        for name, function in functions.items():
            started = time.perf_counter()
            function()
            times[name].append((time.perf_counter() - started) * 1000)
    return {
        name: {"median_ms": round(statistics.median(t), 1), "min_ms": round(min(t), 1), "max_ms": round(max(t), 1), "rounds": rounds}
        for name, t in times.items()
    }


def measure(rounds: int) -> dict[str, Any]:
    from datetime import datetime
    from datetime import time as clock_time

    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from ttg.accounts.models import User
    from ttg.compliance import rules, selectors, services
    from ttg.core import clock
    from ttg.estate.models import CRC, Prison
    from ttg.people.models import CustodyPeriod

    user = User.objects.get(username=USERNAME)
    today = clock.today()
    summary, window = rules.summary_months(today), rules.window(today)
    start, end = summary[0], rules.add_months(summary[-1], 1)
    params = {
        "start": start,
        "end": end,
        "wstart": window[0],
        "wend": rules.add_months(window[-1], 1),
        "start_at": datetime.combine(start, clock_time(0), tzinfo=selectors.LONDON),
        "end_at": datetime.combine(end, clock_time(0), tzinfo=selectors.LONDON),
    }

    def floor() -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(FLOOR, params)
            return cursor.fetchall()

    # The scheduled count (services.count_figures): the whole estate's records, every figure, the window.
    count_runs = []
    for _ in range(2):
        started = time.perf_counter()
        counted = services.count_figures(today)
        count_runs.append((time.perf_counter() - started) * 1000)

    def stored_floor() -> list[tuple[Any, ...]]:
        # The pages' own work by hand: the stored cells of the summary months summed per CRC and figure.
        with connection.cursor() as cursor:
            cursor.execute(STORED_FLOOR, params)
            return cursor.fetchall()

    client = Client()
    client.force_login(user)
    busiest = (
        CustodyPeriod.objects.filter(current_prison__crc__isnull=False)
        .values("current_prison__crc")
        .order_by()
        .annotate(n=Count("pk"))
        .order_by("-n")[0]
    )
    biggest = CRC.objects.get(pk=busiest["current_prison__crc"])

    def page(url: str) -> None:
        response = client.get(url, secure=True)
        assert response.status_code == 200, (url, response.status_code)

    results: dict[str, Any] = timed(
        {
            "floor_sql": floor,
            "stored_floor_sql": stored_floor,
            "overview_figures": lambda: selectors.overview(user),
            "overview_page": lambda: page(reverse("compliance_overview")),
            "biggest_crc_page": lambda: page(reverse("compliance_crc", args=[biggest.code])),
        },
        rounds,
    )
    results["biggest_crc"] = biggest.code
    results["count_figures"] = {"runs_ms": [round(t) for t in count_runs], "cells": counted.cells}
    results["ratio_page_to_stored_floor"] = round(results["overview_page"]["median_ms"] / results["stored_floor_sql"]["median_ms"], 2)
    results["ratio_page_to_floor"] = round(results["overview_page"]["median_ms"] / results["floor_sql"]["median_ms"], 2)
    results["ratio_figures_to_floor"] = round(results["overview_figures"]["median_ms"] / results["floor_sql"]["median_ms"], 2)

    # The same numbers: the service's counts per CRC (summed from its per-prison rows) against the floor's.
    crc_of = dict(Prison.objects.values_list("pk", "crc_id"))
    ids = list(crc_of)
    service: dict[tuple[str, Any, Any], tuple[int, int]] = {}
    for figure in rules.CRC_FIGURES:
        stored = selectors.stored_counts_many([figure.key], [p for p in ids if crc_of[p]], summary)[figure.key]
        for (prison, _month), cell in stored.items():
            key = (figure.key, crc_of[prison], None)
            met, of = service.get(key, (0, 0))
            service[key] = (met + cell.met, of + cell.of)
    unserved = [p for p in ids if crc_of[p] is None]
    for (prison, month), cell in selectors.stored_counts_many([rules.NO_SERVICE], unserved, window)[rules.NO_SERVICE].items():
        service[(rules.NO_SERVICE, prison, month)] = (cell.met, cell.of)
    sql = {(row[0], row[1], row[2]): (row[3], row[4]) for row in floor() if row[4]}
    differences = sorted(set(service.items()) ^ set(sql.items()), key=str)[:10]
    results["same_numbers"] = not differences
    results["differences"] = [str(d) for d in differences]
    results["counted"] = {"rows_compared": len(sql), "custody_periods": CustodyPeriod.objects.count()}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="regional")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default="ttg_compliance_bench")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--skip-prepare", action="store_true", help="measure the database as the last run left it")
    parser.add_argument("--skip-import", action="store_true", help="keep the imported feed; make the synthetic records again")
    args = parser.parse_args()
    load_before = os.getloadavg()
    started = time.monotonic()
    url = f"{SERVER_URL}/{args.database}"
    prepared: dict[str, Any] = {}
    if not args.skip_prepare and not args.skip_import:
        url = fresh_database(SERVER_URL, args.database)
        prepared = prepare(args.scale, args.seed, url)
    setup_django(url)
    if not args.skip_prepare:
        prepared.update(synthesise())
    measured = measure(args.rounds)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()  # noqa: S607
    print(
        json.dumps(
            {
                "benchmark": "compliance dashboard (issue 19 item 7)",
                "scale": args.scale,
                "prepared": prepared,
                **measured,
                "goal": "the dashboard in <= 1 s and within 1.5x of one hand-written SQL query",
                "met": measured["overview_page"]["median_ms"] <= 1000 and measured["ratio_page_to_floor"] <= 1.5,
                "load_before": [round(x, 2) for x in load_before],
                "load_after": [round(x, 2) for x in os.getloadavg()],
                "wall_seconds": round(time.monotonic() - started, 1),
                "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                "commit": commit,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
