"""A QR code for each page of a document, drawn at build time (no outside
service): the page's permanent address, encoded by `qrcode` (python-qrcode),
drawn here as one SVG path of dark runs, about 2 KB, loaded only when a
reader opens it (overrides/main.html)."""
from __future__ import annotations

import qrcode
import qrcode.constants

QR_FILE = "qr.svg"  # beside each page's index.html
QUIET = 2  # modules of light margin (readers scan a screen, not paper: 2 is enough, 4 is the standard)


# A sentence's code uses one fixed mask: choosing the best of eight costs
# python-qrcode about 9 ms a code, and a document has hundreds of sentences
# in each edition (1.2 ms with the mask given). Any mask is a valid code;
# the choice only avoids patterns that can slow a scanner on paper.
SENTENCE_MASK = 2


def qr_matrix(text: str, mask: int | None = None) -> list[list[bool]]:
    """The code's modules, dark True, with the quiet margin."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET, mask_pattern=mask)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    return code.get_matrix()


def qr_svg(text: str, label: str, mask: int | None = None) -> bytes:
    """An SVG of the code for `text`, titled `label` (escaped: the address may hold any character)."""
    from html import escape

    matrix = qr_matrix(text, mask)
    size = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges" '
            f'role="img"><title>{escape(label)}</title><rect width="{size}" height="{size}" fill="#fff"/>'
            f'<path fill="#000" d="{"".join(runs)}"/></svg>\n').encode("utf-8")
