"""Security events: one audit row and one structured log line per sign-in, sign-out and failure.

Signals are used only here, for events Django itself raises; domain side effects live in services.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import record_security
from .logging import security_log

SESSION_LOGIN_AT = "ttg_login_at"
SESSION_LAST_SEEN = "ttg_last_seen"


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_LOGIN_AT] = request.session[SESSION_LAST_SEEN] = time.time()
    record_security(action="auth.login", actor=user)
    security_log.info("login", extra={"event": "login", "user_id": user.pk, "role": user.role})


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_security(action="auth.logout", actor=user)
        security_log.info("logout", extra={"event": "logout", "user_id": user.pk})


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # Django already strips the password from `credentials`; only the username is kept.
    username = str(credentials.get("username", ""))[:150]
    record_security(action="auth.login_failed", username=username)
    security_log.warning("login failed", extra={"event": "login_failed", "username": username})
