"""Work handed to forked children while the build goes on, and reaping them.

A forked child has the parent's data without pickling it, so writing a large result (a cache
segment, the API files of a 10,000-document archive) costs the build only the fork. Each user
keeps its own ``Children``, so waiting for one kind of work never waits for another.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable


class Children:
    """Forked children doing one kind of work; ``wait`` reaps them."""

    def __init__(self) -> None:
        self.pids: list[int] = []

    def start(self, work: Callable[[], None]) -> None:
        """Run ``work`` in a forked child (here, where there is no fork). The child leaves with
        ``os._exit``: the parent's exit handlers and buffers are not its to run."""
        if not hasattr(os, "fork"):
            work()
            return
        pid = os.fork()
        if pid == 0:
            status = 1
            gc.disable()  # nothing to collect in a short-lived child, and the inherited heap is large
            try:
                work()
                status = 0
            except BaseException:  # noqa: BLE001 - reported, then the status tells the parent
                traceback.print_exc()
                sys.stderr.flush()
            finally:
                os._exit(status)
        self.pids.append(pid)

    def wait(self, block: bool = True, timeout: float = 300.0) -> bool:
        """Reap the children: all of them (``block``) or those done. False if one failed.

        A child forked from a process that runs other threads (``mkdocs serve``) could hang on
        a lock one of them held; after ``timeout`` seconds it is killed, so a build never
        waits for ever."""
        succeeded = True
        deadline = time.monotonic() + timeout
        for pid in list(self.pids):
            while True:
                try:
                    done, status = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:  # reaped elsewhere
                    done, status = pid, 0
                if done or not block:
                    break
                if time.monotonic() > deadline:
                    os.kill(pid, signal.SIGKILL)
                    done, status = os.waitpid(pid, 0)
                    break
                time.sleep(0.02)
            if done:
                self.pids.remove(pid)
                succeeded = succeeded and status == 0
        return succeeded
