"""The closing of a document: distribution list, signature and annexes, as text extraction
leaves them (Word without bullets, PDF page numbers, legal-portal lines run together)."""

from __future__ import annotations

from khovanban.markdown import page_body
from khovanban.parse import parse_document

HEADER = """ỦY BAN MTTQ VIỆT NAM              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH QUẢNG NINH                     Độc lập - Tự do - Hạnh phúc
BAN THƯỜNG TRỰC
Số: 12/HD-MTTQ-BTT                  Quảng Ninh, ngày 10 tháng 11 năm 2025
HƯỚNG DẪN
Quy trình hiệp thương

Thực hiện Nghị quyết số 101/2025/UBTVQH15, Ban Thường trực hướng dẫn như sau:
1. Hội nghị hiệp thương lần thứ nhất tổ chức trước ngày 30/11/2025.
"""


def test_a_list_whose_bullets_were_lost_is_one_item_per_line() -> None:
    text = HEADER + """
Nơi nhận:
\tBan TT UBTW MTTQ VN; (Để
\tBan Thường vụ Tỉnh ủy;      báo cáo)
\tUBND tỉnh;
\tỦy ban bầu cử, Thường trực Đảng uỷ, HĐND,
UBND, UBMTTQVN các phường, xã;
   -   Lưu VP, Ban DC.

TM. BAN THƯỜNG TRỰC
\t\tPHÓ CHỦ TỊCH THƯỜNG TRỰC

Nguyễn Chí Thành
"""
    document = parse_document(text)
    assert document.distribution == [
        "Ban TT UBTW MTTQ VN",
        "Ban Thường vụ Tỉnh ủy",
        "UBND tỉnh",
        "Ủy ban bầu cử, Thường trực Đảng uỷ, HĐND, UBND, UBMTTQVN các phường, xã",
        "Lưu VP, Ban DC",
    ]
    assert (document.signer_position, document.signer) == ("Phó Chủ tịch Thường trực", "Nguyễn Chí Thành")


def test_text_under_noi_nhan_that_is_not_a_list_is_not_taken() -> None:
    text = HEADER + """
Nơi nhận: theo danh sách kèm theo

TM. BAN THƯỜNG TRỰC
CHỦ TỊCH

Nguyễn Chí Thành
"""
    assert parse_document(text).distribution == []


def test_page_numbers_and_the_signature_column_are_not_items() -> None:
    text = HEADER + """
                                                           T/M BAN THƯỜNG TRỰC
Nơi nhận:

                                                          33

- Các huyện ủy, thị ủy, thành ủy,
- Thường trực
  HĐND, UBND tỉnh,
- Ban Bí thư (để báo cáo),          PHÓ
 TRƯỞNG BAN
- Lưu Văn phòng.
                                                                               Trần Cẩm Tú
"""
    document = parse_document(text)
    assert document.distribution == [
        "Các huyện ủy, thị ủy, thành ủy",
        "Thường trực HĐND, UBND tỉnh",  # capitals that are not a title continue the item
        "Ban Bí thư (để báo cáo)",
        "Lưu Văn phòng",
    ]
    assert document.signer == "Trần Cẩm Tú"


PORTAL = """Công văn 2739/VPCP-ĐMDN năm 2019 quy định về quản trị doanh nghiệp do Văn phòng Chính phủ ban hành.
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------
Số: 2739/VPCP-ĐMDN V/v quy định về quản trị doanh nghiệp
Hà Nội, ngày 05 tháng 04 năm 2019 Kính gửi: Bộ Kế hoạch và Đầu tư.
Xét báo cáo của Bộ Kế hoạch và Đầu tư, Thủ tướng Chính phủ giao Bộ nghiên cứu, đề xuất./.
Nơi nhận:
- Như trên;
- VPCP: BTCN, các PCN;
{last}
"""


def test_a_signature_run_onto_the_last_line_of_the_list() -> None:
    document = parse_document(PORTAL.format(last="- Lưu: VT, ĐMDN (2b). Trung Anh BỘ TRƯỞNG, CHỦ NHIỆM Mai Tiến Dũng"))
    assert document.distribution == ["Như trên", "VPCP: BTCN, các PCN", "Lưu: VT, ĐMDN (2b). Trung Anh"]
    assert (document.signing_authority, document.signer_position, document.signer) == (
        None, "Bộ trưởng, Chủ nhiệm", "Mai Tiến Dũng"
    )
    assert not [f for f in document.flags if f.field == "signer"]


