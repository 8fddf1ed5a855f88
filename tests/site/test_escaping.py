"""Untrusted text stays text (issue 13, item 1).

Sources are web scrapes and content files are typed by hand: whatever they
hold must reach a page as text. A constructed document carries a payload in
every source and editorial field; its twin carries a neutral word in the same
places. Both are built by the CLI with real MkDocs and read in Chromium: no
dialog opens on any page, every page has the same elements and attribute
names as its twin's, and each payload reads literally where its field is
shown. Unit tests pin the escape itself against real Python-Markdown.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from markupsafe import Markup

from policy_site.cli import main
from policy_site.core.diagnostics import Diagnostics
from policy_site.document.pipeline import load_edition
from policy_site.serve import static_server
from policy_site.site.render import ENVIRONMENT, front_matter, join_literal, literal
from policy_site.testing import make_project, write_document

# --- payloads -----------------------------------------------------------------
#
# Each is chosen to survive the pipeline's own rules (half-width `, : ; ( )`
# in Chinese context become full-width, so every parenthesis here is among
# ASCII; `?` is damage; section titles hold no 。；，) and carries its own
# alert number, so a dialog names the field that leaked.
#
# The document title holds Markdown payloads only: site.py writes it as
# MkDocs' `site_name`, which Material prints as HTML on every page (see
# test_html_in_the_document_title below).

PAYLOADS = {
    "title": "[x](javascript:alert(1))|*emph*_u_`code`#{ onclick=alert(1) }",
    "preamble": "<script>alert(2)</script>",
    "section1": "<script>alert(3)</script>",
    "section1_text": "<img src=x onerror=alert(4)>",
    "section2": "\"><svg onload=alert(5)>",
    "clause1_title": "<!--",
    "clause1_text": "*emph*`code`<b>6</b>",
    "clause2_title": "[x](javascript:alert(7))|",
    "fix": "<i>8</i>",
    "clause3_title": "{ onclick=alert(9) }",
    "repair_find": "<i>坏</i>|*",
    "repair_replace": "<b>好</b>|_",
    "repair_evidence": "<script>alert(10)</script>|",
    "fix_reason": "<script>alert(11)</script>|",
    "editor": "<img src=x onerror=alert(12)>{ onclick=alert(13) }",
    "summary_title": "<script>alert(14)</script>",
    "summary_intro": "<img src=x onerror=alert(15)>",
    "summary_heading1": "\"><svg onload=alert(16)>",
    "summary_heading2": "[x](javascript:alert(17))|",
    "short_title": "<script>alert(18)</script>",
    "description": "\"><svg onload=alert(19)>",
    "origin": "&amp;<script>alert(20)</script>",
    "summary_origin": "<img src=x onerror=alert(21)>",
    "tag1_name": "<script>alert(22)</script>",
    "tag1_description": "- 1. # > { onclick=alert(23) }",
    "tag2_name": "\"><svg onload=alert(24)>",
    "tag2_description": "[x](javascript:alert(25))|",
    # In the model but not shown on today's pages: here so that pages which
    # show them later (document metadata on the home page) are checked too.
    "number": "<b>26</b>",
    "addressee": "<script>alert(27)</script>",
    "publisher": "<img src=x onerror=alert(28)>",
    "official_url": "\"><svg onload=alert(30)>",
}


def neutral(key: str) -> str:
    """A word in the same place in the clean twin: unchanged by OpenCC and
    found only where its payload is (丙 and 丁 are the same in both scripts)."""
    return f"丙{list(PAYLOADS).index(key):02d}丁"


def _toml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def write_payload_document(folder: Path, v: dict[str, str]) -> None:
    """The constructed document, `v` giving each field's value."""
    title = f"中共中央 国务院关于{v['title']}的意见"
    full = f"""受权发布|{title}
新华社北京8月28日电
{title}
（2025年8月15日）
{v['number']}〔2025〕1号
各省{v['addressee']}：
序言第一句{v['preamble']}。序言第二句修订。
一、总体要求{v['section1']}
总体段落{v['section1_text']}。
二、第二部分{v['section2']}
（一）第一条标题{v['clause1_title']}。第一条正文{v['clause1_text']}。
（二）第二条标题{v['clause2_title']}。第二条正文更加注重{v['fix']}。
三、第三部分
（三）第三条标题{v['clause3_title']}。第三条正文{v['repair_find']}?订{v['repair_replace']}。
（四）第四条标题。第四条正文。
编辑：某人{v['editor']}
"""
    summary = f"""首页 > 新闻
要点摘编{v['summary_title']}
时间：2025-08-28 20:00
导语{v['summary_intro']}。
一、小标题{v['summary_heading1']}
• 第一条正文{v['clause1_text']}。
二、小标题二{v['summary_heading2']}
• 第四条正文。
"""
    write_document(folder, full, title=title, summary=summary)
    (folder / "document.toml").write_text("\n".join([
        f"slug = {_toml(folder.name)}",
        f"title = {_toml(title)}",
        f"short_title = {_toml('意见' + v['short_title'])}",
        f"description = {_toml('说明' + v['description'])}",
        f"publisher = {_toml('新华社' + v['publisher'])}",
        'issuers = ["中共中央", "国务院"]',  # the title names them: a declaration must agree
        f"official_url = {_toml('https://example.org/?a=1&b=' + v['official_url'])}",
        "[full_text]", 'file = "sources/full.txt"', 'script = "simplified"',
        f"origin = {_toml('来源' + v['origin'])}", 'repairs = "repairs.toml"',
        "[summary]", 'file = "sources/summary.txt"', 'script = "simplified"',
        f"origin = {_toml('摘编' + v['summary_origin'])}",
    ]) + "\n", encoding="utf-8")
    (folder / "repairs.toml").write_text("\n".join([
        # A real repair (the audit checks it): the payloads stand on both sides of the damage.
        "[[repair]]", 'id = "payload"', 'kind = "mojibake"',
        f"find = {_toml(v['repair_find'] + '?订' + v['repair_replace'])}", 'damaged = "?"', 'restores = "修"',
        f"replace = {_toml(v['repair_find'] + '修订' + v['repair_replace'])}", "count = 1", 'witnesses = ["修订"]',
        f"evidence = {_toml('证据' + v['repair_evidence'])}",
    ]) + "\n", encoding="utf-8")
    (folder / "traditional.toml").write_text("\n".join([
        "[[fix]]", f"find = {_toml('更加註重' + v['fix'])}", f"replace = {_toml('更加注重' + v['fix'])}",
        f"reason = {_toml('理由' + v['fix_reason'])}",
    ]) + "\n", encoding="utf-8")
    (folder / "tags.toml").write_text("\n".join([
        "[[tag]]", 'slug = "alpha"', f"name = {_toml('名称' + v['tag1_name'])}",
        f"description = {_toml(v['tag1_description'])}",
        f"terms = [{_toml(v['clause1_title'])}, \"第二条标题\"]",
        "[[tag]]", 'slug = "beta"', f"name = {_toml('名称二' + v['tag2_name'])}",
        f"description = {_toml('说明二' + v['tag2_description'])}",
        'terms = ["第三条", "第四条"]',
    ]) + "\n", encoding="utf-8")


