"""Run the whole pipeline for one document: text stages, audit, layers,
render, site, into the document's own output folder. The library
(library/build.py) publishes every document's output as one site."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import uuid
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin

from markupsafe import Markup

from policy_site.core.confine import check_overrides
from policy_site.core.diagnostics import Diagnostics
from policy_site.core.project import Project
from policy_site.core.read import display_path
from policy_site.core.timings import Timings
from policy_site.document.align import FAIL_SCORE, BulletLink, Coverage, align_summary, coverage
from policy_site.document.audit import Audit, audit_edition
from policy_site.document.config import (
    content_root,
    is_version_folder,
    load_declared_unaligned,
    load_library,
    version_folders,
)
from policy_site.document.method import method_facts
from policy_site.document.model import Document
from policy_site.document.pipeline import DocumentText, load_edition
from policy_site.document.references import DocumentReferences, item_links, merge
from policy_site.document.relations import DocumentRelations, RelationKind, Status
from policy_site.document.tag import library_tags_path, tag_document
from policy_site.site import interface
from policy_site.site.engine import SCRIPT_DIRS, SiteSpec, build_document_site
from policy_site.site.engine_problems import EngineProblem, page_on_line, source_of_page
from policy_site.site.export import export_document
from policy_site.site.export import paths as export_paths
from policy_site.site.metadata import document_extras
from policy_site.site.qr import QR_FILE, SENTENCE_MASK, qr_svg
from policy_site.site.record import RECORD_FILE, DocumentRecord, RecordTag
from policy_site.site.render import (
    ABOUT,
    MATCH_KIND_LABELS,
    SUMMARY,
    ScriptText,
    keep_compiled_templates,
    navigation,
    render_backlinks,
    render_clause_tags,
    render_document_pages,
    render_explained_by,
    render_fragment,
    render_summary_page,
    render_tag_pages,
    sections_out_of_nav,
)
from policy_site.site.search import search_index
from policy_site.site.status import StatusNotice, relation_rows, status_notice, version_notice, version_rows
from policy_site.urls import (
    SEARCH_INDEX,
    SHARED_ASSETS,
    VERSIONS,
    Page,
    PageKind,
    document_pages,
    edition_url,
    node_page,
    node_url,
    other_document,
    page_path,
    sentence_qr,
    version_prefix,
)
from policy_site.zh.convert import TO_SIMPLIFIED_CONFIG, to_script
from policy_site.zh.editions import CONVERTED, SCRIPTS, SIMPLIFIED, read_back_rule
from policy_site.zh.editions import edition as edition_of


def script_texts(edition: DocumentText, references: DocumentReferences | None = None) -> dict[str, ScriptText]:
    """`references`: the library's layer for this document (library/build.py);
    references inside the document (第（八）项) are found here."""
    links = merge(item_links(edition.document), references.outgoing if references else {})
    explains: dict[str, tuple] = {}
    for explained in (references.explains if references else ()):
        explains[explained.paragraph] = (*explains.get(explained.paragraph, ()), explained)
    return {script: ScriptText(script, edition.document, {} if script == SIMPLIFIED else edition.layers[script],
                               links=links, explains=explains)
            for script in SCRIPTS}


def _add_explained_by(clause_blocks: dict[int, list], text: ScriptText, references: DocumentReferences | None) -> None:
    """Under each clause, the paragraphs of interpretations that explain it, in document order."""
    explaining: dict[int, list] = {}
    for explained in (references.explained_by if references else ()):
        explaining.setdefault(explained.clause, []).append(explained)
    for number, paragraphs in explaining.items():
        clause_blocks.setdefault(number, []).append(render_explained_by(text, number, paragraphs))


def _version_dates(folder: Path) -> list[str]:
    """The dates of a document's earlier versions (built after it, version_specs):
    its home lists them, and document.json. An earlier version has none."""
    return [] if is_version_folder(folder) else [date for date, _ in version_folders(folder, Diagnostics())]


def _versions_json(slug: str, dates: list[str]) -> list[dict]:
    return [{"date": d, "paths": {s: edition_url("", s, version_prefix(slug, d)).lstrip("/") for s in SCRIPTS}}
            for d in dates]


def summary_layers(edition: DocumentText, diagnostics: Diagnostics | None = None):
    """Alignment of the summary: links per bullet, the quoted-sentence layer,
    coverage. Bullets below the threshold are errors unless declared."""
    if edition.summary is None:
        return None
    links = align_summary(edition.summary, edition.document)
    declared = load_declared_unaligned(edition.config.folder / "summary.toml",
                                       diagnostics if diagnostics is not None else Diagnostics())
    if diagnostics is not None:
        for bullet in edition.summary.bullets:
            link = links[bullet.id]
            if link.score < FAIL_SCORE and bullet.id not in declared:
                diagnostics.error(bullet.source.file, bullet.source.line,
                                  f"summary bullet {bullet.id} matches no sentence of the full text well "
                                  f"(best {link.score:.0%}, in {link.owner or 'nothing'})",
                                  f"a match of at least {FAIL_SCORE:.0%}",
                                  f"correct the bullet, or declare it in summary.toml: "
                                  f"[[unaligned]] bullet = \"{bullet.id}\" reason = \"…\"")
    quoted: dict[str, list[str]] = {}
    for bullet_id, link in links.items():
        for sentence_id in link.sentence_ids:
            quoted.setdefault(sentence_id, []).append(bullet_id)
    return links, quoted, coverage(edition.document, links)


def site_spec(edition: DocumentText, audit: Audit, site_url: str,
              diagnostics: Diagnostics | None = None, timings: Timings | None = None,
              references: DocumentReferences | None = None) -> tuple[SiteSpec, dict]:
    with interface.pinned():  # one reading of the interface words for every page
        return _site_spec(edition, audit, site_url, diagnostics, timings, references)


def _site_spec(edition: DocumentText, audit: Audit, site_url: str, diagnostics: Diagnostics | None,
               timings: Timings | None, references: DocumentReferences | None) -> tuple[SiteSpec, dict]:
    timings = timings or Timings()
    started = time.perf_counter()
    config = edition.config
    texts = script_texts(edition, references)
    relations = references.relations if references is not None else own_relations(config)
    citing: dict[str, list] = {}
    for citation in (references.cited_by if references else ()):
        citing.setdefault(citation.slug, []).append(citation)
    aligned = summary_layers(edition, diagnostics)
    has_summary = aligned is not None
    started = timings.mark("align", started)
    tagging = tag_document(edition.document, config.tags_file, diagnostics if diagnostics is not None else Diagnostics(),
                           library=library_tags_path(config.folder))
    has_tags = tagging is not None
    started = timings.mark("tag", started)
    # Every page of the document, once: what is rendered, described and recorded.
    page_list = document_pages(edition.document, has_summary=has_summary,
                               tag_slugs=[t.slug for t in tagging.vocabulary] if tagging is not None else None)
    pages: dict[str, dict[str, str]] = {}
    nav: dict[str, list[object]] = {}
    citation: dict[str, dict[str, str]] = {}
    about_context = _about_context(edition, audit)  # the same in every script
    for script, text in texts.items():
        clause_blocks: dict[int, list[str]] = {}
        about_blocks: list[str] = []
        quoted: dict[str, list[str]] = {}
        summary_pages: dict[str, str] = {}
        if tagging is not None:
            summary_pages.update(render_tag_pages(text, tagging))
            for clause in edition.document.clauses:
                clause_blocks.setdefault(clause.number, []).append(render_clause_tags(text, clause.number, tagging))
        _add_explained_by(clause_blocks, text, references)
        if aligned is not None:
            links, quoted, covered = aligned
            summary = edition.summary
            summary_text = edition.summary_text_of(script).__getitem__
            summary_pages[SUMMARY] = render_summary_page(text, summary_text, summary, links,
                                                         config.summary.outlet if config.summary else "")
            for clause in edition.document.clauses:
                block = render_backlinks(text, clause.number, summary_text, summary, links)
                if block:
                    clause_blocks.setdefault(clause.number, []).append(block)
            about_blocks.append(coverage_block(text, covered, links))
        pages[script] = render_document_pages(
            text, description=config.description, clause_blocks=clause_blocks, about_blocks=about_blocks,
            about_context=about_context, has_summary=has_summary, has_tags=has_tags, quoted=quoted,
            cited_by=[(slug, c[0].title[script], c) for slug, c in citing.items()],
            relations=relation_rows(relations, script, config.slug),
            versions=version_rows(script, config.slug, _version_dates(config.folder)))
        pages[script].update(summary_pages)
        nav[script] = navigation(text, has_summary=has_summary, has_tags=has_tags)
        started = timings.mark("render", started)
        # A static file beside the pages; MkDocs copies it as it is.
        bullets = [(b.id, summary_text(b.id)) for b in edition.summary.bullets] if aligned is not None else []
        pages[script][SEARCH_INDEX] = json.dumps(search_index(edition.document, texts, script, bullets),
                                                        ensure_ascii=False, separators=(",", ":"))
        started = timings.mark("search index", started)
        citation[script] = {
            "fullTitle": text("title"),
            "shortNote": to_script(f"，以下简称《{config.short_title}》", script) if config.short_title else "",
            "date": text("date") if edition.document.date_label else "",
        }
    # Head metadata, provenance and citation files of every page (metadata.py, cite.py).
    library = load_library(content_root(config.folder), Diagnostics())
    _check_pages(config.slug, pages, page_list)
    meta, files = document_extras(edition, texts, tagging, site_url, library.title if library else "",
                                  page_list, diagnostics)
    _add_page_extras(pages, files, meta, relations, [s.id for s in edition.document.sentences()])
    started = timings.mark("metadata", started)
    spec = SiteSpec(slug=config.slug, title=edition.document.title, description=config.description,
                    site_url=site_url, pages=pages, nav=nav, citation=citation,
                    not_in_nav=(("/" + page_path(PageKind.TAG, "*"),) if has_tags else ())
                    + tuple(f"/{path}" for path in sections_out_of_nav(edition.document)), meta=meta,
                    document_pages=page_list)
    document_json = export_document(edition, {**_exported_layers(edition, aligned, tagging, references),
                                              "status": relations.as_json(), "versions": _versions_json(config.slug, _version_dates(config.folder))})
    timings.mark("render", started)
    return spec, document_json


# schema.org's LegalForceStatus for each status; the relations by which one legislation changes another.
LEGAL_FORCE = {Status.IN_FORCE: "InForce", Status.AMENDED: "PartiallyInForce", Status.REPEALED: "NotInForce",
               Status.REPLACED: "NotInForce", Status.EXPIRED: "NotInForce", Status.NOT_YET_IN_FORCE: "NotInForce"}
CHANGING = {RelationKind.REPLACES.value, RelationKind.AMENDS.value, RelationKind.REPEALS.value}


def own_relations(config) -> DocumentRelations:
    """A document built alone (no library scan): its declared status only."""
    return DocumentRelations(Status(config.status), True) if config.status else DocumentRelations()


def _add_status(meta: dict[str, dict], notice: StatusNotice | None, relations: DocumentRelations) -> None:
    """The status notice each page opens with (overrides/main.html), its link
    relative to the page; in the JSON-LD of the text's own pages, the legal
    force and the documents this one changes (schema.org)."""
    changes = [r.slug for r in relations.related if r.slug and r.kind in CHANGING]
    for url, page in meta.items():
        if notice is not None:
            page["status"] = {"text": notice.text, "link_text": notice.link_text, "after": notice.after,
                              "href": notice.href(url)}
        jsonld = page["jsonld"]
        if jsonld.get("@type") != "Legislation":
            continue
        if relations.status is not None:
            jsonld["legislationLegalForce"] = LEGAL_FORCE[relations.status]
        if changes:
            jsonld["legislationChanges"] = [{"@type": "Legislation", "@id": urljoin(page["url"], other_document(url, s))}
                                            for s in changes]


def _add_page_extras(pages: dict, files: dict, meta: dict, relations: DocumentRelations,
                     sentences: list[str]) -> None:
    """Beside each edition's pages: the metadata's files, the status notice, the QR codes."""
    for script in SCRIPTS:
        pages[script].update(files[script])
        _add_status(meta[script], status_notice(relations, script), relations)
        _add_qr_codes(pages[script], meta[script], script, sentences)


def _add_qr_codes(pages: dict[str, object], meta: dict[str, dict], script: str, sentences: list[str]) -> None:
    """A QR code of each page's permanent address beside it (site/qr.py),
    named in its meta; and of each sentence's (its page and #fragment),
    beside the page that shows it, for the sentence popover (policy.js)."""
    for url, page in meta.items():
        label = interface.ui(script, "本页二维码") + "：" + page["url"]
        pages[url + QR_FILE] = qr_svg(page["url"], label)
        page["qr"] = {"src": QR_FILE, "label": interface.ui(script, "二维码"), "alt": label}
    home = meta.get("")
    for node_id in sentences if home is not None else ():
        if node_page(node_id) in meta:
            address = home["url"] + node_url(node_id)
            pages[sentence_qr(node_id)] = qr_svg(address, interface.ui(script, "本句二维码") + "：" + address,
                                                 SENTENCE_MASK)


def _about_context(edition: DocumentText, audit: Audit) -> dict:
    """What the sources-and-method page says of the document's text stages."""
    config = edition.config
    return {
        "config": config,
        "full_text_file": config.full_text.path.name,
        "summary_file": config.summary.path.name if config.summary else "",
        "audit_rows": audit.rows,
        "to_simplified_config": TO_SIMPLIFIED_CONFIG,
        # Each converted edition: (label, OpenCC config, corrections file, its corrections).
        "conversions": [(e.label, e.opencc, e.corrections, edition.corrections.get(e.key, ()))
                        for e in CONVERTED],
        # Reviewed corrections to a traditional source's simplified text (simplified.toml).
        "simplified_fixes": edition.corrections.get(SIMPLIFIED, ()),
        # Differences the round trip accepted by a read-back rule: (edition label, rule, places).
        "read_back": [(edition_of(key).label, read_back_rule(key, name), places)
                      for key, name, places in audit.read_back],
        "method": method_facts(edition, audit),
    }


