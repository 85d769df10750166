"""The demo's payment story, as the 'done when' of issue 7 describes it."""

from __future__ import annotations

from datetime import date
from typing import Any

from ttg.payments.constants import ClaimStatus
from ttg.payments.demo import DEMO_PRISON_NUMBER, load_payments
from ttg.payments.models import Budget, Claim, Escalation, Purchase


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
    # Escalated on the day it first was unpaid for more than 30 days (submitted on 1 July), not on the
    # demo's date: the date raised and the days unpaid then agree (issue 16); unpaid 63 days today.
    escalation = Escalation.objects.get(claim=june)
    assert (escalation.raised_on, escalation.age_days) == (date(2019, 8, 1), 31)
    assert june.age_days(date(2019, 9, 2)) == 63
    assert [u.username for u in escalation.to.all()] == ["samuel.adeyemi"]
