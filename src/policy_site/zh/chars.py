"""Character classes shared by the stages."""
from __future__ import annotations


def is_han(ch: str) -> bool:
    code = ord(ch)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x3134F
            or 0xF900 <= code <= 0xFAFF)


def is_cjk_punctuation(ch: str) -> bool:
    code = ord(ch)
    return 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or ch in "“”‘’—…·"


def is_cjk(ch: str) -> bool:
    return is_han(ch) or is_cjk_punctuation(ch)
