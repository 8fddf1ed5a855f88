"""Layer: references. Which spans of a sentence's text name a library
document (《…》) or an item of the same document (第（八）项), and which
sentences of other documents cite this one.

A reference is kept as (pattern, occurrence): the n-th match of its pattern
in the sentence. Both patterns read the same in either script (《》 and the
numerals do not convert; 项 becomes 項), so the traditional text finds its
spans by the same count, never by position: conversion may change lengths.
Links wrap spans of the sentence's own text; they add or drop no character.

The library (library/build.py) computes every document's layer before any
document is built (`library_references`): it is part of each document's
inputs, so a new citing document rebuilds the one it cites.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Callable, Iterable

from markupsafe import Markup

from policy_site.core.diagnostics import Diagnostics
from policy_site.document.interpretation import Explained, Explains
from policy_site.document.model import Document, Sentence
from policy_site.document.relations import DocumentRelations
from policy_site.zh.numerals import parse_numeral

TITLE = "title"
ITEM = "item"
SELF = "self"
PATTERNS = {
    TITLE: re.compile(r"《([^《》\n]+)》"),
    # 第（八）项 of this document; after 》 it is an item of the document named.
    ITEM: re.compile(r"(?<!》)第（([〇一二三四五六七八九十百]+)）[项項]"),
    # 本意见, 本通知, …: linked only when the word is the document's own type.
    SELF: re.compile(r"本(意见|意見|通知|决定|決定|办法|辦法|规定|規定|方案|条例|條例)"),
}


def _key(title: str) -> str:
    return re.sub(r"\s+", "", title)


@dataclass(frozen=True)
class Link:
    """The `occurrence`-th match of `pattern` in a sentence links to a
    document (`slug`, its home) or to a clause of this document."""
    pattern: str
    occurrence: int
    of: int  # matches of the pattern in the canonical sentence: a script with another count links none
    slug: str = ""  # another document; "" for this one
    clause: int = 0  # with no slug: 0 is this document's home


@dataclass(frozen=True)
class Citation:
    """A sentence of another document that names this one."""
    slug: str
    title: dict[str, str]  # script -> the citing document's title
    sentence_id: str
    page: str  # the page showing the sentence, below the citing document's root (urls.node_page)
    text: dict[str, str]  # script -> the citing sentence


@dataclass(frozen=True)
class DocumentReferences:
    """One document's layer from the library: links to other documents by
    sentence id, and who cites it."""
    outgoing: dict[str, tuple[Link, ...]] = field(default_factory=dict)
    cited_by: tuple[Citation, ...] = ()
    relations: DocumentRelations = field(default_factory=DocumentRelations)  # status and relations both ways
    # Interpretations (interpretation.py): the clauses this document's paragraphs explain, and
    # the paragraphs of other documents that explain its clauses.
    explains: tuple[Explains, ...] = ()
    explained_by: tuple[Explained, ...] = ()

    def as_json(self) -> dict:
        return {
            "outgoing": {sid: [{"pattern": l.pattern, "occurrence": l.occurrence, "slug": l.slug}
                               for l in links] for sid, links in sorted(self.outgoing.items())},
            "cited_by": [{"slug": c.slug, "title": c.title, "sentence_id": c.sentence_id, "page": c.page,
                          "text": c.text} for c in self.cited_by],
        }

    def digest_bytes(self) -> bytes:
        return json.dumps({**self.as_json(), "relations": self.relations.as_json(),
                           "explains": [asdict(e) for e in self.explains],
                           "explained_by": [asdict(e) for e in self.explained_by]}, ensure_ascii=False,
                          sort_keys=True).encode()


@dataclass(frozen=True)
class LibraryDocument:
    """What the library scan needs of a document."""
    slug: str
    title: str
    short_title: str
    document: Document | None  # None: its text stages failed, it cites nothing
    text: Callable[[str, str], str] = lambda script, node_id: ""  # script, id -> text


def library_references(documents: list[LibraryDocument], scripts: Iterable[str], page_of: Callable[[str], str],
                       ) -> tuple[dict[str, DocumentReferences], dict[str, Diagnostics]]:
    """Every document's layer, and per document its reference errors (an
    ambiguous 《…》: a short title of two or more other documents).
    `page_of`: the page that shows a sentence, by its id (urls.node_page:
    the citation contract is above a document's level)."""
    scripts = tuple(scripts)
    by_title = {_key(d.title): d for d in documents if d.document is not None}
    by_short: dict[str, list[LibraryDocument]] = {}
    for d in documents:
        if d.short_title and d.document is not None:
            by_short.setdefault(_key(d.short_title), []).append(d)
    outgoing: dict[str, dict[str, tuple[Link, ...]]] = {d.slug: {} for d in documents}
    cited: dict[str, list[Citation]] = {d.slug: [] for d in documents}
    problems: dict[str, Diagnostics] = {}
    for citing in documents:
        if citing.document is None:
            continue
        diagnostics = Diagnostics()
        found: dict[str, tuple[Link, ...]] = {}
        citations: list[tuple[str, Citation]] = []
        for sentence in citing.document.sentences():
            links = []
            mentions = list(PATTERNS[TITLE].finditer(sentence.text))
            for occurrence, match in enumerate(mentions):
                name = _key(match.group(1))
                target = by_title.get(name)
                if target is None and name != _key(citing.short_title):
                    others = [d for d in by_short.get(name, []) if d.slug != citing.slug]
                    if len(others) == 1:
                        target = others[0]
                    elif len(others) > 1:
                        _ambiguous(diagnostics, sentence, match.group(0), others)
                if target is None or target.slug == citing.slug:
                    continue
                links.append(Link(TITLE, occurrence, len(mentions), target.slug))
                citations.append((target.slug, Citation(
                    citing.slug, {s: citing.text(s, "title") for s in scripts}, sentence.id,
                    page_of(sentence.id), {s: citing.text(s, sentence.id) for s in scripts})))
            if links:
                found[sentence.id] = tuple(links)
        if diagnostics.errors:
            problems[citing.slug] = diagnostics
            continue  # its last good version stays online: cite what that one cites
        outgoing[citing.slug] = found
        for slug, citation in citations:
            cited[slug].append(citation)
    layers = {d.slug: DocumentReferences(outgoing[d.slug], tuple(cited[d.slug])) for d in documents}
    return layers, problems


def _ambiguous(diagnostics: Diagnostics, sentence: Sentence, mention: str, others: list[LibraryDocument]) -> None:
    names = "、".join(f"《{d.title}》 ({d.slug})" for d in others)
    diagnostics.error(sentence.source.file, sentence.source.line,
                      f"ambiguous reference {mention} in sentence {sentence.id}: the short title of {names}",
                      "a 《…》 reference that names one library document",
                      f"write the full title, e.g. 《{others[0].title}》")


def item_links(document: Document) -> dict[str, tuple[Link, ...]]:
    """第（八）项 inside a sentence links to clause (八) when the document has
    it. A clause's own label is （八） without 第…项, so it never matches.
    本意见 (the document's own type) links to its home."""
    numbers = {c.number for c in document.clauses}
    found: dict[str, tuple[Link, ...]] = {}
    for sentence in document.sentences():
        links = []
        items = list(PATTERNS[ITEM].finditer(sentence.text))
        for occurrence, match in enumerate(items):
            number = parse_numeral(match.group(1))
            if number in numbers:
                links.append(Link(ITEM, occurrence, len(items), clause=number))
        selves = list(PATTERNS[SELF].finditer(sentence.text))
        for occurrence, match in enumerate(selves):
            if document.doc_type and match.group(1) == document.doc_type:
                links.append(Link(SELF, occurrence, len(selves)))
        if links:
            found[sentence.id] = tuple(links)
    return found


def merge(*layers: dict[str, tuple[Link, ...]]) -> dict[str, tuple[Link, ...]]:
    merged: dict[str, tuple[Link, ...]] = {}
    for layer in layers:
        for sid, links in layer.items():
            merged[sid] = merged.get(sid, ()) + links
    return merged


def linked_text(text: str, links: tuple[Link, ...], href: Callable[[Link], str],
                escape: Callable[[str], Markup]) -> Markup:
    """`text` with each link's span wrapped in <a>: every character of the
    text kept, in order, each escaped. A span the script's text does not have
    (a count that differs) is left as text."""
    spans: list[tuple[int, int, Link]] = []
    for link in links:
        matches = list(PATTERNS[link.pattern].finditer(text))
        if len(matches) == link.of:
            match = matches[link.occurrence]
            spans.append((match.start(), match.end(), link))
    spans.sort(key=lambda s: s[0])
    out = Markup()
    position = 0
    for start, end, link in spans:
        if start < position:
            continue
        out += escape(text[position:start])
        out += Markup('<a class="reference" href="{}">').format(href(link)) + escape(text[start:end]) + Markup("</a>")
        position = end
    return out + escape(text[position:])
