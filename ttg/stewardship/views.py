"""Market stewardship pages (R-A4): all the user's CRCs, one CRC, one prison; their exports; and the
contract manager's benchmark form with its check-your-answers page. Thin: a selector or the service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ttg.accounts.mfa import recent_authentication_required
from ttg.core import access, clock, db, spreadsheets
from ttg.core.forms import error_list

from . import selectors, services
from .constants import SHORT_LABELS, Measure
from .forms import BenchmarkForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "stewardship_benchmark"


def _context(request: HttpRequest, figures: selectors.Stewardship, title: str) -> dict[str, Any]:
    crc = figures.crc
    return {
        "title": title,
        "s": figures,
        "measures": Measure,
        "short_labels": SHORT_LABELS,
        "can_set": crc is not None and figures.level == "crc" and access.can(request.user, "stewardship.benchmark"),
        "history": list(selectors.benchmark_history(request.user, crc)) if crc is not None and figures.level == "crc" else [],
    }


@require_GET
@access.requires("stewardship.view")
@db.reporting()
def national(request: HttpRequest) -> HttpResponse:
    figures = selectors.national(request.user)
    return render(request, "stewardship/page.html", _context(request, figures, _("Market stewardship")))


@require_GET
@access.requires("stewardship.view")
@db.reporting()
def crc(request: HttpRequest, code: str) -> HttpResponse:
    figures = selectors.for_crc(request.user, code)
    return render(request, "stewardship/page.html", _context(request, figures, _("Market stewardship: %(crc)s") % {"crc": figures.name}))


@require_GET
@access.requires("stewardship.view")
@db.reporting()
def prison(request: HttpRequest, code: str) -> HttpResponse:
    figures = selectors.for_prison(request.user, code)
    return render(
        request, "stewardship/page.html", _context(request, figures, _("Market stewardship: %(prison)s") % {"prison": figures.name})
    )


# --- exports --------------------------------------------------------------------------------------


def _share(value: Any) -> Any:
    return value if value is not None else ""


FIGURE_HEADER = [
    "Code",
    "Name",
    "Spend (pence)",
    "To partner organisations (pence)",
    "To voluntary sector (pence)",
    "To specialist organisations (pence)",
    "Kept in-house (pence)",
    "Voluntary share of spend (%)",
    "Specialist share of spend (%)",
    "Activities delivered",
    "By supply-chain partners",
    "By other partners",
    "In-house",
    "By a partner or agency named in the plan",
    "By voluntary-sector organisations",
    "By specialist organisations",
    "In-house share (%)",
    "Voluntary share of activities (%)",
    "Specialist share of activities (%)",
    *[f"Benchmark: {m.label} (%)" for m in Measure],
]


def _figure_row(row: selectors.Row) -> list[Any]:
    f = row.figures
    return [
        row.code,
        row.name,
        f.spend_pence,
        f.organisations_pence,
        f.voluntary_pence,
        f.specialist_pence,
        f.in_house_pence,
        _share(f.share(Measure.VOLUNTARY_SPEND)),
        _share(f.share(Measure.SPECIALIST_SPEND)),
        f.delivered,
        f.supply_chain_delivered,
        f.other_partner_delivered,
        f.in_house_delivered,
        f.named_delivered,
        f.voluntary_delivered,
        f.specialist_delivered,
        _share(f.in_house_share),
        _share(f.share(Measure.VOLUNTARY_ACTIVITIES)),
        _share(f.share(Measure.SPECIALIST_ACTIVITIES)),
        *[_share(row.benchmarks.get(m)) for m in Measure.values],
    ]


def sections(figures: selectors.Stewardship) -> list[tuple[str, tuple[list[str], list[list[Any]]]]]:
    """The page's tables as spreadsheet sections: figures, coverage, providers."""
    total = selectors.Row("", "All", figures.total.figures, figures.total.benchmarks) if figures.level == "national" else figures.total
    return [
        ("Figures", (FIGURE_HEADER, [_figure_row(total), *[_figure_row(r) for r in figures.rows]])),
        (
            "Coverage",
            (
                ["Prison", "Pathway", "People with a need", "Organisations in the supply chain", "Coverage gap"],
                [[c.prison_name, c.pathway_name, c.people_with_need, c.providers, "Yes" if c.gap else "No"] for c in figures.coverage],
            ),
        ),
        (
            "Providers",
            (
                [
                    "Organisation",
                    "Type",
                    "Claimed (pence)",
                    "Paid (pence)",
                    "Unpaid (pence)",
                    "Aged (pence)",
                    "Unfunded hours",
                    "Unfunded work's value (pence)",
                    "Unpaid share (%)",
                    "Aged share (%)",
                    "Unfunded share (%)",
                    "Sustainability signal",
                ],
                [
                    [
                        p.name,
                        p.type_label,
                        p.delivered_pence,
                        p.paid_pence,
                        p.unpaid_pence,
                        p.aged_pence,
                        p.unfunded_hours,
                        p.subsidy_pence,
                        _share(p.unpaid_share),
                        _share(p.aged_share),
                        _share(p.subsidy_share),
                        "Yes" if p.at_risk else "No",
                    ]
                    for p in figures.providers
                ],
            ),
        ),
    ]


