"""Rich renderings of record items for the terminal."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text

from accord.models import Actor, Document
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
