"""Budget pages (issue 7 part 4): HMPPS contract managers add a year's budget and set its
allocations, each through a check-your-answers step. Every route is in tests/access_matrix.py.

Thin: each view names its action, checks its form, calls one selector or service and renders.
A refusal from the service goes back to the form, on the field it names.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ttg.core import access
from ttg.core.forms import error_list

from . import money, selectors_funding, services_funding
from .constants import BudgetKind
from .forms_funding import AllocationForm, BudgetForm
from .services import PaymentRefused

BUDGET_SESSION = "payments_budget_new"
ALLOCATION_SESSION = "payments_allocation"


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    errors = context.get("errors") or []
    return render(request, f"payments/{template}", {"page_has_errors": bool(errors), **context})


def _refused(form: Any, refused: PaymentRefused) -> None:
    field = refused.field if refused.field in form.fields else None
    for reason in refused.words:
        form.add_error(field, reason)


@require_GET
@access.requires("budget.edit")
def budgets(request: HttpRequest) -> HttpResponse:
    return _page(request, "budgets.html", {"title": _("Budgets and allocations"), "rows": selectors_funding.budgets(request.user)})


# --- adding a budget ------------------------------------------------------------------------------


def _budget_page(request: HttpRequest, form: BudgetForm) -> HttpResponse:
    errors = error_list(form) if form.is_bound else []
    kinds = [{"value": v, "text": t, "checked": form["kind"].value() == v} for v, t in BudgetKind.choices]
    return _page(request, "budget_form.html", {"title": _("Add a budget"), "form": form, "kinds": kinds, "errors": errors})


@require_http_methods(["GET", "POST"])
@access.requires("budget.edit")
def budget_new(request: HttpRequest) -> HttpResponse:
    initial = request.session.get(BUDGET_SESSION) if request.method == "GET" else None
    form = BudgetForm(request.POST or None, initial=initial or {})
    if request.method == "POST" and form.is_valid():
        request.session[BUDGET_SESSION] = {
            "kind": form.cleaned_data["kind"],
            "year": form.cleaned_data["year"],
            "name": form.cleaned_data["name"].strip(),
            "amount": money.pounds_text(form.cleaned_data["amount"]),
        }
        return redirect("payments_budget_new_check")
    return _budget_page(request, form)


@require_http_methods(["GET", "POST"])
@access.requires("budget.edit")
def budget_new_check(request: HttpRequest) -> HttpResponse:
    answers = request.session.get(BUDGET_SESSION)
    form = BudgetForm(answers or None)
    if not answers or not form.is_valid():
        return redirect("payments_budget_new")
    data = form.cleaned_data
    if request.method == "POST":
        try:
            made = services_funding.add_budget(
                name=data["name"], kind=data["kind"], year_starting=date(data["year"], 4, 1), amount_pence=data["amount"], by=request.user
            )
        except PaymentRefused as refused:
            _refused(form, refused)
            return _budget_page(request, form)
        del request.session[BUDGET_SESSION]
        messages.success(request, _("Budget added: now set its allocations"))
        return redirect("payments_budget", pk=made.pk)
    return _page(
        request,
        "budget_check.html",
        {
            "title": _("Check the budget before adding it"),
            "data": data,
            "kind_label": BudgetKind(data["kind"]).label,
            "year": selectors_funding.year_words(date(data["year"], 4, 1)),
        },
    )


# --- a budget and its allocations -----------------------------------------------------------------


@require_GET
@access.requires("budget.edit")
def budget(request: HttpRequest, pk: int) -> HttpResponse:
    detail = selectors_funding.budget_detail(request.user, pk)
    return _page(request, "budget.html", {"title": detail.budget.name, "detail": detail, "column": "full"})


def _allocation_page(request: HttpRequest, detail: Any, form: AllocationForm) -> HttpResponse:
    errors = error_list(form) if form.is_bound else []
    return _page(
        request,
        "budget_allocation.html",
        {"title": _("Set an allocation"), "detail": detail, "form": form, "errors": errors, "caption": detail.budget.name},
    )


def _holder_choices(detail: Any) -> list[tuple[str, str]]:
    return [(r.key, r.name) for r in detail.rows if r.may_change]


@require_http_methods(["GET", "POST"])
@access.requires("budget.edit")
def allocation(request: HttpRequest, pk: int) -> HttpResponse:
    detail = selectors_funding.budget_detail(request.user, pk)
    choices = _holder_choices(detail)
    if request.method == "GET":
        saved = request.session.get(ALLOCATION_SESSION) or {}
        key = request.GET.get("holder") or (saved.get("holder") if saved.get("budget") == detail.budget.pk else "")
        row = selectors_funding.holder_row(detail, key or "")
        initial: dict[str, Any] = {"holder": key} if row else {}
        if saved.get("budget") == detail.budget.pk and saved.get("holder") == key:
            initial["amount"] = saved["amount"]
        elif row is not None and row.amount_pence is not None:
            initial["amount"] = money.pounds_text(row.amount_pence)
        form = AllocationForm(initial=initial, holders=choices)
    else:
        form = AllocationForm(request.POST, holders=choices)
        if form.is_valid():
            request.session[ALLOCATION_SESSION] = {
                "budget": detail.budget.pk,
                "holder": form.cleaned_data["holder"],
                "amount": money.pounds_text(form.cleaned_data["amount"]),
            }
            return redirect("payments_budget_allocation_check", pk=detail.budget.pk)
    return _allocation_page(request, detail, form)


@require_http_methods(["GET", "POST"])
@access.requires("budget.edit")
def allocation_check(request: HttpRequest, pk: int) -> HttpResponse:
    detail = selectors_funding.budget_detail(request.user, pk)
    answers = request.session.get(ALLOCATION_SESSION)
    if not answers or answers.get("budget") != detail.budget.pk:
        return redirect("payments_budget_allocation", pk=detail.budget.pk)
    form = AllocationForm({"holder": answers["holder"], "amount": answers["amount"]}, holders=_holder_choices(detail))
    row = selectors_funding.holder_row(detail, answers["holder"])
    if not form.is_valid() or row is None:
        raise Http404(access.NOT_FOUND_MESSAGE)
    amount = form.cleaned_data["amount"]
    if request.method == "POST":
        try:
            services_funding.set_allocation(budget=detail.budget, holder=row.holder, amount_pence=amount, by=request.user)
        except PaymentRefused as refused:
            _refused(form, refused)
            return _allocation_page(request, detail, form)
        del request.session[ALLOCATION_SESSION]
        messages.success(
            request, _("Allocation to %(holder)s set to %(amount)s") % {"holder": row.name, "amount": money.format_pence(amount)}
        )
        return redirect("payments_budget", pk=detail.budget.pk)
    others = detail.allocated_pence - (row.amount_pence or 0)
    return _page(
        request,
        "budget_allocation_check.html",
        {
            "title": _("Check the allocation before setting it"),
            "caption": detail.budget.name,
            "detail": detail,
            "row": row,
            "amount_pence": amount,
            "left_after_pence": detail.budget.amount_pence - others - amount,
        },
    )
