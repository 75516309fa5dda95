"""Read and write document pages: YAML front matter between "---" lines, then Markdown.

Reading keeps the line of every front-matter key, so validation errors can name
"file:line". Writing is deterministic (fixed key order, UTF-8, NFC) so a re-ingest that
changes nothing leaves the file byte-for-byte the same and git shows no diff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .fields import FIELD_ORDER


class PageError(ValueError):
    """A page that cannot be read; ``line`` is 1-based within the file."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = str(path), line, message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type[PageError], tuple[str, int | None, str]]:
        # Pages are read on worker processes: the error must cross back intact.
        return (PageError, (self.path, self.line, self.message))


@dataclass
class Page:
    meta: dict[str, Any]
    body: str
    key_lines: dict[str, int] = field(default_factory=dict)


# libyaml's C emitter when PyYAML was built with it: the pure-Python emitter was half of
# ingest's time (9 of 16 s at 1,000 documents). Both write the same bytes for every page of
# the seed archive and of a 10,000-document synthetic one; they differ only in how they quote
# characters no document contains (astral-plane symbols, U+0085, U+2028), and both read back
# to the same values (tests/test_ingest.py checks).
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[misc,valid-type]
    pass


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def split_front_matter(text: str, path: Path | str = "<page>") -> tuple[str, str, int]:
    """Return (yaml text, body, line number where the body starts)."""
    if not text.startswith("---\n"):
        raise PageError(path, 1, "trang thiếu phần đầu YAML: dòng đầu tiên phải là '---'")
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            raise PageError(path, 1, "phần đầu YAML không có dòng '---' đóng lại")
    front = text[4 : end + 1]
    body = text[end + 5 :]
    return front, body, front.count("\n") + 3


# libyaml's C loader when PyYAML was built with it: parsing front matter is the largest
# per-page cost of a build at 10,000 documents.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.MULTILINE)


def parse_page(text: str, path: Path | str = "<page>") -> Page:
    """Parse a page; malformed YAML raises ``PageError`` with the line of the problem."""
    front, body, _ = split_front_matter(text, path)
    try:
        meta = yaml.load(front, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        raise PageError(path, line, f"YAML sai cú pháp: {getattr(error, 'problem', error)}") from error
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise PageError(path, 2, "phần đầu YAML phải là các cặp 'khóa: giá trị'")
    # Line of each top-level key (file line = front-matter line + 1 for the opening "---").
    key_lines = {m.group(1): front.count("\n", 0, m.start()) + 2 for m in _TOP_LEVEL_KEY.finditer(front)}
    return Page(meta=meta, body=body, key_lines=key_lines)


def read_page(path: Path) -> Page:
    return parse_page(path.read_text(encoding="utf-8"), path)


def render_page(meta: dict[str, Any], body: str) -> str:
    """Serialise a page with keys in ``FIELD_ORDER``; empty values are kept (shown as null)."""
    ordered: dict[str, Any] = {key: meta[key] for key in FIELD_ORDER if key in meta}
    for key in sorted(k for k in meta if k not in ordered):
        ordered[key] = meta[key]
    front = yaml.dump(ordered, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{front}---\n\n{body.lstrip()}"


def write_page(path: Path, meta: dict[str, Any], body: str) -> bool:
    """Write the page if its content changed; return True when the file was written."""
    text = render_page(meta, body)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".md.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True
