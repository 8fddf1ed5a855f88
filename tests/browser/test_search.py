"""Search: the normalisation (normalize.py) and, in real headless Chromium,
a table of queries typed into the real header box on every edition, each
checked against Ctrl+F semantics computed from the built document.json
with the same normalisation: a unit matches when its normalised text (as
the reader sees it: label, title, text, paragraph by paragraph) contains
every term. Citation queries must put the cited unit first."""
import json
import re

import pytest

from policy_site.site.engine import SCRIPT_DIRS
from policy_site.site.search import unit_text
from policy_site.zh import normalize
from policy_site.zh.editions import SCRIPTS
from tests.conftest import DOC

EDITIONS = [(script, SCRIPT_DIRS[script]) for script in SCRIPTS]


# --- the normalisation, in Python --------------------------------------------------

@pytest.mark.parametrize("forms", ["爲為为", "綫線线", "羣群", "衆眾众", "歷历曆", "臺台颱檯", "後后", "裡裏里"])
def test_variant_forms_of_a_character_are_one(forms):
    assert len({normalize.normal(c) for c in forms}) == 1, forms


def test_distinct_characters_stay_distinct():
    # Japanese shinjitai would join 芸 (a herb) with 藝: its dictionaries are left out.
    assert normalize.normal("芸") != normalize.normal("艺")
    assert normalize.normal("城") != normalize.normal("市")
    assert len({normalize.normal(c) for c in "一二三四五六七八九十"}) == 10


def test_width_case_and_punctuation_fold():
    assert normalize.normal("（二十二），：；？！") == normalize.normal("(二十二),:;?!") == "(二十二),:;?!"
    assert normalize.normal("ＣＩＭ") == normalize.normal("cim") == normalize.normal("CIM")
    assert normalize.normal("５Ｇ") == "5g"
    assert normalize.normal("〔2024〕") == normalize.normal("[2024]")
    assert normalize.normal("、。") == "、。"  # no half-width form: themselves


def test_offsets_point_back_at_the_original_characters():
    text = "㈠ＡＢ為"
    folded, origin = normalize.normalize(text)
    assert folded == "(一)ab为"
    assert origin == [0, 0, 0, 1, 2, 3]


def test_terms_split_on_quotes_and_space_and_drop_bare_punctuation():
    assert normalize.terms("“好房子” 城市") == ["好房子", "城市"]
    assert normalize.terms("，。！？") == []
    assert normalize.terms("(8)") == ["(8)"]


def test_citation_words_normalise_to_what_search_js_matches():
    # search.js matches citations on normalised text with these simplified words.
    for word, simplified in (("條", "条"), ("項", "项"), ("節", "节"), ("部分", "部分"), ("第", "第")):
        assert normalize.normal(word) == simplified


# --- Ctrl+F semantics from document.json ------------------------------------------------

def _units(data: dict, key: str) -> dict[tuple[str, int], str]:
    """Every searchable unit's text, built the way search.py builds it."""
    def paras(ps):
        return [[[s["id"], s[key]] for s in p["sentences"]] for p in ps]

    units = {}
    if data["preamble"]:
        units[("preamble", 0)] = {"kind": "preamble", "head": "", "paras": paras(data["preamble"])}
    clauses = {c["number"]: c for c in data["clauses"]}
    for section in data["sections"]:
        units[("section", section["number"])] = {"kind": "section", "head": f"{section['numeral']}、{section['title'][key]}",
                                                 "paras": paras(section["paragraphs"])}
        for n in section["clauses"]:
            clause = clauses[n]
            grouped: dict[str, list] = {}
            for s in clause["sentences"]:
                grouped.setdefault(s["paragraph"], []).append([s["id"], s[key]])
            units[("clause", n)] = {"kind": "clause", "head": clause["label"], "paras": list(grouped.values())}
    if data.get("summary"):
        units[("summary", 0)] = {"kind": "summary", "head": "",
                                 "paras": [[[b["id"], b["text"][key]]] for g in data["summary"]["groups"] for b in g["bullets"]]}
    return {k: normalize.normal(unit_text(u)) for k, u in units.items()}


def _expected(units, query):
    words = normalize.terms(query)
    return {k for k, text in units.items() if words and all(w in text for w in words)}


