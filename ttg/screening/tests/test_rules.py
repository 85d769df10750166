"""The screening rules: named boundary cases (expected values worked out by hand from a calendar) and properties.

No database and no Django: these are plain functions over plain values.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from unittest import mock

import holidays
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from ttg.core.rules import Rule
from ttg.screening import rules
from ttg.screening.rules import (
    LONDON,
    Bcst1,
    Bcst2,
    Custody,
    RuleSettings,
    bcst1,
    bcst1_clone,
    bcst2,
    deadline_state,
    deadline_words,
    duty_to_refer,
    format_date,
    handover,
    pre_release,
    screening,
)

S = RuleSettings()
FROM_OCT_2018 = "in force from 1 October 2018"
UNTIL_OCT_2018 = "in force until 30 September 2018"
THROUGHOUT = "in force throughout the service"


def at(d: date, hh: int = 9, mm: int = 30) -> datetime:
    return datetime(d.year, d.month, d.day, hh, mm, tzinfo=LONDON)


def custody(**over: Any) -> Custody:
    """A sentenced person received at 9:30am on Monday 1 October 2018 into a resettlement prison, 2 years to serve."""
    reception = over.pop("reception_date", date(2018, 10, 1))
    values: dict[str, Any] = {
        "received_at": at(reception),
        "reception_date": reception,
        "legal_status": "SENTENCED",
        "sentence_type": "DETERMINATE",
        "sentenced_at": None,
        "release_date": reception + relativedelta(years=2),
        "previous_release_date": None,
        "previous_bcst1_on_file": False,
        "in_resettlement_prison_since": reception,
        "prison_name": "HMP Leeds",
    }
    values.update(over)
    return Custody(**values)


def text(decision: rules.Decision[Any]) -> str:
    return " ".join(decision.reasons)


# --------------------------------------------------------------------------------------------------
# T1 BCST1
# --------------------------------------------------------------------------------------------------


class TestBcst1:
    def test_due_72_hours_after_reception(self) -> None:
        d = bcst1(custody())
        assert d.value == Bcst1(required=True, due_at=datetime(2018, 10, 4, 9, 30, tzinfo=LONDON))
        assert d.reasons == (
            "BCST1 required: sentenced on reception at 9:30am on 1 October 2018. Due by 9:30am on 4 October 2018, 72 hours from reception "
            "(rule T1, in force throughout the service).",
        )

    def test_recall_is_screened_on_reception(self) -> None:
        d = bcst1(custody(legal_status="RECALL", sentence_type=""))
        assert d.value.required is True
        assert "recalled on reception" in text(d)

    def test_72_elapsed_hours_across_the_clocks_going_back(self) -> None:
        # Friday 26 October 2018 9:30am BST; the clocks went back at 2am on Sunday 28 October.
        d = bcst1(custody(reception_date=date(2018, 10, 26)))
        assert d.value.due_at is not None
        assert d.value.due_at == datetime(2018, 10, 29, 8, 30, tzinfo=UTC)
        assert "Due by 8:30am on 29 October 2018" in text(d)

    def test_a_remand_reception_gets_bcst1_72_hours_from_reception(self) -> None:
        # custody-feed.md: "A REMAND reception gets BCST1."
        d = bcst1(custody(legal_status="REMAND", sentence_type="", release_date=None))
        assert d.value == Bcst1(required=True, due_at=datetime(2018, 10, 4, 9, 30, tzinfo=LONDON))
        assert d.reasons == (
            "BCST1 required: received on remand at 9:30am on 1 October 2018. Due by 9:30am on 4 October 2018, 72 hours from reception "
            "(rule T1, in force throughout the service).",
        )

    def test_sentencing_after_remand_does_not_move_bcst1(self) -> None:
        sentenced = datetime(2018, 11, 14, 14, 15, tzinfo=LONDON)
        d = bcst1(custody(legal_status="SENTENCED", sentenced_at=sentenced))
        assert d.value == Bcst1(required=True, due_at=datetime(2018, 10, 4, 9, 30, tzinfo=LONDON))
        assert "72 hours from reception" in text(d)

    def test_a_sentencing_date_wins_over_a_stale_remand_status(self) -> None:
        d = bcst1(custody(legal_status="REMAND", sentenced_at=datetime(2018, 11, 14, 14, 15, tzinfo=LONDON)))
        assert d.value.required is True

    def test_transfer_does_not_create_a_new_bcst1(self) -> None:
        # The same custody period after a move: BCST1 stays tied to reception, whatever prison the person is in now.
        before = bcst1(custody())
        after = bcst1(custody(prison_name="HMP Full Sutton", in_resettlement_prison_since=None))
        assert before.value == after.value


# --------------------------------------------------------------------------------------------------
# T4 clone
# --------------------------------------------------------------------------------------------------


def clone(reception: date, released: date, on_file: bool = True) -> rules.Decision[bool]:
    return bcst1_clone(custody(reception_date=reception, previous_release_date=released, previous_bcst1_on_file=on_file))


class TestClone:
    @pytest.mark.parametrize(
        ("reception", "released", "offered"),
        [
            # Receptions before 1 October 2018: three months.
            (date(2017, 6, 15), date(2017, 3, 15), True),  # exactly three months
            (date(2017, 6, 16), date(2017, 3, 15), False),  # one day more
            (date(2018, 9, 30), date(2018, 6, 30), True),
            (date(2018, 9, 30), date(2018, 6, 29), False),
            (date(2018, 8, 31), date(2018, 5, 31), True),  # 31 May + 3 months = 31 August
            # The change: released 15 May 2018, three months ended 15 August, six months end 15 November.
            (date(2018, 9, 30), date(2018, 5, 15), False),
            (date(2018, 10, 1), date(2018, 5, 15), True),
            # Receptions from 1 October 2018: six months.
            (date(2018, 10, 1), date(2018, 4, 1), True),
            (date(2018, 10, 1), date(2018, 3, 31), False),  # 31 March + 6 months = 30 September
            (date(2019, 7, 15), date(2019, 1, 15), True),  # exactly six months
            (date(2019, 7, 16), date(2019, 1, 15), False),  # one day more
            # Month ends clamp: 31 August + 6 months is the last day of February.
            (date(2019, 2, 28), date(2018, 8, 31), True),
            (date(2019, 3, 1), date(2018, 8, 31), False),
            (date(2020, 2, 29), date(2019, 8, 31), True),
            (date(2020, 3, 1), date(2019, 8, 31), False),
            # Released and received back the same day.
            (date(2019, 5, 1), date(2019, 5, 1), True),
        ],
    )
    def test_boundaries(self, reception: date, released: date, offered: bool) -> None:
        d = clone(reception, released)
        assert d.value is offered
        assert (FROM_OCT_2018 if reception >= date(2018, 10, 1) else UNTIL_OCT_2018) in text(d)

    def test_reason_when_offered_says_needs_must_be_confirmed(self) -> None:
        d = clone(date(2019, 2, 28), date(2018, 8, 31))
        assert d.reasons == (
            "Clone offered: received on 28 February 2019, within 6 months of release on 31 August 2018 (the clone period ends on 28 February 2019). "
            "The screener must confirm that resettlement needs have not changed; if they have, BCST1 is completed again "
            "(rule T4, in force from 1 October 2018).",
        )

    def test_reason_when_too_late(self) -> None:
        d = clone(date(2018, 9, 30), date(2018, 6, 29))
        assert d.reasons == (
            "No clone: received on 30 September 2018, after the clone period of 3 months from release on 29 June 2018 ended on 29 September 2018 "
            "(rule T4, in force until 30 September 2018).",
        )

    def test_needs_a_bcst1_on_file(self) -> None:
        d = clone(date(2019, 2, 1), date(2019, 1, 15), on_file=False)
        assert d.value is False
        assert "no submitted BCST1 is on file" in text(d)

    def test_needs_a_previous_release(self) -> None:
        d = bcst1_clone(custody(previous_bcst1_on_file=True))
        assert d.value is False
        assert "no release before this reception" in text(d)

    def test_a_release_after_reception_is_not_a_previous_release(self) -> None:
        assert clone(date(2019, 2, 1), date(2019, 2, 2)).value is False

    def test_a_remand_reception_may_clone(self) -> None:
        d = bcst1_clone(
            custody(
                legal_status="REMAND",
                sentence_type="",
                release_date=None,
                previous_release_date=date(2018, 7, 15),
                previous_bcst1_on_file=True,
            )
        )
        assert d.value is True


# --------------------------------------------------------------------------------------------------
# T3, R-S6, T2 BCST2
# --------------------------------------------------------------------------------------------------


def required(reception: date, release: date | None, **over: Any) -> bool | None:
    return bcst2(custody(reception_date=reception, release_date=release, **over), None, S).value.required


class TestWhoGetsBcst2:
    def test_before_october_2018_everyone_sentenced(self) -> None:
        d = bcst2(custody(reception_date=date(2018, 9, 30), release_date=date(2028, 1, 1)), None, S)
        assert d.value.required is True
        assert "when everyone sentenced got BCST2 whatever the time left to serve (rule T3, in force until 30 September 2018)" in text(d)

    def test_from_october_2018_more_than_four_years_is_bcst1_only(self) -> None:
        d = bcst2(custody(reception_date=date(2018, 10, 1), release_date=date(2023, 1, 1)), None, S)
        assert d.value == Bcst2(required=False, due_on=None)
        assert d.reasons == (
            "BCST2 not required: 4 years 3 months left to serve (from reception on 1 October 2018 to release on 1 January 2023) is more than 4 years "
            "(rule T3, in force from 1 October 2018).",
            "BCST1 only: prison officers flag immediate needs from BCST1 to the CRC's TTG provider in the prison (rule T3, in force from 1 October 2018).",
        )

    def test_time_left_in_words_with_days(self) -> None:
        d = bcst2(custody(reception_date=date(2018, 10, 1), release_date=date(2022, 9, 30)), None, S)
        assert d.value.required is True
        assert "BCST2 required: 3 years 11 months 29 days left to serve" in text(d)
        assert "is not more than 4 years (rule T3, in force from 1 October 2018)" in text(d)

    @pytest.mark.parametrize(
        ("reception", "exactly_four_years"),
        [
            (date(2018, 10, 1), date(2022, 10, 1)),
            (date(2019, 2, 28), date(2023, 2, 28)),
            (date(2020, 2, 28), date(2024, 2, 28)),
            (date(2020, 2, 29), date(2024, 2, 29)),  # a leap day to a leap day
            (date(2096, 2, 29), date(2100, 2, 28)),  # 2100 has no 29 February
        ],
    )
    def test_exactly_four_years_gets_bcst2_one_day_more_does_not(self, reception: date, exactly_four_years: date) -> None:
        assert required(reception, exactly_four_years) is True
        assert required(reception, exactly_four_years + timedelta(days=1)) is False

    def test_exactly_four_years_in_words(self) -> None:
        d = bcst2(custody(reception_date=date(2020, 2, 29), release_date=date(2024, 2, 29)), None, S)
        assert "BCST2 required: 4 years left to serve (from reception on 29 February 2020 to release on 29 February 2024)" in text(d)

    def test_reception_on_29_february_2016_is_under_the_old_rule(self) -> None:
        assert required(date(2016, 2, 29), date(2020, 2, 29)) is True
        assert required(date(2016, 2, 29), date(2020, 3, 1)) is True  # more than four years, but before October 2018

    @pytest.mark.parametrize(("reception", "expected"), [(date(2018, 9, 30), True), (date(2018, 10, 1), False)])
    def test_the_october_2018_change(self, reception: date, expected: bool) -> None:
        assert required(reception, reception + relativedelta(years=4, days=1)) is expected

    def test_time_left_counts_from_reception_even_after_remand(self) -> None:
        # custody-feed.md: "Left to serve" is measured from the reception date, also for a person sentenced after remand.
        sentenced = datetime(2020, 2, 29, 10, 0, tzinfo=LONDON)
        on_remand = custody(reception_date=date(2019, 12, 1), sentenced_at=sentenced)
        assert bcst2(dataclasses.replace(on_remand, release_date=date(2023, 12, 1)), None, S).value.required is True
        d = bcst2(dataclasses.replace(on_remand, release_date=date(2023, 12, 2)), None, S)
        assert d.value.required is False
        assert "4 years 1 day left to serve (from reception on 1 December 2019 to release on 2 December 2023)" in text(d)

    def test_the_rule_version_follows_the_reception_date_not_the_sentencing_date(self) -> None:
        sentenced = datetime(2018, 10, 5, 10, 0, tzinfo=LONDON)
        assert required(date(2018, 9, 20), date(2030, 1, 1), sentenced_at=sentenced) is True

    def test_remand_is_decided_when_sentenced(self) -> None:
        d = bcst2(custody(legal_status="REMAND", sentence_type="", release_date=None), None, S)
        assert d.value == Bcst2(required=None, due_on=None)
        assert d.reasons == ("BCST2 decided when sentenced: on remand (rule T3, in force from 1 October 2018).",)

    def test_indeterminate_counts_as_more_than_four_years(self) -> None:
        d = bcst2(custody(sentence_type="INDETERMINATE", release_date=None), None, S)
        assert d.value == Bcst2(required=False, due_on=None)
        assert "indeterminate sentence counts as more than 4 years left to serve (rule T3, in force from 1 October 2018)" in text(d)

    def test_indeterminate_before_october_2018_still_got_bcst2(self) -> None:
        assert required(date(2018, 9, 3), None, sentence_type="INDETERMINATE") is True

    def test_no_release_date_is_not_decided(self) -> None:
        d = bcst2(custody(release_date=None), None, S)
        assert d.value == Bcst2(required=None, due_on=None)
        assert "no release date is recorded" in text(d)

    def test_a_release_date_already_passed_counts_as_no_time_left(self) -> None:
        d = bcst2(custody(release_date=date(2018, 9, 1)), None, S)
        assert d.value.required is True
        assert "0 days left to serve" in text(d)


class TestResettlementPrisonScope:
    def test_transfer_to_a_non_resettlement_prison_and_back(self) -> None:
        in_leeds = custody()
        assert bcst2(in_leeds, date(2018, 10, 2), S).value == Bcst2(required=True, due_on=date(2018, 10, 9))

        moved = dataclasses.replace(in_leeds, prison_name="HMP Full Sutton", in_resettlement_prison_since=None)
        d = bcst2(moved, date(2018, 10, 2), S)
        assert d.value == Bcst2(required=False, due_on=None)
        assert d.reasons[-1] == (
            "BCST2 not required: HMP Full Sutton is not a resettlement prison, and the CRC completes BCST2 in resettlement prisons only "
            "(rule R-S6, in force throughout the service)."
        )

        # Back to a resettlement prison on Monday 5 November 2018: five working days from arrival.
        back = dataclasses.replace(moved, prison_name="HMP Hull", in_resettlement_prison_since=date(2018, 11, 5))
        d = bcst2(back, date(2018, 10, 2), S)
        assert d.value == Bcst2(required=True, due_on=date(2018, 11, 12))
        assert (
            "5 working days after arrival in a resettlement prison (HMP Hull) on 5 November 2018, which is later than the BCST1 submission on 2 October 2018"
            in text(d)
        )

    def test_unnamed_prison(self) -> None:
        d = bcst2(custody(prison_name="", in_resettlement_prison_since=None), None, S)
        assert "this prison is not a resettlement prison" in text(d)

    def test_long_sentence_in_a_non_resettlement_prison_gives_the_t3_reason(self) -> None:
        d = bcst2(custody(release_date=date(2025, 1, 1), in_resettlement_prison_since=None), None, S)
        assert d.value.required is False
        assert "rule T3" in text(d)


class TestBcst2Due:
    @pytest.mark.parametrize(
        ("submitted", "due"),
        [
            (date(2018, 10, 2), date(2018, 10, 9)),  # Tuesday to Tuesday
            (date(2018, 10, 6), date(2018, 10, 12)),  # submitted on a Saturday: Monday is the first working day after it
            # Christmas 2018: 25 and 26 December (Tuesday, Wednesday), New Year's Day (Tuesday).
            (date(2018, 12, 21), date(2019, 1, 2)),
            # Christmas 2021 fell on a weekend: substitute days Monday 27 and Tuesday 28 December; New Year's Day moved to Monday 3 January 2022.
            (date(2021, 12, 24), date(2022, 1, 5)),
            # Christmas 2022: Boxing Day Monday 26, Christmas Day (substitute) Tuesday 27; New Year's Day moved to Monday 2 January 2023.
            (date(2022, 12, 23), date(2023, 1, 4)),
            # Easter 2019: Good Friday 19 April, Easter Monday 22 April.
            (date(2019, 4, 18), date(2019, 4, 29)),
            # Easter 2022: Good Friday 15 April, Easter Monday 18 April.
            (date(2022, 4, 13), date(2022, 4, 22)),
        ],
    )
    def test_five_working_days_after_submission(self, submitted: date, due: date) -> None:
        reception = submitted - timedelta(days=1)
        d = bcst2(custody(reception_date=reception, release_date=reception + relativedelta(years=1)), submitted, S)
        assert d.value == Bcst2(required=True, due_on=due)
        assert f"BCST2 due by {format_date(due)}: 5 working days after BCST1 was submitted on {format_date(submitted)} (rule T2" in text(d)
        assert "rule T2, in force throughout the service; the value is setting TTG_BCST2_WORKING_DAYS" in text(d)
        assert "provisional" not in text(d)

    def test_provisional_from_the_bcst1_due_date(self) -> None:
        # Received Monday 1 October 2018, BCST1 due Thursday 4 October: BCST2 by Thursday 11 October until BCST1 is in.
        d = bcst2(custody(), None, S)
        assert d.value == Bcst2(required=True, due_on=date(2018, 10, 11))
        assert d.reasons[-1] == (
            "BCST2 due by 11 October 2018: 5 working days after BCST1 is due on 4 October 2018; provisional until BCST1 is submitted "
            "(rule T2, in force throughout the service; the value is setting TTG_BCST2_WORKING_DAYS)."
        )

    def test_remand_then_sentenced(self) -> None:
        remand = custody(legal_status="REMAND", sentence_type="", release_date=None)
        assert bcst2(remand, None, S).value.required is None
        # Sentenced at 2:15pm on Wednesday 14 November 2018.
        sentenced = dataclasses.replace(
            remand,
            legal_status="SENTENCED",
            sentence_type="DETERMINATE",
            sentenced_at=at(date(2018, 11, 14), 14, 15),
            release_date=date(2019, 6, 1),
        )
        # The later of the BCST1 due date (4 October) and sentencing (14 November): five working days from sentencing.
        d = bcst2(sentenced, None, S)
        assert d.value == Bcst2(required=True, due_on=date(2018, 11, 21))
        assert "after sentencing on 14 November 2018" in text(d)

    def test_the_working_days_are_a_setting(self) -> None:
        d = bcst2(custody(), date(2018, 10, 2), RuleSettings(bcst2_working_days=1))
        assert d.value.due_on == date(2018, 10, 3)
        assert "1 working day after" in text(d)

    @pytest.mark.parametrize("field", ["bcst2_working_days", "handover_working_days"])
    def test_settings_must_be_at_least_one_working_day(self, field: str) -> None:
        with pytest.raises(ValueError, match=field):
            RuleSettings(**{field: 0})


# --------------------------------------------------------------------------------------------------
# T5, T6, T8
# --------------------------------------------------------------------------------------------------


class TestReleaseDates:
    def test_pre_release_opens_12_weeks_before_release(self) -> None:
        d = pre_release(custody(release_date=date(2023, 1, 5)))
        assert d.value == date(2022, 10, 13)
        assert d.reasons == (
            "Pre-release work and review start on 13 October 2022, 12 weeks before release on 5 January 2023 (rule T5, in force throughout the service).",
        )

    def test_handover_10_working_days_before_release_over_christmas(self) -> None:
        # Release Thursday 5 January 2023; 2 January, 27 and 26 December are bank holidays.
        d = handover(custody(release_date=date(2023, 1, 5)), S)
        assert d.value == date(2022, 12, 19)
        assert d.reasons == (
            "Handover to the responsible officer due by 19 December 2022, 10 working days before release on 5 January 2023 "
            "(rule T6, in force throughout the service; the value is setting TTG_HANDOVER_WORKING_DAYS).",
        )

    def test_handover_days_are_a_setting(self) -> None:
        assert handover(custody(release_date=date(2019, 6, 7)), RuleSettings(handover_working_days=1)).value == date(2019, 6, 6)

    @pytest.mark.parametrize(
        ("over", "words"),
        [
            ({"sentence_type": "INDETERMINATE", "release_date": None}, "indeterminate sentence has no fixed release date"),
            ({"release_date": None}, "no release date is recorded"),
            ({"legal_status": "REMAND", "sentence_type": "", "release_date": None}, "on remand"),
        ],
    )
    def test_no_dates_without_a_release_date(self, over: dict[str, Any], words: str) -> None:
        c = custody(**over)
        for d in (pre_release(c), handover(c, S), duty_to_refer(c, date(2018, 10, 2))):
            assert d.value is None
            assert words in text(d)

    def test_duty_to_refer_56_days_before_release(self) -> None:
        d = duty_to_refer(custody(release_date=date(2019, 6, 1)), identified_on=date(2018, 10, 2))
        assert d.value == date(2019, 4, 6)
        assert d.reasons == (
            "Referral due by 6 April 2019, 56 days before release on 1 June 2019. The person must consent and chooses the local housing authority "
            "(rule T8, in force from 1 October 2018).",
        )

    def test_duty_to_refer_at_once_when_release_is_56_days_away_or_closer(self) -> None:
        c = custody(release_date=date(2019, 6, 1))
        assert duty_to_refer(c, identified_on=date(2019, 4, 5)).value == date(2019, 4, 6)
        assert duty_to_refer(c, identified_on=date(2019, 4, 6)).value == date(2019, 4, 6)
        d = duty_to_refer(c, identified_on=date(2019, 5, 20))
        assert d.value == date(2019, 5, 20)
        assert "Refer at once, on 20 May 2019" in text(d)

    def test_no_duty_to_refer_before_october_2018(self) -> None:
        d = duty_to_refer(custody(reception_date=date(2018, 9, 30)), identified_on=date(2018, 9, 30))
        assert d.value is None
        assert d.reasons == (
            "No duty to refer: the homelessness duty to refer did not exist before 1 October 2018; received on 30 September 2018 (rule T8, in force from 1 October 2018).",
        )


class TestScreening:
    def test_all_decisions_together(self) -> None:
        c = custody(previous_release_date=date(2018, 5, 15), previous_bcst1_on_file=True)
        s = screening(c, bcst1_submitted_on=date(2018, 10, 2), settings=S)
        assert s.bcst1.value.due_at == at(date(2018, 10, 4))
        assert s.clone.value is True
        assert s.bcst2.value == Bcst2(required=True, due_on=date(2018, 10, 9))
        assert s.pre_release.value == date(2020, 7, 9)
        assert s.handover.value == date(2020, 9, 17)


# --------------------------------------------------------------------------------------------------
# Deadlines and words
# --------------------------------------------------------------------------------------------------


class TestDeadlines:
    DUE_AT = datetime(2018, 10, 4, 9, 30, tzinfo=LONDON)

    @pytest.mark.parametrize(
        ("now", "state"),
        [
            (DUE_AT - timedelta(hours=24, seconds=1), "due"),
            (DUE_AT - timedelta(hours=24), "due_soon"),
            (DUE_AT, "due_soon"),
            (DUE_AT + timedelta(seconds=1), "overdue"),
        ],
    )
    def test_with_a_time(self, now: datetime, state: str) -> None:
        assert deadline_state(self.DUE_AT, now, S) == state

    @pytest.mark.parametrize(
        ("now", "state"),
        [
            (at(date(2018, 10, 2)), "due"),  # Tuesday: three working days before Friday
            (at(date(2018, 10, 3)), "due_soon"),  # two
            (at(date(2018, 10, 5), 23, 59), "due_soon"),  # the day itself, to midnight in London
            (datetime(2018, 10, 5, 23, 30, tzinfo=UTC), "overdue"),  # 12:30am on Saturday in London
        ],
    )
    def test_with_a_date(self, now: datetime, state: str) -> None:
        assert deadline_state(date(2018, 10, 5), now, S) == state

    def test_due_soon_counts_working_days(self) -> None:
        # On Friday 23 December 2022 (26 and 27 December were bank holidays): Thursday 29 is 2 working days away, Friday 30 is 3.
        assert deadline_state(date(2022, 12, 29), at(date(2022, 12, 23)), S) == "due_soon"
        assert deadline_state(date(2022, 12, 30), at(date(2022, 12, 23)), S) == "due"

    def test_none(self) -> None:
        assert deadline_state(None, self.DUE_AT, S) == "none"

    def test_naive_now_is_refused(self) -> None:
        with pytest.raises(ValueError, match="aware"):
            deadline_state(None, datetime(2018, 10, 1, 9, 30), S)

    @pytest.mark.parametrize(
        ("due", "now", "words"),
        [
            (date(2018, 12, 31), at(date(2018, 12, 26)), "BCST2 due by 31 December 2018 — 3 working days left"),
            (date(2018, 12, 31), at(date(2018, 12, 28)), "BCST2 due by 31 December 2018 — 1 working day left"),
            (date(2018, 12, 31), at(date(2018, 12, 31)), "BCST2 due by 31 December 2018 — due today"),
            (date(2018, 12, 31), at(date(2019, 1, 3)), "BCST2 was due by 31 December 2018 — 2 working days overdue"),
            (date(2018, 12, 29), at(date(2018, 12, 30)), "BCST2 was due by 29 December 2018 — overdue"),
        ],
    )
    def test_words_for_a_date(self, due: date, now: datetime, words: str) -> None:
        assert deadline_words("BCST2", due, now) == words

    def test_words_for_a_time(self) -> None:
        assert (
            deadline_words("BCST1", self.DUE_AT, self.DUE_AT - timedelta(hours=5, minutes=10))
            == "BCST1 due by 9:30am on 4 October 2018 — 5 hours left"
        )
        assert (
            deadline_words("BCST1", self.DUE_AT, self.DUE_AT - timedelta(minutes=10))
            == "BCST1 due by 9:30am on 4 October 2018 — less than 1 hour left"
        )
        assert (
            deadline_words("BCST1", self.DUE_AT, self.DUE_AT + timedelta(hours=1))
            == "BCST1 was due by 9:30am on 4 October 2018 — 1 hour overdue"
        )


class TestCustodyFacts:
    def test_naive_datetimes_are_refused(self) -> None:
        with pytest.raises(ValueError, match="received_at"):
            custody(received_at=datetime(2018, 10, 1, 9, 30))

    @pytest.mark.parametrize(("field", "value"), [("legal_status", "CONVICTED"), ("sentence_type", "LIFE")])
    def test_unknown_codes_are_refused(self, field: str, value: str) -> None:
        with pytest.raises(ValueError, match="Unknown"):
            custody(**{field: value})


# --------------------------------------------------------------------------------------------------
# Properties, over dates from 2015 to 2026
# --------------------------------------------------------------------------------------------------

DATES = st.dates(date(2015, 1, 1), date(2026, 12, 31))
_HOLIDAYS = holidays.country_holidays("GB", subdiv="ENG", years=range(2014, 2029))


def is_working_day(d: date) -> bool:
    """The test's own oracle: a weekday that the holidays package does not list."""
    return d.weekday() < 5 and d not in _HOLIDAYS


