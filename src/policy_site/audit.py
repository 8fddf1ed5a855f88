"""The audit: what cleaning did, and proof that every character of the source
is accounted for: kept in the document, kept as metadata, or removed or
changed by a named rule. Any character that is not is an audit error."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .diagnostics import Diagnostics
from .model import Document
from .parse import INDENT
from .pipeline import Edition


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
    "bom": "删除字节顺序标记",
    "crlf": "统一换行符",
    "t2s": "繁体转简体（OpenCC t2s）",
}


@dataclass(frozen=True)
class Audit:
    rows: tuple[AuditRow, ...]
    source_chars: int
    document_chars: int
    metadata_chars: int
    removed_chars: int

    def report(self) -> str:
        lines = [f"{'rule':<12} {'count':>6} {'chars':>6}  meaning"]
        lines += [f"{r.rule:<12} {r.count:>6} {r.chars:>6}  {r.label}" for r in self.rows]
        lines.append(f"source characters {self.source_chars} = document {self.document_chars}"
                     f" + metadata {self.metadata_chars} + removed by rules {self.removed_chars}"
                     f" + line breaks {self.source_chars - self.document_chars - self.metadata_chars - self.removed_chars}")
        return "\n".join(lines)


def rendered_lines(document: Document) -> dict[int, str]:
    """Each source line of the document, as the model prints it back."""
    out: dict[int, str] = {}

    def add(line: int, text: str) -> None:
        out[line] = out.get(line, "") + text

    add(document.title_source.line, document.title)
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


def audit_edition(edition: Edition, diagnostics: Diagnostics) -> Audit:
    cleaned = edition.full_text
    source = cleaned.source
    file = source.path
    counts: Counter[str] = Counter()
    chars: Counter[str] = Counter()

    # 1. Cleaning: segments rebuild the raw line and the clean line exactly.
    for raw, line in zip(source.lines, cleaned.lines):
        if line.source != raw or "".join(s.output for s in line.segments) != line.text:
            diagnostics.error(file, line.number, "cleaning that does not account for every character",
                              "segments that rebuild the source line", "report this as a bug")
        for segment in line.segments:
            if segment.rule:
                rule = segment.rule.split(":")[0]
                counts[rule] += 1
                chars[rule] += len(segment.source)

    # 2. Every clean line is document text, metadata or furniture.
    rendered = rendered_lines(edition.document)
    furniture = {f.line: f for f in edition.parse.furniture}
    metadata_lines = {m.source.line for m in edition.document.metadata}
    document_chars = metadata_chars = 0
    for line, simplified in zip(cleaned.lines, cleaned.simplified):
        stripped = simplified.strip(INDENT)
        if line.number in rendered:
            if rendered[line.number] != stripped:
                diagnostics.error(file, line.number, "a line the document model does not reproduce",
                                  f"“{stripped[:40]}”", "report this as a bug in the parser")
            dateline = next((m.text for m in edition.document.metadata
                             if m.source.line == line.number and m.kind == "dateline"), "")
            document_chars += len(stripped) - len(dateline)
            metadata_chars += len(dateline)
            if len(simplified) != len(stripped):
                counts["indent"] += 1
                chars["indent"] += len(simplified) - len(stripped)
            changed = sum(a != b for a, b in zip(line.text, simplified))
            if changed:
                counts["t2s"] += changed
                chars["t2s"] += changed
        elif line.number in furniture:
            item = furniture[line.number]
            if item.metadata or line.number in metadata_lines:
                metadata_chars += len(item.text)
                counts["furniture"] += 1
                removed = len(line.text) - len(item.text)
                chars["indent"] += removed
            else:
                rule = item.rule if item.rule in ("placeholder", "blank") else "furniture"
                counts[rule] += 1
                chars[rule] += len(line.text)
        else:
            diagnostics.error(file, line.number, "a line that is neither document text nor page furniture",
                              "every line accounted for", "report this as a bug")
    if source.bom_removed:
        counts["bom"], chars["bom"] = 1, 1
    if source.carriage_returns_removed:
        counts["crlf"] = chars["crlf"] = source.carriage_returns_removed

    removed_by_rules = (chars["reading"] + chars["placeholder"] + chars["blank"] + chars["indent"]
                        + chars["bom"] + chars["crlf"] + chars["furniture"]
                        + sum(len(s.source) - len(s.output) for l in cleaned.lines for s in l.segments
                              if s.rule and s.rule.startswith("repair:")))
    source_chars = len(source.text) + int(source.bom_removed) + source.carriage_returns_removed
    line_breaks = source.text.count("\n")
    balance = source_chars - document_chars - metadata_chars - removed_by_rules - line_breaks
    if balance != 0:
        diagnostics.error(file, 0, f"{balance} source character(s) not accounted for",
                          "every character in the document, the metadata or removed by a named rule",
                          "report this as a bug")
    order = ["reading", "repair", "punctuation", "furniture", "placeholder", "blank", "indent", "bom", "crlf", "t2s"]
    rows = tuple(AuditRow(rule, RULE_LABELS[rule], counts[rule], chars[rule]) for rule in order if counts[rule])
    return Audit(rows, source_chars, document_chars, metadata_chars, removed_by_rules)
