"""Publishing: one build at a time, and a site that is never missing or
partial.

The site folder (`site/`, or `--site-dir`) is a symbolic link to a complete
release folder under `build/releases/`. A new release is assembled beside
the current one and published by replacing the link in one `rename(2)`,
which is atomic: a reader, a server or a crash sees the old release or the
new one, never a mixture. Older releases and the leftovers of a killed build
are removed by the next build, under the lock.

A release holds every document's files as hard links, tens of thousands at
a few hundred documents: linking them all for each release (and unlinking
an old release's) would make a one-document edit cost as much as the
library's size. So each document's linked tree is kept spare
(`build/releases/<key>.spares/<slug>/<build id>/`), made once per build of
the document: a new release takes a spare of each unchanged document by
renaming it into place (a rename per edition, whatever the document's
size), and a release retired for good gives its trees back. A spare is only
ever renamed whole, never written, and holds links to the document's
immutable build, so a release made of spares equals one linked afresh.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

LOCK_FILE = "build.lock"
KEEP_RELEASES = 2  # the current one and the one before (a reader may still be on it)


class BuildBusy(Exception):
    """Another build of the same project held the lock for too long."""


@contextmanager
def build_lock(build_dir: Path, wait: float = 600.0) -> Iterator[None]:
    """One build per project at a time: a second one says so and waits."""
    build_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(build_dir / LOCK_FILE))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        print(f"{build_dir / LOCK_FILE}: another build of this project is running; waiting for it to finish",
              file=sys.stderr)
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise BuildBusy(f"{build_dir / LOCK_FILE}: another build held the lock for {wait:.0f} s; "
                            "expected it to finish; stop it, or remove the lock file if no build is running")
    try:
        yield
    finally:
        lock.release()


def releases_dir(build_dir: Path, site_dir: Path) -> Path:
    """Releases of one site folder (a project may publish to several)."""
    key = hashlib.sha1(os.path.abspath(site_dir).encode("utf-8")).hexdigest()[:10]
    return build_dir / "releases" / key


def new_release(build_dir: Path, site_dir: Path) -> Path:
    """An empty release folder; leftovers of earlier killed builds are removed
    first (the caller holds the lock, so no other build is using them)."""
    folder = releases_dir(build_dir, site_dir)
    folder.mkdir(parents=True, exist_ok=True)
    current = current_release(site_dir)
    for old in folder.glob("*.partial"):
        if old != current:
            shutil.rmtree(old, ignore_errors=True)
    release = folder / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}.partial"
    release.mkdir()
    return release


def current_release(site_dir: Path) -> Path | None:
    if site_dir.is_symlink():
        return Path(os.path.realpath(site_dir))
    return None


def link_file(source: Path | str, target: Path | str) -> None:
    """A hard link (a copy on another file system, or where links are not
    allowed; a file already at `target` is replaced by the copy)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def link_tree(source: Path, target: Path) -> None:
    """Copy a built tree into a release as hard links: no bytes copied, and the
    release stays intact when the source is later replaced (sources are
    replaced by rename, never rewritten in place). `target` may exist already
    (its other files stay). A release links tens of thousands of files, so
    this walks with os.scandir rather than shutil.copytree, which copies each
    folder's metadata too (measured: 8x the time)."""
    def walk(source: str, target: str) -> None:
        os.makedirs(target, exist_ok=True)
        with os.scandir(source) as entries:
            for entry in entries:
                destination = os.path.join(target, entry.name)
                if entry.is_dir():  # a link to a folder is copied as the folder (as copytree's symlinks=False)
                    walk(entry.path, destination)
                else:
                    link_file(entry.path, destination)

    walk(str(source), str(target))


MANIFEST_SUFFIX = ".contents.json"


def link_shared(source: Path, target: Path) -> None:
    """A build's shared assets (content-hashed names: one name, one content)
    linked into the release's assets/, each name once."""
    if not source.is_dir():
        return
    target.mkdir(parents=True, exist_ok=True)
    for file in sorted(source.iterdir()):
        if file.is_file() and not file.is_symlink() and not (target / file.name).exists():
            link_file(file, target / file.name)


