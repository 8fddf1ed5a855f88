"""Sources in the forms editors have (document/sources/) and `policy-site add`
(document/draft.py), against the real corpus in tests/corpus/ and small
constructed pages."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from policy_site.cli import main
from policy_site.core.diagnostics import Diagnostics
from policy_site.document.draft import add_document
from policy_site.document.sources import detect_form, extract, read_extracted
from policy_site.document.sources.text import join_wrapped, wrapped_lines
from policy_site.testing import make_project

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SLUGS = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
HAN = re.compile("[\u4e00-\u9fff]")


def _source(slug: str) -> Path:
    return next((CORPUS / slug).glob("source.*"))


def _expected(slug: str) -> dict:
    return tomllib.loads((CORPUS / slug / "expected.toml").read_text(encoding="utf-8"))


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _body(lines, expected) -> str:
    """The extracted text from the title's first line to the end, declared furniture lines removed."""
    title = _compact(expected["title"])
    start = next(i for i, line in enumerate(lines) if _compact(line) and title.startswith(_compact(line)[:6]))
    furniture = {_compact(f) for f in expected.get("furniture", [])}
    return "\n".join(line for line in lines[start:] if _compact(line) not in furniture)


@pytest.mark.parametrize("slug", SLUGS)
def test_form_is_detected_from_content(slug):
    form = tomllib.loads((CORPUS / slug / "provenance.toml").read_text(encoding="utf-8"))["form"]
    detected = detect_form(_source(slug).read_text(encoding="utf-8"), ".txt")  # the extension withheld
    assert {"xhtml": "html"}.get(detected, detected) == form


@pytest.mark.parametrize("slug", [s for s in SLUGS if _source(s).suffix in (".html", ".md")])
def test_extracted_body_has_the_oracle_characters(slug):
    extracted = read_extracted(_source(slug), Diagnostics())
    assert extracted is not None
    body = _body(extracted.lines, _expected(slug))
    difference = len(HAN.findall(body)) - _expected(slug)["characters"]
    assert difference == 0
    text = extracted.text
    for markup in ("function(", "{", "<", "var ", "jQuery", "document.write", "INFO END"):
        assert markup not in text, markup
    assert dict(extracted.rules).get("unlocated text node", 0) == 0


@pytest.mark.parametrize("slug", [s for s in SLUGS if _source(s).suffix == ".html"])
def test_every_source_character_is_text_or_dropped_with_a_reason(slug):
    extracted = read_extracted(_source(slug), Diagnostics())
    assert extracted.unaccounted() == []
    account = extracted.account()
    assert sum(account.values()) == len(extracted.source) and "unaccounted" not in account
    assert account["script"] if "<script" in extracted.source else True
    assert extracted.text_dropped_as_markup() == []  # markup spans hold tags, attributes and comments only
    source = extracted.source
    for line, row in zip(extracted.lines, extracted.offsets):  # each character came from its offset
        for ch, offset in zip(line, row):
            assert ch == " " or source[offset] == ch or source[offset] == "&"
    # navigation and the metadata table are not text
    assert "扫一扫在手机打开当前页" not in extracted.text
    assert "索 引 号" not in extracted.text


@pytest.mark.parametrize("slug", SLUGS)
def test_add_drafts_what_the_oracle_reads(slug, tmp_path):
    project = make_project(tmp_path, {})
    expected = _expected(slug)
    diagnostics = Diagnostics()
    folder = add_document(project, slug, _source(slug), expected["title"], diagnostics)
    assert folder is not None, [str(d) for d in diagnostics.items]
    assert (folder / "sources" / _source(slug).name).read_bytes() == _source(slug).read_bytes()
    draft = tomllib.loads((folder / "document.toml").read_text(encoding="utf-8"))
    assert draft["title"] == expected["title"]
    assert draft.get("type") == expected["type"]
    if expected.get("number"):
        assert draft.get("number") == expected["number"]
    printed = slug not in ("wage-working-days-2008", "arbitration-commissions-1995")  # issuers not printed
    if printed:
        assert draft.get("issuers") == expected["issuers"]
    if expected.get("issued"):
        assert str(draft.get("issued")) == str(expected["issued"])
    assert draft["full_text"].get("wrapped", False) == (_source(slug).suffix == ".txt")  # the two PDF texts
    extracted = read_extracted(_source(slug), Diagnostics(), wrapped=draft["full_text"].get("wrapped", False))
    for entry in draft["full_text"].get("furniture", []):  # each drafted pattern is a whole line of the text
        assert any(re.fullmatch(entry["pattern"], line.strip()) for line in extracted.lines), entry
    drafted = {line.strip() for line in extracted.lines
               if any(re.fullmatch(e["pattern"], line.strip()) for e in draft["full_text"].get("furniture", []))}
    assert drafted <= {f.strip() for f in expected.get("furniture", [])}  # never a line of the document
    assert all(d.severity.value == "warning" for d in diagnostics.items)


