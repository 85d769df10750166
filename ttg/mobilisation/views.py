"""Pages of mobilisation (R-M1 to R-M4). Thin: a selector or a service, then a template."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ttg.core import access
from ttg.core.forms import GovukDateField, date_parts, error_list
from ttg.estate.models import Prison

from . import rules, selectors, services
from .forms import (
    SECTION_FORMS,
    BidNamingForm,
    CommitmentForm,
    DeclareForm,
    GoLiveForm,
    GovernorForm,
    MeetingActionForm,
    MeetingForm,
    RespondForm,
    ReviewForm,
)
from .models import MobilisationPlan


def pounds(pence: int) -> str:
    whole, part = divmod(int(pence), 100)
    return f"£{whole:,}" + (f".{part:02d}" if part else "")


def _errors_from(form: forms.Form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        form.add_error(None if field not in form.fields else field, messages_)


def _form_context(form: forms.Form) -> dict[str, Any]:
    errors = error_list(form) if form.is_bound else []
    dates = {name: date_parts(form, name) for name, f in form.fields.items() if isinstance(f, GovukDateField)}
    return {"form": form, "errors": errors, "page_has_errors": bool(errors), "dates": dates}


@require_GET
@access.requires("mobilisation.view")
def plan_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "mobilisation/list.html",
        {
            "title": _("Mobilisation and readiness"),
            "plans": list(selectors.plans(user)),
            "to_start": selectors.prisons_to_start(user),
            "responses": selectors.responses_by_crc(user),
            "disputes": list(selectors.disputes(user)),
            "can_record_bids": access.can(user, "mobilisation.record_bids"),
            "pounds": pounds,
        },
    )


@require_POST
@access.requires("mobilisation.edit")
def plan_start(request: HttpRequest, code: str) -> HttpResponse:
    prison = access.get_for(request.user, Prison.objects.select_related("crc"), code=code)
    if prison.crc_id != cast(Any, request.user).crc_id:
        raise Http404
    plan = services.start_plan(crc=prison.crc, prison=prison, by=request.user)  # type: ignore[arg-type]
    return redirect("mobilisation_plan", pk=plan.pk)


def _task_items(plan: MobilisationPlan, current: dict[str, Any], editable: bool) -> list[dict[str, Any]]:
    """The GOV.UK task list's items: one per section, linked while the plan can be changed."""
    items = []
    for s in rules.SECTIONS:
        count = len(current[s])
        status = (
            {"tag": {"text": _("%(n)s rows") % {"n": count} if count != 1 else _("1 row"), "classes": "govuk-tag--blue"}}
            if count
            else {"tag": {"text": _("Not started"), "classes": "govuk-tag--grey"}}
        )
        item: dict[str, Any] = {"title": {"text": _(rules.SECTION_WORDS[s])}, "status": status}
        if editable:
            item["href"] = reverse("mobilisation_section", kwargs={"pk": plan.pk, "section": s})
        items.append(item)
    return items


def _cards(content: dict[str, Any], plan: MobilisationPlan | None) -> list[dict[str, Any]]:
    """A summary card per section (check your answers), with a Change link while the plan can be changed."""
    cards = []
    for s in rules.SECTIONS:
        rows = [{"key": {"text": str(i)}, "value": {"text": rules.row_words(s, r)}} for i, r in enumerate(content.get(s, []), start=1)]
        card: dict[str, Any] = {"title": {"text": _(rules.SECTION_WORDS[s])}}
        if plan is not None:
            href = reverse("mobilisation_section", kwargs={"pk": plan.pk, "section": s})
            card["actions"] = {"items": [{"href": href, "text": _("Change"), "visuallyHiddenText": _(rules.SECTION_WORDS[s])}]}
        cards.append({"card": card, "rows": rows or [{"key": {"text": _("Nothing yet")}, "value": {"text": ""}}]})
    return cards


