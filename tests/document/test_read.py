from pathlib import Path

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
