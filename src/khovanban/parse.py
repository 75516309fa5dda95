"""Parse the text of an original into metadata and body.

Layout facts (see ../shared/VIETNAMESE-DOCUMENTS.md): header with motto, issuing body,
number, place and date, type word and subject ("V/v …" for a công văn), "Kính gửi:"
recipients, body, "Nơi nhận:" distribution, signing authority, position and name. Text
extraction flattens the two-column header table, so the parser looks for each part by its
own marks rather than by position, and splits layout lines on wide gaps into cells.

Unknown values stay empty and are flagged with the line to look at; nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date
from itertools import pairwise

from .access import detect_access, read_cell
from .body import PAGE_NUMBER as _PAGE_NUMBER
from .body import Block, RemovedMark, clean_body, strip_ocr_mark
from .names import committee_name, is_title, name_case, place_words, readable_case, split_titles, unit_words
from .numbers import DocumentNumber, clean_number_text, number_pattern, parse_number
from .tables import CodeTables, load_tables
from .vntext import fold, match_key, nfc

HEADER_SCAN_LINES = 60

_DATE = re.compile(
    r"(?P<place>[A-ZĐÀ-Ỹ][^\W\d_]*(?:[ .][A-ZĐÀ-Ỹa-zà-ỹđ][^\W\d_]*){0,4})?[ \t]*,?[ \t]*"
    r"ngày\s*(?P<day>\d{1,2})?\s*tháng\s*(?P<month>\d{1,2})?\s*năm\s*(?P<year>\d{4})",
    re.IGNORECASE,
)
_NUMBER_LINE = re.compile(r"(?:^|\s{3,})(?P<word>[^\W\d_]+(?: [^\W\d_]+){0,3} )?(?:Số|SỐ|số)\s*:?(?P<rest>.*)$")
_AUTHORITY = re.compile(r"^(?P<auth>TM\.|T/M|T\.M\.|KT\.|K/T|TL\.|T/L|TUQ\.|Q\.)\s*(?P<body>.*)$")
_MOTTO_KEYS = ("cong hoa xa hoi", "doc lap", "dang cong san viet nam")
_BODY_OPENERS = ("thuc hien", "can cu", "de thuc hien", "de ", "nhan duoc", "nham ", "trien khai", "theo ")
_MARKUP = re.compile(r"\*{1,2}|_{2}")


@dataclass
class Flag:
    """A field the parser could not read with confidence; ``line`` is 1-based."""

    field: str
    message: str
    line: int | None = None


@dataclass
class ParsedDocument:
    number: DocumentNumber | None = None
    number_printed: str | None = None
    number_line: int | None = None
    doc_type: str | None = None
    type_code: str | None = None
    issuer: str | None = None
    issuer_parent: str | None = None
    issuer_source: str | None = None
    province: str | None = None
    place: str | None = None
    date: str | None = None
    date_precision: str | None = None
    subject: str | None = None
    recipients: list[str] = field(default_factory=list)
    distribution: list[str] = field(default_factory=list)
    signing_authority: str | None = None
    signer_position: str | None = None
    signer: str | None = None
    access: str = "public"
    urgency: str | None = None
    blocks: list[Block] = field(default_factory=list)
    closing: list[Block] = field(default_factory=list)
    annexes: list[Block] = field(default_factory=list)  # after the signature: appendices, forms
    removed: list[RemovedMark] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


@dataclass(frozen=True)
class _Cell:
    line: int  # 1-based
    text: str


def _strip_markup(text: str) -> str:
    return " ".join(_MARKUP.sub("", text).split()).strip()


def _cells(lines: list[str], start: int, stop: int) -> list[_Cell]:
    """Layout lines split on wide gaps (3+ spaces) into cells, markup stripped."""
    cells: list[_Cell] = []
    for index in range(start, min(stop, len(lines))):
        for part in re.split(r"\s{3,}", lines[index].strip()):
            text = _strip_markup(part)
            if text:
                cells.append(_Cell(index + 1, text))
    return cells


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def _is_motto(text: str) -> bool:
    key = fold(text)
    return any(key.startswith(m) for m in _MOTTO_KEYS)


def _is_separator(text: str) -> bool:
    return not any(c.isalnum() for c in text)


class _Parser:
    def __init__(self, text: str, tables: CodeTables) -> None:
        self.lines = nfc(text).split("\n")
        # The lines as cells are read from: a run-on signature gets wide gaps inserted (the
        # text of the page is taken from ``lines``, unchanged).
        self.layout = list(self.lines)
        self.signature_end: int | None = None  # 1-based line of the signer's name
        self.receive: int | None = None  # index of the "Nơi nhận:" line
        self.tables = tables
        self.doc = ParsedDocument()
        self.header_end = 0  # index of the first body line
        self.type_heading_line: int | None = None
        self.subject_end_line: int | None = None

    # -- header -------------------------------------------------------------------
    def find_date(self) -> None:
        for index, line in enumerate(self.lines[:HEADER_SCAN_LINES]):
            # Markup removed but wide gaps kept: a gap ends the place name ("06-HD/TW     Hà Nội,").
            match = _DATE.search(_MARKUP.sub("", line))
            if not match:
                continue
            day, month, year = match.group("day"), match.group("month"), match.group("year")
            self.doc.place = (match.group("place") or "").strip() or None
            if self.doc.place and fold(self.doc.place).startswith(("so ", "v/v")):
                self.doc.place = None
            self._set_date(int(year), int(month) if month else None, int(day) if day else None, index + 1)
            self.date_line = index + 1
            return
        self.date_line = None
        self.doc.flags.append(Flag("date", "Không tìm thấy địa danh, ngày tháng năm ban hành"))

    def _set_date(self, year: int, month: int | None, day: int | None, line: int) -> None:
        if month is None:
            self.doc.date, self.doc.date_precision = f"{year:04d}", "year"
            self.doc.flags.append(Flag("date", "Bản gốc chỉ ghi năm ban hành (để trống ngày, tháng)", line))
            return
        if day is None:
            self.doc.date, self.doc.date_precision = f"{year:04d}-{month:02d}", "month"
            self.doc.flags.append(Flag("date", "Bản gốc để trống ngày ban hành: chỉ biết tháng và năm", line))
            return
        try:
            Date(year, month, day)
        except ValueError:
            self.doc.flags.append(Flag("date", f"Ngày không tồn tại: {day}/{month}/{year}", line))
            self.doc.date, self.doc.date_precision = f"{year:04d}-{month:02d}", "month"
            return
        self.doc.date, self.doc.date_precision = f"{year:04d}-{month:02d}-{day:02d}", "day"

    def find_number(self) -> None:
        for index, line in enumerate(self.lines[:HEADER_SCAN_LINES]):
            text = _strip_markup(line)
            match = _NUMBER_LINE.search(text)
            if not match:
                continue
            word = (match.group("word") or "").strip()
            if word and self.tables.type_by_word(word) is None:
                continue
            rest = match.group("rest")
            found = number_pattern().match(rest.strip())
            candidate = found.group(0) if found else re.split(r"\s{3,}|\sV/v\b", rest.strip())[0]
            parsed = parse_number(candidate, self.tables) if candidate.strip() else None
            if parsed is None:
                continue
            self.doc.number = parsed
            self.doc.number_printed = clean_number_text(candidate) if found else candidate.strip()
            self.doc.number_line = index + 1
            if word:
                doc_type = self.tables.type_by_word(word)
                if doc_type:
                    self.doc.doc_type, self.doc.type_code = doc_type.name, doc_type.code
            if parsed.number is None:
                self.doc.flags.append(
                    Flag("number", "Bản gốc để trống số văn bản (chỉ có ký hiệu)", index + 1)
                )
            for correction in parsed.corrections:
                self.doc.flags.append(Flag("number", f"Đã chuẩn hóa số: {correction}", index + 1))
            return
        self.doc.flags.append(Flag("number", "Không tìm thấy dòng 'Số:' ở phần đầu văn bản"))

    def find_type_and_subject(self) -> None:
        limit = min(len(self.lines), HEADER_SCAN_LINES)
        words = self.tables.type_words()
        for index in range(limit):
            text = _strip_markup(self.lines[index])
            if not text:
                continue
            vv = re.search(r"\bV/v\b\.?\s*(.*)$", text)
            if vv:
                self.subject_from(index, "V/v " + vv.group(1), stop_at_date=True)
                if self.doc.doc_type is None:
                    code = self.doc.number.type_code if self.doc.number else None
                    if code is None or code.upper() == "CV":
                        self.doc.doc_type, self.doc.type_code = "Công văn", "CV"
                return
            for cell in re.split(r"\s{3,}", text):
                if _is_caps(cell) and match_key(cell) in words:
                    doc_type = words[match_key(cell)]
                    self.doc.doc_type, self.doc.type_code = doc_type.name, doc_type.code
                    self.type_heading_line = index + 1
                    start = index + 1
                    while start < limit and not _strip_markup(self.lines[start]):
                        start += 1
                    # A line right under the heading is its subject even when it opens like a
                    # body ("KẾ HOẠCH / Thực hiện công tác bầu cử…"); after a gap it must not.
                    adjacent = start == index + 1
                    if start < limit and (adjacent or not self._is_body_start(self.lines[start])):
                        self.subject_from(start, _strip_markup(self.lines[start]), stop_at_date=False)
                    return

    def subject_from(self, index: int, first: str, stop_at_date: bool) -> None:
        parts = [first]
        line = index + 1
        while line < len(self.lines):
            text = _strip_markup(self.lines[line])
            if (
                not text
                or _is_motto(text)
                or _DATE.search(text)
                or text.lower().startswith("kính gửi")
                or self._is_body_start(text)
                or _is_separator(text)
            ):
                break
            parts.append(text)
            line += 1
        subject = " ".join(" ".join(parts).split())
        if stop_at_date:
            date = _DATE.search(subject)
            if date:
                subject = subject[: date.start()].strip()
        subject = re.split(r"\s*Kính gửi\s*:", subject)[0].strip(" ,;")
        self.doc.subject = readable_case(subject) if subject else None
        self.subject_end_line = line

    def _is_body_start(self, text: str) -> bool:
        key = fold(_strip_markup(text)).lstrip("- ")
        return key.startswith(_BODY_OPENERS)

    def find_recipients(self) -> int | None:
        """Parse "Kính gửi:" and return the index of the line after the recipient list."""
        for index, line in enumerate(self.lines[:HEADER_SCAN_LINES]):
            text = _strip_markup(line)
            match = re.search(r"Kính gửi\s*:?\s*(.*)$", text)
            if not match:
                continue
            items: list[str] = []
            first = match.group(1).strip(" *")
            if first:
                items.append(first)
            cursor = index + 1
            while cursor < len(self.lines):
                current = _strip_markup(self.lines[cursor]).strip()
                if not current:
                    cursor += 1
                    continue
                if self._is_body_start(current) or _ITEM_START.match(current):
                    break
                if current[:1] in "-+•":
                    items.append(current)
                elif items and not items[-1].rstrip().endswith((";", ".", ",")) and len(current) < 90:
                    items[-1] = items[-1] + " " + current
                elif not items:
                    items.append(current)
                else:
                    break
                cursor += 1
            self.doc.recipients = _split_items(items)
            return cursor
        return None

    def find_issuer(self, header_stop: int) -> None:
        stop_line = min(
            x for x in (self.doc.number_line, self.date_line, self.type_heading_line, header_stop + 1) if x
        )
        units: list[str] = []
        openers = unit_words()
        for cell in _cells(self.lines, 0, stop_line):
            text = cell.text.strip()
            if cell.line in (self.doc.number_line, self.date_line) or read_cell(text) is not None or (
                _is_motto(text)
                or _is_separator(text)
                or not _is_caps(text)
                or _DATE.search(text)
                or _NUMBER_LINE.search(text)
                or len(text) > 90
            ):
                continue
            key = match_key(text)
            opens_unit = any(key.startswith(w + " ") or key == w for w in openers)
            if units and not opens_unit:
                units[-1] = f"{units[-1]} {text}"
            else:
                units.append(text)
        units = [readable_case(unit) for unit in units]
        self.doc.province = None if self._national_issuer() else self._province(units)
        if units:
            self.doc.issuer = self._qualify(units[-1], units[:-1])
            if len(units) > 1:
                self.doc.issuer_parent = " ".join(units[:-1]) if len(units) == 2 else self._qualify(units[-2], units[:-2])
            self.doc.issuer_source = "header"
        code_issuer = self._issuer_from_number()
        if self.doc.issuer is None and code_issuer is not None:
            self.doc.issuer, self.doc.issuer_parent = code_issuer
            self.doc.issuer_source = "number+place"
            self.doc.flags.append(
                Flag(
                    "issuer",
                    "Phần đầu văn bản không có tên cơ quan ban hành: đã suy ra từ ký hiệu số và địa danh; "
                    "cần kiểm tra lại",
                    self.doc.number_line,
                )
            )
        elif self.doc.issuer is not None and not self.doc.issuer_parent and code_issuer is not None:
            self.doc.issuer_parent = code_issuer[1] or None
        if self.doc.issuer is None:
            self.doc.flags.append(Flag("issuer", "Không xác định được cơ quan ban hành", self.doc.number_line))

    def _qualify(self, unit: str, parents: list[str]) -> str:
        """Full name of a unit given the bodies above it ("Ban Tổ chức" + "Thành ủy Hà Nội")."""
        if not parents:
            return unit
        parent = parents[-1]
        if committee_name(unit) or _names_own_place(unit):
            # "Huyện ủy Lục Nam" under "Đảng bộ tỉnh Bắc Giang", "Liên đoàn Lao động huyện Tiên
            # Hậu" under "LĐLĐ tỉnh Lạng Sơn": the line above is the parent, not part of the name.
            return unit
        if _ends_with_place_word(unit):
            return f"{unit} {self.doc.province}" if self.doc.province else unit
        folded = fold(unit)
        if self.tables.province(unit.split(" ", 2)[-1]) or any(
            key in folded for _, key, _ in _folded_provinces(self.tables)
        ):
            return unit
        if match_key(parent).startswith(match_key("Ban Chấp hành Trung ương")):
            return f"{unit} Trung ương"
        return f"{unit} {parent}"

    def _province(self, units: list[str]) -> str | None:
        if self.doc.place:
            province = self.tables.province(self.doc.place)
            if province:
                return province.name
        for unit in units:
            folded = fold(unit)
            for name, key, pattern in _folded_provinces(self.tables):
                if key in folded and pattern.search(folded):
                    return name
        return None

    def _national_issuer(self) -> bool:
        """True when the number's issuer code names a national body (its place is just a seat)."""
        number = self.doc.number
        if number is None or not number.issuer_codes:
            return False
        issuer = self.tables.issuer(re.sub(r"\d+$", "", number.issuer_codes[0]))
        return issuer is not None and issuer.scope == "national"

    def _issuer_from_number(self) -> tuple[str, str] | None:
        number = self.doc.number
        if number is None or not number.issuer_codes:
            return None
        issuer = self.tables.issuer(re.sub(r"\d+$", "", number.issuer_codes[0]))
        if issuer is None:
            return None
        province = self.tables.province(self.doc.province) if self.doc.province else None
        name = issuer.issuer_name(province.name if province else None, province.kind if province else None)
        if name is None:
            return None
        return name, issuer.parent_name(province.name if province else None)

    # -- closing ------------------------------------------------------------------
    def find_closing(self) -> int:
        """Parse the distribution list and signature; return the index where the body ends."""
        body_end = len(self.lines)
        receive = None
        for index in range(len(self.lines) - 1, self.header_end - 1, -1):
            if re.match(r"^\s*\**\s*Nơi nhận\s*:?", self.lines[index], re.IGNORECASE):
                receive = index
                break
        self.receive = receive
        # Legal portals flatten each row of the closing table onto one line: split the titles
        # and the name off into cells ("- Lưu: VT. BỘ TRƯỞNG Mai Tiến Dũng").
        tail_from = max(self.header_end, (receive if receive is not None else len(self.lines) - 25) - 12)
        for index in range(tail_from, len(self.lines)):
            self.layout[index] = _split_run_on_signature(self.layout[index])
        authority_index = None
        if receive is None:
            # Without "Nơi nhận" annexes (forms with blank signature blocks of their own) may
            # follow the signature: the first authority followed by a person's name is it.
            authority_index = self._signed_authority(self.header_end, len(self.lines))
        # The signature may stand before "Nơi nhận" (two-column layouts) or after it.
        for index in range(tail_from, len(self.lines)):
            if authority_index is not None:
                break
            if any(_AUTHORITY.match(_strip_markup(c)) for c in re.split(r"\s{3,}", self.layout[index].strip())):
                authority_index = index
        if receive is not None:
            body_end = min(receive, authority_index) if authority_index is not None else receive
            self.doc.distribution = _split_items(self._distribution_items(receive, authority_index))
        elif authority_index is not None:
            body_end = authority_index
        self._signature(authority_index, receive)
        return body_end

    def _annex_start(self, body_end: int) -> int:
        """Index of the first line after the closing block: what follows the signer's name
        (appendices, forms) when the distribution list is above it or absent."""
        end = self.signature_end  # 1-based line of the name = index of the line after it
        if end is None or end <= body_end or (self.receive is not None and self.receive >= end):
            return len(self.lines)
        return end

    def _signed_authority(self, start: int, stop: int) -> int | None:
        for index in range(start, stop):
            cells = re.split(r"\s{3,}", self.layout[index].strip())
            if not any(_AUTHORITY.match(_strip_markup(c)) for c in cells):
                continue
            following = _cells(self.layout, index + 1, min(stop, index + 8))
            if any(_looks_like_name(c.text) for c in following):
                return index
        return None

    def _distribution_items(self, receive: int, authority_index: int | None) -> list[str]:
        """Items under "Nơi nhận:", usually one per "-" line. Converters drop Word's bullets, so a
        list whose first line has no dash is read one item per line (a line after a "," or opening
        in lower case continues the item); page numbers and lines of the signature column that
        extraction interleaved ("TRƯỞNG BAN") are not items."""
        items: list[str] = []
        dashed: bool | None = None
        for index in range(receive + 1, len(self.lines)):
            line = self.layout[index]
            left = re.split(r"\s{3,}", re.sub(r"^([-+•])\s+", r"\1 ", line.strip()))[0]
            text = _strip_markup(strip_ocr_mark(left))
            if not text:
                if items and index + 1 < len(self.lines) and not _strip_markup(self.lines[index + 1]).startswith("-"):
                    break
                continue
            if _PAGE_NUMBER.match(text) or len(line) - len(line.lstrip(" ")) >= _RIGHT_COLUMN:
                continue  # a page number, or the signature column beside the list
            if _AUTHORITY.match(text) or (authority_index is not None and index == authority_index and not text.startswith("-")):
                break
            if _is_caps(text) and is_title(text):
                continue
            starts_item = text.startswith(("-", "+", "•"))
            if dashed is None:
                # A list without dashes must look like one: items end in ";", "," or ".".
                dashed = starts_item
                if not starts_item and not (";" in text or text.endswith((",", "."))):
                    break
            if starts_item:
                items.append(text)
            elif dashed and items:
                items[-1] += " " + text
            elif not dashed and not _looks_like_name(text):
                if items and (items[-1].endswith(",") or text[:1].islower()):
                    items[-1] += " " + text
                else:
                    items.append(text)
            else:
                break
        return items

    def _signature(self, authority_index: int | None, receive: int | None) -> None:
        if authority_index is None:
            # A head signing in their own name has no "TM."/"KT.": a title over a name.
            self._signature_without_authority(receive)
            return
        cells = _cells(self.layout, authority_index, len(self.lines))
        # Keep the right-hand column: the cell that holds the authority and those below it.
        start = next(i for i, c in enumerate(cells) if _AUTHORITY.match(c.text))
        authority = _AUTHORITY.match(cells[start].text)
        assert authority is not None
        body = authority.group("body").strip()
        positions: list[str] = []
        signer = None
        following = [c for c in cells[start + 1 :] if not c.text.startswith(("-", "+"))]
        for cell in following:
            if _looks_like_name(cell.text):
                signer = cell.text
                self.signature_end = cell.line
                break
            if _is_caps(cell.text):
                positions.append(cell.text)
        if not body and positions:
            titles = split_titles(positions[0])
            # "TL." over "BỘ TRƯỞNG CHÁNH VĂN PHÒNG": the first title is whose behalf it is.
            body = titles[0] if titles and len(titles) > 1 else positions.pop(0)
            if titles and len(titles) > 1:
                positions[0] = " ".join(titles[1:])
        auth = authority.group("auth")
        self.doc.signing_authority = f"{auth} {readable_case(body)}".strip()
        if positions:
            self.doc.signer_position = readable_case(" ".join(positions))
        if signer:
            self.doc.signer = name_case(signer)
        else:
            self.doc.flags.append(Flag("signer", "Không đọc được tên người ký", cells[start].line))

    def _signature_without_authority(self, receive: int | None) -> None:
        start = receive if receive is not None else max(self.header_end, len(self.lines) - 25)
        cells = _cells(self.layout, start, len(self.lines))
        for previous, cell in pairwise(cells):
            if _looks_like_name(cell.text) and _is_caps(previous.text) and is_title(previous.text):
                self.doc.signer_position = readable_case(previous.text)
                self.doc.signer = name_case(cell.text)
                self.signature_end = cell.line
                return
        self.doc.flags.append(Flag("signer", "Không tìm thấy khối chữ ký (TM., KT., T/M…)"))

    # -- all ------------------------------------------------------------------------
    def parse(self) -> ParsedDocument:
        self.find_date()
        self.find_number()
        self.find_type_and_subject()
        recipients_end = self.find_recipients()
        header_stop = recipients_end or self.subject_end_line or (max(self.date_line or 0, self.doc.number_line or 0))
        self.header_end = header_stop
        self.find_issuer(header_stop)
        if self.doc.doc_type is None and self.doc.number and self.doc.number.type_code:
            family = "party" if self.doc.number.style == "party" else "state"
            doc_type = self.tables.type_for(self.doc.number.type_code, family)
            if doc_type:
                self.doc.doc_type, self.doc.type_code = doc_type.name, doc_type.code
        if self.doc.doc_type is None:
            self.doc.flags.append(Flag("type", "Không xác định được loại văn bản"))
        if self.doc.subject is None:
            self.doc.flags.append(Flag("subject", "Không tìm thấy trích yếu (V/v…)"))
        body_end = self.find_closing()
        annex_start = self._annex_start(body_end)
        cleaned = clean_body([(i + 1, self.lines[i]) for i in range(self.header_end, body_end)])
        closing = clean_body([(i + 1, self.lines[i]) for i in range(body_end, annex_start)])
        taken = {b.anchor for b in cleaned.blocks + closing.blocks if b.anchor}
        annexes = clean_body([(i + 1, self.lines[i]) for i in range(annex_start, len(self.lines))], taken)
        self.doc.blocks = cleaned.blocks
        self.doc.removed = cleaned.removed + [m for m in closing.removed if m.reason != "số trang"] + annexes.removed
        self.doc.closing = closing.blocks
        self.doc.annexes = annexes.blocks
        mark = detect_access(self.lines)
        self.doc.access, self.doc.urgency = mark.level, mark.urgency
        if mark.level == "review":
            self.doc.flags.append(
                Flag("access", f"Có dấu '{mark.text}' nhưng không đọc chắc chắn mức mật: cần người duyệt", mark.line)
            )
        return self.doc


