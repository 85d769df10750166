"""The rule framework: every rule of the service as data, and the pure helpers its decisions share.

A rule table is a tuple of `Rule`s (one row per version: id, what it decides, its value, the day it
came into force, its source, and the setting that holds an unsourced value). Each app keeps its own
table in its own `rules.py` and registers it here (`register_rules`), so that a rule's versions can
be found, `docs/rules.md` can be checked against every table, and ids never clash. A decision is a
`Decision(value, reasons)`: the reasons say in plain English why, each naming its rule and version.

No Django here, as in every `rules.py`: the standard library, `dateutil` and `holidays` only. Never
asks the clock: "today" is an argument.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

import holidays
from dateutil.relativedelta import relativedelta

T = TypeVar("T")

LONDON = ZoneInfo("Europe/London")


# --------------------------------------------------------------------------------------------------
# Rules and decisions
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One row of the rule table. Versions of one rule share the id and differ by ``in_force_from``."""

    id: str
    title: str
    value: str
    in_force_from: date | None  # None = from the start of the service
    source: str
    setting: str | None = None  # the Django setting that holds the value when it is unsourced

    @property
    def in_force_until(self) -> date | None:
        """The last day of this version: the day before the next version of the rule came into force."""
        later = [
            r.in_force_from
            for table in RULE_TABLES
            for r in table
            if r.id == self.id and r.in_force_from and r.in_force_from > (self.in_force_from or date.min)
        ]
        return min(later) - timedelta(days=1) if later else None

    @property
    def in_force_words(self) -> str:
        """ "in force from 1 October 2018", "in force until 30 September 2018", "in force throughout the service"."""
        if self.in_force_from is not None:
            return f"in force from {format_date(self.in_force_from)}"
        until = self.in_force_until
        return f"in force until {format_date(until)}" if until else "in force throughout the service"

    @property
    def citation(self) -> str:
        """ "rule T3, in force from 1 October 2018" — what every reason ends with; names the setting that holds an unsourced value."""
        setting = f"; the value is setting {self.setting}" if self.setting else ""
        return f"rule {self.id}, {self.in_force_words}{setting}"


# Every rule table of the service, in the order the apps registered them: where a rule's later
# versions are looked up. TABLE_PARTS names each table's part of docs/rules.md ("# Screening rules"),
# which a test checks against the table both ways.
RULE_TABLES: list[tuple[Rule, ...]] = []
TABLE_PARTS: dict[str, tuple[Rule, ...]] = {}


def register_rules(table: tuple[Rule, ...], *, part: str) -> tuple[Rule, ...]:
    """Add an app's rule table to the service's (at import of its rules.py), under its part of
    docs/rules.md; returns the table. A part belongs to one table only."""
    if part in TABLE_PARTS and TABLE_PARTS[part] != table:
        raise ValueError(f"Two rule tables are registered as {part!r}")
    if part not in TABLE_PARTS:
        RULE_TABLES.append(table)
        TABLE_PARTS[part] = table
    return table


def rule_in_force(rule_id: str, on: date, table: tuple[Rule, ...]) -> Rule:
    """The version of a rule of `table` in force on a reference date; LookupError if none is."""
    versions = [r for r in table if r.id == rule_id and (r.in_force_from is None or r.in_force_from <= on)]
    if not versions:
        raise LookupError(f"Rule {rule_id} is not in force on {on.isoformat()}")
    return max(versions, key=lambda r: r.in_force_from or date.min)


def only_version(rule_id: str, table: tuple[Rule, ...]) -> Rule:
    """A rule of `table` that has a single version."""
    (only,) = (r for r in table if r.id == rule_id)
    return only


@dataclass(frozen=True)
class Decision(Generic[T]):
    value: T
    reasons: tuple[str, ...]


# --------------------------------------------------------------------------------------------------
# Working days and words
# --------------------------------------------------------------------------------------------------


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays of one year, from ``holidays`` (it knows substitute and one-off days)."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(d: date) -> bool:
    """Monday to Friday and not an England and Wales bank holiday."""
    return d.weekday() < 5 and d not in _bank_holidays(d.year)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after ``start`` (``start`` itself is not counted; n = 0 gives ``start``)."""
    if n < 0:
        raise ValueError("n must not be negative; use subtract_working_days")
    d = start
    while n:
        d += timedelta(days=1)
        if is_working_day(d):
            n -= 1
    return d


def subtract_working_days(end: date, n: int) -> date:
    """The n-th working day before ``end`` (``end`` itself is not counted; n = 0 gives ``end``)."""
    if n < 0:
        raise ValueError("n must not be negative; use add_working_days")
    d = end
    while n:
        d -= timedelta(days=1)
        if is_working_day(d):
            n -= 1
    return d


def working_days_between(a: date, b: date) -> int:
    """Working days after ``a`` up to and including ``b``; negative when ``b`` is before ``a``.

    So ``working_days_between(d, add_working_days(d, n)) == n`` for every date ``d``.
    """
    if b < a:
        return -working_days_between(b, a)
    return sum(1 for i in range(1, (b - a).days + 1) if is_working_day(a + timedelta(days=i)))


def require_aware(dt: datetime, name: str) -> None:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")


def local_date(dt: datetime) -> date:
    """The date in England and Wales of an aware datetime."""
    require_aware(dt, "datetime")
    return dt.astimezone(LONDON).date()


def format_date(d: date | datetime) -> str:
    """ "1 October 2018" (a datetime is first turned into its date in England and Wales)."""
    if isinstance(d, datetime):
        d = local_date(d)
    return f"{d.day} {d:%B %Y}"


def format_time(dt: datetime) -> str:
    """ "9:30am", "10am", "midday", "midnight" — in Europe/London (as ttg.core.formatting.govuk_time)."""
    require_aware(dt, "datetime")
    t = dt.astimezone(LONDON)
    if t.minute == 0 and t.hour in (0, 12):
        return "midnight" if t.hour == 0 else "midday"
    hour = t.hour % 12 or 12
    suffix = "am" if t.hour < 12 else "pm"
    return f"{hour}:{t.minute:02d}{suffix}" if t.minute else f"{hour}{suffix}"


def format_datetime(dt: datetime) -> str:
    """ "9:30am on 4 October 2018"."""
    return f"{format_time(dt)} on {format_date(dt)}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def duration_words(start: date, end: date) -> str:
    """ "4 years 3 months", "3 years 11 months 29 days", "0 days" (calendar difference, via relativedelta)."""
    if end <= start:
        return "0 days"
    delta = relativedelta(end, start)
    parts = [plural(n, w) for n, w in ((delta.years, "year"), (delta.months, "month"), (delta.days, "day")) if n]
    return " ".join(parts)


def years_after(d: date, years: int) -> date:
    """Calendar years later; 29 February becomes 28 February when the later year has none."""
    return d + relativedelta(years=years)


def months_after(d: date, months: int) -> date:
    """Calendar months later, clamped to the month's end (31 August + 6 months = 28 or 29 February)."""
    return d + relativedelta(months=months)
