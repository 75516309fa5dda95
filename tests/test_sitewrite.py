"""Rebuilds under ``mkdocs serve``: the last output is set aside, not deleted file by file, the
archive's folders are moved back whole, and copied files whose source has not changed are kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from khovanban.sitecopy import CopyFailed, CopyJob
from khovanban.sitewrite import (
    carry_over,
    copy_files,
    remove_behind,
    remove_stale,
    set_aside,
    take_back_trees,
)


def _site_with(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "van-ban" / "a").mkdir(parents=True)
    (site / "van-ban" / "a" / "index.html").write_text("trang", encoding="utf-8")
    (site / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    return site


def test_set_aside_empties_the_site_folder_into_a_sibling(tmp_path: Path) -> None:
    site = _site_with(tmp_path)
    aside = set_aside(site)
    assert aside is not None and aside.parent == tmp_path
    assert site.is_dir() and not any(site.iterdir())
    assert (aside / "van-ban" / "a" / "index.html").read_text(encoding="utf-8") == "trang"
    assert set_aside(site) is None  # nothing left to set aside
    assert set_aside(tmp_path / "never-built") is None


def test_carry_over_takes_back_only_copies_of_unchanged_sources(tmp_path: Path) -> None:
    archive, site = tmp_path / "archive", tmp_path / "site"
    archive.mkdir()
    names = ["same.txt", "longer.txt", "touched.txt", "new.txt"]
    for name in names:
        (archive / name).write_text("bản gốc", encoding="utf-8")
    pairs = [(str(archive / name), f"ban-goc/{name}") for name in names[:3]]
    assert copy_files(pairs, site) == 3
    previous = set_aside(site)
    kept_inode = (previous / "ban-goc" / "same.txt").stat().st_ino
    (archive / "longer.txt").write_text("bản gốc đã sửa", encoding="utf-8")
    later = (previous / "ban-goc" / "touched.txt").stat().st_mtime + 5
    os.utime(archive / "touched.txt", (later, later))  # same size, changed after it was copied

    missing = carry_over([(str(archive / name), f"ban-goc/{name}") for name in names], previous, site)

    assert [target for _, target in missing] == ["ban-goc/longer.txt", "ban-goc/touched.txt", "ban-goc/new.txt"]
    assert (site / "ban-goc" / "same.txt").stat().st_ino == kept_inode  # moved back, not copied
    assert not (previous / "ban-goc" / "same.txt").exists()
    assert carry_over(pairs, None, site) == pairs  # nothing set aside: copy everything


def test_remove_behind_deletes_in_another_process(tmp_path: Path) -> None:
    aside = set_aside(_site_with(tmp_path))
    assert aside is not None
    removal = remove_behind(aside)
    assert removal.pid != os.getpid()
    assert removal.wait(timeout=60) == 0
    assert not aside.exists()


def test_folders_move_back_whole_and_what_was_not_written_again_goes(tmp_path: Path) -> None:
    site = _site_with(tmp_path)
    (site / "van-ban" / "b" / "c").mkdir(parents=True)
    (site / "van-ban" / "b" / "c" / "index.html").write_text("trang bị xóa", encoding="utf-8")
    (site / "ban-goc").mkdir()
    (site / "ban-goc" / "x.txt").write_text("bản gốc", encoding="utf-8")
    before = {"van-ban/a/index.html", "van-ban/b/c/index.html", "ban-goc/x.txt", "sitemap.xml"}
    aside = set_aside(site)
    inode = (aside / "van-ban" / "a" / "index.html").stat().st_ino

    moved = take_back_trees(aside, site, ["van-ban", "ban-goc", "khong-co", "../thoat"])

    assert moved == {"van-ban", "ban-goc"}
    assert (site / "van-ban" / "a" / "index.html").stat().st_ino == inode
    assert (aside / "sitemap.xml").is_file() and not (site / "sitemap.xml").exists()
    assert take_back_trees(aside, site, ["van-ban"]) == frozenset()  # already back
    assert take_back_trees(None, site, ["van-ban"]) == frozenset()

    now = {"van-ban/a/index.html", "ban-goc/x.txt", "sitemap.xml"}
    (site / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    assert remove_stale(site, before | {"ngoai/y.html"}, now, moved) == 1
    assert not (site / "van-ban" / "b").exists()  # the folders it left empty went too
    assert (site / "van-ban" / "a" / "index.html").is_file() and (site / "sitemap.xml").is_file()


def test_carry_over_checks_files_in_folders_moved_back_where_they_are(tmp_path: Path) -> None:
    archive, site = tmp_path / "archive", tmp_path / "site"
    archive.mkdir()
    for name in ("same.txt", "changed.txt"):
        (archive / name).write_text("bản gốc", encoding="utf-8")
    pairs = [(str(archive / name), f"ban-goc/{name}") for name in ("same.txt", "changed.txt")]
    copy_files(pairs, site)
    (archive / "changed.txt").write_text("bản gốc đã sửa", encoding="utf-8")
    missing = carry_over(pairs, None, site, frozenset({"ban-goc"}))
    assert missing == [pairs[1]]


def test_written_pages_pin_the_shell_scripts_and_never_one_in_a_document(tmp_path: Path) -> None:
    from khovanban.csp import inline_script_hashes
    from khovanban.digests import file_digest
    from khovanban.shell import CONTENT, TITLE, LinkFrame, Shell
    from khovanban.sitepages import GeneratedPage
    from khovanban.sitewrite import PageWriter

    theme = (f"<html><head><title>{TITLE}</title><script>var theme = 1;</script></head>"
             f"<body><article>{CONTENT}</article><script>var end = 2;</script></body></html>")
    shell = Shell(theme, None)
    writer = PageWriter(tmp_path, {}, LinkFrame([""]))
    # A script that got past escaping into a document's text (it never should).
    page = GeneratedPage("van-ban/a.md", "Tiêu đề", "<p>nội dung</p><script>alert(1)</script>")
    writer.shells[page.shell_key(True, writer.frame)] = shell
    digest = writer.write(page)
    # The digest the search index keys its parts by, the same as of the file read back.
    assert digest == file_digest(writer.output_path(page.src_uri))
    html = writer.output_path(page.src_uri).read_text(encoding="utf-8")
    shell_scripts = inline_script_hashes(theme)
    assert len(shell_scripts) == 2 and all(h in html for h in shell_scripts)
    assert inline_script_hashes("<script>alert(1)</script>")[0] not in html
    assert html.index('http-equiv="Content-Security-Policy"') < html.index("<title>")


def test_copy_job_copies_in_a_separate_process(tmp_path: Path) -> None:
    sources = tmp_path / "archive"
    sources.mkdir()
    pairs = []
    for index in range(3):
        source = sources / f"văn bản {index}.pdf"
        source.write_bytes(bytes([index]) * 100)
        pairs.append((str(source), f"ban-goc/{index}/văn bản {index}.pdf"))
    site = tmp_path / "site"
    job = CopyJob(pairs, site)
    assert job.wait() == 3
    for index in range(3):
        assert (site / "ban-goc" / str(index) / f"văn bản {index}.pdf").read_bytes() == bytes([index]) * 100
    assert not list(Path(job._list.name).parent.glob(Path(job._list.name).name))  # its list is removed


def test_copy_job_failure_names_the_file_and_the_fix(tmp_path: Path) -> None:
    missing = tmp_path / "archive" / "mất.docx"
    job = CopyJob([(str(missing), "ban-goc/mat.docx")], tmp_path / "site")
    with pytest.raises(CopyFailed) as failure:
        job.wait()
    assert "mất.docx" in str(failure.value) and "Cách sửa" in str(failure.value)

