"""Every write to a referral and the partner's work on it (R-R2, R-R3).

Each function runs in one transaction, locks the referral it changes (select_for_update), asks the
pure rules in `rules.py` whether the change is allowed, and records it in the audit trail with the
CRC it belongs to. A retry does not duplicate: sending, sessions, notes and unfunded work take an
optional client-supplied idempotency key (a unique column), and a repeat returns the first result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ttg.accounts.constants import Role
from ttg.accounts.models import User
from ttg.core import clock, db
from ttg.core.audit import record_change, snapshot
from ttg.core.pathways import PATHWAY_CODES
from ttg.core.rules import Decision, local_date, without_citations
from ttg.notifications.services import notify
from ttg.payments.constants import PurchaseStatus
from ttg.payments.models import Delivery, Purchase, RateCardItem
from ttg.payments.services import PaymentRefused, asked, rate_card_in_force, record_delivery, request_purchase, withdraw_delivery
from ttg.people.models import CustodyPeriod
from ttg.plans.plan.models import PlanActivity
from ttg.supply_chain import selectors as supply_chain
from ttg.supply_chain.rules import Coverage

from . import disclosures, rules
from .models import (
    Achievement,
    Assignment,
    CaseNote,
    DesiredOutcome,
    EndOfService,
    OutcomeAchievement,
    Referral,
    Session,
    Side,
    Status,
    UnfundedWork,
)

M = TypeVar("M", bound=models.Model)

# What was written about a person is personal data: the audit trail says only that it changed.
REDACT = ("need", "shared_information", "partner_needs_to_know", "reason", "summary", "text", "note", "description", "person_reference")


class ReferralError(Exception):
    """A change that cannot be made now; the message says why, in words for the user."""

    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        # Pages show `message`, without the rules' codes (those are for administrators); the API returns `cited`.
        self.cited, self.message = message, without_citations(message)
        self.field = field


# What the other side is told, in words (no personal data: the reference and the organisation only); lazy,
# so each message is in its reader's language.
CHANGE_WORDS = {
    rules.SEND: gettext_lazy("A new referral has been sent to you."),
    rules.ACCEPT: gettext_lazy("The referral has been accepted."),
    rules.DECLINE: gettext_lazy("The referral has been declined."),
    rules.WITHDRAW: gettext_lazy("The referral has been withdrawn."),
    rules.CANCEL: gettext_lazy("The referral has been cancelled by the partner."),
    rules.COMPLETE: gettext_lazy("The work is finished: the end-of-service summary is ready."),
    "note": gettext_lazy("A case note has been added."),
    "session": gettext_lazy("A session has been recorded."),
    "outcome": gettext_lazy("An outcome has been recorded."),
}


def _notify_other_side(referral: Referral, change: str, *, by: Any, ref: object = "") -> None:
    """Tell the other side of the referral what changed (docs/notifications.md).

    Partner's changes go to the referrer; the referrer's to the assigned partner caseworker, or to
    every partner caseworker of the organisation before anyone is assigned. The key names the change
    (the new status and when, or the note's or session's id), so a retry or a double-click never
    sends it twice. Delivered after commit by the task worker.
    """
    referral = Referral.objects.select_related("organisation", "referred_by", "assigned_to").get(pk=referral.pk)
    recipients: list[Any]
    if by is not None and by.role == Role.PARTNER_CASEWORKER:
        recipients = [referral.referred_by]
        link = reverse("referral_detail", args=[referral.pk])
    else:
        recipients = [referral.assigned_to] if referral.assigned_to_id else list(partner_caseworkers(referral.organisation))
        link = reverse("partner_referral", args=[referral.pk])
    notify(
        key=f"referral:{referral.pk}:{change}:{ref or referral.status_changed_at.isoformat()}",
        recipients=[r for r in recipients if by is None or r.pk != by.pk],
        template="referral_changed",
        context={
            "reference": referral.reference,
            "organisation": referral.organisation.name,
            # Lazy translations: each is read in the language the message is written in (its reader's).
            "status": Status(referral.status).label,
            "change": CHANGE_WORDS.get(change, ""),
        },
        link=link,
    )


def lookup_in_supply_chain(*, organisation: Any, crc: Any, pathway: str, prison: Any, on: date) -> bool:
    """Whether the organisation is in the CRC's supply chain for this pathway and prison on the day (R-R1).
    No CRC (a non-resettlement prison, whose people the NPS refers from a release plan): in no supply chain."""
    if crc is None:
        return False
    return supply_chain.in_supply_chain(organisation, crc, pathway, prison, on).value


def sharing_coverage(*, discloser: Any, organisation: Any, categories: Iterable[str], on: date) -> Decision[Coverage]:
    """R-R5: whether an information-sharing agreement between the CRC (None: the NPS) and the
    organisation covers every category shared on the day; what is missing; which agreements apply."""
    return supply_chain.agreement_in_force(discloser_crc=discloser, recipient=organisation, categories=tuple(categories), on=on)


def _idempotent(model: type[M], key: str | None, make: Callable[[], M]) -> M:
    """Make the row once per key: a repeat (or a race lost on the unique key) returns the first one."""
    if key:
        existing = model._default_manager.filter(idempotency_key=key).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                return make()
        except IntegrityError:
            existing = model._default_manager.filter(idempotency_key=key).first()
            if existing is None:
                raise
            return existing
    return make()


def _locked(referral: Referral) -> Referral:
    return Referral.objects.select_for_update(of=("self",)).select_related("organisation", "crc", "purchase__item").get(pk=referral.pk)


# --------------------------------------------------------------------------------------------------
# Funding: the rate-card purchase, and delivery becoming a claim (issue 7; docs/payments.md)
# --------------------------------------------------------------------------------------------------


def _matching_purchase(purchase: Any, *, period: Any, organisation: Any, crc: Any) -> Any:
    """The purchase, locked, if it can fund this referral; otherwise refused in words (field "purchase")."""

    found = Purchase.objects.select_for_update(of=("self",)).select_related("item").filter(pk=purchase.pk).first()
    if found is None:
        raise ReferralError(_("There is no purchase with that reference"), field="purchase")
    if found.custody_period_id != period.pk:
        raise ReferralError(
            _("Purchase %(ref)s is for someone else, or for another time in custody: it cannot fund this referral")
            % {"ref": found.reference},
            field="purchase",
        )
    if found.status != PurchaseStatus.AUTHORISED:
        raise ReferralError(
            _("Purchase %(ref)s is %(status)s, not authorised: it cannot fund new work")
            % {"ref": found.reference, "status": found.get_status_display().lower()},
            field="purchase",
        )
    by_organisation = found.provider_organisation_id == organisation.pk
    by_crc = found.provider_organisation_id is None and crc is not None and found.provider_crc_id == crc.pk
    if not (by_organisation or by_crc):
        raise ReferralError(
            _("Purchase %(ref)s buys a service from another provider, not from %(org)s")
            % {"ref": found.reference, "org": organisation.name},
            field="purchase",
        )
    return found


def purchase_by_reference(reference: str) -> Any:
    """The purchase a referrer named, or None when none was named; refused when there is no such purchase.

    Not scoped to the user: `_matching_purchase` then refuses any purchase that is not for this person."""

    reference = (reference or "").strip().upper()
    if not reference:
        return None
    found = Purchase.objects.filter(reference=reference).first()
    if found is None:
        raise ReferralError(_("There is no purchase with the reference %(ref)s") % {"ref": reference}, field="purchase")
    return found


def matching_purchases(*, period: Any, organisation: Any, crc: Any) -> models.QuerySet[Any]:
    """The authorised purchases that could fund a referral: same custody period, from the organisation or the CRC."""

    provider = models.Q(provider_organisation=organisation)
    if crc is not None:
        provider |= models.Q(provider_organisation__isnull=True, provider_crc=crc)
    return (
        Purchase.objects.filter(provider, custody_period=period, status=PurchaseStatus.AUTHORISED)
        .select_related("item")
        .order_by("-purchased_on", "-id")
    )


def services_to_ask_for(*, organisation: Any, crc: Any, on: date) -> list[RateCardItem]:
    """The organisation's services on the CRC's rate card in force: what a rate-card referral to it
    can ask the CRC to buy (R-F2: a CRC buys from its own partner)."""
    card = rate_card_in_force(crc, on) if crc is not None else None
    if card is None:
        return []
    return list(card.items.filter(provider_organisation=organisation).order_by("title", "unit"))


def attach_purchase(*, referral: Referral, purchase: Any, by: Any) -> Referral:
    """Add an authorised purchase that funds a rate-card referral ("Add the purchase"). Audited.

    For a referral sent before purchases were asked for at sending, or whose purchase was refused or
    is used up. Not while its purchase waits for the purchaser (the purchaser decides that one). Every
    piece of work already recorded on the referral that the purchase pays for is recorded against it
    at once (`_record_work`): claimed when within its authority, otherwise held and shown with the
    reason (R-F3b), whatever the order things happened in. Work held on the earlier purchase moves to
    this one (withdrawn there with the reason, recorded here).
    """
    with transaction.atomic():
        locked = _locked(referral)
        if locked.funding != rules.RATE_CARD:
            raise ReferralError(_("Only a rate-card referral is funded by a purchase"), field="purchase")
        if locked.purchase_id == purchase.pk:
            return locked
        allowed = rules.can_add_purchase(locked.status, work_recorded=len(_paid_work(locked, None)), on=clock.today())
        if not allowed.value:
            raise ReferralError(" ".join(allowed.reasons), field="purchase")
        if locked.funded:
            raise ReferralError(
                _("The referral is already funded by purchase %(ref)s") % {"ref": locked.purchase.reference},  # type: ignore[union-attr]
                field="purchase",
            )
        earlier = locked.purchase
        if earlier is not None and earlier.status == PurchaseStatus.REQUESTED:
            raise ReferralError(
                _(
                    "Purchase %(ref)s was asked for when the referral was sent, and waits for %(who)s to decide: it funds the referral once authorised."
                )
                % {"ref": earlier.reference, "who": earlier.purchaser_name},
                field="purchase",
            )
        period = locked.plan_activity.plan.custody_period
        found = _matching_purchase(purchase, period=period, organisation=locked.organisation, crc=locked.crc)
        before = snapshot(locked)
        if earlier is not None:
            for held in Delivery.objects.filter(purchase=earlier, withdrawn_at__isnull=True).exclude(unfunded_reason="").order_by("pk"):
                withdraw_delivery(purchase=earlier, source_key=held.source_key, reason=f"Moved to purchase {found.reference}", by=by)
        locked.purchase = found
        locked.save(update_fields=["purchase"])
        record_change(
            actor=by,
            action="referrals.referral.attach_purchase",
            obj=locked,
            before=before,
            after=snapshot(locked),
            redact=REDACT,
            reason=f"Funded by rate-card purchase {found.reference}",
            scope_crc=locked.crc,
        )
        _record_work(locked, by=by)
        return locked


def _paid_work(referral: Referral, unit: str | None) -> tuple[rules.Work, ...]:
    """The referral's recorded work that a purchase paying per `unit` pays for (rules.paid_work)."""
    return rules.paid_work(
        unit,
        referral=referral.pk,
        accepted_on=local_date(referral.accepted_at) if referral.accepted_at else None,
        sessions=referral.sessions.order_by().values_list("pk", "on", "attendance"),
        outcomes=[
            (o.pk, o.desired_outcome.text, o.result, local_date(o.recorded_at))
            for o in OutcomeAchievement.objects.filter(referral=referral).select_related("desired_outcome")
        ],
    )


