"""Generated browsing pages built from the registry's metadata.

People browse before they search: "what did the Tỉnh ủy issue this year?". Every document
is reachable from the home page in three clicks: home -> a facet index (by issuing body,
type, year, signer) -> one value's table -> the document. Each page is built in one pass
over the documents (grouping, then sorting each group), so the cost stays linear.
"""

from __future__ import annotations

import posixpath
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from typing import Any

from .editions import ACCESS_LABELS
from .identity import document_url, page_path
from .markdown import escape_text
from .registry import DocumentRecord
from .render import display_date
from .tables import load_tables
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


def documents_table(records: Iterable[DocumentRecord], from_dir: str) -> str:
    """A sortable table of documents for the page whose source sits in ``from_dir``.

    Written as a Markdown table whose links point at the documents' Markdown sources, so
    MkDocs turns them into the right URLs in every URL style: directory URLs online,
    plain ``.html`` files in the offline edition.
    """
    rows = []
    for record in records:
        meta = record.meta
        number = escape_text(meta.get("number") or "không số")
        date = str(meta.get("date") or "")
        link = posixpath.relpath(record.rel_path, from_dir or ".")
        cells = (
            f"[{number}]({link})",
            f'<span data-sort="{escape(date)}">{escape(display_date(date))}</span>',
            escape_text(str(meta.get("type") or "")),
            escape_text(str(meta.get("subject") or meta.get("title") or "")),
            escape_text(str(meta.get("issuer") or "")),
            _status(meta),
        )
        rows.append("| " + " | ".join(cells) + " |")
    header = "| Số, ký hiệu | Ngày | Loại | Trích yếu | Cơ quan ban hành | Tình trạng |\n| --- | --- | --- | --- | --- | --- |"
    return '<div class="vb-list" data-sortable markdown>\n\n' + header + "\n" + "\n".join(rows) + "\n\n</div>"


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


def _status(meta: dict) -> str:
    if meta.get("cited_only"):
        return "Chỉ được dẫn chiếu (chưa có trong kho)"
    access = str(meta.get("access") or "public")
    if access == "public":
        return "Có trong kho"
    return f'Có trong kho — <strong class="vb-access">{escape(ACCESS_LABELS.get(access, access))}</strong>'


def _page(title: str, body: str) -> str:
    return f"---\ntitle: {title!r}\n---\n\n# {escape(title)}\n\n{body}\n"


def _value_slug(value: str) -> str:
    return slugify(value) or "khac"


def facet_pages(records: list[DocumentRecord], facet: Facet) -> dict[str, str]:
    """The facet's index page and one page per value: {path under docs/: markdown}."""
    groups: dict[str, list[DocumentRecord]] = defaultdict(list)
    for record in records:
        key = facet.key(record)
        if key is None and facet.slug == "nguoi-ky" and record.meta.get("cited_only"):
            continue  # a citation never names the signer
        groups[key or "Chưa xác định"].append(record)
    pages: dict[str, str] = {}
    slugs: dict[str, str] = {}
    used: set[str] = set()  # a set, not slugs.values(): thousands of signers made this quadratic
    for value, members in groups.items():
        slug = _value_slug(value)
        while slug in used:
            slug += "-1"
        slugs[value] = slug
        used.add(slug)
        directory = f"{LISTING_ROOT}/{facet.slug}/{slug}/"
        table = documents_table(_newest(members), directory)
        pages[f"{directory}index.md"] = _page(f"{facet.column}: {value}", f"{len(members)} văn bản.\n\n{table}")
    ordered = sorted(groups, key=lambda v: fold(v), reverse=facet.newest_first)
    if facet.slug == "co-quan":
        body = _issuers_by_level(groups, slugs)
    else:
        items = [f"- [{escape(v)}]({slugs[v]}/index.md) ({len(groups[v])})" for v in ordered]
        body = "\n".join(items)
    pages[f"{LISTING_ROOT}/{facet.slug}/index.md"] = _page(facet.title, body)
    return pages


def _issuers_by_level(groups: dict[str, list[DocumentRecord]], slugs: dict[str, str]) -> str:
    by_level: dict[str, list[str]] = defaultdict(list)
    for issuer, records in groups.items():
        by_level[str(records[0].meta.get("issuer_level") or "")].append(issuer)
    sections = []
    for level, title in LEVEL_TITLES.items():
        if level not in by_level:
            continue
        items = "\n".join(
            f"- [{escape(v)}]({slugs[v]}/index.md) ({len(groups[v])})" for v in sorted(by_level[level], key=fold)
        )
        sections.append(f"## {title}\n\n{items}")
    return "\n\n".join(sections)


def home_summary(records: list[DocumentRecord], cited: list[DocumentRecord] | None = None, newest: int = 10) -> str:
    """Figures and newest documents for the home page, from metadata only."""
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
        "| Loại văn bản | Số lượng |",
        "| --- | ---: |",
        *[f"| [{escape(t)}](danh-muc/loai/{_value_slug(t)}/index.md) | {n} |" for t, n in types.most_common()],
        "",
        "| Năm | Số lượng |",
        "| --- | ---: |",
        *[f"| [{escape(y)}](danh-muc/nam/{_value_slug(y)}/index.md) | {n} |" for y, n in sorted(years.items(), reverse=True)],
        "",
        "## Xem theo danh mục",
        "",
        *[f"- [{f.title}](danh-muc/{f.slug}/index.md)" for f in FACETS],
        "- [Tất cả văn bản](van-ban/index.md)",
        "",
        "## Văn bản mới nhất",
        "",
        documents_table(_newest(records)[:newest], ""),
    ]
    return "\n".join(lines)


def listing_pages(records: Iterable[DocumentRecord], cited: Iterable[DocumentRecord] = ()) -> dict[str, str]:
    """Every generated browsing page: {path under docs/: markdown}.

    Cited-only documents are listed too, their status saying so, so a reader browsing an
    issuer sees what it issued that the archive knows of, held or not.
    """
    documents = list(records) + list(cited)
    pages: dict[str, str] = {}
    for facet in FACETS:
        pages.update(facet_pages(documents, facet))
    pages["van-ban/index.md"] = _page("Tất cả văn bản", documents_table(_newest(documents), "van-ban/"))
    return pages
