"""Search over a library of several documents: one search over every
document, a "this document only" scope, citations qualified by a document's
short or full title, and a split index whose text shards load only for a
query's candidates."""
import json
import re

import pytest

from policy_site.cli import main
from policy_site.serve import static_server
from policy_site.site.engine import SCRIPT_DIRS
from policy_site.testing import VALID, make_project
from policy_site.zh.convert import to_script
from policy_site.zh.editions import SCRIPTS

ALPHA_TITLE = "中共中央 国务院关于测试城市工作的意见"
BETA_TITLE = "国务院办公厅关于开展燃气管道更新试点的通知"
BETA = VALID.replace("中共中央 国务院关于测试城市工作的意见", BETA_TITLE).replace(
    "第三条标题。正文。", "燃气管道更新。第三条正文。")
EDITIONS = [SCRIPT_DIRS[s] for s in SCRIPTS]
SCRIPT_OF = {SCRIPT_DIRS[s]: s for s in SCRIPTS}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    root = tmp_path_factory.mktemp("search-library")
    project = make_project(root / "project", {"alpha": {}, "beta": {"text": BETA, "title": BETA_TITLE}})
    toml = project / "content" / "beta" / "document.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('short_title = "意见"', 'short_title = "通知"'),
                    encoding="utf-8")
    site = root / "www"
    server = static_server(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    assert main(["--project", str(project), "build", "--site-dir", str(site), "--site-url", base]) == 0
    yield {"dir": site, "url": base}
    server.shutdown()


@pytest.fixture
def page(browser, library):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not errors


def _results(page, query):
    page.fill("#site-search-q", query)
    page.wait_for_function("q => document.querySelector('form.site-search').dataset.searched === q", arg=query)
    selector = ".search-page .search-results li" if page.query_selector(".search-page") else ".search-popup-results li"
    return page.eval_on_selector_all(selector, "els => els.map(e => [e.dataset.doc, e.dataset.kind, +e.dataset.number])")


@pytest.mark.parametrize("edition", EDITIONS)
def test_one_search_over_every_document_with_qualified_citations(page, library, edition):
    page.goto(f"{library['url']}{edition}/search/")
    both = _results(page, "第二条标题")
    assert {r[0] for r in both} == {"alpha", "beta"} and all(r[1:] == ["clause", 2] for r in both)
    labels = page.eval_on_selector_all(".search-page .search-doc", "els => els.map(e => e.textContent)")
    assert set(labels) == {to_script("《意见》", SCRIPT_OF[edition]), to_script("《通知》", SCRIPT_OF[edition])}
    assert _results(page, "燃气管道")[0] == ["beta", "clause", 3]
    assert _results(page, "《通知》第二条")[0] == ["beta", "clause", 2]
    assert ["alpha", "clause", 2] not in _results(page, "《通知》第二条")
    assert _results(page, "意见第1条") == [["alpha", "clause", 1]]
    assert _results(page, f"《{BETA_TITLE}》（一）")[0] == ["beta", "clause", 1]
    assert _results(page, "通知三、")[0] == ["beta", "section", 3]
    # An unqualified citation cites the clause in every document.
    assert {r[0] for r in _results(page, "第（一）项") if r[1:] == ["clause", 1]} == {"alpha", "beta"}


@pytest.mark.parametrize("edition", EDITIONS)
def test_this_document_only(page, library, edition):
    page.goto(f"{library['url']}{edition}/alpha/clauses/1/")
    assert {r[0] for r in _results(page, "正文")} == {"alpha", "beta"}
    page.check(".site-search-popup .search-scope input")
    page.wait_for_function("() => [...document.querySelectorAll('.search-popup-results li')].every(e => e.dataset.doc === 'alpha')")
    assert {r[0] for r in _results(page, "第二条正文")} == {"alpha"}
    page.goto(f"{library['url']}{edition}/beta/search/?q=%E6%AD%A3%E6%96%87")  # a document's own search page
    page.wait_for_selector(".search-page .search-results li")
    docs = page.eval_on_selector_all(".search-page .search-results li", "els => els.map(e => e.dataset.doc)")
    assert docs and set(docs) == {"beta"}


def test_text_shards_load_only_for_candidates(page, library):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{library['url']}zh-hans/search/")
    assert _results(page, "燃气管道") == [["beta", "clause", 3]]
    root = json.loads((library["dir"] / "zh-hans" / "search" / "root.json").read_text(encoding="utf-8"))
    beta = next(d for d in root["docs"] if d["slug"] == "beta")
    shards = {int(m.group(1)) for u in requested if (m := re.search(r"/search/s/(\d+)\.json$", u))}
    assert shards and all(beta["firstShard"] <= s < beta["firstShard"] + beta["shards"] for s in shards)


@pytest.mark.parametrize("edition", ["zh-hans", "zh-hant-hk"])
def test_own_document_results_come_first_with_no_request(page, library, edition):
    """On a document's page the box loads that document's text when it gets
    focus: its results are drawn at once, before any other file arrives, and
    the whole library's results keep them first."""
    held, hold = [], [True]
    page.route("**/search/g/*.json", lambda route: held.append(route) if hold[0] else route.continue_())
    page.goto(f"{library['url']}{edition}/alpha/clauses/1/")
    page.focus("#site-search-q")
    page.evaluate("() => policyLoadSearch().then(() => policySearch.preload())")
    page.fill("#site-search-q", "正文")
    page.wait_for_function("q => document.querySelector('form.site-search').dataset.drawn === q", arg="正文")
    assert page.get_attribute("form.site-search", "data-searched") is None  # the library's are still on their way
    docs = page.eval_on_selector_all(".search-popup-results li", "els => els.map(e => e.dataset.doc)")
    assert docs and set(docs) == {"alpha"}
    status = page.text_content(".search-popup-status")
    assert to_script("本文件", SCRIPT_OF[edition]) in status and "{" not in status
    hold[0] = False
    for route in held:
        route.continue_()
    whole = _results(page, "正文")
    assert {r[0] for r in whole} == {"alpha", "beta"}
    assert [r[0] for r in whole[:len(docs)]] == docs  # drawn first, still first
    assert [r[0] for r in whole] == sorted((r[0] for r in whole), key=lambda d: d != "alpha")
