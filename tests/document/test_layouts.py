"""Layouts of the document family's sources, each a constructed document
described by its own document.toml: no title line (a Xinhua release that
starts after “……全文如下。”), a page headline and lead before the title, a
文号 and addressee, a dateline fused to the title, sections without clauses;
simplified, traditional-with-readings and toneless-reading sources. Each
builds with content files only through the CLI, and shows its 文号, issuers
and dates on its home page and in document.json. Bad declarations are
file:line errors."""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
from pathlib import Path

import pypinyin
import pytest

from policy_site.cli import main
from policy_site.core.diagnostics import Diagnostics
from policy_site.document.audit import audit_edition
from policy_site.document.pipeline import load_edition
from policy_site.testing import make_project, write_document
from policy_site.zh.chars import is_han
from policy_site.zh.convert import to_script
from policy_site.zh.editions import TRADITIONAL
from tests.conftest import DOCUMENT, ROOT

# --- the constructed documents ----------------------------------------------

RELEASE_TITLE = "关于测试基层治理的意见"
# A Xinhua release of a 中办国办 document: a lead, then the text without its title.
RELEASE = f"""新华社北京3月5日电 近日，中共中央办公厅、国务院办公厅印发了《{RELEASE_TITLE}》，并发出通知，要求各地区各部门结合实际认真贯彻落实。
《{RELEASE_TITLE}》全文如下。
为做好基层治理测试工作，现提出如下意见。
一、总体要求
坚持以人民为中心的发展思想，推动基层治理高质量发展。
二、重点任务
（一）健全组织体系。完善基层组织。
（二）强化服务功能。提升服务水平。
三、组织实施
各地区各部门要结合实际认真贯彻落实。
"""
RELEASE_DESCRIBED = """type = "意见"
issuers = ["中共中央办公厅", "国务院办公厅"]
issued = 2025-02-20
publisher = "新华社"
published = 2025-03-05
official_url = "https://www.gov.cn/zhengce/test-release.htm"
"""
RELEASE_FULL_TEXT = """title_line = false

[[full_text.furniture]]
kind = "lead"
lines = [1, 2]
reason = "新华社电文的导语与“全文如下”，不属于意见本身。"
"""

NOTICE_TITLE = "国务院办公厅关于测试城市工作的通知"
# A portal page: navigation, headline, time stamp and lead before the title;
# 文号 and addressee after it; related links and a notice after the text.
NOTICE = f"""首页 > 政策 > 最新
国务院办公厅印发通知 部署测试城市工作
2025-06-24 10:00:00 来源：新华网
新华社北京6月24日电 日前，国务院办公厅印发《{NOTICE_TITLE}》。通知全文如下。
{NOTICE_TITLE}
国办发〔2025〕12号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
为做好城市测试工作，经国务院同意，现就有关事项通知如下。
一、总体要求
坚持问题导向，统筹发展和安全。
二、主要措施
（一）完善工作机制。建立健全协调机制。
（二）加强监督检查。定期开展评估。
相关新闻：国务院办公厅印发通知
相关新闻：解读测试城市工作
【纠错】【责任编辑：某人】
"""
NOTICE_DESCRIBED = """type = "通知"
issued = 2025-06-20
publisher = "新华社"
published = 2025-06-24
"""
NOTICE_FULL_TEXT = """[[full_text.furniture]]
kind = "navigation"
lines = [1, 1]
reason = "门户网站的栏目导航。"

[[full_text.furniture]]
kind = "headline"
lines = [2, 2]
reason = "门户网站为报道所拟的标题，不是文件标题。"

[[full_text.furniture]]
kind = "timestamp"
pattern = '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}.*'
reason = "网页的发布时间与来源栏。"

[[full_text.furniture]]
kind = "lead"
lines = [4, 4]
reason = "新华社电文导语。"

[[full_text.furniture]]
kind = "related"
pattern = '相关新闻：.*'
reason = "网页列出的相关报道。"

[[full_text.furniture]]
kind = "notice"
lines = [16, 16]
reason = "网页的纠错与编辑栏。"
"""

