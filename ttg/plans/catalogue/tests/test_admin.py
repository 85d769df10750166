"""Administrators change the catalogue in the admin: drafts only, every change audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from ttg.core.models import AuditEvent
from ttg.plans.catalogue import selectors
from ttg.plans.catalogue.models import Activity, CatalogueVersion


def _management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _empty_inlines() -> dict[str, str]:
    """The management forms of the levels, need areas and pathways inlines of a version with none."""
    return {**_management("levels", 0), **_management("need_areas", 0), **_management("pathways", 0)}


def test_copy_as_a_new_draft_from_the_admin(catalogue: dict[str, CatalogueVersion], client_for: Any, personas: dict[str, Any]) -> None:
    client = client_for("administrator")
    response = client.post(
        reverse("admin:plans_catalogueversion_changelist"),
        {"action": "copy_as_new_draft", "_selected_action": [catalogue["2019"].pk]},
        follow=True,
    )
    assert response.status_code == 200
    draft = CatalogueVersion.objects.get(copied_from=catalogue["2019"])
    assert not draft.published and draft.activities.count() == catalogue["2019"].activities.count()
    assert "Copied as a new draft" in response.content.decode()
    event = AuditEvent.objects.get(action="plans.catalogueversion.copy", object_id=str(draft.pk))
    assert event.actor == personas["administrator"]


def test_a_published_version_cannot_be_changed_or_deleted(catalogue: dict[str, CatalogueVersion], client_for: Any) -> None:
    client = client_for("administrator")
    version = catalogue["2019"]
    change_url = reverse("admin:plans_catalogueversion_change", args=[version.pk])
    page = client.get(change_url)
    assert page.status_code == 200 and 'name="name"' not in page.content.decode()  # shown read-only
    posted = client.post(change_url, {"name": "Quietly changed", "in_force_from": "2019-04-01"})
    assert posted.status_code == 403
    assert client.post(reverse("admin:plans_catalogueversion_delete", args=[version.pk]), {"post": "yes"}).status_code == 403
    activity = version.activities.first()
    assert activity is not None
    assert client.post(reverse("admin:plans_activity_change", args=[activity.pk]), {"title": "Quietly"}).status_code == 403
    # Bulk delete from the list skips published versions.
    client.post(
        reverse("admin:plans_catalogueversion_changelist"), {"action": "delete_selected", "_selected_action": [version.pk], "post": "yes"}
    )
    version.refresh_from_db()
    assert version.name == "Enhanced Through the Gate specification" and version.activities.count() == 34


def test_a_draft_is_changed_inline_and_each_activity_change_is_audited(catalogue: dict[str, CatalogueVersion], client_for: Any) -> None:
    draft = CatalogueVersion.objects.create(name="Draft", in_force_from=date(2020, 1, 6))
    activity = Activity.objects.create(version=draft, code="ete-cv", title="CV", pathway="ete", level=2, order=10)
    form = {
        "name": "Draft 2020",
        "in_force_from": "2020-01-06",
        "by_need_area": "on",
        "notes": "",
        **_empty_inlines(),
        "activities-TOTAL_FORMS": "2",
        "activities-INITIAL_FORMS": "1",
        "activities-MIN_NUM_FORMS": "0",
        "activities-MAX_NUM_FORMS": "1000",
        "activities-0-id": str(activity.pk),
        "activities-0-version": str(draft.pk),
        "activities-0-order": "10",
        "activities-0-code": "ete-cv",
        "activities-0-title": "CV and job search",
        "activities-0-pathway": "ete",
        "activities-0-level": "2",
        "activities-0-mode": "deliver",
        "activities-0-signpost_to": "",
        "activities-0-cohort": "",
        "activities-1-version": str(draft.pk),
        "activities-1-order": "20",
        "activities-1-code": "health-gp",
        "activities-1-title": "Register with a GP",
        "activities-1-pathway": "health",
        "activities-1-level": "2",
        "activities-1-mode": "signpost",
        "activities-1-signpost_to": "",  # refused: a signposted activity names its partner
        "activities-1-cohort": "",
    }
    client = client_for("administrator")
    url = reverse("admin:plans_catalogueversion_change", args=[draft.pk])
    refused = client.post(url, form)
    assert refused.status_code == 200 and draft.activities.count() == 1

    form["activities-1-signpost_to"] = "prison_healthcare"
    assert client.post(url, form).status_code == 302
    assert sorted(draft.activities.values_list("code", flat=True)) == ["ete-cv", "health-gp"]
    changed = AuditEvent.objects.get(action="plans.activity.change", object_id=str(activity.pk))
    assert changed.before == {"title": "CV"} and changed.after == {"title": "CV and job search"}
    assert AuditEvent.objects.filter(action="plans.activity.add").count() == 1
    assert AuditEvent.objects.filter(action="plans.catalogueversion.change", object_id=str(draft.pk)).exists()


def test_publish_from_the_admin_refuses_a_date_in_the_past(catalogue: dict[str, CatalogueVersion], client_for: Any) -> None:
    draft = CatalogueVersion.objects.create(name="Backdated", in_force_from=date(2019, 5, 1))
    Activity.objects.create(version=draft, code="x", title="X", pathway="ete", level=2)
    response = client_for("administrator").post(
        reverse("admin:plans_catalogueversion_changelist"), {"action": "publish_versions", "_selected_action": [draft.pk]}, follow=True
    )
    assert "would come into force in the past" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.published


def test_activities_are_listed_and_filtered_by_version(catalogue: dict[str, CatalogueVersion], client_for: Any) -> None:
    client = client_for("administrator")
    url = reverse("admin:plans_activity_changelist")
    page = client.get(url, {"version__id__exact": catalogue["2015"].pk}).content.decode()
    assert "23 activities" in page and "Refer to a DWP work coach" in page
    assert client.get(reverse("admin:plans_catalogueversion_changelist")).status_code == 200
    assert client_for("ttg_caseworker").get(url).status_code == 403


# --- Levels, need areas and pathways: edited inline on a draft, read-only on a published version ---


_INLINE_FIELDS = {
    "levels": ("level", "name", "name_cy", "description", "description_cy"),
    "need_areas": ("order", "code", "name", "name_cy", "description", "description_cy"),
    "pathways": ("order", "code", "name", "name_cy", "description", "description_cy", "women_only", "need_area"),
    "activities": ("order", "code", "title", "title_cy", "pathway", "level", "mode", "signpost_to", "mandatory", "cohort"),
}


def _change_form(version: CatalogueVersion) -> dict[str, str]:
    """The admin's change form of a version as it stands, as the browser would post it back."""
    form = {"name": version.name, "in_force_from": version.in_force_from.isoformat(), "notes": version.notes}
    if version.by_need_area:
        form["by_need_area"] = "on"
    for prefix, fields in _INLINE_FIELDS.items():
        rows = list(getattr(version, prefix).all())
        form.update(_management(prefix, len(rows), len(rows)))
        for n, row in enumerate(rows):
            form[f"{prefix}-{n}-id"], form[f"{prefix}-{n}-version"] = str(row.pk), str(version.pk)
            for name in fields:
                value = getattr(row, name)
                if value is True:
                    form[f"{prefix}-{n}-{name}"] = "on"
                elif value is not False:
                    form[f"{prefix}-{n}-{name}"] = str(value)
    return form


