"""Loading catalogue versions from the JSON files in `data/` (docs/catalogue.md).

`read_version_file` checks a file without touching the database, naming the file and the activity
(or pathway, need area, level) at fault. Every standard text (each title, name and description, and
the sentence for the person) is held in English and Welsh, `{"en-gb": ..., "cy": ...}` (issue 22): the
loader stores the English in `title`, `name`, `description` and the Welsh beside it in `title_cy`, ….
`load_version` writes one version with its levels, need areas, pathways and activities; it is
idempotent: a version with the same name and date already there is left as it is (an administrator
may have changed nothing in a published version, but the file must never overwrite the database). The data migrations pass their historical models;
everything else uses the defaults.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ttg.core.pathways import PATHWAY_CODES
from ttg.plans.catalogue import constants
from ttg.plans.catalogue.models import Activity, CatalogueLevel, CatalogueNeedArea, CataloguePathway, CatalogueVersion
from ttg.plans.catalogue.structure import NeedAreaRow, PathwayRow, problems

CATALOGUE_DIR = Path(__file__).resolve().parent / "data"
INITIAL_FILES = ("2015-02-01.json", "2019-04-01.json")

_VERSION_KEYS = {"name", "in_force_from", "by_need_area", "published", "notes", "levels", "need_areas", "pathways", "activities"}
_LEVEL_KEYS = {"level", "name", "description"}
_NEED_AREA_KEYS = {"code", "name", "description"}
_PATHWAY_KEYS = {"code", "name", "description", "women_only", "need_area"}
_ACTIVITY_KEYS = {
    "code",
    "title",
    "description",
    "pathway",
    "level",
    "mode",
    "signpost_to",
    "mandatory",
    "cohort",
    "guidance",
    "for_person",
}
# The languages the sentence for the person must be in (issue 22: the person's plan is given in English or
# Welsh, as they choose; settings.LANGUAGES).
PERSON_LANGUAGES = {"en-gb": "English", "cy": "Welsh"}


class CatalogueFileError(ValueError):
    """A catalogue file is not what the loader expects; the message names the file and activity."""


def for_person_problem(sentences: Any) -> str:
    """Why an activity's sentence for the person will not do, or "": it says what will happen, to the
    person, in every language they may be given their plan in (a Welsh speaker's plan is in Welsh)."""
    if not isinstance(sentences, dict):
        return "it needs its sentence for the person (for_person), in English (en-gb) and Welsh (cy)"
    if unknown := set(sentences) - set(PERSON_LANGUAGES):
        return f"its sentence for the person has unknown languages {sorted(unknown)}"
    missing = [f"{name} ({code})" for code, name in PERSON_LANGUAGES.items() if not str(sentences.get(code) or "").strip()]
    if missing:
        return f"its sentence for the person (for_person) has no {' or '.join(missing)}: the person is given their plan in the language they choose"
    return ""


def text_problem(texts: Any, what: str, *, required: bool) -> str:
    """Why a standard text (a title, name or description) will not do, or "": staff read the catalogue, and a
    Welsh speaker the plan made from it, in the language they choose, so it is in English (en-gb) and Welsh
    (cy). A description may be left out altogether; a title or name may not."""
    needed = f"it needs a {what}, in English (en-gb) and Welsh (cy)"
    if not texts:
        return needed if required else ""
    if not isinstance(texts, dict):
        return f'its {what} must be in English (en-gb) and Welsh (cy), as {{"en-gb": "…", "cy": "…"}}'
    if unknown := set(texts) - set(PERSON_LANGUAGES):
        return f"its {what} has unknown languages {sorted(unknown)}"
    missing = [f"{name} ({code})" for code, name in PERSON_LANGUAGES.items() if not str(texts.get(code) or "").strip()]
    if len(missing) == len(PERSON_LANGUAGES):
        return needed if required else ""
    if missing:
        return f"its {what} has no {' or '.join(missing)}: every standard text is in English and Welsh, for the reader who chooses either"
    return ""


def _texts(at: str, item: dict[str, Any], *, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, str]:
    """The row's standard texts as model fields (`title` and `title_cy`, …), or CatalogueFileError naming the row."""
    fields: dict[str, str] = {}
    for key in (*required, *optional):
        value = item.get(key)
        if problem := text_problem(value, key, required=key in required):
            raise CatalogueFileError(f"{at}: {problem}")
        value = value or {}
        fields[key] = str(value.get("en-gb") or "").strip()
        fields[f"{key}_cy"] = str(value.get("cy") or "").strip()
    return fields


@dataclass(frozen=True)
class VersionData:
    name: str
    in_force_from: date
    by_need_area: bool
    published: bool
    notes: str
    activities: tuple[dict[str, Any], ...]
    levels: tuple[dict[str, Any], ...] = ()
    need_areas: tuple[dict[str, Any], ...] = ()
    pathways: tuple[dict[str, Any], ...] = ()


def _choices(name: str) -> set[str]:

    return {str(value) for value in getattr(constants, name).values}


def _rows(where: str, data: dict[str, Any], key: str, allowed: set[str], ident: str) -> list[dict[str, Any]]:
    """The version's list under `key`, each row with only `allowed` keys, a name, and an `ident` of its own."""
    if not isinstance(data.get(key), list):
        raise CatalogueFileError(f"{where}: every version lists its {key.replace('_', ' ')} (a list, which may be empty for need areas)")
    rows: list[dict[str, Any]] = []
    seen: set[Any] = set()
    for number, item in enumerate(data[key], start=1):
        at = f"{where}, {key.replace('_', ' ')[:-1]} {number} ({item.get(ident, 'no ' + ident)})"
        if unknown := set(item) - allowed:
            raise CatalogueFileError(f"{at}: unknown keys {sorted(unknown)}")
        if item.get(ident) in (None, "") or item[ident] in seen:
            raise CatalogueFileError(f"{at}: every one needs a {ident} of its own")
        seen.add(item[ident])
        rows.append({**item, **_texts(at, item, required=("name",), optional=("description",)), "order": number * 10})
    return rows


def _bilingual(row: dict[str, Any]) -> dict[str, str]:
    return {key: row[key] for key in ("name", "name_cy", "description", "description_cy")}


def _structure(where: str, data: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    levels = [{"level": row["level"], **_bilingual(row)} for row in _rows(where, data, "levels", _LEVEL_KEYS, "level")]
    for row in levels:
        if row["level"] not in (1, 2, 3):
            raise CatalogueFileError(f"{where}, level {row['level']}: level must be 1, 2 or 3")
    need_areas = [
        {"code": row["code"], **_bilingual(row), "order": row["order"]} for row in _rows(where, data, "need_areas", _NEED_AREA_KEYS, "code")
    ]
    pathways = [
        {
            "code": row["code"],
            **_bilingual(row),
            "women_only": bool(row.get("women_only", False)),
            "need_area": row.get("need_area", ""),
            "order": row["order"],
        }
        for row in _rows(where, data, "pathways", _PATHWAY_KEYS, "code")
    ]
    for row in pathways:
        if row["code"] not in PATHWAY_CODES:
            raise CatalogueFileError(f"{where}, pathway {row['code']!r}: unknown pathway (the codes are in ttg/core/pathways.py)")
    found = problems(
        by_need_area=bool(data.get("by_need_area", True)),
        need_areas=[NeedAreaRow(a["code"], a["name"]) for a in need_areas],
        pathways=[PathwayRow(p["code"], p["name"], p["need_area"]) for p in pathways],
        levels=[row["level"] for row in levels],
    )
    if found:
        raise CatalogueFileError(f"{where}: " + " ".join(message for messages in found.values() for message in messages))
    return levels, need_areas, pathways


def read_version_file(path: Path) -> VersionData:
    where = path.name
    data = json.loads(path.read_text(encoding="utf-8"))
    if unknown := set(data) - _VERSION_KEYS:
        raise CatalogueFileError(f"{where}: unknown keys {sorted(unknown)}")
    levels, need_areas, pathways = _structure(where, data)
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
            **_texts(at, item, required=("title",), optional=("description",)),
            "pathway": item.get("pathway", ""),
            "level": item["level"],
            "mode": item.get("mode", "deliver"),
            "signpost_to": item.get("signpost_to", ""),
            "mandatory": bool(item.get("mandatory", False)),
            "cohort": item.get("cohort", ""),
            "guidance": item.get("guidance", ""),
            "for_person": item.get("for_person"),
            "order": number * 10,
        }
        if activity["level"] not in (1, 2, 3):
            raise CatalogueFileError(f"{at}: level must be 1, 2 or 3")
        if problem := for_person_problem(activity["for_person"]):
            raise CatalogueFileError(f"{at}: {problem}")
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
        levels=tuple(levels),
        need_areas=tuple(need_areas),
        pathways=tuple(pathways),
    )


