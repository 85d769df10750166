"""What every API view shares: the deny-by-default permission class, pagination, problem responses, and
one form for every date and time (UTC, written with its offset: 2019-09-02T08:30:00+00:00)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from . import access
from .logging import security_log


class DateTimeField(serializers.DateTimeField):
    """Every date and time the API returns: in UTC, with the explicit offset "+00:00", summer and winter
    alike (DRF's own field writes the time in the current time zone, Europe/London, and turns +00:00 into
    "Z": "…Z" in winter, "+01:00" in summer). Input with any offset is accepted, as before. docs/api.md
    says so; `ModelSerializer`s get this field for every model DateTimeField (CoreConfig.ready)."""

    def to_representation(self, value: Any) -> Any:  # str, or None for no value (as DRF's own)
        if not value:
            return None
        if isinstance(value, str):
            return value
        if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("The API writes aware datetimes only")
        return value.astimezone(UTC).isoformat()


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


# --- problem responses: {"detail": ..., "errors": {field: message}} ----------------------------------


class ProblemSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.CharField(), required=False, help_text="Question id, section id or request field -> what is wrong"
    )


def flatten_errors(errors: Any, prefix: str = "") -> dict[str, str]:
    """DRF's nested serializer errors as {field or question id: first message}."""
    if isinstance(errors, Mapping):
        flat: dict[str, str] = {}
        for key, value in errors.items():
            name = prefix if key == "non_field_errors" else str(key)
            flat.update(flatten_errors(value, name))
        return flat
    if isinstance(errors, list) and errors:
        return flatten_errors(errors[0], prefix) if isinstance(errors[0], (Mapping, list)) else {prefix or "detail": str(errors[0])}
    return {prefix or "detail": str(errors)}


def problem_response(detail: str, errors: Mapping[str, str] | None = None, code: int = status.HTTP_400_BAD_REQUEST) -> Response:
    body: dict[str, Any] = {"detail": detail}
    if errors:
        body["errors"] = dict(errors)
    return Response(ProblemSerializer(body).data, status=code)


def invalid(serializer: serializers.Serializer) -> Response:
    return problem_response("There is a problem with the request", flatten_errors(serializer.errors))
