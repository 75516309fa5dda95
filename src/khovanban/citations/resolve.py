"""Stage 3: resolve every citation to one canonical document identity across the archive.

Identity is (issuer, number, year), as for archived documents (``identity.document_id``):

- The issuer comes from the number's issuer code, qualified by what the sentence says ("… của
  Ban Thường vụ Tỉnh uỷ Quảng Ninh") or, for province-level codes ("TU", "LĐLĐ"), by the citing
  page's ``province``: "12-CTr/TU" in a Lai Châu letter is Tỉnh ủy Lai Châu's. "Ban Bí thư" and
  "Bộ Chính trị" number as "TW". A district committee's code the sentence does not name ("của
  Ban Thường vụ Huyện ủy") is the citing document's own district's, read from its front matter
  (``PageContext``); a later mention without issuer is the document its first full mention in the
  page named; a citation inside an archived document's description ("… về thực hiện …") is read
  in that document's context. When none of this says who issued a document, the citation is
  declined with a reason, never guessed.
- Numbers are compared through ``numbers.parse_number`` and ``DocumentNumber.match_key``: the
  typo "2234-CVTU" and the state-style "217/QĐ-TW" meet 2234-CV/TU and 217-QĐ/TW.
- The year comes from the number ("145/2020/NĐ-CP") or a date in the citation. Numbers restart
  each year or term, so citations of one number with different years are different documents;
  an undated citation joins the single year known for its number, or the one year whose dated
  citations give it the same subject; otherwise it is declined as ambiguous (never "the latest":
  Party numbers restart each term, so the latest is often the wrong one).
- Two archived documents that fit one citation equally are not chosen between: declined.
- Short forms ("Kết luận số 01") resolve inside their own text, to the document the text
  defined them for or, failing that, to the one earlier citation of that type and number.

Resolution groups citations in dictionaries by key: linear in the number of citations.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..identity import document_id
from ..numbers import DocumentNumber
from ..tables import CodeTables, IssuerCode, load_tables
from ..vntext import fold, match_key, nfc, slugify
from .find import Citation, IssuerPhrase, ShortFormDefinition, find_citations
from .lexicon import Lexicon, load_lexicon

DocumentKey = tuple[str, str]  # (issuer slug, number key)


@dataclass(frozen=True)
class IssuerIdentity:
    """Who issued a cited document: canonical name (as on archived pages), the body the text
    names, and the key that identity compares.

    The key is the issuer code for national bodies ("TW": Ban Bí thư, Bộ Chính trị and the
    Central Committee number as one), code and province for provincial ones ("TU@bac giang"),
    and the spelled-out name otherwise, so archived pages whose issuer reads "Ban Thường trực Ủy
    ban MTTQ Việt Nam xã X" meet citations of "Ủy ban Mặt trận Tổ quốc Việt Nam xã X".
    """

    name: str
    body: str | None = None
    key: str = ""

    @property
    def slug(self) -> str:
        return slugify(self.name)


@lru_cache(maxsize=1)
def _name_rules() -> tuple[tuple[str, ...], dict[str, str]]:
    lexicon = load_lexicon()
    organs = tuple(slugify(organ) + "-" for organ in lexicon.standing_organs)
    return organs, {slugify(k): slugify(v) for k, v in lexicon.abbreviations.items()}


@lru_cache(maxsize=1 << 14)
def name_key(name: str) -> str:
    """Comparable form of an issuer's name: no standing organ, abbreviations spelt out, folded."""
    organs, spelled = _name_rules()
    slug = slugify(name)
    for prefix in organs:
        if slug.startswith(prefix):
            slug = slug[len(prefix) :]
            break
    return "name:" + "-".join(spelled.get(part, part) for part in slug.split("-"))


def _code_key(code: IssuerCode, province: str | None = None) -> str:
    return f"code:{code.code}@{fold(province)}" if province else f"code:{code.code}"


