"""Extra index terms that make Pagefind read Vietnamese the way people type it.

Pagefind already ignores combining marks ("ket luan" finds "Kết luận"), but it keeps "đ"
(which has no decomposition) and treats old and new tone placement as different words
when it ranks. So each document page carries, in a block only the index sees:

- the "đ" words of its text folded to ASCII ("đảng" -> "dang"), so "dang doan" matches;
- every word whose tone mark sits on an "oa", "oe" or "uy" pair, in the other placement
  too ("uỷ" -> "ủy", "ủy" -> "uỷ"). Pagefind finds both spellings either way but ranks the
  spelling typed higher; with both in every page, a page's rank no longer depends on
  which style its author used. (Adding only the canonical form would count old-style
  words twice and rank old-style pages higher.) The browser also canonicalises the query;
- number keys: a number with every separator dropped and folded ("2234-CV/TU" ->
  "2234cvtu"). Readers write a number many ways ("2234/CV-TU", "2234 CV TU"); all of
  them reduce to the same key, here and in the browser (``docs/assets/search.js``).

All folding goes through ``khovanban.vntext`` so the index and the query agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

from ..numbers import DocumentNumber, find_numbers, parse_number
from ..vntext import canonical_tones, fold, nfc

_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"
_PAIRS = (("o", "a"), ("o", "e"), ("u", "y"))
_ETH = str.maketrans("ðÐ", "đĐ")
_NOT_KEY = re.compile(r"[^a-z0-9]")


def number_key(text: str) -> str:
    """The separator-free key of a number as written: "2234 / CV-TU" -> "2234cvtu".

    Dropping separators makes every common writing of one number the same key, typos
    included ("2234-CVTU"). The browser computes the same key from the query.
    """
    return _NOT_KEY.sub("", fold(text))


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        if value and value not in seen:
            seen[value] = None
    return list(seen)


def number_keys(number: DocumentNumber) -> list[str]:
    """Keys of a parsed number: the full key and, when it has drafting units, the key without.

    "299/CĐCT-TGNC" is often cited as "299/CĐCT"; both keys find it.
    """
    keys = [number_key(number.canonical), number_key(number.raw)]
    if number.unit_codes and number.number:
        issuers = "-".join(number.issuer_codes)
        bare = f"{number.number}/{number.type_code + '-' if number.type_code else ''}{issuers}"
        keys.append(number_key(bare))
    return _unique(keys)


def own_number_forms(printed: str | None) -> list[str]:
    """Every common writing of a document's own number, for a heavily weighted block.

    "2234-CV/TU" -> "2234-CV/TU", "2234/CV-TU", "2234 CV TU", "2234cvtu", folded copies
    and the bare number "2234" (readers search by the number alone).
    """
    if not printed:
        return []
    parsed = parse_number(printed)
    if parsed is None or not parsed.number:
        key = number_key(printed)
        return _unique([nfc(printed), key]) if any(ch.isdigit() for ch in key) else []
    parts = [p for p in re.split(r"[-/]", parsed.symbol) if p]
    forms = [parsed.canonical, nfc(printed), " ".join([parsed.number, *parts])]
    if parsed.year is None:  # the other style's separators: "2234/CV-TU" <-> "2234-CV/TU"
        head, rest = parts[0], "-".join(parts[1:])
        if parsed.style == "party":
            forms.append(f"{parsed.number}/{'-'.join(parts)}")
        else:
            forms.append(f"{parsed.number}-{head}/{rest}" if rest else f"{parsed.number}-{head}")
    # Folded copies only where folding changes a letter ("57/LĐLĐ" -> "57/ldld").
    forms += [fold(form) for form in forms if fold(form) != form.lower()]
    forms += number_keys(parsed)
    forms.append(parsed.number)
    return _unique(forms)


def cited_number_keys(text: str) -> list[str]:
    """Keys of every number mentioned in ``text`` (once each), so a number query finds citers."""
    keys: list[str] = []
    for _, _, span in find_numbers(nfc(text)):
        keys.extend(_span_keys(span))
    return _unique(keys)


@lru_cache(maxsize=65536)
def _span_keys(span: str) -> tuple[str, ...]:
    """Keys of one number as printed (cached: the same numbers are cited again and again)."""
    parsed = parse_number(span)
    return tuple(number_keys(parsed)) if parsed is not None and parsed.number else (number_key(span),)


@lru_cache(maxsize=1)
def _new_style() -> dict[str, str]:
    """Word-final "mark on the first vowel" spellings -> "mark on the second" ("òa" -> "oà")."""
    mapping: dict[str, str] = {}
    for first, second in _PAIRS:
        for mark in _TONE_MARKS:
            for f, s in ((first, second), (first.upper(), second.upper()), (first.upper(), second)):
                mapping[unicodedata.normalize("NFC", f + mark + s)] = unicodedata.normalize("NFC", f + s + mark)
    return mapping


def other_tone_placement(word: str) -> str | None:
    """The same word with its tone mark in the other accepted place, or ``None``.

    "uỷ" -> "ủy" (what ``canonical_tones`` does) and "ủy" -> "uỷ" (its inverse, checked
    by a round trip through ``canonical_tones`` so the two never disagree).
    """
    canonical = canonical_tones(word)
    if canonical != word:
        return canonical
    tail, head = word[-2:], word[:-2]
    moved = _new_style().get(tail)
    if moved is None or head[-1:] in ("q", "Q"):
        return None
    candidate = head + moved
    return candidate if canonical_tones(candidate) == word else None


def _variant(word: str) -> str | None:
    """The index-only form of one word, if it needs one."""
    if any(ch in word for ch in "đĐðÐ"):
        # Legacy font converters write "đ" as the Icelandic eth ("Ðảng"): fold it the same way.
        return fold(word.translate(_ETH))
    return other_tone_placement(word)


@lru_cache(maxsize=1)
def _candidate_words() -> re.Pattern[str]:
    """Whole words (runs of letters and digits) that may have a variant: those holding a "đ"
    (or the eth legacy fonts write for it), or a tone-marked "o"/"u" pair with "a", "e" or "y"
    in either placement ("òa"/"oà", "ủy"/"uỷ"). ``_variant`` is None for every other word, and
    most words are other words: the regex passes over them in C (a loop over every word in
    Python was a sixth of writing a page). The look-behind makes a match start only where a
    word does, so a word is tried once, not from each of its letters.
    """
    toned_first, toned_second = set(), set()
    for a, b in _PAIRS:
        for mark in _TONE_MARKS:
            for f, s in ((a, b), (a.upper(), b.upper())):
                toned_first.add(unicodedata.normalize("NFC", f + mark))
                toned_second.add(unicodedata.normalize("NFC", s + mark))
    plain_first = "".join(sorted({c for a, _ in _PAIRS for c in (a, a.upper())}))
    plain_second = "".join(sorted({c for _, b in _PAIRS for c in (b, b.upper())}))
    pair = f"[{''.join(sorted(toned_first))}][{plain_second}]|[{plain_first}][{''.join(sorted(toned_second))}]"
    return re.compile(rf"(?<![^\W_])[^\W_]*?(?:[đĐðÐ]|{pair})[^\W_]*")


def variant_words(text: str) -> Iterator[str]:
    """Folded "đ" words and other-tone-placement words of ``text``, one per occurrence.

    One per occurrence (not per distinct word) keeps term frequencies, and so ranking,
    the same whether a reader types "đảng" or "dang", "uỷ" or "ủy".
    """
    # A plain dict of the words seen (a vocabulary is small) costs a third of an lru_cache call.
    known = _variants
    for word in _candidate_words().findall(nfc(text)):
        variant = known.get(word, _UNSEEN)
        if variant is _UNSEEN:
            if len(known) >= _VARIANTS_LIMIT:
                known.clear()
            variant = known[word] = _variant(word)
        if variant is not None:
            yield variant


_UNSEEN = "\0"  # no word holds a NUL: marks a word not looked at yet
_VARIANTS_LIMIT = 200_000
_variants: dict[str, str | None] = {}
