"""The scaling benchmark runs end to end on a tiny corpus (so it does not rot)."""

from __future__ import annotations

import argparse
import json

import pytest
from sqlalchemy import create_engine, text

from tests.benchmarks.test_generate import _generator
from tests.conftest import benchmark_script


def _scale():
    return benchmark_script("scale")


def _corpus(tmp_path, monkeypatch):
    out = tmp_path / "wire"
    argv = ["generate.py", "--articles", "30", "--out", str(out), "--shard-size", "10"]
    monkeypatch.setattr("sys.argv", argv)
    _generator().main()
    return out


@pytest.mark.slow
def test_scale_ingest_reports_throughput_fusion_and_memory(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path, monkeypatch)
    args = argparse.Namespace(
        corpus=corpus,
        articles=20,
        jobs=1,
        model="none",
        executor="local",
        db=None,
        last=0.1,
        skip_fusion=False,
        start=0,
    )
    result = _scale().cmd_ingest(args)
    assert [run["documents"] for run in result["runs"]] == [18, 2]
    assert result["articles_s"] > 0 and result["kb_mib"] > 0
    assert result["rss_main_mib"] > 0 and result["load_start"] >= 0


@pytest.mark.slow
def test_scale_ingest_from_an_article_on_ends_where_the_corpus_ends(tmp_path, monkeypatch):
    """--from K: a small archive of the corpus's newest articles (same days as a large one's)."""
    corpus = _corpus(tmp_path, monkeypatch)
    db = tmp_path / "kb.db"
    args = argparse.Namespace(
        corpus=corpus, articles=12, jobs=1, model="none", executor="local",
        db=f"sqlite:///{db}", last=0.25, skip_fusion=True, start=18,
    )  # fmt: skip
    result = _scale().cmd_ingest(args)
    assert [run["documents"] for run in result["runs"]] == [9, 3]
    urls = [json.loads(line)["url"] for line in _scale()._corpus_lines(corpus)]
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT url FROM documents")).scalars().all()
    engine.dispose()
    assert len(urls) == 30 and sorted(stored) == sorted(urls[18:])  # articles 18..29


@pytest.mark.slow
def test_scale_analysis_compares_with_the_bare_model(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path, monkeypatch)
    args = argparse.Namespace(corpus=corpus, articles=10, jobs=1, model="none", repeat=1)
    result = _scale().cmd_analysis(args)
    assert result["articles"] == 10
    assert result["bare_words_s"] > 0 and result["ratio_to_bare"] > 0


@pytest.mark.slow
def test_scale_fusion_times_rebuild_and_update_and_checks_they_agree(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path, monkeypatch)
    db = str(tmp_path / "kb.db")
    ingest_args = argparse.Namespace(
        corpus=corpus, articles=30, jobs=1, model="none", executor="local", db=db, last=0.1,
        skip_fusion=True, start=0,
    )  # fmt: skip
    _scale().cmd_ingest(ingest_args)
    result = _scale().cmd_fusion(argparse.Namespace(db=db, last=0.1, check=True, phases=True))
    assert result["documents"] > 20  # the generator repeats a few articles word for word
    assert result["updated_documents"] == round(result["documents"] * 0.1)
    assert result["record_items"]["event"] > 0
    assert result["update_equals_rebuild"] is True
    # --phases: every phase of both runs, timed; the rebuild fused blocks, tracking ran
    assert set(result["rebuild_phases"]) == set(result["update_phases"]) == set(_scale()._PHASES)
    assert result["rebuild_phases"]["_stream_events"][0] > 0  # events are fused there
    assert result["update_phases"]["_retrack"][0] >= result["update_phases"]["track"][0] > 0
