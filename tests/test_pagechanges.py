"""Under ``mkdocs serve`` a page whose documents did not change keeps its inputs without their
being worked out again (``khovanban.pagechanges``). Built here from the seed pages: the
comparison of two builds must name the document edited, and the pages made from it."""

from __future__ import annotations

from pathlib import Path

from khovanban.citations import build_citation_graph, page_sources
from khovanban.citing import series_neighbours
from khovanban.htmlbody import BodyRenderer
from khovanban.listing import cited_records, listing_pages
from khovanban.pagechanges import changed_documents, unchanged_pages
from khovanban.registry import build_registry, read_pages
from khovanban.sitepages import ArchivePages, SiteContext
from khovanban.sitewrite import Written

DOCS = Path(__file__).resolve().parents[1] / "docs"
UNION_LETTER = "dang-doan-lien-doan-lao-dong-tinh-lai-chau/2023/98-cv-dd"  # cites nothing archived
PROVINCE_LETTER = "tinh-uy-bac-giang/2023/2234-cv-tu"  # implemented by the Bắc Giang union's plan
IMPLEMENTING = "lien-doan-lao-dong-tinh-bac-giang/2023/khong-so-ldld-tg-nc-5ae2bcc5"


def _build(texts: dict[str, str]) -> ArchivePages:
    registry = build_registry(list(texts.items()))
    graph = build_citation_graph(page_sources(registry.documents.values()), registry.aliases)
    context = SiteContext(graph, BodyRenderer(["tables"], {}), neighbours=series_neighbours(registry.documents.values()))
    listings = listing_pages(registry.documents.values(), cited_records(graph.cited_only()), lambda uri: uri)
    return ArchivePages(context, registry.documents, listings)


def _listing_dependencies(pages: ArchivePages) -> dict[str, frozenset[str]]:
    return {pages.source(item): pages.dependencies(item) for item in pages.items() if item[0] == "listing"}


def _remembered(pages: ArchivePages) -> dict[str, Written]:
    return {pages.source(item): Written(pages.inputs(item), True, depends=pages.dependencies(item))
            for item in pages.items()}


def _edited(texts: dict[str, str], doc_id: str, old: str, new: str) -> dict[str, str]:
    path = f"van-ban/{doc_id}.md"
    assert old in texts[path]
    return {**texts, path: texts[path].replace(old, new, 1)}


def test_two_builds_of_the_same_pages_change_nothing() -> None:
    texts = dict(read_pages(DOCS))
    before, after = _build(texts), _build(texts)
    assert changed_documents(before, after) == set()
    assert unchanged_pages(_remembered(before), set()) == {before.source(item) for item in before.items()}


def test_an_edited_subject_changes_its_document_and_the_pages_made_from_it() -> None:
    texts = dict(read_pages(DOCS))
    before = _build(texts)
    after = _build(_edited(texts, UNION_LETTER, "\nsubject: V/v quan tâm", "\nsubject: V/v đã sửa, quan tâm"))
    changed = changed_documents(before, after)
    assert changed == {UNION_LETTER}
    kept = unchanged_pages(_remembered(before), changed)
    assert f"van-ban/{UNION_LETTER}.md" not in kept
    assert f"van-ban/{PROVINCE_LETTER}.md" in kept and f"van-ban/{IMPLEMENTING}.md" in kept


def test_a_new_date_reaches_the_pages_that_link_to_the_document() -> None:
    texts = dict(read_pages(DOCS))
    before = _build(texts)
    after = _build(_edited(texts, PROVINCE_LETTER, "\ndate: '2023-06-29'", "\ndate: '2023-06-28'"))
    changed = changed_documents(before, after)
    assert PROVINCE_LETTER in changed
    kept = unchanged_pages(_remembered(before), changed)
    # The union's plan implements the Tỉnh ủy letter: its relation section shows that date.
    assert f"van-ban/{IMPLEMENTING}.md" not in kept
    assert f"van-ban/{UNION_LETTER}.md" in kept
    # Whatever is kept was worked out to the same inputs in the new build.
    for item in after.items():
        if after.source(item) in kept:
            assert after.inputs(item) == before.inputs(item), after.source(item)


def test_a_listing_a_document_moves_into_is_made_again() -> None:
    # The union letter takes the Tỉnh ủy letter's signer: it leaves its signer's page and joins
    # the other, none of whose earlier documents changed.
    texts = dict(read_pages(DOCS))
    before = _build(texts)
    after = _build(_edited(texts, UNION_LETTER, "\nsigner: Nguyễn Thị Thiện", "\nsigner: Lê Thị Thu Hồng"))
    changed = changed_documents(before, after)
    kept = unchanged_pages(_remembered(before), changed, _listing_dependencies(after))
    joined, left = "danh-muc/nguoi-ky/le-thi-thu-hong/index.md", "danh-muc/nguoi-ky/nguyen-thi-thien/index.md"
    assert joined in _listing_dependencies(before) and joined not in kept
    assert left not in kept
    assert "danh-muc/nguoi-ky/le-thi-duc/index.md" in kept  # another signer's page stays
    for item in after.items():
        if after.source(item) in kept:
            assert after.inputs(item) == before.inputs(item), after.source(item)
