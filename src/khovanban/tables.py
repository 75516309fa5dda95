"""Reference tables loaded from the YAML files in ``data/``.

Why data files: document type codes, issuer codes and province names change with the
world (a 2026 regulation renamed codes, provinces merged in 2025). They live as data with
examples that the tests check, and are loaded once, on first use, not at import time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from .vntext import fold, match_key, nfc


@dataclass(frozen=True)
class DocumentType:
    """One document type: its code as printed in numbers and its Vietnamese name."""

    code: str
    name: str
    families: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class IssuerCode:
    """An issuer code as printed after the slash of a number ("TU", "LĐLĐ", "CP")."""

    code: str
    family: str
    name: str
    level: str = ""
    alt_name: str = ""
    parent: str = ""
    scope: str = "national"
    bodies: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()

    def issuer_name(self, province: str | None, province_kind: str | None = None) -> str | None:
        """Fill the name template; ``None`` when it needs a province that is unknown."""
        template = self.alt_name if (province_kind == "thành phố" and self.alt_name) else self.name
        if "{province}" in template:
            if not province:
                return None
            return template.replace("{province}", province)
        return template

    def parent_name(self, province: str | None) -> str:
        if "{province}" in self.parent:
            return self.parent.replace("{province}", province) if province else ""
        return self.parent


@dataclass(frozen=True)
class Province:
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    status: str = "current"
    merged_into: str = ""


@dataclass(frozen=True)
class CodeTables:
    """All reference tables, with lookup indexes keyed by folded text."""

    types: tuple[DocumentType, ...]
    issuers: tuple[IssuerCode, ...]
    units: dict[str, str]
    provinces: tuple[Province, ...]
    _types_by_code: dict[str, list[DocumentType]] = field(default_factory=dict, repr=False)
    _issuers_by_code: dict[str, IssuerCode] = field(default_factory=dict, repr=False)
    _provinces_by_key: dict[str, Province] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for doc_type in self.types:
            for code in (doc_type.code, *doc_type.aliases):
                self._types_by_code.setdefault(code_key(code), []).append(doc_type)
        for issuer in self.issuers:
            self._issuers_by_code.setdefault(code_key(issuer.code), issuer)
        for province in self.provinces:
            for name in (province.name, *province.aliases):
                self._provinces_by_key.setdefault(fold(name), province)

    def types_for_code(self, code: str) -> list[DocumentType]:
        """Document types printed with ``code`` (matched case-insensitively: "QYĐ" = "QyĐ")."""
        return self._types_by_code.get(code_key(code), [])

    def is_type_code(self, code: str) -> bool:
        return code_key(code) in self._types_by_code

    def issuer(self, code: str) -> IssuerCode | None:
        return self._issuers_by_code.get(code_key(code))

    def province(self, name: str) -> Province | None:
        return self._provinces_by_key.get(fold(name))

    def type_by_word(self, word: str) -> DocumentType | None:
        """The type whose printed word is ``word`` ("Kết luận", "KẾ HOẠCH")."""
        return self.type_words().get(match_key(word))

    def type_words(self) -> dict[str, DocumentType]:
        """Map of lower-case type word -> type; the first table entry for a word wins."""
        words: dict[str, DocumentType] = {}
        for doc_type in self.types:
            for word in (doc_type.name, *doc_type.words):
                words.setdefault(match_key(word), doc_type)
        return words

    def type_for(self, code: str | None, family: str | None) -> DocumentType | None:
        """The type of ``code`` in ``family`` (Party "TT" is thông tri, state "TT" thông tư)."""
        if not code:
            return None
        candidates = self.types_for_code(code)
        for candidate in candidates:
            if family in candidate.families:
                return candidate
        return candidates[0] if candidates else None


def code_key(code: str) -> str:
    """Comparison key for printed codes: case-insensitive, "Đ" kept distinct from "D"."""
    return nfc(code).strip().upper()


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (nfc(value),)
    return tuple(nfc(str(v)) for v in value)


def read_data(name: str) -> dict[str, Any]:
    """One YAML table from ``data/``; every table of the package is read through this."""
    text = resources.files("khovanban").joinpath("data", name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise TypeError(f"data/{name}: expected a mapping at the top level")
    return data


@lru_cache(maxsize=1)
def load_tables() -> CodeTables:
    """Load every reference table once per process."""
    types_data = read_data("document_types.yaml")["types"]
    issuers_data = read_data("issuer_codes.yaml")
    provinces_data = read_data("provinces.yaml")["provinces"]
    types = tuple(
        DocumentType(
            code=nfc(t["code"]),
            name=nfc(t["name"]),
            families=_tuple(t.get("families")),
            aliases=_tuple(t.get("aliases")),
            words=_tuple(t.get("words")),
            examples=_tuple(t.get("examples")),
        )
        for t in types_data
    )
    issuers = tuple(
        IssuerCode(
            code=nfc(i["code"]),
            family=i.get("family", ""),
            name=nfc(i.get("name", "")),
            level=i.get("level", ""),
            alt_name=nfc(i.get("alt_name", "") or ""),
            parent=nfc(i.get("parent", "") or ""),
            scope=i.get("scope", "national"),
            bodies=_tuple(i.get("bodies")),
            examples=_tuple(i.get("examples")),
        )
        for i in issuers_data["codes"]
    )
    units = {code_key(u["code"]): nfc(u.get("name", "")) for u in issuers_data.get("units", []) or []}
    provinces = tuple(
        Province(
            name=nfc(p["name"]),
            kind=p.get("kind", "tỉnh"),
            aliases=_tuple(p.get("aliases")),
            status=p.get("status", "current"),
            merged_into=nfc(p.get("merged_into", "") or ""),
        )
        for p in provinces_data
    )
    return CodeTables(types=types, issuers=issuers, units=units, provinces=provinces)
