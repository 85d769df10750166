"""Evaluation (R-E1, R-E2): how the figures of the insights pages are made honest. Pure functions over
plain values: no Django, no database, no clock.

- E1 a rate with its 95% Wilson score interval (`rate`, `wilson`);
- E2 small numbers hidden, and a second number hidden beside a lone hidden one so that a published
  total cannot reveal it (`suppress`);
- E3 the disparity ratio of a group's rate against the whole population's (`disparity`);
- E4 the cohorts' bands: sentence length, age at release, the ONS ethnic groups, the quarters of the
  evaluation window (`sentence_band`, `age_band`, `ethnic_group`, `quarters`);
- E5 the uplift of the cost per person on the cost before the enhanced specification (`uplift`).

The counts come from the database (set-based SQL over stored records, `selectors.py`); these rules
only turn counts into what is published.

Reasons and labels are in the reader's language (issue 22, docs/welsh.md): `_` and `ngettext` from
`ttg.core.rules`; the bands' labels are kept in English, marked with `gettext_noop`, and translated where
they are read (`constants.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from math import sqrt

from ttg.core.rules import Decision, Rule, _, format_date, gettext_noop, only_version, register_rules

RULES: tuple[Rule, ...] = register_rules(
    (
        Rule(
            id="E1",
            title="Rates and their 95% confidence intervals",
            value="a rate is the count of people with the outcome over the count of people it was recorded for, with its 95% Wilson score interval (z = 1.96)",
            in_force_from=None,
            source="Wilson, E. B. (1927), Probable inference, the law of succession, and statistical inference; Issue 21 (insights and evaluation)",
        ),
        Rule(
            id="E2",
            title="Small numbers hidden",
            value="a count from 1 to one below the threshold (10) is hidden, with the rate made from it; where one count of a breakdown whose total is published is hidden, the next smallest is hidden too",
            in_force_from=None,
            source="Unsourced: issue 21 gives fewer than 10 as its example",
            setting="TTG_INSIGHTS_SUPPRESS_BELOW",
        ),
        Rule(
            id="E3",
            title="Disparity ratio",
            value="a group's rate divided by the whole population's rate; not given when either is hidden or the population's rate is 0; a difference is called notable when the group's 95% interval leaves out the population's rate",
            in_force_from=None,
            source="The Lammy Review (2017) and Ministry of Justice, Statistics on Race and the Criminal Justice System (relative rate index); Service brief R-E1",
        ),
        Rule(
            id="E4",
            title="Cohort bands",
            value="sentence length under 12 months (under 365 days), 12 months to 4 years (up to 1,461 days), over 4 years; age at release in the Offender Management Statistics' groups; ethnicity in the five ONS 2011 groups; the quarters of the evaluation window",
            in_force_from=None,
            source="Issue 21 (insights and evaluation); facts T3 (more than four years); Offender Management Statistics (MoJ); ONS 2011 ethnic group classification",
        ),
        Rule(
            id="E5",
            title="Uplift on the cost before the enhanced specification",
            value="the cost per person released less the cost per person before the enhanced specification (the baseline), in pence, and the one as a multiple of the other; not given while the baseline is not set, or when the cost per person is hidden",
            in_force_from=None,
            source="Issue 21 (insights and evaluation: the cost of TTG before the enhanced specification as a baseline, so the uplift can be read); the baseline's value is unsourced",
            setting="TTG_INSIGHTS_BASELINE_COST_PER_PERSON_PENCE",
        ),
    ),
    part="Evaluation rules",
)

E1, E2, E3, E4, E5 = (only_version(rule_id, RULES) for rule_id in ("E1", "E2", "E3", "E4", "E5"))

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution


# --- E1 rates -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


def wilson(successes: int, trials: int, z: float = Z95) -> Interval | None:
    """The Wilson score interval of successes/trials; None when there were no trials (E1)."""
    if trials < 0 or successes < 0 or successes > trials:
        raise ValueError(f"Impossible counts: {successes} of {trials}")
    if trials == 0:
        return None
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z * sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denominator
    # At 0 and at every trial the interval touches the end exactly (rounding aside).
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return Interval(low, high)


@dataclass(frozen=True)
class Rate:
    """A rate as published: its counts, its value and interval, or hidden (E2) with the reason."""

    numerator: int
    denominator: int
    hidden: bool = False

    @property
    def value(self) -> float | None:
        if self.hidden or self.denominator == 0:
            return None
        return self.numerator / self.denominator

    @property
    def interval(self) -> Interval | None:
        if self.hidden:
            return None
        return wilson(self.numerator, self.denominator)


def rate(numerator: int, denominator: int) -> Rate:
    if numerator < 0 or numerator > denominator:
        raise ValueError(f"Impossible counts: {numerator} of {denominator}")
    return Rate(numerator, denominator)


# --- E2 small numbers -----------------------------------------------------------------------------


def is_small(count: int, below: int) -> bool:
    """Primary suppression: 1 to below - 1 (a count of 0 reveals nobody and is shown)."""
    return 0 < count < below


def suppress(counts: Sequence[int], *, below: int, total_published: bool = True) -> Decision[tuple[bool, ...]]:
    """Which counts of one breakdown to hide (E2). `counts` are the cells whose sum is the published
    total (`total_published`: the groups partition the population, like sex or prison). A small count
    is hidden (primary); when exactly one is, the smallest of the others is hidden too (secondary), so
    that the total less the shown counts cannot reveal it."""
    if below < 1:
        raise ValueError("The threshold must be at least 1")
    hidden = [is_small(c, below) for c in counts]
    reasons: list[str] = []
    for i, c in enumerate(counts):
        if hidden[i]:
            reasons.append(
                _("Count %(num)d is hidden: %(count)d is fewer than %(below)d (%(rule)s).")
                % {"num": i + 1, "count": c, "below": below, "rule": E2.citation}
            )
    if total_published and sum(hidden) == 1 and len(counts) > 1:
        others = [(c, i) for i, c in enumerate(counts) if not hidden[i]]
        _count, second = min(others)
        hidden[second] = True
        reasons.append(
            _("Count %(num)d is hidden too, so that the total cannot reveal the other hidden count (%(rule)s).")
            % {"num": second + 1, "rule": E2.citation}
        )
    if not reasons:
        reasons.append(_("No count is fewer than %(below)d (%(rule)s).") % {"below": below, "rule": E2.citation})
    return Decision(tuple(hidden), tuple(reasons))


def suppress_rates(rates: Sequence[Rate], *, below: int, total_published: bool = True) -> list[Rate]:
    """The rates of one breakdown as published: a rate is hidden when its numerator or its denominator is
    (E2, on each of the two breakdowns of counts)."""
    numerators = suppress([r.numerator for r in rates], below=below, total_published=total_published).value
    denominators = suppress([r.denominator for r in rates], below=below, total_published=total_published).value
    return [Rate(r.numerator, r.denominator, hidden=r.hidden or n or d) for r, n, d in zip(rates, numerators, denominators, strict=True)]


# --- E3 disparity ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Disparity:
    ratio: float | None
    notable: bool  # the group's 95% interval leaves out the population's rate


def disparity(group: Rate, population: Rate, *, group_name: str | None = None) -> Decision[Disparity]:
    """The group's rate over the whole population's (E3), and whether the difference is notable.
    `group_name` defaults to "This group" in the reader's language."""
    g, p = group.value, population.value
    if g is None or p is None:
        return Decision(Disparity(None, False), (_("No ratio: a rate is hidden or has no one in it (%(rule)s).") % {"rule": E3.citation},))
    if p == 0:
        return Decision(Disparity(None, False), (_("No ratio: the whole population's rate is 0%% (%(rule)s).") % {"rule": E3.citation},))
    ratio = g / p
    interval = group.interval
    notable = interval is not None and (interval.low > p or interval.high < p)
    said = {
        "group": group_name or _("This group"),
        "rate": percent(g),
        "everyone": percent(p),
        "ratio": f"{ratio:.2f}",
        "rule": E3.citation,
    }
    if notable:
        words = _("%(group)s: %(rate)s against %(everyone)s for everyone, a ratio of %(ratio)s, a notable difference (%(rule)s).")
    else:
        words = _("%(group)s: %(rate)s against %(everyone)s for everyone, a ratio of %(ratio)s, within what chance would give (%(rule)s).")
    return Decision(Disparity(ratio, notable), (words % said,))


