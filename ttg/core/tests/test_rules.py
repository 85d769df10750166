"""The rule framework's shared helpers: working days in England and Wales, and dates and times in words.

Expected values are worked out by hand from a calendar; the properties use the holidays package as
the test's own oracle over dates from 2015 to 2026, and compare the rules' arithmetic working days,
calendar months and rule lookups with day-by-day counts, relativedelta and table scans over wider
ranges (1900 to 2200, and the ends of the calendar)."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from datetime import UTC, date, datetime, timedelta
from functools import cache

import holidays
import pytest
from dateutil.easter import easter
from dateutil.relativedelta import relativedelta
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ttg.core.rules import (
    LONDON,
    RULE_TABLES,
    Decision,
    Rule,
    add_working_days,
    format_date,
    format_time,
    months_after,
    only_version,
    rule_in_force,
    subtract_working_days,
    working_days_between,
    years_after,
)

DATES = st.dates(date(2015, 1, 1), date(2026, 12, 31))
_HOLIDAYS = holidays.country_holidays("GB", subdiv="ENG", years=range(2014, 2029))


def is_working_day(d: date) -> bool:
    """The test's own oracle: a weekday that the holidays package does not list."""
    return d.weekday() < 5 and d not in _HOLIDAYS


class TestFormatting:
    @pytest.mark.parametrize(
        ("dt", "words"),
        [
            (datetime(2018, 10, 1, 9, 30, tzinfo=LONDON), "9:30am"),
            (datetime(2018, 10, 1, 10, 0, tzinfo=LONDON), "10am"),
            (datetime(2018, 10, 1, 12, 0, tzinfo=LONDON), "midday"),
            (datetime(2018, 10, 1, 12, 15, tzinfo=LONDON), "12:15pm"),
            (datetime(2018, 10, 1, 0, 0, tzinfo=LONDON), "midnight"),
            (datetime(2018, 10, 1, 0, 5, tzinfo=LONDON), "12:05am"),
            (datetime(2018, 7, 1, 8, 30, tzinfo=UTC), "9:30am"),  # British Summer Time
            (datetime(2018, 12, 1, 17, 45, tzinfo=UTC), "5:45pm"),
        ],
    )
    def test_time(self, dt: datetime, words: str) -> None:
        assert format_time(dt) == words

    def test_date(self) -> None:
        assert format_date(date(2018, 10, 1)) == "1 October 2018"
        assert format_date(datetime(2018, 6, 30, 23, 30, tzinfo=UTC)) == "1 July 2018"  # already 1 July in London

    @given(st.dates(date(1000, 1, 1), date(9999, 12, 31)))
    def test_date_is_day_month_name_and_year(self, d: date) -> None:
        assert format_date(d) == f"{d.day} {d:%B %Y}"  # strftime in the C locale, as tests run

    def test_naive_datetimes_are_refused(self) -> None:
        with pytest.raises(ValueError, match="aware"):
            format_time(datetime(2018, 10, 1, 9, 30))


class TestWorkingDays:
    def test_named_days(self) -> None:
        assert add_working_days(date(2018, 12, 24), 1) == date(2018, 12, 27)
        assert subtract_working_days(date(2018, 12, 27), 1) == date(2018, 12, 24)
        assert add_working_days(date(2022, 6, 1), 1) == date(2022, 6, 6)  # the Platinum Jubilee: 2 and 3 June 2022
        assert add_working_days(date(2022, 9, 16), 1) == date(2022, 9, 20)  # the Queen's state funeral, 19 September 2022
        assert working_days_between(date(2018, 12, 21), date(2019, 1, 2)) == 5
        assert working_days_between(date(2019, 1, 2), date(2018, 12, 21)) == -5
        assert add_working_days(date(2018, 12, 25), 0) == date(2018, 12, 25)

    def test_negative_counts_are_refused(self) -> None:
        with pytest.raises(ValueError):
            add_working_days(date(2019, 1, 1), -1)
        with pytest.raises(ValueError):
            subtract_working_days(date(2019, 1, 1), -1)


