"""Ingest on a process pool: the same pages, manifest and messages for any number of workers,
and nothing lost when a worker fails."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import khovanban.ingest as ingest_module
from khovanban.cli import main as cli
from khovanban.ingest import ingest_archive
from khovanban.pages import read_page, render_page
from khovanban.synthetic import generate

REPO = Path(__file__).resolve().parents[1]
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
SEED_TU = "002_9a25647a18382cb9.txt"  # the Tỉnh ủy Bắc Giang công văn 2234-CV/TU


def _archive(root: Path) -> Path:
    """Seeds, 60 synthetic originals, every hostile fixture and two duplicates, so the run has
    pages, problems, flags and an ID clash whose winner depends on the order of processing."""
    archive = root / "archive"
    shutil.copytree(REPO / "archive", archive)
    (archive / "manifest-sha256.txt").unlink()
    for document in generate(60, 3):
        (archive / document.name).write_text(document.text, encoding="utf-8")
    for fixture in HOSTILE.iterdir():
        shutil.copy(fixture, archive / fixture.name)
    shutil.copy(archive / SEED_TU, archive / "zz-ban-sao.txt")
    first_synthetic = min(p for p in archive.iterdir() if p.name[0].isdigit() and p.name[3] != "_")
    shutil.copy(first_synthetic, archive / "aa-ban-sao.txt")
    (root / "docs").mkdir()
    return archive


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _run(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli(["--archive", str(root / "archive"), "--docs", str(root / "docs"), "ingest", *args])
    out, err = capsys.readouterr()
    return code, out.replace(str(root), "<root>"), err.replace(str(root), "<root>")


@pytest.fixture()
def record_pids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each parse appends its process id to a file (forked workers inherit the patch)."""
    log = tmp_path / "pids.txt"
    real = ingest_module.parse_document

    def parse_and_record(text: str):  # type: ignore[no-untyped-def]
        with log.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
        return real(text)

    monkeypatch.setattr(ingest_module, "parse_document", parse_and_record)
    # Chunks of 3: many chunks in flight, finished in any order by the two workers.
    monkeypatch.setattr(ingest_module, "CHUNK_SIZE", 3)
    return log


def test_jobs_do_not_change_pages_manifest_or_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], record_pids: Path
) -> None:
    runs = {}
    for jobs in ("1", "2"):
        root = tmp_path / f"jobs-{jobs}"
        _archive(root)
        record_pids.write_text("")
        first = _run(root, capsys, "--jobs", jobs)
        pids = set(record_pids.read_text().split())
        # The parallel run really parsed in other processes; --jobs 1 in this one.
        assert (pids == {str(os.getpid())}) == (jobs == "1"), pids
        # A hand edit, then a forced re-ingest: kept edits are reported the same way.
        page_path = root / "docs" / "van-ban/tinh-uy-bac-giang/2023/2234-cv-tu.md"
        page = read_page(page_path)
        page.meta["signer_position"] = "Phó Bí thư Thường trực"
        page_path.write_text(render_page(page.meta, page.body), encoding="utf-8")
        second = _run(root, capsys, "--jobs", jobs, "--force")
        runs[jobs] = (first, second, _tree(root))
    (first_1, second_1, tree_1), (first_2, second_2, tree_2) = runs["1"], runs["2"]
    assert first_1[0] == 1 and "trùng mã định danh" in first_1[2] and "tệp rỗng" in first_1[2]
    assert "giữ sửa tay" in second_1[1]
    assert len([name for name in tree_1 if name.startswith("docs/")]) >= 60
    assert first_2 == first_1
    assert second_2 == second_1
    assert tree_2.keys() == tree_1.keys()
    assert [name for name in tree_1 if tree_1[name] != tree_2[name]] == []


def test_a_worker_that_dies_costs_only_its_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = _archive(tmp_path)
    for fixture in HOSTILE.iterdir():
        (archive / fixture.name).unlink()
    (archive / "zz-ban-sao.txt").unlink()
    (archive / "aa-ban-sao.txt").unlink()
    poison = archive / "m-pdf-lam-sap.txt"
    poison.write_text((archive / SEED_TU).read_text(encoding="utf-8") + "\nCRASH-THE-WORKER\n", encoding="utf-8")
    real = ingest_module.parse_document

    def parse_or_die(text: str):  # type: ignore[no-untyped-def]
        if "CRASH-THE-WORKER" in text:
            os._exit(70)  # what a segfaulting PDF library or the OOM killer does to a worker
        return real(text)

    monkeypatch.setattr(ingest_module, "parse_document", parse_or_die)
    monkeypatch.setattr(ingest_module, "CHUNK_SIZE", 4)
    report = ingest_archive(archive, tmp_path / "docs", jobs=2)
    [problem] = report.problems
    assert problem.source == "archive/m-pdf-lam-sap.txt"
    assert "dừng đột ngột" in problem.message and "--jobs 1" in problem.fix
    originals = [p for p in archive.iterdir() if p.name != "manifest-sha256.txt" and p != poison]
    assert len(report.written) == len(originals) == 65


def test_a_parser_bug_is_reported_with_its_place_and_the_rest_is_ingested(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(REPO / "archive", archive)
    (tmp_path / "docs").mkdir()
    real = ingest_module.parse_document

    def parse_with_bug(text: str):  # type: ignore[no-untyped-def]
        if "Số 2234-CV/TU" in text:
            raise IndexError("list index out of range")
        return real(text)

    monkeypatch.setattr(ingest_module, "parse_document", parse_with_bug)
    for jobs in (1, 2):
        shutil.rmtree(tmp_path / "docs")
        report = ingest_archive(archive, tmp_path / "docs", jobs=jobs)
        [problem] = report.problems
        assert problem.source == f"archive/{SEED_TU}"
        assert "IndexError tại test_ingest_jobs.py:" in problem.message and problem.fix
        assert len(report.written) == 4


@pytest.mark.parametrize("value", ["0", "-2", "hai"])
def test_jobs_must_be_a_positive_number(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli(["ingest", "--jobs", value])
    assert exit_info.value.code == 2
    assert "cần một số nguyên dương" in capsys.readouterr().err
