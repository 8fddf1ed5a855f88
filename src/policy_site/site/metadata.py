"""What each page says about itself in its <head> (Highwire `citation_*`
for reference managers, Dublin Core, schema.org `Legislation` JSON-LD, Open
Graph and Twitter cards) and at its foot (provenance), computed here per
page and handed to overrides/main.html, which prints every value escaped.

Pure apart from `share_image`, which draws a card with a system CJK font.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from policy_site.site import interface
from policy_site.site.cite import Work, gbt_template, locations, record
from policy_site.urls import DOCUMENT_JSON, Page, PageKind, client_rules, download_paths, edition_url, page_url
from policy_site.zh.convert import to_script
from policy_site.zh.editions import SIMPLIFIED

# Zotero's Embedded Metadata translator takes the item type from DC.type
# when it is one of Zotero's type names (RDF.js: `ZU.itemTypeExists`), after
# og:type (`website` would make it a web page; `article` is only a guess):
# "statute" is Zotero's type for legislation. See README "Citing".
ZOTERO_TYPE = "statute"
OG_LOCALE = {"zh-Hans": "zh_CN", "zh-Hant": "zh_TW", "zh-Hant-HK": "zh_HK"}
SHARE_IMAGE = "share.png"
SHARE_SIZE = (1200, 630)
# A square card beside it: WeChat and other apps crop a share thumbnail square,
# which cut the wide card's title; this one keeps the title whole.
SQUARE_IMAGE = "share-square.png"
SQUARE_SIZE = (600, 600)
# Pages that are the whole document: their JSON-LD names the document itself.
_THE_DOCUMENT = (page_url(PageKind.HOME), page_url(PageKind.FULL_TEXT))


@dataclass(frozen=True)
class PageInfo:
    """One page of a document: its path below the document's edition folder."""
    url: str  # "", "clauses/8/", …
    title: str  # the page's own heading, in the script
    description: str
    structural: bool  # home, full text, section or clause: the legislation itself
    location_ids: tuple[str, ...]  # citable places shown on the page ("" the document)
    parent: str | None = None  # url of the part it belongs to (a clause's section)
    children: tuple[tuple[str, str], ...] = ()  # (url, name) of its parts
    keywords: tuple[str, ...] = ()
    downloads: str = ""  # "document" or "clause-<n>": which citation files it links


def source_hashes(paths: list[Path]) -> list[dict[str, str]]:
    return [{"file": p.name, "sha256": hashlib.sha256(p.read_bytes()).hexdigest()} for p in paths]


def _organization(name: str) -> dict:
    return {"@type": "Organization", "name": name}


def _legislation_node(url: str, name: str) -> dict:
    return {"@type": "Legislation", "@id": url, "name": name}


def document_jsonld(work: Work, page: PageInfo, page_url: str, based_on: str | None,
                    parent: dict | None) -> dict:
    """schema.org JSON-LD: a Legislation for the text's own pages (document,
    section, clause; the full text is the document), a WebPage about it for
    the others. A traditional page is based on its simplified page: a
    conversion of script, not a translation."""
    home = work.edition_url
    if page.structural:
        own_id = home if page.url in _THE_DOCUMENT else page_url
        data: dict = {"@context": "https://schema.org", "@type": "Legislation", "@id": own_id,
                      "name": work.title if own_id == home else f"{work.title} {page.title}",
                      "url": page_url, "inLanguage": work.language,
                      "legislationPassedBy": [_organization(n) for n in work.issuers]}
        if work.doc_type:
            data["legislationType"] = work.doc_type
        if work.number:
            data["legislationIdentifier"] = work.number
        if work.date:
            data["legislationDate"] = work.date
        if own_id == home and work.official_url:
            data["sameAs"] = work.official_url
        if parent is not None:
            data["isPartOf"] = parent
        if page.children:
            data["hasPart"] = [_legislation_node(work.edition_url + url, name) for url, name in page.children]
    else:
        data = {"@context": "https://schema.org", "@type": "WebPage", "@id": page_url, "url": page_url,
                "name": f"{work.title} {page.title}", "inLanguage": work.language,
                "about": _legislation_node(home, work.title)}
    if page.keywords:
        data["keywords"] = list(page.keywords)
    if based_on:
        data["isBasedOn"] = {"@type": data["@type"], "@id": based_on, "inLanguage": "zh-Hans"}
    return data


