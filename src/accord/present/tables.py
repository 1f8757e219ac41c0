"""Rich renderings of record items for the terminal."""

from __future__ import annotations

from collections.abc import Iterable

from rich.markup import escape
from rich.table import Table
from rich.text import Text

from accord.models import Actor, Document
from accord.present.text import clip, figure_period, figure_value
from accord.present.text import format_value as format_value  # re-exported
from accord.present.text import names as text_names
from accord.store.documents import Rejection
from accord.store.search import HIT_END, HIT_START, Hit


def documents_table(docs: Iterable[Document]) -> Table:
    table = Table(title="Documents", show_lines=False)
    for name in ("id", "published", "outlet", "title", "dateline", "authors", "words"):
        table.add_column(name, overflow="fold")
    for doc in docs:
        table.add_row(
            doc.id,
            doc.published or "—",
            doc.outlet or "—",
            doc.title or "—",
            doc.dateline or "—",
            ", ".join(doc.authors) or "—",
            str(doc.word_count or 0),
        )
    return table


def rejections_table(rows: Iterable[Rejection]) -> Table:
    table = Table(title="Rejected inputs")
    table.add_column("when")
    table.add_column("input", overflow="fold")
    table.add_column("reason", overflow="fold")
    for row in rows:
        table.add_row(row.rejected_at.strftime("%Y-%m-%d %H:%M"), row.source, row.reason)
    return table


def highlighted(snippet: str) -> Text:
    """A search snippet with its matches in bold."""
    text = Text()
    rest = snippet.replace("\n", " ")
    while HIT_START in rest:
        before, _, tail = rest.partition(HIT_START)
        match, _, rest = tail.partition(HIT_END)
        text.append(before)
        text.append(match, style="bold yellow")
    text.append(rest)
    return text


def hits_table(hits: Iterable[Hit]) -> Table:
    table = Table(title="Search results", show_lines=True)
    table.add_column("document", overflow="fold")
    table.add_column("snippet", overflow="fold", ratio=3)
    for hit in hits:
        head = Text(hit.title or "(untitled)", style="bold")
        head.append(
            f"\n{hit.published or 'undated'} · {hit.outlet or 'unknown outlet'}\n", style="dim"
        )
        head.append(hit.source, style="cyan")
        head.append(f"\n{hit.id}", style="dim")
        table.add_row(head, highlighted(hit.snippet))
    return table


def snippet_html(snippet: str) -> str:
    """A search snippet as escaped HTML with <mark> around matches (JSON output, web)."""
    from html import escape

    return escape(snippet).replace(HIT_START, "<mark>").replace(HIT_END, "</mark>")


KIND_STYLES = {
    "person": "bold cyan", "country": "bold green", "organization": "bold magenta",
    "institution": "magenta", "place": "green", "facility": "yellow", "other": "white",
    "time": "underline blue", "figure": "bold red", "quote": "italic",
}  # fmt: skip


def marked_text(text: str, spans: list[tuple[int, int, str]]) -> Text:
    """``text`` with each (start, end, kind) span styled by kind; later spans never override."""
    out = Text(text)
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -s[1])):
        out.stylize(KIND_STYLES.get(kind, "bold"), start, end)
    return out


def legend() -> Text:
    out = Text("marks: ")
    for kind, style in KIND_STYLES.items():
        out.append(kind, style=style)
        out.append("  ")
    return out


def actors_table(rows: Iterable[Actor]) -> Table:
    table = Table(title="Actors")
    for name in ("id", "name", "kind", "country", "mentions", "roles", "aliases"):
        table.add_column(name, overflow="fold")
    for actor in rows:
        titles = list(
            dict.fromkeys(f"{r.title} ({r.country})" if r.country else r.title for r in actor.roles)
        )
        aliases = actor.aliases[:6] + (
            [f"+{len(actor.aliases) - 6} more"] if len(actor.aliases) > 6 else []
        )
        table.add_row(
            actor.id,
            actor.name,
            actor.kind,
            actor.country or "—",
            str(actor.mentions),
            "; ".join(titles[-3:]) or "—",
            ", ".join(aliases),
        )
    return table


def _names(ids: Iterable[str | None], names: dict[str, str]) -> str:
    return text_names(ids, names)


def _sources(evidence: list) -> str:
    return str(len({e.document for e in evidence}))


def events_table(rows: Iterable, names: dict[str, str]) -> Table:
    table = Table(title="Events")
    for column in (
        "date",
        "type",
        "participants",
        "location",
        "mode / occasion",
        "sources",
        "evidence",
    ):
        table.add_column(column, overflow="fold")
    for e in rows:
        extra = " · ".join(p for p in (e.mode, e.occasion) if p) or "—"
        table.add_row(
            e.date or "undated",
            f"{e.type}\n[dim]{e.plover or ''}[/dim]",
            _names(e.participants, names),
            e.location or "—",
            extra,
            str(e.source_count or _sources(e.evidence)),
            (e.evidence[0].text[:160] if e.evidence else ""),
        )
    return table


