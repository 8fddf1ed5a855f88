import pytest

from policy_site.core.diagnostics import Diagnostics
from policy_site.document.clean import check_damage, clean_line
from policy_site.document.config import Repair


@pytest.mark.parametrize("raw, expected", [
    ("發(fā)展", "發展"),                      # toned reading
    ("關(guan) 於(yu)推動(dong)", "關於推動"),   # toneless, trailing space
    ("意義(yi) 。", "意義。"),                  # toneless before punctuation
    ("會(huì )議", "會議"),                      # space inside the parenthesis
    ("綠(lǜ)色", "綠色"),                        # ü with tone
    ("女(nv)性", "女性"),                       # v for ü
    ("獎(jiǎng)", "獎"),
])
def test_readings_are_removed(raw, expected):
    assert clean_line(raw, 1).text == expected


@pytest.mark.parametrize("raw, expected", [
    ("(一)穩妥", "（一）穩妥"),
    ("(2025年8月15日)", "（2025年8月15日）"),
    ("第五代移動通信(5G)網絡", "第五代移動通信（5G）網絡"),
    ("城市信息模型(CIM)平臺", "城市信息模型（CIM）平臺"),
    ("村(居)法律", "村（居）法律"),
    ("(上海獎(jiǎng))", "（上海獎）"),
])
def test_real_parentheticals_are_kept_in_full_width(raw, expected):
    assert clean_line(raw, 1).text == expected


def test_toned_reading_keeps_a_following_space():
    # A real space (as in 中共中央 国务院) after a toned reading stays.
    assert clean_line("中央(yāng) 國(guó)務院", 1).text == "中央 國務院"


@pytest.mark.parametrize("raw, expected", [
    ("城市,鄉村:一;二", "城市，鄉村：一；二"),
    ("共1,000人", "共1,000人"),
    ("時間20:50", "時間20:50"),
    ("f(x) = 1", "f(x) = 1"),
])
def test_punctuation(raw, expected):
    assert clean_line(raw, 1).text == expected


def test_uppercase_or_non_syllable_parenthesis_is_not_a_reading():
    assert clean_line("模型(xyz)", 1).text == "模型（xyz）"


def test_segments_rebuild_source_and_output():
    raw = "發(fā)展??茖W(xué),(一)燃?xì)?、"
    repairs = [Repair("a", "??茖W", "。科學", 1, "e", "r.toml", 3), Repair("b", "燃?xì)?", "燃氣", 1, "e", "r.toml", 9)]
    line = clean_line(raw, 7, repairs)
    assert line.text == "發展。科學，（一）燃氣、"
    assert line.source == raw
    rules = [s.rule for s in line.segments if s.rule]
    assert rules.count("reading") == 2 and "repair:a" in rules and "repair:b" in rules


def test_damage_left_after_cleaning_names_file_line_and_column():
    diagnostics = Diagnostics()
    lines = [clean_line("好的。", 1), clean_line("城鎮燃?xì)?、道路", 2), clean_line("文字\ufffd", 3)]
    check_damage(lines, "src.txt", diagnostics)
    messages = [str(d) for d in diagnostics.errors]
    assert any(m.startswith("src.txt:2:") and "`?`" in m for m in messages)
    assert any(m.startswith("src.txt:3:") and "U+FFFD" in m for m in messages)
    assert not any(m.startswith("src.txt:1:") for m in messages)


def test_stray_tone_mark_is_damage():
    diagnostics = Diagnostics()
    check_damage([clean_line("發fā)展", 4)], "src.txt", diagnostics)
    assert diagnostics.errors and str(diagnostics.errors[0]).startswith("src.txt:4:")
