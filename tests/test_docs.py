"""Docs that must stay true to the code: event types, CLI commands, architecture."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from accord.analyze.lexicon import EVENT_TYPES
from accord.cli import app

ROOT = Path(__file__).resolve().parents[1]


def _commands(typer_app: typer.Typer, prefix: str = "") -> list[str]:
    click_group = typer.main.get_group(typer_app)
    names = []
    for name, command in click_group.commands.items():
        names.append(f"{prefix}{name}")
        if hasattr(command, "commands"):
            names += [f"{prefix}{name} {sub}" for sub in command.commands]
    return names


def test_event_types_doc_lists_every_type_with_its_plover_root():
    text = (ROOT / "docs" / "events.md").read_text(encoding="utf-8")
    for event_type in EVENT_TYPES:
        assert f"| `{event_type.name}` | {event_type.plover} |" in text, event_type.name


def test_readme_shows_every_top_level_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in _commands(app):
        top = command.split()[0]
        assert re.search(rf"accord {re.escape(top)}\b", readme), (
            f"README never shows 'accord {top}'"
        )


def test_architecture_doc_names_every_module():
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    package = ROOT / "src" / "accord"
    for path in sorted(package.rglob("*.py")):
        if path.name == "__init__.py" or "migrations" in path.parts or "templates" in path.parts:
            continue
        assert path.name in doc or path.parent.name + "/" in doc, f"{path} is not described"
