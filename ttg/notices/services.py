"""Every write of the notices app: drafting, attachments, publishing (the audience resolved to people
and kept), acknowledging, adding people who join an audience later, and reminders (R-N1, R-N1a).

Publishing and acknowledging are idempotent: a second submit (a double click, a retried request)
changes nothing and sends nothing more. Notifications are keyed per notice (and per reminder
period), so each person is told once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from ttg.accounts.constants import PEOPLE_ROLES, Role
from ttg.accounts.models import User
from ttg.core import clock
from ttg.core.audit import record_change, snapshot
from ttg.core.rules import local_date
from ttg.estate.models import CRC
from ttg.notifications.services import notify
from ttg.supply_chain.models import SupplyChainContract

from . import attachments, links, rules
from .constants import Audience, Employer, Status
from .models import Notice, NoticeAttachment, NoticeLink, NoticeRecipient

EDITABLE = ("title", "summary", "what_to_do", "effective_on", "audience", "crc", "sector_left_out_reason")


@dataclass(frozen=True)
class Draft:
    title: str
    summary: str
    what_to_do: str
    effective_on: date
    audience: list[str]
    crc: CRC | None
    sector_left_out_reason: str
    links: list[str]  # "kind:key"


def _check(draft: Draft) -> list[links.Option]:
    errors: dict[str, str] = {}
    unknown = set(draft.audience) - set(Audience.values)
    if unknown or not rules.sector_included(draft.audience, draft.sector_left_out_reason).value:
        if not draft.audience or unknown:
            errors["audience"] = _("Select who the notice goes to")
        else:
            errors["sector_left_out_reason"] = _(
                "The notice goes to CRCs: send it to their supply chains too, or say why the sector is not sent it"
            )
    try:
        chosen = links.parse(draft.links, links.options())
    except ValueError:
        errors["links"] = _("Select only rules, questions or catalogue versions that exist")
        chosen = []
    if not chosen and "links" not in errors:
        errors["links"] = _("Select the rule, questions or catalogue version the notice announces")
    if errors:
        raise ValidationError(errors)
    return chosen


def _fields(notice: Notice, draft: Draft) -> None:
    notice.title = draft.title
    notice.summary = draft.summary
    notice.what_to_do = draft.what_to_do
    notice.effective_on = draft.effective_on
    notice.audience = sorted(set(draft.audience))
    notice.crc = draft.crc
    # The reason only means something when the sector is left out.
    left_out = Audience.CRCS in draft.audience and Audience.SUPPLY_CHAIN not in draft.audience
    notice.sector_left_out_reason = draft.sector_left_out_reason.strip() if left_out else ""


def _set_links(notice: Notice, chosen: list[links.Option]) -> None:
    notice.links.all().delete()
    NoticeLink.objects.bulk_create([NoticeLink(notice=notice, kind=o.kind, key=o.key) for o in chosen])


def create_draft(*, draft: Draft, by: Any) -> Notice:
    chosen = _check(draft)
    with transaction.atomic():
        notice = Notice(created_by=by, created_at=clock.now())
        _fields(notice, draft)
        notice.save()
        _set_links(notice, chosen)
        record_change(actor=by, action="notices.notice.add", obj=notice, after=_snapshot(notice))
    return notice


def update_draft(*, notice: Notice, draft: Draft, by: Any) -> Notice:
    chosen = _check(draft)
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        if notice.is_published:
            raise ValidationError({"title": _("A published notice cannot be changed: publish a new notice instead")})
        before = _snapshot(notice)
        _fields(notice, draft)
        notice.save()
        _set_links(notice, chosen)
        record_change(actor=by, action="notices.notice.change", obj=notice, before=before, after=_snapshot(notice))
    return notice


def _snapshot(notice: Notice) -> dict[str, Any]:
    return {**snapshot(notice), "links": [str(link) for link in notice.links.all()]}


def add_attachment(*, notice: Notice, name: str, content: bytes, by: Any) -> NoticeAttachment:
    checked = attachments.check(name, content, max_bytes=settings.TTG_NOTICE_ATTACHMENT_MAX_BYTES)
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        if notice.is_published:
            raise ValidationError({"file": _("A published notice cannot be changed")})
        attachment = NoticeAttachment.objects.create(
            notice=notice,
            filename=checked.filename,
            content_type=checked.content_type,
            size=checked.size,
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
            uploaded_by=by,
            uploaded_at=clock.now(),
        )
        record_change(actor=by, action="notices.noticeattachment.add", obj=attachment, after=snapshot(attachment, exclude=("content",)))
    return attachment


# --- the audience ---------------------------------------------------------------------------------


def _audience_filter(notice: Notice, on: date) -> Q:
    """The people a notice's audience kinds name, on a day: one filter on User."""
    kinds = set(notice.audience)
    crc_id = notice.crc_id
    wanted = Q(pk__in=[])
    if Audience.GOVERNORS in kinds:
        wanted |= Q(role=Role.GOVERNOR)
    if Audience.PRISON_OFFICERS in kinds:
        wanted |= Q(role=Role.PRISON_OFFICER)
    if Audience.CRCS in kinds:
        wanted |= Q(crc_id=crc_id) if crc_id else Q(crc__isnull=False)
    if Audience.SUPPLY_CHAIN in kinds:
        contracts = SupplyChainContract.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on), starts_on__lte=on)
        if crc_id:
            contracts = contracts.filter(crc_id=crc_id)
        wanted |= Q(organisation__in=contracts.values("organisation"))
    if Audience.NPS_DIVISIONS in kinds:
        wanted |= Q(nps_division__isnull=False)
    if Audience.CONTRACT_MANAGERS in kinds:
        wanted |= Q(role=Role.CONTRACT_MANAGER)
    return wanted


