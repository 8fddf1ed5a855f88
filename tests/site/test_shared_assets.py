"""One shared, content-hashed set of assets (site/shared_assets.py): every
page of every document and edition loads the same files from the site
root's assets/, so a reader downloads them once; the page-weight budgets
of a first visit and of later pages; Material's slimmed stylesheet keeps
every rule that styles an element of a built page."""
from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import html as lxml_html

from policy_site.cli import main
from policy_site.site.shared_assets import _material_stylesheets, _selectors, class_vocabulary, slim_stylesheet
from policy_site.testing import make_project
from tests.browser.test_search_library import BETA, BETA_TITLE
from tests.conftest import DOC

FIRST_VISIT_BUDGET = 40 * 1024  # gzip bytes: a clause page and everything it loads
LATER_PAGE_BUDGET = 12 * 1024  # gzip bytes: another document's or edition's clause page, assets cached
NAME = re.compile(r"[\w.-]+\.([0-9a-f]{12})\.\w+")


def _resources(site: Path, site_url: str, page: str) -> dict[str, Path]:
    """The stylesheets, scripts, icon and lazily loaded script a page names:
    absolute URL -> the file served for it."""
    tree = lxml_html.fromstring((site / page / "index.html").read_bytes())
    url = urljoin(site_url, page)
    found = {}
    for element, attribute in ((e, a) for e in tree.iter() for a in ("href", "src", "data-search-script")
                               if e.get(a) and (e.tag in ("script", "link") or a == "data-search-script")):
        if element.tag == "link" and element.get("rel") not in ("stylesheet", "icon"):
            continue
        absolute = urljoin(url, element.get(attribute))
        found[absolute] = site / urlsplit(absolute).path[len(urlsplit(site_url).path):]
    return found


def _gzip(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9))


def test_every_page_loads_one_shared_set_named_by_content(served_site):
    site, url = served_site["dir"], served_site["url"]
    pages = [f"{e}/{p}" for e in ("zh-hans", "zh-hant", "zh-hant-hk")
             for p in ("", f"{DOC}/", f"{DOC}/clauses/8/", f"{DOC}/full-text/", "search/")]
    sets = {page: _resources(site, url, page) for page in pages}
    first = sets[pages[0]]
    assert len(first) == 6  # Material's two stylesheets, policy.css, policy.js, the icon, search.js (later)
    for page, found in sets.items():
        assert found == first, page  # the same URLs everywhere: downloaded once
    for absolute, file in first.items():
        assert absolute.startswith(url + "assets/") and file.is_file(), absolute
        digest = NAME.fullmatch(file.name).group(1)
        assert hashlib.sha256(file.read_bytes()).hexdigest()[:12] == digest, file.name
    # No build's own copy is published: no edition or document has an assets/ folder.
    assert [p for p in site.rglob("assets") if p.is_dir()] == [site / "assets"]
    assert sorted(p.name for p in (site / "assets").iterdir()) == sorted(f.name for f in first.values())


def test_a_first_visit_to_a_clause_and_later_pages_stay_within_budget(served_site):
    site, url = served_site["dir"], served_site["url"]
    clause = f"zh-hans/{DOC}/clauses/8/"
    loaded = {k: v for k, v in _resources(site, url, clause).items() if "/search." not in k}  # search.js: on demand
    first = _gzip(site / clause / "index.html") + sum(map(_gzip, loaded.values()))
    assert first <= FIRST_VISIT_BUDGET, f"first visit {first} B gzip"
    other = f"zh-hant-hk/{DOC}/clauses/8/"
    assert set(_resources(site, url, other)) == set(_resources(site, url, clause))  # nothing new but the page
    assert _gzip(site / other / "index.html") <= LATER_PAGE_BUDGET


