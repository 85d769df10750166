"""The rule framework's shared helpers: working days in England and Wales, and dates and times in words.

Expected values are worked out by hand from a calendar; the properties use the holidays package as
the test's own oracle over dates from 2015 to 2026."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import holidays
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ttg.core.rules import (
    LONDON,
    Rule,
    add_working_days,
    format_date,
    format_time,
    only_version,
    rule_in_force,
    subtract_working_days,
    working_days_between,
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
