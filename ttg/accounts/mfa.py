"""Two-factor sign-in and re-authentication (issue 17, item 4; docs/security.md "Two-factor sign-in").

- Who: the roles in TTG_MFA_ROLES (administrators, contract managers and CRC managers) give a code
  from an authenticator app (TOTP, django-otp) after their password, every time they sign in (ASVS
  V4.3.1). Until they have, TwoFactorMiddleware lets them reach only the pages that set it up or ask
  for the code, and the public pages (sign out among them); everything else sends them there, and a
  session-authenticated API call gets a 403 problem. API tokens (integration accounts) are not
  sessions: they are unaffected.
- Recovery: ten single-use backup codes, shown once when the app is set up (django-otp's static
  device); or an administrator's `manage.py reset_two_factor USERNAME`, after which the user sets up
  again at their next sign-in.
- Rate limit: django-otp's throttle (OTP_TOTP_THROTTLE_FACTOR): each wrong code doubles the wait
  before the next, on the account, whatever the session; every wrong code is an audit event.
- Re-authentication (ASVS V4.3.3): `@recent_authentication_required` on a bulk export sends anyone
  who has not given their password (or, with two-factor sign-in, a code) in the last
  TTG_REAUTH_MAX_AGE to a page that asks for it and then returns to the export. Signing in counts.
"""

from __future__ import annotations

import time
from base64 import b32encode
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ttg.core import access
from ttg.core.api import API_PREFIX, problem_json

F = TypeVar("F", bound=Callable[..., Any])

SESSION_REAUTH_AT = "ttg_reauth_at"
BACKUP_CODES = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


def needs_two_factor(user: Any) -> bool:
    """Whether this user's role must give a code after their password (TTG_MFA_ROLES)."""
    return bool(user.is_authenticated and getattr(user, "role", None) in settings.TTG_MFA_ROLES)


def is_verified(user: Any) -> bool:
    """Whether this session has given a code (django-otp's OTPMiddleware sets is_verified)."""
    check = getattr(user, "is_verified", None)
    return bool(check is not None and check())


def app_device(user: Any, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def backup_device(user: Any) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def secret_in_words(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it typed in: base32, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def new_app_device(user: Any) -> TOTPDevice:
    """The unconfirmed device of a user setting up, made once (a reload shows the same secret)."""
    device = app_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_app_device(device: TOTPDevice) -> list[str]:
    """The device is the user's from now on; returns their new backup codes (shown once)."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_backup_codes(device.user)


def new_backup_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def wait_seconds(user: Any) -> int:
    """Seconds before the account may try another code (0: now)."""
    device = app_device(user)
    if device is None:
        return 0
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return 0
    from django.utils import timezone

    return max(1, int((data["locked_until"] - timezone.now()).total_seconds() + 0.999))


def check_code(user: Any, code: str) -> Any:
    """The device the code is right for (the app's, or a backup code, used up), or None. A wrong code
    counts against the account's app device (the throttle), whichever kind it looked like."""
    code = "".join(code.split()).lower()
    device = app_device(user)
    if device is None or not code:
        return None
    if wait_seconds(user):
        return None
    if code.isdigit() and len(code) == device.digits:
        return device if device.verify_token(code) else None
    backup = backup_device(user)
    if backup is not None and backup.verify_token(code):
        return backup
    device.throttle_increment()
    return None


def stamp_authenticated(request: HttpRequest) -> None:
    request.session[SESSION_REAUTH_AT] = time.time()


@receiver(user_logged_in)
def _signed_in_now(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Giving a password to sign in is an authentication as recent as any."""
    if request is not None and hasattr(request, "session"):
        stamp_authenticated(request)


def authenticated_recently(request: HttpRequest) -> bool:
    at = request.session.get(SESSION_REAUTH_AT)
    return isinstance(at, int | float) and time.time() - at <= settings.TTG_REAUTH_MAX_AGE.total_seconds()


def safe_next(request: HttpRequest, default: str = "home") -> str:
    """The `next` address when it is on this site (ASVS V5.1.5), otherwise the default page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(default)


def recent_authentication_required(view: F) -> F:
    """A bulk export: only with a password or code given in the last TTG_REAUTH_MAX_AGE (ASVS V4.3.3)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not authenticated_recently(request):
            return redirect(f"{reverse('reauthenticate')}?{urlencode({'next': request.get_full_path()}, safe='/')}")
        return view(request, *args, **kwargs)

    wrapped.ttg_recent_authentication = True  # type: ignore[attr-defined]  # the checklist test finds the exports by it
    return wrapped  # type: ignore[return-value]


def before_two_factor(view: F) -> F:
    """A page a user who must give a code may reach before they have (setting up, giving the code)."""
    view.ttg_before_two_factor = True  # type: ignore[attr-defined]
    return view


class TwoFactorMiddleware:
    """Users whose role needs two-factor sign-in reach nothing but its own pages and the public ones
    until this session has given a code (after AuthenticationMiddleware and django-otp's OTPMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any) -> HttpResponse | None:
        user = request.user
        if not needs_two_factor(user) or is_verified(user):
            return None
        request.ttg_sign_in_unfinished = True  # type: ignore[attr-defined]  # no navigation to pages they cannot reach yet
        if getattr(view_func, "ttg_before_two_factor", False) or access.view_declaration(view_func)[0]:
            return None
        if request.path.startswith(API_PREFIX):
            return problem_json(
                403, "Your role signs in with a code from an authenticator app: sign in on the service's pages and give the code first."
            )
        step = "two_factor_verify" if app_device(user) is not None else "two_factor_setup"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()}, safe='/')}")
