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

from . import rules, selectors, services
from .forms import ContractForm, EndServiceForm, ServiceForm, SharingAgreementForm
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
            "can_see_agreements": access.can(request.user, "sharing_agreement.view"),
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


# --------------------------------------------------------------------------------------------------
# Information-sharing agreements (U3, rule R-R5)
# --------------------------------------------------------------------------------------------------

AGREEMENT_SESSION_KEY = "supply_chain_sharing_agreement"


def _agreement_status(agreement: Any, today: date) -> str:
    if agreement.valid_from > today:
        return "later"
    return "in_force" if agreement.in_force(today) else "ended"


@require_GET
@access.requires("sharing_agreement.view")
def sharing_agreements(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    agreements = list(selectors.sharing_agreements(request.user))
    return render(
        request,
        "supply_chain/sharing_agreements.html",
        {
            "title": _("Information-sharing agreements"),
            "agreements": [(a, _agreement_status(a, today)) for a in agreements],
            "category_words": {c: _(words) for c, words in rules.CATEGORY_WORDS.items()},
            "can_add": selectors.sharing_editable_crcs(request.user).exists() or selectors.can_record_for_nps(request.user),
        },
    )


@require_GET
@access.requires("sharing_agreement.view")
def sharing_agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.sharing_agreement(request.user, pk)
    return render(
        request,
        "supply_chain/sharing_agreement.html",
        {
            "title": _("Information-sharing agreement %(reference)s") % {"reference": agreement.reference},
            "agreement": agreement,
            "status": _agreement_status(agreement, clock.today()),
        },
    )


def _agreement_form(request: HttpRequest, data: Any = None, initial: dict[str, Any] | None = None) -> SharingAgreementForm:
    return SharingAgreementForm(
        data,
        initial=initial,
        crcs=selectors.sharing_editable_crcs(request.user),
        nps=selectors.can_record_for_nps(request.user),
    )


def _agreement_form_page(request: HttpRequest, form: SharingAgreementForm) -> HttpResponse:
    errors = error_list(form) if form.is_bound else []
    chosen = form["categories"].value() or []
    return render(
        request,
        "supply_chain/sharing_agreement_form.html",
        {
            "title": _("Record an information-sharing agreement"),
            "form": form,
            "errors": errors,
            "page_has_errors": bool(errors),
            "crc_items": _select_items(
                cast(forms.ChoiceField, form.fields["crc"]).choices, form["crc"].value() or "", blank=_("Choose who discloses")
            ),
            "organisation_items": _select_items(
                cast(forms.ChoiceField, form.fields["organisation"]).choices,
                str(form["organisation"].value() or ""),
                blank=_("Choose an organisation"),
            ),
            "category_items": [{"value": c, "text": _(t), "checked": c in chosen} for c, t in rules.CATEGORIES.items()],
            "valid_from": date_parts(form, "valid_from"),
            "valid_until": date_parts(form, "valid_until"),
        },
    )


def _agreement_as_post(saved: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {k: v for k, v in saved.items() if k not in ("valid_from", "valid_until")}
    for name in ("valid_from", "valid_until"):
        day = date.fromisoformat(saved[name]) if saved[name] else None
        for i, part in enumerate((day.day, day.month, day.year) if day else ("", "", "")):
            data[f"{name}_{i}"] = str(part)
    return data


@require_http_methods(["GET", "POST"])
@access.requires("sharing_agreement.edit")
def sharing_agreement_add(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = _agreement_form(request, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            request.session[AGREEMENT_SESSION_KEY] = {
                "crc": data["crc"],
                "organisation": data["organisation"],
                "reference": data["reference"],
                "purpose": data["purpose"],
                "lawful_basis": data["lawful_basis"],
                "categories": list(data["categories"]),
                "valid_from": data["valid_from"].isoformat(),
                "valid_until": data["valid_until"].isoformat() if data["valid_until"] else None,
                "signed_copy_reference": data["signed_copy_reference"],
            }
            return redirect("sharing_agreement_check")
        return _agreement_form_page(request, form)
    saved = request.session.get(AGREEMENT_SESSION_KEY)
    if saved:  # changing an answer from the check page: the form shows what was typed
        form = _agreement_form(request, _agreement_as_post(saved))
        form.is_valid()
        return _agreement_form_page(request, form)
    crcs = selectors.sharing_editable_crcs(request.user)
    initial = {"crc": crcs[0].code} if crcs.count() == 1 and not selectors.can_record_for_nps(request.user) else {}
    return _agreement_form_page(request, _agreement_form(request, initial=initial))


@require_http_methods(["GET", "POST"])
@access.requires("sharing_agreement.edit")
def sharing_agreement_check(request: HttpRequest) -> HttpResponse:
    saved = request.session.get(AGREEMENT_SESSION_KEY)
    if not saved:
        return redirect("sharing_agreement_add")
    form = _agreement_form(request, _agreement_as_post(saved))
    if not form.is_valid():  # what was saved is no longer allowed (a CRC, an organisation): start again
        request.session.pop(AGREEMENT_SESSION_KEY, None)
        raise Http404(access.NOT_FOUND_MESSAGE)
    crc, organisation = form.crc_object(), form.organisation_object()
    valid_from = date.fromisoformat(saved["valid_from"])
    valid_until = date.fromisoformat(saved["valid_until"]) if saved["valid_until"] else None
    if request.method == "POST":
        try:
            agreement = services.record_agreement(
                crc=crc,
                organisation=organisation,
                reference=saved["reference"],
                purpose=saved["purpose"],
                lawful_basis=saved["lawful_basis"],
                categories=saved["categories"],
                valid_from=valid_from,
                valid_until=valid_until,
                signed_copy_reference=saved["signed_copy_reference"],
                by=request.user,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
            return _agreement_form_page(request, form)
        request.session.pop(AGREEMENT_SESSION_KEY, None)
        messages.success(request, _("Information-sharing agreement %(reference)s recorded") % {"reference": agreement.reference})
        return redirect("sharing_agreement", pk=agreement.pk)
    return render(
        request,
        "supply_chain/sharing_agreement_check.html",
        {
            "title": _("Check the agreement before recording it"),
            "discloser": crc.name if crc is not None else _(rules.NPS),
            "organisation": organisation,
            "saved": saved,
            "categories": [_(rules.CATEGORIES[c]) for c in rules.CATEGORIES if c in saved["categories"]],
            "valid_from": valid_from,
            "valid_until": valid_until,
        },
    )
