"""The plan rules (R-P1…R-P6, T5–T7, T9): propose a resettlement plan from needs, plan-activity statuses,
and the through-the-gate dates. Pure functions over plain values.

No Django here: the standard library, ``dateutil`` and ``holidays`` (through the screening rules) only.
The house style is that of ``ttg.screening.rules``, whose ``Rule``, ``Decision``, ``RuleSettings``,
working-day helpers and date words are imported, not copied. Every decision returns its value with
its reasons in plain words, in the reader's language (``_`` and ``ngettext`` from ``ttg.core.rules``:
docs/welsh.md); each reason names the rule and the date its version came into force.
``docs/rules.md`` ("Plan rules") describes every rule here and is checked against ``RULES`` by a test.

The catalogue is data (R-P3): the Django side picks the catalogue version in force on the plan's
date and hands its rows over as ``CatalogueActivity`` values. The rules only decide which of those
rows a person's plan proposes, why, and by when.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from dateutil.relativedelta import relativedelta

from ttg.core.pathways import PATHWAY_CODES, pathway
from ttg.core.rules import Decision, Rule, _, add_working_days, format_date, gettext_noop, ngettext, register_rules, subtract_working_days
from ttg.core.rules import rule_in_force as rule_in_force_in
from ttg.plans.catalogue.rules import COHORTS, SIGNPOST, WOMEN_ONLY_COHORTS, CatalogueActivity
from ttg.screening.questions import LEVELS
from ttg.screening.rules import PRE_RELEASE_WEEKS, RuleSettings
from ttg.screening.rules import rule_in_force as screening_rule_in_force

# T7: the enhanced specification is in force in every resettlement prison from this day, earlier at a
# prison whose readiness was signed off (its go-live date).
ENHANCED_FROM = date(2019, 4, 1)

# Sourced values (facts.md): literals are allowed for these. Unsourced values live in PlanSettings.
RESETTLEMENT_TRANSFER_MONTHS = 3  # T9
NEED_LEVELS = ("some", "significant")  # the levels of needs_summary that are a need

# The 2015 model's core areas (facts.md "TTG core areas"): support for victims of domestic abuse and
# for sex workers falls on the two women's pathways.
CORE_2015_PATHWAYS: tuple[str, ...] = ("accommodation", "finance", "ete", "abuse", "sex_work")


# --------------------------------------------------------------------------------------------------
# The rule table
# --------------------------------------------------------------------------------------------------


_BRIEF = "Service brief"
_JUSTICE_COMMITTEE = "Justice Committee, “The future of the Probation Service” (2019), paras 88–90"
_ISSUE_5 = "Issue 5 (the specification catalogue and resettlement plans)"
_ISSUE_16 = "Issue 16 (states that agree with what happened)"

RULES: tuple[Rule, ...] = register_rules(
    (
        Rule(
            id="T7",
            title="Enhanced specification in force",
            value="in every resettlement prison from 1 April 2019; earlier at a prison whose readiness was signed off (its go-live date)",
            in_force_from=ENHANCED_FROM,
            source="Seed meeting notes (2018 roundtable on the enhanced TTG specification); HMPPS blog on Clinks (“Launch of an enhanced service through the prison gate”); service brief R-S6, R-M3",
        ),
        Rule(
            id="P1",
            title="Pathways the resettlement plan covers",
            value="the 2015 model: accommodation; finance, benefit and debt; education, training and employment; support for victims of domestic abuse and for sex workers",
            in_force_from=None,
            source=f"facts.md “TTG core areas” (the 2015 model); {_JUSTICE_COMMITTEE}",
        ),
        Rule(
            id="P1",
            title="Pathways the resettlement plan covers",
            value="the enhanced specification: the seven pathways and the two for women, in four need areas (accommodation; ETE; finance, benefit and debt; personal, relationships and community)",
            in_force_from=ENHANCED_FROM,
            source=f"{_BRIEF} R-P1; {_JUSTICE_COMMITTEE}",
        ),
        Rule(
            id="P2",
            title="Level 1: screening needs and resettlement planning",
            value="for everyone; with more than 4 years to serve (BCST1 only), no “Complete BCST2” activity",
            in_force_from=ENHANCED_FROM,
            source=f"{_BRIEF} R-P2, R-P4",
        ),
        Rule(
            id="P3",
            title="Level 2: people with a particular need",
            value="on each pathway with a need from BCST2 (“some” or “significant”) or a BCST1 immediate need; more than 4 years to serve: the pathways of BCST1 immediate needs",
            in_force_from=ENHANCED_FROM,
            source=f"{_BRIEF} R-P2, R-P4, R-S3",
        ),
        Rule(
            id="P4",
            title="Level 3: further needs, complexities and vulnerabilities",
            value="for each cohort the person is in (domestic abuse, learning disability, veterans, care leavers, sex work, women); women-only cohorts and the women's pathways for women only",
            in_force_from=ENHANCED_FROM,
            source=f"{_BRIEF} R-P2; facts.md “Pathways”",
        ),
        Rule(
            id="P5",
            title="Mandatory and needs-driven activities",
            value="a mandatory activity whenever its level applies to the person; a needs-driven one only where its pathway has a need",
            in_force_from=ENHANCED_FROM,
            source=f"{_BRIEF} R-P2, R-P3",
        ),
        Rule(
            id="P6",
            title="Deliver or signpost",
            value="as the catalogue says for each activity: the CRC delivers it, or signposts to the kind of partner it names",
            in_force_from=ENHANCED_FROM,
            source=f"{_BRIEF} R-P3",
        ),
        Rule(
            id="P7",
            title="Good practice for cohorts",
            value="shown with the activity it belongs to, never mandated",
            in_force_from=ENHANCED_FROM,
            source=f"{_BRIEF} R-P6",
        ),
        Rule(
            id="P8",
            title="Level 1 activities due",
            value="with BCST2 (the BCST2 due date, rule T2); the pre-release review and the handover by the day the handover "
            "is due (rule T6), the day-one essentials by the release date, once a release date is known",
            in_force_from=None,
            source=f"{_BRIEF} R-S2 (BCST2 and the resettlement plan are completed together), R-P5; {_ISSUE_16}",
        ),
        Rule(
            id="P9",
            title="Level 2 and 3 activities due",
            value="by the start of the pre-release window, 12 weeks before release (rule T5); at once if it has started",
            in_force_from=None,
            source="HMPPS blog on Clinks (“Launch of an enhanced service through the prison gate”); the 2015 model",
        ),
        Rule(
            id="P10",
            title="Activities for a BCST1 immediate need due",
            value="within 5 working days of the plan, or earlier when P9 gives an earlier date",
            in_force_from=None,
            source="Unsourced (service brief R-S3: the CRC must see and act on immediate needs)",
            setting="TTG_IMMEDIATE_NEED_WORKING_DAYS",
        ),
        Rule(
            id="P11",
            title="Plan activity statuses",
            value="planned, in progress, delivered, signposted, declined, not required, cancelled; a reason where an activity ends undelivered or is re-opened",
            in_force_from=None,
            source=f"{_ISSUE_5}; {_BRIEF} R-P4, U8",
        ),
        Rule(
            id="P13",
            title="Activities that an event completes",
            value="complete BCST2 (BCST2 submitted; not required with more than 4 years to serve), agree the plan (the plan agreed), "
            "pre-release review (the review completed), day-one essentials (the release-day outcomes recorded), handover (the plan "
            "handed over): each takes its status from that event, in the event's transaction, and is never set by hand",
            in_force_from=None,
            source=f"{_ISSUE_16}; {_BRIEF} R-P4, U8",
        ),
        Rule(
            id="P14",
            title="Reference date of the plan",
            value="the reception date of the custody period: the catalogue version and whether the enhanced specification applies "
            "(the prison's go-live date) are those in force on it, not on the day the plan is proposed",
            in_force_from=None,
            source=f"{_BRIEF} R-S5; Issue 23 (the person's journey), item 7",
        ),
        Rule(
            id="P12",
            title="Outcomes recorded again after release",
            value="4 weeks after the release date",
            in_force_from=None,
            source="Unsourced (service brief R-P5, U9)",
            setting="TTG_POST_RELEASE_OUTCOME_WEEKS",
        ),
        Rule(
            id="T9",
            title="Transfer to a resettlement prison",
            value="at least 3 months before release",
            in_force_from=None,
            source="MoJ announcement, July 2013 (Guardian, BBC reports)",
        ),
        Rule(
            id="T9a",
            title="Transfer to a resettlement prison: happened, due or missed",
            value="transferred in time (now in a resettlement prison, arrived by the T9 date); transferred late (arrived after it); "
            "due (still in a non-resettlement prison, the T9 date not passed); missed (still there, the T9 date passed)",
            in_force_from=None,
            source="MoJ announcement, July 2013 (rule T9); Issue 23 (the person's journey), item 4",
        ),
        Rule(
            id="T9b",
            title="Releases from non-resettlement prisons listed",
            value="people held in a non-resettlement prison in this time in custody, due for release in the next 12 weeks",
            in_force_from=None,
            source="Unsourced (Issue 23, item 4: “nobody released unseen”)",
            setting="TTG_RELEASE_LIST_WEEKS",
        ),
        Rule(
            id="R-F2b",
            title="Short release plan",
            value="for a person leaving a non-resettlement prison (no CRC plan): the responsible officer holding their case makes it and "
            "owns it; a few activities (pathway, what, who, by when), each of which can be referred to a partner",
            in_force_from=None,
            source=f"{_BRIEF} R-F2, R-R2; Issue 23 (the person's journey), item 4",
        ),
        Rule(
            id="R-F2",
            title="What applies outside resettlement prisons",
            value="no CRC plan; the NPS may buy TTG services from the CRC's rate card",
            in_force_from=None,
            source=f"{_BRIEF} R-F2",
        ),
    ),
    part="Plan rules",
)


def rule_in_force(rule_id: str, on: date) -> Rule:
    """The version of a plan rule in force on a reference date."""
    return rule_in_force_in(rule_id, on, RULES)


def _rule(rule_id: str) -> Rule:
    """The latest version of a plan rule."""
    return max((r for r in RULES if r.id == rule_id), key=lambda r: r.in_force_from or date.min)


# --------------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanSettings:
    """The unsourced values. Django passes its settings in (names in ``RULES`` and docs/rules.md)."""

    immediate_need_working_days: int = 5  # P10, TTG_IMMEDIATE_NEED_WORKING_DAYS
    post_release_outcome_weeks: int = 4  # P12, TTG_POST_RELEASE_OUTCOME_WEEKS
    handover_working_days: int = 10  # P8 through T6, the screening setting TTG_HANDOVER_WORKING_DAYS

    def __post_init__(self) -> None:
        if self.handover_working_days < 1:
            raise ValueError("handover_working_days must be at least 1 working day")
        if self.immediate_need_working_days < 1:
            raise ValueError("immediate_need_working_days must be at least 1 working day")
        if self.post_release_outcome_weeks < 1:
            raise ValueError("post_release_outcome_weeks must be at least 1 week")


class PathwayNeedLike(Protocol):
    """Anything shaped like ``ttg.screening.questions.PathwayNeeds`` (or ``PathwayNeed`` below)."""

    @property
    def pathway(self) -> str: ...
    @property
    def level(self) -> str: ...
    @property
    def needs(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class PathwayNeed:
    """One pathway's needs from BCST2, as ``questions.PathwayNeeds``: level "none" | "some" | "significant" | "unknown"."""

    pathway: str
    level: str
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonFacts:
    sex: str  # "M" | "F"
    cohorts: frozenset[str]  # from screening answers: keys of COHORTS
    needs: tuple[PathwayNeedLike, ...]  # BCST2 needs by pathway (questions.needs_summary)
    bcst2_required: bool | None  # False = more than four years to serve: plan from BCST1 immediate needs instead
    immediate_need_pathways: frozenset[str]  # pathways with BCST1 immediate needs
    release_date: date | None
    enhanced_specification: bool  # a resettlement prison on or after its go-live date (R-S6, T7): see enhanced_specification_applies
    resettlement_prison: bool | None = None  # only shapes the words when there is no plan; None = not told
    prison_name: str = ""

    def __post_init__(self) -> None:
        if self.sex not in ("M", "F"):
            raise ValueError(f"sex must be 'M' or 'F', not {self.sex!r}")
        unknown = sorted(set(self.cohorts) - set(COHORTS))
        if unknown:
            raise ValueError(f"unknown cohorts: {', '.join(unknown)} (expected some of {', '.join(COHORTS)})")
        seen: set[str] = set()
        for n in self.needs:
            if n.pathway not in PATHWAY_CODES:
                raise ValueError(f"needs: unknown pathway {n.pathway!r}")
            if n.level not in LEVELS:
                raise ValueError(f"needs: pathway {n.pathway!r} has unknown level {n.level!r} (expected one of {', '.join(LEVELS)})")
            if n.pathway in seen:
                raise ValueError(f"needs: pathway {n.pathway!r} is listed twice")
            seen.add(n.pathway)
        bad = sorted(set(self.immediate_need_pathways) - set(PATHWAY_CODES))
        if bad:
            raise ValueError(f"immediate_need_pathways: unknown pathways {', '.join(bad)}")

    @property
    def where(self) -> str:
        return self.prison_name or _("this prison")