WORDS = [
    # words and phrases
    "城市更新", "好房子", "“好房子”", "一网统管", "城中村", "公共卫生", "燃气", "历史文化", "低空经济",
    "住房公积金", "城市群", "都市圈", "应急", "数字化转型", "社区", "无障碍", "老旧小区", "地下空间",
    "高质量发展", "文化遗产", "城市体检", "平急两用", "养老", "城市", "安全 韧性", "科学制定",
    # the other script, mixed scripts, variant forms the site does not write
    "歷史文化", "公共衛生", "燃氣", "網格化", "住房公積金", "數字化轉型", "數字化转型", "城市羣", "生命綫",
    "人民羣衆", "公共衞生", "爲",
    # case and width
    "5g", "５Ｇ", "cim", "ＣＩＭ", "２０３５",
    # half-width punctuation for full-width, a pasted sentence
    "都市圈,构建", "城市群，推动成", "增长极,增强", "“一带一路”,建设", "加快构建房地产发展新模式,更好满足群众刚性和多样化改善性住房需求",
    # headings pasted with their number
    "九、加强组织实施", "（二十二）推动城市治理智慧化精细化", "(二十二)推动城市治理", "一、总体要求",
    # across a sentence boundary inside a unit
    "性住房需求。全链条提升", "改善性住房需求。全链条",
    # the preamble, the summary's bullets
    "人民幸福生活的重要空间", "隔离疏散通道预留",
]
NO_MATCH = ["量子计算", "元宇宙", "区块链技术"]
# query -> (the unit that must come first, the units cited besides text matches)
CITATIONS = {
    "第八条": (("clause", 8), {("clause", 8)}), "第（八）项": (("clause", 8), {("clause", 8)}),
    "（八）": (("clause", 8), {("clause", 8)}), "(8)": (("clause", 8), {("clause", 8)}),
    "8": (("clause", 8), {("clause", 8)}), "第8条": (("clause", 8), {("clause", 8)}),
    "第二十三条": (("clause", 23), {("clause", 23)}), "（二十三）": (("clause", 23), {("clause", 23)}),
    "第23項": (("clause", 23), {("clause", 23)}), "第三部分": (("section", 3), {("section", 3)}),
    "六、": (("section", 6), {("section", 6)}), "第六节": (("section", 6), {("section", 6)}),
    "《意见》第八项": (("clause", 8), {("clause", 8)}), "意见第8条": (("clause", 8), {("clause", 8)}),
    # a bare numeral cites the clause and the section of that number, and is text too:
    # 三 finds （三） first, then every unit with 三, （十三） and （二十三） among them
    "三": (("clause", 3), {("clause", 3), ("section", 3)}),
    "一": (("section", 1), {("section", 1), ("clause", 1)}),  # section 一 has no clauses: it comes first
    "八": (("clause", 8), {("clause", 8), ("section", 8)}),
}


@pytest.fixture(scope="module")
def documents(served_site):
    return {script: json.loads((served_site["dir"] / folder / DOC / "document.json").read_text(encoding="utf-8"))
            for script, folder in EDITIONS}


def _type(page, query, *, keyboard=False):
    """Type into the real header box; results come as the reader types."""
    if keyboard:
        page.fill("#site-search-q", "")
        page.type("#site-search-q", query)
    else:
        page.fill("#site-search-q", query)
    page.wait_for_function("q => document.querySelector('form.site-search').dataset.searched === q",
                           arg=query, timeout=10000)
    return page.eval_on_selector_all(".search-page .search-results li",
                                     "els => els.map(e => [e.dataset.kind, +e.dataset.number])")


pytestmark = pytest.mark.browser


