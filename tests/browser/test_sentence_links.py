"""Sentence links (issue 17, point 3) and the summary's links to the
sentences each bullet quotes (point 6), in headless Chromium with CJK fonts
and against the built HTML."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from policy_site.site.engine import SCRIPT_DIRS
from tests.conftest import DOC

EDITIONS = list(SCRIPT_DIRS.values())

pytestmark = pytest.mark.browser

CLAUSE_8 = f"{DOC}/clauses/8/"


def _model(served_site, edition="zh-hans") -> dict:
    return json.loads((served_site["dir"] / edition / DOC / "document.json").read_text(encoding="utf-8"))


def _select_and_copy(page, start: str, end: str) -> str:
    page.evaluate("""([start, end]) => { const range = document.createRange();
        range.setStartBefore(document.querySelector(start));
        const last = document.querySelectorAll(end); range.setEndAfter(last[last.length - 1]);
        getSelection().removeAllRanges(); getSelection().addRange(range); }""", [start, end])
    page.keyboard.press("Control+c")
    return page.evaluate("navigator.clipboard.readText()")


def test_a_selected_clause_copies_its_text_and_no_pilcrow(reader, served_site):
    """A real selection, Ctrl+C, the clipboard: the text of the clause and
    nothing the controls add (the issue counted 9 ¶ in clause (八))."""
    page, _ = reader
    page.goto(served_site["url"] + "zh-hans/" + CLAUSE_8)
    copied = _select_and_copy(page, "article .para", "article .para")
    clause = next(c for c in _model(served_site)["clauses"] if c["number"] == 8)
    assert re.sub(r"\s", "", copied) == "".join(s["zh-Hans"] for s in clause["sentences"][1:])
    # From the title on: the copy buttons under it add no words either.
    copied = _select_and_copy(page, "article h1", "article .para")
    assert "¶" not in copied and "复制" not in copied
    assert re.sub(r"\s", "", copied).startswith("（八）系统推进“好房子”和完整社区建设")


def test_the_full_text_copies_no_pilcrow(reader, served_site):
    page, _ = reader
    page.goto(served_site["url"] + f"zh-hant/{DOC}/full-text/")
    page.evaluate("""() => { const range = document.createRange();
        range.selectNodeContents(document.querySelector('article'));
        getSelection().removeAllRanges(); getSelection().addRange(range); }""")
    page.keyboard.press("Control+c")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert len(copied) > 5000 and "¶" not in copied


def test_each_sentence_link_names_its_sentence(reader, served_site):
    """One control per sentence, each with its own name: a screen reader
    hears （八）第3句的链接, not 171 identical links."""
    page, _ = reader
    for edition in EDITIONS:
        page.goto(served_site["url"] + f"{edition}/{DOC}/full-text/")
        names = page.eval_on_selector_all(".sentence-link", "links => links.map(a => a.getAttribute('aria-label'))")
        sentences = page.eval_on_selector_all(".sentence", "s => s.length")
        assert len(names) == sentences and len(set(names)) == len(names) > 150
        # The edition's own words for "link" (another table may word them), after the sentence's name.
        name = page.get_attribute("a.sentence-link[href='#c8-s3']", "aria-label")
        assert name.startswith("（八）第3句")
        assert page.get_by_role("link", name=name, exact=True).count() == 1
        assert page.get_by_role("link", name="本句链接").count() == 0
    page.goto(served_site["url"] + f"zh-hans/{DOC}/")
    assert page.get_by_role("link", name="引言第1段第2句的链接", exact=True).count() == 1
    page.goto(served_site["url"] + f"zh-hans/{DOC}/sections/1/")
    assert page.get_by_role("link", name="一、第1段第1句的链接", exact=True).count() == 1


def _link_state(page, sid: str) -> dict:
    return page.evaluate("""sid => { const a = document.querySelector('#' + sid + ' > .sentence-link'); const s = getComputedStyle(a);
        const r = a.getBoundingClientRect();
        return {opacity: s.opacity, events: s.pointerEvents, width: r.width, height: r.height,
                mark: getComputedStyle(a, '::before').content}; }""", sid)


def test_the_link_shows_on_hover_as_a_target_and_hides_otherwise(reader, served_site):
    """Issue 26.2: no mark at rest (no ¶ in running text); on hover a 24 × 24
    target (WCAG 2.5.8); hidden, it catches no clicks."""
    page, _ = reader
    page.goto(served_site["url"] + "zh-hans/" + CLAUSE_8)
    rest = _link_state(page, "c8-s3")
    assert rest["opacity"] == "0" and rest["events"] == "none" and "¶" not in rest["mark"]
    page.hover("#c8-s3 .sentence-link", force=True)
    page.wait_for_function("getComputedStyle(document.querySelector('#c8-s3 > .sentence-link')).opacity === '1'")
    shown = _link_state(page, "c8-s3")
    assert shown["events"] == "auto" and shown["width"] >= 24 and shown["height"] >= 24
    assert _link_state(page, "c8-s4")["opacity"] == "0", "only the hovered sentence's link"


def test_on_a_touch_screen_a_tap_on_the_sentence_shows_its_link(browser, served_site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(served_site["url"] + "zh-hans/" + CLAUSE_8)
    assert _link_state(page, "c8-s3")["opacity"] == "0", "no mark in the text on a phone either"
    end = page.locator("#c8-s3 > .sentence-link").bounding_box()  # over the sentence's last character
    page.touchscreen.tap(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2)
    page.wait_for_function("getComputedStyle(document.querySelector('#c8-s3 > .sentence-link')).opacity === '1'")
    box = page.locator("#c8-s3 .sentence-link").bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.tap("#c8-s3 .sentence-link")
    page.wait_for_selector(".cite-popover")
    popover = page.locator(".cite-popover").bounding_box()
    assert popover["x"] >= 0 and popover["x"] + popover["width"] <= 390
    page.tap("h1")
    assert page.locator(".cite-popover").count() == 0
    # A tap elsewhere hides it (after its .15 s fade).
    page.wait_for_function("getComputedStyle(document.querySelector('#c8-s3 > .sentence-link')).opacity === '0'", timeout=2000)
    context.close()


def test_the_popover_works_by_keyboard_and_closes_on_escape(reader, served_site):
    page, _ = reader
    page.goto(served_site["url"] + "zh-hans/" + CLAUSE_8)
    page.focus("#c8-s3 .sentence-link")
    page.keyboard.press("Enter")
    page.wait_for_selector(".cite-popover")
    assert page.evaluate("document.activeElement.closest('.cite-popover') !== null"), "focus goes into the popover"
    assert page.get_attribute("#c8-s3 .sentence-link", "aria-expanded") == "true"
    assert page.get_attribute(".cite-popover", "aria-label") == "（八）第3句的链接"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the second button: copy the citation
    page.wait_for_selector(".cite-popover .copy-status:has-text('已复制')")
    assert "第（八）项第3句" in page.evaluate("navigator.clipboard.readText()")
    page.keyboard.press("Escape")
    assert page.locator(".cite-popover").count() == 0
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#c8-s3", "focus returns to the link"
    assert page.get_attribute("#c8-s3 .sentence-link", "aria-expanded") == "false"
    # A click elsewhere closes it too.
    page.hover("#c8-s4 .sentence-link", force=True)
    page.click("#c8-s4 .sentence-link")
    page.wait_for_selector(".cite-popover")
    page.click("h1")
    assert page.locator(".cite-popover").count() == 0


@pytest.mark.parametrize("edition, page, sentence, place", [
    ("zh-hans", CLAUSE_8, "c8-s3", f"{DOC}/clauses/8/#c8-s3"),
    ("zh-hant-hk", f"{DOC}/full-text/", "c8-s3", f"{DOC}/clauses/8/#c8-s3"),  # the full text's sentence: its permanent place
    ("zh-hant", f"{DOC}/", "preamble-p1-s2", f"{DOC}/#preamble-p1-s2")])
def test_the_popover_shows_the_sentences_qr_code_that_scans_to_its_address(browser, served_site, edition, page,
                                                                           sentence, place):
    """Issue 26: from the sentence popover, a QR code to the sentence, drawn
    at build time; read back from the screen by a real decoder (ZXing)."""
    import io

    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    tab = context.new_page()
    try:
        tab.goto(served_site["url"] + f"{edition}/{page}")
        tab.focus(f"#{sentence} .sentence-link")
        tab.keyboard.press("Enter")
        tab.wait_for_selector(".cite-popover")
        qr_button = tab.locator(".cite-popover button[aria-expanded]")
        assert qr_button.get_attribute("aria-expanded") == "false"
        qr_button.click()
        image = tab.locator(".cite-popover img.sentence-qr")
        tab.wait_for_function("() => { const i = document.querySelector('.cite-popover img.sentence-qr');"
                              " return i && i.complete && i.naturalWidth > 0; }")
        assert qr_button.get_attribute("aria-expanded") == "true"
        box = image.bounding_box()
        assert box["width"] >= 150 and box["x"] >= 0 and box["x"] + box["width"] <= 390  # whole, on a phone
        found = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.screenshot())))
        assert [r.text for r in found] == [served_site["url"] + f"{edition}/{place}"]
        qr_button.click()
        assert not image.is_visible() and qr_button.get_attribute("aria-expanded") == "false"
    finally:
        context.close()


class _Bullets(HTMLParser):
    """Per summary bullet: the fragments it links, the kind's label and title."""

    def __init__(self) -> None:
        super().__init__()
        self.bullets: dict[str, dict] = {}
        self.current: str | None = None
        self.in_kind = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "li" and (a.get("id") or "").startswith("b"):
            self.current = a["id"]
            self.bullets[self.current] = {"links": [], "kind": "", "title": ""}
        elif self.current and tag == "a" and "bullet-source" in (a.get("class") or ""):
            self.bullets[self.current]["links"].append(a["href"])
        elif self.current and tag == "small":
            self.in_kind = True
            self.bullets[self.current]["title"] = a.get("title", "")

    def handle_endtag(self, tag):
        if tag == "li":
            self.current = None
        if tag == "small":
            self.in_kind = False

    def handle_data(self, data):
        if self.current and self.in_kind:
            self.bullets[self.current]["kind"] += data


