"""Resolving citations to one document each, and the relations between documents.

Tables of real sentences: who issued the cited document (the data file's examples), which
documents one text says implement which, and small archives built from a few pages to check
that the same document cited in different forms is one node and different documents are never
merged. When the text does not say enough, the resolver must decline with a reason.
"""

from __future__ import annotations

from typing import Any

import pytest

from khovanban.citations import (
    CITES,
    IMPLEMENTS,
    REPLACES,
    PageSource,
    build_citation_graph,
    find_citations,
    relate_citations,
)
from khovanban.citations.lexicon import load_lexicon, phrase_pattern
from khovanban.citations.resolve import IssuerIdentity, name_key, resolve_text_issuer

ISSUER_EXAMPLES = load_lexicon().raw["issuers"]["examples"]


@pytest.mark.parametrize("example", ISSUER_EXAMPLES, ids=[e["text"][:45] for e in ISSUER_EXAMPLES])
def test_issuer_examples_from_the_data_file(example: dict[str, Any]) -> None:
    issuer = resolve_text_issuer(example["text"], example["province"])
    if example["issuer"] is None:
        assert isinstance(issuer, str) and issuer, "the resolver must decline, with a reason"
    else:
        assert isinstance(issuer, IssuerIdentity), issuer
        assert issuer.name == example["issuer"]


def test_party_central_bodies_share_one_issuer_key() -> None:
    keys = {
        resolve_text_issuer(text, None).key  # type: ignore[union-attr]
        for text in ("Kết luận số 54-KL/TW ngày 09/5/2023 của Ban Bí thư",
                     "Kết luận số 54-KL/TW của Bộ Chính trị",
                     "Kết luận số 54-KL/TW của Ban Chấp hành Trung ương Đảng",
                     "Kết luận số 54-KL/TW")
    }
    assert len(keys) == 1


def test_a_body_that_contradicts_the_number_is_declined() -> None:
    reason = resolve_text_issuer("Kết luận số 54-KL/TW của Ban Thường vụ Tỉnh ủy", "Bắc Giang")
    assert isinstance(reason, str) and "Ban Thường vụ Tỉnh ủy" in reason


def test_issuer_names_compare_without_standing_organs_or_abbreviations() -> None:
    assert name_key("Ban Thường trực Ủy ban MTTQ Việt Nam xã Lương Minh") == \
        name_key("Ủy ban Mặt trận Tổ quốc Việt Nam xã Lương Minh")
    assert name_key("Đảng ủy xã Lương Minh") != name_key("Đảng ủy xã Phố Bảng")


# --- relations stated in one text ---------------------------------------------------------------
RELATION_EXAMPLES = [
    (rule["relation"], example)
    for rule in load_lexicon().raw["relations"]["relations"]
    for example in rule["examples"]
]


@pytest.mark.parametrize("relation, example", RELATION_EXAMPLES, ids=[e["text"][:45] for _, e in RELATION_EXAMPLES])
def test_relation_examples_from_the_data_file(relation: str, example: dict[str, Any]) -> None:
    text = example["text"]
    citations = find_citations(text)
    related = relate_citations(text, citations)
    canonical = [c.number.canonical if c.number else None for c in citations]
    if example["source"] is None:  # the citing document itself ("Hướng dẫn này … thay thế …")
        assert related.page[canonical.index(example["target"])] == relation
        return
    stated = {(canonical[s.source], s.relation, canonical[s.target]) for s in related.stated}
    assert (example["source"], relation, example["target"]) in stated


def test_relation_phrases_are_anchored() -> None:
    pattern = phrase_pattern("[về] [việc] [tiếp tục] thực hiện [một số nội dung]")
    assert pattern.search("về tiếp tục thực hiện ")
    assert pattern.search("triển khai thực hiện một số nội dung ")
    assert not pattern.search("thực hiện tốt công tác ")


def _page_relations(text: str, subject: bool = False) -> list[tuple[str, str]]:
    citations = find_citations(text)
    related = relate_citations(text, citations, subject=subject)
    return [(c.label, relation) for c, relation in zip(citations, related.page) if not c.in_definition]


