"""``mkdocs serve``: an edit shows on the page and on the pages that link to it, and search
keeps working while a fresh index is built behind."""

from __future__ import annotations

import hashlib
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import copy_project

PAGE = "van-ban/cong-doan-cong-thuong-viet-nam/2023/299-cdct-tgnc/"
# The Tỉnh ủy's 2234-CV/TU is implemented by the LĐLĐ Bắc Giang document; its subject shows there.
TARGET_SOURCE = "van-ban/tinh-uy-bac-giang/2023/2234-cv-tu.md"
TARGET = "van-ban/tinh-uy-bac-giang/2023/2234-cv-tu/"


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _wait(condition, limit: float) -> bool:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if condition():
            return True
        time.sleep(0.3)
    return False


# mkdocs that stops on Ctrl-C (SIGINT) even when this test run was started as a background job:
# such a job inherits SIGINT ignored, and Python then installs no KeyboardInterrupt handler.
MKDOCS_CTRL_C = [sys.executable, "-c", ("import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
                                        "from mkdocs.__main__ import cli; cli()")]


@contextmanager
def _serving(tmp_path: Path, *options: str) -> Iterator[tuple[Path, str]]:
    """``mkdocs serve`` on a copy of the project: (project, base URL), until the block ends.
    Its log is tmp_path/serve.log."""
    project = copy_project(tmp_path / "project")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with (tmp_path / "serve.log").open("w", encoding="utf-8") as log:
        server = subprocess.Popen([*MKDOCS_CTRL_C, "serve", *options, "--no-strict", "-a",
                                   f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")], cwd=project, stdout=log,
                                  stderr=subprocess.STDOUT, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
        try:
            yield project, f"http://127.0.0.1:{port}/"
        finally:
            server.send_signal(signal.SIGINT)  # Ctrl-C, as a user stops it
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _edit_target(project: Path) -> None:
    source = project / "docs" / TARGET_SOURCE
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("\nsubject: ", "\nsubject: ĐÃ SỬA — ", 1), encoding="utf-8")


def _index_cache(project: Path) -> Path:
    """Where hooks/search.py keeps a serve session's last index for this project's site."""
    name = hashlib.blake2b(str((project / "mkdocs.yml").resolve()).encode("utf-8"), digest_size=8).hexdigest()
    return Path(tempfile.gettempdir()) / f"khovanban-pagefind-{name}"


def test_an_edit_shows_under_serve_and_search_keeps_its_index(tmp_path: Path) -> None:
    with _serving(tmp_path) as (project, base):
        assert _wait(lambda: "Công Thương" in _fetch(base + PAGE), 180), "first build never served"
        assert '"pages": 0' not in _fetch(base + "pagefind/parts.json")
        assert '"page_count": 0' not in _fetch(base + "pagefind/phan-1/pagefind-entry.json")
        time.sleep(2)
        _edit_target(project)
        assert _wait(lambda: "ĐÃ SỬA" in _fetch(base + TARGET), 120), "the edited page never refreshed"
        # The API files come from a child the reload did not wait for; they follow shortly.
        assert _wait(lambda: "ĐÃ SỬA" in _fetch(base + "api/documents.json"), 30), "api/ never refreshed"
        assert _fetch(base + "api/citations.json").startswith("[")
        # The rebuild set the last output aside and took the unchanged originals back from it.
        assert "đã chép 0 bản gốc (giữ lại 5 bản từ lần dựng trước)" in (tmp_path / "serve.log").read_text()
        assert _fetch(base + "ban-goc/002_9a25647a18382cb9.txt")
        # The search index is served during the rebuild behind (the previous one, then the new one).
        assert '"languages"' in _fetch(base + "pagefind/phan-1/pagefind-entry.json")
        assert _wait(lambda: "chỉ mục tìm kiếm mới đã sẵn sàng" in (tmp_path / "serve.log").read_text(), 120)
        assert (_index_cache(project) / "pagefind" / "parts.json").is_file()
    # Stopped with Ctrl-C, the session removes the copy of the index it kept in the temp folder.
    assert not _index_cache(project).exists()


def test_serve_dirty_keeps_the_pages_it_does_not_rebuild(tmp_path: Path) -> None:
    # --dirty rebuilds only MkDocs pages whose output is missing or older than their source; with the
    # last output set aside, an unchanged page must still be there after the rebuild.
    with _serving(tmp_path, "--dirty") as (project, base):
        assert _wait(lambda: "Công Thương" in _fetch(base + PAGE), 180), "first build never served"
        time.sleep(2)
        _edit_target(project)
        assert _wait(lambda: "ĐÃ SỬA" in _fetch(base + TARGET), 120), "the edited page never refreshed"
        assert "Hướng dẫn" in _fetch(base + "huong-dan/")  # an unchanged MkDocs page is still there
        assert "Công Thương" in _fetch(base + PAGE)
