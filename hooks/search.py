"""MkDocs hook: the Pagefind search index (a thin adapter over ``khovanban.search``).

- on_config: reset the per-build count (the module stays loaded across ``mkdocs serve``).
- on_page_content: wrap each document page (archived, or generated for a document that is
  only cited) for the index: body marker, metadata, filters, sort key, index-only words.
- on_post_build: build the index into ``site/pagefind/`` with Pagefind's Python API,
  replacing the old one, and check that every document page was indexed.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from khovanban.search import SearchEntry, build_index, document_page_html, printed_number

_LISTING = "van-ban/index.md"
_state: dict[str, int] = {"documents": 0, "document_files": 0}


def _is_document(page: Page) -> bool:
    uri = page.file.src_uri
    return uri.startswith("van-ban/") and uri.endswith(".md") and uri != _LISTING and bool(page.meta)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _state["documents"] = 0
    _state["document_files"] = 0
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    _state["documents"] = 0
    _state["document_files"] = sum(
        1 for f in files.documentation_pages() if f.src_uri.startswith("van-ban/") and f.src_uri != _LISTING
    )
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not _is_document(page):
        return html
    _state["documents"] += 1
    return document_page_html(html, SearchEntry.from_meta(page.meta, printed_number(html)))


def on_post_build(config: MkDocsConfig) -> None:
    stats = build_index(Path(config.site_dir))
    # A dirty rebuild (mkdocs serve --dirty) renders only changed pages: the check applies
    # only when every document page was rendered in this build.
    complete = _state["documents"] >= _state["document_files"]
    if complete and stats.page_count != _state["documents"]:
        raise PluginError(
            f"Chỉ mục tìm kiếm có {stats.page_count} trang nhưng bản dựng có {_state['documents']} trang văn bản. "
            "Cách sửa: kiểm tra trang văn bản nào thiếu data-pagefind-body (hooks/search.py), rồi dựng lại"
        )
