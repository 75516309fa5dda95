"""Map a function over chunks of items on forked worker processes.

The build's large state (registry, graph, shells) is already in memory when work is split;
forked workers inherit it instead of receiving it pickled, and so do the chunks themselves:
a worker is sent a chunk's number, and only each chunk's result comes back. Where fork is unavailable, or one process is asked for, the same work
runs in this process, in the same order.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Result = TypeVar("Result")
_work: dict[str, Any] = {}


class WorkerError(RuntimeError):
    """A worker failed; the message holds its traceback (an exception that could not be
    unpickled in the parent would leave the pool waiting forever)."""


def _run_chunk(number: int) -> Any:
    try:
        return _work["function"](_work["chunks"][number])
    except Exception:  # noqa: BLE001 - any failure, re-raised in the parent with its traceback
        raise WorkerError(traceback.format_exc()) from None


STALL_SECONDS = 300.0  # no chunk back for this long, with other threads around: a worker is stuck


def map_chunks(
    function: Callable[[Sequence[Any]], Result], items: Sequence[Any], processes: int = 1, chunk: int = 250,
    ordered: bool = True, stall: float = STALL_SECONDS,
) -> Iterator[Result]:
    """``function(chunk)`` for consecutive chunks of ``items``; results as chunks finish
    (in chunk order when ``ordered``). ``function`` must be safe to run twice on a chunk."""
    chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    if processes <= 1 or len(chunks) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for part in chunks:
            yield function(part)
        return
    # A process that runs other threads (``mkdocs serve``'s server) forks too: a worker gets
    # only the forking thread, and a lock another thread held at that moment stays taken in
    # the worker. CPython re-creates the locks it owns (import, logging, threading) after a
    # fork, and workers neither print nor log, so this is rare; should a worker still hang,
    # nothing comes back for ``stall`` seconds, the pool is stopped and the chunks not yet
    # back run here. Results come in order then, so it is known which ones those are.
    threads = threading.active_count() > 1
    _work["function"] = function
    # Inherited by the workers forked below. Sending each chunk instead cost the parent a
    # second of pickling at 10,000 pages (the citation graph's chunks hold every body and
    # front matter), on a thread that competes with the workers for the same two cores.
    _work["chunks"] = chunks
    numbers = range(len(chunks))
    # The build's state (registry, graph: millions of objects) is frozen out of the cyclic
    # collector first: otherwise every collection in a worker walks all of it, and writing its
    # bookkeeping copies every inherited page. At 100,000 documents that made workers 3x slower
    # per page than at 10,000.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(min(processes, len(chunks))) as pool:
            if not threads:
                results = pool.imap(_run_chunk, numbers) if ordered else pool.imap_unordered(_run_chunk, numbers)
                yield from results
                return
            ordered_results = pool.imap(_run_chunk, numbers)
            for done in range(len(chunks)):
                try:
                    result = ordered_results.next(timeout=stall)
                except multiprocessing.TimeoutError:
                    pool.terminate()
                    break
                yield result
            else:
                return
    finally:
        gc.unfreeze()
        _work.clear()
    for part in chunks[done:]:
        yield function(part)


def default_processes() -> int:
    """Worker processes for the build: KHOVANBAN_JOBS, or one per core."""
    value = os.environ.get("KHOVANBAN_JOBS", "")
    if value.strip():
        try:
            return max(1, int(value))
        except ValueError:
            raise ValueError(f"KHOVANBAN_JOBS={value!r}: cần một số nguyên dương (số tiến trình)") from None
    return os.cpu_count() or 1
