"""The compliance arithmetic (pure): percentages rounded half up and none for nothing counted, the
two-year window and the last full months, sums that neither lose nor double a count, and weakest first."""

from __future__ import annotations

import itertools
from datetime import date

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from ttg.compliance import rules
from ttg.compliance.rules import Cell, Glance


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_the_rate_is_the_percentage_rounded_half_up(met: int, extra: int) -> None:
    of = met + extra
    value = rules.rate(met, of)
    assert value is not None and 0 <= value <= 100
    assert abs(value - 100 * met / of) <= 0.5
    if (200 * met) % (2 * of) == of:  # exactly half: up
        assert value > 100 * met / of


def test_nothing_counted_is_no_rate_not_zero() -> None:
    assert rules.rate(0, 0) is None and Cell().rate is None
    assert rules.rate(1, 8) == 13 and rules.rate(1, 3) == 33 and rules.rate(2, 3) == 67


@given(st.dates(date(2000, 1, 1), date(2090, 12, 31)))
def test_the_window_is_24_consecutive_months_ending_with_the_current_one(today: date) -> None:
    months = rules.window(today)
    assert len(months) == 24 and months[-1] == today.replace(day=1)
    assert all(rules.add_months(a, 1) == b for a, b in itertools.pairwise(months))
    summary = rules.summary_months(today)
    assert len(summary) == 12 and rules.add_months(summary[-1], 1) == today.replace(day=1) and set(summary) <= set(months)


cells = st.dictionaries(
    st.tuples(st.integers(1, 4), st.sampled_from(rules.window(date(2019, 9, 2)))),
    st.builds(lambda met, extra: Cell(met, met + extra), st.integers(0, 50), st.integers(0, 50)),
)


@given(cells)
def test_sums_by_month_and_by_prison_add_up_to_the_total(found: dict[rules.Key, Cell]) -> None:
    months = rules.window(date(2019, 9, 2))
    total = rules.total(found)
    assert sum(c.of for _, c in rules.by_month(found, months)) == total.of
    assert sum(c.met for c in rules.by_prison(found, months).values()) == total.met


def test_weakest_first_by_the_lowest_figure_then_the_average_and_no_data_last() -> None:
    a = Glance("A", "Alpha", {"bcst1": 90, "handover": 40})
    b = Glance("B", "Bravo", {"bcst1": 50, "handover": 60})
    c = Glance("C", "Charlie", {"bcst1": None})
    d = Glance("D", "Delta", {"bcst1": 40, "handover": 90, "no-service": 10})  # no service: 10% is good (90)
    assert [g.key for g in rules.weakest_first([c, a, b, d])] == ["A", "D", "B", "C"]
    assert a.weakest == ("handover", 40) and c.weakest is None
    # Compared on the figures each has counted: E's 100% on a figure F has nothing to count on does not lift E.
    e = Glance("E", "Echo", {"bcst1": 10, "handover": 0, "activities": 100})
    f = Glance("F", "Foxtrot", {"bcst1": 20, "handover": 0, "activities": None})
    assert [g.key for g in rules.weakest_first([f, e])] == ["E", "F"]
    assert e.mean is not None and f.mean is not None and e.mean > f.mean  # on all its figures E's average is higher


def test_the_sentence_says_what_the_number_is_of() -> None:
    figure = rules.BY_KEY[rules.BCST1]
    months = rules.summary_months(date(2019, 9, 2))
    when = rules.period_words(months)
    assert rules.sentence(figure, Cell(2, 8), "HMP Altcourse", when) == (
        "2 of 8 people received at HMP Altcourse from September 2018 to August 2019 had their BCST1 within 72 hours."
    )
    assert rules.sentence(figure, Cell(1, 1), "HMP Altcourse", "in August 2019") == (
        "1 of 1 person received at HMP Altcourse in August 2019 had their BCST1 within 72 hours."
    )
    assert rules.sentence(figure, Cell(), "HMP Altcourse", "in August 2019") == (
        "No people received at HMP Altcourse in August 2019: nothing to measure."
    )


def test_every_figure_is_said_in_the_readers_language() -> None:
    """Issue 22: a figure's title, definition and sentence are Welsh when Welsh is active, and the English is as it was."""
    figure = rules.BY_KEY[rules.REVIEW]
    months = rules.summary_months(date(2019, 9, 2))
    with translation.override("cy"):
        when = rules.period_words(months)
        assert when == "o fis Medi 2018 i fis Awst 2019"
        assert rules.sentence(figure, Cell(2, 8), "CEF Caerdydd", when) == (
            "Roedd 2 o’r 8 o bobl a ryddhawyd yn CEF Caerdydd o fis Medi 2018 i fis Awst 2019 wedi cael eu hadolygiad "
            "cyn rhyddhau wedi’i gwblhau cyn eu rhyddhau."
        )
        assert figure.title == "Adolygiad cyn rhyddhau wedi’i gwblhau cyn y rhyddhau"
        assert figure.definition.startswith("O blith y bobl a ryddhawyd yn ystod y mis o garchar a oedd yn garchar adsefydlu")
        assert rules.BY_KEY[rules.ACTIVITIES].part_words == ("wedi’u cyfeirio", "gwrthod")
        # Every figure has its words in Welsh, and a sentence for one and for many.
        for each in rules.FIGURES:
            assert each.title != each.english_title or each.key == rules.ACTIVITIES  # "Activities delivered" was translated before
            for cell in (Cell(1, 1), Cell(2, 8), Cell()):
                assert rules.sentence(each, cell, "CEF Caerdydd", when).startswith(("Roedd ", "Dim "))
    with translation.override("en-gb"):
        assert figure.title == "Pre-release review before release"
        assert rules.BY_KEY[rules.ACTIVITIES].part_words == ("signposted", "declined") == rules.BY_KEY[rules.ACTIVITIES].parts
        assert rules.period_words(months) == "from September 2018 to August 2019"
        assert rules.sentence(figure, Cell(1, 1), "HMP Altcourse", "in August 2019") == (
            "1 of 1 person released at HMP Altcourse in August 2019 had their pre-release review completed before release."
        )
