"""Every write of the payments app: rate cards, purchases, variations, delivery, claims, escalation.

`record_delivery` is the one entry point other parts call when work is delivered (an attended
session, an achieved outcome): it records the delivery once per `source_key`, refuses units beyond
the authority, and puts the claim lines on the month's claims — nobody has to remember a step (R-F3).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q, Sum
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from ttg.accounts import workplaces
from ttg.accounts.constants import Role
from ttg.accounts.models import User
from ttg.core import access, clock, db
from ttg.core.audit import record_change, snapshot
from ttg.core.rules import format_date, gettext_noop, without_citations
from ttg.estate.models import CRC, Organisation
from ttg.notifications.services import notify
from ttg.supply_chain import rules as sharing
from ttg.supply_chain import selectors as supply_chain
from ttg.supply_chain.services import record_disclosure

from . import money, rules
from .access import case_held, is_national_purchaser
from .constants import NOT_COMMITTED, BudgetKind, ClaimStatus, PurchaserKind, PurchaseStatus, Tier, Unit, VariationStatus
from .models import Allocation, Budget, Claim, ClaimLine, Delivery, Escalation, Purchase, RateCard, RateCardItem, Variation

# What a purchase shows the partner providing the service (rule R-R5's categories): the person's name
# and prison number, their prison, and the service bought for them.
PURCHASE_DISCLOSES = (sharing.IDENTITY, sharing.CUSTODY, sharing.NEEDS)

# A refusal about a purchase's status: one sentence per status, as Welsh orders the words differently
# (a status word is not put into a sentence).
ALREADY_DECIDED: dict[str, str] = {
    PurchaseStatus.AUTHORISED: gettext_noop("This purchase has already been decided: it is authorised."),
    PurchaseStatus.COMPLETE: gettext_noop("This purchase has already been decided: it is complete."),
    PurchaseStatus.CANCELLED: gettext_noop("This purchase has already been decided: it is cancelled."),
    PurchaseStatus.REFUSED: gettext_noop("This purchase has already been decided: it is refused."),
}
NOT_AUTHORISED: dict[str, str] = {
    PurchaseStatus.REQUESTED: gettext_noop(
        "This purchase is requested: waiting for the purchaser, not authorised: no delivery can be claimed against it."
    ),
    PurchaseStatus.REFUSED: gettext_noop("This purchase is refused, not authorised: no delivery can be claimed against it."),
}
# Delivery of one kind claimed against a purchase that pays for another: one sentence per kind delivered.
NOT_CLAIMED_AS: dict[str, str] = {
    Unit.REFERRAL: gettext_noop("This purchase pays %(unit)s: a referral cannot be claimed against it."),
    Unit.SESSION: gettext_noop("This purchase pays %(unit)s: a session attended cannot be claimed against it."),
    Unit.HOUR: gettext_noop("This purchase pays %(unit)s: a hour cannot be claimed against it."),
    Unit.OUTCOME: gettext_noop("This purchase pays %(unit)s: a outcome achieved cannot be claimed against it."),
}


class PaymentRefused(Exception):
    """A refused write, with its reasons in words and, where one field is at fault, its name."""

    def __init__(self, reasons: tuple[str, ...] | list[str] | str, field: str = "") -> None:
        self.reasons = (reasons,) if isinstance(reasons, str) else tuple(reasons)
        self.words = tuple(without_citations(r) for r in self.reasons)  # for pages: the rules' codes are for administrators
        self.field = field
        super().__init__(" ".join(self.reasons))


def _refuse_unless(decision: rules.Decision[bool], field: str = "") -> None:
    if not decision.value:
        raise PaymentRefused(decision.reasons, field)


def escalation_days() -> int:
    days = int(getattr(settings, "TTG_CLAIM_ESCALATION_DAYS", 30))
    if days < 1:
        raise ValueError("TTG_CLAIM_ESCALATION_DAYS must be at least 1")
    return days


def financial_year_start(on: date) -> date:
    return date(on.year if on.month >= 4 else on.year - 1, 4, 1)


# --------------------------------------------------------------------------------------------------
# Rate cards (R-F1)
# --------------------------------------------------------------------------------------------------


def rate_card_in_force(crc: CRC, on: date) -> RateCard | None:
    return RateCard.objects.filter(crc=crc, published=True, in_force_from__lte=on).order_by("-in_force_from", "-version").first()


def start_draft(*, crc: CRC, in_force_from: date, by: Any) -> RateCard:
    """A new draft version of the CRC's rate card, starting from the items of the latest version."""
    with transaction.atomic():
        CRC.objects.select_for_update().get(pk=crc.pk)
        if RateCard.objects.filter(crc=crc, published=False).exists():
            raise PaymentRefused(_("There is already a draft rate card: change that one, or publish it first."))
        latest = RateCard.objects.filter(crc=crc).order_by("-version").first()
        card = RateCard.objects.create(crc=crc, version=(latest.version + 1) if latest else 1, in_force_from=in_force_from)
        if latest is not None:
            for item in latest.items.all():
                RateCardItem.objects.create(
                    rate_card=card,
                    title=item.title,
                    pathway=item.pathway,
                    unit=item.unit,
                    price_pence=item.price_pence,
                    provider_organisation=item.provider_organisation,
                    partner_price_pence=item.partner_price_pence,
                )
        record_change(actor=by, action="payments.ratecard.add", obj=card, after=snapshot(card), scope_crc=crc)
    return card


def add_item(
    *,
    rate_card: RateCard,
    title: str,
    pathway: str,
    unit: str,
    price_pence: int,
    by: Any,
    provider_organisation: Organisation | None = None,
    partner_price_pence: int | None = None,
) -> RateCardItem:
    with transaction.atomic():
        card = RateCard.objects.select_for_update().get(pk=rate_card.pk)
        if card.published:
            raise PaymentRefused(_("A published rate card cannot change: start a new version."))
        if not title.strip():
            raise PaymentRefused(_("Enter the service"), "title")
        if unit not in Unit.values:
            raise PaymentRefused(_("Select the unit"), "unit")
        if price_pence < 1:
            raise PaymentRefused(_("The price must be more than £0"), "price")
        if partner_price_pence is not None and partner_price_pence > price_pence:
            raise PaymentRefused(_("What the CRC pays its partner cannot be more than the price"), "partner_price")
        if card.items.filter(title=title.strip(), unit=unit).exists():
            raise PaymentRefused(_("This rate card already has that service with that unit"), "title")
        item = RateCardItem.objects.create(
            rate_card=card,
            title=title.strip(),
            pathway=pathway,
            unit=unit,
            price_pence=price_pence,
            provider_organisation=provider_organisation,
            partner_price_pence=partner_price_pence,
        )
        record_change(actor=by, action="payments.ratecarditem.add", obj=item, after=snapshot(item), scope_crc=card.crc)
    return item


