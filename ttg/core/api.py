"""What every API view shares: the deny-by-default permission class, pagination, problem responses, and
one form for every date and time (UTC, written with its offset: 2019-09-02T08:30:00+00:00).

Every error the API answers is `application/problem+json` (RFC 9457): `type`, `title`, `status`,
`detail`, and `errors` ({field: message}) where a request field is wrong. DRF's errors come through
`core.api_errors.exception_handler` (settings.REST_FRAMEWORK); responses a view builds itself, and Django's own
(404 for an unknown address, 500, 413), are made problems by core.middleware.ApiProblemMiddleware.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any

from django.http import HttpResponse
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


# --- problem responses: {"type", "title", "status", "detail", "errors": {field: message}} -------------

PROBLEM_CONTENT_TYPE = "application/problem+json"
API_PREFIX = "/api/"
# The detail of the errors Django answers before or around a view (no view's own words to give).
API_DETAILS = {
    400: "The request could not be understood.",
    403: "You may not do this.",
    404: "Not found. If you named a record, it does not exist or is not one you may see (the same answer).",
    405: "This address does not take this method.",
    413: "The request is larger than the service reads.",
    415: "The request's content type is not one this address takes.",
    500: "Sorry, there is a problem with the service. Nothing was saved unless the answer said so.",
    503: "The service is unavailable for a moment: try again in a few seconds (Retry-After). Nothing was saved.",
}


class ProblemSerializer(serializers.Serializer):
    type = serializers.CharField(required=False, help_text='"about:blank": the title is the HTTP status\'s own')
    title = serializers.CharField(required=False, help_text="The HTTP status in words, e.g. Not Found")
    status = serializers.IntegerField(required=False, help_text="The HTTP status code")
    detail = serializers.CharField()
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.CharField(), required=False, help_text="Question id, section id or request field -> what is wrong"
    )


def problem(code: int, detail: str = "", errors: Mapping[str, str] | None = None, **extra: Any) -> dict[str, Any]:
    """A problem body: RFC 9457's members, our `detail` (words a person can act on) and `errors`."""
    try:
        title = HTTPStatus(code).phrase
    except ValueError:
        title = "Error"
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": code, "detail": detail or title}
    if errors:
        body["errors"] = dict(errors)
    body.update(extra)
    return body


def problem_json(code: int, detail: str = "", **extra: Any) -> HttpResponse:
    """A problem response outside DRF (middleware, Django's error handlers)."""
    return HttpResponse(json.dumps(problem(code, detail, **extra)), status=code, content_type=PROBLEM_CONTENT_TYPE)


class StrictSerializer(serializers.Serializer):
    # A request body that refuses what it does not take: a field it does not name, or one the server
    # sets (read-only), is a 400 naming it, never silently ignored (ASVS V5.1.2, issue 17). Its OpenAPI
    # request schema says so (`additionalProperties: false`, core/schema.py). No docstring: the
    # OpenAPI document would give it to every request body built on this class.

    def to_internal_value(self, data: Any) -> Any:
        unknown: dict[str, list[str]] = {}
        if isinstance(data, Mapping):
            takes = sorted(name for name, field in self.fields.items() if not field.read_only)
            unknown = {
                str(name): [f"This request does not take {name!r}: it takes {', '.join(takes) or 'no fields'}."]
                for name in data
                if name not in takes
            }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if unknown and isinstance(error.detail, dict):
                error.detail.update(unknown)  # type: ignore[arg-type]
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


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
    return Response(problem(code, detail, errors), status=code, content_type=PROBLEM_CONTENT_TYPE)


def invalid(serializer: serializers.Serializer) -> Response:
    return problem_response("There is a problem with the request", flatten_errors(serializer.errors))
