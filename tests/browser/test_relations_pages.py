"""What a reader sees of documents in relation, in headless Chromium: the
status notice on every page of a replaced document, the relations panel,
and the comparison page, in every edition at 1280 and 390 px, with axe-core
finding nothing on them."""
from __future__ import annotations

import pytest

from policy_site.cli import main
from policy_site.serve import static_server
from policy_site.testing import make_project
from tests.browser.test_a11y import DESKTOP, EDITIONS, PHONE, _axe_source, _violations
from tests.library.test_relations import IMPLEMENTS, NEW, OLD, OLD_TITLE, REPLACES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    root = tmp_path_factory.mktemp("relations-www")
    project = make_project(root / "project", {"old": {"text": OLD, "title": OLD_TITLE}, "new": {"text": NEW}})
    toml = project / "content" / "new" / "document.toml"
    head, _, tail = toml.read_text(encoding="utf-8").partition("[full_text]")
    toml.write_text(head + 'status = "in-force"\n' + REPLACES.strip() + "\n" + IMPLEMENTS.strip() + "\n[full_text]" + tail,
                    encoding="utf-8")
    site = root / "www"
    server = static_server(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    assert main(["--project", str(project), "build", "--site-dir", str(site), "--site-url", base]) == 0
    yield base
    server.shutdown()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("edition", EDITIONS)
def test_notice_panel_and_comparison_read_and_pass_axe(browser, library, edition, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    axe = _axe_source()
    try:
        page.goto(f"{library}{edition}/old/clauses/2/")
        notice = page.locator(".status-notice")
        assert notice.is_visible() and notice.bounding_box()["y"] < 400  # before the text, in the first screen
        notice.locator("a").click()
        page.wait_for_url(f"{library}{edition}/new/")
        rows = page.locator("ul.relations li")
        assert rows.count() == 2
        assert _violations(page, axe) == []
        page.goto(f"{library}{edition}/compare/old..new/")
        assert page.locator(".compare-changed mark").count() >= 1
        assert _violations(page, axe) == []
        page.locator(".compare-changed a.compare-older").first.click()
        page.wait_for_url(f"{library}{edition}/old/clauses/2/#c2-s2")
        assert page.evaluate("document.getElementById('c2-s2').getBoundingClientRect().top") < viewport["height"]
    finally:
        context.close()


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_pair_a_reader_picks_is_compared_in_the_page_as_python_compares_it(browser, library, edition):
    import json
    import urllib.request

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{library}{edition}/compare/")
        page.select_option("select[name=older]", "old")
        page.select_option("select[name=newer]", "new")
        page.click("form.compare-pick button")
        page.wait_for_selector(".compare-picked[data-pairs]")
        picked = json.loads(page.get_attribute(".compare-picked", "data-pairs"))
        with urllib.request.urlopen(f"{library}{edition}/compare/old..new.json") as response:
            declared = json.loads(response.read())
        assert picked == declared["pairs"]
        assert page.locator(".compare-picked .compare-changed mark").count() >= 1
        assert _violations(page, _axe_source()) == []
    finally:
        context.close()


def test_javascript_and_python_compare_alike_on_hard_cases(browser, library):
    """The same pairs, marks included, for runs with repeats, moves, width
    variants, astral characters and near-misses on both sides of SIMILAR."""
    import random

    from policy_site.library.compare import compare

    rng = random.Random(20261205)
    alphabet = "城市发展建设推动高质量住房更新改造５G𠀀ＡＢ，。的了和"
    cases = []
    for _ in range(60):
        older = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(rng.randint(0, 9))]
        newer = [s if rng.random() < 0.5 else
                 "".join(c for c in s if rng.random() < 0.8) + rng.choice(alphabet) for s in older]
        rng.shuffle(newer) if rng.random() < 0.2 else None
        newer += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(rng.randint(0, 3))]
        cases.append(([(f"a{i}", s) for i, s in enumerate(older)], [(f"b{i}", s) for i, s in enumerate(newer)]))
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{library}zh-hans/compare/")
        got = page.evaluate("cases => cases.map(c => window.policyCompare.compare(c[0], c[1]))", cases)
    finally:
        context.close()
    want = [[p.as_json() for p in compare(older, newer)] for older, newer in cases]
    assert got == want


@pytest.fixture(scope="module")
def versions_and_interpretation(tmp_path_factory):
    """The first document with an earlier version (versions/2025-08-15/) and
    an interpretation (答记者问) of it, served."""
    import shutil

    from tests.library.test_interpretations import _project
    from tests.library.test_versions import DATE

    root = tmp_path_factory.mktemp("versions-www")
    project = _project(root)
    doc = project / "content" / "urban-development-2025"
    earlier = root / "earlier"
    shutil.copytree(doc, earlier)
    # The full text (the traditional scrape, readings and all): in the earlier
    # text this sentence was not yet revised (推動…, not 持續推動…).
    source = earlier / "sources" / "004_d0d5c7c8f8f9bfc9.txt"
    text = source.read_bytes()
    revised = "持續(xù)推動(dòng)城鎮(zhèn)老舊小區(qū)改造。".encode("utf-8")
    assert text.count(revised) == 1
    source.write_bytes(text.replace(revised, "推動(dòng)城鎮(zhèn)老舊小區(qū)改造。".encode("utf-8")))
    (doc / "versions").mkdir()
    shutil.move(str(earlier), doc / "versions" / DATE)
    site = root / "www"
    server = static_server(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    assert main(["--project", str(project), "build", "--site-dir", str(site), "--site-url", base]) == 0
    yield base
    server.shutdown()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("edition", EDITIONS)
def test_an_earlier_version_and_an_interpretation_read_and_pass_axe(browser, versions_and_interpretation, edition,
                                                                   viewport):
    """Issue 25: an earlier version's page opens with its notice, whose links
    lead to the same clause of the current text and to the comparison; a
    clause lists the interpretation's paragraphs that explain it, and the
    paragraph links back; axe-core finds nothing on any of these pages."""
    base = versions_and_interpretation
    doc = "urban-development-2025"
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    axe = _axe_source()
    try:
        page.goto(f"{base}{edition}/{doc}/versions/2025-08-15/clauses/8/")
        notice = page.locator(".status-notice")
        assert notice.is_visible() and notice.bounding_box()["y"] < 400
        assert _violations(page, axe) == []
        notice.locator("a").first.click()
        page.wait_for_url(f"{base}{edition}/{doc}/clauses/8/")
        explained = page.locator("ul.explained-by a")
        assert explained.count() == 1
        assert _violations(page, axe) == []
        explained.click()
        page.wait_for_url(f"{base}{edition}/explainer/sections/1/#s1-p1")
        back = page.locator("p.explains a")
        assert back.count() == 1 and _violations(page, axe) == []
        back.click()
        page.wait_for_url(f"{base}{edition}/{doc}/clauses/8/")
        page.goto(f"{base}{edition}/{doc}/versions/2025-08-15/clauses/8/")
        page.locator(".status-notice a").nth(1).click()
        page.wait_for_url(f"{base}{edition}/compare/{doc}@2025-08-15..{doc}/")
        changed = page.locator(".compare-row.compare-changed")  # the one sentence revised, its new characters marked
        assert changed.count() == 1 and changed.locator("mark").first.inner_text() in ("持续", "持續")
        assert _violations(page, axe) == []
    finally:
        context.close()