class TestRuleVersions:
    TABLE = (
        Rule(id="X1", title="A rule", value="before", in_force_from=None, source="test"),
        Rule(id="X1", title="A rule", value="after", in_force_from=date(2018, 10, 1), source="test"),
        Rule(id="X2", title="Another", value="only", in_force_from=date(2019, 4, 1), source="test", setting="TTG_X2"),
    )

    def test_the_version_in_force_on_a_day(self) -> None:
        assert rule_in_force("X1", date(2018, 9, 30), self.TABLE).value == "before"
        assert rule_in_force("X1", date(2018, 10, 1), self.TABLE).value == "after"

    def test_a_rule_not_yet_in_force_is_refused(self) -> None:
        with pytest.raises(LookupError, match="X2 is not in force on 2019-03-31"):
            rule_in_force("X2", date(2019, 3, 31), self.TABLE)

    def test_only_version(self) -> None:
        assert only_version("X2", self.TABLE).value == "only"
        with pytest.raises(ValueError):
            only_version("X1", self.TABLE)

    def test_citation_names_the_rule_its_version_and_its_setting(self) -> None:
        assert only_version("X2", self.TABLE).citation == "rule X2, in force from 1 April 2019; the value is setting TTG_X2"


@given(DATES, st.integers(1, 30))
def test_adding_working_days_lands_on_a_working_day_and_counts_back(d: date, n: int) -> None:
    later = add_working_days(d, n)
    assert is_working_day(later)
    assert later > d
    assert working_days_between(d, later) == n
    assert sum(1 for i in range(1, (later - d).days + 1) if is_working_day(d + timedelta(days=i))) == n


@given(DATES, st.integers(1, 30))
def test_subtracting_working_days_lands_on_a_working_day(d: date, n: int) -> None:
    earlier = subtract_working_days(d, n)
    assert is_working_day(earlier)
    assert earlier < d
    # The working days after ``earlier`` up to ``d``: the n - 1 between them, and ``d`` itself if it is one.
    assert working_days_between(earlier, d) == (n if is_working_day(d) else n - 1)


@given(DATES, st.integers(0, 30))
def test_add_and_subtract_round_trip_from_a_working_day(d: date, n: int) -> None:
    assume(is_working_day(d))
    assert subtract_working_days(add_working_days(d, n), n) == d
    assert add_working_days(subtract_working_days(d, n), n) == d


@given(DATES, DATES)
def test_working_days_between_is_antisymmetric(a: date, b: date) -> None:
    assert working_days_between(a, b) == -working_days_between(b, a)


# --------------------------------------------------------------------------------------------------
# Working days by arithmetic equal working days counted one day at a time
# --------------------------------------------------------------------------------------------------
# The rules count working days by bisection on a per-year calendar. The reference below is the
# definition, one day at a time, over the holidays package year by year (as the rules used to count).


