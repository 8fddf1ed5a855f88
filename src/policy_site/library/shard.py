"""Distributed builds: `build --shard i/n` builds every n-th document (in
order of slug) into a shard folder; `merge` checks a full set of shards and
publishes them as one site through the same lock and atomic release as a
build, so a merge that fails publishes nothing and the last good site stays.

A shard folder holds, per document it built, that document's output as the
library publishes it (`documents/<slug>/`: its editions and record.json), and
`manifest.json`: which shard of how many, the commit, the digest of the
inputs every document shares (generator, theme, base config, library files,
site URL), the digest of every document's inputs (the same for every shard of
one library state), the site URL, and each member document's state. The
library's own pages are made at the merge, from the shards' records, as a
single build makes them: three shards merged equal one build byte for byte.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from policy_site.core.diagnostics import Diagnostics, visible
from policy_site.core.files import CHUNK, update_digest
from policy_site.core.project import Project
from policy_site.core.timings import Timings
from policy_site.site.engine_problems import check_theme
from policy_site.site.publish import document_out, read_record
from policy_site.site.record import RECORD_FILE
from policy_site.urls import EDITION_FOLDERS

from . import release
from .build import (
    DocumentOutcome,
    LibraryOutcome,
    build_documents,
    check_site_dir,
    publish_library,
    report_documents,
    shared_inputs,
)
from .catalog import document_folders, load_catalog

MANIFEST = "manifest.json"
FORMAT = 2  # 2: the manifest lists every file with its size and SHA-256
BUILD_ID = re.compile(r"^[0-9a-f]{32}$")  # uuid4().hex, as publish writes it
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DOCUMENTS = "documents"
EXAMPLE = "write --shard 1/3, --shard 2/3 and --shard 3/3 for three jobs (i/n: shard i of n, 1 ≤ i ≤ n)"


class ShardSpecError(ValueError):
    """A `--shard` value that is not i/n with 1 ≤ i ≤ n."""


@dataclass(frozen=True)
class ShardSpec:
    index: int  # 1-based
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def members(self, slugs: list[str]) -> list[str]:
        """Every n-th document, in order of slug: adding a document moves
        at most the documents after it to the next shard, never a URL."""
        return sorted(slugs)[self.index - 1::self.count]


def parse_shard(text: str) -> ShardSpec:
    match = re.fullmatch(r"\s*([0-9]+)\s*/\s*([0-9]+)\s*", text)
    if match is None:
        raise ShardSpecError(f"--shard {text!r}: found no shard number and count; expected i/n, two whole numbers; "
                             + EXAMPLE)
    index, count = int(match.group(1)), int(match.group(2))
    if count < 1:
        raise ShardSpecError(f"--shard {text!r}: found {count} shards; expected at least 1; " + EXAMPLE)
    if not 1 <= index <= count:
        raise ShardSpecError(f"--shard {text!r}: found shard {index} of {count}; expected a shard number from 1 to "
                             f"{count}; " + EXAMPLE)
    return ShardSpec(index, count)


def default_shard_dir(paths: Project, spec: ShardSpec) -> Path:
    return paths.build / "shards" / f"{spec.index}-of-{spec.count}"


def commit_of(project: Path) -> str | None:
    """The commit checked out, or None outside a git work tree (the inputs'
    digests still tell shards of different sources apart)."""
    try:
        done = subprocess.run(["git", "-C", str(project), "rev-parse", "HEAD"], capture_output=True, text=True,
                              timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


@dataclass
class ShardOutcome(LibraryOutcome):
    folder: Path | None = None  # the shard folder written, if any
    spec: ShardSpec | None = None
    states: dict[str, str] = field(default_factory=dict)  # member slug -> "new", "last good" or "failed"


def build_shard(paths: Project, site_url: str, spec: ShardSpec, folder: Path, *, jobs: int = 1,
                timings: Timings | None = None) -> ShardOutcome:
    """Build this shard's documents (as `build` does: unchanged ones are
    not rebuilt) and write them with the manifest into `folder`, replaced
    whole. Nothing is published."""
    outcome = ShardOutcome(spec=spec)
    with release.build_lock(paths.build):
        check_theme(paths.root, outcome.diagnostics)
        library, configs, own = load_catalog(paths.content, outcome.diagnostics)
        if library is None or outcome.diagnostics.errors:
            return outcome
        slugs = [f.name for f in document_folders(paths.content)]
        members = spec.members(slugs)
        outcome.documents, library_inputs = build_documents(paths, site_url, configs, own, members=set(members),
                                                            jobs=jobs, timings=timings)
        if not _replaceable(folder, outcome.diagnostics):
            return outcome
        fresh = folder.with_name(folder.name + ".partial")
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        try:
            for document in outcome.documents:
                outcome.states[document.slug] = document.published or "failed"
                if document.published:
                    release.link_tree(document_out(paths, document.slug), fresh / DOCUMENTS / document.slug)
            manifest = {
                "format": FORMAT,
                "shard": str(spec), "index": spec.index, "count": spec.count,
                "commit": commit_of(paths.root),
                "shared_inputs": shared_inputs(paths, site_url).hex(),
                "library_inputs": library_inputs,
                "site_url": site_url,
                "members": members,
                "documents": {d.slug: d.published for d in outcome.documents if d.published},
                "failed": {d.slug: [str(i) for i in d.diagnostics.items]
                           for d in outcome.documents if d.diagnostics.errors},
                # What the merge may publish: every file, its size and digest.
                "files": file_list(fresh / DOCUMENTS),
            }
            (fresh / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
            if folder.exists():
                shutil.rmtree(folder)
            fresh.rename(folder)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        outcome.folder = folder
    return outcome


def _replaceable(folder: Path, diagnostics: Diagnostics) -> bool:
    """A shard folder is replaced whole: only an empty folder or an earlier
    shard (it has a manifest), never a folder of something else."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        diagnostics.error(str(folder), 0, "a file or link where the shard folder goes", "a folder or nothing",
                          "pass another --shard-dir, or remove it")
        return False
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MANIFEST).is_file():
        diagnostics.error(str(folder), 0, f"a folder with other files and no {MANIFEST}",
                          "an empty folder or an earlier shard folder", "pass another --shard-dir, or empty it")
        return False
    return True