def publish(*, rate_card: RateCard, by: Any) -> RateCard:
    with transaction.atomic():
        card = RateCard.objects.select_for_update().get(pk=rate_card.pk)
        if card.published:
            raise PaymentRefused(_("This rate card is already published."))
        if not card.items.exists():
            raise PaymentRefused(_("A rate card needs at least one service before it is published."))
        before = snapshot(card)
        card.published, card.published_at = True, clock.now()
        card.save(update_fields=["published", "published_at"])
        record_change(actor=by, action="payments.ratecard.publish", obj=card, before=before, after=snapshot(card), scope_crc=card.crc)
    return card


# --------------------------------------------------------------------------------------------------
# Purchases (R-F2, R-F4)
# --------------------------------------------------------------------------------------------------


def _allocation_for(*, kind: str, by: Any, on: date, crc: CRC | None) -> Allocation:
    budget_kind = BudgetKind.ENHANCED if kind == PurchaserKind.CRC else BudgetKind.RATE_CARD
    allocations = Allocation.objects.filter(budget__kind=budget_kind, budget__year_starting=financial_year_start(on))
    if kind == PurchaserKind.CRC:
        allocations = allocations.filter(crc=crc)
    elif kind == PurchaserKind.NATIONAL:
        allocations = allocations.filter(crc__isnull=True, nps_division__isnull=True)
    else:
        allocations = allocations.filter(nps_division_id=by.nps_division_id)
    allocation = allocations.select_for_update().order_by("pk").first()
    if allocation is None:
        raise PaymentRefused(
            _("No budget is allocated for this purchase in the financial year starting %(date)s.")
            % {"date": format_date(financial_year_start(on))}
        )
    return allocation


def committed_pence(allocation: Allocation) -> int:
    """What purchases have taken from an allocation: authorised value and approved variations;
    for a cancelled purchase, only what was claimed; a purchase asked for and not authorised, nothing."""
    live = Purchase.objects.filter(allocation=allocation).exclude(status__in=(PurchaseStatus.CANCELLED, *NOT_COMMITTED))
    authorised = live.aggregate(v=Sum("value_authorised_pence"))["v"] or 0
    varied = (
        Variation.objects.filter(purchase__allocation=allocation, status=VariationStatus.APPROVED)
        .exclude(purchase__status__in=(PurchaseStatus.CANCELLED, *NOT_COMMITTED))
        .aggregate(v=Sum(F("extra_units") * F("purchase__unit_price_pence")))["v"]
        or 0
    )
    cancelled = (
        Delivery.objects.filter(
            purchase__allocation=allocation, purchase__status=PurchaseStatus.CANCELLED, withdrawn_at__isnull=True, unfunded_reason=""
        ).aggregate(v=Sum(F("units") * F("purchase__unit_price_pence")))["v"]
        or 0
    )
    return int(authorised + varied + cancelled)


def _new_reference(on: date) -> str:
    while True:
        reference = f"P{on:%y%m}-{secrets.token_hex(3).upper()}"
        if not Purchase.objects.filter(reference=reference).exists():
            return reference


def request_limits() -> tuple[int, int]:
    """R-F4c, R-F4d: the most units and pence one request may commit (settings, unsourced)."""
    return int(getattr(settings, "TTG_PURCHASE_MAX_UNITS", 100)), int(getattr(settings, "TTG_PURCHASE_MAX_VALUE_PENCE", 500_000))


def make_purchase(
    *, by: Any, custody_period: Any, item: RateCardItem, units: int, purchaser_kind: str = PurchaserKind.INDIVIDUAL
) -> Purchase:
    """Buy `units` of a rate-card item for the person of `custody_period`: the authority the provider sees before starting."""
    today = clock.today()
    if purchaser_kind not in PurchaserKind.values:
        raise PaymentRefused(_("Select who is buying"), "purchaser_kind")
    if units < 1:
        raise PaymentRefused(_("Units must be at least 1"), "units")
    if purchaser_kind == PurchaserKind.CRC:
        if by.role != Role.CRC_MANAGER or not by.crc_id:
            raise PaymentRefused(_("Only a CRC manager buys from the CRC's partners."))
        if item.provider_organisation_id is None or item.rate_card.crc_id != by.crc_id:
            raise PaymentRefused(_("A CRC buys only its own partners' services from its own rate card."), "item")
    elif purchaser_kind == PurchaserKind.NATIONAL:
        if not is_national_purchaser(by):
            raise PaymentRefused(_("Only an HMPPS contract manager buys nationally."), "purchaser_kind")
        if item.rate_card.crc_id not in managed_crc_ids(by):
            raise PaymentRefused(_("A contract manager buys nationally only from the rate cards of the CRCs they manage."), "item")
    elif by.role != Role.RESPONSIBLE_OFFICER or not by.nps_division_id:
        raise PaymentRefused(_("Only a responsible officer in an NPS division buys from a rate card."))
    card = item.rate_card
    in_force = rate_card_in_force(card.crc, today)
    if not card.published or in_force is None or in_force.pk != card.pk:
        raise PaymentRefused(
            _("This service is not on %(crc)s's rate card in force today (%(rule)s).")
            % {"crc": card.crc, "rule": rules.rule_in_force("R-F1", today).citation},
            "item",
        )
    # Before anything about the person: without the case, the same words as for a prison number nobody has.
    case = case_held(by=by, purchaser_kind=purchaser_kind, custody_period=custody_period)
    _refuse_unless(rules.case_held(purchaser_kind=purchaser_kind, held=case is not None, on=today), "prison_number")
    prison = custody_period.current_prison
    designation = prison.designation_on(today)
    resettlement = bool(designation and designation.resettlement)
    _refuse_unless(
        rules.purchase_allowed(
            purchaser_kind=purchaser_kind,
            resettlement_prison=resettlement,
            prison_name=prison.name,
            serving_crc_matches=prison.crc_id == by.crc_id,
            on=today,
        ),
        "prison_number",
    )
    crc_purchase = purchaser_kind == PurchaserKind.CRC
    unit_price = item.subcontract_price_pence if crc_purchase else item.price_pence
    value = unit_price * units
    max_units, max_value = request_limits()
    _refuse_unless(
        rules.within_request_limits(units=units, value_pence=value, max_units=max_units, max_value_pence=max_value, on=today), "units"
    )
    # R-R5 (U3): the partner who provides the service learns who the person is, where they are and what
    # was bought for them: only under an information-sharing agreement in force with the purchaser.
    discloser = by.crc if crc_purchase else None  # the CRC, or the NPS (a division's, an officer's or a national purchase)
    coverage = None
    if item.provider_organisation is not None:
        coverage = supply_chain.agreement_in_force(
            discloser_crc=discloser, recipient=item.provider_organisation, categories=PURCHASE_DISCLOSES, on=today
        )
        if not coverage.value.covered:
            raise PaymentRefused(coverage.reasons, "item")
    with transaction.atomic():
        allocation = _allocation_for(kind=purchaser_kind, by=by, on=today, crc=by.crc if crc_purchase else None)
        holder = str(allocation.crc or allocation.nps_division or gettext("the national budget"))
        _refuse_unless(
            rules.within_budget(
                allocation_pence=allocation.amount_pence,
                committed_pence=committed_pence(allocation),
                value_pence=value,
                holder=holder,
                on=today,
            ),
            "units",
        )
        purchase = Purchase.objects.create(
            reference=_new_reference(today),
            purchaser_kind=purchaser_kind,
            purchased_by=by,
            nps_division_id=None if crc_purchase or purchaser_kind == PurchaserKind.NATIONAL else by.nps_division_id,
            purchaser_crc_id=by.crc_id if crc_purchase else None,
            person=custody_period.person,
            custody_period=custody_period,
            prison=prison,
            item=item,
            provider_crc=card.crc,
            provider_organisation=item.provider_organisation,
            allocation=allocation,
            units_authorised=units,
            unit_price_pence=unit_price,
            subcontract_unit_price_pence=item.subcontract_price_pence if item.provider_organisation_id and not crc_purchase else None,
            value_authorised_pence=value,
            purchased_on=today,
            created_at=clock.now(),
        )
        record_change(
            actor=by, action="payments.purchase.add", obj=purchase, after=snapshot(purchase), reason=case or "", scope_crc=card.crc
        )
        if coverage is not None and item.provider_organisation is not None:
            record_disclosure(
                by=by,
                person_id=purchase.person_id,
                recipient=item.provider_organisation,
                discloser_crc=discloser,
                coverage=coverage,
                categories=PURCHASE_DISCLOSES,
                purpose=f"purchase {purchase.reference} ({item.title})",
            )
    return purchase


