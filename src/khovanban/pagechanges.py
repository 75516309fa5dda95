"""What changed for the archive's pages between two builds of one ``mkdocs serve`` session.

A rebuild under serve worked out the inputs digest of every page to find the few hundred that
had changed: 4 s of CPU at 10,000 documents, half of it in cascades. Each page now remembers
the documents it was made from (``ArchivePages.dependencies``). Comparing the two builds
document by document (node, links in their stored order, anchors, body, record, neighbours,
original) costs a fraction of that, and a page none of whose documents changed keeps the
inputs digest it had, without its being worked out again.

The comparison must over-report, never under-report: a document reported changed only costs
its dependants' digests; one missed would leave stale pages. ``tests/test_incremental.py``
compares every rebuild with a fresh build to catch that.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .sitepages import ArchivePages
    from .sitewrite import Written


def changed_documents(before: ArchivePages, after: ArchivePages) -> set[str]:
    """IDs of the documents (archived or cited) whose part in any page may differ between
    the build ``before`` and the build ``after``: added or removed, or with another node,
    other links or link order, other anchors or body, another record, other neighbours in
    the issuer's series, or another URL of the original."""
    old, new = before.context.graph, after.context.graph
    changed = set(old.nodes.keys() ^ new.nodes.keys())
    for doc_id, node in new.nodes.items():
        if doc_id in changed:
            continue
        if (old.nodes[doc_id] != node
                or old.links_as_stored(doc_id) != new.links_as_stored(doc_id)
                or old.anchors.get(doc_id) != new.anchors.get(doc_id)
                or old.bodies.get(doc_id) != new.bodies.get(doc_id)):
            changed.add(doc_id)
    for doc_id in before.documents.keys() | after.documents.keys():
        if doc_id in changed:
            continue
        was, now = before.documents.get(doc_id), after.documents.get(doc_id)
        if (was is None or now is None
                or (was is not now and (was.rel_path, was.meta, was.body) != (now.rel_path, now.meta, now.body))
                or _neighbour_ids(before, doc_id) != _neighbour_ids(after, doc_id)
                or before.context.original_urls.get(doc_id) != after.context.original_urls.get(doc_id)):
            changed.add(doc_id)
    return changed


def _neighbour_ids(pages: ArchivePages, doc_id: str) -> tuple[str | None, ...]:
    return tuple(record.id if record is not None else None
                 for record in pages.context.neighbours.get(doc_id, (None, None)))


def unchanged_pages(prior: Mapping[str, Written], changed: set[str],
                    current: Mapping[str, frozenset[str]] | None = None) -> set[str]:
    """Sources of the previous build's pages whose documents are all unchanged (a page that
    recorded none is never among them). ``current`` has the dependencies of this build's
    pages where they cost nothing to know (listings): such a page is unchanged only if it is
    made from the same documents as before."""
    now = current or {}
    return {source for source, written in prior.items()
            if written.depends and written.depends.isdisjoint(changed)
            and now.get(source, written.depends) == written.depends}
