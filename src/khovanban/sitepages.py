"""The archive's generated pages: what each document and cited document page shows.

Everything a document page holds besides the theme's frame is put together here, free of
MkDocs: the print header, the metadata card, the citation buttons, the body with its
citations linked, the relation sections and cascade, the issuer's previous and next
documents, the search index's markup, and the <head> tags for link previews and schema.org.
The hooks only hand over the build's registry, graph and URL style, and write the result
into a page shell (``shell.py``) or, for comparison, into MkDocs' own page.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import quote

from .citations import LinkSpan, annotate
from .citations.graph import CitationGraph, Node
from .citations.sections import (
    MISSING,
    SECTION_BASIS,
    SECTION_CASCADE,
    SECTION_CITED_BY,
    SECTION_CITES,
    SECTION_IMPLEMENTED_BY,
    cited_page,
    relation_sections,
)
from .citing import standard_citation
from .digests import parts_digest
from .htmlbody import BodyRenderer
from .listing import Listing
from .numbers import parse_number
from .publishing import absolute, head_tags
from .registry import DocumentRecord
from .render import document_actions, link_items, metadata_card, print_header, series_nav
from .search import SearchEntry, document_page_html, printed_number
from .shell import LinkFrame, ShellKey, TocEntry, toc_entries
from .urls import page_url, relative_url

LISTING_TITLE = "\0title:"  # marks a listing page's title among its dependencies (no ID holds a NUL)


@dataclass
class GeneratedPage:
    """One page the archive writes itself. Text fields are HTML, ready to be shown."""

    src_uri: str  # path under docs/ the page stands for ("van-ban/…/2234-cv-tu.md")
    title: str
    content: str
    description: str | None = None
    toc: tuple[TocEntry, ...] = ()
    head: str = ""
    own_heading: bool = False
    document: bool = False  # a document page (archived or cited), for the search index check
    notes: list[str] = field(default_factory=list)  # things the build log should mention

    def shell_key(self, directory_urls: bool, frame: LinkFrame) -> ShellKey:
        folders = frame.folders(page_url(self.src_uri, directory_urls))
        return ShellKey(folders, self.description is not None, self.own_heading, self.toc)


@dataclass
class SiteContext:
    """What page assembly needs to know about this build."""

    graph: CitationGraph
    renderer: BodyRenderer
    directory_urls: bool = True
    site_url: str | None = None
    original_urls: dict[str, str] = field(default_factory=dict)  # document ID -> URL of its original
    neighbours: dict[str, tuple[DocumentRecord | None, DocumentRecord | None]] = field(default_factory=dict)

    def url(self, src_uri: str) -> str:
        return page_url(src_uri, self.directory_urls)


def description(meta: dict[str, Any]) -> str:
    """The page's meta description (search engines, link previews): what the document is."""
    return standard_citation(meta) + (f": {meta['subject']}" if meta.get("subject") else "")


def _section_toc(sections: list[tuple[str, str]]) -> tuple[TocEntry, ...]:
    return tuple((2, anchor, escape(title), ()) for title, anchor in sections)


def _linker(context: SiteContext, here: str) -> Callable[[str], str]:
    """Document ID -> relative URL of its page from the page at ``here``."""
    nodes = context.graph.nodes

    def link(doc_id: str) -> str:
        return relative_url(context.url(nodes[doc_id].path), here)

    return link