BASIS = [
    # The preamble states the basis: top-level documents are implemented, nested ones cited.
    (("Thực hiện Công văn số 2234-CVTU ngày 29/6/2023 của Ban Thường vụ Tỉnh ủy về việc triển khai thực hiện "
     "Kết luận số 54-KL/TW ngày 9/05/2023 của Ban Bí thư (*gọi tắt là Kết luận số 54-KL/TW*), Ban Thường vụ "
     "Liên đoàn Lao động tỉnh yêu cầu"),
     False, [("Công văn số 2234-CVTU", IMPLEMENTS), ("Kết luận số 54-KL/TW", CITES)]),
    (("Để thực hiện có hiệu quả Kết luận số 54-KL/TW ngày 09/5/2023 của Ban Bí thư về tiếp tục thực hiện "
     "Quyết định số 99-QĐ/TW (viết tắt là *Kết luận số 54-KL/TW*), Ban Thường vụ Tỉnh ủy yêu cầu"),
     False, [("Kết luận số 54-KL/TW", IMPLEMENTS), ("Quyết định số 99-QĐ/TW", CITES)]),
    (("Thực hiện Thông tri số 04-TT/TU, ngày 15/3/2022 của Ban Thường vụ Tỉnh uỷ về lãnh đạo đại hội công đoàn "
     "các cấp nhiệm kỳ 2023-2028; Kế hoạch số 179/KH-TLĐ, ngày 03/03/2022 của Đoàn Chủ tịch Tổng Liên đoàn Lao "
     "động Việt Nam về tổ chức đại hội công đoàn các cấp;"),
     False, [("Thông tri số 04-TT/TU", IMPLEMENTS), ("Kế hoạch số 179/KH-TLĐ", IMPLEMENTS)]),
    (("- Căn cứ Điều lệ Đảng, Quy định số 294-QĐ/TW, ngày 26/5/2025 của Ban Chấp hành Trung ương về \"Thi hành "
     "Điều lệ Đảng\", Hướng dẫn số 06-HD/TW, ngày 09/6/2025 của Ban Bí thư \"Một số vấn đề cụ thể thi hành Điều "
     "lệ Đảng\", Hướng dẫn số 38-HD/BTCTW ngày 29/9/2025 của Ban Tổ chức Trung ương;"),
     False, [("Quy định số 294-QĐ/TW", IMPLEMENTS), ("Hướng dẫn số 06-HD/TW", IMPLEMENTS),
             ("Hướng dẫn số 38-HD/BTCTW", IMPLEMENTS)]),
    # Numbered items are instructions, not the basis; mentions elsewhere are citations.
    (("Ban Thường vụ yêu cầu:\n\n1. Để tiếp tục đổi mới nội dung và phương thức làm việc gần dân, sát cơ sở theo "
     "Kế hoạch số 31-KH/TU, ngày 30/9/2016 của Ban Thường vụ Tỉnh ủy"),
     False, [("Kế hoạch số 31-KH/TU", CITES)]),
    (("Những năm qua, các cấp ủy đã triển khai thực hiện có hiệu quả Quyết định số 99-QĐ/TW ngày 03/10/2017 của "
     "Ban Bí thư ban hành Hướng dẫn khung"),
     False, [("Quyết định số 99-QĐ/TW", CITES)]),
    # Subject lines.
    ("V/v triển khai thực hiện Kết luận số 54-KL/TW ngày 09/5/2023 của Ban Bí thư", True,
     [("Kết luận số 54-KL/TW", IMPLEMENTS)]),
    ("V/v đẩy mạnh thực hiện Kết luận số 01-KL/TW của Bộ Chính trị về tiếp tục thực hiện Chỉ thị 05-CT/TW", True,
     [("Kết luận số 01-KL/TW", IMPLEMENTS), ("Chỉ thị 05-CT/TW", CITES)]),
    ("V/v góp ý dự thảo Quy định số 12-QĐ/TU", True, [("Quy định số 12-QĐ/TU", CITES)]),
    # Replacing, said of the citing document itself.
    (("Hướng dẫn này có hiệu lực thi hành kể từ ngày ký và thay thế Hướng dẫn số 01-HD/TW, ngày 28/9/2021 của "
     "Ban Bí thư khoá XIII"), False, [("Hướng dẫn số 01-HD/TW", REPLACES)]),
]


