"""The demo's payment story, as the 'done when' of issue 7 describes it."""

from __future__ import annotations

from datetime import date
from typing import Any

from ttg.payments.constants import ClaimStatus
from ttg.payments.demo import DEMO_PRISON_NUMBER, load_payments
from ttg.payments.models import Budget, Claim, ClaimLine, Delivery, Escalation, Purchase
from ttg.referrals.models import Referral


def test_the_demo_story_and_it_loads_once(personas: dict[str, Any]) -> None:
    assert load_payments(personas, with_purchases=True)["purchases"] == 2
    assert load_payments(personas, with_purchases=True) == {"budgets": 0, "purchases": 0}
    assert Budget.objects.get(kind="enhanced_specification").amount_pence == 22_000_000 * 100
    bought = Purchase.objects.filter(person__prison_number=DEMO_PRISON_NUMBER)
    assert bought.count() == 2 and {p.purchased_by.username for p in bought} == {"david.jones"}
    crc_claims = {c.month: c.status for c in Claim.objects.filter(claimant_crc__code="MERSEYSIDE")}
    assert crc_claims == {
        date(2019, 5, 1): ClaimStatus.PAID,
        date(2019, 6, 1): ClaimStatus.SUBMITTED,
        date(2019, 8, 1): ClaimStatus.APPROVED,
    }
    partner_claims = {c.month: c.status for c in Claim.objects.filter(claimant_organisation__name="Mersey Women's Centre")}
    assert partner_claims[date(2019, 5, 1)] == ClaimStatus.PAID
    june = Claim.objects.get(claimant_crc__code="MERSEYSIDE", month=date(2019, 6, 1))
    assert june.total_pence == 2 * 9500 + 35000
    escalation = Escalation.objects.get(claim=june)
    assert escalation.age_days == 63
    assert [u.username for u in escalation.to.all()] == ["samuel.adeyemi"]


def test_the_officers_purchase_funds_a_referral_and_the_partners_sessions_are_claimed(personas: dict[str, Any]) -> None:
    """Issue 7's "done when": an NPS officer buys a service for a person leaving a non-resettlement
    prison; the partner delivers on the referral and is paid, nobody remembering an extra step."""
    load_payments(personas, with_purchases=True)
    bought = Purchase.objects.get(person__prison_number=DEMO_PRISON_NUMBER, item__title="Women's centre key-work session")
    designation = bought.prison.designation_on(bought.purchased_on)
    assert designation is None or not designation.resettlement
    referral = Referral.objects.get(purchase=bought)
    assert (referral.organisation.name, referral.referred_by.username, referral.funding) == (
        "Mersey Women's Centre",
        "tom.okafor",
        "rate_card",
    )
    assert referral.funded and referral.funding_label == f"Rate-card purchase {bought.reference}: 5 of 12 units left"
    sessions = list(referral.sessions.order_by("on"))
    assert len(sessions) == 7 and {s.recorded_by.username for s in sessions} == {"aisha.begum"}
    # Every attended session became a delivery, with a line on the CRC's claim to the NPS and the partner's to the CRC.
    keys = sorted(Delivery.objects.filter(purchase=bought).values_list("source_key", flat=True))
    assert keys == sorted(f"referrals.session:{s.pk}" for s in sessions)
    assert ClaimLine.objects.filter(delivery__purchase=bought).count() == 14
    may = Claim.objects.get(claimant_organisation__name="Mersey Women's Centre", month=date(2019, 5, 1))
    assert (may.status, may.total_pence, may.payer_name) == (ClaimStatus.PAID, 3 * 8000, "Merseyside CRC")
