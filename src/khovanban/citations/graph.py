"""Stage 4: the citation graph of the whole archive, computed once per build.

Nodes are documents, archived (with a page in docs/) or known only from citations; edges are
relations (implements, cites, replaces, amends) with the citation text, file and line they come
from. Backlinks, the per-page sections and the implementation cascade are views computed from
the edges (as in Quartz), never kept as separate state.

Cost: each page is read once (clean → find → relate), resolution groups citations by key in
dictionaries, and the views are adjacency lists built once: linear in pages plus citations.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from ..buildcache import Memo
from ..digests import parts_digest
from ..forkpool import map_chunks
from ..identity import document_url, page_path
from ..tables import CodeTables, load_tables
from .clean import CleanText, clean_text
from .find import Citation, find_citations, find_definitions
from .relations import CITES, IMPLEMENTS, STRENGTH, relate_citations
from .resolve import (
    Mention,
    archived_index,
    key_in_described_context,
    key_mentions,
    link_short_forms,
    most_common,
    page_context,
    resolve_mentions,
)

TREE_LIMIT = 60  # documents shown in one cascade; more would not help a reader
OVERRIDES_KEY = "citation_targets"
IGNORE = "bo-qua"


@dataclass(frozen=True)
class PageSource:
    """One archived page as the graph needs it (``body`` is the Markdown after the front matter)."""

    id: str
    path: str  # relative to docs/
    body: str
    body_line: int  # line of the file where ``body`` starts (1-based)
    meta: dict[str, Any]


@dataclass(slots=True)
class Node:
    """A document in the graph. ``archived`` is False for documents known only from citations."""

    id: str
    archived: bool
    number: str | None
    type: str | None
    issuer: str | None
    issuer_body: str | None = None
    date: str | None = None
    title: str | None = None
    about: str | None = None
    term: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return document_url(self.id)

    @property
    def path(self) -> str:
        return page_path(self.id)

    @property
    def label(self) -> str:
        """How lists show the document: "Kết luận 54-KL/TW", or its title when it has no number."""
        if self.number:
            return f"{self.type} {self.number}" if self.type else self.number
        return f"{self.type or 'Văn bản'} không số ({self.issuer or 'chưa rõ cơ quan'})"


@dataclass(frozen=True, slots=True)
class Edge:
    """One stated relation: ``source`` → ``target`` as written at ``path``:``line``.

    ``stated_by`` is the page whose text says it (for a relation between two cited documents,
    neither end is that page).
    """

    source: str
    target: str
    relation: str
    text: str
    path: str
    line: int | None
    stated_by: str


@dataclass(slots=True)
class Link:
    """A relation between two documents with every place it is stated; ``relation`` is the strongest."""

    source: str
    target: str
    relation: str
    edges: list[Edge] = field(default_factory=list)


@dataclass(frozen=True)
class Unresolved:
    """A citation the resolver declined: where, what, and why (Vietnamese, for the report)."""

    page_id: str
    path: str
    line: int | None
    field: str
    text: str
    reason: str
    label: str = ""  # the citation's own words, the key for citation_targets


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where to put a link on a page: a span of the page's Markdown body and the target."""

    start: int
    end: int
    target: str
    text: str


