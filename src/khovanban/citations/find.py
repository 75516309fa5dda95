"""Stage 1: find the citations in a text, as typed objects carrying their character span.

A citation is a type word and a number ("Kết luận số 54-KL/TW", "Nghị định 145/2020/NĐ-CP",
"Luật … số 85/2015/QH13") with what the text says about the document right after it: date,
issuer ("của Ban Bí thư"), term ("(khóa XI)") and title ("về “Đổi mới…”"). A short form is a type
word and a bare number ("Kết luận số 01"), either defined by the text ("(sau đây gọi tắt là Kết
luận số 01)") or standing for a document the text cited in full before.

Finding is driven by numbers (``numbers.number_pattern``), so a page costs one regex pass plus
bounded look-arounds at each number: linear in the size of the text. Nothing is resolved here;
``resolve.py`` decides which document a citation means.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from datetime import date as Date
from functools import cached_property, lru_cache

from ..numbers import DocumentNumber, number_pattern, parse_number
from ..tables import CodeTables, load_tables
from ..vntext import nfc
from .lexicon import Lexicon, key_of, load_lexicon

LOOKBACK = 120  # characters searched before a number for a law's name ("Luật … số 85/2015/QH13")
LOOKAHEAD = 400  # characters searched after it for date, issuer and title
ISSUER_SPAN = 160  # characters an issuer's name with its place can take

_WORD = re.compile(r"[^\W\d_]+")
_NON_SPACE = re.compile(r"\S+")
_TRAILING_SO = re.compile(r"(?:\b[Ss][ốỐ]\s*(?::\s*)?)+$")
_DATE_NUMERIC = re.compile(r"\s*,?\s*ngày\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)", re.IGNORECASE)
_DATE_WORDS = re.compile(r"\s*,?\s*ngày\s*(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})(?!\d)", re.IGNORECASE)
_YEAR_ONLY = re.compile(r"\s*,?\s*năm\s+(\d{4})(?!\d)", re.IGNORECASE)
_OF = re.compile(r"\s*,?\s*(?:của|giữa)\s+", re.IGNORECASE)
_TERM = re.compile(r"\s*\(?\s*(khóa|khoá)\s+([IVXLC]+)\b\s*\)?", re.IGNORECASE)
# A quoted title may wrap onto the next line, never across a blank line.
_TITLE = re.compile(
    r"\s*,?\s*(?:về\s+(?:việc\s+)?)?[“\"]\s*((?:[^”\"\n]|\n(?!\s*\n)){2,400}?)\s*[”\"]", re.IGNORECASE
)
_ABOUT = re.compile(
    r"\s*,?\s*(?:về\s+(?:việc\s+)?|(?=(?:thực hiện|triển khai|hướng dẫn thực hiện|ban hành)\s))(?![“\"])", re.IGNORECASE
)
_ABOUT_STOP = re.compile(r"[;(\n]|\.\s|\.$|,\s+(?=[A-ZĐ])|(?<=[”\"])\s*(?:,|và)\s")
_NAME_CUT = re.compile(r"[,;.()“”\":]|\n\s*\n")  # a single line break is a wrapped line
# A bare number after a type word: "Kết luận số 01", "Quy định 57" (not a year, not a date).
# As one pattern: (?<![\w/.,])(?:[Ss][ốỐ]\s+)?(\d{1,4})(?![\w/]|\s?[\-/–]\s?\w|[.,]\d).
# ``_bare_numbers`` finds the same matches from a scan for digits: a pattern opening with a
# look-behind is tried at every character, a fifth of all finding.
_DIGIT_RUN = re.compile(r"\d+")
# A word (letters only) and the spaces after it, read on the reversed text: ``_words_before``.
_REVERSED_WORD = re.compile(r"(\s*)([^\W\d_]+)")
_NOT_BARE_AFTER = re.compile(r"[\w/]|\s?[\-/–]\s?\w|[.,]\d")
_YEAR = re.compile(r"(?:19|20)\d\d")
# "294QĐ/TW": a number fused with its type code (hyphen left out).
_FUSED_HINT = re.compile(r"\d[A-ZĐ]")
_FUSED = re.compile(r"(?<![\w/])(\d{1,5})([A-ZĐ][A-Za-zĐđ]{1,3})/([A-ZĐ][A-Za-zĐđ0-9]*)(?![\w])")
_PLACE_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")
# Party committees named after their unit: the unit's proper name follows them directly.
_UNIT_COMMITTEES = ("huyện ủy", "quận ủy", "thị ủy", "thành ủy", "tỉnh ủy")


@dataclass(frozen=True)
class CitedDate:
    """A date written after a citation; ``month``/``day`` are None for "năm 2019"."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class IssuerPhrase:
    """The issuer as the sentence names it: "Ban Thường vụ Tỉnh uỷ Quảng Ninh".

    ``codes`` are the issuer codes the named body stands for (empty when the body is not in the
    tables); ``place`` is a place written after it ("xã Lương Minh"), ``province`` the province
    it names, if any.
    """

    text: str
    body: str | None = None
    codes: tuple[str, ...] = ()
    place: str | None = None
    province: str | None = None


