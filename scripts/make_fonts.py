#!/usr/bin/env python3
"""Make the site's web fonts: Noto Sans and Noto Serif subset to Latin + Vietnamese, WOFF2.

The site must load no font from outside (no Google Fonts) and must show every Vietnamese
letter on any office PC, so it ships its own. Run once when the font set changes; the
output is committed under docs/assets/fonts/ with the SIL Open Font License.

Needs Debian's fonts-noto-core and, in the venv, fonttools and brotli (``pip install
fonttools brotli``). Usage: python scripts/make_fonts.py [--source DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

# Basic Latin, Latin-1, Latin Extended-A/B (đ, ơ, ư), combining marks, Vietnamese
# precomposed letters (Latin Extended Additional), punctuation, currency (₫) and arrows.
UNICODES = "U+0000-024F,U+0300-0323,U+1EA0-1EF9,U+2000-206F,U+20AB,U+2190-2193,U+00A0-00FF"
FONTS = {
    "NotoSans-Regular.ttf": "noto-sans-regular.woff2",
    "NotoSans-Bold.ttf": "noto-sans-bold.woff2",
    "NotoSans-Italic.ttf": "noto-sans-italic.woff2",
    "NotoSerif-Regular.ttf": "noto-serif-regular.woff2",
    "NotoSerif-Bold.ttf": "noto-serif-bold.woff2",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("/usr/share/fonts/truetype/noto"))
    parser.add_argument("--out", type=Path, default=Path("docs/assets/fonts"))
    args = parser.parse_args()
    from fontTools import subset

    args.out.mkdir(parents=True, exist_ok=True)
    for index, (source, target) in enumerate(FONTS.items(), start=1):
        print(f"[{index}/{len(FONTS)}] {source} → {args.out / target}", flush=True)
        subset.main([
            str(args.source / source),
            f"--unicodes={UNICODES}",
            "--flavor=woff2",
            "--layout-features=*",
            f"--output-file={args.out / target}",
        ])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
