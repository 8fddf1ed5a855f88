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
