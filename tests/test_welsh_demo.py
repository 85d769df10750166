"""The demo's Welsh speaker (issue 22): at HMP Cardiff, his language Welsh, his plan agreed, and his plan
page in Welsh for Wales CRC's caseworker; nobody at Merseyside sees him."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.demo.personas import WALES_CASEWORKER, persona_user
from ttg.estate.demo import load_estate
from ttg.plans.plan.demo import WELSH_PERSON, load_welsh_plan
from ttg.plans.plan.models import Plan


@pytest.mark.django_db
def test_the_welsh_speaker_at_cardiff_has_a_welsh_plan(personas: dict[str, Any], catalogue: Any) -> None:
    load_estate()
    caseworker, _ = persona_user(WALES_CASEWORKER, "through-the-gate-2019")
    assert load_welsh_plan(personas, caseworker, after_the_feed=False) == 1
    assert load_welsh_plan(personas, caseworker, after_the_feed=False) == 0  # once
    plan = Plan.objects.select_related("custody_period__person", "custody_period__current_prison").get(
        custody_period__person__prison_number=WELSH_PERSON
    )
    assert plan.is_agreed and plan.custody_period.current_prison.name == "HMP Cardiff"
    assert plan.custody_period.person.language == "cy"
    client = Client()
    client.force_login(caseworker)
    page = html.unescape(client.get(reverse("plan_print", args=[WELSH_PERSON])).content.decode())
    assert '<html lang="cy"' in page and "Eich cynllun adsefydlu" in page and "fy ŵyr" in page
    merseyside = Client()
    merseyside.force_login(personas[Role.TTG_CASEWORKER])
    assert merseyside.get(reverse("plan_print", args=[WELSH_PERSON])).status_code == 404
