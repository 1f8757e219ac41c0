"""The views and exports as a user runs them: timeline, conflicts, commitments, figures, report."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.ingest.pipeline import ingest
from accord.settings import Settings
from accord.store.kb import open_kb
from tests.conftest import CORPUS

ENV = {"ACCORD_SPACY_MODEL": "none", "ACCORD_DB": "", "COLUMNS": "200"}


def _run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


@pytest.fixture(scope="module")
def kb(tmp_path_factory, analyzer) -> str:
    """The example corpus, ingested once for this module."""
    db = str(tmp_path_factory.mktemp("views") / "kb.db")
    report = ingest(
        [str(CORPUS)], open_kb(db), Settings.resolve({"db": db}, environ={}), analyzer=analyzer
    )
    assert report.ok
    return db


def test_cli_timeline_prints_dated_then_undated_tables(kb: str):
    result = _run("timeline", "--db", kb)
    assert result.exit_code == 0, result.output
    assert "Timeline" in result.stdout
    assert result.stdout.index("Timeline") < result.stdout.index("Undated events")
    assert "2022-06-14" in result.stdout


def test_cli_timeline_json_shape(kb: str):
    result = _run("timeline", "--between", "Uzbekistan", "Kyrgyzstan", "--json", "--db", kb)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"between", "date_from", "date_to", "type", "dated", "undated", "actors"}
    assert [side["id"] for side in data["between"]] == ["country:UZB", "country:KGZ"]
    dates = [e["date"] for e in data["dated"]]
    assert dates and dates == sorted(dates)
    assert all(e["date"] is None for e in data["undated"])
    first = data["dated"][0]
    assert {"id", "type", "participants", "source_count", "sources", "reported"} <= set(first)
    assert {"document", "outlet", "published"} <= set(first["sources"][0])
    assert all(p in data["actors"] for e in data["dated"] for p in e["participants"])


def test_cli_timeline_between_filters_both_sides(kb: str):
    everything = json.loads(_run("timeline", "--json", "--db", kb).stdout)
    between = json.loads(
        _run(
            "timeline", "--between", "country:UZB", "person:sadyr-japarov", "--json", "--db", kb
        ).stdout
    )
    members = [set(side["members"]) for side in between["between"]]
    kept = between["dated"] + between["undated"]
    assert 0 < len(kept) < len(everything["dated"]) + len(everything["undated"])
    for event in kept:
        actors = {*event["participants"], event["source_actor"], event["target_actor"]}
        assert "person:sadyr-japarov" in actors
        assert actors & members[0] - {"person:sadyr-japarov"}


def test_cli_timeline_window_and_type(kb: str):
    result = _run(
        "timeline", "--from", "2024", "--to", "2024", "--type", "meeting", "--json", "--db", kb
    )
    data = json.loads(result.stdout)
    assert data["dated"]
    assert all(e["date"].startswith("2024") and e["type"] == "meeting" for e in data["dated"])


def test_cli_an_actor_is_found_by_any_spelling_of_its_name(kb: str):
    """'Zhaparov' and 'Mirziyaev' are how some outlets write them: the same people."""
    by_id = json.loads(
        _run(
            "timeline", "--between", "person:shavkat-mirziyoyev", "person:sadyr-japarov",
            "--json", "--db", kb,
        ).stdout
    )  # fmt: skip
    by_spelling = json.loads(
        _run("timeline", "--between", "Mirziyaev", "Zhaparov", "--json", "--db", kb).stdout
    )
    assert [side["id"] for side in by_spelling["between"]] == [
        "person:shavkat-mirziyoyev",
        "person:sadyr-japarov",
    ]
    assert by_spelling["dated"] == by_id["dated"] and by_spelling["dated"]


def test_cli_timeline_unknown_side_exits_1(kb: str):
    result = _run("timeline", "--between", "Atlantis", "Kyrgyzstan", "--db", kb)
    assert result.exit_code == 1
    assert "no actor matches 'Atlantis'" in result.stderr


def test_cli_conflicts_lists_both_values_with_sources(kb: str):
    result = _run("conflicts", "--json", "--db", kb)
    assert result.exit_code == 0, result.output
    views = json.loads(result.stdout)
    assert views
    for view in views:
        assert {"kind", "id", "label"} == set(view["subject"])
        assert len(view["values"]) >= 2
        for value in view["values"]:
            assert value["sources"] and value["evidence"] and value["display"]
    table = _run("conflicts", "--db", kb).stdout
    figure = next(v for v in views if v["subject"]["kind"] == "figure")
    assert figure["subject"]["label"].split(",")[0] in table
    for value in figure["values"]:
        assert value["display"] in table


def test_cli_commitments_status_shows_reason(kb: str):
    result = _run("commitments", "--status", "fulfilled", "--json", "--db", kb)
    rows = json.loads(result.stdout)
    assert rows and all(r["status"] == "fulfilled" and r["reason"] for r in rows)
    table = _run("commitments", "--status", "fulfilled", "--db", kb).stdout
    assert "why" in table and "rule" in table
    details = _run("commitments", "--status", "overdue", "--details", "--db", kb)
    assert details.exit_code == 0 and "evidence" in details.stdout and "overdue" in details.stdout


def test_cli_commitments_unknown_status_exits_1(kb: str):
    result = _run("commitments", "--status", "forgotten", "--db", kb)
    assert result.exit_code == 1
    assert "known: open, fulfilled, overdue, superseded" in result.stderr


def test_cli_figures_show_period_qualifier_change_stated_by_and_sources(kb: str):
    result = _run("figures", "--indicator", "trade turnover", "--db", kb)
    assert result.exit_code == 0, result.output
    for column in ("period", "qualifier", "change", "stated by", "sources"):
        assert column in result.stdout
    assert "1.18 billion USD" in result.stdout or "1.2 billion USD" in result.stdout
    assert "target for 2030" in result.stdout  # "bring bilateral trade to $5 billion by 2030"


def test_cli_report_html_and_markdown(kb: str, tmp_path: Path):
    html = tmp_path / "brief.html"
    result = _run(
        "report", "--between", "Uzbekistan", "Kyrgyzstan", "-f", "html", "-o", str(html), "--db", kb
    )
    assert result.exit_code == 0, result.output
    page = html.read_text(encoding="utf-8")
    assert "<svg" in page and "Uzbekistan – Kyrgyzstan: brief" in page
    md = tmp_path / "brief.md"
    result = _run("report", "--between", "Uzbekistan", "Kyrgyzstan", "-o", str(md), "--db", kb)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "brief-events.svg").exists()
    assert "wrote" in result.stderr
    printed = _run("report", "--format", "json", "--db", kb)
    assert json.loads(printed.stdout)["title"] == "Brief: the whole record"


def test_cli_report_unknown_format_exits_1(kb: str):
    result = _run("report", "--format", "pdf", "--db", kb)
    assert result.exit_code == 1 and "known: md, html, json" in result.stderr


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("json", "record.json"),
        ("csv", "record.zip"),
        ("csv", "tables"),
        ("parquet", "parquet"),
        ("plover", "events.jsonl"),
        ("timelinejs", "timeline.json"),
    ],
)
def test_cli_export_each_format(kb: str, tmp_path: Path, fmt: str, name: str):
    output = tmp_path / name
    result = _run("export", "--format", fmt, "--output", str(output), "--db", kb)
    assert result.exit_code == 0, result.output
    events = json.loads(_run("timeline", "--json", "--db", kb).stdout)
    total = len(events["dated"]) + len(events["undated"])
    if fmt == "json":
        assert len(json.loads(output.read_text(encoding="utf-8"))["events"]) == total
    elif name.endswith(".zip"):
        with zipfile.ZipFile(output) as archive:
            assert json.loads(archive.read("manifest.json"))["tables"]["events"] == total
    elif fmt == "csv":
        assert json.loads((output / "manifest.json").read_text())["tables"]["events"] == total
    elif fmt == "parquet":
        assert pq.read_table(output / "events.parquet").num_rows == total
    elif fmt == "plover":
        assert len(output.read_text(encoding="utf-8").splitlines()) == total
    else:
        assert len(json.loads(output.read_text(encoding="utf-8"))["events"]) == len(events["dated"])


def test_readme_documents_every_view_and_export_format():
    from accord.present.export import EXPORTERS
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Views and exports") :]
    for command in ("timeline", "commitments", "conflicts", "figures", "report"):
        assert f"accord {command} " in section, command
    for fmt in EXPORTERS:
        assert f"--format {fmt} " in section, fmt