@dataclass(frozen=True)
class ProposedActivity:
    activity: CatalogueActivity
    due_on: date | None
    reasons: tuple[str, ...]


# --------------------------------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------------------------------


def _pathway_words(code: str) -> str:
    return _("the %(name)s pathway") % {"name": pathway(code).name}  # the name in the reader's language


def _list_words(items: Sequence[str]) -> str:
    """ "a", "a and b", "a; b; and c" (the items may contain commas)."""
    if len(items) < 2:
        return "".join(items)
    if len(items) == 2:
        return _("%(first)s and %(last)s") % {"first": items[0], "last": items[1]}
    return _("%(items)s; and %(last)s") % {"items": "; ".join(items[:-1]), "last": items[-1]}


def _cohort_words(cohort: str) -> str:
    return _(COHORTS[cohort])


# --------------------------------------------------------------------------------------------------
# Scope (T7, R-S6, R-F2) and coverage (P1)
# --------------------------------------------------------------------------------------------------


def enhanced_specification_applies(
    *, resettlement_prison: bool, go_live_on: date | None, on: date, prison_name: str = ""
) -> Decision[bool]:
    """T7 / R-S6: whether the enhanced specification applies at a prison on a date.

    Resettlement prisons only; from the prison's go-live date when one is recorded (earlier than
    1 April 2019 where readiness was signed off early), otherwise from 1 April 2019.
    """
    t7, scope = _rule("T7"), _rule("R-F2")
    where = prison_name or _("this prison")
    if not resettlement_prison:
        return Decision(
            False,
            (
                _("The enhanced specification does not apply: %(prison)s is not a resettlement prison (%(rule)s).")
                % {"prison": where, "rule": f"{t7.citation}; {scope.citation}"},
            ),
        )
    if go_live_on is not None:
        words = {"prison": where, "date": format_date(go_live_on), "on": format_date(on), "rule": t7.citation}
        if on >= go_live_on:
            return Decision(True, (_("The enhanced specification applies: %(prison)s went live on %(date)s (%(rule)s).") % words,))
        return Decision(
            False, (_("The enhanced specification does not apply yet on %(on)s: %(prison)s goes live on %(date)s (%(rule)s).") % words,)
        )
    words = {"prison": where, "start": format_date(ENHANCED_FROM), "on": format_date(on), "rule": t7.citation}
    if on >= ENHANCED_FROM:
        return Decision(
            True,
            (
                _(
                    "The enhanced specification applies: it is in force in every resettlement prison from %(start)s, "
                    "and no go-live date is recorded for %(prison)s (%(rule)s)."
                )
                % words,
            ),
        )
    return Decision(
        False,
        (
            _(
                "The enhanced specification does not apply yet on %(on)s: no go-live date is recorded for %(prison)s, "
                "so it applies from %(start)s (%(rule)s)."
            )
            % words,
        ),
    )


