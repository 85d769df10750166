"""The service navigation: the same items for everyone with a role, plus what their role adds."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from . import access


def _notifications_text(user: Any) -> str:
    """ "Notifications", with the unread count when there are any (one query; none without the action)."""
    if not access.can(user, "notification.view"):
        return ""
    from ttg.notifications.services import unread_count

    unread = unread_count(user)
    return _("Notifications (%(count)s unread)") % {"count": unread} if unread else _("Notifications")


def navigation(request: Any) -> list[dict[str, Any]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items: list[tuple[str, str, bool]] = [
        (_("Home"), reverse("home"), access.can(user, "home.view")),
        (_("Your work"), reverse("work_list"), access.can(user, "worklist.view")),
        (_("Find a person"), reverse("people_search"), access.can(user, "person.view")),
        (_("Caseloads"), reverse("my_caseloads"), access.can(user, "caseload.view")),
        (_("Estate"), reverse("prison_list"), access.can(user, "estate.view")),
        (_("Specification"), reverse("catalogue_list"), access.can(user, "catalogue.view")),
        (_("Supply chain"), reverse("supply_chain_register"), access.can(user, "supply_chain.view")),
        (_("Referrals"), reverse("partner_inbox"), access.can(user, "referral.work")),
        (_("Referrals"), reverse("referral_list"), access.can(user, "referral.view") and not access.can(user, "referral.work")),
        (_("Referrals summary"), reverse("referral_summary"), access.can(user, "referral.aggregates")),
        (_("Audit log"), reverse("audit_search"), access.can(user, "audit.search")),
        (_("Handovers"), reverse("handover_list"), access.can(user, "handover.receive")),
        (_notifications_text(user), reverse("notification_list"), access.can(user, "notification.view")),
        (_("Purchases"), reverse("payments_purchases"), access.can(user, "purchase.view")),
        (_("Claims"), reverse("payments_claims"), access.can(user, "claim.view")),
        (_("Funding"), reverse("payments_funding"), access.can(user, "funding.view")),
        (_("Manage users"), reverse("admin:accounts_user_changelist"), user.role == "administrator" and user.is_staff),
    ]
    path = request.path
    # GOV.UK service navigation: "current" is this very page (aria-current="page"); "active" is a
    # page within that section.
    # An item is "active" within its section: the estate's pages share one item.
    sections = {reverse("prison_list"): "/estate/", reverse("supply_chain_register"): "/supply-chain/"}
    return [
        {"text": text, "href": href, "current": path == href, "active": href != "/" and path.startswith(sections.get(href, href))}
        for text, href, shown in items
        if shown
    ]
