"""Screening pages: the person's screening summary, BCST1 and BCST2 as a task list with a question
page per section, check your answers, the clone offer, immediate-needs flags, the duty to refer, and
each prison's work list.

Thin: find what the user may see (selectors), call a service for every write, render. Every page
that shows a person's answers logs the view with its justification.

The question sets' words are shown in the page's language (questions.py holds them in English and
Welsh); what the services store and raise from them is English, and is shown in the page's
language by looking it up in the question sets (`in_page_language`, `questions.stored_text_in`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ttg.accounts.constants import Role
from ttg.core import access, clock
from ttg.core.forms import GovukDateField, date_parts, error_list
from ttg.core.rules import format_date, local_date
from ttg.estate.constants import Country
from ttg.people import records
from ttg.people.models import CustodyPeriod

from . import questions, selectors, services
from .models import DutyToRefer, Kind, ReferralOutcome, Screening, Status

KINDS = {"bcst1": Kind.BCST1, "bcst2": Kind.BCST2}
WRITE_ACTION: dict[str, str] = {Kind.BCST1: "screening.bcst1", Kind.BCST2: "screening.bcst2"}


# --- the question sets' words in the page's language ---------------------------------------------


def in_page_language(text: str) -> str:
    """A text stored from a question set in English (a flag's need, a reason of the duty to refer),
    in the page's language. A template filter (apps.py): `{{ flag.need | in_page_language }}`."""
    return questions.stored_text_in(str(text), get_language())


# --- finding the person -------------------------------------------------------------------------


def _kind(kind: str) -> str:
    try:
        return KINDS[kind]
    except KeyError:
        raise Http404(access.NOT_FOUND_MESSAGE) from None


def _may_write(request: HttpRequest, kind: str) -> bool:
    return access.can(request.user, WRITE_ACTION[kind])


def _require_write(request: HttpRequest, kind: str) -> None:
    if not _may_write(request, kind):
        raise PermissionDenied


# --- the person's screening summary -------------------------------------------------------------


@require_GET
@access.requires("screening.view")
def person_screening(request: HttpRequest, prison_number: str) -> HttpResponse:
    person, period = records.in_custody(request.user, prison_number)
    row = selectors.period_screening(request.user, period)
    return render(
        request,
        "screening/person.html",
        {
            "title": _("Screening"),
            "caption": f"{person.first_name} {person.last_name} ({person.prison_number})",
            "person": person,
            "period": period,
            "row": row,
            "flags": selectors.flags_for(request.user, period),
            "can": {k: access.can(request.user, f"screening.{k}") for k in ("bcst1", "bcst2", "acknowledge", "duty_to_refer")},
            "today": clock.today(),
        },
    )


# --- BCST1 and BCST2: task list, question pages, check your answers -----------------------------


def _question_set(period: CustodyPeriod, screening: Screening | None, kind: str) -> questions.QuestionSet:
    return services.question_set_of(screening) if screening else services.question_set_for(period, kind)


def _required_now(row: selectors.PeriodScreening, kind: str) -> bool:
    return row.decisions.bcst1.value.required if kind == Kind.BCST1 else bool(row.decisions.bcst2.value.required)


@require_GET
@access.requires("screening.view")
def task_list(request: HttpRequest, prison_number: str, kind: str) -> HttpResponse:
    kind = _kind(kind)
    person, period = records.in_custody(request.user, prison_number)
    screening = selectors.screening_for(request.user, period, kind)
    row = selectors.period_screening(request.user, period)
    qs = _question_set(period, screening, kind)
    answers = screening.answers if screening else {}
    if kind == Kind.BCST1 and screening is None and row.decisions.clone.value and _may_write(request, kind):
        return redirect("screening_clone", prison_number=person.prison_number)
    language = get_language()
    sections = [
        {"section": s, "title": s.title_in(language), "status": questions.section_status(qs, s, answers)}
        for s in questions.sections_for(qs, sex=person.sex)
    ]
    return render(
        request,
        "screening/task_list.html",
        {
            "title": qs.title_in(language),
            "caption": f"{person.first_name} {person.last_name} ({person.prison_number})",
            "person": person,
            "kind": kind,
            "slug": kind.lower(),
            "qs": qs,
            "screening": screening,
            "sections": sections,
            "complete": all(s["status"] == "completed" for s in sections),
            "row": row,
            "required": _required_now(row, kind),
            "can_write": _may_write(request, kind),
        },
    )


def _nested(section: questions.Section) -> dict[str, tuple[str, str]]:
    """Follow-ups with one trigger answer: question id -> (parent id, the answer that shows it)."""
    nested = {}
    for q in section.questions:
        if len(q.show_if) == 1:
            parent, values = next(iter(q.show_if.items()))
            if len(values) == 1:
                nested[q.id] = (parent, next(iter(values)))
    return nested


def _fields(
    section: questions.Section, answers: Mapping[str, str], errors: Mapping[str, str], language: str | None
) -> list[dict[str, Any]]:
    """The section's questions for the template, in `language`. A follow-up with one trigger answer
    is a GOV.UK conditional reveal under that answer (so without JavaScript it is always shown);
    other follow-ups appear once the saved answers call for them."""
    shown = {q.id for q in questions.visible_questions(section, answers)}
    nested = _nested(section)
    fields: dict[str, dict[str, Any]] = {
        q.id: {
            "q": q,
            "text": q.text_in(language),
            "hint": q.hint_in(language),
            "value": answers.get(q.id, ""),
            "error": errors.get(q.id),
            "options": [{"value": o.value, "label": o.label_in(language)} for o in q.options],
        }
        for q in section.questions
    }
    children: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for qid, trigger in nested.items():
        children.setdefault(trigger, []).append(fields[qid])
    for qid, field in fields.items():
        field["conditional"] = {o["value"]: children.get((qid, o["value"]), []) for o in field["options"]}
    return [f for qid, f in fields.items() if qid not in nested and (not f["q"].show_if or qid in shown)]


@require_http_methods(["GET", "POST"])
@access.requires("screening.view")
def section(request: HttpRequest, prison_number: str, kind: str, section_id: str) -> HttpResponse:
    kind = _kind(kind)
    _require_write(request, kind)
    person, period = records.in_custody(request.user, prison_number, log=request.method == "GET")
    screening = selectors.screening_for(request.user, period, kind)
    if screening is not None and screening.status == Status.SUBMITTED:
        return redirect("screening_check", prison_number=person.prison_number, kind=kind.lower())
    qs = _question_set(period, screening, kind)
    try:
        current = qs.section(section_id)
    except KeyError:
        raise Http404(access.NOT_FOUND_MESSAGE) from None
    if current.women_only and person.sex != "F":
        raise Http404(access.NOT_FOUND_MESSAGE)
    answers: dict[str, str] = dict(screening.answers) if screening else {}
    errors: dict[str, str] = {}
    more_questions = False
    language = get_language()
    if request.method == "POST":
        data = {q.id: request.POST.get(q.id, "") for q in current.questions}
        # What the page showed: follow-ups the saved answers called for, and every conditional reveal.
        seen = {q.id for q in questions.visible_questions(current, answers)} | _nested(current).keys()
        try:
            services.save_section(period=period, kind=kind, section_id=current.id, data=data, by=request.user)
        except services.ScreeningError as problem:
            answers.update(data)
            # A follow-up the user has not seen yet is not an error: show it and ask for it. The
            # service's messages are the question set's English: the page shows its own language's.
            errors = {
                qid: questions.error_in(qs.question(qid), message, language) for qid, message in problem.errors.items() if qid in seen
            }
            more_questions = len(errors) < len(problem.errors)
        else:
            return redirect("screening_tasks", prison_number=person.prison_number, kind=kind.lower())
    return render(
        request,
        "screening/section.html",
        {
            "title": current.title_in(language),
            "caption": f"{kind} – {person.first_name} {person.last_name}",
            "person": person,
            "slug": kind.lower(),
            "section": current,
            "fields": _fields(current, answers, errors, language),
            "more_questions": more_questions and not errors,
            "errors": [{"text": message, "href": f"#{qid}"} for qid, message in errors.items()],
            "page_has_errors": bool(errors),
        },
    )


def _summary(qs: questions.QuestionSet, answers: Mapping[str, str], sex: str) -> list[dict[str, Any]]:
    """The answers by section, in the page's language (the answers themselves are values)."""
    language = get_language()
    out = []
    for s in questions.sections_for(qs, sex=sex):
        rows = [
            {
                "question": q.text_in(language),
                "answer": questions.answer_label(q, answers[q.id], language) if answers.get(q.id) else _("Not answered"),
            }
            for q in questions.visible_questions(s, answers)
        ]
        out.append({"section": s, "title": s.title_in(language), "rows": rows})
    return out


def _submit_error(qs: questions.QuestionSet, key: str, message: str) -> str:
    """A message `services.submit` raised (English), in the page's language: a section left
    incomplete names the section in the page's language."""
    if key == "reason":
        return _("Enter why you are amending the answers")
    try:
        section = qs.section(key)
    except KeyError:
        return message
    return _("Complete the section “%(section)s”") % {"section": section.title_in(get_language())}


class AmendmentForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why are you amending the answers?"),
        max_length=1000,
        error_messages={"required": gettext_lazy("Enter why you are amending the answers")},
    )


