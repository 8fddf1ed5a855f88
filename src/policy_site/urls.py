"""The citation contract: every public address the site gives a document,
one of its pages or one of its nodes, and nothing else. Once published an
address never moves, so it is written down here once and every other module
(render, cite, metadata, export, search, engine, the library) and the
page scripts (policy.js, through `client_rules`) ask this module for it.

An address is `<root>/<edition folder>/<document slug>/<page>#<fragment>`:

    >>> document_url("https://example.org/", "zh-Hant", "urban-development-2025", node_url("c8-s2"))
    'https://example.org/zh-hant/urban-development-2025/clauses/8/#c8-s2'

- the edition folder is the edition's (`zh/editions.EDITIONS`): zh-hans,
  zh-hant, zh-hant-hk;
- the document's slug is its folder's name (`document.toml`);
- the page depends on the structure only (`PageKind`, `page_url`): the
  same in every edition;
- the fragment is the node's structural id, except for a section's or a
  clause's own id, whose page is the place (`fragment`).

The library's own pages (home, topics, search) are at the edition root.
The first document was published at the edition root before the library
existed: its old page addresses redirect to the same page below its slug,
the fragment kept (`legacy_redirects`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Iterable

from policy_site.zh.editions import EDITIONS

# URL segment of each edition, by its key (BCP 47 tag).
EDITION_FOLDERS = {e.key: e.folder for e in EDITIONS}
INDEX = "index.md"  # the Markdown source of a page at a folder's address
SEARCH_FOLDER = "search/"  # the library's search page and search files, below an edition root
CITE_FOLDER = "cite"  # a document edition's citation downloads
DOCUMENT_JSON = "document.json"  # the document's export, in each edition folder and (first document) at the root
SEARCH_INDEX = "search-index.json"  # a document edition's own search index
# Every page's stylesheets and scripts, one content-hashed set at the site root
# (site/shared_assets.py); a document's build carries its part in out/assets/.
SHARED_ASSETS = "assets"


class PageKind(str, Enum):
    """What a page shows. A document's pages: HOME (title, preamble,
    contents), SECTION n, CLAUSE n, FULL_TEXT, SUMMARY, TAGS and TAG slug
    (its topic index), SEARCH, ABOUT (sources and method). The library's,
    at the edition root: HOME, SEARCH, TOPICS and TOPIC slug."""
    HOME = "home"
    SECTION = "section"
    CLAUSE = "clause"
    FULL_TEXT = "full-text"
    SUMMARY = "summary"
    TAGS = "tags"
    TAG = "tag"
    SEARCH = "search"
    ABOUT = "about"
    TOPICS = "topics"
    TOPIC = "topic"
    COMPARE = "compare"  # the library's comparison of two documents, keyed older..newer
    COMPARISONS = "comparisons"  # the library's page listing them, where a reader picks any two


# The page's folder; a kind with a key has one page per key below it.
_FOLDERS = {
    PageKind.HOME: "", PageKind.SECTION: "sections", PageKind.CLAUSE: "clauses", PageKind.FULL_TEXT: "full-text",
    PageKind.SUMMARY: "summary", PageKind.TAGS: "tags", PageKind.TAG: "tags", PageKind.SEARCH: "search",
    PageKind.ABOUT: "about", PageKind.TOPICS: "topics", PageKind.TOPIC: "topics", PageKind.COMPARE: "compare",
    PageKind.COMPARISONS: "compare",
}
_KEYED = frozenset({PageKind.SECTION, PageKind.CLAUSE, PageKind.TAG, PageKind.TOPIC, PageKind.COMPARE})


VERSIONS = "versions"  # a document's earlier versions, below its root: versions/2025-08-15/


def version_prefix(slug: str, date: str) -> str:
    """An earlier version's root below the edition root: it keeps its own
    permanent URLs under the document's.

    >>> version_prefix("a", "2025-08-15"), edition_url("/", "zh-Hans", version_prefix("a", "2025-08-15"))
    ('a/versions/2025-08-15', '/zh-hans/a/versions/2025-08-15/')
    """
    return f"{slug}/{VERSIONS}/{date}"


def compare_key(older: str, newer: str) -> str:
    """The key of the comparison of two documents: their slugs, older first
    (`..` is in no slug, so the key reads back one way); an earlier version
    as slug@date.

    >>> page_url(PageKind.COMPARE, compare_key("a-2019", "a-2025")), compare_data("a-2019", "a-2025")
    ('compare/a-2019..a-2025/', 'compare/a-2019..a-2025.json')
    >>> compare_key(version_prefix("a", "2025-08-15"), "a")
    'a@2025-08-15..a'
    """
    return f"{older}..{newer}".replace(f"/{VERSIONS}/", "@")


def compare_data(older: str, newer: str) -> str:
    """The comparison as data, below an edition root."""
    return f"{_FOLDERS[PageKind.COMPARE]}/{compare_key(older, newer)}.json"
# Folder names a document's pages or the library's take at an edition root
# (with the library's other files): no document slug may be one of them.
PAGE_FOLDERS = frozenset(f for f in _FOLDERS.values() if f)


def page_url(kind: PageKind | str, key: int | str | None = None) -> str:
    """The page's address below its root (a document's or an edition's),
    a folder: '' for the home.

    >>> page_url(PageKind.CLAUSE, 8), page_url("home"), page_url("full-text")
    ('clauses/8/', '', 'full-text/')
    >>> page_url(PageKind.TAG, "housing")
    'tags/housing/'
    """
    kind = PageKind(kind)
    folder = _FOLDERS[kind]
    if kind in _KEYED:
        return f"{folder}/{key}/"
    return f"{folder}/" if folder else ""


def page_path(kind: PageKind | str, key: int | str | None = None) -> str:
    """The page's Markdown source below the docs folder.

    >>> page_path(PageKind.SECTION, 3), page_path(PageKind.HOME)
    ('sections/3/index.md', 'index.md')
    """
    return page_url(kind, key) + INDEX


def url_of_path(path: str) -> str:
    """A page's address from its Markdown source path.

    >>> url_of_path("clauses/8/index.md"), url_of_path("index.md")
    ('clauses/8/', '')
    """
    return path.removesuffix(INDEX)


@dataclass(frozen=True)
class Page:
    """One page of a document."""
    kind: PageKind
    key: int | str | None = None

    @property
    def url(self) -> str:
        return page_url(self.kind, self.key)

    @property
    def path(self) -> str:
        return page_path(self.kind, self.key)


def document_pages(document, *, has_summary: bool, tag_slugs: Iterable[str] | None) -> tuple[Page, ...]:
    """Every page of a document (`document`: model.Document), the same in
    every edition: `tag_slugs` None when it has no topic index. In
    rendering order: home, sections, clauses, full text, search, about,
    topic index and topics, summary.

    >>> from types import SimpleNamespace as N
    >>> doc = N(sections=[N(number=1)], clauses=[N(number=1), N(number=2)])
    >>> [p.url for p in document_pages(doc, has_summary=True, tag_slugs=["housing"])]
    ['', 'sections/1/', 'clauses/1/', 'clauses/2/', 'full-text/', 'search/', 'about/', 'tags/', 'tags/housing/', 'summary/']
    """
    pages = [Page(PageKind.HOME)]
    pages += [Page(PageKind.SECTION, s.number) for s in document.sections]
    pages += [Page(PageKind.CLAUSE, c.number) for c in document.clauses]
    pages += [Page(PageKind.FULL_TEXT), Page(PageKind.SEARCH), Page(PageKind.ABOUT)]
    if tag_slugs is not None:
        pages += [Page(PageKind.TAGS)] + [Page(PageKind.TAG, slug) for slug in tag_slugs]
    if has_summary:
        pages.append(Page(PageKind.SUMMARY))
    return tuple(pages)


# A node's page: a clause's nodes on its clause page, a section's own nodes
# on its section page, the rest (title, preamble) on the home.
_NODE_PAGES = ((re.compile(r"c(\d+)(?=-|$)"), PageKind.CLAUSE), (re.compile(r"s(\d+)(?=-|$)"), PageKind.SECTION))
_PAGE_NODE = re.compile(r"[sc]\d+")  # a section's or clause's own id: its page is the place


def node_page(node_id: str) -> str:
    """The page (address below the document's root) that shows a node.

    >>> node_page("c8-s2"), node_page("c8"), node_page("s3-p1-s1"), node_page("preamble-p1-s1")
    ('clauses/8/', 'clauses/8/', 'sections/3/', '')
    """
    for pattern, kind in _NODE_PAGES:
        match = pattern.match(node_id)
        if match:
            return page_url(kind, int(match.group(1)))
    return ""


def fragment(node_id: str) -> str:
    """The #fragment that names a node on its page: none for the document
    ('') and for a section's or clause's own id, which is its page.

    >>> fragment("c8-s2"), fragment("c8"), fragment("")
    ('#c8-s2', '', '')
    """
    return "" if not node_id or _PAGE_NODE.fullmatch(node_id) else "#" + node_id


def node_url(node_id: str) -> str:
    """A node's address below the document's root: its page and fragment."""
    return node_page(node_id) + fragment(node_id)


SENTENCE_QR = "qr-{}.svg"  # a sentence's QR code, beside the page that shows it (site/qr.py)


def sentence_qr(node_id: str) -> str:
    """Where a sentence's QR code is, below the document's root.

    >>> sentence_qr("c8-s2"), sentence_qr("preamble-p1-s1")
    ('clauses/8/qr-c8-s2.svg', 'qr-preamble-p1-s1.svg')
    """
    return node_page(node_id) + SENTENCE_QR.format(node_id)


def client_rules() -> dict:
    """`node_page` and `fragment` as data for policy.js (a citation's URL):
    each rule a regular expression over the id and the page it leads to,
    `{}` standing for the number matched; `whole`: ids that need no fragment.

    >>> client_rules()["pages"][0]
    ['^c(\\\\d+)(?=-|$)', 'clauses/{}/']
    """
    return {"pages": [["^" + pattern.pattern, page_url(kind, "{}")] for pattern, kind in _NODE_PAGES],
            "whole": "^" + _PAGE_NODE.pattern + "$", "qr": SENTENCE_QR}


def edition_url(root_url: str, script: str, slug: str = "") -> str:
    """The address of an edition's root, or of a document's root in it
    (`root_url` ends with /; so does the result).

    >>> edition_url("/", "zh-Hans"), edition_url("/", "zh-Hant-HK", "a")
    ('/zh-hans/', '/zh-hant-hk/a/')
    """
    return f"{root_url}{EDITION_FOLDERS[script]}/" + (f"{slug}/" if slug else "")


def document_url(root_url: str, script: str, slug: str, below: str = "") -> str:
    """An address below a document's root in one edition."""
    return edition_url(root_url, script, slug) + below


def site_path(script: str, slug: str, kind: PageKind | str, key: int | str | None = None) -> str:
    """A document's page below the site root (document.json's `paths`).

    >>> site_path("zh-Hant", "a", PageKind.CLAUSE, 8)
    'zh-hant/a/clauses/8/'
    """
    return f"{EDITION_FOLDERS[script]}/{slug}/{page_url(kind, key)}"


def other_document(from_url: str, slug: str, below: str = "") -> str:
    """A relative link from a page of one document (its address below the
    document's root) to a page of another: documents are siblings below an
    edition root.

    >>> other_document("clauses/8/", "b", "clauses/3/"), other_document("", "b")
    ('../../../b/clauses/3/', '../b/')
    """
    depth = len([p for p in from_url.split("/") if p])
    return "../" * (depth + 1) + f"{slug}/{below}"


def edition_page(slug: str, below: str = "") -> str:
    """A document's page below the edition root (a library page's view of
    it), from its address below the document's root.

    >>> edition_page("a", page_url(PageKind.CLAUSE, 8)), edition_page("a")
    ('a/clauses/8/', 'a/')
    """
    return f"{slug}/{below}"


def relative_url(from_url: str, to_url: str) -> str:
    """A relative link between two folder addresses below one edition root.

    >>> relative_url("topics/housing/", "a/clauses/8/"), relative_url("topics/housing/", "topics/")
    ('../../a/clauses/8/', '../')
    >>> relative_url("topics/", "topics/housing/"), relative_url("", "a/")
    ('housing/', 'a/')
    """
    to, here = [p for p in to_url.split("/") if p], [p for p in from_url.split("/") if p]
    common = 0
    while common < min(len(to), len(here)) and to[common] == here[common]:
        common += 1
    parts = [".."] * (len(here) - common) + to[common:]
    return "/".join(parts) + "/" if parts else "./"


def edition_root_from(slug: str) -> str:
    """The edition root from a document's root ('' for the library's own
    pages, at the edition root), as the page template appends it to MkDocs'
    relative base_url (which has no trailing /).

    >>> edition_root_from("a"), edition_root_from("")
    ('/..', '')
    """
    return "/" + relative_url(edition_page(slug), page_url(PageKind.HOME)).rstrip("/") if slug else ""


# The first document's pre-library pages that the library answers itself:
# its home became the library home (an old #fragment is forwarded by
# policy.js to the document's home), and search/?q= searches the library.
NOT_REDIRECTED = frozenset({page_path(PageKind.HOME), page_path(PageKind.SEARCH)})
LEGACY_FILES = (DOCUMENT_JSON,)  # the first document's pre-library files at the site root


def legacy_redirects(page_paths: Iterable[str], root_url: str, script: str, slug: str) -> dict[str, str]:
    """The first document's old pages (Markdown paths at the edition root)
    -> their addresses below its slug. mkdocs-redirects writes a page for
    each that keeps the #fragment.

    >>> legacy_redirects(["index.md", "clauses/8/index.md"], "/", "zh-Hans", "a")
    {'clauses/8/index.md': '/zh-hans/a/clauses/8/'}
    """
    return {path: document_url(root_url, script, slug, url_of_path(path))
            for path in page_paths if path not in NOT_REDIRECTED}


def legacy_home(slug: str) -> str:
    """Where the library home forwards an old link to the first document's
    home with a #fragment: the document's home, relative to the library's."""
    return edition_page(slug)


def download_paths(kind: str, number: int | None = None) -> dict[str, str]:
    """Citation files below a document's edition folder: format -> path.

    >>> download_paths("clause", 8)["ris"]
    'cite/clause-8.ris'
    """
    stem = "document" if kind == "document" else f"clause-{number}"
    return {"csl": f"{CITE_FOLDER}/{stem}.csl.json", "ris": f"{CITE_FOLDER}/{stem}.ris",
            "bib": f"{CITE_FOLDER}/{stem}.bib"}
