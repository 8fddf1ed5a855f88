"""The editions of the site: one frozen `ScriptEdition` per script and
region, the registry every per-edition mapping is keyed by. Adding an edition
is a line of data here (and its interface table, content/ui/<folder>.toml);
its folder is part of the citation contract (urls.py) and never changes."""
from __future__ import annotations

from dataclasses import dataclass


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
    # Characters this edition writes that `back` reads as another simplified
    # character than the canonical one: accepted where the canonical text has it.
    read_back: tuple["ReadBackRule", ...] = ()
    material_language: str = ""  # Material's translation (overrides/partials/languages/)
    # Browser languages (lower case, as prefixes) that prefer this edition on
    # the root chooser when the reader has not chosen one.
    prefers: tuple[str, ...] = ()

    @property
    def canonical(self) -> bool:
        return not self.opencc


@dataclass(frozen=True)
class ReadBackRule:
    """One character an edition writes for a canonical character (`edition`
    for `canonical`) that its `back` config reads as `back`, not as the
    canonical character: the round trip accepts `back` where the canonical
    text has `canonical` at the same position and the edition `edition`."""
    name: str  # the rule's name in the audit's vocabulary
    canonical: str
    edition: str
    back: str
    reason: str


ZHE = ReadBackRule(
    "着/著", canonical="着", edition="著", back="著",
    reason="台湾的标准字形以“著”写“着”（著力、著眼、隨著、意味著，OpenCC s2tw）；OpenCC t2s 把“著”读回为“著”，"
           "故只在简体文本同一位置为“着”处接受“著”")

SIMPLIFIED = "zh-Hans"
TRADITIONAL = "zh-Hant"
HONG_KONG = "zh-Hant-HK"
EDITIONS = (
    # Its corrections: to the simplified text of a traditional source (t2s and the 着/著 rule).
    ScriptEdition(SIMPLIFIED, "zh-hans", "简体", "simplified", corrections="simplified.toml",
                  material_language="zh-Hans", prefers=("zh",)),
    ScriptEdition(TRADITIONAL, "zh-hant", "繁體·臺灣", "traditional", opencc="s2tw",
                  corrections="traditional.toml", read_back=(ZHE,), material_language="zh-Hant-TW",
                  prefers=("zh-tw", "zh-hant")),
    ScriptEdition(HONG_KONG, "zh-hant-hk", "繁體·香港", "traditional", opencc="s2hk", back="hk2s",
                  corrections="traditional-hk.toml", material_language="zh-Hant-HK",
                  prefers=("zh-hk", "zh-mo", "zh-hant-hk", "zh-hant-mo")),
)
BY_KEY = {e.key: e for e in EDITIONS}
SCRIPTS = tuple(e.key for e in EDITIONS)  # every edition's key, the canonical one first
CONVERTED = tuple(e for e in EDITIONS if not e.canonical)  # editions made by OpenCC


def edition(key: str) -> ScriptEdition:
    return BY_KEY[key]


def read_back_rule(key: str, name: str) -> ReadBackRule:
    return next(r for r in BY_KEY[key].read_back if r.name == name)
