"""Load one document's editorial data from its folder under `content/`.

A document folder holds `document.toml` (metadata and source files), the
source texts byte for byte, `repairs.toml` and optionally `tags.toml`.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostics
from .read import display_path

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


def key_line(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle`, or 0."""
    for number, line in enumerate(text.split("\n"), 1):
        if needle in line:
            return number
    return 0


def _load_toml(path: Path, diagnostics: Diagnostics) -> tuple[dict, str] | None:
    shown = display_path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        diagnostics.error(shown, 0, f"a file that cannot be read ({exc.strerror})", "a TOML file",
                          "create it or fix the path")
        return None
    try:
        return tomllib.loads(raw), raw
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's TOMLDecodeError has no lineno; its message has "(at line N, …)".
        found = re.search(r"at line (\d+)", str(exc))
        line = int(found.group(1)) if found else 0
        diagnostics.error(shown, line, f"invalid TOML ({exc})", "valid TOML", "fix the syntax")
        return None


def _source(folder: Path, table: object, name: str, shown: str, raw: str,
            diagnostics: Diagnostics) -> SourceSpec | None:
    line = key_line(raw, f"[{name}]")
    if not isinstance(table, dict) or not isinstance(table.get("file"), str):
        diagnostics.error(shown, line, f"no `file` in [{name}]", "file = \"sources/….txt\"",
                          f"name the {name} source file")
        return None
    script = table.get("script", "traditional")
    if script not in SCRIPTS:
        diagnostics.error(shown, key_line(raw, "script"), f"script = {script!r}",
                          " or ".join(SCRIPTS), "set the script the source is written in")
        return None
    title_line = table.get("title_line", True)
    if not isinstance(title_line, bool):
        diagnostics.error(shown, key_line(raw, "title_line"), f"title_line = {title_line!r}",
                          "true or false", "write title_line = false when the source has no title line")
        title_line = True
    furniture = tuple(_furniture(table.get("furniture", []), name, shown, raw, diagnostics))
    return SourceSpec(folder / table["file"], script, str(table.get("origin", "")), title_line, furniture)


FURNITURE_KINDS = ("lead", "headline", "navigation", "timestamp", "byline", "notice", "related")


def _furniture(entries: object, name: str, shown: str, raw: str, diagnostics: Diagnostics):
    """[[<source>.furniture]] kind, lines = [first, last] or pattern, reason."""
    if not isinstance(entries, list):
        diagnostics.error(shown, key_line(raw, "furniture"), "furniture that is not a list of tables",
                          f"[[{name}.furniture]] entries", "write each declaration as its own [[…]] table")
        return
    header = f"[[{name}.furniture]]"
    starts = [n for n, l in enumerate(raw.split("\n"), 1) if l.strip() == header]
    for index, entry in enumerate(entries):
        line = starts[index] if index < len(starts) else key_line(raw, header)
        kind, lines, pattern, reason = (entry.get(k) for k in ("kind", "lines", "pattern", "reason"))
        if kind not in FURNITURE_KINDS:
            diagnostics.error(shown, line, f"furniture kind {kind!r}", " or ".join(FURNITURE_KINDS),
                              "say what the lines are on the scraped page")
            continue
        if not isinstance(reason, str) or not reason.strip():
            diagnostics.error(shown, line, "furniture without a reason", "reason = \"…\"",
                              "say why these lines are not part of the document")
            continue
        if (lines is None) == (pattern is None):
            diagnostics.error(shown, line, "furniture with " + ("both lines and pattern" if lines else "neither lines nor pattern"),
                              "lines = [first, last] or pattern = \"…\"", "declare the lines one way")
            continue
        if lines is not None:
            if (not isinstance(lines, list) or len(lines) != 2 or not all(type(n) is int and n > 0 for n in lines)
                    or lines[0] > lines[1]):
                diagnostics.error(shown, line, f"lines = {lines!r}", "[first, last] line numbers, first <= last",
                                  "give the first and last source line of the furniture")
                continue
            yield Furniture(kind, (lines[0], lines[1]), None, reason, shown, line)
            continue
        try:
            re.compile(pattern) if isinstance(pattern, str) and pattern else None
        except re.error as exc:
            diagnostics.error(shown, line, f"pattern {pattern!r} is not a regular expression ({exc})",
                              "a Python regular expression", "correct the pattern")
            continue
        if not isinstance(pattern, str) or not pattern:
            diagnostics.error(shown, line, "an empty furniture pattern", "a regular expression matching whole lines",
                              "give the pattern of the furniture lines")
            continue
        yield Furniture(kind, None, pattern, reason, shown, line)


