"""Finding citations: tables of real sentences (seeds and ../shared/corpus) and what they cite.

Each row is a sentence as printed and the citations a careful reader finds in it, built with the
small factory ``cite``. Only the fields a row names are compared. A labelled sample of the corpus
measures precision and recall of the finder as a whole.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from khovanban.citations import Citation, clean_text, find_citations, find_definitions
from khovanban.citations.find import _bare_numbers
from khovanban.citations.lexicon import load_lexicon
from khovanban.citations.resolve import number_key
from khovanban.markdown import escape_text
from khovanban.numbers import parse_number
from khovanban.registry import build_registry, read_pages

REPO = Path(__file__).resolve().parents[1]


def cite(label: str, number: str | None = None, **fields: Any) -> dict[str, Any]:
    """An expected citation: its words, its number as normalised, and any other field to check."""
    return {"label": label, "number": number, **fields}


def _actual(citation: Citation) -> dict[str, Any]:
    return {
        "label": citation.label,
        "number": citation.number.canonical if citation.number else citation.short_number,
        "kind": citation.kind,
        "type": citation.doc_type,
        "date": citation.date.iso() if citation.date else None,
        "issuer": citation.issuer.text if citation.issuer else None,
        "province": citation.issuer.province if citation.issuer else None,
        "term": citation.term,
        "title": citation.title,
        "about": citation.about,
        "defines": citation.in_definition,
    }


FIND = [
    # --- the forms the issue lists, from the seeds ------------------------------------------
    ("V/v tuyên truyền, triển khai thực hiện Kết luận số 54-KL/TW ngày 09/5/2023 của Ban Bí thư",
     [cite("Kết luận số 54-KL/TW", "54-KL/TW", type="Kết luận", date="2023-05-09", issuer="Ban Bí thư")]),
    ("Tăng cường công tác kiểm tra, giám sát việc thực hiện Quyết định số 99-QĐ/TW, Kết luận số 54-KL/TW;",
     [cite("Quyết định số 99-QĐ/TW", "99-QĐ/TW", date=None, issuer=None),
      cite("Kết luận số 54-KL/TW", "54-KL/TW", date=None)]),
    (("theo Kế hoạch số 31-KH/TU, ngày 30/9/2016 của Ban Thường vụ Tỉnh ủy về thực hiện Chỉ thị 05-CT/TW, ngày "
     "15/5/2016 của Bộ Chính trị về “Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”"),
     [cite("Kế hoạch số 31-KH/TU", "31-KH/TU", date="2016-09-30", issuer="Ban Thường vụ Tỉnh ủy",
           about="về thực hiện Chỉ thị 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị về “Đẩy mạnh học tập và làm "
                 "theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”"),
      cite("Chỉ thị 05-CT/TW", "05-CT/TW", date="2016-05-15", issuer="Bộ Chính trị",
           title="Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")]),
    ("việc thực hiện quy chế dân chủ ở cơ sở tại các đơn vị doanh nghiệp theo Nghị định 145/2020/NĐ-CP; thực hiện",
     [cite("Nghị định 145/2020/NĐ-CP", "145/2020/NĐ-CP", type="Nghị định")]),
    (("Kế hoạch số 179/KH-TLĐ, ngày 03/03/2022 của Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam về tổ chức đại "
     "hội công đoàn các cấp"),
     [cite("Kế hoạch số 179/KH-TLĐ", "179/KH-TLĐ", date="2022-03-03",
           issuer="Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam")]),
    # A typo in the number, and a Party number written state style.
    ("Thực hiện Công văn số 2234-CVTU ngày 29/6/2023 của Ban Thường vụ Tỉnh ủy về việc triển khai thực hiện",
     [cite("Công văn số 2234-CVTU", "2234-CV/TU", date="2023-06-29")]),
    (("giám sát và phản biện xã hội theo Quyết định 217/QĐ-TW, Quyết định 218-QĐ/TW, ngày 12/12/2013 của Bộ Chính "
     "trị (khoá XI), Chỉ thị số 18-CT/TW"),
     [cite("Quyết định 217/QĐ-TW", "217-QĐ/TW", date=None),
      cite("Quyết định 218-QĐ/TW", "218-QĐ/TW", date="2013-12-12", issuer="Bộ Chính trị", term="khóa XI"),
      cite("Chỉ thị số 18-CT/TW", "18-CT/TW")]),
    # The type word decides the type ("Chương trình hành động số 12-NQ/TU" is a programme); an
    # unnumbered resolution is not a numbered citation.
    (("Chương trình hành động số 12-NQ/TU của Ban Chấp hành Đảng bộ tỉnh về thực hiện Nghị quyết Hội nghị lần "
     "thứ 4 của Ban Chấp hành Trung ương Đảng (khóa XII)"),
     [cite("Chương trình hành động số 12-NQ/TU", "12-NQ/TU", type="Chương trình",
           issuer="Ban Chấp hành Đảng bộ tỉnh")]),
    (("Thực hiện Chương trình hành động số 12-CTr/TU, ngày 28/9/2021 của Ban Thường vụ Tỉnh uỷ thực hiện Nghị quyết "
     "số 02-NQ/TW, ngày 12/6/2021 của Bộ Chính trị về “Đổi mới tổ chức và hoạt động của Công đoàn Việt Nam trong "
     "tình hình mới”;"),
     [cite("Chương trình hành động số 12-CTr/TU", "12-CTr/TU", issuer="Ban Thường vụ Tỉnh uỷ"),
      cite("Nghị quyết số 02-NQ/TW", "02-NQ/TW", date="2021-06-12",
           title="Đổi mới tổ chức và hoạt động của Công đoàn Việt Nam trong tình hình mới")]),
    # Short forms, defined and not.
    (("Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị (sau đây gọi tắt là Kết luận số 01); sau 2 năm thực "
     "hiện Kết luận số 01"),
     [cite("Kết luận số 01-KL/TW", "01-KL/TW"), cite("Kết luận số 01", "01", kind="short", defines=True),
      cite("Kết luận số 01", "01", kind="short", defines=False)]),
    ("kiểm tra, giám sát việc thực hiện Kết luận số 01 và Nghị quyết số 02 của Bộ Chính trị, bảo đảm",
     [cite("Kết luận số 01", "01", kind="short"),
      cite("Nghị quyết số 02", "02", kind="short", issuer="Bộ Chính trị")]),
    ("(viết tắt là *Quyết định số 99-QĐ/TW*). Nhận thức",
     [cite("Quyết định số 99-QĐ/TW", "99-QĐ/TW", defines=True)]),
    # --- corpus: state numbers, laws named before their number, spaces and typos -------------
    (("Căn cứ Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân số 85/2015/QH13, ngày 25/6/2015 và được "
     "sửa đổi, bổ sung một số điều tại Luật số 83/2025/QH15, ngày 24/6/2025;"),
     [cite("Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân số 85/2015/QH13", "85/2015/QH13",
           type="Luật", date="2015-06-25"),
      cite("Luật số 83/2025/QH15", "83/2025/QH15", date="2025-06-24")]),
    ("- Tuyên truyền Chỉ thị số số 46 - CT/TW ngày 16/5/2025 của Bộ Chính trị về lãnh đạo cuộc bầu cử",
     [cite("Chỉ thị số số 46 - CT/TW", "46-CT/TW", date="2025-05-16", issuer="Bộ Chính trị")]),
    (("Căn cứ Nghị quyết liên tịch số 102/2025/NQLT/UBTVQH15-CP- ĐCTUBTWMTTQVN ngày 26 tháng 9 năm 2025 giữa Ủy ban "
     "Thường vụ Quốc hội, Chính phủ"),
     [cite("Nghị quyết liên tịch số 102/2025/NQLT/UBTVQH15-CP- ĐCTUBTWMTTQVN",
           "102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN", type="Nghị quyết liên tịch", date="2025-09-26",
           issuer="Ủy ban Thường vụ Quốc hội")]),
    ("Kế hoạch số 21-KH/ĐU, ngày 29/7/2025 của Ban Thường vụ Đảng ủy xã Lương Minh về triển khai",
     [cite("Kế hoạch số 21-KH/ĐU", "21-KH/ĐU", issuer="Ban Thường vụ Đảng ủy xã Lương Minh")]),
    ("Kế hoạch số 555-KH/TU, ngày 20/6/2025 của Ban Thường vụ Tỉnh uỷ Quảng Ninh về triển khai",
     [cite("Kế hoạch số 555-KH/TU", "555-KH/TU", province="Quảng Ninh")]),
    ("Quy định số 294-QĐ/TW, ngày 26-5-2025 của Ban\nChấp hành Trung ương “Thi hành Điều lệ Đảng”, Hướng dẫn",
     [cite("Quy định số 294-QĐ/TW", "294-QĐ/TW", date="2025-05-26", issuer="Ban Chấp hành Trung ương",
           title="Thi hành Điều lệ Đảng")]),
    ("thực hiện theo Điểm 27, Quy định\n294QĐ/TW và Điểm 18, 19, Hướng dẫn 06-HD/TW. Cụ thể",
     [cite("Quy định 294QĐ/TW", "294-QĐ/TW"), cite("Hướng dẫn 06-HD/TW", "06-HD/TW")]),
    ("theo Quy định số 296‑QĐ/TW, ngày 30/5/2025 của Ban Chấp hành Trung ương",
     [cite("Quy định số 296‑QĐ/TW", "296-QĐ/TW", date="2025-05-30")]),
    ("Phúc đáp Công văn số 615/KVN-PC ngày 3 tháng 4 năm 2019 của Tổng công ty Khí Việt Nam- CTCP",
     [cite("Công văn số 615/KVN-PC", "615/KVN-PC", date="2019-04-03")]),
    ("(Quy định 57, Quy định 75, Quy định\n126, Quy định 58, Quy định 367).",
     [cite("Quy định 57", "57", kind="short"), cite("Quy định 75", "75", kind="short"),
      cite("Quy định 126", "126", kind="short"), cite("Quy định 58", "58", kind="short"),
      cite("Quy định 367", "367", kind="short")]),
    # --- words that look like citations and are not ------------------------------------------
    ("lập biên bản kiểm phiếu (theo Mẫu số 06/BBKP kèm theo Nghị quyết này);", []),
    ("- Thực hiện theo mẫu 02-KNĐ (Hướng dẫn số 38)", [cite("Hướng dẫn số 38", "38", kind="short")]),
    ("BAN THƯỜNG TRỰC\n\nSố: 16/KH-MTTQ-BTT\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", []),
    ("---------------\nNghị quyết số: 101/2025/UBTVQH15  Hà Nội, ngày 26 tháng 9 năm 2025", []),
    ("     Số 06-HD/TW                                   Hà Nội, ngày 09 tháng 6 năm 2025", []),
    ("Đại hội Công đoàn tỉnh Lai Châu lần thứ XIII nhiệm kỳ 2023-2028; Bắc Giang, ngày 29 tháng 6 năm 2023", []),
    ("nếu ghi sai ô số 1 thì phải thay giấy khác; Điều 6 Điều lệ Đảng, Luật Doanh nghiệp 2014", []),
    ("ra quyết định\n\n                                         21\n\n\nkết nạp quần chúng vào Đảng", []),
    ("Nhận được Công văn này, Ban Thường vụ Liên đoàn Lao động tỉnh yêu cầu", []),
]


@pytest.mark.parametrize("text, expected", FIND, ids=[f"{i:02d}-{row[0][:40]}" for i, row in enumerate(FIND)])
def test_find(text: str, expected: list[dict[str, Any]]) -> None:
    found = [_actual(c) for c in find_citations(text)]
    assert [f["label"] for f in found] == [e["label"] for e in expected]
    for actual, wanted in zip(found, expected):
        assert {key: actual[key] for key in wanted} == wanted


def test_spans_are_offsets_into_the_text() -> None:
    text = "Căn cứ Quy định số 294-QĐ/TW, ngày 26/5/2025; Hướng dẫn 06-HD/TW và Kết luận số 01."
    for citation in find_citations(text):
        assert text[citation.start : citation.end] == citation.text
        assert citation.start < citation.end <= citation.desc_end <= citation.extent_end <= len(text)


def test_short_form_definitions_are_found() -> None:
    text = ("Kết luận số 01-KL/TW (sau đây gọi tắt là Kết luận số 01); Quyết định số 99-QĐ/TW (viết tắt là "
            "*Quyết định số 99-QĐ/TW*); Nghị quyết số 40/NQ-HĐBCQG (sau đây viết tắt là Nghị quyết số "
            "40/NQ-HĐBCQG); Hướng dẫn 06-HD/TW (gọi tắt là Hướng dẫn 06-HD/TW); (sau đây gọi tắt là Ban Chỉ đạo)")
    assert [d.form for d in find_definitions(text)] == [
        "Kết luận số 01", "Quyết định số 99-QĐ/TW", "Nghị quyết số 40/NQ-HĐBCQG", "Hướng dẫn 06-HD/TW", "Ban Chỉ đạo"]


def test_short_form_examples_from_the_data_file() -> None:
    for example in load_lexicon().raw["relations"]["short_form_examples"]:
        found = find_citations(example["text"])
        shorts = [c for c in found if c.kind == "short" or c.in_definition]
        assert len(shorts) == example["uses"], example["text"]
        assert found[0].number is not None and found[0].number.canonical == example["target"]


def test_escaped_markdown_maps_back_to_its_source() -> None:
    """Spans found on the clean view point at the same words in the escaped Markdown."""
    raw = "1. Thực hiện [Kế hoạch số 16/KH-MTTQ-BTT] và *Quyết định số 99-QĐ/TW* (TG&NC), Chỉ thị số 05."
    markdown = escape_text(raw)
    view = clean_text(markdown)
    found = find_citations(view.text)
    assert [c.label for c in found] == ["Kế hoạch số 16/KH-MTTQ-BTT", "Quyết định số 99-QĐ/TW", "Chỉ thị số 05"]
    for citation in found:
        start, end = view.source_span(citation.start, citation.end)
        assert markdown[start:end] == citation.text


def test_every_seed_citation_maps_back_into_its_page() -> None:
    registry = build_registry(read_pages(REPO / "docs"))
    assert len(registry.documents) >= 5
    for record in registry.documents.values():
        view = clean_text(record.body)
        for citation in find_citations(view.text):
            start, end = view.source_span(citation.start, citation.end)
            assert clean_text(record.body[start:end]).text == citation.text, (record.id, citation.label)


# --- precision and recall on a labelled sample of ../shared/corpus -----------------------------
# Every mention of a numbered document that a careful reader finds, in order, labelled by hand from
# the texts (numbers written normalised; short forms as "<type> <n>"). Not counted: a document's
# own number in its header, forms ("Mẫu số 06/BBKP"), and documents named without a number
# ("Luật Thanh niên", "Điều lệ Đảng"). Mentions inside a short-form definition count.
_LAWS = ["85/2015/QH13", "83/2025/QH15", "75/2015/QH13", "97/2025/QH15"]
_NQLT = "102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN"
LABELLED = {
    "luongminh__18-11-kh-thuc-hien-cong-tac-bau-cu-luong-minh.txt":
        _LAWS + ["46-CT/TW", "06/KH-MTTW-BTT", "33/KH-MTTQ-BTT", "21-KH/ĐU", "46-CT/TW", "85/2015/QH13",
                 "83/2025/QH15", "83/2025/QH15"],
    "luongminh__kh-tieu-ban-tuyen-truyen-bau-cu-dai-bieu-qh-va-hdnd-cac-cap.txt":
        ["03/QĐ-UBBC", "46-CT/TW", "55-KH/TU", "46-CT/TW"],
    "luongminh__ke-hoach-tiep-cong-dan-xu-ly-don-thu-phuc-vu-bau-cu-cua-ban-thuong-tru.txt":
        ["16/KH-MTTQ-BTT", "16/KH-BTT-MTTQ"],
    "luongminh__huong-dan-mttq-xa-cong-tac-bau-cu-lm.txt":
        _LAWS + ["403/2017/NQLT-UBTVQH14-CP-ĐCTUBTWMTTQVN", "101/2025/UBTVQH15", _NQLT, "33/KH-MTTQ-BTT",
                 "46-CT/TW", "101/2025/UBTVQH15", _NQLT, "555-KH/TU", "46-CT/TW", "21-KH/ĐU", "46-CT/TW",
                 "101/2025/UBTVQH15", _NQLT, "101/2025/UBTVQH15", _NQLT, "05/TT-MTTW-BTT", "101/2025/UBTVQH15",
                 "101/2025/UBTVQH15", "101/2025/UBTVQH15", "13/HD-MTTW-BTT", "20-HD/BTGDVTU", "19-HD/UBKTTW",
                 "296-QĐ/TW", "04/TT-MTTW-BTT", "04/TT-MTTW-BTT", "05/TT-MTTW-BTT", "26/KH-MTTQ-BTT",
                 "07/QĐ-MTTQ-BTT"],
    "luongminh__25-11-kh-thuc-hien-hn-hiep-thuong-luong-minh.txt":
        _LAWS + ["101/2025/UBTVQH15", "13/HD-MTTQ-BTT", "16/KH-MTTQ-BTT"] + ["101/2025/UBTVQH15"] * 5,
    "luongminh__101-2025-UBTVQH15.txt":
        ["203/2025/QH15", "85/2015/QH13", "83/2025/QH15", "1186/2021/UBTVQH14"] + ["101/2025/UBTVQH15"] * 3,
    "sotay__294-QD-TW_quy-dinh-thi-hanh-dieu-le-dang.txt": [],
    # The portal's title line names the document itself: not a citation (counted as found).
    "tvpl-johnPa02__CV-2739-VPCP-DMDN-2019.txt": [],
    "tvpl-johnPa02__CV-3397-BKHDT-QLKTTW-2019.txt": ["615/KVN-PC"],
    "sotay__06-HD-TW_huong-dan-thi-hanh-dieu-le-dang.txt": ["294-QĐ/TW", "29-QĐ/TW", "29-QĐ/TW", "01-HD/TW"],
    "sotay__38-HD-BTCTW_nghiep-vu-cong-tac-dang-vien.txt":
        ["294-QĐ/TW", "06-HD/TW", "294-QĐ/TW", "Quy định 294", "51-CT/TW", "294-QĐ/TW", "294-QĐ/TW", "06-HD/TW",
         "06-HD/TW", "347-QĐ/TW", "347-QĐ/TW", "294-QĐ/TW", "06-HD/TW", "06-HD/TW", "06-HD/TW", "06-HD/TW",
         "294-QĐ/TW", "06-HD/TW", "294-QĐ/TW", "06-HD/TW", "06-HD/TW", "57-TB/TW", "06-HD/TW", "06-HD/TW",
         "294-QĐ/TW", "01-HD/TW", "12-HD/BTCTW"],
    "sotay__HD-BTCTU-HaNoi_nghiep-vu-to-chuc-dang-dang-vien.txt":
        ["294-QĐ/TW", "06-HD/TW", "38-HD/BTCTW", "296-QĐ/TW", "08-HD/TW", "296-QĐ/TW", "9420-QĐ/TU", "02-QĐ/TU",
         "294-QĐ/TW", "294-QĐ/TW", "294-QĐ/TW", "296-QĐ/TW", "06-HD/TW", "38-HD/BTCTW", "06-HD/TW",
         "38-HD/BTCTW", "367-QĐ/TW", "367-QĐ/TW", "367-QĐ/TW", "06-QĐi/TW", "20-HD/BTCTW", "06-QĐ/TW",
         "06-QĐi/TW", "06-TT/TW", "42-HD/BTCTW", "06-TT/TW", "367-QĐ/TW", "127-QĐ/TW", "41-HD/BTCTW",
         "127-QĐ/TW", "367-QĐ/TW", "08-HD/BTCTW", "294-QĐ/TW", "06-HD/TW", "38-HD/BTCTW", "294-QĐ/TW",
         "38-HD/BTCTW", "294-QĐ/TW", "38-HD/TW", "296-QĐ/TW", "08-HD/TW", "296-QĐ/TW", "294-QĐ/TW", "06-HD/TW",
         "06-HD/TW", "Hướng dẫn 38", "06-HD/TW", "06-HD/TW", "367-QĐ/TW", "367-QĐ/TW", "367-QĐ/TW", "02-QĐ/TU",
         "02-QĐ/TU", "02-QĐ/TU", "02-QĐ/TU", "38-HD/BTCTW", "Quy định 57", "Quy định 75", "Quy định 126",
         "Quy định 58", "Quy định 367", "38-HD/BTCTW", "51-CT/TW", "347-CT/TW", "38-HD/BTCTW", "347-QĐ/TW",
         "40-HD/BTCTW", "02-QĐ/TU", "296-QĐ/TW", "69-QĐ/TW", "02-QĐ/TU", "296-QĐ/TW", "02-QĐ/TU"],
}


def _key(label: str) -> str:
    number = parse_number(label)
    if number is not None and number.number:
        return number_key(number)
    word, digits = label.rsplit(" ", 1)
    return f"{word.lower()} {int(digits)}"


def _found_key(citation: Citation) -> str:
    if citation.number is not None:
        return number_key(citation.number)
    return f"{(citation.doc_type or '').lower()} {int(citation.short_number or 0)}"


def corpus_scores(shared: Path) -> tuple[int, int, int]:
    """(true positives, found, labelled) over the labelled sample."""
    true_positives = found_total = labelled_total = 0
    for name, labels in LABELLED.items():
        text = clean_text((shared / "corpus" / name).read_text(encoding="utf-8")).text
        found = Counter(_found_key(c) for c in find_citations(text))
        wanted = Counter(_key(label) for label in labels)
        true_positives += sum((found & wanted).values())
        found_total += sum(found.values())
        labelled_total += sum(wanted.values())
    return true_positives, found_total, labelled_total


@pytest.mark.shared
def test_precision_and_recall_on_the_labelled_corpus_sample(shared: Path) -> None:
    true_positives, found, labelled = corpus_scores(shared)
    precision, recall = true_positives / found, true_positives / labelled
    print(f"\ncorpus sample: {len(LABELLED)} texts, {labelled} labelled citations, {found} found, "
          f"precision {precision:.3f}, recall {recall:.3f}")
    assert labelled >= 170
    assert precision >= 0.98 and recall >= 0.98


# The bare-number scan is written out by hand for speed; this is the pattern it stands for.
BARE_NUMBER_REFERENCE = r"(?<![\w/.,])(?:[Ss][ốỐ]\s+)?(\d{1,4})(?![\w/]|\s?[\-/–]\s?\w|[.,]\d)"


@pytest.mark.parametrize("text", [
    "Kết luận số 01 ngày 5/6/2023", "Số  \n\t  12 x", "x số 5", "/Số 7", "Số 123456", "số 12.5",
    "số 12 - a", "a,số 3", "Ső 4", "số\u00a09", "Quy định\n126, điểm 2.", "năm 2023", "12/KH", "3,5 tỷ",
    "m² 12", "_số 4", "Số 12345", "(số 3)", "Số 99",
])
def test_bare_number_scan_matches_its_pattern(text: str) -> None:
    expected = [(m.start(), m.end(), m.group(1), m.group(0)[:1].isalpha())
                for m in re.finditer(BARE_NUMBER_REFERENCE, text)]
    assert _bare_numbers(text) == expected


def test_bare_number_scan_matches_its_pattern_on_real_texts(shared: Path) -> None:
    pattern = re.compile(BARE_NUMBER_REFERENCE)
    texts = [p for folder in ("seeds", "corpus") for p in sorted((shared / folder).rglob("*"))
             if p.suffix in (".md", ".txt")]
    assert len(texts) >= 5
    for path in texts:
        text = clean_text(path.read_text(encoding="utf-8", errors="replace")).text
        expected = [(m.start(), m.end(), m.group(1), m.group(0)[:1].isalpha()) for m in pattern.finditer(text)]
        assert _bare_numbers(text) == expected, path.name