# Words that start the next part of an issuer's name ("Huyện ủy Phú Xuân Đảng bộ tỉnh Bắc Kạn"),
# so a unit's proper name, whatever its case, runs up to them.
_NAME_ENDS = ("đảng bộ", "đảng ủy", "tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường",
              "thị trấn", "liên đoàn", "lđlđ", "ủy ban", "ban", "mặt trận", "công đoàn", "đảng đoàn")
_DISTRICT_WORDS = {"huyện ủy": "huyện", "quận ủy": "quận", "thị ủy": "thị xã", "huyện": "huyện",
                   "quận": "quận", "thị xã": "thị xã"}
_COMMUNE_WORDS = ("xã", "phường", "thị trấn")
# The district committee each local Party code stands for, by the kind of district.
_DISTRICT_COMMITTEES = {"HU": ("huyện", "Huyện ủy"), "QU": ("quận", "Quận ủy"), "ThU": ("thị xã", "Thị ủy")}


@dataclass(frozen=True)
class PageContext:
    """Where the citing document stands, as a reader of it knows: its province, and the district
    and commune its issuer belongs to ("Đảng ủy xã Bình Điền", under "Đảng bộ huyện Phú Xuân").

    Read from the page's front matter (``province``, ``issuer``, ``issuer_parent``); units are
    (kind word, proper name): ("huyện", "Phú Xuân").
    """

    province: str | None = None
    district: tuple[str, str] | None = None
    commune: tuple[str, str] | None = None

    @property
    def below_province(self) -> bool:
        return self.district is not None or self.commune is not None


def _title(name: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in name.split())


def own_name(issuer: str, parent: str | None) -> str:
    """The issuer without its parent appended: "Huyện ủy Phú Xuân Đảng bộ tỉnh Bắc Kạn" ->
    "Huyện ủy Phú Xuân" (ingest writes some headers' two lines as one name)."""
    issuer = " ".join(issuer.split())
    if parent:
        words, tail = issuer.split(), " ".join(parent.split())
        size = len(tail.split())
        if len(words) > size and match_key(" ".join(words[-size:])) == match_key(tail):
            return " ".join(words[:-size])
    return issuer


def _units_in(name: str) -> list[tuple[str, str]]:
    """(unit word, proper name) pairs named in ``name``: "Đảng ủy xã Bình Điền" -> [("xã", "Bình Điền")]."""
    words = name.split()
    keys = [match_key(word) for word in words]
    found: list[tuple[str, str]] = []
    index = 0
    while index < len(words):
        unit = None
        for size in (2, 1):
            candidate = " ".join(keys[index : index + size])
            if len(keys[index : index + size]) == size and (candidate in _DISTRICT_WORDS or
                                                            candidate in _COMMUNE_WORDS or
                                                            candidate in ("tỉnh", "thành phố", "tỉnh ủy", "thành ủy")):
                unit = candidate
                break
        if unit is None:
            index += 1
            continue
        start = end = index + len(unit.split())
        while end < len(words) and end - start < 4 and not any(
            " ".join(keys[end : end + len(stop.split())]) == stop for stop in _NAME_ENDS
        ):
            end += 1
        if end > start:
            found.append((unit, _title(" ".join(words[start:end]))))
        index = max(end, index + 1)
    return found


@lru_cache(maxsize=1 << 14)
def _context(province: str | None, issuer: str | None, parent: str | None) -> PageContext:
    tables = load_tables()
    district = commune = None
    named_province = _province_name(tables, province)
    for part in (own_name(issuer or "", parent), parent or ""):
        for unit, name in _units_in(part):
            if unit in _DISTRICT_WORDS and district is None:
                district = (_DISTRICT_WORDS[unit], name)
            elif unit in _COMMUNE_WORDS and commune is None:
                commune = (unit, name)
            elif unit in ("tỉnh", "thành phố", "tỉnh ủy", "thành ủy"):
                found = _province_name(tables, name)
                if found is not None:
                    named_province = named_province or found
                elif unit == "thành phố" and district is None:
                    district = ("thành phố", name)  # a city inside a province
    return PageContext(named_province[0] if named_province else None, district, commune)


