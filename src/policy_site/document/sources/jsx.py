"""Program sources whose markup holds the text: a React component (JSX or
TSX: `return (<article>…</article>)`) or a Vue single-file component
(`<template>…</template>`), saved from a site's source code.

Read as markup, by a declared rule: the program around the markup and every
expression inside it (`{items.map(…)}`, `className={…}`, `{/* … */}`) are
dropped as code; a string literal standing alone in braces (`{"（一）"}`,
`{' '}`) is text, its quotes dropped; a component's tag (`<Paragraph>`,
`<Section.Title>`, `<template>`) reads as the block it renders (`<div>`), or
as inline text for the few components that name inline text (`<Link>`,
`<Strong>`). The masked source, the same length as the source with code
blanked, then goes through the HTML reader (lxml), so every character of the
text keeps its own source offset and every dropped character its reason."""
from __future__ import annotations

from dataclasses import replace

from policy_site.document.sources.extracted import Dropped, Extracted
from policy_site.document.sources.html import extract_html

# Components that render inline text; any other component is a block.
_INLINE_COMPONENTS = {"link", "a", "strong", "b", "em", "i", "span", "text", "bold", "trans", "highlight", "mark"}
# What may stand before markup that begins an element tree in a program.
_MARKUP_FOLLOWS = set("(=>?:,&|[{};") | {""}
_QUOTES = "\"'`"


def _skip_string(source: str, at: int) -> int:
    """The offset after the string literal that starts at `at`."""
    quote, index = source[at], at + 1
    while index < len(source) and source[index] != quote:
        index += 2 if source[index] == "\\" else 1
    return min(index + 1, len(source))


def _skip_braces(source: str, at: int) -> int:
    """The offset after the balanced `{…}` that starts at `at` (strings skipped)."""
    depth, index = 0, at
    while index < len(source):
        ch = source[index]
        if ch in _QUOTES:
            index = _skip_string(source, index)
            continue
        depth += {"{": 1, "}": -1}.get(ch, 0)
        index += 1
        if depth == 0:
            return index
    return len(source)


def _tag_end(source: str, at: int) -> int:
    """The offset after the tag that starts at `at` (`<`), attribute strings and
    `{…}` values skipped; -1 when it does not close."""
    index = at + 1
    while index < len(source):
        ch = source[index]
        if ch in "\"'":
            index = _skip_string(source, index)
        elif ch == "{":
            index = _skip_braces(source, index)
        elif ch == ">":
            return index + 1
        elif ch == "<":
            return -1
        else:
            index += 1
    return -1


def _tag_name(source: str, start: int, end: int) -> tuple[str, bool, bool]:
    """(name, closing, self-closing) of the tag source[start:end]."""
    body = source[start + 1:end - 1]
    closing = body.startswith("/")
    name = body.lstrip("/").split(None, 1)[0].rstrip("/") if body.strip("/ ") else ""
    return name, closing, body.rstrip().endswith("/")


def _before(source: str, at: int) -> str:
    """The program's character before offset `at`, or "return" / "" (start)."""
    head = source[:at].rstrip()
    if head.endswith("return"):
        return ""
    return head[-1] if head else ""