@cache
def _bank(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def ref_is_working_day(d: date) -> bool:
    return d.weekday() < 5 and d not in _bank(d.year)


def ref_add(start: date, n: int) -> date:
    d = start
    while n:
        d += timedelta(days=1)
        if ref_is_working_day(d):
            n -= 1
    return d


def ref_subtract(end: date, n: int) -> date:
    d = end
    while n:
        d -= timedelta(days=1)
        if ref_is_working_day(d):
            n -= 1
    return d


def ref_between(a: date, b: date) -> int:
    if b < a:
        return -ref_between(b, a)
    return sum(1 for i in range(1, (b - a).days + 1) if ref_is_working_day(a + timedelta(days=i)))


# Christmas and New Year, Easter, and one-off bank holidays (royal wedding 2011, jubilees 2012 and
# 2022, VE day moved in 2020, the state funeral 2022, the coronation 2023, the millennium 1999),
# each with the days around it; and any day from 1900 to 2200.
ONE_OFF = [date(1999, 12, 31), date(2011, 4, 29), date(2012, 6, 5), date(2020, 5, 8), date(2022, 6, 3), date(2022, 9, 19), date(2023, 5, 8)]
AROUND = st.integers(-20, 20).map(lambda k: timedelta(days=k))
YEARS = st.integers(1900, 2200)
DAYS = st.one_of(
    st.dates(date(1900, 1, 1), date(2200, 12, 31)),
    st.builds(lambda y, k: date(y, 12, 25) + k, YEARS, AROUND),
    st.builds(lambda y, k: easter(y) + k, YEARS, AROUND),
    st.builds(lambda d, k: d + k, st.sampled_from(ONE_OFF), AROUND),
)
COUNTS = st.integers(0, 300)


@settings(max_examples=300)
@given(DAYS, COUNTS)
def test_add_working_days_is_the_day_by_day_count(d: date, n: int) -> None:
    assert add_working_days(d, n) == ref_add(d, n)


@settings(max_examples=300)
@given(DAYS, COUNTS)
def test_subtract_working_days_is_the_day_by_day_count(d: date, n: int) -> None:
    assert subtract_working_days(d, n) == ref_subtract(d, n)


@settings(max_examples=300)
@given(DAYS, st.integers(-1200, 1200))
def test_working_days_between_is_the_day_by_day_count_both_ways(a: date, days: int) -> None:
    b = a + timedelta(days=days)
    assert working_days_between(a, b) == ref_between(a, b)
    assert working_days_between(b, a) == ref_between(b, a)


def test_working_days_across_centuries_and_at_the_ends_of_the_calendar() -> None:
    assert working_days_between(date(1900, 1, 1), date(2200, 12, 31)) == ref_between(date(1900, 1, 1), date(2200, 12, 31))
    assert working_days_between(date(1, 1, 1), date(1, 12, 31)) == ref_between(date(1, 1, 1), date(1, 12, 31))
    assert add_working_days(date(9999, 12, 20), 5) == ref_add(date(9999, 12, 20), 5)
    assert subtract_working_days(date(1, 1, 12), 5) == ref_subtract(date(1, 1, 12), 5)
    for d in (date.min, date.max, date(2018, 12, 25), date(2018, 12, 24)):
        assert add_working_days(d, 0) == d == subtract_working_days(d, 0)
        assert working_days_between(d, d) == 0
    # Past the last date there is, as day by day: an OverflowError.
    with pytest.raises(OverflowError):
        add_working_days(date(9999, 12, 28), 5)
    with pytest.raises(OverflowError):
        subtract_working_days(date(1, 1, 3), 5)


# --------------------------------------------------------------------------------------------------
# Calendar years and months by arithmetic equal relativedelta
# --------------------------------------------------------------------------------------------------

MONTH_ENDS = st.builds(lambda y, m: date(y, m, 1) + relativedelta(day=31), YEARS, st.integers(1, 12))


@settings(max_examples=300)
@given(
    st.one_of(DAYS, MONTH_ENDS, st.builds(date, st.sampled_from([1904, 2000, 2016, 2020, 2096]), st.just(2), st.just(29))),
    st.integers(-250, 250),
)
def test_years_and_months_after_are_relativedelta(d: date, k: int) -> None:
    assert years_after(d, k) == d + relativedelta(years=k)
    assert months_after(d, k) == d + relativedelta(months=k)
    assert months_after(d, 12 * k) == years_after(d, k)


def test_years_and_months_after_at_named_days() -> None:
    assert years_after(date(2016, 2, 29), 4) == date(2020, 2, 29)
    assert years_after(date(2016, 2, 29), 1) == date(2017, 2, 28)
    assert months_after(date(2018, 8, 31), 6) == date(2019, 2, 28)
    assert months_after(date(2019, 8, 31), 6) == date(2020, 2, 29)
    assert months_after(date(2019, 1, 31), -2) == date(2018, 11, 30)
    with pytest.raises(ValueError):
        years_after(date(9999, 1, 1), 1)


# --------------------------------------------------------------------------------------------------
# In-force lookups from the indexes equal a scan of the tables
# --------------------------------------------------------------------------------------------------


def scan_in_force(rule_id: str, on: date, table: tuple[Rule, ...]) -> Rule | None:
    versions = [r for r in table if r.id == rule_id and (r.in_force_from is None or r.in_force_from <= on)]
    return max(versions, key=lambda r: r.in_force_from or date.min) if versions else None


def scan_until(rule: Rule) -> date | None:
    later = [
        r.in_force_from
        for table in RULE_TABLES
        for r in table
        if r.id == rule.id and r.in_force_from and r.in_force_from > (rule.in_force_from or date.min)
    ]
    return min(later) - timedelta(days=1) if later else None


def test_every_registered_rule_is_looked_up_as_a_scan_finds_it() -> None:
    all_rules = [r for table in RULE_TABLES for r in table]
    assert len(RULE_TABLES) >= 4 and all_rules  # the apps' tables are registered at import
    starts = sorted({r.in_force_from for r in all_rules if r.in_force_from})
    days = [date(2010, 1, 1), *(d + timedelta(days=k) for d in starts for k in (-1, 0, 1)), date(2030, 1, 1)]
    for table in RULE_TABLES:
        for r in table:
            assert r.in_force_until == scan_until(r), r
            if sum(1 for o in table if o.id == r.id) == 1:
                assert only_version(r.id, table) is r
            for day in days:
                expected = scan_in_force(r.id, day, table)
                if expected is None:
                    with pytest.raises(LookupError, match=f"Rule {r.id} is not in force on {day.isoformat()}"):
                        rule_in_force(r.id, day, table)
                else:
                    assert rule_in_force(r.id, day, table) is expected
        with pytest.raises(LookupError):
            rule_in_force("NO-SUCH-RULE", date(2020, 1, 1), table)
        with pytest.raises(ValueError):
            only_version("NO-SUCH-RULE", table)


# --------------------------------------------------------------------------------------------------
# Decisions: reasons built when first read
# --------------------------------------------------------------------------------------------------


class TestDecision:
    def test_reasons_are_built_once_and_only_when_read(self) -> None:
        calls = []

        def build() -> tuple[str, ...]:
            calls.append(1)
            return ("Because (rule X1, in force throughout the service).",)

        d = Decision(True, build)
        assert d.value is True
        assert calls == []
        assert d.reasons == ("Because (rule X1, in force throughout the service).",)
        assert d.reasons is d.reasons
        assert calls == [1]

    def test_a_lazy_decision_equals_the_same_decision_given_its_reasons(self) -> None:
        lazy, given_ = Decision(3, lambda: ["a", "b"]), Decision(3, ("a", "b"))
        assert lazy == given_ and hash(lazy) == hash(given_)
        assert lazy != Decision(3, ("a",)) and lazy != Decision(4, ("a", "b"))
        assert repr(lazy) == "Decision(value=3, reasons=('a', 'b'))"
        match lazy:
            case Decision(3, reasons):
                assert reasons == ("a", "b")
            case _:
                pytest.fail("a Decision matches by value and reasons")

    def test_a_decision_is_immutable(self) -> None:
        d = Decision(1, ("a",))
        with pytest.raises(AttributeError):
            d.value = 2  # type: ignore[misc]
        with pytest.raises(AttributeError):
            d.reasons = ("b",)  # type: ignore[misc]
        with pytest.raises((AttributeError, TypeError)):
            dataclasses.replace(d, value=2)  # type: ignore[type-var]
        assert d == Decision(1, ("a",))

    def test_a_decision_pickles_and_copies_with_its_reasons(self) -> None:
        lazy = Decision(date(2018, 10, 1), lambda: ("Because.",))
        for twin in (pickle.loads(pickle.dumps(lazy)), copy.copy(lazy), copy.deepcopy(lazy)):  # noqa: S301 (our own bytes)
            assert twin == lazy and twin.reasons == ("Because.",) and twin.value == date(2018, 10, 1)
