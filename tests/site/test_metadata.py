"""What the built pages say about themselves, read as reference managers and
crawlers read them: extruct (JSON-LD, Open Graph, Dublin Core) and the
Highwire `citation_*` tags, in both editions; provenance on every page; the
Atom feed and the share images."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import extruct
import pytest

from policy_site.site import interface
from policy_site.site.engine import SCRIPT_DIRS
from policy_site.urls import Page, PageKind
from policy_site.zh.convert import to_script
from policy_site.zh.editions import SCRIPTS, SIMPLIFIED

DOC = "urban-development-2025"
ATOM = "{http://www.w3.org/2005/Atom}"


class _Head(HTMLParser):
    """Every <meta name|property> and <link rel> of a page, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.links: list[dict[str, str]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("name" in a or "property" in a):
            self.meta.append((a.get("name") or a.get("property"), a.get("content", "")))
        if tag == "link":
            self.links.append(a)
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def head(html: str) -> _Head:
    parser = _Head()
    parser.feed(html)
    return parser


def values(h: _Head, name: str) -> list[str]:
    return [v for k, v in h.meta if k == name]


def one(h: _Head, name: str) -> str:
    found = values(h, name)
    assert len(found) == 1, (name, found)
    return found[0]


def read(site, path: str) -> str:
    return (site["dir"] / path).read_text(encoding="utf-8")


def extract(html: str, url: str) -> dict:
    return extruct.extract(html, base_url=url, syntaxes=["json-ld", "opengraph", "dublincore"], uniform=True)


@pytest.mark.parametrize("script", SCRIPTS)
def test_clause_page_metadata_in_every_format(served_site, script):
    edition = SCRIPT_DIRS[script]
    lang = script  # the page's <html lang>
    ui = lambda text: to_script(text, script)  # noqa: E731
    base = f"{served_site['url']}{edition}/{DOC}/"
    url = base + "clauses/8/"
    html = read(served_site, f"{edition}/{DOC}/clauses/8/index.html")
    h = head(html)
    title = ui("中共中央 国务院关于推动城市高质量发展的意见")
    # Highwire: what Zotero's Embedded Metadata translator reads.
    assert one(h, "citation_title").startswith(title + " " + ui("（八）"))
    assert values(h, "citation_author") == [ui("中共中央"), ui("国务院")]
    assert one(h, "citation_publication_date") == one(h, "citation_date") == "2025/08/15"
    assert one(h, "citation_public_url") == url
    assert one(h, "citation_language") == lang
    assert ui("住房") in one(h, "citation_keywords").split("; ")
    # rel=canonical names the page's stable URL.
    assert [l["href"] for l in h.links if l.get("rel") == "canonical"] == [url]
    data = extract(html, url)
    dc = data["dublincore"][0]["elements"]
    by = {}
    for element in dc:
        by.setdefault(element["name"].lower().removeprefix("dc."), []).append(element["content"])
    assert by["title"] == [one(h, "citation_title")]
    assert by["creator"] == [ui("中共中央"), ui("国务院")]
    assert by["date"] == ["2025-08-15"] and by["language"] == [lang] and by["identifier"] == [url]
    assert data["dublincore"][0]["@type"] == "statute"  # extruct's uniform form puts DC.type here
    assert "source" not in by  # no official source is recorded for this document: none is invented
    og = data["opengraph"][0]
    assert og["og:url"] == url and og["@type"] == "article"
    # A shared link's title: the page first, then the document's short title and the library, within WeChat's 30.
    assert og["og:title"] == h.title and len(og["og:title"]) <= 30 and og["og:title"].endswith(ui("政策文件库"))
    assert og["og:locale"] == {"zh-Hans": "zh_CN", "zh-Hant": "zh_TW", "zh-Hant-HK": "zh_HK"}[lang]
    assert og["og:image"] == base + "share.png" and og["og:image:width"] == "1200"
    assert one(h, "twitter:card") == "summary_large_image" and one(h, "twitter:image") == base + "share.png"
    [ld] = data["json-ld"]
    assert ld["@type"] == "Legislation" and ld["@id"] == url and ld["inLanguage"] == lang
    assert ld["legislationDate"] == "2025-08-15" and ld["legislationType"] == ui("意见")
    assert "legislationIdentifier" not in ld  # the document has no 文号
    assert [o["name"] for o in ld["legislationPassedBy"]] == [ui("中共中央"), ui("国务院")]
    assert ld["isPartOf"]["@id"] == base + "sections/4/"
    assert ld["isPartOf"]["isPartOf"]["@id"] == base
    if script == SIMPLIFIED:
        assert "isBasedOn" not in ld
    else:
        assert ld["isBasedOn"]["@id"] == f"{served_site['url']}zh-hans/{DOC}/clauses/8/"
    # The share image is a PNG of the size the tags declare.
    png = (served_site["dir"] / edition / DOC / "share.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(png[16:20], "big") == 1200
    # Downloads linked from the clause page.
    for ext in ("csl.json", "ris", "bib"):
        assert f'href="{base}cite/clause-8.{ext}"' in html
        assert (served_site["dir"] / edition / DOC / "cite" / f"clause-8.{ext}").is_file()


@pytest.mark.parametrize("script", SCRIPTS)
def test_document_home_and_sections_link_their_parts(served_site, script):
    edition = SCRIPT_DIRS[script]
    base = f"{served_site['url']}{edition}/{DOC}/"
    html = read(served_site, f"{edition}/{DOC}/index.html")
    [ld] = extract(html, base)["json-ld"]
    assert ld["@id"] == base and [p["@id"] for p in ld["hasPart"]] == [f"{base}sections/{n}/" for n in range(1, 10)]
    assert f'href="{base}document.json"' in html and f'href="{base}cite/document.bib"' in html
    assert f'<link rel="alternate" type="application/json" href="{base}document.json">' in html
    section = read(served_site, f"{edition}/{DOC}/sections/4/index.html")
    [ld] = extract(section, base + "sections/4/")["json-ld"]
    assert ld["isPartOf"]["@id"] == base
    assert [p["@id"] for p in ld["hasPart"]] == [f"{base}clauses/{n}/" for n in (8, 9, 10)]
    about = read(served_site, f"{edition}/{DOC}/about/index.html")
    data = extract(about, base + "about/")
    [ld] = data["json-ld"]
    assert ld["@type"] == "WebPage" and ld["about"]["@id"] == base
    assert data["dublincore"][0]["@type"] == "webpage"  # Zotero: a web page about the document, not the statute


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_page_has_provenance_canonical_and_metadata(served_site, script):
    """Every HTML page of the document and of the library: a canonical URL,
    Highwire and Dublin Core titles, JSON-LD, and the footer that says what
    the site is; a document's pages also what the text is and its sources."""
    edition = SCRIPT_DIRS[script]
    ui = lambda text: to_script(text, script)  # noqa: E731
    root = served_site["dir"] / edition
    pages = [p for p in root.rglob("index.html") if "<meta http-equiv=\"refresh\"" not in p.read_text("utf-8")]
    assert len(pages) > 60
    for path in pages:
        html = path.read_text(encoding="utf-8")
        h = head(html)
        url = served_site["url"] + path.relative_to(served_site["dir"]).as_posix().removesuffix("index.html")
        assert [l["href"] for l in h.links if l.get("rel") == "canonical"] == [url], path
        assert one(h, "citation_public_url") == url and one(h, "DC.identifier") == url
        assert len(extract(html, url)["json-ld"]) == 1, path
        assert 'class="site-statement"' in html, path
        if f"/{DOC}/" in url:
            assert ui("非官方转载") in html and ui("简体文本是本站的基准文本") in html, path
            assert re.search(r'<code class="sha256">[0-9a-f]{64}</code>', html), path
            assert interface.ui(script, "官方来源：本站未掌握官方发布的网址。") in html, path
        else:
            assert f'<link rel="alternate" type="application/atom+xml" title="{ui("政策文件库")}" ' \
                   f'href="{served_site["url"]}{edition}/feed.xml">' in html, path


def test_the_root_chooser_names_itself(served_site):
    html = read(served_site, "index.html")
    h = head(html)
    url = served_site["url"]
    assert [l["href"] for l in h.links if l.get("rel") == "canonical"] == [url]
    assert one(h, "citation_public_url") == url and one(h, "og:url") == url
    [ld] = extract(html, url)["json-ld"]
    assert ld["@type"] == "WebSite" and ld["@id"] == url
    feeds = [l["href"] for l in h.links if l.get("type") == "application/atom+xml"]
    assert feeds == [f"{url}{SCRIPT_DIRS[s]}/feed.xml" for s in SCRIPTS]


@pytest.mark.parametrize("script", SCRIPTS)
def test_atom_feed_lists_the_documents(served_site, script):
    edition = SCRIPT_DIRS[script]
    feed = ET.fromstring((served_site["dir"] / edition / "feed.xml").read_bytes())
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}id").text == f"{served_site['url']}{edition}/"
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}id").text == f"{served_site['url']}{edition}/{DOC}/"
    assert entry.find(f"{ATOM}title").text == to_script("中共中央 国务院关于推动城市高质量发展的意见", script)
    assert entry.find(f"{ATOM}published").text == "2025-08-28T00:00:00+08:00"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", entry.find(f"{ATOM}updated").text)
    assert [a.find(f"{ATOM}name").text for a in entry.findall(f"{ATOM}author")] == \
        [to_script("中共中央", script), to_script("国务院", script)]
    assert feed.find(f"{ATOM}updated").text == entry.find(f"{ATOM}updated").text


