"""How a document is cited: the standard Vietnamese citation form and series neighbours.

"Công văn số 2234-CV/TU ngày 29/6/2023 của Ban Thường vụ Tỉnh ủy Bắc Giang": type, number,
date (day and month without leading zeros, as running text writes them) and the body that
issued it — the signing body ("T/M Ban Thường vụ") joined to the issuer when it is a part of
it. Staff paste this into their own documents, so it must read as they would write it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from .dates import format_date
from .registry import DocumentRecord
from .vntext import match_key

_AUTHORITY = re.compile(r"^(?:TM\.|T/M|T\.M\.|KT\.|K/T|TL\.|T/L|TUQ\.|Q\.)\s*", re.IGNORECASE)


def citation_date(value: Any) -> str:
    """"2023-06-29" -> "ngày 29/6/2023"; "2023-07" -> "tháng 7/2023"; "2023" -> "năm 2023"."""
    return format_date(value, "ngày {d}/{m}/{y}", "tháng {m}/{y}", "năm {y}")


def issuing_body(meta: dict[str, Any]) -> str:
    """The body named in a citation: "Ban Thường vụ Tỉnh ủy Bắc Giang", or the issuer itself."""
    issuer = str(meta.get("issuer") or "").strip()
    authority = str(meta.get("signing_authority") or "")
    body = _AUTHORITY.sub("", authority).strip()
    if not body or not issuer or match_key(issuer).startswith(match_key(body)):
        return issuer
    # Only collective bodies sign "on behalf of" a committee; a position ("Trưởng ban") is not one.
    if not match_key(body).startswith(("ban ", "đảng đoàn", "ban cán sự", "ủy ban", "đoàn chủ tịch", "thường trực")):
        return issuer
    return f"{body} {issuer}"


def standard_citation(meta: dict[str, Any]) -> str:
    """The citation form staff paste into their own documents."""
    doc_type = str(meta.get("type") or "Văn bản")
    number = meta.get("number")
    parts = [f"{doc_type} số {number}" if number else f"{doc_type} (không số)"]
    date = citation_date(meta.get("date"))
    if date:
        parts.append(date)
    body = issuing_body(meta)
    if body:
        parts.append(f"của {body}")
    return " ".join(parts)


def series_neighbours(records: Iterable[DocumentRecord]) -> dict[str, tuple[DocumentRecord | None, DocumentRecord | None]]:
    """For each document, the previous and next document of the same issuer, by date.

    One sort per issuer: linear in the archive apart from the sorts themselves.
    """
    by_issuer: dict[str, list[DocumentRecord]] = defaultdict(list)
    for record in records:
        by_issuer[str(record.meta.get("issuer") or "")].append(record)
    neighbours: dict[str, tuple[DocumentRecord | None, DocumentRecord | None]] = {}
    for series in by_issuer.values():
        series.sort(key=lambda r: (str(r.meta.get("date") or ""), r.id))
        for index, record in enumerate(series):
            previous = series[index - 1] if index > 0 else None
            following = series[index + 1] if index + 1 < len(series) else None
            neighbours[record.id] = (previous, following)
    return neighbours
