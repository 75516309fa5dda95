"""Machine-readable extras: JSON-LD and Open Graph per page, sitemap.xml, Atom feed.

Search engines and staff tools read metadata from these. Absolute URLs need the public
address of the site (``site_url``, set from KHOVANBAN_SITE_URL when publishing); without
it, the sitemap and feed use site-relative URLs so nothing points at a made-up host.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from html import escape
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from .citing import issuing_body, standard_citation
from .registry import DocumentRecord


def absolute(base: str | None, path: str) -> str:
    """``path`` (site-relative) joined to the public base URL, or "/path" without one."""
    return f"{base.rstrip('/')}/{path.lstrip('/')}" if base else f"/{path.lstrip('/')}"


def json_ld(meta: dict[str, Any], url: str, original_url: str) -> dict[str, Any]:
    """schema.org ``Legislation`` for a directive (the closest type; ELI uses it too)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": meta.get("title"),
        "alternateName": standard_citation(meta),
        "legislationIdentifier": meta.get("number") or meta.get("number_printed"),
        "legislationType": meta.get("type"),
        "inLanguage": "vi",
        "url": url,
        "legislationPassedBy": {"@type": "Organization", "name": issuing_body(meta) or meta.get("issuer")},
    }
    if meta.get("date"):
        data["legislationDate"] = str(meta["date"])
        data["datePublished"] = str(meta["date"])
    if meta.get("place"):
        data["spatialCoverage"] = {"@type": "Place", "name": meta["place"]}
    if meta.get("signer"):
        data["author"] = {"@type": "Person", "name": meta["signer"], "jobTitle": meta.get("signer_position")}
    source = meta.get("source") or {}
    if source:
        data["encoding"] = {
            "@type": "MediaObject",
            "contentUrl": original_url,
            "contentSize": str(source.get("size", "")),
            "sha256": source.get("sha256"),
        }
    return {k: v for k, v in data.items() if v not in (None, "", {})}


def head_tags(meta: dict[str, Any], url: str, original_url: str, description: str) -> str:
    """Open Graph tags and the JSON-LD script for a document page's <head>."""
    ld = json.dumps(json_ld(meta, url, original_url), ensure_ascii=False, sort_keys=True)
    ld = ld.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    tags = [
        ("og:type", "article"),
        ("og:locale", "vi_VN"),
        ("og:site_name", "Kho văn bản"),
        ("og:title", str(meta.get("title") or "")),
        ("og:description", description),
    ]
    if url.startswith("http"):
        tags.append(("og:url", url))
    html = "".join(f'<meta property="{k}" content="{escape(v)}">' for k, v in tags)
    return html + f'<script type="application/ld+json">{ld}</script>'


def sitemap(paths: Iterable[str], base: str | None) -> str:
    """sitemap.xml of every page (site-relative paths, directory style)."""
    entries = "".join(f"<url><loc>{xml_escape(absolute(base, p))}</loc></url>\n" for p in sorted(paths))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entries + "</urlset>\n"
    )


def atom_feed(records: Iterable[DocumentRecord], base: str | None, limit: int = 50) -> str:
    """Atom feed of the most recently archived documents (by the date ingest first saw them)."""
    newest = sorted(
        records, key=lambda r: (str(r.meta.get("archived") or ""), str(r.meta.get("date") or ""), r.id), reverse=True
    )[:limit]
    updated = max((str(r.meta.get("archived") or r.meta.get("date") or "") for r in newest), default="")
    entries = []
    for record in newest:
        meta = record.meta
        when = _timestamp(meta.get("archived") or meta.get("date"))
        link = absolute(base, record.url)
        entries.append(
            "<entry>"
            f"<title>{xml_escape(standard_citation(meta))}</title>"
            f'<link rel="alternate" type="text/html" href="{xml_escape(link)}"/>'
            f"<id>{xml_escape(link if base else 'tag:kho-van-ban,2026:' + record.id)}</id>"
            f"<updated>{when}</updated>"
            f"<summary>{xml_escape(str(meta.get('subject') or meta.get('title') or ''))}</summary>"
            f"<author><name>{xml_escape(str(meta.get('issuer') or 'Kho văn bản'))}</name></author>"
            "</entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">\n'
        "<title>Kho văn bản — văn bản mới lưu trữ</title>\n"
        f'<link rel="self" href="{xml_escape(absolute(base, "feed.xml"))}"/>\n'
        f"<id>{xml_escape(absolute(base, '') if base else 'tag:kho-van-ban,2026:feed')}</id>\n"
        f"<updated>{_timestamp(updated)}</updated>\n" + "".join(entries) + "</feed>\n"
    )


def _timestamp(value: Any) -> str:
    text = str(value or "1970-01-01")
    parts = (text.split("-") + ["01", "01"])[:3]
    year, month, day = (int(p) for p in parts)
    return datetime(year, month, day, tzinfo=UTC).isoformat().replace("+00:00", "Z")
