"""The audit: what cleaning did, and proof that nothing is lost.

For each source (the full text and the summary) every character is kept in
the document, kept as metadata, or removed or changed by a named rule. On top
of that accounting, each rule that removes or replaces characters is checked
against evidence it cannot make up itself:

- a repair declares the damage it removes (`damaged`) and the characters it
  restores (`restores`); `replace` must be `find` with exactly that span
  replaced, the damaged span must look damaged at both ends and hold no
  intact character with its own reading, and its witnesses (the restored text
  as it reads in the summary or elsewhere in the document) must read at a
  place it repaired;
- a removed reading must be a reading of the character before it (pypinyin);
- every converted edition's text of every node, converted back with its
  OpenCC config (t2s for Taiwan, hk2s for Hong Kong), must be the canonical
  text, and so must each of its reviewed corrections; a difference is
  accepted only by one of the edition's read-back rules (convert.ReadBackRule:
  Taiwan's 著 for 着, which t2s reads as 著), position by position where the
  canonical text has the rule's character, and counted;
- the length and hash of each edition's text are reported (and pinned by the
  golden files).
"""
from __future__ import annotations

import difflib
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Iterable

from policy_site.core.diagnostics import Diagnostics
from policy_site.document.clean import READING_RULE, furniture_line
from policy_site.document.config import Repair
from policy_site.document.model import Document, SourceRef
from policy_site.document.parse import INDENT
from policy_site.document.pipeline import CleanedSource, DocumentText
from policy_site.document.summary import _BULLET, Summary
from policy_site.zh import quotes
from policy_site.zh.chars import is_cjk, is_han
from policy_site.zh.convert import (
    back_to_simplified,
    read_back_accepted,
    round_trip_mismatches,
    to_script,
    to_simplified,
    to_standard_traditional,
    traditional_to_simplified,
    zhe_positions,
)
from policy_site.zh.editions import CONVERTED, SIMPLIFIED
from policy_site.zh.pinyin import is_pinyin_syllable, is_reading_of, readings_of


@dataclass(frozen=True)
class AuditRow:
    rule: str
    label: str  # shown to readers, simplified Chinese
    count: int
    chars: int  # source characters the rule removed or changed


RULE_LABELS = {
    "reading": "删除拼音注音",
    "punctuation": "半角标点改为全角",
    "repair": "修复乱码",
    "furniture": "分离网页附加内容（页眉、电头、编辑、声明）",
    "placeholder": "删除占位行",
    "blank": "删除空行",
    "indent": "删除行首行尾空白",
    "bullet": "删除项目符号",
    "bom": "删除字节顺序标记",
    "crlf": "统一换行符",
    "t2s": "繁体转简体（OpenCC t2s）",
    "zhe": "繁体“著”转为简体“着”（OpenCC tw2s 的词组表）",
    "fix": "按审定的更正表修正简体字形",
}
RULE_ORDER = ("reading", "repair", "punctuation", "furniture", "placeholder", "blank", "indent", "bullet",
              "bom", "crlf", "t2s", "zhe", "fix")
# Rules that remove characters (the others change them one for one).
REMOVING_RULES = ("reading", "placeholder", "blank", "indent", "bullet", "bom", "crlf", "furniture")

# What a repair may say the damage is. `mojibake`: bytes decoded in the wrong
# encoding, standing where `restores` stood.
REPAIR_KINDS = ("mojibake",)
DAMAGE_MARKS = "?\ufffd"


@dataclass(frozen=True)
class Fingerprint:
    """Length and hash of one script's text of one source: every node's text
    in document order, one per line."""
    name: str
    chars: int
    sha256: str


@dataclass(frozen=True)
class SourceAudit:
    file: str
    rows: tuple[AuditRow, ...]
    source_chars: int
    document_chars: int
    metadata_chars: int
    removed_chars: int
    # An HTML or Markdown source: (where, characters) of the source file's
    # characters, the text the stages above account for first (Extracted.account).
    extraction: tuple[tuple[str, int], ...] = ()

    @property
    def line_breaks(self) -> int:
        return self.source_chars - self.document_chars - self.metadata_chars - self.removed_chars

    def report(self) -> list[str]:
        lines = [self.file, f"  {'rule':<12} {'count':>6} {'chars':>6}  meaning"]
        lines += [f"  {r.rule:<12} {r.count:>6} {r.chars:>6}  {r.label}" for r in self.rows]
        lines.append(f"  source characters {self.source_chars} = document {self.document_chars}"
                     f" + metadata {self.metadata_chars} + removed by rules {self.removed_chars}"
                     f" + line breaks {self.line_breaks}")
        if self.extraction:
            total = sum(count for _, count in self.extraction)
            lines.append(f"  taken out of {total} characters of the source file: "
                         + ", ".join(f"{where} {count}" for where, count in self.extraction))
        return lines


@dataclass(frozen=True)
class RepairSite:
    """One place a repair applied: its restored text is `start:end` of the clean line."""
    line: int
    column: int  # 1-based column of `find` in the source line
    start: int
    end: int


