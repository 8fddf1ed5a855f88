"""Document types as sets of rules. FAMILY is the family of 意见, 通知 and
方案 this library publishes: front matter near the title, sections 一、,
clauses （一）, and paragraphs belonging to the clause or section before them.

`family_rules()` gives a fresh registry, so a type that differs in one rule
registers or deregisters that rule by name.
"""
from __future__ import annotations

import re

from policy_site.core.limits import MAX_CLAUSES, MAX_TITLE_CHARS
from policy_site.document.clean import FurnitureLine, is_placeholder
from policy_site.document.model import ParagraphKind
from policy_site.document.structure.markers import (
    CHINESE_DIGITS,
    CLAUSE,
    ITEM_FAMILIES,
    SECTION,
    Marker,
    marker_of,
)
from policy_site.document.structure.rules import (
    ClauseBuilder,
    ParseState,
    Registry,
    Rule,
    SectionBuilder,
    split_sentences,
)
from policy_site.zh.numerals import parse_numeral

_DATE = re.compile(r"^（(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日）$")
# 国办发〔2023〕12号, 劳社部发[2008]3号, （国办发〔2023〕17 号） as a PDF prints it
_DOC_NUMBER = re.compile(r"^（?\S{0,12}[〔\[]\d{4}[〕\]] ?\d+ ?号）?$")
_ADDRESSEE = re.compile(r"^[^。]{2,}：$")  # of any length: some list every kind of body addressed
SECTION_TITLE = re.compile(r"^[^。；，]{1,40}$")  # a heading's title: short, no sentence punctuation
TERMINAL = "。！？"
HEADING_LENGTH = 60  # a punctuated heading (二、……，……) is no longer than this


def _punctuated_heading(state: ParseState, marker: Marker) -> bool:
    """二、坚持……，推进…… : a heading with punctuation is read as one when it
    carries the number the sequence expects next and holds no full stop."""
    rest = marker.rest.strip()
    return (marker.value == state.expected(marker.family) and bool(rest) and len(rest) <= HEADING_LENGTH
            and not any(c in TERMINAL for c in rest))


def _heading_only(rest: str) -> bool:
    """（二）工作原则 alone on its line: a clause title without 。, its text on the lines after."""
    rest = rest.strip()
    return bool(rest) and len(rest) <= HEADING_LENGTH and not any(c in TERMINAL for c in rest)


class Blank(Rule):
    body = False

    def test(self, state, line, text):
        return not text

    def run(self, state, line, text):
        state.furniture.append(FurnitureLine("blank", line.number, line.text, False))


class Placeholder(Rule):
    body = False

    def test(self, state, line, text):
        return is_placeholder(text)

    def run(self, state, line, text):
        state.error(line.number, f"a placeholder line “{text}” inside the document",
                    "document text", "repair or delete the line")


class DateLine(Rule):
    """（2025年8月15日） under the title."""

    def test(self, state, line, text):
        return state.near_title and state.date is None and _DATE.match(text) is not None

    def run(self, state, line, text):
        found = _DATE.match(text)
        assert found is not None
        state.date = f"{int(found['y']):04d}-{int(found['m']):02d}-{int(found['d']):02d}"
        state.date_label = text[1:-1]
        state.front_sources.append(("date", state.source(line)))


class DocumentNumber(Rule):
    """The 文号: 国办发〔2019〕328号."""

    def test(self, state, line, text):
        return state.near_title and state.document_number is None and _DOC_NUMBER.match(text) is not None

    def run(self, state, line, text):
        state.document_number = text
        state.front_sources.append(("document-number", state.source(line)))


class Addressee(Rule):
    """各省、自治区、直辖市人民政府，国务院各部委、各直属机构："""

    def test(self, state, line, text):
        return state.near_title and state.addressee is None and _ADDRESSEE.match(text) is not None

    def run(self, state, line, text):
        state.addressee = text
        state.front_sources.append(("addressee", state.source(line)))


class SectionHeading(Rule):
    """一、总体要求"""

    def test(self, state, line, text):
        marker = SECTION.match(text)
        return marker is not None and (SECTION_TITLE.match(marker.rest) is not None
                                       or _punctuated_heading(state, marker))

    def run(self, state, line, text):
        marker = SECTION.match(text)
        assert marker is not None
        state.close_clause()
        if marker.value is None:
            state.bad_numeral(marker, line.number)
            return
        state.count(marker, line.number)
        state.sections.append(SectionBuilder(marker.value, marker.numeral, marker.rest.strip(), state.source(line)))


