"""HTML fragments for document pages: the metadata card and redirect pages.

Every value is escaped: metadata comes from originals and hand edits, and is shown as text.
Labels are Vietnamese because readers see them.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from .dates import format_date
from .editions import ACCESS_LABELS

_PRECISION_NOTE = {"month": "bản gốc để trống ngày", "year": "bản gốc để trống ngày, tháng"}


def display_date(value: Any) -> str:
    """"2023-06-29" -> "29/06/2023"; "2023-07" -> "tháng 07/2023"; "2023" -> "năm 2023"."""
    return format_date(value, "{dd}/{mm}/{y}", "tháng {mm}/{y}", "năm {y}")


def _row(label: str, value: str, css: str = "") -> str:
    klass = f' class="{css}"' if css else ""
    return f"<tr{klass}><th scope=\"row\">{escape(label)}</th><td>{value}</td></tr>"


def _list(values: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(v)}</li>" for v in values) + "</ul>"


def metadata_card(meta: dict[str, Any], source_href: str) -> str:
    """The "thẻ thông tin" shown at the top of a document page."""
    rows: list[str] = []
    access = str(meta.get("access") or "public")
    if access != "public":
        rows.append(_row("Mức độ", f'<strong class="vb-access">{escape(ACCESS_LABELS.get(access, access))}</strong>',
                         "vb-access-row"))
    if meta.get("urgency"):
        rows.append(_row("Độ khẩn", f"<strong>{escape(str(meta['urgency']))}</strong>"))
    number = meta.get("number")
    rows.append(
        _row("Số, ký hiệu", f'<span class="vb-number">{escape(number)}</span>' if number else
             f'<em>không số</em> ({escape(meta.get("number_printed") or "")})')
    )
    if meta.get("type"):
        rows.append(_row("Loại văn bản", escape(meta["type"])))
    issuer = escape(meta.get("issuer") or "chưa rõ")
    if meta.get("issuer_parent"):
        issuer += f' <span class="vb-parent">(trực thuộc {escape(meta["issuer_parent"])})</span>'
    rows.append(_row("Cơ quan ban hành", issuer))
    if meta.get("date"):
        date = escape(display_date(meta["date"]))
        note = _PRECISION_NOTE.get(meta.get("date_precision") or "")
        if note:
            date += f' <span class="vb-note">({escape(note)})</span>'
        place = escape(meta.get("place") or "")
        rows.append(_row("Ngày ban hành", f"{date}{' — ' + place if place else ''}"))
    if meta.get("subject"):
        rows.append(_row("Trích yếu", escape(meta["subject"])))
    if meta.get("recipients"):
        rows.append(_row("Kính gửi", _list(meta["recipients"])))
    signer = " ".join(
        escape(v) for v in (meta.get("signing_authority"), meta.get("signer_position")) if v
    )
    if meta.get("signer") or signer:
        rows.append(_row("Người ký", f"<strong>{escape(meta.get('signer') or 'chưa rõ')}</strong>"
                         + (f" — {signer}" if signer else "")))
    if meta.get("distribution"):
        rows.append(_row("Nơi nhận", _list(meta["distribution"])))
    source = meta.get("source") or {}
    if source:
        size = source.get("size")
        size_text = f"{size / 1024:.1f} KB" if isinstance(size, int) else ""
        rows.append(
            _row(
                "Bản gốc",
                f'<a href="{escape(source_href)}" download>{escape(str(source.get("file", "")).split("/")[-1])}</a> '
                f'<span class="vb-note">{escape(size_text)}</span><br>'
                f'<code class="vb-sha">SHA-256 {escape(str(source.get("sha256", "")))}</code>',
            )
        )
    flags = meta.get("flags") or []
    if flags:
        notes = "".join(f"<li>{escape(str(f.get('message', f)))}</li>" for f in flags if isinstance(f, dict))
        rows.append(_row("Cần lưu ý", f"<ul>{notes}</ul>", "vb-flags"))
    return '<table class="vb-card"><tbody>' + "".join(rows) + "</tbody></table>"


def redirect_page(target: str, title: str) -> str:
    """A small page that sends readers of a retired URL to the document's current URL."""
    t = escape(target)
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        f'<title>{escape(title)}</title><meta http-equiv="refresh" content="0; url={t}">'
        f'<link rel="canonical" href="{t}"><meta name="robots" content="noindex"></head>'
        f'<body><p>Văn bản đã chuyển tới <a href="{t}">{t}</a>.</p></body></html>'
    )


