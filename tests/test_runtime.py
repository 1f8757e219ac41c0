"""Long jobs change the garbage collector's settings for their duration only."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest

from accord.fuse import record
from accord.fuse.record import rebuild_record
from accord.runtime import YOUNG, fewer_collections
from accord.store.kb import open_kb


@pytest.fixture
def collector():
    """The collector as a fresh process has it; restored after the test."""
    saved, enabled = gc.get_threshold(), gc.isenabled()
    gc.unfreeze()
    gc.enable()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*saved)
    gc.unfreeze()
    (gc.enable if enabled else gc.disable)()


class _Node:
    pass


def _garbage_cycle() -> weakref.ref:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def test_the_heap_is_frozen_and_young_collections_rarer_inside_only(collector):
    with fewer_collections():
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (YOUNG, 10, 10)
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == (700, 10, 10)


def test_nested_and_concurrent_blocks_restore_the_settings_once_the_last_ends(collector):
    entered, leave = threading.Event(), threading.Event()

    def job() -> None:
        with fewer_collections():
            entered.set()
            leave.wait(5)

    other = threading.Thread(target=job)
    with fewer_collections():
        other.start()
        entered.wait(5)
        with fewer_collections():
            pass
        assert gc.get_threshold()[0] == YOUNG  # the inner block ended, this one runs
    assert gc.get_threshold()[0] == YOUNG  # the other thread's block still runs
    leave.set()
    other.join(5)
    assert gc.get_threshold() == (700, 10, 10) and gc.get_freeze_count() == 0


def test_garbage_from_before_or_during_a_block_is_still_collected(collector):
    before = _garbage_cycle()
    with fewer_collections():
        during = _garbage_cycle()
        gc.collect()
        assert during() is None  # cycles made during the job are collected
    gc.collect()
    assert before() is None  # frozen for the job's duration, not kept for good


def test_a_disabled_collector_is_left_alone(collector):
    gc.disable()
    with fewer_collections():
        assert not gc.isenabled() and gc.get_freeze_count() == 0
        assert gc.get_threshold() == (700, 10, 10)
    assert not gc.isenabled()


def test_fusion_runs_with_fewer_collections_and_leaves_the_collector_as_it_was(
    collector, sqlite_url, analyzer, monkeypatch
):
    seen = []
    assign = record._assign_blocks
    monkeypatch.setattr(
        record, "_assign_blocks", lambda c: seen.append(gc.get_threshold()[0]) or assign(c)
    )
    engine = open_kb(sqlite_url)
    rebuild_record(engine, analyzer.reference)
    assert seen == [YOUNG]
    assert gc.get_threshold() == (700, 10, 10) and gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_a_collector_switched_off_by_threshold_0_stays_off(collector):
    gc.set_threshold(0)
    with fewer_collections():
        assert gc.get_threshold()[0] == 0
    assert gc.get_threshold()[0] == 0


def test_a_heap_the_program_froze_stays_frozen(collector):
    gc.freeze()
    frozen = gc.get_freeze_count()
    with fewer_collections():
        assert gc.get_threshold()[0] == YOUNG
    assert gc.get_freeze_count() == frozen > 0
    assert gc.get_threshold() == (700, 10, 10)
