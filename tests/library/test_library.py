"""The library: permanent URLs (`<edition>/<slug>/<page>`), the first
document's pre-library URLs redirecting with their #fragment, the library
home and search over every document, and builds that never take one
document's pages down because of another. Real MkDocs, real Chromium."""
from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from policy_site.cli import main
from policy_site.serve import static_server
from policy_site.testing import VALID, make_project, write_document
from policy_site.zh import editions
from tests.conftest import DOC, DOCUMENT, ROOT
from tests.helpers import check_golden

EDITIONS = tuple(e.folder for e in editions.EDITIONS)  # every edition folder, from the registry
# Two documents whose slugs sort before and after the first one's.
BEFORE = "a-notice-2024"
AFTER = "z-guidance-2026"
BEFORE_TEXT = (VALID.replace("中共中央 国务院关于测试城市工作的意见", "国务院办公厅关于开展燃气管道更新试点的通知")
               .replace("（2025年8月15日）", "国办发〔2024〕12号").replace("序言第一句。", "各省、自治区、直辖市人民政府：\n序言第一句。")
               .replace("第一条正文。", "推进燃气管道老化更新改造。"))
AFTER_TEXT = (VALID.replace("中共中央 国务院关于测试城市工作的意见", "中共中央办公厅 国务院办公厅关于推进城市更新行动的指导意见")
              .replace("（2025年8月15日）", "（2026年1月10日）").replace("第一条正文。", "开展城市体检评估工作。"))


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _first_document_files(site: Path) -> dict[str, bytes]:
    """Every file of the first document, and its redirects from the old URLs."""
    files: dict[str, bytes] = {}
    for edition in EDITIONS:
        files.update({f"{edition}/{DOC}/{k}": v for k, v in _files(site / edition / DOC).items()})
        for old in ("clauses", "sections", "full-text", "summary", "tags", "about"):
            files.update({f"{edition}/{old}/{k}": v for k, v in _files(site / edition / old).items()})
    return files


def _library_project(root: Path) -> Path:
    project = make_project(root, {})
    shutil.copytree(DOCUMENT, project / "content" / DOC)
    return project


def _add_documents(project: Path) -> None:
    write_document(project / "content" / BEFORE, BEFORE_TEXT, title="国务院办公厅关于开展燃气管道更新试点的通知",
                   described='type = "通知"\nissuers = ["国务院办公厅"]\nissued = 2024-03-01')
    (project / "content" / BEFORE / "tags.toml").write_text(
        '[[tag]]\nslug = "housing"\nterms = ["燃气管道"]\ninclude = [2, 3]\n', encoding="utf-8")  # the library's tag
    write_document(project / "content" / AFTER, AFTER_TEXT,
                   title="中共中央办公厅 国务院办公厅关于推进城市更新行动的指导意见",
                   described='type = "指导意见"\nissuers = ["中共中央办公厅", "国务院办公厅"]\nissued = 2026-01-10')


