"""Stage 3, parse: cleaned, simplified lines into the document model.

Before the title and after the document's last line, only page furniture:
lines a built-in rule of clean.py recognises (header, dateline, editor, …)
and lines document.toml declares (`[[full_text.furniture]]`, by line range or
pattern). A source without a title line (`title_line = false`) starts with
the document's first line after the furniture; its title is document.toml's.

parse_document is a driver: it sets the furniture apart (a run of lines
before the title is one message; declared furniture may also stand between
the title and the text), finds the title (on one line, or over two or three),
sets apart a signature after the text (issuer lines, 2023年5月26日,
（此件公开发布）) and, in a 通知 carrying a 方案 or 意见, the 通知's signature
and the carried text's title, all kept as metadata; then it hands each line
of the text to the first rule of the document type that takes it
(structure/types.py: date line, 文号, addressee of any length, section
heading read by its numbering sequence, clause, paragraph). A paragraph
after a clause belongs to that clause (a clause may put its title on a line
of its own, with or without 。); before any clause it belongs to the section.
Clause numbering may restart in each section: ids stay ordinals through the
document, labels as printed, citation labels name the section (三（一）).

What the text prints (文号, addressee, date, issuers in the title, type at the
end of the title) is merged with what document.toml declares: a declaration
fills what the text does not say, and one that contradicts it is an error.

Every structural problem is collected with its file and line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from policy_site.core.diagnostics import Diagnostics
from policy_site.core.read import display_path
from policy_site.document.clean import (
    DATELINE_PREFIX,
    FurnitureLine,
    declared_furniture_line,
    furniture_line,
    matches_declaration,
)
from policy_site.document.config import DocumentConfig, Furniture, content_root, key_line
from policy_site.document.issuers import issuing_bodies, split_bodies
from policy_site.document.model import Document, MetadataLine, Section, SourceRef, chinese_date
from policy_site.document.structure.markers import SECTION, marker_of
from policy_site.document.structure.rules import INDENT, ParseState, Registry, TextLine, split_sentences
from policy_site.document.structure.types import family_rules, is_heading, item_marker

__all__ = ["INDENT", "TextLine", "split_sentences", "ParseResult", "Declarations", "declarations_of",
           "parse_document"]

if TYPE_CHECKING:
    from policy_site.document.config import LibraryConfig

def _normalise_title(text: str) -> str:
    return re.sub(r"\s+", "", text)


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
                   declarations: Declarations | None = None, rules: Registry | None = None) -> ParseResult:
    """The driver: furniture around the text, the title, then each line of
    the text to the first rule of the document type that takes it."""
    outer = _Outer(source_file, diagnostics, _match_declarations(lines, furniture_declarations, source_file,
                                                                 diagnostics))
    config_file = declarations.file if declarations else source_file
    located = _locate_text(lines, title, title_line, outer)
    if located is None:
        return ParseResult(None, outer.furniture, [])
    title_index, start, end = located  # the text: lines[start:end], furniture and signature outside
    outer.check_swallowed(lines, start, end)
    state = ParseState(source_file, diagnostics, outer.furniture, [])
    title_parts: tuple[tuple[int, str], ...] = ()
    if title_index is not None:
        title_rows = lines[title_index[0]:title_index[1] + 1]
        title_text, title_source = _title_of(title_rows, title, state, outer)
        if len(title_rows) > 1:
            title_parts = tuple((row.number, row.text.strip(INDENT)) for row in title_rows)
    else:
        title_text, title_source = title, SourceRef(config_file, 0)  # no source line holds the title
        first = lines[start] if start < end else None
        if first is not None and _normalise_title(first.text.strip(INDENT)) == _normalise_title(title):
            diagnostics.error(source_file, first.number, f"the title line “{title[:30]}”",
                              "no title line, as title_line = false in document.toml says",
                              "delete title_line = false under [full_text]")
    registry = rules if rules is not None else family_rules()
    carried = _carried_document(lines, start, end)
    for index, line in enumerate(lines[start:end], start):
        text = line.text.strip(INDENT)
        if index in carried:  # the 通知's signature and the carried text's title: end matter, kept
            outer.keep(FurnitureLine(carried[index], line.number, text, True))
            continue
        rule = registry.first(state, line, text)
        assert rule is not None  # the paragraph rule takes any line
        if rule.body:
            state.body_lines.append(line.number)
        rule.run(state, line, text)
    state.close_clause()
    _check_sections(state, lines)
    described = _describe(
        declarations, title=title_text, title_source=title_source if title_index is not None
        else SourceRef(config_file, declarations.lines.get("title", 0) if declarations else 0),
        **_printed_front(state), dateline=next((m for m in outer.metadata if m.kind == "dateline"), None),
        diagnostics=diagnostics)
    date, date_label = state.date, state.date_label
    if "date_label" in described:  # declared, not printed: labelled as the family prints dates
        date, date_label = described.pop("date"), described.pop("date_label")
    # A duplicate number is already an error, so ids here may repeat only in a failed run.
    built = tuple(Section(f"s{s.number}", s.number, s.numeral, s.title, tuple(s.paragraphs),
                          tuple(replace(c, section_numeral=s.numeral) if state.restarted else c for c in s.clauses),
                          s.source) for s in state.sections)
    document = Document(
        slug=slug, title=title_text, title_source=title_source, date=date, date_label=date_label,
        preamble=tuple(state.preamble), sections=built, metadata=tuple(outer.metadata), title_parts=title_parts,
        front_sources=tuple(state.front_sources), **described,
    )
    return ParseResult(document, sorted(outer.furniture, key=lambda item: item.line), state.body_lines,
                       outer.declared_result(furniture_declarations))


class _Outer:
    """Furniture outside the text (before the title, after the last line) and
    the declarations that set lines apart."""

    def __init__(self, source_file: str, diagnostics: Diagnostics, declared: dict[int, Furniture]) -> None:
        self.source_file, self.diagnostics, self.declared = source_file, diagnostics, declared
        self.furniture: list[FurnitureLine] = []
        self.metadata: list[MetadataLine] = []

    def item(self, line: TextLine) -> FurnitureLine | None:
        """What a line before the title or after the document is, if furniture."""
        item = furniture_line(line.number, line.text)
        if item is None and line.number in self.declared:
            item = declared_furniture_line(line.number, line.text.strip(), self.declared[line.number])
        return item

    def keep(self, item: FurnitureLine) -> None:
        self.furniture.append(item)
        if item.metadata:
            self.metadata.append(MetadataLine(item.rule, item.text, SourceRef(self.source_file, item.line)))

    def swallowed(self, declaration: Furniture, line: TextLine, what: str) -> None:
        self.diagnostics.error(declaration.file, declaration.line,
                               f"furniture ({_declared_as(declaration)}) covering line {line.number}, {what}: "
                               f"“{line.text.strip(INDENT)[:30]}”",
                               "furniture only before the title or after the document's last line",
                               f"narrow the lines or the pattern so that {self.source_file}:{line.number} "
                               "stays in the document")

    def check_swallowed(self, lines: list[TextLine], start: int, end: int) -> None:
        """A declaration may not reach into the document: those lines stay text."""
        reported: set[int] = set()
        for line in lines[start:end]:
            declaration = self.declared.get(line.number)
            if declaration is not None and id(declaration) not in reported:
                reported.add(id(declaration))
                self.swallowed(declaration, line, "inside the document")
        by_number = {l.number: l for l in lines}
        for number, declaration in self.declared.items():
            if id(declaration) not in reported and is_heading(by_number[number].text.strip(INDENT)):
                reported.add(id(declaration))
                self.swallowed(declaration, by_number[number], "a section or clause heading")

    def declared_result(self, declarations: tuple[Furniture, ...]) -> tuple[DeclaredFurniture, ...]:
        by_declaration: dict[int, list[int]] = {}
        for item in self.furniture:
            if item.declared is not None:
                by_declaration.setdefault(id(item.declared), []).append(item.line)
        return tuple(DeclaredFurniture(d, tuple(sorted(by_declaration[id(d)])))
                     for d in declarations if id(d) in by_declaration)


def _find_title(lines: list[TextLine], title: str, outer: _Outer) -> tuple[int, int] | None:
    """The first and last index of the title's lines: one line, else a title
    printed over two or three lines; a line a declaration covers (a page
    headline repeating the title) is not it. None, reported, when there is none."""
    wanted = _normalise_title(title)
    covered_title = None
    for index, line in enumerate(lines):
        text = line.text.strip(INDENT)
        fused = DATELINE_PREFIX.match(text)
        if _normalise_title(text) == wanted or (fused and _normalise_title(text[fused.end():]) == wanted):
            if line.number in outer.declared:
                covered_title = covered_title or line
                continue
            return index, index
    for index in range(len(lines)):
        for count in (2, 3):
            rows = lines[index:index + count]
            if (len(rows) == count and all(r.text.strip(INDENT) and r.number not in outer.declared for r in rows)
                    and _normalise_title("".join(r.text for r in rows)) == wanted):
                return index, index + count - 1
    if covered_title is not None:
        outer.swallowed(outer.declared[covered_title.number], covered_title, "the title")
    else:
        outer.diagnostics.error(outer.source_file, 1, "no line holding the document title",
                                f"a line “{title}” (the title in document.toml)",
                                "check the title in document.toml against the source text, or write "
                                "title_line = false under [full_text] if the source starts after the title")
    return None


def _locate_text(lines: list[TextLine], title: str, title_line: bool,
                 outer: _Outer) -> tuple[tuple[int, int] | None, int, int] | None:
    """(title's first and last index, first text index, end index): where the document starts,
    after its title line or (no title line) at the first line that is not
    furniture, and where it ends, before the trailing furniture. Everything
    outside is furniture, or an error. None when there is no title line."""
    title_index = None
    if title_line:
        title_index = _find_title(lines, title, outer)
        if title_index is None:
            return None
        start = _after_declared(lines, title_index[1] + 1, outer)
        before = lines[:title_index[0]] + lines[title_index[1] + 1:start]
    else:
        start = next((i for i, l in enumerate(lines) if outer.item(l) is None), len(lines))
        before = lines[:start]
    block: list[TextLine] = []  # consecutive lines of text before the title: one message
    for line in [*before, None]:
        item = outer.item(line) if line is not None else None
        if line is not None and item is None:
            block.append(line)
            continue
        if item is not None and item.rule == "blank" and block:  # a blank line inside the run
            outer.keep(item)
            continue
        if block:
            _text_before_title(block, outer)
            block = []
        if item is not None:
            outer.keep(item)
    end = len(lines)
    while end > start and outer.item(lines[end - 1]) is not None:
        end -= 1
    for line in lines[end:]:
        item = outer.item(line)
        assert item is not None
        outer.keep(item)
    signed = _signature_start(lines, start, end)
    attached = _attachments_start(lines, start, signed)
    for index, line in enumerate(lines[attached:end], attached):
        text = line.text.strip(INDENT)
        kind = "attachments" if index < signed else "signature"
        outer.keep(FurnitureLine(kind if text else "blank", line.number, text if text else line.text, bool(text)))
    return title_index, start, attached


def _after_declared(lines: list[TextLine], start: int, outer: _Outer) -> int:
    """Past the declared furniture between the title and the text (a page's
    share buttons, a 字号 line): the text starts after the last declared line
    of that run; blank lines between declared ones are set apart with them."""
    at = start
    for index in range(start, len(lines)):
        # Declared lines, and lines a built-in rule knows (来源：…, 时间：…, a page's under-title line).
        if lines[index].number in outer.declared or furniture_line(lines[index].number, lines[index].text):
            at = index + 1
        elif lines[index].text.strip(INDENT):
            break
    return at


def _text_before_title(block: list[TextLine], outer: _Outer) -> None:
    """One message for a run of consecutive lines before the title (a page's
    94 navigation lines are one thing to declare, not 94)."""
    first, last = block[0].number, block[-1].number
    more = f" and {len(block) - 1} more lines to line {last}" if len(block) > 1 else ""
    outer.diagnostics.error(
        outer.source_file, first, f"text before the title: “{block[0].text[:30]}”{more}",
        "only page furniture (header, dateline, declared furniture) before the title",
        f"declare it in document.toml: [[full_text.furniture]] kind = \"lead\" "
        f"lines = [{first}, {last}] reason = \"…\", or add it to the document if it belongs there")


_SIGNATURE_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_PUBLIC_NOTE = re.compile(r"^[（(]此件[^）)]{1,12}[）)]$")
_ATTACHMENTS = re.compile(r"^附\s*件\s*[：:]")  # 附件：1.……, 附件：……方案
_SIGNER = re.compile(r"^[^，。；：、！？“”（）]{2,40}$")  # 国务院办公厅, 卫生健康委 教 育 部


def _signature_start(lines: list[TextLine], start: int, end: int) -> int:
    """Where the signature after the text begins: issuer lines, a date line
    2023年5月26日 and an optional （此件公开发布）, kept as end matter
    (metadata), not as the last clause's paragraphs. `end` when there is none."""
    texts = [(i, l.text.strip(INDENT)) for i, l in enumerate(lines[start:end], start) if l.text.strip(INDENT)]
    if texts and _PUBLIC_NOTE.match(texts[-1][1]):
        texts.pop()
    if not texts or not _SIGNATURE_DATE.match(texts[-1][1]):
        return end
    at = texts.pop()[0]
    while len(texts) > 1 and _SIGNER.match(texts[-1][1]) and not item_marker(texts[-1][1]):
        at = texts.pop()[0]
    return at if at > start else end




def _attachments_start(lines: list[TextLine], start: int, end: int) -> int:
    """Where the list of attachments after the text begins (附件：1.……清单 and
    the numbered lines under it, titles without 。), kept as end matter like
    the signature; `end` when there is none."""
    for index in range(end - 1, start, -1):
        text = lines[index].text.strip(INDENT)
        if not text:
            continue
        if any(c in "。！？；" for c in text) or len(text) > 80:
            return end
        if _ATTACHMENTS.match(text):
            return index
        if item_marker(text) is None:
            return end
    return end


def _carried_document(lines: list[TextLine], start: int, end: int) -> dict[int, str]:
    """A 通知 carrying a 方案 or 意见 (印发……的通知): its text, its signature
    (issuer lines, a date line) and then the carried text's own title, before
    any section. Index -> kind ("signature", "carried-title") for those lines;
    the 通知's text stays preamble, the carried text's structure is parsed."""
    first_section = next((i for i in range(start, end) if SECTION.match(lines[i].text.strip(INDENT))), end)
    dated = next((i for i in range(start, first_section) if _SIGNATURE_DATE.match(lines[i].text.strip(INDENT))),
                 None)
    if dated is None:
        return {}
    found = {dated: "signature"}
    at = dated - 1
    while at > start and _SIGNER.match(lines[at].text.strip(INDENT)) and len(found) < 6:
        found[at] = "signature"
        at -= 1
    after = dated + 1
    if after < first_section and _PUBLIC_NOTE.match(lines[after].text.strip(INDENT)):
        found[after] = "signature"  # （此件公开发布） under the date: the 通知's end matter
        after += 1
    heading = lines[after].text.strip(INDENT) if after < first_section else ""
    if heading and _SIGNER.match(heading) and not marker_of(heading):
        found[after] = "carried-title"
    return found


def _title_of(rows: list[TextLine], title: str, state: ParseState, outer: _Outer) -> tuple[str, SourceRef]:
    """The title as printed (its lines joined: a line break is no character),
    a dateline fused before it set apart as metadata."""
    text = "".join(row.text.strip(INDENT) for row in rows)
    fused = DATELINE_PREFIX.match(text)
    if fused and _normalise_title(text) != _normalise_title(title):
        outer.metadata.append(MetadataLine("dateline", fused.group(1), SourceRef(outer.source_file, rows[0].number)))
        text = text[fused.end():]
    state.body_lines.extend(row.number for row in rows)
    return text, SourceRef(outer.source_file, rows[0].number)


def _check_sections(state: ParseState, lines: list[TextLine]) -> None:
    if not state.sections:
        state.error(lines[-1].number if lines else 1, "no section headings",
                    "sections such as 一、总体要求", "check that the file is complete")
    for section in state.sections:
        if not section.paragraphs and not section.clauses:
            shown = f"{section.numeral}、" if section.numeral else f"“{section.title[:20]}”"
            state.error(section.source.line, f"section {shown} with no text",
                        "paragraphs or clauses after the heading", "the file may be truncated")


def _printed_front(state: ParseState) -> dict:
    printed = dict(state.front_sources)
    return {"date": (state.date, printed["date"]) if state.date else None,
            "number": (state.document_number, printed["document-number"]) if state.document_number else None,
            "addressee": (state.addressee, printed["addressee"]) if state.addressee else None}


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text).rstrip("：:")


