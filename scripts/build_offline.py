#!/usr/bin/env python3
"""Build the offline edition: a folder (and a .zip) that opens from file:// with search.

Usage: python scripts/build_offline.py [--edition public|internal] [--out offline] [--no-zip]

Steps: build the site with MkDocs using plain .html URLs (no directory URLs on file://) and
the offline search loader; repack the Pagefind bundle as scripts; add the fixity page and
the edition's own manifest-sha256.txt; zip it. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from importlib import resources
from pathlib import Path

import yaml

from khovanban.csp import add_policy
from khovanban.offline import CHECK_PAGE, OFFLINE_PART_PAGES, pack_pagefind, write_manifest, zip_edition
from khovanban.search.parts import ENV_PART_PAGES

ROOT = Path(__file__).resolve().parents[1]
OFFLINE_SCRIPT = "assets/offline-search.js"


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml without resolving MkDocs' own tags (only extra_javascript is needed)."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def offline_config(project: Path, site_dir: Path) -> Path:
    """A config inheriting mkdocs.yml: .html URLs, the offline loader, the given site_dir."""
    parent = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    scripts = list(parent.get("extra_javascript") or [])
    child = {
        "INHERIT": str(project / "mkdocs.yml"),
        "use_directory_urls": False,
        "site_dir": str(site_dir),
        "extra_javascript": [OFFLINE_SCRIPT, *scripts],
    }
    # Beside mkdocs.yml: MkDocs resolves docs_dir and hooks relative to the config file.
    with tempfile.NamedTemporaryFile(
        "w", prefix=".mkdocs-offline-", suffix=".yml", dir=project, delete=False, encoding="utf-8"
    ) as handle:
        yaml.safe_dump(child, handle, allow_unicode=True)
    return Path(handle.name)


def build(project: Path, out: Path, edition: str, make_zip: bool) -> Path:
    site = out / "kho-van-ban"
    shutil.rmtree(site, ignore_errors=True)
    config = offline_config(project, site)
    started = time.perf_counter()
    try:
        _log(f"[1/4] mkdocs build (ấn bản {edition}, URL dạng .html) → {site}")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KHOVANBAN_EDITION": edition}
        env.pop("KHOVANBAN_SITE_URL", None)  # the edition must carry no absolute URL
        env[ENV_PART_PAGES] = str(OFFLINE_PART_PAGES)
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
        result = subprocess.run(command, env=env, check=False)
        if result.returncode != 0:
            raise SystemExit(f"mkdocs build thất bại (mã {result.returncode}); xem thông báo ở trên")
    finally:
        config.unlink(missing_ok=True)
    (site / "404.html").unlink(missing_ok=True)  # absolute links; a folder has no 404 handling
    _log("[2/4] đóng gói chỉ mục tìm kiếm cho file://")
    count = pack_pagefind(site, lambda i, n: _log(f"      {i}/{n} tệp chỉ mục"))
    _log(f"      {count} tệp chỉ mục")
    page = resources.files("khovanban").joinpath("templates", CHECK_PAGE).read_text(encoding="utf-8")
    (site / CHECK_PAGE).write_text(add_policy(page), encoding="utf-8")
    _log("[3/4] manifest-sha256.txt của ấn bản")
    entries = write_manifest(site)
    size = sum((site / name).stat().st_size for name in entries)
    _log(f"      {len(entries)} tệp, {size / 1024 / 1024:.1f} MB")
    if make_zip:
        target = out / f"kho-van-ban-{edition}-{date.today().isoformat()}.zip"
        _log(f"[4/4] nén → {target}")
        zip_edition(site, target)
    _log(f"Xong sau {time.perf_counter() - started:.1f} s. Mở {site / 'index.html'} bằng trình duyệt.")
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edition", choices=("public", "internal"), default="public",
                        help="ấn bản: public (mặc định) hoặc internal (bản USB cho cán bộ)")
    parser.add_argument("--project", type=Path, default=ROOT, help="thư mục dự án (có mkdocs.yml)")
    parser.add_argument("--out", type=Path, default=ROOT / "offline", help="thư mục kết quả (mặc định: offline/)")
    parser.add_argument("--no-zip", action="store_true", help="không tạo tệp .zip")
    args = parser.parse_args(argv)
    build(args.project.resolve(), args.out.resolve(), args.edition, not args.no_zip)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