@dataclass(frozen=True)
class RepairCheck:
    id: str
    sites: int
    witnessed: int  # sites where a witness reads


@dataclass(frozen=True)
class Audit:
    full_text: SourceAudit
    summary: SourceAudit | None
    repairs: tuple[RepairCheck, ...]
    readings_checked: int
    nodes_round_tripped: int
    fingerprints: tuple[Fingerprint, ...]
    # (edition key, rule name, places): differences the round trip accepted by a read-back rule.
    read_back: tuple[tuple[str, str, int], ...] = ()
    quote_marks: int = 0  # “”‘’ the traditional editions write as 「」『』 (zh/quotes.py)

    # The method page shows the full text's rows.
    @property
    def rows(self) -> tuple[AuditRow, ...]:
        return self.full_text.rows

    @property
    def source_chars(self) -> int:
        return self.full_text.source_chars

    @property
    def document_chars(self) -> int:
        return self.full_text.document_chars

    def report(self) -> str:
        lines = self.full_text.report()
        if self.summary:
            lines += self.summary.report()
        lines += [f"repair {r.id}: applied {r.sites} time(s), a witness reads at {r.witnessed}" for r in self.repairs]
        lines.append(f"readings removed, each a reading of the character before it: {self.readings_checked}")
        editions = " and ".join(e.key for e in CONVERTED)
        lines.append(f"nodes whose {editions} text converts back to the canonical text: {self.nodes_round_tripped}")
        lines += [f"  {key}: {places} place(s) read back by rule {name}" for key, name, places in self.read_back]
        lines.append(f"quotation marks “”‘’ written 「」『』 in {editions} (declared rule, zh/quotes.py), "
                     f"each paired and nested: {self.quote_marks}")
        lines += [f"{f.name}: {f.chars} characters, sha256 {f.sha256}" for f in self.fingerprints]
        return "\n".join(lines)


def quoted(text: str) -> str:
    """Text in a message, with invisible characters made visible."""
    shown = "".join(c if c.isprintable() else f"<U+{ord(c):04X}>" for c in text)
    return f"“{shown}”"


def difference(expected: str, actual: str) -> str:
    """What `actual` lost and gained against `expected`, for a message."""
    lost, added = [], []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, expected, actual, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            lost.append(expected[a1:a2])
        if op in ("insert", "replace"):
            added.append(actual[b1:b2])
    def pieces(found: list[str]) -> str:
        counted = Counter(found)
        return ", ".join(quoted(p) + (f" ×{n}" if n > 1 else "") for p, n in counted.items())

    parts = []
    if lost:
        parts.append(f"{pieces(lost)} lost")
    if added:
        parts.append(f"{pieces(added)} added")
    return ", ".join(parts) or "no difference"


def around_difference(expected: str, actual: str, width: int = 12) -> tuple[str, str]:
    """Both texts around their first difference, for a message."""
    at = next((i for i, (a, b) in enumerate(zip(expected, actual)) if a != b), min(len(expected), len(actual)))
    start = max(0, at - width)
    return expected[start:at + width], actual[start:at + width]


# --- 1. accounting, per source ---------------------------------------------------

def _segment_tally(cleaned: CleanedSource, counts: Counter[str], chars: Counter[str]) -> int:
    """Count each rule's segments; return the characters repairs removed net."""
    net = 0
    for raw, line in zip(cleaned.source.lines, cleaned.lines):
        for segment in line.segments:
            if segment.rule:
                rule = segment.rule.split(":")[0]
                counts[rule] += 1
                chars[rule] += len(segment.source)
                if rule == "repair":
                    net += len(segment.source) - len(segment.output)
    return net


def _check_segments(cleaned: CleanedSource, diagnostics: Diagnostics) -> None:
    file = cleaned.source.path
    for raw, line in zip(cleaned.source.lines, cleaned.lines):
        if line.source != raw or "".join(s.output for s in line.segments) != line.text:
            diagnostics.error(file, line.number, "cleaning that does not account for every character",
                              "segments that rebuild the source line", "report this as a bug")


def _fixed_positions(converted: str, simplified: str, fixes) -> dict[int, tuple[object, int]]:
    """Positions where a reviewed correction (simplified.toml) changed the
    converted text: its `replace` stands in `simplified` where `converted`
    has its `find`. Position -> (the correction, the position in its `replace`)."""
    fixed: dict[int, tuple[object, int]] = {}
    for fix in fixes:
        if len(fix.find) != len(fix.replace):
            continue  # refused by check_simplified_fixes
        at = simplified.find(fix.replace)
        while at != -1:
            if converted[at:at + len(fix.find)] == fix.find:
                fixed.update({i: (fix, i - at) for i in range(at, at + len(fix.find)) if converted[i] != simplified[i]})
            at = simplified.find(fix.replace, at + 1)
    return fixed


