import pytest

from khovanban.access import detect_access, examples, read_cell


@pytest.mark.parametrize("example", examples(), ids=lambda e: e["text"])
def test_table_examples(example: dict) -> None:
    mark = read_cell(example["text"])
    assert mark is not None
    assert mark.level == example["level"]
    assert mark.urgency == example.get("urgency")


@pytest.mark.parametrize(
    "text", ["Mặt trận Tổ quốc", "bảo vệ bí mật nhà nước", "MẶT TRẬN", "Nội dung khẩn trương thực hiện", "Mặt"]
)
def test_words_in_running_text_are_not_marks(text: str) -> None:
    assert read_cell(text) is None


def test_a_mark_without_diacritics_goes_to_review() -> None:
    assert read_cell("MAT").level == "review"


def test_most_restrictive_mark_wins_and_urgency_is_separate() -> None:
    lines = ["TỈNH ỦY BẮC GIANG", "HỎA TỐC", "*", "Số 12-CV/TU        MẬT", "Bắc Giang, ngày 1 tháng 2 năm 2024", "",
             "Nội dung (Lưu hành nội bộ) trong câu không phải dấu."]
    mark = detect_access(lines)
    assert (mark.level, mark.urgency, mark.line) == ("secret", "Hỏa tốc", 4)


def test_footer_stamp_is_found() -> None:
    lines = ["Số: 5/UBND-VP"] + ["nội dung"] * 100 + ["Lưu hành nội bộ"]
    assert detect_access(lines).level == "internal"


def test_no_mark_is_public() -> None:
    assert detect_access(["Số 2234-CV/TU", "V/v triển khai"]).level == "public"