# Where each field is shown: (page, CSS selector, field). The payload must be
# in the textContent of an element the selector finds, in both scripts.
SHOWN = [
    ("", "h1", "title"), ("", "title", "title"), ("", ".md-header", "title"),
    ("", "#preamble-p1-s1", "preamble"), ("", ".md-nav--primary", "section1"),
    ("", "#contents ~ ul", "section2"), ("", "#contents ~ ul", "clause2_title"),
    ("sections/1/", "h1", "section1"), ("sections/1/", "title", "section1"),
    ("sections/1/", "#s1-p1-s1", "section1_text"),
    ("sections/2/", "h1", "section2"), ("sections/2/", "article ul", "clause1_title"),
    ("clauses/1/", "h1", "clause1_title"), ("clauses/1/", "title", "clause1_title"),
    ("clauses/1/", ".clause-meta", "section2"), ("clauses/1/", "#c1-s2", "clause1_text"),
    ("clauses/1/", ".quoted-by", "clause1_text"), ("clauses/1/", ".tag-list", "tag1_name"),
    ("clauses/1/", "#related ~ ul", "clause2_title"),
    ("clauses/1/", ".md-nav--primary", "clause1_title"), ("clauses/1/", ".md-footer", "clause2_title"),
    ("clauses/2/", "h1", "clause2_title"), ("clauses/3/", "h1", "clause3_title"),
    ("clauses/3/", "#c3-s2", "repair_replace"), ("clauses/3/", ".tag-list", "tag2_name"),
    ("full-text/", "#s1", "section1"), ("full-text/", ".md-nav--secondary", "section2"),
    ("full-text/", "#c2-s1", "clause2_title"), ("full-text/", "#c3-s1", "clause3_title"),
    ("summary/", "h1", "summary_title"), ("summary/", "#summary-p1", "summary_intro"),
    ("summary/", "#g1", "summary_heading1"), ("summary/", "#g2", "summary_heading2"),
    ("summary/", ".md-nav--secondary", "summary_heading1"), ("summary/", "#b1", "clause1_text"),
    ("summary/", ".summary-intro-link", "section1"),
    ("tags/", "table", "tag1_name"), ("tags/", "table", "tag1_description"),
    ("tags/", "table", "tag2_description"),
    ("tags/alpha/", "h1", "tag1_name"), ("tags/alpha/", "article p", "tag1_description"),
    ("tags/alpha/", ".tag-reason", "clause1_title"), ("tags/alpha/", ".tag-sentences", "clause1_title"),
    ("tags/beta/", "h1", "tag2_name"), ("tags/beta/", "article p", "tag2_description"),
    ("about/", "#sources ~ ul", "origin"), ("about/", "#sources ~ ul", "summary_origin"),
    ("about/", "#sources ~ ul", "editor"),
    ("about/", "#repairs ~ table", "repair_find"), ("about/", "#repairs ~ table", "repair_replace"),
    ("about/", "#repairs ~ table", "repair_evidence"),
    ("about/", "#scripts ~ table", "fix"), ("about/", "#scripts ~ table", "fix_reason"),
    ("about/", "#summary-coverage ~ ul", "section1"),
]


