"""One raw item in, one clean Document out: text, title, date, authors, outlet, source fields."""

from __future__ import annotations

import pytest

from accord.errors import InputRejected
from accord.ingest.prepare import markdown_to_text, prepare
from accord.ingest.sources import RawItem
from tests.conftest import FIXTURES

INGEST = FIXTURES / "ingest"
WEB = INGEST / "web"
BOILERPLATE = INGEST / "boilerplate"


def _item(fmt: str, content: str, **hints) -> RawItem:
    return RawItem(
        source=f"article.{fmt}", key=f"/abs/article.{fmt}", format=fmt, content=content, hints=hints
    )


def test_prepare_html_takes_metadata_from_markup():
    doc = prepare(_item("html", (WEB / "article_with_meta_tags.html").read_text()))
    assert doc.title == "Presidents open border crossing at Dostuk"
    assert doc.published == "2023-03-02T11:20:00+06:00"
    assert doc.outlet == "Steppe Herald"
    assert doc.authors == ["Marat Osmonov"]
    assert doc.dateline == "OSH"
    assert doc.attributed_to == ["Kyrgyz presidential press service"]
    assert doc.format == "html" and doc.language == "en"
    assert doc.text.startswith("OSH — The presidents of Kyrgyzstan and Uzbekistan opened")
    for furniture in ("Home", "Facebook", "All rights reserved", "›"):
        assert furniture not in doc.text


def test_prepare_html_without_main_text_is_rejected():
    with pytest.raises(InputRejected, match="no main text"):
        prepare(_item("html", "<html><head><title>Empty</title></head><body></body></html>"))


def test_prepare_markdown_drops_markup_and_keeps_paragraphs():
    doc = prepare(_item("md", (INGEST / "markdown" / "article_with_markup.md").read_text()))
    assert doc.title == "Presidents open border crossing at Dostuk"
    assert doc.authors == ["Marat Osmonov"]
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0].startswith("OSH — The presidents")
    assert "renovated Dostuk border crossing" in paragraphs[0]
    assert (
        paragraphs[1]
        == '"The border now unites us rather than divides us," Japarov said at the ceremony.'
    )
    assert paragraphs[2].startswith("The crossing will handle")
    for marker in ("**", "](", "![", "---", "# "):
        assert marker not in doc.text


def test_markdown_to_text_keeps_blank_lines_between_blocks():
    assert markdown_to_text("One.\n\n![img](a.png)\n\n> Two.") == "One.\n\n\n\nTwo."


def test_prepare_text_reads_header_metadata():
    doc = prepare(_item("txt", (BOILERPLATE / "date_line.txt").read_text()))
    assert doc.title == "Presidents agree to speed up railway construction"
    assert doc.published == "2022-06-14T09:15:00+05:00"
    assert doc.dateline == "OSH"


def test_prepare_json_fields_take_precedence_over_text():
    raw = (BOILERPLATE / "masthead_and_navigation.txt").read_text()
    doc = prepare(
        _item(
            "txt",
            raw,
            title="Railway construction to speed up",
            published="2022-06-15T08:10:00+05:00",
            outlet="Asia Briefs",
            authors=["Gulnara Sydykova"],
            url="https://briefs.example/railway",
        )
    )
    assert doc.title == "Railway construction to speed up"
    assert doc.published == "2022-06-15T08:10:00+05:00"
    assert doc.outlet == "Asia Briefs"
    assert doc.authors == ["Gulnara Sydykova"]
    assert doc.url == "https://briefs.example/railway"


def test_prepare_reads_rfc822_feed_dates():
    doc = prepare(
        _item(
            "txt",
            "An article long enough to be kept as body text here.",
            published="Thu, 02 Mar 2023 11:20:00 +0600",
        )
    )
    assert doc.published == "2023-03-02T11:20:00+06:00"


def test_prepare_leaves_published_null_when_only_the_body_has_dates():
    raw = (
        "Presidents agree to speed up railway construction\n\n"
        "OSH — The presidents of Uzbekistan and Kyrgyzstan agreed on 14 June 2022 to speed up "
        "construction of the railway section.\n\n"
        "15.06.2022\n\n"
        "The talks were held on June 14, 2022 in Tashkent, officials said.\n"
    )
    assert prepare(_item("txt", raw)).published is None


def test_prepare_leaves_published_null_without_any_date():
    doc = prepare(_item("txt", (BOILERPLATE / "breadcrumb.txt").read_text()))
    assert doc.published is None


def test_prepare_ignores_unparseable_published_field():
    doc = prepare(_item("txt", (BOILERPLATE / "breadcrumb.txt").read_text(), published="soon"))
    assert doc.published is None


def test_prepare_id_and_hash_follow_the_raw_content():
    raw = (BOILERPLATE / "breadcrumb.txt").read_text()
    first, same = prepare(_item("txt", raw)), prepare(_item("txt", raw))
    changed = prepare(_item("txt", raw + "\nOne more line of text.\n"))
    assert first.id == same.id and first.content_hash == same.content_hash
    assert changed.id != first.id
    assert first.id == f"doc-{first.content_hash[:16]}"


def test_prepare_rejects_text_that_is_all_boilerplate():
    with pytest.raises(InputRejected, match="no main text left") as caught:
        prepare(
            _item("txt", "Home / News / Politics\n\nShare\nTweet\n\n© 2024 Central Asia Wire\n")
        )
    assert caught.value.source == "article.txt"


def test_prepare_counts_words_of_cleaned_text():
    doc = prepare(_item("txt", (BOILERPLATE / "breadcrumb.txt").read_text()))
    assert doc.word_count == len(doc.text.split())


def test_prepare_labels_non_english_text():
    russian = (
        "Президент Узбекистана и Президент Кыргызстана провели переговоры в Ташкенте. Стороны "
        "обсудили вопросы торговли, транспорта и энергетики, а также культурные связи."
    )
    assert prepare(_item("txt", russian)).language == "ru"


def test_prepare_does_not_cite_its_own_outlet():
    raw = "BISHKEK — The presidents met on Thursday and agreed on a new trade programme, Kabar reports."
    doc = prepare(_item("txt", raw, outlet="Kabar"))
    assert doc.attributed_to == []
