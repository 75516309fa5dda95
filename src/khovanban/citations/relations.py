"""Stage 2: how the citing document relates to each document it cites, and what the text says
about relations between the cited documents themselves.

- *implements*: the document's basis, stated up front. A preamble paragraph opening with
  "Thực hiện…", "Để thực hiện…", "Căn cứ…" names, at its top level, the documents this one
  implements; so does a subject line "V/v triển khai thực hiện Kết luận số 54-KL/TW…".
- *cites*: any other mention.
- Stated relations between third documents: "Kết luận số 54-KL/TW … về tiếp tục thực hiện
  Quyết định số 99-QĐ/TW" says 54-KL/TW implements 99-QĐ/TW, whoever writes it. Only the
  citation right before the relation phrase is taken as its subject (precision over recall).

"Top level" is read from the words between consecutive citations: a relation phrase nests the
second citation under the first; a list separator (",", "và") keeps it at the first one's level;
";" returns to the top of the list. Everything here is a pure function of one text and its
citations, so it is linear in the number of citations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vntext import match_key
from .find import Citation
from .lexicon import Lexicon, load_lexicon

IMPLEMENTS = "implements"
CITES = "cites"
REPLACES = "replaces"
AMENDS = "amends"
# When one document relates to another in several ways, the strongest is kept.
STRENGTH = {IMPLEMENTS: 3, REPLACES: 2, AMENDS: 1, CITES: 0}

_ITEM = re.compile(r"^\s*(?:[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2})*|\(\d{1,2}\)|[a-zđ]\))\s*[.\-)]?\s+\S")
_BULLET = re.compile(r"^[\s\-+•*–]*")
_BREAK = re.compile(r";|\.(?:\s|$)|\n\s*\n")
_PARAGRAPH = re.compile(r"\n\s*\n")
_SENTENCE = re.compile(r"\.\s+[A-ZĐÀ-Ỹ]")  # a full stop ending a sentence
_MAX_STATED_GAP = 200


@dataclass(frozen=True)
class StatedRelation:
    """"<source> … <phrase> <target>" stated in the text: indexes into the citation list."""

    source: int
    target: int
    relation: str
    text: str


@dataclass(frozen=True)
class TextRelations:
    """Per citation, the citing document's relation to it; plus relations between cited documents."""

    page: tuple[str, ...]
    stated: tuple[StatedRelation, ...]


def relate_citations(text: str, citations: list[Citation], subject: bool = False) -> TextRelations:
    """Relations of one text. ``subject`` marks a subject line ("V/v …"), read as one basis clause."""
    return _Relater(text, citations, load_lexicon(), subject).run()


