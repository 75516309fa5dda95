"""Search in a real browser: Debian Chromium types the issue's queries into the header search
of the built seed site (served over http on 127.0.0.1) and checks the first result.

The site is built from a private copy of the project. A tiny extra hook adds the page of a
cited-but-not-archived document (54-KL/TW, cited by the seeds) when the citation hook has
not generated it, so the "chỉ được dẫn chiếu" filter and a cited number are always tested.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import copy_project, guarded_context, mkdocs_build

pytestmark = pytest.mark.browser

TU = "van-ban/tinh-uy-bac-giang/2023/2234-cv-tu/"
LAI_CHAU = "van-ban/dang-doan-lien-doan-lao-dong-tinh-lai-chau/2023/98-cv-dd/"
BINH_THUAN = "van-ban/lien-doan-lao-dong-tinh-binh-thuan/2017/57-ldld/"
LDLD_BAC_GIANG = "van-ban/lien-doan-lao-dong-tinh-bac-giang/2023/khong-so-ldld-tg-nc-5ae2bcc5/"
CONG_THUONG = "van-ban/cong-doan-cong-thuong-viet-nam/2023/299-cdct-tgnc/"
CITED_SRC = "van-ban/ban-chap-hanh-trung-uong-dang/2023/54-kl-tw.md"
FINAL_STATUS = re.compile(r"^(Tìm thấy|Văn bản chứa|Không tìm thấy|Chưa thấy|Không tải|Lỗi)")


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("search-project"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def search_url(search_site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(search_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture()
def page(browser, search_url: str):
    """A page on a document of the site; any request outside 127.0.0.1 fails the test."""
    context = guarded_context(browser, search_url, viewport={"width": 1280, "height": 900})
    outside = context.outside
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(search_url + TU)
    yield tab
    context.close()
    assert outside == [], f"requests outside the site: {outside}"
    assert errors == [], f"script errors: {errors}"


def search(tab, query: str) -> list[dict[str, str]]:
    """Type ``query`` into the header search box and return the results as shown."""
    box = tab.locator(".kv-search__input")
    box.fill("")
    tab.evaluate("document.querySelector('.kv-search__status').textContent = ''")
    box.press_sequentially(query)
    return wait_for_results(tab)


def wait_for_results(tab) -> list[dict[str, str]]:
    # A locator assertion, not wait_for_function: the site's CSP forbids evaluating strings.
    expect(tab.locator(".kv-search__status")).to_have_text(FINAL_STATUS, timeout=15000)
    return tab.eval_on_selector_all(
        ".kv-result",
        """items => items.map(li => ({
            url: li.querySelector('a').href,
            title: li.querySelector('a').textContent,
            meta: li.querySelector('.kv-result__meta').textContent,
            number: li.querySelector('.kv-result__number').textContent,
            excerpt: li.querySelector('.kv-result__excerpt').innerHTML,
        }))""",
    )


def urls(results: list[dict[str, str]], base: str) -> list[str]:
    return [r["url"].removeprefix(base) for r in results]


def test_search_box_is_in_the_header_of_every_kind_of_page(page, search_url: str) -> None:
    for path in ("", "van-ban/", TU, CITED_SRC.removesuffix(".md") + "/"):
        page.goto(search_url + path)
        header_box = page.locator("header .kv-search__input")
        assert header_box.count() == 1
        assert header_box.get_attribute("placeholder").startswith("Tìm")
        results = search(page, "2234")
        assert urls(results, search_url)[0] == TU  # relative links resolve from every depth


@pytest.mark.parametrize(("accented", "plain"), [("Kết luận", "ket luan"), ("đảng đoàn Lai Châu", "dang doan lai chau")])
def test_with_or_without_diacritics_and_d(page, search_url: str, accented: str, plain: str) -> None:
    with_marks = search(page, accented)
    without = search(page, plain)
    assert with_marks and without
    assert urls(with_marks, search_url)[0] == urls(without, search_url)[0]
    if "Lai" in accented:
        assert urls(without, search_url)[0] == LAI_CHAU
        assert "<mark>Đảng</mark> <mark>đoàn</mark>" in without[0]["excerpt"]  # the page as written
    else:
        assert "Kết luận" in with_marks[0]["title"] + with_marks[0]["meta"]


@pytest.mark.parametrize(("old", "new"), [("khoá XI", "khóa XI"), ("Tỉnh uỷ", "Tỉnh ủy"), ("hoà", "hòa")])
def test_old_and_new_tone_placement_give_the_same_results(page, search_url: str, old: str, new: str) -> None:
    old_results, new_results = search(page, old), search(page, new)
    assert old_results and urls(old_results, search_url) == urls(new_results, search_url)


def test_nfd_input_equals_nfc(page, search_url: str) -> None:
    for text in ("Tỉnh uỷ Bắc Giang", "đảng đoàn Lai Châu"):
        nfd = unicodedata.normalize("NFD", text)
        assert nfd != text
        assert urls(search(page, nfd), search_url) == urls(search(page, text), search_url)
    assert urls(search(page, unicodedata.normalize("NFD", "đảng đoàn Lai Châu")), search_url)[0] == LAI_CHAU


@pytest.mark.parametrize("query", ["2234-CV/TU", "2234/CV-TU", "2234 CV TU", "2234", "2234cvtu", "2234 - CV / TU"])
def test_a_number_in_any_writing_puts_its_document_first(page, search_url: str, query: str) -> None:
    found = urls(search(page, query), search_url)
    assert found[0] == TU
    # The LĐLĐ Bắc Giang letter only cites it (printed "2234-CVTU"): found, ranked after.
    assert LDLD_BAC_GIANG in found[1:]


def test_union_number_and_cited_number(page, search_url: str) -> None:
    assert urls(search(page, "57/LĐLĐ"), search_url)[0] == BINH_THUAN
    assert urls(search(page, "57 LDLD"), search_url)[0] == BINH_THUAN
    for query in ("54-KL/TW", "54/KL-TW"):
        results = search(page, query)
        assert results[0]["number"] == "54-KL/TW"
        assert "Chỉ được dẫn chiếu" in results[0]["meta"]
        assert {TU, LDLD_BAC_GIANG} <= set(urls(results, search_url)[1:])  # documents that cite it


def test_quoted_phrase_matches_the_phrase(page, search_url: str) -> None:
    loose = urls(search(page, "vai trò của Nhân dân"), search_url)
    exact = search(page, '"vai trò của Nhân dân"')
    assert urls(exact, search_url)[0] == TU
    assert len(exact) < len(loose)
    assert "<mark>vai</mark> <mark>trò</mark> <mark>của</mark> <mark>Nhân</mark> <mark>dân</mark>" in exact[0]["excerpt"]
    phrase = urls(search(page, "“tự diễn biến”"), search_url)
    assert {TU, LDLD_BAC_GIANG, BINH_THUAN} <= set(phrase)
    assert LAI_CHAU not in phrase and CONG_THUONG not in phrase  # words present, phrase absent
    assert set(urls(search(page, '"tu dien bien"'), search_url)) == set(phrase)


@pytest.mark.parametrize(("signer", "url"), [("Lê Thị Thu Hồng", TU), ("Nguyễn Thị Thiện", LAI_CHAU), ("le thi thu hong", TU)])
def test_a_signer_finds_the_documents_they_signed(page, search_url: str, signer: str, url: str) -> None:
    assert urls(search(page, signer), search_url)[0] == url


def test_results_show_number_type_issuer_date_and_an_escaped_excerpt(page, search_url: str) -> None:
    first = search(page, "2234-CV/TU")[0]
    assert first["title"].startswith("V/v triển khai thực hiện Kết luận số 54-KL/TW")
    assert first["meta"] == "2234-CV/TU · Công văn · Tỉnh ủy Bắc Giang · 29/06/2023"
    assert "<mark>2234</mark>" in first["excerpt"]
    assert re.sub(r"</?mark>", "", first["excerpt"]).count("<") == 0
    assert "⁂" not in first["excerpt"] and "2234cvtu" not in first["excerpt"]


def choose(tab, filter_name: str, value: str) -> None:
    select = tab.locator(f'select[data-filter="{filter_name}"]')
    select.wait_for()
    option = select.locator("option").filter(has_text=value).first
    tab.evaluate("document.querySelector('.kv-search__status').textContent = ''")
    select.select_option(option.get_attribute("value"))


def open_filters(tab) -> None:
    tab.locator(".kv-search__filter-toggle").click()
    tab.locator('select[data-filter="loai"]').wait_for()


def dates(results: list[dict[str, str]]) -> list[str]:
    found = []
    for r in results:
        match = re.search(r"(?:(\d\d)/)?(\d\d)/(\d{4})$", r["meta"].strip())
        assert match, r["meta"]
        day, month, year = match.groups()
        found.append(f"{year}-{month}-{day or '00'}")
    return found


def test_filters_with_an_empty_query_list_newest_first(page, search_url: str) -> None:
    open_filters(page)
    labels = page.locator(".kv-search__filter > span").all_inner_texts()
    assert {"Loại văn bản", "Cơ quan ban hành", "Năm", "Người ký", "Trạng thái", "Sắp xếp"} <= set(labels)
    choose(page, "loai", "Công văn")
    results = wait_for_results(page)
    assert len(results) == 5 and all("Công văn" in r["meta"] for r in results)
    assert dates(results) == sorted(dates(results), reverse=True)
    page.evaluate("document.querySelector('.kv-search__status').textContent = ''")
    page.locator(".kv-search__sort").select_option("asc")
    oldest = wait_for_results(page)
    assert dates(oldest) == sorted(dates(results))


def test_filters_by_signer_year_issuer_and_status(page, search_url: str) -> None:
    open_filters(page)
    choose(page, "nguoi_ky", "Lê Thị Thu Hồng")
    assert urls(wait_for_results(page), search_url) == [TU]
    choose(page, "nguoi_ky", "Tất cả")
    choose(page, "nam", "2017")
    assert urls(wait_for_results(page), search_url) == [BINH_THUAN]
    choose(page, "nam", "Tất cả")
    choose(page, "co_quan", "Đảng đoàn Liên đoàn Lao động tỉnh Lai Châu")
    assert urls(wait_for_results(page), search_url) == [LAI_CHAU]
    choose(page, "co_quan", "Tất cả")
    choose(page, "trang_thai", "Chỉ được dẫn chiếu")
    cited = wait_for_results(page)
    assert cited and all("Chỉ được dẫn chiếu" in r["meta"] for r in cited)
    choose(page, "trang_thai", "Trong kho")
    archived = search(page, "ket luan")
    assert archived and not any("Chỉ được dẫn chiếu" in r["meta"] for r in archived)


def test_screenshot_of_the_search_ui(page, search_url: str, tmp_path: Path) -> None:
    """Desktop and phone views with results, kept for people to look at."""
    shots = Path(os.environ.get("KV_SEARCH_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    search(page, "dang doan lai chau")
    page.screenshot(path=str(shots / "search-desktop.png"))
    open_filters(page)
    search(page, "2234 CV TU")
    page.screenshot(path=str(shots / "search-desktop-filters.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(search_url + TU)
    search(page, "Kết luận")
    page.screenshot(path=str(shots / "search-phone.png"))
    panel = page.locator(".kv-search__panel").bounding_box()
    assert panel and panel["x"] >= 0 and panel["x"] + panel["width"] <= 390