@pytest.mark.parametrize("text, subject, expected", BASIS, ids=[row[0][:45] for row in BASIS])
def test_implements_or_cites(text: str, subject: bool, expected: list[tuple[str, str]]) -> None:
    assert _page_relations(text, subject) == expected


# --- small archives ------------------------------------------------------------------------------
def page(doc_id: str, body: str, **meta: Any) -> PageSource:
    """A document page as the graph reads it (body as Markdown, metadata as front matter)."""
    return PageSource(doc_id, f"van-ban/{doc_id}.md", body, 10, {"id": doc_id, **meta})


def _targets(graph: Any, doc_id: str) -> dict[str, str]:
    return {link.target: link.relation for link in graph.outgoing(doc_id)}


def test_a_typo_and_the_archived_page_are_one_document() -> None:
    graph = build_citation_graph([
        page("tinh-uy-bac-giang/2023/2234-cv-tu", "Nội dung.", number="2234-CV/TU", issuer="Tỉnh ủy Bắc Giang",
             province="Bắc Giang", date="2023-06-29"),
        page("lien-doan-lao-dong-tinh-bac-giang/2023/1-ldld",
             "Thực hiện Công văn số 2234-CVTU ngày 29/6/2023 của Ban Thường vụ Tỉnh ủy về việc triển khai",
             number="1/LĐLĐ", issuer="Liên đoàn Lao động tỉnh Bắc Giang", province="Bắc Giang", date="2023-07-01"),
    ])
    assert _targets(graph, "lien-doan-lao-dong-tinh-bac-giang/2023/1-ldld") == {
        "tinh-uy-bac-giang/2023/2234-cv-tu": IMPLEMENTS}
    assert not graph.unresolved and not graph.cited_only()


def test_state_style_party_number_meets_its_party_form() -> None:
    graph = build_citation_graph([
        page("a/2017/1-ldld", "theo Quyết định số 217-QĐ/TW, ngày 12/12/2013 của Bộ Chính trị (khóa XI)",
             province="Bình Thuận"),
        page("b/2023/2-cv-dd", "theo Quyết định 217/QĐ-TW, Quyết định 218-QĐ/TW", province="Lai Châu"),
    ])
    assert set(_targets(graph, "a/2017/1-ldld")) == {"ban-chap-hanh-trung-uong-dang/2013/217-qd-tw"}
    assert "ban-chap-hanh-trung-uong-dang/2013/217-qd-tw" in _targets(graph, "b/2023/2-cv-dd")


def test_tu_means_the_citing_page_province() -> None:
    body = "theo Chương trình hành động số 12-CTr/TU, ngày 28/9/2021 của Ban Thường vụ Tỉnh ủy"
    graph = build_citation_graph([
        page("a/2023/1-cv", body, province="Lai Châu"),
        page("b/2023/1-cv", body, province="Bình Thuận"),
        page("c/2023/1-cv", "theo Chương trình hành động số 12-CTr/TU của Tỉnh ủy", province="Lai Châu"),
    ])
    assert set(_targets(graph, "a/2023/1-cv")) == {"tinh-uy-lai-chau/2021/12-ctr-tu"}
    assert set(_targets(graph, "b/2023/1-cv")) == {"tinh-uy-binh-thuan/2021/12-ctr-tu"}
    assert set(_targets(graph, "c/2023/1-cv")) == {"tinh-uy-lai-chau/2021/12-ctr-tu"}


