"""Document bodies to HTML: a fast path for what ingest writes, Python-Markdown for the rest.

Converting 10,000 bodies with Python-Markdown was the largest cost of a build (about 40%).
Yet ingest writes a tiny, fixed subset of Markdown (``markdown.blocks_to_markdown``): one
paragraph per block with its text escaped, an attribute line for numbered items, ``<div
markdown>`` wrappers around the closing, and citation links spliced in by
``citations.annotate``. This module renders exactly that subset directly, and gives every
block it does not recognise, or a whole body it does not recognise (a hand edit that adds a
list or a heading), to Python-Markdown with the site's own extensions. The output is the
same HTML either way, to the byte; ``tests/test_htmlbody.py`` compares the two paths over
the seeds, the real corpus, a synthetic corpus and generated hostile text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import markdown

_DIV_OPEN = re.compile(r'<div class="([\w -]+)" markdown>')
_ATTR_LINE = re.compile(r"\{:\s*((?:[#.][\w-]+\s+)*[#.][\w-]+)\s*\}")
_ESCAPE = re.compile(r"\\(.)")
# Text that Python-Markdown passes through unchanged but for its backslash escapes: no inline
# markup, no raw HTML, no entity but the three ingest writes, no control characters.
_PLAIN = re.compile(r"(?:[^\\*_\[\]<>`!&{}|\t\x00-\x08\x0b-\x1f\x7f\n]|\\[^\n>\t]|&(?:amp|lt|gt);|!(?!\[))*")
# A link exactly as ``citations.annotate`` writes it: [text](href "title"){: .class … }
_LINK = re.compile(r'\[([^\[\]\n]+)\]\(([\w./#-]+)(?: "([^"\\\n*_`\[\]<>]*)")?\)\{: ((?:\.[\w-]+ )+)\}')
_LINE_START = re.compile(r"[ \t\n]|\d+[.)]|[#>+*=-]")


@dataclass
class RenderStats:
    """How many bodies took each path (printed by the build benchmark)."""

    fast: int = 0
    paragraphs_by_markdown: int = 0
    whole_by_markdown: int = 0


@dataclass
class RenderedBody:
    html: str
    toc: list[dict[str, Any]] = field(default_factory=list)  # Python-Markdown's toc_tokens


class BodyRenderer:
    """Renders page bodies with one reusable Python-Markdown instance for the slow path.

    ``extensions`` and ``configs`` are the site's (MkDocs' ``markdown_extensions`` and
    ``mdx_configs``), so the slow path is the site's own conversion.
    """

    def __init__(self, extensions: Iterable[Any], configs: Mapping[str, Any] | None = None) -> None:
        self._extensions = list(extensions)
        self._configs = dict(configs or {})
        self._md: markdown.Markdown | None = None
        self.stats = RenderStats()

    def _markdown(self) -> markdown.Markdown:
        if self._md is None:
            self._md = markdown.Markdown(extensions=self._extensions, extension_configs=self._configs)
        self._md.reset()
        return self._md

    def by_markdown(self, text: str) -> RenderedBody:
        """Python-Markdown's conversion of ``text`` (the reference the fast path must equal)."""
        md = self._markdown()
        html = md.convert(text)
        return RenderedBody(html, list(getattr(md, "toc_tokens", [])))

    def render(self, text: str) -> RenderedBody:
        parts: list[str] = []
        depth = 0
        for block in text.strip("\n").split("\n\n"):
            if not block:
                continue
            opening = _DIV_OPEN.fullmatch(block)
            if opening:
                parts.append(f'<div class="{opening.group(1)}">')
                depth += 1
                continue
            if block == "</div>" and depth and not parts[-1].startswith("<div"):
                parts.append("</div>")
                depth -= 1
                continue
            paragraph = self._paragraph(block)
            if paragraph is None:
                self.stats.whole_by_markdown += 1
                return self.by_markdown(text)
            parts.append(paragraph)
        if depth:
            self.stats.whole_by_markdown += 1
            return self.by_markdown(text)
        self.stats.fast += 1
        return RenderedBody("\n".join(parts))

    def _paragraph(self, block: str) -> str | None:
        """One paragraph block as HTML, or None when it is not a paragraph."""
        if _LINE_START.match(block) or block.startswith("<"):
            return None
        text, attributes = block, ""
        if "\n" in block:
            text, _, last = block.rpartition("\n")
            attribute_line = _ATTR_LINE.fullmatch(last)
            if attribute_line is None or "\n" in text or not text:
                return None
            attributes = _attributes(attribute_line.group(1))
        inline = _inline(text, self._escapable())
        if inline is None:
            # Emphasis a converter left, or anything else: that paragraph alone by Python-Markdown.
            self.stats.paragraphs_by_markdown += 1
            html = self.by_markdown(block).html
            if "\x02" in html or "\x03" in html:
                # Python-Markdown left one of its placeholders in (emphasis around an escaped
                # character: "a*a**a*\\[**"); its number counts the escapes of the whole body,
                # so only the whole body gives the same text.
                return None
            return html if html.startswith("<p") and html.count("<p") == 1 else None
        return f"<p{attributes}>{inline}</p>"

    def _escapable(self) -> frozenset[str]:
        escapable = getattr(self, "_escaped_chars", None)
        if escapable is None:
            escapable = self._escaped_chars = frozenset(self._markdown().ESCAPED_CHARS) - {">"}
        return escapable


def _attributes(spec: str) -> str:
    """``#muc-1 .vb-item`` as Python-Markdown writes it: attributes sorted by name."""
    ids = [part[1:] for part in spec.split() if part.startswith("#")]
    classes = [part[1:] for part in spec.split() if part.startswith(".")]
    attributes = {}
    if classes:
        attributes["class"] = " ".join(classes)
    if ids:
        attributes["id"] = ids[-1]
    return "".join(f' {name}="{_attribute(value)}"' for name, value in sorted(attributes.items()))


def _attribute(value: str) -> str:
    """An attribute value escaped as Python-Markdown's serializer escapes it."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _plain(text: str, escapable: frozenset[str]) -> str | None:
    if not _PLAIN.fullmatch(text):
        return None
    if "\\" not in text:
        return text
    unescaped = []
    position = 0
    for match in _ESCAPE.finditer(text):
        if match.group(1) not in escapable:
            if match.group(1) == "\\":
                return None
            continue
        unescaped.append(text[position : match.start()])
        unescaped.append(match.group(1))
        position = match.end()
    unescaped.append(text[position:])
    return "".join(unescaped)


def _inline(text: str, escapable: frozenset[str]) -> str | None:
    """Plain text and citation links as HTML, or None for anything else."""
    if text != text.strip():
        return None
    if "[" not in text:
        return _plain(text, escapable)
    parts = []
    position = 0
    for link in _LINK.finditer(text):
        before = _plain(text[position : link.start()], escapable) if link.start() > position else ""
        label = _plain(link.group(1), escapable)
        if before is None or label is None:
            return None
        classes = " ".join(name[1:] for name in link.group(4).split())
        title = f' title="{_attribute(link.group(3))}"' if link.group(3) else ""
        parts.append(f'{before}<a class="{classes}" href="{_attribute(link.group(2))}"{title}>{label}</a>')
        position = link.end()
    rest = _plain(text[position:], escapable) if position < len(text) else ""
    if rest is None or position == 0:
        return None
    parts.append(rest)
    return "".join(parts)
