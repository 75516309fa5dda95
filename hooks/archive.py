"""MkDocs hook: the archive's documents (a thin adapter over the ``khovanban`` package).

- on_config: reset state (the module stays loaded across ``mkdocs serve`` rebuilds).
- on_files: read and validate every document page's front matter into the registry (the
  build stops on any schema problem, naming file, line, field and fix); keep out of the
  build every document this edition may not contain (KHOVANBAN_EDITION); add the originals
  as downloadable files and a redirect page for every retired ID.
- on_page_markdown: each document's meta description and escaped title.
- on_page_content: the print header, metadata card and citation actions above each
  document's text, a visible copyable link on every numbered item, and links to the
  issuer's previous and next documents below it.
- on_post_page: Open Graph tags and schema.org JSON-LD in each document page's <head>; a strict
  Content-Security-Policy on every page.
- on_post_build: sitemap.xml (every page) and feed.xml (Atom, newest archived documents).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from khovanban.citing import series_neighbours, standard_citation
from khovanban.csp import add_policy
from khovanban.editions import admits, current_edition
from khovanban.identity import document_url
from khovanban.numbers import parse_number
from khovanban.publishing import absolute, atom_feed, head_tags, sitemap
from khovanban.registry import DocumentRecord, Registry, build_registry, is_document_path
from khovanban.render import (
    document_actions,
    link_items,
    metadata_card,
    print_header,
    redirect_page,
    series_nav,
)

ORIGINALS_DIR = "ban-goc"
_state: dict[str, Registry] = {}
_by_path: dict[str, DocumentRecord] = {}
_neighbours: dict[str, tuple[DocumentRecord | None, DocumentRecord | None]] = {}
_original_urls: dict[str, str] = {}


def registry() -> Registry:
    """The registry of the current build: the documents this edition contains (for other hooks)."""
    return _state["registry"]


def withheld() -> Registry:
    """Documents this edition must not contain (for the citation and leak-check hooks)."""
    return _state["withheld"]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _state.clear()
    _by_path.clear()
    _neighbours.clear()
    _original_urls.clear()
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    pages = [
        (f.src_uri, f.content_string) for f in files if is_document_path(f.src_uri) and f.src_uri.endswith(".md")
    ]
    current = build_registry(pages)
    if current.problems:
        listed = "\n  ".join(str(p) for p in current.problems)
        raise PluginError(f"{len(current.problems)} lỗi trong phần đầu YAML của trang văn bản:\n  {listed}")
    edition = current_edition()
    held = Registry()
    for doc_id, record in list(current.documents.items()):
        if not admits(record.meta, edition):
            held.documents[doc_id] = current.documents.pop(doc_id)
            files.remove(files.get_file_from_path(record.rel_path))
    _state["registry"], _state["withheld"] = current, held
    _by_path.update(current.by_path())
    _neighbours.update(series_neighbours(current.documents.values()))
    archive_dir = Path(config.config_file_path).parent / "archive"
    for record in current.documents.values():
        source = Path(archive_dir.parent, record.meta["source"]["file"])
        if not source.is_file():
            raise PluginError(
                f"docs/{record.rel_path}: bản gốc {record.meta['source']['file']} không có trong archive/. "
                "Cách sửa: khôi phục tệp gốc, hoặc chạy lại ingest"
            )
        original = File.generated(config, _original_uri(record.meta), abs_src_path=str(source))
        files.append(original)
        _original_urls[record.id] = original.url
    for alias, target in current.aliases.items():
        if target not in current.documents:
            continue
        # The retired URL in this build's URL style: ".../<id>/" online, ".../<id>.html" offline.
        src = f"{document_url(alias)}index.html" if config.use_directory_urls else f"{document_url(alias)[:-1]}.html"
        target_url = _url(files, current.documents[target].rel_path)
        href = get_relative_url(target_url, src)
        files.append(File.generated(config, src, content=redirect_page(href, current.documents[target].meta["title"])))
    return files


def _url(files: Files, src_uri: str) -> str:
    """The URL MkDocs gives a file, whatever the URL style of this build."""
    file = files.get_file_from_path(src_uri)
    if file is None:
        raise PluginError(f"docs/{src_uri}: không có trong bản dựng (lỗi nội bộ của hooks/archive.py)")
    return file.url


def _original_uri(meta: dict) -> str:
    return f"{ORIGINALS_DIR}/{meta['source']['file'].split('/', 1)[1]}"


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    record = _by_path.get(page.file.src_uri)
    if record is None:
        return markdown
    # Themes print title and description unescaped (MkDocs' Jinja has no autoescape); both
    # come from an original, so they are escaped here and shown as text.
    page.meta["description"] = escape(_description(record.meta))
    page.meta["title"] = escape(str(record.meta.get("title") or ""))
    return markdown


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    record = _by_path.get(page.file.src_uri)
    if record is None:
        return add_policy(output)
    base = config.site_url or None
    url = absolute(base, page.url) if base else get_relative_url(page.url, page.url)
    original_url = _original_urls[record.id]
    original = absolute(base, original_url) if base else get_relative_url(original_url, page.url)
    tags = head_tags(record.meta, url, original, _description(record.meta))
    return add_policy(output.replace("</head>", tags + "</head>", 1))


def on_post_build(config: MkDocsConfig) -> None:
    """Replace MkDocs' sitemap (empty without site_url) and write the Atom feed."""
    site = Path(config.site_dir)
    base = config.site_url or None
    paths = [p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html")]
    paths = ["" if p == "./" else p for p in paths]
    (site / "sitemap.xml").write_text(sitemap(paths, base), encoding="utf-8")
    (site / "sitemap.xml.gz").unlink(missing_ok=True)
    (site / "feed.xml").write_text(atom_feed(registry().documents.values(), base), encoding="utf-8")


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Frame the rendered text: print header, card and actions above, series links below.

    Done on HTML, not Markdown, so the Markdown that other hooks annotate by character
    span stays exactly the page body.
    """
    record = _by_path.get(page.file.src_uri)
    if record is None:
        return html
    meta = record.meta
    here = page.url
    href = get_relative_url(_original_urls[record.id], here)
    number = parse_number(str(meta.get("number") or meta.get("number_printed") or ""))
    header = print_header(meta, party=number is not None and number.style == "party")
    card = metadata_card(meta, quote(href))
    actions = document_actions(standard_citation(meta))
    previous, following = _neighbours.get(record.id, (None, None))
    series = series_nav(
        _neighbour_link(previous, here, files), _neighbour_link(following, here, files), str(meta.get("issuer") or "")
    )
    return f"{header}{card}{actions}{link_items(html)}{series}"


def _neighbour_link(record: DocumentRecord | None, here: str, files: Files) -> tuple[str, str] | None:
    if record is None:
        return None
    label = f"{record.meta.get('number') or 'không số'} — {record.meta.get('subject') or record.meta.get('title')}"
    return get_relative_url(_url(files, record.rel_path), here), label


def _description(meta: dict) -> str:
    """The page's meta description (search engines, link previews): what the document is."""
    return standard_citation(meta) + (f": {meta['subject']}" if meta.get("subject") else "")
