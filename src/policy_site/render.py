"""Stage: render. The document model, in one script, into Markdown pages.

Pure: returns {path under docs/: Markdown}. Paths are identical in both
scripts and depend on structure only:

    index.md                 home: title, date, issuer, preamble, contents
    sections/<n>/index.md    section n (一、 is 1)
    clauses/<n>/index.md     clause n ((八) is 8)
    full-text/index.md       the whole document in order
    about/index.md           sources and method
"""
from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field
from typing import Callable

import jinja2

from .convert import SIMPLIFIED, ScriptLayer, to_script
from .model import Clause, Document, strip_terminal

HOME = "index.md"
FULL_TEXT = "full-text/index.md"
ABOUT = "about/index.md"
SUMMARY = "summary/index.md"
TAGS = "tags/index.md"


def page_path(kind: str, key: int | str | None = None) -> str:
    if kind == "home":
        return HOME
    if kind == "section":
        return f"sections/{key}/index.md"
    if kind == "clause":
        return f"clauses/{key}/index.md"
    if kind == "tag":
        return f"tags/{key}/index.md"
    return {"full-text": FULL_TEXT, "about": ABOUT, "summary": SUMMARY, "tags": TAGS}[kind]


def page_url(kind: str, key: int | str | None = None) -> str:
    """The page's URL path below the script root, e.g. `clauses/8/`."""
    path = page_path(kind, key)
    return "" if path == HOME else path[: -len("index.md")]


def relative_link(from_page: str, to_page: str) -> str:
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


@dataclass(frozen=True)
class ScriptText:
    """Text of model nodes in one script: the canonical text or a layer."""
    script: str
    document: Document
    layer: ScriptLayer  # empty for the canonical (simplified) script
    canonical: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.canonical:
            self.canonical.update(dict(self.document.texts()))

    def __call__(self, node_id: str) -> str:
        if self.script == SIMPLIFIED:
            return self.canonical[node_id]
        return self.layer[node_id]

    def ui(self, text: str) -> str:
        return to_script(text, self.script)

    def clause_title(self, clause: Clause) -> str:
        return strip_terminal(self(clause.title_sentence.id))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("policy_site", "templates"),
        autoescape=False,  # Markdown, not HTML; sentence text is escaped where it enters HTML
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)
    return env


ENVIRONMENT = _environment()


def render_template(name: str, text: ScriptText, page: str, **context: object) -> str:
    def link(kind: str, key: int | str | None = None) -> str:
        return relative_link(page, page_path(kind, key))

    template = ENVIRONMENT.get_template(name)
    return template.render(doc=text.document, t=text, ui=text.ui, title=text.clause_title,
                           link=link, **context)


def _plain(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_document_pages(text: ScriptText, *, description: str, clause_blocks: dict[int, list[str]],
                          about_blocks: list[str], about_context: dict[str, object],
                          has_summary: bool, has_tags: bool) -> dict[str, str]:
    doc = text.document
    ui = text.ui
    pages: dict[str, str] = {}
    pages[HOME] = render_template("home.md.j2", text, HOME, page_title=text("title"),
                                  page_description=ui(description) or text("title"),
                                  description=ui(description), has_summary=has_summary, has_tags=has_tags)
    for section in doc.sections:
        path = page_path("section", section.number)
        heading = f"{section.numeral}、{text(section.title_id)}"
        pages[path] = render_template("section.md.j2", text, path, section=section, page_title=heading,
                                      page_description=f"{text('title')} · {heading}")
    for section in doc.sections:
        for clause in section.clauses:
            path = page_path("clause", clause.number)
            body = "".join(text(s.id) for s in clause.sentences[1:])
            pages[path] = render_template(
                "clause.md.j2", text, path, clause=clause, section=section,
                page_title=f"{clause.label}{text.clause_title(clause)}",
                page_description=_plain(f"{text('title')} {clause.label}{text(clause.title_sentence.id)}{body}"),
                description="", extra_blocks=clause_blocks.get(clause.number, []))
    pages[FULL_TEXT] = render_template("full_text.md.j2", text, FULL_TEXT, page_title=ui("全文"),
                                       page_description=f"{text('title')} {ui('全文')}")
    pages[ABOUT] = render_template("about.md.j2", text, ABOUT, page_title=ui("来源与方法"),
                                   page_description=f"{text('title')} · {ui('来源与方法')}",
                                   extra_blocks=about_blocks, **about_context)
    return pages


def navigation(text: ScriptText, *, has_summary: bool, has_tags: bool) -> list[object]:
    """The MkDocs `nav`, in reading order."""
    ui = text.ui
    nav: list[object] = [{ui("首页"): HOME}]
    for section in text.document.sections:
        heading = f"{section.numeral}、{text(section.title_id)}"
        if section.clauses:
            children: list[object] = [page_path("section", section.number)]
            children += [{f"{c.label}{text.clause_title(c)}": page_path("clause", c.number)}
                         for c in section.clauses]
            nav.append({heading: children})
        else:
            nav.append({heading: page_path("section", section.number)})
    nav.append({ui("全文"): FULL_TEXT})
    if has_summary:
        nav.append({ui("要点摘编"): SUMMARY})
    if has_tags:
        nav.append({ui("主题索引"): TAGS})
    nav.append({ui("来源与方法"): ABOUT})
    return nav
