"""Ingest: originals in ``archive/`` -> canonical pages in ``docs/van-ban/``.

For each original: check fixity, decode, parse, derive the identity, and write the page.
Hand corrections survive: each page records a fingerprint of what ingest last generated
for every field and for the body. A value that differs from its fingerprint was edited by
a person and is kept; so is any field listed under ``reviewed``. Ingest reports what it
would have changed instead of changing it.

Decoding and parsing (``parse_original``) are pure and run on a process pool (``jobs``);
everything stateful stays in the calling process and walks the originals in name order:
skip checks, hand-edit merge, ID deduplication, moves, writes, the report. So pages,
manifest and messages are the same for any number of workers.
"""

from __future__ import annotations

import hashlib
import json
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import __version__
from . import parse as parse_module
from .decode import DecodeError, decode_original
from .fields import MANAGED_FIELDS
from .identity import document_id, document_url, is_valid_id, page_path
from .manifest import check_fixity, read_manifest, relative_name, write_manifest
from .markdown import page_body
from .pages import PageError, read_page, write_page
from .parse import ParsedDocument, parse_document
from .tables import load_tables

INGEST_FORMAT = 1
# A directive is a few pages; a larger original is a scan bundle, a book or a mistake, and
# parsing it would stall ingest. It stays in archive/ and is reported, never dropped silently.
MAX_ORIGINAL_BYTES = 20 * 1024 * 1024
# Originals handed to a worker at a time: large enough that inter-process traffic is small
# next to parsing (~10 ms an original), small enough that the workers stay evenly loaded.
CHUNK_SIZE = 16