def load_version(
    data: VersionData,
    *,
    version_model: Any = None,
    activity_model: Any = None,
    level_model: Any = None,
    need_area_model: Any = None,
    pathway_model: Any = None,
) -> tuple[Any, bool]:
    """(the version, whether it was created). Call inside a transaction.

    Without models, the current ones. A migration passes its historical models; one from before
    the levels, need areas and pathways were data (0002) passes none for them, and they are not
    loaded (0006 adds them).
    """
    if version_model is None:
        version_model, activity_model = CatalogueVersion, Activity
        level_model, need_area_model, pathway_model = CatalogueLevel, CatalogueNeedArea, CataloguePathway
    existing = version_model.objects.filter(name=data.name, in_force_from=data.in_force_from).first()
    if existing is not None:
        return existing, False
    version = version_model.objects.create(
        name=data.name, in_force_from=data.in_force_from, by_need_area=data.by_need_area, published=data.published, notes=data.notes
    )
    if level_model is not None:
        load_structure(version, data, level_model=level_model, need_area_model=need_area_model, pathway_model=pathway_model)
    activity_model.objects.bulk_create(
        [activity_model(version=version, **_known(activity_model, activity)) for activity in data.activities]
    )
    return version, True


def _known(model: Any, row: dict[str, Any]) -> dict[str, Any]:
    """The row's values the model has: a migration's historical model may have fewer fields than the file
    (for_person came with 0017, the Welsh titles, names and descriptions with 0018)."""
    fields = {f.name for f in model._meta.get_fields()}
    return {k: v for k, v in row.items() if k in fields}


def load_structure(version: Any, data: VersionData, *, level_model: Any, need_area_model: Any, pathway_model: Any) -> None:
    """Write the file's levels, need areas and pathways to a version that has none yet."""
    level_model.objects.bulk_create([level_model(version=version, **_known(level_model, row)) for row in data.levels])
    need_area_model.objects.bulk_create([need_area_model(version=version, **_known(need_area_model, row)) for row in data.need_areas])
    pathway_model.objects.bulk_create([pathway_model(version=version, **_known(pathway_model, row)) for row in data.pathways])


def load_initial_catalogue(**models: Any) -> list[Any]:
    """The two versions the service starts with (the 2015 model and the 2019 enhanced specification).

    `models`: a migration's historical models, as for `load_version`."""
    return [load_version(read_version_file(CATALOGUE_DIR / name), **models)[0] for name in INITIAL_FILES]
