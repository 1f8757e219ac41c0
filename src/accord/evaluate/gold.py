"""Reading the gold annotation (``examples/gold/README.md`` describes the files) as typed models.

Only the fields the evaluation compares are declared; the others are ignored,
so the annotation can grow without breaking the reader.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from accord.errors import AccordError

# The files an evaluation needs; difficulties.json and timex.json are not scored here.
GOLD_FILES = (
    "documents.json",
    "actors.json",
    "events.json",
    "agreements.json",
    "commitments.json",
    "figures.json",
    "quotes.json",
    "conflicts.json",
)


class _Gold(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Reported(_Gold):
    """One document's report of a gold item, with exact snippets."""

    doc: str
    evidence: list[str] = Field(default_factory=list)
    mention: str | None = None


class GoldDocument(_Gold):
    doc: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    authors: list[str] = Field(default_factory=list)
    dateline: str | None = None
    attributed_to: list[str] = Field(default_factory=list)


class GoldActor(_Gold):
    key: str
    name: str
    kind: str
    aliases: list[str] = Field(default_factory=list)


class GoldActors(_Gold):
    actors: list[GoldActor]
    not_person: list[str] = Field(default_factory=list)
    never_actor: list[str] = Field(default_factory=list)


class GoldEvent(_Gold):
    key: str
    type: str
    plover: str | None = None
    date: str | None = None
    participants: list[str] = Field(default_factory=list)
    source: list[str] = Field(default_factory=list)
    target: list[str] = Field(default_factory=list)
    status: str = "occurred"
    reported_in: list[Reported] = Field(default_factory=list)


class GoldAgreement(_Gold):
    key: str
    title: str
    status: str | None = None
    reported_in: list[Reported] = Field(default_factory=list)


class GoldCommitment(_Gold):
    key: str
    text: str
    status: str = "open"
    fulfilled_by: str | None = None
    reported_in: list[Reported] = Field(default_factory=list)


class GoldFigure(_Gold):
    key: str
    indicator: str | None = None
    value: float
    value_max: float | None = None
    unit: str | None = None
    period: str | None = None
    reported_in: list[Reported] = Field(default_factory=list)


class NotFigure(_Gold):
    doc: str
    text: str


class GoldQuote(_Gold):
    doc: str
    speaker: str | None = None
    text: str
    kind: str = "direct"


class ConflictValue(_Gold):
    value: Any
    docs: list[str] = Field(default_factory=list)


class GoldConflict(_Gold):
    subject: str
    subject_kind: str
    field: str
    values: list[ConflictValue]
    figures: list[str] = Field(default_factory=list)


class NotConflict(_Gold):
    """A pair of figures (``a``, ``b``) or a field of a subject that must not be a conflict."""

    a: str | None = None
    b: str | None = None
    subject: str | None = None
    field: str | None = None


class Gold(_Gold):
    """The whole annotation of a corpus."""

    documents: list[GoldDocument]
    actors: GoldActors
    events: list[GoldEvent]
    agreements: list[GoldAgreement]
    commitments: list[GoldCommitment]
    figures: list[GoldFigure]
    not_figures: list[NotFigure] = Field(default_factory=list)
    quotes: list[GoldQuote]
    conflicts: list[GoldConflict]
    not_conflicts: list[NotConflict] = Field(default_factory=list)

    @property
    def doc_names(self) -> set[str]:
        return {d.doc for d in self.documents}


def load_gold(folder: Path) -> Gold:
    """Read a gold folder; :class:`AccordError` names the file that is missing or malformed."""
    data = {name: _read(folder / name) for name in GOLD_FILES}
    try:
        return Gold(
            documents=data["documents.json"],
            actors=data["actors.json"],
            events=data["events.json"],
            agreements=data["agreements.json"]["agreements"],
            commitments=data["commitments.json"]["commitments"],
            figures=data["figures.json"]["figures"],
            not_figures=data["figures.json"].get("not_figures", []),
            quotes=data["quotes.json"],
            conflicts=data["conflicts.json"]["conflicts"],
            not_conflicts=data["conflicts.json"].get("not_conflicts", []),
        )
    except (ValidationError, KeyError, TypeError, AttributeError) as exc:
        raise AccordError(f"the gold annotation in {folder} is malformed: {exc}") from exc


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AccordError(f"gold file missing: {path}") from None
    except (OSError, ValueError) as exc:
        raise AccordError(f"cannot read gold file {path}: {exc}") from exc
