"""The rule framework: every rule of the service as data, and the pure helpers its decisions share.

A rule table is a tuple of `Rule`s (one row per version: id, what it decides, its value, the day it
came into force, its source, and the setting that holds an unsourced value). Each app keeps its own
table in its own `rules.py` and registers it here (`register_rules`), so that a rule's versions can
be found, `docs/rules.md` can be checked against every table, and ids never clash. A decision is a
`Decision(value, reasons)`: the reasons say in plain words why, each naming its rule and version
(given as a callable, they are built only when first read: lists read values only). Versions are
looked up in indexes kept by `register_rules`; working days are counted on a per-year calendar.

No Django here, as in every `rules.py`: the standard library, `dateutil` and `holidays` only. Never
asks the clock: "today" is an argument.

Reasons are in the reader's language (issue 22, docs/welsh.md): every rules module writes their words
with `_` and `ngettext` from here, and its dates with `format_date`, which speak English until the core
app plugs Django's translation in at start-up (`use_translation`, from CoreConfig.ready). The rules stay
pure. Citations ("(rule T3, in force from 1 October 2018)") stay in English: they are identifiers from the
rule register (docs/rules.md), which `split_citations` finds by their English words.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from calendar import isleap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, Generic, TypeVar
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
        """The last day of this version: the day before the next version of the rule came into force.

        The next version is looked for in every registered table, from an index that `register_rules` keeps.
        """
        starts = _STARTS.get(self.id)
        if not starts:
            return None
        i = bisect_right(starts, self.in_force_from or date.min)
        return starts[i] - timedelta(days=1) if i < len(starts) else None

    @property
    def in_force_words(self) -> str:
        """ "in force from 1 October 2018", "in force until 30 September 2018", "in force throughout the service"."""
        if self.in_force_from is not None:
            return f"in force from {english_date(self.in_force_from)}"
        until = self.in_force_until
        return f"in force until {english_date(until)}" if until else "in force throughout the service"

    @property
    def citation(self) -> str:
        """ "rule T3, in force from 1 October 2018" — what every reason ends with; names the setting that holds an unsourced value."""
        setting = f"; the value is setting {self.setting}" if self.setting else ""
        return f"rule {self.id}, {self.in_force_words}{setting}"


# A citation as `Rule.citation` writes it, in the brackets a reason puts it in: "(rule T3, in force from
# 1 October 2018)", several joined by "; " ("(rule P9, …; rule T5, …)"), a setting's name after its rule.
_CITATIONS = re.compile(r"\s*\((rule [A-Z][A-Za-z0-9-]*, [^()]*)\)")
_ONE_CITATION = re.compile(r"rule [A-Z][A-Za-z0-9-]*, ")


def split_citations(text: str) -> tuple[str, tuple[str, ...]]:
    """A reason as people read it, and the rule citations it carried, for administrators.

    "Due by 9 September 2019 (rule T2, in force throughout the service; the value is setting
    TTG_BCST2_WORKING_DAYS)." gives ("Due by 9 September 2019.", ("rule T2, in force throughout the
    service; the value is setting TTG_BCST2_WORKING_DAYS",)). Each rule is one citation, its setting with it.
    """
    found: list[str] = []

    def take(match: re.Match[str]) -> str:
        inner = match.group(1)
        starts = [m.start() for m in _ONE_CITATION.finditer(inner)]
        found.extend(inner[a:b].strip().rstrip(";").strip() for a, b in zip(starts, [*starts[1:], len(inner)], strict=True))
        return ""

    return _CITATIONS.sub(take, text), tuple(found)


def citation_words(citation: str) -> str:
    """One citation for administrators, in their language: "Rule T6 (Handover to the responsible officer), in
    force throughout the service. Its value is the setting TTG_HANDOVER_WORKING_DAYS." (The rule's title is
    the register's, in English.)"""
    rule, _sep, rest = citation.partition(", ")
    rule_id = rule.removeprefix("rule ")
    when, _sep, setting = rest.partition("; the value is setting ")
    words = _rule_words(rule_id, rule_title(rule_id), when)
    return words + (" " + _("Its value is the setting %(setting)s.") % {"setting": setting} if setting else "")


