"""A bounded load test of ``accord serve`` on loopback: concurrent readers and one writer.

Prepares a knowledge base (by default a temporary SQLite file with
``examples/corpus`` ingested by ``accord ingest``; ``--db`` uses an existing
one), starts the real server (``accord serve`` in a subprocess, uvicorn) on
127.0.0.1 with a write token in ``ACCORD_TOKEN``, and for ``--seconds`` runs
``--clients`` concurrent readers, each with its own keep-alive connection,
requesting a weighted mix of the pages and JSON endpoints (dashboard, event,
actor and document pages, commitments, figures, search, ``/api/timeline``,
``/api/events``, ``/api/documents``...) for ids that exist in the knowledge
base. At the same time ONE writer posts a new, distinct wire-style article
(generated here from templates written for this benchmark; invented officials,
real countries) to the token-protected ``POST /api/ingest`` every
``--write-every`` seconds; the server queues each as an ingest job and writes
one at a time. When the readers stop, the writer waits for its jobs (their
time from queued to done is reported by the server's clock), then every
document they stored is looked up through the API and in the database: none
may be lost.

Errors are exceptions (timeouts, refused connections) and non-2xx answers;
each is listed. Latency is measured by the client from sending a request to
having read the whole body; the load generator runs in this process on the
same machine as the server, so both share its CPUs. Requests still in flight
when the time is up are waited for and counted, and the rate is over the whole
elapsed time. Before the clock starts, each endpoint group is requested once
and one warm-up article is written (it loads the analysis model); that article
is checked afterwards with the others.

    .venv/bin/python benchmarks/load.py                              # 50 clients, 30 s, one writer
    .venv/bin/python benchmarks/load.py --clients 5 --seconds 3 --model none
    .venv/bin/python benchmarks/load.py --db kb.db --no-writer        # an existing KB, reads only

The writer adds documents (outlet "Loopback Load Wire") to the knowledge base
given with ``--db``; the default temporary one is removed afterwards. Only
loopback addresses are accepted for ``--host``. Prints one JSON line, then a
Markdown table; exits with status 1 when there were errors or lost documents.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import math
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
WRITER_OUTLET = "Loopback Load Wire"
MAX_LISTED_ERRORS = 50


# --- options -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="Concurrent readers.")
    parser.add_argument("--seconds", type=float, default=30.0, help="How long the readers run.")
    parser.add_argument(
        "--db", help="An existing knowledge base (path or URL) instead of a new one."
    )
    parser.add_argument("--host", default="127.0.0.1", help="Loopback address to serve on.")
    parser.add_argument("--port", type=int, default=0, help="Port (default: a free one).")
    parser.add_argument("--write-every", type=float, default=1.0, help="Seconds between writes.")
    parser.add_argument("--no-writer", action="store_true", help="Readers only.")
    parser.add_argument(
        "--model", help="ACCORD_SPACY_MODEL for the corpus ingest and the server (default: as set)."
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="Seconds per request.")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    summary = run(
        clients=args.clients,
        seconds=args.seconds,
        db=args.db,
        host=args.host,
        port=args.port,
        write_every=None if args.no_writer else args.write_every,
        model=args.model,
        timeout=args.timeout,
        seed=args.seed,
        log=lambda line: print(line, file=sys.stderr, flush=True),
    )
    print(json.dumps(summary, sort_keys=True))
    print()
    print(markdown(summary))
    if summary["errors"] or summary["writer"]["lost"]:
        sys.exit(1)


def run(
    *,
    clients: int = 50,
    seconds: float = 30.0,
    db: str | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    write_every: float | None = 1.0,
    model: str | None = None,
    timeout: float = 60.0,
    seed: int = 7,
    log: Callable[[str], None] = lambda line: None,
) -> dict[str, Any]:
    """Prepare the knowledge base, serve it, load it; the summary (see :func:`summarize`)."""
    host = loopback_host(host)
    if clients < 1 or seconds <= 0:
        raise SystemExit("--clients must be at least 1 and --seconds positive")
    env = {**os.environ}
    if model:
        env["ACCORD_SPACY_MODEL"] = model
    folder = Path(tempfile.mkdtemp(prefix="accord-load-"))
    try:
        if db is None:
            started = time.perf_counter()
            db = prepare_kb(folder / "kb.db", env)
            log(f"ingested {CORPUS.name} into {db} in {time.perf_counter() - started:.1f} s")
            kb = f"{CORPUS.relative_to(ROOT)} (new temporary SQLite file)"
        else:
            kb = db
        token = secrets.token_urlsafe(24)
        with Server(db, folder, host=host, port=port, token=token, env=env) as server:
            log(f"server ready at {server.base}")
            targets = discover(server.base)
            documents_before = _document_total(server.base)
            warm_up(server.base, targets)
            load_before = os.getloadavg()
            result = asyncio.run(
                load(
                    server.base,
                    targets,
                    clients=clients,
                    seconds=seconds,
                    token=token if write_every else None,
                    write_every=write_every or 1.0,
                    timeout=timeout,
                    seed=seed,
                )
            )
            load_after = os.getloadavg()
            written = result.writer.warmup + result.writer.accepted
            lost_api = lost_through_api(server.base, written)
            documents_after = _document_total(server.base)
        lost_db = lost_in_database(db, written)
        if server.failures:
            log("server log (errors):\n" + "\n".join(server.failures[-40:]))
        return summarize(
            result,
            kb=kb,
            host=host,
            clients=clients,
            seconds=seconds,
            model=env.get("ACCORD_SPACY_MODEL") or "default",
            lost_api=lost_api,
            lost_db=lost_db,
            documents=(documents_before, documents_after),
            load=(load_before, load_after),
            server_failures=len(server.failures),
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def loopback_host(host: str) -> str:
    """``host`` if it is a loopback address ('localhost' is 127.0.0.1); refuse anything else."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        raise SystemExit(
            f"refusing host {host!r}: give a loopback address such as 127.0.0.1"
        ) from None
    if not address.is_loopback:
        raise SystemExit(f"refusing host {host!r}: this load test runs on loopback only")
    return str(address)