@dataclass(frozen=True)
class Citation:
    """One mention of a document in a text.

    ``start``/``end`` span the type word and number ("Kết luận số 54-KL/TW"): what gets linked.
    ``desc_end`` ends the description that belongs to the citation (date, issuer, term) and
    ``extent_end`` its quoted title too; neither passes the next citation. ``kind`` is "full"
    (a number with its symbol) or "short" (a type word and a bare number: "Kết luận số 01").
    """

    start: int
    end: int
    text: str
    kind: str
    type_word: str | None
    doc_type: str | None
    number: DocumentNumber | None = None
    short_number: str | None = None
    date: CitedDate | None = None
    issuer: IssuerPhrase | None = None
    term: str | None = None
    title: str | None = None
    about: str | None = None
    desc_end: int = 0
    extent_end: int = 0
    in_definition: bool = False
    notes: tuple[str, ...] = field(default=())

    @cached_property
    def label(self) -> str:
        """How the citation reads, spaces normalised ("Kết luận số 54-KL/TW")."""
        return " ".join(self.text.split())


@dataclass(frozen=True)
class ShortFormDefinition:
    """"(sau đây gọi tắt là Kết luận số 01)": the parenthesis span and the form it defines."""

    start: int
    end: int
    form: str


def find_citations(text: str, tables: CodeTables | None = None) -> list[Citation]:
    """Every citation in ``text``, in order, without overlaps.

    ``text`` is expected in NFC, as ingest writes every page; it is not normalised here, so that
    every span is an offset into exactly the text given.
    """
    return _Finder(text, tables or load_tables(), load_lexicon()).run()


def find_definitions(text: str) -> list[ShortFormDefinition]:
    """Every short-form definition in ``text`` ("(viết tắt là Quyết định số 99-QĐ/TW)")."""
    return _definitions(text, load_lexicon())


@lru_cache(maxsize=4096)
def _parse_number_cached(raw: str) -> DocumentNumber | None:
    return parse_number(raw)


@lru_cache(maxsize=1)
def _definition_pattern() -> re.Pattern[str]:
    markers = load_lexicon().short_form_markers
    alternatives = "|".join(r"\s+".join(re.escape(w) for w in m.split()) for m in markers)
    return re.compile(rf"\(\s*\*?\s*(?:{alternatives})\s*:?\s*", re.IGNORECASE)


@lru_cache(maxsize=1)
def _definition_hints() -> tuple[str, ...]:
    """The last two words of each marker ("tắt là"): a plain substring test that rules out most
    texts before the (case-insensitive, so slower) definition pattern runs."""
    return tuple(sorted({" ".join(m.split()[-2:]) for m in load_lexicon().short_form_markers}))


def _definitions(text: str, lexicon: Lexicon) -> list[ShortFormDefinition]:
    """Find each marker by plain substring search, then check the parenthesis around it: the
    case-insensitive pattern runs only where a definition can be, not over the whole text."""
    found: list[ShortFormDefinition] = []
    lowered = text.lower()
    starts: set[int] = set()
    for hint in _definition_hints():
        position = lowered.find(hint)
        while position != -1:
            opening = text.rfind("(", max(0, position - 40), position)
            if opening != -1:
                starts.add(opening)
            position = lowered.find(hint, position + 1)
    for opening in sorted(starts):
        match = _definition_pattern().match(text, opening)
        if not match:
            continue
        close = text.find(")", match.end(), match.end() + 160)
        if close == -1:
            continue
        form = " ".join(text[match.end() : close].strip(" *").split())
        if form:
            found.append(ShortFormDefinition(match.start(), close + 1, form))
    return found


_UNREAD = IssuerPhrase("")  # marks a segment not read yet (None is a reading: no issuer)


