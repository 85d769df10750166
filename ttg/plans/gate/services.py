"""Every write for through the gate: the pre-release review, the outcomes on and after release, and
which activities continue after release. Each in one transaction, the plan locked, with an audit event.

When the review opens is never stored: it is worked out from the person's current release date
(rule T5) on every read and every write, so it moves when the custody feed changes the date.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ttg.core import clock
from ttg.core.audit import record_change, snapshot
from ttg.people.models import CustodyPeriod
from ttg.plans.gate import rules as rules_gate
from ttg.plans.gate.models import FirstNight, OutcomeKind, PreReleaseReview, ReleaseChecklist, ReleaseOutcome, ReviewStatus, YesNoUnknown
from ttg.plans.plan import rules
from ttg.plans.plan.models import Plan, PlanActivity
from ttg.plans.plan.services import PlanError, complete_by_event, plan_settings
from ttg.screening.models import Kind, NeedFlag, Screening
from ttg.screening.models import Status as ScreeningStatus

REVIEW_REDACT = ("answers",)  # what was said about a person's readiness is personal data
OUTCOME_FIELDS = ("accommodation", "accommodation_safe", "ete", "bank_account", "id_documents", "benefit_claim", "gp_registration")
YES_NO_FIELDS = OUTCOME_FIELDS[1:]


def after_release_visible_weeks() -> int:
    return int(getattr(settings, "TTG_AFTER_RELEASE_VISIBLE_WEEKS", rules_gate.AFTER_RELEASE_VISIBLE_WEEKS))


def released_on(period: CustodyPeriod) -> date | None:
    return timezone.localtime(period.released_at).date() if period.released_at else None


def _crc(period: CustodyPeriod) -> Any:
    return period.current_prison.crc if period.current_prison_id else None


def need_pathways(period: CustodyPeriod) -> tuple[str, ...]:
    """The pathways the person's needs name: BCST2 needs ("some" or "significant") and open BCST1 immediate needs."""

    codes: set[str] = set()
    bcst2 = Screening.objects.filter(custody_period=period, kind=Kind.BCST2, status=ScreeningStatus.SUBMITTED).first()
    if bcst2 is not None:
        codes |= {n["pathway"] for n in (bcst2.needs_summary or []) if n.get("level") in rules.NEED_LEVELS}
    codes |= set(
        NeedFlag.objects.filter(custody_period=period, withdrawn_at__isnull=True).exclude(pathway="").values_list("pathway", flat=True)
    )
    return tuple(sorted(codes))


def review_pathways(plan: Plan) -> tuple[str, ...]:
    """Each pathway of the plan (from its prefetched activities) and each the person's needs name."""
    return rules_gate.review_pathways((a.pathway for a in plan.activities.all()), need_pathways(plan.custody_period))


def _lock(plan: Plan) -> Plan:
    return (
        Plan.objects.select_for_update(of=("self",))
        .select_related("custody_period__current_prison__crc", "custody_period__person")
        .get(pk=plan.pk)
    )


def answer_pathway(*, plan: Plan, pathway: str, answer: str, note: str = "", by: Any) -> PreReleaseReview:
    """Answer one pathway of the checklist. Refused before the review opens, once it is completed, or without a note when not ready."""
    note = note.strip()
    with transaction.atomic():
        plan = _lock(plan)
        period = plan.custody_period
        is_open = rules_gate.review_open(period.release_date, clock.today())
        if not is_open.value:
            raise PlanError(" ".join(is_open.reasons))
        if pathway not in review_pathways(plan):
            raise PlanError(_("This pathway is not part of the pre-release review."), field="answer")
        checked = rules_gate.check_answer(pathway, answer, note)
        if not checked.value:
            field = "answer" if answer not in rules_gate.REVIEW_ANSWERS else "note"
            raise PlanError(" ".join(checked.reasons), field=field)
        review = PreReleaseReview.objects.select_for_update().filter(plan=plan).first()
        if review is not None and review.status == ReviewStatus.COMPLETED:
            raise PlanError(_("The pre-release review has been completed: it can no longer be changed."))
        now = clock.now()
        before = snapshot(review) if review else None
        if review is None:
            review = PreReleaseReview(plan=plan, updated_at=now, updated_by=by)
        if review.started_at is None:
            review.started_at = now  # the first answer starts the review (the compliance figure "started on time")
        review.answers = {**review.answers, pathway: {"answer": answer, "note": note}}
        review.status = ReviewStatus.IN_PROGRESS
        review.updated_at, review.updated_by = now, by
        review.save()
        _open_checklist(plan, by)  # the release checklist opens with the review (rule G1)
        record_change(
            actor=by,
            action="plans.prereleasereview.answer",
            obj=review,
            before=before,
            after=snapshot(review),
            redact=REVIEW_REDACT,
            reason=f"{pathway}: {rules_gate.REVIEW_ANSWER_LABELS[answer]}",
            scope_crc=_crc(period),
        )
    return review


