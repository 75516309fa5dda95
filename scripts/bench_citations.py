#!/usr/bin/env python3
"""Measure what the citation graph costs in a build of the whole archive.

The seed archive is replicated COPIES times into a temporary project (each copy under its own
issuer and a different province, so "TU" citations resolve to different provincial documents and
the graph grows with the archive), then built with ``mkdocs build`` with the citation hook and
without it (alternating, REPEAT times each, fastest kept). Printed: the time of extraction +
resolution (finding, relating and resolving every citation, once per build), of annotation (links
and relation sections, per page), of the generated pages for cited documents, the whole build, and
the shares.

Usage: .venv/bin/python scripts/bench_citations.py [--copies 200] [--repeat 2] [--keep]
The target is that extraction and resolution stay under 10% of the build.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from khovanban.identity import page_path
from khovanban.pages import parse_page, render_page
from khovanban.registry import read_pages
from khovanban.tables import load_tables

CITATIONS_HOOK = "hooks/citations.py"


def log(message: str) -> None:
    print(message, flush=True)


def make_project(destination: Path, copies: int) -> int:
    """Copy the project's site sources and replicate its document pages; return the page count."""
    for name in ("docs", "archive", "hooks", "overrides"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, destination / name)
    shutil.copy(REPO / "mkdocs.yml", destination / "mkdocs.yml")
    seeds = read_pages(REPO / "docs")
    provinces = [p.name for p in load_tables().provinces]
    count = len(seeds)
    for copy in range(1, copies):
        for rel_path, text in seeds:
            page = parse_page(text, rel_path)
            meta = dict(page.meta)
            issuer, year, local = meta["id"].split("/")
            meta["id"] = f"{issuer}-b{copy}/{year}/{local}"
            meta["aliases"] = []
            if meta.get("province"):
                meta["province"] = provinces[copy % len(provinces)]
            target = destination / "docs" / page_path(meta["id"])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render_page(meta, page.body), encoding="utf-8")
            count += 1
        if copy % 50 == 0:
            log(f"  {copy}/{copies} copies written")
    return count


def build(project: Path, with_citations: bool) -> tuple[float, dict[str, float]]:
    """Build the project in this process; return wall time and the citation hook's timings."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    cwd = os.getcwd()
    os.chdir(project)
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"), strict=False)
        if not with_citations:
            config.hooks.pop(CITATIONS_HOOK, None)
            config.plugins.pop(CITATIONS_HOOK, None)
        started = time.perf_counter()
        mkdocs_build(config)
        elapsed = time.perf_counter() - started
        hook = config.hooks.get(CITATIONS_HOOK)
        return elapsed, dict(getattr(hook, "timings", {}) if hook else {})
    finally:
        os.chdir(cwd)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--copies", type=int, default=200, help="how many times to replicate the seeds (200)")
    parser.add_argument("--repeat", type=int, default=2,
                        help="build each way this many times, alternating, and keep the fastest (2)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project and print its path")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="bench-citations-"))
    try:
        log(f"[1/2] writing {args.copies} copies of the seed archive to {workdir}")
        pages = make_project(workdir, args.copies)
        log(f"      {pages} document pages")
        log(f"[2/2] building {args.repeat} times each way (alternating, fastest kept)")
        with_runs: list[tuple[float, dict[str, float]]] = []
        without_runs: list[float] = []
        for run in range(1, args.repeat + 1):
            elapsed, timings = build(workdir, with_citations=True)
            with_runs.append((elapsed, timings))
            log(f"      run {run}: with citations {elapsed:.2f} s (graph {timings.get('graph', 0.0):.2f} s)")
            without_runs.append(build(workdir, with_citations=False)[0])
            log(f"      run {run}: without citations {without_runs[-1]:.2f} s")
        with_time, timings = min(with_runs, key=lambda item: item[0])
        without_time = min(without_runs)
        graph = timings.get("graph", 0.0)
        log("")
        log(f"pages                               {pages}")
        log(f"build with citations                {with_time:8.2f} s")
        log(f"build without citations             {without_time:8.2f} s")
        log(f"extraction + resolution (graph)     {graph:8.2f} s  {100 * graph / with_time:5.1f}% of the build"
            f"  ({1000 * graph / pages:.1f} ms per page)")
        log(f"whole citation feature (difference) {with_time - without_time:8.2f} s  "
            f"{100 * (with_time - without_time) / without_time:5.1f}% added (includes rendering and indexing "
            "the generated pages, links and relation sections, which hooks/pages.py writes)")
        target = graph / with_time < 0.10
        log(f"target (extraction + resolution < 10% of the build): {'met' if target else 'NOT met'}")
        return 0 if target else 1
    finally:
        if args.keep:
            log(f"project kept at {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
