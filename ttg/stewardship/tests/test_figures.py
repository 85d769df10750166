"""Every stewardship figure equals a hand count over the small world of tests/world.py (its docstring
has the counts); scope; the query count does not grow with rows; the pages, exports and the API."""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from openpyxl import load_workbook

from conftest import persona_users
from ttg.core.models import AuditEvent
from ttg.stewardship import selectors, services
from ttg.stewardship.models import Benchmark

from . import world as world_module

pytestmark = pytest.mark.usefixtures("_hour_value")


@pytest.fixture(autouse=True)
def _hour_value() -> Iterator[None]:
    with override_settings(TTG_UNFUNDED_HOUR_VALUE_PENCE="2500"):
        yield


class World:
    """The world made once for the module, in a transaction rolled back at its end; each test's own
    transaction nests inside (as tests/test_access_matrix.py's RouteWorlds)."""

    def __init__(self, blocker: Any) -> None:
        self.blocker = blocker
        self.atomic: Any = None
        self.objects: dict[str, Any] = {}

    def open(self) -> dict[str, Any]:
        if self.atomic is None:
            with self.blocker.unblock():
                self.atomic = transaction.atomic()
                self.atomic._from_testcase = True
                self.atomic.__enter__()
                try:
                    persona_users()  # the demo base, made again if a transactional test on this worker emptied the tables
                    self.objects = world_module.build()
                    cm = self.objects["cm"]
                    services.set_benchmark(crc=self.objects["crc"], measure="voluntary_spend", percent=70, reason="Last year", by=cm)
                    services.set_benchmark(crc=self.objects["crc"], measure="voluntary_spend", percent=80, reason="Raised", by=cm)
                    services.set_benchmark(crc=self.objects["crc"], measure="specialist_activities", percent=40, reason="Strategy", by=cm)
                except BaseException:
                    self.close()
                    raise
        return self.objects

    def close(self) -> None:
        if self.atomic is not None:
            with self.blocker.unblock():
                transaction.set_rollback(True)
                self.atomic.__exit__(None, None, None)
            self.atomic = None


@pytest.fixture(scope="module")
def shared_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    made = World(django_db_blocker)
    yield made
    made.close()


@pytest.fixture
def w(shared_world: World, db: Any) -> dict[str, Any]:
    return shared_world.open()


@pytest.fixture(autouse=True)
def _open_world_first(request: pytest.FixtureRequest) -> None:
    """Before the test's own transaction opens."""
    if "w" in request.fixturenames:
        request.getfixturevalue("shared_world").open()


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_crc_figures_equal_the_hand_counts(w: dict[str, Any]) -> None:
    s = selectors.for_crc(w["cm"], "TEST_CRC")
    f = s.total.figures
    assert (f.spend_pence, f.organisations_pence, f.voluntary_pence, f.specialist_pence, f.in_house_pence) == (
        18_000,
        13_000,
        13_000,
        8_000,
        5_000,
    )
    assert (f.share("voluntary_spend"), f.share("specialist_spend")) == (Decimal("72.2"), Decimal("44.4"))
    assert (f.delivered, f.supply_chain_delivered, f.other_partner_delivered, f.in_house_delivered, f.named_delivered) == (5, 1, 1, 1, 2)
    assert (f.voluntary_delivered, f.specialist_delivered) == (2, 2)
    assert (f.in_house_share, f.supply_chain_share, f.share("voluntary_activities")) == (Decimal("20.0"), Decimal("20.0"), Decimal("40.0"))
    assert s.total.benchmarks == {"voluntary_spend": 80, "specialist_activities": 40}  # the latest of each
    assert s.total.verdict("voluntary_spend").value is False and s.total.verdict("specialist_activities").value is True
    assert s.total.below == ["voluntary_spend"]
    by_prison = {r.code: r.figures for r in s.rows}
    assert (by_prison["ZZA"].spend_pence, by_prison["ZZA"].voluntary_pence, by_prison["ZZA"].share("voluntary_spend")) == (
        10_000,
        8_000,
        Decimal("80.0"),
    )
    assert (by_prison["ZZB"].spend_pence, by_prison["ZZB"].voluntary_pence, by_prison["ZZB"].share("voluntary_spend")) == (
        8_000,
        5_000,
        Decimal("62.5"),
    )
    zza, zzb = by_prison["ZZA"], by_prison["ZZB"]
    assert (zza.delivered, zza.supply_chain_delivered, zza.in_house_delivered, zza.named_delivered, zza.voluntary_delivered) == (
        3,
        1,
        1,
        1,
        1,
    )
    assert (zzb.delivered, zzb.other_partner_delivered, zzb.in_house_delivered, zzb.named_delivered, zzb.specialist_delivered) == (
        2,
        1,
        0,
        1,
        1,
    )


