"""Every write of contract assurance, each in one transaction with its audit event, and told to the
people it concerns after commit (notifications).

Audit samples (R-A2) are drawn by `rules.draw_sample` from the CRC's cases received in the period, by
one query for their ids; the seed is recorded so anyone can draw the same sample again. A reveal of
who a sampled person is writes a view event each time (DPA 2018 s.62), saying which sample and why.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ttg.accounts.constants import Role
from ttg.core import audit, clock
from ttg.core.audit import record_change, snapshot
from ttg.core.rules import Decision, format_date, without_citations
from ttg.estate.models import CRC, Organisation
from ttg.notifications.services import notify
from ttg.payments.models import Claim
from ttg.people.identity import case_reference
from ttg.people.models import CustodyPeriod, Person

from . import rules
from .constants import Evidence, IssueStatus, Rating, Side
from .models import AuditSample, ContractIssue, Engagement, IssueNote, SampleAction, SampleCase

NON_FIELD = "__all__"
MAX_SAMPLE = 100


def _refuse(decision: Decision[Any], field: str = NON_FIELD) -> NoReturn:
    """Refuse with the rule's reasons in the words people read (the rule's citation is for administrators)."""
    raise ValidationError({field: [without_citations(reason) for reason in decision.reasons]})


def _stored(decide: Callable[[], Decision[Any]]) -> str:
    """A rule's reasons as the audit trail keeps them: in English whoever is reading when they are stored
    (issue 22; pages put them into words of their own)."""
    with translation.override("en-gb"):
        return " ".join(decide().reasons)


def _manages(user: Any, crc: CRC) -> bool:
    return user.role == Role.CONTRACT_MANAGER and user.managed_crcs.filter(pk=crc.pk).exists()


def _tell(key: str, recipients: list[Any], subject: Callable[[], str], what: str | Callable[[], str], link: str) -> None:
    """`subject` and `what` (unless free text someone typed) are callables, so notify() calls them in
    each recipient's language (docs/notifications.md)."""
    notify(key=key, recipients=recipients, template="assurance_changed", context={"subject": subject, "what": what}, link=link)


def contract_managers(crc: CRC) -> list[Any]:
    """Who an issue about the CRC goes to: the contract managers who manage it (accounts' `managed_crcs`)."""
    return list(crc.contract_managers.filter(is_active=True, role=Role.CONTRACT_MANAGER).order_by("last_name", "first_name"))


def _crc_managers(crc: CRC) -> list[Any]:
    return list(crc.staff.filter(is_active=True, role=Role.CRC_MANAGER))


# --- R-A2: audit samples ------------------------------------------------------------------------------


def cases_in_period(crc: CRC, start: date, end: date) -> QuerySet[CustodyPeriod]:
    """The CRC's cases in a period: custody periods received at a prison it serves, from `start` to `end` (both included)."""
    return CustodyPeriod.objects.filter(reception_prison__crc=crc, reception_date__gte=start, reception_date__lte=end)


def draw_sample(*, crc: CRC, period_start: date, period_end: date, size: int, by: Any, seed: int | None = None) -> AuditSample:
    """Draw a sample of the CRC's cases in the period; a new random seed unless one is given (to draw one again)."""
    if not _manages(by, crc):
        raise PermissionDenied("Only a contract manager of the CRC draws its samples")
    today = clock.today()
    allowed = rules.period_allowed(start=period_start, end=period_end, today=today)
    if not allowed.value:
        _refuse(allowed, "period_end")
    if not 1 <= size <= MAX_SAMPLE:
        raise ValidationError({"size": _("Enter a number from 1 to %(n)s") % {"n": MAX_SAMPLE}})
    seed = seed if seed is not None else secrets.randbelow(10**9) + 1
    with transaction.atomic():
        population = list(cases_in_period(crc, period_start, period_end).values_list("pk", flat=True))
        if not population:
            raise ValidationError({"period_end": _("%(crc)s has no cases received in that period") % {"crc": crc.name}})
        drawn = rules.draw_sample(population, seed=seed, size=size)
        sample = AuditSample.objects.create(
            crc=crc,
            period_start=period_start,
            period_end=period_end,
            size=size,
            seed=seed,
            population=len(population),
            drawn_at=clock.now(),
            drawn_by=by,
        )
        SampleCase.objects.bulk_create(
            SampleCase(sample=sample, custody_period_id=case_id, position=i) for i, case_id in enumerate(drawn, start=1)
        )
        record_change(
            actor=by,
            action="assurance.auditsample.add",
            obj=sample,
            after=snapshot(sample),
            reason=_stored(lambda: rules.period_allowed(start=period_start, end=period_end, today=today)),
            scope_crc=crc,
        )
    return sample


