"""Index parts of earlier builds, reused when none of a part's pages changed.

Pagefind took 26 s of a 71 s build at 10,000 documents, and it indexes every page again
each build, although the index is split into parts by issuer (``parts.py``) and an edit
touches the pages of a few issuers. A part's bundle depends only on the HTML files its glob
matches, on Pagefind and on its command line; so each part is keyed by a digest of those
(paths and contents of every file, Pagefind's version, the options), and a part whose key
is in the cache is copied from it instead of being indexed again. The digests of the pages
the build wrote come from the page writer (``sitewrite``), so only other files are read.

The cache sits beside the pages' cache (``khovanban.buildcache``: ``.cache/khovanban/``, same
switches) and holds the parts of the last index built, nothing older: after each index, the
bundles of parts it did not use are removed, so it stays the size of one index.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..buildcache import versioned_folder
from ..digests import file_digest
from .parts import DOCUMENTS_FOLDER, IndexPart


def _pagefind_version() -> str:
    try:
        return version("pagefind")
    except PackageNotFoundError:  # a binary given by PAGEFIND_BINARY_PATH: keyed by its path
        return "unknown"


class PartCache:
    """Bundles of index parts by key, in ``root/pagefind-<code fingerprint>/<key>/``."""

    def __init__(self, root: Path | None, command: Iterable[str], digests: Mapping[str, bytes] | None = None) -> None:
        """``command``: Pagefind's binary and the options that shape a bundle (not the paths).
        ``digests``: site file -> digest of its bytes, where the build knows it (the pages it
        wrote or kept); other files are read."""
        self.folder = None if root is None else versioned_folder(root, "pagefind")
        self.command = (_pagefind_version(), *command)
        self.digests = digests or {}
        self.reused: list[str] = []  # parts copied from the cache by this index
        self.keys: dict[str, str] = {}  # part name -> its key, for the parts of this index

    def key(self, site_dir: Path, part: IndexPart) -> str | None:
        """The digest of everything ``part``'s bundle is made from (None when the cache is off)."""
        if self.folder is None:
            return None
        digest = hashlib.blake2b(digest_size=20)
        for value in (*self.command, part.glob):
            digest.update(value.encode("utf-8") + b"\0")
        for folder in part.folders:
            base = site_dir / DOCUMENTS_FOLDER / folder
            for path in sorted(base.rglob("*.html")):
                name = path.relative_to(site_dir).as_posix()
                digest.update(name.encode("utf-8") + b"\0")
                known = self.digests.get(name)
                digest.update(known if known is not None else file_digest(path))
                digest.update(b"\0")
        self.keys[part.name] = digest.hexdigest()
        return self.keys[part.name]

    def fetch(self, part: IndexPart, bundle: Path) -> bool:
        """Copy ``part``'s cached bundle to ``bundle``; False when it is not cached."""
        key = self.keys.get(part.name)
        if self.folder is None or key is None or not (self.folder / key).is_dir():
            return False
        try:
            link_tree(self.folder / key, bundle)
        except OSError:
            shutil.rmtree(bundle, ignore_errors=True)
            return False
        self.reused.append(part.name)
        return True

    def keep(self, bundles: dict[str, Path]) -> None:
        """Store the new bundles of this index (part name -> folder) and remove every other one."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        wanted = {self.keys[name] for name in bundles if name in self.keys}
        for name, bundle in bundles.items():
            key = self.keys.get(name)
            if key is None or (self.folder / key).is_dir():
                continue
            partial = self.folder / f"{key}.partial"
            shutil.rmtree(partial, ignore_errors=True)
            link_tree(bundle, partial)
            os.replace(partial, self.folder / key)
        for other in self.folder.iterdir():
            if other.name not in wanted:
                shutil.rmtree(other, ignore_errors=True) if other.is_dir() else other.unlink(missing_ok=True)


def link_tree(source: Path, destination: Path) -> None:
    """Hard links where the file system allows (a bundle has a file per page and nothing ever
    writes into one after Pagefind), copies otherwise."""
    try:
        shutil.copytree(source, destination, copy_function=os.link)
    except OSError:
        shutil.rmtree(destination, ignore_errors=True)
        shutil.copytree(source, destination)