def _rule_words(rule_id: str, title: str, when: str) -> str:
    """The rule, its title and when it is in force (`Rule.in_force_words`, English as citations carry it),
    as one sentence in the reader's language."""
    words = {"id": rule_id, "title": title}
    if when.startswith("in force from "):
        words["date"] = format_date(_english_day(when.removeprefix("in force from ")))
        return (_("Rule %(id)s (%(title)s), in force from %(date)s.") if title else _("Rule %(id)s, in force from %(date)s.")) % words
    if when.startswith("in force until "):
        words["date"] = format_date(_english_day(when.removeprefix("in force until ")))
        return (_("Rule %(id)s (%(title)s), in force until %(date)s.") if title else _("Rule %(id)s, in force until %(date)s.")) % words
    if when == "in force throughout the service":
        return (
            _("Rule %(id)s (%(title)s), in force throughout the service.") if title else _("Rule %(id)s, in force throughout the service.")
        ) % words
    if when:  # words no version of the framework writes: as they are
        words["when"] = when
        return (_("Rule %(id)s (%(title)s), %(when)s.") if title else _("Rule %(id)s, %(when)s.")) % words
    return (_("Rule %(id)s (%(title)s).") if title else _("Rule %(id)s.")) % words


def _english_day(words: str) -> date:
    """The day `english_date` wrote ("1 October 2018")."""
    day, month, year = words.split(" ")
    return date(int(year), _MONTHS.index(month), int(day))


def without_citations(text: str) -> str:
    """The words people read: the rule citations taken out (administrators find them in "For administrators")."""
    return split_citations(text)[0] if "(rule " in text else text


# Every rule table of the service, in the order the apps registered them: where a rule's later
# versions are looked up. TABLE_PARTS names each table's part of docs/rules.md ("# Screening rules"),
# which a test checks against the table both ways.
RULE_TABLES: list[tuple[Rule, ...]] = []
TABLE_PARTS: dict[str, tuple[Rule, ...]] = {}

# Indexes kept by `register_rules`, so that a lookup is a dictionary access and a bisection instead
# of a scan of the tables. _STARTS: each rule id's `in_force_from` dates, sorted, in every registered
# table (what `Rule.in_force_until` looks up). _INDEXES: for each table passed to `register_rules`
# (by identity; the table is kept with its index), each rule id's versions.
_STARTS: dict[str, list[date]] = {}


@dataclass(frozen=True)
class _TableIndex:
    table: tuple[Rule, ...]
    versions: dict[str, tuple[Rule, ...]]  # in the table's order (`only_version`)
    starts: dict[str, tuple[date, ...]]  # each id's distinct start dates, sorted; no start = date.min
    in_force: dict[str, tuple[Rule, ...]]  # the version that starts on each of those dates (the first in the table on a tie)


_INDEXES: dict[int, _TableIndex] = {}


def _index(table: tuple[Rule, ...]) -> _TableIndex:
    versions: dict[str, list[Rule]] = {}
    for r in table:
        versions.setdefault(r.id, []).append(r)
    starts: dict[str, tuple[date, ...]] = {}
    in_force: dict[str, tuple[Rule, ...]] = {}
    for rule_id, rs in versions.items():
        by_start: dict[date, Rule] = {}
        for r in rs:
            by_start.setdefault(r.in_force_from or date.min, r)  # as max() in a scan: the first of equal starts
        ordered = sorted(by_start)
        starts[rule_id] = tuple(ordered)
        in_force[rule_id] = tuple(by_start[d] for d in ordered)
    return _TableIndex(table, {k: tuple(v) for k, v in versions.items()}, starts, in_force)


def register_rules(table: tuple[Rule, ...], *, part: str) -> tuple[Rule, ...]:
    """Add an app's rule table to the service's (at import of its rules.py), under its part of
    docs/rules.md; returns the table. A part belongs to one table only."""
    if part in TABLE_PARTS and TABLE_PARTS[part] != table:
        raise ValueError(f"Two rule tables are registered as {part!r}")
    if part not in TABLE_PARTS:
        RULE_TABLES.append(table)
        TABLE_PARTS[part] = table
        for r in table:
            if r.in_force_from:
                starts = _STARTS.setdefault(r.id, [])
                if r.in_force_from not in starts:
                    starts.append(r.in_force_from)
                    starts.sort()
    if id(table) not in _INDEXES:
        _INDEXES[id(table)] = _index(table)
    return table


def _index_of(table: tuple[Rule, ...]) -> _TableIndex:
    """The index of a registered table; a table that was never registered (a test's) is indexed afresh."""
    index = _INDEXES.get(id(table))
    return index if index is not None and index.table is table else _index(table)


def rule_in_force(rule_id: str, on: date, table: tuple[Rule, ...]) -> Rule:
    """The version of a rule of `table` in force on a reference date; LookupError if none is."""
    index = _index_of(table)
    starts = index.starts.get(rule_id)
    i = bisect_right(starts, on) - 1 if starts else -1
    if i < 0:
        raise LookupError(f"Rule {rule_id} is not in force on {on.isoformat()}")
    return index.in_force[rule_id][i]