def test_coverage_gaps_equal_the_hand_counts(w: dict[str, Any]) -> None:
    s = selectors.for_crc(w["cm"], "TEST_CRC")
    rows = {(c.prison_code, c.pathway): (c.people_with_need, c.providers, c.gap) for c in s.coverage}
    assert rows == {
        ("ZZA", "accommodation"): (1, 1, False),
        ("ZZA", "ete"): (1, 0, True),
        ("ZZA", "finance"): (1, 0, True),  # its register row ended yesterday
        ("ZZA", "children_families"): (1, 0, True),  # another CRC's contract is not this CRC's supply chain
        ("ZZB", "accommodation"): (1, 0, True),
        ("ZZB", "ete"): (0, 1, False),
        ("ZZB", "health"): (1, 0, True),
    }
    assert len(s.gaps) == 5


def test_providers_equal_the_hand_counts(w: dict[str, Any]) -> None:
    s = selectors.for_crc(w["cm"], "TEST_CRC")
    found = {p.name: p for p in s.providers}
    assert list(found) == ["Test Women's Centre", "Test Housing Trust"]  # signalled first; the rejected claim's body not at all
    centre, housing = found["Test Women's Centre"], found["Test Housing Trust"]
    assert (centre.delivered_pence, centre.unpaid_pence, centre.aged_pence, centre.subsidy_pence, centre.at_risk) == (
        8_000,
        8_000,
        8_000,
        0,
        True,
    )
    assert (housing.delivered_pence, housing.paid_pence, housing.unpaid_pence, housing.unfunded_hours, housing.subsidy_pence) == (
        5_000,
        5_000,
        0,
        Decimal("1.00"),
        2_500,
    )
    assert housing.subsidy_share == Decimal("33.3") and not housing.at_risk
    assert (centre.unpaid_share, centre.aged_share, centre.subsidy_share) == (Decimal("100.0"), Decimal("100.0"), Decimal("0.0"))
    assert (housing.unpaid_share, housing.aged_share) == (Decimal("0.0"), Decimal("0.0"))


def test_the_national_and_prison_figures_and_scope(w: dict[str, Any]) -> None:
    national = selectors.national(w["cm"])
    assert [r.code for r in national.rows] == ["TEST_CRC"]  # the only CRC this contract manager manages
    assert national.total.figures.spend_pence == 18_000 and len(national.gaps) == 5
    prison = selectors.for_prison(w["cm"], "ZZB")
    assert (prison.total.figures.spend_pence, prison.total.figures.delivered, len(prison.gaps)) == (8_000, 2, 2)
    assert prison.total.benchmarks["voluntary_spend"] == 80  # its CRC's
    assert [r.code for r in selectors.national(w["manager"]).rows] == ["TEST_CRC"]
    analyst_codes = [r.code for r in selectors.national(_analyst()).rows]
    assert "TEST_CRC" in analyst_codes and "MERSEYSIDE" in analyst_codes
    other = _client(w["other_manager"])
    assert other.get(reverse("stewardship_crc", kwargs={"code": "TEST_CRC"})).status_code == 404
    assert other.get(reverse("stewardship_prison", kwargs={"code": "ZZA"})).status_code == 404
    assert other.get(reverse("api_stewardship_crc", kwargs={"code": "TEST_CRC"})).status_code == 404


def _analyst() -> Any:
    from ttg.accounts.models import User

    return User.objects.get(username="ruth.evans")


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_rows(w: dict[str, Any]) -> None:
    client = _client(w["cm"])
    urls = [
        reverse("stewardship"),
        reverse("stewardship_crc", kwargs={"code": "TEST_CRC"}),
        reverse("stewardship_prison", kwargs={"code": "ZZA"}),
    ]
    before = [_queries(client, u) for u in urls]
    more = world_module.build_more(w)
    assert more
    assert [_queries(client, u) for u in urls] == before


