"""着 and 著 between the editions: Taiwan writes 著 for 着 (著力, 隨著), which
OpenCC t2s reads back as 著; a traditional source writes 隨著 where the
official text has 随着. Sentences from real documents of the family
(the corpus collected in tests/corpus/ of the corpus branch: the source of
each is named)."""
import pytest

from policy_site.core.diagnostics import Diagnostics
from policy_site.document.audit import audit_edition
from policy_site.document.pipeline import load_edition
from policy_site.testing import write_document
from policy_site.zh.convert import (
    read_back_accepted,
    round_trip_mismatches,
    to_script,
    to_simplified,
    traditional_to_simplified,
)
from policy_site.zh.editions import HONG_KONG, TRADITIONAL, ZHE

# (simplified as officially published, Taiwan (s2tw), Hong Kong (s2hk)).
REAL = [
    # vocational-education-reform-2019 (国发〔2019〕4号)
    ("着力培养高素质劳动者和技术技能人才。", "著力培養高素質勞動者和技術技能人才。", "着力培養高素質勞動者和技術技能人才。"),
    ("随着我国进入新的发展阶段，产业升级和经济结构调整不断加快，",
     "隨著我國進入新的發展階段，產業升級和經濟結構調整不斷加快，",
     "隨着我國進入新的發展階段，產業升級和經濟結構調整不斷加快，"),
    ("我国职业教育还存在着体系建设不够完善、", "我國職業教育還存在著體系建設不夠完善、", "我國職業教育還存在着體系建設不夠完善、"),
    # labour-education-2020
    ("着重引导学生形成马克思主义劳动观，系统学习掌握必要的劳动技能。",
     "著重引導學生形成馬克思主義勞動觀，系統學習掌握必要的勞動技能。",
     "着重引導學生形成馬克思主義勞動觀，系統學習掌握必要的勞動技能。"),
    # arbitration-commissions-1995
    ("以后随着仲裁工作量的增加，人员可以适当增加。", "以後隨著仲裁工作量的增加，人員可以適當增加。",
     "以後隨着仲裁工作量的增加，人員可以適當增加。"),
    # high-skilled-talent-2022: a real 著, in every edition.
    ("对联合培养高技能人才成效显著的企业，各级政府按规定予以表扬和相应政策支持。",
     "對聯合培養高技能人才成效顯著的企業，各級政府按規定予以表揚和相應政策支持。",
     "對聯合培養高技能人才成效顯著的企業，各級政府按規定予以表揚和相應政策支持。"),
]
# Phrases of the family's documents: (simplified, Taiwan).
PHRASES = [("着眼长远", "著眼長遠"), ("朝着目标", "朝著目標"), ("接着", "接著"), ("意味着", "意味著"),
           ("着手", "著手"), ("土著", "土著"), ("显著", "顯著"), ("著名", "著名")]


@pytest.mark.parametrize("simplified,taiwan,hong_kong", REAL)
def test_each_region_writes_its_own_form_and_the_round_trip_accounts_for_it(simplified, taiwan, hong_kong):
    assert to_script(simplified, TRADITIONAL) == taiwan
    assert to_script(simplified, HONG_KONG) == hong_kong
    # t2s reads Taiwan's 著 back as 著: accepted, one place per 着, by the named rule.
    back = to_simplified(taiwan)
    assert read_back_accepted(simplified, taiwan, back, TRADITIONAL) == (
        {ZHE.name: simplified.count("着")} if "着" in simplified else {})
    assert not round_trip_mismatches([("n", simplified)], {"n": hong_kong}, HONG_KONG)
    # A traditional scrape of either region reads as the official simplified text.
    assert traditional_to_simplified(taiwan) == simplified
    assert traditional_to_simplified(hong_kong) == simplified


