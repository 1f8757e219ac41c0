"""Commitments (what was promised, targeted, planned or invited) and reports that things were done.

A commitment is a clause about the future with a committing cue: a target
("bring trade to $5 billion", "triple"), a planned event ("will be held"),
an invitation, a project under way ("construction is progressing"), a pledge
of support, a document to be signed. A completion report is a clause saying
something was done ("took place successfully", "has opened", "is now
operating"); fusion links the two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from accord.analyze.clauses import dates_trigger, same_clause
from accord.analyze.types import Mention, QuoteMention, Sentence, TimeMention

# (kind, pattern), first match wins: the order says which reading is the stronger.
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.I)) for kind, pattern in (
        ("invitation", r"\binvit(?:ed|es|ing)\b[^.]{0,80}?\bto (?:make|pay|visit|attend|take part)"),
        ("target", r"\b(?:bring|raise|increase|boost|lift|take)\b[^.]{0,80}?\bto\s+(?:\$|US\$|€|"
                   r"USD|EUR|\d|one|two|three|four|five|six|seven|eight|nine|ten)"),
        ("target", r"\b(?:double|triple|quadruple|twofold|threefold)\b[^.]{0,60}\b(?:by|within|in "
                   r"the (?:coming|next))\b|\b(?:goal|target|task) (?:of|to)\b"),
        ("document", r"\b(?:will|to) (?:be )?sign(?:ed)?\b|\bshould be signed\b|\bready to sign\b|"
                     r"\b(?:agreed|decided)\b[^.]{0,60}?\b(?:to|should) (?:draw up|prepare|develop|"
                     r"draft|elaborate|work out)\b[^.]{0,60}?\b(?:programme|program|agreement|"
                     r"treaty|road ?map|plan|memorandum|declaration|strategy|concept)\b"),
        ("planned_event", r"\bwill be (?:held|organi[sz]ed|hosted|launched|opened|commissioned|"
                          r"completed|built)\b|\b(?:is|are) (?:scheduled|planned|due|expected) to "
                          r"(?:be held|take place|visit|meet|open|start|begin|launch|sign|arrive|"
                          r"hold)\b|"
                          r"\bwill (?:meet|visit|hold|host|travel|attend|launch|open)\b|"
                          r"\bwill (?:pay|make) (?:a|an|his|her|their) (?:[\w-]+ )?visit\b|"
                          r"\b(?:agreed|decided|plan|plans|intend|intends) to (?:hold|organi[sz]e|"
                          r"meet|launch|build|open|create|establish|draw up|hold)\b|"
                          r"\b(?:agreed|decided)\b[^.]{0,60}?\b(?:to|should) (?:convene|hold|"
                          r"organi[sz]e|meet|resume)\b"),
        ("project", r"\b(?:under construction|is being (?:built|constructed)|construction[^.]{0,80}"
                    r"\b(?:is|are) (?:progressing|under way|underway|ongoing|continuing|nearing)|"
                    r"nearing completion|will (?:build|construct|finance)|to build)\b|"
                    r"\b(?:agreed|decided)\b[^.]{0,60}?\b(?:to|should) (?:increase|expand|raise|"
                    r"boost|build|construct|moderni[sz]e|upgrade|extend)\b"),
        ("support", r"\b(?:ready|willing|prepared) to (?:support|assist|help|back)\b|"
                    r"\b(?:pledged|promised|committed) (?:to|its|their)\b|\bwill (?:support|back)\b"),
    )
)  # fmt: skip
_DONE = re.compile(
    r"\b(?:took place(?: successfully)?|was (?:held|opened|inaugurated|launched|completed|"
    r"commissioned|put into operation)|were (?:held|opened|launched|completed)|has (?:been )?"
    r"(?:opened|launched|completed|commissioned)|have been (?:completed|launched)|"
    r"(?:is|are) now (?:operating|open|in operation|running)|opened its doors|went into operation|"
    r"began operating|started operating|came into force|entered into force|"
    r"(?<!, )opened (?:in|on|yesterday|today)|"
    r"(?:has|have|had) already (?:increased|grown|risen|doubled|expanded)|ended (?:a week ago|"
    r"with|on|in))\b",
    re.I,
)
_MEETING_SUBJECT = re.compile(
    r"\b(?:talks|conversation|meeting|ceremony|negotiations|visit|call|session)\b[^.;]{0,120}?"
    r"\b(?:took place|was held|were held)\b",
    re.I,
)
_FUTURE_TENSE = re.compile(r"\b(?:will|shall|would|to be|plans?|intends?)\b", re.I)


@dataclass(slots=True)
class FoundCommitment:
    kind: str
    text: str
    sentence: int
    by: list[str]
    due: str | None


@dataclass(slots=True)
class FoundCompletion:
    text: str
    sentence: int
    date: str | None
    dates_elsewhere: bool = False  # the sentence's dates belong to other clauses (parsed)


def find_commitments(
    sentences: list[Sentence],
    mentions: list[Mention],
    times: list[TimeMention],
    quotes: list[QuoteMention],
    speakers: dict[int, str | None],
    doc: Doc | None = None,
) -> list[FoundCommitment]:
    """Commitments, one per sentence at most, with who made them and when they are due
    (with a parse, ``doc``, an invitation's makers are its verb's subject)."""
    found = []
    for sentence in sentences:
        kind = next((k for k, pattern in _CUES if pattern.search(sentence.text)), None)
        if kind is None or _negated(sentence.text):
            continue
        found.append(
            FoundCommitment(
                kind=kind,
                text=sentence.text,
                sentence=sentence.index,
                by=(_inviters(sentence, mentions, doc) if kind == "invitation" else [])
                or _committers(sentence, mentions, quotes, speakers),
                due=_due(sentence, times),
            )
        )
    return found


def find_completions(
    sentences: list[Sentence], times: list[TimeMention], doc: Doc | None = None
) -> list[FoundCompletion]:
    """Reports that something planned was done, dated by a date of the clause that says so.

    With a parse (``doc``), a date of another clause or another noun does not date the
    completion: in 'the documents signed in June ... had already increased', June is the
    signing's. The date nearest to the verb wins.
    """
    found = []
    for sentence in sentences:
        if _MEETING_SUBJECT.search(sentence.text):
            continue  # 'the talks took place': a meeting, reported as such elsewhere
        done = _DONE.search(sentence.text)
        if not done or _FUTURE_TENSE.search(sentence.text[: done.start()][-25:]):
            continue
        at = sentence.start + done.start()
        verb = _verb_at(doc, at, sentence.start + done.end()) if doc is not None else None
        inside = [
            t
            for t in times
            if sentence.start <= t.start < sentence.end
            and t.value
            and t.tense != "future"
            and t.kind == "date"
        ]
        dated = [
            t for t in inside if verb is None or (same_clause(verb, t) and dates_trigger(verb, t))
        ]
        date = min(dated, key=lambda t: abs(t.start - at)).value if dated else None
        found.append(
            FoundCompletion(sentence.text, sentence.index, date, bool(inside) and not dated)
        )
    return found


def _verb_at(doc: Doc, start: int, end: int):
    """The verb of the words reporting completion ('had already increased' -> increased)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not any(t.dep_ for t in span):
        return None  # no parse (rules-only): the sentence is one clause
    return next((t for t in span if t.pos_ == "VERB"), span.root)


