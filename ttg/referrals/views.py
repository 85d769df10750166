"""The referrer's pages: refer a plan activity to a partner organisation (a question-per-page journey
ending in check your answers), see the referral's progress, add case notes, withdraw it; and the
contract manager's counts.

Thin: what the user may see comes from the access kernel and the selectors; every write is a service.
The journey keeps its answers in the session until "Send referral".
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ttg.core import access, clock
from ttg.core.formatting import govuk_date
from ttg.core.forms import error_list
from ttg.core.rules import without_citations
from ttg.estate.models import Organisation
from ttg.payments.money import format_pence
from ttg.people import records
from ttg.plans.plan.models import PlanActivity
from ttg.supply_chain import rules as sharing_rules
from ttg.supply_chain import selectors as supply_chain_selectors

from . import disclosures, forms, prefill, rules, selectors, services
from .models import DesiredOutcome

STEPS = ("organisation", "need", "share", "consent", "funding", "check")
STATUS_TAGS = {
    rules.SENT: "govuk-tag--blue",
    rules.ACCEPTED: "govuk-tag--turquoise",
    rules.IN_PROGRESS: "govuk-tag--light-blue",
    rules.COMPLETED: "govuk-tag--green",
    rules.DECLINED: "govuk-tag--orange",
    rules.WITHDRAWN: "govuk-tag--grey",
    rules.CANCELLED: "govuk-tag--red",
}


def pagination(page: Page, query: QueryDict) -> dict[str, Any] | None:
    """govukPagination parameters for a page of a list, keeping the rest of the query (a tab)."""
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


def _journey(request: HttpRequest, activity: PlanActivity) -> dict[str, Any]:
    return request.session.setdefault(f"referral:{activity.pk}", {})  # type: ignore[no-any-return]


def _organisations() -> list[Organisation]:
    return list(Organisation.objects.prefetch_related("specialisms").order_by("name"))


def _outcomes(activity: PlanActivity) -> list[DesiredOutcome]:
    return list(services.offered_outcomes(activity.pathway, clock.today()).order_by("pathway", "order", "id"))


def _preview(period: Any, answers: dict[str, Any], activity: PlanActivity, chosen_outcomes: list[DesiredOutcome]) -> list[dict[str, Any]]:
    """Exactly what the partner will see about the person, by category of data (rule R-R5): each
    category shared, with its fields and their values."""
    values = services.shareable_values(period)
    shared = answers.get("shared", [])
    groups: dict[str, list[tuple[str, str]]] = {c: [] for c in sharing_rules.CATEGORIES}
    for key, label in rules.SHAREABLE.items():
        if key in shared:
            groups[rules.CATEGORY_OF[key]].append((_(label), _shown(key, values[key])))
    groups[sharing_rules.NEEDS] = [
        (_("Activity"), activity.title),
        (_("Need"), answers.get("need", "")),
        (_("Desired outcomes"), "; ".join(o.text for o in chosen_outcomes)),
    ]
    if answers.get("partner_needs_to_know"):
        groups[sharing_rules.FURTHER].append((_("What the organisation needs to know"), answers["partner_needs_to_know"]))
    return [{"category": c, "label": _(sharing_rules.CATEGORIES[c]), "rows": rows} for c, rows in groups.items() if rows]


def _sharing(request: HttpRequest, answers: dict[str, Any], organisation: Organisation | None, crc: Any) -> dict[str, Any] | None:
    """Under which information-sharing agreement the referral would be sent, or what is missing (R-R5)."""
    if organisation is None:
        return None
    categories = rules.categories_shared(answers.get("shared", []), partner_needs_to_know=answers.get("partner_needs_to_know", ""))
    discloser = crc if crc is not None else getattr(request.user, "crc", None)
    coverage = services.sharing_coverage(discloser=discloser, organisation=organisation, categories=categories, on=clock.today())
    named = supply_chain_selectors.agreements_by_reference(coverage.value.under)
    return {
        "covered": coverage.value.covered,
        "reasons": [without_citations(r) for r in coverage.reasons],
        "missing": sharing_rules.category_words(coverage.value.missing),
        "agreements": [
            (named[r], sharing_rules.category_words(c for c in categories if c in named[r].categories))
            for r in coverage.value.under
            if r in named
        ],
    }


def _shown(key: str, value: str) -> str:
    if key == "release_date" and value:
        return govuk_date(date.fromisoformat(value))
    return value or _("Not recorded")


@require_http_methods(["GET", "POST"])
@access.requires("referral.make")
def referral_new(request: HttpRequest, prison_number: str, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404(access.NOT_FOUND_MESSAGE)
    person, period = records.in_custody(request.user, prison_number, log=request.method == "GET" and step == "organisation")
    activity = access.get_for(
        request.user, PlanActivity.objects.select_related("plan"), action="referral.make", pk=pk, plan__custody_period=period
    )
    answers = _journey(request, activity)
    base = {"prison_number": person.prison_number, "pk": activity.pk}
    organisations = _organisations()
    outcomes = _outcomes(activity)
    # A later step needs the earlier answers: send the user back to the first one missing.
    for earlier in STEPS[: STEPS.index(step)]:
        if not answers.get(f"done_{earlier}"):
            return redirect(reverse("referral_new", kwargs={**base, "step": earlier}))
    held = prefill.prefill(request.user, activity) if step in PREFILLED_STEPS else prefill.EMPTY
    crc, prison = period.current_prison.crc if period.current_prison else None, period.current_prison
    suggested = _suggested_funding(answers, organisations, activity, crc, prison) if step == "funding" else ""
    initial = initial_answers(step, answers, held, suggested_funding=suggested)
    data = request.POST if request.method == "POST" else None
    form: Any
    if step == "organisation":
        form = forms.OrganisationForm(data, organisations=organisations, initial=initial)
    elif step == "need":
        form = forms.NeedForm(data, outcomes=outcomes, initial=initial)
    elif step == "share":
        form = forms.ShareForm(data, initial=initial)
    elif step == "consent":
        form = forms.ConsentForm(data, initial=initial)
    elif step == "funding":
        form = forms.FundingForm(data, services=_services(answers, organisations, period), initial=initial)
    else:
        form = None
    if request.method == "POST":
        if step == "check":
            return _send(request, activity, answers, base)
        assert form is not None
        if form.is_valid():
            cleaned = form.cleaned_data
            for key, value in cleaned.items():
                answers[key] = value.isoformat() if isinstance(value, date) else value
            answers[f"done_{step}"] = True
            request.session.modified = True
            following = STEPS[STEPS.index(step) + 1]
            if answers.get("done_funding") and step != "funding":
                following = "check"  # changing an answer from check your answers goes back there
            return redirect(reverse("referral_new", kwargs={**base, "step": following}))
    chosen = next((o for o in organisations if str(o.pk) == str(answers.get("organisation"))), None)
    chosen_outcomes = [o for o in outcomes if str(o.pk) in (answers.get("desired_outcomes") or [])]
    supply_chain_words = {
        str(o.pk): _("In your CRC's supply chain")
        if services.lookup_in_supply_chain(organisation=o, crc=crc, pathway=activity.pathway, prison=prison, on=clock.today())
        else _("Outside your CRC's supply chain")
        for o in organisations
    }
    refused: list[dict[str, str]] = []
    if step == "check":
        answers.setdefault("token", uuid.uuid4().hex)
        # Why the last attempt to send was refused: shown once, in the error summary.
        problem = answers.pop("refused", None)
        if problem:
            refused = [{"text": problem["text"], "href": "#sharing" if problem["field"] == "shared" else "#referral"}]
        request.session.modified = True
    context = {
        "title": _step_title(step),
        "caption": _("Refer %(activity)s") % {"activity": activity.title},
        "person": person,
        "activity": activity,
        "step": step,
        "form": form,
        "errors": error_list(form) if form is not None and form.errors else refused,
        "page_has_errors": bool(refused) or bool(form is not None and form.errors),
        "answers": answers,
        "organisation": chosen,
        "chosen_outcomes": chosen_outcomes,
        "preview": _preview(period, answers, activity, chosen_outcomes) if step == "check" else [],
        "sharing": _sharing(request, answers, chosen, crc) if step == "check" else None,
        "shareable_values": {k: _shown(k, v) for k, v in services.shareable_values(period).items()},
        "organisation_hints": {str(o.pk): f"{supply_chain_words[str(o.pk)]}. " + _specialisms(o) for o in organisations},
        "supply_chain_words": supply_chain_words,
        "funding_hints": {k: str(v) for k, v in forms.FUNDING_HINTS.items()},
        "funding_words": _funding_words(answers, organisations, period),
        "service_hints": {str(i.pk): _service_words(i) for i in _services(answers, organisations, period)},
        "crc": crc,
        "consent_on_words": _shown("release_date", answers.get("consent_on", "")),
        "held": held,
        "held_consent_kept": _held_consent_kept(answers, held),
        "prefilled": _prefilled(step, answers, held, suggested),
        "back": reverse("referral_new", kwargs={**base, "step": STEPS[STEPS.index(step) - 1]})
        if step != "organisation"
        else _back_to_plan(activity, person.prison_number),
        "change": {s: reverse("referral_new", kwargs={**base, "step": s}) for s in STEPS},
    }
    return render(request, "referrals/new.html", context)


def _back_to_plan(activity: PlanActivity, prison_number: str) -> str:
    """Where the journey starts from: the resettlement plan's activity, or the release plan (R-F2b)."""
    if activity.plan.is_release_plan:
        return reverse("release_plan", kwargs={"prison_number": prison_number})
    return reverse("plan_activity", kwargs={"prison_number": prison_number, "pk": activity.pk})


