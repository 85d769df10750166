"""Pages of data protection (docs/data-protection.md). Thin: a selector or a service, then a template.

Subject access and legal holds are for administrators, who find anyone by prison number; every look
at a person here and every export is logged. Accuracy disputes are on the person's record, for
whoever may see it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ttg.accounts.mfa import recent_authentication_required
from ttg.core import access, audit, clock
from ttg.core.forms import error_list
from ttg.core.rules import format_date
from ttg.people import records

from . import export, selectors, services
from .constants import DISPUTED_PARTS, DisputeOutcome
from .forms import DisputeForm, FindPersonForm, HoldForm, ReleaseHoldForm, ResolveForm

SUBJECT_ACCESS = "dataprotection.subject_access"
DISPUTE = "dataprotection.dispute"


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)


@require_http_methods(["GET", "POST"])
@access.requires(SUBJECT_ACCESS)
def find_person(request: HttpRequest) -> HttpResponse:
    """Find a person by prison number (posted: a prison number never goes in a query string)."""
    form = FindPersonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["prison_number"].upper()
        try:
            selectors.subject(request.user, number)
        except Http404:  # say so on the form, as a search does
            form.add_error("prison_number", _("Nobody with that prison number is held in the service"))
        else:
            return redirect("dataprotection_person", prison_number=number)
    errors = error_list(form) if form.is_bound else []
    return render(
        request,
        "dataprotection/find.html",
        {
            "title": _("Data protection"),
            "form": form,
            "errors": errors,
            "page_has_errors": bool(errors),
            "years": selectors.retention_years(),
        },
    )


@require_GET
@access.requires(SUBJECT_ACCESS)
def person(request: HttpRequest, prison_number: str) -> HttpResponse:
    subject = selectors.subject(request.user, prison_number)
    audit.record_view(actor=request.user, obj=subject, why=_("Data protection: subject access, retention or legal hold"))
    return render(
        request,
        "dataprotection/person.html",
        {
            "title": _("Data protection record"),
            "caption": subject.prison_number,
            "subject": subject,
            "due": selectors.retention(subject, clock.today()),
            "holds": list(selectors.holds(subject)),
            "disputes": list(selectors.disputes(subject)),
            "erasure": selectors.erasure(subject),
            "parts": dict(DISPUTED_PARTS),
        },
    )


@require_GET
@access.requires(SUBJECT_ACCESS)
@recent_authentication_required  # everything held about a person (ASVS V4.3.3)
def export_page(request: HttpRequest, prison_number: str) -> HttpResponse:
    subject = selectors.subject(request.user, prison_number)
    doc = export.document(subject)
    services.log_export(person=subject, by=request.user, fmt="html")
    return render(
        request,
        "dataprotection/export.html",
        {"title": _("Everything held about %(number)s") % {"number": subject.prison_number}, "doc": doc, "subject": subject},
    )


@require_GET
@access.requires(SUBJECT_ACCESS)
@recent_authentication_required  # everything held about a person (ASVS V4.3.3)
def export_json(request: HttpRequest, prison_number: str) -> HttpResponse:
    subject = selectors.subject(request.user, prison_number)
    body = export.as_json(subject)
    services.log_export(person=subject, by=request.user, fmt="json")
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{subject.prison_number}.json"'
    return response


@require_http_methods(["GET", "POST"])
@access.requires(SUBJECT_ACCESS)
def hold_add(request: HttpRequest, prison_number: str) -> HttpResponse:
    subject = selectors.subject(request.user, prison_number)
    form = HoldForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.place_hold(person=subject, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Legal hold placed: the record will not be erased while it is in force"))
            return redirect("dataprotection_person", prison_number=subject.prison_number)
    return _text_form(
        request,
        form,
        title=_("Place a legal hold"),
        caption=subject.prison_number,
        label=_("Why the record must be kept"),
        hint=_("For example, a claim, an inquiry or a complaint to the Information Commissioner, with its reference"),
        button=_("Place the hold"),
        back=("dataprotection_person", {"prison_number": subject.prison_number}),
    )


@require_http_methods(["GET", "POST"])
@access.requires(SUBJECT_ACCESS)
def hold_release(request: HttpRequest, pk: int) -> HttpResponse:
    hold = selectors.hold_for(request.user, pk)
    form = ReleaseHoldForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.release_hold(hold=hold, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Legal hold released: it stays in the record's history"))
            return redirect("dataprotection_person", prison_number=hold.person.prison_number)
    return _text_form(
        request,
        form,
        title=_("Release a legal hold"),
        caption=hold.person.prison_number,
        label=_("Why the hold is released"),
        hint="",
        facts=[
            {
                "key": {"text": _("Placed")},
                "value": {"text": f"{format_date(hold.set_at)}, {hold.set_by.get_full_name() or hold.set_by.username}"},
            },
            {"key": {"text": _("Why")}, "value": {"text": hold.reason}},
        ],
        button=_("Release the hold"),
        back=("dataprotection_person", {"prison_number": hold.person.prison_number}),
    )


def _text_form(request: HttpRequest, form: forms.Form, **context: Any) -> HttpResponse:
    errors = error_list(form) if form.is_bound else []
    return render(
        request,
        "dataprotection/text_form.html",
        {**context, "form": form, "errors": errors, "page_has_errors": bool(errors)},
    )


@require_http_methods(["GET", "POST"])
@access.requires(DISPUTE)
def disputes(request: HttpRequest, prison_number: str) -> HttpResponse:
    """The person's accuracy disputes, open and resolved, and the form to record a new one."""
    subject, _period = records.in_custody(request.user, prison_number)
    form = DisputeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.raise_dispute(person=subject, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Accuracy dispute recorded: the record shows it until it is resolved"))
            return redirect("accuracy_disputes", prison_number=subject.prison_number)
    errors = error_list(form) if form.is_bound else []
    return render(
        request,
        "dataprotection/disputes.html",
        {
            "title": _("Accuracy disputes"),
            "caption": f"{subject.first_name} {subject.last_name} ({subject.prison_number})",
            "subject": subject,
            "disputes": list(selectors.disputes(subject)),
            "parts": dict(DISPUTED_PARTS),
            "part_items": [{"value": v, "text": str(t), "checked": form["part"].value() == v} for v, t in DISPUTED_PARTS],
            "form": form,
            "errors": errors,
            "page_has_errors": bool(errors),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires(DISPUTE)
def dispute_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    dispute = selectors.dispute_for(request.user, pk)
    subject, _period = records.in_custody(request.user, dispute.person.prison_number)
    form = ResolveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resolve_dispute(dispute=dispute, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Accuracy dispute resolved: it stays in the record's history"))
            return redirect("accuracy_disputes", prison_number=subject.prison_number)
    errors = error_list(form) if form.is_bound else []
    return render(
        request,
        "dataprotection/resolve.html",
        {
            "title": _("Resolve an accuracy dispute"),
            "caption": f"{subject.first_name} {subject.last_name} ({subject.prison_number})",
            "dispute": dispute,
            "part": dict(DISPUTED_PARTS).get(dispute.part, dispute.part),
            "outcome_items": [{"value": v, "text": str(t), "checked": form["outcome"].value() == v} for v, t in DisputeOutcome.choices],
            "form": form,
            "errors": errors,
            "page_has_errors": bool(errors),
        },
    )
