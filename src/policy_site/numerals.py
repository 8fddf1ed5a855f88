"""Chinese numerals as used to number sections and clauses (一 … 九十九)."""
from __future__ import annotations

DIGITS = "零一二三四五六七八九"


def parse_numeral(text: str) -> int | None:
    if not text or any(c not in DIGITS + "十" for c in text):
        return None
    if "十" not in text:
        return DIGITS.index(text) if len(text) == 1 and text != "零" else None
    if text.count("十") > 1:
        return None
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    value = (DIGITS.index(tens) if tens else 1) * 10 + (DIGITS.index(units) if units else 0)
    return value if not tens or tens != "零" else None


def format_numeral(value: int) -> str:
    if not 0 < value < 100:
        raise ValueError(value)
    tens, units = divmod(value, 10)
    if tens == 0:
        return DIGITS[units]
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[units] if units else "")
