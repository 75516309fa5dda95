"""Build the Pagefind index of a built site with the Pagefind binary of the ``pagefind`` package.

Why the binary's command line and not the package's Python API (``PagefindIndex``): at
10,000 documents the API's service mode took 89 s of CPU where the command line, same
binary, same pages, same index, took 53 s (``scripts/bench_build.py``; the service
re-encodes every file it writes for its caller). The binary is the one the
``pagefind[extended]`` wheel brings, pinned with the other dependencies, found the way the
package finds it (``PAGEFIND_BINARY_PATH`` overrides). The build stays one ``mkdocs build``.

The index is written to a fresh directory and swapped in, so a failed build never leaves a
half-written or stale index behind.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pagefind.index import IndexConfig, PagefindIndex
from pagefind.service import get_executable

from ..forkpool import default_processes
from .markup import BODY_CLASS
from .partcache import PartCache, link_tree
from .parts import DOCUMENTS_FOLDER, IndexPart, plan_parts, read_parts_file, write_parts_file

OUTPUT_DIR = "pagefind"
# One language for every page: the archive is Vietnamese even where a page's lang attribute
# is missing, and one index means one set of files for the browser to fetch.
LANGUAGE = "vi"


@dataclass(frozen=True)
class IndexStats:
    """What the build produced: pages indexed, files written and their size on disk, parts."""

    page_count: int
    file_count: int
    size_bytes: int
    parts: int = 1
    reused: int = 0  # parts copied from the cache of earlier indexes


class PagefindFailed(RuntimeError):
    """Pagefind stopped with an error or wrote no usable index; the message says what it printed."""


# Files of a Pagefind bundle that nothing in the archive loads (Pagefind's own search UIs):
# 0.5 MB per part, left out of the site.
UNUSED_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
                "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")


def _dir_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def _bundle_page_count(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(language.get("page_count", 0)) for language in entry["languages"].values())


def indexed_page_count(index_dir: Path) -> int:
    """Pages actually in the index, over all its parts (Pagefind's own count skips nothing it merely read)."""
    return sum(_bundle_page_count(index_dir / str(part["dir"])) for part in read_parts_file(index_dir))


def document_pages(site_dir: Path) -> list[str]:
    """Site-relative paths of the pages under van-ban/<issuer>/ (when the build did not say)."""
    folder = site_dir / DOCUMENTS_FOLDER
    return sorted(path.relative_to(site_dir).as_posix() for path in folder.glob("*/**/*.html"))


class IndexJob:
    """A Pagefind run over a site, in parts (``parts.py``), started and not yet waited for.

    Pagefind runs as processes of its own, at most ``processes`` at once, so the build can
    go on with work that does not touch document pages (copying originals, the sitemap, the
    API files) while it indexes. A thread starts each part when a slot frees.
    """

    def __init__(self, site_dir: Path, pages: Iterable[str] | None = None, processes: int | None = None,
                 part_pages: int | None = None, cache_root: Path | None = None,
                 digests: Mapping[str, bytes] | None = None) -> None:
        """``cache_root``: where parts of earlier indexes are kept (``partcache.py``; None: none);
        ``digests``: site file -> digest of its bytes, for files the caller has just written."""
        self.site_dir = site_dir.resolve()
        self.final = self.site_dir / OUTPUT_DIR
        self.staging = self.site_dir / f".{OUTPUT_DIR}-new"
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)
        self.processes = max(1, processes or default_processes())
        listed = document_pages(self.site_dir) if pages is None else list(pages)
        self.parts = plan_parts(listed, part_pages, self.processes)
        self._running: list[tuple[IndexPart, subprocess.Popen[bytes], IO[str]]] = []
        self._failure: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.cache = PartCache(None, [])
        if not listed:
            _write_empty_index(self.staging / self.parts[0].name)
            return
        binary = get_executable()
        if binary is None:
            raise PagefindFailed("không tìm thấy chương trình Pagefind. Cách sửa: cài lại gói (pip install -e .), "
                                 "gói pagefind[extended] mang theo nó")
        self._binary = str(binary)
        self.cache = PartCache(cache_root, [self._binary, *self._options()], digests)
        self._thread = threading.Thread(target=self._run, name="khovanban-pagefind-parts", daemon=True)
        self._thread.start()

    @staticmethod
    def _options() -> list[str]:
        # Only the element holding a document's indexed content is read (the theme around it
        # is skipped, 8% of Pagefind's time at 10,000 documents; the index is the same).
        return ["--force-language", LANGUAGE, "--root-selector", f".{BODY_CLASS}", "--quiet"]

    def _start(self, part: IndexPart) -> None:
        if self.cache.key(self.site_dir, part) is not None and self.cache.fetch(part, self.staging / part.name):
            return  # none of its pages changed since the index the cache holds
        command = [self._binary, "--site", str(self.site_dir), "--output-path", str(self.staging / part.name),
                   "--glob", part.glob, *self._options()]
        # Output to a file, not a pipe: nobody reads a pipe while the build goes on, and a
        # full one would stop Pagefind.
        said = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")  # noqa: SIM115 - closed in _reap
        self._running.append((part, subprocess.Popen(command, stdout=said, stderr=subprocess.STDOUT), said))

    def _reap(self) -> None:
        for entry in list(self._running):
            part, process, said = entry
            if process.poll() is None:
                continue
            self._running.remove(entry)
            if process.returncode != 0 and self._failure is None and not self._stop.is_set():
                said.seek(0)
                self._failure = (f"Pagefind dừng với mã {process.returncode} ở phần {part.name} "
                                 f"({part.pages} trang): {said.read().strip()[-2000:]}")
            said.close()

    def _run(self) -> None:
        waiting = list(self.parts)
        while (waiting or self._running) and not self._stop.is_set():
            while waiting and len(self._running) < self.processes and self._failure is None:
                self._start(waiting.pop(0))
            self._stop.wait(0.05)
            self._reap()
            if self._failure is not None:
                waiting.clear()

    def wait(self) -> IndexStats:
        """Wait for every part, swap the new index in and say what it holds."""
        try:
            if self._thread is not None:
                self._thread.join()
            if self._failure is not None:
                raise PagefindFailed(self._failure)
            counted = []
            for part in self.parts:
                bundle = self.staging / part.name
                try:
                    counted.append((part, _bundle_page_count(bundle)))
                except (OSError, ValueError, KeyError) as error:
                    raise PagefindFailed(f"Pagefind không ghi được pagefind-entry.json hợp lệ cho phần {part.name}: "
                                         f"{error}") from error
                for name in UNUSED_FILES:
                    (bundle / name).unlink(missing_ok=True)
            if self._thread is not None:
                self.cache.keep({part.name: self.staging / part.name for part in self.parts})
            write_parts_file(self.staging, counted)
            _swap_in(self.staging, self.final)
        finally:
            self.cancel()
        file_count, size = _dir_size(self.final)
        return IndexStats(sum(count for _, count in counted), file_count, size, len(self.parts),
                          len(self.cache.reused))

    def cancel(self) -> None:
        """Stop Pagefind if it still runs and remove what it wrote (the old index stays)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        for _, process, said in self._running:
            if process.poll() is None:
                process.kill()
            process.wait()
            said.close()
        self._running.clear()
        shutil.rmtree(self.staging, ignore_errors=True)


def _swap_in(new: Path, final: Path) -> None:
    """Replace the directory ``final`` by ``new`` with two renames, and only then delete the old one.

    Deleting first left ``final`` missing for as long as the delete took (an index holds a file
    per page): a server showing the site meanwhile (``mkdocs serve``, whose index is rebuilt
    behind the served pages) answered 404 for the whole index.
    """
    retired = final.with_name(f".{final.name}-old")
    shutil.rmtree(retired, ignore_errors=True)
    if final.exists():
        final.rename(retired)
    new.rename(final)
    shutil.rmtree(retired, ignore_errors=True)


def _write_empty_index(output: Path) -> None:
    """An index of no pages (an archive with no documents yet), so the search box still loads.

    The command line refuses a site without pages; the Python API writes the empty bundle.
    It runs on a thread of its own: a caller may already run an event loop (Playwright's sync
    API, a notebook), and ``asyncio.run`` refuses to nest.
    """

    async def write() -> None:
        config: IndexConfig = {"force_language": LANGUAGE, "output_path": str(output)}
        async with PagefindIndex(config):
            pass  # leaving the context writes the files

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, write()).result()


def build_index(site_dir: Path, pages: Iterable[str] | None = None, part_pages: int | None = None,
                cache_root: Path | None = None) -> IndexStats:
    """Index the document pages of ``site_dir`` into ``site_dir/pagefind/``, replacing any old index.

    ``pages``: the site-relative document pages, when the caller knows them (else the
    folders are walked). Only pages marked ``data-pagefind-body`` are indexed (see
    ``markup.py``), so results are always documents. ``cache_root``: reuse the parts of an
    earlier index whose pages did not change (``partcache.py``).
    """
    return IndexJob(site_dir, pages, part_pages=part_pages, cache_root=cache_root).wait()


def copy_index(source: Path, destination: Path) -> None:
    """Put a copy of a built index (``site/pagefind``) at ``destination``, replacing it.

    Hard links where the file system allows (an index has a file per page), copies otherwise.
    """
    shutil.rmtree(destination, ignore_errors=True)
    link_tree(source, destination)
