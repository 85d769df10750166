"""Budgets and allocations set by contract managers (issue 7 part 4): the services (run on SQLite
and PostgreSQL), the pages through check your answers, and the API."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.estate.models import CRC, NPSDivision
from ttg.payments import services_funding
from ttg.payments.constants import BudgetKind
from ttg.payments.models import Allocation, Budget, Purchase
from ttg.payments.services import PaymentRefused

YEAR = date(2020, 4, 1)


@pytest.fixture
def manager(personas: dict[str, Any]) -> Any:
    """samuel.adeyemi: manages Merseyside and Cheshire & Greater Manchester."""
    return personas[Role.CONTRACT_MANAGER]


@pytest.fixture
def merseyside(db: Any) -> CRC:
    return CRC.objects.get(code="MERSEYSIDE")


@pytest.fixture
def cheshire(db: Any) -> CRC:
    return CRC.objects.get(code="CHESHIRE_GM")


@pytest.fixture
def unmanaged(manager: Any) -> CRC:
    return CRC.objects.exclude(pk__in=manager.managed_crcs.values("pk")).order_by("code").first()  # type: ignore[return-value]


@pytest.fixture
def budget(manager: Any) -> Budget:
    return services_funding.add_budget(
        name="Enhanced 2020–21", kind=BudgetKind.ENHANCED, year_starting=YEAR, amount_pence=100_000, by=manager
    )


# --- services -------------------------------------------------------------------------------------


def test_adding_a_budget_is_audited(budget: Budget, manager: Any) -> None:
    assert (budget.amount_pence, budget.year_starting, budget.allocations.count()) == (100_000, YEAR, 0)
    event = AuditEvent.objects.get(action="payments.budget.add", object_id=str(budget.pk))
    assert event.actor_username == manager.username


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"year_starting": date(2020, 1, 1)}, "year"),
        ({"name": "  "}, "name"),
        ({"kind": "other"}, "kind"),
        ({"amount_pence": 0}, "amount"),
    ],
)
def test_a_bad_budget_is_refused_naming_the_field(manager: Any, changes: dict[str, Any], field: str) -> None:
    kwargs: dict[str, Any] = {"name": "B", "kind": BudgetKind.RATE_CARD, "year_starting": YEAR, "amount_pence": 100, "by": manager}
    with pytest.raises(PaymentRefused) as refused:
        services_funding.add_budget(**{**kwargs, **changes})
    assert refused.value.field == field
    assert not Budget.objects.filter(name="B").exists()


def test_the_same_budget_twice_is_refused_once_made(budget: Budget, manager: Any) -> None:
    with pytest.raises(PaymentRefused) as refused:
        services_funding.add_budget(name=budget.name, kind=budget.kind, year_starting=YEAR, amount_pence=5, by=manager)
    assert refused.value.field == "name"
    assert Budget.objects.filter(name=budget.name).count() == 1


def test_allocations_may_fill_the_budget_exactly_but_not_a_penny_more(budget: Budget, manager: Any, merseyside: CRC, cheshire: CRC) -> None:
    services_funding.set_allocation(budget=budget, holder=merseyside, amount_pence=60_000, by=manager)
    with pytest.raises(PaymentRefused) as refused:
        services_funding.set_allocation(budget=budget, holder=cheshire, amount_pence=40_001, by=manager)
    assert refused.value.field == "amount" and "R-F4a" in refused.value.reasons[0]
    assert not Allocation.objects.filter(budget=budget, crc=cheshire).exists()
    services_funding.set_allocation(budget=budget, holder=cheshire, amount_pence=40_000, by=manager)
    assert sum(budget.allocations.values_list("amount_pence", flat=True)) == 100_000


def test_changing_an_allocation_counts_the_others_not_itself(budget: Budget, manager: Any, merseyside: CRC) -> None:
    services_funding.set_allocation(budget=budget, holder=merseyside, amount_pence=90_000, by=manager)
    changed = services_funding.set_allocation(budget=budget, holder=merseyside, amount_pence=100_000, by=manager)
    assert changed.amount_pence == 100_000 and budget.allocations.count() == 1
    actions = list(AuditEvent.objects.filter(object_type="payments.Allocation").order_by("pk").values_list("action", flat=True))
    assert actions == ["payments.allocation.add", "payments.allocation.change"]
    event = AuditEvent.objects.filter(action="payments.allocation.change").get()
    assert event.before == {"amount_pence": 90_000} and event.after == {"amount_pence": 100_000}
    assert event.scope_crc_id == merseyside.pk


def test_setting_the_same_amount_again_changes_and_records_nothing(budget: Budget, manager: Any, merseyside: CRC) -> None:
    services_funding.set_allocation(budget=budget, holder=merseyside, amount_pence=5_000, by=manager)
    services_funding.set_allocation(budget=budget, holder=merseyside, amount_pence=5_000, by=manager)
    assert AuditEvent.objects.filter(object_type="payments.Allocation").count() == 1


def test_holders_must_fit_the_kind_and_the_managers_crcs(budget: Budget, manager: Any, unmanaged: CRC) -> None:
    division = NPSDivision.objects.order_by("code").first()
    with pytest.raises(PaymentRefused) as wrong_kind:
        services_funding.set_allocation(budget=budget, holder=division, amount_pence=1, by=manager)
    assert wrong_kind.value.field == "holder"
    with pytest.raises(PaymentRefused) as not_managed:
        services_funding.set_allocation(budget=budget, holder=unmanaged, amount_pence=1, by=manager)
    assert not_managed.value.field == "holder"
    assert not budget.allocations.exists()


def test_an_allocation_is_lowered_to_exactly_what_is_committed_never_below(purchase: Purchase, manager: Any) -> None:
    """The purchase (3 sessions at £95.00) committed £285.00 of the officer's division's 2019–20 allocation."""
    allocation = purchase.allocation
    with pytest.raises(PaymentRefused) as refused:
        services_funding.set_allocation(budget=allocation.budget, holder=allocation.nps_division, amount_pence=28_499, by=manager)
    assert refused.value.field == "amount" and "£285.00" in refused.value.reasons[0]
    allocation.refresh_from_db()
    assert allocation.amount_pence == 25_000_000
    services_funding.set_allocation(budget=allocation.budget, holder=allocation.nps_division, amount_pence=28_500, by=manager)
    allocation.refresh_from_db()
    assert allocation.amount_pence == 28_500


def test_only_contract_managers_set_allocations(budget: Budget, personas: Any, merseyside: CRC) -> None:
    with pytest.raises(PaymentRefused):
        services_funding.set_allocation(budget=budget, holder=merseyside, amount_pence=1, by=personas[Role.CRC_MANAGER])


# --- pages ----------------------------------------------------------------------------------------


def test_a_contract_manager_adds_a_budget_through_check_answers(client_for: Any) -> None:
    client = client_for(Role.CONTRACT_MANAGER)
    assert "Add a budget" in client.get(reverse("payments_budgets")).content.decode()
    bad = client.post(
        reverse("payments_budget_new"), {"kind": "rate_card", "year": "2020", "name": "Rate card 2020–21", "amount": "12.345"}
    )
    page = bad.content.decode()
    assert bad.status_code == 200 and "There is a problem" in page
    assert 'href="#id_amount"' in page and "The budget&#39;s total must be an amount in pounds and pence" in page
    assert "Rate card 2020–21" in page  # nothing typed is lost
    done = client.post(
        reverse("payments_budget_new"), {"kind": "rate_card", "year": "2020", "name": "Rate card 2020–21", "amount": "£1,000,000.01"}
    )
    assert done["Location"] == reverse("payments_budget_new_check")
    check = client.get(done["Location"]).content.decode()
    assert "£1,000,000.01" in check and "2020 to 2021" in check and not Budget.objects.filter(name="Rate card 2020–21").exists()
    added = client.post(reverse("payments_budget_new_check"))
    made = Budget.objects.get(name="Rate card 2020–21")
    assert made.amount_pence == 100_000_001 and made.year_starting == YEAR
    assert added["Location"] == reverse("payments_budget", kwargs={"pk": made.pk})
    # Sending the check page again adds nothing: the answers are gone.
    assert client.post(reverse("payments_budget_new_check"))["Location"] == reverse("payments_budget_new")
    assert Budget.objects.filter(name="Rate card 2020–21").count() == 1


def test_a_duplicate_budget_comes_back_to_the_form_on_the_name(client_for: Any, budget: Budget) -> None:
    client = client_for(Role.CONTRACT_MANAGER)
    client.post(reverse("payments_budget_new"), {"kind": budget.kind, "year": "2020", "name": budget.name, "amount": "5"})
    page = client.post(reverse("payments_budget_new_check")).content.decode()
    assert 'href="#id_name"' in page and "There is already a budget called" in page


def test_a_contract_manager_sets_an_allocation_through_check_answers(client_for: Any, budget: Budget, merseyside: CRC) -> None:
    client = client_for(Role.CONTRACT_MANAGER)
    detail = client.get(reverse("payments_budget", kwargs={"pk": budget.pk})).content.decode()
    assert "Merseyside" in detail and "Not allocated" in detail
    url = reverse("payments_budget_allocation", kwargs={"pk": budget.pk})
    over = client.post(url, {"holder": "crc:MERSEYSIDE", "amount": "1000.01"})
    assert over["Location"] == reverse("payments_budget_allocation_check", kwargs={"pk": budget.pk})
    check = client.get(over["Location"]).content.decode()
    assert "£1,000.01" in check and "it will be refused" in check
    refused = client.post(over["Location"]).content.decode()
    assert 'href="#id_amount"' in refused and "£1,000.01 is more than the £1,000.00" in refused
    assert not Allocation.objects.filter(budget=budget).exists()
    client.post(url, {"holder": "crc:MERSEYSIDE", "amount": "1000"})
    client.post(reverse("payments_budget_allocation_check", kwargs={"pk": budget.pk}))
    assert Allocation.objects.get(budget=budget, crc=merseyside).amount_pence == 100_000


def test_the_allocation_form_names_its_fields(client_for: Any, budget: Budget) -> None:
    client = client_for(Role.CONTRACT_MANAGER)
    page = client.post(
        reverse("payments_budget_allocation", kwargs={"pk": budget.pk}), {"holder": "crc:NOPE", "amount": "x"}
    ).content.decode()
    assert 'href="#id_holder"' in page and "Select who the allocation is for" in page
    assert 'href="#id_amount"' in page and "The allocation must be an amount in pounds and pence" in page


def test_a_crc_manager_cannot_reach_the_budget_pages(client_for: Any, budget: Budget) -> None:
    client = client_for(Role.CRC_MANAGER)
    assert client.get(reverse("payments_budgets")).status_code == 403
    assert client.get(reverse("payments_budget", kwargs={"pk": budget.pk})).status_code == 403
    assert client.post(reverse("payments_budget_new"), {"kind": "rate_card"}).status_code == 403


def test_a_budget_that_does_not_exist_is_404(client_for: Any) -> None:
    assert client_for(Role.CONTRACT_MANAGER).get(reverse("payments_budget", kwargs={"pk": 999_999})).status_code == 404


def test_the_funding_page_links_to_budgets_for_contract_managers_only(client_for: Any) -> None:
    link = reverse("payments_budgets")
    assert link in client_for(Role.CONTRACT_MANAGER).get(reverse("payments_funding")).content.decode()
    assert link not in client_for(Role.ANALYST).get(reverse("payments_funding")).content.decode()


# --- API ------------------------------------------------------------------------------------------


def test_the_api_adds_a_budget_and_sets_allocations(client_for: Any, cheshire: CRC, unmanaged: CRC) -> None:
    client = client_for(Role.CONTRACT_MANAGER)
    made = client.post(
        reverse("api_budgets"),
        {"kind": "enhanced_specification", "year": 2020, "name": "API budget", "amount_pence": 5_000},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["amount_pence"] == 5_000 and body["unallocated_pence"] == 5_000
    assert {a["holder"] for a in body["allocations"]} == {"crc:MERSEYSIDE", "crc:CHESHIRE_GM"}  # only the CRCs managed
    url = reverse("api_budget_allocation", kwargs={"pk": body["id"]})
    over = client.post(url, {"holder": "crc:CHESHIRE_GM", "amount_pence": 5_001}, content_type="application/json")
    assert over.status_code == 422 and over.json()["field"] == "amount"
    ok = client.post(url, {"holder": "crc:CHESHIRE_GM", "amount_pence": 5_000}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["allocated_pence"] == 5_000
    other = client.post(url, {"holder": f"crc:{unmanaged.code}", "amount_pence": 0}, content_type="application/json")
    assert other.status_code == 422 and other.json()["field"] == "holder"
    assert client.get(reverse("api_budgets")).json()[0]["name"] == "API budget"


def test_the_api_refuses_a_crc_manager(client_for: Any) -> None:
    assert client_for(Role.CRC_MANAGER).get(reverse("api_budgets")).status_code == 403
