"""MkDocs hook, listed last: the leak check of an edition (a thin adapter over khovanban.leaks).

- on_post_build: after every other hook has written its output (pages, api/*.json, feed,
  sitemap, search index), search all of it for distinctive text of each document the edition
  withholds; stop the build on any hit, naming the file and the document.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from khovanban.hookshare import shared_value
from khovanban.leaks import find_leaks


def on_post_build(config: MkDocsConfig) -> None:
    withheld, published = shared_value(config.hooks, "withheld"), shared_value(config.hooks, "registry")
    if withheld is None or published is None:
        raise PluginError("hooks/editions.py cần hooks/archive.py đứng trước trong mkdocs.yml")
    leaks = find_leaks(Path(config.site_dir), withheld.documents.values(), published.documents.values())
    if leaks:
        listed = "\n  ".join(str(leak) for leak in leaks[:50])
        raise PluginError(
            f"Rò rỉ: {len(leaks)} chỗ trong bản dựng chứa nội dung văn bản không được công bố:\n  {listed}\n"
            "Cách sửa: tìm nơi sinh ra nội dung đó (trang, hook, chỉ mục) và loại văn bản bị giữ lại khỏi nó"
        )