def plan_reference_date(*, reception_date: date, proposed_on: date, catalogue: tuple[str, date] | None = None) -> Decision[date]:
    """P14 / R-S5: the date whose rules and catalogue a plan is made under: the custody period's reception
    date, whatever day the plan is proposed. `catalogue`: (name, in force from) of the version in force on
    it, for the words; None when no version is."""
    rule = _rule("P14")
    on = {"date": format_date(reception_date), "planned": format_date(proposed_on), "rule": rule.citation}
    if proposed_on == reception_date:
        made = _(
            "Made under the rules in force on %(date)s, the reception date of this custody period (its reference date), "
            "also the day of planning (%(rule)s)."
        )
    else:
        made = _(
            "Made under the rules in force on %(date)s, the reception date of this custody period (its reference date), "
            "not %(planned)s, the day of planning (%(rule)s)."
        )
    words = [made % on]
    if catalogue is not None:
        words.append(
            _("Catalogue: %(name)s, the version in force on %(date)s (from %(start)s).")
            % {"name": catalogue[0], "date": format_date(reception_date), "start": format_date(catalogue[1])}
        )
    else:
        words.append(_("No catalogue version was in force on %(date)s.") % {"date": format_date(reception_date)})
    return Decision(reception_date, tuple(words))


def covered_pathways(*, enhanced: bool, sex: str) -> Decision[tuple[str, ...]]:
    """P1: the pathways a resettlement plan covers. The enhanced specification (where it applies, also at a
    prison that went live before 1 April 2019) covers every pathway; the 2015 model its core areas.
    The two pathways for women are listed for women only."""
    if enhanced:
        rule = _rule("P1")
        codes = PATHWAY_CODES
    else:
        rule = rule_in_force("P1", ENHANCED_FROM - timedelta(days=1))
        codes = CORE_2015_PATHWAYS
    for_person = tuple(c for c in codes if sex == "F" or not pathway(c).women_only)
    if enhanced and sex == "F":
        covers = _("Under the enhanced specification the plan covers %(pathways)s (%(rule)s).")
    elif enhanced:
        covers = _("Under the enhanced specification the plan covers %(pathways)s (the pathways for women are for women only) (%(rule)s).")
    elif sex == "F":
        covers = _("Under the 2015 model the plan covers %(pathways)s (%(rule)s).")
    else:
        covers = _("Under the 2015 model the plan covers %(pathways)s (the pathways for women are for women only) (%(rule)s).")
    names = _list_words([pathway(c).name for c in for_person])
    return Decision(for_person, (covers % {"pathways": names, "rule": rule.citation},))


def _no_plan_reasons(person: PersonFacts, on: date) -> tuple[str, ...]:
    """What applies instead of a proposed plan, where the enhanced specification does not apply."""
    t7, rf2 = _rule("T7"), _rule("R-F2")
    words = {"prison": person.where, "date": format_date(on), "start": format_date(ENHANCED_FROM), "rule": t7.citation}
    nps = _(
        "For people released from a non-resettlement prison the NPS may buy TTG services from the CRC's rate card, "
        "commissioned nationally, by division or by the responsible officer (%(rule)s)."
    ) % {"rule": rf2.citation}
    core = covered_pathways(enhanced=False, sex=person.sex)
    model_2015 = _(
        "In a resettlement prison before its go-live date the 2015 model applies: the CRC's resettlement plan is made outside this "
        "catalogue and covers its core areas only. %(coverage)s"
    ) % {"coverage": core.reasons[0]}
    if person.resettlement_prison is False:
        return (
            _(
                "No plan proposed: %(prison)s is not a resettlement prison, and the enhanced specification applies in resettlement "
                "prisons only (%(rule)s)."
            )
            % words,
            nps,
        )
    if person.resettlement_prison is True:
        head = _("No plan proposed: the enhanced specification has not gone live in %(prison)s on %(date)s (%(rule)s).") % words
        if on >= ENHANCED_FROM:
            return (
                head,
                _("It is in force in every resettlement prison from %(start)s: check the go-live date recorded for %(prison)s (%(rule)s).")
                % words,
            )
        return (head, model_2015)
    head = (
        _(
            "No plan proposed: the enhanced specification does not apply — %(prison)s is not a resettlement prison, or has not "
            "reached its go-live date (%(rule)s)."
        )
        % words
    )
    if on >= ENHANCED_FROM:
        return (head, nps)
    return (head, nps, model_2015)


