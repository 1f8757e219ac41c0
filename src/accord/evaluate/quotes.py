"""Quotes: record quotes against the gold quotes by document and opening words."""

from __future__ import annotations

from rapidfuzz import fuzz

from accord.evaluate.actors import ActorMap
from accord.evaluate.common import DocNames, match_items, norm_text, short
from accord.evaluate.gold import Gold, GoldQuote
from accord.evaluate.results import Finding, SectionScore, accuracy, count, score
from accord.models import Quote, Record

SUMMARY = "shared document, record text starts with the gold opening words; speaker accuracy apart"
RULE = (
    "Gold quotes vs record quotes. A pair matches when they share a document and the record "
    "quote's text starts with the gold text (a speech block's text may start later in the "
    "record quote), after folding case, whitespace and quote marks and stripping leading "
    "dashes and quotation marks and the gold's final punctuation. Maximum one-to-one "
    "matching; speaker accuracy (record speaker mapped to a gold actor by name) is over the "
    "matched pairs."
)
_EDGE = " \"'–—-:"


def evaluate_quotes(record: Record, gold: Gold, names: DocNames, actors: ActorMap) -> SectionScore:
    golds = {_key(gold.quotes, i): q for i, q in enumerate(gold.quotes)}
    records = {q.id: q for q in record.quotes if names.in_scope(q.evidence)}

    def strength(expected: GoldQuote, item: Quote) -> tuple | None:
        if expected.doc not in names.names(item.evidence) or not quote_matches(expected, item):
            return None
        return (actors.key(item.speaker) == expected.speaker,)

    matching = match_items(golds, records, strength)
    pairs = [(golds[k], records[r]) for k, r in sorted(matching.assigned.items())]
    in_doc: dict[str, list[Quote]] = {}
    for item in records.values():
        for doc in names.names(item.evidence):
            in_doc.setdefault(doc, []).append(item)
    misses = [
        Finding(
            kind="miss",
            id=key,
            documents=[expected.doc],
            summary=f"{expected.kind} quote by {expected.speaker}",
            evidence=short(expected.text),
            note=_closest(expected, in_doc.get(expected.doc, [])),
        )
        for key, expected in golds.items()
        if key not in matching.assigned
    ]
    blocks = {(q.doc, q.speaker) for q in gold.quotes if q.kind == "speech_block"}
    false_positives = []
    for record_id, item in records.items():
        if record_id in matching.taken:
            continue
        duplicate = matching.duplicate_of(record_id)
        speaker = actors.key(item.speaker)
        in_block = any((doc, speaker) in blocks for doc in names.names(item.evidence))
        false_positives.append(
            Finding(
                kind="false_positive",
                id=record_id,
                documents=sorted(names.names(item.evidence)),
                summary=f"{item.kind} quote by {actors.key(item.speaker) or item.speaker}",
                evidence=short(item.text),
                note=f"duplicate of {duplicate}"
                if duplicate
                else "its speaker has a gold speech block in this document: one quote, "
                "not one per paragraph"
                if in_block
                else None,
            )
        )
    metrics = [
        count("duplicates", matching.duplicates(records)),
        accuracy(
            "same speaker", sum(actors.key(r.speaker) == g.speaker for g, r in pairs), len(pairs)
        ),
    ]
    return score(
        "quotes",
        gold=len(golds),
        predicted=len(records),
        matched=len(matching.assigned),
        match=SUMMARY,
        rule=RULE,
        metrics=metrics,
        misses=misses,
        false_positives=false_positives,
    )


def quote_matches(expected: GoldQuote, item: Quote) -> bool:
    opening = norm_text(expected.text).strip(_EDGE).rstrip(".,;:!?")
    text = norm_text(item.text).strip(_EDGE)
    if not opening:
        return False
    return opening in text if expected.kind == "speech_block" else text.startswith(opening)


def _key(quotes: list[GoldQuote], index: int) -> str:
    """``doc#n``: the n-th gold quote of its document (gold quotes have no keys)."""
    doc = quotes[index].doc
    return f"{doc}#q{sum(q.doc == doc for q in quotes[: index + 1])}"


def _closest(expected: GoldQuote, items: list[Quote]) -> str:
    if not items:
        return "no record quote in this document"
    ratio, best = max(
        (fuzz.partial_ratio(norm_text(expected.text), norm_text(q.text)), q.id) for q in items
    )
    text = next(q.text for q in items if q.id == best)
    return f"closest: {best} ({ratio:.0f}) {short(text, 100)!r}"
