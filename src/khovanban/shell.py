"""Page shells: the theme's page around a generated page, rendered once and filled many times.

A build of 10,000 documents renders some 17,000 generated pages (documents, cited documents,
listings). Rendering each through the theme's templates cost 3 ms a page, and nothing in those
templates differs between two such pages but their title, description, table of contents,
content and address: none is in the navigation, and all pages at the same folder depth share
every relative link. So the site renders one stand-in page per distinct combination of those
(a *shell*: about 20 per build) with marks in place of the page's own parts, and every
generated page is that text with its parts put in. ``tests/test_shells.py`` builds a site both
ways and compares every generated page byte for byte, so a theme update that starts using
something else of the page shows up as a failing test, not as a wrong site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

TITLE = "KVSHELLTITLE"
DESCRIPTION = "KVSHELLDESCRIPTION"
CONTENT = "KVSHELLCONTENT"
ADDRESS = "KVSHELLADDRESS"
HEAD = "KVSHELLHEAD"
_SLOTS = re.compile(f"({TITLE}|{DESCRIPTION}|{CONTENT}|{ADDRESS}|{HEAD})")
STAND_IN_DIR = "_khuon"
_CUT = "<h1>KVSHELLCUT</h1>"

# A table of contents entry: (level, anchor, name as HTML, children).
TocEntry = tuple[int, str, str, tuple[Any, ...]]


@dataclass(frozen=True)
class ShellKey:
    """What the theme's page depends on, besides the slots that are filled per page."""

    folders: tuple[str, ...]  # the page URL's folders that links depend on, the rest as "" (see LinkFrame)
    described: bool  # the page has its own meta description
    own_heading: bool  # the content holds its own <h1> (otherwise the theme adds one)
    toc: tuple[TocEntry, ...]


def toc_entries(tokens: list[dict[str, Any]]) -> tuple[TocEntry, ...]:
    """Python-Markdown's toc_tokens as hashable entries."""
    return tuple((t["level"], t["id"], t["name"], toc_entries(t.get("children", []))) for t in tokens)


def toc_tokens(entries: tuple[TocEntry, ...]) -> list[dict[str, Any]]:
    """Entries back to the token form MkDocs' ``get_toc`` reads."""
    return [{"level": level, "id": anchor, "name": name, "children": toc_tokens(children)}
            for level, anchor, name, children in entries]


def url_folders(url: str) -> list[str]:
    """The folders relative links start from: "van-ban/a/2023/1-cv/" → 4, "…/1-cv.html" → 3."""
    parts = url.split("/")
    if "." in parts[-1]:
        parts = parts[:-1]
    return [part for part in parts if part]


class LinkFrame:
    """Which folders of a page's URL its relative links depend on.

    A relative link from page P to target T climbs out of P's folders down to the first one
    T does not share. The theme links to the navigation's pages and to the site root, so two
    pages at the same depth get the same links exactly when they share the folders that
    some navigation target also has, in order; the folders below those can be anything.
    """

    def __init__(self, target_urls: list[str]) -> None:
        self._prefixes: set[tuple[str, ...]] = set()
        for url in target_urls:
            parts = url_folders(url)
            self._prefixes.update(tuple(parts[: i + 1]) for i in range(len(parts)))

    def folders(self, url: str) -> tuple[str, ...]:
        parts = url_folders(url)
        shared = 0
        while shared < len(parts) and tuple(parts[: shared + 1]) in self._prefixes:
            shared += 1
        return tuple(parts[:shared]) + ("",) * (len(parts) - shared)


def stand_in_path(key_index: int, folders: tuple[str, ...], directory_urls: bool) -> str:
    """Source path (under docs/) of the stand-in page for a shell: same shared folders, same depth."""
    names = [folder or STAND_IN_DIR for folder in folders]
    if directory_urls:
        if not names or folders[-1]:
            raise ValueError(f"no stand-in page can have the links of a page in /{'/'.join(folders)}/")
        names[-1] = f"{STAND_IN_DIR}-{key_index}"
        return "/".join(names) + ".md"
    return "/".join([*names, f"{STAND_IN_DIR}-{key_index}.md"])


def stand_in_source(key: ShellKey) -> str:
    """The stand-in page's Markdown: marks for the title and the description."""
    front = f"title: {TITLE}\n" + (f"description: {DESCRIPTION}\n" if key.described else "")
    return f"---\n{front}---\n"


def stand_in_content(key: ShellKey) -> str:
    """What the stand-in page's content is replaced with, once rendered by Markdown.

    The theme adds an <h1> with the title to content that has none; a page with its own
    heading gets a stand-in heading that ``Shell`` removes again.
    """
    return f"{CONTENT}{_CUT}" if key.own_heading else CONTENT


class Shell:
    """A rendered stand-in page, split at its marks, ready to be filled."""

    def __init__(self, html: str, stand_in_url: str | None) -> None:
        if stand_in_url is not None:
            html = html.replace(f'href="{stand_in_url}"', f'href="{ADDRESS}"')
        if "</head>" not in html:
            raise ValueError("the stand-in page has no </head>")
        html = html.replace("</head>", f"{HEAD}</head>", 1).replace(_CUT, "")
        if html.count(CONTENT) != 1:
            raise ValueError(f"the stand-in page shows its content {html.count(CONTENT)} times, not once")
        self.parts = _SLOTS.split(html)

    def fill(self, title: str, description: str | None, content: str, head: str = "", address: str = "") -> str:
        """The page: this shell with one page's parts in its slots (all given as HTML)."""
        values = {TITLE: title, DESCRIPTION: description or "", CONTENT: content, ADDRESS: address, HEAD: head}
        parts = self.parts
        out = [parts[0]]
        for index in range(1, len(parts), 2):
            out.append(values[parts[index]])
            out.append(parts[index + 1])
        return "".join(out)
