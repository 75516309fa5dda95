"""Command-line interface: ``khovanban ingest`` and ``khovanban verify``.

Messages are Vietnamese (staff read them); every problem names the file and the fix.
Exit codes: 0 success, 1 problems found, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .ingest import IngestReport, ingest_archive
from .manifest import check_fixity
from .pages import PageError, read_page


def _progress(index: int, total: int, name: str) -> None:
    print(f"[{index}/{total}] {name}", file=sys.stderr, flush=True)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"cần một số nguyên dương, không phải {text!r}")
    return value


def _print_ingest_report(report: IngestReport, dry_run: bool) -> None:
    verb = "sẽ ghi" if dry_run else "đã ghi"
    print(f"Trang {verb}: {len(report.written)}; không đổi: {len(report.unchanged)}")
    for name in report.added_to_manifest:
        print(f"  + thêm vào manifest: archive/{name}")
    for old, new in report.moved:
        print(f"  → đổi mã, chuyển {old} → {new} (mã cũ được chuyển hướng)")
    for edit in report.kept_edits:
        print(
            f"  ! giữ sửa tay ở {edit.page}, trường '{edit.field}': giữ {edit.kept!r}; "
            f"ingest sẽ ghi {edit.generated!r}"
        )
    for url, flags in report.flagged.items():
        print(f"  ? cần kiểm tra {url}: " + "; ".join(flags))
    for problem in report.problems:
        print(f"LỖI {problem.source}: {problem.message}. Cách sửa: {problem.fix}", file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    report = ingest_archive(
        args.archive,
        args.docs,
        dry_run=args.dry_run,
        progress=None if args.quiet else _progress,
        force=args.force,
        jobs=args.jobs,
    )
    _print_ingest_report(report, args.dry_run)
    return 1 if report.problems else 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Fixity of originals, and every page's source checksum against its original."""
    fixity = check_fixity(args.archive)
    problems: list[str] = []
    problems += [f"archive/{n}: bản gốc bị thay đổi (sha256 khác manifest)" for n in fixity.altered]
    problems += [f"archive/{n}: có trong manifest nhưng thiếu tệp" for n in fixity.missing]
    problems += [f"archive/{n}: hai tệp trùng tên sau chuẩn hóa Unicode" for n in fixity.clashes]
    extra = [f"archive/{n}: chưa có trong manifest (chạy ingest để nhập)" for n in fixity.extra]
    sources: set[str] = set()
    held_for_review: list[str] = []
    for page_path in sorted((args.docs / "van-ban").rglob("*.md")) if (args.docs / "van-ban").exists() else []:
        try:
            meta = read_page(page_path).meta
        except PageError as error:
            problems.append(str(error))
            continue
        if meta.get("access") == "review":
            held_for_review.append(f"{page_path}: dấu mức độ mật chưa đọc chắc chắn; giữ lại khỏi mọi ấn bản")
        source = meta.get("source") or {}
        name = str(source.get("file", "")).removeprefix("archive/")
        sources.add(name)
        actual = fixity.checksums.get(name)
        if actual is None:
            problems.append(f"{page_path}: bản gốc {source.get('file')} không có trong archive/ (trang mồ côi)")
        elif actual != source.get("sha256"):
            problems.append(f"{page_path}: sha256 của trang khác bản gốc {source.get('file')}; chạy lại ingest")
    unpaged = [f"archive/{n}: chưa có trang (chạy ingest)" for n in fixity.checksums if n not in sources]
    print(f"Bản gốc khớp manifest: {len(fixity.ok)}; trang văn bản: {len(sources)}")
    for line in extra + unpaged:
        print(f"  ? {line}")
    if held_for_review:
        print("Chờ người duyệt mức độ mật (sửa trường 'access' thành public, internal hoặc secret):")
        for line in held_for_review:
            print(f"  ! {line}")
    for line in problems:
        print(f"LỖI {line}", file=sys.stderr)
    return 1 if problems or (args.strict and (extra or unpaged)) else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="khovanban", description="Kho văn bản: nhập và kiểm tra văn bản gốc.")
    parser.add_argument("--archive", type=Path, default=Path("archive"), help="thư mục bản gốc (mặc định: archive)")
    parser.add_argument("--docs", type=Path, default=Path("docs"), help="thư mục trang (mặc định: docs)")
    commands = parser.add_subparsers(dest="command", required=True)
    ingest = commands.add_parser("ingest", help="tạo/cập nhật trang từ bản gốc, giữ mọi sửa tay")
    ingest.add_argument("--dry-run", action="store_true", help="chỉ báo cáo, không ghi gì")
    ingest.add_argument("--quiet", action="store_true", help="không in tiến độ")
    ingest.add_argument(
        "--force", action="store_true", help="phân tích lại cả bản gốc không đổi (mặc định: bỏ qua nếu trang đã mới)"
    )
    ingest.add_argument(
        "--jobs",
        type=_positive_int,
        default=os.cpu_count() or 1,
        help="số tiến trình phân tích song song (mặc định: số lõi CPU, %(default)s); "
        "1 = phân tích ngay trong tiến trình này (để gỡ lỗi). Kết quả không phụ thuộc số này",
    )
    ingest.set_defaults(func=cmd_ingest)
    verify = commands.add_parser("verify", help="kiểm tra bản gốc với manifest và trang với bản gốc")
    verify.add_argument("--strict", action="store_true", help="coi tệp chưa nhập là lỗi")
    verify.set_defaults(func=cmd_verify)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
