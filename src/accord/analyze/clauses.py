"""What a clause says about its event: did it happen, will it, or did it not?

With a parse, the trigger's governing verb and its auxiliaries decide
("did not sign" -> negated, "will meet" -> future, "may visit" ->
possible, "agreed to hold" -> future). Without one (rules-only mode) the
words just before the trigger decide. A time expression pointing after the
document's date makes a clause future whatever its grammar.
"""

from __future__ import annotations

import re
from typing import Literal

from spacy.tokens import Span, Token

from accord.analyze.types import Mention, TimeMention

Mood = Literal["past", "future", "possible", "negated", "present"]

_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_MODAL_AUX = {"may", "might", "could", "would", "should", "can"}
_PLANNING = {
    "plan", "intend", "expect", "agree", "hope", "aim", "prepare", "propose", "want", "decide",
    "invite", "schedule", "set", "due", "ready", "seek", "promise", "pledge", "commit", "wish",
    "discuss", "consider", "call", "urge", "offer",
}  # fmt: skip
_EXPECTED = {"expect", "schedule", "plan"}  # '... are expected to', 'is scheduled for'
_PREPARING = {"preparation", "prepare", "ahead", "agenda", "programme", "program", "plan"}
_FUTURE_WORDS = {"upcoming", "forthcoming", "next", "future", "planned", "proposed", "scheduled"}
_NEGATIONS = {"not", "never", "n't", "no"}
_REFUSAL = {"refuse", "decline", "fail"}
_BEFORE_FUTURE = re.compile(
    r"\b(?:will|shall|would|to be|plans? to|planned to|intends? to|expected to|agreed to|is to|are to"
    r"|going to|scheduled to|due to|ready to|upcoming|forthcoming|next|agreed that"
    r"|to (?:make|pay|hold|visit|sign|attend|meet|conclude))\b[\w\s,'-]{0,40}$",
    re.I,
)
_BEFORE_POSSIBLE = re.compile(r"\b(?:may|might|could|can)\b(?:\s+\w+){0,2}\s*$", re.I)
_BEFORE_NEGATED = re.compile(
    r"\b(?:not|never|n't|refused to|declined to|failed to)\b(?:\s+\w+){0,2}\s*$", re.I
)


def mood_of(trigger: Token, parsed: bool) -> Mood:
    """How the clause of ``trigger`` presents its event."""
    if not parsed:
        return _mood_from_words(trigger)
    verb = _governing_verb(trigger)
    chain = [verb, *_ancestors_verbs(verb)]
    auxes = {c.lower_ for t in chain for c in t.children if c.dep_ in ("neg", "aux", "auxpass")}
    if auxes & _NEGATIONS or any(t.lemma_ in _REFUSAL for t in chain):
        return "negated"
    # 'agreed to hold talks'; 'during the visit they are expected to sign': the expecting
    # clause holds the visit too
    planned = (
        any(t.lemma_ in _PLANNING for t in chain[1:])
        or (verb.lemma_ in _EXPECTED and any(c.dep_ == "auxpass" for c in verb.children))
        or _intended(verb)
    )
    # 'the upcoming visit', 'preparations for the visit', 'preparations for launching the
    # cluster' (a gerund, like a noun, names the event prepared)
    noun_future = (trigger.pos_ == "NOUN" or trigger.tag_ == "VBG") and (
        any(c.lower_ in _FUTURE_WORDS for c in trigger.children)
        or any(a.lemma_ in _PREPARING for a in list(trigger.ancestors)[:3])
    )
    if auxes & _FUTURE_AUX or planned or noun_future or any(_going_to(t) for t in chain):
        return "future"
    if auxes & _MODAL_AUX:
        return "possible"
    if verb.i == trigger.i and verb.tag_ in ("VBZ", "VBP") and not auxes and verb.dep_ == "ROOT":
        return "present"  # 'the two countries cooperate closely': a state, not an event
    return "past"


