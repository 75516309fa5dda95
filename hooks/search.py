"""MkDocs hook: the Pagefind search index (placeholder until the search work lands; no events yet)."""
