"""The audit proves nothing is lost (issue 13, item 6).

Sabotage cases: copies of the real first document, each edited the way a
careless or hostile editor might, so that a character disappears from the
published text. Each must fail `policy-site audit` and `policy-site build`
with a `file:line` message naming the lost character; the real document
passes both. Unit tests cover the reading check and the round trip."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policy_site.cli import main
from policy_site.core.diagnostics import Diagnostics
from policy_site.document.audit import audit_edition, check_readings, difference, text_fingerprints
from policy_site.document.pipeline import load_edition
from policy_site.testing import VALID, write_document
from policy_site.zh.convert import round_trip_mismatches, traditional_layer
from policy_site.zh.pinyin import is_reading_of
from tests.conftest import DOCUMENT, ROOT
from tests.helpers import check_golden

NAME = DOCUMENT.name
SOURCE = "sources/004_d0d5c7c8f8f9bfc9.txt"
SUMMARY = "sources/000_8835b02d8b5f4aef.txt"


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(DOCUMENT, root / "content" / NAME)
    shutil.copy(ROOT / "content" / "library.toml", root / "content" / "library.toml")
    shutil.copy(ROOT / "content" / "tags.toml", root / "content" / "tags.toml")
    shutil.copytree(ROOT / "content" / "ui", root / "content" / "ui")
    for name in ("mkdocs.yml", "overrides"):
        (root / name).symlink_to(ROOT / name)
    return root


def _edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / "content" / NAME / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _line_of(root: Path, relative: str, needle: str) -> int:
    lines = (root / "content" / NAME / relative).read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def _run(root: Path, capsys, *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--project", str(root), *args])
    return code, capsys.readouterr().err


def _append_repair(root: Path, entry: str) -> None:
    path = root / "content" / NAME / "repairs.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")


NEW_REPAIR = '''[[repair]]
id = "quan"
find = "生活圈"
replace = "生活"
count = 1
evidence = "a careless edit"
'''

NEW_DECLARED_REPAIR = '''[[repair]]
id = "quan"
kind = "mojibake"
find = "生活圈"
damaged = "圈"
restores = ""
replace = "生活"
count = 1
evidence = "a careless edit"
witnesses = ["便民生活"]
'''

# (case, edits [(file, old, new)], repairs to append, (file, line needle), lost character as the message quotes it)
SABOTAGE = {
    # (1) a repair restoring one character less: `replace` alone edited ...
    "repair restores one less": (
        [("repairs.toml", 'replace = "。科學"', 'replace = "科學"')], None,
        ("repairs.toml", 'find = "??茖W"'), "“。” lost"),
    # ... and `replace` with `restores`: the witness from the summary no longer reads.
    "repair restores one less, declared": (
        [("repairs.toml", 'replace = "。科學"', 'replace = "科學"'),
         ("repairs.toml", 'restores = "。科學"', 'restores = "科學"')], None,
        ("repairs.toml", 'find = "??茖W"'), "“。” lost"),
    # ... the last restored character dropped: the witness shows 学 lost (and
    # its reading (xué) then follows 科: test_a_reading_after_a_repair_…).
    "repair drops the character its reading reads": (
        [("repairs.toml", 'replace = "。科學"', 'replace = "。科"'),
         ("repairs.toml", 'restores = "。科學"', 'restores = "。科"')], None,
        ("repairs.toml", 'find = "??茖W"'), "“学” lost"),
    # (2) a new repair dropping a character, as the repairs file used to allow ...
    "new repair drops a character": (
        [], NEW_REPAIR, ("repairs.toml", 'find = "生活圈"'), "“圈” lost"),
    # ... and with every claim declared: the "damage" has no mark of damage.
    "new repair drops a character, declared": (
        [], NEW_DECLARED_REPAIR, ("repairs.toml", 'find = "生活圈"'), "“圈” lost"),
    # (3) a widened repair swallowing a 、 ...
    "widened repair swallows 、": (
        [("repairs.toml", 'find = "燃?xì)?"', 'find = "燃?xì)?、"')], None,
        ("repairs.toml", 'find = "燃?xì)?、"'), "“、” lost"),
    "widened repair swallows 、, declared": (
        [("repairs.toml", 'find = "燃?xì)?"', 'find = "燃?xì)?、"'),
         ("repairs.toml", 'damaged = "?xì)?"', 'damaged = "?xì)?、"')], None,
        ("repairs.toml", 'find = "燃?xì)?、"'), "“、” lost"),
    # (4) a widened repair swallowing a character with its reading ...
    "widened repair swallows 鎮(zhèn)": (
        [("repairs.toml", 'find = "燃?xì)?"', 'find = "鎮(zhèn)燃?xì)?"')], None,
        ("repairs.toml", 'find = "鎮(zhèn)燃?xì)?"'), "“鎮(zhèn)” lost"),
    "widened repair swallows 鎮(zhèn), declared": (
        [("repairs.toml", 'find = "燃?xì)?"', 'find = "鎮(zhèn)燃?xì)?"'),
         ("repairs.toml", 'damaged = "?xì)?"', 'damaged = "鎮(zhèn)燃?xì)?"'),
         ("repairs.toml", 'restores = "氣"', 'restores = "燃氣"')], None,
        ("repairs.toml", 'find = "鎮(zhèn)燃?xì)?"'), "“镇” lost"),
    # (5) a traditional fix dropping a character.
    "traditional fix drops a character": (
        [("traditional.toml", 'replace = "更加注重"', 'replace = "更加重"')], None,
        ("traditional.toml", 'find = "更加註重"'), "“注” lost"),
    # (6) a NUL in the source: OpenCC s2tw drops the rest of the node, 5
    # characters (“<U+0000>如下意见。” lost; a check of the input that refuses
    # the NUL first names it too).
    "NUL truncates the traditional text": (
        [(SOURCE, "提出如下意見(jiàn)。", "提出\x00如下意見(jiàn)。")], None,
        (SOURCE, "提出\x00如下"), "U+0000"),
    # (7) text in parentheses that looks like pinyin, removed as a reading.
    "text read as a reading": (
        [(SOURCE, "提出如下意見(jiàn)。", "提出(e)如下意見(jiàn)。")], None,
        (SOURCE, "提出(e)如下"), "“(e)”"),
}


@pytest.mark.parametrize("case", list(SABOTAGE))
def test_sabotage_fails_the_audit_and_the_build(case, tmp_path, capsys):
    edits, repair, (where, needle), lost = SABOTAGE[case]
    root = _project(tmp_path)
    for relative, old, new in edits:
        _edit(root, relative, old, new)
    if repair:
        _append_repair(root, repair)
    line = _line_of(root, where, needle)
    location = f"{Path(where).name}:{line}:"
    for args in (["audit"], ["build", "--site-dir", str(tmp_path / "site")]):
        code, err = _run(root, capsys, *args)
        assert code != 0, f"{case}: {args[0]} exited 0\n{err}"
        messages = [m for m in err.splitlines() if location in m and lost in m]
        assert messages, f"{case}: {args[0]} names no {lost} at {location}:\n{err}"
    assert not (tmp_path / "site").exists()


def test_the_real_document_passes_the_audit_and_builds(tmp_path, capsys):
    root = _project(tmp_path)
    code, err = _run(root, capsys, "audit")
    assert code == 0, err
    code, err = _run(root, capsys, "build", "--site-dir", str(tmp_path / "site"))
    assert code == 0, err
    assert (tmp_path / "site" / "zh-hant" / "index.html").exists()


def test_audit_report_of_the_real_document(edition):
    diagnostics = Diagnostics()
    audit = audit_edition(edition, diagnostics)
    assert not diagnostics.items, diagnostics.items
    assert {r.id: (r.sites, r.witnessed) for r in audit.repairs} == {"kexue": (2, 1), "ranqi": (1, 1)}
    assert audit.readings_checked == 1122
    assert audit.nodes_round_tripped == len(list(edition.document.texts())) + len(list(edition.summary.texts()))
    # The summary's source is accounted for character by character too.
    summary = audit.summary
    assert summary is not None and summary.file.endswith(SUMMARY.split("/")[1])
    assert summary.document_chars == sum(len(t) for _, t in edition.summary.texts())
    assert summary.line_breaks == edition.summary_source.source.text.count("\n")
    assert {r.rule for r in summary.rows} >= {"bullet", "indent", "punctuation", "furniture"}


def test_text_length_and_hash_are_pinned(edition, update_golden):
    """A change of one character anywhere in either script's text changes this file."""
    lines = [f"{f.name}: {f.chars} characters, sha256 {f.sha256}" for f in text_fingerprints(edition)]
    check_golden(f"{NAME}/text-fingerprints.txt", "\n".join(lines) + "\n", update_golden)


