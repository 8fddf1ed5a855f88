"""Stage 1, read: decode a source file as UTF-8, or refuse it with advice.

A UTF-8 byte-order mark and CRLF line ends are handled explicitly (removed and
counted, so the audit can account for them); any other encoding is refused.

Characters a reader cannot see or that change how text around them reads are
refused wherever they occur, in sources and content files alike, each at its
line and column with its code point and name (`check_characters`): controls
(C0 except tab and line feed, DEL, C1), format characters (zero-width space,
joiners, word joiner, soft hyphen, an inner U+FEFF, the bidi embeddings,
overrides, isolates and marks, U+061C, tag characters, ...), the line and
paragraph separators U+2028/U+2029 (YAML and JavaScript read them as line
breaks), surrogates and non-characters (U+FDD0..U+FDEF, U+xxFFFE/F). OpenCC
stops converting at a NUL, search misses words split by a zero-width space and
an override reorders a title: none of them has a meaning the site can keep.
Declared rules only: a leading BOM and CR/CRLF line ends (above); a tab is
whitespace (indentation, stripped by the parser like U+3000).

Sizes are bounded so that every later stage runs in bounded time: a source or
content file of at most `MAX_FILE_BYTES`, lines of at most `MAX_LINE_CHARS`
characters (the longest line of the first document has 1,320).
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from policy_site.core.diagnostics import Diagnostics

_UTF8_BOM = b"\xef\xbb\xbf"
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_LINE_CHARS = 20_000

_REFUSED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but tab and line feed, DEL, C1
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"  # format characters (Cf)
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"  # tags and variation selectors supplement: default-ignorable
    # The rest of Unicode's Default_Ignorable_Code_Point, blanks that look like
    # nothing (Hangul fillers, Braille blank) and private use:
    "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\ufe00-\ufe0f\uffa0\ufff0-\ufff8"
    "\ue000-\uf8ff\U000f0000-\U0010ffff"
    "\ud800-\udfff"  # surrogates
    "\ufdd0-\ufdef\ufffe\uffff"  # non-characters, and U+nFFFE/U+nFFFF of every plane:
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
    + "]")

# unicodedata has no names for controls: their Unicode name aliases.
_CONTROL_NAMES = dict(enumerate((
    "NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY",
    "ACKNOWLEDGE", "BELL", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED", "LINE TABULATION",
    "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN", "DATA LINK ESCAPE", "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO", "DEVICE CONTROL THREE", "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
    "FILE SEPARATOR", "GROUP SEPARATOR", "RECORD SEPARATOR", "UNIT SEPARATOR"))) | {
    0x7F: "DELETE", 0x85: "NEXT LINE", 0x9B: "CONTROL SEQUENCE INTRODUCER"}


def character_name(ch: str) -> str:
    """`U+200B ZERO WIDTH SPACE`: the code point and its name, for messages."""
    code = ord(ch)
    name = unicodedata.name(ch, "") or _CONTROL_NAMES.get(code, "")
    if not name:
        if 0x80 <= code <= 0x9F:
            name = "C1 CONTROL"
        elif 0xD800 <= code <= 0xDFFF:
            name = "SURROGATE"
        elif 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
            name = "NONCHARACTER"
        else:
            name = "UNNAMED"
    return f"U+{code:04X} {name}"


def _kind(ch: str) -> str:
    code = ord(ch)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return "a control character"
    if ch in "\u2028\u2029":
        return "a line or paragraph separator"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069 or ch in "\u200e\u200f\u061c":
        return "a bidirectional control"
    if 0xD800 <= code <= 0xDFFF:
        return "a surrogate"
    if unicodedata.category(ch) == "Cf":
        return "an invisible format character"
    if unicodedata.category(ch) == "Co":
        return "a private-use character"
    if unicodedata.category(ch) == "Cn" and not (0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE):
        return "an unassigned code point"
    if ch in "\u115f\u1160\u3164\uffa0\u2800" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return "a blank or variation selector that shows nothing"
    if unicodedata.category(ch) in ("Mn", "Me", "Mc"):
        return "an invisible combining character"
    return "a non-character"


MAX_COMBINING = 3  # combining marks on one character: more is a rendering attack, not text


def _refused_pattern(text: str) -> re.Pattern[str]:
    """The refused characters, plus the unassigned code points and the runs
    of combining marks this text holds (found among its distinct characters,
    so a large text costs one pass in C, not one call per character)."""
    distinct = set(text)
    unassigned = [ch for ch in distinct if unicodedata.category(ch) == "Cn" and not _REFUSED.match(ch)]
    marks = [ch for ch in distinct if unicodedata.category(ch) in ("Mn", "Me", "Mc")]
    parts = [_REFUSED.pattern]
    if unassigned:
        parts.append("[" + "".join(re.escape(ch) for ch in unassigned) + "]")
    if marks:
        parts.append("[" + "".join(re.escape(ch) for ch in marks) + f"]{{{MAX_COMBINING + 1},}}")
    return re.compile("|".join(parts)) if len(parts) > 1 else _REFUSED


def check_characters(text: str, shown: str, diagnostics: Diagnostics, *, first_line: int = 1) -> int:
    """Report every refused character of `text` (lines split at \\n) at its
    line and column; returns how many there were."""
    found = 0
    refused = _refused_pattern(text)
    if not refused.search(text):
        return 0
    for number, line in enumerate(text.split("\n"), first_line):
        if diagnostics.room() <= 0:
            skipped = len(refused.findall(line))
            found += skipped
            diagnostics.omit(skipped)
            continue
        for match in refused.finditer(line):
            ch = match.group()
            found += 1
            what = (f"{len(ch)} combining marks in a row ({character_name(ch[0])} …)" if len(ch) > 1
                    else f"{character_name(ch)} ({_kind(ch)})")
            diagnostics.error(
                shown, number, what,
                "text without control, invisible or direction-changing characters",
                "delete it (an editor with `set list` or a hex view shows it), or write what the published text has",
                column=match.start() + 1)
    return found


def refused_characters(text: str) -> list[str]:
    """The refused characters in `text`, in order (for values from escapes)."""
    return _refused_pattern(text).findall(text)


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
    """The path as messages show it: relative to the working directory where
    possible. A symbolic link is named by its own path, not its target."""
    try:
        here = os.getcwd()
        for shown, base in ((os.path.abspath(path), os.path.abspath(here)),
                            (os.path.join(Path(path).parent.resolve(), Path(path).name), str(Path(here).resolve()))):
            relative = os.path.relpath(shown, base)
            if not relative.startswith(".."):
                return relative
    except (ValueError, OSError, RuntimeError):
        pass
    return str(path)


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_utf8(data: bytes, shown: str, diagnostics: Diagnostics) -> tuple[str, bool] | None:
    """Bytes to text: UTF-8 with an optional BOM, else an error at the line of
    the first bad byte. Returns (text, whether a BOM was removed)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        diagnostics.error(shown, 1, "a UTF-16 byte-order mark", "UTF-8 text",
                          f"convert the file, e.g. `iconv -f UTF-16 -t UTF-8 {shown}`")
        return None
    bom = data.startswith(_UTF8_BOM)
    if bom:
        data = data[len(_UTF8_BOM):]
    try:
        return data.decode("utf-8"), bom
    except UnicodeDecodeError as exc:
        line = _line_of_offset(data, exc.start)
        column = len(data[data.rfind(b"\n", 0, exc.start) + 1:exc.start].decode("utf-8", "replace")) + 1
        guess = ""
        try:
            data.decode("gb18030")
            guess = " (the bytes decode as GBK/GB18030)"
        except UnicodeDecodeError:
            pass
        if b"\x00" in data[:200]:
            guess = " (NUL bytes suggest UTF-16 without a byte-order mark)"
        diagnostics.error(shown, line, f"bytes that are not UTF-8 at byte {exc.start}{guess}",
                          "UTF-8 text", f"re-save the file as UTF-8, e.g. `iconv -f GB18030 -t UTF-8 {shown}`",
                          column=column)
        return None


