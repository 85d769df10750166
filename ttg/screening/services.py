"""Every write about screening: one function per action, each in one transaction with its audit event.

Answers are health and criminal-offence data: the audit trail records that they changed, never
their content. "Now" is the injectable clock (core.clock), so submission times are testable.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ttg.core import clock
from ttg.core.audit import record_change, snapshot
from ttg.core.rules import format_date, local_date, without_citations
from ttg.estate.reference import local_authority_country
from ttg.people.models import CustodyPeriod, Movement
from ttg.people.signals import custody_written

from . import questions, rules
from .custody import rule_settings
from .models import Amendment, DutyToRefer, Kind, NeedFlag, PathwayNeed, Screening, Status
from .selectors import custody_facts, previous_bcst1
from .signals import screening_submitted

REDACT = ("answers", "answers_before_amendment", "needs_summary")


class ScreeningError(Exception):
    """An action that cannot be done now; the message says why, in words for the user."""

    def __init__(self, message: str, *, errors: Mapping[str, str] | None = None):
        super().__init__(message)
        # Pages show `message` and `errors`, without the rules' codes (those are for administrators); the
        # API returns `cited` and `cited_errors`, which keep them.
        self.cited, self.message = message, without_citations(message)
        self.cited_errors = dict(errors or {})
        self.errors = {k: without_citations(v) for k, v in self.cited_errors.items()}


def _crc(period: CustodyPeriod) -> Any:
    return period.current_prison.crc if period.current_prison_id else None


def question_set_for(period: CustodyPeriod, kind: str) -> questions.QuestionSet:
    # R-S5: the reference date of a screening is the reception date.
    return questions.question_set(kind, period.reception_date)


def question_set_of(screening: Screening) -> questions.QuestionSet:
    return questions.question_set_version(screening.kind, screening.question_set_version)


def _lock(period: CustodyPeriod) -> CustodyPeriod:
    # Serialise writes about one custody period (two officers on one BCST1 never make two).
    locked = CustodyPeriod.objects.select_for_update(of=("self",)).select_related("current_prison__crc", "person").get(pk=period.pk)
    # CRC staff still see a released person for a while (to record outcomes), but screening happens in custody.
    # "Released" is by the service's clock: a release the feed has recorded for later does not lock yet.
    if locked.released_at is not None and locked.released_at <= clock.now():
        raise ScreeningError(
            _("%(name)s was released on %(date)s: screenings cannot be changed after release.")
            % {"name": f"{locked.person.first_name} {locked.person.last_name}", "date": format_date(locked.released_at)}
        )
    return locked


def _editable(period: CustodyPeriod, kind: str, by: Any) -> Screening:
    """The screening of this kind to write answers into: a draft, or one being amended."""
    now = clock.now()
    try:
        screening = Screening.objects.select_for_update().get(custody_period=period, kind=kind)
    except Screening.DoesNotExist:
        qs = question_set_for(period, kind)
        try:
            with transaction.atomic():
                screening = Screening.objects.create(
                    custody_period=period,
                    kind=kind,
                    question_set_version=qs.version,
                    started_by=by,
                    started_at=now,
                    updated_at=now,
                )
        except IntegrityError:  # started at the same moment by someone else: use theirs
            screening = Screening.objects.select_for_update().get(custody_period=period, kind=kind)
        else:
            record_change(
                actor=by,
                action=f"screening.{kind.lower()}.start",
                obj=screening,
                after=snapshot(screening),
                redact=REDACT,
                scope_crc=_crc(period),
            )
    if screening.status == Status.SUBMITTED:
        raise ScreeningError(_("This %(kind)s has been submitted. To change it, amend it and give a reason.") % {"kind": kind})
    return screening


def save_section(*, period: CustodyPeriod, kind: str, section_id: str, data: Mapping[str, str], by: Any) -> Screening:
    """Save one section's answers as a draft (or into an amendment). Errors leave nothing saved."""
    with transaction.atomic():
        period = _lock(period)
        screening = _editable(period, kind, by)
        qs = question_set_of(screening)
        cleaned, errors = questions.clean_section(qs, section_id, data)
        if errors:
            raise ScreeningError(_("There is a problem with your answers"), errors=errors)
        before = snapshot(screening)
        section = qs.section(section_id)
        answers = {k: v for k, v in screening.answers.items() if k not in {q.id for q in section.questions}}
        answers.update(cleaned)
        screening.answers = answers
        screening.updated_at = clock.now()
        screening.save(update_fields=["answers", "updated_at"])
        record_change(
            actor=by,
            action=f"screening.{kind.lower()}.save",
            obj=screening,
            before=before,
            after=snapshot(screening),
            reason=f"Section: {section.title}",
            redact=REDACT,
            scope_crc=_crc(period),
        )
        return screening