def page_context(meta: dict) -> PageContext:
    """The citing page's units, from its front matter."""
    def text(key: str) -> str | None:
        value = meta.get(key)
        return str(value) if value else None

    return _context(text("province"), text("issuer"), text("issuer_parent"))


@dataclass(eq=False, slots=True)
class Mention:
    """One citation in one page, with what resolution made of it.

    ``relation`` is the citing page's relation to the cited document (relations.py). After
    resolution, ``target`` is the cited document's ID, or ``problem`` says why there is none.
    """

    page_id: str
    path: str
    where: str  # "body" or "subject": the text the citation is in
    index: int
    citation: Citation
    line: int | None
    province: str | None
    relation: str
    context: PageContext | None = None
    issuer: IssuerIdentity | None = None
    key: DocumentKey | None = None
    year: int | None = None
    antecedent: Mention | None = field(default=None, repr=False)
    target: str | None = None
    problem: str | None = None
    override: str | None = None  # set by staff in the page's citation_targets
    quote: str = ""  # the citation as printed, with its date and issuer

    @property
    def is_self(self) -> bool:
        return self.target == self.page_id


@dataclass
class CitedDocument:
    """A document known only from citations: its identity and every mention of it."""

    id: str
    key: DocumentKey
    year: int | None
    issuer: IssuerIdentity
    mentions: list[Mention] = field(default_factory=list)


def number_key(number: DocumentNumber) -> str:
    """Key for "the same number": drafting units and leading zeros left out ("05" = "5")."""
    digits, type_code, issuers = number.match_key()
    digits = (digits or "").lstrip("0") or "0"
    return f"{digits}|{type_code or ''}|{issuers}"


def _stem(code: str) -> str:
    return re.sub(r"\d+$", "", code) or code


def _province_name(tables: CodeTables, name: str | None) -> tuple[str, str] | None:
    province = tables.province(name) if name else None
    return (province.name, province.kind) if province else None


def _spell_out(name: str, lexicon: Lexicon) -> str:
    words = [lexicon.abbreviations.get(word, word) for word in name.split()]
    return " ".join(words)


def _local_name(phrase_text: str, province: str | None, lexicon: Lexicon) -> str | None:
    """"Ban Thường vụ Đảng ủy xã Lương Minh" -> "Đảng ủy xã Lương Minh"."""
    name = " ".join(phrase_text.split())
    key = match_key(name)
    for organ in lexicon.standing_organs:
        if key.startswith(organ + " "):
            name = name[len(organ) + 1 :].strip()
            break
    name = _spell_out(name, lexicon)
    if match_key(name).endswith((" tỉnh", " thành phố")):
        if not province:
            return None
        name = f"{name} {province}"
    return name


