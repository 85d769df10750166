"""The analyst's pages, files and API on the world with known answers (world.py); and, across every
route the analyst may use, no name, date of birth or prison number of anyone (R-E1: pseudonymised
data only)."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.access_matrix import MATRIX
from ttg.accounts.constants import Role
from ttg.insights.constants import MEASURES

# The same on either database: the figures themselves are checked on both (test_selectors.py).
pytestmark = [pytest.mark.usefixtures("world"), pytest.mark.once]


@pytest.fixture
def analyst(client_for: Any) -> Client:
    return client_for(Role.ANALYST)


def test_the_cohort_page_charts_each_measure_followed_by_its_table(
    analyst: Client, settings: Any, django_assert_max_num_queries: Any
) -> None:
    settings.TTG_INSIGHTS_SUPPRESS_BELOW = 3
    with django_assert_max_num_queries(16):
        response = analyst.get(reverse("insights_cohorts"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "People released from 1 April 2019 to 2 September 2019: 10." in html
    charts = re.findall(r'<svg class="ttg-chart".*?</svg>\s*<table class="govuk-table">', html, re.S)
    assert len(charts) == len(MEASURES)
    assert '<title id="chart-settled-title">Settled accommodation on the first night</title>' in html
    # Men's 1 and so women's 3 settled are hidden; benefit claims 0 of 4 and 3 of 4 are shown.
    assert "Settled accommodation on the first night, by sex (women and men): Women [c]; Men [c]. Everyone: 50%." in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3 of 4</td>' in html
    assert "The cost of Through the Gate per person before the enhanced specification has not been set" in html


@pytest.mark.parametrize("by", ["prison", "level3"])
def test_other_cohorts(analyst: Client, by: str) -> None:
    html = analyst.get(reverse("insights_cohorts") + f"?by={by}").content.decode()
    assert ("HMP Testwomen" in html) if by == "prison" else ("A person can be in more than one of these groups" in html)


def test_the_equality_page_and_an_unknown_breakdown(analyst: Client, settings: Any) -> None:
    settings.TTG_INSIGHTS_SUPPRESS_BELOW = 1
    settings.TTG_INSIGHTS_BASELINE_COST_PER_PERSON_PENCE = "45000"
    html = analyst.get(reverse("insights_equality") + "?by=ethnicity").content.decode()
    assert "Black, African, Caribbean or Black British" in html
    assert "Before the enhanced specification, Through the Gate cost £450.00 a person." in html
    assert "Per person, against before" in html and "−£440.00" in html  # everyone: £10.00 a person, £440 less (E5)
    assert analyst.get(reverse("insights_equality") + "?by=prison").status_code == 404
    assert analyst.get(reverse("insights_cohorts") + "?by=nonsense").status_code == 404


def test_downloads_hold_the_same_figures(analyst: Client, settings: Any) -> None:
    settings.TTG_INSIGHTS_SUPPRESS_BELOW = 3
    text = analyst.get(reverse("insights_export", kwargs={"by": "sex", "fmt": "csv"})).content.decode("utf-8-sig")
    assert "Sex (women and men),Women,Settled accommodation on the first night,[c],[c],[c],[c],[c],," in text
    assert "Sex (women and men),Men,Benefit claim made,3,4,75.0,30.1,95.4,2.0,no" in text
    assert "Sex (women and men),Women,4,100.0,25.0,[c],\r\n" in text  # no baseline set: no uplift (E5)
    assert "Sex (women and men),Everyone,10,100.0,10.0,25.0,\r\n" in text
    book = load_workbook(io.BytesIO(analyst.get(reverse("insights_export", kwargs={"by": "sex", "fmt": "xlsx"})).content))
    assert book.sheetnames == ["Outcomes", "Cost"]
    assert analyst.get(reverse("insights_export", kwargs={"by": "sex", "fmt": "pdf"})).status_code == 404


def test_the_api_gives_the_same_figures(analyst: Client, settings: Any) -> None:
    settings.TTG_INSIGHTS_SUPPRESS_BELOW = 3
    data = analyst.get(reverse("api_insights_breakdown", kwargs={"by": "sex"})).json()
    women, men = data["groups"]
    assert (data["hidden_below"], data["everyone"]["released"], women["name"], women["released"]) == (3, 10, "Women", 4)
    assert women["measures"]["settled"] == {
        "hidden": True, "numerator": None, "denominator": None, "rate": None, "interval_low": None, "interval_high": None,
        "disparity_ratio": None, "notable": False,
    }  # fmt: skip
    assert men["measures"]["benefit_claim"]["rate"] == 0.75
    assert men["measures"]["benefit_claim"]["disparity_ratio"] == 2.0
    assert analyst.get(reverse("api_insights_breakdown", kwargs={"by": "nonsense"})).status_code == 404


def test_the_quarters_are_welsh_on_a_welsh_page_and_english_in_the_api(analyst: Client) -> None:
    """Issue 22: E4's quarters and bands follow the reader's language on the pages; the API stays English."""
    analyst.cookies["django_language"] = "cy"
    html = analyst.get(reverse("insights_cohorts") + "?by=quarter").content.decode()
    assert "Ebrill–Mehefin 2019" in html and "April to June 2019" not in html
    data = analyst.get(reverse("api_insights_breakdown", kwargs={"by": "quarter"})).json()
    assert data["groups"][0]["name"] == "April to June 2019"
    assert analyst.get(reverse("api_insights_breakdown", kwargs={"by": "sex"})).json()["groups"][0]["name"] == "Women"


PRISON_NUMBER = re.compile(r"(?<![A-Za-z0-9])[A-Z][0-9]{4}[A-Z]{2}(?![A-Za-z0-9])")
ANALYST_ROUTES = sorted(
    name
    for name, entry in MATRIX.items()
    if Role.ANALYST in entry.roles and entry.method == "get" and not entry.public and name not in ("api_schema", "api_docs")
)


def test_the_analyst_sees_no_name_date_of_birth_or_prison_number(personas: dict[str, Any], analyst: Client, settings: Any) -> None:
    """Every route the access matrix gives the analyst, with the world's people (and the demo base's) there."""
    from ttg.people.models import Person

    settings.TTG_INSIGHTS_SUPPRESS_BELOW = 1  # every figure shown
    people = list(Person.objects.all())
    assert len(people) >= 12
    secrets = {p.prison_number for p in people} | {p.first_name for p in people} | {p.last_name for p in people}
    secrets |= {f"{p.date_of_birth:%d/%m/%Y}" for p in people} | {p.date_of_birth.isoformat() for p in people}
    urls = [reverse(name, kwargs=MATRIX[name].kwargs(personas) or None) for name in ANALYST_ROUTES]
    urls += [reverse("insights_cohorts") + f"?by={by}" for by in ("sentence", "level3", "resettlement", "crc", "prison", "quarter")]
    urls += [reverse("insights_equality") + f"?by={by}" for by in ("ethnicity", "age", "disability")]
    assert "insights_cohorts" in ANALYST_ROUTES and "api_insights_breakdown" in ANALYST_ROUTES
    leaks = []
    for url in urls:
        response = analyst.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = response.content.decode("utf-8", "replace")
        leaks += [(url, s) for s in secrets if re.search(rf"(?<![A-Za-z0-9]){re.escape(s)}(?![A-Za-z0-9])", body)]
    assert not leaks, sorted(set(leaks))
