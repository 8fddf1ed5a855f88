"""Layer: a document's legal status and its relations to other documents,
as reviewed data (`status` and `[[relation]]` in document.toml), each
relation backed by the sentence of this document that states it.

    status = "in-force"   # in-force | repealed | replaced | amended | expired | not-yet-in-force
    [[relation]]
    kind = "replaces"     # replaces | amends | repeals | implements | supplements | interprets | cites
    document = "urban-development-2025"   # a library document, or one outside it:
    # title = "《……》" and/or number = "国发〔2018〕42号"
    evidence = "c23-s2"   # the sentence that states it, or the reason when none does
    date = 2026-01-10     # when it takes effect, if known

A relation to a library document makes its inverse on that document
(replaced by, …), and the target's status follows from it unless declared
(`library_relations`, run by the library before any document is built, as
the references are). Sentences that state a relation (……同时废止, 根据《……》)
are proposed as warnings, never applied (`propose_relations`).
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Callable, Iterable

from policy_site.core.diagnostics import Diagnostics
from policy_site.document.model import Document, Sentence, SourceRef


class Status(str, Enum):
    IN_FORCE = "in-force"
    REPEALED = "repealed"
    REPLACED = "replaced"
    AMENDED = "amended"
    EXPIRED = "expired"
    NOT_YET_IN_FORCE = "not-yet-in-force"


class RelationKind(str, Enum):
    REPLACES = "replaces"
    AMENDS = "amends"
    REPEALS = "repeals"
    IMPLEMENTS = "implements"
    SUPPLEMENTS = "supplements"
    INTERPRETS = "interprets"
    CITES = "cites"


# The relation as the other document has it: A replaces B, so B is replaced by A.
INVERSE = {RelationKind.REPLACES: "replaced-by", RelationKind.AMENDS: "amended-by",
           RelationKind.REPEALS: "repealed-by", RelationKind.IMPLEMENTS: "implemented-by",
           RelationKind.SUPPLEMENTS: "supplemented-by", RelationKind.INTERPRETS: "interpreted-by",
           RelationKind.CITES: "cited-by"}
# What a relation does to its target's status (strongest first).
TARGET_STATUS = {RelationKind.REPEALS: Status.REPEALED, RelationKind.REPLACES: Status.REPLACED,
                 RelationKind.AMENDS: Status.AMENDED}
SENTENCE_ID = re.compile(r"^(?:c\d+|preamble-p\d+|s\d+-p\d+)-s\d+$")


@dataclass(frozen=True)
class Relation:
    """One declared relation of this document (document.toml's [[relation]])."""
    kind: RelationKind
    document: str  # a library document's slug; "" for a document outside the library
    title: str  # 《……》 of a document outside the library (or "")
    number: str  # its 文号 (or "")
    evidence: str  # the sentence id of this document that states it; "" when `reason` says why none does
    reason: str
    date: str  # ISO 8601, or ""
    source: SourceRef  # document.toml:line of the [[relation]]


def load_relations(entries: list[dict], line_of: Callable[[int, str], int], shown: str,
                   diagnostics: Diagnostics) -> tuple[Relation, ...]:
    """[[relation]] tables (types checked by the schema) into relations, each
    problem at its line: an unknown kind, no target or two, no evidence."""
    relations = []
    for index, entry in enumerate(entries):
        line = line_of(index, "kind")
        kind = entry.get("kind", "")
        if kind not in {k.value for k in RelationKind}:
            diagnostics.error(shown, line, f"relation kind {kind!r}", " | ".join(k.value for k in RelationKind),
                              "write one of those kinds")
            continue
        document, title, number = (entry.get(k, "").strip() for k in ("document", "title", "number"))
        if bool(document) == bool(title or number):
            diagnostics.error(shown, line, "a relation naming " + ("both a library document and a title or number"
                                                                   if document else "no document"),
                              "document = \"slug\" for a library document, or title = \"《……》\" and/or number",
                              "name the related document one way")
            continue
        evidence = entry.get("evidence", "").strip()
        if not evidence:
            diagnostics.error(shown, line, "a relation without evidence",
                              "evidence = the id of the sentence that states it (c23-s2), or the reason none does",
                              "add evidence = \"…\"")
            continue
        date = entry.get("date", "")
        date = date.isoformat() if isinstance(date, datetime.date) else str(date)
        is_sentence = SENTENCE_ID.match(evidence) is not None
        relations.append(Relation(RelationKind(kind), document, title, number, evidence if is_sentence else "",
                                  "" if is_sentence else evidence, date, SourceRef(shown, line)))
    return tuple(relations)


def check_evidence(relations: Iterable[Relation], document: Document, diagnostics: Diagnostics) -> None:
    """Every evidence id names a sentence of this document."""
    ids = {s.id for s in document.sentences()}
    for relation in relations:
        if relation.evidence and relation.evidence not in ids:
            diagnostics.error(relation.source.file, relation.source.line,
                              f"evidence {relation.evidence!r}, a sentence this document does not have",
                              "the id of the sentence that states the relation (as in its anchor, #c23-s2)",
                              "check the id on the sentence's page, or give the reason instead")


# Sentences that state a relation, and the relation each suggests.
_STATEMENTS = (
    (re.compile(r"同时废止|予以废止|即行废止"), RelationKind.REPEALS),
    (re.compile(r"不再执行"), RelationKind.REPEALS),
    (re.compile(r"为(?:深入)?贯彻落实《"), RelationKind.IMPLEMENTS),
    (re.compile(r"根据《"), RelationKind.CITES),
)
_TITLE = re.compile(r"《[^《》]{2,80}》")
_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[]\d{4}[〕\]]\d{1,4}号")


