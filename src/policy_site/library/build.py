"""Build and publish the library: each document into its own output folder
(which keeps its last good version), the library's pages from what the
documents exported, and one release swapped in atomically.

A document that fails keeps its last good version online while the others
publish; problems between documents (duplicate slugs or titles) stop the
whole build before anything is written.

Documents build in worker processes (`jobs`, one per core from the command
line; `jobs=1` builds in this process, as the live preview does): the text
stages of every document first (the reference scan needs them all), then
the documents to rebuild, then the library's pages in this process. Results
are gathered in document order, so reports and sites do not depend on
`jobs`."""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import pickle
import shutil
import sys
import threading
import time
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path
from typing import Callable, Iterator

from policy_site.core.diagnostics import BuildError, Diagnostics
from policy_site.core.files import update_digest
from policy_site.core.project import Project
from policy_site.core.timings import Timings
from policy_site.document.interpretation import ClauseText, ParagraphText, interpretation_layers
from policy_site.document.model import Sentence
from policy_site.document.pipeline import DocumentText, load_edition
from policy_site.document.references import PATTERNS, TITLE, DocumentReferences, LibraryDocument, library_references
from policy_site.document.relations import RelationKind, RelationSource, library_relations
from policy_site.site import interface
from policy_site.site.engine import current_engine, run_mkdocs, write_edition
from policy_site.site.engine_problems import check_theme
from policy_site.site.publish import document_build_dir, document_out, publish, read_record
from policy_site.site.record import DocumentRecord
from policy_site.site.shared_assets import share_assets
from policy_site.urls import (
    DOCUMENT_JSON,
    EDITION_FOLDERS,
    LEGACY_FILES,
    SEARCH_FOLDER,
    SEARCH_INDEX,
    SHARED_ASSETS,
    VERSIONS,
    node_page,
    version_prefix,
)
from policy_site.zh.convert import to_script
from policy_site.zh.editions import SCRIPTS, SIMPLIFIED

from . import pages, release
from .catalog import check_vanished, document_folders, load_catalog


@dataclass
class DocumentOutcome:
    slug: str
    diagnostics: Diagnostics
    built: bool  # built in this run
    published: str  # "new", "last good" or "" (not online)
    summary: str = ""
    process: int = 0  # the process that built it (a worker, or this one)


@dataclass
class LibraryOutcome:
    diagnostics: Diagnostics = field(default_factory=Diagnostics)  # the library's own problems
    documents: list[DocumentOutcome] = field(default_factory=list)
    site: Path | None = None  # the release published, if any

    @property
    def ok(self) -> bool:
        return not self.diagnostics.errors and all(not d.diagnostics.errors for d in self.documents)


def _record(paths: Project, slug: str) -> DocumentRecord | None:
    out = document_out(paths, slug)
    previous = out.with_name("out.previous")
    if not out.exists() and previous.exists():
        previous.rename(out)  # a build killed between its two renames: the last good one is back
    return read_record(out)


def _tree_digest(digest, root: Path, label: str) -> None:
    if root.is_file():
        digest.update(f"{label}\0".encode())
        update_digest(digest, root)
        digest.update(b"\0")
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"{label}/{path.relative_to(root).as_posix()}\0".encode())
            update_digest(digest, path)  # streamed: the same digest, without the file in memory
            digest.update(b"\0")


def shared_inputs(paths: Project, site_url: str) -> bytes:
    """What every document's pages are made from besides its own folder: the
    generator's code, templates and assets, the theme and its overrides, the
    base config, the library file, the library vocabulary and the site URL."""
    import importlib.metadata

    import policy_site

    digest = hashlib.sha256(site_url.encode())
    _tree_digest(digest, Path(policy_site.__file__).parent, "policy_site")
    engine = current_engine()
    digest.update(f"engine {engine}\0".encode())  # another engine writes other bytes
    for name in ("mkdocs", "mkdocs-material", "mkdocs-redirects", "OpenCC", "Markdown", "Jinja2") + (
            ("zensical",) if engine == "zensical" else ()):
        try:
            digest.update(f"{name}=={importlib.metadata.version(name)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name} missing\0".encode())
    for label, path in (("mkdocs.yml", paths.root / "mkdocs.yml"), ("overrides", paths.root / "overrides"),
                        ("library.toml", paths.content / "library.toml"), ("tags.toml", paths.content / "tags.toml")):
        if path.exists():
            _tree_digest(digest, path, label)
    _tree_digest(digest, paths.content / "ui", "ui")  # every edition's interface words
    return digest.digest()