def resolve_issuer(
    citation: Citation,
    province: str | None,
    tables: CodeTables | None = None,
    context: PageContext | None = None,
) -> IssuerIdentity | str:
    """The issuer of a cited document, or the reason it cannot be told (a Vietnamese message).

    ``context`` is where the citing document stands: a district committee's code ("12-CV/HU")
    that the sentence does not name ("của Ban Thường vụ Huyện ủy", or nothing) is the committee
    of the citing document's own district, as its readers take it; a commune's "ĐU" is its own
    commune's Đảng ủy. Nothing else is filled in from the context.
    """
    tables = tables or load_tables()
    lexicon = load_lexicon()
    phrase = citation.issuer
    number = citation.number
    code: IssuerCode | None = None
    if number is not None and number.primary_issuer:
        code = tables.issuer(_stem(number.primary_issuer))
    if code is not None and phrase is not None and phrase.codes and code.code not in phrase.codes:
        return (f"câu trích dẫn ghi cơ quan '{phrase.text}' nhưng ký hiệu {number.symbol if number else ''} "
                f"là của {code.name.replace('{province}', '').strip()}")
    if code is None and phrase is not None and phrase.codes:
        code = tables.issuer(phrase.codes[0])
    body = phrase.body if phrase is not None else None
    if code is None:
        if phrase is not None and len(phrase.text.split()) >= 2 and phrase.text[:1].isupper():
            name = _spell_out(phrase.text, lexicon)
            return IssuerIdentity(name, phrase.text, name_key(name))
        symbol = number.symbol if number is not None else ""
        return f"không rõ cơ quan ban hành: ký hiệu '{symbol}' không có trong bảng mã và câu không nêu cơ quan"
    if code.scope == "national":
        return IssuerIdentity(code.name, body, _code_key(code))
    if phrase is not None and phrase.place and not phrase.province:
        local = _local_name(phrase.text, province, lexicon)
        if local:
            return IssuerIdentity(local, body, name_key(local))
    if code.scope == "province":
        if phrase is not None and phrase.body is None and _names_lower_unit(phrase.text):
            # "Liên đoàn Lao động huyện X" under a "LĐLĐ" number: the district's, not the province's.
            name = _spell_out(" ".join(phrase.text.split()), lexicon)
            return IssuerIdentity(name, phrase.text, name_key(name))
        named = _province_name(tables, phrase.province if phrase is not None else None)
        if named is None and code.code in _shared_codes() and context is not None and context.below_province \
                and not _says_province_level(phrase):
            return (f"ký hiệu '{code.code}' dùng cho cả cấp tỉnh và cấp dưới; câu không nêu cơ quan nào "
                    "và văn bản trích dẫn là của cấp dưới tỉnh")
        named = named or _province_name(tables, province)
        if named is None:
            return (f"ký hiệu '{code.code}' là của cấp tỉnh nhưng không rõ tỉnh nào: câu không nêu và "
                    "trang không có trường 'province'")
        filled = code.issuer_name(*named)
        if not filled:
            return f"không điền được tên cơ quan cho ký hiệu '{code.code}'"
        return IssuerIdentity(filled, body, _code_key(code, named[0]))
    if phrase is not None and (phrase.place or phrase.province):
        local = _local_name(phrase.text, province, lexicon)
        if local:
            return IssuerIdentity(local, body, name_key(local))
    own = _own_committee(code, context)
    if own is not None:
        return IssuerIdentity(own, body, name_key(own))
    return (f"ký hiệu '{code.code}' ({code.name}) dùng chung cho nhiều cơ quan và câu trích dẫn không nêu "
            "cơ quan nào")


def _own_committee(code: IssuerCode, context: PageContext | None) -> str | None:
    """The citing document's own district committee for "HU"/"QU"/"ThU", its own commune's Đảng
    ủy for "ĐU" (None when the context does not fit the code: a "QU" cited from a huyện)."""
    if context is None:
        return None
    if code.code in _DISTRICT_COMMITTEES and context.district is not None:
        kind, committee = _DISTRICT_COMMITTEES[code.code]
        if context.district[0] == kind:
            return f"{committee} {context.district[1]}"
        if code.code == "ThU" and context.district[0] == "thành phố":
            return f"Thành ủy {context.district[1]}"
        return None
    if code.code == "ĐU" and context.commune is not None:
        return f"Đảng ủy {context.commune[0]} {context.commune[1]}"
    return None


_LOWER_UNIT = re.compile(r"(?:^|\s)(?:huyện|quận|thị xã|xã|phường|thị trấn)\s+\S")


def _names_lower_unit(text: str) -> bool:
    """Does an issuer's name place it below a province ("… huyện Lộc Nghĩa", "… xã Lương Minh")?"""
    return bool(_LOWER_UNIT.search(match_key(text)))


