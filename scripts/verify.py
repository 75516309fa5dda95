#!/usr/bin/env python3
"""Thin entry point: `python scripts/verify.py --help` (same as `khovanban verify`)."""

import sys

from khovanban.cli import main

if __name__ == "__main__":
    raise SystemExit(main(["verify", *sys.argv[1:]]))