def _exported_layers(edition: DocumentText, aligned, tagging, references: DocumentReferences | None) -> dict:
    """document.json's layers beside the text: summary, topics, references."""
    slug = edition.config.slug
    extra = {"summary": export_summary(edition, aligned[0])} if aligned is not None else {}
    if tagging is not None:
        extra["vocabulary"] = [{"slug": t.slug, "name": {s: to_script(t.name, s) for s in SCRIPTS},
                                "description": {s: to_script(t.description, s) for s in SCRIPTS},
                                "paths": export_paths(slug, PageKind.TAG, t.slug)} for t in tagging.vocabulary]
        extra["clause_tags"] = {str(n): [{"slug": m.slug, "terms": list(m.terms), "sentence_ids": list(m.sentence_ids),
                                          "manual": m.manual} for m in tagging.clauses[n]]
                                for n in tagging.clauses}
    if references is not None and (references.outgoing or references.cited_by):
        extra["references"] = references.as_json()
    return extra


def _check_pages(slug: str, pages: dict[str, dict[str, str]], page_list: tuple[Page, ...]) -> None:
    """The pages rendered are the document's pages (urls.document_pages), in every edition."""
    for script in SCRIPTS:
        rendered = {path for path in pages[script] if path.endswith(".md")}
        if rendered != {page.path for page in page_list}:
            raise RuntimeError(f"{slug}: rendered pages {sorted(rendered)} are not the document's pages "
                               f"{sorted(page.path for page in page_list)} (urls.document_pages)")