# --------------------------------------------------------------------------------------------------
# Purchases asked for when a referral is sent, and the purchaser's decision (issue 15, R-F3)
# --------------------------------------------------------------------------------------------------


def request_purchase(*, by: Any, custody_period: Any, item: RateCardItem, units: int, crc: CRC) -> Purchase:
    """Ask the CRC to buy `units` of its partner's rate-card service for the person: the purchase
    authority a rate-card referral carries from the start, waiting for the purchaser's decision.

    Made when the CRC's caseworker sends the referral (`referrals.services.send`). The purchaser is the
    CRC (R-F2: a CRC buys from its own partner for people in the resettlement prisons it serves); its
    managers are told, and decide with `decide_purchase`. Its authority covers delivery from today,
    so the partner's work while it waits is claimed once it is authorised (R-F3b). Nothing of the
    allocation is committed until then.
    """
    today = clock.today()
    if units < 1:
        raise PaymentRefused(_("Units must be at least 1"), "units")
    # The CRC's own staff, or a partner's TTG caseworker doing its casework in the person's prison (the
    # person must be one they may see: case_held below, through ttg.accounts.workplaces).
    if by.crc_id != crc.pk and not workplaces.is_partner_caseworker(by):
        raise PaymentRefused(_("Only %(crc)s's own staff, or its partners' TTG caseworkers, ask %(crc)s to buy a service.") % {"crc": crc})
    card = item.rate_card
    in_force = rate_card_in_force(crc, today)
    if card.crc_id != crc.pk or not card.published or in_force is None or in_force.pk != card.pk:
        raise PaymentRefused(
            _("This service is not on %(crc)s's rate card in force today (%(rule)s).")
            % {"crc": crc, "rule": rules.rule_in_force("R-F1", today).citation},
            "item",
        )
    if item.provider_organisation_id is None:
        raise PaymentRefused(_("The CRC delivers this service itself: it is not bought from a partner."), "item")
    prison = custody_period.current_prison
    designation = prison.designation_on(today) if prison else None
    _refuse_unless(
        rules.purchase_allowed(
            purchaser_kind=PurchaserKind.CRC,
            resettlement_prison=bool(designation and designation.resettlement),
            prison_name=prison.name if prison else _("No prison"),
            serving_crc_matches=prison is not None and prison.crc_id == crc.pk,
            on=today,
        ),
        "item",
    )
    # R-F2a, as for any purchase (after R-F2, whose words say why a prison is not the CRC's): a person it may see.
    case = case_held(by=by, purchaser_kind=PurchaserKind.CRC, custody_period=custody_period)
    _refuse_unless(rules.case_held(purchaser_kind=PurchaserKind.CRC, held=case is not None, on=today), "item")
    unit_price = item.subcontract_price_pence
    max_units, max_value = request_limits()  # R-F4c, R-F4d: the caps apply to a purchase asked for as to any other
    _refuse_unless(
        rules.within_request_limits(units=units, value_pence=unit_price * units, max_units=max_units, max_value_pence=max_value, on=today),
        "units",
    )
    with transaction.atomic():
        allocation = _allocation_for(kind=PurchaserKind.CRC, by=by, on=today, crc=crc)
        purchase = Purchase.objects.create(
            reference=_new_reference(today),
            purchaser_kind=PurchaserKind.CRC,
            purchased_by=by,
            purchaser_crc=crc,
            person=custody_period.person,
            custody_period=custody_period,
            prison=prison,
            item=item,
            provider_crc=crc,
            provider_organisation=item.provider_organisation,
            allocation=allocation,
            units_authorised=units,
            unit_price_pence=unit_price,
            value_authorised_pence=unit_price * units,
            status=PurchaseStatus.REQUESTED,
            purchased_on=today,
            requested_by=by,
            requested_on=today,
            created_at=clock.now(),
        )
        record_change(
            actor=by,
            action="payments.purchase.request",
            obj=purchase,
            after=snapshot(purchase),
            reason=f"Asked {crc} to buy {units} × {item.title} from {item.provider_organisation}",
            scope_crc=crc,
        )
        _notify_purchase(purchase, key="requested", recipients=purchaser_contacts(purchase))
    return purchase


