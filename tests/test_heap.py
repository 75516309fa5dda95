"""The build pauses the cyclic collector while it allocates, and keeps it off its heap at exit."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from khovanban.heap import collector_paused


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
