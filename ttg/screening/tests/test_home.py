"""Prison staff's home pages (issue 16): what waits at their prison first, counted from the stored screening
decisions in a fixed number of queries, each count linking to its tab of the prison's screening work. The
service's clock says Monday 2 September 2019, 9:30am."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import home_tasks
from ttg.accounts.constants import Role
from ttg.screening import services
from ttg.screening.models import Kind

from .test_journeys import complete, feed, period, reception

WORK = "/prisons/ACI/screening/"


def _home(client: Any) -> tuple[dict[str, tuple[str, int, str]], int]:
    """Text -> (link, count, tag) of the tasks the home page opens with, and the queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    # Nothing between the page's heading and what waits: no box restating who the user is.
    between = page[page.index('<h1 class="govuk-heading-l">') : page.index(">Waiting for you</h2>")]
    assert "</h1>" in between and "govuk-summary-list" not in between and "<p" not in between
    return {text: (href, count, tag) for text, href, count, tag in home_tasks(page)}, len(queries)


@pytest.fixture
def prison(personas: dict[str, Any]) -> None:
    """At HMP Altcourse: one BCST1 overdue (received a week ago), one due (received yesterday), and one
    screened with an immediate need and the homelessness duty to refer."""
    from ttg.screening import questions

    feed(reception("h1", "H0001AA", at="2019-08-26T09:30:00+01:00"))
    feed(reception("h2", "H0002AA", at="2019-09-01T09:30:00+01:00"))
    feed(reception("h3", "H0003AA", at="2019-08-30T09:30:00+01:00"))
    screened = period("H0003AA")
    qs = questions.question_set("BCST1", screened.reception_date)
    answers = complete(
        qs, prescribed_medication="yes", somewhere_to_live_on_release="no", homeless_within_56_days="yes", duty_to_refer_consent="yes"
    )
    services.submit_answers(period=screened, kind=Kind.BCST1, answers=answers, by=personas[Role.PRISON_OFFICER])


def test_the_prison_officer_sees_what_waits_at_the_prison_overdue_first(prison: None, client_for: Any) -> None:
    assert reverse("screening_work_list", args=["ACI"]) == WORK
    tasks, _queries = _home(client_for(Role.PRISON_OFFICER))
    assert list(tasks) == [  # most pressing first; nothing waiting last
        "BCST1 overdue",
        "BCST1 due",
        "Duty to refer due",
        "Immediate needs waiting for the CRC",
        "Duty to refer overdue",
        "Previous BCST1 can be reused",
    ]
    assert tasks["BCST1 overdue"] == (f"{WORK}?tab=bcst1", 1, "govuk-tag--red")
    assert tasks["BCST1 due"] == (f"{WORK}?tab=bcst1", 1, "govuk-tag--yellow")
    assert tasks["Duty to refer due"] == (f"{WORK}?tab=duty", 1, "govuk-tag--yellow")
    assert tasks["Immediate needs waiting for the CRC"] == (f"{WORK}?tab=flags", 1, "govuk-tag--blue")
    assert tasks["Duty to refer overdue"][1] == tasks["Previous BCST1 can be reused"][1] == 0
    assert "BCST2 due" not in tasks  # the CRC's


def test_the_governor_sees_the_prisons_screening_and_the_crcs(prison: None, client_for: Any) -> None:
    tasks, _queries = _home(client_for(Role.GOVERNOR))
    assert tasks["BCST1 overdue"][1] == tasks["BCST1 due"][1] == 1
    # Everyone the rules require a BCST2 of (as the tab counts them), none past its date yet.
    assert tasks["BCST2 due"] == (f"{WORK}?tab=bcst2", 3, "govuk-tag--yellow")
    assert tasks["BCST2 overdue"][1] == 0
    assert set(tasks) >= {"Pre-release window open", "Immediate needs waiting for the CRC", "Duty to refer due"}


@pytest.mark.parametrize("role", [Role.PRISON_OFFICER, Role.GOVERNOR])
def test_the_counts_take_a_fixed_number_of_queries(role: str, prison: None, client_for: Any) -> None:
    client = client_for(role)
    before, few = _home(client)
    feed(*(reception(f"m{n}", f"M{n:04d}AA", at="2019-08-27T09:30:00+01:00") for n in range(20)))
    after, more = _home(client)
    assert after["BCST1 overdue"][1] == before["BCST1 overdue"][1] + 20
    assert more == few
