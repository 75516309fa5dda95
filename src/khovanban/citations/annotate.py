"""Stage 5: splice Markdown links into a page body, by span.

The spans come from the finder (mapped back to the Markdown by ``clean.CleanText``), so the text
is never searched again: a number printed twice is linked twice, at the right places. Only the
citation's own words become link text; they are already escaped Markdown, and a span that holds
markup (emphasis, brackets, a line break) is left as it is rather than risk changing what the
page shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

_UNSAFE = ("[", "]", "*", "`", "\n", "<", ">")


@dataclass(frozen=True)
class LinkSpan:
    """Make ``text[start:end]`` a link to ``href`` (a relative URL built by the caller)."""

    start: int
    end: int
    href: str
    title: str | None = None
    css: str = "vb-cite"  # CSS classes, space-separated


def can_link(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is plain words that can become link text unchanged."""
    span = text[start:end]
    return 0 <= start < end <= len(text) and bool(span.strip()) and not any(c in span for c in _UNSAFE)


def annotate(text: str, links: Iterable[LinkSpan]) -> tuple[str, list[LinkSpan]]:
    """Return ``text`` with each span made a link, and the spans that were left alone.

    Spans must not overlap; an overlapping or unsafe span is skipped and reported.
    """
    parts: list[str] = []
    skipped: list[LinkSpan] = []
    position = 0
    for link in sorted(links, key=lambda item: item.start):
        if link.start < position or not can_link(text, link.start, link.end):
            skipped.append(link)
            continue
        parts.append(text[position : link.start])
        title = f' "{link.title}"' if link.title and '"' not in link.title else ""
        classes = " ".join(f".{name}" for name in link.css.split())
        parts.append(f"[{text[link.start : link.end]}]({link.href}{title}){{: {classes} }}")
        position = link.end
    parts.append(text[position:])
    return "".join(parts), skipped
