"""Topics across the library: one reviewed vocabulary (content/tags.toml)
that every document is tagged with and that a document's own tags.toml may
adjust (extra terms, include/exclude) or extend with tags of its own, never
rename. Built with the real CLI and MkDocs; the pages read as HTML."""
from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from policy_site.cli import main
from policy_site.core.diagnostics import Diagnostics
from policy_site.document.tag import tag_document
from policy_site.library.catalog import load_catalog
from policy_site.testing import VALID, make_project
from tests.conftest import DOCUMENT, ROOT

# No tags.toml: tagged by the library alone. (一) has 住房 (housing), (二)
# 传染病 (health), (三) no library term: a warning, not an error.
PLAIN_TITLE = "国务院办公厅关于测试住房工作的通知"
PLAIN = VALID.replace("中共中央 国务院关于测试城市工作的意见", PLAIN_TITLE).replace("第一条正文。", "完善住房保障体系。").replace("第二条正文，含（5G）。", "加强传染病防治。")
# Its own tags.toml: its rules for the library's housing (the extra term 安居),
# and a tag of its own, pilot-zones.
REVIEWED = (VALID.replace("中共中央 国务院关于测试城市工作的意见", "中共中央办公厅 国务院办公厅关于测试试点工作的意见")
            .replace("（2025年8月15日）", "（2026年2月1日）")
            .replace("第一条正文。", "推进安居工程。").replace("第二条正文，含（5G）。", "建设住房试点。")
            .replace("（三）第三条标题。正文。", "（三）第三条标题。开展综合试点。"))
REVIEWED_TITLE = "中共中央办公厅 国务院办公厅关于测试试点工作的意见"
REVIEWED_TAGS = '''[[tag]]
slug = "housing"
terms = ["安居"]

[[tag]]
slug = "pilot-zones"
name = "试点示范"
description = "综合试点与示范区建设。"
terms = ["试点"]
'''


def _run(project: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--project", str(project), "build", *args])
    return code, out.getvalue(), err.getvalue()


def _text(path: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def _library_line(slug: str) -> int:
    lines = (ROOT / "content" / "tags.toml").read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if line == f'slug = "{slug}"')


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    root = tmp_path_factory.mktemp("vocabulary")
    project = make_project(root / "project", {
        "plain": {"text": PLAIN, "title": PLAIN_TITLE},  # issued 2025-08-15
        "reviewed": {"text": REVIEWED, "title": REVIEWED_TITLE, "tags": REVIEWED_TAGS},
    })
    site = root / "site"
    code, out, err = _run(project, "--site-dir", str(site))
    assert code == 0, err
    return {"project": project, "site": site, "out": out, "err": err.replace(f"{project}/", "")}


def test_a_document_without_a_topic_file_is_tagged_by_the_library(library):
    site = library["site"]
    assert "built plain" in library["out"]
    # (三) has no library term: a warning at its text, the build goes on.
    assert re.search(r"content/plain/sources/full\.txt:\d+: warning: clause （三） with no topic of the library "
                     r"vocabulary \(content/tags\.toml\)", library["err"])
    assert "error" not in library["err"]
    clause = (site / "zh-hans" / "plain" / "clauses" / "1" / "index.html").read_text(encoding="utf-8")
    assert 'data-tag="housing">住房</a>' in clause  # the library's name
    tags = sorted(p.name for p in (site / "zh-hans" / "plain" / "tags").iterdir() if p.is_dir())
    assert tags == ["health", "housing"]  # the library's tags on none of its clauses are not its topics


def test_a_document_extends_and_adjusts_the_library_vocabulary(library):
    site = library["site"]
    own = site / "zh-hans" / "topics" / "pilot-zones" / "index.html"
    page = _text(own)
    assert "试点示范" in page and "综合试点与示范区建设。" in page
    assert 'href="../../reviewed/clauses/2/"' in own.read_text(encoding="utf-8")
    assert "試點示範" in _text(site / "zh-hant" / "topics" / "pilot-zones" / "index.html")
    # The document's extra term 安居 puts the library's housing on (一).
    clause = (site / "zh-hans" / "reviewed" / "clauses" / "1" / "index.html").read_text(encoding="utf-8")
    assert 'data-tag="housing">住房</a>' in clause and "pilot-zones" not in clause
    topics = _text(site / "zh-hans" / "topics" / "index.html")
    assert "试点示范" in topics and "住房" in topics


def test_the_library_topic_page_groups_the_clauses_of_both_documents(library):
    page = (library["site"] / "zh-hans" / "topics" / "housing" / "index.html").read_text(encoding="utf-8")
    groups = re.findall(r'class="topic-document"[^>]*data-slug="([a-z0-9-]+)"', page)
    assert groups == ["reviewed", "plain"]  # newest first
    reviewed, plain = page.split('data-slug="plain"')
    assert re.findall(r'href="\.\./\.\./reviewed/clauses/(\d+)/"', reviewed) == ["1", "2"]
    assert re.findall(r'href="\.\./\.\./plain/clauses/(\d+)/"', plain) == ["1"]
    assert "<h1" in page and "住房" in _text(library["site"] / "zh-hans" / "topics" / "housing" / "index.html")


def test_editing_the_library_vocabulary_rebuilds_every_document(library):
    project, site = library["project"], library["site"]
    assert _run(project, "--site-dir", str(site))[1].count("built ") == 0
    vocabulary = project / "content" / "tags.toml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace('name = "住房"', 'name = "住房保障"'),
                          encoding="utf-8")
    code, out, err = _run(project, "--site-dir", str(site))
    assert code == 0, err
    assert sorted(re.findall(r"^built (\S+):", out, re.M)) == ["plain", "reviewed"]
    clause = (site / "zh-hans" / "plain" / "clauses" / "1" / "index.html").read_text(encoding="utf-8")
    assert 'data-tag="housing">住房保障</a>' in clause
    assert "住房保障" in _text(site / "zh-hans" / "topics" / "housing" / "index.html")


