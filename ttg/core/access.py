"""The access kernel: the one module that decides who may do what and see which rows.

Three parts, each failing closed:

1. ROLE_ACTIONS: what each role may do. An action not listed for a role is refused; an unknown
   role or action is refused; an error while deciding is a refusal.
2. SCOPE_RULES: for each model, which rows a user may see (`Model.objects.visible_to(user)`).
   A model without a rule shows nothing.
3. get_for(user, model, **lookup): one object, or the same 404 for "missing" and "not yours".

Views declare what they need with `@requires("action")` or `@public` (a class-based view sets
`ttg_action = "..."` or `ttg_public = True`); core.middleware.AccessMiddleware refuses any view that
declares neither, and the API's default permission class does the same for API views. `@requires`
rejects an unknown action at import time; an unknown `ttg_action` is refused when called.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404

from ttg.accounts.constants import Role

if TYPE_CHECKING:
    from ttg.accounts.models import User

log = logging.getLogger("ttg.security")

M = TypeVar("M", bound=Model)
F = TypeVar("F", bound=Callable[..., Any])

EVERY_ROLE = frozenset(Role)

# Every action the service knows. A view naming anything else fails at import time.
ACTIONS: dict[str, str] = {
    "home.view": "See my home page",
    "account.view": "See who I am signed in as, my role and organisation",
    "estate.view": "See reference data about prisons, CRCs, NPS divisions and organisations",
    "audit.search": "Search the audit trail",
    "person.view": "Find people in custody and see their custody record",
    "caseload.view": "See a prison's caseload: everyone in custody there",
    "feed.import": "Send custody feed events (integration accounts) and see import runs",
    "screening.view": "See screenings, what is due and when, immediate needs and the duty to refer",
    "screening.bcst1": "Complete, clone and amend BCST1 (reception screening)",
    "screening.bcst2": "Complete and amend BCST2",
    "screening.acknowledge": "Acknowledge immediate needs flagged from BCST1",
    "screening.duty_to_refer": "Record the homelessness duty to refer",
    "catalogue.view": "See the specification catalogue: its versions, levels and activities",
    "plan.view": "See a person's resettlement plan and its activities",
    "plan.edit": "Propose, agree and update a person's resettlement plan",
    "supply_chain.view": "See the supply-chain register: CRCs' partner organisations, their services, prisons and contracts",
    "supply_chain.edit": "Add supply-chain contracts and services, and end services, for my CRC",
    "notification.view": "See my own notifications and mark them read",
    "referral.view": "See referrals to partner organisations: to my organisation, or from my CRC's prisons",
    "referral.make": "Refer a plan activity to a partner organisation, add case notes and withdraw it",
    "referral.work": "Work on referrals to my organisation: accept, decline, assign, sessions, notes, outcomes, close; record unfunded work",
    "referral.aggregates": "See counts of referrals and unfunded work for the CRCs I manage (not the records)",
    "ratecard.view": "See CRCs' published rate cards (and their own CRC's drafts)",
    "ratecard.edit": "Draft, change and publish my CRC's rate card",
    "purchase.make": "Buy a rate-card service for a person leaving a non-resettlement prison",
    "purchase.view": "See purchases: what was bought, for whom, with what authority",
    "delivery.record": "Record delivery against a purchase, which claims for it",
    "claim.view": "See claims, their lines, ageing and payments due",
    "claim.submit": "Submit my organisation's claim, or resubmit it after a rejection",
    "claim.approve": "Approve or reject a claim as its payer",
    "claim.mark_paid": "Record that a claim was paid, with the date and reference",
    "funding.view": "See budgets, allocations, spend, cost per person and activity, and aged debt",
    "funding.edit": "Set budgets and allocations",
    "handover.view": "See the handover of a person's plan to the responsible officer, and its one-page summary",
    "handover.make": "Hand a person's plan over to their responsible officer before release",
    "handover.receive": "See the handovers made to me and mark them received",
}

# What every person (not a system) may do: see their home, who they are, reference data and their notifications.
_EVERYONE = frozenset({"home.view", "account.view", "estate.view", "catalogue.view", "notification.view"})
# Working with people in custody (prisons and CRCs), scoped to where the user works (SCOPE_RULES).
_PERSON = _EVERYONE | {"person.view", "caseload.view", "screening.view", "plan.view", "handover.view"}

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.PRISON_OFFICER: _PERSON | {"screening.bcst1", "screening.duty_to_refer"},
    Role.TTG_CASEWORKER: _PERSON
    | {"screening.bcst2", "screening.acknowledge", "screening.duty_to_refer", "plan.edit", "handover.make"}
    | {"supply_chain.view", "referral.view", "referral.make"},
    Role.CRC_MANAGER: _PERSON
    | {"supply_chain.view", "supply_chain.edit", "referral.view"}
    | {"ratecard.view", "ratecard.edit", "purchase.view", "claim.view", "claim.submit", "claim.approve", "claim.mark_paid"},
    Role.PARTNER_CASEWORKER: _EVERYONE
    | {"supply_chain.view", "referral.view", "referral.work"}
    | {"ratecard.view", "purchase.view", "delivery.record", "claim.view", "claim.submit"},
    # Scoped: only the people, periods, plans and handovers a handover names them in (SCOPE_RULES).
    Role.RESPONSIBLE_OFFICER: _EVERYONE
    | {"handover.view", "handover.receive"}
    | {"ratecard.view", "purchase.make", "purchase.view", "claim.view", "claim.approve", "claim.mark_paid"},
    Role.GOVERNOR: _PERSON,
    Role.CONTRACT_MANAGER: _EVERYONE
    | {"audit.search", "supply_chain.view", "referral.aggregates"}
    | {"ratecard.view", "purchase.view", "claim.view", "funding.view"},
    Role.ANALYST: _EVERYONE | {"funding.view"},
    Role.ADMINISTRATOR: _EVERYONE
    | {"audit.search", "feed.import", "supply_chain.view", "supply_chain.edit"}
    | {"ratecard.view", "funding.view", "funding.edit"},
    Role.INTEGRATION: frozenset({"account.view", "feed.import"}),  # systems: no pages, no notifications
}

# The TTG caseworker's work list (issue 5): overdue, due this week, plans to agree, reviews and handovers.
ACTIONS["worklist.view"] = "See the work list: what is overdue and due for the people my CRC serves"
for _role in (Role.TTG_CASEWORKER, Role.CRC_MANAGER):
    ROLE_ACTIONS[_role] = ROLE_ACTIONS[_role] | {"worklist.view"}

# Budgets and allocations (issue 7 part 4): HMPPS contract managers add a year's budget and set
# allocations (of the CRCs they manage, NPS divisions and the national one) on pages and the API.
ACTIONS["budget.edit"] = "Add a year's budget and set or change its allocations (within the budget, never below what is committed)"
ROLE_ACTIONS[Role.CONTRACT_MANAGER] = ROLE_ACTIONS[Role.CONTRACT_MANAGER] | {"budget.edit"}
# Variations (issue 7): the provider asks for more units on a purchase, the purchaser decides. HMPPS
# contract managers are the national purchaser: they buy nationally, decide variations on national
# purchases and approve and pay national claims, for the CRCs they manage (ttg.payments.services).
ACTIONS["variation.request"] = "Ask the purchaser for more units on a purchase my organisation provides"
ACTIONS["variation.decide"] = "Approve or refuse a request for more units on a purchase I am the purchaser of"
ROLE_ACTIONS[Role.PARTNER_CASEWORKER] = ROLE_ACTIONS[Role.PARTNER_CASEWORKER] | {"variation.request"}
ROLE_ACTIONS[Role.CRC_MANAGER] = ROLE_ACTIONS[Role.CRC_MANAGER] | {"variation.request", "variation.decide"}
ROLE_ACTIONS[Role.RESPONSIBLE_OFFICER] = ROLE_ACTIONS[Role.RESPONSIBLE_OFFICER] | {"variation.decide"}
ROLE_ACTIONS[Role.CONTRACT_MANAGER] = ROLE_ACTIONS[Role.CONTRACT_MANAGER] | {
    "purchase.make",
    "variation.decide",
    "claim.approve",
    "claim.mark_paid",
}


def can(user: Any, action: str) -> bool:
    """May this user do this action? False for anything unknown, inactive or erroneous."""
    try:
        if action not in ACTIONS or user is None or not user.is_authenticated or not user.is_active:
            return False
        return action in ROLE_ACTIONS.get(user.role, frozenset())
    except Exception:  # fail closed (ASVS V4.1.5)
        log.exception("access check failed", extra={"action": action})
        return False


# --- declaring what a view needs --------------------------------------------------------------


def requires(action: str) -> Callable[[F], F]:
    """Mark a view as needing `action`. Unknown actions are a programming error, caught at import."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}: add it to ACTIONS in ttg/core/access.py")

    def decorate(view: F) -> F:
        view.ttg_action = action  # type: ignore[attr-defined]
        return view

    return decorate


