"""Every encoding real Vietnamese originals arrive in ends as the same Unicode text (issue 8).

UTF-8 with and without BOM, UTF-16, Windows-1258, NFD, CRLF, and the legacy font encodings
TCVN3 (ABC, ".VnTime") and VNI. The legacy fixtures are made here: a known Unicode paragraph
is encoded with inverse tables built from the data files, written as bytes, and must decode
back to the paragraph. Published garbled readings, written out by hand below and in the
data files' examples, check the tables themselves.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from khovanban.decode import decode_original
from khovanban.legacy import (
    MIN_GAIN,
    convert_legacy,
    decode_8bit,
    is_vietnamese_syllable,
    legacy_encoding,
    legacy_encodings,
)
from khovanban.parse import parse_document
from khovanban.vntext import nfc

PARAGRAPH = (
    "LIÊN ĐOÀN LAO ĐỘNG TỈNH BÌNH THUẬN\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    "Số: 57/LĐLĐ\n"
    "Bình Thuận, ngày 24 tháng 02 năm 2017\n"
    "V/v tiếp tục phối hợp thực hiện đổi mới nội dung\n"
    "Kính gửi: Các công đoàn cơ sở trực thuộc.\n"
    "Thực hiện Kế hoạch số 12/KH-TLĐ, Liên đoàn Lao động tỉnh đề nghị các đơn vị tiếp tục phối hợp"
    " thực hiện đổi mới nội dung, phương thức hoạt động công đoàn.\n"
)
VIETNAMESE_LETTERS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # none, huyền, sắc, ngã, hỏi, nặng
ALPHABET = {nfc(vowel + tone) for vowel in VIETNAMESE_LETTERS for tone in TONES} | {"đ"}  # lower case


def encode_legacy(text: str, name: str) -> bytes:
    """``text`` as the bytes a TCVN3 or VNI font file holds (inverse of the data tables)."""
    encoding = legacy_encoding(name)
    inverse: dict[str, bytes] = {letter: bytes([byte]) for byte, letter in encoding.chars.items()}
    for (base, mark), letter in encoding.sequences.items():
        inverse.setdefault(letter, bytes([base, mark]))
    if encoding.capital_font:  # a capital with a tone is the lower-case code in the capital font
        for byte, letter in encoding.chars.items():
            inverse.setdefault(letter.upper(), bytes([byte]))
    return b"".join(inverse.get(char) or char.encode("ascii") for char in nfc(text))


def encode_cp1258(text: str) -> bytes:
    """``text`` in Windows-1258 the way Windows writes it: precomposed letter + tone mark."""
    out = b""
    for char in nfc(text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tone = "".join(mark for mark in decomposed if mark in TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return out


def write(tmp_path: Path, data: bytes, name: str = "van-ban.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- the tables ----------------------------------------------------------------------

EXAMPLES = [(e.name, garbled, unicode) for e in legacy_encodings() for garbled, unicode in e.examples]


@pytest.mark.parametrize("name, garbled, unicode", EXAMPLES, ids=[f"{e[0]}-{e[2][:20]}" for e in EXAMPLES])
def test_data_file_examples_round_trip(name: str, garbled: str, unicode: str) -> None:
    assert convert_legacy(garbled)[:2] == (unicode, name)
    assert encode_legacy(unicode, name).decode("cp1252") == garbled


@pytest.mark.parametrize(
    "garbled, name",
    [
        # The readings quoted in VIETNAMESE-DOCUMENTS.md and the brief, typed in by hand.
        ("Céng hßa X· héi chñ nghÜa ViÖt Nam", "tcvn3"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni"),
    ],
)
def test_published_garbled_readings(garbled: str, name: str) -> None:
    text, detected, notes = convert_legacy(garbled)
    assert text.lower() == "cộng hòa xã hội chủ nghĩa việt nam"
    assert detected == name
    assert notes[0].startswith(f"chuyển mã từ {legacy_encoding(name).label} sang Unicode")


def test_tcvn3_table_is_vn3() -> None:
    """67 lower-case letters and the 7 capitals without tone, one byte each, no duplicates."""
    letters = list(legacy_encoding("tcvn3").chars.values())
    assert len(letters) == len(set(letters)) == 74
    assert sum(letter.isupper() for letter in letters) == 7
    assert all(
        len(letter) == 1 and 0xA1 <= byte <= 0xFE for byte, letter in legacy_encoding("tcvn3").chars.items()
    )


def test_vni_table_covers_every_vietnamese_letter_once() -> None:
    encoding = legacy_encoding("vni")
    letters = list(encoding.chars.values()) + list(encoding.sequences.values())
    assert len(letters) == len(set(letters)) == 134  # 67 lower case and 67 upper case
    assert {letter.lower() for letter in letters} == ALPHABET - set("aeiouy")


# --- legacy originals ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["tcvn3", "vni"])
@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_legacy_bytes_decode_to_the_paragraph(tmp_path: Path, name: str, line_end: str) -> None:
    data = encode_legacy(PARAGRAPH.replace("\n", line_end), name)
    decoded = decode_original(write(tmp_path, data))
    assert decoded.text == PARAGRAPH
    assert decoded.encoding == name
    assert any(note.startswith("chuyển mã từ") for note in decoded.notes)
    document = parse_document(decoded.text)
    assert document.number is not None and document.number.canonical == "57/LĐLĐ"
    assert document.date == "2017-02-24"
    assert document.issuer == "Liên đoàn Lao động tỉnh Bình Thuận"


@pytest.mark.parametrize("name", ["tcvn3", "vni"])
def test_legacy_text_saved_as_utf8(tmp_path: Path, name: str) -> None:
    """Text copied out of Word as it reads ("Céng hßa"), then saved as UTF-8."""
    garbled = encode_legacy(PARAGRAPH, name).decode("cp1252")
    decoded = decode_original(write(tmp_path, garbled.encode("utf-8")))
    assert (decoded.text, decoded.encoding) == (PARAGRAPH, f"utf-8+{name}")


@pytest.mark.parametrize("name", ["tcvn3", "vni"])
def test_legacy_text_in_word(tmp_path: Path, name: str) -> None:
    import docx

    document = docx.Document()
    for line in PARAGRAPH.splitlines():
        document.add_paragraph(encode_legacy(line, name).decode("cp1252"))
    path = tmp_path / "van-ban.docx"
    document.save(str(path))
    decoded = decode_original(path)
    assert decoded.text.splitlines() == PARAGRAPH.splitlines()
    assert decoded.encoding == f"docx+{name}"
    assert parse_document(decoded.text).number.canonical == "57/LĐLĐ"  # type: ignore[union-attr]


def test_private_use_view_of_a_symbol_font() -> None:
    """Word gives U+F0xx to fonts it treats as symbol fonts; the byte is the low half."""
    garbled = "".join(chr(0xF000 + b) for b in encode_legacy("Cộng hòa xã hội chủ nghĩa Việt Nam", "tcvn3"))
    assert convert_legacy(garbled)[:2] == ("Cộng hòa xã hội chủ nghĩa Việt Nam", "tcvn3")


def test_tcvn3_capitals_follow_the_words_around_them() -> None:
    text, _, notes = convert_legacy("CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM\nCéng hßa X· héi chñ nghÜa ViÖt Nam")
    assert text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCộng hòa Xã hội chủ nghĩa Việt Nam"
    assert any("chữ hoa" in note for note in notes)


def test_tcvn3_sentence_start_gets_a_capital() -> None:
    text = convert_legacy("a) ë trong n\xadíc vµ ngoµi n\xadíc. ý kiÕn cña chi bé.")[0]
    assert text == "a) Ở trong nước và ngoài nước. Ý kiến của chi bộ."


def test_unconvertible_characters_are_reported_with_their_line() -> None:
    # 0xC0 carries a capital only in VN1/VN2; a VN3 (.VnTime) text cannot hold it.
    garbled = "Céng hßa X· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc \xc0"
    text, name, notes = convert_legacy(garbled)
    assert name == "tcvn3" and text.endswith("Hạnh phúc \xc0")
    assert "không chuyển được 1 ký tự: 'À' (U+00C0) ×1, dòng 2" in notes[-1]


def test_vni_mark_without_a_base_letter_is_reported() -> None:
    text, name, notes = convert_legacy("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam bø")
    assert name == "vni" and text.endswith("Nam bø")
    assert "'ø' (U+00F8)" in notes[-1]


def test_garbled_lines_inside_a_unicode_text_are_converted_alone() -> None:
    text = "Cộng hòa xã hội chủ nghĩa Việt Nam\n§éc lËp - Tù do - H¹nh phóc\nCó\n"
    converted, name, notes = convert_legacy(text)
    assert converted == "Cộng hòa xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\nCó\n"
    assert name == "tcvn3" and notes[0].endswith("(1 dòng)")


# --- Unicode originals ----------------------------------------------------------------


@pytest.mark.parametrize(
    "data, encoding, note",
    [
        (b"\xef\xbb\xbf" + PARAGRAPH.encode("utf-8"), "utf-8-sig", "bỏ dấu BOM UTF-8"),
        (PARAGRAPH.encode("utf-16"), "utf-16", "giải mã UTF-16"),  # platform order, with BOM
        (b"\xff\xfe" + PARAGRAPH.encode("utf-16-le"), "utf-16", "giải mã UTF-16 LE (có BOM)"),
        (b"\xfe\xff" + PARAGRAPH.encode("utf-16-be"), "utf-16", "giải mã UTF-16 BE (có BOM)"),
        (PARAGRAPH.replace("\n", "\r\n").encode("utf-8"), "utf-8", "chuẩn hóa xuống dòng CRLF"),
        (
            unicodedata.normalize("NFD", PARAGRAPH).encode("utf-8"),
            "utf-8",
            "chuẩn hóa Unicode NFC (văn bản tổ hợp)",
        ),
        (encode_cp1258(PARAGRAPH), "cp1258", "giải mã theo Windows-1258"),
    ],
    ids=["utf-8-bom", "utf-16", "utf-16-le", "utf-16-be", "crlf", "nfd", "cp1258"],
)
def test_unicode_encodings_end_in_the_paragraph(
    tmp_path: Path, data: bytes, encoding: str, note: str
) -> None:
    decoded = decode_original(write(tmp_path, data))
    assert decoded.text == PARAGRAPH
    assert decoded.encoding == encoding
    assert any(n.startswith(note) for n in decoded.notes), decoded.notes
    assert not any("chuyển mã" in n for n in decoded.notes)


def test_real_windows_1258_bytes(tmp_path: Path) -> None:
    # "Cộng hòa xã hội chủ nghĩa Việt Nam" as Windows writes it in code page 1258: ô + dot
    # below (F4 F2), o + grave (6F CC), a + tilde (61 DE), u + hook (75 D2), ê + dot (EA F2).
    data = b"C\xf4\xf2ng ho\xcca xa\xde h\xf4\xf2i chu\xd2 nghi\xdea Vi\xea\xf2t Nam"
    assert data.decode("cp1258") != "Cộng hòa xã hội chủ nghĩa Việt Nam"  # base + combining marks
    decoded = decode_original(write(tmp_path, data))
    assert decoded.text == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert decoded.encoding == "cp1258"
    assert decoded.notes == ["giải mã theo Windows-1258", "chuẩn hóa Unicode NFC (văn bản tổ hợp)"]


def test_bytes_undefined_in_windows_1258_are_reported_not_fatal() -> None:
    text, encoding, notes = decode_8bit(b"Plain text with a stray byte \x81 in it")
    assert (text, encoding) == ("Plain text with a stray byte \ufffd in it", "cp1258")
    assert any("0x81" in note for note in notes)


# --- no false alarms ------------------------------------------------------------------

NOT_LEGACY = [
    PARAGRAPH,
    unicodedata.normalize("NFD", PARAGRAPH),
    "The committee approved the plan on 24 February 2017.\nNo accents here at all, only English words.",
    "Où est la bibliothèque? À côté de l'église, près du café. Déjà vu, très élégant, à Paris, où, là, été.",
    "Über die Brücke gehen Mädchen und Jungen; die Bäume sind grün, schön und groß.",
    "El niño comió en la cafetería. Mañana iré a España, señor: canción, corazón, está, también, más, qué.",
    "Cá»™ng hÃ²a xÃ£ há»™i chá»§ nghÄ©a Viá»‡t Nam",  # UTF-8 read as cp1252: another fault
    "Cà Mau\nHà Giang\nCó ai ở đó\nCó và là\nTôi là ai\nCô ấy có má",  # Vietnamese in Latin-1 letters only
]


@pytest.mark.parametrize(
    "text", NOT_LEGACY, ids=["vi", "vi-nfd", "en", "fr", "de", "es", "mojibake", "vi-latin1"]
)
def test_text_that_is_not_legacy_is_left_alone(text: str) -> None:
    assert convert_legacy(text) == (nfc(text), None, [])


def test_plain_utf8_original_gets_no_note(tmp_path: Path) -> None:
    decoded = decode_original(write(tmp_path, PARAGRAPH.encode("utf-8")))
    assert (decoded.text, decoded.encoding, decoded.notes) == (PARAGRAPH, "utf-8", [])


def test_western_text_in_windows_1252_stays_windows(tmp_path: Path) -> None:
    data = "Où est la bibliothèque? À côté de l'église, près du café, très élégant.".encode("cp1252")
    decoded = decode_original(write(tmp_path, data))
    assert decoded.encoding == "cp1258" and decoded.text.startswith("Où est")


def test_too_little_evidence_is_not_converted() -> None:
    """A garbled word or two is not enough to rewrite a text (MIN_GAIN)."""
    assert MIN_GAIN >= 2
    assert convert_legacy("ViÖt")[1] is None


def test_corpus_is_not_mistaken_for_legacy(shared: Path) -> None:
    for path in sorted((shared / "corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert convert_legacy(text)[1] is None, path


def test_corpus_converts_back_from_both_legacy_encodings(shared: Path) -> None:
    """Whole real documents round-trip (TCVN3 up to the capitals its fonts cannot hold)."""
    for path in sorted((shared / "corpus").glob("*.txt"))[:4]:
        text = nfc(path.read_text(encoding="utf-8"))
        text = "".join(c for c in text if c.isascii() or c.lower() in ALPHABET)
        vni = decode_8bit(encode_legacy(text, "vni"))
        assert vni[:2] == (text, "vni"), path
        tcvn3, name, _ = decode_8bit(encode_legacy(text, "tcvn3"))
        assert name == "tcvn3" and tcvn3.lower() == text.lower(), path


# --- syllables ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word",
    ["nghĩa", "Việt", "ạ", "hòa", "hoà", "quyết", "khuya", "giếng", "người", "được", "THUẬN", "uỷ", "ủy"],
)
def test_vietnamese_syllables(word: str) -> None:
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize(
    "word",
    ["céng", "héi", "ViÖt", "Coäng", "kan", "ghan", "cét", "hoàc", "hòc", "nghưa", "x", "UBND", "Paris", ""],
)
def test_not_vietnamese_syllables(word: str) -> None:
    assert not is_vietnamese_syllable(word)
