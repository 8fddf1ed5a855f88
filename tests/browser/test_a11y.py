"""Phone and keyboard (issue 17, point 4) and axe-core on every page type of
every edition, desktop and phone, in headless Chromium with CJK fonts.

axe-core comes from the PyPI package axe-playwright-python, which ships
axe.min.js (pinned in pyproject.toml's test extra); it is injected into each
page as it is and run with its default rules."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from policy_site.site.engine import SCRIPT_DIRS
from tests.conftest import DOC

pytestmark = pytest.mark.browser

EDITIONS = list(SCRIPT_DIRS.values())
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ZOOM_200 = {"width": 640, "height": 450}  # a 1280 x 900 window at 200% zoom

# Every page type of an edition, by URL below the edition root.
PAGE_TYPES = {
    "library home": "",
    "topics": "topics/",
    "topic": "topics/housing/",
    "search": "search/?q=城市更新",
    "document home": f"{DOC}/",
    "section": f"{DOC}/sections/2/",
    "section with text": f"{DOC}/sections/1/",
    "clause": f"{DOC}/clauses/8/",
    "full text": f"{DOC}/full-text/",
    "summary": f"{DOC}/summary/",
    "document topics": f"{DOC}/tags/",
    "document search": f"{DOC}/search/?q=好房子",
    "method": f"{DOC}/about/",
    "404": "no-such-page/",
}


def _axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def axe() -> str:
    return _axe_source()


def _violations(page, axe: str) -> list[str]:
    page.add_script_tag(content=axe)
    found = page.evaluate("""() => axe.run(document, { resultTypes: ['violations'] }).then(r =>
        r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))""")
    return found


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("edition", EDITIONS)
def test_axe_finds_no_violation_on_any_page_type(browser, served_site, axe, edition, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    problems = []
    for name, path in PAGE_TYPES.items():
        page.goto(f"{served_site['url']}{edition}/{path}")
        page.wait_for_load_state("load")
        problems += [f"{edition}/{path} ({name}): {v}" for v in _violations(page, axe)]
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_no_violation_on_the_root_pages(browser, served_site, axe, viewport):
    """The chooser sends readers on with a script at once: it is checked as
    a reader without scripts sees it (its own script left out)."""
    import re

    context = browser.new_context(viewport=viewport)
    page = context.new_page()

    def without_scripts(route):
        response = route.fetch()
        body = re.sub(r"<script>.*?</script>", "", response.text(), flags=re.S)
        route.fulfill(response=response, body=body)

    page.route(served_site["url"], without_scripts)
    problems = []
    for path in ("", "no-such-page"):
        page.goto(served_site["url"] + path)
        problems += [f"/{path}: {v}" for v in _violations(page, axe)]
    assert page.url == served_site["url"] + "no-such-page"
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [320, 360, 375, 390, 414])
def test_no_page_is_wider_than_a_phone(browser, served_site, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    wide = []
    for edition in EDITIONS:
        for path in PAGE_TYPES.values():
            page.goto(f"{served_site['url']}{edition}/{path}")
            page.wait_for_load_state("load")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                wide.append(f"{edition}/{path}: {scroll_width} px")
    context.close()
    assert not wide, f"wider than {width} px: {wide}"


def test_a_deep_link_on_a_phone_keeps_the_header_whole(browser, served_site):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{served_site['url']}zh-hans/{DOC}/full-text/#c8-s3")
    page.wait_for_load_state("load")
    header = page.locator(".md-header").bounding_box()
    target = page.locator("#c8-s3").bounding_box()
    assert header["y"] == 0 and header["width"] == PHONE["width"]
    assert target["y"] >= header["y"] + header["height"], "the sentence is below the sticky header, not under it"
    assert target["y"] < PHONE["height"] / 2
    assert page.evaluate("scrollX") == 0
    context.close()


# What the focused element is, whether a reader can see it (on screen and
# not covered) and its focus ring, and its accessible name.
FOCUSED = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const r = e.getBoundingClientRect();
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    const seen = r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth && r.bottom > 0
        && r.top < innerHeight && !!hit && (e.contains(hit) || hit.contains(e));
    const style = getComputedStyle(e);
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1) || style.boxShadow !== 'none';
    const labelled = e.labels && e.labels.length ? e.labels[0].textContent : '';
    const name = (e.getAttribute('aria-label') || e.textContent || labelled || e.getAttribute('title') || '').trim();
    return { what: e.tagName + (e.className ? '.' + String(e.className).split(' ').join('.') : '') + ' ' + name.slice(0, 24),
             seen, ring, name };
}"""


def _tab_walk(page, stops: int) -> list[dict]:
    walked = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        page.wait_for_timeout(30)
        focused = page.evaluate(FOCUSED)
        if focused is None:
            break
        walked.append(focused)
    return walked