def public(view: F) -> F:
    """Mark a view as open to everyone, signed in or not (login, health check, legal pages)."""
    view.ttg_public = True  # type: ignore[attr-defined]
    return view


def view_declaration(view_func: Any) -> tuple[bool, str | None]:
    """(is public, action) declared by a function view, or by the class behind a class-based view."""
    for candidate in (view_func, getattr(view_func, "view_class", None), getattr(view_func, "cls", None)):
        if candidate is None:
            continue
        if getattr(candidate, "ttg_public", False):
            return True, None
        action = getattr(candidate, "ttg_action", None)
        if action:
            return False, action
    return False, None


# --- which rows a user may see -------------------------------------------------------------------

ScopeRule = Callable[["User"], Q | None]


def _everyone_signed_in(user: User) -> Q | None:
    """Reference data that holds no personal data."""
    return Q()


def _audit_events(user: User) -> Q | None:
    if user.role == Role.ADMINISTRATOR:
        return Q()
    if user.role == Role.CONTRACT_MANAGER:
        # Only events about the CRCs they manage.
        return Q(scope_crc__in=user.managed_crcs.all())
    return None


def released_visible_since() -> datetime:
    """The earliest release still visible to the CRC today: the start of the day TTG_AFTER_RELEASE_VISIBLE_WEEKS
    ago (London time). Released on that day: visible until the end of today; a day earlier: not."""
    from datetime import time, timedelta

    from django.conf import settings
    from django.utils import timezone

    from ttg.core import clock

    weeks = int(getattr(settings, "TTG_AFTER_RELEASE_VISIBLE_WEEKS", 12))
    first_day = clock.today() - timedelta(weeks=weeks)
    return timezone.make_aware(datetime.combine(first_day, time.min), timezone.get_default_timezone())


