"""Line rules and their registry, and the state they build the document in.

Modelled on Python-Markdown's blockprocessors.py and util.Registry: a rule
has a name, a priority, `test(state, line)` (does this rule take the line?)
and `run(state, line)` (what it does with it). The driver (parse.py) gives
each line of the text to the first rule, highest priority first, whose test
says yes. A document type is the set of rules registered for it (types.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from policy_site.core.diagnostics import Diagnostics
from policy_site.core.limits import MAX_SENTENCES
from policy_site.document.clean import FurnitureLine
from policy_site.document.model import TERMINAL, Clause, Paragraph, ParagraphKind, Sentence, SourceRef
from policy_site.document.structure.markers import Marker, MarkerFamily

INDENT = " \t\u3000\u00a0"
_SENTENCE = re.compile(r".+?(?:[" + TERMINAL + r"][”’」』）]*|$)")


def split_sentences(text: str) -> list[str]:
    return [m.group() for m in _SENTENCE.finditer(text) if m.group()]


@dataclass(frozen=True)
class TextLine:
    number: int
    text: str  # simplified, cleaned


@dataclass
class SectionBuilder:
    number: int
    numeral: str
    title: str
    source: SourceRef
    paragraphs: list[Paragraph] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)


@dataclass
class ClauseBuilder:
    number: int
    numeral: str
    source: SourceRef
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: int = 0  # sentences so far, numbered through the clause's paragraphs


@dataclass
class Sequence:
    """Where a numbering sequence stands: the number expected next and the
    line each number was first seen on."""
    family: MarkerFamily
    expected: int = 1
    seen: dict[int, int] = field(default_factory=dict)


# A label and its value on one line, printed without 。: 年工作日：365天-104天＝250天,
# 日工资：月工资收入÷月计薪天数, 月计薪天数＝（365天-104天）÷12月＝21.75天. A cut paragraph is still refused: it has no
# short label before a colon, or it has a sentence (。) before the cut.
# A paragraph's closing responsibility note: （财政部负责）, （国家发展改革委牵头，各有关部门按职责分工负责）.
RESPONSIBILITY_NOTE = re.compile(r"^（[^（）。]{2,200}(?:负责|牵头|参与|配合)[^（）。]{0,40}）$")
_LABEL_LINE = re.compile(r"^[^。：:，]{1,12}[：:][^。]{1,80}$|^[^。，]{1,20}＝[^。，]{1,80}$")


@dataclass
class ParseState:
    """What the rules build, line by line, inside the document's text."""
    source_file: str
    diagnostics: Diagnostics
    furniture: list[FurnitureLine]
    body_lines: list[int]
    preamble: list[Paragraph] = field(default_factory=list)
    sections: list[SectionBuilder] = field(default_factory=list)
    clause: ClauseBuilder | None = None
    clause_count: int = 0  # clauses so far: a clause's number is its ordinal in the document
    restarted: bool = False  # clause numbering restarts in each section ((一) again under 三、)
    sequences: dict[str, Sequence] = field(default_factory=dict)
    date: str | None = None
    date_label: str | None = None
    document_number: str | None = None
    addressee: str | None = None
    front_sources: list[tuple[str, SourceRef]] = field(default_factory=list)
    sentence_count: int = 0
    over_sentences: bool = False  # the limit reported once, not for every sentence after it
    # Numbered items of the current container (clause, section or preamble):
    # the open items from the outermost down, as (family name, item id, marker
    # as printed), and how many items each parent (container or item) has.
    item_container: str = ""
    open_items: list[tuple[str, str, str]] = field(default_factory=list)
    item_counts: dict[str, int] = field(default_factory=dict)

    def source(self, line: TextLine) -> SourceRef:
        return SourceRef(self.source_file, line.number)

    @property
    def near_title(self) -> bool:
        """Before the preamble and the sections: where the front matter is printed."""
        return not self.sections and not self.preamble

    def error(self, line: int, found: str, expected: str, fix: str) -> None:
        self.diagnostics.error(self.source_file, line, found, expected, fix)

    def close_clause(self) -> None:
        c = self.clause
        if c is not None:
            self.sections[-1].clauses.append(Clause(
                id=f"c{c.number}", number=c.number, numeral=c.numeral, section_number=self.sections[-1].number,
                paragraphs=tuple(c.paragraphs), source=c.source))
            self.clause = None

    def expected(self, family: MarkerFamily) -> int:
        """The number the family's sequence expects next."""
        sequence = self.sequences.get(family.name)
        return sequence.expected if sequence else 1

    def restart(self, family: MarkerFamily) -> None:
        """Start the family's sequence again at 1 (clauses under a new section)."""
        self.sequences[family.name] = Sequence(family)

    def container(self) -> str:
        """The id of what a paragraph here belongs to: the clause, else the section, else the preamble."""
        if self.clause is not None:
            return f"c{self.clause.number}"
        return f"s{self.sections[-1].number}" if self.sections else "preamble"

    def add_paragraph(self, text: str, line: int, *, heading: bool = False,
                      kind: ParagraphKind = ParagraphKind.TEXT, item: str = "", markers: tuple[str, ...] = ()) -> None:
        """A paragraph of the clause, else the section, else the preamble."""
        clause = self.clause
        if clause is not None:
            paragraph = self.paragraph(f"c{clause.number}-p{len(clause.paragraphs) + 1}", text, line,
                                       clause.sentences + 1, heading, kind=kind, item=item, markers=markers)
            clause.paragraphs.append(paragraph)
            clause.sentences += len(paragraph.sentences)
            return
        paragraphs = self.sections[-1].paragraphs if self.sections else self.preamble
        pid = f"s{self.sections[-1].number}-p" if self.sections else "preamble-p"
        paragraphs.append(self.paragraph(f"{pid}{len(paragraphs) + 1}", text, line, 1, heading,
                                         kind=kind, item=item, markers=markers))

    def paragraph(self, pid: str, text: str, line: int, first_sentence: int, heading: bool = False, *,
                  kind: ParagraphKind = ParagraphKind.TEXT, item: str = "",
                  markers: tuple[str, ...] = ()) -> Paragraph:
        """A paragraph and its sentences; `heading`: a title standing alone,
        which the family prints without 。 (（二）工作原则)."""
        sentences = split_sentences(text)
        self.sentence_count += len(sentences)
        if self.sentence_count > MAX_SENTENCES and not self.over_sentences:
            self.over_sentences = True
            self.error(line, f"a document of more than {MAX_SENTENCES:,} sentences",
                       f"at most {MAX_SENTENCES:,} (core/limits.py)", "publish the text as several documents")
        source = SourceRef(self.source_file, line)
        if not heading and sentences and sentences[-1][-1] not in TERMINAL + "”’」』）：" and not _LABEL_LINE.match(text):
            self.error(line, f"a paragraph ending “…{sentences[-1][-12:]}” without 。",
                       "every paragraph to end with a full stop",
                       "the file may be truncated: compare it with the published text")
        sentence_prefix = pid.rsplit("-p", 1)[0] if pid.startswith("c") else pid
        last = len(sentences) - 1
        return Paragraph(pid, tuple(
            Sentence(f"{sentence_prefix}-s{first_sentence + k}", s, source,
                     note=k == last > 0 and RESPONSIBILITY_NOTE.match(s) is not None)
            for k, s in enumerate(sentences)
        ), source, kind, item, markers)

    def count(self, marker: Marker, line: int) -> None:
        """Hold a numbered heading to its sequence: no number twice, none skipped, none out of order."""
        family = marker.family
        sequence = self.sequences.setdefault(family.name, Sequence(family))
        number, expected, seen = marker.value, sequence.expected, sequence.seen
        assert number is not None
        kind = family.name
        if number in seen:
            self.error(line, f"{kind} {marker.printed} a second time (first at line {seen[number]})",
                       f"{kind} {family.label(expected)} next", "renumber or remove the duplicate")
        elif number > expected:
            missing = ", ".join(family.label(n) for n in range(expected, number)) if number - expected <= 5 else \
                f"{family.label(expected)} … {family.label(number - 1)}"
            self.error(line, f"{kind} {marker.printed} where {missing} should come first",
                       f"{kind} {family.label(expected)}", "restore the missing text or correct the numbering")
        elif number < expected:
            self.error(line, f"{kind} {marker.printed} out of order",
                       f"{kind} {family.label(expected)}", "correct the numbering or the order of the lines")
        seen.setdefault(number, line)
        sequence.expected = max(expected, number + 1)

    def over_limit(self, what: str, count: int, limit: int, line: int, fix: str) -> bool:
        """True (and reported once, at the first line over it) when `count` passes a declared limit."""
        if count <= limit:
            return False
        if count == limit + 1:
            self.error(line, f"{what} number {count:,}", f"at most {limit:,} (core/limits.py)", fix)
        return True

    def bad_numeral(self, marker: Marker, line: int) -> None:
        self.error(line, f"a number {marker.printed} that is not a Chinese numeral from 一 to 九千九百九十九",
                   "a numeral such as 三, 十二, 二十三 or 一百零五",
                   "correct the numeral as the published text has it")


