"""The load test at small scale: a real server, concurrent readers, one writer; nothing fails.

Runs benchmarks/load.py's machinery (5 readers for 3 s and one writer) against
``accord serve`` in a subprocess on 127.0.0.1. Asserts correctness only: no
errors, every accepted document stored; never a wall-clock limit.
"""

from __future__ import annotations

import random

import pytest

from tests.conftest import benchmark_script


def _load():
    return benchmark_script("load")


@pytest.mark.slow
def test_readers_and_a_writer_see_no_errors_and_lose_no_document():
    summary = _load().run(clients=5, seconds=3, write_every=0.5, model="none")
    assert summary["errors"] == 0, summary["error_list"]
    assert summary["reads"] > 0
    writer = summary["writer"]
    assert writer["posted"] >= 1
    assert writer["accepted"] == writer["posted"] and writer["failed"] == 0
    assert writer["lost"] == []
    assert writer["verified"] == writer["accepted"] + writer["warmup_accepted"]
    assert writer["documents_after"] == writer["documents_before"] + writer["verified"]
    assert writer["job"]["n"] == writer["accepted"]
    assert summary["server_error_lines"] == 0
    # Every group of the mix was exercised and reported with its percentiles.
    groups = summary["groups"]
    assert "write POST /api/ingest" in groups
    assert all(row["p50"] <= row["p95"] <= row["p99"] <= row["max"] for row in groups.values())
    assert summary["requests"] == sum(row["n"] for row in groups.values())
    table = _load().markdown(summary)
    assert "| **all reads** |" in table and "| **all requests** |" in table


def test_refuses_any_host_that_is_not_loopback():
    load = _load()
    assert load.loopback_host("127.0.0.1") == "127.0.0.1"
    assert load.loopback_host("localhost") == "127.0.0.1"
    assert load.loopback_host("::1") == "::1"
    for host in ("0.0.0.0", "192.168.1.10", "10.0.0.1", "example.org", "::"):
        with pytest.raises(SystemExit, match="refusing host"):
            load.loopback_host(host)
    with pytest.raises(SystemExit, match="refusing host"):
        load.run(host="0.0.0.0", clients=1, seconds=1)


def test_writer_articles_are_distinct_and_wire_style():
    load = _load()
    rng = random.Random(1)
    articles = [load.wire_article(n, "t", rng) for n in range(50)]
    assert len({a["text"] for a in articles}) == 50
    assert all(a["outlet"] == load.WRITER_OUTLET and a["published"] for a in articles)
    assert all(a["text"].split(",", 1)[0].isupper() for a in articles)  # dateline