@st.composite
def custodies(draw: st.DrawFn) -> Custody:
    reception = draw(DATES)
    received_at = at(reception, draw(st.integers(0, 23)), draw(st.integers(0, 59)))
    legal_status = draw(st.sampled_from(["REMAND", "SENTENCED", "RECALL"]))
    sentenced_at = None
    if legal_status == "REMAND" and draw(st.booleans()):
        sentenced_at = received_at + timedelta(days=draw(st.integers(0, 400)), minutes=draw(st.integers(0, 1440)))
    sentence_type = draw(st.sampled_from(["", "DETERMINATE", "INDETERMINATE"]))
    release_date = draw(st.none() | st.integers(0, 12 * 365).map(lambda n: reception + timedelta(days=n)))
    previous_release = draw(st.none() | st.integers(0, 400).map(lambda n: reception - timedelta(days=n)))
    since = draw(st.none() | st.integers(0, 200).map(lambda n: reception + timedelta(days=n)))
    return Custody(
        received_at=received_at,
        reception_date=reception,
        legal_status=legal_status,
        sentence_type=sentence_type,
        sentenced_at=sentenced_at,
        release_date=release_date,
        previous_release_date=previous_release,
        previous_bcst1_on_file=draw(st.booleans()),
        in_resettlement_prison_since=since,
        prison_name=draw(st.sampled_from(["", "HMP Leeds"])),
    )


