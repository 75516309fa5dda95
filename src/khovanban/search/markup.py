"""The HTML that tells Pagefind what to index on a document page.

A document page's content is wrapped in ``data-pagefind-body`` (so only document pages are
indexed and every result is a document) and followed by a hidden block that readers never
see: metadata, filters and sort keys (captured but not indexed), then weighted text that
only the index reads (number writings, weighted title, issuer and signer, folded "đ" words,
keys of cited numbers). The block opens with ``SEARCH_ONLY_MARK`` so the browser can cut it
off the page text before it builds an excerpt.

Every value is escaped: it comes from originals and hand edits.
"""

from __future__ import annotations

import re
from html import escape, unescape

from ..numbers import find_numbers
from .entry import SearchEntry
from .terms import cited_number_keys, own_number_forms, variant_words

BODY_CLASS = "kv-search-body"  # the element that holds all an index reads of a page
SEARCH_ONLY_MARK = "⁂"  # U+2042 ASTERISM: not a word, kept by Pagefind in the page text
WEIGHT_NUMBER = 10.0  # Pagefind's maximum: the document's own number beats every mention
WEIGHT_TITLE = 7.0  # what Pagefind gives an <h1>; the title sits outside the indexed body
WEIGHT_ISSUER = 5.0
WEIGHT_SIGNER = 5.0
WEIGHT_CITED = 0.5  # a number the page only mentions: found, but ranked low


_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def html_text(html: str) -> str:
    """The text of rendered page content, for deriving index-only words.

    A regex, not an HTML parser: the input is our own rendered Markdown, and this runs on
    every page of the build (a parser cost ~2 ms a page).
    """
    return unescape(_TAG.sub(" ", _SCRIPT_OR_STYLE.sub(" ", html)))


def _weighted(text: str, weight: float) -> str:
    if not text.strip():
        return ""
    return f'<p data-pagefind-weight="{weight:g}">{escape(text)}</p>'


def _without_numbers(text: str) -> str:
    """``text`` minus its document numbers: a title that cites "Kết luận số 54-KL/TW" must not
    outrank 54-KL/TW itself, so numbers in titles keep the body's weight only."""
    spans = find_numbers(text)
    for start, end, _ in reversed(spans):
        text = text[:start] + text[end:]
    return " ".join(text.split())


def search_only_block(entry: SearchEntry, page_text: str) -> str:
    """The hidden block for one document: what Pagefind captures and indexes beyond the page."""
    captured = [f'<span data-pagefind-meta="{escape(k)}">{escape(v)}</span>' for k, v in entry.meta().items()]
    captured += [f'<span data-pagefind-filter="{escape(k)}">{escape(v)}</span>' for k, v in entry.filters().items()]
    captured += [f'<span data-pagefind-sort="{escape(k)}:{escape(v)}"></span>' for k, v in entry.sort().items()]
    own = own_number_forms(entry.number or entry.number_printed)
    cited = [key for key in cited_number_keys(page_text) if key not in own]
    indexed = [
        f"<p>{SEARCH_ONLY_MARK}</p>",
        _weighted(" ".join(own), WEIGHT_NUMBER),
        # Weighted copies for ranking only: unaccented and "đ" forms come from variant_words,
        # and phrases are checked in the browser, so no folded copy (it doubled these words).
        _weighted(_without_numbers(entry.title), WEIGHT_TITLE),
        _weighted(entry.issuer, WEIGHT_ISSUER),
        _weighted(entry.signer, WEIGHT_SIGNER),
        _weighted(" ".join(variant_words(page_text)), 1.0),
        _weighted(" ".join(cited), WEIGHT_CITED),
    ]
    return (
        '<div class="kv-search-only" hidden aria-hidden="true">'
        f'<div data-pagefind-ignore>{"".join(captured)}</div>'
        f'{"".join(part for part in indexed if part)}</div>'
    )


_CARD_NUMBER = re.compile(r'<span class="vb-number">([^<]*)</span>')


def printed_number(content_html: str) -> str:
    """The number shown in a page's metadata card ("" when none): both card renderers mark it."""
    match = _CARD_NUMBER.search(content_html)
    return unescape(match.group(1)).strip() if match else ""


# The card's "Bản gốc" row: file name, size and SHA-256, one unique word per page that no
# reader searches for; left out of the index to keep it small.
_SOURCE_ROW = '<tr><th scope="row">Bản gốc</th>'


def document_page_html(content_html: str, entry: SearchEntry, own_html: str | None = None) -> str:
    """Wrap a document page's rendered content for the index (the page looks the same).

    ``own_html`` is the part of the content that is the document's own (by default all of
    it): index-only words are derived from it, not from lists of other documents.
    """
    block = search_only_block(entry, f"{entry.title}\n{html_text(content_html if own_html is None else own_html)}")
    content_html = content_html.replace(_SOURCE_ROW, '<tr data-pagefind-ignore><th scope="row">Bản gốc</th>', 1)
    return f'<div class="{BODY_CLASS}" data-pagefind-body>\n{content_html}\n{block}\n</div>'