def complete_review(*, plan: Plan, by: Any) -> PreReleaseReview:
    """Complete the review: refused before it opens or with a pathway unanswered. Completing again changes nothing."""
    with transaction.atomic():
        plan = _lock(plan)
        period = plan.custody_period
        review = PreReleaseReview.objects.select_for_update().filter(plan=plan).first()
        if review is not None and review.status == ReviewStatus.COMPLETED:
            return review
        # The plan's activities, for the pathways (the lock does not prefetch them).
        plan = Plan.objects.prefetch_related("activities").select_related("custody_period").get(pk=plan.pk)
        decision = rules_gate.can_complete_review(
            period.release_date, clock.today(), review_pathways(plan), review.answers if review else {}
        )
        if not decision.value or review is None:
            raise PlanError(" ".join(decision.reasons))
        before = snapshot(review)
        now = clock.now()
        review.status, review.completed_at, review.completed_by = ReviewStatus.COMPLETED, now, by
        review.updated_at, review.updated_by = now, by
        review.save()
        record_change(
            actor=by,
            action="plans.prereleasereview.complete",
            obj=review,
            before=before,
            after=snapshot(review),
            redact=REVIEW_REDACT,
            reason="Pre-release review completed",
            scope_crc=_crc(period),
        )
        complete_by_event(plan=plan, event=rules.REVIEW_COMPLETED, by=by)
    return review


def check_outcome_values(values: Mapping[str, str]) -> dict[str, str]:
    """Each outcome answered from its list; the field named when not. Returns field -> message."""
    errors = {}
    if values.get("accommodation") not in FirstNight.values:
        errors["accommodation"] = _("Select where the person is staying on the first night")
    labels = {
        "accommodation_safe": _("Select whether the accommodation is safe and suitable"),
        "ete": _("Select whether education, training or employment is arranged"),
        "bank_account": _("Select whether the person has a bank account"),
        "id_documents": _("Select whether the person has identification"),
        "benefit_claim": _("Select whether a benefit claim has been made"),
        "gp_registration": _("Select whether the person is registered with a GP"),
    }
    for name in YES_NO_FIELDS:
        if values.get(name) not in YesNoUnknown.values:
            errors[name] = labels[name]
    return errors


def record_outcome(*, plan: Plan, kind: str, values: Mapping[str, str], by: Any) -> ReleaseOutcome:
    """Record the outcomes of one kind. A second record of the same kind updates the first (audited), never duplicates."""
    if kind not in OutcomeKind.values:
        raise PlanError(_("Unknown kind of outcome."))
    if kind == OutcomeKind.RELEASE_DAY:
        # What the release checklist already says is not asked again: it is the answer (rule G2).
        values = {**values, **checklist_outcomes(plan)}
    errors = check_outcome_values(values)
    if errors:
        field, message = next(iter(errors.items()))
        raise PlanError(message, field=field)
    with transaction.atomic():
        plan = _lock(plan)
        period = plan.custody_period
        allowed = rules_gate.outcome_allowed(kind, release_date=period.release_date, released_on=released_on(period), today=clock.today())
        if not allowed.value:
            raise PlanError(" ".join(allowed.reasons))
        outcome = ReleaseOutcome.objects.select_for_update().filter(plan=plan, kind=kind).first()
        before = snapshot(outcome) if outcome else None
        if outcome is None:
            outcome = ReleaseOutcome(plan=plan, kind=kind)
        for name in OUTCOME_FIELDS:
            setattr(outcome, name, values[name])
        outcome.recorded_at, outcome.recorded_by = clock.now(), by
        outcome.save()
        record_change(
            actor=by,
            action="plans.releaseoutcome.update" if before else "plans.releaseoutcome.record",
            obj=outcome,
            before=before,
            after=snapshot(outcome),
            reason=str(OutcomeKind(kind).label),
            scope_crc=_crc(period),
        )
        if kind == OutcomeKind.RELEASE_DAY:
            complete_by_event(plan=plan, event=rules.RELEASE_DAY_RECORDED, by=by)
    return outcome


