"""A rate-card referral is funded by its purchase, and the partner's delivery becomes a claim (issue 7)."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection, connections

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.payments import services as payments
from ttg.payments.models import Claim, ClaimLine, Delivery, Purchase, RateCardItem
from ttg.payments.tests.conftest import allocate, feed, period_of, reception
from ttg.plans.plan.models import PlanActivity
from ttg.referrals import selectors, services
from ttg.referrals.models import DesiredOutcome, Referral, Session

from .conftest import send

TODAY = date(2019, 9, 2)


def _item(title: str) -> RateCardItem:
    return RateCardItem.objects.get(rate_card__crc__code="MERSEYSIDE", rate_card__published=True, title=title)


def _crc_purchase(
    personas: dict[str, Any], activity: PlanActivity, *, units: int = 2, title: str = "Women's centre key-work session"
) -> Purchase:
    """Merseyside CRC buys its partner's (Mersey Women's Centre's) service for the person of the activity."""
    return payments.make_purchase(
        by=personas[Role.CRC_MANAGER], custody_period=activity.plan.custody_period, item=_item(title), units=units, purchaser_kind="crc"
    )


@pytest.fixture
def funded(personas: dict[str, Any], activity: PlanActivity, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any) -> Referral:
    """A rate-card referral to Mersey Women's Centre with a purchase of 2 sessions, accepted."""
    purchase = _crc_purchase(personas, activity)
    referral = send(activity, outcomes, caseworker, partner.organisation, funding="rate_card", purchase=purchase)
    return services.accept(referral=referral, by=partner)


def _session(referral: Referral, partner: Any, attendance: str = "attended", key: str | None = None) -> Session:
    return services.record_session(
        referral=referral,
        on=TODAY,
        method="in_person",
        attendance=attendance,
        reason="Ill" if attendance == "did_not_attend" else "",
        by=partner,
        idempotency_key=key,
    )


def test_a_rate_card_referral_must_name_its_purchase_or_ask_for_one(activity: Any, outcomes: Any, caseworker: Any, partner: Any) -> None:
    with pytest.raises(services.ReferralError) as refused:
        send(activity, outcomes, caseworker, partner.organisation, funding="rate_card")
    assert "carries its purchase from the start" in refused.value.message and refused.value.field == "purchase"
    assert not Referral.objects.exists() and not Purchase.objects.exists()


def test_a_purchased_referral_is_funded_and_says_how_many_units_are_left(funded: Referral) -> None:
    assert funded.funded
    assert funded.funding_label == f"Rate-card purchase {funded.purchase.reference}: 2 of 2 units left"  # type: ignore[union-attr]


def test_an_attended_session_makes_exactly_one_claim_line(funded: Referral, partner: Any) -> None:
    session = _session(funded, partner, key="k1")
    again = _session(funded, partner, key="k1")  # the same submission twice
    assert again.pk == session.pk
    delivery = Delivery.objects.get()
    assert (delivery.source_key, delivery.units, delivery.kind, delivery.delivered_on) == (
        f"referrals.session:{session.pk}",
        1,
        "session",
        TODAY,
    )
    line = ClaimLine.objects.select_related("claim").get()  # a CRC purchase: the partner claims from the CRC
    assert (line.claim.claimant_name, line.claim.payer_name) == ("Mersey Women's Centre", "Merseyside CRC")
    assert Referral.objects.get(pk=funded.pk).funding_label.endswith(": 1 of 2 units left")


def test_a_late_session_is_claimed_and_a_missed_one_is_not(funded: Referral, partner: Any) -> None:
    _session(funded, partner, "did_not_attend")
    assert not Delivery.objects.exists() and not ClaimLine.objects.exists()
    _session(funded, partner, "late")
    assert Delivery.objects.count() == 1


