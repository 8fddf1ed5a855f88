from policy_site.core.diagnostics import Diagnostics
from policy_site.document.pipeline import load_edition
from policy_site.document.tag import tag_document
from policy_site.testing import VALID, write_document
from tests.conftest import DOC as FIRST_DOC
from tests.conftest import DOCUMENT

DOC = VALID.replace("第一条正文。", "推进老旧小区改造和住房保障。").replace("第二条正文，含（5G）。", "加强传染病防治。")
DOC = DOC.replace("（三）第三条标题。正文。", "（三）第三条标题。加强消防安全和住房安全。")

BASE = '''[[tag]]
slug = "housing"
name = "住房"
description = "住房。"
terms = ["住房"]

[[tag]]
slug = "health"
name = "卫生"
description = "卫生。"
terms = ["传染病"]
'''


def _tag(tmp_path, vocabulary):
    folder = write_document(tmp_path / "doc", DOC)
    edition = load_edition(folder, Diagnostics())
    path = folder / "tags.toml"
    path.write_text(vocabulary, encoding="utf-8")
    diagnostics = Diagnostics()
    return tag_document(edition.document, path, diagnostics), diagnostics


def test_rules_record_terms_and_sentences(tmp_path):
    tagging, diagnostics = _tag(tmp_path, BASE)
    assert tagging.slugs(1) == ("housing",) and tagging.slugs(2) == ("health",)
    match = tagging.clauses[1][0]
    assert match.terms == ("住房",) and match.sentence_ids == ("c1-s2",)
    assert tagging.related(3) == [(1, 1)]
    # housing is on 2 of 3 clauses: more than half, a warning but not an error
    assert not diagnostics.errors
    assert any("'housing' on 2 of 3" in str(w) for w in diagnostics.warnings)


def test_include_exclude_and_overrides(tmp_path):
    vocabulary = BASE.replace('terms = ["住房"]', 'terms = ["住房"]\nexclude = [3]').replace(
        'terms = ["传染病"]', 'terms = ["传染病"]\ninclude = [3]')
    vocabulary += '\n[[override]]\nclause = 1\nadd = ["health"]\nremove = ["housing"]\nreason = "测试"\n'
    tagging, diagnostics = _tag(tmp_path, vocabulary)
    assert tagging.slugs(3) == ("health",) and tagging.clauses[3][0].manual
    assert tagging.slugs(1) == ("health",)
    # clause 1 lost its only housing match: housing is now empty, an error
    assert any("'housing' on no clause" in str(d) for d in diagnostics.errors)


def test_unknown_slug_in_override_names_file_and_line(tmp_path):
    vocabulary = BASE + '\n[[override]]\nclause = 2\nadd = ["housign"]\nreason = "typo"\n'
    _, diagnostics = _tag(tmp_path, vocabulary)
    assert any("tags.toml:15:" in str(d) and "unknown tag slug 'housign'" in str(d) for d in diagnostics.errors)


def test_clause_without_tag_is_an_error(tmp_path):
    _, diagnostics = _tag(tmp_path, BASE.replace('terms = ["传染病"]', 'terms = ["不存在的词"]'))
    messages = " ".join(map(str, diagnostics.errors))
    assert "clause （二） with no tag" in messages and "'health' on no clause" in messages


def test_bad_slug_and_missing_clause(tmp_path):
    vocabulary = BASE.replace('slug = "health"', 'slug = "卫生"') + '\n[[override]]\nclause = 9\nadd = ["housing"]\nreason = "x"\n'
    _, diagnostics = _tag(tmp_path, vocabulary)
    messages = " ".join(map(str, diagnostics.errors))
    assert "tag slug '卫生'" in messages and "clause 9" in messages


def test_seed_tags_read_like_an_editors_index(edition):
    diagnostics = Diagnostics()
    tagging = tag_document(edition.document, DOCUMENT / "tags.toml", diagnostics, library=DOCUMENT.parent / "tags.toml")
    assert not diagnostics.items, diagnostics.items
    assert 15 <= len(tagging.vocabulary) <= 25
    assert "health" in tagging.slugs(16) and "housing" in tagging.slugs(8)
    assert "heritage" in tagging.slugs(18) and "safety" in tagging.slugs(15)
    assert "digital-smart-city" in tagging.slugs(22) and "green-low-carbon" in tagging.slugs(11)
    assert all(tagging.slugs(c.number) for c in edition.document.clauses)
    assert all(len(tagging.clauses_with(t.slug)) <= 23 / 2 for t in tagging.vocabulary)


def test_tag_pages_in_both_scripts_with_the_same_slugs(served_site):
    site = served_site["dir"]
    hans = sorted(p.name for p in (site / "zh-hans" / FIRST_DOC / "tags").iterdir() if p.is_dir())
    hant = sorted(p.name for p in (site / "zh-hant" / FIRST_DOC / "tags").iterdir() if p.is_dir())
    assert hans == hant and "housing" in hans
    page = (site / "zh-hant" / FIRST_DOC / "tags" / "health" / "index.html").read_text(encoding="utf-8")
    assert "提高城市公共衛生防控救治水平" in page
    clause = (site / "zh-hans" / FIRST_DOC / "clauses" / "16" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../tags/health/"' in clause
