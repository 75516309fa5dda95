"""The on-disk cache of what a build read: a build that uses it makes the same registry and
citation graph as one that reads every page, and a damaged or outdated cache is only lost time."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest

from conftest import copy_project, mkdocs_build
from khovanban import buildcache
from khovanban import registry as registry_module
from khovanban.buildcache import Memo, cache_root, wait_for_writers
from khovanban.citations import build_citation_graph, graph, page_sources
from khovanban.registry import build_registry, read_pages

REPO = Path(__file__).resolve().parents[1]


def _new_process() -> None:
    """Forget what this process remembers between builds, as a new ``mkdocs build`` would."""
    registry_module._parsed.clear()
    graph._read_pages.clear()
    graph._found_in.clear()
    buildcache._loaded.clear()


def _build(pages: list[tuple[str, str]], root: Path | None) -> tuple[Memo, Memo, object, object]:
    """The registry and the graph of ``pages`` as the hooks make them in a one-off build."""
    _new_process()
    registry_memo = Memo(root, "registry")
    registry = build_registry(pages, processes=1, memo=registry_memo)
    registry_memo.flush()
    citations_memo = Memo(root, "citations", keep=False)
    made = build_citation_graph(page_sources(registry.documents.values()), registry.aliases,
                                remember=False, memo=citations_memo)
    assert wait_for_writers()
    return registry_memo, citations_memo, registry, made


def _view(g):  # type: ignore[no-untyped-def]
    return (sorted(g.nodes), sorted((l.source, l.target, l.relation, [(e.text, e.path, e.line) for e in l.edges])
                                   for l in g.links()),
            {k: [(a.start, a.end, a.target) for a in v] for k, v in g.anchors.items()},
            [(u.path, u.line, u.text, u.reason) for u in g.unresolved])


def _records(registry) -> list[dict]:  # type: ignore[no-untyped-def]
    return [vars(r) for r in registry.documents.values()]


def test_a_build_from_the_cache_equals_a_build_from_the_pages(tmp_path: Path) -> None:
    pages = read_pages(REPO / "docs")
    root = tmp_path / "cache"
    _, _, plain_registry, plain = _build(pages, None)

    memo, citations, first_registry, first = _build(pages, root)  # an empty cache: everything read
    assert (memo.reused, memo.added) == (0, len(pages)) and citations.added == len(pages)
    memo, citations, warm_registry, warm = _build(pages, root)  # a new process: everything cached
    assert (memo.reused, memo.added) == (len(pages), 0)
    assert (citations.reused, citations.added) == (len(pages), 0)
    assert _records(warm_registry) == _records(first_registry) == _records(plain_registry)
    assert _view(warm) == _view(first) == _view(plain) and len(plain.links()) > 20

    # One page edited: only it is read again, and the graph is the one made from scratch.
    rel_path, text = pages[0]
    cited = "\n\nThực hiện Kết luận số 54-KL/TW ngày 09/5/2023 của Ban Bí thư.\n"
    edited = [(rel_path, text + cited), *pages[1:]]
    memo, citations, _, rebuilt = _build(edited, root)
    assert (memo.reused, memo.added) == (len(pages) - 1, 1) and citations.added == 1
    _, _, _, fresh = _build(edited, None)
    assert _view(rebuilt) == _view(fresh) != _view(plain)


def test_cached_readings_are_kept_as_read_not_as_resolved(tmp_path: Path) -> None:
    """A one-off build resolves the readings it took from the cache in place; the cache on disk
    must still hold them as the page stage made them (no target filled in)."""
    pages = read_pages(REPO / "docs")
    root = tmp_path / "cache"
    _build(pages, root)
    _build(pages, root)  # resolves the cached readings themselves
    _new_process()
    stored = Memo(root, "citations").entries
    mentions = [m for mentions, _, _ in stored.values() for m in mentions]
    assert mentions and all(m.target is None for m in mentions)


def test_a_damaged_segment_is_reported_removed_and_read_again(tmp_path: Path) -> None:
    pages = read_pages(REPO / "docs")
    root = tmp_path / "cache"
    _build(pages, root)
    (segment,) = (root / f"registry-{buildcache.code_fingerprint()}").glob("*.pickle")
    segment.write_bytes(segment.read_bytes()[:100])  # cut short, as by a full disk
    memo, _, registry, _ = _build(pages, root)
    assert len(memo.problems) == 1 and str(segment) in memo.problems[0]
    assert memo.reused == 0 and memo.added == len(pages) and len(registry.documents) == len(pages)
    assert not segment.exists()


def test_another_version_of_the_code_never_reads_this_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = read_pages(REPO / "docs")
    root = tmp_path / "cache"
    _build(pages, root)
    old = root / f"registry-{buildcache.code_fingerprint()}"
    assert old.is_dir()
    monkeypatch.setattr(buildcache, "_fingerprint", ["another-version"])
    memo, _, _, _ = _build(pages, root)
    assert memo.reused == 0 and memo.added == len(pages)
    assert not old.exists() and (root / "registry-another-version").is_dir()


def test_stale_entries_are_compacted_away(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    memo = Memo(root, "demo")
    for key in range(100):
        memo.add(key, f"v{key}")
    memo.flush()
    assert wait_for_writers()
    buildcache._loaded.clear()
    memo = Memo(root, "demo")
    assert memo.get(1) == "v1" and memo.get(1000) is None
    memo.add(1000, "v1000")
    memo.flush()  # 99 of 101 entries unused: one segment with the two kept
    assert wait_for_writers()
    (segment,) = (root / f"demo-{buildcache.code_fingerprint()}").glob("*.pickle")
    assert pickle.loads(segment.read_bytes()) == {1: "v1", 1000: "v1000"}


def test_the_cache_can_be_turned_off_or_moved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cache_root(tmp_path) == tmp_path / ".cache" / "khovanban"
    monkeypatch.setenv("KHOVANBAN_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert cache_root(tmp_path) == tmp_path / "elsewhere"
    monkeypatch.setenv("KHOVANBAN_CACHE", "0")
    assert cache_root(tmp_path) is None
    memo = Memo(None, "registry")
    memo.add("k", "v")
    memo.flush()
    assert memo.get("k") is None and memo.summary() == ""


def test_a_build_writes_the_cache_and_the_next_build_uses_it(tmp_path: Path) -> None:
    """Through mkdocs: the second build of the seeds takes every page from the cache and
    writes the same pages."""
    project = copy_project(tmp_path / "project")
    logs = []
    for site in ("site-1", "site-2"):
        run = mkdocs_build(project, env={"KHOVANBAN_CACHE": "1"})
        assert run.returncode == 0, run.stderr
        (project / "site").rename(tmp_path / site)
        logs.append(run.stderr)
    count = len(read_pages(project / "docs"))
    assert logs[0].count(f"bộ nhớ đệm: 0 có sẵn, {count} mới") == 2  # registry and citations
    assert logs[1].count(f"bộ nhớ đệm: {count} có sẵn, 0 mới") == 2
    assert "phần không đổi lấy từ bộ nhớ đệm" not in logs[0]
    assert "1 phần không đổi lấy từ bộ nhớ đệm" in logs[1]  # the seeds' index is one part
    first, second = tmp_path / "site-1", tmp_path / "site-2"
    pages = sorted(p.relative_to(first) for p in first.rglob("*.html"))
    assert pages and pages == sorted(p.relative_to(second) for p in second.rglob("*.html"))
    assert all((first / p).read_bytes() == (second / p).read_bytes() for p in pages)


def test_a_writer_that_hangs_is_stopped_at_the_end_of_the_build() -> None:
    pid = os.fork()
    if pid == 0:  # stands for a writer stuck on a lock another thread held when it was forked
        time.sleep(60)
        os._exit(0)
    buildcache._writers.pids.append(pid)
    started = time.monotonic()
    assert not wait_for_writers(timeout=0.5)
    assert time.monotonic() - started < 10 and pid not in buildcache._writers.pids


def test_rebuilds_under_serve_leave_the_whole_cache_for_the_next_session(tmp_path: Path) -> None:
    # A serve session: the first build fills the cache, a rebuild after one edit takes the other
    # pages from memory. Flushing that rebuild must not compact the others out of the cache.
    pages = read_pages(REPO / "docs")
    root = tmp_path / "cache"
    _new_process()

    def serve_build(texts: list[tuple[str, str]]) -> None:
        registry_memo = Memo(root, "registry")
        registry = build_registry(texts, processes=1, memo=registry_memo)
        registry_memo.flush()
        citations_memo = Memo(root, "citations")
        build_citation_graph(page_sources(registry.documents.values()), registry.aliases, remember=True,
                             memo=citations_memo)
        citations_memo.flush()
        assert wait_for_writers()

    serve_build(pages)
    (path, text), *others = pages
    serve_build([(path, text + "\nThực hiện Công văn số 2234-CV/TU ngày 29/6/2023 của Ban Thường vụ Tỉnh ủy.\n"),
                 *others])
    _new_process()  # the next session
    assert len(Memo(root, "registry")) == len(pages) + 1  # the edited page's reading joined the others
    assert len(Memo(root, "citations")) == len(pages) + 1


def test_the_cache_folder_is_the_same_whichever_way_the_project_is_named(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Processes keep what they loaded by folder: "." and the absolute path must name one folder.
    monkeypatch.delenv(buildcache.CACHE_DIR_ENV, raising=False)
    monkeypatch.delenv(buildcache.CACHE_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert cache_root(Path(".")) == cache_root(tmp_path) == tmp_path / ".cache" / "khovanban"
    monkeypatch.setenv(buildcache.CACHE_DIR_ENV, "ci-cache")
    assert cache_root(Path(".")) == tmp_path / "ci-cache"
