"""Full-text search of the archive (Pagefind), free of MkDocs.

- ``entry``: what the index knows about a document (filters, metadata, sort keys);
- ``terms``: the extra words that make Vietnamese queries match (folded "đ", canonical
  tones, number keys), derived with ``khovanban.vntext`` so index and query agree;
- ``markup``: the HTML attributes and hidden block Pagefind reads on a document page;
- ``index``: the index build with Pagefind's command line, one run per part;
- ``parts``: which document pages go into which part of the index;
- ``synthetic``: a synthetic archive for the search benchmark.
"""

from .entry import SearchEntry
from .index import IndexStats, build_index
from .markup import SEARCH_ONLY_MARK, document_page_html, printed_number, search_only_block
from .terms import cited_number_keys, number_key, own_number_forms, variant_words

__all__ = [
    "SEARCH_ONLY_MARK",
    "IndexStats",
    "SearchEntry",
    "build_index",
    "cited_number_keys",
    "document_page_html",
    "number_key",
    "own_number_forms",
    "printed_number",
    "search_only_block",
    "variant_words",
]
