"""Quotes: direct quotes, speech blocks and indirect speech, each with the phrase naming its speaker.

A pure function over the cleaned text, without a statistical model. Candidates
are found, validated and selected as separate steps:

* **direct**: words in quotation marks (“”, "", «», ‘’) attributed right after
  the closing mark (`“…,” said President X.`, `“…,” Japarov noted.`), right
  before the opening mark (`X said: “…”`, `According to X, “…”`), by a speech
  introduction ending the previous paragraph (`The message reads:` then a
  quoted paragraph), or by a speech verb earlier in the same sentence (partial
  quotes such as `described the deal as “…”`, four words or more). Quoted words
  without any attribution are not quotes: titles, scare quotes, headlines.
* **speech**: a paragraph ending in a speech verb and a colon (`Addressing the
  meeting, President X said:`) followed by paragraphs opening with a dash; the
  block ends at the first paragraph without a dash or at the next introduction.
* **indirect**: `X said (yesterday) that …`, `X said the … was …`,
  `…, X told the meeting.`, `According to X, …` and `…, according to X.`; the
  text is the reported clause up to the end of its sentence.

Choices:

* A mention never crosses a paragraph break, so offsets always slice the text
  exactly: a speech block gives one mention per dash paragraph (without the
  dash), a quote running over several paragraphs one mention per paragraph,
  and a quote split by its attribution (`“A,” X said, “B.”`) two mentions; all
  share the speaker phrase.
* Quoted text excludes the marks and a trailing comma (`“…,” he said`).
* The speaker is the phrase as written (`President Mirziyoyev`, `the Kyrgyz
  leader`, `he`); resolving it to an actor happens later. A written message
  (`The message reads:`) speaks for the sender named before (`X sent a message`).
* Speech verbs are :data:`SPEECH_VERBS` and :data:`SPEECH_PARTICIPLES`;
  `reported`/`reports` are left out: they credit news to an outlet, not words
  to a speaker. For the same reason press services, news agencies and data are
  not speakers of reported speech (`…, the press service said`).
* A reported clause runs to the end of its sentence, so `X said that A and
  called on B` keeps `and called on B`.

Not handled: attributions inside the reported clause (`The deal, X said, will
…`), inline dash attributions (`– Text, – said X.`), and unmarked paragraphs
after a speech introduction.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Literal

from accord.analyze.sentences import split_sentences
from accord.analyze.types import QuoteMention, Sentence

#: Finite verbs that attribute words to a speaker.
SPEECH_VERBS: tuple[str, ...] = (
    "said", "says", "say", "noted", "notes", "stressed", "stresses", "emphasized",
    "emphasised", "emphasizes", "emphasises", "added", "adds", "stated", "states",
    "declared", "declares", "told", "tells", "remarked", "underlined", "underlines",
    "underscored", "pointed out", "points out", "recalled", "recalls", "explained",
    "explains", "continued", "concluded", "urged", "urges", "wrote", "writes", "announced",
    "announces", "asked", "asks", "replied", "answered", "insisted", "warned", "warns",
    "assured", "acknowledged", "admitted", "confirmed", "reiterated", "observed",
    "commented", "argued", "affirmed", "highlighted", "mentioned", "reads", "described",
)  # fmt: skip
#: Participles whose speaker is the subject of the sentence (`Japarov agreed, adding that …`).
SPEECH_PARTICIPLES: tuple[str, ...] = (
    "saying", "noting", "stressing", "emphasizing", "emphasising", "adding", "stating",
    "declaring", "remarking", "underlining", "underscoring", "pointing out", "recalling",
    "explaining", "urging", "announcing", "insisting", "warning", "assuring",
    "acknowledging", "admitting", "confirming", "reiterating", "observing", "commenting",
    "arguing", "affirming", "highlighting", "mentioning", "describing", "calling",
)  # fmt: skip
_DESCRIBE = {"described", "describing", "calling"}  # attribute partial quotes only
_SAY = {"said", "says", "say", "added", "adds"}  # may report a clause without "that"
_TELL = {"told", "tells", "assured", "urged", "urges", "asked", "asks", "warned", "warns"}
_PREP_OR_TIME = {
    "on", "in", "at", "during", "after", "before", "from", "with", "to", "by", "over", "when",
    "while", "yesterday", "today", "earlier", "later", "again", "once", "also", "last", "this",
    "repeatedly", "firmly", "publicly", "separately", "via", "through", "afterwards",
}  # fmt: skip
_CLOSER = {"“": "”", "«": "»", '"': '"', "‘": "’"}
_PRIORITY = {"speech": 0, "direct": 1, "indirect": 2}  # which kind keeps a span found twice

_Kind = Literal["direct", "speech", "indirect"]


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(w.replace(" ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


# Speaker phrases: a pronoun, a description (`the Kyrgyz leader`, `the head of state`) or a
# run of capitalised words (`Foreign Minister Bakhtiyor Saidov`, `Ministry of Health`).
_U = "A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁ"  # capitals; Latin Extended-A mixes cases, good enough for names
_NOT_NAME = (
    "In|On|At|As|By|For|From|To|With|During|After|Before|Since|Until|Under|Over|Among|Between|"
    "Despite|Following|According|Meanwhile|However|But|And|Or|Also|Earlier|Later|Then|Today|"
    "Yesterday|Tomorrow|This|That|These|Those|There|Here|When|While|If|Although|Though|What|"
    "Why|How|Who|Where|Which|It|He|She|They|We|I|You|A|An|The|His|Her|Its|Their|Our|My|Your|"
    "Photo|Read|Tags|Share|Last|Next|Once|Now|Still|Yet|Dear|Thus|So|Both|All|Some|Many|By"
)
_CAPW = rf"(?:[{_U}][a-z]{{0,3}}\.(?=\s*[{_U}])|[{_U}][\w’'-]*)"
_NAME = (
    rf"(?!(?:{_NOT_NAME})(?![\w’'-])){_CAPW}"
    rf"(?:\s+(?:(?:of|for|and|on|de|al|bin|ibn|van|von|der)\s+(?:the\s+)?)?{_CAPW})*"
)
_STOP = (
    "and|or|but|nor|that|which|who|whom|whose|to|of|for|on|under|the|a|an|in|at|by|with|from|"
    "as|if|than|has|have|had|was|were|is|are|be|been|being|will|would|shall|should|can|could|"
    "may|might|must|did|does|do|not|also|then|when|while|after|before|during|it|he|she|they|"
    "we|this|these|those|said|says|say|told|noted|added|stressed|reads|i|you"
)
_W = rf"(?!(?:{_STOP})(?![\w’'-]))[^\W\d_][\w’'-]*"
_DET = rf"(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir|[Oo]ur|[Bb]oth|[{_U}][\w-]*[’']s)"
_DESC = (
    rf"{_DET}\s+{_W}(?:\s+{_W}){{0,5}}"
    rf"(?:\s+(?:of|for|on|under)\s+(?:the\s+)?(?:{_NAME}|{_W}(?:\s+{_W}){{0,2}}))?"
)
_PRONOUN = r"(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Ww]e|I)(?![\w’'-])"
_PHRASE = rf"(?:{_PRONOUN}|{_DESC}|(?:{_DET}\s+)?{_NAME})"
_OBJECT = rf"(?:{_PHRASE}|(?:him|her|them|us|me)(?![\w’'-]))"
# Where the phrase spans a whole clause it may list name parts with commas
# ("Deputy Minister of Culture, Information, Sports and Youth Policy Gulnara Toktosunova").
_SUBJECT = rf"(?:{_PRONOUN}|(?:{_DET}\s+)?{_NAME}(?:,\s+{_NAME})*|{_DESC})"
_ASIDE = (
    r"(?:\s*,\s*(?:for (?:his|her|its|their|our) part|in (?:his |her |its |their )?turn|"
    r"in (?:his|her|its|their) (?:speech|remarks|address|statement)|however|in particular|"
    r"in response|in reply|meanwhile|too|also|on (?:his|her|its|their) part)\s*,)"
)
_ADV = (
    r"(?:\s+(?:also|then|later|further|again|once again|earlier|previously|recently|repeatedly|"
    r"in turn|however|today|yesterday|subsequently|additionally|finally|separately|[a-z]+ly))"
)
_VERBS = _alternation(SPEECH_VERBS)
_MARKS = '“”"«»'
_ADJUNCT = rf"(?P<adj>(?:\s+[^\s,.;:!?{_MARKS}]+){{0,8}}?)"

_PARAGRAPH = re.compile(r"\n[ \t]*\n+")
_VERB = re.compile(
    rf"(?<![\w’'-])(?:(?P<finite>{_VERBS})|(?P<part>{_alternation(SPEECH_PARTICIPLES)}))"
    r"(?![\w’'-])"
)
_QUOTE_MARK = re.compile(r"[“”\"«»‘’]")
_ANY_MARK = re.compile(rf"[{_MARKS}]")
_DASH_START = re.compile(r"\s*(?:[–—]\s*|-\s+)(?=\S)")
_VERB_TAIL = re.compile(rf"{_ASIDE}?{_ADV}*\s*$")
_AND_END = re.compile(r"(?:^|\s)(?:and|but)\s*$")
_SUBJECT_AT_END = re.compile(
    r"(?:^[\s,]*|(?<=[,;:(.!?”\"»])\s+|(?<=[—–] )|(?<![\w’'-])(?:and|but|while|whereas)\s+)"
    rf"(?P<sp>{_SUBJECT})\s*$"
)
_SENTENCE_SUBJECT = re.compile(
    rf"\s*(?:[^,.;:{_MARKS}]{{0,80}},\s*)??(?P<sp>{_SUBJECT})(?={_ASIDE}?{_ADV}*\s+[a-z])"
)
_AFTER_INVERTED = re.compile(
    rf"\s*,?\s*(?:[—–]\s*)?(?P<verb>{_VERBS})\s+(?P<sp>{_PHRASE})"
    r"(?=\s*(?:[,.;:!?)]|$)|\s+(?:at|in|on|during|after|before|while|when|who|as|from|to|with)\b)"
)
_AFTER_SUBJECT = re.compile(
    rf"\s*,?\s*(?:[—–]\s*)?(?P<sp>{_PHRASE}){_ASIDE}?{_ADV}*\s+(?P<verb>{_VERBS})"
    r"(?![\w’'-])(?!\s+that\b)"
)
_BEFORE_COLON = re.compile(
    rf"(?<![\w’'-])(?P<verb>{_VERBS}){_ADJUNCT}"
    r"(?:,\s*(?:in particular|in part|among other things))?\s*[:,]\s*$"
)
_ACCORDING_BEFORE = re.compile(rf"(?:^|(?<=[\s,]))[Aa]ccording to\s+(?P<sp>{_OBJECT})\s*,\s*$")
_ACCORDING_LEAD = re.compile(rf"\s*[Aa]ccording to\s+(?P<sp>{_OBJECT})\s*,\s*")
_ACCORDING_TRAIL = re.compile(rf",\s*according to\s+(?P<sp>{_OBJECT})\s*[.!?]?\s*$")
_INTRO = re.compile(
    rf"(?s).*(?<![\w’'-])(?:(?P<finite>{_VERBS})|(?P<part>{_alternation(SPEECH_PARTICIPLES)}))"
    rf"{_ADJUNCT}(?:,?\s*(?:in particular|in part|among other things|the following|as follows))?"
    r"\s*,?\s*:\s*$"
)
_THAT = re.compile(rf"(?P<adj>(?:\s+(?!that\b)[^\s,.;:!?{_MARKS}]+){{0,6}}?),?\s+that\s+")
_BARE_CLAUSE = re.compile(
    r"(?:\s+(?:on\s+\w+day|yesterday|today|later|earlier|in\s+a\s+statement))?,?\s+"
    rf"(?=(?:the|a|an|it|he|she|they|we|this|these|its|his|her|their|both|all|[{_U}][\w’'-]*)\b)"
)
_AUX = re.compile(
    r"\b(?:is|was|were|are|will|would|had|has|have|could|should|can|may|might|must|did|does|"
    r"remains|remained)\b"
)
_TRAIL_SPEAKER = re.compile(rf",\s*(?P<sp>{_PHRASE}){_ADV}*\s+$")
_TRAIL_END = re.compile(rf"(?P<adj>\s+[^,.;:!?{_MARKS}]{{1,100}}?)?\s*(?:[.!?…]?\s*$|,)")
_AS_END = re.compile(r"\bas\s*$")
_STOPS_BETWEEN = re.compile(rf"[.;:!?{_MARKS}]")
_GAP = re.compile(r"[\s.,;]*")
_COMMA = re.compile(r"\s*,")
_SPACE = re.compile(r"\s*")
_TITLE_CONTEXT = re.compile(
    r"(?:so-called|so called|dubbed|titled|entitled|named|known as|slogan|motto)\s*$", re.I
)
_DOCUMENT = re.compile(r"(?:message|letter|telegram|greetings?|address|appeal)$", re.I)
_SENT_DOCUMENT = re.compile(
    r"(?<![\w’'-])(?:sent|addressed|conveyed|delivered)\b[^.]{0,80}?"
    r"\b(?:message|letter|telegram|greetings|address|appeal)\b"
)
# Sources rather than speakers: data, and the press services and agencies a report cites.
_NOT_SPEAKER = re.compile(
    r"\b(?:data|figures|statistics|estimates?|calculations|reports?|survey|study|forecast|"
    r"results|information|documents?|the agency)$|\bpress (?:service|office)\b|\bnews agency\b",
    re.I,
)
_DATELINE = re.compile(
    r"[A-Z][A-Z'. -]{1,40}(?:,[^—–()\n]{1,40})?(?:\s*\([^()\n]{1,60}\))?\s*[—–-]\s+(?=\S)"
)
_WORD = re.compile(r"[^\W_][\w’'-]*")
_LETTER = re.compile(r"[^\W\d_]")
_TRIM_QUOTE = ","
_TRIM_CLAUSE = ",.;:!?…"
# Bounds that keep the work per verb or quote constant when a "sentence" runs on for pages.
_LOOKBACK = 300  # characters searched before a verb or quote for its attribution
_MAX_CLAUSE = 1000  # a reported clause longer than this is cut at a word boundary


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A possible quote before validation; ``rule`` names how it was attributed."""

    span: _Span
    kind: _Kind
    speaker: _Span | None
    rule: str


