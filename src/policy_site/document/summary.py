"""Stage: parse the news summary into title, intro, headed groups and bullets.

The summary is a news page: breadcrumb, title, timestamp, intro paragraphs,
then groups, each a heading line followed by bullet lines (`•`), and a source
line. Bullet ids `b{n}` count through the summary; group ids are `g{n}`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from policy_site.core.diagnostics import Diagnostics
from policy_site.document.clean import CleanLine, furniture_line
from policy_site.document.model import MetadataLine, SourceRef

BULLET_MARKS = "•·●▪◆■-*"
_BULLET = re.compile(r"^[\s\u3000]*[" + re.escape(BULLET_MARKS) + r"][\s\u3000]*")
_TIMESTAMP = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class SummaryParagraph:
    id: str
    text: str
    source: SourceRef


@dataclass(frozen=True)
class Bullet:
    id: str
    text: str
    group_id: str
    source: SourceRef


@dataclass(frozen=True)
class SummaryGroup:
    id: str
    heading: str
    bullets: tuple[Bullet, ...]
    source: SourceRef


@dataclass(frozen=True)
class Summary:
    title: str
    date: str | None
    intro: tuple[SummaryParagraph, ...]
    groups: tuple[SummaryGroup, ...]
    metadata: tuple[MetadataLine, ...]
    source_file: str

    @property
    def bullets(self) -> tuple[Bullet, ...]:
        return tuple(b for g in self.groups for b in g.bullets)

    def texts(self):
        yield "summary-title", self.title
        for p in self.intro:
            yield p.id, p.text
        for g in self.groups:
            yield g.id, g.heading
            for b in g.bullets:
                yield b.id, b.text


def parse_summary(lines: list[CleanLine], source_file: str, diagnostics: Diagnostics) -> Summary | None:
    metadata: list[MetadataLine] = []
    content: list[CleanLine] = []
    for line in lines:
        item = furniture_line(line.number, line.text)
        if item is None:
            content.append(line)
        elif item.rule == "blank":
            continue
        elif item.metadata:
            metadata.append(MetadataLine(item.rule, item.text, SourceRef(source_file, line.number)))
    if not content:
        diagnostics.error(source_file, 1, "no text in the summary", "a title, intro and bulleted groups",
                          "check the summary file")
        return None
    title_line, rest = content[0], content[1:]
    is_bullet = [bool(_BULLET.match(line.text)) for line in rest]
    intro: list[SummaryParagraph] = []
    groups: list[tuple[CleanLine, list[CleanLine]]] = []
    for index, line in enumerate(rest):
        if is_bullet[index]:
            if not groups:
                diagnostics.error(source_file, line.number, "a bullet before any group heading",
                                  "a heading line before the first bullet", "add the heading")
                continue
            groups[-1][1].append(line)
        elif index + 1 < len(rest) and is_bullet[index + 1]:
            groups.append((line, []))
        elif groups:
            diagnostics.error(source_file, line.number, f"a line “{line.text.strip()[:20]}” among the bullets",
                              "a bullet (•) or a group heading followed by bullets",
                              "mark it as a bullet or move it into the intro")
        else:
            intro.append(SummaryParagraph(f"summary-p{len(intro) + 1}", line.text.strip(),
                                          SourceRef(source_file, line.number)))
    built: list[SummaryGroup] = []
    count = 0
    for group_index, (heading, bullet_lines) in enumerate(groups, 1):
        bullets = []
        for line in bullet_lines:
            count += 1
            text = _BULLET.sub("", line.text, count=1).strip()
            bullets.append(Bullet(f"b{count}", text, f"g{group_index}", SourceRef(source_file, line.number)))
        built.append(SummaryGroup(f"g{group_index}", heading.text.strip(), tuple(bullets),
                                  SourceRef(source_file, heading.number)))
    date = None
    for item in metadata:
        found = _TIMESTAMP.search(item.text)
        if item.kind == "timestamp" and found:
            date = "-".join(found.groups())
    return Summary(title_line.text.strip(), date, tuple(intro), tuple(built), tuple(metadata), source_file)
