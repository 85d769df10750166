"""The compliance pages, export and API over the small world with known answers (world.py): the numbers
on them are the hand counts; a contract manager sees case references, a CRC manager names; the query
count of every page stays the same when cases are added. The world is made once for the module."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import persona_users
from tests.test_words_for_people import problems
from ttg.accounts.constants import Role
from ttg.accounts.models import User
from ttg.compliance import rules
from ttg.compliance.models import Counting, MonthlyCount
from ttg.compliance.services import count_figures
from ttg.compliance.tests import world as w
from ttg.core.models import AuditEvent
from ttg.people.identity import case_reference
from ttg.people.importer import import_feed


@pytest.fixture(scope="module")
def made(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True  # type: ignore[attr-defined]  # as Django's TestCase marks its own
        atomic.__enter__()
        try:
            personas = persona_users()
            world = w.build(personas)
            manager = personas[Role.CONTRACT_MANAGER]
            manager.managed_crcs.add(world.crc)
            crc_manager = User.objects.create(username="compliance.crc.manager", role=Role.CRC_MANAGER, crc=world.crc)
            count_figures()  # the pages read the figures as counted
            yield {"world": world, "cm": manager, "crc_manager": crc_manager}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_prison_page_has_big_numbers_with_sentences_charts_and_tables(made: dict[str, Any], db: Any) -> None:
    page = _text(_client(made["cm"]).get(reverse("compliance_prison", args=["TAA"])))
    # BCST1 at TAA over September 2018 to August 2019: 2 of 8 (July's 2 of 4; January, February, March none of 4).
    assert "25%" in page
    assert "2 of 8 people received at HMP Test Alpha from September 2018 to August 2019 had their BCST1 within 72 hours." in page
    # Handover before release: June's 1 of 1 and August's 0 of 2.
    assert "1 of 3 people released at HMP Test Alpha from September 2018 to August 2019 were handed over before release." in page
    # Every chart has its title and description, and is followed by its table; months link to their cases.
    assert problems(page) == []
    n = len(rules.CRC_FIGURES)
    assert page.count('<svg class="ttg-chart"') == n and page.count("<title id=") == n and page.count("<desc id=") == n
    assert page.index('id="chart-bcst1-title"') < page.index("BCST1 within 72 hours by month")
    assert reverse("compliance_cases", args=["TAA", "bcst1", "2019-07"]) in page
    # An empty month reads as none counted, not 0%.
    june = page[page.index("BCST1 within 72 hours by month") :]
    assert re.search(r"June 2019</th> <td[^>]*>0</td> <td[^>]*>0</td> <td[^>]*>None counted</td>", june)


def test_the_crc_page_sums_its_prisons(made: dict[str, Any], db: Any) -> None:
    page = _text(_client(made["cm"]).get(reverse("compliance_crc", args=[w.CRC_CODE])))
    # Pre-release reviews: TAA June 1 of 1 and August 0 of 2, TBB August 1 of 1.
    assert (
        "2 of 4 people released at the prisons Test Compliance CRC serves from September 2018 to August 2019 had their pre-release review completed"
        in page
    )
    # Weakest first: both have a figure at 0% (TAA safe accommodation, TBB bank accounts); TAA's average is lower.
    assert page.index(reverse("compliance_prison", args=["TAA"])) < page.index(reverse("compliance_prison", args=["TBB"]))
    assert problems(page) == []
    assert reverse("compliance_crc_export", args=[w.CRC_CODE, "xlsx"]) in page


def test_the_cases_behind_a_count_are_case_references_for_a_contract_manager(made: dict[str, Any], db: Any) -> None:
    world = made["world"]
    before = AuditEvent.objects.filter(actor=made["cm"], action="people.person.view").count()
    page = _text(_client(made["cm"]).get(reverse("compliance_cases", args=["TAA", "bcst1", "2019-07"])))
    for number in (w.P1, w.P2, w.P3, w.P4):
        assert case_reference(world.periods[number].person) in page
        assert number not in page
    assert "Ayla" not in page and "Bram" not in page
    assert "4 counted as the records stand now; those not met first." in page
    assert problems(page) == []
    # Those not met first: P2 and P3 before P1 and P4.
    rows = re.findall(r'<th scope="row" class="govuk-table__header">(C-[^<]+)</th>', page)
    refs = {case_reference(world.periods[n].person): n for n in (w.P1, w.P2, w.P3, w.P4)}
    assert [refs[r] for r in rows] == [w.P2, w.P3, w.P1, w.P4]
    assert AuditEvent.objects.filter(actor=made["cm"], action="people.person.view").count() == before + 4


def test_a_crc_manager_sees_names_and_only_their_own_crc(made: dict[str, Any], personas: dict[str, Any], db: Any) -> None:
    client = _client(made["crc_manager"])
    page = _text(client.get(reverse("compliance_cases", args=["TAA", "activities", "2019-07"])))
    assert "Ayla Compliance (T1001AA)" in page and "Open a bank account" in page
    assert client.get(reverse("compliance_crc", args=["MERSEYSIDE"])).status_code == 404
    assert client.get(reverse("compliance_prison", args=["TNN"])).status_code == 404
    overview = _text(client.get(reverse("compliance_overview")))
    assert "Test Compliance CRC" in overview and "Merseyside CRC" not in overview and "Non-resettlement prisons" not in overview
    # The needs behind "Immediate needs with a plan activity": P1's health need and P2's need not met, first.
    needs = _text(client.get(reverse("compliance_cases", args=["TAA", "needs-activity", "2019-07"])))
    assert "3 counted as the records stand now; those not met first." in needs
    assert needs.index("Bram Compliance") < needs.rindex("Ayla Compliance")
    # The new figures drill down the same way: BCST2's needs (P1's accommodation and P2's ETE not met, first),
    # reviews started on time (P5 late, P6 none), a bank account after release (P6 none first, then P5's yes).
    found = _text(client.get(reverse("compliance_cases", args=["TAA", "bcst2-needs-activity", "2019-07"])))
    assert "4 counted as the records stand now; those not met first." in found and "Need found by BCST2" in found
    assert found.index("Bram Compliance") < found.rindex("Dara Compliance")
    started = _text(client.get(reverse("compliance_cases", args=["TAA", "review-started", "2019-08"])))
    assert "2 counted as the records stand now; those not met first." in started and started.index("Esme Compliance") < started.index(
        "Finn Compliance"
    )
    bank = _text(client.get(reverse("compliance_cases", args=["TAA", "bank-after", "2019-08"])))
    assert "2 counted as the records stand now; those not met first." in bank and bank.index("Finn Compliance") < bank.index(
        "Esme Compliance"
    )


def test_the_overview_puts_the_weakest_first_and_has_the_national_figure(made: dict[str, Any], db: Any) -> None:
    page = _text(_client(made["cm"]).get(reverse("compliance_overview")))
    assert "Non-resettlement prisons" in page
    assert problems(page) == []
    assert "1 of 2 people released at the non-resettlement prisons from September 2018 to August 2019 had no service." in page
    assert re.search(r"HMP Test November</a></th> <td[^>]*>2</td> <td[^>]*>1</td> <td[^>]*>50%</td>", page)
    crcs = re.findall(r'href="/compliance/crcs/([A-Z_]+)/"', page)
    assert set(crcs) == {"MERSEYSIDE", "CHESHIRE_GM", w.CRC_CODE}


def test_the_export_and_the_api_give_the_same_counts(made: dict[str, Any], db: Any) -> None:
    client = _client(made["cm"])
    csv = client.get(reverse("compliance_crc_export", args=[w.CRC_CODE, "csv"])).content.decode("utf-8-sig")
    assert "BCST1 within 72 hours,HMP Test Alpha,2019-07,2,4,50,,," in csv
    assert "Activities delivered,HMP Test Alpha,2019-07,1,2,50,1,0," in csv
    xlsx = client.get(reverse("compliance_crc_export", args=[w.CRC_CODE, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK" and "compliance-test_compliance.xlsx" in xlsx["Content-Disposition"]
    data = json.loads(client.get(reverse("api_compliance_crc", args=[w.CRC_CODE])).content)
    figures = {f["key"]: f for f in data["figures"]}
    assert figures["bcst1"]["summary"]["met"] == 2 and figures["bcst1"]["summary"]["counted"] == 8
    july = next(m for m in figures["activities"]["months"] if m["month"] == "2019-07")
    assert july == {"month": "2019-07", "met": 2, "counted": 3, "per_cent": 67, "parts": {"signposted": 1, "declined": 0}}
    prison = json.loads(client.get(reverse("api_compliance_prison", args=["TNN"])).content)
    assert [f["key"] for f in prison["figures"]] == ["no-service"]
    glances = json.loads(client.get(reverse("api_compliance_crcs")).content)
    assert w.CRC_CODE in {g["code"] for g in glances}


def test_the_query_count_does_not_grow_with_the_cases(made: dict[str, Any], db: Any) -> None:
    client = _client(made["cm"])
    urls = [
        reverse("compliance_overview"),
        reverse("compliance_crc", args=[w.CRC_CODE]),
        reverse("compliance_prison", args=["TAA"]),
        reverse("compliance_cases", args=["TAA", "bcst1", "2019-07"]),
        reverse("compliance_crc_export", args=[w.CRC_CODE, "csv"]),
        reverse("api_compliance_crc", args=[w.CRC_CODE]),
        reverse("home"),
    ]

    def queries() -> list[int]:
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    before = queries()
    more = "".join(w._reception(f"T3{n:03d}AA", "TAA", date(2019, 7, 10 + n), date(2020, 6, 1), f"More{n}") for n in range(6))
    import_feed(io.BytesIO((w.HEADER + more).encode()), source="more", kind="csv")
    # The pages read the figures as last counted: the new people count once the figures are counted again.
    assert "2 of 8 people received at HMP Test Alpha" in _text(client.get(reverse("compliance_prison", args=["TAA"])))
    count_figures()
    page = _text(client.get(reverse("compliance_prison", args=["TAA"])))
    assert "2 of 14 people received at HMP Test Alpha" in page
    assert queries() == before


def test_the_pages_say_when_the_figures_were_counted_and_when_they_have_not_been(made: dict[str, Any], db: Any) -> None:
    client = _client(made["cm"])
    page = _text(client.get(reverse("compliance_crc", args=[w.CRC_CODE])))
    assert "Counted from the records at 9:30am on 2 September 2019." in page
    assert json.loads(client.get(reverse("api_compliance_crc", args=[w.CRC_CODE])).content)["counted_at"].startswith("2019-09-02T")
    Counting.objects.all().delete()
    MonthlyCount.objects.all().delete()
    for url in (reverse("compliance_overview"), reverse("compliance_prison", args=["TAA"])):
        page = _text(client.get(url))
        assert "These figures have not been counted yet." in page and "None counted" in page
    assert "2 of 8 people received" not in page


def test_the_figures_are_welsh_on_a_welsh_page_and_english_in_the_api(made: dict[str, Any], db: Any) -> None:
    """Issue 22: the figures' titles, definitions and sentences follow the reader's language; the API stays English."""
    client = _client(made["cm"])
    client.cookies["django_language"] = "cy"
    page = _text(client.get(reverse("compliance_prison", args=["TAA"])))
    assert "Roedd 2 o’r 8 o bobl a dderbyniwyd yn CEF Test Alpha" not in page  # prison names are not translated
    assert "Roedd 2 o’r 8 o bobl a dderbyniwyd yn HMP Test Alpha o fis Medi 2018 i fis Awst 2019 wedi cael eu BCST1 o fewn 72 awr." in page
    assert "BCST1 o fewn 72 awr" in page and "had their BCST1" not in page
    crc = _text(client.get(reverse("compliance_crc", args=[w.CRC_CODE])))
    assert "yn y carchardai y mae" in crc and "Wedi’u cyfeirio" in crc
    data = json.loads(client.get(reverse("api_compliance_crc", args=[w.CRC_CODE])).content)
    figures = {f["key"]: f for f in data["figures"]}
    assert figures["bcst1"]["title"] == "BCST1 within 72 hours"
    assert figures["bcst1"]["summary"]["sentence"].startswith("2 of 8 people received at the prisons ")
    assert data["summary_months"] == "from September 2018 to August 2019"
