"""The demo's referrals: each to a partner whose services fit the person (issue 16). Mersey Women's Centre
has one in every state, for women at HMP Styal referred by their CRC under its supply-chain contract;
Merseyside CRC refers men at its prisons to its own partners for the pathway. Made through the services, once.
And the good-faith story of issue 15: Cheshire and Greater Manchester CRC's rate-card referrals to the
centre, for more women at HMP Styal, each ask the CRC for a purchase when sent, and every session held
while one waited is claimed once its manager authorised it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.accounts.models import User
from ttg.demo.personas import STYAL_STAFF
from ttg.payments.models import ClaimLine, Delivery
from ttg.referrals import rules
from ttg.referrals.demo import MERSEYSIDE_PARTNERS, load_referrals
from ttg.referrals.models import Referral, UnfundedWork
from ttg.screening.demo import load_screenings
from ttg.screening.tests.test_journeys import feed, reception
from ttg.supply_chain.demo import load_supply_chains


def _styal() -> dict[str, Any]:
    users = {u.username: u for u in User.objects.filter(username__in=[p.username for p in STYAL_STAFF])}
    return {p.role: users[p.username] for p in STYAL_STAFF}


def test_demo_referrals_fit_the_people_referred(personas: dict[str, Any], client_for: Any) -> None:
    # Men at Merseyside CRC's prisons, released within the year.
    feed(
        *(reception(f"d{n}", f"D{n:04d}AA", at=f"2019-{1 + n % 6:02d}-{1 + n:02d}T09:30:00+01:00", release="2020-02-03") for n in range(20))
    )
    load_screenings(personas)
    load_supply_chains()
    second = User.objects.get(username="ffion.hughes")  # the demo's second partner caseworker (ttg/demo/personas.py)
    made = load_referrals(personas, second, styal=_styal())
    assert made == Referral.objects.count() > len(rules.STATUSES)
    assert load_referrals(personas, second, styal=_styal()) == 0

    women = Referral.objects.filter(organisation__name="Mersey Women's Centre", funding=rules.SUPPLY_CHAIN).select_related(
        "plan_activity__plan__custody_period__person"
    )
    assert set(women.values_list("status", flat=True)) == set(rules.STATUSES)
    for r in women:
        period = r.plan_activity.plan.custody_period
        assert period.person.sex == "F" and period.current_prison.code == "STI" and r.crc is not None and r.crc.code == "CHESHIRE_GM"
        assert r.in_supply_chain and r.funding == rules.SUPPLY_CHAIN and r.pathway == "abuse"
        assert r.referred_by.username == "joanne.clarke"
    men = Referral.objects.exclude(organisation__name="Mersey Women's Centre").select_related("plan_activity__plan__custody_period__person")
    assert men.exists()
    for r in men:
        assert r.plan_activity.plan.custody_period.person.sex == "M" and r.crc is not None and r.crc.code == "MERSEYSIDE"
        assert r.organisation.name == MERSEYSIDE_PARTNERS[r.pathway] and r.in_supply_chain and r.funding == rules.SUPPLY_CHAIN
    assert User.objects.filter(username="ffion.hughes", organisation__name="Mersey Women's Centre").exists()
    assert Referral.objects.filter(assigned_to__username="ffion.hughes").exists()
    assert UnfundedWork.objects.count() == 1

    # Every rate-card referral carries its purchase from the start: asked for when it was sent.
    rate_card = Referral.objects.filter(funding=rules.RATE_CARD).select_related("purchase", "organisation", "crc")
    assert {(r.organisation.name, r.crc.code if r.crc else None) for r in rate_card} == {("Mersey Women's Centre", "CHESHIRE_GM")}
    assert rate_card.count() == 4 and all(r.purchase is not None and r.purchase.requested_on == r.referred_at.date() for r in rate_card)
    for r in rate_card.select_related("plan_activity__plan__custody_period__person", "purchase__item__rate_card__crc"):
        period = r.plan_activity.plan.custody_period  # a woman at HMP Styal, bought from her CRC's own rate card
        assert period.person.sex == "F" and period.current_prison.code == "STI" and r.pathway == "abuse"
        assert r.purchase is not None and r.purchase.item.rate_card.crc.code == "CHESHIRE_GM"
        assert r.referred_by.username == "joanne.clarke"
    assert any(r.awaiting_purchase for r in rate_card if r.status == rules.SENT)  # the partner sees who was asked
    # The good-faith story: three sessions held while the purchase waited, all claimed once it was authorised.
    story = next(r for r in rate_card if r.sessions.count() == 3)
    assert story.funded and story.purchase is not None and story.purchase.decided_by is not None
    assert story.purchase.decided_by.username == "karen.ashworth"
    assert all(s.on < story.purchase.purchased_on for s in story.sessions.all())
    sessions = Delivery.objects.filter(purchase=story.purchase)
    assert sessions.count() == 3 and all(d.claimed for d in sessions)
    assert ClaimLine.objects.filter(delivery__purchase=story.purchase).count() == 3
    # The partner's page reads the release date from the custody period, as it stands (issue 16).
    first = women.order_by("pk").first()
    assert first is not None
    period = first.plan_activity.plan.custody_period
    feed(
        f"s-later,SENTENCE,2019-09-01T10:00:00+01:00,{period.person.prison_number},STI,,,,,,,,SENTENCED,DETERMINATE,2019-05-13,250,2020-02-21,"
    )
    page = client_for(Role.PARTNER_CASEWORKER).get(reverse("partner_referral", args=[first.pk])).content.decode()
    assert "Expected release date" in page and "21 February 2020" in page
    assert first.shared_information["release_date"] != date(2020, 2, 21).isoformat()  # the copy made when it was sent
