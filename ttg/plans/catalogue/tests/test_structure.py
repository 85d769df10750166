"""Pathways, need areas and levels as each catalogue version's data: loaded, copied, checked on
publish, and shown from the version's own rows (a new version's names from its in-force date, the
old version's names kept for the plans made under it)."""

from __future__ import annotations

import importlib
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.core.pathways import PATHWAY_CODES
from ttg.people.models import CustodyPeriod
from ttg.plans.catalogue import selectors, services, structure
from ttg.plans.catalogue.loader import CATALOGUE_DIR, CatalogueFileError, read_version_file
from ttg.plans.catalogue.models import CatalogueLevel, CatalogueNeedArea, CataloguePathway, CatalogueVersion
from ttg.plans.plan import services as plan_services
from ttg.plans.plan.tests.test_plans import screened  # noqa: F401  (a fixture: a person screened at Altcourse)

ALL_AREAS = ["accommodation", "ete", "finance", "personal"]
PERSONAL = ["health", "drugs_alcohol", "children_families", "attitudes", "abuse", "sex_work"]


# --- The initial content --------------------------------------------------------------------------


def test_both_initial_versions_list_every_pathway_and_describe_three_levels(catalogue: dict[str, CatalogueVersion]) -> None:
    for version in catalogue.values():
        assert list(version.pathways.values_list("code", flat=True)) == list(PATHWAY_CODES)
        assert list(version.pathways.filter(women_only=True).values_list("code", flat=True)) == ["abuse", "sex_work"]
        assert list(version.levels.values_list("level", flat=True)) == [1, 2, 3]
        assert all(level.name and level.description for level in version.levels.all())
        assert services.structure_problems(version) == {}
    assert "further additional needs" in catalogue["2019"].levels.get(level=3).description


def test_the_2019_version_has_the_four_need_areas_and_2015_none(catalogue: dict[str, CatalogueVersion]) -> None:
    v2019, v2015 = catalogue["2019"], catalogue["2015"]
    assert list(v2019.need_areas.values_list("code", flat=True)) == ALL_AREAS
    assert v2019.need_areas.get(code="personal").name == "Personal, relationships and community"
    mapping = dict(v2019.pathways.values_list("code", "need_area"))
    assert [code for code, area in mapping.items() if area == "personal"] == PERSONAL
    assert mapping["ete"] == "ete" and mapping["accommodation"] == "accommodation" and mapping["finance"] == "finance"
    assert not v2015.need_areas.exists() and set(v2015.pathways.values_list("need_area", flat=True)) == {""}


def test_the_migration_gives_a_version_without_content_that_of_the_file_it_resembles(catalogue: dict[str, CatalogueVersion]) -> None:
    """An administrator's version already there when 0006 runs (the migration's own function, on the current models)."""
    migration = importlib.import_module("ttg.plans.migrations.0007_catalogue_pathways")
    by_area = CatalogueVersion.objects.create(name="A 2020 copy", in_force_from=date(2020, 1, 6), by_need_area=True, published=True)
    by_pathway = CatalogueVersion.objects.create(name="An old copy", in_force_from=date(2016, 1, 4), by_need_area=False, published=True)
    before = CataloguePathway.objects.filter(version__in=catalogue.values()).count()
    migration.add_content(apps, None)
    assert list(by_area.need_areas.values_list("code", flat=True)) == ALL_AREAS
    assert services.structure_problems(by_area) == {} and services.structure_problems(by_pathway) == {}
    assert not by_pathway.need_areas.exists() and by_pathway.pathways.count() == len(PATHWAY_CODES)
    # The versions that had their content are left as they are.
    assert CataloguePathway.objects.filter(version__in=catalogue.values()).count() == before


def _broken(tmp_path: Path, change: Any) -> Path:
    data = json.loads((CATALOGUE_DIR / "2019-04-01.json").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["pathways"][2].update(need_area=""), "Need area of the pathway “Health”: choose one"),
        (lambda d: d["pathways"][2].update(need_area="wellbeing"), "no need area with the code “wellbeing”"),
        (lambda d: d["pathways"].pop(3), "does not list “Drugs and alcohol”"),
        (lambda d: d["pathways"][3].update(code="health"), "pathway 4 (health): every one needs a code of its own"),
        (lambda d: d["pathways"][3].update(code="housing"), "pathway 'housing': unknown pathway"),
        (lambda d: d["levels"].pop(1), "does not say what Level 2 is"),
        (lambda d: d.pop("levels"), "every version lists its levels"),
        (lambda d: d["need_areas"][0].update(colour="red"), "need area 1 (accommodation): unknown keys"),
        (lambda d: d["need_areas"][0].update(name=""), "need area 1 (accommodation): it needs a name"),
        (lambda d: d["need_areas"].append({"code": "spare", "name": {"en-gb": "Spare", "cy": "Sbâr"}}), "“Spare” has no pathway in it"),
    ],
)
def test_a_file_with_broken_pathways_areas_or_levels_is_refused(tmp_path: Path, change: Any, message: str) -> None:
    with pytest.raises(CatalogueFileError, match=re.escape(message)) as error:
        read_version_file(_broken(tmp_path, change))
    assert str(error.value).startswith("broken.json")