def _says_province_level(phrase: IssuerPhrase | None) -> bool:
    """"Ủy ban nhân dân tỉnh", "LĐLĐ thành phố": the body's own words say it is the province's."""
    return phrase is not None and bool(re.search(r"(?:^|\s)(?:tỉnh|thành phố)(?:\s|$)", match_key(phrase.text)))


@lru_cache(maxsize=1)
def _shared_codes() -> frozenset[str]:
    """Province-scope codes that lower levels print too ("UBND", "LĐLĐ"): citation_issuers.yaml."""
    return frozenset(nfc(code) for code in load_lexicon().raw["issuers"].get("shared_codes") or [])


def resolve_text_issuer(text: str, province: str | None) -> IssuerIdentity | str | None:
    """Resolve the first citation in ``text`` (used by the data-table examples)."""
    citations = find_citations(text)
    return resolve_issuer(citations[0], province) if citations else None


# -- one text: keys and short forms ---------------------------------------------------------
def key_mentions(
    mentions: Iterable[Mention],
    tables: CodeTables | None = None,
    earlier: dict[str, list[Mention]] | None = None,
) -> None:
    """Give every full citation its issuer, key and year (or a problem).

    A later mention of a number that names no issuer ("… thực hiện Công văn số 109/UBND-NC;")
    means the document its first full mention in the same page named ("Công văn số 109/UBND-NC
    ngày 13/7/2021 của Ủy ban nhân dân tỉnh Phú Yên"), with that mention's year, as it does for
    a reader; when earlier mentions named different issuers it is declined. ``earlier`` carries
    those mentions from one text of a page to the next (body, then subject).
    """
    tables = tables or load_tables()
    earlier = {} if earlier is None else earlier
    for mention in mentions:
        citation = mention.citation
        if citation.kind != "full" or citation.number is None:
            continue
        number = number_key(citation.number)
        year = citation.number.year or (citation.date.year if citation.date else None)
        first = earlier.get(number, []) if citation.issuer is None else []
        first = [m for m in first if year is None or m.year in (None, year)]
        if first:
            issuers = {m.issuer.key: m.issuer for m in first if m.issuer is not None}
            if len(issuers) > 1:
                mention.problem = (f"'{citation.label}' không nêu cơ quan, mà trước đó số này được nêu với "
                                   f"nhiều cơ quan ({', '.join(sorted(i.name for i in issuers.values()))})")
                continue
            source = first[0]
            years = {m.year for m in first if m.year}
            mention.issuer = source.issuer
            mention.key = source.key
            mention.year = year or (next(iter(years)) if len(years) == 1 else None)
            continue
        issuer = resolve_issuer(citation, mention.province, tables, mention.context)
        if isinstance(issuer, str):
            mention.problem = issuer
            continue
        mention.issuer = issuer
        mention.key = (issuer.key, number)
        mention.year = year
        if citation.issuer is not None:
            earlier.setdefault(number, []).append(mention)


def link_short_forms(mentions: list[Mention], definitions: list[ShortFormDefinition]) -> None:
    """Point each short form ("Kết luận số 01") of one text at the mention it stands for.

    A definition "(sau đây gọi tắt là Kết luận số 01)" binds the form to the nearest earlier full
    citation of that type and number; later forms without a definition go to the one earlier full
    citation of that type and number, and are declined when there are several.
    """
    defined: dict[tuple[str, int], Mention] = {}
    by_form: dict[tuple[str, int], list[Mention]] = defaultdict(list)
    pending = sorted(definitions, key=lambda d: d.start)
    next_definition = 0
    for mention in mentions:
        citation = mention.citation
        while next_definition < len(pending) and pending[next_definition].start <= citation.start:
            _bind_definition(pending[next_definition], by_form, defined)
            next_definition += 1
        if citation.kind == "full" and citation.number is not None and citation.number.number:
            digits = re.match(r"\d+", citation.number.number)
            if digits and citation.doc_type and not citation.in_definition:
                by_form[(citation.doc_type, int(digits.group(0)))].append(mention)
            continue
        if citation.kind != "short" or not citation.short_number:
            continue
        form = (citation.doc_type or "", int(citation.short_number))
        antecedent = defined.get(form)
        if antecedent is None:
            candidates = by_form.get(form, [])
            keys = {m.key for m in candidates if m.key is not None}
            if len(keys) == 1:
                antecedent = next(m for m in reversed(candidates) if m.key is not None)
            elif len(keys) > 1:
                mention.problem = (f"'{citation.label}' có thể chỉ nhiều văn bản đã nêu trước đó "
                                   f"({', '.join(sorted(k[1] for k in keys))})")
                continue
            elif candidates:
                mention.problem = candidates[-1].problem
                continue
        if antecedent is None:
            mention.problem = f"không tìm thấy văn bản mà dạng viết tắt '{citation.label}' chỉ tới"
            continue
        mention.antecedent = antecedent