def inputs_digest(folder: Path, shared: bytes, references: DocumentReferences | None = None) -> str:
    """The content hash of everything a document's build reads: an equal hash
    means an identical build, so it is not rebuilt. The library's reference
    layer is an input too: a new citing document changes the cited one's pages."""
    digest = hashlib.sha256(shared)
    _tree_digest(digest, folder, folder.name)
    if references is not None:
        digest.update(b"references\0" + references.digest_bytes())
    return digest.hexdigest()


Loaded = tuple[DocumentText | None, Diagnostics]  # a document's text stages, run once per build


TEXT_CACHE = "text-stages.pickle"  # in build/documents/<slug>/: the text stages' result, by its inputs


@dataclass(frozen=True)
class ReferenceView:
    """What the reference scan (references.library_references) reads of a
    document: the sentences that name a title in 《》 (no other sentence
    can cite), and the texts it quotes (those and the sentences its relations
    give as evidence: relations.library_relations), by script and id. Kept before the
    whole result in the text stages' cache, so the scan reads an unchanged
    document's view alone, not all its text stages."""
    cited: tuple[Sentence, ...]
    texts: dict[tuple[str, str], str]
    # For interpretations (document/interpretation.py): every clause's text, and,
    # in a document that interprets another, its paragraphs (their texts in `texts`).
    clauses: tuple[ClauseText, ...] = ()
    paragraphs: tuple[ParagraphText, ...] = ()

    def sentences(self) -> tuple[Sentence, ...]:
        return self.cited

    def text(self, script: str, node_id: str) -> str:
        return self.texts[script, node_id]

    @classmethod
    def of(cls, edition: DocumentText) -> "ReferenceView":
        document = edition.document
        layers = {SIMPLIFIED: dict(document.texts()), **edition.layers}
        cited = tuple(s for s in document.sentences() if PATTERNS[TITLE].search(s.text))
        interprets = any(r.kind is RelationKind.INTERPRETS for r in edition.config.relations)
        paragraphs = tuple(ParagraphText(p.id, p.text, tuple(s.id for s in p.sentences))
                           for p in document.paragraphs()) if interprets else ()
        wanted = ("title", *(s.id for s in cited), *(r.evidence for r in edition.config.relations),
                  *(c.title_sentence.id for c in document.clauses),
                  *(s for p in paragraphs for s in p.sentences))
        texts = {(script, node_id): layers[script][node_id] for script in SCRIPTS if script in layers
                 for node_id in wanted if node_id in layers[script]}
        clauses = tuple(ClauseText(c.id, c.number, c.citation_label, "".join(s.text for s in c.sentences),
                                   c.title_sentence.id) for c in document.clauses)
        return cls(cited, texts, clauses, paragraphs)


