"""MkDocs hook, after the archive, citation and listing hooks: the pages the archive writes itself.

Documents, cited documents and the page of each listing value are put together by
``khovanban.sitepages`` and written into a *shell* (``khovanban.shell``): the theme's page,
rendered here once per distinct frame from a stand-in page, instead of once per page.

- on_pre_build (mkdocs serve, or a one-off build whose last run into the same site folder
  left its state in the cache, ``khovanban.sitestate``): set the last build's output aside
  instead of letting MkDocs delete it file by file; the folders of the archive's pages and originals are moved back
  whole once MkDocs has emptied the site (on_files), pages whose inputs have changed
  (``ArchivePages.inputs``) and changed originals are written again, what the last build
  wrote and this one did not is deleted, and the rest is deleted by another process.
- on_files: the build's pages, from the registry, the citation graph and the listings; a
  one-off build also starts copying the originals in a process of its own
  (``khovanban.sitecopy``), so the copy runs while the build keeps only one core busy.
- on_nav / on_env: the navigation and the template environment, to render stand-ins; the
  theme's templates are compiled once and kept in the cache (``.cache/khovanban/jinja``).
- on_post_build: prepare the shells, write every page on all cores, start the search index,
  wait for (or, under serve, make) the copy of the originals, then sitemap.xml (every page)
  and feed.xml (Atom, newest documents).
- on_build_error: stop a copy of originals no longer wanted.

KHOVANBAN_PAGES=mkdocs renders the same pages through MkDocs one by one instead (the page
events below): slow, and the reference ``tests/test_shells.py`` compares the shells with.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from khovanban.buildcache import cache_root
from khovanban.citations import build_citation_graph
from khovanban.forkpool import default_processes
from khovanban.hookshare import shared_value
from khovanban.htmlbody import BodyRenderer
from khovanban.pagechanges import changed_documents, unchanged_pages
from khovanban.publishing import atom_feed, sitemap
from khovanban.shell import (
    LinkFrame,
    Shell,
    ShellKey,
    stand_in_content,
    stand_in_path,
    stand_in_source,
    toc_tokens,
)
from khovanban.sitecopy import CopyFailed, CopyJob
from khovanban.sitepages import ArchivePages, GeneratedPage, SiteContext, pages_mode
from khovanban.sitestate import SiteState, configuration_digest, keep_state, take_state
from khovanban.sitewrite import (
    PageWriter,
    Progress,
    Reuse,
    carry_over,
    copy_files,
    page_file,
    remove_behind,
    remove_stale,
    set_aside,
    shared_inputs,
    take_back_trees,
    write_pages,
)
from khovanban.urls import page_url

log = get_plugin_logger("pages")
_state: dict[str, Any] = {}
_serving: dict[str, Any] = {}  # the previous output set aside, what it holds, its removal (serve or cache)


def indexed_documents() -> int:
    """Document pages this build wrote (for the search index check)."""
    return _state["documents"]


def document_pages() -> list[str]:
    """The site files of this build's document pages, archived and cited (for the search index)."""
    archive: ArchivePages = _state["archive"]
    directory_urls = _state["directory_urls"]
    return [page_file(archive.source(item), directory_urls) for item in archive.items() if item[0] != "listing"]


def page_digests() -> dict[str, bytes]:
    """Site file -> digest of its bytes, for the pages this build wrote or kept (the search
    index keys its parts by them instead of reading 10,000 files again)."""
    return _state["digests"]


def on_startup(command: str, dirty: bool) -> None:
    _serving.clear()
    _serving["on"] = command == "serve"
    _serving["removals"] = []


def on_pre_build(config: MkDocsConfig) -> None:
    """Under serve, or when the last one-off build of this site folder left its state in the
    cache, set the last build's output aside before MkDocs empties the site folder."""
    _serving["removals"] = [r for r in _serving.get("removals", []) if r.poll() is None]  # reap
    _remove_previous()  # left by a build that failed
    site = Path(config.site_dir)
    if not _serving.get("on"):
        project = Path(config.config_file_path).parent if config.config_file_path else site.parent
        _serving["root"] = cache_root(project) if _state["mode"] == "shell" else None
        configuration = Path(config.config_file_path) if config.config_file_path else project / "mkdocs.yml"
        _serving["config"] = configuration_digest([configuration, *(project / "hooks").glob("*.py")])
        state = take_state(cache_root(project), site, _serving["config"])
        if state is not None and _serving["root"] is not None:
            _serving.update(pages=state.pages, files=state.files, trees=state.trees)
    reusing = _serving.get("on") or bool(_serving.get("pages"))
    _serving["previous"] = set_aside(site) if reusing else None
    # What the last build wrote; remembered again only once this one has written its pages
    # (pages that a build failing half-way wrote are made from other inputs than remembered).
    _serving["prior"] = _serving.pop("pages", {})
    _serving["prior_archive"] = _serving.pop("archive", None)  # what those pages were made from (serve)
    _serving["prior_files"] = _serving.pop("files", set())
    _serving["prior_trees"] = _serving.pop("trees", set())