def test_the_checks_name_the_field_and_the_row() -> None:
    rows = [structure.PathwayRow(code, code.title(), "") for code in PATHWAY_CODES]
    assert structure.problems(by_need_area=False, need_areas=[], pathways=rows, levels=[1, 2, 3]) == {}
    found = structure.problems(by_need_area=True, need_areas=[], pathways=rows[1:], levels=[1, 3])
    assert set(found) == {"pathways", "need_area", "need_areas", "levels"}
    assert found["pathways"] == [
        "Pathways: the version does not list “Accommodation” (accommodation). Every pathway is listed, because the screening asks about each one."
    ]
    assert len(found["need_area"]) == len(PATHWAY_CODES) - 1 and found["need_area"][0].startswith("Need area of the pathway “Ete”")
    assert found["levels"] == ["Levels: the version does not say what Level 2 is. Give its name and description."]


# --- Copy and publish -------------------------------------------------------------------------------


def test_the_copy_copies_levels_need_areas_pathways_and_activities(
    catalogue: dict[str, CatalogueVersion], personas: dict[str, Any]
) -> None:
    source = catalogue["2019"]
    draft = services.copy_as_draft(version=source, by=personas["administrator"])
    for related, fields in (
        ("levels", ("level", "name", "description")),
        ("need_areas", ("code", "name", "description", "order")),
        ("pathways", ("code", "name", "description", "women_only", "need_area", "order")),
        ("activities", ("code", "title", "pathway", "level", "order")),
    ):
        copied = list(getattr(draft, related).values_list(*fields))
        assert copied and copied == list(getattr(source, related).values_list(*fields)), related
    assert not CatalogueLevel.objects.filter(version=draft, pk__in=source.levels.values("pk")).exists()  # new rows, not moved


def _draft(catalogue: dict[str, CatalogueVersion], personas: dict[str, Any], on: date = date(2019, 10, 1)) -> CatalogueVersion:
    return services.copy_as_draft(version=catalogue["2019"], by=personas["administrator"], in_force_from=on)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda v: v.pathways.filter(code="health").update(need_area=""), "need_area", "Need area of the pathway “Health”: choose one"),
        (
            lambda v: v.pathways.filter(code="health").update(need_area="work"),
            "need_area",
            "Need area of the pathway “Health”: the version has no need area with the code “work”",
        ),
        (lambda v: v.pathways.filter(code="attitudes").delete(), "pathways", "does not list “Attitudes, thinking and behaviour”"),
        (lambda v: v.levels.filter(level=3).delete(), "levels", "does not say what Level 3 is"),
        (lambda v: v.need_areas.create(code="spare", name="Spare"), "need_areas", "“Spare” has no pathway in it"),
    ],
)
def test_publish_refuses_an_unmapped_pathway_an_unknown_area_or_a_missing_row_naming_the_field(
    catalogue: dict[str, CatalogueVersion], personas: dict[str, Any], change: Any, field: str, message: str
) -> None:
    draft = _draft(catalogue, personas)
    change(draft)
    with pytest.raises(ValidationError) as error:
        services.publish(version=draft, by=personas["administrator"])
    assert list(error.value.message_dict) == [field]
    assert message in " ".join(error.value.message_dict[field])
    draft.refresh_from_db()
    assert not draft.published and not AuditEvent.objects.filter(action="plans.catalogueversion.publish").exists()


def test_a_version_not_organised_by_need_area_may_leave_pathways_out_of_them(
    catalogue: dict[str, CatalogueVersion], personas: dict[str, Any]
) -> None:
    draft = _draft(catalogue, personas)
    draft.pathways.update(need_area="")
    draft.by_need_area = False
    draft.save()
    services.publish(version=draft, by=personas["administrator"])
    assert selectors.version_in_force(on=date(2019, 10, 1)) == draft


def test_a_pathway_is_put_only_in_a_need_area_of_its_own_version(catalogue: dict[str, CatalogueVersion]) -> None:
    pathway = catalogue["2015"].pathways.get(code="ete")
    pathway.need_area = "ete"  # a need area of 2019, not of 2015
    with pytest.raises(ValidationError) as error:
        pathway.full_clean()
    assert "need_area" in error.value.message_dict
    assert "choose one of this version's need areas" in error.value.message_dict["need_area"][0]


# --- A new version's names from its date; the old version keeps its own -----------------------------


@pytest.fixture
def renamed(catalogue: dict[str, CatalogueVersion], personas: dict[str, Any]) -> CatalogueVersion:
    """Published, in force from 1 October 2019: ETE renamed, and Health in a fifth need area of its own."""
    draft = _draft(catalogue, personas)
    draft.pathways.filter(code="ete").update(
        name="Work and skills",
        name_cy="Gwaith a sgiliau",
        description="Jobs, training and qualifications.",
        description_cy="Swyddi, hyfforddiant a chymwysterau.",
    )
    draft.need_areas.create(
        code="health",
        name="Health and wellbeing",
        name_cy="Iechyd a lles",
        description="Physical and mental health.",
        description_cy="Iechyd corfforol a meddyliol.",
        order=35,
    )
    draft.pathways.filter(code="health").update(need_area="health")
    draft.levels.filter(level=2).update(name="Particular needs, renamed", name_cy="Anghenion penodol, wedi’u hailenwi")
    return services.publish(version=draft, by=personas["administrator"])


