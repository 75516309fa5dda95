import unicodedata

import pytest

from khovanban.vntext import canonical_tones, fold, match_key, slugify

CASES = [
    # (text, folded)
    ("Kết luận", "ket luan"),
    ("Đảng đoàn Lai Châu", "dang doan lai chau"),
    ("Tỉnh uỷ", "tinh uy"),
    ("khoá XI", "khoa xi"),
]


@pytest.mark.parametrize("text, folded", CASES)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert fold(unicodedata.normalize("NFD", text)) == folded


@pytest.mark.parametrize(
    "old, new",
    [("hoà", "hòa"), ("Tỉnh uỷ", "Tỉnh ủy"), ("khoá XI", "khóa XI"), ("thuỷ", "thủy"), ("HOÀ", "HÒA"), ("toà", "tòa")],
)
def test_tone_placement_is_equal(old: str, new: str) -> None:
    assert canonical_tones(old) == canonical_tones(new)
    assert match_key(old) == match_key(new)


@pytest.mark.parametrize("word", ["hoàn", "quý", "quỳ", "khuyết", "thuyền", "hoài"])
def test_tone_placement_leaves_closed_syllables_and_qu(word: str) -> None:
    assert canonical_tones(word) == word


def test_match_key_keeps_diacritics() -> None:
    assert match_key("ma") != match_key("má")


def test_slugify() -> None:
    assert slugify("Tỉnh ủy Bắc Giang") == "tinh-uy-bac-giang"
    assert slugify("TG&NC") == "tg-nc"
