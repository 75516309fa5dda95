"""The synthetic corpus: deterministic, parseable like real originals, a realistic citation graph,
and a small corpus that goes through generate → ingest → ``mkdocs build --strict``."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from conftest import REPO, mkdocs_build
from khovanban.numbers import parse_number
from khovanban.parse import parse_document
from khovanban.synthetic import _organ_phrase, _typo, generate, plan_corpus


@pytest.fixture(scope="module")
def corpus():
    """A planned corpus big enough for the graph's shape to show (planning only, no text)."""
    return plan_corpus(3000, 5)


def test_same_seed_gives_the_same_bytes() -> None:
    first = [(d.name, d.text) for d in generate(80, 7)]
    again = [(d.name, d.text) for d in generate(80, 7)]
    other = [(d.name, d.text) for d in generate(80, 8)]
    assert first == again
    assert first != other


def test_one_document_renders_the_same_alone_or_in_a_corpus() -> None:
    from khovanban.synthetic import render_document

    corpus = plan_corpus(80, 7)
    texts = [d.text for d in generate(80, 7)]
    assert render_document(corpus.documents[41], 7) == texts[41]


def _sample(count: int, seed: int, per_kind: int) -> list:
    """The first ``per_kind`` documents of every issuer kind, plus every draft."""
    taken: Counter[str] = Counter()
    sample = []
    for document in generate(count, seed):
        kind = document.plan.issuer.kind.id
        if taken[kind] < per_kind or document.plan.draft:
            taken[kind] += 1
            sample.append(document)
    return sample


def test_every_sampled_document_parses_with_number_issuer_date_and_signer() -> None:
    sample = _sample(1200, 11, per_kind=8)
    assert len({d.plan.issuer.kind.id for d in sample}) >= 12
    assert any(d.plan.draft for d in sample)
    for document in sample:
        parsed = parse_document(document.text)
        plan = document.plan
        where = f"{document.name} ({plan.issuer.kind.id}):\n{document.text[:600]}"
        assert parsed.number is not None, where
        if plan.draft:
            assert parsed.number.number is None, where
        else:
            assert parsed.number.canonical == parse_number(plan.number).canonical, where
        assert parsed.issuer, where
        assert parsed.date and plan.date.isoformat().startswith(parsed.date), where
        assert parsed.signer and parsed.signing_authority, where
        assert parsed.subject, where


def test_numbers_are_unique_per_issuer_and_year_and_follow_the_date(corpus) -> None:
    seen: dict[tuple[str, int, str], str] = {}
    registers = defaultdict(list)
    for doc in corpus.documents:
        if doc.draft:
            assert doc.number is None
            continue
        key = (doc.issuer.key, doc.date.year, doc.number)
        assert key not in seen, f"{doc.number} twice for {doc.issuer.key} in {doc.date.year}"
        seen[key] = doc.number
        registers[(doc.issuer.key, doc.date.year, doc.type_code)].append(doc)
    for members in registers.values():
        members.sort(key=lambda d: (d.date, d.index))
        digits = [int(re.match(r"\d+", d.number).group()) for d in members]
        assert digits == sorted(digits) and len(set(digits)) == len(digits)


def test_documents_implement_older_documents_in_their_own_unit(corpus) -> None:
    for doc in corpus.documents:
        if doc.parent is None:
            continue
        assert doc.parent.date <= doc.date
        parent = doc.parent.issuer
        if parent is not None and parent.kind.scope != "national":
            assert parent.unit.key(parent.kind.scope) == doc.issuer.unit.key(parent.kind.scope)


