"""Parallel builds: documents built in worker processes give the same report
and the same site, byte for byte, as a build in one process, and a failing
document keeps its last good version the same way. Real MkDocs."""
from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path

import pytest

from policy_site.cli import DEFAULT_SITE_URL, main
from policy_site.core.project import Project
from policy_site.library.build import build_library, report
from policy_site.testing import VALID, make_project

BROKEN = VALID.replace("第二条正文", "第二条正?文")  # damage left after cleaning: an error at its line


def library(root: Path) -> Path:
    return make_project(root, {
        "alpha": {"text": VALID},
        "beta": {"text": VALID.replace("测试", "试点"), "title": "中共中央 国务院关于试点城市工作的意见"},
        "gamma": {"text": VALID.replace("测试", "示范"), "title": "中共中央 国务院关于示范城市工作的意见"},
    })


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a published site tree, by path below its root."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def build(project: Path, site: Path, capsys, jobs: int) -> tuple[int, str, list[int]]:
    """The command line's build and report; also which processes built the documents."""
    outcome = build_library(Project.at(project, site), DEFAULT_SITE_URL, jobs=jobs)
    code = report(outcome)
    captured = capsys.readouterr()
    text = (captured.out + "\n--\n" + captured.err).replace(str(project), "<project>")
    # The release folder is named by time and process: everything else must agree.
    return code, re.sub(r"-> \S+", "-> <release>", text), [d.process for d in outcome.documents if d.built]


@pytest.fixture
def reproducible(monkeypatch):
    # MkDocs stamps sitemap.xml.gz with the build time unless told the source date.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


def test_two_workers_build_the_same_site_and_report_as_one_process(tmp_path, capsys, reproducible):
    runs = {}
    project, site = tmp_path / "project", tmp_path / "site"
    for jobs in (1, 2):
        # One path for both: document.json names its source files by their path.
        for folder in (project, site):
            if folder.is_symlink():
                folder.unlink()
            shutil.rmtree(folder, ignore_errors=True)
        library(project)
        *first, builders = build(project, site, capsys, jobs)
        files = site_files(site)
        # Break one document: the others rebuild, it keeps its last good version.
        for name in ("alpha", "gamma"):
            source = project / "content" / name / "sources" / "full.txt"
            source.write_text(source.read_text(encoding="utf-8").replace("第一条正文", "第一条新正文"), encoding="utf-8")
        (project / "content" / "beta" / "sources" / "full.txt").write_text(BROKEN.replace("测试", "试点"),
                                                                          encoding="utf-8")
        *second, _ = build(project, site, capsys, jobs)
        runs[jobs] = {"first": first, "files": files, "second": second, "after": site_files(site),
                      "builders": builders}
    one, two = runs[1], runs[2]
    assert one["builders"] == [os.getpid()] * 3  # jobs=1: in this process
    assert len(two["builders"]) == 3 and os.getpid() not in two["builders"]  # jobs=2: in workers
    assert one["first"] == two["first"]
    assert one["first"][0] == 0 and "built alpha" in one["first"][1] and "published 3 document(s)" in one["first"][1]
    assert one["files"].keys() == two["files"].keys() and len(one["files"]) > 100
    assert [p for p in one["files"] if one["files"][p] != two["files"][p]] == []
    assert one["second"] == two["second"]
    code, report_text = one["second"]
    assert code == 1
    assert "beta: 1 error(s): not rebuilt; its last good version stays online." in report_text
    assert "<project>/content/beta/sources/full.txt:10: a `?` at column 14" in report_text
    assert one["after"] == two["after"]
    beta = one["after"]["zh-hans/beta/clauses/2/index.html"].decode("utf-8")
    assert "第二条正文" in beta and "第二条正?文" not in beta  # the last good version
    assert "第一条新正文" in one["after"]["zh-hans/alpha/clauses/1/index.html"].decode("utf-8")


@pytest.mark.parametrize("value", ["0", "-2", "many"])
def test_a_bad_jobs_value_is_refused_with_what_to_write(tmp_path, capsys, value):
    with pytest.raises(SystemExit) as stop:
        main(["--project", str(tmp_path), "build", "--jobs", value])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert f"found {value!r}; expected a whole number of worker processes, 1 or more" in err
    assert not (tmp_path / "site").exists()


def test_workers_start_afresh_when_the_process_has_threads(tmp_path, capsys):
    """Forking a process with threads (the live preview's watcher, a server)
    can copy a lock another thread holds: such a process starts its workers
    as fresh interpreters, and they build the same documents."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        code, text, builders = build(library(tmp_path / "project"), tmp_path / "site", capsys, 2)
    finally:
        stop.set()
        thread.join()
    assert code == 0, text
    assert len(builders) == 3 and os.getpid() not in builders
    assert "published 3 document(s)" in text