def _catalog_errors(project: Path) -> list[str]:
    diagnostics = Diagnostics()
    _, _, own = load_catalog(project / "content", diagnostics)
    found = [str(d) for d in diagnostics.errors] + [str(d) for ds in own.values() for d in ds.errors]
    return [e.replace(f"{project}/", "") for e in found]  # as shown from the project folder


def test_a_document_cannot_rename_a_library_tag(tmp_path):
    tags = '[[tag]]\nslug = "housing"\nname = "居住"\nterms = ["住房"]\n'
    project = make_project(tmp_path / "project", {"doc": {"text": PLAIN, "title": PLAIN_TITLE, "tags": tags}})
    errors = _catalog_errors(project)
    assert errors == [f"content/doc/tags.toml:3: name for tag 'housing', defined by content/tags.toml:"
                      f"{_library_line('housing')}; expected a library tag with its one name and description; "
                      "here only this document's rules for it (terms, include, exclude); remove `name` to use "
                      "the library's tag, or choose another slug for a tag of this document"], errors
    # And the CLI refuses it, with the same file:line.
    code, _, err = _run(project, "--site-dir", str(tmp_path / "site"))
    assert code == 1 and "content/doc/tags.toml:3: name for tag 'housing'" in err


def test_a_new_tag_needs_its_name_and_one_document_defines_it(tmp_path):
    own = '[[tag]]\nslug = "pilot-zones"\nname = "试点"\ndescription = "试点。"\nterms = ["第一条"]\n'
    project = make_project(tmp_path / "project", {
        "one": {"text": PLAIN, "title": PLAIN_TITLE, "tags": '[[tag]]\nslug = "housign"\nterms = ["住房"]\n'},
        "two": {"text": REVIEWED, "title": REVIEWED_TITLE, "tags": own},
        "three": {"text": PLAIN.replace("测试住房", "测试乡村"), "title": "国务院办公厅关于测试乡村工作的通知",
                  "tags": own},
    })
    errors = "\n".join(_catalog_errors(project))
    assert ("content/one/tags.toml:1: [[tag]] 'housign' without name and description; expected name and "
            "description for a tag of this document") in errors
    assert f"did you mean the library's 'housing' (content/tags.toml:{_library_line('housing')})?" in errors
    assert ("content/two/tags.toml:2: tag 'pilot-zones', also defined by content/three/tags.toml:2; expected a tag "
            "used by two documents defined once, in the library vocabulary") in errors


def test_the_library_vocabulary_is_type_checked_and_stops_the_whole_build(tmp_path):
    project = make_project(tmp_path / "project", {"doc": {"text": PLAIN, "title": PLAIN_TITLE}})
    vocabulary = project / "content" / "tags.toml"
    text = vocabulary.read_text(encoding="utf-8")
    line = _library_line("megacities")
    vocabulary.write_text(text.replace('slug = "megacities"', 'slug = "megacities"\nexclude = [3]')
                          .replace('name = "住房"', "name = 7"), encoding="utf-8")
    diagnostics = Diagnostics()
    load_catalog(project / "content", diagnostics)
    errors = [str(d).replace(f"{project}/", "") for d in diagnostics.errors]
    assert any(e.startswith(f"content/tags.toml:{line + 1}: an unknown key `exclude` in [[tag]] number 2") for e in errors)
    assert any(e.startswith(f"content/tags.toml:{_library_line('housing') + 2}: name = 7 is a whole number")
               for e in errors), errors
    code, out, err = _run(project, "--site-dir", str(tmp_path / "site"))
    assert code == 1 and "error(s) in the library: nothing was built" in err and "built" not in out


def test_the_first_documents_tagging_is_unchanged(edition):
    """The library vocabulary with the document's own rules tags every clause
    as the golden pages (made from its former self-contained tags.toml) show."""
    diagnostics = Diagnostics()
    tagging = tag_document(edition.document, DOCUMENT / "tags.toml", diagnostics, library=ROOT / "content" / "tags.toml")
    assert not diagnostics.items, diagnostics.items
    golden = (ROOT / "tests" / "golden" / DOCUMENT.name / "markdown-zh-hans.md").read_text(encoding="utf-8")
    pages = dict(re.findall(r"^===== clauses/(\d+)/index\.md\n(.*?)(?=^===== |\Z)", golden, re.M | re.S))
    assert len(pages) == len(edition.document.clauses) == 23
    for clause in edition.document.clauses:
        shown = tuple(re.findall(r'class="tag-chip" href="\.\./\.\./tags/[a-z0-9-]+/" data-tag="([a-z0-9-]+)"',
                                 pages[str(clause.number)]))
        assert tagging.slugs(clause.number) == shown, clause.label
    # The document's exclusions still apply: (八) is not tagged with 智慧.
    assert "digital-smart-city" not in tagging.slugs(8) and "housing" not in tagging.slugs(21)