class _IssuerMemo:
    """Issuer segment -> (phrase, where it ends in the segment), for one lexicon and one set of
    code tables (a reading depends on both; new ones start a new memo). Bounded: an archive
    names a few thousand issuers, a text with unusual wording adds one entry per citation."""

    LIMIT = 200_000

    def __init__(self) -> None:
        self._owner: tuple[object, object] | None = None
        self._readings: dict[str, tuple[IssuerPhrase | None, int]] = {}

    def get(self, segment: str, lexicon: Lexicon, tables: CodeTables) -> tuple[IssuerPhrase | None, int]:
        owner = self._owner
        if owner is None or owner[0] is not lexicon or owner[1] is not tables:
            self._owner = (lexicon, tables)
            self._readings = {}
        return self._readings.get(segment, (_UNREAD, 0))

    def put(self, segment: str, phrase: IssuerPhrase | None, end: int) -> None:
        if len(self._readings) >= self.LIMIT:
            self._readings = {}
        self._readings[segment] = (phrase, end)


_issuer_memo = _IssuerMemo()


def _bare_number_boundary(char: str) -> bool:
    """May a bare number (or its "số") start right after ``char``? Not after a word character,
    "/", "." or "," (the look-behind ``(?<![\\w/.,])``)."""
    return not (char.isalnum() or char in "_/.,")


def _bare_numbers(text: str) -> list[tuple[int, int, str, bool]]:
    """Each bare number of up to four digits: (start, end, digits, preceded by "số"), where
    ``start`` is that of "số" when the number has one. Not part of a longer number, a code
    ("12/KH"), a range or a decimal."""
    found: list[tuple[int, int, str, bool]] = []
    for match in _DIGIT_RUN.finditer(text):
        start, end = match.span()
        if end - start > 4 or (start and not _bare_number_boundary(text[start - 1])):
            continue
        if _NOT_BARE_AFTER.match(text, end):
            continue
        gap = start
        while gap > 0 and text[gap - 1].isspace():
            gap -= 1
        so = gap - 2
        if (gap < start and so >= 0 and text[so] in "Ss" and text[so + 1] in "ốỐ"
                and (so == 0 or _bare_number_boundary(text[so - 1]))):
            found.append((so, end, match.group(0), True))
        else:
            found.append((start, end, match.group(0), False))
    return found


