"""The per-document analysis as Dask tasks, with results as Parquet loaded into the knowledge base.

The inputs are cut into partitions (a few dozen files of a folder, one JSON
or JSONL shard, a handful of URLs); one task per partition reads, prepares
and analyses its documents on a worker and writes one Parquet file. This
process then loads the files in input order into the knowledge base — so
outcomes, document order and the record are the same as a local ingest —
while later partitions are still being analysed.

Layout of ``parquet_dir`` (one file per partition, numbered in input order)::

    part-000000.parquet   one row per input entry of partition 0, in order
    part-000001.parquet   ...

Columns (see :data:`SCHEMA`): ``position``, ``source``, ``status``
(``prepared`` | ``rejected``), ``reason``, ``key``, ``raw`` (the content as
read), ``document`` (the prepared document as JSON, model
:class:`accord.models.Document`), ``analysis_error``, ``analysis`` (the
``analyses`` row as a struct, null when not analysed), ``mentions`` (list of
``mentions`` rows) and ``items`` (list of ``doc_items`` rows with ``data`` as
JSON text). Any Parquet reader sees the analysis as tables.

Workers need accord and the spaCy model installed, the inputs at the same
paths (a shared file system) or reachable URLs, and write access to
``parquet_dir`` (a shared path, or an object-store URI pyarrow understands
such as ``s3://bucket/prefix``). Each worker builds the Analyzer once, in a
:class:`AnalyzerPlugin`. docs/scaling.md tells how to run on clusters.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections import deque
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from distributed import Client, LocalCluster, WorkerPlugin, get_worker
from pyarrow import fs

from accord.analyze.document import Analyzer
from accord.errors import AccordError, InputRejected
from accord.ingest.fetch import fetch
from accord.ingest.parallel import AnalysisFailed, analyse_batch
from accord.ingest.pipeline import Prepared, policy_from
from accord.ingest.prepare import prepare
from accord.ingest.sources import (
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    RawItem,
    Rejected,
    Skipped,
    iter_inputs,
    walk_folder,
)
from accord.models import Document
from accord.settings import Settings
from accord.store.analysis import AnalysisRows

FILES_PER_PARTITION = 64
URLS_PER_PARTITION = 16
ROW_GROUP = 32

_MENTION = pa.struct(
    [
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("text", pa.string()),
        ("sentence", pa.int32()),
        ("kind", pa.string()),
        ("actor_id", pa.string()),
        ("how", pa.string()),
        ("role", pa.string()),
    ]
)
_ITEM = pa.struct([("kind", pa.string()), ("item_id", pa.string()), ("data", pa.string())])
_ANALYSIS = pa.struct(
    [("analysis_version", pa.int32()), ("language", pa.string()), ("degraded", pa.int8())]
)
SCHEMA = pa.schema(
    [
        ("position", pa.int64()),
        ("source", pa.string()),
        ("status", pa.string()),
        ("reason", pa.string()),
        ("key", pa.string()),
        ("raw", pa.large_string()),
        ("document", pa.large_string()),
        ("analysis_error", pa.string()),
        ("analysis", _ANALYSIS),
        ("mentions", pa.list_(_MENTION)),
        ("items", pa.list_(_ITEM)),
    ]
)


@dataclass(frozen=True, slots=True)
class Partition:
    """The inputs one task reads, prepares and analyses, in input order."""

    index: int
    inputs: tuple[str, ...]


def analyse_on_dask(
    inputs: list[str],
    settings: Settings,
    *,
    jobs: int = 2,
    scheduler: str | Client | None = None,
    parquet_dir: str | Path | None = None,
    batch_size: int = 32,
) -> Iterator[Any]:
    """Analyse ``inputs`` on Dask; yield entries for the writer in input order.

    Entries are :class:`~accord.ingest.pipeline.Prepared` documents with
    their analysis, and :class:`Rejected` or :class:`Skipped` inputs.
    ``scheduler`` is an address (``tcp://host:8786``) or a connected
    :class:`distributed.Client` (dask-gateway, dask-jobqueue, dask-kubernetes
    clusters hand one out); without it a LocalCluster of ``jobs`` worker
    processes runs here for the duration of the job.
    """
    if scheduler is not None and not parquet_dir:
        raise AccordError(
            "with a Dask scheduler, give a Parquet folder the workers and this machine "
            "share (a shared path or an object-store URI such as s3://bucket/prefix)"
        )
    own_dir = parquet_dir is None
    out = tempfile.mkdtemp(prefix="accord-parquet-") if own_dir else _absolute(str(parquet_dir))
    with ExitStack() as stack:
        if own_dir:
            stack.callback(shutil.rmtree, out, ignore_errors=True)
        client = _client(scheduler, jobs, stack)
        plugin = AnalyzerPlugin(settings)
        client.register_plugin(plugin)
        workers = max(len(client.scheduler_info().get("workers", {})), jobs)
        yield from _run(client, plan(inputs), settings, out, plugin.name, workers, batch_size)


def _client(scheduler: str | Client | None, jobs: int, stack: ExitStack) -> Client:
    """The caller's client, a client of the scheduler at an address, or a local cluster's."""
    if isinstance(scheduler, Client):
        return scheduler
    if scheduler:
        return stack.enter_context(Client(scheduler))
    cluster = stack.enter_context(
        LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=":0")
    )
    return stack.enter_context(Client(cluster))


class AnalyzerPlugin(WorkerPlugin):
    """Builds the Analyzer once per worker, when the worker joins (or now, if it has)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # one Analyzer per model and data folder, whatever else the settings say
        what = f"{settings.spacy_model}|{settings.data_dir}"
        digest = hashlib.sha1(what.encode()).hexdigest()[:12]
        self.name = f"accord-analyzer-{digest}"
        self.analyzer: Analyzer | None = None

    def setup(self, worker: Any) -> None:
        self.analyzer = Analyzer.from_settings(self.settings)


def plan(inputs: list[str]) -> Iterator[Partition | Skipped]:
    """Partitions of ``inputs`` in input order, and the files of folders skipped.

    A folder is walked as :func:`accord.ingest.sources.iter_inputs` walks it
    and its files grouped; a JSON or JSONL file is a partition of its own (a
    shard); URLs and other files are grouped in input order.
    """
    index, group = 0, []
    for unit in _units(inputs):
        if isinstance(unit, Skipped | _Shard) and group:
            yield Partition(index, tuple(group))
            index, group = index + 1, []
        if isinstance(unit, Skipped):
            yield unit
        elif isinstance(unit, _Shard):
            yield Partition(index, (unit.name,))
            index += 1
        else:
            group.append(unit)
            limit = URLS_PER_PARTITION if "://" in unit else FILES_PER_PARTITION
            if len(group) >= limit:
                yield Partition(index, tuple(group))
                index, group = index + 1, []
    if group:
        yield Partition(index, tuple(group))


@dataclass(frozen=True, slots=True)
class _Shard:
    name: str


def _units(inputs: list[str]) -> Iterator[str | _Shard | Skipped]:
    for given in inputs:
        if given.startswith(("http://", "https://")):
            yield given
        elif Path(given).is_dir():
            yield from _folder(Path(given), given)
        elif Path(given).suffix.lower() in JSON_SUFFIXES | JSONL_SUFFIXES:
            yield _Shard(given)
        else:
            yield given


def _folder(folder: Path, given: str) -> Iterator[str | _Shard | Skipped]:
    """The files of ``folder`` as iter_inputs names them, in the same order."""
    for found in walk_folder(folder, given):
        if isinstance(found, Skipped):
            yield found
        elif found[0].suffix.lower() in JSON_SUFFIXES | JSONL_SUFFIXES:
            yield _Shard(found[1])
        else:
            yield found[1]


def _run(
    client: Client,
    planned: Iterator[Partition | Skipped],
    settings: Settings,
    out: str,
    plugin: str,
    workers: int,
    batch_size: int,
) -> Iterator[Any]:
    """Submit partitions a few per worker ahead of loading; load them in order."""
    window = max(4 * workers, 8)
    flight: deque[tuple[Partition | Skipped, Any]] = deque()
    for entry in planned:
        future = None
        if isinstance(entry, Partition):
            future = client.submit(
                analyse_partition, entry, settings, out, plugin, batch_size, pure=False
            )
        flight.append((entry, future))
        while sum(f is not None for _, f in flight) > window:
            yield from _load_next(flight, out)
    while flight:
        yield from _load_next(flight, out)


def _load_next(flight: deque[tuple[Partition | Skipped, Any]], out: str) -> Iterator[Any]:
    entry, future = flight.popleft()
    if future is None:
        yield entry
        return
    try:
        path = future.result()
    except Exception as exc:  # a task that failed as a whole (its worker killed, ...)
        for name in entry.inputs:
            yield Rejected(name, f"analysis task failed: {type(exc).__name__}: {exc}")
    else:
        yield from load_partition(path)
    future.release()


def analyse_partition(
    partition: Partition, settings: Settings, out: str, plugin: str, batch_size: int = 32
) -> str:
    """Read, prepare and analyse one partition on a worker; write its Parquet file."""
    analyzer = _worker_analyzer(settings, plugin)
    filesystem, base = fs.FileSystem.from_uri(out)
    path = f"{base}/part-{partition.index:06d}.parquet"
    policy = policy_from(settings)
    rows: list[dict[str, Any]] = []
    docs: list[Document] = []
    with pq.ParquetWriter(path, SCHEMA, filesystem=filesystem) as writer:
        entries = iter_inputs(list(partition.inputs), policy, fetch)
        for position, entry in enumerate(entries):
            row, doc = _row(position, entry)
            rows.append(row)
            if doc is not None:
                docs.append(doc)
            if len(docs) >= batch_size:
                _flush(writer, rows, docs, analyzer)
                rows, docs = [], []
        _flush(writer, rows, docs, analyzer)
    return f"{out}/part-{partition.index:06d}.parquet"


def _worker_analyzer(settings: Settings, plugin: str) -> Analyzer:
    installed = get_worker().plugins.get(plugin)
    if installed is None or installed.analyzer is None:  # registered after this worker started
        installed = AnalyzerPlugin(settings)
        installed.setup(get_worker())
        get_worker().plugins[plugin] = installed
    return installed.analyzer


def _row(position: int, entry: Any) -> tuple[dict[str, Any], Document | None]:
    row: dict[str, Any] = {"position": position, "source": entry.source}
    if not isinstance(entry, RawItem):  # Rejected (a Skipped never comes from a file)
        row.update(status="rejected", reason=entry.reason)
        return row, None
    try:
        doc = prepare(entry)
    except InputRejected as exc:
        row.update(status="rejected", reason=exc.reason)
        return row, None
    row.update(
        status="prepared",
        key=entry.key,
        raw=entry.content,
        document=doc.model_dump_json(),
        document_id=doc.id,
    )
    return row, doc


def _flush(
    writer: pq.ParquetWriter, rows: list[dict[str, Any]], docs: list[Document], analyzer: Analyzer
) -> None:
    if not rows:
        return
    unique = list({d.id: d for d in docs}.values())
    results = {r.document_id: r for r in analyse_batch(unique, analyzer)} if unique else {}
    for row in rows:
        result = results.get(row.pop("document_id", None))
        if isinstance(result, AnalysisFailed):
            row["analysis_error"] = result.reason
        elif isinstance(result, AnalysisRows):
            row["analysis"] = {k: result.analysis[k] for k in _ANALYSIS.names}
            row["mentions"] = [_without_document(m) for m in result.mentions]
            row["items"] = [
                {"kind": i["kind"], "item_id": i["item_id"], "data": json.dumps(i["data"])}
                for i in result.items
            ]
    writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), row_group_size=ROW_GROUP)