# Never ask twice (issue 23): the steps whose answers start from what the service already holds.
PREFILLED_STEPS = ("organisation", "need", "consent", "check")
# The fields a caseworker fills to refer someone, step by step: those without an initial value are
# what they type or choose (counted in docs/referrals.md, "Never ask twice").
JOURNEY_FIELDS: dict[str, tuple[str, ...]] = {
    "organisation": ("organisation",),
    "need": ("need", "desired_outcomes"),
    "share": ("shared",),
    "consent": ("consent_given", "consent_on"),
    "funding": ("funding",),
}


def initial_answers(step: str, answers: dict[str, Any], held: prefill.Prefill, *, suggested_funding: str = "") -> dict[str, Any]:
    """The initial values of a step's form: the caseworker's own answer when they gave one (a correction
    is kept), else what the service already holds (`prefill`), else the house default."""
    if step == "organisation":
        return {"organisation": answers.get("organisation") or (str(held.organisation) if held.organisation else None)}
    if step == "need":
        return {
            "need": answers.get("need") or held.need or None,
            "desired_outcomes": answers.get("desired_outcomes") or list(held.desired_outcomes),
        }
    if step == "share":
        return {
            "shared": answers.get("shared", ["first_name", "last_name", "prison_number"]),
            "partner_needs_to_know": answers.get("partner_needs_to_know"),
        }
    if step == "consent":
        if answers.get("consent_given"):
            on = answers.get("consent_on")
            return {"consent_given": answers["consent_given"], "consent_on": date.fromisoformat(on) if on else None}
        if held.consent is not None and held.consent.given:
            return {"consent_given": "yes", "consent_on": held.consent.on}
        return {"consent_given": None, "consent_on": None}
    if step == "funding":
        initial = {k: answers.get(k) for k in ("funding", "purchase", "service", "units")}
        initial["funding"] = initial["funding"] or suggested_funding or None
        return initial
    return {}