@dataclass(slots=True)
class _Run:
    """Words from one opening quotation mark to its closing mark, one segment per paragraph."""

    mark: str
    opened: int
    segments: list[_Span] = field(default_factory=list)
    closed: int | None = None


@dataclass(frozen=True, slots=True)
class _Attribution:
    speaker: _Span | None
    rule: str
    end: int  # where the attribution ends, for a quote split by it


@dataclass(slots=True)
class _Layout:
    """The text with its paragraphs and sentences, for finding the span around a position."""

    text: str
    paragraphs: list[_Span]
    sentences: list[_Span]
    _paragraph_starts: list[int] = field(init=False, repr=False)
    _sentence_starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._paragraph_starts = [p.start for p in self.paragraphs]
        self._sentence_starts = [s.start for s in self.sentences]

    def paragraph_at(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._paragraph_starts, pos) - 1)

    def sentence_at(self, pos: int) -> _Span:
        """The sentence holding ``pos``, or its paragraph when it lies between sentences."""
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        if i >= 0 and self.sentences[i].start <= pos < self.sentences[i].end:
            return self.sentences[i]
        return self.paragraphs[self.paragraph_at(pos)]


def find_quotes(text: str, sentences: list[Sentence]) -> list[QuoteMention]:
    """Direct quotes, speech-block paragraphs and indirect speech in ``text``, in text order.

    ``sentences`` give the evidence indexes and the sentence bounds of reported
    clauses; when empty, the rules-only splitter provides the bounds.
    """
    layout = _layout(text, sentences)
    intros = _intros(layout)
    candidates = [
        *_speech_candidates(layout, intros),
        *_direct_candidates(layout, intros),
        *_indirect_candidates(layout),
    ]
    return _select([c for c in candidates if _is_valid(c, text)], layout, sentences)


