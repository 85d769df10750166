"""The signed-in user's own notifications: read them, mark them read."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ttg.core import access

from . import services


@require_GET
@access.requires("notification.view")
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(services.mine(request.user), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"title": _("Notifications"), "page": page, "unread": services.unread_count(request.user)},
    )


@require_POST
@access.requires("notification.view")
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = services.mark_read(user=request.user, pk=pk)
    # "Open" marks it read and follows its link, when the link is one of ours.
    if request.POST.get("open") and notification.link and url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None):
        return redirect(notification.link)
    return redirect("notification_list")


@require_POST
@access.requires("notification.view")
def notification_read_all(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(user=request.user)
    return redirect("notification_list")