def test_a_number_used_in_two_years_is_two_documents_and_an_undated_mention_is_declined() -> None:
    graph = build_citation_graph([
        page("a/2020/1-cv", "theo Kế hoạch số 5-KH/TU, ngày 01/02/2020 của Ban Thường vụ Tỉnh ủy",
             province="Lai Châu"),
        page("b/2021/1-cv", "theo Kế hoạch số 5-KH/TU, ngày 01/02/2021 của Ban Thường vụ Tỉnh ủy",
             province="Lai Châu"),
        page("c/2022/1-cv", "theo Kế hoạch số 5-KH/TU của Ban Thường vụ Tỉnh ủy", province="Lai Châu"),
    ])
    assert set(_targets(graph, "a/2020/1-cv")) == {"tinh-uy-lai-chau/2020/5-kh-tu"}
    assert set(_targets(graph, "b/2021/1-cv")) == {"tinh-uy-lai-chau/2021/5-kh-tu"}
    assert _targets(graph, "c/2022/1-cv") == {}
    [problem] = graph.unresolved
    assert problem.page_id == "c/2022/1-cv" and "2020" in problem.reason and "2021" in problem.reason


def test_unknown_issuer_is_declined_and_reported_with_its_line() -> None:
    graph = build_citation_graph([
        page("a/2025/1-kh", "Mở đầu.\n\nTheo Kế hoạch số 26/KH-MTTQ-BTT, ngày 17/11/2025 về bầu cử.",
             province="Quảng Ninh"),
    ])
    [problem] = graph.unresolved
    assert problem.text.startswith("Kế hoạch số 26/KH-MTTQ-BTT") and problem.line == 12
    assert "MTTQ" in problem.reason


def test_short_forms_resolve_inside_their_text_only() -> None:
    graph = build_citation_graph([
        page("a/2023/1-cv", "Thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị (sau đây gọi tắt là "
             "Kết luận số 01); sau 2 năm thực hiện Kết luận số 01 và Chỉ thị số 05,"),
    ])
    assert set(_targets(graph, "a/2023/1-cv")) == {"ban-chap-hanh-trung-uong-dang/2021/01-kl-tw"}
    [problem] = graph.unresolved  # "Chỉ thị số 05": never cited in full in this text
    assert problem.label == "Chỉ thị số 05"


def test_staff_can_settle_an_unresolved_citation() -> None:
    body = "Theo Kế hoạch số 26/KH-MTTQ-BTT, ngày 17/11/2025 và Chỉ thị số 05."
    graph = build_citation_graph([
        page("a/2025/1-kh", body, citation_targets={"Kế hoạch số 26/KH-MTTQ-BTT": "b/2025/26-kh-mttq-btt",
                                                     "Chỉ thị số 05": "bo-qua"}),
        page("b/2025/26-kh-mttq-btt", "Nội dung.", number="26/KH-MTTQ-BTT"),
    ])
    assert not graph.unresolved
    assert set(_targets(graph, "a/2025/1-kh")) == {"b/2025/26-kh-mttq-btt"}


def test_a_document_citing_itself_makes_no_edge() -> None:
    graph = build_citation_graph([
        page("uy-ban-thuong-vu-quoc-hoi/2025/101-2025-ubtvqh15",
             "PHỤ LỤC ban hành kèm theo nghị quyết số 101/2025/UBTVQH15 của Ủy ban Thường vụ Quốc hội",
             number="101/2025/UBTVQH15", issuer="Ủy ban Thường vụ Quốc hội", date="2025-09-26"),
    ])
    assert not graph.edges and not graph.unresolved and not graph.anchors["uy-ban-thuong-vu-quoc-hoi/2025/101-2025-ubtvqh15"]


# --- district and commune documents ---------------------------------------------------------------
HUYEN_UY = {"number": "9-HD/HU", "issuer": "Huyện ủy Phú Xuân Đảng bộ tỉnh Bắc Kạn",
            "issuer_parent": "Đảng bộ tỉnh Bắc Kạn", "province": "Bắc Kạn", "date": "2023-07-31"}
