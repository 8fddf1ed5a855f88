"""Readers on phones and in WeChat (issue 26), in headless Chromium with CJK
fonts: every edition at 1280 px and at 390 px with WeChat's user agent."""
from __future__ import annotations

import pytest

from policy_site.site.engine import SCRIPT_DIRS
from tests.conftest import DOC

pytestmark = pytest.mark.browser

EDITIONS = list(SCRIPT_DIRS.values())
WECHAT = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN")
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
CLAUSE_8 = f"{DOC}/clauses/8/"
# What tells this document apart from the rest of its family, per edition.
TOPIC = {"zh-hans": "推动城市高质量发展", "zh-hant": "推動城市高質量發展", "zh-hant-hk": "推動城市高質量發展"}
KIND = {"zh-hans": "的意见", "zh-hant": "的意見", "zh-hant-hk": "的意見"}


@pytest.fixture(params=list(SIZES))
def device(request, browser, served_site):
    phone = request.param == "phone"
    context = browser.new_context(viewport=SIZES[request.param], is_mobile=phone, has_touch=phone,
                                  user_agent=WECHAT if phone else None)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_site["origin"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page, request.param
    context.close()
    assert not errors


def _shown_text(page, selector: str) -> dict:
    """The element's rendered text and whether any of it is cut (ellipsis or overflow)."""
    return page.evaluate("""sel => { const e = document.querySelector(sel); const r = e.getBoundingClientRect();
        return {text: e.innerText.trim(), cut: e.scrollWidth > e.clientWidth + 1, visible: r.width > 0 && r.height > 0,
                fontSize: parseFloat(getComputedStyle(e).fontSize), bottom: r.bottom}; }""", selector)


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_page_says_which_document_it_belongs_to(device, served_site, edition):
    page, size = device
    for path in (CLAUSE_8, f"{DOC}/", f"{DOC}/sections/4/", f"{DOC}/summary/"):
        page.goto(served_site["url"] + f"{edition}/{path}")
        title = _shown_text(page, ".header-document .md-ellipsis")
        # The topic and the year, whole, readable (12 px at least), at either width.
        assert title["visible"] and not title["cut"], (path, title)
        assert title["fontSize"] >= 12
        expected = TOPIC[edition] + (KIND[edition] if size == "desktop" else "") + "（2025）"
        assert title["text"] == expected, path
        assert not title["text"].startswith("中共中央")


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_deep_link_keeps_the_clause_label_and_the_sentence_in_view(device, served_site, edition):
    page, size = device
    page.goto(served_site["url"] + f"{edition}/{CLAUSE_8}#c8-s5")
    page.wait_for_timeout(100)
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    label = _shown_text(page, ".header-page .md-ellipsis")
    assert label["visible"] and label["text"].startswith("（八）") and label["bottom"] <= header
    top = page.evaluate("document.getElementById('c8-s5').getClientRects()[0].top")
    assert header <= top <= header + 60, "the linked sentence starts just below the sticky header"
    # A link to the clause's heading stops below the header too.
    page.goto(served_site["url"] + f"{edition}/{DOC}/full-text/#c8")
    page.wait_for_timeout(100)
    assert page.evaluate("document.getElementById('c8').getBoundingClientRect().top") >= header


def _sentence_starts(page) -> list:
    return page.evaluate("""() => Array.from(document.querySelectorAll('article .sentence')).map(s => {
        const w = document.createTreeWalker(s, NodeFilter.SHOW_TEXT); const t = w.nextNode(); if (!t) return null;
        const r = document.createRange(); r.setStart(t, 0); r.setEnd(t, 1); const b = r.getBoundingClientRect();
        return [Math.round((b.left + scrollX) * 10) / 10, Math.round((b.top + scrollY) * 10) / 10]; })""")


@pytest.mark.parametrize("edition", EDITIONS)
def test_sentence_links_take_no_room_and_show_no_mark(device, served_site, edition):
    """Issue 26.2: the text is set exactly as it would be without the links
    (no gap after each 。, nothing at the start of a line), no ¶ anywhere, and
    a focused link is a target of 24 × 24 px at least, inside the screen."""
    page, size = device
    page.goto(served_site["url"] + f"{edition}/{DOC}/full-text/")
    links = page.locator("article .sentence-link").count()
    assert links > 150
    with_links = _sentence_starts(page)
    assert "¶" not in page.inner_text("article")
    marks = page.eval_on_selector_all("article .sentence-link", "ls => ls.map(a => getComputedStyle(a, '::before').content)")
    assert not any("¶" in m for m in marks)
    opacity = page.eval_on_selector_all("article .sentence-link", "ls => ls.map(a => getComputedStyle(a).opacity)")
    assert set(opacity) == {"0"}, "nothing shows in running text at rest"
    page.focus("#c8-s3 > .sentence-link")
    page.wait_for_timeout(200)
    box = page.locator("#c8-s3 > .sentence-link").bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    assert page.evaluate("getComputedStyle(document.querySelector('#c8-s3 > .sentence-link')).opacity") == "1"
    page.evaluate("document.querySelectorAll('article .sentence-link').forEach(a => a.remove())")
    assert _sentence_starts(page) == with_links
    # Nothing reaches past the screen's edge (a phone would scroll sideways).
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]


