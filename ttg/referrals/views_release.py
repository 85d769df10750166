"""The list of releases from non-resettlement prisons (issue 23 item 4): the NPS's (a responsible
officer's own cases) and each CRC's (people due for release into its area). Thin: the
selector decides who is on it and what it shows, in SQL; the page renders one page of it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ttg.core import access, audit, clock
from ttg.core.audit import Seen
from ttg.plans.plan import rules as plan_rules

from . import selectors_release
from .views import pagination

TRANSFER_TAGS = {
    plan_rules.TRANSFERRED: "govuk-tag--green",
    plan_rules.TRANSFERRED_LATE: "govuk-tag--yellow",
    plan_rules.TRANSFER_DUE: "govuk-tag--blue",
    plan_rules.TRANSFER_MISSED: "govuk-tag--red",
}


@require_GET
@access.requires("releaselist.view")
def release_list(request: HttpRequest) -> HttpResponse:
    page = selectors_release.release_page(request.user, page=request.GET.get("page"))
    rows = list(page.object_list)
    # Each person shown is a consultation of their record (DPA 2018 s.62): one insert for the page.
    audit.record_views(
        actor=request.user,
        seen=[
            Seen("people.Person", p.person_id, p.current_prison.crc_id, "The list of releases from non-resettlement prisons") for p in rows
        ],
    )
    return render(
        request,
        "referrals/release_list.html",
        {
            "title": _("Releases from non-resettlement prisons"),
            "rows": rows,
            "count": page.paginator.count,
            "weeks": selectors_release.weeks_ahead(),
            "today": clock.today(),
            "pagination": pagination(page, request.GET),
            "labels": {k: _(v) for k, v in plan_rules.TRANSFER_LABELS.items()},
            "tags": TRANSFER_TAGS,
            "can_plan": access.can(request.user, "releaseplan.make"),
            "column": "full",
        },
    )