def test_add_refuses_bad_slug_existing_slug_and_unreadable_source(tmp_path, capsys):
    project = make_project(tmp_path / "p", {})
    source = _source("wage-working-days-2008")
    assert main(["--project", str(project), "add", "Bad_Slug", str(source), "--title", "x"]) == 1
    assert "slug 'Bad_Slug'" in capsys.readouterr().err
    (project / "content" / "taken").mkdir()
    assert main(["--project", str(project), "add", "taken", str(source), "--title", "x"]) == 1
    assert "already exists" in capsys.readouterr().err
    bad = tmp_path / "gbk.txt"
    bad.write_bytes("关于".encode("gb18030"))
    assert main(["--project", str(project), "add", "new-one", str(bad), "--title", "x"]) == 1
    assert "not UTF-8" in capsys.readouterr().err
    assert not (project / "content" / "new-one").exists()


def test_nested_spans_entities_and_breaks(tmp_path):
    page = ("<!DOCTYPE html><html><head><title>站点</title><style>p{color:red}</style></head><body>"
            "<div class='nav'>首页 &gt; 政策</div>\n<div class='article'>"
            "<p><span>国务院</span><span><b>关于</b>试点</span>的<span>意见</span></p>"
            "<p>一、总体&nbsp;要求<br>（一）指导思想。</p>\n<p>第二段。</p><p>第三段。</p>"
            "<script>var a = '国务院';</script></div></body></html>")
    extracted = extract(page, "page.html")
    assert extracted.form == "html"
    assert extracted.lines == ("国务院关于试点的意见", "一、总体 要求", "（一）指导思想。", "第二段。", "第三段。")
    assert "首页" not in extracted.text and "color" not in extracted.text
    nbsp = extracted.offsets[1][4]
    assert page[nbsp:nbsp + 6] == "&nbsp;"
    assert extracted.shown == "page.html (HTML)"


REACT_PAGE = """import React from 'react';
import { Layout, Paragraph } from '@/components';
import styles from './policy.module.css';

// The page's data: not the document's text (it's code).
const crumbs = ['首页', '政策文件'];

export default function PolicyPage({ share }: { share: boolean }) {
  const count = crumbs.length < 3 ? 1 : 2;
  return (
    <Layout title="政策文件" crumbs={crumbs}>
      <article className={styles.article} style={{ textIndent: '2em' }}>
        <h1>国务院办公厅关于测试组件页面的意见</h1>
        <p className="number">国办发〔2024〕9号</p>
        {/* 正文 */}
        <Paragraph>各省、自治区、直辖市人民政府：</Paragraph>
        <Paragraph>为做好测试工作，现提出如下意见。</Paragraph>
        <h2>一、总体要求</h2>
        <Paragraph>
          <strong>（一）工作目标。</strong>到2025年，基本建成测试体系。
        </Paragraph>
        <Paragraph>{"（二）"}基本原则。坚持<Link href="/x">依法</Link>推进。</Paragraph>
        {share && <ShareBar items={['微信', '微博']} />}
      </article>
    </Layout>
  );
}
"""

VUE_PAGE = """<template>
  <div class="policy">
    <h1>国务院办公厅关于测试组件页面的意见</h1>
    <el-card shadow="never">
      <p>一、总体要求</p>
      <p>（一）工作目标。到2025年，基本建成测试体系。</p>
    </el-card>
  </div>
</template>

<script setup>
import { ref } from 'vue'
const title = ref('不是正文')
</script>
"""


def test_a_react_page_is_read_as_markup_with_code_dropped(tmp_path):
    source = tmp_path / "Page.tsx"
    source.write_text(REACT_PAGE, encoding="utf-8")
    diagnostics = Diagnostics()
    extracted = read_extracted(source, diagnostics)
    assert extracted is not None and not diagnostics.errors, [str(d) for d in diagnostics.errors]
    assert extracted.form == "jsx" and extracted.shown.endswith("(JSX)")
    assert extracted.lines == ("国务院办公厅关于测试组件页面的意见", "国办发〔2024〕9号", "各省、自治区、直辖市人民政府：",
                               "为做好测试工作，现提出如下意见。", "一、总体要求", "（一）工作目标。到2025年，基本建成测试体系。",
                               "（二）基本原则。坚持依法推进。")
    # Each character at its own offset in the program source; the program is dropped as code.
    for line, row in zip(extracted.lines, extracted.offsets):
        assert all(REACT_PAGE[offset] == ch for ch, offset in zip(line, row) if ch != " ")
    assert extracted.unaccounted() == []
    assert extracted.account()["code"] > 400
    assert "首页" not in extracted.text and "微信" not in extracted.text and "正文" not in extracted.text


