"""Stage: render. The document model, in one script, into Markdown pages.

Pure: returns {path under docs/: Markdown}. Paths are identical in every
edition and depend on structure only; urls.py (the citation contract) gives
each page's path: the home (title, date, issuer, preamble, contents), each
section and clause, the full text, search, sources and method, the topic
index and the summary.
"""
from __future__ import annotations

import json
import os
import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from policy_site.document.model import Clause, Document, chinese_date, strip_terminal
from policy_site.document.references import Link, linked_text
from policy_site.site import interface
from policy_site.urls import PageKind, other_document, page_path, page_url, url_of_path
from policy_site.zh.convert import ScriptLayer, to_script
from policy_site.zh.editions import SIMPLIFIED

HOME = page_path(PageKind.HOME)
FULL_TEXT = page_path(PageKind.FULL_TEXT)
ABOUT = page_path(PageKind.ABOUT)
SUMMARY = page_path(PageKind.SUMMARY)
SEARCH = page_path(PageKind.SEARCH)
TAGS = page_path(PageKind.TAGS)


def _relative(target: str, start: str) -> str:
    """posixpath.relpath for the generator's own clean relative paths ('' or
    'a/b'), without its abspath/getcwd calls: thousands of links per build."""
    to, here = [p for p in target.split("/") if p], [p for p in start.split("/") if p]
    common = 0
    while common < min(len(to), len(here)) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def relative_link(from_page: str, to_page: str) -> str:
    return _relative(to_page, posixpath.dirname(from_page))


@dataclass(frozen=True)
class ScriptText:
    """Text of model nodes in one script: the canonical text or a layer."""
    script: str
    document: Document
    layer: ScriptLayer  # empty for the canonical (simplified) script
    canonical: dict[str, str] = field(default_factory=dict)
    # Sentence id -> references inside its text (references.py): a layer.
    links: dict[str, tuple] = field(default_factory=dict)
    # Paragraph id -> the clauses of another document it explains (document/interpretation.py): a layer.
    explains: dict[str, tuple] = field(default_factory=dict)
    # Sentence spans already written for a page of this build (`sentence_span`):
    # the same sentence is on its clause's page and on the full text.
    spans: dict[tuple, Markup] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.canonical:
            self.canonical.update(dict(self.document.texts()))

    def __call__(self, node_id: str) -> str:
        if self.script == SIMPLIFIED:
            return self.canonical[node_id]
        return self.layer[node_id]

    def ui(self, key: str) -> str:
        """Interface words in this edition (content/ui/, interface.py)."""
        return interface.ui(self.script, key)

    def convert(self, text: str) -> str:
        """Editorial text (a tag's name, a source's origin) in this edition's script."""
        return _converted(text, self.script)

    def clause_title(self, clause: Clause) -> str:
        return strip_terminal(self(clause.title_sentence.id))


@lru_cache(maxsize=None)  # the same few texts, on every page
def _converted(text: str, script: str) -> str:
    return to_script(text, script)


# --- escaping ---------------------------------------------------------------
#
# Pages are Markdown with raw HTML inside, read by Python-Markdown (with
# attr_list, md_in_html, toc, tables, fenced_code) and then shown by Material,
# whose Jinja environment does not autoescape. Every value a template prints
# is text unless it is the project's own markup (a `Markup`): `literal` makes
# it inert in both languages at once, so one escape is right wherever the
# value lands (a heading, a list item, a table cell, a raw HTML element or an
# attribute). Characters that Markdown or attr_list give a meaning become
# numeric character references, which Python-Markdown passes through as they
# are and the browser shows as the character itself.

_REFERENCES = {c: f"&#{ord(c)};" for c in "\\`*_[]{}#|!~\n\r"}
_REFERENCES.update({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})
_INERT = str.maketrans(_REFERENCES)
_SPECIAL = re.compile("[" + re.escape("".join(_REFERENCES)) + "]")
# Markers that mean something only at the start of a line (a list, a heading
# underline, a code block by indentation) or at its end (two spaces: a line
# break). Inside a value there is no line start: newlines are references.
_LINE_START = re.compile(r"[ \t]*(?:[-+=]|\d+[.)])?")


def _references(text: str) -> str:
    return "".join(c if c.isdigit() else f"&#{ord(c)};" for c in text)


# Markup of a str known to be safe, without Markup()'s __html__ check: this
# runs on every value a template prints (tens of thousands per build).
_markup = str.__new__


