"""The notice rules' reasons in Welsh (issue 22), their citations still split off."""

from __future__ import annotations

from django.utils import translation

from ttg.core.rules import split_citations
from ttg.notices.rules import CRCS, sector_included


def test_a_reason_is_welsh_for_a_welsh_reader_and_keeps_its_citation() -> None:
    with translation.override("cy"):
        refused = sector_included([CRCS], "").reasons[0]
    words, cited = split_citations(refused)
    assert words == "Mae’n mynd at CRCs, felly rhaid iddo fynd at eu cadwyni cyflenwi hefyd, neu ddweud pam ddim."
    assert cited == ("rule R-N1, in force throughout the service",)


def test_the_same_reason_is_english_otherwise() -> None:
    with translation.override("en-gb"):
        assert sector_included([CRCS], "").reasons[0] == (
            "It goes to CRCs, so it must go to their supply chains too, or say why not (rule R-N1, in force throughout the service)."
        )
