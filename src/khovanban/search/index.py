"""Build the Pagefind index of a built site through Pagefind's Python API.

Why the Python API and not the CLI: the build stays one ``mkdocs build`` (no manual step)
and uses the Pagefind binary that the ``pagefind[extended]`` wheel brings, pinned with
the other dependencies. The index is written to a fresh directory and swapped in, so a
failed build never leaves a half-written or stale index behind.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

log = logging.getLogger(__name__)
OUTPUT_DIR = "pagefind"
DOCUMENT_GLOB = "van-ban/**/*.html"
LANGUAGE = "vi"


@dataclass(frozen=True)
class IndexStats:
    """What the build produced: pages indexed, files written and their size on disk."""

    page_count: int
    file_count: int
    size_bytes: int


def _dir_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def indexed_page_count(index_dir: Path) -> int:
    """Pages actually in the index (Pagefind's own count skips nothing it merely read)."""
    entry = json.loads((index_dir / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(language.get("page_count", 0)) for language in entry["languages"].values())


async def _write_index(site_dir: Path, output: Path, glob: str) -> None:
    # One language for every page: the archive is Vietnamese even where a page's lang
    # attribute is missing, and one index means one set of files for the browser to fetch.
    config: IndexConfig = {"force_language": LANGUAGE, "output_path": str(output)}
    async with PagefindIndex(config) as index:
        await index.add_directory(str(site_dir), glob=glob)


def _run(make: Callable[[], Awaitable[None]]) -> None:
    """Run a coroutine to completion, also when this thread already runs an event loop.

    MkDocs calls hooks without a loop, but a caller may have one (Playwright's sync API,
    a notebook); ``asyncio.run`` refuses to nest, so the index is then built on a thread.
    """

    async def main() -> None:
        await make()

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(main())
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, main()).result()


def build_index(site_dir: Path, glob: str = DOCUMENT_GLOB) -> IndexStats:
    """Index the document pages of ``site_dir`` into ``site_dir/pagefind/``, replacing any old index.

    Only pages marked ``data-pagefind-body`` are indexed (see ``markup.py``), so results
    are always documents.
    """
    site_dir = site_dir.resolve()
    final = site_dir / OUTPUT_DIR
    staging = site_dir / f".{OUTPUT_DIR}-new"
    for attempt in range(2):
        shutil.rmtree(staging, ignore_errors=True)
        try:
            _run(lambda: _write_index(site_dir, staging, glob))
            count = _complete_count(staging)
            if count is None:
                # Seen under heavy load: the Pagefind service answered "written" and was
                # stopped before its entry file had content. Build again rather than ship it.
                log.warning(f"Pagefind: tệp pagefind-entry.json chưa ghi xong (lần {attempt + 1}); dựng lại chỉ mục")
                continue
            shutil.rmtree(final, ignore_errors=True)
            staging.rename(final)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        file_count, size = _dir_size(final)
        return IndexStats(count, file_count, size)
    raise RuntimeError("Pagefind không ghi được pagefind-entry.json sau hai lần dựng chỉ mục")


def _complete_count(index_dir: Path, waits: int = 10) -> int | None:
    """Pages in a freshly written index, or None when its entry file never became valid JSON."""
    for _ in range(waits):
        try:
            return indexed_page_count(index_dir)
        except (OSError, ValueError, KeyError):
            time.sleep(0.2)
    return None


def copy_index(source: Path, destination: Path) -> None:
    """Put a copy of a built index (``site/pagefind``) at ``destination``, replacing it.

    Hard links where the file system allows (an index has a file per page), copies otherwise.
    """
    shutil.rmtree(destination, ignore_errors=True)
    try:
        shutil.copytree(source, destination, copy_function=os.link)
    except OSError:
        shutil.rmtree(destination, ignore_errors=True)
        shutil.copytree(source, destination)
