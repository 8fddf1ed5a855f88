"""HTML (and XHTML) sources: lxml parses the page; the text is the page's
own text nodes, each found again in the source so that every character keeps
its source offset (entities such as `&nbsp;` map to the whole `&nbsp;`).

Declared rules: block elements (`<p>`, `<div>`, `<br>`, headings, list items,
table rows and cells) end a line; a run of whitespace inside a line (source
line breaks, tabs, U+00A0 from `&nbsp;`) is one space, and a line's leading
and trailing spaces are dropped (the cleaner treats indentation the same).
Dropped, each span with its reason: markup (tags, attributes, comments), the
content of script/style/noscript/template/head, navigation and page chrome
(nav, header, footer, aside, form, and elements whose class or id names a
share widget, breadcrumb, menu, toolbar or QR code), and text outside the
article. The article is the element whose own paragraphs hold the most Han
characters (the way readability-style extractors find it), together with
the nearest heading before it when the title is printed outside it."""
from __future__ import annotations

import html as html_entities
import re

import lxml.html

from policy_site.document.sources.extracted import Dropped, Extracted, LineBuilder

_DROPPED_TAGS = {"script": "script", "style": "style", "noscript": "script", "template": "script",
                 "head": "page metadata", "title": "page metadata", "meta": "page metadata", "link": "page metadata",
                 "nav": "navigation", "header": "navigation", "footer": "navigation", "aside": "navigation",
                 "form": "navigation", "select": "navigation", "button": "navigation", "iframe": "embedded",
                 "object": "embedded", "svg": "embedded", "img": "embedded"}
# Matched against each class or id token from its start: `printArea` (a page's
# printable article) is not a print button, `navBox` is navigation.
_CHROME = re.compile(r"(bd)?share|breadcrumb|crumb|nav|menu|toolbar|qrcode|erweima|footer|header|sidebar|"
                     r"pager|prevnext|related|comment", re.I)
_BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td",
           "th", "table", "tbody", "thead", "tfoot", "caption", "blockquote", "pre", "center", "section",
           "article", "hr", "address", "figure", "figcaption", "main"}
_PARAGRAPH_CHILDREN = {"p", "br", "span", "font", "strong", "b", "h1", "h2", "h3", "h4", "h5", "h6", "center", "em"}
_HAN = re.compile("[\u4e00-\u9fff]")
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
_TAG = re.compile(r"<!--.*?(?:-->|$)|<![^>]*>|<\?[^>]*>|</?[A-Za-z][^<>]*>", re.S)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")


class Locator:
    """Finds each text node again in the source, in document order."""

    def __init__(self, source: str, escapes: bool = False, markup: bool = False) -> None:
        self.source = source
        self.cursor = 0
        self.unlocated = 0
        self.escapes = escapes  # Markdown: `\*` prints `*`
        # HTML: text is never inside a tag (an attribute value can repeat a text node's words)
        self.in_tag = bytearray(len(source))
        if markup:
            for match in _TAG.finditer(source):
                self.in_tag[match.start():match.end()] = b"\x01" * (match.end() - match.start())

    def locate(self, text: str, raw: bool) -> list[int]:
        if raw:
            start = self.source.find(text, self.cursor)
            if start >= 0:
                self.cursor = start + len(text)
                return list(range(start, start + len(text)))
        else:
            start = self.cursor
            while start < len(self.source):
                found = self._match_at(text, start)
                if found is not None:
                    self.cursor = found[-1] + 1 if found else start
                    return found
                start = self._next_candidate(text[0], start + 1)
        self.unlocated += 1
        return [min(self.cursor, len(self.source) - 1)] * len(text)

    def _next_candidate(self, first: str, start: int) -> int:
        while True:
            literal = self.source.find(first, start)
            entity = self.source.find("&", start)
            candidates = [i for i in (literal, entity) if i >= 0]
            if not candidates:
                return len(self.source)
            found = min(candidates)
            if not self.in_tag[found]:
                return found
            start = found + 1

    def _match_at(self, text: str, start: int) -> list[int] | None:
        source, offsets, j = self.source, [], start
        i = 0
        while i < len(text):
            if j >= len(source) or self.in_tag[j]:
                return None
            if source[j] == "&":
                entity = _ENTITY.match(source, j)
                if entity:
                    decoded = html_entities.unescape(entity.group())
                    if decoded != entity.group() and text.startswith(decoded, i):
                        # every character of the entity's value maps to the entity's start
                        offsets += [j] * len(decoded)
                        i += len(decoded)
                        j = entity.end()
                        continue
            if self.escapes and source[j] == "\\" and j + 1 < len(source) and source[j + 1] == text[i] \
                    and not text[i].isalnum():
                offsets.append(j + 1)
                i += 1
                j += 2
                continue
            if source[j] != text[i]:
                return None
            offsets.append(j)
            i += 1
            j += 1
        return offsets


