"""The release checklist's items in Welsh (issue 22): each item's title, hint and options carry their Welsh in
the pure module, and the checklist pages show them in the reader's language."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.plans.catalogue.models import CatalogueVersion
from ttg.plans.gate import rules
from ttg.plans.gate.tests.test_checklist import RELEASE
from ttg.plans.plan.models import Plan
from ttg.worklist.tests.test_worklist import _plan


def test_every_item_has_its_welsh() -> None:
    for item in rules.CHECKLIST:
        welsh = item.in_language("cy")
        assert welsh.code == item.code and welsh.outcome == item.outcome and welsh.asks_safe == item.asks_safe
        assert welsh.title and welsh.title != item.title and welsh.hint and welsh.hint != item.hint, item.code
        # The same values, each option's label in Welsh.
        assert [v for v, _label in welsh.options] == [v for v, _label in item.options]
        assert all(cy != en for (_v, cy), (_w, en) in zip(welsh.options, item.options, strict=True))
    assert rules.checklist_item("gp", "cy").title == "Cofrestru gyda meddyg teulu"
    assert rules.checklist_item("gp", "cy-GB").hint.startswith("Mae’r person wedi’i gofrestru")
    assert rules.checklist_item("gp", "en-gb") == rules.checklist_item("gp") == rules.checklist_item("gp", None)
    assert [i.title for i in rules.checklist("en")] == [i.title for i in rules.CHECKLIST]
    assert dict(rules.checklist_item("accommodation", "cy").options)["approved_premises"] == "Eiddo a gymeradwywyd"


def test_an_item_without_its_welsh_is_refused_naming_it() -> None:
    with pytest.raises(ValueError, match="Release checklist item 'pets': give its title, hint and every option in Welsh"):
        rules.ChecklistItem("pets", "Pets", "Someone looks after the person's pets.", title_cy="Anifeiliaid anwes")
    with pytest.raises(ValueError, match="'benefit'"):
        rules.ChecklistItem(
            "benefit", "Benefit", "A claim.", options=(("advance", "An advance"),), title_cy="Budd-dal", hint_cy="Cais.", options_cy=()
        )


@pytest.fixture
def plan(personas: dict[str, Any], catalogue: dict[str, CatalogueVersion]) -> Plan:
    """An agreed plan at Altcourse, release on Monday 28 October 2019."""
    return _plan(personas, catalogue, release=RELEASE)


@pytest.mark.once
def test_a_welsh_reader_sees_the_items_in_welsh_and_an_english_reader_in_english(plan: Plan, client_for: Any) -> None:
    number = plan.custody_period.person.prison_number
    english = client_for(Role.TTG_CASEWORKER)
    welsh = client_for(Role.TTG_CASEWORKER)
    welsh.cookies["django_language"] = "cy"
    english.post(reverse("plan_checklist_item", args=[number, "benefit_claim"]), {"status": "done", "detail": "advance"})

    page = welsh.get(reverse("plan_checklist", args=[number])).content.decode()
    for item in rules.checklist("cy"):
        assert item.title in page, item.code
    assert "Mae taliad ymlaen llaw wedi’i drefnu" in page  # what was recorded, in Welsh
    assert "Mae gan y person arian ar gyfer y diwrnod cyntaf" in page  # an open item's hint
    for item in rules.CHECKLIST:
        assert f">{item.title}<" not in page, item.code
    assert "An advance payment is arranged" not in page

    item_page = welsh.get(reverse("plan_checklist_item", args=[number, "accommodation"])).content.decode()
    assert "Llety ar gyfer y noson gyntaf" in item_page and "Ble bydd y person yn aros ar y noson gyntaf" in item_page
    assert "Llety sefydlog" in item_page and "Eiddo a gymeradwywyd" in item_page
    assert "Settled accommodation" not in item_page and "Accommodation for the first night" not in item_page

    page = english.get(reverse("plan_checklist", args=[number])).content.decode()
    for item in rules.CHECKLIST:
        assert item.title in page, item.code
    assert "An advance payment is arranged" in page and "Llety" not in page and "Cyfrif banc" not in page
    item_page = english.get(reverse("plan_checklist_item", args=[number, "accommodation"])).content.decode()
    assert "Accommodation for the first night" in item_page and "Settled accommodation" in item_page and "Llety" not in item_page
