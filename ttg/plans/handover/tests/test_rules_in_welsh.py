"""Handover alerts' reasons in the reader's language (issue 22), and the audit log's reason in English
whoever runs the check."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from ttg.core.models import AuditEvent
from ttg.core.rules import split_citations
from ttg.plans.handover import rules, services
from ttg.plans.handover.tests.test_alerts import DUE_ON, S, plan  # noqa: F401 - a fixture
from ttg.plans.plan.models import Plan
from ttg.plans.plan.tests.test_plans import screened  # noqa: F401 - a fixture (of `plan`)

CITATION = "rule H1, in force throughout the service; the value is setting TTG_HANDOVER_ALERT_WORKING_DAYS"


def test_an_alert_in_welsh_keeps_its_citation() -> None:
    with translation.override("en-gb"):
        (english,) = rules.handover_alert(due_on=DUE_ON, handed_over=False, today=date(2020, 2, 18), s=S).reasons
    with translation.override("cy"):
        (welsh,) = rules.handover_alert(due_on=DUE_ON, handed_over=False, today=date(2020, 2, 18), s=S).reasons
        label = translation.gettext(rules.ALERT_LABELS[rules.OVERDUE])
    assert english == f"Handover overdue: it was due by 17 February 2020 and the plan has not been handed over ({CITATION})."
    assert split_citations(welsh) == (
        "Trosglwyddo’n hwyr: roedd yn ddyledus erbyn 17 Chwefror 2020 ac nid yw’r cynllun wedi’i drosglwyddo.",
        (CITATION,),
    )
    assert label == "Trosglwyddo’n hwyr"


def test_the_audit_log_keeps_the_reason_in_english(plan: Plan) -> None:  # noqa: F811
    with translation.override("cy"):
        services.send_handover_alerts(today=date(2020, 2, 10))
    event = AuditEvent.objects.get(action="plans.handover.alert_due")
    assert event.reason == f"Handover due by 17 February 2020: the plan has not been handed over yet ({CITATION})."
