#!/usr/bin/env python3
"""Write a synthetic corpus of originals into a separate project directory (for benchmarks).

    python scripts/generate_corpus.py --count 10000 --seed 1 --out /tmp/kho-10k [--ingest]

Originals go to OUT/archive/ (one .txt per document, the seeds' layout); OUT/synthetic-plan.json
records what each one is and cites (the truth the benchmark compares the citation graph with).
With --ingest, the normal ingest then writes OUT/archive/manifest-sha256.txt and OUT/docs/van-ban/.
The real archive is never touched: OUT must not be this repository.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from khovanban.ingest import ingest_archive
from khovanban.synthetic import generate

REPO = Path(__file__).resolve().parents[1]
PLAN_FILE = "synthetic-plan.json"


def _refuse(out: Path) -> str | None:
    """Why ``out`` may not receive a corpus (None when it may)."""
    resolved = out.resolve()
    if resolved == REPO or REPO in resolved.parents:
        return f"{out} nằm trong kho thật ({REPO}); chọn một thư mục bên ngoài, ví dụ /tmp/kho-10k"
    archive = out / "archive"
    if archive.is_dir() and any(archive.iterdir()):
        return f"{archive} đã có tệp; chọn thư mục trống để không trộn hai bộ dữ liệu"
    return None


def _progress(label: str, index: int, total: int, started: float) -> None:
    if index == total or index % 500 == 0:
        rate = index / max(time.perf_counter() - started, 1e-9)
        print(f"\r{label}: {index}/{total} ({rate:.0f}/s)", end="\n" if index == total else "", file=sys.stderr, flush=True)


def write_corpus(count: int, seed: int, out: Path, quiet: bool = False, levels: list[str] | None = None) -> int:
    """Generate ``count`` originals into ``out/archive`` and their plan into ``out/synthetic-plan.json``."""
    archive = out / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    plan = []
    for index, document in enumerate(generate(count, seed, levels=levels), start=1):
        (archive / document.name).write_text(document.text, encoding="utf-8")
        plan.append(document.plan.record(document.name))
        if not quiet:
            _progress("sinh văn bản", index, count, started)
    data = {"seed": seed, "documents": plan}
    (out / PLAN_FILE).write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")
    return len(plan)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, required=True, help="số văn bản cần sinh")
    parser.add_argument("--seed", type=int, default=1, help="hạt giống: cùng hạt giống, cùng từng byte (mặc định 1)")
    parser.add_argument("--out", type=Path, required=True, help="thư mục dự án riêng (không phải kho thật)")
    parser.add_argument("--ingest", action="store_true", help="chạy ingest bình thường vào OUT/docs sau khi sinh")
    parser.add_argument("--levels", help="chỉ các cấp này, cách nhau bằng dấu phẩy: trung-uong,tinh,huyen,co-so")
    parser.add_argument("--quiet", action="store_true", help="không in tiến độ")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count phải lớn hơn 0")
    problem = _refuse(args.out)
    if problem:
        print(f"LỖI: {problem}", file=sys.stderr)
        return 2
    levels = args.levels.split(",") if args.levels else None
    write_corpus(args.count, args.seed, args.out, args.quiet, levels)
    if args.ingest:
        started = time.perf_counter()
        report = ingest_archive(
            args.out / "archive",
            args.out / "docs",
            progress=None if args.quiet else lambda i, n, _name: _progress("ingest", i, n, started),
        )
        print(f"ingest: {len(report.written)} trang, {len(report.problems)} lỗi, "
              f"{len(report.flagged)} trang cần kiểm tra", file=sys.stderr)
        for problem_item in report.problems[:20]:
            print(f"LỖI {problem_item.source}: {problem_item.message}", file=sys.stderr)
        return 1 if report.problems else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
