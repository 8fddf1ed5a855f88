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


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/", "/policy/", "https://"])
def test_a_site_url_that_is_not_http_is_refused_before_anything_is_built(project, capsys, url):
    code = main(["--project", str(project), "build", "--site-url", url])
    err = capsys.readouterr().err
    assert code == 2 and f"--site-url {url!r}: found no http(s) URL with a host" in err
    assert not (project / "site").exists() and not (project / "build").exists()


def test_a_full_disk_is_one_message_and_the_site_stays(project, tmp_path, capsys, monkeypatch):
    import errno

    from policy_site.library import release
    from tests.library.test_parallel import site_files

    site = tmp_path / "site"
    assert _build(project, site, capsys)[0] == 0
    live, before = os.path.realpath(site), site_files(site)
    # A stale link of a build killed between making and renaming it (pid 2**22 + 1: above Linux's pid_max).
    stale = tmp_path / f".site.{2 ** 22 + 1}.link"
    stale.symlink_to(live)
    real, calls = release.link_file, []

    def full(source, target):
        calls.append(target)
        if len(calls) > 50:
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        return real(source, target)

    monkeypatch.setattr(release, "link_file", full)
    doc = project / "content" / "doc" / "document.toml"
    doc.write_text(doc.read_text(encoding="utf-8").replace('short_title = "意见"',
                                                           'short_title = "意见"\ndescription = "新。"'), "utf-8")
    code, err = _build(project, site, capsys)
    assert code == 1 and "the disk is full (No space left on device)" in err and "Traceback" not in err
    assert err.count("\n") == 1 and "the last good site is unchanged" in err
    assert os.path.realpath(site) == live and site_files(site) == before
    monkeypatch.setattr(release, "link_file", real)
    assert _build(project, site, capsys)[0] == 0 and not stale.is_symlink()