def _changes_by_rule(text: str, simplified: str, fixes=()) -> tuple[Counter[str], list[int]]:
    """Each character the script conversion changed, by the rule that changed
    it: OpenCC t2s, the 着/著 rule (a 著 that t2s keeps and tw2s's phrase
    table reads as 着), or a reviewed correction; and the positions no rule
    accounts for."""
    base = to_simplified(text)
    zhe = set(zhe_positions(text, base)) if len(base) == len(text) else set()
    converted = traditional_to_simplified(text)
    fixed = _fixed_positions(converted, simplified, fixes) if fixes and len(converted) == len(simplified) else {}
    by_rule: Counter[str] = Counter()
    unexplained = []
    for i, (was, now) in enumerate(zip(text, simplified)):
        if was == now:
            continue
        if i < len(base) and now == base[i]:
            by_rule["t2s"] += 1
        elif i in zhe and now == "着" and i not in fixed:
            by_rule["zhe"] += 1
        elif i in fixed:
            by_rule["fix"] += 1
        else:
            unexplained.append(i)
    return by_rule, unexplained


def _check_t2s(cleaned: CleanedSource, counts: Counter[str], chars: Counter[str],
               diagnostics: Diagnostics, kept: set[int], fixes=()) -> None:
    """OpenCC t2s changes characters one for one: a line it shortened or
    lengthened lost or gained text. Every changed character is changed by a
    rule: t2s, the 着/著 rule or a reviewed correction (`fixes`, of a
    traditional source). Changes are counted on the `kept` lines (text, not
    furniture)."""
    for line, simplified in zip(cleaned.lines, cleaned.simplified):
        if len(simplified) != len(line.text):
            diagnostics.error(cleaned.source.path, line.number,
                              f"OpenCC t2s changed the line's length: {difference(line.text, simplified)}",
                              "one simplified character for each character",
                              "remove the character OpenCC cannot convert (a control character?) from the source")
            continue
        by_rule, unexplained = _changes_by_rule(line.text, simplified, fixes)
        for i in unexplained:
            diagnostics.error(cleaned.source.path, line.number,
                              f"{quoted(line.text[i])} at column {i + 1} became {quoted(simplified[i])},"
                              " a change no rule accounts for",
                              f"OpenCC t2s ({quoted(to_simplified(line.text[i]))}) or a declared rule",
                              "report this as a bug")
        if line.number in kept:
            for rule, changed in by_rule.items():
                counts[rule] += changed
                chars[rule] += changed


def _forms_of(simplified: str) -> list[str]:
    """The traditional texts OpenCC writes for `simplified` (OpenCC standard,
    Taiwan, Hong Kong): what a traditional source may have written."""
    return [to_script(simplified, e.key) for e in CONVERTED] + [to_standard_traditional(simplified)]


def check_simplified_fixes(sources: list[CleanedSource], fixes, diagnostics: Diagnostics) -> None:
    """Each reviewed correction to a traditional source's simplified text
    changes characters one for one, and only to a simplified form of the
    source's own character: where it applied, each character it changed is
    written, in the source, as OpenCC writes the replacement in traditional
    script (or t2s reads the source's character as the replacement)."""
    for fix in fixes:
        if len(fix.find) != len(fix.replace):
            diagnostics.error(fix.file, fix.line, f"fix {quoted(fix.find)} → {quoted(fix.replace)}"
                              f" changes the length: {difference(fix.find, fix.replace)}",
                              "one character for each character", "correct `replace`: a fix changes script only")
            continue
        forms = _forms_of(fix.replace)
        wrong: set[tuple[str, str]] = set()
        for cleaned in sources:
            for line, simplified in zip(cleaned.lines, cleaned.simplified):
                converted = traditional_to_simplified(line.text)
                if len(converted) != len(line.text) or len(simplified) != len(line.text):
                    continue
                for i, (_, k) in _fixed_positions(converted, simplified, [fix]).items():
                    source = line.text[i]
                    if not (to_simplified(source) == simplified[i]
                            or any(len(f) == len(fix.replace) and f[k] == source for f in forms)):
                        wrong.add((source, simplified[i]))
        for source, now in sorted(wrong):
            diagnostics.error(fix.file, fix.line,
                              f"fix {quoted(fix.find)} → {quoted(fix.replace)} writes {quoted(now)} where the"
                              f" source has {quoted(source)}, which is not a traditional form of it",
                              f"a simplified form of {quoted(source)} (OpenCC writes {quoted(now)} as"
                              f" {', '.join(sorted({quoted(f) for f in map(to_standard_traditional, now)}))})",
                              "correct `replace`: a fix changes script only, never the text")


def _source_chars(cleaned: CleanedSource, counts: Counter[str], chars: Counter[str]) -> int:
    source = cleaned.source
    if source.bom_removed:
        counts["bom"], chars["bom"] = 1, 1
    if source.carriage_returns_removed:
        counts["crlf"] = chars["crlf"] = source.carriage_returns_removed
    return len(source.text) + int(source.bom_removed) + source.carriage_returns_removed