def _number_key(text: str) -> str:
    """A 文号 compared as the same number: spaces (a PDF's wrap), the brackets
    some pages print it in, and ASCII or full brackets around the year aside."""
    return _compact(text).strip("（）()").replace("[", "〔").replace("]", "〕")


def _title_type(title: str, types: tuple[str, ...]) -> str | None:
    """The document type a title ends with (…的意见 -> 意见), the longest that
    fits; a trailing （试行） or the like aside."""
    core = re.sub(r"（[^（）]{1,8}）$", "", title)
    fitting = [t for t in types if core.endswith(t)]
    return max(fitting, key=len) if fitting else None


def _title_issuers(prefix: str, bodies: frozenset[str] = frozenset()) -> tuple[str, ...] | None:
    """Issuers named before 关于 in the title, or None when the title does not
    name them all (国家发展改革委等部门关于…). Bodies printed without a space
    (中共中央国务院) are split by the list of issuing bodies."""
    if not prefix or "等" in prefix:
        return None
    return tuple(b for p in re.split(r"[\s、，]+", prefix) if p for b in split_bodies(p, bodies))


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
                                   lambda a, b: _number_key(a) == _number_key(b))
    declared_addressee = config.addressee if config else ""
    if declared_addressee and not declared_addressee.endswith(("：", ":")):
        declared_addressee += "："  # an addressee line ends with a colon, as printed
    out["addressee"] = merge("addressee", addressee, declared_addressee, "the addressee",
                             lambda a, b: _compact(a) == _compact(b))
    issued = merge("issued", date, config.issued if config else "", "the date of issue")
    if issued and not date:
        out["date"], out["date_label"] = issued, chinese_date(issued)

    prefix = _issuer(title)
    named = _title_issuers(prefix, issuing_bodies(content_root(config.folder)) if config else frozenset())
    declared_issuers = config.issuers if config else ()
    if named and declared_issuers and "".join(named) == "".join(declared_issuers).replace(" ", ""):
        named = tuple(declared_issuers)  # the same bodies, the declaration saying where one ends
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

    publisher, published = _publication(declarations, dateline, provenance, contradiction)
    out["publisher"] = publisher or None
    out["published"] = published or None
    out["official_url"] = (config.official_url if config else "") or None
    out["provenance"] = tuple(provenance)
    return out


