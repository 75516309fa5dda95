"""Text typed in the legacy 8-bit font encodings TCVN3 (ABC) and VNI, turned into Unicode.

Before Unicode, Vietnamese was typed with fonts that drew Vietnamese letters on the byte
values of Latin-1: ".VnTime" (TCVN3, one byte per letter) and "VNI-Times" (VNI, a base
letter followed by a mark byte). Read without those fonts the text is garbled: "Céng hßa
X· héi" (TCVN3), "Coäng hoøa xaõ hoäi" (VNI). The tables are data (``data/tcvn3.yaml``,
``data/vni.yaml``), keyed by byte value.

A garbled text reaches us in one of three views of the same bytes, all accepted:

- Windows-1252 characters: what Word and most editors show ("é" for 0xE9, "–" for 0x96);
- Latin-1 characters: raw bytes decoded as ``latin-1`` (0x96 is then U+0096);
- private-use U+F0xx: what Word gives for a font it treats as a symbol font.

Detection works line by line. A line that holds a letter no 8-bit view can produce (ơ, ư,
ă, đ, ộ, a combining mark, ...) is genuine Unicode and left alone. On the other lines, the
words a table would change are checked against the shape of a Vietnamese syllable before
and after conversion; the table is chosen when it turns at least ``MIN_GAIN`` more words
into syllables and at least ``MIN_VALID_SHARE`` of the words it touches end up syllables.
English has no bytes the tables touch; Unicode Vietnamese has letters beyond Latin-1 on
almost every line; text in a Western language with accents rarely converts into syllables.

The original is never changed: conversion returns new text and notes for the page.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from .vntext import nfc

ENCODING_FILES = ("tcvn3.yaml", "vni.yaml")

# Thresholds, measured on the 13 corpus documents encoded both ways (tests do the same):
# At least this many more words must read as Vietnamese syllables after conversion than
# before. Unicode text run through a table loses syllables ("có" -> "cú" at best), so its
# gain is below zero; three words is the motto's "Cộng hòa Xã hội" already, and fewer is
# too little evidence to rewrite a text.
MIN_GAIN = 3
# Of the words a table changes, at least this share must be syllables after conversion.
# The right table gives 98-100 % (abbreviations and names make the rest); the wrong one
# gives 7-39 % (TCVN3 read as VNI is the closer of the two).
MIN_VALID_SHARE = 0.6
# Detection reads at most this many characters of candidate lines per table, so a large file
# (or a binary one that slipped through) is judged in well under a second; the chosen table
# then converts the whole text.
SAMPLE_CHARS = 100_000

# Letters (and combining marks) that Vietnamese uses and that no 8-bit view can produce:
# a line holding one is Unicode text, not a legacy font.
_UNICODE_VIETNAMESE = re.compile("[ĂăĐđĨĩŨũƠơƯư\u0300-\u036f\u1ea0-\u1ef9]")


@dataclass(frozen=True)
class LegacyEncoding:
    """One legacy font encoding: byte tables, as loaded from ``data/<name>.yaml``."""

    name: str  # "tcvn3", "vni"; used as DecodedText.encoding
    label: str  # "TCVN3 (ABC)", shown in notes
    chars: Mapping[int, str]  # one byte -> letter
    sequences: Mapping[tuple[int, int], str]  # (base byte, mark byte) -> letter (VNI)
    capital_font: bool  # upper-case toned letters were typed in a capital font
    examples: tuple[tuple[str, str], ...]  # (garbled, unicode)


@dataclass(frozen=True)
class _Piece:
    """One character of converted output and what it says about letter case."""

    text: str
    case: str  # "upper", "lower", "caseless" (a capital-font letter: case unknown), "other"
    converted: bool = False
    source: str = ""  # the garbled characters it came from


def _byte_key(key: Any, where: str) -> int:
    if isinstance(key, int) and 0 <= key <= 0xFF:
        return key
    if isinstance(key, str) and len(key) == 1 and ord(key) < 0x80:
        return ord(key)
    raise ValueError(f"data/{where}: key {key!r} is neither a byte (0x00-0xFF) nor an ASCII letter")


def _load(file_name: str) -> LegacyEncoding:
    text = resources.files("khovanban").joinpath("data", file_name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    chars = {_byte_key(k, file_name): nfc(str(v)) for k, v in (data.get("chars") or {}).items()}
    sequences = {
        (_byte_key(base, file_name), _byte_key(mark, file_name)): nfc(str(letter))
        for base, marks in (data.get("sequences") or {}).items()
        for mark, letter in marks.items()
    }
    examples = tuple((str(e["garbled"]), nfc(str(e["unicode"]))) for e in data.get("examples") or ())
    return LegacyEncoding(
        name=str(data["name"]),
        label=str(data["label"]),
        chars=chars,
        sequences=sequences,
        capital_font=bool(data.get("capital_font", False)),
        examples=examples,
    )


@lru_cache(maxsize=1)
def legacy_encodings() -> tuple[LegacyEncoding, ...]:
    """The legacy encodings the archive recognises, loaded once per process."""
    return tuple(_load(name) for name in ENCODING_FILES)


def legacy_encoding(name: str) -> LegacyEncoding:
    """The legacy encoding called ``name`` ("tcvn3", "vni")."""
    for encoding in legacy_encodings():
        if encoding.name == name:
            return encoding
    raise KeyError(f"unknown legacy encoding {name!r}")


@lru_cache(maxsize=1)
def _cp1252_high() -> dict[str, int]:
    """Windows-1252 characters for bytes 0x80-0x9F ("€" -> 0x80); five bytes have none."""
    table = {}
    for byte in range(0x80, 0xA0):
        try:
            table[bytes([byte]).decode("cp1252")] = byte
        except UnicodeDecodeError:
            pass
    return table


def _byte_of(char: str) -> int | None:
    """The byte a character stands for in any of the three views, or None."""
    code = ord(char)
    if code <= 0xFF:
        return code
    if 0xF000 <= code <= 0xF0FF:
        return code - 0xF000
    return _cp1252_high().get(char)


def _swap_case(byte: int) -> int | None:
    swapped = chr(byte).swapcase()
    return ord(swapped) if len(swapped) == 1 and ord(swapped) <= 0xFF else None


def _is_left_over(char: str, byte: int | None) -> bool:
    """A byte above ASCII that the table does not know and that reads as a letter or control."""
    return byte is not None and byte >= 0x80 and unicodedata.category(char)[0] in "LC"


@dataclass(frozen=True)
class _Word:
    """One whitespace-free run of a line, converted, with what detection needs to know."""

    pieces: tuple[_Piece, ...]
    left_over: tuple[str, ...]  # characters above ASCII the table does not know
    touched: bool  # the table changes it
    valid_before: bool  # a syllable as it stands
    valid_after: bool  # a syllable after conversion
    symbols: int  # table characters that read as symbols ("§", "·"): garbling, not Latin-1 text
    case: str | None  # see _word_case


@lru_cache(maxsize=1 << 16)
def _word(word: str, name: str) -> _Word:
    """Convert one whitespace-free run with the table ``name`` (words repeat: cached)."""
    pieces, left_over = _pieces(word, legacy_encoding(name))
    touched = any(p.converted for p in pieces)
    before, after = _before_and_after(pieces) if touched else ("", "")
    return _Word(
        pieces=pieces,
        left_over=left_over,
        touched=touched,
        valid_before=touched and is_vietnamese_syllable(before),
        valid_after=touched and is_vietnamese_syllable(after),
        symbols=sum(p.converted and not p.source.isalpha() for p in pieces),
        case=_word_case(pieces),
    )


def _pieces(word: str, encoding: LegacyEncoding) -> tuple[tuple[_Piece, ...], tuple[str, ...]]:
    """Convert one whitespace-free run; returns the pieces and the characters left over."""
    pieces: list[_Piece] = []
    left_over: list[str] = []
    bytes_ = [_byte_of(ch) for ch in word]
    i = 0
    while i < len(word):
        byte = bytes_[i]
        after = bytes_[i + 1] if i + 1 < len(word) else None
        letter = None
        if byte is not None and after is not None and encoding.sequences:
            letter = encoding.sequences.get((byte, after))
            swapped = _swap_case(after)
            if letter is None and swapped is not None:  # "A" + lower-case mark: base decides the case
                letter = encoding.sequences.get((byte, swapped))
        if letter is not None:
            pieces.append(_Piece(letter, "upper" if letter.isupper() else "lower", True, word[i : i + 2]))
            i += 2
            continue
        char = word[i]
        if byte is not None and byte in encoding.chars:
            letter = encoding.chars[byte]
            if letter.isupper():
                case = "upper"
            elif letter.islower():
                case = "caseless" if encoding.capital_font else "lower"
            else:
                case = "other"
            pieces.append(_Piece(letter, case, True, char))
        elif byte is not None and byte < 0x80:
            ascii_char = chr(byte)  # a private-use view of ASCII becomes ASCII
            case = "upper" if ascii_char.isupper() else "lower" if ascii_char.islower() else "other"
            pieces.append(_Piece(ascii_char, case, ascii_char != char, char))
        else:
            if _is_left_over(char, byte):
                left_over.append(char)
            pieces.append(_Piece(char, "other", False, char))
        i += 1
    return tuple(pieces), tuple(left_over)


def _word_case(pieces: tuple[_Piece, ...] | list[_Piece]) -> str | None:
    """The word's case ("upper", "lower") when its own letters say so, else None.

    A capital-font word shows its case only through its other letters: "CéNG" is upper case
    (three capitals), "Céng" lower case; "X·" (one capital) says nothing by itself. A word
    without capital-font letters counts when it is a syllable of two letters or more
    ("NAM", "lao"), so abbreviations ("UBND") do not make their neighbours upper case.
    """
    upper = sum(p.case == "upper" for p in pieces)
    lower = sum(p.case == "lower" for p in pieces)
    if any(p.case == "caseless" for p in pieces):
        if lower:
            return "lower"
        return "upper" if upper >= 2 else None
    if upper + lower < 2 or not is_vietnamese_syllable(_before_and_after(pieces)[1]):
        return None
    return "lower" if lower else "upper"


# A list marker at the start of a line: "-", "+", "a)", "1.", "II.", "(3)".
_LIST_MARKER = re.compile(r"[-+•*–—]|\(?[0-9a-zđ]{1,3}[.)]|[IVXLC]+\.")


def _restore_capitals(words: list[list[_Piece]], cases: list[str | None], starts_sentence: bool) -> int:
    """Upper-case capital-font letters where the text was upper case; returns words changed.

    A word whose case its own letters do not settle ("X·" in "HßA X· HéI") follows the
    nearest settled words on both sides of it on the same line when they agree. A word that
    opens a sentence gets a capital first letter: at the start of a line (after a list
    marker, or when ``starts_sentence`` says the previous line ended a sentence) or after
    ".", "?" or "!". Capitals inside running text ("của Ủy ban") cannot be told apart and
    stay lower case.
    """
    left: list[str | None] = []  # nearest settled case before each word
    seen: str | None = None
    for case in cases:
        left.append(seen)
        seen = case if case is not None else seen
    right: list[str | None] = []  # and after it
    seen = None
    for case in reversed(cases):
        right.append(seen)
        seen = case if case is not None else seen
    right.reverse()
    changed = 0
    opens = starts_sentence
    only_markers = True  # every word so far on the line is a list marker
    for index, pieces in enumerate(words):
        text = _word_text(pieces)
        if not text:
            continue
        case = cases[index]
        caseless = any(p.case == "caseless" for p in pieces)
        if caseless and case is None:
            sides = {c for c in (left[index], right[index]) if c is not None}
            case = "upper" if sides == {"upper"} else None
        is_marker = only_markers and _LIST_MARKER.fullmatch(text) is not None
        if caseless and case == "upper":
            words[index] = [
                _Piece(p.text.upper(), "upper", True, p.source) if p.case == "caseless" else p for p in pieces
            ]
            changed += 1
        elif opens and not is_marker:
            first = next((i for i, p in enumerate(pieces) if p.case != "other"), None)
            if first is not None and pieces[first].case == "caseless":
                p = pieces[first]
                pieces[first] = _Piece(p.text.upper(), "upper", True, p.source)
                changed += 1
        only_markers = is_marker
        ends_sentence = text.endswith((".", "?", "!")) and not text.endswith(("..", "…"))
        opens = ends_sentence or is_marker
    return changed


def _word_text(pieces: list[_Piece]) -> str:
    return "".join(p.text for p in pieces)


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] == "P"


def _strip_edges(word: str) -> str:
    """``word`` without the punctuation around it ("(Việt," -> "Việt")."""
    start, end = 0, len(word)
    while start < end and _is_punctuation(word[start]):
        start += 1
    while end > start and _is_punctuation(word[end - 1]):
        end -= 1
    return word[start:end]


def _before_and_after(pieces: tuple[_Piece, ...] | list[_Piece]) -> tuple[str, str]:
    """The garbled word and its conversion, both without the punctuation the table left alone.

    Table characters that read as punctuation ("§" for Đ, "·" for ã) stay in the garbled
    word, so "§éc" is checked whole, not as "éc".
    """
    start, end = 0, len(pieces)
    while start < end and not pieces[start].converted and _is_punctuation(pieces[start].text):
        start += 1
    while end > start and not pieces[end - 1].converted and _is_punctuation(pieces[end - 1].text):
        end -= 1
    kept = pieces[start:end]
    return "".join(p.source for p in kept), "".join(p.text for p in kept)


@dataclass
class _LineResult:
    text: str
    touched: int = 0  # words the table changes
    valid_before: int = 0  # of those, syllables as they stand
    valid_after: int = 0  # of those, syllables after conversion
    capitals: int = 0  # words whose capitals were restored
    symbols: int = 0  # table characters that read as symbols ("§", "·"): garbling, not Latin-1 text
    left_over: tuple[str, ...] = ()


def _convert_line(line: str, encoding: LegacyEncoding, starts_sentence: bool = False) -> _LineResult:
    parts = re.split(r"(\s+)", line)
    converted = [_word(part, encoding.name) for part in parts[0::2]]
    result = _LineResult(text=line)
    for word in converted:
        result.touched += word.touched
        result.valid_before += word.valid_before
        result.valid_after += word.valid_after
        result.symbols += word.symbols
    result.left_over = tuple(char for word in converted for char in word.left_over)
    words = [list(word.pieces) for word in converted]
    if encoding.capital_font:
        result.capitals = _restore_capitals(words, [w.case for w in converted], starts_sentence)
    out = [_word_text(words[index // 2]) if index % 2 == 0 else part for index, part in enumerate(parts)]
    result.text = nfc("".join(out))
    return result


def _table_chars(encoding: LegacyEncoding) -> str:
    chars = set()
    bytes_ = set(encoding.chars) | {b for pair in encoding.sequences for b in pair if b >= 0x80}
    for byte in bytes_:
        chars.add(chr(byte))
        chars.add(chr(0xF000 + byte))
        cp1252 = next((ch for ch, b in _cp1252_high().items() if b == byte), None)
        if cp1252:
            chars.add(cp1252)
    return "".join(sorted(chars))


@lru_cache(maxsize=4)
def _touch_pattern(name: str) -> re.Pattern[str]:
    """Characters the table would change (a quick test before the work of converting a line)."""
    return re.compile("[" + re.escape(_table_chars(legacy_encoding(name))) + "]")


_PRIVATE_USE = re.compile("[\uf000-\uf0ff]")
_PRIVATE_USE_ASCII = {0xF000 + byte: byte for byte in range(0x80)}


def _ends_sentence(line: str) -> bool:
    """True when the line before is blank or ends a sentence or a lead-in ("Kính gửi:")."""
    stripped = line.rstrip()
    return not stripped or stripped.endswith((".", "?", "!", ":"))


def convert_legacy(text: str, encoding: str | None = None) -> tuple[str, str | None, list[str]]:
    """Convert text garbled by a legacy font encoding into Unicode NFC.

    Returns (text, encoding name or None, notes in Vietnamese). With ``encoding`` None the
    encoding is detected and text that is not garbled comes back unchanged with None; naming
    an encoding ("tcvn3", "vni") converts every line without Unicode Vietnamese letters.
    """
    original = text = nfc(text)
    if _PRIVATE_USE.search(text):
        # Word gives every character of a symbol-font run a private-use code, spaces and
        # line breaks too; read those as ASCII so words and lines can be told apart.
        text = text.translate(_PRIVATE_USE_ASCII)
    lines = text.splitlines(keepends=True)
    legacy_lines = [i for i, line in enumerate(lines) if not _UNICODE_VIETNAMESE.search(line)]
    mixed = len(legacy_lines) < len(lines)

    def convert(index: int, line: str, candidate: LegacyEncoding) -> _LineResult:
        return _convert_line(line, candidate, _ends_sentence(lines[index - 1]) if index else True)

    chosen = legacy_encoding(encoding) if encoding else None
    best_gain = 0
    for candidate in [] if chosen else legacy_encodings():
        # Detection reads a sample (SAMPLE_CHARS) so a huge file is judged quickly.
        pattern, budget = _touch_pattern(candidate.name), SAMPLE_CHARS
        touched = gain = valid = 0
        for index in legacy_lines:
            if budget <= 0:
                break
            if pattern.search(lines[index]):
                result = convert(index, lines[index][:budget], candidate)
                budget -= len(lines[index])
                touched += result.touched
                gain += result.valid_after - result.valid_before
                valid += result.valid_after
        if gain >= MIN_GAIN and valid >= MIN_VALID_SHARE * touched and gain > best_gain:
            chosen, best_gain = candidate, gain
    if chosen is None:
        return original, None, []
    pattern = _touch_pattern(chosen.name)
    results = {i: convert(i, lines[i], chosen) for i in legacy_lines if pattern.search(lines[i])}
    converted_lines = capitals = 0
    left_over: Counter[str] = Counter()
    first_line: dict[str, int] = {}
    for index, result in results.items():
        # In a text that also has Unicode lines, a line whose words read as well unconverted
        # and that has no table symbols is probably Unicode with Latin-1 letters only ("Có"
        # would become "Cú"); "Sè: 57/L§L§" ("Số: 57/LĐLĐ") is converted for its "§".
        tie = result.valid_after == result.valid_before and not result.symbols
        keep = result.valid_after < result.valid_before or (mixed and tie)
        if keep and not encoding:
            continue
        if result.text != lines[index]:
            converted_lines += 1
        lines[index] = result.text
        capitals += result.capitals
        for char in result.left_over:
            left_over[char] += 1
            first_line.setdefault(char, index + 1)
    notes = [f"chuyển mã từ {chosen.label} sang Unicode ({converted_lines} dòng)"]
    if capitals:
        notes.append(f"khôi phục chữ hoa gõ bằng phông chữ hoa (.VnTimeH) ở {capitals} từ")
    if left_over:
        notes.append(_left_over_note(left_over, first_line))
    return "".join(lines), chosen.name, notes


def _left_over_note(left_over: Counter[str], first_line: dict[str, int]) -> str:
    shown = [
        f"'{char}' (U+{ord(char):04X}) ×{count}, dòng {first_line[char]}"
        for char, count in left_over.most_common(10)
    ]
    more = f" và {len(left_over) - 10} ký tự khác" if len(left_over) > 10 else ""
    return (
        f"không chuyển được {sum(left_over.values())} ký tự: {'; '.join(shown)}{more}"
        " — giữ nguyên, cần đối chiếu với bản gốc"
    )


def decode_8bit(data: bytes) -> tuple[str, str, list[str]]:
    """Decode bytes that are not UTF-8: TCVN3 or VNI font bytes, else Windows-1258.

    Returns (text, encoding, notes). Windows-1258 text comes back as Python decodes it
    (base letters followed by combining marks), for the caller to compose. The legacy
    reading is taken only when it gives more Vietnamese syllables than Windows-1258 does.
    """
    notes: list[str] = []
    try:
        windows = data.decode("cp1258")
    except UnicodeDecodeError:
        windows = data.decode("cp1258", errors="replace")
        undecodable = sorted(
            b for b in set(data) if bytes([b]).decode("cp1258", errors="replace") == "\ufffd"
        )
        listed = ", ".join(f"0x{b:02X}" for b in undecodable)
        notes.append(f"không giải mã được các byte {listed} theo Windows-1258; đã thay bằng '\ufffd'")
    converted, legacy, legacy_notes = convert_legacy(data.decode("latin-1"))
    if legacy is not None and syllable_count(converted) > syllable_count(nfc(windows)):
        return converted, legacy, legacy_notes
    return windows, "cp1258", ["giải mã theo Windows-1258", *notes]


# --- Vietnamese syllables -------------------------------------------------------------

_TONE_MARKS = {"\u0300": "huyền", "\u0301": "sắc", "\u0303": "ngã", "\u0309": "hỏi", "\u0323": "nặng"}
_VOWELS = set("aeiouy")
_ONSET_SPELLINGS = "b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x"
_ONSETS = (*sorted(_ONSET_SPELLINGS.split(" "), key=len, reverse=True), "")
_OPEN_RIMES = (
    "a ai ao au ay âu ây e eo ê êu i ia iu iêu o oa oai oao oay oe oeo oi ô ôi ơ ơi u ua uây uê ui uôi "
    "uơ uy uya uyu ư ưa ưi ươi ươu ưu y yêu"
)
_CLOSED_RIMES = {  # nucleus: codas
    "a": "c ch m n ng nh p t",
    "ă": "c m n ng p t",
    "â": "c m n ng p t",
    "e": "c m n ng p t",
    "ê": "ch m n nh p t",
    "i": "ch m n nh p t",
    "iê": "c m n ng p t",
    "yê": "c m n ng p t",
    "o": "c m n ng p t",
    "ô": "c m n ng p t",
    "ơ": "m n p t",
    "u": "c m n ng p t",
    "ư": "c m n ng t",
    "uô": "c m n ng t",
    "ươ": "c m n ng p t",
    "oa": "c ch m n ng nh p t",
    "oă": "c m n ng t",
    "oe": "n t",
    "uâ": "n ng t",
    "uê": "ch nh",
    "uy": "ch n nh p t",
    "uyê": "n t",
}
_RIMES = frozenset(_OPEN_RIMES.split()) | {
    nucleus + coda for nucleus, codas in _CLOSED_RIMES.items() for coda in codas.split()
}
_FRONT = ("e", "ê", "i", "y")


def _onset_fits(onset: str, rime: str) -> bool:
    """Spelling rules: "k", "gh", "ngh" before e/ê/i/y; "c", "g", "ng" elsewhere; "qu" + not u."""
    front = rime.startswith(_FRONT)
    if onset in ("k", "gh", "ngh"):
        return front
    if onset == "c":
        return not front
    if onset in ("g", "ng"):
        return not rime.startswith(("e", "ê"))
    if onset == "qu":
        return not rime.startswith("u")
    return True


@lru_cache(maxsize=1)
def _toneless_syllables() -> frozenset[str]:
    """Every spelling of a syllable without its tone mark ("nghia", "viêt", "quyên")."""
    return frozenset(onset + rime for onset in _ONSETS for rime in _RIMES if _onset_fits(onset, rime))


@lru_cache(maxsize=1 << 16)
def is_vietnamese_syllable(word: str) -> bool:
    """True when ``word`` has the shape of one Vietnamese syllable ("nghĩa", "Việt", "ạ").

    Checks onset, rime and tone: at most one tone mark, on a vowel, and only sắc or nặng
    on a syllable closed by c, ch, p or t. Old and new tone placement both pass.
    """
    if not word or not word.isalpha():
        return False
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [i for i, ch in enumerate(decomposed) if ch in _TONE_MARKS]
    if len(tones) > 1:
        return False
    if tones:
        carrier = decomposed[: tones[0]].rstrip("\u0302\u0306\u031b")  # skip ^, breve, horn
        if not carrier or carrier[-1] not in _VOWELS:
            return False
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    if base not in _toneless_syllables():
        return False
    stop = base.endswith(("c", "ch", "p", "t"))
    return not (stop and tones and _TONE_MARKS[decomposed[tones[0]]] not in ("sắc", "nặng"))


def syllable_count(text: str) -> int:
    """How many whitespace-separated words of ``text`` are Vietnamese syllables."""
    return sum(is_vietnamese_syllable(_strip_edges(word)) for word in text.split())
