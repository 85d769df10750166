"""Copying a version as a new draft and publishing it: each with its audit event."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from ttg.core.models import AuditEvent
from ttg.plans.catalogue import selectors, services
from ttg.plans.catalogue.models import CatalogueVersion


def test_copy_as_draft_copies_every_activity(catalogue: dict[str, CatalogueVersion], personas: dict[str, Any]) -> None:
    source = catalogue["2019"]
    draft = services.copy_as_draft(version=source, by=personas["administrator"])
    assert not draft.published and draft.copied_from == source
    assert draft.in_force_from == date(2019, 9, 2)  # today (the test clock), not the past
    fields = ("code", "title", "pathway", "level", "mode", "signpost_to", "mandatory", "cohort", "guidance", "order")
    assert list(draft.activities.order_by("order").values_list(*fields)) == list(source.activities.order_by("order").values_list(*fields))
    event = AuditEvent.objects.get(action="plans.catalogueversion.copy")
    assert event.object_id == str(draft.pk) and event.actor == personas["administrator"]
    # The draft is not in force, and the source is untouched.
    assert selectors.version_in_force(on=date(2019, 9, 2)) == source


def test_publish_puts_a_draft_in_force_from_its_date(catalogue: dict[str, CatalogueVersion], personas: dict[str, Any]) -> None:
    draft = services.copy_as_draft(version=catalogue["2019"], by=personas["administrator"], in_force_from=date(2019, 10, 1))
    services.publish(version=draft, by=personas["administrator"])
    assert selectors.version_in_force(on=date(2019, 9, 30)) == catalogue["2019"]
    assert selectors.version_in_force(on=date(2019, 10, 1)) == draft
    assert AuditEvent.objects.filter(action="plans.catalogueversion.publish", object_id=str(draft.pk)).exists()


@pytest.mark.parametrize(
    ("in_force_from", "message"),
    [(date(2019, 9, 1), "in the past"), (date(2019, 4, 1), "in the past")],
)
def test_publish_refuses_to_change_the_past(
    catalogue: dict[str, CatalogueVersion], personas: dict[str, Any], in_force_from: date, message: str
) -> None:
    draft = services.copy_as_draft(version=catalogue["2019"], by=personas["administrator"], in_force_from=in_force_from)
    with pytest.raises(ValidationError, match=message):
        services.publish(version=draft, by=personas["administrator"])
    draft.refresh_from_db()
    assert not draft.published
    assert not AuditEvent.objects.filter(action="plans.catalogueversion.publish").exists()


def test_publish_refuses_a_second_version_on_the_same_day_and_an_empty_one(
    catalogue: dict[str, CatalogueVersion], personas: dict[str, Any]
) -> None:
    admin = personas["administrator"]
    first = services.copy_as_draft(version=catalogue["2019"], by=admin, in_force_from=date(2020, 1, 6))
    second = services.copy_as_draft(version=catalogue["2019"], by=admin, in_force_from=date(2020, 1, 6))
    services.publish(version=first, by=admin)
    with pytest.raises(ValidationError, match="already comes into force on that day"):
        services.publish(version=second, by=admin)
    empty = CatalogueVersion.objects.create(name="Empty", in_force_from=date(2020, 2, 1))
    with pytest.raises(ValidationError, match="has no activities"):
        services.publish(version=empty, by=admin)
    with pytest.raises(ValidationError, match="already published"):
        services.publish(version=first, by=admin)
