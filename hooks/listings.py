"""MkDocs hook, after the citation hook: the browsing pages (a thin adapter over khovanban.listing).

- on_files: listing pages by issuer, type, year and signer, and the list of all documents,
  from the archive's registry and the citation graph's cited-only documents (each row says
  whether the document is in the archive or only cited).
- on_page_markdown (home): figures and the newest documents, from the metadata.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from khovanban.hookshare import shared_value
from khovanban.listing import cited_records, home_summary, listing_pages

_state: dict[str, Any] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _state.clear()
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    registry = shared_value(config.hooks, "registry")
    graph = shared_value(config.hooks, "graph")
    archived = list(registry.documents.values()) if registry is not None else []
    cited = cited_records(graph.cited_only()) if graph is not None else []
    _state["archived"], _state["cited"] = archived, cited
    for src_uri, content in listing_pages(archived, cited).items():
        files.append(File.generated(config, src_uri, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri != "index.md":
        return markdown
    return f"{markdown}\n\n{home_summary(_state.get('archived', []), _state.get('cited', []))}\n"
