"""The payments API: buying, delivery exactly once (201 then 200), refusals in words (422), claims."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework.test import APIClient

from ttg.accounts.constants import Role
from ttg.payments.models import Claim, Delivery, Purchase


def api(personas: dict[str, Any], role: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(personas[role])
    return client


def test_buy_deliver_claim_approve_pay(personas: dict[str, Any], leaving: Any, sessions: Any) -> None:
    officer = api(personas, Role.RESPONSIBLE_OFFICER)
    bought = officer.post(reverse("api_purchase_buy"), {"prison_number": "B1000PY", "item": sessions.pk, "units": 2}, format="json")
    assert bought.status_code == 201, bought.json()
    body = bought.json()
    assert (body["units_authorised"], body["value_authorised_pence"], body["provider_organisation"]) == (2, 19000, "Mersey Women's Centre")
    partner = api(personas, Role.PARTNER_CASEWORKER)
    url = reverse("api_deliveries", kwargs={"reference": body["reference"]})
    delivery = {"source_key": "referrals.session:7", "units": 1, "delivered_on": "2019-09-02"}
    assert partner.post(url, delivery, format="json").status_code == 201
    again = partner.post(url, delivery, format="json")
    assert again.status_code == 200 and again.json()["created"] is False
    assert Delivery.objects.count() == 1
    too_many = partner.post(url, {"source_key": "referrals.session:8", "units": 2, "delivered_on": "2019-09-02"}, format="json")
    assert too_many.status_code == 422
    assert too_many.json()["field"] == "units"
    assert too_many.json()["reasons"][0].startswith("Only 1 of the 2 units authorised are left")
    claim = Claim.objects.get(claimant_crc__isnull=False)
    manager = api(personas, Role.CRC_MANAGER)
    assert manager.post(reverse("api_claim_submit", kwargs={"pk": claim.pk})).json()["status"] == "submitted"
    assert officer.post(reverse("api_claim_approve", kwargs={"pk": claim.pk})).json()["status"] == "approved"
    paid = officer.post(
        reverse("api_claim_paid", kwargs={"pk": claim.pk}), {"paid_on": "2019-09-02", "payment_reference": "BACS-1"}, format="json"
    )
    assert paid.status_code == 200 and paid.json()["status"] == "paid"
    detail = officer.get(reverse("api_claim", kwargs={"pk": claim.pk})).json()
    assert detail["total_pence"] == sum(line["amount_pence"] for line in detail["lines"]) == 9500


def test_refused_purchase_gives_the_reason(personas: dict[str, Any], at_altcourse: Any, sessions: Any) -> None:
    response = api(personas, Role.RESPONSIBLE_OFFICER).post(
        reverse("api_purchase_buy"), {"prison_number": "B2000PY", "item": sessions.pk, "units": 1}, format="json"
    )
    assert response.status_code == 422
    assert "is a resettlement prison" in response.json()["detail"]
    assert not Purchase.objects.exists()


def test_spend_and_aged_debt(personas: dict[str, Any]) -> None:
    from ttg.payments.demo import load_purchases

    load_purchases(personas)
    manager = api(personas, Role.CONTRACT_MANAGER)
    spend = manager.get(reverse("api_spend")).json()
    north_west = next(r for r in spend if r["holder"] == "NW")
    assert north_west["allocated_pence"] == 25_000_000
    assert north_west["committed_pence"] == 12 * 9500 + 35000
    assert north_west["claimed_pence"] == 7 * 9500 + 35000
    assert north_west["paid_pence"] == 3 * 9500
    merseyside = next(r for r in spend if r["holder"] == "MERSEYSIDE")
    assert merseyside["allocated_pence"] == 104_761_905  # £22m shared between the 21 CRCs, to the penny
    debt = manager.get(reverse("api_aged_debt")).json()
    assert [(r["band"], r["escalated"]) for r in debt][:2] == [("61–90 days", True), ("61–90 days", True)]
