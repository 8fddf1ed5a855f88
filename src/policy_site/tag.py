"""Stage: tag. Every clause tagged from the reviewed vocabulary in
`content/<document>/tags.toml`: term rules, per-tag include/exclude by clause
number, and [[override]] entries. The matched terms and sentences are kept so
each tag can show its reason. The result is a layer keyed by clause number."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from . import schema
from .confine import SLUG_RULE, slug_problem
from .diagnostics import Diagnostics
from .model import Document
from .read import display_path


@dataclass(frozen=True)
class Tag:
    slug: str
    name: str
    description: str
    terms: tuple[str, ...]
    include: tuple[int, ...]
    exclude: tuple[int, ...]


@dataclass(frozen=True)
class TagMatch:
    slug: str
    terms: tuple[str, ...]  # matched terms; empty when added by hand
    sentence_ids: tuple[str, ...]
    manual: bool = False


@dataclass(frozen=True)
class Tagging:
    vocabulary: tuple[Tag, ...]
    clauses: dict[int, tuple[TagMatch, ...]]  # clause number -> tags, in vocabulary order

    def slugs(self, clause: int) -> tuple[str, ...]:
        return tuple(m.slug for m in self.clauses.get(clause, ()))

    def clauses_with(self, slug: str) -> list[int]:
        return [n for n, matches in self.clauses.items() if any(m.slug == slug for m in matches)]

    def related(self, clause: int, limit: int = 3) -> list[tuple[int, int]]:
        """Clauses sharing the most tags with `clause`: (number, shared count)."""
        mine = set(self.slugs(clause))
        scored = [(len(mine & set(self.slugs(n))), n) for n in self.clauses if n != clause]
        scored = [(shared, n) for shared, n in scored if shared]
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [(n, shared) for shared, n in scored[:limit]]


@dataclass(frozen=True)
class Vocabulary:
    tags: tuple[Tag, ...]
    overrides: tuple[tuple[dict, int], ...]  # each [[override]] with its line
    lines: dict[str, int]  # tag slug -> line of its slug
    shown: str


def load_vocabulary(path: Path, diagnostics: Diagnostics) -> Vocabulary:
    """The reviewed vocabulary of tags.toml, every field checked against
    `schema.TAGS`; entries with a problem are reported and left out."""
    shown = display_path(path)
    loaded = schema.load_toml(path, diagnostics)
    if loaded is None or not schema.check(loaded, schema.TAGS, diagnostics):
        return Vocabulary((), (), {}, shown)
    tags: list[Tag] = []
    lines: dict[str, int] = {}
    for index, entry in enumerate(loaded.data.get("tag", [])):
        where = (("tag", index),)
        slug = entry["slug"]
        line = loaded.line(where, "slug")
        problem = slug_problem(slug)
        if problem:
            diagnostics.error(shown, line, f"tag slug {slug!r} {problem}", SLUG_RULE,
                              "rename the slug")
            continue
        if slug in lines:
            diagnostics.error(shown, line, f"tag {slug!r} a second time (first at line {lines[slug]})",
                              "unique slugs", "merge the two tags")
            continue
        lines[slug] = line
        tags.append(Tag(slug, entry["name"], entry["description"], tuple(entry.get("terms", [])),
                        tuple(entry.get("include", [])), tuple(entry.get("exclude", []))))
    overrides = []
    for index, entry in enumerate(loaded.data.get("override", [])):
        where = (("override", index),)
        ok = True
        for key in ("add", "remove"):
            for slug in entry.get(key, []):
                if slug not in lines:
                    close = difflib.get_close_matches(slug, list(lines), n=1)
                    diagnostics.error(shown, loaded.line(where, key), f"unknown tag slug {slug!r} in override",
                                      "a slug defined by a [[tag]] in this file",
                                      f"did you mean {close[0]!r}?" if close else "fix the slug or add the tag")
                    ok = False
        if ok:
            overrides.append((entry, loaded.line(where, "clause")))
    return Vocabulary(tuple(tags), tuple(overrides), lines, shown)


def tag_document(document: Document, path: Path, diagnostics: Diagnostics) -> Tagging | None:
    """The tagging of the document's clauses; None when it has no clauses
    (topics are given per clause: a copied tags.toml then has nothing to tag)."""
    loaded = load_vocabulary(path, diagnostics)
    vocabulary, shown = loaded.tags, loaded.shown
    if not document.clauses:
        diagnostics.warning(shown, 0, "a topic vocabulary for a document with no clauses",
                            "clauses （一）… to tag", "topics are given per clause: delete this tags.toml, "
                            "or keep it for a document that has clauses; no topic pages are built")
        return None
    numbers = {c.number for c in document.clauses}
    assigned: dict[int, dict[str, TagMatch]] = {n: {} for n in numbers}
    for tag in vocabulary:
        for clause in document.clauses:
            if clause.number in tag.exclude:
                continue
            hits = [(term, s.id) for s in clause.sentences for term in tag.terms if term in s.text]
            if hits:
                terms = tuple(dict.fromkeys(t for t, _ in hits))
                sentences = tuple(dict.fromkeys(i for _, i in hits))
                assigned[clause.number][tag.slug] = TagMatch(tag.slug, terms, sentences)
            elif clause.number in tag.include:
                assigned[clause.number][tag.slug] = TagMatch(tag.slug, (), (), manual=True)
        for number in tag.include + tag.exclude:
            if number not in numbers:
                diagnostics.error(shown, loaded.lines[tag.slug],
                                  f"tag {tag.slug!r} names clause {number}, which does not exist",
                                  f"a clause number from 1 to {max(numbers, default=0)}", "correct include/exclude")
    for entry, line in loaded.overrides:
        clause = entry["clause"]
        if clause not in numbers:
            diagnostics.error(shown, line, f"override for clause {clause!r}, which does not exist",
                              f"a clause number from 1 to {max(numbers, default=0)}", "correct the clause number")
            continue
        for slug in entry.get("add", []):
            assigned[clause].setdefault(slug, TagMatch(slug, (), (), manual=True))
        for slug in entry.get("remove", []):
            assigned[clause].pop(slug, None)
    order = {t.slug: i for i, t in enumerate(vocabulary)}
    clauses = {n: tuple(sorted(m.values(), key=lambda x: order[x.slug])) for n, m in sorted(assigned.items())}
    tagging = Tagging(vocabulary, clauses)
    for clause in document.clauses:
        if not clauses[clause.number]:
            diagnostics.error(shown, 1, f"clause {clause.label} with no tag (its text: {clause.source.file}:{clause.source.line})", "at least one tag per clause",
                              "add a term that occurs in it, or an [[override]] with add = […]")
    for tag in vocabulary:
        count = len(tagging.clauses_with(tag.slug))
        if count == 0:
            diagnostics.error(shown, loaded.lines[tag.slug], f"tag {tag.slug!r} on no clause",
                              "every tag on at least one clause", "add terms or remove the tag")
        elif count > len(numbers) / 2:
            diagnostics.warning(shown, loaded.lines[tag.slug],
                                f"tag {tag.slug!r} on {count} of {len(numbers)} clauses",
                                "a tag specific enough to land on at most half the clauses",
                                "narrow its terms")
    return tagging
