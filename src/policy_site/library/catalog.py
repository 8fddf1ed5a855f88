"""Which documents the library holds, and the library's own editorial data
(`content/library.toml`). Checks what no single document can: two
documents with one title, slugs that would shadow a library page, more than one
document claiming the old root URLs."""
from __future__ import annotations

import hashlib
import os
import pickle
import re
from dataclasses import replace
from pathlib import Path

from policy_site.core import schema
from policy_site.core.diagnostics import Diagnostics
from policy_site.core.files import update_digest
from policy_site.core.read import display_path
from policy_site.document.config import (
    LIBRARY_FILE,
    DocumentConfig,
    LibraryConfig,
    key_line,
    load_document,
    load_library,
)
from policy_site.document.tag import LIBRARY_TAGS, check_own_tags, load_library_vocabulary, load_vocabulary
from policy_site.site import interface
from policy_site.urls import PAGE_FOLDERS

# Names the library uses at an edition root, for its own pages or for the
# first document's pre-library URLs (redirects): no document may take them.
RESERVED_SLUGS = PAGE_FOLDERS | frozenset({
    "assets", "feed", "documents", "library", "releases", "404", "sitemap", "search-index",
})


def document_folders(content: Path) -> list[Path]:
    """Every folder of `content/` with a document.toml, by folder name. The
    order is for reports only: no URL depends on it."""
    return sorted(p.parent for p in content.glob("*/document.toml"))


def load_catalog(content: Path, diagnostics: Diagnostics, only: str | None = None, *,
                 cache: Path | None = None, shared: bytes = b"",
                 ) -> tuple[LibraryConfig | None, list[DocumentConfig], dict[str, Diagnostics]]:
    """The library file and every document's config, checked together.
    A document whose own config fails gets its problems in the returned
    folder name -> diagnostics and is left out; problems between documents
    go to `diagnostics`: errors of the whole library.

    `cache`: a folder of the build's own (build/catalog/) where each
    document's checked config is kept under a digest of everything its check
    reads (`document_key`; `shared`: the generator's code and what every
    document shares), so an unchanged document of a large library costs a
    file read, not its checks."""
    library = load_library(content, diagnostics)
    vocabulary = load_library_vocabulary(content / LIBRARY_TAGS, diagnostics)  # the library's problem
    interface.load_tables(interface.use_project(content), diagnostics)  # every edition's words: the library's problem
    check_document_folders(content, diagnostics)
    configs: list[DocumentConfig] = []
    own: dict[str, Diagnostics] = {}
    defines: dict[str, bool] = {}  # slug -> the document defines topics of its own
    withdrawn: list[tuple[str, str]] = []  # declared in the document's own document.toml
    for folder in document_folders(content):
        own[folder.name] = Diagnostics()
        if folder.is_symlink():
            # A document reads only inside its own folder under content/: a link would
            # make the build read (and publish) whatever it points at.
            own[folder.name].error(display_path(folder), 0, f"a link to {os.readlink(folder)}",
                                   "a document folder inside content/", "move the folder into content/")
            continue
        reason = withdrawn_reason(folder, own[folder.name])
        if reason is not None or own[folder.name].errors:
            withdrawn += [(folder.name, reason)] if reason else []
            continue
        config, defines_own = _checked_document(folder, own[folder.name], vocabulary, cache, shared)
        if config is not None:
            configs.append(config)
            defines[config.slug] = defines_own
    if library is not None:
        library = replace(library, withdrawn=library.withdrawn + tuple(withdrawn),
                          topic_order=tuple(t.slug for t in vocabulary.tags))
    check_catalog(configs, library, diagnostics)
    # Only documents with topics of their own can define one twice: the check reads those only.
    check_own_tags([c for c in configs if defines.get(c.slug, True)], diagnostics)
    if only is not None and only not in own:  # a folder whose config fails reports its own problems
        names = ", ".join(c.slug for c in configs) or "none"
        diagnostics.error(display_path(content), 0, f"no document {only!r}", f"one of: {names}",
                          "give the folder name of a document under content/")
    return library, configs, own


def withdrawn_reason(folder: Path, diagnostics: Diagnostics) -> str | None:
    """`withdrawn = "reason"` in a kept document.toml: the document is not
    built (its sources may be gone) and its published pages stay, each with
    a notice, as for a [[withdrawn]] entry of content/library.toml. None when
    the document is not withdrawn (or its file does not parse: its own
    loading reports that)."""
    loaded = schema.load_toml(folder / "document.toml", Diagnostics())
    if loaded is None or "withdrawn" not in loaded.data:
        return None
    value = loaded.data["withdrawn"]
    if not isinstance(value, str) or not value.strip():
        diagnostics.error(loaded.shown, loaded.line((), "withdrawn"), f"withdrawn = {schema.shown_value(value)}",
                          "the reason, in words, why the document is withdrawn",
                          'write withdrawn = "……" (its pages stay, each with the reason), or remove the line')
        return None
    return value.strip()


NOT_DOCUMENTS = frozenset({"ui"})  # folders of content/ that hold the library's own data


