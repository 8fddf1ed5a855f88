"""Stage: site. Write the generated Markdown and one MkDocs config per script
under `build/<slug>/`, run MkDocs for both scripts, add the root chooser,
404 page and `document.json`, and swap the new site in only when all of it
succeeded: a failed build leaves the last good site in place.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2
import jinja2.bccache

from .convert import SCRIPTS, SIMPLIFIED, TRADITIONAL, to_script

SCRIPT_DIRS = {SIMPLIFIED: "zh-hans", TRADITIONAL: "zh-hant"}
SCRIPT_LABELS = {SIMPLIFIED: "简体", TRADITIONAL: "繁體"}
MATERIAL_LANGUAGE = {SIMPLIFIED: "zh-Hans", TRADITIONAL: "zh-Hant"}
STORAGE_KEY = "policy-site:script"


@dataclass(frozen=True)
class SiteSpec:
    """One document's generated sources, ready for MkDocs."""
    slug: str
    title: str  # simplified
    description: str
    site_url: str  # root of this document's site, ends with /
    pages: dict[str, dict[str, str]]  # script -> path -> Markdown
    nav: dict[str, list[object]]
    citation: dict[str, dict[str, str]]  # script -> citation pieces
    not_in_nav: tuple[str, ...] = ()


def script_site_url(site_url: str, script: str) -> str:
    return f"{site_url}{SCRIPT_DIRS[script]}/"


def _ui(script: str) -> dict[str, str]:
    strings = {
        "copyLink": "复制链接", "copyCitation": "复制引用", "copied": "已复制",
        "urlLabel": "，", "clauseCite": "第{label}项", "sentenceCite": "第{label}项第{n}句",
        "search": "搜索", "searchPlaceholder": "搜索条文（简体或繁体）",
        "searchHint": "在搜索框输入词语，可用简体或繁体；输入“第八条”“（八）”或“8”可直达条目。",
        "searchCount": "“{q}”：{n} 个结果", "searchNone": "没有找到“{q}”。请换一个词，或改用简体/繁体再试。",
    }
    return {k: to_script(v, script) for k, v in strings.items()}


def write_sources(spec: SiteSpec, build_root: Path, base_config: Path) -> dict[str, Path]:
    """Write docs/ and mkdocs.yml for each script; returns script -> config path."""
    configs: dict[str, Path] = {}
    assets = resources.files("policy_site") / "assets"
    for script in SCRIPTS:
        other = TRADITIONAL if script == SIMPLIFIED else SIMPLIFIED
        folder = build_root / SCRIPT_DIRS[script]
        docs = folder / "docs"
        wanted = {docs / path: markdown.encode("utf-8") for path, markdown in spec.pages[script].items()}
        wanted.update({docs / "assets" / a.name: a.read_bytes() for a in assets.iterdir() if a.is_file()})
        _write_changed(docs, wanted)
        config = {
            "INHERIT": os.path.relpath(base_config, folder),
            "site_name": to_script(spec.title, script),
            "site_url": script_site_url(spec.site_url, script),
            "site_description": to_script(spec.description, script),
            "docs_dir": "docs",
            # Paths in an inherited config resolve against the child: say where overrides/ is.
            "theme": {"language": MATERIAL_LANGUAGE[script], "custom_dir": str(base_config.parent / "overrides")},
            "nav": spec.nav[script],
            "not_in_nav": "\n".join(spec.not_in_nav),
            "extra": {"script": {
                "lang": script, "other_lang": other,
                "dir": SCRIPT_DIRS[script], "other_dir": SCRIPT_DIRS[other],
                "other_label": SCRIPT_LABELS[other],
                "other_site_url": script_site_url(spec.site_url, other),
                "root_url": spec.site_url,
                "storage_key": STORAGE_KEY,
                "citation": spec.citation[script],
                "ui": _ui(script),
            }},
        }
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "mkdocs.yml"
        # JSON is YAML: no quoting surprises with Chinese titles.
        path.write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")
        configs[script] = path
    return configs