def _publication(declarations: Declarations | None, dateline: MetadataLine | None,
                 provenance: list[tuple[str, SourceRef]], contradiction) -> tuple[str, str]:
    """Who published this text and when, as declared, held to Xinhua's dateline."""
    config = declarations.config if declarations else None
    if config is None or declarations is None:
        return "", ""
    publisher = config.publisher if config else ""
    published = config.published if config else ""
    if publisher:
        provenance.append(("publisher", SourceRef(declarations.file, declarations.lines.get("publisher", 0))))
    if published:
        provenance.append(("published", SourceRef(declarations.file, declarations.lines.get("published", 0))))
        # Xinhua's dateline (新华社北京8月28日电) dates its own release.
        released = re.search(r"(\d{1,2})月(\d{1,2})日电$", dateline.text) if dateline else None
        if released and publisher and dateline.text.startswith(publisher):
            month, day = int(published[5:7]), int(published[8:10])
            if (month, day) != (int(released[1]), int(released[2])):
                contradiction("published", published, (dateline.text, dateline.source), "the dateline",
                              f"a date of publication on the dateline's day ({released[1]}月{released[2]}日)",
                              "correct `published`, or `publisher` if someone else published this text later")
    if config and config.official_url:
        provenance.append(("official_url", SourceRef(declarations.file, declarations.lines.get("official_url", 0))))
    return publisher, published
