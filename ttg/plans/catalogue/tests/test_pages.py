"""The catalogue's read-only pages: what they show, to whom, in a fixed number of queries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ttg.accounts.constants import PEOPLE_ROLES
from ttg.plans.catalogue.models import Activity, CatalogueNeedArea, CataloguePathway, CatalogueVersion

OUR_READING = "This catalogue is our reading of the specification's Annex A"


@pytest.mark.parametrize("role", sorted(PEOPLE_ROLES))
def test_every_role_reads_the_catalogue(catalogue: dict[str, CatalogueVersion], client_for: Any, role: str) -> None:
    page = client_for(role).get(reverse("catalogue_list")).content.decode()
    assert OUR_READING in page
    assert "Enhanced Through the Gate specification" in page and "Through the Gate: the 2015 model" in page


def test_the_list_marks_the_version_in_force_today(catalogue: dict[str, CatalogueVersion], client_for: Any, settings: Any) -> None:
    client = client_for("ttg_caseworker")

    def status_of(page: str, name: str) -> str:
        row = page.split(name, 1)[1].split("</tr>", 1)[0]
        return row.split('class="govuk-tag', 1)[1].split(">", 1)[1].split("<", 1)[0].strip()

    settings.TTG_NOW = "2019-03-31T12:00:00+01:00"
    before = client.get(reverse("catalogue_list")).content.decode()
    assert status_of(before, "the 2015 model") == "In force today"
    assert status_of(before, "Enhanced Through the Gate specification") == "Not yet in force"
    settings.TTG_NOW = "2019-04-01T09:00:00+01:00"
    after = client.get(reverse("catalogue_list")).content.decode()
    assert status_of(after, "the 2015 model") == "Replaced"
    assert status_of(after, "Enhanced Through the Gate specification") == "In force today"
    assert "1 April 2019" in after and "1 February 2015" in after


def test_a_version_shows_its_activities_by_need_area_and_pathway(catalogue: dict[str, CatalogueVersion], client_for: Any) -> None:
    page = client_for("partner_caseworker").get(reverse("catalogue_version", args=[catalogue["2019"].pk])).content.decode()
    assert OUR_READING in page and "In force today" in page
    headings = [
        "For everyone: screening and resettlement planning",
        ">Accommodation</h2>",
        ">Education, training and employment</h2>",
        ">Finance, benefit and debt</h2>",
        ">Personal, relationships and community</h2>",
        ">Health</h3>",
        ">Drugs and alcohol</h3>",
    ]
    positions = [page.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "Signposted to local housing authority" in page
    assert "Signposted to substance-misuse service" in page and "Signposted to DWP work coach (Jobcentre Plus)" in page
    assert "Delivered by the CRC" in page and "Mandatory" in page and "Needs-driven" in page
    assert "Women who have experienced domestic abuse" in page
    assert "Good practice (not mandated)" in page
    assert "would rather sleep on the street than go to unsafe accommodation" in page


def test_a_draft_is_not_found_for_anyone_but_administrators(catalogue: dict[str, CatalogueVersion], client_for: Any) -> None:
    draft = CatalogueVersion.objects.create(name="Next year's draft", in_force_from=date(2020, 4, 1))
    url = reverse("catalogue_version", args=[draft.pk])
    assert client_for("ttg_caseworker").get(url).status_code == 404
    assert client_for("ttg_caseworker").get(reverse("catalogue_version", args=[999999])).status_code == 404
    assert "Next year" not in client_for("contract_manager").get(reverse("catalogue_list")).content.decode()
    admin_page = client_for("administrator").get(url).content.decode()
    assert "Draft: not used by plans" in admin_page
    assert "Draft" in client_for("administrator").get(reverse("catalogue_list")).content.decode()


def test_the_administrator_home_page_links_to_the_catalogue(catalogue: dict[str, CatalogueVersion], client_for: Any) -> None:
    assert f'href="{reverse("catalogue_list")}"' in client_for("administrator").get(reverse("home")).content.decode()


def test_catalogue_pages_use_a_fixed_number_of_queries(catalogue: dict[str, CatalogueVersion], client_for: Any) -> None:
    client = client_for("analyst")
    version = catalogue["2019"]
    urls = [reverse("catalogue_list"), reverse("catalogue_version", args=[version.pk])]
    client.get(urls[0])

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = [count(url) for url in urls]
    Activity.objects.bulk_create(
        Activity(version=version, code=f"extra-{n}", title=f"Extra {n}", pathway=p, level=2, cohort="veterans", guidance="Ask.")
        for n, p in enumerate(["ete", "health", "abuse", "finance"] * 10)
    )
    CatalogueNeedArea.objects.bulk_create(
        CatalogueNeedArea(version=version, code=f"extra-{n}", name=f"Extra {n}", order=100 + n) for n in range(5)
    )
    CataloguePathway.objects.filter(version=version, code="health").update(need_area="extra-0")
    for n in range(5):
        CatalogueVersion.objects.create(name=f"Old {n}", in_force_from=date(2010, 1, 1 + n), published=True)
    assert [count(url) for url in urls] == before
    # The version page: session and user, the version, its activities, pathways, need areas and
    # levels (prefetched), the version in force, the page's own reads, and the unread-notifications
    # count in the navigation.
    assert before[1] <= 12