def _negated(text: str) -> bool:
    return bool(
        re.search(r"\b(?:will not|won't|did not|refused to|declined to|no plans? to)\b", text, re.I)
    )


def _committers(
    sentence: Sentence,
    mentions: list[Mention],
    quotes: list[QuoteMention],
    speakers: dict[int, str | None],
) -> list[str]:
    """The speaker of a quote holding the sentence, else the people (or countries) named in it."""
    for quote in quotes:
        if sentence.index in quote.sentences and speakers.get(quote.start):
            return [speakers[quote.start]]  # type: ignore[list-item]
    inside = [m for m in mentions if sentence.start <= m.start < sentence.end and m.actor]
    people = [m.actor for m in inside if m.kind == "person"]
    others = [m.actor for m in inside if m.kind in ("country", "institution", "organization")]
    return list(dict.fromkeys(people or others))  # type: ignore[arg-type]


def _inviters(sentence: Sentence, mentions: list[Mention], doc: Doc | None) -> list[str]:
    """Who invited: the subject of the verb ('X thanked Y and invited him to ...': X), or
    without a parse the people named before the verb ('X invited Y to ...')."""
    verb = re.search(r"\binvit", sentence.text, re.I)
    if verb is None:
        return []
    lo, hi = sentence.start, sentence.start + verb.start()
    subject = _subject_span(doc, hi) if doc is not None else None
    if subject is not None:
        lo, hi = subject
    before = [
        m.actor
        for m in mentions
        if lo <= m.start < hi and m.actor and m.kind in ("person", "country")
    ]
    return list(dict.fromkeys(before))  # type: ignore[arg-type]


def _subject_span(doc: Doc, at: int) -> tuple[int, int] | None:
    """Where the subject of the verb at ``at`` is (a conjunct verb's is its first
    conjunct's: 'X thanked Y and invited him'), or None."""
    span = doc.char_span(at, at + 1, alignment_mode="expand")
    if span is None or not span.root.dep_:
        return None
    verb = span.root
    while verb.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in verb.children):
        verb = verb.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    tokens = list(subject.subtree)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _due(sentence: Sentence, times: list[TimeMention]) -> str | None:
    """The future date (or the end of a future range) the sentence gives."""
    for time in times:
        if not (sentence.start <= time.start < sentence.end):
            continue
        if time.kind == "until" and time.end_value:
            return time.end_value
        if time.value and time.tense == "future":
            return time.end_value if time.kind == "range" and time.end_value else time.value
    return None
