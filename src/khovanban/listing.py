"""Generated browsing pages built from the registry's metadata.

People browse before they search: "what did the Tỉnh ủy issue this year?". Every document
is reachable from the home page in three clicks: home -> a facet index (by issuing body,
type, year, signer) -> one value's table -> the document. Each page is built in one pass
over the documents (grouping, then sorting each group), so the cost stays linear.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from typing import Any

from .editions import ACCESS_LABELS
from .identity import document_url, page_path
from .registry import DocumentRecord
from .render import display_date
from .tables import load_tables
from .urls import relative_url
from .vntext import fold, slugify

LISTING_ROOT = "danh-muc"

LEVEL_TITLES = {
    "trung-uong": "Trung ương",
    "tinh": "Cấp tỉnh",
    "huyen": "Cấp huyện",
    "co-so": "Cấp cơ sở",
    "": "Chưa xác định cấp",
}


@dataclass(frozen=True)
class Facet:
    """One way of browsing: a key per document and titles for the pages."""

    slug: str
    title: str
    column: str
    key: Callable[[DocumentRecord], str | None]
    newest_first: bool = False


def _year(record: DocumentRecord) -> str | None:
    date = record.meta.get("date")
    return str(date)[:4] if date else None


FACETS = (
    Facet("co-quan", "Theo cơ quan ban hành", "Cơ quan ban hành", lambda r: r.meta.get("issuer")),
    Facet("loai", "Theo loại văn bản", "Loại văn bản", lambda r: r.meta.get("type")),
    Facet("nam", "Theo năm ban hành", "Năm", _year, newest_first=True),
    Facet("nguoi-ky", "Theo người ký", "Người ký", lambda r: r.meta.get("signer")),
)


def _date_key(record: DocumentRecord) -> str:
    return str(record.meta.get("date") or "")


def _newest(records: Iterable[DocumentRecord]) -> list[DocumentRecord]:
    return sorted(records, key=lambda r: (_date_key(r), r.id), reverse=True)


UrlOf = Callable[[str], str]  # page source path under docs/ -> the page's site-relative URL


RowMemo = dict[tuple[int, str], str]  # (id of a record, its link) -> its row, within one build's listings
RowValues = tuple[Any, ...]


def _row_values(record: DocumentRecord) -> RowValues:
    """Everything a document's row shows, with the page it links to: the row is made from
    these alone, so they also key tables kept from one build to the next (``TableMemo``)."""
    meta = record.meta
    return (record.rel_path, meta.get("number"), meta.get("date"), meta.get("type"),
            meta.get("subject") or meta.get("title"), meta.get("issuer"), meta.get("cited_only"),
            meta.get("access"))


class TableMemo:
    """Document tables made by the last build, for the next one in the same process.

    Under ``mkdocs serve`` an edit changes the rows of one document: the other 6,000 tables of a
    10,000-document archive come back as they were (0.6 s of each rebuild before). Keyed by the
    page and every row's values, never by object identity, so a table is reused only when it
    would be made the same. Each distinct row's values get a number once per build (a
    document has a row in five tables), and a table's key holds those numbers: hashing the
    values of every row of every table cost more than the tables it saved. Tables and
    numbers not used by a build are dropped at the next one.
    """

    def __init__(self) -> None:
        self._last: dict[tuple[str, tuple[int, ...]], str] = {}
        self._now: dict[tuple[str, tuple[int, ...]], str] = {}
        self._numbers_last: dict[RowValues, int] = {}
        self._numbers_now: dict[RowValues, int] = {}
        self._records: dict[int, tuple[DocumentRecord, int]] = {}  # id -> (record, number), this build
        self._counter = itertools.count()

    def next_build(self) -> None:
        """Start a build: what the last one did not use is forgotten."""
        self._last, self._now = self._now, {}
        self._numbers_last, self._numbers_now = self._numbers_now, {}
        self._records = {}

    def _number(self, record: DocumentRecord) -> int:
        """The number of the record's row values (the same number in every build that has them)."""
        known = self._records.get(id(record))
        if known is not None and known[0] is record:
            return known[1]
        values = _row_values(record)
        number = self._numbers_now.get(values)
        if number is None:
            number = self._numbers_last.get(values)
            if number is None:
                number = next(self._counter)
            self._numbers_now[values] = number
        self._records[id(record)] = (record, number)
        return number

    def table(self, records: list[DocumentRecord], here: str, make: Callable[[], str]) -> str:
        """The table of ``records`` on the page at ``here``: kept, or ``make()``."""
        try:
            key = (here, tuple(self._number(record) for record in records))
        except TypeError:  # a value YAML gave as a list or mapping: made each time
            return make()
        table = self._now.get(key)
        if table is None:
            table = self._last.get(key)
            if table is None:
                table = make()
            self._now[key] = table
        return table