def _load_text(folder: Path, cache: Path | None = None, key: str = "", view_only: bool = False
               ) -> tuple[Loaded | None, ReferenceView | None, dict[str, float]]:
    """A document's text stages, in a worker process or in this one: their
    result (None when `view_only` and the cache had it: only the view was
    read), its reference view (None: the stages failed) and the stages'
    times. With a cache file: its result when the key (a digest of the
    folder, its path and the shared inputs, generator code included) is the
    one stored, so an unchanged document of a large library costs a small
    file read in the reference scan, not its text stages (the cache is the
    build's own file in build/, written only by a build, like the outputs
    beside it)."""
    started = time.perf_counter()
    if cache is not None:
        try:
            with cache.open("rb") as f:
                if pickle.load(f) == key:
                    view = pickle.load(f)
                    loaded = None if view_only else pickle.load(f)
                    return loaded, view, {"text stages, cached": time.perf_counter() - started}
        except Exception:  # missing, truncated or from another version: run the stages
            pass
    found, timings = Diagnostics(), Timings()
    edition = load_edition(folder, found, timings)
    view = ReferenceView.of(edition) if edition is not None else None
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_name(f"{cache.name}.{os.getpid()}.partial")
        with partial.open("wb") as f:
            pickle.dump(key, f)
            pickle.dump(view, f, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump((edition, found), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, cache)
    return (edition, found), view, timings.stages


def reference_layers(configs, timings: Timings | None = None, pool: Executor | None = None,
                     caches: dict[str, tuple[Path, str]] | None = None
                     ) -> tuple[dict[str, DocumentReferences], dict[str, Diagnostics], dict[str, Loaded]]:
    """Every document's references to the others, found before any is built,
    and the text stages of each document whose stages ran (kept, so a
    document rebuilt next does not run them again; one whose result the
    cache holds is not among them: `_load_text` reads it when it is rebuilt).
    A document whose text stages fail cites nothing here; its own build
    reports why. `pool`: run the text stages there; `caches`: slug ->
    (cache file, key) of the text stages (`_load_text`)."""
    documents = []
    loaded: dict[str, Loaded] = {}
    caches = caches or {}
    results = _run_all(pool, _load_text, [(config.folder, *caches.get(config.slug, (None, "")), True)
                                          for config in configs])
    for config, (result, view, stages) in zip(configs, results):
        _add_stages(timings, stages)
        if result is not None:
            loaded[config.slug] = result
        documents.append(LibraryDocument(config.slug, config.title, config.short_title, view,
                                         view.text if view is not None else lambda script, node_id: ""))
    layers, problems = library_references(documents, SCRIPTS, node_page)
    relations, relation_problems = library_relations(
        [RelationSource(c.slug, c.status, c.relations, d.text) for c, d in zip(configs, documents)], SCRIPTS)
    for slug, found in relation_problems.items():
        problems.setdefault(slug, Diagnostics()).extend(found)
    layers = {slug: replace(layer, relations=relations[slug]) for slug, layer in layers.items()}
    return _with_interpretations(layers, configs, {d.slug: d.document for d in documents}), problems, loaded


def _title_id(view: "ReferenceView", number: int) -> str:
    return next((c.title_id for c in view.clauses if c.number == number), "")


def _with_interpretations(layers: dict[str, DocumentReferences], configs,
                          views: dict[str, "ReferenceView | None"]) -> dict[str, DocumentReferences]:
    """Each `interprets` relation between two library documents aligned
    (document/interpretation.py), both sides added to the layers."""
    explains: dict[str, list] = {slug: [] for slug in layers}
    explained: dict[str, list] = {slug: [] for slug in layers}
    for config in configs:
        own = views.get(config.slug)
        for relation in config.relations:
            target = views.get(relation.document) if relation.document else None
            if relation.kind is not RelationKind.INTERPRETS or own is None or target is None:
                continue
            mine, theirs = interpretation_layers(
                config.slug, {s: own.text(s, "title") for s in SCRIPTS}, list(own.paragraphs), relation.document,
                list(target.clauses),
                lambda script, number, t=target: t.texts.get((script, _title_id(t, number)), "").rstrip("。！？"),
                lambda script, p, o=own: "".join(o.text(script, s) for s in p.sentences),
                node_page, SCRIPTS, {paragraph: clauses for paragraph, clauses, _ in config.interpretations})
            explains[config.slug] += mine
            explained[relation.document] += theirs
    return {slug: replace(layer, explains=tuple(explains[slug]), explained_by=tuple(explained[slug]))
            for slug, layer in layers.items()}


def _add_stages(timings: Timings | None, stages: dict[str, float]) -> None:
    if timings is not None:
        for stage, seconds in stages.items():
            timings.stages[stage] = timings.stages.get(stage, 0.0) + seconds


def _run_all(pool: Executor | None, function: Callable, calls: list[tuple]) -> list:
    """`function(*call)` for each call, results in the order of the calls
    (so reports do not depend on which worker finished first)."""
    if pool is None:
        return [function(*call) for call in calls]
    futures: list[Future] = [pool.submit(function, *call) for call in calls]
    return [future.result() for future in futures]


def default_jobs() -> int:
    return os.cpu_count() or 1


@contextmanager
def worker_pool(jobs: int, tasks: int) -> Iterator[Executor | None]:
    """Worker processes for `tasks` documents, or None (build in this
    process) when one would do. Forked from a process with one thread (the
    command line: workers inherit its imports, no start-up cost); a process
    with threads (the live preview's watcher) starts fresh interpreters."""
    workers = min(jobs, tasks)
    if workers <= 1:
        yield None
        return
    methods = multiprocessing.get_all_start_methods()
    method = "fork" if "fork" in methods and threading.active_count() == 1 else "spawn"
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method)) as pool:
        yield pool


