#!/usr/bin/env python3
"""Offline edition benchmark: size, search start-up time and memory on file://.

    python scripts/bench_offline.py                    # the seed archive and 10,000 synthetic documents
    python scripts/bench_offline.py --sizes 1000,10000 # synthetic sizes only, plus the seeds

For the seed archive it builds the real edition (scripts/build_offline.py). For N synthetic
documents it writes the search benchmark's pages (scripts/bench_search.py), indexes them
with Pagefind and repacks the index exactly as the edition does. Then Chromium opens a page
from file:// with all network blocked and the script prints: edition size, time from opening
the page to the first query's results ("ready"), the engine's own start-up, a second query's
time, and the JS heap in use. Target: ready in under 2 s at 10,000 documents.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench_search import FINAL_STATUS, header_html, say, write_site
from khovanban.offline import pack_pagefind
from khovanban.search import build_index

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# A number (what staff type most: cheap, like the engine's own start-up), then common
# syllables present in most documents (the heaviest kind of query), then a name.
QUERIES = ("29-CV/TU", "ket luan thuc hien", "Tỉnh ủy Bắc Giang")


def folder_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def synthetic_edition(root: Path, count: int, seed: int) -> Path:
    site = root / f"synthetic-{count}"
    say(f"[{count}] trang tổng hợp → {site}")
    write_site(site, count, seed)
    say(f"[{count}] lập chỉ mục Pagefind")
    build_index(site)
    say(f"[{count}] đóng gói chỉ mục cho file://")
    pack_pagefind(site, lambda i, n: say(f"      {i}/{n} tệp"))
    shutil.copy(REPO / "docs/assets/offline-search.js", site / "assets/offline-search.js")
    (site / "index.html").write_text(
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Kho văn bản</title>'
        '<link rel="stylesheet" href="assets/search.css"></head><body>'
        f'<header class="md-header"><nav class="md-header__inner">{header_html(".")}</nav></header>'
        '<script src="assets/offline-search.js"></script><script src="assets/search.js"></script></body></html>',
        encoding="utf-8",
    )
    return site


def seed_edition(root: Path) -> Path:
    sys.path.insert(0, str(REPO / "scripts"))
    from build_offline import build

    return build(REPO, root / "seeds", "public", make_zip=False)


def measure(label: str, site: Path) -> list[str]:
    from playwright.sync_api import sync_playwright

    files, size = folder_size(site)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context()
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "blob:", "data:")) else r.abort())
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
        started = time.perf_counter()
        page.goto((site / "index.html").as_uri())
        timings = []
        for query in QUERIES:
            took = page.evaluate(
                """async ([query, finalStatus]) => {
                    const box = document.querySelector('.kv-search__input');
                    const status = document.querySelector('.kv-search__status');
                    status.textContent = ''; box.focus(); box.value = query;
                    const t = performance.now(); box.form.requestSubmit();
                    const re = new RegExp(finalStatus);
                    await new Promise(done => { const c = () => re.test(status.textContent) ? done() : setTimeout(c, 5); c(); });
                    return [performance.now() - t, status.textContent];
                }""",
                [query, FINAL_STATUS],
            )
            timings.append(took)
            if len(timings) == 1:
                ready = time.perf_counter() - started
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        browser.close()
    heap = metrics.get("JSHeapUsedSize", 0) / 1024 / 1024
    lines = [
        f"{label}: {files} tệp, {size / 1024 / 1024:.1f} MB",
        f"  sẵn sàng (mở trang → kết quả truy vấn đầu «{QUERIES[0]}»): {ready:.2f} s; riêng truy vấn đầu {timings[0][0] / 1000:.2f} s",
    ]
    lines += [f"  «{q}»: {t[0] / 1000:.2f} s — {t[1]}" for q, t in zip(QUERIES[1:], timings[1:])]
    return lines + [f"  bộ nhớ JS đang dùng: {heap:.0f} MB"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000", help="synthetic sizes, comma-separated (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-seeds", action="store_true", help="skip the real seed edition")
    args = parser.parse_args(argv)
    report: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kho-offline-") as tmp:
        root = Path(tmp)
        if not args.no_seeds:
            report += measure("Kho hạt giống (5 văn bản + trang dẫn chiếu)", seed_edition(root))
        for count in (int(s) for s in args.sizes.split(",") if s):
            report += measure(f"{count} văn bản tổng hợp", synthetic_edition(root, count, args.seed))
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
