"""Structure and damage variants of the document family, each a constructed
document that must parse, and build into a working site."""
from pathlib import Path

from policy_site.cli import main
from policy_site.core.diagnostics import Diagnostics
from policy_site.document.pipeline import load_edition
from policy_site.testing import make_project, write_document

TITLE = "国务院办公厅关于测试城市工作的通知"

VARIANT = f"""新华社北京6月24日电{TITLE}
发改规划〔2019〕328号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
\u3000\u3000为做好测试工作，现通知如下。

一、总体要求

\u3000\u3000总体要求的段落。

\u3000\u3000第二个段落。
二、重点任务
\u3000\u3000本部分说明。
三、具体措施
（一）指导思想。
\u3000\u3000坚持测试先行。做好衔接。
（二）完善机制。建立健全工作机制。
四、组织实施
\u3000\u3000各地区要抓好落实。
"""


def _load(folder: Path):
    diagnostics = Diagnostics()
    edition = load_edition(folder, diagnostics)
    assert edition is not None, "\n".join(map(str, diagnostics.items))
    return edition


def test_structure_variants_parse(tmp_path):
    doc = _load(write_document(tmp_path / "variant", VARIANT, title=TITLE)).document
    assert doc.title == TITLE and doc.issuer == "国务院办公厅"
    assert doc.date is None and doc.document_number == "发改规划〔2019〕328号"
    assert doc.addressee == "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："
    assert [m.kind for m in doc.metadata] == ["dateline"] and doc.metadata[0].text == "新华社北京6月24日电"
    assert doc.preamble[0].text == "为做好测试工作，现通知如下。"
    assert [len(s.paragraphs) for s in doc.sections] == [2, 1, 0, 1]
    assert [len(s.clauses) for s in doc.sections] == [0, 0, 2, 0]
    first = doc.clause(1)
    # Title sentence on its own line, the body on the next: one clause, two paragraphs.
    assert first.title == "指导思想" and len(first.paragraphs) == 2
    assert [s.id for s in first.sentences] == ["c1-s1", "c1-s2", "c1-s3"]
    assert first.paragraphs[1].source.line == 15


def test_damage_in_a_simplified_source(tmp_path):
    text = VARIANT.replace("总体要求的段落。", "总(zǒng)体(ti) 要求的段(duàn )落。")
    doc = _load(write_document(tmp_path / "damaged", text, title=TITLE)).document
    assert doc.sections[0].paragraphs[0].text == "总体要求的段落。"


def test_toneless_readings_before_punctuation(tmp_path):
    text = VARIANT.replace("第二个段落。", "第二个段落有意義(yi) 。")
    doc = _load(write_document(tmp_path / "damaged", text, script="traditional", title=TITLE)).document
    assert doc.sections[0].paragraphs[1].text == "第二个段落有意义。"


