"""Issue 15, R-F3: a rate-card referral carries its purchase authority from the start. Sent without a
purchase already made, it asks the CRC to buy the partner's service; the partner sees the work is
not yet funded and who was asked, works in good faith, and every piece of that work is claimed once
the purchase is authorised, or shown unfunded with the reason when it is refused."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import home_tasks
from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.notifications.models import Notification
from ttg.payments import services as payments
from ttg.payments.models import ClaimLine, Delivery, Purchase, RateCardItem
from ttg.plans.plan.models import PlanActivity
from ttg.referrals import selectors, services
from ttg.referrals.models import DesiredOutcome, Referral, Session

from .conftest import send

TODAY = date(2019, 9, 2)
SESSIONS = "Women's centre key-work session"


def _item(title: str = SESSIONS) -> RateCardItem:
    return RateCardItem.objects.get(rate_card__crc__code="MERSEYSIDE", rate_card__published=True, title=title)


def _asking(
    activity: PlanActivity, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any, *, units: int = 3, item: Any = None
) -> Referral:
    """A rate-card referral to Mersey Women's Centre asking Merseyside CRC to buy `units` of its sessions."""
    return send(activity, outcomes, caseworker, partner.organisation, funding="rate_card", service=item or _item(), units=units)


def _session(referral: Referral, partner: Any, attendance: str = "attended", on: date = TODAY) -> Session:
    reason = "Ill" if attendance == "did_not_attend" else ""
    return services.record_session(referral=referral, on=on, method="in_person", attendance=attendance, reason=reason, by=partner)


def test_sending_asks_the_crc_to_buy_and_tells_its_managers(
    personas: dict[str, Any], activity: PlanActivity, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any
) -> None:
    allocation_before = payments.committed_pence(payments._allocation_for(kind="crc", by=caseworker, on=TODAY, crc=caseworker.crc))
    referral = _asking(activity, outcomes, caseworker, partner)
    asked = referral.purchase
    assert asked is not None
    assert (asked.status, asked.purchaser_kind, asked.purchaser_crc, asked.provider_organisation) == (
        "requested",
        "crc",
        caseworker.crc,
        partner.organisation,
    )
    assert (asked.requested_by, asked.requested_on, asked.covers_from, asked.units_authorised, asked.value_authorised_pence) == (
        caseworker,
        TODAY,
        TODAY,
        3,
        3 * 8000,  # what the CRC pays its partner a session
    )
    assert referral.awaiting_purchase and not referral.funded
    assert referral.funding_label == f"Not yet funded: purchase {asked.reference} asked of Merseyside CRC on 2 September 2019"
    assert [u.username for u in services.who_was_asked(referral)] == ["helen.price"]
    note = Notification.objects.get(template="purchase_requested")
    assert note.recipient == personas[Role.CRC_MANAGER] and asked.reference in note.subject
    assert AuditEvent.objects.filter(action="payments.purchase.request").count() == 1
    # Asked for, not bought: nothing of the CRC's allocation is committed until it is authorised.
    assert payments.committed_pence(asked.allocation) == allocation_before


def test_the_service_asked_for_must_be_the_organisations_and_units_are_needed(
    activity: PlanActivity, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any
) -> None:
    other = _item("Tenancy sustainment support")  # Gateway Housing Trust's, not Mersey Women's Centre's
    with pytest.raises(services.ReferralError, match="is not a service of Mersey Women's Centre") as refused:
        _asking(activity, outcomes, caseworker, partner, item=other)
    assert refused.value.field == "service"
    with pytest.raises(services.ReferralError, match="carries its purchase from the start"):
        _asking(activity, outcomes, caseworker, partner, units=0)
    assert not Referral.objects.exists() and not Purchase.objects.exists()


