from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ttg.core import access, clock
from ttg.core.languages import Language

from . import selectors, services
from .models import Prison


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
            "may_set_language": access.may(request.user, "prison.language", prison),
        },
    )


@require_http_methods(["GET", "POST"])
@access.requires("prison.language")
def prison_language(request: HttpRequest, code: str) -> HttpResponse:
    """The language the prison gives people their plan in until they choose their own (rule L1, issue 22):
    the governor's choice for their prison."""
    prison = access.get_for(request.user, Prison, action="prison.language", code=code)
    chosen, errors = prison.language, []
    if request.method == "POST":
        chosen = request.POST.get("language", "")
        try:
            services.set_language(prison=prison, language=chosen, by=request.user)
        except services.PrisonLanguageError as error:
            errors = [{"text": str(error), "href": "#language"}]
        else:
            messages.success(request, _("Language recorded: %(language)s") % {"language": Language(chosen).label})
            return redirect("prison_detail", code=prison.code)
    return render(
        request,
        "estate/prison_language.html",
        {
            "title": _("Which language does %(prison)s give people their plan in?") % {"prison": prison.name},
            "prison": prison,
            "chosen": chosen,
            "choices": Language.choices,
            "errors": errors,
            "page_has_errors": bool(errors),
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
