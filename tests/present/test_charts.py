"""Events over time: buckets chosen by span, coarse dates counted apart, charts self-contained."""

from __future__ import annotations

import re

from accord.models import Event
from accord.present.charts import EventCounts, chart_png, chart_svg, count_events, inline_svg


def _events(*dated: tuple[str, str]) -> list[Event]:
    return [Event(id=f"e{n}", type=kind, date=date) for n, (date, kind) in enumerate(dated)]


def test_count_events_by_month_fills_empty_months():
    counts = count_events(
        _events(("2022-06-14", "meeting"), ("2022-06-15", "meeting"), ("2022-08", "aid"))
    )
    assert counts.granularity == "month"
    assert counts.periods == ["2022-06", "2022-07", "2022-08"]
    assert counts.series == {"aid": [0, 0, 1], "meeting": [2, 0, 0]}
    assert counts.total == 3


def test_count_events_by_quarter_leaves_year_only_dates_uncharted():
    counts = count_events(
        _events(("2022-03-03", "meeting"), ("2024-10-14", "meeting"), ("2023", "aid"))
    )
    assert counts.granularity == "quarter"
    assert counts.periods[0] == "2022 Q1" and counts.periods[-1] == "2024 Q4"
    assert counts.uncharted == 1
    assert counts.total == 2


def test_count_events_by_year_over_long_spans():
    counts = count_events(_events(("2001-05-01", "meeting"), ("2015", "meeting")))
    assert counts.granularity == "year"
    assert counts.periods[0] == "2001" and counts.periods[-1] == "2015"
    assert counts.total == 2 and counts.uncharted == 0


def test_count_events_ignores_undated():
    assert count_events([Event(id="x", type="meeting")]) == EventCounts()


def test_chart_svg_has_no_external_reference_and_inlines_cleanly():
    svg = chart_svg(count_events(_events(("2022-06-14", "meeting"), ("2022-07-01", "aid"))))
    element = inline_svg(svg)
    assert element.lstrip().startswith("<svg")
    assert "<!DOCTYPE" not in element and "<?xml" not in element
    assert "<script" not in element
    for target in re.findall(r'href="([^"]*)"', element):
        assert target.startswith("#"), target
    assert "meeting" in element  # text kept as text


def test_chart_png_is_a_png():
    assert chart_png(count_events(_events(("2022-06-14", "meeting")))).startswith(b"\x89PNG")
