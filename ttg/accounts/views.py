from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from markupsafe import Markup

from ttg.core import access
from ttg.core.audit import record_security
from ttg.core.forms import error_list
from ttg.core.logging import security_log

from . import mfa


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Enter a correct username and password. Both are case sensitive."),
        "inactive": _("This account has been switched off. Ask your administrator."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # GOV.UK error messages say what to do, once per field.
        self.fields["username"].error_messages["required"] = _("Enter your username")
        self.fields["password"].error_messages["required"] = _("Enter your password")


@access.public
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        errors = error_list(form) if form.is_bound else []
        timed_out = self.request.session.pop("ttg_signed_out_reason", None) == "timeout"
        context.update({"title": _("Sign in"), "errors": errors, "page_has_errors": bool(errors), "timed_out": timed_out})
        return context


@access.public
class LogoutView(auth_views.LogoutView):
    """Sign out (POST only): the session is flushed, so a replayed cookie signs nobody in."""


def locked_out(request: HttpRequest, original_response: Any = None, credentials: dict[str, Any] | None = None) -> HttpResponse:
    """django-axes calls this when an account has too many failed sign-ins."""
    username = str((credentials or {}).get("username") or request.POST.get("username", ""))[:150]
    record_security(action="auth.locked_out", username=username)
    security_log.warning("account locked out", extra={"event": "locked_out", "username": username})
    return render(
        request,
        "core/error.html",
        {
            "title": _("Your account is locked"),
            "paragraphs": [
                _("There were too many attempts to sign in to this account."),
                _("You can try again in an hour, or ask your administrator to unlock it now."),
            ],
        },
        status=429,
    )


# --- two-factor sign-in and re-authentication (issue 17, item 4; ttg/accounts/mfa.py) --------------


class CodeForm(forms.Form):
    code = forms.CharField(max_length=32, error_messages={"required": _("Enter the code from your authenticator app")})


class PasswordForm(forms.Form):
    password = forms.CharField(max_length=4096, strip=False, error_messages={"required": _("Enter your password")})


def _code_error(form: forms.Form, user: Any, *, backup: bool) -> None:
    wait = mfa.wait_seconds(user)
    if wait:
        message = _("You have entered a wrong code too many times. Wait %(n)s seconds, then try again.") % {"n": wait}
    elif backup:
        message = _("Enter the 6-digit code your authenticator app shows now, or one of your backup codes")
    else:
        message = _("Enter the 6-digit code your authenticator app shows now")
    form.add_error("code", message)


def _failed_code(user: Any) -> None:
    record_security(action="auth.two_factor_failed", actor=user)
    security_log.warning("two-factor code refused", extra={"event": "two_factor_failed", "user_id": user.pk})


def _code_page(request: HttpRequest, template: str, form: forms.Form, status: int = 200, **context: Any) -> HttpResponse:
    errors = error_list(form) if form.is_bound else []
    context.update(
        {"form": form, "errors": errors, "page_has_errors": bool(errors), "next": request.POST.get("next") or request.GET.get("next", "")}
    )
    return render(request, template, context, status=status)


@mfa.before_two_factor
@require_http_methods(["GET", "POST"])
@access.requires("account.view")
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: a QR code and the secret as text; a code from the app confirms it."""
    user = request.user
    if not mfa.needs_two_factor(user):
        raise Http404(access.NOT_FOUND_MESSAGE)
    if mfa.app_device(user) is not None:
        return redirect(
            mfa.safe_next(request)
            if mfa.is_verified(user)
            else f"{reverse('two_factor_verify')}?{urlencode({'next': mfa.safe_next(request)}, safe='/')}"
        )
    device = mfa.new_app_device(user)
    form = CodeForm(request.POST or None)
    if form.is_bound and form.is_valid():
        code = "".join(form.cleaned_data["code"].split())
        if not mfa.wait_seconds(user) and device.verify_token(code):
            codes = mfa.confirm_app_device(device)
            otp_login(request, device)
            mfa.stamp_authenticated(request)
            record_security(action="auth.two_factor_set_up", actor=user)
            security_log.info("two-factor set up", extra={"event": "two_factor_set_up", "user_id": user.pk})
            return render(
                request,
                "accounts/two_factor_backup_codes.html",
                {"title": _("Your authenticator app is set up"), "codes": codes, "next": mfa.safe_next(request)},
            )
        _failed_code(user)
        _code_error(form, user, backup=False)
    qr = segno.make(device.config_url, error="m")
    return _code_page(
        request,
        "accounts/two_factor_setup.html",
        form,
        status=400 if form.is_bound else 200,
        title=_("Set up your authenticator app"),
        qr_svg=Markup(qr.svg_inline(scale=4, dark="#0b0c0c", light="#ffffff", svgclass="ttg-qr", omitsize=False)),  # noqa: S704 - our own QR code, no user data as markup
        secret=mfa.secret_in_words(device),
    )


@mfa.before_two_factor
@require_http_methods(["GET", "POST"])
@access.requires("account.view")
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code the app shows now, or a backup code."""
    user = request.user
    if not mfa.needs_two_factor(user):
        raise Http404(access.NOT_FOUND_MESSAGE)
    if mfa.is_verified(user):
        return redirect(mfa.safe_next(request))
    if mfa.app_device(user) is None:
        return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': mfa.safe_next(request)}, safe='/')}")
    form = CodeForm(request.POST or None)
    if form.is_bound and form.is_valid():
        device = mfa.check_code(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            mfa.stamp_authenticated(request)
            backup = isinstance(device, StaticDevice)
            record_security(action="auth.two_factor_backup_code" if backup else "auth.two_factor", actor=user)
            security_log.info("two-factor passed", extra={"event": "two_factor", "user_id": user.pk, "backup_code": backup})
            return redirect(mfa.safe_next(request))
        _failed_code(user)
        _code_error(form, user, backup=True)
    return _code_page(
        request,
        "accounts/two_factor_verify.html",
        form,
        status=400 if form.is_bound else 200,
        title=_("Enter the code from your authenticator app"),
    )


@require_http_methods(["GET", "POST"])
@access.requires("account.view")
def reauthenticate(request: HttpRequest) -> HttpResponse:
    """Confirm it is you before a bulk export (ASVS V4.3.3): a code with two-factor sign-in, otherwise
    the password; then back to the export."""
    user = request.user
    with_code = mfa.needs_two_factor(user) and mfa.app_device(user) is not None
    form: forms.Form = CodeForm(request.POST or None) if with_code else PasswordForm(request.POST or None)
    if form.is_bound and form.is_valid():
        if with_code:
            passed = mfa.check_code(user, form.cleaned_data["code"]) is not None
        else:
            passed = authenticate(request, username=user.get_username(), password=form.cleaned_data["password"]) is not None
        if passed:
            mfa.stamp_authenticated(request)
            record_security(action="auth.reauthenticated", actor=user)
            security_log.info("re-authenticated", extra={"event": "reauthenticated", "user_id": user.pk})
            return redirect(mfa.safe_next(request))
        if with_code:
            _failed_code(user)
            _code_error(form, user, backup=True)
        else:
            form.add_error("password", _("Enter your password correctly"))
    minutes = int(settings.TTG_REAUTH_MAX_AGE.total_seconds() // 60)
    return _code_page(
        request,
        "accounts/reauthenticate.html",
        form,
        status=400 if form.is_bound else 200,
        title=_("Confirm it is you"),
        with_code=with_code,
        minutes=minutes,
    )