# The library's pages show a document's data too (the payload passes through
# record.json): (page below the edition root, selector, field).
LIBRARY_SHOWN = [("", ".library-title", "title"), ("", ".library-summary", "description"),
                 ("topics/", ".topic-table", "tag1_name"), ("topics/alpha/", "h1", "tag1_name"),
                 ("topics/alpha/", ".topic-document h2", "title"), ("topics/alpha/", ".topic-clauses", "clause1_title")]


@pytest.fixture(scope="module")
def twin_sites(tmp_path_factory):
    """The payload document and its clean twin, built by the CLI and served."""
    root = tmp_path_factory.mktemp("escaping")
    sites, servers = {}, []
    for name, values in (("payload", PAYLOADS), ("clean", {k: neutral(k) for k in PAYLOADS})):
        project = root / name
        (project / "content").mkdir(parents=True)
        make_project(project, {})
        write_payload_document(project / "content" / "doc", values)
        site = root / "www" / name
        servers.append(static_server(site, mount=name))
        base = f"http://127.0.0.1:{servers[-1].server_address[1]}/"
        code = main(["--project", str(project), "build", "doc", "--site-dir", str(site),
                     "--site-url", f"{base}{name}/"])
        assert code == 0, f"the {name} document does not build"
        sites[name] = {"dir": site, "url": f"{base}{name}/", "folder": project / "content" / "doc"}
    yield sites
    for server in servers:
        server.shutdown()


