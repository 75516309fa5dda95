"""What a careful reader of each seed original finds, one row per field.

The rows were written by reading the originals in archive/, not by copying parser output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from khovanban.decode import decode_original
from khovanban.parse import ParsedDocument, parse_document

ARCHIVE = Path(__file__).resolve().parents[1] / "archive"
LDLD_BG = "000_dd08c7a0fd5ce81f.txt"
LDLD_BT = "001_d6f27f0194adc76a.txt"
TU_BG = "002_9a25647a18382cb9.txt"
CDCT = "003_73befe69cbf13d9b.txt"
DD_LC = "004_bb861a230d282d37.txt"

EXPECTED = [
    # Liên đoàn Lao động tỉnh Bắc Giang: no number, month-only date, header lost.
    (LDLD_BG, "number", None),
    (LDLD_BG, "number_printed", "/LĐLĐ-TG&NC"),
    (LDLD_BG, "doc_type", "Công văn"),
    (LDLD_BG, "issuer", "Liên đoàn Lao động tỉnh Bắc Giang"),
    (LDLD_BG, "issuer_parent", "Tổng Liên đoàn Lao động Việt Nam"),
    (LDLD_BG, "issuer_source", "number+place"),
    (LDLD_BG, "place", "Bắc Giang"),
    (LDLD_BG, "date", "2023-07"),
    (LDLD_BG, "date_precision", "month"),
    (LDLD_BG, "subject", "V/v tuyên truyền, triển khai thực hiện Kết luận số 54-KL/TW ngày 09/5/2023 của Ban Bí thư"),
    (LDLD_BG, "recipients", [
        "Liên đoàn lao động các huyện, thành phố",
        "Các công đoàn ngành, Công đoàn Viên chức",
        "Công đoàn Các khu công nghiệp tỉnh",
        "Nhà Văn hóa Lao động tỉnh",
        "Các công đoàn cơ sở trực thuộc LĐLĐ tỉnh",
    ]),
    (LDLD_BG, "distribution", ["Như kính gửi", "Ban Tuyên giáo Tỉnh ủy", "Thường trực LĐLĐ tỉnh", "Lưu: VT, Ban TG&NC"]),
    (LDLD_BG, "signing_authority", "TM. Ban Thường vụ"),
    (LDLD_BG, "signer_position", "Chủ tịch"),
    (LDLD_BG, "signer", "Nguyễn Văn Cảnh"),
    # Liên đoàn Lao động tỉnh Bình Thuận: spaced number, header lost.
    (LDLD_BT, "number", "57/LĐLĐ"),
    (LDLD_BT, "doc_type", "Công văn"),
    (LDLD_BT, "issuer", "Liên đoàn Lao động tỉnh Bình Thuận"),
    (LDLD_BT, "place", "Bình Thuận"),
    (LDLD_BT, "date", "2017-02-24"),
    (LDLD_BT, "subject", "V/v tiếp tục phối hợp thực hiện đổi mới nội dung, phương thức hoạt động gần dân, sát cơ sở"),
    (LDLD_BT, "recipients", ["Liên đoàn Lao động cấp huyện", "Công đoàn cấp ngành"]),
    (LDLD_BT, "signing_authority", "TM. Ban Thường vụ"),
    (LDLD_BT, "signer_position", "Phó Chủ tịch Thường trực"),
    (LDLD_BT, "signer", "Nguyễn Văn Trương"),
    # Tỉnh ủy Bắc Giang: Party header interleaved with the motto.
    (TU_BG, "number", "2234-CV/TU"),
    (TU_BG, "doc_type", "Công văn"),
    (TU_BG, "issuer", "Tỉnh ủy Bắc Giang"),
    (TU_BG, "issuer_source", "header"),
    (TU_BG, "province", "Bắc Giang"),
    (TU_BG, "date", "2023-06-29"),
    (TU_BG, "subject", "V/v triển khai thực hiện Kết luận số 54-KL/TW ngày 09/5/2023 của Ban Bí thư"),
    (TU_BG, "recipients", [
        "Các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy",
        "Các ban cán sự đảng, đảng đoàn",
        "Các cơ quan, sở, ban, ngành tỉnh",
        "Ủy ban MTTQ và các tổ chức chính trị - xã hội tỉnh",
    ]),
    (TU_BG, "distribution", [
        "Như trên",
        "Văn phòng Trung ương Đảng (báo cáo)",
        "Ban Dân vận Trung ương (báo cáo)",
        "Các đồng chí Tỉnh ủy viên",
        "Các ban, cơ quan thuộc Tỉnh ủy",
        "Lưu Văn phòng Tỉnh ủy",
    ]),
    (TU_BG, "signing_authority", "T/M Ban Thường vụ"),
    (TU_BG, "signer_position", "Phó Bí thư"),
    (TU_BG, "signer", "Lê Thị Thu Hồng"),
    # Công đoàn Công Thương Việt Nam: dashed number, national body seated in Hà Nội, OCR marks.
    (CDCT, "number", "299/CĐCT-TGNC"),
    (CDCT, "issuer", "Công đoàn Công Thương Việt Nam"),
    (CDCT, "province", None),
    (CDCT, "place", "Hà Nội"),
    (CDCT, "date", "2023-06-01"),
    (CDCT, "subject", "V/v đẩy mạnh thực hiện Kết luận số 01-KL/TW của Bộ Chính trị về tiếp tục thực hiện Chỉ thị 05-CT/TW"),
    (CDCT, "recipients", ["Công đoàn cấp trên trực tiếp cơ sở, công đoàn cơ sở trực thuộc Công đoàn Công Thương Việt Nam"]),
    (CDCT, "distribution", ["Như trên", "Lãnh đạo, các Ban CĐCTVN", "Website CĐCTVN", "Lưu: VP, TG-NC"]),
    (CDCT, "signing_authority", "TM. Ban Thường vụ"),
    (CDCT, "signer_position", "Phó Chủ tịch"),
    (CDCT, "signer", "Lê Thị Đức"),
    # Đảng đoàn Liên đoàn Lao động tỉnh Lai Châu: two-level Party header.
    (DD_LC, "number", "98-CV/ĐĐ"),
    (DD_LC, "issuer", "Đảng đoàn Liên đoàn Lao động tỉnh Lai Châu"),
    (DD_LC, "issuer_parent", "Tỉnh ủy Lai Châu"),
    (DD_LC, "province", "Lai Châu"),
    (DD_LC, "date", "2023-02-27"),
    (DD_LC, "subject", "V/v quan tâm lãnh đạo, chỉ đạo hoạt động của tổ chức Công đoàn"),
    (DD_LC, "recipients", ["Các huyện uỷ, thành uỷ, đảng uỷ trực thuộc tỉnh"]),
    (DD_LC, "signing_authority", "T/M Đảng đoàn"),
    (DD_LC, "signer_position", "Bí thư"),
    (DD_LC, "signer", "Nguyễn Thị Thiện"),
]

_cache: dict[str, ParsedDocument] = {}


def parsed(name: str) -> ParsedDocument:
    if name not in _cache:
        _cache[name] = parse_document(decode_original(ARCHIVE / name).text)
    return _cache[name]


@pytest.mark.parametrize("name, field, expected", EXPECTED, ids=[f"{r[0][:3]}-{r[1]}" for r in EXPECTED])
def test_seed_field(name: str, field: str, expected: object) -> None:
    document = parsed(name)
    if field == "number":
        actual = document.number.canonical if document.number and document.number.number else None
    else:
        actual = getattr(document, field)
    assert actual == expected


def test_flags_name_the_line() -> None:
    flags = {f.field: f for f in parsed(LDLD_BG).flags}
    assert flags["number"].line == 3 and flags["date"].line == 5
    assert "issuer" in flags


def test_page_break_split_paragraphs_are_rejoined() -> None:
    texts = [b.text for b in parsed(LDLD_BG).blocks]
    assert any("Tăng cường phối hợp tổ chức tiếp xúc" in t for t in texts)
    texts = [b.text for b in parsed(TU_BG).blocks]
    assert any('"tự diễn biến", "tự chuyển hóa"; kịp thời' in t for t in texts)


def test_wording_is_kept_including_typos() -> None:
    assert any("Tù theo điều kiện" in b.text for b in parsed(LDLD_BT).blocks)


def test_ocr_marks_are_removed_and_recorded() -> None:
    document = parsed(CDCT)
    assert [(m.line, m.text) for m in document.removed] == [(26, "*Q*"), (33, "*Q*")]
    assert not any("*Q*" in b.text for b in document.blocks + document.closing)


def test_numbered_items_get_stable_anchors() -> None:
    anchors = [b.anchor for b in parsed(TU_BG).blocks if b.anchor]
    assert anchors == [f"muc-{i}" for i in range(1, 10)]
    assert [b.anchor for b in parsed(LDLD_BG).blocks if b.anchor] == [f"muc-{i}" for i in range(1, 7)]
