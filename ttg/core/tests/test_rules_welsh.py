"""The rule framework's own words in Welsh (issue 22): a citation explained to administrators, lengths of
time, a moment. Citations themselves stay English (they are the register's identifiers)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import translation

import ttg.notices.rules  # noqa: F401  (registers rule R-N1, whose title the words name)
from ttg.core.rules import LONDON, citation_words, duration_words, format_datetime

FROM = "rule Z9, in force from 1 October 2018; the value is setting TTG_Z9_DAYS"


def test_a_citation_for_administrators_in_welsh() -> None:
    with translation.override("cy"):
        assert citation_words(FROM) == "Rheol Z9, mewn grym o 1 Hydref 2018. Daw ei gwerth o’r gosodiad TTG_Z9_DAYS."
        assert citation_words("rule R-N1, in force throughout the service") == (
            "Rheol R-N1 (Changes reach everyone who acts on them), mewn grym drwy gydol y gwasanaeth."
        )
        assert duration_words(date(2015, 6, 1), date(2019, 9, 2)) == "4 mlynedd 3 mis 1 diwrnod"
        assert format_datetime(datetime(2019, 10, 4, 9, 30, tzinfo=LONDON)).endswith(" ar 4 Hydref 2019")


def test_the_same_in_english_otherwise() -> None:
    with translation.override("en-gb"):
        assert citation_words(FROM) == "Rule Z9, in force from 1 October 2018. Its value is the setting TTG_Z9_DAYS."
        assert citation_words("rule Z9, in force until 30 September 2018") == "Rule Z9, in force until 30 September 2018."
        assert citation_words("rule R-N1, in force throughout the service") == (
            "Rule R-N1 (Changes reach everyone who acts on them), in force throughout the service."
        )
        assert duration_words(date(2015, 6, 1), date(2019, 9, 2)) == "4 years 3 months 1 day"
        assert format_datetime(datetime(2019, 10, 4, 9, 30, tzinfo=LONDON)) == "9:30am on 4 October 2019"