class Rule:
    """A line rule: `test` says whether it takes the line (the text stripped
    of indentation), `run` applies it. `body` says whether the line counts as
    document text (blank lines and refused placeholders do not)."""
    name = ""
    body = True

    def test(self, state: ParseState, line: TextLine, text: str) -> bool:
        raise NotImplementedError

    def run(self, state: ParseState, line: TextLine, text: str) -> None:
        raise NotImplementedError


class Registry:
    """Rules by name, tried highest priority first (util.Registry's order)."""

    def __init__(self) -> None:
        self._rules: dict[str, tuple[float, Rule]] = {}

    def register(self, rule: Rule, name: str, priority: float) -> None:
        rule.name = name
        self._rules[name] = (priority, rule)

    def deregister(self, name: str) -> None:
        del self._rules[name]

    def __contains__(self, name: str) -> bool:
        return name in self._rules

    def __getitem__(self, name: str) -> Rule:
        return self._rules[name][1]

    def __iter__(self) -> Iterator[Rule]:
        ordered = sorted(self._rules.items(), key=lambda kv: -kv[1][0])
        return iter(rule for _, (_, rule) in ordered)

    def names(self) -> list[str]:
        return [rule.name for rule in self]

    def first(self, state: ParseState, line: TextLine, text: str) -> Rule | None:
        return next((rule for rule in self if rule.test(state, line, text)), None)
