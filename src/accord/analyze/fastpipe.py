"""Faster stand-ins for two table-driven spaCy components, giving the same annotations.

Measured on the PLOVER test sentences with en_core_web_sm (BENCHMARKS.md): the
attribute ruler spent 22% of the pipeline's time and the rule lemmatizer 10%,
against 20% for the parser. Neither is statistical. The attribute ruler runs
spaCy's general Matcher over 179 patterns for every token, though almost all
of them look at one token's tag, lower-case form and dependency label; the
lemmatizer caches only some of its answers. Both give the same answer every
time a token has the same attributes, so here each answer is computed once
per distinct token and then looked up:

- :class:`TableAttributes` evaluates the ruler's one-token patterns once per
  distinct (tag, lower, dep, is_space) and keeps spaCy's Matcher for the few
  patterns of several tokens; the attributes of every matching rule are
  applied in the ruler's own order (later rules win), as spaCy does.
- :class:`CachedLemmas` asks the model's lemmatizer once per distinct (word,
  part of speech, morphology).

:func:`speed_up` swaps them in when a pipeline's components allow it (any
pattern of a kind not handled here keeps the original component) and leaves
every other pipeline as it is. tests/analyze/test_fastpipe.py checks token
by token that the annotations equal the original components'.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

_KEYS = {"TAG", "LOWER", "DEP", "IS_SPACE"}
_ATTRS = ["TAG", "LOWER", "DEP", "IS_SPACE"]


def speed_up(nlp: Language) -> list[str]:
    """Replace the attribute ruler and the rule lemmatizer of ``nlp`` by their table
    versions where possible; the names of the components replaced."""
    replaced = []
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        if TableAttributes.handles(ruler.patterns):
            nlp.replace_pipe("attribute_ruler", "accord_table_attributes")
            nlp.get_pipe("attribute_ruler").load(ruler)
            replaced.append("attribute_ruler")
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        if getattr(lemmatizer, "mode", None) == "rule" and not lemmatizer.overwrite:
            nlp.replace_pipe("lemmatizer", "accord_cached_lemmas")
            nlp.get_pipe("lemmatizer").load(lemmatizer)
            replaced.append("lemmatizer")
    return replaced


class TableAttributes:
    """spaCy's attribute ruler, answered from a table of the tokens already seen."""

    def __init__(self) -> None:
        self._single: list[tuple[int, list[dict[str, Any]]]] = []  # rule, its one-token patterns
        self._attrs: list[dict] = []
        self._multi: Matcher | None = None
        self._indices: dict[int, int] = {}  # rule of several tokens -> token index it sets
        self._known: dict[tuple, tuple[tuple[int, ...], dict]] = {}

    @staticmethod
    def handles(patterns: Iterable[dict[str, Any]]) -> bool:
        """Whether every pattern uses only what this table evaluates."""
        for rule in patterns:
            for pattern in rule["patterns"]:
                for token in pattern:
                    for key, value in token.items():
                        if key not in _KEYS:
                            return False
                        if isinstance(value, dict) and not set(value) <= {"IN", "NOT_IN", "REGEX"}:
                            return False
        return True

    def load(self, ruler: Any) -> None:
        """Take the rules of a spaCy AttributeRuler (patterns, attributes, token indices)."""
        self._attrs = list(ruler.attrs)
        self._multi = Matcher(ruler.vocab)
        self._single, self._indices = [], {}
        for number, rule in enumerate(ruler.patterns):
            one = [p[0] for p in rule["patterns"] if len(p) == 1]
            several = [p for p in rule["patterns"] if len(p) > 1]
            if one:
                self._single.append((number, one))
            if several:
                self._multi.add(str(number), several)
                self._indices[number] = ruler.indices[number]
        self._known.clear()

    def __call__(self, doc: Doc) -> Doc:
        extra: dict[int, list[int]] = {}  # token -> rules of several tokens matching it
        if self._multi is not None and len(self._multi):
            for match_id, start, end in self._multi(doc, allow_missing=True):
                number = int(doc.vocab.strings[match_id])
                span = doc[start:end]
                extra.setdefault(span[self._indices[number]].i, []).append(number)
        known = self._known
        # one array read per document instead of four attribute lookups per token
        for i, key in enumerate(doc.to_array(_ATTRS).tolist()):
            key = tuple(key)
            found = known.get(key)
            if found is None:
                found = known[key] = self._evaluate(doc, key)
            rules, attrs = found
            if i in extra:
                attrs = self._merged(sorted(rules + tuple(extra[i])))
            if attrs:
                set_token_attrs(doc[i], attrs)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def _evaluate(self, doc: Doc, key: tuple[int, ...]) -> tuple[tuple[int, ...], dict]:
        strings = doc.vocab.strings
        tag, lower, dep, is_space = key
        values = {
            "TAG": strings[tag] if tag else "",
            "LOWER": strings[lower] if lower else "",
            "DEP": strings[dep] if dep else "",
            "IS_SPACE": bool(is_space),
        }
        rules = tuple(
            number
            for number, patterns in self._single
            if any(_matches(p, values) for p in patterns)
        )
        return rules, self._merged(rules)

    def _merged(self, rules: Iterable[int]) -> dict:
        merged: dict = {}
        for number in rules:  # in the ruler's order: a later rule's value wins
            merged.update(self._attrs[number])
        return merged


def _matches(pattern: dict[str, Any], values: dict[str, Any]) -> bool:
    for key, wanted in pattern.items():
        value = values[key]
        if isinstance(wanted, dict):
            if "IN" in wanted and value not in wanted["IN"]:
                return False
            if "NOT_IN" in wanted and value in wanted["NOT_IN"]:
                return False
            if "REGEX" in wanted and not re.search(wanted["REGEX"], value):
                return False
        elif value != wanted:
            return False
    return True


class CachedLemmas:
    """A spaCy rule lemmatizer asked once per distinct (word, part of speech, morphology)."""

    def __init__(self) -> None:
        self._lemmatizer: Any = None
        self._known: dict[tuple[int, int, int], str] = {}

    def load(self, lemmatizer: Any) -> None:
        self._lemmatizer = lemmatizer
        self._known.clear()

    def __call__(self, doc: Doc) -> Doc:
        known = self._known
        rows = doc.to_array(["ORTH", "POS", "MORPH", "LEMMA"]).tolist()
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma != 0:  # set by the attribute ruler: kept, as spaCy keeps it
                continue
            key = (orth, pos, morph)
            found = known.get(key)
            if found is None:
                found = known[key] = self._lemmatizer.lemmatize(doc[i])[0]
            doc[i].lemma_ = found
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory("accord_table_attributes")
def _table_attributes(nlp: Language, name: str) -> TableAttributes:
    return TableAttributes()


@Language.factory("accord_cached_lemmas")
def _cached_lemmas(nlp: Language, name: str) -> CachedLemmas:
    return CachedLemmas()