# --- knowledge base and server -------------------------------------------------------------------


def prepare_kb(path: Path, env: dict[str, str]) -> str:
    """A new SQLite knowledge base at ``path`` with the example corpus, by ``accord ingest``."""
    command = [sys.executable, "-m", "accord", "ingest", str(CORPUS), "--db", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=1800)
    if done.returncode != 0:
        raise SystemExit(f"accord ingest exited with {done.returncode}:\n{done.stderr[-2000:]}")
    return str(path)


class Server:
    """``accord serve`` in a subprocess on a loopback address, stopped on exit.

    The token goes in ``ACCORD_TOKEN``, so it is never printed nor on the command line.
    The server's log is kept in ``folder``; ``failures`` holds its error lines afterwards.
    """

    def __init__(
        self,
        db: str,
        folder: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
        read_only: bool = False,
        env: dict[str, str] | None = None,
    ) -> None:
        self.host = loopback_host(host)
        self.port = port or free_port(self.host)
        netloc = f"[{self.host}]" if ":" in self.host else self.host
        self.base = f"http://{netloc}:{self.port}"
        self.db, self.token, self.read_only = db, token, read_only
        self.env = {**(os.environ if env is None else env)}
        self.env.pop("ACCORD_TOKEN", None)
        if token:
            self.env["ACCORD_TOKEN"] = token
        self.log_path = folder / f"server-{self.port}.log"
        self.failures: list[str] = []
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        command = [sys.executable, "-m", "accord", "serve", "--db", self.db,
                   "--host", self.host, "--port", str(self.port)]  # fmt: skip
        if self.read_only:
            command.append("--read-only")
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env=self.env
            )
        try:
            self._wait_ready()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log_path.exists():
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
            self.failures = [
                line for line in lines
                if line.startswith(("ERROR", "Traceback", "accord: error"))
                or " 500 " in line or "database is locked" in line
            ]  # fmt: skip

    def _wait_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + 120
        with httpx.Client(base_url=self.base, timeout=10) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    tail = self.log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
                    raise SystemExit(f"the server exited before it was ready:\n{tail}")
                try:
                    if client.get("/api/events?limit=1").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.2)
        raise SystemExit("the server did not start within 120 s")


