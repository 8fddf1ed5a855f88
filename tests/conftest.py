from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from policy_site.cli import main
from policy_site.core.diagnostics import Diagnostics
from policy_site.document.pipeline import load_edition
from policy_site.serve import static_server
from policy_site.testing import ARGS, CHROMIUM

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "content" / "urban-development-2025"
SUB_PATH = "policy-site"
DOC = DOCUMENT.name  # the first document's slug


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output instead of comparing")


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture(scope="session")
def edition():
    diagnostics = Diagnostics()
    result = load_edition(DOCUMENT, diagnostics)
    assert result is not None, "\n".join(map(str, diagnostics.items))
    return result


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """The real site, built by the CLI with real MkDocs, served under a
    sub-path on 127.0.0.1 as GitHub Pages would serve a project site (gzip,
    max-age), by the same server the benchmark uses."""
    root = tmp_path_factory.mktemp("www")
    site = root / SUB_PATH
    server = static_server(site, mount=SUB_PATH)  # started first: the site's URLs name its port
    port = server.server_address[1]
    base = f"http://127.0.0.1:{port}/{SUB_PATH}/"
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        assert main(["build", "--site-dir", str(site), "--site-url", base]) == 0
    finally:
        os.chdir(old)
    yield {"dir": site, "url": base, "origin": f"http://127.0.0.1:{port}"}
    server.shutdown()



@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def reader(browser, served_site):
    """A fresh browser profile that records every request and console error."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_site["origin"])
    page = context.new_page()
    record = {"outside": [], "errors": []}

    def on_request(request):
        host = urlsplit(request.url).hostname
        if request.url.startswith(("data:", "blob:")):
            return
        if host != "127.0.0.1":
            record["outside"].append(request.url)

    page.on("request", on_request)
    page.on("console", lambda m: m.type == "error" and record["errors"].append(m.text))
    page.on("pageerror", lambda e: record["errors"].append(str(e)))
    yield page, record
    context.close()
    assert not record["outside"], f"requests left 127.0.0.1: {record['outside']}"
    assert not record["errors"], f"console errors: {record['errors']}"
