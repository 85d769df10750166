"""The person's copy of their handover (issue 22): plain words, in their language (rule L1), with no English left
for a Welsh speaker; not the caseworker's summary, which was written for the officer."""

from __future__ import annotations

import html
import re
from typing import Any

from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.core.languages import Language
from ttg.core.models import AuditEvent
from ttg.people import services as people_services
from ttg.plans.handover.tests.test_handover import SUMMARY, _hand_over, agreed  # noqa: F401  (agreed: a fixture)
from ttg.plans.plan.models import Plan
from ttg.plans.plan.tests.test_plans import screened  # noqa: F401  (screened: a fixture)
from ttg.plans.plan.tests.test_welsh_plan import _person_facing


def _page(client_for: Any, role: str, pk: int) -> str:
    response = client_for(role).get(reverse("handover_for_person", args=[pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_persons_copy_in_english(personas: dict[str, Any], agreed: Plan, client_for: Any) -> None:  # noqa: F811
    handover = _hand_over(personas, agreed)
    page = _page(client_for, Role.TTG_CASEWORKER, handover.pk)
    officer = personas[Role.RESPONSIBLE_OFFICER]
    assert '<html lang="en"' in page and "Your probation officer" in page
    assert officer.get_full_name() in page and "Approved premises, Liverpool" in page
    assert "What carries on after you are released" in page
    assert SUMMARY.splitlines()[0] not in page  # written for the officer, not the person
    # A view of the person's record, logged; and linked from the summary.
    assert AuditEvent.objects.filter(kind="view", object_id=str(agreed.custody_period.person.pk)).exists()
    assert reverse("handover_for_person", args=[handover.pk]) in _summary(client_for, handover.pk)


def _summary(client_for: Any, pk: int) -> str:
    return client_for(Role.TTG_CASEWORKER).get(reverse("handover_summary", args=[pk])).content.decode()


def test_the_persons_copy_in_welsh_has_no_english_left(personas: dict[str, Any], agreed: Plan, client_for: Any) -> None:  # noqa: F811
    people_services.set_language(person=agreed.custody_period.person, language=Language.WELSH, by=personas[Role.TTG_CASEWORKER])
    handover = _hand_over(personas, agreed)
    # The responsible officer reads the service in English; the person's copy is Welsh all the same.
    page = _page(client_for, Role.RESPONSIBLE_OFFICER, handover.pk)
    assert '<html lang="cy"' in page and "Eich swyddog prawf" in page
    main = page[page.index('id="main-content"') :]
    english = [w for w in (re.sub(r"%\(\w+\)s", "", e).strip(" .,:") for e in _person_facing()) if len(w) > 4]
    assert [w for w in english if w in main] == []
    assert re.search(r"\d{1,2} (Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr) 20\d\d", main)
