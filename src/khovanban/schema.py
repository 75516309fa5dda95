"""Front-matter schema of a document page, checked at build time.

Every problem names the file, the line of the field and the fix, so a person editing a
page by hand knows exactly what to change. The build stops on any of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from typing import Any

from .fields import LIST_FIELDS, TEXT_FIELDS
from .identity import is_valid_id, page_path

# review: a mark was seen but not read with confidence; held back until a person decides.
ACCESS_LEVELS = ("public", "internal", "review", "secret")
REQUIRED = ("id", "title", "source", "access")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class SchemaProblem:
    path: str
    line: int | None
    field: str
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: trường '{self.field}': {self.message}. Cách sửa: {self.fix}"


def check_date(value: Any) -> str | None:
    """Return a message when ``value`` is not YYYY, YYYY-MM or a real YYYY-MM-DD date."""
    if isinstance(value, Date):
        return None
    match = _DATE.match(str(value))
    if not match:
        return f"'{value}' không đúng dạng YYYY-MM-DD (hoặc YYYY-MM, YYYY khi bản gốc để trống ngày)"
    year, month, day = match.groups()
    try:
        Date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return f"ngày '{value}' không tồn tại"
    return None


def validate_meta(meta: dict[str, Any], rel_path: str, key_lines: dict[str, int]) -> list[SchemaProblem]:
    """Check one page's front matter; ``rel_path`` is relative to docs/."""
    problems: list[SchemaProblem] = []

    def add(field: str, message: str, fix: str) -> None:
        problems.append(SchemaProblem(f"docs/{rel_path}", key_lines.get(field, 1), field, message, fix))

    for field in REQUIRED:
        if meta.get(field) in (None, "", []):
            add(field, "thiếu trường bắt buộc", f"thêm '{field}:' vào phần đầu YAML (hoặc chạy lại ingest)")
    doc_id = meta.get("id")
    if isinstance(doc_id, str):
        if not is_valid_id(doc_id):
            add("id", f"mã '{doc_id}' không hợp lệ", "dùng dạng co-quan/nam/so-ky-hieu, chữ thường không dấu")
        elif page_path(doc_id) != rel_path:
            add("id", f"mã '{doc_id}' không khớp vị trí tệp", f"chuyển tệp tới docs/{page_path(doc_id)} hoặc sửa 'id'")
    elif doc_id is not None:
        add("id", "phải là chuỗi", "viết mã dạng co-quan/nam/so-ky-hieu")
    if meta.get("date") not in (None, ""):
        message = check_date(meta["date"])
        if message:
            add("date", message, "sửa ngày theo bản gốc, ví dụ 2023-06-29")
    precision = meta.get("date_precision")
    if precision not in (None, "day", "month", "year"):
        add("date_precision", f"giá trị '{precision}' không hợp lệ", "dùng day, month hoặc year")
    for field in TEXT_FIELDS:
        value = meta.get(field)
        if value is not None and not isinstance(value, str):
            add(field, f"phải là chuỗi, đang là {type(value).__name__}", "đặt giá trị trong dấu nháy")
    for field in LIST_FIELDS:
        value = meta.get(field)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            add(field, "phải là danh sách chuỗi", "viết mỗi mục trên một dòng bắt đầu bằng '- '")
    access = meta.get("access")
    if access is not None and access not in ACCESS_LEVELS:
        add("access", f"mức '{access}' không hợp lệ", "dùng public, internal, review hoặc secret")
    source = meta.get("source")
    if source is not None:
        if not isinstance(source, dict) or not source.get("file") or not source.get("sha256"):
            add("source", "phải có 'file' và 'sha256' của bản gốc", "chạy lại ingest để điền lại")
        elif ".." in str(source["file"]).split("/") or str(source["file"]).startswith("/"):
            add("source", "đường dẫn bản gốc không được ra ngoài thư mục archive/", "dùng archive/<tên tệp>")
    for alias in meta.get("aliases") or []:
        if isinstance(alias, str) and not is_valid_id(alias):
            add("aliases", f"mã cũ '{alias}' không hợp lệ", "xóa mục này hoặc sửa cho đúng dạng mã")
    return problems
