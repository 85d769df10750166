"""Rule P13 (issue 16): the plan activities that an event completes take their status from it.

From now on the services keep them so in the event's transaction. This brings plans made before that
into line: an agreed plan's "Agree the resettlement plan" activity, a submitted BCST2's "Complete BCST2",
a completed pre-release review, recorded release-day outcomes and a handover each mark their activity
delivered (BCST2 not needed is left to the caseworker: it is not recorded as an event). The copy of the
plan in a handover is corrected the same way for what had happened by the handover. Each change is
written to the audit trail. The words are written out here, as they stood when this ran.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import migrations
from django.utils import timezone

from ttg.core import chain

LONDON = ZoneInfo("Europe/London")
MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
OPEN = ("planned", "in_progress")
BEFORE_RELEASE_ONLY = ("screening-bcst2", "agree-plan", "pre-release-review", "release-essentials", "handover")


def _date(dt: datetime) -> str:
    d = dt.astimezone(LONDON).date()
    return f"{d.day} {MONTHS[d.month]} {d.year}"


def _name(user: Any) -> str:
    return f"{user.first_name} {user.last_name}".strip() or user.username


def _done(apps: Any, plan: Any) -> dict[str, tuple[datetime, str]]:
    """For each activity code, when the event that completes it happened and the outcome's words."""
    Screening = apps.get_model("screening", "Screening")
    Review = apps.get_model("plans", "PreReleaseReview")
    Outcome = apps.get_model("plans", "ReleaseOutcome")
    Handover = apps.get_model("plans", "Handover")
    done: dict[str, tuple[datetime, str]] = {}
    bcst2 = Screening.objects.filter(custody_period_id=plan.custody_period_id, kind="BCST2", submitted_at__isnull=False).first()
    if bcst2 is not None:
        done["screening-bcst2"] = (bcst2.submitted_at, f"BCST2 submitted on {_date(bcst2.submitted_at)}.")
    if plan.status == "agreed" and plan.agreed_at is not None:
        how = "with the person" if plan.agreed_with_person else "without the person"
        done["agree-plan"] = (plan.agreed_at, f"Plan agreed {how} on {_date(plan.agreed_at)}.")
    review = Review.objects.filter(plan=plan, status="completed", completed_at__isnull=False).first()
    if review is not None:
        done["pre-release-review"] = (review.completed_at, f"Pre-release review completed on {_date(review.completed_at)}.")
    outcome = Outcome.objects.filter(plan=plan, kind="release_day").first()
    if outcome is not None:
        done["release-essentials"] = (
            outcome.recorded_at,
            f"Day-one essentials checked: release-day outcomes recorded on {_date(outcome.recorded_at)}.",
        )
    handover = Handover.objects.filter(plan=plan).select_related("officer").first()
    if handover is not None:
        done["handover"] = (
            handover.handed_over_at,
            f"Handed over to {_name(handover.officer)} (responsible officer) on {_date(handover.handed_over_at)}.",
        )
    return done


def forwards(apps: Any, schema_editor: Any) -> None:
    Plan = apps.get_model("plans", "Plan")
    PlanActivity = apps.get_model("plans", "PlanActivity")
    Handover = apps.get_model("plans", "Handover")
    AuditEvent = apps.get_model("core", "AuditEvent")
    now = timezone.now()
    plans = Plan.objects.filter(activities__activity__code__in=BEFORE_RELEASE_ONLY, activities__status__in=OPEN).distinct()
    for plan in plans.select_related("custody_period__current_prison"):
        done = _done(apps, plan)
        scope = plan.custody_period.current_prison.crc_id if plan.custody_period.current_prison_id else None
        for activity in PlanActivity.objects.filter(plan=plan, activity__code__in=list(done), status__in=OPEN).select_related("activity"):
            _, words = done[activity.activity.code]
            before = activity.status
            activity.status, activity.outcome, activity.updated_at = "delivered", words, now
            activity.save(update_fields=["status", "outcome", "updated_at"])
            event = AuditEvent(
                at=now,
                kind="change",
                action="plans.planactivity.complete",
                object_type="plans.PlanActivity",
                object_id=str(activity.pk),
                before={"status": before},
                after={"status": "delivered"},
                reason="Status set from what had happened (rule P13, issue 16): " + words,
                scope_crc_id=scope,
            )
            # Sealed into the audit trail's hash chain as the service seals every event (core/chain.py).
            chain.seal([event], AuditEvent, schema_editor.connection.alias)
            event.save()
        handover = Handover.objects.filter(plan=plan).first()
        if handover is None or not handover.snapshot.get("activities"):
            continue
        codes = dict(PlanActivity.objects.filter(plan=plan, activity__isnull=False).values_list("title", "activity__code"))
        changed = False
        for row in handover.snapshot["activities"]:
            code = codes.get(row.get("title"), "")
            if code not in BEFORE_RELEASE_ONLY:
                continue
            row["code"], row["continues"] = code, False
            when = done.get(code)
            if when is not None and when[0] <= handover.handed_over_at and row.get("status") in OPEN:
                row["status"], row["status_label"], row["outcome"] = "delivered", "Delivered", when[1]
            changed = True
        if changed:
            handover.save(update_fields=["snapshot"])


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0009_cases_from_handovers"),
        ("screening", "0002_screening_state"),
        ("core", "0003_audit_hash_chain"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
