"""The TTG caseworker's work list: thin, the reading is in selectors.py."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ttg.core import access
from ttg.worklist import selectors as selectors_worklist


@require_GET
@access.requires("worklist.view")
def work_list(request: HttpRequest) -> HttpResponse:
    """Overdue first, then due this week, plans to agree, pre-release reviews, handovers and outcomes after
    release; for all the CRC's prisons or the one chosen (?prison=CODE, a form that works without JavaScript)."""
    work = selectors_worklist.work_list(request.user, request.GET.get("prison", "").strip())
    return render(request, "worklist/work_list.html", {"title": _("Your work"), "work": work})
