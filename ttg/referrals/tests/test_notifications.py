"""Each change to a referral tells the other side, once (issue 6, item 4; docs/notifications.md)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ttg.notifications.models import Notification
from ttg.referrals import services
from ttg.referrals.models import DesiredOutcome, Referral

from .conftest import send

pytestmark = pytest.mark.django_db


def _for(user: Any) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


def test_sending_tells_every_partner_caseworker_once_after_commit(
    activity: Any, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        referral = send(activity, outcomes, caseworker, partner.organisation, idempotency_key="k1")
        send(activity, outcomes, caseworker, partner.organisation, idempotency_key="k1")  # a retry
    partners = list(services.partner_caseworkers(partner.organisation))
    assert partner in partners
    sent = Notification.objects.filter(key__startswith=f"referral:{referral.pk}:send:")
    assert sorted(n.recipient_id for n in sent) == sorted(p.pk for p in partners)
    assert len(callbacks) == len(partners)  # one delivery each, scheduled after commit
    assert not _for(caseworker)  # never the one who made the change
    mine = sent.get(recipient=partner)
    assert referral.reference in mine.subject and "A new referral has been sent to you." in mine.body
    person = activity.plan.custody_period.person
    assert person.last_name not in mine.body and person.first_name not in mine.body  # no personal data in messages
    assert mine.link == reverse("partner_referral", args=[referral.pk])


def test_the_partners_changes_go_to_the_referrer(referral: Referral, partner: Any, caseworker: Any) -> None:
    services.accept(referral=referral, by=partner)
    services.accept(referral=referral, by=partner)  # a double-click: nothing new
    services.record_session(
        referral=referral, on=referral.referred_at.date(), method="in_person", attendance="attended", by=partner, idempotency_key="s1"
    )
    services.record_session(
        referral=referral, on=referral.referred_at.date(), method="in_person", attendance="attended", by=partner, idempotency_key="s1"
    )
    told = _for(caseworker)
    assert [n.key.split(":")[2] for n in told] == ["accept", "session"]
    assert all(n.link == reverse("referral_detail", args=[referral.pk]) for n in told)
    assert "accepted" in told[0].body


def test_the_referrers_note_goes_to_the_assigned_caseworker_only(referral: Referral, partner: Any, caseworker: Any) -> None:
    services.accept(referral=referral, by=partner)  # the one who accepts is assigned
    before = Notification.objects.count()
    note = services.add_note(referral=referral, text="Release date moved", by=caseworker)
    new = Notification.objects.filter(pk__gt=0).order_by("-pk")[: Notification.objects.count() - before]
    assert [(n.recipient_id, n.key) for n in new] == [(partner.pk, f"referral:{referral.pk}:note:{note.pk}")]