def _build_document(folder: Path, paths: Project, site_url: str, timings: Timings | None,
                    inputs: str, references: DocumentReferences | None = None,
                    loaded: Loaded | None = None) -> DocumentOutcome:
    diagnostics = Diagnostics()
    try:
        edition = publish(folder, paths, site_url=site_url, diagnostics=diagnostics, timings=timings,
                          inputs=inputs, references=references, loaded=loaded)
    except BuildError as exc:
        diagnostics.items.extend(exc.diagnostics)
        edition = None
    except Exception as exc:  # MkDocs aborts (strict warnings) end here
        diagnostics.error(str(folder), 0, f"site build failed: {type(exc).__name__}: {exc}", "a clean MkDocs build",
                          "fix the problem MkDocs reports")
        edition = None
    if edition is None and not diagnostics.errors:
        diagnostics.error(str(folder), 0, "the build stopped", "a built document", "see the messages above")
    summary = ""
    if edition is not None:
        doc = edition.document
        summary = f"{len(doc.sections)} sections, {len(doc.clauses)} clauses"
    return DocumentOutcome(folder.name, diagnostics, edition is not None, "", summary)


def _build_in_worker(folder: Path, paths: Project, site_url: str, inputs: str,
                     references: DocumentReferences | None, loaded: Loaded | None
                     ) -> tuple[DocumentOutcome, dict[str, float]]:
    timings = Timings()
    result = _build_document(folder, paths, site_url, timings, inputs, references, loaded)
    result.process = os.getpid()
    return result, timings.stages


def build_documents(paths: Project, site_url: str, configs, own: dict[str, Diagnostics], *,
                    only: str | None = None, members: set[str] | None = None, jobs: int = 1,
                    timings: Timings | None = None) -> tuple[list[DocumentOutcome], str]:
    """Rebuild the documents whose inputs changed (or `only`), in document
    order; `members`: only these documents are considered (a shard). Returns
    the outcomes and a digest of every document's inputs (what a shard build
    was made from). The caller holds the build lock."""
    folders = {c.slug: c.folder for c in configs}
    shared = shared_inputs(paths, site_url)
    caches = {c.slug: (document_build_dir(paths, c.slug) / TEXT_CACHE,
                       inputs_digest(c.folder, shared + str(c.folder).encode())) for c in configs}
    with worker_pool(jobs, len(configs)) as pool:
        layers, reference_problems, loaded = reference_layers(configs, timings, pool, caches)
        library_digest = hashlib.sha256(shared)
        digests = {}
        for folder in document_folders(paths.content):
            digests[folder.name] = inputs_digest(folder, shared, layers.get(folder.name))
            library_digest.update(f"{folder.name}\0{digests[folder.name]}\0".encode())
        outcomes: list[DocumentOutcome | None] = []
        calls: list[tuple] = []
        for folder in document_folders(paths.content):
            slug = folder.name
            if members is not None and slug not in members:
                continue
            record = _record(paths, slug)
            digest = digests[slug]
            stale = record is None or record.site_url != site_url
            changed = stale or record.inputs != digest
            rebuild = slug in folders and (slug == only or (only is None and changed) or stale)
            if rebuild and slug in reference_problems:  # not built: its last good version stays
                outcomes.append(DocumentOutcome(slug, reference_problems[slug], False, ""))
            elif rebuild:
                outcomes.append(None)  # filled in below, in this order
                if slug not in loaded and slug in caches:  # the scan read its view only
                    loaded[slug] = _load_text(folder, *caches[slug])[0]
                calls.append((folder, paths, site_url, digest, layers.get(slug), loaded.get(slug)))
            else:
                outcomes.append(DocumentOutcome(slug, own.get(slug, Diagnostics()), False, ""))
        loaded.clear()  # each call holds its own; the rest is not needed any more
        built = iter(_run_guarded(pool, calls))
        results: list[DocumentOutcome] = []
        for result in outcomes:
            if result is None:
                result, stages = next(built)
                _add_stages(timings, stages)
            record = _record(paths, result.slug)
            if record is not None and record.site_url == site_url:
                result.published = "new" if result.built else "last good"
            results.append(result)
    return results, library_digest.hexdigest()


