"""What every API view shares: the deny-by-default permission class."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from . import access


class HasRoleAction(BasePermission):
    """Allow a request only when the view names an action (`ttg_action`) that the user's role has.

    A view naming none is refused for everyone, so a forgotten declaration cannot open a route.
    Anonymous requests get 401 (token) or 403 (session), never data.
    """

    def has_permission(self, request: Any, view: Any) -> bool:
        is_public, action = access.view_declaration(view)
        if is_public:
            return True
        if action is None:
            return False
        return access.can(request.user, action)
