"""Analysis on a real Dask LocalCluster: the same record as one process, Parquet as documented."""

from __future__ import annotations

import json
import shutil

import pyarrow.parquet as pq
import pytest

from accord.ingest.distributed import SCHEMA, Partition, plan
from accord.ingest.pipeline import ingest
from accord.ingest.sources import Skipped
from accord.present.export import build_record
from accord.settings import Settings
from accord.store.kb import open_kb
from tests.conftest import CORPUS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes, one thread each, as `accord ingest --engine dask` starts."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as running:
        yield running


@pytest.fixture
def second_url(db_url: str, request: pytest.FixtureRequest, tmp_path) -> str:
    """Another empty knowledge base on the same backend as ``db_url``."""
    if db_url.startswith("postgresql"):
        return request.getfixturevalue("pg_server").create_database()
    return str(tmp_path / "second.db")


def _record(engine) -> dict:
    record = build_record(engine).model_dump(mode="json", by_alias=True)
    record.pop("generated")
    return record


def test_dask_gives_the_record_of_one_process(db_url, second_url, tmp_path, analyzer, cluster):
    settings = Settings.resolve({"db": db_url}, environ={})
    one = open_kb(second_url)
    expected = ingest([str(CORPUS)], one, settings, analyzer=analyzer)
    engine = open_kb(db_url)
    parquet = tmp_path / "parquet"
    report = ingest(
        [str(CORPUS)],
        engine,
        settings,
        executor="dask",
        scheduler=cluster.scheduler_address,
        parquet_dir=parquet,
    )
    assert report.stored == expected.stored
    assert _record(engine) == _record(one)
    assert _record(engine)["events"]
    files = sorted(p.name for p in parquet.iterdir())
    assert files[0] == "part-000000.parquet"
    table = pq.read_table(parquet / files[0])
    assert table.schema.equals(SCHEMA)
    assert table.column("position").to_pylist() == list(range(table.num_rows))


def test_dask_without_scheduler_starts_its_own_cluster(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for name in sorted(p.name for p in CORPUS.glob("*.txt"))[:3]:
        shutil.copy(CORPUS / name, folder / name)
    engine = open_kb(str(tmp_path / "kb.db"))
    report = ingest([str(folder)], engine, Settings(spacy_model="none"), executor="dask", jobs=2)
    assert report.counts == {"new": 3}


def test_dask_needs_a_shared_parquet_folder_with_a_scheduler(tmp_path):
    from accord.errors import AccordError

    engine = open_kb(str(tmp_path / "kb.db"))
    with pytest.raises(AccordError, match="Parquet folder"):
        ingest([str(CORPUS)], engine, Settings(), executor="dask", scheduler="tcp://127.0.0.1:1")


def test_dask_refuses_names_it_cannot_pass_to_workers(tmp_path):
    from accord.errors import AccordError

    engine = open_kb(str(tmp_path / "kb.db"))
    with pytest.raises(AccordError, match="names for inputs"):
        ingest([str(CORPUS)], engine, Settings(), executor="dask", names={str(CORPUS): "x"})


def test_plan_cuts_inputs_into_partitions_in_input_order(tmp_path, monkeypatch):
    from accord.ingest import distributed

    monkeypatch.setattr(distributed, "FILES_PER_PARTITION", 2)
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    for name in ("a.txt", "b.md", "c.txt", "sub/d.html", ".hidden.txt"):
        (folder / name).write_text("text")
    (folder / "notes.pdf").write_bytes(b"%PDF")
    (folder / "feed.jsonl").write_text(json.dumps({"text": "x"}) + "\n")
    shard = str(tmp_path / "shard.jsonl")
    url = "https://wire.example/a"
    base = str(folder)
    assert list(plan([base, shard, url])) == [
        Partition(0, (f"{base}/a.txt", f"{base}/b.md")),
        Partition(1, (f"{base}/c.txt",)),
        Partition(2, (f"{base}/feed.jsonl",)),
        Skipped(f"{base}/notes.pdf", "unsupported file type '.pdf'"),
        Partition(3, (f"{base}/sub/d.html",)),
        Partition(4, (shard,)),
        Partition(5, (url,)),
    ]