def _suggested_funding(answers: dict[str, Any], organisations: list[Organisation], activity: PlanActivity, crc: Any, prison: Any) -> str:
    """The supply-chain contract, when the chosen organisation is in the CRC's supply chain for the activity."""
    chosen = next((o for o in organisations if str(o.pk) == str(answers.get("organisation"))), None)
    if chosen is None or crc is None:
        return ""
    in_chain = services.lookup_in_supply_chain(organisation=chosen, crc=crc, pathway=activity.pathway, prison=prison, on=clock.today())
    return rules.SUPPLY_CHAIN if in_chain else ""


def _held_consent_kept(answers: dict[str, Any], held: prefill.Prefill) -> bool:
    """Whether the consent answered is the one already held (same date), so check your answers names it."""
    consent = held.consent
    return bool(consent and consent.given and answers.get("consent_given") == "yes" and answers.get("consent_on") == consent.on.isoformat())


def _prefilled(step: str, answers: dict[str, Any], held: prefill.Prefill, suggested: str) -> bool:
    """Whether the step's form arrives filled from what the service holds (to say so on the page)."""
    if step == "organisation":
        return not answers.get("organisation") and held.organisation is not None
    if step == "need":
        return not answers.get("need") and bool(held.need)
    if step == "consent":
        return not answers.get("consent_given") and held.consent is not None and held.consent.given
    if step == "funding":
        return not answers.get("funding") and bool(suggested)
    return False


