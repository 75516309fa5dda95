"""hooks/serve.py: under ``mkdocs serve``, edits are learnt from the system's file events, and
when the system refuses them the server keeps MkDocs' polling, watching the same paths."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path
from types import ModuleType

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

REPO = Path(__file__).resolve().parents[1]


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("serve_hook_under_test", REPO / "hooks" / "serve.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _server(tmp_path: Path) -> LiveReloadServer:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    server.watch(str(tmp_path / "docs"))
    server.watch(str(tmp_path / "mkdocs.yml"))
    return server


def test_an_edit_is_learnt_from_file_events_without_polling(tmp_path: Path) -> None:
    server = _server(tmp_path)
    server = _hook().on_serve(server, None, None)
    try:
        assert not isinstance(server.observer, PollingObserver)
        server.observer.start()  # what serve() does: nothing, the native observer already runs
        assert sorted(server._watched_paths) == sorted([str(tmp_path / "docs"), str(tmp_path / "mkdocs.yml")])
        # Reading is no change: a build reads every page (and, unfiltered, inotify reports
        # each open and close, enough to overflow its queue at 10,000 documents).
        (tmp_path / "docs" / "old.md").write_text("# Old\n", encoding="utf-8")
        time.sleep(0.5)
        server._want_rebuild = False
        for _ in range(20):
            (tmp_path / "docs" / "old.md").read_text(encoding="utf-8")
        time.sleep(0.5)
        assert not server._want_rebuild, "reading a page was taken for an edit"
        (tmp_path / "docs" / "a.md").write_text("# A\n", encoding="utf-8")
        deadline = time.monotonic() + 10
        while not server._want_rebuild and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server._want_rebuild, "the edit was never noticed"
    finally:
        server.observer.stop()


def test_when_the_system_refuses_file_events_polling_stays(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    hook = _hook()

    class Refusing(PollingObserver):
        def schedule(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(hook, "Observer", Refusing)
    server = _server(tmp_path)
    polling = server.observer
    with caplog.at_level("INFO"):
        server = hook.on_serve(server, None, None)
    assert server.observer is polling
    assert sorted(server._watched_paths) == sorted([str(tmp_path / "docs"), str(tmp_path / "mkdocs.yml")])
    assert len(polling.emitters) == 2  # both paths watched again, by polling
    assert "max_user_watches" in caplog.text


def test_polling_can_be_kept_on_purpose(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHOVANBAN_WATCH", "polling")
    server = _server(tmp_path)
    polling = server.observer
    assert _hook().on_serve(server, None, None).observer is polling
