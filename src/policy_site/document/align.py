"""Stage: align. Each summary bullet, sentence by sentence, to the sentence(s)
of the full text it comes from. Computed, not hand-listed.

A bullet sentence is compared, with punctuation removed, against every
sentence of the document and every run of two consecutive sentences of the
same clause or section. The score is the share of the bullet's characters
found in order in the candidate (1.0 when words were only dropped); ties go
to the tighter candidate. The kinds:

- `verbatim`: the same text (a missing final 。 aside);
- `shortened`: characters dropped, including punctuation;
- `joined`: the bullet sentence spans two source sentences.

A bullet's kind is `joined` if any of its sentences is, else `shortened` if
any is, else `verbatim`.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from policy_site.document.model import TERMINAL, Document, Sentence
from policy_site.document.parse import split_sentences
from policy_site.document.summary import Bullet, Summary

_PUNCTUATION = re.compile(r"[\s，。、；：！？“”‘’「」『』（）《》〈〉…—,.;:!?()\"'·]")
WEAK_SCORE = 0.98  # below: reported as weak
FAIL_SCORE = 0.85  # below: the build fails unless content/ declares the bullet


def normalise(text: str) -> str:
    return _PUNCTUATION.sub("", text)


@dataclass(frozen=True)
class Candidate:
    owner: str  # clause id (c8) or section id (s1)
    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.sentences)


@dataclass(frozen=True)
class SentenceLink:
    text: str  # the bullet sentence
    owner: str
    sentence_ids: tuple[str, ...]
    kind: str
    score: float


@dataclass(frozen=True)
class BulletLink:
    bullet_id: str
    owner: str  # the clause (c8) or section (s1) of its first sentence
    kind: str
    score: float
    sentences: tuple[SentenceLink, ...]

    @property
    def sentence_ids(self) -> tuple[str, ...]:
        return tuple(i for s in self.sentences for i in s.sentence_ids)

    @property
    def first_sentence_id(self) -> str:
        return self.sentences[0].sentence_ids[0]


def candidates(document: Document) -> list[Candidate]:
    groups: list[tuple[str, tuple[Sentence, ...]]] = []
    for section in document.sections:
        own = tuple(s for p in section.paragraphs for s in p.sentences)
        if own:
            groups.append((section.id, own))
        for clause in section.clauses:
            groups.append((clause.id, clause.sentences))
    out: list[Candidate] = []
    for owner, sentences in groups:
        out += [Candidate(owner, (s,)) for s in sentences]
        out += [Candidate(owner, pair) for pair in zip(sentences, sentences[1:])]
    return out


def _matched(needle: str, haystack: str) -> int:
    if needle in haystack:
        return len(needle)
    matcher = SequenceMatcher(None, needle, haystack, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


@dataclass(frozen=True)
class PreparedCandidate:
    """A candidate with what every bullet sentence compares against, computed once."""
    index: int  # document order: the tie-break
    candidate: Candidate
    text: str  # normalised
    chars: frozenset[str]
    counts: Counter[str]


def prepare(pool: list[Candidate]) -> list[PreparedCandidate]:
    out = []
    for index, candidate in enumerate(pool):
        text = normalise(candidate.text)
        out.append(PreparedCandidate(index, candidate, text, frozenset(text), Counter(text)))
    return out


def align_sentence(text: str, pool: list[PreparedCandidate]) -> SentenceLink:
    """The best candidate by (share of the bullet's characters matched in
    order, share of the candidate's, fewer sentences, earlier in the
    document). Candidates are tried by an upper bound of that key (the
    characters both hold, order aside), so the quadratic matcher runs only
    where it could win; the result is the same as trying every candidate."""
    needle = normalise(text)
    if not needle:
        return SentenceLink(text, "", (), "unaligned", 0.0)
    n = len(needle)
    # A candidate holding the sentence whole matches all of it: then only a
    # shorter candidate (or an equal one earlier) could still win.
    whole = [item for item in pool if needle in item.text]
    if whole:
        shortest = min(len(item.text) for item in whole)
        pool = [item for item in pool if n <= len(item.text) <= shortest]
    chars = set(needle)
    counts = Counter(needle)
    bounded = []
    for item in pool:
        # Too few of the bullet's characters to be its source.
        if len(chars & item.chars) < 0.6 * len(chars):
            continue
        bound = sum((counts & item.counts).values())
        bounded.append(((bound / n, bound / max(len(item.text), 1),
                         -len(item.candidate.sentences), -item.index), item))
    bounded.sort(key=lambda pair: pair[0], reverse=True)
    best: tuple[float, float, int, int] | None = None
    best_candidate: Candidate | None = None
    for bound_key, item in bounded:
        if best is not None and bound_key <= best:
            break
        matched = _matched(needle, item.text)
        key = (matched / n, matched / max(len(item.text), 1), -len(item.candidate.sentences), -item.index)
        if best is None or key > best:
            best, best_candidate = key, item.candidate
    if best_candidate is None or best is None:
        return SentenceLink(text, "", (), "unaligned", 0.0)
    score = best[0]
    source = best_candidate.text
    if len(best_candidate.sentences) > 1:
        kind = "joined"
    elif text.rstrip(TERMINAL) == source.rstrip(TERMINAL):
        kind = "verbatim"
    else:
        kind = "shortened"
    return SentenceLink(text, best_candidate.owner, tuple(s.id for s in best_candidate.sentences), kind,
                        round(score, 3))


def align_bullet(bullet: Bullet, pool: list[PreparedCandidate]) -> BulletLink:
    links = tuple(align_sentence(s, pool) for s in split_sentences(bullet.text))
    kinds = {l.kind for l in links}
    kind = next((k for k in ("unaligned", "joined", "shortened") if k in kinds), "verbatim")
    return BulletLink(bullet.id, links[0].owner, kind, min(l.score for l in links), links)


# Alignments by everything they depend on (each bullet's id and text, each
# candidate's owner, sentence ids and text, in order): a rebuild of an
# unchanged summary (the live preview) reuses its alignment.
_ALIGNED: dict[tuple, dict[str, BulletLink]] = {}


def align_summary(summary: Summary, document: Document) -> dict[str, BulletLink]:
    pool = candidates(document)
    key = (tuple((b.id, b.text) for b in summary.bullets),
           tuple((c.owner, tuple((s.id, s.text) for s in c.sentences)) for c in pool))
    if key not in _ALIGNED:
        if len(_ALIGNED) >= 64:
            _ALIGNED.clear()
        prepared = prepare(pool)
        _ALIGNED[key] = {b.id: align_bullet(b, prepared) for b in summary.bullets}
    return dict(_ALIGNED[key])


@dataclass(frozen=True)
class Coverage:
    unmentioned_clauses: tuple[int, ...]
    unmentioned_sections: tuple[int, ...]
    weak: tuple[BulletLink, ...]


def coverage(document: Document, links: dict[str, BulletLink]) -> Coverage:
    owners = {s.owner for link in links.values() for s in link.sentences}
    clauses = tuple(c.number for c in document.clauses if c.id not in owners)
    sections = tuple(s.number for s in document.sections
                     if s.id not in owners and not any(c.id in owners for c in s.clauses))
    weak = tuple(l for l in links.values() if l.score < WEAK_SCORE)
    return Coverage(clauses, sections, weak)