@db.retry_on_deadlock
def decide_purchase(*, purchase: Purchase, approve: bool, by: Any, reason: str = "") -> Purchase:
    """The purchaser authorises a purchase asked for (within the budget, R-F4), or refuses it with a
    reason, once. Authorised: every delivery held while it waited is claimed, within its units, at
    once (R-F3b); refused: that work stays unclaimed, shown as unfunded with the reason. The one who
    asked and the provider's caseworkers are told."""
    today = clock.today()
    with transaction.atomic():
        locked = (
            Purchase.objects.select_for_update(of=("self",)).select_related("item", "purchaser_crc", "provider_crc").get(pk=purchase.pk)
        )
        if not is_purchase_decider(by, locked):
            raise PaymentRefused(_("Only the purchaser decides a purchase asked for."))
        if locked.status != PurchaseStatus.REQUESTED:
            raise PaymentRefused(_(ALREADY_DECIDED[locked.status]))
        if not approve and not reason.strip():
            raise PaymentRefused(_("Give the reason the purchase is refused: the provider and the referrer see it."), "reason")
        before = snapshot(locked)
        if approve:
            crc = locked.purchaser_crc if locked.purchaser_kind == PurchaserKind.CRC else None
            allocation = _allocation_for(kind=locked.purchaser_kind, by=by, on=today, crc=crc)
            holder = str(allocation.crc or allocation.nps_division or gettext("the national budget"))
            _refuse_unless(
                rules.within_budget(
                    allocation_pence=allocation.amount_pence,
                    committed_pence=committed_pence(allocation),
                    value_pence=locked.value_authorised_pence,
                    holder=holder,
                    on=today,
                ),
                "units",
            )
            locked.status, locked.allocation, locked.purchased_by, locked.purchased_on = PurchaseStatus.AUTHORISED, allocation, by, today
        else:
            locked.status, locked.decision_reason = PurchaseStatus.REFUSED, reason.strip()
        locked.decided_by, locked.decided_at = by, clock.now()
        locked.save()
        record_change(
            actor=by,
            action="payments.purchase.decide",
            obj=locked,
            before=before,
            after=snapshot(locked),
            reason=reason.strip(),
            scope_crc=locked.provider_crc,
        )
        _fund_held(locked, by=by)
        locked.refresh_from_db(fields=["status"])  # complete, if the work held already uses every unit
        told = [locked.requested_by, *provider_contacts(locked)]
        _notify_purchase(locked, key=locked.status, recipients=[u for u in told if u is not None])
    return locked


def _notify_purchase(purchase: Purchase, *, key: str, recipients: list[Any]) -> None:
    """A request goes to the purchaser; a decision to whoever asked and the provider's caseworkers. The
    key names the purchase and its state, so never twice; the message names no person."""
    by = purchase.decided_by if key != "requested" else purchase.requested_by
    notify(
        key=f"purchase:{purchase.pk}:{key}",
        recipients=[r for r in recipients if r.pk != getattr(by, "pk", None)],
        template="purchase_requested" if key == "requested" else "purchase_decided",
        context={
            "reference": purchase.reference,
            "requester": purchase.requested_by.get_full_name() if purchase.requested_by else "",
            "purchaser": purchase.purchaser_name,
            "provider": str(purchase.provider_organisation or purchase.provider_crc),
            "service": purchase.item.title,
            "units": purchase.units_authorised,
            "status": purchase.status,  # the template has a sentence for each decision, in the reader's language
        },
        link=reverse("payments_purchase", kwargs={"reference": purchase.reference}),
    )


def provider_contacts(purchase: Purchase) -> list[Any]:
    """Who delivers the purchase: the partner's caseworkers (or, for the CRC's own service, its managers)."""
    if purchase.provider_organisation_id:
        people = User.objects.filter(role=Role.PARTNER_CASEWORKER, organisation_id=purchase.provider_organisation_id, is_active=True)
    else:
        people = User.objects.filter(role=Role.CRC_MANAGER, crc_id=purchase.provider_crc_id, is_active=True)
    return list(people.order_by("first_name", "last_name", "pk"))


def asked(purchase: Purchase) -> list[Any]:
    """The people asked to decide a purchase asked for, by name order (what the provider is shown)."""
    return sorted(purchaser_contacts(purchase), key=lambda u: (u.first_name, u.last_name, u.pk))


def is_purchase_decider(user: Any, purchase: Purchase) -> bool:
    """Is the user the purchaser who authorises or refuses this purchase (payments.access.purchaser)?"""
    return access.may(user, "purchase.decide", purchase)


def approved_extra_units(purchase: Purchase) -> int:
    return purchase.variations.filter(status=VariationStatus.APPROVED).aggregate(u=Sum("extra_units"))["u"] or 0


def delivered_units(purchase: Purchase) -> int:
    """Units claimed: delivered, not withdrawn (a withdrawn delivery frees its units again) and funded
    (work held outside the authority takes no units)."""
    return purchase.deliveries.filter(withdrawn_at__isnull=True, unfunded_reason="").aggregate(u=Sum("units"))["u"] or 0


def request_variation(*, purchase: Purchase, extra_units: int, reason: str, by: Any) -> Variation:
    """The provider asks the purchaser for more units, with a reason; the purchaser is told.

    The same request sent twice (a double-click, a retried request) while the first is still waiting
    returns the first: one variation, one notification.
    """
    if extra_units < 1:
        raise PaymentRefused(_("Extra units must be at least 1"), "extra_units")
    max_units, max_value = request_limits()
    _refuse_unless(
        rules.within_request_limits(
            units=extra_units,
            value_pence=extra_units * purchase.unit_price_pence,
            max_units=max_units,
            max_value_pence=max_value,
            on=clock.today(),
        ),
        "extra_units",
    )
    if not reason.strip():
        raise PaymentRefused(_("Enter why more units are needed"), "reason")
    with transaction.atomic():
        locked = Purchase.objects.select_for_update().select_related("provider_crc", "purchased_by").get(pk=purchase.pk)
        if not is_provider(by, locked):
            raise PaymentRefused(_("Only the provider asks for more units."))
        if locked.status == PurchaseStatus.CANCELLED:
            raise PaymentRefused(_("This purchase was cancelled: more units cannot be asked for."))
        same = Variation.objects.filter(
            purchase=locked, requested_by=by, status=VariationStatus.REQUESTED, extra_units=extra_units, reason=reason.strip()
        ).first()
        if same is not None:
            return same
        variation = Variation.objects.create(
            purchase=locked, extra_units=extra_units, reason=reason.strip(), requested_by=by, requested_at=clock.now()
        )
        record_change(actor=by, action="payments.variation.add", obj=variation, after=snapshot(variation), scope_crc=locked.provider_crc)
        _notify_variation(variation, locked, key="requested", recipients=purchaser_contacts(locked))
    return variation


def decide_variation(*, variation: Variation, approve: bool, by: Any) -> Variation:
    """The purchaser approves (within the budget) or refuses a variation; the requester is told."""
    today = clock.today()
    with transaction.atomic():
        purchase = Purchase.objects.select_for_update().select_related("provider_crc").get(pk=variation.purchase_id)
        locked = Variation.objects.select_for_update().select_related("requested_by").get(pk=variation.pk)
        if not is_purchaser(by, purchase):
            raise PaymentRefused(_("Only the purchaser decides a variation."))
        if locked.status != VariationStatus.REQUESTED:
            raise PaymentRefused(_("This variation has already been decided."))
        before = snapshot(locked)
        if approve:
            if purchase.status == PurchaseStatus.CANCELLED:
                raise PaymentRefused(_("This purchase was cancelled: more units cannot be approved."))
            allocation = Allocation.objects.select_for_update().get(pk=purchase.allocation_id)
            holder = str(allocation.crc or allocation.nps_division or gettext("the national budget"))
            _refuse_unless(
                rules.within_budget(
                    allocation_pence=allocation.amount_pence,
                    committed_pence=committed_pence(allocation),
                    value_pence=locked.extra_units * purchase.unit_price_pence,
                    holder=holder,
                    on=today,
                ),
                "extra_units",
            )
            if purchase.status == PurchaseStatus.COMPLETE:
                purchase.status = PurchaseStatus.AUTHORISED
                purchase.save(update_fields=["status"])
        locked.status = VariationStatus.APPROVED if approve else VariationStatus.REFUSED
        locked.decided_by, locked.decided_at = by, clock.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        record_change(
            actor=by, action="payments.variation.decide", obj=locked, before=before, after=snapshot(locked), scope_crc=purchase.provider_crc
        )
        if approve:  # work held beyond the units is claimed now, as far as the new units go (R-F3b)
            _fund_held(purchase, by=by)
        _notify_variation(locked, purchase, key=locked.status, recipients=[locked.requested_by])
    return locked


