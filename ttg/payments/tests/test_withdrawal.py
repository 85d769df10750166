"""Withdrawing a delivery (an outcome changed back): off the open claim, or credited on the next,
exactly once, totals exact (issue 7, R-F3)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Sum
from django.test.utils import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.payments import services
from ttg.payments.constants import ClaimStatus, PurchaseStatus, Tier
from ttg.payments.models import Claim, ClaimLine, Delivery, Purchase
from ttg.payments.services import PaymentRefused

TODAY = date(2019, 9, 2)


def _totals_exact() -> None:
    for claim in Claim.objects.all():
        assert claim.total_pence == (claim.lines.aggregate(t=Sum("amount_pence"))["t"] or 0), claim


def _withdraw(purchase: Purchase, key: str, by: Any = None) -> services.Withdrawn:
    return services.withdraw_delivery(purchase=purchase, source_key=key, reason="Outcome changed back", by=by)


def test_a_delivery_on_an_open_claim_is_taken_off_it_and_kept_marked_withdrawn(purchase: Purchase, personas: dict[str, Any]) -> None:
    partner = personas[Role.PARTNER_CASEWORKER]
    services.record_delivery(purchase=purchase, source_key="s:1", units=1, on=TODAY, by=partner)
    services.record_delivery(purchase=purchase, source_key="s:2", units=1, on=TODAY, by=partner)
    assert sorted(Claim.objects.values_list("total_pence", flat=True)) == [16000, 19000]
    done = services.withdraw_delivery(purchase=purchase, source_key="s:1", reason="Recorded on the wrong person", by=partner)
    assert done.changed and len(done.removed) == 2 and done.credits == ()
    delivery = Delivery.objects.get(source_key="s:1")
    assert (delivery.withdrawn, delivery.withdrawn_by, delivery.withdrawn_reason) == (True, partner, "Recorded on the wrong person")
    assert not delivery.lines.exists()
    assert sorted(Claim.objects.values_list("total_pence", flat=True)) == [8000, 9500]  # only s:2 left: £80 and £95
    assert services.delivered_units(purchase) == 1
    event = AuditEvent.objects.get(action="payments.delivery.withdraw")
    assert event.reason == "Recorded on the wrong person"
    assert event.after is not None and len(event.after["lines_removed_from_open_claims"]) == 2
    _totals_exact()


def test_withdrawing_twice_changes_nothing_the_second_time(purchase: Purchase) -> None:
    services.record_delivery(purchase=purchase, source_key="s:1", units=1, on=TODAY)
    assert _withdraw(purchase, "s:1").changed
    again = _withdraw(purchase, "s:1")
    assert not again.changed and again.delivery is not None and again.delivery.source_key == "s:1"
    assert not _withdraw(purchase, "never:recorded").changed
    assert AuditEvent.objects.filter(action="payments.delivery.withdraw").count() == 1


def test_a_reason_is_needed(purchase: Purchase) -> None:
    services.record_delivery(purchase=purchase, source_key="s:1", units=1, on=TODAY)
    with pytest.raises(PaymentRefused) as refused:
        services.withdraw_delivery(purchase=purchase, source_key="s:1", reason=" ", by=None)
    assert refused.value.field == "reason"
    assert not Delivery.objects.get().withdrawn


def test_a_key_of_another_purchase_is_refused(purchase: Purchase, personas: dict[str, Any], leaving: Any, outcome: Any) -> None:
    other = services.make_purchase(by=personas[Role.RESPONSIBLE_OFFICER], custody_period=leaving, item=outcome, units=1)
    services.record_delivery(purchase=purchase, source_key="s:1", units=1, on=TODAY)
    with pytest.raises(PaymentRefused, match="another purchase"):
        _withdraw(other, "s:1")


def test_a_delivery_already_claimed_is_credited_on_this_months_open_claim(earlier_purchase: Purchase, personas: dict[str, Any]) -> None:
    officer, manager = personas[Role.RESPONSIBLE_OFFICER], personas[Role.CRC_MANAGER]
    with override_settings(TTG_NOW="2019-08-20T10:00:00+01:00"):
        services.record_delivery(purchase=earlier_purchase, source_key="s:1", units=1, on=date(2019, 8, 20))
        services.record_delivery(purchase=earlier_purchase, source_key="s:2", units=1, on=date(2019, 8, 20))
    services.submit_ended_months()  # August's two claims: submitted on 2 September
    august = Claim.objects.get(claimant_crc__isnull=False, month=date(2019, 8, 1))
    services.mark_paid(claim=services.approve_claim(claim=august, by=officer), paid_on=TODAY, reference="BACS-1", by=officer)
    done = _withdraw(earlier_purchase, "s:1", by=manager)
    assert done.changed and done.removed == () and len(done.credits) == 2
    paid = Claim.objects.get(pk=august.pk)
    assert (paid.status, paid.total_pence, paid.lines.count()) == (ClaimStatus.PAID, 19000, 2)  # what was paid stays as paid
    september = Claim.objects.filter(month=date(2019, 9, 1), status=ClaimStatus.DRAFT)
    assert sorted((c.claimant_name, c.payer_name, c.total_pence) for c in september) == [
        ("Mersey Women's Centre", "Merseyside CRC", -8000),
        ("Merseyside CRC", "NPS North West", -9500),
    ]
    credit = ClaimLine.objects.get(claim__claimant_crc__isnull=False, reverses__isnull=False)
    assert (credit.units, credit.amount_pence, credit.tier, credit.delivery.source_key) == (-1, -9500, Tier.PURCHASE, "s:1")
    assert credit.reverses is not None and credit.reverses.claim_id == august.pk
    assert services.delivered_units(earlier_purchase) == 1
    _totals_exact()
    # Across the claims, the purchaser is owed back exactly what was withdrawn.
    assert ClaimLine.objects.filter(tier=Tier.PURCHASE).aggregate(t=Sum("amount_pence"))["t"] == 9500


def test_a_credit_and_new_delivery_net_on_the_same_open_claim_and_it_submits(earlier_purchase: Purchase, personas: dict[str, Any]) -> None:
    """A claim whose lines net to zero or below is still submitted at month end: the payer sees the credit."""
    with override_settings(TTG_NOW="2019-08-20T10:00:00+01:00"):
        services.record_delivery(purchase=earlier_purchase, source_key="s:1", units=1, on=date(2019, 8, 20))
    services.submit_ended_months()
    _withdraw(earlier_purchase, "s:1")
    services.record_delivery(purchase=earlier_purchase, source_key="s:1", units=1, on=TODAY)  # recorded again, correctly
    mine = Claim.objects.get(claimant_crc__isnull=False, month=date(2019, 9, 1))
    assert (mine.total_pence, mine.lines.count()) == (0, 2)
    with override_settings(TTG_NOW="2019-10-01T09:00:00+01:00"):
        submitted = services.submit_ended_months()
    assert {c.total_pence for c in submitted} == {0}
    _totals_exact()


def test_the_key_can_be_recorded_again_once_after_a_withdrawal(purchase: Purchase) -> None:
    first = services.record_delivery(purchase=purchase, source_key="s:1", units=1, on=TODAY)
    _withdraw(purchase, "s:1")
    again = services.record_delivery(purchase=purchase, source_key="s:1", units=1, on=TODAY)
    repeat = services.record_delivery(purchase=purchase, source_key="s:1", units=1, on=TODAY)
    assert again.created and again.delivery.pk != first.delivery.pk
    assert not repeat.created and repeat.delivery.pk == again.delivery.pk
    assert Delivery.objects.filter(source_key="s:1", withdrawn_at__isnull=True).count() == 1
    assert ClaimLine.objects.count() == 2
    _totals_exact()


def test_withdrawn_units_are_free_again_and_a_complete_purchase_reopens(purchase: Purchase) -> None:
    for i in range(3):
        services.record_delivery(purchase=purchase, source_key=f"s:{i}", units=1, on=TODAY)
    assert Purchase.objects.get(pk=purchase.pk).status == PurchaseStatus.COMPLETE
    with pytest.raises(PaymentRefused):
        services.record_delivery(purchase=purchase, source_key="s:3", units=1, on=TODAY)
    _withdraw(purchase, "s:0")
    assert Purchase.objects.get(pk=purchase.pk).status == PurchaseStatus.AUTHORISED
    assert services.record_delivery(purchase=purchase, source_key="s:3", units=1, on=TODAY).created


# Operations on five keys of a purchase of five sessions: record, withdraw, or submit the open claims.
operation = st.one_of(
    st.tuples(st.just("record"), st.integers(0, 4)),
    st.tuples(st.just("withdraw"), st.integers(0, 4)),
    st.tuples(st.just("submit"), st.just(0)),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(operation, max_size=14))
def test_claim_totals_are_the_sum_of_their_lines_whatever_is_recorded_and_withdrawn(
    personas: dict[str, Any], leaving: Any, sessions: Any, ops: list[tuple[str, int]]
) -> None:
    with transaction.atomic():
        purchase = services.make_purchase(by=personas[Role.RESPONSIBLE_OFFICER], custody_period=leaving, item=sessions, units=5)
        claimants = {"crc": personas[Role.CRC_MANAGER], "org": personas[Role.PARTNER_CASEWORKER]}
        live: set[int] = set()
        for op, key in ops:
            if op == "record":
                services.record_delivery(purchase=purchase, source_key=f"k:{key}", units=1, on=TODAY)
                live.add(key)
            elif op == "withdraw":
                assert _withdraw(purchase, f"k:{key}").changed == (key in live)
                live.discard(key)
            else:
                for claim in Claim.objects.filter(status=ClaimStatus.DRAFT).exclude(lines=None):
                    services.submit_claim(claim=claim, by=claimants["crc" if claim.claimant_crc_id else "org"])
            _totals_exact()
            assert services.delivered_units(purchase) == len(live)
            # Net of credits, each tier claims exactly the live deliveries at its price: no drift.
            net = dict(ClaimLine.objects.values("tier").annotate(t=Sum("amount_pence")).values_list("tier", "t"))
            assert net.get(Tier.PURCHASE, 0) == 9500 * len(live)
            assert net.get(Tier.SUBCONTRACT, 0) == 8000 * len(live)
        transaction.set_rollback(True)  # each example starts from the same ground


def test_the_purchase_and_claim_pages_show_the_withdrawal_and_the_credit(
    earlier_purchase: Purchase, personas: dict[str, Any], client_for: Any
) -> None:
    with override_settings(TTG_NOW="2019-08-20T10:00:00+01:00"):
        services.record_delivery(purchase=earlier_purchase, source_key="s:1", units=1, on=date(2019, 8, 20))
    services.submit_ended_months()
    _withdraw(earlier_purchase, "s:1")
    client = client_for(Role.RESPONSIBLE_OFFICER)
    page = client.get(f"/purchases/{earlier_purchase.reference}/").content.decode()
    assert "withdrawn on 2 September 2019" in page
    credit = ClaimLine.objects.get(claim__claimant_crc__isnull=False, reverses__isnull=False)
    page = client.get(f"/claims/{credit.claim_id}/").content.decode()
    assert "credit: delivery withdrawn" in page and "-£95.00" in page