def rule_title(rule_id: str) -> str:
    """What a rule decides ("Handover to the responsible officer"), from any registered table; "" if none has it."""
    for table in RULE_TABLES:
        for r in table:
            if r.id == rule_id:
                return r.title
    return ""


def only_version(rule_id: str, table: tuple[Rule, ...]) -> Rule:
    """A rule of `table` that has a single version."""
    (only,) = _index_of(table).versions.get(rule_id, ())
    return only


_set = object.__setattr__  # how Decision writes its own (otherwise immutable) slots


class Decision(Generic[T]):
    """A rule's value and the reasons for it, in plain words, in the reader's language.

    ``reasons`` is a tuple of sentences, or a callable taking no argument that returns them: then
    they are built the first time ``.reasons`` is read, and kept. A work list reads values only, so
    it never pays for the words. Immutable; two decisions are equal when their values and reasons
    are (comparing reads the reasons).
    """

    __slots__ = ("_reasons", "value")
    __match_args__ = ("value", "reasons")

    value: T
    _reasons: tuple[str, ...] | Callable[[], Iterable[str]]  # the reasons, or what builds them until they are read

    def __init__(self, value: T, reasons: tuple[str, ...] | Callable[[], Iterable[str]]) -> None:
        _set(self, "value", value)
        _set(self, "_reasons", reasons)

    @property
    def reasons(self) -> tuple[str, ...]:
        reasons = self._reasons
        if callable(reasons):
            reasons = tuple(reasons())
            _set(self, "_reasons", reasons)
        return reasons

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: a Decision is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: a Decision is immutable")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Decision)
        return (self.value, self.reasons) == (other.value, other.reasons)

    def __hash__(self) -> int:
        return hash((self.value, self.reasons))

    def __repr__(self) -> str:
        return f"Decision(value={self.value!r}, reasons={self.reasons!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled and copied with its reasons built (a builder is a closure, which pickle cannot take)."""
        return (self.__class__, (self.value, self.reasons))


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


# Working days are counted by arithmetic on a calendar built once per year, when first needed: each
# year's working days as sorted ordinals (date.toordinal()), from the same bank holidays. A count is
# two bisections (and the lengths of the whole years between); the n-th working day is an index.


@cache
def _working_days(year: int) -> tuple[int, ...]:
    """The ordinals of the working days of one year, in order (as ``is_working_day``)."""
    bank = {d.toordinal() for d in _bank_holidays(year)}
    first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    # date.fromordinal(o).weekday() == (o + 6) % 7: ordinal 1 is Monday 1 January of year 1.
    return tuple(o for o in range(first, last + 1) if (o + 6) % 7 < 5 and o not in bank)


def _out_of_range() -> OverflowError:
    return OverflowError("date value out of range")


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after ``start`` (``start`` itself is not counted; n = 0 gives ``start``)."""
    if n < 0:
        raise ValueError("n must not be negative; use subtract_working_days")
    if not n:
        return start
    year = start.year
    days = _working_days(year)
    i = bisect_right(days, start.toordinal()) + n - 1  # the index of the answer, counted in ``year``
    while i >= len(days):
        i -= len(days)
        year += 1
        if year > 9999:
            raise _out_of_range()
        days = _working_days(year)
    return date.fromordinal(days[i])


def subtract_working_days(end: date, n: int) -> date:
    """The n-th working day before ``end`` (``end`` itself is not counted; n = 0 gives ``end``)."""
    if n < 0:
        raise ValueError("n must not be negative; use add_working_days")
    if not n:
        return end
    year = end.year
    days = _working_days(year)
    i = bisect_left(days, end.toordinal()) - n  # the index of the answer, counted in ``year``
    while i < 0:
        year -= 1
        if year < 1:
            raise _out_of_range()
        days = _working_days(year)
        i += len(days)
    return date.fromordinal(days[i])


def working_days_between(a: date, b: date) -> int:
    """Working days after ``a`` up to and including ``b``; negative when ``b`` is before ``a``.

    So ``working_days_between(d, add_working_days(d, n)) == n`` for every date ``d``.
    """
    if b < a:
        return -working_days_between(b, a)
    count = bisect_right(_working_days(b.year), b.toordinal()) - bisect_right(_working_days(a.year), a.toordinal())
    for year in range(a.year, b.year):
        count += len(_working_days(year))
    return count


def require_aware(dt: datetime, name: str) -> None:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")


def local_date(dt: datetime) -> date:
    """The date in England and Wales of an aware datetime."""
    require_aware(dt, "datetime")
    return dt.astimezone(LONDON).date()


# English month names, whatever the process's locale (strftime's %B follows it, and is slower).
_MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def english_date(d: date | datetime) -> str:
    """ "1 October 2018" in English whatever the reader's language: for citations and logs."""
    if isinstance(d, datetime):
        d = local_date(d)
    return f"{d.day} {_MONTHS[d.month]} {d.year}"