def set_continues_after_release(*, activity: PlanActivity, continues: bool, by: Any) -> PlanActivity:
    """Mark an activity as continuing after release, or not. Decided before release: refused afterwards."""
    with transaction.atomic():
        activity = (
            PlanActivity.objects.select_for_update(of=("self",))
            .select_related("plan__custody_period__current_prison__crc")
            .get(pk=activity.pk)
        )
        period = activity.plan.custody_period
        if period.released_at is not None:
            raise PlanError(_("The person has been released: whether an activity continues after release is decided before release."))
        if activity.continues_after_release == continues:
            return activity
        before = snapshot(activity)
        activity.continues_after_release = continues
        activity.updated_at, activity.updated_by = clock.now(), by
        activity.version += 1
        activity.save(update_fields=["continues_after_release", "updated_at", "updated_by", "version"])
        record_change(
            actor=by,
            action="plans.planactivity.continues_after_release",
            obj=activity,
            before=before,
            after=snapshot(activity),
            redact=("reasons", "outcome", "reason"),
            reason="Continues after release" if continues else "Ends at release",
            scope_crc=_crc(period),
        )
    return activity


def after_release_due(period: CustodyPeriod) -> rules.Decision[date | None]:
    return rules_gate.after_release_due(released_on(period), plan_settings())


# --------------------------------------------------------------------------------------------------
# The release checklist (U5; rules G1, G2)
# --------------------------------------------------------------------------------------------------

CHECKLIST_REDACT = ("items",)  # what is in place for a person's release (medication, money) is personal data


def checklist_outcomes(plan: Plan) -> dict[str, str]:
    """The release-day outcomes the plan's checklist already answers (none without a checklist)."""
    items = ReleaseChecklist.objects.filter(plan=plan).values_list("items", flat=True).first()
    return rules_gate.outcomes_from_checklist(items or {})


def _open_checklist(plan: Plan, by: Any) -> ReleaseChecklist:
    """The plan's checklist, opened now (every item to do) if it is not open yet. Inside a write that holds the plan's lock."""
    checklist = ReleaseChecklist.objects.select_for_update().filter(plan=plan).first()
    if checklist is not None:
        return checklist
    now = clock.now()
    checklist = ReleaseChecklist.objects.create(
        plan=plan, items={}, open_items=len(rules_gate.CHECKLIST), opened_at=now, opened_by=by, updated_at=now, updated_by=by
    )
    record_change(
        actor=by,
        action="plans.releasechecklist.open",
        obj=checklist,
        after=snapshot(checklist),
        redact=CHECKLIST_REDACT,
        reason="Opened with the pre-release review",
        scope_crc=_crc(plan.custody_period),
    )
    return checklist


def checklist_editable(period: CustodyPeriod, today: date) -> rules.Decision[bool]:
    """From the day the pre-release review opens (T5) until the day of release (rule G1)."""
    is_open = rules_gate.review_open(period.release_date, today)
    if not is_open.value:
        return rules.Decision(False, (_("The release checklist opens with the pre-release review."), *is_open.reasons))
    left = released_on(period)
    if left is not None and left < today:
        return rules.Decision(False, (_("The person has been released: the release checklist can no longer be changed."),))
    return rules.Decision(True, ())


def record_checklist_item(
    *, plan: Plan, item: str, status: str, detail: str = "", safe: str = "", note: str = "", by: Any
) -> ReleaseChecklist:
    """Record one item of the release checklist: done (with what it asks for), not needed (with a reason),
    or to do again. Refused, with the field, before the review opens, after release, or when the item's
    rule says so (G2). The checklist's open count and completion are kept with it."""
    if item not in rules_gate.CHECKLIST_CODES:
        raise PlanError(_("This is not an item of the release checklist."), field="status")
    if len(note) > 5000:
        raise PlanError(_("The note must be 5000 characters or fewer."), field="note")
    # A refusal names the item in the reader's language, as the page does.
    checked = rules_gate.check_item(item, status, detail=detail, safe=safe, note=note, language=get_language())
    if checked.value["field"]:
        raise PlanError(" ".join(checked.reasons), field=checked.value["field"])
    entry = {k: v for k, v in checked.value.items() if k != "field"}
    with transaction.atomic():
        plan = _lock(plan)
        period = plan.custody_period
        editable = checklist_editable(period, clock.today())
        if not editable.value:
            raise PlanError(" ".join(editable.reasons))
        checklist = _open_checklist(plan, by)
        before = snapshot(checklist)
        items = {**checklist.items, item: entry}
        if status == rules_gate.OPEN:
            items.pop(item)
        if items == checklist.items:
            return checklist  # the same again: nothing changes
        now = clock.now()
        checklist.items = items
        checklist.open_items = len(rules_gate.open_items(items))
        checklist.completed_at = (checklist.completed_at or now) if checklist.open_items == 0 else None
        checklist.updated_at, checklist.updated_by = now, by
        checklist.save()
        record_change(
            actor=by,
            action="plans.releasechecklist.item",
            obj=checklist,
            before=before,
            after=snapshot(checklist),
            redact=CHECKLIST_REDACT,
            reason=f"{rules_gate.checklist_item(item).title}: {rules_gate.CHECK_STATUS_LABELS[status]}",
            scope_crc=_crc(period),
        )
    return checklist
