"""Chinese numerals as used to number sections and clauses (一 … 九千九百九十九)."""
from __future__ import annotations

DIGITS = "零一二三四五六七八九"


def parse_numeral(text: str) -> int | None:
    if text and "千" in text:
        thousands, _, rest = text.partition("千")
        if len(thousands) != 1 or thousands not in DIGITS[1:]:
            return None
        base = DIGITS.index(thousands) * 1000
        if not rest:
            return base
        if rest.startswith("零"):
            low = parse_numeral(rest[1:] if not rest[1:].startswith("十") else "一" + rest[1:])
            return base + low if low is not None and low < 100 else None
        low = parse_numeral(rest)
        return base + low if low is not None and low >= 100 else None
    if text and "百" in text:
        hundreds, _, rest = text.partition("百")
        if len(hundreds) != 1 or hundreds not in DIGITS[1:]:
            return None
        base = DIGITS.index(hundreds) * 100
        if not rest:
            return base
        if rest.startswith("零"):
            low = parse_numeral(rest[1:])
            return base + low if low is not None and low < 10 else None
        low = parse_numeral(rest if not rest.startswith("十") else "一" + rest)
        return base + low if low is not None and low >= 10 else None
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
    if 1000 <= value < 10000:
        thousands, low = divmod(value, 1000)
        if low == 0:
            return DIGITS[thousands] + "千"
        if low < 100:
            tail = format_numeral(low)
            return DIGITS[thousands] + "千零" + ("一" + tail if tail.startswith("十") else tail)
        return DIGITS[thousands] + "千" + format_numeral(low)
    if 100 <= value < 1000:
        hundreds, low = divmod(value, 100)
        if low == 0:
            return DIGITS[hundreds] + "百"
        if low < 10:
            return DIGITS[hundreds] + "百零" + DIGITS[low]
        tens = format_numeral(low)
        return DIGITS[hundreds] + "百" + (tens if not tens.startswith("十") else "一" + tens)
    if not 0 < value < 100:
        raise ValueError(value)
    tens, units = divmod(value, 10)
    if tens == 0:
        return DIGITS[units]
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[units] if units else "")
