"""The plan in plain English, for the person: what will happen, who will do it, by when, what has been done.

No internal codes or jargon (no levels, no screening-tool names, no "CRC"): the person reads this,
on paper or as a PDF. Catalogue activities have a sentence here by their code (it stays the same
from one catalogue version to the next); a custom activity's own title is used as it was typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ttg.core.pathways import PATHWAYS
from ttg.plans.plan import rules
from ttg.plans.plan.models import OwnerKind, Plan, PlanActivity

# What will happen, said to the person ("we" is the resettlement team).
WHAT_WILL_HAPPEN: dict[str, Any] = {
    "screening-bcst2": _("We will talk with you about what you need for your release."),
    "agree-plan": _("We will go through this plan with you and agree it together."),
    "pre-release-review": _("We will check your plan with you about 12 weeks before you are released."),
    "release-essentials": _(
        "We will check you have what you need for your first day out: somewhere to stay, money, ID and your medication."
    ),
    "handover": _("We will pass your plan to your probation officer before you are released."),
    "accommodation-keep-tenancy": _("We will help you keep your home while you are in prison."),
    "accommodation-housing-authority": _("We will refer you to the council's housing team, if you agree."),
    "accommodation-duty-to-refer": _("We will refer you to the council's housing team, if you agree."),
    "accommodation-find": _("We will help you find somewhere to live when you are released."),
    "accommodation-close-tenancy": _("We will help you end your tenancy safely, so you do not build up rent debt."),
    "ete-cv-job-search": _("We will help you write a CV and look for work."),
    "ete-dwp-work-coach": _("We will put you in touch with a Jobcentre work coach."),
    "ete-keep-job": _("We will help you tell your employer and keep your job open."),
    "ete-careers": _("We will put you in touch with careers advice, education or training."),
    "finance-bank-account": _("We will help you open a bank account."),
    "finance-benefit-claim": _("We will help you get a benefit claim ready for when you are released."),
    "finance-debt-advice": _("We will put you in touch with free debt advice."),
    "finance-identity-documents": _("We will help you get ID documents."),
    "health-gp": _("We will help you register with a doctor (GP) near where you will live."),
    "health-continuing-care": _("We will make sure your health care carries on after you are released."),
    "drugs-alcohol-refer": _("We will put you in touch with a drug and alcohol service."),
    "children-families-contact": _("We will help you keep in touch with your children and family."),
    "children-families-service": _("We will put you in touch with a family support service."),
    "attitudes-motivation": _("We will talk with you about your goals and what will help you."),
    "attitudes-mentor": _("We will put you in touch with a mentor who can meet you when you are released."),
    "abuse-safety-planning": _("We will make a safety plan with you."),
    "sex-work-support": _("We will offer you support, in confidence."),
    "abuse-specialist-service": _("We will put you in touch with a service that supports women who have been abused."),
    "abuse-safe-accommodation": _("We will help you find somewhere safe to live when you are released."),
    "sex-work-specialist-service": _("We will put you in touch with a specialist support service for women."),
    "womens-centre": _("We will put you in touch with a women's centre near your home."),
    "learning-disability-adjustments": _("We will make sure the plan works for you, with any extra help you need."),
    "learning-disability-service": _("We will put you in touch with a service that can give you extra support."),
    "care-leaver-personal-adviser": _("We will contact your leaving-care team."),
    "veterans-support": _("We will put you in touch with an organisation that supports people who served in the armed forces."),
}

# What has been done, by status.
SO_FAR: dict[str, Any] = {
    rules.PLANNED: _("Not started yet."),
    rules.IN_PROGRESS: _("Started."),
    rules.DELIVERED: _("Done."),
    rules.SIGNPOSTED: _("You have been put in touch."),
    rules.DECLINED: _("You chose not to do this."),
    rules.NOT_REQUIRED: _("No longer needed."),
    rules.CANCELLED: _("Stopped."),
}

# Pathway headings a person would use (the specification's names are long for some).
HEADINGS: dict[str, Any] = {
    "": _("Getting ready for release"),
    "accommodation": _("Somewhere to live"),
    "ete": _("Work, training and education"),
    "health": _("Your health"),
    "drugs_alcohol": _("Drugs and alcohol"),
    "finance": _("Money, benefits and debt"),
    "children_families": _("Children and family"),
    "attitudes": _("Your goals and choices"),
    "abuse": _("Staying safe"),
    "sex_work": _("Support for women"),
}


@dataclass(frozen=True)
class PlainActivity:
    what: str
    who: str
    by_when: date | None
    so_far: str
    outcome: str
    ended: bool


@dataclass(frozen=True)
class PlainGroup:
    heading: str
    activities: tuple[PlainActivity, ...]


def who(activity: PlanActivity) -> str:
    if activity.owner_kind == OwnerKind.PARTNER:
        return activity.owner or str(_("A partner organisation"))
    if activity.owner_kind == OwnerKind.SIGNPOSTED:
        name = activity.owner[:1].upper() + activity.owner[1:] if activity.owner else str(_("Another organisation"))
        return str(_("%(name)s. We will put you in touch.")) % {"name": name.rstrip(".")}
    if activity.owner:
        return str(_("%(name)s, your resettlement caseworker")) % {"name": activity.owner}
    return str(_("Your resettlement caseworker"))


def what(activity: PlanActivity) -> str:
    """The catalogue's sentence for the person in the active language (its versioned data carries English and
    Welsh); else the service's own for the activity's code (translated); else a custom activity's title."""
    catalogue = activity.activity if activity.activity_id and activity.activity else None
    if catalogue is not None and (sentence := (catalogue.for_person or {}).get(translation.get_language() or "")):
        return str(sentence)
    code = catalogue.code if catalogue is not None else ""
    return str(WHAT_WILL_HAPPEN[code]) if code in WHAT_WILL_HAPPEN else activity.title


def plain(activity: PlanActivity) -> PlainActivity:
    code = activity.activity.code if activity.activity_id and activity.activity else ""
    # An activity done by an event (rule P13) has the service's own words as its outcome: "Done." says it to the person.
    by_event = rules.completed_by_event(code)
    return PlainActivity(
        what=what(activity),
        who=who(activity),
        by_when=activity.due_on,
        so_far=str(SO_FAR[activity.status]),
        outcome=activity.outcome if activity.status in rules.DONE and not by_event else "",
        ended=activity.status in rules.ENDED_UNDELIVERED,
    )


def groups(plan: Plan) -> list[PlainGroup]:
    """The activities grouped as the plan page groups them (for everyone first, then pathways in order). No queries
    beyond the prefetched activities and their catalogue activity."""
    by_pathway: dict[str, list[PlanActivity]] = {}
    for a in plan.activities.all():
        by_pathway.setdefault(a.pathway, []).append(a)
    order = ["", *(p.code for p in PATHWAYS)]
    return [PlainGroup(str(HEADINGS.get(code, code)), tuple(plain(a) for a in by_pathway[code])) for code in order if code in by_pathway]


@dataclass(frozen=True)
class PlainGoal:
    """One of the person's goals, in their words, with what the plan does towards it."""

    words: str
    towards: tuple[str, ...]


def goals(plan: Plan) -> list[PlainGoal]:
    """The person's goals, first in the plan for the person (issue 23, U7). No queries beyond the
    prefetched goals and their activities with their catalogue activity."""
    return [PlainGoal(g.words, tuple(what(a) for a in g.activities.all())) for g in plan.goals.all()]