def percent(value: float | None) -> str:
    """ "45%", "4.5%" (one decimal under 10%); "" for None."""
    if value is None:
        return ""
    pct = value * 100
    if pct != 0 and abs(pct) < 10:
        return f"{pct:.1f}%"
    return f"{pct:.0f}%"


# --- E5 uplift ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Uplift:
    pence: int  # the cost per person less the baseline (negative: cheaper than before)
    times: float | None  # the cost per person as a multiple of the baseline (None for a baseline of 0)


def uplift(cost_per_person_pence: int | None, baseline_pence: int | None) -> Decision[Uplift | None]:
    """The cost per person against the cost per person before the enhanced specification (E5)."""
    if baseline_pence is None:
        return Decision(
            None, (_("No uplift: the cost per person before the enhanced specification is not set (%(rule)s).") % {"rule": E5.citation},)
        )
    if cost_per_person_pence is None:
        return Decision(
            None, (_("No uplift: the cost per person is hidden or there is nobody to share it (%(rule)s).") % {"rule": E5.citation},)
        )
    difference = cost_per_person_pence - baseline_pence
    times = cost_per_person_pence / baseline_pence if baseline_pence else None
    said = {
        "amount": pounds(abs(difference)),
        "baseline": pounds(baseline_pence),
        "times": f"{times:.2f}" if times is not None else "",
        "rule": E5.citation,
    }
    # One sentence for each alternative: more or less than before, with the multiple or (a baseline of 0) without.
    if times is None:
        if difference >= 0:
            words = _("%(amount)s a person more than before the enhanced specification (%(baseline)s) (%(rule)s).")
        else:
            words = _("%(amount)s a person less than before the enhanced specification (%(baseline)s) (%(rule)s).")
    elif difference >= 0:
        words = _(
            "%(amount)s a person more than before the enhanced specification (%(baseline)s), %(times)s times the baseline (%(rule)s)."
        )
    else:
        words = _(
            "%(amount)s a person less than before the enhanced specification (%(baseline)s), %(times)s times the baseline (%(rule)s)."
        )
    return Decision(Uplift(difference, times), (words % said,))