def _layout(text: str, sentences: list[Sentence]) -> _Layout:
    paragraphs, start = [], 0
    for match in _PARAGRAPH.finditer(text):
        paragraphs.append(_Span(start, match.start()))
        start = match.end()
    paragraphs.append(_Span(start, len(text)))
    spans = [_Span(s.start, s.end) for s in (sentences or split_sentences(text))]
    return _Layout(text, paragraphs, spans)


# --- speakers ----------------------------------------------------------------------------------
def _tail(pattern: re.Pattern[str], text: str, lo: int, end: int) -> _Span | None:
    """Span of group ``sp`` of ``pattern`` searched in ``text[lo:end]`` (``^`` means ``lo``)."""
    match = pattern.search(text[lo:end])
    if match is None or match.end("sp") <= match.start("sp"):
        return None
    return _Span(lo + match.start("sp"), lo + match.end("sp"))


def _group(match: re.Match[str] | None, name: str = "sp") -> _Span | None:
    if match is None or match.end(name) <= match.start(name):
        return None
    return _Span(match.start(name), match.end(name))


def _speaker_before(layout: _Layout, lo: int, verb: int, participle: bool = False) -> _Span | None:
    """The subject phrase of the speech verb at ``verb``, looking back no further than ``lo``."""
    lo = max(lo, verb - _LOOKBACK)
    if participle:  # "Japarov agreed, describing ..."; "“…,” he said, adding that ..."
        finite = [m for m in _VERB.finditer(layout.text, lo, verb) if m["finite"]]
        subject = _sentence_subject(layout, lo, verb)
        return subject or (_speaker_before(layout, lo, finite[-1].start()) if finite else None)
    tail = _VERB_TAIL.search(layout.text, lo, verb)
    end = tail.start() if tail else verb
    if _AND_END.search(layout.text[lo:end]):
        return _sentence_subject(layout, lo, verb)  # "X thanked the side and said that ..."
    return _tail(_SUBJECT_AT_END, layout.text, lo, end)


