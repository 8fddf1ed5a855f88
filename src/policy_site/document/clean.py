"""Stage 2, clean: undo the damage of the web scrape, line by line.

Each line becomes a sequence of `Segment`s, each either kept as it is or
changed by one named rule:

- `reading`: a pinyin reading in parentheses after the Han character it
  reads, `發(fā)` -> `發`; also toneless readings with a trailing space
  (`關(guan) 於(yu)`) and a space inside the parenthesis (`會(huì )`).
- `repair:<id>`: a corrupted span replaced as `repairs.toml` declares.
- `punctuation`: half-width `, : ; ( )` restored to full-width `，：；（）`
  in Chinese text. A comma or colon between two ASCII letters or digits
  (`1,000`, `20:50`) and a parenthesis holding and surrounded by ASCII only
  stay as they are.

Joining the segments' source text gives back the raw line exactly, and
joining their output gives the clean line: the audit checks both.

Afterwards the parser sets the page furniture apart from the document: lines
the built-in rules below recognise (header, dateline, editor, disclaimer,
placeholder lines) and lines document.toml declares (`[[full_text.furniture]]`,
matched by `matches_declaration`); `check_damage` reports anything damaged
that is left in the document.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from policy_site.core.diagnostics import Diagnostics
from policy_site.document.config import Furniture, Repair, compile_editor_pattern
from policy_site.zh.chars import is_cjk, is_han
from policy_site.zh.pinyin import TONE_MARKS, has_tone_mark, is_pinyin_syllable

READING_RULE = "reading"
PUNCTUATION_RULE = "punctuation"
HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）"}

_READING = re.compile(r"\((?P<syllable>[a-zA-Zü\u00C0-\u024F\u1E3F]+)(?P<inner> ?)\)(?P<trail> ?)")


@dataclass(frozen=True)
class Segment:
    source: str
    output: str
    rule: str | None = None  # None: kept as it is


@dataclass(frozen=True)
class CleanLine:
    number: int  # 1-based line in the source file
    text: str
    segments: tuple[Segment, ...]

    @property
    def source(self) -> str:
        return "".join(s.source for s in self.segments)


def _matching_closes(raw: str) -> dict[int, int]:
    """Index of each `(` -> index of its matching `)`, in one pass (a line of
    thousands of unmatched parentheses must not take quadratic time)."""
    opened: list[int] = []
    closes: dict[int, int] = {}
    for index, ch in enumerate(raw):
        if ch == "(":
            opened.append(index)
        elif ch == ")" and opened:
            closes[opened.pop()] = index
    return closes


_SPECIAL_CHARS = "(),:;"
_SPECIAL = re.compile(r"[(),:;]")


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class _LineCleaner:
    """One left-to-right pass over a line: each piece of it is kept, or
    changed by a named rule (a repair, a reading, half-width punctuation)."""

    def __init__(self, raw: str, repairs: tuple[Repair, ...]):
        self.raw, self.repairs = raw, repairs
        self.segments: list[Segment] = []
        self.output: list[str] = []
        self.kept: list[str] = []  # the current run of kept text, joined once (not re-concatenated per piece)
        self.convert_close: set[int] = set()
        self.closes: dict[int, int] | None = None

    def flush_kept(self) -> None:
        if self.kept:
            text = "".join(self.kept)
            self.segments.append(Segment(text, text))
            self.kept.clear()

    def emit(self, source: str, out: str, rule: str | None) -> None:
        if rule is None:
            self.kept.append(source)  # kept text: out == source
        else:
            self.flush_kept()
            self.segments.append(Segment(source, out, rule))
        self.output.append(out)

    def previous_output_char(self) -> str:
        for piece in reversed(self.output):
            if piece:
                return piece[-1]
        return ""

    def run(self) -> tuple[str, tuple[Segment, ...]]:
        raw, i = self.raw, 0
        while i < len(raw):
            repair = next((r for r in self.repairs if raw.startswith(r.find, i)), None)
            if repair is not None:
                self.emit(repair.find, repair.replace, f"repair:{repair.id}")
                i += len(repair.find)
            elif raw[i] not in _SPECIAL_CHARS:
                i = self.plain_run(i)
            elif raw[i] == "(":
                i = self.open_parenthesis(i)
            else:
                self.punctuation(i)
                i += 1
        self.flush_kept()
        return "".join(self.output), tuple(self.segments)

    def plain_run(self, i: int) -> int:
        """A run of plain characters, up to the next one a rule looks at."""
        raw = self.raw
        special = _SPECIAL.search(raw, i + 1)
        end = special.start() if special else len(raw)
        for r in self.repairs:
            at = raw.find(r.find, i + 1, end + len(r.find) - 1)
            if at != -1:
                end = min(end, at)
        self.emit(raw[i:end], raw[i:end], None)
        return end

    def open_parenthesis(self, i: int) -> int:
        """A reading `(fā)` after a Han character is removed; a `(` whose pair
        is not ASCII inside and out becomes `（` (and its `)` later `）`)."""
        raw = self.raw
        match = _READING.match(raw, i)
        if match and is_han(self.previous_output_char()) and is_pinyin_syllable(match["syllable"]):
            removed = match.group(0)
            following = raw[match.end():match.end() + 1]
            toneless = not has_tone_mark(match["syllable"])
            # A trailing space belongs to the reading only in the toneless
            # style (`關(guan) 於(yu)`), and only before more Chinese text.
            if match["trail"] and not (toneless and following and is_cjk(following)):
                removed = removed[:-1]
            self.emit(removed, "", READING_RULE)
            return i + len(removed)
        if self.closes is None:
            self.closes = _matching_closes(raw)
        close = self.closes.get(i)
        if close is not None:
            inner = raw[i + 1:close]
            before = raw[i - 1] if i else ""
            after = raw[close + 1] if close + 1 < len(raw) else ""
            if not (inner.isascii() and (not before or before.isascii()) and (not after or after.isascii())):
                self.convert_close.add(close)
                self.emit("(", HALF_TO_FULL["("], PUNCTUATION_RULE)
                return i + 1
        self.emit("(", "(", None)
        return i + 1

    def punctuation(self, i: int) -> None:
        """`)` `,` `:` `;`: full width, except between ASCII letters or digits."""
        raw, ch = self.raw, self.raw[i]
        if ch == ")" and i in self.convert_close:
            self.emit(ch, HALF_TO_FULL[ch], PUNCTUATION_RULE)
        elif ch in ",:;":
            before = raw[i - 1] if i else ""
            after = raw[i + 1] if i + 1 < len(raw) else ""
            if _ascii_alnum(before) and _ascii_alnum(after):
                self.emit(ch, ch, None)
            else:
                self.emit(ch, HALF_TO_FULL[ch], PUNCTUATION_RULE)
        else:
            self.emit(ch, ch, None)


def clean_line(raw: str, number: int, repairs: Iterable[Repair] = ()) -> CleanLine:
    text, segments = _LineCleaner(raw, tuple(repairs)).run()
    return CleanLine(number, text, segments)


def clean_lines(lines: list[str], repairs: Iterable[Repair] = ()) -> list[CleanLine]:
    repairs = tuple(repairs)
    return [clean_line(raw, number, repairs) for number, raw in enumerate(lines, 1)]


def check_repair_counts(lines: list[CleanLine], repairs: Iterable[Repair], source_file: str,
                        diagnostics: Diagnostics) -> None:
    applied = Counter(s.rule for line in lines for s in line.segments if s.rule and s.rule.startswith("repair:"))
    for repair in repairs:
        found = applied[f"repair:{repair.id}"]
        if found != repair.count:
            diagnostics.error(repair.file, repair.line,
                              f"repair {repair.id!r} applied {found} time(s) in {source_file}",
                              f"exactly {repair.count}",
                              "check `find` against the source text, or correct `count`")


# --- page furniture ---------------------------------------------------------

@dataclass(frozen=True)
class FurnitureRule:
    name: str
    pattern: re.Pattern[str]
    metadata: bool  # its text is kept as document metadata


# Rules of the family of scrapes (Xinhua releases reposted by news sites),
# matched on the simplified form of a line.
FURNITURE_RULES: tuple[FurnitureRule, ...] = (
    FurnitureRule("header", re.compile(r"^(受权发布|授权发布)[|｜]"), False),
    FurnitureRule("dateline", re.compile(r"^新华社\S{0,12}?\d{1,2}月\d{1,2}日电$"), True),
    FurnitureRule("editor", re.compile(r"^(责任)?编辑[：:]"), True),
    FurnitureRule("disclaimer", re.compile(r"^声明[：:]"), True),
    FurnitureRule("source", re.compile(r"^来源[：:]"), True),
    FurnitureRule("breadcrumb", re.compile(r"^首页\s*[>＞]"), False),
    FurnitureRule("timestamp", re.compile(r"^时间[：:]"), True),
)
_PLACEHOLDER = re.compile(r"^[?\ufffd\s\u00a0\u3000]*$")
DATELINE_PREFIX = re.compile(r"^(新华社\S{0,12}?\d{1,2}月\d{1,2}日电)")


@dataclass(frozen=True)
class FurnitureLine:
    rule: str  # a FurnitureRule name, "placeholder", "blank", or the kind of a declaration
    line: int
    text: str
    metadata: bool
    # The document.toml declaration that set the line apart, when no built-in
    # rule did: a lead, a page headline, … (never a repair, never metadata).
    declared: Furniture | None = None


FURNITURE_KIND_LABELS = {
    "lead": "导语", "headline": "网页标题", "navigation": "网页导航", "timestamp": "时间标注",
    "byline": "署名", "notice": "网页提示", "related": "相关链接",
}


def declared_furniture_line(number: int, text: str, declaration: Furniture) -> FurnitureLine:
    return FurnitureLine(declaration.kind, number, text, False, declaration)


@lru_cache(maxsize=256)
def _editor_pattern(pattern: str):
    return compile_editor_pattern(pattern)


def matches_declaration(text: str, declaration: Furniture, number: int) -> bool:
    """Whether a (cleaned, simplified) line falls under a furniture
    declaration: by its line number, or a pattern matching the whole line
    (leading and trailing spaces aside; a blank line never matches)."""
    if declaration.lines is not None:
        return declaration.lines[0] <= number <= declaration.lines[1]
    stripped = text.strip(" \t\u3000\u00a0")
    return bool(stripped) and _editor_pattern(declaration.pattern or "").fullmatch(stripped) is not None


def furniture_rule(simplified: str) -> FurnitureRule | None:
    stripped = simplified.strip()
    return next((r for r in FURNITURE_RULES if r.pattern.search(stripped)), None)


def is_placeholder(text: str) -> bool:
    return _PLACEHOLDER.match(text) is not None


def furniture_line(number: int, text: str) -> FurnitureLine | None:
    """The furniture rule a (simplified) line falls under, if any."""
    if not text.strip():
        return FurnitureLine("blank", number, text, False)
    if is_placeholder(text):
        return FurnitureLine("placeholder", number, text, False)
    rule = furniture_rule(text)
    if rule:
        return FurnitureLine(rule.name, number, text.strip(), rule.metadata)
    return None


# --- damage left after cleaning ---------------------------------------------

_DAMAGE = re.compile(r"[?\ufffd]|[()]|[" + "".join(sorted(TONE_MARKS)) + r"]")


def check_damage(lines: Iterable[CleanLine], source_file: str, diagnostics: Diagnostics) -> None:
    for line in lines:
        if diagnostics.room() <= 0:  # past the report cap: count, do not format
            diagnostics.omit(sum(1 for m in _DAMAGE.finditer(line.text)
                                 if not (m.group() in "()" and line.text[max(0, m.start() - 1):m.start() + 2].isascii())))
            continue
        for match in _DAMAGE.finditer(line.text):
            ch = match.group()
            start = match.start()
            if ch in "()":
                # A half-width parenthesis left among ASCII (e.g. `f(x)`) is fine.
                neighbourhood = line.text[max(0, start - 1):start + 2]
                if all(c.isascii() for c in neighbourhood):
                    continue
            context = line.text[max(0, start - 8):start + 8]
            what = {"?": "a `?`", "\ufffd": "U+FFFD (replacement character)"}.get(
                ch, f"{ch!r} (a pinyin tone mark or stray parenthesis: unremoved reading?)")
            diagnostics.error(source_file, line.number,
                              f"{what} at column {start + 1} in “{context}”",
                              "text without damage",
                              "add a repair for this span to the document's repairs file")