@pytest.mark.parametrize("simplified,taiwan", PHRASES)
def test_phrases_both_ways(simplified, taiwan):
    assert to_script(simplified, TRADITIONAL) == taiwan
    assert not round_trip_mismatches([("n", simplified)], {"n": taiwan}, TRADITIONAL)
    if simplified != "土著":  # tw2s reads 土著 as 土着: a document's simplified.toml corrects it
        assert traditional_to_simplified(taiwan) == simplified


def test_tw2s_gets_tuzhu_wrong():
    """Measured: why a traditional source needs reviewed corrections too."""
    assert traditional_to_simplified("保護土著文化") == "保护土着文化"


def test_the_rule_accepts_only_where_the_canonical_text_has_zhe():
    # 显著 stays 显著: a 著 where the canonical text has 著 is no 着.
    assert read_back_accepted("成效显著", "成效顯著", "成效显著", TRADITIONAL) == {}
    # The other way (着 read back where the text has 著) is refused.
    assert read_back_accepted("成效显著", "成效顯着", "成效显着", TRADITIONAL) is None
    # 著 read back where the canonical text has another character: refused.
    assert read_back_accepted("注力", "著力", "著力", TRADITIONAL) is None
    # A difference of another character: refused, though a 着/著 beside it is accepted.
    assert read_back_accepted("随着发展", "隨著發達", "随著发达", TRADITIONAL) is None
    # The Hong Kong edition declares no such rule: s2hk keeps 着.
    assert read_back_accepted("着力", "著力", "著力", HONG_KONG) is None
    mismatches = round_trip_mismatches([("a", "着力推动"), ("b", "着力推动")],
                                       {"a": "著力推動", "b": "注力推動"}, TRADITIONAL)
    assert [m[0] for m in mismatches] == ["b"]


TITLE = "国务院办公厅关于测试职业教育工作的通知"
DOCUMENT = f"""{TITLE}
各省、自治区、直辖市人民政府：
\u3000\u3000随着我国进入新的发展阶段，产业升级和经济结构调整不断加快。现通知如下。
一、总体要求
\u3000\u3000着力培养高素质劳动者和技术技能人才。
二、重点任务
（一）着重引导学生。着重引导学生形成马克思主义劳动观，系统学习掌握必要的劳动技能。
（二）予以表扬。对联合培养高技能人才成效显著的企业，各级政府按规定予以表扬和相应政策支持。
"""


def _edition(folder):
    diagnostics = Diagnostics()
    edition = load_edition(folder, diagnostics)
    assert edition is not None, [str(d) for d in diagnostics.items]
    return edition


def test_a_simplified_source_with_zhe_passes_the_audit(tmp_path):
    edition = _edition(write_document(tmp_path / "zhe", DOCUMENT, title=TITLE))
    taiwan, hong_kong = edition.layers[TRADITIONAL], edition.layers[HONG_KONG]
    assert "著力培養" in "".join(taiwan.values()) and "隨著我國" in "".join(taiwan.values())
    assert "着力培養" in "".join(hong_kong.values()) and "隨着我國" in "".join(hong_kong.values())
    diagnostics = Diagnostics()
    audit = audit_edition(edition, diagnostics)
    assert not diagnostics.errors, [str(d) for d in diagnostics.errors]
    # 随着, 着力, 着重 ×2: four places, Taiwan only; 显著 is no place of the rule.
    assert audit.read_back == ((TRADITIONAL, ZHE.name, 4),)
    assert "zh-Hant: 4 place(s) read back by rule 着/著" in audit.report()


def test_a_traditional_source_reads_as_the_official_text(tmp_path):
    source = to_script(DOCUMENT, TRADITIONAL)
    assert "隨著" in source and "顯著" in source
    edition = _edition(write_document(tmp_path / "zhe", source, title=TITLE, script="traditional"))
    texts = "".join(t for _, t in edition.document.texts())
    assert "随着我国" in texts and "着力培养" in texts and "着重引导" in texts
    assert "成效显著" in texts and "著" not in texts.replace("显著", "")
    diagnostics = Diagnostics()
    audit = audit_edition(edition, diagnostics)
    assert not diagnostics.errors, [str(d) for d in diagnostics.errors]
    assert {r.rule: r.count for r in audit.rows}["zhe"] == 4


