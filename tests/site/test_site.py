"""The real site, built by the CLI with real MkDocs: read the HTML it wrote."""
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from policy_site.cli import main
from policy_site.testing import VALID, make_project
from policy_site.zh.editions import EDITIONS
from tests.conftest import DOC, ROOT


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.alternates: list[tuple[str, str]] = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("script", "img") and a.get("src"):
            self.resources.append(a["src"])
        if tag == "link" and a.get("href"):
            if "alternate" in (a.get("rel") or "").split() and a.get("hreflang"):
                self.alternates.append((a["hreflang"], a["href"]))
            elif a.get("rel") in ("stylesheet", "icon", "preload", "modulepreload"):
                self.resources.append(a["href"])


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _html_pages(site: Path):
    return sorted(p for p in site.rglob("*.html"))


def test_clause_pages_in_both_scripts(served_site):
    site = served_site["dir"]
    for script, lang in (("zh-hans", "zh-Hans"), ("zh-hant", "zh-Hant")):
        for number in range(1, 24):
            page = site / script / DOC / "clauses" / str(number) / "index.html"
            parsed = _parse(page)
            assert parsed.lang == lang
            assert f"c{number}" in parsed.ids and f"c{number}-s1" in parsed.ids
    hans = (site / "zh-hans/urban-development-2025/clauses/8/index.html").read_text(encoding="utf-8")
    hant = (site / "zh-hant/urban-development-2025/clauses/8/index.html").read_text(encoding="utf-8")
    # The page, the document's short title and the library, within WeChat's 30 characters (issue 26.7).
    assert "<title>（八）系统推进“好房子”和完整社区建设｜《意见》｜政策文件库</title>" in hans
    assert "<title>（八）系統推進「好房子」和完整社區建設｜《意見》｜政策文件庫</title>" in hant


def test_hreflang_names_every_edition_with_absolute_urls(served_site):
    """Reciprocal: every page of every edition names itself and the same page
    in each other edition, and the three agree."""
    site, base = served_site["dir"], served_site["url"]
    for edition in EDITIONS:
        root = site / edition.folder
        pages = list(_html_pages(root / DOC)) + [root / "index.html"]
        assert len(pages) > 60
        for page in pages:
            rel = page.relative_to(root).as_posix()
            if rel.endswith("404.html"):
                continue
            path = "" if rel == "index.html" else rel.removesuffix("index.html")
            alternates = dict(_parse(page).alternates)
            assert alternates == {**{e.key: f"{base}{e.folder}/{path}" for e in EDITIONS}, "x-default": base}, rel
            assert f'<html lang="{edition.key}"' in page.read_text(encoding="utf-8"), rel


def test_no_third_party_resources(served_site):
    site = served_site["dir"]
    for page in _html_pages(site):
        for url in _parse(page).resources:
            host = urlsplit(url).netloc
            assert host in ("", "127.0.0.1:" + served_site["url"].split(":")[2].split("/")[0]), (page, url)
    css = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.css"))
    assert "fonts.googleapis.com" not in css and "fonts.gstatic.com" not in css


def test_every_internal_link_and_anchor_resolves(served_site):
    """A crawler over every page of both scripts: no sampling."""
    site, base = served_site["dir"], served_site["url"]
    pages = {}
    for page in _html_pages(site):
        pages[page] = _parse(page)
    problems = []
    for page, parsed in pages.items():
        page_url = base + page.relative_to(site).as_posix()
        for href in parsed.links:
            target = urljoin(page_url, href)
            if not target.startswith(base):
                continue
            parts = urlsplit(target)
            rel = parts.path[len(urlsplit(base).path):]
            file = site / rel
            if rel == "" or rel.endswith("/"):
                file = site / rel / "index.html"
            if not file.exists():
                problems.append(f"{page.relative_to(site)}: {href} -> missing {rel}")
                continue
            if parts.fragment and file.suffix == ".html":
                ids = pages[file].ids if file in pages else _parse(file).ids
                if parts.fragment not in ids:
                    problems.append(f"{page.relative_to(site)}: {href} -> no #{parts.fragment}")
    assert not problems, "\n".join(problems[:30])


