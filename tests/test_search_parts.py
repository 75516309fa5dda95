"""The search index in parts: how pages are split (``khovanban.search.parts``), the parts
Pagefind writes (``IndexJob``), and the merge of their results in ``search.js`` (under node)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from khovanban.search import SearchEntry, build_index, document_page_html
from khovanban.search.index import UNUSED_FILES, PagefindFailed, indexed_page_count
from khovanban.search.parts import MAX_GLOB_CHARS, IndexPart, part_pages_limit, plan_parts, read_parts_file

REPO = Path(__file__).resolve().parents[1]
SEARCH_JS = REPO / "docs" / "assets" / "search.js"


def _pages(counts: dict[str, int], years: tuple[str, ...] = ("2022", "2023")) -> list[str]:
    return [f"van-ban/{issuer}/{years[n % len(years)]}/so-{n}/index.html"
            for issuer, count in counts.items() for n in range(count)]


def _covered(parts: list[IndexPart], pages: list[str]) -> list[str]:
    """Which pages each part's folders take, in part order: every page exactly once."""
    taken = []
    for page in pages:
        owners = [part.name for part in parts
                  if any(page.startswith(f"van-ban/{folder}/") for folder in part.folders)]
        assert len(owners) == 1, (page, owners)
        taken.append(owners[0])
    return taken


# ---------------------------------------------------------------- planning

def test_one_part_below_the_size_where_a_second_pays() -> None:
    parts = plan_parts(_pages({"a": 400, "b": 300}), limit=12_000, processes=2)
    assert [(p.name, p.folders, p.pages) for p in parts] == [("phan-1", ("a", "b"), 700)]
    assert parts[0].glob == "van-ban/{a,b}/**/*.html"


def test_one_part_per_process_once_each_is_big_enough_and_balanced() -> None:
    pages = _pages({f"co-quan-{n:02d}": 100 + 37 * n for n in range(30)})
    parts = plan_parts(pages, limit=12_000, processes=2)
    assert len(parts) == 2
    assert sum(p.pages for p in parts) == len(pages)
    assert abs(parts[0].pages - parts[1].pages) < 0.2 * len(pages)
    _covered(parts, pages)


def test_as_many_parts_as_the_limit_needs_and_none_over_it() -> None:
    pages = _pages({f"x{n:03d}": 10 for n in range(100)})
    parts = plan_parts(pages, limit=120, processes=2)
    assert len(parts) == 9  # ceil(1000 / 120)
    assert all(p.pages <= 120 for p in parts)
    assert sorted(_covered(parts, pages)) == sorted(_covered(plan_parts(pages, limit=120), pages))


def test_an_issuer_bigger_than_a_part_is_split_by_year() -> None:
    pages = _pages({"chinh-phu": 30, "tinh-uy-x": 4}, years=("2021", "2022", "2023"))
    parts = plan_parts(pages, limit=12, processes=1)
    folders = [f for p in parts for f in p.folders]
    assert "chinh-phu/2021" in folders and "chinh-phu" not in folders and "tinh-uy-x" in folders
    _covered(parts, pages)
    assert all("{" not in p.glob or p.glob.count("{") == 1 for p in parts)


def test_the_plan_is_deterministic_and_ignores_page_order() -> None:
    pages = _pages({f"c{n}": n + 1 for n in range(40)})
    assert plan_parts(pages, limit=100) == plan_parts(list(reversed(pages)), limit=100)


def test_long_globs_make_more_parts() -> None:
    pages = _pages({f"{'co-quan-rat-dai-' * 4}{n:05d}": 1 for n in range(3000)}, years=("2023",))
    parts = plan_parts(pages, limit=12_000, processes=1)
    assert len(parts) > 1 and all(len(p.glob) <= MAX_GLOB_CHARS for p in parts)
    _covered(parts, pages)


def test_no_pages_is_one_empty_part() -> None:
    assert plan_parts([], limit=10) == [IndexPart("phan-1", (), 0)]


@pytest.mark.parametrize("page", ["index.html", "danh-muc/x/index.html", "van-ban/index.html",
                                  "van-ban/co{quan}/2023/1/index.html"])
def test_a_page_outside_an_issuer_folder_is_refused_with_its_path(page: str) -> None:
    with pytest.raises(ValueError, match=page.replace("{", r"\{").replace("}", r"\}")):
        plan_parts([page], limit=10)