def test_a_session_beyond_the_authorised_units_is_recorded_and_shown_not_funded_until_more_are_approved(
    funded: Referral, partner: Any, personas: dict[str, Any]
) -> None:
    # R-F3b: the partner's work is never refused for want of funding; what falls outside is shown, with the reason.
    *_claimed, third = (_session(funded, partner) for _ in range(3))
    assert Session.objects.count() == 3 and ClaimLine.objects.count() == 2
    held = Delivery.objects.get(source_key=f"referrals.session:{third.pk}")
    assert (held.unfunded_reason, held.lines.count()) == ("beyond", 0)
    rows = selectors.work_funding(selectors.referral(partner, funded.pk))
    assert [r.claimed for r in rows] == [True, True, False]
    assert rows[2].words.startswith(f"Not funded: beyond the 2 units of purchase {funded.purchase.reference}. Ask the purchaser")  # type: ignore[union-attr]
    assert Referral.objects.get(pk=funded.pk).funding_label.endswith(" is complete")  # every unit used: no more new work funded
    # One more unit approved: the held session is claimed, once, on the day it was held.
    assert funded.purchase is not None
    variation = payments.request_variation(purchase=funded.purchase, extra_units=1, reason="One more session", by=partner)
    payments.decide_variation(variation=variation, approve=True, by=personas[Role.CRC_MANAGER])
    held.refresh_from_db()
    assert (held.unfunded_reason, held.lines.count(), held.delivered_on) == ("", 1, TODAY)
    assert AuditEvent.objects.filter(action="payments.delivery.fund").count() == 1
    assert all(r.claimed for r in selectors.work_funding(selectors.referral(partner, funded.pk)))


def test_the_partner_records_a_session_beyond_the_units_and_sees_why_it_is_not_funded(
    funded: Referral, partner: Any, client_for: Any
) -> None:
    _session(funded, partner)
    _session(funded, partner)
    client = client_for(Role.PARTNER_CASEWORKER)
    response = client.post(
        f"/partner/referrals/{funded.pk}/session/",
        {"on_0": "2", "on_1": "9", "on_2": "2019", "method": "in_person", "attendance": "attended", "token": "t-3"},
    )
    assert response.status_code == 302 and Session.objects.count() == 3
    for page in (client.get(f"/partner/referrals/{funded.pk}/"), client_for(Role.TTG_CASEWORKER).get(f"/referrals/{funded.pk}/")):
        text = page.content.decode()
        assert "Funding of the work recorded" in text and text.count(">Claimed<") == 2 and text.count(">Not funded<") == 1
        assert "Not funded: beyond the 2 units" in text


def _partner_item(partner: Any, unit: str) -> RateCardItem:
    """A service of Mersey Women's Centre on Merseyside's rate card in force, paid per `unit`."""
    card = _item("Women's centre key-work session").rate_card
    return RateCardItem.objects.create(
        rate_card=card,
        title=f"Women's centre ({unit})",
        pathway="abuse",
        unit=unit,
        price_pence=20000,
        provider_organisation=partner.organisation,
        partner_price_pence=15000,
    )


def test_an_achieved_outcome_is_claimed_once_on_an_outcome_purchase(
    personas: dict[str, Any], activity: Any, outcomes: Any, caseworker: Any, partner: Any
) -> None:
    item = _partner_item(partner, "outcome")
    purchase = _crc_purchase(personas, activity, units=1, title=item.title)
    referral = services.accept(
        referral=send(activity, outcomes, caseworker, partner.organisation, funding="rate_card", purchase=purchase), by=partner
    )
    _session(referral, partner)  # a session is not what this purchase pays for
    services.record_outcome(referral=referral, desired_outcome=outcomes[0], result="partly", by=partner)
    assert not Delivery.objects.exists()
    row = services.record_outcome(referral=referral, desired_outcome=outcomes[0], result="achieved", by=partner)
    services.record_outcome(referral=referral, desired_outcome=outcomes[0], result="achieved", by=partner)
    assert list(Delivery.objects.values_list("source_key", "kind")) == [(f"referrals.outcome:{row.pk}", "outcome")]
    assert ClaimLine.objects.count() == 1


def test_a_per_referral_purchase_is_claimed_when_the_partner_accepts(
    personas: dict[str, Any], activity: Any, outcomes: Any, caseworker: Any, partner: Any
) -> None:
    item = _partner_item(partner, "referral")
    purchase = _crc_purchase(personas, activity, units=1, title=item.title)
    referral = send(activity, outcomes, caseworker, partner.organisation, funding="rate_card", purchase=purchase)
    assert not Delivery.objects.exists()
    services.accept(referral=referral, by=partner)
    services.accept(referral=referral, by=partner)  # a double-click
    assert list(Delivery.objects.values_list("source_key", flat=True)) == [f"referrals.referral:{referral.pk}"]


