"""The TTG caseworker's work list, and the CRC manager's allocations: thin, the reading is in selectors.py."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ttg.core import access
from ttg.people import selectors_allocation
from ttg.referrals.views import pagination
from ttg.worklist import selectors as selectors_worklist


@require_GET
@access.requires("worklist.view")
def work_list(request: HttpRequest) -> HttpResponse:
    """Overdue first, then due this week, plans to agree, pre-release reviews, handovers and outcomes after
    release; for all the CRC's prisons or the one chosen (?prison=CODE, a form that works without JavaScript),
    of everyone there or of the people allocated to the user or to nobody (?whose=mine|unallocated)."""
    work = selectors_worklist.work_list(request.user, request.GET.get("prison", "").strip(), request.GET.get("whose", "").strip())
    return render(
        request,
        "worklist/work_list.html",
        {"title": _("Your work"), "work": work, "whose_choices": selectors_worklist.whose_choices(request.user)},
    )


@require_GET
@access.requires("allocation.make")
def allocations(request: HttpRequest) -> HttpResponse:
    """The CRC manager's allocations: each caseworker's caseload against capacity (rule AL2), and the people
    due work whom nobody holds yet (rule AL1), a page at a time, for all the CRC's prisons or the one chosen."""
    unallocated = selectors_worklist.unallocated_due_work(request.user, request.GET.get("prison", "").strip(), request.GET.get("page"))
    return render(
        request,
        "worklist/allocations.html",
        {
            "title": _("Allocations"),
            "caseworkers": selectors_allocation.caseworkers(request.user),
            "unallocated": unallocated,
            "pagination": pagination(unallocated.page, request.GET),
            "capacity": selectors_allocation.capacity_setting(),
        },
    )
