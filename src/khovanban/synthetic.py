"""A deterministic generator of synthetic originals, for measuring the archive at scale.

Why: the real archive starts with five documents; a province issues thousands a year. To know
whether ingest, the citation graph and the site build hold at 10,000 or 100,000 documents, we
need corpora of that size that look like the real thing to the parser and the resolver: the same
header layouts, number formats, signature blocks and citation phrasing as the seeds, with the
irregularities real archives have (typos in numbers, unnumbered drafts, blank days, lost headers).

Two stages, so that the citation graph is known before any text is written:

- ``plan_corpus``: issuers at every level (Trung ương, tỉnh, huyện, cơ sở) over administrative
  units sized to N; per document its issuer, type, date and the document it implements, picked
  by preferential attachment (a document already implemented by many is likelier to be picked
  again), so a few central documents are cited by many and chains run TW → tỉnh → huyện → xã.
  Numbers are then given per issuer, year and type in date order: unique and increasing.
- ``render_document``: the text of one original, from the tables in ``data/synthetic.yaml``.

Same seed, same bytes: planning uses one ``random.Random(seed)``; each document is rendered with
its own ``random.Random(f"{seed}/{index}")``, so any one document can be rendered alone.
The package's reference tables (issuer codes, type codes, provinces) are read, never repeated.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

import yaml

from .tables import CodeTables, load_tables
from .vntext import nfc, slugify

SCOPES = ("national", "province", "district", "commune")
PARTY_MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
STATE_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
COLUMN = 48  # width of the left column when a header is printed as two columns


# -- the data file --------------------------------------------------------------------------------
@dataclass(frozen=True)
class CiteForm:
    """How other documents name an issuer after "của"; ``local`` limits it to its own unit."""

    form: str
    weight: int
    local: str | None = None  # None, "province" or "district"


@dataclass(frozen=True)
class Organ:
    """The body acting for an issuer (Ban Bí thư for TW) and its signature blocks."""

    name: str
    signatures: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Kind:
    """One kind of issuer from ``synthetic.yaml`` (Tỉnh ủy, UBND huyện, Đảng ủy xã…)."""

    id: str
    level: str
    family: str
    scope: str
    share: float
    header: tuple[str, ...]
    name: str
    place: str
    types: dict[str, int]
    number: dict[str, str]
    organs: tuple[Organ, ...]
    cite_as: tuple[CiteForm, ...]
    self_name: str
    parents: tuple[tuple[str, int], ...]
    root_rate: float
    audience: str
    subordinates: str
    recipients: tuple[str, ...]
    distribution: tuple[str, ...]
    units: tuple[str, ...] = ()
    headerless_ok: bool = False
    drafts_ok: bool = False
    heading_with_organ: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def load_data() -> dict[str, Any]:
    """``data/synthetic.yaml``, NFC-normalised, loaded once."""
    text = resources.files("khovanban").joinpath("data", "synthetic.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster
    return yaml.load(nfc(text), Loader=loader)


@lru_cache(maxsize=1)
def load_kinds() -> tuple[Kind, ...]:
    data = load_data()
    kinds = []
    for raw in data["kinds"]:
        kinds.append(
            Kind(
                id=raw["id"],
                level=raw["level"],
                family=raw["family"],
                scope=raw["scope"],
                share=float(raw["share"]),
                header=tuple(raw["header"]),
                name=raw["name"],
                place=raw["place"],
                types={str(k): int(v) for k, v in raw["types"].items()},
                number={str(k): str(v) for k, v in raw["number"].items()},
                organs=tuple(
                    Organ(o["name"], tuple((s[0], s[1]) for s in o["signatures"])) for o in raw["organs"]
                ),
                cite_as=tuple(CiteForm(c["form"], int(c["weight"]), c.get("local")) for c in raw["cite_as"]),
                self_name=raw["self"],
                parents=tuple((p["kind"], int(p["weight"])) for p in raw["parents"]),
                root_rate=float(raw.get("root_rate", data["default_root_rate"])),
                audience=raw["audience"],
                subordinates=raw["subordinates"],
                recipients=tuple(raw["recipients"]),
                distribution=tuple(raw["distribution"]),
                units=tuple(raw.get("units", ())),
                headerless_ok=bool(raw.get("headerless_ok", False)),
                drafts_ok=bool(raw.get("drafts_ok", False)),
                heading_with_organ=tuple(raw.get("heading_with_organ", ())),
            )
        )
    return tuple(kinds)


# -- the plan ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Unit:
    """An administrative unit: a province, or a district or commune inside one."""

    province: str
    province_kind: str  # "tỉnh" | "thành phố"
    district: str | None = None
    commune: str | None = None

    def key(self, scope: str) -> str:
        """The unit's key at ``scope`` ("" nationally): which documents share a register or a pool."""
        parts = {"national": 0, "province": 1, "district": 2, "commune": 3}[scope]
        return "/".join(p or "" for p in (self.province, self.district, self.commune)[:parts])


