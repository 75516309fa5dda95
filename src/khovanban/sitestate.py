"""What a one-off build left in its site folder, kept for the next build of the same folder.

Under ``mkdocs serve`` a rebuild takes back every generated page whose inputs did not change
(``sitewrite.Reuse``), from what the last build remembered in memory. A one-off ``mkdocs
build`` starts a new process, so it wrote all 16,000 pages of a 10,000-document archive again
(17–25 s) after a one-line edit. This module keeps that memory on disk, in the build cache
(``khovanban.buildcache``): for a site folder, which pages the last build wrote, from which
inputs, and the size and time of each file as written.

The state is trusted only as far as it can be checked:

- it is taken (read and deleted) when a build starts, and written again only when a build
  ends well, so a build that fails half-way leaves no state for a half-written site;
- it names the code (the cache folder's fingerprint) and the project's configuration (a digest
  of mkdocs.yml and the hooks) it was made with; any change and nothing is reused;
- a page is reused only if its file still has the size and time it was written with.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .buildcache import versioned_folder
from .sitewrite import Written


@dataclass
class SiteState:
    """The pages of the last build by source, every file it wrote, the top-level folders of its
    pages and originals, and the digest of the configuration it was built with."""

    pages: dict[str, Written]
    files: set[str] = field(default_factory=set)
    trees: set[str] = field(default_factory=set)
    config: bytes = b""


def configuration_digest(paths: Iterable[Path]) -> bytes:
    """A digest of the files that shape every page besides the package (mkdocs.yml, hooks)."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(paths):
        digest.update(str(path).encode("utf-8") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\1missing")
    return digest.digest()


def _state_file(root: Path, site_dir: Path) -> Path:
    name = hashlib.blake2b(str(site_dir.resolve()).encode("utf-8"), digest_size=10).hexdigest()
    return versioned_folder(root, "site") / f"{name}.pickle"


def take_state(root: Path | None, site_dir: Path, config: bytes) -> SiteState | None:
    """The state the last build of ``site_dir`` left, if it was made with ``config`` and the
    site folder is there; the state file is removed either way (see the module's docstring)."""
    if root is None:
        return None
    path = _state_file(root, site_dir)
    try:
        with path.open("rb") as stream:
            state = pickle.load(stream)
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - an unreadable state only means pages are written again
        state = None
    path.unlink(missing_ok=True)
    if not isinstance(state, SiteState) or state.config != config or not site_dir.is_dir():
        return None
    return state


def keep_state(root: Path | None, site_dir: Path, state: SiteState) -> None:
    """Remember ``state`` for the next build of ``site_dir`` (written atomically)."""
    if root is None:
        return
    path = _state_file(root, site_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with partial.open("wb") as stream:
        pickle.dump(state, stream, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, path)
