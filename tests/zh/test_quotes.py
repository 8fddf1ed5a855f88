"""The traditional editions' quotation marks (zh/quotes.py): a declared rule,
one mark for one mark, read back exactly, and refused where marks do not pair."""
from __future__ import annotations

from policy_site.core.diagnostics import Diagnostics
from policy_site.zh import quotes
from policy_site.zh.convert import back_to_simplified, edition_layer, to_script


def test_outer_and_inner_marks_become_corner_brackets_and_read_back():
    text = "他说：“要建设‘好房子’。”然后“完整社区”。"
    corner = quotes.to_corner(text)
    assert corner == "他说：「要建设『好房子』。」然后「完整社区」。"
    assert len(corner) == len(text)
    assert quotes.to_mainland(corner) == text
    assert quotes.unpaired(text) == [] and quotes.count(text) == 6


def test_marks_that_do_not_pair_or_nest_are_found_where_they_are():
    assert [p.offset for p in quotes.unpaired("“好房子")] == [0]
    assert "never closed" in quotes.unpaired("“好房子")[0].found
    assert "no opening" in quotes.unpaired("好房子”")[0].found
    assert "closing the “" in quotes.unpaired("“好房子’")[0].found
    inner = quotes.unpaired("“甲“乙”丙”")
    assert len(inner) == 1 and inner[0].offset == 2 and "inside another" in inner[0].found
    assert quotes.unpaired("‘甲’") == []  # ‘’ alone is paired; 『』 alone is what it becomes


def test_an_unpaired_mark_is_an_error_with_file_and_line():
    class Source:
        file, line = "content/x/sources/a.txt", 42
    diagnostics = Diagnostics()
    changed = quotes.check_texts([("c1-s1", "建设“好房子，完善社区。"), ("c1-s2", "“完整”社区。")],
                                 {"c1-s1": Source()}, diagnostics)
    assert changed == 3
    [error] = diagnostics.errors
    assert (error.file, error.line) == ("content/x/sources/a.txt", 42) and "never closed" in str(error)


def test_the_traditional_editions_write_corner_brackets_and_the_simplified_keeps_its_marks():
    text = "系统推进“好房子”建设。"
    assert to_script(text, "zh-Hans") == text
    assert to_script(text, "zh-Hant") == "系統推進「好房子」建設。"
    assert to_script(text, "zh-Hant-HK") == "系統推進「好房子」建設。"
    layer, _ = edition_layer("zh-Hant-HK", [("c8-s1", text)])
    assert layer == {"c8-s1": "系統推進「好房子」建設。"}
    assert back_to_simplified(layer["c8-s1"], "zh-Hant-HK") == text
