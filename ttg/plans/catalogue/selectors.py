"""Reads of the catalogue: the version in force on a date, a version's pathways, need areas and
levels (its names and descriptions), and the catalogue's pages (a fixed number of queries)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch
from django.utils import translation

from ttg.core import access
from ttg.core.pathways import PATHWAYS
from ttg.core.pathways import pathway as fixed_pathway
from ttg.plans.catalogue.models import Activity, CatalogueLevel, CatalogueNeedArea, CataloguePathway, CatalogueVersion
from ttg.plans.catalogue.rules import in_language


def version_in_force(*, on: date) -> CatalogueVersion | None:
    """The published version with the latest `in_force_from` on or before `on`; drafts never count.

    Not scoped to a user: plans are made under the version in force on their reference date (the
    reception date, rule P14), whoever makes them.
    """
    return CatalogueVersion.objects.in_force_on(on)


def versions(user: Any) -> list[CatalogueVersion]:
    """The versions the user may see (drafts: administrators only), newest first, with activity counts."""
    return list(CatalogueVersion.objects.visible_to(user).annotate(activity_count=Count("activities")).order_by("-in_force_from", "-id"))


def version(user: Any, pk: int) -> CatalogueVersion:
    """One version with its activities, pathways, need areas and levels (five queries), or the same
    404 for missing and not yours."""
    activities = Activity.objects.order_by("level", "order", "id")
    queryset = CatalogueVersion.objects.prefetch_related(Prefetch("activities", queryset=activities), *_STRUCTURE)
    return access.get_for(user, queryset, pk=pk)


_STRUCTURE = ("pathways", "need_areas", "levels")  # each ordered by its model's Meta.ordering


@dataclass(frozen=True)
class Structure:
    """A version's pathways, need areas and levels, in order: what its names and descriptions are."""

    pathways: tuple[CataloguePathway, ...]
    need_areas: tuple[CatalogueNeedArea, ...]
    levels: tuple[CatalogueLevel, ...]

    def pathway(self, code: str) -> CataloguePathway:
        """The version's pathway with that code; for a fixed pathway a draft does not list (yet), an
        unsaved one with the name from the fixed list, so a page can always say something."""
        for row in self.pathways:
            if row.code == code:
                return row
        fixed = fixed_pathway(code)
        return CataloguePathway(code=code, name=fixed.name, women_only=fixed.women_only)

    def need_area(self, code: str) -> CatalogueNeedArea | None:
        return next((a for a in self.need_areas if a.code == code), None)

    def need_area_for(self, pathway_code: str) -> CatalogueNeedArea | None:
        """The need area the version puts the pathway in; None if it has none."""
        row = next((p for p in self.pathways if p.code == pathway_code), None)
        return self.need_area(row.need_area) if row is not None and row.need_area else None

    @property
    def pathway_names(self) -> dict[str, str]:
        """Code -> name, in the active language."""
        return {**{p.code: p.name for p in PATHWAYS}, **{p.code: p.name_in() for p in self.pathways}}


def structure(catalogue: CatalogueVersion) -> Structure:
    """The version's pathways, need areas and levels: from the prefetch if `version()` made one
    (no queries), otherwise three queries."""
    return Structure(
        pathways=tuple(catalogue.pathways.all()),
        need_areas=tuple(catalogue.need_areas.all()),
        levels=tuple(catalogue.levels.all()),
    )


def pathway_names(catalogue: CatalogueVersion | int, language: str | None = None) -> dict[str, str]:
    """Pathway code -> the name the version gives it, in the active language or the one given (one query;
    none if prefetched). Every fixed pathway has a name: one the version does not list (only a draft may
    lack one) keeps its name from ttg/core/pathways.py. For plans: `pathway_names(plan.catalogue_version_id)`."""
    chosen = translation.get_language() if language is None else language
    if isinstance(catalogue, CatalogueVersion):
        rows = [(p.code, p.name, p.name_cy) for p in catalogue.pathways.all()]
    else:
        rows = list(CataloguePathway.objects.filter(version_id=catalogue).values_list("code", "name", "name_cy"))
    return {**{p.code: p.name for p in PATHWAYS}, **{code: in_language(name, welsh, chosen) for code, name, welsh in rows}}


@dataclass
class PathwayGroup:
    pathway: CataloguePathway | None  # None: across all pathways (Level 1 screening and planning)
    activities: list[Activity] = field(default_factory=list)


@dataclass
class AreaGroup:
    area: CatalogueNeedArea | None  # None: not organised by need area, across all pathways, or not in a need area
    pathways: list[PathwayGroup] = field(default_factory=list)
    unmapped: bool = False  # pathways a draft organised by need area has not put in one yet


def grouped(catalogue: CatalogueVersion, outline: Structure | None = None) -> list[AreaGroup]:
    """The activities by need area then pathway (pathway only for a version without need areas),
    in the version's order and with its names; activities across all pathways first. Uses the
    prefetched activities and structure: no queries."""
    outline = outline or structure(catalogue)
    by_pathway: dict[str, list[Activity]] = {}
    for activity in catalogue.activities.all():
        by_pathway.setdefault(activity.pathway, []).append(activity)
    groups: list[AreaGroup] = []
    if "" in by_pathway:
        groups.append(AreaGroup(None, [PathwayGroup(None, by_pathway[""])]))
    listed = [p.code for p in outline.pathways]
    # A fixed pathway a draft does not list yet comes last, under its name from the fixed list.
    order = listed + [p.code for p in PATHWAYS if p.code not in listed]
    present = [outline.pathway(code) for code in order if code in by_pathway]
    if catalogue.by_need_area:
        for area in outline.need_areas:
            pathways = [PathwayGroup(p, by_pathway[p.code]) for p in present if p.need_area == area.code]
            if pathways:
                groups.append(AreaGroup(area, pathways))
        known = {a.code for a in outline.need_areas}
        unmapped = [PathwayGroup(p, by_pathway[p.code]) for p in present if p.need_area not in known]
        if unmapped:
            groups.append(AreaGroup(None, unmapped, unmapped=True))
    else:
        pathways = [PathwayGroup(p, by_pathway[p.code]) for p in present]
        if pathways:
            groups.append(AreaGroup(None, pathways))
    return groups
