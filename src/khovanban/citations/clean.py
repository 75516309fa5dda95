"""Stage 0: a plain-text view of a page body, with a map back to the Markdown.

Why: page bodies are escaped Markdown (``markdown.escape_text``: "1\\.", "TG&amp;NC", "\\[") and
keep the converters' emphasis ("(*gọi tắt là Kết luận số 54-KL/TW*)"). The finder must read the
words, not the escapes, but the annotator must splice links into the Markdown itself. So the
finder reads ``CleanText.text`` and every span it reports is mapped back with ``source_span``:
offsets are computed once, on the text that is really spliced into (as in eyecite).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

# Backslash escapes written by markdown.escape_text, HTML entities, and emphasis markers.
_TOKEN = re.compile(r"\\([\\`_\[\]{}!|*#+\-.()<>])|&(amp|lt|gt|quot|#39);|\*+")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "#39": "'"}


@dataclass(frozen=True)
class _Segment:
    clean_start: int
    source_start: int
    clean_length: int
    source_length: int

    @property
    def verbatim(self) -> bool:
        return self.clean_length == self.source_length


@dataclass(frozen=True)
class CleanText:
    """``text`` is what readers see; ``source_span`` maps a span of it back into ``source``.

    The map is kept as segments (verbatim runs and replaced tokens), so building it costs one
    regex pass and a lookup costs a binary search, whatever the size of the page.
    """

    source: str
    text: str
    segments: tuple[_Segment, ...] = field(repr=False)
    _keys: tuple[int, ...] = field(repr=False)

    def _segment(self, index: int) -> _Segment:
        return self.segments[bisect_right(self._keys, index) - 1]

    def source_offset(self, index: int) -> int:
        """Where the character ``text[index]`` starts in ``source``."""
        if index >= len(self.text):
            return len(self.source)
        segment = self._segment(index)
        if segment.verbatim:
            return segment.source_start + index - segment.clean_start
        return segment.source_start

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``source`` that shows ``text[start:end]`` (``end`` > ``start``)."""
        last = self._segment(end - 1)
        if last.verbatim:
            stop = last.source_start + end - last.clean_start
        else:
            stop = last.source_start + last.source_length
        return self.source_offset(start), stop


def clean_text(source: str) -> CleanText:
    """Unescape Markdown and drop emphasis markers, keeping the map back to ``source``.

    Raw (unescaped) text passes through unchanged apart from its "*" markers, so the same
    function serves page bodies and plain originals.
    """
    parts: list[str] = []
    segments: list[_Segment] = []
    clean_pos = 0
    position = 0
    for match in _TOKEN.finditer(source):
        if match.start() > position:
            run = source[position : match.start()]
            parts.append(run)
            segments.append(_Segment(clean_pos, position, len(run), len(run)))
            clean_pos += len(run)
        escaped, entity = match.group(1), match.group(2)
        if escaped is not None or entity is not None:
            parts.append(escaped if escaped is not None else _ENTITIES[entity])
            segments.append(_Segment(clean_pos, match.start(), 1, match.end() - match.start()))
            clean_pos += 1
        position = match.end()
    if position < len(source) or not segments:
        run = source[position:]
        parts.append(run)
        segments.append(_Segment(clean_pos, position, len(run), len(run)))
    # Removed emphasis leaves no segment: a lookup falls in the segment before it, which ends
    # before the marker, so spans never swallow a "*".
    keys = tuple(s.clean_start for s in segments)
    return CleanText(source, "".join(parts), tuple(segments), keys)
