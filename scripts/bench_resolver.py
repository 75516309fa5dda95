#!/usr/bin/env python3
"""Measure the citation resolver on a synthetic corpus against the generator's ground truth.

    .venv/bin/python scripts/bench_resolver.py --synthetic 1000
    .venv/bin/python scripts/bench_resolver.py --synthetic 10000 --work /tmp/kho-res-10k   # kept, reused

Generates an all-levels synthetic corpus of N originals (``scripts/generate_corpus.py``) into a
work directory, ingests it with the package's ingest, then, in this process, reads the pages
and builds the citation graph with ``khovanban.citations.build_citation_graph`` (no MkDocs).
Printed: mentions, resolved, unresolved by reason (numbers and quoted citations folded so that
one reason is one line), recall of the planned edges (all, and archived → archived "implements"
as ``bench_build.py`` counts it), precision of the edges the graph states from each page, time
of the graph step, and peak memory (RSS of this process, which does nothing else).

With --work, the corpus is kept and reused while N, seed, levels and the generator are unchanged
(ingest then only re-parses pages whose parser changed); without it a temp dir is removed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
ALL_LEVELS = "trung-uong,tinh,huyen,co-so"
STAMP = "bench-resolver.json"


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def generator_hash() -> str:
    digest = hashlib.sha256()
    for path in (REPO / "src/khovanban/synthetic.py", REPO / "src/khovanban/data/synthetic.yaml"):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def prepare(work: Path, count: int, seed: int, levels: str) -> None:
    """Generate (unless the same corpus is there) and ingest the corpus into ``work``."""
    wanted = {"count": count, "seed": seed, "levels": levels, "generator": generator_hash()}
    stamp = work / STAMP
    current = json.loads(stamp.read_text(encoding="utf-8")) if stamp.exists() else None
    if current != wanted:
        if work.exists():
            for name in ("archive", "docs", "synthetic-plan.json", STAMP):
                target = work / name
                if target.is_dir():
                    shutil.rmtree(target)
                elif target.exists():
                    target.unlink()
        work.mkdir(parents=True, exist_ok=True)
        say(f"sinh {count} bản gốc vào {work} …")
        subprocess.run([PY, str(REPO / "scripts/generate_corpus.py"), "--count", str(count), "--seed", str(seed),
                        "--out", str(work), "--levels", levels, "--quiet"], check=True)
    say("ingest …")
    started = time.perf_counter()
    subprocess.run([PY, "-m", "khovanban.cli", "--archive", str(work / "archive"), "--docs", str(work / "docs"),
                    "ingest", "--quiet"], check=True, stdout=subprocess.DEVNULL)
    say(f"ingest: {time.perf_counter() - started:.0f} s")
    stamp.write_text(json.dumps(wanted), encoding="utf-8")


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fold_reason(reason: str) -> str:
    """One line per kind of reason: quoted citations, numbers and year lists folded."""
    reason = re.sub(r"'[^']*\d[^']*'", "'…'", reason)
    reason = re.sub(r"«[^»]*»", "«…»", reason)
    reason = re.sub(r"\((?:\d{4}(?:, )?)+\)", "(…)", reason)
    reason = re.sub(r"\([^()]*\d[^()]*\)$", "(…)", reason)
    return re.sub(r"\d+", "#", reason)


def measure(work: Path, show: int) -> dict:
    from khovanban.citations import build_citation_graph, page_sources
    from khovanban.citations.resolve import number_key
    from khovanban.numbers import parse_number
    from khovanban.registry import build_registry, read_pages
    from khovanban.synthetic import load_data

    started = time.perf_counter()
    registry = build_registry(read_pages(work / "docs"))
    read_seconds = time.perf_counter() - started
    before = rss_mib()
    started = time.perf_counter()
    cpu_started = time.process_time()
    graph = build_citation_graph(page_sources(registry.documents.values()), registry.aliases)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    after = rss_mib()

    plan = json.loads((work / "synthetic-plan.json").read_text(encoding="utf-8"))["documents"]
    ids = {str(r.meta.get("source", {}).get("file", "")).removeprefix("archive/"): r.id
           for r in registry.documents.values()}

    def known_key(number: str | None, year: int | str | None) -> tuple[str, str, str] | None:
        parsed = parse_number(number) if number else None
        return ("known", number_key(parsed), str(year)[:4]) if parsed is not None and parsed.number else None

    # Documents the text of a well-known document's "about" cites: a citing page names them too.
    from khovanban.citations import find_citations

    implied: dict[tuple, set[tuple]] = {}
    for raw in load_data()["known"]:
        key = known_key(raw["number"], raw["date"].year)
        for citation in find_citations(raw["about"]):
            if citation.number is not None:
                date_year = citation.date.year if citation.date else None
                implied.setdefault(key, set()).add(("known-number", number_key(citation.number), date_year))

    def target_key(record: dict) -> tuple | str | None:
        if record["index"] >= 0:
            return ids.get(plan[record["index"]]["file"])
        return known_key(record["number"], record["date"])

    expected: dict[str, set] = {}
    supported: dict[str, set] = {}  # also what the cited documents' own subjects cite
    implements_aa: set[tuple[str, str]] = set()
    for record in plan:
        source = ids.get(record["file"])
        if source is None:
            continue
        wanted = expected.setdefault(source, set())
        named = supported.setdefault(source, set())
        for ref, relation in [(record["implements"], "implements")] + [(c, "cites") for c in record["cites"]]:
            if ref is None:
                continue
            key = target_key(ref)
            if key is None:
                continue
            wanted.add(key)
            if ref["index"] >= 0 and plan[ref["index"]]["implements"]:
                # "Kế hoạch số 8-KH/TU … về triển khai thực hiện Kết luận số 54-KL/TW …"
                named.add(target_key(plan[ref["index"]]["implements"]))
            if relation == "implements" and isinstance(key, str):
                implements_aa.add((source, key))
        named |= wanted

    def node_key(doc_id: str) -> tuple | str:
        node = graph.nodes[doc_id]
        if node.archived:
            return doc_id
        return known_key(node.number, node.date) or doc_id

    node_key_cache: dict = {}
    found: set[tuple[str, object]] = set()
    correct = wrong = 0
    wrong_examples: list[str] = []
    for link in graph.links():
        if link.source not in expected or not any(e.stated_by == link.source for e in link.edges):
            continue  # a relation the text states between two cited documents
        key = node_key(link.target)
        found.add((link.source, key))
        node_key_cache.setdefault(link.source, set()).add((link.source, key))
        ok = key in supported[link.source] or isinstance(key, tuple) and any(
            ("known-number", key[1], year) in implied.get(k, ())
            for k in supported[link.source] if isinstance(k, tuple) for year in (None, int(key[2] or 0)))
        if ok:
            correct += 1
        else:
            wrong += 1
            if len(wrong_examples) < show:
                wrong_examples.append(f"{link.source} → {link.target}: {link.edges[0].text}")
    # Why planned edges were missed: the reason given for that number on that page, if any.
    declined: dict[tuple[str, str], str] = {}
    for item in graph.unresolved:
        for citation in find_citations(item.text):
            if citation.number is not None:
                declined.setdefault((item.page_id, number_key(citation.number)), fold_reason(item.reason))
    missed: Counter[str] = Counter()
    for record in plan:
        source = ids.get(record["file"])
        if source is None:
            continue
        for ref in [record["implements"], *record["cites"]]:
            key = target_key(ref) if ref else None
            if key is None or (source, key) in found_pairs(graph, source, node_key_cache):
                continue
            parsed = parse_number(ref["number"]) if ref["number"] else None
            reason = declined.get((source, number_key(parsed))) if parsed else None
            missed[reason or "(no unresolved citation of that number: linked elsewhere or not found)"] += 1
    planned = sum(len(v) for v in expected.values())
    hits = sum(1 for source, keys in expected.items() for key in keys if (source, key) in found)
    aa_hits = sum(1 for source, target in implements_aa if (source, target) in found)

    mentions = len(graph.unresolved) + len(graph.edges)
    reasons = Counter((u.field, fold_reason(u.reason)) for u in graph.unresolved)
    examples: dict[tuple[str, str], str] = {}
    for u in graph.unresolved:
        examples.setdefault((u.field, fold_reason(u.reason)), f"{u.path}:{u.line}: «{u.text}»")
    return {
        "pages": len(registry.documents),
        "read_seconds": read_seconds,
        "graph_seconds": seconds,
        "graph_cpu": cpu,
        "rss_before": before,
        "rss_after": after,
        "peak": peak_mib(),
        "edges": len(graph.edges),
        "unresolved": len(graph.unresolved),
        "mentions": mentions,
        "reasons": reasons,
        "examples": examples,
        "recall": (hits, planned),
        "implements_aa": (aa_hits, len(implements_aa)),
        "precision": (correct, correct + wrong),
        "wrong_examples": wrong_examples,
        "missed": missed,
        "nodes": len(graph.nodes),
    }


def found_pairs(graph, source: str, cache: dict) -> set:
    """(source, target key) of the links the graph states from ``source``."""
    return cache.get(source, set())


def report(count: int, result: dict) -> None:
    def share(pair: tuple[int, int]) -> str:
        hit, total = pair
        return f"{hit}/{total} ({100 * hit / total:.1f}%)" if total else "–"

    print(f"N = {count}: {result['pages']} pages, {result['nodes']} graph nodes")
    print(f"  mentions (page edges + unresolved)   {result['mentions']}")
    print(f"  resolved (edges, incl. stated)       {result['edges']}")
    print(f"  unresolved                           {result['unresolved']}")
    for (field, reason), number in result["reasons"].most_common():
        print(f"    {number:7d}  [{field}] {reason}")
        print(f"             e.g. {result['examples'][(field, reason)][:220]}")
    print(f"  recall, all planned edges            {share(result['recall'])}")
    print(f"  recall, implements archived→archived {share(result['implements_aa'])}")
    for reason, number in result["missed"].most_common(12):
        print(f"    missed {number:6d}: {reason}")
    print(f"  precision, links stated by the page  {share(result['precision'])}")
    for example in result["wrong_examples"]:
        print(f"    wrong: {example[:240]}")
    print(f"  read + validate pages                {result['read_seconds']:.1f} s")
    print(f"  build_citation_graph                 {result['graph_seconds']:.1f} s wall, {result['graph_cpu']:.1f} s CPU"
          f" ({1000 * result['graph_seconds'] / max(result['pages'], 1):.2f} ms/page)")
    print(f"  memory: RSS {result['rss_before']:.0f} MiB before the graph, {result['rss_after']:.0f} MiB after "
          f"(+{result['rss_after'] - result['rss_before']:.0f}), peak {result['peak']:.0f} MiB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--synthetic", type=int, required=True, metavar="N", help="how many documents to generate")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (1)")
    parser.add_argument("--levels", default=ALL_LEVELS, help=f"issuer levels ({ALL_LEVELS})")
    parser.add_argument("--work", type=Path, help="keep the corpus here and reuse it on the next run")
    parser.add_argument("--show", type=int, default=5, help="wrong links to print (5)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-resolver-"))
    try:
        prepare(work, args.synthetic, args.seed, args.levels)
        report(args.synthetic, measure(work, args.show))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
