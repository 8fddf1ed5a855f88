"""Load one document's editorial data from its folder under `content/`.

A document folder holds `document.toml` (metadata and source files), the
source texts byte for byte, `repairs.toml` and optionally `tags.toml`,
`traditional.toml`, `traditional-hk.toml`, `simplified.toml` and
`summary.toml`. Every one of these content files is checked against its schema (`schema.py`) and every path in them is confined
to the folder (`confine.py`) by `load_document`, before any source is read:
a problem in a content file is a cause, and is reported before anything it
would cause.
"""
from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass
from pathlib import Path

from policy_site.core import schema
from policy_site.core.confine import SLUG_RULE, confined_sibling, path_problem, slug_problem
from policy_site.core.diagnostics import Diagnostics
from policy_site.core.limits import MAX_FIXES, MAX_FURNITURE, MAX_REPAIRS
from policy_site.core.read import display_path
from policy_site.document.relations import Relation, RelationKind, Status, load_relations
from policy_site.zh.editions import EDITIONS

SCRIPTS = ("traditional", "simplified")


@dataclass(frozen=True)
class Repair:
    id: str
    find: str
    replace: str
    count: int
    evidence: str
    file: str
    line: int
    # What the repair claims, checked by the audit (audit.check_repairs):
    # `find` is `damaged` with intact context around it, and `replace` is the
    # same context around `restores`. None: not declared.
    kind: str | None = None  # what the damage is: "mojibake"
    damaged: str | None = None  # the span of `find` the damage produced (None: all of `find`)
    restores: str | None = None  # the characters the damage destroyed, which `replace` puts back
    witnesses: tuple[str, ...] = ()  # the restored text as it reads elsewhere (summary or document), simplified


@dataclass(frozen=True)
class Furniture:
    """Lines of the scraped page around the document that are not the
    document (a lead paragraph, a page headline, navigation, time stamps),
    declared so that `sources/` stays byte for byte. Either `lines` (an
    inclusive range of source line numbers) or `pattern` (a regular
    expression that must match a whole line of the cleaned, simplified text)."""
    kind: str
    lines: tuple[int, int] | None
    pattern: str | None
    reason: str
    file: str
    line: int


@dataclass(frozen=True)
class SourceSpec:
    path: Path
    script: str
    origin: str
    # False when the source starts after the title (Xinhua's "……全文如下。"):
    # the title then comes from document.toml.
    title_line: bool = True
    furniture: tuple[Furniture, ...] = ()
    # html, markdown or text; "" when detected from the content (document/sources/).
    form: str = ""
    wrapped: bool = False  # the declared joining rule for text from a PDF
    outlet: str = ""  # a news summary's outlet (新闻联播, 新华社), named above its title


@dataclass(frozen=True)
class DocumentConfig:
    folder: Path
    slug: str
    title: str
    short_title: str
    description: str
    full_text: SourceSpec
    summary: SourceSpec | None
    repairs: tuple[Repair, ...]
    repairs_file: str | None
    tags_file: Path | None
    # What the text cannot say about itself (all optional; never invented).
    doc_type: str = ""  # 意见, 指导意见, 通知, … (content/library.toml lists the types)
    issuers: tuple[str, ...] = ()  # issuing bodies, in the order printed
    issued: str = ""  # date of issue, ISO 8601 (YYYY-MM-DD)
    number: str = ""  # 文号 as printed, when declared rather than parsed
    addressee: str = ""  # 主送, when declared rather than parsed
    publisher: str = ""  # who published the text this site reproduces
    published: str = ""  # when, ISO 8601
    official_url: str = ""  # the official publication, where known
    # This document was published at the site root before the library
    # existed: its old URLs (zh-hans/clauses/8/, …) redirect to its new ones.
    legacy_root: bool = False
    status: str = ""  # declared legal status (relations.Status), "" to follow from the relations
    relations: tuple[Relation, ...] = ()  # declared [[relation]] (document/relations.py)
    # An interpretation's declared alignment ([[interpretation]]): paragraph id -> the clause
    # numbers of the interpreted document it explains (document/interpretation.py).
    interpretations: tuple[tuple[str, tuple[int, ...], int], ...] = ()  # and the line of document.toml


