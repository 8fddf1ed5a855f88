"""Quotation marks of the traditional editions: a declared conversion rule.

The canonical (mainland, simplified) text writes “…” and, inside it, ‘…’.
Readers in Taiwan and Hong Kong write 「…」 and, inside it, 『…』 (the
Ministry of Education's 重訂標點符號手冊 and Hong Kong's schools alike).
OpenCC converts characters, not punctuation, so this module does it:

    “ → 「   ” → 」   ‘ → 『   ’ → 』

one mark for one mark, so the text keeps its length and every sentence its
id, and the rule reads back exactly (`to_mainland`, the audit's round trip).
The marks map by kind, not by depth: a text that is nested correctly (‘’
only inside “”) comes out nested correctly (『』 only inside 「」), and
`unpaired` finds the texts that are not: a mark without its partner, a
closing mark of the other kind, or a “ inside a “. Such a text is an error
for its source's file and line, never a guess at what was meant.
"""
from __future__ import annotations

from dataclasses import dataclass

TO_CORNER = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})
TO_MAINLAND = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})
# Opening mark -> its closing mark, outer kind first.
PAIRS = {"“": "”", "‘": "’"}
CLOSING = {close: open_ for open_, close in PAIRS.items()}
MAINLAND_MARKS = "“”‘’"


def to_corner(text: str) -> str:
    """The traditional editions' marks: “”‘’ → 「」『』, one for one."""
    return text.translate(TO_CORNER)


def to_mainland(text: str) -> str:
    """The rule read back (「」『』 → “”‘’): the audit's round trip."""
    return text.translate(TO_MAINLAND)


def count(text: str) -> int:
    """How many marks the rule changes in `text`."""
    return sum(text.count(mark) for mark in MAINLAND_MARKS)


@dataclass(frozen=True)
class QuoteProblem:
    offset: int  # index of the mark in the text
    found: str
    expected: str


def unpaired(text: str) -> list[QuoteProblem]:
    """Where the marks of `text` do not pair and nest: each opening mark
    closed by its own kind, ‘’ only inside “”, no “ inside a “, nothing left
    open at the end. Empty when the rule's output nests correctly."""
    problems: list[QuoteProblem] = []
    open_marks: list[tuple[int, str]] = []
    for offset, mark in enumerate(text):
        if mark in PAIRS:
            if mark == "“" and any(m == "“" for _, m in open_marks):
                problems.append(QuoteProblem(offset, f"“ inside another “ (opened at {open_marks[-1][0]})",
                                             "‘ for a quotation inside a quotation, or ” to close the first"))
            open_marks.append((offset, mark))
        elif mark in CLOSING:
            if not open_marks:
                problems.append(QuoteProblem(offset, f"{mark} with no opening {CLOSING[mark]}",
                                             f"{CLOSING[mark]} before it, or no {mark}"))
            elif open_marks[-1][1] != CLOSING[mark]:
                start, opened = open_marks.pop()
                problems.append(QuoteProblem(offset, f"{mark} closing the {opened} opened at {start}",
                                             f"{PAIRS[opened]} to close {opened}"))
            else:
                open_marks.pop()
    for offset, mark in open_marks:
        problems.append(QuoteProblem(offset, f"{mark} never closed", f"{PAIRS[mark]} after it"))
    return problems


def check_texts(texts, sources, diagnostics, what: str = "text") -> int:
    """Every canonical text the traditional editions convert: its marks pair
    and nest (`unpaired`), else an error at its source's file:line (`sources`:
    node id -> anything with .file and .line). Returns the marks the rule changes."""
    changed = 0
    for node_id, text in texts:
        changed += count(text)
        source = sources.get(node_id)
        for problem in unpaired(text):
            near = text[max(problem.offset - 8, 0): problem.offset + 9]
            diagnostics.error(source.file if source else what, source.line if source else 0,
                              f"quotation mark in {node_id} at “…{near}…”: {problem.found}",
                              problem.expected + " (the traditional editions' 「」『』 must nest: zh/quotes.py)",
                              "correct the mark in the source, or declare a repair")
    return changed
