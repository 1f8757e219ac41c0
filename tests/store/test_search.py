"""Full-text search on SQLite FTS5 and PostgreSQL: words, phrases, snippets, hostile input."""

from __future__ import annotations

import hashlib

import pytest

from accord.models import Document
from accord.store.documents import count_documents, store_document
from accord.store.kb import open_kb
from accord.store.search import HIT_END, HIT_START, fts5_query, search_documents, tsquery

TEXTS = {
    "visit": (
        "Mirziyoyev to pay state visit to Kyrgyzstan",
        "President Shavkat Mirziyoyev will arrive in Kyrgyzstan on a state visit on January 26. "
        "The presidents are expected to sign a Declaration on Allied Relations.",
    ),
    "railway": (
        "Railway section opens",
        "The Kara-Suu – Andijan railway section is now operating. Freight trains carry cement, "
        "fertilisers and fruit between the two countries. The visit of the state railway "
        "inspectors is planned for spring.",
    ),
    "water": (
        "Water dispute over reservoir",
        "Uzbekistan accused the Kyrgyz side of cutting water releases from the Kempir-Abad "
        "reservoir; Bishkek rejected the claim.",
    ),
}


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def kb(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """One knowledge base per backend for the whole module: searching never writes."""
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("search") / "kb.db")
    else:
        url = request.getfixturevalue("pg_server").create_database()
    engine = open_kb(url)
    with engine.begin() as connection:
        for key, (title, text) in TEXTS.items():
            digest = hashlib.sha256(text.encode()).hexdigest()
            doc = Document(
                id=f"doc-{digest[:16]}", source=f"{key}.txt", title=title, text=text,
                content_hash=digest, published="2023-01-24",
            )  # fmt: skip
            store_document(connection, doc, raw=text, source_key=key)
    yield engine
    engine.dispose()


def _sources(engine, query: str) -> set[str]:
    return {hit.source for hit in search_documents(engine, query)}


def test_search_finds_documents_with_all_words(kb):
    assert _sources(kb, "railway") == {"railway.txt"}
    assert _sources(kb, "state visit") == {"visit.txt", "railway.txt"}
    assert _sources(kb, "reservoir Bishkek") == {"water.txt"}
    assert _sources(kb, "reservoir Andijan") == set()


def test_search_matches_quoted_phrases_only_in_order(kb):
    assert _sources(kb, '"state visit"') == {"visit.txt"}
    assert _sources(kb, '"visit state"') == set()


def test_search_honours_or_between_terms(kb):
    assert _sources(kb, "reservoir OR cement") == {"water.txt", "railway.txt"}


def test_search_stems_english_words(kb):
    assert _sources(kb, "presidents") == _sources(kb, "president") == {"visit.txt"}


def test_search_matches_a_prefix_with_trailing_star(kb):
    assert _sources(kb, "Mirziy*") == {"visit.txt"}


def test_search_reads_hyphenated_name_as_phrase(kb):
    assert _sources(kb, "Kara-Suu") == {"railway.txt"}


def test_search_finds_words_of_the_title(kb):
    assert _sources(kb, "dispute") == {"water.txt"}


def test_search_returns_metadata_and_highlighted_snippet(kb):
    [hit] = search_documents(kb, "Kempir")
    assert (hit.source, hit.title, hit.published) == (
        "water.txt",
        "Water dispute over reservoir",
        "2023-01-24",
    )
    assert hit.id.startswith("doc-")
    assert f"{HIT_START}Kempir" in hit.snippet
    assert HIT_END in hit.snippet


def test_search_limit_and_offset_page_through_hits(kb):
    query = "Kyrgyzstan OR railway OR reservoir"
    everything = search_documents(kb, query, limit=10)
    page = search_documents(kb, query, limit=1, offset=1)
    assert len(everything) == 3
    assert len(page) == 1
    assert page[0].id in {h.id for h in everything}


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE documents; --",
        '"unbalanced',
        "NEAR(",
        "*",
        "OR OR",
        "AND",
        "NOT railway",
        "title:railway",
        "^railway",
        "railway)",
        "(((",
        "\\",
        "% _",
        "",
        "   ",
        "'",
        "\u0000",
        "-",
        "💥",
    ],
)
def test_search_treats_hostile_input_as_text(kb, query: str):
    hits = search_documents(kb, query)
    assert isinstance(hits, list)
    assert count_documents(kb) == 3
    assert _sources(kb, "railway") == {"railway.txt"}


def test_search_reads_drop_table_words_as_plain_words(kb):
    assert search_documents(kb, "'; DROP TABLE documents; --") == []


def test_search_skips_superseded_versions(engine):
    with engine.begin() as connection:
        for text in ("The old wording about cotton.", "The new wording about wheat."):
            digest = hashlib.sha256(text.encode()).hexdigest()
            doc = Document(id=f"doc-{digest[:16]}", source="s.txt", text=text, content_hash=digest)
            store_document(connection, doc, raw=text, source_key="same-source")
    assert search_documents(engine, "cotton") == []
    assert len(search_documents(engine, "wheat")) == 1


@pytest.mark.parametrize(
    ("query", "fts5", "postgres"),
    [
        ("state visit", '"state" "visit"', "'state' & 'visit'"),
        ('"state visit" Japarov', '"state visit" "japarov"', "('state' <-> 'visit') & 'japarov'"),
        ("a OR b c", '"a" OR "b" "c"', "'a' | 'b' & 'c'"),
        ("OR a", '"a"', "'a'"),
        ("a OR", '"a"', "'a'"),
        ("Mirz*", '"mirz"*', "'mirz':*"),
        (
            "'; DROP TABLE documents; --",
            '"drop" "table" "documents"',
            "'drop' & 'table' & 'documents'",
        ),
        ('NEAR( "unbalanced', '"near" "unbalanced"', "'near' & 'unbalanced'"),
        ("*", "", ""),
        ("Kara-Suu", '"kara suu"', "('kara' <-> 'suu')"),
    ],
)
def test_query_expressions_quote_every_term(query: str, fts5: str, postgres: str):
    assert fts5_query(query) == fts5
    assert tsquery(query) == postgres
