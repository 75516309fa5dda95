"""What a build derived from each page, kept on disk for the next build of the same archive.

Reading a page's front matter and finding the citations in its text depend only on the
page's text and on this package's code and tables, yet a one-off build did both again for
every page: at 10,000 documents 6.5 s and 14 s of a 71 s build, for an archive where from one
build to the next a few pages change. A ``Memo`` keeps those results in a folder (by default
``.cache/khovanban/`` beside mkdocs.yml), keyed by a digest of the page, so the next build
reads again only the pages that changed.

- Entries are valid for one version of the code: the folder is named after a fingerprint of
  every source and data file of the package (and the Python version), and folders of other
  fingerprints are removed, so a change to the parser can never serve an old reading.
- A build adds what it computed as one new *segment* file, written by a forked child while
  the build goes on (pickling 10,000 pages' citations took 1.7 s). When more than half of
  the entries on disk were not used by the build, the segments are compacted into one.
- It is only a cache: a segment that cannot be read is deleted and reported, and its pages
  are read again. Deleting the folder, or ``KHOVANBAN_CACHE=0``, gives a build from scratch.
  Segments are pickles, trusted as this project's own files (like ``site/``).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
import time
from collections.abc import Hashable
from pathlib import Path
from typing import Any

from .children import Children

CACHE_ENV = "KHOVANBAN_CACHE"  # "0" turns the cache off
CACHE_DIR_ENV = "KHOVANBAN_CACHE_DIR"  # another folder than .cache/khovanban/ beside mkdocs.yml
DEFAULT_FOLDER = Path(".cache") / "khovanban"
_SUFFIX = ".pickle"
MAX_SEGMENTS = 16  # rebuilds under serve add one small segment per edit: merged past this
_fingerprint: list[str] = []
_loaded: dict[tuple[Path, str], dict[Hashable, Any]] = {}  # per process: load each folder once
_writers = Children()  # forked children still writing segments
PARTIAL_AGE = 600.0  # seconds: a segment still partial after this was left by a writer that died
WRITER_TIMEOUT = 300.0  # seconds a build's end waits for the cache's writers


def cache_root(project_dir: Path) -> Path | None:
    """The cache folder for a project, or None when the cache is turned off."""
    if os.environ.get(CACHE_ENV, "1").strip().lower() in ("0", "off", "no", "false"):
        return None
    chosen = os.environ.get(CACHE_DIR_ENV)
    # Absolute, because the folder keys what a process keeps in memory: mkdocs serve loads its
    # first configuration with the path as given ("mkdocs.yml") and every later one with an
    # absolute path, and the first rebuild loaded the whole cache from disk again (0.7 s and a
    # second copy in memory at 10,000 documents).
    return Path(os.path.abspath(chosen if chosen else project_dir / DEFAULT_FOLDER))


def code_fingerprint() -> str:
    """A digest of this package's code and data files and of the Python version: any change
    to how a page is read makes every cached reading stale."""
    if not _fingerprint:
        package = Path(__file__).resolve().parent
        digest = hashlib.blake2b(sys.version.encode(), digest_size=12)
        for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".yaml", ".yml", ".json")):
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
        _fingerprint.append(digest.hexdigest())
    return _fingerprint[0]


def versioned_folder(root: Path, name: str) -> Path:
    """``root/<name>-<code fingerprint>``, the folder of one kind of cache for this code; the
    folders of that kind made by other versions of the code can never be read again, and are
    removed."""
    folder = root / f"{name}-{code_fingerprint()}"
    if root.is_dir():
        for other in root.glob(f"{name}-*"):
            if other != folder and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)
    return folder


class Memo:
    """One kind of cached result (``name``) in a cache root: loaded once, extended per build.

    ``get`` marks what the build used; ``add`` collects what it computed; ``flush`` writes the
    new entries (and compacts when most of the file is stale) in a forked child.
    """

    def __init__(self, root: Path | None, name: str, keep: bool = True) -> None:
        """``keep``: hold the entries in this process for the next build (``mkdocs serve``);
        a caller that changes the values it gets after ``flush`` must not keep them."""
        self.folder = None if root is None else versioned_folder(root, name)
        self.name = name
        self.keep = keep
        self.problems: list[str] = []  # segments that could not be read, for the build's log
        self.entries: dict[Hashable, Any] = self._load()
        self.used: set[Hashable] = set()
        self.reused = 0  # values this build took from the cache
        self.added = 0  # values this build computed and gave to it
        self.fresh: dict[Hashable, Any] = {}
        wait_for_writers(block=False)

    def _load(self) -> dict[Hashable, Any]:
        if self.folder is None:
            return {}
        key = (self.folder, self.name)
        if key in _loaded:
            if self.keep:
                return _loaded[key]
            del _loaded[key]
        entries: dict[Hashable, Any] = {}
        segments = sorted(self.folder.glob(f"*{_SUFFIX}")) if self.folder.is_dir() else []
        if self.folder.is_dir():
            for partial in self.folder.glob("*.partial"):
                if time.time() - partial.stat().st_mtime > PARTIAL_AGE:
                    partial.unlink(missing_ok=True)
        for segment in segments:
            try:
                with segment.open("rb") as stream:
                    entries.update(pickle.load(stream))
            except Exception as error:  # noqa: BLE001 - any unreadable file is only a lost cache entry
                self.problems.append(f"{segment}: {type(error).__name__}: {error}")
                segment.unlink(missing_ok=True)
        if self.keep:
            _loaded[key] = entries
        return entries

    def __len__(self) -> int:
        return len(self.entries)

    def summary(self) -> str:
        """For the build's log: how many values came from the cache (empty when it is off)."""
        return "" if self.folder is None else f" (bộ nhớ đệm: {self.reused} có sẵn, {self.added} mới)"

    def get(self, key: Hashable) -> Any:
        """The cached value for ``key``, or None."""
        value = self.entries.get(key)
        if value is not None:
            self.used.add(key)
            self.reused += 1
        return value

    def touch(self, key: Hashable) -> None:
        """The build used the value for ``key`` from its own memory (a rebuild under serve):
        the entry stays in the cache when ``flush`` compacts it. Untouched, a rebuild after one
        edit left the cache holding that one page, and the next session read all again."""
        if key in self.entries:
            self.used.add(key)

    def add(self, key: Hashable, value: Any) -> None:
        """Keep ``value``, computed by this build, for the next one (written by ``flush``)."""
        self.fresh[key] = value
        self.added += 1

    def flush(self) -> None:
        """Write what this build added, in a forked child (the values are pickled as they are
        now: a caller that goes on to change them flushes first). Without fork, here."""
        if self.folder is None or not self.fresh:
            return
        stale = len(self.entries) - len(self.used)
        segments = sorted(self.folder.glob(f"*{_SUFFIX}"))
        if stale > len(self.used) + len(self.fresh) or len(segments) >= MAX_SEGMENTS:
            content = {key: self.entries[key] for key in self.used}
            content.update(self.fresh)
            replaced = segments
        else:
            content, replaced = dict(self.fresh), []
        self.entries.update(self.fresh)
        self.used.update(self.fresh)
        self.fresh = {}
        folder = self.folder
        _writers.start(lambda: _write_segment(folder, content, replaced))


def wait_for_writers(block: bool = True, timeout: float = WRITER_TIMEOUT) -> bool:
    """Reap the children writing segments: all of them (``block``, at the end of a build, so
    the next build finds the cache complete) or those done. False if one of them failed (a
    writer still running after ``timeout`` seconds is killed; a later build removes its
    partial file)."""
    return _writers.wait(block, timeout)


def _write_segment(folder: Path, content: dict[Hashable, Any], replaced: list[Path]) -> None:
    """Write one segment atomically, then remove the segments it replaces."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{time.time_ns():x}-{os.getpid()}"
    partial = folder / f"{name}.partial"
    with partial.open("wb") as stream:
        pickle.dump(content, stream, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, folder / f"{name}{_SUFFIX}")
    for segment in replaced:
        segment.unlink(missing_ok=True)
