"""What readers see of the graph: relation sections, the cascade, and pages for cited documents.

All of it is HTML with relative links that the caller computes for the page being written
(``link(doc_id)``), so the same sections serve the site (directory URLs) and the file://
edition (plain .html files). Every text that comes from an original (titles, issuer names) is
escaped: it is shown, never interpreted. Labels are Vietnamese because readers see them.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from ..render import display_date
from .graph import CitationGraph, Link, Node, TreeNode
from .relations import AMENDS, IMPLEMENTS, REPLACES

MISSING = "chưa có trong kho"
SECTION_BASIS = ("Văn bản được thực hiện / căn cứ", "van-ban-can-cu")
SECTION_CITES = ("Văn bản được dẫn chiếu", "van-ban-dan-chieu")
SECTION_IMPLEMENTED_BY = ("Văn bản triển khai thực hiện", "van-ban-trien-khai")
SECTION_CITED_BY = ("Được dẫn chiếu bởi", "duoc-dan-chieu")
SECTION_CASCADE = ("Chuỗi triển khai thực hiện", "chuoi-trien-khai")
EMPTY = "Chưa có văn bản nào trong kho."
_RELATION_WORDS = {
    REPLACES: ("thay thế", "bị thay thế bởi"),
    AMENDS: ("sửa đổi, bổ sung", "được sửa đổi, bổ sung bởi"),
}

LinkTo = Callable[[str], str]  # document ID -> relative URL from the page being written


def _shown(graph: CitationGraph, doc_id: str) -> tuple[str, str]:
    """A document's escaped label and details, computed once per build (pages list the same
    documents over and over)."""
    cached = graph.display.get(doc_id)
    if cached is None:
        node = graph.nodes[doc_id]
        details = [escape(node.issuer_body or node.issuer or "")] if (node.issuer_body or node.issuer) else []
        if node.date:
            details.append(escape(display_date(node.date)))
        suffix = (" — " + ", ".join(details)) if details else ""
        if not node.archived:
            suffix += f" <em>({MISSING})</em>"
        cached = graph.display[doc_id] = (escape(node.label), suffix)
    return cached


def node_link(graph: CitationGraph, doc_id: str, link: LinkTo) -> str:
    """"<a …>Kết luận 54-KL/TW</a> — Ban Bí thư, 09/05/2023 <em>(chưa có trong kho)</em>"."""
    label, suffix = _shown(graph, doc_id)
    return f'<a href="{escape(link(doc_id))}">{label}</a>{suffix}'


def _stated_note(graph: CitationGraph, item: Link, link: LinkTo) -> str:
    """Where a relation between two other documents is stated: "(theo Công văn 2234-CV/TU)"."""
    sources = sorted({e.stated_by for e in item.edges} - {item.source, item.target})
    if not sources or any(e.stated_by in (item.source, item.target) for e in item.edges):
        return ""
    names = ", ".join(f'<a href="{escape(link(s))}">{_shown(graph, s)[0]}</a>' for s in sources[:3])
    return f" (theo {names})"


def _items(graph: CitationGraph, links: list[Link], link: LinkTo, outgoing: bool) -> list[str]:
    items = []
    for item in links:
        other = item.target if outgoing else item.source
        prefix = ""
        if item.relation in _RELATION_WORDS:
            prefix = _RELATION_WORDS[item.relation][0 if outgoing else 1].capitalize() + ": "
        items.append(f"<li>{prefix}{node_link(graph, other, link)}{_stated_note(graph, item, link)}</li>")
    return items


def heading(title: tuple[str, str]) -> str:
    """A section heading with its permanent link, as the site's Markdown headings look."""
    name, anchor = title
    return (f'<h2 id="{anchor}">{escape(name)}<a class="headerlink" href="#{anchor}" '
            f'title="Permanent link">&para;</a></h2>')


def _section(title: tuple[str, str], items: list[str], always: bool, toc: list[tuple[str, str]]) -> str:
    if not items and not always:
        return ""
    toc.append(title)
    body = "<ul>\n" + "\n".join(items) + "\n</ul>" if items else f"<p>{EMPTY}</p>"
    return f"{heading(title)}\n{body}\n"