@require_GET
@access.requires("mobilisation.view")
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    plan = selectors.plan(user, pk)
    current = services.current_content(plan)
    history = selectors.versions(plan)
    return render(
        request,
        "mobilisation/plan.html",
        {
            "title": _("Mobilisation at %(prison)s") % {"prison": plan.prison.name},
            "caption": plan.crc.name,
            "plan": plan,
            "task_items": _task_items(plan, current, access.can(user, "mobilisation.edit") and plan.status in rules.EDITABLE),
            "history": history,
            "changes": selectors.changes_since_last(plan, current, history),
            "commitments": selectors.commitments(plan),
            "can_edit": access.can(user, "mobilisation.edit") and plan.status in rules.EDITABLE,
            "can_revise": access.can(user, "mobilisation.edit") and plan.status == rules.SIGNED_OFF,
            "can_declare": access.can(user, "mobilisation.edit")
            and plan.status == rules.SIGNED_OFF
            and plan.readiness in (rules.NOT_DECLARED, rules.DISAGREED),
            "can_review": access.can(user, "mobilisation.review") and plan.status == rules.SUBMITTED,
            "can_agree": access.can(user, "mobilisation.agree") and plan.readiness == rules.DECLARED,
            "can_go_live": access.can(user, "mobilisation.review") and plan.readiness in (rules.AGREED, rules.READY),
            "status_words": rules.STATE_WORDS,
            "readiness_words": rules.READINESS_WORDS,
            "pounds": pounds,
            "meetings": selectors.meetings(user, plan),
            "can_monitor": access.can(user, "mobilisation.monitor"),
            "can_close": access.can(user, "mobilisation.close_action"),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires("mobilisation.edit")
def plan_section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    plan = selectors.plan(request.user, pk)
    if section not in SECTION_FORMS:
        raise Http404
    form = SECTION_FORMS[section](request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if section == "partners":
                data = form.cleaned_data
                services.add_commitment(
                    plan=plan,
                    organisation=cast(CommitmentForm, form).organisation_object(),
                    services=data["services"],
                    money_pence=data["money"],
                    fte=data["fte"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    by=request.user,
                )
            else:
                services.add_row(plan=plan, section=section, row=form.row(), by=request.user)  # type: ignore[attr-defined]
        except ValidationError as error:
            _errors_from(form, error)
        else:
            messages.success(request, _("Added"))
            return redirect("mobilisation_section", pk=plan.pk, section=section)
    rows = (
        [(c.pk, rules.row_words("partners", services.commitment_content(c)), c.shared_at is None) for c in selectors.commitments(plan)]
        if section == "partners"
        else [(i, rules.row_words(section, r), True) for i, r in enumerate(plan.content.get(section, []))]
    )
    return render(
        request,
        "mobilisation/section.html",
        {
            "title": _(rules.SECTION_WORDS[section]),
            "caption": _("Mobilisation at %(prison)s") % {"prison": plan.prison.name},
            "plan": plan,
            "section": section,
            "rows": rows,
            "editable": plan.status in rules.EDITABLE,
            **_form_context(form),
        },
    )


@require_POST
@access.requires("mobilisation.edit")
def plan_row_remove(request: HttpRequest, pk: int, section: str, index: int) -> HttpResponse:
    plan = selectors.plan(request.user, pk)
    try:
        if section == "partners":
            row = plan.commitments.filter(pk=index).first()
            if row is not None:
                services.remove_commitment(commitment=row, by=request.user)
        elif section in ("staff", "space", "risks"):
            services.remove_row(plan=plan, section=section, index=index, by=request.user)
        else:
            raise Http404
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    return redirect("mobilisation_section", pk=plan.pk, section=section)


@require_http_methods(["GET", "POST"])
@access.requires("mobilisation.edit")
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers, then submit: the plan is kept as a new version."""
    plan = selectors.plan(request.user, pk)
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            version = services.submit(plan=plan, by=request.user)
        except ValidationError as error:
            errors = [{"text": text, "href": "#sections"} for text in error.messages]
        else:
            messages.success(request, _("Version %(n)s submitted to the contract manager") % {"n": version.number})
            return redirect("mobilisation_plan", pk=plan.pk)
    current = services.current_content(plan)
    history = selectors.versions(plan)
    return render(
        request,
        "mobilisation/submit.html",
        {
            "title": _("Check the plan before you submit it"),
            "caption": _("Mobilisation at %(prison)s") % {"prison": plan.prison.name},
            "plan": plan,
            "cards": _cards(current, plan),
            "changes": rules.changes(history[0].content if history else None, current),
            "errors": errors,
            "page_has_errors": bool(errors),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires("mobilisation.review")
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan(request.user, pk)
    history = selectors.versions(plan)
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decide(
                plan=plan, sign_off=data["decision"] == "sign_off", comments=data["comments"], checklist=data["checklist"], by=request.user
            )
        except ValidationError as error:
            _errors_from(form, error)
        else:
            messages.success(request, _("Plan signed off") if data["decision"] == "sign_off" else _("Plan returned to the CRC"))
            return redirect("mobilisation_plan", pk=plan.pk)
    return render(
        request,
        "mobilisation/review.html",
        {
            "title": _("Review the plan"),
            "caption": _("Mobilisation at %(prison)s") % {"prison": plan.prison.name},
            "plan": plan,
            "version": history[0] if history else None,
            "changes": rules.changes(history[1].content if len(history) > 1 else None, history[0].content) if history else [],
            "cards": _cards(history[0].content, None) if history else [],
            **_form_context(form),
        },
    )


def _readiness_page(request: HttpRequest, plan: MobilisationPlan, form: forms.Form, title: str, button: str) -> HttpResponse:
    return render(
        request,
        "mobilisation/readiness.html",
        {
            "title": title,
            "caption": _("Mobilisation at %(prison)s") % {"prison": plan.prison.name},
            "plan": plan,
            "button": button,
            "readiness_words": rules.READINESS_WORDS,
            **_form_context(form),
        },
    )


@require_POST
@access.requires("mobilisation.edit")
def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan(request.user, pk)
    try:
        services.revise(plan=plan, by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    return redirect("mobilisation_plan", pk=plan.pk)


@require_http_methods(["GET", "POST"])
@access.requires("mobilisation.edit")
def readiness_declare(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan(request.user, pk)
    form = DeclareForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_ready(plan=plan, ready_from=form.cleaned_data["ready_from"], by=request.user)
        except ValidationError as error:
            _errors_from(form, error)
        else:
            messages.success(request, _("Declared ready: the governor is asked to agree"))
            return redirect("mobilisation_plan", pk=plan.pk)
    return _readiness_page(request, plan, form, _("Declare the prison ready"), _("Declare ready"))


@require_http_methods(["GET", "POST"])
@access.requires("mobilisation.agree")
def readiness_governor(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan(request.user, pk)
    form = GovernorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        agree = form.cleaned_data["agree"] == "yes"
        try:
            services.governor_decides(plan=plan, agree=agree, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            _errors_from(form, error)
        else:
            messages.success(request, _("You agreed the CRC is ready") if agree else _("You disagreed: the CRC is told your reasons"))
            return redirect("mobilisation_plan", pk=plan.pk)
    return _readiness_page(request, plan, form, _("Is the CRC ready in your prison?"), _("Send your answer"))


@require_http_methods(["GET", "POST"])
@access.requires("mobilisation.review")
def readiness_go_live(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan(request.user, pk)
    form = GoLiveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_off_readiness(
                plan=plan, go_live_on=form.cleaned_data["go_live_on"], reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            _errors_from(form, error)
        else:
            messages.success(request, _("Go-live date recorded"))
            return redirect("mobilisation_plan", pk=plan.pk)
    moving = plan.readiness == rules.READY
    title = _("Move the go-live date") if moving else _("Sign readiness off and set the go-live date")
    return _readiness_page(request, plan, form, title, _("Move the date") if moving else _("Sign off"))


@require_GET
@access.requires("mobilisation.respond")
def commitments_mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "mobilisation/commitments.html",
        {
            "title": _("What mobilisation plans commit to %(org)s") % {"org": request.user.organisation.name},  # type: ignore[union-attr]
            "commitments": list(selectors.my_commitments(request.user)),
            "namings": list(selectors.bid_namings(request.user)),
            "pounds": pounds,
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires("mobilisation.respond")
def commitment_respond(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = selectors.commitment(request.user, pk)
    form = RespondForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        disputed = form.cleaned_data["answer"] == "dispute"
        try:
            services.respond(commitment=commitment, disputed=disputed, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            _errors_from(form, error)
        else:
            messages.success(request, _("You disputed it: the contract manager is told") if disputed else _("You confirmed it"))
            return redirect("mobilisation_commitments")
    return render(
        request,
        "mobilisation/respond.html",
        {
            "title": _("Confirm or dispute a commitment"),
            "commitment": commitment,
            "pounds": pounds,
            **_form_context(form),
        },
    )


# Monitoring (R-M2).


@require_http_methods(["GET", "POST"])
@access.requires("mobilisation.monitor")
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan(request.user, pk)
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_meeting(plan=plan, held_on=data["held_on"], attendees=data["attendees"], notes=data["notes"], by=request.user)
        except ValidationError as error:
            _errors_from(form, error)
        else:
            messages.success(request, _("Monitoring meeting recorded"))
            return redirect(reverse("mobilisation_plan", args=[plan.pk]) + "#meetings")
    return render(
        request,
        "mobilisation/meeting.html",
        {
            "title": _("Record a monitoring meeting"),
            "caption": _("Mobilisation at %(prison)s") % {"prison": plan.prison.name},
            "plan": plan,
            "meeting": None,
            "button": _("Record the meeting"),
            **_form_context(form),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires("mobilisation.monitor")
def meeting_action_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting(request.user, pk)
    form = MeetingActionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_action(
                meeting=meeting,
                what=data["what"],
                owner=data["owner"],
                owner_organisation=form.organisation_object(),
                due_on=data["due_on"],
                by=request.user,
            )
        except ValidationError as error:
            _errors_from(form, error)
        else:
            messages.success(request, _("Action added"))
            return redirect(reverse("mobilisation_plan", args=[meeting.plan_id]) + "#meetings")
    return render(
        request,
        "mobilisation/meeting.html",
        {
            "title": _("Add an action from the meeting"),
            "caption": _("Monitoring meeting at %(prison)s") % {"prison": meeting.plan.prison.name},
            "plan": meeting.plan,
            "meeting": meeting,
            "button": _("Add the action"),
            **_form_context(form),
        },
    )


@require_POST
@access.requires("mobilisation.close_action")
def meeting_action_done(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.meeting_action(request.user, pk)
    try:
        services.mark_action_done(action=row, by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Action marked done"))
    return redirect(reverse("mobilisation_plan", args=[row.meeting.plan_id]) + "#meetings")


# Bid namings (Schedule 6, R-M4).


@require_http_methods(["GET", "POST"])
@access.requires("mobilisation.record_bids")
def bid_namings(request: HttpRequest) -> HttpResponse:
    form = BidNamingForm(request.POST if request.method == "POST" else None, crcs=selectors.crcs_for_bid_namings(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_bid_naming(
                crc=form.crc_object(), organisation=form.organisation_object(), named_for=form.cleaned_data["named_for"], by=request.user
            )
        except ValidationError as error:
            _errors_from(form, error)
        else:
            messages.success(request, _("Bid naming recorded: the organisation can see it"))
            return redirect("mobilisation_bid_namings")
    return render(
        request,
        "mobilisation/bid_namings.html",
        {"title": _("Organisations named in bids"), "namings": list(selectors.bid_namings(request.user)), **_form_context(form)},
    )
