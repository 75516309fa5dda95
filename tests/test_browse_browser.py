"""Browsing and citing in a real browser (Debian Chromium) against the built seed site."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
TU_URL = "van-ban/tinh-uy-bac-giang/2023/2234-cv-tu/"


def test_home_to_issuer_to_document(offline_page, site_url: str) -> None:
    page = offline_page
    page.goto(site_url)
    page.get_by_role("link", name="Theo cơ quan ban hành").first.click()
    page.get_by_role("link", name="Tỉnh ủy Bắc Giang").click()
    page.get_by_role("link", name="2234-CV/TU").click()
    assert page.url == site_url + TU_URL
    assert page.locator("h1").inner_text().startswith("V/v triển khai thực hiện Kết luận số 54-KL/TW")
    assert page.outside == []


def test_copy_citation_and_item_link(browser, site_url: str) -> None:
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    page.goto(site_url + TU_URL)
    page.get_by_role("button", name="Sao chép trích dẫn").click()
    assert page.evaluate("navigator.clipboard.readText()") == (
        "Công văn số 2234-CV/TU ngày 29/6/2023 của Ban Thường vụ Tỉnh ủy Bắc Giang"
    )
    page.get_by_role("link", name="Liên kết tới mục 3").click()
    assert page.evaluate("navigator.clipboard.readText()") == site_url + TU_URL + "#muc-3"
    page.get_by_role("button", name="Sao chép liên kết").click()
    assert page.evaluate("navigator.clipboard.readText()") == site_url + TU_URL
    context.close()


def test_item_link_opens_the_item(offline_page, site_url: str) -> None:
    offline_page.goto(site_url + TU_URL + "#muc-7")
    item = offline_page.locator("#muc-7")
    assert item.inner_text().startswith("7. Ban cán sự đảng Ủy ban nhân dân tỉnh")
    assert item.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"


def test_print_view_is_the_official_text(offline_page, site_url: str, tmp_path: Path) -> None:
    from pypdf import PdfReader

    offline_page.goto(site_url + TU_URL)
    pdf = offline_page.pdf(format="A4", prefer_css_page_size=True)
    (tmp_path / "print.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))

    def squash(text: str) -> str:  # PDF text extraction spaces out Vietnamese letters
        return "".join(text.split())

    pages = [squash(p.extract_text()) for p in reader.pages]
    text = "".join(pages)
    assert squash("ĐẢNG CỘNG SẢN VIỆT NAM") in pages[0] and squash("Số 2234-CV/TU") in pages[0]
    assert squash("Bắc Giang, ngày 29 tháng 06 năm 2023") in pages[0]
    for chrome in ("Danh mục", "Theo cơ quan ban hành", "Sao chép trích dẫn", "Cơ quan ban hành", "Made with"):
        assert squash(chrome) not in text
    assert squash("Lê Thị Thu Hồng") in pages[-1]
    assert len(pages) > 1 and all(page.startswith(str(n)) or page.endswith(str(n)) for n, page in enumerate(pages, 1))


def test_no_page_requests_anything_outside_the_site(offline_page, site_url: str, built_site: Path) -> None:
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("index.html"))
    assert len(pages) > 10
    for path in pages:
        offline_page.goto(site_url + path.removesuffix("index.html"), wait_until="networkidle")
    assert offline_page.outside == []


@pytest.mark.parametrize("path", ["", "danh-muc/co-quan/", "danh-muc/co-quan/tinh-uy-bac-giang/", TU_URL])
def test_accessibility(offline_page, site_url: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    offline_page.goto(site_url + path, wait_until="networkidle")
    results = Axe().run(offline_page)
    serious = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots(offline_page, site_url: str, width: int, tmp_path: Path) -> None:
    """Desktop and phone screenshots of the three kinds of page, kept for people to look at."""
    offline_page.set_viewport_size({"width": width, "height": 900})
    for name, path in (("home", ""), ("listing", "danh-muc/co-quan/tinh-uy-bac-giang/"), ("document", TU_URL)):
        offline_page.goto(site_url + path, wait_until="networkidle")
        offline_page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)
        assert offline_page.locator("h1").count() == 1


def test_vietnamese_font_comes_from_the_site(offline_page, site_url: str) -> None:
    offline_page.goto(site_url + TU_URL, wait_until="networkidle")
    offline_page.evaluate("document.fonts.ready")
    loaded = offline_page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replace(/\"/g, ''))"
    )
    assert "Noto Sans" in loaded
    assert offline_page.evaluate("document.fonts.check('16px \"Noto Sans\"', 'Tỉnh ủy Đảng đoàn ướp ỹ')")
    assert offline_page.outside == []


def test_pages_and_search_satisfy_the_content_security_policy(offline_page, site_url: str) -> None:
    violations: list[str] = []
    offline_page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    for path in ("", "danh-muc/co-quan/tinh-uy-bac-giang/", TU_URL):
        offline_page.goto(site_url + path, wait_until="networkidle")
        html = offline_page.content()
        assert 'http-equiv="Content-Security-Policy"' in html
    box = offline_page.locator(".kv-search__input")
    box.press_sequentially("2234-CV/TU")
    offline_page.locator(".kv-result").first.wait_for(timeout=20000)
    offline_page.get_by_role("button", name="Sao chép trích dẫn").click()
    assert violations == []
    # An inline script slipped into a page would not run under the policy.
    offline_page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__injected = 1'; document.body.appendChild(s); }"
    )
    assert offline_page.evaluate("window.__injected") is None
