"""The payments lists are pages of one ordered query (issue 14): purchases, claims, aged debt and
escalations show the same rows in the same order as when they showed everything, 50 a page, and the
aged-debt bands counted in SQL are the bands of rules.age_band."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from ttg.accounts.constants import Role
from ttg.payments import rules, selectors, services
from ttg.payments.constants import ClaimStatus, Tier
from ttg.payments.models import Claim, ClaimLine, Delivery, Escalation, Purchase

pytestmark = pytest.mark.django_db

TODAY = date(2019, 9, 2)  # the test clock's day


def _purchases(purchase: Purchase, count: int) -> list[Purchase]:
    """`count` copies of the purchase, bought on days that repeat (so the id decides ties)."""
    copies = []
    for i in range(count):
        copy = Purchase.objects.get(pk=purchase.pk)
        copy.pk = None
        copy.reference = f"{purchase.reference[:10]}-{i:03d}"
        copy.purchased_on = date(2019, 8, 1) + timedelta(days=(i * 7) % 19)
        copies.append(copy)
    return Purchase.objects.bulk_create(copies)


def _claims(purchase: Purchase, count: int, *, status: str = ClaimStatus.SUBMITTED, ages: list[int | None] | None = None) -> list[Claim]:
    """`count` claims like the purchase's first claim, each with one line of its own delivery; months
    and sequences repeat, submitted `ages[i]` days ago (or a few days apart)."""
    services.record_delivery(purchase=purchase, source_key="lists:first", units=1, on=TODAY)
    model = Claim.objects.filter(lines__delivery__purchase=purchase, lines__tier=Tier.PURCHASE).get()
    now = timezone.now()
    deliveries = Delivery.objects.bulk_create(
        Delivery(purchase=purchase, source_key=f"lists:{i}", kind="session", units=1, delivered_on=TODAY, recorded_at=now)
        for i in range(count)
    )
    claims = []
    for i in range(count):
        claim = Claim.objects.get(pk=model.pk)
        claim.pk = None
        claim.month = date(2018 + i % 2, 1 + (i * 5) % 12, 1)
        claim.sequence = 2 + i
        claim.status = status
        age = ages[i] if ages else (i * 3) % 40
        claim.submitted_on = None if age is None else TODAY - timedelta(days=age)
        claim.total_pence = 100 * (i + 1)
        claims.append(claim)
    made = Claim.objects.bulk_create(claims)
    ClaimLine.objects.bulk_create(
        ClaimLine(claim=c, delivery=d, tier=Tier.PURCHASE, units=1, unit_price_pence=c.total_pence, amount_pence=c.total_pence)
        for c, d in zip(made, deliveries, strict=True)
    )
    return made


def _links(page: str, pattern: str) -> list[str]:
    return re.findall(pattern, page)


def _pages(client: Any, name: str, **params: Any) -> tuple[str, str]:
    first = client.get(reverse(name), params).content.decode()
    second = client.get(reverse(name), {**params, "page": 2}).content.decode()
    return first, second


def test_purchases_are_paged_newest_first(purchase: Purchase, client_for: Any, personas: Any) -> None:
    _purchases(purchase, 60)
    seen = Purchase.objects.visible_to(personas[Role.RESPONSIBLE_OFFICER])
    expected = [p.reference for p in sorted(seen, key=lambda p: (p.purchased_on, p.pk), reverse=True)]
    first, second = _pages(client_for(Role.RESPONSIBLE_OFFICER), "payments_purchases")
    shown = [_links(page, r'href="/purchases/([^/"]+)/">') for page in (first, second)]
    assert len(shown[0]) == 50 and shown[0] + shown[1] == expected
    assert 'href="?page=2" rel="next"' in first


def test_claims_are_paged_in_month_order_keeping_what_is_shown(purchase: Purchase, client_for: Any, personas: Any) -> None:
    _claims(purchase, 56)
    client = client_for(Role.RESPONSIBLE_OFFICER)
    due = [
        c.pk
        for c in sorted(
            selectors.claims(personas[Role.RESPONSIBLE_OFFICER], statuses=(ClaimStatus.SUBMITTED, ClaimStatus.APPROVED)),
            key=lambda c: (-c.month.toordinal(), c.sequence, c.pk),
        )
    ]
    first, second = _pages(client, "payments_claims", show="due")
    shown = [[int(pk) for pk in _links(page, r'href="/claims/(\d+)/">Claim')] for page in (first, second)]
    assert len(shown[0]) == 50 and shown[0] + shown[1] == due
    assert 'href="?show=due&amp;page=2" rel="next"' in first
    assert "govuk-pagination" in second


def test_claims_without_lines_are_not_listed(purchase: Purchase, personas: Any) -> None:
    (claim,) = _claims(purchase, 1)
    ClaimLine.objects.filter(claim=claim).delete()
    assert claim.pk not in [c.pk for c in selectors.claims(personas[Role.RESPONSIBLE_OFFICER])]


AGES: list[int | None] = [-2, 0, 1, 30, 31, 45, 60, 61, 90, 91, 92, 400, None]


def test_aged_debt_bands_counted_in_sql_are_the_rules_bands(purchase: Purchase, personas: Any) -> None:
    claims = _claims(purchase, len(AGES), ages=AGES)
    user = personas[Role.RESPONSIBLE_OFFICER]
    debt = selectors.aged_debt(user, today=TODAY)
    unpaid = list(selectors.claims(user, statuses=(ClaimStatus.SUBMITTED, ClaimStatus.APPROVED)))
    by_rule = {label: [0, 0] for label, _, _ in rules.AGE_BANDS}
    for c in unpaid:
        band = rules.age_band(c.age_days(TODAY) or 0)
        by_rule[band][0] += 1
        by_rule[band][1] += c.total_pence
    assert debt.bands == [(label, n, pence) for label, (n, pence) in by_rule.items()]
    assert [n for _, n, _ in debt.bands] == [5, 3, 2, 3]  # -2, 0, 1, 30, no date | 31, 45, 60 | 61, 90 | 91, 92, 400
    assert debt.count == len(unpaid) and debt.total_pence == sum(c.total_pence for c in unpaid)
    assert len(debt.rows) == len(unpaid) and debt.page is None  # without a page: every row (the API)
    assert {r.claim.pk for r in debt.rows} >= {c.pk for c in claims}


def test_aged_debt_page_is_paged_oldest_first_with_the_bands_of_all(purchase: Purchase, client_for: Any, personas: Any) -> None:
    _claims(purchase, 55)
    user = personas[Role.RESPONSIBLE_OFFICER]
    everything = selectors.aged_debt(user, today=TODAY)
    first = selectors.aged_debt(user, today=TODAY, page=1)
    second = selectors.aged_debt(user, today=TODAY, page=2)
    assert [r.claim.pk for r in first.rows + second.rows] == [r.claim.pk for r in everything.rows]
    assert [(r.age_days, r.band) for r in first.rows + second.rows] == [(r.age_days, r.band) for r in everything.rows]
    assert first.bands == everything.bands and first.count == everything.count == len(everything.rows)
    page = client_for(Role.RESPONSIBLE_OFFICER).get(reverse("payments_aged_debt")).content.decode()
    assert f'<td class="govuk-table__cell govuk-table__cell--numeric">{everything.count}</td>' in page
    assert 'href="?page=2" rel="next"' in page


def test_escalations_are_paged_latest_first(purchase: Purchase, client_for: Any, personas: Any) -> None:
    claims = _claims(purchase, 53)
    now = timezone.now()
    Escalation.objects.bulk_create(
        Escalation(claim=c, raised_on=TODAY - timedelta(days=i % 9), raised_at=now, age_days=40, threshold_days=30)
        for i, c in enumerate(claims)
    )
    manager = personas[Role.CONTRACT_MANAGER]
    expected = [e.claim_id for e in sorted(Escalation.objects.visible_to(manager), key=lambda e: (-e.raised_on.toordinal(), e.pk))]
    first, second = _pages(client_for(Role.CONTRACT_MANAGER), "payments_escalations")
    shown = [int(pk) for page in (first, second) for pk in _links(page, r'href="/claims/(\d+)/">Claim')]
    assert shown == expected and len(expected) > 50


def test_the_api_lists_purchases_and_claims_a_page_at_a_time(purchase: Purchase, personas: Any) -> None:
    _purchases(purchase, 60)
    client = APIClient()
    client.force_authenticate(personas[Role.RESPONSIBLE_OFFICER])
    seen = Purchase.objects.visible_to(personas[Role.RESPONSIBLE_OFFICER])
    expected = [p.reference for p in sorted(seen, key=lambda p: (p.purchased_on, p.pk), reverse=True)]
    first = client.get(reverse("api_purchases")).json()
    second = client.get(first["next"]).json()
    assert first["count"] == len(expected) > 50
    assert [p["reference"] for p in first["results"] + second["results"]] == expected
    assert len(client.get(reverse("api_purchases"), {"limit": 10_000}).json()["results"]) == len(expected)  # at most 500
    _claims(purchase, 3)
    claims = client.get(reverse("api_claims"), {"limit": 1}).json()
    assert claims["count"] == selectors.claims(personas[Role.RESPONSIBLE_OFFICER]).count() >= 3
    assert len(claims["results"]) == 1 and claims["next"]