def _notify_variation(variation: Variation, purchase: Purchase, *, key: str, recipients: list[Any]) -> None:
    """Tell the other side: a request goes to the purchaser, a decision to whoever asked. The key
    names the variation and its state, so a retry never sends it twice. The reason (free text that
    may describe the person) stays in the service: the message names only the purchase."""
    by = variation.decided_by if key != "requested" else variation.requested_by
    notify(
        key=f"variation:{variation.pk}:{key}",
        recipients=[r for r in recipients if r.pk != getattr(by, "pk", None)],
        template="variation_requested" if key == "requested" else "variation_decided",
        context={
            "reference": purchase.reference,
            "provider": str(purchase.provider_organisation or purchase.provider_crc),
            "extra_units": variation.extra_units,
            "status": variation.status,  # the template has a sentence for each decision, in the reader's language
        },
        link=reverse("payments_purchase", kwargs={"reference": purchase.reference}),
    )


def managed_crc_ids(user: Any) -> frozenset[int]:
    """The CRCs a contract manager manages (none for anyone else), read once per user object."""
    if user is None or getattr(user, "role", None) != Role.CONTRACT_MANAGER:
        return frozenset()
    cached = getattr(user, "_ttg_managed_crc_ids", None)
    if cached is None:
        cached = frozenset(user.managed_crcs.values_list("pk", flat=True))
        user._ttg_managed_crc_ids = cached
    return cached


def is_purchaser(user: Any, purchase: Purchase) -> bool:
    """Is the user the purchaser of this purchase (payments.access.purchaser)?"""
    return access.may(user, "variation.decide", purchase)


def is_provider(user: Any, purchase: Purchase) -> bool:
    """Is the user the provider of this purchase, who asks for more units (payments.access.provider)?"""
    return access.may(user, "variation.request", purchase)


def purchaser_contacts(purchase: Purchase) -> list[Any]:
    """Who is told of a request for more units: the officer who bought it, the division's officers,
    the purchasing CRC's managers, or the contract managers of the provider CRC for a national purchase."""

    if purchase.purchaser_kind == PurchaserKind.INDIVIDUAL:
        people = [purchase.purchased_by]
    elif purchase.purchaser_kind == PurchaserKind.DIVISION:
        people = list(User.objects.filter(role=Role.RESPONSIBLE_OFFICER, nps_division_id=purchase.nps_division_id))
    elif purchase.purchaser_kind == PurchaserKind.CRC:
        people = list(User.objects.filter(role=Role.CRC_MANAGER, crc=purchase.purchaser_crc))
    else:
        people = list(User.objects.filter(role=Role.CONTRACT_MANAGER, managed_crcs=purchase.provider_crc_id))
    return [p for p in people if p.is_active and is_purchaser(p, purchase)]


# --------------------------------------------------------------------------------------------------
# Delivery -> claim lines, exactly once (R-F3)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    delivery: Delivery
    created: bool  # False: this source_key was recorded before, nothing changed


def _claimant_key(crc_id: int | None, organisation_id: int | None) -> str:
    return f"crc:{crc_id}" if crc_id else f"org:{organisation_id}"


def _payer_key(*, division_id: int | None, crc_id: int | None, national: bool) -> str:
    if crc_id:
        return f"crc:{crc_id}"
    return "national" if national else f"nps:{division_id}"


def _open_claim(
    *,
    claimant_crc_id: int | None,
    claimant_organisation_id: int | None,
    payer_division_id: int | None,
    payer_crc_id: int | None,
    national: bool,
    crc_id: int,
    month: date,
) -> Claim:
    """The claimant's open claim to this payer for this month, made on demand (locks the claimant's row)."""
    if claimant_crc_id:
        CRC.objects.select_for_update().filter(pk=claimant_crc_id).first()
    elif claimant_organisation_id:
        Organisation.objects.select_for_update().filter(pk=claimant_organisation_id).first()
    claimant_key = _claimant_key(claimant_crc_id, claimant_organisation_id)
    payer_key = _payer_key(division_id=payer_division_id, crc_id=payer_crc_id, national=national)
    claims = Claim.objects.filter(claimant_key=claimant_key, payer_key=payer_key, month=month)
    draft = claims.filter(status=ClaimStatus.DRAFT).first()
    if draft is not None:
        return draft
    sequence = (claims.aggregate(s=Max("sequence"))["s"] or 0) + 1
    return Claim.objects.create(
        claimant_crc_id=claimant_crc_id,
        claimant_organisation_id=claimant_organisation_id,
        payer_division_id=payer_division_id,
        payer_crc_id=payer_crc_id,
        payer_national=national,
        crc_id=crc_id,
        claimant_key=claimant_key,
        payer_key=payer_key,
        month=month,
        sequence=sequence,
        created_at=clock.now(),
    )


def _add_line(claim: Claim, delivery: Delivery, tier: str, unit_price: int) -> ClaimLine:
    line = ClaimLine.objects.create(
        claim=claim,
        delivery=delivery,
        tier=tier,
        units=delivery.units,
        unit_price_pence=unit_price,
        amount_pence=delivery.units * unit_price,
    )
    Claim.objects.filter(pk=claim.pk).update(total_pence=F("total_pence") + line.amount_pence)
    return line


def _same_delivery(existing: Delivery, purchase: Purchase, units: int) -> Recorded:
    if existing.purchase_id != purchase.pk:
        raise PaymentRefused(_("%(source_key)s was already recorded against another purchase.") % {"source_key": existing.source_key})
    return Recorded(existing, created=False)


def funded_referral(purchase: Purchase) -> Any:
    """The referral this purchase funds, if any (its sessions and outcomes record its delivery)."""
    return purchase.referrals.order_by("pk").first()


def refuse_manual_delivery(purchase: Purchase) -> None:
    """A purchase that funds a referral is delivered through the referral's sessions and outcomes, which
    record it themselves: recording it by hand as well (the purchase page, the API) would claim twice."""
    referral = funded_referral(purchase)
    if referral is not None:
        raise PaymentRefused(
            _(
                "This purchase funds referral %(reference)s: record its sessions and outcomes on the referral, and they are claimed from there."
            )
            % {"reference": referral.reference}
        )


