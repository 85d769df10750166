"""DRF's exception handler for the API: every error it answers is a problem (core/api.py).

Its own module because DRF imports it from settings only when an error is handled: core/api.py is
imported while rest_framework.views is still loading (the default permission class), so it cannot
import rest_framework.views itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .api import PROBLEM_CONTENT_TYPE, flatten_errors, problem


def exception_handler(exc: Exception, context: Any) -> Response | None:
    """DRF's handler, answering a problem: a validation error lists each field's first message."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django's 500 (a problem too, under /api/)
    if isinstance(exc, exceptions.ValidationError):
        body = problem(response.status_code, "There is a problem with the request", flatten_errors(response.data))
    else:
        data = response.data if isinstance(response.data, Mapping) else {"detail": str(response.data)}
        body = {**{k: v for k, v in data.items() if k != "detail"}, **problem(response.status_code, str(data.get("detail", "")))}
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response
