"""Surface patterns for actor mentions that no model or table finds: titles, facilities, bodies.

Regular expressions over the cleaned text, compiled once at import. Each
finder returns spans (start, end, ...) in text offsets; deciding what the
spans mean is left to :mod:`accord.analyze.actors`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CAP = r"[A-Z][\w’'\-]*"
# a name word, hyphenated parts capitalised or not ('Kassym-Zhomart', 'Abdul-Aziz', 'Ould-abdallah')
_NAME_TOKEN = r"(?:[A-Z][a-zà-ÿ’']+(?:-[A-Za-zà-ÿ’']+)*-?|[A-Z]\.|[A-Z][a-z]?\.)"

# Titles, longest first so "Deputy Prime Minister" wins over "Prime Minister".
TITLES = sorted(
    [
        "President", "Vice President", "Vice-President", "Prime Minister", "Deputy Prime Minister",
        "First Deputy Prime Minister", "Foreign Minister", "Minister of Foreign Affairs",
        "Deputy Foreign Minister", "Minister", "Ambassador", "Chairman of the Cabinet of Ministers",
        "Chairman", "Chairwoman", "Chair", "Speaker", "Secretary-General", "Secretary General",
        "Secretary of State", "King", "Queen", "Emir", "Crown Prince", "Chancellor",
        "Head of the Presidential Administration", "Special Representative", "Spokesperson",
        "Spokesman", "Spokeswoman", "Press Secretary", "Governor", "Mayor", "Hokim", "Akim",
        "Deputy Minister", "Minister of Energy", "Minister of Economy", "Minister of Transport",
        "Minister of Defence", "Minister of Defense", "Minister of Investment", "Senator",
        "Chairman of the Halk Maslahaty", "Chairman of the Senate", "Mr.", "Mrs.", "Ms.", "Mr",
        "Mrs", "Ms", "Dr.", "General",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
HEAD_OF_STATE_TITLES = {"president", "king", "queen", "emir", "leader", "head of state"}
_TITLE_RE = "|".join(re.escape(t) for t in TITLES)

_MINISTRY_FIELDS = (
    r"(?:Foreign Affairs|Health|Energy|Economy|Economic Development|Finance|Transport|Defen[cs]e|"
    r"Agriculture|Culture|Education|Justice|Internal Affairs|Interior|Water Resources|"
    r"Emergency Situations|Investments?(?:,? Industry and Trade)?|Industry and Trade|Trade|"
    r"Digital Development|Construction|Labour|Labor|Tourism|Natural Resources|Ecology)"
)
_NOT_TITLE_WORD = r"(?!(?:Deputy|First|Vice|Prime|Foreign|Crown|Special|Press|Secretary)\b)"
_TITLE_FULL = rf"(?:(?:Deputy |First Deputy )?Minister of (?:the )?{_MINISTRY_FIELDS}|{_TITLE_RE})"
# "President of Uzbekistan Shavkat Mirziyoyev", "President of the Republic of Uzbekistan ...",
# "Uzbek President Mirziyoyev", "Kyrgyz Foreign Minister Jeenbek Kulubaev", "Kazakhstan's
# President ...": a title phrase right before a name.
TITLE_BEFORE = re.compile(
    rf"(?:{_NOT_TITLE_WORD}(?P<adj>[A-Z][\w’']*(?:-[A-Z][\w’']*)?)(?:['’]s)?\s+)?(?P<title>{_TITLE_FULL})"
    rf"(?:\s+of\s+(?:the\s+)?(?P<of>{_CAP}(?:\s+(?:of\s+)?{_CAP}){{0,3}}))?\s+$"
)
# "Mirziyoyev, the President of Uzbekistan," / "Gurbanguly Berdimuhamedow, Chairman of ..."
TITLE_AFTER = re.compile(
    rf"^,\s+(?:the\s+|who\s+is\s+(?:the\s+)?)?(?:{_NOT_TITLE_WORD}(?P<adj>{_CAP})\s+)?(?P<title>{_TITLE_FULL})"
    rf"(?:\s+of\s+(?:the\s+)?(?P<of>{_CAP}(?:\s+(?:of\s+)?{_CAP}){{0,3}}))?"
)
# A title followed by capitalised name tokens: "President Mirziyoyev", "Mr. Japarov".
TITLED_NAME = re.compile(
    rf"\b(?P<title>{_TITLE_FULL})(?:[ ]+(?:to|of)[ ]+(?:the[ ]+)?{_CAP}(?:[ ]+{_CAP})??)??"
    rf"[ ]+(?P<name>{_NAME_TOKEN}(?:[ ]+{_NAME_TOKEN}){{0,3}})"
)
# "the mayor of Osh, Bolot Asanov": a lower-case office, its place, a comma, the name.
APPOSITIVE_NAME = re.compile(
    r"\b(?:mayor|governor|hokim|akim|ambassador|director|head|chairman|chairwoman|chair|"
    r"minister|spokesperson|spokesman|spokeswoman|rector|president|secretary|envoy|consul)"
    rf"\s+(?:of|to)\s+(?:the\s+)?{_CAP}(?:[ -]{_CAP}){{0,3}},\s+"
    rf"(?P<name>{_NAME_TOKEN}(?:[ ]+{_NAME_TOKEN}){{1,2}})\b"
)
# '..., said Akmal Rasulov, the director': a full name right after a speech verb.
SAID_NAME = re.compile(
    r"\b(?:said|says|noted|added|told|stressed|explained|recalled|remarked)\s+"
    rf"(?P<name>{_NAME_TOKEN}(?:[ ]+{_NAME_TOKEN}){{1,2}})(?=\s*[,.;]|\s+(?:on|in|at|to)\b)"
)
# Forms of address: "Shavkat Miromonovich", "Sadyr Nurgozhoevich", "Ilham Heydar oglu".
PATRONYMIC = re.compile(
    r"\b(?P<name>[A-Z][a-z’'\-]+\s+(?:[A-Z][a-z’'\-]+(?:ovich|evich|ovna|evna|ogly|oglu|uly|kyzy|"
    r"qizi|kizi|gyzy)|[A-Z][a-z’'\-]+\s+(?:oglu|ogly|qizi|kyzy|uly)))\b"
)
# Role-only references: "the Kyrgyz leader", "the Uzbek president", "the head of state".
ROLE_ONLY = re.compile(
    r"\b(?P<det>[Tt]he|[Hh]is|[Hh]er)\s+(?:(?P<adj>[A-Z][\w’'\-]*)\s+)?"
    r"(?P<role>leader|president|head of state|prime minister|foreign minister|counterpart)\b"
)

# "the President of Kyrgyzstan", "the Prime Minister of the Kyrgyz Republic".
ROLE_OF = re.compile(
    r"\b(?P<det>[Tt]he)\s+(?P<role>President|Prime Minister|Foreign Minister|leader|head of state)"
    r"\s+of\s+(?:the\s+)?(?P<adj>[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,2})"
)
# "the two presidents", "both leaders": every head of state the document names, when two.
GROUP = re.compile(
    r"\b(?:[Tt]he\s+(?:two\s+)?|[Bb]oth\s+)(?P<group>presidents|leaders|heads of state)\b"
)

_FACILITY_HEAD = (
    r"(?:International\s+Airport|Airport|Theatre|Theater|University|School|Lyceum|Stadium|Square|"
    r"Street|Avenue|Park|Museum|Palace|Residence|Hall|Mosque|Mausoleum|Monument|Hospital|Library|"
    r"Bridge|Railway\s+Station|Station|Arena|Memorial|Hotel|Airbase|Air\s+Base|Reservoir|Canal|"
    r"Dam|Hydropower\s+Plant|Power\s+Plant|Plant|Factory|Institute|Academy|Cathedral|Gallery|"
    r"Philharmonic|Conservatory|Opera|Circus|Bazaar|Market)"
)
FACILITY_NAMED = re.compile(
    rf"\b(?:(?:{_CAP}|[A-Z]\.)[ ]+){{1,5}}{_FACILITY_HEAD}\b(?:[ ]+of[ ]+(?:{_CAP}[ ]+(?:and[ ]+)?){{0,3}}{_CAP})?"
)
FACILITY_LOWER = re.compile(
    rf"\b(?:{_CAP}(?:[ ]+{_CAP})?[ ]+)(?:state[ ]+residence|residence|airport|hydropower[ ]+plant|"
    rf"reservoir|canal|dam|stadium|theatre|bridge|memorial[ ]+complex|memorial|mausoleum|"
    rf"museum|monument|checkpoint|border[ ]+post|district|region|province|oblast)\b"
)
FACILITY_AFTER = re.compile(
    r"\b(?:an?\s+|the\s+)?(?:new\s+)?(?:school|lyceum|university|street|avenue|park|theatre|theater|"
    r"library|museum|hospital|square|stadium|institute|academy|centre|center)"
    r"(?:\s+\w+){0,2}?\s+named\s+after\s+[A-Z][\w’'\-]*(?:[ ]+(?:[A-Z]\.[ ]+)?[A-Z][\w’'\-]*){0,3}"
)

_INSTITUTION_HEAD = (
    r"(?:Council|Commission|Committee|Fund|Chamber|Working\s+Group|Board|Agency|Ministry|Bank|"
    r"Corporation|Company|Centre|Center|Service|Parliament|Senate|Assembly|Court|Administration|"
    r"Secretariat|Cabinet\s+of\s+Ministers|Kenesh|Majlis|Maslahaty|Mejlis|Office)"
)
INSTITUTION_NAMED = re.compile(
    rf"\b(?:{_CAP}['’]s[ ]+)?(?:{_CAP}[ ]+)*{_INSTITUTION_HEAD}"
    rf"(?:[ ]+(?:on|of|for|under)[ ]+(?:the[ ]+)?{_CAP}(?:[ ]+(?:{_CAP}|and|of|the|for)){{0,8}})?"
)
INSTITUTION_LOWER = re.compile(
    r"\b(?:(?:the|a|an)\s+)?(?:(?:joint|bilateral|new)\s+)*"
    r"(?P<core>intergovernmental|inter-governmental|interstate|inter-state|supreme interstate)\s+"
    r"(?P<head>commission|council|committee|working group)\b",
    re.I,
)
# "the presidential press service", "the Kyrgyz presidential press service", "the press service
# of the Uzbek President", "the press service of the President of Uzbekistan".
PRESS_SERVICE = re.compile(
    r"\b(?:(?P<adj>[A-Z][\w’'-]+)\s+)?presidential\s+press\s+service\b"
    r"|\bpress\s+service\s+of\s+the\s+(?:(?P<adj2>[A-Z][\w’'-]+)\s+)?(?:President|[Ll]eader|head of "
    r"state)(?:\s+of\s+(?:the\s+)?(?:Republic\s+of\s+|Kyrgyz\s+Republic)?(?P<of>[A-Z][\w’'-]+)?)?"
)
INSTITUTION_CORE_WORDS = {
    "intergovernmental", "interstate", "supreme", "investment", "development", "joint", "venture",
    "foreign", "energy", "economy", "economic", "transport", "defence", "defense", "agriculture",
    "water", "trade", "finance", "security", "border", "emergency", "culture", "health",
    "education", "interior", "justice", "statistics", "customs", "presidential", "national",
    "central", "state", "halk", "oliy", "jogorku", "cabinet", "ministers", "consultative",
    "business", "regional", "parliamentary", "mixed",
}  # fmt: skip
GENERIC_BODY_WORDS = {"the", "a", "an", "joint", "bilateral", "new", "two", "both"}


@dataclass(frozen=True, slots=True)
class Found:
    start: int
    end: int
    text: str


def finditer(pattern: re.Pattern[str], text: str, group: str | int = 0) -> list[Found]:
    """Matches of ``pattern`` as :class:`Found` spans of ``group``."""
    spans = []
    for match in pattern.finditer(text):
        start, end = match.span(group)
        if end > start:
            spans.append(Found(start, end, text[start:end]))
    return spans