def literal(value: object) -> Markup:
    """`value` as text that reads literally in Markdown and in HTML, text and
    attributes alike. The project's own markup (`Markup`) passes unchanged."""
    kind = type(value)
    if kind is Markup:
        return value  # type: ignore[return-value]
    if kind is not str:
        if hasattr(value, "__html__"):
            return Markup(value.__html__())
        value = str(value)
    text: str = value  # type: ignore[assignment]
    if not text:
        return Markup()
    first = text[0]
    if not (first in " \t-+=" or first.isdigit() or text[-1] in " \t"):  # most values: no marker at either end
        return _markup(Markup, text.translate(_INERT) if _SPECIAL.search(text) else text)
    start, end = 0, len(text)
    if text[0] in " \t-+=" or text[0].isdigit():
        start = _LINE_START.match(text).end()  # type: ignore[union-attr]
    if text[-1] in " \t":
        end = max(start, len(text.rstrip(" \t")))
    body = text[start:end]
    if _SPECIAL.search(body):  # most text has none: this is on every printed value
        body = body.translate(_INERT)
    if start == 0 and end == len(text):
        return _markup(Markup, body)
    return _markup(Markup, _references(text[:start]) + body + _references(text[end:]))


def join_literal(values: Iterable[object], separator: str = "") -> Markup:
    """The `join` filter: each value escaped, the template's separator kept."""
    return Markup(separator).join(literal(v) for v in values)


# YAML reads these as line breaks or refuses them (json.dumps already writes
# the C0 controls as escapes): written as JSON escapes too.
_YAML_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def front_matter(value: object) -> Markup:
    """A front-matter value (page title, description). MkDocs hands it to
    Material, which prints it as HTML without escaping (in <title>, the header,
    <meta content>, the footer): so it is HTML-escaped here, then written as a
    JSON string (JSON is YAML)."""
    encoded = json.dumps(str(escape(value)), ensure_ascii=False)
    return Markup(_YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded))


def nav_label(value: str) -> str:
    """A navigation title: Material prints nav titles as HTML."""
    return str(escape(value))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("policy_site.site", "templates"),
        # Every printed value goes through `literal`; Markup (macros, blocks
        # built here, links) is the only way for markup to reach a page.
        autoescape=True,
        finalize=literal,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["yaml"] = front_matter
    # Filters that would return HTML-escaped Markup (and so skip the Markdown
    # escaping) are replaced: templates must not print through others
    # (tests/test_escaping.py checks which filters the templates use).
    env.filters["e"] = env.filters["escape"] = literal
    env.filters["join"] = join_literal
    return env


ENVIRONMENT = _environment()


def keep_compiled_templates(folder) -> None:
    """Keep the templates' compiled code in `folder` (below the project's
    build/), so a new process (a worker, the next build) loads them instead
    of compiling them again: compiling was most of a first render's time.
    Jinja checks each entry against its template's source, so an edited
    template is compiled afresh; entries are written atomically."""
    folder = str(folder)
    current = ENVIRONMENT.bytecode_cache
    if isinstance(current, jinja2.FileSystemBytecodeCache) and current.directory == folder:
        return
    os.makedirs(folder, exist_ok=True)
    ENVIRONMENT.bytecode_cache = jinja2.FileSystemBytecodeCache(folder)


def relative_url(from_page: str, kind: str, key: int | str | None = None) -> str:
    """Directory URL of a page relative to another, for raw HTML (MkDocs
    rewrites Markdown links only)."""
    return _relative(page_url(kind, key), url_of_path(from_page)) + "/"


def _link_markup(path: str) -> Markup:
    """A link the generator made (structure and slugs only), percent-encoded."""
    return Markup(quote(path, safe="/#"))


# Links between the generator's own pages depend on the two paths only, and
# each page links the same few pages many times (a tag page: every sentence).
@lru_cache(maxsize=65536)
def _page_link(page: str, kind: str, key: int | str | None) -> Markup:
    return _link_markup(relative_link(page, page_path(kind, key)))


@lru_cache(maxsize=65536)
def _page_url(page: str, kind: str, key: int | str | None) -> Markup:
    return _link_markup(relative_url(page, kind, key))


def render_template(name: str, text: ScriptText, page: str, **context: object) -> str:
    return str(render_fragment(name, text, page, **context))