def _record_work(referral: Referral, *, by: Any) -> None:
    """Record every piece of the referral's work its purchase pays for against that purchase, once:
    payments claims what is within the authority and holds the rest with its reason. Work already
    claimed on an earlier purchase stays claimed there."""
    purchase = referral.purchase
    if referral.funding != rules.RATE_CARD or purchase is None:
        return
    work = _paid_work(referral, purchase.item.unit)
    live = set(
        Delivery.objects.filter(source_key__in=[w.key for w in work], withdrawn_at__isnull=True).values_list("source_key", flat=True)
    )
    for piece in work:
        if piece.key not in live:
            _claim(referral, kind=purchase.item.unit, source_key=piece.key, units=1, on=piece.on, by=by)


def _claim(referral: Referral, *, kind: str, source_key: str, units: int, on: date, by: Any) -> bool:
    """Record delivery against the referral's purchase, when its item is paid per `kind` (R-F3b).

    Runs inside the caller's transaction, whatever the purchase's state: claimed at once when within
    its authority; otherwise held by payments with the reason (the purchase waits for its purchaser,
    was refused, the units are used up...), shown to both sides and the contract manager, and claimed
    when the authority comes to cover it. The partner's work is never refused for want of funding.
    """

    purchase = referral.purchase
    if referral.funding != rules.RATE_CARD or purchase is None or purchase.item.unit != kind:
        return False
    try:
        recorded = record_delivery(purchase=purchase, source_key=source_key, units=units, on=on, by=by, kind=kind, hold_outside=True)
    except PaymentRefused as refused:
        raise ReferralError(_("Not recorded: %(words)s") % {"words": " ".join(refused.reasons)}, field="purchase") from refused
    return recorded.created