def _sentence_subject(layout: _Layout, lo: int, limit: int) -> _Span | None:
    """The subject opening the sentence that holds ``limit``."""
    start = max(lo, layout.sentence_at(limit).start)
    return _group(_SENTENCE_SUBJECT.match(layout.text, start, limit))


def _sender(layout: _Layout, speaker: _Span) -> _Span:
    """For a written message as speaker, the sender named shortly before (`X sent a message`)."""
    text = layout.text
    if not _DOCUMENT.search(text, speaker.start, speaker.end):
        return speaker
    first = layout.paragraphs[max(0, layout.paragraph_at(speaker.start) - 3)].start
    found = None
    for match in _SENT_DOCUMENT.finditer(text, first, speaker.start):
        found = _speaker_before(layout, layout.sentence_at(match.start()).start, match.start())
    return found or speaker


def _adjunct_ok(verb: str, adjunct: str | None, trailing: bool = False) -> bool:
    """Words between a verb and `that`/colon/sentence end: an object of `told`, a time or place."""
    words = (adjunct or "").split()
    if not words:
        return True
    if "that" in words:
        return False
    if " ".join(verb.split()) in _TELL:
        return True
    return words[0].lower() in _PREP_OR_TIME and not (trailing and _AUX.search(adjunct or ""))