def _open_custody_in_scope(user: User, prefix: str = "") -> Q | None:
    """Custody periods still open at a prison the user works in, or one their CRC serves; for the CRC also
    periods released from one of its prisons within TTG_AFTER_RELEASE_VISIBLE_WEEKS, so outcomes can be recorded."""
    if user.role in (Role.PRISON_OFFICER, Role.GOVERNOR) and user.prison_id:
        return Q(**{f"{prefix}released_at__isnull": True, f"{prefix}current_prison_id": user.prison_id})
    if user.role in (Role.TTG_CASEWORKER, Role.CRC_MANAGER) and user.crc_id:
        in_custody = Q(**{f"{prefix}released_at__isnull": True, f"{prefix}current_prison__crc_id": user.crc_id})
        released = Q(**{f"{prefix}released_at__gte": released_visible_since(), f"{prefix}current_prison__crc_id": user.crc_id})
        return in_custody | released
    return None


def _people(user: User) -> Q | None:
    from ttg.people.models import CustodyPeriod

    periods = _open_custody_in_scope(user)
    if periods is None:
        return None
    # Exists, not a join, so a person is listed once however many periods they have.
    return Q(Exists(CustodyPeriod.objects.filter(periods, person_id=OuterRef("pk"))))


def _custody_periods(user: User) -> Q | None:
    """A person's whole custody history is visible to whoever may see the person now."""
    people = _people(user)
    if people is None:
        return None
    from ttg.people.models import Person

    return Q(person__in=Person.objects.filter(people))