RING = r"""() => {
    const el = document.activeElement; if (!el || el === document.body) return null;
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    const name = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '')
        + ' ' + (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 20);
    if (r.width === 0 && r.height === 0) return {name, hidden: true};
    const width = parseFloat(s.outlineWidth), offset = parseFloat(s.outlineOffset) || 0;
    if (s.outlineStyle === 'none' || width < 2) return {name, ring: null};
    const rgb = c => { const m = c.match(/[\d.]+/g).map(Number); return m.length > 3 ? m : m.concat([1]); };
    const over = (top, under) => top.map((v, i) => i < 3 ? v * top[3] + under[i] * (1 - top[3]) : 1);
    // What is under the ring: the first thing at a point of it that is not the element, and its background.
    let x = r.left - offset - width / 2; if (x < 1) x = r.right + offset + width / 2;
    const y = r.top + r.height / 2;
    const layers = [];  // the backgrounds at that point, top first, down to the first opaque one
    for (const n of document.elementsFromPoint(x, y)) {
        if (n === el || el.contains(n)) continue;
        const c = rgb(getComputedStyle(n).backgroundColor); if (c[3] > 0) layers.push(c); if (c[3] === 1) break;
    }
    let bg = [255, 255, 255, 1]; for (const c of layers.reverse()) bg = over(c, bg);
    const ring = over(rgb(s.outlineColor), bg);
    const lum = c => { const [R, G, B] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
        return 0.2126 * R + 0.7152 * G + 0.0722 * B; };
    const [a, b] = [lum(ring), lum(bg)].sort((p, q) => q - p);
    return {name, ring: s.outlineColor, bg, ratio: (a + 0.05) / (b + 0.05)};
}"""


@pytest.mark.parametrize("edition", EDITIONS)
def test_focus_is_visible_everywhere_at_three_to_one(device, served_site, edition):
    """Issue 26.3: Tab through a clause page (header, navigation, text,
    sentence links, footer): every stop draws a ring of 2 px or more with a
    contrast of 3:1 at least against what is under it (WCAG 2.4.11/1.4.11)."""
    page, size = device
    page.goto(served_site["url"] + f"{edition}/{CLAUSE_8}")
    seen, bad = [], []
    for _ in range(150):
        page.keyboard.press("Tab")
        page.wait_for_timeout(30)  # the skip link's and the sentence link's fades
        stop = page.evaluate(RING)
        if stop is None or stop.get("hidden"):
            continue
        if seen and stop["name"] == seen[0]:
            break
        seen.append(stop["name"])
        if stop["ring"] is None or stop["ratio"] < 3:
            bad.append(stop)
    assert len(seen) > 20
    assert any(".edition-switch" in n for n in seen)
    assert any(n.startswith("a.sentence-link") for n in seen)
    assert not bad, bad


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_skip_link_says_where_it_goes(device, served_site, edition):
    page, _ = device
    for path in (CLAUSE_8, f"{DOC}/search/"):
        page.goto(served_site["url"] + f"{edition}/{path}")
        page.keyboard.press("Tab")
        label = page.evaluate("document.activeElement.classList.contains('md-skip') && document.activeElement.textContent.trim()")
        assert label in ("跳到正文", "跳至主要內容"), (path, label)


