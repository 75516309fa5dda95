"""Split the search index into parts: one Pagefind run per part, searched together in the browser.

Why parts:

- Pagefind holds every page it indexes in memory (2.4 GB at 10,000 documents, linear), so
  one index of a national archive (100,000 documents) would not fit this 24 GB machine;
- one Pagefind run writes its index on one thread (17 of its 37 s at 10,000 documents), so
  two parts indexed side by side finish sooner on two cores.

A part is a set of issuer folders (``van-ban/<issuer>/``), chosen with Pagefind's own
``--glob`` (brace alternatives), so pages need not be copied or moved. An issuer with more
pages than a part holds is split by its year folders. ``search.js`` searches every part
and merges the results: by score, or by date when the reader sorts by date.
"""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

PARTS_FILE = "parts.json"  # in site/pagefind/: the list search.js reads
PART_PREFIX = "phan-"
DOCUMENTS_FOLDER = "van-ban"
# Pages per part, at most: about 2.9 GB of Pagefind memory each (measured 2.4 GB at 10,000
# pages, linear), two running at once.
MAX_PART_PAGES = 12_000
# Below this, a second part costs more (one more Pagefind start, one more bundle for the
# browser to load) than it saves.
MIN_PART_PAGES = 1500
# Linux refuses a single command-line argument longer than 128 KiB.
MAX_GLOB_CHARS = 100_000
_GLOB_SPECIAL = set("{}[]*?!,\\")
ENV_PART_PAGES = "KHOVANBAN_SEARCH_PART_PAGES"


@dataclass(frozen=True)
class IndexPart:
    """One Pagefind run: the folders (relative to ``van-ban/``) it indexes and how many pages."""

    name: str  # folder of this part's bundle in site/pagefind/ ("phan-1")
    folders: tuple[str, ...]
    pages: int

    @property
    def glob(self) -> str:
        """Pagefind's --glob for this part's pages, relative to the site."""
        if len(self.folders) == 1:
            return f"{DOCUMENTS_FOLDER}/{self.folders[0]}/**/*.html"
        return f"{DOCUMENTS_FOLDER}/{{{','.join(self.folders)}}}/**/*.html"


def part_pages_limit() -> int:
    """Pages per part: KHOVANBAN_SEARCH_PART_PAGES, or ``MAX_PART_PAGES``."""
    value = os.environ.get(ENV_PART_PAGES, "").strip()
    if not value:
        return MAX_PART_PAGES
    try:
        limit = int(value)
    except ValueError:
        limit = 0
    if limit < 1:
        raise ValueError(f"{ENV_PART_PAGES}={value!r}: cần một số nguyên dương (số trang mỗi phần chỉ mục)")
    return limit


def _folder_of(page: str, depth: int) -> str:
    """"van-ban/tinh-uy-x/2023/26-ct-tu/index.html", depth 1 -> "tinh-uy-x" (2 -> "tinh-uy-x/2023")."""
    parts = page.split("/")
    if len(parts) < 3 or parts[0] != DOCUMENTS_FOLDER:
        raise ValueError(f"{page}: trang văn bản phải nằm trong {DOCUMENTS_FOLDER}/<cơ quan>/")
    inner = parts[1:-1]
    folder = "/".join(inner[:depth])
    if _GLOB_SPECIAL & set(folder):
        raise ValueError(f"{page}: tên thư mục có ký tự đặc biệt của mẫu tìm tệp ({folder}); "
                         "đường dẫn văn bản chỉ được có chữ thường, số và dấu '-'")
    return folder


def _units(pages: list[str], limit: int) -> Counter[str]:
    """Folders to split on, with their page counts: issuer folders, and an issuer's year
    folders when it alone has more than ``limit`` pages."""
    issuers = Counter(_folder_of(page, 1) for page in pages)
    units: Counter[str] = Counter()
    for page in pages:
        issuer = _folder_of(page, 1)
        units[issuer if issuers[issuer] <= limit else _folder_of(page, 2)] += 1
    return units


def plan_parts(pages: Iterable[str], limit: int | None = None, processes: int = 2) -> list[IndexPart]:
    """The parts to index ``pages`` (site-relative paths of document pages) in.

    As many parts as ``limit`` pages each need, and at least one per process once each
    would hold ``MIN_PART_PAGES``; folders in name order, cut where a part reaches its share.
    Deterministic: the same pages give the same parts.
    """
    limit = limit or part_pages_limit()
    listed = list(pages)
    if not listed:
        return [IndexPart(f"{PART_PREFIX}1", (), 0)]
    units = _units(listed, limit)
    total = sum(units.values())
    count = max(math.ceil(total / limit), min(max(1, processes), total // MIN_PART_PAGES))
    while True:
        parts = _cut(sorted(units.items()), count)
        if all(len(part.glob) <= MAX_GLOB_CHARS for part in parts) or count >= len(units):
            return parts
        count += 1


def _cut(units: list[tuple[str, int]], count: int) -> list[IndexPart]:
    total = sum(pages for _, pages in units)
    parts: list[IndexPart] = []
    folders: list[str] = []
    pages_in = done = 0
    for index, (folder, pages) in enumerate(units):
        folders.append(folder)
        pages_in += pages
        done += pages
        left = len(units) - index - 1
        share = done >= total * (len(parts) + 1) / count
        if folders and left and len(parts) < count - 1 and share:
            parts.append(IndexPart(f"{PART_PREFIX}{len(parts) + 1}", tuple(folders), pages_in))
            folders, pages_in = [], 0
    if folders:
        parts.append(IndexPart(f"{PART_PREFIX}{len(parts) + 1}", tuple(folders), pages_in))
    return parts


def write_parts_file(bundle: Path, parts: list[tuple[IndexPart, int]]) -> None:
    """site/pagefind/parts.json: each part's folder and the pages Pagefind indexed in it."""
    listing = {"parts": [{"dir": f"{part.name}/", "pages": indexed} for part, indexed in parts]}
    (bundle / PARTS_FILE).write_text(json.dumps(listing, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def read_parts_file(bundle: Path) -> list[dict[str, object]]:
    """The parts an index lists (``write_parts_file``)."""
    listing = json.loads((bundle / PARTS_FILE).read_text(encoding="utf-8"))
    return list(listing["parts"])
