"""The per-document analysis: a pure function from a cleaned document to its items.

:class:`Analyzer` holds what is built once per process (the spaCy pipeline,
the reference tables, the gazetteer); :func:`analyze_documents` streams
documents through ``nlp.pipe`` in batches and yields one
:class:`~accord.analyze.types.DocumentAnalysis` per document. Nothing here
reads or writes the knowledge base.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from accord.analyze.actors import DocContext, find_actors
from accord.analyze.agreements import find_agreements
from accord.analyze.commitments import find_commitments, find_completions
from accord.analyze.events import EventContext, find_events, to_event
from accord.analyze.figures import find_figures
from accord.analyze.gazetteer import Gazetteer
from accord.analyze.nlp import load_pipeline
from accord.analyze.quotes import find_quotes
from accord.analyze.reference import Reference, load_reference
from accord.analyze.timex import find_time_mentions
from accord.analyze.types import (
    Completion,
    DocumentAnalysis,
    FigureMention,
    LocalActor,
    Mention,
    QuoteMention,
    Sentence,
)
from accord.models import Agreement, Commitment, Document, Evidence, Figure, Quote
from accord.settings import Settings

# Bump when a change to the analysis should make `accord reanalyze` redo stored documents.
ANALYSIS_VERSION = 6  # 2: figures say which countries they are about; 3: "agreed to" commitments;
# 4: events named in passing and "the meeting" back-references, heads of state by office table;
# 5: completions and narrative dates from their own clause, planned conjuncts, a quote's
# "my visit" is the speaker's; 6: figures a goal or forecast sets are marked as targets; talk
# about an event noun ('discussed issues of cooperation') is no event; trigger nouns match as
# written ('greetings'); a meeting at a summit is between those who met; 'financed by' as an
# attribute is no aid; a place in another event's clause is not this one's; 'will pay a visit';
# 'during the visit they are expected to' is no visit yet; 'six other documents' is more than six;
# 'an invitation to visit' is no visit; 'opened in Baku yesterday' is a completion; who invited
# is the subject of inviting; a body in a named person's title is no participant


@dataclass(slots=True)
class Analyzer:
    """Everything the analysis needs, built once per process."""

    nlp: Language
    degraded: bool
    reference: Reference
    gazetteer: Gazetteer
    acronyms: dict[str, str]

    @classmethod
    def from_settings(cls, settings: Settings) -> Analyzer:
        nlp, degraded = load_pipeline(settings.spacy_model)
        reference = load_reference(settings.data_dir)
        acronyms = {
            f"org:{o.key}": o.acronyms[0] for o in reference.organizations.values() if o.acronyms
        }
        return cls(nlp, degraded, reference, Gazetteer(nlp, reference), acronyms)


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
    text = spacy_doc.text
    sentences = _sentences(spacy_doc)
    ctx = DocContext(
        published=doc.published,
        authors=doc.authors,
        sentences=sentences,
        outlet=doc.outlet,
        cited=list(doc.attributed_to),
    )
    mentions, actors = find_actors(spacy_doc, ctx, analyzer.gazetteer)
    times = find_time_mentions(text, sentences, doc.published)
    by_id = {a.id: a for a in actors}
    agreements_found = find_agreements(text, sentences, mentions, times)
    titles = [(a.start, a.end) for a in agreements_found]
    outside_titles = [m for m in mentions if not any(s <= m.start < e for s, e in titles)]
    quote_mentions = find_quotes(text, sentences)
    speech = [
        (q.start, q.end, speaker)
        for q in quote_mentions
        if q.kind in ("direct", "speech") and (speaker := _speaker(q, mentions))
    ]
    event_ctx = EventContext(
        spacy_doc,
        sentences,
        outside_titles,
        by_id,
        times,
        parsed=not analyzer.degraded,
        dateline=doc.dateline,
        acronyms=analyzer.acronyms,
        speech=speech,
    )
    happened, _planned = find_events(event_ctx)
    events = [
        to_event(
            found,
            doc.id,
            event_ctx,
            item_id(
                "evt",
                doc.id,
                found.sentences[0],
                found.type.name,
                found.trigger,
                found.date.value if found.date else None,
            ),
        )
        for found in happened
    ]
    dated = [(set(f.sentences), f.date.value) for f in happened if f.date and f.date.value]
    quotes = [_quote(q, doc, sentences, mentions, dated) for q in quote_mentions]
    relationship = _relationship(mentions, by_id)
    figures = [
        _figure(f, doc, sentences, mentions, quote_mentions, quotes, dated, relationship)
        for f in find_figures(text, sentences, times, doc.published)
    ]
    speakers = {qm.start: quote.speaker for qm, quote in zip(quote_mentions, quotes, strict=True)}
    commitments = [
        Commitment(
            id=item_id("com", doc.id, c.sentence),
            text=c.text,
            by=c.by,
            made_on=_date_of([c.sentence], dated) or _day(doc.published),
            due=c.due,
            status="open",
            kind=c.kind,
            evidence=[evidence(doc.id, sentences[c.sentence])],
        )
        for c in find_commitments(sentences, mentions, times, quote_mentions, speakers, spacy_doc)
    ]
    completions = [
        Completion(
            id=item_id("done", doc.id, c.sentence),
            text=c.text,
            # A dated event of the same sentence dates it, unless the parse gave that date
            # to another clause ('the documents signed in June ... had already increased').
            date=c.date or (None if c.dates_elsewhere else _date_of([c.sentence], dated)),
            evidence=[evidence(doc.id, sentences[c.sentence])],
        )
        for c in find_completions(sentences, times, spacy_doc)
    ]
    sentence_parties = {i: f.participants for f in happened for i in f.sentences}
    agreements = [
        Agreement(
            id=item_id("agr", doc.id, a.start),
            title=a.title,
            kind=a.kind,
            date=a.date or (_date_of([a.sentence], dated) if a.status == "signed" else None),
            status=a.status,
            parties=a.parties or sentence_parties.get(a.sentence, []),
            evidence=[evidence(doc.id, sentences[a.sentence])],
        )
        for a in agreements_found
    ]
    return DocumentAnalysis(
        document=doc.id,
        language=doc.language,
        degraded=analyzer.degraded,
        sentences=sentences,
        mentions=mentions,
        actors=actors,
        times=times,
        figures=figures,
        quotes=_speech_blocks(quotes, quote_mentions),
        events=events,
        agreements=agreements,
        commitments=commitments,
        completions=completions,
    )


def _day(published: str | None) -> str | None:
    return published[:10] if published else None


def _quote(
    q: QuoteMention,
    doc: Document,
    sentences: list[Sentence],
    mentions: list[Mention],
    dated: list[tuple[set[int], str]],
) -> Quote:
    indexes = q.sentences or [_sentence_at(sentences, q.start)]
    return Quote(
        id=item_id("quo", doc.id, q.start),
        speaker=_speaker(q, mentions),
        text=q.text,
        date=_date_of(indexes, dated),
        kind=q.kind,
        evidence=[evidence(doc.id, sentences[i]) for i in indexes],
    )


def _speech_blocks(quotes: list[Quote], mentions: list[QuoteMention]) -> list[Quote]:
    """The dash paragraphs of one speech become one quote, as a reader would cite it."""
    merged: list[Quote] = []
    previous: QuoteMention | None = None
    for quote, mention in zip(quotes, mentions, strict=True):
        same_speech = (
            previous is not None
            and mention.kind == previous.kind == "speech"
            and (mention.speaker_start, mention.speaker_end)
            == (previous.speaker_start, previous.speaker_end)
        )
        if same_speech:
            last = merged[-1]
            seen = {(e.start, e.end) for e in last.evidence}
            merged[-1] = last.model_copy(
                update={
                    "text": f"{last.text}\n\n{quote.text}",
                    "evidence": last.evidence
                    + [e for e in quote.evidence if (e.start, e.end) not in seen],
                }
            )
        else:
            merged.append(quote)
        previous = mention
    return merged


def _speaker(q: QuoteMention, mentions: list[Mention]) -> str | None:
    """The actor the speaker phrase names; a pronoun means the last person named before it."""
    if q.speaker_start is None or q.speaker_end is None:
        return None
    for mention in mentions:
        if mention.actor and mention.start < q.speaker_end and mention.end > q.speaker_start:
            return mention.actor
    if (q.speaker_text or "").lower() in _PRONOUNS:
        before = [
            m
            for m in mentions
            if m.kind == "person" and m.actor and m.end <= min(q.speaker_start, q.start)
        ]
        return before[-1].actor if before else None
    return None


def _date_of(indexes: list[int], dated: list[tuple[set[int], str]]) -> str | None:
    """The date of the event reported in these sentences (a quote said at that meeting)."""
    for sentence_set, value in dated:
        if any(i in sentence_set for i in indexes):
            return value
    return None


def _figure(
    f: FigureMention,
    doc: Document,
    sentences: list[Sentence],
    mentions: list[Mention],
    quote_mentions: list[QuoteMention],
    quotes: list[Quote],
    dated: list[tuple[set[int], str]],
    relationship: list[str],
) -> Figure:
    """A figure stated in a quote belongs to its speaker; else to the one person the sentence
    attributes it to ('..., Japarov said', 'according to ...')."""
    stated_by = next(
        (
            quote.speaker
            for qm, quote in zip(quote_mentions, quotes, strict=True)
            if qm.start <= f.start < qm.end
        ),
        None,
    )
    sentence = sentences[f.sentence]
    if stated_by is None and _ATTRIBUTION.search(sentence.text):
        speakers = {
            m.actor
            for m in mentions
            if m.actor
            and sentence.start <= m.start < sentence.end
            and m.kind in ("person", "institution", "organization")
        }
        stated_by = speakers.pop() if len(speakers) == 1 else None
    return Figure(
        id=item_id("fig", doc.id, f.start),
        indicator=f.indicator,
        value=f.value,
        value_max=f.value_max,
        unit=f.unit,
        qualifier=f.qualifier,
        # "Nine documents were signed" counts what happened at the event the sentence reports.
        period=f.period or (_date_of([f.sentence], dated) if f.unit in _EVENT_COUNTS else None),
        change=f.change,
        stated_by=stated_by,
        evidence=[evidence(doc.id, sentence)],
        between=_countries_of(sentence, mentions, relationship),
        target=f.target,
    )


def _countries_of(
    sentence: Sentence, mentions: list[Mention], relationship: list[str]
) -> list[str]:
    """The countries a figure is about: those its sentence names when it names two or
    more ('trade between Uzbekistan and Kazakhstan'); otherwise ('bilateral trade',
    'the two countries', '..., the Kyrgyz side said', where a lone country is the
    speaker's) the relationship the document reports."""
    named = {
        m.actor
        for m in mentions
        if m.actor and m.actor.startswith("country:") and sentence.start <= m.start < sentence.end
    }
    return sorted(named) if len(named) >= 2 else relationship


def _relationship(mentions: list[Mention], actors: dict[str, LocalActor]) -> list[str]:
    """The two countries a document is most about, counting its mentions of each country
    and of the people and bodies of each (Mirziyoyev counts for Uzbekistan)."""
    counts: Counter[str] = Counter()
    for m in mentions:
        actor = actors.get(m.actor or "")
        if m.actor and m.actor.startswith("country:"):
            counts[m.actor] += 1
        elif actor is not None and actor.country:
            counts[f"country:{actor.country}"] += 1
    return sorted(country for country, _ in counts.most_common(2))


_EVENT_COUNTS = {"documents", "agreements", "memoranda", "contracts"}
_PRONOUNS = {"he", "she", "they", "we", "i"}
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|noted|stated|stressed|told|according to|announced|"
    r"reported|added|emphasi[sz]ed)\b",
    re.I,
)


def _sentence_at(sentences: list[Sentence], offset: int) -> int:
    return max((s.index for s in sentences if s.start <= offset), default=0)


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
