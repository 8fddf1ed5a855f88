"""Malformed input of every kind, each built by the real CLI in a constructed
project that already holds a good site: the build must stop with exit 1 and
a `file:line: what was found; expected what; how to fix` message for each
problem, in bounded time and memory, and leave the good site (and everything
outside build/) byte for byte as it was.

Each build runs in a forked child with a memory limit and a deadline, so an
input that made the build loop or grow for ever fails its test instead of
hanging the suite.
"""
from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Callable

import pytest

from policy_site.cli import main
from policy_site.testing import ROOT, VALID, make_project

DOC = Path("content/doc")

TEXT = VALID.replace("第一条正文。", "推进老旧小区改造和住房保障，更加注重实效。").replace(
    "第二条正文，含（5G）。", "加强传染病防治，含（5G）。").replace("序言第一句。", "序言第?句。")
SUMMARY = """首页 > 要闻 >

测试意见对外发布

时间:2025-08-28 20:50:00

28日，测试意见对外公布。

主要任务

  • 推进老旧小区改造和住房保障，更加注重实效。
  • 加强传染病防治。
  • 推进老旧小区改造和住房的建设。
"""
REPAIRS = '''[[repair]]
id = "yi"
find = "第?句"
replace = "第一句"
count = 1
evidence = "序言第一句：? is a scrape error."
kind = "mojibake"
damaged = "?"
restores = "一"
witnesses = ["第一"]
'''
TAGS = '''[[tag]]
slug = "housing"
name = "住房"
description = "住房保障。"
terms = ["住房"]

[[tag]]
slug = "health"
name = "卫生"
description = "传染病防治。"
terms = ["传染病"]

[[override]]
clause = 3
add = ["health"]
reason = "第三条"
'''
TRADITIONAL = '''[[fix]]
find = "更加註重"
replace = "更加注重"
reason = "OpenCC phrase 加注 fires inside 更加注重."
'''
SUMMARY_TOML = '''[[unaligned]]
bullet = "b3"
reason = "测试：摘编改写了原句。"
'''
TITLE = 'title = "中共中央 国务院关于测试城市工作的意见"'
# document.toml as write_document makes it, line by line:
# 1 slug, 2 title, 3 short_title, 4 [full_text], 5 file, 6 script, 7 repairs, 8 [summary], 9 file, 10 script


def _project(root: Path) -> Path:
    # Its own housing and health tags: a library without a vocabulary file.
    make_project(root, {"doc": {"text": TEXT, "repairs": REPAIRS, "summary": SUMMARY}}, vocabulary=False)
    folder = root / DOC
    (folder / "tags.toml").write_text(TAGS, encoding="utf-8")
    (folder / "traditional.toml").write_text(TRADITIONAL, encoding="utf-8")
    (folder / "summary.toml").write_text(SUMMARY_TOML, encoding="utf-8")
    return root


# --- ways to break the project ------------------------------------------------

Break = Callable[[Path], None]


def sub(name: str, old: str, new: str) -> Break:
    def apply(root: Path) -> None:
        path = root / DOC / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def src(old: str, new: str) -> Break:
    return sub("sources/full.txt", old, new)


def append(name: str, text: str) -> Break:
    def apply(root: Path) -> None:
        path = root / DOC / name
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return apply


def write(name: str, data: str | bytes) -> Break:
    def apply(root: Path) -> None:
        path = root / DOC / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return apply


def encode(name: str, encoding: str) -> Break:
    def apply(root: Path) -> None:
        path = root / DOC / name
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    return apply


def symlink(name: str, target: str) -> Break:
    def apply(root: Path) -> None:
        path = root / DOC / name
        path.unlink()
        path.symlink_to(target)
    return apply


def directory(name: str) -> Break:
    def apply(root: Path) -> None:
        path = root / DOC / name
        path.unlink()
        path.mkdir()
    return apply


def remove(name: str) -> Break:
    return lambda root: (root / DOC / name).unlink()


def both(*breakers: Break) -> Break:
    def apply(root: Path) -> None:
        for breaker in breakers:
            breaker(root)
    return apply


def library(root: Path) -> None:
    (root / "content" / "library.toml").write_text(
        'title = "政策文件库"\ndocument_types = ["意见", "通知"]\n', encoding="utf-8")


def absolute_source(root: Path) -> None:
    sub("document.toml", 'file = "sources/full.txt"', f'file = "{(root / DOC).resolve()}/sources/full.txt"')(root)


def symlink_in_overrides(root: Path) -> None:
    theme = (root / "overrides").resolve()
    (root / "overrides").unlink()
    shutil.copytree(theme, root / "overrides")
    (root / "overrides" / "secret.txt").symlink_to("/etc/passwd")


def link_out_of_folder(root: Path) -> None:
    outside = root / "elsewhere.txt"
    outside.write_text(TEXT, encoding="utf-8")
    symlink("sources/full.txt", str(outside))(root)


def theme_file(name: str, old: str, new: str) -> Break:
    """Edit the project's own mkdocs.yml or overrides/ template (a link to
    the checkout's in a constructed project: replaced by an edited copy)."""
    def apply(root: Path) -> None:
        top = root / Path(name).parts[0]
        if top.is_symlink():
            real = top.resolve()
            top.unlink()
            shutil.copytree(real, top) if real.is_dir() else shutil.copy(real, top)
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


DT = "content/doc/document.toml"
RT = "content/doc/repairs.toml"
TT = "content/doc/tags.toml"
FT = "content/doc/traditional.toml"
ST = "content/doc/summary.toml"
FULL = "content/doc/sources/full.txt"
SUM = "content/doc/sources/summary.txt"

# name -> (how to break the project, where the first message must point, what it must say)
def _extrahead_end() -> int:
    """The line of overrides/main.html where its extrahead block ends: Jinja
    names it for a tag left open inside the block."""
    lines = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if "{% block extrahead %}" in line)
    return next(n for n, line in enumerate(lines[start:], start + 1) if "{% endblock %}" in line)


_EXTRAHEAD_END = _extrahead_end()