def _respond(figures: selectors.Stewardship, name: str, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404(access.NOT_FOUND_MESSAGE)
    tables = sections(figures)
    if fmt == "csv":
        response = HttpResponse(spreadsheets.csv_bytes(table for _title, table in tables), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(spreadsheets.xlsx_bytes((title, header, rows) for title, (header, rows) in tables), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ttg-stewardship-{name}-{clock.today():%Y-%m-%d}.{fmt}"'
    return response


@require_GET
@access.requires("stewardship.view")
@recent_authentication_required  # a bulk export (ASVS V4.3.3)
@db.reporting()
def national_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return _respond(selectors.national(request.user), "national", fmt)


@require_GET
@access.requires("stewardship.view")
@recent_authentication_required  # a bulk export (ASVS V4.3.3)
@db.reporting()
def crc_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    return _respond(selectors.for_crc(request.user, code), code.lower(), fmt)


# --- the benchmark (R-A4a) ------------------------------------------------------------------------


def _settable_crc(request: HttpRequest, code: str) -> Any:
    crc = selectors.crc_for(request.user, code)
    user: Any = request.user
    if not user.managed_crcs.filter(pk=crc.pk).exists():
        raise Http404(access.NOT_FOUND_MESSAGE)
    return crc


def _form_page(request: HttpRequest, crc: Any, form: BenchmarkForm) -> HttpResponse:
    errors = error_list(form) if form.is_bound else []
    return render(
        request,
        "stewardship/benchmark_form.html",
        {"title": _("Set a benchmark for %(crc)s") % {"crc": crc.name}, "crc": crc, "form": form, "errors": errors, "measures": Measure},
    )


@require_http_methods(["GET", "POST"])
@access.requires("stewardship.benchmark")
def benchmark(request: HttpRequest, code: str) -> HttpResponse:
    crc = _settable_crc(request, code)
    if request.method == "POST":
        form = BenchmarkForm(request.POST)
        if form.is_valid():
            request.session[SESSION_KEY] = {"crc": crc.code, **form.cleaned_data}
            return redirect("stewardship_benchmark_check", code=crc.code)
    else:
        saved = request.session.get(SESSION_KEY)
        form = BenchmarkForm(initial=saved if saved and saved.get("crc") == crc.code else None)
    return _form_page(request, crc, form)


@require_http_methods(["GET", "POST"])
@access.requires("stewardship.benchmark")
def benchmark_check(request: HttpRequest, code: str) -> HttpResponse:
    crc = _settable_crc(request, code)
    saved = request.session.get(SESSION_KEY)
    if not saved or saved.get("crc") != crc.code:
        return redirect("stewardship_benchmark", code=crc.code)
    if request.method == "POST":
        try:
            services.set_benchmark(crc=crc, measure=saved["measure"], percent=saved["percent"], reason=saved["reason"], by=request.user)
        except ValidationError as error:
            form = BenchmarkForm(saved)
            form.is_valid()
            for field, words in error.message_dict.items():
                form.add_error(field if field in form.fields else None, words)
            return _form_page(request, crc, form)
        request.session.pop(SESSION_KEY, None)
        messages.success(request, _("Benchmark set: %(percent)s%% for %(crc)s") % {"percent": saved["percent"], "crc": crc.name})
        return redirect("stewardship_crc", code=crc.code)
    return render(
        request,
        "stewardship/benchmark_check.html",
        {
            "title": _("Check the benchmark before you set it"),
            "crc": crc,
            "saved": saved,
            "measure_label": Measure(saved["measure"]).label,
            "current": selectors.benchmark_history(request.user, crc).filter(measure=saved["measure"]).first(),
        },
    )
