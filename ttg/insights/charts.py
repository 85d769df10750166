"""Bar charts as server-rendered SVG (R-E2: read at a glance, each followed by its table).

Plain geometry from the published figures: one horizontal bar a group, its 95% interval as a whisker,
everyone's rate as a dashed line. The template (`insights/_chart.html`) draws it with presentation
attributes only (the Content-Security-Policy allows no inline style). A hidden figure has no bar:
its row says "[c]".
"""

from __future__ import annotations

from dataclasses import dataclass

from ttg.insights.constants import HIDDEN
from ttg.insights.rules import Rate, percent
from ttg.insights.selectors import Breakdown

LABEL_WIDTH = 260
BAR_WIDTH = 360
VALUE_WIDTH = 80
ROW_HEIGHT = 28
TOP = 24  # room for the axis labels
WIDTH = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    width: float | None  # None: hidden or no one
    low: float | None
    high: float | None
    value_text: str

    @property
    def middle(self) -> int:
        return self.y + ROW_HEIGHT // 2


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    bars: tuple[Bar, ...]
    everyone_x: float | None
    height: int
    ticks: tuple[tuple[float, str], ...]
    label_width: int = LABEL_WIDTH
    bar_width: int = BAR_WIDTH
    width: int = WIDTH


def _x(value: float) -> float:
    return round(LABEL_WIDTH + value * BAR_WIDTH, 1)


def _bar(label: str, r: Rate, y: int) -> Bar:
    value, interval = r.value, r.interval
    if value is None:
        return Bar(label, y, None, None, None, HIDDEN if r.hidden else "–")
    return Bar(
        label,
        y,
        round(value * BAR_WIDTH, 1),
        _x(interval.low) if interval else None,
        _x(interval.high) if interval else None,
        percent(value),
    )


def chart(b: Breakdown, measure_code: str, title: str) -> Chart:
    bars = tuple(_bar(g.label, g.rates[measure_code], TOP + i * ROW_HEIGHT) for i, g in enumerate(b.groups))
    everyone = b.everyone.rates[measure_code].value
    shown = [bar for bar in bars if bar.width is not None]
    words = "; ".join(f"{bar.label} {bar.value_text}" for bar in bars)
    description = f"{title}, by {str(b.dimension.label).lower()}: {words}." + (
        f" Everyone: {percent(everyone)}." if everyone is not None else ""
    )
    if not shown:
        description += " No figure can be shown."
    return Chart(
        id=f"chart-{measure_code}",
        title=title,
        description=description,
        bars=bars,
        everyone_x=_x(everyone) if everyone is not None else None,
        height=TOP + len(bars) * ROW_HEIGHT + 8,
        ticks=tuple((_x(t / 100), f"{t}%") for t in (0, 25, 50, 75, 100)),
    )
