"""Search without a browser: index-only words, number keys, markup, the index build, and the
JS twin of the normaliser (docs/assets/search.js, run under node) agreeing with Python."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from khovanban.numbers import parse_number
from khovanban.render import metadata_card
from khovanban.search import (
    SEARCH_ONLY_MARK,
    SearchEntry,
    build_index,
    cited_number_keys,
    document_page_html,
    number_key,
    own_number_forms,
    printed_number,
    search_only_block,
    variant_words,
)
from khovanban.search.entry import STATUS_ARCHIVED, STATUS_CITED
from khovanban.search.parts import read_parts_file
from khovanban.search.terms import other_tone_placement
from khovanban.vntext import canonical_tones, fold, nfc, strip_diacritics

REPO = Path(__file__).resolve().parents[1]
SEARCH_JS = REPO / "docs" / "assets" / "search.js"

# Words readers type and documents print: tone placement both ways, đ, capitals, NFD, odd spaces.
WORDS = [
    "Kết luận", "ket luan", "Đảng đoàn Lai Châu", "ĐẢNG CỘNG SẢN VIỆT NAM", "Tỉnh uỷ", "Tỉnh ủy", "TỈNH UỶ",
    "khoá XI", "khóa XI", "Khoá", "hoà", "hòa", "HOÀ", "Hoà", "thuỷ", "thủy", "quý", "quỳ", "qúy", "hoàn",
    "hoè", "hòe", "xoè", "loã", "toạ", "tọa", "luỹ", "lũy", "thuở", "Nguyễn Thị Thiện", "Lê Thị Thu Hồng",
    "uỷ ban", "Ủy ban", "UỶ BAN", "oà", "uỷ", "ủy", "đ", "Đ", "dđ", "người", "Trương", "2234-CV/TU",
    "57 / LĐLĐ", "299/CĐCT – TGNC", "a\u00a0b", "a\u2003b\u3000c", "a\u0085b", "x\ufeffy", "tab\tend\n",
    unicodedata.normalize("NFD", "Tỉnh uỷ Bắc Giang"), unicodedata.normalize("NFD", "Đảng đoàn khoá XI"),
    "ﬁ", "İstanbul", "ß", "Ǆ", "ǅ", "ℌ", "Å", "ŉ", "e\u0301\u0323", "uy\u0309", "o\u0300a", "hoa\u0300n",
]


def run_js(calls: list[tuple[str, str]]) -> list[object]:
    """Call functions of search.js under node: [(function name, argument)] -> results."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed (needed to run docs/assets/search.js)")
    script = (
        "const api = require(process.argv[1]);"
        "let data = '';"
        "process.stdin.on('data', c => data += c);"
        "process.stdin.on('end', () => {"
        "  const calls = JSON.parse(data);"
        "  process.stdout.write(JSON.stringify(calls.map(([f, a]) => api[f](...(Array.isArray(a) ? a : [a])))));"
        "});"
    )
    result = subprocess.run(
        ["node", "-e", script, str(SEARCH_JS)],
        input=json.dumps(calls),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout)


# ---------------------------------------------------------------- JS and Python agree

@pytest.mark.parametrize(
    ("js_name", "python"),
    [("nfc", nfc), ("canonicalTones", canonical_tones), ("stripDiacritics", strip_diacritics), ("fold", fold),
     ("numberKey", number_key)],
)
def test_js_text_functions_agree_with_python_on_words(js_name: str, python) -> None:
    got = run_js([(js_name, w) for w in WORDS])
    assert got == [python(w) for w in WORDS]


def test_js_fold_agrees_with_python_on_every_assigned_character() -> None:
    """Every character Python's Unicode database knows, alone and after a base letter."""
    chars = [
        chr(cp) for cp in range(0x30000)
        if not 0xD800 <= cp <= 0xDFFF and unicodedata.category(chr(cp)) != "Cn"
    ]
    samples = [f"a{ch}ê{ch}" for ch in chars]
    got = run_js([("fold", s) for s in samples])
    differ = [(hex(ord(ch)), fold(s), g) for ch, s, g in zip(chars, samples, got) if fold(s) != g]
    assert differ == []


def test_js_canonical_tones_agree_on_every_tone_pair_in_context() -> None:
    marks = "\u0300\u0301\u0309\u0303\u0323"
    samples = []
    for pair in ("oa", "oe", "uy", "OA", "OE", "UY", "Oa", "Oe", "Uy"):
        for mark in marks:
            for before, after in (("h", ""), ("q", ""), ("th", "n"), ("", " x"), ("kh", "1"), ("h", "\u2167")):
                samples.append(f"{before}{pair}{mark}{after}")
                samples.append(f"{before}{pair[0]}{mark}{pair[1]}{after}")
    got = run_js([("canonicalTones", s) for s in samples])
    assert got == [canonical_tones(s) for s in samples]


