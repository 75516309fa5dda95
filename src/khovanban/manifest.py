"""Fixity of the originals: a BagIt-style ``manifest-sha256.txt`` in ``archive/``.

Each line is "<sha256>  <path relative to archive/>". Ingest adds new originals to the
manifest but never rewrites an existing entry: an original whose bytes no longer match its
entry has been altered, and that stops ingest until a person decides what happened.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_NAME = "manifest-sha256.txt"
IGNORED_NAMES = frozenset({MANIFEST_NAME, "README.md", ".gitkeep", ".DS_Store", "Thumbs.db"})


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def original_files(archive: Path) -> list[Path]:
    """Every original under ``archive`` (recursively), in a stable order."""
    files = [
        p
        for p in archive.rglob("*")
        if p.is_file() and p.name not in IGNORED_NAMES and not any(part.startswith(".") for part in p.relative_to(archive).parts)
    ]
    return sorted(files, key=lambda p: unicodedata.normalize("NFC", p.relative_to(archive).as_posix()))


def relative_name(archive: Path, path: Path) -> str:
    """Name of an original in the manifest: POSIX path, NFC (macOS writes NFD names)."""
    return unicodedata.normalize("NFC", path.relative_to(archive).as_posix())


class ManifestError(ValueError):
    pass


def read_manifest(archive: Path) -> dict[str, str]:
    """Map of relative name -> sha256; a malformed line raises with its line number."""
    manifest = archive / MANIFEST_NAME
    entries: dict[str, str] = {}
    if not manifest.exists():
        return entries
    for number, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        checksum, sep, name = line.partition("  ")
        if not sep or len(checksum) != 64 or any(c not in "0123456789abcdef" for c in checksum):
            raise ManifestError(
                f"{manifest}:{number}: dòng không đúng dạng '<sha256>  <tên tệp>'; sửa hoặc xóa dòng này"
            )
        entries[unicodedata.normalize("NFC", name)] = checksum
    return entries


def write_manifest(archive: Path, entries: dict[str, str]) -> None:
    lines = [f"{checksum}  {name}\n" for name, checksum in sorted(entries.items())]
    (archive / MANIFEST_NAME).write_text("".join(lines), encoding="utf-8")


@dataclass
class FixityReport:
    """Result of comparing ``archive/`` with its manifest."""

    ok: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    clashes: list[str] = field(default_factory=list)  # names equal after NFC normalisation
    checksums: dict[str, str] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return not (self.altered or self.missing or self.clashes)


def check_fixity(archive: Path) -> FixityReport:
    """Compare every original with the manifest (extra files are new, not errors)."""
    report = FixityReport()
    entries = read_manifest(archive)
    seen: dict[str, Path] = {}
    for path in original_files(archive):
        name = relative_name(archive, path)
        if name in seen:
            report.clashes.append(name)
            continue
        seen[name] = path
        checksum = sha256_file(path)
        report.checksums[name] = checksum
        expected = entries.get(name)
        if expected is None:
            report.extra.append(name)
        elif expected != checksum:
            report.altered.append(name)
        else:
            report.ok.append(name)
    report.missing = sorted(set(entries) - set(seen))
    return report
