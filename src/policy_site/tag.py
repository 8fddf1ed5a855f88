"""Stage: tag. Every clause tagged from the reviewed vocabulary in
`content/<document>/tags.toml`: term rules, per-tag include/exclude by clause
number, and [[override]] entries. The matched terms and sentences are kept so
each tag can show its reason. The result is a layer keyed by clause number."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .content import _load_toml, key_line
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


def load_vocabulary(path: Path, diagnostics: Diagnostics) -> tuple[tuple[Tag, ...], list[dict], str]:
    loaded = _load_toml(path, diagnostics)
    if loaded is None:
        return (), [], ""
    data, raw = loaded
    shown = display_path(path)
    tags: list[Tag] = []
    seen: set[str] = set()
    for entry in data.get("tag", []):
        slug = entry.get("slug", "")
        line = key_line(raw, f'slug = "{slug}"')
        if not isinstance(slug, str) or not slug or not all(c.isascii() and (c.isalnum() or c == "-") for c in slug):
            diagnostics.error(shown, line, f"tag slug {slug!r}", "ASCII letters, digits and hyphens",
                              "rename the slug")
            continue
        if slug in seen:
            diagnostics.error(shown, line, f"tag {slug!r} a second time", "unique slugs", "merge the two tags")
            continue
        if not entry.get("name") or not entry.get("description"):
            diagnostics.error(shown, line, f"tag {slug!r} without name or description",
                              "name and a one-line description", "complete the tag")
            continue
        seen.add(slug)
        tags.append(Tag(slug, entry["name"], entry["description"], tuple(entry.get("terms", [])),
                        tuple(entry.get("include", [])), tuple(entry.get("exclude", []))))
    return tuple(tags), list(data.get("override", [])), raw


def tag_document(document: Document, path: Path, diagnostics: Diagnostics) -> Tagging | None:
    """The tagging of the document's clauses; None when it has no clauses
    (topics are given per clause: a copied tags.toml then has nothing to tag)."""
    vocabulary, overrides, raw = load_vocabulary(path, diagnostics)
    shown = display_path(path)
    if not document.clauses:
        diagnostics.warning(shown, 0, "a topic vocabulary for a document with no clauses",
                            "clauses （一）… to tag", "topics are given per clause: delete this tags.toml, "
                            "or keep it for a document that has clauses; no topic pages are built")
        return None
    numbers = {c.number for c in document.clauses}
    known = {t.slug for t in vocabulary}
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
                diagnostics.error(shown, key_line(raw, f'slug = "{tag.slug}"'),
                                  f"tag {tag.slug!r} names clause {number}, which does not exist",
                                  f"a clause number from 1 to {max(numbers)}", "correct include/exclude")
    for entry in overrides:
        clause = entry.get("clause")
        line = key_line(raw, f"clause = {clause}") or key_line(raw, "[[override]]")
        if clause not in numbers:
            diagnostics.error(shown, line, f"override for clause {clause!r}, which does not exist",
                              "an existing clause number", "correct the clause number")
            continue
        if not str(entry.get("reason", "")).strip():
            diagnostics.error(shown, line, f"override for clause {clause} without a reason",
                              "reason = \"…\"", "say why the rules are overridden")
        for key in ("add", "remove"):
            for slug in entry.get(key, []):
                if slug not in known:
                    diagnostics.error(shown, key_line(raw, f'"{slug}"') or line, f"unknown tag slug {slug!r} in override",
                                      "a slug defined by a [[tag]] in this file", "fix the slug or add the tag")
                elif key == "add":
                    assigned[clause].setdefault(slug, TagMatch(slug, (), (), manual=True))
                else:
                    assigned[clause].pop(slug, None)
    order = {t.slug: i for i, t in enumerate(vocabulary)}
    clauses = {n: tuple(sorted(m.values(), key=lambda x: order[x.slug])) for n, m in sorted(assigned.items())}
    tagging = Tagging(vocabulary, clauses)
    for clause in document.clauses:
        if not clauses[clause.number]:
            diagnostics.error(shown, 0, f"clause {clause.label} with no tag", "at least one tag per clause",
                              "add a term that occurs in it, or an [[override]] with add = […]")
    for tag in vocabulary:
        count = len(tagging.clauses_with(tag.slug))
        if count == 0:
            diagnostics.error(shown, key_line(raw, f'slug = "{tag.slug}"'), f"tag {tag.slug!r} on no clause",
                              "every tag on at least one clause", "add terms or remove the tag")
        elif count > len(numbers) / 2:
            diagnostics.warning(shown, key_line(raw, f'slug = "{tag.slug}"'),
                                f"tag {tag.slug!r} on {count} of {len(numbers)} clauses",
                                "a tag specific enough to land on at most half the clauses",
                                "narrow its terms")
    return tagging
