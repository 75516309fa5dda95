import pytest

from khovanban.citing import citation_date, series_neighbours, standard_citation
from khovanban.registry import DocumentRecord


@pytest.mark.parametrize(
    "meta, expected",
    [
        (
            {"type": "Công văn", "number": "2234-CV/TU", "date": "2023-06-29", "issuer": "Tỉnh ủy Bắc Giang",
             "signing_authority": "T/M Ban Thường vụ"},
            "Công văn số 2234-CV/TU ngày 29/6/2023 của Ban Thường vụ Tỉnh ủy Bắc Giang",
        ),
        (
            {"type": "Công văn", "number": "98-CV/ĐĐ", "date": "2023-02-27",
             "issuer": "Đảng đoàn Liên đoàn Lao động tỉnh Lai Châu", "signing_authority": "T/M Đảng đoàn"},
            "Công văn số 98-CV/ĐĐ ngày 27/2/2023 của Đảng đoàn Liên đoàn Lao động tỉnh Lai Châu",
        ),
        (
            {"type": "Công văn", "number": None, "date": "2023-07", "issuer": "Liên đoàn Lao động tỉnh Bắc Giang",
             "signing_authority": "TM. Ban Thường vụ"},
            "Công văn (không số) tháng 7/2023 của Ban Thường vụ Liên đoàn Lao động tỉnh Bắc Giang",
        ),
        (
            {"type": "Hướng dẫn", "number": "38-HD/BTCTW", "date": "2025-09-29", "issuer": "Ban Tổ chức Trung ương",
             "signing_authority": "K/T Trưởng ban"},
            "Hướng dẫn số 38-HD/BTCTW ngày 29/9/2025 của Ban Tổ chức Trung ương",
        ),
    ],
)
def test_standard_citation(meta: dict, expected: str) -> None:
    assert standard_citation(meta) == expected


def test_citation_date() -> None:
    assert [citation_date(v) for v in ("2023-06-29", "2023-07", "2023", None)] == [
        "ngày 29/6/2023", "tháng 7/2023", "năm 2023", ""]


def _record(doc_id: str, issuer: str, date: str) -> DocumentRecord:
    return DocumentRecord(doc_id, f"van-ban/{doc_id}/", f"van-ban/{doc_id}.md", {"issuer": issuer, "date": date})


def test_series_neighbours_follow_dates_within_one_issuer() -> None:
    a = _record("x/2023/1-cv-tu", "Tỉnh ủy X", "2023-01-05")
    b = _record("x/2023/9-cv-tu", "Tỉnh ủy X", "2023-03-01")
    c = _record("x/2023/5-cv-tu", "Tỉnh ủy X", "2023-02-01")
    other = _record("y/2023/1-cv-tu", "Tỉnh ủy Y", "2023-02-15")
    neighbours = series_neighbours([a, b, c, other])
    assert neighbours[a.id] == (None, c)
    assert neighbours[c.id] == (a, b)
    assert neighbours[b.id] == (c, None)
    assert neighbours[other.id] == (None, None)
