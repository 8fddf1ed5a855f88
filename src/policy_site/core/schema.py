"""The declared shape of every content file, checked before any value is used.

Each content file (document.toml, repairs.toml, traditional.toml, tags.toml,
summary.toml; the library's library.toml and tags.toml) has a schema: its
tables and, per table, each field's name, type, whether it is required, and
what it means. `load_toml` reads a file
(UTF-8, bounded size, no refused characters, valid TOML) and `check` reports
every wrong type, missing field and unknown key at the line of the key, with
a "did you mean" for a near miss. tomllib gives no positions, so `Locator`
finds each key's line in the raw text within the right `[table]` or the n-th
`[[array]]` occurrence.
"""
from __future__ import annotations

import datetime
import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from policy_site.core.diagnostics import Diagnostics
from policy_site.core.read import (
    character_name,
    check_characters,
    check_size,
    decode_utf8,
    display_path,
    read_bytes,
    refused_characters,
)

# Field kinds and how messages name them.
STRING = "string"  # one line of text
TEXT = "text"  # text that may run over lines (evidence, reasons)
BOOLEAN = "boolean"
INTEGER = "integer"
DATE = "date"  # a TOML date, or a string YYYY-MM-DD
STRINGS = "strings"
INTEGERS = "integers"
TABLE = "table"
TABLES = "tables"

_EXPECTED = {
    STRING: "a string", TEXT: "a string", BOOLEAN: "true or false", INTEGER: "a whole number",
    DATE: "a date", STRINGS: "a list of strings", INTEGERS: "a list of whole numbers",
    TABLE: "a table", TABLES: "a list of tables",
}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    description: str
    required: bool = False
    nonempty: bool = False  # a string (or each string of a list) must not be blank
    example: str = ""  # how to write it, for the fix
    table: "Table | None" = None  # the fields of a TABLE or of each entry of TABLES


@dataclass(frozen=True)
class Table:
    fields: tuple[Field, ...]

    def get(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]


# --- the schemas --------------------------------------------------------------

FURNITURE = Table((
    Field("kind", STRING, "what the lines are on the scraped page", required=True, example='kind = "lead"'),
    Field("lines", INTEGERS, "inclusive range of source line numbers", example="lines = [3, 5]"),
    Field("pattern", STRING, "regular expression matching whole lines", example='pattern = "^责任编辑"'),
    Field("reason", TEXT, "why these lines are not the document", required=True, nonempty=True,
          example='reason = "…"'),
))

_SOURCE_FIELDS = (
    Field("file", STRING, "the source file, relative to the document folder", required=True, nonempty=True,
          example='file = "sources/full.txt"'),
    Field("script", STRING, "traditional or simplified", example='script = "traditional"'),
    Field("origin", STRING, "where the scrape comes from", example='origin = "新华社 …"'),
    Field("title_line", BOOLEAN, "false when the source starts after the title", example="title_line = false"),
    Field("furniture", TABLES, "lines of the page that are not the document", table=FURNITURE,
          example="[[full_text.furniture]]"),
)
FULL_TEXT = Table(_SOURCE_FIELDS + (
    Field("form", STRING, "html, markdown or text (detected from the content when left out)",
          example='form = "html"'),
    Field("wrapped", BOOLEAN, "true: join lines a PDF broke mid-sentence (document/sources/text.py)",
          example="wrapped = true"),
    Field("repairs", STRING, "the repairs file, relative to the document folder", nonempty=True,
          example='repairs = "repairs.toml"'),
))
SUMMARY_SOURCE = Table(_SOURCE_FIELDS + (
    Field("outlet", STRING, "who published the news summary, named above its title", example='outlet = "新闻联播"'),
))

RELATION = Table((
    Field("kind", STRING, "replaces, amends, repeals, implements, supplements, interprets or cites", required=True,
          nonempty=True, example='kind = "replaces"'),
    Field("document", STRING, "the related library document's slug", example='document = "urban-development-2025"'),
    Field("title", STRING, "the related document's title, when it is outside the library",
          example='title = "《……》"'),
    Field("number", STRING, "its 文号", example='number = "国发〔2018〕42号"'),
    Field("evidence", TEXT, "the id of the sentence stating it, or why no sentence does", required=True,
          nonempty=True, example='evidence = "c23-s2"'),
    Field("date", DATE, "when it takes effect", example="date = 2026-01-10"),
))

