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
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex
from pagefind.service import get_executable

from .markup import BODY_CLASS

OUTPUT_DIR = "pagefind"
DOCUMENT_GLOB = "van-ban/**/*.html"
# One language for every page: the archive is Vietnamese even where a page's lang attribute
# is missing, and one index means one set of files for the browser to fetch.
LANGUAGE = "vi"


@dataclass(frozen=True)
class IndexStats:
    """What the build produced: pages indexed, files written and their size on disk."""

    page_count: int
    file_count: int
    size_bytes: int


class PagefindFailed(RuntimeError):
    """Pagefind stopped with an error or wrote no usable index; the message says what it printed."""


def _dir_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def indexed_page_count(index_dir: Path) -> int:
    """Pages actually in the index (Pagefind's own count skips nothing it merely read)."""
    entry = json.loads((index_dir / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(language.get("page_count", 0)) for language in entry["languages"].values())


class IndexJob:
    """A Pagefind run over a site, started and not yet waited for.

    Pagefind runs as its own process, so the build can go on with work that does not touch
    document pages (copying originals, the sitemap, the API files) while it indexes.
    """

    def __init__(self, site_dir: Path, glob: str = DOCUMENT_GLOB) -> None:
        self.site_dir = site_dir.resolve()
        self.final = self.site_dir / OUTPUT_DIR
        self.staging = self.site_dir / f".{OUTPUT_DIR}-new"
        shutil.rmtree(self.staging, ignore_errors=True)
        self._said = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")  # noqa: SIM115 - closed in cancel()
        self._process: subprocess.Popen[bytes] | None = None
        if next(self.site_dir.glob(glob), None) is None:
            _write_empty_index(self.staging)
            return
        binary = get_executable()
        if binary is None:
            raise PagefindFailed("không tìm thấy chương trình Pagefind. Cách sửa: cài lại gói (pip install -e .), "
                                 "gói pagefind[extended] mang theo nó")
        # Only the element holding a document's indexed content is read (the theme around it
        # is skipped, 8% of Pagefind's time at 10,000 documents; the index is the same).
        command = [str(binary), "--site", str(self.site_dir), "--output-path", str(self.staging), "--glob", glob,
                   "--force-language", LANGUAGE, "--root-selector", f".{BODY_CLASS}", "--quiet"]
        # Output to a file, not a pipe: nobody reads a pipe while the build goes on, and a
        # full one would stop Pagefind.
        self._process = subprocess.Popen(command, stdout=self._said, stderr=subprocess.STDOUT)

    def wait(self) -> IndexStats:
        """Wait for Pagefind, swap the new index in and say what it holds."""
        try:
            if self._process is not None and self._process.wait() != 0:
                self._said.seek(0)
                said = self._said.read().strip()[-2000:]
                raise PagefindFailed(f"Pagefind dừng với mã {self._process.returncode}: {said}")
            try:
                count = indexed_page_count(self.staging)
            except (OSError, ValueError, KeyError) as error:
                raise PagefindFailed(f"Pagefind không ghi được pagefind-entry.json hợp lệ: {error}") from error
            shutil.rmtree(self.final, ignore_errors=True)
            self.staging.rename(self.final)
        finally:
            self.cancel()
        file_count, size = _dir_size(self.final)
        return IndexStats(count, file_count, size)

    def cancel(self) -> None:
        """Stop Pagefind if it still runs and remove what it wrote (the old index stays)."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        shutil.rmtree(self.staging, ignore_errors=True)
        self._said.close()


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


def build_index(site_dir: Path, glob: str = DOCUMENT_GLOB) -> IndexStats:
    """Index the document pages of ``site_dir`` into ``site_dir/pagefind/``, replacing any old index.

    Only pages marked ``data-pagefind-body`` are indexed (see ``markup.py``), so results
    are always documents.
    """
    return IndexJob(site_dir, glob).wait()


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