def provenance(work: Work, sources: list[dict[str, str]], about_url: str) -> dict:
    """What the footer of every document page says the text is."""
    ui = lambda key: interface.ui(work.script, key)  # noqa: E731  (content/ui/ tables)
    issued = ""
    if work.issuers or work.date:
        issued = "、".join(work.issuers) + (_date(work.date) + ui("印发") if work.date else ui("印发（日期不详）"))
    published = ""
    if work.publisher or work.published:
        published = (work.publisher or ui("发布者不详")) + (f"{_date(work.published)}" if work.published else "") + ui("发布")
    return {
        "statement": ui("本页是本站对原文的非官方转载，不是官方发布。简体文本是本站的基准文本；"
                        "繁体文本由简体文本经 OpenCC 转换，并经审定更正。"),
        "original": ui("原文：") + "；".join(x for x in (issued, published) if x) if (issued or published) else ui("原文：发文机关与日期不详"),
        "official_label": ui("官方发布") if work.official_url else "",
        "official_url": work.official_url or "",
        "no_official": "" if work.official_url else ui("官方来源：本站未掌握官方发布的网址。"),
        "sources_label": ui("本站所据源文件（SHA-256）"),
        "sources": sources,
        "about_label": ui("来源与方法"),
        "about_url": about_url,
    }


def _date(iso: str | None) -> str:
    if not iso:
        return ""
    year, month, day = iso.split("-")
    return f"{int(year)}年{int(month)}月{int(day)}日"


# WeChat cuts a shared link's title at about 30 characters.
SHARE_TITLE_LIMIT = 30
SHARE_SEPARATOR = "｜"


def header_title(title: str, short_title: str, date: str | None) -> dict[str, str]:
    """What the header calls the document on every page, short enough for a
    phone. Documents of one family share their start (中共中央 国务院关于…)
    and their end (…的意见), so the part after 关于 is what tells them apart:
    推动城市高质量发展 | 的意见 | （2025）; a phone shows the topic and the
    year (the kind is the part it drops). A title without 关于 falls back to
    its short title in 《》. The year tells apart one topic over the years."""
    year = f"（{date[:4]}）" if date else ""
    for about in ("关于", "關於"):  # simplified, traditional
        topic = title.rpartition(about)[2] if about in title else ""
        if topic:
            head, of, kind = topic.rpartition("的")
            if of and head and len(kind) <= 6:
                return {"topic": head, "kind": of + kind, "year": year}
            return {"topic": topic, "kind": "", "year": year}
    return {"topic": f"《{short_title or title}》", "kind": "", "year": year}


def share_title(page_title: str, *context: str) -> str:
    """<title> and og:title: the page first (a shared link shows the
    beginning), then what it belongs to, each once, within WeChat's limit;
    the page's own title is shortened with ……, never the context."""
    parts = [page_title] + [p for p in dict.fromkeys(context) if p and p not in page_title]
    tail = "".join(SHARE_SEPARATOR + p for p in parts[1:])
    while len(parts) > 1 and SHARE_TITLE_LIMIT - len(tail) < SHARE_TITLE_LIMIT // 3:
        del parts[1 if len(parts) > 2 else -1]  # too long a context: the document's, then the library's, goes
        tail = "".join(SHARE_SEPARATOR + p for p in parts[1:])
    room = SHARE_TITLE_LIMIT - len(tail)
    first = parts[0] if len(parts[0]) <= room else parts[0][: max(room - 2, 1)] + "……"
    return first + tail


def site_statement(script: str, site_name: str) -> str:
    return to_script(site_name, script) + interface.ui(script, "：中国政策文件的非官方转载，逐条阅读、检索与引用。"
                                                       "文本以官方发布为准；本站不代表任何发文机关。")


