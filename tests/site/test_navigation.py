"""The navigation stays small on every page of a long document: ranges group
long lists, so a page's navigation grows with the logarithm of the document
and the whole build stays close to linear in pages."""
from __future__ import annotations

import re

from policy_site.cli import main
from policy_site.site.render import NAV_FANOUT, bounded, page_path
from policy_site.testing import make_project
from policy_site.zh.numerals import format_numeral

TITLE = "中共中央 国务院关于测试长文件的意见"


def _long_document(sections: int) -> str:
    lines = [TITLE, "（2025年8月15日）", "序言。"]
    for n in range(1, sections + 1):
        lines += [f"{format_numeral(n)}、第{format_numeral(n)}部分", f"（{format_numeral(n)}）第{n}条标题。第{n}条正文。"]
    return "\n".join(lines) + "\n"


def _pages(entry: object) -> list[str]:
    """Page paths of a nav entry, in order."""
    if isinstance(entry, str):
        return [entry]
    if isinstance(entry, list):
        return [p for e in entry for p in _pages(e)]
    assert isinstance(entry, dict) and len(entry) == 1
    return _pages(next(iter(entry.values())))


def _widest_level(entries: list[object]) -> int:
    widest = len(entries)
    for entry in entries:
        if isinstance(entry, dict):
            children = next(iter(entry.values()))
            if isinstance(children, list):
                widest = max(widest, _widest_level(children))
    return widest


def test_short_lists_are_not_grouped():
    entries = [(str(n), str(n), page_path("section", n)) for n in range(1, NAV_FANOUT + 1)]
    assert bounded(entries, "至") == [page_path("section", n) for n in range(1, NAV_FANOUT + 1)]


def test_long_lists_become_ranges_in_reading_order():
    entries = [(format_numeral(n), format_numeral(n), page_path("section", n)) for n in range(1, 451)]
    nav = bounded(entries, "至")
    assert _pages(nav) == [page_path("section", n) for n in range(1, 451)], "every page once, in order"
    assert _widest_level(nav) <= NAV_FANOUT
    assert [next(iter(e)) for e in nav] == ["一至一百零六", "一百零七至二百二十五", "二百二十六至三百三十一",
                                            "三百三十二至四百五十"]
    sizes = [len(_pages(e)) for e in nav]
    assert max(sizes) - min(sizes) <= 13, f"groups of near-equal size: {sizes}"


def test_the_first_document_lists_its_nine_sections(edition):
    from policy_site.site.publish import script_texts
    from policy_site.site.render import navigation

    nav = navigation(script_texts(edition)["zh-Hans"], has_summary=True, has_tags=True)
    labels = [next(iter(e)) for e in nav]
    sections = [f"{s.numeral}、{s.title}" for s in edition.document.sections]
    assert len(sections) == 9 and labels[1:10] == sections, "nine sections: no ranges"
    assert labels[10:] == ["全文", "要点摘编", "主题索引", "检索", "来源与方法"]


def test_a_long_document_renders_a_small_navigation_on_each_page(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project", {"long": {"text": _long_document(150), "title": TITLE}})
    monkeypatch.chdir(project)
    site = tmp_path / "site"
    assert main(["--project", str(project), "build", "--site-dir", str(site)]) == 0
    html = (site / "zh-hans" / "long" / "clauses" / "77" / "index.html").read_text(encoding="utf-8")
    primary = html[html.index('md-nav--primary'):html.index('md-sidebar--secondary')]
    links = re.findall(r'class="md-nav__link[^"]*"', primary)
    # Flat, it would hold 150 sections; grouped: 2 ranges of ranges, their
    # children, the open section's pages and the fixed pages.
    assert len(links) < 50, f"{len(links)} navigation entries on one page"
    assert "七十七、第七十七部分" in primary and "（七十七）第77条标题" in primary
    assert "一百五十、第一百五十部分" not in primary, "closed ranges are not expanded"
    # The other script has the same shape.
    hant = (site / "zh-hant" / "long" / "clauses" / "77" / "index.html").read_text(encoding="utf-8")
    assert "七十七、第七十七部分" in hant
