"""Interpretations (解读, issue 25 point 4): a document of type 解读 that
declares `[[relation]] kind = "interprets"` has its paragraphs aligned to the
clauses they explain (declared, or matched by shared wording), and both
documents show it: each clause page of the interpreted document lists the
explaining paragraphs, each such paragraph links its clause."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from policy_site.cli import main
from policy_site.document.interpretation import ClauseText, ParagraphText, align
from policy_site.testing import make_project
from tests.conftest import DOC, DOCUMENT

URL = "https://example.org/lib/"
TITLE = "国家发展改革委有关负责人就《中共中央 国务院关于推动城市高质量发展的意见》答记者问"
# An interpretation as they are printed (the form of the 答记者问 that ministries
# publish with an opinion): a lead paragraph, then questions, each followed by
# its answer, which restates the clause in its own words around its phrases.
INTERPRETATION = f"""{TITLE}
近日，中共中央、国务院印发《关于推动城市高质量发展的意见》。国家发展改革委有关负责人就《意见》回答了记者提问。
问：《意见》对建设高品质城市生活空间有哪些考虑？
答：住房是城市生活空间的基础。《意见》要求加快构建房地产发展新模式，推进安全、舒适、绿色、智慧的“好房子”建设，稳步推进城中村和危旧房改造，支持老旧住房自主更新、原拆原建，同时加快建设完整社区，构建城市便民生活圈。
问：在城市文化方面有什么安排？
答：《意见》强调加强对城市独特的历史文脉、人文地理、自然景观保护，要求健全城市文化遗产普查调查制度，推动历史文化名城、街区整体保护，活化利用历史建筑和工业遗产。
问：下一步如何抓好落实？
答：我们将会同有关部门加强统筹协调，压实各方责任，及时总结推广各地好的经验做法，确保各项任务落到实处、取得实效。
"""
RELATION = f"""type = "解读"
[[relation]]
kind = "interprets"
document = "{DOC}"
evidence = "它的标题说明它解读的文件"
"""


def _project(root: Path, extra: str = "") -> Path:
    project = make_project(root / "project", {"explainer": {"text": INTERPRETATION, "title": TITLE,
                                                            "described": RELATION + extra}})
    shutil.copytree(DOCUMENT, project / "content" / DOC)
    library = project / "content" / "library.toml"
    library.write_text(library.read_text(encoding="utf-8").replace('"公报"]', '"公报", "解读"]'), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    root = tmp_path_factory.mktemp("interpretations")
    project = _project(root)
    assert main(["--project", str(project), "build", "--site-dir", str(root / "site"), "--site-url", URL]) == 0
    return root / "site"


def test_a_paragraph_explains_the_clause_whose_wording_it_shares():
    clauses = [ClauseText("c1", 1, "（一）", "加快构建房地产发展新模式，更好满足群众住房需求。", "c1-s1"),
               ClauseText("c2", 2, "（二）", "加强对城市独特的历史文脉保护。", "c2-s1")]
    paragraphs = [ParagraphText("s1-p1", "《意见》要求加快构建房地产发展新模式，满足群众住房需求，这是今后一个时期的工作重点。", ("s1-p1-s1",)),
                  ParagraphText("s2-p1", "我们将会同有关部门加强统筹协调，压实各方责任，确保各项任务落到实处。", ("s2-p1-s1",)),
                  ParagraphText("s3-p1", "问：怎么办？", ("s3-p1-s1",))]
    assert align(paragraphs, clauses) == {"s1-p1": ((1, False),)}
    # Declared alignment comes first, matched or not.
    assert align(paragraphs, clauses, {"s2-p1": (2,)}) == {"s1-p1": ((1, False),), "s2-p1": ((2, True),)}


@pytest.mark.parametrize("edition", ["zh-hans", "zh-hant-hk"])
def test_each_clause_page_lists_the_paragraphs_that_explain_it(library, edition):
    eight = lxml_html.fromstring((library / edition / DOC / "clauses" / "8" / "index.html").read_bytes())
    items = eight.xpath('//ul[@class="explained-by"]/li')
    assert len(items) == 1
    link = items[0].xpath("a")[0]
    assert link.get("href") == "../../../explainer/sections/1/#s1-p1"
    assert "好房子" in link.text_content()
    if edition == "zh-hant-hk":
        assert "構建" in link.text_content()  # the edition's script
    eighteen = lxml_html.fromstring((library / edition / DOC / "clauses" / "18" / "index.html").read_bytes())
    assert eighteen.xpath('//ul[@class="explained-by"]/li/a/@href') == ["../../../explainer/sections/2/#s2-p1"]
    # A clause no paragraph explains has no such list.
    one = lxml_html.fromstring((library / edition / DOC / "clauses" / "1" / "index.html").read_bytes())
    assert not one.xpath('//ul[@class="explained-by"]')


def test_each_explaining_paragraph_links_its_clause(library):
    section = lxml_html.fromstring((library / "zh-hans" / "explainer" / "sections" / "1" / "index.html").read_bytes())
    notes = section.xpath('//p[@class="explains"]')
    assert len(notes) == 1
    assert notes[0].xpath("a/@href") == [f"../../../{DOC}/clauses/8/"]
    assert notes[0].text_content() == "解读：（八）系统推进“好房子”和完整社区建设"
    closing = lxml_html.fromstring((library / "zh-hans" / "explainer" / "sections" / "3" / "index.html").read_bytes())
    assert not closing.xpath('//p[@class="explains"]')  # explains nothing of the text


def test_questions_are_its_sections_printed_as_they_are(library):
    """An interpretation's type has its own rule (structure/types.py
    Question): each 问：…… line opens a section, its heading the line as
    printed (no number is added), the answers its paragraphs, the lead the
    preamble; the site names a question by its place (第二问)."""
    home = lxml_html.fromstring((library / "zh-hans" / "explainer" / "index.html").read_bytes())
    contents = [a.text_content() for a in home.xpath('//a[contains(@href, "sections/")]')]
    assert "问：在城市文化方面有什么安排？" in contents and not any("、问：" in c for c in contents)
    page = lxml_html.fromstring((library / "zh-hant" / "explainer" / "sections" / "2" / "index.html").read_bytes())
    assert page.xpath("//h1")[0].text_content() == "問：在城市文化方面有什麼安排？"
    assert page.xpath('//*[@id="s2-p1-s1"]/a/@aria-label')[0].startswith("第二問第1段第1句")
    preamble = home.xpath('//*[@id="preamble-p1-s1"]')
    assert preamble and "近日" in preamble[0].text_content()


def test_a_declared_paragraph_that_does_not_exist_is_refused_at_its_line(tmp_path, capsys):
    project = _project(tmp_path, '[[interpretation]]\nparagraph = "s9-p1"\nclauses = [3]\n')
    assert main(["--project", str(project), "build", "--site-dir", str(tmp_path / "site"), "--site-url", URL]) == 1
    err = capsys.readouterr().err.replace("\\", "/")
    assert "content/explainer/document.toml:" in err and "paragraph = 's9-p1', a paragraph this document does not " \
           "have" in err


def test_a_declared_alignment_links_what_the_wording_would_not(tmp_path):
    project = _project(tmp_path, '[[interpretation]]\nparagraph = "s3-p1"\nclauses = [23]\n')
    assert main(["--project", str(project), "build", "--site-dir", str(tmp_path / "site"), "--site-url", URL]) == 0
    page = lxml_html.fromstring((tmp_path / "site" / "zh-hant" / DOC / "clauses" / "23" / "index.html").read_bytes())
    assert page.xpath('//ul[@class="explained-by"]/li/a/@href') == ["../../../explainer/sections/3/#s3-p1"]

