"""Stage: tag. Every clause tagged from the reviewed vocabulary: the
library's, `content/tags.toml` (slug, name, description, terms), which a
document's own `content/<document>/tags.toml` may extend with tags of its
own, adjust with document-specific rules (extra terms, include/exclude by
clause number) and correct with [[override]] entries. A library tag has one
name and description everywhere: a document cannot redefine it. The matched
terms and sentences are kept so each tag can show its reason. The result is
a layer keyed by clause number."""
from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path

from policy_site.core import schema
from policy_site.core.confine import SLUG_RULE, slug_problem
from policy_site.core.diagnostics import Diagnostics
from policy_site.core.limits import MAX_TAGS, MAX_TERMS
from policy_site.core.read import MAX_FILE_BYTES, display_path
from policy_site.document.config import content_root
from policy_site.document.model import Document

LIBRARY_TAGS = "tags.toml"  # the library vocabulary, in content/ beside the document folders


def library_tags_path(folder: Path) -> Path:
    """The library vocabulary of the document in `folder`."""
    return content_root(folder) / LIBRARY_TAGS


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
class LibraryVocabulary:
    """content/tags.toml: the tags every document is tagged with."""
    tags: tuple[Tag, ...]
    lines: dict[str, int]  # tag slug -> line of its slug
    shown: str
    present: bool = True

    def where(self, slug: str) -> str:
        return f"{self.shown}:{self.lines[slug]}"


# Vocabularies by file path and exact bytes: one build reads content/tags.toml
# in the catalog, the content checks, the tagging and the checks between
# documents. An edit changes the bytes, so a result is never stale; the
# problems found are kept with it and reported again by each reading.
_LOADED: dict[tuple, tuple[object, Diagnostics, object]] = {}


def _by_content(path: Path | None, diagnostics: Diagnostics, load, using: object = None):
    """`load(Diagnostics)` once per path, bytes and `using` (an object the
    result depends on, by identity); the bytes of a regular file only
    (anything else is loaded, and reported, each time)."""
    data = None
    if path is not None and path.is_file() and not path.is_symlink():
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError:
            data = None
    if data is None:
        return load(diagnostics)
    entry = (str(path), display_path(path), hashlib.sha256(data).digest(), id(using))
    if entry not in _LOADED or _LOADED[entry][2] is not using:
        found = Diagnostics()
        if len(_LOADED) > 256:
            _LOADED.clear()
        _LOADED[entry] = (load(found), found, using)
    result, found, _ = _LOADED[entry]
    diagnostics.extend(found)
    return result


def load_library_vocabulary(path: Path, diagnostics: Diagnostics) -> LibraryVocabulary:
    """The library vocabulary, every field checked against
    `schema.LIBRARY_TAGS`; absent, it is empty (every tag is a document's own).
    Entries with a problem are reported and left out."""
    return _by_content(path, diagnostics, lambda found: _load_library_vocabulary(path, found))


def _load_library_vocabulary(path: Path, diagnostics: Diagnostics) -> LibraryVocabulary:
    shown = display_path(path)
    if not path.exists() and not path.is_symlink():
        return LibraryVocabulary((), {}, shown, present=False)
    loaded = schema.load_toml(path, diagnostics)
    if loaded is None or not schema.check(loaded, schema.LIBRARY_TAGS, diagnostics) or not _within_limits(
            loaded, diagnostics):
        return LibraryVocabulary((), {}, shown)
    tags: list[Tag] = []
    lines: dict[str, int] = {}
    for index, entry in enumerate(loaded.data.get("tag", [])):
        line = loaded.line((("tag", index),), "slug")
        if _slug_ok(entry["slug"], line, lines, shown, diagnostics):
            lines[entry["slug"]] = line
            tags.append(Tag(entry["slug"], entry["name"], entry["description"], tuple(entry.get("terms", [])), (), ()))
    return LibraryVocabulary(tuple(tags), lines, shown)


