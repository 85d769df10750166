from __future__ import annotations

import logging
import sys
import uuid
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from . import access, db
from .api import API_DETAILS, API_PREFIX, problem_json
from .forms import GovukDateField, date_parts, error_list
from .home import home_for
from .models import AuditEvent

log = logging.getLogger("ttg.errors")


@require_GET
@access.requires("home.view")
def home(request: HttpRequest) -> HttpResponse:
    page = home_for(request.user)
    return render(request, "core/home.html", {"title": page.title, "home": page})


CONTENT_PAGES = {
    "accessibility": (_("Accessibility statement"), "core/accessibility_content.html"),
    "privacy": (_("Privacy notice"), "core/privacy_content.html"),
    "cookies": (_("Cookies"), "core/cookies_content.html"),
}


def _content(name: str) -> Any:
    @require_GET
    @access.public
    def view(request: HttpRequest) -> HttpResponse:
        title, template = CONTENT_PAGES[name]
        return render(request, "core/content.html", {"title": _(title), "content_template": template})

    view.__name__ = f"{name}_page"
    return view


accessibility = _content("accessibility")
privacy = _content("privacy")
cookies = _content("cookies")


@require_POST
@access.public
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switch (English / Cymraeg, in every page's footer): Django's own view, which keeps
    the choice in the `django_language` cookie and sends the user back to `next`, the page they were on
    (only a path on this site). Signed in or not, like the pages it switches."""
    return django_set_language(request)


@never_cache
@require_GET
@access.public
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check, for load balancers and monitoring. No personal data."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        log.exception("health check: database unavailable")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# --- the audit trail ---------------------------------------------------------------------------


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=_("Username"), required=False, max_length=150)
    action = forms.CharField(
        label=_("Action"), required=False, max_length=100, help_text=_("For example, auth.login or accounts.user.change")
    )
    kind = forms.ChoiceField(label=_("Type of event"), required=False, choices=[("", _("Any")), *AuditEvent.Kind.choices])
    object_id = forms.CharField(label=_("Record ID"), required=False, max_length=64)
    date_from = GovukDateField(label=_("From"), required=False, help_text=_("For example, 27 3 2019"))
    date_to = GovukDateField(label=_("To"), required=False, help_text=_("For example, 31 3 2019"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("To must be the same as or after From"))
        return data


PAGE_SIZE = 50


@require_GET
@access.requires("audit.search")
def audit_search(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    events = AuditEvent.objects.visible_to(request.user).select_related("scope_crc")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["actor"]:
            events = events.filter(actor_username__iexact=data["actor"])
        if data["action"]:
            events = events.filter(action__istartswith=data["action"])
        if data["kind"]:
            events = events.filter(kind=data["kind"])
        if data["object_id"]:
            events = events.filter(object_id=data["object_id"])
        if data["date_from"]:
            events = events.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(at__date__lte=data["date_to"])
    elif form.is_bound:
        events = events.none()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_search.html",
        {
            "title": _("Audit log"),
            "form": form,
            "errors": error_list(form) if form.is_bound else [],
            "page_has_errors": form.is_bound and bool(form.errors),
            "page": page,
            "query": query.urlencode(),
            "date_from": date_parts(form, "date_from"),
            "date_to": date_parts(form, "date_to"),
        },
    )


# --- error pages (GOV.UK style; never a traceback) ----------------------------------------------


def _error_page(request: HttpRequest, status: int, title: str, paragraphs: list[str], error_id: str = "") -> HttpResponse:
    if request.path.startswith(API_PREFIX):  # the API answers a problem, never a page (issue 17)
        return problem_json(status, API_DETAILS.get(status, ""), **({"error_id": error_id} if error_id else {}))
    try:
        return render(
            request,
            "core/error.html",
            {"title": title, "paragraphs": paragraphs, "error_id": error_id},
            status=status,
        )
    except Exception:  # the frame itself failed (e.g. no database): plain words, still no traceback
        log.exception("error page could not be rendered")
        body = f"<!DOCTYPE html><html lang='en'><title>{title}</title><h1>{title}</h1><p>{' '.join(paragraphs)}</p>"
        if error_id:
            body += f"<p>Reference: {error_id}</p>"
        return HttpResponse(body, status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request,
        404,
        _("Page not found"),
        [_("If you typed the web address, check it is correct."), _("If you pasted the web address, check you copied the entire address.")],
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request,
        403,
        _("You do not have permission to see this page"),
        [_("Your role does not include this page. If you think it should, ask your manager.")],
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request, 400, _("Sorry, there is a problem with the service"), [_("The request could not be understood. Try again.")]
    )


RETRY_AFTER_SECONDS = 10  # unsourced: a database restart takes a few seconds


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the error: a database that cannot answer now (restarting, a lost
    # connection) is a 503 to try again shortly, not a 500 (issue 17, faults).
    if db.unavailable(sys.exc_info()[1]):
        log.warning("database unavailable", extra={"path": request.path})
        response = _error_page(
            request,
            503,
            _("Sorry, the service is unavailable"),
            [_("Try again in a few minutes. Nothing you entered has been saved unless you saw a confirmation.")],
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    error_id = uuid.uuid4().hex[:12]
    log.error("server error", extra={"error_id": error_id, "path": request.path})
    return _error_page(
        request,
        500,
        _("Sorry, there is a problem with the service"),
        [_("Try again later. Nothing you entered has been saved unless you saw a confirmation.")],
        error_id,
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error_page(
        request,
        403,
        _("Your form could not be sent"),
        [_("The page may have been open too long or your session ended. Go back, reload the page and try again.")],
    )
