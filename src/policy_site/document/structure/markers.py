"""Numbering sequences as data: each marker family the documents of the
family print (一、 （一） 1. （1） ①), with how its numeral reads and prints.

Modelled on regparser's tree/depth/markers.py: the families are values, so a
rule asks "which family does this line open with, and which number?" instead
of holding its own regular expression; a new family is a new entry here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from policy_site.zh.numerals import format_numeral, parse_numeral

CHINESE_DIGITS = "一二三四五六七八九十百千万零"  # 万 read too: a number past 九千九百九十九 is refused, never merged
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _arabic(text: str) -> int | None:
    return int(text) if text.isdigit() and not text.startswith("0") else None


def _circled(text: str) -> int | None:
    return CIRCLED.index(text) + 1 if len(text) == 1 and text in CIRCLED else None


@dataclass(frozen=True)
class Marker:
    """One printed number at the start of a line."""
    family: "MarkerFamily"
    numeral: str  # as printed inside the marker: "八", "3"
    value: int | None  # None: the numeral does not read (一零零)
    printed: str  # the whole marker as printed: "（八）"
    rest: str  # the line after the marker


@dataclass(frozen=True)
class MarkerFamily:
    name: str
    pattern: re.Pattern[str]  # groups: numeral, rest
    read: Callable[[str], int | None]
    label: Callable[[int], str]  # the canonical printed form of a number

    def match(self, text: str) -> Marker | None:
        found = self.pattern.match(text)
        if found is None:
            return None
        numeral = found["numeral"]
        printed = text[: found.start("rest")]
        return Marker(self, numeral, self.read(numeral), printed, found["rest"])


SECTION = MarkerFamily("section", re.compile(rf"^(?P<numeral>[{CHINESE_DIGITS}]+)、(?P<rest>.*)$"),
                       parse_numeral, lambda n: f"{format_numeral(n)}、")
CLAUSE = MarkerFamily("clause", re.compile(rf"^（(?P<numeral>[{CHINESE_DIGITS}]+)）(?P<rest>.*)$"),
                      parse_numeral, lambda n: f"（{format_numeral(n)}）")
ITEM = MarkerFamily("item", re.compile(r"^(?P<numeral>[0-9]{1,3})[.．、](?P<rest>.*)$"),
                    _arabic, lambda n: f"{n}.")
PAREN_ITEM = MarkerFamily("paren-item", re.compile(r"^（(?P<numeral>[0-9]{1,3})）(?P<rest>.*)$"),
                          _arabic, lambda n: f"（{n}）")
CIRCLED_ITEM = MarkerFamily("circled-item", re.compile(rf"^(?P<numeral>[{CIRCLED}])(?P<rest>.*)$"),
                            _circled, lambda n: CIRCLED[n - 1])

ITEM_FAMILIES = (ITEM, PAREN_ITEM, CIRCLED_ITEM)
FAMILIES = (SECTION, CLAUSE, *ITEM_FAMILIES)


def marker_of(text: str, families: tuple[MarkerFamily, ...] = FAMILIES) -> Marker | None:
    """The first family's marker the line opens with, if any."""
    for family in families:
        found = family.match(text)
        if found is not None:
            return found
    return None
