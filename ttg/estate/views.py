from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ttg.core import access, clock

from . import selectors


@require_GET
@access.requires("estate.view")
def prison_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "estate/prisons.html", {"title": _("Prisons"), "prisons": selectors.prisons(request.user), "today": clock.today()}
    )


@require_GET
@access.requires("estate.view")
def prison_detail(request: HttpRequest, code: str) -> HttpResponse:
    prison = selectors.prison(request.user, code)
    return render(
        request,
        "estate/prison.html",
        {
            "title": prison.name,
            "prison": prison,
            "designation": prison.designation_on(clock.today()),
            "supply_chain": access.can(request.user, "supply_chain.view"),
        },
    )


@require_GET
@access.requires("estate.view")
def crc_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "estate/crcs.html",
        {
            "title": _("Community rehabilitation companies (CRCs)"),
            "crcs": selectors.crcs(request.user),
            "supply_chain": access.can(request.user, "supply_chain.view"),
        },
    )


@require_GET
@access.requires("estate.view")
def nps_division_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "estate/nps_divisions.html",
        {"title": _("National Probation Service (NPS) divisions"), "divisions": selectors.nps_divisions(request.user)},
    )


@require_GET
@access.requires("estate.view")
def organisation_list(request: HttpRequest) -> HttpResponse:
    chosen = request.GET.get("specialism", "")[:40]
    page = Paginator(selectors.organisations(request.user, chosen), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "estate/organisations.html",
        {"title": _("Partner organisations"), "page": page, "specialisms": selectors.specialisms(request.user), "chosen": chosen},
    )