def _small_draft() -> CatalogueVersion:
    """A draft with two need areas, every pathway in one, three levels and two activities, each text in
    English and Welsh."""
    from ttg.core.pathways import PATHWAYS

    draft = CatalogueVersion.objects.create(name="Small draft", in_force_from=date(2020, 1, 6))
    for level in (1, 2, 3):
        draft.levels.create(
            level=level,
            name=f"Level {level} name",
            name_cy=f"Enw lefel {level}",
            description=f"Level {level} description",
            description_cy=f"Disgrifiad lefel {level}",
        )
    draft.need_areas.create(code="money", name="Money", name_cy="Arian", order=10)
    draft.need_areas.create(code="everything", name="Everything else", name_cy="Popeth arall", order=20)
    for n, p in enumerate(PATHWAYS):
        draft.pathways.create(
            code=p.code,
            name=p.name,
            name_cy=f"Llwybr {n + 1}",
            women_only=p.women_only,
            need_area="money" if p.code == "finance" else "everything",
            order=n,
        )
    Activity.objects.create(
        version=draft, code="finance-bank", title="Open a bank account", title_cy="Agor cyfrif banc", pathway="finance", level=2, order=10
    )
    Activity.objects.create(version=draft, code="ete-cv", title="Write a CV", title_cy="Ysgrifennu CV", pathway="ete", level=2, order=20)
    return draft


