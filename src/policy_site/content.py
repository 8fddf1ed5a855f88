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


@dataclass(frozen=True)
class SourceSpec:
    path: Path
    script: str
    origin: str


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
    return SourceSpec(folder / table["file"], script, str(table.get("origin", "")))


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
                              entry["evidence"], shown, line))
    return tuple(repairs)


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
    )


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