FUSED_TITLE = "住房城乡建设部关于测试社区工作的指导意见"
# The dateline fused to the title; sections without clauses.
FUSED = f"""新华社北京7月1日电{FUSED_TITLE}
建规〔2025〕3号
各省、自治区住房城乡建设厅：
为推进社区测试工作，提出如下意见。
一、总体要求
坚持系统观念，稳步推进社区建设。
二、重点任务
加快补齐社区设施短板。
三、保障措施
加强组织领导，抓好工作落实。
"""
FUSED_DESCRIBED = """type = "指导意见"
issued = 2025-06-28
publisher = "新华社"
published = 2025-07-01
"""


def with_readings(simplified: str, *, toned: bool) -> str:
    """A scrape as the family's reposting sites publish it: traditional,
    each converted character followed by a reading, half-width commas and
    colons. Toneless readings carry a trailing space before more Chinese
    text (`關(guan) 於(yu)`)."""
    traditional = to_script(simplified, TRADITIONAL)
    out = []
    for index, (ch, original) in enumerate(zip(traditional, simplified)):
        out.append(ch)
        if ch != original:
            following = traditional[index + 1:index + 2]
            # A real reading of the character (the audit checks each one against pypinyin's dictionary).
            reading = pypinyin.pinyin(original, style=pypinyin.Style.TONE if toned else pypinyin.Style.NORMAL)[0][0]
            out.append(f"({reading})" if toned else f"({reading})" + (" " if following and is_han(following) else ""))
    return "".join(out).replace("，", ",").replace("：", ":")


def _write(root: Path, name: str, **kwargs) -> Path:
    return write_document(root / "content" / name, **kwargs)


DOCUMENTS = {
    "release": dict(text=RELEASE, title=RELEASE_TITLE, described=RELEASE_DESCRIBED, full_text=RELEASE_FULL_TEXT),
    "notice": dict(text=with_readings(NOTICE, toned=True), script="traditional", title=NOTICE_TITLE,
                   described=NOTICE_DESCRIBED, full_text=NOTICE_FULL_TEXT),
    "fused": dict(text=with_readings(FUSED, toned=False), script="traditional", title=FUSED_TITLE,
                  described=FUSED_DESCRIBED,
                  # A vocabulary copied from the first document: nothing to tag here.
                  tags=(DOCUMENT / "tags.toml").read_text(encoding="utf-8")),
}


def _load(folder: Path):
    diagnostics = Diagnostics()
    edition = load_edition(folder, diagnostics)
    assert edition is not None, "\n".join(map(str, diagnostics.items))
    return edition, diagnostics


def _line(folder: Path, needle: str, *, table: bool = False) -> int:
    """Line of document.toml holding `needle`; with `table`, the line of the
    [[…]] header of the table it is in."""
    lines = (folder / "document.toml").read_text(encoding="utf-8").split("\n")
    number = next(n for n, line in enumerate(lines, 1) if needle in line)
    while table and not lines[number - 1].startswith("[["):
        number -= 1
    return number


def _errors(folder: Path) -> list[str]:
    diagnostics = Diagnostics()
    assert load_edition(folder, diagnostics) is None
    return [str(d) for d in diagnostics.errors]


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project", {})


# --- parsing: each layout ----------------------------------------------------

def test_a_source_without_a_title_line_takes_the_declared_title(project):
    edition, _ = _load(_write(project, "release", **DOCUMENTS["release"]))
    doc = edition.document
    assert doc.title == RELEASE_TITLE and doc.title_source.line == 0
    assert doc.preamble[0].text == "为做好基层治理测试工作，现提出如下意见。"
    assert doc.issuers == ("中共中央办公厅", "国务院办公厅") and doc.doc_type == "意见"
    assert (doc.date, doc.date_label) == ("2025-02-20", "2025年2月20日")
    assert (doc.publisher, doc.published) == ("新华社", "2025-03-05")
    furniture = {f.line: f.rule for f in edition.parse.furniture}
    assert furniture == {1: "lead", 2: "lead", 11: "blank"}
    assert [(d.declaration.kind, d.lines) for d in edition.parse.declared] == [("lead", (1, 2))]
    folder = project / "content" / "release"
    provenance = {name: str(ref) for name, ref in doc.provenance}
    assert provenance["issuers"].endswith(f"release/document.toml:{_line(folder, 'issuers =')}")
    # The type is the one the (declared) title ends with.
    assert provenance["type"].endswith(f"release/document.toml:{_line(folder, 'title =')}")
    # Every character is accounted for, the lead as furniture: no repair.
    diagnostics = Diagnostics()
    audit = audit_edition(edition, diagnostics)
    assert not diagnostics.errors, diagnostics.errors
    rows = {r.rule: r for r in audit.rows}
    assert "repair" not in rows and rows["furniture"].chars == len(RELEASE.split("\n")[0]) + len(
        RELEASE.split("\n")[1])