def _services(answers: dict[str, Any], organisations: list[Organisation], period: Any) -> list[Any]:
    """The chosen organisation's services on the rate card in force of the CRC serving the person's prison."""
    chosen = next((o for o in organisations if str(o.pk) == str(answers.get("organisation"))), None)
    prison = period.current_prison
    if chosen is None or prison is None:
        return []
    return services.services_to_ask_for(organisation=chosen, crc=prison.crc, on=clock.today())


def _service_words(item: Any) -> str:
    """ "£80.00 per session attended" — what the CRC pays its partner (R-F2: a CRC buys from its partner)."""
    return f"{format_pence(item.subcontract_price_pence)} {item.get_unit_display()}"


def _funding_words(answers: dict[str, Any], organisations: list[Organisation], period: Any) -> str:
    """The funding as check your answers says it: the route, and the purchase named or asked for."""
    words = rules.funding_words(answers.get("funding", ""))
    if answers.get("funding") != rules.RATE_CARD:
        return words
    if answers.get("purchase"):
        return _("Rate-card purchase %(ref)s") % {"ref": answers["purchase"]}
    item = next((i for i in _services(answers, organisations, period) if str(i.pk) == str(answers.get("service"))), None)
    if item is None:
        return words
    crc = period.current_prison.crc if period.current_prison else None
    return _("Rate-card purchase asked of %(crc)s: %(units)s × %(title)s (%(price)s)") % {
        "crc": crc.name if crc else "",
        "units": answers.get("units"),
        "title": item.title,
        "price": _service_words(item),
    }


def _specialisms(organisation: Organisation) -> str:
    names = [s.name for s in organisation.specialisms.all()]
    return _("Specialises in: %(s)s") % {"s": ", ".join(names)} if names else _("No specialisms recorded")


def _step_title(step: str) -> str:
    return {
        "organisation": _("Choose an organisation"),
        "need": _("The need and desired outcomes"),
        "share": _("What the organisation will see"),
        "consent": _("The person's consent"),
        "funding": _("How the work is funded"),
        "check": _("Check your answers before sending the referral"),
    }[step]


