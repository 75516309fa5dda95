"""Stage 3: resolve every citation to one canonical document identity across the archive.

Identity is (issuer, number, year), as for archived documents (``identity.document_id``):

- The issuer comes from the number's issuer code, qualified by what the sentence says ("… của
  Ban Thường vụ Tỉnh uỷ Quảng Ninh") or, for province-level codes ("TU", "LĐLĐ"), by the citing
  page's ``province``: "12-CTr/TU" in a Lai Châu letter is Tỉnh ủy Lai Châu's. "Ban Bí thư" and
  "Bộ Chính trị" number as "TW". When neither the code nor the sentence says who issued a
  document, the citation is declined with a reason, never guessed.
- Numbers are compared through ``numbers.parse_number`` and ``DocumentNumber.match_key``: the
  typo "2234-CVTU" and the state-style "217/QĐ-TW" meet 2234-CV/TU and 217-QĐ/TW.
- The year comes from the number ("145/2020/NĐ-CP") or a date in the citation. Numbers restart
  each year or term, so citations of one number with different years are different documents;
  an undated citation joins the single year known for its number, or is declined as ambiguous.
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

from ..identity import document_id
from ..numbers import DocumentNumber
from ..tables import CodeTables, IssuerCode, load_tables
from ..vntext import fold, match_key, slugify
from .find import Citation, ShortFormDefinition, find_citations
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


@dataclass(eq=False)
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
    citation: Citation, province: str | None, tables: CodeTables | None = None
) -> IssuerIdentity | str:
    """The issuer of a cited document, or the reason it cannot be told (a Vietnamese message)."""
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
        named = _province_name(tables, phrase.province if phrase is not None else None)
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
    return (f"ký hiệu '{code.code}' ({code.name}) dùng chung cho nhiều cơ quan và câu trích dẫn không nêu "
            "cơ quan nào")


def resolve_text_issuer(text: str, province: str | None) -> IssuerIdentity | str | None:
    """Resolve the first citation in ``text`` (used by the data-table examples)."""
    citations = find_citations(text)
    return resolve_issuer(citations[0], province) if citations else None


# -- one text: keys and short forms ---------------------------------------------------------
def key_mentions(mentions: Iterable[Mention], tables: CodeTables | None = None) -> None:
    """Give every full citation its issuer, key and year (or a problem)."""
    tables = tables or load_tables()
    for mention in mentions:
        citation = mention.citation
        if citation.kind != "full" or citation.number is None:
            continue
        issuer = resolve_issuer(citation, mention.province, tables)
        if isinstance(issuer, str):
            mention.problem = issuer
            continue
        mention.issuer = issuer
        mention.key = (issuer.key, number_key(citation.number))
        mention.year = citation.number.year or (citation.date.year if citation.date else None)


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
                    if len(local) == 1:
                        year = next(iter(local))
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


def _target(
    key: DocumentKey,
    year: int | None,
    mention: Mention,
    archived: dict[DocumentKey, list[tuple[int | None, str]]],
    resolution: Resolution,
    taken_ids: set[str],
) -> str:
    candidates = archived.get(key, [])
    # An archived document of that year; failing that, one whose date is not known.
    for wanted in (year, None):
        matches = sorted({doc_id for archived_year, doc_id in candidates if archived_year == wanted})
        if matches:
            return matches[0]
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


def archived_index(
    records: Iterable[tuple[str, dict]], tables: CodeTables | None = None
) -> dict[DocumentKey, list[tuple[int | None, str]]]:
    """Index archived documents, given as (ID, metadata), by every key a citation may reach them by."""
    from ..numbers import parse_number

    tables = tables or load_tables()
    index: dict[DocumentKey, list[tuple[int | None, str]]] = defaultdict(list)
    for doc_id, meta in records:
        printed = meta.get("number")
        number = parse_number(str(printed)) if printed else None
        if number is None or not number.number:
            continue
        date = str(meta.get("date") or "")
        year = int(date[:4]) if date[:4].isdigit() else number.year
        for key in _archived_issuer_keys(doc_id, meta, number, tables):
            index[(key, number_key(number))].append((year, doc_id))
    return index


def _archived_issuer_keys(doc_id: str, meta: dict, number: DocumentNumber, tables: CodeTables) -> set[str]:
    keys = {name_key(doc_id.split("/", 1)[0])}
    if meta.get("issuer"):
        keys.add(name_key(str(meta["issuer"])))
    code = tables.issuer(_stem(number.primary_issuer)) if number.primary_issuer else None
    if code is not None and code.scope == "national":
        keys.add(_code_key(code))
    elif code is not None and code.scope == "province" and meta.get("issuer_level") in (None, "", "tinh"):
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
    "key_mentions",
    "link_short_forms",
    "most_common",
    "number_key",
    "resolve_issuer",
    "resolve_mentions",
]