# Nouns whose 'to' clause is what is intended: 'an invitation to visit Ashgabat', 'a plan to
# build' (not 'signed a decision to establish the council': that established it).
_INTENT_NOUNS = {
    "invitation", "plan", "proposal", "intention", "readiness", "offer", "request", "promise",
    "pledge", "commitment", "goal", "aim", "idea",
}  # fmt: skip


def _intended(verb: Token) -> bool:
    """'accepted an invitation to visit Ashgabat in the spring': no visit yet."""
    return (
        verb.dep_ == "acl"
        and verb.head.lemma_.lower() in _INTENT_NOUNS
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )


def _governing_verb(token: Token) -> Token:
    """The verb an event noun depends on ("held talks" -> held), or the token itself."""
    current = token
    for _ in range(3):
        if current.pos_ in ("VERB", "AUX") or current.dep_ == "ROOT":
            return current
        current = current.head
    return current


def _ancestors_verbs(verb: Token) -> list[Token]:
    """Verbs that embed this one: 'agreed to hold', 'plans to visit', 'refused to meet'.

    A base-form conjunct shares its first conjunct's auxiliaries and embedding: in 'are
    expected to sign ... and to exchange', 'will sign and exchange', the exchanging is as
    planned as the signing ('did not sign and exchanged' has a tense of its own).
    """
    found = []
    current = verb
    while current.head.i != current.i and len(found) < 3:
        shares_context = current.dep_ == "conj" and current.tag_ == "VB"
        if not (shares_context or current.dep_ in ("xcomp", "ccomp")):
            break
        current = current.head
        found.append(current)
    return found


def _going_to(token: Token) -> bool:
    head = token.head
    return token.dep_ == "xcomp" and head.lemma_ == "go" and head.tag_ == "VBG"


def _mood_from_words(trigger: Token) -> Mood:
    sentence: Span = trigger.sent
    before = sentence.doc.text[sentence.start_char : trigger.idx]
    if _BEFORE_NEGATED.search(before):
        return "negated"
    if _BEFORE_POSSIBLE.search(before):
        return "possible"
    if _BEFORE_FUTURE.search(before):
        return "future"
    return "past"


_CLAUSES = {"advcl", "relcl", "acl", "ccomp", "csubj", "pcomp", "xcomp"}


def dates_trigger(trigger: Token, time: TimeMention) -> bool:
    """A date modifying another noun is that noun's: in 'my visit to Tashkent in June and my
    visit to Samarkand', June dates the first visit only."""
    if not trigger.dep_ or trigger.pos_ != "NOUN":
        return True
    span = trigger.doc.char_span(time.start, time.end, alignment_mode="expand")
    if span is None:
        return True
    current = span.root.head
    for _ in range(10):
        if current.i == trigger.i or current.pos_ in ("VERB", "AUX"):
            return True
        if current.pos_ == "NOUN" and current.dep_ != "npadvmod" and current.i != span.root.i:
            return False
        if current.head.i == current.i:
            return True
        current = current.head
    return True


def same_clause(trigger: Token, time: TimeMention | Mention) -> bool:
    """True unless a clause boundary separates the time expression (or a mention: a place)
    from the trigger.

    'invited him to make a visit next year': 'next year' dates the making (an
    embedded clause), not the inviting; 'returned on Wednesday after a visit,
    where he held talks': Wednesday dates the return, not the talks. Both paths
    up to their lowest common ancestor must stay inside one clause. Without a
    parse everything is one clause.
    """
    if not trigger.dep_:
        return True
    span = trigger.doc.char_span(time.start, time.end, alignment_mode="expand")
    if span is None:
        return True
    up_from_trigger = _path_up(trigger)
    up_from_time = _path_up(span.root)
    common = next((t for t in up_from_time if t in set(up_from_trigger)), None)
    if common is None:
        return True
    for path in (up_from_trigger, up_from_time):
        for token in path[: path.index(common)]:
            if token.dep_ in _CLAUSES:
                return False
    return True


def _path_up(token: Token) -> list[Token]:
    path = [token]
    while path[-1].head.i != path[-1].i and len(path) < 30:
        path.append(path[-1].head)
    return path
