"""The registry: every document page's metadata, loaded once per build.

The hooks, the citation graph and the listings all read documents through this, so each
page's front matter is parsed and validated exactly once per build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .buildcache import Memo
from .forkpool import map_chunks
from .identity import URL_PREFIX, document_url
from .pages import PageError, parse_page
from .schema import SchemaProblem, validate_meta


@dataclass
class DocumentRecord:
    """One archived document: its ID, URL, page path (relative to docs/) and metadata."""

    id: str
    url: str
    rel_path: str
    meta: dict[str, Any]
    body: str = ""
    body_line: int = 1


@dataclass
class Registry:
    documents: dict[str, DocumentRecord] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # old id -> current id
    problems: list[SchemaProblem | PageError] = field(default_factory=list)

    def by_path(self) -> dict[str, DocumentRecord]:
        return {record.rel_path: record for record in self.documents.values()}


def is_document_path(rel_path: str) -> bool:
    return rel_path.startswith(f"{URL_PREFIX}/") and rel_path.endswith(".md")


# (path, digest of the text) -> what reading that page gave: a rebuild under ``mkdocs serve``
# reads only the pages that changed. Reset when it grows past the archive it serves. The body
# is kept as its offset in the text (the text is at hand whenever the entry is used).
_parsed: dict[tuple[str, bytes], tuple[Any, ...]] = {}
_PARSED_LIMIT = 400_000


def _read(rel_path: str, text: str) -> tuple[Any, ...]:
    """One page read and checked: (meta, offset of the body, body_line, key_lines, problems)."""
    try:
        page = parse_page(text, f"docs/{rel_path}")
    except PageError as error:
        return None, len(text), 1, {}, [error]
    problems = validate_meta(page.meta, rel_path, page.key_lines)
    body_start = len(text) - len(page.body)
    return page.meta, body_start, text[:body_start].count("\n") + 1, page.key_lines, problems


def _read_chunk(chunk: Sequence[tuple[str, str]]) -> list[tuple[Any, ...]]:
    return [_read(rel_path, text) for rel_path, text in chunk]


def build_registry(pages: Iterable[tuple[str, str]], processes: int = 1, memo: Memo | None = None) -> Registry:
    """Build the registry from (path relative to docs/, page text) pairs.

    With ``processes`` > 1 the pages are parsed on forked workers (YAML front matter is most
    of the cost); the registry is the same whatever the count, in the same order. ``memo``
    holds pages read by earlier builds (``khovanban.buildcache``); pages read now that have
    no problem are added to it.
    """
    registry = Registry()
    pages = list(pages)
    keys = [(rel_path, hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()) for rel_path, text in pages]
    if len(_parsed) > _PARSED_LIMIT:
        _parsed.clear()
    todo = []
    for index, key in enumerate(keys):
        if key not in _parsed:
            stored = memo.get(key) if memo is not None else None
            if stored is not None:
                _parsed[key] = stored
            else:
                todo.append(index)
        elif memo is not None:
            memo.touch(key)
    fresh = [result for part in map_chunks(_read_chunk, [pages[i] for i in todo], processes) for result in part]
    for index, result in zip(todo, fresh):
        _parsed[keys[index]] = result
        if memo is not None and not result[4]:
            memo.add(keys[index], result)
    for (rel_path, text), key in zip(pages, keys):
        meta, body_start, body_line, key_lines, problems = _parsed[key]
        if problems:
            registry.problems.extend(problems)
            continue
        doc_id = meta["id"]
        if doc_id in registry.documents:
            other = registry.documents[doc_id].rel_path
            registry.problems.append(
                SchemaProblem(f"docs/{rel_path}", key_lines.get("id"), "id", f"trùng mã với docs/{other}",
                              "mỗi văn bản một mã: sửa 'id' (và vị trí tệp) của một trong hai trang")
            )
            continue
        registry.documents[doc_id] = DocumentRecord(doc_id, document_url(doc_id), rel_path, meta,
                                                    text[body_start:], body_line)
    for record in registry.documents.values():
        for alias in record.meta.get("aliases") or []:
            if alias in registry.documents or alias in registry.aliases:
                registry.problems.append(
                    SchemaProblem(f"docs/{record.rel_path}", None, "aliases",
                                  f"mã cũ '{alias}' đang là mã của văn bản khác",
                                  "xóa mã cũ này khỏi 'aliases'")
                )
            else:
                registry.aliases[alias] = record.id
    return registry


def read_pages(docs_dir: Path) -> list[tuple[str, str]]:
    """(relative path, text) of every document page under ``docs_dir``."""
    root = docs_dir / URL_PREFIX
    if not root.exists():
        return []
    return [
        (path.relative_to(docs_dir).as_posix(), path.read_text(encoding="utf-8"))
        for path in sorted(root.rglob("*.md"))
    ]