def _through_custody_period(user: User) -> Q | None:
    """Screening records are visible to whoever may see their custody period."""
    people = _people(user)
    if people is None:
        return None
    from ttg.people.models import Person

    return Q(custody_period__person__in=Person.objects.filter(people))


def _through_plan(user: User) -> Q | None:
    """Plan activities are visible to whoever may see their plan's custody period."""
    people = _people(user)
    if people is None:
        return None
    from ttg.people.models import Person

    return Q(plan__custody_period__person__in=Person.objects.filter(people))


def _catalogue_versions(user: User, prefix: str = "") -> Q | None:
    """Published versions for everyone; drafts only for administrators, who edit them."""
    return Q() if user.role == Role.ADMINISTRATOR else Q(**{f"{prefix}published": True})


def _catalogue_activities(user: User) -> Q | None:
    return _catalogue_versions(user, prefix="version__")


def _import_runs(user: User) -> Q | None:
    return Q() if can(user, "feed.import") else None


def _supply_chain(user: User, prefix: str = "") -> Q | None:
    """CRC staff: their CRC's rows; contract managers: the CRCs they manage; partners: rows naming
    their own organisation; administrators: all."""
    if user.role == Role.ADMINISTRATOR:
        return Q()
    if user.role in (Role.CRC_MANAGER, Role.TTG_CASEWORKER) and user.crc_id:
        return Q(**{f"{prefix}crc_id": user.crc_id})
    if user.role == Role.CONTRACT_MANAGER:
        return Q(**{f"{prefix}crc__in": user.managed_crcs.all()})
    if user.role == Role.PARTNER_CASEWORKER and user.organisation_id:
        return Q(**{f"{prefix}organisation_id": user.organisation_id})
    return None


def _supply_chain_services(user: User) -> Q | None:
    return _supply_chain(user, prefix="contract__")


def _own_notifications(user: User) -> Q | None:
    """A notification is for its recipient only, whatever their role."""
    return Q(recipient_id=user.pk)


def _referrals(user: User, prefix: str = "") -> Q | None:
    """Partners: referrals to their organisation. CRC users: referrals from plans they may see."""
    if user.role == Role.PARTNER_CASEWORKER:
        return Q(**{f"{prefix}organisation_id": user.organisation_id}) if user.organisation_id else None
    if user.role in (Role.TTG_CASEWORKER, Role.CRC_MANAGER):
        people = _people(user)
        if people is None:
            return None
        from ttg.people.models import Person

        return Q(**{f"{prefix}plan_activity__plan__custody_period__person__in": Person.objects.filter(people)})
    return None  # contract managers see counts (referrals.selectors.aggregates), never the records


def _through_referral(user: User) -> Q | None:
    return _referrals(user, prefix="referral__")


def _unfunded_work(user: User) -> Q | None:
    if user.role == Role.PARTNER_CASEWORKER and user.organisation_id:
        return Q(organisation_id=user.organisation_id)
    return None


def _rate_cards(user: User, prefix: str = "") -> Q | None:
    """Published rate cards for everyone who may read them; drafts for their own CRC's staff."""
    if not can(user, "ratecard.view"):
        return None
    if user.role in (Role.CRC_MANAGER, Role.TTG_CASEWORKER) and user.crc_id:
        return Q(**{f"{prefix}published": True}) | Q(**{f"{prefix}crc_id": user.crc_id})
    return Q(**{f"{prefix}published": True})


