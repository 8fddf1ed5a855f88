"""The document model: frozen dataclasses with stable structural ids.

Ids are ASCII and derived from structure only, never from text:

    preamble-p{n}            preamble paragraph n
    preamble-p{n}-s{m}       its sentence m
    s{n}                     section n (一、 is s1)
    s{n}-p{k}, s{n}-p{k}-s{m} a section's own paragraphs and their sentences
    c{n}                     clause n, numbered through the document ((八) is c8;
                             where numbering restarts per section, n is the
                             clause's ordinal in the document, its label as printed)
    c{n}-s{m}                sentence m of clause n, counted through the
                             clause's paragraphs; c{n}-s1 is the clause title
    c{n}-p{k}                paragraph k of clause n (for rendering)
    {parent}-i{k}            numbered item k (1. （1） ①) of a clause, section or
                             preamble, or of an item above it: c17-i1, c17-i1-i2;
                             k counts the parent's items, whatever number is printed

Script variants, tags and summary links are layers keyed by these ids; the
model itself holds the canonical (simplified) text only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Iterator

from policy_site.zh.numerals import format_numeral

TERMINAL = "。！？"


@dataclass(frozen=True)
class SourceRef:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Sentence:
    id: str
    text: str
    source: SourceRef
    # A responsibility note closing its paragraph, printed after the last full
    # stop: （国家发展改革委牵头，各有关部门按职责分工负责）. Text like any other.
    note: bool = False


class ParagraphKind(str, Enum):
    """What a paragraph is in its clause: running text, a numbered item
    (1.…… （1）…… ①……), or a —— bullet (——坚持……。)."""
    TEXT = "text"
    ITEM = "item"
    BULLET = "bullet"


@dataclass(frozen=True)
class Paragraph:
    id: str
    sentences: tuple[Sentence, ...]
    source: SourceRef
    kind: ParagraphKind = ParagraphKind.TEXT
    # A numbered item's id ({parent}-i{k}) and its markers as printed from the
    # outermost item down: ("1.", "（2）"). The markers stay in the text too.
    item: str = ""
    markers: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.sentences)


@dataclass(frozen=True)
class Clause:
    id: str
    number: int
    numeral: str  # as printed inside the brackets: "八"
    section_number: int
    paragraphs: tuple[Paragraph, ...]
    source: SourceRef
    # The section's numeral when the document restarts clause numbering in
    # each section ((一) again under 三、): the label alone no longer names
    # the clause, so citations say 三（一）. "" when numbered through.
    section_numeral: str = ""

    @property
    def label(self) -> str:
        return f"（{self.numeral}）"

    @property
    def citation_label(self) -> str:
        """The label that names this clause in the whole document: （八）, or 三（一）."""
        return f"{self.section_numeral}{self.label}"

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for p in self.paragraphs for s in p.sentences)

    @property
    def title_sentence(self) -> Sentence:
        return self.sentences[0]

    @property
    def title(self) -> str:
        return strip_terminal(self.title_sentence.text)

    @property
    def items(self) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.paragraphs if p.kind is ParagraphKind.ITEM)

    def item_label(self, paragraph: Paragraph) -> str:
        """The label that names an item in the whole document: （二）1.（2）, or 五（二）1."""
        return self.citation_label + "".join(paragraph.markers)


@dataclass(frozen=True)
class Section:
    id: str
    number: int
    numeral: str
    title: str
    paragraphs: tuple[Paragraph, ...]
    clauses: tuple[Clause, ...]
    source: SourceRef

    @property
    def marker(self) -> str:
        """一、 as printed before the title; "" for an unnumbered section (an
        interpretation's question, structure/types.py Question)."""
        return f"{self.numeral}、" if self.numeral else ""

    @property
    def heading(self) -> str:
        return f"{self.marker}{self.title}"

    @property
    def ordinal(self) -> str:
        """How the site names the section where the text prints no number:
        三 for 三、, and for an unnumbered one its place in order (三)."""
        return self.numeral or format_numeral(self.number)

    @property
    def title_id(self) -> str:
        return f"{self.id}-title"


@dataclass(frozen=True)
class MetadataLine:
    """A line of page furniture kept as metadata (dateline, editor, ...)."""
    kind: str
    text: str
    source: SourceRef


@dataclass(frozen=True)
class Document:
    slug: str
    title: str
    title_source: SourceRef
    issuer: str
    date: str | None  # ISO 8601
    date_label: str | None  # as printed, without brackets: 2025年8月15日
    document_number: str | None
    addressee: str | None
    preamble: tuple[Paragraph, ...]
    sections: tuple[Section, ...]
    metadata: tuple[MetadataLine, ...] = field(default=())
    # A title printed over several lines: (source line, the part it prints);
    # empty when the title is on one line (title_source).
    title_parts: tuple[tuple[int, str], ...] = field(default=())
    # Lines between the title and the first paragraph: date, number, addressee.
    front_sources: tuple[tuple[str, SourceRef], ...] = field(default=())
    # What the text prints or document.toml declares about the document (the
    # text wins; a declaration fills what the text does not say).
    doc_type: str | None = None  # 意见, 通知, … (content/library.toml lists them)
    issuers: tuple[str, ...] = ()  # issuing bodies, in the order printed
    publisher: str | None = None  # who published the text this site reproduces
    published: str | None = None  # ISO 8601
    official_url: str | None = None
    # Where each described value comes from: (field, file:line), the line in
    # the source when the text prints it, else in document.toml. A title that
    # comes from document.toml (the source has no title line) has
    # title_source line 0: no source line holds it.
    provenance: tuple[tuple[str, SourceRef], ...] = field(default=())

    # Computed once per document (the model is immutable): pages look clauses
    # up by number thousands of times, and a scan each time grew quadratically
    # with the document.
    @cached_property
    def clauses(self) -> tuple[Clause, ...]:
        return tuple(c for s in self.sections for c in s.clauses)

    @cached_property
    def _clauses_by_number(self) -> dict[int, Clause]:
        return {c.number: c for c in self.clauses}

    @property
    def published_label(self) -> str | None:
        """The date of publication as the family prints dates: 2025年8月28日."""
        return chinese_date(self.published) if self.published else None

    def clause(self, number: int) -> Clause:
        return self._clauses_by_number[number]

    def paragraphs(self) -> Iterator[Paragraph]:
        yield from self.preamble
        for section in self.sections:
            yield from section.paragraphs
            for clause in section.clauses:
                yield from clause.paragraphs

    def sentences(self) -> Iterator[Sentence]:
        for paragraph in self.paragraphs():
            yield from paragraph.sentences

    def texts(self) -> Iterator[tuple[str, str]]:
        """Every piece of text with its id: what a script layer converts."""
        yield "title", self.title
        yield "issuer", self.issuer
        for index, issuer in enumerate(self.issuers, 1):
            yield f"issuer-{index}", issuer
        if self.doc_type:
            yield "type", self.doc_type
        if self.publisher:
            yield "publisher", self.publisher
        if self.date_label:
            yield "date", self.date_label
        if self.document_number:
            yield "document-number", self.document_number
        if self.addressee:
            yield "addressee", self.addressee
        for section in self.sections:
            yield section.title_id, section.title
        for sentence in self.sentences():
            yield sentence.id, sentence.text
        for index, line in enumerate(self.attachments, 1):
            yield f"attachment-{index}", line.text

    @property
    def attachments(self) -> tuple[MetadataLine, ...]:
        """The list of attachments printed after the text (附件：1.……), line by line."""
        return tuple(m for m in self.metadata if m.kind == "attachments")


def chinese_date(iso: str) -> str:
    """2025-08-15 -> 2025年8月15日."""
    year, month, day = iso.split("-")
    return f"{int(year)}年{int(month)}月{int(day)}日"


def strip_terminal(text: str) -> str:
    return text[:-1] if text and text[-1] in TERMINAL else text