@pytest.fixture(scope="module")
def library_site(tmp_path_factory):
    """The real first document alone, then with documents sorting before and
    after it: both builds' files, and the second served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("library")
    project = _library_project(root / "project")
    site = root / "www" / "lib"
    server = static_server(site, mount="lib")
    base = f"http://127.0.0.1:{server.server_address[1]}/lib/"
    assert main(["--project", str(project), "build", "--site-dir", str(site), "--site-url", base]) == 0
    alone = _first_document_files(site)
    _add_documents(project)
    assert main(["--project", str(project), "build", "--site-dir", str(site), "--site-url", base]) == 0
    yield {"project": project, "dir": site, "url": base, "alone": alone}
    server.shutdown()


def test_adding_documents_before_and_after_changes_no_page_of_the_first(library_site):
    site = library_site["dir"]
    after = _first_document_files(site)
    assert len(after) > 150
    assert after.keys() == library_site["alone"].keys()
    changed = [name for name in after if after[name] != library_site["alone"][name]]
    assert not changed, f"pages of the first document changed when others were added: {changed[:10]}"
    for slug in (BEFORE, AFTER):
        for edition in EDITIONS:
            assert (site / edition / slug / "clauses" / "1" / "index.html").exists()
    # An old URL still answers for the first document, never for another one.
    assert f"/{DOC}/clauses/1/" in (site / "zh-hans" / "clauses" / "1" / "index.html").read_text(encoding="utf-8")


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.canonical = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id") and re.fullmatch(r"(c\d+|s\d+)(-s\d+|-p\d+-s\d+)?|preamble-p\d+-s\d+", a["id"]):
            self.ids.append(a["id"])
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href", "")


def _parse(path: Path) -> _Anchors:
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("slug", sorted(p.parent.name for p in (ROOT / "content").glob("*/document.toml")))
def test_urls_that_last(served_site, slug, update_golden):
    """Every page and sentence URL of each document, read off the built site:
    other documents link to these for years, so a change must be deliberate."""
    site = served_site["dir"]
    lines = []
    for edition in EDITIONS:
        root = site / edition / slug
        for page in sorted(root.rglob("index.html"), key=lambda p: [int(x) if x.isdigit() else x
                                                                    for x in p.relative_to(root).parts]):
            url = f"{edition}/{slug}/" + page.parent.relative_to(root).as_posix().removeprefix(".")
            url = url if url.endswith("/") else url + "/"
            lines.append(url)
            lines += [f"{url}#{i}" for i in _parse(page).ids]
    check_golden(f"{slug}/anchors.txt", "\n".join(lines) + "\n", update_golden)


def _legacy_urls() -> list[str]:
    return (ROOT / "tests" / "golden" / DOC / "legacy-anchors.txt").read_text(encoding="utf-8").split()


def test_the_first_documents_old_urls_redirect_to_the_new_ones(served_site):
    site, base = served_site["dir"], served_site["url"]
    old = _legacy_urls()
    assert len(old) > 300
    for page in sorted({u.split("#")[0] for u in old}) + [f"{e}/{p}/" for e in EDITIONS
                                                          for p in ("full-text", "summary", "about", "tags",
                                                                    "sections/1", "tags/housing")]:
        edition, rest = page.split("/", 1)
        redirect = _parse(site / page / "index.html")
        assert redirect.canonical == f"{base}{edition}/{DOC}/{rest}", page
        target = site / edition / DOC / rest / "index.html"
        assert target.exists(), page
    for url in old:
        page, fragment = url.split("#")
        edition, rest = page.split("/", 1)
        assert fragment in _parse(site / edition / DOC / rest / "index.html").ids, url
    # The old site-root data file still answers.
    assert json.loads((site / "document.json").read_text(encoding="utf-8"))["slug"] == DOC


@pytest.mark.browser
@pytest.mark.parametrize("old, new", [
    ("zh-hans/clauses/8/#c8-s3", f"zh-hans/{DOC}/clauses/8/#c8-s3"),
    ("zh-hant/clauses/23/#c23-s2", f"zh-hant/{DOC}/clauses/23/#c23-s2"),
    ("zh-hans/full-text/#c2-s1", f"zh-hans/{DOC}/full-text/#c2-s1"),
    ("zh-hant/sections/1/", f"zh-hant/{DOC}/sections/1/"),
    ("zh-hans/#preamble-p1-s2", f"zh-hans/{DOC}/#preamble-p1-s2"),  # the old home, now the library's
])
def test_old_urls_land_on_the_same_sentence_in_chromium(reader, served_site, old, new):
    page, _ = reader
    base = served_site["url"]
    page.goto(base + old)
    page.wait_for_url(base + new)
    fragment = new.partition("#")[2]
    if fragment:
        assert page.locator(f"[id='{fragment}']").count() == 1
        assert page.evaluate(f"document.getElementById('{fragment}').getBoundingClientRect().top") < 400


@pytest.mark.browser
def test_the_library_home_without_a_fragment_stays(reader, served_site):
    page, _ = reader
    page.goto(served_site["url"] + "zh-hans/")
    assert page.url == served_site["url"] + "zh-hans/"
    assert page.locator(".library-entry").count() >= 1


@pytest.fixture
def library_reader(browser, library_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not errors


@pytest.mark.browser
@pytest.mark.parametrize("edition, expected", [
    ("zh-hans", ["中共中央办公厅 国务院办公厅关于推进城市更新行动的指导意见", "中共中央 国务院关于推动城市高质量发展的意见",
                 "国务院办公厅关于开展燃气管道更新试点的通知"]),
    ("zh-hant", ["中共中央辦公廳 國務院辦公廳關於推進城市更新行動的指導意見", "中共中央 國務院關於推動城市高質量發展的意見",
                 "國務院辦公廳關於開展燃氣管道更新試點的通知"]),
])
def test_library_home_lists_every_document_newest_first_and_filters(library_reader, library_site, edition, expected):
    page = library_reader
    page.goto(library_site["url"] + edition + "/")
    titles = page.locator(".library-title").all_inner_texts()
    assert titles == expected
    meta = page.locator(".library-meta").all_inner_texts()
    assert "2026年1月10日" in meta[0] and ("指导意见" in meta[0] or "指導意見" in meta[0])
    assert "国办发〔2024〕12号" in meta[2] or "國辦發〔2024〕12號" in meta[2]
    assert ("23 项" if edition == "zh-hans" else "23 項") in meta[1]  # counted as the site cites them: 第（八）项
    issuer = "国务院办公厅" if edition == "zh-hans" else "國務院辦公廳"
    page.select_option("select[data-filter=issuers]", issuer)
    assert page.locator(".library-entry:visible .library-title").all_inner_texts() == [expected[0], expected[2]]
    assert page.locator(".library-count").inner_text() == ("显示 2 件，共 3 件" if edition == "zh-hans" else "顯示 2 件，共 3 件")
    page.select_option("select[data-sort]", "title")
    by_title = page.locator(".library-entry .library-title").all_inner_texts()
    want = page.evaluate("ts => ts.slice().sort((a, b) => a.localeCompare(b, 'zh-Hans-CN-u-co-pinyin'))", expected)
    assert by_title == want and want != expected
    page.select_option("select[data-sort]", "date")
    assert page.locator(".library-entry .library-title").all_inner_texts() == expected
    page.select_option("select[data-filter=year]", "2024")
    assert page.locator(".library-entry:visible .library-title").all_inner_texts() == [expected[2]]
    page.select_option("select[data-filter=issuers]", "")
    page.select_option("select[data-filter=year]", "")
    page.select_option("select[data-filter=topics]", "housing")
    assert page.locator(".library-entry:visible .library-title").all_inner_texts() == expected[1:]
    page.locator(".library-entry:visible .library-title a").first.click()
    page.wait_for_url(library_site["url"] + f"{edition}/{DOC}/")


@pytest.mark.browser
def test_library_search_finds_every_document(library_reader, library_site):
    page = library_reader
    page.goto(library_site["url"] + "zh-hans/search/?q=燃气管道")
    results = page.locator(".search-result")
    results.first.wait_for()
    assert results.count() == 1
    assert "《意见》" in results.first.inner_text()
    assert f"/zh-hans/{BEFORE}/clauses/1/" in results.first.evaluate("a => a.href")
    page.goto(library_site["url"] + "zh-hant/search/?q=好房子")
    page.locator(".search-result").first.wait_for()
    assert all(f"/zh-hant/{DOC}/" in h for h in page.locator(".search-result").evaluate_all(
        "links => links.map(a => a.href)"))


@pytest.mark.browser
@pytest.mark.parametrize("edition, name, first_title", [
    ("zh-hans", "住房", "中共中央 国务院关于推动城市高质量发展的意见"),
    ("zh-hant", "住房", "中共中央 國務院關於推動城市高質量發展的意見"),
])
def test_topic_pages_list_the_clauses_of_every_document(library_reader, library_site, edition, name, first_title):
    page = library_reader
    page.goto(library_site["url"] + f"{edition}/topics/")
    row = page.locator("tr[data-topic=housing]")
    data = json.loads((library_site["dir"] / edition / DOC / "document.json").read_text(encoding="utf-8"))
    housing = [c["number"] for c in data["clauses"] if "housing" in c["tags"]]
    assert len(housing) >= 2
    assert row.locator("td").all_inner_texts()[2:] == ["2", str(len(housing) + 3)]  # 2 documents
    row.locator("a").click()
    page.wait_for_url(library_site["url"] + f"{edition}/topics/housing/")
    assert page.locator("h1").inner_text() == name
    assert page.title().startswith(("主题：" if edition == "zh-hans" else "主題：") + name)
    groups = page.locator(".topic-document")
    assert groups.evaluate_all("gs => gs.map(g => g.dataset.slug)") == [DOC, BEFORE]  # newest first
    assert groups.first.locator("h2").inner_text() == first_title
    links = groups.nth(1).locator("a").evaluate_all("as => as.map(a => a.href)")
    assert links[1:] == [library_site["url"] + f"{edition}/{BEFORE}/clauses/{n}/" for n in (1, 2, 3)]
    assert groups.first.locator("li a").evaluate_all("as => as.map(a => a.href)") == [
        library_site["url"] + f"{edition}/{DOC}/clauses/{n}/" for n in housing]
    groups.first.locator("li a").first.click()
    page.wait_for_url(library_site["url"] + f"{edition}/{DOC}/clauses/*/")
    assert page.locator(".tag-chip[data-tag=housing]").count() == 1


def _two_documents(tmp_path: Path) -> tuple[Path, Path]:
    project = make_project(tmp_path / "project", {
        "alpha": {"text": VALID, "described": 'type = "意见"'},
        "beta": {"text": VALID.replace("测试", "试点"), "title": "中共中央 国务院关于试点城市工作的意见"},
    })
    return project, tmp_path / "site"


def test_an_unknown_document_type_fails_that_document_only(tmp_path, monkeypatch, capsys):
    project, site = _two_documents(tmp_path)
    monkeypatch.chdir(project)
    assert _build(project, site) == 0
    beta = _files(site / "zh-hans" / "beta")
    toml = project / "content" / "alpha" / "document.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('type = "意见"', 'type = "意见书"'), encoding="utf-8")
    (project / "content" / "beta" / "sources" / "full.txt").write_text(
        VALID.replace("测试", "试点").replace("第二条正文", "第二条修订正文"), encoding="utf-8")
    assert _build(project, site) == 1
    err = capsys.readouterr().err
    assert 'content/alpha/document.toml:4: type = "意见书"; expected a type listed in content/library.toml' in err
    assert "alpha: 1 error(s): not rebuilt; its last good version stays online." in err
    assert "第二条修订正文" in (site / "zh-hans" / "beta" / "clauses" / "2" / "index.html").read_text(encoding="utf-8")
    assert _files(site / "zh-hans" / "beta") != beta


def _copy_document(source: Path, target: Path, slug_line: str, title_words: str) -> None:
    shutil.copytree(source, target)
    toml = target / "document.toml"
    text = toml.read_text(encoding="utf-8").replace(f'slug = "{source.name}"', slug_line)
    toml.write_text(text.replace("试点城市", title_words), encoding="utf-8")
    full = target / "sources" / "full.txt"
    full.write_text(full.read_text(encoding="utf-8").replace("试点城市", title_words), encoding="utf-8")


def _build(project: Path, site: Path, *args: str) -> int:
    return main(["--project", str(project), "build", *args, "--site-dir", str(site)])


def test_build_one_document_leaves_the_others_online(tmp_path, capsys):
    project, site = _two_documents(tmp_path)
    assert _build(project, site) == 0
    capsys.readouterr()
    alpha = _files(site / "zh-hans" / "alpha")
    source = project / "content" / "beta" / "sources" / "full.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("第二条正文", "第二条修订正文"), encoding="utf-8")
    assert _build(project, site, "beta") == 0
    assert "第二条修订正文" in (site / "zh-hans" / "beta" / "clauses" / "2" / "index.html").read_text(encoding="utf-8")
    assert _files(site / "zh-hans" / "alpha") == alpha
    out = capsys.readouterr().out
    assert "built beta" in out and "built alpha" not in out


def test_a_failing_document_keeps_its_last_good_version_while_the_others_publish(tmp_path, capsys):
    project, site = _two_documents(tmp_path)
    assert _build(project, site) == 0
    beta = _files(site / "zh-hant" / "beta")
    alpha_source = project / "content" / "alpha" / "sources" / "full.txt"
    alpha_source.write_text(VALID.replace("第一条正文", "第一条新正文"), encoding="utf-8")
    beta_source = project / "content" / "beta" / "sources" / "full.txt"
    beta_source.write_text(beta_source.read_text(encoding="utf-8").replace("（二）", "（四）"), encoding="utf-8")
    assert _build(project, site) == 1
    err = capsys.readouterr().err
    assert "content/beta/sources/full.txt:10:" in err
    assert re.search(r"^beta: \d+ error\(s\): not rebuilt; its last good version stays online\.$", err, re.M)
    assert "第一条新正文" in (site / "zh-hans" / "alpha" / "clauses" / "1" / "index.html").read_text(encoding="utf-8")
    assert _files(site / "zh-hant" / "beta") == beta
    home = (site / "zh-hans" / "index.html").read_text(encoding="utf-8")
    assert 'href="beta/"' in home and 'href="alpha/"' in home


@pytest.mark.parametrize("change, where, message", [
    (lambda c: (c / "beta" / "document.toml").write_text(
        (c / "beta" / "document.toml").read_text(encoding="utf-8").replace(
            "中共中央 国务院关于试点城市工作的意见", "中共中央 国务院关于测试城市工作的意见"), encoding="utf-8"),
     "content/beta/document.toml:2:", "already the title of content/alpha/document.toml"),
    (lambda c: [(c / n / "document.toml").write_text("legacy_root = true\n" + (c / n / "document.toml").read_text(
        encoding="utf-8"), encoding="utf-8") for n in ("alpha", "beta")],
     "content/beta/document.toml:", "legacy_root = true, already claimed by alpha"),
    (lambda c: _copy_document(c / "beta", c / "search", 'slug = "search"', "搜索城市"),
     "content/search/document.toml:1:", "slug 'search', a name the library uses"),
    (lambda c: (c / "library.toml").unlink(),
     "content/library.toml:", "no library file"),
])
def test_library_wide_problems_stop_the_build_and_keep_the_site(tmp_path, monkeypatch, capsys, change, where, message):
    project, site = _two_documents(tmp_path)
    monkeypatch.chdir(project)
    assert _build(project, site) == 0
    before = _files(site)
    change(project / "content")
    assert _build(project, site) == 1
    err = capsys.readouterr().err
    assert where in err and message in err, err
    assert "nothing was built or published; the last good site is unchanged." in err
    assert _files(site) == before


def test_a_document_folder_that_is_a_link_is_refused(tmp_path, capsys):
    project, site = _two_documents(tmp_path)
    outside = tmp_path / "outside"
    shutil.copytree(project / "content" / "beta", outside)
    toml = outside / "document.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('slug = "beta"', 'slug = "gamma"')
                    .replace("试点城市", "其他城市"), encoding="utf-8")
    (project / "content" / "gamma").symlink_to(outside, target_is_directory=True)
    assert _build(project, site) == 1
    err = capsys.readouterr().err
    assert re.search(r"content/gamma:1: a link to .*outside; expected a document folder inside content/", err), err
    assert not (site / "zh-hans" / "gamma").exists() and (site / "zh-hans" / "alpha").exists()


def test_rebuilding_one_document_whose_config_fails_reports_its_own_lines(tmp_path, capsys):
    project, site = _two_documents(tmp_path)
    assert _build(project, site) == 0
    toml = project / "content" / "beta" / "document.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('short_title = "意见"', "short_title = 3"),
                    encoding="utf-8")
    assert _build(project, site, "beta") == 1
    err = capsys.readouterr().err
    assert "content/beta/document.toml:3: short_title = 3" in err and "no document" not in err, err
    assert "beta: 1 error(s): not rebuilt; its last good version stays online." in err
    assert _build(project, site, "nothing-here") == 1
    assert "no document 'nothing-here'" in capsys.readouterr().err


# --- editions: interface words and 404 pages (issue 17) -------------------------

MAINLAND_TERMS = ("搜索", "鏈接", "頁脚", "字符", "源文件", "信息", "半角", "全角")


class _Words(HTMLParser):
    """A page's visible text and the attributes readers hear (aria-label,
    title, placeholder), without scripts and styles."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.parts += [v for k, v in attrs if k in ("aria-label", "title", "placeholder", "alt") and v]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _document_strings(data, key: str) -> set[str]:
    """Every text of document.json in one edition: the document's own words."""
    found: set[str] = set()
    if isinstance(data, dict):
        for k, v in data.items():
            if k == key and isinstance(v, str):
                found.add(v)
            else:
                found |= _document_strings(v, key)
    elif isinstance(data, list):
        for v in data:
            found |= _document_strings(v, key)
    return found