# --- the summary is audited -------------------------------------------------------

def test_a_nul_in_the_summary_fails_at_its_line(tmp_path, capsys):
    root = _project(tmp_path)
    _edit(root, SUMMARY, "培育消费新场景。", "培育消费\x00新场景。")
    line = _line_of(root, SUMMARY, "培育消费\x00")
    code, err = _run(root, capsys, "audit")
    assert code != 0
    assert any(f"{Path(SUMMARY).name}:{line}:" in m and "U+0000" in m for m in err.splitlines()), err  # refused when read


def test_a_witness_must_be_found_outside_the_repair(tmp_path, capsys):
    """Evidence the audit can verify: without the summary's quotation, the
    repair of 燃气 has no witness."""
    root = _project(tmp_path)
    _edit(root, SUMMARY, "城镇燃气、道路交通", "城镇燃料、道路交通")
    line = _line_of(root, "repairs.toml", 'find = "燃?xì)?"')
    code, err = _run(root, capsys, "audit")
    assert code != 0
    assert any(f"repairs.toml:{line}:" in m and "is not in the summary" in m for m in err.splitlines()), err


def test_a_repair_must_declare_what_it_restores(tmp_path, capsys):
    root = _project(tmp_path)
    _edit(root, "repairs.toml", 'restores = "氣"\n', "")
    _edit(root, "repairs.toml", 'kind = "mojibake"\nfind = "燃', 'find = "燃')
    line = _line_of(root, "repairs.toml", 'find = "燃?xì)?"')
    code, err = _run(root, capsys, "audit")
    assert code != 0
    found = [m for m in err.splitlines() if f"repairs.toml:{line}:" in m]
    assert any("no `kind`" in m for m in found) and any("no `restores`" in m for m in found), err


