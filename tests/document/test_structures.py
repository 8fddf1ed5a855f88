"""The family's real structures, read by the rules of document/structure:
small constructed texts for each, and a real corpus text against its
hand-read outline (tests/corpus/<slug>/expected.toml)."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from policy_site.core.diagnostics import Diagnostics
from policy_site.document.parse import TextLine, parse_document
from policy_site.document.structure.markers import CLAUSE, ITEM, SECTION, marker_of
from policy_site.document.structure.types import family_rules

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TITLE = "国务院办公厅关于测试结构的意见"


def _parse(*body: str, title: str = TITLE):
    lines = [TextLine(n, text) for n, text in enumerate((title, *body), 1)]
    diagnostics = Diagnostics()
    result = parse_document(lines, slug="t", title=title, source_file="t.txt", diagnostics=diagnostics)
    return result, [str(d) for d in diagnostics.errors]


def test_markers_read_each_family():
    assert SECTION.match("十二、总体要求").value == 12
    found = marker_of("（二十三）加强领导。")
    assert found.family is CLAUSE and found.value == 23 and found.printed == "（二十三）"
    assert ITEM.match("3．完善机制。").value == 3 and ITEM.match("3．完善机制。").rest == "完善机制。"
    assert marker_of("②加强").value == 2 and marker_of("（12）加强").value == 12


def test_registry_order_and_names():
    rules = family_rules()
    assert rules.names()[0] == "blank" and rules.names()[-1] == "paragraph"
    rules.deregister("clause")
    assert "clause" not in rules


def test_section_heading_with_punctuation_is_read_by_its_number():
    result, errors = _parse("一、总体要求", "总体要求的正文。", "二、坚持问题导向，推进“放管服”改革", "正文。")
    assert not errors, errors
    assert [s.title for s in result.document.sections] == ["总体要求", "坚持问题导向，推进“放管服”改革"]


def test_sentence_starting_with_a_section_number_inside_text_stays_text():
    result, errors = _parse("一、总体要求", "（一）第一条。", "三、是指这样的情形，应当如此。", "二、第二部分", "正文。")
    assert not errors, errors
    doc = result.document
    assert [s.numeral for s in doc.sections] == ["一", "二"]
    assert doc.clause(1).paragraphs[1].text == "三、是指这样的情形，应当如此。"


def test_unreadable_heading_says_what_it_looks_like():
    _, errors = _parse("一、总体要求", "（一）条。正文。", "二、第二部分。这里有句子。", "正文。")
    assert any("cannot be parsed" in e and "full stop" in e and "rule `section`" in e for e in errors), errors


def test_heading_only_clause_with_its_text_below():
    result, errors = _parse("一、总体要求", "（一）指导思想", "以……为指导。", "（二）工作原则",
                            "——坚持问题导向。", "——坚持系统观念。")
    assert not errors, errors
    second = result.document.clause(2)
    assert second.title == "工作原则" and len(second.paragraphs) == 3
    assert [s.id for s in second.sentences] == ["c2-s1", "c2-s2", "c2-s3"]


def test_clause_numbering_restarting_per_section_keeps_ids_unique():
    result, errors = _parse("一、总体要求", "（一）甲。正文。", "（二）乙。正文。", "二、主要任务",
                            "（一）丙。正文。", "（二）丁。正文。")
    assert not errors, errors
    clauses = result.document.clauses
    assert [c.id for c in clauses] == ["c1", "c2", "c3", "c4"]
    assert [c.label for c in clauses] == ["（一）", "（二）", "（一）", "（二）"]
    assert [c.citation_label for c in clauses] == ["一（一）", "一（二）", "二（一）", "二（二）"]


def test_clause_numbering_through_the_document_keeps_plain_labels():
    result, errors = _parse("一、总体要求", "（一）甲。", "二、主要任务", "（二）乙。")
    assert not errors, errors
    assert [c.citation_label for c in result.document.clauses] == ["（一）", "（二）"]


def test_a_repeated_clause_inside_a_section_is_still_an_error():
    _, errors = _parse("一、总体要求", "（一）甲。", "（二）乙。", "（二）丙。")
    assert any("a second time" in e for e in errors), errors


def test_a_notice_of_numbered_paragraphs_reads_each_as_a_section():
    result, errors = _parse("一、提高认识，加强领导。各地要高度重视。", "二、2000年3月17日发布的通知同时废止。",
                            "三、本通知自发布之日起施行。")
    assert not errors, errors
    sections = result.document.sections
    assert [(s.heading, [p.text for p in s.paragraphs]) for s in sections] == [
        ("一、提高认识，加强领导。", ["各地要高度重视。"]), ("二、", ["2000年3月17日发布的通知同时废止。"]),
        ("三、", ["本通知自发布之日起施行。"])]


def test_a_section_number_that_lost_its_mark_says_what_to_repair():
    _, errors = _parse("一、总体要求", "正文。", "## 二", "2000年3月17日发布的通知同时废止。")
    assert errors == ["t.txt:4: a section number “二” alone on its line, without 、; expected section 二、 with its "
                      "title or its text on the same line; the scrape lost the 、: compare with the published text "
                      "and declare a repair (repairs.toml) that restores “二、” and joins the line with its text"]


def test_numbered_items_stay_paragraphs_of_their_clause():
    result, errors = _parse("一、总体要求", "（一）主要任务", "1.完善机制。", "2．加强监督。", "（1）其一。", "①其二。")
    assert not errors, errors
    assert [p.text[:2] for p in result.document.clause(1).paragraphs[1:]] == ["1.", "2．", "（1", "①其"]


def test_numbered_items_nest_and_number_through_their_parent():
    result, errors = _parse("一、总体要求", "（一）主要任务", "1.监督组", "负责监督。", "（1）其一。", "（2）其二。",
                            "2、专家组。负责咨询。", "（1）其三。", "（二）第二条。正文。", "1.另一项。")
    assert not errors, errors
    first, second = result.document.clauses
    assert [(p.id, p.kind.value, p.item, first.item_label(p) if p.item else "") for p in first.paragraphs] == [
        ("c1-p1", "text", "", ""), ("c1-p2", "item", "c1-i1", "（一）1."), ("c1-p3", "text", "", ""),
        ("c1-p4", "item", "c1-i1-i1", "（一）1.（1）"), ("c1-p5", "item", "c1-i1-i2", "（一）1.（2）"),
        ("c1-p6", "item", "c1-i2", "（一）2、"), ("c1-p7", "item", "c1-i2-i1", "（一）2、（1）")]
    # Sentence ids go on through the clause's paragraphs as before: items add ids, never move one.
    assert [s.id for s in first.paragraphs[1].sentences] == ["c1-s2"]
    assert [(p.item, second.item_label(p)) for p in second.items] == [("c2-i1", "（二）1.")]


def test_a_number_that_begins_a_sentence_is_not_an_item():
    result, errors = _parse("一、总体要求", "（一）投入。正文。", "1.5亿元用于试点。", "3.5%以上的增长。")
    assert not errors, errors
    assert result.document.clause(1).items == ()


def test_an_item_out_of_sequence_is_published_as_printed_with_a_warning():
    lines = [TextLine(n, text) for n, text in enumerate((TITLE, "一、总体要求", "（一）任务。正文。", "1.甲。", "3.丙。"), 1)]
    diagnostics = Diagnostics()
    result = parse_document(lines, slug="t", title=TITLE, source_file="t.txt", diagnostics=diagnostics)
    assert not diagnostics.errors
    assert [str(w) for w in diagnostics.warnings] == [
        "t.txt:5: warning: item 3. where 2. comes next in c1; expected items numbered 1, 2, 3 … through their "
        "parent; compare with the published text: an item may be missing. Published as printed, with id c1-i2"]
    assert [p.item for p in result.document.clause(1).items] == ["c1-i1", "c1-i2"]


def test_bullets_and_responsibility_notes_stay_text_of_their_clause():
    result, errors = _parse("一、总体要求", "（一）基本原则", "——坚持需求引领。围绕公众需要。",
                            "——坚持创新发展。", "（二）任务。加强监测。（国家卫生健康委负责）")
    assert not errors, errors
    principles, task = result.document.clauses
    assert [p.kind.value for p in principles.paragraphs] == ["text", "bullet", "bullet"]
    assert principles.items == ()
    assert [(s.text, s.note) for s in task.sentences] == [("任务。", False), ("加强监测。", False),
                                                         ("（国家卫生健康委负责）", True)]


def test_only_a_closing_bracket_naming_who_is_responsible_is_a_note():
    result, errors = _parse("一、总体要求", "（一）任务。加强监测。（国家发展改革委牵头，各有关部门按职责分工负责）",
                            "（二）简称。制定本方案。（以下简称《方案》）", "（三）负责。（财政部负责）")
    assert not errors, errors
    notes = [[s.note for s in c.sentences] for c in result.document.clauses]
    # The title sentence of （三） is never a note, and the bracket of （二） names no one.
    assert notes == [[False, False, True], [False, False, False], [False, True]]


def test_a_list_of_attachments_after_the_text_is_end_matter():
    result, errors = _parse("一、总体要求", "（一）任务。正文。", "附件：1.重点任务分工", "2.试点城市名单",
                            "国务院办公厅", "2019年1月1日")
    assert not errors, errors
    doc = result.document
    assert [p.text for p in doc.clause(1).paragraphs] == ["任务。正文。"]
    assert [(m.kind, m.text) for m in doc.metadata] == [
        ("attachments", "附件：1.重点任务分工"), ("attachments", "2.试点城市名单"),
        ("signature", "国务院办公厅"), ("signature", "2019年1月1日")]


def test_a_cut_item_list_without_an_attachments_line_is_still_refused():
    _, errors = _parse("一、总体要求", "（一）任务。正文。", "1.重点任务", "2.试点城市名单的一部分，被截断")
    assert any("without 。" in e for e in errors), errors


def test_long_addressee_and_bracketed_document_number():
    addressee = "各省、自治区、直辖市人民政府，" * 10 + "国务院各部委、各直属机构："
    result, errors = _parse("劳社部发[2008]3号", addressee, "现提出以下意见。", "一、总体要求", "正文。")
    assert not errors, errors
    assert result.document.addressee == addressee and result.document.document_number == "劳社部发[2008]3号"
    assert [p.text for p in result.document.preamble] == ["现提出以下意见。"]


def test_signature_is_end_matter_not_a_paragraph():
    result, errors = _parse("一、总体要求", "正文。", "国务院办公厅", "2023年5月26日", "（此件公开发布）")
    assert not errors, errors
    doc = result.document
    assert [p.text for p in doc.sections[0].paragraphs] == ["正文。"]
    assert [(m.kind, m.text) for m in doc.metadata] == [("signature", "国务院办公厅"), ("signature", "2023年5月26日"),
                                                         ("signature", "（此件公开发布）")]


def _heading(line: str) -> bool:
    found = marker_of(line)
    return found is not None and "。" not in found.rest


def _pdf_paragraphs(text: str) -> list[str]:
    """Test-only helper for the corpus's PDF extractions (.txt): a line that
    does not end a sentence (no 。！？：”） at its end), and is neither before
    the addressee (title, 文号) nor a heading nor short (a signature line), runs on into the next, as a page end broke it; the spaces a PDF puts at wrapped lines between Han
    characters are dropped. The extractor of document/sources does this for
    real; this only lets the structure be tested without it."""
    out: list[str] = []
    addressed = False  # the lines before the addressee (title, 文号) are never joined
    for line in text.splitlines():
        line = line.strip()
        if addressed and len(out[-1]) > 25 and out[-1][-1] not in "。！？：”）" and not _heading(out[-1]) \
                and not marker_of(line) and not re.match(r"^\d{4}年", line):
            out[-1] += line
        else:
            out.append(line)
        addressed = addressed or line.endswith("：")
    return [re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", line) for line in out]


def _outline(doc):
    return [(s.numeral + "、", s.title, [(c.label, c.title) for c in s.clauses]) for s in doc.sections]


def test_medical_fund_supervision_outline_matches_the_hand_read_one():
    folder = CORPUS / "medical-fund-supervision-2023"
    expected = tomllib.loads((folder / "expected.toml").read_text(encoding="utf-8"))
    body = _pdf_paragraphs((folder / "source.txt").read_text(encoding="utf-8"))
    lines = [TextLine(n, text) for n, text in enumerate(body, 1)]
    diagnostics = Diagnostics()
    result = parse_document(lines, slug="m", title=expected["title"], source_file="source.txt",
                            diagnostics=diagnostics)
    assert not diagnostics.errors, [str(d) for d in diagnostics.errors]
    doc = result.document
    assert _outline(doc) == [(s["label"], s["heading"], [(c["label"], c["title"]) for c in s.get("clause", [])])
                             for s in expected["section"]]
    assert doc.addressee == expected["addressee"]
    assert doc.document_number.replace(" ", "").strip("（）") == expected["number"]
    assert len({c.id for c in doc.clauses}) == len(doc.clauses) == 19
    assert doc.clauses[5].citation_label == "三（一）"
    assert [m.text for m in doc.metadata if m.kind == "signature"] == ["国务院办公厅", "2023年5月26日"]


# --- issuers as printed -------------------------------------------------------

from policy_site.document.issuers import issuing_bodies, split_bodies  # noqa: E402

CONTENT = Path(__file__).resolve().parent.parent.parent / "content"


def test_issuers_printed_without_a_space_are_split_by_the_list():
    bodies = issuing_bodies(CONTENT)
    assert split_bodies("中共中央国务院", bodies) == ("中共中央", "国务院")
    assert split_bodies("中共中央办公厅国务院办公厅", bodies) == ("中共中央办公厅", "国务院办公厅")
    assert split_bodies("国务院办公厅", bodies) == ("国务院办公厅",)
    assert split_bodies("某某委员会国务院", bodies) == ("某某委员会国务院",)  # not all listed: as printed


# --- messages in the editor's terms --------------------------------------------

def test_a_block_of_lines_before_the_title_is_one_message():
    nav = [f"导航{n}" for n in range(1, 95)]
    lines = [TextLine(n, t) for n, t in enumerate((*nav, TITLE, "一、总体要求", "正文。"), 1)]
    diagnostics = Diagnostics()
    parse_document(lines, slug="t", title=TITLE, source_file="t.txt", diagnostics=diagnostics)
    errors = [str(d) for d in diagnostics.errors]
    assert len(errors) == 1 and "t.txt:1: text before the title" in errors[0], errors
    assert "93 more lines to line 94" in errors[0] and "lines = [1, 94]" in errors[0]


def test_furniture_declared_between_title_and_text(tmp_path):
    from policy_site.document.config import Furniture
    declaration = Furniture("notice", (2, 2), None, "字号", "document.toml", 9)
    lines = [TextLine(n, t) for n, t in enumerate((TITLE, "【字体：大 中 小】", "一、总体要求", "正文。"), 1)]
    diagnostics = Diagnostics()
    result = parse_document(lines, slug="t", title=TITLE, source_file="t.txt", diagnostics=diagnostics,
                            furniture_declarations=(declaration,))
    assert not diagnostics.errors, [str(d) for d in diagnostics.errors]
    assert [f.line for f in result.furniture if f.declared is declaration] == [2]
    assert result.document.preamble == ()


def test_notice_carrying_an_opinion_with_a_three_line_title_matches_the_hand_read_outline():
    """卫生健康委 … 药监局关于印发……的意见的通知: the title over three lines,
    the 通知's text as preamble, its letter-spaced signature and date as end
    matter, the 意见's own title kept, its sections and clauses parsed."""
    folder = CORPUS / "rational-drug-use-2020"
    expected = tomllib.loads((folder / "expected.toml").read_text(encoding="utf-8"))
    body = _pdf_paragraphs((folder / "source.txt").read_text(encoding="utf-8"))
    lines = [TextLine(n, text) for n, text in enumerate(body, 1)]
    diagnostics = Diagnostics()
    result = parse_document(lines, slug="r", title=expected["title"], source_file="source.txt",
                            diagnostics=diagnostics)
    assert not diagnostics.errors, [str(d) for d in diagnostics.errors]
    doc = result.document
    assert doc.title_source.line == 1 and doc.title.endswith("促进合理用药的意见的通知")
    assert _outline(doc) == [(s["label"], s["heading"], [(c["label"], c["title"]) for c in s.get("clause", [])])
                             for s in expected["section"]]
    assert doc.preamble[0].text.startswith("经国务院同意") and doc.addressee == expected["addressee"]
    kinds = [(m.kind, m.text) for m in doc.metadata]
    assert ("signature", "2020年2月21日") in kinds and ("carried-title", "关于加强医疗机构药事管理促合理用药的意见") in kinds


