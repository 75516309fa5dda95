"""Writing the generated pages into the built site, on every core of the machine.

Pages are put together (``sitepages``), put into their shell (``shell``), given their
Content-Security-Policy (``csp``) and written, in forked worker processes that inherit the
build's registry, graph and shells, so nothing large is copied between processes. A page
whose shell was not prepared (a hand-edited body with its own headings, say) comes back to
the caller, which renders the missing shell and writes the page itself.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from .csp import add_policy, inline_script_hashes, template_script_hashes
from .digests import bytes_digest
from .forkpool import map_chunks
from .htmlbody import RenderStats
from .shell import LinkFrame, Shell, ShellKey
from .sitepages import GeneratedPage
from .urls import page_url

Assemble = Callable[[Any], GeneratedPage]


@dataclass(frozen=True)
class Written:
    """What a build remembers of a page it wrote, to take it back next time: the digest of
    its inputs, whether it is a document page, and its notes for the build log."""

    inputs: bytes
    document: bool
    notes: tuple[str, ...] = ()
    stamp: tuple[int, int] | None = None  # size and mtime of the file as written: was it changed since?
    digest: bytes = b""  # of the file's bytes: the search index's parts are keyed by these
    depends: frozenset[str] = frozenset()  # documents the page is made from (under serve; ``pagechanges``)


@dataclass
class Reuse:
    """The previous build's pages (``mkdocs serve``): its output set aside, what it wrote by
    page source, a digest of what all pages share (URL style, site URL, shells), and how to
    name and digest an item's page in this build. Pages under a top-level folder in
    ``in_place`` are in the site already (``take_back_trees``); the others are in ``aside``.

    Under serve, ``depends`` names the documents each page is made from, and the pages in
    ``unchanged`` (none of whose documents changed, ``pagechanges``) keep their inputs
    digest without its being worked out again."""

    aside: Path | None
    pages: dict[str, Written]
    shared: bytes
    source: Callable[[Any], str]
    inputs: Callable[[Any], bytes]
    in_place: frozenset[str] = frozenset()
    depends: Callable[[Any], frozenset[str]] | None = None
    unchanged: set[str] | frozenset[str] = frozenset()

    def key(self, item: Any) -> bytes:
        return self.shared + self.inputs(item)

    def known(self, item: Any, source: str) -> tuple[bytes, frozenset[str]]:
        """The key of ``item``'s page and the documents it is made from: remembered for an
        unchanged page, else worked out."""
        old = self.pages.get(source)
        if old is not None and source in self.unchanged:
            return old.inputs, old.depends
        return self.key(item), self.depends(item) if self.depends is not None else frozenset()

    def kept(self, source: str, writer: PageWriter, stamp: tuple[int, int] | None = None) -> bool:
        """Is the previous build's page for ``source`` in the site now (taken back if need be)?
        With ``stamp``, only if the file still has the size and time it was written with (a
        page deleted or changed in the site folder since is written again)."""
        file = page_file(source, writer.directory_urls)
        here = _tree(file) in self.in_place
        if not here and self.aside is None:
            return False
        try:
            found = ((writer.site_dir if here else self.aside) / file).stat()  # type: ignore[operator]
        except OSError:
            return False
        if stamp is not None and (found.st_size, found.st_mtime_ns) != stamp:
            return False
        return here or writer.take_back(source, self.aside)  # type: ignore[arg-type]


def _tree(path: str) -> str:
    """The top-level folder of a path in the site ("van-ban/a/b/" -> "van-ban")."""
    return path.split("/", 1)[0]


def shared_inputs(writer: PageWriter) -> bytes:
    """A digest of what every page of a build is made from besides its own inputs: the URL
    style, the site URL and the shells (a theme or navigation change makes every page again)."""
    shells = sorted((repr(key), shell.parts) for key, shell in writer.shells.items())
    text = repr((writer.directory_urls, writer.site_url, shells))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


@dataclass
class WriteResult:
    written: int = 0
    documents: int = 0
    notes: list[tuple[str, str]] = field(default_factory=list)  # (page source, note for the build log)
    unshelled: list[GeneratedPage] = field(default_factory=list)
    fast_bodies: int = 0
    markdown_bodies: int = 0
    reused: int = 0  # pages taken back from the previous build
    pages: dict[str, Written] = field(default_factory=dict)  # what to remember, when reuse is on

    def add(self, other: WriteResult) -> None:
        self.written += other.written
        self.documents += other.documents
        self.notes.extend(other.notes)
        self.unshelled.extend(other.unshelled)
        self.fast_bodies += other.fast_bodies
        self.markdown_bodies += other.markdown_bodies
        self.reused += other.reused
        self.pages.update(other.pages)


def page_file(src_uri: str, directory_urls: bool) -> str:
    """The file, relative to the site, that the page for ``src_uri`` is written to."""
    url = page_url(src_uri, directory_urls)
    return f"{url}index.html" if url.endswith("/") or not url else url


@dataclass
class PageWriter:
    """Where and how this build writes its pages."""

    site_dir: Path
    shells: dict[ShellKey, Shell]
    frame: LinkFrame
    directory_urls: bool = True
    site_url: str | None = None
    _pinned: dict[int, list[str] | None] = field(default_factory=dict, repr=False)  # by shell, see write()

    def output_path(self, src_uri: str) -> Path:
        return self.site_dir / page_file(src_uri, self.directory_urls)

    def take_back(self, src_uri: str, aside: Path) -> bool:
        """Move the page for ``src_uri`` from a previous output set aside; False when it is not there."""
        destination = self.output_path(src_uri)
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            (aside / destination.relative_to(self.site_dir)).rename(destination)
        except OSError:
            return False
        return True

    def write(self, page: GeneratedPage) -> bytes:
        """Write ``page``; return a digest of the file's bytes, or b"" when its shell is not
        prepared (nothing written)."""
        shell = self.shells.get(page.shell_key(self.directory_urls, self.frame))
        if shell is None:
            return b""
        url = page_url(page.src_uri, self.directory_urls)
        address = urljoin(self.site_url if self.site_url.endswith("/") else f"{self.site_url}/", url) \
            if self.site_url else ""
        # The policy pins the shell's scripts, hashed once per shell, and any in the page's own
        # head tags; a script in a document's text is never pinned (see csp.py).
        if id(shell) not in self._pinned:
            self._pinned[id(shell)] = template_script_hashes(shell.parts[0::2])
        pinned = self._pinned[id(shell)]
        html = shell.fill(page.title, page.description, page.content, page.head, address)
        html = add_policy(html, None if pinned is None else [*pinned, *inline_script_hashes(page.head)])
        path = self.output_path(page.src_uri)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = html.encode("utf-8")
        path.write_bytes(data)
        return bytes_digest(data)


def _write_chunk(items: Sequence[Any], assemble: Assemble, writer: PageWriter,
                 stats: RenderStats | None, reuse: Reuse | None) -> WriteResult:
    before = (stats.fast, stats.paragraphs_by_markdown + stats.whole_by_markdown) if stats else (0, 0)
    result = WriteResult()
    for item in items:
        key, depends = b"", frozenset()
        if reuse is not None:
            source = reuse.source(item)
            key, depends = reuse.known(item, source)
            old = reuse.pages.get(source)
            if old is not None and old.inputs == key and reuse.kept(source, writer, old.stamp):
                result.written += 1
                result.reused += 1
                result.documents += old.document
                result.notes.extend((source, note) for note in old.notes)
                result.pages[source] = old if old.depends == depends else replace(old, depends=depends)
                continue
        page = assemble(item)
        result.notes.extend((page.src_uri, note) for note in page.notes)
        digest = writer.write(page)
        if digest:
            result.written += 1
            result.documents += page.document
            if reuse is not None:
                found = writer.output_path(page.src_uri).stat()
                result.pages[page.src_uri] = Written(key, page.document, tuple(page.notes),
                                                     (found.st_size, found.st_mtime_ns), digest, depends)
        else:
            result.unshelled.append(page)
    if stats:
        result.fast_bodies = stats.fast - before[0]
        result.markdown_bodies = stats.paragraphs_by_markdown + stats.whole_by_markdown - before[1]
    return result


def write_pages(
    items: Sequence[Any],
    assemble: Assemble,
    writer: PageWriter,
    processes: int = 1,
    progress: Callable[[int, int], None] | None = None,
    stats: RenderStats | None = None,
    reuse: Reuse | None = None,
) -> WriteResult:
    """Assemble and write a page for every item; ``processes`` > 1 forks that many workers.

    ``progress(done, total)`` is called as chunks finish (from the parent). With ``reuse``,
    a page whose inputs are those the previous build wrote it from is taken back instead, and
    the result says what to remember for the next build.
    """
    total = WriteResult()
    done = 0
    for part in map_chunks(lambda chunk: _write_chunk(chunk, assemble, writer, stats, reuse), items, processes,
                           ordered=False):
        total.add(part)
        done += part.written + len(part.unshelled)
        if progress:
            progress(done, len(items))
    return total


def copy_pairs(pairs: Sequence[tuple[str, str]], site_dir: Path) -> int:
    """Copy each (source path, path in the site) into ``site_dir``, in this process."""
    for source, target in pairs:
        destination = site_dir / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
    return len(pairs)


def set_aside(site_dir: Path) -> Path | None:
    """Move the previous build's output out of ``site_dir`` into a new sibling folder (one
    rename per top-level entry) and return that folder; None when there was nothing.

    Under ``mkdocs serve`` every rebuild starts by emptying the site folder: at 10,000
    documents, deleting its 45,000 files took 10–19 s before anything was built. Set aside,
    the old output is deleted by another process (``remove_behind``), and what did not
    change can be taken back (``carry_over``).
    """
    entries = list(site_dir.iterdir()) if site_dir.is_dir() else []
    if not entries:
        return None
    aside = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-truoc-", dir=site_dir.parent))
    for entry in entries:
        entry.rename(aside / entry.name)
    return aside


def remove_behind(path: Path) -> subprocess.Popen[bytes]:
    """Delete ``path`` in a separate process, so the build does not wait for it (a process,
    not a thread: the build forks workers, and a forked thread's locks would stay taken)."""
    script = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
    return subprocess.Popen([sys.executable, "-c", script, str(path)], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def carry_over(pairs: Sequence[tuple[str, str]], previous: Path | None, site_dir: Path,
               in_place: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """Take back from the previous build's output every copied file whose source has not
    changed since (same size, copied after the source's last change); return the pairs
    that still need copying. Files under a folder in ``in_place`` are checked where they are."""
    if previous is None and not in_place:
        return list(pairs)
    missing = []
    for source, target in pairs:
        here = _tree(target) in in_place
        old, destination = (site_dir if here else previous or site_dir) / target, site_dir / target
        try:
            copied, original = old.stat(), os.stat(source)
            if copied.st_size != original.st_size or copied.st_mtime < original.st_mtime:
                raise FileNotFoundError(old)
            if not here:
                destination.parent.mkdir(parents=True, exist_ok=True)
                old.rename(destination)
        except OSError:
            missing.append((source, target))
    return missing


def take_back_trees(aside: Path | None, site_dir: Path, trees: Iterable[str]) -> frozenset[str]:
    """Move whole top-level folders of the previous output back into the site (one rename
    each, where taking back their pages one by one took 5 s at 10,000 documents); return
    the folders moved. The caller must then rewrite what changed and ``remove_stale``."""
    moved = set()
    if aside is None:
        return frozenset()
    for name in trees:
        if name and "/" not in name and (aside / name).is_dir() and not (site_dir / name).exists():
            (aside / name).rename(site_dir / name)
            moved.add(name)
    return frozenset(moved)


def remove_stale(site_dir: Path, before: Iterable[str], now: set[str], trees: frozenset[str]) -> int:
    """Delete the files a previous build wrote in folders taken back (``take_back_trees``)
    that this build did not write, and the folders they leave empty; return how many."""
    removed = 0
    for path in before:
        if path in now or _tree(path) not in trees:
            continue
        target = site_dir / path
        try:
            target.unlink()
        except FileNotFoundError:
            continue
        removed += 1
        folder = target.parent
        while folder != site_dir and _tree(folder.relative_to(site_dir).as_posix()) in trees:
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break
            folder = folder.parent
    return removed


def copy_files(pairs: Sequence[tuple[str, str]], site_dir: Path, processes: int = 1) -> int:
    """Copy files into the site, (source path, path in the site) each; ``processes`` > 1 on
    forked workers. Copies, never links: a link would let a change in the site reach the
    original it came from."""
    return sum(map_chunks(lambda chunk: copy_pairs(chunk, site_dir), pairs, processes, chunk=1000,
                          ordered=False))


class Progress:
    """Progress lines for long page writing, at most one every few seconds."""

    def __init__(self, say: Callable[[str], None], every: float = 5.0) -> None:
        self._say, self._every, self._last = say, every, time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last >= self._every or done == total:
            self._last = now
            self._say(f"đã ghi {done}/{total} trang")
