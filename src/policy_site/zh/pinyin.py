"""Recognise a Hanyu Pinyin syllable, with or without tone marks.

Used by the cleaner to tell a reading such as `發(fā)` from a real
parenthetical such as `(5G)` or `村(居)`.
"""
from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

TONE_MARKS = frozenset("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ")

# Initials and finals of Standard Mandarin; a reading is one initial (or none)
# followed by one final. `v` is the common ASCII stand-in for ü.
_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|üan|van|"
    r"ai|ei|ao|ou|an|en|in|un|ün|vn|ia|ie|iu|ua|uo|ui|üe|ve|ue|er|a|o|e|i|u|ü|v)",
)


def strip_tones(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    # Keep the diaeresis of ü (U+0308); drop the four tone marks.
    kept = "".join(c for c in decomposed if c not in "\u0304\u0301\u030c\u0300")
    return unicodedata.normalize("NFC", kept)


def is_pinyin_syllable(text: str) -> bool:
    if not text or text != text.lower():
        return False
    return _SYLLABLE.fullmatch(strip_tones(text)) is not None


def has_tone_mark(text: str) -> bool:
    return any(c in TONE_MARKS for c in text)


# --- readings of a character (pypinyin's dictionary) --------------------------

def normalise_syllable(text: str) -> str:
    """A written reading as the dictionary spells it: trimmed, lower case,
    composed tone marks, `v` (the ASCII stand-in) as ü."""
    return unicodedata.normalize("NFC", text.strip().lower()).replace("v", "ü")


@lru_cache(maxsize=1)
def _dictionary() -> dict[int, str]:
    """pypinyin's dictionary of single characters (code point -> "fā,bō").
    Read from its data file: importing pypinyin loads its phrase dictionary
    too, which costs a build 0.2-0.5 s and is not needed here."""
    spec = importlib.util.find_spec("pypinyin")
    folders = list(spec.submodule_search_locations or ()) if spec else []
    data = Path(folders[0]) / "pinyin_dict.json" if folders else None
    if data is not None and data.is_file():
        return {int(code): readings for code, readings in json.loads(data.read_text(encoding="utf-8")).items()}
    from pypinyin.pinyin_dict import pinyin_dict  # the same data, the slow way
    return dict(pinyin_dict)


@lru_cache(maxsize=None)
def readings_of(ch: str) -> frozenset[str]:
    """Every reading pypinyin knows for one Han character, with tone marks;
    a traditional character the dictionary lacks is looked up by its
    simplified form (and the other way round)."""
    from policy_site.zh.convert import to_simplified, to_traditional

    dictionary = _dictionary()
    for form in (ch, to_simplified(ch), to_traditional(ch)):
        if len(form) == 1 and ord(form) in dictionary:
            return frozenset(normalise_syllable(r) for r in dictionary[ord(form)].split(","))
    return frozenset()


def is_reading_of(syllable: str, ch: str) -> bool | None:
    """Whether `syllable` (with tone marks or without) reads `ch`; None when
    the dictionary does not know the character."""
    known = readings_of(ch)
    if not known:
        return None
    written = normalise_syllable(syllable)
    if has_tone_mark(written):
        return written in known
    return written in {strip_tones(r) for r in known}
