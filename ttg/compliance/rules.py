"""Compliance with the specification (R-A1): what each figure counts, in words, and the arithmetic on
its counts. Plain Python: the counting itself is SQL over stored state (selectors.py); this module
only names the figures, chooses the months, and adds up and words the counts the database returned
(one row per prison and month, never one per case).

No rule table: the figures apply no rule of their own. They read the decisions the screening, plan,
gate and handover rules stored (the BCST1 and BCST2 deadlines, T1 and T2; the pre-release window, T5).

The words of a figure (title, definition, what it counts) are in the reader's language (issue 22,
docs/welsh.md): the table keeps them in English, marked with `gettext_noop`, and `Figure`'s properties
translate them when they are read. The API reads them inside `translation.override("en-gb")`: it stays English.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from ttg.core.rules import _, format_date, gettext_noop, ngettext

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
    """A figure, its words kept in English (marked for translation) and read in the reader's language."""

    key: str
    english_title: str
    # The definition; "%(released)s" stands for RELEASED, the people most figures count.
    english_definition: str
    # "of the 40 <counted> at HMP Altcourse ..., 30 <met>"
    english_counted: str
    english_met: str
    # For a CRC (its resettlement prisons) or national (non-resettlement prisons serve no CRC).
    national: bool = False
    higher_is_better: bool = True
    # Further counts shown beside met and counted (activities: signposted, declined); the API's field names.
    parts: tuple[str, ...] = ()
    source: str = "R-A1"

    @property
    def title(self) -> str:
        return _(self.english_title)

    @property
    def definition(self) -> str:
        return _(self.english_definition) % {"released": _(RELEASED)}

    @property
    def counted(self) -> str:
        """What is counted, as a column heading says it ("people received")."""
        return _(self.english_counted)

    @property
    def met(self) -> str:
        return _(self.english_met)

    @property
    def part_words(self) -> tuple[str, ...]:
        """The further counts' names as headings say them ("signposted", "declined")."""
        return tuple(_(part) for part in self.parts)

    @property
    def short(self) -> str:
        """A short column heading for the tables with a column per figure."""
        return _(SHORT.get(self.key, self.english_title))


SHORT = {
    "bcst1": gettext_noop("BCST1"),
    "bcst2-plan": gettext_noop("BCST2 and plan"),
    "review": gettext_noop("Review"),
    "review-started": gettext_noop("Review started"),
    "handover": gettext_noop("Handover"),
    "accommodation": gettext_noop("Safe first night"),
    "id": gettext_noop("ID"),
    "bank": gettext_noop("Bank account"),
    "benefit": gettext_noop("Benefit claim"),
    "settled-after": gettext_noop("Settled after release"),
    "ete-after": gettext_noop("ETE after release"),
    "gp-after": gettext_noop("GP after release"),
    "bank-after": gettext_noop("Bank account after release"),
    "id-after": gettext_noop("ID after release"),
    "benefit-after": gettext_noop("Benefit claim after release"),
    "activities": gettext_noop("Activities delivered"),
    "levels-2-3": gettext_noop("Level 2 and 3 delivered"),
    "needs-activity": gettext_noop("Needs with an activity"),
    "bcst2-needs-activity": gettext_noop("BCST2 needs with an activity"),
    "no-service": gettext_noop("No service"),
}

RELEASED = gettext_noop(
    "people released in the month from a prison that was a resettlement prison on the day of release, "
    "whose sentence gave them a release date (so a pre-release review was due 12 weeks before it); counted at the "
    "prison that released them, in the month of release"
)
SIGNPOSTED, DECLINED = gettext_noop("signposted"), gettext_noop("declined")