def _bind_definition(
    definition: ShortFormDefinition,
    by_form: dict[tuple[str, int], list[Mention]],
    defined: dict[tuple[str, int], Mention],
) -> None:
    lexicon = load_lexicon()
    match = re.match(r"(?P<word>[^\d]+?)\s+(?:số\s+)?(?P<digits>\d+)\s*$", definition.form, re.IGNORECASE)
    if not match:
        return
    doc_type = lexicon.type_words.get(match_key(match.group("word")))
    if doc_type is None:
        return
    form = (doc_type.name, int(match.group("digits")))
    candidates = by_form.get(form)
    if candidates:
        defined[form] = candidates[-1]


def key_in_described_context(
    pairs: Iterable[tuple[Mention, Mention]],
    archived: dict[DocumentKey, list[tuple[int | None, str]]],
    metas: dict[str, dict],
    tables: CodeTables | None = None,
) -> None:
    """Key citations nested in the description of an archived document by that document's context.

    "Công văn số 368-CV/QU … của Ban Thường vụ Quận ủy Lương Điền về thực hiện Công văn số
    98-CV/TU … của Ban Thường vụ Thành ủy": the words after "về" are Quận ủy Lương Điền's own
    subject line, so its "Thành ủy" is the one of its city, whatever page quotes it. Used only
    for a nested citation the citing page's own context could not place, and only when the
    describing citation is one archived document, whose front matter then gives the context.
    ``pairs`` are (describing mention, nested mention).
    """
    tables = tables or load_tables()
    for describer, nested in pairs:
        if (nested.key is not None or nested.citation.kind != "full" or nested.override is not None
                or describer.key is None):
            continue
        years = {describer.year, None} if describer.year else None
        ids = sorted({doc_id for year, doc_id in archived.get(describer.key, []) if years is None or year in years})
        if len(ids) != 1 or ids[0] not in metas:
            continue
        meta = metas[ids[0]]
        issuer = resolve_issuer(nested.citation, meta.get("province"), tables, page_context(meta))
        if isinstance(issuer, IssuerIdentity) and nested.citation.number is not None:
            nested.issuer, nested.problem = issuer, None
            nested.key = (issuer.key, number_key(nested.citation.number))
            nested.year = nested.citation.number.year or (nested.citation.date.year if nested.citation.date else None)


# -- the archive: groups and years ------------------------------------------------------------
@dataclass
class Resolution:
    """What ``resolve_mentions`` made: targets set on mentions, plus the cited-only documents."""

    cited: dict[str, CitedDocument] = field(default_factory=dict)


