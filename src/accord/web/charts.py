"""Server-side SVG charts: events by type over time, and one indicator's values over time.

Drawn directly as SVG (no script, only presentation attributes, so the strict
Content-Security-Policy holds) in well under a millisecond; every label is
escaped. The chart data are part of the page's context, so the JSON twin
carries the same numbers the picture shows.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from markupsafe import Markup, escape
from pydantic import BaseModel, Field

PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf",
)  # fmt: skip
MAX_SERIES = 8  # more event types than this are summed as "other"
MONTHS_MAX = 36  # longer spans are counted by year

_W, _H = 960, 260
_FIGURE_W, _FIGURE_H = 480, 200
_DATE = re.compile(r"(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?(?![\d])")
_LEFT, _RIGHT, _TOP, _BOTTOM = 44, 12, 12, 40


class Series(BaseModel):
    type: str
    color: str
    counts: list[int]


class EventChart(BaseModel):
    """Dated events counted by type and period (months, or years over long spans)."""

    granularity: str = Field(description="'month' or 'year'.")
    periods: list[str]
    series: list[Series]
    year_only: int = Field(
        0, description="Events dated only to a year, left out of a by-month chart."
    )


class FigurePoint(BaseModel):
    """One stated value of an indicator, placed at its period (or its source's date)."""

    date: str
    value: float
    label: str
    href: str
    target: bool = Field(False, description="A goal set for the date, not a value reached.")


def event_chart(counts: list[tuple[str, str, int]]) -> EventChart:
    """Chart data from (period prefix, type, count) rows (see accord.store.queries.event_counts)."""
    months = sorted({p for p, _, _ in counts if len(p) == 7})
    years = sorted({p[:4] for p, _, _ in counts})
    by_month = bool(months) and _month_span(months[0], months[-1]) <= MONTHS_MAX
    periods = _month_range(months[0], months[-1]) if by_month else _year_range(years)
    index = {p: n for n, p in enumerate(periods)}
    totals: dict[str, list[int]] = defaultdict(lambda: [0] * len(periods))
    year_only = 0
    for period, kind, n in counts:
        key = period if by_month else period[:4]
        if key not in index:
            year_only += n
            continue
        totals[kind][index[key]] += n
    ranked = sorted(totals, key=lambda k: (-sum(totals[k]), k))
    kept, rest = ranked[: MAX_SERIES - 1], ranked[MAX_SERIES - 1 :]
    if len(rest) == 1:
        kept, rest = ranked, []
    series = [Series(type=k, color="", counts=totals[k]) for k in kept]
    if rest:
        other = [sum(totals[k][i] for k in rest) for i in range(len(periods))]
        series.append(Series(type="other", color="", counts=other))
    for n, s in enumerate(series):
        s.color = PALETTE[n % len(PALETTE)]
    return EventChart(
        granularity="month" if by_month else "year",
        periods=periods,
        series=series,
        year_only=year_only,
    )


def events_svg(chart: EventChart, link: Callable[[str, str], str] | None = None) -> Markup:
    """Stacked bars of events per period; each bar segment links to those events."""
    if not chart.periods or not chart.series:
        return Markup('<p class="empty">No dated events.</p>')
    stacks = [sum(s.counts[i] for s in chart.series) for i in range(len(chart.periods))]
    top = 4 * max(1.0, _nice(max(stacks) / 4))  # whole-number ticks for counts
    plot_w, plot_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM
    slot = plot_w / len(chart.periods)
    bar = max(1.0, slot * 0.8)
    parts = [_svg_open("Events by type over time", _W, _H), *_y_axis(top, plot_h, _W)]
    for i, period in enumerate(chart.periods):
        x = _LEFT + i * slot + (slot - bar) / 2
        base = _TOP + plot_h
        for s in chart.series:
            n = s.counts[i]
            if not n:
                continue
            height = plot_h * n / top
            base -= height
            rect = (
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{height:.1f}" '
                f'fill="{s.color}"><title>{escape(period)} · {escape(s.type)}: {n}</title></rect>'
            )
            if link is not None and s.type != "other":
                rect = f'<a href="{escape(link(period, s.type))}">{rect}</a>'
            parts.append(rect)
    step = max(1, round(len(chart.periods) / 12))
    for i in range(0, len(chart.periods), step):
        x = _LEFT + i * slot + slot / 2
        parts.append(_text(x, _H - _BOTTOM + 16, chart.periods[i], anchor="middle"))
    parts.append("</svg>")
    return Markup("".join(parts))


def figures_svg(points: list[FigurePoint], unit: str | None) -> Markup:
    """Values over time; every point links to the sentence it was stated in. The line joins
    values reached; goals are hollow points off the line."""
    dated = [(p, _year_fraction(p.date)) for p in points]
    dated = [(p, t) for p, t in dated if t is not None]
    if not dated:
        return Markup('<p class="empty">No dated values.</p>')
    low_t = min(t for _, t in dated)
    high_t = max(t for _, t in dated)
    if high_t - low_t < 1:
        low_t, high_t = low_t - 0.5, high_t + 0.5
    lowest = min(p.value for p, _ in dated)
    highest = max(p.value for p, _ in dated)
    low_v = -_nice(-lowest) if lowest < 0 else 0.0
    top = _nice(highest) if highest > 0 else (0.0 if lowest < 0 else 1.0)
    width, height = _FIGURE_W, _FIGURE_H
    plot_w, plot_h = width - _LEFT - _RIGHT, height - _TOP - _BOTTOM
    parts = [
        _svg_open(f"Values over time ({unit or 'no unit'})", width, height),
        *_y_axis(top, plot_h, width, low_v),
    ]

    def x_of(t: float) -> float:
        return _LEFT + plot_w * (t - low_t) / (high_t - low_t)

    def y_of(v: float) -> float:
        return _TOP + plot_h * (1 - (v - low_v) / (top - low_v))

    ordered = sorted(dated, key=lambda pt: pt[1])
    path = " ".join(f"{x_of(t):.1f},{y_of(p.value):.1f}" for p, t in ordered if not p.target)
    parts.append(f'<polyline points="{path}" fill="none" stroke="#9aa5b1" stroke-width="1"/>')
    for p, t in ordered:
        fill, stroke = ("#fff", PALETTE[0]) if p.target else (PALETTE[0], "#fff")
        parts.append(
            f'<a href="{escape(p.href)}"><circle cx="{x_of(t):.1f}" cy="{y_of(p.value):.1f}" '
            f'r="5" fill="{fill}" stroke="{stroke}" stroke-width="1.5" '
            f'class="{"goal" if p.target else "value"}">'
            f"<title>{escape(p.label)}</title></circle></a>"
        )
    for year in range(int(low_t), int(high_t) + 1):
        if low_t <= year <= high_t:
            parts.append(_text(x_of(year), height - _BOTTOM + 16, str(year), anchor="middle"))
    parts.append("</svg>")
    return Markup("".join(parts))


def _svg_open(title: str, width: int, height: int) -> str:
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    )


