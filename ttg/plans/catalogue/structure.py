"""What a catalogue version must hold besides its activities, checked the same way when a file is
loaded (`loader`) and when a draft is published (`services.publish`). Pure Python: no Django ORM.

A version lists every pathway (the screening asks about each of them, by its fixed code), says
what each of the three levels means, and, when it is organised by need area, puts every pathway in
one of its own need areas. A pathway's need area is always one of the same version's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ttg.core.pathways import PATHWAYS

LEVELS = (1, 2, 3)


@dataclass(frozen=True)
class PathwayRow:
    code: str
    name: str
    need_area: str  # a need area's code, or "" for none


@dataclass(frozen=True)
class NeedAreaRow:
    code: str
    name: str


def problems(
    *, by_need_area: bool, need_areas: Sequence[NeedAreaRow], pathways: Sequence[PathwayRow], levels: Iterable[int]
) -> dict[str, list[str]]:
    """Everything wrong with a version's pathways, need areas and levels, by the field at fault.

    Keys: "pathways" (a pathway missing), "need_area" (a pathway's need area unknown or missing),
    "need_areas" (none, or one with no pathway, in a version organised by them), "levels" (a level
    not described). Empty when all is well. Each message names the field and the row.
    """
    found: dict[str, list[str]] = {}
    listed = {p.code for p in pathways}
    for missing in (p for p in PATHWAYS if p.code not in listed):
        found.setdefault("pathways", []).append(
            f"Pathways: the version does not list “{missing.name}” ({missing.code}). Every pathway is listed, because the screening asks about each one."
        )
    area_codes = {a.code for a in need_areas}
    for row in pathways:
        if row.need_area and row.need_area not in area_codes:
            found.setdefault("need_area", []).append(
                f"Need area of the pathway “{row.name}”: the version has no need area with the code “{row.need_area}”."
            )
        elif by_need_area and not row.need_area:
            found.setdefault("need_area", []).append(
                f"Need area of the pathway “{row.name}”: choose one. A version organised by need area puts every pathway in one."
            )
    if by_need_area:
        if not need_areas:
            found.setdefault("need_areas", []).append(
                "Need areas: the version is organised by need area but has none. Add them, or untick “organised by need area”."
            )
        used = {row.need_area for row in pathways}
        for area in need_areas:
            if area.code not in used:
                found.setdefault("need_areas", []).append(f"Need areas: “{area.name}” has no pathway in it. Put one in it, or delete it.")
    described = set(levels)
    for level in LEVELS:
        if level not in described:
            found.setdefault("levels", []).append(f"Levels: the version does not say what Level {level} is. Give its name and description.")
    return found
