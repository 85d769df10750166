"""Through the gate pages: the pre-release review (a task list by pathway, a question page per pathway,
check your answers, complete, confirmation), the outcomes on and after release, and whether an
activity continues after release.

Thin: the person through `records.in_custody` (which also finds a recently released person for their
CRC), the plan through the access kernel, every write through `services_gate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ttg.core import access, clock
from ttg.core.forms import error_list
from ttg.core.pathways import PATHWAY_CODES, pathway
from ttg.people import records
from ttg.plans.gate import rules as rules_gate
from ttg.plans.gate import services as services_gate
from ttg.plans.gate.models import FirstNight, OutcomeKind, PreReleaseReview, ReleaseChecklist, ReleaseOutcome, ReviewStatus, YesNoUnknown
from ttg.plans.plan import rules
from ttg.plans.plan.models import Plan, PlanActivity
from ttg.plans.plan.services import PlanError

REVIEW_TAGS = {
    ReviewStatus.NOT_STARTED: "govuk-tag--grey",
    ReviewStatus.IN_PROGRESS: "govuk-tag--blue",
    ReviewStatus.COMPLETED: "govuk-tag--green",
}
ANSWER_TAGS = {
    rules_gate.READY: "govuk-tag--green",
    rules_gate.NOT_READY: "govuk-tag--orange",
    rules_gate.NOT_APPLICABLE: "govuk-tag--grey",
}
KIND_SLUGS = {"release-day": OutcomeKind.RELEASE_DAY, "after-release": OutcomeKind.AFTER_RELEASE}
SLUG_FOR_KIND = {v: k for k, v in KIND_SLUGS.items()}


@dataclass
class Gate:
    """Everything the plan page and the review pages show about through the gate, read in a fixed number of queries."""

    plan: Plan
    released_on: date | None
    release_date: date | None
    opens: rules.Decision[date | None]
    is_open: rules.Decision[bool]
    pathways: tuple[str, ...]
    review: PreReleaseReview | None
    outcomes: dict[str, ReleaseOutcome]
    after_release_due: rules.Decision[date | None]
    release_day_allowed: rules.Decision[bool]
    after_release_allowed: rules.Decision[bool]
    checklist: ReleaseChecklist | None = None
    checklist_editable: rules.Decision[bool] | None = None
    today: date | None = None

    # --- the release checklist (rules G1, G2) ---

    @property
    def checklist_items(self) -> dict[str, Any]:
        return self.checklist.items if self.checklist else {}

    @property
    def checklist_open(self) -> tuple[str, ...]:
        return rules_gate.open_items(self.checklist_items)

    @property
    def checklist_due(self) -> rules.Decision[date | None]:
        return rules_gate.checklist_due(self.release_date)

    @property
    def checklist_overdue(self) -> rules.Decision[bool]:
        return rules_gate.checklist_overdue(
            release_date=self.release_date, open_count=len(self.checklist_open), today=self.today or clock.today()
        )

    @property
    def checklist_status(self) -> tuple[str, str]:
        """(label, tag class) for the checklist as a whole."""
        if not self.checklist_open:
            return _("Completed"), "govuk-tag--green"
        if self.checklist_overdue.value:
            return _("Overdue"), "govuk-tag--red"
        if self.checklist is not None and self.checklist.items:
            return _("In progress"), "govuk-tag--blue"
        return _("Not started"), "govuk-tag--grey"

    @property
    def checklist_rows(self) -> list[dict[str, Any]]:
        """One row per item: its title and hint in the reader's language, what was recorded, and its tag."""
        out = []
        for item in rules_gate.checklist(get_language()):
            entry = self.checklist_items.get(item.code) or {}
            status = entry.get("status", rules_gate.OPEN)
            said = []
            if status == rules_gate.DONE and entry.get("detail"):
                said.append(dict(item.options).get(entry["detail"], entry["detail"]))
            if status == rules_gate.DONE and item.asks_safe:
                said.append(_("Safe and suitable") if entry.get("safe") == rules_gate.YES else _("Not safe or suitable"))
            if entry.get("note"):
                said.append(entry["note"])
            tag = {rules_gate.DONE: "govuk-tag--green", rules_gate.NOT_NEEDED: "govuk-tag--grey"}.get(status, "govuk-tag--blue")
            if status == rules_gate.OPEN and self.checklist_overdue.value:
                tag = "govuk-tag--red"
            if status == rules_gate.DONE and item.asks_safe and entry.get("safe") == rules_gate.NO:
                tag = "govuk-tag--orange"
            out.append(
                {
                    "item": item,
                    "status": status,
                    "label": _(rules_gate.CHECK_STATUS_LABELS[status]),
                    "said": said,
                    "tag": tag,
                }
            )
        return out

    @property
    def answers(self) -> dict[str, Any]:
        return self.review.answers if self.review else {}

    @property
    def status(self) -> str:
        return rules_gate.review_status(
            self.pathways, self.answers, completed=bool(self.review and self.review.status == ReviewStatus.COMPLETED)
        )

    @property
    def status_label(self) -> str:
        return str(ReviewStatus(self.status).label)

    @property
    def completed(self) -> bool:
        return self.status == ReviewStatus.COMPLETED

    @property
    def rows(self) -> list[dict[str, Any]]:
        """One row per pathway: its name, the answer and note, if any."""
        out = []
        for code in self.pathways:
            entry = self.answers.get(code) or {}
            answer = entry.get("answer", "")
            out.append(
                {
                    "code": code,
                    "name": pathway(code).name,
                    "answer": answer,
                    "label": _(rules_gate.REVIEW_ANSWER_LABELS[answer]) if answer in rules_gate.REVIEW_ANSWER_LABELS else _("Not answered"),
                    "note": entry.get("note", ""),
                    "tag": ANSWER_TAGS.get(answer, "govuk-tag--grey"),
                }
            )
        return out

    @property
    def unanswered(self) -> tuple[str, ...]:
        return rules_gate.unanswered(self.pathways, self.answers)