def test_headline_lead_number_and_addressee_in_a_traditional_source_with_readings(project):
    edition, diagnostics = _load(_write(project, "notice", **DOCUMENTS["notice"]))
    assert not diagnostics.items, diagnostics.items
    doc = edition.document
    assert doc.title == NOTICE_TITLE and doc.title_source.line == 5
    assert doc.document_number == "国办发〔2025〕12号"
    assert doc.addressee == "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："
    assert doc.issuers == ("国务院办公厅",) and doc.doc_type == "通知"
    assert doc.preamble[0].text == "为做好城市测试工作，经国务院同意，现就有关事项通知如下。"
    kinds = {f.line: f.rule for f in edition.parse.furniture if f.rule != "blank"}
    assert kinds == {1: "breadcrumb", 2: "headline", 3: "timestamp", 4: "lead", 14: "related", 15: "related",
                     16: "notice"}
    # Built-in rules win where they apply: line 1 is the breadcrumb rule's.
    assert [(d.declaration.kind, d.lines) for d in edition.parse.declared] == [
        ("headline", (2,)), ("timestamp", (3,)), ("lead", (4,)), ("related", (14, 15)), ("notice", (16,))]
    provenance = {name: str(ref) for name, ref in doc.provenance}
    assert provenance["number"].endswith("notice/sources/full.txt:6")
    assert provenance["issued"].endswith(f"notice/document.toml:{_line(project / 'content' / 'notice', 'issued =')}")
    diagnostics = Diagnostics()
    audit = audit_edition(edition, diagnostics)
    assert not diagnostics.errors, diagnostics.errors
    assert {r.rule for r in audit.rows} >= {"reading", "punctuation", "furniture", "t2s"}


def test_fused_dateline_sections_without_clauses_and_toneless_readings(project):
    edition, diagnostics = _load(_write(project, "fused", **DOCUMENTS["fused"]))
    doc = edition.document
    assert doc.title == FUSED_TITLE and doc.doc_type == "指导意见"
    assert [(m.kind, m.text) for m in doc.metadata] == [("dateline", "新华社北京7月1日电")]
    assert doc.document_number == "建规〔2025〕3号" and doc.addressee == "各省、自治区住房城乡建设厅："
    assert doc.issuers == ("住房城乡建设部",) and doc.clauses == ()
    assert doc.sections[1].paragraphs[0].text == "加快补齐社区设施短板。"
    # The copied vocabulary is not an error: the document has nothing to tag.
    assert not diagnostics.errors


def test_a_declared_number_fills_what_the_text_does_not_print(project):
    folder = _write(project, "release", **{**DOCUMENTS["release"],
                                           "described": RELEASE_DESCRIBED + 'number = "中办发〔2025〕7号"\n'
                                                                            'addressee = "各地区各部门"\n'})
    doc = _load(folder)[0].document
    assert doc.document_number == "中办发〔2025〕7号"
    assert doc.addressee == "各地区各部门："  # an addressee line ends with its colon
    provenance = {name: str(ref) for name, ref in doc.provenance}
    assert provenance["number"].endswith(f"release/document.toml:{_line(folder, 'number =')}")


# --- bad declarations: file:line errors, all at once -------------------------