INTERPRETATION = Table((
    Field("paragraph", STRING, "the id of a paragraph of this document", required=True, nonempty=True,
          example='paragraph = "s2-p1"'),
    Field("clauses", INTEGERS, "the numbers of the interpreted document's clauses it explains (none: it explains "
          "none)", required=True, example="clauses = [8]"),
))

DOCUMENT = Table((
    Field("slug", STRING, "the folder name, used in URLs", required=True, nonempty=True,
          example='slug = "urban-development-2025"'),
    Field("title", STRING, "the title as published, simplified", required=True, nonempty=True,
          example='title = "中共中央 国务院关于…的意见"'),
    Field("short_title", STRING, "how citations refer to it later", example='short_title = "意见"'),
    Field("description", STRING, "one line for search engines", example='description = "…"'),
    Field("type", STRING, "document type (content/library.toml lists them)", example='type = "意见"'),
    Field("issuers", STRINGS, "issuing bodies in printed order", nonempty=True,
          example='issuers = ["中共中央", "国务院"]'),
    Field("issued", DATE, "date of issue", example="issued = 2025-08-15"),
    Field("number", STRING, "文号 as printed", example='number = "国发〔2025〕1号"'),
    Field("addressee", STRING, "主送, when declared", example='addressee = "…："'),
    Field("publisher", STRING, "who published the reproduced text", example='publisher = "新华社"'),
    Field("published", DATE, "when it was published", example="published = 2025-08-28"),
    Field("official_url", STRING, "the official publication", example='official_url = "https://…"'),
    Field("legacy_root", BOOLEAN, "once published at the site root", example="legacy_root = true"),
    Field("withdrawn", TEXT, "why this published document is withdrawn: not built, its pages stay with a notice",
          example='withdrawn = "……"'),
    Field("status", STRING, "in-force, repealed, replaced, amended, expired or not-yet-in-force",
          example='status = "in-force"'),
    Field("relation", TABLES, "how it relates to another document", table=RELATION, example="[[relation]]"),
    Field("interpretation", TABLES, "in an interpretation (解读): which clauses a paragraph explains",
          table=INTERPRETATION, example="[[interpretation]]"),
    Field("tags", STRING, "the tags file, relative to the document folder", nonempty=True,
          example='tags = "tags.toml"'),
    Field("full_text", TABLE, "the full text source", required=True, table=FULL_TEXT,
          example='[full_text] with file = "sources/….txt"'),
    Field("summary", TABLE, "the news summary source", table=SUMMARY_SOURCE,
          example='[summary] with file = "sources/….txt"'),
))

REPAIR = Table((
    Field("id", STRING, "a name for the repair", required=True, nonempty=True, example='id = "kexue"'),
    Field("find", STRING, "the span exactly as in the source", required=True, nonempty=True,
          example='find = "??茖W"'),
    Field("replace", STRING, "what the span becomes (may be empty)", required=True, example='replace = "。科學"'),
    Field("count", INTEGER, "how many times it must apply, 1 if left out", example="count = 2"),
    Field("evidence", TEXT, "why the replacement is right", required=True, nonempty=True,
          example='evidence = "…"'),
    # What the repair claims, checked by the audit (audit.py).
    Field("kind", STRING, "what the damage is", example='kind = "mojibake"'),
    Field("damaged", STRING, "the garbled part of find (all of it if left out)", example='damaged = "?xì)?"'),
    Field("restores", STRING, "exactly the characters the damage destroyed", example='restores = "氣"'),
    Field("witnesses", STRINGS, "the restored text as it reads elsewhere, simplified",
          example='witnesses = ["城镇燃气、道路交通"]'),
))
REPAIRS = Table((Field("repair", TABLES, "repairs of corrupted spans", table=REPAIR, example="[[repair]]"),))

FIX = Table((
    Field("find", STRING, "the span in OpenCC's traditional output", required=True, nonempty=True,
          example='find = "更加註重"'),
    Field("replace", STRING, "what it becomes", required=True, nonempty=True, example='replace = "更加注重"'),
    Field("reason", TEXT, "why OpenCC is wrong here", required=True, nonempty=True, example='reason = "…"'),
))
TRADITIONAL = Table((Field("fix", TABLES, "corrections to OpenCC", table=FIX, example="[[fix]]"),))