def _unclaim(referral: Referral, *, source_key: str, reason: str, by: Any) -> bool:
    """Withdraw the delivery recorded under `source_key`, claimed or held, on whichever of the
    referral's purchases it is live (an earlier one, if it was claimed there). In the caller's transaction."""

    live = Delivery.objects.filter(source_key=source_key, withdrawn_at__isnull=True).select_related("purchase").first()
    if live is None:
        return False
    return withdraw_delivery(purchase=live.purchase, source_key=source_key, reason=reason, by=by).changed


def _move(referral: Referral, action: str, *, by: Any, reason: str = "", closing: rules.Closing | None = None) -> Referral:
    """Apply a transition to a locked referral, or raise with the rule's reasons."""
    with translation.override("en-gb"):  # its reason is stored in the audit trail: English whoever is reading (issue 22)
        decision = rules.transition(referral.status, action, on=clock.today(), reason=reason, closing=closing)
    if decision.value is None:
        refused = rules.transition(referral.status, action, on=clock.today(), reason=reason, closing=closing)  # in the reader's words
        field = "reason" if action in rules.NEEDS_REASON else ("summary" if action == rules.COMPLETE else "")
        raise ReferralError(" ".join(refused.reasons), field=field)
    before = snapshot(referral)
    referral.status = decision.value
    referral.status_changed_at = clock.now()
    if reason:
        referral.reason = reason.strip()
    referral.save(update_fields=["status", "status_changed_at", "reason"])
    record_change(
        actor=by,
        action=f"referrals.referral.{action}",
        obj=referral,
        before=before,
        after=snapshot(referral),
        redact=REDACT,
        reason=decision.reasons[0],
        scope_crc=referral.crc,
    )
    if action != rules.START:  # the first session starts the work: its own notification says so
        _notify_other_side(referral, action, by=by)
    return referral