def agreements_table(rows: Iterable, names: dict[str, str]) -> Table:
    table = Table(title="Agreements")
    for column in ("date", "title", "kind", "status", "parties", "sources"):
        table.add_column(column, overflow="fold")
    for a in rows:
        table.add_row(
            a.date or "—",
            a.title,
            a.kind or "—",
            a.status or "—",
            _names(a.parties, names),
            _sources(a.evidence),
        )
    return table


def commitments_table(rows: Iterable, names: dict[str, str], details: bool = False) -> Table:
    """Commitments with their status and why; ``details`` adds the evidence sentence."""
    table = Table(title="Commitments", show_lines=details)
    columns = ["made on", "kind", "by", "due", "status", "why", "text", "sources"]
    for column in [*columns, *(["evidence"] if details else [])]:
        table.add_column(column, overflow="fold")
    for c in rows:
        why = escape(c.reason or "—")
        if c.fulfilled_by:
            why += f"\n[dim]fulfilled by {escape(', '.join(c.fulfilled_by))}[/dim]"
        row = [
            c.made_on or "—",
            c.kind or "—",
            escape(_names(c.by, names)),
            c.due or "—",
            _status(c.status),
            why,
            escape(c.text if details else c.text[:200]),
            _sources(c.evidence),
        ]
        if details:
            row.append(escape("\n".join(e.text for e in c.evidence[:3])))
        table.add_row(*row)
    return table


def _status(status: str) -> str:
    style = {"fulfilled": "green", "overdue": "red", "superseded": "dim", "open": "yellow"}
    return f"[{style.get(status, 'white')}]{escape(status)}[/]"


def figures_table(rows: Iterable, names: dict[str, str]) -> Table:
    table = Table(title="Figures")
    for column in (
        "indicator",
        "value",
        "qualifier",
        "period",
        "change",
        "stated by",
        "sources",
        "evidence",
    ):
        table.add_column(column, overflow="fold")
    for f in rows:
        table.add_row(
            f.indicator or "—",
            figure_value(f.value, f.value_max, f.unit),
            f.qualifier or "—",
            figure_period(f.period, f.target),
            f.change or "—",
            _names([f.stated_by], names),
            _sources(f.evidence),
            f.evidence[0].text[:160] if f.evidence else "",
        )
    return table


def quotes_table(rows: Iterable, names: dict[str, str]) -> Table:
    table = Table(title="Quotes", show_lines=True)
    for column in ("date", "speaker", "kind", "quote"):
        table.add_column(column, overflow="fold")
    for q in rows:
        table.add_row(q.date or "—", _names([q.speaker], names), q.kind, q.text)
    return table


def timeline_tables(timeline) -> list[Table]:
    """The dated events in order, then the undated ones (``accord timeline``)."""
    title = "Timeline"
    if timeline.between:
        title += escape(f": {timeline.between[0].name} – {timeline.between[1].name}")
    tables = [_timeline_table(title, timeline.dated, timeline.actors, dated=True)]
    if timeline.undated:
        tables.append(
            _timeline_table(
                "Undated events (by first report)", timeline.undated, timeline.actors, dated=False
            )
        )
    return tables


def _timeline_table(title: str, entries: list, names: dict[str, str], dated: bool) -> Table:
    table = Table(title=title, show_lines=True)
    table.add_column("date" if dated else "first reported", no_wrap=True)
    for column in ("type", "participants", "where / how", "summary", "sources"):
        table.add_column(column, overflow="fold")
    for e in entries:
        where = " · ".join(p for p in (e.location, e.mode, e.occasion) if p) or "—"
        cited = escape("\n".join(s.label for s in e.sources[:4]))
        if len(e.sources) > 4:
            cited += f"\n+{len(e.sources) - 4} more"
        table.add_row(
            (e.date if dated else e.reported) or "—",
            f"{escape(e.type)}\n[dim]{e.plover or ''}[/dim]",
            escape(_names(e.participants, names)),
            escape(where),
            escape(e.summary or (clip(e.evidence[0].text, 160) if e.evidence else "—")),
            f"[bold]{e.source_count or len(e.sources)}[/bold]\n{cited}",
        )
    return table


def conflicts_table(views: Iterable) -> Table:
    """Each conflict: its subject, the field, and every source's value with the sentence."""
    table = Table(title="Conflicts", show_lines=True)
    for column in ("subject", "field", "value", "sources", "evidence"):
        table.add_column(column, overflow="fold")
    for view in views:
        subject = escape(view.subject.label)
        subject += f"\n[dim]{escape(view.subject.kind)} {escape(view.subject.id)}[/dim]"
        for n, value in enumerate(view.values):
            table.add_row(
                subject if n == 0 else "",
                view.field if n == 0 else "",
                f"[bold]{escape(value.display)}[/bold]",
                escape("\n".join(s.label for s in value.sources)),
                escape("\n".join(clip(e.text, 200) for e in value.evidence[:3])),
                end_section=n == len(view.values) - 1,
            )
    return table