def _load_with_issuers(tmp_path, title: str, described: str = ""):
    import shutil

    from policy_site.document.pipeline import load_edition
    from policy_site.testing import VALID, write_document
    shutil.copy(CONTENT / "issuers.toml", tmp_path / "issuers.toml")  # the content folder's list
    text = VALID.replace("中共中央 国务院关于测试城市工作的意见", title)
    diagnostics = Diagnostics()
    edition = load_edition(write_document(tmp_path / "doc", text, title=title, described=described), diagnostics)
    return edition, [str(d) for d in diagnostics.errors]


def test_title_printing_issuers_without_a_space(tmp_path):
    edition, errors = _load_with_issuers(tmp_path, "中共中央国务院关于测试城市工作的意见")
    assert not errors, errors
    assert edition.document.issuers == ("中共中央", "国务院")


def test_declared_issuers_match_the_title_with_spaces_ignored(tmp_path):
    edition, errors = _load_with_issuers(tmp_path, "中共中央办公厅国务院办公厅关于测试城市工作的意见",
                                         described='issuers = ["中共中央办公厅", "国务院办公厅"]')
    assert not errors, errors
    assert edition.document.issuers == ("中共中央办公厅", "国务院办公厅")
    _, errors = _load_with_issuers(tmp_path, "中共中央办公厅国务院办公厅关于测试城市工作的意见",
                                   described='issuers = ["中共中央", "国务院"]')
    assert any("issuers" in e for e in errors), errors


def test_a_label_or_formula_line_may_end_without_a_full_stop_but_a_cut_paragraph_may_not():
    result, errors = _parse("一、制度工作时间的计算", "年工作日：365天-104天（休息日）-11天（法定节假日）＝250天",
                            "月计薪天数＝（365天-104天）÷12月＝21.75天", "二、其他", "正文。")
    assert not errors, errors
    assert [p.text for p in result.document.sections[0].paragraphs][1] == "月计薪天数＝（365天-104天）÷12月＝21.75天"
    _, errors = _parse("一、总体要求", "推进老旧小区改造和住房保障，更加", "二、其他", "正文。")
    assert any("without 。" in e and "the file may be truncated" in e for e in errors), errors
    _, errors = _parse("一、总体要求", "各地区要：推进改造。加强保障，更加", "二、其他", "正文。")
    assert any("without 。" in e for e in errors), errors