DANG_UY_XA = {"issuer": "Đảng ủy xã Bình Điền Đảng bộ huyện Phú Xuân", "issuer_parent": "Đảng bộ huyện Phú Xuân",
              "province": None}


@pytest.mark.parametrize("text, province, issuer", [
    ("Hướng dẫn số 9-HD/HU ngày 31/7/2023 của Ban Thường vụ Huyện ủy Phú Xuân về việc lãnh đạo đại hội",
     None, "Huyện ủy Phú Xuân"),
    ("Công văn số 368-CV/QU ngày 18/1/2021 của Quận ủy Lương Điền về thực hành tiết kiệm", "Cần Thơ",
     "Quận ủy Lương Điền"),
    ("Thông báo số 12-TB/ThU ngày 02/3/2022 của Ban Thường vụ Thị ủy Sơn Tây", "Hà Nội", "Thị ủy Sơn Tây"),
    ("Kết luận số 45-KL/ThU ngày 12/4/2020 của Ban Thường vụ Thành ủy Thủ Dầu Một", "Bình Dương",
     "Thành ủy Thủ Dầu Một"),
    # A district's trade union prints "LĐLĐ" like the province's: the place decides.
    ("Công văn số 276/LĐLĐ ngày 19/03/2025 của Liên đoàn Lao động huyện Lộc Nghĩa", "Cần Thơ",
     "Liên đoàn Lao động huyện Lộc Nghĩa"),
    ("Công văn số 57/LĐLĐ ngày 19/03/2017 của Ban Thường vụ Liên đoàn Lao động tỉnh", "Bình Thuận",
     "Liên đoàn Lao động tỉnh Bình Thuận"),
    # Declined: the sentence names no district and no page context is given.
    ("Hướng dẫn số 9-HD/HU ngày 31/7/2023 của Ban Thường vụ Huyện ủy về việc lãnh đạo đại hội", "Bắc Kạn", None),
    ("Công văn số 368-CV/QU ngày 18/1/2021 của Ban Thường vụ Quận ủy", "Cần Thơ", None),
])
def test_district_bodies_named_after_their_unit(text: str, province: str | None, issuer: str | None) -> None:
    found = resolve_text_issuer(text, province)
    if issuer is None:
        assert isinstance(found, str) and "không nêu" in found
    else:
        assert isinstance(found, IssuerIdentity), found
        assert found.name == issuer


def test_an_archived_page_whose_issuer_carries_its_parent_meets_its_citations() -> None:
    graph = build_citation_graph([
        page("huyen-uy-phu-xuan-dang-bo-tinh-bac-kan/2023/9-hd-hu", "Nội dung.", **HUYEN_UY),
        page("ubnd-tinh-bac-kan/2023/1-ubnd", "Thực hiện Hướng dẫn số 9-HD/HU ngày 31/7/2023 của Ban Thường vụ "
             "Huyện ủy Phú Xuân về việc lãnh đạo đại hội, Ủy ban nhân dân tỉnh đề nghị", province="Bắc Kạn"),
    ])
    assert _targets(graph, "ubnd-tinh-bac-kan/2023/1-ubnd") == {
        "huyen-uy-phu-xuan-dang-bo-tinh-bac-kan/2023/9-hd-hu": IMPLEMENTS}
    assert not graph.unresolved