def published_contents(site_dir: Path) -> dict[str, str] | None:
    """Which build of each document the published release holds (slug ->
    build id), as `publish_release` recorded it beside the release: a build
    that changed nothing need not publish again, and one killed after it built
    a document but before publishing it must."""
    current = current_release(site_dir)
    if current is None:
        return None
    try:
        return json.loads(current.with_name(current.name + MANIFEST_SUFFIX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def spares_dir(build_dir: Path, site_dir: Path) -> Path:
    releases = releases_dir(build_dir, site_dir)
    return releases.with_name(releases.name + SPARES_SUFFIX)


SPARES_SUFFIX = ".spares"
SPARES_WANTED = 2  # per document, after a build that linked it afresh: for the next release and the one after


def _slots(spares: Path, slug: str, build_id: str) -> list[Path]:
    folder = spares / slug / build_id
    return sorted(folder.iterdir()) if folder.is_dir() else []


def place_document(release: Path, spares: Path, slug: str, build_id: str, source: Path, folders: list[str]) -> bool:
    """A document's built site into `release` (`release/<folder>/<slug>` for
    each edition folder): a spare tree of this very build renamed into
    place, else hard links to `source/<folder>`. True if it was a spare."""
    for slot in _slots(spares, slug, build_id):
        if all((slot / folder).is_dir() for folder in folders):
            for folder in folders:
                (release / folder).mkdir(parents=True, exist_ok=True)
                (slot / folder).rename(release / folder / slug)
            shutil.rmtree(slot, ignore_errors=True)
            return True
        shutil.rmtree(slot, ignore_errors=True)  # incomplete (a build killed while making it): of no use
    for folder in folders:
        link_tree(source / folder, release / folder / slug)
    return False


def keep_spares(spares: Path, contents: dict[str, str], sources: dict[str, Path], folders: list[str],
                linked: set[str]) -> None:
    """After a release is published: spares of builds no longer published
    are removed, and each document has a spare for the next release (two
    when this release linked it afresh: the release after the next takes
    the one this release gives back when it is retired)."""
    if spares.is_dir():
        for slug_folder in spares.iterdir():
            for build in (slug_folder.iterdir() if slug_folder.is_dir() else ()):
                if contents.get(slug_folder.name) != build.name:
                    shutil.rmtree(build, ignore_errors=True)
            if slug_folder.is_dir() and not any(slug_folder.iterdir()):
                slug_folder.rmdir()
    for slug, build_id in contents.items():
        for _ in range((SPARES_WANTED if slug in linked else 1) - len(_slots(spares, slug, build_id))):
            slot = _new_slot(spares, slug, build_id)
            for folder in folders:
                link_tree(sources[slug] / folder, slot / folder)


def _new_slot(spares: Path, slug: str, build_id: str) -> Path:
    slot = spares / slug / build_id / f"{os.getpid()}-{time.monotonic_ns()}"
    slot.mkdir(parents=True)
    return slot


def _give_back(old: Path, live: dict[str, str], spares: Path) -> None:
    """A retired release's document trees whose build is the one published
    now become spares; the rest is removed with the release."""
    try:
        contents = json.loads(old.with_name(old.name + MANIFEST_SUFFIX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    folders = [f.name for f in old.iterdir() if f.is_dir()]
    for slug, build_id in contents.items():
        if live.get(slug) != build_id:
            continue
        held = [folder for folder in folders if (old / folder / slug).is_dir()]
        if held:
            slot = _new_slot(spares, slug, build_id)
            for folder in held:
                (old / folder / slug).rename(slot / folder)


def site_dir_problem(project: Path, build_dir: Path, site_dir: Path) -> tuple[str, str] | None:
    """Why `site_dir` may not be published to, as (what was found, how to
    fix), or None. The site folder is replaced by a link to a release, so it
    must be absent, a link to one of this project's releases, or an empty
    folder; never the project, a folder holding it, or a file or folder of
    the project's own (content/, src/, .git, …): a build must not take them."""
    site, project, build_dir = Path(os.path.abspath(site_dir)), Path(os.path.abspath(project)), Path(
        os.path.abspath(build_dir))
    if site == project or site in project.parents:
        return "the project folder or a folder that holds it", "name a new folder, e.g. --site-dir site"
    if site.is_relative_to(build_dir):
        return "a folder inside build/, the generator's own", "name a folder outside build/, e.g. --site-dir site"
    if site.is_relative_to(project) and site != project / "site":
        top = project / site.relative_to(project).parts[0]
        ours = top == site and site.is_symlink() and Path(os.path.realpath(site)).is_relative_to(
            Path(os.path.realpath(build_dir)) / "releases")
        if (top.exists() or top.is_symlink()) and not ours:
            return (f"a path inside the project's own {top.name}/" if top != site else
                    f"the project's own {top.name}", "name a new folder, e.g. --site-dir site")
    if site.is_symlink():
        target = Path(os.path.realpath(site))
        if not target.is_relative_to(Path(os.path.realpath(build_dir)) / "releases"):
            return f"a link to {target}, not to a release of this project", "remove the link, or name another folder"
        return None
    if site.exists() and not site.is_dir():
        return "a file", "remove it, or name another folder"
    if site.is_dir() and any(site.iterdir()):
        return "a folder with files in it", "empty or remove it (a build replaces it with a link), or name another"
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def remove_stale_links(site_dir: Path) -> None:
    """The temporary links (`.site.<pid>.link`) of builds killed between
    making and renaming them: removed when their process is gone."""
    for link in site_dir.parent.glob(f".{site_dir.name}.*.link"):
        pid = link.name.removeprefix(f".{site_dir.name}.").removesuffix(".link")
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)) and link.is_symlink():
            link.unlink()


def publish_release(release: Path, site_dir: Path, contents: dict[str, str], spares: Path | None = None) -> Path:
    """Make `site_dir` point at `release` in one atomic step; returns the
    final release path. The release loses its `.partial` suffix first, so a
    folder without it is always complete. `spares`: where a retired
    release's document trees go (`keep_spares`)."""
    final = release.with_name(release.name.removesuffix(".partial"))
    final.with_name(final.name + MANIFEST_SUFFIX).write_text(json.dumps(contents, sort_keys=True), encoding="utf-8")
    release.rename(final)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    if site_dir.is_dir() and not site_dir.is_symlink():
        # An empty folder (site_dir_problem refuses any other): the link takes
        # its place. This is the only moment at which the path is absent.
        site_dir.rmdir()
    remove_stale_links(site_dir)
    temporary = site_dir.with_name(f".{site_dir.name}.{os.getpid()}.link")
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(final, target_is_directory=True)
    os.replace(temporary, site_dir)  # atomic: the old link or the new one
    _remove_old_releases(final.parent, keep=final, live=contents, spares=spares)
    return final


def _remove_old_releases(folder: Path, keep: Path, live: dict[str, str] | None = None,
                         spares: Path | None = None) -> None:
    complete = sorted((p for p in folder.iterdir() if p.is_dir() and not p.name.endswith(".partial")),
                      key=lambda p: p.stat().st_mtime)
    for old in [p for p in complete if p != keep][: max(0, len(complete) - KEEP_RELEASES)]:
        if spares is not None and live is not None:
            _give_back(old, live, spares)
        shutil.rmtree(old, ignore_errors=True)
    for manifest in folder.glob("*" + MANIFEST_SUFFIX):
        if not manifest.with_name(manifest.name.removesuffix(MANIFEST_SUFFIX)).is_dir():
            manifest.unlink()


def discard(release: Path) -> None:
    shutil.rmtree(release, ignore_errors=True)
