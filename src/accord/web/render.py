"""Rendering a page context: the Jinja environment and the helpers its templates call.

Autoescaping is on for every template and nothing from a document is ever
marked safe, except through :func:`accord.web.marks.marked_html` and the chart
functions, which escape every piece of text themselves. Links built from data
go through :func:`safe_url`, so a ``javascript:`` URL in an article is shown,
never followed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from pydantic import BaseModel

from accord.models import Evidence
from accord.present.tables import format_value
from accord.present.text import figure_period
from accord.web.charts import FigurePoint, events_svg, figures_svg
from accord.web.marks import Mark, locate_number, marked_html

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")
NAV = (
    ("/", "Dashboard"),
    ("/timeline", "Timeline"),
    ("/commitments", "Commitments"),
    ("/figures", "Figures"),
    ("/actors", "Actors"),
    ("/documents", "Documents"),
    ("/search", "Search"),
    ("/ingest", "Ingest"),
    ("/docs", "API"),
)


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.globals.update(
        nav=NAV,
        actor_url=actor_url,
        event_url=event_url,
        doc_url=doc_url,
        safe_url=safe_url,
        fmt_value=format_value,
        figure_period=figure_period,
        evidence_html=evidence_html,
        document_html=document_html,
        events_svg=events_svg,
        figure_svg=figure_svg,
        snippet_html=snippet_html,
        timeline_link=timeline_link,
    )
    return env


def render(
    request: Request,
    env: Environment,
    template: str,
    context: BaseModel,
    *,
    status: int = 200,
    **extra: Any,
) -> Response:
    """The page as HTML, or its context as JSON when the request is for the ``.json`` twin."""
    if request.url.path.endswith(".json"):
        return JSONResponse(context.model_dump(mode="json"), status_code=status)
    html = env.get_template(template).render(
        ctx=context,
        path=request.url.path,
        query=request.query_params,
        twin=twin_url(request),
        with_query=lambda **changes: with_query(request, **changes),
        **extra,
    )
    return HTMLResponse(html, status_code=status)


def twin_url(request: Request) -> str:
    """The JSON twin of the page being rendered."""
    path = request.url.path.rstrip("/") or "/dashboard"
    query = request.url.query
    return f"{path}.json" + (f"?{query}" if query else "")


def with_query(request: Request, **changes: Any) -> str:
    """The current page's URL with some query parameters changed (None removes one)."""
    params = {k: v for k, v in request.query_params.items()}
    for name, value in changes.items():
        key = name.rstrip("_")
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return request.url.path + (f"?{urlencode(params)}" if params else "")


def actor_url(actor_id: str) -> str:
    return "/actors/" + quote(actor_id, safe=":")


def event_url(event_id: str) -> str:
    return "/events/" + quote(event_id, safe="")


def doc_url(doc_id: str, evidence: Evidence | None = None) -> str:
    url = "/documents/" + quote(doc_id, safe="")
    if evidence is not None:
        url += f"?hl={evidence.start}-{evidence.end}#hl"
    return url


def timeline_link(between: str) -> Any:
    """For the events chart: the timeline of one type in one period, for a pair of countries."""

    def link(period: str, kind: str) -> str:
        params = {"between": between, "type": kind, "from": period, "to": period}
        return "/timeline?" + urlencode(params)

    return link


def safe_url(url: str | None) -> str | None:
    """``url`` when it is a plain http(s) address, else None (shown as text, not linked)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def evidence_html(text: str, evidence: list[Evidence], prefix: str) -> Markup:
    """A document's text with these evidence sentences marked (anchors prefix-1, prefix-2...)."""
    marks = [
        Mark(e.start, e.end, "evidence", anchor=f"{prefix}-{n}")
        for n, e in enumerate(evidence, start=1)
    ]
    return marked_html(text, marks)


def document_html(page: Any) -> Markup:
    """The document page's text with mentions, times, figures and the highlighted span."""
    text = page.document.text or ""
    actors = page.refs.actors
    marks = []
    if page.highlight:
        marks.append(Mark(page.highlight[0], page.highlight[1], "hl", anchor="hl"))
    for m in page.mentions:
        known = actors.get(m.actor) if m.actor else None
        title = f"{m.kind}: {known.name if known else m.actor or 'unresolved'} ({m.how})"
        href = actor_url(m.actor) if known else None
        marks.append(Mark(m.start, m.end, f"m m-{m.kind}", title=title, href=href))
    for t in page.times:
        marks.append(Mark(t.start, t.end, "m m-time", title=f"{t.kind}: {t.value or 'vague'}"))
    for f in page.figures:
        for e in f.evidence:
            if e.document != page.document.id:
                continue
            span = locate_number(e.text, f.value)
            start, end = (e.start + span[0], e.start + span[1]) if span else (e.start, e.end)
            label = f"{f.indicator or 'figure'}: {format_value(f.value, f.unit)}"
            marks.append(Mark(start, end, "m m-figure", title=label))
    return marked_html(text, marks)


def figure_svg(chart: Any) -> Markup:
    points = []
    for figure in chart.figures:
        date = chart.dates.get(figure.id)
        if not date or figure.value is None:
            continue
        evidence = figure.evidence[0] if figure.evidence else None
        when = figure_period(figure.period or date, figure.target)
        label = f"{format_value(figure.value, figure.unit)} · {when}"
        if evidence is not None:
            label += f" · {evidence.text[:120]}"
        href = doc_url(evidence.document, evidence) if evidence else "#"
        points.append(
            FigurePoint(date=date, value=figure.value, label=label, href=href, target=figure.target)
        )
    return figures_svg(points, chart.unit)


def snippet_html(text: str, matches: list[tuple[int, int]]) -> Markup:
    return marked_html(text, [Mark(s, e, "hit") for s, e in matches])
