"""Copy the originals into the site in a process of their own, started early in the build.

Copying 10,000 originals takes 4–15 s on this machine, mostly in the kernel. Done at the end
of the build, it competed with Pagefind for both cores. Started once the site folder is clean
and the list of originals is known, it runs while the build is in stretches that keep only
one core busy (resolving citations, listings, navigation, the page shells), and it is done
before the pages are written.

A process and not a thread: the build forks workers later, and a fork taken while a thread
holds a lock leaves that lock taken in the worker. ``python -m khovanban.sitecopy --help``
describes the command line (the build is its only caller).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .sitewrite import copy_pairs


class CopyFailed(RuntimeError):
    """The copying process stopped with an error; the message says which file and why."""


class CopyJob:
    """A copy of (source, path in the site) pairs into ``site_dir``, running in the background."""

    def __init__(self, pairs: Sequence[tuple[str, str]], site_dir: Path) -> None:
        self.count = len(pairs)
        self._list = tempfile.NamedTemporaryFile(  # noqa: SIM115 - removed in wait()
            mode="w", encoding="utf-8", suffix=".json", prefix="khovanban-copy-", delete=False)
        with self._list:
            json.dump([list(pair) for pair in pairs], self._list, ensure_ascii=False)
        self._said = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")  # noqa: SIM115
        self._process = subprocess.Popen(
            [sys.executable, "-m", "khovanban.sitecopy", self._list.name, str(site_dir)],
            stdin=subprocess.DEVNULL, stdout=self._said, stderr=subprocess.STDOUT,
        )

    def wait(self) -> int:
        """Wait for the copy; return the number of files copied or raise ``CopyFailed``."""
        try:
            code = self._process.wait()
            if code != 0:
                self._said.seek(0)
                raise CopyFailed(f"chép bản gốc vào trang dừng với mã {code}: {self._said.read().strip()[-2000:]}")
            return self.count
        finally:
            self._said.close()
            Path(self._list.name).unlink(missing_ok=True)

    def stop(self) -> None:
        """Stop a copy the build no longer needs (the build failed)."""
        if self._process.poll() is None:
            self._process.terminate()
            self._process.wait()
        self._said.close()
        Path(self._list.name).unlink(missing_ok=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m khovanban.sitecopy",
        description="Chép các tệp vào thư mục trang theo danh sách JSON [[nguồn, đường dẫn trong trang], …]. "
                    "Bản dựng gọi lệnh này (hooks/pages.py); không cần chạy tay.",
    )
    parser.add_argument("list", type=Path, help="tệp JSON liệt kê các cặp (nguồn, đích)")
    parser.add_argument("site", type=Path, help="thư mục trang đã dựng")
    args = parser.parse_args(argv)
    pairs = [(str(source), str(target)) for source, target in json.loads(args.list.read_text(encoding="utf-8"))]
    try:
        copy_pairs(pairs, args.site)
    except OSError as error:
        print(f"{error.filename or ''}: {error.strerror or error}. Cách sửa: kiểm tra tệp gốc còn đó và "
              f"đọc được, và thư mục trang ghi được", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
