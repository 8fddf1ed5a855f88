"""Stage 1, read: decode a source file as UTF-8, or refuse it with advice.

A UTF-8 byte-order mark and CRLF line ends are handled explicitly (removed and
counted, so the audit can account for them); any other encoding is refused.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostics

_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class SourceText:
    path: str  # as shown in messages: relative to the project where possible
    text: str  # decoded, BOM removed, line ends normalised to \n
    bom_removed: bool
    carriage_returns_removed: int

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_source(data: bytes, shown: str, diagnostics: Diagnostics) -> SourceText | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        diagnostics.error(shown, 1, "a UTF-16 byte-order mark", "UTF-8 text",
                          f"convert the file, e.g. `iconv -f UTF-16 -t UTF-8 {shown}`")
        return None
    bom = data.startswith(_UTF8_BOM)
    if bom:
        data = data[len(_UTF8_BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_of_offset(data, exc.start)
        guess = ""
        try:
            data.decode("gb18030")
            guess = " (the bytes decode as GBK/GB18030)"
        except UnicodeDecodeError:
            pass
        if b"\x00" in data[:200]:
            guess = " (NUL bytes suggest UTF-16 without a byte-order mark)"
        diagnostics.error(shown, line, f"bytes that are not UTF-8 at byte {exc.start}{guess}",
                          "UTF-8 text", f"re-save the file as UTF-8, e.g. `iconv -f GB18030 -t UTF-8 {shown}`")
        return None
    if not text.strip():
        diagnostics.error(shown, 1, "an empty file", "the text of the document",
                          "check the file was saved completely")
        return None
    crs = text.count("\r")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceText(shown, text, bom, crs)


def read_source(path: Path, diagnostics: Diagnostics) -> SourceText | None:
    shown = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        diagnostics.error(shown, 0, f"a file that cannot be read ({exc.strerror})", "a readable file",
                          "check the path in the document's metadata")
        return None
    return decode_source(data, shown, diagnostics)
