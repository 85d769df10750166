"""Issue 22: the referral rules' reasons in the reader's language, their citations still found; the
reasons stored in the audit trail in English whoever is reading; a refusal still names its field."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import translation

from ttg.core.models import AuditEvent
from ttg.core.rules import split_citations
from ttg.referrals import rules, services
from ttg.referrals.models import DesiredOutcome, Referral

from .conftest import send

DAY = date(2019, 9, 2)
R2 = "rule R-R2, in force throughout the service"


def test_a_reason_is_welsh_when_the_reader_reads_welsh_and_its_citation_is_still_found() -> None:
    with translation.override("cy"):
        (refused,) = rules.transition(rules.SENT, rules.START, on=DAY).reasons
        words, cited = split_citations(refused)
        assert words == ("Mae’r atgyfeiriad wedi’i anfon, felly ni ellir ei ddechrau; gellir ei dderbyn, ei wrthod neu ei dynnu’n ôl.")
        assert cited == (R2,)
        assert rules.funding_words(rules.UNFUNDED) == "Heb ei ariannu"
    with translation.override("en-gb"):
        assert rules.transition(rules.SENT, rules.START, on=DAY).reasons == (
            f"A referral that is sent cannot be started; it can be accepted, declined or withdrawn ({R2}).",
        )
        assert rules.funding_words(rules.UNFUNDED) == "Unfunded"


def test_what_an_open_referral_can_still_become_is_what_the_transitions_say() -> None:
    """CANNOT_WORDS writes, for each open status, what it can still become: the same as TRANSITIONS."""
    done = {
        "accept": "accepted",
        "decline": "declined",
        "withdraw": "withdrawn",
        "start": "started",
        "complete": "completed",
        "cancel": "cancelled",
    }
    for status in {c for (c, _action) in rules.TRANSITIONS if c is not None}:
        allowed = [done[a] for a in sorted(a for (c, a) in rules.TRANSITIONS if c == status)]
        either = ", ".join(allowed[:-1]) + " or " + allowed[-1]
        assert rules.CANNOT_WORDS[status].endswith(f"; it can be {either} (%(rule)s).")
    assert set(rules.NOW_WORDS) == set(rules.IS_WORDS) == set(rules.STATUSES)
    assert set(rules.SEND_FIRST) == set(rules.ACTIONS) - {rules.SEND} and set(rules.GIVE_REASON) == rules.NEEDS_REASON


@pytest.mark.django_db
def test_stored_reasons_are_english_and_refusals_name_their_field_in_welsh(
    activity: Any, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any
) -> None:
    with translation.override("cy"):
        with pytest.raises(services.ReferralError) as refused:
            send(activity, outcomes, caseworker, partner.organisation, consent_given=False)
        assert refused.value.message.startswith("Nid yw’r person wedi cydsynio") and refused.value.field == "consent_given"
        referral: Referral = send(activity, outcomes, caseworker, partner.organisation)
        services.accept(referral=referral, by=partner)
        with pytest.raises(services.ReferralError) as no_reason:
            services.record_session(referral=referral, on=DAY, method="phone", attendance="did_not_attend", by=partner)
        assert no_reason.value.field == "reason" and no_reason.value.message.startswith("Rhowch y rheswm")
    assert AuditEvent.objects.get(action="referrals.referral.send").reason.endswith("; supply-chain contract")
    assert AuditEvent.objects.get(action="referrals.referral.accept").reason == f"The referral is now accepted ({R2})."
