"""A published URL stops answering only when someone decided so: a document
whose folder or document.toml disappears stops the build (naming it), the
live site stays; declared withdrawn in content/library.toml, its pages stay
published, each with a notice saying so and why."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from policy_site.cli import main
from policy_site.testing import VALID, make_project
from tests.library.test_parallel import site_files

NAMES = {"alpha": "测试", "beta": "试点", "gamma": "示范"}


@pytest.fixture
def built(tmp_path, capsys):
    project = make_project(tmp_path / "project", {
        name: {"text": VALID.replace("测试", word), "title": f"中共中央 国务院关于{word}城市工作的意见"}
        for name, word in NAMES.items()})
    site = tmp_path / "site"
    assert main(["--project", str(project), "build", "--site-dir", str(site)]) == 0
    capsys.readouterr()
    return project, site


def _build(project: Path, site: Path, capsys) -> tuple[int, str]:
    code = main(["--project", str(project), "build", "--site-dir", str(site)])
    return code, capsys.readouterr().err


def test_a_deleted_document_toml_stops_the_build_and_the_site_stays(built, capsys):
    project, site = built
    release, before = os.path.realpath(site), site_files(site)
    (project / "content" / "beta" / "document.toml").rename(project / "content" / "beta" / "document.toml.bak")
    code, err = _build(project, site, capsys)
    assert code == 1
    assert "content/beta/document.toml:1: missing; expected a document.toml in every document folder" in err
    assert os.path.realpath(site) == release and site_files(site) == before


def test_a_removed_document_folder_stops_the_build_naming_it(built, capsys):
    project, site = built
    before = site_files(site)
    shutil.rmtree(project / "content" / "gamma")
    code, err = _build(project, site, capsys)
    assert code == 1
    assert "content/gamma/document.toml:1: missing; the document 'gamma' is published on the live site" in err
    assert '[[withdrawn]] slug = "gamma"' in err and site_files(site) == before


def test_a_withdrawn_document_keeps_its_pages_with_a_notice(built, capsys):
    project, site = built
    shutil.rmtree(project / "content" / "gamma")
    with (project / "content" / "library.toml").open("a", encoding="utf-8") as f:
        f.write('\n[[withdrawn]]\nslug = "gamma"\nreason = "已被新的意见替代。"\n')
    code, err = _build(project, site, capsys)
    assert code == 0, err
    pages = sorted((site / "zh-hant" / "gamma").rglob("index.html"))
    assert len(pages) > 5
    for page in pages:
        assert "本文件已撤回：已被新的意見替代。" in page.read_text(encoding="utf-8")
    assert "本文件已撤回" not in (site / "zh-hans" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert "本文件已撤回：已被新的意见替代。" in (site / "zh-hans" / "gamma" / "clauses" / "1" / "index.html").read_text(
        encoding="utf-8")


def test_withdrawn_in_the_documents_own_toml_keeps_its_pages_with_a_notice(built, capsys):
    project, site = built
    folder = project / "content" / "gamma"
    shutil.rmtree(folder / "sources")  # what an editor who withdraws a document may well delete
    toml = folder / "document.toml"
    toml.write_text('withdrawn = "已被新的意见替代。"\n' + toml.read_text(encoding="utf-8"), encoding="utf-8")
    code, err = _build(project, site, capsys)
    assert code == 0, err
    pages = sorted((site / "zh-hant" / "gamma").rglob("index.html"))
    assert len(pages) > 5
    assert [p for p in pages if "本文件已撤回：已被新的意見替代。" not in p.read_text(encoding="utf-8")] == []
    assert "本文件已撤回" not in (site / "zh-hans" / "alpha" / "index.html").read_text(encoding="utf-8")


def test_an_empty_withdrawal_reason_is_refused_at_its_line(built, capsys):
    project, site = built
    before = site_files(site)
    toml = project / "content" / "gamma" / "document.toml"
    toml.write_text('withdrawn = " "\n' + toml.read_text(encoding="utf-8"), encoding="utf-8")
    code, err = _build(project, site, capsys)
    assert code == 1
    assert 'content/gamma/document.toml:' in err and 'withdrawn = " "; expected the reason, in words' in err
    assert site_files(site) == before
