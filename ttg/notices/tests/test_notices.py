"""Notices (R-N1): audience resolution (and late joiners), reminders once per period, attachments
refused when unsafe, scoping, idempotent publish and acknowledge, the banner and the report."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.core import clock
from ttg.estate.models import CRC, Organisation
from ttg.notices import attachments, rules, selectors, services
from ttg.notices.constants import Audience
from ttg.notices.demo import TITLE
from ttg.notices.models import Notice, NoticeRecipient
from ttg.notifications.models import Notification
from ttg.supply_chain.models import SupplyChainContract

pytestmark = pytest.mark.django_db


def _draft(personas: dict[str, Any], **changes: Any) -> Notice:
    fields: dict[str, Any] = {
        "title": "Clone period is six months",
        "summary": "It was three.",
        "what_to_do": "Reuse BCST1 within six months.",
        "effective_on": date(2018, 10, 1),
        "audience": [Audience.CRCS, Audience.SUPPLY_CHAIN],
        "crc": CRC.objects.get(code="MERSEYSIDE"),
        "sector_left_out_reason": "",
        "links": ["rule:T4@2018-10-01"],
    }
    fields.update(changes)
    return services.create_draft(draft=services.Draft(**fields), by=personas[Role.CONTRACT_MANAGER])


# --- rules --------------------------------------------------------------------------------------


def test_the_sector_gets_what_crcs_get_unless_the_notice_says_why_not() -> None:
    assert rules.sector_included(["crcs", "supply_chain"], "").value is True
    assert rules.sector_included(["crcs"], "").value is False
    assert rules.sector_included(["crcs"], "   ").value is False
    assert rules.sector_included(["crcs"], "Commercial terms of the CRC contracts only").value is True
    assert rules.sector_included(["governors"], "").value is True
    assert rules.sector_included([], "").value is False


def test_reminder_periods_count_working_days() -> None:
    # Sent on Monday 1 October 2018; every 5 working days: due Monday 8 October, again Monday 15 October.
    sent = date(2018, 10, 1)
    assert rules.reminder_period(sent, date(2018, 10, 5), 5) == 0
    assert rules.reminder_period(sent, date(2018, 10, 8), 5) == 1
    assert rules.reminder_period(sent, date(2018, 10, 12), 5) == 1
    assert rules.reminder_period(sent, date(2018, 10, 15), 5) == 2
    # Christmas: from Monday 24 Dec 2018, the working days are 27, 28, 31 December, 2 and 3 January
    # (25 and 26 December and 1 January are bank holidays): the first reminder is on Thursday 3 January.
    assert rules.reminder_period(date(2018, 12, 24), date(2019, 1, 2), 5) == 0
    assert rules.reminder_period(date(2018, 12, 24), date(2019, 1, 3), 5) == 1


# --- drafting and publishing --------------------------------------------------------------------


def test_crcs_without_their_supply_chains_need_a_reason(personas: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as refused:
        _draft(personas, audience=[Audience.CRCS])
    assert "sector_left_out_reason" in refused.value.message_dict
    notice = _draft(personas, audience=[Audience.CRCS], sector_left_out_reason="Only about the CRCs' own payments")
    assert notice.sector_left_out_reason == "Only about the CRCs' own payments"


def test_a_link_must_name_something_that_exists(personas: dict[str, Any]) -> None:
    for bad in (["rule:T99"], ["question_set:BCST1/2017-01-01"], ["catalogue:1999-01-01"], ["nonsense"]):
        with pytest.raises(ValidationError) as refused:
            _draft(personas, links=bad)
        assert "links" in refused.value.message_dict


def test_publishing_resolves_the_audience_and_keeps_it_and_twice_is_once(
    personas: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    notice = _draft(personas)
    with django_capture_on_commit_callbacks(execute=False):
        services.publish(notice=notice, by=personas[Role.CONTRACT_MANAGER])
        services.publish(notice=notice, by=personas[Role.CONTRACT_MANAGER])
    people = set(NoticeRecipient.objects.filter(notice=notice).values_list("user__username", flat=True))
    # Merseyside CRC's staff and its supply chain's (partners' staff too); not Cheshire's, not the prison's.
    assert {"tom.okafor", "helen.price", "aisha.begum", "ffion.hughes"} <= people
    assert not people & {"joanne.clarke", "priya.shah", "margaret.lewis", "samuel.adeyemi", "alex.morgan"}
    assert Notification.objects.filter(key=f"notice:{notice.pk}:published").count() == len(people)
    # Kept: someone leaving the audience stays a recipient.
    helen = personas[Role.CRC_MANAGER]
    helen.crc = CRC.objects.get(code="CHESHIRE_GM")
    helen.save(update_fields=["crc"])
    services.include_late_joiners()
    assert NoticeRecipient.objects.filter(notice=notice, user=helen).exists()


def test_a_partner_joining_the_supply_chain_after_publication_is_sent_it(
    personas: dict[str, Any], django_user_model: Any, django_capture_on_commit_callbacks: Any
) -> None:
    notice = _draft(personas)
    services.publish(notice=notice, by=personas[Role.CONTRACT_MANAGER])
    newcomer_org = Organisation.objects.create(name="Late Joiners Trust", type=Organisation.objects.first().type)  # type: ignore[union-attr]
    newcomer = django_user_model.objects.create_user(
        username="late.joiner", password="x" * 16, role=Role.PARTNER_CASEWORKER, organisation=newcomer_org
    )
    assert not NoticeRecipient.objects.filter(notice=notice, user=newcomer).exists()
    with django_capture_on_commit_callbacks(execute=True):
        SupplyChainContract.objects.create(
            crc=CRC.objects.get(code="MERSEYSIDE"),
            organisation=newcomer_org,
            reference="LATE-1",
            title="Late",
            starts_on=clock.today() - timedelta(days=1),
            created_at=clock.now(),
        )
    joined = NoticeRecipient.objects.get(notice=notice, user=newcomer)
    assert joined.joined_later and joined.organisation_name == "Late Joiners Trust"
    assert Notification.objects.filter(key=f"notice:{notice.pk}:published", recipient=newcomer).exists()
    assert services.include_late_joiners() == 0  # once


def test_reminders_are_sent_once_per_period(personas: dict[str, Any], settings: Any) -> None:
    settings.TTG_NOTICE_REMINDER_WORKING_DAYS = 5
    notice = _draft(personas)
    services.publish(notice=notice, by=personas[Role.CONTRACT_MANAGER])
    tom = personas[Role.TTG_CASEWORKER]
    services.acknowledge(notice=notice, user=tom)
    waiting = NoticeRecipient.objects.filter(notice=notice, acknowledged_at__isnull=True).count()
    NoticeRecipient.objects.exclude(notice=notice).update(acknowledged_at=clock.now())  # only this notice's
    sent_on = clock.today()
    assert services.send_reminders(today=sent_on) == 0
    later = sent_on + timedelta(days=9)  # at least 5 working days, fewer than 10
    assert services.send_reminders(today=later) == waiting
    assert services.send_reminders(today=later) == 0  # the same day again: nothing more
    reminders = Notification.objects.filter(key=f"notice:{notice.pk}:reminder:1")
    assert reminders.count() == waiting and not reminders.filter(recipient=tom).exists()
    assert services.send_reminders(today=sent_on + timedelta(days=16)) == waiting  # the next period: once more


def test_acknowledging_twice_is_once(personas: dict[str, Any]) -> None:
    notice = Notice.objects.get(title=TITLE)
    aisha = personas[Role.PARTNER_CASEWORKER]
    first = services.acknowledge(notice=notice, user=aisha).acknowledged_at
    assert services.acknowledge(notice=notice, user=aisha).acknowledged_at == first


# --- attachments --------------------------------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return out.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip({"mimetype": attachments.ODT.encode(), "content.xml": b"<office:document-content/>"})


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("changes.pdf", b"%PDF-1.7\n...", attachments.PDF),
        ("changes.docx", DOCX, attachments.DOCX),
        ("changes.odt", ODT, attachments.ODT),
        ("changes.txt", "Clone period: six months £".encode(), attachments.TEXT),
    ],
)
def test_accepted_attachments(name: str, content: bytes, kind: str) -> None:
    assert attachments.check(name, content, max_bytes=10_000).content_type == kind


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("changes.pdf", b"MZ\x90\x00 an executable"),  # wrong type
        ("changes.pdf", DOCX),  # disguised extension: a Word file named .pdf
        ("changes.txt", b"%PDF-1.7"),  # a PDF named .txt
        ("payload.html.txt", b"<script>\x00</script>"),  # binary control bytes
        ("changes.docx", _zip({"[Content_Types].xml": b"", "word/document.xml": b"", "word/vbaProject.bin": b""})),  # macros
        ("changes.zip", _zip({"a.txt": b"a"})),
        ("changes.pdf", b"%PDF-" + b"x" * 10_000),  # too big
        ("empty.txt", b""),
    ],
)
def test_unsafe_attachments_are_refused(name: str, content: bytes) -> None:
    with pytest.raises(ValidationError):
        attachments.check(name, content, max_bytes=10_000)


def test_a_filename_loses_its_folders_and_odd_characters() -> None:
    assert attachments.safe_filename('../../etc/pa"ss<wd>.txt') == "pa_ss_wd_.txt"


def test_attachments_are_served_as_downloads(personas: dict[str, Any], client_for: Any, settings: Any) -> None:
    settings.TTG_NOTICE_ATTACHMENT_MAX_BYTES = 1000
    notice = _draft(personas)
    client = client_for(Role.CONTRACT_MANAGER)
    url = reverse("notice_attachment_add", kwargs={"pk": notice.pk})
    big = io.BytesIO(b"%PDF-" + b"x" * 2000)
    big.name = "big.pdf"
    assert "must be smaller than" in client.post(url, {"file": big}).content.decode()
    disguised = io.BytesIO(b"%PDF-1.7")
    disguised.name = "notes.txt"
    assert "does not match what it contains" in client.post(url, {"file": disguised}).content.decode()
    good = io.BytesIO(b"%PDF-1.7 the changes")
    good.name = "changes.pdf"
    assert client.post(url, {"file": good}).status_code == 302
    attachment = notice.attachments.get()
    response = client.get(reverse("notice_attachment", kwargs={"pk": notice.pk, "attachment_pk": attachment.pk}))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="changes.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


# --- scoping, pages, banner, report ---------------------------------------------------------------


def test_recipients_see_only_notices_sent_to_them_and_drafts_only_publishers(personas: dict[str, Any], client_for: Any) -> None:
    draft = _draft(personas, title="A draft nobody else sees")
    other = _draft(personas, title="For Cheshire only", audience=[Audience.GOVERNORS], crc=CRC.objects.get(code="CHESHIRE_GM"))
    services.publish(notice=other, by=personas[Role.CONTRACT_MANAGER])
    partner = client_for(Role.PARTNER_CASEWORKER)
    page = partner.get(reverse("notice_list")).content.decode()
    assert TITLE in page and "A draft nobody else sees" not in page and "For Cheshire only" not in page
    for pk in (draft.pk, other.pk):
        assert partner.get(reverse("notice_detail", kwargs={"pk": pk})).status_code == 404
        assert partner.post(reverse("notice_acknowledge", kwargs={"pk": pk})).status_code == 404
    assert client_for(Role.ADMINISTRATOR).get(reverse("notice_detail", kwargs={"pk": draft.pk})).status_code == 200
    assert set(selectors.notices(personas[Role.ANALYST])) == set()


def test_the_sector_is_shown_why_it_was_not_sent_a_notice(personas: dict[str, Any], client_for: Any) -> None:
    notice = _draft(
        personas, title="CRC payment terms", audience=[Audience.CRCS], sector_left_out_reason="About the CRCs' own payment terms"
    )
    services.publish(notice=notice, by=personas[Role.CONTRACT_MANAGER])
    page = client_for(Role.PARTNER_CASEWORKER).get(reverse("notice_list")).content.decode()
    assert "CRC payment terms" in page and "About the CRCs&#39; own payment terms" in page


def test_banner_until_acknowledged_then_the_report_shows_who(personas: dict[str, Any], client_for: Any) -> None:
    notice = Notice.objects.get(title=TITLE)
    partner = client_for(Role.PARTNER_CASEWORKER)
    bcst1 = reverse("question_set", kwargs={"kind": "bcst1", "version": "2018-10-01"})
    assert TITLE in partner.get(bcst1).content.decode()
    assert TITLE not in partner.get(reverse("question_sets")).content.decode()  # not a page it affects
    assert partner.post(reverse("notice_acknowledge", kwargs={"pk": notice.pk})).status_code == 302
    assert partner.post(reverse("notice_acknowledge", kwargs={"pk": notice.pk})).status_code == 302  # double submit
    assert TITLE not in partner.get(bcst1).content.decode()
    report = client_for(Role.CONTRACT_MANAGER).get(reverse("notice_report", kwargs={"pk": notice.pk})).content.decode()
    unaware = report.split("Organisations where nobody has acknowledged it")[1].split("</ul>")[0]
    assert "Mersey Women" not in unaware and "HMP Altcourse" in unaware
    export = client_for(Role.CONTRACT_MANAGER).get(reverse("notice_report_export", kwargs={"pk": notice.pk, "fmt": "xlsx"}))
    assert export.status_code == 200 and export.content[:2] == b"PK"


def test_a_screening_decision_names_the_notice_behind_its_rule(personas: dict[str, Any]) -> None:
    from ttg.core.rules import Decision
    from ttg.screening.announcements import announcing

    decision = Decision(True, ("BCST2 is not needed (rule T3, in force from 1 October 2018).",))
    (found,) = announcing(personas[Role.TTG_CASEWORKER], decision)
    assert found.title == TITLE and found.link == reverse("notice_detail", kwargs={"pk": Notice.objects.get(title=TITLE).pk})
    (unlinked,) = announcing(personas[Role.ANALYST], decision)  # not sent it: named, not linked
    assert unlinked.link == ""
    assert announcing(personas[Role.TTG_CASEWORKER], Decision(True, ("Due (rule T1, in force throughout the service).",))) == []


def test_publish_through_the_api_twice_is_once(personas: dict[str, Any], client_for: Any) -> None:
    client = client_for(Role.ADMINISTRATOR)
    made = client.post(
        reverse("api_notice_draft"),
        {
            "title": "API notice",
            "summary": "s",
            "what_to_do": "w",
            "effective_on": "2018-10-01",
            "audience": ["contract_managers"],
            "links": ["question_set:BCST1/2018-10-01"],
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    first = client.post(reverse("api_notice_publish", kwargs={"pk": pk}))
    second = client.post(reverse("api_notice_publish", kwargs={"pk": pk}))
    assert first.status_code == second.status_code == 200 and first.json()["published_at"] == second.json()["published_at"]
    assert NoticeRecipient.objects.filter(notice_id=pk).count() == 1  # the one contract manager


def test_the_screening_page_names_the_notice_and_shows_the_banner(personas: dict[str, Any], client_for: Any) -> None:
    from ttg.screening.tests.test_journeys import NUMBER, feed, reception

    feed(reception("n1", NUMBER, at="2019-08-30T09:30:00+01:00"))
    caseworker = client_for(Role.TTG_CASEWORKER)
    page = caseworker.get(reverse("person_screening", args=[NUMBER])).content.decode()
    link = reverse("notice_detail", kwargs={"pk": Notice.objects.get(title=TITLE).pk})
    assert f'This rule was announced in the notice <a class="govuk-link" href="{link}">' in page
    bcst2 = caseworker.get(reverse("screening_tasks", args=[NUMBER, "bcst2"])).content.decode()
    assert "govuk-notification-banner" in bcst2 and "Read the notice: " in bcst2


def test_the_report_and_list_cost_a_fixed_number_of_queries_and_the_csv_is_safe(
    personas: dict[str, Any], client_for: Any, django_user_model: Any, django_assert_max_num_queries: Any
) -> None:
    notice = Notice.objects.get(title=TITLE)
    partner = personas[Role.PARTNER_CASEWORKER]
    for n in range(15):  # more people at the partner: the pages' queries stay the same
        django_user_model.objects.create_user(
            username=f"extra.{n}",
            first_name="=HYPERLINK(1)",
            password="x" * 16,
            role=Role.PARTNER_CASEWORKER,
            organisation=partner.organisation,
        )
    services.include_late_joiners()
    client = client_for(Role.CONTRACT_MANAGER)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("notice_report", kwargs={"pk": notice.pk})).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("notice_list")).status_code == 200
    csv = client.get(reverse("notice_report_export", kwargs={"pk": notice.pk, "fmt": "csv"})).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv and "Mersey Women's Centre" in csv
