"""Full-text search over cleaned document text: SQLite FTS5 or PostgreSQL text search.

User queries are never spliced into SQL: they are bound parameters, and for
FTS5 each term is quoted so that punctuation in a query cannot become query
syntax. Words must all match; "quoted phrases" match as phrases; OR between
terms is honoured; a trailing * matches a prefix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Engine, text

HIT_START, HIT_END = "⟦", "⟧"  # markers around matched words inside snippets


@dataclass(frozen=True, slots=True)
class Hit:
    """A matching document with a snippet whose matches are wrapped in HIT_START/HIT_END."""

    id: str
    source: str
    title: str | None
    published: str | None
    outlet: str | None
    snippet: str


_SQLITE = text(
    f"""SELECT d.id, d.source, d.title, d.published, d.outlet,
           snippet(documents_fts, 1, '{HIT_START}', '{HIT_END}', '…', 24) AS snippet
    FROM documents_fts JOIN documents d ON d.pk = documents_fts.rowid
    WHERE documents_fts MATCH :query AND d.superseded_by IS NULL
    ORDER BY bm25(documents_fts), d.pk LIMIT :limit OFFSET :offset"""
)
_POSTGRES = text(
    f"""SELECT d.id, d.source, d.title, d.published, d.outlet,
           ts_headline('english', d.text, q,
                       'StartSel={HIT_START}, StopSel={HIT_END}, MaxWords=30, MinWords=12,
                        MaxFragments=1, FragmentDelimiter=" … "') AS snippet
    FROM documents d, websearch_to_tsquery('english', :query) q
    WHERE to_tsvector('english', coalesce(d.title, '') || ' ' || d.text) @@ q
      AND d.superseded_by IS NULL
    ORDER BY ts_rank(to_tsvector('english', coalesce(d.title, '') || ' ' || d.text), q) DESC,
             d.pk
    LIMIT :limit OFFSET :offset"""
)
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')


def search_documents(engine: Engine, query: str, *, limit: int = 20, offset: int = 0) -> list[Hit]:
    """Documents matching ``query``, best first."""
    if engine.dialect.name == "sqlite":
        statement, bound = _SQLITE, fts5_query(query)
    else:
        statement, bound = _POSTGRES, query
    if not bound.strip():
        return []
    with engine.connect() as connection:
        rows = connection.execute(statement, {"query": bound, "limit": limit, "offset": offset})
        return [Hit(r.id, r.source, r.title, r.published, r.outlet, r.snippet or "") for r in rows]


def fts5_query(query: str) -> str:
    """An FTS5 MATCH expression for a user query, with every term quoted."""
    parts: list[str] = []
    for phrase, word in _TOKEN.findall(query):
        if word == "OR" and parts and parts[-1] != "OR":
            parts.append("OR")
            continue
        term = phrase if phrase else word
        prefix = bool(word) and word.endswith("*") and len(word) > 1
        term = term.rstrip("*") if prefix else term
        cleaned = " ".join(re.findall(r"\w+", term))
        if cleaned:
            parts.append('"' + cleaned + '"' + ("*" if prefix else ""))
    while parts and parts[-1] == "OR":
        parts.pop()
    return " ".join(parts)