def test_an_authority_line_then_titles_and_name_on_one_line() -> None:
    document = parse_document(PORTAL.format(last="- Lưu: VT, QLKTTW.\nTL.\nBỘ TRƯỞNG CHÁNH VĂN PHÒNG Nguyễn Đức Tâm"))
    assert (document.signing_authority, document.signer_position, document.signer) == (
        "TL. Bộ trưởng", "Chánh Văn phòng", "Nguyễn Đức Tâm"
    )
    assert document.distribution[-1] == "Lưu: VT, QLKTTW"


def test_a_last_item_ending_in_a_name_without_titles_is_left_alone() -> None:
    document = parse_document(PORTAL.format(last="- Lưu: VT, Ban Tuyên giáo Tỉnh ủy Bắc Giang"))
    assert document.distribution[-1] == "Lưu: VT, Ban Tuyên giáo Tỉnh ủy Bắc Giang"
    assert document.signer is None
    assert [f.message for f in document.flags if f.field == "signer"]


RESOLUTION = """ỦY BAN THƯỜNG VỤ QUỐC HỘI          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                    Độc lập - Tự do - Hạnh phúc
Nghị quyết số: 101/2025/UBTVQH15    Hà Nội, ngày 26 tháng 9 năm 2025
NGHỊ QUYẾT
Quy định chi tiết việc tổ chức hội nghị cử tri

Điều 1. Phạm vi điều chỉnh
1. Nghị quyết này quy định chi tiết việc tổ chức hội nghị cử tri.
Điều 2. Hiệu lực thi hành
1. Nghị quyết này có hiệu lực thi hành từ ngày 01 tháng 11 năm 2025.
{signature}
PHỤ LỤC
ban hành kèm theo Nghị quyết số 101/2025/UBTVQH15
Mẫu số 01/HNCT
BIÊN BẢN HỘI NGHỊ CỬ TRI
1. Thành phần tham dự.
2. Kết quả biểu quyết.

TM. BAN CÔNG TÁC MẶT TRẬN
TRƯỞNG BAN
(Ký, ghi rõ họ tên)
""" + "\n".join(f"Dòng {n} của mẫu biểu" for n in range(30)) + "\n"


def test_signature_before_annexes_without_a_distribution_list() -> None:
    document = parse_document(RESOLUTION.format(signature="\nTM. ỦY BAN THƯỜNG VỤ QUỐC HỘI\nCHỦ TỊCH\n\nTrần Thanh Mẫn\n"))
    assert (document.signing_authority, document.signer_position, document.signer) == (
        "TM. Ủy ban Thường vụ Quốc hội", "Chủ tịch", "Trần Thanh Mẫn"
    )
    body = [b.text for b in document.blocks]
    assert body[-1].startswith("1. Nghị quyết này có hiệu lực") and not any("PHỤ LỤC" in t for t in body)
    assert [b.text for b in document.closing][-1] == "Trần Thanh Mẫn"
    assert document.annexes[0].text == "PHỤ LỤC"
    # The annex's items keep anchors that do not repeat the body's.
    body_anchors = {b.anchor for b in document.blocks if b.anchor}
    annex_anchors = [b.anchor for b in document.annexes if b.anchor]
    assert annex_anchors and not body_anchors & set(annex_anchors)
    page = page_body(document.blocks, document.closing, document.annexes)
    assert page.index("có hiệu lực") < page.index("Trần Thanh Mẫn") < page.index("PHỤ LỤC")


def test_a_form_in_an_annex_is_not_taken_for_the_signature() -> None:
    document = parse_document(RESOLUTION.format(signature=""))
    # Only the form's blank block: no signer, a flag for a person, nothing split off.
    assert document.signer is None
    assert document.annexes == []
    assert [f.message for f in document.flags if f.field == "signer"] == ["Không đọc được tên người ký"]