def test_share_image_is_left_out_and_said_without_a_cjk_font(monkeypatch):
    """No CJK font, or a character the font lacks: no image (never boxes),
    and a warning that says how to fix it."""
    from policy_site.core.diagnostics import Diagnostics
    from policy_site.site import metadata

    font = metadata.cjk_font(SIMPLIFIED)
    assert font is not None, "fonts-noto-cjk is installed by scripts/test"
    from PIL import ImageFont
    face = ImageFont.truetype(font[0], 40, index=font[1])
    assert metadata.missing_glyphs(face, "城市高质量发展") == []
    assert metadata.missing_glyphs(face, "城市\U00013000") == ["\U00013000"]  # an Egyptian hieroglyph
    found = Diagnostics()
    assert metadata.draw_share_image("城市\U00013000", "", "", SIMPLIFIED, found, "content/x") is None
    assert "no glyph" in str(found.items[0])
    monkeypatch.setattr(metadata, "cjk_font", lambda script: None)
    found = Diagnostics()
    assert metadata.draw_share_image("城市", "", "", SIMPLIFIED, found, "content/x") is None
    [warning] = found.items
    assert "no CJK font" in str(warning) and "fonts-noto-cjk" in str(warning)


def test_the_feed_announces_a_change_only_when_the_content_changes(edition):
    """record.json keeps the time its content digest last changed: the Atom
    entry's `updated` moves for a correction, not for a rebuild."""
    from policy_site.core.diagnostics import Diagnostics
    from policy_site.document.audit import audit_edition
    from policy_site.library.feed import atom_feed
    from policy_site.site.publish import library_record, site_spec

    spec, document_json = site_spec(edition, audit_edition(edition, Diagnostics()), "https://example.org/")
    from dataclasses import replace

    first = library_record(edition, spec, document_json, "https://example.org/")
    earlier = replace(first, changed="2020-01-01T00:00:00+0000")
    again = library_record(edition, spec, document_json, "https://example.org/", previous=earlier)
    assert again.changed == "2020-01-01T00:00:00+0000" and again.content_digest == first.content_digest
    corrected = dict(document_json, title={**document_json["title"], "zh-Hans": "更正后的标题"})
    moved = library_record(edition, spec, corrected, "https://example.org/", previous=earlier)
    assert moved.changed != earlier.changed and moved.content_digest != first.content_digest
    feed = ET.fromstring(atom_feed([again], title="库", description="说明", root_url="https://example.org/",
                                   script=SIMPLIFIED))
    assert feed.find(f"{ATOM}entry/{ATOM}updated").text == "2020-01-01T00:00:00+00:00"


