"""One digest of several inputs, for the caches that decide what a rebuild can keep.

Used by the citation graph (what a page's mentions are read from) and the page writer (what a
page is made from), so both tell inputs apart the same way; and, for written files, by the
page writer and the search index's part cache, so a page's digest is the same from either.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

_READ_CHUNK = 1 << 20


def parts_digest(*parts: Any) -> bytes:
    """A digest of ``parts``: text as it is (a body's repr cost more than the hash), anything
    else by its repr; each part prefixed with its length, so no two lists of parts collide.
    Joined and encoded once: a page has about 50 parts, and hashing them one by one cost
    twice as much."""
    texts = [part if isinstance(part, str) else repr(part) for part in parts]
    joined = "".join(f"{len(text)}\0{text}" for text in texts)
    return hashlib.blake2b(joined.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def bytes_digest(data: bytes) -> bytes:
    """The digest of a written file's bytes (the page writer's; the search index's parts are
    keyed by these)."""
    return hashlib.blake2b(data, digest_size=16).digest()


def file_digest(path: Path) -> bytes:
    """``bytes_digest`` of a file, read in blocks."""
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as stream:
        while block := stream.read(_READ_CHUNK):
            digest.update(block)
    return digest.digest()
