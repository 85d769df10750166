from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ttg.core import access, clock
from ttg.plans.catalogue import selectors


@require_GET
@access.requires("catalogue.view")
def catalogue_list(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    in_force = selectors.version_in_force(on=today)
    # The levels as the version in force today describes them (one query).
    levels = list(in_force.levels.all()) if in_force else []
    return render(
        request,
        "plans/catalogue_list.html",
        {
            "title": _("The specification catalogue"),
            "versions": selectors.versions(request.user),
            "in_force": in_force,
            "today": today,
            "levels": levels,
        },
    )


@require_GET
@access.requires("catalogue.view")
def catalogue_version(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version(request.user, pk)
    in_force = selectors.version_in_force(on=clock.today())
    outline = selectors.structure(version)  # prefetched by selectors.version: no queries
    return render(
        request,
        "plans/catalogue_version.html",
        {
            "title": version.name,
            "version": version,
            "groups": selectors.grouped(version, outline),
            "is_in_force": in_force is not None and in_force.pk == version.pk,
            "levels": outline.levels,
        },
    )
