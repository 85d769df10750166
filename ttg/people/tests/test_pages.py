"""The people pages: find a person, a person's record, prison caseloads. Server-side, test client."""

from __future__ import annotations

import html
import io
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.people.importer import import_feed

HEADER = "event_id,event_type,occurred_at,prison_number,prison_code,from_prison_code,to_prison_code,first_name,last_name,date_of_birth,sex,ethnicity,legal_status,sentence_type,sentence_start_date,sentence_length_days,release_date,release_type\n"


def feed(*rows: str) -> None:
    """Apply feed rows through the real importer (prisons come from the `personas` fixture)."""
    result = import_feed(io.BytesIO((HEADER + "".join(f"{r}\n" for r in rows)).encode()), source="test", kind="csv")
    assert result.counts.rejected == 0, result.rejections


def reception(
    event: str, number: str, prison: str, first: str, last: str, *, at: str = "2019-08-01T10:00:00+01:00", release: str = ""
) -> str:
    if release:
        return f"{event},RECEPTION,{at},{number},{prison},,,{first},{last},1985-03-14,M,W1,SENTENCED,DETERMINATE,2019-07-30,365,{release},"
    return f"{event},RECEPTION,{at},{number},{prison},,,{first},{last},1985-03-14,M,W1,REMAND,,,,,"


@pytest.fixture
def people(personas: dict[str, Any]) -> None:
    """Three people at HMP Altcourse (ACI, served by Merseyside CRC), one at HMP Styal (STI, not)."""
    feed(
        reception("r-1", "A1234BC", "ACI", "John", "Smith", at="2019-06-03T10:00:00+01:00", release="2019-09-26"),
        reception("r-2", "B2345CD", "ACI", "Aisha", "Khan", at="2019-07-10T10:00:00+01:00", release="2020-06-30"),
        reception("r-3", "C3456DE", "ACI", "Gareth", "Jones", at="2019-08-20T10:00:00+01:00"),
        reception("r-4", "D4567EF", "STI", "Maria", "Smith"),
        # A released person: the caseload lists open periods only (and they are out of scope).
        reception("r-5", "E5678FG", "ACI", "Peter", "Smithson", at="2019-01-02T10:00:00+00:00"),
        "x-5,RELEASE,2019-05-01T09:00:00+01:00,E5678FG,ACI,,,,,,,,,,,,,COURT",
    )


def search(client: Client, query: str) -> str:
    response = client.post(reverse("people_search"), {"query": query})
    assert response.status_code == 200
    return response.content.decode()


# --- find a person --------------------------------------------------------------------------------


def found(page: str) -> list[str]:
    """Prison numbers in the results table."""
    return re.findall(r"<td class=\"govuk-table__cell\">([A-Z]\d{4}[A-Z]{2})</td>", page)


@pytest.mark.parametrize("role", [Role.PRISON_OFFICER, Role.TTG_CASEWORKER])
def test_search_by_prison_number_and_by_name_only_in_scope(role: str, client_for: Any, people: None) -> None:
    client = client_for(role)
    by_number = search(client, " a1234bc ")  # case and spaces do not matter
    assert found(by_number) == ["A1234BC"] and "John Smith</a>" in by_number
    # Maria Smith (D4567EF) is at HMP Styal, outside their scope; Peter Smithson was released.
    by_last = search(client, "smi")
    assert found(by_last) == ["A1234BC"] and "1 person found" in by_last
    assert found(search(client, "Jo Smith")) == ["A1234BC"]  # "first last", both as prefixes
    assert found(search(client, "KHAN")) == ["B2345CD"]
    assert found(search(client, "Aisha Smith")) == []
    out_of_scope = search(client, "D4567EF")
    assert found(out_of_scope) == [] and "0 people found" in out_of_scope


def test_search_is_a_post_and_keeps_names_out_of_the_address(client_for: Any, personas: dict[str, Any], people: None) -> None:
    client = client_for(Role.TTG_CASEWORKER)
    page = client.get(reverse("people_search")).content.decode()
    assert 'method="post"' in page and "csrfmiddlewaretoken" in page
    # A GET with a query string searches nothing.
    assert found(client.get(reverse("people_search"), {"query": "Smith"}).content.decode()) == []
    # And the POST needs its CSRF token.
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(personas[Role.TTG_CASEWORKER])
    assert strict.post(reverse("people_search"), {"query": "Smith"}).status_code == 403


def test_empty_search_shows_the_error_summary(client_for: Any, personas: dict[str, Any]) -> None:
    page = search(client_for(Role.TTG_CASEWORKER), "  ")
    assert "There is a problem" in page
    assert 'href="#id_query"' in page and "Enter a prison number or name" in page
    assert "<title>Error: Find a person" in page