# --------------------------------------------------------------------------------------------------
# The referrer's side
# --------------------------------------------------------------------------------------------------


def shareable_values(period: CustodyPeriod) -> dict[str, str]:
    """Every fact the referrer may choose to share, as the partner would see it."""
    person, prison = period.person, period.current_prison
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "prison_number": person.prison_number,
        "release_date": period.release_date.isoformat() if period.release_date else "",
        "prison": prison.name if prison else "",
    }


def offered_outcomes(pathway: str, on: date) -> models.QuerySet[DesiredOutcome]:
    """The desired outcomes offered for a new referral on a pathway: not retired on the day."""
    qs = DesiredOutcome.objects.filter(models.Q(retired_on__isnull=True) | models.Q(retired_on__gt=on))
    return qs.filter(pathway=pathway) if pathway else qs


def send(
    *,
    activity: PlanActivity,
    organisation: Any,
    need: str,
    desired_outcomes: Iterable[DesiredOutcome],
    shared: Iterable[str],
    partner_needs_to_know: str = "",
    consent_given: bool | None,
    consent_on: date | None,
    funding: str,
    in_supply_chain: bool | None = None,
    purchase: Any = None,
    service: RateCardItem | None = None,
    units: int | None = None,
    by: Any,
    idempotency_key: str | None = None,
) -> Referral:
    """Send a referral from a plan activity to an organisation. Refused without consent.

    A rate-card referral carries its purchase from the start (R-R3): it names an authorised purchase
    (for the same person and custody period, from the organisation or the CRC), or it asks the CRC to
    buy `units` of the organisation's rate-card `service` (`payments.services.request_purchase`, in
    the same transaction): the purchaser is told and decides; until then the partner sees the work
    is not yet funded and who was asked, and what they record is claimed once it is authorised.
    """
    outcomes = list(desired_outcomes)
    keys = tuple(dict.fromkeys(shared))
    today = clock.today()
    sending = rules.Sending(
        need=need,
        desired_outcomes=len(outcomes),
        retired_outcomes=tuple(o.text for o in outcomes if not o.offered_on(today)),
        consent_given=consent_given,
        consent_on=consent_on,
        funding=funding,
        shared=keys,
        purchase_named=purchase is not None,
        service_asked=service is not None and bool(units),
    )
    decision = rules.can_send(sending, on=today)
    if not decision.value:
        raise ReferralError(" ".join(decision.reasons), field=rules.send_field(sending, on=today))
    if idempotency_key:
        existing = Referral.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    with transaction.atomic():
        activity = (
            PlanActivity.objects.select_for_update(of=("self",))
            .select_related("plan__custody_period__current_prison__crc")
            .get(pk=activity.pk)
        )
        period = activity.plan.custody_period
        values = shareable_values(period)
        prison = period.current_prison
        now = clock.now()
        crc = prison.crc if prison else None
        if (purchase is not None or service is not None) and funding != rules.RATE_CARD:
            raise ReferralError(_("Only a rate-card referral can name a purchase"), field="purchase")
        if purchase is not None:
            purchase = _matching_purchase(purchase, period=period, organisation=organisation, crc=crc)
        in_chain = (
            in_supply_chain
            if in_supply_chain is not None
            else lookup_in_supply_chain(organisation=organisation, crc=crc, pathway=activity.pathway, prison=prison, on=today)
        )
        # R-R5 (U3): nothing about the person goes to the organisation without an agreement in force for each category.
        categories = rules.categories_shared(keys, partner_needs_to_know=partner_needs_to_know)
        discloser = crc if crc is not None else getattr(by, "crc", None)
        coverage = sharing_coverage(discloser=discloser, organisation=organisation, categories=categories, on=today)
        if not coverage.value.covered:
            raise ReferralError(" ".join(coverage.reasons), field="shared")

        def make() -> Referral:
            bought = (
                purchase
                if purchase is not None
                else _ask_for_purchase(by=by, period=period, organisation=organisation, crc=crc, service=service, units=units)
            )
            referral = Referral.objects.create(
                plan_activity=activity,
                organisation=organisation,
                crc=prison.crc if prison else None,
                pathway=activity.pathway,
                activity_title=activity.title,
                referred_by=by,
                referred_at=now,
                need=need.strip(),
                shared_information={k: values[k] for k in rules.SHAREABLE if k in keys},
                partner_needs_to_know=partner_needs_to_know.strip(),
                consent_given=bool(consent_given),
                consent_on=consent_on,
                funding=funding,
                purchase=bought,
                in_supply_chain=in_chain,
                status=rules.SENT,
                status_changed_at=now,
                idempotency_key=idempotency_key or None,
            )
            referral.desired_outcomes.set(outcomes)
            disclosures.log_disclosure(
                by, referral, person_id=period.person_id, discloser=discloser, categories=categories, coverage=coverage
            )
            with translation.override("en-gb"):  # stored in the audit trail: English whoever is reading (issue 22)
                funded = rules.funding_words(funding).lower()
            record_change(
                actor=by,
                action="referrals.referral.send",
                obj=referral,
                after=snapshot(referral),
                redact=REDACT,
                reason=f"Referred to {organisation.name}; {funded}",
                scope_crc=referral.crc,
            )
            return referral

        referral = _idempotent(Referral, idempotency_key, make)
    _notify_other_side(referral, rules.SEND, by=by)
    return referral