# --- speech blocks -----------------------------------------------------------------------------
def _intros(layout: _Layout) -> dict[int, _Span]:
    """Paragraphs ending in a speech verb and a colon, with their speaker phrase."""
    intros = {}
    text = layout.text
    for index, para in enumerate(layout.paragraphs):
        end = para.start + len(text[para.start : para.end].rstrip())
        if end <= para.start or text[end - 1] != ":":
            continue
        start = max(layout.sentence_at(end - 1).start, para.start, end - _LOOKBACK)
        match = _INTRO.match(text, start, end)
        if match is None or not _adjunct_ok(match["finite"] or "", match["adj"]):
            continue
        participle = match["part"] is not None
        verb = match.start("part") if participle else match.start("finite")
        speaker = _speaker_before(layout, start, verb, participle)
        if speaker is not None:
            intros[index] = speaker
    return intros


def _speech_candidates(layout: _Layout, intros: dict[int, _Span]) -> list[_Candidate]:
    """One `speech` candidate per dash paragraph following an introduction."""
    found = []
    for index, speaker in intros.items():
        following = index + 1
        while following < len(layout.paragraphs) and following not in intros:
            para = layout.paragraphs[following]
            dash = _DASH_START.match(layout.text, para.start, para.end)
            if dash is None:
                break
            span = _trim(layout.text, dash.end(), para.end, _TRIM_QUOTE)
            if span is not None:
                found.append(_Candidate(span, "speech", speaker, "intro"))
            following += 1
    return found


# --- direct quotes -----------------------------------------------------------------------------
def _direct_candidates(layout: _Layout, intros: dict[int, _Span]) -> list[_Candidate]:
    """Every quoted run, attributed by the first rule that finds a speaker."""
    found: list[_Candidate] = []
    governed = _governed(layout, intros)
    previous: tuple[_Run, _Attribution] | None = None
    for run in _quote_runs(layout):
        attribution = _attribute(layout, run, governed, previous)
        for segment in run.segments:
            span = _trim(layout.text, segment.start, segment.end, _TRIM_QUOTE)
            if span is not None:
                found.append(_Candidate(span, "direct", attribution.speaker, attribution.rule))
        previous = (run, attribution)
    return found


def _governed(layout: _Layout, intros: dict[int, _Span]) -> dict[int, _Span]:
    """Paragraphs opening with a quotation mark under a speech introduction, with its speaker."""
    governed: dict[int, _Span] = {}
    for index, para in enumerate(layout.paragraphs):
        lead = _SPACE.match(layout.text, para.start, para.end).end()
        speaker = intros.get(index - 1) or governed.get(index - 1)
        if layout.text[lead : lead + 1] in _CLOSER and speaker is not None:
            governed[index] = speaker
    return governed


def _attribute(
    layout: _Layout,
    run: _Run,
    governed: dict[int, _Span],
    previous: tuple[_Run, _Attribution] | None,
) -> _Attribution:
    after = _after_attribution(layout, run)
    if after is not None:
        return after
    before = _before_attribution(layout, run, previous)
    if before is not None:
        return _Attribution(before, "before", run.opened)
    paragraph = layout.paragraph_at(run.opened)
    para_start = layout.paragraphs[paragraph].start
    if paragraph in governed and _SPACE.match(layout.text, para_start).end() == run.opened:
        return _Attribution(governed[paragraph], "intro", run.opened)
    if previous is not None and previous[1].speaker is not None:
        end = previous[1].end
        if end >= para_start and _GAP.fullmatch(layout.text, end, run.opened):
            return _Attribution(previous[1].speaker, "inherit", run.opened)  # “A,” said X. “B.”
    return _Attribution(_partial_attribution(layout, run), "partial", run.opened)