_TITLE_CASE_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][a-zđà-ỹ]+$")


def _split_run_on_signature(line: str) -> str:
    """Wide gaps around a signer's titles and name run onto one line with other text.

    "- Lưu: VT, ĐMDN (2b). Trung Anh BỘ TRƯỞNG, CHỦ NHIỆM Mai Tiến Dũng" -> "… Trung Anh   BỘ
    TRƯỞNG, CHỦ NHIỆM   Mai Tiến Dũng"; "BỘ TRƯỞNG CHÁNH VĂN PHÒNG Nguyễn Đức Tâm" -> "BỘ TRƯỞNG
    CHÁNH VĂN PHÒNG   Nguyễn Đức Tâm". Only a known title run followed by a name (2-5 words
    in title case) at the end of the line qualifies; anything else is returned unchanged.
    """
    words = line.split()
    name_start = len(words)
    while name_start > 0 and len(words) - name_start < 5 and _TITLE_CASE_WORD.match(words[name_start - 1]):
        name_start -= 1
    if len(words) - name_start < 2:
        return line
    caps_start = name_start
    while caps_start > 0 and _is_caps(words[caps_start - 1].rstrip(",")) and len(words[caps_start - 1]) > 1:
        caps_start -= 1
    # The longest run of titles that ends right before the name.
    for begin in range(caps_start, name_start):
        titles = split_titles(" ".join(words[begin:name_start]))
        if titles:
            before = " ".join(words[:begin])
            cells = ([before] if before else []) + titles + [" ".join(words[name_start:])]
            return "   ".join(cells)
    return line