class _Relater:
    def __init__(self, text: str, citations: list[Citation], lexicon: Lexicon, subject: bool) -> None:
        self.text = text
        self.citations = citations
        self.lexicon = lexicon
        self.subject = subject

    def _lines(self) -> list[tuple[int, int, bool]]:
        """(start, end, is basis paragraph) of every line; basis only in the preamble."""
        lines: list[tuple[int, int, bool]] = []
        preamble = True
        position = 0
        for line in self.text.split("\n"):
            end = position + len(line)
            if preamble and _ITEM.match(line):
                preamble = False
            opener = self.lexicon.opener_of(_BULLET.sub("", line)) if preamble and not self.subject else None
            lines.append((position, end, opener is not None))
            position = end + 1
        return lines

    def _lead_is_basis(self, lead: str) -> bool:
        """Words between a basis opener and the first cited document: few, in the same list item.

        "Căn cứ Điều lệ Đảng, Quy định…" and "Thực hiện Hướng dẫn … (unnumbered); Kế hoạch số 33…"
        both name their first numbered document at the top of the basis list.
        """
        opener = self.lexicon.opener_of(_BULLET.sub("", lead))
        if opener is None or _SENTENCE.search(lead):
            return False
        item = lead.rsplit(";", 1)[1] if ";" in lead else lead
        words = len(item.split())
        if ";" not in lead:
            words -= len(opener.split())
        elif self.lexicon.opener_of(item.strip()) is not None:
            words -= len(self.lexicon.opener_of(item.strip()).split())  # type: ignore[union-attr]
        return words <= self.lexicon.basis_max_lead_words

    def _is_list_gap(self, gap: str) -> bool:
        """Only list separators (and maybe a new opener after ";") between two citations."""
        rest = gap.strip(" \t\n“”\"'*")
        if ";" in rest:
            rest = rest.rsplit(";", 1)[1].strip()
            opener = self.lexicon.opener_of(_BULLET.sub("", rest)) if rest else None
            if opener is not None:
                rest = match_key(rest)[len(opener) :].strip()
            return not rest
        key = match_key(rest)
        return bool(re.fullmatch(r"(?:,|và|hoặc|cùng|với|các|\s)*", key))

    def run(self) -> TextRelations:
        citations = self.citations
        page = [CITES] * len(citations)
        stated: list[StatedRelation] = []
        level: dict[int, int | None] = {}
        lines = self._lines() if not self.subject else [(0, len(self.text), True)]
        line_index = 0
        line_of_previous = -1
        previous: int | None = None  # the last citation that is not inside a definition
        for index, citation in enumerate(citations):
            while line_index + 1 < len(lines) and citation.start > lines[line_index][1]:
                line_index += 1
            line_start, _, basis = lines[line_index]
            if citation.in_definition:
                continue
            first_in_line = line_of_previous != line_index
            line_of_previous = line_index
            if first_in_line and (basis or self.subject or previous is None):
                self._first(index, self.text[line_start : citation.start], basis, page, level)
            else:
                assert previous is not None
                self._after(index, previous, basis, page, level, stated)
            previous = index
        return TextRelations(tuple(page), tuple(stated))

    def _first(self, index: int, lead: str, basis: bool, page: list[str], level: dict[int, int | None]) -> None:
        """The first citation of a basis line or subject: is it the document's basis?"""
        if self.subject:
            lead = re.sub(r"^\s*V/v\b\.?", "", lead, flags=re.IGNORECASE)
            rule = self.lexicon.relation_before(lead)
            level[index] = 0
            if rule is not None and rule.relation in (IMPLEMENTS, REPLACES):
                page[index] = rule.relation
        elif basis and self._lead_is_basis(lead):
            level[index] = 0
            page[index] = IMPLEMENTS
        else:
            level[index] = None
            rule = self.lexicon.relation_before(_last_clause(lead))
            if rule is not None and rule.relation == REPLACES:
                page[index] = REPLACES

    def _after(
        self,
        index: int,
        previous: int,
        basis: bool,
        page: list[str],
        level: dict[int, int | None],
        stated: list[StatedRelation],
    ) -> None:
        """A citation after another: nested under it, listed with it, or on its own."""
        citation, before = self.citations[index], self.citations[previous]
        gap = self.text[before.desc_end : citation.start]
        list_gap = self.text[max(before.extent_end, before.desc_end) : citation.start]
        rule = None
        if len(gap) <= _MAX_STATED_GAP and not _BREAK.search(gap) and "này" not in match_key(gap):
            rule = self.lexicon.relation_between(gap)
        if rule is not None:
            source, target = (previous, index) if rule.direction == "forward" else (index, previous)
            text = " ".join(self.text[before.start : citation.end].split())
            stated.append(StatedRelation(source, target, rule.relation, text))
            parent = level.get(previous)
            level[index] = None if parent is None else parent + 1
        elif not _PARAGRAPH.search(list_gap) and self._is_list_gap(list_gap):
            if ";" in list_gap:
                level[index] = 0 if level.get(previous) is not None else None
            else:
                level[index] = level.get(previous)
        else:
            level[index] = None
            rule = self.lexicon.relation_before(_last_clause(gap))
            if rule is not None and rule.relation == REPLACES and "này" in match_key(_last_clause(gap)):
                page[index] = REPLACES
        if level[index] == 0 and page[index] == CITES:
            # Listed at the top of a basis clause: implemented too. In a subject line only
            # when the first document is ("V/v thực hiện Kết luận… và Chỉ thị…").
            if self.subject:
                page[index] = page[min(i for i, value in level.items() if value == 0)]
            elif basis:
                page[index] = IMPLEMENTS


def _last_clause(text: str) -> str:
    """The words after the last clause break ("; ", ". ")."""
    parts = _BREAK.split(text)
    return parts[-1] if parts else text
