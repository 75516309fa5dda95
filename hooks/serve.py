"""MkDocs hook: under ``mkdocs serve``, learn of edits from the system's file events.

MkDocs 1.6 watches the sources with watchdog's *polling* observer: every half second it lists
and stats every file under docs/ again, in a thread of the serving process. At 10,000
documents one pass takes 0.3 s, so it held the interpreter about 40% of the time, rebuilds
included (a rebuild measured 17.5 s alone and 22 s under serve), and noticed an edit up to
0.8 s late.

- on_serve: move every watch MkDocs set up onto the platform's native observer (inotify on
  Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows), which costs nothing while
  nothing changes. When the system refuses (inotify's watch limit reached, a file system
  without events), say so and keep MkDocs' polling.
  ``KHOVANBAN_WATCH=polling`` keeps polling regardless (for network or container mounts,
  where file events may never arrive).

MkDocs 1.x will see no further release, so the server attributes used here stay as they are.
"""

from __future__ import annotations

import os
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
)
from watchdog.observers import Observer

log = get_plugin_logger("serve")


# Changes only. Unfiltered, inotify also reports every file opened and closed unread: watching
# 7,000 folders, the listing of the folders to watch them overflowed inotify's queue, and
# re-listing them after the overflow overflowed it again, for ever (measured at 10,000 documents).
CHANGES = [FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileClosedEvent,
           DirCreatedEvent, DirDeletedEvent, DirMovedEvent]


class _Started:
    """An observer already running, handed to a server that starts its observer itself; it
    watches for changes only (``CHANGES``)."""

    def __init__(self, observer: Any) -> None:
        self._observer = observer

    def start(self) -> None:
        """Already started (in on_serve, where a refusal can still fall back to polling)."""

    def schedule(self, handler: Any, path: str, *, recursive: bool = False) -> Any:
        return self._observer.schedule(handler, path, recursive=recursive, event_filter=CHANGES)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._observer, name)


def _rewatch(server: LiveReloadServer, paths: dict[str, int]) -> None:
    for path, count in paths.items():
        for _ in range(count):
            server.watch(path)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    if os.environ.get("KHOVANBAN_WATCH", "").strip() == "polling":
        return server
    paths = dict(server._watched_paths)
    polling = server.observer
    for path, count in paths.items():
        for _ in range(count):
            server.unwatch(path)
    native = Observer()
    try:
        native.start()
        server.observer = _Started(native)  # type: ignore[assignment]
        _rewatch(server, paths)
    except OSError as error:
        native.stop()
        server._watched_paths.clear()
        server._watch_refs.clear()
        server.observer = polling
        _rewatch(server, paths)
        log.info(f"không theo dõi được thay đổi bằng sự kiện của hệ thống ({error}); quét định kỳ như MkDocs. "
                 "Cách sửa trên Linux: tăng fs.inotify.max_user_watches")
        return server
    log.info("theo dõi thay đổi bằng sự kiện của hệ thống tệp (không quét định kỳ)")
    return server