def test_a_vue_component_is_read_as_markup(tmp_path):
    source = tmp_path / "Policy.vue"
    source.write_text(VUE_PAGE, encoding="utf-8")
    extracted = read_extracted(source, Diagnostics())
    assert extracted is not None and extracted.form == "jsx"
    assert extracted.lines == ("国务院办公厅关于测试组件页面的意见", "一、总体要求", "（一）工作目标。到2025年，基本建成测试体系。")


def test_a_react_page_publishes_through_add_and_build(tmp_path):
    source = tmp_path / "Page.tsx"
    source.write_text(REACT_PAGE, encoding="utf-8")
    project = make_project(tmp_path / "project", {})
    title = "国务院办公厅关于测试组件页面的意见"
    assert main(["--project", str(project), "add", "page", str(source), "--title", title]) == 0
    assert main(["--project", str(project), "build", "--site-dir", str(tmp_path / "site")]) == 0
    clause = (tmp_path / "site" / "zh-hans" / "page" / "clauses" / "2" / "index.html").read_text(encoding="utf-8")
    assert "基本原则" in clause and "依法</span>" not in clause


def test_template_code_left_in_a_component_is_refused_at_its_line(tmp_path):
    source = tmp_path / "Policy.vue"
    source.write_text(VUE_PAGE.replace("基本建成测试体系。", "{{ goal }}。"), encoding="utf-8")
    diagnostics = Diagnostics()
    assert read_extracted(source, diagnostics) is None
    assert str(diagnostics.errors[0]).startswith(f"{source} (JSX):6:25: template markup '{{{{ goal }}}}'")


def test_a_line_of_the_text_points_to_its_source_line():
    page = "<html><body>\n<div>\n<p>甲段。</p>\n\n<p>乙\n段。</p>\n</div>\n</body></html>"
    extracted = extract(page, "page.html")
    assert extracted.lines == ("甲段。", "乙 段。")
    assert extracted.source_line(1) == 3
    assert extracted.source_position(2, 3) == (6, 1)  # 段 is at the start of source line 6


def test_markdown_keeps_list_numbers_and_drops_markup():
    source = "# **标题**\n\n首页 > [政策](/a) > [文件](/b)\n\n## 三\n\n1. 第一项，见[附件](x)。\n2. 第二项。\n\n![图](p.png)\n"
    extracted = extract(source, "a.md")
    assert extracted.form == "markdown"
    assert extracted.lines == ("标题", "三", "1. 第一项，见附件。", "2. 第二项。")


def test_pdf_text_joins_wrapped_lines_by_the_declared_rule():
    source = (CORPUS / "medical-fund-supervision-2023" / "source.txt").read_text(encoding="utf-8")
    lines = source.split("\n")
    assert len(wrapped_lines(lines)) >= 3
    joined = join_wrapped(extract(source, "a.txt"))
    assert len(joined.lines) < len(lines)
    assert len(HAN.findall(joined.text)) == len(HAN.findall(source))  # nothing lost or added
    assert dict(joined.rules)["wrapped line joined"] == len(wrapped_lines(lines))


def _page(lines: list[str]) -> str:
    """A saved page: head, script, navigation, then each line in a <p> with a nested <span>."""
    body = "\n".join(f"  <p><span>{line[:2]}</span>{line[2:]}</p>" for line in lines)
    return ("<!DOCTYPE html>\n<html>\n<head><title>站点</title>\n<script>var x = '序言';</script></head>\n<body>\n"
            "<div class='nav'>首页 &gt; 政策</div>\n<div class='article'>\n" + body + "\n</div>\n</body>\n</html>\n")


def test_an_html_document_goes_through_the_text_stages_and_the_audit(tmp_path):
    from policy_site.document.audit import audit_full_text
    from policy_site.document.pipeline import load_edition
    from policy_site.testing import VALID, write_document

    make_project(tmp_path, {})
    lines = VALID.strip("\n").split("\n")
    folder = tmp_path / "content" / "page"
    write_document(folder, _page(lines), full_text='form = "html"')
    diagnostics = Diagnostics()
    edition = load_edition(folder, diagnostics)
    assert edition is not None, [str(d) for d in diagnostics.items]
    assert [s.heading for s in edition.document.sections] == ["一、总体要求", "二、第二部分", "三、第三部分"]
    audited = audit_full_text(edition, diagnostics)
    assert not diagnostics.errors
    account = dict(audited.extraction)
    assert account["script"] == len("var x = '序言';") and account["navigation"] == len("首页 &gt; 政策")
    assert sum(account.values()) == len(_page(lines))


