"""Rule R-R5 (U3) at work: a referral or purchase that would disclose a person's data to an organisation
without an information-sharing agreement in force for each category is refused, saying what is
missing and who can fix it, with nothing written; one that is covered logs the disclosure (s.62)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.estate.models import CRC, Organisation
from ttg.notifications.models import Notification
from ttg.payments.demo import demo_person
from ttg.payments.models import Purchase, RateCardItem
from ttg.payments.services import PaymentRefused, make_purchase
from ttg.people.cases import hold_case
from ttg.people.models import ProbationCase
from ttg.referrals import services
from ttg.referrals.models import DesiredOutcome, Referral
from ttg.supply_chain import services as supply_chain
from ttg.supply_chain.models import SharingAgreement
from ttg.supply_chain.rules import CATEGORIES

from .conftest import send

pytestmark = pytest.mark.django_db

ALL_FACTS = ["first_name", "last_name", "prison_number", "release_date", "prison"]


@pytest.fixture
def amani(db: Any) -> Organisation:
    return Organisation.objects.get(name="Amani Community Link")


def _counts() -> tuple[int, int, int, int]:
    return Referral.objects.count(), Purchase.objects.count(), AuditEvent.objects.count(), Notification.objects.count()


def test_a_category_without_an_agreement_is_refused_and_nothing_is_written(
    activity: Any, outcomes: list[DesiredOutcome], caseworker: Any, amani: Organisation
) -> None:
    before = _counts()
    with pytest.raises(services.ReferralError) as refused:
        send(activity, outcomes, caseworker, amani, shared=ALL_FACTS, funding="unfunded")
    assert refused.value.field == "shared"
    assert refused.value.message == (
        "Merseyside CRC has no information-sharing agreement with Amani Community Link in force on 2 September 2019 that covers "
        "custody and release. Agreement ISA-MCRC-2019-09 covers only identity, resettlement needs and further information. "
        "A CRC manager of Merseyside CRC, or an administrator, can record one."
    )
    assert "(rule R-R5, in force throughout the service)" in refused.value.cited
    assert _counts() == before


def test_sent_once_an_agreement_is_recorded_and_the_disclosure_logged(
    activity: Any, outcomes: list[DesiredOutcome], caseworker: Any, amani: Organisation, personas: dict[str, Any]
) -> None:
    """The demo's story: refused for want of an agreement, then sent once the CRC's manager records one."""
    with pytest.raises(services.ReferralError):
        send(activity, outcomes, caseworker, amani, shared=ALL_FACTS, funding="unfunded")
    supply_chain.record_agreement(
        crc=CRC.objects.get(code="MERSEYSIDE"),
        organisation=amani,
        reference="ISA-MCRC-2019-12",
        purpose="Money advice before release",
        lawful_basis="UK GDPR Articles 6(1)(e) and 10",
        categories=["custody"],
        valid_from=date(2019, 9, 2),
        signed_copy_reference="Contracts library, file 12",
        by=personas[Role.CRC_MANAGER],
    )
    referral = send(activity, outcomes, caseworker, amani, shared=ALL_FACTS, funding="unfunded")
    event = AuditEvent.objects.get(action="people.person.disclose")
    assert event.actor == caseworker and event.object_type == "people.Person"
    assert event.object_id == str(activity.plan.custody_period.person_id)
    assert event.after == {
        "recipient": "Amani Community Link",
        "recipient_id": amani.pk,
        "discloser": "Merseyside CRC",
        "categories": ["identity", "custody", "needs", "further"],
        "purpose": f"referral {referral.reference} ({referral.activity_title})",
        "agreements": ["ISA-MCRC-2019-09", "ISA-MCRC-2019-12"],
    }
    assert event.scope_crc == referral.crc
    assert "under information-sharing agreement ISA-MCRC-2019-09 and ISA-MCRC-2019-12" in event.reason
    assert activity.plan.custody_period.person.last_name not in event.reason + str(event.after)  # no content, categories only


def test_an_ended_agreement_refuses_the_rate_card_referral_and_asks_for_no_purchase(
    activity: Any, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any
) -> None:
    SharingAgreement.objects.filter(reference="ISA-MCRC-2019-01").update(valid_until=date(2019, 9, 1))
    service = RateCardItem.objects.get(rate_card__published=True, title="Women's centre key-work session")
    before = _counts()
    with pytest.raises(services.ReferralError) as refused:
        send(activity, outcomes, caseworker, partner.organisation, funding="rate_card", service=service, units=2)
    assert "Agreement ISA-MCRC-2019-01 ended on 1 September 2019." in refused.value.message
    assert _counts() == before


def test_the_api_refuses_with_a_problem_saying_what_is_missing(
    activity: Any, outcomes: list[DesiredOutcome], client_for: Any, amani: Organisation
) -> None:
    body = {
        "plan_activity": activity.pk,
        "organisation": amani.pk,
        "need": "Debt advice",
        "desired_outcomes": [o.pk for o in outcomes],
        "shared": ["first_name", "release_date"],
        "consent_given": True,
        "consent_on": "2019-09-02",
        "funding": "unfunded",
    }
    refused = client_for(Role.TTG_CASEWORKER).post(reverse("api_referrals"), body, content_type="application/json")
    assert refused.status_code == 400 and refused["Content-Type"] == "application/problem+json"
    problem = refused.json()
    assert "no information-sharing agreement with Amani Community Link" in problem["detail"]
    assert "covers custody and release" in problem["errors"]["shared"] and "can record one" in problem["errors"]["shared"]
    assert not Referral.objects.exists()


def _new(activity: Any, step: str) -> str:
    return reverse(
        "referral_new", kwargs={"prison_number": activity.plan.custody_period.person.prison_number, "pk": activity.pk, "step": step}
    )


def test_the_preview_shows_what_is_shared_and_the_page_refuses_in_the_error_summary(
    activity: Any, outcomes: list[DesiredOutcome], client_for: Any, amani: Organisation, partner: Any
) -> None:
    client = client_for(Role.TTG_CASEWORKER)
    person = activity.plan.custody_period.person
    client.post(_new(activity, "organisation"), {"organisation": amani.pk})
    client.post(_new(activity, "need"), {"need": "Debt advice", "desired_outcomes": [outcomes[0].pk]})
    client.post(_new(activity, "share"), {"shared": ["last_name", "release_date"], "partner_needs_to_know": ""})
    client.post(_new(activity, "consent"), {"consent_given": "yes", "consent_on_0": "2", "consent_on_1": "9", "consent_on_2": "2019"})
    client.post(_new(activity, "funding"), {"funding": "unfunded"})
    check = client.get(_new(activity, "check")).content.decode()
    assert "Identity: first name, last name and prison number" in check and person.last_name in check
    assert "Custody and release: the prison and the expected release date" in check
    assert "This referral cannot be sent as it stands." in check and "covers custody and release" in check
    refused = client.post(_new(activity, "check"))
    assert refused["Location"] == _new(activity, "check")
    page = client.get(refused["Location"]).content.decode()
    assert "govuk-error-summary" in page and 'href="#sharing"' in page and "<title>Error:" in page
    assert "A CRC manager of Merseyside CRC, or an administrator, can record one." in page
    assert not Referral.objects.exists()
    # Share less: the agreement in force covers it, and the preview names it.
    client.post(_new(activity, "share"), {"shared": ["last_name"], "partner_needs_to_know": ""})
    check = client.get(_new(activity, "check")).content.decode()
    assert "govuk-error-summary" not in check and "ISA-MCRC-2019-09" in check and "Community links and money advice" in check
    assert client.post(_new(activity, "check")).status_code == 302
    assert Referral.objects.get().shared_information == {"last_name": person.last_name}


def test_a_purchase_by_the_nps_needs_the_nps_agreement(personas: dict[str, Any]) -> None:
    officer = personas[Role.RESPONSIBLE_OFFICER]
    period = demo_person()
    hold_case(custody_period=period, officer=officer, source=ProbationCase.Source.ALLOCATED, by=None)
    item = RateCardItem.objects.get(rate_card__published=True, title="Women's centre key-work session")
    SharingAgreement.objects.filter(reference="ISA-NPS-2019-04").update(valid_from=date(2019, 9, 3))
    before = _counts()
    with pytest.raises(PaymentRefused) as refused:
        make_purchase(by=officer, custody_period=period, item=item, units=1)
    assert refused.value.field == "item" and "Agreement ISA-NPS-2019-04 starts on 3 September 2019." in refused.value.reasons
    assert "An administrator can record one." in refused.value.reasons
    assert _counts() == before


def test_only_known_categories_and_own_crc(personas: dict[str, Any], amani: Organisation) -> None:
    manager = personas[Role.CRC_MANAGER]
    args: dict[str, Any] = {
        "organisation": amani,
        "reference": "ISA-X",
        "purpose": "p",
        "lawful_basis": "b",
        "valid_from": date(2019, 9, 2),
        "signed_copy_reference": "s",
        "by": manager,
    }
    with pytest.raises(ValidationError) as bad:
        supply_chain.record_agreement(crc=manager.crc, categories=["health"], valid_until=date(2019, 9, 1), **args)
    assert set(bad.value.message_dict) == {"categories", "valid_until"}
    with pytest.raises(PermissionDenied):
        supply_chain.record_agreement(crc=CRC.objects.get(code="CHESHIRE_GM"), categories=list(CATEGORIES), **args)
    with pytest.raises(PermissionDenied):
        supply_chain.record_agreement(crc=None, categories=list(CATEGORIES), **args)  # the NPS's: administrators only
    assert not SharingAgreement.objects.filter(reference="ISA-X").exists()
    made = supply_chain.record_agreement(crc=None, categories=list(CATEGORIES), **{**args, "by": personas[Role.ADMINISTRATOR]})
    assert made.crc is None and made.discloser_name == "National Probation Service"
    assert AuditEvent.objects.get(action="supply_chain.sharingagreement.add", object_id=str(made.pk)).scope_crc is None


def test_the_purchase_api_refuses_saying_what_is_missing(personas: dict[str, Any], client_for: Any) -> None:
    officer = personas[Role.RESPONSIBLE_OFFICER]
    period = demo_person()
    hold_case(custody_period=period, officer=officer, source=ProbationCase.Source.ALLOCATED, by=None)
    item = RateCardItem.objects.get(rate_card__published=True, title="Women's centre key-work session")
    SharingAgreement.objects.filter(reference="ISA-NPS-2019-04").update(categories=["identity", "needs"])
    body = {"prison_number": period.person.prison_number, "item": item.pk, "units": 1}
    refused = client_for(Role.RESPONSIBLE_OFFICER).post(reverse("api_purchase_buy"), body, content_type="application/json")
    assert refused.status_code == 422 and refused["Content-Type"] == "application/problem+json"
    problem = refused.json()
    assert problem["field"] == "item"
    assert problem["reasons"][0].startswith(
        "National Probation Service has no information-sharing agreement with Mersey Women's Centre in force on 2 September 2019 "
        "that covers custody and release"
    )
    assert problem["reasons"][-1] == "An administrator can record one."
    assert not Purchase.objects.filter(person=period.person).exists()
