"""The citation graph: every reference found, resolved to one document, linked and back-linked.

Stages, one module each (as in eyecite): ``clean`` (Markdown → plain text with a map back) →
``find`` (typed ``Citation`` objects with spans) → ``relations`` (implements / cites, and what
the text states about third documents) → ``resolve`` (one canonical identity per document across
the archive) → ``graph`` (nodes, edges, backlinks as views) → ``annotate`` (links spliced by
span). ``sections`` and ``export`` turn the graph into Markdown and JSON. No MkDocs in here: the
hook ``hooks/citations.py`` only translates build events into these calls.
"""

from .annotate import LinkSpan, annotate
from .clean import CleanText, clean_text
from .find import Citation, CitedDate, IssuerPhrase, ShortFormDefinition, find_citations, find_definitions
from .graph import (
    Anchor,
    CitationGraph,
    Edge,
    Link,
    Node,
    PageSource,
    TreeNode,
    Unresolved,
    build_citation_graph,
    page_sources,
)
from .relations import AMENDS, CITES, IMPLEMENTS, REPLACES, StatedRelation, TextRelations, relate_citations
from .resolve import IssuerIdentity, number_key, resolve_issuer

__all__ = [
    "AMENDS",
    "CITES",
    "IMPLEMENTS",
    "REPLACES",
    "Anchor",
    "Citation",
    "CitationGraph",
    "CitedDate",
    "CleanText",
    "Edge",
    "IssuerIdentity",
    "IssuerPhrase",
    "Link",
    "LinkSpan",
    "Node",
    "PageSource",
    "ShortFormDefinition",
    "StatedRelation",
    "TextRelations",
    "TreeNode",
    "Unresolved",
    "annotate",
    "build_citation_graph",
    "clean_text",
    "find_citations",
    "find_definitions",
    "number_key",
    "page_sources",
    "relate_citations",
    "resolve_issuer",
]
