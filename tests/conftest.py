"""Shared fixtures: the repository, the optional ../shared material, and site builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared (seeds, corpus, originals); tests that need it skip on a clone without it."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared/ is not present next to this clone (corpus tests need it)")
    return SHARED


def copy_project(destination: Path) -> Path:
    """A private copy of the project's site sources (docs, archive, hooks, overrides, mkdocs.yml)."""
    for name in ("docs", "archive", "hooks", "overrides"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, destination / name)
    shutil.copy(REPO / "mkdocs.yml", destination / "mkdocs.yml")
    return destination


def mkdocs_build(project: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` on ``project``; returns the completed process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), *extra],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site built once from the committed seed archive; returns the site directory."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    """The built seed site served over http on 127.0.0.1 (a thread in this process)."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (./run test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def guarded_context(browser, allowed: str, **options):
    """A browser context that blocks, and records in ``context.outside``, every request
    that does not start with ``allowed`` (data: and blob: URLs are the page's own)."""
    context = browser.new_context(**options)
    outside: list[str] = []

    def guard(route) -> None:
        url = route.request.url
        if url.startswith((allowed, "data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    context.outside = outside
    return context


@pytest.fixture()
def offline_page(browser, site_url: str):
    """A page whose every request outside the site is blocked and recorded in ``page.outside``."""
    context = guarded_context(browser, site_url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.outside = context.outside  # type: ignore[attr-defined]
    yield page
    context.close()