@pytest.mark.parametrize("edition", [e for e in editions.EDITIONS if e.script == "traditional"])
def test_traditional_editions_use_no_mainland_interface_words(served_site, edition):
    """搜索, 鏈接, 頁脚 … are mainland words in traditional characters: none may
    appear in an edition's interface. The document's own text may say 信息."""
    site = served_site["dir"]
    own: set[str] = set()
    for record in site.glob(f"{edition.folder}/*/document.json"):
        own |= _document_strings(json.loads(record.read_text(encoding="utf-8")), edition.key)
    own = sorted(own, key=len, reverse=True)
    pages = sorted((site / edition.folder).rglob("*.html"))
    assert len(pages) > 60
    for page in pages:
        parser = _Words()
        parser.feed(page.read_text(encoding="utf-8"))
        text = "\n".join(parser.parts)
        for sentence in own:
            if len(sentence) > 1:
                text = text.replace(sentence, "")
        found = [term for term in MAINLAND_TERMS if term in text and term != "信息"]
        assert not found, f"{page.relative_to(site)}: {found}"
    for term in MAINLAND_TERMS:  # not even in words no page shows yet
        table = (ROOT / "content" / "ui" / f"{edition.folder}.toml").read_text(encoding="utf-8")
        values = [line.split(" = ", 1)[1] for line in table.splitlines() if " = " in line]
        assert not any(term in v for v in values), term


