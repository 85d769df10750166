"""Reads of notices: scoped to the user (access.py), a fixed number of queries per page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from ttg.core import access
from ttg.core.rules import format_date, local_date
from ttg.screening.announcements import Announcement, RuleVersion
from ttg.supply_chain.models import SupplyChainContract

from . import links
from .constants import LinkKind, Status
from .models import Notice, NoticeAttachment, NoticeLink, NoticeRecipient

LIST_PAGE = 50


def notices(user: Any) -> QuerySet[Notice]:
    """The notices the user may see: all for publishers (with their counts), those sent to them for
    everyone else (with when they acknowledged it)."""
    qs = Notice.objects.visible_to(user).select_related("crc")
    mine = NoticeRecipient.objects.filter(notice=OuterRef("pk"), user=user)
    return qs.annotate(
        recipient_count=Count("recipients", distinct=True),
        acknowledged_count=Count("recipients", filter=Q(recipients__acknowledged_at__isnull=False), distinct=True),
        my_acknowledged_at=Subquery(mine.values("acknowledged_at")[:1]),
        my_recipient=Subquery(mine.values("pk")[:1]),
    )


def notice(user: Any, pk: Any) -> Notice:
    """One notice, the same 404 for missing and not yours; its links and attachments (without their bytes)."""
    links_first: Prefetch[Any] = Prefetch("links", queryset=NoticeLink.objects.order_by("kind", "key"))
    files: Prefetch[Any] = Prefetch("attachments", queryset=NoticeAttachment.objects.defer("content").order_by("uploaded_at", "id"))
    return access.get_for(user, notices(user).prefetch_related(links_first, files), pk=pk)


def attachment(user: Any, notice_pk: Any, pk: Any) -> NoticeAttachment:
    return access.get_for(user, NoticeAttachment.objects.select_related("notice"), notice_id=notice_pk, pk=pk)


def recipient(user: Any, notice: Notice) -> NoticeRecipient | None:
    return NoticeRecipient.objects.filter(notice=notice, user=user, notice__status=Status.PUBLISHED).first()


def link_words(user: Any, notice: Notice) -> list[dict[str, str]]:
    """What the notice announces, in words, each with the page that shows it where there is one the user may open."""
    known = {(o.kind, o.key): o.label for group in links.options().values() for o in group}
    may_read_questions = access.can(user, "screening.questions")
    out = []
    for link in notice.links.all():
        href = ""
        if link.kind == LinkKind.QUESTION_SET and may_read_questions:
            kind, _slash, version = link.key.partition("/")
            href = reverse("question_set", kwargs={"kind": kind.lower(), "version": version})
        out.append({"text": known.get((link.kind, link.key), f"{link.get_kind_display()} {link.key}"), "href": href})
    return out


def left_out_for_sector(user: Any) -> list[Notice]:
    """R-N1: notices sent to CRCs but not to the sector, with the reason, for a partner organisation's
    staff (its CRCs', or every CRC's). The title and reason only: the notice itself was not sent to them."""
    if not user.organisation_id:
        return []
    crcs = SupplyChainContract.objects.filter(organisation_id=user.organisation_id).values("crc")
    return list(
        Notice.objects.filter(status=Status.PUBLISHED)
        .exclude(sector_left_out_reason="")
        .filter(Q(crc__isnull=True) | Q(crc__in=crcs))
        .only("title", "sector_left_out_reason", "published_at", "effective_on")
        .order_by("-published_at")
    )


@dataclass
class OrganisationRow:
    employer: str
    name: str
    acknowledged: list[NoticeRecipient] = field(default_factory=list)
    waiting: list[NoticeRecipient] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.acknowledged) + len(self.waiting)

    @property
    def aware(self) -> bool:
        """Someone there has acknowledged it."""
        return bool(self.acknowledged)


def report(notice: Notice) -> list[OrganisationRow]:
    """Who has and has not acknowledged, by organisation: those where nobody has first (one query)."""
    rows: dict[tuple[str, str], OrganisationRow] = {}
    for r in notice.recipients.select_related("user").order_by("organisation_name", "user__last_name", "user__first_name", "pk"):
        row = rows.setdefault((r.employer, r.organisation_name), OrganisationRow(r.get_employer_display(), r.organisation_name))
        (row.acknowledged if r.acknowledged_at else row.waiting).append(r)
    return sorted(rows.values(), key=lambda row: (row.aware, not row.waiting, row.name))


def report_rows(notice: Notice) -> list[list[Any]]:
    """One row per recipient, for the CSV and XLSX exports."""
    out: list[list[Any]] = []
    for org in report(notice):
        for r in org.acknowledged + org.waiting:
            out.append(
                [
                    org.name,
                    org.employer,
                    r.user.get_full_name() or r.user.username,
                    local_date(r.sent_at),
                    local_date(r.acknowledged_at) if r.acknowledged_at else None,
                    r.reminders_sent,
                    _("Yes") if r.joined_later else _("No"),
                ]
            )
    return out


REPORT_HEADER = [
    _("Organisation"),
    _("Kind"),
    _("Name"),
    _("Sent"),
    _("Acknowledged"),
    _("Reminders"),
    _("Joined after publication"),
]


def waiting_count(user: Any) -> int:
    """Published notices sent to the user that they have not acknowledged (one query)."""
    return NoticeRecipient.objects.filter(user=user, notice__status=Status.PUBLISHED, acknowledged_at__isnull=True).count()


def banners(request: Any) -> list[dict[str, str]]:
    """The notices that affect this page and that the user has not acknowledged: none (and no query)
    on a page no notice can affect, or for nobody signed in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not access.can(user, "notices.acknowledge"):
        return []
    wanted = links.affected_by(request.path)
    if wanted is None:
        return []
    waiting = (
        Notice.objects.filter(
            status=Status.PUBLISHED,
            recipients__user=user,
            recipients__acknowledged_at__isnull=True,
            pk__in=NoticeLink.objects.filter(wanted).values("notice"),
        )
        .only("pk", "title", "effective_on")
        .order_by("-published_at")
    )
    return [
        {
            "heading": n.title,
            "text": _("This page is affected by a change in effect from %(day)s. Read the notice, then acknowledge it.")
            % {"day": format_date(n.effective_on)},
            "link": reverse("notice_detail", kwargs={"pk": n.pk}),
            "link_text": _("Read the notice: %(title)s") % {"title": n.title},
        }
        for n in waiting
    ]


def announcements(user: Any, versions: tuple[RuleVersion, ...]) -> list[Announcement]:
    """For screening's decisions: the published notices that announced these rule versions; a link only
    to those the user may read. The published rule links are read once per request (kept on the user)."""
    cache = getattr(user, "_ttg_notice_rules", None)
    if cache is None:
        visible = set(Notice.objects.visible_to(user).filter(status=Status.PUBLISHED).values_list("pk", flat=True))
        cache = {}
        for link in (
            NoticeLink.objects.filter(kind=LinkKind.RULE, notice__status=Status.PUBLISHED)
            .select_related("notice")
            .order_by("notice__published_at")
        ):
            cache.setdefault(link.key, (link.notice, link.notice_id in visible))
        user._ttg_notice_rules = cache
    found = []
    for version in versions:
        hit = cache.get(version.key)
        if hit:
            notice, may_read = hit
            href = reverse("notice_detail", kwargs={"pk": notice.pk}) if may_read else ""
            found.append(Announcement(rule=version, title=notice.title, published_on=local_date(notice.published_at), link=href))
    return found
