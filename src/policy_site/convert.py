"""Stage: scripts. OpenCC conversions between simplified and traditional.

The official document is simplified, so the canonical text is OpenCC `t2s`
of the cleaned scrape. The traditional text is OpenCC `s2tw` of the canonical
text: traditional characters in the Taiwan standard forms that readers in Taiwan
and Hong Kong both use (為, 群, 眾; OpenCC's own `s2t` forms 爲, 羣, 衆 are
unfamiliar to both), with no vocabulary substitution (`s2twp` would change 信息
to 資訊, which is no longer the document's wording). Measured on this document,
s2tw differs from s2t in 爲/為 7, 羣/群 19, 衆/眾 4 and 污/汙 4 places. Conversion is per text node, keyed by id,
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
TO_TRADITIONAL_CONFIG = "s2tw"


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


def round_trip_mismatches(canonical: Iterable[tuple[str, str]],
                          traditional: ScriptLayer) -> list[tuple[str, str, str]]:
    """Nodes whose traditional text, converted back with OpenCC t2s, is not
    their canonical (simplified) text: (id, canonical, converted back). A node
    missing from the traditional layer reads back as empty."""
    mismatches = []
    for node_id, text in canonical:
        back = to_simplified(traditional.get(node_id, ""))
        if back != text:
            mismatches.append((node_id, text, back))
    return mismatches
