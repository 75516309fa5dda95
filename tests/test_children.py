"""Work handed to forked children: done, and a failure reported to the parent."""

from __future__ import annotations

from pathlib import Path

from khovanban.children import Children


def test_a_child_does_the_work_and_waiting_reaps_it(tmp_path: Path) -> None:
    children = Children()
    children.start(lambda: (tmp_path / "done").write_text("ok", encoding="utf-8"))
    assert children.wait()
    assert (tmp_path / "done").read_text(encoding="utf-8") == "ok"
    assert children.pids == []


def test_a_failing_child_makes_wait_say_so(capfd) -> None:  # type: ignore[no-untyped-def]
    def fail() -> None:
        raise OSError("đĩa đầy")

    children = Children()
    children.start(fail)
    assert not children.wait()
    assert "đĩa đầy" in capfd.readouterr().err  # the child's traceback, for the log
    assert children.wait()  # reaped: nothing left to report