def _send(request: HttpRequest, activity: PlanActivity, answers: dict[str, Any], base: dict[str, Any]) -> HttpResponse:
    organisation = access.get_for(request.user, Organisation, pk=answers.get("organisation"))
    chosen = list(DesiredOutcome.objects.filter(pk__in=answers.get("desired_outcomes") or []))
    try:
        referral = services.send(
            activity=activity,
            organisation=organisation,
            need=answers.get("need", ""),
            desired_outcomes=chosen,
            shared=answers.get("shared", []),
            partner_needs_to_know=answers.get("partner_needs_to_know", ""),
            consent_given={"yes": True, "no": False}.get(answers.get("consent_given", "")),
            consent_on=date.fromisoformat(answers["consent_on"]) if answers.get("consent_on") else None,
            funding=answers.get("funding", ""),
            purchase=services.purchase_by_reference(answers.get("purchase", "")) if answers.get("funding") == rules.RATE_CARD else None,
            service=_chosen_service(answers, activity),
            units=answers.get("units") or None,
            by=request.user,
            idempotency_key=answers.get("token"),
        )
    except services.ReferralError as problem:
        _journey(request, activity)["refused"] = {"text": problem.message, "field": problem.field}
        request.session.modified = True
        return redirect(reverse("referral_new", kwargs={**base, "step": "check"}))
    request.session.pop(f"referral:{activity.pk}", None)
    if referral.awaiting_purchase:
        messages.success(
            request,
            _("Referral sent to %(org)s. %(who)s has been asked to authorise purchase %(ref)s.")
            % {"org": organisation.name, "who": referral.purchase.purchaser_name, "ref": referral.purchase.reference},  # type: ignore[union-attr]
        )
        return redirect("referral_detail", pk=referral.pk)
    messages.success(request, _("Referral sent to %(org)s") % {"org": organisation.name})
    return redirect("referral_detail", pk=referral.pk)


def _chosen_service(answers: dict[str, Any], activity: PlanActivity) -> Any:
    """The rate-card service the referrer chose to ask for, or None."""
    if answers.get("funding") != rules.RATE_CARD or not answers.get("service") or answers.get("purchase"):
        return None
    organisation = Organisation.objects.filter(pk=answers.get("organisation") or 0).first()
    prison = activity.plan.custody_period.current_prison
    if organisation is None or prison is None:
        return None
    offered = services.services_to_ask_for(organisation=organisation, crc=prison.crc, on=clock.today())
    return next((i for i in offered if str(i.pk) == str(answers["service"])), None)


@require_GET
@access.requires("referral.view")
def referral_list(request: HttpRequest) -> HttpResponse:
    if access.can(request.user, "referral.work"):
        raise PermissionDenied  # partners have their own workspace (partner_inbox)
    page = selectors.referrer_list(request.user, page=request.GET.get("page"))
    disclosures.log_reads(request.user, page.object_list, where="the list of referrals")
    return render(
        request,
        "referrals/list.html",
        {
            "title": _("Referrals to partner organisations"),
            "referrals": page.object_list,
            "pagination": pagination(page, request.GET),
            "tags": STATUS_TAGS,
            "column": "full",
        },
    )


@require_GET
@access.requires("referral.view")
def person_referrals(request: HttpRequest, prison_number: str) -> HttpResponse:
    """The referrals from one person's resettlement plans, linked from their custody record."""
    if access.can(request.user, "referral.work"):
        raise PermissionDenied  # partners have their own workspace (partner_inbox)
    person, _period = records.in_custody(request.user, prison_number)
    page = selectors.referrer_list(request.user, page=request.GET.get("page"), person=person)
    return render(
        request,
        "referrals/list.html",
        {
            "title": _("Referrals to partner organisations"),
            "caption": f"{person.first_name} {person.last_name} ({person.prison_number})",
            "person": person,
            "can_see_record": access.can(request.user, "person.view"),
            "referrals": page.object_list,
            "pagination": pagination(page, request.GET),
            "tags": STATUS_TAGS,
            "column": "full",
        },
    )


def _detail_context(request: HttpRequest, referral: Any) -> dict[str, Any]:
    recorded = {o.desired_outcome_id: o for o in referral.outcomes.all()}
    shared = selectors.shared_facts(referral)
    return {
        "referral": referral,
        "tags": STATUS_TAGS,
        "shared": [(_(label), _shown(k, shared[k])) for k, label in rules.SHAREABLE.items() if k in shared],
        "outcome_rows": [(o, recorded.get(o.pk)) for o in referral.desired_outcomes.all()],
        "end": getattr(referral, "end_of_service", None),
        "column": "full",
        # Rate card: each piece of recorded work the service is paid for, claimed or why not; who decides the purchase.
        "work": selectors.work_funding(referral),
        "asked": [u.get_full_name() or u.username for u in services.who_was_asked(referral)],
    }


