"""Stage: search index. What a reader can find, and the static files the
browser searches (assets/search.js), the way Ctrl+F finds text: a query
matches a unit when its normalised text contains every term (normalize.py:
width, case, punctuation and script folded, character by character).

A document exports its units (`search_index`, its `search-index.json`):
the preamble, each section (its number, title and own text), each clause
(its label, title and text) and the summary's bullets, each unit's text as
a reader sees it, paragraph by paragraph, sentence by sentence (a phrase may
cross sentences inside a paragraph, never paragraphs), in the edition's
script only: the other script needs no copy, it normalises to the same text.

The library publishes one split index over every document
(`library_files`, below `<edition>/search/`):

- `root.json`: the documents (slug, short title, title, where their
  sections and clauses are), the shards and the number of gram buckets;
  small, and the only file every search loads first;
- `g/<bucket>.json`: for every normalised character and character pair
  (a gram), the units whose text contains it; a query loads the buckets of
  its grams only and intersects them into candidate units;
- `s/<n>.json`: the text of one shard (one section with its clauses, the
  preamble, or the summary of one document), loaded only for candidates,
  where the match is verified exactly and the best sentence found;
- `c/<block>.json`: the whole class table (normalize.script_classes) by
  blocks of 256 code points. root.json carries the classes whose
  representative occurs in the library, which is all a query and the texts
  need: a query character of any other class matches nothing anyway.
"""
from __future__ import annotations

import json
import math
from typing import Iterable

from policy_site.document.model import Document, chinese_date
from policy_site.site import interface
from policy_site.site.render import ScriptText
from policy_site.urls import SEARCH_FOLDER, PageKind, edition_page, page_url, relative_url
from policy_site.zh.normalize import normal, script_classes

VERSION = 2
# Unit kinds, in the order a document shows them.
PREAMBLE, SECTION, CLAUSE, SUMMARY = "preamble", "section", "clause", "summary"
# Gram postings per bucket file the library aims at (raw JSON ~ 6 bytes each).
POSTINGS_PER_BUCKET = 1500
CITATION_WORDS = "第条项款部分节"
CLASS_BLOCK = 8  # code point >> 8: one class file per block of 256


def search_index(document: Document, texts: dict[str, ScriptText], script: str,
                 summary: Iterable[tuple[str, str]] = ()) -> dict:
    """A document's units in one script. `summary`: (bullet id, text) in
    that script, in order."""
    here = texts[script]

    def paragraphs(items) -> list[list[list[str]]]:
        return [[[s.id, here(s.id)] for s in p.sentences] for p in items]

    units: list[dict] = []
    if document.preamble:
        units.append({"kind": PREAMBLE, "number": 0, "label": "", "title": interface.ui(script, "序言"),
                      "url": page_url(PageKind.HOME), "head": "", "paras": paragraphs(document.preamble)})
    for section in document.sections:
        units.append({
            "kind": SECTION, "number": section.number, "label": f"{section.marker}",
            "title": here(section.title_id), "clauses": len(section.clauses),
            "url": page_url(PageKind.SECTION, section.number), "id": section.id,
            "head": f"{section.marker}{here(section.title_id)}", "paras": paragraphs(section.paragraphs)})
        for clause in section.clauses:
            units.append({
                "kind": CLAUSE, "number": clause.number, "label": clause.label, "section": section.number,
                "title": here.clause_title(clause), "url": page_url(PageKind.CLAUSE, clause.number),
                "id": clause.title_sentence.id, "head": clause.label, "paras": paragraphs(clause.paragraphs)})
    bullets = [[[b_id, text]] for b_id, text in summary]
    if bullets:
        units.append({"kind": SUMMARY, "number": 0, "label": "", "title": interface.ui(script, "要点摘编"),
                      "url": page_url(PageKind.SUMMARY), "head": "", "paras": bullets})
    return {"version": VERSION, "units": units}


