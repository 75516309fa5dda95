"""What readers see of the graph: relation sections, the cascade, and pages for cited documents.

All of it is Markdown with relative links to page sources (``…/54-kl-tw.md``), which MkDocs
checks and rewrites for the site and for the file:// edition alike. Every text that comes from
an original (titles, issuer names) is escaped with ``markdown.escape_text`` or ``html.escape``:
it is shown, never interpreted. Labels are Vietnamese because readers see them.
"""

from __future__ import annotations

import json
import posixpath
from html import escape

from ..markdown import escape_text
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


def href(from_path: str, to_path: str) -> str:
    """Relative link from one page source to another ("../../tinh-uy-bac-giang/2023/2234-cv-tu.md")."""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")


def _shown(graph: CitationGraph, doc_id: str) -> tuple[str, str]:
    """A document's escaped label and details, computed once per build (pages list the same
    documents over and over)."""
    cached = graph.display.get(doc_id)
    if cached is None:
        node = graph.nodes[doc_id]
        details = [escape_text(node.issuer_body or node.issuer or "")] if (node.issuer_body or node.issuer) else []
        if node.date:
            details.append(escape_text(display_date(node.date)))
        suffix = (" — " + ", ".join(details)) if details else ""
        if not node.archived:
            suffix += f" *({MISSING})*"
        cached = graph.display[doc_id] = (escape_text(node.label), suffix)
    return cached


def node_link(graph: CitationGraph, doc_id: str, from_path: str) -> str:
    """"[Kết luận 54-KL/TW](…) — Ban Bí thư, 09/05/2023 (chưa có trong kho)" for a list item."""
    label, suffix = _shown(graph, doc_id)
    return f"[{label}]({href(from_path, graph.nodes[doc_id].path)}){suffix}"


def _stated_note(graph: CitationGraph, link: Link, from_path: str) -> str:
    """Where a relation between two other documents is stated: "(theo Công văn 2234-CV/TU)"."""
    sources = sorted({e.stated_by for e in link.edges} - {link.source, link.target})
    if not sources or any(e.stated_by in (link.source, link.target) for e in link.edges):
        return ""
    names = ", ".join(f"[{_shown(graph, s)[0]}]({href(from_path, graph.nodes[s].path)})" for s in sources[:3])
    return f" (theo {names})"


def _items(graph: CitationGraph, links: list[Link], from_path: str, outgoing: bool) -> list[str]:
    lines = []
    for link in links:
        other = link.target if outgoing else link.source
        prefix = ""
        if link.relation in _RELATION_WORDS:
            prefix = _RELATION_WORDS[link.relation][0 if outgoing else 1].capitalize() + ": "
        lines.append(f"- {prefix}{node_link(graph, other, from_path)}{_stated_note(graph, link, from_path)}")
    return lines


def _section(title: tuple[str, str], lines: list[str], always: bool) -> str:
    if not lines and not always:
        return ""
    body = "\n".join(lines) if lines else EMPTY
    return f"## {title[0]} {{: #{title[1]} }}\n\n{body}\n"


def relation_sections(graph: CitationGraph, doc_id: str, from_path: str) -> str:
    """The relation sections appended to a document page (the three main ones always shown)."""
    outgoing = graph.outgoing(doc_id)
    incoming = graph.incoming(doc_id)
    basis = [link for link in outgoing if link.relation == IMPLEMENTS]
    cites = [link for link in outgoing if link.relation != IMPLEMENTS]
    implemented_by = [link for link in incoming if link.relation == IMPLEMENTS]
    cited_by = [link for link in incoming if link.relation != IMPLEMENTS]
    parts = [
        _section(SECTION_BASIS, _items(graph, basis, from_path, True), True),
        _section(SECTION_CITES, _items(graph, cites, from_path, True), False),
        _section(SECTION_IMPLEMENTED_BY, _items(graph, implemented_by, from_path, False), True),
        _section(SECTION_CITED_BY, _items(graph, cited_by, from_path, False), True),
        cascade_section(graph, doc_id, from_path),
    ]
    return '<div class="vb-relations" markdown>\n\n' + "\n".join(p for p in parts if p) + "\n</div>\n"


def cascade_section(graph: CitationGraph, doc_id: str, from_path: str) -> str:
    """The implementation cascade as a nested list, root documents first, this one in bold."""
    trees = graph.cascade(doc_id)
    if not trees:
        return ""
    lines: list[str] = []

    def walk(tree: TreeNode, depth: int) -> None:
        if tree.focus:
            item = f"**{_shown(graph, tree.id)[0]}** (văn bản này)"
        else:
            item = node_link(graph, tree.id, from_path)
        lines.append(f"{'    ' * depth}- {item}")
        for child in tree.children:
            walk(child, depth + 1)

    for tree in trees:
        walk(tree, 0)
    intro = "Mỗi văn bản được triển khai thực hiện bởi các văn bản thụt vào bên dưới nó."
    return f"## {SECTION_CASCADE[0]} {{: #{SECTION_CASCADE[1]} }}\n\n{intro}\n\n" + "\n".join(lines) + "\n"


def _row(label: str, value: str) -> str:
    return f'<tr><th scope="row">{escape(label)}</th><td>{value}</td></tr>'


def cited_page(graph: CitationGraph, node: Node) -> str:
    """The generated page of a document that is cited but not archived yet."""
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
    # A JSON string is a valid YAML scalar: the title is quoted whatever it holds.
    front = f"title: {json.dumps(node.label, ensure_ascii=False)}\nvb_missing: true\n"
    return f"---\n{front}---\n\n{notice}\n\n{card}\n\n{relation_sections(graph, node.id, node.path)}"
