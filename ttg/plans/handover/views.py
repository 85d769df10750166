"""The handover to the responsible officer (R-P5, U6): the caseworker's form, check answers and
confirmation; the one-page summary; the responsible officer's list and "received".

Thin: find what the user may see (the same 404 for missing and not yours), call a service for every
write, render. Pages that show the person's record log the view with why this user may see it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ttg.accounts.constants import Role
from ttg.core import access, audit, clock
from ttg.core.forms import error_list
from ttg.people import records
from ttg.people import selectors as people_selectors
from ttg.plans.handover import selectors
from ttg.plans.handover import services as services_handover
from ttg.plans.handover.models import Handover
from ttg.plans.plan import plain, rules, services
from ttg.plans.plan.models import Plan, PlanActivity

SESSION_KEY = "handover:{plan}"


class HandoverForm(forms.Form):
    officer = forms.ChoiceField(
        label=gettext_lazy("Responsible officer"),
        error_messages={
            "required": gettext_lazy("Select the responsible officer to hand over to"),
            "invalid_choice": gettext_lazy("Select the responsible officer to hand over to"),
        },
    )
    where_to = forms.CharField(
        label=gettext_lazy("Where the person will live on release"),
        max_length=500,
        error_messages={"required": gettext_lazy("Enter where the person will live on release")},
    )
    summary = forms.CharField(
        label=gettext_lazy("Summary for the responsible officer"),
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": gettext_lazy("Enter the summary: risks to resettlement and what is outstanding")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = selectors.officers_by_division()
        officer = self.fields["officer"]
        assert isinstance(officer, forms.ChoiceField)
        officer.choices = [
            (division.name, [(str(u.pk), u.get_full_name() or u.username) for u in users]) for division, users in self.groups
        ]


def _open_plan(user: Any, prison_number: str, *, log: bool) -> tuple[Any, Plan]:
    person, period = records.in_custody(user, prison_number, log=log)
    return person, access.get_for(user, Plan.objects.select_related("custody_period"), custody_period=period)


def _caption(person: Any) -> str:
    return f"{person.first_name} {person.last_name} ({person.prison_number})"


@require_http_methods(["GET", "POST"])
@access.requires("handover.make")
def plan_handover(request: HttpRequest, prison_number: str) -> HttpResponse:
    """Step 1: choose the officer and write the summary."""
    person, plan = _open_plan(request.user, prison_number, log=request.method == "GET")
    existing = Handover.objects.visible_to(request.user).filter(plan=plan).first()
    if existing is not None:
        messages.info(request, _("This plan has already been handed over"))
        return redirect("handover_summary", pk=existing.pk)
    key = SESSION_KEY.format(plan=plan.pk)
    form = HandoverForm(request.POST if request.method == "POST" else None, initial=request.session.get(key) or None)
    if request.method == "POST" and form.is_valid():
        request.session[key] = {name: form.cleaned_data[name] for name in ("officer", "where_to", "summary")}
        return redirect("plan_handover_check", prison_number=person.prison_number)
    refusal = "" if plan.is_agreed else _("Agree the plan with the person before handing it over.")
    return render(
        request,
        "plans/handover_form.html",
        {
            "title": _("Hand over to the responsible officer"),
            "caption": _caption(person),
            "person": person,
            "plan": plan,
            "form": form,
            "refusal": refusal,
            "due": selectors.due(plan.custody_period.release_date),
            "errors": error_list(form) if form.errors else [],
            "page_has_errors": form.is_bound and bool(form.errors),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires("handover.make")
def plan_handover_check(request: HttpRequest, prison_number: str) -> HttpResponse:
    """Step 2: check the answers, then hand over."""
    person, plan = _open_plan(request.user, prison_number, log=False)
    key = SESSION_KEY.format(plan=plan.pk)
    answers = request.session.get(key)
    if not answers:
        return redirect("plan_handover", prison_number=person.prison_number)
    officer = selectors.officer(answers.get("officer"))
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            services_handover.hand_over(
                plan=plan, officer=officer, where_to=answers.get("where_to", ""), summary=answers.get("summary", ""), by=request.user
            )
        except services.PlanError as problem:
            form_url = reverse("plan_handover", kwargs={"prison_number": person.prison_number})
            errors = [{"text": problem.message, "href": f"{form_url}#id_{problem.field or 'officer'}"}]
        else:
            request.session.pop(key, None)
            return redirect("plan_handover_done", prison_number=person.prison_number)
    return render(
        request,
        "plans/handover_check.html",
        {
            "title": _("Check the handover before you send it"),
            "caption": _caption(person),
            "person": person,
            "plan": plan,
            "officer": officer,
            "answers": answers,
            "errors": errors,
            "page_has_errors": bool(errors),
        },
        status=400 if errors else 200,
    )


@require_GET
@access.requires("handover.make")
def plan_handover_done(request: HttpRequest, prison_number: str) -> HttpResponse:
    """Step 3: confirmation."""
    person, plan = _open_plan(request.user, prison_number, log=False)
    handover = access.get_for(request.user, Handover.objects.select_related("officer__nps_division"), plan=plan)
    return render(
        request,
        "plans/handover_done.html",
        {"title": _("Handed over"), "person": person, "handover": handover},
    )


def _log_view(user: Any, handover: Handover) -> None:
    period = handover.plan.custody_period
    if user.role == Role.RESPONSIBLE_OFFICER:
        audit.record_view(
            actor=user,
            obj=period.person,
            why="Responsible officer named in the handover of this person's resettlement plan",
            scope_crc=period.current_prison.crc if period.current_prison_id else None,
        )
    else:
        records.log_view(user, period.person, period)


@require_GET
@access.requires("handover.view")
def handover_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """The one-page handover summary: printable; the named officer marks it received here."""
    handover = selectors.one(request.user, pk)
    _log_view(request.user, handover)
    period = handover.plan.custody_period
    decision = selectors.due(period.release_date)
    activities = selectors.snapshot_activities(handover)
    return render(
        request,
        "plans/handover_summary.html",
        {
            "title": _("Handover summary"),
            "caption": _caption(period.person),
            "handover": handover,
            "person": period.person,
            "period": period,
            "due": decision,
            "activities": activities,
            "continuing": [a for a in activities if a.get("continues")],
            "before_release": [a for a in activities if a.get("status") in services_handover.OPEN and not a.get("continues")],
            "can_receive": access.can(request.user, "handover.receive") and handover.officer_id == request.user.pk,
            "today": clock.today(),
        },
    )


@require_GET
@access.requires("handover.view")
def handover_for_person(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's copy of their handover: who their probation officer is, when and where they go, and what
    carries on after release, in plain words and in their language (rule L1, issue 22), to print and give
    them. The caseworker's summary is not on it: it was written for the officer."""
    handover = selectors.one(request.user, pk)
    _log_view(request.user, handover)
    period = handover.plan.custody_period
    person = period.person
    carrying_on = [
        a
        for a in PlanActivity.objects.filter(plan=handover.plan).select_related("activity").order_by("order", "id")
        if a.continues_after_release
        or (a.status in services_handover.OPEN and (a.activity.code if a.activity else "") not in rules.BEFORE_RELEASE_ONLY)
    ]
    with translation.override(people_selectors.language_for(person, period).value):
        return render(
            request,
            "plans/handover_for_person.html",
            {
                "title": _("Your probation officer"),
                "caption": f"{person.first_name} {person.last_name}",
                "handover": handover,
                "person": person,
                "period": period,
                "officer": handover.officer.get_full_name() or handover.officer.username,
                "division": handover.officer.nps_division.name if handover.officer.nps_division else "",
                "carrying_on": [plain.plain(a) for a in carrying_on],
            },
        )


@require_POST
@access.requires("handover.receive")
def handover_receive(request: HttpRequest, pk: int) -> HttpResponse:
    handover = selectors.one(request.user, pk)
    try:
        services_handover.receive(handover=handover, by=request.user)
    except services.PlanError as problem:
        messages.error(request, problem.message)
    else:
        messages.success(request, _("Handover received"))
    return redirect("handover_summary", pk=handover.pk)


@require_GET
@access.requires("handover.receive")
def handover_list(request: HttpRequest) -> HttpResponse:
    """The responsible officer's handovers: overdue to receive, coming, later, received."""
    return render(
        request,
        "plans/handover_list.html",
        {"title": _("Handovers to you"), "groups": selectors.for_officer(request.user)},
    )
