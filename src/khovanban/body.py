"""The body of a document: clean lines into paragraphs and addressable numbered items.

Cleaning never changes wording. It re-joins paragraphs that a page break or a hard line
wrap split mid-sentence, drops page numbers and stray OCR marks (each removal recorded
with its line), and recognises numbered items ("1-", "1.", "I.", "2.1.", "a)") so each
gets a stable anchor ("muc-2-1") that staff can link to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import quantiles

# Item markers at the start of a paragraph.
_ITEM = re.compile(
    r"^(?P<marker>(?P<roman>[IVXLC]{1,6})[.\-]|(?P<dotted>\d{1,2}(?:\.\d{1,2})+)[.\-)]?|"
    r"(?P<num>\d{1,2})[.\-)]|(?P<letter>[a-zđ])\))\s+\S"
)
_TERMINAL = tuple(".;:!?…)]”\"'»/")
# A word that cannot end a sentence: a paragraph ending in one was cut.
_CONNECTIVES = frozenset(
    ["của", "và", "các", "với", "về", "theo", "cho", "trong", "là", "số", "ngày", "tại", "để", "được", "đã", "có", "những", "từ", "đến", "hoặc", "cùng", "do", "nhằm", "trên", "dưới", "như", "khi", "mà", "thì", "vào", "ra", "bằng", "giữa", "sau", "trước"]
)
PAGE_NUMBER = re.compile(r"^\s*[-–]?\s*\d{1,3}\s*[-–]?\s*$")
_OCR_MARK = re.compile(r"\s+\*[A-Za-z]\*\s*$")
_SEPARATOR = re.compile(r"^\s*[-_*=.]{3,}\s*$")


@dataclass(frozen=True)
class RemovedMark:
    """Something cleaning removed, kept so the page can say what and where."""

    line: int
    text: str
    reason: str


@dataclass
class Block:
    """A paragraph of the body; items carry their marker and a stable anchor."""

    text: str
    line: int
    marker: str | None = None
    anchor: str | None = None


@dataclass
class CleanBody:
    blocks: list[Block] = field(default_factory=list)
    removed: list[RemovedMark] = field(default_factory=list)


def strip_ocr_mark(text: str) -> str:
    """Drop a stray OCR mark at the end of a line ("Lưu: VP, TG-NC *Q*")."""
    return _OCR_MARK.sub("", text)


def _is_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _starts_new_paragraph(text: str) -> bool:
    return bool(_ITEM.match(text)) or text[:1] in "-+•–*" or _is_heading(text)


def _wrap_width(lines: list[str]) -> float:
    """Typical full-line length: hard-wrapped text (PDF, e-mail) fills lines to about this."""
    lengths = [len(line) for line in lines if len(line) > 20]
    if len(lengths) < 8:
        return float("inf")
    return quantiles(lengths, n=10)[7]


def _continues(previous: str, current: str, wrap_width: float) -> bool:
    """Does ``current`` continue the paragraph ``previous`` (split by a break or a wrap)?"""
    if not previous or previous.rstrip().endswith(_TERMINAL) or _starts_new_paragraph(current):
        return False
    if _is_heading(previous):
        return False
    last_word = previous.rstrip().rsplit(" ", 1)[-1].lower()
    first = current.lstrip()[:1]
    return first.islower() or last_word in _CONNECTIVES or len(previous) >= 0.85 * wrap_width


def clean_body(lines: list[tuple[int, str]], taken: set[str] | None = None) -> CleanBody:
    """Turn numbered source lines into blocks; ``lines`` are (1-based line number, text).
    Anchors in ``taken`` (those of an earlier part of the page) are not given again."""
    result = CleanBody()
    kept: list[tuple[int, str]] = []
    for number, raw in lines:
        text = raw.strip()
        if PAGE_NUMBER.match(text) and text.strip("-– "):
            result.removed.append(RemovedMark(number, text, "số trang"))
            continue
        if _SEPARATOR.match(text):
            result.removed.append(RemovedMark(number, text, "đường kẻ trang trí"))
            continue
        mark = _OCR_MARK.search(text)
        if mark:
            result.removed.append(RemovedMark(number, mark.group(0).strip(), "ký tự rác do nhận dạng (OCR)"))
            text = text[: mark.start()]
        kept.append((number, text))

    wrap_width = _wrap_width([text for _, text in kept])
    paragraphs: list[Block] = []
    for number, text in kept:
        if not text:
            continue
        if paragraphs and _continues(paragraphs[-1].text, text, wrap_width):
            paragraphs[-1].text = paragraphs[-1].text.rstrip() + " " + text
        else:
            paragraphs.append(Block(text=text, line=number))
    result.blocks = paragraphs
    assign_anchors(result.blocks, taken)
    return result


def _roman_value(roman: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    previous = 0
    for char in reversed(roman):
        value = values[char]
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total or None


def assign_anchors(blocks: list[Block], taken: set[str] | None = None) -> None:
    """Give each numbered item an anchor from its place in the numbering.

    "I." -> "muc-i"; "1." under it -> "muc-i-1"; "2.1." -> "muc-2-1" (or "muc-i-2-1");
    "a)" under "1." -> "muc-1-a". Anchors repeat only if the numbering does; repeats get
    a suffix so every anchor on a page is unique.
    """
    roman: str | None = None
    number: str | None = None
    dotted: str | None = None
    used: set[str] = set(taken or ())
    for block in blocks:
        match = _ITEM.match(block.text)
        if not match:
            continue
        block.marker = match.group("marker")
        if match.group("roman") and _roman_value(match.group("roman")):
            roman, number, dotted = match.group("roman").lower(), None, None
            path = [roman]
        elif match.group("dotted"):
            dotted = match.group("dotted")
            number = dotted.split(".")[0]
            path = ([roman] if roman else []) + dotted.split(".")
        elif match.group("num"):
            number, dotted = match.group("num"), None
            path = ([roman] if roman else []) + [number]
        else:
            parent = dotted.split(".") if dotted else ([number] if number else [])
            path = ([roman] if roman else []) + parent + [match.group("letter").replace("đ", "dd")]
        anchor = "muc-" + "-".join(path)
        candidate, suffix = anchor, 2
        while candidate in used:
            candidate, suffix = f"{anchor}-{suffix}", suffix + 1
        used.add(candidate)
        block.anchor = candidate