# --------------------------------------------------------------------------------------------------
# Proposing a plan (P2–P10)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Needs:
    """Where the person has a need, and the words that say where it came from."""

    pathways: dict[str, str]  # pathway code -> "a 'significant' need on the Accommodation pathway, from BCST2"
    immediate: frozenset[str]  # pathways with a BCST1 immediate need (due sooner: P10)
    notes: tuple[str, ...]


def _needs(person: PersonFacts, covered: tuple[str, ...]) -> _Needs:
    p3 = _rule("P3")
    pathways: dict[str, str] = {}
    notes: list[str] = []
    immediate = frozenset(p for p in person.immediate_need_pathways if p in covered)
    if person.bcst2_required is False:
        t3 = f"rule T3, {screening_rule_in_force('T3', ENHANCED_FROM).in_force_words}"
        notes.append(
            _("Planned from BCST1 immediate needs: more than 4 years left to serve, so there is no BCST2 (%(rule)s).")
            % {"rule": f"{p3.citation}; {t3}"}
        )
        if any(n.level in NEED_LEVELS for n in person.needs):
            notes.append(_("BCST2 needs given for a person with no BCST2 are not used (%(rule)s).") % {"rule": p3.citation})
    else:
        for n in person.needs:
            if n.pathway not in covered:
                continue
            if n.level in NEED_LEVELS:
                pathways[n.pathway] = _need_words(n)
            elif n.level == "unknown":
                notes.append(
                    _(
                        "No Level 2 activities on %(pathway)s: BCST2 has no answer there, so the need is not known — ask at BCST2 "
                        "(%(rule)s)."
                    )
                    % {"pathway": _pathway_words(n.pathway), "rule": p3.citation}
                )
    for code in PATHWAY_CODES:
        if code in immediate and code not in pathways:
            pathways[code] = _("an immediate need on %(pathway)s, flagged at BCST1") % {"pathway": _pathway_words(code)}
        elif code in immediate:
            pathways[code] = _("%(need)s; and an immediate need flagged at BCST1") % {"need": pathways[code]}
    if person.sex != "F":
        shown = set(person.immediate_need_pathways)
        if person.bcst2_required is not False:
            shown |= {n.pathway for n in person.needs if n.level in NEED_LEVELS}
        for code in PATHWAY_CODES:
            if code in shown and pathway(code).women_only:
                notes.append(
                    _(
                        "A need on %(pathway)s is recorded, but that pathway's activities are for women only: "
                        "consider the Level 3 activities for its cohort (%(rule)s)."
                    )
                    % {"pathway": _pathway_words(code), "rule": _rule("P4").citation}
                )
    return _Needs(pathways=pathways, immediate=immediate, notes=tuple(notes))


def _need_words(n: PathwayNeedLike) -> str:
    """ "a ‘significant’ need on the Accommodation pathway, from BCST2: rent arrears; no address" (one phrase per level)."""
    words = {"pathway": _pathway_words(n.pathway), "needs": "; ".join(n.needs)}
    if n.level == "significant":
        if n.needs:
            return _("a ‘significant’ need on %(pathway)s, from BCST2: %(needs)s") % words
        return _("a ‘significant’ need on %(pathway)s, from BCST2") % words
    if n.needs:
        return _("a ‘some’ need on %(pathway)s, from BCST2: %(needs)s") % words
    return _("a ‘some’ need on %(pathway)s, from BCST2") % words


def _person_cohorts(person: PersonFacts) -> frozenset[str]:
    """The cohorts the person is in: "women" for women; women-only cohorts never for men."""
    cohorts = set(person.cohorts)
    if person.sex == "F":
        cohorts.add("women")
    else:
        cohorts -= WOMEN_ONLY_COHORTS
    return frozenset(cohorts)


def _level_reasons(a: CatalogueActivity, person: PersonFacts, cohorts: frozenset[str], needs: _Needs) -> tuple[str, ...] | None:
    """Why the activity is proposed, or None when it is not. P2–P5."""
    p2, p3, p4, p5 = _rule("P2"), _rule("P3"), _rule("P4"), _rule("P5")
    if a.women_only and person.sex != "F":
        return None
    if a.code == BCST2_ACTIVITY and person.bcst2_required is False:
        return None  # R-S3: BCST1 only (the proposal's reasons say so)
    if a.cohort and a.cohort not in cohorts:
        return None
    need = needs.pathways.get(a.pathway)
    reasons: list[str] = []
    if a.level == 1:
        reasons.append(_("Level 1: for everyone — screening needs and resettlement planning (%(rule)s).") % {"rule": p2.citation})
        if a.cohort:
            reasons.append(_("For %(cohort)s (%(rule)s).") % {"cohort": _cohort_words(a.cohort), "rule": p4.citation})
        return tuple(reasons)
    if a.level == 2:
        if need is None:
            return None
        reasons.append(_("Level 2: %(need)s (%(rule)s).") % {"need": need, "rule": p3.citation})
        if a.cohort:
            reasons.append(_("For %(cohort)s (%(rule)s).") % {"cohort": _cohort_words(a.cohort), "rule": p4.citation})
    else:
        vulnerable = cohorts - {"women"} if a.cohort == "" else cohorts
        if not vulnerable:
            return None
        if not a.mandatory and need is None:
            return None
        if a.cohort:
            reasons.append(_("Level 3: for %(cohort)s (%(rule)s).") % {"cohort": _cohort_words(a.cohort), "rule": p4.citation})
        else:
            named = _list_words([_cohort_words(c) for c in sorted(vulnerable)])
            reasons.append(
                _("Level 3: further needs — the person is among %(cohorts)s (%(rule)s).") % {"cohorts": named, "rule": p4.citation}
            )
        if need is not None:
            reasons.append(_("Where the need is: %(need)s (%(rule)s).") % {"need": need, "rule": p3.citation})
    if a.mandatory:
        reasons.append(_("Mandatory: offered whenever Level %(level)d applies (%(rule)s).") % {"level": a.level, "rule": p5.citation})
    else:
        reasons.append(
            _("Needs-driven: suggested for this need; the caseworker agrees it with the person by their circumstances (%(rule)s).")
            % {"rule": p5.citation}
        )
    return tuple(reasons)


