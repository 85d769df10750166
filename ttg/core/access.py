"""The access kernel: the one mechanism that decides who may do what and see which rows.

Mechanism only: it knows no role, model or app. Each app declares its own actions, which roles have
them, and the scope rules of its own models in its own `access.py`, registered from its
`AppConfig.ready()` (docs/architecture.md). Three parts, each failing closed:

1. ACTIONS and ROLE_ACTIONS: what each role may do (`register_actions`, `grant`). An action not
   granted to a role is refused; an unknown role or action is refused; an error while deciding is a
   refusal.
2. SCOPE_RULES: for each model, which rows a user may see (`Model.objects.visible_to(user)`), and
   ACTION_SCOPES: on which of those rows they may do an action (`visible_to(user, action=...)`:
   "may this user approve this claim?"). A model without a rule shows nothing; an action without a
   row rule may be done on every row the user sees, if their role has it. Rules registered for the
   same model by several apps are alternatives (OR).
3. get_for(user, model, **lookup): one object, or the same 404 for "missing" and "not yours".

Views declare what they need with `@requires("action")` or `@public` (a class-based view sets
`ttg_action = "..."` or `ttg_public = True`); core.middleware.AccessMiddleware refuses any view that
declares neither, and the API's default permission class does the same for API views. `@requires`
rejects an unknown action as soon as every app has registered its own (at import time after start-up;
the `ttg.E002` system check for views imported earlier); an unknown `ttg_action` is refused when called.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

log = logging.getLogger("ttg.security")

M = TypeVar("M", bound=Model)
F = TypeVar("F", bound=Callable[..., Any])

# Action -> what it lets a user do, in words (the API's /me/ lists a user's actions).
ACTIONS: dict[str, str] = {}
# The actions of core's own pages (registered by CoreConfig.ready(); roles are granted them by accounts).
CORE_ACTIONS = {
    "home.view": "See my home page",
    "account.view": "See who I am signed in as, my role and organisation",
    "audit.search": "Search the audit trail",
    "admin.use": "Use the administration pages: users and reference data",
}
# Role -> the actions it has.
ROLE_ACTIONS: dict[str, frozenset[str]] = {}


def register_actions(actions: Mapping[str, str]) -> None:
    """Declare an app's actions with their descriptions. Registering one again with other words is an error."""
    for action, description in actions.items():
        if ACTIONS.get(action, description) != description:
            raise ValueError(f"Action {action!r} is registered twice with different descriptions")
        ACTIONS[action] = description


def grant(roles: Iterable[str], actions: Iterable[str]) -> None:
    """Give each role these actions. Each action must be registered first."""
    actions = frozenset(actions)
    unknown = actions - ACTIONS.keys()
    if unknown:
        raise ValueError(f"Unknown actions {sorted(unknown)}: register them before granting them")
    for role in roles:
        ROLE_ACTIONS[role] = ROLE_ACTIONS.get(role, frozenset()) | actions


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


# Actions named by views imported before every app had registered its own (see checks.py).
DECLARED_BEFORE_READY: set[str] = set()


def requires(action: str) -> Callable[[F], F]:
    """Mark a view as needing `action`. Unknown actions are a programming error, caught at import."""
    if apps.ready and action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}: register it in its app's access.py")
    if not apps.ready:
        DECLARED_BEFORE_READY.add(action)  # checked by the ttg.E002 system check

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


# --- which rows a user may see, and on which they may act -------------------------------------------

ScopeRule = Callable[[Any], Q | None]  # user -> a condition on the rows; None means "nothing"


def any_of(*rules: ScopeRule) -> ScopeRule:
    """Rows that any of the rules allows (a rule giving None allows nothing)."""

    def combined(user: Any) -> Q | None:
        found = [q for q in (rule(user) for rule in rules) if q is not None]
        if not found:
            return None
        condition = found[0]
        for q in found[1:]:
            condition |= q
        return condition

    combined.__doc__ = "; or ".join(rule.__doc__ or rule.__name__ for rule in rules)
    return combined


def everyone(user: Any) -> Q | None:
    """Every row, for every signed-in user with a role: reference data that holds no personal data."""
    return Q()


# Model label -> rule. None from a rule means "nothing"; Q() means "everything".
SCOPE_RULES: dict[str, ScopeRule] = {}
# (model label, action) -> the rows of those the user sees on which they may do the action.
ACTION_SCOPES: dict[tuple[str, str], ScopeRule] = {}


def register_scope(label: str, rule: ScopeRule, *, action: str | None = None) -> None:
    """Which rows of a model a user may see (or, with `action`, may do that action on). A second rule
    for the same model (and action), from another app, is an alternative: rows either allows."""
    if action is not None and action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}: register it before scoping it")
    rules: dict[Any, ScopeRule] = SCOPE_RULES if action is None else ACTION_SCOPES  # type: ignore[assignment]
    key = label if action is None else (label, action)
    existing = rules.get(key)
    rules[key] = rule if existing is None or existing is rule else any_of(existing, rule)


def scope(queryset: QuerySet[M], user: Any, action: str | None = None) -> QuerySet[M]:
    """The rows of `queryset` that `user` may see (and, with `action`, do it on). Nothing, unless a rule says otherwise."""
    label = queryset.model._meta.label
    rule = SCOPE_RULES.get(label)
    try:
        if rule is None or user is None or not user.is_authenticated or not user.is_active or not user.role:
            return queryset.none()
        if action is not None and not can(user, action):
            return queryset.none()
        condition = rule(user)
        acting = ACTION_SCOPES.get((label, action)) if action is not None else None
        if condition is not None and acting is not None:
            on = acting(user)
            condition = None if on is None else condition & on
    except Exception:  # fail closed
        log.exception("scope rule failed", extra={"model": label, "action": action})
        return queryset.none()
    return queryset.none() if condition is None else queryset.filter(condition)


def may(user: Any, action: str, obj: Model) -> bool:
    """May the user do `action` on this row? One query: the kernel's scope for the action, by primary key."""
    return obj.pk is not None and scope(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()


class ScopedQuerySet(QuerySet[M]):
    """Give a model `Model.objects.visible_to(user)` and `visible_to(user, action=...)`."""

    def visible_to(self, user: Any, action: str | None = None) -> QuerySet[M]:
        return scope(self, user, action)


NOT_FOUND_MESSAGE = "Page not found"


def get_for(user: Any, model_or_queryset: type[M] | QuerySet[M], *, action: str | None = None, **lookup: Any) -> M:
    """One object the user may see (and, with `action`, do it on), or Http404: the same for missing and not yours."""
    queryset = model_or_queryset if isinstance(model_or_queryset, QuerySet) else model_or_queryset._default_manager.all()
    try:
        return scope(queryset, user, action).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND_MESSAGE) from None
