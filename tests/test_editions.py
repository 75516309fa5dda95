"""Editions by audience: public and internal builds contain exactly what they may."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import copy_project, mkdocs_build
from khovanban.ingest import ingest_archive
from khovanban.pages import read_page, render_page

FIXTURES = Path(__file__).parent / "fixtures" / "access"
PUBLIC = "van-ban/tinh-uy-ha-giang/2024/301-cv-tu"
INTERNAL = "van-ban/tinh-uy-ha-giang/2024/302-cv-tu"
SECRET = "van-ban/tinh-uy-ha-giang/2024/303-cv-tu"
REVIEW = "van-ban/tinh-uy-ha-giang/2024/304-cv-tu"
URGENT = "van-ban/uy-ban-nhan-dan-tinh-ha-giang/2024/88-ubnd-vp"
SECRETS = ("Trần Văn Nội Bộ", "Mười Hai Bông Sen", "Đồi Thông Xanh", "Mật Mã Bảy Sao", "Rừng Trúc Đỏ")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("editions"))
    for fixture in FIXTURES.iterdir():
        shutil.copy(fixture, root / "archive" / fixture.name)
    report = ingest_archive(root / "archive", root / "docs")
    assert not report.problems
    return root


def _built(project: Path, edition: str, tmp: Path) -> tuple[Path, str]:
    result = mkdocs_build(project, "-d", str(tmp), env={"KHOVANBAN_EDITION": edition})
    assert result.returncode == 0, result.stderr
    return tmp, result.stderr


def _all_text(site: Path) -> str:
    import gzip

    parts = []
    for path in site.rglob("*"):
        if path.is_file() and path.suffix not in (".woff2", ".png", ".wasm"):
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            parts.append(data.decode("utf-8", errors="ignore"))
    return "\n".join(parts)


def test_access_levels_are_read_on_ingest(project: Path) -> None:
    levels = {p: read_page(project / "docs" / f"{p}.md").meta["access"] for p in (PUBLIC, INTERNAL, SECRET, REVIEW, URGENT)}
    assert levels == {PUBLIC: "public", INTERNAL: "internal", SECRET: "secret", REVIEW: "review", URGENT: "public"}
    assert read_page(project / "docs" / f"{URGENT}.md").meta["urgency"] == "Hỏa tốc"


def test_public_edition_contains_only_public_documents(project: Path, tmp_path: Path) -> None:
    site, _ = _built(project, "public", tmp_path / "site")
    assert (site / PUBLIC / "index.html").exists() and (site / URGENT / "index.html").exists()
    for withheld in (INTERNAL, SECRET, REVIEW):
        assert not (site / withheld).exists()
    text = _all_text(site)
    for phrase in SECRETS:
        assert phrase not in text, phrase
    # The public letter keeps its own words, including the number it cites.
    public = (site / PUBLIC / "index.html").read_text(encoding="utf-8")
    assert "302-CV/TU" in public
    assert "302-cv-tu" not in text  # no link, no page, no API record for the internal letter


def test_internal_edition_adds_internal_documents_marked(project: Path, tmp_path: Path) -> None:
    site, _ = _built(project, "internal", tmp_path / "site")
    page = (site / INTERNAL / "index.html").read_text(encoding="utf-8")
    assert "Lưu hành nội bộ" in page and "vb-access" in page
    assert not (site / SECRET).exists() and not (site / REVIEW).exists()
    listing = (site / "danh-muc/co-quan/tinh-uy-ha-giang/index.html").read_text(encoding="utf-8")
    assert "Lưu hành nội bộ" in listing
    text = _all_text(site)
    for phrase in ("Đồi Thông Xanh", "Rừng Trúc Đỏ"):
        assert phrase not in text


def test_reviewer_decision_survives_reingest(project: Path) -> None:
    path = project / "docs" / f"{REVIEW}.md"
    page = read_page(path)
    page.meta["access"] = "secret"
    path.write_text(render_page(page.meta, page.body), encoding="utf-8")
    report = ingest_archive(project / "archive", project / "docs")
    assert read_page(path).meta["access"] == "secret"
    assert any(edit.field == "access" for edit in report.kept_edits)


def test_a_planted_leak_stops_the_build(project: Path, tmp_path: Path) -> None:
    """A sentence only the internal letter has, planted in the home page, fails the public build.

    (A published document's own text may repeat anything; the check looks for what the build
    itself adds: pages, listings, index, feeds, API files.)
    """
    planted = copy_project(tmp_path / "planted")
    shutil.rmtree(planted / "docs"), shutil.rmtree(planted / "archive")
    shutil.copytree(project / "docs", planted / "docs")
    shutil.copytree(project / "archive", planted / "archive")
    internal = read_page(planted / "docs" / f"{INTERNAL}.md")
    sentence = next(line for line in internal.body.splitlines() if "Trần Văn Nội Bộ" in line)
    home = planted / "docs" / "index.md"
    home.write_text(home.read_text("utf-8") + "\n" + sentence + "\n", "utf-8")
    result = mkdocs_build(planted, env={"KHOVANBAN_EDITION": "public"})
    assert result.returncode != 0
    assert "Rò rỉ" in result.stderr and "tinh-uy-ha-giang/2024/302-cv-tu" in result.stderr
    assert "index.html" in result.stderr


def test_review_report_lists_unreadable_marks(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from khovanban.cli import main

    (tmp_path / "archive").mkdir()
    shutil.copy(FIXTURES / "khong-ro-dau.txt", tmp_path / "archive" / "khong-ro-dau.txt")
    ingest_archive(tmp_path / "archive", tmp_path / "docs")
    main(["--archive", str(tmp_path / "archive"), "--docs", str(tmp_path / "docs"), "verify"])
    out = capsys.readouterr().out
    assert "Chờ người duyệt mức độ mật" in out and "304-cv-tu" in out