def _run_guarded(pool: Executor | None, calls: list[tuple]) -> list[tuple[DocumentOutcome, dict[str, float]]]:
    """The builds; a worker that died (killed, out of memory) fails its
    document only, as an exception inside the build would."""
    if pool is None:
        return [_build_in_worker(*call) for call in calls]
    futures = [pool.submit(_build_in_worker, *call) for call in calls]
    results = []
    for call, future in zip(calls, futures):
        try:
            results.append(future.result())
        except Exception as exc:
            folder = call[0]
            problems = Diagnostics()
            problems.error(str(folder), 0, f"site build failed: the worker process stopped ({type(exc).__name__}: "
                           f"{exc})", "a finished build", "rebuild; if it recurs, build with --jobs 1 to see why")
            results.append((DocumentOutcome(folder.name, problems, False, ""), {}))
    return results




def check_site_dir(paths: Project, diagnostics: Diagnostics) -> bool:
    """The site folder a build or a merge may replace with its link."""
    problem = release.site_dir_problem(paths.root, paths.build, paths.site)
    if problem is not None:
        diagnostics.error(str(paths.site), 0, f"--site-dir names {problem[0]}", "a new or empty folder, or this "
                          "project's own site link", problem[1])
    return problem is None


def build_library(paths: Project, site_url: str, *, only: str | None = None,
                  timings: Timings | None = None, jobs: int = 1) -> LibraryOutcome:
    """`only`: rebuild that document and publish the others as last built
    (those built for another site URL are rebuilt too). `jobs`: worker
    processes for the documents (1: in this process)."""
    outcome = LibraryOutcome()
    if not check_site_dir(paths, outcome.diagnostics):
        return outcome
    with release.build_lock(paths.build):
        check_theme(paths.root, outcome.diagnostics)  # mkdocs.yml and overrides/: the library's problem
        library, configs, own = load_catalog(paths.content, outcome.diagnostics, only, cache=paths.build / "catalog",
                                             shared=shared_inputs(paths, site_url))
        if library is None or outcome.diagnostics.errors:
            return outcome
        online = release.published_contents(paths.site)  # None: no site, or not one of our releases
        withdrawn = check_vanished(library, online, configs, paths.content, outcome.diagnostics)
        if outcome.diagnostics.errors:
            return outcome
        outcome.documents, _ = build_documents(paths, site_url, configs, own, only=only, jobs=jobs,
                                               timings=timings)
        published = [d for d in outcome.documents if d.published]
        records = [_record(paths, d.slug) for d in published]
        # A document withdrawn in its own document.toml is among the published (its last good build) already.
        records += [r for r in (_record(paths, slug) for slug in withdrawn if slug not in {d.slug for d in published})
                    if r is not None]
        contents = {r.slug: r.build_id for r in records}
        built = any(d.built for d in outcome.documents)
        outdated = online != contents if online is not None else not paths.site.exists()
        outdated = outdated or _notice_missing(paths.site, library.withdrawn)
        if not published or not (built or outdated):
            return outcome  # nothing new (or nothing at all): the site stays exactly as it is
        outcome.site = publish_library(paths, site_url, library, records, contents, timings or Timings())
    return outcome