def _within_limits(loaded: schema.Loaded, diagnostics: Diagnostics) -> bool:
    """core/limits.py: the tags and terms of one file, counted before any is
    matched (each term is looked for in every clause)."""
    entries = loaded.data.get("tag", [])
    if len(entries) > MAX_TAGS:
        diagnostics.error(loaded.shown, loaded.line((("tag", MAX_TAGS),), "slug"), f"{len(entries):,} tags",
                          f"at most {MAX_TAGS:,} (core/limits.py)", "a vocabulary readers can use: merge near tags")
        return False
    count = 0
    for index, entry in enumerate(entries):
        count += len(entry.get("terms", []))
        if count > MAX_TERMS:
            diagnostics.error(loaded.shown, loaded.line((("tag", index),), "terms"), f"term number {count:,} of "
                              "the file", f"at most {MAX_TERMS:,} (core/limits.py)",
                              "a few precise terms per topic: drop variants the shorter terms already match")
            return False
    return True


def _slug_ok(slug: str, line: int, lines: dict[str, int], shown: str, diagnostics: Diagnostics) -> bool:
    problem = slug_problem(slug)
    if problem:
        diagnostics.error(shown, line, f"tag slug {slug!r} {problem}", SLUG_RULE, "rename the slug")
        return False
    if slug in lines:
        diagnostics.error(shown, line, f"tag {slug!r} a second time (first at line {lines[slug]})",
                          "unique slugs", "merge the two tags")
        return False
    return True


@dataclass(frozen=True)
class Vocabulary:
    """A document's vocabulary: the library's tags (with the document's
    adjustments) in library order, then the document's own tags."""
    tags: tuple[Tag, ...]
    overrides: tuple[tuple[dict, int], ...]  # each [[override]] with its line
    lines: dict[str, int]  # slug -> line of its [[tag]] in the document's file
    own: frozenset[str]  # slugs the document defines (name and description)
    shown: str  # the document's file, or the library's when it has none
    library: LibraryVocabulary


def load_vocabulary(path: Path | None, diagnostics: Diagnostics,
                    library: LibraryVocabulary | None = None) -> Vocabulary:
    """The document's tags.toml (None: it has none), every field checked
    against `schema.TAGS` and against the library vocabulary; entries with a
    problem are reported and left out."""
    if library is None:
        return _load_vocabulary(path, diagnostics, library)
    # The library's vocabulary is itself a cached reading: one object per state of its file.
    return _by_content(path, diagnostics, lambda found: _load_vocabulary(path, found, library), library)


