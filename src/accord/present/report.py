"""Render a :class:`~accord.present.brief.Brief` as Markdown, self-contained HTML or JSON.

HTML escapes every text it shows (Jinja autoescape) and embeds the chart as
inline SVG, so the file needs nothing else. Markdown escapes every value it
shows (a ``finalize`` hook, so no template expression can forget) and links the
chart, written next to the report as SVG.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from accord.errors import AccordError
from accord.present.brief import Brief
from accord.present.charts import chart_svg, inline_svg
from accord.present.queries import SourceRef
from accord.present.text import figure_period, names
from accord.present.write import write_files

REPORT_FORMATS = ("md", "html", "json")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~#])")


class Raw(Markup):
    """Markdown built here from escaped parts; the template prints it as is."""


def render(brief: Brief, fmt: str, *, chart_file: str | None = None) -> str:
    """The brief as text in ``fmt``; Markdown links ``chart_file`` when given."""
    if fmt == "json":
        return brief.model_dump_json(indent=2) + "\n"
    if fmt == "html":
        template = _html_env().get_template("report.html.j2")
        svg = Markup(inline_svg(chart_svg(brief.chart))) if brief.chart.series else None
        return template.render(brief=brief, chart=svg)
    if fmt == "md":
        template = _md_env().get_template("report.md.j2")
        return template.render(brief=brief, chart_file=chart_file)
    raise AccordError(f"unknown report format {fmt!r}; known: {', '.join(REPORT_FORMATS)}")


def write_report(brief: Brief, fmt: str, output: Path) -> list[Path]:
    """Write the report to ``output`` (and, for Markdown, its chart next to it); all or nothing."""
    files: dict[Path, str | bytes] = {}
    chart_file = None
    if fmt == "md" and brief.chart.series:
        chart = output.with_name(f"{output.stem}-events.svg")
        chart_file = chart.name
        files[chart] = chart_svg(brief.chart)
    files[output] = render(brief, fmt, chart_file=chart_file)
    write_files(files)
    return list(files)


def md_escape(value: object) -> str:
    """A value as Markdown text: specials backslash-escaped, on one line."""
    if value is None:
        return "—"
    if isinstance(value, Markup):
        return value
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_cite(sources: list[SourceRef]) -> Raw:
    """'Bishkek Courier, 2022-06-15; [Asia Briefs, 2022-06-15](<https://...>)'."""
    return Raw("; ".join(_md_link(md_escape(s.label), s.url) for s in sources) or "no source")


def _md_title(source: SourceRef) -> Raw:
    return Raw(_md_link(md_escape(source.title or source.document), source.url))


def _md_link(label: str, url: str | None) -> str:
    return f"[{label}]({_md_target(url)})" if url else label


def _md_target(url: str) -> Raw:
    """A link destination: in angle brackets, with the characters that would end it encoded."""
    for char, code in (("<", "%3C"), (">", "%3E"), (" ", "%20"), ("|", "%7C"), ("\n", "")):
        url = url.replace(char, code)
    return Raw(f"<{url}>")


def _common(env: Environment) -> Environment:
    env.globals["names"] = names
    env.globals["figure_period"] = figure_period
    return env


def _html_env() -> Environment:
    return _common(
        Environment(
            loader=PackageLoader("accord.present", "templates"),
            autoescape=True,
            finalize=lambda value: "—" if value is None else value,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    )


def _md_env() -> Environment:
    # Autoescape on, with Markdown escaping in finalize: macros and Raw pass through as
    # Markup, every other value is escaped once.
    env = Environment(
        loader=PackageLoader("accord.present", "templates"),
        autoescape=True,
        finalize=lambda value: Raw(md_escape(value)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["cite"] = md_cite
    env.globals["cite_title"] = _md_title
    env.globals["target"] = _md_target
    env.globals["raw"] = Raw
    return _common(env)