def unit_text(unit: dict) -> str:
    """The text a query is matched against, as the reader sees the unit: the
    head (a section's number and title, a clause's label) joined to the
    first paragraph for a clause (its title sentence follows its label),
    on a line of its own for a section; paragraphs on lines of their own."""
    paras = ["".join(text for _, text in p) for p in unit["paras"]]
    head = unit["head"]
    if unit["kind"] == CLAUSE:
        paras[0] = head + paras[0] if paras else head
        return "\n".join(paras)
    return "\n".join(([head] if head else []) + paras)


def grams(text: str) -> set[str]:
    """Normalised characters and character pairs of a text, none across a
    line (paragraph) break or white space."""
    out: set[str] = set()
    for line in normal(text).split("\n"):
        for part in line.split():
            out.update(part)
            out.update(part[i:i + 2] for i in range(len(part) - 1))
    return out


def query_grams(term: str) -> list[str]:
    """The grams search.js looks up for a normalised term: the character
    of a one-character term, else its pairs (at most 8, evenly spread)."""
    if len(term) == 1:
        return [term]
    pairs = [term[i:i + 2] for i in range(len(term) - 1)]
    if len(pairs) <= 8:
        return pairs
    return [pairs[round(k * (len(pairs) - 1) / 7)] for k in range(8)]


def bucket(gram: str, buckets: int) -> int:
    """The same in search.js: code points of the gram, base 65599, modulo."""
    h = 0
    for c in gram:
        h = (h * 65599 + ord(c)) % 4294967296
    return h % buckets


def _shards(units: list[dict]) -> list[list[dict]]:
    """Preamble with the first section, each further section with its
    clauses, the summary alone."""
    shards: list[list[dict]] = []
    for unit in units:
        starts = unit["kind"] == SUMMARY or (unit["kind"] == SECTION and unit["number"] > 1) or not shards
        if starts:
            shards.append([])
        shards[-1].append(unit)
        if unit["kind"] == SUMMARY:
            shards.append([])
    return [s for s in shards if s]


def _compact(unit: dict, slug: str) -> dict:
    out = {k: unit[k] for k in ("kind", "number", "label", "title", "head", "paras")}
    out["url"] = edition_page(slug, unit["url"])
    for key in ("clauses", "id", "section"):
        if key in unit:
            out[key] = unit[key]
    return out


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def which_documents(titles: dict[str, tuple[str, str, str, str]]) -> dict[str, str]:
    """What tells a document from the others that share its short title
    (《意见》 of 2019 and of 2025): the year of issue (2019年) when that is
    unique among them, else the 文号, else the date; "" for a document whose
    short title no other shares. `titles`: slug -> (short title, title, ISO
    date of issue or "", 文号 or "")."""
    by_name: dict[str, list[str]] = {}
    for slug, (short, title, _, _) in titles.items():
        by_name.setdefault(short or title, []).append(slug)
    which: dict[str, str] = {slug: "" for slug in titles}
    for slugs in by_name.values():
        if len(slugs) < 2:
            continue
        years = [titles[s][2][:4] for s in slugs]
        for slug, year in zip(slugs, years):
            issued, number = titles[slug][2], titles[slug][3]
            which[slug] = (f"{year}年" if year and years.count(year) == 1 else number
                           or (chinese_date(issued) if issued else slug))
    return which