def _load_vocabulary(path: Path | None, diagnostics: Diagnostics,
                     library: LibraryVocabulary | None) -> Vocabulary:
    library = library or LibraryVocabulary((), {}, display_path(Path("content") / LIBRARY_TAGS), present=False)
    adjusted: dict[str, dict] = {}
    own: list[Tag] = []
    lines: dict[str, int] = {}
    overrides: list[tuple[dict, int]] = []
    if path is None:
        return Vocabulary(library.tags, (), {}, frozenset(), library.shown, library)
    shown = display_path(path)
    loaded = schema.load_toml(path, diagnostics)
    if loaded is None or not schema.check(loaded, schema.TAGS, diagnostics) or not _within_limits(loaded, diagnostics):
        return Vocabulary(library.tags, (), {}, frozenset(), shown, library)
    for index, entry in enumerate(loaded.data.get("tag", [])):
        where = (("tag", index),)
        slug = entry["slug"]
        line = loaded.line(where, "slug")
        if not _slug_ok(slug, line, lines, shown, diagnostics):
            continue
        if slug in library.lines:
            given = [key for key in ("name", "description") if key in entry]
            for key in given:
                diagnostics.error(shown, loaded.line(where, key),
                                  f"{key} for tag {slug!r}, defined by {library.where(slug)}",
                                  "a library tag with its one name and description; here only this document's "
                                  "rules for it (terms, include, exclude)",
                                  f"remove `{key}` to use the library's tag, or choose another slug for a tag "
                                  "of this document")
            if not given:
                lines[slug] = line
                adjusted[slug] = entry
            continue
        missing = [key for key in ("name", "description") if key not in entry]
        if missing:
            close = difflib.get_close_matches(slug, list(library.lines), n=1)
            hint = (f"did you mean the library's {close[0]!r} ({library.where(close[0])})?" if close
                    else f"add {' and '.join(f'`{k}`' for k in missing)}")
            diagnostics.error(shown, loaded.line(where), f"[[tag]] {slug!r} without {' and '.join(missing)}",
                              f"name and description for a tag of this document (not one of the "
                              f"{len(library.tags)} tags of {library.shown})", hint)
            continue
        lines[slug] = line
        own.append(Tag(slug, entry["name"], entry["description"], tuple(entry.get("terms", [])),
                       tuple(entry.get("include", [])), tuple(entry.get("exclude", []))))
    known = set(library.lines) | set(lines)
    for index, entry in enumerate(loaded.data.get("override", [])):
        where = (("override", index),)
        ok = True
        for key in ("add", "remove"):
            for slug in entry.get(key, []):
                if slug not in known:
                    close = difflib.get_close_matches(slug, sorted(known), n=1)
                    diagnostics.error(shown, loaded.line(where, key), f"unknown tag slug {slug!r} in override",
                                      f"a slug defined by a [[tag]] in this file or in {library.shown}",
                                      f"did you mean {close[0]!r}?" if close else "fix the slug or add the tag")
                    ok = False
        if ok:
            overrides.append((entry, loaded.line(where, "clause")))
    tags = []
    for tag in library.tags:
        rules = adjusted.get(tag.slug, {})
        tags.append(Tag(tag.slug, tag.name, tag.description,
                        tuple(dict.fromkeys(tag.terms + tuple(rules.get("terms", [])))),
                        tuple(rules.get("include", [])), tuple(rules.get("exclude", []))))
    return Vocabulary(tuple(tags + own), tuple(overrides), lines, frozenset(t.slug for t in own), shown, library)


def tag_document(document: Document, path: Path | None, diagnostics: Diagnostics,
                 library: Path | None = None) -> Tagging | None:
    """The tagging of the document's clauses by the library vocabulary
    (`library`, content/tags.toml) and its own tags.toml (`path`, None when it
    has none); None when it has no clauses (topics are given per clause: a
    copied tags.toml then has nothing to tag) or no tag lands on any of them.

    A document with a tags.toml has been reviewed: a clause with no tag and a
    tag the file names on no clause are errors. Without one, a clause with no
    tag is a warning; a library tag on none of its clauses is never a problem
    (it is simply not among the document's topics)."""
    shared = load_library_vocabulary(library, diagnostics) if library is not None else None
    loaded = load_vocabulary(path, diagnostics, shared)
    vocabulary, shown = loaded.tags, loaded.shown
    reviewed = path is not None
    if not document.clauses:
        if reviewed:
            diagnostics.warning(shown, 0, "a topic vocabulary for a document with no clauses",
                                "clauses （一）… to tag", "topics are given per clause: delete this tags.toml, "
                                "or keep it for a document that has clauses; no topic pages are built")
        return None
    numbers = {c.number for c in document.clauses}
    assigned = _matched(document, vocabulary, loaded, numbers, diagnostics)
    _apply_overrides(assigned, loaded, numbers, diagnostics)
    order = {t.slug: i for i, t in enumerate(vocabulary)}
    clauses = {n: tuple(sorted(m.values(), key=lambda x: order[x.slug])) for n, m in sorted(assigned.items())}
    counts = {t.slug: sum(any(m.slug == t.slug for m in ms) for ms in clauses.values()) for t in vocabulary}
    # The document's topics: the tags on its clauses (and its own, reported below when on none).
    tagging = Tagging(tuple(t for t in vocabulary if counts[t.slug] or t.slug in loaded.own), clauses)
    if not reviewed and not tagging.vocabulary:
        return None
    _report_untagged(document, clauses, loaded, reviewed, diagnostics)
    _report_counts(vocabulary, counts, len(numbers), loaded, reviewed, diagnostics)
    return tagging