@pytest.mark.parametrize("script, folder", EDITIONS)
def test_query_table(reader, served_site, documents, script, folder):
    page, _ = reader
    units = _units(documents[script], script)
    page.goto(f"{served_site['url']}{folder}/{DOC}/search/")
    assert len(WORDS) + len(NO_MATCH) + len(CITATIONS) >= 60
    failures = []
    for n, query in enumerate(WORDS):
        results = [tuple(r) for r in _type(page, query, keyboard=n % 10 == 0)]
        expected = _expected(units, query)
        assert expected, f"table error: {query} matches nothing"
        if set(results) != expected or len(results) != len(expected):
            failures.append(f"{query}: missing {sorted(expected - set(results))}, not matching {sorted(set(results) - expected)}")
    for query in NO_MATCH:
        results = _type(page, query)
        status = page.inner_text(".search-page .search-status")
        if results or not re.search("没有找到|沒有找到", status) or re.search("简体|繁体|簡體|繁體", status):
            failures.append(f"{query}: expected no results and no advice to switch script, got {results[:3]} / {status}")
    for query, (first, cited) in CITATIONS.items():
        results = [tuple(r) for r in _type(page, query)]
        expected = _expected(units, query) | cited
        if not results or results[0] != first:
            failures.append(f"{query}: expected {first} first, got {results[:3]}")
        if set(results) != expected:
            failures.append(f"{query}: missing {sorted(expected - set(results))}, extra {sorted(set(results) - expected)}")
    # A bare numeral is text too, consistently: 三 finds （十三） and （二十三）.
    assert {("clause", 13), ("clause", 23)} <= set(tuple(r) for r in _type(page, "三"))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("script, folder", EDITIONS)
def test_near_misses_are_listed_apart_from_exact_results(reader, served_site, documents, script, folder):
    page, _ = reader
    page.goto(f"{served_site['url']}{folder}/{DOC}/search/")
    assert _type(page, "城市更心") == []  # exact results keep precision 1.0: none
    page.wait_for_function("document.querySelector('form.site-search').dataset.near === '城市更心'")
    near = page.eval_on_selector_all(".search-near-results li", "els => els.map(e => [e.dataset.kind, +e.dataset.number])")
    assert ["clause", 8] in near
    assert re.search("相近|相近", page.inner_text(".search-near-title"))
    assert _type(page, "城市更新发展规划") == []  # no one-character fix: the longest parts that occur
    page.wait_for_function("document.querySelector('form.site-search').dataset.near === '城市更新发展规划'")
    notes = page.eval_on_selector_all(".search-near-results .search-note", "els => els.map(e => e.textContent)")
    assert notes and all(re.search("部分一致", n) for n in notes)
    # A word that occurs shows no near-misses.
    _type(page, "城市更新")
    assert page.eval_on_selector(".search-page .search-near", "e => e.hidden")


def test_python_and_javascript_normalise_every_character_alike(reader, served_site):
    page, _ = reader
    page.goto(f"{served_site['url']}zh-hans/{DOC}/clauses/1/")
    chars = sorted(set(normalize.script_classes()) | set(normalize.script_classes().values())
                   | {chr(c) for r in ((0x20, 0x7E), (0xA0, 0x17F), (0x2000, 0x206F), (0x3000, 0x303F),
                                       (0xFF00, 0xFFEF), (0xF900, 0xFAFF), (0x2460, 0x24FF), (0x3200, 0x32FF))
                      for c in range(r[0], r[1] + 1)})
    folded = page.evaluate("""async chars => {
        await window.policyLoadSearch();
        const s = window.policySearch;
        const root = await (await fetch(s.base + 'root.json')).json();
        for (const b of root.blocks) s.addClasses(await (await fetch(s.base + 'c/' + b.toString(16) + '.json')).json());
        return chars.map(c => s.fold(c));
    }""", chars)
    differ = [(c, hex(ord(c)), py, js) for c, py, js in zip(chars, (normalize.fold(c) for c in chars), folded) if py != js]
    assert len(chars) > 9000 and not differ, differ[:20]


def test_search_js_comes_when_the_reader_first_searches(reader, served_site):
    """A first visit does not load search.js (11 KB gzip); "/" opens the box
    and fetches it, and words typed before it arrives are searched when it
    does."""
    page, _ = reader
    scripts, held = [], []
    page.on("request", lambda r: r.resource_type == "script" and scripts.append(r.url.rsplit("/", 1)[-1]))
    page.route("**/assets/search.*.js", lambda route: held.append(route))
    page.goto(f"{served_site['url']}zh-hans/{DOC}/clauses/8/")
    page.wait_for_load_state("networkidle")
    assert not [s for s in scripts if s.startswith("search.")], scripts
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.type("城市更新")
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1 and not page.query_selector(".search-popup-results li")
    held[0].continue_()
    page.wait_for_selector(".search-popup-results li")
    assert "城市更新" in page.inner_text(".search-popup-results")


