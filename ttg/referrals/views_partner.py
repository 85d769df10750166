"""The partner's workspace: the inbox with its tabs, a referral with its actions (accept, decline,
assign, record a session, add a case note, record outcomes, close, cancel), and unfunded work.

A partner reads only referrals to their organisation (the access kernel's scope) and, about the
person, only what the referral carries. Another organisation's referral gets the same 404 as a
missing one.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ttg.core import access
from ttg.core.forms import error_list

from . import disclosures, forms, rules, selectors, services
from .models import Referral
from .views import STATUS_TAGS, _detail_context, pagination

ACTIONS = ("accept", "decline", "assign", "session", "note", "outcomes", "close", "cancel")


@require_GET
@access.requires("referral.work")
def partner_inbox(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab", "new")
    if tab not in selectors.TAB_SLUGS:
        tab = "new"
    box = selectors.inbox(request.user, tab, page=request.GET.get("page"))
    disclosures.log_reads(request.user, box.referrals, where="the inbox")
    return render(
        request,
        "referrals/inbox.html",
        {
            "title": _("Referrals to %(org)s") % {"org": request.user.organisation.name},  # type: ignore[union-attr]
            "box": box,
            "pagination": pagination(box.page, request.GET),
            "tabs": [(slug, _(label)) for slug, label in selectors.TABS],
            "tags": STATUS_TAGS,
            "column": "full",
        },
    )


@require_GET
@access.requires("referral.work")
def partner_referral(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral(request.user, pk)
    disclosures.log_read(request.user, referral, where="the referral's page")
    context = _detail_context(request, referral)
    context.update(
        {
            "title": _("Referral: %(person)s") % {"person": referral.person_name},
            "caption": referral.activity_title,
            "actions": _actions_for(referral),
        }
    )
    return render(request, "referrals/partner_referral.html", context)


def _actions_for(referral: Referral) -> list[tuple[str, str]]:
    links = []
    if referral.status in rules.WORKING:
        links += [
            ("session", _("Record a contact or session")),
            ("outcomes", _("Record outcomes")),
            ("assign", _("Assign or reassign the caseworker")),
        ]
    if referral.status == rules.IN_PROGRESS:
        links.append(("close", _("Close with an end-of-service summary")))
    links.append(("note", _("Add a case note")))
    if referral.status in rules.WORKING:
        links.append(("cancel", _("Cancel the referral")))
    return links


@require_http_methods(["GET", "POST"])
@access.requires("referral.work")
def partner_referral_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404(access.NOT_FOUND_MESSAGE)
    referral = selectors.referral(request.user, pk)
    user: Any = request.user
    data = request.POST if request.method == "POST" else None
    back = reverse("partner_referral", args=[referral.pk])
    if action == "accept":
        if request.method == "POST":
            try:
                services.accept(referral=referral, by=user)
            except services.ReferralError as problem:
                messages.error(request, problem.message)
            else:
                messages.success(request, _("Referral accepted: it is assigned to you"))
        return redirect(back)
    form: Any
    if action in ("decline", "cancel"):
        form = forms.ReasonForm(data)
    elif action == "assign":
        caseworkers = list(services.partner_caseworkers(referral.organisation))
        form = forms.AssignForm(data, caseworkers=caseworkers, initial={"caseworker": referral.assigned_to_id})
    elif action == "session":
        form = forms.SessionForm(data, initial={"token": uuid.uuid4().hex})
    elif action == "note":
        form = forms.NoteForm(data, initial={"token": uuid.uuid4().hex})
    elif action == "outcomes":
        current = {o.desired_outcome_id: o for o in referral.outcomes.all()}
        form = forms.OutcomesForm(data, outcomes=list(referral.desired_outcomes.all()), current=current)
    else:
        form = forms.CloseForm(data)
    if request.method == "POST" and form.is_valid():
        try:
            done = _do(action, referral, form, user)
        except services.ReferralError as problem:
            form.add_error(problem.field if problem.field in form.fields else None, problem.message)
        else:
            messages.success(request, done)
            return redirect(back)
    if request.method == "GET":
        disclosures.log_read(request.user, referral, where=f"the {action} form")
    return render(
        request,
        "referrals/partner_action.html",
        {
            "title": _ACTION_TITLES[action],
            "caption": f"{referral.person_name}: {referral.activity_title}",
            "referral": referral,
            "action": action,
            "form": form,
            "errors": error_list(form) if form.errors else [],
            "back": back,
        },
    )


_ACTION_TITLES = {
    "decline": _("Decline the referral"),
    "cancel": _("Cancel the referral"),
    "assign": _("Assign the caseworker"),
    "session": _("Record a contact or session"),
    "note": _("Add a case note"),
    "outcomes": _("Record outcomes"),
    "close": _("Close the referral"),
}


def _do(action: str, referral: Referral, form: Any, user: Any) -> str:
    data = form.cleaned_data
    if action == "decline":
        services.decline(referral=referral, reason=data["reason"], by=user)
        return _("Referral declined")
    if action == "cancel":
        services.cancel(referral=referral, reason=data["reason"], by=user)
        return _("Referral cancelled")
    if action == "assign":
        caseworker = services.partner_caseworkers(referral.organisation).filter(pk=data["caseworker"]).first()
        if caseworker is None:
            raise services.ReferralError(_("Choose a caseworker"), field="caseworker")
        services.assign(referral=referral, caseworker=caseworker, by=user)
        return _("Caseworker assigned: %(name)s") % {"name": caseworker.get_full_name()}
    if action == "session":
        services.record_session(
            referral=referral,
            on=data["on"],
            method=data["method"],
            attendance=data["attendance"],
            reason=data["reason"],
            note=data["note"],
            by=user,
            idempotency_key=data["token"] or None,
        )
        return _("Session recorded")
    if action == "note":
        services.add_note(referral=referral, text=data["text"], by=user, idempotency_key=data["token"] or None)
        return _("Case note added")
    if action == "outcomes":
        for outcome in form.outcomes:
            result = data.get(f"result_{outcome.pk}")
            if result:
                services.record_outcome(
                    referral=referral, desired_outcome=outcome, result=result, note=data.get(f"note_{outcome.pk}", ""), by=user
                )
        return _("Outcomes recorded")
    services.close(referral=referral, summary=data["summary"], by=user)
    return _("Referral closed: the referrer can see your summary")


@require_GET
@access.requires("referral.work")
def unfunded_work_list(request: HttpRequest) -> HttpResponse:
    page = selectors.unfunded_work(request.user, page=request.GET.get("page"))
    return render(
        request,
        "referrals/unfunded_list.html",
        {
            "title": _("Unfunded work"),
            "rows": page.object_list,
            "total": selectors.unfunded_hours(request.user),
            "pagination": pagination(page, request.GET),
            "column": "full",
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires("referral.work")
def unfunded_work_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = forms.UnfundedWorkForm(request.POST if request.method == "POST" else None, initial={"token": uuid.uuid4().hex})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_unfunded_work(
                organisation=user.organisation,
                person_reference=data["person_reference"],
                on=data["on"],
                pathway=data["pathway"],
                description=data["description"],
                hours=data["hours"],
                by=user,
                idempotency_key=data["token"] or None,
            )
        except services.ReferralError as problem:
            form.add_error(problem.field if problem.field in form.fields else None, problem.message)
        else:
            messages.success(request, _("Unfunded work recorded"))
            return redirect("unfunded_work_list")
    return render(
        request,
        "referrals/unfunded_new.html",
        {
            "title": _("Record unfunded work"),
            "form": form,
            "errors": error_list(form) if form.errors else [],
            "back": reverse("unfunded_work_list"),
        },
    )