def resolve_mentions(
    mentions: list[Mention],
    archived: dict[DocumentKey, list[tuple[int | None, str]]],
    taken_ids: set[str],
) -> Resolution:
    """Resolve keyed mentions to archived documents or to cited-only documents.

    ``archived`` maps a key to the (year, ID) of archived documents with it; ``taken_ids`` are IDs
    a generated page may not take (archived documents and their retired IDs).
    """
    groups: dict[DocumentKey, list[Mention]] = defaultdict(list)
    for mention in mentions:
        if mention.key is not None:
            groups[mention.key].append(mention)
    resolution = Resolution()
    for key, members in groups.items():
        years_known: set[int] = {year for year, _ in archived.get(key, []) if year}
        years_known |= {m.year for m in members if m.year}
        page_years: dict[str, set[int]] = defaultdict(set)
        subjects: dict[str, set[int]] | None = None  # built once per group, when needed
        for member in members:
            if member.year:
                page_years[member.page_id].add(member.year)
        for member in members:
            year = member.year
            if year is None:
                if len(years_known) == 1:
                    year = next(iter(years_known))
                elif len(years_known) > 1:
                    local = page_years.get(member.page_id, set())
                    if len(local) != 1 and subjects is None:
                        subjects = _years_by_subject(members)
                    subject = _subject_key(member.citation)
                    described = subjects.get(subject, set()) if subjects and subject else set()
                    if len(local) == 1:
                        year = next(iter(local))
                    elif len(described) == 1:
                        year = next(iter(described))
                    else:
                        member.problem = (f"'{member.citation.label}' không ghi ngày, mà số này ứng với nhiều "
                                          f"văn bản ({', '.join(str(y) for y in sorted(years_known))})")
                        continue
            member.year = year
            member.target = _target(key, year, member, archived, resolution, taken_ids)
    for mention in mentions:
        if mention.antecedent is not None:
            mention.target = mention.antecedent.target
            mention.problem = mention.antecedent.problem if mention.target is None else None
            mention.key, mention.year, mention.issuer = (
                mention.antecedent.key, mention.antecedent.year, mention.antecedent.issuer)
    return resolution


def _subject_key(citation: Citation) -> str | None:
    about = citation.title or citation.about
    return match_key(about).strip(" .,;") if about and len(about.split()) >= 4 else None


def _years_by_subject(members: list[Mention]) -> dict[str, set[int]]:
    """Subject -> years of the dated citations of one number that give it that subject.

    "Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức,
    phong cách Hồ Chí Minh", undated, is the 05-CT/TW that other pages cite with that subject and
    a date, as a reader recognises it by its title; not the 5-CT/TW of another year about
    something else.
    """
    found: dict[str, set[int]] = defaultdict(set)
    for member in members:
        year = _printed_year(member.citation)
        subject = _subject_key(member.citation) if year else None
        if subject and year:
            found[subject].add(year)
    return found


def _printed_year(citation: Citation) -> int | None:
    if citation.number is not None and citation.number.year:
        return citation.number.year
    return citation.date.year if citation.date else None


def _target(
    key: DocumentKey,
    year: int | None,
    mention: Mention,
    archived: dict[DocumentKey, list[tuple[int | None, str]]],
    resolution: Resolution,
    taken_ids: set[str],
) -> str | None:
    candidates = archived.get(key, [])
    # An archived document of that year; failing that, one whose date is not known.
    for wanted in (year, None):
        matches = sorted({doc_id for archived_year, doc_id in candidates if archived_year == wanted})
        if len(matches) == 1:
            return matches[0]
        if matches:
            mention.problem = (f"'{mention.citation.label}' ứng với nhiều văn bản trong kho "
                               f"({', '.join(matches)}); ghi văn bản đúng vào citation_targets")
            return None
    group_id = f"{key[0]}|{key[1]}|{year}"
    cited = resolution.cited.get(group_id)
    if cited is None:
        assert mention.issuer is not None and mention.citation.number is not None
        doc_id = document_id(mention.issuer.name, year, _key_number(mention.citation.number))
        base, suffix = doc_id, 2
        while doc_id in taken_ids:
            doc_id, suffix = f"{base}-{suffix}", suffix + 1
        taken_ids.add(doc_id)
        cited = CitedDocument(doc_id, key, year, mention.issuer)
        resolution.cited[group_id] = cited
    cited.mentions.append(mention)
    return cited.id