@dataclass
class CitationGraph:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    anchors: dict[str, list[Anchor]] = field(default_factory=dict)  # page id -> spans in its body
    bodies: dict[str, str] = field(default_factory=dict)  # page id -> the body the anchors index
    display: dict[str, Any] = field(default_factory=dict, repr=False)  # memo for sections.py
    _out: dict[str, dict[str, Link]] = field(default_factory=dict, repr=False)
    _in: dict[str, dict[str, Link]] = field(default_factory=dict, repr=False)
    # Memo: ID -> (what it implements, what implements it). A much-implemented central document
    # has thousands of backlinks, and every cascade through it asked for them again.
    _implementing: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict, repr=False)
    _last_cascade: tuple[tuple[str, int], list[TreeNode], set[str]] | None = field(default=None, repr=False)

    # -- views ----------------------------------------------------------------------------
    def outgoing(self, doc_id: str) -> list[Link]:
        """What ``doc_id`` relates to, one link per target."""
        return sorted(self._out.get(doc_id, {}).values(), key=lambda link: self._order(link.target))

    def incoming(self, doc_id: str) -> list[Link]:
        """What relates to ``doc_id`` (its backlinks), one link per source."""
        return sorted(self._in.get(doc_id, {}).values(), key=lambda link: self._order(link.source))

    def links(self) -> list[Link]:
        """Every link, once."""
        return [link for targets in self._out.values() for link in targets.values()]

    def links_as_stored(self, doc_id: str) -> tuple[list[tuple[str, Link]], list[tuple[str, Link]]]:
        """``doc_id``'s outgoing and incoming links in the order they are kept, which is the
        order a cascade walks them: two builds whose lists are equal give ``doc_id`` the same
        relations and the same place in every cascade (``pagechanges`` compares them)."""
        return list(self._out.get(doc_id, {}).items()), list(self._in.get(doc_id, {}).items())

    def _order(self, doc_id: str) -> tuple[str, str]:
        node = self.nodes.get(doc_id)
        return (node.date or "" if node else "", doc_id)

    def cited_only(self) -> list[Node]:
        return [node for node in self.nodes.values() if not node.archived]

    def cascade(self, doc_id: str, limit: int = TREE_LIMIT) -> list[TreeNode]:
        """The implementation cascade through ``doc_id`` as trees from its root documents.

        Only documents on a line through ``doc_id`` (what it implements, recursively, and what
        implements it) are shown; a direct edge that a longer path already shows is left out,
        so "99-QĐ/TW ← 54-KL/TW ← 2234-CV/TU ← letter" reads as one chain. The last answer is
        kept: a page's inputs and the page itself ask for the same cascade one after the other.
        """
        last = self._last_cascade
        if last is None or last[0] != (doc_id, limit):
            members = self._members(doc_id, limit)
            last = self._last_cascade = ((doc_id, limit), self._cascade(doc_id, members), members)
        return last[1]

    def cascade_members(self, doc_id: str, limit: int = TREE_LIMIT) -> set[str]:
        """Every document the cascade through ``doc_id`` is worked out from, shown or not: its
        cascade can change only if one of them, or one of their links, does."""
        self.cascade(doc_id, limit)
        return self._last_cascade[2]  # type: ignore[index]

    def _members(self, doc_id: str, limit: int) -> set[str]:
        """What ``doc_id`` implements, recursively, and what implements it (``limit`` each way)."""
        return self._reach(doc_id, self._implements_out, limit) | self._reach(doc_id, self._implements_in, limit) \
            | {doc_id}

    def _cascade(self, doc_id: str, members: set[str]) -> list[TreeNode]:
        if len(members) < 2:
            return []
        children: dict[str, list[str]] = defaultdict(list)
        for member in members:
            children[member] = [source for source in self._implements_in(member) if source in members]
        reach: dict[str, set[str]] = {}

        def below(node: str) -> set[str]:
            if node not in reach:
                reach[node] = set()
                for child in children.get(node, []):
                    reach[node] |= {child} | below(child)
            return reach[node]

        for parent, kids in children.items():
            kids_below = {kid: below(kid) for kid in kids}
            children[parent] = sorted(
                (k for k in kids if not any(k in kids_below[o] for o in kids if o != k)),
                key=lambda k: self._order(k),
            )
        has_parent = {kid for kids in children.values() for kid in kids}
        roots = sorted((m for m in members if m not in has_parent), key=self._order) or [doc_id]

        def build(node: str, seen: frozenset[str]) -> TreeNode:
            return TreeNode(node, node == doc_id,
                            [build(c, seen | {c}) for c in children.get(node, []) if c not in seen])

        return [build(root, frozenset({root})) for root in roots]

    def _implements_out(self, doc_id: str) -> list[str]:
        return self._implementation(doc_id)[0]

    def _implements_in(self, doc_id: str) -> list[str]:
        return self._implementation(doc_id)[1]

    def _implementation(self, doc_id: str) -> tuple[list[str], list[str]]:
        memo = self._implementing.get(doc_id)
        if memo is None:
            memo = self._implementing[doc_id] = (
                [t for t, link in self._out.get(doc_id, {}).items() if link.relation == IMPLEMENTS],
                [s for s, link in self._in.get(doc_id, {}).items() if link.relation == IMPLEMENTS],
            )
        return memo

    def forget_views(self) -> None:
        """Drop memoised views; call after changing nodes or links."""
        self._implementing.clear()
        self._last_cascade = None
        self.display.clear()

    @staticmethod
    def _reach(start: str, step: Any, limit: int) -> set[str]:
        seen: set[str] = set()
        frontier = [start]
        while frontier and len(seen) < limit:
            node = frontier.pop()
            for nxt in step(node):
                if nxt not in seen and nxt != start:
                    seen.add(nxt)
                    frontier.append(nxt)
        return seen

    def _add_link(self, edge: Edge) -> None:
        if self._implementing:
            self._implementing.clear()
        self._last_cascade = None
        link = self._out.setdefault(edge.source, {}).get(edge.target)
        if link is None:
            link = Link(edge.source, edge.target, edge.relation)
            self._out[edge.source][edge.target] = link
            self._in.setdefault(edge.target, {})[edge.source] = link
        elif STRENGTH[edge.relation] > STRENGTH[link.relation]:
            link.relation = edge.relation
        link.edges.append(edge)