def report_shard(outcome: ShardOutcome, *, stream=None) -> int:
    stream = stream or sys.stderr
    if not report_documents(outcome, stream):
        return 1
    if outcome.folder is not None:
        print(f"shard {outcome.spec}: {sum(s in ('new', 'last good') for s in outcome.states.values())} of "
              f"{len(outcome.states)} document(s) -> {outcome.folder}", file=sys.stdout)
    else:
        print("no shard folder was written.", file=stream)
    return 0 if outcome.ok else 1


def _sha256(path: Path) -> str:
    """Streamed: a shard's files are read in chunks, never whole."""
    digest = hashlib.sha256()
    update_digest(digest, path)
    return digest.hexdigest()


def file_list(root: Path) -> dict[str, list]:
    """Every regular file under `root` (a shard's documents/), by its path
    relative to the shard folder: [size, SHA-256]."""
    files: dict[str, list] = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            files[path.relative_to(root.parent).as_posix()] = [path.stat().st_size, _sha256(path)]
    return dict(sorted(files.items()))


# The merge.

@dataclass
class Shard:
    folder: Path
    manifest: dict

    @property
    def where(self) -> str:
        return str(self.folder / MANIFEST)


_KEYS = {"format": int, "shard": str, "index": int, "count": int, "shared_inputs": str, "library_inputs": str,
         "site_url": str, "members": list, "documents": dict, "failed": dict, "files": dict}


def _read_shard(folder: Path, diagnostics: Diagnostics) -> Shard | None:
    path = folder / MANIFEST
    if not folder.is_dir():
        diagnostics.error(str(folder), 0, "no such folder", f"a shard folder with {MANIFEST}",
                          "pass the folders `policy-site build --shard i/n` wrote (or their downloaded artifacts)")
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        diagnostics.error(str(path), 0, "no shard manifest", f"{MANIFEST} as `build --shard` writes it",
                          "pass a shard folder, or rebuild the shard with `policy-site build --shard i/n`")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        diagnostics.error(str(path), 0, f"unreadable: {exc}", "a UTF-8 JSON file", "rebuild the shard")
        return None
    except json.JSONDecodeError as exc:
        diagnostics.error(str(path), exc.lineno, f"not JSON: {exc.msg}", "the manifest `build --shard` wrote",
                          "rebuild the shard; never edit its manifest", column=exc.colno)
        return None
    wrong = [k for k, kind in _KEYS.items() if not isinstance(manifest.get(k) if isinstance(manifest, dict) else None,
                                                               kind)]
    if wrong or manifest.get("format") != FORMAT:
        diagnostics.error(str(path), 0, f"a manifest without valid {', '.join(wrong) or 'format'} "
                          f"(format {manifest.get('format') if isinstance(manifest, dict) else None!r})",
                          f"a format {FORMAT} manifest as this version of policy-site writes it",
                          "rebuild every shard with the same version of policy-site as the merge")
        return None
    return Shard(folder, manifest)