def _ask_for_purchase(*, by: Any, period: Any, organisation: Any, crc: Any, service: RateCardItem | None, units: int | None) -> Any:
    """The purchase a rate-card referral asks the CRC for when it is sent (None when it names one)."""
    if service is None:
        return None
    if service.provider_organisation_id != organisation.pk:
        raise ReferralError(
            _("%(service)s is not a service of %(org)s: choose one of theirs") % {"service": service.title, "org": organisation.name},
            field="service",
        )
    if crc is None:
        raise ReferralError(_("The person is not in a prison a CRC serves: no CRC can be asked to buy the service"), field="service")
    try:
        return request_purchase(by=by, custody_period=period, item=service, units=units or 0, crc=crc)
    except PaymentRefused as refused:
        raise ReferralError(" ".join(refused.reasons), field="units" if refused.field == "units" else "service") from refused


def who_was_asked(referral: Referral) -> list[Any]:
    """The people asked to decide the purchase a rate-card referral waits for (none otherwise)."""
    return asked(referral.purchase) if referral.awaiting_purchase and referral.purchase is not None else []


def withdraw(*, referral: Referral, reason: str, by: Any) -> Referral:
    with transaction.atomic():
        return _move(_locked(referral), rules.WITHDRAW, by=by, reason=reason)


