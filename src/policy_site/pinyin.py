"""Recognise a Hanyu Pinyin syllable, with or without tone marks.

Used by the cleaner to tell a reading such as `發(fā)` from a real
parenthetical such as `(5G)` or `村(居)`.
"""
from __future__ import annotations

import re
import unicodedata

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


def readings_of(ch: str) -> frozenset[str]:
    """Every reading pypinyin knows for one Han character, with tone marks;
    a traditional character the dictionary lacks is looked up by its
    simplified form (and the other way round)."""
    from pypinyin import Style, pinyin

    from .convert import to_simplified, to_traditional

    found: set[str] = set()
    for form in dict.fromkeys((ch, to_simplified(ch), to_traditional(ch))):
        if len(form) != 1:
            continue
        for readings in pinyin(form, style=Style.TONE, heteronym=True, errors="ignore"):
            found.update(normalise_syllable(r) for r in readings)
        if found:
            break
    return frozenset(found)


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
