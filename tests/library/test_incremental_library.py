"""Incremental library pages: what a rebuild keeps of the library's own
pages (the search files, the topic pages' HTML), of the catalog's checks and
of the reference scan is reused only when exactly what it is made from is
unchanged. Each rebuild here is compared byte for byte with a build of the
same project from nothing, and what was reused is told by its inode: a file
linked from the last release's cache, not made again. Real MkDocs."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from policy_site.cli import main
from policy_site.testing import VALID, make_project

BETA_TEXT = VALID.replace("测试", "试点")
BETA_TITLE = "中共中央 国务院关于试点城市工作的意见"
RENEWAL = '[[tag]]\nslug = "urban-renewal"\ninclude = [1, 2, 3]\n'  # a library topic on three of its clauses
TOPIC = "zh-hans/topics/urban-renewal/index.html"
TOPICS = "zh-hans/topics/index.html"
SEARCH = "zh-hans/search/root.json"


@pytest.fixture(autouse=True)
def _one_time(monkeypatch):
    # One build time for the incremental and the from-nothing builds (the sitemap and the records carry it).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")


def _project(root: Path) -> Path:
    return make_project(root, {
        "alpha": {"text": VALID, "described": 'description = "测试城市工作的意见。"'},
        "beta": {"text": BETA_TEXT, "title": BETA_TITLE, "tags": RENEWAL},
    })


def _build(project: Path, site: Path, capsys) -> tuple[int, set[str], str]:
    code = main(["--project", str(project), "build", "--site-dir", str(site), "--jobs", "1"])
    captured = capsys.readouterr()
    return code, {line.split()[1].rstrip(":") for line in captured.out.splitlines() if line.startswith("built ")}, \
        captured.err


def _files(site: Path) -> dict[str, bytes]:
    root = Path(os.path.realpath(site))
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _inode(site: Path, name: str) -> int:
    return os.stat(Path(os.path.realpath(site)) / name).st_ino


def _from_nothing(project: Path, tmp_path: Path, capsys) -> dict[str, bytes]:
    """The same project built from nothing: its build/ folder (caches, last
    good builds) set aside meanwhile, and put back. In place, since a
    document's provenance names its source files by path."""
    kept = tmp_path / "kept-build"
    (project / "build").rename(kept)
    try:
        code, _, err = _build(project, tmp_path / "clean-site", capsys)
        assert code == 0, err
        return _files(tmp_path / "clean-site")
    finally:
        (tmp_path / "clean-site").unlink(missing_ok=True)  # a link to a release in the fresh build/
        shutil.rmtree(project / "build")
        kept.rename(project / "build")


def test_a_description_edit_rebuilds_the_home_and_reuses_topics_and_search(tmp_path, capsys):
    project, site = _project(tmp_path / "project"), tmp_path / "site"
    assert _build(project, site, capsys)[:2] == (0, {"alpha", "beta"})
    before = {name: _inode(site, name) for name in (TOPIC, TOPICS, SEARCH)}
    assert "试点城市" in (Path(os.path.realpath(site)) / TOPIC).read_text(encoding="utf-8")
    toml = project / "content" / "alpha" / "document.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('description = "', 'description = "修订说明：', 1),
                    encoding="utf-8")
    assert _build(project, site, capsys)[:2] == (0, {"alpha"})
    # The home lists the new description; the topic pages and the search files are the last build's.
    assert "修订说明：" in (Path(os.path.realpath(site)) / "zh-hans" / "index.html").read_text(encoding="utf-8")
    assert {name: _inode(site, name) for name in before} == before
    assert _files(site) == _from_nothing(project, tmp_path, capsys)


def test_a_clause_title_edit_rebuilds_the_topic_pages_and_the_search_files(tmp_path, capsys):
    project, site = _project(tmp_path / "project"), tmp_path / "site"
    assert _build(project, site, capsys)[0] == 0
    before = {name: _inode(site, name) for name in (TOPIC, TOPICS, SEARCH)}
    source = project / "content" / "beta" / "sources" / "full.txt"
    text = source.read_text(encoding="utf-8")
    assert "第一条标题" in text
    source.write_text(text.replace("第一条标题", "第一条新标题"), encoding="utf-8")
    assert _build(project, site, capsys)[:2] == (0, {"beta"})
    after = {name: _inode(site, name) for name in before}
    assert all(after[name] != before[name] for name in before), (before, after)
    assert "第一条新标题" in (Path(os.path.realpath(site)) / TOPIC).read_text(encoding="utf-8")
    assert _files(site) == _from_nothing(project, tmp_path, capsys)
    # And nothing changed since: the next build publishes nothing new.
    assert _build(project, site, capsys)[:2] == (0, set())


def test_a_template_or_generator_version_change_rebuilds_every_library_page(tmp_path, capsys, monkeypatch):
    project, site = _project(tmp_path / "project"), tmp_path / "site"
    assert _build(project, site, capsys)[0] == 0
    before = {name: _inode(site, name) for name in (TOPIC, TOPICS, SEARCH)}
    overrides = project / "overrides"
    target = overrides.resolve()
    overrides.unlink()  # make_project links the real one: edit a copy
    shutil.copytree(target, overrides)
    main_html = overrides / "main.html"
    template = main_html.read_text(encoding="utf-8")
    assert "{% block extrahead %}" in template
    main_html.write_text(template.replace("{% block extrahead %}", "{% block extrahead %}<!-- reviewed template -->", 1),
                         encoding="utf-8")
    assert _build(project, site, capsys)[:2] == (0, {"alpha", "beta"})
    after = {name: _inode(site, name) for name in before}
    assert all(after[name] != before[name] for name in before), (before, after)
    assert "reviewed template" in (Path(os.path.realpath(site)) / TOPIC).read_text(encoding="utf-8")
    assert _files(site) == _from_nothing(project, tmp_path, capsys)
    # A new version of what the generator runs on (here MkDocs): every library page made again.
    import importlib.metadata
    real_version = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "99.0" if name == "mkdocs" else real_version(name))
    before = after
    assert _build(project, site, capsys)[:2] == (0, {"alpha", "beta"})
    after = {name: _inode(site, name) for name in before}
    assert all(after[name] != before[name] for name in before), (before, after)


