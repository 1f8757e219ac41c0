"""The table versions of the attribute ruler and lemmatizer annotate as spaCy's own do."""

from __future__ import annotations

import spacy

from accord.analyze.fastpipe import TableAttributes, speed_up
from accord.analyze.nlp import PARAGRAPHS
from accord.settings import DEFAULT_MODEL
from tests.conftest import benchmark_script

_FIELDS = ("tag_", "pos_", "morph", "lemma_", "dep_", "is_sent_start")


def _stock():
    nlp = spacy.load(DEFAULT_MODEL, exclude=["senter"])
    nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp


def _texts(corpus_docs) -> list[str]:
    generated = benchmark_script("generate").generate(150, seed=11, outlets_max=4, copies=0.0)
    tricky = [
        "Y'all ain't gonna believe it: there were talks, and let's say they got going.",
        "The ministers didn't sign; it wasn't ready.  \n\n– We'll see, he said.",
    ]
    return [d.text for d in corpus_docs.values()] + [a["text"] for a in generated] + tricky


def test_the_table_components_annotate_every_token_as_spacys_own(analyzer, corpus_docs):
    fast = analyzer.nlp
    assert [type(fast.get_pipe(n)).__name__ for n in ("attribute_ruler", "lemmatizer")] == [
        "TableAttributes",
        "CachedLemmas",
    ]
    stock = _stock()
    texts = _texts(corpus_docs)
    tokens = 0
    for ours, theirs in zip(fast.pipe(texts), stock.pipe(texts), strict=True):
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs, strict=True):
            assert [str(getattr(a, f)) for f in _FIELDS] == [str(getattr(b, f)) for f in _FIELDS], (
                a.text,
                a.sent.text,
            )
            tokens += 1
    assert tokens > 20_000


def test_a_ruler_with_patterns_the_table_cannot_read_is_kept():
    nlp = _stock()
    ruler = nlp.get_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "summit", "OP": "+"}]], {"POS": "NOUN"})
    assert not TableAttributes.handles(ruler.patterns)
    assert speed_up(nlp) == ["lemmatizer"]
    assert nlp.get_pipe("attribute_ruler") is ruler
