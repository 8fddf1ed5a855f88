"""Every test in this folder drives headless Chromium (Debian's, at
/usr/bin/chromium) against the built site: marked `browser` here, so that
`-m "not browser"` leaves them out without each file saying so."""
from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.fspath).resolve().parents:
            item.add_marker(pytest.mark.browser)
