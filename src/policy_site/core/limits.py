"""Declared limits on what one document may hold: each is checked where the
input is read and reported at its `file:line`, so every stage runs in time
and memory bounded by these numbers (and by read.py's file and line sizes).

The numbers are far above what the family prints: the longest policy
documents have a few hundred numbered clauses and a few thousand sentences;
a code such as the Civil Code has 1,260 articles."""
from __future__ import annotations

MAX_CLAUSES = 2_000  # numbered clauses （一）… of one document
MAX_SENTENCES = 50_000  # sentences of one document's full text
MAX_TITLE_CHARS = 500  # a clause's title sentence, a section heading: navigation labels and page titles
MAX_REPAIRS = 1_000  # [[repair]] entries of one repairs.toml
MAX_FIXES = 1_000  # [[fix]] entries of one corrections file (traditional.toml, …)
MAX_TAGS = 500  # [[tag]] entries of one tags.toml (the library's or a document's)
MAX_TERMS = 5_000  # terms of all the tags of one tags.toml: each is looked for in every clause
MAX_FURNITURE = 200  # [[…furniture]] declarations of one source