def _after_attribution(layout: _Layout, run: _Run) -> _Attribution | None:
    """`“…,” said X` or `“…,” X said` right after the closing mark."""
    if run.closed is None:
        return None
    text = layout.text
    last = _trim(text, run.segments[-1].start, run.closed, "")
    end = layout.paragraphs[layout.paragraph_at(run.closed)].end
    comma_after = _COMMA.match(text, run.closed + 1, end) is not None
    if not (comma_after or (last is not None and text[last.end - 1] in ",?!…—–")):
        return None  # a quote ending in a full stop ends its sentence
    for pattern in (_AFTER_INVERTED, _AFTER_SUBJECT):
        match = pattern.match(text, run.closed + 1, end)
        if _group(match) is not None:
            return _Attribution(_group(match), "after", match.end())
    return None


def _before_attribution(
    layout: _Layout, run: _Run, previous: tuple[_Run, _Attribution] | None
) -> _Span | None:
    """`X said: “…”`, `X said, “…”` or `According to X, “…”` just before the opening mark."""
    text = layout.text
    para_start = layout.paragraphs[layout.paragraph_at(run.opened)].start
    lo = max(layout.sentence_at(run.opened).start, para_start, run.opened - _LOOKBACK)
    if previous is not None and previous[0].closed is not None and previous[0].closed >= lo:
        lo = previous[0].closed + 1
    according = _tail(_ACCORDING_BEFORE, text, lo, run.opened)
    if according is not None:
        return according
    match = _BEFORE_COLON.search(text[lo : run.opened])
    if match is None or not _adjunct_ok(match["verb"], match["adj"]):
        return None
    return _speaker_before(layout, lo, lo + match.start("verb"))


def _partial_attribution(layout: _Layout, run: _Run) -> _Span | None:
    """A speech or describing verb earlier in the sentence: `X described it as “…”`."""
    text = layout.text
    start = layout.sentence_at(run.opened).start
    verbs = list(_VERB.finditer(text, max(start, run.opened - _LOOKBACK), run.opened))
    if not verbs or _STOPS_BETWEEN.search(text, verbs[-1].end(), run.opened):
        return None
    last = verbs[-1]
    if last.group(0) in _DESCRIBE and not _AS_END.search(text, last.end(), run.opened):
        return None
    return _speaker_before(layout, start, last.start(), participle=last["part"] is not None)


def _quote_runs(layout: _Layout) -> list[_Run]:
    """Quoted runs in text order; an unclosed run may continue into following paragraphs."""
    runs: list[_Run] = []
    index, resume = 0, None
    while index < len(layout.paragraphs):
        para = layout.paragraphs[index]
        found = _runs_in(layout.text, para.start if resume is None else resume, para.end)
        runs.extend(found)
        resume = None
        if found and found[-1].closed is None:
            last = _continue_run(layout, found[-1], index)
            if last > index:
                closed = found[-1].closed
                index, resume = last, layout.paragraphs[last].end if closed is None else closed + 1
                continue
        index += 1
    return runs


def _runs_in(text: str, start: int, end: int) -> list[_Run]:
    """Quoted runs opening in ``text[start:end]``; the last may be left open at ``end``."""
    runs, current = [], None
    for match in _QUOTE_MARK.finditer(text, start, end):
        mark, pos = match.group(0), match.start()
        if current is None:
            if _opens(text, pos, mark, start):
                current = _Run(mark, pos)
        elif _closes(text, pos, mark, current.mark):
            current.segments.append(_Span(current.opened + 1, pos))
            current.closed = pos
            runs.append(current)
            current = None
        elif mark == current.mark and mark in "“«":
            current = _Run(mark, pos)  # the previous opening mark was never closed
    if current is not None:
        current.segments.append(_Span(current.opened + 1, end))
        runs.append(current)
    return runs


def _opens(text: str, pos: int, mark: str, start: int) -> bool:
    if mark in "“«":
        return True
    return mark in '"‘' and (pos <= start or text[pos - 1].isspace() or text[pos - 1] in "([—–-/:")


