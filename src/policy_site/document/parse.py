"""Stage 3, parse: cleaned, simplified lines into the document model.

Before the title and after the document's last line, only page furniture:
lines a built-in rule of clean.py recognises (header, dateline, editor, …)
and lines document.toml declares (`[[full_text.furniture]]`, by line range or
pattern). A source without a title line (`title_line = false`) starts with
the document's first line after the furniture; its title is document.toml's.

Line kinds after the title: an optional date line `（2025年8月15日）`, a
document number `〔2019〕328号` or an addressee line ending in `：`, preamble
paragraphs, section headings `一、总体要求`, clauses `（一）…` and paragraphs.
A paragraph after a clause belongs to that clause (a clause may put its title
sentence on a line of its own); before any clause it belongs to the section.

What the text prints (文号, addressee, date, issuers in the title, type at the
end of the title) is merged with what document.toml declares: a declaration
fills what the text does not say, and one that contradicts it is an error.

Every structural problem is collected with its file and line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from policy_site.document.clean import (DATELINE_PREFIX, FurnitureLine, declared_furniture_line, furniture_line, is_placeholder,
                    matches_declaration)
from policy_site.document.config import DocumentConfig, Furniture, key_line
from policy_site.core.diagnostics import Diagnostics
from policy_site.document.model import TERMINAL, Clause, chinese_date, Document, MetadataLine, Paragraph, Section, Sentence, SourceRef
from policy_site.zh.numerals import format_numeral, parse_numeral
from policy_site.core.read import display_path

if TYPE_CHECKING:
    from policy_site.document.config import LibraryConfig

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


@dataclass(frozen=True)
class DeclaredFurniture:
    """A furniture declaration of document.toml and the source lines it set apart."""
    declaration: Furniture
    lines: tuple[int, ...]


@dataclass(frozen=True)
class Declarations:
    """What document.toml (and the library) declare about the document, with
    the file and key lines to name in messages."""
    config: DocumentConfig
    file: str  # document.toml, as shown
    lines: dict[str, int]  # top-level key -> its line in document.toml
    library: LibraryConfig | None  # content/library.toml; None without one


def declarations_of(config: DocumentConfig, library: LibraryConfig | None) -> Declarations:
    path = config.folder / "document.toml"
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError:  # already reported by the loader
        raw = ""
    keys = ("title", "type", "issuers", "issued", "number", "addressee", "publisher", "published", "official_url")
    return Declarations(config, display_path(path), {k: key_line(raw, f"{k} =") for k in keys}, library)


@dataclass
class ParseResult:
    document: Document | None
    furniture: list[FurnitureLine]
    body_lines: list[int]  # source line numbers that hold document text
    declared: tuple[DeclaredFurniture, ...] = ()


def _issuer(title: str) -> str:
    head, sep, _ = title.partition("关于")
    return head.strip() if sep else ""


def _declared_as(declaration: Furniture) -> str:
    where = (f"lines = [{declaration.lines[0]}, {declaration.lines[1]}]" if declaration.lines
             else f"pattern = {declaration.pattern!r}")
    return f"{declaration.kind}, {where}"


def _match_declarations(lines: list[TextLine], declarations: tuple[Furniture, ...], source_file: str,
                        diagnostics: Diagnostics) -> dict[int, Furniture]:
    """Source line -> the declaration that sets it apart, for the lines no
    built-in rule recognises (those keep their rule). A declaration that
    matches no line at all is an error."""
    last = lines[-1].number if lines else 0
    if lines and not lines[-1].text:
        last -= 1  # the empty "line" after the final line break
    out: dict[int, Furniture] = {}
    for declaration in declarations:
        if declaration.lines is not None and declaration.lines[1] > last:
            diagnostics.error(declaration.file, declaration.line,
                              f"furniture ({_declared_as(declaration)}) reaching beyond the end of {source_file}, "
                              f"which has {last} lines",
                              "line numbers of the source file", "correct the line numbers against the source")
            continue
        matched = [l for l in lines if matches_declaration(l.text, declaration, l.number)]
        if not matched:
            diagnostics.error(declaration.file, declaration.line,
                              f"furniture ({_declared_as(declaration)}) that matches no line of {source_file}",
                              "a pattern matching whole lines of the cleaned, simplified text (leading and "
                              "trailing spaces aside)",
                              "compare the pattern with the source lines as cleaned (readings removed, punctuation "
                              "full-width, simplified script), or remove the declaration")
            continue
        for line in matched:
            if furniture_line(line.number, line.text) is None:
                out.setdefault(line.number, declaration)
    return out


def parse_document(lines: list[TextLine], *, slug: str, title: str, source_file: str,
                   diagnostics: Diagnostics, title_line: bool = True,
                   furniture_declarations: tuple[Furniture, ...] = (),
                   declarations: Declarations | None = None) -> ParseResult:
    furniture: list[FurnitureLine] = []
    body_lines: list[int] = []
    metadata: list[MetadataLine] = []
    wanted = _normalise_title(title)
    declared = _match_declarations(lines, furniture_declarations, source_file, diagnostics)
    config_file = declarations.file if declarations else source_file

    def outside(line: TextLine) -> FurnitureLine | None:
        """What a line before the title or after the document is, if furniture."""
        item = furniture_line(line.number, line.text)
        if item is None and line.number in declared:
            item = declared_furniture_line(line.number, line.text.strip(), declared[line.number])
        return item

    def keep_furniture(item: FurnitureLine) -> None:
        furniture.append(item)
        if item.metadata:
            metadata.append(MetadataLine(item.rule, item.text, SourceRef(source_file, item.line)))

    def swallowed(declaration: Furniture, line: TextLine, what: str) -> None:
        diagnostics.error(declaration.file, declaration.line,
                          f"furniture ({_declared_as(declaration)}) covering line {line.number}, {what}: "
                          f"“{line.text.strip(INDENT)[:30]}”",
                          "furniture only before the title or after the document's last line",
                          f"narrow the lines or the pattern so that {source_file}:{line.number} stays in the document")

    # Where the document starts: after its title line, or (no title line) at
    # the first line that is not furniture. Everything before is furniture.
    title_index = None
    if title_line:
        covered_title = None
        for index, line in enumerate(lines):
            text = line.text.strip(INDENT)
            fused = DATELINE_PREFIX.match(text)
            if _normalise_title(text) == wanted or (fused and _normalise_title(text[fused.end():]) == wanted):
                if line.number in declared:  # a page headline repeating the title, say
                    covered_title = covered_title or line
                    continue
                title_index = index
                break
        if title_index is None:
            if covered_title is not None:
                swallowed(declared[covered_title.number], covered_title, "the title")
            else:
                diagnostics.error(source_file, 1, "no line holding the document title",
                                  f"a line “{title}” (the title in document.toml)",
                                  "check the title in document.toml against the source text, or write "
                                  "title_line = false under [full_text] if the source starts after the title")
            return ParseResult(None, furniture, body_lines)
        start = title_index + 1
        before = lines[:title_index]
    else:
        start = next((i for i, l in enumerate(lines) if outside(l) is None), len(lines))
        before = lines[:start]
    for line in before:
        item = outside(line)
        if item is None:
            diagnostics.error(source_file, line.number, f"text before the title: “{line.text[:30]}”",
                              "only page furniture (header, dateline, declared furniture) before the title",
                              f"declare it in document.toml: [[full_text.furniture]] kind = \"lead\" "
                              f"lines = [{line.number}, {line.number}] reason = \"…\", or add it to the document "
                              "if it belongs there")
        else:
            keep_furniture(item)

    # Trailing furniture: from the end back over furniture lines.
    end = len(lines)
    while end > start and outside(lines[end - 1]) is not None:
        end -= 1
    for line in lines[end:]:
        item = outside(line)
        assert item is not None
        keep_furniture(item)

    # A declaration may not reach into the document: those lines stay text.
    reported: set[int] = set()
    for line in lines[start:end]:
        declaration = declared.get(line.number)
        if declaration is not None and id(declaration) not in reported:
            reported.add(id(declaration))
            swallowed(declaration, line, "inside the document")
    by_number = {l.number: l for l in lines}
    for number, declaration in declared.items():
        text = by_number[number].text.strip(INDENT)
        if id(declaration) not in reported and (_SECTION.match(text) or _CLAUSE.match(text)):
            reported.add(id(declaration))
            swallowed(declaration, by_number[number], "a section or clause heading")

    if title_index is not None:
        title_row = lines[title_index]
        title_text = title_row.text.strip(INDENT)
        fused = DATELINE_PREFIX.match(title_text)
        if fused and _normalise_title(title_text) != wanted:
            metadata.append(MetadataLine("dateline", fused.group(1), SourceRef(source_file, title_row.number)))
            title_text = title_text[fused.end():]
        body_lines.append(title_row.number)
        title_source = SourceRef(source_file, title_row.number)
    else:
        title_text = title
        title_source = SourceRef(config_file, 0)  # no source line holds the title
        first = lines[start] if start < end else None
        if first is not None and _normalise_title(first.text.strip(INDENT)) == wanted:
            diagnostics.error(source_file, first.number, f"the title line “{title[:30]}”",
                              "no title line, as title_line = false in document.toml says",
                              "delete title_line = false under [full_text]")

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

    for line in lines[start:end]:
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

    printed = dict(front_sources)
    dateline = next((m for m in metadata if m.kind == "dateline"), None)
    described = _describe(
        declarations, title=title_text, title_source=title_source if title_index is not None
        else SourceRef(config_file, declarations.lines.get("title", 0) if declarations else 0),
        date=(date, printed["date"]) if date else None,
        number=(document_number, printed["document-number"]) if document_number else None,
        addressee=(addressee, printed["addressee"]) if addressee else None,
        dateline=dateline, diagnostics=diagnostics)
    if "date_label" in described:  # declared, not printed: labelled as the family prints dates
        date, date_label = described.pop("date"), described.pop("date_label")

    # A duplicate number is already an error above, so ids here may repeat only in a failed run.
    built = tuple(
        Section(f"s{s.number}", s.number, s.numeral, s.title, tuple(s.paragraphs), tuple(s.clauses), s.source)
        for s in sections
    )
    document = Document(
        slug=slug, title=title_text, title_source=title_source,
        date=date, date_label=date_label,
        preamble=tuple(preamble), sections=built, metadata=tuple(metadata),
        front_sources=tuple(front_sources), **described,
    )
    by_declaration: dict[int, list[int]] = {}
    for item in furniture:
        if item.declared is not None:
            by_declaration.setdefault(id(item.declared), []).append(item.line)
    declared_result = tuple(DeclaredFurniture(d, tuple(sorted(by_declaration[id(d)])))
                            for d in furniture_declarations if id(d) in by_declaration)
    furniture.sort(key=lambda item: item.line)
    return ParseResult(document, furniture, body_lines, declared_result)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text).rstrip("：:")


def _title_type(title: str, types: tuple[str, ...]) -> str | None:
    """The document type a title ends with (…的意见 -> 意见), the longest that
    fits; a trailing （试行） or the like aside."""
    core = re.sub(r"（[^（）]{1,8}）$", "", title)
    fitting = [t for t in types if core.endswith(t)]
    return max(fitting, key=len) if fitting else None


def _title_issuers(prefix: str) -> tuple[str, ...] | None:
    """Issuers named before 关于 in the title, or None when the title does not
    name them all (国家发展改革委等部门关于…)."""
    if not prefix or "等" in prefix:
        return None
    return tuple(p for p in re.split(r"[\s、，]+", prefix) if p)


Printed = tuple[str, SourceRef]


def _describe(declarations: Declarations | None, *, title: str, title_source: SourceRef,
              date: Printed | None, number: Printed | None, addressee: Printed | None,
              dateline: MetadataLine | None, diagnostics: Diagnostics) -> dict:
    """The described fields of the Document: what the text prints, else what
    document.toml declares; a declaration that contradicts the text is an error."""
    config = declarations.config if declarations else None
    provenance: list[tuple[str, SourceRef]] = []
    out: dict = {}

    def declared_at(key: str) -> SourceRef:
        assert declarations is not None
        return SourceRef(declarations.file, declarations.lines.get(key, 0))

    def contradiction(key: str, value: str, printed: Printed, what: str, expected: str = "", fix: str = "") -> None:
        assert declarations is not None
        diagnostics.error(declarations.file, declarations.lines.get(key, 0),
                          f"{key} = “{value}”, but {printed[1]} prints {what} “{printed[0]}”",
                          expected or f"the value the text prints, or no `{key}`",
                          fix or f"correct `{key}` in document.toml, or delete it: the text's value is used")

    def merge(key: str, printed: Printed | None, value: str, what: str, same=lambda a, b: a == b) -> str | None:
        if printed and value and not same(printed[0], value):
            contradiction(key, value, printed, what)
        if printed:
            provenance.append((key, printed[1]))
            return printed[0]
        if value:
            provenance.append((key, declared_at(key)))
            return value
        return None

    out["document_number"] = merge("number", number, config.number if config else "", "the 文号",
                                   lambda a, b: _compact(a) == _compact(b))
    declared_addressee = config.addressee if config else ""
    if declared_addressee and not declared_addressee.endswith(("：", ":")):
        declared_addressee += "："  # an addressee line ends with a colon, as printed
    out["addressee"] = merge("addressee", addressee, declared_addressee, "the addressee",
                             lambda a, b: _compact(a) == _compact(b))
    issued = merge("issued", date, config.issued if config else "", "the date of issue")
    if issued and not date:
        out["date"], out["date_label"] = issued, chinese_date(issued)

    prefix = _issuer(title)
    named = _title_issuers(prefix)
    declared_issuers = config.issuers if config else ()
    if named and declared_issuers and tuple(named) != tuple(declared_issuers):
        contradiction("issuers", "、".join(declared_issuers), ("、".join(named), title_source),
                      "the issuers (in the title)")
    if named:
        provenance.append(("issuers", title_source))
        out["issuers"] = named
    elif declared_issuers:
        provenance.append(("issuers", declared_at("issuers")))
        out["issuers"] = tuple(declared_issuers)
    elif prefix:
        provenance.append(("issuers", title_source))
        out["issuers"] = (prefix,)
    out["issuer"] = prefix or " ".join(out.get("issuers", ()))

    library = declarations.library if declarations else None
    types = library.document_types if library else ()
    declared_type = config.doc_type if config else ""
    # A type the library does not list is the catalog's error (library/catalog.py).
    title_type = _title_type(title, types) if declared_type in types or not declared_type else None
    out["doc_type"] = merge("type", (title_type, title_source) if title_type else None, declared_type,
                            "the type (at the end of the title)")

    publisher = config.publisher if config else ""
    published = config.published if config else ""
    if publisher:
        provenance.append(("publisher", declared_at("publisher")))
    if published:
        provenance.append(("published", declared_at("published")))
        # Xinhua's dateline (新华社北京8月28日电) dates its own release.
        released = re.search(r"(\d{1,2})月(\d{1,2})日电$", dateline.text) if dateline else None
        if released and publisher and dateline.text.startswith(publisher):
            month, day = int(published[5:7]), int(published[8:10])
            if (month, day) != (int(released[1]), int(released[2])):
                contradiction("published", published, (dateline.text, dateline.source), "the dateline",
                              f"a date of publication on the dateline's day ({released[1]}月{released[2]}日)",
                              "correct `published`, or `publisher` if someone else published this text later")
    if config and config.official_url:
        provenance.append(("official_url", declared_at("official_url")))
    out["publisher"] = publisher or None
    out["published"] = published or None
    out["official_url"] = (config.official_url if config else "") or None
    out["provenance"] = tuple(provenance)
    return out


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
