"""One entry point: decode a source, detect its form, extract its text.
A program's markup (JSX, a Vue template) is read as markup (sources/jsx.py);
template code left in the text ({{ title }}) is refused with a message that
names it."""
from __future__ import annotations

import re
from pathlib import Path

from policy_site.core.diagnostics import Diagnostics
from policy_site.core.read import MAX_LINE_CHARS, check_characters, check_size, decode_utf8, display_path, read_bytes
from policy_site.document.sources.detect import detect_form, form_label
from policy_site.document.sources.extracted import Extracted
from policy_site.document.sources.html import extract_html
from policy_site.document.sources.jsx import extract_jsx
from policy_site.document.sources.markdown import extract_markdown
from policy_site.document.sources.text import extract_text, join_wrapped


def extract(source: str, path: str, form: str = "", *, wrapped: bool = False) -> Extracted:
    """The text of a decoded source (line ends already \\n) in `form`
    (detected when empty)."""
    form = form or detect_form(source, Path(path).suffix)
    if form in ("html", "xhtml"):
        return extract_html(source, path, form)
    if form == "jsx":
        return extract_jsx(source, path)
    if form == "markdown":
        return extract_markdown(source, path)
    extracted = extract_text(source, path)
    return join_wrapped(extracted) if wrapped else extracted


def read_extracted(path: Path, diagnostics: Diagnostics, form: str = "", *, wrapped: bool = False,
                   shown: str = "") -> Extracted | None:
    """Read, decode and extract a source file, or report why not."""
    shown = shown or display_path(path)
    data = read_bytes(path, shown, diagnostics, "a readable source file", "check the path of the source")
    if data is None or not check_size(data, shown, diagnostics):
        return None
    decoded = decode_utf8(data, shown, diagnostics)
    if decoded is None:
        return None
    text = decoded[0].replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        diagnostics.error(shown, 1, "an empty file", "the text of the document", "check the file was saved completely")
        return None
    detected = form or detect_form(text, path.suffix)
    if check_characters(text, f"{shown} ({form_label(detected)})", diagnostics):
        return None
    extracted = extract(text, shown, detected, wrapped=wrapped)
    if _refuse_template_or_long_lines(extracted, diagnostics):
        return None
    return extracted


_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\$\{[^}]*\}")


def _refuse_template_or_long_lines(extracted: Extracted, diagnostics: Diagnostics) -> bool:
    """Text that is template code ({{ title }}, {% for %}, ${x}) would be
    published as if the document said it; a line longer than the text stages
    bound is not a paragraph."""
    refused = False
    for number, line in enumerate(extracted.lines, 1):
        match = _TEMPLATE.search(line)
        if match and extracted.form != "text":
            source_line, column = extracted.source_position(number, match.start() + 1)
            diagnostics.error(extracted.shown, source_line, f"template markup {match.group()[:40]!r} in the text",
                              "the page as a reader sees it", "save the rendered page (the browser's Save Page As), "
                              "not its template", column=column)
            refused = True
        if len(line) > MAX_LINE_CHARS:
            diagnostics.error(extracted.shown, extracted.source_line(number),
                              f"a paragraph of {len(line):,} characters", f"at most {MAX_LINE_CHARS:,}",
                              "check that the page is one document and its paragraphs are marked up")
            refused = True
    return refused
