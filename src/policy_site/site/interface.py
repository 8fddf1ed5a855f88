"""Interface words per edition: reviewed tables in content/ui/<folder>.toml,
one per edition of the registry (editions.EDITIONS), never OpenCC conversions
of the simplified words (a character-by-character conversion writes mainland
words in traditional characters: 搜索, 鏈接, 頁脚). A key is the simplified
wording the code and templates write (gettext's msgid style), so a template
reads as the page does; each table gives that edition's words for it. Every
key must be in every table (checked with file:line), and a page asking for a
key no table has is an error, not a silent conversion."""
from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from policy_site.core import schema
from policy_site.core.diagnostics import BuildError, Diagnostics
from policy_site.zh import quotes
from policy_site.zh.editions import EDITIONS

UI_FOLDER = Path(__file__).resolve().parents[3] / "content" / "ui"  # this checkout's, when no project says
_project_folder: Path | None = None


def use_project(content: Path) -> Path:
    """Read the interface words of the project being built (its content/ui/),
    not the package checkout's: set by the catalog in the building process and
    by `publish` in each worker. Returns the folder."""
    global _project_folder
    _project_folder = content / "ui"
    return _project_folder


def ui_folder() -> Path:
    return _project_folder or UI_FOLDER


@dataclass(frozen=True)
class InterfaceTables:
    tables: dict[str, dict[str, str]]  # edition key -> simplified key -> words

    def words(self, script: str, key: str) -> str:
        try:
            return self.tables[script][key]
        except KeyError:
            raise KeyError(f"interface words {key!r} are in no table of content/ui/: add them to every "
                           f"edition's table ({', '.join(e.folder + '.toml' for e in EDITIONS)})") from None


def load_tables(folder: Path, diagnostics: Diagnostics) -> InterfaceTables | None:
    """Every edition's table, checked together: the same keys in each, each
    value one line of text."""
    loaded = {}
    for edition in EDITIONS:
        path = folder / f"{edition.folder}.toml"
        table = schema.load_toml(path, diagnostics)
        if table is None:
            continue
        for key, value in table.data.items():
            if not isinstance(value, str) or not value.strip() or "\n" in value:
                diagnostics.error(table.shown, table.line((), key), f"{key} = {schema.shown_value(value)}",
                                  "one line of text", f'write {key} = "…" with the words for {edition.label}')
        loaded[edition.key] = table
    if len(loaded) < len(EDITIONS):
        return None
    every = set().union(*(t.data for t in loaded.values()))
    for edition in EDITIONS:
        table = loaded[edition.key]
        for key in sorted(every - set(table.data)):
            where = next(t for t in loaded.values() if key in t.data)
            diagnostics.error(table.shown, 1, f"no words for {key!r} (in {where.shown}:{where.line((), key)})",
                              "every key in every edition's table",
                              f'add "{key}" = "…" with the words for {edition.label}')
    if diagnostics.errors:
        return None
    first = loaded[EDITIONS[0].key]
    for key, asked_by in sorted(required_words().items()):
        if key not in first.data:
            diagnostics.error(first.shown, 1, f"no words for {key!r}, which {asked_by} prints",
                              "every word the site prints in every edition's table",
                              f'add "{key}" = "…" to each table of {folder.name}/ with that edition\'s words')
    if diagnostics.errors:
        return None
    # The traditional editions' quotation marks are a declared rule (zh/quotes.py), not each table's words.
    corner = {e.key for e in EDITIONS if e.script == "traditional"}
    return InterfaceTables({key: {k: quotes.to_corner(str(v)) if key in corner else str(v) for k, v in t.data.items()}
                            for key, t in loaded.items()})


_UI_CALL = re.compile(r"\bui\(([^()]*)\)")
_LITERAL = re.compile(r"'([^']+)'|\"([^\"]+)\"")


