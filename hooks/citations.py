"""MkDocs hook: the citation graph (placeholder until the citation work lands; no events yet)."""
