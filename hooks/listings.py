"""MkDocs hook, after the citation hook: the browsing pages (a thin adapter over khovanban.listing).

- on_files: listing pages by issuer, type, year and signer, and the list of all documents,
  from the archive's registry and the citation graph's cited-only documents (each row says
  whether the document is in the archive or only cited). The pages in the navigation are
  MkDocs pages; the page of each value (one issuer, one signer…) is written by hooks/pages.py.
  Under ``mkdocs serve`` the tables whose rows did not change are taken from the last build.
- on_page_markdown / on_page_content (home and navigation pages): the Markdown part, then
  the long lists put in place of their placeholders and the tables appended, as HTML.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from khovanban.hookshare import shared_value
from khovanban.listing import Listing, TableMemo, cited_records, home_summary, listing_pages
from khovanban.urls import page_url

_state: dict[str, Any] = {}
_tables = TableMemo()  # under mkdocs serve: the last build's tables, for the next rebuild
_serving: dict[str, bool] = {}


def on_startup(command: str, dirty: bool) -> None:
    _serving["on"] = command == "serve"


def listings() -> list[Listing]:
    """This build's browsing pages (for hooks/pages.py, which writes those not in the navigation)."""
    return _state["listings"]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _state.clear()
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    registry = shared_value(config.hooks, "registry")
    graph = shared_value(config.hooks, "graph")
    archived = list(registry.documents.values()) if registry is not None else []
    cited = cited_records(graph.cited_only()) if graph is not None else []

    def url_of(src_uri: str) -> str:
        return page_url(src_uri, config.use_directory_urls)

    pages = listing_pages(archived, cited, url_of, _tables if _serving.get("on") else None)
    _state["listings"] = pages
    _state["html"] = {page.src_uri: page.html for page in pages if page.in_nav and page.html}
    _state["blocks"] = {page.src_uri: page for page in pages if page.in_nav and page.blocks}
    _state["home"] = home_summary(archived, cited, url_of)
    for page in pages:
        if page.in_nav:
            files.append(File.generated(config, page.src_uri, content=page.markdown))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri != "index.md" or "home" not in _state:
        return markdown
    return f"{markdown}\n\n{_state['home'][0]}\n"


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri == "index.md" and "home" in _state:
        return f"{html}\n{_state['home'][1]}"
    listing = _state.get("blocks", {}).get(page.file.src_uri)
    if listing is not None:
        html = listing.filled(html)
    table = _state.get("html", {}).get(page.file.src_uri)
    return f"{html}\n{table}" if table else html
