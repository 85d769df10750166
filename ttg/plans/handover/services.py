"""Every write of the handover to the responsible officer (R-P5, U6; rule T6): hand over, receive.

Each write is one transaction with its audit event; the plan row is locked first (select_for_update),
so two submissions at once make one handover and refuse the other with words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ttg.accounts.constants import Role
from ttg.accounts.models import User
from ttg.core import clock
from ttg.core.audit import record_change, snapshot
from ttg.core.pathways import pathway
from ttg.core.rules import add_working_days
from ttg.notifications.services import notify
from ttg.people.cases import hold_case
from ttg.people.models import ProbationCase
from ttg.plans.handover import rules as handover_rules
from ttg.plans.handover.models import Handover, HandoverAlert
from ttg.plans.plan import rules
from ttg.plans.plan.models import Plan
from ttg.plans.plan.services import STORED_LANGUAGE, PlanError, complete_by_event
from ttg.screening.custody import rule_settings as screening_rule_settings
from ttg.screening.models import Kind, Screening, Status

# What the caseworker wrote about a person is personal data: that it changed is enough in the audit trail.
HANDOVER_REDACT = ("summary", "where_to", "snapshot")
# Activities still open at handover continue after release, except those that by their nature end by
# release (BCST2, agreeing the plan, the pre-release review, the day-one essentials, the handover: P13).
OPEN = frozenset({rules.PLANNED, rules.IN_PROGRESS})


def _crc(plan: Plan) -> Any:
    period = plan.custody_period
    return period.current_prison.crc if period.current_prison_id else None


def plan_snapshot(plan: Plan) -> dict[str, Any]:
    """The plan's activities and the person's needs by pathway (BCST2) as they stand now, as plain data: in
    English whoever hands over, as records are kept (pages translate the names and labels as they show them)."""
    with translation.override("en-gb"):
        return _plan_snapshot(plan)


def _plan_snapshot(plan: Plan) -> dict[str, Any]:

    activities = []
    for a in plan.activities.select_related("activity").order_by("order", "id"):
        code = a.activity.code if a.activity else ""
        info = pathway(a.pathway) if a.pathway else None
        activities.append(
            {
                "title": a.title,
                "pathway": a.pathway,
                "pathway_name": info.english if info else "",
                "level": a.level,
                "status": a.status,
                "status_label": rules.STATUS_LABELS.get(a.status, a.status),
                "owner_kind": str(a.get_owner_kind_display()),
                "owner": a.owner,
                "due_on": a.due_on.isoformat() if a.due_on else None,
                "outcome": a.outcome,
                "code": code,
                "continues": a.status in OPEN and code not in rules.BEFORE_RELEASE_ONLY,
            }
        )
    bcst2 = Screening.objects.filter(custody_period_id=plan.custody_period_id, kind=Kind.BCST2, status=Status.SUBMITTED).first()
    needs = []
    for n in (bcst2.needs_summary or []) if bcst2 else []:
        if n.get("level") not in rules.NEED_LEVELS:  # only the pathways with a need
            continue
        info = pathway(n["pathway"]) if n.get("pathway") else None
        needs.append(
            {
                "pathway": n.get("pathway", ""),
                "pathway_name": info.english if info else n.get("pathway", ""),
                "level": n.get("level", ""),
                "needs": list(n.get("needs") or ()),
            }
        )
    return {"activities": activities, "needs": needs}


def hand_over(*, plan: Plan, officer: User | None, where_to: str, summary: str, by: Any) -> Handover:
    """Hand the agreed plan over to a responsible officer, with a summary. Refused, with the field to
    attach the words to, when the plan is not agreed, no officer is named, or it was handed over already."""
    where_to, summary = where_to.strip(), summary.strip()
    with transaction.atomic():
        plan = Plan.objects.select_for_update(of=("self",)).select_related("custody_period__current_prison__crc").get(pk=plan.pk)
        if Handover.objects.filter(plan=plan).exists():
            raise PlanError(_("This plan has already been handed over: a plan is handed over once."), field="officer")
        if not plan.is_agreed:
            raise PlanError(_("Agree the plan with the person before handing it over."), field="officer")
        if officer is None or officer.role != Role.RESPONSIBLE_OFFICER or not officer.is_active:
            raise PlanError(_("Select the responsible officer to hand over to."), field="officer")
        if not where_to:
            raise PlanError(_("Enter where the person will live on release."), field="where_to")
        if not summary:
            raise PlanError(_("Enter the summary: risks to resettlement and what is outstanding."), field="summary")
        # P13: the handover activity is done by this handover, before the plan is copied into it.
        officer_name = officer.get_full_name() or officer.username
        complete_by_event(plan=plan, event=rules.HANDED_OVER, by=by, detail=f"to {officer_name} (responsible officer)")
        handover = Handover.objects.create(
            plan=plan,
            officer=officer,
            where_to=where_to,
            summary=summary,
            snapshot=plan_snapshot(plan),
            release_date_at_handover=plan.custody_period.release_date,
            handed_over_at=clock.now(),
            handed_over_by=by,
        )
        # The officer now holds the person's case: what lets them buy rate-card services for them (R-F2a).
        hold_case(custody_period=plan.custody_period, officer=officer, source=ProbationCase.Source.HANDOVER, by=by, scope_crc=_crc(plan))
        record_change(
            actor=by,
            action="plans.handover.make",
            obj=handover,
            after=snapshot(handover),
            redact=HANDOVER_REDACT,
            reason=f"Handed over to {officer.get_full_name() or officer.username}",
            scope_crc=_crc(plan),
        )
    return handover


def receive(*, handover: Handover, by: Any) -> Handover:
    """The responsible officer the handover names marks it received. Receiving again changes nothing."""
    with transaction.atomic():
        handover = (
            Handover.objects.select_for_update(of=("self",)).select_related("plan__custody_period__current_prison__crc").get(pk=handover.pk)
        )
        if handover.officer_id != getattr(by, "pk", None):
            raise PlanError(_("Only the responsible officer it was handed over to can mark it received."))
        if handover.received_at is not None:
            return handover
        before = snapshot(handover)
        handover.received_at = clock.now()
        handover.save(update_fields=["received_at"])
        record_change(
            actor=by,
            action="plans.handover.receive",
            obj=handover,
            before=before,
            after=snapshot(handover),
            redact=HANDOVER_REDACT,
            reason="Received by the responsible officer",
            scope_crc=_crc(handover.plan),
        )
    return handover


# --------------------------------------------------------------------------------------------------
# Handover alerts (rule H1; service brief U6): the officer and the CRC's managers told, once each
# --------------------------------------------------------------------------------------------------


def alert_settings() -> handover_rules.AlertSettings:
    return handover_rules.AlertSettings(alert_working_days=settings.TTG_HANDOVER_ALERT_WORKING_DAYS)


@dataclass
class AlertRun:
    """What one run of the check did: alerts sent by kind, and the people told."""

    due: int = 0
    overdue: int = 0
    told: int = 0


def _candidates(today: date, s: handover_rules.AlertSettings) -> list[int]:
    """The plans that may call for an alert today, in one indexed query: not handed over, the person in
    custody (or released later than today), and the release date close enough for the handover (T6)
    to be due within the lead time. A generous bound: the rule decides for each (a few a day)."""
    horizon = add_working_days(today, s.alert_working_days + settings.TTG_HANDOVER_WORKING_DAYS) + timedelta(days=7)
    return list(
        Plan.objects.filter(
            Q(custody_period__released_at__isnull=True) | Q(custody_period__released_at__date__gt=today),
            handover__isnull=True,
            custody_period__release_date__isnull=False,
            custody_period__release_date__lte=horizon,
        )
        .order_by("custody_period__release_date", "pk")
        .values_list("pk", flat=True)
    )


def _recipients(plan: Plan) -> tuple[list[User], list[User]]:
    """The CRC's managers (of the CRC serving the person's prison) and the responsible officers who hold
    the person's case (people.ProbationCase: the NPS's allocation), active only."""
    period = plan.custody_period
    crc_id = period.current_prison.crc_id if period.current_prison_id else None
    managers = list(User.objects.filter(role=Role.CRC_MANAGER, crc_id=crc_id, is_active=True)) if crc_id else []
    officers = list(
        User.objects.filter(role=Role.RESPONSIBLE_OFFICER, is_active=True, cases_held__custody_period=period).distinct().order_by("pk")
    )
    return managers, officers


def send_handover_alerts(*, today: date | None = None) -> AlertRun:
    """H1: for each plan not handed over whose handover is due soon or overdue, tell the CRC's managers
    and the responsible officer holding the case, once. Idempotent, under retries and concurrency:
    each plan is locked, and the alert's stored marker (one per plan, kind and due date, by a unique
    constraint) is written in the same transaction as its notifications, whose own keys are unique
    per recipient. Safe to run as often as wanted."""
    today = today or clock.today()
    s, ts = alert_settings(), screening_rule_settings()
    run = AlertRun()
    for pk in _candidates(today, s):
        with transaction.atomic():
            plan = (
                Plan.objects.select_for_update(of=("self",))
                .select_related("custody_period__person", "custody_period__current_prison__crc")
                .get(pk=pk)
            )
            period = plan.custody_period
            due_on = rules.handover_due(period.release_date, ts, today).value
            handed_over = Handover.objects.filter(plan=plan).exists()
            with translation.override(STORED_LANGUAGE):  # its reason is stored in the audit log: in English, whoever runs it
                decision = handover_rules.handover_alert(due_on=due_on, handed_over=handed_over, today=today, s=s)
            if decision.value is None or due_on is None:
                continue
            alert, made = HandoverAlert.objects.get_or_create(
                plan=plan, kind=decision.value, due_on=due_on, defaults={"sent_at": clock.now()}
            )
            if not made:
                continue
            managers, officers = _recipients(plan)
            prison = period.current_prison
            context = {
                "prison_number": period.person.prison_number,
                "prison": prison.name if prison else "",
                # Dates: the message writes them in each reader's language.
                "due_on": due_on,
                "release_date": period.release_date,
            }
            key = f"handover-{decision.value}:{plan.pk}:{due_on.isoformat()}"
            template = f"handover_{decision.value}"
            told = notify(
                key=key,
                recipients=managers,
                template=template,
                context={**context, "for_officer": False},
                link=reverse("plan", args=[period.person.prison_number]),
            )
            told += notify(
                key=key, recipients=officers, template=template, context={**context, "for_officer": True}, link=reverse("handover_list")
            )
            alert.recipients = len(told)
            alert.save(update_fields=["recipients"])
            record_change(
                actor=None,
                action=f"plans.handover.alert_{decision.value}",
                obj=alert,
                after=snapshot(alert),
                reason=decision.reasons[0],
                scope_crc=prison.crc if prison else None,
            )
            run.told += len(told)
            if decision.value == handover_rules.DUE:
                run.due += 1
            else:
                run.overdue += 1
    return run