def test_an_unnamed_district_committee_is_the_citing_documents_own() -> None:
    cite = "Thực hiện Hướng dẫn số 9-HD/HU ngày 31/7/2023 của Ban Thường vụ Huyện ủy về việc lãnh đạo đại hội,"
    graph = build_citation_graph([
        page("huyen-uy-phu-xuan-dang-bo-tinh-bac-kan/2023/9-hd-hu", "Nội dung.", **HUYEN_UY),
        # A commune's Đảng ủy under "Đảng bộ huyện Phú Xuân": its Huyện ủy is Phú Xuân's.
        page("dang-uy-xa-binh-dien-dang-bo-huyen-phu-xuan/2023/11-nq-du", cite, **DANG_UY_XA),
        # The district's trade union: "Liên đoàn Lao động huyện Phú Xuân".
        page("lien-doan-lao-dong-huyen-phu-xuan/2023/5-ldld", cite, issuer="Liên đoàn Lao động huyện Phú Xuân",
             province="Bắc Kạn"),
        # Not in a district (a provincial body), or in another kind of district (a quận): declined.
        page("tinh-uy-bac-kan/2023/3-cv-tu", cite, issuer="Tỉnh ủy Bắc Kạn", province="Bắc Kạn"),
        page("lien-doan-lao-dong-quan-loc-nghia/2023/7-ldld", cite, issuer="Liên đoàn Lao động quận Lộc Nghĩa",
             province="Cần Thơ"),
        # A commune's people's committee whose page does not say its district: declined.
        page("uy-ban-nhan-dan-xa-binh-dien/2023/8-ubnd", cite, issuer="Ủy ban nhân dân xã Bình Điền"),
    ])
    archived = "huyen-uy-phu-xuan-dang-bo-tinh-bac-kan/2023/9-hd-hu"
    assert _targets(graph, "dang-uy-xa-binh-dien-dang-bo-huyen-phu-xuan/2023/11-nq-du") == {archived: IMPLEMENTS}
    assert _targets(graph, "lien-doan-lao-dong-huyen-phu-xuan/2023/5-ldld") == {archived: IMPLEMENTS}
    assert {u.page_id for u in graph.unresolved} == {
        "tinh-uy-bac-kan/2023/3-cv-tu", "lien-doan-lao-dong-quan-loc-nghia/2023/7-ldld",
        "uy-ban-nhan-dan-xa-binh-dien/2023/8-ubnd"}
    assert not graph.cited_only()


def test_an_unnamed_dang_uy_is_the_citing_communes_own_and_nobody_elses() -> None:
    cite = "Thực hiện Kế hoạch số 13-KH/ĐU ngày 15/2/2021 của Ban Thường vụ Đảng ủy về công tác dân vận,"
    graph = build_citation_graph([
        page("uy-ban-nhan-dan-phuong-bao-duong/2021/2-kh-ubnd", cite, issuer="Ủy ban nhân dân phường Bảo Dương"),
        page("uy-ban-nhan-dan-quan-luong-dien/2021/4-kh-ubnd", cite, issuer="Ủy ban nhân dân quận Lương Điền"),
    ])
    assert _targets(graph, "uy-ban-nhan-dan-phuong-bao-duong/2021/2-kh-ubnd") == {
        "dang-uy-phuong-bao-duong/2021/13-kh-du": IMPLEMENTS}
    [problem] = graph.unresolved  # a quận has many đảng ủy
    assert problem.page_id == "uy-ban-nhan-dan-quan-luong-dien/2021/4-kh-ubnd" and "ĐU" in problem.reason


def test_a_later_mention_without_issuer_is_the_document_first_cited_in_full() -> None:
    body = ("Để triển khai thực hiện Kế hoạch số 12-KH/TU ngày 02/3/2021 của Ban Thường vụ Tỉnh ủy Bắc Giang về "
            "chuyển đổi số, Ủy ban nhân dân tỉnh đề nghị:\n\n1. Quán triệt Kế hoạch số 12-KH/TU đến cán bộ.\n\n"
            "2. Gắn việc thực hiện Công văn số 109/UBND-NC ngày 13/7/2021 của Ủy ban nhân dân tỉnh Phú Yên với "
            "Công văn số 109/UBND-NC; báo cáo kết quả.")
    graph = build_citation_graph([
        page("uy-ban-nhan-dan-tinh-lang-son/2021/5-kh-ubnd", body, province="Lạng Sơn",
             issuer="Ủy ban nhân dân tỉnh Lạng Sơn"),
    ])
    # Not Tỉnh ủy Lạng Sơn's 12-KH/TU, though the page is Lạng Sơn's: the first mention said Bắc Giang.
    assert set(_targets(graph, "uy-ban-nhan-dan-tinh-lang-son/2021/5-kh-ubnd")) == {
        "tinh-uy-bac-giang/2021/12-kh-tu", "uy-ban-nhan-dan-tinh-phu-yen/2021/109-ubnd"}
    assert not graph.unresolved