class _Masker:
    """Builds the masked source: code blanked (line ends kept), component tag
    names replaced by the element they render, padded to the same length."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.chars = list(source)
        self.code: list[tuple[int, int]] = []

    def blank(self, start: int, end: int) -> None:
        if end <= start:
            return
        for index in range(start, end):
            if self.chars[index] != "\n":
                self.chars[index] = " "
        self.code.append((start, end))

    def tag(self, start: int, end: int, name: str) -> None:
        """Blank the tag's `{…}` values; a component's name becomes div or span."""
        index = start
        while index < end:
            ch = self.source[index]
            if ch in "\"'":
                index = _skip_string(self.source, index)
            elif ch == "{":
                close = min(_skip_braces(self.source, index), end - 1)
                self.blank(index, close)
                index = close
            else:
                index += 1
        if name and (name[0].isupper() or "." in name or name == "template"):
            element = "span" if name.lower() in _INLINE_COMPONENTS and len(name) >= 4 else "div" \
                if len(name) >= 3 else "p"
            at = self.source.index(name, start)
            self.chars[at:at + len(name)] = list(element.ljust(len(name)))

    def expression(self, start: int) -> int:
        """A `{…}` between elements: code, unless it is one string literal."""
        end = _skip_braces(self.source, start)
        inner = self.source[start + 1:end - 1]
        stripped = inner.strip()
        if len(stripped) >= 2 and stripped[0] in _QUOTES and _skip_string(stripped, 0) == len(stripped):
            first = start + 1 + inner.index(stripped[0])
            self.blank(start, first + 1)
            self.blank(first + len(stripped) - 1, end)
        else:
            self.blank(start, end)
        return end

    def markup(self, start: int) -> int:
        """The element tree starting with the tag at `start`; returns its end."""
        depth, index = 0, start
        while index < len(self.source):
            ch = self.source[index]
            if self.source.startswith("{{", index):  # a template's {{ value }}: left for the template check to refuse
                close = self.source.find("}}", index)
                index = len(self.source) if close < 0 else close + 2
                continue
            if ch == "{":
                index = self.expression(index)
                continue
            if ch == "<" and self.source[index + 1:index + 2].isalpha() or self.source[index:index + 2] in ("</", "<>"):
                end = _tag_end(self.source, index)
                if end < 0:
                    index += 1
                    continue
                name, closing, self_closing = _tag_name(self.source, index, end)
                if not name:  # a fragment, <> or </>
                    self.blank(index, end)
                else:
                    self.tag(index, end, name)
                depth += 0 if self_closing or name.startswith("!") else -1 if closing else 1
                index = end
                if depth <= 0:
                    return index
                continue
            index += 1
        return index


def mask(source: str) -> tuple[str, list[tuple[int, int]]]:
    """The source with its program blanked, and the blanked spans."""
    masker, index, code_from = _Masker(source), 0, 0
    while index < len(source):
        ch = source[index]
        if ch in _QUOTES and index > 0 and source[index - 1] != "\\":
            index = _skip_string(source, index)
            continue
        if source.startswith("//", index) or source.startswith("/*", index):  # a comment: its quotes are not strings
            close = source.find("\n" if source[index + 1] == "/" else "*/", index + 2)
            index = len(source) if close < 0 else close + (1 if source[index + 1] == "/" else 2)
            continue
        if ch == "<" and index + 1 < len(source) and (source[index + 1].isalpha()) \
                and _before(source, index) in _MARKUP_FOLLOWS and _tag_end(source, index) > 0:
            masker.blank(code_from, index)
            index = code_from = masker.markup(index)
            continue
        index += 1
    masker.blank(code_from, len(source))
    return "".join(masker.chars), masker.code


def _without_code_spaces(extracted: Extracted, code: list[tuple[int, int]]) -> tuple[tuple, tuple]:
    """The lines without the spaces that stand for blanked code: `{"（二）"}基本原则`
    renders with no space, so a space whose source offset is code is dropped."""
    blanked = bytearray(len(extracted.source))
    for start, end in code:
        blanked[start:end] = b"\x01" * (end - start)
    lines, offsets = [], []
    for line, row in zip(extracted.lines, extracted.offsets):
        kept = [(ch, offset) for ch, offset in zip(line, row) if not (ch == " " and blanked[offset])]
        if kept:
            lines.append("".join(ch for ch, _ in kept))
            offsets.append(tuple(offset for _, offset in kept))
    return tuple(lines), tuple(offsets)


def _outside_code(spans: tuple[Dropped, ...], code: list[tuple[int, int]]) -> list[Dropped]:
    """The HTML reader's dropped spans less the code inside them: what it saw
    as blank is code, and is accounted for as code."""
    out: list[Dropped] = []
    ordered = sorted(code)
    for span in spans:
        start = span.start
        for code_start, code_end in ordered:
            if code_end <= start or code_start >= span.end:
                continue
            if code_start > start:
                out.append(Dropped(start, code_start, span.reason))
            start = max(start, code_end)
        if start < span.end:
            out.append(Dropped(start, span.end, span.reason))
    return out


def extract_jsx(source: str, path: str) -> Extracted:
    masked, code = mask(source)
    extracted = extract_html(masked, path, "html")
    lines, offsets = _without_code_spaces(extracted, code)
    dropped = (*(Dropped(start, end, "code") for start, end in code), *_outside_code(extracted.dropped, code))
    return replace(extracted, source=source, form="jsx", lines=lines, offsets=offsets, dropped=dropped,
                   rules=((("markup in a program read as HTML", 1),) + extracted.rules))
