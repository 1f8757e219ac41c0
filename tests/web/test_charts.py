"""Server-side SVG charts: data by period and type, escaped labels, links, no script."""

from __future__ import annotations

from accord.web.charts import MAX_SERIES, FigurePoint, event_chart, events_svg, figures_svg


def test_event_chart_by_month_fills_the_gaps():
    chart = event_chart(
        [("2022-03", "meeting", 2), ("2022-06", "meeting", 1), ("2022-06", "aid", 1)]
    )
    assert chart.granularity == "month"
    assert chart.periods == ["2022-03", "2022-04", "2022-05", "2022-06"]
    assert {s.type: s.counts for s in chart.series} == {
        "meeting": [2, 0, 0, 1],
        "aid": [0, 0, 0, 1],
    }


def test_event_chart_by_year_over_long_spans_and_year_only_dates():
    chart = event_chart([("2015-01", "meeting", 1), ("2024-12", "meeting", 2), ("2020", "aid", 3)])
    assert (
        chart.granularity == "year" and chart.periods[0] == "2015" and chart.periods[-1] == "2024"
    )
    assert sum(sum(s.counts) for s in chart.series) == 6 and chart.year_only == 0
    monthly = event_chart([("2022-03", "meeting", 1), ("2022", "aid", 4)])
    assert monthly.granularity == "month" and monthly.year_only == 4


def test_event_chart_sums_rare_types_as_other():
    counts = [("2022-01", f"type{n}", 10 - n) for n in range(10)]
    chart = event_chart(counts)
    assert len(chart.series) == MAX_SERIES and chart.series[-1].type == "other"
    assert sum(sum(s.counts) for s in chart.series) == sum(n for *_, n in counts)


def test_events_svg_escapes_and_links():
    chart = event_chart([("2022-01", '<script>"x', 1)])
    svg = events_svg(chart, lambda period, kind: f"/timeline?type={kind}&from={period}")
    assert svg.startswith("<svg") and "<script" not in svg and "&lt;script&gt;" in svg
    assert 'href="/timeline?type=&lt;script&gt;&#34;x&amp;from=2022-01"' in svg
    assert "style=" not in svg  # presentation attributes only: the CSP forbids inline styles


def test_figures_svg_links_every_point():
    points = [FigurePoint(date=d, value=v, label=f"<b>{v}</b>", href=f"/documents/d?hl={i}-9#hl")
              for i, (d, v) in enumerate([("2021", 1e9), ("2022-06", 1.2e9), ("2023-01-02", 1.5e9)])]  # fmt: skip
    svg = figures_svg(points, "USD")
    assert svg.count("<circle") == 3 and svg.count('<a href="/documents/d?hl=') == 3
    assert "<b>" not in svg
    assert "No dated values" in figures_svg(
        [FigurePoint(date="soon", value=1, label="", href="#")], None
    )


def test_figures_svg_draws_goals_off_the_line_of_values_reached():
    reached = [FigurePoint(date=d, value=v, label="", href="#")
               for d, v in [("2021", 1e9), ("2022", 1.2e9)]]  # fmt: skip
    goal = FigurePoint(date="2030", value=5e9, label="", href="#", target=True)
    svg = figures_svg([*reached, goal], "USD")
    assert svg.count('class="goal"') == 1 and svg.count('class="value"') == 2
    line = svg.split('<polyline points="')[1].split('"')[0]
    assert len(line.split()) == 2  # the goal is not joined to the values reached


def test_empty_event_chart():
    assert "No dated events" in events_svg(event_chart([]))
