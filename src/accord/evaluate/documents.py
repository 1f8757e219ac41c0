"""Documents: field by field over the metadata of each gold document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from accord.evaluate.common import DocNames, norm_name, norm_text
from accord.evaluate.gold import Gold
from accord.evaluate.results import Finding, SectionScore, accuracy, count, score
from accord.models import Document, Record

SUMMARY = (
    "fields title, published (date part), outlet, authors, dateline, attributed_to; a correct "
    "null counts as found"
)
RULE = (
    "Field by field over title, published, outlet, authors, dateline, attributed_to of each "
    "gold document. title: equal after folding case, quotes and whitespace; published: same "
    "date part (a gold null must be predicted null); outlet, dateline: equal ignoring case and "
    "diacritics; authors: equal sets; attributed_to: equal sets, each name folded to the gold "
    "actor it names (any alias, case-insensitive). gold = every field; a correctly predicted "
    "null or empty list counts as found; precision = correct non-null fields / non-null fields "
    "predicted."
)
FIELDS = ("title", "published", "outlet", "authors", "dateline", "attributed_to")


def evaluate_documents(record: Record, gold: Gold, names: DocNames) -> SectionScore:
    by_name: dict[str, Document] = {}
    duplicates = 0
    for document in sorted(record.documents, key=lambda d: d.id):
        name = names.by_id.get(document.id)
        if name is None:
            continue
        if name in by_name:
            duplicates += 1
        else:
            by_name[name] = document
    canon = _agency_canon(gold)
    predicted = correct = correct_predicted = 0
    per_field = dict.fromkeys(FIELDS, 0)
    misses: list[Finding] = []
    wrong: list[Finding] = []
    for expected in gold.documents:
        document = by_name.get(expected.doc)
        if document is None:
            misses.append(_finding("miss", expected.doc, "document", "not in the record", None))
            continue
        for field in FIELDS:
            gold_value, value = getattr(expected, field), getattr(document, field)
            ok = _COMPARE[field](gold_value, value, canon)
            filled = value not in (None, "", [])
            predicted += filled
            correct += ok
            correct_predicted += ok and filled
            per_field[field] += ok
            if ok:
                continue
            if gold_value not in (None, []):
                misses.append(_finding("miss", expected.doc, field, gold_value, value))
            if filled:
                wrong.append(_finding("false_positive", expected.doc, field, value, gold_value))
    metrics = [
        accuracy(f"{field} right", per_field[field], len(gold.documents)) for field in FIELDS
    ]
    metrics.append(count("record documents not in the gold", _outside(record, names)))
    if duplicates:
        metrics.append(count("gold documents stored twice", duplicates))
    return score(
        "documents",
        gold=len(gold.documents) * len(FIELDS),
        predicted=predicted,
        matched=correct,
        correct_predicted=correct_predicted,
        match=SUMMARY,
        rule=RULE,
        metrics=metrics,
        misses=misses,
        false_positives=wrong,
    )


def _same_text(gold: str | None, value: str | None, _canon: Any) -> bool:
    return norm_text(gold) == norm_text(value)


def _same_name(gold: str | None, value: str | None, _canon: Any) -> bool:
    return norm_name(gold) == norm_name(value)


def _same_date(gold: str | None, value: str | None, _canon: Any) -> bool:
    if gold is None or value is None:
        return gold is None and value is None
    return gold[:10] == value[:10]


def _same_set(gold: list[str], value: list[str], _canon: Any) -> bool:
    return {norm_name(x) for x in gold} == {norm_name(x) for x in value}


def _same_agencies(gold: list[str], value: list[str], canon: dict[str, str]) -> bool:
    def fold(names: list[str]) -> set[str]:
        return {canon.get(norm_name(n), norm_name(n)) for n in names}

    return fold(gold) == fold(value)


_COMPARE: dict[str, Callable[[Any, Any, dict[str, str]], bool]] = {
    "title": _same_text,
    "published": _same_date,
    "outlet": _same_name,
    "authors": _same_set,
    "dateline": _same_name,
    "attributed_to": _same_agencies,
}


def _agency_canon(gold: Gold) -> dict[str, str]:
    """Every gold actor name and alias (folded) -> the actor's key."""
    canon: dict[str, str] = {}
    for actor in sorted(gold.actors.actors, key=lambda a: a.key):
        for name in (actor.name, *actor.aliases):
            canon.setdefault(norm_name(name), actor.key)
    return canon


def _finding(kind: str, doc: str, field: str, value: Any, other: Any) -> Finding:
    note = None
    if field != "document":
        note = f"predicted {other!r}" if kind == "miss" else f"gold {other!r}"
    return Finding(
        kind=kind,  # type: ignore[arg-type]
        id=f"{doc}:{field}",
        documents=[doc],
        summary=f"{field} = {value!r}" if field != "document" else "document not in the record",
        note=note,
    )


def _outside(record: Record, names: DocNames) -> int:
    superseded = {d.version_of for d in record.documents if d.version_of}
    return sum(d.id not in names.by_id and d.id not in superseded for d in record.documents)
