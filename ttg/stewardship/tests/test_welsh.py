"""The stewardship rules' reasons in Welsh (issue 22), their citations still split off."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ttg.accounts.constants import Role
from ttg.core.rules import split_citations
from ttg.stewardship.rules import against_benchmark, coverage_gap, sustainability
from ttg.stewardship.services import set_benchmark

CITED = ("rule R-A4b, in force throughout the service",)


def test_a_reason_is_welsh_for_a_welsh_reader_and_keeps_its_citation() -> None:
    with translation.override("cy"):
        gap = coverage_gap(people_with_need=3, providers=0).reasons[0]
        one = coverage_gap(people_with_need=1, providers=0).reasons[0]
        below = against_benchmark(Decimal("12.5"), 40).reasons[0]
    words, cited = split_citations(gap)
    assert words == "Mae gan 3 o bobl angen yn y llwybr hwn, ac nid oes gan y gadwyn gyflenwi sefydliad ar ei gyfer yma."
    assert cited == CITED
    assert one.startswith("Mae gan 1 person angen yn y llwybr hwn")
    assert split_citations(below)[0] == "Mae 12.5% yn is na’r meincnod o 40%."


def test_the_same_reasons_are_english_otherwise() -> None:
    with translation.override("en-gb"):
        assert coverage_gap(people_with_need=3, providers=0).reasons[0] == (
            "3 people have a need in it, and the supply chain has no organisation for it here (rule R-A4b, in force throughout the service)."
        )
        assert coverage_gap(people_with_need=0, providers=0).reasons[0].startswith("Nobody in custody here has a need in this pathway")
        aged = sustainability(delivered_pence=100, unpaid_pence=0, aged_pence=1, subsidy_pence=0, threshold_percent=50, aged_days=60)
        assert aged.reasons[0].startswith("Claims have been unpaid for more than 60 days (rule R-A4c, ")


def test_the_services_refusal_is_welsh_for_a_welsh_reader(personas: dict[str, Any]) -> None:
    manager = personas[Role.CONTRACT_MANAGER]
    crc = manager.managed_crcs.first()
    for language, words in (("cy", "Dewiswch ar gyfer beth mae’r meincnod"), ("en-gb", "Select what the benchmark is for")):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            set_benchmark(crc=crc, measure="nothing", percent=50, reason="Why", by=manager)
        assert refused.value.message_dict == {"measure": [words]}
