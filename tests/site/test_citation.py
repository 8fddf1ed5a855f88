"""Citations from one record (cite.py): golden CSL-JSON records and GB/T
7714 strings rendered by citeproc-py, every sentence citable, the page's
template equal to the processor's own rendering of each place, and bad
input (no date, no official source, markup in names) kept honest and
literal in every format."""
from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from policy_site.site import cite
from policy_site.site.engine import SCRIPT_DIRS
from policy_site.site.metadata import works
from policy_site.site.publish import script_texts
from policy_site.zh.convert import to_script
from policy_site.zh.editions import SCRIPTS, SIMPLIFIED, TRADITIONAL
from tests.helpers import check_golden

NAME = "urban-development-2025"
SITE = "https://example.github.io/policy-site/"
ACCESSED = "2026-12-01"


@pytest.fixture(scope="module")
def cited(edition):
    texts = script_texts(edition)
    return {script: work for script, work in works(edition, texts, SITE, "政策文件库").items()}


def test_golden_records_and_gbt_strings(edition, cited, update_golden):
    for script in SCRIPTS:
        items = cite.records(cited[script], edition.document)
        # One record a line (a JSON array all the same), so a change reads as the records it touches.
        lines = ",\n".join(json.dumps(item, ensure_ascii=False) for item in items)
        check_golden(f"{NAME}/citations-{SCRIPT_DIRS[script]}.csl.json", f"[\n{lines}\n]\n", update_golden)
        rendered = cite.render_gbt(items, ACCESSED)
        text = "".join(f"{item['id']}\t{rendered[item['id']]}\n" for item in items)
        check_golden(f"{NAME}/gbt7714-{SCRIPT_DIRS[script]}.txt", text, update_golden)


def test_the_document_entry_reads_as_gbt_7714(edition, cited):
    rendered = cite.render_gbt([cite.record(cited[SIMPLIFIED], cite.locations(edition.document, SIMPLIFIED)[0])],
                               ACCESSED)
    # The original publisher (新华社) named as publisher, this site as where it is reproduced.
    assert rendered[NAME] == ("中共中央, 国务院. 中共中央 国务院关于推动城市高质量发展的意见[A/OL]. 新华社, "
                              f"2025[{ACCESSED}]. {SITE}zh-hans/{NAME}/.（转载于政策文件库）")


def test_an_official_url_is_named_in_the_entry(edition, cited):
    import dataclasses

    work = dataclasses.replace(cited[SIMPLIFIED], official_url="https://www.gov.cn/zhengce/202508/content_1.htm")
    item = cite.record(work, cite.locations(edition.document, SIMPLIFIED)[0])
    assert cite.render_gbt([item], ACCESSED)[NAME].endswith(
        "（转载于政策文件库；官方发布：https://www.gov.cn/zhengce/202508/content_1.htm）")
    nameless = dataclasses.replace(cited[SIMPLIFIED], publisher=None)  # no original named: the site is the publisher
    item = cite.record(nameless, cite.locations(edition.document, SIMPLIFIED)[0])
    assert cite.render_gbt([item], ACCESSED)[NAME].endswith(f"政策文件库, 2025[{ACCESSED}]. {SITE}zh-hans/{NAME}/.")


def test_every_sentence_is_citable_with_its_place(edition, cited):
    doc = edition.document
    for script in SCRIPTS:
        places = {p.id: p for p in cite.locations(doc, script)}
        for sentence in doc.sentences():
            assert places[sentence.id].label, sentence.id
        assert {s.id for s in doc.sections} | {c.id for c in doc.clauses} <= set(places)
    labels = {p.id: p.label for p in cite.locations(doc, SIMPLIFIED)}
    assert labels["c8"] == "第（八）项" and labels["c8-s3"] == "第（八）项第3句"
    assert labels["s1"] == "第一部分" and labels["s1-p2-s1"] == "第一部分第2段第1句"  # a section without clauses
    assert labels["s9-p1-s1"] == "第九部分第1句"
    assert labels["preamble-p1-s1"].startswith("序言")
    hant = {p.id: p.label for p in cite.locations(doc, TRADITIONAL)}
    assert hant["c8-s3"] == "第（八）項第3句"
    assert cite.short_form(cited[TRADITIONAL], cite.locations(doc, TRADITIONAL)[0]) == "《意見》"