def test_an_hourly_purchase_is_claimed_one_hour_per_attended_session(
    personas: dict[str, Any], activity: Any, outcomes: Any, caseworker: Any, partner: Any
) -> None:
    item = _partner_item(partner, "hour")
    purchase = _crc_purchase(personas, activity, units=5, title=item.title)
    referral = services.accept(
        referral=send(activity, outcomes, caseworker, partner.organisation, funding="rate_card", purchase=purchase), by=partner
    )
    session = _session(referral, partner)
    assert list(Delivery.objects.values_list("source_key", "kind", "units")) == [(f"referrals.session:{session.pk}", "hour", 1)]


def _sent_before_purchases_were_asked_for(
    activity: Any, outcomes: Any, caseworker: Any, partner: Any, personas: dict[str, Any]
) -> Referral:
    """A rate-card referral as one sent before issue 15 could be: no purchase named or asked for."""
    asked = send(activity, outcomes, caseworker, partner.organisation, funding="rate_card", **_asking(personas))
    assert asked.purchase is not None
    Referral.objects.filter(pk=asked.pk).update(purchase=None)
    Purchase.objects.filter(pk=asked.purchase.pk).delete()
    return Referral.objects.get(pk=asked.pk)


def _asking(personas: dict[str, Any], units: int = 2, title: str = "Women's centre key-work session") -> dict[str, Any]:
    return {"service": _item(title), "units": units}


def test_a_purchase_added_later_claims_the_work_recorded_before_it_and_is_audited(
    personas: dict[str, Any], activity: Any, outcomes: Any, caseworker: Any, partner: Any
) -> None:
    referral = _sent_before_purchases_were_asked_for(activity, outcomes, caseworker, partner, personas)
    purchase = _crc_purchase(personas, activity)
    services.accept(referral=referral, by=partner)
    session = _session(referral, partner)  # worked in good faith, before anyone added the purchase
    assert not Delivery.objects.exists()
    rows = selectors.work_funding(selectors.referral(partner, referral.pk))
    assert [(r.claimed, r.words.split(":")[0]) for r in rows] == [(False, "Not yet funded")]
    services.attach_purchase(referral=referral, purchase=purchase, by=caseworker)
    referral = Referral.objects.get(pk=referral.pk)
    assert referral.purchase == purchase and referral.funded
    assert AuditEvent.objects.filter(action="referrals.referral.attach_purchase").count() == 1
    delivery = Delivery.objects.get()
    assert (delivery.source_key, delivery.delivered_on, delivery.unfunded_reason, delivery.lines.count()) == (
        f"referrals.session:{session.pk}",
        TODAY,
        "",
        1,
    )
    services.attach_purchase(referral=referral, purchase=purchase, by=caseworker)  # again: nothing more
    assert Delivery.objects.count() == 1 and ClaimLine.objects.count() == 1


def test_a_purchase_for_another_person_is_refused(
    personas: dict[str, Any], activity: Any, outcomes: Any, caseworker: Any, partner: Any, client_for: Any
) -> None:
    feed(reception("p1", "B1000PY", prison="NHI"))
    period = allocate(period_of("B1000PY"), personas[Role.RESPONSIBLE_OFFICER])
    other = payments.make_purchase(
        by=personas[Role.RESPONSIBLE_OFFICER], custody_period=period, item=_item("Women's centre key-work session"), units=3
    )
    referral = _sent_before_purchases_were_asked_for(activity, outcomes, caseworker, partner, personas)
    with pytest.raises(services.ReferralError) as refused:
        services.attach_purchase(referral=referral, purchase=other, by=caseworker)
    assert (
        refused.value.message
        == f"Purchase {other.reference} is for someone else, or for another time in custody: it cannot fund this referral"
    )
    with pytest.raises(services.ReferralError, match="for someone else"):
        send(activity, outcomes, caseworker, partner.organisation, funding="rate_card", purchase=other)
    response = client_for(Role.TTG_CASEWORKER).post(f"/referrals/{referral.pk}/purchase/", {"purchase": other.reference})
    assert response.status_code == 200 and "is for someone else" in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).purchase is None


