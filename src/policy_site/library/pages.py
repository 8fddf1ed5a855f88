"""The library's own pages, per edition, made from what each document
exported (its `record.json` and search index), never from its internals:
the home (every document, newest first, filterable without a server), one
search over every document, the root chooser and 404 page, and static
redirects from the first document's pre-library URLs (mkdocs-redirects).

The library's search files (`search_files`) are not MkDocs pages: the
build writes them beside the pages MkDocs makes (MkDocs would only copy
them), so an unchanged index is reused from the last build, not made and
copied again. Topic pages change only with the documents' clause titles and
tags, not with most edits: `library_editions(..., stub_topics=True)` gives
each edition with each topic page's Markdown a stub, whose build makes every
other page byte for byte as the whole edition's does (the navigation names each
page by its configured title, the sitemap by its path), so the topic pages'
HTML of an earlier build can stand in for the stubs' (library/build.py).

Pure: returns page texts; library/build.py writes and builds them."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup

from policy_site.document.model import chinese_date
from policy_site.site import interface, metadata
from policy_site.site.engine import STORAGE_KEY, EditionSite
from policy_site.site.record import DocumentRecord
from policy_site.site.render import ENVIRONMENT, literal, nav_label
from policy_site.site.search import library_files
from policy_site.site.status import COMPARE_SCRIPT_WORDS, COMPARE_WORDS, OTHER_WORDS, STATUS_WORDS
from policy_site.urls import (
    PageKind,
    client_rules,
    compare_data,
    compare_key,
    edition_page,
    edition_url,
    legacy_home,
    legacy_redirects,
    node_page,
    page_path,
    page_url,
    relative_url,
    site_path,
    url_of_path,
    version_prefix,
)
from policy_site.zh.convert import to_script
from policy_site.zh.editions import EDITIONS, SCRIPTS, SIMPLIFIED

from . import compare, feed
from .catalog import LibraryConfig

HOME = page_path(PageKind.HOME)
SEARCH = page_path(PageKind.SEARCH)
TOPICS = page_path(PageKind.TOPICS)


def _template(name: str) -> jinja2.Template:
    """The document templates' environment: every value printed is literal
    text in Markdown and HTML alike (render.literal)."""
    return ENVIRONMENT.get_template(f"library/{name}")


def _links(here: PageKind, key: str | None = None) -> dict[str, object]:
    """The templates' links from a library page (urls.py): to a document's
    page and to a topic page, relative, as the project's own markup."""
    start = page_url(here, key)

    def document_url(slug: str, kind: str = PageKind.HOME, number: int | None = None) -> Markup:
        return Markup(quote(relative_url(start, edition_page(slug, page_url(kind, number))), safe="/"))

    def topic_url(slug: str | None = None) -> Markup:
        target = page_url(PageKind.TOPIC, slug) if slug else page_url(PageKind.TOPICS)
        return Markup(quote(relative_url(start, target), safe="/"))

    return {"document_url": document_url, "topic_url": topic_url}


def ui_text(key: str, script: str) -> str:
    """Interface words in one edition (content/ui/, interface.py)."""
    return interface.ui(script, key)


