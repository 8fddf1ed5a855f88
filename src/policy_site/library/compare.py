"""Two documents compared sentence by sentence: for every declared
`replaces` or `amends` pair of the library, from the two documents'
document.json (what each build exported, never their internals).

Sentences are compared in the canonical (simplified) text every
document.json carries, so a document from a traditional source compares by
its simplified text and a traditional copy of the same text compares as the
same; each character is folded for width and case (`fold`: NFKC, lower
case, one character for one). The same rules run in the browser for two
documents a reader picks (assets/compare.js, held to this module by a
parity test). The older and the newer
document's sentences are aligned in order (difflib's longest matching
blocks: equal sentences are `same`); inside a run that differs, a newer
sentence is paired with the most similar older one after the last pair
(`changed` at a similarity of at least SIMILAR, the characters that differ
marked in both), the rest are `added` or `removed`. Work is bounded: a run of
more than MAX_RUN sentences on either side is not paired, only listed.

Each pair keeps both sentences' permanent ids; the page groups them under
the newer document's structure (its clauses) and links each to its anchor
in both documents."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import Enum

CANONICAL = "zh-Hans"  # the text every document.json carries and comparisons read


def fold(text: str) -> str:
    """Width and case folded, one character for one (a character whose NFKC
    form is longer stays as it is, so marks keep their offsets)."""
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch).lower()
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)

SIMILAR = 0.5  # below this ratio two sentences are one removed and one added
MAX_RUN = 400  # sentences on a side of a differing run that are paired (pairing costs their product)


class State(str, Enum):
    SAME = "same"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class SentencePair:
    state: State
    older: str  # sentence id in the older document, "" for added
    newer: str  # in the newer, "" for removed
    older_marks: tuple[tuple[int, int], ...] = ()  # [start, end) of changed characters, in the older text
    newer_marks: tuple[tuple[int, int], ...] = ()

    def as_json(self) -> dict:
        data: dict = {"state": self.state.value, "older": self.older, "newer": self.newer}
        if self.state is State.CHANGED:
            data["older_marks"] = [list(m) for m in self.older_marks]
            data["newer_marks"] = [list(m) for m in self.newer_marks]
        return data


def sentences(document: dict, script: str = CANONICAL) -> list[tuple[str, str]]:
    """(id, text in `script`) of every sentence of a document.json, in reading order."""
    key = script
    out = [(s["id"], s[key]) for p in document["preamble"] for s in p["sentences"]]
    clauses = {c["number"]: c for c in document["clauses"]}
    for section in document["sections"]:
        out += [(s["id"], s[key]) for p in section["paragraphs"] for s in p["sentences"]]
        for number in section["clauses"]:
            out += [(s["id"], s[key]) for s in clauses[number]["sentences"]]
    return out


def _marks(opcodes, side: int) -> tuple[tuple[int, int], ...]:
    spans = [(op[1], op[2]) if side == 0 else (op[3], op[4]) for op in opcodes if op[0] != "equal"]
    return tuple((start, end) for start, end in spans if end > start)


def _pair_run(older: list[tuple[str, str]], newer: list[tuple[str, str]]) -> list[SentencePair]:
    """A differing run: each newer sentence with the most similar older one
    after the last pair, in order; the rest added or removed."""
    if len(older) > MAX_RUN or len(newer) > MAX_RUN:
        return [SentencePair(State.REMOVED, i, "") for i, _ in older] + \
            [SentencePair(State.ADDED, "", i) for i, _ in newer]
    out: list[SentencePair] = []
    next_older = 0
    for new_id, new_text in newer:
        best, best_ratio = -1, SIMILAR
        for index in range(next_older, len(older)):
            matcher = SequenceMatcher(None, fold(older[index][1]), fold(new_text), autojunk=False)
            if matcher.real_quick_ratio() >= best_ratio and matcher.ratio() >= best_ratio:
                best, best_ratio = index, matcher.ratio()
        if best < 0:
            out.append(SentencePair(State.ADDED, "", new_id))
            continue
        out += [SentencePair(State.REMOVED, i, "") for i, _ in older[next_older:best]]
        opcodes = SequenceMatcher(None, fold(older[best][1]), fold(new_text), autojunk=False).get_opcodes()
        out.append(SentencePair(State.CHANGED, older[best][0], new_id, _marks(opcodes, 0), _marks(opcodes, 1)))
        next_older = best + 1
    out += [SentencePair(State.REMOVED, i, "") for i, _ in older[next_older:]]
    return out


def compare(older: list[tuple[str, str]], newer: list[tuple[str, str]]) -> list[SentencePair]:
    """Every sentence of both documents, once, in the newer document's order
    (a removed sentence where it stood relative to its neighbours)."""
    matcher = SequenceMatcher(None, [fold(t) for _, t in older], [fold(t) for _, t in newer], autojunk=False)
    out: list[SentencePair] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [SentencePair(State.SAME, older[i][0], newer[j][0]) for i, j in zip(range(i1, i2), range(j1, j2))]
        else:
            out += _pair_run(older[i1:i2], newer[j1:j2])
    return out


def declared_pairs(changes: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """(older, newer) for every library document that replaces or amends
    another (`changes`: newer slug -> the slugs it replaces or amends)."""
    return sorted((older, newer) for newer, olders in changes.items() for older in olders)