# Earlier versions of a document (a corrected or revised text published later
# under the same slug): each a whole document folder as it was published,
# content/<slug>/versions/<YYYY-MM-DD>/, the day that text was published.
VERSIONS_FOLDER = "versions"
VERSION_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def is_version_folder(folder: Path) -> bool:
    return folder.parent.name == VERSIONS_FOLDER and (folder.parents[1] / "document.toml").is_file()


def content_root(folder: Path) -> Path:
    """content/ (library.toml, tags.toml, issuers.toml) for a document
    folder, or for an earlier version's folder below it."""
    return folder.parents[2] if is_version_folder(folder) else folder.parent


def version_folders(folder: Path, diagnostics: Diagnostics) -> list[tuple[str, Path]]:
    """The document's earlier versions, oldest first: (date, folder). A
    folder of versions/ that is not one is an error."""
    root = folder / VERSIONS_FOLDER
    if not root.is_dir() or root.is_symlink():
        return []
    found = []
    for child in sorted(root.iterdir()):
        shown = display_path(child)
        if child.is_symlink() or not child.is_dir():
            diagnostics.error(shown, 0, "a file or link in versions/", "a folder per earlier version, named by "
                              "its date (versions/2025-08-15/)", "move it out of versions/")
            continue
        date = child.name if VERSION_DATE.fullmatch(child.name) else ""
        try:
            datetime.date.fromisoformat(date)
        except ValueError:
            diagnostics.error(shown, 0, f"a version folder named {child.name!r}", "the day that text was published, "
                              "YYYY-MM-DD (versions/2025-08-15/)", "rename the folder to its date")
            continue
        if not (child / "document.toml").is_file():
            diagnostics.error(shown, 0, "a version folder without document.toml", "the whole document folder as "
                              "that text was published (document.toml and its sources)",
                              "move the earlier text's document.toml and sources into it")
            continue
        found.append((date, child))
    return found


def warn_unnamed_files(folder: Path, named: list[Path | None], diagnostics: Diagnostics) -> None:
    """A file of the document folder that no content file names (a scan, a
    note, a second scrape) is never read or published: a warning, so an
    editor who meant it as a source learns that it is not one."""
    known = {os.path.normpath(p) for p in named if p is not None}
    versions = folder / VERSIONS_FOLDER
    for path in sorted(folder.rglob("*")):
        if path.is_relative_to(versions) and not is_version_folder(folder):
            continue  # earlier versions: each read as a document folder of its own
        if os.path.normpath(path) not in known and (path.is_file() or path.is_symlink()) and not path.is_dir():
            diagnostics.warning(display_path(path), 1, f"a file no content file names ({path.lstat().st_size:,} "
                                "bytes), not read or published",
                                "every file of a document folder named in document.toml (file, repairs, tags) "
                                "or read by its fixed name (traditional.toml, traditional-hk.toml, "
                                "simplified.toml, summary.toml)",
                                "name it in document.toml if it is a source, else move it out of content/")


