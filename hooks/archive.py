"""MkDocs hook: the archive's documents (a thin adapter over the ``khovanban`` package).

- on_config: reset state (the module stays loaded across ``mkdocs serve`` rebuilds).
- on_files: read and validate every document page's front matter into the registry (the
  build stops on any schema problem, naming file, line, field and fix; pages read by an
  earlier build come from the cache, ``khovanban.buildcache``); keep out of the
  build every document this edition may not contain (KHOVANBAN_EDITION); list the originals
  for download (hooks/pages.py copies them); add a redirect page for every retired ID.
  Document pages are left out of MkDocs' own page list: hooks/pages.py writes them (unless
  KHOVANBAN_PAGES=mkdocs, the reference mode that renders them through the theme).
- on_post_page: a strict Content-Security-Policy on every page MkDocs renders.
- on_config .. on_post_build (after every other hook's) or on_build_error: no cyclic garbage
  collection during the build (``khovanban.heap``); under ``mkdocs serve`` the heap is
  collected a second after the build, while the browser reloads.
- on_shutdown: keep the interpreter's last garbage collection off the build's heap
  (``khovanban.heap``: 2.5 s at the end of a 10,000-document build), and wait until the
  cache's new entries are written.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from khovanban.buildcache import Memo, cache_root, wait_for_writers
from khovanban.citing import series_neighbours
from khovanban.csp import add_policy
from khovanban.editions import admits, current_edition
from khovanban.forkpool import default_processes
from khovanban.heap import collector_paused, pause_for_build, resume_after_build, skip_final_collection
from khovanban.identity import document_url
from khovanban.registry import DocumentRecord, Registry, build_registry, is_document_path
from khovanban.render import redirect_page
from khovanban.sitepages import pages_mode
from khovanban.urls import page_url

ORIGINALS_DIR = "ban-goc"
log = get_plugin_logger("archive")
_state: dict[str, Registry] = {}
_neighbours: dict[str, tuple[DocumentRecord | None, DocumentRecord | None]] = {}
_original_urls: dict[str, str] = {}
_originals: list[tuple[str, str]] = []
_serving: dict[str, bool] = {}


def registry() -> Registry:
    """The registry of the current build: the documents this edition contains (for other hooks)."""
    return _state["registry"]


def withheld() -> Registry:
    """Documents this edition must not contain (for the citation and leak-check hooks)."""
    return _state["withheld"]


def original_urls() -> dict[str, str]:
    """Document ID -> site URL of its original (for hooks/pages.py)."""
    return _original_urls


def originals() -> list[tuple[str, str]]:
    """(path of the original in archive/, where it goes in the site) for every published document."""
    return _originals


def neighbours() -> dict[str, tuple[DocumentRecord | None, DocumentRecord | None]]:
    """Document ID -> the issuer's previous and next document (for hooks/pages.py)."""
    return _neighbours


def on_startup(command: str, dirty: bool) -> None:
    _serving["on"] = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    pause_for_build()
    _state.clear()
    _neighbours.clear()
    _original_urls.clear()
    _originals.clear()
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    pages = [
        (f.src_uri, f.content_string) for f in files if is_document_path(f.src_uri) and f.src_uri.endswith(".md")
    ]
    started = time.perf_counter()
    with collector_paused():  # the cache's and the workers' records arrive as millions of new objects
        memo = Memo(cache_root(Path(config.config_file_path).parent), "registry")
        current = build_registry(pages, default_processes(), memo)
    memo.flush()
    for problem in memo.problems:
        log.info(f"bỏ qua tệp hỏng trong bộ nhớ đệm: {problem}")
    log.info(f"đọc {len(pages)} trang văn bản trong {time.perf_counter() - started:.1f} s{memo.summary()}")
    if current.problems:
        listed = "\n  ".join(str(p) for p in current.problems)
        raise PluginError(f"{len(current.problems)} lỗi trong phần đầu YAML của trang văn bản:\n  {listed}")
    edition = current_edition()
    held = Registry()
    for doc_id, record in list(current.documents.items()):
        if not admits(record.meta, edition):
            held.documents[doc_id] = current.documents.pop(doc_id)
            files.remove(files.get_file_from_path(record.rel_path))
    if pages_mode() == "shell":
        for record in current.documents.values():
            files.remove(files.src_uris[record.rel_path])
    _state["registry"], _state["withheld"] = current, held
    _neighbours.update(series_neighbours(current.documents.values()))
    project = os.path.dirname(config.config_file_path)
    for record in current.documents.values():  # os.path, not pathlib: 10,000 paths at every rebuild
        source = os.path.join(project, record.meta["source"]["file"])
        if not os.path.isfile(source):
            raise PluginError(
                f"docs/{record.rel_path}: bản gốc {record.meta['source']['file']} không có trong archive/. "
                "Cách sửa: khôi phục tệp gốc, hoặc chạy lại ingest"
            )
        # Copied by hooks/pages.py (MkDocs copies one file at a time).
        _originals.append((source, _original_uri(record.meta)))
        _original_urls[record.id] = quote(_original_uri(record.meta))
    for alias, target in current.aliases.items():
        if target not in current.documents:
            continue
        # The retired URL in this build's URL style: ".../<id>/" online, ".../<id>.html" offline.
        src = f"{document_url(alias)}index.html" if config.use_directory_urls else f"{document_url(alias)[:-1]}.html"
        target_url = page_url(current.documents[target].rel_path, config.use_directory_urls)
        href = get_relative_url(target_url, src)
        files.append(File.generated(config, src, content=redirect_page(href, current.documents[target].meta["title"])))
    return files


def _original_uri(meta: dict) -> str:
    return f"{ORIGINALS_DIR}/{meta['source']['file'].split('/', 1)[1]}"


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return add_policy(output)


@event_priority(-100)  # the last post-build work of the build
def on_post_build(config: MkDocsConfig) -> None:
    resume_after_build(collect_after=1.0 if _serving.get("on") else None)


def on_build_error(error: Exception) -> None:
    resume_after_build()


def on_shutdown() -> None:
    skip_final_collection()
    if not wait_for_writers():
        log.info("không ghi được bộ nhớ đệm của bản dựng (lần dựng sau sẽ đọc lại các trang)")
