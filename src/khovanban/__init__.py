"""Kho văn bản: the domain package of the directive archive.

Everything here is independent of MkDocs: parsing originals, document identity,
citations and the citation graph. The MkDocs hooks in ``hooks/`` and the command-line
entry points in ``scripts/`` are thin adapters over this package.
"""

__version__ = "0.1.0"