class NumberedParagraphSection(Rule):
    """三、2000年3月17日……同时废止。: in a 通知 of numbered paragraphs (no
    clauses), a section whose text follows its number on the line. Its first
    sentence is its title when short and more text follows (一、提高认识。各地要……),
    as printed, full stop included; otherwise the section has no title and the
    line is its first paragraph. In a document with clauses such a line stays
    an error: there it is more likely a heading and its text run together."""

    def test(self, state, line, text):
        marker = SECTION.match(text)
        return (marker is not None and marker.value is not None and state.clause_count == 0
                and marker.value == state.expected(SECTION) and any(c in TERMINAL for c in marker.rest)
                and not marker.rest.startswith(tuple(TERMINAL)))

    def run(self, state, line, text):
        marker = SECTION.match(text)
        assert marker is not None and marker.value is not None
        state.close_clause()
        state.count(marker, line.number)
        sentences = split_sentences(marker.rest)
        titled = len(sentences) > 1 and len(sentences[0]) <= HEADING_LENGTH
        title = sentences[0] if titled else ""
        state.sections.append(SectionBuilder(marker.value, marker.numeral, title, state.source(line)))
        state.add_paragraph(marker.rest[len(title):], line.number)


class BareSectionNumber(Rule):
    """三 alone on its line where section 三、 comes next: a scrape that lost
    the 、 (and put the text on the next line). Refused with what to repair."""

    def test(self, state, line, text):
        numeral = text.lstrip("#").strip()
        return bool(numeral) and all(c in CHINESE_DIGITS for c in numeral) and \
            parse_numeral(numeral) == state.expected(SECTION) and len(numeral) <= 4

    def run(self, state, line, text):
        numeral = text.lstrip("#").strip()
        state.error(line.number, f"a section number “{numeral}” alone on its line, without 、",
                    f"section {numeral}、 with its title or its text on the same line",
                    f"the scrape lost the 、: compare with the published text and declare a repair "
                    f"(repairs.toml) that restores “{numeral}、” and joins the line with its text")


class UnreadableSectionHeading(Rule):
    """A line opening with 一、 that no section rule reads, where a heading
    could stand: its number is the next section's, or it holds no sentence.
    A sentence whose number is not the next section's (一、……。 inside a
    clause's text) is text, for the paragraph rule."""

    def test(self, state, line, text):
        marker = SECTION.match(text)
        return marker is not None and (marker.value is None or marker.value == state.expected(SECTION)
                                       or not any(c in TERMINAL for c in marker.rest))

    def run(self, state, line, text):
        marker = SECTION.match(text)
        assert marker is not None
        looks = ("a full stop inside: a heading and its text on one line" if any(c in TERMINAL for c in marker.rest)
                 else f"{len(marker.rest)} characters, longer than a heading ({HEADING_LENGTH} at most)"
                 if len(marker.rest) > HEADING_LENGTH else
                 f"number {marker.printed} where the sequence expects {SECTION.label(state.expected(SECTION))}")
        state.error(line.number, f"a section heading that cannot be parsed: “{text[:30]}” ({looks})",
                    "rule `section`: a numeral, 、 and a title without 。 (e.g. 一、总体要求, 二、坚持……，推进……), "
                    "numbered next in the sequence; or rule `paragraph`: a sentence not numbered next",
                    "put the section's text on the lines after its heading, or correct the numbering")


class ClauseHeading(Rule):
    """（一）the clause's title sentence。and its text"""

    def test(self, state, line, text):
        return CLAUSE.match(text) is not None

    def run(self, state, line, text):
        marker = CLAUSE.match(text)
        assert marker is not None
        if marker.value is None:
            state.bad_numeral(marker, line.number)
            return
        if not state.sections:
            state.error(line.number, f"clause {marker.printed} before any section",
                        "clauses inside a section (一、…)", "check the order of the lines")
            return
        state.close_clause()
        if marker.value == 1 and state.sequences.get(CLAUSE.name) and not state.sections[-1].clauses:
            state.restart(CLAUSE)  # numbering restarts in each section: （一） under 三、
            state.restarted = True
        state.count(marker, line.number)
        if not marker.rest.strip():
            state.error(line.number, f"clause {marker.printed} with no text",
                        "the clause title sentence after the number", "restore the clause text")
            return
        state.clause_count += 1
        if state.over_limit("clause", state.clause_count, MAX_CLAUSES, line.number,
                            "publish the text as several documents"):
            return
        title = split_sentences(marker.rest)[0] if marker.rest.strip() else ""
        if len(title) > MAX_TITLE_CHARS:
            state.error(line.number, f"clause {marker.printed}'s title sentence of {len(title):,} characters",
                        f"at most {MAX_TITLE_CHARS} (core/limits.py): a title, not a text",
                        "check the line: a full stop may be missing after the title")
            return
        clause = state.clause = ClauseBuilder(state.clause_count, marker.numeral, state.source(line))
        paragraph = state.paragraph(f"c{clause.number}-p1", marker.rest, line.number, 1,
                                    heading=_heading_only(marker.rest))
        clause.paragraphs.append(paragraph)
        clause.sentences = len(paragraph.sentences)


ITEM_HEADING_LENGTH = 30  # 1.监督组 alone on its line: a sub-heading, no longer than this


