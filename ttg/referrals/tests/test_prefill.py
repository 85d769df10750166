"""Never ask twice (issue 23, U1 and U2): a referral arrives filled from what the service holds (the
plan activity, BCST1 and BCST2 answers, where the person will live, consent given in BCST1, the
supply-chain funding), the caseworker's corrections are kept, and consent is reused with its date and
scope. Counts the fields a caseworker fills before and after (docs/referrals.md)."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any

import pytest
from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.core import clock
from ttg.estate.models import Prison
from ttg.plans.catalogue.loader import load_initial_catalogue
from ttg.plans.plan import services as plan_services
from ttg.plans.plan.models import PlanActivity
from ttg.referrals import prefill, views
from ttg.referrals.models import DesiredOutcome, Referral
from ttg.referrals.outcomes import load_desired_outcomes
from ttg.screening import questions
from ttg.screening import services as screening_services
from ttg.screening.demo import answers_without_needs
from ttg.screening.models import DutyToRefer, Kind
from ttg.screening.tests.test_journeys import feed, period, reception
from ttg.supply_chain.models import SupplyChainContract, SupplyChainService

from .conftest import send

pytestmark = [pytest.mark.django_db, pytest.mark.once]
NUMBER = "A2323AA"


@pytest.fixture
def activity(personas: dict[str, Any]) -> PlanActivity:
    """A man at HMP Altcourse screened at reception (consent to share: yes) and in BCST2 (accommodation a
    significant problem, going to family), with a proposed plan: its accommodation activity."""
    load_initial_catalogue()
    load_desired_outcomes()
    feed(reception("pf1", NUMBER, at="2019-08-30T09:30:00+01:00"))
    received = period(NUMBER)
    bcst2 = {"accommodation_problem": "2", "accommodation_on_release": "family_friends", "accommodation_notes": "His sister's, in Bootle"}
    for kind, by, chosen in ((Kind.BCST1, Role.PRISON_OFFICER, {}), (Kind.BCST2, Role.TTG_CASEWORKER, bcst2)):
        qs = questions.question_set(kind, received.reception_date)
        answers = answers_without_needs(qs, "M", **chosen)
        screening_services.submit_answers(period=received, kind=kind, answers=answers, by=personas[by])
    plan = plan_services.propose(period=received, by=personas[Role.TTG_CASEWORKER])
    found = plan.activities.filter(pathway="accommodation").order_by("order", "id").first()
    assert found is not None
    return PlanActivity.objects.select_related("plan__custody_period__person").get(pk=found.pk)


def _in_supply_chain(organisation: Any, pathway: str) -> None:
    prison = Prison.objects.get(code="ACI")
    contract = SupplyChainContract.objects.create(
        crc=prison.crc,  # type: ignore[misc]
        organisation=organisation,
        reference="SC-T",
        title="Test",
        starts_on=date(2019, 1, 1),
        created_at=clock.now(),
    )
    SupplyChainService.objects.create(contract=contract, pathway=pathway, prison=prison, since=date(2019, 1, 1), created_at=clock.now())


def _new(activity: PlanActivity, step: str) -> str:
    return reverse("referral_new", kwargs={"prison_number": NUMBER, "pk": activity.pk, "step": step})


def _textarea(html: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    assert found is not None
    return unescape(found.group(1)).strip()


def _checked(html: str, name: str) -> list[str]:
    inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
    return [re.search(r'value="([^"]*)"', i).group(1) for i in inputs if " checked" in i]  # type: ignore[union-attr]


def _date(html: str, name: str) -> list[str]:
    return [re.search(rf'name="{name}_{i}"[^>]*value="([^"]*)"', html).group(1) for i in range(3)]  # type: ignore[union-attr]


def _typed(answers: dict[str, Any], held: prefill.Prefill, suggested: str) -> list[str]:
    """The journey's fields that arrive without a value: what the caseworker types or chooses."""
    return [
        name
        for step, names in views.JOURNEY_FIELDS.items()
        for name, value in views.initial_answers(step, answers, held, suggested_funding=suggested).items()
        if name in names and not value
    ]


def test_fields_typed_before_and_after(personas: dict[str, Any], activity: PlanActivity) -> None:
    caseworker = personas[Role.TTG_CASEWORKER]
    held = prefill.prefill(caseworker, activity)
    before = _typed({}, prefill.EMPTY, "")
    after = _typed({}, held, "supply_chain")  # an organisation in the CRC's supply chain for the activity
    assert before == ["organisation", "need", "desired_outcomes", "consent_given", "consent_on", "funding"]
    assert after == ["organisation", "desired_outcomes"]
    assert (len(before), len(after)) == (6, 2)  # the numbers in docs/referrals.md
    # A plan activity owned by a named partner organisation chooses it too.
    partner = personas[Role.PARTNER_CASEWORKER].organisation
    activity.owner_kind, activity.owner = "partner", partner.name
    assert prefill.prefill(caseworker, activity).organisation == partner.pk
    assert _typed({}, prefill.prefill(caseworker, activity), "supply_chain") == ["desired_outcomes"]


