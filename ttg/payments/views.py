"""Payments pages: rate cards, buying, purchases, delivery, claims, funding, aged debt, exports.

Thin: each view names its action, checks its form, calls one selector or service and renders.
Every route is in tests/access_matrix.py.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ttg.accounts.constants import Role
from ttg.accounts.mfa import recent_authentication_required
from ttg.core import access, clock, db
from ttg.core.audit import Seen, record_view, record_views
from ttg.core.forms import date_parts, error_list
from ttg.core.rules import format_date, without_citations

from . import exports, rules, selectors, selectors_funding, services
from .access import is_national_purchaser
from .constants import UNPAID, ClaimStatus, PurchaserKind, PurchaseStatus
from .forms import (
    NATIONAL_KINDS,
    OFFICER_KINDS,
    BuyForm,
    DeliveryForm,
    DraftForm,
    ItemForm,
    PaidForm,
    PurchaseDecisionForm,
    RejectForm,
    VariationForm,
)
from .models import Purchase, RateCard
from .services import PaymentRefused

STATUS_TAGS = {
    ClaimStatus.DRAFT: "govuk-tag--grey",
    ClaimStatus.SUBMITTED: "govuk-tag--blue",
    ClaimStatus.APPROVED: "govuk-tag--turquoise",
    ClaimStatus.PAID: "govuk-tag--green",
    ClaimStatus.REJECTED: "govuk-tag--red",
}


def _refused(form: Any, refused: PaymentRefused) -> None:
    field = refused.field if refused.field in form.fields else None
    for reason in refused.words:
        form.add_error(field, reason)


def _pagination(page: Page, query: QueryDict) -> dict[str, Any] | None:
    """govukPagination parameters for a page of a list, keeping the rest of the query (what is shown)."""
    if page.paginator.num_pages < 2:
        return None
    base = query.copy()
    base.pop("page", None)

    def href(number: int) -> str:
        base["page"] = str(number)
        return f"?{base.urlencode()}"

    items = [
        {"number": number, "href": href(number), "current": number == page.number} if isinstance(number, int) else {"ellipsis": True}
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
    return {
        "previous": {"href": href(page.previous_page_number())} if page.has_previous() else None,
        "next": {"href": href(page.next_page_number())} if page.has_next() else None,
        "items": items,
    }


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    errors = context.get("errors") or []
    return render(request, f"payments/{template}", {"page_has_errors": bool(errors), "tags": STATUS_TAGS, **context})


# --- rate cards -----------------------------------------------------------------------------------


@require_GET
@access.requires("ratecard.view")
def rate_cards(request: HttpRequest) -> HttpResponse:
    cards = list(selectors.rate_cards(request.user))
    return _page(
        request,
        "rate_cards.html",
        {
            "title": _("Rate cards"),
            "cards": cards,
            "in_force": selectors.in_force_ids(cards, clock.today()),
            "can_edit": access.can(request.user, "ratecard.edit"),
        },
    )


@require_GET
@access.requires("ratecard.view")
def rate_card(request: HttpRequest, pk: int) -> HttpResponse:
    card = selectors.rate_card(request.user, pk)
    can_edit = access.can(request.user, "ratecard.edit") and request.user.crc_id == card.crc_id  # type: ignore[union-attr]
    return _page(
        request,
        "rate_card.html",
        {
            "title": _("%(crc)s rate card, version %(version)s") % {"crc": card.crc.name, "version": card.version},
            "card": card,
            "can_edit": can_edit,
        },
    )


def _own_draft(request: HttpRequest, pk: int) -> RateCard:
    card = selectors.rate_card(request.user, pk)
    if card.crc_id != request.user.crc_id:  # type: ignore[union-attr]
        raise PermissionDenied
    return card


@require_http_methods(["GET", "POST"])
@access.requires("ratecard.edit")
def rate_card_draft(request: HttpRequest) -> HttpResponse:
    form = DraftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            card = services.start_draft(crc=request.user.crc, in_force_from=form.cleaned_data["in_force_from"], by=request.user)  # type: ignore[union-attr,arg-type]
        except PaymentRefused as refused:
            _refused(form, refused)
        else:
            messages.success(request, _("Draft started from your current rate card: change it, then publish it"))
            return redirect("payments_rate_card", pk=card.pk)
    errors = error_list(form) if form.is_bound else []
    return _page(
        request,
        "rate_card_draft.html",
        {"title": _("Start a new rate card"), "form": form, "errors": errors, "in_force_from": date_parts(form, "in_force_from")},
    )


@require_http_methods(["GET", "POST"])
@access.requires("ratecard.edit")
def rate_card_item(request: HttpRequest, pk: int) -> HttpResponse:
    card = _own_draft(request, pk)
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_item(
                rate_card=card,
                title=data["title"],
                pathway=data["pathway"],
                unit=data["unit"],
                price_pence=data["price"],
                provider_organisation=data["provider_organisation"],
                partner_price_pence=data["partner_price"],
                by=request.user,
            )
        except PaymentRefused as refused:
            _refused(form, refused)
        else:
            messages.success(request, _("Service added to the draft rate card"))
            return redirect("payments_rate_card", pk=card.pk)
    errors = error_list(form) if form.is_bound else []
    return _page(request, "rate_card_item.html", {"title": _("Add a service"), "card": card, "form": form, "errors": errors})


@require_POST
@access.requires("ratecard.edit")
def rate_card_publish(request: HttpRequest, pk: int) -> HttpResponse:
    card = _own_draft(request, pk)
    try:
        services.publish(rate_card=card, by=request.user)
    except PaymentRefused as refused:
        messages.error(request, " ".join(refused.words))
    else:
        messages.success(
            request,
            _("Rate card published: purchasers can buy from it from %(day)s") % {"day": format_date(card.in_force_from)},
        )
    return redirect("payments_rate_card", pk=card.pk)


# --- buying ---------------------------------------------------------------------------------------

BUY_SESSION = "payments_buy"


def _buying_as(user: Any) -> list[tuple[str, Any]]:
    """The purchaser kinds this user may choose: HMPPS contract managers buy nationally."""
    return NATIONAL_KINDS if is_national_purchaser(user) else OFFICER_KINDS


def _items_for(user: Any) -> list[Any]:
    """What the user may buy: a contract manager, only from the rate cards of the CRCs they manage."""
    items = selectors.items_to_buy(user)
    if is_national_purchaser(user):
        managed = services.managed_crc_ids(user)
        items = [i for i in items if i.rate_card.crc_id in managed]
    return items


@require_http_methods(["GET", "POST"])
@access.requires("purchase.make")
def buy(request: HttpRequest) -> HttpResponse:
    items = _items_for(request.user)
    kinds = _buying_as(request.user)
    initial = request.session.get(BUY_SESSION) if request.method == "GET" else None
    form = BuyForm(request.POST or None, items=items, kinds=kinds, initial=initial or {"purchaser_kind": kinds[0][0]})
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["purchaser_kind"]
        period = selectors.case_to_buy_for(request.user, form.cleaned_data["prison_number"], kind)
        if period is None:  # the same words for a prison number nobody has and a case someone else holds (R-F2a)
            for reason in rules.case_held(purchaser_kind=kind, held=False, on=clock.today()).reasons:
                form.add_error("prison_number", reason)
        else:
            request.session[BUY_SESSION] = {
                "prison_number": form.cleaned_data["prison_number"],
                "item": form.cleaned_data["item"],
                "units": form.cleaned_data["units"],
                "purchaser_kind": form.cleaned_data["purchaser_kind"],
            }
            return redirect("payments_buy_check")
    errors = error_list(form) if form.is_bound else []
    return _page(
        request,
        "buy.html",
        {"title": _("Buy a Through the Gate service"), "form": form, "items": items, "errors": errors, "one_kind": len(kinds) == 1},
    )


@require_http_methods(["GET", "POST"])
@access.requires("purchase.make")
def buy_check(request: HttpRequest) -> HttpResponse:
    answers = request.session.get(BUY_SESSION)
    if not answers:
        return redirect("payments_buy")
    items = {i.pk: i for i in _items_for(request.user)}
    item = items.get(answers["item"])
    period = selectors.case_to_buy_for(request.user, answers["prison_number"], answers["purchaser_kind"])
    if item is None or period is None:
        return redirect("payments_buy")
    problems: tuple[str, ...] = ()
    if request.method == "POST":
        try:
            bought = services.make_purchase(
                by=request.user, custody_period=period, item=item, units=answers["units"], purchaser_kind=answers["purchaser_kind"]
            )
        except PaymentRefused as refused:
            problems = refused.words
        else:
            del request.session[BUY_SESSION]
            return redirect("payments_buy_done", reference=bought.reference)
    else:
        record_view(
            actor=request.user,
            obj=period.person,
            why=f"{request.user.get_role_display()} buying a Through the Gate service for a person leaving {period.current_prison.name}",  # type: ignore[union-attr]
            scope_crc=item.rate_card.crc,
        )
    designation = period.current_prison.designation_on(clock.today())
    return _page(
        request,
        "buy_check.html",
        {
            "title": _("Check your answers before buying"),
            "answers": answers,
            "item": item,
            "period": period,
            "resettlement": bool(designation and designation.resettlement),
            "value_pence": item.price_pence * answers["units"],
            "kind_label": dict(PurchaserKind.choices)[answers["purchaser_kind"]],
            "one_kind": len(_buying_as(request.user)) == 1,
            "problems": problems,
            "errors": [{"text": p, "href": "#problems"} for p in problems],
        },
    )


@require_GET
@access.requires("purchase.make")
def buy_done(request: HttpRequest, reference: str) -> HttpResponse:
    bought = selectors.purchase(request.user, reference)
    return _page(request, "buy_done.html", {"title": _("Service bought"), "purchase": bought})


# --- purchases and delivery -----------------------------------------------------------------------


@require_GET
@access.requires("purchase.view")
def purchases(request: HttpRequest) -> HttpResponse:
    shown = selectors.purchases_page(request.user, request.GET.get("page"))
    return _page(
        request,
        "purchases.html",
        {
            "title": _("Purchases"),
            "purchases": shown.object_list,
            "pagination": _pagination(shown, request.GET),
            "can_buy": access.can(request.user, "purchase.make"),
            "to_decide": selectors.variations_to_decide(request.user) if access.can(request.user, "variation.decide") else [],
            "requests": selectors.requests_to_decide(request.user) if access.can(request.user, "purchase.decide") else [],
        },
    )


def _why(user: Any, bought: Any) -> str:
    if user.role == Role.PARTNER_CASEWORKER:
        return f"Works for {bought.provider_organisation}, which provides this purchased service"
    if user.role == Role.RESPONSIBLE_OFFICER:
        return "Responsible officer for this purchase (their own or their division's)"
    if user.role == Role.CONTRACT_MANAGER:
        return f"Contract manager for {bought.provider_crc}"
    return f"Works for {bought.provider_crc}, which provides this purchased service"


def _purchase_page(
    request: HttpRequest,
    bought: Purchase,
    *,
    form: Any = None,
    errors: list[Any] | None = None,
    decision_errors: dict[int, str] | None = None,
    decide_form: Any = None,
) -> HttpResponse:
    """The purchase page: its authority, delivery (claimed, or held with the reason), the variations,
    and what this user may do there: decide it, when it was asked for and this user is its purchaser."""
    user = request.user
    live = bought.status not in ("cancelled", "refused")
    requested = bought.status == PurchaseStatus.REQUESTED
    funds = services.funded_referral(bought)  # delivered through that referral, never by hand here
    can_record = (
        access.can(user, "delivery.record") and bought.units_left > 0 and live and not requested and funds is None  # type: ignore[attr-defined]
    )
    limit = bought.units_authorised + bought.extra_units  # type: ignore[attr-defined]
    held = {
        d.pk: without_citations(
            rules.unfunded_words(
                d.unfunded_reason,
                reference=bought.reference,
                purchaser=bought.purchaser_name,
                covers_from=bought.covers_from,
                limit=limit,
                on=clock.today(),
                decision_reason=bought.decision_reason,
            )
        )
        for d in bought.deliveries.all()
        if d.withdrawn_at is None and d.unfunded_reason
    }
    return _page(
        request,
        "purchase.html",
        {
            "title": _("Purchase %(reference)s") % {"reference": bought.reference},
            "purchase": bought,
            "can_record": can_record or form is not None,
            "funds_referral": funds,
            "held": held,
            "can_decide_purchase": requested and access.can(user, "purchase.decide") and services.is_purchase_decider(user, bought),
            "decide_form": decide_form or PurchaseDecisionForm(),
            "asked": [u.get_full_name() for u in services.asked(bought)] if requested else [],
            "can_request": live and not requested and access.can(user, "variation.request") and services.is_provider(user, bought),
            "can_decide": access.can(user, "variation.decide") and services.is_purchaser(user, bought),
            "form": form or DeliveryForm(initial={"token": secrets.token_urlsafe(16), "units": 1}),
            "errors": errors or [],
            "decision_errors": decision_errors or {},
            "delivered_on": date_parts(form, "delivered_on") if form is not None else ["", "", ""],
        },
    )


@require_GET
@access.requires("purchase.view")
def purchase(request: HttpRequest, reference: str) -> HttpResponse:
    bought = selectors.purchase(request.user, reference)
    record_view(actor=request.user, obj=bought.person, why=_why(request.user, bought), scope_crc=bought.provider_crc)
    return _purchase_page(request, bought)


@require_POST
@access.requires("delivery.record")
def record_delivery(request: HttpRequest, reference: str) -> HttpResponse:
    bought = selectors.purchase(request.user, reference)
    form = DeliveryForm(request.POST)
    if form.is_valid():
        try:
            services.refuse_manual_delivery(bought)
            recorded = services.record_delivery(
                purchase=bought,
                source_key=f"payments.form:{form.cleaned_data['token']}",
                units=form.cleaned_data["units"],
                on=form.cleaned_data["delivered_on"],
                by=request.user,
            )
        except PaymentRefused as refused:
            _refused(form, refused)
        else:
            if recorded.created:
                messages.success(request, _("Delivery recorded and added to this month's claim"))
            else:
                messages.success(request, _("This delivery was already recorded: it is claimed once"))
            return redirect("payments_purchase", reference=bought.reference)
    return _purchase_page(request, bought, form=form, errors=error_list(form))


# --- variations: more units, asked for by the provider, decided by the purchaser -------------------


@require_http_methods(["GET", "POST"])
@access.requires("variation.request")
def variation_request(request: HttpRequest, reference: str) -> HttpResponse:
    bought = selectors.purchase(request.user, reference)
    if not services.is_provider(request.user, bought):
        raise Http404(access.NOT_FOUND_MESSAGE)
    if bought.status == "cancelled":
        messages.error(request, _("This purchase was cancelled: more units cannot be asked for."))
        return redirect("payments_purchase", reference=bought.reference)
    form = VariationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_variation(
                purchase=bought, extra_units=form.cleaned_data["extra_units"], reason=form.cleaned_data["reason"], by=request.user
            )
        except PaymentRefused as refused:
            _refused(form, refused)
        else:
            messages.success(request, _("More units requested: the purchaser has been told"))
            return redirect("payments_purchase", reference=bought.reference)
    errors = error_list(form) if form.is_bound else []
    return _page(
        request,
        "variation_request.html",
        {"title": _("Request more units"), "purchase": bought, "form": form, "errors": errors},
    )


@require_POST
@access.requires("variation.decide")
def variation_decide(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    bought = selectors.purchase(request.user, reference)
    variation = next((v for v in bought.variations.all() if v.pk == pk), None)
    if variation is None or not services.is_purchaser(request.user, bought):
        raise Http404(access.NOT_FOUND_MESSAGE)
    decision = request.POST.get("decision", "")
    problem = ""
    if decision not in ("approve", "refuse"):
        problem = _("Select whether to approve or refuse the extra units")
    else:
        try:
            decided = services.decide_variation(variation=variation, approve=decision == "approve", by=request.user)
        except PaymentRefused as refused:
            problem = " ".join(refused.words)
        else:
            done = _("%(n)s more units approved") if decided.status == "approved" else _("Request for %(n)s more units refused")
            messages.success(request, done % {"n": decided.extra_units})
            return redirect("payments_purchase", reference=bought.reference)
    fresh = selectors.purchase(request.user, reference)
    errors = [{"text": problem, "href": f"#decision-{pk}"}]
    return _purchase_page(request, fresh, errors=errors, decision_errors={pk: problem})


# --- purchases asked for when a referral was sent: the purchaser authorises or refuses -------------


@require_POST
@access.requires("purchase.decide")
def purchase_decide(request: HttpRequest, reference: str) -> HttpResponse:
    bought = selectors.purchase(request.user, reference)
    if not services.is_purchase_decider(request.user, bought):
        raise Http404(access.NOT_FOUND_MESSAGE)
    form = PurchaseDecisionForm(request.POST)
    if form.is_valid():
        try:
            decided = services.decide_purchase(
                purchase=bought, approve=form.cleaned_data["decision"] == "authorise", reason=form.cleaned_data["reason"], by=request.user
            )
        except PaymentRefused as refused:
            _refused(form, refused)
        else:
            if decided.status == PurchaseStatus.AUTHORISED:
                messages.success(
                    request,
                    _("Purchase %(ref)s authorised: the work recorded since it was asked for is claimed") % {"ref": decided.reference},
                )
            else:
                messages.success(
                    request, _("Purchase %(ref)s refused: the provider and the referrer have been told") % {"ref": decided.reference}
                )
            return redirect("payments_purchase", reference=bought.reference)
    fresh = selectors.purchase(request.user, reference)
    return _purchase_page(request, fresh, errors=error_list(form), decide_form=form)


# --- claims ---------------------------------------------------------------------------------------


@require_GET
@access.requires("claim.view")
def claims(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "")
    statuses = {"due": UNPAID, "to_approve": (ClaimStatus.SUBMITTED,), "paid": (ClaimStatus.PAID,)}.get(show)
    shown = selectors.claims_page(request.user, request.GET.get("page"), statuses=statuses)
    rows = shown.object_list
    user = request.user
    return _page(
        request,
        "claims.html",
        {
            "title": _("Claims"),
            "claims": rows,
            "pagination": _pagination(shown, request.GET),
            "show": show,
            "today": clock.today(),
            "party": services.parties(user, rows),
        },
    )


@require_GET
@access.requires("claim.view")
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.claim(request.user, pk)
    who = services.party(request.user, found)
    return _page(
        request,
        "claim.html",
        {
            "title": _("Claim %(pk)s") % {"pk": found.pk},
            "claim": found,
            "who": who,
            "today": clock.today(),
            "can_submit": who == "claimant"
            and found.status in (ClaimStatus.DRAFT, ClaimStatus.REJECTED)
            and access.can(request.user, "claim.submit"),
            "can_approve": who == "payer" and found.status == ClaimStatus.SUBMITTED and access.can(request.user, "claim.approve"),
            "can_pay": who == "payer" and found.status == ClaimStatus.APPROVED and access.can(request.user, "claim.mark_paid"),
        },
    )


def _claim_move(request: HttpRequest, pk: int, move: Any, done: str, *, party: str) -> HttpResponse:
    found = selectors.claim(request.user, pk)
    if services.party(request.user, found) != party:
        raise Http404(access.NOT_FOUND_MESSAGE)
    try:
        move(found)
    except PaymentRefused as refused:
        messages.error(request, " ".join(refused.words))
    else:
        messages.success(request, done)
    return redirect("payments_claim", pk=found.pk)


@require_POST
@access.requires("claim.submit")
def claim_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _claim_move(request, pk, lambda c: services.submit_claim(claim=c, by=request.user), _("Claim submitted"), party="claimant")


@require_POST
@access.requires("claim.approve")
def claim_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _claim_move(
        request, pk, lambda c: services.approve_claim(claim=c, by=request.user), _("Claim approved for payment"), party="payer"
    )


@require_http_methods(["GET", "POST"])
@access.requires("claim.approve")
def claim_reject(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.claim(request.user, pk)
    if services.party(request.user, found) != "payer":
        raise Http404(access.NOT_FOUND_MESSAGE)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reject_claim(claim=found, reason=form.cleaned_data["reason"], by=request.user)
        except PaymentRefused as refused:
            _refused(form, refused)
        else:
            messages.success(request, _("Claim rejected: the claimant sees your reason"))
            return redirect("payments_claim", pk=found.pk)
    errors = error_list(form) if form.is_bound else []
    return _page(
        request, "claim_reject.html", {"title": _("Reject claim %(pk)s") % {"pk": found.pk}, "claim": found, "form": form, "errors": errors}
    )


@require_http_methods(["GET", "POST"])
@access.requires("claim.mark_paid")
def claim_paid(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.claim(request.user, pk)
    if services.party(request.user, found) != "payer":
        raise Http404(access.NOT_FOUND_MESSAGE)
    form = PaidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mark_paid(
                claim=found, paid_on=form.cleaned_data["paid_on"], reference=form.cleaned_data["payment_reference"], by=request.user
            )
        except PaymentRefused as refused:
            _refused(form, refused)
        else:
            messages.success(request, _("Claim marked as paid"))
            return redirect("payments_claim", pk=found.pk)
    errors = error_list(form) if form.is_bound else []
    return _page(
        request,
        "claim_paid.html",
        {
            "title": _("Record payment of claim %(pk)s") % {"pk": found.pk},
            "claim": found,
            "form": form,
            "errors": errors,
            "paid_on": date_parts(form, "paid_on"),
        },
    )


@require_GET
@access.requires("claim.view")
@db.reporting()
def aged_debt(request: HttpRequest) -> HttpResponse:
    debt = selectors.aged_debt(request.user, threshold_days=settings.TTG_CLAIM_ESCALATION_DAYS, page=request.GET.get("page") or 1)
    assert debt.page is not None
    return _page(
        request,
        "aged_debt.html",
        {"title": _("Aged debt: unpaid claims"), "debt": debt, "pagination": _pagination(debt.page, request.GET), "column": "full"},
    )


@require_GET
@access.requires("claim.view")
def escalations(request: HttpRequest) -> HttpResponse:
    shown = selectors.page_of(selectors.escalations(request.user), request.GET.get("page"))
    return _page(
        request,
        "escalations.html",
        {
            "title": _("Escalations: claims unpaid too long"),
            "escalations": shown.object_list,
            "today": clock.today(),
            "pagination": _pagination(shown, request.GET),
            "column": "full",
        },
    )


# --- funding --------------------------------------------------------------------------------------


@require_GET
@access.requires("funding.view")
@db.reporting()
def funding(request: HttpRequest) -> HttpResponse:

    year = selectors_funding.year_from(request.GET.get("year"))
    return _page(
        request,
        "funding.html",
        {
            "title": _("Funding and spend"),
            "budgets": selectors.spend_against_allocation(request.user),
            "costs": selectors.cost_by_crc_and_prison(request.user),
            "activities": selectors.cost_by_activity(request.user),
            "share": selectors.sector_share(request.user),
            "subsidy": selectors_funding.subsidy(request.user, year_starting=year),
            "held": selectors.unfunded_deliveries(request.user, year_starting=year),
            "can_edit_budgets": access.can(request.user, "budget.edit"),
            "column": "full",
        },
    )


# --- exports --------------------------------------------------------------------------------------


def _fmt(fmt: str) -> str:
    if fmt not in ("csv", "xlsx"):
        raise Http404(access.NOT_FOUND_MESSAGE)
    return fmt


@require_GET
@access.requires("claim.view")
@recent_authentication_required  # a bulk export of people's records (ASVS V4.3.3)
@db.reporting()
def claims_export(request: HttpRequest, fmt: str) -> HttpResponse:
    fmt = _fmt(fmt)
    response = exports.respond(exports.claim_rows(request.user), "claims", fmt)
    # Each line names a purchase for a person: the export is a disclosure of each of them (DPA 2018 s.62).
    why = f"{request.user.get_role_display()} exporting claims ({fmt.upper()}): a line of a claim they may see is for this person"  # type: ignore[union-attr]
    record_views(
        actor=request.user,
        seen=[Seen("people.Person", person_id, crc_id, why) for person_id, crc_id in selectors.people_in_claims_export(request.user)],
    )
    return response


@require_GET
@access.requires("funding.view")
@recent_authentication_required  # a bulk export (ASVS V4.3.3)
@db.reporting()
def spend_export(request: HttpRequest, fmt: str) -> HttpResponse:

    year = selectors_funding.year_from(request.GET.get("year"))
    return exports.respond_sections(exports.spend_sections(request.user, year_starting=year), "spend", _fmt(fmt))
