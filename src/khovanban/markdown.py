"""Write body blocks as Markdown that shows the original's text as text.

Source texts may contain anything: "<script>", "[a](b)", "{: onclick=…}", "# ", "1." at a
line start. Everything that Markdown or HTML would interpret is escaped, so the page shows
the words and runs nothing. Only "*" emphasis that converters left in the text (Word ->
text) passes through, as emphasis; it can carry no markup.
"""

from __future__ import annotations

import re

from .body import Block

_ESCAPE_CHARS = re.compile(r"([\\`_\[\]{}!|])")


def escape_text(text: str) -> str:
    """Escape ``text`` for a Markdown paragraph: HTML entities and Markdown punctuation."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _ESCAPE_CHARS.sub(r"\\\1", text)
    # Line-start constructs: headings, lists, block quotes, code indentation.
    text = re.sub(r"^(\s*)([#+\-*])(?=\s|$)", r"\1\\\2", text)
    text = re.sub(r"^(\s*\d+)([.)])", r"\1\\\2", text)
    if text.count("**") % 2 or text.replace("**", "").count("*") % 2:
        # Unbalanced emphasis left by a converter: show no emphasis at all, as text.
        text = text.replace("*", "\\*")
    return text.strip()


def blocks_to_markdown(blocks: list[Block]) -> str:
    """One paragraph per block; numbered items get their anchor and class via attr_list."""
    parts: list[str] = []
    for block in blocks:
        text = escape_text(block.text)
        if block.anchor:
            parts.append(f"{text}\n{{: #{block.anchor} .vb-item }}")
        else:
            parts.append(text)
    return "\n\n".join(parts)


_WRAPPING_MARKUP = re.compile(r"^\*+\s*|\s*\*+$")
_AUTHORITY_LINE = re.compile(r"^\**\s*(?:TM\.|T/M|T\.M\.|KT\.|K/T|TL\.|T/L|TUQ\.|Q\.)", re.IGNORECASE)


def page_body(blocks: list[Block], closing: list[Block], annexes: list[Block] | None = None) -> str:
    """The whole Markdown body of a document page: text, the closing block, then any annexes
    (appendices and forms that follow the signature).

    The closing is split where the signature starts, so print can set the distribution
    list on the left and the signature on the right, as official texts are laid out.
    """
    body = blocks_to_markdown(blocks)
    if closing:
        # Bold markers a converter wrapped around signature lines ("**TM. BAN THƯỜNG VỤ" …
        # "CHỦ TỊCH**") are layout, not wording; the closing is styled by the page instead.
        closing = [Block(_WRAPPING_MARKUP.sub("", b.text), b.line, b.marker, b.anchor) for b in closing]
        split = next((i for i, b in enumerate(closing) if _AUTHORITY_LINE.match(b.text)), len(closing))
        receivers, signature = closing[:split], closing[split:]
        body += '\n\n<div class="vb-closing" markdown>\n\n'
        if receivers:
            body += '<div class="vb-receivers" markdown>\n\n' + blocks_to_markdown(receivers) + "\n\n</div>\n\n"
        if signature:
            body += '<div class="vb-signature" markdown>\n\n' + blocks_to_markdown(signature) + "\n\n</div>\n\n"
        body += "</div>"
    if annexes:
        body += "\n\n" + blocks_to_markdown(annexes)
    return body + "\n"