# Indentation (in spaces) from which a line of a flattened two-column layout is the right column.
_RIGHT_COLUMN = 30
_ITEM_START = re.compile(r"^(?:[IVX]+|\d+)[.\-]\s")
_FOLDED_PROVINCES: dict[int, tuple[CodeTables, tuple[tuple[str, str, re.Pattern[str]], ...]]] = {}


def _folded_provinces(tables: CodeTables) -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(name, folded name, whole-word pattern) of every province, built once per table set
    (folding them for every header line was a fifth of parse time)."""
    entry = _FOLDED_PROVINCES.get(id(tables))
    if entry is None or entry[0] is not tables:
        keys = tuple(
            (p.name, fold(p.name), re.compile(rf"(?<!\w){re.escape(fold(p.name))}(?!\w)")) for p in tables.provinces
        )
        entry = _FOLDED_PROVINCES[id(tables)] = (tables, keys)
    return entry[1]


def _split_items(items: list[str]) -> list[str]:
    """Items of a list; several on one line only when a dash follows ";", "," or "."."""
    result: list[str] = []
    for item in items:
        for part in re.split(r"(?:^|(?<=[;,.]))\s*[-+•]\s+(?=\S)", item.strip()):
            part = part.strip().strip("*").strip()
            # A note opened at the end of a line and closed in the other column ("…; (Để" … "báo cáo)").
            part = re.sub(r"[;,]?\s*\([^()]{0,12}$", "", part)
            part = part.rstrip(";,.").strip()
            if part:
                result.append(part)
    return result


def _looks_like_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 6 or any(ch.isdigit() for ch in text):
        return False
    if _is_caps(text):
        return False
    return all(w[:1].isupper() for w in words)


def _starts_with_place_word(text: str) -> bool:
    key = match_key(text)
    return any(key.startswith(word + " ") for word in place_words())


def _names_own_place(unit: str) -> bool:
    """True when a cased header unit names its place: an administrative word followed by a
    capitalised name ("… huyện Tiên Hậu", "Đảng ủy xã Bảo Đài"; not "… công tác xã hội")."""
    words = unit.split()
    keys = match_key(unit).split()
    for word in place_words():
        size = len(word.split())
        for index in range(len(words) - size):
            if " ".join(keys[index : index + size]) == word and words[index + size][:1].isupper():
                return True
    return False


def _ends_with_place_word(text: str) -> bool:
    key = match_key(text)
    return any(key.endswith(" " + word) for word in place_words())


def parse_document(text: str, tables: CodeTables | None = None) -> ParsedDocument:
    """Parse decoded text of one original."""
    return _Parser(text, tables or load_tables()).parse()