def test_interface_tables_have_every_key_in_every_edition(tmp_path):
    from policy_site.core.diagnostics import Diagnostics
    from policy_site.site.interface import UI_FOLDER, load_tables

    tables = load_tables(UI_FOLDER, Diagnostics())
    assert tables is not None and set(tables.tables) == {e.key for e in editions.EDITIONS}
    assert tables.words("zh-Hant", "搜索") == "搜尋" and tables.words("zh-Hant-HK", "本句链接") == "本句連結"
    assert tables.words("zh-Hant", "说明") == "說明" and tables.words("zh-Hant-HK", "说明") == "説明"
    for edition in editions.EDITIONS:
        shutil.copy(UI_FOLDER / f"{edition.folder}.toml", tmp_path)
    hk = tmp_path / "zh-hant-hk.toml"
    hk.write_text(hk.read_text(encoding="utf-8").replace('"搜索" = "搜尋"\n', "").replace(
        '"检索" = "檢索"', '"检索" = ""'), encoding="utf-8")
    diagnostics = Diagnostics()
    assert load_tables(tmp_path, diagnostics) is None
    messages = [str(d) for d in diagnostics.errors]
    line = next(n for n, l in enumerate(hk.read_text(encoding="utf-8").splitlines(), 1) if l.startswith('"检索"'))
    assert any(m.startswith(f"{hk.name}:{line}:") or f"zh-hant-hk.toml:{line}:" in m for m in messages), messages
    assert any("no words for '搜索'" in m and "zh-hans.toml:" in m for m in messages), messages