def test_the_page_template_is_what_the_processor_renders_for_each_place(edition, cited):
    """Pages carry one entry with the URL and access date to fill (policy.js
    fills them by cite.fill_template's rule): for every place, filled, it
    equals citeproc-py's rendering of that place's own record."""
    for script in SCRIPTS:
        work = cited[script]
        places = cite.locations(edition.document, script)
        template = cite.gbt_template(cite.record(work, places[0]))
        assert template.count(cite.URL_PLACEHOLDER) == 1 and template.count(cite.ACCESSED_PLACEHOLDER) == 1
        items = [cite.record(work, p) for p in places]
        rendered = cite.render_gbt(items, ACCESSED)
        for place, item in zip(places, items):
            assert cite.fill_template(template, item["URL"], ACCESSED) == rendered[item["id"]], place.id


def test_sentence_urls_follow_the_citation_contract(edition, cited):
    work = cited[SIMPLIFIED]
    urls = {p.id: cite.location_url(work, p) for p in cite.locations(edition.document, SIMPLIFIED)}
    base = f"{SITE}zh-hans/{NAME}/"
    assert urls["c8-s3"] == base + "clauses/8/#c8-s3"
    assert urls["c8"] == base + "clauses/8/"
    assert urls["s1-p1-s1"] == base + "sections/1/#s1-p1-s1"
    assert urls["preamble-p1-s1"] == base + "#preamble-p1-s1"
    assert urls[""] == base


def test_downloads_per_document_and_clause(edition, cited):
    files = cite.edition_files(cited[TRADITIONAL], edition.document)
    for stem in ["document"] + [f"clause-{c.number}" for c in edition.document.clauses]:
        for ext in ("csl.json", "ris", "bib"):
            assert f"cite/{stem}.{ext}" in files
    record = json.loads(files["cite/clause-8.csl.json"])[0]
    assert record["section"] == "第（八）項" and record["URL"].endswith("/zh-hant/urban-development-2025/clauses/8/")
    assert "TY  - STAT" in files["cite/clause-8.ris"] and "T2  - 第（八）項" in files["cite/clause-8.ris"]
    assert files["cite/document.bib"].startswith("@misc{urban-development-2025,")
    every = json.loads(files["cite/all.csl.json"])
    assert {r["id"] for r in every} >= {f"{NAME}-{s.id}" for s in edition.document.sentences()}


def _bare(cited) -> cite.Work:
    return replace(cited[SIMPLIFIED], date=None, official_url=None, publisher=None, published=None, number=None)


def test_no_date_and_no_official_source_are_said_never_invented(edition, cited):
    work = _bare(cited)
    place = cite.locations(edition.document, SIMPLIFIED)[0]
    item = cite.record(work, place)
    assert item["issued"] == {"literal": "日期不详"}
    assert "官方来源：本站未掌握" in item["note"]
    rendered = cite.render_gbt([item], ACCESSED)[item["id"]]
    assert "日期不详" in rendered
    # No year but the access date's: the style would otherwise print the access year as the date.
    assert re.findall(r"\d{4}", rendered.replace(item["URL"], "")) == ["2026"]
    assert "[2026]" not in rendered
    ris = cite.to_ris([item])
    assert "\nDA  -" not in ris and "\nPY  -" not in ris
    assert "N1  - 非官方转载；官方来源：本站未掌握" in ris
    bib = cite.to_bibtex([item])
    assert "year =" not in bib and "date =" not in bib
    with_source = cite.record(replace(work, official_url="https://www.gov.cn/x"), place)
    assert "官方发布：https://www.gov.cn/x" in with_source["note"]


PAYLOAD = '</script><img src=x onerror=alert(1)> & {x} \\end{document} %_#$^~'


def test_markup_in_titles_and_issuers_stays_text_in_every_format(edition, cited):
    work = replace(cited[SIMPLIFIED], title=PAYLOAD, short_title="<b>短</b>", issuers=("A&B<i>", "{evil}\nTY  - JOUR"))
    place = cite.locations(edition.document, SIMPLIFIED)[0]
    item = cite.record(work, place)
    # CSL-JSON: the values round-trip exactly.
    assert json.loads(cite.to_csl_json([item]))[0]["title"] == PAYLOAD
    # RIS: every value on its own line, as typed; no injected tag line.
    ris = cite.to_ris([item]).split("\r\n")
    assert f"TI  - {PAYLOAD}" in ris
    assert "AU  - {evil} TY - JOUR" in ris  # whitespace runs are one space
    assert sum(line.startswith("TY  -") for line in ris) == 1
    # BibTeX: specials escaped, braces balanced, the text reads back.
    bib = cite.to_bibtex([item])
    title = re.search(r"title = \{(.*)\},\n", bib).group(1)
    assert title == (r"</script><img src=x onerror=alert(1)> \& \{x\} \textbackslash{}end\{document\} "
                     r"\%\_\#\$\textasciicircum{}\textasciitilde{}")
    depth = 0
    for char in re.sub(r"\\[{}]", "", bib):
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    assert "author = {{A\\&B<i>} and {\\{evil\\} TY - JOUR}}" in bib
    # GB/T: braces in the title never read as the template's placeholders.
    template = cite.gbt_template(item)
    filled = cite.fill_template(template, "https://u/", ACCESSED)
    assert PAYLOAD.replace("\\", "\\") in filled and filled.endswith("https://u/.（转载于政策文件库）")


