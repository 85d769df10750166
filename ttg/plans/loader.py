"""Loading catalogue versions from the JSON files in `catalogue/` (docs/catalogue.md).

`read_version_file` checks a file without touching the database, naming the file and the activity
at fault. `load_version` writes one version and its activities; it is idempotent: a version with
the same name and date already there is left as it is (an administrator may have changed nothing
in a published version, but the file must never overwrite the database). The data migration
passes its historical models; everything else uses the defaults.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ttg.screening.pathways import PATHWAY_CODES

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
INITIAL_FILES = ("2015-02-01.json", "2019-04-01.json")

_VERSION_KEYS = {"name", "in_force_from", "by_need_area", "published", "notes", "activities"}
_ACTIVITY_KEYS = {"code", "title", "description", "pathway", "level", "mode", "signpost_to", "mandatory", "cohort", "guidance"}


class CatalogueFileError(ValueError):
    """A catalogue file is not what the loader expects; the message names the file and activity."""


@dataclass(frozen=True)
class VersionData:
    name: str
    in_force_from: date
    by_need_area: bool
    published: bool
    notes: str
    activities: tuple[dict[str, Any], ...]


def _choices(name: str) -> set[str]:
    from . import constants

    return {str(value) for value in getattr(constants, name).values}


def read_version_file(path: Path) -> VersionData:
    where = path.name
    data = json.loads(path.read_text(encoding="utf-8"))
    if unknown := set(data) - _VERSION_KEYS:
        raise CatalogueFileError(f"{where}: unknown keys {sorted(unknown)}")
    signpost_kinds, cohorts = _choices("SignpostTo"), _choices("Cohort")
    activities: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, item in enumerate(data["activities"], start=1):
        code = item.get("code", "")
        at = f"{where}, activity {number} ({code or 'no code'})"
        if unknown := set(item) - _ACTIVITY_KEYS:
            raise CatalogueFileError(f"{at}: unknown keys {sorted(unknown)}")
        if not code or code in seen:
            raise CatalogueFileError(f"{at}: every activity needs a code of its own")
        seen.add(code)
        activity = {
            "code": code,
            "title": item["title"],
            "description": item.get("description", ""),
            "pathway": item.get("pathway", ""),
            "level": item["level"],
            "mode": item.get("mode", "deliver"),
            "signpost_to": item.get("signpost_to", ""),
            "mandatory": bool(item.get("mandatory", False)),
            "cohort": item.get("cohort", ""),
            "guidance": item.get("guidance", ""),
            "order": number * 10,
        }
        if activity["level"] not in (1, 2, 3):
            raise CatalogueFileError(f"{at}: level must be 1, 2 or 3")
        if activity["pathway"] and activity["pathway"] not in PATHWAY_CODES:
            raise CatalogueFileError(f"{at}: unknown pathway {activity['pathway']!r}")
        if not activity["pathway"] and activity["level"] != 1:
            raise CatalogueFileError(f"{at}: only a Level 1 activity may be across all pathways")
        if activity["mode"] not in ("deliver", "signpost"):
            raise CatalogueFileError(f"{at}: mode must be deliver or signpost")
        if (activity["mode"] == "signpost") != bool(activity["signpost_to"]) or (
            activity["signpost_to"] and activity["signpost_to"] not in signpost_kinds
        ):
            raise CatalogueFileError(f"{at}: a signposted activity names a known kind of partner, and only a signposted one")
        if activity["cohort"] and activity["cohort"] not in cohorts:
            raise CatalogueFileError(f"{at}: unknown cohort {activity['cohort']!r}")
        if activity["cohort"] and not activity["guidance"]:
            raise CatalogueFileError(f"{at}: an activity for a cohort carries good-practice guidance")
        activities.append(activity)
    return VersionData(
        name=data["name"],
        in_force_from=date.fromisoformat(data["in_force_from"]),
        by_need_area=bool(data.get("by_need_area", True)),
        published=bool(data.get("published", False)),
        notes=data.get("notes", ""),
        activities=tuple(activities),
    )


def load_version(data: VersionData, *, version_model: Any = None, activity_model: Any = None) -> tuple[Any, bool]:
    """(the version, whether it was created). Call inside a transaction."""
    if version_model is None or activity_model is None:
        from .models import Activity, CatalogueVersion

        version_model, activity_model = CatalogueVersion, Activity
    existing = version_model.objects.filter(name=data.name, in_force_from=data.in_force_from).first()
    if existing is not None:
        return existing, False
    version = version_model.objects.create(
        name=data.name, in_force_from=data.in_force_from, by_need_area=data.by_need_area, published=data.published, notes=data.notes
    )
    activity_model.objects.bulk_create([activity_model(version=version, **activity) for activity in data.activities])
    return version, True


def load_initial_catalogue(*, version_model: Any = None, activity_model: Any = None) -> list[Any]:
    """The two versions the service starts with (the 2015 model and the 2019 enhanced specification)."""
    return [
        load_version(read_version_file(CATALOGUE_DIR / name), version_model=version_model, activity_model=activity_model)[0]
        for name in INITIAL_FILES
    ]
