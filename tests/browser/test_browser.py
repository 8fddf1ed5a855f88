"""What a reader does, in real headless Chromium (Debian's), against the
built site served on 127.0.0.1 under a sub-path."""

import re

import pytest

from policy_site.zh.editions import EDITIONS

pytestmark = pytest.mark.browser


def _in_viewport(page, element_id):
    return page.evaluate("""id => { const r = document.getElementById(id).getBoundingClientRect();
        return r.top >= 0 && r.top < innerHeight; }""", element_id)


FOLDERS = [e.folder for e in EDITIONS]
LANGS = {e.folder: e.key for e in EDITIONS}
DIRECTIONS = [(a, b) for a in FOLDERS for b in FOLDERS if a != b]


def _switch(page, folder):
    """Choose an edition with the switch in the header, as a mouse does."""
    page.hover(".md-header .md-select")
    page.click(f".md-header .md-select__link[hreflang='{LANGS[folder]}']")


def _switch_by_keys(page, folder):
    """Choose an edition from the keyboard: Enter on the switch, arrows, Enter.
    (Playwright's mouse click scrolls the page to bring a link of the sticky
    header "into view", which a reader's click never does.)"""
    page.evaluate("document.querySelector('.md-header .md-select button').focus({preventScroll: true})")
    page.keyboard.press("Enter")
    for _ in range(len(FOLDERS)):
        if page.evaluate("document.activeElement.getAttribute('hreflang')") == LANGS[folder]:
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")


# What the reader is reading: the first sentence (or heading) that starts on
# the top line below the sticky header (its first line at least half showing) or lower.
TOP_SENTENCE = """() => { const line = document.querySelector('.md-header').getBoundingClientRect().bottom;
    for (const n of document.querySelectorAll('article .sentence[id], article h1[id], article h2[id]')) {
      const r = n.getClientRects()[0]; if (r && r.top + r.height / 2 > line) return n.id; } }"""


@pytest.mark.parametrize("start, goal", DIRECTIONS)
def test_switch_keeps_the_sentence_anchor(reader, served_site, start, goal):
    page, _ = reader
    base = served_site["url"]
    page.goto(f"{base}{start}/urban-development-2025/clauses/8/?h=x#c8-s5")
    highlight = page.evaluate("getComputedStyle(document.getElementById('c8-s5')).backgroundColor")
    normal = page.evaluate("getComputedStyle(document.getElementById('c8-s4')).backgroundColor")
    assert highlight != normal, "landing on a sentence anchor highlights it"
    _switch(page, goal)
    page.wait_for_url(f"{base}{goal}/urban-development-2025/clauses/8/?h=x#c8-s5")
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == LANGS[goal]
    assert _in_viewport(page, "c8-s5")


@pytest.mark.parametrize("start, goal", DIRECTIONS)
def test_switch_keeps_the_sentence_at_the_top_without_fragment(reader, served_site, start, goal):
    """The reading position is the sentence at the top of the window, not a
    number of pixels: glyph metrics differ between scripts and fonts."""
    page, _ = reader
    base = served_site["url"]
    page.set_viewport_size({"width": 1280, "height": 500})
    page.goto(f"{base}{start}/urban-development-2025/full-text/")
    for sentence in ("c14-s3", "c3-s1"):
        # The sentence's first line at the header's edge, a quarter of it under the header.
        page.evaluate(f"""() => {{ const line = document.querySelector('.md-header').getBoundingClientRect().bottom;
            scrollBy(0, document.getElementById('{sentence}').getClientRects()[0].top - line + 7); }}""")
        assert page.evaluate(TOP_SENTENCE) == sentence
        _switch_by_keys(page, goal)
        page.wait_for_url(f"{base}{goal}/urban-development-2025/full-text/")
        page.wait_for_load_state("load")
        page.wait_for_function(f"({TOP_SENTENCE})() === '{sentence}'", timeout=5000)
        assert page.evaluate("scrollY") > 300
        start, goal = goal, start  # and back again


def test_switch_works_from_the_keyboard(reader, served_site):
    page, _ = reader
    base = served_site["url"]
    page.goto(f"{base}zh-hans/urban-development-2025/clauses/8/#c8-s3")
    button = page.locator(".md-header .md-select button")
    button.focus()
    assert button.get_attribute("aria-expanded") == "false"
    assert not page.locator(".md-select__inner").evaluate("e => getComputedStyle(e).opacity === '1'")
    page.keyboard.press("Enter")  # opens on the current edition
    assert button.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.getAttribute('hreflang')") == "zh-Hans"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('hreflang')") == "zh-Hant-HK"
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    page.keyboard.press(" ")  # Space opens too; then ArrowDown and Enter choose
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}zh-hant/urban-development-2025/clauses/8/#c8-s3")
    # Tab reaches the switch: one stop, the button.
    page.keyboard.press("Tab")
    stops = []
    for _ in range(40):
        stops.append(page.evaluate("document.activeElement.closest('.md-select') ? document.activeElement.tagName : ''"))
        page.keyboard.press("Tab")
    assert stops.count("BUTTON") == 1 and "A" not in stops