def test_furniture_that_matches_nothing_or_swallows_text_is_a_file_line_error(project):
    full_text = RELEASE_FULL_TEXT + """
[[full_text.furniture]]
kind = "related"
pattern = '相关新闻：.*'
reason = "相关报道。"

[[full_text.furniture]]
kind = "notice"
lines = [40, 41]
reason = "页脚。"

[[full_text.furniture]]
kind = "lead"
lines = [5, 5]
reason = "误把正文当导语。"
"""
    folder = _write(project, "release", **{**DOCUMENTS["release"], "full_text": full_text})
    errors = _errors(folder)
    toml = "release/document.toml"
    at = {needle: f"{toml}:{_line(folder, needle, table=True)}:" for needle in ("相关新闻", "[40, 41]", "[5, 5]")}
    assert any(f"{at['相关新闻']} furniture (related, pattern = '相关新闻：.*') that matches no line of " in e for e in errors), errors
    assert any(f"{at['[40, 41]']} furniture (notice, lines = [40, 41]) reaching beyond the end of " in e
               and "release/sources/full.txt, which has 10 lines" in e for e in errors), errors
    swallowed = [e for e in errors if at["[5, 5]"] in e]
    assert swallowed and "covering line 5, inside the document: “坚持以人民为中心" in swallowed[0]
    assert "release/sources/full.txt:5 stays in the document" in swallowed[0]
    assert len(errors) == 3  # all three at once, and nothing else


def test_furniture_that_swallows_the_title_or_a_heading_is_an_error(project):
    covers_title = NOTICE_FULL_TEXT.replace("lines = [4, 4]", "lines = [4, 5]")
    folder = _write(project, "notice", **{**DOCUMENTS["notice"], "full_text": covers_title})
    errors = _errors(folder)
    line = _line(folder, "[4, 5]", table=True)
    assert any(f"notice/document.toml:{line}: furniture (lead, lines = [4, 5]) covering line 5, the title" in e
               for e in errors), errors
    heading = NOTICE_FULL_TEXT.replace("lines = [16, 16]", "lines = [13, 16]")
    errors = _errors(_write(project, "notice", **{**DOCUMENTS["notice"], "full_text": heading}))
    assert any("furniture (notice, lines = [13, 16]) covering line 13, a section or clause heading" in e
               for e in errors), errors


def test_an_unknown_document_type_is_refused_with_its_line(project, monkeypatch, capsys):
    described = RELEASE_DESCRIBED.replace('type = "意见"', 'type = "公告"')
    folder = _write(project, "release", **{**DOCUMENTS["release"], "described": described})
    monkeypatch.chdir(project)
    assert main(["--project", str(project), "build", "--site-dir", str(project / "site")]) != 0
    err = capsys.readouterr().err
    assert f"content/release/document.toml:{_line(folder, 'type =')}: type = \"公告\"; expected a type listed in" in err, err
    assert "add it to document_types there first" in err
    # The type is not checked against the title either: one error, not two.
    assert err.count("公告") == 1


def test_declarations_that_contradict_the_text_are_errors_reported_together(project):
    described = (NOTICE_DESCRIBED.replace('type = "通知"', 'type = "意见"')
                 .replace("published = 2025-06-24", "published = 2025-06-25")
                 + 'number = "国办发〔2025〕13号"\nissuers = ["国务院"]\n'
                   'addressee = "各省人民政府"\n')
    text = DOCUMENTS["notice"]["text"]
    # A dateline of its own line, so that the publication date can be checked against it.
    text = text.replace(text.split("\n")[3] + "\n", "新華(zì)社北京6月24日電(zì)\n")
    folder = _write(project, "notice", **{**DOCUMENTS["notice"], "text": text, "described": described})
    errors = _errors(folder)
    full = "notice/sources/full.txt"

    def at(key: str) -> str:
        return f"notice/document.toml:{_line(folder, key + ' =')}: {key} = "

    expected = [
        (at("number") + "“国办发〔2025〕13号”, but ", f"{full}:6 prints the 文号 “国办发〔2025〕12号”"),
        (at("addressee") + "“各省人民政府：”, but ", f"{full}:7 prints the addressee “各省、自治区"),
        (at("issuers") + "“国务院”, but ", f"{full}:5 prints the issuers (in the title) “国务院办公厅”"),
        (at("type") + "“意见”, but ", f"{full}:5 prints the type (at the end of the title) “通知”"),
        (at("published") + "“2025-06-25”, but ", f"{full}:4 prints the dateline “新华社北京6月24日电”"),
    ]
    for start, rest in expected:
        assert any(start in e and rest in e for e in errors), (start, errors)
    assert len(errors) == len(expected)


