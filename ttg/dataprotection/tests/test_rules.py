from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from ttg.dataprotection.rules import erasure_due, retention_ends


class TestRetentionEnds:
    def test_whole_years_after_release(self) -> None:
        assert retention_ends(date(2019, 12, 5), 7) == date(2026, 12, 5)

    def test_29_february_ends_on_1_march(self) -> None:
        assert retention_ends(date(2020, 2, 29), 7) == date(2027, 3, 1)
        assert retention_ends(date(2020, 2, 29), 4) == date(2024, 2, 29)


class TestErasureDue:
    def due(self, today: date, *, released: date | None = date(2019, 12, 5), in_custody: bool = False, on_hold: bool = False) -> bool:
        return erasure_due(in_custody=in_custody, last_released_on=released, on_hold=on_hold, years=7, today=today).value

    def test_the_day_before_is_not_due(self) -> None:
        assert self.due(date(2026, 12, 4)) is False

    def test_the_day_itself_is_due(self) -> None:
        assert self.due(date(2026, 12, 5)) is True

    def test_the_day_after_is_due(self) -> None:
        assert self.due(date(2026, 12, 6)) is True

    def test_leap_day_release(self) -> None:
        assert self.due(date(2027, 2, 28), released=date(2020, 2, 29)) is False
        assert self.due(date(2027, 3, 1), released=date(2020, 2, 29)) is True

    def test_a_legal_hold_blocks(self) -> None:
        decision = erasure_due(in_custody=False, last_released_on=date(2010, 1, 1), on_hold=True, years=7, today=date(2030, 1, 1))
        assert decision.value is False
        assert decision.reasons == ("Due on 1 January 2017, but a legal hold is in force (rule R-D2, in force throughout the service).",)

    def test_reasons_say_why(self) -> None:
        decision = erasure_due(in_custody=False, last_released_on=date(2019, 12, 5), on_hold=False, years=7, today=date(2026, 1, 1))
        assert decision.reasons == (
            "Not due: kept for 7 years after the last release on 5 December 2019, until 5 December 2026 "
            "(rule R-D1, in force throughout the service; the value is setting TTG_RETENTION_YEARS_AFTER_RELEASE).",
        )

    def test_never_without_a_release(self) -> None:
        assert self.due(date(2099, 1, 1), released=None) is False


@settings(max_examples=40)
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31)), st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
)
def test_never_in_custody_and_never_on_hold(today: date, released: date) -> None:
    assert erasure_due(in_custody=True, last_released_on=released, on_hold=False, years=7, today=today).value is False
    assert erasure_due(in_custody=False, last_released_on=released, on_hold=True, years=7, today=today).value is False