def _due(
    a: CatalogueActivity, person: PersonFacts, needs: _Needs, *, today: date, bcst2_due_on: date | None, s: PlanSettings
) -> tuple[date | None, str]:
    """P8–P10: the due date of a proposed activity, with its reason."""
    if a.level == 1 and a.code in DUE_BY_HANDOVER | DUE_BY_RELEASE and person.release_date is not None:
        p8, release = _rule("P8"), person.release_date
        if a.code in DUE_BY_RELEASE:
            return release, _("Due by %(date)s, the release date: done before release (%(rule)s).") % {
                "date": format_date(release),
                "rule": p8.citation,
            }
        due = subtract_working_days(release, s.handover_working_days)
        t6 = screening_rule_in_force("T6", today)
        n = s.handover_working_days
        return due, ngettext(
            "Due by %(date)s, when the handover to the responsible officer is due: %(num)d working day before release on "
            "%(release)s (%(rule)s).",
            "Due by %(date)s, when the handover to the responsible officer is due: %(num)d working days before release on "
            "%(release)s (%(rule)s).",
            n,
        ) % {"date": format_date(due), "num": n, "release": format_date(release), "rule": f"{p8.citation}; {t6.citation}"}
    if a.level == 1:
        p8 = _rule("P8")
        if bcst2_due_on is not None:
            with_bcst2 = {"date": format_date(bcst2_due_on), "rule": p8.citation}
            if bcst2_due_on < today:
                return bcst2_due_on, _("Due by %(date)s, with BCST2 (already passed: the plan is late) (%(rule)s).") % with_bcst2
            return bcst2_due_on, _("Due by %(date)s, with BCST2 (%(rule)s).") % with_bcst2
        if person.bcst2_required is False:
            return (
                None,
                _("No due date: Level 1 activities are due with BCST2, and there is no BCST2 — the caseworker sets the date (%(rule)s).")
                % {"rule": p8.citation},
            )
        return None, _("No due date yet: Level 1 activities are due with BCST2, and no BCST2 due date is known (%(rule)s).") % {
            "rule": p8.citation
        }
    p9, t5 = _rule("P9"), screening_rule_in_force("T5", today)
    n = s.immediate_need_working_days
    quick = add_working_days(today, n)
    immediate = a.pathway in needs.immediate
    words: dict[str, str | int] = {
        "today": format_date(today),
        "weeks": PRE_RELEASE_WEEKS,
        "num": n,
        "rule": f"{p9.citation}; {t5.citation}",
    }
    if immediate:
        words["rule_immediate"] = _rule("P10").citation
    if person.release_date is None:
        if immediate:
            return quick, _immediate_words(quick, words)
        return None, _("No due date yet: no release date is recorded, so there is no pre-release window to count from (%(rule)s).") % {
            "rule": p9.citation
        }
    opens = person.release_date - timedelta(weeks=PRE_RELEASE_WEEKS)
    normal = today if opens <= today else opens
    if immediate and quick < normal:
        return quick, _immediate_words(quick, words)
    words |= {"opens": format_date(opens), "release": format_date(person.release_date)}
    if opens <= today and immediate:
        return normal, ngettext(
            "Due at once, on %(today)s: the pre-release window opened on %(opens)s, %(weeks)d weeks before release on %(release)s "
            "(%(rule)s), sooner than the %(num)d working day for an immediate need (%(rule_immediate)s).",
            "Due at once, on %(today)s: the pre-release window opened on %(opens)s, %(weeks)d weeks before release on %(release)s "
            "(%(rule)s), sooner than the %(num)d working days for an immediate need (%(rule_immediate)s).",
            n,
        ) % words
    if opens <= today:
        return normal, _(
            "Due at once, on %(today)s: the pre-release window opened on %(opens)s, %(weeks)d weeks before release on %(release)s "
            "(%(rule)s)."
        ) % words
    if immediate:
        return normal, ngettext(
            "Due by %(opens)s, when the pre-release window opens, %(weeks)d weeks before release on %(release)s (%(rule)s), "
            "sooner than the %(num)d working day for an immediate need (%(rule_immediate)s).",
            "Due by %(opens)s, when the pre-release window opens, %(weeks)d weeks before release on %(release)s (%(rule)s), "
            "sooner than the %(num)d working days for an immediate need (%(rule_immediate)s).",
            n,
        ) % words
    return normal, _(
        "Due by %(opens)s, when the pre-release window opens, %(weeks)d weeks before release on %(release)s (%(rule)s)."
    ) % words


def _immediate_words(quick: date, words: dict[str, str | int]) -> str:
    """P10: due within some working days of the plan, for a BCST1 immediate need."""
    return ngettext(
        "Due by %(date)s: %(num)d working day from %(today)s for an immediate need flagged at BCST1 (%(rule)s).",
        "Due by %(date)s: %(num)d working days from %(today)s for an immediate need flagged at BCST1 (%(rule)s).",
        int(words["num"]),
    ) % {**words, "date": format_date(quick), "rule": words["rule_immediate"]}


# R-S3 / P2: the catalogue activity "Complete BCST2", which a person with more than 4 years to serve does not get.
BCST2_ACTIVITY = "screening-bcst2"

# P8: the Level 1 activities whose pace the handover and the release set, not BCST2 (catalogue codes).
DUE_BY_HANDOVER = frozenset({"pre-release-review", "handover"})
DUE_BY_RELEASE = frozenset({"release-essentials"})


def _sort_key(a: CatalogueActivity) -> tuple[int, int, str]:
    return (a.level, PATHWAY_CODES.index(a.pathway) if a.pathway else -1, a.code)