def free_port(host: str = "127.0.0.1") -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


# --- what the readers ask for --------------------------------------------------------------------

SEARCHES = ['"state visit"', "trade", "Japarov", "water OR reservoir", "railway", "hospital",
            "Osh", "Mirziy*", "commission", "agreement"]  # fmt: skip
STATUSES = ["open", "fulfilled", "overdue", "superseded"]


@dataclass
class Targets:
    """Ids and values that exist in the knowledge base, read once before the load."""

    events: list[str]
    actors: list[str]
    documents: list[str]
    pair: tuple[str, str] | None
    indicators: list[str]
    event_types: list[str]


def discover(base: str) -> Targets:
    with httpx.Client(base_url=base, timeout=60) as client:

        def items(url: str) -> list[dict[str, Any]]:
            response = client.get(url)
            response.raise_for_status()
            return list(response.json()["items"])

        events = items("/api/events?limit=500")
        actors = items("/api/actors?limit=30")
        documents = items("/api/documents?limit=200")
        figures = items("/api/figures?limit=500")
        dashboard = client.get("/dashboard.json").json()
    if not events or not documents:
        raise SystemExit("the knowledge base has no events or no documents to read")
    codes = [ref["id"].removeprefix("country:") for ref in dashboard.get("pair", [])]
    return Targets(
        events=[e["id"] for e in events],
        actors=[a["id"] for a in actors],
        documents=[d["id"] for d in documents],
        pair=(codes[0], codes[1]) if len(codes) == 2 else None,
        indicators=sorted({f["indicator"] for f in figures if f["indicator"]})
        or ["trade turnover"],
        event_types=sorted({e["type"] for e in events if e["type"]}) or ["meeting"],
    )


# (group, weight, accept HTML?, url maker)
Pick = Callable[[random.Random, Targets], str]


def _between(t: Targets) -> str:
    return f"between={t.pair[0]},{t.pair[1]}" if t.pair else ""


MIX: list[tuple[str, int, bool, Pick]] = [
    ("page /", 3, True, lambda r, t: r.choice(["/", f"/?{_between(t)}", "/dashboard.json"])),
    ("page /events/{id}", 4, True, lambda r, t: f"/events/{r.choice(t.events)}"
        + r.choice(["", "", ".json"])),
    ("page /actors/{id}", 2, True, lambda r, t: f"/actors/{r.choice(t.actors)}"),
    ("page /documents/{id}", 2, True, lambda r, t: f"/documents/{r.choice(t.documents)}"),
    ("page /commitments", 1, True, lambda r, t: r.choice(
        [f"/commitments?{_between(t)}", f"/commitments?status={r.choice(STATUSES)}"])),
    ("page /figures", 1, True, lambda r, t: r.choice(
        ["/figures", f"/figures?{_between(t)}", "/figures?"
         + str(httpx.QueryParams({"type": r.choice(t.indicators)}))])),
    ("page /search", 1, True, lambda r, t: "/search?"
        + str(httpx.QueryParams({"q": r.choice(SEARCHES)}))),
    ("page /timeline", 1, True, lambda r, t: f"/timeline?{_between(t)}"),
    ("api /api/timeline", 3, False, lambda r, t: f"/api/timeline?limit=50&offset="
        f"{r.randrange(max(1, len(t.events) - 10))}"),
    ("api /api/events", 3, False, lambda r, t: "/api/events?" + str(httpx.QueryParams(r.choice([
        {"limit": 50}, {"between": _between(t).removeprefix("between="), "limit": 20},
        {"type": r.choice(t.event_types)}, {"from": "2023", "limit": 10},
        {"actor": r.choice(t.actors)}, {"text": r.choice(["Osh", "visit", "water"])},
    ])))),
    ("api /api/events/{id}", 1, False, lambda r, t: f"/api/events/{r.choice(t.events)}"),
    ("api /api/actors/{id}", 1, False, lambda r, t: f"/api/actors/{r.choice(t.actors)}"),
    ("api /api/search", 2, False, lambda r, t: "/api/search?"
        + str(httpx.QueryParams({"q": r.choice(SEARCHES), "limit": 10}))),
    ("api /api/commitments", 1, False, lambda r, t: "/api/commitments?"
        + str(httpx.QueryParams({"status": r.choice(STATUSES)}))),
    ("api /api/figures", 1, False, lambda r, t: "/api/figures?"
        + str(httpx.QueryParams({"type": r.choice(t.indicators)}))),
    ("api /api/documents", 2, False, lambda r, t: r.choice(
        ["/api/documents?limit=50", f"/api/documents/{r.choice(t.documents)}"])),
]  # fmt: skip
WRITE_URL = "/api/ingest"
WRITE_GROUP = "write POST /api/ingest"
JOB_GROUP = "writer job (queued -> done)"


