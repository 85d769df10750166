"""Benchmark P5: screening decisions per second in one process (issue 14).

    python bench/decisions.py [--seed 1] [--periods 20000] [--rounds 3]

Builds a varied, deterministic set of custody periods (`ttg.screening.rules.Custody`: remand,
sentenced and recalled; determinate and indeterminate; release dates across years or none; earlier
releases for clones; in and not in a resettlement prison; receptions before and after 1 October
2018), then times, in one process and without Django (the rules are pure):

- what a list needs: `rules.screening(...)` for each period and `deadline_state` of its BCST1 and
  BCST2 deadlines — values only, no reason read;
- what the person page needs: the same, with every reason of the five decisions read;
- the floor: a Python loop that only builds the same `Custody` objects.

One decision is one call of `rules.screening` for one custody period. Each figure is the best of
`--rounds` rounds over all the periods (the machine is shared). Prints one JSON object, with a
digest of every value and reason so that two runs (before and after a change) can be compared.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # bench/ is not a package: run from anywhere as a script

from ttg.screening import rules  # noqa: E402
from ttg.screening.rules import LONDON, Custody, RuleSettings  # noqa: E402

GOAL = 50_000
OCTOBER_2018 = date(2018, 10, 1)


def make_periods(seed: int, count: int) -> list[tuple[tuple[Any, ...], date | None, datetime]]:
    """(Custody arguments, BCST1 submitted on, now) for `count` varied custody periods."""
    rnd = random.Random(seed)
    periods = []
    first, last = date(2015, 1, 1), date(2021, 6, 30)
    for _ in range(count):
        reception = first + timedelta(days=rnd.randrange((last - first).days))
        if rnd.random() < 0.5:  # half around the October 2018 changes, where the rule versions differ
            reception = OCTOBER_2018 + timedelta(days=rnd.randrange(-400, 400))
        received_at = datetime(
            reception.year, reception.month, reception.day, rnd.randrange(7, 22), rnd.choice((0, 15, 30, 45)), tzinfo=LONDON
        )
        status = rnd.choices((rules.REMAND, rules.SENTENCED, rules.RECALL), weights=(3, 6, 1))[0]
        sentenced_at = None
        if status == rules.REMAND:
            sentence_type = rnd.choice(("", "", rules.DETERMINATE))
            if rnd.random() < 0.4:  # sentenced since reception
                sentenced_at = received_at + timedelta(days=rnd.randrange(1, 120), hours=rnd.randrange(0, 8))
                sentence_type = rnd.choice((rules.DETERMINATE, rules.DETERMINATE, rules.INDETERMINATE))
        else:
            sentence_type = rnd.choices((rules.DETERMINATE, rules.INDETERMINATE, ""), weights=(17, 2, 1))[0]
        release = None
        if sentence_type != rules.INDETERMINATE and rnd.random() < 0.85:
            release = reception + timedelta(days=rnd.choice((rnd.randrange(14, 400), rnd.randrange(400, 3650))))
        previous_release, previous_bcst1 = None, False
        if rnd.random() < 0.35:  # released before: a clone may be offered
            previous_release = reception - timedelta(days=rnd.randrange(-5, 400))
            previous_bcst1 = rnd.random() < 0.8
        since = None
        if rnd.random() < 0.75:
            since = reception + timedelta(days=rnd.choice((0, 0, 0, rnd.randrange(1, 60))))
        submitted_on = None if rnd.random() < 0.4 else reception + timedelta(days=rnd.randrange(0, 5))
        now = received_at + timedelta(days=rnd.randrange(0, 20), hours=rnd.randrange(0, 24))
        args = (
            received_at,
            reception,
            status,
            sentence_type,
            sentenced_at,
            release,
            previous_release,
            previous_bcst1,
            since,
            rnd.choice(("HMP Leeds", "HMP Hull", "HMP Full Sutton", "")),
        )
        periods.append((args, submitted_on, now))
    return periods


def build_only(periods: list[tuple[tuple[Any, ...], date | None, datetime]]) -> int:
    n = 0
    for args, _submitted_on, _now in periods:
        Custody(*args)
        n += 1
    return n


def values_only(periods: list[tuple[tuple[Any, ...], date | None, datetime]], s: RuleSettings) -> int:
    """What a work list does for each period: the decisions and the BCST1 and BCST2 deadline states."""
    screening, deadline_state = rules.screening, rules.deadline_state
    n = 0
    for args, submitted_on, now in periods:
        d = screening(Custody(*args), bcst1_submitted_on=submitted_on, settings=s)
        deadline_state(d.bcst1.value.due_at, now, s)
        deadline_state(d.bcst2.value.due_on, now, s)
        n += 1
    return n


def with_reasons(periods: list[tuple[tuple[Any, ...], date | None, datetime]], s: RuleSettings) -> int:
    """What the person page does: the same, and every reason of the five decisions read."""
    screening, deadline_state = rules.screening, rules.deadline_state
    n = read = 0
    for args, submitted_on, now in periods:
        d = screening(Custody(*args), bcst1_submitted_on=submitted_on, settings=s)
        deadline_state(d.bcst1.value.due_at, now, s)
        deadline_state(d.bcst2.value.due_on, now, s)
        for decision in (d.bcst1, d.clone, d.bcst2, d.pre_release, d.handover):
            read += len(decision.reasons)
        n += 1
    assert read >= 5 * n
    return n


def best_rate(work: Any, rounds: int) -> tuple[float, float, float]:
    """Over `rounds` runs of `work` (a callable returning its count): the best rate per second of wall
    time, that run's seconds, and the best rate per second of this process's CPU time (less disturbed
    when other work shares the cores)."""
    best, best_cpu = (0.0, 0.0), 0.0
    for _ in range(rounds):
        started, cpu_started = time.perf_counter(), time.process_time()
        n = work()
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        best = max(best, (n / seconds, seconds))
        best_cpu = max(best_cpu, n / cpu_seconds if cpu_seconds else 0.0)
    return best[0], best[1], best_cpu


def digest(periods: list[tuple[tuple[Any, ...], date | None, datetime]], s: RuleSettings) -> str:
    """A digest of every value, deadline state and reason: equal before and after a change that keeps the rules' results."""
    h = hashlib.sha256()
    for args, submitted_on, now in periods:
        d = rules.screening(Custody(*args), bcst1_submitted_on=submitted_on, settings=s)
        for decision in (d.bcst1, d.clone, d.bcst2, d.pre_release, d.handover):
            h.update(repr((decision.value, decision.reasons)).encode())
        h.update(rules.deadline_state(d.bcst1.value.due_at, now, s).encode())
        h.update(rules.deadline_state(d.bcst2.value.due_on, now, s).encode())
    return h.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--periods", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    load_before = os.getloadavg()
    periods = make_periods(args.seed, args.periods)
    s = RuleSettings()
    floor, _, floor_cpu = best_rate(lambda: build_only(periods), args.rounds)
    values, values_seconds, values_cpu = best_rate(lambda: values_only(periods, s), args.rounds)
    reasons, reasons_seconds, reasons_cpu = best_rate(lambda: with_reasons(periods, s), args.rounds)
    result = {
        "benchmark": "P5 screening decisions",
        "unit": "one decision = one call of rules.screening for one custody period (BCST1, clone, BCST2, pre-release, handover)",
        "decisions_per_second": round(values),
        "what": "rules.screening and deadline_state of the BCST1 and BCST2 deadlines, no reason read (what a list needs)",
        "with_reasons_per_second": round(reasons),
        "with_reasons_what": "the same, with every reason of the five decisions read (what the person page needs)",
        "goal": GOAL,
        "met": values >= GOAL,
        "floor": {"what": "a Python loop building the same Custody objects only", "per_second": round(floor)},
        "periods": args.periods,
        "seed": args.seed,
        "rounds": f"best of {args.rounds}",
        "seconds": {"values": round(values_seconds, 3), "with_reasons": round(reasons_seconds, 3)},
        "per_cpu_second": {"decisions": round(values_cpu), "with_reasons": round(reasons_cpu), "floor": round(floor_cpu)},
        "digest": digest(periods, s),
        "python": sys.version.split()[0],
        "load": {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in os.getloadavg()]},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