# ---------------------------------------------------------------- numbers

@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("2234-CV/TU", "2234cvtu"), ("2234/CV-TU", "2234cvtu"), ("2234 CV TU", "2234cvtu"), ("2234cvtu", "2234cvtu"),
        ("2234 - CV / TU", "2234cvtu"), ("2234–CV/TU", "2234cvtu"), ("2234-CVTU", "2234cvtu"),
        ("57/LĐLĐ", "57ldld"), ("57 / LĐLĐ", "57ldld"), ("98-CV/ĐĐ", "98cvdd"), ("145/2020/NĐ-CP", "1452020ndcp"),
    ],
)
def test_every_writing_of_a_number_has_one_key_in_python_and_in_the_browser(written: str, key: str) -> None:
    assert number_key(written) == key
    parsed = run_js([("parseQuery", written)])[0]
    assert parsed["term"] == key
    assert parsed["numberKeys"] == [key]


def test_own_number_forms_cover_the_common_writings() -> None:
    forms = own_number_forms("2234-CV/TU")
    assert {"2234-CV/TU", "2234/CV-TU", "2234 CV TU", "2234cvtu", "2234"} <= set(forms)
    forms = own_number_forms("57/LĐLĐ")
    assert {"57/LĐLĐ", "57 LĐLĐ", "57/ldld", "57ldld", "57"} <= set(forms)
    # A drafting unit may be left out when the number is cited: both keys are indexed.
    assert {"299cdcttgnc", "299cdct"} <= set(own_number_forms("299/CĐCT-TGNC"))
    assert own_number_forms("/LĐLĐ-TG&NC") == []  # a draft without a number
    assert own_number_forms(None) == []


def test_cited_number_keys_repair_typos_and_drop_units() -> None:
    text = "Thực hiện Công văn số 2234-CVTU ngày 29/6/2023; Quyết định 217/QĐ-TW, Công văn 6713/TLĐ-TG."
    keys = cited_number_keys(text)
    assert {"2234cvtu", "217qdtw", "6713tldtg", "6713tld"} <= set(keys)
    assert not any(k.startswith("29") for k in keys)  # a date is not a number


# ---------------------------------------------------------------- words only the index sees

@pytest.mark.parametrize(
    ("word", "other"),
    [("uỷ", "ủy"), ("ủy", "uỷ"), ("khoá", "khóa"), ("khóa", "khoá"), ("HOÀ", "HÒA"), ("Thuỷ", "Thủy"),
     ("quý", None), ("hoàn", None), ("Tỉnh", None), ("tòe", "toè")],
)
def test_other_tone_placement_round_trips_through_vntext(word: str, other: str | None) -> None:
    assert other_tone_placement(word) == other
    if other is not None:
        assert canonical_tones(word) == canonical_tones(other)


def test_variant_words_fold_d_and_give_both_tone_placements_once_per_occurrence() -> None:
    words = list(variant_words("Đảng đoàn Lai Châu; Tỉnh uỷ, tỉnh ủy; đảng; Ðảng (eth)"))
    assert words == ["dang", "doan", "ủy", "uỷ", "dang", "dang"]


def test_js_queries_are_nfc_canonical_and_keep_phrases() -> None:
    nfd = unicodedata.normalize("NFD", "Tỉnh uỷ Bắc Giang")
    q_nfd, q_old, q_new, q_phrase, q_mixed = run_js([
        ("parseQuery", nfd),
        ("parseQuery", "Tỉnh uỷ Bắc Giang"),
        ("parseQuery", "Tỉnh ủy Bắc Giang"),
        ("parseQuery", "“tự diễn biến” khóa XI"),
        ("parseQuery", '"Kết luận số 54-KL/TW" 2234/CV-TU'),
    ])
    assert q_nfd["term"] == q_old["term"] == q_new["term"] == "Tỉnh ủy Bắc Giang"
    assert run_js([("parseQuery", "Ðảng ðoàn")])[0]["term"] == "Đảng đoàn"  # eth from legacy converters
    assert q_phrase["phrases"] == [["tu", "dien", "bien"]]
    assert q_phrase["term"] == "tự diễn biến khóa XI"
    assert [t["key"] for t in q_phrase["terms"]] == ["khoa", "xi"]  # phrase words light up only as a phrase
    assert q_mixed["phrases"] == [["ket", "luan", "so", "54", "kl", "tw"]]
    assert q_mixed["term"].endswith("2234cvtu")
    assert q_mixed["plain"].endswith("2234/CV-TU")


