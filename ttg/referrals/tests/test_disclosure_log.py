"""Issue 17 (DPA 2018 s.62): every read of a referral, by the partner it was sent to or by the CRC's
staff, on a page or through the API, one or a list, is logged as a view of the person's record with
why this user may see it, and nothing of what the referral says."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.referrals.models import Referral


def views_of(referral: Referral, user: Any) -> list[AuditEvent]:
    person = referral.plan_activity.plan.custody_period.person
    return list(AuditEvent.objects.filter(kind="view", object_type="people.Person", object_id=str(person.pk), actor=user))


def api_of(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


PARTNER_READS = [
    ("the inbox", lambda r, c, api: c.get(reverse("partner_inbox"))),
    ("the referral's page", lambda r, c, api: c.get(reverse("partner_referral", args=[r.pk]))),
    ("the note form", lambda r, c, api: c.get(reverse("partner_referral_action", args=[r.pk, "note"]))),
    ("the API's list of referrals", lambda r, c, api: api.get(reverse("api_referrals"))),
    ("the API", lambda r, c, api: api.get(reverse("api_referral", args=[r.pk]))),
]
CRC_READS = [
    ("the list of referrals", lambda r, c, api: c.get(reverse("referral_list"))),
    ("the referral's page", lambda r, c, api: c.get(reverse("referral_detail", args=[r.pk]))),
    ("the API's list of referrals", lambda r, c, api: api.get(reverse("api_referrals"))),
    ("the API", lambda r, c, api: api.get(reverse("api_referral", args=[r.pk]))),
]


@pytest.mark.parametrize(("where", "read"), PARTNER_READS, ids=[w for w, _ in PARTNER_READS])
def test_a_partners_read_is_logged_as_a_disclosure_to_them(
    referral: Referral, partner: Any, client_for: Any, where: str, read: Any
) -> None:
    assert views_of(referral, partner) == []
    response = read(referral, client_for(Role.PARTNER_CASEWORKER), api_of(partner))
    assert response.status_code == 200
    (event,) = views_of(referral, partner)
    assert event.reason == f"Works for {partner.organisation.name}, to which referral {referral.reference} was sent ({where})"
    assert event.scope_crc_id == referral.crc_id and event.action == "people.person.view"
    assert referral.need not in event.reason and (event.before, event.after) == (None, None)


@pytest.mark.parametrize("role", [Role.TTG_CASEWORKER, Role.CRC_MANAGER])
@pytest.mark.parametrize(("where", "read"), CRC_READS, ids=[w for w, _ in CRC_READS])
def test_the_crcs_read_is_logged(referral: Referral, personas: dict[str, Any], client_for: Any, role: str, where: str, read: Any) -> None:
    user = personas[role]
    before = len(views_of(referral, user))
    response = read(referral, client_for(role), api_of(user))
    assert response.status_code == 200
    events = views_of(referral, user)
    assert len(events) == before + 1
    assert events[0].reason == f"Works for Merseyside CRC, whose prisons' plans referral {referral.reference} comes from ({where})"


def test_a_list_logs_one_view_per_person_in_one_insert(
    referral: Referral, partner: Any, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(Role.PARTNER_CASEWORKER)
    client.get(reverse("partner_inbox"))  # warm the session
    with django_assert_max_num_queries(30):
        client.get(reverse("partner_inbox"))
    assert len(views_of(referral, partner)) == 2


def test_nothing_is_logged_for_a_referral_that_is_not_yours(referral: Referral, personas: dict[str, Any], client_for: Any) -> None:
    other = personas[Role.PRISON_OFFICER]
    assert client_for(Role.PRISON_OFFICER).get(reverse("referral_detail", args=[referral.pk])).status_code in (403, 404)
    assert views_of(referral, other) == []