def test_a_taiwan_fix_that_changes_a_character_is_still_refused(tmp_path):
    folder = write_document(tmp_path / "zhe", DOCUMENT, title=TITLE)
    (folder / "traditional.toml").write_text(
        '[[fix]]\nfind = "著力培養"\nreplace = "注力培養"\nreason = "a change of wording"\n', encoding="utf-8")
    diagnostics = Diagnostics()
    audit_edition(_edition(folder), diagnostics)
    messages = [str(d) for d in diagnostics.errors]
    assert any("traditional.toml:2:" in m and "changes the text" in m for m in messages), messages
    assert any("converts back (OpenCC t2s)" in m and "“着” lost" in m and "“注” added" in m
               for m in messages), messages


# --- simplified.toml: reviewed corrections to a traditional source's simplified text ---

TUZHU = DOCUMENT.replace("着力培养高素质劳动者和技术技能人才。", "着力培养高素质劳动者和技术技能人才，保护土著文化。")


def _fix(find: str, replace: str, reason: str = "reviewed") -> str:
    return f'[[fix]]\nfind = "{find}"\nreplace = "{replace}"\nreason = "{reason}"\n'


def test_a_reviewed_correction_restores_what_tw2s_gets_wrong(tmp_path):
    folder = write_document(tmp_path / "zhe", to_script(TUZHU, TRADITIONAL), title=TITLE, script="traditional")
    (folder / "simplified.toml").write_text(_fix("土着", "土著", "土著（本地原住的人）的“著”读 zhù，不是“着”"),
                                            encoding="utf-8")
    edition = _edition(folder)
    texts = "".join(t for _, t in edition.document.texts())
    assert "保护土著文化" in texts and "着力培养" in texts and "随着我国" in texts
    assert "保護土著文化" in "".join(edition.layers[TRADITIONAL].values())
    diagnostics = Diagnostics()
    audit = audit_edition(edition, diagnostics)
    assert not diagnostics.errors, [str(d) for d in diagnostics.errors]
    # 随着, 着力, 着重 ×2 by the rule; 土著 is the source's own character again.
    assert {r.rule: r.count for r in audit.rows}.get("zhe") == 4


def test_without_the_correction_tw2s_writes_tuzhu_with_zhe(tmp_path):
    folder = write_document(tmp_path / "zhe", to_script(TUZHU, TRADITIONAL), title=TITLE, script="traditional")
    texts = "".join(t for _, t in _edition(folder).document.texts())
    assert "保护土着文化" in texts


def test_a_correction_that_does_not_apply_is_refused_with_its_line(tmp_path):
    folder = write_document(tmp_path / "zhe", to_script(TUZHU, TRADITIONAL), title=TITLE, script="traditional")
    (folder / "simplified.toml").write_text(_fix("土着", "土著") + "\n" + _fix("卓着", "卓著"), encoding="utf-8")
    diagnostics = Diagnostics()
    assert load_edition(folder, diagnostics) is None
    messages = [str(d) for d in diagnostics.errors]
    assert len(messages) == 1 and "simplified.toml:7:" in messages[0] and "'卓着' applied 0 times" in messages[0]


def test_a_correction_to_a_simplified_source_never_applies(tmp_path):
    folder = write_document(tmp_path / "zhe", TUZHU, title=TITLE)
    (folder / "simplified.toml").write_text(_fix("着力", "著力"), encoding="utf-8")
    diagnostics = Diagnostics()
    assert load_edition(folder, diagnostics) is None
    assert any("simplified.toml:2:" in str(d) and "of a traditional source" in str(d) for d in diagnostics.errors)