CASES: dict[str, tuple[Break, str, str]] = {
    # TOML syntax, encoding and files
    "toml: unclosed string": (sub("document.toml", 'short_title = "意见"', 'short_title = "意见'),
                              f"{DT}:3:18", "invalid TOML"),
    "toml: a key twice": (append("document.toml", 'script = "simplified"\n'), f"{DT}:11:22", "Cannot overwrite a value"),
    "toml: a table twice": (append("document.toml", '[full_text]\nfile = "x"\n'), f"{DT}:11:11",
                            "Cannot declare ('full_text',) twice"),
    "toml: GBK bytes": (write("document.toml", 'slug = "doc"\ntitle = "中共"\n'.encode("gbk")), f"{DT}:2:10",
                        "not UTF-8"),
    "toml: empty file": (write("document.toml", ""), f"{DT}:1", "the file without `slug`"),
    "toml: a directory": (directory("document.toml"), f"{DT}:1", "a directory"),
    "toml: nested too deep": (append("document.toml", "x = " + "[" * 100_000 + "\n"), f"{DT}:11", "nested too deeply"),
    "toml: nested tables too deep": (append("document.toml", "x = " + "{a=" * 50_000 + "\n"), f"{DT}:11",
                                     "nested too deeply"),
    "toml: too large": (append("document.toml", "# " + "x" * 9_000_000 + "\n"), f"{DT}:1", "a file of more than 8,388,608 bytes"),
    "toml: repairs.toml invalid": (write("repairs.toml", "[[repair]\n"), f"{RT}:1:9", "invalid TOML"),
    "toml: tags.toml GBK": (write("tags.toml", '[[tag]]\nslug = "中"\n'.encode("gbk")), f"{TT}:2:9", "GBK"),
    "toml: traditional.toml a directory": (directory("traditional.toml"), f"{FT}:1", "a directory"),
    # types and keys of document.toml
    "type: title is a number": (sub("document.toml", TITLE, "title = 123"), f"{DT}:2",
                                "title = 123 is a whole number; expected a string"),
    "type: title blank": (sub("document.toml", TITLE, 'title = "  "'), f"{DT}:2", 'empty title = "  "'),
    "type: unknown key": (sub("document.toml", "short_title", "shortitle"), f"{DT}:3",
                          "unknown key `shortitle` in the file; expected one of slug, title"),
    "type: did you mean in a table": (sub("document.toml", 'script = "simplified"', 'scirpt = "simplified"'),
                                      f"{DT}:6", "did you mean `script`?"),
    "type: misspelt table": (sub("document.toml", "[summary]", "[sumary]"), f"{DT}:8", "did you mean `summary`?"),
    "type: key after a multi-line string": (
        sub("repairs.toml", 'evidence = "序言第一句：? is a scrape error."',
            'evidence = """序言第一句。\n[[repair]]\nid = "x"\n"""\nevidense = "x"'), f"{RT}:10",
        "did you mean `evidence`?"),
    "type: key after a multi-line array": (
        sub("tags.toml", 'terms = ["住房"]', 'terms = [\n  "住房",\n  "保障",\n]\nincldue = [1]'), f"{TT}:9",
        "did you mean `include`?"),
    "type: no file": (sub("document.toml", 'file = "sources/full.txt"\n', ""), f"{DT}:4", "[full_text] without `file`"),
    "type: no [full_text]": (sub("document.toml", '[full_text]\nfile = "sources/full.txt"\nscript = "simplified"\n'
                                 'repairs = "repairs.toml"\n', ""), f"{DT}:1", "without `full_text`"),
    "type: script unknown": (sub("document.toml", 'script = "simplified"', 'script = "mixed"'), f"{DT}:6",
                             "expected traditional or simplified"),
    "type: file is a number": (sub("document.toml", 'file = "sources/full.txt"', "file = 5"), f"{DT}:5",
                               "file = 5 is a whole number"),
    "type: title_line a string": (sub("document.toml", "[full_text]\n", '[full_text]\ntitle_line = "no"\n'),
                                  f"{DT}:5", 'title_line = "no" is a string; expected true or false'),
    "type: issued not a date": (sub("document.toml", TITLE, TITLE + '\nissued = "2025/08/15"'), f"{DT}:3",
                                "a date, e.g. 2025-08-15"),
    "type: issued no such day": (sub("document.toml", TITLE, TITLE + '\nissued = "2025-02-30"'), f"{DT}:3",
                                 "a date, e.g. 2025-08-15"),
    "type: issuers a string": (sub("document.toml", TITLE, TITLE + '\nissuers = "国务院"'), f"{DT}:3",
                               "expected a list of strings"),
    "type: official_url javascript": (sub("document.toml", TITLE, TITLE + '\nofficial_url = "javascript:alert(1)"'),
                                      f"{DT}:3", "expected an http(s) URL"),
    "type: legacy_root a string": (sub("document.toml", TITLE, TITLE + '\nlegacy_root = "yes"'), f"{DT}:3",
                                   "expected true or false"),
    "type: furniture kind": (append("document.toml", '[[summary.furniture]]\nkind = "ad"\nlines = [1, 2]\nreason = "x"\n'),
                             f"{DT}:12", 'furniture kind "ad"'),
    "type: furniture lines reversed": (append("document.toml", '[[summary.furniture]]\nkind = "lead"\n'
                                              'lines = [5, 2]\nreason = "x"\n'), f"{DT}:13", "first <= last"),
    "type: furniture lines and pattern": (append("document.toml", '[[summary.furniture]]\nkind = "lead"\n'
                                                 'lines = [1, 2]\npattern = "x"\nreason = "x"\n'), f"{DT}:11",
                                          "both lines and pattern"),
    "type: furniture regex": (append("document.toml", '[[summary.furniture]]\nkind = "lead"\npattern = "(("\n'
                                     'reason = "x"\n'), f"{DT}:13", "that RE2 refuses (missing ): (("),
    "type: furniture pattern with a backreference": (append("document.toml", '[[summary.furniture]]\nkind = "lead"\n'
                                                            'pattern = "^(a)\\\\1$"\nreason = "x"\n'), f"{DT}:13",
                                                     "that RE2 refuses (invalid escape sequence: \\1)"),
    "type: furniture not tables": (append("document.toml", "furniture = 3\n"), f"{DT}:11",
                                   "furniture = 3 is a whole number; expected a list of tables"),
    "type: document type not in the library": (both(library, sub("document.toml", TITLE, TITLE + '\ntype = "公告"')),
                                                f"{DT}:3", 'type = "公告"; expected a type listed in content/library.toml'),
    "type: library.toml misspelt key": (both(library, sub("document.toml", TITLE, TITLE + '\ntype = "意见"'),
                                             lambda root: (root / "content" / "library.toml").write_text(
                                                 'title = "库"\ndocument_type = ["意见"]\n', encoding="utf-8")),
                                        "content/library.toml:2", "did you mean `document_types`?"),
    # slugs and paths
    "slug: upper case": (sub("document.toml", 'slug = "doc"', 'slug = "Doc"'), f"{DT}:1", "slug \"Doc\" with 'D'"),
    "slug: path traversal": (sub("document.toml", 'slug = "doc"', 'slug = "../../../x"'), f"{DT}:1",
                             "slug \"../../../x\" with '.', '/'"),
    "slug: not the folder": (sub("document.toml", 'slug = "doc"', 'slug = "other"'), f"{DT}:1",
                             "the slug to be the folder's name"),
    "path: /proc/self/environ": (sub("document.toml", 'file = "sources/summary.txt"', 'file = "/proc/self/environ"'),
                                 f"{DT}:9", "is an absolute path"),
    "path: absolute": (absolute_source, f"{DT}:5", "is an absolute path"),
    "path: dot-dot": (sub("document.toml", 'file = "sources/full.txt"', 'file = "../doc/sources/full.txt"'),
                      f"{DT}:5", "a path with `..`"),
    "path: symlink out of the folder": (link_out_of_folder, f"{DT}:5", "a symbolic link leading out of the document folder"),
    "path: repairs absolute": (sub("document.toml", 'repairs = "repairs.toml"', 'repairs = "/etc/passwd"'),
                               f"{DT}:7", "is an absolute path"),
    "path: tags dot-dot": (sub("document.toml", TITLE, TITLE + '\ntags = "../tags.toml"'), f"{DT}:3",
                           "a path with `..`"),
    "path: a directory": (sub("document.toml", 'file = "sources/full.txt"', 'file = "sources"'), f"{DT}:5",
                          "is a directory"),
    "path: missing file": (sub("document.toml", 'file = "sources/full.txt"', 'file = "sources/none.txt"'), f"{DT}:5",
                           "a file that does not exist"),
    "path: empty": (sub("document.toml", 'file = "sources/full.txt"', 'file = ""'), f"{DT}:5", 'empty file = ""'),
    "path: NUL": (sub("document.toml", 'file = "sources/full.txt"', 'file = "sources/full\\u0000.txt"'), f"{DT}:5",
                  "U+0000 NULL in the value of `file`"),
    "path: source is a directory": (directory("sources/full.txt"), f"{DT}:5", "is a directory"),
    "path: repairs file missing": (remove("repairs.toml"), f"{DT}:7", "a file that does not exist"),
    "path: traditional.toml links out": (symlink("traditional.toml", "/etc/passwd"), f"{FT}:1",
                                         "a symbolic link leading out of the document folder"),
    "path: document.toml links out": (symlink("document.toml", "/etc/hostname"), f"{DT}:1",
                                      "a symbolic link leading out of the document folder"),
    "path: symlink in overrides": (symlink_in_overrides, "overrides/secret.txt:1", "a symbolic link (to /etc/passwd)"),
    # characters
    "char: NUL in the source": (src("总体段落。", "总体段\x00落。"), f"{FULL}:7:4", "U+0000 NULL (a control character)"),
    "char: BEL": (src("总体段落。", "总体段\x07落。"), f"{FULL}:7:4", "U+0007 BELL"),
    "char: C1 next line": (src("总体段落。", "总体段\x85落。"), f"{FULL}:7:4", "U+0085 NEXT LINE"),
    "char: zero-width space": (src("总体段落。", "总体\u200b段落。"), f"{FULL}:7:3", "U+200B ZERO WIDTH SPACE"),
    "char: word joiner": (src("总体段落。", "总体\u2060段落。"), f"{FULL}:7:3", "U+2060 WORD JOINER"),
    "char: inner BOM": (src("总体段落。", "总体\ufeff段落。"), f"{FULL}:7:3", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    "char: right-to-left override": (src("二、第二部分", "二、第二\u202e部分"), f"{FULL}:8:5",
                                     "U+202E RIGHT-TO-LEFT OVERRIDE (a bidirectional control)"),
    "char: isolate": (src("二、第二部分", "二、第二\u2067部分"), f"{FULL}:8:5", "U+2067 RIGHT-TO-LEFT ISOLATE"),
    "char: left-to-right mark": (src("二、第二部分", "二、\u200e第二部分"), f"{FULL}:8:3", "U+200E LEFT-TO-RIGHT MARK"),
    "char: line separator": (src("二、第二部分", "二、第二\u2028部分"), f"{FULL}:8:5", "U+2028 LINE SEPARATOR"),
    "char: paragraph separator": (src("总体段落。", "总体段落。\u2029"), f"{FULL}:7:6", "U+2029 PARAGRAPH SEPARATOR"),
    "char: non-character": (src("总体段落。", "总体\ufdd0段落。"), f"{FULL}:7:3", "U+FDD0 NONCHARACTER"),
    "char: plane non-character": (src("总体段落。", "总体\U0001fffe段落。"), f"{FULL}:7:3", "U+1FFFE NONCHARACTER"),
    "char: U+2028 in the summary": (sub("sources/summary.txt", "主要任务", "主要\u2028任务"), f"{SUM}:9:3",
                                    "U+2028 LINE SEPARATOR"),
    "char: escaped override in title": (sub("document.toml", TITLE, TITLE.replace('意见"', '意见\\u202e"')),
                                        f"{DT}:2", "U+202E RIGHT-TO-LEFT OVERRIDE in the value of `title`"),
    "char: escaped U+2028 in description": (sub("document.toml", TITLE, TITLE + '\ndescription = "说明\\u2028更多"'),
                                            f"{DT}:3", "U+2028 LINE SEPARATOR in the value of `description`"),
    "char: zero-width space in a tag term": (sub("tags.toml", 'terms = ["住房"]', 'terms = ["住\u200b房"]'),
                                             f"{TT}:5:12", "U+200B ZERO WIDTH SPACE"),
    "char: Hangul filler": (src("总体段落。", "总体\u3164段落。"), f"{FULL}:7:3", "U+3164 HANGUL FILLER"),
    "char: Braille blank": (src("总体段落。", "总体\u2800段落。"), f"{FULL}:7:3", "U+2800 BRAILLE PATTERN BLANK"),
    "char: grapheme joiner": (src("总体段落。", "总体\u034f段落。"), f"{FULL}:7:3", "U+034F COMBINING GRAPHEME JOINER"),
    "char: variation selector": (src("总体段落。", "总\ufe00体段落。"), f"{FULL}:7:2", "U+FE00 VARIATION SELECTOR-1"),
    "char: ideographic variation selector": (src("总体段落。", "总\U000e0101体段落。"), f"{FULL}:7:2",
                                             "U+E0101 VARIATION SELECTOR-18"),
    "char: private use": (src("总体段落。", "总体\ue000段落。"), f"{FULL}:7:3", "(a private-use character)"),
    "char: unassigned": (src("总体段落。", "总体\u0378段落。"), f"{FULL}:7:3", "(an unassigned code point)"),
    "char: combining marks": (src("总体段落。", "总体" + "\u0301" * 4 + "段落。"), f"{FULL}:7:3",
                              "4 combining marks in a row"),
    "char: escaped Braille blank in a tag name": (sub("tags.toml", 'name = "住房"', 'name = "住\\u2800房"'), f"{TT}:3",
                                                  "U+2800 BRAILLE PATTERN BLANK in the value of `name`"),
    "char: control in a comment": (append("repairs.toml", "# note\x1b[31m\n"), f"{RT}:11:7", "U+001B ESCAPE"),
    # source encoding and size
    "source: GBK": (encode("sources/full.txt", "gbk"), f"{FULL}:1:1", "(the bytes decode as GBK/GB18030)"),
    "source: UTF-16": (encode("sources/full.txt", "utf-16"), f"{FULL}:1", "a UTF-16 byte-order mark"),
    "source: empty": (write("sources/full.txt", ""), f"{FULL}:1", "an empty file"),
    "source: binary": (write("sources/full.txt", bytes(range(256)) * 10), f"{FULL}:2:118", "not UTF-8"),
    "source: too large": (src("总体段落。", "总" * 3_000_000 + "。"), f"{FULL}:1", "a file of more than 8,388,608 bytes"),
    "source: one huge line": (src("总体段落。", "总" + "(" * 20_000 + "。"), f"{FULL}:7", "a line of 20,002 characters"),
    "bounded: 8 MB of NUL": (src("总体段落。", "\n".join(["\x00" * 19_999] * 400)), f"{FULL}:7:1", "U+0000 NULL"),
    "bounded: 8 MB of ?": (src("总体段落。", "\n".join(["?" * 19_999] * 400)), f"{FULL}:7", "a placeholder line"),
    "bounded: unmatched parentheses": (src("总体段落。", "\n".join(["中(a" * 6_000] * 130)), f"{FULL}:7",
                                       "without 。"),
    "source: summary empty": (write("sources/summary.txt", "\n\n"), f"{SUM}:1", "an empty file"),
    # repairs
    "repair: empty find": (sub("repairs.toml", 'find = "第?句"', 'find = ""'), f"{RT}:3", 'empty find = ""'),
    "repair: count a string": (sub("repairs.toml", "count = 1", 'count = "two"'), f"{RT}:5",
                               'count = "two" is a string; expected a whole number'),
    "repair: count zero": (sub("repairs.toml", "count = 1", "count = 0"), f"{RT}:5", "1 or more"),
    "repair: count decimal": (sub("repairs.toml", "count = 1", "count = 1.5"), f"{RT}:5", "a decimal number"),
    "repair: count boolean": (sub("repairs.toml", "count = 1", "count = true"), f"{RT}:5",
                              "count = true is true or false; expected a whole number"),
    "repair: no evidence": (sub("repairs.toml", 'evidence = "序言第一句：? is a scrape error."\n', ""), f"{RT}:1",
                            "[[repair]] number 1 without `evidence`"),
    "repair: misspelt key": (sub("repairs.toml", "count = 1", "cuont = 1"), f"{RT}:5", "did you mean `count`?"),
    "repair: a string, not tables": (write("repairs.toml", 'repair = "x"\n'), f"{RT}:1",
                                     'repair = "x" is a string; expected a list of tables'),
    "repair: id twice": (append("repairs.toml", '\n[[repair]]\nid = "yi"\nfind = "总体"\nreplace = "总体"\n'
                                'count = 1\nevidence = "dup"\n'), f"{RT}:13", "repair id 'yi' a second time"),
    "repair: bad id": (sub("repairs.toml", 'id = "yi"', 'id = "一"'), f"{RT}:2", 'repair id "一"'),
    "repair: line break in find": (sub("repairs.toml", 'find = "第?句"', 'find = "第?\\n句"'), f"{RT}:3",
                                   "holds a line break"),
    "repair: does not apply": (sub("repairs.toml", 'find = "第?句"', 'find = "第贰句"'), f"{RT}:3",
                               "repair 'yi' applied 0 time(s)"),
    # traditional fixes
    "fix: empty find": (sub("traditional.toml", 'find = "更加註重"', 'find = ""'), f"{FT}:2", 'empty find = ""'),
    "fix: a number, not tables": (write("traditional.toml", "fix = 1\n"), f"{FT}:1", "fix = 1 is a whole number"),
    "fix: misspelt key": (sub("traditional.toml", "reason", "raeson"), f"{FT}:4", "did you mean `reason`?"),
    # tags
    "tags: terms a string": (sub("tags.toml", 'terms = ["住房"]', 'terms = "住房"'), f"{TT}:5",
                             'terms = "住房" is a string; expected a list of strings'),
    "tags: include strings": (sub("tags.toml", 'terms = ["住房"]', 'terms = ["住房"]\ninclude = ["3"]'), f"{TT}:6",
                              'a list holding "3" (a string)'),
    "tags: include a number": (sub("tags.toml", 'terms = ["住房"]', 'terms = ["住房"]\ninclude = 3'), f"{TT}:6",
                               "include = 3 is a whole number"),
    "tags: include no such clause": (sub("tags.toml", 'terms = ["住房"]', 'terms = ["住房"]\ninclude = [9]'),
                                     f"{TT}:2", "names clause 9, which does not exist"),
    "tags: slug upper case": (sub("tags.toml", 'slug = "housing"', 'slug = "Housing"'), f"{TT}:2",
                              "tag slug 'Housing' with 'H'"),
    "tags: slug twice": (sub("tags.toml", 'slug = "health"', 'slug = "housing"'), f"{TT}:8",
                         "tag 'housing' a second time (first at line 2)"),
    "tags: override clause a string": (sub("tags.toml", "clause = 3", 'clause = "3"'), f"{TT}:14",
                                       'clause = "3" is a string'),
    "tags: override clause missing": (sub("tags.toml", "clause = 3", "clause = 9"), f"{TT}:14",
                                      "override for clause 9, which does not exist"),
    "tags: override add a string": (sub("tags.toml", 'add = ["health"]', 'add = "health"'), f"{TT}:15",
                                    'add = "health" is a string'),
    "tags: override unknown slug": (sub("tags.toml", 'add = ["health"]', 'add = ["helth"]'), f"{TT}:15",
                                    "did you mean 'health'?"),
    "tags: override without reason": (sub("tags.toml", 'reason = "第三条"\n', ""), f"{TT}:13", "without `reason`"),
    "tags: misspelt key": (sub("tags.toml", 'terms = ["住房"]', 'term = ["住房"]'), f"{TT}:5", "did you mean `terms`?"),
    "tags: empty term": (sub("tags.toml", 'terms = ["住房"]', 'terms = [""]'), f"{TT}:5", 'an empty string in terms = [""]'),
    "tags: a table, not tables": (write("tags.toml", '[tag]\nslug = "x"\n'), f"{TT}:1", "tag = {…} is a table"),
    "tags: name a number": (sub("tags.toml", 'name = "住房"', "name = 1"), f"{TT}:3", "name = 1 is a whole number"),
    "tags: a directory": (directory("tags.toml"), f"{TT}:1", "a directory"),
    # summary.toml
    "unaligned: a string": (write("summary.toml", 'unaligned = "b1"\n'), f"{ST}:1", "expected a list of tables"),
    "unaligned: misspelt key": (sub("summary.toml", "reason", "raeson"), f"{ST}:3", "did you mean `reason`?"),
    "unaligned: bullet a number": (sub("summary.toml", 'bullet = "b3"', "bullet = 3"), f"{ST}:2",
                                   "bullet = 3 is a whole number"),
    "unaligned: bullet id": (sub("summary.toml", 'bullet = "b3"', 'bullet = "3"'), f"{ST}:2", 'a bullet id such as "b12"'),
    # numerals and structure
    "numeral: （十十）": (src("（三）第三条标题", "（十十）第三条标题"), f"{FULL}:12", "（十十） that is not a Chinese numeral"),
    "numeral: 十十、": (src("三、第三部分", "十十、第三部分"), f"{FULL}:11", "十十、 that is not a Chinese numeral"),
    "numeral: （零）": (src("（三）第三条标题", "（零）第三条标题"), f"{FULL}:12", "（零） that is not a Chinese numeral"),
    "numeral: far ahead": (src("（三）第三条标题", "（九千九百九十九）第三条标题"), f"{FULL}:12",
                           "where （三） … （九千九百九十八） should come first"),
    "structure: clause twice": (src("（三）第三条标题", "（二）第三条标题"), f"{FULL}:12", "clause （二） a second time"),
    "structure: clause skipped": (src("（二）第二条标题", "（四）第二条标题"), f"{FULL}:10",
                                  "clause （四） where （二）, （三） should come first"),
    "structure: clause out of order": (both(src("（二）第二条标题", "（三）第二条标题"), src("（三）第三条标题", "（二）第三条标题")),
                                       f"{FULL}:10", "clause （三） where （二） should come first"),
    "structure: section twice": (src("三、第三部分", "二、第三部分"), f"{FULL}:11", "section 二、 a second time"),
    "structure: clause before any section": (src("一、总体要求", "（一）总体要求。"), f"{FULL}:6",
                                             "before any section"),
    "structure: truncated paragraph": (src("加强传染病防治，含（5G）。", "加强传染病防治，含"), f"{FULL}:10", "without 。"),
    "limit: repairs": (append("repairs.toml", "".join(f'[[repair]]\nid = "r{n}"\nfind = "第{n}?"\nreplace = "第{n}一"\n'
                                                    f'count = 1\nevidence = "x"\n' for n in range(1_001))),
                       f"{RT}:6007", "1,002 repairs; expected at most 1,000 (core/limits.py)"),  # the 1,001st
    "limit: furniture declarations": (append("document.toml", "".join('[[full_text.furniture]]\nkind = "lead"\n'
                                                                      'lines = [1, 1]\nreason = "x"\n'
                                                                      for _ in range(201))),
                                      f"{DT}:811", "201 furniture declarations for full_text; expected at most 200"),
    # the project's theme, edited by hand: its own file and line, not the engine's bare message
    "theme: mkdocs.yml indentation": (theme_file("mkdocs.yml", "  language: zh\n", "  language: zh\n   font: [\n"),
                                      "mkdocs.yml:14:8", "YAML MkDocs cannot read: mapping values are not allowed here"),
    "theme: mkdocs.yml unclosed list": (theme_file("mkdocs.yml", "extra_css:\n", "extra_css: [\n"),
                                        "mkdocs.yml:50:3", "YAML MkDocs cannot read"),
    "theme: mkdocs.yml value MkDocs refuses": (theme_file("mkdocs.yml", "use_directory_urls: true",
                                                          "use_directory_urls: maybe"), "mkdocs.yml:7",
                                               "MkDocs stopped: Config value 'use_directory_urls'"),
    "theme: template syntax": (theme_file("overrides/main.html", '{% extends "base.html" %}\n',
                                          '{% extends "base.html" %}\n{% if %}\n'), "overrides/main.html:2",
                               "template syntax Jinja cannot read"),
    "theme: template block not closed": (theme_file("overrides/main.html", "{% block extrahead %}",
                                                    "{% block extrahead %}{% for x in y %}"),
                                         f"overrides/main.html:{_EXTRAHEAD_END}", "template syntax Jinja cannot read"),
    "theme: template runtime error": (theme_file("overrides/main.html", "{% block extrahead %}\n",
                                                 "{% block extrahead %}\n{{ page.nosuch.attribute }}\n"),
                                      "overrides/main.html:14", "UndefinedError in a template"),
    "limit: tag terms": (append("tags.toml", '[[tag]]\nslug = "many"\nname = "多"\ndescription = "多。"\nterms = [\n'
                                              + ",\n".join(f'"词{n}"' for n in range(4_999)) + "\n]\n"),
                         f"{TT}:21", "term number 5,001 of the file; expected at most 5,000 (core/limits.py)"),
    "limit: tags": (append("tags.toml", "".join(f'[[tag]]\nslug = "t{n}"\nname = "x"\ndescription = "x"\n'
                                                f'terms = ["x{n}"]\n' for n in range(499))),
                    f"{TT}:2508", "501 tags; expected at most 500 (core/limits.py)"),
    "limit: traditional fixes": (append("traditional.toml", "".join(f'[[fix]]\nfind = "甲{n}"\nreplace = "乙{n}"\n'
                                                                    'reason = "x"\n' for n in range(1_001))),
                                 f"{FT}:4002", "1,002 fixes; expected at most 1,000 (core/limits.py)"),
    "structure: title mismatch": (sub("document.toml", TITLE, TITLE.replace("测试", "考试")), f"{FULL}:1",
                                  "no line holding the document title"),
}


# --- running a build in isolation ---------------------------------------------

DEADLINE = 60  # seconds; a good build of this project takes about 2
MEMORY = 2 * 1024 ** 3  # bytes of address space a build may add


def _build(root: Path, site: Path, out: Path) -> tuple[int, str]:
    """`policy-site build` in a forked child, working directory the project,
    with a deadline and a memory limit; returns (exit code, stderr)."""
    out.mkdir(exist_ok=True)
    stderr_path = out / "stderr.txt"
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 99
        try:
            with open("/proc/self/status") as status:
                size = next(int(l.split()[1]) * 1024 for l in status if l.startswith("VmSize:"))
            resource.setrlimit(resource.RLIMIT_AS, (size + MEMORY, size + MEMORY))
            os.chdir(root)
            with open(out / "stdout.txt", "w", encoding="utf-8") as o, open(stderr_path, "w", encoding="utf-8") as e:
                sys.stdout, sys.stderr = o, e
                try:
                    code = main(["--project", str(root), "build", "--site-dir", str(site)])
                except BaseException:
                    traceback.print_exc(file=e)
                    code = 98
                o.flush()
                e.flush()
        finally:
            os._exit(code)
    deadline = time.monotonic() + DEADLINE
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail(f"the build did not finish in {DEADLINE} s")
        time.sleep(0.02)
    code = os.waitstatus_to_exitcode(status)
    return code, stderr_path.read_text(encoding="utf-8") if stderr_path.exists() else ""


def _tree(root: Path, skip: tuple[Path, ...]) -> dict[str, str]:
    """Every entry under `root` (not following links) -> a digest of its content."""
    entries = {}
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if here / d not in skip]
        for name in dirnames + filenames:
            path = here / name
            key = str(path.relative_to(root))
            if path.is_symlink():
                entries[key] = "link:" + os.readlink(path)
            elif path.is_file():
                entries[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            elif path.is_dir():
                entries[key] = "dir"
    return entries


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """The project and the good site it builds, made once."""
    base = tmp_path_factory.mktemp("good")
    root = _project(base / "project")
    site = base / "site"
    code, err = _build(root, site, base / "out")
    assert code == 0, err
    assert (site / "zh-hant" / "doc" / "clauses" / "1" / "index.html").exists()
    return root, site


MESSAGE = re.compile(r"^[^\s:][^:]*:[1-9][0-9]*(:[1-9][0-9]*)?: (warning: )?.+; expected .+; .+$")
# The library's report ends with what is online: the last good site, untouched.
SUMMARY_LINE = re.compile(r"^(nothing was published|[1-9][0-9]* error\(s\) in the library: nothing was built or "
                          r"published); the last good site is unchanged\.$")
DOCUMENT_LINE = re.compile(r"^[a-z0-9][a-z0-9-]*: [1-9][0-9]* error\(s\): not rebuilt; its last good version stays "
                           r"online\.$")
MORE_LINE = re.compile(r"^[1-9][0-9]* more problem\(s\) not shown")


def _broken_build(tmp_path: Path, good, breaker: Break) -> tuple[int, list[str]]:
    good_root, good_site = good
    root, site = tmp_path / "project", tmp_path / "site"
    shutil.copytree(good_root, root, symlinks=True)
    # The site: the copied project's link to its copy of the good release (a
    # site folder is a link to one of the project's own releases).
    release = Path(os.path.realpath(good_site)).relative_to(os.path.realpath(good_root / "build"))
    site.symlink_to(root / "build" / release, target_is_directory=True)
    breaker(root)
    skip = (tmp_path / "out", root / "build")
    before = _tree(tmp_path, skip)
    code, err = _build(root, site, tmp_path / "out")
    assert "Traceback" not in err, err
    after = _tree(tmp_path, skip)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"the failed build changed {changed[:10]}"
    assert _tree(site, ()) == _tree(good_site, ()), "the last good site is not intact"
    return code, err.splitlines()


@pytest.mark.parametrize("name", CASES)
def test_bad_input_is_refused_with_file_line_and_fix(tmp_path, good, name):
    breaker, where, needle = CASES[name]
    code, lines = _broken_build(tmp_path, good, breaker)
    assert code == 1, lines
    assert lines and SUMMARY_LINE.match(lines[-1]), lines
    body = [line for line in lines[:-1] if not DOCUMENT_LINE.match(line)]
    for line in body:
        assert MESSAGE.match(line) or MORE_LINE.match(line), f"not `file:line: …; expected …; …`: {line}"
    errors = [l for l in body if ": warning: " not in l]
    assert errors[0].startswith(f"{where}: ") and needle in errors[0], errors


def test_at_least_sixty_cases():
    assert len(CASES) >= 60


def test_the_cause_comes_before_its_consequences(tmp_path, good):
    """The summary named as the full text: the missing title is the cause,
    the repair that no longer applies its consequence."""
    code, lines = _broken_build(tmp_path, good, sub("document.toml", 'file = "sources/full.txt"',
                                                    'file = "sources/summary.txt"'))
    assert code == 1
    title = next(i for i, l in enumerate(lines) if "no line holding the document title" in l)
    repair = next(i for i, l in enumerate(lines) if "repair 'yi' applied 0 time(s)" in l)
    assert title < repair, lines


def test_content_file_problems_are_reported_together_before_the_text_is_read(tmp_path, good):
    breaker = [sub("document.toml", "short_title", "shortitle"), sub("tags.toml", 'terms = ["住房"]', 'terms = "住房"'),
               sub("traditional.toml", "reason", "raeson"), src("总体段落。", "总体段\x00落。")]
    code, lines = _broken_build(tmp_path, good, lambda root: [b(root) for b in breaker])
    assert code == 1
    text = "\n".join(lines)
    assert f"{DT}:3:" in text and f"{TT}:5:" in text and f"{FT}:4:" in text
    assert "U+0000" not in text  # the source is read only once its content files are right


def test_reported_problems_are_capped(tmp_path, good):
    code, lines = _broken_build(tmp_path, good, src("总体段落。", "总体段落" + "?" * 5000 + "。"))
    assert code == 1
    assert len(lines) == 203 and re.match(r"^4800 more problem\(s\) not shown", lines[-3]), lines[-4:]
    assert lines[-2:] == ["doc: 5000 error(s): not rebuilt; its last good version stays online.",
                          "nothing was published; the last good site is unchanged."]


def test_a_declared_rule_is_not_an_error(tmp_path, good):
    """A leading BOM and CRLF line ends have declared meanings (removed and
    counted), in sources and content files alike; a tab is whitespace."""
    def breaker(root):
        for name in ("document.toml", "sources/full.txt"):
            path = root / DOC / name
            path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
        src("总体段落。", "\t总体段落。")(root)
    root, site = tmp_path / "project", tmp_path / "site"
    shutil.copytree(good[0], root, symlinks=True)
    breaker(root)
    code, err = _build(root, site, tmp_path / "out")
    assert code == 0, err
    page = (site / "zh-hans" / "doc" / "sections" / "1" / "index.html").read_text(encoding="utf-8")
    assert "总体段落。" in page and "\ufeff" not in page


def test_a_document_name_outside_content_is_refused(tmp_path, good):
    root = tmp_path / "project"
    shutil.copytree(good[0], root, symlinks=True)
    (tmp_path / "elsewhere").mkdir()
    shutil.copy(root / DOC / "document.toml", tmp_path / "elsewhere" / "document.toml")
    code = main(["--project", str(root), "build", "../../elsewhere", "--site-dir", str(tmp_path / "site")])
    assert code == 1 and not (tmp_path / "site").exists()


def test_a_relative_site_dir_gets_the_whole_site(tmp_path, good, monkeypatch):
    """MkDocs reads a relative site_dir against its config's folder: the
    CLI resolves it first, so the site is where it was asked for, complete."""
    root = tmp_path / "project"
    shutil.copytree(good[0], root, symlinks=True)
    monkeypatch.chdir(tmp_path)
    assert main(["--project", str(root), "build", "--site-dir", "relative-site"]) == 0
    assert _tree(tmp_path / "relative-site", ()) .keys() == _tree(good[1], ()).keys()


@pytest.mark.parametrize("pattern", ["(.|.)*=", ".*.*.*.*.*.*.*.*="])
def test_a_catastrophic_pattern_cannot_hang_the_build(tmp_path, good, pattern):
    """Furniture patterns run on RE2: Python's `re` backtracked for minutes on
    these over a long line that does not match; RE2 is linear in the line."""
    root, site = tmp_path / "project", tmp_path / "site"
    shutil.copytree(good[0], root, symlinks=True)
    src("总体段落。", "总体段落" + "，推进" * 5000 + "。")(root)
    append("sources/full.txt", "页面附注=\n")(root)
    append("document.toml", f'[[full_text.furniture]]\nkind = "notice"\npattern = "{pattern}"\nreason = "页尾附注"\n')(root)
    started = time.monotonic()
    code, err = _build(root, site, tmp_path / "out")
    assert code == 0, err
    assert time.monotonic() - started < DEADLINE / 2
    assert "页尾附注" in (site / "zh-hans" / "doc" / "about" / "index.html").read_text(encoding="utf-8")


def test_no_raw_escape_reaches_the_terminal(tmp_path, good):
    """A content file's key or value holding terminal escapes is printed
    with them made visible: it cannot clear or recolour the terminal of
    whoever builds it, nor forge a line such as FAKE ALL GOOD."""
    root, site = tmp_path / "project", tmp_path / "site"
    shutil.copytree(good[0], root, symlinks=True)
    append("document.toml", '"\\u001b[2J\\u001b[31mFAKE" = 1\nofficial_url = "x\\nFAKE ALL GOOD"\n')(root)
    code, err = _build(root, site, tmp_path / "out")
    assert code == 1 and "\x1b" not in err and "\nFAKE ALL GOOD" not in err
    assert "\\u001b[2J\\u001b[31mFAKE" in err


def test_a_document_past_a_declared_limit_is_refused_never_merged(tmp_path, good):
    """100,000 short clauses once ran for 15 minutes and merged every clause
    from 10,000 on into clause 9,999: a declared limit refuses them at the
    first clause past it, once, in bounded time."""
    from policy_site.zh.numerals import format_numeral

    root, site = tmp_path / "project", tmp_path / "site"
    shutil.copytree(good[0], root, symlinks=True)
    source = root / DOC / "sources" / "full.txt"
    before, after = source.read_text(encoding="utf-8").split("（一）", 1)
    clauses = "".join(f"（{format_numeral(n)}）第{n}条。\n" for n in range(1, 5_001))
    source.write_text(before + clauses + "编辑：某人\n", encoding="utf-8")
    code, err = _build(root, site, tmp_path / "out")
    first = before.count("\n") + 1
    assert code == 1 and err.count("(core/limits.py)") == 1, err[:2000]
    assert (f"content/doc/sources/full.txt:{first + 2_000}: clause number 2,001; expected at most 2,000 "
            "(core/limits.py)") in err


def test_a_clause_number_past_the_numerals_is_an_error_not_merged_text():
    from policy_site.core.diagnostics import Diagnostics
    from policy_site.document.parse import TextLine, parse_document

    title = "国务院关于测试的意见"
    rows = [title, "一、总体要求", "（九千九百九十九）第一条。", "（一万）第二条。"]
    diagnostics = Diagnostics()
    parse_document([TextLine(n, t) for n, t in enumerate(rows, 1)], slug="t", title=title, source_file="t.txt",
                   diagnostics=diagnostics)
    assert any("（一万）" in str(d) and "t.txt:4:" in str(d) for d in diagnostics.errors), diagnostics.errors


def test_a_large_file_no_content_file_names_costs_no_memory(tmp_path, good):
    """A 1 GiB file dropped into a document's folder (a scan) that no content
    file names is a warning and never read whole (it is hashed in chunks for
    the rebuild decision): the build's peak memory stays under 300 MB, the
    issue's bound. The peak is the build process's own high-water mark
    (VmHWM of /proc/self/status, read by the process itself at its end,
    --jobs 1: the whole build in that process). ru_maxrss from wait4 is not
    it: Linux carries the forking parent's peak (the test suite's, up to
    500 MB) across exec into the child's."""
    import subprocess

    root = tmp_path / "project"
    shutil.copytree(good[0], root, symlinks=True)
    with (root / DOC / "sources" / "scan.pdf").open("wb") as f:  # sparse: no disk used
        f.truncate(1 << 30)
    program = ("import sys\nfrom policy_site.cli import main\ncode = main(sys.argv[1:])\n"
               "peak = next(l for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
               "print('PEAK', peak.split()[1])\nsys.exit(code)\n")
    command = [sys.executable, "-c", program, "--project", str(root), "build", "--jobs", "1",
               "--site-dir", str(tmp_path / "site")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]
    assert "scan.pdf" in result.stderr  # named as a file no content file names
    peak_kb = int(next(l for l in result.stdout.splitlines() if l.startswith("PEAK")).split()[1])
    # Read whole, the file took the build to 2.1 GB.
    assert peak_kb < 300 * 1024, f"peak {peak_kb / 1024:.0f} MB"


def test_a_title_longer_than_a_yaml_key_reaches_the_navigation(tmp_path, good):
    """PyYAML refuses a plain mapping key over 1,024 characters, and every
    navigation title is a key of the generated mkdocs.yml: a clause title of
    480 ampersands (2,400 characters escaped) once made it unreadable. The
    titles are explicit keys now, which have no such limit."""
    root, site = tmp_path / "project", tmp_path / "site"
    shutil.copytree(good[0], root, symlinks=True)
    title = "第二条" + "&" * 480 + "标题"
    src("（二）第二条标题", "（二）" + title)(root)
    code, err = _build(root, site, tmp_path / "out")
    assert code == 0, err
    page = (site / "zh-hans" / "doc" / "clauses" / "1" / "index.html").read_text(encoding="utf-8")
    assert "（二）第二条" + "&amp;" * 480 + "标题" in page  # its entry in the navigation


def test_an_engine_error_on_generated_text_is_reported_at_its_source_line(tmp_path, good, monkeypatch):
    """With the generated config written as plain JSON again (the 1,024-
    character key limit back), the engine's YAML error is reported at the
    line of the source whose title made it, not at the generated file."""
    from policy_site.site import engine
    from policy_site.site.cite import indented_json

    monkeypatch.setattr(engine, "config_text", lambda config: indented_json(config, 2))
    root, site = tmp_path / "project", tmp_path / "site"
    shutil.copytree(good[0], root, symlinks=True)
    src("（二）第二条标题", "（二）第二条" + "&" * 480 + "标题")(root)
    code, lines = _build(root, site, tmp_path / "out")
    assert code == 1, lines
    first = next(line for line in lines.splitlines() if ": warning: " not in line)
    assert first.startswith(f"{FULL}:10: text MkDocs could not build on clauses/2/index.md (generated "), first
    assert "YAML MkDocs cannot read" in first and MESSAGE.match(first), first



def test_a_file_no_content_file_names_is_a_warning_and_never_read(tmp_path, good):
    """A file beside the sources that nothing names is not read (its NUL and
    escape bytes are no error) and not published: a warning names it."""
    root, site = tmp_path / "project", tmp_path / "site"
    shutil.copytree(good[0], root, symlinks=True)
    (root / DOC / "sources" / "notes.txt").write_bytes(b"\x00\x1b[31m\xff")
    code, err = _build(root, site, tmp_path / "out")
    assert code == 0, err
    warning = next(line for line in err.splitlines() if line.startswith("content/doc/sources/notes.txt:1: warning: "))
    assert "a file no content file names (7 bytes), not read or published" in warning and MESSAGE.match(warning)
    assert not list(site.resolve().rglob("notes.txt"))
