"""Access marks: which readers a document may reach.

"MẬT", "TỐI MẬT", "TUYỆT MẬT" mark state secrets, "Lưu hành nội bộ" / "Không phổ biến"
internal circulation; "KHẨN", "HỎA TỐC" are urgency and restrict nothing. Publishing a
marked document on the public site is a serious incident, so detection errs on the side of
holding back: a mark read without diacritics ("TOI MAT") cannot be told from ordinary
words with confidence, and the document goes to review instead of to the public.

A mark is a stamp: a line or layout cell that consists of the mark alone (in brackets or
quotes at most). A word inside a sentence ("bảo vệ bí mật nhà nước") is not a mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .tables import read_data
from .vntext import fold, match_key

ACCESS_ORDER = ("public", "internal", "review", "secret")  # more restrictive to the right
SCAN_HEADER_LINES = 40
SCAN_FOOTER_LINES = 15


@dataclass(frozen=True)
class AccessMark:
    level: str  # public | internal | secret | review
    urgency: str | None = None
    line: int | None = None
    text: str | None = None


@lru_cache(maxsize=1)
def _marks() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    data = read_data("access_marks.yaml")
    access = {match_key(m["mark"]): m["level"] for m in data["access"]}
    urgency = {match_key(m["mark"]): m["name"] for m in data["urgency"]}
    access_folded = {fold(m["mark"]): m["level"] for m in data["access"]}
    urgency_folded = {fold(m["mark"]): m["name"] for m in data["urgency"]}
    return access, urgency, access_folded, urgency_folded


def examples() -> list[dict[str, str]]:
    return list(read_data("access_marks.yaml")["examples"])


def _stamp(cell: str) -> str:
    return re.sub(r"^[\s(\[\"“*_-]+|[\s)\]\"”*_.:-]+$", "", cell)


def _has_diacritics(text: str) -> bool:
    return fold(text) != text.lower().replace("đ", "d")


def read_cell(cell: str) -> AccessMark | None:
    """The mark a single line or cell carries, if it is one."""
    stamp = _stamp(cell)
    if not stamp or len(stamp) > 40:
        return None
    access, urgency, access_folded, urgency_folded = _marks()
    key = match_key(stamp)
    if key in access:
        return AccessMark(access[key], text=stamp)
    if key in urgency:
        return AccessMark("public", urgency=urgency[key], text=stamp)
    folded = fold(stamp)
    if not _has_diacritics(stamp):
        if folded in access_folded:
            return AccessMark("review", text=stamp)  # "TOI MAT": a mark, but unreadable with confidence
        if folded in urgency_folded:
            return AccessMark("public", urgency=urgency_folded[folded], text=stamp)
    return None


def detect_access(lines: list[str]) -> AccessMark:
    """The most restrictive mark in the header and footer of a document (public if none)."""
    level, urgency, where, text = "public", None, None, None
    indexes = list(range(min(SCAN_HEADER_LINES, len(lines))))
    indexes += [i for i in range(max(0, len(lines) - SCAN_FOOTER_LINES), len(lines)) if i not in indexes]
    for index in indexes:
        for cell in re.split(r"\s{3,}|\t", lines[index].strip()):
            mark = read_cell(cell)
            if mark is None:
                continue
            if mark.urgency and urgency is None:
                urgency = mark.urgency
            if ACCESS_ORDER.index(mark.level) > ACCESS_ORDER.index(level):
                level, where, text = mark.level, index + 1, mark.text
    return AccessMark(level, urgency, where, text)