def check_shards(paths: Project, shards: list[Shard], site_url: str | None, diagnostics: Diagnostics,
                 imported: Path | None = None) -> None:
    """All of 1..n present exactly once, built from one commit and one
    state of every input for one site URL, that of this checkout, and
    together every document of content/ exactly once."""
    counts = sorted({s.manifest["count"] for s in shards})
    if len(counts) > 1:
        for shard in shards:
            diagnostics.error(shard.where, 0, f"shard {shard.manifest['shard']} of a build in "
                              f"{shard.manifest['count']} shards", f"every shard of one build in the same number "
                              f"of shards (found {', '.join(map(str, counts))})",
                              "merge the shards of one run only, or rebuild them with one --shard i/n count")
        return
    count = counts[0]
    seen: dict[int, Shard] = {}
    for shard in shards:
        index = shard.manifest["index"]
        if index in seen:
            diagnostics.error(shard.where, 0, f"shard {index}/{count} a second time (also {seen[index].where})",
                              f"each of shards 1/{count} to {count}/{count} once",
                              "pass each shard folder once; remove the duplicate")
        seen.setdefault(index, shard)
    for index in range(1, count + 1):
        if index not in seen:
            diagnostics.error(f"shard {index}/{count}", 0, "missing from the folders given",
                              f"each of shards 1/{count} to {count}/{count} once",
                              f"add its folder (the artifact of `policy-site build --shard {index}/{count}`)")
    first = shards[0]
    commit = commit_of(paths.root)
    for key, label in (("commit", "commit"), ("library_inputs", "state of the documents"),
                       ("shared_inputs", "generator and shared inputs"), ("site_url", "site URL")):
        for shard in shards[1:]:
            if shard.manifest.get(key) != first.manifest.get(key):
                diagnostics.error(shard.where, 0, f"shard {shard.manifest['shard']} built from {label} "
                                  f"{shard.manifest.get(key)!r}",
                                  f"that of shard {first.manifest['shard']} ({first.where}): "
                                  f"{first.manifest.get(key)!r}",
                                  "rebuild every shard from one commit with one --site-url, then merge")
    shard_url = first.manifest["site_url"]
    if site_url is not None and site_url != shard_url:
        diagnostics.error(first.where, 0, f"shards built for site URL {shard_url!r}",
                          f"the merge's --site-url {site_url!r}", "rebuild the shards with that --site-url, "
                          "or leave it out of the merge")
    if commit is not None and first.manifest.get("commit") not in (None, commit):
        diagnostics.error(first.where, 0, f"shards built from commit {first.manifest.get('commit')}",
                          f"the commit checked out here ({commit}), whose generator makes the library pages",
                          "check out the shards' commit, or rebuild the shards from this one")
    if shared_inputs(paths, shard_url).hex() != first.manifest["shared_inputs"]:
        diagnostics.error(first.where, 0, "shards built with another generator, engine, theme, base config or "
                          "library files than this checkout's", "the same shared inputs (their digest)",
                          "merge in a checkout of the shards' commit, with the same versions installed")
    slugs = [f.name for f in document_folders(paths.content)]
    owner: dict[str, Shard] = {}
    for shard in shards:
        spec = ShardSpec(shard.manifest["index"], count)
        if shard.manifest["members"] != spec.members(slugs):
            diagnostics.error(shard.where, 0, f"shard {spec} of documents {shard.manifest['members']}",
                              f"every {count}-th document of content/ here: {spec.members(slugs)}",
                              "rebuild the shards from the content/ this merge runs on")
        for slug in shard.manifest["members"]:
            owner.setdefault(slug, shard)
        number = shards.index(shard)
        for slug in shard.manifest["documents"]:
            out = (imported / str(number) if imported is not None else shard.folder) / DOCUMENTS / slug
            record = read_record(out)
            if record is None or record.slug != slug or record.site_url != shard_url or not all(
                    (out / d).is_dir() for d in EDITION_FOLDERS.values()):
                diagnostics.error(str(shard.folder / DOCUMENTS / slug), 0, "a document output that is missing, "
                                  "incomplete or not this "
                                  "shard's", f"{RECORD_FILE} and {', '.join(EDITION_FOLDERS.values())}/ as "
                                  "`build --shard` writes them", "rebuild the shard; never edit a shard folder")