@require_http_methods(["GET", "POST"])
@access.requires("screening.view")
def check_answers(request: HttpRequest, prison_number: str, kind: str) -> HttpResponse:
    kind = _kind(kind)
    person, period = records.in_custody(request.user, prison_number, log=request.method == "GET")
    screening = selectors.screening_for(request.user, period, kind)
    if screening is None:
        return redirect("screening_tasks", prison_number=person.prison_number, kind=kind.lower())
    qs = services.question_set_of(screening)
    errors: list[dict[str, str]] = []
    amendment = AmendmentForm(request.POST if request.method == "POST" and screening.status == Status.AMENDING else None)
    if request.method == "POST":
        _require_write(request, kind)
        reason = ""
        if screening.status == Status.AMENDING:
            reason = request.POST.get("reason", "")
        try:
            services.submit(period=period, kind=kind, by=request.user, reason=reason)
        except services.ScreeningError as problem:
            errors = [
                {
                    "text": _submit_error(qs, key, message),
                    "href": "#reason" if key == "reason" else reverse("screening_section", args=[person.prison_number, kind.lower(), key]),
                }
                for key, message in problem.errors.items()
            ] or [{"text": problem.message, "href": "#submit"}]
        else:
            return redirect("screening_submitted", prison_number=person.prison_number, kind=kind.lower())
    return render(
        request,
        "screening/check.html",
        {
            "title": _("Check your answers") if screening.status != Status.SUBMITTED else _("%(kind)s answers") % {"kind": kind},
            "caption": f"{kind} – {person.first_name} {person.last_name} ({person.prison_number})",
            "person": person,
            "slug": kind.lower(),
            "kind": kind,
            "screening": screening,
            "summary": _summary(qs, screening.answers, person.sex),
            "amendments": list(screening.amendments.select_related("amended_by")),
            "errors": errors,
            "reason_error": next((e["text"] for e in errors if e["href"] == "#reason"), None),
            "reason": request.POST.get("reason", "") if request.method == "POST" else "",
            "page_has_errors": bool(errors),
            "can_write": _may_write(request, kind),
            "amendment": amendment,
            "qs": qs,
        },
    )