def record_delivery(
    *,
    purchase: Purchase,
    source_key: str,
    units: int,
    on: date,
    by: Any = None,
    kind: str | None = None,
    hold_outside: bool = False,
) -> Recorded:
    """Record units delivered against a purchase, once per `source_key`, and claim for them.

    Called again with the same `source_key` (a repeated or concurrent submission), it returns the
    first delivery and changes nothing; after `withdraw_delivery`, the key can be recorded again, once.

    Work outside the purchase's authority (R-F3b: a purchase still waiting for its purchaser, refused
    or cancelled; a day before the authority begins; units beyond those authorised plus approved
    variations): refused with the reason in words (PaymentRefused), or, with `hold_outside` (the
    referrals, whose sessions and outcomes are recorded whatever the funding), recorded and held
    with its reason (`Delivery.unfunded_reason`), unclaimed and shown, and claimed by `_fund_held`
    when the authority comes to cover it (the purchase authorised, more units approved, units freed).
    """
    source_key = source_key.strip()
    if not source_key:
        raise PaymentRefused(_("A delivery needs a source key, such as referrals.session:123"), "source_key")
    if on > clock.today():
        raise PaymentRefused(_("Delivery cannot be recorded for a future date"), "delivered_on")
    with transaction.atomic():
        existing = Delivery.objects.filter(source_key=source_key, withdrawn_at__isnull=True).first()
        if existing is not None:
            return _same_delivery(existing, purchase, units)
        locked = Purchase.objects.select_for_update().select_related("item").get(pk=purchase.pk)
        # Whoever held the lock before us may have recorded this very delivery.
        existing = Delivery.objects.filter(source_key=source_key, withdrawn_at__isnull=True).first()
        if existing is not None:
            return _same_delivery(existing, locked, units)
        kind = kind or locked.item.unit
        if kind != locked.item.unit:
            raise PaymentRefused(
                _(NOT_CLAIMED_AS[Unit(kind)]) % {"unit": locked.item.get_unit_display()},
                "kind",
            )
        if units < 1:
            raise PaymentRefused(
                _("Units delivered must be at least 1 (%(rule)s).") % {"rule": rules.rule_in_force("R-F3", clock.today()).citation}, "units"
            )
        if not hold_outside:
            _refuse_outside(locked, units=units, on=on)
        authority = _authority(locked)
        # Held work never stands before this in the queue for units: work beyond the units is held only
        # while none are left, and `_fund_held` claims it as soon as some are.
        (code,) = rules.fund_in_order(authority, [(on, units)])
        try:
            with transaction.atomic():  # a savepoint: a racing insert of the same key lands here
                delivery = Delivery.objects.create(
                    purchase=locked,
                    source_key=source_key,
                    kind=kind,
                    units=units,
                    delivered_on=on,
                    recorded_by=by,
                    recorded_at=clock.now(),
                    unfunded_reason=code,
                )
        except IntegrityError:
            return _same_delivery(Delivery.objects.get(source_key=source_key, withdrawn_at__isnull=True), locked, units)
        if code == rules.FUNDED:
            _claim_lines(locked, delivery)
            _complete_when_used(locked, funded=authority.funded + units, limit=authority.limit)
        record_change(
            actor=by,
            action="payments.delivery.add",
            obj=delivery,
            after=snapshot(delivery),
            reason="" if code == rules.FUNDED else _words(locked, code, authority.limit),
            scope_crc=locked.provider_crc,
        )
    return Recorded(delivery, created=True)


def _authority(locked: Purchase) -> rules.Authority:
    return rules.Authority(
        status=locked.status,
        covers_from=locked.covers_from,
        limit=locked.units_authorised + approved_extra_units(locked),
        funded=delivered_units(locked),
    )


def _words(purchase: Purchase, code: str, limit: int) -> str:
    """Why a delivery is held or claimed, for the audit trail: stored, so in English whoever is reading (issue 22)."""
    with translation.override("en-gb"):
        return rules.unfunded_words(
            code,
            reference=purchase.reference,
            purchaser=purchase.purchaser_name,
            covers_from=purchase.covers_from,
            limit=limit,
            on=clock.today(),
            decision_reason=purchase.decision_reason,
        )


def _complete_when_used(locked: Purchase, *, funded: int, limit: int) -> None:
    """An authorised purchase whose every unit is claimed is complete; a complete one with units free again (withdrawn, or
    more approved) is authorised again."""
    if locked.status == PurchaseStatus.AUTHORISED and funded >= limit:
        locked.status = PurchaseStatus.COMPLETE
        locked.save(update_fields=["status"])
    elif locked.status == PurchaseStatus.COMPLETE and funded < limit:
        locked.status = PurchaseStatus.AUTHORISED
        locked.save(update_fields=["status"])


def _refuse_outside(purchase: Purchase, *, units: int, on: date) -> None:
    """Delivery recorded by hand (the purchase page, the API) is refused outside the authority, in words."""
    if purchase.status == PurchaseStatus.CANCELLED:
        raise PaymentRefused(_("This purchase was cancelled: no more delivery can be claimed against it."))
    if purchase.status in NOT_COMMITTED:
        raise PaymentRefused(_(NOT_AUTHORISED[purchase.status]))
    if on < purchase.covers_from:
        raise PaymentRefused(_("Delivery before the purchase was made cannot be claimed against it."), "delivered_on")
    _refuse_unless(
        rules.units_allowed(
            authorised=purchase.units_authorised,
            approved_extra=approved_extra_units(purchase),
            delivered=delivered_units(purchase),
            requested=units,
            on=clock.today(),
        ),
        "units",
    )


def _claim_lines(purchase: Purchase, delivery: Delivery) -> None:
    """The claim lines of a funded delivery: on the claimant's open claims for its month (made on demand)."""
    month = delivery.delivered_on.replace(day=1)
    if purchase.purchaser_kind == PurchaserKind.CRC:
        claim = _open_claim(
            claimant_crc_id=None,
            claimant_organisation_id=purchase.provider_organisation_id,
            payer_division_id=None,
            payer_crc_id=purchase.purchaser_crc_id,
            national=False,
            crc_id=purchase.provider_crc_id,
            month=month,
        )
        _add_line(claim, delivery, Tier.PURCHASE, purchase.unit_price_pence)
        return
    national = purchase.purchaser_kind == PurchaserKind.NATIONAL
    claim = _open_claim(
        claimant_crc_id=purchase.provider_crc_id,
        claimant_organisation_id=None,
        payer_division_id=purchase.nps_division_id,
        payer_crc_id=None,
        national=national,
        crc_id=purchase.provider_crc_id,
        month=month,
    )
    _add_line(claim, delivery, Tier.PURCHASE, purchase.unit_price_pence)
    if purchase.provider_organisation_id and purchase.subcontract_unit_price_pence is not None:
        sub = _open_claim(
            claimant_crc_id=None,
            claimant_organisation_id=purchase.provider_organisation_id,
            payer_division_id=None,
            payer_crc_id=purchase.provider_crc_id,
            national=False,
            crc_id=purchase.provider_crc_id,
            month=month,
        )
        _add_line(sub, delivery, Tier.SUBCONTRACT, purchase.subcontract_unit_price_pence)


