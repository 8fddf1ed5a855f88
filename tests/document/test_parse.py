from pathlib import Path

import pytest

from policy_site.core.diagnostics import Diagnostics
from policy_site.document.parse import split_sentences
from policy_site.document.pipeline import load_edition
from policy_site.testing import VALID, write_document


def _load(folder: Path):
    diagnostics = Diagnostics()
    return load_edition(folder, diagnostics), diagnostics


def test_valid_constructed_document(tmp_path):
    edition, diagnostics = _load(write_document(tmp_path / "doc"))
    assert not diagnostics.items, diagnostics.items
    doc = edition.document
    assert doc.title == "中共中央 国务院关于测试城市工作的意见" and doc.issuer == "中共中央 国务院"
    assert doc.date == "2025-08-15" and doc.date_label == "2025年8月15日"
    assert [s.number for s in doc.sections] == [1, 2, 3]
    assert [c.id for c in doc.clauses] == ["c1", "c2", "c3"]
    assert doc.clause(2).title == "第二条标题" and doc.clause(2).sentences[1].id == "c2-s2"
    assert doc.sections[0].paragraphs[0].sentences[0].id == "s1-p1-s1"
    assert doc.preamble[0].sentences[1].id == "preamble-p1-s2"
    assert doc.clause(3).source.line == 12 and doc.clause(3).sentences[1].source.line == 12
    assert [m.kind for m in doc.metadata] == ["dateline", "editor"]


def test_ids_do_not_depend_on_heading_text(tmp_path):
    edition, _ = _load(write_document(tmp_path / "doc", VALID.replace("第二条标题", "改过的标题")))
    assert [s.id for s in edition.document.clause(2).sentences] == ["c2-s1", "c2-s2"]


def test_sentence_split_keeps_closing_quotes():
    assert split_sentences("他说“好。”然后走了。") == ["他说“好。”", "然后走了。"]


def _replace(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new)