def _bad_entry(relative: str) -> str | None:
    """Why a path the manifest lists cannot be a shard's file, or None."""
    parts = relative.split("/")
    if relative.startswith("/") or "\\" in relative or any(p in ("", ".", "..") for p in parts):
        return "a path that is absolute, empty or climbs out (.., \\)"
    if len(parts) < 3 or parts[0] != DOCUMENTS or not SLUG.match(parts[1]):
        return f"a path outside {DOCUMENTS}/<slug>/"
    return None


def _stray_entries(shard: Shard, listed: dict, diagnostics: Diagnostics) -> None:
    """Links of any kind, special files and files the manifest does not list
    are refused: the merge publishes only what the shard's build wrote."""
    for folder, dirs, names in os.walk(shard.folder):  # os.walk does not follow links to folders
        for name in dirs + names:
            path = Path(folder) / name
            relative = path.relative_to(shard.folder).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                diagnostics.error(str(path), 0, "a symbolic link in a shard folder", "regular files and folders "
                                  "only", "rebuild the shard; never add links to a shard folder")
            elif stat.S_ISREG(mode) and relative != MANIFEST and relative not in listed:
                diagnostics.error(str(path), 0, f"a file {MANIFEST} does not list", "only the files the shard's "
                                  "build wrote", "remove it, or rebuild the shard; never add files to a shard folder")
            elif not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                diagnostics.error(str(path), 0, "a special file (device, pipe or socket)", "regular files and "
                                  "folders only", "rebuild the shard")


def import_shard(shard: Shard, into: Path, diagnostics: Diagnostics) -> None:
    """Copy the shard's listed files into `into` (a folder of this build's
    own), checking each one's size and SHA-256 on the bytes copied, so what
    is published is what was checked, and no file of the shard folder is
    linked into a release (a shard is an artifact another job uploaded)."""
    listed = shard.manifest["files"]
    _stray_entries(shard, listed, diagnostics)
    for relative, expected in listed.items():
        why = _bad_entry(relative) if isinstance(relative, str) else "not a path"
        if why is None and not (isinstance(expected, list) and len(expected) == 2 and isinstance(expected[0], int)
                                and isinstance(expected[1], str) and re.fullmatch(r"[0-9a-f]{64}", expected[1])):
            why = "an entry without [size, SHA-256]"
        if why is not None:
            diagnostics.error(shard.where, 0, f"files entry {relative!r}: {why}", f"{DOCUMENTS}/<slug>/… paths "
                              "with [size, SHA-256]", "rebuild the shard; never edit its manifest")
            continue
        source, target = shard.folder / relative, into / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        try:
            fd = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError as exc:
            diagnostics.error(str(source), 0, f"a listed file that cannot be read ({exc.strerror})",
                              f"every file {MANIFEST} lists", "rebuild the shard, or download it again")
            continue
        with os.fdopen(fd, "rb") as f, target.open("wb") as out:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                diagnostics.error(str(source), 0, "not a regular file", "a regular file", "rebuild the shard")
                continue
            while chunk := f.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        if [size, digest.hexdigest()] != expected:
            diagnostics.error(str(source), 0, f"{size} bytes with SHA-256 {digest.hexdigest()[:16]}…",
                              f"{expected[0]} bytes with SHA-256 {str(expected[1])[:16]}… as {MANIFEST} lists",
                              "the shard was changed after its build: rebuild it, or download it again")


