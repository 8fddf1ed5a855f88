"""Documents in relation: status and [[relation]] as reviewed data in
document.toml, the inverse on the target, the status that follows, and every
declaration checked at its line. Built with the real MkDocs; read from the
HTML and document.json it writes."""
from __future__ import annotations

import contextlib
import io
import json

import pytest
from lxml import html

from policy_site.cli import main
from policy_site.testing import VALID, make_project

OLD_TITLE = "国务院关于测试旧城工作的意见"
NEW_TITLE = "中共中央 国务院关于测试城市工作的意见"
OLD = VALID.replace(NEW_TITLE, OLD_TITLE).replace("（2025年8月15日）", "（2019年1月1日）")
NEW = VALID.replace("（三）第三条标题。正文。",
                    f"（三）第三条标题。本意见自印发之日起施行，《{OLD_TITLE}》同时废止。").replace(
                    "第二条正文，含（5G）。", "第二条正文，含（5G）与（6G）。")
REPLACES = """
[[relation]]
kind = "replaces"
document = "old"
evidence = "c3-s2"
date = 2026-01-10
"""
IMPLEMENTS = """
[[relation]]
kind = "implements"
title = "《中华人民共和国城乡规划法》"
evidence = "the preamble names no law; the editor read the press release"
"""


def _build(tmp_path, documents: dict[str, dict], extra: dict[str, str]) -> tuple[int, str, object]:
    project = make_project(tmp_path / "project", documents)
    for slug, lines in extra.items():
        toml = project / "content" / slug / "document.toml"
        text = toml.read_text(encoding="utf-8")
        head, _, tail = text.partition("[full_text]")
        toml.write_text(head + lines.strip("\n") + "\n" + "[full_text]" + tail, encoding="utf-8")
    err = io.StringIO()
    site = tmp_path / "site"
    with contextlib.redirect_stderr(err):
        code = main(["--project", str(project), "build", "--site-dir", str(site)])
    return code, err.getvalue(), site


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("relations")
    code, err, site = _build(tmp, {"old": {"text": OLD, "title": OLD_TITLE}, "new": {"text": NEW}},
                             {"new": 'status = "in-force"\n' + REPLACES + IMPLEMENTS})
    assert code == 0, err
    return site, err


def _page(site, edition, *path):
    return html.fromstring(site.joinpath(edition, *path, "index.html").read_bytes())


@pytest.mark.parametrize("edition, replaced", [("zh-hans", "本文件已被《中共中央 国务院关于测试城市工作的意见》替代，2026年1月10日起"),
                                               ("zh-hant", "本文件已被《中共中央 國務院關於測試城市工作的意見》替代，2026年1月10日起")])
def test_every_page_of_a_replaced_document_says_so_with_a_link(library, edition, replaced):
    site, _ = library
    for path in ((), ("clauses", "2"), ("full-text",)):
        notice = _page(site, edition, "old", *path).xpath('//p[@class="status-notice"]')
        assert [n.text_content() for n in notice] == [replaced]
        link = notice[0].xpath("a/@href")[0]
        assert (site / edition / "old" / "/".join(path) / link / "index.html").resolve() == \
            (site / edition / "new" / "index.html").resolve()


def test_the_replacing_document_says_it_is_in_force(library):
    site, _ = library
    assert [n.text_content() for n in _page(site, "zh-hans", "new").xpath('//p[@class="status-notice"]')] == [
        "效力状态：现行有效"]


def test_legal_force_and_changes_in_the_json_ld(library):
    site, _ = library
    def jsonld(slug, *path):
        return [json.loads(s) for s in _page(site, "zh-hans", slug, *path).xpath('//script[@type="application/ld+json"]/text()')]
    new = next(d for d in jsonld("new") if d.get("@type") == "Legislation")
    assert new["legislationLegalForce"] == "InForce"
    assert [c["@id"] for c in new["legislationChanges"]] == [new["@id"].replace("/new/", "/old/")]
    old_clause = next(d for d in jsonld("old", "clauses", "2") if d.get("@type") == "Legislation")
    assert old_clause["legislationLegalForce"] == "NotInForce" and "legislationChanges" not in old_clause


def test_relations_panel_both_ways_with_the_evidence_sentence(library):
    site, _ = library
    new = _page(site, "zh-hans", "new")
    rows = [li.text_content() for li in new.xpath('//ul[@class="relations"]/li')]
    assert rows == ["贯彻落实 《中华人民共和国城乡规划法》说明：the preamble names no law; the editor read the press release",
                    f"替代 《{OLD_TITLE}》（2026年1月10日）依据：本意见自印发之日起施行，《{OLD_TITLE}》同时废止。"]
    old = _page(site, "zh-hans", "old")
    evidence = old.xpath('//ul[@class="relations"]/li//span[@class="relation-evidence"]/a/@href')
    assert evidence == ["../new/clauses/3/#c3-s2"]
    assert (site / "zh-hans" / "new" / "clauses" / "3" / "index.html").read_text(encoding="utf-8").count('id="c3-s2"') == 1


