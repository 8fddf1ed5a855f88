"""Stage 3, parse: cleaned, simplified lines into the document model.

Line kinds after the title: an optional date line `（2025年8月15日）`, a
document number `〔2019〕328号` or an addressee line ending in `：`, preamble
paragraphs, section headings `一、总体要求`, clauses `（一）…` and paragraphs.
A paragraph after a clause belongs to that clause (a clause may put its title
sentence on a line of its own); before any clause it belongs to the section.

Every structural problem is collected with its file and line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clean import DATELINE_PREFIX, FurnitureLine, furniture_line, is_placeholder
from .diagnostics import Diagnostics
from .model import TERMINAL, Clause, Document, MetadataLine, Paragraph, Section, Sentence, SourceRef
from .numerals import format_numeral, parse_numeral

INDENT = " \t\u3000\u00a0"
_SECTION = re.compile(r"^(?P<numeral>[一二三四五六七八九十百千零]+)、(?P<title>[^。；，]{1,40})$")
_SECTION_LIKE = re.compile(r"^[一二三四五六七八九十百千零]+、")
_CLAUSE = re.compile(r"^（(?P<numeral>[一二三四五六七八九十百千零]+)）(?P<body>.*)$")
_DATE = re.compile(r"^（(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日）$")
_DOC_NUMBER = re.compile(r"^\S{0,12}〔\d{4}〕\d+号$")
_ADDRESSEE = re.compile(r"^[^。]{2,120}：$")
_SENTENCE = re.compile(r".+?(?:[" + TERMINAL + r"][”’」』）]*|$)")


@dataclass(frozen=True)
class TextLine:
    number: int
    text: str  # simplified, cleaned


def split_sentences(text: str) -> list[str]:
    return [m.group() for m in _SENTENCE.finditer(text) if m.group()]


def _normalise_title(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class _SectionBuilder:
    number: int
    numeral: str
    title: str
    source: SourceRef
    paragraphs: list[Paragraph] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)


@dataclass
class ParseResult:
    document: Document | None
    furniture: list[FurnitureLine]
    body_lines: list[int]  # source line numbers that hold document text


def _issuer(title: str) -> str:
    head, sep, _ = title.partition("关于")
    return head.strip() if sep else ""


def parse_document(lines: list[TextLine], *, slug: str, title: str, source_file: str,
                   diagnostics: Diagnostics) -> ParseResult:
    furniture: list[FurnitureLine] = []
    body_lines: list[int] = []
    metadata: list[MetadataLine] = []
    wanted = _normalise_title(title)

    def keep_furniture(item: FurnitureLine) -> None:
        furniture.append(item)
        if item.metadata:
            metadata.append(MetadataLine(item.rule, item.text, SourceRef(source_file, item.line)))

    # Where the title is: everything before it must be furniture.
    title_index = None
    for index, line in enumerate(lines):
        text = line.text.strip(INDENT)
        fused = DATELINE_PREFIX.match(text)
        if _normalise_title(text) == wanted or (fused and _normalise_title(text[fused.end():]) == wanted):
            title_index = index
            break
    if title_index is None:
        diagnostics.error(source_file, 1, "no line holding the document title",
                          f"a line “{title}” (the title in document.toml)",
                          "check the title in document.toml against the source text")
        return ParseResult(None, furniture, body_lines)
    for line in lines[:title_index]:
        item = furniture_line(line.number, line.text)
        if item is None:
            diagnostics.error(source_file, line.number, f"text before the title: “{line.text[:30]}”",
                              "only page furniture (header, dateline) before the title",
                              "delete the line, or add it to the document if it belongs there")
        else:
            keep_furniture(item)

    # Trailing furniture: from the end back over furniture and placeholder lines.
    end = len(lines)
    while end > title_index + 1:
        item = furniture_line(lines[end - 1].number, lines[end - 1].text)
        if item is None:
            break
        end -= 1
    for line in lines[end:]:
        item = furniture_line(line.number, line.text)
        assert item is not None
        keep_furniture(item)

    title_line = lines[title_index]
    title_text = title_line.text.strip(INDENT)
    fused = DATELINE_PREFIX.match(title_text)
    if fused and _normalise_title(title_text) != wanted:
        metadata.append(MetadataLine("dateline", fused.group(1), SourceRef(source_file, title_line.number)))
        title_text = title_text[fused.end():]
    body_lines.append(title_line.number)

    date = date_label = document_number = addressee = None
    front_sources: list[tuple[str, SourceRef]] = []
    preamble: list[Paragraph] = []
    sections: list[_SectionBuilder] = []
    current_clause: dict | None = None
    expected_clause = 1
    expected_section = 1
    seen_clauses: dict[int, int] = {}
    seen_sections: dict[int, int] = {}

    def close_clause() -> None:
        nonlocal current_clause
        if current_clause is not None:
            c = current_clause
            sections[-1].clauses.append(Clause(
                id=f"c{c['number']}", number=c["number"], numeral=c["numeral"],
                section_number=sections[-1].number, paragraphs=tuple(c["paragraphs"]), source=c["source"]))
            current_clause = None

    def make_paragraph(pid: str, text: str, line: int, first_sentence: int) -> Paragraph:
        sentences = split_sentences(text)
        source = SourceRef(source_file, line)
        if sentences and sentences[-1][-1] not in TERMINAL + "”’」』）：":
            diagnostics.error(source_file, line, f"a paragraph ending “…{sentences[-1][-12:]}” without 。",
                              "every paragraph to end with a full stop",
                              "the file may be truncated: compare it with the published text")
        sentence_prefix = pid.rsplit("-p", 1)[0] if pid.startswith("c") else pid
        return Paragraph(pid, tuple(
            Sentence(f"{sentence_prefix}-s{first_sentence + k}", s, source) for k, s in enumerate(sentences)
        ), source)

    for position, line in enumerate(lines[title_index + 1:end], title_index + 1):
        text = line.text.strip(INDENT)
        if not text:
            furniture.append(FurnitureLine("blank", line.number, line.text, False))
            continue
        if is_placeholder(text):
            diagnostics.error(source_file, line.number, f"a placeholder line “{text}” inside the document",
                              "document text", "repair or delete the line")
            continue
        body_lines.append(line.number)
        near_title = not sections and not preamble
        date_match = _DATE.match(text)
        if near_title and date_match and date is None:
            date = f"{int(date_match['y']):04d}-{int(date_match['m']):02d}-{int(date_match['d']):02d}"
            date_label = text[1:-1]
            front_sources.append(("date", SourceRef(source_file, line.number)))
            continue
        if near_title and _DOC_NUMBER.match(text) and document_number is None:
            document_number = text
            front_sources.append(("document-number", SourceRef(source_file, line.number)))
            continue
        if near_title and _ADDRESSEE.match(text) and addressee is None:
            addressee = text
            front_sources.append(("addressee", SourceRef(source_file, line.number)))
            continue
        section_match = _SECTION.match(text)
        if section_match:
            close_clause()
            number = parse_numeral(section_match["numeral"])
            if number is None:
                _bad_numeral(f"{section_match['numeral']}、", line.number, source_file, diagnostics)
                continue
            _check_sequence("section", f"{section_match['numeral']}、", number, expected_section,
                            seen_sections, line.number, source_file, diagnostics)
            seen_sections.setdefault(number, line.number)
            expected_section = max(expected_section, number + 1)
            sections.append(_SectionBuilder(number, section_match["numeral"], section_match["title"].strip(),
                                            SourceRef(source_file, line.number)))
            continue
        if _SECTION_LIKE.match(text):
            diagnostics.error(source_file, line.number, f"a section heading that cannot be parsed: “{text[:30]}”",
                              "a numeral, 、 and a short title without punctuation, e.g. 一、总体要求",
                              "put the section's text on the lines after its heading")
            continue
        clause_match = _CLAUSE.match(text)
        if clause_match:
            number = parse_numeral(clause_match["numeral"])
            if number is None:
                _bad_numeral(f"（{clause_match['numeral']}）", line.number, source_file, diagnostics)
                continue
            if not sections:
                diagnostics.error(source_file, line.number, f"clause （{clause_match['numeral']}） before any section",
                                  "clauses inside a section (一、…)", "check the order of the lines")
                continue
            close_clause()
            _check_sequence("clause", f"（{clause_match['numeral']}）", number, expected_clause,
                            seen_clauses, line.number, source_file, diagnostics)
            seen_clauses.setdefault(number, line.number)
            expected_clause = max(expected_clause, number + 1)
            if not clause_match["body"].strip():
                diagnostics.error(source_file, line.number, f"clause （{clause_match['numeral']}） with no text",
                                  "the clause title sentence after the number", "restore the clause text")
                continue
            current_clause = {"number": number, "numeral": clause_match["numeral"], "paragraphs": [],
                              "source": SourceRef(source_file, line.number), "sentences": 0}
            paragraph = make_paragraph(f"c{number}-p1", clause_match["body"], line.number, 1)
            current_clause["paragraphs"].append(paragraph)
            current_clause["sentences"] = len(paragraph.sentences)
            continue
        if current_clause is not None:
            c = current_clause
            paragraph = make_paragraph(f"c{c['number']}-p{len(c['paragraphs']) + 1}", text, line.number,
                                       c["sentences"] + 1)
            c["paragraphs"].append(paragraph)
            c["sentences"] += len(paragraph.sentences)
        elif sections:
            section = sections[-1]
            section.paragraphs.append(make_paragraph(f"s{section.number}-p{len(section.paragraphs) + 1}",
                                                     text, line.number, 1))
        else:
            preamble.append(make_paragraph(f"preamble-p{len(preamble) + 1}", text, line.number, 1))
    close_clause()

    if not sections:
        diagnostics.error(source_file, lines[-1].number if lines else 1, "no section headings",
                          "sections such as 一、总体要求", "check that the file is complete")
    for section in sections:
        if not section.paragraphs and not section.clauses:
            diagnostics.error(source_file, section.source.line, f"section {section.numeral}、 with no text",
                              "paragraphs or clauses after the heading", "the file may be truncated")

    # A duplicate number is already an error above, so ids here may repeat only in a failed run.
    built = tuple(
        Section(f"s{s.number}", s.number, s.numeral, s.title, tuple(s.paragraphs), tuple(s.clauses), s.source)
        for s in sections
    )
    document = Document(
        slug=slug, title=title_text, title_source=SourceRef(source_file, title_line.number),
        issuer=_issuer(title_text), date=date, date_label=date_label,
        document_number=document_number, addressee=addressee,
        preamble=tuple(preamble), sections=built, metadata=tuple(metadata),
        front_sources=tuple(front_sources),
    )
    return ParseResult(document, furniture, body_lines)


def _check_sequence(kind: str, printed: str, number: int, expected: int, seen: dict[int, int],
                    line: int, source_file: str, diagnostics: Diagnostics) -> None:
    if number in seen:
        diagnostics.error(source_file, line, f"{kind} {printed} a second time (first at line {seen[number]})",
                          f"{kind} {_printed(kind, expected)} next",
                          "renumber or remove the duplicate")
    elif number > expected:
        missing = ", ".join(_printed(kind, n) for n in range(expected, number)) if number - expected <= 5 else \
            f"{_printed(kind, expected)} … {_printed(kind, number - 1)}"
        diagnostics.error(source_file, line, f"{kind} {printed} where {missing} should come first",
                          f"{kind} {_printed(kind, expected)}",
                          "restore the missing text or correct the numbering")
    elif number < expected:
        diagnostics.error(source_file, line, f"{kind} {printed} out of order",
                          f"{kind} {_printed(kind, expected)}", "correct the numbering or the order of the lines")


def _printed(kind: str, number: int) -> str:
    return f"（{format_numeral(number)}）" if kind == "clause" else f"{format_numeral(number)}、"


def _bad_numeral(printed: str, line: int, source_file: str, diagnostics: Diagnostics) -> None:
    diagnostics.error(source_file, line, f"a number {printed} that is not a Chinese numeral from 一 to 九千九百九十九",
                      "a numeral such as 三, 十二, 二十三 or 一百零五",
                      "correct the numeral as the published text has it")
