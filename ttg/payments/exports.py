"""CSV and XLSX exports of claims and spend. Amounts are exact: pounds and pence as text in CSV,
numbers with two decimal places (from Decimal) in XLSX. Cells that a spreadsheet would read as a
formula (starting = + - @, or a tab or carriage return) are prefixed with ' (OWASP CSV injection), by
ttg.core.spreadsheets, which writes every file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpResponse

from ttg.core import clock, spreadsheets
from ttg.people import identity

from . import money, selectors, selectors_funding

Row = Sequence[Any]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def claim_rows(user: Any) -> tuple[Row, list[Row]]:
    header = (
        "Claim", "Month", "Claimant", "Payer", "Status", "Submitted on", "Paid on", "Payment reference",
        "Purchase", "Case reference", "Service", "Delivered on", "Units", "Unit price (£)", "Amount (£)", "Tier",
    )  # fmt: skip
    rows: list[Row] = []
    for line in selectors.claim_lines_for_export(user):
        c = line.claim
        rows.append(
            (
                c.pk, c.month.strftime("%Y-%m"), c.claimant_name, c.payer_name, c.get_status_display(), c.submitted_on, c.paid_on,
                c.payment_reference, line.delivery.purchase.reference, identity.case_reference(line.delivery.purchase.person_id), line.delivery.purchase.item.title, line.delivery.delivered_on,
                line.units, money.to_decimal_pounds(line.unit_price_pence), money.to_decimal_pounds(line.amount_pence), line.get_tier_display(),
            )
        )  # fmt: skip
    return header, rows


def spend_rows(user: Any) -> tuple[Row, list[Row]]:
    header = (
        "Section",
        "Budget or CRC",
        "Holder or prison",
        "Allocated (£)",
        "Committed (£)",
        "Claimed (£)",
        "Paid (£)",
        "People",
        "Activities",
        "Cost per person (£)",
        "Cost per activity (£)",
    )
    rows: list[Row] = []
    d = money.to_decimal_pounds
    for budget in selectors.spend_against_allocation(user):
        for r in budget.rows:
            holder = str(r.allocation.crc or r.allocation.nps_division or "National")
            rows.append(
                (
                    "Allocation",
                    budget.budget.name,
                    holder,
                    d(r.allocation.amount_pence),
                    d(r.committed_pence),
                    d(r.claimed_pence),
                    d(r.paid_pence),
                    "",
                    "",
                    "",
                    "",
                )
            )
    for c in selectors.cost_by_crc_and_prison(user):
        rows.append(
            (
                "Cost", c.crc, c.prison, "", "", d(c.spend_pence), "", c.people, c.activities,
                d(c.per_person) if c.per_person is not None else "", d(c.per_activity) if c.per_activity is not None else "",
            )
        )  # fmt: skip
    return header, rows


def subsidy_rows(user: Any, *, year_starting: Any) -> tuple[Row, list[Row]]:
    """Unfunded work in the financial year (R-F5): hours and estimated value by organisation, CRC and pathway."""

    found = selectors_funding.subsidy(user, year_starting=year_starting)
    header = ("Section", "Financial year", "Organisation, CRC or pathway", "Type", "Hours", "Records", "Estimated value (£)")
    d = money.to_decimal_pounds
    rows: list[Row] = []
    for section, items in (("By organisation", found.by_organisation), ("By CRC", found.by_crc), ("By pathway", found.by_pathway)):
        for r in items:
            rows.append((section, found.year, r.name, r.detail, r.hours, r.records, d(r.value_pence) if r.value_pence is not None else ""))
    rows.append(
        ("Total", found.year, f"{found.organisations} organisations", "", found.hours, found.records,
         d(found.value_pence) if found.value_pence is not None else "")
    )  # fmt: skip
    rows.append(("Estimate", found.year, found.hour_value.basis, "", "", "", ""))
    return header, rows


Section = tuple[str, tuple[Row, list[Row]]]


def spend_sections(user: Any, *, year_starting: Any) -> list[Section]:
    """The spend export: spend and cost, then unfunded work as its own section (CSV) or sheet (XLSX)."""
    return [("spend", spend_rows(user)), ("unfunded work", subsidy_rows(user, year_starting=year_starting))]


def respond_sections(sections: list[Section], name: str, fmt: str) -> HttpResponse:
    filename = f"ttg-{name}-{clock.today():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(spreadsheets.csv_bytes(table for _title, table in sections), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(spreadsheets.xlsx_bytes((title, header, rows) for title, (header, rows) in sections), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def respond(table: tuple[Row, list[Row]], name: str, fmt: str) -> HttpResponse:
    header, rows = table
    filename = f"ttg-{name}-{clock.today():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(spreadsheets.csv_bytes([(header, rows)]), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(spreadsheets.xlsx_bytes([(name, header, rows)]), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
