"""Allocating a person to a TTG caseworker (rule AL1, docs/allocation.md): the CRC manager chooses one of
the CRC's caseworkers, each shown with their caseload against capacity (rule AL2). Thin: the reading is in
selectors_allocation.py, the writing in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from ttg.core import access
from ttg.core.forms import error_list
from ttg.core.rules import format_date

from . import records, selectors_allocation, services
from .rules import AT_CAPACITY, OVER_CAPACITY


class AllocateForm(forms.Form):
    caseworker = forms.TypedChoiceField(
        label=gettext_lazy("Caseworker"),
        coerce=int,
        error_messages={
            "required": gettext_lazy("Select the caseworker to allocate this person to"),
            "invalid_choice": gettext_lazy("Select a caseworker of your CRC"),
        },
    )

    def __init__(self, *args: Any, caseworkers: list[selectors_allocation.Caseworker], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].choices = [(str(c.user.pk), c.name) for c in caseworkers]  # type: ignore[attr-defined]


def _next(request: HttpRequest) -> str:
    """Where to go back to: a page of this service the manager came from (the allocations list), if any."""
    back = request.POST.get("next") or request.GET.get("next") or ""
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return ""


def _load(caseworker: selectors_allocation.Caseworker) -> str:
    text = _("Caseload %(caseload)d of %(capacity)d") % {"caseload": caseworker.caseload, "capacity": caseworker.capacity}
    if caseworker.status == AT_CAPACITY:
        return text + " – " + _("at capacity")
    if caseworker.status == OVER_CAPACITY:
        return text + " – " + _("over capacity")
    return text


@require_http_methods(["GET", "POST"])
@access.requires("allocation.make")
def allocate(request: HttpRequest, prison_number: str) -> HttpResponse:
    """Allocate (or reallocate) a person to a caseworker. The same 404 for a person the manager may not allocate
    as for one who does not exist. Viewing it is a view of the person's record, audited."""
    person, period = records.in_custody(request.user, prison_number, log=False)
    selectors_allocation.allocatable_period(request.user, period)
    records.log_view(request.user, person, period)
    caseworkers = selectors_allocation.caseworkers(request.user)
    now = selectors_allocation.current_allocation(request.user, period)
    form = AllocateForm(request.POST if request.method == "POST" else None, caseworkers=caseworkers)
    back = _next(request)
    if form.is_bound and form.is_valid():
        try:
            done = services.allocate(manager=request.user, period=period, caseworker_id=form.cleaned_data["caseworker"])
        except ValidationError as error:
            for message in error.message_dict.get("caseworker", []):
                form.add_error("caseworker", message)
        else:
            name = f"{person.first_name} {person.last_name}"
            held_by = done.allocation.caseworker.get_full_name() or done.allocation.caseworker.username
            if not done.changed:
                messages.info(request, _("%(person)s was already allocated to %(caseworker)s") % {"person": name, "caseworker": held_by})
            elif done.previous is not None:
                messages.success(request, _("%(person)s is reallocated to %(caseworker)s") % {"person": name, "caseworker": held_by})
            else:
                messages.success(request, _("%(person)s is allocated to %(caseworker)s") % {"person": name, "caseworker": held_by})
            return redirect(back) if back else redirect("person_detail", prison_number=person.prison_number)
    chosen = str(form["caseworker"].value() or (now.caseworker_id if now else ""))
    items = [
        {
            "value": str(c.user.pk),
            "text": c.name,
            "hint": {"text": _load(c) + (" – " + _("holds this person now") if now and now.caseworker_id == c.user.pk else "")},
            "checked": chosen == str(c.user.pk),
        }
        for c in caseworkers
    ]
    return render(
        request,
        "people/allocate.html",
        {
            "title": _("Reallocate %(name)s") % {"name": f"{person.first_name} {person.last_name}"}
            if now
            else _("Allocate %(name)s") % {"name": f"{person.first_name} {person.last_name}"},
            "person": person,
            "period": period,
            "now": now,
            "since": format_date(now.allocated_at) if now else "",
            "history": selectors_allocation.history(request.user, period),
            "form": form,
            "items": items,
            "errors": error_list(form) if form.is_bound else [],
            "page_has_errors": form.is_bound and bool(form.errors),
            "next": back,
        },
    )