def _balance(cleaned: CleanedSource, counts: Counter[str], chars: Counter[str], source_chars: int,
             document_chars: int, metadata_chars: int, repairs_net: int,
             diagnostics: Diagnostics) -> SourceAudit:
    removed = sum(chars[rule] for rule in REMOVING_RULES) + repairs_net
    balance = source_chars - document_chars - metadata_chars - removed - cleaned.source.text.count("\n")
    if balance != 0:
        diagnostics.error(cleaned.source.path, 0, f"{balance} source character(s) not accounted for",
                          "every character in the document, the metadata or removed by a named rule",
                          "report this as a bug")
    rows = tuple(AuditRow(rule, RULE_LABELS[rule], counts[rule], chars[rule]) for rule in RULE_ORDER if counts[rule])
    return SourceAudit(cleaned.source.path, rows, source_chars, document_chars, metadata_chars, removed)


def rendered_lines(document: Document) -> dict[int, str]:
    """Each source line of the document, as the model prints it back."""
    out: dict[int, str] = {}

    def add(line: int, text: str) -> None:
        out[line] = out.get(line, "") + text

    for line, part in document.title_parts or ((document.title_source.line, document.title),):
        add(line, part)
    for item in document.metadata:
        if item.source.line == document.title_source.line:
            out[item.source.line] = item.text + out[item.source.line]
    front = {"date": f"（{document.date_label}）", "document-number": document.document_number,
             "addressee": document.addressee}
    for kind, source in document.front_sources:
        add(source.line, front[kind] or "")
    for paragraph in document.preamble:
        add(paragraph.source.line, paragraph.text)
    for section in document.sections:
        add(section.source.line, section.heading)
        for paragraph in section.paragraphs:
            add(paragraph.source.line, paragraph.text)
        for clause in section.clauses:
            for index, paragraph in enumerate(clause.paragraphs):
                add(paragraph.source.line, (clause.label if index == 0 else "") + paragraph.text)
    return out


def audit_full_text(edition: DocumentText, diagnostics: Diagnostics) -> SourceAudit:
    cleaned = edition.full_text
    file = cleaned.source.path
    counts: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    _check_segments(cleaned, diagnostics)
    repairs_net = _segment_tally(cleaned, counts, chars)
    rendered = rendered_lines(edition.document)
    _check_t2s(cleaned, counts, chars, diagnostics, set(rendered), edition.corrections.get(SIMPLIFIED, ()))

    # Every clean line is document text, metadata or furniture.
    furniture = {f.line: f for f in edition.parse.furniture}
    metadata_lines = {m.source.line for m in edition.document.metadata}
    document_chars = metadata_chars = 0
    for line, simplified in zip(cleaned.lines, cleaned.simplified):
        stripped = simplified.strip(INDENT)
        if line.number in rendered:
            if rendered[line.number] != stripped:
                diagnostics.error(file, line.number, "a line the document model does not reproduce: "
                                  + difference(stripped, rendered[line.number]),
                                  f"{quoted(stripped[:40])}", "report this as a bug in the parser")
            dateline = next((m.text for m in edition.document.metadata
                             if m.source.line == line.number and m.kind == "dateline"), "")
            document_chars += len(stripped) - len(dateline)
            metadata_chars += len(dateline)
            if len(simplified) != len(stripped):
                counts["indent"] += 1
                chars["indent"] += len(simplified) - len(stripped)
        elif line.number in furniture:
            item = furniture[line.number]
            if item.metadata or line.number in metadata_lines:
                metadata_chars += len(item.text)
                counts["furniture"] += 1
                chars["indent"] += len(line.text) - len(item.text)
            else:
                rule = item.rule if item.rule in ("placeholder", "blank") else "furniture"
                counts[rule] += 1
                chars[rule] += len(line.text)
        else:
            diagnostics.error(file, line.number, "a line that is neither document text nor page furniture",
                              "every line accounted for", "report this as a bug")
    source_chars = _source_chars(cleaned, counts, chars)
    audited = _balance(cleaned, counts, chars, source_chars, document_chars, metadata_chars, repairs_net, diagnostics)
    if cleaned.extracted is None:
        return audited
    return replace(audited, extraction=audit_extraction(cleaned.extracted, diagnostics))


def audit_extraction(extracted, diagnostics: Diagnostics) -> tuple[tuple[str, int], ...]:
    """Every character of an HTML or Markdown source is text or dropped for a
    named reason, and no Han text was dropped as markup."""
    account = extracted.account()
    source_lines = extracted.source
    for offset, text in extracted.text_dropped_as_markup()[:20]:
        diagnostics.error(extracted.shown, source_lines.count("\n", 0, offset) + 1,
                          f"text {quoted(text)} dropped as markup", "markup holding tags and attributes only",
                          "report this as a bug in the extraction (document/sources/)")
    if account.get("unaccounted"):
        diagnostics.error(extracted.shown, 0, f"{account['unaccounted']} source character(s) not accounted for",
                          "every character text or dropped for a named reason", "report this as a bug")
    return tuple(sorted(account.items(), key=lambda item: (item[0] != "text", -item[1])))