def audience(notice: Notice, on: date) -> QuerySet[User]:
    """The active people, in a role, that the notice's audience names on a day."""
    return (
        User.objects.filter(_audience_filter(notice, on), is_active=True, role__in=PEOPLE_ROLES)
        .select_related("prison", "crc", "organisation", "nps_division")
        .order_by("pk")
    )


def employer_of(user: Any) -> tuple[str, str]:
    for kind, attr in (
        (Employer.ORGANISATION, "organisation"),
        (Employer.CRC, "crc"),
        (Employer.PRISON, "prison"),
        (Employer.NPS_DIVISION, "nps_division"),
    ):
        place = getattr(user, attr)
        if place is not None:
            return kind, place.name
    return Employer.HMPPS, "HMPPS"


def _add_recipients(notice: Notice, people: Iterable[Any], *, later: bool, tell: bool = True) -> list[NoticeRecipient]:
    """Recipients for those not yet sent it (kept: nobody is ever taken off), each notified once."""
    already = set(notice.recipients.values_list("user_id", flat=True))
    now = clock.now()
    new = []
    for person in people:
        if person.pk in already:
            continue
        employer, name = employer_of(person)
        new.append(NoticeRecipient(notice=notice, user=person, employer=employer, organisation_name=name, sent_at=now, joined_later=later))
    made = NoticeRecipient.objects.bulk_create(new)
    if made and tell:
        notify(
            key=f"notice:{notice.pk}:published",
            recipients=[r.user for r in made],
            template="notice_published",
            context={
                "title": notice.title,
                "effective_on": notice.effective_on,  # dates: the message writes them in its reader's language
                "publisher": notice.published_by.get_full_name() if notice.published_by else "HMPPS",
            },
            link=reverse("notice_detail", kwargs={"pk": notice.pk}),
        )
    return made