def pick(rng: random.Random, targets: Targets) -> tuple[str, str, bool]:
    """One request of the mix: (group, url, wants HTML)."""
    group, _, html, make = rng.choices(MIX, weights=[w for _, w, _, _ in MIX])[0]
    url = make(rng, targets)
    return group, url, html and not url.split("?")[0].endswith(".json")


# --- what the writer posts -----------------------------------------------------------------------

SIDES = {
    "UZB": ("Uzbekistan", "Uzbek", "Tashkent", ["Samarkand", "Namangan", "Andijan"],
            ["Alisher Tursunov", "Dilnoza Rakhimova", "Otabek Yusupov", "Kamola Ergasheva"]),
    "KGZ": ("Kyrgyzstan", "Kyrgyz", "Bishkek", ["Osh", "Jalal-Abad", "Karakol"],
            ["Azamat Bekmuratov", "Aigerim Sydykova", "Nurbek Osmonov", "Chynara Alieva"]),
    "KAZ": ("Kazakhstan", "Kazakh", "Astana", ["Almaty", "Shymkent", "Turkistan"],
            ["Daniyar Seitkali", "Aliya Zhumabekova", "Yerlan Abenov"]),
    "TJK": ("Tajikistan", "Tajik", "Dushanbe", ["Khujand", "Bokhtar", "Istaravshan"],
            ["Farhod Nazarov", "Zarina Qodirova", "Davron Sharipov"]),
}  # fmt: skip
ROLES = ["Minister of Foreign Affairs", "Deputy Prime Minister", "Minister of Energy",
         "Minister of Transport", "Minister of Investment and Foreign Trade",
         "Minister of Water Resources", "Minister of Agriculture"]  # fmt: skip
TOPICS = ["water use along the shared rivers", "rail freight across the border",
          "electricity swaps for the winter months", "customs procedures at border posts",
          "joint industrial zones near the frontier", "visa-free travel for tourist groups",
          "seed and fertiliser supplies for the spring sowing", "road links through the valley"]  # fmt: skip
FORUMS = ["a session of the intergovernmental commission", "a working visit",
          "consultations between the two foreign ministries", "a meeting of the joint business council"]  # fmt: skip
AGREEMENTS = ["a memorandum on joint monitoring of the river basin",
              "an agreement on mutual recognition of veterinary certificates",
              "a protocol extending the working hours of two checkpoints",
              "a roadmap for a joint logistics hub", "an agreement on emergency response",
              "a programme of cultural exchanges for the coming two years"]  # fmt: skip
COMMITMENTS = ["open an additional border crossing point", "launch a direct container train",
               "finish the feasibility study for a joint reservoir",
               "hold a joint business forum", "set up a working group on energy tariffs",
               "connect the customs databases of the two countries"]  # fmt: skip
QUOTES = ["We came here to solve practical questions, and we solved several of them today",
          "Traders on both sides of the border should feel the difference within months",
          "Our ministries will now meet every quarter instead of once a year",
          "What we signed today has to be measured by results on the ground",
          "There is no question between our countries that cannot be settled by talks"]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FIRST_DAY = date(2025, 3, 3)  # after the example corpus, so its events never merge with these


