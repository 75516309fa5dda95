"""The offline edition: the built site made to work from a folder or USB stick (file://).

What a normal static build lacks on file://: Chromium refuses fetch() and module imports,
so Pagefind's bundle is repacked as one classic script per file (loaded on demand by
assets/offline-search.js); the edition carries its own fixity manifest and a page that
checks it; and it ships as a folder plus a .zip. The site itself is built by MkDocs with
``use_directory_urls: false`` (scripts/build_offline.py) — nothing here imports MkDocs.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

from .manifest import sha256_file
from .search.parts import ENV_PART_PAGES, PARTS_FILE, read_parts_file

PACKED_DIR = "pagefind-offline"
MANIFEST = "manifest-sha256.txt"
MANIFEST_SCRIPT = "manifest-sha256.js"
CHECK_PAGE = "kiem-tra-toan-ven.html"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
# The edition's search index is one part, however large the archive. On file:// Pagefind runs
# in the page's own thread (no Worker), and there an index merged from parts failed in
# most queries tried with "memory access out of bounds" / "unreachable" inside Pagefind's
# WebAssembly (Chromium 156, Pagefind 1.5.2; the same parts searched fine online, in the
# worker). One part costs the build the parallel index (about 10 s at 10,000 documents)
# and bounds the edition by Pagefind's memory (2.4 GB per 10,000 documents).
OFFLINE_PART_PAGES = 10**9


def packed_name(name: str) -> str:
    """File name of the script carrying bundle file ``name`` (same rule as offline-search.js)."""
    return _UNSAFE.sub("_", name) + ".js"


def pack_pagefind(site: Path, progress: Callable[[int, int], None] | None = None) -> int:
    """Turn site/pagefind/* into site/pagefind-offline/*.js; return the number of files.

    The original bundle is removed: on file:// nothing can fetch it, and it would double
    the edition's size.
    """
    bundle = site / "pagefind"
    if not (bundle / PARTS_FILE).is_file():
        raise FileNotFoundError(f"{bundle}/{PARTS_FILE}: no search index in the built site (build it first)")
    if len(read_parts_file(bundle)) != 1:
        raise ValueError(f"{bundle}: ấn bản offline cần chỉ mục tìm kiếm một phần. "
                         f"Cách sửa: dựng lại site với {ENV_PART_PAGES}={OFFLINE_PART_PAGES} (scripts/build_offline.py làm sẵn)")
    out = site / PACKED_DIR
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    files = sorted(p for p in bundle.rglob("*") if p.is_file())
    for index, path in enumerate(files, start=1):
        name = path.relative_to(bundle).as_posix()
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        script = f"(window.__kvPagefind=window.__kvPagefind||{{}})[{json.dumps(name)}]=\"{data}\";\n"
        (out / packed_name(name)).write_text(script, encoding="ascii")
        if progress and (index % 500 == 0 or index == len(files)):
            progress(index, len(files))
    shutil.rmtree(bundle)
    return len(files)


def write_manifest(site: Path) -> dict[str, str]:
    """manifest-sha256.txt of every file in the edition, and the same as a script for the check page."""
    entries: dict[str, str] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        if name in (MANIFEST, MANIFEST_SCRIPT):
            continue
        entries[name] = sha256_file(path)
    (site / MANIFEST).write_text("".join(f"{h}  {n}\n" for n, h in entries.items()), encoding="utf-8")
    (site / MANIFEST_SCRIPT).write_text(
        "window.kvManifest=" + json.dumps(entries, ensure_ascii=False, sort_keys=True) + ";\n", encoding="utf-8"
    )
    return entries


def verify_folder(site: Path) -> tuple[list[str], list[str], list[str]]:
    """(missing, altered, extra) files of an edition folder against its manifest."""
    expected: dict[str, str] = {}
    for line in (site / MANIFEST).read_text(encoding="utf-8").splitlines():
        checksum, _, name = line.partition("  ")
        expected[name] = checksum
    present = {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}
    missing = sorted(n for n in expected if n not in present)
    altered = sorted(n for n, p in present.items() if n in expected and sha256_file(p) != expected[n])
    extra = sorted(n for n in present if n not in expected and n not in (MANIFEST, MANIFEST_SCRIPT))
    return missing, altered, extra


def zip_edition(site: Path, destination: Path) -> Path:
    """The edition as one .zip whose top folder is the edition folder."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            archive.write(path, f"{site.name}/{path.relative_to(site).as_posix()}")
    return destination


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