def document_page_meta(work: Work, doc, page: PageInfo, *, simplified_url: str | None,
                       sources: list[dict[str, str]], image: dict | None,
                       parents: dict[str, dict], template: str, by_id: dict | None = None) -> dict:
    """Everything overrides/main.html prints for one page of a document."""
    address = work.edition_url + page.url
    by_id = by_id or {loc.id: loc for loc in locations(doc, work.script)}
    title = work.title if page.url in _THE_DOCUMENT else f"{work.title} {page.title}"
    meta: dict = {
        "title": title,
        "description": page.description,
        "url": address,
        "language": work.language,
        "og_locale": OG_LOCALE.get(work.language, "zh_CN"),
        "og_type": "article",
        "site_name": work.site_name,
        "authors": list(work.issuers),
        "citation_date": work.date.replace("-", "/") if work.date else "",
        "date": work.date or "",
        "keywords": list(page.keywords),
        # The text's own pages are the legislation; the method, search and topic pages are about it.
        "dc_type": ZOTERO_TYPE if page.structural else "webpage",
        "dc_source": work.official_url or "",
        "image": image or {},
        "jsonld": document_jsonld(work, page, address, simplified_url, parents.get(page.parent or "", None)
                                  if page.parent is not None else None),
        "provenance": provenance(work, sources, work.edition_url + page_url(PageKind.ABOUT)),
        "statement": site_statement(work.script, work.site_name),
        "feed": "",
        "header_title": header_title(work.title, work.short_title, work.date),
        "share_title": share_title(work.title if page.url == "" else page.title,
                                   f"《{work.short_title}》" if page.url else "", work.site_name),
    }
    # Citing from this page: the GB/T entry with the URL and access date to
    # fill, the short title, and each citable place's label.
    meta["cite"] = {
        "gbt": template,
        "short": f"《{work.short_title}》",
        "labels": {i: by_id[i].label for i in page.location_ids if i},
        "base": work.edition_url,
        "places": client_rules(),  # a place's page and fragment, for policy.js (urls.py)
    }
    if page.downloads:
        kind, _, number = page.downloads.partition("-")
        files = download_paths("document" if kind == "document" else "clause", int(number) if number else None)
        meta["downloads"] = {fmt: work.edition_url + path for fmt, path in files.items()}
        if kind == "document":
            meta["downloads"]["json"] = work.edition_url + DOCUMENT_JSON
    return meta


def library_page_meta(*, title: str, description: str, url: str, language: str, script: str,
                      site_name: str, simplified_url: str | None, image: dict | None, feed: str,
                      site_url: str, name: str | None = "") -> dict:
    """A library page (home, topics, search): a collection, not a document.
    `name` is the page's own (主题, 检索; "" for the home; None: the page's
    heading names it, and overrides/main.html puts that first)."""
    data = {"@context": "https://schema.org", "@type": "CollectionPage", "@id": url, "url": url, "name": title,
            "description": description, "inLanguage": language,
            "isPartOf": {"@type": "WebSite", "@id": site_url, "name": site_name}}
    if simplified_url:
        data["isBasedOn"] = {"@type": "CollectionPage", "@id": simplified_url, "inLanguage": "zh-Hans"}
    return {
        "title": title, "description": description, "url": url, "language": language,
        "og_locale": OG_LOCALE.get(language, "zh_CN"), "og_type": "website", "site_name": site_name,
        "authors": [], "citation_date": "", "date": "", "keywords": [], "dc_type": "Collection",
        "dc_source": "", "image": image or {}, "jsonld": data, "provenance": {},
        "statement": site_statement(script, site_name), "feed": feed,
        "share_title": share_title(name or site_name, site_name) if name is not None else "",
    }


# --- one document ------------------------------------------------------------