def gate(user: Any, plan: Plan) -> Gate:
    """Read for one plan (whose activities are prefetched or fetched once)."""
    period = plan.custody_period
    released_on = services_gate.released_on(period)
    today = clock.today()
    review = PreReleaseReview.objects.visible_to(user).select_related("completed_by").filter(plan=plan).first()
    outcomes = {o.kind: o for o in ReleaseOutcome.objects.visible_to(user).select_related("recorded_by").filter(plan=plan)}
    checklist = ReleaseChecklist.objects.visible_to(user).filter(plan=plan).first()
    return Gate(
        plan=plan,
        released_on=released_on,
        release_date=period.release_date,
        opens=rules.pre_release_review_opens(period.release_date, today),
        is_open=rules_gate.review_open(period.release_date, today),
        pathways=services_gate.review_pathways(plan),
        review=review,
        outcomes=outcomes,
        after_release_due=services_gate.after_release_due(period),
        release_day_allowed=rules_gate.outcome_allowed(
            rules_gate.RELEASE_DAY, release_date=period.release_date, released_on=released_on, today=today
        ),
        after_release_allowed=rules_gate.outcome_allowed(
            rules_gate.AFTER_RELEASE, release_date=period.release_date, released_on=released_on, today=today
        ),
        checklist=checklist,
        checklist_editable=services_gate.checklist_editable(period, today),
        today=today,
    )


def plan_page_gate(request: HttpRequest, plan: Plan | None) -> Gate | None:
    """For the include on the plan page (a Jinja global): None without a plan."""
    if plan is None:
        return None
    return gate(request.user, plan)


def _plan(request: HttpRequest, prison_number: str, *, log: bool) -> tuple[Any, Plan]:
    person, period = records.in_custody(request.user, prison_number, log=log)
    activities = PlanActivity.objects.order_by("order", "id")
    the_plan = access.get_for(
        request.user,
        Plan.objects.select_related("custody_period__current_prison__crc").prefetch_related(Prefetch("activities", queryset=activities)),
        custody_period=period,
    )
    return person, the_plan