def check_document_folders(content: Path, diagnostics: Diagnostics) -> None:
    """Every folder of content/ but the library's own data is a document: one
    without document.toml is an error, not skipped (a renamed or deleted
    document.toml would otherwise unpublish the document without a word)."""
    if not content.is_dir():
        return
    for folder in sorted(p for p in content.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if folder.name not in NOT_DOCUMENTS and not (folder / "document.toml").exists():
            diagnostics.error(display_path(folder / "document.toml"), 0, "missing",
                              "a document.toml in every document folder of content/",
                              "restore it (or draft one with `policy-site add`), or move the folder out of content/")


def check_vanished(library: LibraryConfig, published: dict[str, str] | None, configs: list[DocumentConfig],
                   content: Path, diagnostics: Diagnostics) -> list[str]:
    """Documents the live site publishes whose folder or document.toml is
    gone: an error unless content/library.toml declares them withdrawn (a
    published URL stops answering only when someone decided so). Returns the
    withdrawn documents that are still published."""
    withdrawn = dict(library.withdrawn)
    present = {c.slug for c in configs} | {p.parent.name for p in content.glob("*/document.toml")
                                           if p.parent.name not in withdrawn}
    kept = []
    for slug in sorted(published or {}):
        if slug in present:
            continue
        if slug in withdrawn:
            kept.append(slug)
            continue
        diagnostics.error(display_path(content / slug / "document.toml"), 0,
                          f"missing; the document {slug!r} is published on the live site",
                          "every published document in content/, or declared withdrawn",
                          f"restore content/{slug}/, or declare it in {library.file}: [[withdrawn]] "
                          f"slug = \"{slug}\" reason = \"…\"")
    return kept


CATALOG_VERSION = b"catalog 1"  # part of every key: a change of what is cached here changes it


def document_key(folder: Path, shared: bytes) -> str:
    """A digest of what a document's checks read: every file of its folder
    (name, link target if a link, bytes), the library's files beside it, the
    folder's path and the working directory (messages name paths relative to
    it), and `shared`."""
    digest = hashlib.sha256(CATALOG_VERSION + b"\0" + shared)
    digest.update(f"{folder}\0{folder.resolve()}\0{os.getcwd()}\0".encode())
    for path in [folder.parent / LIBRARY_FILE, folder.parent / LIBRARY_TAGS, *sorted(folder.rglob("*"))]:
        name = path.relative_to(folder.parent).as_posix()
        if path.is_symlink():
            digest.update(f"link {name} -> {os.readlink(path)}\0".encode())
        if path.is_file():
            digest.update(f"file {name}\0".encode())
            update_digest(digest, path)  # streamed: a large file dropped in the folder costs no memory
            digest.update(b"\0")
        elif path.is_dir():
            digest.update(f"folder {name}\0".encode())
    return digest.hexdigest()


def _checked_document(folder: Path, diagnostics: Diagnostics, vocabulary, cache: Path | None, shared: bytes
                      ) -> tuple[DocumentConfig | None, bool]:
    """load_document and whether the document defines topics of its own,
    from the cache when its key is the one stored."""
    stored = cache / f"{folder.name}.pickle" if cache is not None else None
    key = document_key(folder, shared) if stored is not None else ""
    if stored is not None:
        try:
            with stored.open("rb") as f:
                if pickle.load(f) == key:
                    config, found, defines_own = pickle.load(f)
                    diagnostics.extend(found)
                    return config, defines_own
        except Exception:  # missing, truncated or from another version: check again
            pass
    found = Diagnostics()
    config = load_document(folder, found)
    defines_own = True
    if config is not None and config.tags_file is not None:
        defines_own = bool(load_vocabulary(config.tags_file, Diagnostics(), vocabulary).own)
    elif config is not None:
        defines_own = False
    diagnostics.extend(found)
    if stored is not None:
        stored.parent.mkdir(parents=True, exist_ok=True)
        partial = stored.with_name(f"{stored.name}.{os.getpid()}.partial")
        with partial.open("wb") as f:
            pickle.dump(key, f)
            pickle.dump((config, found, defines_own), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, stored)
    return config, defines_own


def _line(config: DocumentConfig, key: str) -> int:
    try:
        return key_line((config.folder / "document.toml").read_text(encoding="utf-8"), key)
    except OSError:
        return 0


def check_catalog(configs: list[DocumentConfig], library: LibraryConfig | None,
                  diagnostics: Diagnostics) -> None:
    """Slugs are unique and well formed already: content.load_document makes
    each match its folder's name and the slug pattern."""
    by_title: dict[str, DocumentConfig] = {}
    legacy: list[DocumentConfig] = []
    for config in configs:
        shown = display_path(config.folder / "document.toml")
        if config.slug in RESERVED_SLUGS:
            diagnostics.error(shown, _line(config, "slug"), f"slug {config.slug!r}, a name the library uses",
                              f"a slug other than {', '.join(sorted(RESERVED_SLUGS))}",
                              "choose another slug, e.g. with the year: " + f"{config.slug}-2025")
        title = re.sub(r"\s+", "", config.title)
        if title in by_title:
            first = by_title[title]
            diagnostics.error(shown, _line(config, "title"), f"title “{config.title}”, already the title of "
                              f"{display_path(first.folder / 'document.toml')}",
                              "each document once in the library",
                              "remove the copy, or correct the title if they are different documents")
        by_title.setdefault(title, config)
        if config.legacy_root:
            legacy.append(config)
    for extra in legacy[1:]:
        diagnostics.error(display_path(extra.folder / "document.toml"), _line(extra, "legacy_root"),
                          f"legacy_root = true, already claimed by {legacy[0].slug}",
                          "one document with the pre-library root URLs", "remove legacy_root from this document")
