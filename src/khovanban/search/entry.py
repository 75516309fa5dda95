"""What the search index knows about one document page, taken from its front matter.

Archived documents and generated pages for documents that are only cited (``archived:
false``) go through the same code, so a reader can filter on "trong kho" / "chỉ được dẫn
chiếu" and a number query finds a cited document's own page first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..vntext import nfc

# Filter names are ASCII keys (stable in URLs and code); search.js shows Vietnamese labels.
FILTER_TYPE = "loai"
FILTER_ISSUER = "co_quan"
FILTER_YEAR = "nam"
FILTER_SIGNER = "nguoi_ky"
FILTER_STATUS = "trang_thai"
STATUS_ARCHIVED = "trong kho"
STATUS_CITED = "chỉ được dẫn chiếu"
SORT_DATE = "date"
NO_NUMBER = "không số"
UNDATED = "0000"  # sorts before every real date


def _text(meta: Mapping[str, Any], key: str) -> str:
    value = meta.get(key)
    return nfc(str(value)).strip() if value not in (None, "") else ""


def display_date(iso: str) -> str:
    """"2023-06-29" -> "29/06/2023"; "2023-07" -> "07/2023"; "2023" -> "2023" (Vietnamese order)."""
    parts = iso.split("-")
    return "/".join(reversed(parts)) if iso else ""


@dataclass(frozen=True)
class SearchEntry:
    """The searchable facts of one document page; every value is plain text (escape on output)."""

    title: str
    number: str
    number_printed: str
    doc_type: str
    issuer: str
    date: str  # ISO: YYYY, YYYY-MM or YYYY-MM-DD; "" when unknown
    signer: str
    archived: bool

    @classmethod
    def from_meta(cls, meta: Mapping[str, Any], printed_number: str = "") -> SearchEntry:
        """Read a page's front matter. A page without ``archived`` is an archived document.

        ``printed_number`` is the number as the page shows it, used when the front matter
        has none (a generated page for a cited document may carry it only in its card).
        A cited-only page says ``archived: false`` (``vb_missing: true`` is read the same).
        """
        return cls(
            title=_text(meta, "title") or _text(meta, "subject"),
            number=_text(meta, "number") or nfc(printed_number).strip(),
            number_printed=_text(meta, "number_printed"),
            doc_type=_text(meta, "type"),
            issuer=_text(meta, "issuer"),
            # YAML reads an unquoted 2023-06-29 as a date; str() gives the ISO form back.
            date=_text(meta, "date"),
            signer=_text(meta, "signer"),
            archived=meta.get("archived", True) is not False and meta.get("vb_missing") is not True,
        )

    @property
    def year(self) -> str:
        return self.date[:4] if self.date[:4].isdigit() else ""

    @property
    def status(self) -> str:
        return STATUS_ARCHIVED if self.archived else STATUS_CITED

    def filters(self) -> dict[str, str]:
        """Filter name -> value; a missing value is left out (the page is then not in that facet)."""
        values = {
            FILTER_TYPE: self.doc_type,
            FILTER_ISSUER: self.issuer,
            FILTER_YEAR: self.year,
            FILTER_SIGNER: self.signer,
            FILTER_STATUS: self.status,
        }
        return {name: value for name, value in values.items() if value}

    def meta(self) -> dict[str, str]:
        """What a result shows: title, number, type, issuer, date (dd/mm/yyyy), status."""
        values = {
            "title": self.title,
            "number": self.number or NO_NUMBER,
            "type": self.doc_type,
            "issuer": self.issuer,
            "date": display_date(self.date),
            "status": self.status,
        }
        return {name: value for name, value in values.items() if value}

    def sort(self) -> dict[str, str]:
        """Sort keys: ISO dates compare correctly as text (a month-only date sorts first in its month).

        Every page gets one: Pagefind drops pages without the key from a sorted search, and
        an undated page must still be listed (last when newest come first).
        """
        return {SORT_DATE: self.date or UNDATED}
