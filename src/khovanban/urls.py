"""Page URLs and the relative links between them, in both URL styles of the archive.

The online site uses directory URLs ("van-ban/tinh-uy-bac-giang/2023/2234-cv-tu/"); the
file:// edition uses plain files ("…/2234-cv-tu.html"), because a browser opening a folder
from disk shows a listing, not its index.html. Generated pages (documents, cited documents,
listings) are written by the archive itself, so it computes their links the way MkDocs would,
and every link stays relative: the site works under any base path and from a USB stick.
"""

from __future__ import annotations


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The URL of the page built from ``src_uri`` (a path under docs/, ending in .md)."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        directory = stem[: -len("index")]
        return directory if directory_urls else f"{directory}index.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def _parts(path: str) -> list[str]:
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
        else:
            parts.append(part)
    return parts


def relative_url(target: str, base: str) -> str:
    """``target`` as seen from the page at ``base`` (both site-relative URLs).

    The last part of ``base`` is a file when it holds a dot ("a/b.html"), a directory
    otherwise; a trailing slash on ``target`` is kept. Same rules as MkDocs' own links.
    """
    directory, _, name = base.rpartition("/")
    if "." in name:
        base = directory
    base_parts, target_parts = _parts(base), _parts(target)
    common = 0
    for a, b in zip(base_parts, target_parts):
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(base_parts) - common) + target_parts[common:]) or "."
    return relative + "/" if target.endswith("/") else relative