@pytest.mark.parametrize("viewport", [PHONE, ZOOM_200, DESKTOP], ids=["phone", "zoom-200", "desktop"])
@pytest.mark.parametrize("path", ["", f"{DOC}/", f"{DOC}/clauses/8/"], ids=["library", "document", "clause"])
def test_every_tab_stop_is_visible_named_and_ringed(browser, served_site, viewport, path):
    """The issue found 22 invisible drawer links, an invisible back-to-top
    and nameless expanders in Tab order, and no focus ring on the search box
    and the logo."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{served_site['url']}zh-hans/{path}")
    page.evaluate("scrollTo(0, document.body.scrollHeight / 2); scrollTo(0, 0)")
    walked = _tab_walk(page, 45)
    context.close()
    assert len(walked) >= 8
    assert walked[0]["what"].startswith("A.md-skip "), "the first stop is the skip link"
    hidden = [w["what"] for w in walked if not w["seen"]]
    nameless = [w["what"] for w in walked if not w["name"]]
    ringless = [w["what"] for w in walked if not w["ring"]]
    assert not hidden, f"tab stops a reader cannot see: {hidden}"
    assert not nameless, f"tab stops without a name: {nameless}"
    assert not ringless, f"tab stops without a visible focus ring: {ringless}"
    kinds = " ".join(w["what"] for w in walked)
    # The header's search: its box on a wide screen, the button that opens its overlay on a narrow one.
    assert "INPUT" in kinds or "A.site-search-open" in kinds, "the search box is reached"
    if viewport is DESKTOP:
        assert "md-logo" in kinds, "the logo is reached"
    else:
        assert "BUTTON.md-header__button" in kinds, "the menu button is reached"


def test_the_skip_link_moves_past_the_menus(browser, served_site):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    for path in ("", f"{DOC}/clauses/8/"):
        page.goto(f"{served_site['url']}zh-hans/{path}")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('md-skip')")
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('article')"), path
    context.close()


def test_the_drawer_on_a_phone_by_keyboard(browser, served_site):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{served_site['url']}zh-hans/{DOC}/clauses/8/")
    drawer_links = page.evaluate("document.querySelectorAll('.md-sidebar--primary a').length")
    assert drawer_links > 10
    walked = _tab_walk(page, 6)
    assert not any("md-nav__link" in w["what"] for w in walked), "the closed drawer is out of Tab order"
    menu = page.locator(".md-header button[for=__drawer]")
    assert menu.get_attribute("aria-expanded") == "false" and menu.get_attribute("aria-label") == "导航菜单"
    menu.focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)  # the drawer slides in
    assert menu.get_attribute("aria-expanded") == "true"
    walked = [page.evaluate(FOCUSED)] + _tab_walk(page, 6)
    assert all(w["seen"] for w in walked), [w["what"] for w in walked if not w["seen"]]
    # The drawer opens at its top level: the sections are reached, each a button that opens it.
    assert any("二、优化现代化城市体系" in w["name"] for w in walked), [w["name"] for w in walked]
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.getAttribute('for')") == "__drawer", "focus returns to ☰"
    context.close()


def test_section_expanders_are_named_buttons_for_enter_and_space(browser, served_site):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{served_site['url']}zh-hans/{DOC}/clauses/8/")
    expander = page.get_by_role("button", name="四、营造高品质城市生活空间", exact=True)
    assert expander.count() == 1 and expander.get_attribute("aria-expanded") == "true"
    child = page.locator(".md-sidebar--primary a[href='../9/']")
    assert child.is_visible()
    expander.focus()
    page.keyboard.press("Enter")
    assert expander.get_attribute("aria-expanded") == "false"
    page.wait_for_timeout(300)
    assert not child.is_visible()
    page.keyboard.press(" ")
    assert expander.get_attribute("aria-expanded") == "true"
    page.wait_for_timeout(300)
    assert child.is_visible()
    context.close()


def test_back_to_top_is_no_tab_stop_while_hidden(browser, served_site):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{served_site['url']}zh-hans/{DOC}/full-text/")
    assert page.evaluate("document.querySelector('.md-top').hidden")
    assert page.evaluate("document.querySelector('.md-top').getClientRects().length") == 0
    page.evaluate("scrollTo(0, 3000)")
    page.mouse.wheel(0, -200)
    page.wait_for_function("!document.querySelector('.md-top').hidden")
    assert page.locator(".md-top").is_visible()
    context.close()


def test_every_edition_shows_the_projects_own_icon(reader, served_site):
    page, _ = reader
    for edition in EDITIONS:
        for path in ("", f"{DOC}/clauses/8/"):
            page.goto(f"{served_site['url']}{edition}/{path}")
            href = page.evaluate("document.querySelector('link[rel=icon]').href")
            # The site's one shared copy, its name holding its content hash.
            assert re.fullmatch(re.escape(served_site["url"]) + r"assets/favicon\.[0-9a-f]{12}\.svg", href), href
            response = page.request.get(href)
            assert response.ok and response.headers["content-type"].startswith("image/svg")
            assert b"<svg" in response.body() and b"material" not in response.body().lower()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_no_violation_in_the_open_search_popup(browser, served_site, axe, viewport):
    """The header's search with its results open (exact and near-miss lists), a result chosen with ↓."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    problems = []
    for edition in EDITIONS:
        for query in ("城市更新", "城市更心"):
            page.goto(f"{served_site['url']}{edition}/{DOC}/clauses/8/")
            page.keyboard.press("/")
            page.keyboard.type(query)
            page.wait_for_function("q => document.querySelector('form.site-search').dataset.near === q", arg=query)
            page.keyboard.press("ArrowDown")
            assert page.is_visible(".site-search-popup")
            problems += [f"{edition} popup {query}: {v}" for v in _violations(page, axe)]
    context.close()
    assert not problems, "\n".join(problems)
