"""The real site, built with ``mkdocs build --strict`` from the committed pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_project, mkdocs_build
from khovanban.pages import read_page, render_page

TU_PAGE = "van-ban/tinh-uy-bac-giang/2023/2234-cv-tu.md"


def test_document_page_has_card_title_and_anchors(built_site: Path) -> None:
    html = (built_site / "van-ban/tinh-uy-bac-giang/2023/2234-cv-tu/index.html").read_text(encoding="utf-8")
    assert 'class="vb-card"' in html
    for label in ("Số, ký hiệu", "Loại văn bản", "Cơ quan ban hành", "Ngày ban hành", "Người ký"):
        assert label in html
    assert "Lê Thị Thu Hồng" in html and "29/06/2023" in html
    assert 'id="muc-9"' in html
    assert "<title>V/v triển khai thực hiện Kết luận" in html
    assert 'lang="vi"' in html


def test_original_is_downloadable_with_its_checksum(built_site: Path) -> None:
    html = (built_site / "van-ban/tinh-uy-bac-giang/2023/2234-cv-tu/index.html").read_text(encoding="utf-8")
    assert 'href="../../../../ban-goc/002_9a25647a18382cb9.txt" download' in html
    assert (built_site / "ban-goc/002_9a25647a18382cb9.txt").is_file()


def test_documents_are_not_in_the_navigation(built_site: Path) -> None:
    # A page whose content links no document: any document link would come from the nav.
    html = (built_site / "danh-muc/loai/index.html").read_text(encoding="utf-8")
    assert "2234-cv-tu" not in html and "van-ban/index.html" not in html


def test_no_external_resources(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "unpkg.com" not in text and "cdn." not in text, page


def _break(tmp_path: Path, field: str, value: object) -> str:
    project = copy_project(tmp_path)
    path = project / "docs" / TU_PAGE
    page = read_page(path)
    if value is None:
        del page.meta[field]
    else:
        page.meta[field] = value
    path.write_text(render_page(page.meta, page.body), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0
    return result.stderr


@pytest.mark.parametrize(
    "field, value, expected",
    [
        ("date", "2023-02-31", "ngày '2023-02-31' không tồn tại"),
        ("title", None, "trường 'title': thiếu trường bắt buộc"),
        ("access", "mat", "mức 'mat' không hợp lệ"),
        ("id", "../../etc/passwd", "không hợp lệ"),
    ],
)
def test_bad_front_matter_stops_the_build_with_file_line_and_fix(
    tmp_path: Path, field: str, value: object, expected: str
) -> None:
    stderr = _break(tmp_path, field, value)
    assert f"docs/{TU_PAGE}" in stderr and expected in stderr and "Cách sửa" in stderr


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    path = project / "docs" / TU_PAGE
    text = path.read_text(encoding="utf-8").replace("signer: Lê Thị Thu Hồng", "signer: [Lê Thị Thu Hồng", 1)
    path.write_text(text, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("signer:"))
    assert f"docs/{TU_PAGE}:" in result.stderr and "YAML sai cú pháp" in result.stderr
    assert any(f"{TU_PAGE}:{n}" in result.stderr for n in range(line, line + 3))


def test_two_pages_with_one_id_stop_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    source = project / "docs" / TU_PAGE
    copy = project / "docs" / "van-ban/tinh-uy-bac-giang/2023/ban-sao.md"
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "ban-sao.md" in result.stderr and "không khớp vị trí tệp" in result.stderr


def _links(html: str) -> list[str]:
    import re

    return re.findall(r'href="([^"#]+)"', html)


def test_every_document_is_three_clicks_from_home(built_site: Path) -> None:
    """home -> facet index -> one value's table -> document, following real links."""
    import posixpath

    reached: set[str] = set()
    home = (built_site / "index.html").read_text(encoding="utf-8")
    frontier = {("", href) for href in _links(home)}
    for _depth in range(3):
        following: set[tuple[str, str]] = set()
        for base, href in frontier:
            target = posixpath.normpath(posixpath.join(base, href)).lstrip("./")
            path = built_site / target / "index.html" if not target.endswith(".html") else built_site / target
            if target.startswith("van-ban/") and target.count("/") == 3:
                reached.add(target)
            if path.is_file():
                following |= {(target + "/", h) for h in _links(path.read_text(encoding="utf-8"))}
        frontier = following
    documents = {p.parent.relative_to(built_site).as_posix() for p in (built_site / "van-ban").glob("*/*/*/index.html")}
    archived = {d for d in documents if (built_site / d / "index.html").read_text(encoding="utf-8").count("vb-card")}
    assert archived and archived <= reached


def test_json_ld_and_open_graph(built_site: Path) -> None:
    import json
    import re

    html = (built_site / "van-ban/tinh-uy-bac-giang/2023/2234-cv-tu/index.html").read_text(encoding="utf-8")
    [raw] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    data = json.loads(raw)
    assert data["@type"] == "Legislation" and data["legislationIdentifier"] == "2234-CV/TU"
    assert data["legislationPassedBy"]["name"] == "Ban Thường vụ Tỉnh ủy Bắc Giang"
    assert data["encoding"]["sha256"].startswith("7dbe1bf")
    assert '<meta property="og:title" content="V/v triển khai thực hiện' in html
    assert '<meta name="description" content="Công văn số 2234-CV/TU ngày 29/6/2023' in html


def test_sitemap_and_feed(built_site: Path) -> None:
    import xml.etree.ElementTree as ET

    locs = [e.text for e in ET.parse(built_site / "sitemap.xml").iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "/van-ban/tinh-uy-bac-giang/2023/2234-cv-tu/" in locs and "/" in locs
    feed = ET.parse(built_site / "feed.xml").getroot()
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "Công văn số 2234-CV/TU ngày 29/6/2023 của Ban Thường vụ Tỉnh ủy Bắc Giang" in titles
    assert len(list(feed.iter("{http://www.w3.org/2005/Atom}entry"))) == 5


def test_listings_show_cited_documents_with_their_status(built_site: Path) -> None:
    html = (built_site / "danh-muc/co-quan/tinh-uy-bac-giang/index.html").read_text(encoding="utf-8")
    assert "2234-CV/TU" in html and "Có trong kho" in html
    assert "26-CT/TU" in html and "Chỉ được dẫn chiếu (chưa có trong kho)" in html
    issuers = (built_site / "danh-muc/co-quan/index.html").read_text(encoding="utf-8")
    assert "Chưa xác định cấp" not in issuers  # cited Tỉnh ủy and Trung ương bodies get their level
    # The lists of values are put in after Markdown (listing.Listing.blocks): none left out.
    assert 'href="tinh-uy-bac-giang/"' in issuers and "data-vb-block" not in issuers
    for facet in ("loai", "nam", "nguoi-ky"):
        index = (built_site / "danh-muc" / facet / "index.html").read_text(encoding="utf-8")
        assert "data-vb-block" not in index and index.count("<li><a href=") >= 2, facet
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "văn bản chưa có trong kho" in home
