"""Layer: interpretations (解读). A document that interprets another of the
library (`[[relation]] kind = "interprets"`) has its paragraphs aligned to
the clauses they explain, and both documents show it: each clause page of
the interpreted document lists the paragraphs that explain it, each such
paragraph of the interpretation links the clause.

A paragraph explains a clause when an editor says so (document.toml
`[[interpretation]] paragraph = "s2-p1" clauses = [8]`), or else when it
shares enough of the clause's wording: the share of the paragraph's
four-character runs (punctuation and spaces aside) found in the clause, at
least MIN_SHARE, and within NEAR of the best clause's share (a paragraph on
two clauses explains both). An interpretation restates the clause it
explains in its own words around the clause's own phrases (……《意见》提出，
要“系统推进好房子建设”……), so a run of four characters is long enough to be
a phrase and short enough to survive the paraphrase. Paragraphs shorter than
MIN_PARAGRAPH characters (a question, a heading) explain nothing by wording.

Like references.py, the library computes the layer for every document
before any is built: it is part of each document's inputs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

SHINGLE = 4
MIN_SHARE = 0.25
NEAR = 0.8
MIN_PARAGRAPH = 30
_NOT_TEXT = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class ClauseText:
    """A clause as the matcher and the links need it."""
    id: str  # c8
    number: int
    label: str  # （八）, or 三（一）
    text: str  # canonical, the whole clause
    title_id: str  # its title sentence's id


@dataclass(frozen=True)
class ParagraphText:
    id: str
    text: str  # canonical
    sentences: tuple[str, ...]  # its sentence ids, for its text in each script


@dataclass(frozen=True)
class Explained:
    """In the interpreted document: a paragraph of an interpretation that
    explains one of its clauses."""
    clause: int
    slug: str  # the interpreting document
    title: dict[str, str]  # script -> its title
    paragraph: str  # the paragraph's id there
    page: str  # the page that shows the paragraph, below that document's root (urls.node_page)
    text: dict[str, str]  # script -> the paragraph
    declared: bool


@dataclass(frozen=True)
class Explains:
    """In the interpretation: a clause of the interpreted document that one
    of its paragraphs explains."""
    paragraph: str
    slug: str  # the interpreted document
    clause: int
    label: str
    title: dict[str, str]  # script -> the clause's title sentence
    declared: bool


def _runs(text: str) -> set[str]:
    plain = _NOT_TEXT.sub("", text)
    return {plain[i:i + SHINGLE] for i in range(len(plain) - SHINGLE + 1)}


def align(paragraphs: Iterable[ParagraphText], clauses: list[ClauseText],
          declared: dict[str, tuple[int, ...]] | None = None) -> dict[str, tuple[tuple[int, bool], ...]]:
    """paragraph id -> the clause numbers it explains, each with whether it
    was declared; paragraphs that explain none are left out."""
    declared = declared or {}
    clause_runs = [(c.number, _runs(c.text)) for c in clauses]
    out: dict[str, tuple[tuple[int, bool], ...]] = {}
    for paragraph in paragraphs:
        if paragraph.id in declared:
            out[paragraph.id] = tuple((n, True) for n in declared[paragraph.id])
            continue
        if len(_NOT_TEXT.sub("", paragraph.text)) < MIN_PARAGRAPH:
            continue
        runs = _runs(paragraph.text)
        shares = [(len(runs & theirs) / len(runs), number) for number, theirs in clause_runs]
        best = max((share for share, _ in shares), default=0.0)
        if best >= MIN_SHARE:
            out[paragraph.id] = tuple((n, False) for share, n in shares if share >= max(MIN_SHARE, best * NEAR))
    return out


def interpretation_layers(interpreting: str, interpreting_title: dict[str, str],
                          paragraphs: list[ParagraphText], interpreted: str, clauses: list[ClauseText],
                          clause_title: Callable[[str, int], str], paragraph_text: Callable[[str, ParagraphText], str],
                          page_of: Callable[[str], str], scripts: tuple[str, ...],
                          declared: dict[str, tuple[int, ...]] | None = None
                          ) -> tuple[tuple[Explains, ...], tuple[Explained, ...]]:
    """Both sides of one interpretation: what the interpreting document's
    paragraphs explain, and what the interpreted document's clauses are
    explained by. `clause_title(script, number)`, `paragraph_text(script,
    paragraph)`: texts in each script; `page_of`: urls.node_page."""
    by_number = {c.number: c for c in clauses}
    explains, explained = [], []
    for paragraph_id, numbers in align(paragraphs, clauses, declared).items():
        paragraph = next(p for p in paragraphs if p.id == paragraph_id)
        for number, was_declared in numbers:
            clause = by_number.get(number)
            if clause is None:
                continue
            explains.append(Explains(paragraph_id, interpreted, number, clause.label,
                                     {s: clause_title(s, number) for s in scripts}, was_declared))
            explained.append(Explained(number, interpreting, dict(interpreting_title), paragraph_id,
                                       page_of(paragraph_id), {s: paragraph_text(s, paragraph) for s in scripts},
                                       was_declared))
    return tuple(explains), tuple(explained)