@given(custodies(), st.none() | DATES, st.integers(1, 15), st.integers(1, 20))
def test_deadlines_never_fall_on_weekends_or_bank_holidays(c: Custody, submitted: date | None, bcst2_days: int, handover_days: int) -> None:
    s = RuleSettings(bcst2_working_days=bcst2_days, handover_working_days=handover_days)
    due_on = bcst2(c, submitted, s).value.due_on
    if due_on is not None:
        assert is_working_day(due_on)
        assert c.in_resettlement_prison_since is not None and due_on > c.in_resettlement_prison_since
    handover_on = handover(c, s).value
    if handover_on is not None:
        assert is_working_day(handover_on)
        assert c.release_date is not None and handover_on < c.release_date


@given(custodies(), st.none() | DATES, DATES)
def test_every_reason_names_its_rule_and_when_it_came_into_force(c: Custody, submitted: date | None, identified_on: date) -> None:
    s = screening(c, bcst1_submitted_on=submitted, settings=S)
    decisions: list[rules.Decision[Any]] = [s.bcst1, s.clone, s.bcst2, s.pre_release, s.handover, duty_to_refer(c, identified_on)]
    ids = {r.id for r in rules.RULES}
    for d in decisions:
        assert d.reasons
        for reason in d.reasons:
            assert any(f"(rule {i}, in force " in reason for i in ids), reason
            assert reason.endswith(").")
            assert "None" not in reason and not re.search(r"\d{4}-\d\d-\d\d", reason), reason  # GOV.UK dates, no missing values


