"""Chinese numerals as used to number sections and clauses (一 … 九千九百九十九).

One grammar, implemented twice: here and in `site/assets/search.js`
(`parseNumeral`), so that a reader's 第一百五条 finds what the build numbered
150. tests/test_numerals.py holds the two to the same answers on every
string of up to four numeral characters and on every printed form.

The grammar, read left to right over the units 千 百 十:
- each unit's multiplier is one digit 一…九; 十 alone at the start is 10, and
  after a higher unit (一百十) it is 10 too, as spoken;
- 零 marks a skipped unit: 一千零一十 (1010), 一百零五 (105), 一千零五 (1005);
  it is refused where nothing is skipped (一千零一百, 一百零一十, 二十零五);
- a last digit after 千 or 百 with no 零 is the next unit's multiplier, as the
  abbreviated spoken forms read: 一百五 is 150, 一千一 is 1100.
"""
from __future__ import annotations

DIGITS = "零一二三四五六七八九"
UNITS = (("千", 1000), ("百", 100), ("十", 10))


def _digit(char: str) -> int | None:
    value = DIGITS.find(char)
    return value if value >= 1 else None


def parse_numeral(text: str) -> int | None:
    """The value of a numeral printed in Chinese, or None when it is not one."""
    total, rest, last = 0, text, 0
    for unit, value in UNITS:
        at = rest.find(unit)
        if at < 0:
            continue
        head = rest[:at]
        if head.startswith("零") and last >= value * 100:  # a unit skipped: 一千零一十
            head = head[1:]
        if len(head) > 1:
            return None
        multiplier = _digit(head) if head else (1 if value == 10 else None)
        if multiplier is None:
            return None
        total, rest, last = total + multiplier * value, rest[at + 1:], value
    gap = rest.startswith("零")
    if gap:
        if last < 100:  # 零 before the units digit skips 十 only after 百 or 千
            return None
        rest = rest[1:]
        if not rest:
            return None
    if len(rest) > 1:
        return None
    if rest:
        digit = _digit(rest)
        if digit is None:
            return None
        total += digit * (last // 10 if last >= 100 and not gap else 1)
    return total or None


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
