"""MkDocs hook: the archive's documents (a thin adapter over the ``khovanban`` package).

- on_config: reset state (the module stays loaded across ``mkdocs serve`` rebuilds).
- on_files: read and validate every document page's front matter into the registry (the
  build stops on any schema problem, naming file, line, field and fix); add the originals
  as downloadable files, a redirect page for every retired ID, and the browsing pages.
- on_page_markdown (home): add figures and the newest documents from the metadata.
- on_page_markdown: put the metadata card above each document's text.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from khovanban.identity import document_url
from khovanban.listing import home_summary, listing_pages
from khovanban.registry import DocumentRecord, Registry, build_registry, is_document_path
from khovanban.render import metadata_card, redirect_page

ORIGINALS_DIR = "ban-goc"
_state: dict[str, Registry] = {}
_by_path: dict[str, DocumentRecord] = {}


def registry() -> Registry:
    """The registry of the current build (for the other hooks)."""
    return _state["registry"]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _state.clear()
    _by_path.clear()
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    pages = [
        (f.src_uri, f.content_string) for f in files if is_document_path(f.src_uri) and f.src_uri.endswith(".md")
    ]
    current = build_registry(pages)
    if current.problems:
        listed = "\n  ".join(str(p) for p in current.problems)
        raise PluginError(f"{len(current.problems)} lỗi trong phần đầu YAML của trang văn bản:\n  {listed}")
    _state["registry"] = current
    _by_path.update(current.by_path())
    archive_dir = Path(config.config_file_path).parent / "archive"
    for record in current.documents.values():
        source = Path(archive_dir.parent, record.meta["source"]["file"])
        if not source.is_file():
            raise PluginError(
                f"docs/{record.rel_path}: bản gốc {record.meta['source']['file']} không có trong archive/. "
                "Cách sửa: khôi phục tệp gốc, hoặc chạy lại ingest"
            )
        files.append(File.generated(config, _original_uri(record.meta), abs_src_path=str(source)))
    for alias, target in current.aliases.items():
        src = f"{document_url(alias)}index.html"
        href = posixpath.relpath(document_url(target), document_url(alias)) + "/"
        files.append(File.generated(config, src, content=redirect_page(href, current.documents[target].meta["title"])))
    for src_uri, content in listing_pages(current.documents.values()).items():
        files.append(File.generated(config, src_uri, content=content))
    return files


def _original_uri(meta: dict) -> str:
    return f"{ORIGINALS_DIR}/{meta['source']['file'].split('/', 1)[1]}"


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri == "index.md":
        return f"{markdown}\n\n{home_summary(list(registry().documents.values()))}\n"
    record = _by_path.get(page.file.src_uri)
    if record is None:
        return markdown
    href = posixpath.relpath(_original_uri(record.meta), page.url or ".")
    card = metadata_card(record.meta, quote(href))
    return f"{card}\n\n{markdown}"
