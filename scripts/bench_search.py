#!/usr/bin/env python3
"""Search benchmark: index N synthetic documents and measure what a reader's browser pays.

    python scripts/bench_search.py                 # 10,000 documents, seed 1, in a temp dir
    python scripts/bench_search.py --docs 2000 --keep --out /tmp/kho-search-2k
    python scripts/bench_search.py --site /tmp/kho-10k/site   # an already built site (any generator)

Prints: index size on disk (by kind of file), index build time, bytes Chromium fetched for
the first query (cold: engine, index metadata, index chunks, result fragments) and for typical
queries after it, query latency (first, typical median and 95th percentile; engine time alone
too), the first query on a throttled "slow 3G" connection, and how often a number query puts a
document with that number first. Byte counts are as served by Python's http.server (no
compression) and, for text files, gzip-compressed as a usual web host sends them (Pagefind's
index files are gzip already). Target: first query under 150 kB at 10,000 documents.

Never touches the real archive: pages are written into --out (a temp dir by default).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from khovanban.search import build_index, number_key
from khovanban.search.synthetic import SyntheticDocument, sentence_bank, synthetic_documents

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
FIRST_QUERY = "ket luan thuc hien"
TYPICAL_QUERIES = ("Tỉnh ủy Bắc Giang", "dang doan lien doan lao dong", "“tự diễn biến”", "ke hoach tuyen truyen",
                   "Nguyễn Văn Hùng", "khoá XI", "phát huy vai trò", "công tác dân vận")
TEXT_SUFFIXES = (".js", ".css", ".json", ".html", ".svg")
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400 * 1024 // 8, "uploadThroughput": 400 * 1024 // 8}
FINAL_STATUS = r"^(Tìm thấy|Văn bản chứa|Không tìm thấy|Chưa thấy|Không tải|Lỗi)"


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the synthetic site

def header_html(base_url: str) -> str:
    """The real search box partial, rendered for a page at ``base_url``."""
    source = (REPO / "overrides" / "partials" / "kv-search.html").read_text(encoding="utf-8")
    return jinja2.Template(source).render(base_url=base_url)


def write_site(site: Path, docs: int, seed: int, reuse: bool = False) -> list[SyntheticDocument]:
    """Write ``docs`` synthetic document pages and the search assets into ``site``.

    With ``reuse`` the pages already there (same count and seed) are kept: only the list of
    documents is generated again, and the current search.js and search.css are copied.
    """
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "docs" / "van-ban").rglob("*.md"))]
    corpus = REPO.parent / "shared" / "corpus"
    if corpus.is_dir():  # more real sentences when ../shared is there (never required)
        texts += [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    sentences = sentence_bank(texts)
    say(f"câu mẫu: {len(sentences)} câu lấy từ {len(texts)} văn bản thật")
    (site / "assets").mkdir(parents=True, exist_ok=True)
    for name in ("search.js", "search.css"):
        shutil.copy(REPO / "docs" / "assets" / name, site / "assets" / name)
    written: list[SyntheticDocument] = []
    started = time.perf_counter()
    headers: dict[str, str] = {}
    for index, doc in enumerate(synthetic_documents(docs, seed, sentences), start=1):
        if reuse:
            written.append(doc)
            continue
        depth = doc.url.rstrip("/").count("/") + 1
        base = "/".join([".."] * depth)
        html = doc.page_html(headers.setdefault(base, header_html(base)), base)
        page = site / doc.url / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(html, encoding="utf-8")
        written.append(doc)
        if index % 500 == 0 or index == docs:
            rate = index / (time.perf_counter() - started)
            say(f"  trang: {index}/{docs} ({rate:.0f}/s)")
    return written


# ---------------------------------------------------------------- measuring

@dataclass
class Fetched:
    """Requests the browser made, with bytes as served and as a compressing host would send them."""

    urls: list[str] = field(default_factory=list)
    raw: int = 0
    gzipped: int = 0

    def line(self) -> str:
        files = len(self.urls)
        return f"{self.raw / 1024:7.1f} kB như máy chủ thử gửi, {self.gzipped / 1024:7.1f} kB nếu nén gzip ({files} tệp)"


def _on_disk(site: Path, base: str, url: str) -> Path | None:
    path = url.removeprefix(base).split("?")[0].split("#")[0]
    target = site / path
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target if target.is_file() else None


def account(site: Path, base: str, urls: list[str]) -> Fetched:
    fetched = Fetched(urls=list(urls))
    for url in urls:
        target = _on_disk(site, base, url)
        if target is None:
            continue
        data = target.read_bytes()
        fetched.raw += len(data)
        text = target.suffix in TEXT_SUFFIXES
        fetched.gzipped += len(gzip.compress(data, 6)) if text else len(data)
    return fetched


@contextmanager
def serve(site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


def timed_query(page, query: str) -> tuple[float, float]:
    """Submit ``query`` in the header box; (ms until results are shown, ms the engine reported)."""
    result = page.evaluate(
        """async ([query, finalStatus]) => {
            const box = document.querySelector('.kv-search__input');
            const status = document.querySelector('.kv-search__status');
            status.textContent = '';
            box.focus();
            box.value = query;
            const started = performance.now();
            box.form.requestSubmit();
            const re = new RegExp(finalStatus);
            await new Promise(done => {
                const check = () => re.test(status.textContent) ? done() : setTimeout(check, 2);
                check();
            });
            const engine = /\\((\\d+) ms\\)/.exec(status.textContent);
            return [performance.now() - started, engine ? Number(engine[1]) : -1];
        }""",
        [query, FINAL_STATUS],
    )
    return float(result[0]), float(result[1])


def first_result_url(page) -> str:
    return page.evaluate("() => { const a = document.querySelector('.kv-result a'); return a ? a.href : ''; }")


def measure(site: Path, docs: list[SyntheticDocument], ranking_checks: int, seed: int) -> None:
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        outside: list[str] = []
        requests: list[str] = []

        def guard(route) -> None:
            if route.request.url.startswith(base):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        # On the context, not the page: Pagefind's Web Worker fetches the index itself.
        context.on("requestfinished", lambda request: requests.append(request.url))
        page = context.new_page()
        start_url = base + (docs[len(docs) // 2].url if docs else "")
        page.goto(start_url, wait_until="networkidle")
        page_load = account(site, base, requests)
        say(f"mở một trang văn bản: {page_load.line()} (chưa tính vào tìm kiếm)")

        requests.clear()
        first_ms, first_engine = timed_query(page, FIRST_QUERY)
        page.wait_for_load_state("networkidle")
        first = account(site, base, requests)
        print(f"\nTruy vấn đầu tiên «{FIRST_QUERY}» (trình duyệt chưa có gì của chỉ mục):")
        print(f"  tải về: {first.line()}")
        for url in first.urls:
            target = _on_disk(site, base, url)
            size = target.stat().st_size if target else 0
            print(f"    {size / 1024:7.1f} kB  {url.removeprefix(base)}")
        print(f"  thời gian tới khi hiện kết quả: {first_ms:.0f} ms (máy tìm kiếm: {first_engine:.0f} ms)")

        typical_bytes: list[Fetched] = []
        latencies: list[float] = []
        engine: list[float] = []
        for query in TYPICAL_QUERIES:
            requests.clear()
            elapsed, engine_ms = timed_query(page, query)
            page.wait_for_load_state("networkidle")
            fetched = account(site, base, requests)
            typical_bytes.append(fetched)
            latencies.append(elapsed)
            if engine_ms >= 0:
                engine.append(engine_ms)
            print(f"  «{query}»: {elapsed:.0f} ms; tải thêm {fetched.line()}")
        repeat = []
        for query in TYPICAL_QUERIES:  # the same queries again: everything cached in the page
            repeat.append(timed_query(page, query)[0])
        print("\nTruy vấn thường gặp (sau truy vấn đầu):")
        print(f"  tải thêm, trung vị: {statistics.median(f.raw for f in typical_bytes) / 1024:.1f} kB "
              f"(gzip {statistics.median(f.gzipped for f in typical_bytes) / 1024:.1f} kB), "
              f"lớn nhất {max(f.raw for f in typical_bytes) / 1024:.1f} kB")
        print(f"  thời gian tới khi hiện kết quả: trung vị {statistics.median(latencies):.0f} ms, "
              f"p95 {sorted(latencies)[int(0.95 * (len(latencies) - 1))]:.0f} ms; "
              f"lặp lại (đã có trong bộ nhớ): trung vị {statistics.median(repeat):.0f} ms")
        if engine:
            print(f"  riêng máy tìm kiếm Pagefind: trung vị {statistics.median(engine):.0f} ms")

        if ranking_checks and docs:
            check_numbers(page, docs, ranking_checks, seed)
        context.close()

        number = docs[len(docs) // 3].meta["number"] if docs else "2234-CV/TU"
        print("\nTruy vấn đầu tiên là một số văn bản (trình duyệt mới, chưa có gì của chỉ mục):")
        for query, throttled in ((number, False), (number, True), (FIRST_QUERY, True)):
            elapsed, fetched = cold_query(browser, guard, site, base, start_url, query, throttled)
            where = "mạng chậm giả lập (400 kbit/s, trễ 400 ms, không nén)" if throttled else "máy chủ cục bộ"
            print(f"  «{query}», {where}: {elapsed / 1000:.1f} s; tải về {fetched.line()}")
        browser.close()
        if outside:
            raise SystemExit(f"trình duyệt đã gọi ra ngoài trang: {outside[:5]}")


def cold_query(browser, guard, site: Path, base: str, start_url: str, query: str, throttled: bool) -> tuple[float, Fetched]:
    """A first query in a fresh browser context, optionally on a throttled "slow 3G" network."""
    context = browser.new_context()
    context.route("**/*", guard)
    requests: list[str] = []
    context.on("requestfinished", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(start_url, wait_until="networkidle")
    if throttled:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    requests.clear()
    elapsed, _ = timed_query(page, query)
    page.wait_for_load_state("networkidle")
    fetched = account(site, base, requests)
    context.close()
    return elapsed, fetched


def check_numbers(page, docs: list[SyntheticDocument], checks: int, seed: int) -> None:
    """For sampled documents, every common writing of the number must put a document with it first."""
    rng = random.Random(seed)
    by_url = {doc.url: doc for doc in docs}
    sample = rng.sample(docs, min(checks, len(docs)))
    good = total = 0
    misses: list[str] = []
    for doc in sample:
        number = doc.meta["number"]
        key = number_key(number)
        digits, _, rest = number.replace("/", "-", 1).partition("-")
        codes = [c for c in rest.replace("/", "-").split("-") if c]
        for query in (number, f"{digits} {' '.join(codes)}", key):
            timed_query(page, query)
            url = first_result_url(page)
            path = url.split("/", 3)[-1] if url.startswith("http") else url
            first = by_url.get(path)
            total += 1
            if first is not None and number_key(first.meta["number"]) == key:
                good += 1
            else:
                misses.append(f"«{query}» → {path or 'không có kết quả'}")
    print(f"\nTìm theo số: {good}/{total} truy vấn đưa một văn bản mang đúng số đó lên đầu "
          f"({len(sample)} văn bản × 3 cách viết)")
    for miss in misses[:10]:
        print(f"  sai: {miss}")


def disk_report(index_dir: Path) -> None:
    kinds: dict[str, list[int]] = {}
    for path in index_dir.rglob("*"):
        if path.is_file():
            kind = path.parent.name if path.parent != index_dir else path.suffix or path.name
            kinds.setdefault(kind, []).append(path.stat().st_size)
    total = sum(sum(v) for v in kinds.values())
    print(f"Chỉ mục trên đĩa: {total / 1024 / 1024:.1f} MB, {sum(len(v) for v in kinds.values())} tệp")
    for kind, sizes in sorted(kinds.items(), key=lambda kv: -sum(kv[1])):
        print(f"  {kind:<12} {len(sizes):6} tệp  {sum(sizes) / 1024:9.1f} kB  (lớn nhất {max(sizes) / 1024:.1f} kB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--docs", type=int, default=10_000, help="số văn bản tổng hợp (mặc định 10000)")
    parser.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên (cùng hạt, cùng dữ liệu)")
    parser.add_argument("--out", type=Path, help="thư mục ghi trang (mặc định: thư mục tạm, xóa khi xong)")
    parser.add_argument("--keep", action="store_true", help="giữ lại thư mục trang sau khi đo")
    parser.add_argument("--site", type=Path, help="đo một trang đã dựng sẵn (bỏ qua bước sinh trang)")
    parser.add_argument("--ranking-checks", type=int, default=20, help="số văn bản thử tìm theo số (0: bỏ qua)")
    parser.add_argument("--no-browser", action="store_true", help="chỉ dựng chỉ mục, không đo trong Chromium")
    parser.add_argument("--reuse", action="store_true",
                        help="dùng lại các trang đã sinh trong --out (cùng --docs, --seed); chỉ chép lại search.js")
    args = parser.parse_args(argv)

    temp = None
    docs: list[SyntheticDocument] = []
    if args.site:
        site = args.site
    else:
        if args.out is None:
            temp = tempfile.mkdtemp(prefix="kho-search-bench-")
        site = args.out or Path(temp or ".")
        if site.resolve() == REPO or REPO in site.resolve().parents:
            parser.error("--out phải nằm ngoài kho mã nguồn")
        say(f"sinh {args.docs} văn bản vào {site}")
        docs = write_site(site, args.docs, args.seed, reuse=args.reuse and (site / "pagefind").is_dir())
    try:
        if args.reuse and (site / "pagefind" / "pagefind-entry.json").is_file():
            say("dùng lại chỉ mục đã dựng")
        else:
            say("dựng chỉ mục Pagefind…")
            started = time.perf_counter()
            stats = build_index(site)
            print(f"Văn bản: {stats.page_count}; dựng chỉ mục: {time.perf_counter() - started:.1f} s")
        disk_report(site / "pagefind")
        if not args.no_browser:
            measure(site, docs, args.ranking_checks, args.seed)
    finally:
        if temp and not args.keep:
            shutil.rmtree(temp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
