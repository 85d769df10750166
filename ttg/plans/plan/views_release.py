"""The responsible officer's short release plan (rule R-F2b): for a person leaving a non-resettlement
prison, who has no CRC resettlement plan. See it, make it, add its activities; each activity is
referred to a partner through the referral journey (ttg/referrals).

Thin: find what the user may see, call a service for every write, render. Every page that shows the
person logs the view with its justification (through `ttg.people.records.in_custody`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ttg.core import access, clock
from ttg.core.forms import GovukDateField, date_parts, error_list
from ttg.core.pathways import PATHWAYS
from ttg.people import records
from ttg.plans.plan import rules, services
from ttg.plans.plan.models import OwnerKind, Plan, PlanActivity
from ttg.plans.plan.views import STATUS_TAGS

RELEASE_OWNER_CHOICES = [(k, v) for k, v in OwnerKind.choices if k != OwnerKind.CRC]


def _release_plan(user: Any, period: Any) -> Plan | None:
    """The period's plan, if the user may see it, with its activities and their catalogue rows (two queries)."""
    activities = PlanActivity.objects.select_related("activity").order_by("order", "id")
    return (
        Plan.objects.visible_to(user)
        .select_related("owned_by")
        .prefetch_related(Prefetch("activities", queryset=activities))
        .filter(custody_period=period)
        .first()
    )


@require_GET
@access.requires("releaseplan.make")
def release_plan(request: HttpRequest, prison_number: str) -> HttpResponse:
    person, period = records.in_custody(request.user, prison_number)
    the_plan = _release_plan(request.user, period)
    today = clock.today()
    applies = (
        rules.release_plan_applies(
            resettlement_prison=services.in_resettlement_prison(period, today), has_plan=None, in_custody=period.is_open
        )
        if the_plan is None
        else None
    )
    transfer = (
        rules.resettlement_transfer(
            release_date=period.release_date,
            today=today,
            in_resettlement_prison=services.in_resettlement_prison(period, today),
            arrived_on=None,
        )
        if period.release_date and period.is_open and not services.in_resettlement_prison(period, today)
        else None
    )
    return render(
        request,
        "plans/release_plan.html",
        {
            "title": _("Release plan"),
            "caption": f"{person.first_name} {person.last_name} ({person.prison_number})",
            "person": person,
            "period": period,
            "plan": the_plan if the_plan is not None and the_plan.is_release_plan else None,
            "other_plan": the_plan is not None and not the_plan.is_release_plan,
            "applies": applies,
            "transfer": transfer,
            "tags": STATUS_TAGS,
            "can_edit": the_plan is not None and the_plan.owned_by_id == request.user.pk,
            "can_refer": access.can(request.user, "referral.make"),
        },
    )


@require_POST
@access.requires("releaseplan.make")
def release_plan_make(request: HttpRequest, prison_number: str) -> HttpResponse:
    person, period = records.in_custody(request.user, prison_number, log=False)
    try:
        services.make_release_plan(period=period, by=request.user)
    except services.PlanError as problem:
        messages.error(request, problem.message)
    else:
        messages.success(request, _("Release plan made: add what the person needs on release, then refer it"))
    return redirect("release_plan", prison_number=person.prison_number)


class ReleaseActivityForm(forms.Form):
    """An activity of a release plan. The service checks every rule again; the form only reads the fields."""

    title = forms.CharField(label=gettext_lazy("What will be done"), required=False, max_length=services.TITLE_MAX)
    pathway = forms.ChoiceField(
        label=gettext_lazy("Pathway"),
        required=False,
        choices=[("", gettext_lazy("Select a pathway")), *[(p.code, p.name) for p in PATHWAYS]],
    )
    owner_kind = forms.ChoiceField(label=gettext_lazy("Who owns it"), required=False, choices=RELEASE_OWNER_CHOICES)
    owner = forms.CharField(label=gettext_lazy("Owner's name"), required=False, max_length=services.OWNER_MAX)
    due_on = GovukDateField(label=str(gettext_lazy("Due date")), required=False)


@require_http_methods(["GET", "POST"])
@access.requires("releaseplan.make")
def release_activity_add(request: HttpRequest, prison_number: str) -> HttpResponse:
    """Add an activity to the release plan, by its owner: every field checked at once, each error named."""
    person, period = records.in_custody(request.user, prison_number, log=request.method == "GET")
    the_plan = access.get_for(request.user, Plan, custody_period=period, kind="release", owned_by=request.user)
    form = ReleaseActivityForm(request.POST if request.method == "POST" else None, initial={"owner_kind": OwnerKind.PARTNER})
    if request.method == "POST":
        valid = form.is_valid()
        data = {**dict.fromkeys(form.fields, ""), "due_on": None, **form.cleaned_data}
        for name, message in services.release_activity_problems(
            title=data["title"], pathway=data["pathway"], owner_kind=data["owner_kind"], owner=data["owner"], due_on=data["due_on"]
        ).items():
            if not form.has_error(name):
                form.add_error(name, message)
        if valid and not form.errors:
            try:
                services.add_release_activity(
                    plan=the_plan,
                    title=data["title"],
                    pathway=data["pathway"],
                    owner_kind=data["owner_kind"],
                    owner=data["owner"],
                    due_on=data["due_on"],
                    by=request.user,
                )
            except services.PlanError as problem:
                for name, message in problem.errors.items() or {"": problem.message}.items():
                    form.add_error(name if name in form.fields else None, message)
            else:
                messages.success(request, _("Activity added to the release plan"))
                return redirect("release_plan", prison_number=person.prison_number)
    return render(
        request,
        "plans/release_activity_add.html",
        {
            "title": _("Add an activity to the release plan"),
            "caption": f"{person.first_name} {person.last_name} ({person.prison_number})",
            "person": person,
            "plan": the_plan,
            "form": form,
            "errors": error_list(form) if form.errors else [],
            "page_has_errors": form.is_bound and bool(form.errors),
            "due_on": date_parts(form, "due_on"),
        },
    )
