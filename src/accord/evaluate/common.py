"""Helpers every section shares: document names, text and date comparison, one-to-one matching."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypeVar

from rapidfuzz import fuzz

from accord.analyze.names import ascii_lower
from accord.models import Evidence, Record

G = TypeVar("G")
R = TypeVar("R")
K = TypeVar("K", bound=Hashable)
P = TypeVar("P", bound=Hashable)

VALUE_TOLERANCE = 0.005  # numbers within 0.5% agree ($1.2 billion vs 1,200,000,000)
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})


@dataclass(frozen=True, slots=True)
class DocNames:
    """Record document id -> gold document name (the corpus file name, ``file.jsonl#N``)."""

    by_id: Mapping[str, str]

    def names(self, evidence: Iterable[Evidence]) -> set[str]:
        return {self.by_id[e.document] for e in evidence if e.document in self.by_id}

    def in_scope(self, evidence: Sequence[Evidence]) -> bool:
        """False for an item whose evidence lies only in documents outside the gold."""
        return not evidence or bool(self.names(evidence))

    def first(self, evidence: Sequence[Evidence]) -> Evidence | None:
        """The first evidence sentence from a gold document (for reports)."""
        return next((e for e in evidence if e.document in self.by_id), None)

    def sentences(self, evidence: Iterable[Evidence], doc: str) -> list[str]:
        return [e.text for e in evidence if self.by_id.get(e.document) == doc]


def doc_names(record: Record, gold_names: set[str], corpus: Path | None) -> DocNames:
    """Name each current record document as the gold does.

    Files are named by their base name; a JSON line ingested under its ``url``
    gets back its ``file.jsonl#N`` name from the corpus folder. Superseded
    versions and documents outside the gold are left out.
    """
    lines = _jsonl_names(corpus) if corpus is not None else {}
    superseded = {d.version_of for d in record.documents if d.version_of}
    by_id = {}
    for document in record.documents:
        if document.id in superseded:
            continue
        name = lines.get(document.source) or PurePosixPath(document.source).name
        if name not in gold_names and document.url:
            name = lines.get(document.url, name)
        if name in gold_names:
            by_id[document.id] = name
    return DocNames(by_id)


def _jsonl_names(corpus: Path) -> dict[str, str]:
    """URL -> ``file.jsonl#N`` for every line of the corpus's JSON-lines files."""
    names: dict[str, str] = {}
    if not corpus.is_dir():
        return names
    for path in sorted(corpus.rglob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            try:
                url = json.loads(line).get("url") if line.strip() else None
            except (ValueError, AttributeError):
                continue
            if isinstance(url, str):
                names[url] = f"{path.name}#{number}"
    return names


def norm_text(text: str | None) -> str:
    """Lower case, typographic quotes folded, whitespace collapsed."""
    return _SPACE.sub(" ", (text or "").translate(_QUOTES)).strip().lower()


def norm_name(text: str | None) -> str:
    """A name compared case- and diacritic-insensitively, without a leading 'the'."""
    name = _SPACE.sub(" ", ascii_lower(text or "")).strip()
    return name.removeprefix("the ")


def contains(snippet: str, text: str, threshold: float = 85) -> bool:
    """``snippet`` is (fuzzily) contained in ``text``: partial_ratio >= threshold, not shorter."""
    snippet, text = norm_text(snippet), norm_text(text)
    if not snippet or len(text) < 0.9 * len(snippet):
        return False
    return fuzz.partial_ratio(snippet, text) >= threshold


def similar_titles(a: str, b: str, threshold: float = 85) -> float:
    """token_set_ratio of lower-cased titles, or 0 below the threshold."""
    ratio = fuzz.token_set_ratio(norm_text(a), norm_text(b))
    return ratio if ratio >= threshold else 0.0


def dates_agree(a: str | None, b: str | None) -> bool:
    """Equal, or one a prefix of the other (2022-06 vs 2022-06-14); both null agree.

    Intervals compare endpoint by endpoint; a single date against an interval
    compares with its start.
    """
    if a is None or b is None:
        return a is None and b is None
    left, right = a.split("/"), b.split("/")
    if len(left) != len(right):
        left, right = left[:1], right[:1]
    return all(x.startswith(y) or y.startswith(x) for x, y in zip(left, right, strict=True))


def close(a: float | None, b: float | None) -> bool:
    """Numbers within 0.5% of the larger (both null agree)."""
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= VALUE_TOLERANCE * max(abs(a), abs(b))


def one_to_one(candidates: Mapping[K, Sequence[P]]) -> dict[K, P]:
    """A maximum one-to-one matching; gold keys in sorted order, candidates tried in order given.

    Augmenting paths (Kuhn's algorithm) let a later gold item take a record item
    an earlier one could do without, so no gold item is missed for want of a
    better assignment; the order of the candidate lists (best first) decides ties.
    """
    owner: dict[P, K] = {}

    def place(gold: K, seen: set[P]) -> bool:
        for pred in candidates[gold]:
            if pred in seen:
                continue
            seen.add(pred)
            if pred not in owner or place(owner[pred], seen):
                owner[pred] = gold
                return True
        return False

    for gold in sorted(candidates, key=str):
        place(gold, set())
    return {gold: pred for pred, gold in owner.items()}


@dataclass(frozen=True, slots=True)
class Matching:
    """The outcome of matching gold items to record items one to one."""

    assigned: dict[str, str]  # gold key -> record id
    matches: dict[str, list[str]]  # record id -> every gold key it matches, best first

    @property
    def taken(self) -> set[str]:
        return set(self.assigned.values())

    def duplicate_of(self, record_id: str) -> str | None:
        """The matched gold item an unassigned record item duplicates, if any."""
        if record_id in self.taken:
            return None
        return next((k for k in self.matches.get(record_id, []) if k in self.assigned), None)

    def duplicates(self, record_ids: Iterable[str]) -> int:
        return sum(self.duplicate_of(r) is not None for r in record_ids)


def match_items(
    golds: Mapping[str, G], records: Mapping[str, R], strength: Callable[[G, R], tuple | None]
) -> Matching:
    """Match every pair for which ``strength`` is not None, one to one, strongest first."""
    pairs: dict[str, list[tuple[str, tuple]]] = {key: [] for key in golds}
    matches: dict[str, list[tuple[str, tuple]]] = {}
    for record_id, item in records.items():
        for key, expected in golds.items():
            value = strength(expected, item)
            if value is not None:
                pairs[key].append((record_id, value))
                matches.setdefault(record_id, []).append((key, value))
    assigned = one_to_one({k: ranked(v) for k, v in pairs.items() if v})
    return Matching(assigned, {r: ranked(v) for r, v in matches.items()})


def ranked(pairs: Iterable[tuple[P, tuple]], key: Callable[[P], str] = str) -> list[P]:
    """Record items best score first, then by id, for :func:`one_to_one`."""
    return [p for p, _ in sorted(pairs, key=lambda pair: (_negate(pair[1]), key(pair[0])))]


def _negate(values: tuple) -> tuple:
    return tuple(-v for v in values)


def show_number(value: float | None) -> str:
    """1,200,000,000 rather than 1.2e+09 in reports."""
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def short(text: str | None, limit: int = 160) -> str | None:
    """A snippet for reports, cut at ``limit`` characters."""
    if text is None:
        return None
    text = _SPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
