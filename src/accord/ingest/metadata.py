"""Document metadata read from the text itself: dateline, cited agencies, outlet.

Used for every document; markup or JSON fields, when present, take precedence
for title, date, authors and outlet (see :mod:`accord.ingest.prepare`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Wire copy opens with the place in capitals, optionally followed by country,
# date and agency, then a dash or full stop: "TASHKENT, Uzbekistan, June 14. "
# "BISHKEK —", "BISHKEK, Jan 27 (Central Asia Wire) -".
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.\-]+(?:[ \-][A-Z][A-Z'’.\-]+){0,3})"
    r"(?P<rest>(?:,\s*[A-Z][\w'’.\-]*(?:\s+[\w'’.\-]+){0,3})*)"
    r"\s*(?:\((?P<agency>[^)]{2,60})\))?\s*(?:[.:]\s+|\s*[—–\-]{1,2}\s*)",
)
# Head words of a body that speaks for an institution: "the Kyrgyz Ministry of Health",
# "Uzbekistan Railways", "the Bishkek city police department", "the ministry's press service".
_AGENCY_WORDS = (
    r"(?i:press service|press office|news agency|agency|ministry|information service"
    r"|press secretary|spokesperson|service|department|committee|railways|association"
    r"|administration|commission|office)"
)
_WORDPART = r"[A-Z][\w’'\-]*(?:\.[A-Z][\w’'\-]*)*"  # "UzA", "Kun.uz" but no sentence stop
_NAME = rf"{_WORDPART}(?:\s+(?:of\s+the\s+|of\s+)?{_WORDPART}){{0,6}}"
# "... of the Uzbek leader", "... under the President of Uzbekistan",
# "... of the State Committee for National Security of Kyrgyzstan"
_OF_TAIL = r"(?:\s+(?:of|under|for)\s+(?:the\s+)?(?:[\w’'-]+ ){0,7}?[\w’'-]+)?"
_AGENCY = rf"(?:the\s+)?[\w ’'-]{{0,40}}?{_AGENCY_WORDS}{_OF_TAIL}"
# Attribution closes the sentence or clause: "..., the ministry said on Monday."
_SAID = (
    r"\s+(?:reports|reported|informs|informed|said|says|writes|wrote|announced|stated)"
    r"(?:\s+on\s+[A-Z][a-z]+day|\s+today|\s+yesterday)?\s*[.,]"
)
# Where a cited name ends when no reporting verb follows it.
_CLAUSE_END = r"(?=\s*(?:[.,;:)]|$)|\s+(?:on|in|at|that|and|as|to|about)\b)"
_ATTRIBUTION = [
    # "..., Kabar reports." / "..., the presidential press service reported."
    re.compile(
        rf",\s+(?P<a>(?:the\s+)?{_NAME})\s+(?:reports|reported|informs|informed|writes)\s*[.]"
    ),
    re.compile(rf",\s+(?P<a>{_AGENCY}){_SAID}"),
    # "Kabar reports with reference to the presidential press service"
    re.compile(
        rf"(?P<a>\b{_NAME})\s+(?:reports|reported|informs|writes)\s+"
        r"(?:with reference to|citing|quoting)\b"
    ),
    # "Silk Road Monitor reports citing Kabar": a reporting outlet names its own source
    re.compile(
        rf"\b(?:reports|reported|informs|writes)\s+(?:with reference to|citing|quoting)\s+"
        rf"(?P<a>{_NAME})"
    ),
    re.compile(rf"\b(?:with reference to|citing|quoting)\s+(?P<a>{_AGENCY}){_CLAUSE_END}"),
    # "a readout released by the Kyrgyz presidential press service"
    re.compile(
        rf"\b(?:released|issued|published|distributed|circulated)\s+by\s+(?P<a>{_AGENCY})"
        rf"{_CLAUSE_END}"
    ),
    # "The presidential press service reported that ..."
    re.compile(
        rf"(?:^|[.!?]\s+)(?:The|the)\s+(?P<a>[\w ’'-]{{0,40}}?{_AGENCY_WORDS}{_OF_TAIL})"
        r"\s+(?:reports|reported|informs|informed|said|says|announced)\b"
    ),
    # "according to UzA" / "according to the Statistics Agency under the President of ..."
    re.compile(
        rf"\b[Aa]ccording to\s+(?P<a>{_AGENCY}|(?:the\s+)?[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){{0,2}})"
        r"\s*[,.]"
    ),
    # "(Kabar)." at the end of a paragraph, or "Source: Kabar"
    re.compile(r"\((?P<a>[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,3})\)\.?\s*$", re.M),
    re.compile(r"^\s*(?:Source|Sources|Via)\s*:\s*(?P<a>[^\n]{2,80}?)\s*$", re.M | re.I),
]
_PERSON_HINT = re.compile(r"\b(?:President|Minister|Mr|Ms|Mrs|Dr|Chairman|Ambassador)\b")
_DETERMINERS = {"The", "A", "An", "This", "That", "Our", "Their", "His", "Her", "Its", "By"}
_NOT_AGENCY = {
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "officials",
    "sources",
    "experts",
    "media",
    "reports",
    "data",
    "the data",
    "statistics",
}


@dataclass(slots=True)
class TextMetadata:
    """What the text says about itself."""

    dateline: str | None = None
    outlet: str | None = None
    attributed_to: list[str] = field(default_factory=list)


def text_metadata(text: str) -> TextMetadata:
    """Dateline, wire agency and cited sources of a cleaned text."""
    meta = TextMetadata()
    first = text.lstrip()[:300]
    match = _DATELINE.match(first)
    if match and len(match.group("place")) >= 3 and _is_upper_place(match.group("place")):
        meta.dateline = match.group("place").strip(" .")
        if match.group("agency"):
            meta.outlet = match.group("agency").strip()
    meta.attributed_to = _attributions(text)
    return meta


def _is_upper_place(place: str) -> bool:
    letters = [c for c in place if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _attributions(text: str) -> list[str]:
    found: list[str] = []
    for pattern in _ATTRIBUTION:
        for match in pattern.finditer(text):
            agency = _tidy(match.group("a"))
            if (
                agency
                and agency.lower() not in {a.lower() for a in found}
                and not _is_surname(agency, text)
            ):
                found.append(agency)
    return found


def _is_surname(name: str, text: str) -> bool:
    """A one-word source the text elsewhere prints after a first name or title is a person.

    "According to Usenov" cites a man the text introduced as "Almazbek Usenov";
    "according to Kabar" cites an agency that never follows another name.
    """
    if " " in name:
        return False
    before = re.finditer(rf"\b([A-Z][\w’'-]*)\s+{re.escape(name)}\b", text)
    return any(m.group(1) not in _DETERMINERS for m in before)


def _tidy(agency: str) -> str | None:
    agency = re.sub(r"\s+", " ", agency).strip(" ,.;:")
    agency = re.sub(r"^(?:the|The)\s+", "", agency)
    if not agency or agency.lower() in _NOT_AGENCY or len(agency) > 80:
        return None
    if re.fullmatch(_AGENCY_WORDS, agency, re.I):  # "the press service" alone names nobody
        return None
    if _PERSON_HINT.search(agency) and not re.search(_AGENCY_WORDS, agency, re.I):
        return None
    if not (agency[0].isupper() or re.search(_AGENCY_WORDS, agency, re.I)):
        return None
    return agency
