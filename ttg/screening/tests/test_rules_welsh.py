"""The screening rules' reasons in the reader's language (issue 22): Welsh when Welsh is active, the same
English as ever otherwise, the rule citation split off either way (`split_citations`)."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from ttg.core.rules import split_citations
from ttg.screening.rules import ENGLAND, WALES, RuleSettings, deadline_words, handover, homelessness_route
from ttg.screening.tests.test_rules import at, custody

S = RuleSettings()
HANDOVER_EN = "Handover to the responsible officer due by 17 September 2020, 10 working days before release on 1 October 2020."
R_W1 = "rule R-W1, in force throughout the service"
CITATION = "rule T6, in force throughout the service; the value is setting TTG_HANDOVER_WORKING_DAYS"


def _handover_reason() -> str:
    (reason,) = handover(custody(), S).reasons
    return reason


def test_a_handover_reason_is_welsh_when_welsh_is_active_and_english_otherwise() -> None:
    with translation.override("cy"):
        words, cited = split_citations(_handover_reason())
    assert words == "Trosglwyddo i’r swyddog cyfrifol erbyn 17 Medi 2020, 10 diwrnod gwaith cyn y rhyddhau ar 1 Hydref 2020."
    assert cited == (CITATION,)  # citations stay the register's English identifiers
    with translation.override("en-gb"):
        assert split_citations(_handover_reason()) == (HANDOVER_EN, (CITATION,))


def test_the_route_and_a_deadline_in_welsh() -> None:
    with translation.override("cy"):
        # Reasons are built when first read (and kept): read them in the language they are for.
        (route,) = homelessness_route(prison_country=WALES, prison_name="HMP Cardiff", authority="", authority_country=None).reasons
        (english,) = homelessness_route(prison_country=ENGLAND, prison_name="", authority="", authority_country=None).reasons
        words = deadline_words("BCST2", date(2018, 10, 5), at(date(2018, 10, 1)))
    assert split_citations(route)[0].startswith("Mae llwybr cenedlaethol Cymru yn berthnasol:")
    assert split_citations(route)[0].endswith("ac mae HMP Cardiff yng Nghymru.") and split_citations(route)[1] == (R_W1,)
    assert "ac mae’r carchar yn Lloegr" in english
    assert words == "BCST2 erbyn 5 Hydref 2018 — 4 diwrnod gwaith ar ôl"
    assert deadline_words("BCST2", date(2018, 10, 5), at(date(2018, 10, 1))) == "BCST2 due by 5 October 2018 — 4 working days left"
