"""Turn the bytes of an original (text, Word, PDF) into Unicode text.

The original is never modified: decoding reads bytes and returns text plus notes on what
was done (encoding detected, BOM dropped, line ends unified), so the page can record it.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .legacy import convert_legacy, decode_8bit
from .vntext import nfc

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")


class DecodeError(ValueError):
    """An original that cannot be read as a document; the message says why and what to do."""


@dataclass
class DecodedText:
    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


def _decode_text_bytes(data: bytes) -> DecodedText:
    notes: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data[3:].decode("utf-8"), "utf-8-sig"
        notes.append("bỏ dấu BOM UTF-8")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = data.decode("utf-16"), "utf-16"
        byte_order = "LE" if data.startswith(b"\xff\xfe") else "BE"
        notes.append(f"giải mã UTF-16 {byte_order} (có BOM)")
    else:
        if b"\x00" in data[:4096]:
            raise DecodeError("tệp nhị phân (có byte NUL), không phải văn bản")
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as error:
            if error.start >= len(data) - 3 and _valid_utf8(data[: error.start]):
                # A file cut off inside its last character: the text before it is intact.
                text, encoding = data[: error.start].decode("utf-8"), "utf-8"
                notes.append("tệp bị cắt cụt giữa một ký tự ở cuối: bỏ phần ký tự không trọn")
            else:  # Windows-1258, or bytes of a TCVN3/VNI font (legacy.py)
                text, encoding, byte_notes = decode_8bit(data)
                notes.extend(byte_notes)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notes.append("chuẩn hóa xuống dòng CRLF")
    composed = nfc(text)
    if composed != text:
        notes.append("chuẩn hóa Unicode NFC (văn bản tổ hợp)")
    decoded = DecodedText(composed, encoding, notes)
    return _convert_legacy(decoded) if encoding.startswith("utf") else decoded


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _convert_legacy(decoded: DecodedText) -> DecodedText:
    """Unicode text that still reads as a legacy font ("Céng hßa") converted; see legacy.py."""
    text, legacy, notes = convert_legacy(decoded.text)
    if legacy is None:
        return decoded
    return DecodedText(text, f"{decoded.encoding}+{legacy}", decoded.notes + notes)


def _docx_text(data: bytes) -> str:
    """Paragraphs and table cells in document order; header tables come out cell by cell."""
    import docx  # python-docx; imported here so text-only work does not pay for it
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    lines.extend(p.text for p in cell.paragraphs)
                    lines.append("")
    return "\n".join(lines)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    return "\n\n".join(pages)


def decode_original(path: Path, data: bytes | None = None) -> DecodedText:
    """Decode the original at ``path`` (its bytes may be passed to avoid a second read)."""
    data = path.read_bytes() if data is None else data
    suffix = path.suffix.lower()
    if not data.strip():
        raise DecodeError("tệp rỗng: không có nội dung để nhập")
    if suffix in (".txt", ".md"):
        return _decode_text_bytes(data)
    if suffix == ".docx":
        try:
            decoded = DecodedText(nfc(_docx_text(data)), "docx", ["trích văn bản từ Word (.docx)"])
        except (zipfile.BadZipFile, KeyError, ValueError) as error:
            raise DecodeError(f"tệp Word hỏng hoặc không phải .docx ({error})") from error
        return _convert_legacy(decoded)
    if suffix == ".pdf":
        try:
            text = _pdf_text(data)
        except Exception as error:  # pypdf raises many types for damaged files
            raise DecodeError(f"tệp PDF hỏng ({type(error).__name__}: {error})") from error
        if not text.strip():
            raise DecodeError("PDF không có lớp chữ (bản quét?): cần nhận dạng ký tự (OCR) trước khi nhập")
        return DecodedText(nfc(text), "pdf", ["trích văn bản từ PDF"])
    raise DecodeError(
        f"định dạng '{suffix}' chưa được hỗ trợ; dùng một trong {', '.join(SUPPORTED_SUFFIXES)}"
    )
