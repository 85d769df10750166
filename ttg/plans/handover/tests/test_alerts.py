"""Handover alerts (rule H1; issue 23 item 6): the responsible officer holding the case and the CRC's
managers are told when a handover is due and when it becomes overdue, once each.

The rule at its boundaries (hypothesis over the days around the due date), then the check through the
services: the tests' person (A1111AA, HMP Altcourse, Merseyside CRC) is released on Sunday 1 March
2020, so the handover is due by Monday 17 February 2020 (T6) and announced from Monday 10 February
(5 working days before).
"""

from __future__ import annotations

import threading
from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.core.rules import subtract_working_days
from ttg.notifications.models import Notification
from ttg.people.cases import hold_case
from ttg.people.models import CustodyPeriod, ProbationCase
from ttg.plans.handover import rules, services, tasks
from ttg.plans.handover.models import HandoverAlert
from ttg.plans.handover.tests.test_handover import _hand_over, _move_release, _other_officer
from ttg.plans.plan import services as plan_services
from ttg.plans.plan.models import Plan
from ttg.plans.plan.tests.test_plans import screened  # noqa: F401 - a fixture

S = rules.AlertSettings(alert_working_days=5)
DUE_ON = date(2020, 2, 17)

# --- the rule ----------------------------------------------------------------------------------------


@pytest.mark.once
@given(offset=st.integers(min_value=-40, max_value=40), lead=st.integers(min_value=0, max_value=15))
def test_due_then_overdue_around_the_due_date(offset: int, lead: int) -> None:
    s = rules.AlertSettings(alert_working_days=lead)
    today = DUE_ON + timedelta(days=offset)
    decision = rules.handover_alert(due_on=DUE_ON, handed_over=False, today=today, s=s)
    starts = subtract_working_days(DUE_ON, lead) if lead else DUE_ON
    expected = rules.OVERDUE if today > DUE_ON else rules.DUE if today >= starts else None
    assert decision.value == expected
    assert "(rule H1, in force throughout the service; the value is setting TTG_HANDOVER_ALERT_WORKING_DAYS)" in decision.reasons[0]
    # Handed over: never an alert.
    assert rules.handover_alert(due_on=DUE_ON, handed_over=True, today=today, s=s).value is None


@pytest.mark.once
@pytest.mark.parametrize(
    ("today", "expected", "words"),
    [
        (date(2020, 2, 7), None, "No alert yet: the handover is due by 17 February 2020; it is announced from 10 February 2020"),
        (date(2020, 2, 10), rules.DUE, "Handover due by 17 February 2020: the plan has not been handed over yet"),
        (date(2020, 2, 17), rules.DUE, "Handover due by 17 February 2020"),  # on its due day a handover is on time
        (date(2020, 2, 18), rules.OVERDUE, "Handover overdue: it was due by 17 February 2020"),
    ],
)
def test_the_boundaries_in_words(today: date, expected: str | None, words: str) -> None:
    decision = rules.handover_alert(due_on=DUE_ON, handed_over=False, today=today, s=S)
    assert decision.value == expected and decision.reasons[0].startswith(words)


@pytest.mark.once
def test_no_release_date_no_alert() -> None:
    assert rules.handover_alert(due_on=None, handed_over=False, today=DUE_ON, s=S).value is None
    with pytest.raises(ValueError):
        rules.AlertSettings(alert_working_days=-1)


# --- the check, through the services ---------------------------------------------------------------


@pytest.fixture
def plan(personas: dict[str, Any], screened: CustodyPeriod) -> Plan:  # noqa: F811
    by = personas[Role.TTG_CASEWORKER]
    plan = plan_services.agree(plan=plan_services.propose(period=screened, by=by), by=by)
    # The NPS allocated the case to David Jones (the responsible officer persona).
    hold_case(custody_period=screened, officer=personas[Role.RESPONSIBLE_OFFICER], source=ProbationCase.Source.ALLOCATED, by=None)
    return plan


def _told(kind: str) -> set[str]:
    return set(Notification.objects.filter(template=f"handover_{kind}").values_list("recipient__username", flat=True))