def audit_summary(summary: Summary, cleaned: CleanedSource, diagnostics: Diagnostics, fixes=()) -> SourceAudit:
    """The summary's source, accounted for as the full text's is: each line is
    the title, an intro paragraph, a group heading, a bullet (its mark
    removed), metadata or furniture."""
    file = cleaned.source.path
    counts: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    _check_segments(cleaned, diagnostics)
    repairs_net = _segment_tally(cleaned, counts, chars)
    _check_t2s(cleaned, counts, chars, diagnostics,
               {line.number for line, simplified in zip(cleaned.lines, cleaned.simplified)
                if furniture_line(line.number, simplified) is None}, fixes)
    texts: dict[int, str] = {}
    for paragraph in summary.intro:
        texts[paragraph.source.line] = paragraph.text
    for group in summary.groups:
        texts[group.source.line] = group.heading
        for bullet in group.bullets:
            texts[bullet.source.line] = bullet.text
    metadata = {m.source.line: m for m in summary.metadata}
    document_chars = metadata_chars = 0
    title_seen = False
    for line, simplified in zip(cleaned.lines, cleaned.simplified):
        item = furniture_line(line.number, simplified)
        if item is not None:
            if item.rule in ("blank", "placeholder"):
                counts[item.rule] += 1
                chars[item.rule] += len(line.text)
            elif line.number in metadata:
                counts["furniture"] += 1
                metadata_chars += len(metadata[line.number].text)
                chars["indent"] += len(line.text) - len(metadata[line.number].text)
            else:
                counts["furniture"] += 1
                chars["furniture"] += len(line.text)
            continue
        mark = _BULLET.match(simplified)
        body = simplified[mark.end():] if mark else simplified
        if not title_seen and line.number not in texts:
            title_seen, expected = True, summary.title  # the first line that is not furniture
        else:
            expected = texts.get(line.number)
        if expected is None or body.strip() != expected:
            diagnostics.error(file, line.number, "a summary line the summary model does not reproduce"
                              + (f": {difference(body.strip(), expected)}" if expected is not None else ""),
                              f"{quoted(body.strip()[:40])}", "report this as a bug in the summary parser")
            continue
        document_chars += len(expected)
        if mark:
            counts["bullet"] += 1
            chars["bullet"] += len(mark.group().strip(" \t\u3000"))
        outside = len(simplified) - len(expected) - (len(mark.group().strip(" \t\u3000")) if mark else 0)
        if outside:
            counts["indent"] += 1
            chars["indent"] += outside
    source_chars = _source_chars(cleaned, counts, chars)
    return _balance(cleaned, counts, chars, source_chars, document_chars, metadata_chars, repairs_net, diagnostics)


# --- 2. repairs against their evidence ------------------------------------------

def _restored_span(repair: Repair | None) -> tuple[int, int] | None:
    """Where `restores` stands in `replace`, when the declaration is consistent."""
    if repair is None or repair.restores is None:
        return None
    damaged = repair.find if repair.damaged is None else repair.damaged
    if not damaged or repair.find.count(damaged) != 1:
        return None
    before, after = repair.find.split(damaged, 1)
    if repair.replace != before + repair.restores + after:
        return None
    return len(before), len(before) + len(repair.restores)


def repair_sites(cleaned: CleanedSource, repairs: Iterable[Repair] = ()) -> dict[str, list[RepairSite]]:
    """Where each repair applied, by repair id: the restored text, or all of
    `replace` when the repair's declaration is not consistent."""
    by_id = {r.id: r for r in repairs}
    sites: dict[str, list[RepairSite]] = {}
    for line in cleaned.lines:
        raw_at = out_at = 0
        for segment in line.segments:
            if segment.rule and segment.rule.startswith("repair:"):
                repair_id = segment.rule.split(":", 1)[1]
                start, end = _restored_span(by_id.get(repair_id)) or (0, len(segment.output))
                sites.setdefault(repair_id, []).append(
                    RepairSite(line.number, raw_at + 1, out_at + start, out_at + end))
            raw_at += len(segment.source)
            out_at += len(segment.output)
    return sites


_READING_INSIDE = re.compile(r"(?P<char>.)\((?P<syllable>[^()]{1,8})\)")


def _intact_readings(damaged: str) -> list[str]:
    """Han characters followed by one of their own readings: `道(dào)`.
    Mojibake does not produce these; intact text does."""
    found = []
    for match in _READING_INSIDE.finditer(damaged):
        syllable = match["syllable"].strip()
        if is_han(match["char"]) and is_pinyin_syllable(syllable) and is_reading_of(syllable, match["char"]):
            found.append(match.group())
    return found