def test_work_done_while_the_purchase_waits_is_all_claimed_when_it_is_authorised(
    personas: dict[str, Any], activity: PlanActivity, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any, client_for: Any
) -> None:
    referral = services.accept(referral=_asking(activity, outcomes, caseworker, partner), by=partner)
    first = _session(referral, partner, on=date(2019, 9, 2))
    _session(referral, partner, "did_not_attend")  # not delivered: nothing to claim, nothing to show
    second = _session(referral, partner, "late")
    assert referral.purchase is not None
    reference = referral.purchase.reference
    held = Delivery.objects.filter(purchase=referral.purchase).order_by("pk")
    assert [(d.source_key, d.unfunded_reason) for d in held] == [
        (f"referrals.session:{first.pk}", "awaiting"),
        (f"referrals.session:{second.pk}", "awaiting"),
    ]
    assert not ClaimLine.objects.exists()
    # Both sides see it plainly: not yet funded, who was asked, and each session waiting for the decision.
    for client, url in (
        (client_for(Role.PARTNER_CASEWORKER), f"/partner/referrals/{referral.pk}/"),
        (client_for(Role.TTG_CASEWORKER), f"/referrals/{referral.pk}/"),
    ):
        page = client.get(url).content.decode()
        assert "Not yet funded" in page and "Asked: Merseyside CRC (Helen Price)" in page
        assert page.count(f"Not yet funded: purchase {reference} is waiting for Merseyside CRC to authorise it") == 2
    assert "Add the purchase" not in client_for(Role.TTG_CASEWORKER).get(f"/referrals/{referral.pk}/").content.decode()

    manager = client_for(Role.CRC_MANAGER)
    purchases = manager.get(reverse("payments_purchases")).content.decode()
    assert "Purchases asked for, to decide on" in purchases and reference in purchases
    tasks = {text: (href, count) for text, href, count, _tag in home_tasks(manager.get(reverse("home")).content.decode())}
    assert tasks["Purchases asked for, to decide"] == (reverse("payments_purchases"), 1)
    response = manager.post(reverse("payments_purchase_decide", kwargs={"reference": reference}), {"decision": "authorise"})
    assert response.status_code == 302
    bought = Purchase.objects.get(pk=referral.purchase.pk)
    assert (bought.status, bought.purchased_by, bought.decided_by, bought.covers_from) == (
        "authorised",
        personas[Role.CRC_MANAGER],
        personas[Role.CRC_MANAGER],
        TODAY,
    )
    lines = ClaimLine.objects.select_related("delivery", "claim").order_by("delivery__pk")
    assert [(line.delivery.source_key, line.delivery.delivered_on, line.amount_pence) for line in lines] == [
        (f"referrals.session:{first.pk}", TODAY, 8000),
        (f"referrals.session:{second.pk}", TODAY, 8000),
    ]
    assert {line.claim.claimant_name for line in lines} == {"Mersey Women's Centre"}
    assert AuditEvent.objects.filter(action="payments.delivery.fund").count() == 2
    shown = Referral.objects.select_related("purchase").get(pk=referral.pk)
    assert shown.funded and shown.funding_label == f"Rate-card purchase {reference}: 1 of 3 units left"
    assert all(r.claimed for r in selectors.work_funding(selectors.referral(partner, referral.pk)))
    told = {n.recipient.username for n in Notification.objects.filter(template="purchase_decided")}
    assert {"tom.okafor", "aisha.begum"} <= told and "helen.price" not in told  # who asked, and who does the work
    # Deciding again is refused: once only.
    with pytest.raises(payments.PaymentRefused, match="already been decided"):
        payments.decide_purchase(purchase=bought, approve=True, by=personas[Role.CRC_MANAGER])


def test_a_per_referral_purchase_asked_for_claims_the_acceptance_once_authorised(
    personas: dict[str, Any], activity: PlanActivity, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any
) -> None:
    item = RateCardItem.objects.create(
        rate_card=_item().rate_card,
        title="Women's centre (per referral)",
        pathway="abuse",
        unit="referral",
        price_pence=20000,
        provider_organisation=partner.organisation,
        partner_price_pence=15000,
    )
    referral = services.accept(referral=_asking(activity, outcomes, caseworker, partner, units=1, item=item), by=partner)
    assert Delivery.objects.get().unfunded_reason == "awaiting"
    assert referral.purchase is not None
    payments.decide_purchase(purchase=referral.purchase, approve=True, by=personas[Role.CRC_MANAGER])
    line = ClaimLine.objects.select_related("delivery").get()
    assert (line.delivery.source_key, line.amount_pence) == (f"referrals.referral:{referral.pk}", 15000)
    assert Purchase.objects.get(pk=referral.purchase.pk).status == "complete"