def test_a_later_mention_after_two_different_issuers_is_declined() -> None:
    body = ("Thực hiện Kế hoạch số 12-KH/TU ngày 02/3/2021 của Ban Thường vụ Tỉnh ủy Bắc Giang và Kế hoạch số "
            "12-KH/TU ngày 05/3/2021 của Ban Thường vụ Tỉnh ủy Lạng Sơn;\n\n1. Quán triệt Kế hoạch số 12-KH/TU.")
    graph = build_citation_graph([page("a/2021/1-cv", body, province="Lạng Sơn")])
    [problem] = graph.unresolved
    assert problem.label == "Kế hoạch số 12-KH/TU" and "nhiều cơ quan" in problem.reason


def test_a_district_trade_union_is_never_the_provincial_one() -> None:
    graph = build_citation_graph([
        # The district's own 57/LĐLĐ of 2023 is archived ...
        page("lien-doan-lao-dong-huyen-loc-nghia-ldld-tinh-binh-thuan/2023/57-ldld", "Nội dung.", number="57/LĐLĐ",
             issuer="Liên đoàn Lao động huyện Lộc Nghĩa LĐLĐ tỉnh Bình Thuận", issuer_parent="LĐLĐ tỉnh Bình Thuận",
             issuer_level="tinh", province="Bình Thuận", date="2023-03-19"),
        # ... and cited by its number from a provincial page: that is the province's 57/LĐLĐ, not the district's.
        page("tinh-uy-binh-thuan/2023/2-cv-tu", "Thực hiện Công văn số 57/LĐLĐ ngày 20/3/2023 của Ban Thường vụ "
             "Liên đoàn Lao động tỉnh,", province="Bình Thuận", issuer="Tỉnh ủy Bình Thuận"),
        # A district page's bare "của Liên đoàn Lao động" may be either: declined.
        page("huyen-uy-loc-nghia/2023/3-cv-hu", "Thực hiện Công văn số 57/LĐLĐ ngày 19/3/2023 của Liên đoàn Lao "
             "động,", province="Bình Thuận", issuer="Huyện ủy Lộc Nghĩa"),
    ])
    assert _targets(graph, "tinh-uy-binh-thuan/2023/2-cv-tu") == {
        "lien-doan-lao-dong-tinh-binh-thuan/2023/57-ldld": IMPLEMENTS}
    [problem] = graph.unresolved
    assert problem.page_id == "huyen-uy-loc-nghia/2023/3-cv-hu" and "cấp dưới tỉnh" in problem.reason


def test_a_citation_inside_an_archived_documents_description_takes_its_context() -> None:
    quote = ("Thực hiện Công văn số 368-CV/QU ngày 18/1/2021 của Ban Thường vụ Quận ủy Lương Điền về thực hiện "
             "Công văn số 98-CV/TU ngày 02/1/2021 của Ban Thường vụ Thành ủy về thực hành tiết kiệm,")
    quan_uy = {"number": "368-CV/QU", "issuer": "Quận ủy Lương Điền Đảng bộ thành phố Cần Thơ",
               "issuer_parent": "Đảng bộ thành phố Cần Thơ", "province": "Cần Thơ", "date": "2021-01-18"}
    graph = build_citation_graph([
        page("quan-uy-luong-dien-dang-bo-thanh-pho-can-tho/2021/368-cv-qu", "Nội dung.", **quan_uy),
        # The commune's page has no province; the quoted subject line is Quận ủy Lương Điền's, in Cần Thơ.
        page("dang-uy-phuong-bao-duong/2021/13-kh-du", quote, issuer="Đảng ủy phường Bảo Dương"),
        # Without the describing document in the archive nobody can tell which Thành ủy: declined.
        page("dang-uy-phuong-an-hoa/2021/2-kh-du", quote.replace("368-CV/QU", "369-CV/QU"),
             issuer="Đảng ủy phường An Hòa"),
    ])
    assert "thanh-uy-can-tho/2021/98-cv-tu" in _targets(graph, "dang-uy-phuong-bao-duong/2021/13-kh-du")
    [problem] = graph.unresolved
    assert problem.page_id == "dang-uy-phuong-an-hoa/2021/2-kh-du" and "98-CV/TU" in problem.text