def wire_article(n: int, tag: str, rng: random.Random) -> dict[str, str]:
    """The ``n``-th writer article: a new, distinct report of a bilateral ministerial meeting."""
    code_a, code_b = rng.sample(sorted(SIDES), 2)
    country_a, adj_a, capital_a, towns_a, people_a = SIDES[code_a]
    country_b, adj_b, capital_b, towns_b, people_b = SIDES[code_b]
    name_a, name_b = rng.choice(people_a), rng.choice(people_b)
    role_a, role_b = rng.choice(ROLES), rng.choice(ROLES)
    day = FIRST_DAY + timedelta(days=2 * n + rng.randrange(2))
    city = rng.choice([capital_a, *towns_a])
    topic = rng.choice(TOPICS)
    trade = rng.randrange(300, 4000)
    change = rng.randrange(2, 35)
    due = day.year + rng.randrange(1, 3)
    paragraphs = [
        f"The talks were held as part of {rng.choice(FORUMS)}, the {adj_a} side said in a "
        f"statement after the meeting.",
        f"{name_a.split()[-1]} said trade between {country_a} and {country_b} reached "
        f"${trade} million in {day.year - 1}, {rng.choice(['up', 'down'])} {change} percent "
        "on the year before.",
        f"Following the talks, the sides signed {rng.randrange(2, 12)} documents, including "
        f"{rng.choice(AGREEMENTS)}.",
        f"The two governments agreed to {rng.choice(COMMITMENTS)} by the end of {due}.",
        f'"{rng.choice(QUOTES)}," {name_b.split()[-1]} told reporters.',
    ]
    rng.shuffle(paragraphs)
    lead = (
        f"{city.upper()}, {day.day} {day:%B %Y} ({WRITER_OUTLET}) - {role_a} of {country_a} "
        f"{name_a} and {role_b} of {country_b} {name_b} met in {city} on "
        f"{WEEKDAYS[day.weekday()]} to discuss {topic}."
    )
    closing = (
        f"The next round is planned in {rng.choice([capital_b, *towns_b])} "
        f"{rng.choice(['in the autumn', 'early next year', 'within six months'])}."
    )
    text = "\n\n".join(
        [lead, *paragraphs, closing, f"Wire reference {tag}-{n:05d}.", "Share this article"]
    )
    return {
        "text": text,
        "title": f"{adj_a} and {adj_b} ministers discuss {topic} in {city}",
        "published": day.isoformat(),
        "outlet": WRITER_OUTLET,
    }


# --- the load ------------------------------------------------------------------------------------


@dataclass
class WriterResult:
    posted: int = 0
    jobs: list[str] = field(default_factory=list)  # ids of the ingest jobs posted on the clock
    accepted: list[str] = field(default_factory=list)  # document ids the jobs stored as new
    warmup: list[str] = field(default_factory=list)
    job_ms: list[float] = field(default_factory=list)  # queued -> done, by the server's clock
    failed: int = 0
    done_during_reads: int = 0
    drain_s: float = 0.0


@dataclass
class LoadResult:
    timings: dict[str, list[float]] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    elapsed: float = 0.0
    writer: WriterResult = field(default_factory=WriterResult)

    def record(self, group: str, ms: float, error: dict[str, Any] | None) -> None:
        self.timings.setdefault(group, []).append(ms)
        if error is not None:
            self.errors.append({"group": group, **error})


def warm_up(base: str, targets: Targets) -> None:
    """One request of each group, untimed: connections, caches, templates compiled."""
    rng = random.Random(0)
    with httpx.Client(base_url=base, timeout=300) as client:
        for group, _, html, make in MIX:
            url = make(rng, targets)
            response = client.get(url, headers={"accept": "text/html"} if html else {})
            if response.status_code != 200:
                raise SystemExit(f"warm-up {group}: {url} answered {response.status_code}")