def _date_label(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{int(year)}年{int(month)}月{int(day)}日"


@dataclass(frozen=True)
class Entry:
    slug: str
    title: str
    issuers: tuple[str, ...]
    year: str
    topics: tuple[str, ...]
    meta: tuple[str, ...]
    description: str
    status: str = ""  # relations.Status value, "" when no one has said
    issued: str = ""  # ISO date, for sorting in the page


def _entries(records: list[DocumentRecord], script: str) -> list[Entry]:
    """Newest first by date of issue; a document without one goes last."""
    ordered = sorted(records, key=lambda r: (r.issued, r.slug), reverse=True)
    entries = []
    for r in ordered:
        issuers = tuple(i[script] for i in r.issuers)
        meta = [" ".join(issuers)] if issuers else []
        if r.issued:
            meta.append(_date_label(r.issued))
        if r.doc_type:
            meta.append(to_script(r.doc_type, script))
        if r.number:
            meta.append(to_script(r.number, script))
        if r.published and r.published != r.issued:
            meta.append(ui_text("{date}发布", script).format(date=_date_label(r.published)))
        # The site cites a clause as 第（八）项: counted in the same word.
        meta.append(ui_text("{n} 项", script).format(n=r.clauses) if r.clauses else
                    ui_text("{n} 部分", script).format(n=r.sections))
        if r.status:
            meta.append(ui_text(STATUS_WORDS[r.status], script))
        # A description that only repeats the title says nothing more.
        description = r.description[script] if r.description[script].strip() != r.title[script].strip() else ""
        entries.append(Entry(r.slug, r.title[script], issuers, r.issued[:4],
                             tuple(t.slug for t in r.tags), tuple(meta), description, r.status, r.issued))
    return entries


def home_page(records: list[DocumentRecord], library: LibraryConfig, script: str) -> str:
    entries = _entries(records, script)
    issuers = sorted({i for e in entries for i in e.issuers})
    years = sorted({e.year for e in entries if e.year}, reverse=True)
    topics = [(t.slug, t.name) for t in _ordered_topics(records, library.topic_order)]
    topics = [(slug, name[script]) for slug, name in topics]
    legacy = next((legacy_home(r.slug) for r in records if r.legacy_root), "")
    # The statuses documents have, in the order relations.Status lists them.
    statuses = [(s, ui_text(word, script)) for s, word in STATUS_WORDS.items() if any(e.status == s for e in entries)]
    return _template("home.md.j2").render(
        title=to_script(library.title, script), description=to_script(library.description, script),
        documents=entries, issuers=issuers, years=years, topics=topics, legacy=legacy, statuses=statuses,
        ui=lambda text: ui_text(text, script), **_links(PageKind.HOME))


@dataclass(frozen=True)
class TopicGroup:
    slug: str
    title: str
    clauses: tuple[tuple[int, str], ...]  # (number, label and title)

    @property
    def count(self) -> int:
        return len(self.clauses)


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    description: str
    documents: tuple[TopicGroup, ...]

    @property
    def count(self) -> int:
        return sum(g.count for g in self.documents)


def _definitions(records: list[DocumentRecord]) -> dict[str, dict]:
    """One name and description per topic slug. Documents cannot redefine a
    library tag (content/tags.toml) and a document's own tag is defined by
    one document only (tag.py): records built together agree. A record kept
    from an earlier build (its document failed since) can be older than an
    edit of the vocabulary: the most recently built record wins."""
    defined: dict[str, dict] = {}
    for record in sorted(records, key=lambda r: (r.built, r.slug), reverse=True):
        for tag in record.tags:
            defined.setdefault(tag.slug, tag)
    return defined


def _ordered_topics(records: list[DocumentRecord], order: tuple[str, ...]) -> list:
    """The topics in the reviewed order of the library vocabulary, then a
    document's own topics by their simplified name: one order in every
    edition (an edition's own script would order 住房 and 城市 differently)."""
    rank = {slug: index for index, slug in enumerate(order)}
    return sorted(_definitions(records).values(),
                  key=lambda t: (rank.get(t.slug, len(rank)), t.name[SIMPLIFIED], t.slug))


def topics(records: list[DocumentRecord], script: str, order: tuple[str, ...] = ()) -> list[Topic]:
    """Every topic of the library (`order`: the vocabulary's, _ordered_topics),
    each with its clauses grouped by document (documents newest first, clauses
    in document order)."""
    ordered = sorted(records, key=lambda r: (r.issued, r.slug), reverse=True)
    result = []
    for tag in _ordered_topics(records, order):
        slug = tag.slug
        groups = []
        for record in ordered:
            numbers = sorted(n for n, tags in record.clause_tags.items() if slug in tags)
            if numbers:
                groups.append(TopicGroup(record.slug, record.title[script],
                                         tuple((n, record.clause_titles[script][n]) for n in numbers)))
        result.append(Topic(slug, tag.name[script], tag.description[script], tuple(groups)))
    return result


def topic_pages(records: list[DocumentRecord], library: LibraryConfig, script: str) -> dict[str, str]:
    ui = lambda text: ui_text(text, script)  # noqa: E731
    found = topics(records, script, library.topic_order)
    pages = {TOPICS: _template("topics.md.j2").render(
        title=ui("主题"), description=f"{to_script(library.title, script)} · {ui('主题')}", topics=found, ui=ui,
        **_links(PageKind.TOPICS))}
    for topic in found:
        pages[page_path(PageKind.TOPIC, topic.slug)] = _template("topic.md.j2").render(
            title=f"{ui('主题')}：{topic.name}", description=topic.description, topic=topic, ui=ui,
            **_links(PageKind.TOPIC, topic.slug))
    return pages


def search_page(library: LibraryConfig, script: str) -> str:
    return _template("search.md.j2").render(
        title=ui_text("检索", script), description=f"{to_script(library.title, script)} · {ui_text('检索', script)}",
        ui=lambda text: ui_text(text, script))


def search_files(indexes: dict[str, dict], records: dict[str, DocumentRecord], script: str) -> dict[str, str]:
    """One split index over every document (search.library_files), below
    `search/` beside the library's search page: path below the edition root
    -> text. Made from each document's index and these record fields only
    (`search_inputs`)."""
    return library_files(indexes, {slug: search_inputs(record, script) for slug, record in records.items()}, script)


def search_inputs(record: DocumentRecord, script: str) -> tuple[str, str, str, str]:
    """What `search_files` reads of a document's record besides its index:
    short title and title, and the date of issue and 文号 that tell documents
    sharing a short title apart (search.which_documents)."""
    return (record.short_title[script] if record.short_title else "", record.title[script], record.issued,
            to_script(record.number, script) if record.number else "")


TOPIC_STUB = "\n"  # a topic page's Markdown in an edition built with stubs


def is_topic_page(path: str) -> bool:
    return path.startswith(url_of_path(TOPICS)) and path.endswith(".md")


def topic_html(site: EditionSite) -> list[str]:
    """The HTML files (below the edition root) MkDocs makes of the topic pages."""
    return sorted(path.removesuffix(".md") + ".html" for path in site.pages if is_topic_page(path))


def topic_inputs(records: list[DocumentRecord], script: str, order: tuple[str, ...] = ()) -> str:
    """Everything of the documents' records that the topic pages are made
    from (`topics`), as text: with the edition's configuration and what every
    page shares (templates, interface words, the library file) it decides
    their HTML."""
    return json.dumps([asdict(t) for t in topics(records, script, order)], ensure_ascii=False)


def with_topic_pages(site: EditionSite, records: list[DocumentRecord], library: LibraryConfig) -> EditionSite:
    """An edition made with `stub_topics`, its topic pages' Markdown made."""
    made = topic_pages(records, library, site.script)
    assert set(made) == {path for path in site.pages if is_topic_page(path)}
    return replace(site, pages={**site.pages, **made})


def _marked(text: str, marks, canonical: str) -> Markup:
    """`text` with each [start, end) span in <mark>, every character kept and
    escaped. The marks are offsets in the canonical text: an edition whose
    text has another length (a conversion that changed it) shows it unmarked."""
    if len(text) != len(canonical):
        marks = ()
    out, position = Markup(), 0
    for start, end in marks:
        out += literal(text[position:start]) + Markup("<mark>") + literal(text[start:end]) + Markup("</mark>")
        position = end
    return out + literal(text[position:])


def _compare_groups(older: dict, newer: dict, pairs: list[compare.SentencePair], script: str, here: str) -> list:
    """The pairs grouped under the newer document's structure: its preamble,
    each section's own text, each clause (a removed sentence goes with the
    group of the pair before it)."""
    key = script
    old_text, old_canonical = dict(compare.sentences(older, script)), dict(compare.sentences(older))
    new_text, new_canonical = dict(compare.sentences(newer, script)), dict(compare.sentences(newer))
    clauses = {c["id"]: c for c in newer["clauses"]}
    sections = {f"s{s['number']}": s for s in newer["sections"]}
    groups: list[dict] = []

    def href(slug: str, sentence: str) -> str:
        return relative_url(here, edition_page(slug, node_page(sentence))) + "#" + sentence

    for pair in pairs:
        owner = pair.newer.split("-")[0] if pair.newer else (groups[-1]["owner"] if groups else "preamble")
        if not groups or groups[-1]["owner"] != owner:
            clause, section = clauses.get(owner), sections.get(owner)
            heading = (clause["label"] + clause["title"][key] if clause else
                       f"{section['numeral']}、{section['title'][key]}" if section else ui_text(OTHER_WORDS["preamble"], script))
            first = pair.newer or ""
            groups.append({"owner": owner, "id": f"g-{owner}", "heading": heading,
                           "href": href(newer["slug"], first) if first else "", "rows": []})
        groups[-1]["rows"].append({
            "state": pair.state.value, "word": ui_text(COMPARE_WORDS[pair.state.value], script),
            "newer_text": _marked(new_text[pair.newer], pair.newer_marks, new_canonical[pair.newer]) if pair.newer else "",
            "newer_href": href(newer["slug"], pair.newer) if pair.newer else "",
            "older_text": _marked(old_text[pair.older], pair.older_marks, old_canonical[pair.older]) if pair.older else "",
            "older_href": href(older["slug"], pair.older) if pair.older else ""})
    return groups


def compare_files(older: dict, newer: dict, script: str) -> dict[str, str]:
    """The comparison page (Markdown) and its data (JSON) in one edition,
    from the two documents' document.json: path below the edition root -> text."""
    pairs = compare.compare(compare.sentences(older), compare.sentences(newer))  # one result in every edition
    key = compare_key(older["slug"], newer["slug"])
    here = page_url(PageKind.COMPARE, key)
    titles = (older["title"][script], newer["title"][script])
    counts = [(s.value, ui_text(COMPARE_WORDS[s.value], script), sum(1 for p in pairs if p.state is s))
              for s in compare.State]
    page = _template("compare.md.j2").render(
        title=ui_text(OTHER_WORDS["compare_title"], script).format(older=f"《{titles[0]}》", newer=f"《{titles[1]}》"),
        description=ui_text(OTHER_WORDS["compare"], script), older_title=titles[0], newer_title=titles[1],
        older_href=relative_url(here, edition_page(older["slug"], "")),
        newer_href=relative_url(here, edition_page(newer["slug"], "")), counts=counts,
        groups=_compare_groups(older, newer, pairs, script, here), ui=lambda text: ui_text(text, script))
    data = {"older": older["slug"], "newer": newer["slug"], "script": script,
            "counts": {state: n for state, _, n in counts}, "pairs": [p.as_json() for p in pairs]}
    return {page_path(PageKind.COMPARE, key): page,
            compare_data(older["slug"], newer["slug"]): json.dumps(data, ensure_ascii=False, separators=(",", ":"))}


def comparisons_page(records: list[DocumentRecord], pairs: list[tuple[str, str]], script: str,
                     documents: dict[str, dict] | None = None) -> str:
    """The library's comparisons: each declared pair, and any two a reader
    picks, compared in the page by assets/compare.js from their document.json."""
    here = page_url(PageKind.COMPARISONS)
    titles = {r.slug: r.title[script] for r in records} | {s: d["title"][script] for s, d in (documents or {}).items()}
    ordered = sorted(records, key=lambda r: (r.issued, r.slug), reverse=True)
    words = {k: ui_text(v, script) for k, v in COMPARE_SCRIPT_WORDS.items()}
    words.update({state: ui_text(word, script) for state, word in COMPARE_WORDS.items()})
    return _template("comparisons.md.j2").render(
        title=ui_text(OTHER_WORDS["compare"], script), description=ui_text(OTHER_WORDS["compare"], script),
        declared=[{"title": ui_text(OTHER_WORDS["compare_title"], script).format(
                       older=f"《{titles[o]}》", newer=f"《{titles[n]}》"),
                   "href": relative_url(here, page_url(PageKind.COMPARE, compare_key(o, n)))} for o, n in pairs],
        documents=[{"slug": r.slug, "title": r.title[script]} for r in ordered],
        base=relative_url(here, ""), script=script, words=json.dumps(words, ensure_ascii=False),
        node_pages=json.dumps(client_rules()["pages"]), script_url=relative_url(here, "") + "assets/compare.js",
        ui=lambda text: ui_text(text, script))


def library_editions(records: list[DocumentRecord], library: LibraryConfig, root_url: str, *,
                     stub_topics: bool = False, documents: dict[str, dict] | None = None) -> dict[str, EditionSite]:
    """Every page MkDocs builds, per edition; the search files are apart
    (`search_files`), written below `search/` beside these pages.
    `stub_topics`: each topic page a stub (`with_topic_pages` fills them in);
    `documents`: slug -> document.json of each document a comparison needs
    (compare.declared_pairs of the records' `changes`)."""
    pairs = [(o, n) for o, n in compare.declared_pairs({r.slug: r.changes for r in records})
             if documents and o in documents and n in documents]
    versions = [(version_prefix(r.slug, date), r.slug, date) for r in records for date in r.versions
                if documents and version_prefix(r.slug, date) in documents and r.slug in documents]
    if versions:  # an earlier version's title says which text it is
        documents = dict(documents or {})
        for older, _, date in versions:
            titles = documents[older]["title"]
            documents[older] = {**documents[older], "title": {s: ui_text(OTHER_WORDS["version_title"], s).format(
                title=t, date=to_script(chinese_date(date), s)) for s, t in titles.items()}}
        pairs += [(older, newer) for older, newer, _ in versions]
    legacy = next((r for r in records if r.legacy_root), None)
    sites = {}
    for script in SCRIPTS:
        ui = lambda text: ui_text(text, script)  # noqa: E731
        pages = {HOME: home_page(records, library, script), SEARCH: search_page(library, script)}
        if stub_topics:
            pages.update({TOPICS: TOPIC_STUB, **{page_path(PageKind.TOPIC, t.slug): TOPIC_STUB
                                                 for t in topics(records, script, library.topic_order)}})
        else:
            pages.update(topic_pages(records, library, script))
        plugins: tuple[object, ...] = ()
        if legacy is not None:
            plugins = ({"redirects": {"redirect_maps": legacy_redirects(legacy.pages[script], root_url, script,
                                                                        legacy.slug)}},)
        for older, newer in pairs:
            assert documents is not None
            pages.update(compare_files(documents[older], documents[newer], script))
        if len(records) > 1:
            pages[page_path(PageKind.COMPARISONS)] = comparisons_page(records, pairs, script, documents)
        pages[feed.FEED] = feed.atom_feed(records, title=library.title, description=library.description,
                                          root_url=root_url, script=script)
        meta, files = library_meta(pages, library, root_url, script)
        pages.update(files)
        sites[script] = EditionSite(
            script=script, prefix="", site_name=nav_label(to_script(library.title, script)),
            description=nav_label(to_script(library.description, script)), root_url=root_url, pages=pages,
            nav=[{nav_label(ui("文件库")): HOME}, {nav_label(ui("主题")): TOPICS}, {nav_label(ui("检索")): SEARCH}]
            + ([{nav_label(ui(OTHER_WORDS["compare"])): page_path(PageKind.COMPARISONS)}] if len(records) > 1 else []),
            not_in_nav=("/" + page_path(PageKind.TOPIC, "*"), "/" + page_path(PageKind.COMPARE, "*")),
            citation={"fullTitle": to_script(library.title, script), "shortNote": "", "date": ""},
            plugins=plugins, meta=meta)
    return sites


def library_meta(pages: dict[str, str], library: LibraryConfig, root_url: str,
                 script: str) -> tuple[dict[str, dict], dict[str, bytes]]:
    """Head metadata of the library's pages (page URL -> meta), linking the
    edition's Atom feed, and the share image they name."""
    url = edition_url(root_url, script)
    title = to_script(library.title, script)
    description = to_script(library.description, script)
    png = metadata.draw_share_image(title, description, "", script, None, "content/library.toml")
    image = metadata.image_info(url + metadata.SHARE_IMAGE, title) if png else None
    names = {HOME: "", SEARCH: "检索", TOPICS: "主题"}
    meta = {}
    for path in pages:
        if not path.endswith(".md"):
            continue
        page = url_of_path(path)
        compared = page.startswith(page_url(PageKind.COMPARISONS))  # a comparison: its heading names it
        name = (ui_text(names[path], script) if names[path] else "") if path in names else \
            ui_text(OTHER_WORDS["compare"] if compared else "主题", script)
        simplified = edition_url(root_url, SIMPLIFIED) + page if script != SIMPLIFIED else None
        meta[page] = metadata.library_page_meta(
            title=title if not name else f"{title} · {name}", description=description, url=url + page,
            name=name if path in names else None,  # a topic's page: its heading names it (主题：住房)
            language=script, script=script, site_name=title, simplified_url=simplified,
            image=image, feed=url + feed.FEED, site_url=root_url)
    return meta, ({metadata.SHARE_IMAGE: png} if png else {})


def root_metadata(library: LibraryConfig, root_url: str) -> Markup:
    """JSON-LD of the root chooser, as a <script> body: json.dumps with
    < > & written as escapes, so no title can close the element."""
    data = {"@context": "https://schema.org", "@type": "WebSite", "@id": root_url, "url": root_url,
            "name": library.title, "description": library.description,
            "inLanguage": list(SCRIPTS)}
    text = json.dumps(data, ensure_ascii=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _edition_root(key: str, root_url: str = "") -> str:
    """An edition's root (urls.py) below `root_url` ("": relative to the site root)."""
    return edition_url(root_url, key)


def root_index(library: LibraryConfig, root_url: str) -> str:
    # The registry's own constants, as JavaScript (json.dumps of ASCII data, and no "</").
    choices = [{"key": e.key, "folder": e.folder, "prefers": list(e.prefers)} for e in EDITIONS]
    return _template("root_index.html.j2").render(
        title=library.title, description=library.description, url=root_url, editions=EDITIONS,
        editions_json=Markup(json.dumps(choices)), storage_key=Markup(json.dumps(STORAGE_KEY)),
        edition_root=_edition_root, feed=feed.FEED,
        jsonld=root_metadata(library, root_url), image=metadata.cjk_font(SIMPLIFIED) is not None)


def root_404(root_url: str, records: list[DocumentRecord] = ()) -> str:
    """GitHub Pages answers every missing address with this page: it shows the
    edition of the address and, for an address inside a document, the ways
    back into that document (its home, contents and search)."""
    path = urlsplit(root_url).path or "/"
    words = lambda script: {k: ui_text(v, script) for k, v in  # noqa: E731
                            (("notFound", "找不到此页面。"), ("notFoundHelp", "这个网址没有页面：可能输入有误，或页面已移动。"),
                             ("backToLibrary", "返回文件库"), ("documentHome", "本文件首页"),
                             ("documentContents", "目录"), ("documentSearch", "在本文件中检索"))}
    # Per edition folder: slug -> [title, home, search] below the site root (urls.py).
    documents = {e.folder: {r.slug: [r.title[e.key], site_path(e.key, r.slug, PageKind.HOME),
                                     site_path(e.key, r.slug, PageKind.SEARCH)] for r in records}
                 for e in EDITIONS}
    return _template("root_404.html.j2").render(
        path=path, path_length=Markup(str(len(path))), edition_root=_edition_root,
        editions=[(e, words(e.key)) for e in EDITIONS],
        path_json=Markup(json.dumps(path).replace("<", "\\u003c")),
        documents_json=Markup(json.dumps(documents, ensure_ascii=False).replace("<", "\\u003c")))
