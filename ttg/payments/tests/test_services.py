"""Purchases, delivery into claims exactly once, refusal beyond authority, the claim journey, escalation."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test.utils import override_settings

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.payments import services
from ttg.payments.constants import ClaimStatus, PurchaseStatus, Tier
from ttg.payments.models import Claim, ClaimLine, Delivery, Escalation, Purchase
from ttg.payments.services import PaymentRefused

TODAY = date(2019, 9, 2)  # the test clock


def test_a_purchase_carries_its_authority_from_the_start(purchase: Purchase, personas: dict[str, Any]) -> None:
    assert purchase.units_authorised == 3
    assert purchase.unit_price_pence == 9500
    assert purchase.value_authorised_pence == 28500
    assert purchase.subcontract_unit_price_pence == 8000
    assert purchase.provider_crc.code == "MERSEYSIDE"
    assert purchase.provider_organisation.name == "Mersey Women's Centre"  # type: ignore[union-attr]
    assert purchase.nps_division == personas[Role.RESPONSIBLE_OFFICER].nps_division
    assert purchase.allocation.budget.kind == "rate_card"
    assert purchase.prison.code == "NHI"
    assert purchase.status == PurchaseStatus.AUTHORISED
    assert purchase.reference.startswith("P1909-")
    assert AuditEvent.objects.filter(action="payments.purchase.add", object_id=str(purchase.pk)).exists()


def test_the_nps_cannot_buy_for_someone_in_a_resettlement_prison(personas: dict[str, Any], at_altcourse: Any, sessions: Any) -> None:
    with pytest.raises(PaymentRefused) as refused:
        services.make_purchase(by=personas[Role.RESPONSIBLE_OFFICER], custody_period=at_altcourse, item=sessions, units=1)
    assert "HMP Altcourse is a resettlement prison on 2 September 2019" in refused.value.reasons[0]
    assert "rule R-F2" in refused.value.reasons[0]
    assert refused.value.field == "prison_number"
    assert not Purchase.objects.exists()


def test_only_a_responsible_officer_buys(personas: dict[str, Any], leaving: Any, sessions: Any) -> None:
    with pytest.raises(PaymentRefused):
        services.make_purchase(by=personas[Role.TTG_CASEWORKER], custody_period=leaving, item=sessions, units=1)


def test_a_purchase_beyond_the_allocation_is_refused(personas: dict[str, Any], leaving: Any, sessions: Any, settings: Any) -> None:
    settings.TTG_PURCHASE_MAX_UNITS, settings.TTG_PURCHASE_MAX_VALUE_PENCE = 10_000, 10**9  # the budget, not one request's limits
    officer = personas[Role.RESPONSIBLE_OFFICER]
    # £250,000.00 for the division: 2,631 sessions at £95 fit (£249,945.00), one more does not.
    services.make_purchase(by=officer, custody_period=leaving, item=sessions, units=2631)
    with pytest.raises(PaymentRefused) as refused:
        services.make_purchase(by=officer, custody_period=leaving, item=sessions, units=1)
    assert refused.value.reasons[0].startswith("£95.00 is more than the £55.00 left of NPS North West's allocation of £250,000.00")
    assert Purchase.objects.count() == 1


def test_a_draft_rate_card_cannot_be_bought_from(personas: dict[str, Any], leaving: Any, card: Any) -> None:
    draft = services.start_draft(crc=card.crc, in_force_from=date(2019, 10, 1), by=personas[Role.CRC_MANAGER])
    item = draft.items.get(title="Women's centre key-work session")
    with pytest.raises(PaymentRefused, match="not on Merseyside CRC's rate card in force today"):
        services.make_purchase(by=personas[Role.RESPONSIBLE_OFFICER], custody_period=leaving, item=item, units=1)


def test_delivery_becomes_claim_lines_on_both_claims(purchase: Purchase, personas: dict[str, Any]) -> None:
    recorded = services.record_delivery(purchase=purchase, source_key="referrals.session:1", units=1, on=date(2019, 9, 2))
    assert recorded.created
    lines = {line.tier: line for line in ClaimLine.objects.select_related("claim")}
    crc_claim, partner_claim = lines[Tier.PURCHASE].claim, lines[Tier.SUBCONTRACT].claim
    assert (crc_claim.claimant_name, crc_claim.payer_name, crc_claim.total_pence) == ("Merseyside CRC", "NPS North West", 9500)
    assert (partner_claim.claimant_name, partner_claim.payer_name, partner_claim.total_pence) == (
        "Mersey Women's Centre",
        "Merseyside CRC",
        8000,
    )
    assert crc_claim.month == partner_claim.month == date(2019, 9, 1)
    assert crc_claim.status == ClaimStatus.DRAFT


def test_the_same_delivery_twice_is_claimed_once(purchase: Purchase) -> None:
    first = services.record_delivery(purchase=purchase, source_key="referrals.session:1", units=1, on=TODAY)
    again = services.record_delivery(purchase=purchase, source_key="referrals.session:1", units=1, on=TODAY)
    assert first.created and not again.created
    assert again.delivery.pk == first.delivery.pk
    assert Delivery.objects.count() == 1
    assert ClaimLine.objects.count() == 2
    assert Claim.objects.get(claimant_crc__isnull=False).total_pence == 9500


def test_a_second_delivery_goes_on_the_same_months_claim(purchase: Purchase) -> None:
    services.record_delivery(purchase=purchase, source_key="s:1", units=1, on=TODAY)
    services.record_delivery(purchase=purchase, source_key="s:2", units=2, on=TODAY)
    claim = Claim.objects.get(claimant_crc__isnull=False)
    assert claim.total_pence == 3 * 9500 == sum(line.amount_pence for line in claim.lines.all())
    assert Claim.objects.count() == 2


def test_delivery_beyond_the_authorised_units_is_refused_in_words(purchase: Purchase) -> None:
    services.record_delivery(purchase=purchase, source_key="s:1", units=2, on=TODAY)
    with pytest.raises(PaymentRefused) as refused:
        services.record_delivery(purchase=purchase, source_key="s:2", units=2, on=TODAY)
    assert refused.value.reasons[0].startswith(
        "Only 1 of the 3 units authorised are left, and 2 were recorded: ask the purchaser for a variation"
    )
    assert refused.value.field == "units"
    assert not Delivery.objects.filter(source_key="s:2").exists()
    assert ClaimLine.objects.count() == 2


def test_an_approved_variation_allows_more(purchase: Purchase, personas: dict[str, Any]) -> None:
    services.record_delivery(purchase=purchase, source_key="s:1", units=3, on=TODAY)
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.COMPLETE
    variation = services.request_variation(
        purchase=purchase, extra_units=2, reason="Two more sessions after a setback", by=personas[Role.PARTNER_CASEWORKER]
    )
    with pytest.raises(PaymentRefused):
        services.record_delivery(purchase=purchase, source_key="s:2", units=1, on=TODAY)
    with pytest.raises(PaymentRefused, match="Only the purchaser"):
        services.decide_variation(variation=variation, approve=True, by=personas[Role.CRC_MANAGER])
    services.decide_variation(variation=variation, approve=True, by=personas[Role.RESPONSIBLE_OFFICER])
    assert services.record_delivery(purchase=purchase, source_key="s:2", units=2, on=TODAY).created
    with pytest.raises(PaymentRefused, match="Only 0 of the 3 units authorised and 2 in approved variations are left"):
        services.record_delivery(purchase=purchase, source_key="s:3", units=1, on=TODAY)


def test_a_delivery_of_the_wrong_kind_is_refused(purchase: Purchase) -> None:
    with pytest.raises(PaymentRefused, match="This purchase pays per session attended: a outcome achieved cannot"):
        services.record_delivery(purchase=purchase, source_key="o:1", units=1, on=TODAY, kind="outcome")


def test_a_source_key_of_another_purchase_is_refused(purchase: Purchase, personas: dict[str, Any], leaving: Any, outcome: Any) -> None:
    other = services.make_purchase(by=personas[Role.RESPONSIBLE_OFFICER], custody_period=leaving, item=outcome, units=1)
    services.record_delivery(purchase=purchase, source_key="s:1", units=1, on=TODAY)
    with pytest.raises(PaymentRefused, match="already recorded against another purchase"):
        services.record_delivery(purchase=other, source_key="s:1", units=1, on=TODAY)


def test_the_claim_journey_from_delivery_to_paid(earlier_purchase: Purchase, personas: dict[str, Any]) -> None:
    purchase = earlier_purchase
    officer, manager, partner = personas[Role.RESPONSIBLE_OFFICER], personas[Role.CRC_MANAGER], personas[Role.PARTNER_CASEWORKER]
    with override_settings(TTG_NOW="2019-08-20T10:00:00+01:00"):
        services.record_delivery(purchase=purchase, source_key="s:1", units=1, on=date(2019, 8, 20), by=partner)
    submitted = services.submit_ended_months()  # 2 September: August has ended
    assert {c.status for c in submitted} == {ClaimStatus.SUBMITTED}
    assert len(submitted) == 2
    crc_claim = Claim.objects.get(claimant_crc__isnull=False)
    with pytest.raises(PaymentRefused, match="neither the claimant nor the payer"):
        services.approve_claim(claim=crc_claim, by=personas[Role.CONTRACT_MANAGER])
    with pytest.raises(PaymentRefused, match="Only the payer"):
        services.approve_claim(claim=crc_claim, by=manager)
    with pytest.raises(PaymentRefused, match="Enter the payment reference"):
        services.mark_paid(claim=services.approve_claim(claim=crc_claim, by=officer), paid_on=TODAY, reference=" ", by=officer)
    paid = services.mark_paid(claim=crc_claim, paid_on=TODAY, reference="BACS-1", by=officer)
    assert (paid.status, paid.paid_on, paid.payment_reference) == (ClaimStatus.PAID, TODAY, "BACS-1")
    # The partner's claim is approved and paid by the CRC: the same mechanism.
    partner_claim = Claim.objects.get(claimant_organisation__isnull=False)
    services.approve_claim(claim=partner_claim, by=manager)
    assert services.mark_paid(claim=partner_claim, paid_on=TODAY, reference="CRC-77", by=manager).status == ClaimStatus.PAID
    assert AuditEvent.objects.filter(action="payments.claim.paid").count() == 2


def test_a_rejected_claim_needs_a_reason_and_can_be_resubmitted(purchase: Purchase, personas: dict[str, Any]) -> None:
    officer, manager = personas[Role.RESPONSIBLE_OFFICER], personas[Role.CRC_MANAGER]
    services.record_delivery(purchase=purchase, source_key="s:1", units=1, on=TODAY)
    claim = services.submit_claim(claim=Claim.objects.get(claimant_crc__isnull=False), by=manager)
    with pytest.raises(PaymentRefused) as refused:
        services.reject_claim(claim=claim, reason="", by=officer)
    assert refused.value.field == "reason"
    rejected = services.reject_claim(claim=claim, reason="Session 1 was not attended", by=officer)
    assert rejected.rejected_reason == "Session 1 was not attended"
    assert services.submit_claim(claim=rejected, by=manager).status == ClaimStatus.SUBMITTED


def test_a_new_delivery_after_the_months_claim_is_submitted_starts_a_second_claim(purchase: Purchase, personas: dict[str, Any]) -> None:
    services.record_delivery(purchase=purchase, source_key="s:1", units=1, on=TODAY)
    services.submit_claim(claim=Claim.objects.get(claimant_crc__isnull=False), by=personas[Role.CRC_MANAGER])
    services.record_delivery(purchase=purchase, source_key="s:2", units=1, on=TODAY)
    assert sorted(Claim.objects.filter(claimant_crc__isnull=False).values_list("sequence", "status")) == [(1, "submitted"), (2, "draft")]


def test_unpaid_claims_escalate_once_after_the_set_days(earlier_purchase: Purchase, personas: dict[str, Any]) -> None:
    purchase = earlier_purchase
    with override_settings(TTG_NOW="2019-07-15T10:00:00+01:00"):
        services.record_delivery(purchase=purchase, source_key="s:1", units=1, on=date(2019, 7, 15))
    with override_settings(TTG_NOW="2019-08-02T10:00:00+01:00"):
        services.submit_ended_months()  # submitted on 2 August
    # On 1 September: 30 days, not more than 30.
    assert services.escalate_unpaid_claims(today=date(2019, 9, 1)) == []
    raised = services.escalate_unpaid_claims(today=date(2019, 9, 2))
    assert len(raised) == 2
    assert {u.username for u in raised[0].to.all()} == {"samuel.adeyemi"}
    assert raised[0].age_days == 31
    assert services.escalate_unpaid_claims(today=date(2019, 9, 3)) == []
    assert Escalation.objects.count() == 2


def test_the_escalation_threshold_is_a_setting(purchase: Purchase) -> None:
    services.record_delivery(purchase=purchase, source_key="s:1", units=1, on=date(2019, 9, 2))
    services.submit_claim(claim=Claim.objects.get(claimant_crc__isnull=False), by=purchase.provider_crc.staff.get(role=Role.CRC_MANAGER))
    with override_settings(TTG_CLAIM_ESCALATION_DAYS=5):
        assert services.escalate_unpaid_claims(today=date(2019, 9, 8)) != []


def test_paid_claims_do_not_escalate(purchase: Purchase, personas: dict[str, Any]) -> None:
    officer = personas[Role.RESPONSIBLE_OFFICER]
    services.record_delivery(purchase=purchase, source_key="s:1", units=1, on=TODAY)
    claim = services.submit_claim(claim=Claim.objects.get(claimant_crc__isnull=False), by=personas[Role.CRC_MANAGER])
    services.mark_paid(claim=services.approve_claim(claim=claim, by=officer), paid_on=TODAY, reference="X1", by=officer)
    assert services.escalate_unpaid_claims(today=date(2020, 1, 1)) == []
