"""Demo data for the insights pages (run by load_demo last, once the custody feed has brought people in).

The demo-scale feed releases some 30 people in the evaluation window: at the threshold of 10 (rule E2)
almost every figure would be hidden, and the analyst (ruth.evans) would see no chart. So the demo adds
people released in the window through the custody feed's own importer, as the feed would have brought
them (a reception and a release each), and gives them the records a working service would have kept
(`generator.generate_records`, seeded): enough for the main cohorts' charts (women and men, resettlement
and non-resettlement prisons, sentence lengths, the CRCs) to show.

They leave from HMP Kirkham, HMP Styal, HMP Askham Grange and the synthetic non-resettlement prison, not
from Merseyside CRC's prisons (whose compliance story the contract manager's demo tells), and more than
`TTG_AFTER_RELEASE_VISIBLE_WEEKS` before today, so that no CRC's work list gains anyone to follow up.

Idempotent: the feed's event ids are the same each time (the importer skips events it has seen), and
the records are made only for periods with none.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from ttg.accounts.constants import Role
from ttg.core import clock
from ttg.estate.models import Prison
from ttg.insights import selectors
from ttg.insights.generator import generate_records
from ttg.people.generator import ETHNICITY_CODES, FEED_COLUMNS, FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES
from ttg.people.importer import import_feed
from ttg.people.models import CustodyPeriod, Person

SEED = 21
LONDON = ZoneInfo("Europe/London")
# (prison code, sex, people): the demo estate's resettlement prisons outside Merseyside, women's and men's,
# and the non-resettlement one (whose code the generated estate draws: any of the demo estate's).
RELEASED_FROM = (("KMI", "M", 70), ("STI", "F", 40), ("AGI", "F", 30))
NON_RESETTLEMENT_PEOPLE = 120
EVENT_PREFIX = "insights-demo-"
# Sentence lengths in days: under 12 months, 12 months to 4 years, over 4 years (rule E4's bands).
SENTENCES = ((45, 60, 330), (40, 400, 1400), (15, 1500, 3000))


SYNTHETIC = "(synthetic)"  # how the generated estate names the prisons it invents


def _non_resettlement_prison(on: date) -> str | None:
    """A generated demo-estate prison that was not a resettlement prison on the day (ZMS with seed 1)."""
    candidates = Prison.objects.filter(name__endswith=SYNTHETIC).order_by("code")
    return next((p.code for p in candidates if not p.designations.filter(resettlement=True, valid_from__lte=on).exists()), None)


def feed_rows(last_release: date, first_release: date, non_resettlement: str | None) -> list[dict[str, str]]:
    """A reception and a release for each demo person, seeded: released between the two days."""
    rng = random.Random(SEED)
    places = [*RELEASED_FROM, *([(non_resettlement, "M", NON_RESETTLEMENT_PEOPLE)] if non_resettlement else [])]
    rows: list[dict[str, str]] = []
    span = (last_release - first_release).days
    n = 0
    for code, sex, people in places:
        for _ in range(people):
            n += 1
            released_on = first_release + timedelta(days=rng.randint(0, span))
            while released_on.weekday() >= 5:
                released_on -= timedelta(days=1)
            _share, low, high = rng.choices(SENTENCES, weights=[s[0] for s in SENTENCES])[0]
            days = rng.randint(low, high)
            received_on = released_on - timedelta(days=days // 2)
            first = rng.choice(FEMALE_FIRST_NAMES if sex == "F" else MALE_FIRST_NAMES)
            person = {
                "prison_number": f"Y{n:04d}IN",
                "prison_code": code,
                "first_name": first,
                "last_name": rng.choice(LAST_NAMES),
                "date_of_birth": (received_on - timedelta(days=rng.randint(19 * 365, 60 * 365))).isoformat(),
                "sex": sex,
                "ethnicity": rng.choice(ETHNICITY_CODES),
            }
            reception = datetime.combine(received_on, time(14, rng.randint(0, 59)), tzinfo=LONDON)
            release = datetime.combine(released_on, time(9, rng.randint(0, 59)), tzinfo=LONDON)
            rows.append(
                {
                    **person,
                    "event_id": f"{EVENT_PREFIX}{n}-in",
                    "event_type": "RECEPTION",
                    "occurred_at": reception.isoformat(),
                    "legal_status": "SENTENCED",
                    "sentence_type": "DETERMINATE",
                    "sentence_start_date": received_on.isoformat(),
                    "sentence_length_days": str(days),
                    "release_date": released_on.isoformat(),
                }
            )
            rows.append(
                {
                    "event_id": f"{EVENT_PREFIX}{n}-out",
                    "event_type": "RELEASE",
                    "occurred_at": release.isoformat(),
                    "prison_number": person["prison_number"],
                    "prison_code": code,
                    "release_type": "CONDITIONAL",
                }
            )
    return sorted(rows, key=lambda r: r["occurred_at"])


def load_insights(personas: dict[str, Any]) -> int:
    """Bring the demo's released people in through the feed and give them their records. Returns how many
    release outcomes were recorded this time (0 before the generated demo feed is imported, or once done)."""
    if not CustodyPeriod.objects.filter(current_prison__name__endswith=SYNTHETIC).exists():
        return 0  # no generated demo feed (make run's) yet: the demo base alone, or a test's own people
    today = clock.today()
    win = selectors.window(today)
    last = today - timedelta(weeks=settings.TTG_AFTER_RELEASE_VISIBLE_WEEKS, days=1)
    if last < win.starts:
        return 0
    if not Person.objects.filter(prison_number="Y0001IN").exists():
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(FEED_COLUMNS), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(feed_rows(last, win.starts, _non_resettlement_prison(win.starts)))
        import_feed(io.BytesIO(out.getvalue().encode("utf-8")), source="insights demo", kind="csv")
    ours = CustodyPeriod.objects.filter(person__prison_number__startswith="Y", person__prison_number__endswith="IN")
    made = generate_records(seed=SEED, by=personas[Role.TTG_CASEWORKER], since=win.starts, until=last, periods=ours)
    return made.release_day + made.after_release
