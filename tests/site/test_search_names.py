"""Search tells documents apart: a result names its document by its short
title, and, where other documents in the library share that short title, by
its year or 文号 (search.which_documents), in the index search.js reads."""
from __future__ import annotations

import json

import pytest

from policy_site.cli import main
from policy_site.site.search import which_documents
from policy_site.testing import VALID, make_project


def test_a_short_title_no_other_shares_needs_nothing_more():
    assert which_documents({"a": ("意见", "甲", "2025-08-15", ""), "b": ("通知", "乙", "2025-08-15", "")}) == {
        "a": "", "b": ""}


def test_the_year_when_it_tells_them_apart_else_the_number_else_the_date():
    titles = {"a": ("意见", "甲", "2019-01-01", "国办发〔2019〕2号"),
              "b": ("意见", "乙", "2025-08-15", ""),
              "c": ("意见", "丙", "2025-03-01", "国发〔2025〕7号"),
              "d": ("通知", "丁", "2025-03-01", ""),
              "e": ("", "同名文件", "2020-05-01", ""), "f": ("", "同名文件", "2020-05-02", "")}
    assert which_documents(titles) == {"a": "2019年", "b": "2025年8月15日", "c": "国发〔2025〕7号", "d": "",
                                       "e": "2020年5月1日", "f": "2020年5月2日"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("names")
    older = VALID.replace("测试城市工作", "测试乡村工作").replace("（2025年8月15日）", "（2019年1月1日）")
    project = make_project(root / "project", {"alpha": {}, "older": {
        "text": older, "title": "中共中央 国务院关于测试乡村工作的意见"}})
    assert main(["--project", str(project), "build", "--site-dir", str(root / "site")]) == 0
    return root / "site"


@pytest.mark.parametrize("edition", ["zh-hans", "zh-hant", "zh-hant-hk"])
def test_the_library_index_names_documents_that_share_a_short_title(site, edition):
    root = json.loads((site / edition / "search" / "root.json").read_text(encoding="utf-8"))
    assert {d["slug"]: d.get("which") for d in root["docs"]} == {"alpha": "2025年", "older": "2019年"}
