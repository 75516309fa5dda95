"""Pages written into shells are the pages MkDocs and the theme would have rendered, byte for byte.

The same project is built twice: as usual (KHOVANBAN_PAGES=shell) and with every generated
page rendered through MkDocs one by one (KHOVANBAN_PAGES=mkdocs). Any difference in any page
fails, so a theme update that starts using more of a page than the shell fills in is caught.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_project, mkdocs_build

HAND_EDIT = """

## Ghi chú của người biên tập

Văn bản này được đối chiếu với bản lưu tại Văn phòng.

### Nguồn

- Bản chụp lưu trữ
"""


def _pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
            for p in site.rglob("*.html") if "pagefind" not in p.parts}


def _project(tmp_path: Path, directory_urls: bool) -> Path:
    project = copy_project(tmp_path / "project")
    if not directory_urls:
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("use_directory_urls: true",
                                                                     "use_directory_urls: false"), encoding="utf-8")
    # A hand edit that adds headings and a list: that body goes through Python-Markdown and
    # needs a shell of its own (its table of contents differs from every other page's).
    page = next((project / "docs" / "van-ban").rglob("2234-cv-tu.md"))
    page.write_text(page.read_text(encoding="utf-8").rstrip() + HAND_EDIT, encoding="utf-8")
    return project


@pytest.mark.parametrize("directory_urls,site_url", [(True, "https://kho.example.vn/"), (False, "")])
def test_shell_pages_equal_pages_rendered_by_mkdocs(tmp_path: Path, directory_urls: bool, site_url: str) -> None:
    project = _project(tmp_path, directory_urls)
    env = {"KHOVANBAN_SITE_URL": site_url} if site_url else {}
    shell = mkdocs_build(project, "-d", str(tmp_path / "shell"), env={**env, "KHOVANBAN_PAGES": "shell"})
    assert shell.returncode == 0, shell.stderr[-3000:]
    reference = mkdocs_build(project, "-d", str(tmp_path / "mkdocs"), env={**env, "KHOVANBAN_PAGES": "mkdocs"})
    assert reference.returncode == 0, reference.stderr[-3000:]
    written, rendered = _pages(tmp_path / "shell"), _pages(tmp_path / "mkdocs")
    assert written.keys() == rendered.keys()
    documents = [name for name in written if name.startswith("van-ban/") and name.count("/") >= 3]
    assert len(documents) >= 20  # 5 archived documents and their cited documents
    different = [name for name in written if written[name] != rendered[name]]
    assert not different, different[:5]
    edited = next(text for name, text in written.items() if "2234-cv-tu" in name)
    assert 'href="#ghi-chu-cua-nguoi-bien-tap"' in edited  # in the table of contents
    if site_url:
        assert '<link rel="canonical" href="https://kho.example.vn/van-ban/tinh-uy-bac-giang/2023/2234-cv-tu/">' in edited
    assert "KVSHELL" not in "".join(written.values())