def _key_number(number: DocumentNumber) -> DocumentNumber:
    """The number without drafting units, so a cited document's ID does not depend on which
    citation came first ("6713/TLĐ-TG" and "6713/TLĐ" give one ID)."""
    return DocumentNumber(
        raw=number.canonical,
        number=number.number,
        style=number.style,
        type_code=number.type_code,
        issuer_codes=number.issuer_codes,
        year=number.year,
    )


# Every front-matter field the index reads of an archived document. The index is made from a
# view holding only these, so a memo keyed by their values (``archived_index``) cannot miss one.
INDEX_FIELDS = ("number", "date", "issuer", "issuer_parent", "issuer_level", "province")
IndexEntries = list[tuple[DocumentKey, tuple[int | None, str]]]


def archived_index(
    records: Iterable[tuple[str, dict]], tables: CodeTables | None = None,
    memo: dict[tuple[Any, ...], IndexEntries] | None = None,
) -> dict[DocumentKey, list[tuple[int | None, str]]]:
    """Index archived documents, given as (ID, metadata), by every key a citation may reach them by.

    ``memo`` (made with the same ``tables``) keeps each document's entries by its ID and
    ``INDEX_FIELDS`` values, for the next build in this process (a rebuild under serve)."""
    tables = tables or load_tables()
    index: dict[DocumentKey, list[tuple[int | None, str]]] = defaultdict(list)
    for doc_id, meta in records:
        values = (doc_id, *(meta.get(name) for name in INDEX_FIELDS))
        try:
            entries = memo.get(values) if memo is not None else None
        except TypeError:  # a field YAML gave as a list or mapping
            entries, memo = None, None
        if entries is None:
            entries = _index_entries(doc_id, dict(zip(INDEX_FIELDS, values[1:])), tables)
            if memo is not None:
                memo[values] = entries
        for key, value in entries:
            index[key].append(value)
    return index


def _index_entries(doc_id: str, fields: dict[str, Any], tables: CodeTables) -> IndexEntries:
    from ..numbers import parse_number

    printed = fields.get("number")
    number = parse_number(str(printed)) if printed else None
    if number is None or not number.number:
        return []
    date = str(fields.get("date") or "")
    year = int(date[:4]) if date[:4].isdigit() else number.year
    return [((key, number_key(number)), (year, doc_id)) for key in _archived_issuer_keys(doc_id, fields, number, tables)]


def _archived_issuer_keys(doc_id: str, meta: dict, number: DocumentNumber, tables: CodeTables) -> set[str]:
    keys = {name_key(doc_id.split("/", 1)[0])}
    if meta.get("issuer"):
        keys.add(name_key(str(meta["issuer"])))
        # "Huyện ủy Phú Xuân Đảng bộ tỉnh Bắc Kạn" is cited as "Huyện ủy Phú Xuân".
        keys.add(name_key(own_name(str(meta["issuer"]), meta.get("issuer_parent"))))
    code = tables.issuer(_stem(number.primary_issuer)) if number.primary_issuer else None
    if code is not None and code.scope == "national":
        keys.add(_code_key(code))
    elif (code is not None and code.scope == "province" and meta.get("issuer_level") in (None, "", "tinh")
          and not page_context(meta).below_province):
        # Not for a district's "57/LĐLĐ" or "12/UBND": those number like the province's.
        named = _province_name(tables, meta.get("province"))
        if named is not None:
            keys.add(_code_key(code, named[0]))
    return keys


def most_common(values: Iterable[str | None]) -> str | None:
    """The most frequent non-empty value (first seen wins ties)."""
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


__all__ = [
    "CitedDocument",
    "DocumentKey",
    "IssuerIdentity",
    "Mention",
    "Resolution",
    "archived_index",
    "key_in_described_context",
    "key_mentions",
    "link_short_forms",
    "most_common",
    "number_key",
    "resolve_issuer",
    "resolve_mentions",
]
