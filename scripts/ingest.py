#!/usr/bin/env python3
"""Thin entry point: `python scripts/ingest.py --help` (same as `khovanban ingest`)."""

import sys

from khovanban.cli import main

if __name__ == "__main__":
    raise SystemExit(main(["ingest", *sys.argv[1:]]))
