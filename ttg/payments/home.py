"""Money on the home pages (design/ui.md, "Home pages by role"): what waits for each side of a purchase
or a claim, as tasks (one count each, scoped by the same selectors as the pages they link to), then the
pages to go to.

- partner caseworker: purchases waiting to start, claims unpaid;
- responsible officer: buy a service, requests for more units and claims to approve;
- CRC manager: the rate card, purchases asked for to decide, partners' claims to approve, the CRC's claims unpaid;
- contract manager: national claims to approve, spend against allocation, escalations open, aged debt.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ttg.accounts.constants import Role
from ttg.core import access, home, navigation
from ttg.core.home import DUE, OVERDUE, WAITING, Row, Section, Task

from . import money, selectors
from .constants import UNPAID, ClaimStatus, PurchaseStatus, VariationStatus
from .models import Purchase, Variation


def _claims_task(user: Any, action: str, statuses: tuple[str, ...], text: str, hint: str, show: str, urgency: int) -> Task:
    """Claims on which the user may do `action` (the payer approves, the claimant submits), counted and totalled."""
    found = selectors.claims(user, statuses=statuses, action=action).aggregate(n=Count("id"), total=Sum("total_pence"))
    total = _("Total %(total)s.") % {"total": money.format_pence(found["total"] or 0)}
    return Task(text, found["n"] or 0, reverse("payments_claims") + f"?show={show}", f"{total} {hint}", urgency)


def _variations_to_decide(user: Any) -> int:
    """Requests for more units on purchases the user is the purchaser of."""
    return Variation.objects.filter(
        status=VariationStatus.REQUESTED, purchase__in=Purchase.objects.visible_to(user, action="variation.decide")
    ).count()


def tasks(user: Any) -> list[Task]:
    """What waits for each side of a purchase or a claim (one count each)."""
    found = []
    role = user.role
    if role == Role.PARTNER_CASEWORKER and access.can(user, "purchase.view"):
        waiting = Purchase.objects.visible_to(user).filter(status=PurchaseStatus.AUTHORISED, deliveries__isnull=True).count()
        hint = _("Bought and authorised: the work is paid for from the first session")
        found.append(Task(_("Purchases waiting to start"), waiting, reverse("payments_purchases"), hint))
    if role == Role.RESPONSIBLE_OFFICER and access.can(user, "purchase.make"):
        hint = _("Partners asking to deliver more of a service you bought")
        found.append(Task(_("Requests for more units to decide"), _variations_to_decide(user), reverse("payments_purchases"), hint, DUE))
    if role == Role.CRC_MANAGER and access.can(user, "purchase.decide"):
        asked = Purchase.objects.visible_to(user, action="purchase.decide").filter(status=PurchaseStatus.REQUESTED).count()
        hint = _("Asked for when a referral was sent: the partner's work is claimed once you authorise it")
        found.append(Task(_("Purchases asked for, to decide"), asked, reverse("payments_purchases"), hint, DUE))
    if access.can(user, "claim.approve"):
        hint = _("Approve or reject each, then record the payment.")
        found.append(_claims_task(user, "claim.approve", (ClaimStatus.SUBMITTED,), _("Claims to approve"), hint, "to_approve", DUE))
    if access.can(user, "claim.submit"):
        hint = _("Claims are made from recorded delivery and submitted when the month ends.")
        found.append(_claims_task(user, "claim.submit", UNPAID, _("Claims unpaid"), hint, "due", WAITING))
    if role == Role.CONTRACT_MANAGER and access.can(user, "funding.view"):
        open_escalations = selectors.escalations(user).exclude(claim__status=ClaimStatus.PAID).count()
        hint = _("Claims unpaid beyond the set number of days")
        found.append(Task(_("Escalations open"), open_escalations, reverse("payments_escalations"), hint, OVERDUE))
    return found


def sections(user: Any) -> list[Section]:
    """The "Purchases and claims" section of the user's home page: the pages to go to, or none for roles without money."""
    rows: list[Row] = []
    role = user.role
    if role == Role.RESPONSIBLE_OFFICER and access.can(user, "purchase.make"):
        rows.append(
            Row(
                _("Buy a Through the Gate service"),
                reverse("payments_buy"),
                _("From a CRC's rate card, for a person leaving a non-resettlement prison"),
            )
        )
    if role == Role.CRC_MANAGER and access.can(user, "ratecard.view"):
        rows.append(Row(_("Your rate card"), reverse("payments_rate_cards"), _("The services you sell, and the partner services you buy")))
    if role == Role.CONTRACT_MANAGER and access.can(user, "funding.view"):
        rows += [
            Row(
                _("Spend against allocation"),
                reverse("payments_funding"),
                _("Budgets, cost per person and per activity, share to the voluntary sector"),
            ),
            Row(_("Aged debt"), reverse("payments_aged_debt"), _("Unpaid claims by age")),
        ]
    rows += _links(user, have={r.href for r in rows})
    return [Section(_("Purchases and claims"), rows)] if rows else []


def _links(user: Any, have: set[str]) -> list[Row]:
    """The payments pages the user may open, except those a row above already leads to."""
    links = []
    if access.can(user, "purchase.view"):
        links.append(Row(_("Purchases"), reverse("payments_purchases"), _("What was bought, for whom, with what authority")))
    if access.can(user, "ratecard.view") and user.role != Role.ADMINISTRATOR:
        links.append(Row(_("Rate cards"), reverse("payments_rate_cards"), _("Services, units and prices, by CRC")))
    if access.can(user, "claim.view"):
        links.append(Row(_("All claims"), reverse("payments_claims")))
    if access.can(user, "funding.view"):
        links.append(
            Row(
                _("Spend against allocation"),
                reverse("payments_funding"),
                _("Cost per person and per activity; share reaching voluntary organisations"),
            )
        )
    return [link for link in links if link.href not in have]


def register() -> None:
    home.register_tasks(90, tasks)
    home.register_sections(90, sections)
    navigation.register(140, gettext_lazy("Purchases"), "payments_purchases", action="purchase.view")
    navigation.register(150, gettext_lazy("Claims"), "payments_claims", action="claim.view")
    navigation.register(160, gettext_lazy("Funding"), "payments_funding", action="funding.view")