def test_results_show_in_the_readers_script_and_land_highlighted(reader, served_site):
    page, _ = reader
    base = served_site["url"]
    page.goto(f"{base}zh-hant/{DOC}/clauses/3/")
    page.fill("#site-search-q", "历史文化")  # simplified query on the traditional site
    page.wait_for_selector(".search-popup-results li")
    page.press("#site-search-q", "Enter")  # no result chosen: the search page, shareable
    page.wait_for_url(re.compile(r".*/zh-hant/search/\?q=.*"))
    page.wait_for_selector(".search-page .search-results li")
    first = page.inner_text(".search-page .search-results li:first-child")
    assert "歷史文化" in first and "历史文化" not in first
    assert "\u200b" not in page.inner_text(".search-page .search-results")
    page.click(".search-page .search-results li:first-child a")
    page.wait_for_load_state("load")
    assert f"/zh-hant/{DOC}/clauses/18/?h=" in page.url and "#c18-s" in page.url
    marks = page.eval_on_selector_all("article mark", "els => els.map(e => e.textContent)")
    assert marks and all(m == "歷史文化" for m in marks)


def test_search_url_can_be_shared(reader, served_site):
    page, _ = reader
    page.goto(f"{served_site['url']}zh-hans/{DOC}/search/?q=%E5%A5%BD%E6%88%BF%E5%AD%90")
    page.wait_for_selector(".search-page .search-results li")
    assert page.eval_on_selector("#site-search-q", "e => e.value") == "好房子"
    assert page.get_attribute(".search-page .search-results li:first-child", "data-number") == "8"
    page.goto(f"{served_site['url']}zh-hant/search/?q=%E5%A5%BD%E6%88%BF%E5%AD%90")  # the library's
    page.wait_for_selector(".search-page .search-results li")
    assert page.get_attribute(".search-page .search-results li:first-child", "data-number") == "8"


@pytest.mark.parametrize("query", ["消防"])
def test_the_documents_own_text_comes_before_the_news_summary(reader, served_site, query):
    """The summary's bullets repeat the text: many matches, a high score; the text is what a reader cites."""
    page, _ = reader
    page.goto(f"{served_site['url']}zh-hans/{DOC}/search/?q={query}")
    page.wait_for_selector(".search-page .search-results li")
    kinds = page.eval_on_selector_all(".search-page .search-results li", "els => els.map(e => e.dataset.kind)")
    assert "summary" in kinds and kinds.index("summary") == len(kinds) - 1 and len(kinds) > 1, kinds


def test_index_downloads_only_when_the_reader_starts_to_search(reader, served_site):
    page, _ = reader
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{served_site['url']}zh-hans/{DOC}/clauses/5/")
    page.wait_for_load_state("load")
    assert not [u for u in requested if "/search/" in u]
    page.focus("#site-search-q")
    page.wait_for_timeout(300)
    # On focus: root.json, then the text of the page's own document (its
    # results need no request), and nothing else: no gram bucket, no other text.
    assert [u for u in requested if u.endswith("/zh-hans/search/root.json")]
    root = json.loads((served_site["dir"] / "zh-hans" / "search" / "root.json").read_text(encoding="utf-8"))
    mine = next(d for d in root["docs"] if d["slug"] == DOC)
    shards = {int(m.group(1)) for u in requested if (m := re.search(r"/search/s/(\d+)\.json$", u))}
    assert shards == set(range(mine["firstShard"], mine["firstShard"] + mine["shards"]))
    assert not [u for u in requested if "/search/g/" in u]
    _type(page, "城市更新")  # a one-document site: searched on the loaded text, no further request
    assert page.eval_on_selector_all(".search-popup-results li", "els => els.length")
    assert not [u for u in requested if "/search/g/" in u]
    # A page of no document (the library's home) loads root.json only.
    requested.clear()
    page.goto(f"{served_site['url']}zh-hans/")
    page.focus("#site-search-q")
    page.wait_for_timeout(300)
    assert [u for u in requested if u.endswith("/search/root.json")] and not [u for u in requested if "/search/s/" in u]


# --- the interface ---------------------------------------------------------------------

