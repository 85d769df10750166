"""A person's resettlement plan: propose it from their needs, agree it, and update its activities.

Thin: find what the user may see, call a service for every write, render. Every page that shows the
plan logs the view with its justification (through `ttg.people.records.in_custody`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ttg.core import access
from ttg.core.forms import GovukDateField, date_parts, error_list
from ttg.core.pathways import PATHWAYS
from ttg.people import records, selectors_allocation
from ttg.plans.catalogue.selectors import pathway_names
from ttg.plans.plan import rules, services
from ttg.plans.plan.models import OwnerKind, Plan, PlanActivity, PlanGoal

STATUS_TAGS = {
    rules.PLANNED: "govuk-tag--grey",
    rules.IN_PROGRESS: "govuk-tag--blue",
    rules.DELIVERED: "govuk-tag--green",
    rules.SIGNPOSTED: "govuk-tag--turquoise",
    rules.DECLINED: "govuk-tag--orange",
    rules.NOT_REQUIRED: "govuk-tag--grey",
    rules.CANCELLED: "govuk-tag--red",
}


def _plan_for(user: Any, period: Any) -> Plan | None:
    """The period's plan with its activities in two queries, and its goals with their activities in two more, or None."""
    from django.db.models import Prefetch

    # With their catalogue rows (a join, no query more): their titles in the reader's language.
    activities = PlanActivity.objects.select_related("updated_by", "activity").order_by("order", "id")
    goals = PlanGoal.objects.prefetch_related(
        Prefetch("activities", queryset=PlanActivity.objects.select_related("activity").order_by("order", "id"))
    )
    return (
        Plan.objects.visible_to(user)
        .select_related("catalogue_version", "proposed_by", "agreed_by")
        .prefetch_related(Prefetch("activities", queryset=activities))
        .prefetch_related(Prefetch("goals", queryset=goals.order_by("order", "id")))
        .filter(custody_period=period)
        .first()
    )


def _grouped(plan: Plan) -> list[dict[str, Any]]:
    """Activities across all pathways first, then by pathway in PATHWAYS order, each pathway under the
    name the plan's own catalogue version gives it (one query), so a plan keeps the names it was made under."""
    names = pathway_names(plan.catalogue_version_id)
    by_pathway: dict[str, list[PlanActivity]] = {}
    for a in plan.activities.all():
        by_pathway.setdefault(a.pathway, []).append(a)
    groups = []
    if "" in by_pathway:
        groups.append({"title": _("For everyone: screening and resettlement planning"), "activities": by_pathway[""]})
    groups += [{"title": names[p.code], "activities": by_pathway[p.code]} for p in PATHWAYS if p.code in by_pathway]
    return groups


@require_GET
@access.requires("plan.view")
def plan(request: HttpRequest, prison_number: str) -> HttpResponse:
    person, period = records.in_custody(request.user, prison_number)
    the_plan = _plan_for(request.user, period)
    proposal = None if the_plan else services.proposal(period, user=request.user)
    return render(
        request,
        "plans/plan.html",
        {
            "title": _("Resettlement plan"),
            "caption": f"{person.first_name} {person.last_name} ({person.prison_number})",
            "person": person,
            "plan": the_plan,
            "groups": _grouped(the_plan) if the_plan else [],
            "proposal": proposal,
            "tags": STATUS_TAGS,
            # A release plan (rule R-F2b) is the responsible officer's: the CRC reads it, never changes it.
            "can_edit": access.can(request.user, "plan.edit") and not (the_plan is not None and the_plan.is_release_plan),
            # Who holds the person (rule AL1, docs/allocation.md), for those who see allocations.
            "allocation": selectors_allocation.current_allocation(request.user, period) if the_plan else None,
        },
    )


@require_POST
@access.requires("plan.edit")
def plan_propose(request: HttpRequest, prison_number: str) -> HttpResponse:
    person, period = records.in_custody(request.user, prison_number, log=False)
    try:
        services.propose(period=period, by=request.user)
    except services.PlanError as problem:
        messages.error(request, problem.message)
    else:
        messages.success(request, _("Plan proposed: check it and agree it with the person"))
    return redirect("plan", prison_number=person.prison_number)


