"""Stage: site. Write generated Markdown and one MkDocs config per edition
and run MkDocs: for one document (`build_document_site`, into a fresh
folder the library then publishes) or for the library's own pages (the
same `EditionSite`, see library/). One build per edition gives each its
`lang`, its own search index and working hreflang.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2
import jinja2.bccache

from .convert import SCRIPTS, SIMPLIFIED, TRADITIONAL, to_script
from .render import nav_label

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
    site_url: str  # root of the whole site (the library), ends with /
    pages: dict[str, dict[str, str]]  # script -> path -> Markdown
    nav: dict[str, list[object]]
    citation: dict[str, dict[str, str]]  # script -> citation pieces
    not_in_nav: tuple[str, ...] = ()


@dataclass(frozen=True)
class EditionSite:
    """One MkDocs build: a document or the library's own pages in one script.
    `prefix` is its folder below an edition root ("" for the library,
    the slug for a document), so the same page in the other script is at
    `<root>/<other edition>/<prefix>/<page>`."""
    script: str
    prefix: str
    site_name: str
    description: str
    root_url: str  # the whole site's root, ends with /
    pages: dict[str, str]
    nav: list[object]
    citation: dict[str, str]
    not_in_nav: tuple[str, ...] = ()
    plugins: tuple[object, ...] = ()

    @property
    def site_url(self) -> str:
        return edition_url(self.root_url, self.script, self.prefix)


def edition_url(root_url: str, script: str, prefix: str = "") -> str:
    """Public URL of a folder in one edition: the citation contract is
    `<root>/<edition>/<document slug>/<page>`."""
    return f"{root_url}{SCRIPT_DIRS[script]}/" + (f"{prefix}/" if prefix else "")


def document_editions(spec: SiteSpec) -> dict[str, EditionSite]:
    # Material prints site_name and site_description as HTML: escaped here.
    return {script: EditionSite(script=script, prefix=spec.slug, site_name=nav_label(to_script(spec.title, script)),
                                description=nav_label(to_script(spec.description, script)), root_url=spec.site_url,
                                pages=spec.pages[script], nav=spec.nav[script], citation=spec.citation[script],
                                not_in_nav=spec.not_in_nav)
            for script in SCRIPTS}


def _ui(script: str) -> dict[str, str]:
    strings = {
        "copyLink": "复制链接", "copyCitation": "复制引用", "copied": "已复制",
        "urlLabel": "，", "clauseCite": "第{label}项", "sentenceCite": "第{label}项第{n}句",
        "search": "搜索", "searchPlaceholder": "搜索条文（简体或繁体）",
        "searchHint": "在搜索框输入词语，可用简体或繁体；输入“第八条”“（八）”或“8”可直达条目。",
        "searchCount": "“{q}”：{n} 个结果", "searchNone": "没有找到“{q}”。请换一个词，或改用简体/繁体再试。",
    }
    return {k: to_script(v, script) for k, v in strings.items()}


def write_edition(site: EditionSite, folder: Path, base_config: Path) -> Path:
    """Write docs/ and mkdocs.yml of one MkDocs build; returns the config path."""
    script = site.script
    other = TRADITIONAL if script == SIMPLIFIED else SIMPLIFIED
    assets = resources.files("policy_site") / "assets"
    docs = folder / "docs"
    wanted = {docs / path: markdown.encode("utf-8") for path, markdown in site.pages.items()}
    wanted.update({docs / "assets" / a.name: a.read_bytes() for a in assets.iterdir() if a.is_file()})
    _write_changed(docs, wanted)
    up = "/".join([".."] * (1 + bool(site.prefix)))
    config = {
        "INHERIT": os.path.relpath(base_config, folder),
        "site_name": site.site_name,
        "site_url": site.site_url,
        "site_description": site.description,
        "docs_dir": "docs",
        # Paths in an inherited config resolve against the child: say where overrides/ is.
        "theme": {"language": MATERIAL_LANGUAGE[script], "custom_dir": str(base_config.parent / "overrides")},
        # A document's navigation starts with the way back to the library.
        "nav": ([{nav_label(to_script("文件库", script)): edition_url(site.root_url, script)}] if site.prefix else [])
        + site.nav,
        "not_in_nav": "\n".join(site.not_in_nav),
        "plugins": list(site.plugins),
        "extra": {"script": {
            "lang": script, "other_lang": other,
            "dir": SCRIPT_DIRS[script], "other_dir": SCRIPT_DIRS[other],
            # From this build's root to the same folder in the other edition.
            "other_prefix": f"{up}/{SCRIPT_DIRS[other]}" + (f"/{site.prefix}" if site.prefix else ""),
            "other_label": SCRIPT_LABELS[other],
            "other_site_url": edition_url(site.root_url, other, site.prefix),
            "root_url": site.root_url,
            "library_url": edition_url(site.root_url, script),
            "storage_key": STORAGE_KEY,
            "citation": site.citation,
            "ui": _ui(script),
        }},
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mkdocs.yml"
    # JSON is YAML: no quoting surprises with Chinese titles.
    path.write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def write_sources(spec: SiteSpec, build_root: Path, base_config: Path) -> dict[str, Path]:
    """Write docs/ and mkdocs.yml for each script; returns script -> config path."""
    return {script: write_edition(site, build_root / SCRIPT_DIRS[script], base_config)
            for script, site in document_editions(spec).items()}


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


ENGINES = ("mkdocs", "zensical")
ENGINE_VARIABLE = "POLICY_SITE_ENGINE"  # read by every build, in workers too (`policy-site build --engine`)


def current_engine() -> str:
    engine = os.environ.get(ENGINE_VARIABLE) or ENGINES[0]
    if engine not in ENGINES:
        raise ValueError(f"{ENGINE_VARIABLE}={engine!r}: expected one of {', '.join(ENGINES)}")
    return engine


def run_zensical(config_path: Path, site_dir: Path, strict: bool = True) -> None:
    """The same generated config built by Zensical, as a whole process. It
    writes only below the config's folder, so it builds there and the result
    is moved into place; `--clean` drops its cache, so a build depends on its
    inputs only."""
    import shutil
    import subprocess
    import sys

    built = config_path.parent / "site"
    shutil.rmtree(built, ignore_errors=True)
    command = [sys.executable, "-m", "zensical", "build", "--clean", "-f", str(config_path)]
    done = subprocess.run(command + (["--strict"] if strict else []), cwd=config_path.parent,
                          capture_output=True, text=True)
    if done.returncode != 0 or not built.is_dir():
        raise RuntimeError(f"zensical build -f {config_path} failed ({done.returncode}): "
                           f"{(done.stderr or done.stdout).strip()[-2000:]}")
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(built, site_dir, dirs_exist_ok=True) if site_dir.exists() else built.rename(site_dir)


def run_mkdocs(config_path: Path, site_dir: Path, strict: bool = True) -> None:
    if current_engine() == "zensical":
        return run_zensical(config_path, site_dir, strict)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_path), site_dir=str(site_dir), strict=strict)
    _reuse_theme_work(config.theme)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    build(config)


def build_document_site(spec: SiteSpec, *, build_root: Path, base_config: Path, out_dir: Path,
                        document_json: dict, strict: bool = True,
                        timings: dict[str, float] | None = None) -> None:
    """Both editions of one document into `out_dir/<edition>/`, with its
    `document.json` in each. `out_dir` must not exist: the caller moves it
    into place only when all of it succeeded."""
    import time
    timings = timings if timings is not None else {}
    started = time.perf_counter()
    configs = write_sources(spec, build_root, base_config)
    timings["write sources"] = timings.get("write sources", 0.0) + time.perf_counter() - started
    out_dir.mkdir(parents=True)
    for script in SCRIPTS:
        started = time.perf_counter()
        target = out_dir / SCRIPT_DIRS[script]
        run_mkdocs(configs[script], target, strict=strict)
        (target / "document.json").write_text(json.dumps(document_json, ensure_ascii=False, indent=1),
                                              encoding="utf-8")
        timings[f"mkdocs {script}"] = timings.get(f"mkdocs {script}", 0.0) + time.perf_counter() - started