async def load(
    base: str,
    targets: Targets,
    *,
    clients: int,
    seconds: float,
    token: str | None,
    write_every: float = 1.0,
    timeout: float = 60.0,
    seed: int = 7,
) -> LoadResult:
    """``clients`` readers for ``seconds``, and a writer every ``write_every`` s if ``token``.

    The writer's jobs still queued when the readers stop are waited for afterwards.
    """
    result = LoadResult()
    tag, writer_rng = secrets.token_hex(4), random.Random(seed)
    auth = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, timeout=timeout, headers=auth) as writer:
        if token:  # warm-up write: loads the analysis model before the clock starts
            await _warm_up_write(writer, wire_article(0, tag, writer_rng), result)
        started = time.perf_counter()
        deadline = started + seconds
        tasks = [_reader(base, targets, deadline, result, random.Random(seed + i), timeout)
                 for i in range(clients)]  # fmt: skip
        if token:
            tasks.append(_writer(writer, tag, started, deadline, write_every, result, writer_rng))
        await asyncio.gather(*tasks)
        result.elapsed = time.perf_counter() - started
        reads_ended = datetime.now(UTC)
        if token:
            await _finish_jobs(writer, result, reads_ended)
            result.writer.drain_s = time.perf_counter() - started - result.elapsed
    return result


async def _reader(
    base: str,
    targets: Targets,
    deadline: float,
    result: LoadResult,
    rng: random.Random,
    timeout: float,
) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=timeout) as client:
        while time.perf_counter() < deadline:
            group, url, html = pick(rng, targets)
            headers = {"accept": "text/html"} if html else {}
            error = None
            started = time.perf_counter()
            try:
                response = await client.get(url, headers=headers)
                if not 200 <= response.status_code < 300:
                    error = {"url": url, "status": response.status_code,
                             "detail": response.text[:300]}  # fmt: skip
            except httpx.HTTPError as exc:
                error = {"url": url, "status": None, "detail": f"{type(exc).__name__}: {exc}"}
            result.record(group, (time.perf_counter() - started) * 1000, error)


async def _writer(
    client: httpx.AsyncClient,
    tag: str,
    started: float,
    deadline: float,
    every: float,
    result: LoadResult,
    rng: random.Random,
) -> None:
    """Posts one article every ``every`` s (the server queues them and writes one at a time)."""
    n, due = 1, started
    while due < deadline:
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        error = None
        begun = time.perf_counter()
        try:
            response = await client.post(WRITE_URL, json=wire_article(n, tag, rng))
            if response.status_code in (200, 202):
                result.writer.jobs.append(response.json()["id"])
            else:
                error = {"url": WRITE_URL, "status": response.status_code,
                         "detail": response.text[:300]}  # fmt: skip
        except httpx.HTTPError as exc:
            error = {"url": WRITE_URL, "status": None, "detail": f"{type(exc).__name__}: {exc}"}
        result.writer.posted += 1
        result.record(WRITE_GROUP, (time.perf_counter() - begun) * 1000, error)
        n += 1
        due = max(due + every, time.perf_counter())


async def _warm_up_write(
    client: httpx.AsyncClient, article: dict[str, str], result: LoadResult
) -> None:
    response = await client.post(WRITE_URL + "?wait=true", json=article, timeout=600)
    new = _new_documents(response.json()) if response.status_code == 200 else []
    if len(new) != 1:
        raise SystemExit(f"the warm-up write failed: {response.status_code} {response.text[:300]}")
    result.writer.warmup += new