LABEL = {"zh-hans": "简体", "zh-hant": "繁體·臺灣", "zh-hant-hk": "繁體·香港"}


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_edition_switch_says_which_edition_this_is(device, served_site, edition):
    """Issue 26.4: not a bare 文A icon: the current edition's name, shown
    whole, in the button's accessible name too (WCAG 2.5.3), and the other
    editions one press away."""
    page, _ = device
    for path in (CLAUSE_8, ""):
        page.goto(served_site["url"] + f"{edition}/{path}")
        shown = _shown_text(page, ".edition-switch .edition-current")
        assert shown["visible"] and not shown["cut"] and shown["text"] == LABEL[edition]
        assert shown["fontSize"] >= 12
        button = page.locator(".edition-switch")
        assert page.get_by_role("button", name=LABEL[edition]).count() == 1
        assert button.get_attribute("aria-label").startswith(LABEL[edition])
        box = button.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24
        button.focus()
        page.keyboard.press("Enter")
        others = [name for key, name in LABEL.items() if key != edition]
        for name in others:
            page.get_by_role("link", name=name).wait_for(state="visible")


MAINLAND_MARKS = "“”‘’"


@pytest.mark.parametrize("edition", EDITIONS)
def test_traditional_editions_quote_with_corner_brackets(device, served_site, edition):
    """Issue 26.5: readers in Taiwan and Hong Kong write 「」『』: the text,
    the interface and the copied citation; the simplified edition keeps “”‘’."""
    page, size = device
    traditional = edition != "zh-hans"
    outer, inner = ("「」", "『』") if traditional else ("“”", "‘’")
    page.goto(served_site["url"] + f"{edition}/{CLAUSE_8}")
    text = page.inner_text("body")
    if traditional:
        assert not any(m in text for m in MAINLAND_MARKS), [m for m in MAINLAND_MARKS if m in text]
        assert page.title().startswith("（八）系統推進「好房子」")
    assert f"{outer[0]}好房子{outer[1]}" in page.inner_text("#c8-s1")
    page.goto(served_site["url"] + f"{edition}/{DOC}/search/")
    hint = page.inner_text(".search-status")
    assert (outer[0] in hint) and (not traditional or not any(m in hint for m in MAINLAND_MARKS))
    # The copied citation quotes the sentence in the edition's marks, the inner ones inside.
    page.goto(served_site["url"] + f"{edition}/{CLAUSE_8}")
    if size == "phone":
        end = page.locator("#c8-s3 > .sentence-link").bounding_box()
        page.touchscreen.tap(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2)
    else:
        page.hover("#c8-s3 > .sentence-link", force=True)
    page.locator("#c8-s3 > .sentence-link").click()
    page.locator(".cite-popover button").nth(1).click()
    page.wait_for_selector(".cite-popover .copy-status:not(:empty)")
    copied = page.evaluate("navigator.clipboard.readText()")
    sentence = page.inner_text("#c8-s3").strip()
    expected = outer[0] + sentence.replace(outer[0], inner[0]).replace(outer[1], inner[1]) + outer[1]
    assert copied.startswith(expected), copied
    assert f"{inner[0]}好房子{inner[1]}" in copied
    if traditional:
        assert not any(m in copied for m in MAINLAND_MARKS), copied


# Paragraphs whose last line holds two characters or fewer (one and its 。).
SHORT_LAST_LINES = r"""() => { const out = [];
  document.querySelectorAll('article p.para').forEach(p => {
    const w = document.createTreeWalker(p, NodeFilter.SHOW_TEXT); const chars = [];
    let t; while ((t = w.nextNode())) for (let i = 0; i < t.length; i++) chars.push([t, i]);
    if (!chars.length) return;
    const top = ([n, i]) => { const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
        const b = r.getClientRects()[0]; return b ? Math.round(b.top) : null; };
    const last = top(chars[chars.length - 1]); let k = 0;
    for (let j = chars.length - 1; j >= 0 && top(chars[j]) === last; j--) k++;
    if (top(chars[0]) !== last && k <= 2) out.push(p.id + ' ' + chars.slice(-k).map(([n, i]) => n.data[i]).join(''));
  });
  return out; }"""