# --- in the browser ------------------------------------------------------------

def _expected(edition, script: str, place_id: str, site_url: str, accessed: str) -> str:
    """The GB/T entry citeproc-py renders for the place, accessed today."""
    from policy_site.core.diagnostics import Diagnostics
    from policy_site.library.catalog import load_library

    title = load_library(edition.config.folder.parent, Diagnostics()).title
    work = works(edition, script_texts(edition), site_url, title)[script]
    place = next(p for p in cite.locations(edition.document, script) if p.id == place_id)
    item = cite.record(work, place)
    return cite.render_gbt([item], accessed)[item["id"]]


@pytest.mark.browser
@pytest.mark.parametrize("script, page_path, place_id, text, where", [
    # A clause's button in simplified.
    (SIMPLIFIED, "clauses/8/", "c8", "系统推进‘好房子’和完整社区建设", "《意见》第（八）项"),
    # A sentence of a section without clauses, in traditional.
    (TRADITIONAL, "sections/1/", "s1-p2-s1", None, "《意見》第一部分第2段第1句"),
    # A preamble sentence on the document's home, in traditional.
    (TRADITIONAL, "", "preamble-p1-s1", None, "《意見》序言第1句"),
])
def test_copy_citation_fills_the_access_date_and_the_place(reader, served_site, edition, script, page_path,
                                                          place_id, text, where):
    page, _ = reader
    edition_dir = SCRIPT_DIRS[script]
    page.goto(f"{served_site['url']}{edition_dir}/{NAME}/{page_path}")
    status = ".clause-actions .copy-status" if text else ".cite-popover .copy-status"
    if text:
        page.click(".clause-actions button:nth-child(2)")
    else:
        page.hover(f"#{place_id} .sentence-link", force=True)  # the pointer on the sentence's end shows its link
        page.click(f"#{place_id} .sentence-link")
        page.click(".cite-popover button:nth-child(2)")
    page.wait_for_selector(f"{status}:has-text('{to_script('已复制', script)}')")
    copied = page.evaluate("navigator.clipboard.readText()")
    today = page.evaluate("""(() => { const d = new Date(), two = n => (n < 10 ? '0' : '') + n;
        return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()); })()""")
    quoted, entry = copied.split("\n")
    sentence = text or page.evaluate(f"""(() => {{ const c = document.getElementById('{place_id}').cloneNode(true);
        c.querySelectorAll('.sentence-link').forEach(a => a.remove()); return c.textContent.trim(); }})()""")
    # The edition's marks (zh/quotes.py): “”‘’ simplified, 「」『』 traditional, inner inside outer.
    (o, c), (io, ic) = ("“”", "‘’") if script == "zh-Hans" else ("「」", "『』")
    assert quoted.startswith(o) and quoted.endswith(f"{c}（{where}）")
    assert not set(quoted) & (set("“”‘’「」『』") - {o, c, io, ic})
    if text:
        assert quoted == f"{o}{text}{c}（{where}）"
    else:
        assert sentence.replace(o, io).replace(c, ic) in quoted
    assert entry == _expected(edition, script, place_id, served_site["url"], today)
    assert f"[{today}]" in entry


@pytest.mark.parametrize("publisher, published, expected", [
    ("新华社", "2025-08-28", "非官方轉載；原文由新華社於2025年8月28日發布；官方發布：https://www.gov.cn/x"),
    ("新华社", None, "非官方轉載；原文由新華社發布；官方發布：https://www.gov.cn/x"),
    (None, "2025-08-28", "非官方轉載；原文於2025年8月28日發布；官方發布：https://www.gov.cn/x"),
    (None, None, "非官方轉載；官方發布：https://www.gov.cn/x"),
])
def test_the_provenance_note_takes_its_words_from_the_edition_table(publisher, published, expected):
    """The note's words are the Taiwan table's (發布, not OpenCC's 發佈); the
    publisher's name is document text, converted; a date with no publisher
    reads 原文於…發布, never 原文由於."""
    from policy_site.site.cite import Work

    work = Work(slug="x", script="zh-Hant", language="zh-Hant", title="標題", short_title="意見", issuers=("國務院",),
                date=None, number=None, doc_type=None, publisher=publisher, published=published,
                official_url="https://www.gov.cn/x", site_name="政策文件庫", edition_url="https://example.org/x/")
    assert work.note == expected