@pytest.mark.parametrize("path", ["zh-hans/", f"zh-hans/{DOC}/", f"zh-hant/{DOC}/clauses/8/", "zh-hant/topics/",
                                  f"zh-hans/{DOC}/full-text/", "zh-hant/search/"])
def test_every_page_has_the_box_in_its_header_and_no_visible_label(served_site, path):
    html = (served_site["dir"] / path / "index.html").read_text(encoding="utf-8")
    header_end = html.index("</header>")
    form = html.index('<form class="site-search"')
    assert header_end < form < html.index('class="md-container"')  # right after Material's header
    assert 'id="site-search-q"' in html and 'aria-label="' in html[form:html.index("</form>", form)]
    assert "<label for=\"site-search-q\"" not in html
    words = set(re.findall("检索|檢索|搜索", html))
    assert words and words <= {"检索", "檢索"}, words  # one word throughout


def test_keyboard_shortcuts_arrows_enter_and_escape(reader, served_site):
    page, _ = reader
    page.goto(f"{served_site['url']}zh-hans/{DOC}/clauses/3/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.type("好房子")
    page.wait_for_selector(".search-popup-results li")
    page.keyboard.press("Escape")
    assert page.eval_on_selector(".site-search-popup", "e => e.hidden")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") != "site-search-q"
    # "s" while typing in another field types an s there
    page.evaluate("() => { const t = document.createElement('textarea'); t.id = 'other'; document.body.prepend(t); }")
    page.focus("#other")
    page.keyboard.type("s")
    assert page.eval_on_selector("#other", "e => e.value") == "s"
    page.click("h1")
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.fill("#site-search-q", "城市体检")
    page.wait_for_function("document.querySelector('form.site-search').dataset.searched === '城市体检'")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    chosen = page.eval_on_selector(".search-popup-results li.is-active .search-result", "e => e.dataset.href")
    assert not page.query_selector(".search-popup-results a")  # options hold no link
    assert page.eval_on_selector("#site-search-q", "e => e.getAttribute('aria-activedescendant')") == "site-search-r0"
    page.keyboard.press("Enter")
    page.wait_for_url(chosen)
    assert "?h=" in page.url


def test_results_as_the_reader_types(reader, served_site):
    page, _ = reader
    page.goto(f"{served_site['url']}zh-hant/{DOC}/")
    page.click("#site-search-q")
    page.keyboard.type("燃氣")
    page.wait_for_selector(".search-popup-results li")
    assert page.eval_on_selector("#site-search-q", "e => e.getAttribute('aria-expanded')") == "true"
    assert "燃氣" in page.inner_text(".search-popup-results")


def test_phone_overlay(browser, served_site):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(f"{served_site['url']}zh-hans/{DOC}/clauses/2/")
    assert not page.is_visible("#site-search-q") and page.is_visible(".site-search-open")
    page.click(".site-search-open")
    assert page.is_visible("#site-search-q") and page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.type("社区")
    page.wait_for_selector(".search-popup-results li")
    box = page.eval_on_selector(".site-search", "e => e.getBoundingClientRect().width")
    assert box >= 380  # the overlay takes the screen
    page.click(".site-search-close")
    assert not page.is_visible("#site-search-q")
    context.close()


def test_phone_results_page_starts_with_the_editable_query_and_one_close_control(browser, served_site):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(f"{served_site['url']}zh-hans/{DOC}/search/?q=%E7%A4%BE%E5%8C%BA")
    page.wait_for_selector(".search-page .search-results li")
    box = page.locator(".search-page-q")
    assert box.is_visible() and box.input_value() == "社区"
    assert box.bounding_box()["y"] < 250  # at the start of the page
    box.fill("好房子")
    page.wait_for_function("() => document.querySelector('.search-page .search-results li[data-number=\"8\"]')")
    context.close()
    desktop = browser.new_context(viewport={"width": 1280, "height": 800})
    page = desktop.new_page()
    page.goto(f"{served_site['url']}zh-hans/{DOC}/search/?q=%E7%A4%BE%E5%8C%BA")
    assert not page.locator(".search-page-q").is_visible()  # the header's box is there
    desktop.close()


def test_without_javascript_a_notice_and_a_plain_link(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_site['url']}zh-hant/{DOC}/clauses/2/")
    notice = page.locator(".search-noscript").first
    assert notice.is_visible() and "JavaScript" in notice.inner_text()
    link = notice.locator("a").get_attribute("href")
    page.goto(page.url.split("#")[0] + link if not link.startswith("http") else link)
    assert page.url.endswith("/zh-hant/search/")
    context.close()


# --- bad input stays text -----------------------------------------------------------------

def test_bad_queries_stay_text(reader, served_site):
    page, record = reader
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{served_site['url']}zh-hans/{DOC}/search/")
    long = "城市" * 5000
    assert _type(page, long) == []  # searched as its first 200 characters, which occur nowhere
    assert len(page.inner_text(".search-page .search-status")) < 200
    assert _type(page, "，。！？、；") == []
    assert "标点" in page.inner_text(".search-page .search-status")
    for query in (".*", "a.*b", "(八)|[城]", "^城市$", "\\d+", "城市{2}"):
        assert _type(page, query) == [], query  # no regular expression: these occur nowhere as text
    html = '<img src=x onerror=alert(1)><b>城市</b>'
    _type(page, html)
    assert html in page.inner_text(".search-page .search-status")
    assert page.eval_on_selector_all(".search-page img, .search-page b", "els => els.length") == 0
    page.goto(f"{served_site['url']}zh-hans/{DOC}/search/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%E5%9F%8E%E5%B8%82")
    page.wait_for_function("document.querySelector('form.site-search').dataset.searched")
    assert "<script>alert(1)</script>城市" in page.inner_text(".search-page .search-status")
    page.goto(f"{served_site['url']}zh-hans/{DOC}/clauses/8/?h=%E5%9F%8E%E5%B8%82%20mark%20%3Cb%3E")
    page.wait_for_selector("article mark")
    marks = page.eval_on_selector_all("article mark", "els => els.map(e => e.textContent)")
    assert marks and set(marks) == {"城市"}
    text = page.inner_text("article")
    assert "<mark>" not in text and "mark>" not in text
    assert page.eval_on_selector_all("article mark *", "els => els.length") == 0
    assert not dialogs


# --- the split index ---------------------------------------------------------------------

def test_gram_buckets_name_every_unit_that_contains_a_query(served_site):
    """The candidates a query's buckets give are a superset of the units that
    match (search.js verifies on text); shards hold each unit once."""
    from policy_site.site.search import bucket, query_grams

    folder = served_site["dir"] / "zh-hant" / "search"
    root = json.loads((folder / "root.json").read_text(encoding="utf-8"))
    units = []
    for n in range(len(root["shards"])):
        shard = json.loads((folder / "s" / f"{n}.json").read_text(encoding="utf-8"))
        assert shard["first"] == len(units) == root["shards"][n][1]
        units += shard["units"]
    assert len(units) == root["units"]
    for query in ("城市更新", "歷史文化", "爲", "(八)", "性住房需求。全链条提升"):
        term = normalize.terms(query)[0]
        ids = None
        for gram in query_grams(term):
            data = json.loads((folder / "g" / f"{bucket(gram, root['buckets'])}.json").read_text(encoding="utf-8"))
            found, at = set(), 0
            for delta in data.get(gram, []):
                at += delta
                found.add(at)
            ids = found if ids is None else ids & found
        matching = {i for i, u in enumerate(units) if term in normalize.normal(unit_text(u))}
        assert matching and matching <= ids, query


def test_a_click_on_an_option_opens_its_result(reader, served_site):
    page, _ = reader
    page.goto(f"{served_site['url']}zh-hans/{DOC}/clauses/3/")
    page.keyboard.press("/")
    page.keyboard.type("好房子")
    page.wait_for_function("q => document.querySelector('form.site-search').dataset.searched === q", arg="好房子")
    chosen = page.eval_on_selector(".search-popup-results li:first-child .search-result", "e => e.dataset.href")
    with page.context.expect_page() as opened:  # Ctrl+click: a new tab, this page stays
        page.click(".search-popup-results li:first-child", modifiers=["Control"])
    assert opened.value.url == chosen and "/clauses/3/" in page.url
    opened.value.close()
    page.click(".search-popup-results li:first-child .search-result")
    page.wait_for_url(chosen)
    assert "#" in page.url and "?h=" in page.url
