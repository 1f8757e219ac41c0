"""One raw item in, one clean :class:`~accord.models.Document` out.

Main text and metadata come from markup when there is markup (trafilatura),
from JSON fields when the input carried them, and from the text itself
otherwise. Precedence for each field: explicit JSON/feed field > markup >
text header. A field none of them gives stays null.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import trafilatura
from lxml import html as lxml_html

from accord.errors import InputRejected
from accord.ingest.clean import byline_names, clean_text
from accord.ingest.language import detect_language
from accord.ingest.metadata import text_metadata
from accord.ingest.pubdate import find_datetime
from accord.ingest.sources import RawItem
from accord.models import Document

_PUBLISHED_META = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@property='og:published_time']/@content",
    "//meta[@name='pubdate']/@content",
    "//meta[@name='publishdate']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//time[@itemprop='datePublished']/@datetime",
    "//time[@pubdate]/@datetime",
)


@dataclass(slots=True)
class _Extracted:
    text: str
    title: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    url: str | None = None


def prepare(item: RawItem) -> Document:
    """Extract, clean and describe ``item``; raise :class:`InputRejected` if no text remains."""
    if item.format == "html":
        extracted = _from_html(item)
    elif item.format == "md":
        extracted = _Extracted(text=markdown_to_text(item.content))
    else:
        extracted = _Extracted(text=item.content)
    hints = item.hints
    known_title = _text_or_none(hints.get("title")) or extracted.title
    cleaned = clean_text(extracted.text, known_title=known_title)
    if not cleaned.text.strip():
        raise InputRejected(item.source, "no main text left after removing boilerplate")
    meta = text_metadata(cleaned.text)
    authors = (
        _authors(hints.get("authors"))
        or extracted.authors
        or [name for line in cleaned.bylines for name in byline_names(line)]
    )
    outlet = _text_or_none(hints.get("outlet")) or extracted.outlet or cleaned.outlet or meta.outlet
    attributed = [a for a in meta.attributed_to if not outlet or a.lower() != outlet.lower()]
    if meta.outlet and outlet and meta.outlet.lower() != outlet.lower():
        attributed.insert(0, meta.outlet)
    digest = hashlib.sha256(item.content.encode("utf-8")).hexdigest()
    return Document(
        id=f"doc-{digest[:16]}",
        source=item.source,
        title=known_title or cleaned.title,
        published=_published(hints.get("published")) or extracted.published or cleaned.published,
        outlet=outlet,
        authors=_unique(authors),
        dateline=meta.dateline,
        attributed_to=_unique(attributed),
        language=detect_language(cleaned.text),
        url=_text_or_none(hints.get("url")) or extracted.url,
        format=item.format,
        content_hash=digest,
        word_count=len(cleaned.text.split()),
        text=cleaned.text,
        removed=cleaned.removed,
    )


def markdown_to_text(markdown: str) -> str:
    """Plain text of a Markdown article: markers dropped, link text kept, images dropped.

    Patterns match spaces and tabs, never newlines, so paragraph breaks survive.
    """
    text = re.sub(r"^[ \t]{0,3}#{1,6}[ \t]+", "", markdown, flags=re.M)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])", r"\2", text)
    text = re.sub(r"^[ \t]{0,3}>[ \t]?", "", text, flags=re.M)
    text = re.sub(r"^[ \t]{0,3}(?:[-*_][ \t]*){3,}$", "", text, flags=re.M)
    return text


def _from_html(item: RawItem) -> _Extracted:
    try:
        result = trafilatura.bare_extraction(
            item.content,
            url=item.hints.get("url"),
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura raises many parser errors on broken markup
        raise InputRejected(item.source, f"cannot parse HTML: {exc}") from exc
    if result is None or not (result.text or "").strip():
        raise InputRejected(item.source, "no main text found in the HTML")
    # trafilatura puts one block (paragraph, heading, list item) per line.
    text = "\n\n".join(line for line in result.text.split("\n") if line.strip())
    return _Extracted(
        text=text,
        title=_text_or_none(result.title),
        published=_html_published(item.content, result.date),
        authors=_authors(result.author),
        outlet=_text_or_none(result.sitename),
        url=_text_or_none(result.url),
    )


def _html_published(content: str, day: str | None) -> str | None:
    """The page's publication time: the meta datetime when it agrees with trafilatura's day."""
    try:
        tree = lxml_html.fromstring(content.encode("utf-8"))
    except (ValueError, lxml_html.etree.ParserError):
        return day
    for xpath in _PUBLISHED_META:
        for value in tree.xpath(xpath):
            found = find_datetime(str(value))
            if found and (day is None or found.value.startswith(day)):
                return found.value
    return day


def _published(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    found = find_datetime(value)
    if found:
        return found.value
    return _rfc822(value)


def _rfc822(value: str) -> str | None:
    """Feed dates such as 'Tue, 14 Jun 2022 09:15:00 +0500'."""
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _authors(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    if isinstance(value, str) and value.strip():
        return [p.strip() for p in re.split(r"\s*(?:;|,|\band\b)\s*", value) if p.strip()]
    return []


def _text_or_none(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _unique(values: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.lower(), value)
    return list(seen.values())