def load_repairs(path: Path, diagnostics: Diagnostics) -> tuple[Repair, ...]:
    loaded = _load_toml(path, diagnostics)
    if loaded is None:
        return ()
    data, raw = loaded
    shown = display_path(path)
    repairs: list[Repair] = []
    for entry in data.get("repair", []):
        line = key_line(raw, f"find = {_toml_quote(entry.get('find', ''))}") or key_line(raw, "[[repair]]")
        missing = [k for k in ("id", "find", "replace", "evidence") if not isinstance(entry.get(k), str)]
        if missing:
            diagnostics.error(shown, line, f"a repair without {', '.join(missing)}",
                              "id, find, replace, count and evidence", "complete the repair entry")
            continue
        if not entry["evidence"].strip():
            diagnostics.error(shown, line, f"repair {entry['id']!r} with empty evidence",
                              "a sentence saying why the replacement is right", "add the evidence")
            continue
        repairs.append(Repair(entry["id"], entry["find"], entry["replace"], int(entry.get("count", 1)),
                              entry["evidence"], shown, line, **_repair_claims(entry, shown, line, diagnostics)))
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


def _toml_quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def load_document(folder: Path, diagnostics: Diagnostics) -> DocumentConfig | None:
    path = folder / "document.toml"
    loaded = _load_toml(path, diagnostics)
    if loaded is None:
        return None
    data, raw = loaded
    shown = display_path(path)
    ok = True
    for key in ("slug", "title"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            diagnostics.error(shown, 0, f"no `{key}`", f"{key} = \"…\"", f"add the document's {key}")
            ok = False
    slug = data.get("slug", "")
    if isinstance(slug, str) and slug and not slug.replace("-", "").isascii():
        diagnostics.error(shown, key_line(raw, "slug"), f"slug {slug!r} is not ASCII",
                          "ASCII letters, digits and hyphens", "rename the slug")
        ok = False
    full_text = _source(folder, data.get("full_text"), "full_text", shown, raw, diagnostics)
    summary = None
    if "summary" in data:
        summary = _source(folder, data["summary"], "summary", shown, raw, diagnostics)
    if not ok or full_text is None:
        return None
    repairs: tuple[Repair, ...] = ()
    repairs_file = None
    repairs_name = data["full_text"].get("repairs")
    if repairs_name:
        repairs_path = folder / repairs_name
        repairs = load_repairs(repairs_path, diagnostics)
        repairs_file = display_path(repairs_path)
    tags = folder / str(data.get("tags", "tags.toml"))
    described = _described(data, shown, raw, diagnostics)
    return DocumentConfig(
        folder=folder,
        slug=data["slug"],
        title=data["title"],
        short_title=str(data.get("short_title", "")) or data["title"],
        description=str(data.get("description", "")),
        full_text=full_text,
        summary=summary,
        repairs=repairs,
        repairs_file=repairs_file,
        tags_file=tags if tags.exists() else None,
        **described,
    )


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _described(data: dict, shown: str, raw: str, diagnostics: Diagnostics) -> dict:
    """The optional fields that describe what the text cannot: type, issuers,
    dates, 文号, addressee, publisher, official source."""
    out: dict = {}
    for key, field_name in (("type", "doc_type"), ("number", "number"), ("addressee", "addressee"),
                            ("publisher", "publisher"), ("official_url", "official_url")):
        value = data.get(key, "")
        if not isinstance(value, str):
            diagnostics.error(shown, key_line(raw, f"{key} ="), f"{key} = {value!r}", "a string",
                              f"write {key} = \"…\"")
            continue
        out[field_name] = value.strip()
    if out.get("official_url") and not out["official_url"].startswith(("https://", "http://")):
        diagnostics.error(shown, key_line(raw, "official_url"), f"official_url = {out['official_url']!r}",
                          "an http(s) URL", "give the address of the official publication, or leave it out")
        out["official_url"] = ""
    for key in ("issued", "published"):
        value = data.get(key, "")
        text = value.isoformat() if hasattr(value, "isoformat") else value
        if not isinstance(text, str) or (text and not _ISO_DATE.match(text)):
            diagnostics.error(shown, key_line(raw, f"{key} ="), f"{key} = {value!r}", "a date, e.g. 2025-08-15",
                              f"write {key} = 2025-08-15 (a TOML date)")
            continue
        out[key] = text
    issuers = data.get("issuers", [])
    if not isinstance(issuers, list) or not all(isinstance(i, str) and i.strip() for i in issuers):
        diagnostics.error(shown, key_line(raw, "issuers"), f"issuers = {issuers!r}", "a list of names",
                          'write issuers = ["中共中央", "国务院"]')
    else:
        out["issuers"] = tuple(i.strip() for i in issuers)
    legacy = data.get("legacy_root", False)
    if not isinstance(legacy, bool):
        diagnostics.error(shown, key_line(raw, "legacy_root"), f"legacy_root = {legacy!r}", "true or false",
                          "write legacy_root = true only for the document once published at the site root")
    else:
        out["legacy_root"] = legacy
    return out


def load_declared_unaligned(path: Path, diagnostics: Diagnostics) -> dict[str, str]:
    """Summary bullets declared as not alignable, with the reason:
    `[[unaligned]] bullet = "b12" reason = "…"` in summary.toml."""
    if not path.exists():
        return {}
    loaded = _load_toml(path, diagnostics)
    if loaded is None:
        return {}
    data, raw = loaded
    declared: dict[str, str] = {}
    for entry in data.get("unaligned", []):
        bullet, reason = entry.get("bullet"), entry.get("reason")
        if not isinstance(bullet, str) or not isinstance(reason, str) or not reason.strip():
            diagnostics.error(display_path(path), key_line(raw, str(bullet)) or key_line(raw, "[[unaligned]]"),
                              "an [[unaligned]] entry without bullet or reason",
                              'bullet = "b…" and a non-empty reason', "complete the entry")
            continue
        declared[bullet] = reason
    return declared


@dataclass(frozen=True)
class TraditionalFix:
    find: str
    replace: str
    reason: str
    file: str
    line: int


def load_traditional_fixes(path: Path, diagnostics: Diagnostics) -> tuple[TraditionalFix, ...]:
    """Reviewed corrections to OpenCC's traditional output: `[[fix]] find, replace, reason`."""
    if not path.exists():
        return ()
    loaded = _load_toml(path, diagnostics)
    if loaded is None:
        return ()
    data, raw = loaded
    fixes = []
    for entry in data.get("fix", []):
        line = key_line(raw, f"find = {_toml_quote(str(entry.get('find', '')))}") or key_line(raw, "[[fix]]")
        if not all(isinstance(entry.get(k), str) and entry[k] for k in ("find", "replace", "reason")):
            diagnostics.error(display_path(path), line, "a [[fix]] without find, replace or reason",
                              "all three", "complete the entry")
            continue
        fixes.append(TraditionalFix(entry["find"], entry["replace"], entry["reason"], display_path(path), line))
    return tuple(fixes)