# A document's [[tag]]: a tag of its own (slug, name, description, terms), or
# only its rules for a tag of the library vocabulary (slug with terms,
# include, exclude; no name or description: tag.py checks which).
TAG = Table((
    Field("slug", STRING, "ASCII name used in URLs", required=True, nonempty=True, example='slug = "housing"'),
    Field("name", STRING, "shown name, simplified (a tag of this document only)", nonempty=True,
          example='name = "住房"'),
    Field("description", STRING, "one line, simplified (a tag of this document only)", nonempty=True,
          example='description = "…"'),
    Field("terms", STRINGS, "a clause containing any of them gets the tag", nonempty=True,
          example='terms = ["城市群", "都市圈"]'),
    Field("include", INTEGERS, "clause numbers added by hand", example="include = [3, 5]"),
    Field("exclude", INTEGERS, "clause numbers removed by hand", example="exclude = [12]"),
))
OVERRIDE = Table((
    Field("clause", INTEGER, "the clause number", required=True, example="clause = 8"),
    Field("add", STRINGS, "tag slugs to add", nonempty=True, example='add = ["housing"]'),
    Field("remove", STRINGS, "tag slugs to remove", nonempty=True, example='remove = ["housing"]'),
    Field("reason", TEXT, "why the rules are overridden", required=True, nonempty=True, example='reason = "…"'),
))
TAGS = Table((
    Field("tag", TABLES, "the topic vocabulary", table=TAG, example="[[tag]]"),
    Field("override", TABLES, "tags added or removed on one clause", table=OVERRIDE, example="[[override]]"),
))

# content/tags.toml, the library vocabulary: clause numbers belong to a
# document, so include/exclude and [[override]] are in documents' files.
LIBRARY_TAG = Table((
    Field("slug", STRING, "ASCII name used in URLs", required=True, nonempty=True, example='slug = "housing"'),
    Field("name", STRING, "shown name, simplified", required=True, nonempty=True, example='name = "住房"'),
    Field("description", STRING, "one line, simplified", required=True, nonempty=True,
          example='description = "…"'),
    Field("terms", STRINGS, "a clause of any document containing any of them gets the tag", nonempty=True,
          example='terms = ["城市群", "都市圈"]'),
))
LIBRARY_TAGS = Table((
    Field("tag", TABLES, "the library's topic vocabulary", table=LIBRARY_TAG, example="[[tag]]"),
))

WITHDRAWN = Table((
    Field("slug", STRING, "the published document's slug", required=True, nonempty=True,
          example='slug = "urban-development-2025"'),
    Field("reason", TEXT, "why it is no longer in content/, shown on its pages", required=True, nonempty=True,
          example='reason = "…"'),
))

LIBRARY = Table((
    Field("title", STRING, "the library's title, simplified", required=True, nonempty=True, example='title = "政策文件库"'),
    Field("withdrawn", TABLES, "published documents taken out of content/: their pages stay, with a notice",
          table=WITHDRAWN, example="[[withdrawn]]"),
    Field("description", STRING, "one line for search engines", example='description = "…"'),
    Field("document_types", STRINGS, "the document types, in the order the home page lists them", nonempty=True,
          example='document_types = ["意见", "通知"]'),
))

UNALIGNED = Table((
    Field("bullet", STRING, "the bullet id", required=True, nonempty=True, example='bullet = "b12"'),
    Field("reason", TEXT, "why it matches no sentence", required=True, nonempty=True, example='reason = "…"'),
))
SUMMARY_FILE = Table((Field("unaligned", TABLES, "bullets declared unalignable", table=UNALIGNED,
                            example="[[unaligned]]"),))


# --- where keys are -----------------------------------------------------------

_KEY_PART = r'(?:[A-Za-z0-9_-]+|"[^"\\]*"|\'[^\']*\')'
_KEY = re.compile(rf"^\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=")
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*\]")


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(p.strip().strip("\"'") for p in re.findall(_KEY_PART, dotted))


@dataclass
class _Section:
    path: tuple[str, ...]
    line: int
    keys: dict[tuple[str, ...], int] = field(default_factory=dict)


_STRING_OR_COMMENT = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|#.*')


def _bracket_balance(text: str) -> int:
    """Opened minus closed brackets and braces, outside strings and comments."""
    bare = _STRING_OR_COMMENT.sub("", text)
    return bare.count("[") + bare.count("{") - bare.count("]") - bare.count("}")


