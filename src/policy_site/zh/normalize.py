"""One normalisation of text and query for search, the same in Python (the
index, the tests) and in assets/search.js (the query), character by character:

1. width and compatibility forms: Unicode NFKC of each character (full-width
   Ｌａｔｉｎ and digits, （），：；？！ read as ( ) , : ; ? !, ㈠ as (一));
2. case: lower case (Python `str.lower`, JavaScript `toLowerCase`);
3. punctuation: besides NFKC's width folding, the brackets a reader types
   for 〔〕【】 (document numbers: 国办发〔2024〕12号) are [ ], and ・ is ·.
   Punctuation is otherwise matched as typed, as Ctrl+F does; 、 and 。 have
   no half-width form and stay themselves;
4. script: every character is replaced by one representative of its class
   of equivalent forms, the classes joined from OpenCC's own character
   dictionaries (simplified to traditional and back, the Taiwan and Hong Kong
   variants and their reverse, CJK compatibility ideographs), so 为/為/爲,
   线/線/綫 and 群/羣 are one character for search, in any mixture.

Japanese shinjitai dictionaries are left out on purpose: they join distinct
Chinese characters (芸, a herb, is Japanese for 藝), so 艺术 would find 芸.

Normalisation works per character, so every normalised character knows the
original character it came from: highlighting marks the original text. The
class table is generated at build time into the library's search files
(search.library_files); the browser applies it after its own NFKC and
lower-casing. A test runs both on every character of the table and more,
and compares."""
from __future__ import annotations

import json
import os
import tempfile
import unicodedata
from functools import lru_cache
from pathlib import Path

import opencc

# OpenCC's character dictionaries whose entries join classes of one character.
CHARACTER_DICTIONARIES = (
    "TSCharacters", "STCharacters", "TWVariants", "TWVariantsRev", "HKVariants", "HKVariantsRev",
    "CJK_Compatibility_Ideographs",
)
# Where the dictionaries can have entries: the CJK blocks OpenCC covers.
_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))
PUNCTUATION = {"〔": "[", "〕": "]", "【": "[", "】": "]", "・": "·"}
# Quotation marks in a query separate terms (“好房子” finds 好房子).
QUOTES = "“”\"「」『』‘’'"


def _share_dir() -> Path:
    return Path(opencc.__file__).parent / "clib" / "share" / "opencc"


def _dictionary_pairs(name: str, chars: list[str]) -> list[tuple[str, str]]:
    """(character, its first conversion) for every character the dictionary
    changes, read through OpenCC itself (its .ocd2 files are binary tries):
    a conversion with that one dictionary over every candidate character."""
    path = _share_dir() / f"{name}.ocd2"
    config = {"name": name, "segmentation": {"type": "mmseg", "dict": {"type": "ocd2", "file": str(path)}},
              "conversion_chain": [{"dict": {"type": "ocd2", "file": str(path)}}]}
    with tempfile.TemporaryDirectory() as folder:
        config_path = os.path.join(folder, f"{name}.json")
        with open(config_path, "w", encoding="utf-8") as f:
            json.dump(config, f)
        converted = opencc.OpenCC(config_path).convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        raise RuntimeError(f"OpenCC {name}: expected one line per character")
    return [(a, b) for a, b in zip(chars, converted) if a != b and len(b) == 1]


@lru_cache(maxsize=1)
def script_classes() -> dict[str, str]:
    """Character -> the representative of its class, for every character in
    a class of two or more. The representative is the class's simplified
    form where OpenCC's t2s characters leave one unchanged (lowest code
    point first), else its lowest code point."""
    chars = [chr(c) for low, high in _RANGES for c in range(low, high + 1)]
    parent: dict[str, str] = {}

    def find(c: str) -> str:
        while parent.get(c, c) != c:
            c = parent[c]
        return c

    to_simplified: dict[str, str] = {}
    for name in CHARACTER_DICTIONARIES:
        pairs = _dictionary_pairs(name, chars)
        if name == "TSCharacters":
            to_simplified = dict(pairs)
        for a, b in pairs:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = {}
    for c in list(parent):
        members.setdefault(find(c), []).append(c)
    table = {}
    for root, group in members.items():
        group = sorted(set(group) | {root})
        simplified = [c for c in group if c not in to_simplified]
        representative = (simplified or group)[0]
        table.update({c: representative for c in group if c != representative})
    return table


@lru_cache(maxsize=65536)
def fold(char: str) -> str:
    """One character, normalised: zero, one or more characters."""
    classes = script_classes()
    out = []
    for c in unicodedata.normalize("NFKC", char).lower():
        c = PUNCTUATION.get(c, c)
        out.append(classes.get(c, c))
    return "".join(out)


def normalize(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the index of
    the original character it came from."""
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        folded = fold(char)
        out.append(folded)
        origin.extend([i] * len(folded))
    return "".join(out), origin


def normal(text: str) -> str:
    """normalize(text)[0], without the origins (the library index normalises every text)."""
    return "".join(map(fold, text))


def terms(query: str) -> list[str]:
    """A query's terms, normalised: quotation marks and white space separate
    them; each must occur. A term with no letter, digit or Han character
    (punctuation only) is dropped: it is not something a reader searches for."""
    text = normal(query)
    for mark in QUOTES:
        text = text.replace(normal(mark) or mark, " ")
    return [t for t in text.split() if any(c.isalnum() for c in t)]