def _closes(text: str, pos: int, mark: str, opener: str) -> bool:
    if mark != _CLOSER[opener]:
        return False
    if opener == '"':
        return not text[pos - 1].isspace()
    if opener == "‘":
        after = text[pos + 1 : pos + 3]
        if text[pos - 1].isspace() or after[:1].isalnum():
            return False  # an apostrophe: We’re
        return not (text[pos - 1] == "s" and after[:1] == " " and after[1:2].islower())
    return True


def _first(text: str, start: int, end: int, opener: str, closing: bool) -> int | None:
    for match in _QUOTE_MARK.finditer(text, start, end):
        pos, mark = match.start(), match.group(0)
        if closing and _closes(text, pos, mark, opener):
            return pos
        if not closing and mark == opener and _opens(text, pos, mark, start):
            return pos
    return None


def _continue_run(layout: _Layout, run: _Run, index: int) -> int:
    """Extend an unclosed run into the next paragraphs; return the last paragraph it takes.

    A continued paragraph either opens with the run's mark again (the usual
    convention) or carries no marks until one closes the run (readouts).
    """
    text, last, pending = layout.text, index, []
    for following in range(index + 1, min(index + 10, len(layout.paragraphs))):
        para = layout.paragraphs[following]
        lead = _SPACE.match(text, para.start, para.end).end()
        convention = text.startswith(run.mark, lead) and lead < para.end
        begin = lead + 1 if convention else lead
        close = _first(text, begin, para.end, run.mark, closing=True)
        opening = _first(text, begin, para.end, run.mark, closing=False)
        if opening is not None and (close is None or opening < close):
            close = None if convention else -1
        if close == -1 or (not convention and close is None and following - last > 3):
            return last
        if not convention and close is None:
            pending.append(_Span(begin, para.end))
            continue
        run.segments.extend(pending)
        pending = []
        run.segments.append(_Span(begin, para.end if close is None else close))
        last = following
        if close is not None:
            run.closed = close
            return last
    return last


# --- indirect speech ---------------------------------------------------------------------------
def _indirect_candidates(layout: _Layout) -> list[_Candidate]:
    """Reported speech around every speech verb, and `According to X` sentences."""
    found = [_indirect_at(layout, match) for match in _VERB.finditer(layout.text)]
    found += [_according(layout, sentence) for sentence in layout.sentences]
    return [candidate for candidate in found if candidate is not None]


def _indirect_at(layout: _Layout, match: re.Match[str]) -> _Candidate | None:
    text, verb = layout.text, match.group(0)
    sentence = layout.sentence_at(match.start())
    participle = match["part"] is not None
    that = _THAT.match(text, match.end(), sentence.end)
    bare = _BARE_CLAUSE.match(text, match.end(), sentence.end) if verb in _SAY else None
    if that is not None and _adjunct_ok(verb, that["adj"]):
        rule, clause = "that", _clause(text, that.end(), sentence.end)
    elif bare is not None:
        rule, clause = "bare", _clause(text, bare.end(), sentence.end)
        if clause is None or not _AUX.search(
            text, clause.start, min(clause.end, clause.start + 90)
        ):
            return None
    elif not participle:
        return _trailing(layout, match, sentence)
    else:
        return None
    if clause is None or text[clause.start] in _CLOSER:
        return None  # `said that “…”` is a (partial) direct quote
    speaker = _speaker_before(layout, sentence.start, match.start(), participle)
    return _Candidate(clause, "indirect", speaker, rule)


def _trailing(layout: _Layout, match: re.Match[str], sentence: _Span) -> _Candidate | None:
    """`Trade grew by 25 percent, Usenov told the meeting.`: the clause before the comma."""
    text = layout.text
    end = _TRAIL_END.match(text, match.end(), sentence.end)
    if end is None or not _adjunct_ok(match.group(0), end["adj"], trailing=True):
        return None
    lo = max(sentence.start, match.start() - _LOOKBACK)
    speaker = _TRAIL_SPEAKER.search(text, lo, match.start())
    if speaker is None or speaker.start() - sentence.start > _MAX_CLAUSE:
        return None
    clause = _trim(text, _after_dateline(text, sentence), speaker.start(), _TRIM_CLAUSE)
    if clause is None or _ANY_MARK.search(text, clause.start, clause.end):
        return None
    if not _has_words(text, clause, 4):
        return None
    return _Candidate(clause, "indirect", _group(speaker), "trailing")