class Locator:
    """Lines of tables and keys in a TOML file's raw text. A table is named
    by its path with, for arrays of tables, the index of the entry:
    (("tag", 2),) is the third [[tag]]; (("full_text", None), ("furniture", 0))
    the first [[full_text.furniture]]."""

    def __init__(self, raw: str):
        self.sections = [_Section((), 1)]
        in_multiline: str | None = None
        depth = 0  # open brackets of a value that runs over lines
        for number, line in enumerate(raw.split("\n"), 1):
            if in_multiline:
                if line.count(in_multiline) % 2:
                    in_multiline = None
                continue
            if depth:
                depth = max(0, depth + _bracket_balance(line))
                continue
            header = _HEADER.match(line)
            if header:
                self.sections.append(_Section(_parts(header.group(2)), number))
                continue
            key = _KEY.match(line)
            if key:
                self.sections[-1].keys.setdefault(_parts(key.group(1)), number)
                rest = line[key.end():]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2:
                        in_multiline = quote
                if not in_multiline:
                    depth = max(0, _bracket_balance(rest))

    def _section(self, where: tuple[tuple[str, int | None], ...]) -> _Section | None:
        path = tuple(name for name, _ in where)
        if not where:
            return self.sections[0]
        index = where[-1][1]
        matching = [s for s in self.sections if s.path == path]
        if index is None:
            return matching[0] if matching else None
        return matching[index] if index < len(matching) else None

    def table_line(self, where: tuple[tuple[str, int | None], ...]) -> int:
        section = self._section(where)
        if section is not None:
            return section.line
        # Written inline (`full_text = {…}`) or with dotted keys: the line of the key.
        for depth in range(len(where) - 1, -1, -1):
            outer = self._section(where[:depth])
            if outer is not None:
                key = tuple(name for name, _ in where[depth:])
                for length in range(len(key), 0, -1):
                    if key[:length] in outer.keys:
                        return outer.keys[key[:length]]
                return outer.line
        return 1

    def key_line(self, where: tuple[tuple[str, int | None], ...], key: str) -> int:
        section = self._section(where)
        if section is not None and (key,) in section.keys:
            return section.keys[(key,)]
        # A table under this one ([full_text] for the key full_text): its header.
        inner = tuple(name for name, _ in where) + (key,)
        header = next((s.line for s in self.sections if s.path == inner), None)
        if header is not None:
            return header
        if section is None and where:
            outer = self._section(where[:-1])
            dotted = (where[-1][0], key)
            if outer is not None and dotted in outer.keys:
                return outer.keys[dotted]
        return self.table_line(where)


# --- reading and checking -----------------------------------------------------

@dataclass(frozen=True)
class Loaded:
    data: dict
    raw: str
    shown: str
    locator: Locator

    def line(self, where, key: str | None = None) -> int:
        return self.locator.key_line(where, key) if key else self.locator.table_line(where)


def load_toml(path: Path, diagnostics: Diagnostics, shown: str | None = None) -> Loaded | None:
    """Read and parse a content file; every problem with the bytes, the
    characters or the TOML syntax is an error at its line."""
    shown = shown or display_path(path)
    data = read_bytes(path, shown, diagnostics, "a TOML file", "create it, or correct the path that names it")
    if data is None or not check_size(data, shown, diagnostics):
        return None
    decoded = decode_utf8(data, shown, diagnostics)
    if decoded is None:
        return None
    raw = decoded[0]  # a leading BOM is removed, as in sources
    if check_characters(raw.replace("\r\n", "\n"), shown, diagnostics):
        return None
    try:
        parsed = tomllib.loads(raw)
    except RecursionError:
        deep = next((n for n, l in enumerate(raw.split("\n"), 1) if l.count("[") + l.count("{") > 50), 1)
        diagnostics.error(shown, deep, "arrays or tables nested too deeply to read", "valid TOML of a content file",
                          "remove the nested brackets")
        return None
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's TOMLDecodeError has no lineno; its message has "(at line N, column M)".
        found = re.search(r"at line (\d+), column (\d+)", str(exc))
        line, column = (int(found.group(1)), int(found.group(2))) if found else (1, 0)
        message = re.sub(r"\s*\(at line \d+, column \d+\)|\s*\(at end of document\)", "", str(exc))
        diagnostics.error(shown, line, f"invalid TOML ({message})", "valid TOML (https://toml.io)",
                          "fix the syntax; a string needs its closing quote, each key one value, each [table] one header",
                          column=column)
        return None
    return Loaded(parsed, raw, shown, Locator(raw))


