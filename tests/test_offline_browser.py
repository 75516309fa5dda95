"""The offline edition opened from file:// in Chromium with all network blocked."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import REPO, guarded_context
from khovanban.offline import verify_folder

pytestmark = pytest.mark.browser
TU = "van-ban/tinh-uy-bac-giang/2023/2234-cv-tu.html"
DD = "van-ban/dang-doan-lien-doan-lao-dong-tinh-lai-chau/2023/98-cv-dd.html"
LDLD_BT = "van-ban/lien-doan-lao-dong-tinh-binh-thuan/2017/57-ldld.html"
DONE = re.compile(r"Tìm thấy|Không tìm thấy|Lỗi")

# (query, the page that must come first) — the same expectations as the online search tests.
QUERIES = [
    ("2234-CV/TU", TU),
    ("2234/CV-TU", TU),
    ("2234 CV TU", TU),
    ("2234", TU),
    ("dang doan lai chau", DD),
    ("Đảng đoàn Lai Châu", DD),
    ("57/LĐLĐ", LDLD_BT),
    ("Lê Thị Thu Hồng", TU),
    ("Tỉnh uỷ Bắc Giang", None),
]


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("offline")
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts/build_offline.py"), "--out", str(out)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture()
def tab(browser, edition: Path):
    """A tab on the edition folder; any request outside it is blocked and fails the test."""
    root = (edition / "kho-van-ban").as_uri() + "/"
    context = guarded_context(browser, root, accept_downloads=True)
    outside = context.outside
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.root = root  # type: ignore[attr-defined]
    yield page
    context.close()
    assert outside == [], f"requests outside the edition folder: {outside}"
    assert errors == [], f"script errors: {errors}"


def search(page, query: str) -> list[str]:
    box = page.locator(".kv-search__input")
    box.fill("")
    page.evaluate("document.querySelector('.kv-search__status').textContent = ''")
    box.press_sequentially(query)
    # A locator assertion, not wait_for_function: the page's CSP forbids evaluating strings.
    expect(page.locator(".kv-search__status")).to_have_text(DONE, timeout=20000)
    assert "Lỗi" not in page.locator(".kv-search__status").text_content()
    return [href.removeprefix(page.root) for href in page.eval_on_selector_all(
        ".kv-result a.kv-result__title", "links => links.map(a => a.href)")]


def test_the_edition_is_a_folder_and_a_zip_with_a_manifest(edition: Path) -> None:
    site = edition / "kho-van-ban"
    assert (site / "index.html").is_file() and (site / "manifest-sha256.txt").is_file()
    assert not (site / "pagefind").exists() and (site / "pagefind-offline").is_dir()
    assert verify_folder(site) == ([], [], [])
    [archive] = list(edition.glob("kho-van-ban-public-*.zip"))
    with zipfile.ZipFile(archive) as bundle:
        assert "kho-van-ban/index.html" in bundle.namelist()
    # Relative links only, never a directory URL.
    for page in site.rglob("*.html"):
        for href in re.findall(r'href="([^"#]+)"', page.read_text(encoding="utf-8")):
            assert not href.startswith(("/", "http:", "https:")) or href.startswith("https://schema"), (page, href)
            assert not href.endswith("/"), (page, href)


def test_search_on_file_urls(tab) -> None:
    tab.goto(tab.root + "index.html")
    started = time.perf_counter()
    for query, first in QUERIES:
        found = search(tab, query)
        assert found, query
        if first:
            assert found[0] == first, (query, found[:3])
    assert time.perf_counter() - started < 60


def test_links_backlinks_and_original_download(tab) -> None:
    tab.goto(tab.root + "index.html")
    tab.get_by_role("link", name="Theo cơ quan ban hành").first.click()
    tab.get_by_role("link", name="Tỉnh ủy Bắc Giang").click()
    tab.get_by_role("link", name="2234-CV/TU").click()
    assert tab.url == tab.root + TU
    # A backlink: the union letter that implements this one.
    backlink = tab.locator(".vb-relations a", has_text="không số").first
    backlink.wait_for()
    backlink.click()
    tab.wait_for_url(re.compile(re.escape(tab.root) + r"van-ban/.*khong-so.*\.html"))
    tab.locator(".vb-card").wait_for()
    tab.go_back()
    # On file:// Chromium opens the original rather than saving it (the download attribute
    # only applies to same-origin URLs, and file: has none); either way the reader gets it.
    link = tab.locator(".vb-card a[download]")
    href = link.evaluate("a => a.href")
    assert href == tab.root + "ban-goc/002_9a25647a18382cb9.txt"
    link.click()
    tab.wait_for_url(href)
    original = (REPO / "archive/002_9a25647a18382cb9.txt").read_text(encoding="utf-8")
    assert tab.locator("body").inner_text().strip()[:200] == original.strip()[:200]


def test_fixity_page_reports_an_altered_file(tab, edition: Path) -> None:
    site = edition / "kho-van-ban"
    tab.goto(tab.root + "kiem-tra-toan-ven.html")
    tab.set_input_files("#folder", str(site))
    expect(tab.locator("#status")).to_have_class(re.compile("ok|bad"), timeout=60000)
    assert tab.locator("#status").text_content().startswith("Toàn vẹn")
    victim = site / "van-ban/tinh-uy-bac-giang/2023/2234-cv-tu.html"
    original = victim.read_bytes()
    try:
        victim.write_bytes(original.replace("Lê Thị Thu Hồng".encode(), "Người Khác".encode()))
        assert verify_folder(site)[1] == ["van-ban/tinh-uy-bac-giang/2023/2234-cv-tu.html"]
        tab.reload()
        tab.set_input_files("#folder", str(site))
        expect(tab.locator("#status")).to_have_class(re.compile("ok|bad"), timeout=60000)
        assert "Bị sửa đổi: van-ban/tinh-uy-bac-giang/2023/2234-cv-tu.html" in tab.locator("#result").text_content()
    finally:
        victim.write_bytes(original)


def test_user_guide_is_in_the_edition(tab) -> None:
    tab.goto(tab.root + "huong-dan.html")
    assert tab.locator("h1").text_content().strip().startswith("Hướng dẫn sử dụng")
    assert "kiem-tra-toan-ven.html" in tab.content()
