"""Latency of the web app on a large knowledge base: p50/p95 of the dashboard, event page, timeline.

Generates a SQLite knowledge base with 100,000 fused events (plus the actors,
documents, per-document reports, links and other record items they refer to),
written in bulk straight into the tables the fusion stage fills; then starts
the real server (``accord.web.serve.serve``, uvicorn, read-only) in a
subprocess on 127.0.0.1 and times sequential requests from one keep-alive
HTTP client on loopback.

    .venv/bin/python benchmarks/web_latency.py                 # 100,000 events, 200 requests each
    .venv/bin/python benchmarks/web_latency.py --events 20000 --requests 50 --keep /tmp/kb.db

Target: p95 under 200 ms for the dashboard, an event page and the timeline API.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, insert

from accord.store.kb import open_kb
from accord.store.schema import actors, doc_items, documents, record_items, record_links

TARGET_P95_MS = 200.0
COUNTRIES = [
    ("UZB", "Uzbekistan"), ("KGZ", "Kyrgyzstan"), ("KAZ", "Kazakhstan"), ("TJK", "Tajikistan"),
    ("TKM", "Turkmenistan"), ("AFG", "Afghanistan"), ("RUS", "Russia"), ("CHN", "China"),
    ("TUR", "Turkey"), ("AZE", "Azerbaijan"), ("IRN", "Iran"), ("PAK", "Pakistan"),
]  # fmt: skip
# Event types and their shares, roughly as diplomatic news reports them.
EVENT_TYPES = [
    ("meeting", 34), ("agreement_signing", 10), ("statement", 9), ("cooperation", 8),
    ("praise", 6), ("congratulation", 6), ("invitation", 5), ("aid", 5), ("visit", 5),
    ("protest", 3), ("accuse", 3), ("request", 2), ("reject", 2), ("completion", 2),
]  # fmt: skip
PLACES = ["Tashkent", "Bishkek", "Osh", "Andijan", "Astana", "Dushanbe", "Samarkand", "Moscow",
          "Beijing", "Ankara", "Baku", "Ashgabat", "Fergana", "Namangan", "Jalal-Abad"]  # fmt: skip
OUTLETS = ["Central Asia Wire", "Bishkek Courier", "Tashkent Daily Review", "Silk Road Monitor",
           "Steppe Herald", "Ferghana Valley News", "Turkic World Review"]  # fmt: skip
INDICATORS = [("trade turnover", "USD"), ("investment", "USD"), ("cargo", "tonnes"),
              ("joint ventures", "companies"), ("border crossings", "people"),
              ("gas supply", "cubic metres"), ("electricity exports", "kWh")]  # fmt: skip
FIRST = ["Aziz", "Bakhtiyor", "Sadyr", "Kamchybek", "Nurlan", "Timur", "Dilshod", "Jeenbek",
         "Akylbek", "Rustam", "Farrukh", "Askar", "Ermek", "Bolot", "Ulugbek", "Sherzod"]  # fmt: skip
LAST = ["Saidov", "Kulubaev", "Usenov", "Khalilov", "Tashiev", "Aripov", "Norov", "Japarov",
        "Kasymaliev", "Umarov", "Karimov", "Ismoilov", "Abdrakhmanov", "Toktogulov"]  # fmt: skip
SENTENCES = [
    "President {a} held talks with {b} in {place} on {day}.",
    "The sides discussed trade, transport and energy cooperation between the two countries.",
    "{a} said that bilateral trade had reached ${money} billion last year.",
    "A package of {n} documents was signed following the talks in {place}.",
    "The ministers agreed to meet again in {place} before the end of the year.",
    "{b} thanked {a} for the supplies of fuel and electricity during the winter months.",
    "The intergovernmental commission reviewed the progress of joint projects in {place}.",
    "According to the press service, the leaders also exchanged views on regional security.",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="Timed requests per endpoint.")
    parser.add_argument(
        "--keep", type=Path, help="Write the KB here and keep it (reused if present)."
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="accord-bench-"))
    db = args.keep or folder / "kb.db"
    try:
        if not db.exists():
            started = time.perf_counter()
            counts = generate(str(db), args.events, random.Random(args.seed))
            print(f"generated {db} in {time.perf_counter() - started:.0f} s: "
                  + ", ".join(f"{n:,} {k}" for k, n in counts.items()))  # fmt: skip
        results = measure(str(db), args.requests, random.Random(args.seed))
        print_results(results, args.events, args.requests)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- generation ---------------------------------------------------------------------------------


class _Corpus:
    """Documents as sentences with offsets, so evidence always slices the text exactly."""

    def __init__(self, rng: random.Random, n: int, people: list[dict[str, Any]]) -> None:
        self.rows: list[dict[str, Any]] = []
        self.sentences: list[list[tuple[int, int, str]]] = []
        start = date(2014, 1, 1)
        for i in range(n):
            day = start + timedelta(days=rng.randrange(12 * 365))
            spans, text = [], ""
            for template in rng.sample(SENTENCES, 6):
                sentence = template.format(
                    a=rng.choice(people)["name"], b=rng.choice(people)["name"],
                    place=rng.choice(PLACES), day=day.strftime("%d %B"),
                    money=round(rng.uniform(0.2, 5), 1), n=rng.randint(3, 40),
                )  # fmt: skip
                spans.append((len(text), len(text) + len(sentence), sentence))
                text += sentence + "\n\n"
            doc_id = f"doc-{i:016x}"
            published = None if rng.random() < 0.03 else day.isoformat()
            self.sentences.append(spans)
            self.rows.append({
                "id": doc_id, "source": f"https://news.example/{i}", "source_key": f"https://news.example/{i}",
                "url": f"https://news.example/{i}", "format": "html",
                "title": f"{spans[0][2][:70]}", "published": published,
                "published_day": published, "outlet": rng.choice(OUTLETS), "authors": [],
                "dateline": None, "attributed_to": [], "language": "en",
                "content_hash": f"{i:064x}", "version_of": None, "superseded_by": None,
                "raw": text, "text": text, "removed": [], "word_count": len(text.split()),
                "ingested_at": datetime.now(UTC),
            })  # fmt: skip

    def evidence(self, rng: random.Random, k: int) -> list[dict[str, Any]]:
        out = []
        for n in rng.sample(range(len(self.rows)), k):
            start, end, sentence = rng.choice(self.sentences[n])
            out.append(
                {"document": self.rows[n]["id"], "text": sentence, "start": start, "end": end}
            )
        return out


def generate(db: str, n_events: int, rng: random.Random) -> dict[str, int]:
    """A knowledge base with ``n_events`` events and proportionate other items."""
    engine = open_kb(db)
    actor_rows, people, by_country = _actors(rng)
    corpus = _Corpus(rng, max(1000, n_events // 5), people)
    shares = [w for _, w in EVENT_TYPES]
    items: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    reports: list[dict[str, Any]] = []
    for i in range(n_events):
        a, b = _pair(rng)
        participants = [rng.choice(by_country[a]), rng.choice(by_country[b])]
        if rng.random() < 0.3:
            participants.append(f"country:{rng.choice([a, b])}")
        kind = rng.choices(EVENT_TYPES, weights=shares)[0][0]
        day, precision = _date(rng)
        evidence = corpus.evidence(rng, rng.choice([1, 1, 1, 2, 2, 3]))
        event = {
            "id": f"evt-{i:012x}", "type": kind, "plover": "CONSULT", "mode": None,
            "date": day, "date_precision": precision, "location": rng.choice(PLACES),
            "occasion": None, "participants": participants, "source_actor": participants[0],
            "target_actor": participants[1], "summary": f"{kind} of {a} and {b}",
            "evidence": evidence, "source_count": len({e["document"] for e in evidence}),
        }  # fmt: skip
        items.append(_item("event", event, day, kind))
        links += _links(event["id"], participants, evidence)
        for e in evidence:
            report = {**event, "id": f"evt-r{i:011x}", "evidence": [e], "source_count": 1}
            reports.append({"document_id": e["document"], "kind": "event",
                            "item_id": report["id"], "data": report})  # fmt: skip
    others = _other_items(rng, corpus, by_country, n_events)
    for kind, data, day, label, actor_ids in others:
        items.append(_item(kind, data, day, label))
        links += _links(data["id"], actor_ids, data.get("evidence", []))
    _bulk(engine, actors, actor_rows)
    _bulk(engine, documents, corpus.rows)
    _bulk(engine, record_items, items)
    _bulk(engine, record_links, links)
    _bulk(engine, doc_items, reports)
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")
    engine.dispose()
    return {"events": n_events, "other items": len(others), "documents": len(corpus.rows),
            "actors": len(actor_rows), "links": len(links), "reports": len(reports)}  # fmt: skip


def _actors(
    rng: random.Random,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, list[str]]]:
    rows, people = [], []
    by_country: dict[str, list[str]] = {code: [] for code, _ in COUNTRIES}
    for rank, (code, name) in enumerate(COUNTRIES):
        actor = {"id": f"country:{code}", "name": name, "kind": "country", "country": code,
                 "roles": [], "aliases": [name], "mentions": 100_000 // (rank + 1)}  # fmt: skip
        rows.append(actor)
        by_country[code].append(actor["id"])
    for n in range(400):
        code = rng.choices(
            [c for c, _ in COUNTRIES], weights=[30, 25, 10, 6, 5, 4, 6, 5, 3, 3, 2, 1]
        )[0]
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        actor = {"id": f"person:{name.lower().replace(' ', '-')}-{n}", "name": name,
                 "kind": "person", "country": code,
                 "roles": [{"title": "Minister", "country": code, "organization": None,
                            "start": "2016-01-01", "end": None}],
                 "aliases": [name, name.split()[1]], "mentions": rng.randint(1, 500)}  # fmt: skip
        rows.append(actor)
        people.append(actor)
        by_country[code].append(actor["id"])
    table = [{"id": a["id"], "name": a["name"], "kind": a["kind"], "country": a["country"],
              "mentions": a["mentions"], "data": a} for a in rows]  # fmt: skip
    return table, people, by_country


def _pair(rng: random.Random) -> tuple[str, str]:
    """Two countries; Uzbekistan–Kyrgyzstan is the most reported pair, as in the demo corpus."""
    if rng.random() < 0.2:
        return "UZB", "KGZ"
    codes = [c for c, _ in COUNTRIES]
    a, b = rng.sample(codes[:6], 2) if rng.random() < 0.7 else rng.sample(codes, 2)
    return a, b


def _date(rng: random.Random) -> tuple[str | None, str | None]:
    roll = rng.random()
    if roll < 0.05:
        return None, None
    day = date(2014, 1, 1) + timedelta(days=rng.randrange(12 * 365))
    if roll < 0.08:
        return day.isoformat()[:4], "year"
    if roll < 0.15:
        return day.isoformat()[:7], "month"
    return day.isoformat(), "day"


def _other_items(
    rng: random.Random, corpus: _Corpus, by_country: dict[str, list[str]], n_events: int
) -> list[tuple[str, dict[str, Any], str | None, str | None, list[str]]]:
    out = []
    for i in range(n_events // 20):  # figures
        a, b = _pair(rng)
        indicator, unit = rng.choice(INDICATORS)
        speaker = rng.choice(by_country[a])
        period = str(rng.randint(2014, 2025))
        data = {"id": f"fig-{i:012x}", "indicator": indicator, "value": round(rng.uniform(1, 5e9), -3),
                "value_max": None, "unit": unit, "qualifier": None, "period": period, "change": None,
                "stated_by": speaker, "evidence": corpus.evidence(rng, rng.choice([1, 2]))}  # fmt: skip
        out.append(("figure", data, period, indicator, [speaker]))
    for i in range(n_events // 20):  # commitments
        a, b = _pair(rng)
        by = [rng.choice(by_country[a]), rng.choice(by_country[b])]
        due, _ = _date(rng)
        status = rng.choices(["open", "fulfilled", "overdue", "superseded"], [5, 4, 2, 1])[0]
        data = {"id": f"com-{i:012x}", "text": f"The sides will complete project {i}.", "by": by,
                "made_on": None, "due": due, "status": status, "fulfilled_by": [],
                "evidence": corpus.evidence(rng, 1), "kind": "project", "reason": f"rule {status}"}  # fmt: skip
        out.append(("commitment", data, due, status, by))
    for i in range(n_events // 10):  # quotes
        speaker = rng.choice(rng.choice(list(by_country.values())))
        day, _ = _date(rng)
        data = {"id": f"quo-{i:012x}", "speaker": speaker, "text": "We are good neighbours.",
                "date": day, "evidence": corpus.evidence(rng, 1), "kind": "direct"}  # fmt: skip
        out.append(("quote", data, day, "direct", [speaker]))
    for i in range(n_events // 40):  # agreements
        a, b = _pair(rng)
        parties = [f"country:{a}", f"country:{b}"]
        day, _ = _date(rng)
        data = {"id": f"agr-{i:012x}", "title": f"Agreement on cooperation no. {i}", "kind": "agreement",
                "date": day, "status": "signed", "parties": parties,
                "evidence": corpus.evidence(rng, 1)}  # fmt: skip
        out.append(("agreement", data, day, "agreement", parties))
    for i in range(n_events // 100):  # conflicts
        evidence = corpus.evidence(rng, 2)
        data = {"id": f"conflict-{i:012x}", "subject": {"kind": "figure", "id": f"fig-{i:012x}"},
                "field": "value", "values": [{"value": 1.0, "evidence": evidence[:1]},
                                             {"value": 2.0, "evidence": evidence[1:]}]}  # fmt: skip
        out.append(("conflict", data, None, "value", []))
    return out


def _item(kind: str, data: dict[str, Any], day: str | None, label: str | None) -> dict[str, Any]:
    return {
        "kind": kind,
        "id": data["id"],
        "date": day[:10] if day else None,
        "type": label,
        "data": data,
    }


def _links(
    item_id: str, actor_ids: list[str], evidence: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """As the fusion stage stores them: every actor × every evidence document."""
    docs = sorted({e["document"] for e in evidence}) or [None]
    if not actor_ids:
        return [{"item_id": item_id, "actor_id": "", "document_id": d} for d in docs if d]
    return [{"item_id": item_id, "actor_id": a, "document_id": d}
            for a in dict.fromkeys(actor_ids) for d in docs]  # fmt: skip


def _bulk(engine: Engine, table: Any, rows: list[dict[str, Any]], size: int = 20_000) -> None:
    with engine.begin() as connection:
        for start in range(0, len(rows), size):
            connection.execute(insert(table), rows[start : start + size])


# --- measurement --------------------------------------------------------------------------------


def measure(db: str, n: int, rng: random.Random) -> dict[str, list[float]]:
    """Milliseconds per request, by endpoint, against a real server on loopback."""
    port = _free_port()
    code = (
        "from accord.settings import Settings\n"
        "from accord.web.serve import serve\n"
        f"serve(Settings.resolve({{'db': {db!r}}}), host='127.0.0.1', port={port}, read_only=True,"
        " echo=lambda line: None)\n"
    )
    server = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "ACCORD_SPACY_MODEL": "none"},
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            _wait_ready(client, server)
            return _timings(client, n, rng)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _timings(client: httpx.Client, n: int, rng: random.Random) -> dict[str, list[float]]:
    total = client.get("/api/events?limit=1").json()["total"]
    dated = client.get("/api/timeline?limit=1").json()["dated"]["total"]
    ids = [f"evt-{i:012x}" for i in rng.sample(range(total), n)]
    person = client.get("/api/actors?type=person&limit=1").json()["items"][0]["id"]
    endpoints: dict[str, Iterator[str]] = {
        "dashboard  GET /": iter(["/"] * n),
        "event page GET /events/{id}": iter(f"/events/{i}" for i in ids),
        "timeline   GET /api/timeline?limit=50&offset=…": iter(
            f"/api/timeline?limit=50&offset={rng.randrange(max(1, dated - 50))}" for _ in range(n)
        ),
        "(extra) GET /api/events?between=UZB,KGZ&offset=…": iter(
            f"/api/events?between=UZB,KGZ&limit=50&offset={rng.randrange(5000)}" for _ in range(n)
        ),
        "(extra) GET /actors/{person}": iter([f"/actors/{person}"] * n),
        "(extra) GET /commitments?between=UZB,KGZ": iter(["/commitments?between=UZB,KGZ"] * n),
    }
    results: dict[str, list[float]] = {}
    for name, urls in endpoints.items():
        urls = list(urls)
        for url in urls[:10]:  # warm-up: connection, caches, first template compile
            client.get(url, headers={"accept": "text/html"})
        timings = []
        for url in urls:
            started = time.perf_counter()
            response = client.get(url, headers={"accept": "text/html"})
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}: {response.text[:300]}")
        results[name] = timings
    return results


def print_results(results: dict[str, list[float]], events: int, n: int) -> None:
    print(f"\n{events:,} events, SQLite, real uvicorn on 127.0.0.1, {n} sequential requests each")
    print(f"{'endpoint':52} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    failed = False
    for name, timings in results.items():
        ordered = sorted(timings)
        p50 = statistics.median(ordered)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        flag = ""
        if not name.startswith("(extra)") and p95 >= TARGET_P95_MS:
            flag, failed = "  over target", True
        print(f"{name:52} {p50:8.1f} {p95:8.1f} {ordered[-1]:8.1f}{flag}")
    print(
        f"target: p95 < {TARGET_P95_MS:.0f} ms for the first three: {'MISSED' if failed else 'met'}"
    )


def _wait_ready(client: httpx.Client, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server exited before it was ready")
        try:
            if client.get("/api/events?limit=1").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("the server did not start within 60 s")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


if __name__ == "__main__":
    main()