def test_part_size_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHOVANBAN_SEARCH_PART_PAGES", "250")
    assert part_pages_limit() == 250
    monkeypatch.setenv("KHOVANBAN_SEARCH_PART_PAGES", "0")
    with pytest.raises(ValueError, match="KHOVANBAN_SEARCH_PART_PAGES"):
        part_pages_limit()


# ---------------------------------------------------------------- Pagefind, in parts

def _site(root: Path, issuers: int, per_issuer: int) -> list[str]:
    written = []
    for i in range(issuers):
        for n in range(per_issuer):
            rel = f"van-ban/co-quan-{i}/202{n % 3}/so-{n}/index.html"
            page = root / rel
            page.parent.mkdir(parents=True)
            entry = SearchEntry.from_meta({"title": f"Kế hoạch {i}-{n}", "number": f"{n}-KH/TU",
                                           "date": f"202{n % 3}-0{1 + n % 9}-1{n % 10}"})
            page.write_text(f"<html lang='vi'><body>{document_page_html(f'<p>Việc {i} {n}</p>', entry)}</body></html>",
                            encoding="utf-8")
            written.append(rel)
    (root / "van-ban" / "index.html").write_text("<html><body><p>Danh sách</p></body></html>", encoding="utf-8")
    return written


def test_parts_index_every_page_once_without_pagefinds_ui_files(tmp_path: Path) -> None:
    pages = _site(tmp_path, issuers=5, per_issuer=4)
    stats = build_index(tmp_path, pages, part_pages=6)
    bundle = tmp_path / "pagefind"
    listed = read_parts_file(bundle)
    assert stats.parts == len(listed) >= 4
    assert stats.page_count == sum(p["pages"] for p in listed) == indexed_page_count(bundle) == 20
    for part in listed:
        folder = bundle / str(part["dir"])
        assert (folder / "pagefind.js").is_file() and (folder / "pagefind-entry.json").is_file()
        assert not any((folder / name).exists() for name in UNUSED_FILES)
    assert not (tmp_path / ".pagefind-new").exists()
    # Walking the folders finds the same pages as the list the build hands over.
    assert build_index(tmp_path, part_pages=6).page_count == 20


def test_a_failing_part_fails_the_build_and_keeps_the_old_index(tmp_path: Path) -> None:
    pages = _site(tmp_path, issuers=2, per_issuer=3)
    build_index(tmp_path, pages)
    before = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "pagefind").rglob("*"))
    # A part whose folder holds no HTML: Pagefind refuses it ("not able to build an index").
    (tmp_path / "van-ban" / "co-quan-9").mkdir()
    with pytest.raises(PagefindFailed, match="phan-"):
        build_index(tmp_path, [*pages, "van-ban/co-quan-9/2023/1/index.html"], part_pages=3)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "pagefind").rglob("*")) == before
    assert not (tmp_path / ".pagefind-new").exists()


def test_a_new_index_replaces_the_old_without_a_moment_of_no_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # mkdocs serve shows the site while the index is rebuilt behind it: after every delete the
    # swap makes, an index must be in place (deleting it first answered 404 meanwhile).
    pages = _site(tmp_path, issuers=2, per_issuer=3)
    build_index(tmp_path, pages)
    deletes: list[bool] = []
    real_rmtree = shutil.rmtree

    def watched_rmtree(path: Path, *args: object, **kwargs: object) -> None:
        real_rmtree(path, *args, **kwargs)  # type: ignore[arg-type]
        deletes.append((tmp_path / "pagefind" / "parts.json").is_file())

    monkeypatch.setattr("khovanban.search.index.shutil.rmtree", watched_rmtree)
    build_index(tmp_path, pages)
    assert deletes and all(deletes)
    assert read_parts_file(tmp_path / "pagefind")
    assert not (tmp_path / ".pagefind-old").exists() and not (tmp_path / ".pagefind-new").exists()


def _bundle_files(bundle: Path) -> dict[str, bytes]:
    return {p.relative_to(bundle).as_posix(): p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()}


def _index_content(bundle: Path) -> tuple[object, ...]:
    """What an index holds, as far as Pagefind writes it the same way twice: pages per part and
    every page's fragment (its metadata, filters and text; the other files carry run-specific hashes)."""
    fragments = {p.relative_to(bundle).as_posix(): p.read_bytes() for p in sorted(bundle.glob("*/fragment/*"))}
    return read_parts_file(bundle), fragments


