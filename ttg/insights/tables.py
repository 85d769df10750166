"""One breakdown's figures as published, in the same words for the page's tables, the CSV and XLSX
files and the API: hidden figures are "[c]" (or null in the API), never the count behind them."""

from __future__ import annotations

from typing import Any

from ttg.insights.constants import HIDDEN, MEASURES
from ttg.insights.rules import Rate, percent
from ttg.insights.selectors import Breakdown, Group
from ttg.payments.money import format_pence


def rate_text(r: Rate) -> str:
    if r.hidden:
        return HIDDEN
    return percent(r.value) if r.value is not None else "–"


def interval_text(r: Rate) -> str:
    interval = r.interval
    if r.hidden:
        return HIDDEN
    return f"{percent(interval.low)} to {percent(interval.high)}" if interval else "–"


def count_text(r: Rate) -> str:
    return HIDDEN if r.hidden else f"{r.numerator:,} of {r.denominator:,}"


def ratio_text(g: Group, code: str) -> str:
    d = g.disparities.get(code)
    if d is None or d.ratio is None:
        return "–"
    return f"{d.ratio:.2f}" + (" (notable)" if d.notable else "")


def released_text(g: Group) -> str:
    return HIDDEN if g.released_hidden else f"{g.released:,}"


def outcome_cost_text(g: Group) -> str:
    """Per settled outcome: hidden with the settled count, which it would otherwise reveal."""
    return HIDDEN if g.rates["settled"].hidden else money_text(g, g.cost_per_outcome_pence)


def uplift_text(g: Group) -> str:
    """The cost per person against the baseline (E5): "+£12.00", "−£3.50"; "–" when there is none."""
    if g.released_hidden:
        return HIDDEN
    if g.uplift is None:
        return "–"
    sign = "+" if g.uplift.pence >= 0 else "−"
    return f"{sign}{format_pence(abs(g.uplift.pence))}"


def money_text(g: Group, pence: int | None) -> str:
    if g.released_hidden:
        return HIDDEN
    return format_pence(pence) if pence is not None else "–"


# --- files ----------------------------------------------------------------------------------------

RATES_HEADER = (
    "Breakdown",
    "Group",
    "Measure",
    "People with the outcome",
    "Out of",
    "Rate (%)",
    "95% interval from (%)",
    "95% interval to (%)",
    "Disparity ratio",
    "Notable difference",
)
COST_HEADER = (
    "Breakdown",
    "Group",
    "People released",
    "Cost (£)",
    "Cost per person (£)",
    "Cost per person settled on the first night (£)",
    "Cost per person less the cost before the enhanced specification (£)",
)


def _pct(value: float | None) -> Any:
    return round(value * 100, 1) if value is not None else ""


def _pounds(g: Group, pence: int | None) -> Any:
    if g.released_hidden:
        return HIDDEN
    return round(pence / 100, 2) if pence is not None else ""


def rate_rows(b: Breakdown) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for m in MEASURES:
        for g in [*b.groups, b.everyone]:
            r = g.rates[m.code]
            d = g.disparities.get(m.code)
            interval = r.interval
            if r.hidden:
                rows.append([str(b.dimension.label), g.label, str(m.label), HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, "", ""])
                continue
            rows.append(
                [
                    str(b.dimension.label),
                    g.label,
                    str(m.label),
                    r.numerator,
                    r.denominator,
                    _pct(r.value),
                    _pct(interval.low) if interval else "",
                    _pct(interval.high) if interval else "",
                    round(d.ratio, 2) if d and d.ratio is not None else "",
                    ("yes" if d.notable else "no") if d and d.ratio is not None else "",
                ]
            )
    return rows


def cost_rows(b: Breakdown) -> list[list[Any]]:
    return [
        [
            str(b.dimension.label),
            g.label,
            HIDDEN if g.released_hidden else g.released,
            _pounds(g, g.cost_pence),
            _pounds(g, g.cost_per_person_pence),
            HIDDEN if g.rates["settled"].hidden else _pounds(g, g.cost_per_outcome_pence),
            _pounds(g, g.uplift.pence if g.uplift else None),
        ]
        for g in [*b.groups, b.everyone]
    ]


# --- the API --------------------------------------------------------------------------------------


def _rate_data(g: Group, code: str) -> dict[str, Any]:
    r = g.rates[code]
    d = g.disparities.get(code)
    interval = r.interval
    hidden = r.hidden
    return {
        "hidden": hidden,
        "numerator": None if hidden else r.numerator,
        "denominator": None if hidden else r.denominator,
        "rate": r.value,
        "interval_low": interval.low if interval else None,
        "interval_high": interval.high if interval else None,
        "disparity_ratio": d.ratio if d else None,
        "notable": d.notable if d else None,
    }


def _group_data(g: Group) -> dict[str, Any]:
    hidden = g.released_hidden
    return {
        "code": g.code,
        "name": g.label,
        "released": None if hidden else g.released,
        "released_hidden": hidden,
        "measures": {m.code: _rate_data(g, m.code) for m in MEASURES},
        "cost_pence": None if hidden else g.cost_pence,
        "cost_per_person_pence": None if hidden else g.cost_per_person_pence,
        "cost_per_outcome_pence": None if hidden else g.cost_per_outcome_pence,
        "uplift_per_person_pence": g.uplift.pence if g.uplift and not hidden else None,
        "uplift_times": g.uplift.times if g.uplift and not hidden else None,
    }


def api_data(b: Breakdown) -> dict[str, Any]:
    return {
        "breakdown": b.dimension.code,
        "name": str(b.dimension.label),
        "released_from": b.window.starts,
        "released_to": b.window.ends,
        "hidden_below": b.threshold,
        "counted_at": b.counting.counted_at if b.counting else None,
        "baseline_cost_per_person_pence": b.baseline_cost_per_person_pence,
        "measures": [{"code": m.code, "name": str(m.label), "of": str(m.of), "is_context": m.context} for m in MEASURES],
        "groups": [_group_data(g) for g in b.groups],
        "everyone": _group_data(b.everyone),
    }
