"""The ``accord`` command: parses options, calls one library function, renders the result.

Library errors (:class:`accord.errors.AccordError`) become a one-line message
and exit code 1; a batch with rejected inputs exits with 2 after its summary.
"""

from __future__ import annotations

import json
import sys
import warnings
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from accord import __version__
from accord.code_cli import app as code_app
from accord.errors import AccordError
from accord.evaluate_cli import evaluate as evaluate_command
from accord.settings import DEFAULT_DB, Settings

app = typer.Typer(
    name="accord",
    help="Turn news articles and official readouts about relations between countries into a "
    "sourced, queryable record.\n\nExample: accord ingest examples/corpus --db kb.db",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
db_app = typer.Typer(help="Manage the knowledge base file or database.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.command(name="evaluate")(evaluate_command)
app.add_typer(code_app)  # unnamed: `code` and `coder train` join the root app

out = Console()
err = Console(stderr=True, soft_wrap=True)  # an error naming a file stays one line

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help=f"Knowledge base: SQLite file path or SQLAlchemy URL "
        f"(postgresql+psycopg://user:pass@host/db). Default: $ACCORD_DB, else ./{DEFAULT_DB}.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print a JSON array instead of a table.")]


def main() -> None:
    """Console-script entry point."""
    app()


def _version(value: bool) -> None:
    if value:
        out.print(f"accord {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """accord: a sourced record of relations between countries."""


@contextmanager
def _errors():
    try:
        yield
    except AccordError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from exc


def _settings(**overrides: object) -> Settings:
    return Settings.resolve(overrides)


def _open(db: str | None, *, create: bool = False):
    from accord.store.kb import open_kb

    return open_kb(_settings(db=db).db, create=create)


@app.command()
def ingest(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files (.txt .md .html .json .jsonl .rss), folders, URLs or feeds.",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    max_bytes: Annotated[
        int | None, typer.Option(help="Largest input in bytes (default 5,000,000).")
    ] = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow URLs on loopback/private addresses.")
    ] = False,
    reanalyze: Annotated[
        bool,
        typer.Option("--reanalyze", help="Analyse documents again even if already analysed."),
    ] = False,
    model: Annotated[
        str | None,
        typer.Option("--model", help="spaCy model to analyse with ('none': rules only)."),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Analyse with N processes (with --engine dask: N local workers).",
        ),
    ] = 1,
    executor: Annotated[
        str,
        typer.Option(
            "--engine", help="Where the analysis runs: 'local' or 'dask' (see docs/scaling.md)."
        ),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Dask scheduler address, tcp://HOST:PORT (default: a local cluster).",
            show_default=False,
        ),
    ] = None,
    parquet: Annotated[
        str | None,
        typer.Option(
            "--parquet",
            help="Folder or s3:// URI for the Dask results (default: a temporary folder).",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Read articles into the knowledge base; each document is stored once, by content.

    Examples:

      accord ingest examples/corpus --db kb.db

      accord ingest news.jsonl https://example.org/feed.xml

      accord ingest archive/ --jobs 2 --db postgresql+psycopg://user@host/accord
    """
    from accord.ingest.pipeline import Outcome
    from accord.ingest.pipeline import ingest as run_ingest
    from accord.store.kb import open_kb

    settings = _settings(
        db=db, max_bytes=max_bytes, allow_private=allow_private or None, spacy_model=model
    )
    with _errors():
        engine = open_kb(settings.db, create=True)
        outcomes: list[Outcome] = []
        progress = Progress(
            SpinnerColumn(),
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[last]}", style="dim"),
            console=err,
            transient=True,
            disable=as_json or not err.is_terminal,
        )
        with progress:
            task = progress.add_task("ingesting", total=None, last="")

            def show(outcome: Outcome) -> None:
                if as_json:  # keep every outcome only when they are all printed
                    outcomes.append(outcome)
                if outcome.status == "rejected":
                    progress.console.print(
                        f"[red]rejected[/red] {outcome.source}: {outcome.reason}",
                        highlight=False,
                        soft_wrap=True,
                    )
                progress.update(task, advance=1, last=outcome.source[-60:])

            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                report = run_ingest(
                    inputs,
                    engine,
                    settings,
                    on_outcome=show,
                    reanalyze=reanalyze,
                    jobs=jobs,
                    executor=executor,
                    scheduler=scheduler,
                    parquet_dir=parquet,
                    keep_outcomes=as_json,
                )
    for warning in caught:
        err.print(f"[yellow]warning:[/yellow] {warning.message}", highlight=False)
    if as_json:
        print(json.dumps([asdict(o) for o in outcomes], ensure_ascii=False, indent=2))
    else:
        _ingest_summary(report)
    if not report.ok:
        raise typer.Exit(2)