def _remove_previous() -> None:
    previous: Path | None = _serving.pop("previous", None)
    if previous is not None:
        _serving["removals"].append(remove_behind(previous))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _state.clear()
    _state["mode"] = pages_mode()
    _state["documents"] = 0
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    registry, graph = shared_value(config.hooks, "registry"), shared_value(config.hooks, "graph")
    listings = shared_value(config.hooks, "listings") or []
    if registry is None:
        raise PluginError("hooks/pages.py cần hooks/archive.py đứng trước trong mkdocs.yml")
    if graph is None:  # a build without hooks/citations.py (scripts/bench_citations.py compares)
        graph = build_citation_graph([])
    context = SiteContext(
        graph,
        BodyRenderer(config.markdown_extensions, config.mdx_configs),
        directory_urls=config.use_directory_urls,
        site_url=config.site_url or None,
        original_urls=shared_value(config.hooks, "original_urls") or {},
        neighbours=shared_value(config.hooks, "neighbours") or {},
    )
    archive = ArchivePages(context, registry.documents, listings)
    _state["archive"], _state["registry"] = archive, registry
    _state["directory_urls"] = config.use_directory_urls
    if _serving.get("prior") and _state["mode"] == "shell":
        # MkDocs has emptied the site: move the folders the last build's pages and originals
        # are in back whole; what changed is written over, what is gone is removed at the end.
        _state["in_place"] = take_back_trees(_serving.get("previous"), Path(config.site_dir),
                                             sorted(_serving["prior_trees"]))
    if not _serving.get("on") and _serving.get("previous") is None:
        # A one-off build from scratch: MkDocs has emptied the site, so the originals can be
        # copied now, beside the rest of the build (when there is a last build to take
        # unchanged ones back from, that is done at the end instead).
        _state["copying"] = CopyJob(shared_value(config.hooks, "originals") or [], Path(config.site_dir))
    if _state["mode"] == "mkdocs":
        _state["by_source"] = {archive.source(item): item for item in archive.items()}
        for src_uri, item in _state["by_source"].items():
            if item[0] != "document":
                files.append(File.generated(config, src_uri, content=""))
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _state["nav"] = nav
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    _state["env"], _state["files"] = env, files
    root = cache_root(Path(config.config_file_path).parent) if config.config_file_path else None
    if root is not None:  # the theme's templates compiled once, not at every build (0.4 s each)
        (root / "jinja").mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(root / "jinja"))
    return env


def _render_shell(key: ShellKey, index: int, config: MkDocsConfig) -> Shell:
    """Render the stand-in page for ``key`` through the theme, as MkDocs renders a page."""
    src_uri = stand_in_path(index, key.folders, config.use_directory_urls)
    file = File.generated(config, src_uri, content=stand_in_source(key))
    page = Page(None, file, config)
    page.read_source(config)
    page.render(config, _state["files"])
    page.content = stand_in_content(key)
    page.toc = get_toc(toc_tokens(key.toc))  # type: ignore[arg-type]
    context = get_context(_state["nav"], _state["files"], config, page)
    html = _state["env"].get_template("main.html").render(context)
    return Shell(html, page.canonical_url)


def on_post_build(config: MkDocsConfig) -> None:
    archive: ArchivePages | None = _state.get("archive")
    if archive is None:
        return
    if _state["mode"] == "shell":
        _write(archive, config)
    shared_value(config.hooks, "start_index")  # the search index, while originals are copied
    started = time.perf_counter()
    originals = shared_value(config.hooks, "originals") or []
    in_place = _state.get("in_place", frozenset())
    copying: CopyJob | None = _state.pop("copying", None)
    if copying is not None:
        try:
            copied = copying.wait()
        except CopyFailed as error:
            raise PluginError(str(error)) from None
        log.info(f"đã chép {copied} bản gốc (chép song song với bản dựng; chờ thêm "
                 f"{time.perf_counter() - started:.1f} s)")
    else:
        missing = carry_over(originals, _serving.get("previous"), Path(config.site_dir), in_place)
        _remove_previous()
        copy_files(missing, Path(config.site_dir), default_processes())
        log.info(f"đã chép {len(missing)} bản gốc (giữ lại {len(originals) - len(missing)} bản từ lần dựng "
                 f"trước) trong {time.perf_counter() - started:.1f} s")
    site = Path(config.site_dir)
    base = config.site_url or None
    # Every index.html of the site, from what MkDocs and this hook wrote (walking the site
    # folder took 2 s at 10,000 documents).
    written = {file.dest_uri for file in _state["files"]}
    if _state["mode"] == "shell" and config.use_directory_urls:
        written.update(page_url(archive.source(item), True) + "index.html" for item in archive.items())
    paths = sorted({uri.removesuffix("index.html") for uri in written
                    if uri == "index.html" or uri.endswith("/index.html")})
    (site / "sitemap.xml").write_text(sitemap(paths, base), encoding="utf-8")
    (site / "sitemap.xml.gz").unlink(missing_ok=True)
    (site / "feed.xml").write_text(atom_feed(_state["registry"].documents.values(), base), encoding="utf-8")
    if (_serving.get("on") or _serving.get("root")) and _state["mode"] == "shell":
        # The folders of the archive's pages and originals, to move back whole next time, and
        # every file this build wrote, to tell what a later build no longer writes.
        ours = {page_file(archive.source(item), config.use_directory_urls) for item in archive.items()}
        ours.update(target for _, target in originals)
        files = ours | {file.dest_uri for file in _state["files"]}
        if in_place:
            remove_stale(site, _serving.get("prior_files", ()), files, in_place)
        _serving["files"], _serving["trees"] = files, {path.split("/", 1)[0] for path in ours if "/" in path}
        if not _serving.get("on"):  # for the next one-off build of this site folder
            keep_state(_serving["root"], site, SiteState(_serving.pop("pages", {}), _serving.pop("files"),
                                                         _serving.pop("trees"), _serving["config"]))


