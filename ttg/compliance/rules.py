"""Compliance with the specification (R-A1): what each figure counts, in words, and the arithmetic on
its counts. Plain Python: the counting itself is SQL over stored state (selectors.py); this module
only names the figures, chooses the months, and adds up and words the counts the database returned
(one row per prison and month, never one per case).

No rule table: the figures apply no rule of their own. They read the decisions the screening, plan,
gate and handover rules stored (the BCST1 and BCST2 deadlines, T1 and T2; the pre-release window, T5).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

# The two-year window of the evaluation (R-E1): the 24 months up to and including the current one.
WINDOW_MONTHS = 24
# The big numbers: the last 12 full months (the current month is still filling).
SUMMARY_MONTHS = 12

BCST1, BCST2_PLAN, REVIEW, HANDOVER = "bcst1", "bcst2-plan", "review", "handover"
ACCOMMODATION, ID, BANK, BENEFIT = "accommodation", "id", "bank", "benefit"
SETTLED_AFTER, ETE_AFTER, GP_AFTER = "settled-after", "ete-after", "gp-after"
BANK_AFTER, ID_AFTER, BENEFIT_AFTER = "bank-after", "id-after", "benefit-after"
REVIEW_STARTED, BCST2_NEEDS = "review-started", "bcst2-needs-activity"
ACTIVITIES, LEVELS_2_3, NO_SERVICE = "activities", "levels-2-3", "no-service"
NEEDS_ACTIVITY = "needs-activity"


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    definition: str
    # "of the 40 <counted> at HMP Altcourse ..., 30 <met>"
    counted: str
    met: str
    # For a CRC (its resettlement prisons) or national (non-resettlement prisons serve no CRC).
    national: bool = False
    higher_is_better: bool = True
    # Further counts shown beside met and counted (activities: signposted, declined).
    parts: tuple[str, ...] = ()
    source: str = "R-A1"

    @property
    def short(self) -> str:
        """A short column heading for the tables with a column per figure."""
        return SHORT.get(self.key, self.title)


SHORT = {
    "bcst1": "BCST1",
    "bcst2-plan": "BCST2 and plan",
    "review": "Review",
    "review-started": "Review started",
    "handover": "Handover",
    "accommodation": "Safe first night",
    "id": "ID",
    "bank": "Bank account",
    "benefit": "Benefit claim",
    "settled-after": "Settled after release",
    "ete-after": "ETE after release",
    "gp-after": "GP after release",
    "bank-after": "Bank account after release",
    "id-after": "ID after release",
    "benefit-after": "Benefit claim after release",
    "activities": "Activities delivered",
    "levels-2-3": "Level 2 and 3 delivered",
    "needs-activity": "Needs with an activity",
    "bcst2-needs-activity": "BCST2 needs with an activity",
    "no-service": "No service",
}

_RELEASED = (
    "people released in the month from a prison that was a resettlement prison on the day of release, "
    "whose sentence gave them a release date (so a pre-release review was due 12 weeks before it); counted at the "
    "prison that released them, in the month of release"
)

FIGURES: tuple[Figure, ...] = (
    Figure(
        BCST1,
        "BCST1 within 72 hours",
        "Of the people received into custody in the month whose BCST1 was due, the share whose BCST1 was "
        "submitted within 72 hours of reception. Counted at the prison that received them, in the "
        "month of reception, even if they were moved to another prison afterwards.",
        "people received",
        "had their BCST1 within 72 hours",
        source="R-A1, T1",
    ),
    Figure(
        BCST2_PLAN,
        "BCST2 and plan on time",
        "Of the people whose BCST2 fell due in the month, the share with both their BCST2 submitted and their "
        "resettlement plan agreed by the deadline (5 working days after BCST1). Counted at the prison "
        "that received them, in the month the deadline fell. People with more than 4 years to serve, who get "
        "BCST1 only, are not counted.",
        "people with BCST2 due",
        "had BCST2 and an agreed plan by the deadline",
        source="R-A1, T2, T3",
    ),
    Figure(
        REVIEW,
        "Pre-release review before release",
        f"Of the {_RELEASED}, the share whose pre-release review was completed before they left.",
        "people released",
        "had their pre-release review completed before release",
        source="R-A1, T5",
    ),
    Figure(
        REVIEW_STARTED,
        "Pre-release review started on time",
        f"Of the {_RELEASED}, the share whose pre-release review was started (its first pathway answered) by the "
        "day it opened, 12 weeks before the release date; for someone with less than 12 weeks to serve after their "
        "plan was due, by the BCST2 deadline (or, with no BCST2 due, the day of reception). A review never started "
        "counts as not met. Reviews recorded before the start was stored count as started when they were completed.",
        "people released",
        "had their pre-release review started on time",
        source="R-A1, T5",
    ),
    Figure(
        HANDOVER,
        "Handover before release",
        f"Of the {_RELEASED}, the share handed over to their responsible officer before they left.",
        "people released",
        "were handed over before release",
        source="R-A1, T6",
    ),
    Figure(
        ACCOMMODATION,
        "Safe accommodation on the first night",
        f"Of the {_RELEASED}, the share recorded on the day of release as having settled, temporary or "
        "approved-premises accommodation for the first night, and that accommodation safe and suitable. "
        "Rough sleeping, not known, or nothing recorded, count as not met.",
        "people released",
        "had safe accommodation for the first night",
        source="R-A1, R-P5",
    ),
    Figure(
        ID,
        "Identification on release",
        f"Of the {_RELEASED}, the share recorded on the day of release as having identification.",
        "people released",
        "had identification",
        source="R-A1, R-P5",
    ),
    Figure(
        BANK,
        "Bank account on release",
        f"Of the {_RELEASED}, the share recorded on the day of release as having a bank account.",
        "people released",
        "had a bank account",
        source="R-A1, R-P5",
    ),
    Figure(
        BENEFIT,
        "Benefit claim on release",
        f"Of the {_RELEASED}, the share recorded on the day of release as having a benefit claim made.",
        "people released",
        "had a benefit claim made",
        source="R-A1, R-P5",
    ),
    Figure(
        SETTLED_AFTER,
        "Settled accommodation after release",
        f"Of the {_RELEASED}, the share whose outcome recorded some weeks after release says they live in settled "
        "accommodation. No outcome recorded after release counts as not met: what a plan achieved, not only that it "
        "exists.",
        "people released",
        "were in settled accommodation some weeks after release",
        source="R-A1, R-P5",
    ),
    Figure(
        ETE_AFTER,
        "Education, training or employment after release",
        f"Of the {_RELEASED}, the share whose outcome recorded some weeks after release says education, training "
        "or employment is arranged. No outcome recorded after release, or not known, counts as not met.",
        "people released",
        "had education, training or employment arranged some weeks after release",
        source="R-A1, R-P5",
    ),
    Figure(
        GP_AFTER,
        "Registered with a GP after release",
        f"Of the {_RELEASED}, the share whose outcome recorded some weeks after release says they are registered "
        "with a GP. No outcome recorded after release, or not known, counts as not met.",
        "people released",
        "were registered with a GP some weeks after release",
        source="R-A1, R-P5",
    ),
    *(
        Figure(
            key,
            f"{title} after release",
            f"Of the {_RELEASED}, the share whose outcome recorded some weeks after release says {says}. No outcome "
            "recorded after release, or no, or not known, counts as not met.",
            "people released",
            f"{met} some weeks after release",
            source="R-A1, R-P5",
        )
        for key, title, says, met in (
            (BANK_AFTER, "Bank account", "they have a bank account", "had a bank account"),
            (ID_AFTER, "Identification", "they have identification", "had identification"),
            (BENEFIT_AFTER, "Benefit claim", "a benefit claim has been made", "had a benefit claim made"),
        )
    ),
    Figure(
        ACTIVITIES,
        "Activities delivered",
        "Of the plan activities that ended in the month delivered, signposted or declined, the share delivered "
        "(the others were signposted to another agency, or declined by the person). Counted at the prison "
        "holding the person now (or that released them), in the month of the activity's last change.",
        "activities ended",
        "were delivered",
        parts=("signposted", "declined"),
        source="R-A1, R-P3",
    ),
    Figure(
        LEVELS_2_3,
        "Level 2 and 3 activities delivered",
        "Of the Level 2 and Level 3 plan activities (for a particular need, or further needs and vulnerabilities) "
        "that ended in the month delivered, signposted or declined, the share delivered. Counted at the "
        "prison holding the person now (or that released them), in the month of the activity's last change.",
        "Level 2 and 3 activities ended",
        "were delivered",
        parts=("signposted", "declined"),
        source="R-A1, R-P2",
    ),
    Figure(
        NEEDS_ACTIVITY,
        "Immediate needs with a plan activity",
        "Of the immediate needs flagged from BCST1 in the month (one for each need the answers showed, on its "
        "resettlement pathway; needs withdrawn by an amendment are not counted), the share whose person's "
        "resettlement plan has an activity, in any state, on that need's pathway. A need with no plan, or a plan "
        "with nothing on that pathway, counts as not met. Counted at the prison that received the person, in "
        "the month the need was flagged.",
        "immediate needs flagged",
        "had a plan activity on their pathway",
        source="R-A1, R-S3, R-P2",
    ),
    Figure(
        BCST2_NEEDS,
        "Needs found by BCST2 with a plan activity",
        "Of the needs BCST2 found in the month (one for each resettlement pathway its summary puts at some or "
        "significant need; a need gone in an amendment is not counted), the share whose person's resettlement "
        "plan has an activity, in any state, on that pathway. A need with no plan, or a plan with nothing on that "
        "pathway, counts as not met. Counted at the prison that received the person, in the month BCST2 first "
        "found the need. Only the needs of people received once the enhanced specification applied at the prison (its "
        "go-live date, or 1 April 2019) are counted: before that, no plan applied.",
        "needs found by BCST2",
        "had a plan activity on their pathway",
        source="R-A1, T2, R-P2",
    ),
    Figure(
        NO_SERVICE,
        "Released from non-resettlement prisons with no service",
        "Of the people released in the month from a prison that was not a resettlement prison on the day of "
        "release, whose sentence gave them a release date, the share with no resettlement plan and no TTG "
        "service bought for them from a rate card. Counted at the prison that released them. Lower is better.",
        "people released",
        "had no service",
        national=True,
        higher_is_better=False,
        source="R-A1, R-F2",
    ),
)
BY_KEY: dict[str, Figure] = {f.key: f for f in FIGURES}
CRC_FIGURES: tuple[Figure, ...] = tuple(f for f in FIGURES if not f.national)
NATIONAL_FIGURES: tuple[Figure, ...] = tuple(f for f in FIGURES if f.national)


@dataclass(frozen=True)
class Cell:
    """The counts of one figure for one place and period: met of counted, and any further parts."""

    met: int = 0
    of: int = 0
    parts: tuple[int, ...] = ()

    def __add__(self, other: Cell) -> Cell:
        width = max(len(self.parts), len(other.parts))
        mine, theirs = self.parts + (0,) * (width - len(self.parts)), other.parts + (0,) * (width - len(other.parts))
        return Cell(self.met + other.met, self.of + other.of, tuple(a + b for a, b in zip(mine, theirs, strict=True)))

    @property
    def rate(self) -> int | None:
        return rate(self.met, self.of)


EMPTY = Cell()


def rate(met: int, of: int) -> int | None:
    """The whole percentage, rounded half up; None when nothing was counted (an empty month is not 0%)."""
    if of <= 0:
        return None
    return (met * 200 + of) // (of * 2)


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def window(today: date, months: int = WINDOW_MONTHS) -> list[date]:
    """The first day of each month of the window, oldest first, ending with the current month."""
    last = month_start(today)
    return [add_months(last, n) for n in range(1 - months, 1)]


def summary_months(today: date, months: int = SUMMARY_MONTHS) -> list[date]:
    """The last full months, oldest first (the current month is left out: it is still filling)."""
    last = add_months(month_start(today), -1)
    return [add_months(last, n) for n in range(1 - months, 1)]


Key = tuple[int, date]  # (prison id, first day of the month)


def total(cells: Mapping[Key, Cell], prisons: Iterable[int] | None = None, months: Iterable[date] | None = None) -> Cell:
    """The sum over some prisons and months (all when None)."""
    wanted_prisons = None if prisons is None else set(prisons)
    wanted_months = None if months is None else set(months)
    result = EMPTY
    for (prison, month), cell in cells.items():
        if (wanted_prisons is None or prison in wanted_prisons) and (wanted_months is None or month in wanted_months):
            result = result + cell
    return result


def by_month(cells: Mapping[Key, Cell], months: Iterable[date], prisons: Iterable[int] | None = None) -> list[tuple[date, Cell]]:
    """Each month of the window with its counts (empty months included, as empty cells)."""
    wanted = None if prisons is None else set(prisons)
    sums: dict[date, Cell] = {}
    for (prison, month), cell in cells.items():
        if wanted is None or prison in wanted:
            sums[month] = sums.get(month, EMPTY) + cell
    return [(month, sums.get(month, EMPTY)) for month in months]


def by_prison(cells: Mapping[Key, Cell], months: Iterable[date]) -> dict[int, Cell]:
    wanted = set(months)
    sums: dict[int, Cell] = {}
    for (prison, month), cell in cells.items():
        if month in wanted:
            sums[prison] = sums.get(prison, EMPTY) + cell
    return sums


def month_words(month: date) -> str:
    return f"{month:%B} {month.year}"


def period_words(months: list[date]) -> str:
    """ "from September 2018 to August 2019", or "in August 2019"."""
    if not months:
        return ""
    if len(months) == 1:
        return f"in {month_words(months[0])}"
    return f"from {month_words(months[0])} to {month_words(months[-1])}"


def sentence(figure: Figure, cell: Cell, where: str, when: str) -> str:
    """The big number's sentence: what the percentage is of, in words."""
    if cell.of == 0:
        return f"No {figure.counted} at {where} {when}: nothing to measure."
    counted = figure.counted
    if cell.of == 1:
        counted = counted.replace("people", "person", 1).replace("activities", "activity", 1)
    return f"{cell.met} of {cell.of} {counted} at {where} {when} {figure.met}."


