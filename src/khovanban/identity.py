"""Canonical identity of a document and the URL derived from it.

Identity is a pure function of (issuer, year, number): state documents are numbered afresh
each calendar year and Party documents each committee term, so a number alone repeats;
two bodies may use the same number, so the issuer is part of it. The ID is readable and
ASCII: ``tinh-uy-bac-giang/2023/2234-cv-tu``; its URL is ``van-ban/<id>/``.

Unnumbered documents (drafts with "Số:  /KH-MTTQ") get ``khong-so-<symbol>-<sha8>``, where
sha8 is the start of the original's checksum: stable for as long as the original is.
"""

from __future__ import annotations

import re

from .numbers import DocumentNumber
from .vntext import slugify

UNKNOWN_ISSUER = "chua-ro-co-quan"
UNKNOWN_YEAR = "khong-ro-nam"
URL_PREFIX = "van-ban"
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*/(?:\d{4}|khong-ro-nam)/[a-z0-9]+(?:-[a-z0-9]+)*$")


def issuer_slug(issuer: str | None) -> str:
    return slugify(issuer) if issuer else UNKNOWN_ISSUER


def document_id(
    issuer: str | None, year: int | None, number: DocumentNumber | None, source_sha256: str | None = None
) -> str:
    """The canonical ID. ``source_sha256`` is needed only for unnumbered documents."""
    year_part = f"{year:04d}" if year else UNKNOWN_YEAR
    if number is not None and number.number:
        local = number.slug
    else:
        if not source_sha256:
            raise ValueError("an unnumbered document needs its source checksum for a stable ID")
        symbol = slugify(number.symbol) if number is not None else ""
        local = "-".join(p for p in ("khong-so", symbol, source_sha256[:8]) if p)
    return f"{issuer_slug(issuer)}/{year_part}/{local}"


def is_valid_id(doc_id: str) -> bool:
    """True for a well-formed ID: three ASCII slug parts, no "..", no leading "/"."""
    return bool(ID_PATTERN.match(doc_id))


def document_url(doc_id: str) -> str:
    """Site-relative URL of a document page (directory style, ending in "/")."""
    return f"{URL_PREFIX}/{doc_id}/"


def page_path(doc_id: str) -> str:
    """Path of the page under ``docs/``: ``van-ban/<id>.md``."""
    return f"{URL_PREFIX}/{doc_id}.md"