def test_the_referral_form_arrives_filled_and_corrections_are_kept(
    personas: dict[str, Any], activity: PlanActivity, client_for: Any
) -> None:
    partner = personas[Role.PARTNER_CASEWORKER].organisation
    _in_supply_chain(partner, activity.pathway)
    client = client_for(Role.TTG_CASEWORKER)
    client.post(_new(activity, "organisation"), {"organisation": partner.pk})
    need = client.get(_new(activity, "need")).content.decode()
    text = _textarea(need, "need")
    assert text.startswith(f"Plan activity: {activity.title}.")
    assert "How much of a problem is accommodation for the person? – 2 – significant problem" in text
    assert "Notes about accommodation (optional) – His sister's, in Bootle" in text
    assert "Where they expect to live on release (BCST2): With family or friends" in text
    assert "BCST2 screening of 2 September 2019" in text
    assert "Filled in from what the service already holds" in need
    # The caseworker corrects it: the correction is kept, here and when they come back.
    outcome = DesiredOutcome.objects.filter(pathway="accommodation").first()
    assert outcome is not None
    client.post(_new(activity, "need"), {"need": "Somewhere to live near his sister", "desired_outcomes": [outcome.pk]})
    assert _textarea(client.get(_new(activity, "need")).content.decode(), "need") == "Somewhere to live near his sister"
    client.post(_new(activity, "share"), {"shared": ["first_name", "prison_number"]})
    # Consent given in BCST1 arrives filled, with its date and what it covered.
    page = client.get(_new(activity, "consent")).content.decode()
    assert _checked(page, "consent_given") == ["yes"] and _date(page, "consent_on") == ["2", "9", "2019"]
    assert "The person already agreed to this on 2 September 2019, in their BCST1 screening" in page
    assert "organisations that work with it to help them resettle" in page
    client.post(_new(activity, "consent"), {"consent_given": "yes", "consent_on_0": "2", "consent_on_1": "9", "consent_on_2": "2019"})
    # The organisation is in the CRC's supply chain: the funding arrives chosen.
    funding = client.get(_new(activity, "funding")).content.decode()
    assert _checked(funding, "funding") == ["supply_chain"] and "Chosen already" in funding
    client.post(_new(activity, "funding"), {"funding": "supply_chain"})
    check = client.get(_new(activity, "check")).content.decode()
    assert "Yes, given on 2 September 2019 (already given, in their BCST1 screening)" in check
    assert "Somewhere to live near his sister" in check
    client.post(_new(activity, "check"))
    referral = Referral.objects.get(plan_activity=activity)
    assert referral.need == "Somewhere to live near his sister" and referral.consent_on == date(2019, 9, 2)
    assert referral.funding == "supply_chain" and referral.in_supply_chain


def test_consent_is_asked_once_and_reused(personas: dict[str, Any], activity: PlanActivity, client_for: Any) -> None:
    caseworker = personas[Role.TTG_CASEWORKER]
    bcst1 = activity.plan.custody_period.screenings.get(kind=Kind.BCST1)
    # Refused in BCST1: nothing is filled in, and the page says so.
    bcst1.answers = {**bcst1.answers, "consent_to_share": "no"}
    bcst1.save()
    held = prefill.prefill(caseworker, activity).consent
    assert held is not None and not held.given
    assert views.initial_answers("consent", {}, prefill.prefill(caseworker, activity)) == {"consent_given": None, "consent_on": None}
    page = client_for(Role.TTG_CASEWORKER)
    # Not asked in BCST1 (an older question set): the consent given for an earlier referral is reused.
    bcst1.answers = {k: v for k, v in bcst1.answers.items() if k != "consent_to_share"}
    bcst1.save()
    assert prefill.prefill(caseworker, activity).consent is None
    outcome = DesiredOutcome.objects.filter(pathway="accommodation")[:1]
    partner = personas[Role.PARTNER_CASEWORKER].organisation
    first = send(activity, list(outcome), caseworker, partner, consent_on=date(2019, 8, 30))
    held = prefill.prefill(caseworker, activity).consent
    assert held is not None and held.given and held.on == date(2019, 8, 30)
    assert held.source == f"referral {first.reference} to {partner.name}"
    # Referred again (say the first was declined): the need as written then, and its desired outcomes.
    again = prefill.prefill(caseworker, activity)
    assert again.need == first.need and again.desired_outcomes == (str(outcome[0].pk),)
    assert again.earlier == f"referral {first.reference} to {partner.name}"
    assert _typed({}, again, "supply_chain") == ["organisation"]  # one field left to choose
    page.post(_new(activity, "organisation"), {"organisation": partner.pk})
    need = page.get(_new(activity, "need")).content.decode()
    assert _textarea(need, "need") == first.need and _checked(need, "desired_outcomes") == [str(outcome[0].pk)]
    assert f"Filled in as it was written for referral {first.reference}" in need
    page.post(_new(activity, "need"), {"need": "Somewhere to live", "desired_outcomes": [outcome[0].pk]})
    page.post(_new(activity, "share"), {"shared": ["first_name"]})
    assert _date(page.get(_new(activity, "consent")).content.decode(), "consent_on") == ["30", "8", "2019"]


def test_the_chosen_authority_is_named_for_its_route(personas: dict[str, Any], activity: PlanActivity) -> None:
    """Issue 23 item 9: the Welsh national pathway's recipient is a Welsh local authority, not a local housing authority."""
    caseworker, received = personas[Role.TTG_CASEWORKER], activity.plan.custody_period
    screening = received.screenings.get(kind=Kind.BCST1)
    duty = DutyToRefer.objects.create(
        custody_period=received,
        raised_by_screening=screening,
        raised_at=clock.now(),
        due_on=date(2020, 1, 5),
        consent=True,
        local_housing_authority="Sefton Council",
        updated_at=clock.now(),
    )
    assert "Local housing authority chosen: Sefton Council" in prefill.prefill(caseworker, activity).need
    DutyToRefer.objects.filter(pk=duty.pk).update(route="wales", local_housing_authority="Cardiff Council")
    need = prefill.prefill(caseworker, activity).need
    assert "Welsh local authority chosen: Cardiff Council" in need and "Local housing authority chosen" not in need