def _witness_window(line: str, site: RepairSite, witness: str) -> tuple[bool, bool] | None:
    """Where `witness` reads across the restored text of `site`: whether it
    reaches past its start and past its end; None when it does not read there."""
    best: tuple[bool, bool] | None = None
    at = line.find(witness)
    while at != -1:
        end = at + len(witness)
        if at <= site.start and end >= site.end and (at < site.start or end > site.end):
            reach = (at < site.start, end > site.end)
            best = reach if best is None else (best[0] or reach[0], best[1] or reach[1])
        at = line.find(witness, at + 1)
    return best


def _closest_reading(line: str, site: RepairSite, witness: str) -> str:
    """The text at `site` that comes closest to `witness`, for a message."""
    window_start = max(0, site.start - len(witness))
    window = line[window_start:site.end + len(witness)]
    blocks = [b for b in difflib.SequenceMatcher(None, witness, window, autojunk=False).get_matching_blocks()
              if b.size]
    if not blocks:
        return line[max(0, site.start - 4):site.end + 4]
    return window[blocks[0].b:blocks[-1].b + blocks[-1].size]


def check_repairs(edition: DocumentText, diagnostics: Diagnostics) -> tuple[RepairCheck, ...]:
    cleaned = edition.full_text
    sites = repair_sites(cleaned, edition.config.repairs)
    # Texts a witness may come from: the summary, and the document outside any repaired span.
    summary_lines = list(edition.summary_source.simplified) if edition.summary_source else []
    repaired = {(s.line, i) for found in sites.values() for s in found for i in range(s.start, s.end)}
    lines = {line.number: simplified for line, simplified in zip(cleaned.lines, cleaned.simplified)
             if len(simplified) == len(line.text)}

    def independent(witness: str) -> bool:
        if any(witness in text for text in summary_lines):
            return True
        for number, text in lines.items():
            at = text.find(witness)
            while at != -1:
                if not any((number, i) in repaired for i in range(at, at + len(witness))):
                    return True
                at = text.find(witness, at + 1)
        return False

    checks = []
    for repair in edition.config.repairs:
        here = sites.get(repair.id, [])
        witnessed = _check_repair(repair, here, lines, independent, diagnostics)
        checks.append(RepairCheck(repair.id, len(here), witnessed))
    return tuple(checks)


def _check_repair(repair: Repair, sites: list[RepairSite], lines: dict[int, str], independent,
                  diagnostics: Diagnostics) -> int:
    """Report what is wrong with one repair; return how many sites a witness reads at."""
    def error(found: str, expected: str, fix: str) -> None:
        diagnostics.error(repair.file, repair.line, f"repair {repair.id!r}: {found}", expected, fix)

    if repair.kind is None:
        error("no `kind`", 'kind = "mojibake" (what the damage is)', "declare what kind of damage the repair undoes")
    elif repair.kind not in REPAIR_KINDS:
        error(f"kind = {repair.kind!r}", " or ".join(f'"{k}"' for k in REPAIR_KINDS), "use a known kind")
    if repair.restores is None:
        error(f"no `restores`: replace {quoted(repair.replace)} is unchecked against find {quoted(repair.find)}"
              f" ({difference(repair.find, repair.replace)})",
              'restores = "…": exactly the characters the damage destroyed',
              "declare what the repair restores")
        return 0
    damaged = repair.find if repair.damaged is None else repair.damaged
    if not damaged or repair.find.count(damaged) != 1:
        error(f"damaged {quoted(damaged)} occurs {repair.find.count(damaged) if damaged else 0} time(s)"
              f" in find {quoted(repair.find)}", "exactly once",
              "set `damaged` to the damaged span of `find` (leave it out when all of `find` is damaged)")
        return 0
    before, after = repair.find.split(damaged, 1)
    expected = before + repair.restores + after
    if repair.replace != expected:
        error(f"replace {quoted(repair.replace)} is not find {quoted(repair.find)} with damaged {quoted(damaged)}"
              f" replaced by restores {quoted(repair.restores)}: {difference(expected, repair.replace)}",
              f"replace = {quoted(expected)}",
              "correct `replace`, or `restores` to exactly the characters the damage destroyed")
    if repair.kind == "mojibake" and not repair.restores:
        error(f"restores nothing: {quoted(damaged)} would be deleted",
              "the characters the mojibake stands for", "declare them in `restores`")
    if not any(c in DAMAGE_MARKS for c in damaged):
        error(f"damaged {quoted(damaged)} has no mark of damage (? or U+FFFD): its characters"
              f" {difference(damaged, repair.restores)} by a repair of intact text",
              "a damaged span holding ? or U+FFFD", "repair only damaged text; keep intact text in the context of `find`")
    for reading in _intact_readings(damaged):
        error(f"damaged {quoted(damaged)} holds {quoted(reading)}, a character with its own reading:"
              f" intact text the repair would delete", "a damaged span of damaged characters only",
              "narrow `find` and `damaged` to the damaged characters")

    return _check_witnesses(repair, damaged, sites, lines, independent, error)