def publish(*, notice: Notice, by: Any, tell: bool = True) -> Notice:
    """Publish a draft: its audience is resolved to people now, and kept, and each is told (a
    notification). Publishing it again changes nothing. `tell=False` only for a notice published
    before the service, as the demo's of October 2018: its recipients find it on their home page."""
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        if notice.is_published:
            return notice
        decision = rules.sector_included(notice.audience, notice.sector_left_out_reason)
        if not decision.value:
            raise ValidationError({"audience": _("Say who the notice goes to before publishing it")})
        if not notice.links.exists():
            raise ValidationError({"links": _("Say what the notice announces before publishing it")})
        before = _snapshot(notice)
        notice.status = Status.PUBLISHED
        notice.published_by = by
        notice.published_at = clock.now()
        notice.save(update_fields=["status", "published_by", "published_at"])
        sent = _add_recipients(notice, audience(notice, local_date(notice.published_at)), later=False, tell=tell)
        record_change(
            actor=by,
            action="notices.notice.publish",
            obj=notice,
            before=before,
            after={**_snapshot(notice), "recipients": len(sent)},
            scope_crc=notice.crc,
        )
    return notice


def acknowledge(*, notice: Notice, user: Any) -> NoticeRecipient:
    """The user has read and understood the notice; acknowledging again changes nothing.

    `Http404` (from get_for in the caller) for a notice not sent to them; here, `NoticeRecipient.DoesNotExist`."""
    with transaction.atomic():
        recipient = NoticeRecipient.objects.select_for_update(of=("self",)).get(notice=notice, user=user, notice__status=Status.PUBLISHED)
        if recipient.acknowledged_at is None:
            recipient.acknowledged_at = clock.now()
            recipient.save(update_fields=["acknowledged_at"])
            record_change(actor=user, action="notices.noticerecipient.acknowledge", obj=recipient, after=snapshot(recipient))
    return recipient


def include_late_joiners(*, on: date | None = None) -> int:
    """Send every published notice to those who have joined its audience since (a partner organisation
    added to a supply chain, a new member of staff): resolved again, only ever adding. Returns how many."""
    on = on or clock.today()
    added = 0
    for notice in Notice.objects.filter(status=Status.PUBLISHED).select_related("published_by"):
        with transaction.atomic():
            locked = Notice.objects.select_for_update(of=("self",)).select_related("published_by").get(pk=notice.pk)
            made = _add_recipients(locked, audience(locked, on), later=True)
            if made:
                record_change(
                    actor=None,
                    action="notices.notice.extend",
                    obj=locked,
                    after={"joined_later": [r.user_id for r in made]},
                    reason="Joined the notice's audience after it was published",
                )
            added += len(made)
    return added


def reminder_working_days() -> int:
    return int(settings.TTG_NOTICE_REMINDER_WORKING_DAYS)


def send_reminders(*, today: date | None = None) -> int:
    """R-N1a: remind each recipient who has not acknowledged, once per period of working days since
    they were sent the notice. Safe to run again the same day (and by two workers): one per period."""
    today = today or clock.today()
    every = reminder_working_days()
    sent = 0
    pending = NoticeRecipient.objects.filter(notice__status=Status.PUBLISHED, acknowledged_at__isnull=True).values_list("pk", flat=True)
    for pk in list(pending):
        with transaction.atomic():
            recipient = (
                NoticeRecipient.objects.select_for_update(of=("self",))
                .select_related("notice", "user")
                .filter(pk=pk, acknowledged_at__isnull=True)
                .first()
            )
            if recipient is None:
                continue
            period = rules.reminder_period(local_date(recipient.sent_at), today, every)
            if period < 1 or period <= recipient.reminders_sent:
                continue
            notify(
                key=f"notice:{recipient.notice_id}:reminder:{period}",
                recipients=[recipient.user],
                template="notice_reminder",
                context={
                    "title": recipient.notice.title,
                    "sent_on": local_date(recipient.sent_at),
                    "effective_on": recipient.notice.effective_on,
                },
                link=reverse("notice_detail", kwargs={"pk": recipient.notice_id}),
            )
            recipient.reminders_sent = period
            recipient.last_reminded_at = clock.now()
            recipient.save(update_fields=["reminders_sent", "last_reminded_at"])
            sent += 1
    return sent