def relation_sections(graph: CitationGraph, doc_id: str, link: LinkTo) -> tuple[str, list[tuple[str, str]]]:
    """The relation sections appended to a document page (the three main ones always shown),
    and their (title, anchor) pairs for the page's table of contents."""
    outgoing = graph.outgoing(doc_id)
    incoming = graph.incoming(doc_id)
    basis = [item for item in outgoing if item.relation == IMPLEMENTS]
    cites = [item for item in outgoing if item.relation != IMPLEMENTS]
    implemented_by = [item for item in incoming if item.relation == IMPLEMENTS]
    cited_by = [item for item in incoming if item.relation != IMPLEMENTS]
    toc: list[tuple[str, str]] = []
    parts = [
        _section(SECTION_BASIS, _items(graph, basis, link, True), True, toc),
        _section(SECTION_CITES, _items(graph, cites, link, True), False, toc),
        _section(SECTION_IMPLEMENTED_BY, _items(graph, implemented_by, link, False), True, toc),
        _section(SECTION_CITED_BY, _items(graph, cited_by, link, False), True, toc),
        cascade_section(graph, doc_id, link, toc),
    ]
    # Lists of other documents: links for readers, not words of this document for the index.
    return '<div class="vb-relations" data-pagefind-ignore="all">\n' + "".join(parts) + "</div>", toc


def cascade_section(graph: CitationGraph, doc_id: str, link: LinkTo, toc: list[tuple[str, str]]) -> str:
    """The implementation cascade as a nested list, root documents first, this one in bold."""
    trees = graph.cascade(doc_id)
    if not trees:
        return ""
    toc.append(SECTION_CASCADE)

    def walk(tree: TreeNode) -> str:
        if tree.focus:
            item = f"<strong>{_shown(graph, tree.id)[0]}</strong> (văn bản này)"
        else:
            item = node_link(graph, tree.id, link)
        if tree.children:
            item += "\n<ul>\n" + "\n".join(walk(child) for child in tree.children) + "\n</ul>\n"
        return f"<li>{item}</li>"

    intro = "Mỗi văn bản được triển khai thực hiện bởi các văn bản thụt vào bên dưới nó."
    lists = "<ul>\n" + "\n".join(walk(tree) for tree in trees) + "\n</ul>"
    return f"{heading(SECTION_CASCADE)}\n<p>{intro}</p>\n{lists}\n"


def _row(label: str, value: str) -> str:
    return f'<tr><th scope="row">{escape(label)}</th><td>{value}</td></tr>'


def cited_page(graph: CitationGraph, node: Node, link: LinkTo) -> tuple[str, list[tuple[str, str]]]:
    """The content of the page of a document that is cited but not archived yet, and its
    table of contents."""
    rows = [_row("Số, ký hiệu", f'<span class="vb-number">{escape(node.number or "")}</span>')]
    if node.type:
        rows.append(_row("Loại văn bản", escape(node.type)))
    issuer = escape(node.issuer or "chưa rõ")
    if node.issuer_body and node.issuer_body != node.issuer:
        issuer += f' <span class="vb-note">(trong trích dẫn: {escape(node.issuer_body)})</span>'
    rows.append(_row("Cơ quan ban hành", issuer))
    if node.date:
        rows.append(_row("Ngày ban hành", escape(display_date(node.date))))
    if node.term:
        rows.append(_row("Khóa", escape(node.term)))
    if node.title:
        rows.append(_row("Tên, trích yếu", f"“{escape(node.title)}”"))
    elif node.about:
        rows.append(_row("Nội dung (theo trích dẫn)", escape(node.about)))
    if node.notes:
        notes = "".join(f"<li>{escape(note)}</li>" for note in node.notes)
        rows.append(f'<tr class="vb-flags"><th scope="row">Cần lưu ý</th><td><ul>{notes}</ul></td></tr>')
    card = '<table class="vb-card"><tbody>' + "".join(rows) + "</tbody></table>"
    notice = (
        f'<p class="vb-missing"><strong>Văn bản này {MISSING}.</strong> Thông tin trên được tổng hợp từ '
        "các văn bản trong kho có dẫn chiếu tới nó; các văn bản đó được liệt kê ở cuối trang.</p>"
    )
    sections, toc = relation_sections(graph, node.id, link)
    return f"{notice}\n{card}\n{sections}", toc
