"""Stage: scripts. OpenCC conversions between simplified and traditional.

The official document is simplified, so the canonical text is OpenCC `t2s`
of the cleaned scrape. The traditional text is OpenCC `s2t` of the canonical
text: OpenCC's standard traditional characters (關於, 發展, 裏), with no
regional vocabulary substitution (s2twp would change 信息 to 資訊, which is no
longer the document's wording). Conversion is per text node, keyed by id,
so both scripts have exactly the same structure and ids.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import opencc

SIMPLIFIED = "zh-Hans"
TRADITIONAL = "zh-Hant"
SCRIPTS = (SIMPLIFIED, TRADITIONAL)
TO_SIMPLIFIED_CONFIG = "t2s"
TO_TRADITIONAL_CONFIG = "s2t"


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter(TO_SIMPLIFIED_CONFIG).convert(text)


def to_traditional(text: str) -> str:
    return _converter(TO_TRADITIONAL_CONFIG).convert(text)


def to_script(text: str, script: str) -> str:
    return text if script == SIMPLIFIED else to_traditional(text)


ScriptLayer = dict[str, str]


def traditional_layer(texts: Iterable[tuple[str, str]],
                      fixes: Iterable[tuple[str, str]] = ()) -> tuple[ScriptLayer, dict[str, int]]:
    """Traditional text of every node, keyed by the node's id, with the
    reviewed corrections (find, replace) applied; returns how often each applied."""
    fixes = tuple(fixes)
    applied = {find: 0 for find, _ in fixes}
    layer: ScriptLayer = {}
    for node_id, text in texts:
        converted = to_traditional(text)
        for find, replace in fixes:
            applied[find] += converted.count(find)
            converted = converted.replace(find, replace)
        layer[node_id] = converted
    return layer, applied