def check_records(shard: Shard, imported: Path, diagnostics: Diagnostics) -> None:
    """Each document's record, as imported: its slug, build id and dates
    have the shapes the release uses them in (a build id names a folder)."""
    for slug in shard.manifest["documents"]:
        if not isinstance(slug, str) or not SLUG.match(slug):
            diagnostics.error(shard.where, 0, f"a document slug {slug!r}", "^[a-z0-9][a-z0-9-]*$",
                              "rebuild the shard; never edit its manifest")
            continue
        out = imported / DOCUMENTS / slug
        record = read_record(out)
        where = str(shard.folder / DOCUMENTS / slug / RECORD_FILE)
        if record is None:
            continue  # check_shards says the output is missing or incomplete
        problems = [] if BUILD_ID.match(record.build_id) else [f"build_id {record.build_id!r}"]
        for name in ("built", "changed"):
            try:
                time.strptime(getattr(record, name), "%Y-%m-%dT%H:%M:%S%z")
            except (TypeError, ValueError):
                problems.append(f"{name} {getattr(record, name)!r}")
        if problems:
            diagnostics.error(where, 0, f"a record with {', '.join(problems)}", "a build id of 32 hex digits and "
                              "dates as `build` writes them (2026-01-10T08:00:00+0000)",
                              "rebuild the shard; never edit a shard folder")


@dataclass
class MergeOutcome(LibraryOutcome):
    failed: dict[str, list[str]] = field(default_factory=dict)  # slug -> its shard's report lines

    @property
    def ok(self) -> bool:
        return super().ok and not self.failed


def merge_shards(paths: Project, folders: list[Path], *, site_url: str | None = None,
                 timings: Timings | None = None) -> MergeOutcome:
    """Check the shards, then publish every document they hold with the
    library's pages as one release. Any problem with the shards: nothing is
    published. A document that failed in its shard is reported and left out
    (or published as last built there), as a build does."""
    outcome = MergeOutcome()
    timings = timings or Timings()
    if not check_site_dir(paths, outcome.diagnostics):
        return outcome
    with release.build_lock(paths.build):
        shards = [s for s in (_read_shard(f, outcome.diagnostics) for f in folders) if s is not None]
        library, _, _ = load_catalog(paths.content, outcome.diagnostics)
        if not shards or outcome.diagnostics.errors or library is None:
            return outcome
        imported = paths.build / "merge"
        shutil.rmtree(imported, ignore_errors=True)
        for number, shard in enumerate(shards):
            import_shard(shard, imported / str(number), outcome.diagnostics)
            check_records(shard, imported / str(number), outcome.diagnostics)
        if outcome.diagnostics.errors:
            return outcome
        check_shards(paths, shards, site_url, outcome.diagnostics, imported)
        if outcome.diagnostics.errors:
            return outcome
        url = shards[0].manifest["site_url"]
        outs: dict[str, Path] = {}
        for number, shard in enumerate(shards):
            outs.update({slug: imported / str(number) / DOCUMENTS / slug for slug in shard.manifest["documents"]})
            outcome.failed.update(shard.manifest["failed"])
        for slug in [f.name for f in document_folders(paths.content)]:
            outcome.documents.append(DocumentOutcome(slug, Diagnostics(), False, "merged" if slug in outs else ""))
        records = [r for r in (read_record(outs[d.slug]) for d in outcome.documents if d.published) if r is not None]
        if not records:
            return outcome
        contents = {r.slug: r.build_id for r in records}
        started = time.perf_counter()
        outcome.site = publish_library(paths, url, library, records, contents, timings, outs)
        timings.mark("merge", started)
    return outcome


def report_merge(outcome: MergeOutcome, *, stream=None) -> int:
    stream = stream or sys.stderr
    for line in outcome.diagnostics.report_lines():
        print(line, file=stream)
    if outcome.diagnostics.errors:
        print(f"{outcome.diagnostics.error_count} error(s) in the shards: nothing was published; "
              "the last good site is unchanged.", file=stream)
        return 1
    for document in outcome.documents:
        if document.slug in outcome.failed:
            for line in outcome.failed[document.slug]:
                print(visible(str(line)), file=stream)  # as its shard reported it, made visible
            print(f"{document.slug}: failed in its shard: "
                  + ("its last good version there is published." if document.published else "not published."),
                  file=stream)
    if outcome.site is not None:
        print(f"merged {sum(bool(d.published) for d in outcome.documents)} document(s) -> {outcome.site}",
              file=sys.stdout)
    else:
        print("no shard holds a document: nothing was published.", file=stream)
    return 0 if outcome.ok else 1