def _pages(site: Path) -> list[str]:
    """Every HTML page of the site, as a URL path below its root."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        pages.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    return pages


STRUCTURE = """() => Array.from(document.querySelectorAll('*'), e =>
    e.tagName + '[' + Array.from(e.attributes, a => a.name).sort().join(' ') + ']').sort()"""


@pytest.mark.browser
def test_payloads_stay_text_on_every_page(browser, twin_sites):
    payload, clean = twin_sites["payload"], twin_sites["clean"]
    pages = _pages(payload["dir"])
    assert pages == _pages(clean["dir"])
    # MkDocs' 404 pages have no page of their own: Material prints site.py's
    # site_description there (test_html_in_the_document_title).
    pages = [p for p in pages if not p.endswith("404.html")]
    assert len(pages) >= 30 and "zh-hant/doc/tags/alpha/" in pages and "zh-hant/topics/alpha/" in pages
    pages += ["zh-hans/search/?q=正文", "zh-hant/doc/search/?q=正文"]  # results drawn by search.js
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
    try:
        for path in pages:
            structures = {}
            for name, site in (("clean", clean), ("payload", payload)):
                page.goto(site["url"] + path, wait_until="load")
                if "search/?q=" in path:
                    page.wait_for_selector(".search-results li")
                structures[name] = page.evaluate(STRUCTURE)
                if name == "payload":
                    text = page.evaluate("document.title + ' ' + document.body.textContent")
                    # Escaped once, read once: no reference shows as text.
                    assert not re.search(r"&#\d+;|&lt;|&gt;|&quot;", text), f"{path}: a visible reference"
                    assert page.evaluate("document.querySelectorAll('a[href^=\"javascript\"]').length") == 0
            assert structures["payload"] == structures["clean"], f"{path}: the payload changed the page's elements"
        assert not dialogs, f"dialogs opened: {dialogs}"

        for script in ("zh-hans", "zh-hant"):
            for where, selector, field in SHOWN:
                page.goto(f"{payload['url']}{script}/doc/{where}", wait_until="load")
                # <title> is shortened to WeChat's 30 characters (metadata.share_title): its start reads literally.
                shown = PAYLOADS[field][:12] if selector == "title" else PAYLOADS[field]
                found = page.evaluate("([s, p]) => Array.from(document.querySelectorAll(s))"
                                      ".some(e => e.textContent.includes(p))", [selector, shown])
                assert found, f"{script}/{where} {selector}: {field} {PAYLOADS[field]!r} does not read literally"
            for where, selector, field in LIBRARY_SHOWN:
                page.goto(f"{payload['url']}{script}/{where}", wait_until="load")
                assert PAYLOADS[field] in page.text_content(selector), f"{script}/{where}: {field}"
            page.goto(f"{payload['url']}{script}/doc/", wait_until="load")
            assert PAYLOADS["description"] in page.get_attribute('meta[name="description"]', "content")
            meta = json.loads(page.text_content("#policy-meta"))
            assert PAYLOADS["short_title"] in meta["citation"]["shortNote"]
            assert PAYLOADS["title"] in meta["citation"]["fullTitle"]
        edition = load_edition(payload["folder"], Diagnostics())
        assert PAYLOADS["number"] in edition.document.document_number
        assert PAYLOADS["addressee"] in edition.document.addressee
        assert PAYLOADS["publisher"] in edition.config.publisher
        assert not dialogs, f"dialogs opened: {dialogs}"
    finally:
        context.close()


@pytest.mark.browser
def test_html_in_the_document_title_and_description(browser, tmp_path):
    values = {k: neutral(k) for k in PAYLOADS} | {"title": "<script>alert(1)</script><!--",
                                                   "description": PAYLOADS["description"]}
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    make_project(project, {})
    write_payload_document(project / "content" / "doc", values)
    site = tmp_path / "site"
    assert main(["--project", str(project), "build", "doc", "--site-dir", str(site)]) == 0
    server = static_server(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for path in ("zh-hans/doc/", "zh-hant/doc/clauses/1/", "zh-hans/doc/404.html", "zh-hant/doc/404.html"):
            page.goto(base + path, wait_until="load")
            assert not dialogs, f"{path}: dialogs {dialogs}"
            if "/clauses/" not in path:  # a clause's title is the clause, 《short title》 and the library (share_title)
                assert values["title"][:12] in page.evaluate("document.title"), path  # shortened to 30 characters
            description = page.get_attribute('meta[name="description"]', "content")
            assert "/clauses/" in path or values["description"] in description, path
            assert values["title"] in page.text_content(".md-header"), path
    finally:
        page.close()
        server.shutdown()


# --- the escape itself -------------------------------------------------------

MARKDOWN_EXTENSIONS = ["attr_list", "md_in_html", "toc", "tables", "fenced_code"]  # MkDocs adds the last two


class _Reader(HTMLParser):
    """Elements (with attribute names) and text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.elements.append(f"{tag}[{' '.join(sorted(a for a, _ in attrs))}]")

    def handle_data(self, data):
        self.text += data

    def handle_comment(self, data):
        self.elements.append("comment")


