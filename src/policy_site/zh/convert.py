"""The OpenCC conversions between the editions (zh/editions.py) and their rules.

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
  羣/群 19, 衆/眾 4 and 污/汙 4 places. s2tw writes 著 for 着 (著力, 隨著,
  意味著: Taiwan's standard form), which `t2s` reads back as 著: the round
  trip accepts that one difference by the declared rule `ZHE`, at the places
  where the canonical text has 着, never elsewhere.
- 繁體·香港 (zh-Hant-HK) is `s2hk`: the forms of Hong Kong's 常用字字形表
  (羣, 衞, 污, 台, 户, 藴 where Taiwan writes 群, 衛, 汙, 臺, 戶, 蘊), also
  without vocabulary substitution. OpenCC's `t2s` does not know 衞, so the
  Hong Kong text reads back with `hk2s`. s2hk keeps 着 (着力, 隨着: OpenCC
  1.4's Hong Kong form), so `hk2s` reads it back as it is.

A traditional source comes to simplified by `t2s`, which leaves 著 as 著
(随著 where the official text has 随着). OpenCC's `tw2s` knows, by its
phrase table of Taiwan variants (TWVariantsRevPhrases), which 著 are 着
(隨著, 著力, 意味著) and which stay 著 (顯著, 著名, 著作); it changes
characters only (`tw2sp` would also change vocabulary, 資訊 to 信息). Its
other character changes are not taken (么→幺, 痺→痹, 簷→檐 …, a different
question than the document's 着): only where `t2s` writes 著 and `tw2s` 着
is 着 written (`traditional_to_simplified`). `tw2s` also reads 著 as 着 in
a few words where it stays 著 (土著, 卓著, 編著, 原著, 論著, 專著, 彰著,
較著: measured); a document corrects them in its `simplified.toml`.
- Both traditional editions write the corner quotation marks 「」『』 where
  the canonical text has “”‘’: zh/quotes.py, after OpenCC and the fixes.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import opencc

from policy_site.zh import quotes
from policy_site.zh.editions import BY_KEY, TRADITIONAL, ZHE

TO_SIMPLIFIED_CONFIG = "t2s"
# Consulted for 著 only: which 著 of a traditional source are 着 (module docstring).
ZHE_CONFIG = "tw2s"
TO_TRADITIONAL_CONFIG = BY_KEY[TRADITIONAL].opencc


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter(TO_SIMPLIFIED_CONFIG).convert(text)


def zhe_positions(text: str, simplified: str) -> tuple[int, ...]:
    """Positions where `simplified` (t2s of the traditional `text`) has 著 and
    OpenCC's tw2s reads 着: the 着 a traditional source writes as 著. None
    when tw2s does not convert one for one (then nothing is changed)."""
    if ZHE.edition not in simplified:
        return ()
    taiwan = _converter(ZHE_CONFIG).convert(text)
    if len(taiwan) != len(simplified) or len(text) != len(simplified):
        return ()
    return tuple(i for i, (ours, theirs) in enumerate(zip(simplified, taiwan))
                 if ours == ZHE.edition and theirs == ZHE.canonical and text[i] == ZHE.edition)


def traditional_to_simplified(text: str) -> str:
    """A traditional source line in simplified script: t2s, with 着 where
    tw2s's phrase table reads a 著 as 着 (隨著 → 随着; 顯著 stays 显著)."""
    simplified = to_simplified(text)
    at = zhe_positions(text, simplified)
    if not at:
        return simplified
    chars = list(simplified)
    for i in at:
        chars[i] = ZHE.canonical
    return "".join(chars)


def to_standard_traditional(text: str) -> str:
    """OpenCC's own standard forms (s2t: 爲, 羣, 着): how a scrape converted by
    OpenCC's default writes the text."""
    return _converter("s2t").convert(text)


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


def read_back_accepted(canonical: str, text: str, back: str, key: str) -> dict[str, int] | None:
    """How often each of edition `key`'s read-back rules explains a difference
    between its `text` read back (`back`) and the `canonical` text; None when
    a difference is explained by none (or the lengths differ), {} when there is
    no difference. Position by position: 著 read back is accepted only where
    the canonical text has 着 and the edition text 著."""
    if back == canonical:
        return {}
    if not (len(back) == len(canonical) == len(text)):
        return None
    rules = BY_KEY[key].read_back
    used: dict[str, int] = {}
    for ours, theirs, written in zip(canonical, back, text):
        if ours == theirs:
            continue
        rule = next((r for r in rules if (r.canonical, r.back, r.edition) == (ours, theirs, written)), None)
        if rule is None:
            return None
        used[rule.name] = used.get(rule.name, 0) + 1
    return used


def round_trip_mismatches(canonical: Iterable[tuple[str, str]], layer: ScriptLayer, key: str = TRADITIONAL,
                          accepted: dict[str, int] | None = None) -> list[tuple[str, str, str]]:
    """Nodes whose text in edition `key`, converted back to simplified (the
    edition's `back` config), is not their canonical text and no read-back
    rule explains the difference: (id, canonical, converted back). A node
    missing from the layer reads back as empty. `accepted`, if given, adds up
    how often each rule explained a difference."""
    mismatches = []
    for node_id, text in canonical:
        written = layer.get(node_id, "")
        back = back_to_simplified(written, key)
        used = read_back_accepted(text, written, back, key)
        if used is None:
            mismatches.append((node_id, text, back))
        elif accepted is not None:
            for name, n in used.items():
                accepted[name] = accepted.get(name, 0) + n
    return mismatches