@dataclass
class TreeNode:
    id: str
    focus: bool
    children: list[TreeNode]


def page_sources(records: Iterable[Any]) -> list[PageSource]:
    """PageSources from registry records (``registry.DocumentRecord``: id, rel_path, body, meta)."""
    return [PageSource(r.id, r.rel_path, r.body, r.body_line, r.meta) for r in records]


class _LineIndex:
    """Line numbers of offsets in a page body, by binary search over newline positions."""

    def __init__(self, text: str, first_line: int) -> None:
        self.newlines = [match.start() for match in re.finditer("\n", text)]
        self.first_line = first_line

    def line(self, offset: int) -> int:
        return self.first_line + bisect_right(self.newlines, offset - 1)


# Digest of a text -> its citations and the relations it states (frozen records). A rebuild
# under ``mkdocs serve`` finds citations again only in the texts that changed.
_found_in: dict[tuple[bytes, bool], tuple[list[Citation], Any, CodeTables]] = {}
_FOUND_LIMIT = 500_000


def _found(text: str, subject: bool, tables: CodeTables) -> tuple[list[Citation], Any]:
    key = (hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest(), subject)
    cached = _found_in.get(key)
    if cached is None or cached[2] is not tables:
        if len(_found_in) > _FOUND_LIMIT:
            _found_in.clear()
        citations = find_citations(text, tables)
        cached = _found_in[key] = (citations, relate_citations(text, citations, subject=subject), tables)
    return cached[0], cached[1]


PARALLEL_FROM = 2000  # pages; below this, starting workers costs more than it saves
PAGES_PER_TASK = 500

PageReading = tuple[list[Mention], list[tuple[Mention, Mention, str, str]], list[tuple[Mention, int, int]] | None]

# Digest of everything the page stage reads of a page -> its mentions after that stage (keyed
# and linked to their short forms, not yet resolved) and the tables they were made with. A
# rebuild under ``mkdocs serve`` copies them instead of reading every page again (the graph of
# 10,000 pages, all known: 7.6 s -> 2.2 s); copied because resolution fills them in.
_read_pages: dict[bytes, tuple[PageReading, CodeTables]] = {}
_MENTION_FIELDS = tuple(f.name for f in fields(Mention))
# The archived documents' index entries by their fields (``archived_index``), kept like
# ``_read_pages`` for a rebuild under serve, with the tables they were made with.
_kept_index_entries: dict[str, Any] = {}


def _page_key(page: PageSource) -> bytes:
    """What ``_page_mentions`` reads of a page: its place, body, subject and units."""
    return parts_digest(page.id, page.path, page.body_line, page.body, page.meta.get("subject"),
                        page.meta.get("province"), page_context(page.meta))


