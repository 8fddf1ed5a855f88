"""Numbered items, bullets and a list of attachments as a reader meets them:
built with the real MkDocs, read from the HTML it writes."""
from __future__ import annotations

import json

import pytest
from lxml import html

from policy_site.cli import main
from policy_site.testing import VALID, make_project

TEXT = VALID.replace("（三）第三条标题。正文。", "\n".join([
    "（三）成立联合采购办公室。下设三个组。",
    "1.监督组。负责监督。",
    "（1）受理检举。",
    "（2）处理投诉。",
    "2.专家组。负责咨询。（国家医保局负责）",
    "——坚持需求引领。围绕公众需要。",
])).replace("编辑：某人", "附件：1.重点任务分工\n2.试点着力城市名单\n编辑：某人")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("items")
    project = make_project(root / "project", {"items": {"text": TEXT}})
    assert main(["--project", str(project), "build", "--site-dir", str(root / "site")]) == 0
    return root / "site"


def _page(site, edition: str, *path: str):
    return html.fromstring((site.joinpath(edition, "items", *path, "index.html")).read_bytes())


@pytest.mark.parametrize("edition", ["zh-hans", "zh-hant", "zh-hant-hk"])
def test_each_item_has_its_anchor_on_its_paragraph(site, edition):
    page = _page(site, edition, "clauses", "3")
    anchors = {a.get("id"): a.getparent() for a in page.xpath('//span[@class="item-anchor"]')}
    assert list(anchors) == ["c3-i1", "c3-i1-i1", "c3-i1-i2", "c3-i2"]
    assert all("item" in p.get("class").split() and p.tag == "p" for p in anchors.values())
    assert anchors["c3-i1-i2"].text_content().startswith("（2）")
    bullets = page.xpath('//p[contains(concat(" ", @class, " "), " bullet ")]')
    assert [b.get("id") for b in bullets] == ["c3-p6"]
    notes = page.xpath('//span[contains(concat(" ", @class, " "), " note ")]')
    assert [n.get("id") for n in notes] == ["c3-s9"] and notes[0].text_content().startswith("（")


def test_items_and_their_labels_in_document_json(site):
    document = json.loads((site / "zh-hans" / "items" / "document.json").read_text(encoding="utf-8"))
    clause = next(c for c in document["clauses"] if c["number"] == 3)
    assert [(i["id"], i["label"], i["depth"]) for i in clause["items"]] == [
        ("c3-i1", "（三）1.", 1), ("c3-i1-i1", "（三）1.（1）", 2), ("c3-i1-i2", "（三）1.（2）", 2), ("c3-i2", "（三）2.", 1)]
    assert "items" not in next(c for c in document["clauses"] if c["number"] == 1)
    assert [m["kind"] for m in document["source"]["metadata"] if m["kind"] == "attachments"] == ["attachments"] * 2


def test_the_attachments_list_ends_the_full_text_in_each_script(site):
    hans = _page(site, "zh-hans", "full-text")
    hant = _page(site, "zh-hant", "full-text")
    assert [p.text_content() for p in hans.xpath('//div[@id="attachments"]/p')] == ["附件：1.重点任务分工",
                                                                                     "2.试点着力城市名单"]
    # The Taiwan edition by the declared conversion (着 as 著 in s2tw), like any text of the document.
    assert [p.text_content() for p in hant.xpath('//div[@id="attachments"]/p')] == ["附件：1.重點任務分工",
                                                                                    "2.試點著力城市名單"]
