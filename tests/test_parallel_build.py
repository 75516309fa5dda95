"""Work split over processes gives exactly what one process gives."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from khovanban import forkpool
from khovanban import registry as registry_module
from khovanban.forkpool import map_chunks
from khovanban.registry import build_registry, read_pages

REPO = Path(__file__).resolve().parents[1]


def _pids(chunk: list[int]) -> list[int]:
    return [os.getpid()] * len(chunk)


def test_chunks_run_on_workers_and_come_back_in_order() -> None:
    results = list(map_chunks(lambda chunk: [x * 2 for x in chunk], list(range(1000)), processes=2, chunk=100))
    assert [x for part in results for x in part] == [x * 2 for x in range(1000)]
    # In a fresh interpreter, where no other thread runs (this one may run other tests' server threads):
    # the chunks are shared between a forked worker and the process that asked.
    script = ("import os, time; from khovanban.forkpool import map_chunks; "
              "pids = {p for part in map_chunks(lambda c: time.sleep(0.05) or [os.getpid()] * len(c), "
              "list(range(1000)), 2, 50) for p in part}; print(int(os.getpid() in pids and len(pids) == 2))")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert run.stdout.strip() == "1"


def test_large_results_come_back_through_files_or_the_pipe(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    before = _spools()
    big = [list(range(x, x + 20_000)) for x in range(0, 200, 10)]  # each result well over PIPE_BYTES
    expected = [[sum(items)] + items for items in big]
    assert list(map_chunks(lambda chunk: [sum(chunk[0])] + chunk[0], big, processes=2, chunk=1)) == expected
    # When the folder for results cannot be written (no room), they come through the pipe.
    monkeypatch.setattr(forkpool, "_spool_folder", lambda: "/nonexistent/khovanban-spool")
    assert list(map_chunks(lambda chunk: [sum(chunk[0])] + chunk[0], big, processes=2, chunk=1)) == expected
    assert _spools() == before


def test_a_caller_that_takes_just_the_results_leaves_nothing_behind() -> None:
    # The citation graph takes exactly one result a chunk and never asks for more, so the
    # generator is left suspended: the spool folder must be gone by the last result already.
    before = _spools()
    results = map_chunks(lambda chunk: [list(range(20_000))], list(range(6)), processes=2, chunk=1)
    taken = [next(results) for _ in range(6)]
    assert len(taken) == 6
    assert _spools() == before
    results.close()


def _spools() -> set[str]:
    """Folders for results in transit (``forkpool._spool_folder``) that exist now."""
    shm = os.listdir("/dev/shm") if os.path.isdir("/dev/shm") else []
    return {name for name in os.listdir(tempfile.gettempdir()) + shm if name.startswith("khovanban-chunks-")}


def test_no_more_workers_than_chunks_for_them() -> None:
    # Three chunks with eight processes asked for: two workers (one fewer than the chunks), not seven.
    # The pool's workers, counted here while the first results come back.
    script = ("import time, multiprocessing as mp; from khovanban.forkpool import map_chunks; "
              "seen = [len(mp.active_children()) for part in map_chunks(lambda c: time.sleep(0.3 * c[0]) or c, "
              "[0, 1, 2], 8, 1, ordered=False)]; print(max(seen))")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert int(run.stdout) == 2


def test_unordered_results_come_once_each() -> None:
    parts = list(map_chunks(lambda chunk: list(chunk), list(range(1000)), processes=3, chunk=30, ordered=False))
    assert sorted(x for part in parts for x in part) == list(range(1000))


def _with_a_server_thread(work):  # type: ignore[no-untyped-def]
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)  # stands for mkdocs serve's server thread
    server.start()
    try:
        return work()
    finally:
        stop.set()
        server.join()


def test_a_process_with_other_threads_forks_too() -> None:
    parts = _with_a_server_thread(lambda: list(map_chunks(_pids, list(range(1000)), processes=2, chunk=100)))
    pids = {pid for part in parts for pid in part}
    assert len(pids) == 2 and os.getpid() in pids


def _stuck_on_a_worker(chunk: list[int]) -> list[int]:
    if multiprocessing.parent_process() is not None:
        time.sleep(120)  # as if a lock copied from another thread were never released
    return [x * 3 for x in chunk]


def test_a_stuck_worker_is_given_up_and_its_chunks_run_here() -> None:
    started = time.monotonic()
    parts = _with_a_server_thread(
        lambda: list(map_chunks(_stuck_on_a_worker, list(range(1000)), processes=2, chunk=100, stall=2)))
    assert [x for part in parts for x in part] == [x * 3 for x in range(1000)]
    assert time.monotonic() - started < 60


def test_registry_read_on_two_processes_equals_one(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(REPO / "scripts" / "generate_corpus.py"), "--count", "600", "--seed", "5",
                    "--out", str(tmp_path), "--ingest", "--quiet"], check=True, capture_output=True, timeout=900)
    pages = read_pages(tmp_path / "docs")
    broken = pages[7][0], pages[7][1].replace("date:", "date: [", 1)  # malformed YAML in one page
    pages[7] = broken
    registry_module._parsed.clear()
    one = build_registry(pages, processes=1)
    registry_module._parsed.clear()
    two = build_registry(pages, processes=2)
    assert len(one.documents) == 599 and len(one.problems) == 1
    assert list(one.documents) == list(two.documents)
    assert [vars(r) for r in one.documents.values()] == [vars(r) for r in two.documents.values()]
    assert [str(p) for p in one.problems] == [str(p) for p in two.problems]
    # A rebuild reads only what changed (mkdocs serve): the same result from the cache.
    again = build_registry(pages, processes=2)
    assert [vars(r) for r in again.documents.values()] == [vars(r) for r in one.documents.values()]


def test_a_failing_worker_stops_the_map_with_its_traceback() -> None:
    # In a fresh interpreter, where no other thread runs (this one may run other tests' server threads).
    script = """
