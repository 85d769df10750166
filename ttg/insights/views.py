"""The analyst's insights pages (R-E1, R-E2): one breakdown a page, each chart followed by its table;
the same figures as CSV and XLSX. Every route needs an entry in tests/access_matrix.py."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from ttg.accounts.mfa import recent_authentication_required
from ttg.core import access
from ttg.core.forms import error_list
from ttg.core.spreadsheets import csv_bytes, xlsx_bytes
from ttg.insights import charts, extracts, selectors, services, tables
from ttg.insights.access import EXPORT, EXTRACT, VIEW
from ttg.insights.constants import DIMENSION_BY_CODE, DIMENSIONS, HIDDEN, MEASURES
from ttg.insights.forms import ExtractForm

COHORTS = ("sex", "sentence", "level3", "resettlement", "crc", "prison", "quarter")
EQUALITY = tuple(d.code for d in DIMENSIONS if d.equality)
COHORT_TABS = {"sex": gettext_lazy("Women and men")}  # the cohort page's name for the sex breakdown


def _page(request: HttpRequest, *, codes: tuple[str, ...], route: str, title: str) -> HttpResponse:
    by = request.GET.get("by", codes[0])
    if by not in codes:
        raise Http404(access.NOT_FOUND_MESSAGE)
    b = selectors.breakdown(request.user, by)
    names = COHORT_TABS if route == "insights_cohorts" else {}
    tabs = [(code, str(names.get(code, DIMENSION_BY_CODE[code].label))) for code in codes]
    return render(
        request,
        "insights/breakdown.html",
        {
            "title": title,
            "column": "full",
            "b": b,
            "by": by,
            "route": route,
            "tabs": tabs,
            "equality": route == "insights_equality",
            "measures": [(m, charts.chart(b, m.code, str(m.label))) for m in MEASURES],
            "t": tables,
            "hidden_mark": HIDDEN,
            "can_export": access.can(request.user, EXPORT),
        },
    )


@require_GET
@access.requires(VIEW)
def insights_cohorts(request: HttpRequest) -> HttpResponse:
    return _page(request, codes=COHORTS, route="insights_cohorts", title=_("Outcomes by cohort"))


@require_GET
@access.requires(VIEW)
def insights_equality(request: HttpRequest) -> HttpResponse:
    return _page(request, codes=EQUALITY, route="insights_equality", title=_("Equality analysis"))


@require_GET
@access.requires(EXPORT)
@recent_authentication_required  # the whole service's figures in one file (ASVS V4.3.3)
def insights_export(request: HttpRequest, by: str, fmt: str) -> HttpResponse:
    if by not in DIMENSION_BY_CODE or fmt not in ("csv", "xlsx"):
        raise Http404(access.NOT_FOUND_MESSAGE)
    b = selectors.breakdown(request.user, by)
    rates, costs = tables.rate_rows(b), tables.cost_rows(b)
    if fmt == "csv":
        response = HttpResponse(
            csv_bytes([(tables.RATES_HEADER, rates), (tables.COST_HEADER, costs)]), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            xlsx_bytes([(_("Outcomes"), tables.RATES_HEADER, rates), (_("Cost"), tables.COST_HEADER, costs)]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="outcomes-by-{by}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_http_methods(["GET", "POST"])
@access.requires(EXTRACT)
@recent_authentication_required  # rows about people, even pseudonymised (ASVS V4.3.3)
def insights_extract(request: HttpRequest) -> HttpResponse:
    """Ask for a pseudonymised extract with its purpose; the file comes back at once, and is logged."""
    form = ExtractForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        dates = settings.TTG_INSIGHTS_EXTRACT_DATES
        window, found = selectors.extract(request.user, dates=dates)
        rows = extracts.rows(found, extracts.new_key())
        fmt = form.cleaned_data["format"]
        made = services.record_extract(
            by=request.user, purpose=form.cleaned_data["purpose"], fmt=fmt, rows=len(rows), window=window, dates=dates
        )
        if fmt == "csv":
            response = HttpResponse(csv_bytes([(extracts.HEADER, rows)]), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(xlsx_bytes([(_("Releases"), extracts.HEADER, rows)]), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="ttg-extract-{made.pk}.{fmt}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
    return render(
        request,
        "insights/extract.html",
        {
            "title": _("Pseudonymised extract"),
            "form": form,
            "errors": error_list(form) if form.is_bound else [],
            "window": selectors.window(),
            "dates": settings.TTG_INSIGHTS_EXTRACT_DATES,
            "made": selectors.extracts_made(request.user),
            "header": extracts.HEADER,
        },
    )