def test_js_does_not_take_ordinary_words_for_a_number() -> None:
    for query in ("Kết luận 54 ngày 29/6/2023", "năm 2023 kế hoạch", "ket luan so 54"):
        assert run_js([("parseQuery", query)])[0]["numberKeys"] == []


# ---------------------------------------------------------------- excerpts

def test_js_excerpt_is_escaped_comes_from_the_page_and_marks_matches() -> None:
    content = f"Kính gửi <script>alert(1)</script> Đảng đoàn Lai Châu & các cơ quan. {SEARCH_ONLY_MARK} dang doan lai chau"
    query = run_js([("parseQuery", "dang doan lai chau")])[0]
    html = run_js([("excerptHtml", [content, query, 30])])[0]
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html
    assert "<mark>Đảng</mark> <mark>đoàn</mark> <mark>Lai</mark> <mark>Châu</mark>" in html
    assert "dang doan" not in html  # the index-only block is never shown
    assert re.sub(r"</?mark>", "", html).count("<") == 0


def test_js_excerpt_marks_numbers_written_apart_and_exact_accents() -> None:
    content = "Thực hiện Công văn số 2234-CVTU của Ban Thường vụ Tỉnh ủy; Phó Bí thư Lê Thị Thu Hồng"
    q_number, q_name = run_js([("parseQuery", "2234/CV-TU"), ("parseQuery", "Lê Thị Thu Hồng")])
    html_number, html_name = run_js([("excerptHtml", [content, q_number, 30]), ("excerptHtml", [content, q_name, 30])])
    assert "<mark>2234</mark>-<mark>CVTU</mark>" in html_number
    assert "<mark>Thu</mark>" in html_name and "<mark>thư</mark>" not in html_name


def test_js_phrase_check_ignores_punctuation_and_accents_but_not_order() -> None:
    spans = run_js([("wordSpans", "sự suy thoái, “tự diễn biến”, “tự chuyển hóa”")])[0]
    has, reversed_, unaccented = run_js([
        ("hasPhrase", [spans, ["tu", "dien", "bien"]]),
        ("hasPhrase", [spans, ["dien", "bien", "tu", "dien"]]),
        ("hasPhrase", [spans, ["suy", "thoai", "tu"]]),
    ])
    assert has and not reversed_ and unaccented


# ---------------------------------------------------------------- markup

META = {
    "title": "V/v triển khai <Kết luận> số 54-KL/TW",
    "number": "2234-CV/TU",
    "type": "Công văn",
    "issuer": "Tỉnh ủy Bắc Giang",
    "date": datetime.date(2023, 6, 29),
    "signer": "Lê Thị Thu Hồng",
}


def test_entry_reads_front_matter_for_filters_meta_and_sort() -> None:
    entry = SearchEntry.from_meta(META)
    assert entry.filters() == {
        "loai": "Công văn", "co_quan": "Tỉnh ủy Bắc Giang", "nam": "2023", "nguoi_ky": "Lê Thị Thu Hồng",
        "trang_thai": STATUS_ARCHIVED,
    }
    assert entry.meta()["date"] == "29/06/2023" and entry.meta()["number"] == "2234-CV/TU"
    assert entry.sort() == {"date": "2023-06-29"}
    assert SearchEntry.from_meta({"title": "x"}).sort() == {"date": "0000"}  # never dropped from a sorted list
    cited = SearchEntry.from_meta({"title": "Kết luận 54-KL/TW", "archived": False}, printed_number="54-KL/TW")
    assert cited.number == "54-KL/TW" and cited.filters()["trang_thai"] == STATUS_CITED
    assert SearchEntry.from_meta({"title": "x", "vb_missing": True}).status == STATUS_CITED
    assert SearchEntry.from_meta({"title": "x", "date": "2023-07"}).meta()["date"] == "07/2023"