@pytest.mark.parametrize("edition", editions.EDITIONS)
def test_404_pages_speak_each_editions_language(served_site, edition):
    site = served_site["dir"]
    words = {"zh-Hans": "找不到此页面。", "zh-Hant": "找不到此頁面。", "zh-Hant-HK": "找不到此頁面。"}[edition.key]
    page = (site / edition.folder / "404.html").read_text(encoding="utf-8")
    assert f'<html lang="{edition.key}"' in page and words in page and "Not found" not in page
    root = (site / "404.html").read_text(encoding="utf-8")
    assert f'<div lang="{edition.key}" data-edition="{edition.folder}"><p>{words}' in root


@pytest.mark.browser
def test_the_root_404_shows_the_edition_of_the_address(reader, served_site):
    """GitHub Pages answers a missing page anywhere with the root 404.html."""
    page, _ = reader
    body = (served_site["dir"] / "404.html").read_text(encoding="utf-8")
    page.route("**/nowhere/", lambda route: route.fulfill(status=200, content_type="text/html", body=body))
    for edition in editions.EDITIONS:
        page.goto(served_site["url"] + f"{edition.folder}/nowhere/")
        shown = page.evaluate("[...document.querySelectorAll('[data-edition]')].filter(b => !b.hidden).map(b => b.lang)")
        assert shown == [edition.key] and page.evaluate("document.documentElement.lang") == edition.key


