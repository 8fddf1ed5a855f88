"""Search in real headless Chromium: a table of queries typed into the real
search box on both sites, checked against Ctrl+F semantics computed from
document.json (a clause matches when its text contains the query in either
script)."""
import json
import re

import pytest

from tests.conftest import DOC


pytestmark = pytest.mark.browser

WORDS = [
    "城市更新", "好房子", "“好房子”", "一网统管", "“一网通办”", "城中村", "公共卫生", "燃气", "历史文化",
    "低空经济", "住房公积金", "城市群", "都市圈", "应急", "传染病", "数字化转型", "社区", "无障碍", "碳足迹",
    "老旧小区", "地下空间", "高质量发展", "文化遗产", "城市体检", "枫桥经验", "平急两用", "养老", "适老化",
    "城市", "安全", "科学制定",
    # the other script
    "歷史文化", "公共衛生", "燃氣", "網格化", "住房公積金", "城市更新", "數字化轉型", "危舊房改造",
]
NO_MATCH = ["量子计算", "元宇宙", "区块链技术"]
CITATIONS = ["第八条", "第（八）项", "（八）", "(8)", "8", "八", "第二十三条", "（二十三）"]


@pytest.fixture(scope="module")
def clause_texts(served_site):
    data = json.loads((served_site["dir"] / "zh-hans" / DOC / "document.json").read_text(encoding="utf-8"))
    texts = {}
    for clause in data["clauses"]:
        texts[clause["number"]] = {script: clause["label"] + "".join(s[script] for s in clause["sentences"])
                                   for script in ("zh-Hans", "zh-Hant")}
    return texts


def _expected(texts, query):
    words = [w for w in re.split(r"[\s“”\"]+", query) if w]
    return {n for n, t in texts.items() if all(any(w in t[s] for s in t) for w in words)}


def _search(page, query):
    page.fill("#site-search-q", query)
    page.press("#site-search-q", "Enter")
    page.wait_for_function("q => document.querySelector('.search-status').textContent.includes(q)",
                           arg=query.strip(), timeout=5000)
    return page.eval_on_selector_all(".search-results li", "els => els.map(e => [e.dataset.kind, +e.dataset.number])")


@pytest.mark.parametrize("script", ["zh-hans", "zh-hant"])
def test_query_table(reader, served_site, clause_texts, script):
    page, _ = reader
    page.goto(f"{served_site['url']}{script}/{DOC}/search/")  # this document only: expected from its document.json
    failures = []
    assert len(WORDS) + len(NO_MATCH) + len(CITATIONS) >= 30
    for query in WORDS:
        results = _search(page, query)
        expected = _expected(clause_texts, query)
        assert expected, f"table error: {query} matches nothing"
        clauses = [n for kind, n in results if kind == "clause"]
        missing = expected - set(clauses)
        if missing:
            failures.append(f"{query}: missing clauses {sorted(missing)}")
        last_good = max(clauses.index(n) for n in expected if n in clauses) if expected & set(clauses) else -1
        intruders = [n for n in clauses[:last_good] if n not in expected]
        if intruders:
            failures.append(f"{query}: clauses without it rank above: {intruders}")
    for query in NO_MATCH:
        results = _search(page, query)
        status = page.inner_text(".search-status")
        if results or not ("没有找到" in status or "沒有找到" in status):
            failures.append(f"{query}: expected no results, got {results[:3]} / {status}")
    for query in CITATIONS:
        results = _search(page, query)
        number = 23 if "二十三" in query else 8
        if not results or results[0] != ["clause", number]:
            failures.append(f"{query}: expected clause {number} first, got {results[:3]}")
    for query in ("总体要求", "總體要求"):
        results = _search(page, query)
        if not results or results[0] != ["section", 1]:
            failures.append(f"{query}: expected section 1 first, got {results[:3]}")
    results = _search(page, "一")  # section 一 has no clauses: it comes before clause （一）
    if results[:2] != [["section", 1], ["clause", 1]]:
        failures.append(f"一: expected section 1 then clause 1, got {results[:3]}")
    results = _search(page, "八")  # section 八 has clauses: clause （八） first
    if results[:2] != [["clause", 8], ["section", 8]]:
        failures.append(f"八: expected clause 8 then section 8, got {results[:3]}")
    assert not failures, "\n".join(failures)


def test_results_show_in_the_readers_script_and_land_highlighted(reader, served_site):
    page, _ = reader
    base = served_site["url"]
    page.goto(f"{base}zh-hant/urban-development-2025/clauses/3/")
    page.fill("#site-search-q", "历史文化")  # simplified query on the traditional site
    page.press("#site-search-q", "Enter")
    page.wait_for_url(re.compile(r".*/zh-hant/urban-development-2025/search/\?q=.*"))
    page.wait_for_selector(".search-results li")
    first = page.inner_text(".search-results li:first-child")
    assert "歷史文化" in first and "历史文化" not in first
    assert "\u200b" not in page.inner_text(".search-results")
    page.click(".search-results li:first-child a")
    page.wait_for_load_state("load")
    assert "/zh-hant/urban-development-2025/clauses/18/?h=" in page.url and "#c18-s" in page.url
    marks = page.eval_on_selector_all("article mark", "els => els.map(e => e.textContent)")
    assert marks and all(m == "歷史文化" for m in marks)


def test_search_url_can_be_shared(reader, served_site):
    page, _ = reader
    page.goto(f"{served_site['url']}zh-hans/urban-development-2025/search/?q=%E5%A5%BD%E6%88%BF%E5%AD%90")
    page.wait_for_selector(".search-results li")
    assert page.eval_on_selector("#site-search-q", "e => e.value") == "好房子"
    assert page.get_attribute(".search-results li:first-child", "data-number") == "8"


def test_index_downloads_only_when_the_reader_starts_to_search(reader, served_site):
    page, _ = reader
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{served_site['url']}zh-hans/urban-development-2025/clauses/5/")
    page.wait_for_load_state("load")
    assert not [u for u in requested if "search-index" in u]
    page.focus("#site-search-q")
    page.wait_for_timeout(300)
    assert [u for u in requested if "search-index" in u]