def check_case(*, case: SampleCase, evidence: list[str], finding: str, rating: str, by: Any) -> SampleCase:
    """Record the checklist for one sampled case (again, to change it)."""
    if not _manages(by, case.sample.crc):
        raise PermissionDenied("Only a contract manager of the CRC checks its samples")
    unknown = set(evidence) - set(Evidence.values)
    if unknown or rating not in Rating.values:
        raise ValidationError({NON_FIELD: [_("Choose the evidence and the rating from the lists")]})
    if not finding.strip():
        raise ValidationError({"finding": _("Enter the finding")})
    with transaction.atomic():
        row = SampleCase.objects.select_for_update().select_related("sample__crc").get(pk=case.pk)
        before = snapshot(row)
        row.evidence = [e for e in Evidence.values if e in evidence]
        row.finding = finding.strip()
        row.rating = rating
        row.checked_at = clock.now()
        row.checked_by = by
        row.save(update_fields=["evidence", "finding", "rating", "checked_at", "checked_by"])
        record_change(
            actor=by,
            action="assurance.samplecase.change",
            obj=row,
            before=before,
            after=snapshot(row),
            redact=("finding",),
            scope_crc=row.sample.crc,
        )
    return row


def reveal(*, case: SampleCase, by: Any) -> Person:
    """Who a sampled person is, for the contract manager who drew the sample: logged as a view, each time."""
    sample = case.sample
    if not (sample.drawn_by_id == by.pk and _manages(by, sample.crc)):
        raise PermissionDenied("Only the contract manager who drew the sample sees who its people are")
    period = CustodyPeriod.objects.select_related("person").get(pk=case.custody_period_id)
    audit.record_view(
        actor=by,
        obj=period.person,
        why=_("Audit sample %(n)s of %(crc)s (rule R-A2), drawn by them on %(day)s: case %(ref)s, number %(pos)s of the sample, revealed")
        % {
            "n": sample.pk,
            "crc": sample.crc.name,
            "day": format_date(sample.drawn_at),
            "ref": case_reference(period.person_id),
            "pos": case.position,
        },
        scope_crc=sample.crc,
        action="people.person.reveal",
    )
    return period.person


def log_identified(*, sample: AuditSample, people: list[Person], by: Any) -> None:
    """A CRC manager shown who the people of their CRC's sample are (those they may see anyway): one view
    event each, in one insert (DPA 2018 s.62)."""
    if not people:
        return
    why = _("Audit sample %(n)s of %(crc)s (rule R-A2): a case of their CRC's") % {"n": sample.pk, "crc": sample.crc.name}
    audit.record_views(actor=by, seen=[audit.Seen("people.Person", p.pk, sample.crc_id, why) for p in people])


def add_action(*, sample: AuditSample, case: SampleCase | None, what: str, due_on: date, by: Any) -> SampleAction:
    """Propose an action to the CRC; its managers are told."""
    if not _manages(by, sample.crc):
        raise PermissionDenied("Only a contract manager of the CRC adds actions")
    if case is not None and case.sample_id != sample.pk:
        raise ValidationError({"case": _("Choose a case from this sample")})
    if not what.strip():
        raise ValidationError({"what": _("Enter the action")})
    with transaction.atomic():
        action = SampleAction.objects.create(
            sample=sample, case=case, what=what.strip(), due_on=due_on, created_at=clock.now(), created_by=by
        )
        event = record_change(
            actor=by, action="assurance.sampleaction.add", obj=action, after=snapshot(action), redact=("what",), scope_crc=sample.crc
        )
        _tell(
            f"assurance-action-{event.pk}",
            _crc_managers(sample.crc),
            lambda: _("An action from an audit sample of %(crc)s") % {"crc": sample.crc.name},
            lambda: _("The contract manager proposes an action, due by %(day)s. Agree it or dispute it.") % {"day": format_date(due_on)},
            reverse("assurance_sample", args=[sample.pk]),
        )
    return action


