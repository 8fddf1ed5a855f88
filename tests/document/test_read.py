from pathlib import Path

import pytest

from policy_site.core.diagnostics import Diagnostics
from policy_site.core.read import read_source


def _read(tmp_path: Path, data: bytes):
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    diagnostics = Diagnostics()
    return read_source(path, diagnostics), diagnostics


def test_utf8_is_read(tmp_path):
    source, diagnostics = _read(tmp_path, "一、总体要求\n".encode())
    assert source.text == "一、总体要求\n" and not diagnostics.items


def test_gbk_is_refused_with_line_and_advice(tmp_path):
    source, diagnostics = _read(tmp_path, "标题\n第二行".encode("gbk"))
    assert source is None
    message = str(diagnostics.errors[0])
    assert "doc.txt:1:" in message and "GBK" in message and "iconv" in message


def test_gbk_error_names_the_line_of_the_first_bad_byte(tmp_path):
    source, diagnostics = _read(tmp_path, "第一行\n".encode() + "第二行".encode("gbk"))
    assert source is None and "doc.txt:2:" in str(diagnostics.errors[0])


def test_utf16_is_refused(tmp_path):
    source, diagnostics = _read(tmp_path, "标题".encode("utf-16"))
    assert source is None and "UTF-16" in str(diagnostics.errors[0])


def test_bom_and_crlf_are_removed_and_counted(tmp_path):
    source, diagnostics = _read(tmp_path, b"\xef\xbb\xbf" + "甲\r\n乙\r\n".encode())
    assert source.text == "甲\n乙\n"
    assert source.bom_removed and source.carriage_returns_removed == 2 and not diagnostics.items


def test_empty_file_is_refused(tmp_path):
    source, diagnostics = _read(tmp_path, b"  \n")
    assert source is None and "doc.txt:1: an empty file" in str(diagnostics.errors[0])


@pytest.mark.parametrize("text, found", [
    ("城\u3164市", "U+3164 HANGUL FILLER (a blank or variation selector that shows nothing)"),
    ("城\u2800市", "U+2800 BRAILLE PATTERN BLANK"),
    ("城\u115f市", "U+115F HANGUL CHOSEONG FILLER"),
    ("城\u034f市", "U+034F COMBINING GRAPHEME JOINER"),
    ("城\ufe0f市", "U+FE0F VARIATION SELECTOR-16"),
    ("城\U000e0100市", "U+E0100 VARIATION SELECTOR-17"),
    ("城\ue000市", "U+E000 UNNAMED (a private-use character)"),
    ("城\u0378市", "U+0378 UNNAMED (an unassigned code point)"),
    ("城" + "\u0301" * 5000 + "市", "5000 combining marks in a row (U+0301 COMBINING ACUTE ACCENT …)"),
])
def test_characters_that_show_nothing_are_refused_at_their_column(text, found):
    from policy_site.core.diagnostics import Diagnostics
    from policy_site.core.read import check_characters

    diagnostics = Diagnostics()
    assert check_characters("第一行\n" + text, "f.txt", diagnostics) == 1
    item = diagnostics.errors[0]
    assert (item.line, item.column) == (2, 2) and item.found.startswith(found)


def test_text_with_a_few_combining_marks_and_ordinary_han_passes():
    from policy_site.core.diagnostics import Diagnostics
    from policy_site.core.read import check_characters

    diagnostics = Diagnostics()
    assert check_characters("推动城市高质量发展。Café résumé ẹ̀ 𠮷", "f.txt", diagnostics) == 0
