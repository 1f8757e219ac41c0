"""The synthetic corpus generator: deterministic, with the duplicates it promises."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

from tests.conftest import benchmark_script


def _generator():
    return benchmark_script("generate")


def test_generate_is_deterministic_for_a_seed():
    generate = _generator().generate
    first = list(generate(300, seed=3, outlets_max=4, copies=0.05))
    assert first == list(generate(300, seed=3, outlets_max=4, copies=0.05))
    assert first != list(generate(300, seed=4, outlets_max=4, copies=0.05))
    assert len(first) == 300


def test_generate_reports_events_by_several_outlets_and_copies_articles():
    articles = list(_generator().generate(500, seed=7, outlets_max=4, copies=0.05))
    by_event = defaultdict(set)
    for article in articles:
        event = article["url"].rsplit("/", 1)[1].split("-")[0]
        if not article["url"].startswith("https://syndicated."):
            by_event[event].add(article["outlet"])
    assert max(len(outlets) for outlets in by_event.values()) == 4
    assert min(len(outlets) for outlets in by_event.values()) == 1
    texts = [a["text"] for a in articles]
    assert len(set(texts)) < len(texts)  # verbatim syndicated copies
    assert len({a["url"] for a in articles}) == len(articles)


def test_a_feed_comes_in_date_order_at_its_daily_rate():
    articles = list(_generator().generate(2000, seed=7, outlets_max=4, copies=0.0, per_day=25))
    days = [a["published"][:10] for a in articles]
    # events in date order, each reported within two days (four days hold 100 articles)
    assert all(later >= earlier for earlier, later in zip(days, days[100:], strict=False))
    span = (date.fromisoformat(days[-1]) - date.fromisoformat(days[0])).days
    assert 70 <= span <= 90  # 2,000 articles at 25 a day


def test_generate_writes_jsonl_shards_accord_reads(tmp_path, monkeypatch):
    module = _generator()
    out = tmp_path / "wire"
    argv = ["generate.py", "--articles", "25", "--out", str(out), "--shard-size", "10"]
    monkeypatch.setattr("sys.argv", argv)
    module.main()
    shards = sorted(p.name for p in out.glob("*.jsonl"))
    assert shards == ["shard-00000.jsonl", "shard-00001.jsonl", "shard-00002.jsonl"]
    line = json.loads((out / shards[0]).read_text().splitlines()[0])
    assert {"text", "title", "published", "outlet", "url"} <= set(line)
    assert json.loads((out / ".manifest.json").read_text())["articles"] == "25"