class AgreeForm(forms.Form):
    with_person = forms.ChoiceField(
        label=gettext_lazy("Was the plan agreed with the person?"),
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
        error_messages={
            "required": gettext_lazy("Select yes if the plan was agreed with the person"),
            "invalid_choice": gettext_lazy("Select yes if the plan was agreed with the person"),
        },
    )
    not_agreed_reason = forms.CharField(
        label=gettext_lazy("Why was it not agreed with the person?"), required=False, widget=forms.Textarea, max_length=services.TEXT_MAX
    )


@require_http_methods(["GET", "POST"])
@access.requires("plan.edit")
def plan_agree(request: HttpRequest, prison_number: str) -> HttpResponse:
    """Ask whether the plan was agreed with the person (and if not, why not), then agree it."""
    person, period = records.in_custody(request.user, prison_number, log=request.method == "GET")
    the_plan = access.get_for(request.user, Plan, custody_period=period)
    if the_plan.is_agreed:
        return redirect("plan", prison_number=person.prison_number)
    form = AgreeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agree(
                plan=the_plan,
                by=request.user,
                with_person=form.cleaned_data["with_person"] == "yes",
                not_agreed_reason=form.cleaned_data["not_agreed_reason"],
            )
        except services.PlanError as problem:
            form.add_error(problem.field or "with_person", problem.message)
        else:
            messages.success(request, _("Plan agreed"))
            return redirect("plan", prison_number=person.prison_number)
    return render(
        request,
        "plans/plan_agree.html",
        {
            "title": _("Agree the plan"),
            "caption": f"{person.first_name} {person.last_name} ({person.prison_number})",
            "person": person,
            "form": form,
            "errors": error_list(form) if form.errors else [],
            "page_has_errors": form.is_bound and bool(form.errors),
        },
    )


class ActivityForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[(s, gettext_lazy(rules.STATUS_LABELS[s])) for s in rules.STATUSES],
        error_messages={"required": gettext_lazy("Select a status"), "invalid_choice": gettext_lazy("Select a status")},
    )
    outcome = forms.CharField(label=gettext_lazy("Outcome"), required=False, widget=forms.Textarea, max_length=5000)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        widget=forms.Textarea,
        max_length=5000,
        help_text=gettext_lazy("Needed when an activity ends undelivered or is re-opened"),
    )
    owner_kind = forms.ChoiceField(label=gettext_lazy("Who owns it"), choices=OwnerKind.choices)
    owner = forms.CharField(label=gettext_lazy("Owner"), required=False, max_length=200)
    due_on = GovukDateField(label=str(gettext_lazy("Due date")), required=False)
    # The activity's version when the page was drawn (a hidden field): a change from an out-of-date page
    # is refused rather than overwriting someone else's (services.update_activity).
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, had_due_date: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.had_due_date = had_due_date

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.had_due_date and "due_on" in data and data["due_on"] is None and not self.has_error("due_on"):
            self.add_error("due_on", _("Enter the due date"))
        return data