def _rate_card_items(user: User) -> Q | None:
    return _rate_cards(user, prefix="rate_card__")


def _purchases(user: User, prefix: str = "") -> Q | None:
    """CRC staff: their CRC's; partners: those naming their organisation; responsible officers:
    their own and their division's; contract managers: the CRCs they manage."""
    if user.role == Role.CRC_MANAGER and user.crc_id:
        return Q(**{f"{prefix}provider_crc_id": user.crc_id}) | Q(**{f"{prefix}purchaser_crc_id": user.crc_id})
    if user.role == Role.PARTNER_CASEWORKER and user.organisation_id:
        return Q(**{f"{prefix}provider_organisation_id": user.organisation_id})
    if user.role == Role.RESPONSIBLE_OFFICER:
        mine = Q(**{f"{prefix}purchased_by_id": user.pk})
        return mine | Q(**{f"{prefix}nps_division_id": user.nps_division_id}) if user.nps_division_id else mine
    if user.role == Role.CONTRACT_MANAGER:
        return Q(**{f"{prefix}provider_crc__in": user.managed_crcs.all()})
    return None


def _through_purchase(user: User) -> Q | None:
    return _purchases(user, prefix="purchase__")


def _claims(user: User, prefix: str = "") -> Q | None:
    """Claimant or payer; contract managers: claims on the contracts of the CRCs they manage."""
    if user.role == Role.CRC_MANAGER and user.crc_id:
        return Q(**{f"{prefix}claimant_crc_id": user.crc_id}) | Q(**{f"{prefix}payer_crc_id": user.crc_id})
    if user.role == Role.PARTNER_CASEWORKER and user.organisation_id:
        return Q(**{f"{prefix}claimant_organisation_id": user.organisation_id})
    if user.role == Role.RESPONSIBLE_OFFICER and user.nps_division_id:
        return Q(**{f"{prefix}payer_division_id": user.nps_division_id})
    if user.role == Role.CONTRACT_MANAGER:
        return Q(**{f"{prefix}crc__in": user.managed_crcs.all()})
    return None


def _through_claim(user: User) -> Q | None:
    return _claims(user, prefix="claim__")


def _funding(user: User) -> Q | None:
    """Budgets and allocations: amounts, no personal data; for those who may see funding."""
    return Q() if can(user, "funding.view") else None


# Model label -> rule. None from a rule means "nothing"; Q() means "everything".
SCOPE_RULES: dict[str, ScopeRule] = {
    "core.AuditEvent": _audit_events,
    "estate.Prison": _everyone_signed_in,
    "estate.CRC": _everyone_signed_in,
    "estate.NPSDivision": _everyone_signed_in,
    "estate.Organisation": _everyone_signed_in,
    "estate.ResettlementDesignation": _everyone_signed_in,
    "estate.Specialism": _everyone_signed_in,
    "people.Person": _people,
    "people.CustodyPeriod": _custody_periods,
    "people.ImportRun": _import_runs,
    "screening.Screening": _through_custody_period,
    "screening.NeedFlag": _through_custody_period,
    "screening.DutyToRefer": _through_custody_period,
    "plans.CatalogueVersion": _catalogue_versions,
    "plans.Activity": _catalogue_activities,
    "plans.CatalogueNeedArea": _catalogue_activities,
    "plans.CataloguePathway": _catalogue_activities,
    "plans.CatalogueLevel": _catalogue_activities,
    "plans.Plan": _through_custody_period,
    "plans.PlanActivity": _through_plan,
    "plans.PreReleaseReview": _through_plan,
    "plans.ReleaseOutcome": _through_plan,
    "supply_chain.SupplyChainContract": _supply_chain,
    "supply_chain.SupplyChainService": _supply_chain_services,
    "notifications.Notification": _own_notifications,
    "referrals.DesiredOutcome": _everyone_signed_in,
    "referrals.Referral": _referrals,
    "referrals.Assignment": _through_referral,
    "referrals.Session": _through_referral,
    "referrals.CaseNote": _through_referral,
    "referrals.OutcomeAchievement": _through_referral,
    "referrals.EndOfService": _through_referral,
    "referrals.UnfundedWork": _unfunded_work,
    "payments.RateCard": _rate_cards,
    "payments.RateCardItem": _rate_card_items,
    "payments.Budget": _funding,
    "payments.Allocation": _funding,
    "payments.Purchase": _purchases,
    "payments.Variation": _through_purchase,
    "payments.Delivery": _through_purchase,
    "payments.Claim": _claims,
    "payments.ClaimLine": _through_claim,
    "payments.Escalation": _through_claim,
}


