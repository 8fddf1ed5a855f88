"""`policy-site add`: a new document folder drafted from a source as found.

The source is copied byte for byte into `content/SLUG/sources/`; its form
(document/sources/) and script (which of OpenCC s2t and t2s changes fewer
characters: a text changed little by s2t is already traditional) are
detected, and `document.toml` is drafted with what the text shows: the
title (given), issuers (the title's head before 关于, else a lead or the
signature), type (the longest of content/library.toml's document_types the
title ends with), 文号, addressee, date of issue (the last date line), and
page furniture (lines before the title, 来源/责编/打印/上一篇 lines) as
patterns with kinds and reasons. Every value read is reported as a warning
at the source's `file:line` for the editor to check; nothing is guessed
where the text says nothing (the key is left out)."""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from policy_site.core.confine import SLUG_RULE
from policy_site.core.diagnostics import Diagnostics
from policy_site.core.read import display_path
from policy_site.document.config import load_library
from policy_site.document.sources import Extracted, form_label, read_extracted
from policy_site.document.sources.text import join_wrapped, wrapped_lines
from policy_site.zh.convert import to_simplified, to_standard_traditional

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［（(【]\s*\d{4}\s*[〕\]］）)】]\s*\d{1,4}\s*号")
_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_ADDRESSEE = re.compile(r"^\s*各[^。]{2,120}[：:]\s*$")
_ISSUER = re.compile(r"(中共中央|国务院|全国人大常委会|中央军委)(办公厅)?|[\u4e00-\u9fff]{2,14}?(部|委员会|委|局|署|总局|办公室|银行|院)$")
_LEAD_ISSUERS = re.compile(r"^\s*(?:近日|日前)?[，,]?\s*([\u4e00-\u9fff、]{4,60}?)(?:联合)?印发了")
# Patterns match whole lines (as [[full_text.furniture]] patterns do).
_FURNITURE = (
    (re.compile(r"\s*[（(]?来源[：:].*"), "byline", "the page names where it took the text from; not the document"),
    (re.compile(r"\s*[（(]?责(任)?编(辑)?[：:].*"), "byline", "the page's editor; not the document"),
    (re.compile(r"\s*【?(打印(正文|本页)?|关闭(窗口)?)】?\s*"), "navigation", "a page button"),
    (re.compile(r"\s*(上一篇|下一篇)[：:].*"), "related", "a link to another page"),
    (re.compile(r"\s*扫一扫在手机打开当前页\s*"), "navigation", "a page widget"),
)
# A news release's lead between the title and the document: 近日，……印发了《……》，并发出通知……
# and 《……》全文如下。 — the news, not the document's text.
_NEWS_LEAD = re.compile(r"\s*(?:(?:近日|日前|新华社[^，。]{0,16}电)[，,\s].{0,120}印发(?:了)?《[^》]{4,80}》.*"
                        r"|《[^》]{4,80}》全文如下[。：:]?)\s*")
_SIGNATURE = re.compile(r"^[\u4e00-\u9fff\s\u3000、]{2,80}$")
_BODY_ENDINGS = ("部", "委", "局", "院", "厅", "会", "室", "署", "行", "府", "中央")
_SIGNATURE_END = ("（此件公开发布）", "(此件公开发布)")


@dataclass
class Draft:
    slug: str
    title: str
    form: str = "text"
    script: str = "simplified"
    source_name: str = ""
    type: str = ""
    issuers: list[str] = field(default_factory=list)
    number: str = ""
    issued: str = ""
    addressee: str = ""
    furniture: list[tuple[str, str, str]] = field(default_factory=list)  # (pattern, kind, reason)
    summary_name: str = ""
    summary_script: str = "simplified"
    title_line: bool = True
    wrapped: bool = False