@pytest.mark.parametrize("edition", EDITIONS)
def test_paragraphs_are_set_as_chinese_is_printed(device, served_site, edition):
    """Issue 26.6: justified with a two-character first-line indent; a label
    that opens with （ starts flush; headings balanced; no paragraph of the
    full text ends on a line of one character and its 。 on a phone (at most
    one on the desktop, where Chromium's `pretty` leaves the longest alone)."""
    page, size = device
    page.goto(served_site["url"] + f"{edition}/{CLAUSE_8}")
    para = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('article p.para'));
        return {align: s.textAlign, indent: parseFloat(s.textIndent), size: parseFloat(s.fontSize), wrap: s.textWrapStyle}; }""")
    assert para["align"] == "justify" and para["indent"] == 2 * para["size"] and para["wrap"] == "pretty"
    h1 = page.evaluate("""() => { const h = document.querySelector('article h1'); const s = getComputedStyle(h);
        const w = document.createTreeWalker(h, NodeFilter.SHOW_TEXT); const t = w.nextNode();
        const r = document.createRange(); r.setStart(t, 0); r.setEnd(t, 1);
        const first = r.getBoundingClientRect(), lines = document.createRange(); lines.selectNodeContents(h);
        const rows = {}; for (const b of lines.getClientRects()) rows[Math.round(b.top)] = Math.max(rows[Math.round(b.top)] || 0, b.right);
        return {char: t.data[0], width: first.width, left: first.left - h.getBoundingClientRect().left,
                size: parseFloat(s.fontSize), wrap: s.textWrapStyle, rights: Object.values(rows)}; }""")
    assert h1["char"] == "（" and h1["width"] <= 0.6 * h1["size"], "the bracket's blank half is trimmed"
    assert h1["wrap"] == "balance"
    if len(h1["rights"]) > 1:  # balanced: the last line is not a stub of the first
        assert min(h1["rights"]) >= 0.6 * max(h1["rights"]) - h1["size"]
    page.goto(served_site["url"] + f"{edition}/{DOC}/full-text/")
    short = page.evaluate(SHORT_LAST_LINES)
    assert len(short) <= (0 if size == "phone" else 1), short


TITLED_PAGES = ["", "topics/", "search/", f"{DOC}/", f"{DOC}/full-text/", f"{DOC}/sections/4/", CLAUSE_8,
                f"{DOC}/summary/", f"{DOC}/about/", f"{DOC}/tags/"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_titles_for_sharing_fit_wechat_and_say_nothing_twice(device, served_site, edition):
    """Issue 26.7: the page first, then 《short title》 and the library, within
    WeChat's ~30 characters, each part once; og:title says the same."""
    page, _ = device
    library = {"zh-hans": "政策文件库", "zh-hant": "政策文件庫", "zh-hant-hk": "政策文件庫"}[edition]
    for path in TITLED_PAGES:
        page.goto(served_site["url"] + f"{edition}/{path}")
        title = page.title()
        parts = title.split("｜")
        assert len(title) <= 30 and len(parts) == len(set(parts)), (path, title)
        assert parts[-1] == library and title.count(library) == 1, (path, title)
        og = page.locator("meta[property='og:title']")
        if og.count():
            assert og.get_attribute("content") == title
        if path.startswith(DOC + "/") and path != f"{DOC}/":
            assert parts[-2] in ("《意见》", "《意見》"), (path, title)
        if path in (CLAUSE_8, f"{DOC}/sections/4/"):  # the title starts with the part's heading
            heading = page.inner_text("article h1").strip()
            assert heading.startswith(parts[0].removesuffix("……")), (path, title, heading)


DARK_PAGES = ["", "search/?q=城市更新", f"{DOC}/", CLAUSE_8, f"{DOC}/full-text/", f"{DOC}/summary/",
              f"{DOC}/search/?q=好房子", f"{DOC}/about/"]


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("edition", EDITIONS)
def test_a_dark_system_setting_gets_the_dark_scheme_and_axe_finds_nothing(browser, served_site, edition, size):
    """Issue 26.8: prefers-color-scheme: dark gives Material's slate scheme,
    and axe (contrast included) finds no violation in it."""
    from tests.browser.test_a11y import _axe_source, _violations

    axe = _axe_source()
    context = browser.new_context(viewport=SIZES[size], color_scheme="dark")
    page = context.new_page()
    problems = []
    for path in DARK_PAGES:
        page.goto(served_site["url"] + f"{edition}/{path}")
        page.wait_for_load_state("load")
        assert page.get_attribute("body", "data-md-color-scheme") == "slate", path
        problems += [f"{edition}/{path}: {v}" for v in _violations(page, axe)]
    page.emulate_media(color_scheme="light")  # the system setting changes while the page is open
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
    context.close()
    assert not problems, "\n".join(problems)