def test_variant_document_builds_a_working_site(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project", {
        "a-first": {"text": VARIANT.replace("测试", "试点"), "title": TITLE.replace("测试", "试点")},
        "b-variant": {"text": VARIANT, "title": TITLE},
    })
    monkeypatch.chdir(project)
    site = tmp_path / "site"
    assert main(["--project", str(project), "build", "b-variant", "--site-dir", str(site)]) == 0
    clause = (site / "zh-hant" / "b-variant" / "clauses" / "1" / "index.html").read_text(encoding="utf-8")
    assert 'id="c1-s3"' in clause and "指導思想" in clause
    hk = (site / "zh-hant-hk" / "b-variant" / "clauses" / "1" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hant-HK"' in hk and 'id="c1-s3"' in hk and "指導思想" in hk
    assert (site / "zh-hans" / "b-variant" / "sections" / "4" / "index.html").exists()
    assert not (site / "zh-hans" / "b-variant" / "summary").exists()  # no summary: no summary page


def test_build_all_skips_a_broken_document_and_builds_the_others(tmp_path, monkeypatch, capsys):
    broken = VARIANT.replace("（二）完善机制", "（四）完善机制").replace("本部分说明。", "本部分?说明。")
    project = make_project(tmp_path / "project", {
        "a-first": {"text": VARIANT, "title": TITLE},
        "b-broken": {"text": broken.replace("测试", "试点"), "title": TITLE.replace("测试", "试点")},
        "c-third": {"text": VARIANT.replace("测试", "示范"), "title": TITLE.replace("测试", "示范")},
    })
    monkeypatch.chdir(project)
    site = tmp_path / "site"
    assert main(["--project", str(project), "build", "--all", "--site-dir", str(site)]) == 1
    err = capsys.readouterr().err
    assert "b-broken/sources/full.txt:12:" in err and "b-broken/sources/full.txt:16:" in err
    assert "b-broken: 2 error(s): never built, so not published." in err
    assert (site / "zh-hans" / "a-first" / "clauses" / "1" / "index.html").exists()
    assert (site / "zh-hant" / "c-third" / "clauses" / "2" / "index.html").exists()
    assert not (site / "zh-hans" / "b-broken").exists()


# --- editions: the Hong Kong edition's own corrections -----------------------------

HK_TEXT = VARIANT.replace("坚持测试先行。", "坚持测试先行，推动城市群和公共卫生协同。更加注重实效。")


def test_the_hong_kong_edition_has_its_own_forms_and_corrections(tmp_path):
    folder = write_document(tmp_path / "hk", HK_TEXT, title=TITLE)
    fix = '[[fix]]\nfind = "更加註重"\nreplace = "更加注重"\nreason = "加注→加註 fires inside 更加注重"\n'
    (folder / "traditional-hk.toml").write_text(fix, encoding="utf-8")
    edition = _load(folder)
    hk, tw = edition.layers["zh-Hant-HK"]["c1-s2"], edition.layers["zh-Hant"]["c1-s2"]
    assert "城市羣" in hk and "公共衞生" in hk and "城市群" in tw and "公共衛生" in tw
    # Corrected in the Hong Kong edition only: Taiwan's has no traditional.toml here.
    assert edition.layers["zh-Hant-HK"]["c1-s3"] == "更加注重實效。"
    assert edition.layers["zh-Hant"]["c1-s3"] == "更加註重實效。"
    from policy_site.document.audit import audit_edition
    diagnostics = Diagnostics()
    audit = audit_edition(edition, diagnostics)  # 衞 reads back with hk2s, not t2s
    assert not diagnostics.errors, [str(d) for d in diagnostics.errors]
    assert audit.nodes_round_tripped == len(list(edition.document.texts()))


def test_a_hong_kong_correction_is_checked_on_its_own(tmp_path):
    folder = write_document(tmp_path / "hk", HK_TEXT, title=TITLE)
    (folder / "traditional-hk.toml").write_text(
        '[[fix]]\nfind = "城市羣"\nreplace = "城鄉羣"\nreason = "a change of wording, not of script"\n\n'
        '[[fix]]\nfind = "從未出現"\nreplace = "从未出现"\nreason = "never in the text"\n', encoding="utf-8")
    diagnostics = Diagnostics()
    assert load_edition(folder, diagnostics) is None
    messages = [str(d) for d in diagnostics.errors]
    assert any("traditional-hk.toml:7:" in m and "zh-Hant-HK correction '從未出現' applied 0 times" in m
               for m in messages), messages
    # Without the fix that never applies, the audit refuses the one that changes the words.
    (folder / "traditional-hk.toml").write_text(
        '[[fix]]\nfind = "城市羣"\nreplace = "城鄉羣"\nreason = "a change of wording, not of script"\n', encoding="utf-8")
    from policy_site.document.audit import audit_edition
    diagnostics = Diagnostics()
    audit_edition(_load(folder), diagnostics)
    messages = [str(d) for d in diagnostics.errors]
    assert any("traditional-hk.toml:2:" in m and "zh-Hant-HK fix" in m and "changes the text" in m for m in messages), messages
    assert any("zh-Hant-HK text of c1-s2 converts back (OpenCC hk2s)" in m for m in messages), messages
