"""Alignment of summary bullets to source sentences, with constructed cases
for each kind of mismatch beyond the seed."""
import pytest

from policy_site.core.diagnostics import Diagnostics
from policy_site.document.align import align_bullet, align_summary, candidates, coverage, prepare
from policy_site.document.model import SourceRef
from policy_site.document.pipeline import load_edition
from policy_site.document.summary import Bullet
from policy_site.site.publish import summary_layers
from policy_site.testing import VALID, write_document
from tests.helpers import check_golden

DOC = VALID.replace("（一）第一条标题。第一条正文。",
                    "（一）推进城市更新行动。加快改造老旧小区和城中村，完善配套设施。建立长效管理机制。")
DOC = DOC.replace("（三）第三条标题。正文。", "（三）加强城市安全。严格落实安全生产责任制，坚持党政同责，督促企业落实主体责任。科学制定巨灾应急预案。")


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    folder = write_document(tmp_path_factory.mktemp("d") / "doc", DOC)
    edition = load_edition(folder, Diagnostics())
    return edition.document, prepare(candidates(edition.document))


def _bullet(text):
    return Bullet("b1", text, "g1", SourceRef("s.txt", 1))


@pytest.mark.parametrize("text, kind, ids", [
    ("加快改造老旧小区和城中村，完善配套设施。", "verbatim", ("c1-s2",)),
    ("加快改造老旧小区和城中村，完善配套设施", "verbatim", ("c1-s2",)),              # final 。 missing
    ("加快改造老旧小区和城中村完善配套设施。", "shortened", ("c1-s2",)),             # punctuation dropped
    ("严格落实安全生产责任制，督促企业落实主体责任。", "shortened", ("c3-s2",)),        # words dropped mid-sentence
    ("完善配套设施，建立长效管理机制。", "joined", ("c1-s2", "c1-s3")),               # two sentences joined
    ("科学制定巨灾应急预案。", "verbatim", ("c3-s3",)),
])
def test_kinds(pool, text, kind, ids):
    document, candidates_ = pool
    link = align_bullet(_bullet(text), candidates_)
    assert (link.kind, link.sentence_ids) == (kind, ids)
    assert link.score == 1.0


def test_multi_sentence_bullet_links_each_sentence(pool):
    _, candidates_ = pool
    link = align_bullet(_bullet("推进城市更新行动。建立长效管理机制。科学制定巨灾应急预案。"), candidates_)
    assert link.sentence_ids == ("c1-s1", "c1-s3", "c3-s3") and link.kind == "verbatim"
    assert link.owner == "c1"


def test_text_not_in_the_document_scores_low(pool):
    _, candidates_ = pool
    link = align_bullet(_bullet("大力发展低空经济和冰雪旅游。"), candidates_)
    assert link.score < 0.85


def test_weak_bullet_fails_the_build_unless_declared(tmp_path):
    summary = "标题行\n时间:2025-08-28 20:50:00\n导语。\n\n第一组\n  • 加快改造老旧小区和城中村，完善配套设施。\n  • 大力发展低空经济和冰雪旅游。\n"
    folder = write_document(tmp_path / "doc", DOC, summary=summary)
    diagnostics = Diagnostics()
    edition = load_edition(folder, diagnostics)
    summary_layers(edition, diagnostics)
    assert any("sources/summary.txt:7:" in str(d) and "b2" in str(d) for d in diagnostics.errors)
    (folder / "summary.toml").write_text('[[unaligned]]\nbullet = "b2"\nreason = "摘编自其他文件"\n', encoding="utf-8")
    diagnostics = Diagnostics()
    summary_layers(edition, diagnostics)
    assert not diagnostics.errors


def test_seed_alignment(edition, update_golden):
    """All 44 bullets, sentence by sentence: reviewed by reading the golden file."""
    links = align_summary(edition.summary, edition.document)
    assert len(links) == 44
    assert all(l.score >= 0.98 for l in links.values())
    lines = []
    for bullet in edition.summary.bullets:
        link = links[bullet.id]
        lines.append(f"{bullet.id} {link.kind:<9} {link.score:.3f} {' '.join(link.sentence_ids)}")
        lines += [f"    {s.kind:<9} {' '.join(s.sentence_ids):<20} {s.text}" for s in link.sentences]
    check_golden("urban-development-2025/alignment.txt", "\n".join(lines) + "\n", update_golden)
    cover = coverage(edition.document, links)
    assert cover.unmentioned_clauses == (9, 21)
    # The repaired spans are quoted by the summary and align verbatim.
    assert links["b35"].sentences[1].sentence_ids == ("c15-s3",)
    assert "c17-s6" in links["b37"].sentence_ids
