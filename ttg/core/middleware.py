from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from . import access
from .api import API_DETAILS, API_PREFIX, PROBLEM_CONTENT_TYPE, problem, problem_json
from .logging import request_id_var, security_log
from .signals import SESSION_LAST_SEEN, SESSION_LOGIN_AT

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class RequestIdMiddleware:
    """Give every request an id (or keep a well-formed one from the proxy) for logs and audit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


# The time of the last request is written to the session at most once a minute: writing it on every
# request cost every page a database write (docs/performance.md, P4). Idle sessions so end up to a
# minute before the idle timeout, never after it.
LAST_SEEN_EVERY_SECONDS = 60


class SessionTimeoutMiddleware:
    """End a session after TTG_SESSION_IDLE_TIMEOUT without a request, or TTG_SESSION_ABSOLUTE_TIMEOUT
    after sign-in, whichever comes first (ASVS V3.3). Real time, not the service clock."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            login_at = request.session.get(SESSION_LOGIN_AT, now)
            last_seen = request.session.get(SESSION_LAST_SEEN, now)
            idle = settings.TTG_SESSION_IDLE_TIMEOUT.total_seconds()
            absolute = settings.TTG_SESSION_ABSOLUTE_TIMEOUT.total_seconds()
            if now - last_seen > idle or now - login_at > absolute:
                security_log.info("session expired", extra={"event": "session_expired", "user_id": user.pk})
                logout(request)
                request.session["ttg_signed_out_reason"] = "timeout"
            elif now - last_seen >= LAST_SEEN_EVERY_SECONDS or SESSION_LOGIN_AT not in request.session:
                request.session[SESSION_LAST_SEEN] = now
                request.session.setdefault(SESSION_LOGIN_AT, now)
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages may hold personal data: browsers and proxies must not keep them (ASVS V8.1.1)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            response["Cache-Control"] = "no-store"
        return response


class AccessMiddleware:
    """Deny by default. Every page view must be @public or name an action the user's role has.

    API views (Django REST framework) are checked by ttg.core.api.HasRoleAction so that they
    answer 401/403 in JSON; the admin site checks its own (administrators only, see core/admin.py).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any) -> HttpResponse | None:
        if getattr(view_func, "cls", None) is not None:  # a REST framework view
            return None
        match = request.resolver_match
        if match is not None and match.namespace == "admin":
            # The admin sends anonymous users to sign in; anyone signed in whose role may not use
            # it is refused here, at once (core/admin.py checks again).
            if request.user.is_authenticated and not access.can(request.user, "admin.use"):
                raise PermissionDenied
            return None
        is_public, action = access.view_declaration(view_func)
        if is_public:
            return None
        if action is None:
            security_log.error(
                "view has no access declaration", extra={"event": "undeclared_view", "view": getattr(view_func, "__name__", "?")}
            )
            raise PermissionDenied
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not access.can(user, action):
            security_log.warning(
                "access refused", extra={"event": "access_refused", "user_id": user.pk, "action": action, "path": request.path}
            )
            raise PermissionDenied
        return None


def api_body_limit(view_func: Any) -> int:
    """The most bytes an API view reads in one request body: the view's `ttg_max_body_bytes()` (the
    custody feed), otherwise TTG_API_MAX_BODY_BYTES."""
    view_class = getattr(view_func, "cls", None) or getattr(view_func, "view_class", None)
    own = getattr(view_class, "ttg_max_body_bytes", None)
    return int(own() if callable(own) else settings.TTG_API_MAX_BODY_BYTES)


class ApiProblemMiddleware:
    """Under /api/, every error is application/problem+json, never an HTML page (issue 17).

    DRF's own errors are problems already (core.api.exception_handler); this makes problems of the
    responses views build themselves (a 422 with reasons keeps them, and gains type, title and
    status) and of Django's (an unknown address, a 500 page). It also refuses, with 413, a body longer
    than the view reads, before anything reads it (Content-Length).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX) and response.status_code >= 400 and not getattr(response, "streaming", False):
            return self._as_problem(response)
        return response

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX):
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return problem_json(400, "The Content-Length header is not a number.")
        limit = api_body_limit(view_func)
        if length > limit:
            security_log.warning("request too large", extra={"event": "request_too_large", "path": request.path, "bytes": length})
            return problem_json(413, f"The request body is {length:,} bytes: this address reads at most {limit:,} bytes in one request.")
        return None

    @staticmethod
    def _as_problem(response: HttpResponse) -> HttpResponse:
        content_type = response.get("Content-Type", "")
        body: Any = None
        if content_type.startswith(("application/json", PROBLEM_CONTENT_TYPE)):
            try:
                body = json.loads(response.content or b"null")
            except ValueError:
                body = None
        if isinstance(body, dict):
            detail = str(body.pop("detail", "") or API_DETAILS.get(response.status_code, ""))
            body = {**body, **problem(response.status_code, detail)}
        else:
            body = problem(response.status_code, API_DETAILS.get(response.status_code, ""))
        converted = HttpResponse(json.dumps(body), status=response.status_code, content_type=PROBLEM_CONTENT_TYPE)
        for header, value in response.items():
            if header.lower() not in ("content-type", "content-length"):
                converted[header] = value
        converted.cookies = response.cookies
        return converted