def test_a_reading_after_a_repair_must_read_the_restored_character(tmp_path, capsys):
    root = _project(tmp_path)
    _edit(root, "repairs.toml", 'replace = "。科學"', 'replace = "。科"')
    _edit(root, "repairs.toml", 'restores = "。科學"', 'restores = "。科"')
    code, err = _run(root, capsys, "audit")
    assert code != 0
    for needle in ("所體系??茖W", "生活圈??茖W"):
        line = _line_of(root, SOURCE, needle)
        assert any(f"{Path(SOURCE).name}:{line}:" in m and "“(xué)”" in m and "after “科”" in m
                   and "repair 'kexue'" in m for m in err.splitlines()), err


# --- unit: readings -----------------------------------------------------------------

@pytest.mark.parametrize("syllable, char, expected", [
    ("fā", "發", True),       # tone marks, traditional character
    ("fā", "发", True),       # simplified
    ("huì ", "會", True),     # a space inside the parenthesis
    ("guan", "關", True),     # toneless
    ("yu", "於", True),
    ("lv", "綠", True),       # v for ü
    ("xué", "學", True),
    ("qì", "氣", True),
    ("fā", "學", False),      # a reading of another character
    ("xue", "發", False),     # toneless, of another character
    ("guàn", "關", False),    # the right syllable, the wrong tone
])
def test_is_reading_of(syllable, char, expected):
    assert is_reading_of(syllable, char) is expected