def _plain(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


OTHER_PAGE_NAMES = {PageKind.SUMMARY: "要点摘编", PageKind.TAGS: "主题索引", PageKind.SEARCH: "检索", PageKind.ABOUT: "来源与方法"}


def document_pages(text, tagging, pages: Iterable[Page], description: str = "") -> list[PageInfo]:
    """What each of a document's pages (`pages`: urls.document_pages) says
    about itself in one script (`text`: render.ScriptText; `description`:
    document.toml's, simplified)."""
    doc = text.document
    ui, cv = text.ui, text.convert
    names = {t.slug: cv(t.name) for t in tagging.vocabulary} if tagging is not None else {}
    clause_tags = {c.number: tuple(names[s] for s in tagging.slugs(c.number)) for c in doc.clauses} \
        if tagging is not None else {}
    topics = tuple(dict.fromkeys(n for tags in clause_tags.values() for n in tags))
    title = text("title")
    places = locations(doc, text.script)
    sections = {s.number: s for s in doc.sections}
    clauses = {c.number: (c, s) for s in doc.sections for c in s.clauses}
    infos = []
    for page in pages:
        if page.kind == PageKind.HOME:
            home_ids = ("",) + tuple(p.id for p in places if p.id.startswith("preamble-"))
            infos.append(PageInfo(page.url, title, cv(description) or _plain(title), True, home_ids,
                                  children=tuple((page_url(PageKind.SECTION, s.number), f"{s.marker}{text(s.title_id)}")
                                                 for s in doc.sections),
                                  keywords=topics, downloads="document"))
        elif page.kind == PageKind.FULL_TEXT:
            infos.append(PageInfo(page.url, ui("全文"), _plain(f"{title} {ui('全文')}"), True,
                                  tuple(p.id for p in places), keywords=topics))
        elif page.kind == PageKind.SECTION:
            section = sections[page.key]
            heading = f"{section.marker}{text(section.title_id)}"
            ids = ("", section.id) + tuple(s.id for p in section.paragraphs for s in p.sentences)
            infos.append(PageInfo(
                page.url, heading, _plain(f"{title} · {heading}"), True, ids, parent="",
                children=tuple((page_url(PageKind.CLAUSE, c.number), f"{c.label}{text.clause_title(c)}")
                               for c in section.clauses),
                keywords=tuple(dict.fromkeys(n for c in section.clauses for n in clause_tags.get(c.number, ())))))
        elif page.kind == PageKind.CLAUSE:
            clause, section = clauses[page.key]
            body = "".join(text(s.id) for s in clause.sentences)
            infos.append(PageInfo(
                page.url, f"{clause.label}{text.clause_title(clause)}",
                _plain(f"{title} {clause.label}{body}"), True, ("", clause.id) + tuple(s.id for s in clause.sentences),
                parent=page_url(PageKind.SECTION, section.number), keywords=clause_tags.get(clause.number, ()),
                downloads=f"clause-{clause.number}"))
        else:
            name = ui(OTHER_PAGE_NAMES[page.kind]) if page.kind in OTHER_PAGE_NAMES else ui("主题") + "：" + names.get(page.key, "")
            infos.append(PageInfo(page.url, name, _plain(f"{title} · {name}"), False, ("",), keywords=topics))
    return infos


def parent_nodes(work: Work, doc, text) -> dict[str, dict]:
    """url -> the JSON-LD node a part is part of: a section is part of the
    document, a clause of its section (which names the document in turn)."""
    document = {"@type": "Legislation", "@id": work.edition_url, "name": work.title}
    nodes = {"": document}
    for section in doc.sections:
        url = page_url(PageKind.SECTION, section.number)
        nodes[url] = {"@type": "Legislation", "@id": work.edition_url + url,
                      "name": f"{section.marker}{text(section.title_id)}", "isPartOf": document}
    return nodes


# --- share image -------------------------------------------------------------

# Noto Sans CJK's simplified face; every other edition is traditional (TC).
FONT_FAMILY = {SIMPLIFIED: "Noto Sans CJK SC"}


@functools.lru_cache(maxsize=None)
def cjk_font(script: str) -> tuple[str, int] | None:
    """(file, face index) of a CJK font fontconfig knows, or None."""
    if shutil.which("fc-match") is None:
        return None
    family = FONT_FAMILY.get(script, "Noto Sans CJK TC")
    lang = "zh-cn" if script == SIMPLIFIED else "zh-tw"
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}\t%{index}", f"{family}:lang={lang}:weight=bold"],
                             capture_output=True, text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    file, _, index = out.partition("\t")
    if not file or not Path(file).is_file():
        return None
    return file, int(index or 0)


class NoGlyphs(Exception):
    """The font has no glyph for some character: drawing would show tofu."""


