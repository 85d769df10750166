"""Every write of mobilisation, each in one transaction, audited, and told to the people it concerns.

The state machines are the rules' (`rules.plan_transition`, `rules.readiness_transition`): a refused
transition raises a ValidationError with the rule's reasons, and nothing is written. Each transition
locks the plan first (`select_for_update`), so that two submits, or two decisions, at once make one
change: the second finds the plan already changed and is refused, or, for the same request twice,
answered with what the first did (a double submit is harmless). Versions are unique per plan and number.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, NoReturn

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from ttg.accounts.constants import Role
from ttg.core import clock
from ttg.core.audit import record_change, snapshot
from ttg.core.rules import Decision, format_date
from ttg.estate import services as estate_services
from ttg.estate.models import CRC, Organisation, Prison
from ttg.notifications.services import notify

from . import rules
from .constants import ActionStatus, PlanStatus, Readiness, Response
from .models import BidNaming, Commitment, MeetingAction, MobilisationPlan, MonitoringMeeting, PlanVersion

NON_FIELD = "__all__"


def _refuse(decision: Decision[Any], field: str = NON_FIELD) -> NoReturn:
    raise ValidationError({field: list(decision.reasons)})


def _locked(plan: MobilisationPlan, by: Any) -> MobilisationPlan:
    """The plan, locked, if the user may see it; PermissionDenied otherwise."""
    if not MobilisationPlan.objects.visible_to(by).filter(pk=plan.pk).exists():
        raise PermissionDenied("You may not change this plan")
    return MobilisationPlan.objects.select_for_update().select_related("crc", "prison").get(pk=plan.pk)


def _users(**filters: Any) -> list[Any]:
    return list(get_user_model().objects.filter(is_active=True, **filters))


def _crc_managers(plan: MobilisationPlan) -> list[Any]:
    return _users(role=Role.CRC_MANAGER, crc_id=plan.crc_id)


def _contract_managers(plan: MobilisationPlan) -> list[Any]:
    return _users(role=Role.CONTRACT_MANAGER, managed_crcs=plan.crc_id)


def _governors(plan: MobilisationPlan) -> list[Any]:
    return _users(role=Role.GOVERNOR, prison_id=plan.prison_id)


def _tell(plan: MobilisationPlan, event: Any, recipients: list[Any], what: Callable[[], str], link: str = "") -> None:
    """`what` is a callable, so notify() makes the words in each recipient's language (docs/notifications.md)."""
    notify(
        key=f"mobilisation-{event.pk}",
        recipients=recipients,
        template="mobilisation_changed",
        context={"crc": plan.crc.name, "prison": plan.prison.name, "what": what},
        link=link or reverse("mobilisation_plan", args=[plan.pk]),
    )


def _record(plan: MobilisationPlan, before: dict[str, Any], action: str, by: Any, reason: str = "") -> Any:
    return record_change(
        actor=by,
        action=f"mobilisation.mobilisationplan.{action}",
        obj=plan,
        before=before,
        after=snapshot(plan),
        reason=reason,
        scope_crc=plan.crc,
    )


# Building the plan (CRC manager, while it is a draft or returned).


def start_plan(*, crc: CRC, prison: Prison, by: Any) -> MobilisationPlan:
    """The CRC's plan at a prison it serves; the existing one if there is one (starting twice makes one plan)."""
    if by.role != Role.CRC_MANAGER or by.crc_id != crc.pk:
        raise PermissionDenied("Only the CRC's manager starts its plans")
    if prison.crc_id != crc.pk:
        raise ValidationError({"prison": _("%(crc)s does not serve %(prison)s") % {"crc": crc.name, "prison": prison.name}})
    with transaction.atomic():
        crc = CRC.objects.select_for_update().get(pk=crc.pk)
        existing = MobilisationPlan.objects.filter(crc=crc, prison=prison).first()
        if existing is not None:
            return existing
        plan = MobilisationPlan.objects.create(crc=crc, prison=prison, created_at=clock.now(), created_by=by)
        record_change(actor=by, action="mobilisation.mobilisationplan.add", obj=plan, after=snapshot(plan), scope_crc=crc)
    return plan


def _editable(plan: MobilisationPlan, by: Any) -> MobilisationPlan:
    plan = _locked(plan, by)
    if by.role != Role.CRC_MANAGER:
        raise PermissionDenied("Only the CRC manager changes the plan")
    if plan.status not in rules.EDITABLE:
        raise ValidationError(
            {
                NON_FIELD: [
                    _("The plan can be changed only when it is a draft or returned; it is %(state)s.")
                    % {"state": _(rules.STATE_WORDS[plan.status])}
                ]
            }
        )
    return plan