def propose_plan(
    person: PersonFacts,
    catalogue: Sequence[CatalogueActivity],
    *,
    today: date,
    settings: PlanSettings,
    bcst2_due_on: date | None = None,
    reference: Decision[date] | None = None,
) -> Decision[tuple[ProposedActivity, ...]]:
    """R-P4: the activities to propose from the catalogue in force, for the caseworker to edit and agree with the person.

    Level 1 for everyone; Level 2 on each pathway with a need; Level 3 for the person's cohorts.
    Ordered by level, then pathway (PATHWAYS order), then code. Outside the enhanced specification:
    nothing, and the reasons say what applies instead.

    `reference` (P14, ``plan_reference_date``): the reference date whose rules decided whether the
    enhanced specification applies (``person.enhanced_specification``); its reasons end the proposal's.
    Due dates still count from `today`. Without it the words speak of `today`.
    """
    codes = [a.code for a in catalogue]
    twice = sorted({c for c in codes if codes.count(c) > 1})
    if twice:
        raise ValueError(f"Catalogue lists these codes more than once: {', '.join(twice)}")
    on = reference.value if reference is not None else today
    why_date = reference.reasons if reference is not None else ()
    if not person.enhanced_specification:
        return Decision((), (*_no_plan_reasons(person, on), *why_date))

    coverage = covered_pathways(enhanced=True, sex=person.sex)
    needs = _needs(person, coverage.value)
    cohorts = _person_cohorts(person)
    p2_rule, p6, p7 = _rule("P2"), _rule("P6"), _rule("P7")
    proposals: list[ProposedActivity] = []
    for a in sorted(catalogue, key=_sort_key):
        why = _level_reasons(a, person, cohorts, needs)
        if why is None:
            continue
        due_on, due_words = _due(a, person, needs, today=today, bcst2_due_on=bcst2_due_on, s=settings)
        if a.mode == SIGNPOST:
            how = _("Signposted to %(partner)s (%(rule)s).") % {"partner": a.signpost_to, "rule": p6.citation}
        else:
            how = _("Delivered by the CRC (%(rule)s).") % {"rule": p6.citation}
        guidance = (
            (_("Good practice (shown, not mandated): %(guidance)s (%(rule)s).") % {"guidance": a.guidance, "rule": p7.citation},)
            if a.guidance.strip()
            else ()
        )
        proposals.append(ProposedActivity(activity=a, due_on=due_on, reasons=(*why, how, due_words, *guidance)))

    t7 = _rule("T7")
    summary = ngettext(
        "Plan proposed with %(num)d activity: the enhanced specification applies in %(prison)s (%(rule)s). "
        "The caseworker edits it and agrees it with the person.",
        "Plan proposed with %(num)d activities: the enhanced specification applies in %(prison)s (%(rule)s). "
        "The caseworker edits it and agrees it with the person.",
        len(proposals),
    ) % {"num": len(proposals), "prison": person.where, "rule": t7.citation}
    no_need: tuple[str, ...] = ()
    if person.bcst2_required is False and any(a.code == BCST2_ACTIVITY for a in catalogue):
        t3 = f"rule T3, {screening_rule_in_force('T3', ENHANCED_FROM).in_force_words}"
        no_need += (
            _("No “Complete BCST2” activity: more than 4 years left to serve, so BCST1 only (%(rule)s).")
            % {"rule": f"{p2_rule.citation}; {t3}"},
        )
    if not needs.pathways:
        no_need += (_("No pathway shows a need, so no Level 2 activities are proposed (%(rule)s).") % {"rule": _rule("P3").citation},)
    return Decision(tuple(proposals), (summary, *coverage.reasons, *needs.notes, *no_need, *why_date))


# --------------------------------------------------------------------------------------------------
# Plan activity statuses (P11)
# --------------------------------------------------------------------------------------------------

PLANNED, IN_PROGRESS, DELIVERED, SIGNPOSTED, DECLINED, NOT_REQUIRED, CANCELLED = STATUSES = (
    "planned",
    "in_progress",
    "delivered",
    "signposted",
    "declined",
    "not_required",
    "cancelled",
)
# Translated where they are read: `_(STATUS_LABELS[status])` (here, in views and templates).
STATUS_LABELS = {
    PLANNED: gettext_noop("Planned"),
    IN_PROGRESS: gettext_noop("In progress"),
    DELIVERED: gettext_noop("Delivered"),
    SIGNPOSTED: gettext_noop("Signposted"),
    DECLINED: gettext_noop("Declined"),
    NOT_REQUIRED: gettext_noop("Not required"),
    CANCELLED: gettext_noop("Cancelled"),
}
ENDED_UNDELIVERED = frozenset({DECLINED, NOT_REQUIRED, CANCELLED})
DONE = frozenset({DELIVERED, SIGNPOSTED})
_ENDINGS = frozenset({DELIVERED, SIGNPOSTED, DECLINED, NOT_REQUIRED, CANCELLED})

ALLOWED: dict[str, frozenset[str]] = {
    PLANNED: frozenset({IN_PROGRESS} | _ENDINGS),
    IN_PROGRESS: _ENDINGS,
    DELIVERED: frozenset({IN_PROGRESS}),  # re-opened, with a reason
    SIGNPOSTED: frozenset({IN_PROGRESS}),  # re-opened, with a reason
    DECLINED: frozenset({PLANNED}),  # the person changed their mind, with a reason
    NOT_REQUIRED: frozenset({PLANNED}),  # needs changed, with a reason
    CANCELLED: frozenset(),  # final
}


# --------------------------------------------------------------------------------------------------
# Activities that an event completes (P13)
# --------------------------------------------------------------------------------------------------

# The events, as the services that record them name them.
BCST2_SUBMITTED, BCST2_NOT_REQUIRED, PLAN_AGREED, REVIEW_COMPLETED, RELEASE_DAY_RECORDED, HANDED_OVER = EVENTS = (
    "bcst2_submitted",
    "bcst2_not_required",
    "plan_agreed",
    "review_completed",
    "release_day_recorded",
    "handed_over",
)


@dataclass(frozen=True)
class CompletingEvent:
    """What an event does to the catalogue activity it completes: the status it gives, and the words
    recorded as the outcome (for a status that ends undelivered, as the reason), marked for translation
    and translated where they are read. ``%(date)s`` is the event's date; ``%(detail)s`` what the service
    adds (" with the person", " to David Jones")."""

    activity: str  # the catalogue activity's code (the same in every catalogue version)
    status: str
    words: str


COMPLETES: dict[str, CompletingEvent] = {
    BCST2_SUBMITTED: CompletingEvent("screening-bcst2", DELIVERED, gettext_noop("BCST2 submitted on %(date)s.")),
    BCST2_NOT_REQUIRED: CompletingEvent(
        "screening-bcst2", NOT_REQUIRED, gettext_noop("Not needed: more than 4 years to serve, so BCST1 only (decided on %(date)s).")
    ),
    PLAN_AGREED: CompletingEvent("agree-plan", DELIVERED, gettext_noop("Plan agreed%(detail)s on %(date)s.")),
    REVIEW_COMPLETED: CompletingEvent("pre-release-review", DELIVERED, gettext_noop("Pre-release review completed on %(date)s.")),
    RELEASE_DAY_RECORDED: CompletingEvent(
        "release-essentials", DELIVERED, gettext_noop("Day-one essentials checked: release-day outcomes recorded on %(date)s.")
    ),
    HANDED_OVER: CompletingEvent("handover", DELIVERED, gettext_noop("Handed over%(detail)s on %(date)s.")),
}
# For each such activity, when it is done, in words (the activity page says it instead of offering the status);
# translated where they are read, `_(DONE_WHEN[code])`.
DONE_WHEN: dict[str, str] = {
    "screening-bcst2": gettext_noop("when BCST2 is submitted (or marked not needed when the person has more than 4 years to serve)"),
    "agree-plan": gettext_noop("when the plan is agreed"),
    "pre-release-review": gettext_noop("when the pre-release review is completed"),
    "release-essentials": gettext_noop("when the release-day outcomes are recorded"),
    "handover": gettext_noop("when the plan is handed over to the responsible officer"),
}
# These happen before release, so none of them continues after it.
BEFORE_RELEASE_ONLY = frozenset(DONE_WHEN)


