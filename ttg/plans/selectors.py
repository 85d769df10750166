"""Reads of the catalogue: the version in force on a date, and the catalogue's pages (a fixed number of queries)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch

from ttg.core import access
from ttg.screening.pathways import NEED_AREAS, PATHWAYS, NeedArea, Pathway

from .models import Activity, CatalogueVersion


def version_in_force(*, on: date) -> CatalogueVersion | None:
    """The published version with the latest `in_force_from` on or before `on`; drafts never count.

    Not scoped to a user: plans are made under the version in force on their date, whoever makes them.
    """
    return CatalogueVersion.objects.in_force_on(on)


def versions(user: Any) -> list[CatalogueVersion]:
    """The versions the user may see (drafts: administrators only), newest first, with activity counts."""
    return list(CatalogueVersion.objects.visible_to(user).annotate(activity_count=Count("activities")).order_by("-in_force_from", "-id"))


def version(user: Any, pk: int) -> CatalogueVersion:
    """One version with its activities, or the same 404 for missing and not yours."""
    activities = Activity.objects.order_by("level", "order", "id")
    return access.get_for(user, CatalogueVersion.objects.prefetch_related(Prefetch("activities", queryset=activities)), pk=pk)


@dataclass
class PathwayGroup:
    pathway: Pathway | None  # None: across all pathways (Level 1 screening and planning)
    activities: list[Activity] = field(default_factory=list)


@dataclass
class AreaGroup:
    area: NeedArea | None  # None: not organised by need area, or across all pathways
    pathways: list[PathwayGroup] = field(default_factory=list)


def grouped(catalogue: CatalogueVersion) -> list[AreaGroup]:
    """The activities by need area then pathway (pathway only for a version without need areas);
    activities across all pathways first. Uses the prefetched activities: no queries."""
    by_pathway: dict[str, list[Activity]] = {}
    for activity in catalogue.activities.all():
        by_pathway.setdefault(activity.pathway, []).append(activity)
    groups: list[AreaGroup] = []
    if "" in by_pathway:
        groups.append(AreaGroup(None, [PathwayGroup(None, by_pathway[""])]))
    if catalogue.by_need_area:
        for area in NEED_AREAS:
            pathways = [PathwayGroup(p, by_pathway[p.code]) for p in PATHWAYS if p.code in area.pathways and p.code in by_pathway]
            if pathways:
                groups.append(AreaGroup(area, pathways))
    else:
        pathways = [PathwayGroup(p, by_pathway[p.code]) for p in PATHWAYS if p.code in by_pathway]
        if pathways:
            groups.append(AreaGroup(None, pathways))
    return groups