def test_a_renamed_pathway_and_a_moved_one_show_from_the_new_versions_date(
    catalogue: dict[str, CatalogueVersion], renamed: CatalogueVersion, client_for: Any, settings: Any
) -> None:
    old = catalogue["2019"]
    before, after = selectors.version_in_force(on=date(2019, 9, 30)), selectors.version_in_force(on=date(2019, 10, 1))
    assert before == old and after == renamed
    assert selectors.pathway_names(before)["ete"] == "Education, training and employment"
    assert selectors.pathway_names(after)["ete"] == "Work and skills"
    assert selectors.pathway_names(renamed.pk)["health"] == "Health"

    client = client_for(Role.TTG_CASEWORKER)
    new_page = client.get(reverse("catalogue_version", args=[renamed.pk])).content.decode()
    assert ">Work and skills</h3>" in new_page and "Jobs, training and qualifications." in new_page
    assert ">Health and wellbeing</h2>" in new_page and "Particular needs, renamed" in new_page
    # Health now sits in its own need area: after Finance, before Personal, relationships and community.
    order = [new_page.index(h) for h in (">Finance, benefit and debt</h2>", ">Health and wellbeing</h2>", ">Personal, relationships")]
    assert order == sorted(order)
    old_page = client.get(reverse("catalogue_version", args=[old.pk])).content.decode()
    assert "Work and skills" not in old_page and "Health and wellbeing" not in old_page
    assert ">Education, training and employment</h2>" in old_page

    # The list page's levels are those of the version in force on the service's date.
    settings.TTG_NOW = "2019-09-30T12:00:00+01:00"
    assert "Particular needs, renamed" not in client.get(reverse("catalogue_list")).content.decode()
    settings.TTG_NOW = "2019-10-01T09:00:00+01:00"
    assert "Particular needs, renamed" in client.get(reverse("catalogue_list")).content.decode()

    body = client.get(reverse("api_catalogue_version", args=[renamed.pk])).json()
    assert {p["code"]: p["name"] for p in body["pathways"]}["ete"] == "Work and skills"
    assert [a["code"] for a in body["need_areas"]] == ["accommodation", "ete", "finance", "health", "personal"]
    assert {a["need_area"] for a in body["activities"] if a["pathway"] == "health"} == {"health"}
    old_body = client.get(reverse("api_catalogue_version", args=[old.pk])).json()
    assert {a["need_area"] for a in old_body["activities"] if a["pathway"] == "health"} == {"personal"}


def test_a_plan_made_before_keeps_its_versions_names(
    catalogue: dict[str, CatalogueVersion],
    screened: CustodyPeriod,  # noqa: F811
    personas: dict[str, Any],
) -> None:
    plan = plan_services.propose(period=screened, by=personas[Role.TTG_CASEWORKER])
    draft = _draft(catalogue, personas)
    draft.pathways.filter(code="ete").update(name="Work and skills", name_cy="Gwaith a sgiliau")
    services.publish(version=draft, by=personas["administrator"])
    plan.refresh_from_db()
    assert plan.catalogue_version == catalogue["2019"]
    assert selectors.pathway_names(plan.catalogue_version_id)["ete"] == "Education, training and employment"
    assert selectors.version_in_force(on=date(2019, 10, 1)) == draft
    assert selectors.pathway_names(draft)["ete"] == "Work and skills"


def test_a_draft_shows_pathways_not_yet_in_a_need_area(catalogue: dict[str, CatalogueVersion], personas: dict[str, Any]) -> None:
    draft = _draft(catalogue, personas)
    draft.pathways.filter(code="children_families").update(need_area="")
    draft.pathways.filter(code="sex_work").delete()
    groups = selectors.grouped(selectors.version(personas["administrator"], draft.pk))
    last = groups[-1]
    assert last.unmapped and last.area is None
    # Unmapped first in the version's order; then one the draft no longer lists, under its fixed name.
    assert [(pg.pathway.code, pg.pathway.name) for pg in last.pathways if pg.pathway] == [
        ("children_families", "Children and families"),
        ("sex_work", "Support for women who have been involved in sex work"),
    ]
    assert selectors.pathway_names(draft)["sex_work"] == "Support for women who have been involved in sex work"


def test_the_structure_comes_from_the_prefetch(
    catalogue: dict[str, CatalogueVersion], personas: dict[str, Any], django_assert_num_queries: Any
) -> None:
    version = selectors.version(personas["analyst"], catalogue["2019"].pk)
    with django_assert_num_queries(0):
        outline = selectors.structure(version)
        selectors.grouped(version, outline)
        names = selectors.pathway_names(version)
    assert outline.need_area_for("drugs_alcohol") == CatalogueNeedArea.objects.get(version=version, code="personal")
    assert outline.need_area_for("nowhere") is None and names["abuse"].startswith("Support for women")