def add_note(*, referral: Referral, text: str, by: Any, idempotency_key: str | None = None) -> CaseNote:
    """A case note from either side: the CRC's caseworker or the partner."""
    if not text.strip():
        raise ReferralError(_("Write the case note"), field="text")
    side = Side.PARTNER if by.role == Role.PARTNER_CASEWORKER else Side.CRC
    with transaction.atomic():
        locked = _locked(referral)

        def make() -> CaseNote:
            note = CaseNote.objects.create(
                referral=locked, author=by, side=side, text=text.strip(), at=clock.now(), idempotency_key=idempotency_key or None
            )
            record_change(actor=by, action="referrals.casenote.add", obj=note, after=snapshot(note), redact=REDACT, scope_crc=locked.crc)
            return note

        note = _idempotent(CaseNote, idempotency_key, make)
    _notify_other_side(referral, "note", by=by, ref=note.pk)
    return note


# --------------------------------------------------------------------------------------------------
# The partner's side
# --------------------------------------------------------------------------------------------------


def accept(*, referral: Referral, by: Any) -> Referral:
    with transaction.atomic():
        locked = _locked(referral)
        if locked.status == rules.ACCEPTED:  # a double-click: already done
            return locked
        locked = _move(locked, rules.ACCEPT, by=by)
        locked.accepted_at = locked.status_changed_at
        locked.save(update_fields=["accepted_at"])
        if locked.assigned_to_id is None:
            _assign(locked, by, by=by)
        _claim(locked, kind="referral", source_key=f"referrals.referral:{locked.pk}", units=1, on=clock.today(), by=by)
        return locked


def decline(*, referral: Referral, reason: str, by: Any) -> Referral:
    with transaction.atomic():
        return _move(_locked(referral), rules.DECLINE, by=by, reason=reason)


