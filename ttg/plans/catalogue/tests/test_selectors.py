"""The version in force on a date, and the grouping of a version's activities for its page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ttg.plans.catalogue import selectors
from ttg.plans.catalogue.models import Activity, CatalogueVersion


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2015, 1, 31), None),  # before the first version
        (date(2015, 2, 1), "2015"),
        (date(2018, 10, 1), "2015"),
        (date(2019, 3, 31), "2015"),  # the day before the enhanced specification
        (date(2019, 4, 1), "2019"),  # the day it comes into force
        (date(2019, 4, 2), "2019"),  # the day after
        (date(2021, 6, 1), "2019"),
    ],
)
def test_the_version_in_force_on_a_date(catalogue: dict[str, CatalogueVersion], on: date, expected: str | None) -> None:
    found = selectors.version_in_force(on=on)
    assert (found.pk if found else None) == (catalogue[expected].pk if expected else None)


def test_unpublished_drafts_are_ignored(catalogue: dict[str, CatalogueVersion]) -> None:
    CatalogueVersion.objects.create(name="A draft", in_force_from=date(2019, 9, 1), published=False)
    CatalogueVersion.objects.create(name="An earlier draft", in_force_from=date(2019, 4, 1), published=False)
    assert selectors.version_in_force(on=date(2019, 9, 2)) == catalogue["2019"]
    assert selectors.version_in_force(on=date(2019, 4, 1)) == catalogue["2019"]


def test_a_later_published_version_takes_over_on_its_date(catalogue: dict[str, CatalogueVersion]) -> None:
    later = CatalogueVersion.objects.create(name="Revised", in_force_from=date(2020, 1, 6), published=True)
    assert selectors.version_in_force(on=date(2020, 1, 5)) == catalogue["2019"]
    assert selectors.version_in_force(on=date(2020, 1, 6)) == later


def test_drafts_are_for_administrators_only(catalogue: dict[str, CatalogueVersion], personas: dict[str, Any]) -> None:
    draft = CatalogueVersion.objects.create(name="A draft", in_force_from=date(2020, 1, 1))
    Activity.objects.create(version=draft, code="x", title="X", pathway="ete", level=2)
    caseworker, administrator = personas["ttg_caseworker"], personas["administrator"]
    assert draft not in selectors.versions(caseworker)
    assert not Activity.objects.visible_to(caseworker).filter(version=draft).exists()
    assert draft in selectors.versions(administrator)
    assert Activity.objects.visible_to(administrator).filter(version=draft).exists()


def test_the_2019_version_is_grouped_by_need_area_then_pathway(catalogue: dict[str, CatalogueVersion], personas: dict[str, Any]) -> None:
    version = selectors.version(personas["analyst"], catalogue["2019"].pk)
    groups = selectors.grouped(version)
    assert [g.area.code if g.area else None for g in groups] == [None, "accommodation", "ete", "finance", "personal"]
    assert groups[0].pathways[0].pathway is None  # Level 1, across all pathways
    assert {a.level for a in groups[0].pathways[0].activities} == {1}
    personal = [pg.pathway.code for pg in groups[-1].pathways if pg.pathway]
    assert personal == ["health", "drugs_alcohol", "children_families", "attitudes", "abuse", "sex_work"]


def test_the_2015_version_is_grouped_by_pathway_only(catalogue: dict[str, CatalogueVersion], personas: dict[str, Any]) -> None:
    groups = selectors.grouped(selectors.version(personas["analyst"], catalogue["2015"].pk))
    assert [g.area for g in groups] == [None, None]
    assert [pg.pathway.code for pg in groups[1].pathways if pg.pathway] == [
        "accommodation",
        "ete",
        "health",
        "drugs_alcohol",
        "finance",
        "children_families",
        "abuse",
        "sex_work",
    ]
