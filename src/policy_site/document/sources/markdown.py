"""Markdown sources: markdown-it-py (CommonMark) finds the blocks and inline
markup; the text is the source's own characters, found again in order.

Declared rules: a heading is its text (`## 三` is `三`), emphasis and link
markup are dropped (a link is its text), images and raw HTML (the scrape's
`<!-- INFO END -->`) are markup, a paragraph that is only links separated by
`>` is a breadcrumb (navigation). List markers are kept as printed, so `1.`
items keep their numbers. A soft line break inside a paragraph stays a line
break (the scrapes print a paragraph per line; a space would add a character
Chinese text does not have)."""
from __future__ import annotations

import re

from markdown_it import MarkdownIt

from policy_site.document.sources.extracted import Dropped, Extracted, LineBuilder
from policy_site.document.sources.html import Locator, _markup_spans

_MARKER = re.compile(r"[ \t]*(?:>[ \t]*)*(\d{1,9}[.)]|[-*+])(?=[ \t]|$)")
_BREADCRUMB = re.compile(r"^\s*(首页|当前位置|您的位置|位置)\s*[>›»＞]|(\S\s*[>›»＞]\s*){2,}")


def _line_start(source: str, line: int) -> int:
    index = 0
    for _ in range(line):
        index = source.find("\n", index) + 1
        if index == 0:
            return len(source)
    return index


class _MarkdownWalker:
    def __init__(self, source: str) -> None:
        self.source = source
        self.locator = Locator(source, escapes=True)
        self.builder = LineBuilder()
        self.dropped: list[Dropped] = []

    def keep(self, text: str) -> None:
        if text:
            self.builder.add_run(text, self.locator.locate(text, raw=False))

    def drop(self, text: str, reason: str) -> None:
        if text:
            offsets = self.locator.locate(text, raw=True)
            self.dropped.append(Dropped(offsets[0], offsets[-1] + 1, reason))

    def marker(self, token) -> None:
        """A list item's marker as printed (`1.`, `-`)."""
        start = _line_start(self.source, token.map[0]) if token.map else self.locator.cursor
        match = _MARKER.match(self.source, max(start, self.locator.cursor))
        if match:
            self.builder.newline()
            self.builder.add_run(match.group(1), list(range(match.start(1), match.end(1))))
            self.builder.add(" ", match.end(1))
            self.locator.cursor = match.end(1)

    def inline(self, token) -> None:
        children = token.children or []
        plain = "".join(c.content for c in children if c.type == "text")
        if _BREADCRUMB.search(plain) and any(c.type == "link_open" for c in children):
            for child in children:
                if child.type in ("text", "code_inline"):
                    self.drop(child.content, "navigation")
            return
        skip = 0
        for child in children:
            if child.type == "image":
                skip += 1
                self.drop(child.content, "embedded") if child.content else None
                continue
            if child.type in ("text", "code_inline"):
                self.keep(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                self.builder.newline()
            elif child.type == "html_inline":
                self.drop(child.content, "markup")

    def run(self, tokens) -> None:
        for token in tokens:
            if token.type == "list_item_open":
                self.marker(token)
            elif token.type in ("paragraph_open", "heading_open", "paragraph_close", "heading_close"):
                if not (token.type == "paragraph_open" and token.hidden):
                    self.builder.newline()
            elif token.type == "inline":
                self.inline(token)
            elif token.type == "html_block":
                self.drop(token.content.rstrip("\n"), "markup")
            elif token.type in ("fence", "code_block"):
                self.builder.newline()
                for line in token.content.rstrip("\n").split("\n"):
                    self.keep(line)
                    self.builder.newline()


def extract_markdown(source: str, path: str) -> Extracted:
    parser = MarkdownIt("commonmark")
    walker = _MarkdownWalker(source)
    walker.run(parser.parse(source))
    lines, offsets = walker.builder.result()
    walker.dropped += walker.builder.whitespace()
    located = [(o, o + 1) for row in offsets for o in row] + [(d.start, d.end) for d in walker.dropped]
    spans = _markup_spans(len(source), located, walker.dropped)
    rules = (("whitespace run as one space", walker.builder.collapsed),
             ("unlocated text node", walker.locator.unlocated))
    return Extracted(path, "markdown", source, lines, offsets, tuple(walker.dropped) + tuple(spans), rules)