def _copied(reading: PageReading) -> PageReading:
    """A page's mentions, stated relations and spans as new objects (antecedents included)."""
    mentions, stated, spans = reading
    twins: dict[int, Mention] = {}
    for mention in mentions:
        twin = Mention.__new__(Mention)
        for name in _MENTION_FIELDS:
            setattr(twin, name, getattr(mention, name))
        twins[id(mention)] = twin
    for twin in twins.values():
        if twin.antecedent is not None:
            twin.antecedent = twins.get(id(twin.antecedent), twin.antecedent)
    return (
        [twins[id(m)] for m in mentions],
        [(twins[id(a)], twins[id(b)], relation, text) for a, b, relation, text in stated],
        None if spans is None else [(twins[id(m)], start, end) for m, start, end in spans],
    )


def _mentions_chunk(pages: list[PageSource], tables: CodeTables) -> list[Any]:
    """Mentions of each page of a chunk. On a worker, what it found in new texts is handed back
    (the records are shared with the mentions, so this costs little) and kept by the parent."""
    known = set(_found_in)
    result = [_page_mentions(page, tables) for page in pages]
    fresh = {key: value[:2] for key, value in _found_in.items() if key not in known}
    if multiprocessing.parent_process() is not None:
        return _Found(result, fresh)
    return result


class _Found(list):  # type: ignore[type-arg]
    """A worker's chunk of mentions and the texts it found them in (merged into the cache on arrival)."""

    def __init__(self, items: list[Any], fresh: dict[tuple[bytes, bool], Any]) -> None:
        super().__init__(items)
        self.fresh = fresh

    def __reduce__(self) -> tuple[Any, ...]:
        return (_arrive, (list(self), self.fresh))


def _arrive(items: list[Any], fresh: dict[tuple[bytes, bool], Any]) -> list[Any]:
    """Unpickled in the parent: keep what the worker found, for the next rebuild under serve."""
    tables = load_tables()
    for key, (citations, relations) in fresh.items():
        _found_in.setdefault(key, (citations, relations, tables))
    return items


def _indexed_body(page: PageSource) -> str:
    """The body as anchors index it (computed again by the parent: no need to send it back)."""
    return page.body.lstrip("\n")


def _page_mentions(page: PageSource, tables: CodeTables) -> tuple[
    list[Mention], list[tuple[Mention, Mention, str, str]], list[tuple[Mention, int, int]] | None
]:
    """One page's mentions (body, then subject), the relations its text states between them,
    and the Markdown span of each body mention in ``_indexed_body(page)``."""
    body = _indexed_body(page)
    first_line = page.body_line + len(page.body) - len(body)
    clean = clean_text(body)
    lines = _LineIndex(body, first_line)
    province = page.meta.get("province")
    context = page_context(page.meta)
    earlier: dict[str, list[Mention]] = {}  # numbers the page named an issuer for, by number
    texts: list[tuple[str, str, CleanText | None]] = [("body", clean.text, clean)]
    if page.meta.get("subject"):
        texts.append(("subject", str(page.meta["subject"]), None))
    mentions: list[Mention] = []
    stated: list[tuple[Mention, Mention, str, str]] = []
    spans = None
    for field_name, text, source in texts:
        citations, relations = _found(text, field_name == "subject", tables)
        own = [
            Mention(page.id, page.path, field_name, index, citation,
                    lines.line(source.source_offset(citation.start)) if source else None,
                    province, relations.page[index], context, quote=_quote(text, citation))
            for index, citation in enumerate(citations)
        ]
        key_mentions(own, tables, earlier)
        link_short_forms(own, find_definitions(text))
        mentions.extend(own)
        stated.extend((own[s.source], own[s.target], s.relation, s.text) for s in relations.stated)
        if source is not None:
            spans = [(m, *source.source_span(m.citation.start, m.citation.end)) for m in own]
    return mentions, stated, spans


