"""Ingest end to end on a private copy of the seed archive."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from khovanban.cli import main as cli
from khovanban.ingest import ingest_archive
from khovanban.manifest import MANIFEST_NAME, check_fixity
from khovanban.pages import read_page, render_page

REPO = Path(__file__).resolve().parents[1]
TU_PAGE = "van-ban/tinh-uy-bac-giang/2023/2234-cv-tu.md"


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "archive", tmp_path / "archive")
    (tmp_path / "docs").mkdir()
    report = ingest_archive(tmp_path / "archive", tmp_path / "docs")
    assert not report.problems and len(report.written) == 5
    return tmp_path


def test_reingest_changes_nothing(workspace: Path) -> None:
    report = ingest_archive(workspace / "archive", workspace / "docs")
    assert report.written == [] and len(report.unchanged) == 5 and report.kept_edits == []


def test_committed_pages_are_what_ingest_writes(workspace: Path) -> None:
    for page in (workspace / "docs" / "van-ban").rglob("*.md"):
        committed = read_page(REPO / "docs" / page.relative_to(workspace / "docs"))
        fresh = read_page(page)
        # "archived" is the day ingest first saw the original: today in this fresh workspace.
        committed.meta.pop("archived"), fresh.meta.pop("archived")
        # The parser fingerprint changes with any refactoring; what it produced must not.
        committed.meta["ingest"].pop("parser"), fresh.meta["ingest"].pop("parser")
        assert (committed.meta, committed.body) == (fresh.meta, fresh.body), page


def test_hand_edit_of_a_field_survives_and_is_reported(workspace: Path) -> None:
    path = workspace / "docs" / TU_PAGE
    page = read_page(path)
    page.meta["signer_position"] = "Phó Bí thư Thường trực"
    path.write_text(render_page(page.meta, page.body), encoding="utf-8")
    report = ingest_archive(workspace / "archive", workspace / "docs")
    assert read_page(path).meta["signer_position"] == "Phó Bí thư Thường trực"
    [edit] = report.kept_edits
    assert (edit.field, edit.kept, edit.generated) == ("signer_position", "Phó Bí thư Thường trực", "Phó Bí thư")


def test_hand_edit_of_the_body_survives(workspace: Path) -> None:
    path = workspace / "docs" / TU_PAGE
    page = read_page(path)
    path.write_text(render_page(page.meta, page.body + "\nGhi chú của biên tập viên.\n"), encoding="utf-8")
    ingest_archive(workspace / "archive", workspace / "docs")
    assert "Ghi chú của biên tập viên." in read_page(path).body


def test_reviewed_field_is_kept_even_when_equal(workspace: Path) -> None:
    path = workspace / "docs" / TU_PAGE
    page = read_page(path)
    page.meta["reviewed"] = ["subject"]
    path.write_text(render_page(page.meta, page.body), encoding="utf-8")
    report = ingest_archive(workspace / "archive", workspace / "docs")
    assert report.kept_edits == []
    assert read_page(path).meta["reviewed"] == ["subject"]


def test_corrected_issuer_moves_the_page_and_keeps_the_old_url(workspace: Path) -> None:
    old = workspace / "docs" / "van-ban/lien-doan-lao-dong-tinh-binh-thuan/2017/57-ldld.md"
    page = read_page(old)
    page.meta["issuer"] = "Ban Thường vụ Liên đoàn Lao động tỉnh Bình Thuận"
    old.write_text(render_page(page.meta, page.body), encoding="utf-8")
    report = ingest_archive(workspace / "archive", workspace / "docs")
    new = workspace / "docs" / "van-ban/ban-thuong-vu-lien-doan-lao-dong-tinh-binh-thuan/2017/57-ldld.md"
    assert not old.exists() and new.exists()
    assert read_page(new).meta["aliases"] == ["lien-doan-lao-dong-tinh-binh-thuan/2017/57-ldld"]
    assert report.moved


def test_new_original_is_added_to_the_manifest(workspace: Path) -> None:
    shutil.copy(REPO / "archive" / "002_9a25647a18382cb9.txt", workspace / "archive" / "copy.txt")
    report = ingest_archive(workspace / "archive", workspace / "docs")
    assert report.added_to_manifest == ["copy.txt"]
    # Same document twice: refused with a message naming both files, nothing overwritten.
    [problem] = report.problems
    assert "trùng mã định danh" in problem.message and "002_9a25647a18382cb9.txt" in problem.message


def test_tampered_original_is_detected_and_not_ingested(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    original = workspace / "archive" / "001_d6f27f0194adc76a.txt"
    original.write_bytes(original.read_bytes().replace("Tù theo".encode(), "Tùy theo".encode()))
    assert check_fixity(workspace / "archive").altered == ["001_d6f27f0194adc76a.txt"]
    report = ingest_archive(workspace / "archive", workspace / "docs")
    assert report.problems and "bị thay đổi" in report.problems[0].message
    code = cli(["--archive", str(workspace / "archive"), "--docs", str(workspace / "docs"), "verify"])
    assert code == 1
    assert "001_d6f27f0194adc76a.txt" in capsys.readouterr().err


def test_manifest_is_bagit_style(workspace: Path) -> None:
    lines = (workspace / "archive" / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    checksum, name = lines[0].split("  ")
    assert len(checksum) == 64 and name == "000_dd08c7a0fd5ce81f.txt"


def test_originals_are_byte_identical_to_the_seeds(shared: Path) -> None:
    for seed in (shared / "seeds").iterdir():
        assert (REPO / "archive" / seed.name).read_bytes() == seed.read_bytes()


def test_empty_and_binary_files_get_clear_problems(workspace: Path) -> None:
    (workspace / "archive" / "rong.txt").write_bytes(b"")
    (workspace / "archive" / "anh.txt").write_bytes(b"\x89PNG\x00\x00binary")
    report = ingest_archive(workspace / "archive", workspace / "docs")
    messages = {p.source: p.message for p in report.problems}
    assert "rỗng" in messages["archive/rong.txt"]
    assert "nhị phân" in messages["archive/anh.txt"]


def test_unchanged_originals_are_not_parsed_again(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import khovanban.ingest as ingest_module

    calls: list[str] = []
    real = ingest_module.parse_document
    monkeypatch.setattr(ingest_module, "parse_document", lambda text: calls.append(text[:10]) or real(text))
    ingest_archive(workspace / "archive", workspace / "docs")
    assert calls == []
    # A new parser (its fingerprint changes) brings every page up to date.
    monkeypatch.setattr(ingest_module, "parser_fingerprint", lambda: "another-parser")
    report = ingest_archive(workspace / "archive", workspace / "docs")
    assert len(calls) == 5 and len(report.written) == 5