def test_switch_works_without_scripts(browser, served_site):
    """The switch is plain links to the same page in each edition: without
    JavaScript it opens when focused and its links go there."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    base = served_site["url"]
    page.goto(f"{base}zh-hant/urban-development-2025/clauses/8/")
    opacity = "getComputedStyle(document.querySelector('.md-select__inner')).opacity"
    assert page.evaluate(opacity) == "0"
    page.focus(".md-header .md-select button")
    page.wait_for_timeout(600)  # Material's opening transition
    assert page.evaluate(opacity) == "1"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('hreflang')") == "zh-Hant-HK"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}zh-hant-hk/urban-development-2025/clauses/8/")
    assert page.evaluate("document.documentElement.lang") == "zh-Hant-HK"
    context.close()


def test_switch_works_on_a_phone(browser, served_site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    base = served_site["url"]
    page.goto(f"{base}zh-hant-hk/urban-development-2025/clauses/8/")
    box = page.locator(".md-header .md-select button").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, "the switch is in the header, on screen"
    page.tap(".md-header .md-select button")
    page.wait_for_function("getComputedStyle(document.querySelector('.md-select__inner')).opacity === '1'")
    page.tap(".md-header .md-select__link[hreflang='zh-Hans']")
    page.wait_for_url(f"{base}zh-hans/urban-development-2025/clauses/8/")
    context.close()


def test_there_is_no_floating_toggle(reader, served_site):
    page, _ = reader
    page.goto(f"{served_site['url']}zh-hans/urban-development-2025/clauses/8/")
    assert page.locator("[data-script-toggle], .script-toggle").count() == 0
    assert page.locator(".md-header .md-select__link").count() == len(EDITIONS)


@pytest.mark.parametrize("folder", FOLDERS)
def test_choice_of_edition_is_remembered(reader, served_site, folder):
    page, _ = reader
    base = served_site["url"]
    page.goto(f"{base}")
    page.wait_for_url(f"{base}zh-hans/")  # no choice yet, browser prefers neither: simplified
    _switch(page, folder)
    page.wait_for_url(f"{base}{folder}/")
    page.goto(f"{base}{folder}/urban-development-2025/clauses/3/")
    page.goto(base)
    page.wait_for_url(f"{base}{folder}/")


@pytest.mark.parametrize("locale, folder", [("zh-TW", "zh-hant"), ("zh-HK", "zh-hant-hk"), ("zh-MO", "zh-hant-hk"),
                                            ("zh-CN", "zh-hans"), ("en-US", "zh-hans")])
def test_browser_preference_is_honoured(browser, served_site, locale, folder):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    page.goto(served_site["url"])
    page.wait_for_url(served_site["url"] + folder + "/")
    context.close()


def test_copy_citation_of_a_sentence(reader, served_site):
    page, _ = reader
    base = served_site["url"]
    page.goto(f"{base}zh-hans/urban-development-2025/clauses/8/")
    page.hover("#c8-s3 .sentence-link", force=True)  # the pointer on the sentence's end shows its link
    page.click("#c8-s3 .sentence-link")
    page.click(".cite-popover button:nth-child(2)")
    page.wait_for_selector(".cite-popover .copy-status:has-text('已复制')")
    text = page.evaluate("navigator.clipboard.readText()")
    assert text.startswith("“全链条提升住房设计")  # the GB/T 7714 form: tests/test_citation.py
    assert "（《意见》第（八）项第3句）\n" in text and text.endswith("#c8-s3.（转载于政策文件库）")


def test_copy_link_of_a_clause_in_traditional(reader, served_site):
    page, _ = reader
    base = served_site["url"]
    page.goto(f"{base}zh-hant/urban-development-2025/clauses/8/")
    page.click(".clause-actions button:nth-child(2)")
    page.wait_for_selector(".clause-actions .copy-status:has-text('已複製')")
    text = page.evaluate("navigator.clipboard.readText()")
    assert text.startswith("「系統推進『好房子』和完整社區建設」（《意見》第（八）項）\n")  # the edition's marks (zh/quotes.py)
    assert text.endswith(f"{base}zh-hant/urban-development-2025/clauses/8/.（轉載於政策文件庫）")


def test_summary_bullet_lands_on_the_highlighted_sentence(reader, served_site):
    page, _ = reader
    base = served_site["url"]
    page.goto(f"{base}zh-hant/urban-development-2025/summary/")
    link = page.locator("#b23 a.bullet-source").first
    assert page.locator("#b23 .match-kind").get_attribute("title").startswith("與原文逐字相同")
    link.click()
    page.wait_for_url(f"{base}zh-hant/urban-development-2025/clauses/8/#c8-s1")  # b23 opens with the title of (八)
    assert _in_viewport(page, "c8-s1")
    highlight = page.evaluate("getComputedStyle(document.getElementById('c8-s1')).backgroundColor")
    assert highlight not in ("rgba(0, 0, 0, 0)", "transparent")


def test_quoted_sentences_can_be_marked(reader, served_site):
    page, _ = reader
    page.goto(f"{served_site['url']}zh-hans/urban-development-2025/clauses/8/")
    colour = "getComputedStyle(document.getElementById('c8-s3')).backgroundColor"
    unquoted = "getComputedStyle(document.getElementById('c8-s2')).backgroundColor"
    before = page.evaluate(colour)
    page.check("[data-quote-switch]")
    assert page.evaluate(colour) != before
    assert page.evaluate(unquoted) == before  # c8-s2 is quoted by no bullet
    page.uncheck("[data-quote-switch]")
    assert page.evaluate(colour) == before


def test_pages_work_without_materials_bundle(reader, served_site):
    """Material's JavaScript is not loaded (38 KB gzip); what the site used
    from it is in policy.js: the table of contents follows the reading
    position, back-to-top appears on scrolling up, and the layout holds."""
    page, _ = reader
    scripts = []
    page.on("request", lambda r: r.resource_type == "script" and scripts.append(r.url.rsplit("/", 1)[-1]))
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(served_site["url"] + "zh-hans/urban-development-2025/full-text/")
    # One script, content-hashed and shared (search.js comes when the reader searches).
    assert len(scripts) == 1 and re.fullmatch(r"policy\.[0-9a-f]{12}\.js", scripts[0]), scripts
    active = "document.querySelector('.md-sidebar--secondary .md-nav__link--active')?.getAttribute('href')"
    first = "document.querySelector('.md-sidebar--secondary a.md-nav__link').getAttribute('href')"
    assert page.evaluate(active) == page.evaluate(first) == "#s1"
    page.evaluate("document.getElementById('s8').scrollIntoView()")
    page.wait_for_function(f"{active} === '#s8'")
    # The table of contents is taller than the window: it scrolls by itself.
    toc = page.evaluate("""() => { const w = document.querySelector('.md-sidebar--secondary .md-sidebar__scrollwrap');
        return [w.getBoundingClientRect().bottom, innerHeight]; }""")
    assert toc[0] <= toc[1]
    assert page.evaluate("document.querySelector('.md-top').hidden"), "scrolling down: no back-to-top"
    page.mouse.wheel(0, -200)
    page.wait_for_function("!document.querySelector('.md-top').hidden")
    page.click(".md-top")
    page.wait_for_function("scrollY === 0")


@pytest.mark.parametrize("edition", [e.folder for e in EDITIONS])
def test_the_phone_drawer_opens_at_the_top_with_the_place_marked_and_sections_expand(reader, served_site, edition):
    """Issue 26: the drawer opens at its top level, the reader's section
    marked; a section's row lists its clauses in the drawer (no page load);
    a clause there opens it; closed again, the wide sidebar's state is back."""
    page, _ = reader
    page.set_viewport_size({"width": 390, "height": 844})
    url = served_site["url"] + f"{edition}/urban-development-2025/clauses/8/"
    page.goto(url)
    shown = """href => { const a = document.querySelector(`.md-sidebar--primary a.md-nav__link[href='${href}']`);
        const r = a.getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth && r.width > 0
        && document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.closest('a') === a; }"""
    assert not page.evaluate(shown, "../../sections/1/"), "the drawer starts closed"
    page.click(".md-header [for=__drawer]")
    page.wait_for_timeout(400)  # the drawer slides in
    assert page.evaluate(shown, "../../sections/1/"), "the top level: the first section's row"
    current = page.locator(".md-nav--primary > ul > .md-nav__item--active > .md-nav__link")
    assert current.count() == 1 and "四" in current.inner_text()
    weight = current.evaluate("e => getComputedStyle(e).fontWeight")
    assert weight == "700" and "inset" in current.evaluate("e => getComputedStyle(e).boxShadow")
    assert not page.evaluate(shown, "../9/"), "the current section is not opened by itself"
    # Section 二's row opens its clauses in the drawer, not a page.
    page.locator(".md-nav--primary > ul > li.md-nav__item--nested").first.locator("> .md-nav__link").click()
    page.wait_for_timeout(400)
    assert page.url == url and page.evaluate(shown, "../1/")
    page.click(".md-sidebar--primary a.md-nav__link[href='../1/']")
    page.wait_for_url(served_site["url"] + f"{edition}/urban-development-2025/clauses/1/")
    # Closing the drawer gives the wide sidebar its state back: the current section open.
    page.goto(url)
    page.click(".md-header [for=__drawer]")
    page.keyboard.press("Escape")
    assert page.evaluate("[...document.querySelectorAll('.md-nav--primary .md-nav__toggle')]"
                         ".every(t => t.checked === t.defaultChecked)")