@dataclass(frozen=True)
class Issuer:
    kind: Kind
    unit: Unit
    words: tuple[tuple[str, str], ...]  # template variables

    @property
    def key(self) -> str:
        return f"{self.kind.id}@{self.unit.key(self.kind.scope)}"

    @cached_property
    def values(self) -> dict[str, str]:
        return dict(self.words)

    def fill(self, template: str, /, **extra: str) -> str:
        return template.format_map(self.values | extra if extra else self.values)

    @property
    def name(self) -> str:
        return self.fill(self.kind.name)

    @cached_property
    def _own_lines(self) -> tuple[str, ...]:
        return tuple([self.fill(line) for line in self.kind.header] + [self.fill(self.kind.place)])

    def knows(self, scope: str) -> bool:
        """True when the parser can read this issuer's unit at ``scope`` ("province" or "district")
        from its header or place, so that a reader of its documents knows which Tỉnh ủy or Huyện ủy "Ban
        Thường vụ Tỉnh ủy" / "Ban Thường vụ Huyện ủy" means."""
        name = self.unit.province if scope == "province" else self.unit.district
        return bool(name) and any(name in line for line in self._own_lines)


@dataclass(eq=False)
class PlannedDocument:
    """One document of the plan. Well-known central documents have ``index`` -1 and no issuer."""

    index: int
    issuer: Issuer | None
    type_code: str
    date: date
    organ: str
    topic: str
    parent: PlannedDocument | None = None
    cites: list[PlannedDocument] = field(default_factory=list)
    number: str | None = None
    draft: bool = False
    unit_code: str = ""
    type_word: str = ""
    about: str = ""
    known_forms: tuple[CiteForm, ...] = ()

    @property
    def archived(self) -> bool:
        return self.index >= 0

    def cite_forms(self) -> tuple[CiteForm, ...]:
        if self.issuer is None:
            return self.known_forms
        return self.issuer.kind.cite_as

    def ref(self) -> dict[str, Any]:
        """How a plan record points at this document (index -1: a well-known central one)."""
        return {"index": self.index, "number": self.number, "date": self.date.isoformat()}

    def record(self, file: str) -> dict[str, Any]:
        """The plan of this document as JSON data: what it is, what it implements and cites."""
        assert self.issuer is not None
        return {
            "file": file,
            "kind": self.issuer.kind.id,
            "level": self.issuer.kind.level,
            "issuer": self.issuer.name,
            "number": self.number,
            "date": self.date.isoformat(),
            "depth": self.depth,
            "implements": self.parent.ref() if self.parent else None,
            "cites": [other.ref() for other in self.cites],
        }

    @property
    def depth(self) -> int:
        """Length of the implementation chain above this document."""
        depth, node = 0, self.parent
        while node is not None:
            depth, node = depth + 1, node.parent
        return depth


@dataclass
class Corpus:
    seed: int
    documents: list[PlannedDocument]
    known: list[PlannedDocument]

    def edges(self) -> list[tuple[PlannedDocument, PlannedDocument, str]]:
        """Every planned citation: (citing, cited, "implements" | "cites")."""
        found = []
        for doc in self.documents:
            if doc.parent is not None:
                found.append((doc, doc.parent, "implements"))
            found.extend((doc, other, "cites") for other in doc.cites)
        return found