def build_citation_graph(
    pages: Iterable[PageSource], aliases: Iterable[str] = (), tables: CodeTables | None = None,
    processes: int = 1, remember: bool = True, memo: Memo | None = None,
) -> CitationGraph:
    """Find, relate and resolve the citations of every page; return the graph.

    With ``processes`` > 1, pages are read on forked workers; the graph is the same. With
    ``remember``, what each page yielded is kept for the next build in this process (a
    rebuild under ``mkdocs serve``); a one-off build need not pay for the copies. ``memo``
    holds what earlier builds read (``khovanban.buildcache``; keyed like ``_read_pages``) and
    receives what this build reads; without ``remember``, its entries are used up here.
    """
    if tables is not None and tables is not load_tables():
        memo = None  # the cache holds readings made with the package's own tables
    tables = tables or load_tables()
    pages = list(pages)
    graph = CitationGraph()
    mentions: list[Mention] = []
    stated: list[tuple[Mention, Mention, str, str]] = []
    # Per page, each body mention with the span of the Markdown it shows in: mapped now, so the
    # cleaned text need not be kept for every page until the targets are known.
    spans: dict[str, list[tuple[Mention, int, int]]] = {}
    # Finding is per page and most of the cost: on worker processes for a large archive.
    # A rebuild (mkdocs serve) whose texts are nearly all known finds little: the workers would
    # spend more on sending mentions back (10 s at 10,000 pages) than the parent on making them (7 s).
    # Pages read before (same text, place and units, same tables) are copied from the last build.
    keys = [_page_key(page) for page in pages]
    if len(_read_pages) > _FOUND_LIMIT:
        _read_pages.clear()
    readings: list[PageReading | None] = []
    for key in keys:
        known = _read_pages.get(key)
        if known is not None and known[1] is tables:
            readings.append(_copied(known[0]))
            if memo is not None:
                memo.touch(key)
            continue
        stored = memo.get(key) if memo is not None else None
        if stored is not None and remember:
            _read_pages[key] = (stored, tables)
            stored = _copied(stored)
        readings.append(stored)  # a one-off build resolves the stored reading itself (no copy)
    todo = [page for page, reading in zip(pages, readings) if reading is None]
    warm = len(_found_in) >= len(todo)
    found = map_chunks(lambda chunk: _mentions_chunk(chunk, tables), todo,
                       processes if len(todo) >= PARALLEL_FROM and not warm else 1, chunk=PAGES_PER_TASK)
    fresh = iter(item for part in found for item in part)
    for index, reading in enumerate(readings):
        if reading is None:
            readings[index] = reading = next(fresh)
            if remember:
                _read_pages[keys[index]] = (_copied(reading), tables)
            if memo is not None:
                memo.add(keys[index], reading)
    if memo is not None:
        memo.flush()  # before resolution fills the mentions in: the cache keeps them as read
    for page, (own, own_stated, own_spans) in zip(pages, readings):  # type: ignore[misc]
        mentions.extend(own)
        stated.extend(own_stated)
        if own_spans is not None:
            spans[page.id] = own_spans
        graph.bodies[page.id] = _indexed_body(page)  # the page's own string when nothing is stripped
    _apply_overrides(mentions, {page.id: page.meta.get(OVERRIDES_KEY) for page in pages})
    if remember and _kept_index_entries.get("tables") is not tables:
        _kept_index_entries.clear()
        _kept_index_entries["tables"] = tables
    entries = _kept_index_entries.setdefault("entries", {}) if remember else None
    if entries is not None and len(entries) > _FOUND_LIMIT:
        entries.clear()
    archived = archived_index(((page.id, page.meta) for page in pages), tables, entries)
    # A citation inside another's description ("… về thực hiện …") comes after it in the text.
    described = [(a, b) if a.index < b.index else (b, a) for a, b, _, _ in stated]
    key_in_described_context(described, archived, {page.id: page.meta for page in pages}, tables)
    resolution = resolve_mentions(mentions, archived, {page.id for page in pages} | set(aliases))

    for page in pages:
        graph.nodes[page.id] = _archived_node(page)
    for cited in resolution.cited.values():
        graph.nodes[cited.id] = _cited_node(cited.id, cited.year, cited.issuer.name, cited.mentions)

    for mention in mentions:
        if mention.override is not None:
            _overridden(mention, graph)
        if mention.override == IGNORE:
            continue
        if mention.target is None:
            graph.unresolved.append(
                Unresolved(mention.page_id, mention.path, mention.line, mention.where,
                           mention.quote, mention.problem or "không xác định được văn bản",
                           mention.citation.label)
            )
        elif not mention.is_self:
            graph.edges.append(
                Edge(mention.page_id, mention.target, mention.relation, mention.quote,
                     mention.path, mention.line, mention.page_id)
            )
    for subject, obj, relation, text in stated:
        if subject.target and obj.target and subject.target != obj.target:
            graph.edges.append(
                Edge(subject.target, obj.target, relation, text, subject.path, subject.line, subject.page_id)
            )
    for edge in graph.edges:
        graph._add_link(edge)
    for page_id, placed in spans.items():
        graph.anchors[page_id] = [
            Anchor(start, end, m.target, m.citation.label)
            for m, start, end in placed
            if m.target is not None and not m.is_self
        ]
    return graph


