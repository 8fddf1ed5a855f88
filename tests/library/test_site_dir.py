"""`--site-dir` never takes a folder: the build replaces the site folder
with a link to a release, so it must be absent, an empty folder, or this
project's own site link. Everything else is refused before anything is
built, and stays byte for byte as it was."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from policy_site.cli import main
from policy_site.testing import make_project


def _tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(root.rglob("*")) if not p.is_symlink()}


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "project", {"doc": {}})


def _build(project: Path, site: str | Path, capsys) -> tuple[int, str]:
    code = main(["--project", str(project), "build", "--site-dir", str(site)])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("name, found", [
    ("content", "--site-dir names the project's own content"),
    ("content/doc", "--site-dir names a path inside the project's own content/"),
    (".", "--site-dir names the project folder or a folder that holds it"),
    ("..", "--site-dir names the project folder or a folder that holds it"),
    ("build/site", "--site-dir names a folder inside build/, the generator's own"),
    ("overrides", "--site-dir names the project's own overrides"),
])
def test_the_projects_own_folders_are_refused_and_untouched(project, capsys, name, found):
    before = _tree(project / "content")
    code, err = _build(project, project / name, capsys)
    assert code == 1 and found in err, err
    assert _tree(project / "content") == before and (project / "content" / "doc" / "document.toml").is_file()
    assert not (project / "site").exists()


def test_a_folder_with_files_or_a_foreign_link_is_refused_and_intact(project, tmp_path, capsys):
    kept = tmp_path / "kept"
    (kept / "sub").mkdir(parents=True)
    (kept / "sub" / "report.pdf").write_bytes(b"%PDF keep me")
    before = _tree(kept)
    code, err = _build(project, kept, capsys)
    assert code == 1 and "--site-dir names a folder with files in it" in err
    assert _tree(kept) == before
    link = tmp_path / "link"
    link.symlink_to(kept, target_is_directory=True)
    code, err = _build(project, link, capsys)
    assert code == 1 and f"--site-dir names a link to {kept}, not to a release of this project" in err
    assert os.readlink(link) == str(kept) and _tree(kept) == before


def test_an_empty_folder_becomes_the_site_link_and_the_link_is_reused(project, tmp_path, capsys):
    site = tmp_path / "public"
    site.mkdir()
    assert _build(project, site, capsys)[0] == 0
    assert site.is_symlink() and (site / "zh-hans" / "index.html").is_file()
    (project / "content" / "doc" / "document.toml").write_text(
        (project / "content" / "doc" / "document.toml").read_text(encoding="utf-8").replace(
            'short_title = "意见"', 'short_title = "意见"\ndescription = "改过的描述。"'), encoding="utf-8")
    assert _build(project, site, capsys)[0] == 0 and site.is_symlink()
