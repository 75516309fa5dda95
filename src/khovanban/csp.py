"""A strict Content-Security-Policy for every page, online and on file://.

Source texts are shown as text, but defence in depth matters for a public archive: the
policy allows scripts only from the site itself and the theme's few inline scripts, each
pinned by its SHA-256 hash. Pages the archive writes into a theme shell pin only the shell's
scripts (``template_script_hashes``), never one in a document's text: were a script ever to
get past escaping into a page, it would not run. Pagefind needs WebAssembly
('wasm-unsafe-eval'); the offline edition imports it from a blob: URL. "file:" is listed because Chromium does not count file: URLs as 'self'; a web
page can never load file: resources, so it opens nothing online.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Sequence

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_DATA_TYPES = ("application/json", "application/ld+json")
_OPENING = re.compile(r"<script\b", re.IGNORECASE)
_CLOSING = re.compile(r"</script>", re.IGNORECASE)


def inline_script_hashes(html: str) -> list[str]:
    """'sha256-…' sources for every inline script that runs (data blocks excluded)."""
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs") or ""
        if re.search(r"\ssrc\s*=", attrs) or any(t in attrs for t in _DATA_TYPES):
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return sorted(set(hashes))


def template_script_hashes(parts: Sequence[str]) -> list[str] | None:
    """Hashes of the inline scripts in a template's fixed text (``parts``: the text between
    its slots), or None when a script element runs across a slot (then hash each page)."""
    for part in parts:
        if len(_OPENING.findall(part)) != len(_CLOSING.findall(part)):
            return None
    return inline_script_hashes("".join(parts))


def policy(html: str, hashes: Iterable[str] | None = None) -> str:
    """The policy for ``html``: its inline scripts' hashes, or ``hashes`` when given."""
    pinned = inline_script_hashes(html) if hashes is None else sorted(set(hashes))
    scripts = " ".join(["'self'", "file:", "blob:", "'wasm-unsafe-eval'", *pinned])
    return "; ".join(
        [
            "default-src 'self' file:",
            f"script-src {scripts}",
            # Tables and the theme set style attributes; styles cannot run code.
            "style-src 'self' file: 'unsafe-inline'",
            "img-src 'self' file: data:",
            "font-src 'self' file:",
            "connect-src 'self' file: blob: data:",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def add_policy(html: str, hashes: Iterable[str] | None = None) -> str:
    """``html`` with the policy as the first element of <head> (before any script runs)."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, hashes)}">'
    return re.sub(r"<head(\s[^>]*)?>", lambda m: m.group(0) + meta, html, count=1, flags=re.IGNORECASE)
