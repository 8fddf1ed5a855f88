"""The text taken out of a source, with its way back to the source.

`lines[i][j]` came from source offset `offsets[i][j]` (an offset into the
decoded source text); a character a declared rule wrote (a space for a
collapsed run of whitespace, a line joined across a page end) maps to the
offset of the source character it stands for. `dropped` names every source
span that is not in the text and why (a tag, a script, navigation, outside
the article), so the audit can account for each source character."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_TAG_OR_COMMENT = re.compile(r"<!--.*?(-->|$)|<[^<>]*(>|$)", re.S)
_HAN_RUN = re.compile("[\u4e00-\u9fff]+")


@dataclass(frozen=True)
class Dropped:
    start: int  # source offsets, end exclusive
    end: int
    reason: str  # "markup", "script", "style", "comment", "navigation", "outside the article", ...


@dataclass(frozen=True)
class Extracted:
    path: str  # the source as messages show it
    form: str  # html, xhtml, markdown, text
    source: str  # the decoded source text
    lines: tuple[str, ...]
    offsets: tuple[tuple[int, ...], ...]  # one source offset per character of each line
    dropped: tuple[Dropped, ...] = ()
    rules: tuple[tuple[str, int], ...] = ()  # (declared rule, times applied)

    @property
    def shown(self) -> str:
        """`sources/page.html (HTML)`: what every message names."""
        from policy_site.document.sources.detect import form_label
        return f"{self.path} ({form_label(self.form)})"

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def source_line(self, line: int, column: int = 0) -> int:
        """The 1-based source line of extracted line `line` (1-based) at
        `column` (1-based; 0 for its first character)."""
        if not 1 <= line <= len(self.offsets) or not self.offsets[line - 1]:
            return line if self.form == "text" else 0
        row = self.offsets[line - 1]
        offset = row[min(max(column - 1, 0), len(row) - 1)]
        return self.source.count("\n", 0, offset) + 1

    def source_position(self, line: int, column: int = 0) -> tuple[int, int]:
        """(line, column) in the source, both 1-based."""
        if not 1 <= line <= len(self.offsets) or not self.offsets[line - 1]:
            return (line, column)
        row = self.offsets[line - 1]
        offset = row[min(max(column - 1, 0), len(row) - 1)]
        starts = _line_starts(self.source)
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def dropped_characters(self) -> dict[str, int]:
        """Source characters dropped, by reason (the audit's account)."""
        counts: dict[str, int] = {}
        for span in self.dropped:
            counts[span.reason] = counts.get(span.reason, 0) + span.end - span.start
        return counts

    def text_dropped_as_markup(self) -> list[tuple[int, str]]:
        """(offset, text) of Han characters in spans dropped as markup that are
        not inside a tag or comment: text the extraction lost. Must be empty."""
        found = []
        for span in self.dropped:
            if span.reason != "markup":
                continue
            outside = _TAG_OR_COMMENT.sub(lambda m: " " * len(m.group()), self.source[span.start:span.end])
            for match in _HAN_RUN.finditer(outside):
                found.append((span.start + match.start(), match.group()))
        return found

    def account(self) -> dict[str, int]:
        """Source characters by where they went: `text`, then each reason for
        dropping (a character is counted once, text first); `unaccounted`
        is what neither covers. The counts add up to len(source)."""
        where: list[str] = [""] * len(self.source)
        for span in self.dropped:
            for index in range(span.start, span.end):
                where[index] = where[index] or span.reason
        for row in self.offsets:
            for offset in row:
                where[offset] = "text"
        counts: dict[str, int] = {}
        for reason in where:
            key = reason or "unaccounted"
            counts[key] = counts.get(key, 0) + 1
        return counts

    def unaccounted(self) -> list[int]:
        """Source offsets of non-space characters neither in the text nor in a
        dropped span: empty when every character is accounted for."""
        covered = bytearray(len(self.source))
        for row in self.offsets:
            for offset in row:
                covered[offset] = 1
        for span in self.dropped:
            covered[span.start:span.end] = b"\x01" * (span.end - span.start)
        return [i for i, ch in enumerate(self.source) if not covered[i] and not ch.isspace()]


def _line_starts(text: str) -> list[int]:
    starts = [0]
    index = text.find("\n")
    while index >= 0:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


class LineBuilder:
    """Collects extracted characters with their offsets, breaking lines at
    block boundaries and collapsing whitespace runs to one space (the HTML
    and Markdown rule: source line breaks inside a paragraph are spaces)."""

    def __init__(self) -> None:
        self.lines: list[tuple[list[str], list[int]]] = [([], [])]
        self.collapsed = 0
        self.spaces: list[int] = []  # source offsets of whitespace the rule dropped

    def add(self, ch: str, offset: int) -> None:
        chars, offsets = self.lines[-1]
        if ch in " \t\n\r\f\u00a0":
            if not chars or chars[-1] == " ":
                self.collapsed += 1
                self.spaces.append(offset)
                return
            if ch != " ":
                self.collapsed += 1
            ch = " "
        chars.append(ch)
        offsets.append(offset)

    def add_run(self, text: str, offsets: list[int]) -> None:
        for ch, offset in zip(text, offsets):
            self.add(ch, offset)

    def newline(self) -> None:
        chars, offsets = self.lines[-1]
        while chars and chars[-1] == " ":
            chars.pop()
            self.spaces.append(offsets.pop())
        if chars:
            self.lines.append(([], []))

    def whitespace(self) -> list[Dropped]:
        """The dropped whitespace as spans (an entity counts from its `&`)."""
        return [Dropped(o, o + 1, "whitespace") for o in sorted(set(self.spaces))]

    def result(self) -> tuple[tuple[str, ...], tuple[tuple[int, ...], ...]]:
        self.newline()
        kept = [(c, o) for c, o in self.lines if c]
        return tuple("".join(c) for c, _ in kept), tuple(tuple(o) for _, o in kept)
