"""The leak check: no distinctive text of a withheld document appears in an edition.

After every build, take what identifies each withheld document — its number, its subject,
and long sentences of its text — leave out whatever a published document itself says (a
public letter may cite an internal one by number: its own text stays), and search every
file of the output for the rest, including Pagefind's compressed index files. Any hit
fails the build.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .registry import DocumentRecord
from .vntext import nfc

MIN_SENTENCE = 40
SENTENCES_PER_DOCUMENT = 8
_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+")
_MARKUP = re.compile(r"\\(.)|[*_]")


@dataclass(frozen=True)
class Leak:
    file: str
    document: str
    phrase: str

    def __str__(self) -> str:
        return f"{self.file}: chứa «{self.phrase}» của văn bản không được công bố {self.document}"


def _plain(markdown: str) -> str:
    text = _MARKUP.sub(lambda m: m.group(1) or "", markdown)
    text = re.sub(r"<[^>]+>|\{:[^}]*\}", " ", text)
    return " ".join(html.unescape(nfc(text)).split())


def distinctive_phrases(record: DocumentRecord) -> set[str]:
    """What would give a withheld document away if it appeared in an edition."""
    meta = record.meta
    phrases = {str(meta[k]) for k in ("number", "number_printed", "subject") if meta.get(k)}
    phrases.add(record.id)
    sentences = [s.strip() for s in _SENTENCE_END.split(_plain(record.body)) if len(s.strip()) >= MIN_SENTENCE]
    sentences.sort(key=len, reverse=True)
    phrases.update(s[:120] for s in sentences[:SENTENCES_PER_DOCUMENT])
    return {nfc(p) for p in phrases if len(p) >= 6}


def _file_text(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except OSError:
            pass
    text = data.decode("utf-8", errors="ignore")
    if path.suffix == ".json":
        try:
            text = json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return " ".join(html.unescape(nfc(text)).split())


def find_leaks(
    output: Path, withheld: Iterable[DocumentRecord], published: Iterable[DocumentRecord]
) -> list[Leak]:
    """Every output file that contains a distinctive phrase of a withheld document."""
    withheld = list(withheld)
    if not withheld:  # the public edition of an archive with nothing withheld: nothing to look for
        return []
    published_text = " ".join(_plain(r.body) + " " + " ".join(str(v) for v in r.meta.values()) for r in published)
    phrases: dict[str, str] = {}
    for record in withheld:
        for phrase in distinctive_phrases(record):
            if phrase not in published_text:
                phrases[phrase] = record.id
    if not phrases:
        return []
    leaks: list[Leak] = []
    for path in sorted(p for p in output.rglob("*") if p.is_file()):
        if path.suffix in (".woff2", ".png", ".ico", ".wasm", ".svg"):
            continue
        text = _file_text(path)
        for phrase, document in phrases.items():
            if phrase in text:
                leaks.append(Leak(path.relative_to(output).as_posix(), document, phrase))
    return leaks
