from __future__ import annotations

import functools
import http.server
import os
import socket
import threading
from pathlib import Path

import pytest

from policy_site.cli import main
from policy_site.diagnostics import Diagnostics
from policy_site.pipeline import load_edition

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "content" / "urban-development-2025"
SUB_PATH = "policy-site"


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """The real site, built by the CLI with real MkDocs, served under a
    sub-path on 127.0.0.1 as GitHub Pages would serve a project site."""
    port = _free_port()
    root = tmp_path_factory.mktemp("www")
    site = root / SUB_PATH
    base = f"http://127.0.0.1:{port}/{SUB_PATH}/"
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        assert main(["build", "--site-dir", str(site), "--site-url", base]) == 0
    finally:
        os.chdir(old)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"dir": site, "url": base, "origin": f"http://127.0.0.1:{port}"}
    server.shutdown()