def test_a_diagnostic_about_a_page_points_to_the_source_line(tmp_path):
    from policy_site.document.pipeline import load_edition
    from policy_site.testing import VALID, write_document

    make_project(tmp_path, {})
    lines = VALID.strip("\n").split("\n")
    lines.insert(7, "这是没有句号的段落")
    source = _page(lines)
    folder = tmp_path / "content" / "page"
    write_document(folder, source)  # the form is detected, whatever the file's name
    diagnostics = Diagnostics()
    assert load_edition(folder, diagnostics) is None
    message = next(str(d) for d in diagnostics.errors if "这是没有句号的段落" in str(d))
    line = source.split("\n").index("  <p><span>这是</span>没有句号的段落</p>") + 1
    assert f"full.txt (HTML):{line}: " in message


def test_the_drafted_folder_of_a_page_loads_as_it_is(tmp_path):
    from policy_site.document.pipeline import load_edition
    from policy_site.testing import VALID

    project = make_project(tmp_path / "p", {})
    source = tmp_path / "page.html"
    source.write_text(_page(VALID.strip("\n").split("\n")), encoding="utf-8")
    diagnostics = Diagnostics()
    folder = add_document(project, "page", source, "中共中央 国务院关于测试城市工作的意见", diagnostics)
    assert folder is not None and not diagnostics.errors
    draft = tomllib.loads((folder / "document.toml").read_text(encoding="utf-8"))
    assert draft["issuers"] == ["中共中央", "国务院"] and draft["type"] == "意见"
    assert draft["full_text"]["form"] == "html" and draft["full_text"]["script"] == "simplified"
    # each finding is a warning at the page's own line
    assert any(str(d).startswith(f"{source.name} (HTML):") or "(HTML):" in str(d) for d in diagnostics.items)
    loaded = Diagnostics()
    assert load_edition(folder, loaded) is not None, [str(d) for d in loaded.items]
    assert not loaded.errors


def test_template_markup_in_a_page_is_refused_at_its_line(tmp_path):
    source = tmp_path / "page.html"
    source.write_text("<!DOCTYPE html>\n<html><body>\n<div><p>第一段。</p>\n<p>{{ article.title }}</p>\n"
                      "<p>第二段。</p><p>第三段。</p></div></body></html>\n", encoding="utf-8")
    diagnostics = Diagnostics()
    assert read_extracted(source, diagnostics) is None
    assert "page.html (HTML):4:4: template markup '{{ article.title }}'" in str(diagnostics.errors[0])


def test_an_unknown_form_is_an_error_at_its_line(tmp_path):
    from policy_site.document.config import load_document
    from policy_site.testing import write_document

    folder = write_document(tmp_path / "doc", full_text='form = "pdf"')
    diagnostics = Diagnostics()
    assert load_document(folder, diagnostics) is None
    message = str(diagnostics.errors[0])
    assert 'form = "pdf"' in message and "html or markdown or text" in message


def test_a_pdf_text_gets_the_joining_rule_proposed_and_joined_when_declared(tmp_path):
    from policy_site.document.pipeline import load_edition
    from policy_site.testing import VALID, write_document

    broken = ("序言第一句说明了城市工作的总体要求和主要任务，并且在页面的宽度处被断开",
              "成为两行，第二行接着第一行继续写下去，直到这一句话在这里结束。序言第二句也",
              "一样被断开了，它从上一行接下来，在这一行的中间结束，然后是下一句话的开头部分",
              "直到结束。")
    text = VALID.replace("序言第一句。序言第二句。\n", "\n".join(broken) + "\n")
    make_project(tmp_path, {})
    plain = write_document(tmp_path / "content" / "plain", text)
    diagnostics = Diagnostics()
    load_edition(plain, diagnostics)
    proposal = [str(d) for d in diagnostics.items if "wrapped = true" in str(d)]
    assert len(proposal) == 1 and "full.txt:5: warning: 3 lines" in proposal[0]  # the headline stays
    joined = write_document(tmp_path / "content" / "joined", text, full_text="wrapped = true")
    diagnostics = Diagnostics()
    edition = load_edition(joined, diagnostics)
    assert edition is not None, [str(d) for d in diagnostics.items]
    preamble = "".join(p.text for p in edition.document.preamble)
    assert preamble == "".join(broken)  # joined without a character added or lost
