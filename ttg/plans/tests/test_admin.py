"""Administrators change the catalogue in the admin: drafts only, every change audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from ttg.core.models import AuditEvent
from ttg.plans.models import Activity, CatalogueVersion


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