def _matched(document: Document, vocabulary, loaded, numbers: set[int],
             diagnostics: Diagnostics) -> dict[int, dict[str, TagMatch]]:
    """Each clause's tags by their terms (and `include`, unless excluded)."""
    shown = loaded.shown
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
    return assigned


def _apply_overrides(assigned: dict[int, dict[str, TagMatch]], loaded, numbers: set[int],
                     diagnostics: Diagnostics) -> None:
    """The reviewed `[[override]]` entries: tags added to or removed from a clause."""
    for entry, line in loaded.overrides:
        clause = entry["clause"]
        if clause not in numbers:
            diagnostics.error(loaded.shown, line, f"override for clause {clause!r}, which does not exist",
                              f"a clause number from 1 to {max(numbers, default=0)}", "correct the clause number")
            continue
        for slug in entry.get("add", []):
            assigned[clause].setdefault(slug, TagMatch(slug, (), (), manual=True))
        for slug in entry.get("remove", []):
            assigned[clause].pop(slug, None)


def _report_untagged(document: Document, clauses, loaded, reviewed: bool, diagnostics: Diagnostics) -> None:
    """A clause with no tag: an error once the topics are reviewed, else a warning."""
    for clause in document.clauses:
        if clauses[clause.number]:
            continue
        if reviewed:
            diagnostics.error(loaded.shown, 1, f"clause {clause.label} with no tag (its text: {clause.source.file}:"
                              f"{clause.source.line})", "at least one tag per clause",
                              "add a term that occurs in it, or an [[override]] with add = […]")
        else:
            diagnostics.warning(clause.source.file, clause.source.line,
                                f"clause {clause.label} with no topic of the library vocabulary ({loaded.library.shown})",
                                "a topic per clause once the document's topics are reviewed",
                                "give the document a tags.toml: extra terms for a library tag, a tag of its own, "
                                "or an [[override]] with add = […]")


def _report_counts(vocabulary, counts: dict[str, int], total: int, loaded, reviewed: bool,
                   diagnostics: Diagnostics) -> None:
    """A document's own tag on no clause (an error); a tag on most clauses (a warning)."""
    for tag in vocabulary:
        count = counts[tag.slug]
        line = loaded.lines.get(tag.slug)
        if count == 0 and tag.slug in loaded.own:
            diagnostics.error(loaded.shown, line, f"tag {tag.slug!r} on no clause",
                              "every tag of this document on at least one clause", "add terms or remove the tag")
        elif reviewed and count > total / 2:
            file, at = (loaded.shown, line) if line else (loaded.library.shown, loaded.library.lines.get(tag.slug, 0))
            diagnostics.warning(file, at, f"tag {tag.slug!r} on {count} of {total} clauses",
                                "a tag specific enough to land on at most half the clauses",
                                "narrow its terms, or exclude clauses in this document's tags.toml")


def check_own_tags(configs, diagnostics: Diagnostics) -> None:
    """Between documents: a tag slug that is not the library's is defined
    by one document only, so a topic page has one name and description."""
    defined: dict[str, str] = {}
    for config in configs:
        if config.tags_file is None:
            continue
        library = load_library_vocabulary(library_tags_path(config.folder), Diagnostics())
        loaded = load_vocabulary(config.tags_file, Diagnostics(), library)
        for slug in sorted(loaded.own):
            where = f"{loaded.shown}:{loaded.lines[slug]}"
            if slug in defined:
                diagnostics.error(loaded.shown, loaded.lines[slug], f"tag {slug!r}, also defined by {defined[slug]}",
                                  "a tag used by two documents defined once, in the library vocabulary",
                                  f"move its slug, name, description and terms to {library.shown}, and keep only "
                                  "each document's rules for it (terms, include, exclude) in its tags.toml")
            else:
                defined[slug] = where
