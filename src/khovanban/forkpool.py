"""Map a function over chunks of items on forked worker processes.

The build's large state (registry, graph, shells) is already in memory when work is split;
forked workers inherit it instead of receiving it pickled, and so do the chunks themselves:
a worker is sent a chunk's number, and only each chunk's result comes back. This process
works on chunks of its own meanwhile. Where fork is unavailable, or one process is asked
for, the same work runs in this process, in the same order.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import shutil
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Result = TypeVar("Result")
_work: dict[str, Any] = {}


class WorkerError(RuntimeError):
    """A worker failed; the message holds its traceback (an exception that could not be
    unpickled in the parent would leave the pool waiting forever)."""


# A result larger than this goes back through a file, not the pool's pipe (see ``_run_chunk``).
PIPE_BYTES = 64 * 1024


def _run_chunk(number: int) -> tuple[str | None, bytes | None]:
    """Run chunk ``number`` on a worker; hand back its result pickled, or the file holding it.

    The pool's pipe is read by a thread of the parent, and the parent works on chunks of its
    own meanwhile: a thread doing one small read per wake-up then waits for the interpreter
    lock behind the working thread each time, and a 1.5 MB result took five seconds to cross
    (the worker stood still, blocked on the full pipe). A file is read in one call.
    """
    try:
        data = pickle.dumps(_work["function"](_work["chunks"][number]), protocol=pickle.HIGHEST_PROTOCOL)
        if len(data) <= PIPE_BYTES:
            return None, data
        path = os.path.join(_work["spool"], f"{number}.pickle")
        try:
            with open(path, "wb") as out:
                out.write(data)
        except OSError:  # no room in /dev/shm (a container's is 64 MB): the pipe, slow but sure
            return None, data
        return path, None
    except Exception:  # noqa: BLE001 - any failure, re-raised in the parent with its traceback
        raise WorkerError(traceback.format_exc()) from None


def _received(handed: tuple[str | None, bytes | None]) -> Any:
    path, data = handed
    if path is not None:
        with open(path, "rb") as source:
            data = source.read()
        os.unlink(path)
    return pickle.loads(data)  # type: ignore[arg-type]


def _spool_folder() -> str:
    """A new folder for results in transit: in memory (/dev/shm) where the system has it."""
    shared = "/dev/shm"
    return tempfile.mkdtemp(prefix="khovanban-chunks-",
                            dir=shared if os.path.isdir(shared) and os.access(shared, os.W_OK) else None)


STALL_SECONDS = 300.0  # no chunk back for this long, with other threads around: a worker is stuck


def map_chunks(
    function: Callable[[Sequence[Any]], Result], items: Sequence[Any], processes: int = 1, chunk: int = 250,
    ordered: bool = True, stall: float = STALL_SECONDS,
) -> Iterator[Result]:
    """``function(chunk)`` for consecutive chunks of ``items``; results as chunks finish
    (in chunk order when ``ordered``). ``function`` must be safe to run twice on a chunk.

    ``processes`` counts this process: it works too, on ``processes - 1`` forked workers'
    side, instead of only waiting for them (see ``_shared_map``).
    """
    chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    if processes <= 1 or len(chunks) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for part in chunks:
            yield function(part)
        return
    _work["function"] = function
    # Inherited by the workers forked below. Sending each chunk instead cost the parent a
    # second of pickling at 10,000 pages (the citation graph's chunks hold every body and
    # front matter), on a thread that competes with the workers for the same two cores.
    _work["chunks"] = chunks
    _work["spool"] = _spool_folder()
    # The build's state (registry, graph: millions of objects) is frozen out of the cyclic
    # collector first: otherwise every collection in a worker walks all of it, and writing its
    # bookkeeping copies every inherited page. At 100,000 documents that made workers 3x slower
    # per page than at 10,000.
    gc.freeze()
    try:
        # One chunk at least is this process's: more workers than the other chunks would idle.
        workers = min(processes - 1, len(chunks) - 1)
        yield from _shared_map(function, chunks, workers, ordered, stall, _finish)
    finally:
        _finish()


def _finish() -> None:
    """Undo what ``map_chunks`` set up for its workers (once: called again, it does nothing).

    Called as soon as the last result is in, before the last ones are handed out: a caller
    that takes exactly as many results as it expects never resumes the generator, whose
    ``finally`` then waits for the generator to be collected (and left the spool folder behind).
    """
    if "spool" in _work:
        gc.unfreeze()
        shutil.rmtree(_work["spool"], ignore_errors=True)
    _work.clear()


IN_FLIGHT = 2  # chunks handed to each worker ahead, so it never waits for this process


def _shared_map(
    function: Callable[[Sequence[Any]], Result], chunks: list[Sequence[Any]], workers: int, ordered: bool,
    stall: float, finish: Callable[[], None],
) -> Iterator[Result]:
    """Workers take chunks from the front, this process from the back, until they meet.

    On two cores, two workers and an idle parent left the parent's share of the machine to
    moving results: every worker's result was pickled, sent and unpickled. With the parent
    working, the chunks it does itself are never moved (at 10,000 pages the citation graph's
    readings are 30 MB pickled).

    A process that runs other threads (``mkdocs serve``'s server) forks too: a worker gets
    only the forking thread, and a lock another thread held at that moment stays taken in the
    worker. CPython re-creates the locks it owns (import, logging, threading) after a fork, and
    workers neither print nor log, so this is rare; should a worker still hang, nothing comes
    back for ``stall`` seconds, the pool is stopped and its chunks run here. ``finish`` is
    called when every result is in, before the last are handed out.
    """
    timeout = stall if threading.active_count() > 1 else None
    results: dict[int, Any] = {}
    front, back = 0, len(chunks)  # chunks front .. back-1 are not started yet
    in_flight: dict[int, Any] = {}  # chunk number -> its AsyncResult
    shown = 0  # ordered: chunks yielded so far; unordered: the results not yet yielded are in ``fresh``
    fresh: list[int] = []

    def store(number: int, result: Any) -> None:
        results[number] = result
        fresh.append(number)

    with multiprocessing.get_context("fork").Pool(workers) as pool:
        while front < back or in_flight:
            for number in [n for n, pending in in_flight.items() if pending.ready()]:
                store(number, _received(in_flight.pop(number).get()))  # a worker's failure is raised here
            while front < back and len(in_flight) < IN_FLIGHT * workers:
                in_flight[front] = pool.apply_async(_run_chunk, (front,))
                front += 1
            if front < back:
                back -= 1
                store(back, function(chunks[back]))
            elif in_flight:
                number = min(in_flight)
                try:
                    store(number, _received(in_flight[number].get(timeout)))
                    del in_flight[number]
                except multiprocessing.TimeoutError:
                    pool.terminate()
                    for number in sorted(in_flight):
                        store(number, function(chunks[number]))
                    in_flight.clear()
            if ordered:
                out = []
                while shown in results:
                    out.append(results.pop(shown))
                    shown += 1
            else:
                out = [results.pop(number) for number in fresh]
            fresh.clear()
            if not (front < back or in_flight):
                break  # the last results are handed out once the pool is closed and ``finish`` done
            yield from out
    finish()
    yield from out


def default_processes() -> int:
    """Processes for the build's parallel work, its own included: KHOVANBAN_JOBS, or one per core."""
    value = os.environ.get("KHOVANBAN_JOBS", "")
    if value.strip():
        try:
            return max(1, int(value))
        except ValueError:
            raise ValueError(f"KHOVANBAN_JOBS={value!r}: cần một số nguyên dương (số tiến trình)") from None
    return os.cpu_count() or 1