def _fund_held(purchase: Purchase, *, by: Any) -> list[Delivery]:
    """Claim every held delivery the purchase's authority now covers, once, earliest first; keep the
    rest held, each with its reason brought up to date (R-F3b). Run, with the purchase locked, after
    each event that can change the answer: a delivery withdrawn, the purchase authorised, refused or
    cancelled, more units approved. Returns the deliveries claimed now; each change is audited
    (`payments.delivery.fund`, `payments.delivery.hold`, with the words)."""
    locked = Purchase.objects.select_for_update().get(pk=purchase.pk)
    held = list(
        Delivery.objects.select_for_update()
        .filter(purchase=locked, withdrawn_at__isnull=True)
        .exclude(unfunded_reason="")
        .order_by("delivered_on", "pk")
    )
    authority = _authority(locked)
    funded = authority.funded
    claimed: list[Delivery] = []
    for delivery, code in zip(held, rules.fund_in_order(authority, [(d.delivered_on, d.units) for d in held]), strict=True):
        if code == delivery.unfunded_reason:
            continue
        before = snapshot(delivery)
        delivery.unfunded_reason = code
        delivery.save(update_fields=["unfunded_reason"])
        if code == rules.FUNDED:
            _claim_lines(locked, delivery)
            funded += delivery.units
            claimed.append(delivery)
        record_change(
            actor=by,
            action="payments.delivery.fund" if code == rules.FUNDED else "payments.delivery.hold",
            obj=delivery,
            before=before,
            after=snapshot(delivery),
            reason=_words(locked, code, authority.limit),
            scope_crc=locked.provider_crc,
        )
    _complete_when_used(locked, funded=funded, limit=authority.limit)
    return claimed


# --------------------------------------------------------------------------------------------------
# Claims: the state machine (R-F3)
# --------------------------------------------------------------------------------------------------


def parties(user: Any, claims: Iterable[Claim]) -> dict[int, str | None]:
    """For each claim, is the user its claimant or its payer (or neither)? Two queries, however many
    claims: the kernel's rows for "claim.submit" (payments.access.claimant) and "claim.approve" (payer)."""
    ids = [c.pk for c in claims]
    if not ids:
        return {}
    claimant = set(Claim.objects.visible_to(user, action="claim.submit").filter(pk__in=ids).values_list("pk", flat=True))
    payer = set(Claim.objects.visible_to(user, action="claim.approve").filter(pk__in=ids).values_list("pk", flat=True))
    return {pk: "claimant" if pk in claimant else "payer" if pk in payer else None for pk in ids}


def party(user: Any, claim: Claim) -> str | None:
    """Is the user the claimant or the payer of this claim (or neither)?"""
    return parties(user, [claim]).get(claim.pk)


def _move(
    claim: Claim, to: str, by: Any, *, automatic: bool = False, reason: str = "", paid_on: date | None = None, reference: str = ""
) -> Claim:
    today = clock.today()
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        who = "service" if automatic else party(by, locked)
        if who is None:
            raise PaymentRefused(_("You are neither the claimant nor the payer of this claim."))
        move = rules.Move(
            current=locked.status,
            to=to,
            by=who,
            lines=locked.lines.count(),
            reason=reason,
            paid_on=paid_on,
            payment_reference=reference,
            submitted_on=locked.submitted_on,
        )
        decision = rules.claim_transition(move, on=today)
        if not decision.value:
            raise PaymentRefused(decision.reasons, rules.move_field(move, on=today))
        before = snapshot(locked)
        now = clock.now()
        locked.status = to
        if to == ClaimStatus.SUBMITTED:
            locked.submitted_at, locked.submitted_on, locked.rejected_reason = now, today, ""
        elif to == ClaimStatus.APPROVED:
            locked.approved_by, locked.approved_at = by, now
        elif to == ClaimStatus.REJECTED:
            locked.rejected_reason = reason.strip()
        elif to == ClaimStatus.PAID:
            locked.paid_on, locked.payment_reference, locked.paid_recorded_by = paid_on, reference.strip(), by
        locked.save()
        record_change(
            actor=None if automatic else by,
            action=f"payments.claim.{to}",
            obj=locked,
            before=before,
            after=snapshot(locked),
            reason="Submitted by the service at the end of the month" if automatic else reason,
            scope_crc=locked.crc,
        )
    return locked


def submit_claim(*, claim: Claim, by: Any) -> Claim:
    """The claimant submits the month's claim early, or again after a rejection."""
    return _move(claim, ClaimStatus.SUBMITTED, by)


def approve_claim(*, claim: Claim, by: Any) -> Claim:
    return _move(claim, ClaimStatus.APPROVED, by)


def reject_claim(*, claim: Claim, reason: str, by: Any) -> Claim:
    return _move(claim, ClaimStatus.REJECTED, by, reason=reason)


def mark_paid(*, claim: Claim, paid_on: date | None, reference: str, by: Any) -> Claim:
    return _move(claim, ClaimStatus.PAID, by, paid_on=paid_on, reference=reference)


def submit_ended_months(*, today: date | None = None) -> list[Claim]:
    """Submit every open claim whose month has ended: nobody has to remember to claim (R-F3)."""
    today = today or clock.today()
    due = Claim.objects.filter(status=ClaimStatus.DRAFT, month__lt=today.replace(day=1)).filter(lines__isnull=False).distinct()
    return [_move(claim, ClaimStatus.SUBMITTED, None, automatic=True) for claim in due.order_by("pk")]


def escalate_unpaid_claims(*, today: date | None = None, threshold_days: int | None = None) -> list[Escalation]:
    """Escalate each unpaid claim older than the setting to its CRC's contract managers, once."""
    today = today or clock.today()
    threshold = threshold_days if threshold_days is not None else escalation_days()
    candidates = (
        Claim.objects.filter(status__in=[ClaimStatus.SUBMITTED, ClaimStatus.APPROVED], escalation__isnull=True, submitted_on__isnull=False)
        .filter(Q(submitted_on__lt=date.fromordinal(today.toordinal() - threshold)))
        .select_related("crc")
        .order_by("pk")
    )
    raised = []
    for claim in candidates:
        with transaction.atomic():
            locked = Claim.objects.select_for_update().get(pk=claim.pk)
            with translation.override("en-gb"):  # the reasons are stored in the audit trail: English whoever is reading
                decision = rules.escalation_due(
                    status=locked.status,
                    submitted_on=locked.submitted_on,
                    today=today,
                    threshold_days=threshold,
                    already_escalated=Escalation.objects.filter(claim=locked).exists(),
                )
            if not decision.value:
                continue
            escalation, made = Escalation.objects.get_or_create(
                claim=locked,
                defaults={
                    "raised_on": today,
                    "raised_at": clock.now(),
                    "age_days": locked.age_days(today) or 0,
                    "threshold_days": threshold,
                },
            )
            if not made:
                continue
            managers = list(claim.crc.contract_managers.all())
            escalation.to.set(managers)
            _notify_escalation(escalation, locked, managers)
            record_change(
                actor=None,
                action="payments.escalation.add",
                obj=escalation,
                after=snapshot(escalation),
                reason=" ".join(decision.reasons),
                scope_crc=claim.crc,
            )
            raised.append(escalation)
    return raised