def _move(action: SampleAction, to: str, by: Any, verb: str, **fields: Any) -> SampleAction:
    with transaction.atomic():
        row = SampleAction.objects.select_for_update().select_related("sample__crc").get(pk=action.pk)
        decision = rules.action_transition(row.status, verb, by.role)
        if decision.value is None:
            if row.status == to:
                return row  # the same request twice: done once
            _refuse(decision)
        before = snapshot(row)
        reason = _stored(lambda: rules.action_transition(row.status, verb, by.role))  # from the state it was in
        row.status = str(decision.value)
        for name, value in fields.items():
            setattr(row, name, value)
        row.save(update_fields=["status", *fields])
        event = record_change(
            actor=by,
            action=f"assurance.sampleaction.{verb}",
            obj=row,
            before=before,
            after=snapshot(row),
            reason=reason,
            scope_crc=row.sample.crc,
        )
        crc = row.sample.crc
        others = _crc_managers(crc) if by.role == Role.CONTRACT_MANAGER else contract_managers(crc)
        _tell(
            f"assurance-action-{event.pk}",
            others,
            lambda: _("An action from an audit sample of %(crc)s") % {"crc": crc.name},
            lambda: _("The action is now %(state)s.") % {"state": _(rules.ACTION_WORDS[row.status])},
            reverse("assurance_sample", args=[row.sample_id]),
        )
    return row


def respond_to_action(*, action: SampleAction, agree: bool, response: str, by: Any) -> SampleAction:
    """The CRC manager agrees the action, or disputes it saying why."""
    if by.role != Role.CRC_MANAGER or by.crc_id != action.sample.crc_id:
        raise PermissionDenied("Only the CRC's manager answers its actions")
    if not agree and not response.strip():
        raise ValidationError({"response": _("Say why you dispute the action")})
    to = rules.AGREED if agree else rules.DISPUTED
    return _move(action, to, by, "agree" if agree else "dispute", crc_response=response.strip(), responded_at=clock.now(), responded_by=by)


def close_action(*, action: SampleAction, note: str, by: Any) -> SampleAction:
    """The contract manager closes the action, saying what was done."""
    if not _manages(by, action.sample.crc):
        raise PermissionDenied("Only a contract manager of the CRC closes its actions")
    if not note.strip():
        raise ValidationError({"note": _("Say what was done, or why the action is closed")})
    return _move(action, rules.CLOSED, by, "close", closing_note=note.strip(), closed_at=clock.now(), closed_by=by)


# --- R-A3: contract-management issues ------------------------------------------------------------------


def raise_issue(*, crc: CRC, topic: str, summary: str, details: str, claim: Claim | None, by: Any) -> ContractIssue:
    """Raise an issue with the contract managers of the CRC, who are told."""
    if claim is not None and claim.crc_id != crc.pk:
        raise ValidationError({"claim": _("That claim is under another CRC's contract")})
    if not summary.strip():
        raise ValidationError({"summary": _("Enter what the issue is about")})
    if not details.strip():
        raise ValidationError({"details": _("Enter the details")})
    with transaction.atomic():
        issue = ContractIssue.objects.create(
            crc=crc,
            topic=topic,
            summary=summary.strip(),
            details=details.strip(),
            claim=claim,
            raised_at=clock.now(),
            raised_by=by,
            raised_for=by.employer_name,
        )
        event = record_change(actor=by, action="assurance.contractissue.add", obj=issue, after=snapshot(issue), scope_crc=crc)
        _tell(
            f"assurance-issue-{event.pk}",
            contract_managers(crc),
            lambda: _("A contract-management issue about %(crc)s") % {"crc": crc.name},
            lambda: _("%(who)s raised an issue: %(summary)s") % {"who": issue.raised_for, "summary": issue.summary},
            reverse("assurance_issue", args=[issue.pk]),
        )
    return issue