MALFORMED = {
    "missing clause": (_replace("（二）第二条标题。第二条正文，含（5G）。\n", ""), 11, "（二）"),
    "duplicate clause": (_replace("（三）第三条标题", "（二）第三条标题"), 12, "a second time"),
    "out-of-order clause": (_replace("（一）第一条标题。第一条正文。\n（二）", "（二）第一条标题。第一条正文。\n（一）"), 10, "out of order"),
    "missing section": (_replace("三、第三部分", "四、第三部分"), 11, "三、"),
    "duplicate section": (_replace("三、第三部分", "二、第三部分"), 11, "a second time"),
    "unparseable section heading": (_replace("三、第三部分", "三、第三部分。这里不该有句子。"), 11, "cannot be parsed"),
    "text before the title": (_replace("新华社北京8月28日电", "一段多余的文字"), 2, "before the title"),
    "title not found": (_replace("中共中央 国务院关于测试城市工作的意见\n（", "中共中央关于别的事情的意见\n（"), 1, "title"),
    "truncated file": (VALID.split("（三）")[0] + "（三）第三条标题。正文写到一半", 12, "without 。"),
    "unknown corruption ?": (_replace("第一条正文。", "第一条??正文。"), 9, "`?`"),
    "replacement character": (_replace("序言第二句。", "序言第\ufffd句。"), 5, "U+FFFD"),
    "stray reading fragment": (_replace("第一条正文。", "第一条正fā)文。"), 9, "tone mark"),
    "clause before any section": (_replace("一、总体要求\n", "（一）提前的条。\n一、总体要求\n"), 6, "before any section"),
    "section without text": (_replace("（三）第三条标题。正文。\n", ""), 11, "with no text"),
    "placeholder inside the document": (_replace("总体段落。\n", "总体段落。\n?\n"), 8, "placeholder"),
    "clause without text": (_replace("（三）第三条标题。正文。", "（三）"), 12, "no text"),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_malformed_document_is_reported_with_file_and_line(tmp_path, name):
    text, line, needle = MALFORMED[name]
    edition, diagnostics = _load(write_document(tmp_path / "doc", text))
    assert edition is None
    messages = [str(d) for d in diagnostics.errors]
    wanted = f"sources/full.txt:{line}:"
    assert any(wanted in m and needle in m for m in messages), messages


def test_every_problem_is_reported_together(tmp_path):
    text = _replace("（二）第二条标题", "（四）第二条标题").replace("序言第二句。", "序言第?句。")
    text = text.replace("三、第三部分", "五、第三部分")
    edition, diagnostics = _load(write_document(tmp_path / "doc", text))
    lines = sorted(d.line for d in diagnostics.errors)
    assert edition is None and 5 in lines and 10 in lines and 11 in lines


def test_empty_file(tmp_path):
    edition, diagnostics = _load(write_document(tmp_path / "doc", ""))
    assert edition is None and "sources/full.txt:1: an empty file" in str(diagnostics.errors[0])


def test_gbk_file(tmp_path):
    edition, diagnostics = _load(write_document(tmp_path / "doc", VALID.encode("gbk")))
    assert edition is None and "sources/full.txt:1:" in str(diagnostics.errors[0])


def test_repair_that_does_not_apply_names_the_repairs_file_line(tmp_path):
    repairs = '[[repair]]\nid = "x"\nfind = "不存在"\nreplace = "在"\ncount = 1\nevidence = "test"\n'
    edition, diagnostics = _load(write_document(tmp_path / "doc", repairs=repairs))
    assert edition is None
    assert any("repairs.toml:3:" in str(d) and "applied 0 time(s)" in str(d) for d in diagnostics.errors)


def test_repair_without_evidence_is_refused(tmp_path):
    repairs = '[[repair]]\nid = "x"\nfind = "序言"\nreplace = "序言"\ncount = 1\nevidence = ""\n'
    edition, diagnostics = _load(write_document(tmp_path / "doc", repairs=repairs))
    assert edition is None and any("empty evidence" in str(d) for d in diagnostics.errors)


def test_invalid_toml_names_its_line(tmp_path):
    folder = write_document(tmp_path / "doc")
    (folder / "document.toml").write_text('slug = "doc"\ntitle = \n', encoding="utf-8")
    edition, diagnostics = _load(folder)
    assert edition is None and "document.toml:2:" in str(diagnostics.errors[0])


def test_traditional_source_with_readings_and_char_by_char_conversion(tmp_path):
    text = VALID.replace("中共中央 国务院关于测试城市工作的意见\n（", "中共中央 國(guó)務(wù)院關(guān)于測(cè)試城市工作的意見(jiàn)\n（")
    text = text.replace("总体段落。", "總(zǒng)體(tǐ)段落,發(fā)展。")
    edition, diagnostics = _load(write_document(tmp_path / "doc", text, script="traditional"))
    assert not diagnostics.errors, diagnostics.items
    assert edition.document.title == "中共中央 国务院关于测试城市工作的意见"
    assert edition.document.sections[0].paragraphs[0].text == "总体段落，发展。"
    assert edition.traditional["s1-p1-s1"] == "總體段落，發展。"


def test_numerals_round_trip():
    from policy_site.zh.numerals import format_numeral, parse_numeral
    assert all(parse_numeral(format_numeral(n)) == n for n in range(1, 10000))
    assert format_numeral(1150) == "一千一百五十" and format_numeral(1010) == "一千零一十"
    assert format_numeral(23) == "二十三" and format_numeral(105) == "一百零五" and format_numeral(110) == "一百一十"
    assert parse_numeral("十十") is None and parse_numeral("一零") is None


def test_traditional_fixes_apply_and_must_match(tmp_path):
    folder = write_document(tmp_path / "doc", VALID.replace("总体段落。", "更加注重实效。"))
    (folder / "traditional.toml").write_text(
        '[[fix]]\nfind = "更加註重"\nreplace = "更加注重"\nreason = "OpenCC phrase error"\n', encoding="utf-8")
    edition, diagnostics = _load(folder)
    assert edition.traditional["s1-p1-s1"] == "更加注重實效。"
    (folder / "traditional.toml").write_text(
        '[[fix]]\nfind = "不存在"\nreplace = "x"\nreason = "r"\n', encoding="utf-8")
    edition, diagnostics = _load(folder)
    assert edition is None and any("traditional.toml:2:" in str(d) for d in diagnostics.errors)