def english_time(dt: datetime) -> str:
    """ "9:30am", "10am", "midday", "midnight" — in Europe/London, in English."""
    require_aware(dt, "datetime")
    t = dt.astimezone(LONDON)
    if t.minute == 0 and t.hour in (0, 12):
        return "midnight" if t.hour == 0 else "midday"
    hour = t.hour % 12 or 12
    suffix = "am" if t.hour < 12 else "pm"
    return f"{hour}:{t.minute:02d}{suffix}" if t.minute else f"{hour}{suffix}"


@dataclass
class _Words:
    """How reasons are put into words: English until `use_translation` plugs a translation in."""

    gettext: Callable[[str], str]
    ngettext: Callable[[str, str, int], str]
    date: Callable[[date], str]
    time: Callable[[datetime], str]


_WORDS = _Words(gettext=lambda m: m, ngettext=lambda s, p, n: s if n == 1 else p, date=english_date, time=english_time)


def use_translation(
    *,
    gettext: Callable[[str], str],
    ngettext: Callable[[str, str, int], str],
    date_words: Callable[[date], str],
    time_words: Callable[[datetime], str],
) -> None:
    """Put reasons into the active language from now on (the core app calls it once, at start-up)."""
    _WORDS.gettext, _WORDS.ngettext, _WORDS.date, _WORDS.time = gettext, ngettext, date_words, time_words


def _(message: str) -> str:
    """A reason's words in the reader's language. Give it the English as a literal, with %(name)s
    placeholders filled after: `_("Due by %(date)s.") % {"date": format_date(d)}` (make messages finds it)."""
    return _WORDS.gettext(message)


def gettext_noop(message: str) -> str:
    """Mark words kept in a module-level constant for translation, as they are (make messages finds them);
    translate them where they are read, `_(LABELS[value])`: `_` at import time would fix them in English."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or a plural form, in the reader's language: `ngettext("%(num)d day", "%(num)d days", n) % {"num": n}`."""
    return _WORDS.ngettext(singular, plural, n)


def format_date(d: date | datetime) -> str:
    """ "1 October 2018", "1 Hydref 2018" in Welsh (a datetime is first turned into its date in England and Wales)."""
    if isinstance(d, datetime):
        d = local_date(d)
    return _WORDS.date(d)


def format_time(dt: datetime) -> str:
    """ "9:30am", "10am", "midday", "midnight" — in Europe/London (as ttg.core.formatting.govuk_time)."""
    require_aware(dt, "datetime")
    return _WORDS.time(dt.astimezone(LONDON))


def format_datetime(dt: datetime) -> str:
    """ "9:30am on 4 October 2018"."""
    return _("%(time)s on %(date)s") % {"time": format_time(dt), "date": format_date(dt)}


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def duration_words(start: date, end: date) -> str:
    """ "4 years 3 months", "3 years 11 months 29 days", "0 days" (calendar difference, via relativedelta)."""
    if end <= start:
        return ngettext("%(num)d day", "%(num)d days", 0) % {"num": 0}
    delta = relativedelta(end, start)
    parts = []
    if delta.years:
        parts.append(ngettext("%(num)d year", "%(num)d years", delta.years) % {"num": delta.years})
    if delta.months:
        parts.append(ngettext("%(num)d month", "%(num)d months", delta.months) % {"num": delta.months})
    if delta.days:
        parts.append(ngettext("%(num)d day", "%(num)d days", delta.days) % {"num": delta.days})
    return " ".join(parts)


# years_after and months_after give what adding dateutil's relativedelta(years=…) or (months=…)
# gives (a test checks it), by plain arithmetic: relativedelta's own addition is several times slower.
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def years_after(d: date, years: int) -> date:
    """Calendar years later; 29 February becomes 28 February when the later year has none."""
    year = d.year + years
    if d.day == 29 and d.month == 2 and not isleap(year):
        return d.replace(year=year, day=28)
    return d.replace(year=year)


def months_after(d: date, months: int) -> date:
    """Calendar months later, clamped to the month's end (31 August + 6 months = 28 or 29 February)."""
    year, month0 = divmod(d.year * 12 + d.month - 1 + months, 12)
    last = 29 if month0 == 1 and isleap(year) else _MONTH_DAYS[month0]
    return d.replace(year=year, month=month0 + 1, day=min(d.day, last))