async def _finish_jobs(
    client: httpx.AsyncClient, result: LoadResult, reads_ended: datetime, patience: float = 900
) -> None:
    """Wait for every posted job; keep the documents they stored and how long each took."""
    writer = result.writer
    give_up = time.perf_counter() + patience
    for job_id in writer.jobs:
        url = f"/api/jobs/{job_id}"
        while True:
            try:
                response = await client.get(url)
                job = response.json() if response.status_code == 200 else None
            except httpx.HTTPError as exc:
                response, job = None, {"state": "failed", "error": f"{type(exc).__name__}: {exc}"}
            if job is None or job["state"] in ("done", "failed"):
                break
            if time.perf_counter() > give_up:
                job = {
                    **job,
                    "state": "failed",
                    "error": f"still {job['state']} after {patience:.0f} s",
                }
                break
            await asyncio.sleep(0.2)
        new = _new_documents(job) if job and job["state"] == "done" else []
        if len(new) != 1:
            writer.failed += 1
            detail = (
                json.dumps(job)[:300] if job else f"{response.status_code}: {response.text[:300]}"
            )
            result.errors.append({"group": JOB_GROUP, "url": url, "status": None, "detail": detail})
            continue
        writer.accepted += new
        created, finished = (datetime.fromisoformat(job[k]) for k in ("created", "finished"))
        writer.job_ms.append((finished - created).total_seconds() * 1000)
        writer.done_during_reads += finished <= reads_ended


def _new_documents(job: dict[str, Any]) -> list[str]:
    return [o["doc_id"] for o in job.get("outcomes", []) if o["status"] == "new" and o["doc_id"]]


# --- checks --------------------------------------------------------------------------------------


def lost_through_api(base: str, doc_ids: list[str]) -> list[str]:
    """The writer's documents that the API does not return."""
    lost = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for doc_id in doc_ids:
            response = client.get(f"/api/documents/{doc_id}")
            if response.status_code != 200 or response.json()["document"]["id"] != doc_id:
                lost.append(doc_id)
    return lost


def lost_in_database(db: str, doc_ids: list[str]) -> list[str]:
    """The writer's documents that are not in the knowledge base's documents table."""
    from sqlalchemy import select

    from accord.store.kb import open_kb
    from accord.store.schema import documents

    engine = open_kb(db, create=False)
    try:
        with engine.connect() as connection:
            found: set[str] = set()
            for start in range(0, len(doc_ids), 500):
                chunk = doc_ids[start : start + 500]
                query = select(documents.c.id).where(documents.c.id.in_(chunk))
                found.update(connection.execute(query).scalars())
    finally:
        engine.dispose()
    return [d for d in doc_ids if d not in found]


def _document_total(base: str) -> int:
    return int(httpx.get(f"{base}/api/documents?limit=1", timeout=60).json()["total"])


# --- report --------------------------------------------------------------------------------------


def percentile(ordered: list[float], p: float) -> float:
    """Nearest-rank percentile of sorted values."""
    if not ordered:
        return math.nan
    return ordered[max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))]


def latency(values: list[float]) -> dict[str, Any]:
    """Count and nearest-rank percentiles in ms (None when there are no values)."""
    ordered = sorted(values)
    if not ordered:
        return {"n": 0, "p50": None, "p95": None, "p99": None, "max": None}
    return {
        "n": len(ordered),
        "p50": round(percentile(ordered, 50), 1),
        "p95": round(percentile(ordered, 95), 1),
        "p99": round(percentile(ordered, 99), 1),
        "max": round(ordered[-1], 1),
    }