def _readings_diagnostics(tmp_path, text: str) -> list[str]:
    folder = write_document(tmp_path / "doc", text)
    diagnostics = Diagnostics()
    edition = load_edition(folder, diagnostics)
    assert edition is not None, diagnostics.items
    check_readings(edition.full_text, diagnostics)
    return [str(d) for d in diagnostics.errors]


def test_a_wrong_reading_is_an_error_at_its_column(tmp_path):
    errors = _readings_diagnostics(tmp_path, VALID.replace("序言第一句", "序言第(xué)一句"))
    assert len(errors) == 1, errors
    assert "full.txt:5:" in errors[0] and "column 4" in errors[0] and "“第”" in errors[0] and "xué" in errors[0]


def test_right_readings_toned_toneless_and_spaced_pass(tmp_path):
    text = VALID.replace("序言第一句", "序言關(guan) 於(yu)會(huì )議發(fā)展")
    assert _readings_diagnostics(tmp_path, text) == []


# --- unit: round trip -------------------------------------------------------------

def test_round_trip_names_what_a_nul_loses():
    texts = [("a", "发展\x00建设城市"), ("b", "更加注重")]
    layer, _ = traditional_layer(texts)
    mismatches = round_trip_mismatches(texts, layer)
    assert [m[0] for m in mismatches] == ["a"]
    _, canonical, back = mismatches[0]
    assert back == "发展" and difference(canonical, back) == "“<U+0000>建设城市” lost"


def test_round_trip_catches_a_fix_that_changes_the_text():
    texts = [("c15-s4", "更加注重以人为本")]
    layer, applied = traditional_layer(texts, [("更加註重", "更加重")])
    assert applied == {"更加註重": 1}
    assert round_trip_mismatches(texts, layer) == [("c15-s4", "更加注重以人为本", "更加重以人为本")]
    right, _ = traditional_layer(texts, [("更加註重", "更加注重")])
    assert round_trip_mismatches(texts, right) == []


# --- unit: the ends of a damaged span ----------------------------------------------

def _repaired_document(tmp_path, witness: str) -> list[str]:
    repairs = ('[[repair]]\nid = "tiduan"\nkind = "mojibake"\nfind = "总?茖落"\ndamaged = "?茖"\n'
               f'restores = "体段"\nreplace = "总体段落"\ncount = 1\nevidence = "the summary"\nwitnesses = ["{witness}"]\n')
    folder = write_document(tmp_path / "doc", VALID.replace("总体段落", "总?茖落"), repairs=repairs,
                            summary="测试摘要\n\n总体段落写得很好。\n")
    diagnostics = Diagnostics()
    edition = load_edition(folder, diagnostics)
    assert edition is not None, diagnostics.items
    audit_edition(edition, diagnostics)
    return [str(d) for d in diagnostics.errors]


def test_a_damaged_span_may_end_in_a_han_character_a_witness_reads_across(tmp_path):
    """Mojibake can end in a real-looking character (茖): a witness that
    reads across that end shows the repair deletes nothing."""
    assert _repaired_document(tmp_path, "总体段落") == []
    assert _repaired_document(tmp_path / "2", "体段落") == []


def test_a_damaged_span_ending_in_a_han_character_needs_a_witness_across_it(tmp_path):
    errors = _repaired_document(tmp_path, "总体段")
    assert len(errors) == 1 and "repairs.toml:4:" in errors[0] and "ends with “茖”" in errors[0], errors


def test_an_unpaired_quotation_mark_fails_at_its_line(tmp_path, capsys):
    """The traditional editions write 「」 for “” (zh/quotes.py): a mark
    without its partner is an error where it is, not a guess at the pairing."""
    root = _project(tmp_path)
    _edit(root, SUMMARY, "“一带一路”", "“一带一路")
    line = _line_of(root, SUMMARY, "“一带一路")
    code, err = _run(root, capsys, "audit")
    assert code != 0
    assert any(f"{Path(SUMMARY).name}:{line}:" in m and "“ never closed" in m for m in err.splitlines()), err
