"""The machine-readable export of the graph: ``api/documents.json``, ``api/citations.json`` and
``api/unresolved.json`` in the built site, for staff tools and tests.

Records are plain dictionaries with stable keys, sorted, so two builds of the same archive
write the same bytes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .graph import CitationGraph


def documents_records(graph: CitationGraph, url_for: Callable[[str], str]) -> list[dict[str, Any]]:
    """One record per document: id, url, number, type, issuer, date, archived (and more)."""
    records = []
    for node in sorted(graph.nodes.values(), key=lambda n: n.id):
        records.append(
            {
                "id": node.id,
                "url": url_for(node.id),
                "number": node.number,
                "type": node.type,
                "issuer": node.issuer,
                "issuer_as_cited": node.issuer_body,
                "date": node.date,
                "title": node.title or node.about,
                "archived": node.archived,
            }
        )
    return records


def citations_records(graph: CitationGraph) -> list[dict[str, Any]]:
    """One record per edge (pair of documents): source, target, relation, text, and every mention."""
    records = []
    for link in sorted(graph.links(), key=lambda item: (item.source, item.target)):
        first = link.edges[0]
        records.append(
            {
                "source": link.source,
                "target": link.target,
                "relation": link.relation,
                "text": first.text,
                "mentions": [
                    {"text": e.text, "relation": e.relation, "file": f"docs/{e.path}", "line": e.line,
                     "stated_by": e.stated_by}
                    for e in link.edges
                ],
            }
        )
    return records


def unresolved_records(graph: CitationGraph) -> list[dict[str, Any]]:
    """Every citation the resolver declined, with where it is and why."""
    return [
        {"file": f"docs/{u.path}", "line": u.line, "field": u.field, "page": u.page_id, "text": u.text,
         "reason": u.reason}
        for u in graph.unresolved
    ]


def dumps(records: list[dict[str, Any]]) -> str:
    """JSON text of a list of records: UTF-8 as is, one record per line (a diff between two
    builds shows the records that changed). Not ``indent``: it switches ``json`` to its pure
    Python encoder, ten times slower (3 s for the files of a 10,000-document archive)."""
    if not records:
        return "[]\n"
    return "[\n" + ",\n".join(json.dumps(record, ensure_ascii=False) for record in records) + "\n]\n"


def write_api(graph: CitationGraph, folder: Path, url_for: Callable[[str], str]) -> None:
    """Write documents.json, citations.json and unresolved.json into ``folder``.

    Each file is written beside its name and renamed over it, so a reader (a staff tool
    polling a served site) sees the old file or the new one, never half of one.
    """
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "documents.json": documents_records(graph, url_for),
        "citations.json": citations_records(graph),
        "unresolved.json": unresolved_records(graph),
    }
    for name, records in files.items():
        partial = folder / f".{name}.partial"
        partial.write_text(dumps(records), encoding="utf-8")
        os.replace(partial, folder / name)