def _read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


# Every place a template puts a value: a heading with attributes, a link in a
# list item, a table cell, a paragraph on its own, raw HTML text and an attribute.
CONTEXTS = [
    "# {v} {{ #h }}\n",
    "- [{v}](../x/)\n",
    "| a | b |\n|---|---|\n| {v} | z |\n",
    "{v}\n",
    "para\n\n{v}\n\n{{ .cls }}\n",
    '<p class="para"><span class="sentence" title="{v}">{v}</span></p>\n',
    '<div markdown>\n<p class="para">{v}</p>\n</div>\n',
]

HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>',
    "[x](javascript:alert(1))", "<!--", "{ onclick=alert(1) }", "*emph*", "`code`", "a|b", "_u_",
    "# heading", "- item", "+ item", "1. item", "    indented code", "===", "---", "```", "~~~",
    "trailing  ", "line\nbreak", "&amp; &#42;", "\\*", "![i](x.png)", "<http://x>", "x{: onclick=y}",
    "title ##", "> quote", "'single'",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_literal_is_text_in_every_markdown_context(value):
    for context in CONTEXTS:
        clean = _read(markdown.markdown(context.format(v="word"), extensions=MARKDOWN_EXTENSIONS))
        hostile = _read(markdown.markdown(context.format(v=literal(value)), extensions=MARKDOWN_EXTENSIONS))
        assert hostile.elements == clean.elements, f"{context!r}: {value!r} made markup"
        assert value in hostile.text, f"{context!r}: {value!r} does not read literally"


def test_ordinary_text_is_unchanged():
    text = "中共中央 国务院关于推动城市高质量发展的意见（2025年8月15日）：“好房子”、（5G）、1,000、20:50。"
    assert literal(text) == text


def test_markup_passes_and_joins_escape_each_value():
    assert literal(Markup("<b>own</b>")) == "<b>own</b>"
    assert join_literal(["a*b", "<c>"], " ") == "a&#42;b &lt;c&gt;"
    assert literal(8) == "8" and literal("8. item") == "8&#46; item"


def test_front_matter_is_yaml_holding_html_escaped_text():
    value = "意见\"><svg onload=alert(1)>\u2028# x: y"
    loaded = yaml.safe_load(f"title: {front_matter(value)}\n")
    assert loaded == {"title": "意见&#34;&gt;&lt;svg onload=alert(1)&gt;\u2028# x: y"}
    assert "\u2028" not in front_matter(value)


def test_templates_print_only_through_the_escaping_filters():
    """Under autoescape Jinja's own `replace`, `indent`, `urlize`, `tojson`,
    `safe`, … return Markup that is at most HTML-escaped, which would skip the
    Markdown escaping. Allowed: the project's own and those that return a
    plain value (printed through `literal`)."""
    allowed = {"yaml", "join", "e", "escape",
               "length", "count", "first", "last", "default", "d", "int", "round", "sort", "list",
               "trim", "lower", "upper", "string", "selectattr", "rejectattr", "map", "select", "reject"}
    used = set()
    for name in ENVIRONMENT.list_templates():
        source = ENVIRONMENT.loader.get_source(ENVIRONMENT, name)[0]
        for expression in re.findall(r"{{(.*?)}}|{%(.*?)%}", source, re.S):
            used |= set(re.findall(r"\|\s*(\w+)", "".join(expression)))
    assert used and used <= allowed, f"filters outside the escaping discipline: {used - allowed}"