@lru_cache(maxsize=1)
def parser_fingerprint() -> str:
    """Hash of the code and tables that turn an original into a page.

    Re-ingest skips an original whose checksum and parser fingerprint match its page: the
    result would be identical (re-parsing 10,000 unchanged originals took 128 s). Any change
    to the parser or its tables changes this and brings every page up to date.
    """
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted([*package.glob("*.py"), *package.glob("data/*.yaml")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def fingerprint(value: Any) -> str:
    """Short stable hash of a YAML-able value."""
    data = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]


@dataclass
class KeptEdit:
    """A hand-edited value ingest kept, and what it would have written instead."""

    page: str
    field: str
    kept: Any
    generated: Any


@dataclass
class IngestProblem:
    """An original that could not be ingested; ``fix`` tells the person what to do."""

    source: str
    message: str
    fix: str


@dataclass
class IngestReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    moved: list[tuple[str, str]] = field(default_factory=list)
    kept_edits: list[KeptEdit] = field(default_factory=list)
    problems: list[IngestProblem] = field(default_factory=list)
    added_to_manifest: list[str] = field(default_factory=list)
    flagged: dict[str, list[str]] = field(default_factory=dict)


def _issuer_level(parsed: ParsedDocument) -> str | None:
    number = parsed.number
    if number is None or not number.issuer_codes:
        return None
    import re

    issuer = load_tables().issuer(re.sub(r"\d+$", "", number.issuer_codes[0]))
    return issuer.level if issuer and issuer.level else None


def generated_metadata(
    parsed: ParsedDocument, source_name: str, checksum: str, size: int, encoding: str, notes: list[str]
) -> dict[str, Any]:
    """Front matter that ingest derives from one parsed original."""
    year = int(parsed.date[:4]) if parsed.date else (parsed.number.year if parsed.number else None)
    doc_id = document_id(parsed.issuer, year, parsed.number, checksum)
    number = parsed.number.canonical if parsed.number and parsed.number.number else None
    title_number = f" số {number}" if number else ""
    title = parsed.subject or f"{parsed.doc_type or 'Văn bản'}{title_number}"
    return {
        "id": doc_id,
        "title": title,
        "number": number,
        "number_printed": parsed.number_printed,
        "type": parsed.doc_type,
        "type_code": parsed.type_code,
        "issuer": parsed.issuer,
        "issuer_parent": parsed.issuer_parent,
        "issuer_level": _issuer_level(parsed),
        "province": parsed.province,
        "place": parsed.place,
        "date": parsed.date,
        "date_precision": parsed.date_precision,
        "subject": parsed.subject,
        "recipients": parsed.recipients,
        "distribution": parsed.distribution,
        "signing_authority": parsed.signing_authority,
        "signer_position": parsed.signer_position,
        "signer": parsed.signer,
        "access": parsed.access,
        "urgency": parsed.urgency,
        "source": {
            "file": f"archive/{source_name}",
            "sha256": checksum,
            "size": size,
            "encoding": encoding,
            "notes": notes,
        },
        "flags": [
            {"field": f.field, "message": f.message, **({"line": f.line} if f.line else {})} for f in parsed.flags
        ],
        "cleaning": [{"line": m.line, "text": m.text, "reason": m.reason} for m in parsed.removed],
    }


def merge_with_existing(
    generated: dict[str, Any], body: str, existing: dict[str, Any] | None, existing_body: str | None, page: str
) -> tuple[dict[str, Any], str, list[KeptEdit]]:
    """Combine a fresh parse with the page on disk, keeping every hand edit."""
    record = {
        "format": INGEST_FORMAT,
        "version": __version__,
        "parser": parser_fingerprint(),
        "fields": {key: fingerprint(generated.get(key)) for key in MANAGED_FIELDS},
        "body": fingerprint(body.strip()),
    }
    if existing is None:
        first_seen = {"archived": date.today().isoformat()}
        return {**generated, **first_seen, "aliases": [], "reviewed": [], "ingest": record}, body, []
    previous = existing.get("ingest") or {}
    previous_fields = previous.get("fields") or {}
    reviewed = set(existing.get("reviewed") or [])
    merged: dict[str, Any] = dict(existing)
    kept: list[KeptEdit] = []
    for key in MANAGED_FIELDS:
        new_value = generated.get(key)
        if key in existing:
            old_value = existing[key]
            edited = key in reviewed or fingerprint(old_value) != previous_fields.get(key)
            if edited and key not in ("id", "source"):
                if old_value != new_value:
                    kept.append(KeptEdit(page, key, old_value, new_value))
                continue
        merged[key] = new_value
    final_body = body
    if existing_body is not None and fingerprint(existing_body.strip()) != previous.get("body"):
        final_body = existing_body
        if existing_body.strip() != body.strip():
            kept.append(KeptEdit(page, "body", "(nội dung đã sửa tay)", "(nội dung mới trích từ bản gốc)"))
    merged.setdefault("archived", date.today().isoformat())
    merged.setdefault("aliases", [])
    merged.setdefault("reviewed", [])
    merged["ingest"] = record
    return merged, final_body, kept


def _up_to_date(meta: dict[str, Any], body: str, checksum: str) -> bool:
    """True when re-ingest would change nothing: same original, same parser, no hand edit
    (a hand-edited page is processed, so its edit is reported and a new ID takes effect)."""
    record = meta.get("ingest") or {}
    source = meta.get("source") or {}
    if not (isinstance(record, dict) and isinstance(source, dict)):
        return False
    if source.get("sha256") != checksum or record.get("parser") != parser_fingerprint():
        return False
    if record.get("format") != INGEST_FORMAT or meta.get("reviewed"):
        return False
    fields = record.get("fields") or {}
    if any(fingerprint(meta.get(key)) != fields.get(key) for key in MANAGED_FIELDS if key != "id"):
        return False
    return fingerprint(body.strip()) == record.get("body")


def _existing_pages(docs: Path) -> dict[str, tuple[Path, dict[str, Any], str]]:
    """Map of source file -> (page path, front matter, body), for every page under docs/van-ban."""
    found: dict[str, tuple[Path, dict[str, Any], str]] = {}
    root = docs / "van-ban"
    if not root.exists():
        return found
    for path in root.rglob("*.md"):
        try:
            page = read_page(path)
        except PageError:
            continue
        meta = page.meta
        source = (meta.get("source") or {}).get("file") if isinstance(meta.get("source"), dict) else None
        if source:
            found[source] = (path, meta, page.body)
    return found


def _rederive_id(merged: dict[str, Any], checksum: str) -> str:
    """The ID from the merged (possibly hand-corrected) issuer, date and number."""
    from .numbers import parse_number

    number = parse_number(merged["number"]) if merged.get("number") else None
    if merged.get("number_printed") and number is None:
        number = parse_number(merged["number_printed"])
    date = merged.get("date")
    year = int(str(date)[:4]) if date else None
    return document_id(merged.get("issuer"), year, number, checksum)


@dataclass
class ParsedOriginal:
    """What the pure step makes of one original: a page's generated values and body, or a
    problem. Plain data, so it crosses from a worker process unchanged."""

    name: str
    generated: dict[str, Any] | None = None
    body: str = ""
    flags: list[str] = field(default_factory=list)
    problem: tuple[str, str] | None = None  # (message, fix)


def parse_original(archive: Path, name: str, checksum: str) -> ParsedOriginal:
    """Read, decode and parse ``archive/name``; no writes, no shared state (runs in a worker)."""
    try:
        return _parse_original(archive, name, checksum)
    except Exception as error:  # noqa: BLE001 - a parser bug must cost one page, not the whole run
        frame = traceback.extract_tb(error.__traceback__)[-1]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        return ParsedOriginal(
            name,
            problem=(
                f"lỗi chương trình khi phân tích ({type(error).__name__} tại {where}: {error})",
                "báo cho người bảo trì kèm tệp gốc này; các văn bản khác vẫn được nhập",
            ),
        )


def _parse_original(archive: Path, name: str, checksum: str) -> ParsedOriginal:
    path = archive / name
    size = path.stat().st_size
    if size > MAX_ORIGINAL_BYTES:
        return ParsedOriginal(
            name,
            problem=(
                (
                    f"tệp quá lớn cho một văn bản ({size / 1024 / 1024:.0f} MB, giới hạn "
                    f"{MAX_ORIGINAL_BYTES // 1024 // 1024} MB)"
                ),
                "tách thành từng văn bản riêng, hoặc kiểm tra xem có phải tệp gộp nhiều văn bản",
            ),
        )
    data = path.read_bytes()
    try:
        decoded = decode_original(path, data)
    except DecodeError as error:
        return ParsedOriginal(name, problem=(str(error), "kiểm tra hoặc thay tệp gốc"))
    parsed = parse_document(decoded.text)
    if parsed.number is None and parsed.date is None and parsed.issuer is None:
        return ParsedOriginal(
            name,
            problem=(
                "không tìm thấy số, ngày ban hành hay cơ quan ban hành: có vẻ không phải văn bản chỉ đạo",
                "kiểm tra tệp; nếu đúng là văn bản, tạo trang bằng tay trong docs/van-ban/ theo mẫu",
            ),
        )
    generated = generated_metadata(parsed, name, checksum, len(data), decoded.encoding, decoded.notes)
    flags = [f"{f.field}: {f.message}" for f in parsed.flags]
    return ParsedOriginal(name, generated, page_body(parsed.blocks, parsed.closing, parsed.annexes), flags)


def _parse_chunk(archive: Path, chunk: list[tuple[str, str]]) -> list[ParsedOriginal]:
    return [parse_original(archive, name, checksum) for name, checksum in chunk]


def _worker_died(name: str) -> ParsedOriginal:
    return ParsedOriginal(
        name,
        problem=(
            (
                "tiến trình phân tích bị dừng đột ngột khi đọc tệp này (hết bộ nhớ, hoặc thư viện đọc "
                "PDF/Word gặp lỗi)"
            ),
            "kiểm tra tệp; chạy 'khovanban ingest --jobs 1' để xem lỗi; các văn bản khác vẫn được nhập",
        ),
    )


def _isolated(archive: Path, chunk: list[tuple[str, str]]) -> Iterator[ParsedOriginal]:
    """Parse each original of ``chunk`` in a process of its own, to find the one that kills it."""
    for item in chunk:
        with ProcessPoolExecutor(max_workers=1) as pool:
            try:
                yield from pool.submit(_parse_chunk, archive, [item]).result()
            except BrokenProcessPool:
                yield _worker_died(item[0])


def parse_originals(
    archive: Path, work: list[tuple[str, str]], jobs: int
) -> Generator[ParsedOriginal, None, None]:
    """``parse_original`` for every (name, checksum) of ``work``, yielded in ``work``'s order.

    ``jobs`` > 1 spreads chunks over that many worker processes, a few chunks ahead of the
    caller (memory stays bounded at any archive size). A worker that dies (out of memory, a
    crash in a PDF library) loses nothing: the chunk at the head is parsed again one original
    per process, the one that kills its process is reported, the rest carry on.
    """
    if jobs <= 1 or len(work) <= 1:
        for name, checksum in work:
            yield parse_original(archive, name, checksum)
        return
    parse_module.parse_document("")  # build the lazily loaded tables once, before the workers fork
    pending = deque(work[i : i + CHUNK_SIZE] for i in range(0, len(work), CHUNK_SIZE))
    while pending:
        pool = ProcessPoolExecutor(max_workers=jobs)
        window: deque[tuple[list[tuple[str, str]], Future[list[ParsedOriginal]]]] = deque()
        try:
            while pending or window:
                while pending and len(window) < 3 * jobs:
                    window.append((pending[0], pool.submit(_parse_chunk, archive, pending[0])))
                    pending.popleft()
                results = window[0][1].result()
                window.popleft()
                yield from results
        except BrokenProcessPool:
            head = window.popleft()[0] if window else pending.popleft()
            pending.extendleft(reversed([chunk for chunk, _ in window]))
            window.clear()
            pool.shutdown(wait=True, cancel_futures=True)
            yield from _isolated(archive, head)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def ingest_archive(
    archive: Path,
    docs: Path,
    *,
    dry_run: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    only: Iterable[str] | None = None,
    force: bool = False,
    jobs: int = 1,
) -> IngestReport:
    """Ingest every original in ``archive`` into pages under ``docs``.

    ``jobs`` worker processes decode and parse (1: in this process); the result does not
    depend on it."""
    report = IngestReport()
    fixity = check_fixity(archive)
    for name in fixity.altered:
        report.problems.append(
            IngestProblem(
                f"archive/{name}",
                "bản gốc đã bị thay đổi so với manifest-sha256.txt",
                "khôi phục bản gốc từ bản sao lưu; nếu đây là văn bản mới, lưu với tên khác",
            )
        )
    for name in fixity.clashes:
        report.problems.append(
            IngestProblem(
                f"archive/{name}",
                "hai tệp có tên chỉ khác nhau về chuẩn Unicode (NFC/NFD)",
                "giữ một tệp, đổi tên hoặc xóa tệp kia",
            )
        )
    manifest = read_manifest(archive)
    for name in fixity.extra:
        manifest[name] = fixity.checksums[name]
        report.added_to_manifest.append(name)
    if report.added_to_manifest and not dry_run:
        write_manifest(archive, manifest)

    candidates = [n for n in sorted(fixity.checksums) if n not in fixity.altered and n not in fixity.clashes]
    if only is not None:
        wanted = set(only)
        candidates = [n for n in candidates if n in wanted]
    existing_pages = _existing_pages(docs)
    ids_seen: dict[str, str] = {}

    def up_to_date(name: str) -> bool:
        current = existing_pages.get(f"archive/{name}")
        return not force and current is not None and _up_to_date(current[1], current[2], fixity.checksums[name])

    stale = {name for name in candidates if not up_to_date(name)}
    work = [(name, fixity.checksums[name]) for name in candidates if name in stale]
    with closing(parse_originals(archive, work, jobs)) as parsed_originals:
        for index, name in enumerate(candidates, start=1):
            if progress:
                progress(index, len(candidates), name)
            if name not in stale:
                current = existing_pages[f"archive/{name}"]
                ids_seen[str(current[1].get("id"))] = f"archive/{name}"
                report.unchanged.append(str(current[0]))
                continue
            result = next(parsed_originals)
            assert result.name == name, (result.name, name)  # workers' results come back in order
            if result.problem is not None:
                report.problems.append(IngestProblem(f"archive/{name}", *result.problem))
                continue
            assert result.generated is not None
            checksum = fixity.checksums[name]
            generated, body = result.generated, result.body
            source_key = f"archive/{name}"
            old_path = existing_pages[source_key][0] if source_key in existing_pages else None
            existing_meta = existing_body = None
            if old_path is not None:
                try:
                    page = read_page(old_path)
                    existing_meta, existing_body = page.meta, page.body
                except PageError as error:
                    report.problems.append(
                        IngestProblem(str(old_path), str(error), "sửa phần đầu YAML của trang rồi chạy lại")
                    )
                    continue
            page_name = str(old_path) if old_path else source_key
            merged, final_body, kept = merge_with_existing(generated, body, existing_meta, existing_body, page_name)
            report.kept_edits.extend(kept)
            if existing_meta is not None and "id" in (existing_meta.get("reviewed") or []):
                merged["id"] = existing_meta["id"]
            else:
                merged["id"] = _rederive_id(merged, checksum)
            doc_id = merged["id"]
            if not is_valid_id(doc_id):
                report.problems.append(
                    IngestProblem(source_key, f"mã định danh không hợp lệ: {doc_id!r}", "sửa trường 'id' cho đúng dạng")
                )
                continue
            if doc_id in ids_seen:
                report.problems.append(
                    IngestProblem(
                        source_key,
                        f"trùng mã định danh {doc_id} với {ids_seen[doc_id]}",
                        "hai bản gốc cho cùng một văn bản: giữ một bản, hoặc sửa số/cơ quan ban hành trong trang",
                    )
                )
                continue
            ids_seen[doc_id] = source_key
            target = docs / page_path(doc_id)
            if old_path is not None and old_path.resolve() != target.resolve():
                old_id = existing_meta.get("id") if existing_meta else None
                if old_id and old_id != doc_id and old_id not in merged["aliases"]:
                    merged["aliases"] = [*merged["aliases"], old_id]
                report.moved.append((str(old_path), str(target)))
                if not dry_run:
                    old_path.unlink()
            if result.flags:
                report.flagged[document_url(doc_id)] = result.flags
            if dry_run:
                continue
            if write_page(target, merged, final_body):
                report.written.append(str(target))
            else:
                report.unchanged.append(str(target))
    return report


__all__ = ["IngestReport", "generated_metadata", "ingest_archive", "merge_with_existing", "relative_name"]