def _check_witnesses(repair: Repair, damaged: str, sites: list[RepairSite], lines: dict[int, str], independent,
                     error) -> int:
    """Witnesses: the restored text as it reads elsewhere, read at a repaired
    site; returns how many sites a witness reads at."""
    if not repair.witnesses:
        error("no witness the audit can check", 'witnesses = ["…"]: the restored text with a character or more'
              " around it (simplified), as it reads in the summary or elsewhere in the document",
              "quote the passage that shows what the damage destroyed")
    witnessed_sites: set[int] = set()
    verified: list[str] = []  # witnesses found outside the repair
    for witness in repair.witnesses:
        if independent(witness):
            verified.append(witness)
        else:
            error(f"witness {quoted(witness)} is not in the summary, nor in the document outside a repaired span",
                  "a passage quoted exactly (simplified script)", "copy the witness from the summary or the document")
            continue
        reads = {index: _witness_window(lines[s.line], s, witness) for index, s in enumerate(sites) if s.line in lines}
        reads = {index: reach for index, reach in reads.items() if reach is not None}
        if sites and not reads:
            # Name the place that comes closest: what it lost is what the witness shows.
            def closeness(site: RepairSite) -> float:
                text = _closest_reading(lines.get(site.line, ""), site, witness)
                return difflib.SequenceMatcher(None, witness, text, autojunk=False).ratio()
            nearest = max(sites, key=closeness)
            closest = _closest_reading(lines.get(nearest.line, ""), nearest, witness)
            error(f"witness {quoted(witness)} does not read at any of the {len(sites)} place(s) it repaired;"
                  f" line {nearest.line} column {nearest.column} reads {quoted(closest)}:"
                  f" {difference(witness, closest)}",
                  "the repaired text to read as its witness", "correct `restores` and `replace` (or the witness)")
        witnessed_sites.update(reads)
    # An end of the damaged span that reads as intact text (a Han character or
    # Chinese punctuation) is deleted unless a witness reads across it everywhere.
    for side, ch in (("starts", damaged[0]), ("ends", damaged[-1])):
        if not is_cjk(ch):
            continue
        covered = bool(sites) and all(
            any((reach := _witness_window(lines.get(s.line, ""), s, w)) is not None
                and reach[0 if side == "starts" else 1] for w in verified)
            for s in sites)
        if not covered:
            error(f"damaged {quoted(damaged)} {side} with {quoted(ch)}, which reads as intact text:"
                  f" a widened repair deletes it", "a damaged span that starts and ends with damaged characters",
                  f"keep {quoted(ch)} in the context of `find`, outside `damaged`, or add a witness that reads across it")
    return len(witnessed_sites)


# --- 3. readings ----------------------------------------------------------------

def check_readings(cleaned: CleanedSource, diagnostics: Diagnostics) -> int:
    """Every removed reading is a reading of the character before it."""
    checked = 0
    for line in cleaned.lines:
        column = 1
        output = ""
        last_rule: str | None = None  # the rule that wrote the last output character
        for segment in line.segments:
            if segment.rule == READING_RULE:
                syllable = segment.source.strip().strip("()").strip()
                before = output[-1:] or "(nothing)"
                verdict = is_reading_of(syllable, before) if is_han(before) else False
                checked += 1
                if verdict is None:
                    diagnostics.warning(cleaned.source.path, line.number,
                                        f"reading {quoted(segment.source)} at column {column} after {quoted(before)},"
                                        " a character pypinyin does not know", "a character with known readings",
                                        "check the reading by hand")
                elif not verdict:
                    known = ", ".join(sorted(readings_of(before))) if is_han(before) else "none"
                    origin = (f" (restored by repair {last_rule.split(':', 1)[1]!r}: is the character this"
                              " reading reads lost?)" if last_rule and last_rule.startswith("repair:") else "")
                    diagnostics.error(cleaned.source.path, line.number,
                                      f"reading {quoted(segment.source)} removed at column {column} after"
                                      f" {quoted(before)}{origin}, which does not read {syllable} (pypinyin: {known})",
                                      "a reading of the character before it",
                                      "if the character it reads is missing, restore it with a repair;"
                                      " if the parenthesis is text, report it (the reading rule must keep it)")
            column += len(segment.source)
            output += segment.output
            if segment.output:
                last_rule = segment.rule
    return checked


# --- 4. the scripts round trip --------------------------------------------------

def node_sources(document: Document) -> dict[str, SourceRef]:
    sources = {"title": document.title_source, "issuer": document.title_source}
    sources.update({kind: source for kind, source in document.front_sources})
    for section in document.sections:
        sources[section.title_id] = section.source
    for sentence in document.sentences():
        sources[sentence.id] = sentence.source
    return sources


def summary_sources(summary: Summary) -> dict[str, SourceRef]:
    sources = {p.id: p.source for p in summary.intro}
    for group in summary.groups:
        sources[group.id] = group.source
        sources.update({b.id: b.source for b in group.bullets})
    return sources