def test_parts_whose_pages_did_not_change_come_from_the_cache(tmp_path: Path) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    pages = _site(site, issuers=5, per_issuer=4)
    first = build_index(site, pages, part_pages=6, cache_root=cache)
    assert first.reused == 0 and first.parts >= 4
    built = _bundle_files(site / "pagefind")
    again = build_index(site, pages, part_pages=6, cache_root=cache)
    assert again.reused == again.parts and _bundle_files(site / "pagefind") == built
    before_edit = _index_content(site / "pagefind")

    # One page edited: its part is indexed again, and equals an index built without the cache.
    edited = site / pages[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("Việc 0 0", "Việc đã sửa"), encoding="utf-8")
    third = build_index(site, pages, part_pages=6, cache_root=cache)
    assert third.reused == third.parts - 1
    with_cache = _index_content(site / "pagefind")
    assert with_cache != before_edit  # the edited page's fragment is new
    build_index(site, pages, part_pages=6)
    assert _index_content(site / "pagefind") == with_cache
    # The cache keeps the parts of the last index only.
    (kept,) = cache.glob("pagefind-*")
    assert len(list(kept.iterdir())) == third.parts


def test_a_part_is_keyed_alike_from_the_writers_digests_or_from_the_files(tmp_path: Path) -> None:
    from khovanban.search.partcache import PartCache

    pages = _site(tmp_path, issuers=2, per_issuer=3)
    (part,) = plan_parts(pages, limit=100, processes=1)
    digests = {page: hashlib.blake2b((tmp_path / page).read_bytes(), digest_size=16).digest() for page in pages}
    read = PartCache(tmp_path / "c", ["x"]).key(tmp_path, part)
    assert PartCache(tmp_path / "c", ["x"], digests).key(tmp_path, part) == read
    assert PartCache(tmp_path / "c", ["x"], {**digests, pages[0]: b"other"}).key(tmp_path, part) != read


# ---------------------------------------------------------------- merging in search.js

MERGE_JS = r"""
const api = require(process.argv[1]);
const result = (part, date, score) => ({ score, data: async () => ({ url: part + ':' + date, meta: date ? { date } : {} }) });
const show = (d) => d.split('-').reverse().join('/');
(async () => {
  const out = {};
  // Two parts, each in date order (newest first), as Pagefind sorts within a part.
  const a = ['2024-03-01', '2023-01', '2021-05-05', ''].map((d, i) => result('a', d && show(d), 10 - i));
  const b = ['2023-06-30', '2022', '2020-01-01'].map((d, i) => result('b', d && show(d), 50 - i));
  let merged = new api.MergedResults([a, b], 'desc');
  const first = await merged.take(3);
  merged.giveBack(first.slice(2));
  const rest = await merged.take(10);
  out.desc = first.slice(0, 2).concat(rest).map(p => p.url);
  out.left = merged.left();
  const asc = new api.MergedResults([a.slice().reverse(), b.slice().reverse()], 'asc');
  out.asc = (await asc.take(10)).map(p => p.url);
  const ranked = new api.MergedResults([a, b], null);
  out.ranked = (await ranked.take(3)).map(p => p.url);
  out.total = ranked.total;
  out.keys = ['29/06/2023', '07/2023', '2023', undefined].map(api.dateKey);
  process.stdout.write(JSON.stringify(out));
})();
"""


def test_search_js_merges_parts_by_date_and_by_score() -> None:
    if shutil.which("node") is None:
        pytest.skip("node is not installed (needed to run docs/assets/search.js)")
    done = subprocess.run(["node", "-e", MERGE_JS, str(SEARCH_JS)], capture_output=True, text=True,
                          check=True, timeout=120)
    out = json.loads(done.stdout)
    assert out["desc"] == ["a:01/03/2024", "b:30/06/2023", "a:01/2023", "b:2022", "a:05/05/2021",
                           "b:01/01/2020", "a:"]
    assert out["left"] == 0
    assert out["asc"] == ["a:", "b:01/01/2020", "a:05/05/2021", "b:2022", "a:01/2023", "b:30/06/2023",
                          "a:01/03/2024"]
    assert out["ranked"] == ["b:30/06/2023", "b:2022", "b:01/01/2020"] and out["total"] == 7
    assert out["keys"] == ["2023-06-29", "2023-07", "2023", "0000"]
