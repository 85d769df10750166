from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ttg.core import access
from ttg.core.audit import record_security
from ttg.core.forms import error_list
from ttg.core.logging import security_log


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