def _ingest_summary(report) -> None:
    table = Table(title="Ingest summary")
    table.add_column("status")
    table.add_column("inputs", justify="right")
    for status in ("new", "version", "unchanged", "skipped", "rejected"):
        if report.counts[status]:
            table.add_row(status, str(report.counts[status]))
    out.print(table)
    if report.rejected:
        rejected = Table(title="Rejected", title_style="red")
        rejected.add_column("input", overflow="fold")
        rejected.add_column("reason", overflow="fold")
        for outcome in report.rejected:
            rejected.add_row(outcome.source, outcome.reason or "")
        out.print(rejected)
    if report.skipped:
        out.print(
            f"[dim]{report.counts['skipped']} file(s) in folders skipped (unsupported type), "
            f"e.g. {report.skipped[0].source}[/dim]"
        )


@app.command()
def docs(
    db: DbOption = None,
    all_versions: Annotated[
        bool, typer.Option("--all-versions", help="Include superseded versions.")
    ] = False,
    limit: Annotated[int | None, typer.Option(help="Show at most this many.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List documents with their metadata, oldest publication first.

    Example: accord docs --db kb.db --json
    """
    from accord.present.export import dumps
    from accord.present.tables import documents_table
    from accord.store.documents import list_documents

    with _errors():
        rows = list_documents(_open(db), latest_only=not all_versions, limit=limit)
    if as_json:
        print(dumps(rows))
    else:
        out.print(documents_table(rows))


@app.command()
def show(
    doc: Annotated[str, typer.Argument(help="Document id (or a unique prefix of it).")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the document as JSON.")] = False,
) -> None:
    """Print one document: metadata, cleaned text with its mentions marked, removed boilerplate.

    Example: accord show doc-3f2a --db kb.db
    """
    from accord.present.tables import legend, marked_text
    from accord.store.analysis import document_mentions, load_items
    from accord.store.documents import get_document

    with _errors():
        engine = _open(db)
        document = get_document(engine, doc)
    if as_json:
        print(document.model_dump_json(indent=2))
        return
    out.rule(document.title or document.id)
    for label, value in (
        ("id", document.id),
        ("source", document.source),
        ("published", document.published),
        ("outlet", document.outlet),
        ("authors", ", ".join(document.authors)),
        ("dateline", document.dateline),
        ("cites", ", ".join(document.attributed_to)),
        ("language", document.language),
        ("version of", document.version_of),
    ):
        if value:
            out.print(f"[bold]{label}:[/bold] {value}", highlight=False)
    out.print()
    spans = [(m.start, m.end, m.kind) for m in document_mentions(engine, document.id)]
    spans += [(t["start"], t["end"], "time") for _, t in load_items(engine, "time", [document.id])]
    out.print(marked_text(document.text or "", spans))
    if spans:
        out.print(legend())
    if document.removed:
        out.rule("removed by the cleaner", style="dim")
        for line in document.removed:
            out.print(f"[dim]line {line.line} ({line.reason}):[/dim] {line.text}", highlight=False)


actors_app = typer.Typer(
    help="List actors, or merge two that are the same.",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(actors_app, name="actors")


@actors_app.command("merge")
def actors_merge(
    keep: Annotated[str, typer.Argument(help="Actor id to keep, e.g. person:sadyr-japarov.")],
    other: Annotated[str, typer.Argument(help="Actor id that is the same actor.")],
    db: DbOption = None,
) -> None:
    """Merge OTHER into KEEP; the decision survives re-ingest and re-fusion.

    Example: accord actors merge person:rustam-khalilov person:khalilov --db kb.db
    """
    from accord.analyze.reference import load_reference
    from accord.fuse.record import merge_actors

    with _errors():
        settings = _settings(db=db)
        merge_actors(_open(db), keep, other, load_reference(settings.data_dir))
    out.print(f"merged {other} into {keep}")


@actors_app.command("split")
def actors_split(
    actor: Annotated[str, typer.Argument(help="Actor id to split, e.g. person:x.")],
    document: Annotated[
        str | None, typer.Option("--document", help="Document id where it is someone else.")
    ] = None,
    alias: Annotated[
        str | None, typer.Option("--alias", help="Name under which it is someone else.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Separate the mentions of ACTOR in one document, or under one alias, into a new actor.

    The decision survives re-ingest and re-fusion; merge the new actor into the
    right one with 'accord actors merge'.

    Example: accord actors split person:serdar-berdimuhamedow --alias Berdimuhamedow --db kb.db
    """
    from accord.analyze.reference import load_reference
    from accord.fuse.record import split_actor

    with _errors():
        settings = _settings(db=db)
        new_id = split_actor(
            _open(db), actor, load_reference(settings.data_dir), document=document, alias=alias
        )
    out.print(f"split {actor} -> {new_id}")


@actors_app.callback()
def actors(
    ctx: typer.Context,
    db: DbOption = None,
    kind: Annotated[
        str | None,
        typer.Option(help="person, country, organization, institution, place or facility."),
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="Only actors whose name or id contains this.")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Show at most this many.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List actors (people, countries, organisations, ...) with roles and every alias seen.

    Example: accord actors --kind person --db kb.db
    """
    if ctx.invoked_subcommand:
        return
    from accord.present.export import dumps
    from accord.present.tables import actors_table
    from accord.store.record import list_actors

    with _errors():
        rows = list_actors(_open(db), kind=kind, name=name, limit=limit)
    if as_json:
        print(dumps(rows))
    else:
        out.print(actors_table(rows))


FromOption = Annotated[str | None, typer.Option("--from", help="Earliest date (YYYY[-MM[-DD]]).")]
ToOption = Annotated[str | None, typer.Option("--to", help="Latest date (YYYY[-MM[-DD]]).")]
ActorOption = Annotated[
    str | None,
    typer.Option("--actor", help="Actor id or name, e.g. person:sadyr-japarov or Japarov."),
]
LimitOption = Annotated[int | None, typer.Option(help="Show at most this many.")]


def _list_items(kind: str, db: str | None, as_json: bool, render, **filters) -> None:
    """Shared body of the record listing commands."""
    from accord.models import Agreement, Commitment, Event, Figure, Quote
    from accord.present.export import dumps
    from accord.store.record import actor_names, list_items, resolve_actor

    model = {
        "event": Event,
        "agreement": Agreement,
        "commitment": Commitment,
        "figure": Figure,
        "quote": Quote,
    }[kind]
    with _errors():
        engine = _open(db)
        if filters.get("actor"):
            filters["actor"] = resolve_actor(engine, filters["actor"])
        rows = list_items(engine, kind, model, **filters)
        names = actor_names(engine)
    if as_json:
        print(dumps(rows))
    else:
        out.print(render(rows, names))


@app.command()
def events(
    db: DbOption = None,
    type_: Annotated[
        str | None, typer.Option("--type", help="Event type, e.g. meeting, agreement_signing.")
    ] = None,
    actor: ActorOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    limit: LimitOption = None,
    as_json: JsonOption = False,
) -> None:
    """List events (meetings, signings, statements, ...) with participants, date and place.

    Example: accord events --type meeting --actor Japarov --from 2023 --db kb.db
    """
    from accord.present.tables import events_table

    _list_items(
        "event",
        db,
        as_json,
        events_table,
        type_=type_,
        actor=actor,
        date_from=date_from,
        date_to=date_to,
        limit=limit,
    )


@app.command()
def agreements(
    db: DbOption = None,
    actor: ActorOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    limit: LimitOption = None,
    as_json: JsonOption = False,
) -> None:
    """List agreements signed or planned, with kind, status, date and parties.

    Example: accord agreements --db kb.db
    """
    from accord.present.tables import agreements_table

    _list_items(
        "agreement",
        db,
        as_json,
        agreements_table,
        actor=actor,
        date_from=date_from,
        date_to=date_to,
        limit=limit,
    )


COMMITMENT_STATUSES = ("open", "fulfilled", "overdue", "superseded")


@app.command()
def commitments(
    db: DbOption = None,
    status: Annotated[
        str | None, typer.Option(help="open, fulfilled, overdue, superseded.")
    ] = None,
    actor: ActorOption = None,
    details: Annotated[
        bool, typer.Option("--details", help="Show the whole text and the evidence sentences.")
    ] = False,
    limit: LimitOption = None,
    as_json: JsonOption = False,
) -> None:
    """List commitments: targets, planned events, invitations, projects, pledges.

    Each has a status (open, fulfilled, overdue, superseded) and why: the rule,
    the fulfilling event or report, and its score.

    Example: accord commitments --status fulfilled --details --db kb.db
    """
    from functools import partial

    from accord.present.tables import commitments_table

    if status and status not in COMMITMENT_STATUSES:
        err.print(
            f"[red]error:[/red] unknown status {status!r}; known: {', '.join(COMMITMENT_STATUSES)}",
            highlight=False,
        )
        raise typer.Exit(1)
    _list_items(
        "commitment",
        db,
        as_json,
        partial(commitments_table, details=details),
        type_=status,
        actor=actor,
        limit=limit,
    )


@app.command()
def figures(
    db: DbOption = None,
    indicator: Annotated[str | None, typer.Option(help="Indicator, e.g. 'trade turnover'.")] = None,
    actor: ActorOption = None,
    limit: LimitOption = None,
    as_json: JsonOption = False,
) -> None:
    """List figures (money, percentages, multipliers, counts) with period and source.

    Example: accord figures --indicator "trade turnover" --db kb.db
    """
    from accord.present.tables import figures_table

    _list_items("figure", db, as_json, figures_table, type_=indicator, actor=actor, limit=limit)


@app.command()
def quotes(
    db: DbOption = None,
    actor: ActorOption = None,
    limit: LimitOption = None,
    as_json: JsonOption = False,
) -> None:
    """List quotes with their speaker (direct, speech blocks and indirect speech).

    Example: accord quotes --actor Mirziyoyev --db kb.db
    """
    from accord.present.tables import quotes_table

    _list_items("quote", db, as_json, quotes_table, actor=actor, limit=limit)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words and "quoted phrases"; OR between terms.')],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="Show at most this many hits.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over the cleaned text of every document.

    Example: accord search '"state visit" Japarov' --db kb.db
    """
    from accord.present.tables import hits_table, snippet_html
    from accord.store.search import search_documents

    with _errors():
        hits = search_documents(_open(db), query, limit=limit)
    if as_json:
        rows = [{**asdict(hit), "snippet": snippet_html(hit.snippet)} for hit in hits]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif hits:
        out.print(hits_table(hits))
    else:
        out.print("No documents match.")


@app.command()
def rejections(
    db: DbOption = None,
    limit: Annotated[int | None, typer.Option(help="Show at most this many.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List inputs that were rejected, newest first, with the reason.

    Example: accord rejections --db kb.db
    """
    from accord.present.tables import rejections_table
    from accord.store.documents import list_rejections

    with _errors():
        rows = list_rejections(_open(db), limit=limit)
    if as_json:
        print(
            json.dumps(
                [
                    {
                        "source": r.source,
                        "reason": r.reason,
                        "rejected_at": r.rejected_at.isoformat(),
                    }
                    for r in rows
                ],
                indent=2,
            )
        )
    else:
        out.print(rejections_table(rows))


BetweenOption = Annotated[
    tuple[str, str] | None,
    typer.Option(
        "--between",
        help="Two actors or countries, by id or name: --between Uzbekistan Kyrgyzstan. "
        "People and institutions count for their country.",
        show_default=False,
    ),
]


@app.command()
def timeline(
    db: DbOption = None,
    between: BetweenOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    type_: Annotated[
        str | None, typer.Option("--type", help="Event type, e.g. meeting, agreement_signing.")
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print one JSON object: {between, dated, undated, actors}."),
    ] = False,
) -> None:
    """Dated events in order (merged, with source counts), then undated events apart.

    With --from/--to an undated event is kept when a document reporting it was
    published in the window.

    Example: accord timeline --between Uzbekistan Kyrgyzstan --from 2023 --db kb.db
    """
    from accord.present.tables import timeline_tables
    from accord.present.timeline import build_timeline

    with _errors():
        result = build_timeline(
            _open(db), between=between, date_from=date_from, date_to=date_to, type_=type_
        )
    if as_json:
        print(result.model_dump_json(indent=2))
    elif result.dated or result.undated:
        for table in timeline_tables(result):
            out.print(table)
    else:
        out.print("No events match.")


@app.command()
def conflicts(
    db: DbOption = None,
    kind: Annotated[
        str | None,
        typer.Option(help="Only conflicts about one kind of item: figure, event, agreement."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List where sources disagree: the item, the field, and each source's value and sentence.

    Example: accord conflicts --kind figure --db kb.db
    """
    from accord.present.conflicts import list_conflicts
    from accord.present.export import dumps
    from accord.present.tables import conflicts_table

    with _errors():
        views = list_conflicts(_open(db), kind=kind)
    if as_json:
        print(dumps(views))
    elif views:
        out.print(conflicts_table(views))
    else:
        out.print("No conflicts between sources.")


@app.command()
def report(
    db: DbOption = None,
    between: BetweenOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="md, html (self-contained) or json.")
    ] = "md",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="File to write; Markdown gets its chart next to it (.svg)."
        ),
    ] = None,
) -> None:
    """Write a brief: timeline, agreements, institutions, commitments, figures, quotes,
    conflicts and a chart of events over time, every item citing its sources.

    Example: accord report --between Uzbekistan Kyrgyzstan --format html -o brief.html --db kb.db
    """
    from accord.present.brief import build_brief
    from accord.present.report import REPORT_FORMATS, render, write_report

    if fmt not in REPORT_FORMATS:
        err.print(
            f"[red]error:[/red] unknown report format {fmt!r}; known: {', '.join(REPORT_FORMATS)}",
            highlight=False,
        )
        raise typer.Exit(1)
    with _errors():
        brief = build_brief(_open(db), between=between, date_from=date_from, date_to=date_to)
        if output is None:
            sys.stdout.write(render(brief, fmt))
            return
        written = write_report(brief, fmt, output)
    for path in written:
        err.print(f"wrote {path}", highlight=False)


@app.command()
def export(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="File or folder to write (csv: a folder, or a .zip file)."
        ),
    ],
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", help="json, csv, parquet, plover (JSONL) or timelinejs."),
    ] = "json",
    db: DbOption = None,
) -> None:
    """Write the record: json (contract accord.record/1), csv (one file per table, folder or
    .zip), parquet (folder), plover (JSON Lines, one event per line), timelinejs.

    Example: accord export --db kb.db --format csv --output record.zip
    """
    from accord.present.export import export as run_export

    with _errors():
        run_export(_open(db), fmt, output)
    err.print(f"wrote {output}")