class _Finder:
    def __init__(self, text: str, tables: CodeTables, lexicon: Lexicon) -> None:
        self.text = text
        self.tables = tables
        self.lexicon = lexicon
        self._reversed: str | None = None

    # -- look-behind: the type word --------------------------------------------------
    def _type_before(self, end: int, named: bool) -> tuple[int, str] | None:
        """The type word ending right before ``end`` ("Kết luận", "Chương trình hành động").

        With ``named``, also a law's type word a few words back: "Luật Bầu cử … số 85/2015/QH13".
        The common case (no type word) is rejected on the last word alone.
        """
        last = self._words_before(end, 1)
        if last and key_of(self.text[last[0][0] : last[0][1]]) in self.lexicon.type_tails:
            words = self._words_before(end, self.lexicon.max_type_words)
            for size in range(len(words), 0, -1):
                candidate = self.text[words[-size][0] : words[-1][1]]
                if key_of(candidate) in self.lexicon.type_words:
                    return words[-size][0], candidate
        if not named:
            return None
        window = self.text[max(0, end - LOOKBACK) : end]
        offset = max(0, end - LOOKBACK)
        tokens = list(_WORD.finditer(window))
        limit = max(0, len(tokens) - self.lexicon.named_max_words)
        for index in range(len(tokens) - 1, limit - 1, -1):
            word = tokens[index]
            if re.search(r"[;,.:()“”\"\n]", window[word.end() :]):
                break
            for size in (2, 1):
                if index + size > len(tokens):
                    continue
                candidate = window[word.start() : tokens[index + size - 1].end()]
                if candidate[:1].isupper() and key_of(candidate) in self.lexicon.named_types:
                    return offset + word.start(), candidate
        return None

    def _words_before(self, end: int, count: int) -> list[tuple[int, int]]:
        """Spans of up to ``count`` words ending right before ``end``, separated only by spaces.

        It runs at every number, so it walks backwards with one anchored match per word on the
        reversed text (a walk character by character in Python cost a fifth of all finding).
        """
        if self._reversed is None:
            self._reversed = self.text[::-1]
        reversed_text = self._reversed
        size = len(reversed_text)
        words: list[tuple[int, int]] = []
        position = size - end
        while len(words) < count:
            match = _REVERSED_WORD.match(reversed_text, position)
            if match is None or (words and match.start(2) == position):
                break
            words.append((size - match.end(2), size - match.start(2)))
            position = match.end(2)
        words.reverse()
        return words

    def _skipped_prefix(self, start: int) -> tuple[int, bool, bool, bool]:
        """Before a number: strip "số"/"Số:"; return (new end, had "số", had colon, header "Số")."""
        window = self.text[max(0, start - 40) : start]
        stripped = window.rstrip(" \t\r\n*")
        match = _TRAILING_SO.search(stripped)
        if not match:
            return max(0, start - 40) + len(stripped), False, False, False
        before = stripped[: match.start()]
        line_start = "\n" in window and not before[before.rfind("\n") + 1 :].strip(" \t*-")
        header = match.group(0).startswith("Số") and (line_start or start - 40 <= 0 and not before.strip())
        return (max(0, start - 40) + len(before.rstrip(" \t\r\n*")), True, ":" in match.group(0), header)

    def _is_form(self, end: int) -> bool:
        """"Mẫu số 06/BBKP": a number after a word that names a form, not a document."""
        last = self._words_before(end, 1)
        return bool(last) and key_of(self.text[last[0][0] : last[0][1]]) in self.lexicon.form_words

    # -- look-ahead: what the text says about the document -------------------------
    def _describe(self, end: int) -> dict:
        text = self.text
        limit = min(len(text), end + LOOKAHEAD)
        info: dict = {"desc_end": end}
        position = end
        for pattern in (_DATE_NUMERIC, _DATE_WORDS):
            match = pattern.match(text, position, limit)
            if match:
                day, month, year = (int(g) for g in match.groups())
                try:
                    Date(year, month, day)
                    info["date"] = CitedDate(year, month, day)
                except ValueError:
                    info["date"] = CitedDate(year)
                    info.setdefault("notes", []).append(f"ngày không tồn tại: {day}/{month}/{year}")
                position = match.end()
                break
        else:
            match = _YEAR_ONLY.match(text, position, limit)
            if match:
                info["date"] = CitedDate(int(match.group(1)))
                position = match.end()
        match = _OF.match(text, position, limit)
        if match:
            phrase, issuer_end = self._issuer(match.end(), limit)
            if phrase is not None:
                info["issuer"] = phrase
                position = issuer_end
        match = _TERM.match(text, position, limit)
        if match:
            info["term"] = f"khóa {match.group(2).upper()}"
            position = match.end()
        info["desc_end"] = position
        info["extent_end"] = position
        match = _TITLE.match(text, position, limit)
        if match:
            info["title"] = " ".join(match.group(1).split()).strip(" *")
            info["extent_end"] = match.end()
        elif _ABOUT.match(text, position, limit):
            # An unquoted "về …" subject runs to the end of its clause.
            rest = text[position:limit]
            stop = _ABOUT_STOP.search(rest)
            about = " ".join((rest[: stop.start()] if stop else rest).split()).strip(" ,*.")
            info["about"] = about[:300] or None
        return info

    def _issuer(self, start: int, limit: int) -> tuple[IssuerPhrase | None, int]:
        """Read "Ban Thường vụ Tỉnh uỷ Quảng Ninh" after "của"; return it and where it ends.

        The same few issuer phrases recur across an archive, and reading one word by word is a
        sixth of all finding: the reading of each phrase is kept (``_IssuerMemo``).
        """
        segment = self.text[start : min(limit, start + ISSUER_SPAN)]
        cut = _NAME_CUT.search(segment)
        segment = segment[: cut.start()] if cut else segment
        phrase, used_end = _issuer_memo.get(segment, self.lexicon, self.tables)
        if phrase is _UNREAD:
            phrase, used_end = self._read_issuer(segment)
            _issuer_memo.put(segment, phrase, used_end)
        return phrase, start + used_end

    def _read_issuer(self, segment: str) -> tuple[IssuerPhrase | None, int]:
        """The issuer phrase at the start of ``segment`` and where in it the phrase ends (0: none)."""
        words = list(_NON_SPACE.finditer(segment))
        if not words or not words[0].group(0)[:1].isupper():
            return None, 0
        lexicon = self.lexicon
        body_size = 0
        codes: tuple[str, ...] = ()
        # match_key works word by word, so a phrase's key is its words' keys joined: each word is
        # folded once (cached), and only lengths that some body name has are looked up.
        keys = [key_of(word.group(0)) for word in words[: lexicon.max_body_words]]
        for size in sorted((n for n in lexicon.body_lengths if n <= len(keys)), reverse=True):
            key = " ".join(keys[:size])
            if key in lexicon.bodies:
                body_size, codes = size, lexicon.bodies[key]
                break
        used = body_size
        place = province = None
        if body_size:
            used, place, province = self._place_after(segment, words, body_size)
        else:
            while used < min(len(words), 10) and not self._stops_at(segment, words, used):
                used += 1
        if not used:
            return None, 0
        end = words[used - 1].end()
        phrase_text = " ".join(segment[:end].split())
        body = " ".join(segment[: words[body_size - 1].end()].split()) if body_size else None
        return IssuerPhrase(phrase_text, body, codes, place, province), end

    def _stops_at(self, segment: str, words: list[re.Match[str]], index: int) -> bool:
        """Does a stop phrase ("về", "thực hiện", "ban hành") start at word ``index``?"""
        rest = " ".join(key_of(word.group(0)) for word in words[index : index + 3])
        return any(rest == stop or rest.startswith(stop + " ") for stop in self.lexicon.name_stops)

    def _name_word(self, segment: str, words: list[re.Match[str]], index: int) -> bool:
        """Does a place's proper name go on at word ``index``? Capitalised words, and a dash
        between two of them ("Bà Rịa - Vũng Tàu"), up to a stop phrase."""
        word = words[index].group(0)
        if word in ("-", "–"):
            return index + 1 < len(words) and words[index + 1].group(0)[:1].isupper()
        return word[:1].isupper() and not self._stops_at(segment, words, index)

    def _place_after(
        self, segment: str, words: list[re.Match[str]], used: int
    ) -> tuple[int, str | None, str | None]:
        """A place after a body name: "tỉnh Quảng Ninh", "xã Lương Minh", or a province name."""
        if used >= len(words) or self._stops_at(segment, words, used):
            return used, None, None
        for size in (5, 4, 3, 2, 1):  # "Bà Rịa - Vũng Tàu" is five tokens
            if used + size > len(words):
                continue
            name = segment[words[used].start() : words[used + size - 1].end()]
            province = self.tables.province(name)
            if province is not None and name[:1].isupper():
                return used + size, " ".join(name.split()), province.name
        key = key_of(segment[words[used].start() :])
        body_key = " ".join(key_of(word.group(0)) for word in words[:used])
        if body_key.endswith(_UNIT_COMMITTEES) and not key.startswith(_PLACE_WORDS):
            # "Huyện ủy Phú Xuân", "Ban Thường vụ Quận ủy Lương Điền": the committee's name says
            # what kind of unit it is, so the unit's proper name follows without "huyện".
            end = used
            while end < len(words) and end - used < 4 and self._name_word(segment, words, end):
                end += 1
            if end > used:
                place = " ".join(segment[words[used].start() : words[end - 1].end()].split())
                return end, place, None
            return used, None, None
        for word in _PLACE_WORDS:
            if key.startswith(word + " "):
                skip = len(word.split())
                end = used + skip
                while end < len(words) and self._name_word(segment, words, end):
                    end += 1
                if end == used + skip:
                    return used, None, None
                place = " ".join(segment[words[used].start() : words[end - 1].end()].split())
                name = " ".join(segment[words[used + skip].start() : words[end - 1].end()].split())
                province = self.tables.province(name) if word in ("tỉnh", "thành phố") else None
                return end, place, province.name if province else None
        return used, None, None

    # -- the passes -------------------------------------------------------------------
    def _full(self) -> list[Citation]:
        found: list[Citation] = []
        matches: list[tuple[int, int, str, str | None]] = [
            (m.start(), m.end(), m.group(0), None) for m in number_pattern().finditer(self.text)
        ]
        if _FUSED_HINT.search(self.text):
            matches += [
                (m.start(), m.end(), f"{m.group(1)}-{m.group(2)}/{m.group(3)}", "thiếu dấu '-' giữa số và loại")
                for m in _FUSED.finditer(self.text)
            ]
        for start, end, raw, fused in sorted(matches):
            number = _parse_number_cached(nfc(raw))
            if number is None or number.number is None:
                continue
            if fused and not self.tables.is_type_code(number.type_code or ""):
                continue
            prefix_end, had_so, had_colon, header = self._skipped_prefix(start)
            if header or self._is_form(prefix_end):
                continue
            typed = self._type_before(prefix_end, named=had_so)
            if typed is None and had_colon:
                continue  # "Số: 16/KH-MTTQ-BTT": the document's own number
            if typed is None and (fused or not self._known_issuer(number)):
                continue
            if typed is not None and had_colon and self._line_is_header(typed[0]):
                continue  # "Nghị quyết số: 101/2025/UBTVQH15" in a header
            found.append(self._citation(typed, start if typed is None else typed[0], end, number, fused))
        return found

    def _line_is_header(self, start: int) -> bool:
        line_start = self.text.rfind("\n", 0, start) + 1
        return not self.text[line_start:start].strip(" \t*")

    def _known_issuer(self, number: DocumentNumber) -> bool:
        code = number.primary_issuer
        return code is not None and self.tables.issuer(re.sub(r"\d+$", "", code)) is not None

    def _citation(
        self, typed: tuple[int, str] | None, start: int, end: int, number: DocumentNumber, fused: str | None
    ) -> Citation:
        type_word = typed[1] if typed else None
        doc_type = None
        notes: list[str] = [fused] if fused else []
        notes += list(number.corrections)
        if type_word:
            doc_type = self.lexicon.type_words[key_of(type_word)]
            word_codes = {c.upper() for c in (doc_type.code, *doc_type.aliases)}
            if number.type_code and number.type_code.upper() not in word_codes and doc_type.code != "CV":
                notes.append(f"loại văn bản trong câu ({type_word}) khác mã loại trong số ({number.type_code})")
        elif number.type_code:
            family = "party" if number.style == "party" else "state"
            doc_type = self.tables.type_for(number.type_code, family)
        info = self._describe(end)
        notes += info.get("notes", [])
        return Citation(
            start=start,
            end=end,
            text=self.text[start:end],
            kind="full",
            type_word=type_word,
            doc_type=doc_type.name if doc_type else None,
            number=number,
            date=info.get("date"),
            issuer=info.get("issuer"),
            term=info.get("term"),
            title=info.get("title"),
            desc_end=info["desc_end"],
            extent_end=info["extent_end"],
            about=info.get("about"),
            notes=tuple(notes),
        )

    def _short(self, taken: list[tuple[int, int]]) -> list[Citation]:
        found: list[Citation] = []
        starts = [start for start, _ in taken]
        for start, end, digits, named in _bare_numbers(self.text):
            inside = bisect_right(starts, start) - 1
            if inside >= 0 and start < taken[inside][1] or _YEAR.fullmatch(digits):
                continue
            typed = self._type_before(start, named=False)
            if typed is None:
                continue
            between = self.text[typed[0] + len(typed[1]) : start]
            if "\n" in between and not named:
                # A wrapped line is fine ("Quy định\n126,"); an item "1." opening the next line,
                # a page number alone on its line, or a paragraph break is not.
                line_end = self.text.find("\n", end)
                rest = self.text[end : line_end if line_end != -1 else len(self.text)]
                if re.search(r"\n\s*\n", between) or rest[:1] in (".", ")", "-") or not rest.strip():
                    continue
            doc_type = self.lexicon.type_words[key_of(typed[1])]
            info = self._describe(end)
            found.append(
                Citation(
                    start=typed[0],
                    end=end,
                    text=self.text[typed[0] : end],
                    kind="short",
                    type_word=typed[1],
                    doc_type=doc_type.name,
                    short_number=digits,
                    date=info.get("date"),
                    issuer=info.get("issuer"),
                    term=info.get("term"),
                    desc_end=info["desc_end"],
                    extent_end=info["desc_end"],
                )
            )
        return found

    def run(self) -> list[Citation]:
        full = self._full()
        citations = sorted(full + self._short([(c.start, c.end) for c in full]), key=lambda c: c.start)
        definitions = _definitions(self.text, self.lexicon)
        definition_starts = [d.start for d in definitions]
        result: list[Citation] = []
        for index, citation in enumerate(citations):
            if result and citation.start < result[-1].end:
                continue  # overlapping matches: keep the first
            next_start = citations[index + 1].start if index + 1 < len(citations) else len(self.text)
            bound = max(citation.end, next_start)
            around = bisect_right(definition_starts, citation.start) - 1
            inside = around >= 0 and citation.start < definitions[around].end
            if inside or citation.extent_end > bound:
                desc_end = min(citation.desc_end, bound)
                extent_end = citation.extent_end if citation.extent_end <= bound else desc_end
                citation = replace(citation, in_definition=inside, desc_end=desc_end, extent_end=extent_end)
            result.append(citation)
        return result