def _compared_documents(records: list[DocumentRecord], out: Callable[[str], Path]) -> dict[str, dict]:
    """document.json of each document a comparison needs (one that replaces
    or amends a library document, and that document), from its build."""
    slugs = {r.slug for r in records}
    wanted = {s for r in records for s in (r.slug, *r.changes) if (r.changes or r.versions) and s in slugs}
    folder = EDITION_FOLDERS[SIMPLIFIED]
    documents = {slug: json.loads((out(slug) / folder / DOCUMENT_JSON).read_text(encoding="utf-8"))
                 for slug in sorted(wanted)}
    for record in records:  # each earlier version is compared with the current text
        for date in record.versions:
            path = out(record.slug) / folder / VERSIONS / date / DOCUMENT_JSON
            documents[version_prefix(record.slug, date)] = json.loads(path.read_text(encoding="utf-8"))
    return documents


def publish_library(paths: Project, site_url: str, library, records: list[DocumentRecord], contents: dict[str, str],
             timings: Timings, outs: dict[str, Path] | None = None) -> Path:
    """The library's pages and every document's built site, as one release.
    `outs`: where each document's built site is (default: its last good
    build under build/documents/; a merge: the shards).

    What the library's pages cost does not grow with an edit: the search
    files and the topic pages' HTML are kept under build/library/ by a digest
    of exactly what they are made from (`LibraryCache`), and reused when it is
    unchanged; only the pages that list every document (the home, the feed)
    are made and built each time."""
    started = time.perf_counter()
    out = (lambda slug: outs[slug]) if outs is not None else (lambda slug: document_out(paths, slug))
    sites = pages.library_editions(records, library, site_url, stub_topics=True,
                                   documents=_compared_documents(records, out))
    library_build = paths.build / "library"
    shared = shared_inputs(paths, site_url)
    fresh = release.new_release(paths.build, paths.site)
    spares = release.spares_dir(paths.build, paths.site)
    started = timings.mark("library pages", started)
    try:
        for script, site in sites.items():
            folder = EDITION_FOLDERS[script]
            edition = fresh / folder
            search = _search_files(library_build / f"{folder}.search", shared, records, out, script)
            started = timings.mark("library search index", started)
            topics = LibraryCache(library_build / f"{folder}.topics",
                                  _topics_key(shared, site, paths, pages.topic_inputs(records, script, library.topic_order)))
            reused = topics.valid(pages.topic_html(site))
            config = write_edition(site if reused else pages.with_topic_pages(site, records, library),
                                   library_build / folder, paths.root / "mkdocs.yml")
            started = timings.mark("library pages", started)
            run_mkdocs(config, edition)
            share_assets(edition, fresh / SHARED_ASSETS, site.site_url, site_url)
            started = timings.mark(f"mkdocs library {script}", started)
            if reused:  # the stubs' HTML out, the topic pages' HTML of the build they were made in
                for name in pages.topic_html(site):
                    (edition / name).unlink()
                    release.link_file(topics.files / name, edition / name)
            else:
                topics.store(edition, pages.topic_html(site))
            release.link_tree(search, edition / SEARCH_FOLDER)
            for record in records:
                target = edition / record.slug
                if target.exists():  # a library page where a document belongs: never overwrite either
                    raise RuntimeError(f"{target}: the library's own pages already use {record.slug!r}")
            started = timings.mark("assemble release", started)
        folders = [EDITION_FOLDERS[script] for script in sites]
        for record in records:
            release.link_shared(out(record.slug) / SHARED_ASSETS, fresh / SHARED_ASSETS)
        linked = {r.slug for r in records
                  if not release.place_document(fresh, spares, r.slug, r.build_id, out(r.slug), folders)}
        for slug, reason in library.withdrawn:
            if any(r.slug == slug for r in records):
                mark_withdrawn(fresh, slug, reason)
        (fresh / "index.html").write_text(pages.root_index(library, site_url), encoding="utf-8")
        (fresh / "404.html").write_text(pages.root_404(site_url, records), encoding="utf-8")
        (fresh / ".nojekyll").write_text("", encoding="utf-8")
        legacy = next((r for r in records if r.legacy_root), None)
        if legacy is not None:
            for name in LEGACY_FILES:
                shutil.copy2(out(legacy.slug) / EDITION_FOLDERS[SCRIPTS[0]] / name, fresh / name)
    except BaseException:
        release.discard(fresh)
        raise
    published = release.publish_release(fresh, paths.site, contents, spares)
    release.keep_spares(spares, contents, {r.slug: out(r.slug) for r in records}, folders, linked)
    timings.mark("assemble release", started)
    return published


