"""The live preview (`policy-site serve`): an edit in content/ rebuilds the
site and refreshes the open page; a broken edit shows its report on the page
and the last good site stays served. Real MkDocs, real Chromium."""
from __future__ import annotations

import gzip
import urllib.request

import pytest

from policy_site.core.project import Project
from policy_site.serve import Preview
from policy_site.testing import VALID, make_project


@pytest.fixture
def preview(tmp_path):
    project = make_project(tmp_path / "project", {"doc": {"text": VALID}})
    paths = Project.at(project)
    log: list[str] = []
    running = Preview(paths, port=0, log=log.append).start()
    yield running, paths.content / "doc" / "sources" / "full.txt", log
    running.stop()


def test_served_like_github_pages_with_the_preview_script_added(preview):
    running, _, _ = preview
    request = urllib.request.Request(running.url + "zh-hans/doc/clauses/1/", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        served = gzip.decompress(response.read()).decode("utf-8")
    on_disk = (running.paths.site / "zh-hans" / "doc" / "clauses" / "1" / "index.html").read_text(encoding="utf-8")
    assert "第一条正文" in served
    assert "/__preview" in served and "/__preview" not in on_disk, "the built site carries no preview code"


@pytest.mark.browser
def test_an_edit_refreshes_the_open_page_and_a_broken_edit_is_shown_on_it(browser, preview):
    running, source, log = preview
    page = browser.new_page()
    page.goto(running.url + "zh-hans/doc/clauses/1/")
    assert "第一条正文。" in page.inner_text("article")

    source.write_text(VALID.replace("第一条正文。", "第一条正文已修改。"), encoding="utf-8")
    page.wait_for_function("document.querySelector('article').innerText.includes('第一条正文已修改。')",
                           timeout=20000)

    source.write_text(VALID.replace("第一条正文。", "第一条?正文。"), encoding="utf-8")
    report = page.wait_for_selector("#policy-preview-errors", timeout=20000)
    assert "sources/full.txt:9:" in report.inner_text()
    assert "第一条正文已修改。" in page.inner_text("article"), "the page still shows the last good build"
    assert any("the last good site is still served" in line for line in log)

    source.write_text(VALID, encoding="utf-8")
    page.wait_for_function("!document.getElementById('policy-preview-errors') && "
                           "document.querySelector('article').innerText.includes('第一条正文。')", timeout=20000)
    page.close()