@lru_cache(maxsize=1)
def required_words() -> dict[str, str]:
    """Every key a page can ask for, with what asks for it: the literal
    `ui('…')` keys of the templates, and the tables whose values are looked
    up by kind (a furniture rule, a match kind, a page kind) or handed to the
    scripts (policy.js, search.js). Checked against every
    table when the tables are loaded, at the start of a build, so no page can
    ask for a word a table lacks."""
    from policy_site.document.clean import FURNITURE_KIND_LABELS
    from policy_site.document.method import RULE_NAMES
    from policy_site.site.engine import SCRIPT_WORDS
    from policy_site.site.metadata import OTHER_PAGE_NAMES
    from policy_site.site.render import MATCH_KIND_LABELS, MATCH_KIND_NOTES
    from policy_site.site.search import SEARCH_WORDS
    from policy_site.site.status import (
        COMPARE_SCRIPT_WORDS,
        COMPARE_WORDS,
        OTHER_WORDS,
        RELATION_WORDS,
        STATUS_BY_WORDS,
        STATUS_WORDS,
    )

    found: dict[str, str] = {}
    templates = Path(__file__).with_name("templates")
    for template in sorted(templates.rglob("*.j2")):
        for call in _UI_CALL.finditer(template.read_text(encoding="utf-8")):
            for literal in _LITERAL.finditer(call.group(1)):
                key = literal.group(1) or literal.group(2)
                if not key.isascii():  # keys are Chinese wording; 'furniture' in `ui(a if kind == 'furniture' …)` is not
                    found.setdefault(key, f"templates/{template.relative_to(templates)}")
    for table, where in ((RULE_NAMES, "document/method.py RULE_NAMES"),
                         (FURNITURE_KIND_LABELS, "document/clean.py FURNITURE_KIND_LABELS"),
                         (MATCH_KIND_LABELS, "site/render.py MATCH_KIND_LABELS"),
                         (MATCH_KIND_NOTES, "site/render.py MATCH_KIND_NOTES"),
                         (OTHER_PAGE_NAMES, "site/metadata.py OTHER_PAGE_NAMES"),
                         (SCRIPT_WORDS, "site/engine.py SCRIPT_WORDS (policy.js)"),
                         (SEARCH_WORDS, "site/search.py SEARCH_WORDS (search.js)"),
                         (STATUS_WORDS, "site/status.py STATUS_WORDS"),
                         (STATUS_BY_WORDS, "site/status.py STATUS_BY_WORDS"),
                         (RELATION_WORDS, "site/status.py RELATION_WORDS"),
                         (OTHER_WORDS, "site/status.py OTHER_WORDS"),
                         (COMPARE_WORDS, "site/status.py COMPARE_WORDS"),
                         (COMPARE_SCRIPT_WORDS, "site/status.py COMPARE_SCRIPT_WORDS (compare.js)")):
        for key in table.values():
            found.setdefault(key, where)
    return found


@lru_cache(maxsize=None)
def _cached(folder: str, stamp: tuple) -> InterfaceTables:
    diagnostics = Diagnostics()
    tables = load_tables(Path(folder), diagnostics)
    if tables is None:
        raise BuildError(diagnostics.items)
    return tables


# The tables one build reads, fixed while it runs (`pinned`): a page asks for
# thousands of words, and checking the files' stamps for each was a tenth of
# the generator's time. Each build pins them again, so an edit between builds
# (the live preview) is seen by the next one.
_PINNED: ContextVar[InterfaceTables | None] = ContextVar("interface_tables", default=None)


@contextmanager
def pinned():
    """Within this block, `tables()` returns the tables as they were on entry."""
    token = _PINNED.set(_PINNED.get() or tables())
    try:
        yield
    finally:
        _PINNED.reset(token)


def tables(folder: Path | None = None) -> InterfaceTables:
    """The tables, read again when a file changed (the live preview)."""
    if folder is None and (fixed := _PINNED.get()) is not None:
        return fixed
    folder = folder or ui_folder()
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.glob("*.toml")))
    return _cached(str(folder), stamp)


def ui(script: str, key: str) -> str:
    return tables().words(script, key)