WITHDRAWN_AT = '<article class="md-content__inner md-typeset">'  # Material's page body: the notice opens it


def withdrawn_notice(script: str, reason: str) -> str:
    return ('<p class="withdrawn-notice" role="note"><strong>'
            + escape(interface.ui(script, "本文件已撤回：{reason}").format(reason=to_script(reason, script)))
            + "</strong></p>")


def _notice_missing(site: Path, withdrawn: tuple[tuple[str, str], ...]) -> bool:
    """A withdrawn document the live site shows without its notice (or with
    another reason): the release must be made again, though nothing was built."""
    for slug, reason in withdrawn:
        home = site / EDITION_FOLDERS[SIMPLIFIED] / slug / "index.html"
        if home.is_file() and withdrawn_notice(SIMPLIFIED, reason) not in home.read_text(encoding="utf-8"):
            return True
    return False


def mark_withdrawn(release_dir: Path, slug: str, reason: str) -> None:
    """A withdrawn document's pages stay published (their URLs are promises),
    each opening with a notice that says so and why, in the edition's words.
    The release's files are links shared with the document's last good
    build: each page is written anew (unlinked first), never in place."""
    for script, folder in EDITION_FOLDERS.items():
        notice = withdrawn_notice(script, reason)
        for page in sorted((release_dir / folder / slug).rglob("index.html")):
            html = page.read_text(encoding="utf-8")
            if WITHDRAWN_AT in html:
                page.unlink()
                page.write_text(html.replace(WITHDRAWN_AT, WITHDRAWN_AT + notice, 1), encoding="utf-8")


class LibraryCache:
    """Files of the library's pages kept from an earlier build, with the
    digest of what they were made from (`key`): valid only for that digest.
    Replaced whole, by rename, never rewritten in place, so the releases that
    link its files keep theirs."""

    def __init__(self, folder: Path, key: str) -> None:
        self.folder, self.key = folder, key
        self.files = folder / "files"

    def valid(self, names: list[str]) -> bool:
        try:
            stored = (self.folder / "key").read_text(encoding="utf-8")
        except OSError:
            return False
        return stored == self.key and self.files.is_dir() and all((self.files / name).is_file() for name in names)

    def store(self, source: Path, names: list[str]) -> None:
        """Keep `names` below `source` (linked, not copied) under this key."""
        def fill(files: Path) -> None:
            for name in names:
                (files / name).parent.mkdir(parents=True, exist_ok=True)
                release.link_file(source / name, files / name)
        self._replace(fill)

    def write(self, texts: dict[str, str]) -> None:
        """Keep these files (path -> text) under this key."""
        def fill(files: Path) -> None:
            for name, text in texts.items():
                (files / name).parent.mkdir(parents=True, exist_ok=True)
                (files / name).write_text(text, encoding="utf-8")
        self._replace(fill)

    def _replace(self, fill: Callable[[Path], None]) -> None:
        partial = self.folder.with_name(f"{self.folder.name}.{os.getpid()}.partial")
        shutil.rmtree(partial, ignore_errors=True)
        (partial / "files").mkdir(parents=True)
        fill(partial / "files")
        (partial / "key").write_text(self.key, encoding="utf-8")
        previous = self.folder.with_name(f"{self.folder.name}.previous")
        shutil.rmtree(previous, ignore_errors=True)
        if self.folder.exists():
            self.folder.rename(previous)
        partial.rename(self.folder)
        shutil.rmtree(previous, ignore_errors=True)


