"""HTML fragments for document pages: the metadata card and redirect pages.

Every value is escaped: metadata comes from originals and hand edits, and is shown as text.
Labels are Vietnamese because readers see them.
"""

from __future__ import annotations

from html import escape
from typing import Any

_PRECISION_NOTE = {"month": "bản gốc để trống ngày", "year": "bản gốc để trống ngày, tháng"}


def display_date(value: Any) -> str:
    """"2023-06-29" -> "29/06/2023"; "2023-07" -> "tháng 07/2023"; "2023" -> "năm 2023"."""
    text = str(value or "")
    parts = text.split("-")
    if len(parts) == 3:
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    if len(parts) == 2:
        return f"tháng {parts[1]}/{parts[0]}"
    return f"năm {text}" if text else ""


def _row(label: str, value: str, css: str = "") -> str:
    klass = f' class="{css}"' if css else ""
    return f"<tr{klass}><th scope=\"row\">{escape(label)}</th><td>{value}</td></tr>"


def _list(values: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(v)}</li>" for v in values) + "</ul>"


def metadata_card(meta: dict[str, Any], source_href: str) -> str:
    """The "thẻ thông tin" shown at the top of a document page."""
    rows: list[str] = []
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
