"""The service navigation: the mechanism only. Each app registers its own items (`register`) from
its `home.py` in `AppConfig.ready()`; a user sees the items their role's actions allow, in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import access


@dataclass(frozen=True)
class Item:
    order: int
    text: Callable[[Any], str]  # the user -> the words (may count something for them)
    url_name: str
    shown: Callable[[Any], bool]
    section: str = ""  # a path prefix: the item is "active" on every page under it


ITEMS: list[Item] = []


def register_core_items() -> None:
    """Core's own pages: home and the audit log."""
    register(10, _("Home"), "home", action="home.view")
    register(110, _("Audit log"), "audit_search", action="audit.search")


def register(
    order: int,
    text: str | Promise | Callable[[Any], str],
    url_name: str,
    *,
    action: str = "",
    shown: Callable[[Any], bool] | None = None,
    section: str = "",
) -> None:
    """Add a navigation item shown to users who may do `action` (or for whom `shown(user)` is true).
    `text` is the words (gettext_lazy, so each request reads them in its language) or a function of the user."""
    words: Callable[[Any], str] = text if callable(text) else (lambda user: str(text))

    def may(user: Any) -> bool:
        return access.can(user, action)

    shown = shown or may
    if any(i.url_name == url_name and i.order == order for i in ITEMS):
        return
    ITEMS.append(Item(order, words, url_name, shown, section))
    ITEMS.sort(key=lambda item: item.order)


def navigation(request: Any) -> list[dict[str, Any]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    if getattr(request, "ttg_sign_in_unfinished", False):  # a step of signing in is still to come: only "Sign out"
        return []
    path = request.path
    # GOV.UK service navigation: "current" is this very page (aria-current="page"); "active" is a
    # page within that section.
    found = []
    for item in ITEMS:
        if not item.shown(user):
            continue
        href = reverse(item.url_name)
        found.append(
            {
                "text": item.text(user),
                "href": href,
                "current": path == href,
                "active": href != "/" and path.startswith(item.section or href),
            }
        )
    return found
