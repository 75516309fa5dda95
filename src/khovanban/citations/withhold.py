"""Remove withheld documents from the citation graph of an edition.

A public letter may cite an internal one. Its own words stay, but the edition must show no
link to the internal document, no page for it, no backlink from it and no relation through
it. The graph is built from the edition's pages only; what remains to remove are the nodes
that the citations of published pages created for withheld documents: the same ID, or the
same number in the same year (when the citation named the issuer differently).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .graph import CitationGraph


def _year(doc_id: str) -> str:
    parts = doc_id.split("/")
    return parts[1] if len(parts) == 3 else ""


def withhold(graph: CitationGraph, withheld: Iterable[tuple[str, dict[str, Any]]]) -> set[str]:
    """Drop every node standing for a withheld (id, meta) document; return the dropped IDs."""
    ids: set[str] = set()
    numbers: set[tuple[str, str]] = set()
    for doc_id, meta in withheld:
        ids.add(doc_id)
        ids.update(meta.get("aliases") or [])
        if meta.get("number"):
            numbers.add((str(meta["number"]), _year(doc_id)))
    drop = {
        node.id
        for node in graph.nodes.values()
        if node.id in ids or (node.number and (node.number, _year(node.id)) in numbers)
    }
    if not drop:
        return drop
    for doc_id in drop:
        del graph.nodes[doc_id]
    graph.edges = [e for e in graph.edges if e.source not in drop and e.target not in drop]
    graph.anchors = {page: [a for a in anchors if a.target not in drop] for page, anchors in graph.anchors.items()}
    graph._out = {s: {t: link for t, link in m.items() if t not in drop} for s, m in graph._out.items() if s not in drop}
    graph._in = {t: {s: link for s, link in m.items() if s not in drop} for t, m in graph._in.items() if t not in drop}
    graph.forget_views()
    return drop