def document_page(record: DocumentRecord, context: SiteContext) -> GeneratedPage:
    """An archived document's page."""
    graph, meta = context.graph, record.meta
    here = context.url(record.rel_path)
    link = _linker(context, here)
    body = graph.bodies.get(record.id, record.body)
    spans = []
    for anchor in graph.anchors.get(record.id, []):
        target = graph.nodes[anchor.target]
        spans.append(LinkSpan(anchor.start, anchor.end, link(anchor.target),
                              title=None if target.archived else f"{target.label} ({MISSING})",
                              css="vb-cite" if target.archived else "vb-cite vb-cite-missing"))
    annotated, skipped = annotate(body, spans)
    notes = [f"không gắn liên kết cho trích dẫn ở vị trí {s.start}: có định dạng bên trong" for s in skipped]
    rendered = context.renderer.render(annotated)
    sections, section_toc = relation_sections(graph, record.id, link)
    html = f"{rendered.html}\n{sections}" if rendered.html else sections

    original = context.original_urls.get(record.id, "")
    number = parse_number(str(meta.get("number") or meta.get("number_printed") or ""))
    previous, following = context.neighbours.get(record.id, (None, None))
    card = metadata_card(meta, quote(relative_url(original, here)))
    own_text = card + rendered.html  # what the index derives its extra words from
    framed = (
        print_header(meta, party=number is not None and number.style == "party")
        + card
        + document_actions(standard_citation(meta))
        + link_items(html)
        + series_nav(_neighbour(previous, here, context), _neighbour(following, here, context),
                     str(meta.get("issuer") or ""))
    )
    title = escape(str(meta.get("title") or ""))
    summary = escape(description(meta))
    # The index reads the page's metadata as the theme shows it: title and description escaped.
    shown_meta = {**meta, "title": title, "description": summary}
    content = document_page_html(framed, SearchEntry.from_meta(shown_meta, printed_number(framed)), own_text)
    base = context.site_url or None
    head = head_tags(
        meta,
        absolute(base, here) if base else relative_url(here, here),
        absolute(base, original) if base else relative_url(original, here),
        description(meta),
    )
    toc = toc_entries(rendered.toc) + _section_toc(section_toc)
    return GeneratedPage(record.rel_path, title, content, summary, toc, head,
                         own_heading="<h1" in content, document=True, notes=notes)


def _neighbour(record: DocumentRecord | None, here: str, context: SiteContext) -> tuple[str, str] | None:
    if record is None:
        return None
    label = f"{record.meta.get('number') or 'không số'} — {record.meta.get('subject') or record.meta.get('title')}"
    return relative_url(context.url(record.rel_path), here), label


def cited_document_page(node: Node, context: SiteContext) -> GeneratedPage:
    """The page of a document that is cited but not archived yet."""
    here = context.url(node.path)
    content, sections = cited_page(context.graph, node, _linker(context, here))
    entry = SearchEntry.from_meta({"title": node.label, "vb_missing": True}, printed_number(content))
    own = content[: content.index('<div class="vb-relations"')]
    return GeneratedPage(node.path, escape(node.label), document_page_html(content, entry, own),
                         toc=_section_toc(sections), document=True)


def listing_page(listing: Listing) -> GeneratedPage:
    """A browsing page for one value (an issuer, a signer…); the theme adds its <h1>."""
    return GeneratedPage(listing.src_uri, escape(listing.title), listing.html)


PAGE_MODES = ("shell", "mkdocs")


def pages_mode() -> str:
    """How generated pages are rendered: "shell" (fast, the default) or "mkdocs" (through
    the theme one by one; the reference the shells are tested against). KHOVANBAN_PAGES."""
    mode = os.environ.get("KHOVANBAN_PAGES", "").strip() or "shell"
    if mode not in PAGE_MODES:
        raise ValueError(f"KHOVANBAN_PAGES={mode!r}: chỉ nhận {' hoặc '.join(PAGE_MODES)}")
    return mode


# The relation sections a page can show: the main three always, "cites" and the cascade when
# there is something to show; each combination is one table of contents, so one shell.
_SECTION_SETS = [
    tuple(s for s in (SECTION_BASIS, SECTION_CITES if cites else None, SECTION_IMPLEMENTED_BY, SECTION_CITED_BY,
                      SECTION_CASCADE if cascade else None) if s)
    for cites in (False, True) for cascade in (False, True)
]


