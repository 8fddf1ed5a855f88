"""Run the text stages for one document folder: read, clean, parse, convert,
summary. Later stages (align, tag, render, site) take the `DocumentText` this
returns. Pure apart from reading the source files."""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from policy_site.core.diagnostics import Diagnostics
from policy_site.core.read import SourceText, display_path, read_source
from policy_site.core.timings import Timings
from policy_site.document.clean import CleanLine, check_damage, check_repair_counts, clean_lines
from policy_site.document.config import (
    DocumentConfig,
    content_root,
    load_document,
    load_library,
    load_traditional_fixes,
)
from policy_site.document.model import Document
from policy_site.document.parse import ParseResult, TextLine, declarations_of, parse_document
from policy_site.document.relations import check_evidence, propose_relations
from policy_site.document.sources import Extracted, detect_form, read_extracted
from policy_site.document.sources.text import wrapped_lines
from policy_site.document.structure.types import rules_for
from policy_site.document.summary import Summary, parse_summary
from policy_site.zh.convert import ScriptLayer, edition_layer, traditional_to_simplified
from policy_site.zh.editions import CONVERTED, SIMPLIFIED, TRADITIONAL, edition


@dataclass(frozen=True)
class CleanedSource:
    source: SourceText
    lines: tuple[CleanLine, ...]
    simplified: tuple[str, ...]  # each clean line in simplified script
    # An HTML or Markdown source's extraction (its offsets back to the file); None for text.
    extracted: Extracted | None = None


@dataclass(frozen=True)
class DocumentText:
    """Everything the text stages know about one document. `layers` and
    `summary_layers`: the text of every node in each converted edition
    (editions.CONVERTED), keyed by edition, then by node id; `corrections`:
    each converted edition's reviewed corrections to OpenCC, and under the
    canonical edition's key those to a traditional source's simplified text
    (simplified.toml), when it has any."""
    config: DocumentConfig
    document: Document
    layers: dict[str, ScriptLayer]
    full_text: CleanedSource
    parse: ParseResult
    summary: Summary | None
    summary_layers: dict[str, ScriptLayer]
    summary_source: CleanedSource | None
    corrections: dict[str, tuple] = field(default_factory=dict)

    def text_of(self, script: str) -> ScriptLayer:
        """Node id -> text in one edition, the canonical one included."""
        return dict(self.document.texts()) if script == SIMPLIFIED else self.layers[script]

    def summary_text_of(self, script: str) -> ScriptLayer:
        assert self.summary is not None
        return dict(self.summary.texts()) if script == SIMPLIFIED else self.summary_layers[script]

    # The Taiwan edition under its pre-registry names.
    @property
    def traditional(self) -> ScriptLayer:
        return self.layers[TRADITIONAL]

    @property
    def summary_traditional(self) -> ScriptLayer:
        return self.summary_layers.get(TRADITIONAL, {})

    @property
    def traditional_fixes(self) -> tuple:
        return self.corrections.get(TRADITIONAL, ())


def clean_source(source: SourceText, script: str, repairs=(), fixes=(),
                 applied: dict[str, int] | None = None) -> CleanedSource:
    """Clean the source; a traditional one is converted line by line and
    corrected by the reviewed `fixes` (simplified.toml: find, replace), whose
    applications add up in `applied`."""
    lines = clean_lines(source.lines, repairs)
    if script != "traditional":
        return CleanedSource(source, tuple(lines), tuple(l.text for l in lines))
    simplified = []
    for line in lines:
        text = traditional_to_simplified(line.text)
        for fix in fixes:
            if applied is not None:
                applied[fix.find] = applied.get(fix.find, 0) + text.count(fix.find)
            text = text.replace(fix.find, fix.replace)
        simplified.append(text)
    return CleanedSource(source, tuple(lines), tuple(simplified))


def _check_applied(fixes, applied: dict[str, int], key: str, diagnostics: Diagnostics) -> None:
    for fix in fixes:
        if not applied.get(fix.find):
            diagnostics.error(fix.file, fix.line, f"{key} correction {fix.find!r} applied 0 times",
                              "at least once", "remove the fix or correct `find` (it matches the OpenCC output"
                              + (" of a traditional source)" if key == SIMPLIFIED else ")"))


def _read_through_form(spec, diagnostics: Diagnostics, *,
                       full_text: bool = True) -> tuple[SourceText | None, Extracted | None]:
    """A text source is read exactly as before; an HTML or Markdown source
    (declared, or detected from its content) is read through its form: the
    text stages then see the extracted lines, named `file (HTML)`."""
    form = spec.form
    if not form:
        try:
            with spec.path.open("rb") as f:  # the start only: the size is checked when the source is read
                head = f.read(65536).decode("utf-8", "replace")
        except OSError:
            head = ""
        form = detect_form(head, spec.path.suffix)
    if form == "text" and not spec.wrapped:
        source = read_source(spec.path, diagnostics)
        if source is not None and full_text:  # `wrapped` is a [full_text] key
            _propose_joining(source, diagnostics)
        return source, None
    extracted = read_extracted(spec.path, diagnostics, form, wrapped=spec.wrapped)
    if extracted is None:
        return None, None
    return SourceText(extracted.shown, extracted.text, False, 0), extracted


def _propose_joining(source: SourceText, diagnostics: Diagnostics) -> None:
    """Text from a PDF breaks lines mid-sentence: propose the declared rule."""
    found = wrapped_lines(source.lines)
    if len(found) >= 3:
        diagnostics.warning(source.path, found[0] + 1, f"{len(found)} lines that look broken mid-sentence at the page "
                            "width (text from a PDF)", "one paragraph per line",
                            "add `wrapped = true` under [full_text] to join them by the declared rule")


