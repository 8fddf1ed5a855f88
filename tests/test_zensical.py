"""The same site built by Zensical (`policy-site build --engine zensical`):
the generated per-edition configs, unchanged, and the reader-facing browser
tests of test_browser.py and test_search.py run against it in headless
Chromium. This module's `served_site` replaces conftest's for every test
collected here, so each test below is the real test, pointed at the
Zensical build. Where Zensical cannot pass one, it is skipped here with the
reason measured on Zensical 0.0.73."""
from __future__ import annotations

import importlib.util
import os

import pytest

import tests.test_browser as browser_tests
import tests.test_search as search_tests
from policy_site.cli import main
from policy_site.serve import static_server
from tests.conftest import DOC, ROOT, SUB_PATH

pytestmark = pytest.mark.browser

if importlib.util.find_spec("zensical") is None:
    pytest.skip("zensical is not installed (pip install -e .[test])", allow_module_level=True)

# Tests that cannot pass on a Zensical build, each with what was measured.
CANNOT = {
    # Fails on the MkDocs build too since the CJK fonts are installed (the
    # brief names it); not a difference between the engines.
    "test_toggle_keeps_the_scroll_position_without_fragment":
        "fails on the MkDocs build as well, measured on both (the script switch's scroll restore, owned elsewhere)",
}

for module in (browser_tests, search_tests):
    for name, test in vars(module).items():
        if name.startswith("test_") and callable(test):
            if name in CANNOT:
                test = pytest.mark.skip(reason=f"Zensical: {CANNOT[name]}")(test)
            globals()[name] = test
        elif hasattr(test, "_fixture_function_marker") and name != "served_site":
            globals()[name] = test  # the modules' own fixtures (the search table's clause texts), on this build


@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    """The first document's library built by Zensical, served under a sub-path
    like conftest's MkDocs build."""
    root = tmp_path_factory.mktemp("zensical-www")
    site = root / SUB_PATH
    server = static_server(site, mount=SUB_PATH)
    base = f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}/"
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        assert main(["build", "--engine", "zensical", "--site-dir", str(site), "--site-url", base]) == 0
    finally:
        os.chdir(old)
    yield {"dir": site, "url": base, "origin": f"http://127.0.0.1:{server.server_address[1]}"}
    server.shutdown()


def test_the_build_is_zensicals(served_site):
    """Not the MkDocs build under another name: Zensical's own bundle and
    search index are there, MkDocs' lunr is not."""
    site = served_site["dir"]
    assert (site / "zh-hans" / DOC / "search.json").exists()
    assert not (site / "zh-hans" / DOC / "assets" / "javascripts" / "lunr").exists()
    page = (site / "zh-hans" / DOC / "clauses" / "8" / "index.html").read_text(encoding="utf-8")
    assert 'id="c8-s3"' in page and "policy.js" in page


def test_old_urls_redirect_with_the_fragment(reader, served_site):
    """The library's legacy redirects (mkdocs-redirects' redirect_maps):
    Zensical writes them itself, and an old sentence link lands."""
    page, _ = reader
    base = served_site["url"]
    page.goto(f"{base}zh-hans/clauses/8/#c8-s3")
    page.wait_for_url(f"{base}zh-hans/{DOC}/clauses/8/#c8-s3")
    assert page.inner_text("#c8-s3").strip()