def propose_relations(document: Document, declared: Iterable[Relation], config_file: str,
                      diagnostics: Diagnostics) -> None:
    """A warning for each sentence that states a relation no [[relation]]
    declares by its id: the relation to review and declare, never applied."""
    backed = {r.evidence for r in declared if r.evidence}
    for sentence in document.sentences():
        if sentence.id in backed:
            continue
        for pattern, kind in _STATEMENTS:
            if pattern.search(sentence.text):
                _propose(sentence, kind, config_file, diagnostics)
                break


def _propose(sentence: Sentence, kind: RelationKind, config_file: str, diagnostics: Diagnostics) -> None:
    title = _TITLE.search(sentence.text)
    number = _NUMBER.search(sentence.text)
    target = (f'title = "{title.group()}"' if title else "") + (" " if title and number else "") + \
        (f'number = "{number.group()}"' if number else "") or 'document = "…"'
    diagnostics.warning(sentence.source.file, sentence.source.line,
                        f"sentence {sentence.id} states a relation: “{sentence.text[:40]}”",
                        f"a [[relation]] of kind {kind.value} in {config_file}, if the sentence says so",
                        f"review it, then declare [[relation]] kind = \"{kind.value}\" "
                        f"{target} evidence = \"{sentence.id}\" "
                        "(document = \"slug\" when the document is in this library)")


@dataclass(frozen=True)
class RelatedDocument:
    """A relation as one document shows it: its own (kind, e.g. replaces) or
    another's turned round (replaced-by), with the sentence that states it."""
    kind: str  # a RelationKind value, or its INVERSE
    slug: str  # the other library document, "" for one outside the library
    title: dict[str, str]  # script -> the other document's title (outside: as declared)
    number: str
    date: str
    evidence_slug: str  # the document whose sentence states it ("" when only a reason does)
    evidence: str  # that sentence's id
    evidence_text: dict[str, str] = field(default_factory=dict)  # script -> the sentence
    reason: str = ""


@dataclass(frozen=True)
class DocumentRelations:
    """One document's status (declared, else following from the relations
    that target it; None when neither says it: in force is a claim someone
    must review, never a default) and its relations both ways."""
    status: Status | None = None
    declared: bool = False  # the status is declared, not derived
    by: str = ""  # the library document whose relation set the status ("" when declared or in force)
    since: str = ""  # that relation's date
    related: tuple[RelatedDocument, ...] = ()

    def as_json(self) -> dict:
        return {"status": self.status.value if self.status else None, "declared": self.declared, "by": self.by, "since": self.since,
                "related": [{"kind": r.kind, "slug": r.slug, "title": r.title, "number": r.number, "date": r.date,
                             "evidence_slug": r.evidence_slug, "evidence": r.evidence,
                             "evidence_text": r.evidence_text, "reason": r.reason} for r in self.related]}


