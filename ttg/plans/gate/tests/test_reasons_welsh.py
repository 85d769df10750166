"""Through the gate's reasons and words in the reader's language (issue 22): Welsh under Welsh, unchanged in
English, the rule's citation still split off; the checklist's and the review's answers in Welsh on the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from ttg.accounts.constants import Role
from ttg.core.rules import split_citations
from ttg.plans.catalogue.models import CatalogueVersion
from ttg.plans.gate import rules
from ttg.plans.plan.models import Plan
from ttg.worklist.tests.test_worklist import _plan

RELEASE = date(2019, 10, 28)
G1 = "rule G1, in force throughout the service"


def test_the_checklist_s_reasons_are_in_welsh_for_a_welsh_reader_and_unchanged_in_english() -> None:
    with translation.override("cy"):
        (overdue,) = rules.checklist_overdue(release_date=RELEASE, open_count=2, today=date(2019, 10, 29)).reasons
        (due,) = rules.checklist_due(RELEASE).reasons
        (one,) = rules.checklist_overdue(release_date=RELEASE, open_count=1, today=date(2019, 10, 1)).reasons
    assert split_citations(overdue) == ("Yn hwyr: roedd i’w wneud erbyn 27 Hydref 2019 ac mae 2 eitem i’w gwneud o hyd.", (G1,))
    assert split_citations(due) == ("I’w wneud erbyn 27 Hydref 2019, cyn rhyddhau ar 28 Hydref 2019.", (G1,))
    assert split_citations(one)[0] == "I’w wneud erbyn 27 Hydref 2019: mae 1 eitem i’w gwneud o hyd."
    with translation.override("en-gb"):
        (english,) = rules.checklist_overdue(release_date=RELEASE, open_count=2, today=date(2019, 10, 29)).reasons
        (english_one,) = rules.checklist_overdue(release_date=RELEASE, open_count=1, today=date(2019, 10, 1)).reasons
    assert english == f"Overdue: it was due by 27 October 2019 and 2 items are still to do ({G1})."
    assert english_one == f"Due by 27 October 2019: 1 item is still to do ({G1})."
    # A refusal names the item in the reader's language.
    with translation.override("cy"):
        (refused,) = rules.check_item("travel", rules.NOT_NEEDED, language="cy").reasons
    assert split_citations(refused) == ("Rhowch y rheswm nad oes angen “Teithio”.", ("rule G2, in force throughout the service",))
    assert rules.check_item("travel", rules.NOT_NEEDED).reasons[0].startswith("Give the reason “Travel” is not needed (rule G2")
    # The labels stay English in the constant (the audit trail's), and are translated where read.
    assert rules.CHECK_STATUS_LABELS[rules.OPEN] == "To do" and rules.REVIEW_ANSWER_LABELS[rules.NOT_READY] == "Not ready"


@pytest.fixture
def plan(personas: dict[str, Any], catalogue: dict[str, CatalogueVersion]) -> Plan:
    """An agreed plan at Altcourse, release on Monday 28 October 2019 (the clock says 2 September)."""
    return _plan(personas, catalogue, release=RELEASE)


@pytest.mark.once
def test_a_welsh_reader_sees_the_checklist_s_words_in_welsh(plan: Plan, client_for: Any) -> None:
    number = plan.custody_period.person.prison_number
    welsh = client_for(Role.TTG_CASEWORKER)
    welsh.cookies["django_language"] = "cy"
    page = welsh.get(reverse("plan_checklist", args=[number])).content.decode()
    assert "I’w wneud erbyn 27 Hydref 2019: mae 8 eitem i’w gwneud o hyd." in page and ">I’w wneud</strong>" in page
    assert "still to do" not in page and ">To do<" not in page
    item = welsh.get(reverse("plan_checklist_item", args=[number, "travel"])).content.decode()
    assert "Dim angen" in item and "Wedi’i wneud" in item and "Not needed" not in item
    english = client_for(Role.TTG_CASEWORKER).get(reverse("plan_checklist", args=[number])).content.decode()
    assert "Due by 27 October 2019: 8 items are still to do." in english and ">To do</strong>" in english
