"""Incremental builds: a document whose inputs are unchanged is not rebuilt;
changing any input of a document rebuilds it and nothing else; a change to
what every document is made from (base config, overrides, library file, the
generator itself) rebuilds all. Real MkDocs."""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

import policy_site
from policy_site.cli import main
from policy_site.testing import VALID, make_project


def _project(tmp_path: Path) -> tuple[Path, Path]:
    project = make_project(tmp_path / "project", {
        "alpha": {"text": VALID},
        "beta": {"text": VALID.replace("测试", "试点"), "title": "中共中央 国务院关于试点城市工作的意见"},
    })
    return project, tmp_path / "site"


def _build(project: Path, site: Path, capsys) -> tuple[int, set[str]]:
    code = main(["--project", str(project), "build", "--site-dir", str(site)])
    out = capsys.readouterr().out
    return code, {line.split()[1].rstrip(":") for line in out.splitlines() if line.startswith("built ")}


def test_an_unchanged_library_is_not_rebuilt_or_republished(tmp_path, capsys):
    project, site = _project(tmp_path)
    assert _build(project, site, capsys) == (0, {"alpha", "beta"})
    release = os.path.realpath(site)
    assert _build(project, site, capsys) == (0, set())
    assert os.path.realpath(site) == release


def test_changing_any_input_of_a_document_rebuilds_it_and_nothing_else(tmp_path, capsys):
    project, site = _project(tmp_path)
    assert _build(project, site, capsys)[0] == 0
    beta = project / "content" / "beta"
    edits = [
        lambda: (beta / "sources" / "full.txt").write_text(VALID.replace("测试", "试点").replace("第二条正文", "第二条新正文"),
                                                           encoding="utf-8"),
        lambda: (beta / "document.toml").write_text((beta / "document.toml").read_text(encoding="utf-8")
                                                    .replace('short_title = "意见"', 'short_title = "试点意见"'),
                                                    encoding="utf-8"),
        lambda: (beta / "traditional.toml").write_text("# no corrections\n", encoding="utf-8"),
        # Its own topic rules: a library tag on each of its clauses.
        lambda: (beta / "tags.toml").write_text('[[tag]]\nslug = "urban-renewal"\ninclude = [1, 2, 3]\n',
                                                encoding="utf-8"),
        # A file its document.toml does not name yet is still in its folder, so in its inputs.
        lambda: (beta / "notes.txt").write_text("审校记录\n", encoding="utf-8"),
    ]
    for edit in edits:
        edit()
        assert _build(project, site, capsys) == (0, {"beta"})
    assert "第二条新正文" in (site / "zh-hans" / "beta" / "clauses" / "2" / "index.html").read_text(encoding="utf-8")
    clause = (site / "zh-hans" / "beta" / "clauses" / "1" / "index.html").read_text(encoding="utf-8")
    meta = json.loads(re.search(r'<script id="policy-meta" type="application/json">(.*?)</script>', clause, re.S).group(1))
    assert meta["citation"]["shortNote"] == "，以下简称《试点意见》"


def test_a_change_to_what_every_document_is_made_from_rebuilds_all(tmp_path, capsys, monkeypatch):
    project, site = _project(tmp_path)
    assert _build(project, site, capsys)[0] == 0
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.unlink()  # make_project links the real one: edit a copy
    config.write_text(text + "\n# edited\n", encoding="utf-8")
    assert _build(project, site, capsys) == (0, {"alpha", "beta"})
    library = project / "content" / "library.toml"
    library.write_text(library.read_text(encoding="utf-8").replace("政策文件库", "政策文件汇编"), encoding="utf-8")
    assert _build(project, site, capsys) == (0, {"alpha", "beta"})
    assert "政策文件汇编" in (site / "zh-hans" / "index.html").read_text(encoding="utf-8")
    vocabulary = project / "content" / "tags.toml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    assert _build(project, site, capsys) == (0, {"alpha", "beta"})
    overrides = project / "overrides"
    target = overrides.resolve()
    overrides.unlink()
    shutil.copytree(target, overrides)
    (overrides / "main.html").write_text((overrides / "main.html").read_text(encoding="utf-8") + "\n",
                                         encoding="utf-8")
    assert _build(project, site, capsys) == (0, {"alpha", "beta"})
    # A new version of what the generator runs on (here MkDocs) rebuilds all.
    import importlib.metadata
    real_version = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version",
                        lambda name: "99.0" if name == "mkdocs" else real_version(name))
    assert _build(project, site, capsys) == (0, {"alpha", "beta"})
    monkeypatch.setattr(importlib.metadata, "version", real_version)
    assert _build(project, site, capsys) == (0, {"alpha", "beta"})
    # The site URL: every page names it.
    assert main(["--project", str(project), "build", "--site-dir", str(site), "--site-url", "https://x.example/"]) == 0
    assert {line.split()[1].rstrip(":") for line in capsys.readouterr().out.splitlines()
            if line.startswith("built ")} == {"alpha", "beta"}
    assert _build(project, site, capsys) == (0, {"alpha", "beta"})
    # The generator: a copy of the package with one template changed stands for a new version.
    package = tmp_path / "package" / "policy_site"
    shutil.copytree(Path(policy_site.__file__).parent, package)
    template = package / "site" / "templates" / "clause.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setattr(policy_site, "__file__", str(package / "__init__.py"))
    assert _build(project, site, capsys) == (0, {"alpha", "beta"})
    assert _build(project, site, capsys) == (0, set())


def test_another_engine_rebuilds_every_document(tmp_path, capsys):
    """The engine is an input of every document: switching to Zensical
    rebuilds all of them with it, and switching back rebuilds them again."""
    pytest.importorskip("zensical")
    project, site = _project(tmp_path)
    assert _build(project, site, capsys) == (0, {"alpha", "beta"})
    assert main(["--project", str(project), "build", "--site-dir", str(site), "--engine", "zensical"]) == 0
    assert {line.split()[1].rstrip(":") for line in capsys.readouterr().out.splitlines()
            if line.startswith("built ")} == {"alpha", "beta"}
    assert (site / "zh-hans" / "alpha" / "search.json").exists()  # Zensical's own index: its build
    assert "ENGINE" not in "".join(k for k in os.environ if k.startswith("POLICY_SITE"))  # not left behind
    assert _build(project, site, capsys) == (0, {"alpha", "beta"})
    assert not (site / "zh-hans" / "alpha" / "search.json").exists()