def describe(value: object) -> str:
    """What a TOML value is, in the words of the messages."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, datetime.datetime):
        return "a date and time"
    if isinstance(value, datetime.date):
        return "a date"
    if isinstance(value, datetime.time):
        return "a time"
    if isinstance(value, list):
        return "a list" if not value or not all(isinstance(v, dict) for v in value) else "a list of tables"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def shown_value(value: object, limit: int = 40) -> str:
    """A value as TOML would write it, shortened for a message."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    elif isinstance(value, dict):
        text = "{…}"
    elif isinstance(value, list):
        text = "[" + ", ".join(shown_value(v, 12) for v in value[:4]) + (", …" if len(value) > 4 else "") + "]"
    else:
        text = str(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _fits(value: object, kind: str) -> bool:
    if kind in (STRING, TEXT):
        return isinstance(value, str)
    if kind == BOOLEAN:
        return isinstance(value, bool)
    if kind == INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == DATE:
        return isinstance(value, str) or (isinstance(value, datetime.date) and not isinstance(value, datetime.datetime))
    if kind == STRINGS:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == INTEGERS:
        return isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    if kind == TABLE:
        return isinstance(value, dict)
    if kind == TABLES:
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    raise ValueError(kind)


def _title(where) -> str:
    if not where:
        return "the file"
    name = ".".join(n for n, _ in where)
    index = where[-1][1]
    return f"[[{name}]] number {index + 1}" if index is not None else f"[{name}]"


def check(loaded: Loaded, schema: Table, diagnostics: Diagnostics, where=()) -> bool:
    """Check one table (and the tables inside it) against its schema;
    returns False when anything was reported. Values that fail are not used."""
    table = loaded.data
    for name, index in where:
        table = table[name] if index is None else table[name][index]
    ok = True
    shown = loaded.shown
    for key, value in table.items():
        spec = schema.get(key)
        line = loaded.line(where, key)
        if spec is None:
            close = difflib.get_close_matches(key, schema.names, n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else "remove it or correct its name"
            diagnostics.error(shown, line, f"an unknown key `{key}` in {_title(where)}",
                              f"one of {', '.join(schema.names)}", hint)
            ok = False
            continue
        if not _fits(value, spec.kind):
            found = describe(value)
            if isinstance(value, list) and spec.kind in (STRINGS, INTEGERS) and value:
                odd = next(v for v in value if not _fits([v], spec.kind))
                found = f"a list holding {shown_value(odd)} ({describe(odd)})"
            diagnostics.error(shown, line, f"{key} = {shown_value(value)} is {found}",
                              f"{_EXPECTED[spec.kind]} ({spec.description})",
                              f"write it as {spec.example}" if spec.example else "correct its type")
            ok = False
            continue
        ok = _check_strings(loaded, where, spec, value, line, diagnostics) and ok
        if spec.kind == TABLE and spec.table is not None:
            ok = check(loaded, spec.table, diagnostics, where + ((key, None),)) and ok
        elif spec.kind == TABLES and spec.table is not None:
            for position in range(len(value)):
                ok = check(loaded, spec.table, diagnostics, where + ((key, position),)) and ok
    for spec in schema.fields:
        if spec.required and spec.name not in table:
            diagnostics.error(shown, loaded.line(where), f"{_title(where)} without `{spec.name}`",
                              f"{spec.name}: {_EXPECTED[spec.kind]} ({spec.description})",
                              f"add {spec.example}" if spec.example else f"add `{spec.name}`")
            ok = False
    return ok


def _check_strings(loaded: Loaded, where, spec: Field, value: object, line: int,
                   diagnostics: Diagnostics) -> bool:
    strings = [value] if isinstance(value, str) else value if spec.kind == STRINGS else []
    ok = True
    for text in strings:
        if spec.nonempty and not text.strip():
            found = (f"an empty string in {spec.name} = {shown_value(value)}" if spec.kind == STRINGS
                     else f"empty {spec.name} = {shown_value(text)}")
            diagnostics.error(loaded.shown, line, found,
                              f"text ({spec.description})",
                              f"write it as {spec.example}" if spec.example else "fill it in, or remove the key")
            ok = False
        elif spec.kind in (STRING, STRINGS) and "\n" in text:
            diagnostics.error(loaded.shown, line, f"{spec.name} = {shown_value(text)} holds a line break",
                              "one line of text", "remove the \\n (a value of this key is one line)")
            ok = False
        # Characters written as escapes (\u202e) are not in the raw text: check the value.
        for ch in dict.fromkeys(refused_characters(text)):
            diagnostics.error(loaded.shown, line, f"{character_name(ch)} in the value of `{spec.name}` "
                              "(written as an escape)",
                              "text without control, invisible or direction-changing characters",
                              "delete the escape")
            ok = False
    return ok