def add_row(*, plan: MobilisationPlan, section: str, row: dict[str, Any], by: Any) -> MobilisationPlan:
    """Add a row (already validated by its form) to the draft's staff, space or risks."""
    if section not in ("staff", "space", "risks"):
        raise ValueError(section)
    with transaction.atomic():
        plan = _editable(plan, by)
        before = snapshot(plan)
        plan.content = {**plan.content, section: [*plan.content.get(section, []), row]}
        plan.save(update_fields=["content"])
        _record(plan, before, "change", by)
    return plan


def remove_row(*, plan: MobilisationPlan, section: str, index: int, by: Any) -> MobilisationPlan:
    with transaction.atomic():
        plan = _editable(plan, by)
        rows = list(plan.content.get(section, []))
        if not 0 <= index < len(rows):
            return plan  # already gone (a second click)
        before = snapshot(plan)
        del rows[index]
        plan.content = {**plan.content, section: rows}
        plan.save(update_fields=["content"])
        _record(plan, before, "change", by)
    return plan


def add_commitment(
    *,
    plan: MobilisationPlan,
    organisation: Organisation,
    services: str,
    money_pence: int,
    fte: Decimal,
    starts_on: date,
    ends_on: date | None,
    by: Any,
) -> Commitment:
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date must be the same as or after the start date")})
    with transaction.atomic():
        plan = _editable(plan, by)
        commitment = Commitment.objects.create(
            plan=plan,
            organisation=organisation,
            services=services.strip(),
            money_pence=money_pence,
            fte=fte,
            starts_on=starts_on,
            ends_on=ends_on,
            created_by=by,
        )
        record_change(actor=by, action="mobilisation.commitment.add", obj=commitment, after=snapshot(commitment), scope_crc=plan.crc)
    return commitment


def remove_commitment(*, commitment: Commitment, by: Any) -> None:
    """Remove a commitment no submitted version has named yet; one already shared stays, as the organisation has seen it."""
    with transaction.atomic():
        _editable(commitment.plan, by)
        row = Commitment.objects.select_for_update().filter(pk=commitment.pk).first()
        if row is None:
            return
        if row.shared_at is not None:
            raise ValidationError(
                {NON_FIELD: [_("%(org)s has been shown this commitment: it stays in the plan") % {"org": row.organisation.name}]}
            )
        record_change(actor=by, action="mobilisation.commitment.delete", obj=row, before=snapshot(row), scope_crc=row.plan.crc)
        row.delete()


def commitment_content(commitment: Commitment) -> dict[str, Any]:
    return {
        "organisation": commitment.organisation.name,
        "services": commitment.services,
        "money_pence": commitment.money_pence,
        "fte": str(commitment.fte),
        "starts_on": commitment.starts_on.isoformat(),
        "ends_on": commitment.ends_on.isoformat() if commitment.ends_on else None,
    }


def current_content(plan: MobilisationPlan) -> dict[str, Any]:
    """All four sections of the plan as it stands, in the form a version keeps."""
    partners = [
        commitment_content(c) for c in plan.commitments.select_related("organisation").order_by("organisation__name", "starts_on", "pk")
    ]
    return {
        "staff": plan.content.get("staff", []),
        "space": plan.content.get("space", []),
        "partners": partners,
        "risks": plan.content.get("risks", []),
    }


# The plan's state machine (R-M2).


