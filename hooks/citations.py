"""MkDocs hook: the citation graph (a thin adapter over ``khovanban.citations``).

- on_config: reset state (the module stays loaded across ``mkdocs serve`` rebuilds).
- on_files: take the build's registry from the archive hook, build the citation graph once
  (citations in pages an earlier build read come from the cache, ``khovanban.buildcache``),
  and warn (file:line, the citation, why) for every citation that could not be resolved.
  The pages (links in the text, relation sections, pages for cited documents that are not
  archived yet) are written by hooks/pages.py from this graph.
- on_post_build: write api/documents.json, api/citations.json and api/unresolved.json
  (under ``mkdocs serve``, in a forked child, so the reload does not wait for them).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files

from khovanban.buildcache import Memo, cache_root
from khovanban.children import Children
from khovanban.citations import build_citation_graph, page_sources
from khovanban.citations.export import write_api
from khovanban.citations.graph import CitationGraph
from khovanban.citations.withhold import withhold
from khovanban.forkpool import default_processes
from khovanban.heap import collector_paused
from khovanban.hookshare import shared_value
from khovanban.registry import Registry, build_registry, is_document_path

log = get_plugin_logger("citations")
API_DIR = "api"
_state: dict[str, Any] = {}
_serving: dict[str, bool] = {}  # under mkdocs serve, pages read are remembered for the next rebuild
_api_writers = Children()  # under serve: the child writing the last build's api/*.json
timings: dict[str, float] = {}  # seconds per step of the last build, read by scripts/bench_citations.py


def graph() -> CitationGraph:
    """The citation graph of the current build (for the listings hook)."""
    return _state["graph"]


def on_startup(command: str, dirty: bool) -> None:
    _serving["on"] = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not _api_writers.wait():
        log.warning("tiến trình con ghi api/*.json của lần dựng trước thất bại (xem lỗi ở trên); "
                    "lần dựng này ghi lại các tệp đó")
    _state.clear()
    timings.clear()
    return config


def _registry(config: MkDocsConfig, files: Files) -> Registry:
    """The documents of this build: from the archive hook, or read from the files."""
    registry = shared_value(config.hooks, "registry")
    if registry is not None:
        return registry
    pages = [(f.src_uri, f.content_string) for f in files if is_document_path(f.src_uri)]
    return build_registry(pages)


def _withheld(config: MkDocsConfig) -> Registry:
    """Documents this edition must not contain (kept out of links, pages and backlinks)."""
    return shared_value(config.hooks, "withheld") or Registry()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    started = time.perf_counter()
    registry = _registry(config, files)
    # Building the graph allocates many small objects and frees none; in a build whose heap is
    # already large, the cyclic collector would rescan that heap again and again for nothing.
    serving = _serving.get("on", False)
    with collector_paused():  # also while the cache is read: a million objects at 10,000 pages
        memo = Memo(cache_root(Path(config.config_file_path).parent), "citations", keep=serving)
        graph = build_citation_graph(page_sources(registry.documents.values()), registry.aliases,
                                     processes=default_processes(), remember=serving, memo=memo)
    for problem in memo.problems:
        log.info(f"bỏ qua tệp hỏng trong bộ nhớ đệm: {problem}")
    withhold(graph, ((r.id, r.meta) for r in _withheld(config).documents.values()))
    timings["graph"] = time.perf_counter() - started
    log.info(f"đồ thị dẫn chiếu: {len(graph.nodes)} văn bản, {len(graph.links())} liên kết, "
             f"trong {timings['graph']:.1f} s{memo.summary()}")
    _state["graph"] = graph
    for problem in graph.unresolved:
        line = problem.line or _front_matter_line(files, problem.path, problem.field)
        where = f"docs/{problem.path}:{line}" + ("" if problem.field == "body" else f" (trường {problem.field})")
        log.warning(
            f"{where}: không xác định được văn bản được dẫn chiếu «{problem.text}»: {problem.reason}. "
            "Cách sửa: nếu văn bản gốc ghi thiếu, thêm vào phần đầu YAML của trang "
            f"'citation_targets: {{\"{problem.label}\": <mã văn bản>}}' "
            "(hoặc giá trị bo-qua nếu đây không phải là trích dẫn)"
        )
    started = time.perf_counter()
    taken = {record.rel_path for record in registry.documents.values()}
    for node in graph.cited_only():
        if node.path in taken or files.get_file_from_path(node.path) is not None:
            raise PluginError(f"docs/{node.path}: trang sinh cho văn bản chưa có trong kho trùng với trang đã có")
    timings["pages"] = time.perf_counter() - started
    return files


def _front_matter_line(files: Files, path: str, key: str) -> int | None:
    """Line of ``key:`` in a page's front matter (looked up only for a warning)."""
    file = files.get_file_from_path(path)
    if file is None:
        return None
    for number, line in enumerate(file.content_string.split("\n"), start=1):
        if line.startswith(f"{key}:"):
            return number
    return None


def on_post_build(config: MkDocsConfig) -> None:
    graph: CitationGraph | None = _state.get("graph")
    if graph is None:
        return

    def url_for(doc_id: str) -> str:
        path = graph.nodes[doc_id].path.removesuffix(".md")
        return f"{path}/" if config.use_directory_urls else f"{path}.html"

    api = Path(config.site_dir) / API_DIR
    if _serving.get("on", False):
        # Under serve the reload need not wait for the API files (0.5 s at 10,000 documents):
        # a forked child writes them; the next build's on_config waits for it.
        _api_writers.start(lambda: write_api(graph, api, url_for))
    else:
        write_api(graph, api, url_for)


def on_shutdown() -> None:
    """The server removes its site folder next: let the last API writer finish first."""
    _api_writers.wait()
