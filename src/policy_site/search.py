"""Stage: search index. A static index per script that the browser searches
with plain substring matching, the way Ctrl+F finds text, in both scripts:
each sentence carries its text in the site's script and in the other one, so
a query typed in either script finds the same clauses, and results show in
the reader's script. No segmentation (Material's jieba-based search misses
multi-character words, see the README), no invisible characters.

Units are clauses and the sections' own text; each unit keeps its sentences
so a result can link to the best matching sentence."""
from __future__ import annotations

from .convert import SIMPLIFIED, TRADITIONAL, edition
from .model import Document
from .render import ScriptText, page_url


def search_index(document: Document, texts: dict[str, ScriptText], script: str) -> dict:
    here = texts[script]
    # The other script: simplified on a traditional edition, else the Taiwan edition.
    other = texts[TRADITIONAL if edition(script).script == "simplified" else SIMPLIFIED]

    def sentences(items) -> list[list[str]]:
        return [[s.id, here(s.id), other(s.id)] for s in items]

    units: list[dict] = []
    for section in document.sections:
        own = [s for p in section.paragraphs for s in p.sentences]
        units.append({
            "kind": "section", "number": section.number, "label": f"{section.numeral}、",
            "clauses": len(section.clauses),
            "title": here(section.title_id), "alt": other(section.title_id),
            "url": page_url("section", section.number), "sentences": sentences(own),
        })
        for clause in section.clauses:
            units.append({
                "kind": "clause", "number": clause.number, "label": clause.label,
                "title": here.clause_title(clause), "alt": other.clause_title(clause),
                "url": page_url("clause", clause.number), "sentences": sentences(clause.sentences),
            })
    return {"version": 1, "units": units}