def _check_fixes_read_back(script, corrections, diagnostics: Diagnostics) -> None:
    """Each reviewed correction reads back (the edition's `back` config) as
    the same simplified text as what it replaces, but for the edition's
    read-back rules (a Taiwan fix may write 著 where its `find` reads 着)."""
    key = script.key
    for fix in corrections:
        find, replace = back_to_simplified(fix.find, key), back_to_simplified(fix.replace, key)
        if read_back_accepted(find, fix.replace, replace, key) is None:
            diagnostics.error(fix.file, fix.line,
                              f"{key} fix {quoted(fix.find)} → {quoted(fix.replace)} changes the text, not only"
                              f" its script: {difference(find, replace)}",
                              f"a replacement that reads back (OpenCC {script.back}) as the same simplified text",
                              "correct `replace`")


def check_round_trip(edition: DocumentText, diagnostics: Diagnostics,
                     accepted: dict[tuple[str, str], int] | None = None) -> int:
    """Every converted edition's text, converted back (its `back` config),
    is the canonical text on every node but where a read-back rule accepts
    the difference; returns the nodes checked (in each). `accepted` adds up
    (edition, rule) -> places the rules accepted."""
    checked = 0
    for script in CONVERTED:
        key = script.key
        corrections = edition.corrections.get(key, ())
        _check_fixes_read_back(script, corrections, diagnostics)
        parts = [(list(edition.document.texts()), edition.layers[key], node_sources(edition.document),
                  edition.full_text.source.path)]
        if edition.summary is not None:
            parts.append((list(edition.summary.texts()), edition.summary_layers[key],
                          summary_sources(edition.summary), edition.summary.source_file))
        checked = sum(len(texts) for texts, *_ in parts)
        by_rule: dict[str, int] = {}
        for texts, layer, sources, file in parts:
            for node_id, canonical, back in round_trip_mismatches(texts, layer, key, by_rule):
                source = sources.get(node_id, SourceRef(file, 0))
                fixes = [f"{f.file}:{f.line}" for f in corrections if f.replace in layer.get(node_id, "")]
                expected_part, back_part = around_difference(canonical, back)
                diagnostics.error(source.file, source.line,
                                  f"the {key} text of {node_id} converts back (OpenCC {script.back}) to "
                                  f"“…{quoted(back_part)[1:-1]}…”: {difference(canonical, back)}"
                                  + (f" ({key} fix at {', '.join(fixes)})" if fixes else ""),
                                  f"the canonical text “…{quoted(expected_part)[1:-1]}…”",
                                  f"correct the fix in {script.corrections}, or remove the character "
                                  "OpenCC cannot convert")
        if accepted is not None:
            for name, places in by_rule.items():
                accepted[(key, name)] = accepted.get((key, name), 0) + places
    return checked


# --- 5. fingerprints ----------------------------------------------------------------

def fingerprint(name: str, texts: list[str]) -> Fingerprint:
    return Fingerprint(name, sum(len(t) for t in texts), hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest())


def text_fingerprints(edition: DocumentText) -> tuple[Fingerprint, ...]:
    texts = list(edition.document.texts())
    prints = [fingerprint("full text zh-Hans (canonical)", [t for _, t in texts])]
    prints += [fingerprint(f"full text {key}", [layer.get(i, "") for i, _ in texts])
               for key, layer in edition.layers.items()]
    if edition.summary is not None:
        summary = list(edition.summary.texts())
        prints.append(fingerprint("summary zh-Hans", [t for _, t in summary]))
        prints += [fingerprint(f"summary {key}", [layer.get(i, "") for i, _ in summary])
                   for key, layer in edition.summary_layers.items()]
    return tuple(prints)


def audit_edition(edition: DocumentText, diagnostics: Diagnostics) -> Audit:
    full_text = audit_full_text(edition, diagnostics)
    summary = None
    if edition.summary is not None and edition.summary_source is not None:
        summary = audit_summary(edition.summary, edition.summary_source, diagnostics,
                                edition.corrections.get(SIMPLIFIED, ()))
    check_simplified_fixes([s for s in (edition.full_text, edition.summary_source) if s is not None],
                           edition.corrections.get(SIMPLIFIED, ()), diagnostics)
    repairs = check_repairs(edition, diagnostics)
    readings = check_readings(edition.full_text, diagnostics)
    if edition.summary_source is not None:
        readings += check_readings(edition.summary_source, diagnostics)
    accepted: dict[tuple[str, str], int] = {}
    nodes = check_round_trip(edition, diagnostics, accepted)
    marks = quotes.check_texts(edition.document.texts(), node_sources(edition.document), diagnostics)
    if edition.summary is not None:
        marks += quotes.check_texts(edition.summary.texts(), summary_sources(edition.summary), diagnostics)
    return Audit(full_text, summary, repairs, readings, nodes, text_fingerprints(edition),
                 tuple((key, name, n) for (key, name), n in accepted.items()), quote_marks=marks)