FIGURES: tuple[Figure, ...] = (
    Figure(
        BCST1,
        gettext_noop("BCST1 within 72 hours"),
        gettext_noop(
            "Of the people received into custody in the month whose BCST1 was due, the share whose BCST1 was "
            "submitted within 72 hours of reception. Counted at the prison that received them, in the "
            "month of reception, even if they were moved to another prison afterwards."
        ),
        gettext_noop("people received"),
        gettext_noop("had their BCST1 within 72 hours"),
        source="R-A1, T1",
    ),
    Figure(
        BCST2_PLAN,
        gettext_noop("BCST2 and plan on time"),
        gettext_noop(
            "Of the people whose BCST2 fell due in the month, the share with both their BCST2 submitted and their "
            "resettlement plan agreed by the deadline (5 working days after BCST1). Counted at the prison "
            "that received them, in the month the deadline fell. People with more than 4 years to serve, who get "
            "BCST1 only, are not counted."
        ),
        gettext_noop("people with BCST2 due"),
        gettext_noop("had BCST2 and an agreed plan by the deadline"),
        source="R-A1, T2, T3",
    ),
    Figure(
        REVIEW,
        gettext_noop("Pre-release review before release"),
        gettext_noop("Of the %(released)s, the share whose pre-release review was completed before they left."),
        gettext_noop("people released"),
        gettext_noop("had their pre-release review completed before release"),
        source="R-A1, T5",
    ),
    Figure(
        REVIEW_STARTED,
        gettext_noop("Pre-release review started on time"),
        gettext_noop(
            "Of the %(released)s, the share whose pre-release review was started (its first pathway answered) by the "
            "day it opened, 12 weeks before the release date; for someone with less than 12 weeks to serve after their "
            "plan was due, by the BCST2 deadline (or, with no BCST2 due, the day of reception). A review never started "
            "counts as not met. Reviews recorded before the start was stored count as started when they were completed."
        ),
        gettext_noop("people released"),
        gettext_noop("had their pre-release review started on time"),
        source="R-A1, T5",
    ),
    Figure(
        HANDOVER,
        gettext_noop("Handover before release"),
        gettext_noop("Of the %(released)s, the share handed over to their responsible officer before they left."),
        gettext_noop("people released"),
        gettext_noop("were handed over before release"),
        source="R-A1, T6",
    ),
    Figure(
        ACCOMMODATION,
        gettext_noop("Safe accommodation on the first night"),
        gettext_noop(
            "Of the %(released)s, the share recorded on the day of release as having settled, temporary or "
            "approved-premises accommodation for the first night, and that accommodation safe and suitable. "
            "Rough sleeping, not known, or nothing recorded, count as not met."
        ),
        gettext_noop("people released"),
        gettext_noop("had safe accommodation for the first night"),
        source="R-A1, R-P5",
    ),
    Figure(
        ID,
        gettext_noop("Identification on release"),
        gettext_noop("Of the %(released)s, the share recorded on the day of release as having identification."),
        gettext_noop("people released"),
        gettext_noop("had identification"),
        source="R-A1, R-P5",
    ),
    Figure(
        BANK,
        gettext_noop("Bank account on release"),
        gettext_noop("Of the %(released)s, the share recorded on the day of release as having a bank account."),
        gettext_noop("people released"),
        gettext_noop("had a bank account"),
        source="R-A1, R-P5",
    ),
    Figure(
        BENEFIT,
        gettext_noop("Benefit claim on release"),
        gettext_noop("Of the %(released)s, the share recorded on the day of release as having a benefit claim made."),
        gettext_noop("people released"),
        gettext_noop("had a benefit claim made"),
        source="R-A1, R-P5",
    ),
    Figure(
        SETTLED_AFTER,
        gettext_noop("Settled accommodation after release"),
        gettext_noop(
            "Of the %(released)s, the share whose outcome recorded some weeks after release says they live in settled "
            "accommodation. No outcome recorded after release counts as not met: what a plan achieved, not only that it "
            "exists."
        ),
        gettext_noop("people released"),
        gettext_noop("were in settled accommodation some weeks after release"),
        source="R-A1, R-P5",
    ),
    Figure(
        ETE_AFTER,
        gettext_noop("Education, training or employment after release"),
        gettext_noop(
            "Of the %(released)s, the share whose outcome recorded some weeks after release says education, training "
            "or employment is arranged. No outcome recorded after release, or not known, counts as not met."
        ),
        gettext_noop("people released"),
        gettext_noop("had education, training or employment arranged some weeks after release"),
        source="R-A1, R-P5",
    ),
    Figure(
        GP_AFTER,
        gettext_noop("Registered with a GP after release"),
        gettext_noop(
            "Of the %(released)s, the share whose outcome recorded some weeks after release says they are registered "
            "with a GP. No outcome recorded after release, or not known, counts as not met."
        ),
        gettext_noop("people released"),
        gettext_noop("were registered with a GP some weeks after release"),
        source="R-A1, R-P5",
    ),
    Figure(
        BANK_AFTER,
        gettext_noop("Bank account after release"),
        gettext_noop(
            "Of the %(released)s, the share whose outcome recorded some weeks after release says they have a bank "
            "account. No outcome recorded after release, or no, or not known, counts as not met."
        ),
        gettext_noop("people released"),
        gettext_noop("had a bank account some weeks after release"),
        source="R-A1, R-P5",
    ),
    Figure(
        ID_AFTER,
        gettext_noop("Identification after release"),
        gettext_noop(
            "Of the %(released)s, the share whose outcome recorded some weeks after release says they have "
            "identification. No outcome recorded after release, or no, or not known, counts as not met."
        ),
        gettext_noop("people released"),
        gettext_noop("had identification some weeks after release"),
        source="R-A1, R-P5",
    ),
    Figure(
        BENEFIT_AFTER,
        gettext_noop("Benefit claim after release"),
        gettext_noop(
            "Of the %(released)s, the share whose outcome recorded some weeks after release says a benefit claim has "
            "been made. No outcome recorded after release, or no, or not known, counts as not met."
        ),
        gettext_noop("people released"),
        gettext_noop("had a benefit claim made some weeks after release"),
        source="R-A1, R-P5",
    ),
    Figure(
        ACTIVITIES,
        gettext_noop("Activities delivered"),
        gettext_noop(
            "Of the plan activities that ended in the month delivered, signposted or declined, the share delivered "
            "(the others were signposted to another agency, or declined by the person). Counted at the prison "
            "holding the person now (or that released them), in the month of the activity's last change."
        ),
        gettext_noop("activities ended"),
        gettext_noop("were delivered"),
        parts=(SIGNPOSTED, DECLINED),
        source="R-A1, R-P3",
    ),
    Figure(
        LEVELS_2_3,
        gettext_noop("Level 2 and 3 activities delivered"),
        gettext_noop(
            "Of the Level 2 and Level 3 plan activities (for a particular need, or further needs and vulnerabilities) "
            "that ended in the month delivered, signposted or declined, the share delivered. Counted at the "
            "prison holding the person now (or that released them), in the month of the activity's last change."
        ),
        gettext_noop("Level 2 and 3 activities ended"),
        gettext_noop("were delivered"),
        parts=(SIGNPOSTED, DECLINED),
        source="R-A1, R-P2",
    ),
    Figure(
        NEEDS_ACTIVITY,
        gettext_noop("Immediate needs with a plan activity"),
        gettext_noop(
            "Of the immediate needs flagged from BCST1 in the month (one for each need the answers showed, on its "
            "resettlement pathway; needs withdrawn by an amendment are not counted), the share whose person's "
            "resettlement plan has an activity, in any state, on that need's pathway. A need with no plan, or a plan "
            "with nothing on that pathway, counts as not met. Counted at the prison that received the person, in "
            "the month the need was flagged."
        ),
        gettext_noop("immediate needs flagged"),
        gettext_noop("had a plan activity on their pathway"),
        source="R-A1, R-S3, R-P2",
    ),
    Figure(
        BCST2_NEEDS,
        gettext_noop("Needs found by BCST2 with a plan activity"),
        gettext_noop(
            "Of the needs BCST2 found in the month (one for each resettlement pathway its summary puts at some or "
            "significant need; a need gone in an amendment is not counted), the share whose person's resettlement "
            "plan has an activity, in any state, on that pathway. A need with no plan, or a plan with nothing on that "
            "pathway, counts as not met. Counted at the prison that received the person, in the month BCST2 first "
            "found the need. Only the needs of people received once the enhanced specification applied at the prison (its "
            "go-live date, or 1 April 2019) are counted: before that, no plan applied."
        ),
        gettext_noop("needs found by BCST2"),
        gettext_noop("had a plan activity on their pathway"),
        source="R-A1, T2, R-P2",
    ),
    Figure(
        NO_SERVICE,
        gettext_noop("Released from non-resettlement prisons with no service"),
        gettext_noop(
            "Of the people released in the month from a prison that was not a resettlement prison on the day of "
            "release, whose sentence gave them a release date, the share with no resettlement plan and no TTG "
            "service bought for them from a rate card. Counted at the prison that released them. Lower is better."
        ),
        gettext_noop("people released"),
        gettext_noop("had no service"),
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
    """ "August 2019", "Awst 2019": the month's date in the reader's language without its day (the same words)."""
    return format_date(month.replace(day=1)).split(" ", 1)[1]


def period_words(months: list[date]) -> str:
    """ "from September 2018 to August 2019", or "in August 2019"."""
    if not months:
        return ""
    if len(months) == 1:
        return _("in %(month)s") % {"month": month_words(months[0])}
    return _("from %(first)s to %(last)s") % {"first": month_words(months[0]), "last": month_words(months[-1])}


# How many a figure counted, with the number: for each figure's `english_counted`, its singular and plural.
_COUNTED_NUMBER: dict[str, Callable[[int], str]] = {
    "people received": lambda n: ngettext("%(num)d person received", "%(num)d people received", n),
    "people with BCST2 due": lambda n: ngettext("%(num)d person with BCST2 due", "%(num)d people with BCST2 due", n),
    "people released": lambda n: ngettext("%(num)d person released", "%(num)d people released", n),
    "activities ended": lambda n: ngettext("%(num)d activity ended", "%(num)d activities ended", n),
    "Level 2 and 3 activities ended": lambda n: ngettext(
        "%(num)d Level 2 and 3 activity ended", "%(num)d Level 2 and 3 activities ended", n
    ),
    # The English of the singular was always the plural's ("1 of 1 immediate needs flagged"); kept as it was.
    "immediate needs flagged": lambda n: ngettext("%(num)d immediate needs flagged", "%(num)d immediate needs flagged", n),
    "needs found by BCST2": lambda n: ngettext("%(num)d needs found by BCST2", "%(num)d needs found by BCST2", n),
}


def sentence(figure: Figure, cell: Cell, where: str, when: str) -> str:
    """The big number's sentence: what the percentage is of, in words."""
    if cell.of == 0:
        return _("No %(counted)s at %(where)s %(when)s: nothing to measure.") % {"counted": figure.counted, "where": where, "when": when}
    counted = _COUNTED_NUMBER[figure.english_counted](cell.of) % {"num": cell.of}
    return _("%(met)d of %(counted)s at %(where)s %(when)s %(outcome)s.") % {
        "met": cell.met,
        "counted": counted,
        "where": where,
        "when": when,
        "outcome": figure.met,
    }


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
        _score, key = min(scored)
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