def test_a_cancelled_or_other_providers_purchase_is_refused(
    personas: dict[str, Any], activity: Any, outcomes: Any, caseworker: Any
) -> None:
    from ttg.estate.models import Organisation

    purchase = _crc_purchase(personas, activity)
    elsewhere = Organisation.objects.exclude(purchases_provided=purchase).first()
    assert elsewhere is not None
    with pytest.raises(services.ReferralError, match="another provider"):
        send(activity, outcomes, caseworker, elsewhere, funding="rate_card", purchase=purchase, in_supply_chain=False)
    Purchase.objects.filter(pk=purchase.pk).update(status="cancelled")
    with pytest.raises(services.ReferralError, match="is cancelled, not authorised"):
        send(activity, outcomes, caseworker, purchase.provider_organisation, funding="rate_card", purchase=purchase)


def test_both_sides_pages_say_unfunded_and_then_funded(
    personas: dict[str, Any], activity: Any, outcomes: Any, caseworker: Any, partner: Any, client_for: Any
) -> None:
    referral = _sent_before_purchases_were_asked_for(activity, outcomes, caseworker, partner, personas)
    referrer, worker = client_for(Role.TTG_CASEWORKER), client_for(Role.PARTNER_CASEWORKER)
    for client, url in ((referrer, f"/referrals/{referral.pk}/"), (worker, f"/partner/referrals/{referral.pk}/")):
        assert "Unfunded: no authorised purchase yet" in client.get(url).content.decode()
    assert "Add the purchase" in referrer.get(f"/referrals/{referral.pk}/").content.decode()
    purchase = _crc_purchase(personas, activity)
    response = referrer.post(f"/referrals/{referral.pk}/purchase/", {"purchase": purchase.reference.lower()})
    assert response.status_code == 302
    for client, url in ((referrer, f"/referrals/{referral.pk}/"), (worker, f"/partner/referrals/{referral.pk}/")):
        assert f"Rate-card purchase {purchase.reference}: 2 of 2 units left" in client.get(url).content.decode()
    data = referrer.get(f"/api/v1/referrals/{referral.pk}/").json()
    assert (data["purchase"], data["funded"]) == (purchase.reference, True)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and real concurrency need PostgreSQL")
def test_the_same_session_recorded_by_two_threads_at_once_is_claimed_once(funded: Referral, partner: Any) -> None:
    barrier = threading.Barrier(2)
    results: list[Any] = [None, None]

    def worker(i: int) -> None:
        try:
            barrier.wait()
            results[i] = _session(funded, partner, key="same-submission")
        except Exception as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert results[0].pk == results[1].pk
    assert Session.objects.count() == 1 and Delivery.objects.count() == 1 and ClaimLine.objects.count() == 1
    assert Claim.objects.count() == 1


def test_the_inbox_shows_funding_in_a_fixed_number_of_queries(
    personas: dict[str, Any], activity: Any, outcomes: Any, caseworker: Any, partner: Any, client_for: Any
) -> None:
    from django.test.utils import CaptureQueriesContext

    client = client_for(Role.PARTNER_CASEWORKER)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/partner/referrals/?tab=open")
        assert page.status_code == 200
        return len(captured)

    first = send(activity, outcomes, caseworker, partner.organisation, funding="rate_card", purchase=_crc_purchase(personas, activity))
    _session(services.accept(referral=first, by=partner), partner)
    one = queries()
    for _ in range(2):
        send(activity, outcomes, caseworker, partner.organisation, funding="rate_card", purchase=_crc_purchase(personas, activity))
    page = client.get("/partner/referrals/?tab=open").content.decode()
    assert page.count("units left") == 3 and ": 1 of 2 units left" in page
    assert queries() == one


def _outcome_referral(personas: dict[str, Any], activity: Any, outcomes: Any, caseworker: Any, partner: Any) -> Referral:
    item = _partner_item(partner, "outcome")
    purchase = _crc_purchase(personas, activity, units=1, title=item.title)
    return services.accept(
        referral=send(activity, outcomes, caseworker, partner.organisation, funding="rate_card", purchase=purchase), by=partner
    )


