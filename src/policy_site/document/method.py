"""What was done to one document, as the method page (来源与方法) states it:
the facts are counted from this document's cleaning and audit, so no sentence
describes another document's source."""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

from policy_site.document.audit import Audit
from policy_site.document.clean import FURNITURE_KIND_LABELS
from policy_site.document.config import Repair
from policy_site.document.model import Clause, Sentence
from policy_site.document.pipeline import DocumentText
from policy_site.zh.pinyin import has_tone_mark

# Built-in furniture rules of clean.py, as readers read them.
RULE_NAMES = {
    "header": "页眉", "dateline": "电头", "editor": "编辑署名", "disclaimer": "声明", "source": "来源标注",
    "breadcrumb": "网页导航", "timestamp": "时间标注", "placeholder": "占位行",
    # End matter the parser keeps (parse.py): the list of attachments, the issuers'
    # signature and date, and a 通知's carried text's own title.
    "attachments": "附件目录", "signature": "落款", "carried-title": "所附文件标题",
}


@dataclass(frozen=True)
class FurnitureEntry:
    """Lines set apart as page furniture, by a built-in rule or a declaration."""
    name: str  # what the lines are, simplified Chinese
    lines: tuple[int, ...]
    reason: str = ""  # a declaration's reason; "" for a built-in rule
    declared_at: str = ""  # document.toml:line of the declaration (in the document's folder)

    @property
    def lines_label(self) -> str:
        """第1–3、7行: the source lines, runs joined."""
        runs: list[list[int]] = []
        for number in self.lines:
            if runs and number == runs[-1][-1] + 1:
                runs[-1].append(number)
            else:
                runs.append([number])
        return "第" + "、".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs) + "行"


@dataclass(frozen=True)
class MethodFacts:
    script: str  # of the full-text source: "traditional" or "simplified"
    readings: int  # pinyin readings removed
    toneless_readings: int  # of which without tone marks
    punctuation: int  # half-width marks made full-width
    converted: int  # characters changed by OpenCC t2s
    repairs: tuple[Repair, ...]  # declared and applied (each exactly its count)
    repaired_spans: int
    rule_furniture: tuple[FurnitureEntry, ...]  # set apart by built-in rules
    declared_furniture: tuple[FurnitureEntry, ...]  # set apart by document.toml declarations
    has_summary: bool
    title_line: bool
    example_clause: Clause | None  # the links section's example
    example_sentence: Sentence | None
    # (file name, SHA-256) of each source file, full text first.
    source_files: tuple[tuple[str, str], ...] = ()
    # Lines of the scraped page kept as metadata (dateline, editor, disclaimer):
    # (what they are, source line, text). They are that page's, not this site's.
    page_notes: tuple[tuple[str, int, str], ...] = ()
    zhe: int = 0  # 著 of a traditional source written 着 (the 着/著 rule: OpenCC tw2s's phrase table)
    fixed: int = 0  # characters changed by the reviewed corrections of simplified.toml


def _count(audit: Audit, rule: str) -> int:
    return next((row.count for row in audit.rows if row.rule == rule), 0)


def method_facts(edition: DocumentText, audit: Audit) -> MethodFacts:
    toneless = sum(1 for line in edition.full_text.lines for s in line.segments
                   if s.rule == "reading" and not has_tone_mark(s.source))
    by_rule: dict[str, list[int]] = {}
    for item in edition.parse.furniture:
        if item.declared is None and item.rule in RULE_NAMES:
            by_rule.setdefault(item.rule, []).append(item.line)
    order = list(RULE_NAMES)
    rule_furniture = tuple(FurnitureEntry(RULE_NAMES[rule], tuple(lines))
                           for rule, lines in sorted(by_rule.items(), key=lambda kv: order.index(kv[0])))
    declared = tuple(FurnitureEntry(FURNITURE_KIND_LABELS[d.declaration.kind], d.lines, d.declaration.reason,
                                    f"document.toml:{d.declaration.line}")
                     for d in edition.parse.declared)
    applied = Counter(s.rule for line in edition.full_text.lines for s in line.segments
                      if s.rule and s.rule.startswith("repair:"))
    clauses = edition.document.clauses
    # A clause whose third sentence exists shows a sentence anchor well; else the first.
    example = next((c for c in clauses if len(c.sentences) >= 3), clauses[0] if clauses else None)
    sentence = None
    if example is not None:
        sentence = example.sentences[min(2, len(example.sentences) - 1)]
    return MethodFacts(
        script=edition.config.full_text.script,
        readings=_count(audit, "reading"),
        toneless_readings=toneless,
        punctuation=_count(audit, "punctuation"),
        converted=_count(audit, "t2s"),
        repairs=edition.config.repairs,
        repaired_spans=sum(applied.values()),
        rule_furniture=rule_furniture,
        declared_furniture=declared,
        has_summary=edition.summary is not None,
        title_line=edition.config.full_text.title_line,
        example_clause=example,
        example_sentence=sentence,
        source_files=tuple((p.name, hashlib.sha256(p.read_bytes()).hexdigest())
                           for p in [edition.config.full_text.path] + ([edition.config.summary.path]
                                                                        if edition.config.summary else [])),
        page_notes=tuple((RULE_NAMES[m.kind], m.source.line, m.text) for m in edition.document.metadata),
        zhe=_count(audit, "zhe"),
        fixed=_count(audit, "fix"),
    )
