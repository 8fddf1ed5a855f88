"""Each page of a document has a QR code of its permanent address beside it,
drawn at build time, and opens it from a disclosure (no outside service)."""
from __future__ import annotations

import pytest
from lxml import etree, html

from policy_site.cli import main
from policy_site.site.qr import qr_matrix
from policy_site.testing import make_project


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("qr")
    project = make_project(root / "project", {"doc": {}})
    assert main(["--project", str(project), "build", "--site-dir", str(root / "site"),
                 "--site-url", "https://example.org/lib/"]) == 0
    return root / "site"


def _modules(svg: bytes) -> set[tuple[int, int]]:
    """The dark modules the SVG draws (its path of runs read back)."""
    import re

    path = etree.fromstring(svg).find("{http://www.w3.org/2000/svg}path").get("d")
    dark = set()
    for x, y, width in re.findall(r"M(\d+) (\d+)h(\d+)", path):
        dark |= {(int(x) + k, int(y)) for k in range(int(width))}
    return dark


@pytest.mark.parametrize("edition, page", [("zh-hans", "clauses/2/"), ("zh-hant-hk", ""), ("zh-hant", "full-text/")])
def test_the_qr_code_encodes_the_pages_address(site, edition, page):
    address = f"https://example.org/lib/{edition}/doc/{page}"
    svg = (site / edition / "doc" / page / "qr.svg").read_bytes()
    matrix = qr_matrix(address)
    assert _modules(svg) == {(x, y) for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark}
    assert address in etree.fromstring(svg).findtext("{http://www.w3.org/2000/svg}title")
    assert len(svg) < 6000
    tree = html.fromstring((site / edition / "doc" / page / "index.html").read_bytes())
    img = tree.xpath('//details[@class="page-qr"]/img')
    assert len(img) == 1 and img[0].get("src") == "qr.svg" and img[0].get("loading") == "lazy"
    assert address in img[0].get("alt")


def test_a_square_share_card_keeps_the_whole_title(site):
    import io

    from PIL import Image

    square = Image.open(io.BytesIO((site / "zh-hans" / "doc" / "share-square.png").read_bytes()))
    wide = Image.open(io.BytesIO((site / "zh-hans" / "doc" / "share.png").read_bytes()))
    assert square.size == (600, 600) and wide.size == (1200, 630)
    tree = html.fromstring((site / "zh-hans" / "doc" / "clauses" / "2" / "index.html").read_bytes())
    images = tree.xpath('//meta[@property="og:image"]/@content')
    assert images == ["https://example.org/lib/zh-hans/doc/share.png", "https://example.org/lib/zh-hans/doc/share-square.png"]
    # The title's ink stays inside the square, away from the right edge a square crop of the wide card cuts.
    gray = square.convert("L")
    right = gray.crop((560, 0, 600, 480))
    assert right.getextrema()[0] > 200  # nothing dark there