def _apply_overrides(mentions: list[Mention], overrides: dict[str, Any]) -> None:
    """Staff decisions from a page's front matter: ``citation_targets: {"<citation>": <ID>}``.

    The value is a document ID, or "bo-qua" for words that only look like a citation. Such a
    mention takes no part in resolution, so it cannot pull a wrong document into the graph.
    """
    for mention in mentions:
        table = overrides.get(mention.page_id)
        if not isinstance(table, dict):
            continue
        choice = table.get(mention.citation.label)
        if choice is None and mention.antecedent is not None:
            choice = table.get(mention.antecedent.citation.label)
        if isinstance(choice, str):
            mention.override = choice.strip()
            mention.key = None
            mention.antecedent = None
            mention.problem = None


def _overridden(mention: Mention, graph: CitationGraph) -> None:
    if mention.override == IGNORE:
        mention.target = None
    elif mention.override in graph.nodes:
        mention.target = mention.override
    else:
        mention.target = None
        mention.problem = f"{OVERRIDES_KEY} chỉ tới mã '{mention.override}', không có văn bản nào mang mã này"


def _quote(text: str, citation: Citation) -> str:
    """The citation as printed, with what the sentence says right after it (date, issuer, term):
    "Kết luận số 54-KL/TW ngày 09/5/2023 của Ban Bí thư"."""
    return " ".join(text[citation.start : max(citation.end, citation.desc_end)].split())


def _archived_node(page: PageSource) -> Node:
    meta = page.meta
    return Node(
        id=page.id,
        archived=True,
        number=meta.get("number"),
        type=meta.get("type"),
        issuer=meta.get("issuer"),
        date=str(meta["date"]) if meta.get("date") else None,
        title=meta.get("subject") or meta.get("title"),
    )


def _cited_node(doc_id: str, year: int | None, issuer: str, mentions: list[Mention]) -> Node:
    citations = [m.citation for m in mentions]
    full = [c for c in citations if c.kind == "full" and c.number is not None]
    clean_numbers = [c.number.canonical for c in full if c.number and not c.number.corrections]
    dates = [c.date.iso() for c in citations if c.date and (year is None or c.date.year == year)]
    notes = sorted({note for c in citations for note in c.notes})
    distinct_dates = sorted({d for d in dates if len(d) == 10})
    if len(distinct_dates) > 1:
        notes.append("các trích dẫn ghi ngày khác nhau: " + ", ".join(distinct_dates))
    date = most_common(d for d in dates if len(d) == 10) or most_common(dates) or (str(year) if year else None)
    return Node(
        id=doc_id,
        archived=False,
        number=most_common(clean_numbers) or most_common(c.number.canonical for c in full if c.number),
        type=most_common(c.doc_type for c in citations),
        issuer=issuer,
        issuer_body=most_common(c.issuer.body or c.issuer.text for c in citations if c.issuer),
        date=date,
        title=most_common(c.title for c in citations),
        about=most_common(c.about for c in citations),
        term=most_common(c.term for c in citations),
        notes=tuple(notes),
    )


__all__ = [
    "CITES",
    "IMPLEMENTS",
    "Anchor",
    "CitationGraph",
    "Edge",
    "Link",
    "Node",
    "PageSource",
    "TreeNode",
    "Unresolved",
    "build_citation_graph",
    "page_sources",
]
