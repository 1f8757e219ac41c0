"""Events over time by type: the counts, and a stacked bar chart drawn with matplotlib.

Buckets are months for up to two years of events, quarters up to eight years,
years beyond. An event dated only to the year cannot be put in a month or a
quarter; it is counted as ``uncharted`` and the caption says so.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from pydantic import BaseModel, Field

from accord.models import Event

_MONTHS_FOR = {"month": 24, "quarter": 96}


class EventCounts(BaseModel):
    """Dated events counted by period and type (the chart's data)."""

    granularity: str = Field("month", description="month, quarter or year.")
    periods: list[str] = Field(default_factory=list, description="'2022-06', '2022 Q2', '2022'.")
    series: dict[str, list[int]] = Field(
        default_factory=dict, description="Event type -> count in each period."
    )
    uncharted: int = Field(0, description="Dated events too coarse for the buckets.")

    @property
    def total(self) -> int:
        return sum(sum(counts) for counts in self.series.values())


def count_events(events: Iterable[Event]) -> EventCounts:
    """Count dated events by period and type."""
    dated = [(e, _year_month(e.date)) for e in events if e.date]
    dated = [(e, ym) for e, ym in dated if ym]
    if not dated:
        return EventCounts()
    months = [y * 12 + (m or 1) - 1 for _, (y, m) in dated]
    span = max(months) - min(months)
    granularity = next((g for g, limit in _MONTHS_FOR.items() if span <= limit), "year")
    size = {"month": 1, "quarter": 3, "year": 12}[granularity]
    charted = [(e, ym) for e, ym in dated if granularity == "year" or ym[1] is not None]
    if not charted:
        return EventCounts(granularity=granularity, uncharted=len(dated))
    buckets = [((y * 12 + m - 1) if m else y * 12) // size for _, (y, m) in charted]
    first, last = min(buckets), max(buckets)
    types = sorted({e.type for e, _ in charted})
    series = {t: [0] * (last - first + 1) for t in types}
    for (event, _), bucket in zip(charted, buckets, strict=True):
        series[event.type][bucket - first] += 1
    return EventCounts(
        granularity=granularity,
        periods=[_label(b, granularity) for b in range(first, last + 1)],
        series=series,
        uncharted=len(dated) - len(charted),
    )


def chart_svg(counts: EventCounts, title: str = "Events over time by type") -> str:
    """The chart as an SVG document (text kept as text, no external references)."""
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "accord"}):
        buffer = io.StringIO()
        _figure(counts, title).savefig(
            buffer,
            format="svg",
            metadata={"Creator": None, "Date": None, "Format": None, "Type": None},
        )
    return buffer.getvalue()


def inline_svg(svg: str) -> str:
    """An SVG document as an element to embed in HTML: no XML declaration, no DOCTYPE."""
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
    return re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)


def chart_png(counts: EventCounts, title: str = "Events over time by type") -> bytes:
    """The chart as a PNG image."""
    buffer = io.BytesIO()
    _figure(counts, title).savefig(buffer, format="png", dpi=120, metadata={"Software": None})
    return buffer.getvalue()


def _figure(counts: EventCounts, title: str):
    # The object API, not pyplot: no global figure registry, no GUI backend.
    from matplotlib.figure import Figure

    figure = Figure(figsize=(max(6.0, 0.35 * len(counts.periods) + 3), 3.6), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(counts.periods)))
    bottom = [0] * len(positions)
    palette = _palette(len(counts.series))
    for n, (kind, values) in enumerate(counts.series.items()):
        axes.bar(
            positions,
            values,
            bottom=bottom,
            label=kind.replace("_", " "),
            color=palette[n % len(palette)],
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_xticks(positions, counts.periods, rotation=60, ha="right", fontsize=8)
    axes.set_ylabel("events")
    axes.yaxis.get_major_locator().set_params(integer=True)
    caption = title
    if counts.uncharted:
        caption += f" ({counts.uncharted} known only to the year not shown)"
    if not counts.series:
        axes.text(0.5, 0.5, "no dated events", ha="center", va="center", transform=axes.transAxes)
    axes.set_title(caption, fontsize=10)
    axes.spines[["top", "right"]].set_visible(False)
    if counts.series:
        axes.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return figure


def _palette(size: int) -> list:
    from matplotlib import colormaps

    name, colours = ("tab10", 10) if size <= 10 else ("tab20", 20)
    return [colormaps[name](i) for i in range(colours)]


def _year_month(date: str | None) -> tuple[int, int | None] | None:
    match = re.match(r"(\d{4})(?:-(\d{2}))?", date or "")
    if not match:
        return None
    return int(match[1]), int(match[2]) if match[2] else None


def _label(bucket: int, granularity: str) -> str:
    if granularity == "month":
        return f"{bucket // 12}-{bucket % 12 + 1:02d}"
    if granularity == "quarter":
        return f"{bucket // 4} Q{bucket % 4 + 1}"
    return str(bucket)
