"""Property-based tests: the parser and the number normaliser never raise on any text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from khovanban.markdown import escape_text
from khovanban.numbers import find_numbers, parse_number
from khovanban.parse import parse_document
from khovanban.search.terms import _variant, variant_words
from khovanban.vntext import canonical_tones, fold, nfc, strip_diacritics

VIETNAMESE = st.text(
    alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọ"
                                  "ồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵAĂÂĐÊÔƠƯ0123456789 -/–.,:;\n*()“”\"'&<>[]{}#_")),
    max_size=400,
)
NUMBERISH = st.from_regex(r"\d{0,5} ?[-/–] ?[A-ZĐ]{1,6}(?: ?[-/–] ?[A-ZĐ&]{1,6}){0,3}", fullmatch=True)


@settings(max_examples=200, deadline=None)
@given(VIETNAMESE)
def test_parse_document_never_raises(text: str) -> None:
    parse_document(text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(NUMBERISH, VIETNAMESE))
def test_number_normalisation_is_idempotent(text: str) -> None:
    parsed = parse_number(text)
    if parsed is not None and parsed.number:
        again = parse_number(parsed.canonical)
        assert again is not None and again.canonical == parsed.canonical


@settings(max_examples=300, deadline=None)
@given(VIETNAMESE)
def test_found_number_spans_point_to_their_text(text: str) -> None:
    for start, end, matched in find_numbers(text):
        assert text[start:end] == matched


@settings(max_examples=300, deadline=None)
@given(VIETNAMESE)
def test_folding_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert canonical_tones(canonical_tones(text)) == canonical_tones(text)


@settings(max_examples=300, deadline=None)
@given(VIETNAMESE)
def test_escaped_text_has_no_raw_html(text: str) -> None:
    escaped = escape_text(text)
    assert "<" not in escaped and ">" not in escaped


CITATION_TEXT = st.lists(
    st.one_of(
        VIETNAMESE,
        st.sampled_from([
            "Kết luận số 54-KL/TW ngày 09/5/2023 của Ban Bí thư",
            "Thực hiện Công văn số 2234-CVTU ngày 29/6/2023 của Ban Thường vụ Tỉnh ủy",
            "(sau đây gọi tắt là Kết luận số 01)", "Nghị định 145/2020/NĐ-CP", "Quyết định 217/QĐ-TW",
            "Chỉ thị 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị về “Đẩy mạnh học tập”", "số 57 / LĐLĐ",
        ]),
    ),
    max_size=8,
).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(CITATION_TEXT)
def test_citation_spans_point_to_the_text_they_claim(text: str) -> None:
    from khovanban.citations.find import find_citations

    for citation in find_citations(text):
        assert text[citation.start : citation.end] == citation.text
        assert citation.start < citation.end <= max(citation.desc_end, citation.end) <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.lists(st.one_of(st.none(), st.text(max_size=40)), max_size=4))
def test_page_front_matter_reads_back_as_written(title: str, recipients: list[str | None]) -> None:
    # Pages are written by libyaml's emitter when present: any text (emoji, U+2028, control
    # characters, "yes", "2024-01-02") must read back as the same value with either loader.
    import yaml

    from khovanban.pages import parse_page, render_page, split_front_matter

    meta = {"id": "a/2024/1", "title": title, "recipients": recipients, "number": "2024-01-02", "type": "yes"}
    text = render_page(meta, "Nội dung.\n")
    assert parse_page(text).meta == meta
    assert yaml.safe_load(split_front_matter(text)[0]) == meta


@given(st.text())
@settings(max_examples=400, deadline=None)
def test_strip_diacritics_drops_exactly_the_combining_marks(text: str) -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text)
    expected = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d").replace("Đ", "D")
    assert strip_diacritics(text) == expected


# Upper-case toned pairs too ("HOÀ", "UỶ", "ÒA"): the shortcut's character classes must cover them.
TONED_TEXT = st.text(alphabet=st.sampled_from(list("hoauyeqđĐðÐ_ 12àáảãạòóỏõọùúủũụèéẻẽẹỳýỷỹỵ"
                                                   "HOAUYEQÀÁẢÃẠÒÓỎÕỌÙÚỦŨỤÈÉẺẼẸỲÝỶỸỴ.,")), max_size=120)


@settings(max_examples=400, deadline=None)
@given(st.one_of(VIETNAMESE, TONED_TEXT))
def test_variant_words_skip_only_words_without_a_variant(text: str) -> None:
    # variant_words looks only at words a regex picks out; every word it passes over must be
    # one whose variant is None, so the result equals asking every word in turn.
    words = re.findall(r"[^\W_]+", nfc(text))
    expected = [variant for variant in map(_variant, words) if variant is not None]
    assert list(variant_words(text)) == expected