def missing_glyphs(font, text: str) -> list[str]:
    """Characters the font draws as its .notdef box. Pillow draws a missing
    glyph as .notdef, so a character whose mask equals a private-use
    character's (no font maps U+10FFFD) is missing."""
    notdef = _drawn(font, "\U0010fffd")
    return sorted({c for c in set(text) if not c.isspace() and _drawn(font, c) == notdef})


# Masks of characters by font (fonts come from `_font`, one object per file,
# face, size and file state, so a mask is never reused for another face).
_MASKS: dict[tuple[int, str], tuple[object, bytes]] = {}


def _drawn(font, char: str) -> bytes:
    key = (id(font), char)
    if key not in _MASKS or _MASKS[key][0] is not font:
        from PIL import Image, ImageDraw

        image = Image.new("L", (int(font.size * 1.5),) * 2)
        ImageDraw.Draw(image).text((0, 0), char, font=font, fill=255)
        _MASKS[key] = (font, image.tobytes())
    return _MASKS[key][1]


@functools.lru_cache(maxsize=16)
def _font(file: str, index: int, size: int, stamp: tuple[int, int]):
    """A loaded face; `stamp` (mtime, size of the file) loads it again after a change."""
    from PIL import ImageFont

    return ImageFont.truetype(file, size, index=index)


def _wrap(draw, font, text: str, width: int) -> list[str]:
    lines, line = [], ""
    for char in text:
        if draw.textlength(line + char, font=font) > width and line:
            lines.append(line)
            line = char
        else:
            line += char
    return lines + ([line] if line else [])


def share_image(title: str, subtitle: str, footer: str, script: str, size: tuple[int, int] = SHARE_SIZE) -> bytes:
    """A 1200x630 PNG card (or `size`: SQUARE_SIZE): the title, a line of facts, the site name.
    Raises NoGlyphs (with the characters) or FileNotFoundError (no font):
    the caller leaves the image out and says so, never draws boxes."""
    found = cjk_font(script)
    if found is None:
        raise FileNotFoundError("no CJK font found by fontconfig (fc-match)")
    file, index = found
    state = os.stat(file)
    return _share_png(title, subtitle, footer, file, index, (state.st_mtime_ns, state.st_size), size)


@functools.lru_cache(maxsize=64)  # the same cards in every rebuild (the live preview, a worker's next document)
def _share_png(title: str, subtitle: str, footer: str, file: str, index: int, stamp: tuple[int, int],
               size: tuple[int, int] = SHARE_SIZE) -> bytes:
    from PIL import Image, ImageDraw

    scale = size[0] / SHARE_SIZE[0] if size != SHARE_SIZE else 1.0
    big = _font(file, index, round(60 * max(scale, 0.75)), stamp)
    small = _font(file, index, round(32 * max(scale, 0.75)), stamp)
    missing = missing_glyphs(big, title + subtitle + footer)
    if missing:
        raise NoGlyphs("".join(missing))
    image = Image.new("RGB", size, (250, 250, 247))
    draw = ImageDraw.Draw(image)
    margin = round(80 * max(scale, 0.6))
    draw.rectangle([0, 0, round(24 * max(scale, 0.6)), size[1]], fill=(176, 32, 32))
    line_height, small_height = round(big.size * 1.33), round(small.size * 1.44)
    most = 5 if size == SHARE_SIZE else (size[1] - 3 * margin) // line_height  # lines of title that fit
    lines = _wrap(draw, big, title, size[0] - 2 * margin)[:most]
    y = round(90 * max(scale, 0.6))
    for line in lines:
        draw.text((margin, y), line, font=big, fill=(20, 20, 20))
        y += line_height
    y += 20
    for line in _wrap(draw, small, subtitle, size[0] - 2 * margin)[:2]:
        draw.text((margin, y), line, font=small, fill=(70, 70, 70))
        y += small_height
    draw.text((margin, size[1] - margin), footer, font=small, fill=(110, 30, 30))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def image_info(url: str, alt: str) -> dict:
    return {"url": url, "width": SHARE_SIZE[0], "height": SHARE_SIZE[1], "alt": alt}