def test_document_json(served_site):
    data = json.loads((served_site["dir"] / "zh-hans" / DOC / "document.json").read_text(encoding="utf-8"))
    assert len(data["sections"]) == 9 and len(data["clauses"]) == 23
    clause = data["clauses"][7]
    assert clause["number"] == 8 and clause["id"] == "c8"
    assert clause["paths"] == {"zh-Hans": "zh-hans/urban-development-2025/clauses/8/", "zh-Hant": "zh-hant/urban-development-2025/clauses/8/",
                               "zh-Hant-HK": "zh-hant-hk/urban-development-2025/clauses/8/"}
    assert clause["sentences"][0]["zh-Hans"] == "系统推进“好房子”和完整社区建设。"
    assert clause["sentences"][0]["zh-Hant"] == "系統推進「好房子」和完整社區建設。"  # zh/quotes.py
    assert data["clauses"][0]["sentences"][1]["zh-Hant-HK"].count("羣") == 1  # Hong Kong forms, where Taiwan writes 群
    for c in data["clauses"]:
        for kind in ("paths",):
            for path in c[kind].values():
                assert (served_site["dir"] / path / "index.html").exists()
    schema = json.loads((ROOT / "schema" / "document.schema.json").read_text(encoding="utf-8"))
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(data, schema)


def test_no_pinyin_or_damage_in_published_text(served_site):
    documents = sorted(served_site["dir"].glob("zh-han[st]/*/document.json"))
    assert len(documents) >= 2  # every document of content/, in both editions
    for path in documents:
        data = path.read_text(encoding="utf-8")
        assert "?" not in data.replace("\\u", "") and "\ufffd" not in data, path
        assert not re.search(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", data), path


def test_404_pages(served_site):
    site = served_site["dir"]
    assert (site / "404.html").exists()
    assert _parse(site / "zh-hans" / "404.html").lang == "zh-Hans"
    assert _parse(site / "zh-hant" / "404.html").lang == "zh-Hant"


def test_failed_build_keeps_the_last_good_site(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path / "project", {"doc": {}})
    folder = project / "content" / "doc"
    site = tmp_path / "site"
    monkeypatch.chdir(project)
    assert main(["--project", str(project), "build", "--site-dir", str(site)]) == 0
    good = (site / "zh-hans" / "doc" / "clauses" / "2" / "index.html").read_text(encoding="utf-8")
    (folder / "sources" / "full.txt").write_text(VALID.replace("（二）", "（四）"), encoding="utf-8")
    assert main(["--project", str(project), "build", "--site-dir", str(site)]) == 1
    err = capsys.readouterr().err
    assert "sources/full.txt:10:" in err and "last good site" in err
    assert (site / "zh-hans" / "doc" / "clauses" / "2" / "index.html").read_text(encoding="utf-8") == good


def test_a_rebuild_writes_changed_sources_and_removes_stale_ones(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project", {"doc": {}})
    folder = project / "content" / "doc"
    docs = project / "build" / "documents" / "doc" / "zh-hans" / "docs"
    site = tmp_path / "site"
    monkeypatch.chdir(project)
    assert main(["--project", str(project), "build", "--site-dir", str(site)]) == 0
    kept, changed = docs / "clauses" / "1" / "index.md", docs / "clauses" / "2" / "index.md"
    kept_mtime = kept.stat().st_mtime_ns
    shorter = VALID.replace("三、第三部分\n（三）第三条标题。正文。\n", "").replace("第二条正文", "第二条新正文")
    (folder / "sources" / "full.txt").write_text(shorter, encoding="utf-8")
    assert main(["--project", str(project), "build", "--site-dir", str(site)]) == 0
    assert not (docs / "clauses" / "3" / "index.md").exists(), "a page that is gone leaves no Markdown behind"
    assert not (site / "zh-hans" / "doc" / "clauses" / "3").exists()
    assert "第二条新正文" in changed.read_text(encoding="utf-8")
    assert kept.stat().st_mtime_ns == kept_mtime, "an unchanged page is not rewritten"