def test_the_pages_show_the_figures_without_names(w: dict[str, Any]) -> None:
    client = _client(w["cm"])
    page = client.get(reverse("stewardship_crc", kwargs={"code": "TEST_CRC"})).content.decode()
    assert "72.2%" in page and "44.4%" in page and "20.0%" in page
    assert "<svg" in page and "<title id=" in page and "Below" in page
    assert "Raised" in page and "Last year" in page  # the benchmarks' history
    assert "Set a benchmark" in page
    assert "£25.00 (33.3%)" in page  # the housing trust's unfunded hour, of its delivered work
    for period in w["periods"]:
        assert period.person.prison_number not in page and period.person.last_name not in page
    prison = client.get(reverse("stewardship_prison", kwargs={"code": "ZZB"})).content.decode()
    assert "62.5%" in prison and "Health" in prison
    manager = _client(w["manager"]).get(reverse("stewardship_crc", kwargs={"code": "TEST_CRC"})).content.decode()
    assert "72.2%" in manager and "Set a benchmark" not in manager


def test_the_exports(w: dict[str, Any]) -> None:
    client = _client(w["cm"])
    csv_text = client.get(reverse("stewardship_crc_export", kwargs={"code": "TEST_CRC", "fmt": "csv"})).content.decode("utf-8-sig")
    assert "TEST_CRC,Test CRC,18000,13000,13000,8000,5000,72.2,44.4,5,1,1,1,2,2,2,20.0,40.0,40.0,80,,,40" in csv_text
    assert "HMP Test A,Education, training and employment,1,0,Yes" in csv_text.replace('"', "")
    book = load_workbook(io.BytesIO(client.get(reverse("stewardship_export", kwargs={"fmt": "xlsx"})).content))
    assert book.sheetnames == ["Figures", "Coverage", "Providers"]
    assert [c.value for c in book["Figures"]["A"]][:3] == ["Code", None, "TEST_CRC"]
    assert client.get(reverse("stewardship_export", kwargs={"fmt": "pdf"})).status_code == 404


def test_the_api_has_the_same_figures(w: dict[str, Any]) -> None:
    client = _client(w["cm"])
    body = client.get(reverse("api_stewardship_crc", kwargs={"code": "TEST_CRC"})).json()
    assert body["total"]["spend_pence"] == 18_000 and body["total"]["voluntary_spend_share"] == "72.2"
    assert body["total"]["below_benchmark"] == ["voluntary_spend"]
    assert sum(c["gap"] for c in body["coverage"]) == 5
    assert [p["at_risk"] for p in body["providers"]] == [True, False]
    assert [p["subsidy_share"] for p in body["providers"]] == ["0.0", "33.3"]
    answer = client.post(
        reverse("api_stewardship_benchmark", kwargs={"code": "TEST_CRC"}),
        {"measure": "voluntary_spend", "percent": 70, "reason": "Agreed at the review"},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    refused = client.post(
        reverse("api_stewardship_benchmark", kwargs={"code": "TEST_CRC"}),
        {"measure": "voluntary_spend", "percent": 101, "reason": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert client.get(reverse("api_stewardship_crc", kwargs={"code": "TEST_CRC"})).json()["total"]["below_benchmark"] == []


def test_the_benchmark_form_and_check_answers(w: dict[str, Any]) -> None:
    client = _client(w["cm"])
    form = reverse("stewardship_benchmark", kwargs={"code": "TEST_CRC"})
    check = reverse("stewardship_benchmark_check", kwargs={"code": "TEST_CRC"})
    assert client.get(check).status_code == 302  # nothing to check yet
    errors = client.post(form, {"measure": "voluntary_spend", "percent": "140", "reason": ""}).content.decode()
    assert "There is a problem" in errors and "between 0 and 100" in errors and "Say what the benchmark is based on" in errors
    assert client.post(form, {"measure": "specialist_spend", "percent": "35", "reason": "The sector's share last year"}).status_code == 302
    page = client.get(check).content.decode()
    assert "35%" in page and "Share of spend reaching specialist organisations" in page and "Change" in page
    assert client.post(check).status_code == 302
    benchmark = Benchmark.objects.filter(crc=w["crc"]).order_by("-set_at", "-id").first()
    assert benchmark is not None
    assert (benchmark.measure, benchmark.percent, benchmark.set_by, benchmark.reason) == (
        "specialist_spend",
        35,
        w["cm"],
        "The sector's share last year",
    )
    event = AuditEvent.objects.filter(action="stewardship.benchmark.add", object_id=str(benchmark.pk)).get()
    assert event.actor_id == w["cm"].pk
    # A CRC the contract manager does not manage: not found; a CRC manager may not set one at all.
    assert client.get(reverse("stewardship_benchmark", kwargs={"code": "MERSEYSIDE"})).status_code == 404
    assert _client(w["manager"]).get(form).status_code == 403
