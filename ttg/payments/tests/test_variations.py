"""Variations (more units: the provider asks, the purchaser decides, the other side is told), the
national purchaser (HMPPS contract managers), and the escalation notification. Services at their
boundaries, the pages as each side uses them, and the API."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test.utils import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from ttg.accounts.constants import Role
from ttg.accounts.models import User
from ttg.core.models import AuditEvent
from ttg.estate.models import CRC, Organisation
from ttg.notifications.models import Notification
from ttg.payments import services
from ttg.payments.constants import BudgetKind, ClaimStatus, PurchaserKind, PurchaseStatus, VariationStatus
from ttg.payments.models import Allocation, Budget, Claim, Delivery, Escalation, Purchase, Variation
from ttg.payments.services import PaymentRefused

TODAY = date(2019, 9, 2)


def ask(purchase: Purchase, personas: dict[str, Any], units: int = 2, reason: str = "Two more sessions before release") -> Variation:
    return services.request_variation(purchase=purchase, extra_units=units, reason=reason, by=personas[Role.PARTNER_CASEWORKER])


def notes(template: str) -> list[Notification]:
    return list(Notification.objects.filter(template=template).select_related("recipient").order_by("pk"))


@pytest.fixture
def national(personas: dict[str, Any]) -> Allocation:
    """The national allocation of the 2019–20 rate-card budget (the demo's), set to £1,000.00."""
    budget = Budget.objects.get(kind=BudgetKind.RATE_CARD, year_starting=date(2019, 4, 1))
    allocation = Allocation.objects.get(budget=budget, crc__isnull=True, nps_division__isnull=True)
    Allocation.objects.filter(pk=allocation.pk).update(amount_pence=100_000)
    allocation.refresh_from_db()
    return allocation


@pytest.fixture
def national_purchase(personas: dict[str, Any], national: Allocation, leaving: Any, sessions: Any) -> Purchase:
    return services.make_purchase(
        by=personas[Role.CONTRACT_MANAGER], custody_period=leaving, item=sessions, units=2, purchaser_kind=PurchaserKind.NATIONAL
    )


# --- requesting ------------------------------------------------------------------------------------


def test_one_extra_unit_is_the_least_that_can_be_asked_for(purchase: Purchase, personas: dict[str, Any]) -> None:
    with pytest.raises(PaymentRefused) as refused:
        ask(purchase, personas, units=0)
    assert (refused.value.field, refused.value.reasons) == ("extra_units", ("Extra units must be at least 1",))
    with pytest.raises(PaymentRefused) as refused:
        ask(purchase, personas, units=1, reason="   ")
    assert refused.value.field == "reason"
    assert not Variation.objects.exists()
    variation = ask(purchase, personas, units=1)
    assert (variation.extra_units, variation.status, variation.requested_by.username) == (1, VariationStatus.REQUESTED, "aisha.begum")
    assert AuditEvent.objects.filter(action="payments.variation.add", object_id=str(variation.pk)).exists()


def test_only_the_provider_asks(purchase: Purchase, personas: dict[str, Any]) -> None:
    other_partner = User.objects.create_user(
        username="other.partner", role=Role.PARTNER_CASEWORKER, organisation=Organisation.objects.get(name="Gateway Housing Trust")
    )
    for who in (personas[Role.RESPONSIBLE_OFFICER], personas[Role.CRC_MANAGER], personas[Role.CONTRACT_MANAGER], other_partner):
        with pytest.raises(PaymentRefused, match="Only the provider asks for more units"):
            services.request_variation(purchase=purchase, extra_units=1, reason="More", by=who)
    assert not Variation.objects.exists()


def test_the_crc_manager_asks_for_a_service_the_crc_delivers_itself(personas: dict[str, Any], leaving: Any, card: Any) -> None:
    advice = card.items.get(title="Accommodation advice and support")
    bought = services.make_purchase(by=personas[Role.RESPONSIBLE_OFFICER], custody_period=leaving, item=advice, units=2)
    assert services.request_variation(purchase=bought, extra_units=1, reason="More", by=personas[Role.CRC_MANAGER]).pk
    with pytest.raises(PaymentRefused):
        services.request_variation(purchase=bought, extra_units=1, reason="More", by=personas[Role.PARTNER_CASEWORKER])


def test_a_cancelled_purchase_takes_no_request(purchase: Purchase, personas: dict[str, Any]) -> None:
    Purchase.objects.filter(pk=purchase.pk).update(status=PurchaseStatus.CANCELLED)
    with pytest.raises(PaymentRefused, match="This purchase was cancelled"):
        ask(purchase, personas)
    assert not Variation.objects.exists()


def test_the_same_request_sent_twice_is_one_request_and_one_notification(purchase: Purchase, personas: dict[str, Any]) -> None:
    first, again = ask(purchase, personas), ask(purchase, personas)
    assert first.pk == again.pk and Variation.objects.count() == 1
    (note,) = notes("variation_requested")
    assert note.recipient.username == "david.jones"
    assert note.subject == f"Purchase {purchase.reference}: 2 more units requested"
    assert "Mersey Women's Centre asks for 2 more units" in note.body
    assert "Two more sessions" not in note.body  # free text stays in the service (docs/notifications.md)
    assert note.link == reverse("payments_purchase", kwargs={"reference": purchase.reference})
    assert ask(purchase, personas, units=3).pk != first.pk  # a different request is another variation


# --- deciding --------------------------------------------------------------------------------------


def test_only_the_purchaser_decides(purchase: Purchase, personas: dict[str, Any]) -> None:
    variation = ask(purchase, personas)
    for role in (Role.PARTNER_CASEWORKER, Role.CRC_MANAGER, Role.CONTRACT_MANAGER):
        with pytest.raises(PaymentRefused, match="Only the purchaser decides a variation"):
            services.decide_variation(variation=variation, approve=True, by=personas[role])
    elsewhere = User.objects.create_user(username="other.officer", role=Role.RESPONSIBLE_OFFICER, nps_division=_other_division(personas))
    with pytest.raises(PaymentRefused):
        services.decide_variation(variation=variation, approve=True, by=elsewhere)
    variation.refresh_from_db()
    assert variation.status == VariationStatus.REQUESTED and variation.decided_by is None


def _other_division(personas: dict[str, Any]) -> Any:
    from ttg.estate.models import NPSDivision

    return NPSDivision.objects.exclude(pk=personas[Role.RESPONSIBLE_OFFICER].nps_division_id).first()


def test_approval_adds_the_units_once_and_tells_the_requester(purchase: Purchase, personas: dict[str, Any]) -> None:
    officer = personas[Role.RESPONSIBLE_OFFICER]
    services.record_delivery(purchase=purchase, source_key="s:1", units=3, on=TODAY)
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.COMPLETE
    variation = ask(purchase, personas)
    decided = services.decide_variation(variation=variation, approve=True, by=officer)
    assert (decided.status, decided.decided_by, decided.decided_at is not None) == (VariationStatus.APPROVED, officer, True)
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.AUTHORISED  # more to deliver again
    assert services.approved_extra_units(purchase) == 2
    assert services.committed_pence(purchase.allocation) == 5 * 9500
    services.record_delivery(purchase=purchase, source_key="s:2", units=2, on=TODAY)
    with pytest.raises(PaymentRefused, match="Only 0 of the 3 units authorised and 2 in approved variations are left"):
        services.record_delivery(purchase=purchase, source_key="s:3", units=1, on=TODAY)
    with pytest.raises(PaymentRefused, match="already been decided"):
        services.decide_variation(variation=variation, approve=False, by=officer)
    (note,) = notes("variation_decided")
    assert (note.recipient.username, note.subject) == ("aisha.begum", f"Purchase {purchase.reference}: more units approved")
    assert "You can record delivery of them now" in note.body


def test_a_refusal_adds_nothing(purchase: Purchase, personas: dict[str, Any]) -> None:
    variation = ask(purchase, personas)
    decided = services.decide_variation(variation=variation, approve=False, by=personas[Role.RESPONSIBLE_OFFICER])
    assert decided.status == VariationStatus.REFUSED
    assert services.approved_extra_units(purchase) == 0
    with pytest.raises(PaymentRefused, match="already been decided"):
        services.decide_variation(variation=variation, approve=True, by=personas[Role.RESPONSIBLE_OFFICER])
    (note,) = notes("variation_decided")
    assert note.subject.endswith("more units refused") and "record delivery" not in note.body


def test_approval_stays_within_the_budget_to_the_penny(purchase: Purchase, personas: dict[str, Any]) -> None:
    officer = personas[Role.RESPONSIBLE_OFFICER]
    # Left in the allocation: one penny less than two more sessions (2 × £95.00).
    Allocation.objects.filter(pk=purchase.allocation_id).update(amount_pence=3 * 9500 + 2 * 9500 - 1)
    two = ask(purchase, personas, units=2)
    with pytest.raises(PaymentRefused) as refused:
        services.decide_variation(variation=two, approve=True, by=officer)
    assert refused.value.field == "extra_units"
    assert refused.value.reasons[0].startswith("£190.00 is more than the £189.99 left of NPS North West's allocation")
    two.refresh_from_db()
    assert two.status == VariationStatus.REQUESTED
    one = ask(purchase, personas, units=1)
    assert services.decide_variation(variation=one, approve=True, by=officer).status == VariationStatus.APPROVED


def test_a_cancelled_purchase_cannot_be_varied(purchase: Purchase, personas: dict[str, Any]) -> None:
    variation = ask(purchase, personas)
    Purchase.objects.filter(pk=purchase.pk).update(status=PurchaseStatus.CANCELLED)
    with pytest.raises(PaymentRefused, match="cancelled"):
        services.decide_variation(variation=variation, approve=True, by=personas[Role.RESPONSIBLE_OFFICER])
    assert services.decide_variation(variation=variation, approve=False, by=personas[Role.RESPONSIBLE_OFFICER]).status == "refused"


# --- the national purchaser ------------------------------------------------------------------------


def test_the_contract_manager_buys_nationally(national_purchase: Purchase, national: Allocation, personas: dict[str, Any]) -> None:
    p = national_purchase
    assert (p.purchaser_kind, p.nps_division, p.allocation, p.purchased_by) == (
        PurchaserKind.NATIONAL,
        None,
        national,
        personas[Role.CONTRACT_MANAGER],
    )
    assert services.is_purchaser(personas[Role.CONTRACT_MANAGER], p)
    assert not services.is_purchaser(personas[Role.RESPONSIBLE_OFFICER], p)


def test_who_may_buy_as_what(personas: dict[str, Any], national: Allocation, leaving: Any, sessions: Any) -> None:
    manager, officer = personas[Role.CONTRACT_MANAGER], personas[Role.RESPONSIBLE_OFFICER]
    with pytest.raises(PaymentRefused, match="Only an HMPPS contract manager buys nationally"):
        services.make_purchase(by=officer, custody_period=leaving, item=sessions, units=1, purchaser_kind=PurchaserKind.NATIONAL)
    for kind in (PurchaserKind.INDIVIDUAL, PurchaserKind.DIVISION):
        with pytest.raises(PaymentRefused, match="Only a responsible officer"):
            services.make_purchase(by=manager, custody_period=leaving, item=sessions, units=1, purchaser_kind=kind)
    manager.managed_crcs.set([CRC.objects.get(code="CHESHIRE_GM")])
    manager = User.objects.get(pk=manager.pk)  # the managed CRCs are read once per user object
    with pytest.raises(PaymentRefused) as refused:
        services.make_purchase(by=manager, custody_period=leaving, item=sessions, units=1, purchaser_kind=PurchaserKind.NATIONAL)
    assert refused.value.field == "item" and "CRCs they manage" in refused.value.reasons[0]
    assert not Purchase.objects.exists()


def test_no_national_allocation_no_national_purchase(personas: dict[str, Any], leaving: Any, sessions: Any) -> None:
    Allocation.objects.filter(crc__isnull=True, nps_division__isnull=True).delete()  # the demo's
    with pytest.raises(PaymentRefused, match="No budget is allocated for this purchase in the financial year starting 1 April 2019"):
        services.make_purchase(
            by=personas[Role.CONTRACT_MANAGER], custody_period=leaving, item=sessions, units=1, purchaser_kind=PurchaserKind.NATIONAL
        )


def test_the_national_allocation_bounds_national_purchases(
    personas: dict[str, Any], national: Allocation, leaving: Any, sessions: Any
) -> None:
    manager = personas[Role.CONTRACT_MANAGER]
    services.make_purchase(by=manager, custody_period=leaving, item=sessions, units=10, purchaser_kind=PurchaserKind.NATIONAL)  # £950
    with pytest.raises(PaymentRefused, match=re.escape("£95.00 is more than the £50.00 left of the national budget's allocation")):
        services.make_purchase(by=manager, custody_period=leaving, item=sessions, units=1, purchaser_kind=PurchaserKind.NATIONAL)


def test_the_contract_manager_decides_national_variations(national_purchase: Purchase, personas: dict[str, Any]) -> None:
    variation = ask(national_purchase, personas, units=1)
    (note,) = notes("variation_requested")
    assert note.recipient.username == "samuel.adeyemi"
    with pytest.raises(PaymentRefused):
        services.decide_variation(variation=variation, approve=True, by=personas[Role.RESPONSIBLE_OFFICER])
    assert services.decide_variation(variation=variation, approve=True, by=personas[Role.CONTRACT_MANAGER]).status == "approved"


def test_the_contract_manager_approves_and_pays_national_claims(national_purchase: Purchase, personas: dict[str, Any]) -> None:
    manager = personas[Role.CONTRACT_MANAGER]
    services.record_delivery(purchase=national_purchase, source_key="n:1", units=1, on=TODAY)
    claim = Claim.objects.get(claimant_crc__isnull=False)
    assert (claim.payer_national, claim.payer_key, claim.payer_name) == (True, "national", "NPS (national)")
    assert services.party(manager, claim) == "payer"
    assert services.party(personas[Role.RESPONSIBLE_OFFICER], claim) is None
    claim = services.submit_claim(claim=claim, by=personas[Role.CRC_MANAGER])
    claim = services.approve_claim(claim=claim, by=manager)
    claim = services.mark_paid(claim=claim, paid_on=TODAY, reference="HMPPS-1", by=manager)
    assert (claim.status, claim.approved_by, claim.paid_recorded_by) == (ClaimStatus.PAID, manager, manager)
    elsewhere = User.objects.create_user(username="other.cm", role=Role.CONTRACT_MANAGER)
    elsewhere.managed_crcs.set([CRC.objects.get(code="CHESHIRE_GM")])
    assert services.party(elsewhere, claim) is None


def test_the_contract_manager_buys_nationally_through_the_pages(client_for: Any, national: Allocation, leaving: Any, sessions: Any) -> None:
    client = client_for(Role.CONTRACT_MANAGER)
    page = client.get(reverse("payments_buy")).content.decode()
    assert "HMPPS, nationally" in page and "I am, as the responsible officer" not in page
    assert 'name="purchaser_kind" value="national"' in page
    answers = {"prison_number": "B1000PY", "item": sessions.pk, "units": "2", "purchaser_kind": "national"}
    assert client.post(reverse("payments_buy"), answers)["Location"] == reverse("payments_buy_check")
    check = client.get(reverse("payments_buy_check")).content.decode()
    assert "Nationally" in check and "£190.00" in check
    done = client.post(reverse("payments_buy_check"))
    bought = Purchase.objects.get()
    assert done["Location"] == reverse("payments_buy_done", kwargs={"reference": bought.reference})
    assert (bought.purchaser_kind, bought.allocation) == (PurchaserKind.NATIONAL, national)
    # An officer cannot pick "national" by editing the form.
    officer = client_for(Role.RESPONSIBLE_OFFICER)
    refused = officer.post(reverse("payments_buy"), {**answers, "purchaser_kind": "national"}).content.decode()
    assert "Select a valid choice" in refused or "Select who is buying" in refused


# --- the escalation is sent to the contract managers, once -----------------------------------------


def test_an_escalation_notifies_each_contract_manager_once(earlier_purchase: Purchase, personas: dict[str, Any]) -> None:
    second = User.objects.create_user(username="second.cm", role=Role.CONTRACT_MANAGER, first_name="Kim", last_name="Second")
    second.managed_crcs.set([CRC.objects.get(code="MERSEYSIDE")])
    with override_settings(TTG_NOW="2019-07-15T10:00:00+01:00"):
        services.record_delivery(purchase=earlier_purchase, source_key="s:1", units=1, on=date(2019, 7, 15))
    with override_settings(TTG_NOW="2019-08-02T10:00:00+01:00"):
        services.submit_ended_months()
    assert services.escalate_unpaid_claims(today=date(2019, 9, 1)) == []
    assert not notes("claim_escalated")
    raised = services.escalate_unpaid_claims(today=date(2019, 9, 2))
    assert services.escalate_unpaid_claims(today=date(2019, 9, 2)) == []  # run again: nothing new
    assert len(raised) == 2 == Escalation.objects.count()
    sent = notes("claim_escalated")
    assert sorted((n.key, n.recipient.username) for n in sent) == sorted(
        (f"claim-escalated:{e.pk}", who) for e in raised for who in ("samuel.adeyemi", "second.cm")
    )
    crc_claim = next(e.claim for e in raised if e.claim.claimant_crc_id)
    note = next(n for n in sent if n.key == f"claim-escalated:{crc_claim.escalation.pk}")
    assert note.link == reverse("payments_claim", kwargs={"pk": crc_claim.pk})
    assert note.subject == f"Claim {crc_claim.pk} unpaid for 31 days: escalated to you"
    assert "Merseyside CRC's claim" in note.body and "NPS North West" in note.body and "July 2019 (£95.00)" in note.body


# --- the pages -------------------------------------------------------------------------------------


def test_the_partner_asks_for_more_units_with_errors_naming_the_fields(client_for: Any, purchase: Purchase) -> None:
    client = client_for(Role.PARTNER_CASEWORKER)
    page_url = reverse("payments_purchase", kwargs={"reference": purchase.reference})
    url = reverse("payments_variation_request", kwargs={"reference": purchase.reference})
    assert url in client.get(page_url).content.decode()  # the "Request more units" link
    assert "Request more units" in client.get(url).content.decode()
    body = client.post(url, {"extra_units": "", "reason": ""}).content.decode()
    assert "There is a problem" in body and 'href="#id_extra_units"' in body and 'href="#id_reason"' in body
    assert "Enter how many more units are needed" in body and "Enter why more units are needed" in body
    body = client.post(url, {"extra_units": "0", "reason": "More"}).content.decode()
    assert "Extra units must be at least 1" in body
    assert not Variation.objects.exists()
    done = client.post(url, {"extra_units": "1", "reason": "One more session"})
    assert done.status_code == 302 and done["Location"] == page_url
    page = client.get(page_url).content.decode()
    assert "Waiting for the purchaser" in page and "One more session" in page and "Aisha Begum" in page
    assert "Approve 1 more units" not in page  # the provider does not decide


def test_a_cancelled_purchase_offers_no_request(client_for: Any, purchase: Purchase) -> None:
    Purchase.objects.filter(pk=purchase.pk).update(status=PurchaseStatus.CANCELLED)
    client = client_for(Role.PARTNER_CASEWORKER)
    url = reverse("payments_variation_request", kwargs={"reference": purchase.reference})
    assert url not in client.get(reverse("payments_purchase", kwargs={"reference": purchase.reference})).content.decode()
    response = client.post(url, {"extra_units": "1", "reason": "More"}, follow=True)
    assert "This purchase was cancelled: more units cannot be asked for." in response.content.decode()
    assert not Variation.objects.exists()


def test_someone_on_neither_side_gets_404(client_for: Any, purchase: Purchase, personas: dict[str, Any]) -> None:
    variation = ask(purchase, personas)
    ask_url = reverse("payments_variation_request", kwargs={"reference": purchase.reference})
    decide_url = reverse("payments_variation_decide", kwargs={"reference": purchase.reference, "pk": variation.pk})
    # They see the purchase, but neither provide it (the partner does) nor bought it.
    for role in (Role.CRC_MANAGER, Role.CONTRACT_MANAGER):
        client = client_for(role)
        assert client.get(reverse("payments_purchase", kwargs={"reference": purchase.reference})).status_code == 200
        assert client.post(decide_url, {"decision": "approve"}).status_code == 404
    assert client_for(Role.CRC_MANAGER).get(ask_url).status_code == 404
    assert client_for(Role.RESPONSIBLE_OFFICER).get(ask_url).status_code == 403  # a purchaser never asks
    assert client_for(Role.PARTNER_CASEWORKER).post(decide_url, {"decision": "approve"}).status_code == 403
    # A variation of another purchase, through this purchase's address: 404.
    wrong = reverse("payments_variation_decide", kwargs={"reference": purchase.reference, "pk": variation.pk + 1000})
    assert client_for(Role.RESPONSIBLE_OFFICER).post(wrong, {"decision": "approve"}).status_code == 404
    variation.refresh_from_db()
    assert variation.status == VariationStatus.REQUESTED


def test_the_officer_sees_what_to_decide_and_approves(client_for: Any, purchase: Purchase, personas: dict[str, Any]) -> None:
    variation = ask(purchase, personas)
    client = client_for(Role.RESPONSIBLE_OFFICER)
    listing = client.get(reverse("payments_purchases")).content.decode()
    assert "More units to decide on" in listing and f"{purchase.reference}</a>" in listing
    page_url = reverse("payments_purchase", kwargs={"reference": purchase.reference})
    page = client.get(page_url).content.decode()
    assert "Approve 2 more units" in page and "Refuse 2 more units" in page and "Aisha Begum asks for 2 more units (£190.00)" in page
    decide_url = reverse("payments_variation_decide", kwargs={"reference": purchase.reference, "pk": variation.pk})
    missing = client.post(decide_url, {})
    assert missing.status_code == 200 and "Select whether to approve or refuse the extra units" in missing.content.decode()
    assert f'href="#decision-{variation.pk}"' in missing.content.decode()
    assert client.post(decide_url, {"decision": "approve"})["Location"] == page_url
    page = client.get(page_url).content.decode()
    assert "5 (3 bought, 2 more in approved variations)" in page and "£475.00" in page
    assert "Approved</strong> by David Jones on 2 September 2019" in page
    assert "More units to decide on" not in client.get(reverse("payments_purchases")).content.decode()
    twice = client.post(decide_url, {"decision": "refuse"}).content.decode()
    assert "This variation has already been decided." in twice


def test_over_budget_the_reason_is_shown_at_the_decision(client_for: Any, purchase: Purchase, personas: dict[str, Any]) -> None:
    Allocation.objects.filter(pk=purchase.allocation_id).update(amount_pence=3 * 9500 + 100)
    variation = ask(purchase, personas)
    response = client_for(Role.RESPONSIBLE_OFFICER).post(
        reverse("payments_variation_decide", kwargs={"reference": purchase.reference, "pk": variation.pk}), {"decision": "approve"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "£190.00 is more than the £1.00 left of NPS North West" in body
    assert f'href="#decision-{variation.pk}"' in body and "govuk-form-group--error" in body
    variation.refresh_from_db()
    assert variation.status == VariationStatus.REQUESTED


# --- the API ---------------------------------------------------------------------------------------


def api(personas: dict[str, Any], role: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(personas[role])
    return client


def test_the_api_requests_lists_and_decides(purchase: Purchase, personas: dict[str, Any]) -> None:
    partner, officer = api(personas, Role.PARTNER_CASEWORKER), api(personas, Role.RESPONSIBLE_OFFICER)
    ref = {"reference": purchase.reference}
    bad = partner.post(reverse("api_variation_request", kwargs=ref), {"extra_units": 0, "reason": ""}, format="json")
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"extra_units", "reason"}
    made = partner.post(reverse("api_variation_request", kwargs=ref), {"extra_units": 2, "reason": "More"}, format="json")
    assert made.status_code == 201, made.json()
    body = made.json()
    assert (body["extra_units"], body["status"], body["requested_by"], body["decided_by"]) == (2, "requested", "Aisha Begum", None)
    assert officer.post(reverse("api_variation_request", kwargs=ref), {"extra_units": 1, "reason": "x"}, format="json").status_code == 403
    listed = officer.get(reverse("api_variations", kwargs=ref)).json()
    assert [v["id"] for v in listed] == [body["id"]]
    decide = reverse("api_variation_decide", kwargs={**ref, "pk": body["id"]})
    assert api(personas, Role.CONTRACT_MANAGER).post(decide, {"decision": "approve"}, format="json").status_code == 404
    assert officer.post(decide, {"decision": "maybe"}, format="json").status_code == 400
    approved = officer.post(decide, {"decision": "approve"}, format="json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved" and approved.json()["decided_by"] == "David Jones"
    again = officer.post(decide, {"decision": "refuse"}, format="json")
    assert again.status_code == 422 and again.json()["reasons"] == ["This variation has already been decided."]
    assert officer.get(reverse("api_purchase", kwargs=ref)).json()["extra_units_approved"] == 2


def test_the_api_refuses_approval_over_budget(purchase: Purchase, personas: dict[str, Any]) -> None:
    Allocation.objects.filter(pk=purchase.allocation_id).update(amount_pence=3 * 9500)
    variation = ask(purchase, personas, units=1)
    response = api(personas, Role.RESPONSIBLE_OFFICER).post(
        reverse("api_variation_decide", kwargs={"reference": purchase.reference, "pk": variation.pk}),
        {"decision": "approve"},
        format="json",
    )
    assert response.status_code == 422 and response.json()["field"] == "extra_units"


def test_the_contract_manager_buys_nationally_through_the_api(
    personas: dict[str, Any], national: Allocation, leaving: Any, sessions: Any
) -> None:
    bought = api(personas, Role.CONTRACT_MANAGER).post(
        reverse("api_purchase_buy"), {"prison_number": "B1000PY", "item": sessions.pk, "units": 1}, format="json"
    )
    assert bought.status_code == 201, bought.json()
    assert bought.json()["purchaser_kind"] == "national"
    assert not Delivery.objects.exists()