# --- the responsible officer: only what a handover names them in ------------------------------------


def _handed_over_to(user: User, path: str) -> Q | None:
    """For a responsible officer: the rows a handover to them names (`path` leads from the row to its
    custody period; "" for the period itself). None for every other role."""
    if user.role != Role.RESPONSIBLE_OFFICER:
        return None
    from ttg.plans.models import Handover

    if path == "person":
        return Q(Exists(Handover.objects.filter(officer=user, plan__custody_period__person=OuterRef("pk"))))
    return Q(Exists(Handover.objects.filter(officer=user, plan__custody_period=OuterRef(path or "pk"))))


def _or_handed_over(rule: ScopeRule, path: str) -> ScopeRule:
    """The existing rule for a model, or (for a responsible officer) the rows a handover to them names."""

    def combined(user: User) -> Q | None:
        base, handed = rule(user), _handed_over_to(user, path)
        if base is None or handed is None:
            return handed if base is None else base
        return base | handed

    combined.__doc__ = f"{rule.__doc__ or rule.__name__}; and for a responsible officer, what a handover to them names."
    return combined


def _handovers(user: User) -> Q | None:
    """Whoever may see the plan's custody period sees its handover; the officer it names sees it too."""
    people = _people(user)
    base = None
    if people is not None:
        from ttg.people.models import Person

        base = Q(plan__custody_period__person__in=Person.objects.filter(people))
    mine = Q(officer=user) if user.role == Role.RESPONSIBLE_OFFICER else None
    if base is None or mine is None:
        return mine if base is None else base
    return base | mine


for _label, _path in {
    "people.Person": "person",
    "people.CustodyPeriod": "",
    "plans.Plan": "custody_period",
    "plans.PlanActivity": "plan__custody_period",
}.items():
    SCOPE_RULES[_label] = _or_handed_over(SCOPE_RULES[_label], _path)
SCOPE_RULES["plans.Handover"] = _handovers


def scope(queryset: QuerySet[M], user: Any) -> QuerySet[M]:
    """The rows of `queryset` that `user` may see. Nothing, unless a rule says otherwise."""
    rule = SCOPE_RULES.get(queryset.model._meta.label)
    try:
        if rule is None or user is None or not user.is_authenticated or not user.is_active or not user.role:
            return queryset.none()
        condition = rule(user)
    except Exception:  # fail closed
        log.exception("scope rule failed", extra={"model": queryset.model._meta.label})
        return queryset.none()
    return queryset.none() if condition is None else queryset.filter(condition)


class ScopedQuerySet(QuerySet[M]):
    """Give a model `Model.objects.visible_to(user)`."""

    def visible_to(self, user: Any) -> QuerySet[M]:
        return scope(self, user)


NOT_FOUND_MESSAGE = "Page not found"


def get_for(user: Any, model_or_queryset: type[M] | QuerySet[M], **lookup: Any) -> M:
    """One object the user may see, or Http404: the same for missing and not yours."""
    queryset = model_or_queryset if isinstance(model_or_queryset, QuerySet) else model_or_queryset._default_manager.all()
    try:
        return scope(queryset, user).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND_MESSAGE) from None
