"""Rebuilds under ``mkdocs serve`` take unchanged pages back from the previous build instead of
making them again. A page is taken back only when everything it is made from is unchanged, so
after any edit the rebuilt site must equal a fresh build of the same sources, file for file.

One serve session (the hooks' state kept between builds, as ``mkdocs serve`` keeps it) runs in
a separate process over a synthetic archive; after each kind of edit its output is compared
with ``mkdocs build`` of the edited sources.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

# Builds like ``mkdocs serve`` does: one on_startup("serve"), then a fresh config for every
# rebuild, with the hook modules (and their state) loaded once. A line on stdin names the
# folder to copy the built site to (the search index left out: serve shows the previous one
# while it builds the next behind).
SESSION = r"""
import logging, shutil, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

project, site = Path(sys.argv[1]), Path(sys.argv[2])

def config():
    return load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site), strict=False)

logging.basicConfig(level=logging.INFO, format="%(message)s")
current = config()
current.plugins.on_startup(command="serve", dirty=False)
for line in sys.stdin:
    build(current)
    shutil.copytree(site, line.strip(), ignore=shutil.ignore_patterns("pagefind"))
    print("built", flush=True)
    current = config()
current.plugins.on_shutdown()  # as serve does when it stops (the search hook removes its index copy)
"""


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    subprocess.run([sys.executable, str(REPO / "scripts" / "generate_corpus.py"), "--count", "150", "--seed", "7",
                    "--out", str(project), "--ingest", "--quiet"], check=True, capture_output=True, timeout=900)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("hooks", "overrides"):
        shutil.copytree(REPO / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "docs" / "assets", project / "docs" / "assets")
    for page in (REPO / "docs").glob("*.md"):
        shutil.copy(page, project / "docs" / page.name)
    return project


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.relative_to(root).as_posix().startswith("pagefind")}


def _build(project: Path, out: Path, cache: bool) -> str:
    """``mkdocs build`` into ``out``; with ``cache``, as a user runs it (what earlier builds
    left in .cache/khovanban is used), else from scratch. Returns the build's log."""
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--no-strict", "-f", str(project / "mkdocs.yml"),
                           "-d", str(out)], cwd=project, env={**ENV, "KHOVANBAN_CACHE": "1" if cache else "0"},
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr


def _fresh(project: Path, out: Path) -> Path:
    _build(project, out, cache=False)
    return out


def _assert_same(rebuilt: Path, fresh: Path, edit: str) -> None:
    new, expected = _files(rebuilt), _files(fresh)
    assert sorted(new) == sorted(expected), f"after {edit}: different files"
    stale = [name for name in expected if new[name] != expected[name]]
    assert not stale, f"after {edit}: {len(stale)} files differ from a fresh build, e.g. {stale[:5]}"


def _front(page: Path, key: str) -> str:
    match = re.search(rf"^{key}: (.*)$", page.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{page} has no {key}"
    return match.group(1).strip().strip("'\"")


def _set_front(page: Path, key: str, value: str) -> None:
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(rf"^{key}: .*$", f"{key}: '{value}'", text, count=1, flags=re.MULTILINE),
                    encoding="utf-8")