def test_an_administrator_renames_a_pathway_and_moves_it_to_a_new_need_area(
    catalogue: dict[str, CatalogueVersion], client_for: Any
) -> None:
    draft = _small_draft()
    client = client_for("administrator")
    url = reverse("admin:plans_catalogueversion_change", args=[draft.pk])
    page = client.get(url).content.decode()
    assert 'name="pathways-0-name"' in page and 'name="need_areas-0-code"' in page and 'name="levels-0-description"' in page
    assert client.get(reverse("admin:plans_catalogueversion_add")).status_code == 200  # a new version: no need areas to choose yet
    assert '<option value="money">Money (money)</option>' in page

    # First save: a new need area (a pathway can be put in it once it is saved).
    form = _change_form(draft)
    n = draft.need_areas.count()
    form.update({"need_areas-TOTAL_FORMS": str(n + 1), f"need_areas-{n}-version": str(draft.pk)})
    form.update(
        {
            f"need_areas-{n}-order": "15",
            f"need_areas-{n}-code": "work",
            f"need_areas-{n}-name": "Work",
            f"need_areas-{n}-name_cy": "Gwaith",
            f"need_areas-{n}-description": "",
        }
    )
    assert client.post(url, form).status_code == 302
    assert list(draft.need_areas.values_list("code", flat=True)) == ["money", "work", "everything"]
    added = AuditEvent.objects.get(action="plans.catalogueneedarea.add")
    assert added.after is not None and added.after["code"] == "work"

    # Second save: rename ETE, put it in the new need area, and change what Level 2 says.
    form = _change_form(draft)
    ete = next(k[: -len("-code")] for k, v in form.items() if k.startswith("pathways-") and k.endswith("-code") and v == "ete")
    form.update({f"{ete}-name": "Work and skills", f"{ete}-name_cy": "Gwaith a sgiliau", f"{ete}-need_area": "work"})
    level_2 = next(k[: -len("-level")] for k, v in form.items() if k.startswith("levels-") and k.endswith("-level") and v == "2")
    form[f"{level_2}-description"] = "For a particular need, renamed."
    form[f"{level_2}-description_cy"] = "Ar gyfer angen penodol, wedi’i ailenwi."
    assert client.post(url, form).status_code == 302
    pathway = draft.pathways.get(code="ete")
    assert (pathway.name, pathway.need_area) == ("Work and skills", "work")
    changed = AuditEvent.objects.get(action="plans.cataloguepathway.change", object_id=str(pathway.pk))
    assert changed.before == {"name": "Education, training and employment", "name_cy": "Llwybr 2", "need_area": "everything"}
    assert changed.after == {"name": "Work and skills", "name_cy": "Gwaith a sgiliau", "need_area": "work"}
    assert AuditEvent.objects.filter(action="plans.cataloguelevel.change").count() == 1
    assert selectors.pathway_names(draft)["ete"] == "Work and skills"

    # Published from the list: the checks pass, and the catalogue page shows the new names.
    response = client.post(
        reverse("admin:plans_catalogueversion_changelist"), {"action": "publish_versions", "_selected_action": [draft.pk]}, follow=True
    )
    assert "Published: Small draft" in response.content.decode()
    version_page = client.get(reverse("catalogue_version", args=[draft.pk])).content.decode()
    assert ">Work</h2>" in version_page and ">Work and skills</h3>" in version_page
    client.cookies["django_language"] = "cy"
    welsh_page = client.get(reverse("catalogue_version", args=[draft.pk])).content.decode()
    assert ">Gwaith</h2>" in welsh_page and ">Gwaith a sgiliau</h3>" in welsh_page and "Ysgrifennu CV" in welsh_page