def test_two_archived_documents_that_a_citation_fits_equally_are_not_chosen_between() -> None:
    graph = build_citation_graph([
        page("dang-uy-xa-tan-an-dang-bo-huyen-chau-thanh/2022/5-kh-du", "Nội dung.", number="5-KH/ĐU",
             issuer="Đảng ủy xã Tân An Đảng bộ huyện Châu Thành", issuer_parent="Đảng bộ huyện Châu Thành",
             date="2022-03-01"),
        page("dang-uy-xa-tan-an-dang-bo-huyen-can-giuoc/2022/5-kh-du", "Nội dung.", number="5-KH/ĐU",
             issuer="Đảng ủy xã Tân An Đảng bộ huyện Cần Giuộc", issuer_parent="Đảng bộ huyện Cần Giuộc",
             date="2022-05-01"),
        page("a/2022/1-cv", "Thực hiện Kế hoạch số 5-KH/ĐU năm 2022 của Đảng ủy xã Tân An,", province="Long An"),
    ])
    assert _targets(graph, "a/2022/1-cv") == {}
    [problem] = graph.unresolved
    assert "nhiều văn bản trong kho" in problem.reason


def test_an_undated_citation_is_the_year_whose_citations_give_it_the_same_subject() -> None:
    about = "về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    graph = build_citation_graph([
        page("a/2017/1-cv", f"Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị {about},"),
        page("b/2020/2-cv", "Thực hiện Chỉ thị số 5-CT/TW ngày 02/3/2019 của Ban Bí thư về công tác dân vận,"),
        # Undated, but its subject is the one the 2016 Chỉ thị is cited with.
        page("c/2022/3-cv", "Thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực "
             f"hiện Chỉ thị số 05-CT/TW của Bộ Chính trị {about},"),
        # Undated and without a subject: either year may be meant, so it is declined (never "the latest").
        page("d/2022/4-cv", "Thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị, Ban Thường vụ yêu cầu"),
    ])
    assert "ban-chap-hanh-trung-uong-dang/2016/05-ct-tw" in _targets(graph, "c/2022/3-cv")
    [problem] = graph.unresolved
    assert problem.page_id == "d/2022/4-cv" and "2016" in problem.reason and "2019" in problem.reason


def test_the_archived_index_kept_for_a_rebuild_follows_every_field_it_reads() -> None:
    from khovanban.citations.resolve import INDEX_FIELDS, archived_index

    province_letter = {"number": "2234-CV/TU", "date": "2023-06-29", "issuer": "Tỉnh ủy Bắc Giang",
                       "issuer_level": "tinh", "province": "Bắc Giang"}
    records = [("tinh-uy-bac-giang/2023/2234-cv-tu", province_letter),
               ("ban-chap-hanh-trung-uong/2023/217-qd-tw", {"number": "217-QĐ/TW", "date": "2023-01-02",
                                                           "issuer": "Ban Chấp hành Trung ương Đảng"})]
    memo: dict = {}
    assert archived_index(records, memo=memo) == archived_index(records)
    assert len(memo) == 2
    for name, value in [("number", "2235-CV/TU"), ("date", "2022-06-29"), ("province", "Lạng Sơn"),
                        ("issuer", "Tỉnh ủy Lạng Sơn")]:
        assert name in INDEX_FIELDS
        edited = [(records[0][0], {**province_letter, name: value}), records[1]]
        assert archived_index(edited, memo=memo) == archived_index(edited), name
    assert archived_index(records, memo=memo) == archived_index(records)