def detect_script(text: str) -> str:
    """simplified or traditional: the conversion that changes fewer characters
    is the one the text is already in."""
    han = "".join(re.findall("[\u4e00-\u9fff]", text))[:20000]
    to_traditional = sum(a != b for a, b in zip(han, to_standard_traditional(han)))
    to_simple = sum(a != b for a, b in zip(han, to_simplified(han)))
    return "traditional" if to_simple > to_traditional else "simplified"


def _compact(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def title_line_index(lines, title: str) -> int | None:
    """The first extracted line that is the title, or starts it when the page
    prints the title over several lines; None when absent."""
    wanted = _compact(title)
    for index, line in enumerate(lines):
        compact = _compact(line)
        if compact and wanted.startswith(compact) and len(compact) >= min(6, len(wanted)):
            joined, following = compact, index + 1
            while len(joined) < len(wanted) and following < len(lines) and wanted.startswith(joined + _compact(lines[following])):
                joined += _compact(lines[following])
                following += 1
            if joined == wanted or (joined and wanted.startswith(joined) and len(wanted) - len(joined) < 3):
                return index
    return None


def document_type(title: str, types: tuple[str, ...]) -> str:
    bare = re.sub(r"[（(][^）)]*号[）)]\s*$", "", title.strip())
    bare = bare.rstrip("》」 ")
    ending = [t for t in types if bare.endswith(t)]
    return max(ending, key=len) if ending else ""


def title_issuers(title: str) -> list[str]:
    head = _compact(title.replace("\u3000", " ")).split("关于")[0] if "关于" in title else ""
    spaced = re.split(r"[\s、]+", title.split("关于")[0].strip()) if head else []
    return [p for p in spaced if p and _ISSUER.fullmatch(p)] if spaced else []


def _issuers_from_text(lines, start: int, end: int) -> tuple[list[str], int]:
    for index in range(max(0, start - 5), min(len(lines), start + 8)):
        match = _LEAD_ISSUERS.search(lines[index])
        if match:
            names = [n for n in match.group(1).split("、") if _ISSUER.fullmatch(n)]
            if names:
                return names, index
    for index in range(end - 1, max(start, end - 6), -1):  # signature lines above the date
        if _DATE.match(lines[index]):
            names = [n for n in re.split(r"[\s、]+", lines[index - 1].strip()) if _ISSUER.fullmatch(n)]
            if names:
                return names, index - 1
    return [], -1


class _Reader:
    """Reads the draft's values off the extracted lines, each with a warning
    at the source line it came from."""

    def __init__(self, extracted: Extracted, draft: Draft, diagnostics: Diagnostics) -> None:
        self.extracted, self.draft, self.diagnostics = extracted, draft, diagnostics
        self.lines = extracted.lines

    def note(self, index: int, found: str, fix: str) -> None:
        """A warning at the source line and column the value was read from
        (a saved page can hold its whole article on one line)."""
        line, column = self.extracted.source_position(index + 1) if index >= 0 else (1, 0)
        column = column if self.extracted.form != "text" else 0
        self.diagnostics.warning(self.extracted.shown, line, found, "the editor's check", fix, column=column)

    def read(self, types: tuple[str, ...]) -> None:
        draft, lines = self.draft, self.lines
        start = title_line_index(lines, draft.title)
        if start is None:
            draft.title_line = False
            self.note(-1, f"no line with the title {draft.title!r}", "check --title against the source; "
                      "title_line = false was drafted")
            start = 0
        elif _compact(lines[start]) != _compact(draft.title):
            self.note(start, "the title printed over several lines", "check the title line: the text stages "
                      "look for the title on one line")
        end = len(lines)
        draft.type = document_type(draft.title, types)
        self.note(start, f"type = {draft.type!r} read from the title's end" if draft.type
                  else "no document type at the title's end", "check `type` in document.toml")
        draft.issuers = title_issuers(draft.title)
        where = start
        if not draft.issuers:
            draft.issuers, where = _issuers_from_text(lines, start, end)
        self.note(where, f"issuers = {draft.issuers!r}" if draft.issuers else "no issuers printed",
                  "check `issuers` (in printed order); add them when the text does not print them")
        self._number_and_addressee(start)
        self._issued(start)
        self._furniture(start)

    def _number_and_addressee(self, start: int) -> None:
        for index in range(start, min(len(self.lines), start + 8)):
            match = _NUMBER.search(self.lines[index])
            if match and not self.draft.number:
                self.draft.number = re.sub(r"\s+", "", match.group().lstrip("（("))
                self.note(index, f"number = {self.draft.number!r}", "check `number` (文号) as printed")
            if _ADDRESSEE.match(self.lines[index]) and not self.draft.addressee:
                self.draft.addressee = self.lines[index].strip()
                self.note(index, f"addressee = {self.draft.addressee!r}", "check `addressee`")

    def _issued(self, start: int) -> None:
        """The date under the first signature (a line of issuing bodies): a
        通知 that carries a 方案 is dated under the 通知; else the last line
        of the text when it is a date."""
        for index in range(start + 1, len(self.lines)):
            match = _DATE.match(self.lines[index])
            if match and self._is_signature(self.lines[index - 1]):
                self._set_issued(index, match, "under the signature")
                return
        for index in range(len(self.lines) - 1, start, -1):
            line = self.lines[index].strip()
            if line in _SIGNATURE_END or any(p.fullmatch(line) for p, _, _ in _FURNITURE):
                continue
            match = _DATE.match(line)
            if match:
                self._set_issued(index, match, "at the end of the text")
            return

    @staticmethod
    def _is_signature(line: str) -> bool:
        """Names of bodies only, however spaced (a PDF prints 医 保 局)."""
        return bool(_SIGNATURE.match(line)) and _compact(line).endswith(_BODY_ENDINGS)

    def _set_issued(self, index: int, match, where: str) -> None:
        year, month, day = (int(g) for g in match.groups())
        self.draft.issued = f"{year:04d}-{month:02d}-{day:02d}"
        self.note(index, f"issued = {self.draft.issued}, the date {where}", "check `issued`")

    def _furniture(self, start: int) -> None:
        for index in range(start):
            line = self.lines[index].strip()
            if line:
                self.draft.furniture.append((re.escape(line), "headline",
                                             "printed on the page before the document's title"))
                self.note(index, f"furniture before the title: {line!r}", "check the [[full_text.furniture]] entry")
        self._news_lead(start)
        seen = set()
        for index in range(start, len(self.lines)):
            for pattern, kind, reason in _FURNITURE:
                if pattern.fullmatch(self.lines[index]) and pattern.pattern not in seen:
                    seen.add(pattern.pattern)
                    self.draft.furniture.append((pattern.pattern, kind, reason))
                    self.note(index, f"furniture ({kind}): {self.lines[index].strip()!r}",
                              "check the [[full_text.furniture]] entry")


    def _news_lead(self, start: int) -> None:
        """The lead paragraphs of a news release printed between the title and
        the document (近日，……印发了《……》…… / 《……》全文如下。), drafted as
        furniture of kind lead, each line by its whole text."""
        for index in range(start + 1, min(len(self.lines), start + 6)):
            line = self.lines[index].strip()
            if not line:
                continue
            if not _NEWS_LEAD.fullmatch(line):
                return
            self.draft.furniture.append((re.escape(line), "lead", "the news release's lead before the document"))
            self.note(index, f"furniture (lead): {line[:30]!r}", "check the [[full_text.furniture]] entry: the "
                      "lead is the news, not the document's text")


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def render_toml(draft: Draft) -> str:
    """document.toml as drafted: every read value is there for the editor to check."""
    out = ["# Drafted by `policy-site add` from what the source shows: check every value",
           "# (the warnings printed by `add` say where each was read).", "",
           f"slug = {_toml_string(draft.slug)}", f"title = {_toml_string(draft.title)}"]
    if draft.type:
        out.append(f"type = {_toml_string(draft.type)}")
    if draft.issuers:
        out.append("issuers = [" + ", ".join(_toml_string(i) for i in draft.issuers) + "]")
    if draft.issued:
        out.append(f"issued = {draft.issued}")
    if draft.number:
        out.append(f"number = {_toml_string(draft.number)}")
    if draft.addressee:
        out.append(f"addressee = {_toml_string(draft.addressee)}")
    out += ["", "[full_text]", f"file = {_toml_string('sources/' + draft.source_name)}",
            f"script = {_toml_string(draft.script)}", f"form = {_toml_string(draft.form)}"]
    if not draft.title_line:
        out.append("title_line = false")
    if draft.wrapped:
        out.append("wrapped = true  # lines broken mid-sentence (a PDF's page ends) are joined: docs/adding.md")
    for pattern, kind, reason in draft.furniture:
        out += ["", "[[full_text.furniture]]", f"kind = {_toml_string(kind)}",
                f"pattern = {_toml_string(pattern)}", f"reason = {_toml_string(reason)}"]
    if draft.summary_name:
        out += ["", "[summary]", f"file = {_toml_string('sources/' + draft.summary_name)}",
                f"script = {_toml_string(draft.summary_script)}"]
    return "\n".join(out) + "\n"


def _refuse_slug(slug: str, content: Path, diagnostics: Diagnostics) -> bool:
    folder = content / slug
    if not SLUG.match(slug):
        diagnostics.error(slug, 0, f"slug {slug!r}", f"lower-case letters, digits and hyphens ({SLUG_RULE})",
                          "choose an ASCII slug such as `labour-education-2020`")
        return True
    if folder.exists() or folder.is_symlink():
        diagnostics.error(display_path(folder), 0, "a document folder that already exists",
                          "a new slug", "choose another slug, or edit the existing document")
        return True
    return False


def add_document(project: Path, slug: str, source: Path, title: str, diagnostics: Diagnostics,
                 summary: Path | None = None) -> Path | None:
    """Draft content/SLUG/ from `source`; None (and errors) when refused."""
    content = project / "content"
    if _refuse_slug(slug, content, diagnostics):
        return None
    extracted = read_extracted(source, diagnostics)
    summary_text = read_extracted(summary, diagnostics) if summary is not None else None
    if extracted is None or (summary is not None and summary_text is None):
        return None
    if not title.strip():
        diagnostics.error("--title", 0, "an empty title", "the title as published", "give --title")
        return None
    draft = Draft(slug, title.strip(), form="html" if extracted.form == "xhtml" else extracted.form,
                  script=detect_script(extracted.text), source_name=source.name)
    diagnostics.warning(extracted.shown, 1, f"read as {form_label(extracted.form)} in {draft.script} script",
                        "the source's form and script", "check `form` and `script` under [full_text]")
    if extracted.form == "text" and len(wrapped_lines(extracted.lines)) >= 3:
        draft.wrapped = True
        found = wrapped_lines(extracted.lines)
        diagnostics.warning(extracted.shown, found[0] + 1, f"{len(found)} lines broken mid-sentence (text from a PDF)",
                            "one paragraph per line", "wrapped = true was drafted: check the joined lines")
        extracted = join_wrapped(extracted)
    types = load_library(content, Diagnostics())
    _Reader(extracted, draft, diagnostics).read(tuple(getattr(types, "document_types", ()) or ()))
    if summary is not None and summary_text is not None:
        draft.summary_name = summary.name
        draft.summary_script = detect_script(summary_text.text)
    folder = content / slug
    (folder / "sources").mkdir(parents=True)
    shutil.copyfile(source, folder / "sources" / source.name)
    if summary is not None:
        shutil.copyfile(summary, folder / "sources" / summary.name)
    (folder / "document.toml").write_text(render_toml(draft), encoding="utf-8")
    return folder