def _raise_flags(screening: Screening, qs: questions.QuestionSet, period: CustodyPeriod) -> None:
    """Flag each immediate need once; withdraw flags whose need is gone."""
    now = clock.now()
    found = {need.question_id: need for need in questions.immediate_needs(qs, screening.answers)}
    existing = {flag.question_id: flag for flag in screening.flags.all()}
    for question_id, need in found.items():
        flag = existing.get(question_id)
        if flag is None:
            NeedFlag.objects.create(
                screening=screening, custody_period=period, pathway=need.pathway, question_id=question_id, need=need.text, raised_at=now
            )
        elif flag.withdrawn_at is not None:  # the need is back: flag it again, to be acknowledged again
            flag.withdrawn_at, flag.acknowledged_at, flag.acknowledged_by, flag.raised_at = None, None, None, now
            flag.save(update_fields=["withdrawn_at", "acknowledged_at", "acknowledged_by", "raised_at"])
    for question_id, flag in existing.items():
        if question_id not in found and flag.withdrawn_at is None:
            flag.withdrawn_at = now
            flag.save(update_fields=["withdrawn_at"])


def _duty_to_refer(screening: Screening, qs: questions.QuestionSet, period: CustodyPeriod, facts: rules.Custody, by: Any) -> None:
    """Answers showing the person homeless or at risk on release start the duty to refer (T8). The
    consent and the local housing authority the person gave in the screening are the duty's own: they
    are not asked again (issue 23 item 8). An amendment carries its new answers to a duty that nobody
    has recorded anything on since it was raised. The reasons it stores are in English, whoever submits
    (issue 22): they are the record of why the duty was raised."""
    with translation.override("en-gb"):
        _raise_duty_to_refer(screening, qs, period, facts, by)


def _raise_duty_to_refer(screening: Screening, qs: questions.QuestionSet, period: CustodyPeriod, facts: rules.Custody, by: Any) -> None:
    at_risk, reasons = questions.homeless_or_at_risk(qs, screening.answers)
    if not at_risk:
        return
    said = questions.duty_to_refer_answers(qs, screening.answers)
    duty = DutyToRefer.objects.select_for_update(of=("self",)).filter(custody_period=period).first()
    if duty is not None:
        untouched = duty.updated_by_id is None and duty.referred_on is None
        asked_here = duty.raised_by_screening_id == screening.pk or said.consent is not None
        if not (untouched and asked_here):
            return
        if (duty.consent, duty.local_housing_authority) == (said.consent, said.local_housing_authority):
            return
        before = snapshot(duty)
        duty.consent, duty.local_housing_authority, duty.updated_at = said.consent, said.local_housing_authority, clock.now()
        _settle_route(duty, period, local_date(duty.raised_at))  # the chosen authority may change the route (R-W1)
        duty.save(update_fields=["consent", "local_housing_authority", "route", "due_on", "reasons", "updated_at"])
        record_change(
            actor=by,
            action="screening.duty_to_refer.update",
            obj=duty,
            before=before,
            after=snapshot(duty),
            reason=f"The person's answers in {screening.kind}",
            redact=("outcome_notes", "reasons"),
            scope_crc=_crc(period),
        )
        return
    route, decision = _route_and_due(period, facts, said.local_housing_authority, clock.today())
    if decision.value is None:  # the duty (or the Welsh pathway) did not exist for this reception
        return
    DutyToRefer.objects.create(
        custody_period=period,
        raised_by_screening=screening,
        raised_at=clock.now(),
        reasons=list(reasons) + list(route.reasons) + list(decision.reasons),
        due_on=decision.value,
        route=route.value,
        consent=said.consent,
        local_housing_authority=said.local_housing_authority,
        updated_at=clock.now(),
    )


