"""Readable casing for names printed in capitals ("TỈNH ỦY BẮC GIANG" -> "Tỉnh ủy Bắc Giang").

Headers and signature blocks are printed in capitals; the metadata card and citations use
running-text casing. The official casing of recurring phrases and abbreviations is data
(``names.yaml``); place names come from the province table, follow an administrative word
("xã", "tỉnh") or a committee named after its territory ("HUYỆN ỦY LỤC NAM").
"""

from __future__ import annotations

import re
from functools import lru_cache

from .tables import load_tables, read_data
from .vntext import match_key, nfc


@lru_cache(maxsize=1)
def _names_data() -> dict[str, list[str]]:
    data = read_data("names.yaml")
    return {key: [nfc(str(v)) for v in values] for key, values in data.items()}


@lru_cache(maxsize=1)
def _casing_data() -> tuple[list[str], list[str]]:
    data = _names_data()
    phrases = data["phrases"] + data["abbreviations"] + [p.name for p in load_tables().provinces]
    phrases.sort(key=len, reverse=True)
    return phrases, data["place_words"]


def _alternatives(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _compiled_casing() -> tuple[list[tuple[re.Pattern[str], str]], re.Pattern[str], re.Pattern[str]]:
    """Phrase patterns, the place-name pattern and the territorial-committee pattern, compiled
    once (not per call: ingest profile showed readable_case rebuilding ~170 regexes per header
    line, 43% of parse time)."""
    phrases, place_words = _casing_data()
    compiled = []
    for phrase in phrases:
        phrase_key = match_key(phrase)
        if len(phrase_key) == len(phrase):
            compiled.append((re.compile(rf"(?<!\w){re.escape(phrase_key)}(?!\w)"), phrase))
    not_places = _alternatives(_names_data()["not_places"])
    words = _alternatives(place_words)
    not_place = rf"(?:{not_places})(?: (?:{words}) |$)"
    place = re.compile(rf"(?<!\w)(?!{not_place})({words}) ([^\W\d_][\w ]*)$")
    committee = re.compile(rf"^({_alternatives(committee_words())}) ([^\W\d_]+(?: [^\W\d_]+){{0,3}})$")
    return compiled, place, committee


@lru_cache(maxsize=1)
def committee_words() -> tuple[str, ...]:
    """Party committees named after their territory ("huyện ủy" in "Huyện ủy Lục Nam")."""
    return tuple(match_key(w) for w in _names_data()["committee_words"])


def committee_name(text: str) -> bool:
    """True when ``text`` is a territorial committee and its place ("Huyện ủy Lục Nam"): the
    full name of a body, which the body printed above it in a header does not qualify."""
    return _compiled_casing()[2].match(match_key(text)) is not None


@lru_cache(maxsize=1)
def unit_words() -> tuple[str, ...]:
    """Words that open the name of a unit inside a larger body ("ban", "đảng đoàn")."""
    return tuple(match_key(w) for w in _names_data()["unit_words"])


@lru_cache(maxsize=1)
def place_words() -> tuple[str, ...]:
    """Administrative words after which a place name follows ("xã", "tỉnh")."""
    return tuple(match_key(w) for w in _names_data()["place_words"])


@lru_cache(maxsize=1)
def _titles() -> dict[tuple[str, ...], str]:
    return {tuple(match_key(t).split()): t for t in _names_data()["titles"]}


def split_titles(text: str) -> list[str] | None:
    """A run of signer titles split into titles, longest first ("BỘ TRƯỞNG CHÁNH VĂN PHÒNG" ->
    ["BỘ TRƯỞNG", "CHÁNH VĂN PHÒNG"]); ``None`` unless every word belongs to a known title.
    Commas join titles of one person ("BỘ TRƯỞNG, CHỦ NHIỆM" is one item)."""
    titles = _titles()
    longest = max(map(len, titles))
    words = text.split()
    keys = match_key(text).split()
    parts: list[str] = []
    start = 0
    while start < len(words):
        for size in range(min(longest, len(words) - start), 0, -1):
            if tuple(k.rstrip(",") for k in keys[start : start + size]) in titles:
                chunk = " ".join(words[start : start + size])
                if parts and parts[-1].endswith(","):
                    parts[-1] = f"{parts[-1]} {chunk}"
                else:
                    parts.append(chunk)
                start += size
                break
        else:
            return None
    return parts or None


def is_title(text: str) -> bool:
    """True when ``text`` is only signer titles ("TRƯỞNG BAN", "BỘ TRƯỞNG, CHỦ NHIỆM")."""
    return split_titles(text) is not None


def _capitalise(word: str) -> str:
    return word[:1].upper() + word[1:]


def readable_case(text: str) -> str:
    """Return ``text`` in running-text casing when it is printed in capitals; else unchanged."""
    text = " ".join(nfc(text).split())
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return text
    patterns, place_pattern, committee_pattern = _compiled_casing()
    lowered = text.lower()
    key = match_key(lowered)
    result = list(lowered)
    # Phrases: copy the official casing over the lowered text, longest first.
    taken = [False] * len(lowered)
    for pattern, phrase in patterns:
        for match in pattern.finditer(key):
            if any(taken[match.start() : match.end()]):
                continue
            for offset, char in enumerate(phrase):
                position = match.start() + offset
                if result[position].lower() == char.lower():
                    result[position] = char
                taken[position] = True
    cased = "".join(result)
    # A place name after an administrative word: "xã lương minh" -> "xã Lương Minh".
    cased = place_pattern.sub(
        lambda m: m.group(1) + " " + " ".join(_capitalise(w) for w in m.group(2).split()),
        cased,
    )
    # A whole line naming a committee after its territory: "huyện ủy lục nam" -> "… Lục Nam".
    committee = committee_pattern.match(match_key(cased))
    if committee:
        start = committee.start(2)
        cased = cased[:start] + " ".join(_capitalise(w) for w in cased[start:].split(" "))
    return _capitalise(cased)


def name_case(text: str) -> str:
    """A person's name printed in capitals -> "Nguyễn Văn Cảnh"."""
    text = " ".join(nfc(text).split())
    if text.isupper():
        return " ".join(_capitalise(w.lower()) for w in text.split())
    return text