def test_status_and_relations_in_document_json(library):
    site, _ = library
    old = json.loads((site / "zh-hans" / "old" / "document.json").read_text(encoding="utf-8"))["status"]
    assert (old["status"], old["declared"], old["by"], old["since"]) == ("replaced", False, "new", "2026-01-10")
    assert [(r["kind"], r["slug"], r["evidence_slug"], r["evidence"]) for r in old["related"]] == [
        ("replaced-by", "new", "new", "c3-s2")]
    new = json.loads((site / "zh-hans" / "new" / "document.json").read_text(encoding="utf-8"))["status"]
    assert (new["status"], new["declared"]) == ("in-force", True)


@pytest.mark.parametrize("edition, words", [("zh-hans", ["全部", "现行有效", "已被替代"]),
                                            ("zh-hant-hk", ["全部", "現行有效", "已被替代"])])
def test_the_library_home_filters_by_status(library, edition, words):
    site, _ = library
    home = html.fromstring((site / edition / "index.html").read_bytes())
    assert [o.text_content() for o in home.xpath('//select[@data-filter="status"]/option')] == words
    assert {e.get("data-slug"): e.get("data-status") for e in home.xpath('//li[@class="library-entry"]')} == {
        "new": "in-force", "old": "replaced"}


def test_a_document_nobody_reviewed_claims_no_status(tmp_path):
    code, err, site = _build(tmp_path, {"alone": {}}, {})
    assert code == 0, err
    assert _page(site, "zh-hans", "alone").xpath('//p[@class="status-notice"]') == []
    assert json.loads((site / "zh-hans" / "alone" / "document.json").read_text(encoding="utf-8"))["status"][
        "status"] is None


def test_a_sentence_stating_a_relation_is_proposed_never_applied(library):
    _, err = library
    # old has no such sentence; new's c3-s2 is declared, so no proposal for it.
    assert "states a relation" not in err
    with_sentence = VALID.replace("（三）第三条标题。正文。", "（三）第三条标题。《国务院关于旧事的通知》（国发〔2001〕3号）同时废止。")
    code, err, _ = (lambda tmp: _build(tmp, {"one": {"text": with_sentence}}, {}))(library[0].parent / "proposal")
    assert code == 0
    assert "full.txt:12: warning: sentence c3-s2 states a relation: “《国务院关于旧事的通知》（国发〔2001〕3号）同时废止。”" in err
    assert 'declare [[relation]] kind = "repeals" title = "《国务院关于旧事的通知》" number = "国发〔2001〕3号" ' \
           'evidence = "c3-s2"' in err


@pytest.mark.parametrize("declared, message", [
    ('[[relation]]\nkind = "replaces"\ndocument = "nowhere"\nevidence = "c3-s2"\n',
     "document.toml:5: a relation to 'nowhere', which is not in the library"),
    ('[[relation]]\nkind = "replaces"\ndocument = "old"\nevidence = "c9-s2"\n',
     "document.toml:5: evidence 'c9-s2', a sentence this document does not have"),
    ('[[relation]]\nkind = "overrides"\ndocument = "old"\nevidence = "c3-s2"\n',
     "document.toml:5: relation kind 'overrides'; expected replaces | amends | repeals"),
    ('[[relation]]\nkind = "replaces"\ndocument = "old"\ntitle = "《某》"\nevidence = "c3-s2"\n',
     "document.toml:5: a relation naming both a library document and a title or number"),
    ('status = "valid"\n', "document.toml:4: status = \"valid\"; expected in-force | repealed"),
])
def test_a_bad_declaration_is_refused_at_its_line(tmp_path, declared, message):
    code, err, _ = _build(tmp_path, {"old": {"text": OLD, "title": OLD_TITLE}, "new": {"text": NEW}},
                          {"new": declared})
    assert code != 0
    assert message in err, err


def test_two_documents_replacing_one_and_a_cycle_are_refused(tmp_path):
    third = VALID.replace(NEW_TITLE, "国务院办公厅关于测试第三工作的意见")
    both = REPLACES.replace('document = "old"', 'document = "old"')
    code, err, _ = _build(tmp_path, {"old": {"text": OLD, "title": OLD_TITLE}, "new": {"text": NEW},
                                     "third": {"text": third, "title": "国务院办公厅关于测试第三工作的意见"}},
                          {"new": both, "third": both.replace("c3-s2", "c3-s1"),
                           "old": REPLACES.replace('"old"', '"new"').replace("c3-s2", "c3-s1")})
    assert code != 0
    assert "'old' replaced by 'new' and by 'third'" in err
    assert "a cycle of replaces: new → old → new" in err