# --- a person's record ----------------------------------------------------------------------------


def _normalised(content: bytes) -> str:
    """The page without what changes on every response (CSP nonce, CSRF token) and the language switch's
    way back (the address the user asked for, which they know already)."""
    text = content.decode()
    text = re.sub(r'nonce="[^"]+"', 'nonce=""', text)
    text = re.sub(r'name="next" value="[^"]+"', 'name="next" value=""', text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', text)


def test_person_page_is_404_for_out_of_scope_and_missing_alike(client_for: Any, people: None) -> None:
    client = client_for(Role.PRISON_OFFICER)
    out_of_scope = client.get(reverse("person_detail", kwargs={"prison_number": "D4567EF"}))
    missing = client.get(reverse("person_detail", kwargs={"prison_number": "Z9999ZZ"}))
    released = client.get(reverse("person_detail", kwargs={"prison_number": "E5678FG"}))
    assert out_of_scope.status_code == missing.status_code == released.status_code == 404
    assert _normalised(out_of_scope.content) == _normalised(missing.content) == _normalised(released.content)
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.VIEW).exists()


def test_person_page_shows_the_record_and_writes_a_view_event(client_for: Any, personas: dict[str, Any], people: None) -> None:
    feed(
        "t-1,TRANSFER,2019-06-20T08:30:00+01:00,A1234BC,,ACI,LPI,,,,,,,,,,,",
        "t-2,TRANSFER,2019-07-20T08:30:00+01:00,A1234BC,,LPI,ACI,,,,,,,,,,,",
        "s-1,SENTENCE,2019-08-12T16:00:00+01:00,A1234BC,ACI,,,,,,,,SENTENCED,DETERMINATE,2019-07-30,300,2019-09-20,",
    )
    response = client_for(Role.TTG_CASEWORKER).get(reverse("person_detail", kwargs={"prison_number": "A1234BC"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" in page and "John Smith</h1>" in page
    assert "HMP Altcourse" in page and "20 September 2019 (in 18 days)" in page and "14 March 1985" in page
    # The timeline, newest first.
    titles = re.findall(r'<h3 class="moj-timeline__title">([^<]+)</h3>', page)
    assert titles == ["Release date changed", "Transferred", "Transferred", "Received into custody"]
    assert "Expected release date changed from 26 September 2019 to 20 September 2019." in page
    assert "Transferred from HMP Altcourse to HMP Liverpool." in page
    assert "Expected release date: 26 September 2019." in page  # set at reception

    event = AuditEvent.objects.get(kind=AuditEvent.Kind.VIEW)
    assert event.actor == personas[Role.TTG_CASEWORKER]
    assert (event.object_type, event.action) == ("people.Person", "people.person.view")
    assert event.reason == "Works for Merseyside CRC, which serves HMP Altcourse, where this person is in custody"
    assert event.scope_crc is not None and event.scope_crc.code == "MERSEYSIDE"


def test_prison_officer_view_is_justified_by_their_prison(client_for: Any, people: None) -> None:
    client_for(Role.PRISON_OFFICER).get(reverse("person_detail", kwargs={"prison_number": "C3456DE"}))
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.VIEW).reason == "Works at HMP Altcourse, where this person is in custody"


def test_pages_are_not_stored_by_browsers(client_for: Any, people: None) -> None:
    client = client_for(Role.TTG_CASEWORKER)
    for url in (
        reverse("people_search"),
        reverse("person_detail", kwargs={"prison_number": "A1234BC"}),
        reverse("my_caseloads"),
        reverse("prison_caseload", kwargs={"code": "ACI"}),
    ):
        assert client.get(url)["Cache-Control"] == "no-store", url
    assert client.post(reverse("people_search"), {"query": "Smith"})["Cache-Control"] == "no-store"


# --- caseloads ------------------------------------------------------------------------------------


def caseload(client: Client, code: str = "ACI", **params: Any) -> Any:
    return client.get(reverse("prison_caseload", kwargs={"code": code}), params)


def numbers(response: Any) -> list[str]:
    return found(response.content.decode())


def test_caseload_lists_open_periods_at_that_prison(client_for: Any, people: None) -> None:
    response = caseload(client_for(Role.TTG_CASEWORKER))
    page = response.content.decode()
    assert "People in custody at HMP Altcourse (3)" in page
    # Default: release date soonest first, unknown release dates last.
    assert numbers(response) == ["A1234BC", "B2345CD", "C3456DE"]
    assert "24 days" in page and "Not known" in page


def test_caseload_outside_scope_is_404_like_a_missing_prison(client_for: Any, people: None) -> None:
    for role in (Role.PRISON_OFFICER, Role.TTG_CASEWORKER):
        client = client_for(role)
        outside, missing = caseload(client, "STI"), caseload(client, "XXX")
        assert outside.status_code == missing.status_code == 404
        assert _normalised(outside.content) == _normalised(missing.content)
    # Liverpool is served by Merseyside CRC but is not the prison officer's prison.
    assert caseload(client_for(Role.TTG_CASEWORKER), "LPI").status_code == 200
    assert caseload(client_for(Role.PRISON_OFFICER), "LPI").status_code == 404


def test_caseload_sorting(client_for: Any, people: None) -> None:
    client = client_for(Role.GOVERNOR)
    assert numbers(caseload(client, sort="name")) == ["C3456DE", "B2345CD", "A1234BC"]
    assert numbers(caseload(client, sort="name", direction="desc")) == ["A1234BC", "B2345CD", "C3456DE"]
    assert numbers(caseload(client, sort="reception_date", direction="desc")) == ["C3456DE", "B2345CD", "A1234BC"]
    assert numbers(caseload(client, sort="release_date", direction="desc")) == ["B2345CD", "A1234BC", "C3456DE"]  # nulls last
    assert numbers(caseload(client, sort="nonsense", direction="sideways")) == ["A1234BC", "B2345CD", "C3456DE"]
    page = caseload(client, sort="name").content.decode()
    assert 'aria-sort="ascending"' in page and page.count('aria-sort="none"') == 3
    # The sorted column's link turns the order round; the filters stay.
    assert "?sort=name&amp;direction=desc" in page


def test_caseload_filters(client_for: Any, people: None) -> None:
    client = client_for(Role.CRC_MANAGER)
    assert numbers(caseload(client, legal_status="REMAND")) == ["C3456DE"]
    within_4 = caseload(client, release_within_weeks="4")
    assert numbers(within_4) == ["A1234BC"]
    assert "1 of 3 match these filters." in within_4.content.decode()
    assert numbers(caseload(client, release_within_weeks="52")) == ["A1234BC", "B2345CD", "C3456DE"]  # not a choice: ignored
    assert numbers(caseload(client, legal_status="SENTENCED", release_within_weeks="26")) == ["A1234BC"]


def _crowd(count: int, prison: str = "ACI") -> None:
    feed(
        *(reception(f"c-{i}", f"F{i:04d}GH", prison, "Person", f"Number{i:03d}", release=f"2020-01-{1 + i % 28:02d}") for i in range(count))
    )


def test_caseload_pagination(client_for: Any, personas: dict[str, Any]) -> None:
    _crowd(60)
    client = client_for(Role.TTG_CASEWORKER)
    first, second = caseload(client, sort="name"), caseload(client, sort="name", page=2)
    assert len(numbers(first)) == 50 and len(numbers(second)) == 10
    assert not set(numbers(first)) & set(numbers(second))
    assert "People in custody at HMP Altcourse (60)" in second.content.decode()
    assert 'class="govuk-pagination' in first.content.decode()
    # The page links keep the order.
    assert 'href="?sort=name&amp;page=2" rel="next"' in first.content.decode()


def _queries(client: Client, url: str, method: str = "get", data: Any = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data)
        assert response.status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_the_rows(client_for: Any, personas: dict[str, Any]) -> None:
    client = client_for(Role.TTG_CASEWORKER)
    urls = [
        ("get", reverse("prison_caseload", kwargs={"code": "ACI"}), None),
        ("get", reverse("prison_caseload", kwargs={"code": "ACI"}), {"legal_status": "SENTENCED", "release_within_weeks": "26"}),
        ("get", reverse("my_caseloads"), None),
        ("post", reverse("people_search"), {"query": "Number"}),
    ]
    _crowd(5)
    few = [_queries(client, url, method, data) for method, url, data in urls]
    _crowd(60)  # the first 5 again (duplicates) and 55 more
    many = [_queries(client, url, method, data) for method, url, data in urls]
    assert few == many


def test_my_caseloads_counts_people_in_each_prison(client_for: Any, people: None) -> None:
    page = client_for(Role.TTG_CASEWORKER).get(reverse("my_caseloads")).content.decode()
    assert "HMP Altcourse" in page and "HMP Liverpool" in page and "HMP Styal" not in page
    counts = re.findall(r'govuk-table__cell--numeric">(\d+)</td>', page)
    assert counts == ["3", "0"]  # Altcourse, Liverpool
    officer = client_for(Role.PRISON_OFFICER).get(reverse("my_caseloads")).content.decode()
    assert "HMP Altcourse" in officer and "HMP Liverpool" not in officer


# --- the custody record's links to the rest of the record (issue 16) ------------------------------------


def _record_links(page: str) -> dict[str, str]:
    """Text -> address of the links under the record's "Resettlement" heading."""
    part = page[page.index(">Resettlement</h2>") :]
    part = part[: part.index("</ul>")]
    return {text: href for href, text in re.findall(r'<a class="govuk-link[^"]*" href="([^"]+)">([^<]+)</a>', part)}


RECORD_LINKS: dict[str, list[str]] = {
    Role.PRISON_OFFICER: [
        "Screening: BCST1, BCST2 and immediate needs",
        "Resettlement plan",
        "Handover to the responsible officer",
        "Accuracy disputes",
    ],
    Role.GOVERNOR: [
        "Screening: BCST1, BCST2 and immediate needs",
        "Resettlement plan",
        "Handover to the responsible officer",
        "Accuracy disputes",
    ],
    Role.TTG_CASEWORKER: [
        "Screening: BCST1, BCST2 and immediate needs",
        "Resettlement plan",
        "Handover to the responsible officer",
        "Referrals to partner organisations",
        "Accuracy disputes",
    ],
    Role.CRC_MANAGER: [
        "Screening: BCST1, BCST2 and immediate needs",
        "Resettlement plan",
        "Handover to the responsible officer",
        "Referrals to partner organisations",
        "Accuracy disputes",
    ],
}


@pytest.mark.parametrize("role", list(RECORD_LINKS), ids=str)
def test_the_record_links_to_each_part_the_role_may_open(role: str, client_for: Any, personas: dict[str, Any]) -> None:
    from tests.access_matrix import MATRIX_PRISON_NUMBER, _handover

    handover = _handover(personas)  # screened, planned, agreed and handed over to the responsible officer
    client = client_for(role)
    links = _record_links(client.get(reverse("person_detail", kwargs={"prison_number": MATRIX_PRISON_NUMBER})).content.decode())
    assert list(links) == RECORD_LINKS[role]
    assert links["Handover to the responsible officer"] == reverse("handover_summary", args=[handover.pk])
    assert {text: client.get(href).status_code for text, href in links.items()} == dict.fromkeys(links, 200)


def test_without_a_plan_the_record_has_no_handover_link(client_for: Any, people: None) -> None:
    page = client_for(Role.TTG_CASEWORKER).get(reverse("person_detail", kwargs={"prison_number": "A1234BC"})).content.decode()
    assert list(_record_links(page)) == [
        "Screening: BCST1, BCST2 and immediate needs",
        "Resettlement plan",
        "Referrals to partner organisations",
        "Accuracy disputes",
    ]


def test_the_persons_referrals_are_theirs_only(client_for: Any, personas: dict[str, Any]) -> None:
    from tests.access_matrix import MATRIX_PRISON_NUMBER, _referral

    referral_pk = _referral(personas)["pk"]
    page = client_for(Role.CRC_MANAGER).get(reverse("person_referrals", args=[MATRIX_PRISON_NUMBER])).content.decode()
    assert reverse("referral_detail", args=[referral_pk]) in page
    feed(reception("r-9", "A9999AA", "ACI", "Nobody", "Referred"))
    other = client_for(Role.CRC_MANAGER).get(reverse("person_referrals", args=["A9999AA"])).content.decode()
    assert reverse("referral_detail", args=[referral_pk]) not in other
    assert "No referrals from this person's resettlement plan yet." in other


def test_the_custody_timeline_is_welsh_for_a_welsh_reader(client_for: Any, people: None) -> None:
    feed("t-1,TRANSFER,2019-06-20T08:30:00+01:00,A1234BC,,ACI,LPI,,,,,,,,,,,")
    client = client_for(Role.TTG_CASEWORKER)
    client.cookies["django_language"] = "cy"
    page = html.unescape(client.get(reverse("person_detail", kwargs={"prison_number": "A1234BC"})).content.decode())
    titles = re.findall(r'<h3 class="moj-timeline__title">([^<]+)</h3>', page)
    assert titles == ["Wedi’i drosglwyddo", "Wedi’i dderbyn i’r ddalfa"]
    assert "Wedi’i drosglwyddo o HMP Altcourse i HMP Liverpool." in page
    assert "Dyddiad rhyddhau disgwyliedig: 26 Medi 2019." in page
    assert "Transferred from" not in page