def test_a_refused_purchase_leaves_the_work_shown_unfunded_with_the_reason_and_another_can_fund_it(
    personas: dict[str, Any], activity: PlanActivity, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any, client_for: Any
) -> None:
    referral = services.accept(referral=_asking(activity, outcomes, caseworker, partner), by=partner)
    session = _session(referral, partner)
    asked = referral.purchase
    assert asked is not None
    manager = client_for(Role.CRC_MANAGER)
    url = reverse("payments_purchase_decide", kwargs={"reference": asked.reference})
    page = manager.post(url, {"decision": "refuse"}).content.decode()
    assert "Give the reason the purchase is refused" in page and Purchase.objects.get(pk=asked.pk).status == "requested"
    other = payments.make_purchase(
        by=personas[Role.CRC_MANAGER], custody_period=activity.plan.custody_period, item=_item(), units=1, purchaser_kind="crc"
    )
    with pytest.raises(services.ReferralError, match="waits for Merseyside CRC to decide"):  # the purchaser decides that one first
        services.attach_purchase(referral=referral, purchase=other, by=caseworker)
    assert manager.post(url, {"decision": "refuse", "reason": "Already funded by the women's centre grant"}).status_code == 302
    row = selectors.work_funding(selectors.referral(partner, referral.pk))[0]
    assert not row.claimed
    assert row.words.startswith(
        f"Not funded: Merseyside CRC refused purchase {asked.reference}: Already funded by the women's centre grant."
    )
    shown = Referral.objects.select_related("purchase__purchaser_crc").get(pk=referral.pk)
    assert shown.funding_label == f"Unfunded: Merseyside CRC refused purchase {asked.reference}"
    assert "Add the purchase" in client_for(Role.TTG_CASEWORKER).get(f"/referrals/{referral.pk}/").content.decode()
    # Another purchase is added: the work held on the refused one moves to it, and is claimed.
    services.attach_purchase(referral=referral, purchase=other, by=caseworker)
    moved = Delivery.objects.get(purchase=asked)
    assert moved.withdrawn and moved.withdrawn_reason == f"Moved to purchase {other.reference}"
    claimed = Delivery.objects.get(purchase=other)
    assert (claimed.source_key, claimed.unfunded_reason, claimed.lines.count()) == (f"referrals.session:{session.pk}", "", 1)


def test_only_the_purchaser_decides(
    personas: dict[str, Any], activity: PlanActivity, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any, client_for: Any
) -> None:
    referral = _asking(activity, outcomes, caseworker, partner)
    assert referral.purchase is not None
    for role in (Role.PARTNER_CASEWORKER, Role.TTG_CASEWORKER, Role.RESPONSIBLE_OFFICER):
        with pytest.raises(payments.PaymentRefused, match="Only the purchaser"):
            payments.decide_purchase(purchase=referral.purchase, approve=True, by=personas[role])
    url = reverse("payments_purchase_decide", kwargs={"reference": referral.purchase.reference})
    assert client_for(Role.RESPONSIBLE_OFFICER).post(url, {"decision": "authorise"}).status_code == 404
    assert Purchase.objects.get(pk=referral.purchase.pk).status == "requested"


def test_the_contract_manager_sees_the_work_not_funded_with_the_reason(
    personas: dict[str, Any], activity: PlanActivity, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any, client_for: Any
) -> None:
    referral = services.accept(referral=_asking(activity, outcomes, caseworker, partner), by=partner)
    _session(referral, partner)
    page = client_for(Role.CONTRACT_MANAGER).get(reverse("payments_funding") + "?year=2019").content.decode()
    assert "Delivery not funded, by provider and reason" in page
    assert "The purchase is waiting for the purchaser&#39;s decision" in page and "£80.00" in page
    assert referral.purchase is not None
    # And on the purchase page, which the contract manager may open, each delivery with its words.
    detail = client_for(Role.CONTRACT_MANAGER).get(reverse("payments_purchase", kwargs={"reference": referral.purchase.reference}))
    assert "is waiting for Merseyside CRC to authorise it" in detail.content.decode()


def test_the_inbox_of_referrals_waiting_for_their_purchase_takes_a_fixed_number_of_queries(
    activity: PlanActivity, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any, client_for: Any
) -> None:
    client = client_for(Role.PARTNER_CASEWORKER)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/partner/referrals/?tab=new").status_code == 200
        return len(captured)

    _asking(activity, outcomes, caseworker, partner)
    one = queries()
    for _ in range(3):
        _asking(activity, outcomes, caseworker, partner)
    page = client.get("/partner/referrals/?tab=new").content.decode()
    assert page.count("asked of Merseyside CRC") == 4
    assert queries() == one