def coverage_block(text: ScriptText, covered: Coverage, links: dict[str, BulletLink]) -> Markup:
    doc = text.document
    kinds: dict[str, int] = {}
    for link in links.values():
        kinds[link.kind] = kinds.get(link.kind, 0) + 1
    return render_fragment(
        "_coverage.md.j2", text, ABOUT,
        clauses=[doc.clause(n).label for n in covered.unmentioned_clauses],
        sections=[s for s in doc.sections if s.number in covered.unmentioned_sections],
        kinds=[(MATCH_KIND_LABELS[k], n) for k, n in sorted(kinds.items())],
        weak=[(l.bullet_id, f"{l.score:.0%}") for l in covered.weak])


def export_summary(edition: DocumentText, links: dict[str, BulletLink]) -> dict:
    summary = edition.summary
    assert summary is not None
    def both(node_id: str, text: str) -> dict[str, str]:
        return {SIMPLIFIED: text, **{key: layer[node_id] for key, layer in edition.summary_layers.items()}}

    return {
        "title": both("summary-title", summary.title),
        "date": summary.date,
        "source": summary.source_file,
        "intro": [{"id": p.id, **both(p.id, p.text)} for p in summary.intro],
        "groups": [{
            "id": g.id, "heading": both(g.id, g.heading),
            "bullets": [{
                "id": b.id, "line": b.source.line, "text": both(b.id, b.text),
                "clause": int(links[b.id].owner[1:]) if links[b.id].owner.startswith("c") else None,
                "kind": links[b.id].kind, "score": links[b.id].score,
                "sentence_ids": list(links[b.id].sentence_ids),
                "links": [{"text": s.text, "owner": s.owner, "sentence_ids": list(s.sentence_ids),
                           "kind": s.kind, "score": s.score} for s in links[b.id].sentences],
            } for b in g.bullets],
        } for g in summary.groups],
    }