def _context(person: Any, **extra: Any) -> dict[str, Any]:
    return {"caption": f"{person.first_name} {person.last_name} ({person.prison_number})", "person": person, **extra}


# --- the pre-release review -------------------------------------------------------------------


@require_http_methods(["GET"])
@access.requires("plan.view")
def review(request: HttpRequest, prison_number: str) -> HttpResponse:
    person, the_plan = _plan(request, prison_number, log=True)
    g = gate(request.user, the_plan)
    return render(
        request,
        "plans/review.html",
        _context(person, title=_("Pre-release review"), gate=g, tags=REVIEW_TAGS, can_edit=access.can(request.user, "plan.edit")),
    )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[(a, gettext_lazy(rules_gate.REVIEW_ANSWER_LABELS[a])) for a in rules_gate.REVIEW_ANSWERS],  # in the reader's language
        error_messages={
            "required": gettext_lazy("Select whether the person is ready"),
            "invalid_choice": gettext_lazy("Select whether the person is ready"),
        },
    )
    note = forms.CharField(required=False, max_length=5000, widget=forms.Textarea)


@require_http_methods(["GET", "POST"])
@access.requires("plan.view")
def review_pathway(request: HttpRequest, prison_number: str, code: str) -> HttpResponse:
    person, the_plan = _plan(request, prison_number, log=request.method == "GET")
    g = gate(request.user, the_plan)
    if code not in PATHWAY_CODES or code not in g.pathways:
        raise Http404(access.NOT_FOUND_MESSAGE)
    entry = g.answers.get(code) or {}
    form = AnswerForm(
        request.POST if request.method == "POST" else None, initial={"answer": entry.get("answer"), "note": entry.get("note", "")}
    )
    can_edit = access.can(request.user, "plan.edit")
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services_gate.answer_pathway(
                    plan=the_plan, pathway=code, answer=form.cleaned_data["answer"], note=form.cleaned_data["note"], by=request.user
                )
            except PlanError as problem:
                form.add_error(problem.field if problem.field in form.fields else None, problem.message)
            else:
                following = [p for p in g.pathways if p != code and p in g.unanswered]
                if following:
                    return redirect("plan_review_pathway", prison_number=person.prison_number, code=following[0])
                return redirect("plan_review_check", prison_number=person.prison_number)
    return render(
        request,
        "plans/review_pathway.html",
        _context(
            person,
            title=_("Is the person ready for release on the %(pathway)s pathway?") % {"pathway": pathway(code).name},
            pathway=pathway(code),
            gate=g,
            form=form,
            errors=error_list(form) if form.errors else [],
            page_has_errors=form.is_bound and bool(form.errors),
            can_edit=can_edit,
        ),
    )


@require_http_methods(["GET", "POST"])
@access.requires("plan.view")
def review_check(request: HttpRequest, prison_number: str) -> HttpResponse:
    person, the_plan = _plan(request, prison_number, log=request.method == "GET")
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        if not access.can(request.user, "plan.edit"):
            raise PermissionDenied
        try:
            services_gate.complete_review(plan=the_plan, by=request.user)
        except PlanError as problem:
            errors = [{"text": problem.message, "href": "#answers"}]
        else:
            return redirect("plan_review_completed", prison_number=person.prison_number)
    g = gate(request.user, the_plan)
    return render(
        request,
        "plans/review_check.html",
        _context(
            person,
            title=_("Check the pre-release review"),
            gate=g,
            errors=errors,
            page_has_errors=bool(errors),
            can_edit=access.can(request.user, "plan.edit"),
        ),
    )


@require_http_methods(["GET"])
@access.requires("plan.view")
def review_completed(request: HttpRequest, prison_number: str) -> HttpResponse:
    person, the_plan = _plan(request, prison_number, log=True)
    g = gate(request.user, the_plan)
    if not g.completed:
        return redirect("plan_review", prison_number=person.prison_number)
    return render(request, "plans/review_completed.html", _context(person, title=_("Pre-release review completed"), gate=g))


