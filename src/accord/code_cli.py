"""``accord code`` and ``accord coder train``: PLOVER coding of sentences.

A Typer app whose commands join the main ``accord`` app. Commands parse
options, call the coder, and turn :class:`accord.errors.AccordError` into a
one-line message and exit code 1.
"""

from __future__ import annotations

import csv
import io
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console

from accord.errors import AccordError, InputRejected
from accord.settings import Settings

app = typer.Typer(rich_markup_mode="rich", context_settings={"help_option_names": ["-h", "--help"]})
coder_app = typer.Typer(
    help="Train a learned PLOVER coder (optional extra accord\\[learn]).", no_args_is_help=True
)
app.add_typer(coder_app, name="coder")

err = Console(stderr=True, soft_wrap=True)  # an error naming a file stays one line
_BATCH = 1000


@contextmanager
def _errors():
    try:
        yield
    except AccordError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from exc


@app.command("code")
def code(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="Text file with one sentence a line, or a CSV file with --column. "
            "Omitted or '-': read standard input.",
            show_default=False,
        ),
    ] = None,
    column: Annotated[
        str | None, typer.Option("--column", help="Read sentences from this column of a CSV.")
    ] = None,
    model: Annotated[
        Path | None,
        typer.Option(
            "--model", help="Folder of a learned coder (accord coder train); default: built-in."
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="JSONL file to write (default: stdout).")
    ] = None,
) -> None:
    """Code sentences with PLOVER root types; one JSON line per sentence with its events.

    Each line: "text", "events" (plover, mode, source, target, negated, future, trigger...).

    Examples:

      accord code sentences.txt --output events.jsonl

      accord code news.csv --column text --model models/plover
    """
    settings = Settings.resolve({})
    with _errors():
        sentences = _read_sentences(file, column, settings.max_bytes)
        coder = _coder(model, settings)
        with _open_output(output) as sink:
            for start in range(0, len(sentences), _BATCH):
                batch = sentences[start : start + _BATCH]
                for text, events in zip(batch, coder.code(batch), strict=True):
                    sink.write(_line(text, events))
    if output is not None:
        err.print(f"coded {len(sentences)} sentence(s) into {output}")


@coder_app.command("train")
def coder_train(
    data: Annotated[
        Path, typer.Option("--data", help="CSV with columns text,label[,source,target].")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Model folder to write.")],
    epochs: Annotated[int, typer.Option(help="Passes over the data.", min=1)] = 6,
    seed: Annotated[int, typer.Option(help="Random seed (same data and seed, same model).")] = 13,
) -> None:
    """Fine-tune the learned coder (MiniLM) on labelled sentences; labels are PLOVER root types.

    Example: accord coder train --data labelled.csv --output models/plover --epochs 6
    """
    from accord.analyze.learned import read_training_csv, train_examples
    from accord.analyze.nlp import load_pipeline

    def progress(epoch: int, loss: float) -> None:
        err.print(f"epoch {epoch}/{epochs}: loss {loss:.4f}")

    with _errors():
        examples = read_training_csv(data)  # bad data fails before any model loads
        nlp, _ = load_pipeline(Settings.resolve({}).spacy_model)
        report = train_examples(
            examples, output, epochs=epochs, seed=seed, nlp=nlp, on_epoch=progress
        )
    err.print(
        f"trained on {report.examples} sentences ({len(report.labels)} labels) in "
        f"{report.seconds:.0f} s; model folder: {output}"
    )


def _coder(model: Path | None, settings: Settings):
    from accord.analyze.nlp import load_pipeline
    from accord.analyze.plover import BuiltinCoder

    if model is not None:
        from accord.analyze.learned import LearnedCoder

        LearnedCoder.check_folder(model)  # before the spaCy model loads: fail fast
        return LearnedCoder.load(model, nlp=load_pipeline(settings.spacy_model)[0])
    return BuiltinCoder(load_pipeline(settings.spacy_model)[0])


def _read_sentences(file: Path | None, column: str | None, max_bytes: int) -> list[str]:
    name = "<stdin>" if file is None or str(file) == "-" else str(file)
    try:
        if name == "<stdin>":
            if sys.stdin.isatty():
                raise InputRejected(name, "no input: give a FILE or pipe sentences in")
            raw = sys.stdin.read(max_bytes + 1)
        else:
            if file.stat().st_size > max_bytes:
                raise InputRejected(name, f"larger than {max_bytes} bytes")
            raw = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputRejected(name, f"cannot read ({exc})") from exc
    if len(raw) > max_bytes:
        raise InputRejected(name, f"larger than {max_bytes} bytes")
    if column is None:
        return [line.strip() for line in raw.splitlines() if line.strip()]
    try:
        reader = csv.DictReader(io.StringIO(raw))
        if column not in (reader.fieldnames or []):
            found = ", ".join(reader.fieldnames or []) or "none"
            raise InputRejected(name, f"no column {column!r} (columns: {found})")
        return [(row.get(column) or "").strip() for row in reader]
    except csv.Error as exc:
        raise InputRejected(name, f"not a readable CSV ({exc})") from exc


@contextmanager
def _open_output(output: Path | None):
    if output is None:
        yield sys.stdout
        return
    try:
        handle: TextIO = output.open("w", encoding="utf-8")
    except OSError as exc:
        raise AccordError(f"cannot write {output}: {exc}") from exc
    with handle:
        yield handle


def _line(text: str, events) -> str:
    import json

    payload = {"text": text, "events": [event.model_dump(mode="json") for event in events]}
    return json.dumps(payload, ensure_ascii=False) + "\n"