@pytest.mark.browser
def test_a_missing_page_inside_a_document_links_back_into_it(reader, served_site):
    """Through the preview server (the document's own 404 page) and through
    the root 404 that GitHub Pages answers with: home, contents and search."""
    page, record = reader
    body = (served_site["dir"] / "404.html").read_text(encoding="utf-8")
    for edition, home in (("zh-hans", "本文件首页"), ("zh-hant-hk", "本文件首頁")):
        missing = served_site["url"] + f"{edition}/{DOC}/clauses/999/"
        response = page.goto(missing)
        assert response.status == 404
        links = page.eval_on_selector_all(".not-found-document a", "as => as.map(a => [a.textContent, a.href])")
        assert links[0][0].startswith(home) and links[0][1] == served_site["url"] + f"{edition}/{DOC}/"
        assert [h for _, h in links[1:]] == [served_site["url"] + f"{edition}/{DOC}/#contents",
                                            served_site["url"] + f"{edition}/{DOC}/search/"]
        page.route("**/nowhere/", lambda route: route.fulfill(status=200, content_type="text/html", body=body))
        page.goto(served_site["url"] + f"{edition}/{DOC}/nowhere/")
        shown = page.eval_on_selector_all("[data-edition]:not([hidden]) .not-found-document:not([hidden]) a",
                                          "as => as.map(a => a.href)")
        assert shown == [served_site["url"] + f"{edition}/{DOC}/", served_site["url"] + f"{edition}/{DOC}/#contents",
                         served_site["url"] + f"{edition}/{DOC}/search/"]
        page.unroute("**/nowhere/")
    page.goto(served_site["url"] + "zh-hans/nowhere/")  # in no document: the library only
    assert page.eval_on_selector_all(".not-found-document:not([hidden])", "els => els.length") == 0
    record["errors"][:] = [e for e in record["errors"] if "status of 404" not in e]  # the 404s asked for


