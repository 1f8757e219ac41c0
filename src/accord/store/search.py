"""Full-text search over cleaned document text: SQLite FTS5 or PostgreSQL text search.

User queries are never spliced into SQL. They are parsed here into terms made
of word characters only (so punctuation in a query can never become query
syntax), then written out as an FTS5 MATCH expression or a PostgreSQL
``to_tsquery`` expression and bound as a parameter. The same query means the
same on both backends: words must all match; "quoted phrases" match as
phrases; OR between terms is honoured; a trailing * matches a prefix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Connection, Engine, text

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


@dataclass(frozen=True, slots=True)
class Term:
    """One parsed piece of a query: lower-case words, or the OR operator."""

    kind: Literal["words", "prefix", "or"]
    words: tuple[str, ...] = ()


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
    FROM documents d, to_tsquery('english', :query) q
    WHERE to_tsvector('english', coalesce(d.title, '') || ' ' || d.text) @@ q
      AND d.superseded_by IS NULL
    ORDER BY ts_rank(to_tsvector('english', coalesce(d.title, '') || ' ' || d.text), q) DESC,
             d.pk
    LIMIT :limit OFFSET :offset"""
)
# FTS5 stems a prefix before matching it ("mirziy" becomes "mirzii" under Porter) and so
# misses words it should find; the index's own vocabulary says which words a prefix covers.
_SQLITE_VOCAB = text(
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.accord_fts_vocab "
    "USING fts5vocab(main, documents_fts, row)"
)
_SQLITE_PREFIXED = text(
    "SELECT term FROM temp.accord_fts_vocab WHERE term >= :low AND term < :high "
    "ORDER BY doc DESC LIMIT 50"
)
_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')


def search_documents(engine: Engine, query: str, *, limit: int = 20, offset: int = 0) -> list[Hit]:
    """Documents matching ``query``, best first."""
    terms = parse_query(query)
    if not terms:
        return []
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            statement, bound = _SQLITE, fts5_query(query, _vocabulary(connection))
        else:
            statement, bound = _POSTGRES, tsquery(query)
        rows = connection.execute(statement, {"query": bound, "limit": limit, "offset": offset})
        return [Hit(r.id, r.source, r.title, r.published, r.outlet, r.snippet or "") for r in rows]


def parse_query(query: str) -> list[Term]:
    """Terms of a user query; punctuation dropped, a dangling or doubled OR ignored."""
    terms: list[Term] = []
    for phrase, word in _TOKEN.findall(query):
        if word == "OR":
            if terms and terms[-1].kind != "or":
                terms.append(Term("or"))
            continue
        words = tuple(w.lower() for w in re.findall(r"[^\W_]+", phrase or word))
        if not words:
            continue
        prefix = bool(word) and word.endswith("*") and len(words) == 1
        terms.append(Term("prefix" if prefix else "words", words))
    while terms and terms[-1].kind == "or":
        terms.pop()
    return terms


def fts5_query(query: str, vocabulary: Vocabulary | None = None) -> str:
    """An FTS5 MATCH expression for a user query, with every term quoted."""
    parts: list[str] = []
    for term in parse_query(query):
        if term.kind == "or":
            parts.append("OR")
        elif term.kind == "prefix":
            covered = vocabulary(term.words[0]) if vocabulary else []
            alternatives = [f'"{term.words[0]}"*', *(f'"{w}"' for w in covered)]
            parts.append(
                alternatives[0] if len(alternatives) == 1 else f"({' OR '.join(alternatives)})"
            )
        else:
            parts.append('"' + " ".join(term.words) + '"')
    return " ".join(parts)


def tsquery(query: str) -> str:
    """A PostgreSQL ``to_tsquery`` expression for a user query (AND, OR, <-> and :*)."""
    expression = ""
    for term in parse_query(query):
        if term.kind == "or":
            expression += " | "
            continue
        if expression and not expression.endswith(" | "):
            expression += " & "
        quoted = " <-> ".join(f"'{w}'" for w in term.words)
        expression += f"({quoted})" if len(term.words) > 1 else quoted
        expression += ":*" if term.kind == "prefix" else ""
    return expression


class Vocabulary:
    """Indexed words starting with a prefix, read from an SQLite connection's FTS5 index."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def __call__(self, prefix: str) -> list[str]:
        rows = self._connection.execute(
            _SQLITE_PREFIXED, {"low": prefix, "high": prefix + "\U0010ffff"}
        )
        return [row.term for row in rows]


def _vocabulary(connection: Connection) -> Vocabulary:
    connection.execute(_SQLITE_VOCAB)
    return Vocabulary(connection)
