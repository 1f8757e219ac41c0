"""``accord evaluate``: score the record against a gold annotation and print the scores.

Only parsing and rendering live here; :func:`accord.evaluate.evaluate_gold`
does the work. The library is imported inside the command so ``accord --help``
stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from accord.errors import AccordError

if TYPE_CHECKING:
    from accord.evaluate import Evaluation, Finding, Metric, SectionScore

app = typer.Typer(
    help="Score the record against a hand-made gold annotation.",
    context_settings={"help_option_names": ["-h", "--help"]},
)
out = Console()
err = Console(stderr=True, soft_wrap=True)  # an error naming a file stays one line


@app.command()
def evaluate(
    gold: Annotated[
        Path,
        typer.Option(
            "--gold",
            help="Gold folder (documents.json, actors.json, events.json, ...).",
            exists=True,
            file_okay=False,
            show_default=False,
        ),
    ],
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Evaluate this knowledge base (SQLite path or SQLAlchemy URL). Without it, the "
            "corpus is ingested into a temporary knowledge base first.",
            show_default=False,
        ),
    ] = None,
    corpus: Annotated[
        Path | None,
        typer.Option(
            "--corpus",
            help="Corpus the gold describes. Default: the 'corpus' folder next to the gold.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    details: Annotated[
        str | None,
        typer.Option(
            "--details",
            help="List the misses and false positives of one section (documents, actors, "
            "events, agreements, commitments, fulfilment, figures, quotes, conflicts) or 'all'.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print precision, recall and F1 per section of the record against a gold annotation.

    Examples:

      accord evaluate --gold examples/gold

      accord evaluate --gold examples/gold --db kb.db --details events
    """
    from accord.evaluate import SECTIONS, evaluate_gold
    from accord.settings import Settings

    if details is not None and details not in (*SECTIONS, "all"):
        raise typer.BadParameter(
            f"unknown section {details!r}; choose from {', '.join(SECTIONS)} or all",
            param_hint="--details",
        )
    shown = set(SECTIONS) if details == "all" else {details} if details else set()
    try:
        if db is None:
            with err.status("ingesting the corpus into a temporary knowledge base"):
                result = evaluate_gold(gold, Settings.resolve({}), corpus=corpus)
        else:
            result = evaluate_gold(gold, Settings.resolve({}), db=db, corpus=corpus)
    except AccordError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from exc
    if as_json:
        print(json.dumps(_as_json(result, gold, shown), ensure_ascii=False, indent=2))
        return
    _print_scores(result, gold)
    for score in result.sections:
        if score.section in shown:
            _print_details(score)


def _as_json(result: Evaluation, gold: Path, shown: set[str]) -> dict:
    sections = []
    for score in result.sections:
        hidden = set() if score.section in shown else {"misses", "false_positives"}
        sections.append(score.model_dump(mode="json", exclude=hidden))
    return {"gold": str(gold), "sections": sections, "notes": result.notes}


def _print_scores(result: Evaluation, gold: Path) -> None:
    table = Table(title=f"accord evaluate --gold {gold}")
    table.add_column("section")
    for name in ("gold", "predicted", "matched", "precision", "recall", "F1"):
        table.add_column(name, justify="right")
    for score in result.sections:
        table.add_row(
            score.section,
            str(score.gold),
            str(score.predicted),
            str(score.matched),
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
        )
    out.print(table)
    for score in result.sections:
        if score.metrics:
            shown = "; ".join(_metric(m) for m in score.metrics)
            out.print(f"[bold]{score.section}[/bold]: {shown}", highlight=False)
    out.print()
    out.print("[dim]How items are matched (see 'accord evaluate --details SECTION'):[/dim]")
    for score in result.sections:
        out.print(f"[dim]  {score.section}: {score.match}[/dim]", highlight=False)
    for note in result.notes:
        err.print(f"[yellow]note:[/yellow] {note}", highlight=False)


def _metric(metric: Metric) -> str:
    if metric.total is not None:
        if not metric.total:
            return f"{metric.name} n/a (0/0)"
        right = round(metric.value * metric.total)
        return f"{metric.name} {metric.value:.2f} ({right}/{metric.total})"
    return f"{metric.name} {metric.value}"


def _print_details(score: SectionScore) -> None:
    out.rule(score.section)
    out.print(score.rule, highlight=False)
    for title, findings in (
        ("Misses: gold items not found", score.misses),
        ("False positives: record items the gold does not support", score.false_positives),
    ):
        out.print(f"\n[bold]{title} ({len(findings)})[/bold]")
        for finding in findings:
            _print_finding(finding)


def _print_finding(finding: Finding) -> None:
    where = ", ".join(finding.documents)
    out.print(f"[bold]{finding.id}[/bold]  {where}", highlight=False)
    out.print(f"    {finding.summary}", highlight=False, soft_wrap=True)
    if finding.evidence:
        out.print(f"    [dim]evidence:[/dim] {finding.evidence}", highlight=False, soft_wrap=True)
    if finding.note:
        out.print(f"    [dim]why:[/dim] {finding.note}", highlight=False, soft_wrap=True)
