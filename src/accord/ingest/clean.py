"""Boilerplate removal for plain-text articles, with a record of every removed line.

Pages copied from news sites arrive as text with their furniture still in
place: breadcrumbs, bylines, "Read more" links, share buttons, photo credits,
tags, copyright lines, author footers and the headline printed twice. Main
text extractors need markup to find these, so plain text is cleaned here by
line rules. Each line gets at most one label (the first rule that matches);
unlabelled lines are the body. Rules that would also match real prose (date
lines, the headline, bylines) only apply in the header: the lines above the
first body paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from accord.ingest.pubdate import parse_date_line
from accord.models import RemovedLine

TITLE = "headline (kept as title)"
REPEATED_TITLE = "repeated headline"
DATE_LINE = "date line"
BYLINE = "byline"

_WORD = re.compile(r"[\w’'-]+")
_SENTENCE_END = re.compile(r"[.!?…\"”»)]\s*$")
_BREADCRUMB_SPLIT = re.compile(r"\s+(?:/|>|»|›|\||→)\s+")
_SHARE_WORDS = {
    "share", "shares", "tweet", "print", "email", "e-mail", "copy", "link", "copy link", "send",
    "facebook", "twitter", "x", "telegram", "whatsapp", "linkedin", "vk", "vkontakte", "ok",
    "odnoklassniki", "reddit", "viber", "on", "this", "article", "via", "pinterest", "messenger",
    "save", "bookmark", "comment", "comments", "like", "repost", "subscribe",
}  # fmt: skip
_STRONG_SHARE_WORDS = {
    "share", "shares", "tweet", "facebook", "twitter", "telegram", "whatsapp", "linkedin", "vk",
    "vkontakte", "odnoklassniki", "reddit", "viber", "pinterest", "messenger", "repost",
}  # fmt: skip
_NAV_WORDS = {
    "home", "menu", "search", "login", "log in", "sign in", "register", "subscribe", "advertisement",
    "ad", "sponsored", "newsletter", "back to top", "top", "next", "previous", "close", "more",
    "loading...", "skip to content", "main menu", "all news", "news feed", "latest news",
}  # fmt: skip
_READ_MORE = (
    r"^\s*(?:read (?:more|also|next)|also read|see also|related(?: articles| stories| news)?"
    r"|more on (?:this|the) topic|recommended|you may also like|most read|popular)"
)
# "Read more" alone on its line (or ending in a colon or arrow) links the headline below it.
_BARE_READ_MORE = re.compile(_READ_MORE + r"\s*(?:[:>»\-–—]\s*|\.{3}|…)?$", re.I)
_RULES_ANYWHERE: list[tuple[str, re.Pattern[str]]] = [
    ("read more link", re.compile(_READ_MORE + r"\b\s*(?:[:>»|\-–—].*|\.{3}|…)?$", re.I)),
    ("photo credit", re.compile(
        r"^\s*[\[(]?\s*(?:photos?|photo credit|photograph|image|picture|pictured|video|фото)"
        r"(?:\s+(?:by|credit|courtesy(?: of)?|source))?\s*[:©\-–—]", re.I)),
    ("photo credit", re.compile(r"^\s*[\[(]?\s*(?:photo|image|video)\b[^.]{0,80}[)\]]?\s*$", re.I)),
    ("photo credit", re.compile(r"(?:/|\|)\s*(?:photo|фото)\s*[)\]]?\s*$", re.I)),
    ("caption", re.compile(
        r"^\s*(?:caption|illustrative (?:image|photo)|file photo|archive photo|illustration)\b"
        r"\s*[:\-–—]?", re.I)),
    ("caption", re.compile(r"^\s*flags? of\b[^.!?]{0,100}$", re.I)),
    ("tags", re.compile(r"^\s*(?:tags?|tagged|keywords|topics?|categories|category)\s*:", re.I)),
    ("copyright", re.compile(
        r"©|\(c\)\s*(?:19|20)\d\d|^\s*copyright\b(?=[^.]{0,60}(?:\(c\)|\b(?:19|20)\d\d\b))"
        r"|all rights reserved"
        r"|reproduction[^.]{0,60}(?:prohibited|permitted only)|when (?:using|quoting)[^.]{0,60}"
        r"(?:link|reference)[^.]{0,40}(?:required|mandatory)", re.I)),
    ("counter", re.compile(r"^\s*(?:views?|comments?|reads?|просмотров)\s*[:\-]?\s*\d[\d\s,.]*$", re.I)),
    ("subscription prompt", re.compile(
        r"^\s*(?:subscribe|follow|join us|sign up)\b[^.!?]{0,120}"
        r"(?:telegram|channel|newsletter|facebook|twitter|instagram|youtube|whatsapp|updates)", re.I)),
    ("byline", re.compile(
        r"^\s*(?:reporting|writing|editing|additional reporting)\s+by\b[^.]{0,150}\.?$", re.I)),
]  # fmt: skip
_BYLINE = re.compile(
    r"^\s*(?:by|author|authors|written by|text by|story by|words by|автор)\s*[:\-–—]?\s+"
    r"(?P<names>[^\d|·•]{2,120}?)\s*(?:[|·•].*)?$",
    re.I,
)
# "About the author" / "About Aziz Karimov"; a subheading such as "About the railway" is
# not a footer, so the name form needs capitalised words.
_ABOUT = re.compile(
    r"^\s*(?:[Aa]bout(?: the)? author|ABOUT THE AUTHOR)\b|^\s*About\s+(?:[A-Z][\w’'-]+\s*){1,4}:?$"
)
_BIO = re.compile(
    r"^\s*[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3}\s+(?:is|has been|was)\s+an?\s+(?:[\w-]+\s+){0,4}"
    r"(?:journalist|correspondent|reporter|editor|writer|columnist|analyst|contributor)\b",
)
_COPYRIGHT_HOLDER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s+)?"
    # a dot only inside a word ('Kun.uz'): 'Caspian Ledger. All rights reserved.' ends at it
    r"(?P<name>[A-Z][\w&'’-]*(?:\.[\w&'’-]+)*(?:\s+[A-Z][\w&'’-]*(?:\.[\w&'’-]+)*){0,4}?)"
    r"(?=\s*(?:[,.]|(?:19|20)\d\d|$))",
    re.I,
)
# What follows the names in "By Aziz Karimov, Central Asia Wire" or "..., Bishkek".
_AFFILIATION = re.compile(
    r",\s*(?:(?:[A-Z][\w.'’-]*\s+){0,4}(?:Wire|News|Times|Courier|Review|Monitor|Herald|Post|Daily"
    r"|Agency|Press|Service|Today|Gazette|Journal|Tribune|Observer|Bureau)\b"
    r"|[\w\s]{0,30}\b(?:correspondent|reporter|staff|editor)\b|[A-Z][a-z]+\s*$).*$",
    re.S,
)
_HEADER_SCAN_LIMIT = 15


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the raw text and the label the cleaner gave it (``None``: body)."""

    number: int
    text: str
    label: str | None = None