def test_a_damaged_library_cache_is_made_again(tmp_path, capsys):
    """A cache folder whose files went missing (or whose key was
    overwritten) is not trusted: the pages are made again, and equal."""
    project, site = _project(tmp_path / "project"), tmp_path / "site"
    assert _build(project, site, capsys)[0] == 0
    library = project / "build" / "library"
    (library / "zh-hans.topics" / "files" / "topics" / "urban-renewal" / "index.html").unlink()
    (library / "zh-hant.search" / "key").write_text("not a digest", encoding="utf-8")
    toml = project / "content" / "alpha" / "document.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('description = "', 'description = "又：', 1),
                    encoding="utf-8")
    assert _build(project, site, capsys)[:2] == (0, {"alpha"})
    assert _files(site) == _from_nothing(project, tmp_path, capsys)


def test_the_catalog_checks_an_edited_document_again_and_keeps_the_others(tmp_path, capsys):
    own = '[[tag]]\nslug = "pilot-zones"\nname = "试点"\ndescription = "试点。"\nterms = ["第一条"]\n'
    project, site = _project(tmp_path / "project"), tmp_path / "site"
    (project / "content" / "beta" / "tags.toml").write_text(RENEWAL + own, encoding="utf-8")
    assert _build(project, site, capsys)[:2] == (0, {"alpha", "beta"})
    cached = sorted(p.name for p in (project / "build" / "catalog").iterdir())
    assert cached == ["alpha.pickle", "beta.pickle"]
    # alpha, checked and kept as defining no topic of its own, now defines beta's: the check between them sees it.
    (project / "content" / "alpha" / "tags.toml").write_text(own, encoding="utf-8")
    code, built, err = _build(project, site, capsys)
    assert (code, built) == (1, set())
    assert "tag 'pilot-zones', also defined by" in err, err
    (project / "content" / "alpha" / "tags.toml").unlink()
    # A broken document.toml is reported though its last check was kept.
    toml = project / "content" / "beta" / "document.toml"
    good = toml.read_text(encoding="utf-8")
    toml.write_text(good.replace("title = ", "titel = ", 1), encoding="utf-8")
    code, built, err = _build(project, site, capsys)
    assert code == 1 and "content/beta/document.toml" in err.replace(str(project) + "/", ""), err
    toml.write_text(good, encoding="utf-8")
    assert _build(project, site, capsys)[:2] == (0, set())  # as last built: nothing to publish


def test_a_new_citation_reaches_the_cited_document_with_the_scan_reading_views(tmp_path, capsys):
    """The reference scan reads each unchanged document's reference view
    from the cache: a citation added to one document still rebuilds the
    document it names (its pages list who cites it), and the site equals
    one built from nothing."""
    project, site = _project(tmp_path / "project"), tmp_path / "site"
    assert _build(project, site, capsys)[:2] == (0, {"alpha", "beta"})
    source = project / "content" / "alpha" / "sources" / "full.txt"
    text = source.read_text(encoding="utf-8")
    assert "第二条正文" in text
    source.write_text(text.replace("第二条正文", f"第二条正文，依照《{BETA_TITLE}》", 1), encoding="utf-8")
    assert _build(project, site, capsys)[:2] == (0, {"alpha", "beta"})
    assert _files(site) == _from_nothing(project, tmp_path, capsys)


def _describe(project: Path, slug: str, words: str) -> None:
    toml = project / "content" / slug / "document.toml"
    text = toml.read_text(encoding="utf-8")
    if 'description = "' in text:
        text = text.replace('description = "', f'description = "{words}', 1)
    else:
        text = f'description = "{words}"\n' + text
    toml.write_text(text, encoding="utf-8")


def test_releases_made_of_spares_are_complete_and_leave_the_kept_ones_intact(tmp_path, capsys):
    """A release takes each unchanged document's tree from the spares
    (release.py); the releases kept (the live one and the one before) are
    never touched by the next build, and each new one equals a site built
    from nothing. Spares are kept only of the builds published."""
    from policy_site.library.release import KEEP_RELEASES, published_contents, releases_dir, spares_dir

    project, site = _project(tmp_path / "project"), tmp_path / "site"
    assert _build(project, site, capsys)[0] == 0
    kept = {os.path.realpath(site): _files(site)}
    for n, slug in enumerate(("alpha", "beta", "alpha", "beta"), 1):
        _describe(project, slug, f"第{n}次修订：")
        assert _build(project, site, capsys)[:2] == (0, {slug})
        for release, files in kept.items():
            if os.path.isdir(release):
                assert _files(Path(release)) == files, release
        kept = {**dict(list(kept.items())[-(KEEP_RELEASES - 1):]), os.path.realpath(site): _files(site)}
        assert _files(site) == _from_nothing(project, tmp_path, capsys)
    releases = [p for p in releases_dir(project / "build", site).iterdir() if p.is_dir()]
    assert sorted(map(str, releases)) == sorted(kept)
    spares = spares_dir(project / "build", site)
    builds = {p.parent.name: p.name for p in spares.glob("*/*")}
    assert builds == published_contents(site)  # spares of the published build of each document only
    assert all(any(p.iterdir()) for p in spares.glob("*/*"))
