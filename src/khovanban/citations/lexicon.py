"""The words the citation stages look for, loaded once from ``data/citation_*.yaml``.

Why data: issuer names, basis openers ("Thực hiện…", "Căn cứ…") and relation phrases ("về tiếp
tục thực hiện") are facts about how Vietnamese documents are written, not code. They live in YAML
with real examples that the tests check, and are compiled here on first use, never at import.
Every phrase is compared through ``vntext.match_key`` (case and tone placement ignored).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..tables import DocumentType, load_tables, read_data
from ..vntext import match_key, nfc


@lru_cache(maxsize=1 << 16)
def key_of(text: str) -> str:
    """``vntext.match_key`` with a cache: the same few words (type words, body names, openers)
    are compared at every citation, so folding each once keeps finding linear and cheap."""
    return match_key(text)


@dataclass(frozen=True)
class RelationRule:
    """A phrase that, ending the words between two citations, relates the two documents."""

    relation: str
    direction: str  # "forward": earlier → later; "reverse": later → earlier
    pattern: re.Pattern[str]  # the phrase ending a text
    whole: re.Pattern[str]  # the phrase as the whole text (quotes and commas around allowed)


@dataclass(frozen=True)
class Lexicon:
    """Compiled vocabulary for finding, relating and resolving citations."""

    type_words: dict[str, DocumentType]
    type_tails: frozenset[str]  # last words of type words: a cheap first test
    max_type_words: int
    bodies: dict[str, tuple[str, ...]]
    body_lengths: frozenset[int]  # word counts of the body names
    max_body_words: int
    standing_organs: tuple[str, ...]
    abbreviations: dict[str, str]
    name_stops: tuple[str, ...]
    basis_openers: tuple[str, ...]
    basis_max_lead_words: int
    relations: tuple[RelationRule, ...]
    not_documents: tuple[str, ...]
    form_words: frozenset[str]  # the word right before a form's number ("mẫu" in "Mẫu số 06/BBKP")
    short_form_markers: tuple[str, ...]
    named_types: tuple[str, ...]
    named_max_words: int
    raw: dict[str, Any]

    def relation_before(self, text: str) -> RelationRule | None:
        """The rule whose phrase ends ``text`` (the words right before a citation), if any."""
        key = key_of(text.rstrip(" \t\n“\"'*(")) + " "
        for rule in self.relations:
            if rule.pattern.search(key):
                return rule
        return None

    def relation_between(self, gap: str) -> RelationRule | None:
        """The rule whose phrase is all of ``gap``: "A <phrase> B" with nothing else between."""
        key = key_of(gap.strip(" \t\n“”\"'*(,")) + " "
        for rule in self.relations:
            if rule.whole.match(key):
                return rule
        return None

    def opener_of(self, clause: str) -> str | None:
        """The basis opener that starts ``clause`` ("Thực hiện", "Căn cứ"), if any."""
        key = key_of(clause[:40])  # openers are short: never fold a whole paragraph
        for opener in self.basis_openers:
            if key == opener or key.startswith(opener + " "):
                return opener
        return None




def phrase_pattern(phrase: str, whole: bool = False) -> re.Pattern[str]:
    """Compile "[về] [việc] thực hiện [một số nội dung]" to a regex anchored at the end of a key
    (or, with ``whole``, matching the whole key).

    The key it is searched in is ``match_key(text) + " "``, so every word is followed by space.
    """
    parts: list[str] = []
    for optional, word in re.findall(r"\[([^\]]+)\]|(\S+)", nfc(phrase)):
        token = match_key(optional or word)
        body = r"\s+".join(re.escape(w) for w in token.split())
        sep = r"\s*" if token.endswith((",", ";", ":")) else r"\s+"
        parts.append(f"(?:{body}{sep})?" if optional else f"{body}{sep}")
    return re.compile(("^" if whole else r"(?:^|(?<=[\s,;:(]))") + "".join(parts) + "$")


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Load and compile both citation tables (once per process)."""
    tables = load_tables()
    issuers = read_data("citation_issuers.yaml")
    relations = read_data("citation_relations.yaml")

    bodies: dict[str, list[str]] = {}
    for issuer in tables.issuers:
        for body in issuer.bodies:
            bodies.setdefault(match_key(body), []).append(issuer.code)
    for entry in issuers.get("bodies") or []:
        codes = entry["code"] if isinstance(entry["code"], list) else [entry["code"]]
        for code in codes:
            known = bodies.setdefault(match_key(entry["name"]), [])
            if nfc(code) not in known:
                known.append(nfc(code))
    type_words = tables.type_words()
    rules = tuple(
        RelationRule(rule["relation"], rule.get("direction", "forward"), phrase_pattern(phrase),
                     phrase_pattern(phrase, whole=True))
        for rule in relations.get("relations") or []
        for phrase in rule["phrases"]
    )
    named = tuple(match_key(w) for w in relations.get("named_types") or [] if match_key(w) in type_words)
    return Lexicon(
        type_words=type_words,
        type_tails=frozenset(word.split()[-1] for word in type_words),
        max_type_words=max(len(w.split()) for w in type_words),
        bodies={key: tuple(codes) for key, codes in bodies.items()},
        body_lengths=frozenset(len(k.split()) for k in bodies),
        max_body_words=max(len(k.split()) for k in bodies),
        standing_organs=tuple(sorted((match_key(w) for w in issuers.get("standing_organs") or []),
                                     key=len, reverse=True)),
        abbreviations={nfc(k): nfc(v) for k, v in (issuers.get("abbreviations") or {}).items()},
        name_stops=tuple(match_key(w) for w in issuers.get("name_stops") or []),
        basis_openers=tuple(sorted((match_key(w) for w in relations.get("basis_openers") or []),
                                   key=len, reverse=True)),
        basis_max_lead_words=int(relations.get("basis_max_lead_words", 8)),
        relations=rules,
        not_documents=tuple(sorted((match_key(w) for w in relations.get("not_documents") or []),
                                   key=len, reverse=True)),
        form_words=frozenset(
            re.sub(r"\s+số$", "", match_key(w)).split()[-1] for w in relations.get("not_documents") or []
        ),
        short_form_markers=tuple(sorted((match_key(w) for w in relations.get("short_form_markers") or []),
                                        key=len, reverse=True)),
        named_types=named,
        named_max_words=int(relations.get("named_max_words", 14)),
        raw={"issuers": issuers, "relations": relations},
    )
