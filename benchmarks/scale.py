"""Scaling benchmark: analysis and ingest throughput, memory, growth with corpus size.

    .venv/bin/python benchmarks/generate.py --articles 10000 --out /tmp/wire
    .venv/bin/python benchmarks/scale.py analysis --corpus /tmp/wire --articles 500 [--jobs 2]
    .venv/bin/python benchmarks/scale.py ingest --corpus /tmp/wire --articles 1000 \\
        [--jobs 2] [--executor dask] [--db URL] [--last 0.01] [--from K]
    .venv/bin/python benchmarks/scale.py fusion --db kb.db [--last 0.01] [--check] [--phases]

``analysis`` times, on the first --articles prepared documents and after a
warm-up pass, the bare spaCy model (``nlp.pipe`` with accord's components) and
accord's analysis (in this process, or --jobs worker processes), alternately,
--repeat times each; the best of each is reported and their ratio.

``ingest`` ingests the first --articles articles (from article --from on, 0 by
default) into a fresh knowledge base (SQLite file in a temporary folder unless --db) from JSONL shards of 100
articles (one Dask partition each), in two runs: all but the last --last
share, then that share, so the fusion of a few documents added to a large
knowledge base is timed too. The fusion time of a run is the time of the
ingest's own call to ``pipeline.fuse``. KB size is the SQLite file size after a WAL
checkpoint (PostgreSQL: pg_database_size). --skip-fusion leaves the record
out, to measure the ingest itself on corpora where fusion is too slow.

``fusion`` takes the analyses of the newest --last share of a knowledge base's
documents out, rebuilds the record from the rest, stores them back and times
the update that fuses them, as an ingest of them would (--check: the updated
record equals a full rebuild; --phases: the seconds spent in each of fusion's
phases, and how many MiB each raised the peak RSS, in the rebuild and in the
update — a diagnostic that costs time itself, so take timings from runs
without it).

Every command prints one JSON line: figures, the load average (1 min) at the
start and end, and the peak RSS (VmHWM) of this process and of the largest of
its worker processes, sampled from /proc. Each command runs in its own
process, so peaks are per configuration.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import tempfile
import threading
import time
from collections import Counter, deque
from itertools import islice
from pathlib import Path

from sqlalchemy import text

from accord.analyze.document import Analyzer, analyze_documents
from accord.fuse import record as fusion_record
from accord.fuse.record import rebuild_record, update_record
from accord.ingest import pipeline
from accord.ingest.parallel import ProcessPool
from accord.ingest.pipeline import ingest, policy_from
from accord.ingest.prepare import prepare
from accord.ingest.sources import RawItem, iter_inputs
from accord.models import Document
from accord.settings import Settings
from accord.store.kb import open_kb


class PeakRss:
    """Peak resident memory (VmHWM) of this process and, sampled, of its descendants."""

    def __init__(self, interval: float = 0.5) -> None:
        self.children: dict[int, int] = {}
        self.cpu: dict[int, float] = {}  # last CPU seconds seen per descendant
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, args=(interval,), daemon=True)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self, interval: float) -> None:
        while not self._stop.wait(interval):
            self.sample()

    def sample(self) -> None:
        for pid in _descendants(os.getpid()):
            hwm = _vmhwm(pid)
            if hwm:
                self.children[pid] = max(self.children.get(pid, 0), hwm)
                self.cpu[pid] = _cpu_of([pid])

    def cpu_seconds(self) -> float:
        """CPU seconds of this process and its descendants so far (sampled)."""
        self.sample()
        return time.process_time() + sum(self.cpu.values())

    def report(self) -> dict[str, float]:
        return {
            "rss_main_mib": round(_vmhwm(os.getpid()) / 1024, 1),
            "rss_worker_max_mib": round(max(self.children.values(), default=0) / 1024, 1),
            "workers_seen": len(self.children),
        }


def _vmhwm(pid: int) -> int:
    """Peak RSS in KiB from /proc (0 if the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _cpu_of(pids: list[int]) -> float:
    """CPU seconds (user + system) used so far by these live processes."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def slice_corpus(corpus: Path, start: int, stop: int, out: Path, shard: int = 100) -> list[str]:
    """Articles [start, stop) of the corpus's JSONL shards, rewritten as shards in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    lines = islice(_corpus_lines(corpus), start, stop)
    paths: list[str] = []
    handle = None
    for n, line in enumerate(lines):
        if n % shard == 0:
            if handle:
                handle.close()
            path = out / f"part-{start + n:07d}.jsonl"
            paths.append(str(path))
            handle = path.open("w", encoding="utf-8")
        handle.write(line)
    if handle:
        handle.close()
    return paths


def _corpus_lines(corpus: Path):
    for shard in sorted(corpus.glob("*.jsonl")):
        with shard.open(encoding="utf-8") as handle:
            yield from handle


def prepared(corpus: Path, articles: int, workdir: Path) -> list[Document]:
    paths = slice_corpus(corpus, 0, articles, workdir)
    items = iter_inputs(paths, policy_from(Settings()))
    return [prepare(e) for e in items if isinstance(e, RawItem)]


def _best(run, repeat: int) -> float:
    return min(_seconds(run) for _ in range(repeat))


def _seconds(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def cmd_analysis(args: argparse.Namespace) -> dict:
    settings = Settings.resolve({"spacy_model": args.model})
    with tempfile.TemporaryDirectory() as tmp, PeakRss() as rss:
        docs = prepared(args.corpus, args.articles, Path(tmp))
        texts = [d.text or "" for d in docs]
        words = sum(len(t.split()) for t in texts)
        load_start = _load()
        analyzer = Analyzer.from_settings(settings)
        bare = _bare_model(settings, analyzer)
        # results are dropped as they come (deque of length 0), as the ingest job drops
        # them once written: keeping every Doc alive would time the garbage collector
        runs = {
            "bare": lambda: deque(bare.pipe(texts, batch_size=32), maxlen=0),
            "analysis": lambda: deque(analyze_documents(docs, analyzer, batch_size=32), maxlen=0),
        }
        pool = ProcessPool(settings, args.jobs) if args.jobs > 1 else None
        if pool is not None:
            runs[f"analysis_jobs{args.jobs}"] = lambda: _in_pool(pool, docs)
        for run in runs.values():
            run()  # warm-up: first-call costs, worker start-up
        times: dict[str, list[float]] = {name: [] for name in runs}
        cpu: dict[str, list[float]] = {name: [] for name in runs}
        workers = list(pool._pool._processes) if pool is not None else []
        for _ in range(args.repeat):  # alternated, so load changes hit every variant
            for name, run in runs.items():
                before = time.process_time() + _cpu_of(workers)
                times[name].append(_seconds(run))
                cpu[name].append(time.process_time() + _cpu_of(workers) - before)
        if pool is not None:
            pool.close()
    best = {name: min(t) for name, t in times.items()}
    result = {
        "command": "analysis",
        "jobs": args.jobs,
        "articles": len(docs),
        "words": words,
        **{f"{name}_words_s": round(words / t) for name, t in best.items()},
        "analysis_articles_s": round(len(docs) / best["analysis"], 1),
        "ratio_to_bare": round(best["bare"] / best["analysis"], 3),
        "times_s": {k: [round(t, 2) for t in v] for k, v in times.items()},
        # CPU seconds of all processes involved: what the work costs whatever the load
        "cpu_ms_per_article": {k: round(1000 * min(v) / len(docs), 1) for k, v in cpu.items()},
        "load_start": load_start,
        "load_end": _load(),
        **rss.report(),
    }
    if pool is not None:
        result["speedup_jobs"] = round(best["analysis"] / best[f"analysis_jobs{args.jobs}"], 3)
    return result


def _bare_model(settings: Settings, analyzer: Analyzer):
    """The spaCy model as installed, every component as shipped (none of accord's
    replacements): the yardstick the analysis is measured against. Rules only: the
    blank pipeline the analysis itself runs."""
    if analyzer.degraded:
        return analyzer.nlp
    import spacy

    return spacy.load(settings.spacy_model)


def _in_pool(pool: ProcessPool, docs: list[Document]) -> None:
    """Analysis in the pool, batches of 32 submitted ahead as the ingest job does."""
    for pending in [pool.submit(docs[i : i + 32]) for i in range(0, len(docs), 32)]:
        pending.result()


def cmd_ingest(args: argparse.Namespace) -> dict:
    settings = Settings.resolve({"spacy_model": args.model})
    with tempfile.TemporaryDirectory() as tmp, PeakRss() as rss:
        work = Path(tmp)
        start, stop = args.start, args.start + args.articles
        head = start + round(args.articles * (1 - args.last))
        first = slice_corpus(args.corpus, start, head, work / "first")
        last = slice_corpus(args.corpus, head, stop, work / "last")
        words = sum(len(json.loads(line)["text"].split()) for line in _lines(first + last))
        db = args.db or str(work / "kb.db")
        engine = open_kb(db)
        load_start = _load()
        runs = [
            _timed_ingest(paths, engine, settings, args, rss) for paths in (first, last) if paths
        ]
        size = _kb_size(engine)
        engine.dispose()
    total = sum(r["seconds"] for r in runs)
    fusion = sum(r["fusion_s"] for r in runs)
    return {
        "command": "ingest",
        "executor": args.executor,
        "fusion": not args.skip_fusion,
        "jobs": args.jobs,
        "articles": args.articles,
        "from": args.start,
        "words": words,
        "seconds": round(total, 1),
        "articles_s": round(args.articles / total, 1),
        "words_s": round(words / total),
        "articles_s_without_fusion": round(args.articles / (total - fusion), 1),
        "runs": runs,
        "kb_mib": round(size / 2**20, 1),
        "load_start": load_start,
        "load_end": _load(),
        **rss.report(),
    }


def _lines(paths: list[str]):
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            yield from handle


def _timed_ingest(paths: list[str], engine, settings: Settings, args, rss: PeakRss) -> dict:
    fusion = [0.0]
    peak_before_fusion = [0]
    fuse = pipeline.fuse

    def timed_fuse(*fuse_args) -> None:  # the ingest's own call, timed
        peak_before_fusion[0] = _vmhwm(os.getpid())
        if not args.skip_fusion:
            fusion[0] = _seconds(lambda: fuse(*fuse_args))

    pipeline.fuse = timed_fuse
    cpu_before = rss.cpu_seconds()
    try:
        start = time.perf_counter()
        report = ingest(
            paths, engine, settings, jobs=args.jobs, executor=args.executor, keep_outcomes=False
        )
        seconds = time.perf_counter() - start
    finally:
        pipeline.fuse = fuse
    return {
        "documents": sum(report.counts.values()),
        "counts": dict(report.counts),
        "seconds": round(seconds, 2),
        "cpu_s": round(rss.cpu_seconds() - cpu_before, 1),
        "fusion_s": round(fusion[0], 2),
        "rss_main_before_fusion_mib": round(peak_before_fusion[0] / 1024, 1),
        "rss_main_after_mib": round(_vmhwm(os.getpid()) / 1024, 1),
    }


def _kb_size(engine) -> int:
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        path = Path(engine.url.database)
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_database_size(current_database())")).scalar()


def cmd_fusion(args: argparse.Namespace) -> dict:
    """Fusion of an existing knowledge base as an ingest of its newest --last share runs it.

    The newest documents' analyses are taken out, the record is rebuilt from the rest
    (timed: the rebuild), the analyses are stored back as an ingest stores them, and
    ``update_record`` fuses them (timed: the update). --check then rebuilds the whole
    record and compares it with the updated one. The held-back documents' rows stay
    in ``documents`` (their publication days count for "as of" in both records).
    """
    from sqlalchemy import select

    from accord.analyze.reference import load_reference
    from accord.present.export import build_record
    from accord.store.schema import documents

    engine = open_kb(args.db, create=False)
    reference = load_reference(None)
    with engine.connect() as connection:
        ids = list(connection.execute(select(documents.c.id).order_by(documents.c.pk)).scalars())
    newest = set(ids[len(ids) - max(1, round(len(ids) * args.last)) :])
    held = _hold_back(engine, newest)
    load_start = _load()
    phases = _phases if args.phases else _no_phases
    with PeakRss() as rss:
        with phases() as rebuild_phases:
            rebuild = _seconds(lambda: rebuild_record(engine, reference))
        peak_rebuild = _vmhwm(os.getpid())
        _store_back(engine, held)
        with phases() as update_phases:
            update = _seconds(lambda: update_record(engine, reference, newest))
        peak_update = _vmhwm(os.getpid())
        same = None
        if args.check:  # after the timings: the exports hold the whole record
            updated = _record_json(build_record(engine))
            rebuild_record(engine, reference)
            same = _record_json(build_record(engine)) == updated
    with engine.connect() as connection:
        kinds = dict(
            connection.execute(
                text("SELECT kind, count(*) FROM record_items GROUP BY kind ORDER BY kind")
            ).all()
        )
    return {
        "command": "fusion",
        "documents": len(ids),
        "updated_documents": len(newest),
        "record_items": kinds,
        "rebuild_s": round(rebuild, 2),
        "update_s": round(update, 2),
        "update_equals_rebuild": same,
        "rss_after_rebuild_mib": round(peak_rebuild / 1024, 1),
        "rss_after_update_mib": round(peak_update / 1024, 1),
        **(
            {"rebuild_phases": rebuild_phases, "update_phases": update_phases}
            if args.phases
            else {}
        ),
        "load_start": load_start,
        "load_end": _load(),
        **rss.report(),
    }


# Fusion's phases (functions of accord.fuse.record, called by name within it): where an
# update's time and a rebuild's memory go. Nested ones (track in _retrack) count in both.
_PHASES = (
    "_assign_blocks", "_refresh_actors", "_cluster_block", "_add_to_figures", "_add_to_events",
    "_load_blocks", "_stream_events", "_fuse_block", "_retrack", "_stored_commitments", "track",
)  # fmt: skip


@contextlib.contextmanager
def _phases():
    """{phase: [seconds in it, MiB by which it raised this process's peak RSS]}, filled
    while the block runs (the functions are wrapped for its duration only)."""
    seconds: Counter[str] = Counter()
    raised: Counter[str] = Counter()
    found: dict[str, list[float]] = {}
    originals = {name: getattr(fusion_record, name) for name in _PHASES}

    def timed(name, function):
        @functools.wraps(function)
        def call(*args, **kwargs):
            peak, start = _vmhwm(os.getpid()), time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[name] += time.perf_counter() - start
                raised[name] += _vmhwm(os.getpid()) - peak

        return call

    for name, function in originals.items():
        setattr(fusion_record, name, timed(name, function))
    try:
        yield found
    finally:
        for name, function in originals.items():
            setattr(fusion_record, name, function)
        for name in _PHASES:
            found[name] = [round(seconds[name], 2), round(raised[name] / 1024, 1)]


@contextlib.contextmanager
def _no_phases():
    yield None


def _hold_back(engine, document_ids: set[str]) -> list:
    """Take the stored analyses of ``document_ids`` out of the knowledge base; returns them
    as the rows an ingest writes."""
    from sqlalchemy import delete, select

    from accord.store.analysis import AnalysisRows
    from accord.store.schema import analyses, doc_items, mentions

    held = []
    with engine.begin() as connection:
        for document in sorted(document_ids):
            analysis = connection.execute(
                select(analyses).where(analyses.c.document_id == document)
            ).first()
            if analysis is None:
                continue
            row = dict(analysis._mapping)
            row.pop("analyzed_at")
            found = [
                [
                    {k: v for k, v in r._mapping.items() if k not in ("pk", "block")}
                    for r in connection.execute(
                        select(table).where(table.c.document_id == document).order_by(table.c.pk)
                    )
                ]
                for table in (mentions, doc_items)
            ]
            held.append(AnalysisRows(document, row, found[0], found[1]))
            for table in (mentions, doc_items, analyses):
                connection.execute(delete(table).where(table.c.document_id == document))
    return held


def _store_back(engine, held: list) -> None:
    from accord.store.analysis import save_analysis_rows

    with engine.begin() as connection:
        for rows in held:
            save_analysis_rows(connection, rows, new=True)


def _record_json(record) -> str:
    data = record.model_dump(mode="json", by_alias=True)
    data.pop("generated", None)
    return json.dumps(data, sort_keys=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    analysis = sub.add_parser("analysis")
    ingest_ = sub.add_parser("ingest")
    fusion = sub.add_parser("fusion")
    for p in (analysis, ingest_):
        p.add_argument("--corpus", type=Path, required=True, help="output of generate.py")
        p.add_argument("--articles", type=int, default=1000)
        p.add_argument("--jobs", type=int, default=1)
        p.add_argument("--model", default=None)
    analysis.add_argument("--repeat", type=int, default=2)
    ingest_.add_argument("--executor", choices=("local", "dask"), default="local")
    ingest_.add_argument("--db", default=None)
    ingest_.add_argument(
        "--from",
        dest="start",
        type=int,
        default=0,
        help="first article (a small archive ending where a large one ends)",
    )
    ingest_.add_argument("--last", type=float, default=0.01, help="share ingested in a 2nd run")
    ingest_.add_argument(
        "--skip-fusion", action="store_true", help="measure reading, analysis and writing only"
    )
    fusion.add_argument("--db", required=True)
    fusion.add_argument("--last", type=float, default=0.01, help="share of documents updated")
    fusion.add_argument("--check", action="store_true", help="compare update with rebuild")
    fusion.add_argument("--phases", action="store_true", help="time fusion's phases (slower)")
    args = parser.parse_args()
    command = {"analysis": cmd_analysis, "ingest": cmd_ingest, "fusion": cmd_fusion}
    print(json.dumps(command[args.command](args)), flush=True)


if __name__ == "__main__":
    main()