def render_fragment(name: str, text: ScriptText, page: str, **context: object) -> Markup:
    """A template rendered for `page`: Markup, for a page or a block of one."""
    def link(kind: str, key: int | str | None = None) -> Markup:
        return _page_link(page, kind, key)

    def url(kind: str, key: int | str | None = None) -> Markup:
        return _page_url(page, kind, key)

    def document_url(slug: str, below: str = "") -> Markup:
        """Another document's page: documents are siblings below an edition root."""
        return _link_markup(other_document(url_of_path(page), slug, below))

    def href(reference: Link) -> Markup:
        if reference.slug:
            return document_url(reference.slug)
        return url("clause", reference.clause) if reference.clause else url("home")

    def sentence_text(node_id: str) -> object:
        """A sentence's text, its references as links (text escaped, links markup)."""
        links = text.links.get(node_id)
        return linked_text(text(node_id), links, href, literal) if links else text(node_id)

    quoted = context.setdefault("quoted", {})
    named = "sentence_name" not in context  # the usual names: spans may be reused
    names = context.setdefault("sentence_name", lambda node_id: sentence_name(text, node_id))

    def sentence(s, lead: object = False) -> Markup:
        """One sentence's span (`sentence_span`); one without links to other
        pages reads the same on every page, so it is written once per build."""
        node_id = s.id
        ids = quoted[node_id] if node_id in quoted else None  # type: ignore[index, operator]
        reusable = named and not text.links.get(node_id)
        key = (node_id, bool(lead), None if ids is None else tuple(ids))
        if reusable and key in text.spans:
            return text.spans[key]
        span = sentence_span(node_id, bool(lead), ids, literal(sentence_text(node_id)),
                             names(node_id), text.ui("的链接"), note=s.note)  # type: ignore[operator]
        if reusable:
            text.spans[key] = span
        return span

    template = ENVIRONMENT.get_template(name)
    return Markup(template.render(doc=text.document, t=text, ui=text.ui, cv=text.convert, title=text.clause_title,
                                  link=link, url=url, st=sentence_text, document_url=document_url,
                                  address=_address, sentence=sentence, **context))


def _address(kind: str, key: int | str | None = None) -> Markup:
    """A page's address below the document's root, as the citation contract
    (urls.py) writes it, for pages that show it."""
    return _link_markup(page_url(kind, key))


def sentence_span(node_id: str, lead: bool, quoted: Iterable[str] | None, body: Markup, name: str,
                  link_word: str, note: bool = False) -> Markup:
    """A sentence as every page prints it (the `sentence` of _macros.md.j2):

        <span class="sentence[ lead]" id="ID"[ data-quoted="BULLETS"]>[<strong>]TEXT[</strong>]<a
        class="sentence-link" href="#ID" aria-label="NAME的链接"></a></span>

    Written here, not as a Jinja macro: it is printed for every sentence of
    every page, and a macro call cost more than the rest of the span's work.
    Each value goes through `literal`, as the template's `{{ … }}` would."""
    sid = literal(node_id)
    data = f' data-quoted="{join_literal(quoted, " ")}"' if quoted is not None else ""
    text = f"<strong>{body}</strong>" if lead else body
    kind = " lead" if lead else " note" if note else ""  # note: a closing responsibility note (model.Sentence)
    return _markup(Markup, f'<span class="sentence{kind}" id="{sid}"{data}>{text}'
                           f'<a class="sentence-link" href="#{sid}" aria-label="{literal(name)}{literal(link_word)}">'
                           f'</a></span>')


_SENTENCE_ID = re.compile(r"(?:preamble-p(?P<pp>\d+)|s(?P<sec>\d+)-p(?P<sp>\d+)|c(?P<clause>\d+))-s(?P<n>\d+)")


def sentence_name(text: ScriptText, sentence_id: str) -> str:
    """A sentence as readers name it, from its id: （八）第3句, 一、第2段第1句,
    引言第1段第2句. Each sentence link says which sentence it links."""
    match = _SENTENCE_ID.fullmatch(sentence_id)
    if match is None:
        return sentence_id
    n = match["n"]
    if match["clause"]:
        return f"{text.document.clause(int(match['clause'])).label}{text.ui('第')}{n}{text.ui('句')}"
    if match["sec"]:
        section = next(s for s in text.document.sections if s.number == int(match["sec"]))
        where = section.marker or f"{text.ui('第')}{section.ordinal}{text.ui('问')}"
        return f"{where}{text.ui('第')}{match['sp']}{text.ui('段第')}{n}{text.ui('句')}"
    return f"{text.ui('引言第')}{match['pp']}{text.ui('段第')}{n}{text.ui('句')}"


