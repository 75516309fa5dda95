import pytest

from khovanban.numbers import find_numbers, parse_number
from khovanban.tables import load_tables

# (printed, canonical, style, type_code, issuer_codes)
CASES = [
    ("2234-CV/TU", "2234-CV/TU", "party", "CV", ("TU",)),
    ("2234-CVTU", "2234-CV/TU", "party", "CV", ("TU",)),
    ("217/QĐ-TW", "217-QĐ/TW", "party", "QĐ", ("TW",)),
    ("57 / LĐLĐ", "57/LĐLĐ", "state", None, ("LĐLĐ",)),
    ("299/CĐCT – TGNC", "299/CĐCT-TGNC", "state", None, ("CĐCT",)),
    ("145/2020/NĐ-CP", "145/2020/NĐ-CP", "state", "NĐ", ("CP",)),
    ("179/KH-TLĐ", "179/KH-TLĐ", "state", "KH", ("TLĐ",)),
    ("05-QC/BTCTU-BDVTU", "05-QC/BTCTU-BDVTU", "party", "QC", ("BTCTU", "BDVTU")),
    ("38 - HD/BTCTW", "38-HD/BTCTW", "party", "HD", ("BTCTW",)),
    ("05/NQ- ĐCT", "05/NQ-ĐCT", "state", "NQ", ("ĐCT",)),
    ("101/2025/UBTVQH15", "101/2025/UBTVQH15", "state", None, ("UBTVQH15",)),
    ("15/UBND-VP", "15/UBND-VP", "state", None, ("UBND",)),
]


@pytest.mark.parametrize("printed, canonical, style, type_code, issuers", CASES)
def test_parse_number(printed: str, canonical: str, style: str, type_code: str | None, issuers: tuple) -> None:
    parsed = parse_number(printed)
    assert parsed is not None
    assert parsed.canonical == canonical
    assert parsed.style == style
    assert parsed.type_code == type_code
    assert parsed.issuer_codes == issuers


def test_missing_number_keeps_symbol() -> None:
    parsed = parse_number("/LĐLĐ-TG&NC")
    assert parsed is not None and parsed.number is None
    assert parsed.issuer_codes == ("LĐLĐ",)


def test_normalising_twice_is_normalising_once() -> None:
    for printed, *_ in CASES:
        once = parse_number(printed)
        assert once is not None
        again = parse_number(once.canonical)
        assert again is not None and again.canonical == once.canonical


def test_typo_and_state_style_are_recorded() -> None:
    assert parse_number("2234-CVTU").corrections
    assert parse_number("217/QĐ-TW").corrections
    assert not parse_number("2234-CV/TU").corrections


def test_dates_and_ranges_are_not_numbers() -> None:
    text = "ngày 29/6/2023, nhiệm kỳ 2023-2028, Công văn số 2234-CV/TU"
    assert [m[2] for m in find_numbers(text)] == ["2234-CV/TU"]


def test_every_table_example_parses() -> None:
    tables = load_tables()
    for doc_type in tables.types:
        for example in doc_type.examples:
            assert parse_number(example) is not None, f"document_types.yaml: {doc_type.code}: {example}"
    for issuer in tables.issuers:
        for example in issuer.examples:
            assert parse_number(example) is not None, f"issuer_codes.yaml: {issuer.code}: {example}"
