"""Evaluation: score the record against a hand-made gold annotation, section by section.

``evaluate_gold(gold_dir, settings, db=...)`` scores an existing knowledge base,
or ingests the corpus next to the gold into a temporary one first;
``evaluate(record, gold)`` scores a record already in hand. Each section gives
precision, recall and F1, extra accuracies and counts, and the gold items
missed and record items unsupported (``--details``), so a drop points at what
to fix. Everything is deterministic: no network, no clock, sorted output.

Common ground. Documents are named as in the gold: the corpus file name, and
``file.jsonl#N`` for JSON lines (recovered from their URL through the corpus
folder). A record item "shares a document" with a gold item when one of its
evidence sentences comes from a document the gold item is reported in. Items
whose evidence lies only outside the gold documents are left out. Matching is
one to one (maximum matching, strongest pairs first): when several record items
match one gold item, one is a true positive and the others are false positives
counted as *duplicates*, which is what cross-document fusion must remove.
Record actor ids are mapped to gold actor keys through shared names.

Rules, one per section (also printed as footnotes):

* documents: field by field (title, published date part, outlet, authors,
  dateline, attributed_to as gold actors); a correct null counts as found,
  precision is over non-null predicted fields.
* actors: same kind and a shared name or alias, folded for case, diacritics and
  script; a record actor named like two gold actors (father and son) is a false
  merge and a false positive; never_actor and not_person names are counted.
* events: gold events that occurred; same type or PLOVER root, overlapping
  participants, agreeing dates (equal, prefix, or both null), a shared document.
* agreements: token_set_ratio >= 85 between titles and a shared document;
  status accuracy apart.
* commitments: a shared document whose gold text or evidence snippet is
  contained (partial_ratio >= 85) in the record commitment's text or evidence.
* fulfilment: gold commitments fulfilled or overdue, found when a matching
  record commitment has the same status; precision over record commitments
  claiming fulfilled or overdue.
* figures: shared document, same unit, value (and value_max) within 0.5%;
  indicator and period accuracies apart; not_figures counted.
* quotes: shared document, record text starts with the gold opening words;
  speaker accuracy apart.
* conflicts: record values cover each side of the gold conflict (values the
  gold calls compatible form one side) with overlapping evidence documents;
  conflicts the gold's not_conflicts rule out are counted.
"""

from __future__ import annotations

from accord.evaluate.actors import RULE as _ACTORS
from accord.evaluate.agreements import RULE as _AGREEMENTS
from accord.evaluate.commitments import FULFILMENT_RULE as _FULFILMENT
from accord.evaluate.commitments import RULE as _COMMITMENTS
from accord.evaluate.conflicts import RULE as _CONFLICTS
from accord.evaluate.documents import RULE as _DOCUMENTS
from accord.evaluate.events import RULE as _EVENTS
from accord.evaluate.figures import RULE as _FIGURES
from accord.evaluate.gold import Gold, load_gold
from accord.evaluate.quotes import RULE as _QUOTES
from accord.evaluate.results import Evaluation, Finding, Metric, SectionScore
from accord.evaluate.run import evaluate, evaluate_gold, record_from_corpus, record_from_kb

RULES = {
    "documents": _DOCUMENTS,
    "actors": _ACTORS,
    "events": _EVENTS,
    "agreements": _AGREEMENTS,
    "commitments": _COMMITMENTS,
    "fulfilment": _FULFILMENT,
    "figures": _FIGURES,
    "quotes": _QUOTES,
    "conflicts": _CONFLICTS,
}
SECTIONS = tuple(RULES)

__all__ = [
    "RULES",
    "SECTIONS",
    "Evaluation",
    "Finding",
    "Gold",
    "Metric",
    "SectionScore",
    "evaluate",
    "evaluate_gold",
    "load_gold",
    "record_from_corpus",
    "record_from_kb",
]