from khovanban.forkpool import WorkerError, map_chunks


class Unpicklable(Exception):
    def __init__(self, a, b):
        super().__init__(f"{a} {b}")


def fails(chunk):
    if 0 in chunk:  # the first chunk always goes to a worker
        raise Unpicklable("trang", "hỏng")
    return chunk


try:
    list(map_chunks(fails, list(range(1000)), 2, 100))
except WorkerError as error:
    print("Unpicklable: trang hỏng" in str(error))
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert run.stdout.strip() == "True", run.stderr
def test_citation_graph_built_on_two_processes_equals_one(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from khovanban.citations import build_citation_graph, graph, page_sources

    registry = build_registry(read_pages(REPO / "docs"))
    sources = list(page_sources(registry.documents.values())) * 1  # the seeds
    one = build_citation_graph(sources, registry.aliases, processes=1)
    monkeypatch.setattr(graph, "PARALLEL_FROM", 1)
    monkeypatch.setattr(graph, "PAGES_PER_TASK", 2)
    graph._found_in.clear()
    graph._read_pages.clear()
    two = build_citation_graph(sources, registry.aliases, processes=2)
    # What the workers found is kept by this process, for the next rebuild under mkdocs serve.
    assert len(graph._found_in) >= len(sources)

    assert _view(one) == _view(two) and len(one.nodes) > 20


def _view(g):  # type: ignore[no-untyped-def]
    return (sorted(g.nodes), sorted((l.source, l.target, l.relation, [(e.text, e.path, e.line) for e in l.edges])
                                   for l in g.links()),
            {k: [(a.start, a.end, a.target) for a in v] for k, v in g.anchors.items()},
            [(u.path, u.line, u.text, u.reason) for u in g.unresolved])


def test_citation_graph_of_a_rebuild_equals_a_fresh_one() -> None:
    """A rebuild copies the mentions of pages it has read before; resolution must not see
    what the last build's resolution wrote into them, and an edited page is read again."""
    from khovanban.citations import build_citation_graph, graph, page_sources
    from khovanban.citations.graph import PageSource

    registry = build_registry(read_pages(REPO / "docs"))
    sources = list(page_sources(registry.documents.values()))

    def fresh(pages):  # type: ignore[no-untyped-def]
        graph._read_pages.clear()
        graph._found_in.clear()
        return build_citation_graph(pages, registry.aliases)

    first = fresh(sources)
    again = build_citation_graph(sources, registry.aliases)  # every page from the cache
    assert _view(again) == _view(first) and len(first.links()) > 20
    assert again.edges[0] is not first.edges[0]
    # What the cache keeps is the page stage's output, untouched by any resolution since.
    kept = [m for (mentions, _, _), _ in graph._read_pages.values() for m in mentions]
    assert kept and all(m.target is None for m in kept)

    edited = sources[0]
    cited = "\n\nThực hiện Kết luận số 54-KL/TW ngày 09/5/2023 của Ban Bí thư.\n"
    changed = [PageSource(edited.id, edited.path, edited.body + cited, edited.body_line, edited.meta), *sources[1:]]
    rebuilt = build_citation_graph(changed, registry.aliases)
    assert _view(rebuilt) == _view(fresh(changed)) != _view(first)