@app.command()
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
) -> None:
    """Print the JSON Schema of the export (accord.record/1), generated from the models.

    Example: accord schema --output record-v1.schema.json
    """
    from accord.present.export import record_schema

    text = json.dumps(record_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on (loopback by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    read_only: Annotated[
        bool, typer.Option("--read-only", help="Turn every write endpoint off (ingest, merge).")
    ] = False,
    token: Annotated[
        str | None,
        typer.Option(
            help="Token for write endpoints (Authorization: Bearer TOKEN). "
            "Default: $ACCORD_TOKEN, else one is generated and printed once.",
            show_default=False,
        ),
    ] = None,
    max_bytes: Annotated[
        int | None, typer.Option(help="Largest request/upload in bytes (default 5,000,000).")
    ] = None,
) -> None:
    """Serve the web app and the JSON API (API reference at /docs).

    Example: accord serve --db kb.db --port 8000
    """
    from accord.web.serve import serve as run_server

    with _errors():
        run_server(
            _settings(db=db, max_bytes=max_bytes),
            host=host,
            port=port,
            read_only=read_only,
            token=token,
            echo=lambda line: err.print(line, markup=False, highlight=False),
        )


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Migrate an existing knowledge base to this version's schema (back it up first).

    Example: cp kb.db kb.db.bak && accord db upgrade --db kb.db
    """
    from accord.store.kb import upgrade_kb

    with _errors():
        before, after = upgrade_kb(_settings(db=db).db)
    out.print(f"schema {before or '(empty)'} -> {after}")


@db_app.command("info")
def db_info(db: DbOption = None) -> None:
    """Show where the knowledge base is, its schema revision and document count.

    Example: accord db info --db kb.db
    """
    from accord.settings import database_url
    from accord.store.documents import count_documents
    from accord.store.kb import schema_revisions

    with _errors():
        settings = _settings(db=db)
        engine = _open(db)
        current, head = schema_revisions(engine)
        out.print(f"knowledge base: {database_url(settings.db).split('@')[-1]}")
        out.print(f"schema: {current} (this accord: {head})")
        out.print(f"documents: {count_documents(engine)}")
