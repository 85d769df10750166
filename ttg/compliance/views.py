"""Compliance pages (R-A1): thin, the counting is in selectors.py. Every page reads stored state with a
fixed number of queries, whatever the number of cases."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ttg.accounts.mfa import recent_authentication_required
from ttg.core import access
from ttg.core.audit import Seen, record_views
from ttg.core.spreadsheets import csv_bytes, xlsx_bytes
from ttg.people import identity

from . import charts, rules, selectors


@require_GET
@access.requires("compliance.view")
def overview(request: HttpRequest) -> HttpResponse:
    """The user's CRCs at a glance, weakest first; for contract managers, the non-resettlement prisons' figure."""
    found = selectors.overview(request.user)
    national = found.national
    return render(
        request,
        "compliance/overview.html",
        {
            "title": _("Compliance with the specification"),
            "overview": found,
            "figures": rules.CRC_FIGURES,
            "national": national,
            "charts": {v.figure.key: charts.bar_chart(v.figure, v.months) for v in national.figures} if national else {},
        },
    )


def _figure_context(report: selectors.Report) -> dict[str, object]:
    return {"report": report, "charts": {v.figure.key: charts.bar_chart(v.figure, v.months) for v in report.figures}}


@require_GET
@access.requires("compliance.view")
def crc(request: HttpRequest, code: str) -> HttpResponse:
    """One CRC's figures: big numbers with their sentences, each figure's trend and table, and its prisons."""
    found, places, report = selectors.crc_report(request.user, code)
    return render(
        request,
        "compliance/crc.html",
        {
            "title": _("Compliance: %(crc)s") % {"crc": found.name},
            "crc": found,
            "prisons": selectors.prisons_weakest_first(report, places),
            **_figure_context(report),
        },
    )


@require_GET
@access.requires("compliance.view")
def prison(request: HttpRequest, code: str) -> HttpResponse:
    """One prison's figures, each month linking to the cases behind it."""
    found, report = selectors.prison_report(request.user, code)
    return render(
        request,
        "compliance/prison.html",
        {
            "title": _("Compliance: %(prison)s") % {"prison": found.name},
            "prison": found,
            "may_drill": access.can(request.user, selectors.CASES),
            **_figure_context(report),
        },
    )


def _month(text: str) -> date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise Http404(access.NOT_FOUND_MESSAGE) from None


@require_GET
@access.requires("compliance.cases")
def cases(request: HttpRequest, code: str, figure: str, month: str) -> HttpResponse:
    """The cases counted in one figure at one prison in one month, those not met first: case references for
    contract managers. Each person shown is recorded in the audit trail."""
    found = selectors.prison_for(request.user, code)
    chosen = rules.BY_KEY.get(figure)
    if chosen is None or (chosen.national != (found.crc_id is None)):
        raise Http404(access.NOT_FOUND_MESSAGE)
    day = _month(month)
    page, rows, labels = selectors.cases(request.user, found, figure, day, request.GET.get("page"))
    record_views(
        actor=request.user,
        seen=[Seen("people.Person", row.person_id, found.crc_id) for row in rows],
        why=_("Compliance: the cases behind a figure"),
    )
    return render(
        request,
        "compliance/cases.html",
        {
            "title": _("%(figure)s: %(prison)s, %(month)s")
            % {"figure": chosen.title, "prison": found.name, "month": rules.month_words(day)},
            "prison": found,
            "figure": chosen,
            "month": day,
            "page": page,
            "rows": [(identity.label_for(request.user, row), row) for row in rows],
            "labels": labels,
        },
    )


EXPORT_HEADER = ["Figure", "Prison", "Month", "Met", "Counted", "Per cent", "Signposted", "Declined", "Definition"]


@require_GET
@access.requires("compliance.view")
@recent_authentication_required  # a bulk export of a CRC's figures (ASVS V4.3.3)
def crc_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The CRC's figures per prison and month over the window: no person in it, counts only."""
    found, places, report = selectors.crc_report(request.user, code)
    rows = selectors.export_rows(report, places)
    if fmt == "csv":
        response = HttpResponse(csv_bytes([(EXPORT_HEADER, rows)]), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            xlsx_bytes([(_("Compliance"), EXPORT_HEADER, rows)]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404(access.NOT_FOUND_MESSAGE)
    response["Content-Disposition"] = f'attachment; filename="compliance-{found.code.lower()}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