@pytest.mark.parametrize("edition", editions.EDITIONS)
def test_redirect_pages_speak_each_editions_language(served_site, edition):
    page = (served_site["dir"] / edition.folder / "clauses" / "8" / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{edition.key}">' in page
    assert "redirect" not in page.replace("rel=\"canonical\"", "").lower().replace("http-equiv", "")
    title = {"zh-Hans": "正在转到新网址……", "zh-Hant": "正在轉到新網址……", "zh-Hant-HK": "正在轉到新網址……"}[edition.key]
    assert f"<title>{title}</title>" in page


def test_a_broken_interface_table_stops_the_library_build(tmp_path, monkeypatch, capsys):
    # The project's own content/ui/ is read, not the package checkout's.
    project = _library_project(tmp_path / "project")
    tw = project / "content" / "ui" / "zh-hant.toml"
    tw.write_text(tw.read_text(encoding="utf-8") + '"只在一个表里" = "只在一個表裡"\n', encoding="utf-8")
    site = tmp_path / "site"
    assert main(["--project", str(project), "build", "--site-dir", str(site)]) == 1
    err = capsys.readouterr().err
    line = len(tw.read_text(encoding="utf-8").splitlines())
    assert "zh-hans.toml:1: no words for '只在一个表里' (in " in err and f"zh-hant.toml:{line})" in err
    assert "nothing was built or published" in err and not site.exists()


def test_every_word_the_site_prints_is_in_every_table_and_a_missing_one_stops_the_build(tmp_path, capsys):
    """Interface words by construction: the templates' ui('…') keys, the label
    tables looked up by kind, and every literal ui(…, '…') of the code are in
    every edition's table; a project whose table lacks one is refused at the
    start, naming the word and what prints it (never a KeyError on a page)."""
    import re
    import tomllib

    from policy_site.site import interface

    package = Path(interface.__file__).resolve().parents[1]
    asked = dict(interface.required_words())
    for module in package.rglob("*.py"):
        for call in re.finditer(r"""\bui\((?:[a-z_.]+,\s*)?(['"])([^'"]+?)\1\)""", module.read_text(encoding="utf-8")):
            if call.group(2) != "…":  # a docstring's example
                asked.setdefault(call.group(2), str(module.relative_to(package)))
    assert {"来源标注", "未能对应原文", "网页导航", "导语", "本文件已撤回：{reason}", "与原文逐字相同", "要点摘编",
            "复制链接", "检索条文"} <= set(asked)  # literal keys, label tables, the scripts' words
    for edition in editions.EDITIONS:
        table = tomllib.loads((interface.UI_FOLDER / f"{edition.folder}.toml").read_text(encoding="utf-8"))
        assert [(k, w) for k, w in asked.items() if k not in table] == [], edition.folder
    project = _library_project(tmp_path / "project")
    for edition in editions.EDITIONS:
        table = project / "content" / "ui" / f"{edition.folder}.toml"
        table.write_text(table.read_text(encoding="utf-8").replace(
            '"来源标注" = ', '"来源标注（旧）" = '), encoding="utf-8")
    assert main(["--project", str(project), "build", "--site-dir", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert "zh-hans.toml:1: no words for '来源标注', which document/method.py RULE_NAMES prints" in err


def test_a_source_line_after_the_text_is_furniture_named_on_the_method_page(tmp_path, capsys):
    """来源：… after the text (every news page has one) once crashed the build
    with a KeyError on its interface words."""
    project = make_project(tmp_path / "project", {"doc": {"text": VALID + "来源：新华社\n"}})
    site = tmp_path / "site"
    assert main(["--project", str(project), "build", "--site-dir", str(site)]) == 0, capsys.readouterr().err
    assert "來源標註" in (site / "zh-hant" / "doc" / "about" / "index.html").read_text(encoding="utf-8")


def test_topics_are_listed_in_the_vocabularys_order_in_every_edition(library_site):
    """One reviewed order (content/tags.toml), not each edition's code-point order of its own script."""
    import tomllib

    from lxml import html as lxml_html

    vocabulary = [t["slug"] for t in tomllib.loads((ROOT / "content" / "tags.toml").read_text(encoding="utf-8"))["tag"]]
    orders = []
    for edition in ("zh-hans", "zh-hant", "zh-hant-hk"):
        page = lxml_html.fromstring((library_site["dir"] / edition / "topics" / "index.html").read_bytes())
        orders.append([row.get("data-topic") for row in page.xpath("//tr[@data-topic]")])
    assert orders[0] == orders[1] == orders[2]
    listed = [slug for slug in orders[0] if slug in vocabulary]
    assert listed == sorted(listed, key=vocabulary.index) and len(listed) >= 3
