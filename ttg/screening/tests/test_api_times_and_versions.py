"""The API writes every date-time in one form, UTC with "+00:00", summer and winter alike (issue 16); the
screening GET says which question-set version applies, and the versions are listed with their dates.

People come from the real custody-feed importer; callers use tokens. The clock says Monday 2 September 2019.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.core.api import DateTimeField
from ttg.screening import questions
from ttg.screening.models import Kind
from ttg.screening.tests.test_api import api, bcst1_answers
from ttg.screening.tests.test_journeys import NUMBER, feed, period, reception

LONDON = ZoneInfo("Europe/London")
DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")
ONE_FORM = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$")


def _datetimes(value: Any) -> list[str]:
    """Every string in a JSON body that is a date-time."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in _datetimes(v)]
    if isinstance(value, list):
        return [s for v in value for s in _datetimes(v)]
    return [value] if isinstance(value, str) and DATETIME.match(value) else []


@pytest.mark.parametrize(
    ("when", "written"),
    [
        (datetime(2019, 8, 30, 9, 30, tzinfo=LONDON), "2019-08-30T08:30:00+00:00"),  # British Summer Time
        (datetime(2019, 1, 7, 9, 30, tzinfo=LONDON), "2019-01-07T09:30:00+00:00"),  # winter: +00:00, never "Z"
        (datetime(2019, 1, 7, 9, 30, tzinfo=UTC), "2019-01-07T09:30:00+00:00"),
    ],
)
def test_the_field_writes_utc_with_its_offset(when: datetime, written: str) -> None:
    assert DateTimeField().to_representation(when) == written
    assert DateTimeField().to_representation(None) is None
    with pytest.raises(ValueError, match="aware"):
        DateTimeField().to_representation(datetime(2019, 1, 7, 9, 30))


@pytest.mark.parametrize(
    ("at", "received"),
    [("2019-08-30T09:30:00+01:00", "2019-08-30T08:30:00+00:00"), ("2019-01-07T09:30:00+00:00", "2019-01-07T09:30:00+00:00")],
)
def test_every_time_in_the_screening_answer_has_one_form_summer_and_winter(personas: dict[str, Any], at: str, received: str) -> None:
    feed(reception("r1", NUMBER, at=at))
    officer = api(personas, Role.PRISON_OFFICER)
    if period().reception_date > date(2019, 8, 1):
        assert (
            officer.post(
                reverse("api_bcst1", args=[NUMBER]), {"answers": bcst1_answers(period(), prescribed_medication="yes")}, format="json"
            ).status_code
            == 201
        )
    body = officer.get(reverse("api_screening", args=[NUMBER])).json()
    assert body["custody_period"]["received_at"] == received
    times = _datetimes(body)
    assert times and all(ONE_FORM.match(t) for t in times), times


def test_model_serializers_write_the_same_form(personas: dict[str, Any]) -> None:
    """Model fields too (the audit trail's `at`, through a ModelSerializer)."""
    feed(reception("r1", NUMBER, at="2019-08-30T09:30:00+01:00"))
    api(personas, Role.PRISON_OFFICER).get(reverse("api_screening", args=[NUMBER]))  # a view of the record, audited
    events = api(personas, Role.ADMINISTRATOR).get(reverse("api_audit_events")).json()["results"]
    times = _datetimes(events)
    assert times and all(ONE_FORM.match(t) for t in times), [t for t in times if not ONE_FORM.match(t)][:5]


def test_the_screening_answer_says_which_question_set_version_applies(personas: dict[str, Any]) -> None:
    feed(reception("r1", NUMBER, at="2019-08-30T09:30:00+01:00"), reception("r2", "B2222BB", at="2018-06-04T10:00:00+01:00"))
    officer = api(personas, Role.PRISON_OFFICER)
    body = officer.get(reverse("api_screening", args=[NUMBER])).json()
    for kind in ("bcst1", "bcst2"):
        applies = body[kind]["question_set"]
        in_force = questions.question_set(kind.upper(), date(2019, 8, 30))
        assert applies == {
            "kind": kind.upper(),
            "version": in_force.version,
            "title": in_force.title,
            "in_force_from": in_force.in_force_from.isoformat(),
            "in_force_until": None,
            "url": reverse("api_question_set", args=[kind, in_force.version]),
        }
        assert officer.get(applies["url"]).json()["version"] == in_force.version
    # Received before the 2018 version came into force: the earlier one applies, with the day it ended.
    earlier = officer.get(reverse("api_screening", args=["B2222BB"])).json()["bcst1"]["question_set"]
    assert earlier["version"] == "2015-02-01" and earlier["in_force_until"] == "2018-09-30"
    # Once started, a screening keeps its own version (as the stored screening says).
    officer.post(reverse("api_bcst1", args=[NUMBER]), {"answers": bcst1_answers(period())}, format="json")
    started = period().screenings.get(kind=Kind.BCST1)
    assert officer.get(reverse("api_screening", args=[NUMBER])).json()["bcst1"]["question_set"]["version"] == started.question_set_version


def test_the_question_set_versions_are_listed_with_their_dates(personas: dict[str, Any], client_for: Any) -> None:
    response = api(personas, Role.TTG_CASEWORKER).get(reverse("api_question_sets"))
    assert response.status_code == 200
    listed = response.json()
    assert [(v["kind"], v["version"]) for v in listed] == [(s.kind, s.version) for s in questions.all_question_sets()]
    by_kind = {(v["kind"], v["version"]): v for v in listed}
    assert by_kind[("BCST1", "2015-02-01")]["in_force_until"] == "2018-09-30"  # the day before 1 October 2018
    assert by_kind[("BCST1", "2018-10-01")]["in_force_until"] is None  # in force now
    for v in listed:
        assert v["url"] == reverse("api_question_set", args=[v["kind"].lower(), v["version"]])
    assert api(personas, Role.PARTNER_CASEWORKER).get(reverse("api_question_sets")).status_code == 403
