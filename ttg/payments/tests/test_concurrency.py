"""Exactly once under concurrent requests, on PostgreSQL with real threads (each its own connection).

Skipped on SQLite, which serialises every write and has no row locks: run with
DATABASE_URL=postgres://… (CI does).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection, connections

from ttg.accounts.constants import Role
from ttg.payments import services
from ttg.payments.models import Claim, ClaimLine, Delivery, Purchase

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and real concurrency need PostgreSQL"),
]
TODAY = date(2019, 9, 2)


def run_together(calls: list[Callable[[], Any]]) -> list[Any]:
    """Start every call at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def worker(i: int) -> None:
        try:
            barrier.wait()
            results[i] = calls[i]()
        except Exception as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_the_same_delivery_sent_eight_times_at_once_is_claimed_once(purchase: Purchase) -> None:
    results = run_together(
        [lambda: services.record_delivery(purchase=purchase, source_key="referrals.session:42", units=1, on=TODAY) for _ in range(8)]
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(r.created for r in results) == 1
    assert len({r.delivery.pk for r in results}) == 1
    assert Delivery.objects.count() == 1
    assert ClaimLine.objects.count() == 2  # the CRC's line to the NPS and the partner's to the CRC
    assert sorted(Claim.objects.values_list("total_pence", flat=True)) == [8000, 9500]


def test_concurrent_deliveries_never_pass_the_authorised_units(purchase: Purchase) -> None:
    def deliver(i: int) -> Callable[[], Any]:
        return lambda: services.record_delivery(purchase=purchase, source_key=f"referrals.session:{i}", units=1, on=TODAY)

    results = run_together([deliver(i) for i in range(6)])
    created = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, services.PaymentRefused)]
    assert len(created) == 3 and len(refused) == 3, results
    assert Delivery.objects.count() == 3
    claim = Claim.objects.get(claimant_crc__isnull=False)
    assert claim.total_pence == 3 * 9500 == sum(claim.lines.values_list("amount_pence", flat=True))


def test_deliveries_on_two_purchases_at_once_share_one_claim(
    purchase: Purchase, personas: dict[str, Any], leaving: Any, outcome: Any
) -> None:
    other = services.make_purchase(by=personas[Role.RESPONSIBLE_OFFICER], custody_period=leaving, item=outcome, units=1)
    results = run_together(
        [
            lambda: services.record_delivery(purchase=purchase, source_key="a:1", units=1, on=TODAY),
            lambda: services.record_delivery(purchase=other, source_key="b:1", units=1, on=TODAY),
        ]
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    claim = Claim.objects.get(claimant_crc__isnull=False)
    assert claim.lines.count() == 2
    assert claim.total_pence == 9500 + 35000


def test_the_same_delivery_withdrawn_by_two_threads_at_once_is_taken_off_once(purchase: Purchase) -> None:
    services.record_delivery(purchase=purchase, source_key="referrals.outcome:7", units=1, on=TODAY)
    results = run_together(
        [lambda: services.withdraw_delivery(purchase=purchase, source_key="referrals.outcome:7", reason="Changed back", by=None)] * 2
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(r.changed for r in results) == [False, True]
    assert not ClaimLine.objects.exists() and Delivery.objects.get().withdrawn
    assert sorted(Claim.objects.values_list("total_pence", flat=True)) == [0, 0]


def test_a_submitted_delivery_withdrawn_by_two_threads_at_once_is_credited_once(purchase: Purchase, personas: dict[str, Any]) -> None:
    services.record_delivery(purchase=purchase, source_key="referrals.outcome:8", units=1, on=TODAY)
    for claim in Claim.objects.all():
        by = personas[Role.CRC_MANAGER] if claim.claimant_crc_id else personas[Role.PARTNER_CASEWORKER]
        services.submit_claim(claim=claim, by=by)
    results = run_together(
        [lambda: services.withdraw_delivery(purchase=purchase, source_key="referrals.outcome:8", reason="Changed back", by=None)] * 2
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(r.changed for r in results) == [False, True]
    assert ClaimLine.objects.filter(reverses__isnull=False).count() == 2  # one credit per tier, not two
    for claim in Claim.objects.all():
        assert claim.total_pence == sum(claim.lines.values_list("amount_pence", flat=True))
    assert sum(Claim.objects.values_list("total_pence", flat=True)) == 0