def cancel(*, referral: Referral, reason: str, by: Any) -> Referral:
    with transaction.atomic():
        return _move(_locked(referral), rules.CANCEL, by=by, reason=reason)


def partner_caseworkers(organisation: Any) -> models.QuerySet[Any]:

    return User.objects.filter(organisation=organisation, role=Role.PARTNER_CASEWORKER, is_active=True).order_by("first_name", "last_name")


def _assign(referral: Referral, caseworker: Any, *, by: Any) -> Assignment:
    row = Assignment.objects.create(referral=referral, caseworker=caseworker, previous=referral.assigned_to, by=by, at=clock.now())
    referral.assigned_to = caseworker
    referral.save(update_fields=["assigned_to"])
    record_change(actor=by, action="referrals.referral.assign", obj=row, after=snapshot(row), scope_crc=referral.crc)
    return row


def assign(*, referral: Referral, caseworker: Any, by: Any) -> Assignment | None:
    """Assign or reassign the partner caseworker; the history is kept. None if already theirs."""
    with transaction.atomic():
        locked = _locked(referral)
        if locked.status not in rules.OPEN:
            raise ReferralError(_("The referral is closed: it can no longer be assigned."), field="caseworker")
        if not partner_caseworkers(locked.organisation).filter(pk=caseworker.pk).exists():
            raise ReferralError(_("Choose a caseworker of %(org)s") % {"org": locked.organisation.name}, field="caseworker")
        if locked.assigned_to_id == caseworker.pk:
            return None
        return _assign(locked, caseworker, by=by)


@db.retry_on_deadlock
def record_session(
    *,
    referral: Referral,
    on: date,
    method: str,
    attendance: str,
    reason: str = "",
    note: str = "",
    by: Any,
    idempotency_key: str | None = None,
) -> Session:
    """A contact or session. The first one starts the work (accepted → in progress)."""
    check = rules.check_session(attendance=attendance, reason=reason, on=on, today=clock.today())
    if not check.value:
        no_reason = attendance in rules.ATTENDANCE_NEEDS_REASON and not reason.strip()  # the first problem, if it is one
        raise ReferralError(" ".join(check.reasons), field="reason" if no_reason else "on")
    with transaction.atomic():
        locked = _locked(referral)
        working = rules.can_work(locked.status)
        if not working.value:
            raise ReferralError(" ".join(working.reasons))

        def make() -> Session:
            session = Session.objects.create(
                referral=locked,
                on=on,
                method=method,
                attendance=attendance,
                reason=reason.strip() if attendance in rules.ATTENDANCE_NEEDS_REASON else "",
                note=note.strip(),
                recorded_by=by,
                recorded_at=clock.now(),
                idempotency_key=idempotency_key or None,
            )
            record_change(
                actor=by, action="referrals.session.record", obj=session, after=snapshot(session), redact=REDACT, scope_crc=locked.crc
            )
            if locked.status == rules.ACCEPTED:
                _move(locked, rules.START, by=by)
            if attendance in (rules.ATTENDED, rules.LATE):
                # Sessions record no length: an hourly purchase is claimed one hour per session.
                for kind in ("session", "hour"):
                    _claim(locked, kind=kind, source_key=f"referrals.session:{session.pk}", units=1, on=on, by=by)
            return session

        session = _idempotent(Session, idempotency_key, make)
    _notify_other_side(referral, "session", by=by, ref=session.pk)
    return session