def test_the_referrers_funding_step_asks_for_the_service(
    activity: PlanActivity, outcomes: list[DesiredOutcome], partner: Any, client_for: Any
) -> None:
    client = client_for(Role.TTG_CASEWORKER)
    base = {"prison_number": activity.plan.custody_period.person.prison_number, "pk": activity.pk}

    def step(name: str) -> str:
        return reverse("referral_new", kwargs={**base, "step": name})

    client.get(step("organisation"))
    client.post(step("organisation"), {"organisation": partner.organisation.pk})
    client.post(step("need"), {"need": "Key work", "desired_outcomes": [outcomes[0].pk]})
    client.post(step("share"), {"shared": ["first_name"]})
    client.post(step("consent"), {"consent_given": "yes", "consent_on_0": "2", "consent_on_1": "9", "consent_on_2": "2019"})
    page = client.get(step("funding")).content.decode()
    assert "Which service will you ask the CRC to buy?" in page and "£80.00 per session attended" in page
    refused = client.post(step("funding"), {"funding": "rate_card"}).content.decode()
    assert "carries its purchase from the start" in refused
    missing = client.post(step("funding"), {"funding": "rate_card", "service": _item().pk}).content.decode()
    assert "Enter how many units to ask for" in missing
    assert client.post(step("funding"), {"funding": "rate_card", "service": _item().pk, "units": "4"})["Location"] == step("check")
    check = client.get(step("check")).content.decode()
    assert "Rate-card purchase asked of Merseyside CRC: 4 × Women&#39;s centre key-work session (£80.00 per session attended)" in check
    sent = client.post(step("check"))
    referral = Referral.objects.get()
    assert referral.purchase is not None and referral.purchase.status == "requested" and referral.purchase.units_authorised == 4
    detail = client.get(sent["Location"]).content.decode()
    assert "Merseyside CRC has been asked to authorise purchase" in detail and "Not yet funded" in detail


def test_the_api_sends_a_rate_card_referral_that_asks_for_its_purchase(
    activity: PlanActivity, outcomes: list[DesiredOutcome], partner: Any, client_for: Any
) -> None:
    client = client_for(Role.TTG_CASEWORKER)
    body: dict[str, Any] = {
        "plan_activity": activity.pk,
        "organisation": partner.organisation_id,
        "need": "Key work",
        "desired_outcomes": [outcomes[0].pk],
        "shared": ["first_name"],
        "consent_given": True,
        "consent_on": "2019-09-02",
        "funding": "rate_card",
    }
    refused = client.post(reverse("api_referrals"), body, content_type="application/json")
    assert refused.status_code == 400 and "carries its purchase from the start" in refused.json()["errors"]["purchase"]
    other = _item("Tenancy sustainment support").pk  # not the centre's
    wrong = client.post(reverse("api_referrals"), {**body, "service": other, "units": 2}, content_type="application/json")
    assert wrong.status_code == 400 and "no such service of the organisation" in wrong.json()["errors"]["service"]
    made = client.post(reverse("api_referrals"), {**body, "service": _item().pk, "units": 2}, content_type="application/json")
    assert made.status_code == 201, made.json()
    data = made.json()
    assert (data["funded"], data["purchase"][:1]) == (False, "P") and data["funding_label"].startswith("Not yet funded: purchase P")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and real concurrency need PostgreSQL")
def test_authorising_while_the_partner_records_a_session_claims_it_once(
    personas: dict[str, Any], activity: PlanActivity, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any
) -> None:
    """The purchaser authorises, twice at once (a double click on two machines), while the partner records a
    session: one decision, one delivery, one claim line, whichever commits first."""
    referral = services.accept(referral=_asking(activity, outcomes, caseworker, partner), by=partner)
    assert referral.purchase is not None
    asked = referral.purchase
    barrier = threading.Barrier(3)
    results: list[Any] = [None, None, None]

    def run(i: int) -> None:
        try:
            barrier.wait()
            if i < 2:
                results[i] = payments.decide_purchase(purchase=asked, approve=True, by=personas[Role.CRC_MANAGER])
            else:
                results[i] = _session(referral, partner)
        except Exception as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    decided = [r for r in results[:2] if isinstance(r, Purchase)]
    refused = [r for r in results[:2] if isinstance(r, payments.PaymentRefused)]
    assert len(decided) == 1 and len(refused) == 1 and "already been decided" in str(refused[0]), results
    assert isinstance(results[2], Session), results
    assert Purchase.objects.get(pk=asked.pk).status == "authorised"
    delivery = Delivery.objects.get()
    assert delivery.unfunded_reason == "" and ClaimLine.objects.count() == 1
