"""Tables kept from one build to the next (``TableMemo``): reused only when every row would be
made the same."""

from __future__ import annotations

from khovanban.listing import TableMemo, documents_table, listing_pages
from khovanban.registry import DocumentRecord


def _record(number: int, date: str, subject: str = "V/v thực hiện") -> DocumentRecord:
    doc_id = f"tinh-uy-bac-giang/2023/{number}-cv-tu"
    return DocumentRecord(doc_id, f"van-ban/{doc_id}/", f"van-ban/{doc_id}.md",
                          {"number": f"{number}-CV/TU", "date": date, "type": "Công văn", "subject": subject,
                           "issuer": "Tỉnh ủy Bắc Giang", "issuer_level": "tinh", "signer": "Nguyễn Văn A"})


def _url_of(src_uri: str) -> str:
    return src_uri.removesuffix("index.md").removesuffix(".md") + ("" if src_uri.endswith("index.md") else "/")


def _pages(records: list[DocumentRecord], memo: TableMemo | None) -> dict[str, str]:
    return {page.src_uri: page.markdown + page.html for page in listing_pages(records, [], _url_of, memo)}


def test_a_table_is_made_once_while_its_rows_stay_the_same() -> None:
    memo, made = TableMemo(), []

    def make() -> str:
        made.append(1)
        return "<table/>"

    rows = [_record(1, "2023-06-29"), _record(2, "2023-07-01")]
    for _ in range(3):
        memo.next_build()
        assert memo.table(rows, "danh-muc/nam/2023/", make) == "<table/>"
    assert len(made) == 1
    memo.next_build()
    memo.table([_record(1, "2023-06-28"), rows[1]], "danh-muc/nam/2023/", make)  # a date changed
    memo.table(rows, "danh-muc/loai/cong-van/", make)  # the same rows on another page: other links
    assert len(made) == 3


def test_a_table_a_build_did_not_use_is_forgotten() -> None:
    memo = TableMemo()
    rows = [_record(1, "2023-06-29")]
    memo.next_build()
    memo.table(rows, "a/", lambda: "old")
    memo.next_build()  # a build without that table
    memo.next_build()
    assert memo.table(rows, "a/", lambda: "new") == "new"


def test_pages_made_with_the_memo_equal_pages_made_without_it_after_an_edit() -> None:
    records = [_record(n, f"2023-0{1 + n % 9}-1{n % 10}") for n in range(1, 40)]
    memo = TableMemo()
    assert _pages(records, memo) == _pages(records, None)
    edited = list(records)
    edited[5] = _record(6, "2022-12-31", "V/v đã sửa")  # moves to another year, new subject
    assert _pages(edited, memo) == _pages(edited, None)
    assert "V/v đã sửa" in _pages(edited, memo)["van-ban/index.md"]
    edited[7] = _record(8, records[7].meta["date"], "V/v chỉ đổi trích yếu")  # same place in every table
    assert _pages(edited, memo) == _pages(edited, None)
    assert documents_table(edited, "van-ban/", _url_of).count("<tr>") == 40  # header and 39 rows