def document_actions(citation: str) -> str:
    """Buttons to copy the standard citation and the page's link (cite.js makes them work)."""
    return (
        '<div class="vb-actions" data-pagefind-ignore="all">'
        f'<button type="button" class="md-button vb-copy" data-copy-text="{escape(citation)}">'
        "Sao chép trích dẫn</button> "
        '<button type="button" class="md-button vb-copy" data-copy-link="">Sao chép liên kết</button>'
        f'<p class="vb-citation">{escape(citation)}</p></div>'
    )


_ITEM_PARAGRAPH = re.compile(r'<p(?P<attrs>[^>]*\bid="(?P<id>muc-[a-z0-9-]+)"[^>]*)>(?P<body>.*?)</p>', re.DOTALL)


def link_items(html: str) -> str:
    """Give every numbered item a visible link to itself ("#muc-3") that readers can copy."""

    def add(match: re.Match[str]) -> str:
        anchor = match.group("id")
        label = anchor.removeprefix("muc-").replace("-", ".")
        link = (
            f'<a class="vb-anchor" href="#{anchor}" data-copy-link="#{anchor}" '
            f'title="Liên kết tới mục {escape(label)} (bấm để sao chép)" aria-label="Liên kết tới mục {escape(label)}">§</a>'
        )
        return f"<p{match.group('attrs')}>{match.group('body')} {link}</p>"

    return _ITEM_PARAGRAPH.sub(add, html)


def series_nav(previous: tuple[str, str] | None, following: tuple[str, str] | None, issuer: str) -> str:
    """Links to the previous and next document of the same issuer; each is (href, label)."""
    if not previous and not following:
        return ""
    parts = ['<nav class="vb-series" aria-label="Văn bản cùng cơ quan ban hành" data-pagefind-ignore="all">',
             f"<p>Văn bản khác của {escape(issuer)}:</p><ul>"]
    if previous:
        parts.append(f'<li>← Trước: <a href="{escape(previous[0])}">{escape(previous[1])}</a></li>')
    if following:
        parts.append(f'<li>Sau: <a href="{escape(following[0])}">{escape(following[1])}</a> →</li>')
    parts.append("</ul></nav>")
    return "".join(parts)


PARTY_MOTTO = ("ĐẢNG CỘNG SẢN VIỆT NAM",)
STATE_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def print_header(meta: dict[str, Any], party: bool) -> str:
    """The official header block, shown only in print: issuer and number left, motto and date right."""
    left = []
    parent = str(meta.get("issuer_parent") or "")
    # Central bodies above a provincial committee or union are not printed in its header.
    if parent and not parent.startswith(("Ban Chấp hành Trung ương", "Tổng Liên đoàn")):
        left.append(f'<div class="vb-ph-parent">{escape(str(meta["issuer_parent"]).upper())}</div>')
    left.append(f'<div class="vb-ph-issuer">{escape(str(meta.get("issuer") or "").upper())}</div>')
    if party:
        left.append('<div class="vb-ph-star">*</div>')
    number = meta.get("number") or meta.get("number_printed") or ""
    left.append(f'<div class="vb-ph-number">Số {escape(str(number))}</div>')
    if str(meta.get("type") or "") == "Công văn" and meta.get("subject"):
        left.append(f'<div class="vb-ph-subject">{escape(str(meta["subject"]))}</div>')
    motto = PARTY_MOTTO if party else STATE_MOTTO
    right = [f'<div class="vb-ph-motto">{escape(line)}</div>' for line in motto]
    place_date = f"{meta.get('place') or ''}, {_long_date(meta.get('date'))}".strip(", ")
    right.append(f'<div class="vb-ph-date"><em>{escape(place_date)}</em></div>')
    title = ""
    if str(meta.get("type") or "") not in ("", "Công văn"):
        title = (
            f'<div class="vb-ph-type">{escape(str(meta["type"]).upper())}</div>'
            f'<div class="vb-ph-title">{escape(str(meta.get("subject") or ""))}</div>'
        )
    recipients = ""
    if meta.get("recipients"):
        items = "".join(f"<li>{escape(r)}</li>" for r in meta["recipients"])
        recipients = f'<div class="vb-ph-recipients">Kính gửi:<ul>{items}</ul></div>'
    return (
        '<div class="vb-print-header" aria-hidden="true" data-pagefind-ignore="all">'
        f'<div class="vb-ph-left">{"".join(left)}</div><div class="vb-ph-right">{"".join(right)}</div>'
        f"</div>{title}{recipients}"
    )


def _long_date(value: Any) -> str:
    """As printed under the motto; a blank day stays blank, as in the original."""
    return format_date(value, "ngày {dd} tháng {mm} năm {y}", "ngày    tháng {mm} năm {y}", "năm {y}")