def test_search_only_block_is_hidden_escaped_and_weighted() -> None:
    block = search_only_block(SearchEntry.from_meta(META), "Đảng đoàn, Tỉnh uỷ; thực hiện 99-QĐ/TW")
    assert block.startswith('<div class="kv-search-only" hidden')
    assert "<Kết luận>" not in block and "&lt;Kết luận&gt;" in block
    assert '<span data-pagefind-filter="trang_thai">trong kho</span>' in block
    assert '<span data-pagefind-sort="date:2023-06-29"></span>' in block
    assert re.search(r'data-pagefind-weight="10">[^<]*2234/CV-TU[^<]*2234cvtu', block)
    assert re.search(r'data-pagefind-weight="0.5">[^<]*99qdtw', block)
    # The weighted title leaves out the numbers it cites: a page citing 54-KL/TW in its title
    # must not outrank 54-KL/TW itself.
    title = re.search(r'data-pagefind-weight="7">([^<]*)<', block)
    assert title and "54-KL/TW" not in title.group(1) and "&lt;Kết luận&gt;" in title.group(1)
    assert re.search(r'data-pagefind-weight="5">Lê Thị Thu Hồng<', block)
    assert ">dang doan ủy qd<" in block  # index-only words: folded đ, the other tone placement
    # Metadata and filters are captured, not indexed: they sit in data-pagefind-ignore.
    captured = re.search(r"<div data-pagefind-ignore>(.*?)</div>", block)
    assert captured and "data-pagefind-meta" in captured.group(1)
    assert block.index(SEARCH_ONLY_MARK) > block.index("data-pagefind-ignore")


def test_document_page_html_wraps_the_body_and_reads_the_card_number() -> None:
    content = '<table class="vb-card"><tr><td><span class="vb-number">98-CV/ĐĐ</span></td></tr></table><p>Nội dung</p>'
    assert printed_number(content) == "98-CV/ĐĐ" and printed_number("<p>x</p>") == ""
    html = document_page_html(content, SearchEntry.from_meta({"title": "x"}, printed_number(content)))
    assert html.startswith('<div class="kv-search-body" data-pagefind-body>') and content in html
    assert "98cvdd" in html


def test_the_source_row_of_the_card_is_not_indexed() -> None:
    card = metadata_card({"number": "1-CV/TU", "source": {"file": "archive/a.txt", "sha256": "ab" * 32, "size": 9}}, "#")
    html = document_page_html(card, SearchEntry.from_meta({"title": "x", "number": "1-CV/TU"}))
    assert '<tr data-pagefind-ignore><th scope="row">Bản gốc</th>' in html


# ---------------------------------------------------------------- the index build

def _tiny_site(root: Path) -> None:
    for n, (number, words) in enumerate([("2234-CV/TU", "Kết luận"), ("57/LĐLĐ", "Đảng đoàn")]):
        page = root / "van-ban" / f"d{n}" / "index.html"
        page.parent.mkdir(parents=True)
        entry = SearchEntry.from_meta({"title": words, "number": number, "date": f"202{n}-01-02"})
        page.write_text(f"<html lang='vi'><body>{document_page_html(f'<p>{words}</p>', entry)}</body></html>",
                        encoding="utf-8")
    (root / "van-ban" / "index.html").write_text("<html><body><p>Danh sách</p></body></html>", encoding="utf-8")
    (root / "index.html").write_text("<html><body><p>Trang chủ</p></body></html>", encoding="utf-8")


def test_build_index_writes_only_document_pages_and_replaces_a_stale_index(tmp_path: Path) -> None:
    _tiny_site(tmp_path)
    stale = tmp_path / "pagefind" / "fragment" / "stale.pf_fragment"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    stats = build_index(tmp_path)
    assert stats.page_count == 2 and stats.parts == 1
    assert not stale.exists()
    assert (tmp_path / "pagefind" / "phan-1" / "pagefind.js").is_file()
    assert read_parts_file(tmp_path / "pagefind") == [{"dir": "phan-1/", "pages": 2}]
    assert stats.size_bytes == sum(p.stat().st_size for p in (tmp_path / "pagefind").rglob("*") if p.is_file())
    assert not any(p.name.startswith(".pagefind") for p in tmp_path.iterdir())


def test_the_search_package_does_not_import_mkdocs() -> None:
    package = REPO / "src" / "khovanban" / "search"
    imports = re.compile(r"^\s*(?:from|import)\s+mkdocs", re.MULTILINE)
    assert not any(imports.search(p.read_text(encoding="utf-8")) for p in package.glob("*.py"))


def test_parse_number_agrees_with_the_key_for_seed_numbers() -> None:
    for printed in ("2234-CV/TU", "98-CV/ĐĐ", "57/LĐLĐ", "299/CĐCT-TGNC"):
        parsed = parse_number(printed)
        assert parsed is not None and number_key(parsed.canonical) == number_key(printed)