@require_GET
@access.requires("screening.view")
def submitted(request: HttpRequest, prison_number: str, kind: str) -> HttpResponse:
    kind = _kind(kind)
    person, period = records.in_custody(request.user, prison_number, log=False)
    screening = selectors.screening_for(request.user, period, kind)
    if screening is None or screening.status != Status.SUBMITTED:
        raise Http404(access.NOT_FOUND_MESSAGE)
    row = selectors.period_screening(request.user, period)
    return render(
        request,
        "screening/submitted.html",
        {
            "title": _("%(kind)s submitted") % {"kind": kind},
            "person": person,
            "kind": kind,
            "screening": screening,
            "row": row,
            "flags": [f for f in selectors.flags_for(request.user, period) if f.waiting],
        },
    )


@require_POST
@access.requires("screening.view")
def amend(request: HttpRequest, prison_number: str, kind: str) -> HttpResponse:
    kind = _kind(kind)
    _require_write(request, kind)
    person, period = records.in_custody(request.user, prison_number, log=False)
    try:
        if request.POST.get("cancel"):
            services.cancel_amendment(period=period, kind=kind, by=request.user)
            return redirect("screening_check", prison_number=person.prison_number, kind=kind.lower())
        services.start_amendment(period=period, kind=kind, by=request.user)
    except (services.ScreeningError, Screening.DoesNotExist):
        raise Http404(access.NOT_FOUND_MESSAGE) from None
    return redirect("screening_tasks", prison_number=person.prison_number, kind=kind.lower())


# --- the clone offer (R-S4) ---------------------------------------------------------------------


