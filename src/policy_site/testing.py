"""Constructed documents and projects for the tests and the benchmarks, and
the headless Chromium they drive. Not used by a build: the project files a
constructed project links to (mkdocs.yml, overrides/, library.toml) are this
checkout's own."""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the checkout (an editable install)
CHROMIUM = "/usr/bin/chromium"  # Debian's; a browser is never downloaded
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

VALID = """受权发布|中共中央 国务院关于测试城市工作的意见
新华社北京8月28日电
中共中央 国务院关于测试城市工作的意见
（2025年8月15日）
序言第一句。序言第二句。
一、总体要求
总体段落。
二、第二部分
（一）第一条标题。第一条正文。
（二）第二条标题。第二条正文，含（5G）。
三、第三部分
（三）第三条标题。正文。
编辑：某人
"""


def write_document(folder: Path, text: str | bytes = VALID, *, script: str = "simplified",
                   repairs: str | None = None, title: str = "中共中央 国务院关于测试城市工作的意见",
                   summary: str | None = None, described: str = "", full_text: str = "",
                   tags: str | None = None) -> Path:
    """`described`: top-level document.toml lines (type, issuers, issued, …);
    `full_text`: lines at the end of its [full_text] table (title_line,
    [[full_text.furniture]] tables); `tags`: a tags.toml to write."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources").mkdir(exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    (folder / "sources" / "full.txt").write_bytes(data)
    toml = [f'slug = "{folder.name}"', f'title = "{title}"', 'short_title = "意见"']
    if described:
        toml.append(described.strip("\n"))
    toml += ["[full_text]", 'file = "sources/full.txt"', f'script = "{script}"']
    if repairs is not None:
        (folder / "repairs.toml").write_text(repairs, encoding="utf-8")
        toml.append('repairs = "repairs.toml"')
    if full_text:
        toml.append(full_text.strip("\n"))
    if tags is not None:
        (folder / "tags.toml").write_text(tags, encoding="utf-8")
    if summary is not None:
        (folder / "sources" / "summary.txt").write_text(summary, encoding="utf-8")
        toml += ["[summary]", 'file = "sources/summary.txt"', 'script = "simplified"']
    (folder / "document.toml").write_text("\n".join(toml) + "\n", encoding="utf-8")
    return folder


def make_project(root: Path, documents: dict[str, dict], *, vocabulary: bool = True) -> Path:
    """A project folder with the real mkdocs.yml, overrides/, library.toml
    and (unless `vocabulary` is false) library vocabulary content/tags.toml,
    and the given constructed documents (name -> write_document keyword
    arguments)."""
    for name, kwargs in documents.items():
        write_document(root / "content" / name, **kwargs)
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "content" / "library.toml").write_bytes((ROOT / "content" / "library.toml").read_bytes())
    shutil.copytree(ROOT / "content" / "ui", root / "content" / "ui", dirs_exist_ok=True)  # the interface words
    if vocabulary:
        (root / "content" / "tags.toml").write_bytes((ROOT / "content" / "tags.toml").read_bytes())
    for name in ("mkdocs.yml", "overrides"):
        (root / name).symlink_to(ROOT / name)
    return root
