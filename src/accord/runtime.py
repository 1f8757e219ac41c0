"""Process-wide settings for long batch jobs: Python's cyclic garbage collector.

Fusion builds and drops many small objects (parsed items, clusters, rows) next
to a large heap that lives as long as the process (the reference tables, the
place index, the spaCy model). CPython's collector rescans that heap at every
full collection; a fusion update at 100k spent about 15% of its time there
(BENCHMARKS.md, "The update no longer grows with the archive").
:func:`fewer_collections` moves what is alive when a job starts out of the
collector's sight (``gc.freeze``) and makes young collections rarer, for the
job's duration only. Objects freed by reference counting go as before, cycles
made during the job are still collected (those among the frozen heap once it
ends), and the settings are back as they were when the job ends. The standard
library offers the knobs, not this policy: it is written here.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Young collections every YOUNG allocations instead of CPython's 700: a job that keeps
# what it makes for a while (a block's items) promotes less of it to the old generation,
# which is what makes full collections come often.
YOUNG = 50_000

_lock = threading.Lock()
_depth = 0  # blocks running
_saved: tuple[int, ...] | None = None  # the thresholds to restore, when settings changed
_froze = False  # whether the first block froze the heap (and the last must unfreeze it)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Freeze the current heap and collect young objects less often while the block runs.

    Nests and may be entered from several threads: the first entry changes the settings,
    the last exit restores them. Changes nothing when the collector is disabled (or its
    threshold is 0), and leaves a heap frozen by the program as it is.
    """
    global _depth, _saved, _froze
    with _lock:
        if _depth == 0 and gc.isenabled() and gc.get_threshold()[0] > 0:
            _saved = gc.get_threshold()
            # a heap the program froze itself (before forking workers) stays frozen: there is
            # no unfreezing only what this block froze, so it freezes nothing then
            _froze = gc.get_freeze_count() == 0
            if _froze:
                gc.freeze()
            gc.set_threshold(max(YOUNG, _saved[0]), *_saved[1:])
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                if _froze:
                    gc.unfreeze()
                _saved, _froze = None, False