def test_a_replacing_pair_is_compared_sentence_by_sentence(library):
    site, _ = library
    data = json.loads((site / "zh-hans" / "compare" / "old..new.json").read_text(encoding="utf-8"))
    states = {(p["older"], p["newer"]): p["state"] for p in data["pairs"]}
    assert states[("c1-s1", "c1-s1")] == "same" and states[("c2-s2", "c2-s2")] == "changed"
    # 正文。 and the sentence that repeals: too unlike to pair.
    assert states[("c3-s2", "")] == "removed" and states[("", "c3-s2")] == "added"
    assert data["counts"] == {"same": len(data["pairs"]) - 3, "changed": 1, "added": 1, "removed": 1}
    changed = next(p for p in data["pairs"] if p["state"] == "changed")
    assert changed["older_marks"] == [] and changed["newer_marks"] == [[11, 16]]  # 与（6G）
    # Every sentence of both documents, once each.
    for slug, side in (("old", "older"), ("new", "newer")):
        document = json.loads((site / "zh-hans" / slug / "document.json").read_text(encoding="utf-8"))
        ids = [s["id"] for p in document["preamble"] for s in p["sentences"]] + \
            [s["id"] for s_ in document["sections"] for p in s_["paragraphs"] for s in p["sentences"]] + \
            [s["id"] for c in document["clauses"] for s in c["sentences"]]
        assert sorted(p[side] for p in data["pairs"] if p[side]) == sorted(ids)
    page = _page(site, "zh-hant", "compare", "old..new")
    rows = page.xpath('//li[contains(@class, "compare-changed")]')
    assert len(rows) == 1 and [m.text_content() for m in rows[0].xpath(".//mark")] == ["與（6G）"]
    newer, older = rows[0].xpath('.//a/@href')
    assert newer == "../../new/clauses/2/#c2-s2" and older == "../../old/clauses/2/#c2-s2"


def test_width_and_case_do_not_count_as_changes():
    """Script does not either: documents are compared by the canonical text their
    document.json carries (a traditional source's, converted; tested end to end below)."""
    from policy_site.library.compare import State, compare
    simplified = [("c1-s1", "推动城市高质量发展，着力建设现代化人民城市。")]
    assert [p.state for p in compare([("c1-s1", "到2025年，5G网络覆盖。")], [("c1-s1", "到２０２５年，５Ｇ网络覆盖。")])] == [
        State.SAME]
    changed = compare(simplified, [("c1-s1", "推动城市高质量发展，建设现代化城市。")])
    assert [(p.state, p.older_marks) for p in changed] == [(State.CHANGED, ((10, 12), (17, 19)))]


def test_three_changed_sentences_and_a_traditional_copy_that_compares_all_same(tmp_path):
    from policy_site.zh.convert import to_script

    three = OLD.replace("序言第一句。", "序言第一句已改。").replace("第一条正文。", "第一条正文有改动。").replace(
        "第二条正文，含（5G）。", "第二条正文，含（6G）。").replace(OLD_TITLE, "国务院关于测试新城工作的意见")
    traditional = to_script(OLD.replace(OLD_TITLE, "国务院关于测试旧城工作的意见（繁体本）"), "zh-Hant")
    documents = {"old": {"text": OLD, "title": OLD_TITLE},
                 "three": {"text": three, "title": "国务院关于测试新城工作的意见"},
                 "copy": {"text": traditional, "script": "traditional", "title": "国务院关于测试旧城工作的意见（繁体本）"}}
    declared = REPLACES.replace("c3-s2", "c1-s1")
    code, err, site = _build(tmp_path, documents, {"three": declared,
                                                   "copy": REPLACES.replace('"replaces"', '"amends"').replace(
                                                       "c3-s2", "c1-s1")})
    assert code == 0, err
    three_pairs = json.loads((site / "zh-hant" / "compare" / "old..three.json").read_text(encoding="utf-8"))
    states = [p["state"] for p in three_pairs["pairs"]]
    assert states.count("changed") == 3 and set(states) == {"same", "changed"}
    copy_pairs = json.loads((site / "zh-hans" / "compare" / "old..copy.json").read_text(encoding="utf-8"))
    assert {p["state"] for p in copy_pairs["pairs"]} == {"same"}


def test_the_feed_names_each_documents_status(library):
    from lxml import etree

    site, _ = library
    feed = etree.fromstring((site / "zh-hant" / "feed.xml").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    status = {e.findtext(f"{atom}id").rstrip("/").rsplit("/", 1)[1]:
              [(c.get("term"), c.get("label")) for c in e.findall(f"{atom}category") if c.get("term").startswith("status:")]
              for e in feed.findall(f"{atom}entry")}
    assert status == {"old": [("status:replaced", "已被替代")], "new": [("status:in-force", "現行有效")]}
