"""Distributed builds: `build --shard i/n` builds every n-th document into a
shard folder, `merge` checks the shards and publishes them; three shards
merged equal a single build byte for byte; bad shard specs and bad sets of
shards are refused and nothing is published. Real MkDocs."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from policy_site.cli import main
from policy_site.library.shard import ShardSpec, ShardSpecError, parse_shard
from policy_site.testing import VALID, make_project
from tests.library.test_parallel import site_files

URL = "https://example.org/policy/"
NAMES = {"alpha": "测试", "beta": "试点", "gamma": "示范", "delta": "改革"}


def library(root: Path) -> Path:
    return make_project(root, {name: {"text": VALID.replace("测试", word),
                                      "title": f"中共中央 国务院关于{word}城市工作的意见"}
                               for name, word in NAMES.items()})


def shard(project: Path, spec: str, folder: Path, capsys) -> tuple[int, str]:
    shutil.rmtree(project / "build", ignore_errors=True)  # each shard on a fresh machine, as CI runs them
    code = main(["--project", str(project), "build", "--site-url", URL, "--shard", spec, "--shard-dir", str(folder)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def merge(project: Path, site: Path, folders: list[Path], capsys) -> tuple[int, str]:
    code = main(["--project", str(project), "merge", "--site-dir", str(site), *map(str, folders)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def sharded(tmp_path, capsys, monkeypatch):
    # MkDocs stamps sitemap.xml.gz with the build time unless told the source date.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    project = library(tmp_path / "project")
    single = tmp_path / "single"
    assert main(["--project", str(project), "build", "--site-url", URL, "--site-dir", str(single)]) == 0
    capsys.readouterr()
    single = site_files(single)  # read now: the release lives in build/, which each shard starts without
    folders = [tmp_path / "shards" / f"{i}" for i in (1, 2, 3)]
    outputs = [shard(project, f"{i}/3", folder, capsys) for i, folder in zip((1, 2, 3), folders)]
    return {"project": project, "single": single, "folders": folders, "outputs": outputs, "tmp": tmp_path}


def test_three_shards_merged_equal_a_single_build_byte_for_byte(sharded, capsys):
    project, folders = sharded["project"], sharded["folders"]
    assert [code for code, _ in sharded["outputs"]] == [0, 0, 0]
    # Every third document by slug: alpha beta delta gamma.
    members = [json.loads((f / "manifest.json").read_text(encoding="utf-8"))["members"] for f in folders]
    assert members == [["alpha", "gamma"], ["beta"], ["delta"]]
    assert "shard 1/3: 2 of 2 document(s)" in sharded["outputs"][0][1]
    assert sorted(p.name for p in (folders[1] / "documents").iterdir()) == ["beta"]
    site = sharded["tmp"] / "merged"
    code, out = merge(project, site, folders, capsys)
    assert code == 0, out
    assert "merged 4 document(s)" in out
    single, merged = sharded["single"], site_files(site)
    assert len(merged) > 200 and merged.keys() == single.keys()
    assert [p for p in single if single[p] != merged[p]] == []
    home = merged["zh-hans/index.html"].decode("utf-8")
    assert all(f"关于{word}城市工作的意见" in home for word in NAMES.values())


@pytest.mark.parametrize("spec, found", [
    ("0/3", "found shard 0 of 3; expected a shard number from 1 to 3"),
    ("4/3", "found shard 4 of 3; expected a shard number from 1 to 3"),
    ("x", "found no shard number and count; expected i/n, two whole numbers"),
    ("1/0", "found 0 shards; expected at least 1"),
    ("1/3/5", "found no shard number and count"),
])
def test_a_bad_shard_spec_says_what_was_found_and_what_to_write(tmp_path, capsys, spec, found):
    project = library(tmp_path / "project")
    code = main(["--project", str(project), "build", "--shard", spec])
    err = capsys.readouterr().err
    assert code == 2
    assert f"--shard {spec!r}: {found}" in err
    assert "write --shard 1/3, --shard 2/3 and --shard 3/3" in err
    assert not (project / "build").exists() and not (project / "site").exists()


def test_shard_members_are_every_nth_document_by_slug():
    slugs = ["e", "a", "d", "b", "c"]
    assert [ShardSpec(i, 2).members(slugs) for i in (1, 2)] == [["a", "c", "e"], ["b", "d"]]
    assert ShardSpec(1, 1).members(slugs) == sorted(slugs)
    assert ShardSpec(3, 7).members(slugs) == ["c"] and ShardSpec(7, 7).members(slugs) == []
    assert parse_shard(" 2 / 5 ") == ShardSpec(2, 5)
    with pytest.raises(ShardSpecError):
        parse_shard("-1/3")


def test_a_missing_or_duplicate_shard_publishes_nothing(sharded, capsys):
    project, folders = sharded["project"], sharded["folders"]
    site = sharded["tmp"] / "merged"
    assert merge(project, site, folders, capsys)[0] == 0
    release, before = os.path.realpath(site), site_files(site)
    code, out = merge(project, site, [folders[0], folders[2]], capsys)
    assert code == 1
    assert "shard 2/3:1: missing from the folders given; expected each of shards 1/3 to 3/3 once; add its folder" in out
    assert "nothing was published; the last good site is unchanged." in out
    code, out = merge(project, site, [folders[0], folders[1], folders[2], folders[1]], capsys)
    assert code == 1
    assert f"{folders[1] / 'manifest.json'}:1: shard 2/3 a second time" in out
    code, out = merge(project, site, [folders[0], sharded["tmp"] / "nowhere", folders[1], folders[2]], capsys)
    assert code == 1 and f"{sharded['tmp'] / 'nowhere'}:1: no such folder" in out
    assert os.path.realpath(site) == release and site_files(site) == before


def _git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(project), "-c", "user.name=test", "-c", "user.email=test@example.org", *args],
                   check=True, capture_output=True)


def test_shards_of_different_commits_are_refused_and_nothing_is_published(tmp_path, capsys):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    project = library(tmp_path / "project")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "one")
    folders = [tmp_path / "shards" / f"{i}" for i in (1, 2, 3)]
    assert shard(project, "1/3", folders[0], capsys)[0] == 0
    source = project / "content" / "beta" / "sources" / "full.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("第一条正文", "第一条新正文"), encoding="utf-8")
    _git(project, "commit", "-q", "-am", "two")
    assert shard(project, "2/3", folders[1], capsys)[0] == 0
    assert shard(project, "3/3", folders[2], capsys)[0] == 0
    site = tmp_path / "site"
    code, out = merge(project, site, folders, capsys)
    assert code == 1
    one, two = (json.loads((f / "manifest.json").read_text(encoding="utf-8"))["commit"] for f in folders[:2])
    assert one != two and len(one) == 40
    assert (f"{folders[1] / 'manifest.json'}:1: shard 2/3 built from commit {two!r}; expected that of shard 1/3 "
            f"({folders[0] / 'manifest.json'}): {one!r}; rebuild every shard from one commit") in out
    assert "shard 2/3 built from state of the documents" in out  # beta's text differs
    assert f"{folders[0] / 'manifest.json'}:1: shards built from commit {one}; expected the commit checked out here" in out
    assert "nothing was published" in out
    assert not site.exists() and not site.is_symlink()


def test_shards_of_another_site_url_or_count_are_refused(sharded, capsys):
    project, folders = sharded["project"], sharded["folders"]
    site = sharded["tmp"] / "merged"
    code, out = main(["--project", str(project), "merge", "--site-url", "https://other.example/",
                      "--site-dir", str(site), *map(str, folders)]), capsys.readouterr().err
    assert code == 1
    assert f"shards built for site URL {URL!r}; expected the merge's --site-url 'https://other.example/'" in out
    half = sharded["tmp"] / "half"
    assert shard(project, "1/2", half, capsys)[0] == 0
    code, out = merge(project, site, [half, folders[1], folders[2]], capsys)
    assert code == 1 and "shard 1/2 of a build in 2 shards; expected every shard of one build in the same number" in out
    assert not site.exists()


def test_the_library_search_index_is_the_same_bytes_in_every_process(tmp_path):
    """A merge and a single build write the library's index in different
    processes: its files must not depend on hash randomisation."""
    units = [{"kind": "clause", "number": n, "section": 1, "id": f"c{n}", "url": f"clauses/{n}/",
              "label": f"（{n}）", "title": "", "head": "", "paras": [[[f"s{n}", t]]]}
             for n, t in enumerate(["城市更新行动。", "好房子建设，城市体检。", "历史文化名城保护。"], 1)]
    units.insert(0, {"kind": "section", "number": 1, "id": "s1", "url": "sections/1/", "label": "一、",
                     "title": "总体要求", "head": "一、总体要求", "paras": []})
    (tmp_path / "index.json").write_text(json.dumps({"units": units}, ensure_ascii=False), encoding="utf-8")
    program = ("import json, sys; from policy_site.site.search import library_files; "
               "index = json.load(open(sys.argv[1], encoding='utf-8')); "
               "print(json.dumps(library_files({'a': index}, {'a': ('意见', '测试', '', '')}, 'zh-Hans'), ensure_ascii=False))")
    outputs = {subprocess.run([os.sys.executable, "-c", program, str(tmp_path / "index.json")], check=True,
                              capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2")}
    assert len(outputs) == 1 and "search/g/0.json" in json.loads(outputs.pop())


def _relist(folder: Path, relative: str) -> None:
    """Rewrite the manifest's entry for one file, as a forger who edits both would."""
    import hashlib
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    data = (folder / relative).read_bytes()
    manifest["files"][relative] = [len(data), hashlib.sha256(data).hexdigest()]
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def _edit_record(folder: Path, key: str, value: str) -> None:
    relative = "documents/alpha/record.json"
    record = json.loads((folder / relative).read_text(encoding="utf-8"))
    record[key] = value
    (folder / relative).write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    _relist(folder, relative)