def test_due_then_overdue_once_each_to_the_officer_and_the_crc_managers(
    personas: dict[str, Any], plan: Plan, django_capture_on_commit_callbacks: Any
) -> None:
    assert services.send_handover_alerts(today=date(2020, 2, 7)).due == 0  # not yet
    with django_capture_on_commit_callbacks() as delivered:
        run = services.send_handover_alerts(today=date(2020, 2, 10))
    assert (run.due, run.overdue, run.told) == (1, 0, 2)
    assert len(delivered) == 2  # one delivery each, after commit
    # Merseyside's manager and the officer holding the case; not Cheshire's manager, nor anyone else.
    assert _told(rules.DUE) == {"helen.price", "david.jones"}
    to_manager = Notification.objects.get(template="handover_due", recipient__username="helen.price")
    assert to_manager.subject == "Handover due by 17 February 2020: A1111AA at HMP Altcourse" and to_manager.link == "/people/A1111AA/plan/"
    to_officer = Notification.objects.get(template="handover_due", recipient__username="david.jones")
    assert "You hold this person's case" in to_officer.body and to_officer.link == "/handovers/"
    alert = HandoverAlert.objects.get()
    assert (alert.kind, alert.due_on, alert.recipients) == (rules.DUE, DUE_ON, 2)
    assert AuditEvent.objects.filter(action="plans.handover.alert_due", object_id=str(alert.pk)).count() == 1

    # Running the check again, the same day or any day until the due date, sends nothing more.
    with django_capture_on_commit_callbacks() as again:
        for day in (date(2020, 2, 10), date(2020, 2, 10), date(2020, 2, 14), date(2020, 2, 17)):
            assert services.send_handover_alerts(today=day).told == 0
    assert not again and Notification.objects.filter(template__startswith="handover_").count() == 2

    # The day after the due date: overdue, once.
    assert services.send_handover_alerts(today=date(2020, 2, 18)).overdue == 1
    assert services.send_handover_alerts(today=date(2020, 2, 19)).overdue == 0
    assert _told(rules.OVERDUE) == {"helen.price", "david.jones"}
    assert (
        "by 17 February 2020, before release on 1 March 2020, and has not been handed over"
        in Notification.objects.filter(template="handover_overdue").earliest("pk").body
    )
    assert HandoverAlert.objects.count() == 2 and Notification.objects.filter(template__startswith="handover_").count() == 4


def test_a_check_that_first_runs_late_sends_overdue_only(plan: Plan) -> None:
    run = services.send_handover_alerts(today=date(2020, 2, 20))
    assert (run.due, run.overdue) == (0, 1) and list(HandoverAlert.objects.values_list("kind", flat=True)) == [rules.OVERDUE]


def test_nothing_once_handed_over_and_a_new_due_date_is_announced_again(personas: dict[str, Any], plan: Plan) -> None:
    services.send_handover_alerts(today=date(2020, 2, 10))
    _move_release("2020-04-01")  # now due by Wednesday 18 March 2020, announced from Wednesday 11 March
    assert services.send_handover_alerts(today=date(2020, 3, 10)).due == 0
    run = services.send_handover_alerts(today=date(2020, 3, 11))
    assert run.due == 1
    assert set(HandoverAlert.objects.values_list("due_on", flat=True)) == {DUE_ON, date(2020, 3, 18)}
    _hand_over(personas, Plan.objects.get(pk=plan.pk))
    assert services.send_handover_alerts(today=date(2020, 3, 30)).overdue == 0


def test_without_an_officer_the_crc_managers_are_told(personas: dict[str, Any], screened: CustodyPeriod) -> None:  # noqa: F811
    by = personas[Role.TTG_CASEWORKER]
    plan_services.propose(period=screened, by=by)  # a draft plan: its handover is still due
    other = _other_officer()
    other.is_active = False
    other.save()
    hold_case(custody_period=screened, officer=other, source=ProbationCase.Source.ALLOCATED, by=None)  # inactive: not told
    assert services.send_handover_alerts(today=date(2020, 2, 12)).told == 1
    assert _told(rules.DUE) == {"helen.price"}


@pytest.mark.once
def test_the_command_and_the_daily_task(plan: Plan, settings: Any) -> None:
    out = StringIO()
    call_command("send_handover_alerts", "--today", "2020-02-18", stdout=out)
    assert out.getvalue().strip() == "0 handovers due and 1 overdue announced, to 2 people."
    settings.TTG_NOW = "2020-02-19T09:00:00+00:00"
    assert tasks.daily_handover_alerts.call() == {"due": 0, "overdue": 0, "told": 0}


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="SQLite allows one writer at a time: two checks at once are a PostgreSQL matter",
)
@pytest.mark.django_db(transaction=True)
def test_two_checks_at_once_send_once(plan: Plan) -> None:
    """The plan is locked and the alert's marker is unique: the second check waits, then finds it."""
    start = threading.Barrier(2)
    runs: list[services.AlertRun] = []
    errors: list[BaseException] = []

    def check() -> None:
        try:
            start.wait()
            runs.append(services.send_handover_alerts(today=date(2020, 2, 10)))
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=check) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(r.due for r in runs) == [0, 1]
    assert HandoverAlert.objects.count() == 1 and Notification.objects.filter(template="handover_due").count() == 2
