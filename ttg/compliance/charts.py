"""Server-rendered bar charts of a figure's monthly percentages: the geometry here, the SVG markup in
`jinja2/compliance/_figures.html`. Each chart has a title and a description in words, and the page
follows it with its table; nothing needs JavaScript."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import rules
from .rules import Cell, Figure

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 12, 36
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    rate: int | None


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    bars: list[Bar]
    ticks: list[Tick]
    gridlines: list[tuple[float, str]]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    baseline: float = TOP + PLOT_H


def _describe(figure: Figure, months: list[tuple[date, Cell]]) -> str:
    measured = [(month, cell.rate) for month, cell in months if cell.rate is not None]
    span = rules.period_words([m for m, _ in months])
    if not measured:
        return f"Bar chart of the monthly percentage {span}: nothing was counted in any month."
    high = max(measured, key=lambda pair: (pair[1], pair[0]))
    low = min(measured, key=lambda pair: (pair[1], pair[0]))
    empty = len(months) - len(measured)
    words = f"Bar chart of the monthly percentage {span}: highest {high[1]}% in {rules.month_words(high[0])}, "
    words += f"lowest {low[1]}% in {rules.month_words(low[0])}"
    words += f"; {empty} month{'s' if empty != 1 else ''} with nothing counted." if empty else "."
    return words + " The table below gives every month's counts."


def bar_chart(figure: Figure, months: list[tuple[date, Cell]]) -> Chart:
    step = PLOT_W / max(len(months), 1)
    bars, ticks = [], []
    for index, (month, cell) in enumerate(months):
        x = LEFT + index * step
        value = cell.rate
        # A month measured at 0% gets a sliver, so that it is not mistaken for a month with nothing counted.
        height = max(PLOT_H * (value or 0) / 100, 2.0 if value is not None else 0.0)
        top = round(TOP + PLOT_H - height, 1)
        bars.append(Bar(round(x + step * 0.15, 1), top, round(step * 0.7, 1), round(height, 1), rules.month_words(month), value))
        if month.month in (1, 4, 7, 10):
            ticks.append(Tick(round(x + step / 2, 1), f"{month:%b} {month:%y}"))
    gridlines = [(round(TOP + PLOT_H * (1 - share / 100), 1), f"{share}%") for share in (0, 25, 50, 75, 100)]
    return Chart(figure.key, figure.title, _describe(figure, months), bars, ticks, gridlines)
