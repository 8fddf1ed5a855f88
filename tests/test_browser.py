"""What a reader does, in real headless Chromium (Debian's), against the
built site served on 127.0.0.1 under a sub-path."""

import pytest

pytestmark = pytest.mark.browser


def _in_viewport(page, element_id):
    return page.evaluate("""id => { const r = document.getElementById(id).getBoundingClientRect();
        return r.top >= 0 && r.top < innerHeight; }""", element_id)


def test_toggle_keeps_the_sentence_anchor(reader, served_site):
    page, _ = reader
    base = served_site["url"]
    page.goto(f"{base}zh-hans/urban-development-2025/clauses/8/#c8-s5")
    highlight = page.evaluate("getComputedStyle(document.getElementById('c8-s5')).backgroundColor")
    normal = page.evaluate("getComputedStyle(document.getElementById('c8-s4')).backgroundColor")
    assert highlight != normal, "landing on a sentence anchor highlights it"
    page.click("[data-script-toggle]")
    page.wait_for_load_state("load")
    assert page.url == f"{base}zh-hant/urban-development-2025/clauses/8/#c8-s5"
    assert page.evaluate("document.documentElement.lang") == "zh-Hant"
    assert "穩步推進城中村和危舊房改造" in page.inner_text("#c8-s5")
    assert _in_viewport(page, "c8-s5")


def test_toggle_keeps_the_scroll_position_without_fragment(reader, served_site):
    page, _ = reader
    base = served_site["url"]
    page.set_viewport_size({"width": 1280, "height": 500})
    page.goto(f"{base}zh-hant/urban-development-2025/full-text/")
    page.evaluate("document.getElementById('c14-s3').scrollIntoView()")
    page.click("[data-script-toggle]")
    page.wait_for_url(f"{base}zh-hans/urban-development-2025/full-text/")
    page.wait_for_load_state("load")
    page.wait_for_function("""() => { const r = document.getElementById('c14-s1').getBoundingClientRect();
        return r.bottom > 0 && r.top < innerHeight; }""", timeout=5000)
    assert page.evaluate("scrollY") > 1000


def test_choice_of_script_is_remembered(reader, served_site):
    page, _ = reader
    base = served_site["url"]
    page.goto(f"{base}")
    page.wait_for_url(f"{base}zh-hans/")  # no choice yet, browser prefers neither: simplified
    page.click("[data-script-toggle]")
    page.wait_for_url(f"{base}zh-hant/")
    page.goto(f"{base}zh-hant/urban-development-2025/clauses/3/")
    page.goto(base)
    page.wait_for_url(f"{base}zh-hant/")


def test_traditional_browser_preference_is_honoured(browser, served_site):
    context = browser.new_context(locale="zh-TW")
    page = context.new_page()
    page.goto(served_site["url"])
    page.wait_for_url(served_site["url"] + "zh-hant/")
    context.close()


def test_copy_citation_of_a_sentence(reader, served_site):
    page, _ = reader
    base = served_site["url"]
    page.goto(f"{base}zh-hans/urban-development-2025/clauses/8/")
    page.hover("#c8-s3")
    page.click("#c8-s3 .sentence-link")
    page.click(".cite-popover button:nth-child(2)")
    page.wait_for_selector(".cite-popover .copy-status:has-text('已复制')")
    text = page.evaluate("navigator.clipboard.readText()")
    assert text.startswith("“全链条提升住房设计")  # the GB/T 7714 form: tests/test_citation.py
    assert "（《意见》第（八）项第3句）\n" in text and text.endswith("#c8-s3.")


def test_copy_link_of_a_clause_in_traditional(reader, served_site):
    page, _ = reader
    base = served_site["url"]
    page.goto(f"{base}zh-hant/urban-development-2025/clauses/8/")
    page.click(".clause-actions button:nth-child(2)")
    page.wait_for_selector(".clause-actions .copy-status:has-text('已複製')")
    text = page.evaluate("navigator.clipboard.readText()")
    assert text.startswith("“系統推進‘好房子’和完整社區建設”（《意見》第（八）項）\n")  # the page's own quotation marks
    assert text.endswith(f"{base}zh-hant/urban-development-2025/clauses/8/.")


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
    assert sorted(scripts) == ["policy.js", "search.js"]
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


def test_the_navigation_drawer_opens_on_a_phone(reader, served_site):
    page, _ = reader
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(served_site["url"] + "zh-hans/urban-development-2025/clauses/8/")
    in_view = "document.querySelector(\".md-sidebar--primary .md-nav__link[href='../9/']\").getBoundingClientRect().right > 0"
    assert not page.evaluate(in_view), "the drawer starts closed"
    page.click(".md-header [for=__drawer]")
    # The drawer opens on the current section: its clauses, then back up a level.
    page.click(".md-sidebar--primary .md-nav__link[href='../9/']")
    page.wait_for_url(served_site["url"] + "zh-hans/urban-development-2025/clauses/9/")
