"""The generator's fast paths (issue 18's CPU budget) give what the slow
ones gave, and its caches are never stale: each is checked against the
plain computation and against an edit between two readings."""
from __future__ import annotations

import json
import os

from policy_site.core.diagnostics import Diagnostics
from policy_site.document.tag import load_library_vocabulary, load_vocabulary
from policy_site.site import engine as site
from policy_site.site import interface
from policy_site.site.cite import indented_json
from policy_site.site.render import Markup, literal

LIBRARY = '''[[tag]]
slug = "housing"
name = "住房"
description = "住房。"
terms = ["住房"]
'''


def test_indented_json_is_json_dumps_byte_for_byte():
    cases = [[], {}, [{}], [[]], {"a": []}, "x", 3, None, True, 1.5, [float("nan")], {1: "int key"},
             {"title": "关于“城市”\n\u2028\"引号\"\\", "author": [{"literal": "中共中央"}, {"literal": "国务院"}],
              "issued": {"date-parts": [[2025, 8, 28]]}, "nested": [[1, [2, []]], {"k": (1, 2)}], "f": False}]
    for value in cases:
        assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=1), value
        assert indented_json(value, 2) == json.dumps(value, ensure_ascii=False, indent=2), value


def test_literal_passes_markup_through_and_escapes_text():
    mark = Markup("<b>x</b>")
    assert literal(mark) is mark
    assert literal("a<b>*c*") == "a&lt;b&gt;&#42;c&#42;"
    assert literal(12) == "12" and type(literal(12)) is Markup
    assert literal("") == "" and type(literal("x")) is Markup


def test_write_changed_keeps_unchanged_files_and_removes_others(tmp_path):
    root = tmp_path / "docs"
    site._write_changed(root, {root / "a.md": b"one", root / "sub/b.md": b"two", root / "c.md": b"three"})
    kept = (root / "a.md").stat().st_mtime_ns
    os.utime(root / "a.md", ns=(kept - 10**9, kept - 10**9))  # so a rewrite would show
    site._write_changed(root, {root / "a.md": b"one", root / "sub/b.md": b"TWO", root / "new/d.md": b"four"})
    assert (root / "a.md").stat().st_mtime_ns == kept - 10**9  # same bytes: not written again
    assert (root / "sub/b.md").read_bytes() == b"TWO"  # same size, other bytes: written
    assert (root / "new/d.md").read_bytes() == b"four"
    assert not (root / "c.md").exists()
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) == ["a.md", "new/d.md", "sub/b.md"]


def test_a_vocabulary_edit_is_seen_even_with_the_same_size_and_time(tmp_path):
    path = tmp_path / "tags.toml"
    path.write_text(LIBRARY, encoding="utf-8")
    first = load_library_vocabulary(path, Diagnostics())
    assert load_library_vocabulary(path, Diagnostics()) is first  # one reading per state of the file
    stamp = path.stat().st_mtime_ns
    path.write_text(LIBRARY.replace("住房。", "居住。"), encoding="utf-8")  # same length in bytes
    os.utime(path, ns=(stamp, stamp))
    second = load_library_vocabulary(path, Diagnostics())
    assert second.tags[0].description == "居住。"


def test_a_cached_vocabulary_reports_its_problems_every_time(tmp_path):
    path = tmp_path / "tags.toml"
    path.write_text(LIBRARY + LIBRARY, encoding="utf-8")  # the slug twice
    for _ in range(2):
        found = Diagnostics()
        load_library_vocabulary(path, found)
        assert [e.found for e in found.errors] == ["tag 'housing' a second time (first at line 2)"]
    own = tmp_path / "own.toml"
    own.write_text('[[tag]]\nslug = "Bad Slug"\nname = "x"\ndescription = "x。"\nterms = ["x"]\n', encoding="utf-8")
    library = load_library_vocabulary(path, Diagnostics())
    for _ in range(2):
        found = Diagnostics()
        load_vocabulary(own, found, library)
        assert found.errors and "Bad Slug" in found.errors[0].found


def test_pinned_interface_words_are_read_again_by_the_next_build(tmp_path):
    folder = tmp_path / "ui"
    folder.mkdir()
    for file in interface.UI_FOLDER.glob("*.toml"):
        (folder / file.name).write_bytes(file.read_bytes())
    words = interface.tables(folder)
    with interface.pinned():
        pinned = interface.tables()
        assert interface.tables() is pinned
        assert interface.tables(folder) is words  # an explicit folder is never the pinned one
    assert interface._PINNED.get() is None
    first = next(iter(words.tables))
    key = next(iter(words.tables[first]))
    for file in folder.glob("*.toml"):  # an edit between two builds
        file.write_text(file.read_text(encoding="utf-8") + '\n"新增词语" = "新增词语"\n', encoding="utf-8")
    assert interface.tables(folder).words(first, "新增词语") == "新增词语"
    assert interface.tables(folder).words(first, key) == words.words(first, key)
