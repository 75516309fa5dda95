"""Ingest generalises beyond the seeds: every text and original in ../shared parses sensibly."""

from __future__ import annotations

from pathlib import Path

import pytest

from khovanban.decode import decode_original
from khovanban.parse import parse_document

# (file, number, issuer, date) that a careful reader finds in each corpus document.
CORPUS = [
    ("corpus/luongminh__101-2025-UBTVQH15.txt", "101/2025/UBTVQH15", "Ủy ban Thường vụ Quốc hội", "2025-09-26"),
    ("corpus/luongminh__18-11-kh-thuc-hien-cong-tac-bau-cu-luong-minh.txt", "16/KH-MTTQ-BTT",
     "Ban Thường trực Ủy ban MTTQ Việt Nam xã Lương Minh", "2025-11-18"),
    ("corpus/luongminh__kh-tieu-ban-tuyen-truyen-bau-cu-dai-bieu-qh-va-hdnd-cac-cap.txt", "01/KH-TBTTKT",
     "Tiểu ban thông tin, tuyên truyền, khánh tiết Ủy ban bầu cử xã Phố Bảng", "2025-12-10"),
    ("corpus/sotay__294-QD-TW_quy-dinh-thi-hanh-dieu-le-dang.txt", "294-QĐ/TW", "Ban Chấp hành Trung ương", "2025-05-26"),
    ("corpus/sotay__38-HD-BTCTW_nghiep-vu-cong-tac-dang-vien.txt", "38-HD/BTCTW", "Ban Tổ chức Trung ương", "2025-09-29"),
    ("corpus/sotay__HD-BTCTU-HaNoi_nghiep-vu-to-chuc-dang-dang-vien.txt", None, "Ban Tổ chức Thành ủy Hà Nội", "2025-11"),
    ("corpus/tvpl-johnPa02__CV-2739-VPCP-DMDN-2019.txt", "2739/VPCP-ĐMDN", "Văn phòng Chính phủ", "2019-04-05"),
    ("originals/18-11-KH_thuc_hien_cong_tac_bau_cu_Lương_Minh_.docx", "16/KH-MTTQ-BTT",
     "Ban Thường trực Ủy ban MTTQ Việt Nam xã Lương Minh", "2025-11-18"),
    ("originals/quydinh294_294-QD-TW.pdf", "294-QĐ/TW", "Ban Chấp hành Trung ương", "2025-05-26"),
]


@pytest.mark.parametrize("name, number, issuer, date", CORPUS, ids=[c[0].split("/")[1][:30] for c in CORPUS])
def test_corpus_metadata(shared: Path, name: str, number: str | None, issuer: str, date: str) -> None:
    document = parse_document(decode_original(shared / name).text)
    assert (document.number.canonical if document.number and document.number.number else None) == number
    assert document.issuer == issuer
    assert document.date == date


def test_every_corpus_file_parses_without_crashing(shared: Path) -> None:
    files = sorted((shared / "corpus").glob("*.txt")) + sorted((shared / "originals").glob("*.*"))
    files = [f for f in files if f.suffix != ".tsv"]
    assert len(files) >= 17
    for path in files:
        document = parse_document(decode_original(path).text)
        assert document.blocks, path
        assert document.date, path


# (file, signing authority, signer position, signer, number of "Nơi nhận" items), read from the
# originals: portal texts that run the signature onto one line, a list without bullets, page
# numbers inside a list, a signature before annexes with no "Nơi nhận".
CLOSING = [
    ("corpus/luongminh__101-2025-UBTVQH15.txt", "TM. Ủy ban Thường vụ Quốc hội", "Chủ tịch", "Trần Thanh Mẫn", 0),
    ("corpus/luongminh__hd-hiep-thuong-mttq-tinh-da-tiep-thu-y-kien-tham-gia-bo-sung-a-hanh.txt",
     "TM. Ban Thường trực", "Phó Chủ tịch Thường trực", "Nguyễn Chí Thành", 10),
    ("corpus/sotay__06-HD-TW_huong-dan-thi-hanh-dieu-le-dang.txt", "T/M Ban Bí thư", None, "Trần Cẩm Tú", 4),
    ("originals/huongdan06_06-HD-TW.pdf", "T/M Ban Bí thư", None, "Trần Cẩm Tú", 4),
    ("corpus/sotay__38-HD-BTCTW_nghiep-vu-cong-tac-dang-vien.txt", "K/T Trưởng ban", "Phó Trưởng ban",
     "Nguyễn Thanh Bình", 6),
    ("corpus/tvpl-johnPa02__CV-2739-VPCP-DMDN-2019.txt", None, "Bộ trưởng, Chủ nhiệm", "Mai Tiến Dũng", 5),
    ("corpus/tvpl-johnPa02__CV-3397-BKHDT-QLKTTW-2019.txt", "TL. Bộ trưởng", "Chánh Văn phòng", "Nguyễn Đức Tâm", 4),
]


@pytest.mark.parametrize("name, authority, position, signer, items", CLOSING, ids=[c[0].split("/")[1][:30] for c in CLOSING])
def test_corpus_closing(shared: Path, name: str, authority: str | None, position: str | None, signer: str,
                        items: int) -> None:
    document = parse_document(decode_original(shared / name).text)
    assert (document.signing_authority, document.signer_position, document.signer) == (authority, position, signer)
    assert len(document.distribution) == items
    assert not any("TRƯỞNG BAN" in item or signer in item for item in document.distribution)
