"""The catalogue API: versions with the one in force marked, activities, drafts hidden."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.plans.catalogue.models import CatalogueVersion


def test_versions_mark_the_one_in_force_and_hide_drafts(client_for: Any, catalogue: dict[str, CatalogueVersion]) -> None:
    draft = CatalogueVersion.objects.create(name="Next year's draft", in_force_from=date(2020, 4, 1), published=False)
    body = client_for(Role.TTG_CASEWORKER).get(reverse("api_catalogue_versions")).json()
    by_id = {v["id"]: v for v in body}
    assert draft.pk not in by_id
    # The service's date is 2 September 2019: the enhanced specification (from 1 April 2019) is in force.
    assert by_id[catalogue["2019"].pk]["in_force_today"] is True
    assert by_id[catalogue["2015"].pk]["in_force_today"] is False
    assert client_for(Role.TTG_CASEWORKER).get(reverse("api_catalogue_version", args=[draft.pk])).status_code == 404
    assert client_for(Role.ADMINISTRATOR).get(reverse("api_catalogue_version", args=[draft.pk])).status_code == 200


def test_a_version_lists_its_activities(client_for: Any, catalogue: dict[str, CatalogueVersion]) -> None:
    body = client_for(Role.PARTNER_CASEWORKER).get(reverse("api_catalogue_version", args=[catalogue["2019"].pk])).json()
    activities = body["activities"]
    assert len(activities) == catalogue["2019"].activities.count()
    signposted = [a for a in activities if a["mode"] == "signpost"]
    assert signposted and all(a["signpost_to"] for a in signposted)
    assert {a["level"] for a in activities} == {1, 2, 3}
    assert any(a["need_area"] for a in activities)


def test_anonymous_callers_are_refused(client: Any, catalogue: dict[str, CatalogueVersion]) -> None:
    assert client.get(reverse("api_catalogue_versions")).status_code == 401


def test_a_version_gives_its_levels_need_areas_and_pathways(client_for: Any, catalogue: dict[str, CatalogueVersion]) -> None:
    client = client_for(Role.ANALYST)
    body = client.get(reverse("api_catalogue_version", args=[catalogue["2019"].pk])).json()
    assert [(lv["level"], lv["name"]) for lv in body["levels"]][1] == (2, "A particular need")
    assert [a["code"] for a in body["need_areas"]] == ["accommodation", "ete", "finance", "personal"]
    pathways = {p["code"]: p for p in body["pathways"]}
    assert len(pathways) == 9 and pathways["drugs_alcohol"]["need_area"] == "personal" and pathways["abuse"]["women_only"] is True
    old = client.get(reverse("api_catalogue_version", args=[catalogue["2015"].pk])).json()
    assert old["need_areas"] == [] and {p["need_area"] for p in old["pathways"]} == {None}
    assert {a["need_area"] for a in old["activities"]} == {None}  # the 2015 model had no need areas