@given(custodies(), DATES, DATES)
def test_bcst2_required_is_monotone_in_release_date(c: Custody, one: date, other: date) -> None:
    sooner, later = sorted((one, other))
    first = bcst2(dataclasses.replace(c, release_date=sooner), None, S).value.required
    second = bcst2(dataclasses.replace(c, release_date=later), None, S).value.required
    # A later release can only take BCST2 away, never give it.
    if second is True:
        assert first is True
    if first is False:
        assert second is False


@given(st.dates(date(2018, 10, 1), date(2026, 12, 31)))
def test_four_years_is_the_boundary(reference: date) -> None:
    four_years = reference + relativedelta(years=4)
    assert required(reference, four_years) is True
    assert required(reference, four_years + timedelta(days=1)) is False


@given(DATES)
def test_clone_boundary_is_exact(released: date) -> None:
    october_2018 = date(2018, 10, 1)
    three, six = released + relativedelta(months=3), released + relativedelta(months=6)
    for reception in (three, three + timedelta(days=1), six, six + timedelta(days=1)):
        # The version in force on the reception date decides the period: 3 months before 1 October 2018, 6 from then.
        last_day = six if reception >= october_2018 else three
        assert clone(reception, released).value is (reception <= last_day)


@given(custodies(), st.none() | DATES)
def test_bcst2_due_is_after_bcst1(c: Custody, submitted: date | None) -> None:
    due_on = bcst2(c, submitted, S).value.due_on
    due_at = bcst1(c).value.due_at
    if due_on is not None:
        assert due_at is not None
        assert due_on > (submitted or due_at.astimezone(LONDON).date())


