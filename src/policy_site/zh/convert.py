"""Stage: scripts. The editions and the OpenCC conversions between them.

The official document is simplified, so the canonical text is OpenCC `t2s`
of the cleaned scrape. Every other edition is an OpenCC conversion of the
canonical text, with reviewed corrections from a file in the document's
folder, per text node keyed by id, so every edition has exactly the same
structure and ids. `EDITIONS` is the registry: adding an edition is a line
of data here (and its interface table, content/ui/<folder>.toml).

- 繁體·臺灣 (zh-Hant) is `s2tw`: the Taiwan standard forms (為, 群, 眾;
  OpenCC's own `s2t` writes 爲, 羣, 衆), with no vocabulary substitution
  (`s2twp` would change 信息 to 資訊, which is no longer the document's
  wording). Measured on the first document, s2tw differs from s2t in 爲/為 7,
  羣/群 19, 衆/眾 4 and 污/汙 4 places.
- 繁體·香港 (zh-Hant-HK) is `s2hk`: the forms of Hong Kong's 常用字字形表
  (羣, 衞, 污, 台, 户, 藴 where Taiwan writes 群, 衛, 汙, 臺, 戶, 蘊), also
  without vocabulary substitution. OpenCC's `t2s` does not know 衞, so the
  Hong Kong text reads back with `hk2s`.
- Both traditional editions write the corner quotation marks 「」『』 where
  the canonical text has “”‘’: zh/quotes.py, after OpenCC and the fixes.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import opencc

from policy_site.zh import quotes


@dataclass(frozen=True)
class ScriptEdition:
    """One edition of the site. `key` is its BCP 47 tag: the key of every
    per-edition mapping, the page's `lang` and its hreflang. `folder` is its
    URL segment (the citation contract: it never changes once published)."""
    key: str
    folder: str
    label: str  # what the switch shows, in the edition's own script
    script: str  # "simplified" or "traditional": quotation marks, the other script in search
    opencc: str = ""  # canonical (simplified) text -> this edition; "" for the canonical edition
    back: str = "t2s"  # this edition -> simplified: the audit's round trip
    corrections: str = ""  # reviewed corrections to the OpenCC output, a file in the document folder
    material_language: str = ""  # Material's translation (overrides/partials/languages/)
    # Browser languages (lower case, as prefixes) that prefer this edition on
    # the root chooser when the reader has not chosen one.
    prefers: tuple[str, ...] = ()

    @property
    def canonical(self) -> bool:
        return not self.opencc


SIMPLIFIED = "zh-Hans"
TRADITIONAL = "zh-Hant"
HONG_KONG = "zh-Hant-HK"
EDITIONS = (
    ScriptEdition(SIMPLIFIED, "zh-hans", "简体", "simplified", material_language="zh-Hans",
                  prefers=("zh",)),
    ScriptEdition(TRADITIONAL, "zh-hant", "繁體·臺灣", "traditional", opencc="s2tw",
                  corrections="traditional.toml", material_language="zh-Hant-TW",
                  prefers=("zh-tw", "zh-hant")),
    ScriptEdition(HONG_KONG, "zh-hant-hk", "繁體·香港", "traditional", opencc="s2hk", back="hk2s",
                  corrections="traditional-hk.toml", material_language="zh-Hant-HK",
                  prefers=("zh-hk", "zh-mo", "zh-hant-hk", "zh-hant-mo")),
)
BY_KEY = {e.key: e for e in EDITIONS}
SCRIPTS = tuple(e.key for e in EDITIONS)  # every edition's key, the canonical one first
CONVERTED = tuple(e for e in EDITIONS if not e.canonical)  # editions made by OpenCC
TO_SIMPLIFIED_CONFIG = "t2s"
TO_TRADITIONAL_CONFIG = BY_KEY[TRADITIONAL].opencc


def edition(key: str) -> ScriptEdition:
    return BY_KEY[key]


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter(TO_SIMPLIFIED_CONFIG).convert(text)


def to_traditional(text: str) -> str:
    return _converter(TO_TRADITIONAL_CONFIG).convert(text)


@lru_cache(maxsize=8192)  # the same titles, names and notes on every page and record of a build
def to_script(text: str, script: str) -> str:
    """Canonical (simplified) text in an edition's script, without the
    document's corrections: for editorial text (titles, tag names)."""
    edition = BY_KEY[script]
    converted = _converter(edition.opencc).convert(text) if edition.opencc else text
    return quotes.to_corner(converted) if edition.script == "traditional" else converted


ScriptLayer = dict[str, str]


def edition_layer(key: str, texts: Iterable[tuple[str, str]],
                  fixes: Iterable[tuple[str, str]] = ()) -> tuple[ScriptLayer, dict[str, int]]:
    """One converted edition's text of every node, keyed by the node's id, with
    its reviewed corrections (find, replace) applied; returns how often each applied."""
    fixes = tuple(fixes)
    applied = {find: 0 for find, _ in fixes}
    layer: ScriptLayer = {}
    corner = BY_KEY[key].script == "traditional"  # 「」『』 for “”‘’ (zh/quotes.py), after the fixes
    for node_id, text in texts:
        converted = _converter(BY_KEY[key].opencc).convert(text)
        for find, replace in fixes:
            applied[find] += converted.count(find)
            converted = converted.replace(find, replace)
        layer[node_id] = quotes.to_corner(converted) if corner else converted
    return layer, applied


def traditional_layer(texts: Iterable[tuple[str, str]],
                      fixes: Iterable[tuple[str, str]] = ()) -> tuple[ScriptLayer, dict[str, int]]:
    return edition_layer(TRADITIONAL, texts, fixes)


def back_to_simplified(text: str, key: str) -> str:
    """An edition's text read back: its quotation marks (zh/quotes.py) and its characters."""
    if BY_KEY[key].script == "traditional":
        text = quotes.to_mainland(text)
    return _converter(BY_KEY[key].back).convert(text)


def round_trip_mismatches(canonical: Iterable[tuple[str, str]], layer: ScriptLayer,
                          key: str = TRADITIONAL) -> list[tuple[str, str, str]]:
    """Nodes whose text in edition `key`, converted back to simplified (the
    edition's `back` config), is not their canonical text: (id, canonical,
    converted back). A node missing from the layer reads back as empty."""
    mismatches = []
    for node_id, text in canonical:
        back = back_to_simplified(layer.get(node_id, ""), key)
        if back != text:
            mismatches.append((node_id, text, back))
    return mismatches