# --- England or Wales (issue 23 item 9) -------------------------------------------------------------


def _route_and_due(
    period: CustodyPeriod, facts: rules.Custody, authority: str, identified_on: date
) -> tuple[rules.Decision[str], rules.Decision[date | None]]:
    """The route (rule R-W1: England's duty to refer or the Welsh national pathway) and the referral's due
    date on it (T8 or T8W), for a person held at the period's current prison who chose `authority` ("" if none)."""
    prison = period.current_prison
    route = rules.homelessness_route(
        prison_country=prison.country, prison_name=prison.name, authority=authority, authority_country=local_authority_country(authority)
    )
    return route, rules.housing_referral(facts, identified_on, route.value, rule_settings())


def _settle_route(duty: DutyToRefer, period: CustodyPeriod, identified_on: date) -> bool:
    """Decide the duty's route again, and its due date on that route, from what it holds now (its local
    authority, the prison holding the person). A duty already referred keeps the route it was referred
    under; a route that gives no date (the English duty for a reception before it began) is not taken.
    Saves nothing: returns whether the duty changed."""
    if duty.referred_on is not None:
        return False
    route, decision = _route_and_due(period, custody_facts(period), duty.local_housing_authority, identified_on)
    if decision.value is None:
        return False
    # The stored reasons: the answers that raised the duty (no rule cited), then the route's and the date's,
    # in English whoever is reading (issue 22).
    with translation.override("en-gb"):
        reasons = [r for r in duty.reasons if "(rule " not in r] + list(route.reasons) + list(decision.reasons)
    if (route.value, decision.value, reasons) == (duty.route, duty.due_on, duty.reasons):
        return False
    duty.route, duty.due_on, duty.reasons = route.value, decision.value, reasons
    return True


def follow_prison(period_ids: list[int]) -> int:
    """A person moved to another prison before their referral was made: where they have not chosen a local
    authority, the route follows the prison holding them now (rule R-W1), so a transfer across the border
    changes the task, its wording and its recipient, and its due date counts from the day of the move. One
    query; a write, with its audit event, only for each duty whose route changes. Returns how many changed."""
    changed = 0
    duties = DutyToRefer.objects.filter(custody_period_id__in=period_ids, referred_on__isnull=True).exclude(consent=False)
    for duty in duties.select_related("custody_period__current_prison__crc"):
        period = duty.custody_period
        prison = period.current_prison
        if local_authority_country(duty.local_housing_authority) is not None or prison is None or prison.country == duty.route:
            continue
        with transaction.atomic():
            before = snapshot(duty)
            if not _settle_route(duty, period, clock.today()):
                continue
            duty.updated_at = clock.now()
            duty.save(update_fields=["route", "due_on", "reasons", "updated_at"])
            record_change(
                actor=None,
                action="screening.duty_to_refer.update",
                obj=duty,
                before=before,
                after=snapshot(duty),
                reason=f"Moved to {prison.name}, in {rules.COUNTRY_WORDS[prison.country]}",
                redact=("outcome_notes", "reasons"),
                scope_crc=_crc(period),
            )
            changed += 1
    return changed


