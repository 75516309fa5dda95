"""The citation graph of the five seed documents, as facts; and the built site that shows it.

The tables below were written from reading the five originals: every document each one cites,
and how (implements: its stated basis; cites: any other mention), plus what the texts state
about third documents. The graph must equal them exactly: nothing missed, nothing merged that
is not one document, nothing split that is.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import copy_project, mkdocs_build
from khovanban.citations import CITES, IMPLEMENTS, CitationGraph, build_citation_graph, page_sources
from khovanban.citations.clean import clean_text
from khovanban.registry import build_registry, read_pages

REPO = Path(__file__).resolve().parents[1]

UNION_BG = "lien-doan-lao-dong-tinh-bac-giang/2023/khong-so-ldld-tg-nc-5ae2bcc5"
TU_BG = "tinh-uy-bac-giang/2023/2234-cv-tu"
UNION_BT = "lien-doan-lao-dong-tinh-binh-thuan/2017/57-ldld"
CDCT = "cong-doan-cong-thuong-viet-nam/2023/299-cdct-tgnc"
DD_LC = "dang-doan-lien-doan-lao-dong-tinh-lai-chau/2023/98-cv-dd"
TW = "ban-chap-hanh-trung-uong-dang"
KL54, QD99, QD124 = f"{TW}/2023/54-kl-tw", f"{TW}/2017/99-qd-tw", f"{TW}/2018/124-qd-tw"
KL01, CT05, NQ02 = f"{TW}/2021/01-kl-tw", f"{TW}/2016/05-ct-tw", f"{TW}/2021/02-nq-tw"
QD217, QD218, CT18 = f"{TW}/2013/217-qd-tw", f"{TW}/2013/218-qd-tw", f"{TW}/2022/18-ct-tw"
CT26_BG = "tinh-uy-bac-giang/2023/26-ct-tu"
CTR12_LC, NQ12_BT = "tinh-uy-lai-chau/2021/12-ctr-tu", "tinh-uy-binh-thuan/khong-ro-nam/12-nq-tu"

# (source, target, relation) for every pair of documents related by the seeds.
LINKS = {
    # Liên đoàn Lao động tỉnh Bắc Giang, letter without number (July 2023).
    (UNION_BG, TU_BG, IMPLEMENTS), (UNION_BG, KL54, IMPLEMENTS), (UNION_BG, QD99, CITES),
    (UNION_BG, QD124, CITES), (UNION_BG, CT26_BG, CITES),
    # Tỉnh ủy Bắc Giang 2234-CV/TU.
    (TU_BG, KL54, IMPLEMENTS), (TU_BG, QD99, CITES), (TU_BG, QD124, CITES), (TU_BG, CT26_BG, CITES),
    # Liên đoàn Lao động tỉnh Bình Thuận 57/LĐLĐ.
    (UNION_BT, "tinh-uy-binh-thuan/2016/525-cv-tu", IMPLEMENTS), (UNION_BT, "tinh-uy-binh-thuan/2016/31-kh-tu", CITES),
    (UNION_BT, CT05, CITES), (UNION_BT, NQ12_BT, CITES), (UNION_BT, QD217, CITES), (UNION_BT, QD218, CITES),
    # Công đoàn Công Thương Việt Nam 299/CĐCT-TGNC.
    (CDCT, "tong-lien-doan-lao-dong-viet-nam/2023/6713-tld", IMPLEMENTS), (CDCT, KL01, IMPLEMENTS),
    (CDCT, CT05, CITES), (CDCT, NQ02, CITES),
    # Đảng đoàn Liên đoàn Lao động tỉnh Lai Châu 98-CV/ĐĐ.
    (DD_LC, CTR12_LC, IMPLEMENTS), (DD_LC, "tinh-uy-lai-chau/2022/04-tt-tu", IMPLEMENTS),
    (DD_LC, "tong-lien-doan-lao-dong-viet-nam/2022/179-kh-tld", IMPLEMENTS), (DD_LC, NQ02, CITES),
    (DD_LC, QD217, CITES), (DD_LC, QD218, CITES), (DD_LC, CT18, CITES), (DD_LC, QD124, CITES),
    (DD_LC, "chinh-phu/2020/145-2020-nd-cp", CITES), (DD_LC, "tinh-uy-lai-chau/2019/06-qc-tu", CITES),
    (DD_LC, "tinh-uy-lai-chau/2022/27-ctr-tu", CITES),
    # Stated about third documents ("Kết luận số 54-KL/TW … về tiếp tục thực hiện Quyết định số 99-QĐ/TW").
    (KL54, QD99, IMPLEMENTS), (KL01, CT05, IMPLEMENTS), (CTR12_LC, NQ02, IMPLEMENTS),
    ("tinh-uy-binh-thuan/2016/31-kh-tu", CT05, IMPLEMENTS),
    ("tong-lien-doan-lao-dong-viet-nam/2023/6713-tld", KL01, IMPLEMENTS),
}
# Mentions in each page's text (full, short and defined forms), as a reader counts them.
MENTIONS = {UNION_BG: 12, TU_BG: 16, UNION_BT: 6, CDCT: 11, DD_LC: 16}


@pytest.fixture(scope="module")
def graph() -> CitationGraph:
    registry = build_registry(read_pages(REPO / "docs"))
    return build_citation_graph(page_sources(registry.documents.values()), registry.aliases)


def test_every_link_is_right(graph: CitationGraph) -> None:
    assert {(link.source, link.target, link.relation) for link in graph.links()} == LINKS


def test_every_citation_is_found_and_resolved(graph: CitationGraph) -> None:
    assert not graph.unresolved
    assert {page: len(anchors) for page, anchors in graph.anchors.items()} == MENTIONS


def test_same_document_cited_in_different_forms_is_one_node(graph: CitationGraph) -> None:
    # "2234-CVTU" in the union letter is the Tỉnh ủy's archived 2234-CV/TU.
    assert graph.nodes[TU_BG].archived
    assert {link.source for link in graph.incoming(TU_BG)} == {UNION_BG}
    # 26-CT/TU cited by two Bắc Giang documents is one document.
    assert {link.source for link in graph.incoming(CT26_BG)} == {UNION_BG, TU_BG}
    # 217/QĐ-TW (Lai Châu, state style) and 217-QĐ/TW (Bình Thuận) are one document.
    assert {link.source for link in graph.incoming(QD217)} == {UNION_BT, DD_LC}


def test_different_documents_are_never_merged(graph: CitationGraph) -> None:
    assert CTR12_LC != NQ12_BT and {CTR12_LC, NQ12_BT} <= set(graph.nodes)
    assert len(graph.nodes) == 5 + 20
    assert sum(not node.archived for node in graph.nodes.values()) == 20
    # Each cited document gathers mentions of one number only (no two documents merged), and in
    # the seeds no number is shared by two documents.
    numbers = [node.number for node in graph.nodes.values() if node.number]
    assert len(numbers) == len(set(numbers))
    for node in graph.cited_only():
        mentioned = {edge.text.split(" ngày ")[0] for link in graph.incoming(node.id) for edge in link.edges
                     if edge.stated_by == link.source}
        digits = {re.search(r"\d+", text).group(0).lstrip("0") for text in mentioned}  # type: ignore[union-attr]
        assert digits == {node.number.split("-")[0].split("/")[0].lstrip("0")}, (node.id, mentioned)


def test_what_the_citations_tell_about_a_cited_document(graph: CitationGraph) -> None:
    kl54 = graph.nodes[KL54]
    assert (kl54.number, kl54.type, kl54.issuer, kl54.issuer_body, kl54.date) == (
        "54-KL/TW", "Kết luận", "Ban Chấp hành Trung ương Đảng", "Ban Bí thư", "2023-05-09")
    ct05 = graph.nodes[CT05]
    assert ct05.title == "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    assert graph.nodes[QD217].term == "khóa XI"


def test_backlinks_are_a_view_of_the_edges(graph: CitationGraph) -> None:
    assert {(l.source, l.relation) for l in graph.incoming(KL54)} == {(UNION_BG, IMPLEMENTS), (TU_BG, IMPLEMENTS)}
    assert {(l.source, l.relation) for l in graph.incoming(NQ02)} == {
        (CTR12_LC, IMPLEMENTS), (CDCT, CITES), (DD_LC, CITES)}
    stated = graph._out[KL54][QD99].edges  # stated by the Tỉnh ủy's letter, not by 54-KL/TW itself
    assert {edge.stated_by for edge in stated} == {TU_BG}


def test_the_cascade_reads_as_one_chain(graph: CitationGraph) -> None:
    def chain(trees: list) -> list[str]:
        assert len(trees) == 1
        node, out = trees[0], []
        while True:
            out.append(node.id)
            if not node.children:
                return out
            assert len(node.children) == 1
            node = node.children[0]

    assert chain(graph.cascade(UNION_BG)) == [QD99, KL54, TU_BG, UNION_BG]
    assert chain(graph.cascade(KL54)) == [QD99, KL54, TU_BG, UNION_BG]
    assert graph.cascade(f"{TW}/2022/18-ct-tw") == []


def test_links_span_the_citation_words_in_the_page(graph: CitationGraph) -> None:
    for page_id, anchors in graph.anchors.items():
        body = graph.bodies[page_id]
        for anchor in anchors:
            assert clean_text(body[anchor.start : anchor.end]).text == anchor.text


# --- the built site ------------------------------------------------------------------------------
def _html(site: Path, doc_id: str) -> str:
    return (site / "van-ban" / doc_id / "index.html").read_text(encoding="utf-8")


def test_pages_link_citations_and_show_relation_sections(built_site: Path) -> None:
    html = _html(built_site, UNION_BG)
    assert '<a class="vb-cite" href="../../../tinh-uy-bac-giang/2023/2234-cv-tu/">Công văn số 2234-CVTU</a>' in html
    assert 'class="vb-cite vb-cite-missing" href="../../../ban-chap-hanh-trung-uong-dang/2023/54-kl-tw/"' in html
    for heading in ("Văn bản được thực hiện / căn cứ", "Văn bản triển khai thực hiện", "Được dẫn chiếu bởi",
                    "Chuỗi triển khai thực hiện"):
        assert heading in html
    assert not re.search(r'href="/(?!/)', html), "links must be relative (file:// edition)"
    tu = _html(built_site, TU_BG)
    section = tu[tu.index('id="van-ban-trien-khai"') : tu.index('id="duoc-dan-chieu"')]
    assert "khong-so-ldld-tg-nc-5ae2bcc5" in section


def test_cited_documents_get_a_page_marked_not_archived(built_site: Path) -> None:
    html = _html(built_site, KL54)
    assert "chưa có trong kho" in html and "54-KL/TW" in html and "Ban Bí thư" in html and "09/05/2023" in html
    implemented_by = html[html.index('id="van-ban-trien-khai"') : html.index('id="duoc-dan-chieu"')]
    assert "2234-cv-tu" in implemented_by and "khong-so-ldld-tg-nc-5ae2bcc5" in implemented_by
    cascade = html[html.index('id="chuoi-trien-khai"') :]
    assert cascade.index("99-QĐ/TW") < cascade.index("(văn bản này)") < cascade.index("2234-CV/TU")


def test_the_api_export(built_site: Path) -> None:
    documents = json.loads((built_site / "api/documents.json").read_text(encoding="utf-8"))
    by_id = {d["id"]: d for d in documents}
    assert len(documents) == 25 and sum(d["archived"] for d in documents) == 5
    assert set(documents[0]) >= {"id", "url", "number", "type", "issuer", "date", "archived"}
    assert by_id[KL54]["url"] == f"van-ban/{KL54}/" and not by_id[KL54]["archived"]
    assert (built_site / by_id[KL54]["url"] / "index.html").is_file()
    edges = json.loads((built_site / "api/citations.json").read_text(encoding="utf-8"))
    assert {(e["source"], e["target"], e["relation"]) for e in edges} == LINKS
    assert all(e["text"] for e in edges)
    assert json.loads((built_site / "api/unresolved.json").read_text(encoding="utf-8")) == []


def test_an_unresolved_citation_fails_the_strict_build_with_file_and_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs/van-ban" / f"{UNION_BT}.md"
    text = page.read_text(encoding="utf-8")
    text = text.rstrip("\n") + "\n\nĐồng thời thực hiện Kế hoạch số 26/KH-MTTQ-BTT, ngày 17/11/2025.\n"
    page.write_text(text, encoding="utf-8")
    line = text.split("\n").index("Đồng thời thực hiện Kế hoạch số 26/KH-MTTQ-BTT, ngày 17/11/2025.") + 1
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert f"docs/van-ban/{UNION_BT}.md:{line}" in result.stderr
    assert "Kế hoạch số 26/KH-MTTQ-BTT" in result.stderr and "citation_targets" in result.stderr
    # The fix the warning names: classify the citation in the page's front matter.
    page.write_text(text.replace("\n---\n", '\ncitation_targets:\n  "Kế hoạch số 26/KH-MTTQ-BTT": bo-qua\n---\n', 1),
                    encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    report = json.loads((project / "site/api/unresolved.json").read_text(encoding="utf-8"))
    assert report == []


def test_text_from_originals_is_never_interpreted() -> None:
    """Titles and words around citations come from originals: shown as text, never run."""
    import markdown

    from khovanban.citations import LinkSpan, PageSource, annotate
    from khovanban.citations.sections import cited_page, relation_sections
    from khovanban.markdown import escape_text
    from khovanban.urls import page_url, relative_url

    hostile = '<script>alert(1)</script> [x](javascript:alert(1)) {: onclick="alert(1)" } *a* _b_'
    body = escape_text(f"Thực hiện Kết luận số 54-KL/TW ngày 09/5/2023 của Ban Bí thư về “{hostile}”, "
                       f"Chỉ thị số 26-CT/TU của Ban Thường vụ Tỉnh ủy {hostile} và Kết luận số 54-KL/TW.")
    source = PageSource("a/2023/1-cv", "van-ban/a/2023/1-cv.md", body, 10, {"id": "a/2023/1-cv", "province": "Bắc Giang"})
    graph = build_citation_graph([source])
    assert not graph.unresolved and len(graph.anchors["a/2023/1-cv"]) == 3

    def link_from(path: str):  # type: ignore[no-untyped-def]
        return lambda doc_id: relative_url(page_url(graph.nodes[doc_id].path), page_url(path))

    link = link_from(source.path)
    links = [LinkSpan(a.start, a.end, link(a.target)) for a in graph.anchors[source.id]]
    annotated, skipped = annotate(body, links)
    assert not skipped
    extensions = ["attr_list", "md_in_html", "tables", "toc"]
    html = markdown.markdown(annotated, extensions=extensions)
    assert html.count('class="vb-cite"') == 3
    pages = [html + relation_sections(graph, source.id, link)[0]]
    pages += [cited_page(graph, node, link_from(node.path))[0] for node in graph.cited_only()]
    for page in pages:
        assert "<script" not in page and 'href="javascript' not in page
        assert not re.search(r"<[^>]*\sonclick=", page)


# --- the same over corpus texts treated as archived pages ----------------------------------------
LM = "ban-thuong-truc-uy-ban-mttq-viet-nam-xa-luong-minh"
LM_PAGES = {  # id -> (corpus file, front matter)
    f"{LM}/2025/16-kh-mttq-btt": ("luongminh__18-11-kh-thuc-hien-cong-tac-bau-cu-luong-minh.txt",
                                  {"number": "16/KH-MTTQ-BTT", "date": "2025-11-18"}),
    f"{LM}/2025/khong-so-kh-mttq-btt-1": ("luongminh__25-11-kh-thuc-hien-hn-hiep-thuong-luong-minh.txt", {}),
    f"{LM}/2025/khong-so-hd-mttq-btt-2": ("luongminh__huong-dan-mttq-xa-cong-tac-bau-cu-lm.txt", {}),
    f"{LM}/2025/khong-so-kh-mttq-btt-3": (
        "luongminh__ke-hoach-tiep-cong-dan-xu-ly-don-thu-phuc-vu-bau-cu-cua-ban-thuong-tru.txt", {}),
    "uy-ban-bau-cu-xa-pho-bang/2025/01-kh-tbttkt": (
        "luongminh__kh-tieu-ban-tuyen-truyen-bau-cu-dai-bieu-qh-va-hdnd-cac-cap.txt",
        {"number": "01/KH-TBTTKT", "province": "Tuyên Quang"}),
}


@pytest.mark.shared
def test_corpus_documents_resolve_across_pages(shared: Path) -> None:
    from khovanban.citations import PageSource

    pages = []
    for doc_id, (name, meta) in LM_PAGES.items():
        front = {"id": doc_id, "issuer": "Ban Thường trực Ủy ban MTTQ Việt Nam xã Lương Minh",
                 "province": "Quảng Ninh", **meta}
        text = (shared / "corpus" / name).read_text(encoding="utf-8")
        pages.append(PageSource(doc_id, f"van-ban/{doc_id}.md", text, 1, front))
    graph = build_citation_graph(pages)
    incoming = {doc_id: {(l.source.split("/")[-1], l.relation) for l in graph.incoming(doc_id)} for doc_id in graph.nodes}
    # "Thực hiện Kế hoạch số 16/KH-MTTQ-BTT ngày 18/11/2025 của … xã Lương Minh" is the archived 18-11 plan;
    # the province's 16/KH-MTTQ-BTT of 23/12/2025 is another document with the same number.
    assert incoming[f"{LM}/2025/16-kh-mttq-btt"] == {("khong-so-kh-mttq-btt-1", IMPLEMENTS)}
    assert incoming["uy-ban-mat-tran-to-quoc-viet-nam-tinh-quang-ninh/2025/16-kh-mttq"] == {
        ("khong-so-kh-mttq-btt-3", IMPLEMENTS)}
    # One Chỉ thị 46-CT/TW, cited by three pages and implemented by three plans the pages name.
    assert incoming[f"{TW}/2025/46-ct-tw"] == {
        ("16-kh-mttq-btt", IMPLEMENTS), ("khong-so-hd-mttq-btt-2", CITES), ("01-kh-tbttkt", CITES),
        ("21-kh-du", IMPLEMENTS), ("555-kh-tu", IMPLEMENTS), ("55-kh-tu", IMPLEMENTS)}
    # "TU" is the citing page's province unless the sentence names one.
    assert "tinh-uy-quang-ninh/2025/555-kh-tu" in graph.nodes and "tinh-uy-tuyen-quang/2025/55-kh-tu" in graph.nodes
    assert ("83-2025-qh15", "amends") in incoming["quoc-hoi/2015/85-2015-qh13"]
    # Declined, not guessed: the texts do not say whose these are.
    assert sorted(u.label for u in graph.unresolved) == [
        "Kế hoạch số 16/KH-BTT-MTTQ", "Kế hoạch số 26/KH-MTTQ-BTT", "Quyết định số 07/QĐ-MTTQ-BTT"]
    assert all(u.reason and u.line for u in graph.unresolved)
