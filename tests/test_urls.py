"""urls.py is the citation contract: its examples hold, nothing else in the
package writes a page path, and the rules it hands policy.js place every
node where it puts it."""
from __future__ import annotations

import ast
import doctest
import re
from pathlib import Path

import pytest

from policy_site import urls
from policy_site.urls import PageKind

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "policy_site"
OVERRIDES = PACKAGE.parent.parent / "overrides"
# What a page path looks like: a page folder, a Markdown page source, the
# library's search folder or a document's export. Written only in urls.py.
PATH_LITERAL = re.compile(r"(?:^|[/\"' ])(?:clauses|sections|tags|topics|summary|about|search|full-text)/"
                          r"|index\.md|document\.json|search-index\.json")


def test_the_examples_in_urls_hold():
    result = doctest.testmod(urls)
    assert result.attempted > 10 and result.failed == 0


def _strings(path: Path) -> list[tuple[int, str]]:
    """String constants of a module, its docstrings left out (they may show an address)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body:
            if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_no_module_but_urls_writes_a_page_path():
    found = [f"{path.relative_to(PACKAGE)}:{line}: {text[:60]!r}"
             for path in sorted(PACKAGE.rglob("*.py")) if path.name != "urls.py"
             for line, text in _strings(path) if PATH_LITERAL.search(text)]
    assert not found, "page paths written outside urls.py (ask urls.py for them):\n" + "\n".join(found)


# In a script or template: a page folder or a page's source (the name
# document.json is shown as a link's text, the link itself is data).
PAGE_IN_MARKUP = re.compile(r"(?:^|[/\"' ])(?:clauses|sections|tags|topics|summary|about|search|full-text)/|index\.md")
COMMENTS = re.compile(r"\{#.*?#\}|/\*.*?\*/|^\s*//.*?$", re.S | re.M)


def test_the_scripts_and_templates_get_page_paths_from_data():
    files = [*(PACKAGE / "site" / "assets").glob("*.js"), *(PACKAGE / "site" / "templates").rglob("*.j2"),
             *OVERRIDES.glob("*.html")]
    found = []
    for path in files:
        code = COMMENTS.sub("", path.read_text(encoding="utf-8"))  # a comment may name an address
        found += [f"{path.name}: {line.strip()[:80]}" for line in code.splitlines() if PAGE_IN_MARKUP.search(line)]
    assert not found, "page paths written in a script or template:\n" + "\n".join(found)


def test_the_detector_finds_a_path():
    assert PATH_LITERAL.search('"clauses/"') and PATH_LITERAL.search("x/index.md")
    assert not PATH_LITERAL.search("the clauses of a section") and not PATH_LITERAL.search("full-text source")


NODES = ["c8", "c8-s2", "c12-p2-s1", "s3", "s3-p1-s2", "preamble-p1-s1", "title", "s10-p1-s1", "c10"]


def _as_policy_js(node_id: str) -> str:
    """What policy.js's placeUrl does with urls.client_rules, below the document's root."""
    rules = urls.client_rules()
    base = ""
    for pattern, page in rules["pages"]:
        match = re.search(pattern, node_id)
        if match:
            base += page.replace("{}", match.group(1), 1)
            break
    return base if re.search(rules["whole"], node_id) else base + "#" + node_id


@pytest.mark.parametrize("node_id", NODES)
def test_policy_js_places_a_node_where_urls_does(node_id):
    assert _as_policy_js(node_id) == urls.node_url(node_id)


def test_a_node_is_on_its_clause_or_section_page():
    assert urls.node_url("c8-s2") == "clauses/8/#c8-s2"
    assert urls.node_url("c8") == "clauses/8/", "a clause's own id is its page"
    assert urls.node_url("s3-p1-s2") == "sections/3/#s3-p1-s2"
    assert urls.node_url("preamble-p1-s1") == "#preamble-p1-s1"
    assert urls.node_page("s10-p1-s1") == "sections/10/" and urls.node_page("c10") == "clauses/10/"


def test_every_page_kind_has_one_address_and_no_two_pages_share_one():
    keyed = {PageKind.SECTION: 1, PageKind.CLAUSE: 1, PageKind.TAG: "a", PageKind.TOPIC: "a"}
    addresses = [urls.page_url(kind, keyed.get(kind)) for kind in PageKind]
    assert len(set(addresses)) == len(addresses)
    assert all(urls.page_path(kind, keyed.get(kind)) == address + "index.md"
               for kind, address in zip(PageKind, addresses))


def test_the_legacy_root_redirects_below_the_slug_but_the_home_and_search():
    paths = ["index.md", "search/index.md", "clauses/8/index.md", "full-text/index.md"]
    assert urls.legacy_redirects(paths, "https://x.org/", "zh-Hant", "doc") == {
        "clauses/8/index.md": "https://x.org/zh-hant/doc/clauses/8/",
        "full-text/index.md": "https://x.org/zh-hant/doc/full-text/"}
