"""Issue 17, enumeration and unbounded commitment: buying needs a case the buyer holds (R-F2a), a
refusal never says whether a person exists, and one request commits at most TTG_PURCHASE_MAX_UNITS
units and TTG_PURCHASE_MAX_VALUE_PENCE (R-F4c, R-F4d)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from ttg.accounts.constants import Role
from ttg.accounts.models import User
from ttg.core.models import AuditEvent
from ttg.estate.models import NPSDivision
from ttg.payments import services
from ttg.payments.constants import PurchaserKind
from ttg.payments.models import Allocation, Budget, Purchase, Variation
from ttg.payments.services import PaymentRefused
from ttg.people.models import ProbationCase

from .conftest import allocate, feed, period_of, reception


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def not_mine(personas: dict[str, Any]) -> Any:
    """A woman at HMP New Hall whose case another responsible officer of the same division holds."""
    feed(reception("nm1", "B3000PY", prison="NHI"))
    other = User.objects.create_user(
        username="ro.other", password="x" * 20, role=Role.RESPONSIBLE_OFFICER, nps_division=NPSDivision.objects.get(code="NW")
    )
    return allocate(period_of("B3000PY"), other)


@pytest.fixture
def no_case(personas: dict[str, Any]) -> Any:
    """A woman at HMP New Hall whose case nobody holds."""
    feed(reception("nc1", "B4000PY", prison="NHI"))
    return period_of("B4000PY")


def _buy(user: Any, number: str, item: Any, **extra: Any) -> Any:
    return api(user).post(reverse("api_purchase_buy"), {"prison_number": number, "item": item.pk, "units": 1, **extra}, format="json")


def test_the_api_answers_the_same_for_nobody_and_someone_elses_case(
    personas: dict[str, Any], not_mine: Any, no_case: Any, sessions: Any
) -> None:
    officer = personas[Role.RESPONSIBLE_OFFICER]
    answers = [_buy(officer, number, sessions) for number in ("B3000PY", "B4000PY", "Z9999ZZ")]
    assert {a.status_code for a in answers} == {422}
    bodies = [a.json() for a in answers]
    assert bodies[0] == bodies[1] == bodies[2]
    assert bodies[0]["field"] == "prison_number" and "You hold no case with this prison number" in bodies[0]["detail"]
    assert "New Hall" not in str(bodies[0]) and "B3000PY" not in str(bodies[0])
    for division in ("individual", "division"):
        assert _buy(officer, "B3000PY", sessions, purchaser_kind=division).json() == bodies[0]
    assert not Purchase.objects.exists()


def test_the_buy_page_answers_the_same_for_nobody_and_someone_elses_case(
    client_for: Any, not_mine: Any, no_case: Any, sessions: Any
) -> None:
    client = client_for(Role.RESPONSIBLE_OFFICER)
    pages = []
    for number in ("B3000PY", "B4000PY", "Z9999ZZ"):
        page = client.post(
            reverse("payments_buy"), {"prison_number": number, "item": sessions.pk, "units": "1", "purchaser_kind": "individual"}
        )
        assert page.status_code == 200
        text = page.content.decode().replace(number, "NUMBER")
        pages.append(text[text.index("govuk-error-summary") :].split("</div>")[0])
        assert "You hold no case with this prison number" in text and "New Hall" not in text
    assert pages[0] == pages[1] == pages[2]
    assert client.get(reverse("payments_buy_check")).status_code == 302  # nothing was kept to check


def test_the_officer_holding_the_case_buys_and_the_purchase_names_the_case(personas: dict[str, Any], leaving: Any, sessions: Any) -> None:
    bought = _buy(personas[Role.RESPONSIBLE_OFFICER], "B1000PY", sessions)
    assert bought.status_code == 201, bought.json()
    event = AuditEvent.objects.get(action="payments.purchase.add")
    assert event.reason == "For the case held by David Jones, allocated by the NPS"


def test_a_national_purchase_needs_a_case_some_officer_holds(personas: dict[str, Any], no_case: Any, not_mine: Any, sessions: Any) -> None:
    manager = personas[Role.CONTRACT_MANAGER]
    Allocation.objects.get_or_create(
        budget=Budget.objects.get(kind="rate_card"), crc=None, nps_division=None, defaults={"amount_pence": 10_000_000}
    )
    refused = _buy(manager, "B4000PY", sessions, purchaser_kind="national")
    nobody = _buy(manager, "Z9999ZZ", sessions, purchaser_kind="national")
    assert refused.status_code == nobody.status_code == 422 and refused.json() == nobody.json()
    assert "No responsible officer holds a case with this prison number" in refused.json()["detail"]
    assert _buy(manager, "B3000PY", sessions, purchaser_kind="national").status_code == 201


def test_the_service_refuses_too_whatever_calls_it(personas: dict[str, Any], not_mine: Any, sessions: Any) -> None:
    with pytest.raises(PaymentRefused) as refused:
        services.make_purchase(by=personas[Role.RESPONSIBLE_OFFICER], custody_period=not_mine, item=sessions, units=1)
    assert refused.value.field == "prison_number" and "R-F2a" in refused.value.reasons[0]


def test_a_crc_buys_only_for_a_person_in_its_prisons(personas: dict[str, Any], at_altcourse: Any, no_case: Any, card: Any) -> None:
    partner_item = card.items.exclude(provider_organisation=None).first()
    manager = personas[Role.CRC_MANAGER]
    with pytest.raises(PaymentRefused, match="Your CRC holds no case with this prison number"):
        services.make_purchase(by=manager, custody_period=no_case, item=partner_item, units=1, purchaser_kind=PurchaserKind.CRC)


# --- what one request may commit --------------------------------------------------------------------


def test_one_request_commits_at_most_the_units_and_the_value_set(
    personas: dict[str, Any], leaving: Any, sessions: Any, settings: Any
) -> None:
    """The finding: £85,000 in one request. Now 100 units and £5,000.00 at most (settings, unsourced)."""
    officer = personas[Role.RESPONSIBLE_OFFICER]
    too_many = _buy(officer, "B1000PY", sessions, units=101)
    assert too_many.status_code == 422 and too_many.json()["field"] == "units"
    assert too_many.json()["detail"].startswith("101 units is more than one request may commit (100)")
    too_much = _buy(officer, "B1000PY", sessions, units=53)  # 53 × £95.00 = £5,035.00
    assert too_much.json()["detail"].startswith("£5,035.00 is more than one request may commit (£5,000.00)")
    assert _buy(officer, "B1000PY", sessions, units=52).status_code == 201  # £4,940.00
    settings.TTG_PURCHASE_MAX_UNITS = 2
    assert "more than one request may commit (2)" in _buy(officer, "B1000PY", sessions, units=3).json()["detail"]
    assert Purchase.objects.count() == 1


def test_a_request_for_more_units_is_bounded_the_same_way(personas: dict[str, Any], purchase: Purchase) -> None:
    partner = personas[Role.PARTNER_CASEWORKER]
    with pytest.raises(PaymentRefused) as refused:
        services.request_variation(purchase=purchase, extra_units=60, reason="Many more", by=partner)  # £5,700.00
    assert refused.value.field == "extra_units" and "more than one request may commit (£5,000.00)" in refused.value.reasons[0]
    assert not Variation.objects.exists()


def test_an_administrator_records_the_npss_allocation_of_a_case(personas: dict[str, Any], client_for: Any, no_case: Any) -> None:
    admin = client_for(Role.ADMINISTRATOR)
    officer = personas[Role.RESPONSIBLE_OFFICER]
    prisoner = personas[Role.PRISON_OFFICER]
    url = reverse("admin:people_probationcase_add")
    refused = admin.post(url, {"custody_period": no_case.pk, "officer": prisoner.pk})
    assert refused.status_code == 200 and "Choose an active responsible officer" in refused.content.decode()
    assert admin.post(url, {"custody_period": no_case.pk, "officer": officer.pk}).status_code == 302
    case = ProbationCase.objects.get(custody_period=no_case)
    assert (case.officer, case.source, case.recorded_by) == (officer, "allocated", personas[Role.ADMINISTRATOR])
    assert AuditEvent.objects.filter(action="people.probationcase.add", actor=personas[Role.ADMINISTRATOR]).exists()