def _period_saved(sender: Any, instance: CustodyPeriod, **kwargs: Any) -> None:
    follow_prison([instance.pk])


def _movement_saved(sender: Any, instance: Movement, **kwargs: Any) -> None:
    follow_prison([instance.custody_period_id])


def _custody_written(sender: Any, period_ids: list[int], **kwargs: Any) -> None:
    follow_prison(period_ids)


def connect() -> None:
    """Called from ScreeningConfig.ready, after the stored decisions' receivers (`state.connect`)."""
    post_save.connect(_period_saved, sender=CustodyPeriod, dispatch_uid="screening_duty_route_period")
    post_save.connect(_movement_saved, sender=Movement, dispatch_uid="screening_duty_route_movement")
    custody_written.connect(_custody_written, dispatch_uid="screening_duty_route_custody_written")


def keep_pathway_needs(screening: Screening, now: Any) -> None:
    """The BCST2's needs by pathway as rows (PathwayNeed), in step with its summary: a need still there keeps
    when it was found, a new one is found now, one gone is removed."""
    wanted = {n["pathway"]: n["level"] for n in screening.needs_summary or [] if n.get("level") in questions.NEED_LEVELS}
    had = {n.pathway: n for n in PathwayNeed.objects.filter(screening=screening)}
    PathwayNeed.objects.filter(screening=screening).exclude(pathway__in=list(wanted)).delete()
    for pathway, level in wanted.items():
        if pathway in had:
            if had[pathway].level != level:
                PathwayNeed.objects.filter(pk=had[pathway].pk).update(level=level)
        else:
            PathwayNeed.objects.create(
                screening=screening, custody_period_id=screening.custody_period_id, pathway=pathway, level=level, found_at=now
            )


def _consequences(screening: Screening, period: CustodyPeriod, by: Any) -> None:

    qs = question_set_of(screening)
    if screening.kind == Kind.BCST1:
        _raise_flags(screening, qs, period)
    else:
        summary = questions.needs_summary(qs, screening.answers, sex=period.person.sex)
        screening.needs_summary = [{"pathway": p.pathway, "level": p.level, "needs": list(p.needs)} for p in summary]
        screening.save(update_fields=["needs_summary"])
        keep_pathway_needs(screening, clock.now())
    _duty_to_refer(screening, qs, period, custody_facts(period), by)


def submit(*, period: CustodyPeriod, kind: str, by: Any, reason: str = "") -> Screening:
    """Submit a draft, or finish an amendment (which needs a reason)."""
    with transaction.atomic():
        period = _lock(period)
        try:
            screening = Screening.objects.select_for_update().get(custody_period=period, kind=kind)
        except Screening.DoesNotExist:
            raise ScreeningError(_("There is no %(kind)s to submit: answer the questions first.") % {"kind": kind}) from None
        if screening.status == Status.SUBMITTED:
            return screening  # submitted twice (a double click, a retry): once is enough
        qs = question_set_of(screening)
        incomplete = questions.incomplete_sections(qs, screening.answers, sex=period.person.sex)
        if incomplete:
            raise ScreeningError(
                _("Complete every section before you submit"),
                errors={
                    section.id: _("Complete the section “%(section)s”") % {"section": section.title_in(get_language())}
                    for section in incomplete
                },
            )
        before = snapshot(screening)
        now = clock.now()
        if screening.status == Status.AMENDING:
            reason = reason.strip()
            if not reason:
                raise ScreeningError(
                    _("Enter why you are amending the answers"), errors={"reason": _("Enter why you are amending the answers")}
                )
            previous = screening.answers_before_amendment or {}
            changed = sorted(k for k in previous.keys() | screening.answers.keys() if previous.get(k) != screening.answers.get(k))
            Amendment.objects.create(
                screening=screening, reason=reason, changed_questions=changed, previous_answers=previous, amended_by=by, amended_at=now
            )
            screening.answers_before_amendment = None
            action = f"screening.{kind.lower()}.amend"
        else:
            screening.submitted_at, screening.submitted_by = now, by
            action = f"screening.{kind.lower()}.submit"
        screening.status = Status.SUBMITTED
        screening.updated_at = now
        screening.save()
        _consequences(screening, period, by)
        record_change(
            actor=by,
            action=action,
            obj=screening,
            before=before,
            after=snapshot(screening),
            reason=reason,
            redact=REDACT,
            scope_crc=_crc(period),
        )
        if action.endswith(".submit"):
            screening_submitted.send(sender=Screening, screening=screening, by=by)
        return screening