@dataclass
class ArchivePages:
    """Every page the archive writes itself in one build, by item: ("document", ID),
    ("cited", ID) or ("listing", index into ``listings``)."""

    context: SiteContext
    documents: dict[str, DocumentRecord]
    listings: list[Listing]
    _reprs: dict[str, str] = field(default_factory=dict, repr=False)  # memo for ``inputs``

    def items(self) -> list[tuple[str, Any]]:
        return ([("document", doc_id) for doc_id in sorted(self.documents)]
                + [("cited", node.id) for node in self.context.graph.cited_only()]
                + [("listing", index) for index, listing in enumerate(self.listings) if not listing.in_nav])

    def source(self, item: tuple[str, Any]) -> str:
        kind, key = item
        if kind == "document":
            return self.documents[key].rel_path
        if kind == "cited":
            return self.context.graph.nodes[key].path
        return self.listings[key].src_uri

    def page(self, item: tuple[str, Any]) -> GeneratedPage:
        kind, key = item
        if kind == "document":
            return document_page(self.documents[key], self.context)
        if kind == "cited":
            return cited_document_page(self.context.graph.nodes[key], self.context)
        return listing_page(self.listings[key])

    def inputs(self, item: tuple[str, Any]) -> bytes:
        """A digest of everything the page of ``item`` is made from, besides what is the same
        for every page of a build (URL style, site URL, shells: the caller adds those).

        Under ``mkdocs serve`` a page whose inputs are unchanged is taken from the previous
        build instead of being made again. Every value ``document_page`` and
        ``cited_document_page`` read is here: the record, the links in its body and their
        targets, its relations with the documents and stating pages they name, its cascade,
        the issuer's previous and next documents, and its original's URL. Extra inputs only
        cost a page made again; a missing one would leave a stale page, and
        ``tests/test_incremental.py`` compares rebuilt sites with fresh ones to catch that.
        """
        kind, key = item
        if kind == "listing":
            listing = self.listings[key]
            return parts_digest(kind, listing.src_uri, listing.title, listing.html)
        graph, node = self.context.graph, self._node
        parts: list[Any] = [kind, key]
        if kind == "document":
            record = self.documents[key]
            previous, following = self.context.neighbours.get(key, (None, None))
            parts += [record.rel_path, record.meta, graph.bodies.get(key, record.body),
                      self.context.original_urls.get(key),
                      [(r.rel_path, r.meta.get("number"), r.meta.get("subject"), r.meta.get("title"))
                       for r in (previous, following) if r is not None]]
            for anchor in graph.anchors.get(key, []):
                parts += [anchor.start, anchor.end, node(anchor.target)]
        else:
            parts.append(node(key))
        for link in graph.outgoing(key) + graph.incoming(key):
            parts += [self._link(link), node(link.source), node(link.target)]
            parts += [node(edge.stated_by) for edge in link.edges if edge.stated_by in graph.nodes]
        stack = list(graph.cascade(key))
        while stack:  # the trees' shape and every member
            tree = stack.pop()
            parts += [tree.id, tree.focus, len(tree.children), node(tree.id)]
            stack.extend(tree.children)
        return parts_digest(*parts)

    def dependencies(self, item: tuple[str, Any]) -> frozenset[str]:
        """The documents the page of ``item`` is made from: itself, what its text links to,
        both ends of its relations and the pages stating them, the issuer's previous and next
        documents, and every member of its cascade. Under ``mkdocs serve`` a page none of whose
        documents changed (``pagechanges.changed_documents``) keeps its inputs without their
        being worked out again. For a listing page: the documents in its table and its title
        (``LISTING_TITLE`` + title), cheap to know, so ``pagechanges.unchanged_pages`` also
        compares them with the last build's (a document that moved in from another page
        changes the page, though none of the documents it had before changed).
        """
        kind, key = item
        if kind == "listing":
            listing = self.listings[key]
            return frozenset((*listing.members, LISTING_TITLE + listing.title))
        graph = self.context.graph
        ids = {key}
        if kind == "document":
            ids.update(record.id for record in self.context.neighbours.get(key, (None, None)) if record is not None)
            ids.update(anchor.target for anchor in graph.anchors.get(key, []))
        outgoing, incoming = graph.links_as_stored(key)
        for _, link in outgoing + incoming:
            ids.update((link.source, link.target))
            ids.update(edge.stated_by for edge in link.edges)
        ids.update(graph.cascade_members(key))
        return frozenset(ids)

    def _node(self, doc_id: str) -> str:
        """A graph node's fields as text, once per build (pages name the same documents often)."""
        shown = self._reprs.get(doc_id)
        if shown is None:
            shown = self._reprs[doc_id] = repr(self.context.graph.nodes[doc_id])
        return shown

    def _link(self, link: Any) -> str:
        key = f"{link.source}\n{link.target}"
        shown = self._reprs.get(key)
        if shown is None:
            shown = self._reprs[key] = repr(link)
        return shown

    def likely_shells(self, items: list[tuple[str, Any]], frame: LinkFrame) -> set[ShellKey]:
        """The shells these pages will almost all need (a page needing another one is
        handled when it comes up)."""
        keys: set[ShellKey] = set()
        seen: set[tuple[str, tuple[str, ...]]] = set()
        for item in items:
            folders = frame.folders(self.context.url(self.source(item)))
            if (item[0], folders) in seen:
                continue
            seen.add((item[0], folders))
            if item[0] == "listing":
                keys.add(ShellKey(folders, False, False, ()))
                continue
            for sections in _SECTION_SETS:
                keys.add(ShellKey(folders, item[0] == "document", False, _section_toc(list(sections))))
        return keys
