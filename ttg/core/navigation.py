"""The service navigation: the same items for everyone with a role, plus what their role adds."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from . import access


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
        (_("Audit log"), reverse("audit_search"), access.can(user, "audit.search")),
        (_("Handovers"), reverse("handover_list"), access.can(user, "handover.receive")),
        (_("Manage users"), reverse("admin:accounts_user_changelist"), user.role == "administrator" and user.is_staff),
    ]
    path = request.path
    # GOV.UK service navigation: "current" is this very page (aria-current="page"); "active" is a
    # page within that section.
    # An item is "active" within its section: the estate's pages share one item.
    sections = {reverse("prison_list"): "/estate/"}
    return [
        {"text": text, "href": href, "current": path == href, "active": href != "/" and path.startswith(sections.get(href, href))}
        for text, href, shown in items
        if shown
    ]