def _according(layout: _Layout, sentence: _Span) -> _Candidate | None:
    """`According to X, …` (the clause after) or `…, according to X.` (the clause before)."""
    text = layout.text
    lead = _ACCORDING_LEAD.match(text, sentence.start, sentence.end)
    if lead is not None:
        clause = _clause(text, lead.end(), sentence.end)
        if clause is None or text[clause.start] in _CLOSER:
            return None  # `According to X, “…”` is a direct quote
        return _Candidate(clause, "indirect", _group(lead), "according")
    trail = _ACCORDING_TRAIL.search(
        text, max(sentence.start, sentence.end - _LOOKBACK), sentence.end
    )
    if trail is None or trail.start() - sentence.start > _MAX_CLAUSE:
        return None
    clause = _trim(text, _after_dateline(text, sentence), trail.start(), _TRIM_CLAUSE)
    if clause is None or _ANY_MARK.search(text, clause.start, clause.end):
        return None
    return _Candidate(clause, "indirect", _group(trail), "according")


def _after_dateline(text: str, sentence: _Span) -> int:
    """Start of a sentence's own words, after a wire dateline (`OSH (Asia Briefs) — `)."""
    dateline = _DATELINE.match(text, sentence.start, sentence.end)
    return dateline.end() if dateline else sentence.start


# --- validate and select -----------------------------------------------------------------------
def _is_valid(candidate: _Candidate, text: str) -> bool:
    """A speaker is required; titles, scare quotes and very short clauses are not quotes."""
    span, speaker = candidate.span, candidate.speaker
    if speaker is None or not _LETTER.search(text, span.start, span.end):
        return False
    if candidate.kind == "direct":
        mark = max(0, span.start - 1)
        if _TITLE_CONTEXT.search(text, max(0, mark - 30), mark):
            return False
        return candidate.rule != "partial" or _has_words(text, span, 4)
    if candidate.kind == "indirect":
        return _has_words(text, span, 3) and not _NOT_SPEAKER.search(
            text, speaker.start, speaker.end
        )
    return True


def _select(
    candidates: list[_Candidate], layout: _Layout, sentences: list[Sentence]
) -> list[QuoteMention]:
    """One mention per span (speech > direct > indirect); reported speech inside quotes dropped."""
    quoted = sorted((c.span.start, c.span.end) for c in candidates if c.kind != "indirect")
    starts, reach = [start for start, _ in quoted], list(accumulate((e for _, e in quoted), max))
    chosen: dict[tuple[int, int], _Candidate] = {}
    for candidate in sorted(candidates, key=lambda c: _PRIORITY[c.kind]):
        key = (candidate.span.start, candidate.span.end)
        if key in chosen:
            continue
        i = bisect.bisect_right(starts, key[0]) - 1
        if candidate.kind == "indirect" and i >= 0 and reach[i] > key[0]:
            continue  # reported speech inside quoted words belongs to the quote
        chosen[key] = candidate
    sentence_starts = [s.start for s in sentences]
    return [_mention(chosen[key], layout, sentences, sentence_starts) for key in sorted(chosen)]


def _mention(
    candidate: _Candidate, layout: _Layout, sentences: list[Sentence], starts: list[int]
) -> QuoteMention:
    text, span = layout.text, candidate.span
    speaker = _sender(layout, candidate.speaker) if candidate.speaker else None
    first = max(0, bisect.bisect_right(starts, span.start) - 1)
    held = []
    for sentence in sentences[first:]:
        if sentence.start >= span.end:
            break
        if sentence.end > span.start:
            held.append(sentence.index)
    return QuoteMention(
        start=span.start,
        end=span.end,
        text=text[span.start : span.end],
        kind=candidate.kind,
        speaker_text=text[speaker.start : speaker.end] if speaker else None,
        speaker_start=speaker.start if speaker else None,
        speaker_end=speaker.end if speaker else None,
        sentences=held,
    )


def _trim(text: str, start: int, end: int, trailing: str) -> _Span | None:
    """``text[start:end]`` without surrounding whitespace and ``trailing`` punctuation."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in trailing):
        end -= 1
    return _Span(start, end) if end > start else None


def _clause(text: str, start: int, end: int) -> _Span | None:
    """A reported clause from ``start`` to its sentence's ``end``, at most ``_MAX_CLAUSE`` long."""
    if end - start > _MAX_CLAUSE:
        cut = text.rfind(" ", start, start + _MAX_CLAUSE)
        end = cut if cut > start else start + _MAX_CLAUSE
    return _trim(text, start, end, _TRIM_CLAUSE)


def _has_words(text: str, span: _Span, count: int) -> bool:
    """Whether ``span`` holds at least ``count`` words (stops counting there)."""
    for seen, _ in enumerate(_WORD.finditer(text, span.start, span.end), start=1):
        if seen >= count:
            return True
    return False
