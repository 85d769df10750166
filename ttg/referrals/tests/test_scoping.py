"""Who sees which referrals: every role, and the same 404 for another organisation's id as a missing one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.http import Http404

from ttg.accounts.constants import Role
from ttg.core import access
from ttg.estate.models import CRC, Organisation
from ttg.referrals import selectors, services
from ttg.referrals.models import CaseNote, Referral, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(django_user_model: Any) -> dict[str, Any]:
    """A partner caseworker of another organisation, and a caseworker of another CRC."""
    org = Organisation.objects.get(name="Gateway Housing Trust")
    return {
        "partner": django_user_model.objects.create_user(
            username="p.other", password="x" * 16, role=Role.PARTNER_CASEWORKER, organisation=org
        ),
        "caseworker": django_user_model.objects.create_user(
            username="c.other", password="x" * 16, role=Role.TTG_CASEWORKER, crc=CRC.objects.get(code="WALES")
        ),
    }


@pytest.mark.parametrize("role", list(Role))
def test_who_sees_a_referral(role: str, referral: Referral, personas: dict[str, Any]) -> None:
    seen = set(Referral.objects.visible_to(personas[role]))
    expected = role in (Role.TTG_CASEWORKER, Role.CRC_MANAGER, Role.PARTNER_CASEWORKER)
    assert seen == ({referral} if expected else set())


@pytest.mark.parametrize("role", list(Role))
def test_who_sees_the_work_on_it(role: str, referral: Referral, personas: dict[str, Any], partner: Any) -> None:
    services.accept(referral=referral, by=partner)
    services.record_session(referral=referral, on=referral.referred_at.date(), method="phone", attendance="attended", by=partner)
    services.add_note(referral=referral, text="n", by=partner)
    user = personas[role]
    expected = role in (Role.TTG_CASEWORKER, Role.CRC_MANAGER, Role.PARTNER_CASEWORKER)
    assert Session.objects.visible_to(user).exists() is expected
    assert CaseNote.objects.visible_to(user).exists() is expected


def test_other_organisation_and_other_crc_see_nothing(referral: Referral, elsewhere: dict[str, Any]) -> None:
    for user in elsewhere.values():
        assert not Referral.objects.visible_to(user).exists()


def test_the_same_404_for_not_yours_and_missing(referral: Referral, elsewhere: dict[str, Any], partner: Any) -> None:
    with pytest.raises(Http404) as not_yours:
        selectors.referral(elsewhere["partner"], referral.pk)
    with pytest.raises(Http404) as missing:
        selectors.referral(elsewhere["partner"], referral.pk + 1000)
    assert str(not_yours.value) == str(missing.value) == access.NOT_FOUND_MESSAGE
    assert selectors.referral(partner, referral.pk) == referral


def test_partners_never_read_people(partner: Any) -> None:
    assert not access.can(partner, "person.view")
    assert not access.can(partner, "plan.view")


def test_only_the_caseworker_refers_and_only_the_partner_works(personas: dict[str, Any]) -> None:
    # The responsible officer refers too, but only from their short release plans (R-F2b; test_release_list.py).
    assert {r for r in Role if access.can(personas[r], "referral.make")} == {Role.TTG_CASEWORKER, Role.RESPONSIBLE_OFFICER}
    assert {r for r in Role if access.can(personas[r], "referral.work")} == {Role.PARTNER_CASEWORKER}
    assert {r for r in Role if access.can(personas[r], "referral.aggregates")} == {Role.CONTRACT_MANAGER}


def test_contract_managers_see_counts_for_their_crcs_only(referral: Referral, personas: dict[str, Any], partner: Any) -> None:
    manager = personas[Role.CONTRACT_MANAGER]
    services.record_unfunded_work(
        organisation=partner.organisation,
        referral=referral,
        person_reference="R1",
        on=referral.referred_at.date(),
        pathway="abuse",
        description="d",
        hours=Decimal("2.5"),
        by=partner,
    )
    numbers = selectors.aggregates(manager)
    assert numbers.by_status == [{"status": "sent", "n": 1, "label": "Sent"}]
    assert numbers.by_organisation == [{"organisation__name": "Mersey Women's Centre", "n": 1}]
    assert (numbers.funded, numbers.unfunded) == (1, 0)
    assert numbers.unfunded_hours == Decimal("2.5")
    manager.managed_crcs.set(CRC.objects.filter(code="WALES"))
    assert selectors.aggregates(manager).by_status == []
    # Anyone else gets nothing from the aggregates.
    assert selectors.aggregates(personas[Role.TTG_CASEWORKER]).by_status == []


def test_inbox_tabs(referral: Referral, partner: Any) -> None:
    box = selectors.inbox(partner, "new")
    assert box.referrals == [referral]
    assert box.counts == {"new": 1, "mine": 0, "open": 1, "completed": 0, "declined": 0}
    services.accept(referral=referral, by=partner)
    assert selectors.inbox(partner, "mine").referrals == [referral]
    assert selectors.inbox(partner, "new").referrals == []