def submit_answers(*, period: CustodyPeriod, kind: str, answers: Mapping[str, str], by: Any) -> Screening:
    """Answer every section and submit in one go (the API). All or nothing."""
    qs = question_set_for(period, kind)
    errors: dict[str, str] = {}
    with transaction.atomic():
        for section in questions.sections_for(qs, sex=period.person.sex):
            try:
                save_section(period=period, kind=kind, section_id=section.id, data=answers, by=by)
            except ScreeningError as problem:
                errors.update(problem.errors or {section.id: problem.message})
        if errors:
            transaction.set_rollback(True)
            raise ScreeningError(_("There is a problem with the answers"), errors=errors)
        return submit(period=period, kind=kind, by=by)


def start_amendment(*, period: CustodyPeriod, kind: str, by: Any) -> Screening:
    with transaction.atomic():
        period = _lock(period)
        screening = Screening.objects.select_for_update().get(custody_period=period, kind=kind)
        if screening.status == Status.AMENDING:
            return screening
        if screening.status != Status.SUBMITTED:
            raise ScreeningError(_("This %(kind)s has not been submitted yet: you can change the draft.") % {"kind": kind})
        before = snapshot(screening)
        screening.status = Status.AMENDING
        screening.answers_before_amendment = dict(screening.answers)
        screening.updated_at = clock.now()
        screening.save(update_fields=["status", "answers_before_amendment", "updated_at"])
        record_change(
            actor=by,
            action=f"screening.{kind.lower()}.amend_start",
            obj=screening,
            before=before,
            after=snapshot(screening),
            redact=REDACT,
            scope_crc=_crc(period),
        )
        return screening


def cancel_amendment(*, period: CustodyPeriod, kind: str, by: Any) -> Screening:
    with transaction.atomic():
        period = _lock(period)
        screening = Screening.objects.select_for_update().get(custody_period=period, kind=kind)
        if screening.status != Status.AMENDING:
            return screening
        before = snapshot(screening)
        screening.answers = screening.answers_before_amendment or {}
        screening.answers_before_amendment = None
        screening.status = Status.SUBMITTED
        screening.updated_at = clock.now()
        screening.save(update_fields=["answers", "answers_before_amendment", "status", "updated_at"])
        record_change(
            actor=by,
            action=f"screening.{kind.lower()}.amend_cancel",
            obj=screening,
            before=before,
            after=snapshot(screening),
            redact=REDACT,
            scope_crc=_crc(period),
        )
        return screening


def clone_bcst1(*, period: CustodyPeriod, needs_unchanged: bool, by: Any) -> Screening:
    """R-S4: reuse the previous BCST1 when the clone rule applies and the screener confirms needs are unchanged."""

    if not needs_unchanged:
        raise ScreeningError(_("The previous BCST1 can only be reused if the person's needs have not changed"))
    with transaction.atomic():
        period = _lock(period)
        decision = rules.bcst1_clone(custody_facts(period))
        previous = previous_bcst1(period)
        if not decision.value or previous is None:
            raise ScreeningError(" ".join(decision.reasons) or _("The previous BCST1 cannot be reused"))
        if Screening.objects.filter(custody_period=period, kind=Kind.BCST1).exists():
            raise ScreeningError(_("A BCST1 has already been started for this custody: continue it instead"))
        now = clock.now()
        screening = Screening.objects.create(
            custody_period=period,
            kind=Kind.BCST1,
            question_set_version=previous.question_set_version,
            status=Status.SUBMITTED,
            answers=dict(previous.answers),
            cloned_from=previous,
            needs_unchanged_confirmed=True,
            started_by=by,
            started_at=now,
            submitted_by=by,
            submitted_at=now,
            updated_at=now,
        )
        _consequences(screening, period, by)
        with translation.override("en-gb"):  # the audit trail is in English whoever clones (issue 22)
            why = " ".join(decision.reasons)
        record_change(
            actor=by,
            action="screening.bcst1.clone",
            obj=screening,
            after=snapshot(screening),
            reason=why,
            redact=REDACT,
            scope_crc=_crc(period),
        )
        return screening