def _chrome_reason(element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _DROPPED_TAGS:
        return _DROPPED_TAGS[tag]
    names = f"{element.get('class', '')} {element.get('id', '')}".split()
    if any(_CHROME.match(name) for name in names):
        return "navigation"
    return ""


def _own_paragraph_han(element) -> int:
    """Han characters in an element's own text and its paragraph-like
    children: a page's article holds most of them."""
    total = len(_HAN.findall(element.text or ""))
    for child in element:
        if isinstance(child.tag, str) and child.tag in _PARAGRAPH_CHILDREN and not _chrome_reason(child):
            total += len(_HAN.findall(child.text_content())) + len(_HAN.findall(child.tail or ""))
        else:
            total += len(_HAN.findall(child.tail or ""))
    return total


def find_article(root):
    """The article element, and the heading printed before it (or None)."""
    best, best_score = root, -1
    for element in root.iter():
        if isinstance(element.tag, str) and not any(_chrome_reason(a) for a in element.iterancestors()) \
                and not _chrome_reason(element):
            score = _own_paragraph_han(element)
            if score > best_score:
                best, best_score = element, score
    heading = None
    for element in best.itersiblings(preceding=True):
        if isinstance(element.tag, str) and element.tag in ("h1", "h2", "h3") and not _chrome_reason(element):
            heading = element
            break
    if heading is None:
        for element in best.iterancestors():
            for sibling in element.itersiblings(preceding=True):
                found = [h for h in sibling.iter("h1", "h2") if not _chrome_reason(h)] \
                    if isinstance(sibling.tag, str) else []
                if found:
                    heading = found[-1]
                    break
            if heading is not None or element.tag == "body":
                break
    return best, heading


class _Walker:
    def __init__(self, source: str, article, heading) -> None:
        self.locator = Locator(source, markup=True)
        self.article, self.heading = article, heading
        self.builder = LineBuilder()
        self.dropped: list[Dropped] = []

    def text(self, text: str | None, kept: bool, reason: str, raw: bool = False) -> None:
        if not text:
            return
        offsets = self.locator.locate(text, raw)
        if kept:
            self.builder.add_run(text, offsets)
        elif offsets:
            self.dropped.append(Dropped(offsets[0], offsets[-1] + 1, reason))

    def walk(self, element, kept: bool, reason: str) -> None:
        if not isinstance(element.tag, str):  # a comment or processing instruction
            self.text(element.text, False, "comment", raw=True)
            self.text(element.tail, kept, reason)
            return
        inside = kept or element is self.article or element is self.heading
        chrome = _chrome_reason(element)
        own_kept = inside and not chrome
        own_reason = chrome or (reason if not inside else "")
        if not own_reason and not own_kept:
            own_reason = "outside the article"
        block = element.tag in _BLOCKS
        if block and own_kept:
            self.builder.newline()
        raw = element.tag in ("script", "style")
        self.text(element.text, own_kept, own_reason, raw=raw)
        for child in element:
            self.walk(child, own_kept, own_reason)
        if block and own_kept:
            self.builder.newline()
        self.text(element.tail, kept, reason or "outside the article")


def _markup_spans(length: int, located: list[tuple[int, int]], dropped: list[Dropped]) -> list[Dropped]:
    """Every source span no text node covers is markup (tags, attributes)."""
    covered = bytearray(length)
    for start, end in located:
        covered[start:end] = b"\x01" * (end - start)
    spans, start = [], None
    for index in range(length + 1):
        free = index < length and not covered[index]
        if free and start is None:
            start = index
        elif not free and start is not None:
            spans.append(Dropped(start, index, "markup"))
            start = None
    return spans


def extract_html(source: str, path: str, form: str = "html") -> Extracted:
    parsed_text = source
    declaration = _XML_DECLARATION.match(source)
    if declaration:  # lxml refuses a str with an encoding declaration; offsets stay as they are
        parsed_text = " " * declaration.end() + source[declaration.end():]
    root = lxml.html.document_fromstring(parsed_text, parser=lxml.html.HTMLParser(remove_comments=False))
    article, heading = find_article(root)
    walker = _Walker(parsed_text, article, heading)
    for node in root.getroottree().getroot().itersiblings(preceding=True):
        walker.text(node.text, False, "comment", raw=True)
    walker.walk(root, False, "outside the article")
    lines, offsets = walker.builder.result()
    walker.dropped += walker.builder.whitespace()
    located = [(o, o + 1) for row in offsets for o in row] + [(d.start, d.end) for d in walker.dropped]
    spans = _markup_spans(len(source), located, walker.dropped)
    rules = (("whitespace run as one space", walker.builder.collapsed), ("unlocated text node", walker.locator.unlocated))
    return Extracted(path, form, source, lines, offsets, tuple(walker.dropped) + tuple(spans), rules)