def _summary(served_site, edition="zh-hans") -> dict[str, dict]:
    parser = _Bullets()
    parser.feed((served_site["dir"] / edition / DOC / "summary" / "index.html").read_text(encoding="utf-8"))
    return parser.bullets


def test_a_bullet_links_every_sentence_it_quotes(served_site):
    bullets = _summary(served_site)
    model = _model(served_site)["summary"]
    for group in model["groups"]:
        for bullet in group["bullets"]:
            fragments = [href.rsplit("#", 1)[1] for href in bullets[bullet["id"]]["links"]]
            assert fragments == list(dict.fromkeys(bullet["sentence_ids"])), bullet["id"]
    # b3 quotes sentences 4 and 5 of (二): two links, each naming its sentence.
    assert [h.rsplit("/", 3)[-3:] for h in bullets["b3"]["links"]] == [["clauses", "2", "#c2-s4"], ["clauses", "2", "#c2-s5"]]
    html = (served_site["dir"] / "zh-hans" / DOC / "summary" / "index.html").read_text(encoding="utf-8")
    assert "（二）第4句</a>、<a" in html and "（二）第5句</a>" in html


def test_the_kind_of_a_quote_reads_the_same_everywhere(served_site):
    """One wording per kind: the label beside a bullet, its note, the clause
    pages' list of quoting bullets and the method page's coverage agree, and
    a shortened bullet matched in full is not called a partial match."""
    bullets = _summary(served_site)
    model = {b["id"]: b for g in _model(served_site)["summary"]["groups"] for b in g["bullets"]}
    labels: dict[str, set[str]] = {}
    for bullet_id, shown in bullets.items():
        kind = model[bullet_id]["kind"]
        labels.setdefault(kind, set()).add(shown["kind"])
        assert f"{model[bullet_id]['score'] * 100:.0f}%" in shown["title"]
        assert "见于原文" in shown["title"], "the percentage says what it measures"
        assert "有删节（匹配度" not in shown["title"]
    assert all(len(v) == 1 for v in labels.values()), labels
    assert {"verbatim", "shortened", "joined"} <= set(labels)
    wording = {k: next(iter(v)) for k, v in labels.items()}
    assert len(set(wording.values())) == len(wording)
    clause = (served_site["dir"] / "zh-hans" / DOC / "clauses" / "1" / "index.html").read_text(encoding="utf-8")
    shown_on_clause = set(re.findall(r'<small class="match-kind match-(\w+)">([^<]+)</small>', clause))
    assert shown_on_clause and all(wording[k] == label for k, label in shown_on_clause)
    about = (served_site["dir"] / "zh-hans" / DOC / "about" / "index.html").read_text(encoding="utf-8")
    coverage = about[about.index('id="summary-coverage"'):]
    assert all(label in coverage for label in wording.values() if label != wording.get("unaligned"))
