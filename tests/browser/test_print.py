"""Typography and print (issue 17, point 5): the CJK font stack in every
edition, full-width quotation marks, one h1 shown once, headings in order of
weight, previous/next from clause to clause, and a printout with its title,
address and date and none of the controls. Headless Chromium, CJK fonts."""
from __future__ import annotations

import re

import pytest

from policy_site.site.engine import SCRIPT_DIRS
from tests.conftest import DOC

pytestmark = pytest.mark.browser

EDITIONS = list(SCRIPT_DIRS.values())
LATIN_FACES = ("-apple-system", "blinkmacsystemfont", "helvetica", "arial", "roboto", "segoe ui", "sans-serif")


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_cjk_font_stack_applies_in_every_edition(reader, served_site, edition):
    """Material sets its font variable on body: the stack must win there,
    with a CJK face before any Latin one, so “好房子” gets full-width quotes."""
    page, _ = reader
    page.goto(f"{served_site['url']}{edition}/{DOC}/clauses/8/")
    for selector in ("body", "article .para", "h1", ".site-search input"):
        family = page.evaluate(f"getComputedStyle(document.querySelector({selector!r})).fontFamily")
        first = family.split(",")[0].strip().strip('"').lower()
        assert first not in LATIN_FACES and ("sc" in first or "tc" in first or "hk" in first or "gb" in first
                                             or "yahei" in first or "jhenghei" in first), (selector, family)
    marks = "“”" if edition == "zh-hans" else "「」"  # the traditional editions' marks (zh/quotes.py)
    widths = page.evaluate("""([open, close]) => {
        const h = document.querySelector('h1 .sentence');
        const text = h.firstChild, at = text.data.indexOf(open);
        const measure = (i) => { const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1);
                                 return r.getBoundingClientRect().width; };
        return { open: measure(at), close: measure(text.data.indexOf(close)), han: measure(at + 1) }; }""", list(marks))
    assert widths["open"] >= 0.9 * widths["han"] and widths["close"] >= 0.9 * widths["han"], widths


def test_the_system_fonts_are_all_that_loads(reader, served_site):
    page, _ = reader
    fonts = []
    page.on("request", lambda r: r.resource_type == "font" and fonts.append(r.url))
    page.goto(f"{served_site['url']}zh-hant/{DOC}/clauses/8/")
    page.wait_for_load_state("networkidle")
    assert fonts == []


PAGES = ["", "topics/", "search/?q=住房", f"{DOC}/", f"{DOC}/sections/2/", f"{DOC}/clauses/8/",
         f"{DOC}/full-text/", f"{DOC}/summary/", f"{DOC}/about/", f"{DOC}/tags/housing/"]


def test_one_h1_per_page_and_the_clause_title_shown_once(reader, served_site):
    page, _ = reader
    for path in PAGES:
        page.goto(f"{served_site['url']}zh-hans/{path}")
        assert page.locator("h1").count() == 1, path
    page.goto(f"{served_site['url']}zh-hans/{DOC}/clauses/8/")
    title = "系统推进“好房子”和完整社区建设"
    assert title in page.inner_text("h1")
    body = "".join(page.eval_on_selector_all("article .para", "ps => ps.map(p => p.innerText)"))
    assert body.startswith("加快构建房地产发展新模式") and title not in body, "the title is not repeated in bold under the h1"
    assert page.evaluate("document.getElementById('c8-s1').closest('h1') !== null"), "the title sentence's anchor is the h1"
    assert page.locator("article strong.clause-label").count() == 0


def test_headings_get_lighter_as_they_go_down(reader, served_site):
    page, _ = reader
    page.goto(f"{served_site['url']}zh-hans/{DOC}/clauses/8/")
    style = """s => { const c = getComputedStyle(document.querySelector(s));
        return { weight: +c.fontWeight, size: parseFloat(c.fontSize), color: c.color }; }"""
    h1, h2 = page.evaluate(style, "article h1"), page.evaluate(style, "article h2")
    text = page.evaluate(style, "article .para")
    assert h1["weight"] >= h2["weight"] and h1["size"] > h2["size"], (h1, h2)
    assert h1["color"] == text["color"], "the h1 is not pale"


def _footer_next(served_site, path: str) -> str | None:
    html = (served_site["dir"] / path / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<a href="([^"]+)" class="md-footer__link md-footer__link--next"', html)
    return found and found.group(1)


def test_next_goes_from_clause_to_clause(served_site):
    """Sections whose page is only a list of their clauses are not stopped
    at: next from the last clause of 二 is the first of 三; a section with
    text of its own (一、总体要求) still is."""
    import posixpath

    seen = []
    path = f"zh-hans/{DOC}"
    while path and len(seen) < 60:
        seen.append(path.rstrip("/").split(f"{DOC}", 1)[1] or "/")
        following = _footer_next(served_site, path)
        path = posixpath.normpath(posixpath.join(path, following)) if following and not following.startswith("http") else None
    clauses = [p for p in seen if p.startswith("/clauses/")]
    assert clauses == [f"/clauses/{n}" for n in range(1, 24)]
    assert "/sections/1" in seen and "/sections/9" in seen
    assert not any(p in seen for p in (f"/sections/{n}" for n in range(2, 9)))
    assert seen.index("/clauses/4") == seen.index("/clauses/3") + 1


CONTROLS = [".md-header", ".md-sidebar--primary", ".md-footer", ".site-search", "[data-script-toggle]",
            ".clause-actions button", ".sentence-link", ".quote-switch", ".md-top"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_printout_has_no_controls_and_names_its_source(reader, served_site, edition):
    page, _ = reader
    page.goto(f"{served_site['url']}{edition}/{DOC}/clauses/8/")
    page.emulate_media(media="print")
    for selector in CONTROLS:
        shown = page.eval_on_selector_all(selector, "els => els.filter(e => e.getClientRects().length).length")
        assert shown == 0, f"{selector} prints"
    source = page.locator(".print-source")
    assert source.is_visible()
    text = source.inner_text()
    assert f"{served_site['url']}{edition}/{DOC}/clauses/8/" in text
    assert page.title() in text and re.search(r"20\d\d-\d\d-\d\d", text)
    for heading in ("h1", "h2"):
        assert page.evaluate(f"getComputedStyle(document.querySelector('article {heading}')).breakAfter") == "avoid"
    page.emulate_media(media="screen")
    assert not source.is_visible()


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_a_short_clause_prints_on_one_page(reader, served_site):
    """The issue's second page was blank but for the floating switch."""
    page, _ = reader
    page.goto(f"{served_site['url']}zh-hans/{DOC}/clauses/16/")
    assert _pdf_pages(page.pdf(format="A4")) == 1
    page.goto(f"{served_site['url']}zh-hans/{DOC}/full-text/")
    pages = _pdf_pages(page.pdf(format="A4"))
    assert 3 <= pages <= 12, pages


def test_the_source_hashes_fold_on_a_phone_and_in_print(reader, served_site):
    page, _ = reader
    hashes = "details.provenance-sources code.sha256"
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{served_site['url']}zh-hans/{DOC}/clauses/16/")
    assert page.locator(hashes).first.is_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function("() => !document.querySelector('details.provenance-sources').open")
    assert not page.locator(hashes).first.is_visible()
    page.locator("details.provenance-sources summary").click()  # one tap shows them
    assert page.locator(hashes).first.is_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_function("() => document.querySelector('details.provenance-sources').open")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert not page.evaluate("() => document.querySelector('details.provenance-sources').open")
