"""Issue 22: the payment rules' reasons in the reader's language, their citations still found; what is
stored (the audit trail's reasons) in English whoever is reading."""

from __future__ import annotations

from datetime import date
from itertools import product
from typing import Any

import pytest
from django.test.utils import override_settings
from django.utils import translation

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.core.rules import split_citations
from ttg.payments import rules, services
from ttg.payments.forms import MONEY_WORDS, money_words
from ttg.payments.models import Purchase
from ttg.payments.money import MoneyError, parse_pounds
from ttg.payments.rules import APPROVED, DRAFT, PAID, REJECTED, SUBMITTED, TRANSITIONS, Move

ON = date(2019, 9, 2)


def _beyond() -> str:
    return rules.unfunded_words("beyond", reference="P1", purchaser="Merseyside CRC", covers_from=ON, limit=3, on=ON)


def test_a_reason_is_welsh_when_the_reader_reads_welsh_and_its_citation_is_still_found() -> None:
    with translation.override("cy"):
        words, cited = split_citations(_beyond())
        assert words.startswith("Heb ei ariannu: y tu hwnt i’r 3 uned ym mhryniant P1.")
        assert cited == ("rule R-F5, in force throughout the service; the value is setting TTG_UNFUNDED_HOUR_VALUE_PENCE",)
        assert rules.age_band(400) == "Dros 90 diwrnod"
        (paid,) = rules.claim_transition(Move(current=APPROVED, to=PAID, by="payer", paid_on=ON, payment_reference="B-1"), on=ON).reasons
        assert split_citations(paid)[0] == "Mae’r hawliad wedi’i dalu nawr."
    with translation.override("en-gb"):
        assert _beyond() == (
            "Not funded: beyond the 3 units of purchase P1. Ask the purchaser for more units: it is claimed once they are approved; "
            "until then it counts as the provider's unfunded work (rule R-F5, in force throughout the service; the value is setting "
            "TTG_UNFUNDED_HOUR_VALUE_PENCE)."
        )
        assert rules.age_band(400) == "Over 90 days"


def test_every_move_has_its_words() -> None:
    """Who may make each move, and the claim's status after it, each in one phrase or sentence (PARTY_WORDS, NOW_WORDS)."""
    assert set(TRANSITIONS.values()) <= set(rules.PARTY_WORDS)
    assert {to for (_from, to) in TRANSITIONS} <= set(rules.NOW_WORDS)
    who = rules.claim_transition(Move(current=DRAFT, to=SUBMITTED, by="payer"), on=ON).reasons[0]
    assert who.startswith("Only the claimant or the service can make a open claim submitted (rule R-F3")


def test_the_field_a_refused_move_is_about_does_not_depend_on_its_words() -> None:
    """The form links the error to the date paid or the payment reference, whatever the language of the reasons."""
    late = Move(current=APPROVED, to=PAID, by="payer", paid_on=date(2019, 9, 3), payment_reference="", submitted_on=ON)
    assert rules.move_field(late, on=ON) == "paid_on"
    assert rules.move_field(Move(current=APPROVED, to=PAID, by="payer", paid_on=ON), on=ON) == "payment_reference"
    assert rules.move_field(Move(current=APPROVED, to=PAID, by="payer", paid_on=ON, payment_reference="B-1"), on=ON) == ""
    assert rules.move_field(Move(current=SUBMITTED, to=PAID, by="payer"), on=ON) == ""  # no such move: not a field's fault
    for current, by in product((DRAFT, SUBMITTED, APPROVED), ("claimant", "payer")):
        assert rules.move_field(Move(current=current, to=REJECTED, by=by), on=ON) == "reason"


def test_the_reasons_stored_in_the_audit_trail_are_english_whoever_is_reading(earlier_purchase: Purchase) -> None:
    with translation.override("cy"):
        with override_settings(TTG_NOW="2019-07-15T10:00:00+01:00"):
            services.record_delivery(purchase=earlier_purchase, source_key="s:1", units=1, on=date(2019, 7, 15))
        with override_settings(TTG_NOW="2019-08-02T10:00:00+01:00"):
            services.submit_ended_months()
        assert services.escalate_unpaid_claims(today=date(2019, 9, 2))
        # Three units: one delivered in July, two more now, and the fourth is beyond them.
        held = [
            services.record_delivery(purchase=earlier_purchase, source_key=f"k:{n}", units=1, on=ON, hold_outside=True) for n in range(3)
        ]
    escalated = AuditEvent.objects.filter(action="payments.escalation.add").values_list("reason", flat=True)
    assert escalated and all(r.startswith("Unpaid for 31 days since it was submitted on 2 August 2019") for r in escalated)
    beyond = AuditEvent.objects.get(action="payments.delivery.add", object_id=str(held[2].delivery.pk)).reason
    assert beyond.startswith("Not funded: beyond the 3 units of purchase")


def test_a_services_refusal_is_welsh_for_a_welsh_reader_and_english_otherwise(
    personas: dict[str, Any], leaving: Any, purchase: Purchase
) -> None:
    """The services' own refusals (not only the rules' reasons) are in the reader's language; the English is unchanged."""
    caseworker = personas[Role.TTG_CASEWORKER]
    for language, words in (
        ("cy", "Dim ond swyddog cyfrifol mewn is-adran o’r NPS sy’n prynu o gerdyn cyfraddau."),
        ("en-gb", "Only a responsible officer in an NPS division buys from a rate card."),
    ):
        with translation.override(language), pytest.raises(services.PaymentRefused) as refused:
            services.make_purchase(by=caseworker, custody_period=leaving, item=purchase.item, units=1)
        assert refused.value.words == (words,)
    with translation.override("cy"), pytest.raises(services.PaymentRefused) as refused:
        services.record_delivery(purchase=purchase, source_key="o:1", units=1, on=ON, kind="outcome")
    assert refused.value.reasons == (
        "Mae’r pryniant hwn yn talu fesul sesiwn a fynychwyd: ni ellir hawlio am ganlyniad a gyflawnwyd yn ei erbyn.",
    )


@pytest.mark.parametrize("label", sorted(MONEY_WORDS))
def test_an_amount_typed_wrong_is_said_in_the_readers_language(label: str) -> None:
    """Each amount's sentences are the English that money.parse_pounds gives, word for word; in Welsh they are Welsh."""
    for typed in ("", "-5", "abc", "0", "999999999999"):
        with pytest.raises(MoneyError) as error:
            parse_pounds(typed, field="amount", label=label)
        with translation.override("en-gb"):
            assert money_words(label, error.value) == error.value.message
        with translation.override("cy"):
            assert money_words(label, error.value) != error.value.message
    with pytest.raises(MoneyError) as error:
        parse_pounds("0", field="price", label="the price")
    with translation.override("cy"):
        assert money_words("the price", error.value) == "Rhaid i’r pris fod yn fwy na £0"