def completed_by_event(code: str | None) -> bool:
    """P13: whether an event sets this catalogue activity's status (so it is never set by hand)."""
    return bool(code) and code in DONE_WHEN


def status_from_event(*, code: str, current: str, event: str, on: date, detail: str = "") -> Decision[tuple[str, str] | None]:
    """P13: the status and the words an activity takes when an event happens: ``(status, words)``, or
    None when the event does not complete this activity or it already has that status."""
    rule = _rule("P13")
    if event not in COMPLETES:
        raise ValueError(f"Unknown event {event!r}: expected one of {', '.join(EVENTS)}")
    if current not in STATUSES:
        raise ValueError(f"Unknown current status {current!r}: expected one of {', '.join(STATUSES)}")
    completes = COMPLETES[event]
    if completes.activity != code:
        return Decision(None, (_("This event does not complete this activity (%(rule)s).") % {"rule": rule.citation},))
    if current == completes.status:
        return Decision(None, (_("Already %(status)s (%(rule)s).") % {"status": _(STATUS_LABELS[current]).lower(), "rule": rule.citation},))
    words = _(completes.words) % {"date": format_date(on), "detail": f" {detail}" if detail else ""}
    return Decision(
        (completes.status, words),
        (
            _("%(status)s %(when)s: %(words)s (%(rule)s)")
            % {"status": _(STATUS_LABELS[completes.status]), "when": _(DONE_WHEN[code]), "words": words, "rule": rule.citation},
        ),
    )


def set_by_hand(code: str | None, current: str, new: str) -> Decision[bool]:
    """P13: a status change by hand is refused for an activity that an event completes."""
    if current == new or not completed_by_event(code):
        return Decision(True, ())
    assert code is not None
    return Decision(
        False,
        (
            _("This activity is marked done %(when)s: its status follows that, and cannot be changed here (%(rule)s).")
            % {"when": _(DONE_WHEN[code]), "rule": _rule("P13").citation},
        ),
    )


def activity_changeable(*, released: bool, continues_after_release: bool) -> Decision[bool]:
    """After release only activities that continue in the community can be changed."""
    if released and not continues_after_release:
        return Decision(
            False,
            (_("The person has been released: only activities that continue after release can be changed."),),
        )
    return Decision(True, ())


def needs_reason(current: str, new: str) -> bool:
    """A reason is needed to end an activity undelivered, and to re-open one that had ended."""
    return new in ENDED_UNDELIVERED or current in _ENDINGS


def needs_outcome(new: str) -> bool:
    """An outcome is recorded when an activity is delivered or signposted (U8: outcomes, not paperwork)."""
    return new in DONE


def transition(current: str, new: str, *, reason: str = "", outcome: str = "") -> Decision[bool]:
    """P11: whether a plan activity may move from one status to another, with the reason why or why not."""
    rule = _rule("P11")
    for name, status in (("current", current), ("new", new)):
        if status not in STATUSES:
            raise ValueError(f"Unknown {name} status {status!r}: expected one of {', '.join(STATUSES)}")
    label = _(STATUS_LABELS[current])
    words = {"current": label.lower(), "new": _(STATUS_LABELS[new]).lower(), "label": label, "rule": rule.citation}
    if current == new:
        return Decision(False, (_("Not changed: the activity is already %(current)s (%(rule)s).") % words,))
    if new not in ALLOWED[current]:
        if not ALLOWED[current]:
            why = _("Cannot change %(current)s to %(new)s: %(label)s is final (%(rule)s).")
        elif current in DONE:
            why = _("Cannot change %(current)s to %(new)s: %(label)s can only be re-opened to in progress (%(rule)s).")
        elif current in ENDED_UNDELIVERED:
            why = _("Cannot change %(current)s to %(new)s: %(label)s can only be re-opened to planned (%(rule)s).")
        else:
            why = _("Cannot change %(current)s to %(new)s: once started, an activity stays in progress until it ends (%(rule)s).")
        return Decision(False, (why % words,))
    if needs_reason(current, new) and not reason.strip():
        if current in _ENDINGS:
            return Decision(False, (_("Give a reason to re-open an activity (%(rule)s).") % words,))
        return Decision(False, (_("Give a reason to mark an activity %(new)s (%(rule)s).") % words,))
    if needs_outcome(new) and not outcome.strip():
        return Decision(False, (_("Record the outcome to mark an activity %(new)s (%(rule)s).") % words,))
    words |= {"reason": reason.strip(), "outcome": outcome.strip()}
    if reason.strip() and outcome.strip():
        changed = _("%(label)s to %(new)s, because: %(reason)s, with the outcome: %(outcome)s (%(rule)s).")
    elif reason.strip():
        changed = _("%(label)s to %(new)s, because: %(reason)s (%(rule)s).")
    elif outcome.strip():
        changed = _("%(label)s to %(new)s, with the outcome: %(outcome)s (%(rule)s).")
    else:
        changed = _("%(label)s to %(new)s (%(rule)s).")
    return Decision(True, (changed % words,))


# --------------------------------------------------------------------------------------------------
# Through the gate (T5, T6, T9, P12)
# --------------------------------------------------------------------------------------------------


def pre_release_review_opens(release_date: date | None, today: date | None = None) -> Decision[date | None]:
    """T5 (the screening rule): the pre-release review opens 12 weeks (84 days) before release. Given
    `today`, the words are in its tense ("opened on" a date already passed)."""
    rule = screening_rule_in_force("T5", release_date or ENHANCED_FROM)
    if release_date is None:
        return Decision(None, (_("No pre-release review date yet: no release date is recorded (%(rule)s).") % {"rule": rule.citation},))
    opens = release_date - timedelta(weeks=PRE_RELEASE_WEEKS)
    words = {"date": format_date(opens), "weeks": PRE_RELEASE_WEEKS, "release": format_date(release_date), "rule": rule.citation}
    if today is not None and opens < today:
        review = _("Pre-release review opened on %(date)s, %(weeks)d weeks before release on %(release)s (%(rule)s).")
    elif opens == today:
        review = _("Pre-release review opens today, %(date)s, %(weeks)d weeks before release on %(release)s (%(rule)s).")
    else:
        review = _("Pre-release review opens on %(date)s, %(weeks)d weeks before release on %(release)s (%(rule)s).")
    return Decision(opens, (review % words,))


