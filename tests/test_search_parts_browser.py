"""Search over an index in several parts, in Chromium: the seed site built with parts of at
most 8 pages (4 parts; the central Party's 9 pages split by year), which a real archive
only gets from about 3,000 documents on. The rest of the search tests run on one part."""

# ruff: noqa: F811 - tests take the imported fixtures page and search_url as arguments
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_project, mkdocs_build
from khovanban.search.parts import read_parts_file

# The server and the checked page are test_search_browser's fixtures, over the site below.
from test_search_browser import (  # noqa: F401 - page and search_url are fixtures
    TU,
    choose,
    dates,
    open_filters,
    page,
    search,
    search_url,
    urls,
    wait_for_results,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed site with its search index in parts of at most 8 pages."""
    project = copy_project(tmp_path_factory.mktemp("parts-project"))
    result = mkdocs_build(project, env={"KHOVANBAN_SEARCH_PART_PAGES": "8"})
    assert result.returncode == 0, result.stderr
    assert "trong 4 phần" in result.stderr
    return project / "site"


def test_the_site_has_four_parts_holding_every_document_page(search_site: Path) -> None:
    parts = read_parts_file(search_site / "pagefind")
    assert len(parts) == 4 and sum(p["pages"] for p in parts) == 25


def test_a_number_finds_its_document_first_across_parts(page, search_url: str) -> None:
    for query in ("2234", "2234-CV/TU", "98/CV-DD"):
        results = search(page, query)
        assert results, query
    assert urls(search(page, "2234-CV/TU"), search_url)[0] == TU


def test_filters_count_every_part_and_hide_the_part_tag(page) -> None:
    open_filters(page)
    assert page.locator('select[data-filter="phan"]').count() == 0
    kinds = page.locator('select[data-filter="loai"] option').all_inner_texts()
    assert "Công văn (5)" in kinds
    status = page.locator('select[data-filter="trang_thai"] option').all_inner_texts()
    assert "Trong kho (5)" in status and "Chỉ được dẫn chiếu (20)" in status


def test_a_date_order_runs_across_parts(page) -> None:
    open_filters(page)
    choose(page, "loai", "Công văn")
    newest = wait_for_results(page)
    assert len(newest) == 5 and dates(newest) == sorted(dates(newest), reverse=True)
    page.evaluate("document.querySelector('.kv-search__status').textContent = ''")
    page.locator(".kv-search__sort").select_option("asc")
    oldest = wait_for_results(page)
    assert dates(oldest) == sorted(dates(newest))
    assert page.locator(".kv-search__status").text_content().startswith("Tìm thấy 5 văn bản")
