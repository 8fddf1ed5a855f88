"""One build at a time, and a site that is always the old or the new one,
complete: overlapping builds, builds killed at random points, and a reader
looking at the site all the while. Real processes, real MkDocs."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from policy_site.library.release import releases_dir
from policy_site.testing import VALID, make_project

OLD_WORDS, NEW_WORDS = "第二条正文", "第二条修订后的正文"


def _command(project: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "policy_site.cli", "--project", str(project), "build", "--site-dir", str(site)]


def _snapshot(site: Path) -> tuple[frozenset[str], str] | None:
    """The release the site points at, read through one resolution of the
    link: its files and the text of one clause page."""
    try:
        root = Path(os.path.realpath(site))
        files = frozenset(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
        clause = (root / "zh-hans" / "doc" / "clauses" / "2" / "index.html").read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return files, ("old" if OLD_WORDS in clause else "new" if NEW_WORDS in clause else "?")


def _project(tmp_path: Path) -> tuple[Path, Path, Path]:
    project = make_project(tmp_path / "project", {"doc": {}})
    return project, tmp_path / "site", project / "content" / "doc" / "sources" / "full.txt"


def _run(project: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(_command(project, site), capture_output=True, text=True, timeout=120)


def test_two_overlapping_builds_take_turns_and_publish_a_complete_site(tmp_path):
    """While a build holds the project's lock (here the test holds it, so the
    overlap is certain), two more builds start: both say they wait, then run
    one after the other and publish a complete site."""
    from filelock import FileLock

    project, site, _ = _project(tmp_path)
    (project / "build").mkdir()
    lock = FileLock(str(project / "build" / "build.lock"))
    lock.acquire()
    logs = [tmp_path / f"build-{n}.err" for n in (1, 2)]
    builds = [subprocess.Popen(_command(project, site), stdout=subprocess.DEVNULL, stderr=log.open("w"))
              for log in logs]
    try:
        deadline = time.monotonic() + 60
        while not all("another build of this project is running; waiting" in log.read_text() for log in logs):
            assert time.monotonic() < deadline, [log.read_text() for log in logs]
            assert all(b.poll() is None for b in builds), "a build ran while another held the lock"
            time.sleep(0.1)
    finally:
        lock.release()
    assert [b.wait(timeout=120) for b in builds] == [0, 0], [log.read_text() for log in logs]
    snapshot = _snapshot(site)
    assert snapshot is not None and snapshot[1] == "old"
    assert {"index.html", "404.html", "zh-hans/index.html", "zh-hant/doc/clauses/3/index.html"} <= snapshot[0]


def test_builds_killed_at_random_points_leave_the_old_or_the_new_site_complete(tmp_path):
    project, site, source = _project(tmp_path)
    assert _run(project, site).returncode == 0
    old = _snapshot(site)
    assert old is not None and old[1] == "old"
    source.write_text(VALID.replace(OLD_WORDS, NEW_WORDS), encoding="utf-8")

    seen: list[tuple[frozenset[str], str] | None] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            seen.append(_snapshot(site))

    watcher = threading.Thread(target=watch)
    watcher.start()
    new = None
    try:
        randomness = random.Random(20251201)
        for _ in range(6):
            build = subprocess.Popen(_command(project, site), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(randomness.uniform(0.05, 2.0))
            build.send_signal(signal.SIGKILL)
            build.wait()
            now = _snapshot(site)
            assert now is not None and now[1] in ("old", "new")
        assert _run(project, site).returncode == 0  # the next build cleans up after the killed ones
        new = _snapshot(site)
    finally:
        stop.set()
        watcher.join()
    assert new is not None and new[1] == "new" and new[0] == old[0]  # same pages, new text
    assert seen and all(s in (old, new) for s in seen), {s[1] if s else None for s in seen}
    left = [p.name for p in releases_dir(project / "build", site).iterdir() if p.name.endswith(".partial")]
    assert not left, left
    assert len([p for p in releases_dir(project / "build", site).iterdir() if p.is_dir()]) <= 2  # old ones removed


def test_a_failed_build_after_a_crash_still_serves_the_last_good_site(tmp_path):
    project, site, source = _project(tmp_path)
    assert _run(project, site).returncode == 0
    good = _snapshot(site)
    build = subprocess.Popen(_command(project, site), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.8)
    build.send_signal(signal.SIGKILL)
    build.wait()
    source.write_text(VALID.replace("（二）", "（四）"), encoding="utf-8")
    failed = _run(project, site)
    assert failed.returncode == 1
    assert "the last good site is unchanged" in failed.stderr
    assert _snapshot(site) == good


def test_a_build_stopped_after_building_a_document_but_before_publishing_it_is_published_next(
        tmp_path, monkeypatch):
    """The document's own build is complete and unchanged since, so the next
    build does not rebuild it: it must still publish it."""
    import policy_site.library.build as library_build
    from policy_site.cli import main

    project, site, source = _project(tmp_path)
    assert main(["--project", str(project), "build", "--site-dir", str(site)]) == 0
    source.write_text(VALID.replace(OLD_WORDS, NEW_WORDS), encoding="utf-8")

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # as a Ctrl+C between the document's build and the release

    with monkeypatch.context() as patch:
        patch.setattr(library_build, "publish_library", killed)
        try:
            main(["--project", str(project), "build", "--site-dir", str(site)])
        except KeyboardInterrupt:
            pass
    assert _snapshot(site)[1] == "old"
    assert main(["--project", str(project), "build", "--site-dir", str(site)]) == 0
    assert _snapshot(site)[1] == "new"