class CloneForm(forms.Form):
    changed = forms.ChoiceField(
        label=gettext_lazy("Have the person's resettlement needs changed since their last BCST1?"),
        choices=[
            ("no", gettext_lazy("No, nothing has changed: reuse the previous BCST1")),
            ("yes", gettext_lazy("Yes, or I do not know: complete a new BCST1")),
        ],
        error_messages={"required": gettext_lazy("Select whether the person's needs have changed")},
    )


@require_http_methods(["GET", "POST"])
@access.requires("screening.bcst1")
def clone(request: HttpRequest, prison_number: str) -> HttpResponse:
    person, period = records.in_custody(request.user, prison_number, log=request.method == "GET")
    row = selectors.period_screening(request.user, period)
    previous = selectors.previous_bcst1(period)
    if not row.decisions.clone.value or previous is None or row.bcst1 is not None:
        return redirect("screening_tasks", prison_number=person.prison_number, kind="bcst1")
    form = CloneForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["changed"] == "yes":
            first = questions.sections_for(services.question_set_for(period, Kind.BCST1), sex=person.sex)[0]
            return redirect("screening_section", prison_number=person.prison_number, kind="bcst1", section_id=first.id)
        try:
            services.clone_bcst1(period=period, needs_unchanged=True, by=request.user)
        except services.ScreeningError as problem:
            form.add_error("changed", problem.message)
        else:
            return redirect("screening_submitted", prison_number=person.prison_number, kind="bcst1")
    qs = services.question_set_of(previous)
    return render(
        request,
        "screening/clone.html",
        {
            "title": _("Reuse the previous BCST1?"),
            "caption": f"BCST1 – {person.first_name} {person.last_name} ({person.prison_number})",
            "person": person,
            "row": row,
            "previous": previous,
            "summary": _summary(qs, previous.answers, person.sex),
            "form": form,
            "errors": error_list(form) if form.is_bound else [],
            "page_has_errors": form.is_bound and bool(form.errors),
        },
    )


# --- immediate needs and the duty to refer ------------------------------------------------------


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("What will you do about it? (optional)"), required=False, max_length=1000, widget=forms.Textarea
    )