def remap_diagnostics(diagnostics: Diagnostics, extracted: Extracted, first: int) -> None:
    """Point the messages about extracted lines to the source's line and column."""
    for index in range(first, len(diagnostics.items)):
        item = diagnostics.items[index]
        if item.file == extracted.shown and item.line:
            line, column = extracted.source_position(item.line, item.column)
            diagnostics.items[index] = replace(item, line=line, column=column if item.column else 0)


def check_declared_paragraphs(config: DocumentConfig, document, diagnostics: Diagnostics) -> None:
    """Each [[interpretation]] names a paragraph this document has."""
    paragraphs = {p.id for p in document.paragraphs()}
    shown = display_path(config.folder / "document.toml")
    for paragraph, _, line in config.interpretations:
        if paragraph not in paragraphs:
            diagnostics.error(shown, line, f"[[interpretation]] paragraph = {paragraph!r}, a paragraph this document "
                              "does not have", "the id of one of its paragraphs (s2-p1, c8-p2, preamble-p1: the "
                              "page's ¶ anchors)", "correct the id")


def load_edition(folder: Path, diagnostics: Diagnostics, timings: Timings | None = None) -> DocumentText | None:
    """Run the text stages; on any error, the diagnostics say why and None returns."""
    timings = timings or Timings()
    started = time.perf_counter()
    config = load_document(folder, diagnostics)
    if config is None:
        return None
    first_diagnostic = len(diagnostics.items)
    source, extracted = _read_through_form(config.full_text, diagnostics)
    if source is None:
        return None
    started = timings.mark("read", started)
    simplified_fixes = load_traditional_fixes(config.folder / edition(SIMPLIFIED).corrections, diagnostics)
    simplified_applied: dict[str, int] = {}
    cleaned = clean_source(source, config.full_text.script, config.repairs, simplified_fixes, simplified_applied)
    if extracted is not None:
        cleaned = replace(cleaned, extracted=extracted)
    started = timings.mark("clean", started)
    # The library file's own problems (and unknown types) are the catalog's to report.
    library = load_library(content_root(config.folder), Diagnostics())
    result = parse_document([TextLine(l.number, s) for l, s in zip(cleaned.lines, cleaned.simplified)],
                            slug=config.slug, title=config.title, source_file=source.path,
                            diagnostics=diagnostics, title_line=config.full_text.title_line,
                            furniture_declarations=config.full_text.furniture,
                            declarations=declarations_of(config, library), rules=rules_for(config.doc_type))
    # After the parse: a wrong title or a wrong file is the cause of repairs that do not apply.
    check_repair_counts(list(cleaned.lines), config.repairs, source.path, diagnostics)
    body = set(result.body_lines)
    check_damage([l for l in cleaned.lines if l.number in body], source.path, diagnostics)
    if result.document is not None:
        check_evidence(config.relations, result.document, diagnostics)
        check_declared_paragraphs(config, result.document, diagnostics)
        propose_relations(result.document, config.relations, display_path(config.folder / "document.toml"),
                          diagnostics)
    started = timings.mark("parse", started)
    if extracted is not None:
        remap_diagnostics(diagnostics, extracted, first_diagnostic)

    corrections = {e.key: load_traditional_fixes(config.folder / e.corrections, diagnostics) for e in CONVERTED}
    pairs = {key: [(f.find, f.replace) for f in fixes] for key, fixes in corrections.items()}
    applied: dict[str, dict[str, int]] = {key: {f.find: 0 for f in fixes} for key, fixes in corrections.items()}
    summary = None
    summary_source = None
    summary_layers: dict[str, ScriptLayer] = {}
    if config.summary is not None:
        first_summary_diagnostic = len(diagnostics.items)
        raw, summary_extracted = _read_through_form(config.summary, diagnostics, full_text=False)
        if raw is not None:
            summary_source = clean_source(raw, config.summary.script, (), simplified_fixes, simplified_applied)
            summary_lines = [CleanLine(l.number, s, l.segments)
                             for l, s in zip(summary_source.lines, summary_source.simplified)]
            summary = parse_summary(summary_lines, raw.path, diagnostics)
            if summary is not None:
                check_damage([l for l in summary_source.lines if l.text.strip()], raw.path, diagnostics)
                for key in corrections:
                    summary_layers[key], counts = edition_layer(key, summary.texts(), pairs[key])
                    for find, n in counts.items():
                        applied[key][find] += n
        if summary_extracted is not None:
            remap_diagnostics(diagnostics, summary_extracted, first_summary_diagnostic)
            if summary_source is not None:
                summary_source = replace(summary_source, extracted=summary_extracted)
    started = timings.mark("summary", started)
    _check_applied(simplified_fixes, simplified_applied, SIMPLIFIED, diagnostics)
    if diagnostics.errors or result.document is None:
        return None
    layers: dict[str, ScriptLayer] = {}
    for key, fixes in corrections.items():
        layers[key], counts = edition_layer(key, result.document.texts(), pairs[key])
        for fix in fixes:
            if not counts[fix.find] + applied[key][fix.find]:
                diagnostics.error(fix.file, fix.line, f"{key} correction {fix.find!r} applied 0 times",
                                  "at least once", "remove the fix or correct `find` (it matches the OpenCC output)")
    timings.mark("convert", started)
    if diagnostics.errors:
        return None
    if simplified_fixes:
        corrections[SIMPLIFIED] = simplified_fixes
    return DocumentText(config, result.document, layers, cleaned, result,
                        summary, summary_layers, summary_source, corrections)
