"""Shared fixtures: knowledge bases on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import settings

from tests.pg import PostgresServer, PostgresUnavailable

# CI (.ci/run) runs the property tests derandomized, so a run is reproducible and a stop is
# not decided by which random examples were drawn; local runs explore new examples each time
# (and keep the failures they find in .hypothesis/).
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
GOLD = ROOT / "examples" / "gold"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def benchmark_script(name: str) -> ModuleType:
    """``benchmarks/<name>.py`` as a module, loaded once (benchmarks/ is a folder of scripts,
    not a package)."""
    module_name = f"accord_benchmarks_{name}"
    if module_name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            module_name, ROOT / "benchmarks" / f"{name}.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    return sys.modules[module_name]


@pytest.fixture(scope="session")
def analyzer():
    """The default analysis pipeline (spaCy model and reference tables), loaded once."""
    from accord.analyze.document import Analyzer
    from accord.settings import Settings

    return Analyzer.from_settings(Settings.resolve({}, environ={}))


@pytest.fixture(scope="session")
def pg_server():
    """One PostgreSQL server for the session; skipped (or failed in CI) when unavailable."""
    server = None
    try:
        server = PostgresServer()
        server.start()
    except PostgresUnavailable as exc:
        if os.environ.get("ACCORD_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required here but could not start: {exc}")
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    yield server
    server.stop()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return str(tmp_path / "kb.db")


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> str:
    return pg_server.create_database()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty knowledge base location on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "kb.db")
    return request.getfixturevalue("pg_server").create_database()