@require_GET
@access.requires("referral.view")
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if access.can(request.user, "referral.work"):
        raise PermissionDenied  # partners see it in their workspace (partner_referral)
    referral = selectors.referral(request.user, pk)
    disclosures.log_read(request.user, referral, where="the referral's page")
    context = _detail_context(request, referral)
    context.update(
        {
            "title": _("Referral to %(org)s") % {"org": referral.organisation.name},
            "caption": f"{referral.person_name}: {referral.activity_title}",
            "note_form": forms.NoteForm(initial={"token": uuid.uuid4().hex}),
            "can_make": access.can(request.user, "referral.make"),
            "can_add_purchase": referral.funding == rules.RATE_CARD
            and not referral.funded
            and not referral.awaiting_purchase
            and rules.can_add_purchase(referral.status, work_recorded=len(context["work"]), on=clock.today()).value,
            "person": referral.plan_activity.plan.custody_period.person,
            "back": _back_to_plan(referral.plan_activity, referral.plan_activity.plan.custody_period.person.prison_number)
            if referral.plan_activity.plan.is_release_plan
            else reverse("plan", kwargs={"prison_number": referral.plan_activity.plan.custody_period.person.prison_number}),
        }
    )
    return render(request, "referrals/detail.html", context)


@require_POST
@access.requires("referral.make")
def referral_note(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral(request.user, pk)
    form = forms.NoteForm(request.POST)
    if form.is_valid():
        services.add_note(
            referral=referral, text=form.cleaned_data["text"], by=request.user, idempotency_key=form.cleaned_data["token"] or None
        )
        messages.success(request, _("Case note added"))
    else:
        messages.error(request, _("Write the case note"))
    return redirect("referral_detail", pk=referral.pk)


@require_http_methods(["GET", "POST"])
@access.requires("referral.make")
def referral_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral(request.user, pk)
    form = forms.ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(referral=referral, reason=form.cleaned_data["reason"], by=request.user)
        except services.ReferralError as problem:
            form.add_error("reason", problem.message)
        else:
            messages.success(request, _("Referral withdrawn"))
            return redirect("referral_detail", pk=referral.pk)
    return render(
        request,
        "referrals/reason.html",
        {
            "title": _("Withdraw the referral"),
            "caption": f"{referral.person_name}: {referral.organisation.name}",
            "form": form,
            "errors": error_list(form) if form.errors else [],
            "hint": _("Why is the referral withdrawn? The organisation sees this."),
            "button": _("Withdraw referral"),
            "back": reverse("referral_detail", args=[referral.pk]),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires("referral.make")
def referral_purchase(request: HttpRequest, pk: int) -> HttpResponse:
    """Add the purchase: the authorised rate-card purchase that funds the referral."""
    referral = selectors.referral(request.user, pk)
    form = forms.PurchaseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            purchase = services.purchase_by_reference(form.cleaned_data["purchase"])
            services.attach_purchase(referral=referral, purchase=purchase, by=request.user)
        except services.ReferralError as problem:
            form.add_error("purchase", problem.message)
        else:
            messages.success(request, _("Purchase added: the referral is funded"))
            return redirect("referral_detail", pk=referral.pk)
    period = referral.plan_activity.plan.custody_period
    return render(
        request,
        "referrals/purchase.html",
        {
            "title": _("Add the purchase"),
            "caption": f"{referral.person_name}: {referral.organisation.name}",
            "referral": referral,
            "form": form,
            "errors": error_list(form) if form.errors else [],
            "candidates": list(services.matching_purchases(period=period, organisation=referral.organisation, crc=referral.crc)),
            "back": reverse("referral_detail", args=[referral.pk]),
        },
    )


@require_GET
@access.requires("referral.aggregates")
def referral_summary(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(
        request,
        "referrals/summary.html",
        {
            "title": _("Referrals to partner organisations: summary"),
            "numbers": selectors.aggregates(request.user),
            "crcs": [c.name for c in user.managed_crcs.order_by("name")],
        },
    )
