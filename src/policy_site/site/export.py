"""Export: the model and its layers as `document.json` (schema in
`schema/document.schema.json`). Text is given in every edition under its
key (`zh-Hans`, `zh-Hant`, `zh-Hant-HK`: editions.EDITIONS); page paths are
relative to the site root."""
from __future__ import annotations

from policy_site.document.model import Clause, Paragraph, ParagraphKind, Sentence, strip_terminal
from policy_site.document.pipeline import DocumentText
from policy_site.urls import PageKind, site_path
from policy_site.zh.editions import SCRIPTS, SIMPLIFIED

SCHEMA_VERSION = 1


def _both(edition: DocumentText, node_id: str, canonical: str) -> dict[str, str]:
    return {SIMPLIFIED: canonical, **{key: layer[node_id] for key, layer in edition.layers.items()}}


def paths(slug: str, kind: PageKind | str, key: int | str | None = None) -> dict[str, str]:
    """A page's path below the site root in each edition: the citation
    contract `<edition>/<slug>/<page>`."""
    return {script: site_path(script, slug, kind, key) for script in SCRIPTS}


def _paragraphs(edition: DocumentText, paragraphs: tuple[Paragraph, ...]) -> list[dict]:
    return [{"id": p.id, "line": p.source.line, **_kind(p),
             "sentences": [{"id": s.id, **_both(edition, s.id, s.text), **_note(s)} for s in p.sentences]}
            for p in paragraphs]


def _kind(paragraph: Paragraph) -> dict:
    """An item's or a bullet's keys; none for running text (the common case, and a
    document without items exports as it did before items were read)."""
    if paragraph.kind is ParagraphKind.TEXT:
        return {}
    if paragraph.kind is ParagraphKind.BULLET:
        return {"kind": paragraph.kind.value}
    return {"kind": paragraph.kind.value, "item": paragraph.item, "markers": list(paragraph.markers)}


def _note(sentence: Sentence) -> dict:
    """A responsibility note is marked; other sentences export as before."""
    return {"note": True} if sentence.note else {}


def _items(clause: Clause) -> list[dict]:
    """A clause's numbered items with the labels that cite them: （二）1.（2）."""
    return [{"id": p.item, "paragraph": p.id, "label": clause.item_label(p),
             "depth": len(p.markers)} for p in clause.items]


def described(edition: DocumentText) -> dict:
    """What the text prints or document.toml declares about the document,
    each value null when neither says it, and where each value comes from."""
    doc = edition.document

    def both_or_none(node_id: str, value: str | None) -> dict[str, str] | None:
        return _both(edition, node_id, value) if value else None

    return {
        "type": both_or_none("type", doc.doc_type),
        "number": both_or_none("document-number", doc.document_number),
        "issuers": [_both(edition, f"issuer-{k}", name) for k, name in enumerate(doc.issuers, 1)],
        "issued": doc.date,
        "addressee": both_or_none("addressee", doc.addressee),
        "publisher": both_or_none("publisher", doc.publisher),
        "published": doc.published,
        "official_url": doc.official_url,
        "provenance": {name: {"file": ref.file, "line": ref.line} for name, ref in doc.provenance},
    }


def export_document(edition: DocumentText, extra: dict | None = None) -> dict:
    doc = edition.document
    data: dict = {
        "schema_version": SCHEMA_VERSION,
        "slug": doc.slug,
        "title": _both(edition, "title", doc.title),
        "issuer": _both(edition, "issuer", doc.issuer),
        "date": doc.date,
        **described(edition),
        "source": {"file": edition.full_text.source.path,
                   "script": edition.config.full_text.script,
                   "title_line": edition.config.full_text.title_line,
                   "metadata": [{"kind": m.kind, "text": m.text, "line": m.source.line} for m in doc.metadata],
                   "furniture": [{"kind": d.declaration.kind, "reason": d.declaration.reason,
                                  "lines": list(d.lines),
                                  "declared_at": {"file": d.declaration.file, "line": d.declaration.line}}
                                 for d in edition.parse.declared]},
        "paths": {"home": paths(doc.slug, PageKind.HOME), "full_text": paths(doc.slug, PageKind.FULL_TEXT)},
        "preamble": _paragraphs(edition, doc.preamble),
        "sections": [
            {"id": s.id, "number": s.number, "numeral": s.numeral,
             "title": _both(edition, s.title_id, s.title), "line": s.source.line,
             "paths": paths(doc.slug, PageKind.SECTION, s.number),
             "paragraphs": _paragraphs(edition, s.paragraphs),
             "clauses": [c.number for c in s.clauses]}
            for s in doc.sections
        ],
        "clauses": [
            {"id": c.id, "number": c.number, "label": c.label, "section": c.section_number,
             "title": {SIMPLIFIED: c.title, **{key: strip_terminal(layer[c.title_sentence.id])
                                                for key, layer in edition.layers.items()}},
             "line": c.source.line,
             "paths": paths(doc.slug, PageKind.CLAUSE, c.number),
             "sentences": [{"id": s.id, "paragraph": p.id, **_both(edition, s.id, s.text), **_note(s)}
                           for p in c.paragraphs for s in p.sentences]}
            for c in doc.clauses
        ],
    }
    for clause, entry in zip(doc.clauses, data["clauses"]):
        if clause.section_numeral:  # numbering restarts per section: the label needs its section
            entry["citation_label"] = clause.citation_label
        if clause.items:
            entry["items"] = _items(clause)
    if doc.date_label:
        data["date_label"] = _both(edition, "date", doc.date_label)
    extra = dict(extra or {})
    # Layers keyed by clause number are folded into each clause's entry.
    clause_tags = extra.pop("clause_tags", None)
    if clause_tags is not None:
        for clause in data["clauses"]:
            clause["tags"] = [t["slug"] for t in clause_tags[str(clause["number"])]]
            clause["tag_reasons"] = clause_tags[str(clause["number"])]
    data.update(extra)
    return data