# --- the release checklist (U5; rules G1, G2) ------------------------------------------------------


@require_http_methods(["GET"])
@access.requires("plan.view")
def checklist(request: HttpRequest, prison_number: str) -> HttpResponse:
    person, the_plan = _plan(request, prison_number, log=True)
    g = gate(request.user, the_plan)
    return render(
        request,
        "plans/checklist.html",
        _context(person, title=_("Release checklist"), gate=g, can_edit=access.can(request.user, "plan.edit")),
    )


class ChecklistItemForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(s, gettext_lazy(rules_gate.CHECK_STATUS_LABELS[s])) for s in (rules_gate.DONE, rules_gate.NOT_NEEDED, rules_gate.OPEN)],
        error_messages={
            "required": gettext_lazy("Select whether it is done, not needed or still to do"),
            "invalid_choice": gettext_lazy("Select whether it is done, not needed or still to do"),
        },
    )
    detail = forms.CharField(required=False, max_length=30)
    safe = forms.CharField(required=False, max_length=3)
    note = forms.CharField(required=False, max_length=5000, widget=forms.Textarea)


@require_http_methods(["GET", "POST"])
@access.requires("plan.view")
def checklist_item(request: HttpRequest, prison_number: str, code: str) -> HttpResponse:
    if code not in rules_gate.CHECKLIST_CODES:
        raise Http404(access.NOT_FOUND_MESSAGE)
    item = rules_gate.checklist_item(code, get_language())  # its title, hint and options in the reader's language
    person, the_plan = _plan(request, prison_number, log=request.method == "GET")
    g = gate(request.user, the_plan)
    entry = g.checklist_items.get(code) or {}
    initial = {
        "status": entry.get("status"),
        "detail": entry.get("detail", ""),
        "safe": entry.get("safe", ""),
        "note": entry.get("note", ""),
    }
    form = ChecklistItemForm(request.POST if request.method == "POST" else None, initial=initial)
    can_edit = access.can(request.user, "plan.edit")
    refusal: list[dict[str, str]] = []
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services_gate.record_checklist_item(
                    plan=the_plan,
                    item=code,
                    status=data["status"],
                    detail=data["detail"],
                    safe=data["safe"],
                    note=data["note"],
                    by=request.user,
                )
            except PlanError as problem:
                if problem.field in form.fields:
                    form.add_error(problem.field, problem.message)
                else:
                    refusal = [{"text": problem.message, "href": "#item"}]
            else:
                following = [c for c in g.checklist_open if c != code]
                if data["status"] != rules_gate.OPEN and following:
                    return redirect("plan_checklist_item", prison_number=person.prison_number, code=following[0])
                return redirect("plan_checklist", prison_number=person.prison_number)
    errors = (error_list(form) if form.errors else []) + refusal
    return render(
        request,
        "plans/checklist_item.html",
        _context(
            person,
            title=item.title,
            item=item,
            gate=g,
            form=form,
            errors=errors,
            page_has_errors=bool(errors),
            can_edit=can_edit,
        ),
    )


# --- outcomes on and after release -----------------------------------------------------------------

_YES_NO = [(v, label) for v, label in YesNoUnknown.choices]