def summarize(
    result: LoadResult,
    *,
    kb: str,
    host: str,
    clients: int,
    seconds: float,
    model: str,
    lost_api: list[str],
    lost_db: list[str],
    documents: tuple[int, int],
    load: tuple[tuple[float, ...], tuple[float, ...]],
    server_failures: int,
) -> dict[str, Any]:
    """Everything measured, as one JSON-ready dict (latencies in ms)."""
    reads = [ms for group, values in result.timings.items() if group != WRITE_GROUP
             for ms in values]  # fmt: skip
    requests = [ms for values in result.timings.values() for ms in values]
    errors_by_group: dict[str, int] = {}
    for error in result.errors:
        errors_by_group[error["group"]] = errors_by_group.get(error["group"], 0) + 1
    writer = result.writer
    written = len(writer.warmup) + len(writer.accepted)
    lost = set(lost_api) | set(lost_db)
    groups = {}
    for group in sorted(result.timings, key=lambda g: (g == WRITE_GROUP, g)):
        groups[group] = {**latency(result.timings[group]), "errors": errors_by_group.get(group, 0)}
    return {
        "benchmark": "load",
        "kb": kb,
        "host": host,
        "cpus": os.cpu_count(),
        "model": model,
        "clients": clients,
        "seconds": seconds,
        "elapsed_s": round(result.elapsed, 2),
        "requests": len(requests),
        "requests_per_s": round(len(requests) / result.elapsed, 1) if result.elapsed else 0.0,
        "reads": len(reads),
        "errors": len(result.errors),
        "read_errors": sum(
            n for g, n in errors_by_group.items() if g not in (WRITE_GROUP, JOB_GROUP)
        ),
        "error_list": result.errors[:MAX_LISTED_ERRORS],
        "overall": latency(requests),
        "reads_latency": latency(reads),
        "groups": groups,
        "writer": {
            "posted": writer.posted,
            "accepted": len(writer.accepted),
            "failed": writer.failed,
            "done_during_reads": writer.done_during_reads,
            "drain_s": round(writer.drain_s, 2),
            "job": {**latency(writer.job_ms), "errors": errors_by_group.get(JOB_GROUP, 0)},
            "warmup_accepted": len(writer.warmup),
            "verified": written - len(lost),
            "lost": sorted(lost),
            "lost_api": lost_api,
            "lost_db": lost_db,
            "documents_before": documents[0],
            "documents_after": documents[1],
        },
        "server_error_lines": server_failures,
        "loadavg_before": [round(x, 2) for x in load[0]],
        "loadavg_after": [round(x, 2) for x in load[1]],
    }


def markdown(summary: dict[str, Any]) -> str:
    """The summary as a paragraph and a Markdown table."""
    writer = summary["writer"]
    lines = [
        f"{summary['clients']} concurrent readers + {'1 writer' if writer['posted'] else 'no writer'}"
        f" for {summary['elapsed_s']:.1f} s against `accord serve` on {summary['host']} "
        f"({summary['kb']}; spaCy model: {summary['model']}; {summary['cpus']} CPUs shared by "
        f"server and clients; load average {summary['loadavg_before'][0]} before, "
        f"{summary['loadavg_after'][0]} after)",
        "",
        f"**{summary['requests']:,} requests, {summary['requests_per_s']:,.1f} requests/s, "
        f"{summary['errors']} errors.** Writer: {writer['posted']} articles posted, "
        f"{writer['accepted']} stored as new documents (+{writer['warmup_accepted']} warm-up; "
        f"{_during(writer)}), {writer['failed']} failed; {writer['verified']} found afterwards "
        f"through the API and in the database, {len(writer['lost'])} lost.",
        "",
        "| endpoint group | requests | errors | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for group, row in summary["groups"].items():
        lines.append(_row(group, row))
    lines.append(
        _row("**all reads**", {**summary["reads_latency"], "errors": summary["read_errors"]})
    )
    request_errors = summary["errors"] - writer["job"]["errors"]
    lines.append(_row("**all requests**", {**summary["overall"], "errors": request_errors}))
    if writer["posted"]:
        lines.append(_row(f"{JOB_GROUP}, server clock", writer["job"]))
    if summary["error_list"]:
        lines += ["", "Errors:", ""]
        lines += [f"- {e['group']}: `{e['url']}` → {e['status'] or 'exception'}: {e['detail'][:160]}"
                  for e in summary["error_list"]]  # fmt: skip
    if writer["lost"]:
        lines += ["", "Lost documents: " + ", ".join(writer["lost"])]
    return "\n".join(lines)


def _during(writer: dict[str, Any]) -> str:
    late = writer["accepted"] - writer["done_during_reads"]
    if not late:
        return "all done while the readers ran"
    return (f"{writer['done_during_reads']} done while the readers ran, the other {late} "
            f"within {writer['drain_s']:.1f} s after")  # fmt: skip


def _row(name: str, row: dict[str, Any]) -> str:
    cells = [f"{row[k]:.1f}" if row[k] is not None else "–" for k in ("p50", "p95", "p99", "max")]
    return f"| {name} | {row['n']:,} | {row['errors']} | " + " | ".join(cells) + " |"


if __name__ == "__main__":
    main()