def test_the_document_record_reads_back_from_its_own_bytes(edition):
    """record.json is what crosses from a document to the library: written
    as json.dumps(…, indent=1) always wrote it, read back to an equal record."""
    import json

    from policy_site.core.diagnostics import Diagnostics
    from policy_site.document.audit import audit_edition
    from policy_site.site.publish import library_record, site_spec
    from policy_site.site.record import DocumentRecord

    spec, document_json = site_spec(edition, audit_edition(edition, Diagnostics()), "https://example.org/")
    record = library_record(edition, spec, document_json, "https://example.org/", inputs="abc")
    text = record.to_json()
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=1)
    assert DocumentRecord.from_json(text) == record and DocumentRecord.from_json(text).to_json() == text
    data = json.loads(text)
    assert list(data)[:7] == ["slug", "site_url", "inputs", "title", "short_title", "description", "type"]
    assert data["clause_titles"][SIMPLIFIED]["1"].startswith("（一）") and data["pages"][SIMPLIFIED] == sorted(
        data["pages"][SIMPLIFIED]) and "index.md" in data["pages"][SIMPLIFIED]
    with pytest.raises(ValueError):
        DocumentRecord.from_json(json.dumps({**data, "clause_tags": None}))


def test_a_document_without_date_or_official_source_says_so_in_its_metadata(edition):
    from dataclasses import replace

    from policy_site.site import cite, metadata
    from policy_site.site.publish import script_texts

    texts = script_texts(edition)
    work = replace(metadata.works(edition, texts, "https://example.org/", "库")[SIMPLIFIED], date=None,
                   official_url=None, publisher=None, published=None)
    doc = edition.document
    [home] = [p for p in metadata.document_pages(texts[SIMPLIFIED], None, [Page(PageKind.HOME)]) if p.url == ""]
    places = cite.locations(doc, SIMPLIFIED)
    meta = metadata.document_page_meta(work, doc, home, simplified_url=None, sources=[], image=None,
                                       parents=metadata.parent_nodes(work, doc, texts[SIMPLIFIED]),
                                       template=cite.gbt_template(cite.record(work, places[0])))
    assert meta["citation_date"] == "" and meta["date"] == "" and meta["dc_source"] == ""
    assert "legislationDate" not in meta["jsonld"] and "sameAs" not in meta["jsonld"]
    assert meta["provenance"]["original"] == "原文：中共中央、国务院印发（日期不详）"
    assert meta["provenance"]["no_official"] == "官方来源：本站未掌握官方发布的网址。"
    assert "日期不详" in meta["cite"]["gbt"] and not re.search(r"\d{4}", meta["cite"]["gbt"])


