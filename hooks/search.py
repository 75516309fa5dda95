"""MkDocs hook, after hooks/pages.py: the Pagefind search index (a thin adapter over ``khovanban.search``).

Document pages carry their index markup already (``khovanban.sitepages``: body marker,
metadata, filters, sort key, index-only words).

- on_post_build: build the index into ``site/pagefind/`` with Pagefind's Python API,
  replacing the old one, and check that every document page was indexed.
"""

from __future__ import annotations

import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from khovanban.hookshare import shared_value
from khovanban.search import build_index

log = get_plugin_logger("search")


def on_post_build(config: MkDocsConfig) -> None:
    started = time.perf_counter()
    stats = build_index(Path(config.site_dir))
    log.info(f"chỉ mục Pagefind: {stats.page_count} trang, {stats.size_bytes / 1e6:.1f} MB, "
             f"trong {time.perf_counter() - started:.1f} s")
    documents = shared_value(config.hooks, "indexed_documents")
    if documents is None:
        raise PluginError("hooks/search.py cần hooks/pages.py đứng trước trong mkdocs.yml")
    if stats.page_count != documents:
        raise PluginError(
            f"Chỉ mục tìm kiếm có {stats.page_count} trang nhưng bản dựng có {documents} trang văn bản. "
            "Cách sửa: kiểm tra trang văn bản nào thiếu data-pagefind-body (khovanban/sitepages.py), rồi dựng lại"
        )
