"""Pages of the supply-chain register (R-R1). Thin: a selector or a service, then a template."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ttg.core import access, clock
from ttg.core.forms import date_parts, error_list
from ttg.estate.models import Organisation, Prison, Specialism

from . import selectors, services
from .forms import ContractForm, EndServiceForm, ServiceForm
from .models import PATHWAY_CHOICES

SESSION_KEY = "supply_chain_contract"


def pounds(pence: int | None) -> str:
    """ "£25,000" or "£25,000.50" from integer pence; "" for none."""
    if pence is None:
        return ""
    whole, part = divmod(pence, 100)
    return f"£{whole:,}" + (f".{part:02d}" if part else "")


def _select_items(choices: Any, chosen: str, *, blank: str) -> list[dict[str, Any]]:
    return [{"value": "", "text": blank}] + [{"value": v, "text": t, "selected": v == chosen} for v, t in choices if v]


@require_GET
@access.requires("supply_chain.view")
def register(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    chosen = selectors.RegisterFilter.from_query(request.GET)
    page = Paginator(selectors.services(request.user, chosen, on=today), 50).get_page(request.GET.get("page"))
    crcs = list(selectors.crcs(request.user))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supply_chain/register.html",
        {
            "title": _("Supply-chain register"),
            "page": page,
            "today": today,
            "chosen": chosen,
            "query": query.urlencode(),
            "crc_items": _select_items([(c.code, c.name) for c in crcs], chosen.crc, blank=_("Any CRC")),
            "prison_items": _select_items(
                Prison.objects.values_list("code", "name").order_by("name"), chosen.prison, blank=_("Any prison")
            ),
            "pathway_items": _select_items(list(PATHWAY_CHOICES), chosen.pathway, blank=_("Any pathway")),
            "specialism_items": _select_items(Specialism.objects.values_list("code", "name"), chosen.specialism, blank=_("Any specialism")),
            "status_items": [
                {"value": v, "text": t, "checked": chosen.status == v}
                for v, t in (("current", _("Current")), ("ended", _("Ended")), ("all", _("All, with history")))
            ],
            "can_add": selectors.editable_crcs(request.user).exists(),
        },
    )


@require_GET
@access.requires("supply_chain.view")
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract(request.user, pk)
    return render(
        request,
        "supply_chain/contract.html",
        {
            "title": contract.title,
            "caption": contract.reference,
            "contract": contract,
            "rows": list(selectors.contract_services(contract)),
            "today": clock.today(),
            "can_edit": selectors.can_edit(request.user, contract),
            "value_text": pounds(contract.value_pence),
        },
    )


def _contract_form_page(request: HttpRequest, form: ContractForm) -> HttpResponse:
    errors = error_list(form) if form.is_bound else []
    crc_value = form["crc"].value() or ""
    org_value = str(form["organisation"].value() or "")
    return render(
        request,
        "supply_chain/contract_form.html",
        {
            "title": _("Add a supply-chain contract"),
            "form": form,
            "errors": errors,
            "page_has_errors": bool(errors),
            "crc_items": _select_items(cast(forms.ChoiceField, form.fields["crc"]).choices, crc_value, blank=_("Choose a CRC")),
            "organisation_items": _select_items(
                cast(forms.ChoiceField, form.fields["organisation"]).choices, org_value, blank=_("Choose an organisation")
            ),
            "starts_on": date_parts(form, "starts_on"),
            "ends_on": date_parts(form, "ends_on"),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires("supply_chain.edit")
def contract_add(request: HttpRequest) -> HttpResponse:
    crcs = selectors.editable_crcs(request.user)
    if request.method == "POST":
        form = ContractForm(request.POST, crcs=crcs)
        if form.is_valid():
            data = form.cleaned_data
            request.session[SESSION_KEY] = {
                "crc": data["crc"],
                "organisation": data["organisation"],
                "reference": data["reference"],
                "title": data["title"],
                "starts_on": data["starts_on"].isoformat(),
                "ends_on": data["ends_on"].isoformat() if data["ends_on"] else None,
                "value": data["value"],
            }
            return redirect("supply_chain_contract_check")
    else:
        initial = _initial_from_session(request)
        if not initial and crcs.count() == 1:
            initial = {"crc": crcs[0].code}
        form = ContractForm(initial=initial, crcs=crcs)
    return _contract_form_page(request, form)


def _initial_from_session(request: HttpRequest) -> dict[str, Any]:
    saved = request.session.get(SESSION_KEY)
    return _initial_from_session_values(saved) if saved else {}


def _initial_from_session_values(saved: dict[str, Any]) -> dict[str, Any]:
    value = saved["value"]
    return {
        **saved,
        "starts_on": date.fromisoformat(saved["starts_on"]),
        "ends_on": date.fromisoformat(saved["ends_on"]) if saved["ends_on"] else None,
        "value": f"{value // 100}.{value % 100:02d}" if value is not None else "",
    }


def _as_post(saved: dict[str, Any]) -> dict[str, str]:
    """The saved answers as the form would post them, to show a service's errors against them."""
    data = {k: str(v) if v is not None else "" for k, v in _initial_from_session_values(saved).items()}
    for name in ("starts_on", "ends_on"):
        day = date.fromisoformat(saved[name]) if saved[name] else None
        for i, part in enumerate((day.day, day.month, day.year) if day else ("", "", "")):
            data[f"{name}_{i}"] = str(part)
    return data