def _weighted(rng: random.Random, options: dict[str, int] | Sequence[tuple[str, int]]) -> str:
    items = list(options.items()) if isinstance(options, dict) else list(options)
    return rng.choices([k for k, _ in items], weights=[w for _, w in items])[0]


def _place_names(data: dict[str, Any], tables: CodeTables, rng: random.Random) -> list[str]:
    """Two-syllable place names that are not province names, in a seeded order.

    No two alike without diacritics ("Thanh Giang", "Thạnh Giang"): IDs and URLs are built from
    names without them, so two such communes would take one ID (seen at 100,000 documents).
    """
    first, second = data["places"]["first"], data["places"]["second"]
    by_slug: dict[str, str] = {}
    for a in first:
        for b in second:
            if a != b and tables.province(f"{a} {b}") is None:
                by_slug.setdefault(slugify(f"{a} {b}"), f"{a} {b}")
    names = list(by_slug.values())
    rng.shuffle(names)
    return names


def _units(count: int, rng: random.Random, tables: CodeTables) -> dict[str, list[Unit]]:
    """Units at each scope, sized so that every issuer gets a handful of documents."""
    data = load_data()
    scale = data["scale"]
    excluded = set(data["exclude_provinces"])
    provinces = [p for p in tables.provinces if p.name not in excluded]
    wanted = min(len(provinces), max(scale["min_provinces"], count // scale["documents_per_province"]))
    chosen = sorted(rng.sample(provinces, wanted), key=lambda p: p.name)
    per_province = count / wanted
    low, high = scale["districts_per_province"]
    districts = min(high, max(low, round(per_province / 60)))
    low, high = scale["communes_per_district"]
    communes = min(high, max(low, round(per_province / (districts * 25))))
    names = iter(_place_names(data, tables, rng))
    units: dict[str, list[Unit]] = {"national": [Unit("", "")], "province": [], "district": [], "commune": []}
    for province in chosen:
        top = Unit(province.name, province.kind)
        units["province"].append(top)
        for _ in range(districts):
            district = Unit(province.name, province.kind, next(names))
            units["district"].append(district)
            for _ in range(communes):
                units["commune"].append(Unit(province.name, province.kind, district.district, next(names)))
    return units


def _issuer(kind: Kind, unit: Unit, data: dict[str, Any]) -> Issuer:
    words = dict(data["division_words"].get(unit.province_kind or "tỉnh", data["division_words"]["tỉnh"]))
    words |= {"province": unit.province, "district": unit.district or "", "commune": unit.commune or ""}
    return Issuer(kind, unit, tuple(sorted(words.items())))


def _known_documents(tables: CodeTables) -> list[PlannedDocument]:
    from .numbers import parse_number

    known = []
    for raw in load_data()["known"]:
        number = parse_number(raw["number"], tables)
        assert number is not None, raw["number"]
        family = "party" if number.style == "party" else "state"
        doc_type = tables.type_for(raw["type"], family)
        known.append(
            PlannedDocument(
                index=-1,
                issuer=None,
                type_code=raw["type"],
                date=raw["date"],
                organ=raw["organ"],
                topic=raw.get("topic", raw["about"]),
                number=raw["number"],
                type_word=raw.get("word") or (doc_type.name if doc_type else raw["type"]),
                about=raw["about"],
                known_forms=(CiteForm("{organ}", 1),),
            )
        )
    return known


def _shares(count: int, kinds: Sequence[Kind]) -> dict[str, int]:
    """Documents per kind (largest remainder, so they add up to ``count``)."""
    total = sum(k.share for k in kinds)
    exact = {k.id: count * k.share / total for k in kinds}
    counts = {key: int(value) for key, value in exact.items()}
    for key in sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)[: count - sum(counts.values())]:
        counts[key] += 1
    return counts


def plan_corpus(
    count: int, seed: int, tables: CodeTables | None = None, levels: Collection[str] | None = None
) -> Corpus:
    """Plan ``count`` documents: issuers, types, dates, citations and numbers (no text yet).

    ``levels`` keeps only issuers of those levels ("trung-uong", "tinh", "huyen", "co-so"): a
    corpus of central and provincial documents, say, whose citations the resolver can all place.
    """
    tables = tables or load_tables()
    data = load_data()
    rng = random.Random(seed)
    kinds = tuple(k for k in load_kinds() if levels is None or k.level in levels)
    if not kinds:
        raise ValueError(f"no issuer kind has a level in {sorted(levels or ())}")
    units = _units(count, rng, tables)
    start, end = data["period"]["start"], data["period"]["end"]
    span = (end - start).days
    rates = data["rates"]
    implementable = set(data["implementable"])
    known = _known_documents(tables)
    # Pools hold a document once, plus once per document implementing it: preferential attachment.
    pools: dict[tuple[str, str], list[PlannedDocument]] = defaultdict(list)
    pools[("known", "")] = list(known)
    siblings: dict[str, list[PlannedDocument]] = defaultdict(list)
    documents: list[PlannedDocument] = []
    delay = data["delay_days"]
    by_id = {kind.id: kind for kind in kinds}
    shares = _shares(count, kinds)
    for kind in kinds:
        issuers = [_issuer(kind, unit, data) for unit in units[kind.scope]]
        for _ in range(shares[kind.id]):
            issuer = rng.choice(issuers)
            parent = None
            if rng.random() >= kind.root_rate:
                parent = _pick_parent(kind, issuer.unit, pools, by_id, rng)
            if parent is None:
                when = start + timedelta(days=rng.randrange(span + 1))
            else:
                when = parent.date + timedelta(days=delay["min"] + int(rng.expovariate(1 / delay["mean"])))
                if when > end:
                    when = parent.date + timedelta(days=rng.randrange(max(1, (end - parent.date).days + 1)))
                if when < start:
                    when = start + timedelta(days=rng.randrange(span + 1))
            type_code = _weighted(rng, kind.types)
            doc = PlannedDocument(
                index=len(documents),
                issuer=issuer,
                type_code=type_code,
                date=min(when, end),
                organ=rng.choice(kind.organs).name,
                topic=parent.topic if parent else rng.choice(data["topics"]),
                parent=parent,
                draft=kind.drafts_ok and rng.random() < rates["draft"],
                unit_code=rng.choice(kind.units) if kind.units else "",
            )
            family = "party" if kind.family == "party" else "state"
            found = tables.type_for(type_code, family)
            doc.type_word = found.name if found else type_code
            if rng.random() < rates["context_citation"]:
                older = [k for k in known if k.date < doc.date and k is not parent]
                if older:
                    doc.cites.append(rng.choice(older))
            pool = siblings[issuer.unit.key("district" if kind.scope != "province" else "province")]
            if pool and rng.random() < rates["sibling_citation"]:
                other = rng.choice(pool)
                if other.date < doc.date and other is not parent and other.issuer is not None:
                    doc.cites.append(other)
            documents.append(doc)
            if type_code in implementable and not doc.draft:
                pools[(kind.id, issuer.unit.key(kind.scope))].append(doc)
                if kind.cite_as:
                    siblings[issuer.unit.key("district" if kind.scope != "province" else "province")].append(doc)
    _number(documents, known, rng)
    for doc in documents:
        doc.about = _subject_about(doc, random.Random(f"{seed}/about/{doc.index}"))
    return Corpus(seed, documents, known)


def _pick_parent(
    kind: Kind,
    unit: Unit,
    pools: dict[tuple[str, str], list[PlannedDocument]],
    kinds: dict[str, Kind],
    rng: random.Random,
) -> PlannedDocument | None:
    options = []
    for parent_kind, weight in kind.parents:
        if parent_kind != "known" and parent_kind not in kinds:
            continue
        scope = "national" if parent_kind == "known" else kinds[parent_kind].scope
        pool = pools.get((parent_kind, unit.key(scope)))
        if pool:
            options.append((pool, weight))
    if not options:
        return None
    pool = rng.choices([p for p, _ in options], weights=[w for _, w in options])[0]
    parent = rng.choice(pool)
    pool.append(parent)
    return parent


def _number(documents: list[PlannedDocument], known: list[PlannedDocument], rng: random.Random) -> None:
    """Give numbers per issuer, year and type, in date order, skipping the known documents' numbers."""
    numbering = load_data()["numbering"]
    reserved: set[tuple[str, int, str, int]] = set()
    for raw, doc in zip(load_data()["known"], known):
        digits = re.match(r"\d+", doc.number or "")
        if raw.get("kind") and digits:
            reserved.add((f"{raw['kind']}@", doc.date.year, doc.type_code, int(digits.group())))
    registers: dict[tuple[str, int, str], list[PlannedDocument]] = defaultdict(list)
    for doc in documents:
        if not doc.draft:
            assert doc.issuer is not None
            registers[(doc.issuer.key, doc.date.year, doc.type_code)].append(doc)
    for (issuer_key, year, type_code), members in sorted(registers.items()):
        rule = numbering.get(type_code, numbering["default"])
        current = rng.randint(*rule["start"])
        for doc in sorted(members, key=lambda d: (d.date, d.index)):
            assert doc.issuer is not None
            while (issuer_key, year, type_code, current) in reserved:
                current += 1
            doc.number = _format_number(doc, str(current))
            current += rng.randint(*rule["gap"])


def _format_number(doc: PlannedDocument, digits: str) -> str:
    assert doc.issuer is not None
    kind = doc.issuer.kind
    template = kind.number.get(doc.type_code, kind.number["default"])
    text = doc.issuer.fill(template, n=digits, type=doc.type_code, unit=doc.unit_code)
    return text.rstrip("-")


# -- citations ----------------------------------------------------------------------------------
def _organ_phrase(target: PlannedDocument, citing: PlannedDocument, rng: random.Random) -> str:
    """How ``citing`` names the issuer of ``target``; local forms only where the reader knows the unit."""
    assert citing.issuer is not None
    usable = []
    for form in target.cite_forms():
        if form.local and target.issuer is not None:
            same = target.issuer.unit.key(form.local) == citing.issuer.unit.key(form.local)
            if not same or not citing.issuer.knows(form.local):
                continue
        usable.append((form.form, form.weight))
    if not usable:
        return target.issuer.name if target.issuer is not None else target.organ
    template = _weighted(rng, usable)
    if target.issuer is None:
        return template.format(organ=target.organ)
    return target.issuer.fill(template, organ=target.organ)


def _typo(number: str, rng: random.Random) -> str:
    """A plausible typo or variant spelling of a printed number ("2234-CVTU", "57 / LĐLĐ")."""
    party = re.fullmatch(r"(\d+)-([^/]+)/(.+)", number)
    if party:
        digits, type_code, issuer = party.groups()
        if rng.random() < 0.6 and "-" not in issuer:
            return f"{digits}-{type_code}{issuer}"
        return f"{digits}/{type_code}-{issuer}"
    if "-" in number and rng.random() < 0.5:
        return number.replace("-", " – ", 1)
    return number.replace("/", " / ", 1)


def _date_text(when: date, rng: random.Random, words: bool = True) -> str:
    """"ngày 09/5/2023" in its printed variants; ``words`` allows "ngày 9 tháng 5 năm 2023".

    Subject lines never get the words form: the parser would take it for the document's own
    date, which it looks for as "ngày … tháng … năm" above the body (reported to the lead).
    """
    day = f"{when.day:02d}" if rng.random() < 0.5 else str(when.day)
    month = f"{when.month:02d}" if rng.random() < 0.3 else str(when.month)
    if words and rng.random() < 0.08:
        return f"ngày {day} tháng {month} năm {when.year}"
    return f"ngày {day}/{month}/{when.year}"


def cite_full(target: PlannedDocument, citing: PlannedDocument, rng: random.Random, about: bool = True) -> str:
    """First mention: "Kết luận số 54-KL/TW ngày 09/5/2023 của Ban Bí thư về …"."""
    number = target.number or ""
    if rng.random() < load_data()["rates"]["typo_in_citation"]:
        number = _typo(number, rng)
    comma = "," if rng.random() < 0.2 else ""
    when = _date_text(target.date, rng, words=about)
    text = f"{target.type_word} số {number}{comma} {when} của {_organ_phrase(target, citing, rng)}"
    if about and target.about:
        if target.about.startswith("ban hành"):
            text += f" {target.about}"
        else:
            text += f" về {'việc ' if target.about.startswith(('triển khai', 'tiếp tục')) else ''}{target.about}"
    return text


def short_form(target: PlannedDocument) -> str:
    """"Kết luận số 54": the type word and the bare number."""
    digits = re.match(r"\d+", target.number or "")
    return f"{target.type_word} số {digits.group() if digits else ''}".strip()


def _subject_about(doc: PlannedDocument, rng: random.Random) -> str:
    """What the document is about, without "V/v": also what its citations say after "về"."""
    subjects = load_data()["subjects"]
    if doc.parent is not None:
        template = rng.choice(subjects["implements"])
        basis = cite_full(doc.parent, doc, rng, about=False)
        return template.format(basis_short=basis, topic=doc.topic)
    key = "letter_root" if doc.type_code == "CV" else "root"
    text = rng.choice(subjects[key]).format(topic=doc.topic)
    return text.removeprefix("về ")


# -- rendering ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SyntheticDocument:
    """A rendered original: its file name in archive/, its text and its plan."""

    name: str
    text: str
    plan: PlannedDocument


def _person(key: str) -> str:
    people = load_data()["people"]
    rng = random.Random(key)
    female = rng.random() < people["female_share"]
    middle = people["middle_female" if female else "middle_male"]
    given = people["given_female" if female else "given_male"]
    return f"{rng.choice(people['family'])} {rng.choice(middle)} {rng.choice(given)}"


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + ([current] if current else [])


class _Renderer:
    def __init__(self, doc: PlannedDocument, seed: int) -> None:
        assert doc.issuer is not None
        self.doc = doc
        self.issuer = doc.issuer
        self.kind = doc.issuer.kind
        self.seed = seed
        self.rng = random.Random(f"{seed}/{doc.index}")
        self.rates = load_data()["rates"]
        self.data = load_data()

    def fill(self, template: str, /, **extra: str) -> str:
        doc = self.doc
        self_name = self.issuer.fill(self.kind.self_name, organ=doc.organ)
        values = {
            "self": self_name,
            "self_short": self_name,
            "to": self.issuer.fill(self.kind.subordinates),
            "audience": self.kind.audience,
            "subordinates": self.issuer.fill(self.kind.subordinates),
            "topic": doc.topic,
            "doc_word": doc.type_word,
            "unit": doc.unit_code or "VP",
            "organ": doc.organ,
        } | extra
        return self.issuer.fill(template, **values)

    # header
    def _date_line(self) -> str:
        when = self.doc.date
        place = self.issuer.fill(self.kind.place)
        month = f"{when.month:02d}" if self.rng.random() < 0.4 else str(when.month)
        if self.doc.draft or self.rng.random() < self.rates["blank_day"]:
            return f"{place}, ngày     tháng {month} năm {when.year}"
        day = f"{when.day:02d}" if self.rng.random() < 0.6 else str(when.day)
        return f"{place}, ngày {day} tháng {month} năm {when.year}"

    def _number_line(self) -> str:
        number = self.doc.number or ""
        if self.doc.draft:
            number = "     /" + self._symbol()
        elif self.rng.random() < self.rates["spaced_own_number"]:
            number = number.replace("/", " / ", 1) if self.kind.family != "party" else number.replace("-", " - ", 1)
        label = "Số" if self.kind.family == "party" and self.rng.random() < 0.8 else "Số:"
        return f"{label} {number}"

    def _symbol(self) -> str:
        """The symbol a draft prints after its blank number ("KH-MTTQ-BTT")."""
        return _format_number(self.doc, "").lstrip("-/")

    def _subject_lines(self) -> list[str]:
        if self.doc.type_code == "CV":
            return _wrap("V/v " + self.doc.about, self.rng.randint(40, 70))
        heading = [self.doc.type_word.upper()]
        if self.doc.type_code in self.kind.heading_with_organ:
            heading.append(f"CỦA {self.doc.organ.upper()}")
        return heading + _wrap(self.doc.about, self.rng.randint(50, 80))

    def header(self) -> list[str]:
        issuer_lines = [self.issuer.fill(line).upper() for line in self.kind.header]
        number, when, subject = self._number_line(), self._date_line(), self._subject_lines()
        party = self.kind.family == "party"
        letter = self.doc.type_code == "CV"
        if self.kind.headerless_ok and self.rng.random() < self.rates["headerless"]:
            return [number, "", when, "", *subject]
        # Not for drafts: the parser loses a blank number followed by a wide gap (reported).
        if not self.doc.draft and self.rng.random() < self.rates["columns"]:
            right = [PARTY_MOTTO] if party else list(STATE_MOTTO)
            rows = [issuer_lines[i] if i < len(issuer_lines) else "" for i in range(max(len(issuer_lines), len(right)))]
            lines = [f"{left:<{COLUMN}}{right[i] if i < len(right) else ''}".rstrip() for i, left in enumerate(rows)]
            lines += ["*"] if party else []
            lines += [f"{number:<{COLUMN}}{when}", ""]
            return lines + (subject if letter else ["", *subject])
        motto = [PARTY_MOTTO] if party else list(STATE_MOTTO)
        mark = ["", "*"] if party and self.rng.random() < 0.8 else []
        if party and self.rng.random() >= self.rates["stacked"] and letter:
            # As text extraction interleaves a Party header (seed 002): number and V/v before the motto.
            return [*issuer_lines, *mark, "", number, "", *subject, "", *motto, "", when]
        lines = [*issuer_lines, *mark, "", *motto, "", number, "", when, ""]
        return lines + subject

    def recipients(self) -> list[str]:
        pool = [self.fill(r) for r in self.kind.recipients]
        if self.doc.type_code != "CV" or not pool:
            return []
        chosen = pool[: self.rng.randint(1, len(pool))]
        if len(chosen) == 1:
            return [f"Kính gửi: {chosen[0]}"]
        items = [f"- {item}{';' if i < len(chosen) - 1 else '.'}" for i, item in enumerate(chosen)]
        return ["Kính gửi:", "", *items]

    # body
    def body(self) -> list[str]:
        doc, rng, rates = self.doc, self.rng, self.rates
        short_def, short = "", ""
        if doc.parent is not None:
            basis = cite_full(doc.parent, doc, rng)
            if doc.parent.number and rng.random() < rates["short_form"]:
                short = short_form(doc.parent)
                marker = rng.choice(["sau đây gọi tắt là", "gọi tắt là", "viết tắt là"])
                short_def = f" (sau đây gọi tắt là {short})" if marker.startswith("sau") else f" ({marker} {short})"
            else:
                short = f"{doc.parent.type_word} số {doc.parent.number}"
            opening = self.fill(rng.choice(self.data["openings"]["implements"]), basis=basis, short_def=short_def)
        else:
            short = f"{doc.type_word} này"
            opening = self.fill(rng.choice(self.data["openings"]["root"]))
        paragraphs = [opening]
        if doc.parent is not None and rng.random() < 0.3:
            paragraphs.append(self.fill(rng.choice(self.data["reviews"]), short=short))
        items = self._items(short)
        numbering = "{}- " if rng.random() < 0.2 else "{}. "
        numbered = [numbering.format(i) + text for i, text in enumerate(items, start=1)]
        if doc.type_code == "KH":
            parts = self.data["plan_parts"]
            paragraphs += [self.fill(p, short=short) for p in parts[0]]
            paragraphs += [parts[1][0], *numbered]
            paragraphs += [self.fill(p, short=short) for p in parts[2]]
        else:
            paragraphs += numbered
        paragraphs.append(self.fill(rng.choice(self.data["closings"])))
        if rng.random() < rates["page_break"]:
            paragraphs = self._page_break(paragraphs)
        return [line for paragraph in paragraphs for line in (paragraph, "")]

    def _items(self, short: str) -> list[str]:
        doc, rng = self.doc, self.rng
        pool = [t for t in self.data["items"] if "{context}" not in t and "{sibling}" not in t]
        chosen = rng.sample(pool, rng.randint(3, min(8, len(pool))))
        texts = [self.fill(t, short=short) for t in chosen]
        for other in doc.cites:
            key = "{context}" if other.issuer is None else "{sibling}"
            template = next(t for t in self.data["items"] if key in t)
            cited = cite_full(other, doc, rng)
            texts.insert(rng.randrange(len(texts) + 1), self.fill(template, short=short, context=cited, sibling=cited))
        return texts

    def _page_break(self, paragraphs: list[str]) -> list[str]:
        """Split one long paragraph without citations where a page ended (seed 000, item 3)."""
        candidates = [i for i, p in enumerate(paragraphs) if len(p) > 160 and " số " not in p and "“" not in p]
        if not candidates:
            return paragraphs
        index = self.rng.choice(candidates)
        words = paragraphs[index].split(" ")
        cut = self.rng.randrange(len(words) // 2, len(words) - 2)
        return paragraphs[:index] + [" ".join(words[:cut]), " ".join(words[cut:])] + paragraphs[index + 1 :]

    # closing
    def closing(self) -> list[str]:
        rng = self.rng
        bold = rng.random() < self.rates["bold_closing"]
        distribution = [self.fill(d) for d in self.kind.distribution]
        keep = [distribution[0]] + [d for d in distribution[1:-1] if rng.random() < 0.7] + [distribution[-1]]
        items = [f"- {item}{',' if self.kind.family == 'party' and rng.random() < 0.5 else ';'}" for item in keep[:-1]]
        items.append(f"- {keep[-1]}.")
        organ = next(o for o in self.kind.organs if o.name == self.doc.organ)
        authority, position = rng.choice(organ.signatures)
        block = [authority, *[p for p in position.split("\n") if p]]
        signer = _person(f"{self.seed}|{self.issuer.key}|{self.doc.organ}|{block[-1]}|{(self.doc.date.year - 2016) // 5}")
        heading = "**Nơi nhận:**" if bold else "Nơi nhận:"
        if bold:
            block = [f"**{block[0]}", *block[1:-1], f"{block[-1]}**"] if len(block) > 1 else [f"**{block[0]}**"]
        gap = ["", "", ""] if rng.random() < 0.7 else [""]
        return [heading, "", *items, "", *block, *gap, f"**{signer}**" if bold else signer]

    def render(self) -> str:
        lines = ["", "", *self.header(), ""]
        recipients = self.recipients()
        if recipients:
            lines += [*recipients, ""]
        lines += self.body() + self.closing()
        return "\n".join(lines)


def render_document(doc: PlannedDocument, seed: int) -> str:
    """The text of one original, as the archive would receive it."""
    return _Renderer(doc, seed).render()


def file_name(doc: PlannedDocument, text: str) -> str:
    """Archive file name in the seeds' style: index and a content digest ("000123_1f2e….txt")."""
    return f"{doc.index:06d}_{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}.txt"


def generate(
    count: int, seed: int, tables: CodeTables | None = None, levels: Collection[str] | None = None
) -> Iterator[SyntheticDocument]:
    """Plan a corpus of ``count`` documents and yield each rendered original, in index order."""
    corpus = plan_corpus(count, seed, tables, levels)
    for doc in corpus.documents:
        text = render_document(doc, seed)
        yield SyntheticDocument(file_name(doc, text), text, doc)


__all__ = [
    "Corpus",
    "PlannedDocument",
    "SyntheticDocument",
    "cite_full",
    "file_name",
    "generate",
    "plan_corpus",
    "render_document",
    "short_form",
]
