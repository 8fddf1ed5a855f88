"""A document's status and relations as its pages say them, in each
edition's words: the notice every page of a document no longer in force
opens with (已被《……》替代，2026年1月10日起), the status on its home, and the
relations panel with the sentence that states each relation."""
from __future__ import annotations

from dataclasses import dataclass

from policy_site.document.model import chinese_date
from policy_site.document.relations import DocumentRelations, RelatedDocument, Status
from policy_site.site import interface
from policy_site.urls import (
    PageKind,
    compare_key,
    edition_page,
    node_page,
    other_document,
    page_url,
    relative_url,
    version_prefix,
)
from policy_site.zh.convert import to_script

# Keys of content/ui/ (interface.py checks every table has them).
STATUS_WORDS = {Status.IN_FORCE.value: "现行有效", Status.REPEALED.value: "已废止", Status.REPLACED.value: "已被替代",
                Status.AMENDED.value: "已被修改", Status.EXPIRED.value: "已失效",
                Status.NOT_YET_IN_FORCE.value: "尚未施行"}
# A status that follows from another document: the notice names it.
STATUS_BY_WORDS = {Status.REPEALED.value: "本文件已被{title}废止", Status.REPLACED.value: "本文件已被{title}替代",
                   Status.AMENDED.value: "本文件已被{title}修改"}
RELATION_WORDS = {"replaces": "替代", "replaced-by": "被替代", "amends": "修改", "amended-by": "被修改",
                  "repeals": "废止", "repealed-by": "被废止", "implements": "贯彻落实", "implemented-by": "被贯彻落实",
                  "supplements": "补充", "supplemented-by": "被补充", "interprets": "解读", "interpreted-by": "被解读",
                  "cites": "引用", "cited-by": "被引用"}
# The states of a comparison's sentence pairs (library/compare.py).
COMPARE_WORDS = {"same": "相同", "changed": "改动", "added": "新增", "removed": "删去"}
# What assets/compare.js prints besides the states.
COMPARE_SCRIPT_WORDS = {"pickTwo": "请选择两份不同的文件。", "loading": "正在对照……", "failed": "无法读取文件，请稍后再试。"}
OTHER_WORDS = {"notice": "效力状态：{status}", "since": "{date}起", "evidence": "依据", "reason": "说明",
               "compare_title": "{older}与{newer}对照", "compare": "逐句对照", "preamble": "序言",
               # An earlier version's pages (urls.version_prefix).
               "version": "本页是{date}公布的文本，不是现行文本：", "current_text": "阅读现行文本",
               "compare_texts": "与现行文本逐句对照", "version_title": "{title}（{date}文本）",
               "versions": "历次文本", "version_label": "{date}公布的文本"}


@dataclass(frozen=True)
class StatusNotice:
    """What opens every page of a document that is not in force."""
    text: str  # before the link (or all of it)
    link_text: str  # 《……》, "" without a link
    after: str
    slug: str  # the other document ("" without a link)

    def href(self, page: str) -> str:
        """The link from a page of the document (its address below the document's root)."""
        return other_document(page, self.slug) if self.slug else ""


def status_notice(relations: DocumentRelations, script: str) -> StatusNotice | None:
    """None when no one has said what the document's status is."""
    if relations.status is None:
        return None
    ui = lambda key: interface.ui(script, key)  # noqa: E731
    since = ui(OTHER_WORDS["since"]).format(date=chinese_date(relations.since)) if relations.since else ""
    other = next((r for r in relations.related if r.slug == relations.by), None) if relations.by else None
    if other is None or relations.status.value not in STATUS_BY_WORDS:
        word = ui(OTHER_WORDS["notice"]).format(status=ui(STATUS_WORDS[relations.status.value]))
        return StatusNotice(word + (f"（{since}）" if since else ""), "", "", "")
    before, _, after = ui(STATUS_BY_WORDS[relations.status.value]).partition("{title}")
    return StatusNotice(before, f"《{other.title[script]}》", after + (f"，{since}" if since else ""), other.slug)


def version_notice(script: str, slug: str, date: str, here: str, current_pages: frozenset[str]) -> dict:
    """What opens every page of an earlier version (`here`: its address
    below the version's root): its date, a link to the current text (the
    same page when the current text has it, else its home) and one to the
    comparison of the two (the library's compare/<slug>@<date>..<slug>/)."""
    words = lambda key: interface.ui(script, OTHER_WORDS[key])  # noqa: E731
    prefix = version_prefix(slug, date)
    page = f"{prefix}/{here}"
    return {"text": words("version").format(date=chinese_date(date)), "link_text": words("current_text"), "after": "",
            "href": relative_url(page, edition_page(slug, here if here in current_pages else "")),
            "compare_text": words("compare_texts"),
            "compare_href": relative_url(page, page_url(PageKind.COMPARE, compare_key(prefix, slug)))}


def version_rows(script: str, slug: str, dates: list[str]) -> list[dict]:
    """The document home's list of its earlier versions, newest first: each
    linked, with its comparison with the current text."""
    home = edition_page(slug)
    return [{"label": interface.ui(script, OTHER_WORDS["version_label"]).format(date=chinese_date(date)),
             "href": relative_url(home, edition_page(version_prefix(slug, date))),
             "compare_href": relative_url(home, page_url(PageKind.COMPARE, compare_key(version_prefix(slug, date), slug)))}
            for date in sorted(dates, reverse=True)]


@dataclass(frozen=True)
class RelationRow:
    """One line of a document home's relations panel."""
    label: str  # 替代, 被替代, …
    title: str  # 《……》 (or the 文号 of a document outside the library)
    href: str  # the other document's home, relative to this document's home ("" outside the library)
    date: str
    evidence_text: str
    evidence_href: str  # the evidence sentence, relative to this document's home
    reason: str


def relation_rows(relations: DocumentRelations, script: str, slug: str) -> list[RelationRow]:
    ui = lambda key: interface.ui(script, key)  # noqa: E731
    return [_row(r, script, slug, ui) for r in relations.related]


def _row(r: RelatedDocument, script: str, slug: str, ui) -> RelationRow:
    title = r.title.get(script, "")
    title = (title if title.startswith("《") else f"《{title}》") if title else r.number
    if r.number and r.number not in title:
        title += f"（{r.number}）"
    evidence_href = ""
    if r.evidence:
        page = node_page(r.evidence)
        evidence_href = (page if r.evidence_slug == slug else other_document("", r.evidence_slug, page)) \
            + "#" + r.evidence
    return RelationRow(ui(RELATION_WORDS[r.kind]), to_script(title, script) if not r.slug else title,
                       other_document("", r.slug) if r.slug else "",
                       chinese_date(r.date) if r.date else "", r.evidence_text.get(script, ""), evidence_href,
                       to_script(r.reason, script))
