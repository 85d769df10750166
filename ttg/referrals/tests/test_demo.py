"""The demo's referrals: Mersey Women's Centre has one in every state, made through the services, once;
and the good-faith story of issue 15: a purchase asked for when the referral was sent, and every
session held while it waited claimed once it was authorised."""

from __future__ import annotations

from typing import Any

from ttg.accounts.models import User
from ttg.payments.models import ClaimLine, Delivery
from ttg.referrals import rules
from ttg.referrals.demo import load_referrals
from ttg.referrals.models import Referral, UnfundedWork
from ttg.screening.demo import load_screenings
from ttg.screening.tests.test_journeys import feed, reception


def test_demo_referrals_in_every_state(personas: dict[str, Any]) -> None:
    feed(*(reception(f"d{n}", f"D{n:04d}AA", at=f"2019-{1 + n % 6:02d}-{1 + n:02d}T09:30:00+01:00") for n in range(20)))
    load_screenings(personas)
    second = User.objects.get(username="ffion.hughes")  # the demo's second partner caseworker (ttg/demo/personas.py)
    assert load_referrals(personas, second) == len(rules.STATUSES) + 2
    assert load_referrals(personas, second) == 0
    assert set(Referral.objects.values_list("status", flat=True)) == set(rules.STATUSES)
    assert set(Referral.objects.values_list("organisation__name", flat=True)) == {"Mersey Women's Centre"}
    assert User.objects.filter(username="ffion.hughes", organisation__name="Mersey Women's Centre").exists()
    assert Referral.objects.filter(assigned_to__username="ffion.hughes").exists()
    assert UnfundedWork.objects.count() == 1

    # Every rate-card referral carries its purchase from the start: asked for when it was sent.
    rate_card = Referral.objects.filter(funding=rules.RATE_CARD).select_related("purchase")
    assert rate_card.count() == 4 and all(r.purchase is not None and r.purchase.requested_on == r.referred_at.date() for r in rate_card)
    assert any(r.awaiting_purchase for r in rate_card if r.status == rules.SENT)  # the partner sees who was asked
    # The good-faith story: three sessions held while the purchase waited, all claimed once it was authorised.
    story = next(r for r in rate_card if r.sessions.count() == 3)
    assert story.funded and story.purchase is not None and story.purchase.decided_by is not None
    assert all(s.on < story.purchase.purchased_on for s in story.sessions.all())
    sessions = Delivery.objects.filter(purchase=story.purchase)
    assert sessions.count() == 3 and all(d.claimed for d in sessions)
    assert ClaimLine.objects.filter(delivery__purchase=story.purchase).count() == 3