def _write(archive: ArchivePages, config: MkDocsConfig) -> None:
    started = time.perf_counter()
    items = archive.items()
    nav: Navigation = _state["nav"]
    frame = LinkFrame([page.url for page in nav.pages] + [""])
    shells = {key: _render_shell(key, index, config)
              for index, key in enumerate(archive.likely_shells(items, frame))}
    writer = PageWriter(Path(config.site_dir), shells, frame, config.use_directory_urls, config.site_url or None)
    processes = default_processes()
    log.info(f"ghi {len(items)} trang văn bản và danh mục ({processes} tiến trình)")
    reuse = None
    changes = ""
    if _serving.get("on") or _serving.get("root"):  # take unchanged pages back from the last output
        shared = shared_inputs(writer)
        reuse = Reuse(_serving.get("previous"), _serving.get("prior", {}), shared,
                      archive.source, archive.inputs, _state.get("in_place", frozenset()))
        if _serving.get("on"):  # the last build's pages remember what they were made from
            reuse.depends = archive.dependencies
            before: tuple[ArchivePages, bytes] | None = _serving.pop("prior_archive", None)
            if before is not None and before[1] == shared:
                changed = changed_documents(before[0], archive)
                listings = {archive.source(item): archive.dependencies(item) for item in items if item[0] == "listing"}
                reuse.unchanged = unchanged_pages(reuse.pages, changed, listings)
                changes = f"; {len(changed)} văn bản đổi, {len(items) - len(reuse.unchanged)} trang cần xét lại"
            _serving["archive"] = (archive, shared)
    result = write_pages(items, archive.page, writer, processes, Progress(log.info),
                         archive.context.renderer.stats, reuse)
    for page in result.unshelled:
        key = page.shell_key(config.use_directory_urls, frame)
        writer.shells[key] = _render_shell(key, len(writer.shells), config)
        writer.write(page)
        result.written += 1
        result.documents += page.document
    for src_uri, note in result.notes:
        log.info(f"docs/{src_uri}: {note}")
    _state["documents"] = result.documents
    if reuse is not None:
        _serving["pages"] = result.pages  # exactly the pages now in the site, and their inputs
        _state["digests"] = {page_file(source, config.use_directory_urls): written.digest
                             for source, written in result.pages.items() if written.digest}
    kept = f", giữ lại {result.reused} trang không đổi từ lần dựng trước{changes}" if reuse is not None else ""
    log.info(f"đã ghi {result.written} trang với {len(writer.shells)} khung trang trong "
             f"{time.perf_counter() - started:.1f} s; {result.fast_bodies} nội dung chuyển nhanh, "
             f"{result.markdown_bodies} qua Python-Markdown{kept}")


# -- reference mode (KHOVANBAN_PAGES=mkdocs): the same pages, through MkDocs one by one ----------
def _generated(page: Page) -> GeneratedPage | None:
    item = _state.get("by_source", {}).get(page.file.src_uri)
    if item is None:
        return None
    generated = _state.setdefault("generated", {})
    if page.file.src_uri not in generated:
        generated[page.file.src_uri] = _state["archive"].page(item)
    return generated[page.file.src_uri]


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    generated = _generated(page)
    if generated is None:
        return markdown
    page.meta = {"title": generated.title}
    if generated.description is not None:
        page.meta["description"] = generated.description
    return ""


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    generated = _generated(page)
    if generated is None:
        return html
    page.toc = get_toc(toc_tokens(generated.toc))  # type: ignore[arg-type]
    _state["documents"] += generated.document
    return generated.content


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    generated = _generated(page)
    if generated is None or not generated.head:
        return output
    return output.replace("</head>", generated.head + "</head>", 1)


def on_build_error(error: Exception) -> None:
    copying: CopyJob | None = _state.pop("copying", None)
    if copying is not None:
        copying.stop()