def documents_table(records: Iterable[DocumentRecord], here: str, url_of: UrlOf, memo: RowMemo | None = None) -> str:
    """A sortable HTML table of documents for the page at URL ``here``.

    HTML, not a Markdown table: the list of all documents has a row per document, and
    Python-Markdown took seconds over it. Links are relative, in the build's URL style.
    With ``memo`` (records that stay alive while it is used), a row made for another page
    at the same relative link is used again: every document has a row on five pages.
    """
    rows = []
    for record in records:
        rel_path, number, date, kind, subject, issuer, cited_only, access = _row_values(record)
        link = escape(relative_url(url_of(rel_path), here))
        if memo is not None:
            row = memo.get((id(record), link))
            if row is not None:
                rows.append(row)
                continue
        date = str(date or "")
        cells = (
            f'<a href="{link}">{escape(str(number or "không số"))}</a>',
            f'<span data-sort="{escape(date)}">{escape(display_date(date))}</span>',
            escape(str(kind or "")),
            escape(str(subject or "")),
            escape(str(issuer or "")),
            _status(cited_only, access),
        )
        row = "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"
        if memo is not None:
            memo[(id(record), link)] = row
        rows.append(row)
    header = "".join(f"<th>{name}</th>" for name in _COLUMNS)
    return (f'<div class="vb-list" data-sortable>\n<table>\n<thead>\n<tr>{header}</tr>\n</thead>\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody>\n</table>\n</div>")


_COLUMNS = ("Số, ký hiệu", "Ngày", "Loại", "Trích yếu", "Cơ quan ban hành", "Tình trạng")


@dataclass
class Listing:
    """A browsing page: Markdown (headings, link lists) and HTML (the table) after it.

    Pages in the navigation are MkDocs pages (``markdown`` first, ``html`` appended to what
    it renders); the pages for one value are written by the archive, from ``html`` alone.
    ``blocks`` maps each placeholder in ``markdown`` to the HTML put in its place once
    Markdown has rendered the page: long link lists (an index of 3,000 signers) cost
    Python-Markdown's HTML parser most of a second, at every build, to pass through unchanged.
    """

    src_uri: str
    title: str
    markdown: str = ""
    html: str = ""
    in_nav: bool = False
    blocks: dict[str, str] = field(default_factory=dict)
    members: tuple[str, ...] = ()  # IDs of the documents in the table (pages for one value)

    def filled(self, rendered: str) -> str:
        """``rendered`` (this page's Markdown as HTML) with its placeholders filled in."""
        for placeholder, block in self.blocks.items():
            rendered = rendered.replace(placeholder, block, 1)
        return rendered


def _placeholder(blocks: dict[str, str], html: str) -> str:
    """A line of raw HTML standing for ``html`` in a page's Markdown (``Listing.blocks``)."""
    placeholder = f'<div data-vb-block="{len(blocks)}"></div>'
    blocks[placeholder] = html
    return placeholder


def cited_records(nodes: Iterable[Any]) -> list[DocumentRecord]:
    """Cited-but-not-archived documents (citation graph nodes) as rows for the listings."""
    records = []
    for node in nodes:
        meta = {
            "number": node.number,
            "type": node.type,
            "issuer": node.issuer,
            "issuer_level": issuer_level(node.issuer or ""),
            "date": node.date,
            "subject": node.title or node.about or node.label,
            "access": "public",
            "cited_only": True,
        }
        records.append(DocumentRecord(node.id, document_url(node.id), page_path(node.id), meta))
    return records


def issuer_level(name: str) -> str | None:
    """Level of an issuer from its name and the issuer table's name templates.

    "Ban Chấp hành Trung ương Đảng" → trung-uong; "Tỉnh ủy Lai Châu" matches "Tỉnh ủy {province}"
    → tinh. Used for cited documents, whose page carries no level of its own.
    """
    for issuer in load_tables().issuers:
        for template in (issuer.name, issuer.alt_name):
            if not template or not issuer.level:
                continue
            prefix, _, _ = template.partition("{province}")
            if (name == template) or ("{province}" in template and prefix and name.startswith(prefix)):
                return issuer.level
    return None


def _status(cited_only: Any, access: Any) -> str:
    if cited_only:
        return "Chỉ được dẫn chiếu (chưa có trong kho)"
    access = str(access or "public")
    if access == "public":
        return "Có trong kho"
    return f'Có trong kho — <strong class="vb-access">{escape(ACCESS_LABELS.get(access, access))}</strong>'


def _page_markdown(title: str, body: str) -> str:
    return f"---\ntitle: {title!r}\n---\n\n# {escape(title)}\n\n{body}\n"


@lru_cache(maxsize=1 << 16)
def _value_slug(value: str) -> str:
    """The URL slug of a facet value (cached: 6,000 values at 10,000 documents, at every rebuild)."""
    return slugify(value) or "khac"


def facet_pages(records: list[DocumentRecord], facet: Facet, url_of: UrlOf, memo: RowMemo | None = None,
                tables: TableMemo | None = None) -> list[Listing]:
    """The facet's index page and one page per value (tables kept in ``tables`` reused)."""
    groups: dict[str, list[DocumentRecord]] = defaultdict(list)
    for record in records:
        key = facet.key(record)
        if key is None and facet.slug == "nguoi-ky" and record.meta.get("cited_only"):
            continue  # a citation never names the signer
        groups[key or "Chưa xác định"].append(record)
    pages: list[Listing] = []
    links: dict[str, str] = {}
    used: set[str] = set()  # a set, not a scan of the slugs so far: thousands of signers made that quadratic
    index_uri = f"{LISTING_ROOT}/{facet.slug}/index.md"
    for value, members in groups.items():
        slug = _value_slug(value)
        while slug in used:
            slug += "-1"
        used.add(slug)
        src_uri = f"{LISTING_ROOT}/{facet.slug}/{slug}/index.md"
        links[value] = escape(relative_url(url_of(src_uri), url_of(index_uri)))
        ordered_members, here = _newest(members), url_of(src_uri)

        def make(rows: list[DocumentRecord] = ordered_members, page: str = here) -> str:
            return documents_table(rows, page, url_of, memo)

        table = tables.table(ordered_members, here, make) if tables is not None else make()
        pages.append(Listing(src_uri, f"{facet.column}: {value}", html=f"<p>{len(members)} văn bản.</p>\n{table}",
                             members=tuple(record.id for record in ordered_members)))
    ordered = sorted(groups, key=lambda v: fold(v), reverse=facet.newest_first)
    blocks: dict[str, str] = {}
    if facet.slug == "co-quan":
        body = _issuers_by_level(groups, links, blocks)
    else:
        body = _placeholder(blocks, _link_list((v, links[v], len(groups[v])) for v in ordered))
    pages.append(Listing(index_uri, facet.title, markdown=_page_markdown(facet.title, body), in_nav=True,
                         blocks=blocks))
    return pages


def _link_list(entries: Iterable[tuple[str, str, int]]) -> str:
    """A list of (value, escaped relative link, count) as an HTML block inside Markdown.

    HTML, because the links point at pages MkDocs does not know (the archive writes them).
    """
    items = "\n".join(f'<li><a href="{link}">{escape(value)}</a> ({count})</li>' for value, link, count in entries)
    return f"<ul>\n{items}\n</ul>"


def _issuers_by_level(groups: dict[str, list[DocumentRecord]], links: dict[str, str],
                      blocks: dict[str, str]) -> str:
    by_level: dict[str, list[str]] = defaultdict(list)
    for issuer, records in groups.items():
        by_level[str(records[0].meta.get("issuer_level") or "")].append(issuer)
    sections = []
    for level, title in LEVEL_TITLES.items():
        if level not in by_level:
            continue
        items = _link_list((v, links[v], len(groups[v])) for v in sorted(by_level[level], key=fold))
        sections.append(f"## {title}\n\n{_placeholder(blocks, items)}")
    return "\n\n".join(sections)


def _count_table(column: str, rows: list[tuple[str, str, int]]) -> str:
    """A two-column table (value with its link, count) as an HTML block inside Markdown."""
    body = "\n".join(f'<tr><td><a href="{escape(link)}">{escape(value)}</a></td><td style="text-align: right;">{count}</td></tr>'
                     for value, link, count in rows)
    return (f"<table>\n<thead>\n<tr><th>{column}</th><th style=\"text-align: right;\">Số lượng</th></tr>\n</thead>\n"
            f"<tbody>\n{body}\n</tbody>\n</table>")


def home_summary(records: list[DocumentRecord], cited: list[DocumentRecord] | None, url_of: UrlOf,
                 newest: int = 10) -> tuple[str, str]:
    """Figures and newest documents for the home page, from metadata only: (Markdown, HTML)."""
    here = url_of("index.md")

    def value_link(facet: str, value: str) -> str:
        return relative_url(url_of(f"{LISTING_ROOT}/{facet}/{_value_slug(value)}/index.md"), here)

    types = Counter(r.meta.get("type") or "Chưa xác định" for r in records)
    years = Counter(_year(r) or "Chưa rõ" for r in records)
    issuers = {r.meta.get("issuer") for r in records}
    cited_line = (
        f" Các văn bản này dẫn chiếu thêm **{len(cited)}** văn bản chưa có trong kho (có trang riêng, ghi rõ)."
        if cited else ""
    )
    lines = [
        f"Kho hiện có **{len(records)}** văn bản của **{len(issuers)}** cơ quan ban hành.{cited_line}",
        "",
        _count_table("Loại văn bản", [(t, value_link("loai", t), n) for t, n in types.most_common()]),
        "",
        _count_table("Năm", [(y, value_link("nam", y), n) for y, n in sorted(years.items(), reverse=True)]),
        "",
        "## Xem theo danh mục",
        "",
        *[f"- [{f.title}](danh-muc/{f.slug}/index.md)" for f in FACETS],
        "- [Tất cả văn bản](van-ban/index.md)",
        "",
        "## Văn bản mới nhất",
    ]
    return "\n".join(lines), documents_table(_newest(records)[:newest], here, url_of)


def listing_pages(records: Iterable[DocumentRecord], cited: Iterable[DocumentRecord], url_of: UrlOf,
                  tables: TableMemo | None = None) -> list[Listing]:
    """Every generated browsing page.

    Cited-only documents are listed too, their status saying so, so a reader browsing an
    issuer sees what it issued that the archive knows of, held or not. With ``tables`` (a
    rebuild in the same process), tables whose rows did not change are taken from it.
    """
    if tables is not None:
        tables.next_build()
    documents = list(records) + list(cited)
    pages: list[Listing] = []
    memo: RowMemo = {}
    for facet in FACETS:
        pages.extend(facet_pages(documents, facet, url_of, memo, tables))
    everything, newest = "van-ban/index.md", _newest(documents)
    here = url_of(everything)

    def make() -> str:
        return documents_table(newest, here, url_of)

    pages.append(Listing(everything, "Tất cả văn bản", markdown=_page_markdown("Tất cả văn bản", ""),
                         html=tables.table(newest, here, make) if tables is not None else make(), in_nav=True))
    return pages
