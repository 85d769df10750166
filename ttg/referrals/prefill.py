"""Never ask twice (issue 23, U1 and U2): what the service already holds about a person, offered as the
answers of a new referral, for the caseworker to confirm or correct.

- the need: the plan activity and why it was proposed, the person's BCST1 and BCST2 answers on the
  activity's pathway, where they expect to live on release and the local housing authority chosen;
- referred before: the need as written for the latest earlier referral of the activity, and its
  desired outcomes still offered;
- the organisation: the partner organisation the plan activity names as its owner;
- consent to share with the CRC's partners for resettlement: asked once (in BCST1, or for an earlier
  referral of the same time in custody) and offered again with its date and what it covered;
- the funding: the supply-chain contract, when the organisation is in the CRC's supply chain.

Reads only what the user may see (`visible_to`), in a fixed number of queries (at most six).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from ttg.core import clock
from ttg.core.formatting import govuk_date
from ttg.core.rules import local_date, without_citations
from ttg.estate.constants import Country
from ttg.estate.models import Organisation
from ttg.plans.plan.models import OwnerKind, PlanActivity
from ttg.screening import questions
from ttg.screening.models import DutyToRefer, Kind, Screening

from .models import Referral

CONSENT_QUESTION = "consent_to_share"  # BCST1: sharing with the CRC and the organisations that work with it
WHERE_TO_LIVE = (("BCST2", "accommodation_on_release"), ("BCST1", "somewhere_to_live_on_release"))


@dataclass(frozen=True)
class HeldConsent:
    """A consent the person already gave for the same purpose: when, where it was asked, and its scope."""

    given: bool
    on: date
    source: str  # "their BCST1 screening" / "referral R00012 to Amani Community Link"
    scope: str  # what they agreed to, in the words they were asked


@dataclass(frozen=True)
class Prefill:
    need: str = ""
    organisation: int | None = None
    consent: HeldConsent | None = None
    sources: tuple[str, ...] = field(default=())  # "BCST2 screening of 2 September 2019"
    desired_outcomes: tuple[str, ...] = field(default=())  # ids, as the form has them
    earlier: str = ""  # "referral R00012 to Amani Community Link": the need and outcomes came from it


EMPTY = Prefill()


def _screenings(user: Any, period: Any) -> dict[str, Screening]:
    submitted = Screening.objects.visible_to(user).filter(custody_period=period, submitted_at__isnull=False)
    return {s.kind: s for s in submitted}


def _question_set(screening: Screening) -> questions.QuestionSet | None:
    try:
        return questions.question_set_version(screening.kind, screening.question_set_version)
    except (KeyError, ValueError):
        return None


def _answers_on(screening: Screening, pathway: str) -> list[str]:
    """ "Question – answer" for each question on the pathway that the screening asked and answered."""
    qs = _question_set(screening)
    if qs is None or not pathway:
        return []
    lines = []
    for section in qs.sections:
        for q in questions.visible_questions(section, screening.answers):
            shown = questions.answer_label(q, screening.answers.get(q.id))
            if q.pathway == pathway and shown:
                lines.append(f"{q.text} – {shown}")
    return lines


def _where_to_live(screenings: dict[str, Screening]) -> str:
    for kind, question_id in WHERE_TO_LIVE:
        screening = screenings.get(kind)
        qs = _question_set(screening) if screening else None
        if screening is None or qs is None:
            continue
        try:
            q = qs.question(question_id)
        except KeyError:
            continue
        shown = questions.answer_label(q, screening.answers.get(question_id))
        if shown:
            return _("Where they expect to live on release (%(kind)s): %(answer)s") % {"kind": kind, "answer": shown}
    return ""


def _consent(user: Any, screenings: dict[str, Screening], period: Any) -> HeldConsent | None:
    """Consent to share with the CRC's partners for resettlement, asked once: the BCST1 answer, else
    the consent recorded for the latest earlier referral of the same time in custody."""
    bcst1 = screenings.get(Kind.BCST1)
    qs = _question_set(bcst1) if bcst1 else None
    if bcst1 is not None and qs is not None and bcst1.submitted_at is not None:
        answer = bcst1.answers.get(CONSENT_QUESTION)
        if answer in ("yes", "no"):
            return HeldConsent(
                given=answer == "yes",
                on=local_date(bcst1.submitted_at),
                source=_("their BCST1 screening"),
                scope=qs.question(CONSENT_QUESTION).text,
            )
    earlier = (
        Referral.objects.visible_to(user)
        .filter(plan_activity__plan__custody_period=period, consent_given=True, consent_on__isnull=False)
        .select_related("organisation")
        .order_by("-consent_on", "-id")
        .first()
    )
    if earlier is None or earlier.consent_on is None:
        return None
    return HeldConsent(
        given=True,
        on=earlier.consent_on,
        source=_("referral %(ref)s to %(org)s") % {"ref": earlier.reference, "org": earlier.organisation.name},
        scope=_("To be referred to %(org)s for “%(activity)s” and to the information it carried being shared with them")
        % {"org": earlier.organisation.name, "activity": earlier.activity_title},
    )


def prefill(user: Any, activity: PlanActivity) -> Prefill:
    """What the service holds, as the answers of a new referral of this activity."""
    period = activity.plan.custody_period
    screenings = _screenings(user, period)
    paragraphs = [_("Plan activity: %(title)s.") % {"title": activity.title}]
    why = [without_citations(str(r)) for r in activity.reasons or []]
    if why:
        paragraphs.append(_("Why it is in the plan: %(why)s") % {"why": " ".join(why)})
    sources = []
    for kind in (Kind.BCST1, Kind.BCST2):
        screening = screenings.get(kind)
        if screening is None or screening.submitted_at is None:
            continue
        source = _("%(kind)s screening of %(on)s") % {"kind": kind, "on": govuk_date(local_date(screening.submitted_at))}
        sources.append(source)
        lines = _answers_on(screening, activity.pathway)
        if lines:
            paragraphs.append(_("From their %(source)s:") % {"source": source} + "\n" + "\n".join(f"- {line}" for line in lines))
    where = _where_to_live(screenings)
    if where:
        paragraphs.append(where)
    duty = DutyToRefer.objects.visible_to(user).filter(custody_period=period).exclude(local_housing_authority="").first()
    if duty is not None:
        if duty.route == Country.WALES:  # the Welsh national pathway's recipient (screening rule R-W1)
            paragraphs.append(_("Welsh local authority chosen: %(la)s") % {"la": duty.local_housing_authority})
        else:
            paragraphs.append(_("Local housing authority chosen: %(lha)s") % {"lha": duty.local_housing_authority})
    organisation = None
    if activity.owner_kind == OwnerKind.PARTNER and activity.owner:
        organisation = Organisation.objects.filter(name__iexact=activity.owner.strip()).values_list("pk", flat=True).first()
    # Referred before (declined, withdrawn, or to another organisation): the need as the caseworker
    # wrote it then, and the desired outcomes chosen then that are still offered.
    before = (
        Referral.objects.visible_to(user)
        .filter(plan_activity=activity)
        .select_related("organisation")
        .prefetch_related("desired_outcomes")
        .order_by("-referred_at", "-id")
        .first()
    )
    today = clock.today()
    return Prefill(
        need=before.need if before else "\n\n".join(paragraphs),
        organisation=organisation,
        consent=_consent(user, screenings, period),
        sources=tuple(sources),
        desired_outcomes=tuple(str(o.pk) for o in before.desired_outcomes.all() if o.offered_on(today)) if before else (),
        earlier=_("referral %(ref)s to %(org)s") % {"ref": before.reference, "org": before.organisation.name} if before else "",
    )
