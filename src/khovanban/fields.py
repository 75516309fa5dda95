"""The front-matter fields of a document page: one table that the writer, ingest and the
schema all read, so a new field is declared once.

``kind`` says how the schema checks it; ``managed`` fields are derived from the original
by ingest (and protected against overwriting once a person edits them); the rest belong to
staff or to ingest's own bookkeeping.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str  # text | list | date | access | mapping | other
    managed: bool


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", "other", True),
    FieldSpec("title", "text", True),
    FieldSpec("number", "text", True),
    FieldSpec("number_printed", "text", True),
    FieldSpec("type", "text", True),
    FieldSpec("type_code", "text", True),
    FieldSpec("issuer", "text", True),
    FieldSpec("issuer_parent", "text", True),
    FieldSpec("issuer_level", "text", True),
    FieldSpec("province", "text", True),
    FieldSpec("place", "text", True),
    FieldSpec("date", "date", True),
    FieldSpec("date_precision", "other", True),
    FieldSpec("subject", "text", True),
    FieldSpec("recipients", "list", True),
    FieldSpec("distribution", "list", True),
    FieldSpec("signing_authority", "text", True),
    FieldSpec("signer_position", "text", True),
    FieldSpec("signer", "text", True),
    FieldSpec("access", "access", True),
    FieldSpec("urgency", "text", True),
    FieldSpec("archived", "other", False),
    FieldSpec("source", "mapping", True),
    FieldSpec("aliases", "list", False),
    FieldSpec("reviewed", "list", False),
    FieldSpec("flags", "other", True),
    FieldSpec("cleaning", "other", True),
    FieldSpec("ingest", "other", False),
)

FIELD_ORDER: tuple[str, ...] = tuple(f.name for f in FIELDS)
MANAGED_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.managed)
TEXT_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind == "text")
LIST_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind == "list")