def test_some_documents_are_cited_by_many(corpus) -> None:
    cited = Counter(id(other) for _, other, _ in corpus.edges())
    counts = sorted(cited.values(), reverse=True)
    # A heavy tail: the most cited document is cited by ~1% of the corpus, most only once or twice.
    assert counts[0] >= 30
    assert sum(counts[: len(counts) // 100]) >= 0.1 * sum(counts)
    central = [doc for doc in corpus.known + corpus.documents if doc.issuer is None or doc.issuer.kind.level == "trung-uong"]
    assert max(cited[id(doc)] for doc in central) >= 30


def test_implementation_chains_run_from_the_centre_to_the_communes(corpus) -> None:
    assert max(doc.depth for doc in corpus.documents) >= 3
    chains = set()
    for doc in corpus.documents:
        levels, node = [], doc
        while node is not None:
            levels.append(node.issuer.kind.level if node.issuer else "trung-uong")
            node = node.parent
        chains.add(tuple(reversed(levels)))
    assert any(chain[:4] == ("trung-uong", "tinh", "huyen", "co-so") for chain in chains)


def test_an_issuer_is_left_unnamed_only_where_the_citing_header_names_its_unit(corpus) -> None:
    # "của Ban Thường vụ Huyện ủy" is the truth only if a reader of the citing document can tell
    # which district: its own header or place must name it (the resolver reads the same header).
    checked = unnamed = 0
    for doc in corpus.documents:
        citing_lines = [doc.issuer.fill(line) for line in doc.issuer.kind.header + (doc.issuer.kind.place,)]
        for target in [doc.parent, *doc.cites]:
            if target is None or target.issuer is None or target.issuer.kind.scope not in ("province", "district"):
                continue
            unit = target.issuer.unit
            name = unit.province if target.issuer.kind.scope == "province" else unit.district
            for attempt in range(4):
                phrase = _organ_phrase(target, doc, random.Random(f"{doc.index}/{attempt}"))
                checked += 1
                if name not in phrase:
                    unnamed += 1
                    assert any(name in line for line in citing_lines), (phrase, citing_lines)
    assert checked > 1000 and unnamed > 100


def test_texts_carry_short_forms_typos_drafts_and_blank_days() -> None:
    texts = [d.text for d in generate(600, 13)]
    joined = "\n".join(texts)
    assert "(sau đây gọi tắt là " in joined
    assert re.search(r"Số:\s{3,}/", joined), "an unnumbered draft"
    assert re.search(r"ngày\s{3,}tháng", joined), "a blank day"
    typos = len(re.findall(r"\d+-[A-Z][A-Za-zĐđ]*(?:TU|TW|HU|QU|ĐU)\b", joined))
    assert 0 < typos < 0.1 * len(texts)


@pytest.mark.parametrize("number", ["2234-CV/TU", "54-KL/TW", "57/LĐLĐ", "15/UBND-VP"])
def test_typos_still_parse_to_the_same_number(number: str) -> None:
    rng = random.Random(3)
    for _ in range(6):
        typo = _typo(number, rng)
        assert typo != number
        assert parse_number(typo).match_key() == parse_number(number).match_key(), typo


def _project(destination: Path) -> Path:
    """The site sources without the archive (what scripts/bench_build.py builds with)."""
    for name in ("hooks", "overrides"):
        shutil.copytree(REPO / name, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
    (destination / "docs").mkdir()
    shutil.copytree(REPO / "docs" / "assets", destination / "docs" / "assets")
    for page in (REPO / "docs").glob("*.md"):  # the hand-written pages the nav lists
        shutil.copy(page, destination / "docs" / page.name)
    shutil.copy(REPO / "mkdocs.yml", destination / "mkdocs.yml")
    return destination


def test_generate_ingest_and_strict_build_end_to_end(tmp_path: Path) -> None:
    # Every level, districts and communes included: every citation the generator writes names
    # its document well enough for a reader, so the resolver places it and strict mode passes.
    project = _project(tmp_path / "project")
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "generate_corpus.py"), "--count", "30", "--seed", "3",
         "--out", str(project), "--ingest", "--quiet"],
        check=False, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert len([p for p in (project / "archive").glob("*.txt") if p.name != "manifest-sha256.txt"]) == 30
    assert len(list((project / "docs" / "van-ban").rglob("*.md"))) == 30
    build = mkdocs_build(project)
    assert build.returncode == 0, build.stderr[-3000:]
    pages = list((project / "site" / "van-ban").rglob("index.html"))
    assert len(pages) >= 30
    # Implementation links between archived documents show on both ends.
    assert any('id="van-ban-trien-khai"' in p.read_text(encoding="utf-8") and "vb-cite" in p.read_text(encoding="utf-8")
               for p in pages)


def test_generate_corpus_refuses_the_real_archive(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "generate_corpus.py"), "--count", "3", "--out", str(REPO)],
        check=False, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2 and "kho thật" in result.stderr


def test_unit_names_differ_without_diacritics_even_at_100000_documents() -> None:
    # IDs are built from names without diacritics: "Thanh Giang" and "Thạnh Giang" would collide.
    from khovanban.synthetic import _units
    from khovanban.tables import load_tables
    from khovanban.vntext import slugify

    units = _units(100_000, random.Random(1), load_tables())
    names = [u.district for u in units["district"]] + [u.commune for u in units["commune"]]
    assert len(names) > 1500 and len({slugify(n) for n in names}) == len(names)