def submit(*, plan: MobilisationPlan, by: Any) -> PlanVersion:
    """Keep the plan as a new version and send it to the contract manager. Submitting the same plan twice makes one version."""
    with transaction.atomic():
        plan = _locked(plan, by)
        content = current_content(plan)
        last = plan.versions.order_by("-number").first()
        if plan.status == PlanStatus.SUBMITTED and last is not None and last.content == content:
            return last  # the same submit again
        decision = rules.plan_transition(plan.status, "submit", by.role)
        if decision.value is None:
            _refuse(decision)
        complete = rules.plan_complete(content)
        if not complete.value:
            _refuse(complete)
        number = (plan.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        now = clock.now()
        version = PlanVersion.objects.create(plan=plan, number=number, content=content, submitted_at=now, submitted_by=by)
        before = snapshot(plan)
        plan.status = decision.value
        plan.save(update_fields=["status"])
        event = _record(plan, before, "submit", by)
        newly_shared = list(plan.commitments.filter(shared_at__isnull=True).select_related("organisation"))
        plan.commitments.filter(shared_at__isnull=True).update(shared_at=now)
        _tell(plan, event, _contract_managers(plan), lambda: _("Version %(n)s of the plan was submitted for sign-off.") % {"n": number})
        for org_pk in {c.organisation_id for c in newly_shared}:
            notify(
                key=f"mobilisation-{event.pk}-org-{org_pk}",
                recipients=_users(role=Role.PARTNER_CASEWORKER, organisation_id=org_pk),
                template="mobilisation_changed",
                context={
                    "crc": plan.crc.name,
                    "prison": plan.prison.name,
                    "what": lambda: _("The plan names your organisation. Confirm or dispute what it commits to you."),
                },
                link=reverse("mobilisation_commitments"),
            )
    return version


def decide(*, plan: MobilisationPlan, sign_off: bool, comments: str, checklist: list[str], by: Any) -> PlanVersion:
    """The contract manager signs the latest version off against the checklist, or returns it with comments."""
    action = "sign_off" if sign_off else "return"
    with transaction.atomic():
        plan = _locked(plan, by)
        version = plan.versions.select_for_update().order_by("-number").first()
        target = PlanStatus.SIGNED_OFF if sign_off else PlanStatus.RETURNED
        if version is not None and plan.status == target and version.outcome == target:
            return version  # the same decision again
        decision = rules.plan_transition(plan.status, action, by.role)
        if decision.value is None or version is None:
            _refuse(decision)
        if sign_off:
            ticked = rules.sign_off_checklist(checklist)
            if not ticked.value:
                _refuse(ticked, "checklist")
        elif not comments.strip():
            raise ValidationError({"comments": _("Enter what the CRC must change")})
        version.outcome, version.comments, version.checklist = target, comments.strip(), list(checklist)
        version.decided_at, version.decided_by = clock.now(), by
        version.save(update_fields=["outcome", "comments", "checklist", "decided_at", "decided_by"])
        before = snapshot(plan)
        plan.status = decision.value
        plan.save(update_fields=["status"])
        event = _record(plan, before, action, by, reason=version.comments)
        _tell(
            plan,
            event,
            _crc_managers(plan),
            lambda: (
                (
                    _("Version %(n)s of the plan was signed off.")
                    if sign_off
                    else _("Version %(n)s of the plan was returned with comments: %(comments)s")
                )
                % {"n": version.number, "comments": version.comments}
            ),
        )
    return version


def revise(*, plan: MobilisationPlan, by: Any) -> MobilisationPlan:
    """Start a new version of a signed-off plan (the signed-off version stays as it was)."""
    with transaction.atomic():
        plan = _locked(plan, by)
        if plan.status == PlanStatus.DRAFT:
            return plan
        decision = rules.plan_transition(plan.status, "revise", by.role)
        if decision.value is None:
            _refuse(decision)
        before = snapshot(plan)
        plan.status = decision.value
        plan.save(update_fields=["status"])
        _record(plan, before, "revise", by)
    return plan


# Readiness and go-live (R-M3).


def declare_ready(*, plan: MobilisationPlan, ready_from: date, by: Any) -> MobilisationPlan:
    with transaction.atomic():
        plan = _locked(plan, by)
        if plan.readiness == Readiness.DECLARED and plan.ready_from == ready_from:
            return plan
        decision = rules.readiness_transition(plan.readiness, "declare", by.role)
        if decision.value is None:
            _refuse(decision)
        if plan.status != PlanStatus.SIGNED_OFF and not plan.versions.filter(outcome=PlanStatus.SIGNED_OFF).exists():
            raise ValidationError({NON_FIELD: [_("The plan must be signed off before the prison is declared ready.")]})
        allowed = rules.ready_from_allowed(ready_from)
        if not allowed.value:
            _refuse(allowed, "ready_from")
        before = snapshot(plan)
        plan.readiness, plan.ready_from, plan.governor_reason = decision.value, ready_from, ""
        plan.save(update_fields=["readiness", "ready_from", "governor_reason"])
        event = _record(plan, before, "declare", by)
        _tell(
            plan,
            event,
            _governors(plan) + _contract_managers(plan),
            lambda: _("The CRC declared itself ready from %(day)s. The governor is asked to agree.") % {"day": format_date(ready_from)},
        )
    return plan


def governor_decides(*, plan: MobilisationPlan, agree: bool, reason: str, by: Any) -> MobilisationPlan:
    action = "agree" if agree else "disagree"
    with transaction.atomic():
        plan = _locked(plan, by)
        target = Readiness.AGREED if agree else Readiness.DISAGREED
        if plan.readiness == target:
            return plan
        decision = rules.readiness_transition(plan.readiness, action, by.role)
        if decision.value is None:
            _refuse(decision)
        if not agree and not reason.strip():
            raise ValidationError({"reason": _("Enter why you disagree that the CRC is ready")})
        before = snapshot(plan)
        plan.readiness, plan.governor_reason = decision.value, reason.strip()
        plan.save(update_fields=["readiness", "governor_reason"])
        event = _record(plan, before, action, by, reason=plan.governor_reason)
        _tell(
            plan,
            event,
            _crc_managers(plan) + _contract_managers(plan),
            lambda: (
                _("The governor agreed the CRC is ready.")
                if agree
                else _("The governor disagreed that the CRC is ready: %(reason)s") % {"reason": plan.governor_reason}
            ),
        )
    return plan


def sign_off_readiness(*, plan: MobilisationPlan, go_live_on: date, reason: str, by: Any) -> MobilisationPlan:
    """HMPPS signs readiness off with a go-live date, or moves it once signed off; the prison's date is set with the reason."""
    with transaction.atomic():
        plan = _locked(plan, by)
        moving = plan.readiness == Readiness.SIGNED_OFF
        if moving and plan.go_live_on == go_live_on:
            return plan
        decision = rules.readiness_transition(plan.readiness, "move" if moving else "sign_off", by.role)
        if decision.value is None:
            _refuse(decision)
        allowed = rules.go_live_date_allowed(go_live_on, ready_from=plan.ready_from)
        if not allowed.value:
            _refuse(allowed, "go_live_on")
        if moving and not reason.strip():
            raise ValidationError({"reason": _("Enter why the go-live date moves")})
        reason = reason.strip() or _("Readiness signed off")
        before = snapshot(plan)
        plan.readiness, plan.go_live_on = decision.value, go_live_on
        plan.save(update_fields=["readiness", "go_live_on"])
        event = _record(plan, before, "move_go_live" if moving else "sign_off_readiness", by, reason=reason)
        estate_services.set_go_live_date(prison=plan.prison, on=go_live_on, reason=reason, by=by)
        _tell(
            plan,
            event,
            _crc_managers(plan) + _governors(plan) + _contract_managers(plan),
            lambda: (
                _("The enhanced specification goes live at %(prison)s on %(day)s.")
                % {
                    "prison": plan.prison.name,
                    "day": format_date(go_live_on),
                }
            ),
        )
    return plan


# Partner transparency (R-M4).


def respond(*, commitment: Commitment, disputed: bool, reason: str, by: Any) -> Commitment:
    """The organisation confirms it was engaged for a commitment, or disputes it with a reason."""
    allowed = rules.dispute_allowed(disputed=disputed, reason=reason)
    if not allowed.value:
        _refuse(allowed, "reason")
    with transaction.atomic():
        if by.role != Role.PARTNER_CASEWORKER or not Commitment.objects.visible_to(by).filter(pk=commitment.pk).exists():
            raise PermissionDenied("Not your organisation's commitment")
        row = Commitment.objects.select_for_update().select_related("plan__crc", "plan__prison", "organisation").get(pk=commitment.pk)
        answer = Response.DISPUTED if disputed else Response.CONFIRMED
        if row.response == answer and row.response_reason == reason.strip():
            return row
        before = snapshot(row)
        row.response, row.response_reason, row.responded_at, row.responded_by = answer, reason.strip(), clock.now(), by
        row.save(update_fields=["response", "response_reason", "responded_at", "responded_by"])
        event = record_change(
            actor=by,
            action=f"mobilisation.commitment.{answer}",
            obj=row,
            before=before,
            after=snapshot(row),
            reason=row.response_reason,
            scope_crc=row.plan.crc,
        )
        _tell(
            row.plan,
            event,
            _contract_managers(row.plan) + _crc_managers(row.plan),
            lambda: (
                (
                    _("%(org)s disputes that it was engaged for “%(services)s”: %(reason)s")
                    if disputed
                    else _("%(org)s confirmed it was engaged for “%(services)s”.")
                )
                % {"org": row.organisation.name, "services": row.services, "reason": row.response_reason}
            ),
        )
    return row


def record_bid_naming(*, crc: CRC, organisation: Organisation, named_for: str, by: Any) -> BidNaming:
    """Schedule 6: an organisation the CRC's bid named but that was never contracted (the same one twice is one row).
    Recorded by a contract manager of the CRC, or an administrator."""
    if not (by.role == Role.ADMINISTRATOR or (by.role == Role.CONTRACT_MANAGER and by.managed_crcs.filter(pk=crc.pk).exists())):
        raise PermissionDenied("Only the CRC's contract manager or an administrator records bid namings")
    if not named_for.strip():
        raise ValidationError({"named_for": _("Enter what the bid named the organisation for")})
    with transaction.atomic():
        naming, made = BidNaming.objects.get_or_create(
            crc=crc, organisation=organisation, defaults={"named_for": named_for.strip(), "recorded_at": clock.now(), "recorded_by": by}
        )
        if made:
            record_change(actor=by, action="mobilisation.bidnaming.add", obj=naming, after=snapshot(naming), scope_crc=crc)
    return naming


# Monitoring (R-M2): the contract manager's meetings on a plan and the actions from them.


def record_meeting(*, plan: MobilisationPlan, held_on: date, attendees: str, notes: str, by: Any) -> MonitoringMeeting:
    """A monitoring meeting on the plan, by one of the CRC's contract managers. The same meeting twice is one row."""
    if not attendees.strip():
        raise ValidationError({"attendees": _("Enter who attended")})
    if held_on > clock.today():
        raise ValidationError({"held_on": _("The date of the meeting must be today or in the past")})
    with transaction.atomic():
        plan = _locked(plan, by)
        if by.role != Role.CONTRACT_MANAGER:
            raise PermissionDenied("Only the CRC's contract manager records monitoring meetings")
        same = {"plan": plan, "held_on": held_on, "attendees": attendees.strip(), "notes": notes.strip()}
        existing = MonitoringMeeting.objects.filter(**same).first()
        if existing is not None:
            return existing  # the same submit again
        meeting = MonitoringMeeting.objects.create(**same, recorded_at=clock.now(), recorded_by=by)
        record_change(actor=by, action="mobilisation.monitoringmeeting.add", obj=meeting, after=snapshot(meeting), scope_crc=plan.crc)
    return meeting


def add_action(
    *, meeting: MonitoringMeeting, what: str, owner: str, owner_organisation: Organisation | None, due_on: date, by: Any
) -> MeetingAction:
    """An action from a monitoring meeting, owned by someone named in words or by an organisation. The same action twice is one row."""
    if not what.strip():
        raise ValidationError({"what": _("Enter the action")})
    if not owner.strip() and owner_organisation is None:
        raise ValidationError({"owner": _("Enter who owns the action, or select an organisation")})
    with transaction.atomic():
        plan = _locked(meeting.plan, by)
        if by.role != Role.CONTRACT_MANAGER:
            raise PermissionDenied("Only the CRC's contract manager records actions")
        same = {
            "meeting": meeting,
            "what": what.strip(),
            "owner": owner.strip(),
            "owner_organisation": owner_organisation,
            "due_on": due_on,
        }
        existing = MeetingAction.objects.filter(**same).first()
        if existing is not None:
            return existing
        action = MeetingAction.objects.create(**same, created_at=clock.now(), created_by=by)
        event = record_change(actor=by, action="mobilisation.meetingaction.add", obj=action, after=snapshot(action), scope_crc=plan.crc)
        _tell(
            plan,
            event,
            _crc_managers(plan),
            lambda: (
                _("An action from the monitoring meeting on %(day)s: %(what)s, due %(due)s.")
                % {
                    "day": format_date(meeting.held_on),
                    "what": action.what,
                    "due": format_date(due_on),
                }
            ),
        )
    return action


def mark_action_done(*, action: MeetingAction, by: Any, done_on: date | None = None) -> MeetingAction:
    """The contract manager, or the CRC's manager, marks an action done (today unless said). Done twice is done once."""
    with transaction.atomic():
        if not MeetingAction.objects.visible_to(by).filter(pk=action.pk).exists():
            raise PermissionDenied("Not an action you may close")
        plan = _locked(action.meeting.plan, by)
        row = MeetingAction.objects.select_for_update().get(pk=action.pk)
        if row.status == ActionStatus.DONE:
            return row
        done_on = done_on or clock.today()
        if done_on > clock.today():
            raise ValidationError({"done_on": _("The date it was done must be today or in the past")})
        before = snapshot(row)
        row.status, row.done_on, row.done_by = ActionStatus.DONE, done_on, by
        row.save(update_fields=["status", "done_on", "done_by"])
        event = record_change(
            actor=by, action="mobilisation.meetingaction.done", obj=row, before=before, after=snapshot(row), scope_crc=plan.crc
        )
        others = _contract_managers(plan) if by.role == Role.CRC_MANAGER else _crc_managers(plan)
        _tell(
            plan,
            event,
            others,
            lambda: _("Action done: %(what)s.") % {"what": row.what},
        )
    return row
