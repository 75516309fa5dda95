"""MkDocs hook, after hooks/pages.py: the Pagefind search index (a thin adapter over ``khovanban.search``).

Document pages carry their index markup already (``khovanban.sitepages``: body marker,
metadata, filters, sort key, index-only words).

- start_index (asked by hooks/pages.py once every document page is written): start Pagefind
  on the parts of the index (``khovanban.search.parts``, from hooks/pages.py's list of
  document pages), so it indexes while the build copies originals and writes the sitemap.
- on_post_build: wait for the index (or build it, when nothing started it) into
  ``site/pagefind/``, replacing the old one, and check that every document page was indexed.
  Parts of the index whose pages did not change since the last build are copied from the
  cache (``khovanban.search.partcache``, in ``.cache/khovanban/``) instead of indexed again.
- on_build_error: stop a Pagefind run that is no longer wanted.
- Under ``mkdocs serve``, a rebuild after an edit puts the last index back at once and builds
  a fresh one behind (about a minute at 10,000 documents), so the edited page shows without
  waiting for the index; search catches up when the new index is swapped in.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from khovanban.buildcache import cache_root
from khovanban.hookshare import shared_value
from khovanban.search import build_index
from khovanban.search.index import OUTPUT_DIR, IndexJob, copy_index

log = get_plugin_logger("search")
_serving: dict[str, Any] = {}
_build: dict[str, Any] = {}
_cache_lock = threading.Lock()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _cancel()
    if _serving.get("on") and "cache" not in _serving:
        _serving["cache"] = _serve_cache(Path(config.config_file_path or config.site_dir))
    _build["site"] = Path(config.site_dir)
    _build["cache_root"] = cache_root(Path(config.config_file_path).parent) if config.config_file_path else None
    _build["hooks"] = config.hooks
    _build["started"] = time.perf_counter()
    return config


def start_index() -> bool:
    """Start Pagefind on the site now (every document page must be written); False when this
    build will not index now (a rebuild under serve uses the last index and indexes behind)."""
    if _restoring() or "job" in _build:
        return False
    _build["started"] = time.perf_counter()
    _build["job"] = IndexJob(_build["site"], shared_value(_build["hooks"], "document_pages"),
                             cache_root=_build["cache_root"], digests=shared_value(_build["hooks"], "page_digests"))
    return True


def _restoring() -> bool:
    cache: Path | None = _serving.get("cache")
    return cache is not None and (cache / OUTPUT_DIR).is_dir()


def _cancel() -> None:
    job: IndexJob | None = _build.pop("job", None)
    if job is not None:
        job.cancel()
    _build.clear()


def on_build_error(error: Exception) -> None:
    _cancel()


def on_startup(command: str, dirty: bool) -> None:
    _serving.clear()
    _serving["on"] = command == "serve"


def _serve_cache(project: Path) -> Path:
    """Where a serve session keeps its last index: one folder per project (its mkdocs.yml; the
    site folder of ``mkdocs serve`` is a new temporary one each time), emptied at start, so a
    session that was killed (no on_shutdown) leaves one stale copy behind, not one per run."""
    name = hashlib.blake2b(str(project.resolve()).encode("utf-8"), digest_size=8).hexdigest()
    cache = Path(tempfile.gettempdir()) / f"khovanban-pagefind-{name}"
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    return cache


def on_shutdown() -> None:
    with _cache_lock:  # an index still building behind must not put the copy back afterwards
        _serving["closed"] = True
        if "cache" in _serving:
            shutil.rmtree(_serving["cache"], ignore_errors=True)


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    cache: Path | None = _serving.get("cache")
    if cache is not None and _restoring():
        copy_index(cache / OUTPUT_DIR, site / OUTPUT_DIR)
        log.info("chỉ mục tìm kiếm của lần dựng trước được dùng tạm; chỉ mục mới đang được dựng nền")
        _rebuild_behind(site, cache, _build["cache_root"])
        return
    start_index()
    job: IndexJob = _build.pop("job")
    stats = job.wait()
    started = _build["started"]
    reused = f"; {stats.reused} phần không đổi lấy từ bộ nhớ đệm" if stats.reused else ""
    log.info(f"chỉ mục Pagefind: {stats.page_count} trang trong {stats.parts} phần, "
             f"{stats.size_bytes / 1e6:.1f} MB, trong {time.perf_counter() - started:.1f} s{reused}")
    documents = shared_value(config.hooks, "indexed_documents")
    if documents is None:
        raise PluginError("hooks/search.py cần hooks/pages.py đứng trước trong mkdocs.yml")
    if stats.page_count != documents:
        raise PluginError(
            f"Chỉ mục tìm kiếm có {stats.page_count} trang nhưng bản dựng có {documents} trang văn bản. "
            "Cách sửa: kiểm tra trang văn bản nào thiếu data-pagefind-body (khovanban/sitepages.py), rồi dựng lại"
        )
    if cache is not None:
        copy_index(site / OUTPUT_DIR, cache / OUTPUT_DIR)


def _rebuild_behind(site: Path, cache: Path, parts_cache: Path | None) -> None:
    """Build a fresh index of ``site`` on a thread; keep it for the next rebuild and show it now."""
    previous = _serving.get("thread")
    if previous is not None and previous.is_alive():
        _serving["again"] = site  # one more pass when the running one ends
        return

    def work() -> None:
        target = site
        while True:
            try:
                build_index(target, cache_root=parts_cache)
                with _cache_lock:
                    if _serving.get("closed"):
                        return
                    copy_index(target / OUTPUT_DIR, cache / OUTPUT_DIR)
                log.info("chỉ mục tìm kiếm mới đã sẵn sàng")
            except (OSError, RuntimeError) as error:  # the site was cleaned by a newer rebuild
                log.info(f"dựng nền chỉ mục tìm kiếm bị bỏ: {error}")
            target = _serving.pop("again", None)
            if target is None:
                return

    _serving["thread"] = threading.Thread(target=work, name="khovanban-pagefind", daemon=True)
    _serving["thread"].start()
