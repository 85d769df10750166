"""What every API view shares: the deny-by-default permission class."""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import BasePermission

from . import access
from .logging import security_log


class Pagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 500  # no one request can pull a whole table


class HasRoleAction(BasePermission):
    """Allow a request only when the view names an action (`ttg_action`) that the user's role has.

    A view naming none is refused for everyone, so a forgotten declaration cannot open a route.
    Anonymous requests get 401 (token) or 403 (session), never data.
    """

    def has_permission(self, request: Any, view: Any) -> bool:
        is_public, action = access.view_declaration(view)
        if is_public:
            return True
        allowed = action is not None and access.can(request.user, action)
        if not allowed and request.user.is_authenticated:
            security_log.warning(
                "access refused", extra={"event": "access_refused", "user_id": request.user.pk, "action": action, "path": request.path}
            )
        return allowed