@dataclass(slots=True)
class Cleaned:
    """The cleaned text, the labelled lines it came from, and what was removed."""

    text: str
    lines: list[Line]
    removed: list[RemovedLine] = field(default_factory=list)
    title: str | None = None
    published: str | None = None
    bylines: list[str] = field(default_factory=list)
    outlet: str | None = None


def clean_text(raw: str, known_title: str | None = None) -> Cleaned:
    """Remove boilerplate lines from ``raw``; keep the headline and header date as metadata.

    ``known_title`` (from markup or a JSON field) marks lines repeating it as boilerplate.
    """
    texts = _normalise_newlines(raw).split("\n")
    labels: list[str | None] = [_label_anywhere(line) for line in texts]
    _label_followers(texts, labels)
    body_start = _first_body_line(texts, labels)
    masthead = _label_masthead(texts, labels, body_start)
    title = _label_header(texts, labels, body_start, known_title)
    _label_repeats(texts, labels, title or known_title)
    lines = [
        Line(i + 1, text, label) for i, (text, label) in enumerate(zip(texts, labels, strict=True))
    ]
    removed = [
        RemovedLine(line=ln.number, text=ln.text.strip(), reason=ln.label)
        for ln in lines
        if ln.label
    ]
    published = next((parse_date_line(ln.text) for ln in lines if ln.label == DATE_LINE), None)
    bylines = [ln.text.strip() for ln in lines if ln.label == BYLINE]
    return Cleaned(
        text=_join_body(lines),
        lines=lines,
        removed=removed,
        title=title,
        published=published,
        bylines=bylines,
        outlet=masthead or _copyright_holder(texts, labels),
    )


