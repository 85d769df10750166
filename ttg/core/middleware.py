from __future__ import annotations

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