def test_an_outcome_changed_back_from_achieved_withdraws_its_claim_line(
    personas: dict[str, Any], activity: Any, outcomes: Any, caseworker: Any, partner: Any
) -> None:
    referral = _outcome_referral(personas, activity, outcomes, caseworker, partner)
    row = services.record_outcome(referral=referral, desired_outcome=outcomes[0], result="achieved", by=partner)
    assert Claim.objects.get().total_pence == 15000
    services.record_outcome(referral=referral, desired_outcome=outcomes[0], result="partly", by=partner)
    delivery = Delivery.objects.get()
    assert delivery.withdrawn and delivery.withdrawn_by == partner
    assert delivery.withdrawn_reason == f"Outcome “{outcomes[0].text}” changed from achieved to partly achieved"
    assert not ClaimLine.objects.exists() and Claim.objects.get().total_pence == 0  # the claim was still open
    assert Referral.objects.get(pk=referral.pk).funding_label.endswith(": 1 of 1 units left")
    services.record_outcome(referral=referral, desired_outcome=outcomes[0], result="not_achieved", by=partner)  # nothing more to withdraw
    assert AuditEvent.objects.filter(action="payments.delivery.withdraw").count() == 1
    # Achieved again: claimed again, exactly once, under the same key.
    services.record_outcome(referral=referral, desired_outcome=outcomes[0], result="achieved", by=partner)
    services.record_outcome(referral=referral, desired_outcome=outcomes[0], result="achieved", by=partner)
    live = Delivery.objects.filter(withdrawn_at__isnull=True)
    assert list(live.values_list("source_key", flat=True)) == [f"referrals.outcome:{row.pk}"]
    assert ClaimLine.objects.count() == 1 and Claim.objects.get().total_pence == 15000


def test_an_outcome_changed_back_after_its_claim_was_submitted_is_credited(
    personas: dict[str, Any], activity: Any, outcomes: Any, caseworker: Any, partner: Any
) -> None:
    referral = _outcome_referral(personas, activity, outcomes, caseworker, partner)
    services.record_outcome(referral=referral, desired_outcome=outcomes[0], result="achieved", by=partner)
    submitted = payments.submit_claim(claim=Claim.objects.get(), by=partner)
    services.record_outcome(referral=referral, desired_outcome=outcomes[0], result="not_achieved", by=partner)
    assert Claim.objects.get(pk=submitted.pk).total_pence == 15000  # what was submitted is not changed
    credit = ClaimLine.objects.select_related("claim").get(reverses__isnull=False)
    assert (credit.amount_pence, credit.claim.status, credit.claim.sequence) == (-15000, "draft", 2)
    assert sum(Claim.objects.values_list("total_pence", flat=True)) == 0


def test_a_purchase_that_funds_a_referral_is_never_delivered_by_hand(funded: Referral, partner: Any, client_for: Any) -> None:
    # Its sessions record delivery themselves: the purchase page and the API would claim them twice.
    from django.urls import reverse
    from rest_framework.test import APIClient

    assert funded.purchase is not None
    reference = funded.purchase.reference
    client = client_for(Role.PARTNER_CASEWORKER)
    page = client.get(reverse("payments_purchase", kwargs={"reference": reference})).content.decode()
    assert f"This purchase funds referral {funded.reference}" in page
    assert 'action="' + reverse("payments_delivery", kwargs={"reference": reference}) not in page
    form = {"token": "tok-1", "units": "1", "delivered_on_0": "2", "delivered_on_1": "9", "delivered_on_2": "2019"}
    refused = client.post(reverse("payments_delivery", kwargs={"reference": reference}), form)
    assert refused.status_code == 200 and "record its sessions and outcomes on the referral" in refused.content.decode()
    api = APIClient()
    api.force_authenticate(partner)
    response = api.post(
        reverse("api_deliveries", kwargs={"reference": reference}),
        {"source_key": "x:1", "units": 1, "delivered_on": "2019-09-02"},
        format="json",
    )
    assert response.status_code == 422 and funded.reference in response.json()["reasons"][0]
    assert not Delivery.objects.exists()
    _session(funded, partner)  # the referral's own way still claims
    assert Delivery.objects.count() == 1
