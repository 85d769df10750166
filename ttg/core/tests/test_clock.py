from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ttg.core import clock, formatting


def test_ttg_now_freezes_time(settings: Any) -> None:
    settings.TTG_NOW = "2018-09-30T23:30:00+01:00"
    assert clock.now() == datetime(2018, 9, 30, 22, 30, tzinfo=UTC)
    assert clock.today() == date(2018, 9, 30)
    assert clock.is_frozen()


def test_naive_ttg_now_is_london_time(settings: Any) -> None:
    settings.TTG_NOW = "2019-01-15T09:00:00"
    assert clock.now().utcoffset() == timedelta(0)  # GMT in January
    settings.TTG_NOW = "2019-07-15T09:00:00"
    assert clock.now().utcoffset() == timedelta(hours=1)  # BST in July
    assert clock.now().hour == 9


def test_london_date_after_midnight_bst(settings: Any) -> None:
    # 23:30 UTC on 31 March 2019 is 00:30 on 1 April in London (BST started that day).
    settings.TTG_NOW = "2019-03-31T23:30:00+00:00"
    assert clock.today() == date(2019, 4, 1)


def test_unfrozen_clock_is_real_time(settings: Any) -> None:
    settings.TTG_NOW = ""
    before = datetime.now(UTC)
    assert before - timedelta(seconds=1) <= clock.now() <= datetime.now(UTC) + timedelta(seconds=1)
    assert not clock.is_frozen()


def test_govuk_dates_and_times() -> None:
    assert formatting.govuk_date(date(2018, 10, 1)) == "1 October 2018"
    assert formatting.govuk_time(datetime(2019, 1, 1, 9, 30)) == "9:30am"
    assert formatting.govuk_time(datetime(2019, 1, 1, 12, 0)) == "midday"
    assert formatting.govuk_time(datetime(2019, 1, 1, 0, 0)) == "midnight"
    assert formatting.govuk_time(datetime(2019, 1, 1, 15, 0)) == "3pm"
    assert formatting.govuk_datetime(datetime(2019, 1, 1, 15, 5)) == "1 January 2019 at 3:05pm"


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31)))
def test_govuk_time_is_always_well_formed(moment: datetime) -> None:
    text = formatting.govuk_time(moment)
    assert text in ("midday", "midnight") or text.endswith(("am", "pm"))
    assert not text.startswith("0")
