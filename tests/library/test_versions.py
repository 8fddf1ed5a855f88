"""Versions of one document (issue 25, point 5): a corrected or revised text
published later under the same slug. The current text keeps the document's
URLs; each earlier version, kept by the editor as a whole document folder in
content/<slug>/versions/<date>/, keeps its own permanent URLs below the
document (…/versions/2025-08-15/clauses/2/), every page opening with a
notice that links the current text and the comparison of the two."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from policy_site.cli import main
from policy_site.testing import VALID, make_project, write_document

URL = "https://example.org/lib/"
DATE = "2025-08-15"
# The revised text: three sentences changed, one in each of three clauses and the preamble.
REVISED = (VALID.replace("序言第二句。", "序言第二句，已修订。")
           .replace("第一条正文。", "第一条正文，已修订。")
           .replace("第二条正文，含（5G）。", "第二条正文，含（5G）与（6G）。"))


def _project(root: Path, version_text: str = VALID, *, script: str = "simplified") -> Path:
    project = make_project(root / "project", {"a": {"text": REVISED}})
    version = write_document(root / "scratch" / "a", version_text, script=script)  # slug "a": the document's
    shutil.move(str(version), project / "content" / "a" / "versions" / DATE)
    return project


def _build(project: Path, site: Path, capsys=None) -> int:
    return main(["--project", str(project), "build", "--site-dir", str(site), "--site-url", URL])


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    root = tmp_path_factory.mktemp("versions")
    project = _project(root)
    assert _build(project, root / "site") == 0
    return root / "site"


@pytest.mark.parametrize("edition", ["zh-hans", "zh-hant", "zh-hant-hk"])
def test_an_earlier_version_keeps_its_own_urls_with_a_notice(library, edition):
    current = lxml_html.fromstring((library / edition / "a" / "clauses" / "1" / "index.html").read_bytes())
    assert "已修订" in current.text_content() or "已修訂" in current.text_content()
    assert not current.xpath('//p[@class="status-notice"]')  # the current text is not an earlier one
    page = library / edition / "a" / "versions" / DATE / "clauses" / "1" / "index.html"
    tree = lxml_html.fromstring(page.read_bytes())
    text = tree.text_content()
    assert "第一条正文。" in text or "第一條正文。" in text
    notice = tree.xpath('//p[@class="status-notice"]')
    assert len(notice) == 1 and "2025年8月15日" in notice[0].text_content()
    links = notice[0].xpath("a/@href")
    # The same clause in the current text, then the comparison on the library's pages.
    assert links == ["../../../../clauses/1/", "../../../../../compare/a@2025-08-15..a/"]
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    assert canonical == [f"{URL}{edition}/a/versions/{DATE}/clauses/1/"]
    # The version's sentences keep their ids at its own address.
    assert tree.xpath('//*[@id="c1-s2"]')
    # Its document.json says which text it is.
    data = json.loads((library / edition / "a" / "versions" / DATE / "document.json").read_text(encoding="utf-8"))
    assert data["slug"] == f"a/versions/{DATE}"


def test_the_documents_home_and_data_list_its_earlier_versions(library):
    home = lxml_html.fromstring((library / "zh-hant" / "a" / "index.html").read_bytes())
    rows = home.xpath('//ul[@class="versions"]/li')
    assert len(rows) == 1 and "2025年8月15日公布的文本" in rows[0].text_content()
    assert rows[0].xpath("a/@href") == [f"versions/{DATE}/", f"../compare/a@{DATE}..a/"]
    data = json.loads((library / "zh-hans" / "a" / "document.json").read_text(encoding="utf-8"))
    assert data["versions"] == [{"date": DATE, "paths": {"zh-Hans": f"zh-hans/a/versions/{DATE}/",
                                                          "zh-Hant": f"zh-hant/a/versions/{DATE}/",
                                                          "zh-Hant-HK": f"zh-hant-hk/a/versions/{DATE}/"}}]


def test_the_comparison_lists_exactly_the_three_changed_sentences(library):
    data = json.loads((library / "zh-hans" / "compare" / f"a@{DATE}..a.json").read_text(encoding="utf-8"))
    states = [p["state"] for p in data["pairs"]]
    assert states.count("changed") == 3 and set(states) == {"same", "changed"}, states
    changed = sorted(p["newer"] for p in data["pairs"] if p["state"] == "changed")
    assert changed == ["c1-s2", "c2-s2", "preamble-p1-s2"]
    page = lxml_html.fromstring((library / "zh-hant" / "compare" / f"a@{DATE}..a" / "index.html").read_bytes())
    assert "2025年8月15日文本" in page.text_content()
    hrefs = page.xpath("//a/@href")
    assert f"../../a/versions/{DATE}/clauses/1/#c1-s2" in hrefs and "../../a/clauses/1/#c1-s2" in hrefs


def test_a_traditional_copy_of_the_same_text_compares_all_same(tmp_path):
    from policy_site.zh.convert import to_script

    project = make_project(tmp_path / "project", {"a": {}})
    version = write_document(tmp_path / "scratch" / "a", to_script(VALID, "zh-Hant"), script="traditional")
    shutil.move(str(version), project / "content" / "a" / "versions" / DATE)
    assert _build(project, tmp_path / "site") == 0
    data = json.loads((tmp_path / "site" / "zh-hans" / "compare" / f"a@{DATE}..a.json").read_text(encoding="utf-8"))
    assert {p["state"] for p in data["pairs"]} == {"same"} and len(data["pairs"]) > 5


def test_a_version_folder_not_named_by_a_date_is_refused(tmp_path, capsys):
    project = _project(tmp_path)
    (project / "content" / "a" / "versions" / DATE).rename(project / "content" / "a" / "versions" / "first")
    assert _build(project, tmp_path / "site") == 1
    err = capsys.readouterr().err
    assert "content/a/versions/first:1: a version folder named 'first'; expected the day that text was published, " \
           "YYYY-MM-DD" in err.replace("\\", "/")
    assert "a file no content file names" not in err  # its files are a version's, not stray ones


def test_a_broken_version_stops_the_document_with_its_file_and_line(tmp_path, capsys):
    project = _project(tmp_path, VALID.replace("三、第三部分", "五、第三部分"))  # 五 where 三 comes
    assert _build(project, tmp_path / "site") == 1
    err = capsys.readouterr().err.replace("\\", "/")
    assert "content/a/versions/2025-08-15/sources/full.txt:" in err
    assert not (tmp_path / "site" / "zh-hans" / "a").exists()  # never built: nothing published