def record_outcome(*, referral: Referral, desired_outcome: DesiredOutcome, result: str, note: str = "", by: Any) -> OutcomeAchievement:
    """What became of one desired outcome; recording it again replaces the earlier answer."""

    if result not in Achievement.values:
        raise ReferralError(_("Say whether “%(outcome)s” was achieved") % {"outcome": desired_outcome.text}, field="result")
    with transaction.atomic():
        locked = _locked(referral)
        working = rules.can_work(locked.status)
        if not working.value:
            raise ReferralError(" ".join(working.reasons))
        if not locked.desired_outcomes.filter(pk=desired_outcome.pk).exists():
            raise ReferralError(_("“%(outcome)s” is not a desired outcome of this referral") % {"outcome": desired_outcome.text})
        existing = OutcomeAchievement.objects.filter(referral=locked, desired_outcome=desired_outcome).first()
        before = snapshot(existing) if existing else None
        row, _made = OutcomeAchievement.objects.update_or_create(
            referral=locked,
            desired_outcome=desired_outcome,
            defaults={"result": result, "note": note.strip(), "recorded_by": by, "recorded_at": clock.now()},
        )
        record_change(
            actor=by, action="referrals.outcome.record", obj=row, before=before, after=snapshot(row), redact=REDACT, scope_crc=locked.crc
        )
        if result == Achievement.ACHIEVED:
            _claim(locked, kind="outcome", source_key=f"referrals.outcome:{row.pk}", units=1, on=clock.today(), by=by)
        elif existing is not None and existing.result == Achievement.ACHIEVED:
            # No longer achieved: its claim is withdrawn (taken off the open claim, or credited on the next).
            _unclaim(
                locked,
                source_key=f"referrals.outcome:{row.pk}",
                reason=f"Outcome “{desired_outcome.text}” changed from achieved to {row.get_result_display().lower()}",
                by=by,
            )
    _notify_other_side(referral, "outcome", by=by, ref=f"{row.pk}-{row.result}")
    return row


def close(*, referral: Referral, summary: str, by: Any) -> Referral:
    """Complete the referral with an end-of-service summary the referrer sees."""
    with transaction.atomic():
        locked = _locked(referral)
        recorded = set(OutcomeAchievement.objects.filter(referral=locked).values_list("desired_outcome_id", flat=True))
        missing = tuple(o.text for o in locked.desired_outcomes.order_by("order", "id") if o.pk not in recorded)
        locked = _move(locked, rules.COMPLETE, by=by, closing=rules.Closing(summary=summary, outcomes_missing=missing))
        end = EndOfService.objects.create(referral=locked, summary=summary.strip(), closed_by=by, closed_at=clock.now())
        record_change(actor=by, action="referrals.endofservice.add", obj=end, after=snapshot(end), redact=REDACT, scope_crc=locked.crc)
    return locked


def record_unfunded_work(
    *,
    organisation: Any,
    person_reference: str,
    on: date,
    pathway: str,
    description: str,
    hours: Decimal,
    by: Any,
    referral: Referral | None = None,
    idempotency_key: str | None = None,
) -> UnfundedWork:
    """Work a partner did without funding, so that sector subsidy is measurable."""

    problems = []
    if not person_reference.strip():
        problems.append((_("Give your reference for the person (not their name)"), "person_reference"))
    if pathway not in PATHWAY_CODES:
        problems.append((_("Choose a pathway"), "pathway"))
    if not description.strip():
        problems.append((_("Describe the work"), "description"))
    if hours is None or hours <= 0 or hours > Decimal("999"):
        problems.append((_("Hours must be more than 0 and at most 999"), "hours"))
    if on > clock.today():
        problems.append((_("The date must be today or in the past"), "on"))
    if referral is not None and referral.organisation_id != organisation.pk:
        problems.append((_("The referral is not to your organisation"), "referral"))
    if problems:
        raise ReferralError(problems[0][0], field=problems[0][1])
    with transaction.atomic():

        def make() -> UnfundedWork:
            row = UnfundedWork.objects.create(
                organisation=organisation,
                referral=referral,
                person_reference=person_reference.strip(),
                on=on,
                pathway=pathway,
                description=description.strip(),
                hours=hours,
                recorded_by=by,
                recorded_at=clock.now(),
                idempotency_key=idempotency_key or None,
            )
            record_change(
                actor=by,
                action="referrals.unfundedwork.record",
                obj=row,
                after=snapshot(row),
                redact=REDACT,
                scope_crc=referral.crc if referral else None,
            )
            return row

        return _idempotent(UnfundedWork, idempotency_key, make)