def _y_axis(top: float, plot_h: float, width: int, low: float = 0.0) -> list[str]:
    parts = []
    for k in range(5):
        value = low + (top - low) * k / 4
        y = _TOP + plot_h * (1 - k / 4)
        parts.append(
            f'<line x1="{_LEFT}" x2="{width - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#e3e7ec" stroke-width="1"/>'
        )
        parts.append(_text(_LEFT - 6, y + 4, _short(value), anchor="end"))
    return parts


def _text(x: float, y: float, label: str, *, anchor: str) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="11" '
        f'fill="#52606d">{escape(label)}</text>'
    )


def _nice(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten at or above ``value``."""
    if value <= 0:
        return 1.0
    power = 1.0
    while power * 10 <= value:
        power *= 10
    while power > value:
        power /= 10
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _short(value: float) -> str:
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


def _month_span(first: str, last: str) -> int:
    return (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    for _ in range(_month_span(first, last)):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _year_range(years: list[str]) -> list[str]:
    numeric = sorted({int(y) for y in years if y.isdigit()})
    if not numeric:
        return []
    if numeric[-1] - numeric[0] > 200:  # a stray date far off: show only the years present
        return [str(y) for y in numeric]
    return [str(y) for y in range(numeric[0], numeric[-1] + 1)]


def _year_fraction(date: str) -> float | None:
    """'2022' -> 2022.5, '2022-06' -> 2022.46, '2022-06-14' -> 2022.45 (mid-period)."""
    match = _DATE.match(date)
    if match is None:
        return None
    year, month, day = match.group(1, 2, 3)
    if month is None:
        return int(year) + 0.5
    return int(year) + (int(month) - 1) / 12 + (int(day or 15) - 1) / 365
