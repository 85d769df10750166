"""Every write of data protection: legal holds, accuracy disputes, the log of subject access
exports, and erasure under the retention schedule. Each in one transaction with its audit event
(sealed into the audit trail's hash chain as it is inserted)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ttg.core import audit, clock, personal_data
from ttg.core.audit import record_change, snapshot
from ttg.people.models import Person

from . import selectors
from .constants import DISPUTED_PARTS, DisputeOutcome, DisputeStatus
from .models import AccuracyDispute, Erasure, LegalHold

EXPORT_ACTION = "dataprotection.subject_access.export"
TEXT = ("reason", "release_reason", "person_says", "resolution")  # never copied into the audit trail


def log_export(*, person: Person, by: Any, fmt: str, reason: str = "") -> None:
    """Log a subject access export as a disclosure of the whole record (DPA 2018 s.62)."""
    why = reason or _("Subject access request (UK GDPR Article 15)")
    audit.record_view(actor=by, obj=person, why=f"{why} [{fmt}]", action=EXPORT_ACTION)


def place_hold(*, person: Person, reason: str, by: Any) -> LegalHold:
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why the record must be kept")})
    with transaction.atomic():
        hold = LegalHold.objects.create(person=person, reason=reason.strip(), set_by=by, set_at=clock.now())
        record_change(actor=by, action="dataprotection.legalhold.add", obj=hold, after=snapshot(hold), redact=TEXT)
    return hold


def release_hold(*, hold: LegalHold, reason: str, by: Any) -> LegalHold:
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why the hold is released")})
    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if hold.released_at is not None:
            raise ValidationError({"reason": _("This hold has already been released")})
        before = snapshot(hold)
        hold.released_at, hold.released_by, hold.release_reason = clock.now(), by, reason.strip()
        hold.save(update_fields=["released_at", "released_by", "release_reason"])
        record_change(actor=by, action="dataprotection.legalhold.release", obj=hold, before=before, after=snapshot(hold), redact=TEXT)
    return hold


def raise_dispute(*, person: Person, part: str, person_says: str, by: Any) -> AccuracyDispute:
    errors = {}
    if part not in dict(DISPUTED_PARTS):
        errors["part"] = _("Select which part of the record the person says is wrong")
    if not person_says.strip():
        errors["person_says"] = _("Enter what the person says is wrong")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        dispute = AccuracyDispute.objects.create(
            person=person, part=part, person_says=person_says.strip(), raised_by=by, raised_at=clock.now()
        )
        record_change(actor=by, action="dataprotection.accuracydispute.add", obj=dispute, after=snapshot(dispute), redact=TEXT)
    return dispute


def resolve_dispute(*, dispute: AccuracyDispute, outcome: str, resolution: str, by: Any) -> AccuracyDispute:
    errors = {}
    if outcome not in DisputeOutcome.values:
        errors["outcome"] = _("Select the outcome")
    if not resolution.strip():
        errors["resolution"] = _("Enter what was checked and what was done")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        dispute = AccuracyDispute.objects.select_for_update().get(pk=dispute.pk)
        if dispute.status != DisputeStatus.OPEN:
            raise ValidationError({"outcome": _("This dispute has already been resolved")})
        before = snapshot(dispute)
        dispute.status, dispute.outcome, dispute.resolution = DisputeStatus.RESOLVED, outcome, resolution.strip()
        dispute.resolved_by, dispute.resolved_at = by, clock.now()
        dispute.save(update_fields=["status", "outcome", "resolution", "resolved_by", "resolved_at"])
        record_change(
            actor=by, action="dataprotection.accuracydispute.resolve", obj=dispute, before=before, after=snapshot(dispute), redact=TEXT
        )
    return dispute


@dataclass
class RetentionRun:
    """What one run of the retention schedule did (or, in a dry run, would do)."""

    today: date
    dry_run: bool
    erased: list[str] = field(default_factory=list)  # prison numbers as they were (never logged)
    held: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)


def erase(*, person: Person, due_on: date, reasons: str, by: Any = None) -> Erasure | None:
    """Anonymise everything registered about the person, once. None if already erased, or if a legal
    hold was placed since the person was found due (checked again under the person's lock)."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if Erasure.objects.filter(person=person).exists() or LegalHold.objects.filter(person=person, released_at__isnull=True).exists():
            return None
        rows = personal_data.anonymise(person)
        done = Erasure.objects.create(person=person, erased_at=clock.now(), due_on=due_on, rows=rows)
        record_change(
            actor=by,
            action="dataprotection.person.erase",
            obj=person,
            after={"rows": rows, "due_on": due_on.isoformat()},
            reason=reasons,
        )
    return done


def apply_retention(*, today: date | None = None, dry_run: bool = False, by: Any = None) -> RetentionRun:
    """Erase every record due today under the retention schedule (R-D1), except those on legal hold
    (R-D2). Each erasure is its own transaction with its own audit event; running it again erases
    nobody twice. A dry run changes nothing and logs nothing."""
    today = today or clock.today()
    run = RetentionRun(today=today, dry_run=dry_run)
    for due in selectors.due_for_erasure(today):
        if not due.decision.value:
            run.held.append(due.person.prison_number)
            continue
        number = due.person.prison_number
        if dry_run:
            run.erased.append(number)
            continue
        assert due.due_on is not None
        done = erase(person=due.person, due_on=due.due_on, reasons=" ".join(due.decision.reasons), by=by)
        if done is None:  # erased by a run at the same time, or put on hold since it was found
            if not Erasure.objects.filter(person=due.person).exists():
                run.held.append(number)
            continue
        run.erased.append(number)
        for label, count in done.rows.items():
            run.rows[label] = run.rows.get(label, 0) + count
    return run