def key_line(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle`, or 0."""
    for number, line in enumerate(text.split("\n"), 1):
        if needle in line:
            return number
    return 0


def _confined(folder: Path, value: str, key: str, loaded: schema.Loaded, where, diagnostics: Diagnostics,
              example: str) -> Path | None:
    """The file a content path names, if it is a regular file inside the
    document folder; else an error at the key's line."""
    target, problem = path_problem(folder, value)
    if target is None:
        diagnostics.error(loaded.shown, loaded.line(where, key),
                          f"{key} = {schema.shown_value(value, 60)} is {problem}",
                          f"a path relative to the document folder, to a file inside it (e.g. {example})",
                          f"correct the path; the file must be in {display_path(folder)}/")
        return None
    return folder / value


def _source(folder: Path, loaded: schema.Loaded, name: str, diagnostics: Diagnostics) -> SourceSpec | None:
    table = loaded.data[name]
    where = ((name, None),)
    path = _confined(folder, table["file"], "file", loaded, where, diagnostics, '"sources/full.txt"')
    script = table.get("script", "traditional")
    if script not in SCRIPTS:
        diagnostics.error(loaded.shown, loaded.line(where, "script"), f"script = {schema.shown_value(script)}",
                          " or ".join(SCRIPTS), "set the script the source is written in")
        return None
    furniture = tuple(_furniture(table.get("furniture", []), name, loaded, diagnostics))
    form = table.get("form", "")
    if form and form not in SOURCE_FORMS:
        diagnostics.error(loaded.shown, loaded.line(where, "form"), f"form = {schema.shown_value(form)}",
                          " or ".join(SOURCE_FORMS), "name the source's form, or leave `form` out to detect it")
        return None
    if path is None:
        return None
    return SourceSpec(path, script, table.get("origin", ""), table.get("title_line", True), furniture,
                      form, table.get("wrapped", False), table.get("outlet", "").strip())


SOURCE_FORMS = ("html", "markdown", "text", "jsx")


FURNITURE_KINDS = ("lead", "headline", "navigation", "timestamp", "byline", "notice", "related")


def _furniture(entries: list[dict], name: str, loaded: schema.Loaded, diagnostics: Diagnostics):
    """[[<source>.furniture]] kind, lines = [first, last] or pattern, reason
    (types already checked against the schema)."""
    shown = loaded.shown
    if len(entries) > MAX_FURNITURE:
        diagnostics.error(shown, loaded.line(((name, None), ("furniture", MAX_FURNITURE))),
                          f"{len(entries):,} furniture declarations for {name}", f"at most {MAX_FURNITURE} "
                          "(core/limits.py)", "declare a block of lines once, with lines = [first, last]")
        return
    for index, entry in enumerate(entries):
        where = ((name, None), ("furniture", index))
        line = loaded.line(where)
        kind, lines, pattern, reason = (entry.get(k) for k in ("kind", "lines", "pattern", "reason"))
        if kind not in FURNITURE_KINDS:
            diagnostics.error(shown, loaded.line(where, "kind"), f"furniture kind {schema.shown_value(kind)}",
                              " or ".join(FURNITURE_KINDS), "say what the lines are on the scraped page")
            continue
        if (lines is None) == (pattern is None):
            diagnostics.error(shown, line, "furniture with " + ("both lines and pattern" if lines else "neither lines nor pattern"),
                              "lines = [first, last] or pattern = \"…\"", "declare the lines one way")
            continue
        if lines is not None:
            if len(lines) != 2 or not all(n > 0 for n in lines) or lines[0] > lines[1]:
                diagnostics.error(shown, loaded.line(where, "lines"), f"lines = {lines!r}",
                                  "[first, last] line numbers, first <= last",
                                  "give the first and last source line of the furniture")
                continue
            yield Furniture(kind, (lines[0], lines[1]), None, reason, shown, line)
            continue
        if not pattern:
            diagnostics.error(shown, loaded.line(where, "pattern"), "an empty furniture pattern",
                              "a regular expression matching whole lines", "give the pattern of the furniture lines")
            continue
        problem = editor_pattern_problem(pattern)
        if problem is not None:
            diagnostics.error(shown, loaded.line(where, "pattern"),
                              f"pattern {schema.shown_value(pattern)} that RE2 refuses ({problem})",
                              "a regular expression in RE2's syntax (no backreferences \\1, no lookaround (?=…) (?!…), "
                              "no possessive or atomic groups)", "rewrite it without them; e.g. match the whole "
                              "line with ^来源：.*$")
            continue
        yield Furniture(kind, None, pattern, reason, shown, line)


def _re2_options():
    import re2

    options = re2.Options()
    options.log_errors = False  # RE2 would print to stderr itself; the problem is reported with file:line
    options.max_mem = 8 << 20  # a pattern whose automaton needs more is refused, not built
    return options


def compile_editor_pattern(pattern: str):
    """An editor's pattern on RE2, a linear-time engine: no input can make
    matching backtrack (Python's `re` took minutes on `(.|.)*=`)."""
    import re2

    return re2.compile(pattern, _re2_options())


def editor_pattern_problem(pattern: str) -> str | None:
    """Why RE2 refuses the pattern, or None."""
    import re2

    try:
        compile_editor_pattern(pattern)
    except re2.error as exc:
        detail = exc.args[0] if exc.args else exc
        return detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
    return None


_REPAIR_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def load_repairs(path: Path, diagnostics: Diagnostics) -> tuple[Repair, ...]:
    loaded = schema.load_toml(path, diagnostics)
    if loaded is None or not schema.check(loaded, schema.REPAIRS, diagnostics):
        return ()
    shown = loaded.shown
    repairs: list[Repair] = []
    seen: dict[str, int] = {}
    entries = loaded.data.get("repair", [])
    if len(entries) > MAX_REPAIRS:
        diagnostics.error(shown, loaded.line((("repair", MAX_REPAIRS),), "find"), f"{len(entries):,} repairs",
                          f"at most {MAX_REPAIRS:,} (core/limits.py)", "a source this damaged needs a better "
                          "scrape: find another copy of the page")
        return ()
    for index, entry in enumerate(entries):
        where = (("repair", index),)
        line = loaded.line(where, "find")
        rid = entry["id"]
        if not _REPAIR_ID.match(rid):
            diagnostics.error(shown, loaded.line(where, "id"), f"repair id {schema.shown_value(rid)}",
                              "lower-case ASCII letters, digits, - and _", "rename the repair")
            continue
        if rid in seen:
            diagnostics.error(shown, loaded.line(where, "id"), f"repair id {rid!r} a second time (first at line {seen[rid]})",
                              "a different id for each repair", "rename one of them, or merge the two repairs")
            continue
        seen[rid] = loaded.line(where, "id")
        if entry["find"] == "":
            # An empty `find` matches everywhere and never advances: refused, not looped on.
            diagnostics.error(shown, line, f"repair {rid!r} with find = \"\" (an empty string)",
                              "the damaged span exactly as it is in the source", "write the span to replace")
            continue
        count = entry.get("count", 1)
        if count < 1:
            diagnostics.error(shown, loaded.line(where, "count"), f"repair {rid!r} with count = {count}",
                              "how many times the repair applies: 1 or more",
                              "correct the count, or remove the repair if nothing needs it")
            continue
        repairs.append(Repair(rid, entry["find"], entry["replace"], count, entry["evidence"], shown, line,
                              **_repair_claims(entry, shown, line, diagnostics)))
    return tuple(repairs)


def _repair_claims(entry: dict, shown: str, line: int, diagnostics: Diagnostics) -> dict:
    """kind, damaged, restores (strings) and witnesses (a list of strings), as declared."""
    claims: dict = {}
    for key in ("kind", "damaged", "restores"):
        if key in entry:
            if isinstance(entry[key], str):
                claims[key] = entry[key]
            else:
                diagnostics.error(shown, line, f"{key} = {entry[key]!r} in repair {entry['id']!r}", "a string",
                                  f'write {key} = "…"')
    witnesses = entry.get("witnesses", [])
    if isinstance(witnesses, list) and all(isinstance(w, str) for w in witnesses):
        claims["witnesses"] = tuple(witnesses)
    else:
        diagnostics.error(shown, line, f"witnesses = {witnesses!r} in repair {entry['id']!r}", "a list of strings",
                          'write witnesses = ["…"]')
    return claims


def load_document(folder: Path, diagnostics: Diagnostics) -> DocumentConfig | None:
    """The document's metadata, with every content file of the folder checked;
    None when any of them has a problem (all reported)."""
    before = diagnostics.error_count
    if (folder / "document.toml").is_symlink() and not _present(folder / "document.toml", diagnostics):
        return None
    loaded = schema.load_toml(folder / "document.toml", diagnostics)
    if loaded is None:
        return None
    if not schema.check(loaded, schema.DOCUMENT, diagnostics):
        # Still check the files read by their fixed names: all problems at once.
        if (folder / "tags.toml").exists():
            _check_tags(folder, folder / "tags.toml", diagnostics)
        _check_corrections(folder, diagnostics)
        load_declared_unaligned(folder / "summary.toml", diagnostics)
        return None
    data, shown = loaded.data, loaded.shown
    slug = data["slug"]
    problem = slug_problem(slug)
    if problem:
        diagnostics.error(shown, loaded.line((), "slug"), f"slug {schema.shown_value(slug)} {problem}",
                          SLUG_RULE, "rename the slug (and the folder) to that form")
    elif slug != (own := folder.parents[1].name if is_version_folder(folder) else folder.name):
        diagnostics.error(shown, loaded.line((), "slug"), f"slug {slug!r} in the folder {folder.name!r}",
                          "the slug to be the folder's name" if own == folder.name else
                          "the slug of the document whose earlier version this is", f"write slug = \"{own}\", or rename the folder")
    full_text = _source(folder, loaded, "full_text", diagnostics)
    summary = _source(folder, loaded, "summary", diagnostics) if "summary" in data else None
    repairs: tuple[Repair, ...] = ()
    repairs_file = None
    repairs_path = None
    repairs_name = data["full_text"].get("repairs")
    if repairs_name is not None:
        repairs_path = _confined(folder, repairs_name, "repairs", loaded, (("full_text", None),), diagnostics,
                                 '"repairs.toml"')
        if repairs_path is not None:
            repairs = load_repairs(repairs_path, diagnostics)
            repairs_file = display_path(repairs_path)
    tags = None
    if "tags" in data:
        tags = _confined(folder, data["tags"], "tags", loaded, (), diagnostics, '"tags.toml"')
    elif _present(folder / "tags.toml", diagnostics):
        tags = folder / "tags.toml"
    _check_tags(folder, tags, diagnostics)
    _check_corrections(folder, diagnostics)
    load_declared_unaligned(folder / "summary.toml", diagnostics)
    described = _described(loaded, diagnostics)
    described.update(_status_and_relations(loaded, diagnostics))
    _check_type(content_root(folder) / "library.toml", described.get("doc_type", ""), loaded, diagnostics)
    if diagnostics.error_count > before or full_text is None:
        return None
    named = [folder / "document.toml", full_text.path, summary.path if summary else None, repairs_path, tags, folder / "summary.toml", *(folder / e.corrections for e in EDITIONS if e.corrections)]
    warn_unnamed_files(folder, named, diagnostics)
    return DocumentConfig(
        folder=folder,
        slug=slug,
        title=data["title"],
        short_title=data.get("short_title", "") or data["title"],
        description=data.get("description", ""),
        full_text=full_text,
        summary=summary,
        repairs=repairs,
        repairs_file=repairs_file,
        tags_file=tags,
        **described,
    )


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _status_and_relations(loaded: schema.Loaded, diagnostics: Diagnostics) -> dict:
    """`status` (one of relations.Status) and the [[relation]] tables, each problem at its line."""
    data, shown = loaded.data, loaded.shown
    status = data.get("status", "").strip()
    line = loaded.line((), "status") if "status" in data else 0
    if status and status not in {s.value for s in Status}:
        diagnostics.error(shown, line, f"status = {schema.shown_value(status)}", " | ".join(s.value for s in Status),
                          "write one of those, or leave status out to follow from the relations")
        status = ""
    relations = load_relations(data.get("relation", []),
                               lambda index, key: loaded.line((("relation", index),), key), shown, diagnostics)
    interpretations = tuple((t["paragraph"].strip(), tuple(t["clauses"]),
                             loaded.line((("interpretation", i),), "paragraph"))
                            for i, t in enumerate(data.get("interpretation", [])))
    if interpretations and not any(r.kind is RelationKind.INTERPRETS for r in relations):
        diagnostics.error(shown, loaded.line((("interpretation", 0),), "paragraph"),
                          "[[interpretation]] in a document that interprets none",
                          "a [[relation]] kind = \"interprets\" naming the interpreted document",
                          "declare the relation, or remove the [[interpretation]] tables")
    return {"status": status, "relations": relations, "interpretations": interpretations}


def _described(loaded: schema.Loaded, diagnostics: Diagnostics) -> dict:
    """The optional fields that describe what the text cannot: type, issuers,
    dates, 文号, addressee, publisher, official source (types already checked)."""
    data, shown = loaded.data, loaded.shown
    out: dict = {}
    for key, field_name in (("type", "doc_type"), ("number", "number"), ("addressee", "addressee"),
                            ("publisher", "publisher"), ("official_url", "official_url")):
        out[field_name] = data.get(key, "").strip()
    if out["official_url"] and not out["official_url"].startswith(("https://", "http://")):
        diagnostics.error(shown, loaded.line((), "official_url"), f"official_url = {schema.shown_value(out['official_url'])}",
                          "an http(s) URL", "give the address of the official publication, or leave it out")
        out["official_url"] = ""
    for key in ("issued", "published"):
        value = data.get(key, "")
        text = value.isoformat() if isinstance(value, datetime.date) else value
        if text:
            try:
                valid = bool(_ISO_DATE.match(text)) and datetime.date.fromisoformat(text).isoformat() == text
            except ValueError:
                valid = False
            if not valid:
                diagnostics.error(shown, loaded.line((), key), f"{key} = {schema.shown_value(value)}",
                                  "a date, e.g. 2025-08-15", f"write {key} = 2025-08-15 (a TOML date)")
                continue
        out[key] = text
    out["issuers"] = tuple(i.strip() for i in data.get("issuers", []))
    out["legacy_root"] = data.get("legacy_root", False)
    return out


LIBRARY_FILE = "library.toml"


@dataclass(frozen=True)
class LibraryConfig:
    """content/library.toml: what every document of the library shares. A
    document reads only `document_types` (its title names its type)."""
    title: str
    description: str
    document_types: tuple[str, ...]
    file: str
    withdrawn: tuple[tuple[str, str], ...] = ()  # (slug, reason): published documents taken out of content/
    # Topic slugs in the reviewed order of the library vocabulary (content/tags.toml): the
    # topics pages list topics in it, the same in every edition (library/catalog.py sets it).
    topic_order: tuple[str, ...] = ()


def library_file_data(path: Path, diagnostics: Diagnostics) -> dict | None:
    """content/library.toml checked against `schema.LIBRARY`, or None."""
    loaded = schema.load_toml(path, diagnostics)
    if loaded is None or not schema.check(loaded, schema.LIBRARY, diagnostics):
        return None
    return loaded.data


def load_library(content: Path, diagnostics: Diagnostics) -> LibraryConfig | None:
    """content/library.toml, every field checked against `schema.LIBRARY`."""
    path = content / LIBRARY_FILE
    if not path.is_file():
        diagnostics.error(display_path(path), 0, "no library file", "content/library.toml with title, description "
                          "and document_types", "create it (see the README, 'Adding a document')")
        return None
    data = library_file_data(path, diagnostics)
    if data is None:
        return None
    return LibraryConfig(data["title"].strip(), data.get("description", "").strip(),
                         tuple(data.get("document_types", ())), display_path(path),
                         tuple((w["slug"], w["reason"].strip()) for w in data.get("withdrawn", ())))


def _check_tags(folder: Path, tags: Path | None, diagnostics: Diagnostics) -> None:
    """The library vocabulary (content/tags.toml) and the document's own
    tags.toml, which may extend it but not redefine its tags."""
    from policy_site.document.tag import (  # tag.py builds on this module
        library_tags_path,
        load_library_vocabulary,
        load_vocabulary,
    )

    library = load_library_vocabulary(library_tags_path(folder), diagnostics)
    if tags is not None:
        load_vocabulary(tags, diagnostics, library)


def _check_type(library_path: Path, doc_type: str, loaded: schema.Loaded, diagnostics: Diagnostics) -> None:
    """A document type must be one content/library.toml lists (its declared rule)."""
    if not doc_type or not library_path.is_file():
        return
    library = library_file_data(library_path, diagnostics)
    types = (library or {}).get("document_types")
    if types and doc_type not in types:
        diagnostics.error(loaded.shown, loaded.line((), "type"), f"type = {schema.shown_value(doc_type)}",
                          f"a type listed in {display_path(library_path)}: {'、'.join(types)}",
                          "correct the type, or add it to document_types there first")


def load_declared_unaligned(path: Path, diagnostics: Diagnostics) -> dict[str, str]:
    """Summary bullets declared as not alignable, with the reason:
    `[[unaligned]] bullet = "b12" reason = "…"` in summary.toml."""
    if not _present(path, diagnostics):
        return {}
    loaded = schema.load_toml(path, diagnostics)
    if loaded is None or not schema.check(loaded, schema.SUMMARY_FILE, diagnostics):
        return {}
    declared: dict[str, str] = {}
    for index, entry in enumerate(loaded.data.get("unaligned", [])):
        bullet = entry["bullet"]
        if not re.fullmatch(r"b[1-9][0-9]*", bullet):
            diagnostics.error(loaded.shown, loaded.line((("unaligned", index),), "bullet"),
                              f"bullet = {schema.shown_value(bullet)}", 'a bullet id such as "b12"',
                              "copy the id from the alignment error")
            continue
        declared[bullet] = entry["reason"]
    return declared


def _present(path: Path, diagnostics: Diagnostics) -> bool:
    """Whether an optional file read by a fixed name is there; a symbolic
    link out of its folder is an error, not a file."""
    if not (path.exists() or path.is_symlink()):
        return False
    problem = confined_sibling(path)
    if problem:
        diagnostics.error(display_path(path), 1, problem, "a file inside the document folder",
                          "replace the link by the file itself")
        return False
    return True


@dataclass(frozen=True)
class TraditionalFix:
    find: str
    replace: str
    reason: str
    file: str
    line: int


def _check_corrections(folder: Path, diagnostics: Diagnostics) -> None:
    """Every edition's corrections file (editions.EDITIONS: the converted
    editions', and simplified.toml for a traditional source), read by its fixed name."""
    for edition in EDITIONS:
        if edition.corrections:
            load_traditional_fixes(folder / edition.corrections, diagnostics)


def load_traditional_fixes(path: Path, diagnostics: Diagnostics) -> tuple[TraditionalFix, ...]:
    """Reviewed corrections to OpenCC's output for one edition (traditional.toml,
    traditional-hk.toml; simplified.toml for a traditional source's simplified
    text): `[[fix]] find, replace, reason`."""
    if not _present(path, diagnostics):
        return ()
    loaded = schema.load_toml(path, diagnostics)
    if loaded is None or not schema.check(loaded, schema.TRADITIONAL, diagnostics):
        return ()
    entries = loaded.data.get("fix", [])
    if len(entries) > MAX_FIXES:
        diagnostics.error(loaded.shown, loaded.line((("fix", MAX_FIXES),), "find"), f"{len(entries):,} fixes",
                          f"at most {MAX_FIXES:,} (core/limits.py)", "fix OpenCC's phrases once each; a text "
                          "needing more is better converted by hand and added as a traditional source")
        return ()
    return tuple(TraditionalFix(e["find"], e["replace"], e["reason"], loaded.shown,
                                loaded.line((("fix", i),), "find"))
                 for i, e in enumerate(entries))