def item_marker(text: str) -> Marker | None:
    """1.…… 1、…… （1）…… ①……, not a number that begins the sentence (1.5亿元……)."""
    marker = marker_of(text, ITEM_FAMILIES)
    if marker is None or marker.value is None or not marker.rest.strip() or marker.rest[0].isdigit():
        return None
    return marker


class NumberedItem(Rule):
    """1.…… （1）…… ①……: an item of the clause (else the section, else the
    preamble), numbered through its parent. Items nest by the order their
    marker families appear in the parent, as the family prints them: a family
    not open yet starts items inside the last open item (（1） under 1.); an
    open family's marker closes the items below it (2. after （2）)."""

    def test(self, state, line, text):
        return item_marker(text) is not None

    def run(self, state, line, text):
        marker = item_marker(text)
        assert marker is not None and marker.value is not None
        container = state.container()
        if state.item_container != container:
            state.item_container, state.open_items = container, []
        families = [name for name, _, _ in state.open_items]
        if marker.family.name in families:
            del state.open_items[families.index(marker.family.name):]
        parent = state.open_items[-1][1] if state.open_items else container
        ordinal = state.item_counts[parent] = state.item_counts.get(parent, 0) + 1
        item = f"{parent}-i{ordinal}"
        if marker.value != ordinal:
            state.diagnostics.warning(
                state.source_file, line.number, f"item {marker.printed} where {marker.family.label(ordinal)} comes "
                f"next in {parent}", "items numbered 1, 2, 3 … through their parent",
                f"compare with the published text: an item may be missing. Published as printed, with id {item}")
        state.open_items.append((marker.family.name, item, marker.printed))
        rest = marker.rest.strip()
        heading = len(rest) <= ITEM_HEADING_LENGTH and not any(c in TERMINAL + "，；" for c in rest)
        state.add_paragraph(text, line.number, heading=heading, kind=ParagraphKind.ITEM, item=item,
                            markers=tuple(printed for _, _, printed in state.open_items))


class Bullet(Rule):
    """——坚持……。: a bullet paragraph (the family lists principles this way)."""

    def test(self, state, line, text):
        return text.startswith("——") and len(text) > 2

    def run(self, state, line, text):
        state.add_paragraph(text, line.number, kind=ParagraphKind.BULLET)


class PlainParagraph(Rule):
    """Any other line: a paragraph of the clause, else the section, else the preamble."""

    def test(self, state, line, text):
        return True

    def run(self, state, line, text):
        state.add_paragraph(text, line.number)


QUESTION = re.compile(r"^(?:记者)?问[：:]")


class Question(Rule):
    """问：……？ in an interpretation (答记者问): each question opens a section
    of its own, unnumbered as printed (the site names it by its place: 第三问),
    its whole line the heading; the answers (答：……) are its paragraphs."""

    def test(self, state, line, text):
        return QUESTION.match(text) is not None

    def run(self, state, line, text):
        if len(text) > MAX_TITLE_CHARS:
            state.error(line.number, f"a question of {len(text):,} characters",
                        f"at most {MAX_TITLE_CHARS} (core/limits.py): a question, not an answer",
                        "check the line: the answer may be joined to it; put 答：…… on a line of its own")
            return
        state.close_clause()
        state.sections.append(SectionBuilder(len(state.sections) + 1, "", text, state.source(line)))


def interpretation_rules() -> Registry:
    """An interpretation (解读, 答记者问): the family's rules and questions as
    its sections."""
    rules = family_rules()
    rules.register(Question(), "question", 55)
    return rules


def rules_for(doc_type: str) -> Registry:
    """The rules of a document type (document.toml `type`); the family's for any other."""
    return interpretation_rules() if doc_type == INTERPRETATION_TYPE else family_rules()


INTERPRETATION_TYPE = "解读"


def family_rules() -> Registry:
    """The rules of the family's documents, highest priority first."""
    rules = Registry()
    rules.register(Blank(), "blank", 100)
    rules.register(Placeholder(), "placeholder", 90)
    rules.register(DateLine(), "date", 80)
    rules.register(DocumentNumber(), "document-number", 70)
    rules.register(Addressee(), "addressee", 60)
    rules.register(SectionHeading(), "section", 50)
    rules.register(NumberedParagraphSection(), "section-with-text", 45)
    rules.register(BareSectionNumber(), "section-bare-number", 42)
    rules.register(UnreadableSectionHeading(), "section-unreadable", 40)
    rules.register(ClauseHeading(), "clause", 30)
    rules.register(NumberedItem(), "item", 20)
    rules.register(Bullet(), "bullet", 10)
    rules.register(PlainParagraph(), "paragraph", 0)
    return rules


def is_heading(text: str) -> bool:
    """A section or clause heading as the family's rules read one (a
    furniture declaration may not cover it)."""
    marker = SECTION.match(text)
    return (marker is not None and SECTION_TITLE.match(marker.rest) is not None) or CLAUSE.match(text) is not None