def acknowledge_flag(*, flag: NeedFlag, note: str, by: Any) -> NeedFlag:
    with transaction.atomic():
        flag = NeedFlag.objects.select_for_update(of=("self",)).select_related("custody_period__current_prison__crc").get(pk=flag.pk)
        if not flag.waiting:
            return flag  # acknowledged already (or withdrawn): nothing to do, and no second audit event
        before = snapshot(flag)
        flag.acknowledged_by, flag.acknowledged_at, flag.acknowledgement_note = by, clock.now(), note.strip()
        flag.save(update_fields=["acknowledged_by", "acknowledged_at", "acknowledgement_note"])
        record_change(
            actor=by,
            action="screening.flag.acknowledge",
            obj=flag,
            before=before,
            after=snapshot(flag),
            scope_crc=_crc(flag.custody_period),
        )
        return flag


def record_duty_to_refer(
    *,
    duty: DutyToRefer,
    consent: bool | None,
    local_housing_authority: str,
    referred_on: date | None,
    outcome: str,
    outcome_notes: str,
    by: Any,
) -> DutyToRefer:
    with transaction.atomic():
        duty = DutyToRefer.objects.select_for_update(of=("self",)).select_related("custody_period__current_prison__crc").get(pk=duty.pk)
        errors = {}
        period = duty.custody_period
        held_in = period.current_prison.country if period.current_prison_id else rules.ENGLAND
        wales = (local_authority_country(local_housing_authority) or held_in) == rules.WALES  # the route's recipient (R-W1)
        if referred_on is not None and consent is not True:
            errors["consent"] = _("A referral needs the person's consent: select Yes if they consented")
        if referred_on is not None and not local_housing_authority.strip():
            errors["local_housing_authority"] = (
                _("Enter the Welsh local authority the person will go to")
                if wales
                else _("Enter the local housing authority the person chose")
            )
        if referred_on is not None and referred_on > clock.today():
            errors["referred_on"] = _("The date referred must be today or in the past")
        if outcome and referred_on is None:
            errors["outcome"] = _("Enter the date referred before recording an outcome")
        if errors:
            raise ScreeningError(_("There is a problem"), errors=errors)
        before = snapshot(duty)
        chose_before, referred_before = duty.local_housing_authority, duty.referred_on
        duty.consent, duty.local_housing_authority, duty.referred_on = consent, local_housing_authority.strip(), referred_on
        duty.outcome, duty.outcome_notes = outcome, outcome_notes.strip()
        duty.updated_by, duty.updated_at = by, clock.now()
        if referred_before is None and chose_before != duty.local_housing_authority:
            # The chosen authority may change the route (R-W1): a referral made now is made on the route it gives.
            duty.referred_on = None
            _settle_route(duty, period, local_date(duty.raised_at))
            duty.referred_on = referred_on
        duty.save()
        record_change(
            actor=by,
            action="screening.duty_to_refer.update",
            obj=duty,
            before=before,
            after=snapshot(duty),
            redact=("outcome_notes", "reasons"),
            scope_crc=_crc(duty.custody_period),
        )
        return duty
