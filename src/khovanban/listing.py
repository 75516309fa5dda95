"""Generated listing pages (Markdown) built from the registry's metadata."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from .registry import DocumentRecord
from .render import display_date


def _sort_key(record: DocumentRecord) -> tuple[str, str]:
    return (str(record.meta.get("date") or ""), record.id)


def document_list_markdown(records: Iterable[DocumentRecord]) -> str:
    """The "Danh sách văn bản" page: every archived document, newest first, as a table."""
    rows = []
    for record in sorted(records, key=_sort_key, reverse=True):
        meta = record.meta
        link = record.rel_path.removeprefix("van-ban/")
        number = escape(meta.get("number") or "không số")
        rows.append(
            f'<tr><td><a href="{escape(link.removesuffix(".md"))}/">{number}</a></td>'
            f"<td>{escape(display_date(meta.get('date')))}</td>"
            f"<td>{escape(meta.get('type') or '')}</td>"
            f"<td>{escape(meta.get('issuer') or '')}</td>"
            f"<td>{escape(meta.get('subject') or meta.get('title') or '')}</td></tr>"
        )
    table = (
        '<table class="vb-list"><thead><tr><th>Số, ký hiệu</th><th>Ngày</th><th>Loại</th>'
        "<th>Cơ quan ban hành</th><th>Trích yếu</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )
    return f"---\ntitle: Danh sách văn bản\n---\n\n# Danh sách văn bản\n\n{table}\n"
