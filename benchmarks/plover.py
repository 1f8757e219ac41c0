"""PLOVER root-type coding: the built-in and the learned coder on a public test split.

    .venv/bin/python benchmarks/plover.py [--data PATH] [--epochs 6] [--seed 13]
                                          [--model DIR | --save DIR] [--builtin-only]

Data: ``../shared/benchmarks/plover/plv.csv`` next to the repository (or
$ACCORD_PLOVER_DATA, or --data), 15 labels, the split in the ``meta`` column.
The file stays outside the project; without it the benchmark says so and
exits 0. The learned coder is trained on split=train only (into a temporary
folder unless --model names a trained one); both coders are scored on
split=test (--save keeps the trained folder, --model reuses one). A sentence
for which a coder finds no event counts as wrong.

Printed for each coder: macro-F1 over the 15 types, accuracy, per-type F1,
the confusion table (rows: gold, columns: predicted) and sentences/s (coding
only, one process, timed on the test sentences after the train sentences were
coded: the steady state of a long run on sentences not seen before; also per
CPU-second of the process, a figure that other load on the machine disturbs
less). The learned coder's score is also the
line ``macro-F1: NN.N``. Needs ``pip install -e '.[learn]'`` for the learned
coder; with --builtin-only (or without the extra) only the built-in is scored.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from accord.analyze.nlp import load_pipeline
from accord.analyze.plover import PLOVER_TYPES, BuiltinCoder, CoderUnavailable
from accord.settings import DEFAULT_MODEL

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/benchmarks/plover/plv.csv"
MISS = "NONE"


def load_split(path: Path, split: str) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if f"split={split}" in row["meta"]]


def scores(gold: list[str], predicted: list[str]) -> tuple[float, float, dict[str, float]]:
    """(macro-F1, accuracy, F1 per type), in percent; a missed sentence is a wrong answer."""
    per_type = {}
    for label in PLOVER_TYPES:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted, strict=True))
        per_type[label] = 100 * 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    accuracy = 100 * sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
    return sum(per_type.values()) / len(per_type), accuracy, per_type


def timed_code(
    coder, texts: list[str], warm_up: list[str]
) -> tuple[list[str], tuple[float, float]]:
    """First event type per sentence, and (sentences per wall second, per CPU second),
    timed after ``warm_up`` (other sentences) was coded: a coder's steady state in a long
    run, its vocabulary and lookup tables filled, measured on sentences it has not seen."""
    coder.code(warm_up)
    wall, cpu = time.perf_counter(), time.process_time()
    coded = coder.code(texts)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    rates = (len(texts) / wall, len(texts) / cpu)
    return [events[0].plover if events else MISS for events in coded], rates


def report(name: str, gold: list[str], predicted: list[str], rates: tuple[float, float]) -> float:
    macro, accuracy, per_type = scores(gold, predicted)
    missed = predicted.count(MISS)
    print(f"\n== {name}")
    print(f"{name} macro-F1 {macro:.1f}  accuracy {accuracy:.1f}  no event found: "
          f"{missed}/{len(gold)}")  # fmt: skip
    print(f"sentences/s {rates[0]:.0f} (wall clock, one process; "
          f"{rates[1]:.0f} per CPU-second, load average {os.getloadavg()[0]:.1f})")  # fmt: skip
    print("per-type F1: " + "  ".join(f"{t} {f:.1f}" for t, f in per_type.items()))
    columns = [*PLOVER_TYPES, MISS] if missed else list(PLOVER_TYPES)
    pairs = Counter(zip(gold, predicted, strict=True))
    print("confusion (rows gold, columns predicted):")
    print(f"{'':>10}" + "".join(f"{c[:4]:>5}" for c in columns))
    for row in PLOVER_TYPES:
        print(f"{row:>10}" + "".join(f"{pairs[(row, c)] or '.':>5}" for c in columns))
    return macro


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="plv.csv (default: ../shared)")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--model", type=Path, default=None, help="trained folder: skip training")
    parser.add_argument("--save", type=Path, default=None, help="keep the trained model here")
    parser.add_argument("--builtin-only", action="store_true")
    args = parser.parse_args()
    data = args.data or Path(os.environ.get("ACCORD_PLOVER_DATA") or DEFAULT_DATA)
    if not data.is_file():
        print(f"skipped: PLOVER benchmark data not found at {data} (set ACCORD_PLOVER_DATA)")
        return 0
    train_rows, test_rows = load_split(data, "train"), load_split(data, "test")
    texts, gold = [r["text"] for r in test_rows], [r["label"] for r in test_rows]
    nlp, _ = load_pipeline(DEFAULT_MODEL)
    print(f"data: {data.name}; train {len(train_rows)}, test {len(test_rows)} sentences; "
          f"spaCy {DEFAULT_MODEL}")  # fmt: skip

    warm_up = [r["text"] for r in train_rows]
    predicted, rates = timed_code(BuiltinCoder(nlp), texts, warm_up)
    report("built-in coder", gold, predicted, rates)
    if not args.builtin_only:
        try:
            learned(args, nlp, train_rows, texts, gold)
        except CoderUnavailable as exc:
            print(f"\nlearned coder skipped: {exc}")
    return 0


def learned(args, nlp, train_rows, texts: list[str], gold: list[str]) -> None:
    from accord.analyze.learned import LearnedCoder, TrainingExample, train_examples

    with tempfile.TemporaryDirectory(prefix="accord-plover-") as scratch:
        folder = args.model
        if folder is None:
            folder = args.save or Path(scratch) / "model"
            examples = [
                TrainingExample(
                    text=r["text"], label=r["label"], source=r["source"], target=r["target"]
                )
                for r in train_rows
            ]
            print(f"\ntraining the learned coder: {len(examples)} sentences, "
                  f"{args.epochs} epochs, seed {args.seed} ...", flush=True)  # fmt: skip
            result = train_examples(
                examples,
                folder,
                epochs=args.epochs,
                seed=args.seed,
                nlp=nlp,
                on_epoch=lambda n, loss: print(f"  epoch {n}: loss {loss:.4f}", flush=True),
            )
            losses = result.loss_per_epoch
            print(f"trained in {result.seconds:.0f} s (wall clock, CPU only); loss {losses}")
        coder = LearnedCoder.load(folder, nlp=nlp)
        warm_up = [r["text"] for r in train_rows]
        predicted, rates = timed_code(coder, texts, warm_up)
    macro = report("learned coder", gold, predicted, rates)
    print(f"\nmacro-F1: {macro:.1f}")


if __name__ == "__main__":
    sys.exit(main())
