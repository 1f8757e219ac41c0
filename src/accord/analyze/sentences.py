"""Paragraph-aware sentence splitting without a statistical model.

Used when no spaCy model is installed (degraded mode) and by unit tests that
need sentences without loading a model. Paragraphs (blank-line separated)
always end sentences; within a paragraph a sentence ends at . ! ? (or a
closing quote after them) followed by a space and an upper-case letter,
a digit or an opening quote, except after common abbreviations and initials.
A paragraph ending in ':' (a speech introduction) is its own sentence.
"""

from __future__ import annotations

import re

from accord.analyze.types import Sentence

_PARAGRAPH = re.compile(r"\n[ \t]*\n+")
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"”’»)]*\s+(?=[\"“‘«(]?[A-Z0-9–—-])")
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "st", "jr", "sr", "no", "vs",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s",
    "u.k", "u.n", "e.g", "i.e", "etc", "approx", "est", "inc", "ltd", "co", "corp", "dept", "gov",
    "sen", "rep", "amb", "pres",
}  # fmt: skip


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` with offsets, never crossing a paragraph break."""
    sentences: list[Sentence] = []
    for paragraph, (p_start, p_end) in enumerate(_paragraphs(text)):
        start = p_start
        for match in _BOUNDARY.finditer(text, p_start, p_end):
            cut = match.start()
            if _is_abbreviation(text, start, cut):
                continue
            _append(sentences, text, start, match.start() + len(match.group(0).rstrip()), paragraph)
            start = match.end()
        _append(sentences, text, start, p_end, paragraph)
    return sentences


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _PARAGRAPH.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _is_abbreviation(text: str, start: int, cut: int) -> bool:
    """True if the full stop before ``cut`` ends an abbreviation or an initial."""
    if text[cut - 1] != ".":
        return False
    word = re.search(r"([\w.]+)\.$", text[start:cut])
    if not word:
        return False
    token = word.group(1).lower()
    # Initials, including the Uzbek and Russian digraph initials "Sh.", "Ch.", "Zh.", "Kh.".
    initial = len(token) == 1 or token in {"sh", "ch", "zh", "kh", "ts", "yu", "ya", "yo"}
    return token in _ABBREVIATIONS or (initial and token.isalpha())


def _append(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(
            Sentence(
                index=len(sentences),
                start=start,
                end=end,
                text=text[start:end],
                paragraph=paragraph,
            )
        )
