"""Hostile and damaged originals: each ends in a clear message or a correct, inert page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import copy_project, mkdocs_build
from khovanban.ingest import MAX_ORIGINAL_BYTES, ingest_archive

FIXTURES = Path(__file__).parent / "fixtures" / "hostile"


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    for fixture in FIXTURES.iterdir():
        shutil.copy(fixture, project / "archive" / fixture.name)
    report = ingest_archive(project / "archive", project / "docs")
    return project, report


@pytest.mark.parametrize(
    "name, message",
    [
        ("empty.txt", "tệp rỗng"),
        ("binary.txt", "tệp nhị phân"),
        ("broken.docx", "tệp Word hỏng"),
        ("broken.pdf", "tệp PDF hỏng"),
        ("not-a-directive.txt", "không phải văn bản chỉ đạo"),
    ],
)
def test_bad_originals_are_reported_not_dropped(hostile_project, name: str, message: str) -> None:
    project, report = hostile_project
    problems = {p.source: p for p in report.problems}
    problem = problems[f"archive/{name}"]
    assert message in problem.message and problem.fix
    assert (project / "archive" / name).exists()  # the original is kept
    assert name in (project / "archive" / "manifest-sha256.txt").read_text(encoding="utf-8")


def test_truncated_text_still_becomes_a_flagged_page(hostile_project) -> None:
    project, _ = hostile_project
    pages = [p for p in (project / "docs" / "van-ban").rglob("*.md") if "truncated.txt" in p.read_text("utf-8")]
    assert len(pages) == 1
    text = pages[0].read_text(encoding="utf-8")
    assert "signer" in text and "Không tìm thấy khối chữ ký" in text


def test_injection_is_shown_as_text(hostile_project) -> None:
    project, _ = hostile_project
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    page = project / "site/van-ban/tinh-uy-bac-giang/2024/77-cv-tu/index.html"
    html = page.read_text(encoding="utf-8")
    body = html.split('<div class="md-content"', 1)[1]
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in body
    assert 'onerror=alert' not in html.replace("onerror=alert(1)&gt;", "")
    assert not re.search(r'<a [^>]*href="javascript:', html)
    assert not re.search(r'<img [^>]*tracker\.invalid', html)
    assert "{{ config.site_name }}" in body and "{: onclick=" in body  # shown, not interpreted
    assert not re.search(r"<[a-z]+[^>]*\son(click|error|mouseover)=", html)
    assert "<h1>Không phải tiêu đề" not in html and "# Không phải tiêu đề" in body
    assert "<hr" not in body.split("vb-closing")[0].split("muc-3")[1]


def test_oversized_original_is_refused_with_a_message(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    with (archive / "khong-lo.txt").open("wb") as handle:
        handle.truncate(MAX_ORIGINAL_BYTES + 1)
    report = ingest_archive(archive, tmp_path / "docs")
    [problem] = report.problems
    assert "quá lớn" in problem.message and problem.source == "archive/khong-lo.txt"


def test_utf8_cut_inside_the_last_character_keeps_the_text(tmp_path: Path) -> None:
    from khovanban.decode import decode_original

    path = tmp_path / "cut.txt"
    path.write_bytes("Số 12-CV/TU\nBắc Giang, ngày 1 tháng 2 năm 2024\nbị cắt ở giữa chữ ".encode() + "ữ".encode()[:2])
    decoded = decode_original(path)
    assert decoded.text.endswith("bị cắt ở giữa chữ ") and decoded.encoding == "utf-8"
    assert any("cắt cụt" in note for note in decoded.notes)


def test_names_equal_after_unicode_normalisation_are_rejected(tmp_path: Path) -> None:
    import unicodedata

    archive = tmp_path / "archive"
    archive.mkdir()
    name = "Công văn 57.txt"
    (archive / unicodedata.normalize("NFC", name)).write_text("Số: 57/LĐLĐ", encoding="utf-8")
    (archive / unicodedata.normalize("NFD", name)).write_text("Số: 58/LĐLĐ", encoding="utf-8")
    report = ingest_archive(archive, tmp_path / "docs")
    assert any("NFC/NFD" in p.message for p in report.problems)
    assert len(list(archive.iterdir())) == 3  # both originals kept, plus the manifest


def test_source_path_traversal_in_front_matter_stops_the_build(tmp_path: Path) -> None:
    from khovanban.pages import read_page, render_page

    project = copy_project(tmp_path)
    path = project / "docs/van-ban/tinh-uy-bac-giang/2023/2234-cv-tu.md"
    page = read_page(path)
    page.meta["source"] = {**page.meta["source"], "file": "archive/../../etc/passwd"}
    path.write_text(render_page(page.meta, page.body), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0 and "không được ra ngoài thư mục archive/" in result.stderr


def test_a_citation_loop_builds_with_both_backlinks(tmp_path: Path) -> None:
    """A implements B implements A: the graph and the cascade must not recurse for ever."""
    project = copy_project(tmp_path)
    for number, other in (("401", "402"), ("402", "401")):
        (project / "archive" / f"vong-{number}.txt").write_text(
            f"TỈNH ỦY BẮC GIANG\n*\nSố {number}-CV/TU\nBắc Giang, ngày 10 tháng 3 năm 2024\n\n"
            f"V/v triển khai thực hiện Công văn số {other}-CV/TU\n\nKính gửi: Các huyện ủy\n\n"
            f"Thực hiện Công văn số {other}-CV/TU ngày 10/3/2024 của Ban Thường vụ Tỉnh ủy, yêu cầu như sau.\n\n"
            "Nơi nhận:\n- Như trên.\n\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\n\nLê Văn Vòng\n",
            encoding="utf-8",
        )
    assert not ingest_archive(project / "archive", project / "docs").problems
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    html = (project / "site/van-ban/tinh-uy-bac-giang/2024/401-cv-tu/index.html").read_text(encoding="utf-8")
    assert "402-cv-tu" in html