@dataclass(frozen=True)
class RelationSource:
    """What the library scan needs of one document."""
    slug: str
    status: str  # declared, or ""
    relations: tuple[Relation, ...]
    text: Callable[[str, str], str]  # script, node id -> text


def library_relations(documents: list[RelationSource], scripts: Iterable[str],
                      ) -> tuple[dict[str, DocumentRelations], dict[str, Diagnostics]]:
    """Every document's status and relations both ways, and per document the
    problems: an unknown slug, a relation to itself, two documents replacing
    one, a cycle of replaces."""
    scripts = tuple(scripts)
    by_slug = {d.slug: d for d in documents}
    problems: dict[str, Diagnostics] = {}
    related: dict[str, list[RelatedDocument]] = {d.slug: [] for d in documents}
    targeted: dict[str, list[tuple[Relation, str]]] = {d.slug: [] for d in documents}
    for d in documents:
        for r in d.relations:
            if r.document and (r.document not in by_slug or r.document == d.slug):
                what = "itself" if r.document == d.slug else f"{r.document!r}, which is not in the library"
                problems.setdefault(d.slug, Diagnostics()).error(
                    r.source.file, r.source.line, f"a relation to {what}", "the slug of another library document",
                    "check the slug (content/<slug>/), or name a document outside the library by title or number")
                continue
            other = by_slug.get(r.document)
            evidence_text = {s: d.text(s, r.evidence) for s in scripts} if r.evidence else {}
            related[d.slug].append(RelatedDocument(
                r.kind.value, r.document, {s: other.text(s, "title") for s in scripts} if other else
                {s: r.title for s in scripts}, r.number, r.date, d.slug if r.evidence else "", r.evidence,
                evidence_text, r.reason))
            if other is not None:
                targeted[other.slug].append((r, d.slug))
                related[other.slug].append(RelatedDocument(
                    INVERSE[r.kind], d.slug, {s: d.text(s, "title") for s in scripts}, "", r.date,
                    d.slug if r.evidence else "", r.evidence, evidence_text, r.reason))
    _check_replacements(by_slug, targeted, problems)
    return {d.slug: _status(d, related[d.slug], targeted[d.slug]) for d in documents}, problems


def _status(document: RelationSource, related: list[RelatedDocument],
            targeted: list[tuple[Relation, str]]) -> DocumentRelations:
    order = sorted(related, key=lambda r: (r.kind, r.slug, r.evidence))
    if document.status:
        return DocumentRelations(Status(document.status), True, related=tuple(order))
    for kind, status in TARGET_STATUS.items():
        for relation, by in targeted:
            if relation.kind is kind:
                return DocumentRelations(status, False, by, relation.date, tuple(order))
    return DocumentRelations(related=tuple(order))


def _check_replacements(by_slug: dict[str, RelationSource], targeted: dict[str, list[tuple[Relation, str]]],
                        problems: dict[str, Diagnostics]) -> None:
    """One document replaced by at most one; no cycle of replaces."""
    replaces: dict[str, str] = {}
    for target, entries in targeted.items():
        replacing = [(r, by) for r, by in entries if r.kind is RelationKind.REPLACES]
        for relation, by in replacing if len(replacing) > 1 else ():
            others = " and ".join(f"{o!r} ({r.source})" for r, o in replacing if o != by)
            problems.setdefault(by, Diagnostics()).error(
                relation.source.file, relation.source.line, f"{target!r} replaced by {by!r} and by {others}",
                "one document replacing another", "keep one replaces; the others may amend or supplement it")
        for relation, by in replacing:
            replaces[by] = target
    for start in sorted(replaces):
        seen, at = [start], replaces[start]
        while at in replaces and at not in seen:
            seen.append(at)
            at = replaces[at]
        if at == start:
            relation = next(r for r in by_slug[start].relations if r.kind is RelationKind.REPLACES)
            problems.setdefault(start, Diagnostics()).error(
                relation.source.file, relation.source.line,
                "a cycle of replaces: " + " → ".join(seen + [start]), "replaces pointing from newer to older",
                "remove the relation that points the wrong way")