def document_build_dir(paths: Project, slug: str) -> Path:
    """Generated Markdown and configs of one document (`<edition>/docs/`),
    and its last good built site (`out/`)."""
    return paths.build / "documents" / slug


def document_out(paths: Project, slug: str) -> Path:
    return document_build_dir(paths, slug) / "out"


def library_record(edition: DocumentText, spec: SiteSpec, document_json: dict, site_url: str, inputs: str = "",
                   previous: DocumentRecord | None = None, versions: tuple[str, ...] = ()) -> DocumentRecord:
    """What the library's pages know of a document, in every script; also
    what decides whether its last good build can be published as it is.
    `previous`: the last good build's record; its `changed` time is kept
    while what readers read (document.json) is the same (the Atom feed)."""
    config = edition.config
    content = hashlib.sha256(json.dumps(document_json, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    # SOURCE_DATE_EPOCH (reproducible-builds.org) fixes the time, as MkDocs
    # does for its sitemap: shards and parallel builds then agree byte for byte.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    built = time.strftime("%Y-%m-%dT%H:%M:%S%z", time.gmtime(int(epoch)) if epoch else time.localtime())
    changed = built
    if previous and previous.content_digest == content and previous.changed:
        changed = previous.changed
    doc = edition.document
    both = lambda text: {script: to_script(text, script) for script in SCRIPTS}  # noqa: E731
    clauses = document_json["clauses"]
    return DocumentRecord(
        slug=config.slug, site_url=site_url, inputs=inputs, title=document_json["title"],
        short_title=both(config.short_title), description=both(config.description),
        # What the text prints, else what document.toml declares (parse.py merges them).
        doc_type=doc.doc_type or "", issuers=tuple(both(i) for i in doc.issuers), issued=doc.date or "",
        number=doc.document_number or "", publisher=doc.publisher or "", published=doc.published or "",
        official_url=doc.official_url or "", sections=len(doc.sections), clauses=len(doc.clauses),
        tags=tuple(RecordTag(t["slug"], t["name"], t["description"]) for t in document_json.get("vocabulary", [])
                   if any(t["slug"] in c.get("tags", []) for c in clauses)),
        clause_tags={c["number"]: tuple(c.get("tags", [])) for c in clauses},
        clause_titles={script: {c["number"]: c["label"] + c["title"][script] for c in clauses} for script in SCRIPTS},
        legacy_root=config.legacy_root,
        pages={script: tuple(sorted(p.path for p in spec.document_pages)) for script in SCRIPTS},
        status=document_json["status"]["status"] or "",
        changes=tuple(sorted({r["slug"] for r in document_json["status"]["related"]
                              if r["slug"] and r["kind"] in CHANGING and r["kind"] != RelationKind.REPEALS.value})),
        built=built, content_digest=content, changed=changed, versions=versions,
        build_id=uuid.uuid4().hex)


def read_record(out: Path) -> DocumentRecord | None:
    """The record of a document's built site (`out`), or None when it has
    none that reads (never built, or killed while writing)."""
    try:
        return DocumentRecord.from_json((out / RECORD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def publish(folder: Path, paths: Project, *, site_url: str, diagnostics: Diagnostics,
            timings: Timings | None = None, write_site: bool = True, inputs: str = "",
            references: DocumentReferences | None = None,
            loaded: tuple[DocumentText | None, Diagnostics] | None = None) -> DocumentText | None:
    """Build one document into `build/documents/<slug>/out/`, which keeps its
    last good version: the new build is made beside it and moved in only when
    all of it succeeded. The library publishes from there. `loaded`: the text
    stages' result and problems, when the caller has run them already."""
    interface.use_project(paths.content)  # this project's words, in a worker process too
    with interface.pinned():  # one reading of the interface words for every page
        return _publish(folder, paths, site_url, diagnostics, timings or Timings(), write_site, inputs,
                        references, loaded)


def _publish(folder: Path, paths: Project, site_url: str, diagnostics: Diagnostics, timings: Timings,
             write_site: bool, inputs: str, references: DocumentReferences | None,
             loaded: tuple[DocumentText | None, Diagnostics] | None) -> DocumentText | None:
    keep_compiled_templates(paths.build / "templates")
    if loaded is not None:
        edition, found = loaded
        diagnostics.extend(found)
    else:
        edition = load_edition(folder, diagnostics, timings)
    started = time.perf_counter()
    if edition is None:
        return None
    audit = audit_edition(edition, diagnostics)
    started = timings.mark("audit", started)
    if diagnostics.errors:
        return None
    spec, document_json = site_spec(edition, audit, site_url, diagnostics, timings, references)
    versions = version_specs(edition, spec, site_url, diagnostics, timings)
    if diagnostics.errors:
        return None
    if write_site:
        if not check_overrides(paths.root / "overrides", diagnostics):
            return None
        out = document_out(paths, edition.config.slug)
        fresh = out.with_name("out.partial")
        shutil.rmtree(fresh, ignore_errors=True)
        try:
            build_document_site(spec, build_root=document_build_dir(paths, edition.config.slug),
                                base_config=paths.root / "mkdocs.yml", out_dir=fresh,
                                document_json=document_json, timings=timings.stages)
            for date, version_spec, version_json in versions:
                _build_version(paths, version_spec, version_json, fresh, date, timings)
            record = library_record(edition, spec, document_json, site_url, inputs, read_record(out),
                                    versions=tuple(date for date, _, _ in versions))
            (fresh / RECORD_FILE).write_text(record.to_json(), encoding="utf-8")
        except EngineProblem as problem:
            shutil.rmtree(fresh, ignore_errors=True)
            report_engine_problem(problem, paths, edition.document, diagnostics)
            return None
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        previous = out.with_name("out.previous")
        shutil.rmtree(previous, ignore_errors=True)
        if out.exists():
            out.rename(previous)
        fresh.rename(out)
        shutil.rmtree(previous, ignore_errors=True)
    return edition


def version_specs(edition: DocumentText, current: SiteSpec, site_url: str, diagnostics: Diagnostics,
                  timings: Timings) -> list[tuple[str, SiteSpec, dict]]:
    """Each earlier version of the document (content/<slug>/versions/<date>/,
    a whole document folder as that text was published) as a site of its own
    below the document (urls.version_prefix), every page opening with a
    notice that links the current text and the comparison. Its problems are
    the document's: a version that does not build stops the document."""
    slug = edition.config.slug
    current_pages = frozenset(p.url for p in current.document_pages)
    out = []
    for date, folder in version_folders(edition.config.folder, diagnostics):
        found = Diagnostics()
        version = load_edition(folder, found, timings)
        audit = audit_edition(version, found) if version is not None and not found.errors else None
        if version is None or audit is None or found.errors:
            diagnostics.extend(found)
            continue
        # Its own URLs below the document's; what it said of other documents is the current text's to say.
        prefix = version_prefix(slug, date)
        config = replace(version.config, slug=prefix, relations=(), status="", legacy_root=False)
        version = replace(version, config=config, document=replace(version.document, slug=prefix))
        spec, document_json = site_spec(version, audit, site_url, found, timings)
        diagnostics.extend(found)
        if found.errors:
            continue
        for script, pages in spec.meta.items():
            for url, page in pages.items():
                page["status"] = version_notice(script, slug, date, url, current_pages)
        out.append((date, spec, document_json))
    return out


def _build_version(paths: Project, spec: SiteSpec, document_json: dict, fresh: Path, date: str,
                   timings: Timings) -> None:
    """One earlier version's editions into the document's new output, at
    <edition>/versions/<date>/, its shared assets with the document's."""
    slug = spec.slug.split("/")[0]
    built = fresh.with_name("version.partial")
    shutil.rmtree(built, ignore_errors=True)
    try:
        build_document_site(spec, build_root=document_build_dir(paths, slug) / VERSIONS / date,
                            base_config=paths.root / "mkdocs.yml", out_dir=built, document_json=document_json,
                            timings=timings.stages)
        for folder in SCRIPT_DIRS.values():
            (fresh / folder / VERSIONS).mkdir(exist_ok=True)
            (built / folder).rename(fresh / folder / VERSIONS / date)
        for asset in sorted((built / SHARED_ASSETS).iterdir()) if (built / SHARED_ASSETS).is_dir() else ():
            target = fresh / SHARED_ASSETS / asset.name
            if not target.exists():
                target.parent.mkdir(exist_ok=True)
                asset.rename(target)
    finally:
        shutil.rmtree(built, ignore_errors=True)


def report_engine_problem(problem: EngineProblem, paths: Project, document: Document, diagnostics: Diagnostics) -> None:
    """MkDocs stopped: at the project file it names (mkdocs.yml, a template
    of overrides/), or, when it names what the generator wrote (a generated
    config or page), at the source line of the clause or section that page
    shows: the text that made it."""
    file = Path(problem.file).resolve() if problem.file else None
    build = paths.build.resolve()
    if file is not None and file.is_relative_to(paths.root.resolve()) and not file.is_relative_to(build):
        diagnostics.error(display_path(file), problem.line, f"MkDocs stopped: {problem.what}",
                          "a configuration and templates MkDocs builds with",
                          "correct that line (the file is the project's own, edited by hand)", column=problem.column)
        return
    page = problem.page or (page_on_line(file, problem.line) if file is not None else "")
    source = source_of_page(document, page)
    generated = f" (generated {display_path(file)}:{problem.line})" if file is not None else ""
    diagnostics.error(source.file, source.line, f"text MkDocs could not build on {page or 'a page'}{generated}: "
                      f"{problem.what}", "text the generated site can hold",
                      "the build should have refused this line with a message of its own: report it; "
                      "meanwhile reword or shorten the line")