def test_a_second_document_adds_only_its_pages(tmp_path):
    project = make_project(tmp_path / "project", {"alpha": {}, "beta": {"text": BETA, "title": BETA_TITLE}})
    site = tmp_path / "www"
    url = "https://example.org/lib/"
    assert main(["--project", str(project), "build", "--site-dir", str(site), "--site-url", url]) == 0
    alpha = _resources(site, url, "zh-hans/alpha/clauses/1/")
    beta = _resources(site, url, "zh-hant/beta/clauses/1/")
    assert alpha == beta and all(u.startswith(url + "assets/") for u in alpha)
    assert _gzip(site / "zh-hant/beta/clauses/1/index.html") <= LATER_PAGE_BUDGET
    # The 404 pages name the same files by absolute path (they answer at any depth).
    missing = lxml_html.fromstring((site / "zh-hans/beta/404.html").read_bytes())
    hrefs = [e.get("href") for e in missing.iter("link") if e.get("rel") == "stylesheet"]
    assert hrefs and all(h.startswith("/lib/assets/") for h in hrefs), hrefs


@pytest.mark.parametrize("which", [0, 1], ids=["main", "palette"])
def test_the_slimmed_stylesheets_keep_every_rule_a_built_page_uses(served_site, which):
    """Each selector slimming dropped from Material's stylesheet or palette,
    pseudo-classes set aside, matches no element of any page type of any
    edition (lxml's CSS selectors)."""
    cssselect = pytest.importorskip("lxml.cssselect")
    import tinycss2

    original = _material_stylesheets()[which].read_text(encoding="utf-8")
    slim = slim_stylesheet(original)

    def selectors(css: str) -> set[str]:
        out = set()
        for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
            if rule.type == "qualified-rule":
                out.update(_selectors(tinycss2.serialize(rule.prelude)))
            elif rule.type == "at-rule" and rule.content and rule.lower_at_keyword in ("media", "supports"):
                out |= selectors(tinycss2.serialize(rule.content))
        return out

    kept = selectors(slim)
    dropped = selectors(original) - kept
    assert len(dropped) > 50 and len(gzip.compress(slim.encode(), 9)) < len(gzip.compress(original.encode(), 9)) * .6
    site = served_site["dir"]
    pages = [lxml_html.fromstring(p.read_bytes()) for edition in ("zh-hans", "zh-hant-hk")
             for p in sorted((site / edition).rglob("index.html"))[:400]]
    pseudo = re.compile(r"::?[\w-]+(\((?:[^()]|\([^()]*\))*\))?")
    used = []
    for selector in sorted(dropped):
        plain = pseudo.sub("", selector).strip()
        if not plain or plain.endswith((">", "+", "~")):
            continue
        try:
            match = cssselect.CSSSelector(plain)
        except Exception:  # a selector lxml cannot read (:is, :has, …): its classes are checked below
            continue
        if any(match(tree) for tree in pages):
            used.append(selector)
    assert used == []
    # Every class of a built page that Material's stylesheet styles is in the vocabulary slimming keeps.
    on_pages = {c for tree in pages for e in tree.iter() if isinstance(e.tag, str) for c in (e.get("class") or "").split()}
    styled = set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", original))
    assert (on_pages & styled) - class_vocabulary() == set()


def test_slimming_drops_only_selectors_naming_unknown_classes():
    css = (":root{--a:1}body{margin:0}.md-typeset .nosuchclass-x,.md-typeset p{color:red}"
           ".nosuchclass-y{color:blue}@media (min-width:10em){.nosuchclass-z{x:1}.md-header{y:2}}"
           "@media print{.nosuchclass-w{z:3}}:is(.md-nav,.nosuchclass-v) a{w:4}"
           "[data-md-color-primary=indigo]{--c:1}[data-md-color-primary=pink]{--c:2}")
    assert slim_stylesheet(css) == (":root{--a:1}body{margin:0}.md-typeset p{color:red}"
                                    "@media (min-width:10em){.md-header{y:2}}:is(.md-nav,.nosuchclass-v) a{w:4}"
                                    "[data-md-color-primary=indigo]{--c:1}")
