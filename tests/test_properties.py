"""Property-based tests: the parser and the number normaliser never raise on any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from khovanban.markdown import escape_text
from khovanban.numbers import find_numbers, parse_number
from khovanban.parse import parse_document
from khovanban.vntext import canonical_tones, fold

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
