"""One digest of several inputs, for the caches that decide what a rebuild can keep.

Used by the citation graph (what a page's mentions are read from) and the page writer (what a
page is made from), so both tell inputs apart the same way.
"""

from __future__ import annotations

import hashlib
from typing import Any


def parts_digest(*parts: Any) -> bytes:
    """A digest of ``parts``: text as it is (a body's repr cost more than the hash), anything
    else by its repr; each part prefixed with its length, so no two lists of parts collide.
    Joined and encoded once: a page has about 50 parts, and hashing them one by one cost
    twice as much."""
    texts = [part if isinstance(part, str) else repr(part) for part in parts]
    joined = "".join(f"{len(text)}\0{text}" for text in texts)
    return hashlib.blake2b(joined.encode("utf-8", "surrogatepass"), digest_size=16).digest()
