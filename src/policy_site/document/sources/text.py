"""Plain text sources: lines as they are (the text stages of a `.txt` source
are unchanged), and the declared joining rule for text taken from a PDF,
which breaks lines mid-sentence at the page width and at page ends.

A line is joined to the next when (1) it does not end a sentence or a
heading (。；：！？… or a closing quote/bracket), (2) it is long (at least
20 characters: headings, signatures and dates are shorter), (3) it is prose:
it holds a ， 、 。 or ； (a title or a headline printed over two lines has none,
and stays as printed), and (4) the next line does not start a structure
(一、 （…） 1. 第…条 附件, a date). `[full_text] wrapped = true` applies it; a
source that looks wrapped gets a warning proposing it."""
from __future__ import annotations

import re
from collections import Counter

from policy_site.document.sources.extracted import Dropped, Extracted

_ENDS = re.compile(r"[。；：！？…」』”’）)】]\s*$|^\s*$")
_PROSE = re.compile("[，、。；]")  # a sentence ended or went on before the break: prose, not a heading
_STARTS = re.compile(r"^\s*([一二三四五六七八九十百]+、|[（(〔]|\d+[.．、]|第[一二三四五六七八九十百零〇]+[条章节]"
                     r"|附件|\d{4}\s*年|[〇一二三四五六七八九十零]{4}年)")


def extract_text(source: str, path: str) -> Extracted:
    lines = source.split("\n")
    offsets, start = [], 0
    for line in lines:
        offsets.append(tuple(range(start, start + len(line))))
        start += len(line) + 1
    breaks = tuple(Dropped(i, i + 1, "line break") for i, ch in enumerate(source) if ch == "\n")
    return Extracted(path, "text", source, tuple(lines), tuple(offsets), breaks)


def full_width(lines: list[str] | tuple[str, ...]) -> int:
    """The most common length of the long lines: a page's text width."""
    lengths = Counter(len(l.strip()) for l in lines if len(l.strip()) >= 20)
    if not lengths:
        return 0
    longest = max(lengths)
    near = Counter({n: c for n, c in lengths.items() if n >= longest * 0.8})
    return near.most_common(1)[0][0]


def wrapped_lines(lines: list[str] | tuple[str, ...]) -> list[int]:
    """0-based indexes of the lines the joining rule would join to the next."""
    found = []
    for index in range(len(lines) - 1):
        line, following = lines[index].strip(), lines[index + 1].strip()
        prose = len(line) >= 20 and _PROSE.search(line) and not _ENDS.search(line)
        if following and prose and not _STARTS.match(following):
            found.append(index)
    return found


def join_wrapped(extracted: Extracted) -> Extracted:
    """Apply the joining rule; the joined line keeps every character's offset."""
    joins = set(wrapped_lines(extracted.lines))
    lines, offsets = [], []
    current, current_offsets, open_join = "", (), False
    for index, (line, row) in enumerate(zip(extracted.lines, extracted.offsets)):
        if open_join:
            stripped = len(line) - len(line.lstrip())
            current += line[stripped:]
            current_offsets += row[stripped:]
        else:
            current, current_offsets = line, row
        open_join = index in joins
        if not open_join:
            lines.append(current.rstrip() if index - 1 in joins else current)
            offsets.append(current_offsets[:len(lines[-1])])
    if open_join:
        lines.append(current)
        offsets.append(current_offsets)
    rules = extracted.rules + (("wrapped line joined", len(joins)),)
    return Extracted(extracted.path, extracted.form, extracted.source, tuple(lines), tuple(offsets),
                     extracted.dropped, rules)
