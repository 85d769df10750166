"""The plan rules: named cases (expected values worked out by hand from a calendar), a 7×7 status table, and properties.

No database and no Django: these are plain functions over plain values.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ttg.core.pathways import PATHWAY_CODES
from ttg.plans.catalogue.rules import COHORTS, MODES, CatalogueActivity
from ttg.plans.plan import rules
from ttg.plans.plan.rules import (
    ALLOWED,
    STATUSES,
    PathwayNeed,
    PersonFacts,
    PlanSettings,
    ProposedActivity,
    covered_pathways,
    enhanced_specification_applies,
    handover_due,
    post_release_outcome_due,
    pre_release_review_opens,
    propose_plan,
    resettlement_transfer_by,
    transition,
)
from ttg.screening.questions import PathwayNeeds
from ttg.screening.rules import RuleSettings

S = PlanSettings()
TODAY = date(2019, 5, 1)  # a Wednesday; Monday 6 May 2019 is the early May bank holiday
RELEASE = date(2019, 10, 1)  # the pre-release window opens 84 days before: Tuesday 9 July 2019
PRE_RELEASE = date(2019, 7, 9)
BCST2_DUE = date(2019, 5, 8)
FROM_APRIL_2019 = "in force from 1 April 2019"
THROUGHOUT = "in force throughout the service"


def act(code: str = "X", pathway: str = "accommodation", level: int = 2, **over: Any) -> CatalogueActivity:
    values: dict[str, Any] = {
        "code": code,
        "title": f"Activity {code}",
        "pathway": pathway,
        "level": level,
        "mode": "deliver",
        "signpost_to": "",
        "mandatory": False,
        "cohort": "",
        "guidance": "",
    }
    values.update(over)
    return CatalogueActivity(**values)


# A small catalogue in our reading of Annex A: one or two rows for each rule being tested.
CATALOGUE: tuple[CatalogueActivity, ...] = (
    act("L1-SCREEN", "accommodation", 1, mandatory=True),
    act("L1-PLAN", "ete", 1),
    act("L1-WOMEN", "children_families", 1, cohort="women"),
    act("L1-SEXWORK-INFO", "sex_work", 1),  # on a pathway for women: women only, whatever the cohort
    act("L2-ACC-ADVICE", "accommodation", 2),
    act("L2-ACC-DTR", "accommodation", 2, mandatory=True, mode="signpost", signpost_to="the local housing authority"),
    act("L2-FIN-BANK", "finance", 2, mode="signpost", signpost_to="a bank"),
    act("L2-HEALTH", "health", 2, mode="signpost", signpost_to="prison healthcare"),
    act("L2-ETE", "ete", 2),
    act("L2-ACC-WOMEN", "accommodation", 2, cohort="women"),
    act("L2-ABUSE", "abuse", 2),
    act("L2-SEXWORK", "sex_work", 2, mode="signpost", signpost_to="a specialist organisation"),
    act(
        "L3-DA-REFUGE",
        "accommodation",
        3,
        cohort="domestic_abuse",
        mode="signpost",
        signpost_to="a refuge",
        guidance="Offer a women-only space.",
    ),
    act("L3-DA-SAFETY", "attitudes", 3, cohort="domestic_abuse", mandatory=True),
    act("L3-DA-WOMEN", "abuse", 3, cohort="domestic_abuse", mandatory=True),  # a cohort for anyone, on a pathway for women
    act("L3-LD-EASYREAD", "ete", 3, cohort="learning_disability", mandatory=True, guidance="Use easy read."),
    act("L3-VET", "ete", 3, cohort="veterans"),
    act("L3-CARE", "accommodation", 3, cohort="care_leavers", mandatory=True),
    act("L3-WOMEN-CENTRE", "finance", 3, cohort="women", mandatory=True, mode="signpost", signpost_to="a women's centre"),
    act("L3-ANY", "health", 3, mandatory=True),
    act("L3-ANY-NEED", "health", 3),
)


def person(**over: Any) -> PersonFacts:
    """A man with 4 years or less to serve, in a resettlement prison that has gone live, with no needs."""
    values: dict[str, Any] = {
        "sex": "M",
        "cohorts": frozenset(),
        "needs": (),
        "bcst2_required": True,
        "immediate_need_pathways": frozenset(),
        "release_date": RELEASE,
        "enhanced_specification": True,
        "resettlement_prison": True,
        "prison_name": "HMP Leeds",
    }
    values.update(over)
    return PersonFacts(**values)


def propose(
    p: PersonFacts, catalogue: tuple[CatalogueActivity, ...] = CATALOGUE, **kw: Any
) -> rules.Decision[tuple[ProposedActivity, ...]]:
    kw.setdefault("today", TODAY)
    kw.setdefault("settings", S)
    kw.setdefault("bcst2_due_on", BCST2_DUE)
    return propose_plan(p, catalogue, **kw)


def codes(d: rules.Decision[tuple[ProposedActivity, ...]]) -> list[str]:
    return [pa.activity.code for pa in d.value]


def proposal(d: rules.Decision[tuple[ProposedActivity, ...]], code: str) -> ProposedActivity:
    (only,) = (pa for pa in d.value if pa.activity.code == code)
    return only


def text(reasons: tuple[str, ...]) -> str:
    return " ".join(reasons)


# --------------------------------------------------------------------------------------------------
# Values are checked
# --------------------------------------------------------------------------------------------------


class TestValues:
    @pytest.mark.parametrize(
        ("over", "message"),
        [
            ({"code": " "}, "no code"),
            ({"pathway": "housing"}, "unknown pathway 'housing'"),
            ({"level": 4}, "level must be 1, 2 or 3"),
            ({"level": 0}, "level must be 1, 2 or 3"),
            ({"mode": "refer"}, "mode must be 'deliver' or 'signpost'"),
            ({"mode": "signpost", "signpost_to": ""}, "names what it signposts to"),
            ({"mode": "deliver", "signpost_to": "a bank"}, "names what it signposts to"),
            ({"cohort": "men"}, "unknown cohort 'men'"),
        ],
    )
    def test_a_bad_catalogue_row_is_refused_with_the_field_named(self, over: dict[str, Any], message: str) -> None:
        with pytest.raises(ValueError, match=re.escape(message)):
            act(**{"code": "X", **over})

    @pytest.mark.parametrize(
        ("over", "message"),
        [
            ({"sex": "X"}, "sex must be 'M' or 'F'"),
            ({"cohorts": frozenset({"pirates"})}, "unknown cohorts: pirates"),
            ({"needs": (PathwayNeed("housing", "some"),)}, "unknown pathway 'housing'"),
            ({"needs": (PathwayNeed("ete", "high"),)}, "unknown level 'high'"),
            ({"needs": (PathwayNeed("ete", "some"), PathwayNeed("ete", "none"))}, "listed twice"),
            ({"immediate_need_pathways": frozenset({"housing"})}, "unknown pathways housing"),
        ],
    )
    def test_bad_person_facts_are_refused(self, over: dict[str, Any], message: str) -> None:
        with pytest.raises(ValueError, match=re.escape(message)):
            person(**over)

    def test_settings_must_be_positive(self) -> None:
        with pytest.raises(ValueError, match="immediate_need_working_days"):
            PlanSettings(immediate_need_working_days=0)
        with pytest.raises(ValueError, match="post_release_outcome_weeks"):
            PlanSettings(post_release_outcome_weeks=0)

    def test_a_catalogue_listing_a_code_twice_is_refused(self) -> None:
        with pytest.raises(ValueError, match="more than once: L2-ETE"):
            propose(person(), (*CATALOGUE, act("L2-ETE", "ete", 2)))

    def test_the_screening_summary_is_accepted_as_it_is(self) -> None:
        p = person(needs=(PathwayNeeds(pathway="ete", level="some", needs=("No job on release",)),))
        d = propose(p)
        assert "L2-ETE" in codes(d)
        assert "No job on release" in text(proposal(d, "L2-ETE").reasons)


# --------------------------------------------------------------------------------------------------
# Levels (P2–P5)
# --------------------------------------------------------------------------------------------------


class TestLevel1:
    def test_everyone_gets_level_1_and_nothing_else_without_needs_or_cohorts(self) -> None:
        d = propose(person())
        assert codes(d) == ["L1-SCREEN", "L1-PLAN"]
        assert proposal(d, "L1-PLAN").reasons[0] == (
            f"Level 1: for everyone — screening needs and resettlement planning (rule P2, {FROM_APRIL_2019})."
        )
        assert f"No pathway shows a need, so no Level 2 activities are proposed (rule P3, {FROM_APRIL_2019})." in d.reasons

    def test_level_1_mandatory_and_needs_driven_alike_with_no_need(self) -> None:
        d = propose(person())
        for code in ("L1-SCREEN", "L1-PLAN"):  # mandatory, needs-driven: Level 1 is for everyone
            assert not any(r.startswith(("Mandatory", "Needs-driven")) for r in proposal(d, code).reasons)

    def test_a_womans_level_1_includes_the_women_cohort(self) -> None:
        d = propose(person(sex="F"))
        assert codes(d) == ["L1-SCREEN", "L1-PLAN", "L1-WOMEN", "L1-SEXWORK-INFO", "L3-WOMEN-CENTRE"]
        assert f"For women (rule P4, {FROM_APRIL_2019})." in proposal(d, "L1-WOMEN").reasons


class TestLevel2:
    @pytest.mark.parametrize("level", ["some", "significant"])
    def test_a_need_on_a_pathway_brings_its_level_2_activities(self, level: str) -> None:
        d = propose(person(needs=(PathwayNeed("accommodation", level, ("No fixed abode",)),)))
        assert codes(d) == ["L1-SCREEN", "L1-PLAN", "L2-ACC-ADVICE", "L2-ACC-DTR"]
        assert proposal(d, "L2-ACC-ADVICE").reasons[0] == (
            f"Level 2: a ‘{level}’ need on the Accommodation pathway, from BCST2: No fixed abode (rule P3, {FROM_APRIL_2019})."
        )

    @pytest.mark.parametrize("level", ["none", "unknown"])
    def test_no_need_no_level_2(self, level: str) -> None:
        d = propose(person(needs=(PathwayNeed("accommodation", level),)))
        assert codes(d) == ["L1-SCREEN", "L1-PLAN"]

    def test_an_unknown_need_is_said_so(self) -> None:
        d = propose(person(needs=(PathwayNeed("health", "unknown"),)))
        assert (
            f"No Level 2 activities on the Health pathway: BCST2 has no answer there, so the need is not known — ask at BCST2 (rule P3, {FROM_APRIL_2019})."
            in d.reasons
        )

    def test_mandatory_and_needs_driven_are_told_apart(self) -> None:
        d = propose(person(needs=(PathwayNeed("accommodation", "some"),)))
        assert f"Mandatory: offered whenever Level 2 applies (rule P5, {FROM_APRIL_2019})." in proposal(d, "L2-ACC-DTR").reasons
        assert any(r.startswith("Needs-driven: suggested for this need") for r in proposal(d, "L2-ACC-ADVICE").reasons)

    def test_a_mandatory_level_2_activity_needs_its_pathways_need(self) -> None:
        d = propose(person(needs=(PathwayNeed("finance", "some"),)))
        assert "L2-ACC-DTR" not in codes(d)
        assert "L2-FIN-BANK" in codes(d)

    def test_deliver_or_signpost_is_said(self) -> None:
        d = propose(person(needs=(PathwayNeed("accommodation", "some"),)))
        assert f"Signposted to the local housing authority (rule P6, {FROM_APRIL_2019})." in proposal(d, "L2-ACC-DTR").reasons
        assert f"Delivered by the CRC (rule P6, {FROM_APRIL_2019})." in proposal(d, "L2-ACC-ADVICE").reasons

    def test_a_bcst1_immediate_need_counts_for_a_bcst2_person_too(self) -> None:
        d = propose(person(needs=(PathwayNeed("finance", "none"),), immediate_need_pathways=frozenset({"finance"})))
        assert "L2-FIN-BANK" in codes(d)
        assert (
            proposal(d, "L2-FIN-BANK")
            .reasons[0]
            .startswith("Level 2: an immediate need on the Finance, benefit and debt pathway, flagged at BCST1")
        )

    def test_a_need_from_both_says_both(self) -> None:
        d = propose(person(needs=(PathwayNeed("finance", "significant"),), immediate_need_pathways=frozenset({"finance"})))
        assert "from BCST2; and an immediate need flagged at BCST1" in proposal(d, "L2-FIN-BANK").reasons[0]

    def test_a_cohort_level_2_activity_needs_both_the_need_and_the_cohort(self) -> None:
        needs = (PathwayNeed("accommodation", "some"),)
        assert "L2-ACC-WOMEN" not in codes(propose(person(needs=needs)))
        assert "L2-ACC-WOMEN" in codes(propose(person(sex="F", needs=needs)))
        assert "L2-ACC-WOMEN" not in codes(propose(person(sex="F")))


class TestMoreThanFourYears:
    """T3 / R-S3: no BCST2, so Level 2 comes from the BCST1 immediate needs."""

    def test_planned_from_immediate_needs_only(self) -> None:
        p = person(
            bcst2_required=False,
            needs=(PathwayNeed("accommodation", "significant"), PathwayNeed("ete", "some")),
            immediate_need_pathways=frozenset({"health"}),
        )
        d = propose(p)
        assert codes(d) == ["L1-SCREEN", "L1-PLAN", "L2-HEALTH"]
        assert d.reasons[2] == (
            f"Planned from BCST1 immediate needs: more than 4 years left to serve, so there is no BCST2 (rule P3, {FROM_APRIL_2019}; "
            "rule T3, in force from 1 October 2018)."
        )
        assert f"BCST2 needs given for a person with no BCST2 are not used (rule P3, {FROM_APRIL_2019})." in d.reasons

    def test_no_immediate_needs_level_1_only(self) -> None:
        d = propose(person(bcst2_required=False))
        assert codes(d) == ["L1-SCREEN", "L1-PLAN"]

    def test_bcst2_not_decided_yet_plans_from_what_is_known(self) -> None:
        d = propose(person(bcst2_required=None, needs=(PathwayNeed("ete", "some"),)))
        assert "L2-ETE" in codes(d)

    @given(required=st.sampled_from([True, False, None]), sex=st.sampled_from(["M", "F"]))
    def test_no_complete_bcst2_activity_with_bcst1_only(self, required: bool | None, sex: str) -> None:
        # Issue 23 item 8 (R-S3): BCST1 only means no "Complete BCST2" activity; BCST2 due or not yet
        # decided keeps it.
        catalogue = (act(rules.BCST2_ACTIVITY, "", 1, mandatory=True), *CATALOGUE)
        d = propose(person(bcst2_required=required, sex=sex), catalogue)
        said = [r for r in d.reasons if r.startswith("No “Complete BCST2” activity")]
        if required is False:
            assert rules.BCST2_ACTIVITY not in codes(d) and "L1-PLAN" in codes(d)
            assert said == [
                f"No “Complete BCST2” activity: more than 4 years left to serve, so BCST1 only (rule P2, {FROM_APRIL_2019}; "
                "rule T3, in force from 1 October 2018)."
            ]
        else:
            assert codes(d)[0] == rules.BCST2_ACTIVITY and not said


class TestLevel3:
    def test_a_mandatory_cohort_activity_comes_with_the_cohort_alone(self) -> None:
        d = propose(person(cohorts=frozenset({"learning_disability"})))
        assert codes(d) == ["L1-SCREEN", "L1-PLAN", "L3-LD-EASYREAD", "L3-ANY"]
        assert proposal(d, "L3-LD-EASYREAD").reasons[0] == f"Level 3: for people with a learning disability (rule P4, {FROM_APRIL_2019})."

    def test_a_needs_driven_cohort_activity_needs_the_need_too(self) -> None:
        assert "L3-VET" not in codes(propose(person(cohorts=frozenset({"veterans"}))))
        d = propose(person(cohorts=frozenset({"veterans"}), needs=(PathwayNeed("ete", "some"),)))
        assert "L3-VET" in codes(d)
        assert (
            f"Where the need is: a ‘some’ need on the Education, training and employment pathway, from BCST2 (rule P3, {FROM_APRIL_2019})."
            in (proposal(d, "L3-VET").reasons)
        )

    def test_no_cohort_no_cohort_activity(self) -> None:
        d = propose(person(needs=(PathwayNeed("ete", "some"), PathwayNeed("accommodation", "some"))))
        assert not [c for c in codes(d) if c.startswith("L3")]

    @pytest.mark.parametrize(
        ("cohort", "expected"),
        [
            ("domestic_abuse", ["L3-ANY", "L3-DA-SAFETY"]),  # Health comes before Attitudes in PATHWAYS
            ("learning_disability", ["L3-LD-EASYREAD", "L3-ANY"]),
            ("veterans", ["L3-ANY"]),
            ("care_leavers", ["L3-CARE", "L3-ANY"]),
            ("sex_work", ["L3-ANY"]),
        ],
    )
    def test_each_cohort_brings_its_own_mandatory_activities(self, cohort: str, expected: list[str]) -> None:
        d = propose(person(cohorts=frozenset({cohort})))
        assert [c for c in codes(d) if c.startswith("L3")] == expected

    def test_an_activity_for_any_vulnerability_names_them(self) -> None:
        d = propose(person(cohorts=frozenset({"veterans", "care_leavers"})))
        assert proposal(d, "L3-ANY").reasons[0] == (
            f"Level 3: further needs — the person is among care leavers and veterans of the armed forces (rule P4, {FROM_APRIL_2019})."
        )

    def test_being_a_woman_is_not_by_itself_a_further_need(self) -> None:
        d = propose(person(sex="F", needs=(PathwayNeed("health", "some"),)))
        assert "L3-ANY" not in codes(d)
        assert "L3-ANY-NEED" not in codes(d)
        assert "L3-WOMEN-CENTRE" in codes(d)

    def test_needs_driven_level_3_for_any_vulnerability_needs_the_need(self) -> None:
        assert "L3-ANY-NEED" not in codes(propose(person(cohorts=frozenset({"veterans"}))))
        assert "L3-ANY-NEED" in codes(propose(person(cohorts=frozenset({"veterans"}), needs=(PathwayNeed("health", "some"),))))

    def test_good_practice_is_shown_not_mandated(self) -> None:
        d = propose(person(cohorts=frozenset({"learning_disability"})))
        assert f"Good practice (shown, not mandated): Use easy read. (rule P7, {FROM_APRIL_2019})." in proposal(d, "L3-LD-EASYREAD").reasons
        assert not any("Good practice" in r for r in proposal(d, "L3-ANY").reasons)


class TestWomenOnly:
    def test_women_only_cohorts_are_never_proposed_for_men_even_if_listed(self) -> None:
        d = propose(person(cohorts=frozenset({"women", "domestic_abuse"}), needs=(PathwayNeed("accommodation", "some"),)))
        assert not [pa for pa in d.value if pa.activity.cohort == "women"]

    def test_the_womens_pathways_are_for_women_only(self) -> None:
        needs = (PathwayNeed("abuse", "some"), PathwayNeed("sex_work", "significant"))
        man = propose(person(needs=needs, immediate_need_pathways=frozenset({"abuse"})))
        assert "L2-ABUSE" not in codes(man)
        assert "L2-SEXWORK" not in codes(man)
        assert (
            "A need on the Support for women who have been abused, raped or experienced domestic violence pathway is recorded, but that pathway's "
            f"activities are for women only: consider the Level 3 activities for its cohort (rule P4, {FROM_APRIL_2019})."
        ) in man.reasons
        woman = propose(person(sex="F", needs=needs))
        assert {"L2-ABUSE", "L2-SEXWORK"} <= set(codes(woman))

    def test_domestic_abuse_is_not_a_women_only_cohort_but_the_womens_pathway_is_for_women(self) -> None:
        man = propose(person(cohorts=frozenset({"domestic_abuse"}), needs=(PathwayNeed("accommodation", "some"),)))
        assert {"L3-DA-REFUGE", "L3-DA-SAFETY"} <= set(codes(man))
        assert "L3-DA-WOMEN" not in codes(man)
        woman = propose(person(sex="F", cohorts=frozenset({"domestic_abuse"})))
        assert "L3-DA-WOMEN" in codes(woman)

    def test_a_level_1_activity_on_a_pathway_for_women_is_for_women(self) -> None:
        assert "L1-SEXWORK-INFO" not in codes(propose(person()))
        assert "L1-SEXWORK-INFO" in codes(propose(person(sex="F")))

    def test_coverage_lists_the_womens_pathways_for_women_only(self) -> None:
        assert len(covered_pathways(enhanced=True, sex="F").value) == 9
        assert covered_pathways(enhanced=True, sex="M").value == PATHWAY_CODES[:7]
        assert "(the pathways for women are for women only)" in covered_pathways(enhanced=True, sex="M").reasons[0]


# --------------------------------------------------------------------------------------------------
# Scope and coverage (T7, R-S6, R-F2, P1)
# --------------------------------------------------------------------------------------------------


class TestScope:
    def test_no_plan_in_a_non_resettlement_prison_and_what_applies_instead(self) -> None:
        d = propose(person(enhanced_specification=False, resettlement_prison=False, prison_name="HMP Brixton"))
        assert d.value == ()
        assert d.reasons == (
            "No plan proposed: HMP Brixton is not a resettlement prison, and the enhanced specification applies in resettlement prisons only "
            f"(rule T7, {FROM_APRIL_2019}).",
            "For people released from a non-resettlement prison the NPS may buy TTG services from the CRC's rate card, commissioned "
            f"nationally, by division or by the responsible officer (rule R-F2, {THROUGHOUT}).",
        )

    def test_no_plan_before_go_live_the_2015_model_applies(self) -> None:
        d = propose(person(enhanced_specification=False, sex="F"), today=date(2019, 3, 31))
        assert d.value == ()
        assert (
            d.reasons[0]
            == f"No plan proposed: the enhanced specification has not gone live in HMP Leeds on 31 March 2019 (rule T7, {FROM_APRIL_2019})."
        )
        assert d.reasons[1] == (
            "In a resettlement prison before its go-live date the 2015 model applies: the CRC's resettlement plan is made outside this "
            "catalogue and covers its core areas only. Under the 2015 model the plan covers Accommodation; Finance, benefit and debt; "
            "Education, training and employment; Support for women who have been abused, raped or experienced domestic violence; and "
            "Support for women who have been involved in sex work (rule P1, in force until 31 March 2019)."
        )

    def test_a_resettlement_prison_not_live_after_april_2019_is_a_data_question(self) -> None:
        d = propose(person(enhanced_specification=False), today=date(2019, 4, 1))
        assert d.value == ()
        assert "check the go-live date recorded for HMP Leeds" in d.reasons[1]

    @pytest.mark.parametrize(("today", "has_2015"), [(date(2019, 3, 31), True), (date(2019, 4, 1), False)])
    def test_no_plan_when_the_prison_is_not_known(self, today: date, has_2015: bool) -> None:
        d = propose(person(enhanced_specification=False, resettlement_prison=None), today=today)
        assert d.value == ()
        assert "is not a resettlement prison, or has not reached its go-live date" in d.reasons[0]
        assert "rule R-F2" in d.reasons[1]
        assert ("2015 model" in text(d.reasons)) is has_2015

    def test_the_plan_says_where_the_enhanced_specification_applies(self) -> None:
        d = propose(person())
        assert d.reasons[0] == (
            f"Plan proposed with 2 activities: the enhanced specification applies in HMP Leeds (rule T7, {FROM_APRIL_2019}). "
            "The caseworker edits it and agrees it with the person."
        )
        assert d.reasons[1].startswith(
            "Under the enhanced specification the plan covers Accommodation; Education, training and employment; Health;"
        )
        assert d.reasons[1].endswith(f"(rule P1, {FROM_APRIL_2019}).")

    def test_one_activity_is_singular(self) -> None:
        assert propose(person(), CATALOGUE[:1]).reasons[0].startswith("Plan proposed with 1 activity:")

    def test_an_empty_catalogue_proposes_nothing_with_reasons(self) -> None:
        d = propose(person(), ())
        assert d.value == ()
        assert d.reasons[0].startswith("Plan proposed with 0 activities")


class TestEnhancedSpecificationApplies:
    """T7: every resettlement prison from 1 April 2019, earlier at a prison whose go-live came first."""

    @pytest.mark.parametrize(("on", "applies"), [(date(2019, 3, 31), False), (date(2019, 4, 1), True), (date(2021, 6, 1), True)])
    def test_no_go_live_recorded_the_national_date(self, on: date, applies: bool) -> None:
        d = enhanced_specification_applies(resettlement_prison=True, go_live_on=None, on=on, prison_name="HMP Leeds")
        assert d.value is applies
        assert "no go-live date is recorded for HMP Leeds" in d.reasons[0]
        assert d.reasons[0].endswith(f"(rule T7, {FROM_APRIL_2019}).")

    @pytest.mark.parametrize(("on", "applies"), [(date(2019, 1, 14), False), (date(2019, 1, 15), True), (date(2019, 4, 1), True)])
    def test_an_early_go_live(self, on: date, applies: bool) -> None:
        d = enhanced_specification_applies(resettlement_prison=True, go_live_on=date(2019, 1, 15), on=on)
        assert d.value is applies
        assert "15 January 2019" in d.reasons[0]

    @pytest.mark.parametrize(("on", "applies"), [(date(2020, 5, 31), False), (date(2020, 6, 1), True)])
    def test_a_later_go_live_wins_over_the_national_date(self, on: date, applies: bool) -> None:
        assert enhanced_specification_applies(resettlement_prison=True, go_live_on=date(2020, 6, 1), on=on).value is applies

    @pytest.mark.parametrize("go_live", [None, date(2019, 1, 15)])
    def test_never_in_a_non_resettlement_prison(self, go_live: date | None) -> None:
        d = enhanced_specification_applies(resettlement_prison=False, go_live_on=go_live, on=date(2020, 1, 1), prison_name="HMP Brixton")
        assert d.value is False
        assert "HMP Brixton is not a resettlement prison" in d.reasons[0]
        assert "rule R-F2" in d.reasons[0]


class TestCoverageBoundary:
    """P1: the 2015 model (core areas) until 31 March 2019; the enhanced specification (every pathway) from 1 April 2019."""

    def plan_on(self, on: date) -> rules.Decision[tuple[ProposedActivity, ...]]:
        enhanced = enhanced_specification_applies(resettlement_prison=True, go_live_on=None, on=on).value
        p = person(
            sex="F", enhanced_specification=enhanced, needs=(PathwayNeed("health", "significant"), PathwayNeed("accommodation", "some"))
        )
        return propose(p, today=on)

    def test_31_march_2019_the_2015_model(self) -> None:
        d = self.plan_on(date(2019, 3, 31))
        assert d.value == ()
        assert (
            "Under the 2015 model the plan covers Accommodation; Finance, benefit and debt; Education, training and employment;"
            in d.reasons[1]
        )
        assert "Health" not in d.reasons[1]
        assert "rule P1, in force until 31 March 2019" in d.reasons[1]

    def test_1_april_2019_the_enhanced_specification(self) -> None:
        d = self.plan_on(date(2019, 4, 1))
        assert {"L2-HEALTH", "L2-ACC-ADVICE"} <= set(codes(d))
        assert f"(rule P1, {FROM_APRIL_2019})" in d.reasons[1]
        assert "Health" in d.reasons[1]

    def test_the_two_versions(self) -> None:
        assert covered_pathways(enhanced=False, sex="F").value == ("accommodation", "finance", "ete", "abuse", "sex_work")
        assert covered_pathways(enhanced=False, sex="M").value == ("accommodation", "finance", "ete")
        assert covered_pathways(enhanced=True, sex="F").value == PATHWAY_CODES
        assert rules.rule_in_force("P1", date(2019, 3, 31)).in_force_from is None
        assert rules.rule_in_force("P1", date(2019, 4, 1)).in_force_from == date(2019, 4, 1)
        with pytest.raises(LookupError):
            rules.rule_in_force("T7", date(2019, 3, 31))


# --------------------------------------------------------------------------------------------------
# Due dates (P8–P10)
# --------------------------------------------------------------------------------------------------


class TestDueDates:
    def test_level_1_is_due_with_bcst2(self) -> None:
        pa = proposal(propose(person()), "L1-PLAN")
        assert pa.due_on == BCST2_DUE
        assert f"Due by 8 May 2019, with BCST2 (rule P8, {THROUGHOUT})." in pa.reasons

    def test_level_1_late_bcst2_keeps_its_date_and_says_so(self) -> None:
        pa = proposal(propose(person(), bcst2_due_on=date(2019, 4, 24)), "L1-PLAN")
        assert pa.due_on == date(2019, 4, 24)
        assert "with BCST2 (already passed: the plan is late)" in text(pa.reasons)

    def test_level_1_without_a_bcst2_date(self) -> None:
        pa = proposal(propose(person(), bcst2_due_on=None), "L1-PLAN")
        assert pa.due_on is None
        assert "no BCST2 due date is known" in text(pa.reasons)

    def test_level_1_for_a_person_with_no_bcst2(self) -> None:
        pa = proposal(propose(person(bcst2_required=False), bcst2_due_on=None), "L1-PLAN")
        assert pa.due_on is None
        assert "there is no BCST2 — the caseworker sets the date" in text(pa.reasons)

    # Issue 16: the handover, the pre-release review and the day-one essentials follow the release, not BCST2.
    def test_the_handover_and_the_review_are_due_when_the_handover_is(self) -> None:
        catalogue = (act("handover", "", 1, mandatory=True), act("pre-release-review", "", 1, mandatory=True))
        d = propose(person(), catalogue)
        for code in ("handover", "pre-release-review"):
            pa = proposal(d, code)
            # 10 working days before Tuesday 1 October 2019: Tuesday 17 September.
            assert pa.due_on == date(2019, 9, 17)
            assert (
                "Due by 17 September 2019, when the handover to the responsible officer is due: 10 working days before release on 1 October 2019"
                in text(pa.reasons)
            )
            assert "rule P8" in text(pa.reasons) and "rule T6" in text(pa.reasons)

    def test_the_day_one_essentials_are_due_on_the_release_date(self) -> None:
        pa = proposal(propose(person(), (act("release-essentials", "", 1, mandatory=True),)), "release-essentials")
        assert pa.due_on == RELEASE and "Due by 1 October 2019, the release date" in text(pa.reasons)

    def test_with_no_release_date_they_are_due_with_bcst2(self) -> None:
        pa = proposal(propose(person(release_date=None), (act("handover", "", 1, mandatory=True),)), "handover")
        assert pa.due_on == BCST2_DUE

    def test_the_handover_working_days_are_a_setting(self) -> None:
        pa = proposal(
            propose(person(), (act("handover", "", 1, mandatory=True),), settings=PlanSettings(handover_working_days=5)), "handover"
        )
        assert pa.due_on == date(2019, 9, 24)
        with pytest.raises(ValueError, match="handover_working_days"):
            PlanSettings(handover_working_days=0)

    def test_level_2_is_due_when_the_pre_release_window_opens(self) -> None:
        pa = proposal(propose(person(needs=(PathwayNeed("ete", "some"),))), "L2-ETE")
        assert pa.due_on == PRE_RELEASE
        assert (
            "Due by 9 July 2019, when the pre-release window opens, 12 weeks before release on 1 October 2019 "
            f"(rule P9, {THROUGHOUT}; rule T5, {THROUGHOUT})."
        ) in pa.reasons

    @pytest.mark.parametrize("days", [1, 7, 30, 365])
    def test_the_due_date_moves_with_the_release_date(self, days: int) -> None:
        for delta in (days, -min(days, 60)):
            moved = RELEASE + timedelta(days=delta)
            pa = proposal(propose(person(release_date=moved, needs=(PathwayNeed("ete", "some"),))), "L2-ETE")
            assert pa.due_on == PRE_RELEASE + timedelta(days=delta)

    def test_the_day_the_window_opens_is_due_that_day(self) -> None:
        pa = proposal(propose(person(needs=(PathwayNeed("ete", "some"),)), today=PRE_RELEASE), "L2-ETE")
        assert pa.due_on == PRE_RELEASE
        assert "Due at once, on 9 July 2019: the pre-release window opened on 9 July 2019" in text(pa.reasons)

    def test_once_the_window_has_opened_due_at_once(self) -> None:
        today = date(2019, 8, 20)
        pa = proposal(propose(person(needs=(PathwayNeed("ete", "some"),)), today=today), "L2-ETE")
        assert pa.due_on == today
        assert (
            "Due at once, on 20 August 2019: the pre-release window opened on 9 July 2019, 12 weeks before release on 1 October 2019 "
            f"(rule P9, {THROUGHOUT}; rule T5, {THROUGHOUT})."
        ) in pa.reasons

    def test_release_date_unknown_no_due_date(self) -> None:
        pa = proposal(propose(person(release_date=None, needs=(PathwayNeed("ete", "some"),))), "L2-ETE")
        assert pa.due_on is None
        assert (
            f"No due date yet: no release date is recorded, so there is no pre-release window to count from (rule P9, {THROUGHOUT})."
            in pa.reasons
        )

    def test_an_immediate_need_is_due_in_working_days_over_the_bank_holiday(self) -> None:
        # Wednesday 1 May 2019 + 5 working days, skipping the early May bank holiday (Monday 6 May): Thursday 9 May.
        pa = proposal(propose(person(immediate_need_pathways=frozenset({"finance"}))), "L2-FIN-BANK")
        assert pa.due_on == date(2019, 5, 9)
        assert pa.reasons[-1] == (
            "Due by 9 May 2019: 5 working days from 1 May 2019 for an immediate need flagged at BCST1 "
            f"(rule P10, {THROUGHOUT}; the value is setting TTG_IMMEDIATE_NEED_WORKING_DAYS)."
        )

    def test_an_immediate_need_with_no_release_date_is_still_due(self) -> None:
        pa = proposal(propose(person(release_date=None, immediate_need_pathways=frozenset({"finance"}))), "L2-FIN-BANK")
        assert pa.due_on == date(2019, 5, 9)

    def test_an_immediate_need_after_the_window_opened_is_due_at_once(self) -> None:
        today = date(2019, 9, 2)
        pa = proposal(propose(person(immediate_need_pathways=frozenset({"finance"})), today=today), "L2-FIN-BANK")
        assert pa.due_on == today
        assert "sooner than the 5 working days for an immediate need (rule P10" in pa.reasons[-1]

    def test_the_immediate_need_setting_is_used(self) -> None:
        pa = proposal(
            propose(person(immediate_need_pathways=frozenset({"finance"})), settings=PlanSettings(immediate_need_working_days=1)),
            "L2-FIN-BANK",
        )
        assert pa.due_on == date(2019, 5, 2)
        assert "1 working day from" in pa.reasons[-1]

    def test_level_3_is_due_like_level_2(self) -> None:
        pa = proposal(propose(person(cohorts=frozenset({"care_leavers"}))), "L3-CARE")
        assert pa.due_on == PRE_RELEASE


# --------------------------------------------------------------------------------------------------
# Statuses (P11): every pair of the 7×7 table
# --------------------------------------------------------------------------------------------------

# Expected, worked out from the brief: end undelivered with a reason; delivered and signposted are
# final except re-opened to in progress; declined and not required re-open to planned; cancelled is final.
Y, N = True, False
#          to: planned in_prog deliv signp declin not_req cancel
TABLE = {
    "planned": (N, Y, Y, Y, Y, Y, Y),
    "in_progress": (N, N, Y, Y, Y, Y, Y),
    "delivered": (N, Y, N, N, N, N, N),
    "signposted": (N, Y, N, N, N, N, N),
    "declined": (Y, N, N, N, N, N, N),
    "not_required": (Y, N, N, N, N, N, N),
    "cancelled": (N, N, N, N, N, N, N),
}
PAIRS = [(a, b, TABLE[a][j]) for a in STATUSES for j, b in enumerate(STATUSES)]


class TestTransitions:
    def test_the_table_covers_every_status(self) -> None:
        assert list(TABLE) == list(STATUSES)
        assert len(PAIRS) == 49

    @pytest.mark.parametrize(("current", "new", "allowed"), PAIRS)
    def test_every_pair(self, current: str, new: str, allowed: bool) -> None:
        d = transition(current, new, reason="The person asked", outcome="Bank account opened")
        assert d.value is allowed
        assert (new in ALLOWED[current]) is allowed
        assert len(d.reasons) == 1
        assert d.reasons[0].endswith(f"(rule P11, {THROUGHOUT}).")

    @pytest.mark.parametrize(("current", "new"), [(a, b) for a, b, ok in PAIRS if ok])
    def test_allowed_says_what_changed(self, current: str, new: str) -> None:
        d = transition(current, new, reason="The person asked", outcome="Bank account opened")
        label = rules.STATUS_LABELS
        assert d.reasons[0].startswith(f"{label[current]} to {label[new].lower()}")

    @pytest.mark.parametrize(
        ("current", "new", "why"),
        [
            ("planned", "planned", "Not changed: the activity is already planned"),
            ("cancelled", "planned", "Cannot change cancelled to planned: Cancelled is final"),
            ("delivered", "planned", "Cannot change delivered to planned: Delivered can only be re-opened to in progress"),
            ("signposted", "delivered", "Cannot change signposted to delivered: Signposted can only be re-opened to in progress"),
            ("declined", "in_progress", "Cannot change declined to in progress: Declined can only be re-opened to planned"),
            ("in_progress", "planned", "Cannot change in progress to planned: once started, an activity stays in progress until it ends"),
        ],
    )
    def test_refusals_say_why(self, current: str, new: str, why: str) -> None:
        d = transition(current, new, reason="r", outcome="o")
        assert d.value is False
        assert d.reasons[0].startswith(why)

    @pytest.mark.parametrize("new", ["declined", "not_required", "cancelled"])
    @pytest.mark.parametrize("current", ["planned", "in_progress"])
    @pytest.mark.parametrize("reason", ["", "   \n"])
    def test_ending_undelivered_needs_a_reason(self, current: str, new: str, reason: str) -> None:
        d = transition(current, new, reason=reason)
        assert d.value is False
        assert d.reasons[0].startswith(f"Give a reason to mark an activity {rules.STATUS_LABELS[new].lower()}")
        assert transition(current, new, reason="Moved out of area").value is True

    @pytest.mark.parametrize(
        ("current", "new"),
        [("delivered", "in_progress"), ("signposted", "in_progress"), ("declined", "planned"), ("not_required", "planned")],
    )
    def test_re_opening_needs_a_reason(self, current: str, new: str) -> None:
        d = transition(current, new)
        assert d.value is False
        assert d.reasons[0].startswith("Give a reason to re-open an activity")
        ok = transition(current, new, reason="The tenancy fell through")
        assert ok.value is True
        assert "because: The tenancy fell through" in ok.reasons[0]

    @pytest.mark.parametrize("new", ["delivered", "signposted"])
    @pytest.mark.parametrize("current", ["planned", "in_progress"])
    def test_delivered_or_signposted_needs_an_outcome(self, current: str, new: str) -> None:
        d = transition(current, new, outcome=" ")
        assert d.value is False
        assert d.reasons[0].startswith(f"Record the outcome to mark an activity {new}")
        ok = transition(current, new, outcome="Referred to the local housing authority")
        assert ok.value is True
        assert "with the outcome: Referred to the local housing authority" in ok.reasons[0]

    def test_starting_needs_nothing(self) -> None:
        assert transition("planned", "in_progress") == rules.Decision(True, (f"Planned to in progress (rule P11, {THROUGHOUT}).",))

    @pytest.mark.parametrize(("current", "new"), [("done", "planned"), ("planned", "finished")])
    def test_an_unknown_status_is_an_error(self, current: str, new: str) -> None:
        with pytest.raises(ValueError, match="Unknown"):
            transition(current, new)


# --------------------------------------------------------------------------------------------------
# Through the gate (T5, T6, T9, P12)
# --------------------------------------------------------------------------------------------------


class TestThroughTheGate:
    def test_pre_release_review_opens_12_weeks_before_release(self) -> None:
        d = pre_release_review_opens(RELEASE)
        assert d.value == PRE_RELEASE
        assert d.reasons == (
            f"Pre-release review opens on 9 July 2019, 12 weeks before release on 1 October 2019 (rule T5, {THROUGHOUT}).",
        )

    @pytest.mark.parametrize("days", [-100, -1, 1, 14, 400])
    def test_pre_release_moves_with_the_release_date(self, days: int) -> None:
        assert pre_release_review_opens(RELEASE + timedelta(days=days)).value == PRE_RELEASE + timedelta(days=days)

    def test_no_release_date_no_review_date(self) -> None:
        d = pre_release_review_opens(None)
        assert d.value is None
        assert d.reasons == (f"No pre-release review date yet: no release date is recorded (rule T5, {THROUGHOUT}).",)

    def test_handover_10_working_days_before_release(self) -> None:
        # Tuesday 1 October 2019 back 10 working days (no bank holidays): Tuesday 17 September 2019.
        d = handover_due(RELEASE, RuleSettings())
        assert d.value == date(2019, 9, 17)
        assert d.reasons[0].endswith(
            f"10 working days before release on 1 October 2019 (rule T6, {THROUGHOUT}; the value is setting TTG_HANDOVER_WORKING_DAYS)."
        )

    def test_handover_across_christmas_2019(self) -> None:
        # Thursday 2 January 2020 back 3 working days: 1 Jan, 26 and 25 Dec are bank holidays → 31 Dec (1), 30 Dec (2), 27 Dec (3).
        assert handover_due(date(2020, 1, 2), RuleSettings(handover_working_days=3)).value == date(2019, 12, 27)

    def test_handover_moves_when_the_release_date_moves(self) -> None:
        assert handover_due(date(2019, 10, 8), RuleSettings()).value == date(2019, 9, 24)

    def test_no_release_date_no_handover_date(self) -> None:
        assert handover_due(None, RuleSettings()).value is None

    def test_outcomes_recorded_again_after_release(self) -> None:
        d = post_release_outcome_due(RELEASE, S)
        assert d.value == date(2019, 10, 29)
        assert d.reasons == (
            f"Outcomes recorded again by 29 October 2019, 4 weeks after release on 1 October 2019 (rule P12, {THROUGHOUT}; "
            "the value is setting TTG_POST_RELEASE_OUTCOME_WEEKS).",
        )
        assert (
            post_release_outcome_due(RELEASE, PlanSettings(post_release_outcome_weeks=1))
            .reasons[0]
            .startswith("Outcomes recorded again by 8 October 2019, 1 week after")
        )

    def test_transfer_to_a_resettlement_prison_3_months_before_release(self) -> None:
        assert resettlement_transfer_by(RELEASE).value == date(2019, 7, 1)
        assert resettlement_transfer_by(date(2019, 5, 31)).value == date(2019, 2, 28)
        assert resettlement_transfer_by(None).value is None
        assert "(rule T9, in force throughout the service)" in resettlement_transfer_by(RELEASE).reasons[0]


# --------------------------------------------------------------------------------------------------
# The rule table and the house rules
# --------------------------------------------------------------------------------------------------


class TestRuleTable:
    def test_the_2015_coverage_is_cited_until_the_day_before_the_enhanced_one(self) -> None:
        (v2015,) = (r for r in rules.RULES if r.id == "P1" and r.in_force_from is None)
        assert v2015.citation == "rule P1, in force until 31 March 2019"

    def test_ids_and_dates_are_unique(self) -> None:
        keys = [(r.id, r.in_force_from) for r in rules.RULES]
        assert len(keys) == len(set(keys))

    def test_unsourced_rules_have_settings(self) -> None:
        for rule in rules.RULES:
            assert ("unsourced" in rule.source.lower()) == (rule.setting is not None), rule

    def test_no_id_clashes_with_the_screening_rules(self) -> None:
        from ttg.screening.rules import RULES as SCREENING

        assert not {r.id for r in rules.RULES} & {r.id for r in SCREENING}

    def test_no_django(self) -> None:
        code = "import sys, ttg.plans.plan.rules; bad = [m for m in sys.modules if m.split('.')[0] == 'django']; assert not bad, bad"
        subprocess.run([sys.executable, "-c", code], check=True)


def test_after_release_only_continuing_activities_change() -> None:
    assert rules.activity_changeable(released=False, continues_after_release=False).value is True
    assert rules.activity_changeable(released=True, continues_after_release=True).value is True
    refused = rules.activity_changeable(released=True, continues_after_release=False)
    assert refused.value is False and "continue after release" in refused.reasons[0]


# --------------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------------

DATES = st.dates(date(2018, 6, 1), date(2022, 12, 31))
CODES = [f"A{i:02d}" for i in range(40)]


@st.composite
def activities(draw: st.DrawFn) -> tuple[CatalogueActivity, ...]:
    n = draw(st.integers(0, 25))
    picked = draw(st.lists(st.sampled_from(CODES), min_size=n, max_size=n, unique=True))
    rows = []
    for code in picked:
        mode = draw(st.sampled_from(MODES))
        rows.append(
            CatalogueActivity(
                code=code,
                title=code,
                pathway=draw(st.sampled_from(PATHWAY_CODES)),
                level=draw(st.sampled_from((1, 2, 3))),
                mode=mode,
                signpost_to="a partner" if mode == "signpost" else "",
                mandatory=draw(st.booleans()),
                cohort=draw(st.sampled_from(("", *COHORTS))),
                guidance=draw(st.sampled_from(("", "Some good practice."))),
            )
        )
    return tuple(rows)


@st.composite
def people(draw: st.DrawFn) -> PersonFacts:
    pathways = draw(st.lists(st.sampled_from(PATHWAY_CODES), unique=True, max_size=9))
    return PersonFacts(
        sex=draw(st.sampled_from(("M", "F"))),
        cohorts=frozenset(draw(st.lists(st.sampled_from(list(COHORTS)), unique=True))),
        needs=tuple(PathwayNeed(p, draw(st.sampled_from(("none", "some", "significant", "unknown"))), ("a need",)) for p in pathways),
        bcst2_required=draw(st.sampled_from((True, False, None))),
        immediate_need_pathways=frozenset(draw(st.lists(st.sampled_from(PATHWAY_CODES), unique=True, max_size=4))),
        release_date=draw(st.none() | DATES),
        enhanced_specification=draw(st.booleans()),
        resettlement_prison=draw(st.sampled_from((True, False, None))),
    )


def need_pathways(p: PersonFacts) -> set[str]:
    """The pathways with a need, worked out independently of the code: the definition in issue 5 and R-S3."""
    found = set(p.immediate_need_pathways)
    if p.bcst2_required is not False:
        found |= {n.pathway for n in p.needs if n.level in ("some", "significant")}
    return found


@given(people(), activities(), DATES, st.none() | DATES)
@settings(max_examples=300)
def test_properties_of_a_proposal(p: PersonFacts, catalogue: tuple[CatalogueActivity, ...], today: date, bcst2_due_on: date | None) -> None:
    d = propose_plan(p, catalogue, today=today, settings=S, bcst2_due_on=bcst2_due_on)
    assert d.reasons
    assert all(r.strip() for r in d.reasons)
    if not p.enhanced_specification:
        assert d.value == ()
        return
    seen = [pa.activity.code for pa in d.value]
    assert len(seen) == len(set(seen)), "proposals are unique by code"
    assert all(pa.activity in catalogue for pa in d.value)
    cohorts = set(p.cohorts) | ({"women"} if p.sex == "F" else set())
    for pa in d.value:
        a = pa.activity
        assert pa.reasons and all(r.strip() for r in pa.reasons)
        assert all(re.search(r"\(rule [A-Z]", r) for r in pa.reasons), pa.reasons
        assert pa.reasons[0].startswith(f"Level {a.level}")
        if a.level > 1 and not (a.level == 3 and a.mandatory):
            assert a.pathway in need_pathways(p), "no needs-driven activity on a pathway without a need"
        if p.sex == "M":
            assert a.cohort != "women" and a.pathway not in ("abuse", "sex_work"), "women-only never for men"
        assert a.cohort == "" or a.cohort in cohorts
        if a.level == 1 and a.code in rules.DUE_BY_HANDOVER | rules.DUE_BY_RELEASE and p.release_date is not None:
            assert pa.due_on is not None and pa.due_on <= p.release_date
        elif a.level == 1:
            assert pa.due_on == bcst2_due_on
        elif p.release_date is not None:
            assert pa.due_on is not None
            assert today <= pa.due_on <= max(today, p.release_date - timedelta(weeks=12))
        elif a.pathway not in p.immediate_need_pathways:
            assert pa.due_on is None


@given(people(), activities(), DATES)
def test_every_level_1_activity_for_the_person_is_proposed(p: PersonFacts, catalogue: tuple[CatalogueActivity, ...], today: date) -> None:
    p = dataclasses.replace(p, enhanced_specification=True)
    d = propose_plan(p, catalogue, today=today, settings=S)
    cohorts = set(p.cohorts) | ({"women"} if p.sex == "F" else set())
    expected = {
        a.code
        for a in catalogue
        if a.level == 1
        and (a.cohort == "" or a.cohort in cohorts)
        and (p.sex == "F" or (a.cohort != "women" and a.pathway not in ("abuse", "sex_work")))
    }
    assert {pa.activity.code for pa in d.value if pa.activity.level == 1} == expected


@given(people(), activities(), DATES, st.randoms(use_true_random=False))
def test_the_order_is_deterministic_whatever_the_catalogue_order(
    p: PersonFacts, catalogue: tuple[CatalogueActivity, ...], today: date, rnd: Any
) -> None:
    shuffled = list(catalogue)
    rnd.shuffle(shuffled)
    first = propose_plan(p, catalogue, today=today, settings=S)
    assert propose_plan(p, shuffled, today=today, settings=S) == first
    keys = [(pa.activity.level, PATHWAY_CODES.index(pa.activity.pathway), pa.activity.code) for pa in first.value]
    assert keys == sorted(keys)


@given(people(), activities(), DATES, st.integers(-200, 200))
def test_level_2_and_3_due_dates_move_with_the_release_date(
    p: PersonFacts, catalogue: tuple[CatalogueActivity, ...], today: date, shift: int
) -> None:
    release = today + timedelta(days=200)
    p = dataclasses.replace(p, enhanced_specification=True, immediate_need_pathways=frozenset(), release_date=release)
    moved = dataclasses.replace(p, release_date=release + timedelta(days=shift))
    before = {pa.activity.code: pa.due_on for pa in propose_plan(p, catalogue, today=today, settings=S).value if pa.activity.level > 1}
    after = {pa.activity.code: pa.due_on for pa in propose_plan(moved, catalogue, today=today, settings=S).value if pa.activity.level > 1}
    assert before.keys() == after.keys()
    for code, due in before.items():
        assert due is not None
        assert after[code] == max(today, due + timedelta(days=shift))


@given(st.sampled_from(STATUSES), st.sampled_from(STATUSES), st.text(max_size=5), st.text(max_size=5))
def test_a_transition_always_explains_itself(current: str, new: str, reason: str, outcome: str) -> None:
    d = transition(current, new, reason=reason, outcome=outcome)
    assert len(d.reasons) == 1 and d.reasons[0].strip()
    if d.value:
        assert new in ALLOWED[current]
        if new in rules.ENDED_UNDELIVERED or current in ("delivered", "signposted", "declined", "not_required"):
            assert reason.strip()
        if new in ("delivered", "signposted"):
            assert outcome.strip()


@given(st.none() | DATES, st.integers(1, 20))
def test_handover_is_never_after_the_pre_release_window_opens_before_release(release: date | None, days: int) -> None:
    handover = handover_due(release, RuleSettings(handover_working_days=days)).value
    opens = pre_release_review_opens(release).value
    if release is None:
        assert handover is None and opens is None
    else:
        assert handover is not None and opens is not None
        assert handover < release
        assert opens == release - timedelta(days=84)
