"""Atomic output: a failed export or report never leaves a half-written file or folder.

Everything is written under a temporary name in the destination's folder and
renamed into place only once complete (a rename within one file system is
atomic). A folder output replaces an earlier export of the same kind, never a
folder holding anything else.
"""

from __future__ import annotations

import contextlib
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

from accord.errors import AccordError


def write_files(files: dict[Path, str | bytes]) -> None:
    """Write every file, or none of them."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, content in files.items():
            with atomic_file(path, commit=False) as tmp:
                if isinstance(content, bytes):
                    tmp.write_bytes(content)
                else:
                    tmp.write_text(content, encoding="utf-8")
                staged.append((tmp, path))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, path in staged:
        tmp.replace(path)


@contextlib.contextmanager
def atomic_file(path: Path, *, commit: bool = True) -> Iterator[Path]:
    """A temporary path next to ``path``; renamed to ``path`` when the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        raise AccordError(f"{path} is a folder; give a file name")
    tmp = _sibling(path, "partial")
    tmp.touch(exist_ok=False)  # created with the user's umask, unlike mkstemp's 0600
    try:
        yield tmp
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if commit:
        tmp.replace(path)


@contextlib.contextmanager
def atomic_dir(path: Path, expected: set[str]) -> Iterator[Path]:
    """A temporary folder next to ``path``; swapped in for ``path`` when the block succeeds.

    An existing ``path`` is replaced only if it holds nothing but names in
    ``expected`` (an earlier export of the same kind).
    """
    if path.exists():
        if not path.is_dir():
            raise AccordError(f"{path} exists and is not a folder")
        foreign = sorted(p.name for p in path.iterdir() if p.name not in expected)
        if foreign:
            raise AccordError(
                f"{path} holds other files ({', '.join(foreign[:3])}); choose an empty folder"
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _sibling(path, "partial")
    tmp.mkdir()
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if path.exists():
        old = _sibling(path, "old")
        path.replace(old)
    tmp.replace(path)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _sibling(path: Path, suffix: str) -> Path:
    """A hidden, unused name next to ``path``."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.{suffix}")