def test_every_rebuild_under_serve_equals_a_fresh_build(tmp_path: Path) -> None:
    project = _project(tmp_path)
    docs = project / "docs"
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as log_file:
        session = subprocess.Popen([sys.executable, "-c", SESSION, str(project), str(tmp_path / "serve-site")],
                                   cwd=project, env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=log_file, text=True)
    assert session.stdin is not None and session.stdout is not None

    def rebuild(name: str) -> Path:
        out = tmp_path / "rebuilt" / name
        session.stdin.write(f"{out}\n")  # type: ignore[union-attr]
        session.stdin.flush()  # type: ignore[union-attr]
        assert session.stdout.readline().strip() == "built", f"the serve session died at {name}"  # type: ignore[union-attr]
        kept = re.findall(r"giữ lại (\d+) trang không đổi", log.read_text(encoding="utf-8"))
        if name != "0":  # the comparison means something only if pages were taken back
            assert int(kept[-1]) > 100, f"rebuild {name} took back {kept[-1]} pages"
        return out

    try:
        first = rebuild("0")
        links = json.loads((first / "api" / "citations.json").read_text(encoding="utf-8"))
        documents = {d["id"]: d for d in json.loads((first / "api" / "documents.json").read_text(encoding="utf-8"))}
        archived = [d for d in documents.values() if d["archived"]]
        cited = sorted({link["target"] for link in links if documents.get(link["target"], {}).get("archived")},
                       key=lambda i: (-sum(link["target"] == i for link in links), i))
        hub = docs / "van-ban" / f"{cited[0]}.md"

        # 1. The date of a much-cited document (same month: its ID and URL stay).
        date = _front(hub, "date")
        _set_front(hub, "date", f"{date[:8]}{'27' if date[8:] != '27' else '26'}")
        _assert_same(rebuild("1"), _fresh(project, tmp_path / "fresh" / "1"), "a date edit")

        # 2. The subject of another document (shown by its neighbours and listings).
        other = docs / "van-ban" / f"{cited[1]}.md"
        _set_front(other, "subject", "về việc đã sửa trích yếu để kiểm tra dựng lại")
        _assert_same(rebuild("2"), _fresh(project, tmp_path / "fresh" / "2"), "a subject edit")

        # 3. A new citation in a body: a new link, backlink and perhaps cascade.
        quote = next(link["text"] for link in links if link["target"] == cited[2] and link["text"])
        citing = {link["source"] for link in links if link["target"] == cited[2]}
        source = next(d["id"] for d in archived if d["id"] not in citing and d["id"] != cited[2])
        page = docs / "van-ban" / f"{source}.md"
        page.write_text(page.read_text(encoding="utf-8") + f"\nThực hiện {quote}, đề nghị các đơn vị triển khai.\n",
                        encoding="utf-8")
        _assert_same(rebuild("3"), _fresh(project, tmp_path / "fresh" / "3"), "a citation added")

        # 4. A document page removed: its page goes, pages citing it now point to a cited-only page.
        (docs / "van-ban" / f"{cited[3]}.md").unlink()
        _assert_same(rebuild("4"), _fresh(project, tmp_path / "fresh" / "4"), "a page removed")

        # 5. A document signed by another signer: it leaves one signer's listing for another's,
        # a page none of whose earlier documents changed.
        signed = docs / "van-ban" / f"{cited[4]}.md"
        signer = _front(signed, "signer")
        other_signer = next(name for name in (_front(docs / "van-ban" / f"{d['id']}.md", "signer") for d in archived
                                              if (docs / "van-ban" / f"{d['id']}.md").exists())
                            if name and name != signer)
        _set_front(signed, "signer", other_signer)
        _assert_same(rebuild("5"), _fresh(project, tmp_path / "fresh" / "5"), "a signer edit")
    finally:
        session.stdin.close()
        session.wait(timeout=120)
        session.stdout.close()


def test_a_build_after_an_edit_takes_unchanged_pages_from_the_last_build_and_equals_a_fresh_one(
    tmp_path: Path,
) -> None:
    """``mkdocs build`` again into the same site folder: the last build's state (in the cache)
    lets it keep unchanged pages, and the site must still equal a build from scratch."""
    project = _project(tmp_path)
    docs, site = project / "docs", project / "site"
    first = _build(project, site, cache=True)
    assert re.findall(r"giữ lại (\d+) trang không đổi", first) == ["0"]
    documents = json.loads((site / "api" / "documents.json").read_text(encoding="utf-8"))
    links = json.loads((site / "api" / "citations.json").read_text(encoding="utf-8"))
    archived = {d["id"] for d in documents if d["archived"]}
    hub = max(archived, key=lambda i: (sum(link["target"] == i for link in links), i))

    def rebuilt(edit: str) -> None:
        log = _build(project, site, cache=True)
        kept = re.findall(r"giữ lại (\d+) trang không đổi", log)
        assert kept and int(kept[-1]) > 100, f"after {edit}: pages kept: {kept}"
        _assert_same(site, _fresh(project, tmp_path / "fresh" / edit), edit)

    page = docs / "van-ban" / f"{hub}.md"
    date = _front(page, "date")
    _set_front(page, "date", f"{date[:8]}{'27' if date[8:] != '27' else '26'}")
    rebuilt("date")

    # A page changed or deleted in the site folder by hand is written again.
    written = sorted((site / "van-ban").rglob("index.html"))
    written[0].write_text(written[0].read_text(encoding="utf-8") + "<!-- sửa tay -->", encoding="utf-8")
    written[1].unlink()
    rebuilt("hand-edited site")

    (docs / "van-ban" / f"{min(archived - {hub})}.md").unlink()
    rebuilt("page removed")

    # Another configuration: nothing is taken back.
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text(encoding="utf-8")
                                        .replace("site_name: Kho văn bản", "site_name: Kho văn bản thử"),
                                        encoding="utf-8")
    log = _build(project, site, cache=True)
    assert re.findall(r"giữ lại (\d+) trang không đổi", log) == ["0"]
    _assert_same(site, _fresh(project, tmp_path / "fresh" / "config"), "a configuration change")
