"""One normaliser for Vietnamese text, shared by ingest, citation matching and search.

Why one module: if ingest, the citation resolver and the search index each normalised
text their own way, "Tỉnh uỷ" could match in one place and not in another. Every
comparison of Vietnamese text in the project goes through these functions.

- ``nfc``: canonical composition (macOS and some keyboards produce NFD).
- ``canonical_tones``: old and new tone placement made equal ("hoà" -> "hòa",
  "uỷ" -> "ủy"); the text shown to readers is never changed, only compared.
- ``fold``: lower case, no diacritics, "đ" -> "d": what a reader types without accents.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
# Open-syllable vowel pairs whose tone mark is placed differently by old and new style.
_PAIRS = ("oa", "oe", "uy")


@lru_cache(maxsize=1)
def _tone_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """Map every "mark on the second vowel" spelling to "mark on the first vowel".

    Built lazily (not at import) so importing the package stays cheap.
    """
    mapping: dict[str, str] = {}
    for first, second in _PAIRS:
        for mark in _TONE_MARKS:
            for f, s in ((first, second), (first.upper(), second.upper()), (first.upper(), second)):
                moved = unicodedata.normalize("NFC", f + s + mark)
                kept = unicodedata.normalize("NFC", f + mark + s)
                mapping[moved] = kept
    alternatives = "|".join(sorted(map(re.escape, mapping), key=len, reverse=True))
    # Only at the end of a syllable ("hoàn" is the same in both styles) and not after
    # "q", where "u" belongs to the consonant ("quý").
    pattern = re.compile(rf"(?<![qQ])({alternatives})(?![^\W\d_])")
    return pattern, mapping


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC."""
    return unicodedata.normalize("NFC", text)


def canonical_tones(text: str) -> str:
    """Return NFC ``text`` with tone marks placed in one canonical (old) style."""
    pattern, mapping = _tone_pattern()
    return pattern.sub(lambda m: mapping[m.group(1)], nfc(text))


class _WithoutMarks(dict):  # type: ignore[type-arg]
    """A ``str.translate`` table that drops combining marks and maps đ/Đ to d/D, filled in as
    characters are met: translate runs in C, where the Python loop it replaces visited each
    character of every folded string (15-20% of folding; the NFD normalisation is the rest)."""

    def __missing__(self, code: int) -> int | str | None:
        char = chr(code)
        value: int | str | None = code
        if unicodedata.combining(char):
            value = None
        elif char in "đĐ":
            value = "d" if char == "đ" else "D"
        self[code] = value
        return value


_WITHOUT_MARKS = _WithoutMarks()


def strip_diacritics(text: str) -> str:
    """Remove every combining mark and map đ/Đ to d/D (which has no decomposition)."""
    return unicodedata.normalize("NFD", text).translate(_WITHOUT_MARKS)


def fold(text: str) -> str:
    """Return the search key of ``text``: lower case, no diacritics, đ -> d, spaces collapsed."""
    return " ".join(strip_diacritics(text).lower().split())


def match_key(text: str) -> str:
    """Return a key for comparing names with diacritics kept (tone placement ignored).

    Used where "Tỉnh uỷ" and "Tỉnh ủy" must be equal but "ma" and "má" must not.
    """
    return " ".join(canonical_tones(text).lower().split())


def slugify(text: str) -> str:
    """Return an ASCII URL slug: "Tỉnh ủy Bắc Giang" -> "tinh-uy-bac-giang"."""
    folded = fold(text)
    folded = folded.replace("&", "-")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
