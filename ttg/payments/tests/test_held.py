"""R-F3b (issue 15): delivery recorded outside a purchase's authority is held with its reason, never
dropped, and claimed once, earliest first, when the authority comes to cover it; a purchase asked for
commits nothing until its purchaser authorises it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test.utils import override_settings

from ttg.accounts.constants import Role
from ttg.payments import rules, services
from ttg.payments.models import ClaimLine, Delivery, Purchase, RateCardItem
from ttg.people.models import CustodyPeriod

TODAY = date(2019, 9, 2)


def _held(purchase: Purchase, key: str, *, on: date = TODAY) -> Delivery:
    return services.record_delivery(purchase=purchase, source_key=key, units=1, on=on, hold_outside=True).delivery


def test_fund_in_order_takes_units_earliest_first_and_names_each_reason() -> None:
    authority = rules.Authority(status="authorised", covers_from=date(2019, 9, 1), limit=3, funded=1)
    held = [(date(2019, 8, 31), 1), (date(2019, 9, 1), 1), (date(2019, 9, 2), 1), (date(2019, 9, 2), 1)]
    assert rules.fund_in_order(authority, held) == ("before", "", "", "beyond")
    for status, code in (("requested", "awaiting"), ("refused", "refused"), ("cancelled", "cancelled")):
        assert rules.fund_in_order(rules.Authority(status, date(2019, 9, 1), 3, 0), held) == (code,) * 4
    words = rules.unfunded_words("beyond", reference="P1", purchaser="Merseyside CRC", covers_from=TODAY, limit=3, on=TODAY)
    assert words.startswith("Not funded: beyond the 3 units of purchase P1. Ask the purchaser for more units")
    assert "rule R-F5" in words


def test_beyond_the_units_is_held_and_claimed_when_a_claimed_one_is_withdrawn(purchase: Purchase) -> None:
    first, second, third, fourth = (_held(purchase, f"k:{n}") for n in range(4))
    assert [d.unfunded_reason for d in (first, second, third, fourth)] == ["", "", "", "beyond"]
    assert ClaimLine.objects.filter(tier="purchase").count() == 3
    assert Purchase.objects.get(pk=purchase.pk).status == "complete"
    services.withdraw_delivery(purchase=purchase, source_key="k:1", reason="Recorded by mistake", by=None)
    fourth.refresh_from_db()
    assert (fourth.unfunded_reason, fourth.lines.filter(reverses__isnull=True).count()) == ("", 2)  # both tiers
    assert services.delivered_units(purchase) == 3 and Purchase.objects.get(pk=purchase.pk).status == "complete"
    # The same key again: once.
    assert services.record_delivery(purchase=purchase, source_key="k:3", units=1, on=TODAY, hold_outside=True).created is False


def test_before_the_purchase_is_held_for_good_and_by_hand_it_is_refused(earlier_purchase: Purchase) -> None:
    held = _held(earlier_purchase, "k:early", on=date(2019, 6, 30))
    assert held.unfunded_reason == "before" and not held.lines.exists()
    with pytest.raises(services.PaymentRefused, match="before the purchase was made"):
        services.record_delivery(purchase=earlier_purchase, source_key="k:hand", units=1, on=date(2019, 6, 30))


def test_a_purchase_asked_for_holds_delivery_commits_nothing_and_funds_it_when_authorised(
    personas: dict[str, Any], at_altcourse: CustodyPeriod
) -> None:
    manager, caseworker = personas[Role.CRC_MANAGER], personas[Role.TTG_CASEWORKER]
    item = RateCardItem.objects.get(rate_card__crc__code="MERSEYSIDE", rate_card__published=True, title="Women's centre key-work session")
    with override_settings(TTG_NOW="2019-08-20T10:00:00+01:00"):
        asked = services.request_purchase(by=caseworker, custody_period=at_altcourse, item=item, units=2, crc=caseworker.crc)
        committed = services.committed_pence(asked.allocation)
        held = [_held(asked, f"s:{n}", on=date(2019, 8, 20)) for n in range(3)]
    assert [d.unfunded_reason for d in held] == ["awaiting"] * 3 and not ClaimLine.objects.exists()
    with pytest.raises(services.PaymentRefused, match="not authorised"):
        services.record_delivery(purchase=asked, source_key="hand:1", units=1, on=TODAY)
    bought = services.decide_purchase(purchase=asked, approve=True, by=manager)
    assert (bought.status, bought.purchased_on, bought.covers_from) == ("complete", TODAY, date(2019, 8, 20))
    assert [Delivery.objects.get(pk=d.pk).unfunded_reason for d in held] == ["", "", "beyond"]
    lines = ClaimLine.objects.select_related("claim")
    assert lines.count() == 2 and {line.claim.month for line in lines} == {date(2019, 8, 1)}  # claimed in the month delivered
    assert services.committed_pence(bought.allocation) == committed + 2 * 8000


def test_a_refused_purchase_keeps_its_delivery_held_with_the_reason(personas: dict[str, Any], at_altcourse: CustodyPeriod) -> None:
    caseworker = personas[Role.TTG_CASEWORKER]
    item = RateCardItem.objects.get(rate_card__crc__code="MERSEYSIDE", rate_card__published=True, title="Women's centre key-work session")
    asked = services.request_purchase(by=caseworker, custody_period=at_altcourse, item=item, units=2, crc=caseworker.crc)
    committed = services.committed_pence(asked.allocation)
    held = _held(asked, "s:1")
    with pytest.raises(services.PaymentRefused, match="Give the reason") as refused:
        services.decide_purchase(purchase=asked, approve=False, by=personas[Role.CRC_MANAGER])
    assert refused.value.field == "reason"
    services.decide_purchase(purchase=asked, approve=False, reason="Funded by a grant", by=personas[Role.CRC_MANAGER])
    held.refresh_from_db()
    assert held.unfunded_reason == "refused" and not ClaimLine.objects.exists()
    assert services.committed_pence(asked.allocation) == committed  # a refused purchase commits nothing


def test_only_the_crcs_own_staff_ask_it_to_buy_and_only_its_partners_services(
    personas: dict[str, Any], at_altcourse: CustodyPeriod, leaving: CustodyPeriod
) -> None:
    card_items = RateCardItem.objects.filter(rate_card__crc__code="MERSEYSIDE", rate_card__published=True)
    partner_item = card_items.get(title="Women's centre key-work session")
    own_item = card_items.get(title="Accommodation advice and support")
    caseworker = personas[Role.TTG_CASEWORKER]
    with pytest.raises(services.PaymentRefused, match="own staff"):
        services.request_purchase(
            by=personas[Role.PARTNER_CASEWORKER], custody_period=at_altcourse, item=partner_item, units=1, crc=caseworker.crc
        )
    with pytest.raises(services.PaymentRefused, match="delivers this service itself"):
        services.request_purchase(by=caseworker, custody_period=at_altcourse, item=own_item, units=1, crc=caseworker.crc)
    with pytest.raises(services.PaymentRefused, match="resettlement prisons"):  # New Hall is not one: the NPS buys there (R-F2)
        services.request_purchase(by=caseworker, custody_period=leaving, item=partner_item, units=1, crc=caseworker.crc)
    assert not Purchase.objects.filter(status="requested").exists()
