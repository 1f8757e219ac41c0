"""Agreements: documents signed or to be signed, with their title as written.

A title is a document word (Declaration, Memorandum, Treaty, Programme ...)
with what follows it up to the end of its noun phrase: "Declaration on
Allied Relations", "programme of economic cooperation for 2024-2028",
"Memorandum of Understanding on a Joint Venture Fund". The status comes from
the clause: signed / ratified / planned / not signed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from accord.analyze.types import Mention, Sentence, TimeMention

_KINDS = {
    "declaration": "declaration", "memorandum": "memorandum", "treaty": "treaty",
    "programme": "programme", "program": "programme", "agreement": "agreement",
    "roadmap": "roadmap", "road map": "roadmap", "joint statement": "joint statement",
    "protocol": "protocol", "plan": "plan", "action plan": "plan", "concept": "concept",
    "convention": "convention", "charter": "charter", "communique": "communique",
    "communiqué": "communique", "strategy": "strategy", "contract": "contract",
}  # fmt: skip
_HEAD = (
    r"(?:Joint Statement|Road ?Map|Action Plan|Declaration|Memorandum|Treaty|Programme|Program|"
    r"Agreement|Protocol|Concept|Convention|Charter|Communiqu[eé]|Strategy)"
)
_TAIL_WORD = (
    r"(?:[A-Z][\w’'-]*|of|on|the|in|for|and(?!\s+(?:a|an|the)\b)|between|a|an|to|"
    r"\d{4}(?:[-–]\d{2,4})?)"
)
# Capitalised titles: "Declaration on Allied Relations", "Treaty on the State Border".
_TITLED = re.compile(
    rf"\b(?:(?:Joint|Comprehensive|Intergovernmental|Bilateral|Strategic|Framework)\s+)*{_HEAD}"
    rf"(?:\s+of\s+Understanding)?(?:\s+{_TAIL_WORD}){{0,10}}"
)
# Lower-case descriptions: "a programme of economic cooperation for 2024-2028", "a joint statement".
_DESCRIBED = re.compile(
    r"\b(?:joint statement|(?:(?:joint|comprehensive|new|bilateral|intergovernmental)\s+)*"
    r"(?:programme|program|roadmap|road map|memorandum|agreement|treaty|declaration|protocol|"
    r"action plan)\s+(?:of|on|for)\s+[\w’' -]{3,60}?(?=[,.;]|\s+(?:and|that|which|was|were|is|are|"
    r"will|has|have|between)\b|$))",
    re.I,
)
_SIGNED = re.compile(r"\b(?:signed|inked|concluded|adopted|exchanged|initialled|initialed)\b", re.I)
_RATIFIED = re.compile(r"\bratifi(?:ed|cation)\b", re.I)
_PLANNED = re.compile(
    r"\b(?:will|shall|to be|expected to|plans? to|agreed to (?:draw up|prepare|develop|sign)|"
    r"are preparing|is being prepared|draft|upcoming|should be signed|ready to sign)\b",
    re.I,
)
_NOT_SIGNED = re.compile(
    r"\b(?:did not|didn't|failed to|refused to|declined to|not) (?:sign|be signed)", re.I
)
_GENERIC = {
    "agreement",
    "agreements",
    "treaty",
    "declaration",
    "memorandum",
    "programme",
    "program",
    "document",
    "roadmap",
    "plan",
    "protocol",
}
_TRAILING = re.compile(r"(?:\s+(?:of|on|the|in|for|and|between|a|an|to))+$")


@dataclass(slots=True)
class FoundAgreement:
    title: str
    kind: str
    status: str
    start: int
    end: int
    sentence: int
    date: TimeMention | None
    parties: list[str]


def find_agreements(
    text: str, sentences: list[Sentence], mentions: list[Mention], times: list[TimeMention]
) -> list[FoundAgreement]:
    """Every named agreement in the text with its status, date and parties."""
    found: list[FoundAgreement] = []
    places = [(m.start, m.end) for m in mentions if m.kind in ("place", "country", "facility")]
    for sentence in sentences:
        spans = _titles(sentence, places)
        for start, end in spans:
            title = text[start:end]
            status = _status(sentence.text)
            if status is None:
                continue
            found.append(
                FoundAgreement(
                    title=title,
                    kind=_kind(title),
                    status=status,
                    start=start,
                    end=end,
                    sentence=sentence.index,
                    date=_date(sentence, times, status),
                    parties=_parties(sentence, mentions, start, end),
                )
            )
    return found


_WHERE_WHEN = re.compile(
    r"\s+(?:(?:in|at)\s+(?=[A-Z])|on\s+(?=(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday|January|February|March|April|May|June|July|August|September|October|November|"
    r"December|\d)))"
)


def _titles(
    sentence: Sentence, places: list[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pattern in (_TITLED, _DESCRIBED):
        for match in pattern.finditer(sentence.text):
            title = _cut_where_when(match.group(0), sentence.start + match.start(), places or [])
            title = _TRAILING.sub("", title.strip(" ,.;"))
            if title.lower() in _GENERIC or len(title) < 8:
                continue
            start = sentence.start + match.start()
            end = start + len(title)
            if all(end <= s or start >= e for s, e in spans):
                spans.append((start, end))
    return sorted(spans)


def _cut_where_when(title: str, offset: int, places: list[tuple[int, int]]) -> str:
    """'Declaration on Allied Relations in Bishkek on Thursday' -> the title before 'in Bishkek'."""
    for match in _WHERE_WHEN.finditer(title):
        after = offset + match.end()
        if match.group(0).strip().startswith("on") or any(s == after for s, _ in places):
            return title[: match.start()]
    return title


def _kind(title: str) -> str:
    lowered = title.lower()
    for phrase in sorted(_KINDS, key=len, reverse=True):
        if phrase in lowered:
            return _KINDS[phrase]
    return "agreement"


def _status(text: str) -> str | None:
    if _NOT_SIGNED.search(text):
        return "not signed"
    if _RATIFIED.search(text):
        return "ratified"
    planned = _PLANNED.search(text)
    signed = _SIGNED.search(text)
    if signed and not (planned and planned.start() < signed.start()):
        return "signed"
    if planned:
        return "planned"
    return None


def _date(sentence: Sentence, times: list[TimeMention], status: str) -> str | None:
    dated = [
        t
        for t in times
        if sentence.start <= t.start < sentence.end
        and t.value
        and t.kind == "date"
        and (status == "planned") == (t.tense == "future")
    ]
    return dated[0].value if dated else None


def _parties(sentence: Sentence, mentions: list[Mention], start: int, end: int) -> list[str]:
    """Countries and people of the sentence, outside the title itself."""
    inside = [
        m
        for m in mentions
        if sentence.start <= m.start < sentence.end
        and not (start <= m.start < end)
        and m.actor
        and m.kind in ("country", "person", "organization")
    ]
    return list(dict.fromkeys(m.actor for m in inside if m.actor))