def check_size(data: bytes, shown: str, diagnostics: Diagnostics) -> bool:
    if len(data) > MAX_FILE_BYTES:
        diagnostics.error(shown, 1, f"a file of more than {MAX_FILE_BYTES:,} bytes",
                          f"at most {MAX_FILE_BYTES:,} bytes (a policy document is far smaller)",
                          "check that this is the right file; split a corpus into one folder per document")
        return False
    return True


def check_line_lengths(text: str, shown: str, diagnostics: Diagnostics) -> bool:
    ok = True
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE_CHARS:
            diagnostics.error(shown, number, f"a line of {len(line):,} characters",
                              f"at most {MAX_LINE_CHARS:,} characters per line",
                              "check that the file has its line breaks (a paragraph per line)")
            ok = False
    return ok


def decode_source(data: bytes, shown: str, diagnostics: Diagnostics) -> SourceText | None:
    if not check_size(data, shown, diagnostics):
        return None
    decoded = decode_utf8(data, shown, diagnostics)
    if decoded is None:
        return None
    text, bom = decoded
    if not text.strip():
        diagnostics.error(shown, 1, "an empty file", "the text of the document",
                          "check the file was saved completely")
        return None
    crs = text.count("\r")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    long_lines = not check_line_lengths(text, shown, diagnostics)
    if check_characters(text, shown, diagnostics) or long_lines:
        return None
    return SourceText(shown, text, bom, crs)


def read_bytes(path: Path, shown: str, diagnostics: Diagnostics, what: str, fix: str) -> bytes | None:
    """The bytes of a regular file, or an error saying why not (missing, a
    directory, unreadable, too large)."""
    try:
        if path.is_dir():
            diagnostics.error(shown, 1, "a directory", what, fix)
            return None
        if path.exists() and not path.is_file():
            diagnostics.error(shown, 1, "a special file (a device, pipe or socket)", what, fix)
            return None
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        diagnostics.error(shown, 1, f"a file that cannot be read ({reason})", what, fix)
        return None
    return data


def read_source(path: Path, diagnostics: Diagnostics) -> SourceText | None:
    shown = display_path(path)
    data = read_bytes(path, shown, diagnostics, "a readable file", "check the path in the document's metadata")
    if data is None:
        return None
    return decode_source(data, shown, diagnostics)
