"""Pseudonymised extracts (R-E2) on the world with known answers: no name, prison number or date of
birth; a stable pseudonym within an extract, another in the next; dates coarsened; every extract logged."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.insights import extracts, selectors
from ttg.insights.models import Extract

pytestmark = pytest.mark.usefixtures("world")


@pytest.fixture
def analyst(client_for: Any) -> Client:
    return client_for(Role.ANALYST)


def _csv(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_an_extract_is_pseudonymised_coarsened_and_logged(analyst: Client, personas: dict[str, Any]) -> None:
    from ttg.people.models import Person

    response = analyst.post(reverse("insights_extract"), {"purpose": "Thematic review of accommodation", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="ttg-extract-')
    rows = _csv(response)
    assert len(rows) == 10
    assert list(rows[0]) == list(extracts.HEADER)
    body = response.content.decode("utf-8-sig")
    for p in Person.objects.all():
        assert p.prison_number not in body and p.first_name not in body and p.last_name not in body
    assert {r["Released (from)"] for r in rows} == {"2019-05-01", "2019-07-01"}  # months, not days
    women = [r for r in rows if r["Sex"] == "Women"]
    assert len(women) == 4
    assert {(r["Age at release"], r["Ethnic group"], r["Sentence length"]) for r in women} == {
        ("25 to 29", "White", "Under 12 months"),
        ("25 to 29", "White", "12 months to 4 years"),
    }
    assert sorted(r["Cost (pence)"] for r in women) == ["0", "0", "0", "10000"]
    assert sorted(r["Plan activities delivered or signposted"] + "/" + r["Plan activities"] for r in women)[-1] == "2/3"
    assert sum(r["Experienced domestic abuse"] == "yes" for r in rows) == 2
    assert {r["BCST2 and plan"] for r in women} == {"on time", "not on time", "not needed"}
    made = Extract.objects.get()
    assert (made.requested_by, made.purpose, made.rows, made.format, made.dates_to) == (
        personas[Role.ANALYST],
        "Thematic review of accommodation",
        10,
        "csv",
        "month",
    )
    assert AuditEvent.objects.filter(action="insights.extract.add", object_id=str(made.pk)).exists()
    # The log is on the page; a second extract gives everyone another pseudonym.
    page = analyst.get(reverse("insights_extract")).content.decode()
    assert "Thematic review of accommodation" in page
    again = _csv(analyst.post(reverse("insights_extract"), {"purpose": "Again", "format": "csv"}))
    assert not {r["Pseudonym"] for r in rows} & {r["Pseudonym"] for r in again}
    book = load_workbook(io.BytesIO(analyst.post(reverse("insights_extract"), {"purpose": "As a workbook", "format": "xlsx"}).content))
    assert book["Releases"].max_row == 11
    assert "A person released twice has two rows." in page


def test_a_pseudonym_is_stable_within_an_extract() -> None:
    key = extracts.new_key()
    assert extracts.pseudonym(key, 42) == extracts.pseudonym(key, 42) != extracts.pseudonym(key, 43)
    assert extracts.pseudonym(extracts.new_key(), 42) != extracts.pseudonym(key, 42)


def test_dates_by_day_or_quarter(personas: dict[str, Any]) -> None:
    _, by_day = selectors.extract(personas[Role.ANALYST], dates="day")
    _, by_quarter = selectors.extract(personas[Role.ANALYST], dates="quarter")
    assert {str(r["released"]) for r in by_day} == {"2019-05-10", "2019-07-15"}
    assert {str(r["released"]) for r in by_quarter} == {"2019-04-01", "2019-07-01"}


def test_the_purpose_is_asked_for(analyst: Client) -> None:
    html = analyst.post(reverse("insights_extract"), {"purpose": "", "format": ""}).content.decode()
    assert "There is a problem" in html and "Enter what the extract is for" in html and "Select a format" in html
    assert not Extract.objects.exists()