def handover_due(release_date: date | None, s: RuleSettings, today: date | None = None) -> Decision[date | None]:
    """T6 (the screening rule and its setting TTG_HANDOVER_WORKING_DAYS): the handover to the responsible officer.
    Given `today`, a date already passed is said in the past ("was due by")."""
    rule = screening_rule_in_force("T6", release_date or ENHANCED_FROM)
    if release_date is None:
        return Decision(None, (_("No handover date yet: no release date is recorded (%(rule)s).") % {"rule": rule.citation},))
    n = s.handover_working_days
    due = subtract_working_days(release_date, n)
    words = {"date": format_date(due), "num": n, "release": format_date(release_date), "rule": rule.citation}
    if today is not None and due < today:
        handover = ngettext(
            "Handover to the responsible officer, with the plan, was due by %(date)s, %(num)d working day before release on "
            "%(release)s (%(rule)s).",
            "Handover to the responsible officer, with the plan, was due by %(date)s, %(num)d working days before release on "
            "%(release)s (%(rule)s).",
            n,
        )
    else:
        handover = ngettext(
            "Handover to the responsible officer, with the plan, due by %(date)s, %(num)d working day before release on "
            "%(release)s (%(rule)s).",
            "Handover to the responsible officer, with the plan, due by %(date)s, %(num)d working days before release on "
            "%(release)s (%(rule)s).",
            n,
        )
    return Decision(due, (handover % words,))


def post_release_outcome_due(released_on: date, s: PlanSettings) -> Decision[date]:
    """P12: outcomes (accommodation and the rest) are recorded again some weeks after release (a setting)."""
    rule = _rule("P12")
    n = s.post_release_outcome_weeks
    due = released_on + timedelta(weeks=n)
    return Decision(
        due,
        (
            ngettext(
                "Outcomes recorded again by %(date)s, %(num)d week after release on %(released)s (%(rule)s).",
                "Outcomes recorded again by %(date)s, %(num)d weeks after release on %(released)s (%(rule)s).",
                n,
            )
            % {"date": format_date(due), "num": n, "released": format_date(released_on), "rule": rule.citation},
        ),
    )


def resettlement_transfer_by(release_date: date | None) -> Decision[date | None]:
    """T9: a person should be in a resettlement prison at least 3 calendar months before release."""
    rule = _rule("T9")
    if release_date is None:
        return Decision(None, (_("No transfer date yet: no release date is recorded (%(rule)s).") % {"rule": rule.citation},))
    by = release_date - relativedelta(months=RESETTLEMENT_TRANSFER_MONTHS)
    return Decision(
        by,
        (
            _("Transfer to a resettlement prison by %(date)s, %(months)d months before release on %(release)s (%(rule)s).")
            % {
                "date": format_date(by),
                "months": RESETTLEMENT_TRANSFER_MONTHS,
                "release": format_date(release_date),
                "rule": rule.citation,
            },
        ),
    )


# T9a: where a person stands against T9 (the transfer to a resettlement prison).
TRANSFERRED = "transferred"
TRANSFERRED_LATE = "transferred_late"
TRANSFER_DUE = "due"
TRANSFER_MISSED = "missed"
TRANSFER_STATUSES = (TRANSFERRED, TRANSFERRED_LATE, TRANSFER_DUE, TRANSFER_MISSED)
TRANSFER_LABELS = {  # translated where they are read
    TRANSFERRED: gettext_noop("Transferred in time"),
    TRANSFERRED_LATE: gettext_noop("Transferred late"),
    TRANSFER_DUE: gettext_noop("Transfer due"),
    TRANSFER_MISSED: gettext_noop("Transfer missed"),
}


def resettlement_transfer(*, release_date: date, today: date, in_resettlement_prison: bool, arrived_on: date | None) -> Decision[str]:
    """T9a: whether the transfer to a resettlement prison that T9 asks for happened (in time or late), is
    still due, or was missed. `in_resettlement_prison`: whether the prison the person is in now is a
    resettlement prison today; `arrived_on`: the day they arrived there (their reception, if they never moved).

    This is the single definition; the release list (``ttg.referrals.selectors_release``) asks the same
    question in SQL, and a test checks that the two agree on every date.
    """
    rule, by = _rule("T9a"), resettlement_transfer_by(release_date).value
    assert by is not None
    words = {"by": format_date(by), "months": RESETTLEMENT_TRANSFER_MONTHS, "release": format_date(release_date), "rule": rule.citation}
    if in_resettlement_prison:
        arrived = arrived_on or today
        words["arrived"] = format_date(arrived)
        if arrived <= by:
            return Decision(
                TRANSFERRED,
                (
                    _("In a resettlement prison since %(arrived)s, by %(by)s, %(months)d months before release on %(release)s (%(rule)s).")
                    % words,
                ),
            )
        return Decision(
            TRANSFERRED_LATE,
            (
                _(
                    "In a resettlement prison only since %(arrived)s, after %(by)s, %(months)d months before release on %(release)s "
                    "(%(rule)s)."
                )
                % words,
            ),
        )
    if today <= by:
        return Decision(
            TRANSFER_DUE,
            (
                _(
                    "Still in a non-resettlement prison: the transfer to a resettlement prison is due by %(by)s, %(months)d months "
                    "before release on %(release)s (%(rule)s)."
                )
                % words,
            ),
        )
    return Decision(
        TRANSFER_MISSED,
        (
            _(
                "Still in a non-resettlement prison after %(by)s, when the transfer to a resettlement prison was due, %(months)d months "
                "before release on %(release)s (%(rule)s)."
            )
            % words,
        ),
    )


def release_plan_applies(*, resettlement_prison: bool, has_plan: str | None, in_custody: bool) -> Decision[bool]:
    """R-F2b: whether a responsible officer may make a short release plan for a person: in custody, in a
    non-resettlement prison today, with no plan yet (`has_plan`: "resettlement", "release" or None)."""
    rule = {"rule": _rule("R-F2b").citation}
    if not in_custody:
        return Decision(False, (_("No release plan: the person is not in custody (%(rule)s).") % rule,))
    if has_plan == "resettlement":
        return Decision(False, (_("No release plan: the person has a resettlement plan, which the CRC keeps (%(rule)s).") % rule,))
    if has_plan == "release":
        return Decision(False, (_("The person already has a release plan (%(rule)s).") % rule,))
    if resettlement_prison:
        return Decision(
            False,
            (_("No release plan: the person is in a resettlement prison, where the CRC makes their resettlement plan (%(rule)s).") % rule,),
        )
    return Decision(True, (_("A release plan can be made: the person is in a non-resettlement prison and has no plan (%(rule)s).") % rule,))