@require_http_methods(["GET", "POST"])
@access.requires("plan.view")
def plan_activity(request: HttpRequest, prison_number: str, pk: int) -> HttpResponse:
    person, period = records.in_custody(request.user, prison_number, log=request.method == "GET")
    activity = access.get_for(request.user, PlanActivity.objects.select_related("plan", "activity"), pk=pk, plan__custody_period=period)
    can_edit = access.can(request.user, "plan.edit")
    initial = {"status": activity.status, "owner_kind": activity.owner_kind, "owner": activity.owner, "due_on": activity.due_on}
    form = ActivityForm(request.POST if request.method == "POST" else None, initial=initial, had_due_date=activity.due_on is not None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_activity(
                    activity=activity,
                    status=data["status"],
                    reason=data["reason"],
                    outcome=data["outcome"],
                    owner=data["owner"],
                    owner_kind=data["owner_kind"],
                    due_on=data["due_on"],
                    by=request.user,
                    version=data["version"],
                )
            except services.PlanError as problem:
                form.add_error(problem.field if problem.field in form.fields else "status", problem.message)
                if isinstance(problem, services.PlanConflict):  # show the activity as it is now
                    activity = PlanActivity.objects.select_related("plan", "activity").get(pk=activity.pk)
            else:
                messages.success(request, _("Activity updated"))
                return redirect("plan", prison_number=person.prison_number)
    return render(
        request,
        "plans/plan_activity.html",
        {
            "title": activity.title_in(),
            "caption": f"{person.first_name} {person.last_name} ({person.prison_number})",
            "person": person,
            "activity": activity,
            "form": form,
            "errors": error_list(form) if form.errors else [],
            "page_has_errors": form.is_bound and bool(form.errors),
            "due_on": date_parts(form, "due_on"),
            "tags": STATUS_TAGS,
            "can_edit": can_edit,
            "done_when": _(rules.DONE_WHEN[activity.activity.code])
            if activity.activity and activity.activity.code in rules.DONE_WHEN
            else None,
        },
    )


LEVEL_CHOICES = [
    ("1", gettext_lazy("Level 1: for everyone")),
    ("2", gettext_lazy("Level 2: for a need")),
    ("3", gettext_lazy("Level 3: for a cohort")),
]


class CustomActivityForm(forms.Form):
    """A custom activity. The service checks every rule again (the API uses it too); the form only reads the fields."""

    title = forms.CharField(label=gettext_lazy("What will be done"), required=False, max_length=services.TITLE_MAX)
    pathway = forms.ChoiceField(
        label=gettext_lazy("Pathway"), required=False, choices=[("", gettext_lazy("All pathways")), *[(p.code, p.name) for p in PATHWAYS]]
    )
    level = forms.ChoiceField(label=gettext_lazy("Level of support"), required=False, choices=LEVEL_CHOICES)
    owner_kind = forms.ChoiceField(label=gettext_lazy("Who owns it"), required=False, choices=OwnerKind.choices)
    owner = forms.CharField(label=gettext_lazy("Owner's name"), required=False, max_length=services.OWNER_MAX)
    due_on = GovukDateField(label=str(gettext_lazy("Due date")), required=False)


@require_http_methods(["GET", "POST"])
@access.requires("plan.edit")
def plan_activity_add(request: HttpRequest, prison_number: str) -> HttpResponse:
    """Add a custom activity to the plan (draft or agreed): all fields checked at once, each error named."""
    person, period = records.in_custody(request.user, prison_number, log=request.method == "GET")
    the_plan = access.get_for(request.user, Plan, custody_period=period)
    form = CustomActivityForm(request.POST if request.method == "POST" else None, initial={"owner_kind": OwnerKind.CRC})
    if request.method == "POST":
        valid = form.is_valid()  # the fields read; the service's rules are checked too, so every error shows at once
        data = {**dict.fromkeys(form.fields, ""), "due_on": None, **form.cleaned_data}
        for name, message in services.custom_activity_problems(
            title=data["title"],
            pathway=data["pathway"],
            level=data["level"],
            owner_kind=data["owner_kind"],
            owner=data["owner"],
            due_on=data["due_on"],
        ).items():
            if not form.has_error(name):
                form.add_error(name, message)
        if valid and not form.errors:
            try:
                services.add_activity(
                    plan=the_plan,
                    title=data["title"],
                    pathway=data["pathway"],
                    level=data["level"],
                    owner_kind=data["owner_kind"],
                    owner=data["owner"],
                    due_on=data["due_on"],
                    by=request.user,
                )
            except services.PlanError as problem:
                for name, message in problem.errors.items():
                    form.add_error(name if name in form.fields else None, message)
            else:
                messages.success(request, _("Activity added to the plan"))
                return redirect("plan", prison_number=person.prison_number)
    return render(
        request,
        "plans/plan_activity_add.html",
        {
            "title": _("Add an activity"),
            "caption": f"{person.first_name} {person.last_name} ({person.prison_number})",
            "person": person,
            "plan": the_plan,
            "form": form,
            "errors": error_list(form) if form.errors else [],
            "page_has_errors": form.is_bound and bool(form.errors),
            "due_on": date_parts(form, "due_on"),
        },
    )


class GoalForm(forms.Form):
    """One of the person's goals: their words, the activities that work towards it, agreed with them.
    The service checks every rule again; the form only reads the fields."""

    words = forms.CharField(
        label=gettext_lazy("What does the person want?"),
        help_text=gettext_lazy("In their own words, as they said it. For example: “I want my own place, near my kids.”"),
        required=False,
        widget=forms.Textarea,
        max_length=services.GOAL_MAX,
        error_messages={"max_length": gettext_lazy("The goal must be 500 characters or fewer")},
    )
    activities = forms.MultipleChoiceField(
        label=gettext_lazy("Which activities of the plan work towards it?"),
        help_text=gettext_lazy("Select all that apply"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose activities of this plan")},
    )
    agreed = forms.MultipleChoiceField(
        label=gettext_lazy("Agreed with the person"),
        choices=[("yes", gettext_lazy("I have read the goal back to the person and they agree it is what they want"))],
        required=False,
    )

    def __init__(self, *args: Any, activities: list[PlanActivity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["activities"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(a.pk), a.title_in()) for a in activities]


def _goal_page(request: HttpRequest, prison_number: str, goal_pk: int | None) -> HttpResponse:
    person, period = records.in_custody(request.user, prison_number, log=request.method == "GET")
    the_plan = access.get_for(request.user, Plan, custody_period=period)
    goal = access.get_for(request.user, PlanGoal, pk=goal_pk, plan=the_plan) if goal_pk is not None else None
    activities = list(the_plan.activities.select_related("activity").order_by("order", "id"))
    initial = {"words": goal.words, "activities": [str(pk) for pk in goal.activities.values_list("pk", flat=True)]} if goal else {}
    form = GoalForm(request.POST if request.method == "POST" else None, initial=initial, activities=activities)
    if request.method == "POST":
        valid = form.is_valid()
        data = {"words": "", "activities": [], "agreed": [], **form.cleaned_data}
        chosen = [a for a in activities if str(a.pk) in data["activities"]]
        for name, message in services.goal_problems(
            words=data["words"], agreed="yes" in data["agreed"], activities=chosen, plan=the_plan
        ).items():
            if not form.has_error(name):
                form.add_error(name, message)
        if valid and not form.errors:
            if goal is None:
                services.add_goal(plan=the_plan, words=data["words"], activities=chosen, agreed=True, by=request.user)
                messages.success(request, _("Goal added to the plan"))
            else:
                services.change_goal(goal=goal, words=data["words"], activities=chosen, agreed=True, by=request.user)
                messages.success(request, _("Goal changed"))
            return redirect("plan", prison_number=person.prison_number)
    return render(
        request,
        "plans/plan_goal.html",
        {
            "title": _("Change the goal") if goal else _("Add a goal the person has"),
            "caption": f"{person.first_name} {person.last_name} ({person.prison_number})",
            "person": person,
            "goal": goal,
            "form": form,
            "errors": error_list(form) if form.errors else [],
            "page_has_errors": form.is_bound and bool(form.errors),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires("plan.edit")
def plan_goal_add(request: HttpRequest, prison_number: str) -> HttpResponse:
    """Record what the person wants, in their words, agreed with them, with the activities towards it."""
    return _goal_page(request, prison_number, None)


@require_http_methods(["GET", "POST"])
@access.requires("plan.edit")
def plan_goal(request: HttpRequest, prison_number: str, pk: int) -> HttpResponse:
    """Correct a goal: its words or its activities, agreed again with the person."""
    return _goal_page(request, prison_number, pk)


@require_POST
@access.requires("plan.edit")
def plan_goal_remove(request: HttpRequest, prison_number: str, pk: int) -> HttpResponse:
    """Remove a goal the person no longer has; its activities stay in the plan."""
    person, period = records.in_custody(request.user, prison_number, log=False)
    goal = access.get_for(request.user, PlanGoal, pk=pk, plan__custody_period=period)
    services.remove_goal(goal=goal, by=request.user)
    messages.success(request, _("Goal removed"))
    return redirect("plan", prison_number=person.prison_number)
