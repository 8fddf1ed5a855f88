"""One numeral grammar in Python (zh/numerals.py) and JavaScript (search.js
parseNumeral): the build numbers sections and clauses with the first, a
reader's 第一百五条 is read by the second, so they must agree on every string."""
from __future__ import annotations

import itertools

import pytest

from policy_site.zh.numerals import format_numeral, parse_numeral
from tests.conftest import DOC

ALPHABET = "零一二三四五六七八九十百千"


def _strings() -> list[str]:
    """Every string of one to four numeral characters, and every printed form."""
    found = {"".join(p) for n in range(1, 5) for p in itertools.product(ALPHABET, repeat=n)}
    return sorted(found | {format_numeral(n) for n in range(1, 10000)})


def test_every_printed_numeral_reads_back():
    assert all(parse_numeral(format_numeral(n)) == n for n in range(1, 10000))


@pytest.mark.parametrize("text, value", [
    ("一百五", 150), ("一百一", 110), ("一千一", 1100), ("一千一百五", 1150),  # abbreviated, as spoken
    ("十", 10), ("十五", 15), ("一百十", 110), ("一千零五", 1005), ("一千零一十", 1010), ("一百零五", 105),
])
def test_spoken_and_printed_forms(text, value):
    assert parse_numeral(text) == value


@pytest.mark.parametrize("text", ["", "零", "零五", "一零", "十十", "百", "一百零", "一千零一百", "一百零一十",
                                  "二十零五", "十百", "一二", "五千千", "一千一百五十六七"])
def test_what_is_not_a_numeral(text):
    assert parse_numeral(text) is None


@pytest.mark.browser
def test_python_and_javascript_read_every_numeral_alike(reader, served_site):
    page, _ = reader
    page.goto(f"{served_site['url']}zh-hans/{DOC}/clauses/1/")
    strings = _strings()
    read = page.evaluate("async strings => { await window.policyLoadSearch(); "
                         "return strings.map(s => window.policySearch.parseNumeral(s)); }", strings)
    differ = [(s, parse_numeral(s), js) for s, js in zip(strings, read) if parse_numeral(s) != js]
    assert len(strings) > 30000 and not differ, differ[:20]
