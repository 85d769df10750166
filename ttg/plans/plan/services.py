"""Every write to the catalogue: copying a version as a new draft, and publishing a draft.

Editing itself happens in the Django admin (AuditedAdmin records each change); a published version
is never edited there, so that what was in force stays as it was.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ttg.core import clock
from ttg.core.audit import record_change, snapshot
from ttg.core.formatting import govuk_date, govuk_datetime
from ttg.core.pathways import PATHWAYS
from ttg.core.rules import local_date, without_citations
from ttg.people.models import CustodyPeriod
from ttg.plans.catalogue.selectors import version_in_force
from ttg.plans.plan import rules
from ttg.plans.plan.models import OwnerKind, Plan, PlanActivity, PlanGoal, PlanKind, PlanStatus
from ttg.screening import selectors as screening_selectors
from ttg.screening.models import Kind, NeedFlag, Screening
from ttg.screening.models import Status as ScreeningStatus

# --------------------------------------------------------------------------------------------------
# Resettlement plans: propose, agree, update an activity (R-P4)
# --------------------------------------------------------------------------------------------------

# BCST1 answers that put a person in a cohort (Level 3) when answered "yes".
COHORT_ANSWERS = {
    "domestic_abuse": "domestic_abuse",
    "learning_disability": "learning_disability",
    "veteran": "veterans",
    "care_leaver": "care_leavers",
    "sex_work": "sex_work",
}
PLAN_REDACT = ("reasons", "outcome", "reason")  # what was done for a person is personal data: that it changed is enough
# What the rules say is stored (why an activity was proposed, an event's outcome, the audit log's reason) in
# English, whoever is reading when it is stored (issue 22): pages show it as it was written.
STORED_LANGUAGE = "en-gb"


class PlanError(Exception):
    """An action that cannot be done now; the message says why, in words for the user."""

    def __init__(self, message: str, *, field: str = "", errors: dict[str, str] | None = None):
        super().__init__(message)
        # Pages show `message` and `errors`, without the rules' codes (those are for administrators); the
        # API returns `cited` and `cited_errors`, which keep them.
        self.cited, self.message = message, without_citations(message)
        self.field = field
        # Every problem found, by field (adding an activity checks all its fields at once).
        self.cited_errors = errors if errors is not None else ({field: message} if field else {})
        self.errors = {k: without_citations(v) for k, v in self.cited_errors.items()}


class PlanConflict(PlanError):
    """A change made from an out-of-date copy: someone else changed the activity after it was read."""


def conflict_message(activity: PlanActivity) -> str:
    by = activity.updated_by
    name = (by.get_full_name() or by.get_username()) if by is not None else _("someone else")
    return _(
        "This plan was changed by %(name)s at %(when)s, after you opened it. Nothing you sent has been saved. "
        "Check the activity as it is now, then make your change again."
    ) % {"name": name, "when": govuk_datetime(activity.updated_at)}


def _crc(period: CustodyPeriod) -> Any:
    return period.current_prison.crc if period.current_prison_id else None


def plan_settings() -> rules.PlanSettings:
    return rules.PlanSettings(
        immediate_need_working_days=getattr(settings, "TTG_IMMEDIATE_NEED_WORKING_DAYS", 5),
        post_release_outcome_weeks=getattr(settings, "TTG_POST_RELEASE_OUTCOME_WEEKS", 4),
        handover_working_days=getattr(settings, "TTG_HANDOVER_WORKING_DAYS", 10),
    )


def person_facts(
    period: CustodyPeriod, *, user: Any, today: date, reference_date: date | None = None
) -> tuple[rules.PersonFacts, date | None]:
    """What the plan rules need about the person, from their screening; and the BCST2 due date.

    Whether the enhanced specification applies is decided on `reference_date` (P14, R-S5: the reception
    date), from the current prison's go-live date; the prison's designation is the one of `today`
    (where the person is now). Without `reference_date`, on `today`."""

    row = screening_selectors.period_screening(user, period)
    bcst2_decision = row.decisions.bcst2.value
    screenings = {s.kind: s for s in Screening.objects.filter(custody_period=period, status=ScreeningStatus.SUBMITTED)}
    bcst1, bcst2 = screenings.get(Kind.BCST1), screenings.get(Kind.BCST2)
    needs: tuple[rules.PathwayNeed, ...] = ()
    if bcst2 is not None:
        needs = tuple(
            rules.PathwayNeed(pathway=n["pathway"], level=n["level"], needs=tuple(n.get("needs") or ()))
            for n in (bcst2.needs_summary or [])
        )
    answers = bcst1.answers if bcst1 else {}
    cohorts = frozenset(cohort for question, cohort in COHORT_ANSWERS.items() if answers.get(question) == "yes")
    immediate = frozenset(
        NeedFlag.objects.filter(custody_period=period, withdrawn_at__isnull=True).exclude(pathway="").values_list("pathway", flat=True)
    )
    prison = period.current_prison
    designation = prison.designation_on(today) if prison else None
    resettlement = bool(designation and designation.resettlement)
    name = prison.name if prison else ""
    enhanced = rules.enhanced_specification_applies(
        resettlement_prison=resettlement,
        go_live_on=prison.enhanced_go_live_on if prison else None,
        on=reference_date or today,
        prison_name=name,
    )
    facts = rules.PersonFacts(
        sex=period.person.sex,
        cohorts=cohorts,
        needs=needs,
        bcst2_required=bcst2_decision.required,
        immediate_need_pathways=immediate,
        release_date=period.release_date,
        enhanced_specification=enhanced.value,
        resettlement_prison=resettlement,
        prison_name=name,
    )
    return facts, bcst2_decision.due_on


def proposal(period: CustodyPeriod, *, user: Any, today: date | None = None) -> rules.Decision[tuple[rules.ProposedActivity, ...]]:
    """What would be proposed today (nothing saved): the activities, or the reasons why none apply."""

    today = today or clock.today()
    version, reference = catalogue_for(period, today=today)
    facts, bcst2_due_on = person_facts(period, user=user, today=today, reference_date=reference.value)
    catalogue = [a.as_rule() for a in version.activities.all()] if version else []
    return rules.propose_plan(facts, catalogue, today=today, settings=plan_settings(), bcst2_due_on=bcst2_due_on, reference=reference)


def catalogue_for(period: CustodyPeriod, *, today: date) -> tuple[Any, rules.Decision[date]]:
    """P14 (R-S5): the catalogue version in force on the custody period's reference date (its reception
    date), not on `today`, with the reference date and the words that say so."""
    version = version_in_force(on=period.reception_date)
    named = (version.name, version.in_force_from) if version is not None else None
    return version, rules.plan_reference_date(reception_date=period.reception_date, proposed_on=today, catalogue=named)


def _owner(a: rules.CatalogueActivity) -> tuple[str, str]:
    if a.mode == rules.SIGNPOST:
        return OwnerKind.SIGNPOSTED, a.signpost_to
    return OwnerKind.CRC, ""


def propose(*, period: CustodyPeriod, by: Any) -> Plan:
    """Propose the draft plan from the person's needs under the catalogue version and the rules in force
    on the custody period's reference date, its reception date (P14, R-S5), not on the day it is proposed.

    Idempotent: a second call returns the plan already proposed. Raises PlanError, with the rules'
    reasons, when no plan applies (outside the enhanced specification, or no catalogue in force).
    """

    with transaction.atomic():
        period = CustodyPeriod.objects.select_for_update(of=("self",)).select_related("current_prison__crc", "person").get(pk=period.pk)
        existing = Plan.objects.filter(custody_period=period).first()
        if existing is not None:
            return existing
        today = clock.today()
        version, reference = catalogue_for(period, today=today)
        if version is None:
            raise PlanError(
                _("No catalogue version was in force on %(date)s, the reception date, so no plan can be proposed.")
                % {"date": govuk_date(period.reception_date)}
            )
        facts, bcst2_due_on = person_facts(period, user=by, today=today, reference_date=reference.value)
        catalogue = [a.as_rule() for a in version.activities.all()]
        # Why each activity was proposed is stored with it: in English, whoever proposes it (issue 22).
        with translation.override(STORED_LANGUAGE):
            named = (version.name, version.in_force_from)
            reference = rules.plan_reference_date(reception_date=period.reception_date, proposed_on=today, catalogue=named)
            decision = rules.propose_plan(
                facts, catalogue, today=today, settings=plan_settings(), bcst2_due_on=bcst2_due_on, reference=reference
            )
        if not decision.value:
            raise PlanError(" ".join(proposal(period, user=by, today=today).reasons))  # in the reader's language
        now = clock.now()
        plan = Plan.objects.create(custody_period=period, catalogue_version=version, proposed_at=now, proposed_by=by)
        by_code = {a.code: a for a in version.activities.all()}
        rows = []
        for order, proposed in enumerate(decision.value):
            kind, owner = _owner(proposed.activity)
            rows.append(
                PlanActivity(
                    plan=plan,
                    activity=by_code[proposed.activity.code],
                    title=proposed.activity.title,
                    pathway=proposed.activity.pathway,
                    level=proposed.activity.level,
                    owner_kind=kind,
                    owner=owner,
                    due_on=proposed.due_on,
                    reasons=list(proposed.reasons),
                    updated_at=now,
                    updated_by=by,
                    order=order,
                )
            )
        PlanActivity.objects.bulk_create(rows)
        # P13: BCST2 may be done already: the plan says so from the start. (With more than 4 years to
        # serve the plan has no "Complete BCST2" activity at all: P2, R-S3.)
        bcst2 = Screening.objects.filter(custody_period=period, kind=Kind.BCST2, submitted_at__isnull=False).first()
        if bcst2 is not None and bcst2.submitted_at is not None:
            complete_by_event(plan=plan, event=rules.BCST2_SUBMITTED, by=by, on=local_date(bcst2.submitted_at))
        record_change(
            actor=by,
            action="plans.plan.propose",
            obj=plan,
            after={**snapshot(plan), "activities": len(rows)},
            reason=" ".join(decision.reasons[:1]),
            scope_crc=_crc(period),
        )
    return plan


TITLE_MAX, OWNER_MAX, TEXT_MAX = 200, 200, 5000
DUE_WITHIN_DAYS = 5 * 365 + 1  # five years, with a leap day


def agree(*, plan: Plan, by: Any, with_person: bool = True, not_agreed_reason: str = "") -> Plan:
    """The caseworker agrees the plan, with the person or (with a reason why) without them.
    Agreeing again changes nothing."""
    not_agreed_reason = not_agreed_reason.strip()
    if not with_person and not not_agreed_reason:
        raise PlanError(
            _("Give the reason the plan was not agreed with the person, for example that they declined to take part."),
            field="not_agreed_reason",
        )
    if len(not_agreed_reason) > TEXT_MAX:
        raise PlanError(_("The reason must be %(max)d characters or fewer.") % {"max": TEXT_MAX}, field="not_agreed_reason")
    with transaction.atomic():
        plan = Plan.objects.select_for_update(of=("self",)).select_related("custody_period__current_prison__crc").get(pk=plan.pk)
        if plan.is_agreed:
            return plan
        before = snapshot(plan)
        plan.status, plan.agreed_at, plan.agreed_by, plan.agreed_with_person = PlanStatus.AGREED, clock.now(), by, with_person
        plan.not_agreed_reason = "" if with_person else not_agreed_reason
        plan.save(update_fields=["status", "agreed_at", "agreed_by", "agreed_with_person", "not_agreed_reason"])
        record_change(
            actor=by,
            action="plans.plan.agree",
            obj=plan,
            before=before,
            after=snapshot(plan),
            redact=("not_agreed_reason",),
            reason="Agreed with the person" if with_person else "Agreed without the person",
            scope_crc=_crc(plan.custody_period),
        )
        complete_by_event(plan=plan, event=rules.PLAN_AGREED, by=by, detail="with the person" if with_person else "without the person")
    return plan


def complete_by_event(*, plan: Plan, event: str, by: Any, on: date | None = None, detail: str = "") -> list[PlanActivity]:
    """P13: give the plan's activity that `event` completes the status the event gives it, with the
    event's words as its outcome (or reason), and an audit event. Called inside the transaction that
    records the event, so the plan never disagrees with what happened. Returns the activities changed."""
    code = rules.COMPLETES[event].activity
    on = on or clock.today()
    changed = []
    with transaction.atomic():
        for activity in PlanActivity.objects.select_for_update(of=("self",)).filter(plan=plan, activity__code=code):
            with translation.override(STORED_LANGUAGE):  # its words are stored as the outcome (or reason)
                decision = rules.status_from_event(code=code, current=activity.status, event=event, on=on, detail=detail)
            if decision.value is None:
                continue
            status, words = decision.value
            before = snapshot(activity)
            activity.status = status
            if status in rules.DONE:
                activity.outcome = words
            else:
                activity.reason = words
            activity.updated_at, activity.updated_by = clock.now(), by
            activity.version += 1
            activity.save(update_fields=["status", "outcome", "reason", "updated_at", "updated_by", "version"])
            record_change(
                actor=by,
                action="plans.planactivity.complete",
                obj=activity,
                before=before,
                after=snapshot(activity),
                redact=PLAN_REDACT,
                reason=decision.reasons[0],
                scope_crc=_crc(plan.custody_period),
            )
            changed.append(activity)
    return changed


def on_screening_submitted(sender: Any, *, screening: Screening, by: Any, **kwargs: Any) -> None:
    """P13: BCST2 submitted for a person who already has a plan (the screening app's signal, sent in the
    submission's transaction): the plan's "Complete BCST2" activity is done."""
    if screening.kind != Kind.BCST2 or screening.submitted_at is None:
        return
    plan = Plan.objects.filter(custody_period_id=screening.custody_period_id).select_related("custody_period__current_prison__crc").first()
    if plan is not None:
        complete_by_event(plan=plan, event=rules.BCST2_SUBMITTED, by=by, on=local_date(screening.submitted_at))


OWNER_NEEDED = {
    OwnerKind.PARTNER: _lazy("Enter the name of the partner organisation"),
    OwnerKind.SIGNPOSTED: _lazy("Enter the name of the agency the person is signposted to"),
}


def _owner_problem(owner_kind: str, owner: str) -> tuple[str, str] | None:
    """(field, message) when the owner kind is unknown or its name is missing or too long."""
    if owner_kind not in OwnerKind.values:
        return "owner_kind", _("Select who owns the activity")
    if owner_kind in OWNER_NEEDED and not owner.strip():
        return "owner", str(OWNER_NEEDED[OwnerKind(owner_kind)])
    if len(owner.strip()) > OWNER_MAX:
        return "owner", _("The owner's name must be %(max)d characters or fewer") % {"max": OWNER_MAX}
    return None


def due_date_problem(due_on: date, *, today: date | None = None) -> str | None:
    """A new due date is today or later, and within five years (a typing slip otherwise)."""
    today = today or clock.today()
    if due_on < today:
        return _("The due date must be today or in the future")
    if due_on > today + timedelta(days=DUE_WITHIN_DAYS):
        return _("The due date must be within 5 years")
    return None


def custom_activity_problems(
    *, title: str, pathway: str, level: int | str | None, owner_kind: str, owner: str = "", due_on: date | None = None
) -> dict[str, str]:
    """What is wrong with a custom activity, by field (empty when nothing is)."""

    title, owner = (title or "").strip(), (owner or "").strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Enter what will be done")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("What will be done must be %(max)d characters or fewer") % {"max": TITLE_MAX}
    if pathway and pathway not in {p.code for p in PATHWAYS}:
        errors["pathway"] = _("Select a pathway from the list")
    try:
        level_number = int(level) if level not in (None, "") else None  # type: ignore[arg-type]
    except (TypeError, ValueError):
        level_number = None
    if level_number not in (1, 2, 3):
        errors["level"] = _("Select the level of support: 1, 2 or 3")
    elif not pathway and level_number in (2, 3):
        errors["pathway"] = _("Select the pathway: only a Level 1 activity can be across all pathways")
    problem = _owner_problem(owner_kind, owner)
    if problem:
        errors[problem[0]] = problem[1]
    if due_on is not None and (due_problem := due_date_problem(due_on)):
        errors["due_on"] = due_problem
    return errors


def add_activity(
    *,
    plan: Plan,
    title: str,
    pathway: str,
    level: int | str | None,
    owner_kind: str,
    owner: str = "",
    due_on: date | None = None,
    by: Any,
) -> PlanActivity:
    """Add a custom activity (not from the catalogue) to a plan, draft or agreed. Every field is
    checked at once; a refusal raises PlanError with `errors` naming each field."""
    title, owner = (title or "").strip(), (owner or "").strip()
    errors = custom_activity_problems(title=title, pathway=pathway, level=level, owner_kind=owner_kind, owner=owner, due_on=due_on)
    if errors:
        raise PlanError(next(iter(errors.values())), field=next(iter(errors)), errors=errors)
    level_number = int(level or 0)
    with transaction.atomic():
        plan = Plan.objects.select_for_update(of=("self",)).select_related("custody_period__current_prison__crc").get(pk=plan.pk)
        last = plan.activities.order_by("-order").values_list("order", flat=True).first()
        activity = PlanActivity.objects.create(
            plan=plan,
            activity=None,
            title=title,
            pathway=pathway,
            level=level_number,
            owner_kind=owner_kind,
            owner=owner,
            due_on=due_on,
            reasons=[],
            updated_at=clock.now(),
            updated_by=by,
            order=(last or 0) + 1,
        )
        record_change(
            actor=by,
            action="plans.planactivity.add",
            obj=activity,
            after=snapshot(activity),
            redact=PLAN_REDACT,
            reason="Custom activity added to the plan" + (" after it was agreed" if plan.is_agreed else ""),
            scope_crc=_crc(plan.custody_period),
        )
    return activity


def update_activity(
    *,
    activity: PlanActivity,
    status: str,
    reason: str = "",
    outcome: str = "",
    owner: str | None = None,
    owner_kind: str | None = None,
    due_on: date | None = None,
    by: Any,
    version: int | None = None,
) -> PlanActivity:
    """Change an activity's status (rule P11), outcome, owner or due date. Refused with the rule's words.

    `version`: the activity's version the change was made from (the form's or the API client's copy).
    When someone has changed the activity since, the change is refused (PlanConflict) and nothing is
    saved: a clear conflict, not a lost update. None: no check (a change that reads nothing first)."""
    reason, outcome = reason.strip(), outcome.strip()
    with transaction.atomic():
        activity = (
            PlanActivity.objects.select_for_update(of=("self",))
            .select_related("plan__custody_period__current_prison__crc", "activity", "updated_by")
            .get(pk=activity.pk)
        )
        if version is not None and version != activity.version:
            raise PlanConflict(conflict_message(activity), field="status")
        if status not in rules.STATUSES:
            raise PlanError(_("Select a status from the list."), field="status")
        new_kind = activity.owner_kind if owner_kind is None else owner_kind
        new_owner = activity.owner if owner is None else owner
        if (owner_kind is not None or owner is not None) and (problem := _owner_problem(new_kind, new_owner)):
            raise PlanError(problem[1], field=problem[0])
        if due_on is not None and due_on != activity.due_on and (due_problem := due_date_problem(due_on)):
            raise PlanError(due_problem, field="due_on")

        changeable = rules.activity_changeable(
            released=activity.plan.custody_period.released_at is not None, continues_after_release=activity.continues_after_release
        )
        if not changeable.value:
            raise PlanError(" ".join(changeable.reasons), field="status")
        by_hand = rules.set_by_hand(activity.activity.code if activity.activity else None, activity.status, status)
        if not by_hand.value:
            raise PlanError(" ".join(by_hand.reasons), field="status")
        if status != activity.status:
            allowed = rules.transition(activity.status, status, reason=reason, outcome=outcome)
            if not allowed.value:
                field = "status"
                if status in rules.ALLOWED[activity.status]:
                    field = "reason" if rules.needs_reason(activity.status, status) and not reason else "outcome"
                raise PlanError(" ".join(allowed.reasons), field=field)
        before = snapshot(activity)
        activity.status = status
        if reason:
            activity.reason = reason
        if outcome:
            activity.outcome = outcome
        if owner is not None:
            activity.owner = owner.strip()
        if owner_kind is not None:
            activity.owner_kind = owner_kind
        if due_on is not None:
            activity.due_on = due_on
        activity.updated_at, activity.updated_by = clock.now(), by
        activity.version += 1
        activity.save()
        record_change(
            actor=by,
            action="plans.planactivity.update",
            obj=activity,
            before=before,
            after=snapshot(activity),
            redact=PLAN_REDACT,
            reason=f"{rules.STATUS_LABELS.get(before.get('status', ''), '')} to {rules.STATUS_LABELS[status]}",
            scope_crc=_crc(activity.plan.custody_period),
        )
    return activity


# --------------------------------------------------------------------------------------------------
# The person's own goals (issue 23, U7): what they want, in their words, agreed with them, each
# linked to the activities that work towards it
# --------------------------------------------------------------------------------------------------

GOAL_MAX = 500
GOAL_REDACT = ("words",)  # the person's words are theirs: the audit trail says that they changed


def goal_problems(*, words: str, agreed: bool, activities: list[PlanActivity], plan: Plan) -> dict[str, str]:
    """Every problem with a goal, by field, in words for the user (none: it can be recorded)."""
    problems = {}
    words = words.strip()
    if not words:
        problems["words"] = _("Write what the person wants, in their own words")
    elif len(words) > GOAL_MAX:
        problems["words"] = _("The goal must be %(max)d characters or fewer") % {"max": GOAL_MAX}
    if any(a.plan_id != plan.pk for a in activities):
        problems["activities"] = _("Choose activities of this plan")
    if not agreed:
        problems["agreed"] = _("Read the goal back to the person: record it only when they agree it is what they want")
    return problems


def _goal_snapshot(goal: PlanGoal) -> dict[str, Any]:
    return {**snapshot(goal), "activities": sorted(goal.activities.values_list("pk", flat=True))}


def add_goal(*, plan: Plan, words: str, activities: list[PlanActivity], agreed: bool, by: Any) -> PlanGoal:
    """Record one of the person's goals, agreed with them today, linked to the plan's activities."""
    if problems := goal_problems(words=words, agreed=agreed, activities=activities, plan=plan):
        raise PlanError(next(iter(problems.values())), field=next(iter(problems)), errors=problems)
    with transaction.atomic():
        plan = Plan.objects.select_for_update(of=("self",)).select_related("custody_period__current_prison__crc").get(pk=plan.pk)
        order = (plan.goals.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        goal = PlanGoal.objects.create(
            plan=plan, words=words.strip(), agreed_on=clock.today(), order=order, updated_at=clock.now(), updated_by=by
        )
        goal.activities.set(activities)
        record_change(
            actor=by,
            action="plans.plangoal.add",
            obj=goal,
            after=_goal_snapshot(goal),
            redact=GOAL_REDACT,
            scope_crc=_crc(plan.custody_period),
        )
    return goal


def change_goal(*, goal: PlanGoal, words: str, activities: list[PlanActivity], agreed: bool, by: Any) -> PlanGoal:
    """Correct a goal's words or its activities, agreed again with the person today."""
    if problems := goal_problems(words=words, agreed=agreed, activities=activities, plan=goal.plan):
        raise PlanError(next(iter(problems.values())), field=next(iter(problems)), errors=problems)
    with transaction.atomic():
        goal = PlanGoal.objects.select_for_update(of=("self",)).select_related("plan__custody_period__current_prison__crc").get(pk=goal.pk)
        before = _goal_snapshot(goal)
        goal.words, goal.agreed_on, goal.updated_at, goal.updated_by = words.strip(), clock.today(), clock.now(), by
        goal.save()
        goal.activities.set(activities)
        record_change(
            actor=by,
            action="plans.plangoal.change",
            obj=goal,
            before=before,
            after=_goal_snapshot(goal),
            redact=GOAL_REDACT,
            scope_crc=_crc(goal.plan.custody_period),
        )
    return goal


def remove_goal(*, goal: PlanGoal, by: Any) -> None:
    """Remove a goal the person no longer has (its activities stay in the plan)."""
    with transaction.atomic():
        goal = PlanGoal.objects.select_for_update(of=("self",)).select_related("plan__custody_period__current_prison__crc").get(pk=goal.pk)
        record_change(
            actor=by,
            action="plans.plangoal.remove",
            obj=goal,
            before=_goal_snapshot(goal),
            redact=GOAL_REDACT,
            scope_crc=_crc(goal.plan.custody_period),
        )
        goal.delete()


# --------------------------------------------------------------------------------------------------
# The short release plan (rule R-F2b): the responsible officer's, for a person leaving a non-resettlement prison
# --------------------------------------------------------------------------------------------------

RELEASE_LEVEL = 2  # a release plan's activities answer a particular need on a pathway (Level 2)


def in_resettlement_prison(period: CustodyPeriod, on: date) -> bool:
    """Whether the person's prison is a resettlement prison on the day (its designation then; none: not)."""
    prison = period.current_prison
    designation = prison.designation_on(on) if prison is not None else None
    return bool(designation is not None and designation.resettlement)


def make_release_plan(*, period: CustodyPeriod, by: Any) -> Plan:
    """Make the short release plan of a person leaving a non-resettlement prison, owned by the responsible
    officer `by` (R-F2b). Idempotent for its owner: made again, the same plan. Refused in words otherwise."""
    with transaction.atomic():
        period = CustodyPeriod.objects.select_for_update(of=("self",)).select_related("current_prison__crc", "person").get(pk=period.pk)
        existing = Plan.objects.filter(custody_period=period).first()
        if existing is not None and existing.kind == PlanKind.RELEASE and existing.owned_by_id == by.pk:
            return existing
        today = clock.today()
        applies = partial(
            rules.release_plan_applies,
            resettlement_prison=in_resettlement_prison(period, today),
            has_plan=existing.kind if existing is not None else None,
            in_custody=period.is_open,
        )
        decision = applies()
        if not decision.value:
            raise PlanError(" ".join(decision.reasons))
        with translation.override(STORED_LANGUAGE):  # the audit log's reason
            stored_reasons = applies().reasons
        version = version_in_force(on=today)
        if version is None:
            raise PlanError(_("No catalogue version is in force today, so no plan can be made."))
        now = clock.now()
        plan = Plan.objects.create(
            custody_period=period,
            catalogue_version=version,
            proposed_at=now,
            proposed_by=by,
            kind=PlanKind.RELEASE,
            owned_by=by,
        )
        record_change(
            actor=by,
            action="plans.plan.make_release_plan",
            obj=plan,
            after=snapshot(plan),
            reason=without_citations(" ".join(stored_reasons)),
            scope_crc=_crc(period),
        )
    return plan


def release_activity_problems(*, title: str, pathway: str, owner_kind: str, owner: str = "", due_on: date | None = None) -> dict[str, str]:
    """What is wrong with an activity of a release plan, by field: a pathway is needed (it is referred on it)."""
    errors = custom_activity_problems(title=title, pathway=pathway, level=RELEASE_LEVEL, owner_kind=owner_kind, owner=owner, due_on=due_on)
    if not pathway and "pathway" not in errors:
        errors["pathway"] = _("Select the pathway")
    if owner_kind == OwnerKind.CRC:
        errors["owner_kind"] = _("A release plan has no CRC worker: select the responsible officer, a partner or an agency")
    return dict(sorted(errors.items(), key=lambda kv: ("title", "pathway", "owner_kind", "owner", "due_on").index(kv[0])))


def add_release_activity(
    *, plan: Plan, title: str, pathway: str, owner_kind: str, owner: str = "", due_on: date | None, by: Any
) -> PlanActivity:
    """Add an activity to a release plan, by its owner: what, on which pathway, who and by when (R-F2b)."""
    if not plan.is_release_plan or plan.owned_by_id != by.pk:
        raise PlanError(_("Only the responsible officer who owns this release plan can change it"))
    errors = release_activity_problems(title=title, pathway=pathway, owner_kind=owner_kind, owner=owner, due_on=due_on)
    if errors:
        raise PlanError(next(iter(errors.values())), field=next(iter(errors)), errors=errors)
    return add_activity(
        plan=plan, title=title, pathway=pathway, level=RELEASE_LEVEL, owner_kind=owner_kind, owner=owner, due_on=due_on, by=by
    )
