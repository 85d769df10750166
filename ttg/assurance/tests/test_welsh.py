"""Contract assurance's reasons in the reader's language (issue 22): Welsh under Welsh, unchanged in English, the
rule's citation still split off; and what the audit trail keeps is English whoever was reading."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import translation

from ttg.assurance import rules, services
from ttg.core.models import AuditEvent
from ttg.core.rules import split_citations
from ttg.estate.models import Organisation

AUGUST: dict[str, Any] = {"period_start": date(2019, 8, 1), "period_end": date(2019, 8, 31)}


def test_the_reasons_are_in_welsh_for_a_welsh_reader_and_unchanged_in_english() -> None:
    with translation.override("cy"):
        (refused,) = rules.action_transition(rules.CLOSED, "dispute", rules.CRC_MANAGER).reasons
        (moved,) = rules.action_transition(rules.PROPOSED, "agree", rules.CRC_MANAGER).reasons
    words, citations = split_citations(refused)
    assert words == "Ni allwch herio cam gweithredu sydd wedi’i gau."
    assert citations == ("rule R-A2, in force throughout the service",)
    assert split_citations(moved)[0] == "Mae’r cam gweithredu bellach wedi’i gytuno gyda’r CRC."
    with translation.override("en-gb"):
        (english,) = rules.action_transition(rules.CLOSED, "dispute", rules.CRC_MANAGER).reasons
    assert english == "You cannot dispute an action that is closed (rule R-A2, in force throughout the service)."


@pytest.mark.django_db
def test_what_the_audit_trail_keeps_is_english_whoever_was_reading(world: dict[str, Any]) -> None:
    cm, manager, partner = world["cm"], world["manager"], world["partner"]
    centre = Organisation.objects.get(name="Mersey Women's Centre")
    with translation.override("cy"):
        sample = services.draw_sample(crc=world["crc"], size=2, seed=5, by=cm, **AUGUST)
        action = services.add_action(sample=sample, case=None, what="Report the gaps", due_on=date(2019, 9, 30), by=cm)
        services.respond_to_action(action=action, agree=True, response="Will do", by=manager)
        issue = services.raise_issue(crc=world["crc"], topic="payment", summary="Not paid", details="June", claim=None, by=partner)
        services.resolve_issue(issue=issue, resolution="Paid", by=cm)
        services.record_engagement(crc=world["crc"], organisation=centre, kind="held", on=date(2019, 8, 1), note="", by=manager)
    reasons = dict(
        AuditEvent.objects.filter(
            action__in=[
                "assurance.auditsample.add",
                "assurance.sampleaction.agree",
                "assurance.contractissue.resolve",
                "assurance.engagement.add",
            ]
        ).values_list("action", "reason")
    )
    assert reasons == {
        "assurance.auditsample.add": "Cases received from 1 August 2019 to 31 August 2019 (both included) may be sampled "
        "(rule R-A2, in force throughout the service).",
        "assurance.sampleaction.agree": "The action is now agreed with the CRC (rule R-A2, in force throughout the service).",
        "assurance.contractissue.resolve": "The issue is resolved (rule R-A3, in force throughout the service).",
        "assurance.engagement.add": "Recorded by the CRC manager (rule R-A5, in force throughout the service).",
    }
