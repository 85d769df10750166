"""The referral pages with the test client: the referrer's journey, the partner's workspace, the same
404 for another organisation's referral, and query counts that do not grow with rows."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import home_tasks
from ttg.accounts.constants import Role
from ttg.estate.models import Organisation
from ttg.payments.models import RateCardItem
from ttg.referrals import services
from ttg.referrals.models import DesiredOutcome, Referral, UnfundedWork

from .conftest import send

pytestmark = pytest.mark.django_db


def _new(activity: Any, step: str) -> str:
    return reverse(
        "referral_new", kwargs={"prison_number": activity.plan.custody_period.person.prison_number, "pk": activity.pk, "step": step}
    )


def test_the_referrers_journey(activity: Any, outcomes: list[DesiredOutcome], client_for: Any, partner: Any) -> None:
    client = client_for(Role.TTG_CASEWORKER)
    page = client.get(
        reverse("plan_activity", kwargs={"prison_number": activity.plan.custody_period.person.prison_number, "pk": activity.pk})
    )
    assert "Refer to a partner organisation" in page.content.decode()
    # A later step sends the user back to the first unanswered one.
    assert client.get(_new(activity, "check"))["Location"] == _new(activity, "organisation")
    page = client.get(_new(activity, "organisation"))
    assert "Mersey Women&#39;s Centre" in page.content.decode()
    assert "Outside your CRC&#39;s supply chain" in page.content.decode()
    bad = client.post(_new(activity, "organisation"), {})
    assert "Choose an organisation" in bad.content.decode()
    assert client.post(_new(activity, "organisation"), {"organisation": partner.organisation_id})["Location"] == _new(activity, "need")
    bad = client.post(_new(activity, "need"), {"need": ""})
    assert "Describe the need" in bad.content.decode() and "Choose at least one desired outcome" in bad.content.decode()
    client.post(_new(activity, "need"), {"need": "A safe place to live", "desired_outcomes": [outcomes[0].pk]})
    client.post(_new(activity, "share"), {"shared": ["first_name", "prison_number"], "partner_needs_to_know": "Call after 10am"})
    refused = client.post(_new(activity, "consent"), {"consent_given": "no"})
    assert "The person has not consented: the referral cannot be sent" in refused.content.decode()
    client.post(_new(activity, "consent"), {"consent_given": "yes", "consent_on_0": "2", "consent_on_1": "9", "consent_on_2": "2019"})
    service = RateCardItem.objects.get(rate_card__published=True, title="Women's centre key-work session")
    funding = {"funding": "rate_card", "service": service.pk, "units": "2"}
    assert client.post(_new(activity, "funding"), funding)["Location"] == _new(activity, "check")
    check = client.get(_new(activity, "check")).content.decode()
    person = activity.plan.custody_period.person
    assert "Exactly what Mersey Women&#39;s Centre will see" in check
    assert person.prison_number in check and "Call after 10am" in check
    assert "Rate-card purchase asked of Merseyside CRC: 2 × Women&#39;s centre key-work session" in check
    sent = client.post(_new(activity, "check"))
    referral = Referral.objects.get()
    assert sent["Location"] == reverse("referral_detail", args=[referral.pk])
    assert referral.shared_information == {"first_name": person.first_name, "prison_number": person.prison_number}
    assert referral.funding == "rate_card" and referral.consent_on == date(2019, 9, 2)
    detail = client.get(sent["Location"]).content.decode()
    assert "Referral sent to Mersey Women" in detail and "Not yet funded: purchase P" in detail


def test_the_partners_work(referral: Referral, client_for: Any, outcomes: list[DesiredOutcome]) -> None:
    client = client_for(Role.PARTNER_CASEWORKER)
    inbox = client.get(reverse("partner_inbox")).content.decode()
    assert "New (1)" in inbox and referral.shared_information["first_name"] in inbox
    tasks = home_tasks(client.get(reverse("home")).content.decode())
    assert ("New referrals", reverse("partner_inbox") + "?tab=new", 1, "govuk-tag--yellow") in tasks
    url = reverse("partner_referral", args=[referral.pk])
    page = client.get(url).content.decode()
    assert "Accept referral" in page and referral.plan_activity.plan.custody_period.person.last_name not in page
    client.post(reverse("partner_referral_action", args=[referral.pk, "accept"]))
    session = reverse("partner_referral_action", args=[referral.pk, "session"])
    bad = client.post(
        session, {"on_0": "2", "on_1": "9", "on_2": "2019", "method": "phone", "attendance": "did_not_happen"}
    ).content.decode()
    assert "Give the reason the person did not attend" in bad
    form = {"on_0": "2", "on_1": "9", "on_2": "2019", "method": "in_person", "attendance": "attended", "token": "t-1"}
    assert client.post(session, form).status_code == 302
    assert client.post(session, form).status_code == 302  # a double click
    assert referral.sessions.count() == 1
    outcomes_url = reverse("partner_referral_action", args=[referral.pk, "outcomes"])
    client.post(outcomes_url, {f"result_{o.pk}": "achieved" for o in outcomes})
    close = reverse("partner_referral_action", args=[referral.pk, "close"])
    assert "Write an end-of-service summary" in client.post(close, {"summary": ""}).content.decode()
    assert client.post(close, {"summary": "Moved into supported housing"}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == "completed"
    seen = client_for(Role.TTG_CASEWORKER).get(reverse("referral_detail", args=[referral.pk])).content.decode()
    assert "Moved into supported housing" in seen and "End-of-service summary" in seen


def test_decline_with_a_reason(referral: Referral, client_for: Any) -> None:
    client = client_for(Role.PARTNER_CASEWORKER)
    url = reverse("partner_referral_action", args=[referral.pk, "decline"])
    assert "Give a reason" in client.post(url, {"reason": ""}).content.decode()
    client.post(url, {"reason": "Full"})
    referral.refresh_from_db()
    assert referral.status == "declined"


def _normalised(content: bytes) -> str:
    """The page without what changes on every response (CSP nonce, CSRF token)."""
    text = re.sub(r'nonce="[^"]+"', 'nonce=""', content.decode())
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', text)


def test_another_organisations_referral_is_the_same_404(referral: Referral, django_user_model: Any) -> None:
    other = django_user_model.objects.create_user(
        username="p.other",
        password="x" * 16,
        role=Role.PARTNER_CASEWORKER,
        organisation=Organisation.objects.get(name="Gateway Housing Trust"),
    )
    client = Client()
    client.force_login(other)
    for name, extra in (("partner_referral", []), ("partner_referral_action", ["note"])):
        theirs = client.get(reverse(name, args=[referral.pk, *extra]))
        missing = client.get(reverse(name, args=[referral.pk + 999, *extra]))
        assert theirs.status_code == missing.status_code == 404
        assert _normalised(theirs.content) == _normalised(missing.content)
    theirs = client.post(reverse("partner_referral_action", args=[referral.pk, "accept"]))
    assert theirs.status_code == 404
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_unfunded_work_pages(client_for: Any, partner: Any) -> None:
    client = client_for(Role.PARTNER_CASEWORKER)
    url = reverse("unfunded_work_new")
    bad = client.post(url, {"hours": "0"}).content.decode()
    assert "Give your reference for the person" in bad and "Hours must be at least 0.25" in bad
    done = client.post(
        url,
        {
            "person_reference": "MWC-7",
            "on_0": "2",
            "on_1": "9",
            "on_2": "2019",
            "pathway": "abuse",
            "description": "Drop-in",
            "hours": "1.5",
        },
    )
    assert done["Location"] == reverse("unfunded_work_list")
    assert "1.50 hours in total" in client.get(done["Location"]).content.decode()


def test_summary_for_the_contract_manager(referral: Referral, client_for: Any) -> None:
    page = client_for(Role.CONTRACT_MANAGER).get(reverse("referral_summary")).content.decode()
    assert "Mersey Women&#39;s Centre" in page and "Merseyside" in page
    assert referral.shared_information["first_name"] not in page


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("role", "url"), [(Role.PARTNER_CASEWORKER, "partner_inbox"), (Role.TTG_CASEWORKER, "referral_list")])
def test_list_query_counts_do_not_grow(
    role: str, url: str, activity: Any, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any, client_for: Any
) -> None:
    client = client_for(role)
    send(activity, outcomes, caseworker, partner.organisation)
    one = _queries(client, reverse(url) + ("?tab=open" if role == Role.PARTNER_CASEWORKER else ""))
    for _ in range(4):
        send(activity, outcomes, caseworker, partner.organisation)
    many = _queries(client, reverse(url) + ("?tab=open" if role == Role.PARTNER_CASEWORKER else ""))
    assert many == one


def test_partner_referral_page_query_count_does_not_grow(referral: Referral, client_for: Any, partner: Any) -> None:
    from ttg.referrals import services

    client = client_for(Role.PARTNER_CASEWORKER)
    services.accept(referral=referral, by=partner)
    services.record_session(referral=referral, on=date(2019, 9, 2), method="phone", attendance="attended", by=partner)
    one = _queries(client, reverse("partner_referral", args=[referral.pk]))
    for n in range(3):
        services.record_session(referral=referral, on=date(2019, 9, 2), method="phone", attendance="attended", by=partner)
        services.add_note(referral=referral, text=f"n{n}", by=partner)
    assert _queries(client, reverse("partner_referral", args=[referral.pk])) == one


# --- lists: pages of an indexed query, newest first (issue 14) -------------------------------------


def _many(activity: Any, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any, count: int) -> list[Referral]:
    """`count` referrals, sent at times that are neither in id order nor all different."""
    sent = [send(activity, outcomes, caseworker, partner.organisation) for _ in range(count)]
    start = sent[0].referred_at
    for i, referral in enumerate(sent):
        Referral.objects.filter(pk=referral.pk).update(referred_at=start - timedelta(hours=(i * 7) % 13))
    return list(Referral.objects.filter(pk__in=[r.pk for r in sent]))


def _newest_first(referrals: list[Referral]) -> list[int]:
    return [r.pk for r in sorted(referrals, key=lambda r: (r.referred_at, r.pk), reverse=True)]


def _linked(page: str, prefix: str) -> list[int]:
    return [int(pk) for pk in re.findall(rf'href="{prefix}(\d+)/"', page)]


def test_referrer_list_is_paged_newest_first(
    activity: Any, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any, client_for: Any
) -> None:
    expected = _newest_first(_many(activity, outcomes, caseworker, partner, 55))
    client = client_for(Role.TTG_CASEWORKER)
    first = client.get(reverse("referral_list")).content.decode()
    second = client.get(reverse("referral_list"), {"page": 2}).content.decode()
    assert _linked(first, "/referrals/") + _linked(second, "/referrals/") == expected
    assert len(_linked(first, "/referrals/")) == 50
    assert 'href="?page=2" rel="next"' in first and 'href="?page=1" rel="prev"' in second
    # A page past the end shows the last one, as every paged list here does.
    assert _linked(client.get(reverse("referral_list"), {"page": 9}).content.decode(), "/referrals/") == expected[50:]


def test_partner_inbox_tab_is_paged_newest_first_with_the_counts(
    activity: Any, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any, client_for: Any
) -> None:
    referrals = _many(activity, outcomes, caseworker, partner, 53)
    accepted = referrals[::4]
    for referral in accepted:
        services.accept(referral=referral, by=partner)
    new = [r for r in referrals if r not in accepted]
    client = client_for(Role.PARTNER_CASEWORKER)
    first = client.get(reverse("partner_inbox"), {"tab": "open"}).content.decode()
    second = client.get(reverse("partner_inbox"), {"tab": "open", "page": 2}).content.decode()
    assert _linked(first, "/partner/referrals/") + _linked(second, "/partner/referrals/") == _newest_first(referrals)
    assert 'href="?tab=open&amp;page=2" rel="next"' in first
    assert f"New ({len(new)})" in second and f"My cases ({len(accepted)})" in second and "All open (53)" in second
    mine = client.get(reverse("partner_inbox"), {"tab": "mine"}).content.decode()
    assert _linked(mine, "/partner/referrals/") == _newest_first(accepted) and "govuk-pagination" not in mine


def test_unfunded_work_is_paged_latest_first_with_the_total_of_all(client_for: Any, partner: Any) -> None:
    for i in range(52):
        services.record_unfunded_work(
            organisation=partner.organisation,
            person_reference=f"MWC-{i}",
            on=date(2019, 8, 1) + timedelta(days=(i * 5) % 31),
            pathway="abuse",
            description="Drop-in",
            hours=Decimal("1.25"),
            by=partner,
        )
    rows = list(UnfundedWork.objects.filter(organisation=partner.organisation))
    expected = [f"MWC-{w.person_reference[4:]}" for w in sorted(rows, key=lambda w: (w.on, w.pk), reverse=True)]
    client = client_for(Role.PARTNER_CASEWORKER)
    pages = [client.get(reverse("unfunded_work_list"), {"page": n}).content.decode() for n in (1, 2)]
    shown = [ref for page in pages for ref in re.findall(r'<td class="govuk-table__cell">(MWC-\d+)</td>', page)]
    assert shown == expected
    assert all("65.00 hours in total" in page for page in pages)  # 52 × 1.25: all of it, on every page