def test_a_built_document_with_a_number_and_no_date(tmp_path):
    """A 通知 that prints its 文号 and no date, with no official source and
    no publisher declared, built by the CLI: its pages and citation files
    say what is not known and invent nothing."""
    import json

    from policy_site.cli import main
    from policy_site.testing import make_project
    from tests.document.test_variants import TITLE, VARIANT

    project = make_project(tmp_path / "project", {"notice": {"text": VARIANT, "title": TITLE}})
    site = tmp_path / "site"
    url = "https://example.org/lib/"
    assert main(["--project", str(project), "build", "notice", "--site-dir", str(site), "--site-url", url]) == 0
    html = (site / "zh-hans" / "notice" / "clauses" / "1" / "index.html").read_text(encoding="utf-8")
    h = head(html)
    assert values(h, "citation_date") == [] and values(h, "DC.date") == [] and values(h, "DC.source") == []
    assert values(h, "citation_author") == ["国务院办公厅"]
    [ld] = extract(html, url)["json-ld"]
    assert ld["legislationIdentifier"] == "发改规划〔2019〕328号" and "legislationDate" not in ld
    assert "印发（日期不详）" in html and "官方来源：本站未掌握官方发布的网址。" in html
    [record] = json.loads((site / "zh-hans" / "notice" / "cite" / "clause-1.csl.json").read_text("utf-8"))
    assert record["issued"] == {"literal": "日期不详"} and record["number"] == "发改规划〔2019〕328号"
    assert "original-date" not in record and "archive_location" not in record
    ris = (site / "zh-hant" / "notice" / "cite" / "clause-1.ris").read_bytes().decode("utf-8")
    assert "DA  -" not in ris and "M1  - 發改規劃〔2019〕328號" in ris
    meta = json.loads(re.search(r'<script id="policy-meta" type="application/json">(.*?)</script>', html).group(1))
    # GB/T prints the 文号 after the title; no year anywhere else.
    assert meta["cite"]["gbt"] == ("国务院办公厅. 国务院办公厅关于测试城市工作的通知: 发改规划〔2019〕328号[A/OL]. "
                                   "政策文件库, 日期不详[{accessed}]. {url}.")


def test_the_header_names_a_document_by_what_sets_it_apart_in_its_family():
    from policy_site.site.metadata import header_title
    assert header_title("中共中央 国务院关于推动城市高质量发展的意见", "意见", "2025-08-15") == \
        {"topic": "推动城市高质量发展", "kind": "的意见", "year": "（2025）"}
    assert header_title("國務院辦公廳關於加強城市更新的指導意見", "指導意見", None)["topic"] == "加強城市更新"
    assert header_title("城市更新行动方案", "方案", "2024-01-02") == {"topic": "《方案》", "kind": "", "year": "（2024）"}


def test_a_shared_title_fits_wechat_and_names_nothing_twice():
    from policy_site.site.metadata import SHARE_TITLE_LIMIT, share_title
    long = share_title("（二十三）加强城市社会治理，完善城市基层治理体系和治理能力现代化建设", "《意见》", "政策文件库")
    assert len(long) <= SHARE_TITLE_LIMIT and long.endswith("……｜《意见》｜政策文件库")
    assert share_title("政策文件库", "政策文件库") == "政策文件库"
    assert share_title("政策文件库 · 检索", "政策文件库") == "政策文件库 · 检索"
    # A context too long to leave the page room goes, the document's first.
    assert share_title("（一）总体要求", "《" + "长" * 20 + "》", "政策文件库") == "（一）总体要求｜政策文件库"
    assert share_title("（一）总体要求", "《意见》", "库" * 25) == "（一）总体要求"