def library_files(indexes: dict[str, dict], titles: dict[str, tuple[str, str, str, str]],
                  script: str) -> dict[str, str]:
    """The split index over every document (see the module docstring):
    path below the edition root -> file text. `indexes`: slug -> the
    document's search-index.json; `titles`: slug -> its short title ("" for
    none), title, date of issue and 文号 in this script (from its record:
    library/pages.py)."""
    docs, shards, postings = [], [], {}
    which = which_documents(titles)
    # Normalised characters of every text, of the titles a citation may
    # name, and of the words of a citation (search.js matches 第N条 as simplified).
    present: set[str] = set(normal(CITATION_WORDS))
    unit_id = 0
    for slug in sorted(indexes):
        short, title = titles[slug][:2]
        units = indexes[slug]["units"]
        # [number, first clause, last clause (0 when none), shard]
        sections = [[u["number"], 0, 0] for u in units if u["kind"] == SECTION]
        by_number = {s[0]: s for s in sections}
        for u in units:
            if u["kind"] == CLAUSE:
                entry = by_number[u["section"]]
                entry[1] = entry[1] or u["number"]
                entry[2] = u["number"]
        doc = {"slug": slug, "short": short, "title": title, "firstShard": len(shards), "firstUnit": unit_id,
               "sections": sections, **({"which": which[slug]} if which[slug] else {})}
        present.update(normal(doc["short"] + doc["title"]))
        for group in _shards(units):
            for u in group:
                if u["kind"] == SECTION:
                    by_number[u["number"]].append(len(shards))
            compact = [_compact(u, slug) for u in group]
            shards.append({"doc": len(docs), "first": unit_id, "units": compact})
            for u in compact:
                text = unit_text(u)
                present.update(normal(text))
                for g in grams(text):
                    postings.setdefault(g, []).append(unit_id)
                unit_id += 1
        doc["units"] = unit_id - doc["firstUnit"]
        doc["shards"] = len(shards) - doc["firstShard"]
        docs.append(doc)
    total = sum(len(v) for v in postings.values())
    count = 1 << max(0, math.ceil(math.log2(max(1, total / POSTINGS_PER_BUCKET))))
    buckets: list[dict[str, list[int]]] = [{} for _ in range(count)]
    for g, ids in sorted(postings.items()):  # sorted: grams() is a set, its order varies by process
        # Ascending unit ids, delta-encoded: small numbers, smaller files.
        buckets[bucket(g, count)][g] = [b - a for a, b in zip([0] + ids, ids)]
    blocks: dict[int, dict[str, str]] = {}
    for c, representative in script_classes().items():
        blocks.setdefault(ord(c) >> CLASS_BLOCK, {})[c] = representative
    # The classes whose representative occurs in the library: all a query
    # needs (a character of no such class matches nothing), and each text's.
    classes: dict[str, list[str]] = {}
    for c, representative in sorted(script_classes().items()):
        if representative in present:
            classes.setdefault(representative, []).append(c)
    files = {f"{SEARCH_FOLDER}root.json": _dump({
        "version": VERSION, "script": script, "buckets": count, "units": unit_id,
        # Where a unit's `url` (below the edition root) starts, from this folder: search.js's base.
        "edition": relative_url(SEARCH_FOLDER, page_url(PageKind.HOME)),
        "classes": " ".join(r + "".join(m) for r, m in sorted(classes.items())),
        "blocks": sorted(blocks), "docs": docs, "shards": [[s["doc"], s["first"]] for s in shards]})}
    for n, shard in enumerate(shards):
        files[f"{SEARCH_FOLDER}s/{n}.json"] = _dump(shard)
    for n, content in enumerate(buckets):
        files[f"{SEARCH_FOLDER}g/{n}.json"] = _dump(content)
    for block, classes in blocks.items():
        files[f"{SEARCH_FOLDER}c/{block:x}.json"] = _dump(dict(sorted(classes.items())))
    return files


# The search's interface text, one word (检索) throughout: keys of content/ui/ (interface.py).
SEARCH_WORDS = {
    "search": "检索", "searchPlaceholder": "检索条文",
    "searchHint": "输入词语即可检索，简体、繁体皆可；输入“第八条”“（八）”“三、”或“《意见》第8条”可直达条目。",
    "searchCount": "“{q}”：{n} 个结果", "searchCountHere": "“{q}”：本文件 {n} 个结果，正在检索其他文件……",
    "searchNone": "没有找到“{q}”。",
    "searchMore": "还有 {n} 处可能的结果，显示更多", "searchAll": "全部结果",
    "searchNear": "相近的结果（并非完全一致）", "searchNearOne": "差一个字：{q}", "searchNearPart": "部分一致：{q}",
    "searchScope": "仅本文件", "searchPunctuation": "请输入文字或数字；单独的标点不作检索。",
    "searchLoading": "正在检索……", "searchNoScript": "检索需要启用 JavaScript。请打开检索页面：",
    "searchClose": "关闭",
}


def ui_strings(script: str) -> dict[str, str]:
    """The search's interface text in this edition."""
    # Keys of content/ui/ (interface.py) -> this edition's reviewed words.
    return {k: interface.ui(script, v) for k, v in SEARCH_WORDS.items()}