class _HeadReader(HTMLParser):
    """<meta> values, JSON-LD bodies and footer links of a page, as parsed."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.jsonld: list[str] = []
        self.official: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("name") or a.get("property")):
            self.meta.setdefault(a.get("name") or a.get("property"), []).append(a.get("content") or "")
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"
        if tag == "a" and a.get("rel") == "external":
            self.official.append(a.get("href") or "")

    def handle_data(self, data):
        if self._in_ld:
            self.jsonld.append(data)

    def handle_endtag(self, tag):
        self._in_ld = False


def test_payloads_stay_text_in_metadata_feeds_and_citation_files(twin_sites):
    """Head metadata (Highwire, Dublin Core, Open Graph, JSON-LD), the
    provenance footer, the Atom feed and the RIS, BibTeX and CSL-JSON
    downloads: each payload reads back exactly as typed, and no JSON-LD body
    holds a `<` that could close its element."""
    import xml.etree.ElementTree as ET

    site = twin_sites["payload"]["dir"]
    official = "https://example.org/?a=1&b=" + PAYLOADS["official_url"]
    for script in ("zh-hans", "zh-hant"):
        for page in ("doc/index.html", "doc/clauses/1/index.html", "doc/about/index.html"):
            html = (site / script / page).read_text(encoding="utf-8")
            head = _HeadReader()
            head.feed(html)
            assert PAYLOADS["title"] in head.meta["citation_title"][0], page
            assert head.meta["DC.source"] == [official] and head.official == [official], page
            [body] = head.jsonld
            assert "<" not in body and "&" not in body, f"{page}: JSON-LD holds markup characters unescaped"
            ld = json.loads(body)
            assert PAYLOADS["title"] in json.dumps(ld, ensure_ascii=False), page
            if ld["@type"] == "Legislation":
                assert PAYLOADS["number"] in ld["legislationIdentifier"], page
        home = _HeadReader()
        home.feed((site / script / "doc/index.html").read_text(encoding="utf-8"))
        assert PAYLOADS["description"] in home.meta["og:description"][0]
        feed = ET.fromstring((site / script / "feed.xml").read_bytes())
        entry = feed.find("{http://www.w3.org/2005/Atom}entry")
        assert PAYLOADS["title"] in entry.find("{http://www.w3.org/2005/Atom}title").text
        assert PAYLOADS["description"] in entry.find("{http://www.w3.org/2005/Atom}summary").text
        cite = site / script / "doc" / "cite"
        [record] = json.loads((cite / "document.csl.json").read_text(encoding="utf-8"))
        assert PAYLOADS["title"] in record["title"] and PAYLOADS["number"] in record["number"]
        assert record["archive_location"] == official
        ris = (cite / "document.ris").read_bytes().decode("utf-8").split("\r\n")
        assert any(line.startswith("TI  - ") and PAYLOADS["title"] in line for line in ris)
        assert any(line.startswith("M1  - ") and PAYLOADS["number"] in line for line in ris)
        bib = (cite / "document.bib").read_text(encoding="utf-8")
        assert r"[x](javascript:alert(1))|*emph*\_u\_`code`\#\{ onclick=alert(1) \}" in bib


def test_titles_with_ampersand_and_angle_brackets_read_as_typed_in_every_attribute(tmp_path):
    """Material prints the site name in the logo's title with its own escape;
    no attribute of any page may show &amp; for & (escaped twice)."""
    from lxml import html as lxml_html

    from policy_site.testing import VALID, make_project

    title = "中共中央 国务院关于测试A&B<b>工作的意见"
    project = make_project(tmp_path / "project", {"amp": {"text": VALID.replace(
        "中共中央 国务院关于测试城市工作的意见", title), "title": title}})
    library = project / "content" / "library.toml"
    library.write_text(library.read_text(encoding="utf-8").replace('title = "', 'title = "R&D<i>', 1), encoding="utf-8")
    assert main(["--project", str(project), "build", "--site-dir", str(tmp_path / "site")]) == 0
    pages = sorted((tmp_path / "site").rglob("*.html"))
    assert len(pages) > 20
    seen = set()
    for page in pages:
        tree = lxml_html.fromstring(page.read_bytes())
        for element in tree.xpath("//*[@title or @aria-label]"):
            for name in ("title", "aria-label"):
                value = element.get(name) or ""
                assert "&amp;" not in value and "&lt;" not in value, (page, name, value)
                if "R&D<i>" in value or "A&B<b>" in value:
                    seen.add(name)
    assert seen == {"title", "aria-label"}