def pounds(pence: int) -> str:
    """ "£1,234.50" """
    return f"£{pence // 100:,}.{pence % 100:02d}"


# --- E4 bands -------------------------------------------------------------------------------------

UNDER_12_MONTHS_DAYS = 365  # a sentence of fewer days is under 12 months
FOUR_YEARS_DAYS = 1461  # 4 years of 365¼ days: more than this is over 4 years (facts T3: strictly greater)

SENTENCE_BANDS = (
    ("under_12_months", gettext_noop("Under 12 months")),
    ("12_months_to_4_years", gettext_noop("12 months to 4 years")),
    ("over_4_years", gettext_noop("Over 4 years")),
    ("not_known", gettext_noop("Not known or indeterminate")),
)


def sentence_band(days: int | None) -> str:
    """The band of a determinate sentence's length in days (E4); None: not known or indeterminate."""
    if days is None:
        return "not_known"
    if days < UNDER_12_MONTHS_DAYS:
        return "under_12_months"
    if days <= FOUR_YEARS_DAYS:
        return "12_months_to_4_years"
    return "over_4_years"


# Age at release: the lower bound of each group (Offender Management Statistics' age groups).
AGE_BANDS = (
    (0, "under_18", gettext_noop("Under 18")),
    (18, "18_20", gettext_noop("18 to 20")),
    (21, "21_24", gettext_noop("21 to 24")),
    (25, "25_29", gettext_noop("25 to 29")),
    (30, "30_39", gettext_noop("30 to 39")),
    (40, "40_49", gettext_noop("40 to 49")),
    (50, "50_59", gettext_noop("50 to 59")),
    (60, "60_over", gettext_noop("60 and over")),
)


def age_on(born: date, on: date) -> int:
    """Whole years of age on a day."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_band(age: int) -> str:
    found = AGE_BANDS[0][1]
    for lowest, code, _label in AGE_BANDS:
        if age >= lowest:
            found = code
    return found


# ONS 2011 ethnic groups: the first letter of the code (ttg.people.feed.ETHNICITY_CODES).
ETHNIC_GROUPS = (
    ("W", gettext_noop("White")),
    ("M", gettext_noop("Mixed or multiple ethnic groups")),
    ("A", gettext_noop("Asian or Asian British")),
    ("B", gettext_noop("Black, African, Caribbean or Black British")),
    ("O", gettext_noop("Other ethnic group")),
)
NOT_STATED = "not_stated"


def ethnic_group(code: str) -> str:
    """ "W", "M", "A", "B", "O", or "not_stated" (blank, NS or unknown)."""
    letter = code[:1]
    return letter if code and code != "NS" and any(letter == g for g, _label in ETHNIC_GROUPS) else NOT_STATED


@dataclass(frozen=True)
class Quarter:
    code: str  # "2019-q1": the first quarter of the financial year starting April 2019
    starts: date
    ends: date  # inclusive

    @property
    def label(self) -> str:
        """ "April to June 2019", in the reader's language."""
        return _("%(first)s to %(last)s %(year)s") % {
            "first": _month_name(self.starts),
            "last": _month_name(self.ends),
            "year": self.ends.year,
        }

    @property
    def words(self) -> str:
        """ "1 April 2019 to 30 June 2019", in the reader's language."""
        return _("%(start)s to %(end)s") % {"start": format_date(self.starts), "end": format_date(self.ends)}


def _month_name(day: date) -> str:
    """ "April", "Ebrill": the month of a date in the reader's language (the middle word of its date)."""
    return format_date(day).split(" ")[1]


def quarters(start: date, count: int) -> tuple[Quarter, ...]:
    """`count` consecutive quarters of three calendar months from `start` (the first day of a month)."""
    if start.day != 1:
        raise ValueError("The window starts on the first day of a month")
    found = []
    year, month = start.year, start.month
    for i in range(count):
        first = date(year, month, 1)
        end_month, end_year = month + 3, year
        if end_month > 12:
            end_month, end_year = end_month - 12, end_year + 1
        last = date.fromordinal(date(end_year, end_month, 1).toordinal() - 1)
        found.append(Quarter(f"q{i + 1}", first, last))
        year, month = end_year, end_month
    return tuple(found)