def _topics_key(shared: bytes, site, paths: Project, inputs: str) -> str:
    """What a topic page's HTML is made from: the shared inputs (generator,
    templates, theme, engine and versions, library file, interface words,
    site URL), the edition's configuration, the paths of all its pages (links
    between them are checked) and what of the records the topic pages show
    (`pages.topic_inputs`); not the other pages' text (see library/pages.py).
    `site`: the edition with stub topic pages."""
    digest = hashlib.sha256(shared)
    fields = {name: getattr(site, name) for name in ("script", "prefix", "site_name", "description", "root_url",
                                                     "nav", "citation", "not_in_nav", "plugins", "meta")}
    digest.update(json.dumps(fields, ensure_ascii=False, sort_keys=True).encode())
    digest.update(f"{paths.root.resolve()}\0".encode())  # the config names overrides/ by its path
    digest.update("\0".join(sorted(site.pages)).encode() + b"\0")
    digest.update(inputs.encode())
    return digest.hexdigest()


def _search_files(folder: Path, shared: bytes, records: list[DocumentRecord], out: Callable[[str], Path], script: str) -> Path:
    """The edition's library search files, made again only when a document's
    index or the record fields they read changed: their folder."""
    digest = hashlib.sha256(shared + f"search {script}\0".encode())
    raw = {}
    for record in sorted(records, key=lambda r: r.slug):
        raw[record.slug] = (out(record.slug) / EDITION_FOLDERS[script] / SEARCH_INDEX).read_bytes()
        digest.update(json.dumps([record.slug, *pages.search_inputs(record, script)],
                                 ensure_ascii=False).encode())
        digest.update(hashlib.sha256(raw[record.slug]).digest())
    cache = LibraryCache(folder, digest.hexdigest())
    if not cache.valid([]):
        indexes = {slug: json.loads(data) for slug, data in raw.items()}
        texts = pages.search_files(indexes, {r.slug: r for r in records}, script)
        cache.write({path.removeprefix(SEARCH_FOLDER): text for path, text in texts.items()})
    return cache.files


def report_documents(outcome: LibraryOutcome, stream) -> bool:
    """Every problem, then each document's state; False if the library's own
    problems stopped the build (nothing more to say)."""
    for line in outcome.diagnostics.report_lines():
        print(line, file=stream)
    if outcome.diagnostics.errors:
        print(f"{outcome.diagnostics.error_count} error(s) in the library: nothing was built or published; "
              "the last good site is unchanged.", file=stream)
        return False
    for document in outcome.documents:
        for line in document.diagnostics.report_lines():
            print(line, file=stream)
    for document in outcome.documents:
        errors = document.diagnostics.error_count
        if document.built:
            print(f"built {document.slug}: {document.summary}", file=sys.stdout)
        elif errors and document.published == "last good":
            print(f"{document.slug}: {errors} error(s): not rebuilt; its last good version stays online.",
                  file=stream)
        elif errors:
            print(f"{document.slug}: {errors} error(s): never built, so not published.", file=stream)
    return True


def report(outcome: LibraryOutcome, *, stream=None) -> int:
    """Print every problem, then what is online; returns the exit code."""
    stream = stream or sys.stderr
    if not report_documents(outcome, stream):
        return 1
    if outcome.site is not None:
        print(f"published {sum(bool(d.published) for d in outcome.documents)} document(s) -> {outcome.site}",
              file=sys.stdout)
    elif not outcome.ok:
        print("nothing was published; the last good site is unchanged.", file=stream)
    else:
        print("no document changed since it was last built: the published site stays as it is.", file=sys.stdout)
    return 0 if outcome.ok else 1