@require_POST
@access.requires("screening.acknowledge")
def acknowledge(request: HttpRequest, prison_number: str, flag_id: int) -> HttpResponse:
    person, period = records.in_custody(request.user, prison_number, log=False)
    flag = selectors.flag(request.user, flag_id)
    if flag.custody_period_id != period.pk:
        raise Http404(access.NOT_FOUND_MESSAGE)
    form = AcknowledgeForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    services.acknowledge_flag(flag=flag, note=note, by=request.user)
    messages.success(request, _("Immediate need acknowledged: %(need)s") % {"need": in_page_language(flag.need)})
    # Back where the button was (the work list, with its prison chosen), if that is a page of this service.
    back = request.POST.get("next", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("person_screening", prison_number=person.prison_number)


class DutyToReferForm(forms.Form):
    consent = forms.ChoiceField(
        label=gettext_lazy("Has the person consented to a referral?"),
        required=False,
        choices=[("", gettext_lazy("Not asked yet")), ("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
    )
    local_housing_authority = forms.CharField(
        label=gettext_lazy("Local housing authority the person chose"), required=False, max_length=200
    )
    referred_on = GovukDateField(label=str(gettext_lazy("Date referred")), required=False)
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"), required=False, choices=[("", gettext_lazy("Not known yet")), *ReferralOutcome.choices]
    )
    outcome_notes = forms.CharField(
        label=gettext_lazy("Notes about the outcome (optional)"), required=False, max_length=2000, widget=forms.Textarea
    )


def _duty_from_screening(duty: DutyToRefer) -> dict[str, Any] | None:
    """The screening whose answers gave the duty its consent (issue 23 item 8), while nobody has
    recorded otherwise on this page: its kind and the day it was submitted."""
    screening = duty.raised_by_screening
    if duty.consent is None or duty.updated_by_id is not None or screening.submitted_at is None:
        return None
    return {"kind": screening.kind, "on": local_date(screening.submitted_at)}


@require_http_methods(["GET", "POST"])
@access.requires("screening.view")
def duty_to_refer(request: HttpRequest, prison_number: str) -> HttpResponse:
    person, period = records.in_custody(request.user, prison_number, log=request.method == "GET")
    duty = selectors.duty_to_refer(request.user, period)
    if duty is None:
        raise Http404(access.NOT_FOUND_MESSAGE)
    can_write = access.can(request.user, "screening.duty_to_refer")
    initial = {
        "consent": {True: "yes", False: "no", None: ""}[duty.consent],
        "local_housing_authority": duty.local_housing_authority,
        "referred_on": [duty.referred_on.day, duty.referred_on.month, duty.referred_on.year] if duty.referred_on else None,
        "outcome": duty.outcome,
        "outcome_notes": duty.outcome_notes,
    }
    form = DutyToReferForm(request.POST if request.method == "POST" else None, initial=initial)
    wales = duty.route == Country.WALES
    if wales:  # the Welsh route's recipient (rule R-W1)
        form.fields["local_housing_authority"].label = _("Welsh local authority the person will go to")
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_duty_to_refer(
                    duty=duty,
                    consent={"yes": True, "no": False}.get(data["consent"]),
                    local_housing_authority=data["local_housing_authority"],
                    referred_on=data["referred_on"],
                    outcome=data["outcome"],
                    outcome_notes=data["outcome_notes"],
                    by=request.user,
                )
            except services.ScreeningError as problem:
                for name, message in problem.errors.items():
                    form.add_error(name, message)
            else:
                messages.success(request, _("Housing referral updated") if wales else _("Duty to refer updated"))
                return redirect("person_screening", prison_number=person.prison_number)
    return render(
        request,
        "screening/duty_to_refer.html",
        {
            "title": _("Housing referral: Welsh national pathway") if wales else _("Homelessness duty to refer"),
            "caption": f"{person.first_name} {person.last_name} ({person.prison_number})",
            "person": person,
            "duty": duty,
            "form": form,
            "can_write": can_write,
            "from_screening": _duty_from_screening(duty),
            "referred_on": date_parts(form, "referred_on"),
            "errors": error_list(form) if form.is_bound else [],
            "page_has_errors": form.is_bound and bool(form.errors),
            "today": clock.today(),
        },
    )


# --- the prison's work list ---------------------------------------------------------------------

TAB_NAMES = {
    "bcst1": gettext_lazy("BCST1 to do"),
    "bcst2": gettext_lazy("BCST2 to do"),
    "flags": gettext_lazy("Immediate needs to acknowledge"),
    "duty": gettext_lazy("Duty to refer"),
    "pre_release": gettext_lazy("Pre-release window open"),
}


@require_GET
@access.requires("screening.view")
def work_list(request: HttpRequest, code: str) -> HttpResponse:
    work = selectors.prison_work_list(request.user, code)
    tab = request.GET.get("tab", "")
    if tab not in selectors.TABS:
        # Each role starts on its own work: BCST2 is the caseworker's, BCST1 the prison's.
        tab = "bcst2" if getattr(request.user, "role", "") == Role.TTG_CASEWORKER else "bcst1"
    page = Paginator(selectors.tab_rows(request.user, work.prison, tab), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "screening/work_list.html",
        {
            "title": _("Screening work at %(prison)s") % {"prison": work.prison.name},
            "work": work,
            "tab": tab,
            "tabs": [(key, TAB_NAMES[key], work.counts[key]) for key in selectors.TABS],
            "page": page,
            "shown": selectors.list_rows(page.object_list),
            "now": clock.now(),
            "today": clock.today(),
        },
    )


# --- the questions, each version (reference data) ---------------------------------------------------


@require_GET
@access.requires("screening.questions")
def question_sets(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "screening/question_sets.html",
        {
            "title": _("BCST1 and BCST2 questions"),
            "sets": sorted(questions.all_question_sets(), key=lambda s: (s.kind, s.in_force_from)),
            "language": get_language(),
        },
    )


@require_GET
@access.requires("screening.questions")
def question_set(request: HttpRequest, kind: str, version: str) -> HttpResponse:
    try:
        qs = questions.question_set_version(_kind(kind), version)
    except KeyError:
        raise Http404(access.NOT_FOUND_MESSAGE) from None
    later = [s for s in questions.all_question_sets() if s.kind == qs.kind and s.in_force_from > qs.in_force_from]
    return render(
        request,
        "screening/question_set.html",
        {
            "title": qs.title_in(get_language()),
            "caption": _("Version in force from %(day)s") % {"day": format_date(qs.in_force_from)},
            "qs": qs,
            "later": later,
            "language": get_language(),
        },
    )
