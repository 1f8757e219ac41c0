"""The per-document analysis: a pure function from a cleaned document to its items.

:class:`Analyzer` holds what is built once per process (the spaCy pipeline,
the reference tables, the gazetteer); :func:`analyze_documents` streams
documents through ``nlp.pipe`` in batches and yields one
:class:`~accord.analyze.types.DocumentAnalysis` per document. Nothing here
reads or writes the knowledge base.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from accord.analyze.actors import DocContext, find_actors
from accord.analyze.gazetteer import Gazetteer
from accord.analyze.nlp import load_pipeline
from accord.analyze.reference import Reference, load_reference
from accord.analyze.types import DocumentAnalysis, Sentence
from accord.models import Document, Evidence
from accord.settings import Settings

# Bump when a change to the analysis should make `accord reanalyze` redo stored documents.
ANALYSIS_VERSION = 1


@dataclass(slots=True)
class Analyzer:
    """Everything the analysis needs, built once per process."""

    nlp: Language
    degraded: bool
    reference: Reference
    gazetteer: Gazetteer

    @classmethod
    def from_settings(cls, settings: Settings) -> Analyzer:
        nlp, degraded = load_pipeline(settings.spacy_model)
        reference = load_reference(settings.data_dir)
        return cls(nlp, degraded, reference, Gazetteer(nlp, reference))


def analyze_documents(
    docs: Iterable[Document], analyzer: Analyzer, *, batch_size: int = 32
) -> Iterator[DocumentAnalysis]:
    """Analyse each document (in input order), running spaCy in batches."""
    batch: list[Document] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= batch_size:
            yield from _analyze_batch(batch, analyzer)
            batch = []
    if batch:
        yield from _analyze_batch(batch, analyzer)


def analyze_document(doc: Document, analyzer: Analyzer) -> DocumentAnalysis:
    """Analyse one document."""
    return next(iter(_analyze_batch([doc], analyzer)))


def is_english(doc: Document) -> bool:
    """Analyse English text, and text too short to tell."""
    return doc.language in (None, "en")


def _analyze_batch(batch: list[Document], analyzer: Analyzer) -> Iterator[DocumentAnalysis]:
    english = [d for d in batch if is_english(d) and d.text]
    parsed = dict(
        zip((d.id for d in english), analyzer.nlp.pipe(d.text or "" for d in english), strict=True)
    )
    for doc in batch:
        spacy_doc = parsed.get(doc.id)
        if spacy_doc is None:
            yield DocumentAnalysis(
                document=doc.id, language=doc.language, degraded=analyzer.degraded
            )
        else:
            yield _analyze(doc, spacy_doc, analyzer)


def _analyze(doc: Document, spacy_doc: Doc, analyzer: Analyzer) -> DocumentAnalysis:
    sentences = _sentences(spacy_doc)
    ctx = DocContext(
        published=doc.published,
        authors=doc.authors,
        sentences=sentences,
        sources=[s for s in (doc.outlet, *doc.attributed_to) if s],
    )
    mentions, actors = find_actors(spacy_doc, ctx, analyzer.gazetteer)
    return DocumentAnalysis(
        document=doc.id,
        language=doc.language,
        degraded=analyzer.degraded,
        sentences=sentences,
        mentions=mentions,
        actors=actors,
    )


def _sentences(doc: Doc) -> list[Sentence]:
    """Sentences trimmed of surrounding whitespace, with their paragraph number."""
    text = doc.text
    sentences: list[Sentence] = []
    paragraph = 0
    previous_end = 0
    for span in doc.sents:
        start, end = span.start_char, span.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        if sentences and "\n\n" in text[previous_end:start]:
            paragraph += 1
        sentences.append(
            Sentence(
                index=len(sentences),
                start=start,
                end=end,
                text=text[start:end],
                paragraph=paragraph,
            )
        )
        previous_end = end
    return sentences


def evidence(doc_id: str, sentence: Sentence) -> Evidence:
    """The evidence record of one sentence."""
    return Evidence(document=doc_id, text=sentence.text, start=sentence.start, end=sentence.end)


def item_id(prefix: str, doc_id: str, *parts: object) -> str:
    """A stable id for an item found in a document: the same input gives the same id."""
    digest = hashlib.sha1("|".join([doc_id, *map(str, parts)]).encode()).hexdigest()[:12]
    return f"{prefix}-{digest}"