def byline_names(byline: str) -> list[str]:
    """Author names in a byline such as 'By Aziz Karimov and Elena Petrova, Central Asia Wire'."""
    match = _BYLINE.match(byline)
    if match:
        names = match.group("names")
    else:
        names = re.sub(
            r"^\s*(?:reporting|writing|editing|additional reporting)\s+by\s+",
            "",
            byline,
            flags=re.I,
        )
        names = re.split(r";|\bediting by\b", names, flags=re.I)[0]
    names = _AFFILIATION.sub("", names)
    parts = re.split(r"\s*(?:,|&|\band\b)\s*", names.strip(" .,;:"))
    return [p.strip(" .") for p in parts if _looks_like_name(p.strip(" ."))]


def _normalise_newlines(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u00a0", " ").replace("\ufeff", "")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _label_anywhere(line: str) -> str | None:
    stripped = line.strip()
    if not stripped:
        return None
    for reason, pattern in _RULES_ANYWHERE:
        if pattern.search(stripped):
            return reason
    if _is_share_line(stripped):
        return "share buttons"
    if _is_breadcrumb(stripped):
        return "breadcrumb"
    if stripped.lower().strip(" :.»)") in _NAV_WORDS:
        return "navigation"
    if _ABOUT.match(stripped):
        return "author footer"
    return None


def _label_followers(texts: list[str], labels: list[str | None]) -> None:
    """Lines that are boilerplate because of the line before them.

    A bare "Read more:" is followed by the linked headline; an "About the
    author" line by a short biography paragraph.
    """
    for i, label in enumerate(labels):
        if label not in ("read more link", "author footer"):
            continue
        j = _next_nonblank(texts, i + 1)
        if j is None or labels[j]:
            continue
        following = texts[j].strip()
        if (
            label == "read more link"
            and _BARE_READ_MORE.match(texts[i])
            and len(_WORD.findall(following)) <= 25
            and not _SENTENCE_END.search(following)
        ):
            labels[j] = "read more link"
        elif label == "author footer" and len(_WORD.findall(following)) <= 80:
            labels[j] = "author footer"
    # A biography line at the very end is a footer even without an "About" line before it.
    last = _last_nonblank(texts)
    if last is not None and labels[last] is None and _BIO.match(texts[last]):
        labels[last] = "author footer"


def _first_body_line(texts: list[str], labels: list[str | None]) -> int:
    """Index of the first line that reads as a paragraph of prose."""
    for i, (text, label) in enumerate(zip(texts, labels, strict=True)):
        if label or not text.strip():
            continue
        words = _WORD.findall(text)
        if len(words) >= 12 and _SENTENCE_END.search(text):
            return i
        if len(words) >= 25:
            return i
    return len(texts)


def _label_header(
    texts: list[str], labels: list[str | None], body_start: int, known_title: str | None
) -> str | None:
    """Label date lines, bylines and the headline above the first paragraph; return the title."""
    title: str | None = None
    # The header ends before the body or at the (_HEADER_SCAN_LIMIT + 1)th line it keeps.
    # Only kept lines count: lines removed here or elsewhere are gone from a cleaned text,
    # so cleaning a cleaned text scans the same kept lines and stops at the same place.
    kept = 0
    for i in range(min(body_start, len(texts))):
        text = texts[i].strip()
        if labels[i] or not text:
            continue
        if parse_date_line(text):
            labels[i] = DATE_LINE
        elif _BYLINE.match(text) and byline_names(text):
            labels[i] = BYLINE
        elif known_title and _same_text(text, known_title):
            labels[i] = REPEATED_TITLE
        elif len(_WORD.findall(text)) <= 2 and not _SENTENCE_END.search(text):
            labels[i] = "section label"
        elif title is None and known_title is None and _looks_like_headline(text):
            labels[i] = TITLE
            title = text
        else:
            kept += 1
            if kept > _HEADER_SCAN_LIMIT:
                break
    return title


def _label_masthead(texts: list[str], labels: list[str | None], body_start: int) -> str | None:
    """Label the outlet's name printed above everything else; return it.

    A short name-like first line is a masthead when navigation follows it or
    when the outlet names itself again further down (copyright, "Follow ...").
    """
    first = _next_nonblank(texts, 0)
    if first is None or first >= body_start or labels[first]:
        return None
    name = texts[first].strip()
    if not _looks_like_name(name) or len(name.split()) > 5:
        return None
    following = _next_nonblank(texts, first + 1)
    navigation_follows = following is not None and labels[following] in ("breadcrumb", "navigation")
    named_again = any(
        name.lower() in text.lower() for i, text in enumerate(texts) if labels[i] and i != first
    )
    if not (navigation_follows or named_again):
        return None
    labels[first] = "masthead (kept as outlet)"
    return name


def _copyright_holder(texts: list[str], labels: list[str | None]) -> str | None:
    """The outlet named in a copyright line: '© 2024 Turkic World Review'."""
    for text, label in zip(texts, labels, strict=True):
        if label != "copyright":
            continue
        match = _COPYRIGHT_HOLDER.search(text)
        if match and _looks_like_name(match.group("name")):
            return match.group("name")
    return None


def _label_repeats(texts: list[str], labels: list[str | None], title: str | None) -> None:
    if not title:
        return
    for i, text in enumerate(texts):
        if labels[i] is None and text.strip() and _same_text(text, title):
            labels[i] = REPEATED_TITLE


def _join_body(lines: list[Line]) -> str:
    """Body lines joined; runs of blank or removed lines become one paragraph break."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.label is None and line.text.strip():
            paragraphs[-1].append(line.text.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\n".join(p) for p in paragraphs if p)


def _is_breadcrumb(line: str) -> bool:
    parts = _BREADCRUMB_SPLIT.split(line)
    if len(parts) < 2 or (_SENTENCE_END.search(line) and not line.endswith(")")):
        return False
    if any(len(_WORD.findall(p)) > 5 or not p.strip() for p in parts):
        return False
    return len(parts) >= 3 or parts[0].strip().lower() in {"home", "main", "news", "main page"}


def _is_share_line(line: str) -> bool:
    words = [w.lower() for w in re.findall(r"[\w-]+", line)]
    if not words or len(words) > 8 or not _STRONG_SHARE_WORDS.intersection(words):
        return False
    return all(w in _SHARE_WORDS or w.isdigit() for w in words)


def _looks_like_headline(text: str) -> bool:
    words = _WORD.findall(text)
    return 3 <= len(words) <= 30 and not re.search(r"[.:;,]\s*$", text)


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 5 and all(
        w[:1].isupper() or w.lower() in {"de", "van", "von", "al", "bin", "ibn"} for w in words
    )


def _same_text(a: str, b: str) -> bool:
    def key(s: str) -> str:
        return " ".join(_WORD.findall(s.lower()))

    return bool(key(a)) and key(a) == key(b)


def _next_nonblank(texts: list[str], start: int) -> int | None:
    return next((j for j in range(start, len(texts)) if texts[j].strip()), None)


def _last_nonblank(texts: list[str]) -> int | None:
    return next((j for j in range(len(texts) - 1, -1, -1) if texts[j].strip()), None)