def add_note(*, issue: ContractIssue, text: str, by: Any) -> IssueNote:
    """A message on an open issue from its raiser or a contract manager of its CRC; the other side is told."""
    if not (by.pk == issue.raised_by_id or _manages(by, issue.crc)):
        raise PermissionDenied("Only the raiser and the CRC's contract managers write on an issue")
    if not text.strip():
        raise ValidationError({"text": _("Enter your message")})
    with transaction.atomic():
        locked = ContractIssue.objects.select_for_update().select_related("crc", "raised_by").get(pk=issue.pk)
        if locked.status != IssueStatus.OPEN:
            raise ValidationError({"text": _("The issue is resolved: raise a new one")})
        note = IssueNote.objects.create(issue=locked, text=text.strip(), at=clock.now(), by=by)
        event = record_change(actor=by, action="assurance.issuenote.add", obj=note, after=snapshot(note), scope_crc=locked.crc)
        others = contract_managers(locked.crc) if by.pk == locked.raised_by_id else [locked.raised_by]
        _tell(
            f"assurance-issue-{event.pk}",
            [u for u in others if u.pk != by.pk],
            lambda: _("A message on the issue: %(summary)s") % {"summary": locked.summary},
            note.text,
            reverse("assurance_issue", args=[locked.pk]),
        )
    return note


def resolve_issue(*, issue: ContractIssue, resolution: str, by: Any) -> ContractIssue:
    """A contract manager of the CRC resolves the issue, saying how; the raiser is told."""
    if not _manages(by, issue.crc):
        raise PermissionDenied("Only a contract manager of the CRC resolves its issues")
    with transaction.atomic():
        locked = ContractIssue.objects.select_for_update().select_related("crc", "raised_by").get(pk=issue.pk)
        decision = rules.issue_resolution(state=locked.status, role=by.role, resolution=resolution)
        if not decision.value:
            if locked.status == IssueStatus.RESOLVED:
                return locked  # resolved twice: once
            _refuse(decision, "resolution")
        before = snapshot(locked)
        reason = _stored(lambda: rules.issue_resolution(state=locked.status, role=by.role, resolution=resolution))
        locked.status = IssueStatus.RESOLVED
        locked.resolution = resolution.strip()
        locked.resolved_at = clock.now()
        locked.resolved_by = by
        locked.save(update_fields=["status", "resolution", "resolved_at", "resolved_by"])
        event = record_change(
            actor=by,
            action="assurance.contractissue.resolve",
            obj=locked,
            before=before,
            after=snapshot(locked),
            reason=reason,
            scope_crc=locked.crc,
        )
        _tell(
            f"assurance-issue-{event.pk}",
            [locked.raised_by],
            lambda: _("Your issue is resolved: %(summary)s") % {"summary": locked.summary},
            locked.resolution,
            reverse("assurance_issue", args=[locked.pk]),
        )
    return locked


# --- R-A5: the engagement log --------------------------------------------------------------------------


def record_engagement(*, crc: CRC, organisation: Organisation, kind: str, on: date, note: str, by: Any) -> Engagement:
    """An entry in the log, by the CRC's manager or the partner organisation's caseworker."""
    decision = rules.may_record_engagement(kind=kind, role=by.role)
    if not decision.value:
        _refuse(decision, "kind")
    if by.role == Role.CRC_MANAGER and by.crc_id != crc.pk:
        raise PermissionDenied("A CRC manager records their own CRC's engagement")
    if by.role == Role.PARTNER_CASEWORKER and by.organisation_id != organisation.pk:
        raise PermissionDenied("A partner records their own organisation's engagement")
    if on > clock.today() and kind in (rules.HELD, rules.NO_ENGAGEMENT):
        raise ValidationError({"on": _("The date must be today or in the past")})
    with transaction.atomic():
        entry = Engagement.objects.create(
            crc=crc,
            organisation=organisation,
            kind=kind,
            on=on,
            note=note.strip(),
            side=Side.CRC if by.role == Role.CRC_MANAGER else Side.PARTNER,
            recorded_at=clock.now(),
            recorded_by=by,
        )
        record_change(
            actor=by,
            action="assurance.engagement.add",
            obj=entry,
            after=snapshot(entry),
            reason=_stored(lambda: rules.may_record_engagement(kind=kind, role=by.role)),
            scope_crc=crc,
        )
    return entry