def _plain(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_document_pages(text: ScriptText, *, description: str, clause_blocks: dict[int, list[str]],
                          about_blocks: list[str], about_context: dict[str, object],
                          has_summary: bool, has_tags: bool,
                          quoted: dict[str, list[str]] | None = None,
                          cited_by: list | None = None, relations: list | None = None,
                          versions: list | None = None) -> dict[str, str]:
    """`quoted`: sentence id -> ids of the summary bullets that quote it (a layer);
    `cited_by`: (slug, title, citations) of the documents that cite this one;
    `relations`: the relations panel's rows (status.relation_rows); `versions`:
    the earlier versions' rows (status.version_rows)."""
    quoted = quoted or {}
    doc = text.document
    ui = text.ui
    pages: dict[str, str] = {}
    pages[HOME] = render_template("home.md.j2", text, HOME, page_title=text("title"),
                                  page_description=text.convert(description) or text("title"),
                                  description=text.convert(description), has_summary=has_summary, has_tags=has_tags,
                                  cited_by=cited_by or [], relations=relations or [], versions=versions or [])
    for section in doc.sections:
        path = page_path(PageKind.SECTION, section.number)
        heading = f"{section.marker}{text(section.title_id)}"
        pages[path] = render_template("section.md.j2", text, path, section=section, page_title=heading,
                                      page_description=f"{text('title')} · {heading}")
    for section in doc.sections:
        for clause in section.clauses:
            path = page_path(PageKind.CLAUSE, clause.number)
            body = "".join(text(s.id) for s in clause.sentences[1:])
            pages[path] = render_template(
                "clause.md.j2", text, path, clause=clause, section=section,
                page_title=f"{clause.label}{text.clause_title(clause)}",
                page_description=_plain(f"{text('title')} {clause.label}{text(clause.title_sentence.id)}{body}"),
                description="", extra_blocks=clause_blocks.get(clause.number, []), quoted=quoted)
    pages[FULL_TEXT] = render_template("full_text.md.j2", text, FULL_TEXT, page_title=ui("全文"),
                                       page_description=f"{text('title')} {ui('全文')}", quoted=quoted)
    pages[SEARCH] = render_template("search.md.j2", text, SEARCH, page_title=ui("检索"),
                                    page_description=f"{text('title')} · {ui('检索')}")
    pages[ABOUT] = render_template("about.md.j2", text, ABOUT, page_title=ui("来源与方法"),
                                   page_description=f"{text('title')} · {ui('来源与方法')}",
                                   extra_blocks=about_blocks, **about_context)
    return pages


NAV_FANOUT = 12  # most entries on one level of the navigation


def bounded(entries: list[tuple[str, str, object]], join: str) -> list[object]:
    """Nav entries (first label, last label, entry), grouped into ranges while
    there are more than NAV_FANOUT of them: a long document's navigation then
    grows with the logarithm of its length, not linearly. Every page renders
    the navigation, and with `navigation.prune` only the open path's levels, so
    the whole build stays close to linear in pages (the issue's 50x corpus has
    450 sections). The first document's nine sections are not grouped."""
    while len(entries) > NAV_FANOUT:
        count = -(-len(entries) // NAV_FANOUT)  # groups of near-equal size
        bounds = [len(entries) * i // count for i in range(count + 1)]
        groups = [entries[a:b] for a, b in zip(bounds, bounds[1:])]
        entries = [(g[0][0], g[-1][1], {f"{g[0][0]}{join}{g[-1][1]}": [e[2] for e in g]}) for g in groups]
    return [e[2] for e in entries]


def sections_out_of_nav(document: Document) -> list[str]:
    """Pages of sections with clauses and no text of their own: reached from
    their clauses and the contents, not stopped at by previous/next."""
    return [page_path(PageKind.SECTION, s.number) for s in document.sections if s.clauses and not s.paragraphs]


def navigation(text: ScriptText, *, has_summary: bool, has_tags: bool) -> list[object]:
    """The MkDocs `nav`, in reading order."""
    ui = text.ui
    nav: list[object] = [{ui("首页"): HOME}]
    sections: list[tuple[str, str, object]] = []
    for section in text.document.sections:
        heading = nav_label(f"{section.marker}{text(section.title_id)}")
        if section.clauses and not section.paragraphs:
            # Its page holds only its heading and the list of its clauses: out
            # of the navigation (publish.py lists it in not_in_nav), so
            # previous/next go from clause to clause.
            clauses = bounded([(c.label, c.label, {nav_label(f"{c.label}{text.clause_title(c)}"): page_path(PageKind.CLAUSE, c.number)})
                               for c in section.clauses], ui("至"))
            sections.append((section.ordinal, section.ordinal, {heading: clauses}))
        elif section.clauses:
            clauses = bounded([(c.label, c.label, {nav_label(f"{c.label}{text.clause_title(c)}"): page_path(PageKind.CLAUSE, c.number)})
                               for c in section.clauses], ui("至"))
            sections.append((section.ordinal, section.ordinal,
                             {heading: [page_path(PageKind.SECTION, section.number)] + clauses}))
        else:
            sections.append((section.ordinal, section.ordinal, {heading: page_path(PageKind.SECTION, section.number)}))
    nav += bounded(sections, ui("至"))
    nav.append({ui("全文"): FULL_TEXT})
    if has_summary:
        nav.append({ui("要点摘编"): SUMMARY})
    if has_tags:
        nav.append({ui("主题索引"): TAGS})
    nav.append({ui("检索"): SEARCH})
    nav.append({ui("来源与方法"): ABOUT})
    return nav


# One wording per kind, the label shown beside a bullet and its longer note
# agreeing: a bullet is the original verbatim, shortened from it, or two of
# its sentences joined. The score is the share of the bullet's characters
# found in order in the source, so a shortened bullet scores 100%.
MATCH_KIND_LABELS = {"verbatim": "照录原文", "shortened": "节录原文", "joined": "合并原文两句", "unaligned": "未能对应原文"}
MATCH_KIND_NOTES = {
    "verbatim": "与原文逐字相同",
    "shortened": "摘自原文，略去部分字词",
    "joined": "由原文相邻两句合并而成",
    "unaligned": "未能对应到原文",
}


def bullet_sources(link) -> list[tuple[str, str]]:
    """(sentence id, owner) of every source sentence a bullet quotes, in order, once each."""
    seen: dict[str, str] = {}
    for part in link.sentences:
        for sentence_id in part.sentence_ids:
            seen.setdefault(sentence_id, part.owner)
    return list(seen.items())


def render_summary_page(text: ScriptText, summary_text, summary, links, outlet: str = "") -> str:
    """The summary as published, every bullet linked to its source sentence,
    labelled as news (新闻摘编 · outlet · date) above its title.
    `summary_text(id)` gives the summary's text in the page's script."""
    ui = text.ui
    label = " · ".join([ui("新闻摘编"), *([text.convert(outlet)] if outlet else []),
                        *([chinese_date(summary.date)] if summary.date else [])])
    return render_template("summary.md.j2", text, SUMMARY, summary=summary, s=summary_text, links=links, label=label,
                           kind_labels=MATCH_KIND_LABELS, kind_notes=MATCH_KIND_NOTES, sources=bullet_sources,
                           page_title=ui("要点摘编"), page_description=summary_text("summary-title"))


def render_backlinks(text: ScriptText, clause_number: int, summary_text, summary, links) -> Markup:
    """Which summary bullets quote this clause, with a switch that marks the
    quoted sentences (policy.js)."""
    quoting = [b for b in summary.bullets if links[b.id].owner == f"c{clause_number}"]
    if not quoting:
        return Markup()
    return render_fragment("_quoted_by.md.j2", text, page_path(PageKind.CLAUSE, clause_number), bullets=quoting,
                           s=summary_text, links=links, kind_labels=MATCH_KIND_LABELS)


def render_explained_by(text: ScriptText, clause_number: int, explaining: list) -> Markup:
    """The paragraphs of interpretations (解读) that explain this clause, each
    linked to its place there (document/interpretation.py)."""
    return render_fragment("_explained_by.md.j2", text, page_path(PageKind.CLAUSE, clause_number),
                           explaining=explaining)


def render_tag_pages(text: ScriptText, tagging) -> dict[str, str]:
    ui = text.ui
    counts = {tag.slug: len(tagging.clauses_with(tag.slug)) for tag in tagging.vocabulary}
    pages = {TAGS: render_template("tags.md.j2", text, TAGS, tags=tagging.vocabulary, counts=counts,
                                   page_title=ui("主题索引"), page_description=f"{text('title')} · {ui('主题索引')}")}
    for tag in tagging.vocabulary:
        path = page_path(PageKind.TAG, tag.slug)
        entries = [(n, next(m for m in tagging.clauses[n] if m.slug == tag.slug))
                   for n in tagging.clauses_with(tag.slug)]
        pages[path] = render_template("tag.md.j2", text, path, tag=tag, entries=entries,
                                      page_title=f"{ui('主题')}：{text.convert(tag.name)}",
                                      page_description=text.convert(tag.description))
    return pages


def render_clause_tags(text: ScriptText, clause_number: int, tagging) -> Markup:
    """Tags of a clause, linking to their pages, and its related clauses."""
    names = {t.slug: t.name for t in tagging.vocabulary}
    return render_fragment("_clause_tags.md.j2", text, page_path(PageKind.CLAUSE, clause_number),
                           tags=[(slug, names[slug]) for slug in tagging.slugs(clause_number)],
                           related=[text.document.clause(n) for n, _ in tagging.related(clause_number)])
