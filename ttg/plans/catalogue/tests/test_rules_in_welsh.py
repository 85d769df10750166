"""The catalogue's cohort words, read in the plan's reasons, in the reader's language (issue 22)."""

from __future__ import annotations

from django.utils import translation

from ttg.core.rules import split_citations
from ttg.plans.catalogue.rules import COHORTS, CatalogueActivity
from ttg.plans.plan import rules
from ttg.plans.plan.tests.test_rules import S, person


def test_a_cohort_is_named_in_welsh_in_the_reason_it_gives() -> None:
    veterans = CatalogueActivity(
        code="l3-veterans",
        title="Veterans' support",
        pathway="health",
        level=3,
        mode="deliver",
        signpost_to="",
        mandatory=True,
        cohort="veterans",
    )
    facts = person(cohorts=frozenset({"veterans"}))
    with translation.override("en-gb"):
        (english,) = rules.propose_plan(facts, [veterans], today=rules.ENHANCED_FROM, settings=S).value
    with translation.override("cy"):
        (welsh,) = rules.propose_plan(facts, [veterans], today=rules.ENHANCED_FROM, settings=S).value
        assert translation.gettext(COHORTS["veterans"]) == "cyn-filwyr y lluoedd arfog"
    assert english.reasons[0] == "Level 3: for veterans of the armed forces (rule P4, in force from 1 April 2019)."
    words, citations = split_citations(welsh.reasons[0])
    assert words == "Lefel 3: ar gyfer cyn-filwyr y lluoedd arfog." and citations == ("rule P4, in force from 1 April 2019",)