def _notify_escalation(escalation: Escalation, claim: Claim, managers: list[Any]) -> None:
    """Tell the CRC's contract managers, once per escalation (the key names it)."""
    notify(
        key=f"claim-escalated:{escalation.pk}",
        recipients=managers,
        template="claim_escalated",
        context={
            "claim": claim.pk,
            "claimant": claim.claimant_name,
            "payer": claim.payer_name,
            "crc": str(claim.crc),
            "month": claim.month,  # a date: the message writes the month in its reader's language
            "total": money.format_pence(claim.total_pence),
            "age_days": escalation.age_days,
            "threshold_days": escalation.threshold_days,
        },
        link=reverse("payments_claim", kwargs={"pk": claim.pk}),
    )


def ensure_budget(
    *, name: str, kind: str, year_starting: date, amount_pence: int, allocations: list[tuple[Any, int]], by: Any = None
) -> Budget:
    """Create a budget and its allocations once (the demo, and administrators through the admin)."""
    with transaction.atomic():
        budget, made = Budget.objects.get_or_create(
            kind=kind, year_starting=year_starting, name=name, defaults={"amount_pence": amount_pence}
        )
        if made:
            rows = []
            for holder, pence in allocations:
                fields = {"crc": holder} if isinstance(holder, CRC) else {"nps_division": holder}
                rows.append(Allocation(budget=budget, amount_pence=pence, **(fields if holder is not None else {})))
            Allocation.objects.bulk_create(rows)
            # One event for the budget and its allocations (holder, pence), not one per row.
            after = {**snapshot(budget), "allocations": [[str(a.crc or a.nps_division or "national"), a.amount_pence] for a in rows]}
            record_change(actor=by, action="payments.budget.add", obj=budget, after=after)
    return budget


# --------------------------------------------------------------------------------------------------
# Withdrawing a delivery: an outcome changed back, exactly once (R-F3)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Withdrawn:
    delivery: Delivery | None  # the delivery withdrawn (or withdrawn before); None: never recorded
    changed: bool  # False: nothing live under this source_key, nothing changed
    removed: tuple[int, ...] = ()  # ids of lines taken off open claims
    credits: tuple[ClaimLine, ...] = ()  # credit lines on later open claims


def _lock_claimant(claim: Claim) -> None:
    """Lock the claimant's row before its claims, in the same order as `_open_claim`, so no deadlock."""
    if claim.claimant_crc_id:
        CRC.objects.select_for_update().filter(pk=claim.claimant_crc_id).first()
    elif claim.claimant_organisation_id:
        Organisation.objects.select_for_update().filter(pk=claim.claimant_organisation_id).first()


def withdraw_delivery(*, purchase: Purchase, source_key: str, reason: str, by: Any) -> Withdrawn:
    """Withdraw the live delivery recorded under `source_key` (an achieved outcome changed back).

    Exactly once: the purchase's row is locked, and a second or concurrent call finds nothing live.
    The delivery is kept, marked withdrawn with who, when and why. Each of its claim lines: on a claim
    still open (draft), taken off it; on a claim already submitted, approved, paid or rejected, taken
    back by a credit line (negative units and amount) on the claimant's open claim to the same payer
    for this month, so every claim total stays the exact sum of its lines. The units are free again
    (work held beyond the units takes them: `_fund_held`), and the same `source_key` can be recorded
    again (once). A held delivery (never claimed) has no lines: it is only marked withdrawn.
    """
    source_key = source_key.strip()
    if not reason.strip():
        raise PaymentRefused(_("Give the reason the delivery is withdrawn"), "reason")
    with transaction.atomic():
        locked = Purchase.objects.select_for_update().get(pk=purchase.pk)
        delivery = Delivery.objects.select_for_update().filter(source_key=source_key, withdrawn_at__isnull=True).first()
        if delivery is None:
            previous = Delivery.objects.filter(source_key=source_key).order_by("-withdrawn_at", "-pk").first()
            return Withdrawn(previous, changed=False)
        if delivery.purchase_id != locked.pk:
            raise PaymentRefused(_("%(source_key)s was recorded against another purchase.") % {"source_key": source_key})
        before = snapshot(delivery)
        removed: list[int] = []
        removed_words: list[list[Any]] = []  # [line, claim, tier, amount]: what left each open claim, for the audit
        credits: list[ClaimLine] = []
        month = clock.today().replace(day=1)
        for line in list(delivery.lines.filter(reverses__isnull=True).order_by("pk")):
            claim = Claim.objects.get(pk=line.claim_id)
            _lock_claimant(claim)
            claim = Claim.objects.select_for_update().get(pk=claim.pk)
            if claim.status == ClaimStatus.DRAFT:
                removed.append(line.pk)
                removed_words.append([line.pk, claim.pk, line.tier, line.amount_pence])
                line.delete()
                Claim.objects.filter(pk=claim.pk).update(total_pence=F("total_pence") - line.amount_pence)
                continue
            target = _open_claim(
                claimant_crc_id=claim.claimant_crc_id,
                claimant_organisation_id=claim.claimant_organisation_id,
                payer_division_id=claim.payer_division_id,
                payer_crc_id=claim.payer_crc_id,
                national=claim.payer_national,
                crc_id=claim.crc_id,
                month=month,
            )
            credit = ClaimLine.objects.create(
                claim=target,
                delivery=delivery,
                tier=line.tier,
                units=-line.units,
                unit_price_pence=line.unit_price_pence,
                amount_pence=-line.amount_pence,
                reverses=line,
            )
            Claim.objects.filter(pk=target.pk).update(total_pence=F("total_pence") + credit.amount_pence)
            credits.append(credit)
        delivery.withdrawn_at, delivery.withdrawn_by, delivery.withdrawn_reason = clock.now(), by, reason.strip()
        delivery.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
        record_change(
            actor=by,
            action="payments.delivery.withdraw",
            obj=delivery,
            before=before,
            after={
                **snapshot(delivery),
                "lines_removed_from_open_claims": removed_words,
                "credit_lines": [[c.pk, c.claim_id, c.tier, c.amount_pence, c.reverses_id] for c in credits],
            },
            reason=reason.strip(),
            scope_crc=locked.provider_crc,
        )
        # Its units are free again: work held beyond the units takes them, earliest first (R-F3b).
        _fund_held(locked, by=by)
    return Withdrawn(delivery, changed=True, removed=tuple(removed), credits=tuple(credits))
