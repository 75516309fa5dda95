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


def mkdocs_build(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` on ``project``; returns the completed process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), *extra],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site built once from the committed seed archive; returns the site directory."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"