def _without_document(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "document_id"}


def load_partition(path: str) -> Iterator[Any]:
    """The entries of one partition's Parquet file, in order, a row group at a time."""
    filesystem, local = fs.FileSystem.from_uri(path)
    with filesystem.open_input_file(local) as handle:
        for batch in pq.ParquetFile(handle).iter_batches(batch_size=ROW_GROUP):
            for row in batch.to_pylist():
                if row["status"] == "rejected":
                    yield Rejected(row["source"], row["reason"])
                    continue
                doc = Document.model_validate_json(row["document"])
                yield Prepared(row["source"], row["key"], row["raw"], doc, _analysis(doc.id, row))


def _analysis(doc_id: str, row: dict[str, Any]) -> AnalysisRows | AnalysisFailed | None:
    if row["analysis_error"]:
        return AnalysisFailed(doc_id, row["analysis_error"])
    if row["analysis"] is None:
        return None
    return AnalysisRows(
        doc_id,
        {"document_id": doc_id, **row["analysis"]},
        [{"document_id": doc_id, **m} for m in row["mentions"]],
        [{"document_id": doc_id, **i, "data": json.loads(i["data"])} for i in row["items"]],
    )


def _absolute(location: str) -> str:
    """Local folders as absolute paths (workers do not share our working directory)."""
    if "://" in location:
        return location
    path = Path(location).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return str(path)