def _write_changed(root: Path, files: dict[Path, bytes]) -> None:
    """Make `root` hold exactly `files`, writing only those that changed: the
    live preview rebuilds after every edit, and most pages stay the same."""
    if root.exists():
        for path in root.rglob("*"):
            if path.is_file() and path not in files:
                path.unlink()
    for path, data in files.items():
        try:
            if path.read_bytes() == data:
                continue
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled theme templates, kept in memory for the life of the process.
    MkDocs makes a new Jinja environment for every build, so each script and
    each preview rebuild would parse and compile the same Material templates
    again (measured here: about a fifth of a script's MkDocs time). Jinja
    checks each entry against the template's source, so an edited template
    is compiled afresh."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _CompiledTemplates()
_THEME_FILES: dict[tuple, list[str]] = {}


def _files_under(folder: str | None) -> tuple[str, ...]:
    if not folder or not os.path.isdir(folder):
        return ()
    return tuple(sorted(os.path.relpath(os.path.join(d, f), folder) for d, _, fs in os.walk(folder) for f in fs))


def _reuse_theme_work(theme) -> None:
    """Work MkDocs repeats for every build that gives the same result in one
    process: the compiled templates (above), and the list of theme files to
    copy into the site, which walks Material's ~14,500 files (mostly icons)
    and filters each name (0.12 s of a 0.46 s build, measured). The list is
    kept per theme and per state of the project's overrides/ folder, which
    the live preview may see change. MkDocs' `add_files_from_theme` is the
    only caller of `list_templates`, always with the same filter."""
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.bytecode_cache = _COMPILED_TEMPLATES
        list_templates = env.list_templates

        def listed(extensions=None, filter_func=None) -> list[str]:
            key = (tuple(theme.dirs), tuple(theme.static_templates), _files_under(theme.custom_dir),
                   extensions, getattr(filter_func, "__code__", filter_func))
            if key not in _THEME_FILES:
                _THEME_FILES[key] = list_templates(extensions=extensions, filter_func=filter_func)
            return list(_THEME_FILES[key])

        env.list_templates = listed  # type: ignore[method-assign]
        return env

    theme.get_env = get_env


def run_mkdocs(config_path: Path, site_dir: Path, strict: bool = True) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_path), site_dir=str(site_dir), strict=strict)
    _reuse_theme_work(config.theme)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    build(config)


ROOT_INDEX = """<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{title}</title>
<meta name="description" content="{description}">
<link rel="alternate" hreflang="zh-Hans" href="{url}zh-hans/">
<link rel="alternate" hreflang="zh-Hant" href="{url}zh-hant/">
<link rel="alternate" hreflang="x-default" href="{url}">
<script>
(function () {{
  var choice = null;
  try {{ choice = localStorage.getItem("{key}"); }} catch (e) {{}}
  if (!choice) {{
    var langs = navigator.languages || [navigator.language || ""];
    choice = "zh-Hans";
    for (var i = 0; i < langs.length; i++) {{
      var l = (langs[i] || "").toLowerCase();
      if (/^zh-(hant|tw|hk|mo)/.test(l)) {{ choice = "zh-Hant"; break; }}
      if (/^zh/.test(l)) {{ break; }}
    }}
  }}
  location.replace((choice === "zh-Hant" ? "zh-hant/" : "zh-hans/") + location.search + location.hash);
}})();
</script>
<style>body{{font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;line-height:1.8}}</style>
</head>
<body>
<h1>{title}</h1>
<p><a href="zh-hans/" hreflang="zh-Hans" lang="zh-Hans">简体中文</a> · <a href="zh-hant/" hreflang="zh-Hant" lang="zh-Hant">繁體中文</a></p>
</body>
</html>
"""

ROOT_404 = """<!doctype html>
<html lang="zh">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>404</title>
<style>body{{font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;line-height:1.8}}</style>
</head>
<body>
<h1>404</h1>
<p lang="zh-Hans">找不到此页面。<a href="{url}zh-hans/">返回简体版首页</a></p>
<p lang="zh-Hant">找不到此頁面。<a href="{url}zh-hant/">返回繁體版首頁</a></p>
</body>
</html>
"""


def build_site(spec: SiteSpec, *, build_root: Path, base_config: Path, out_dir: Path,
               document_json: dict, strict: bool = True, timings: dict[str, float] | None = None) -> None:
    import time
    timings = timings if timings is not None else {}
    started = time.perf_counter()
    configs = write_sources(spec, build_root, base_config)
    timings["write sources"] = time.perf_counter() - started
    staging = out_dir.parent / f".{out_dir.name}.staging"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        for script in SCRIPTS:
            started = time.perf_counter()
            run_mkdocs(configs[script], staging / SCRIPT_DIRS[script], strict=strict)
            timings[f"mkdocs {script}"] = time.perf_counter() - started
        from html import escape
        (staging / "index.html").write_text(
            ROOT_INDEX.format(title=escape(spec.title), description=escape(spec.description),
                              url=spec.site_url, key=STORAGE_KEY), encoding="utf-8")
        (staging / "404.html").write_text(ROOT_404.format(url=_path_of(spec.site_url)), encoding="utf-8")
        (staging / "document.json").write_text(json.dumps(document_json, ensure_ascii=False, indent=1),
                                               encoding="utf-8")
        (staging / ".nojekyll").write_text("", encoding="utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    previous = out_dir.parent / f".{out_dir.name}.previous"
    if previous.exists():
        shutil.rmtree(previous)
    if out_dir.exists():
        out_dir.rename(previous)
    staging.rename(out_dir)
    shutil.rmtree(previous, ignore_errors=True)


def _path_of(url: str) -> str:
    from urllib.parse import urlsplit
    return urlsplit(url).path or "/"
