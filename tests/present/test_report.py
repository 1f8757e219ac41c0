"""The brief: each section present, every item sourced, HTML escaped and self-contained."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from accord.models import Evidence
from accord.present.brief import Brief, BriefFigure, BriefQuote, SpeakerQuotes, build_brief
from accord.present.charts import count_events
from accord.present.queries import SourceRef
from accord.present.report import md_escape, render, write_report
from accord.present.timeline import TimelineEntry

SECTIONS = (
    "Events over time",
    "Timeline",
    "Agreements",
    "Institutions",
    "Commitments",
    "Figures",
    "Quotes",
    "Conflicts between sources",
    "Sources",
)
HOSTILE = '<script>alert("x")</script> & <b>bold</b> | *star* [link](http://evil.example)'


@pytest.fixture(scope="module")
def brief(corpus_kb) -> Brief:
    return build_brief(corpus_kb, between=("Uzbekistan", "Kyrgyzstan"))


def _hostile_brief() -> Brief:
    """A brief built by hand whose every text field carries markup."""
    source = SourceRef(document="d1", outlet=HOSTILE, published="2022-06-14", title=HOSTILE)
    evidence = [Evidence(document="d1", text=HOSTILE, start=0, end=5)]
    event = TimelineEntry(
        id="e1",
        type="meeting",
        date="2022-06-14",
        summary=HOSTILE,
        location=HOSTILE,
        participants=["p1"],
        evidence=evidence,
        sources=[source],
        source_count=1,
    )
    quote = BriefQuote(id="q1", speaker="p1", text=HOSTILE, evidence=evidence, sources=[source])
    return Brief(
        title=HOSTILE,
        generated=datetime(2024, 1, 1, tzinfo=UTC),
        timeline=[event],
        figures=[BriefFigure(id="f1", indicator=HOSTILE, value=1.0, display="1", sources=[source])],
        quotes=[SpeakerQuotes(speaker="p1", name=HOSTILE, documents=1, quotes=[quote])],
        quote_count=1,
        chart=count_events([event]),
        sources=[source],
        actors={"p1": HOSTILE},
    )


def test_html_escapes_every_text_from_documents():
    html = render(_hostile_brief(), "html")
    assert "<script>" not in html and 'alert("x")' not in html
    assert "&lt;script&gt;" in html
    assert "<b>bold</b>" not in html
    assert 'href="http://evil.example"' not in html


def test_markdown_escapes_every_text_from_documents():
    text = render(_hostile_brief(), "md")
    assert "<script>" not in text
    assert r"\<script\>" in text
    assert "[link](http://evil.example)" not in text
    assert md_escape("a|b *c*") == r"a\|b \*c\*"


def test_html_is_self_contained(brief):
    html = render(brief, "html")
    assert "<svg" in html  # the chart, inline
    assert not re.search(r"<script|<link|<iframe|<img|@import|\ssrc=", html, re.IGNORECASE)
    assert not re.search(r"url\((?!#)", html)
    for target in re.findall(r'href="([^"]*)"', html):
        assert target.startswith(("#", "https://", "http://")), target
    links = re.findall(r'<a href="([^"]*)"', html)
    assert links and all(link.startswith("http") for link in links)  # only source articles


def test_brief_has_each_section(brief):
    html = render(brief, "html")
    text = render(brief, "md")
    for section in SECTIONS:
        assert f">{section}</h2>" in html, section
        assert f"## {section}\n" in text, section
    assert brief.title == "Uzbekistan – Kyrgyzstan: brief"
    assert brief.period.start and brief.period.end and brief.period.start <= brief.period.end
    assert f"Period covered: {brief.period.start} to {brief.period.end}" in text


def test_brief_sections_are_filled_from_the_corpus(brief):
    assert brief.timeline and brief.undated
    assert brief.agreements and brief.commitments and brief.figures and brief.quotes
    assert brief.conflicts and brief.institutions
    assert all(i.id.startswith("institution:") for i in brief.institutions)
    statuses = {c.status for c in brief.commitments}
    assert "fulfilled" in statuses
    assert all(c.reason for c in brief.commitments if c.status != "open")
    # most-cited speakers first
    counts = [group.documents for group in brief.quotes]
    assert counts == sorted(counts, reverse=True)


def test_every_item_of_the_brief_cites_outlet_and_date(brief):
    items = [
        *brief.timeline,
        *brief.undated,
        *brief.agreements,
        *brief.commitments,
        *brief.figures,
        *brief.institutions,
        *(q for g in brief.quotes for q in g.quotes),
        *(v for c in brief.conflicts for v in c.values),
    ]
    cited = {s.document for s in brief.sources}
    for item in items:
        assert item.sources, item
        assert {s.document for s in item.sources} <= cited
    text = render(brief, "md")
    for entry in brief.timeline:
        assert entry.sources[0].label.split(",")[0] in text


def test_brief_between_other_sides_is_narrower(corpus_kb, brief):
    narrow = build_brief(corpus_kb, between=("person:sadyr-japarov", "Uzbekistan"))
    assert {e.id for e in narrow.timeline} <= {e.id for e in brief.timeline}
    windowed = build_brief(
        corpus_kb, between=("Uzbekistan", "Kyrgyzstan"), date_from="2024", date_to="2024"
    )
    assert windowed.period.start == "2024"
    assert all(e.date.startswith("2024") for e in windowed.timeline)


def test_markdown_report_writes_chart_next_to_it_and_links_it(brief, tmp_path: Path):
    written = write_report(brief, "md", tmp_path / "brief.md")
    chart = tmp_path / "brief-events.svg"
    assert set(written) == {tmp_path / "brief.md", chart}
    assert chart.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert "](<brief-events.svg>)" in (tmp_path / "brief.md").read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_json_report_is_the_brief(brief):
    again = Brief.model_validate_json(render(brief, "json"))
    assert again.title == brief.title
    assert len(again.timeline) == len(brief.timeline)


def test_failed_report_leaves_no_file(brief, tmp_path: Path, monkeypatch):
    import accord.present.report as report

    def broken(*_args, **_kwargs):
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(report, "render", broken)
    with pytest.raises(RuntimeError):
        write_report(brief, "md", tmp_path / "brief.md")
    assert list(tmp_path.iterdir()) == []


def test_html_report_escapes_a_script_in_an_ingested_document(tmp_path: Path, analyzer):
    from accord.ingest.pipeline import ingest
    from accord.settings import Settings
    from accord.store.kb import open_kb

    article = tmp_path / "inputs" / "talks.txt"
    article.parent.mkdir()
    article.write_text(
        "Presidents meet <script>alert(1)</script> in Tashkent\n\n14 June 2022 09:15\n\n"
        "TASHKENT — President Shavkat Mirziyoyev held talks with President Sadyr Japarov "
        "of Kyrgyzstan in Tashkent on June 14. “<script>alert(1)</script> We are brothers "
        "and neighbours,” Mirziyoyev said after the talks.\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "kb.db")
    engine = open_kb(db)
    ingest([str(article)], engine, Settings.resolve({"db": db}, environ={}), analyzer=analyzer)
    brief = build_brief(engine)
    html = render(brief, "html")
    assert brief.timeline and brief.sources
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
