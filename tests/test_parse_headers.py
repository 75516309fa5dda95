"""Issuer headers: two-level Party headers, abbreviations printed in capitals, and the cases
that must not change. One row per header, written as printed on real originals."""

from __future__ import annotations

import pytest

from khovanban.names import readable_case
from khovanban.parse import parse_document

PARTY = """{left}                    ĐẢNG CỘNG SẢN VIỆT NAM
{lower}
*
Số {number}                          {place}, ngày 12 tháng 3 năm 2024
V/v triển khai thực hiện Kết luận số 54-KL/TW

Kính gửi: Các chi bộ, đảng bộ trực thuộc

Thực hiện Kết luận số 54-KL/TW ngày 09/5/2023 của Ban Bí thư, đề nghị các cấp ủy triển khai.
"""
STATE = """{left}                  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
{lower}                        Độc lập - Tự do - Hạnh phúc
Số: {number}                           {place}, ngày 2 tháng 4 năm 2024
V/v tổ chức tháng công nhân

Kính gửi: Các công đoàn cơ sở trực thuộc

Thực hiện Kế hoạch của Tổng Liên đoàn, đề nghị các đơn vị triển khai.
"""

# (template, left line, lower line, number, place, issuer, issuer_parent, province)
HEADERS = [
    # The committee of a district, commune or urban district under its party organisation:
    # the lower line is the issuer, the upper one its parent.
    (PARTY, "ĐẢNG BỘ TỈNH BẮC GIANG", "HUYỆN ỦY LỤC NAM", "125-CV/HU", "Lục Nam",
     "Huyện ủy Lục Nam", "Đảng bộ tỉnh Bắc Giang", "Bắc Giang"),
    (PARTY, "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", "QUẬN ỦY CẦU GIẤY", "88-CV/QU", "Cầu Giấy",
     "Quận ủy Cầu Giấy", "Đảng bộ thành phố Hà Nội", "Hà Nội"),
    (PARTY, "ĐẢNG BỘ TỈNH PHÚ THỌ", "THỊ UỶ PHÚ THỌ", "41-CV/ThU", "Phú Thọ",
     "Thị uỷ Phú Thọ", "Đảng bộ tỉnh Phú Thọ", "Phú Thọ"),
    (PARTY, "ĐẢNG BỘ HUYỆN LỤC NAM", "ĐẢNG ỦY XÃ BẢO ĐÀI", "12-CV/ĐU", "Bảo Đài",
     "Đảng ủy xã Bảo Đài", "Đảng bộ huyện Lục Nam", None),
    # A state-format union header: the district union under the provincial one (abbreviated).
    (STATE, "LĐLĐ TỈNH LẠNG SƠN", "LIÊN ĐOÀN LAO ĐỘNG HUYỆN TIÊN HẬU", "57/LĐLĐ", "Tiên Hậu",
     "Liên đoàn Lao động huyện Tiên Hậu", "LĐLĐ tỉnh Lạng Sơn", "Lạng Sơn"),
    (STATE, "TỔNG LĐLĐ VIỆT NAM", "LĐLĐ TỈNH BẮC GIANG", "57/LĐLĐ", "Bắc Giang",
     "LĐLĐ tỉnh Bắc Giang", "Tổng LĐLĐ Việt Nam", "Bắc Giang"),
    # Not changed: a unit without a place of its own is named after the body above it.
    (PARTY, "THÀNH ỦY HÀ NỘI", "BAN TỔ CHỨC", "15-CV/BTCTU", "Hà Nội",
     "Ban Tổ chức Thành ủy Hà Nội", "Thành ủy Hà Nội", "Hà Nội"),
    (PARTY, "TỈNH ỦY LAI CHÂU", "ĐẢNG ĐOÀN LIÊN ĐOÀN LAO ĐỘNG TỈNH", "98-CV/ĐĐ", "Lai Châu",
     "Đảng đoàn Liên đoàn Lao động tỉnh Lai Châu", "Tỉnh ủy Lai Châu", "Lai Châu"),
    (STATE, "LĐLĐ TỈNH BẮC GIANG", "BAN THƯỜNG VỤ", "57/LĐLĐ", "Bắc Giang",
     "Ban Thường vụ LĐLĐ tỉnh Bắc Giang", "LĐLĐ tỉnh Bắc Giang", "Bắc Giang"),
    (STATE, "SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI TỈNH BẮC GIANG", "57/SLĐTBXH", "Bắc Giang",
     "Sở Lao động - Thương binh và Xã hội tỉnh Bắc Giang", None, "Bắc Giang"),
]


@pytest.mark.parametrize(
    "template, left, lower, number, place, issuer, parent, province",
    HEADERS,
    ids=[row[2] for row in HEADERS],
)
def test_issuer_of_a_two_level_header(
    template: str, left: str, lower: str, number: str, place: str, issuer: str, parent: str | None,
    province: str | None,
) -> None:
    document = parse_document(template.format(left=left, lower=lower, number=number, place=place))
    assert (document.issuer, document.issuer_parent, document.province) == (issuer, parent, province)


def test_three_levels_name_the_unit_after_the_committee_not_the_party_organisation() -> None:
    text = PARTY.format(
        left="ĐẢNG BỘ TỈNH BẮC GIANG", lower="HUYỆN ỦY LỤC NAM\nBAN TUYÊN GIÁO", number="07-CV/BTGHU",
        place="Lục Nam",
    )
    document = parse_document(text)
    assert (document.issuer, document.issuer_parent) == ("Ban Tuyên giáo Huyện ủy Lục Nam", "Huyện ủy Lục Nam")


@pytest.mark.parametrize(
    "printed, readable",
    [
        ("LĐLĐ TỈNH BẮC GIANG", "LĐLĐ tỉnh Bắc Giang"),
        ("TỔNG LĐLĐ VIỆT NAM", "Tổng LĐLĐ Việt Nam"),
        ("UBND HUYỆN LỤC NAM", "UBND huyện Lục Nam"),
        ("THƯỜNG TRỰC HĐND XÃ LƯƠNG MINH", "Thường trực HĐND xã Lương Minh"),
        ("BAN THƯỜNG TRỰC ỦY BAN MTTQ VN XÃ LƯƠNG MINH", "Ban Thường trực Ủy ban MTTQ VN xã Lương Minh"),
        ("HUYỆN ỦY LỤC NAM", "Huyện ủy Lục Nam"),
        ("QUẬN UỶ CẦU GIẤY", "Quận uỷ Cầu Giấy"),
        ("ỦY BAN MTTQ VIỆT NAM XÃ HỘI AN", "Ủy ban MTTQ Việt Nam xã Hội An"),
        # Negative cases: nothing after the committee, a place word that is not a place,
        # letters of an abbreviation inside a word.
        ("BAN THƯỜNG VỤ HUYỆN ỦY", "Ban Thường vụ Huyện ủy"),
        ("PHÓ BÍ THƯ THƯỜNG TRỰC HUYỆN ỦY", "Phó Bí thư Thường trực Huyện ủy"),
        ("BẢO HIỂM XÃ HỘI TỈNH BẮC GIANG", "Bảo hiểm xã hội tỉnh Bắc Giang"),
        ("BAN CHỈ ĐẠO CÔNG TÁC XÃ HỘI", "Ban Chỉ đạo công tác xã hội"),
        ("TRUNG TÂM TPHCM", "Trung tâm tphcm"),
        ("Liên đoàn Lao động tỉnh", "Liên đoàn Lao động tỉnh"),
    ],
)
def test_capitals_become_running_text_and_abbreviations_stay(printed: str, readable: str) -> None:
    assert readable_case(printed) == readable