@require_http_methods(["GET", "POST"])
@access.requires("supply_chain.edit")
def contract_check(request: HttpRequest) -> HttpResponse:
    saved = request.session.get(SESSION_KEY)
    if not saved:
        return redirect("supply_chain_contract_add")
    crcs = selectors.editable_crcs(request.user)
    crc = crcs.filter(code=saved["crc"]).first()
    organisation = Organisation.objects.filter(pk=saved["organisation"]).first()
    if crc is None or organisation is None:
        request.session.pop(SESSION_KEY, None)
        raise Http404(access.NOT_FOUND_MESSAGE)
    starts_on = date.fromisoformat(saved["starts_on"])
    ends_on = date.fromisoformat(saved["ends_on"]) if saved["ends_on"] else None
    if request.method == "POST":
        try:
            contract = services.add_contract(
                crc=crc,
                organisation=organisation,
                reference=saved["reference"],
                title=saved["title"],
                starts_on=starts_on,
                ends_on=ends_on,
                value_pence=saved["value"],
                by=request.user,
            )
        except ValidationError as error:
            form = ContractForm(_as_post(saved), crcs=crcs)
            form.is_valid()
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
            return _contract_form_page(request, form)
        request.session.pop(SESSION_KEY, None)
        messages.success(request, _("Contract %(reference)s added") % {"reference": contract.reference})
        return redirect("supply_chain_contract", pk=contract.pk)
    return render(
        request,
        "supply_chain/contract_check.html",
        {
            "title": _("Check the contract before adding it"),
            "crc": crc,
            "organisation": organisation,
            "saved": saved,
            "value_text": pounds(saved["value"]),
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires("supply_chain.edit")
def service_add(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract(request.user, pk)
    if not selectors.can_edit(request.user, contract):
        raise Http404(access.NOT_FOUND_MESSAGE)
    form = ServiceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_service(
                contract=contract,
                pathway=data["pathway"],
                activity_code=data["activity_code"],
                prison=Prison.objects.get(code=data["prison"]),
                since=data["since"],
                until=data["until"],
                by=request.user,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, _("Service added to the register"))
            return redirect("supply_chain_contract", pk=contract.pk)
    errors = error_list(form) if form.is_bound else []
    return render(
        request,
        "supply_chain/service_form.html",
        {
            "title": _("Add a service"),
            "caption": f"{contract.organisation.name} – {contract.reference}",
            "contract": contract,
            "form": form,
            "errors": errors,
            "page_has_errors": bool(errors),
            "pathway_items": _select_items(
                cast(forms.ChoiceField, form.fields["pathway"]).choices, form["pathway"].value() or "", blank=_("Choose a pathway")
            ),
            "prison_items": _select_items(
                cast(forms.ChoiceField, form.fields["prison"]).choices, form["prison"].value() or "", blank=_("Choose a prison")
            ),
            "since": date_parts(form, "since"),
            "until": date_parts(form, "until"),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires("supply_chain.edit")
def service_end(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.service(request.user, pk)
    if not selectors.can_edit(request.user, row.contract):
        raise Http404(access.NOT_FOUND_MESSAGE)
    form = EndServiceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_service(service=row, until=form.cleaned_data["until"], reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, _("Service ended: it stays in the register's history"))
            return redirect("supply_chain_contract", pk=row.contract_id)
    errors = error_list(form) if form.is_bound else []
    return render(
        request,
        "supply_chain/service_end.html",
        {
            "title": _("End a service"),
            "caption": f"{row.contract.organisation.name} – {row.contract.reference}",
            "row": row,
            "form": form,
            "errors": errors,
            "page_has_errors": bool(errors),
            "until": date_parts(form, "until"),
        },
    )