@dataclass
class Glance:
    """One CRC (or prison) at a glance: its rate on each figure over the summary months."""

    key: str
    name: str
    rates: dict[str, int | None] = field(default_factory=dict)

    @property
    def weakest(self) -> tuple[str, int] | None:
        """The figure it does worst on, as (key, rate); figures with nothing counted are left out."""
        scored = [(self.score(key), key) for key in self.rates if self.rates[key] is not None]
        if not scored:
            return None
        _, key = min(scored)
        return key, self.rates[key]  # type: ignore[return-value]

    def score(self, key: str) -> int:
        """Higher is better, whichever way the figure points."""
        value = self.rates[key]
        assert value is not None
        return value if BY_KEY[key].higher_is_better else 100 - value

    @property
    def mean(self) -> float | None:
        scores = [self.score(key) for key in self.rates if self.rates[key] is not None]
        return sum(scores) / len(scores) if scores else None


def weakest_first(glances: Iterable[Glance]) -> list[Glance]:
    """Weakest first: by the lowest figure, then the mean of all; those with nothing counted last, by name.

    They are compared on the figures every one of them (with anything counted) has counted, when there are
    any: a figure one of them has nothing to count on moves none of them up or down."""
    listed = list(glances)
    counted = [{key for key, rate in g.rates.items() if rate is not None} for g in listed]
    common = set.intersection(*[keys for keys in counted if keys]) if any(counted) else set()

    def order(glance: Glance) -> tuple[bool, float, float, str]:
        seen = glance if not common else Glance(glance.key, glance.name, {k: v for k, v in glance.rates.items() if k in common})
        weakest, mean = seen.weakest, seen.mean
        if weakest is None or mean is None or glance.weakest is None:
            return (True, 0.0, 0.0, glance.name)
        return (False, float(seen.score(weakest[0])), mean, glance.name)

    return sorted(listed, key=order)
