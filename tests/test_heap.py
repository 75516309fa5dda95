"""The build pauses the cyclic collector while it allocates, and keeps it off its heap at exit."""

from __future__ import annotations

import gc
import subprocess
import sys
import time

import pytest

from khovanban.heap import collector_paused, pause_for_build, resume_after_build


def test_collector_paused_restores_the_collector_even_on_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("dừng giữa chừng")
    assert gc.isenabled()


def test_collector_paused_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_skip_final_collection_takes_the_heap_out_of_reach() -> None:
    # In a child process: freezing the test process's heap would outlive the test.
    script = ("import gc; from khovanban.heap import skip_final_collection; "
              "data = [[i] for i in range(1000)]; skip_final_collection(); print(gc.get_freeze_count())")
    frozen = int(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout)
    assert frozen >= 1000


def test_a_build_pauses_the_collector_to_its_end_and_collects_after() -> None:
    assert gc.isenabled()
    pause_for_build()
    pause_for_build()  # a second pause (a build that failed before its end) stays one pause
    assert not gc.isenabled()
    with collector_paused():
        pass
    assert not gc.isenabled()  # stages inside the build leave it paused
    garbage = [[]]
    garbage[0].append(garbage)  # a cycle only the collector can free
    del garbage
    collections = gc.get_stats()[2]["collections"]
    resume_after_build(collect_after=0.05)
    assert gc.isenabled()
    deadline = time.monotonic() + 5
    while gc.get_stats()[2]["collections"] == collections and time.monotonic() < deadline:
        time.sleep(0.02)
    assert gc.get_stats()[2]["collections"] > collections, "the heap was never collected after the build"
    resume_after_build()  # nothing paused: nothing to do
    assert gc.isenabled()


def test_a_collector_off_before_the_build_stays_off_after_it() -> None:
    gc.disable()
    try:
        pause_for_build()
        resume_after_build()
        assert not gc.isenabled()
    finally:
        gc.enable()