@settings(max_examples=50)
@given(st.datetimes(datetime(2015, 1, 1), datetime(2026, 12, 31), timezones=st.just(UTC)), st.integers(-200, 200))
def test_deadline_state_never_goes_back(due: datetime, hours: int) -> None:
    order = ["due", "due_soon", "overdue"]
    now = due + timedelta(hours=hours)
    later = now + timedelta(hours=1)
    for deadline in (due, due.astimezone(LONDON).date()):
        assert order.index(deadline_state(deadline, now, S)) <= order.index(deadline_state(deadline, later, S))


@given(custodies(), st.none() | DATES, st.datetimes(datetime(2015, 1, 1), datetime(2027, 12, 31), timezones=st.just(LONDON)))
def test_a_list_reads_values_without_building_a_reason(c: Custody, submitted: date | None, now: datetime) -> None:
    """What a work list reads (every value and the deadline states) formats no date and cites no rule;
    the reasons are built when first read, once, and are the same as a fresh decision's."""
    words: list[str] = []

    def counting(name: str, real: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            words.append(name)
            return real(*args, **kwargs)

        return wrapper

    citation = Rule.citation
    assert isinstance(citation, property) and citation.fget is not None
    with (
        mock.patch.object(rules, "format_date", counting("format_date", rules.format_date)),
        mock.patch.object(rules, "format_datetime", counting("format_datetime", rules.format_datetime)),
        mock.patch.object(rules, "duration_words", counting("duration_words", rules.duration_words)),
        mock.patch.object(Rule, "citation", property(counting("citation", citation.fget))),
    ):
        s = screening(c, bcst1_submitted_on=submitted, settings=S)
        decisions: list[rules.Decision[Any]] = [s.bcst1, s.clone, s.bcst2, s.pre_release, s.handover]
        values = [d.value for d in decisions]
        deadline_state(s.bcst1.value.due_at, now, S)
        deadline_state(s.bcst2.value.due_on, now, S)
        assert words == []
        read = [d.reasons for d in decisions]
        assert "citation" in words
    fresh = screening(c, bcst1_submitted_on=submitted, settings=S)
    again = [fresh.bcst1, fresh.clone, fresh.bcst2, fresh.pre_release, fresh.handover]
    assert read == [d.reasons for d in again]
    assert all(d.reasons is r for d, r in zip(decisions, read, strict=True))
    assert decisions == again and values == [d.value for d in again]