def test_the_admin_takes_the_welsh_and_publish_refuses_a_draft_without_it_naming_the_activity(
    catalogue: dict[str, CatalogueVersion], client_for: Any
) -> None:
    draft = _small_draft()
    client = client_for("administrator")
    url = reverse("admin:plans_catalogueversion_change", args=[draft.pk])
    page = client.get(url).content.decode()
    assert 'name="activities-0-title_cy"' in page and 'name="pathways-0-name_cy"' in page and 'name="levels-0-description_cy"' in page
    # An activity added in English only, with a description in English only.
    added = Activity.objects.create(
        version=draft, code="ete-interview", title="Practise an interview", description="A mock interview.", pathway="ete", level=2
    )
    response = client.post(
        reverse("admin:plans_catalogueversion_changelist"), {"action": "publish_versions", "_selected_action": [draft.pk]}, follow=True
    )
    body = response.content.decode()
    assert "Activity “Practise an interview” (ete-interview): give its title in Welsh." in body
    assert "Activity “Practise an interview” (ete-interview): give its description in Welsh." in body
    draft.refresh_from_db()
    assert not draft.published
    # Given its Welsh on the activity's own page, the draft is published.
    form = {
        "version": str(draft.pk),
        "code": added.code,
        "title": added.title,
        "title_cy": "Ymarfer cyfweliad",
        "description": added.description,
        "description_cy": "Cyfweliad ffug.",
        "pathway": "ete",
        "level": "2",
        "mode": "deliver",
        "for_person": "{}",
        "order": "30",
    }
    assert client.post(reverse("admin:plans_activity_change", args=[added.pk]), form).status_code == 302
    added.refresh_from_db()
    assert (added.title_cy, added.description_cy) == ("Ymarfer cyfweliad", "Cyfweliad ffug.")
    response = client.post(
        reverse("admin:plans_catalogueversion_changelist"), {"action": "publish_versions", "_selected_action": [draft.pk]}, follow=True
    )
    assert "Published: Small draft" in response.content.decode()


def test_a_pathway_cannot_be_put_in_a_need_area_the_version_does_not_have(catalogue: dict[str, CatalogueVersion], client_for: Any) -> None:
    draft = _small_draft()
    client = client_for("administrator")
    url = reverse("admin:plans_catalogueversion_change", args=[draft.pk])
    form = _change_form(draft)
    form["pathways-0-need_area"] = "personal"  # a need area of the 2019 version, not of this one
    page = client.post(url, form)
    assert page.status_code == 200
    assert "Select a valid choice. personal is not one of the available choices." in page.content.decode()
    assert draft.pathways.get(order=0).need_area == "everything"


def test_a_need_area_with_pathways_in_it_is_not_deleted_or_recoded(catalogue: dict[str, CatalogueVersion], client_for: Any) -> None:
    draft = _small_draft()
    client = client_for("administrator")
    url = reverse("admin:plans_catalogueversion_change", args=[draft.pk])
    for change in ({"need_areas-0-DELETE": "on"}, {"need_areas-0-code": "cash"}):
        form = {**_change_form(draft), **change}
        page = client.post(url, form)
        assert page.status_code == 200
        assert (
            "Need area “Money”: the pathways “Finance, benefit and debt” are in it. Move them to another need area" in page.content.decode()
        )
        assert list(draft.need_areas.values_list("code", flat=True)) == ["money", "everything"]
    # Once empty, it goes, with its own audit event.
    draft.pathways.filter(code="finance").update(need_area="everything")
    assert client.post(url, {**_change_form(draft), "need_areas-0-DELETE": "on"}).status_code == 302
    assert list(draft.need_areas.values_list("code", flat=True)) == ["everything"]
    assert AuditEvent.objects.get(action="plans.catalogueneedarea.delete").object_type == "plans.CatalogueNeedArea"


def test_publish_from_the_admin_names_an_unmapped_pathway(catalogue: dict[str, CatalogueVersion], client_for: Any) -> None:
    draft = _small_draft()
    draft.pathways.filter(code="health").update(need_area="")
    response = client_for("administrator").post(
        reverse("admin:plans_catalogueversion_changelist"), {"action": "publish_versions", "_selected_action": [draft.pk]}, follow=True
    )
    assert "Need area of the pathway “Health”: choose one." in response.content.decode()
    draft.refresh_from_db()
    assert not draft.published


def test_the_pathways_need_areas_and_levels_of_a_published_version_are_read_only(
    catalogue: dict[str, CatalogueVersion], client_for: Any
) -> None:
    version = catalogue["2019"]
    client = client_for("administrator")
    url = reverse("admin:plans_catalogueversion_change", args=[version.pk])
    page = client.get(url).content.decode()
    assert "Personal, relationships and community" in page and "Further needs and vulnerabilities" in page
    assert 'name="pathways-0-name"' not in page and 'name="need_areas-0-code"' not in page and 'name="levels-0-name"' not in page
    form = _change_form(version)
    form["pathways-0-name"] = "Quietly renamed"
    assert client.post(url, form).status_code == 403
    assert version.pathways.get(code="accommodation").name == "Accommodation"
