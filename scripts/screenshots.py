#!/usr/bin/env python3
"""Screenshots of each page type in each edition, desktop (1280x900) and phone
(390x844), into docs/screenshots/ (referenced from the README section
"Reading on phone, keyboard and paper").

    .venv/bin/python scripts/screenshots.py

Builds the library into a temporary folder, serves it on 127.0.0.1 as the
tests do, and drives Debian's Chromium with the tests' flags
(tests/conftest.py). Viewport-sized PNGs, one per page type, edition and size."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from playwright.sync_api import sync_playwright  # noqa: E402

from policy_site.cli import main  # noqa: E402
from policy_site.serve import static_server  # noqa: E402
from policy_site.site.engine import SCRIPT_DIRS  # noqa: E402
from policy_site.testing import ARGS, CHROMIUM  # noqa: E402

DOC = "urban-development-2025"  # the first document
OUT = ROOT / "docs" / "screenshots"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# Page type -> URL below the edition root.
PAGE_TYPES = {
    "library": "",
    "topics": "topics/",
    "search": "search/?q=城市更新",
    "document": f"{DOC}/",
    "section": f"{DOC}/sections/1/",
    "clause": f"{DOC}/clauses/8/",
    "summary": f"{DOC}/summary/",
    "method": f"{DOC}/about/",
    "404": "no-such-page/",
}


def shoot(base: str) -> list[Path]:
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        for size, viewport in SIZES.items():
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            shots = [("root", base)] + [(f"{edition}-{name}", f"{base}{edition}/{path}")
                                        for edition in SCRIPT_DIRS.values() for name, path in PAGE_TYPES.items()]
            for name, url in shots:
                if name == "root":  # the chooser sends readers on: shown as without scripts
                    still = browser.new_context(viewport=viewport, java_script_enabled=False)
                    shot = still.new_page()
                else:
                    still, shot = None, page
                shot.goto(url)
                shot.wait_for_load_state("networkidle")
                target = OUT / f"{name}-{size}.png"
                shot.screenshot(path=str(target))
                written.append(target)
                if still:
                    still.close()
            context.close()
            # The dark scheme (prefers-color-scheme, Material's slate), a clause in each edition.
            dark = browser.new_context(viewport=viewport, color_scheme="dark")
            page = dark.new_page()
            for edition in SCRIPT_DIRS.values():
                page.goto(f"{base}{edition}/{PAGE_TYPES['clause']}")
                page.wait_for_load_state("networkidle")
                target = OUT / f"{edition}-clause-dark-{size}.png"
                page.screenshot(path=str(target))
                written.append(target)
            dark.close()
        # On a phone: the drawer opened on a clause (its top level, the section marked), and a
        # sentence's popover with its QR code.
        phone = browser.new_context(viewport=SIZES["phone"], device_scale_factor=1)
        page = phone.new_page()
        for edition in SCRIPT_DIRS.values():
            page.goto(f"{base}{edition}/{PAGE_TYPES['clause']}")
            page.click(".md-header [for=__drawer]")
            page.wait_for_timeout(400)
            target = OUT / f"{edition}-drawer-phone.png"
            page.screenshot(path=str(target))
            written.append(target)
            page.goto(f"{base}{edition}/{PAGE_TYPES['clause']}")
            page.focus("#c8-s2 .sentence-link")
            page.keyboard.press("Enter")
            page.locator(".cite-popover button[aria-expanded]").click()
            page.wait_for_function("() => document.querySelector('.cite-popover img.sentence-qr')?.complete")
            page.locator(".cite-popover").scroll_into_view_if_needed()
            target = OUT / f"{edition}-sentence-qr-phone.png"
            page.screenshot(path=str(target))
            written.append(target)
        phone.close()
        browser.close()
    return written


def run() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "policy-site"
        server = static_server(site, mount="policy-site")
        base = f"http://127.0.0.1:{server.server_address[1]}/policy-site/"
        os.chdir(ROOT)
        try:
            if main(["build", "--site-dir", str(site), "--site-url", base]) != 0:
                return 1
            written = shoot(base)
            for card in ("share.png", "share-square.png"):  # what a shared link shows
                target = OUT / f"zh-hans-{card}"
                target.write_bytes((site / "zh-hans" / DOC / card).read_bytes())
                written.append(target)
        finally:
            server.shutdown()
    total = sum(p.stat().st_size for p in written)
    print(f"{len(written)} screenshots, {total / 1024:.0f} KB, in {OUT.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(run())
