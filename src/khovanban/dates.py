"""Issue dates as pages store them (YYYY-MM-DD, YYYY-MM, YYYY) written the Vietnamese ways.

The card, the citation form and the printed header each write a date differently; one
function splits the stored value by precision and fills the caller's template, so a
partial date ("ngày   tháng 7 năm 2023") is handled the same everywhere.
"""

from __future__ import annotations

from typing import Any


def format_date(value: Any, day: str, month: str, year: str) -> str:
    """Fill the template for the date's precision: {y}, {mm}/{dd} (zero-padded), {m}/{d} (not).

    ``day`` serves full dates, ``month`` month-only ones, ``year`` year-only ones; an empty
    value gives "".
    """
    text = str(value or "")
    if not text:
        return ""
    parts = text.split("-")
    fields = {"y": parts[0]}
    if len(parts) >= 2:
        fields.update(mm=parts[1], m=str(int(parts[1])))
    if len(parts) == 3:
        fields.update(dd=parts[2], d=str(int(parts[2])))
    template = day if len(parts) == 3 else month if len(parts) == 2 else year
    return template.format(**fields)