def test_a_correction_that_changes_the_text_is_refused(tmp_path):
    folder = write_document(tmp_path / "zhe", to_script(TUZHU, TRADITIONAL), title=TITLE, script="traditional")
    (folder / "simplified.toml").write_text(_fix("着力", "注力") + "\n" + _fix("土着", "本土"), encoding="utf-8")
    diagnostics = Diagnostics()
    audit_edition(_edition(folder), diagnostics)
    messages = [str(d) for d in diagnostics.errors]
    assert any("simplified.toml:2:" in m and "writes “注” where the source has “著”" in m for m in messages), messages
    assert any("simplified.toml:7:" in m and "writes “本” where the source has “土”" in m for m in messages), messages


def test_a_correction_that_changes_the_length_is_refused(tmp_path):
    folder = write_document(tmp_path / "zhe", to_script(TUZHU, TRADITIONAL), title=TITLE, script="traditional")
    (folder / "simplified.toml").write_text(_fix("土着", "土著人"), encoding="utf-8")
    diagnostics = Diagnostics()
    audit_edition(_edition(folder), diagnostics)
    messages = [str(d) for d in diagnostics.errors]
    assert any("simplified.toml:2:" in m and "changes the length" in m for m in messages), messages


def test_the_audit_names_the_rule_of_each_changed_character():
    from policy_site.document.audit import _changes_by_rule
    by_rule, unexplained = _changes_by_rule("隨著發展，成效顯著", "随着发展，成效显著")
    assert by_rule == {"t2s": 3, "zhe": 1} and unexplained == []
    # 著 written 着 where tw2s keeps 著 (顯著): no rule; nor any other change t2s did not make.
    assert _changes_by_rule("成效顯著", "成效显着")[1] == [3]
    assert _changes_by_rule("隨著發展", "随注发展")[1] == [1]


def test_a_document_with_zhe_publishes_in_each_region_s_form(tmp_path, monkeypatch):
    """Through the real pipeline: a simplified source with 着 publishes (the
    audit used to refuse Taiwan's 著力), and so does a traditional one."""
    from policy_site.cli import main
    from policy_site.testing import make_project

    project = make_project(tmp_path / "project", {
        "zhe-simplified": {"text": DOCUMENT, "title": TITLE},
        "zhe-traditional": {"text": to_script(TUZHU, TRADITIONAL).replace("測試", "試點"),
                            "title": TITLE.replace("测试", "试点"), "script": "traditional"},
    })
    (project / "content" / "zhe-traditional" / "simplified.toml").write_text(_fix("土着", "土著"), encoding="utf-8")
    monkeypatch.chdir(project)
    site = tmp_path / "site"
    assert main(["--project", str(project), "build", "--site-dir", str(site)]) == 0

    def page(edition: str, slug: str, path: str) -> str:
        return (site / edition / slug / path / "index.html").read_text(encoding="utf-8")

    assert "著力培養" in page("zh-hant", "zhe-simplified", "sections/1")
    assert "着力培養" in page("zh-hant-hk", "zhe-simplified", "sections/1")
    assert "着力培养" in page("zh-hans", "zhe-simplified", "sections/1")
    assert "著重引導學生" in page("zh-hant", "zhe-simplified", "clauses/1")
    simplified = page("zh-hans", "zhe-traditional", "sections/1")
    assert "着力培养" in simplified and "保护土著文化" in simplified
    assert "随着我国" in page("zh-hans", "zhe-traditional", "")
    # The method page states what was done: the rule, its places, the correction and its reason.
    about = page("zh-hant", "zhe-simplified", "about")
    assert "轉換回簡體時按規則 着/著 接受 4 處差異" in about and "著力、著眼、隨著、意味著" in about
    about = page("zh-hans", "zhe-traditional", "about")
    assert "另有 4 个“著”按 OpenCC <code>tw2s</code> 的词组表改为“着”" in about
    assert "<td>土着</td>" in about and "<td>土著</td>" in about
