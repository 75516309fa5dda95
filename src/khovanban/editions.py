"""Editions by audience: which documents each edition may contain.

The public site holds public documents only; the internal edition (USB copies for cadres)
also holds internal ones, marked as such; secret documents and those whose mark awaits
review go into no edition (their originals stay in archive/). The edition is chosen per
build with KHOVANBAN_EDITION; the default is the safe one, public.
"""

from __future__ import annotations

import os
from typing import Any

EDITION_ENV = "KHOVANBAN_EDITION"
EDITIONS: dict[str, frozenset[str]] = {
    "public": frozenset({"public"}),
    "internal": frozenset({"public", "internal"}),
}
ACCESS_LABELS = {"public": "Công khai", "internal": "Lưu hành nội bộ", "secret": "Mật", "review": "Chờ duyệt mức mật"}


class EditionError(ValueError):
    pass


def current_edition() -> str:
    """The edition of this build, from the environment (public when unset)."""
    edition = os.environ.get(EDITION_ENV, "public").strip() or "public"
    if edition not in EDITIONS:
        raise EditionError(
            f"{EDITION_ENV}={edition!r} không hợp lệ. Cách sửa: dùng một trong {', '.join(EDITIONS)}"
        )
    return edition


def admits(meta: dict[str, Any], edition: str) -> bool:
    """True when a document with this front matter may appear in ``edition``.

    A missing or unknown level is not admitted anywhere: the default is safe.
    """
    return str(meta.get("access") or "") in EDITIONS[edition]