def draw_share_image(title: str, subtitle: str, footer: str, script: str, diagnostics, where: str,
                     size: tuple[int, int] = SHARE_SIZE) -> bytes | None:
    """The card, or None with a warning saying why: a missing CJK font or
    glyph leaves pages without an image rather than with boxes (tofu)."""
    try:
        return share_image(title, subtitle, footer, script, size)
    except FileNotFoundError as exc:
        found = str(exc)
    except NoGlyphs as exc:
        found = f"the CJK font has no glyph for {str(exc)!r}"
    if diagnostics is not None:
        diagnostics.warning(where, 0, f"share image not drawn: {found}", "a CJK font fontconfig finds (fc-match)",
                            "install one (Debian: apt-get install fonts-noto-cjk fontconfig); pages are built "
                            "without og:image until then")
    return None


def works(edition, texts, site_url: str, site_name: str) -> dict[str, Work]:
    """The document as citations name it, per script (`texts`: script -> ScriptText)."""

    doc = edition.document
    config = edition.config
    found = {}
    for script, text in texts.items():
        found[script] = Work(
            slug=config.slug, script=script, language=script, title=text("title"),  # the edition key is its BCP 47 tag, as <html lang>
            short_title=text.convert(config.short_title) if config.short_title else text("title"),
            issuers=tuple(text(f"issuer-{k}") for k in range(1, len(doc.issuers) + 1)),
            date=doc.date, number=text("document-number") if doc.document_number else None,
            doc_type=text("type") if doc.doc_type else None,
            publisher=text("publisher") if doc.publisher else None, published=doc.published,
            official_url=doc.official_url or None, site_name=to_script(site_name, script),
            edition_url=edition_url(site_url, script, config.slug))
    return found


def document_extras(edition, texts, tagging, site_url: str, site_name: str, pages: Iterable[Page],
                    diagnostics=None) -> tuple[dict[str, dict[str, dict]], dict[str, dict[str, str | bytes]]]:
    """Per script: each page's meta (by page URL), and the files to add to
    the edition (citation downloads, the share image). `pages`: the
    document's pages (urls.document_pages)."""
    from policy_site.site.cite import edition_files

    doc = edition.document
    config = edition.config
    by_script = works(edition, texts, site_url, site_name)
    simplified = by_script[SIMPLIFIED]
    sources = source_hashes([config.full_text.path] + ([config.summary.path] if config.summary else []))
    meta: dict[str, dict[str, dict]] = {}
    files: dict[str, dict[str, str | bytes]] = {}
    for script, text in texts.items():
        work = by_script[script]
        infos = document_pages(text, tagging, sorted(pages, key=lambda p: p.path), config.description)
        topics = next((i.keywords for i in infos if i.url == ""), ())
        work = dataclasses.replace(work, keywords=topics)
        # Every citable place, in this script: for the downloads and each page's meta.
        places = locations(doc, script)
        files[script] = dict(edition_files(work, doc, places))
        subtitle = "、".join(work.issuers) + (f" · {_date(work.date)}" if work.date else "")
        png = draw_share_image(work.title, subtitle, work.site_name + " · " + text.ui("非官方转载"), script,
                               diagnostics, str(config.folder))
        image = None
        if png is not None:
            files[script][SHARE_IMAGE] = png
            image = image_info(work.edition_url + SHARE_IMAGE, work.title)
            square = share_image(work.title, subtitle, work.site_name, script, SQUARE_SIZE)
            files[script][SQUARE_IMAGE] = square
            image["square"] = {"url": work.edition_url + SQUARE_IMAGE, "width": SQUARE_SIZE[0],
                               "height": SQUARE_SIZE[1]}
        parents = parent_nodes(work, doc, text)
        # One entry for every place: a record differs from the document's by
        # its URL and location only, which the style does not print but as the URL.
        by_id = {p.id: p for p in places}
        template = gbt_template(record(work, places[0]))
        meta[script] = {
            info.url: document_page_meta(
                work, doc, info, simplified_url=None if script == SIMPLIFIED else simplified.edition_url + info.url,
                sources=sources, image=image, parents=parents, template=template, by_id=by_id)
            for info in infos}
    return meta, files