def test_a_title_line_where_title_line_false_says_none(project):
    text = RELEASE.replace("为做好基层", f"{RELEASE_TITLE}\n为做好基层")
    errors = _errors(_write(project, "release", **{**DOCUMENTS["release"], "text": text}))
    assert any("release/sources/full.txt:3: the title line" in e and "delete title_line = false" in e
               for e in errors), errors


def test_text_before_the_title_says_how_to_declare_it(project):
    errors = _errors(_write(project, "notice", **{**DOCUMENTS["notice"], "full_text": ""}))
    # Lines 2-4 (headline, timestamp, lead) are one run: one message, one declaration to write.
    assert any("notice/sources/full.txt:2: text before the title" in e and "2 more lines to line 4" in e
               and 'lines = [2, 4] reason = "…"' in e for e in errors), errors


# --- the built site ----------------------------------------------------------

def _page(site: Path, slug: str, script: str, path: str = "") -> Path:
    """A document's page wherever the URL scheme puts it (at the site root,
    under <slug>/ or under the edition's <slug>/)."""
    for base in (site / script / slug, site / slug / script, site / script):
        if (base / path / "index.html").exists():
            return base / path / "index.html"
    raise AssertionError(f"no page {script}/{path} of {slug} in {site}")


def _document_json(site: Path, slug: str) -> dict:
    for path in sorted(site.rglob("document.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("slug") == slug:
            return data
    raise AssertionError(f"no document.json of {slug} in {site}")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each layout built by the CLI from content files only, each into a site of its own."""
    root = tmp_path_factory.mktemp("layouts")
    project = make_project(root / "project", DOCUMENTS)
    sites, warnings = {}, {}
    old = os.getcwd()
    os.chdir(project)
    try:
        for slug in DOCUMENTS:
            sites[slug] = root / f"site-{slug}"
            err = io.StringIO()
            with contextlib.redirect_stderr(err):
                code = main(["--project", str(project), "build", slug, "--site-dir", str(sites[slug])])
            assert code == 0, err.getvalue()
            warnings[slug] = err.getvalue()
    finally:
        os.chdir(old)
    return sites, warnings


def _text(path: Path) -> str:
    """What a reader sees of a page: its markup and its scripts' data left out."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"<[^>]+>", "", html)


def test_home_pages_show_number_issuers_dates_and_addressee(built):
    sites, _ = built
    release = _text(_page(sites["release"], "release", "zh-hans"))
    assert "中共中央办公厅、国务院办公厅" in release and "（2025年2月20日）" in release
    assert "新华社，2025年3月5日" in release
    assert "https://www.gov.cn/zhengce/test-release.htm" in release
    notice = _page(sites["notice"], "notice", "zh-hant").read_text(encoding="utf-8")
    assert re.search(r'id="document-number">國辦發〔2025〕12號<', notice)
    assert re.search(r'id="addressee">各省、自治區、直轄市人民政府，國務院各部委、各直屬機構：<', notice)
    assert 'class="doc-issuers">國務院辦公廳<' in notice and 'class="doc-type">通知<' in notice
    assert '<time datetime="2025-06-20">2025年6月20日</time>' in notice
    assert '<time datetime="2025-06-24">2025年6月24日</time>' in notice
    # As printed: 文号 under the title, the addressee before the body.
    order = [notice.index(s) for s in ('id="document-title"', 'id="document-number"', 'id="addressee"',
                                       'id="preamble-p1"')]
    assert order == sorted(order)
    fused = _text(_page(sites["fused"], "fused", "zh-hans"))
    assert "建规〔2025〕3号" in fused and "住房城乡建设部" in fused and "指导意见" in fused


def test_document_json_exports_what_is_declared_and_parsed(built):
    sites, _ = built
    schema = json.loads((ROOT / "schema" / "document.schema.json").read_text(encoding="utf-8"))
    jsonschema = pytest.importorskip("jsonschema")
    for slug, site in sites.items():
        jsonschema.validate(_document_json(site, slug), schema)
    release = _document_json(sites["release"], "release")
    assert release["number"] is None and release["issued"] == "2025-02-20"
    assert [i["zh-Hans"] for i in release["issuers"]] == ["中共中央办公厅", "国务院办公厅"]
    assert release["official_url"] == "https://www.gov.cn/zhengce/test-release.htm"
    assert release["source"]["title_line"] is False
    assert release["source"]["furniture"] == [{
        "kind": "lead", "reason": "新华社电文的导语与“全文如下”，不属于意见本身。", "lines": [1, 2],
        "declared_at": {"file": "content/release/document.toml", "line": 15}}]
    notice = _document_json(sites["notice"], "notice")
    assert notice["number"] == {"zh-Hans": "国办发〔2025〕12号", "zh-Hant": "國辦發〔2025〕12號",
                                "zh-Hant-HK": "國辦發〔2025〕12號"}
    assert notice["addressee"]["zh-Hans"].startswith("各省、自治区")
    assert notice["type"] == {"zh-Hans": "通知", "zh-Hant": "通知", "zh-Hant-HK": "通知"} and notice["published"] == "2025-06-24"
    assert notice["provenance"]["number"] == {"file": "content/notice/sources/full.txt", "line": 6}
    assert notice["provenance"]["published"] == {"file": "content/notice/document.toml", "line": 7}
    fused = _document_json(sites["fused"], "fused")
    assert fused["clauses"] == [] and fused["number"]["zh-Hans"] == "建规〔2025〕3号"


def test_method_pages_say_what_was_done_to_each_document(built):
    sites, warnings = built
    first_documents_sentence = "每个经过转换的汉字后面带有拼音注音"
    release = _text(_page(sites["release"], "release", "zh-hans", "about"))
    assert "全文来源是简体文本，没有标题行" in release and "来源中没有拼音注音" in release
    assert "没有修复" in release and "修复为" not in release and "OpenCC t2s" not in release
    assert "导语" in release and "第1–2行" in release and "新华社电文的导语与“全文如下”" in release
    assert "未经字形转换" in release
    notice = _text(_page(sites["notice"], "notice", "zh-hans", "about"))
    readings = with_readings(NOTICE, toned=True).count("(")
    assert f"来源中有 {readings} 处拼音注音，已全部删除" in notice
    assert "网页标题" in notice and "相关链接" in notice and "第14–15行" in notice
    assert "网页导航" in notice and "本站的网页附加内容规则" in notice  # the breadcrumb rule
    fused = _text(_page(sites["fused"], "fused", "zh-hant", "about"))
    assert "（均不帶聲調）" in fused and "新華社北京7月1日電" in fused  # the fused dateline, kept
    assert "sections/1/" in fused and "clauses/" not in fused  # no clause to give as the example
    for slug, site in sites.items():
        about = _text(_page(site, slug, "zh-hans", "about"))
        assert first_documents_sentence not in about and "第（八）项" not in about
    # A document with no clauses and a copied tags.toml builds, with a warning and no topic pages.
    assert "tags.toml:1: warning: a topic vocabulary for a document with no clauses" in warnings["fused"]
    assert not (_page(sites["fused"], "fused", "zh-hans").parent / "tags").exists()


def test_the_first_document_shows_its_declared_facts(served_site):
    home = _page(served_site["dir"], "urban-development-2025", "zh-hans").read_text(encoding="utf-8")
    assert 'class="doc-issuers">中共中央、国务院<' in home and 'class="doc-type">意见<' in home
    assert '新华社，<time datetime="2025-08-28">2025年8月28日</time>' in home
    about = _text(_page(served_site["dir"], "urban-development-2025", "zh-hant", "about"))
    assert "全文來源是繁體文本；來源中有 1122 處拼音注音，已全部刪除" in about