class OutcomeForm(forms.Form):
    accommodation = forms.ChoiceField(choices=FirstNight.choices, required=False)
    accommodation_safe = forms.ChoiceField(choices=_YES_NO, required=False)
    ete = forms.ChoiceField(choices=_YES_NO, required=False)
    bank_account = forms.ChoiceField(choices=_YES_NO, required=False)
    id_documents = forms.ChoiceField(choices=_YES_NO, required=False)
    benefit_claim = forms.ChoiceField(choices=_YES_NO, required=False)
    gp_registration = forms.ChoiceField(choices=_YES_NO, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field, message in services_gate.check_outcome_values({k: self.data.get(k, "") for k in services_gate.OUTCOME_FIELDS}).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


OUTCOME_LABELS = {**dict(YesNoUnknown.choices), **dict(FirstNight.choices)}
OUTCOME_QUESTIONS = [
    ("accommodation", gettext_lazy("Where is the person staying on the first night?")),
    ("accommodation_safe", gettext_lazy("Is the accommodation safe and suitable?")),
    ("ete", gettext_lazy("Is education, training or employment arranged?")),
    ("bank_account", gettext_lazy("Does the person have a bank account?")),
    ("id_documents", gettext_lazy("Does the person have identification?")),
    ("benefit_claim", gettext_lazy("Has a benefit claim been made?")),
    ("gp_registration", gettext_lazy("Is the person registered with a GP?")),
]


@require_http_methods(["GET", "POST"])
@access.requires("plan.view")
def outcome(request: HttpRequest, prison_number: str, kind: str) -> HttpResponse:
    if kind not in KIND_SLUGS:
        raise Http404(access.NOT_FOUND_MESSAGE)
    kind_value = KIND_SLUGS[kind]
    person, the_plan = _plan(request, prison_number, log=request.method == "GET")
    g = gate(request.user, the_plan)
    existing = g.outcomes.get(kind_value)
    initial = {name: getattr(existing, name) for name in services_gate.OUTCOME_FIELDS} if existing else {}
    # Release day: what the release checklist already says is its answer, not asked again (rule G2).
    from_checklist = rules_gate.outcomes_from_checklist(g.checklist_items) if kind_value == OutcomeKind.RELEASE_DAY else {}
    data = None
    if request.method == "POST":
        data = request.POST.copy()
        data.update(from_checklist)
    form = OutcomeForm(data, initial=initial)
    can_edit = access.can(request.user, "plan.edit")
    allowed = g.release_day_allowed if kind_value == OutcomeKind.RELEASE_DAY else g.after_release_allowed
    refusal: list[dict[str, str]] = []
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services_gate.record_outcome(plan=the_plan, kind=kind_value, values=form.cleaned_data, by=request.user)
            except PlanError as problem:
                if problem.field in form.fields:
                    form.add_error(problem.field, problem.message)
                else:
                    refusal = [{"text": problem.message, "href": "#outcomes"}]
            else:
                messages.success(request, _("Outcomes recorded: %(kind)s") % {"kind": OutcomeKind(kind_value).label.lower()})
                return redirect("plan", prison_number=person.prison_number)
    title = _("Outcomes on the day of release") if kind_value == OutcomeKind.RELEASE_DAY else _("Outcomes after release")
    errors = (error_list(form) if form.errors else []) + refusal
    return render(
        request,
        "plans/outcome.html",
        _context(
            person,
            title=title,
            gate=g,
            kind=kind_value,
            existing=existing,
            allowed=allowed,
            form=form,
            questions=[(name, question) for name, question in OUTCOME_QUESTIONS if name not in from_checklist],
            from_checklist=[
                (question, OUTCOME_LABELS.get(from_checklist[name], from_checklist[name]))
                for name, question in OUTCOME_QUESTIONS
                if name in from_checklist
            ],
            errors=errors,
            page_has_errors=bool(errors),
            can_edit=can_edit,
        ),
    )


# --- activities that continue after release -------------------------------------------------------


@require_POST
@access.requires("plan.edit")
def activity_continues(request: HttpRequest, prison_number: str, pk: int) -> HttpResponse:
    person, period = records.in_custody(request.user, prison_number, log=False)
    activity = access.get_for(request.user, PlanActivity.objects.all(), pk=pk, plan__custody_period=period)
    continues = request.POST.get("continues_after_release") == "yes"
    try:
        services_gate.set_continues_after_release(activity=activity, continues=continues, by=request.user)
    except PlanError as problem:
        messages.error(request, problem.message)
    else:
        messages.success(request, _("Continues after release") if continues else _("Ends at release"))
    return redirect("plan_activity", prison_number=person.prison_number, pk=activity.pk)