def _a_page(folder: Path) -> Path:
    return next((folder / "documents" / "alpha" / "zh-hans").rglob("clauses/1/index.html"))


TAMPERING = {
    "an extra file": (lambda f, tmp: (f / "documents/alpha/zh-hans/evil.html").write_text("<script>", "utf-8"),
                      "a file manifest.json does not list"),
    "a changed page": (lambda f, tmp: _a_page(f).write_bytes(_a_page(f).read_bytes() + b"<p>forged</p>"),
                       "the shard was changed after its build"),
    "a link to a file outside": (lambda f, tmp: (f / "documents/alpha/zh-hans/leak.html").symlink_to(tmp / "secret"),
                                 "a symbolic link in a shard folder"),
    "a build id that climbs out": (lambda f, tmp: _edit_record(f, "build_id", "../../victim"),
                                   "a record with build_id '../../victim'"),
    "a malformed date": (lambda f, tmp: _edit_record(f, "built", "yesterday"), "a record with built 'yesterday'"),
}


@pytest.mark.parametrize("case", TAMPERING)
def test_a_tampered_shard_is_refused_whole_and_the_site_stays(sharded, capsys, case):
    project, folders, tmp = sharded["project"], sharded["folders"], sharded["tmp"]
    site = tmp / "merged"
    assert merge(project, site, folders, capsys)[0] == 0
    release, before = os.path.realpath(site), site_files(site)
    (tmp / "secret").write_text("not for publishing", encoding="utf-8")
    tampered = tmp / "tampered"
    shutil.copytree(folders[0], tampered, symlinks=True)
    change, message = TAMPERING[case]
    change(tampered, tmp)
    code, out = merge(project, site, [tampered, folders[1], folders[2]], capsys)
    assert code == 1 and message in out, out
    assert "nothing was published; the last good site is unchanged." in out
    assert os.path.realpath(site) == release and site_files(site) == before
    assert not any(p.name == "victim" for p in tmp.rglob("*")) and not (project.parent / "victim").exists()
