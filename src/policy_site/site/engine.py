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
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import jinja2
import jinja2.bccache

from policy_site.site import interface
from policy_site.site.cite import indented_json  # json.dumps(…, indent=n), quicker
from policy_site.site.engine_problems import EngineMessages, engine_problem
from policy_site.site.render import nav_label
from policy_site.site.search import ui_strings
from policy_site.site.shared_assets import share_assets
from policy_site.urls import (
    DOCUMENT_JSON,
    EDITION_FOLDERS,
    SEARCH_FOLDER,
    SHARED_ASSETS,
    Page,
    PageKind,
    edition_root_from,
    edition_url,
    page_url,
)
from policy_site.zh.convert import to_script
from policy_site.zh.editions import EDITIONS, SCRIPTS

# Derived from the edition registry (editions.EDITIONS); the folders are urls.py's.
SCRIPT_DIRS = EDITION_FOLDERS
SCRIPT_LABELS = {e.key: e.label for e in EDITIONS}
MATERIAL_LANGUAGE = {e.key: e.material_language for e in EDITIONS}
STORAGE_KEY = "policy-site:script"
HOOKS = Path(__file__).with_name("mkdocs_hooks.py")


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
    meta: dict[str, dict[str, dict]] = field(default_factory=dict)  # script -> page URL -> metadata.py's page meta
    document_pages: tuple[Page, ...] = ()  # urls.document_pages: the same in every edition


@dataclass(frozen=True)
class EditionSite:
    """One MkDocs build: a document or the library's own pages in one script.
    `prefix` is its folder below an edition root ("" for the library,
    the slug for a document), so the same page in another edition is at
    `<root>/<edition folder>/<prefix>/<page>`."""
    script: str
    prefix: str
    site_name: str
    description: str
    root_url: str  # the whole site's root, ends with /
    pages: dict[str, str | bytes]  # Markdown, or a static file (str or bytes) MkDocs copies
    nav: list[object]
    citation: dict[str, str]
    not_in_nav: tuple[str, ...] = ()
    plugins: tuple[object, ...] = ()
    meta: dict[str, dict] = field(default_factory=dict)  # page URL -> metadata.py's page meta

    @property
    def site_url(self) -> str:
        return edition_url(self.root_url, self.script, self.prefix)


def document_editions(spec: SiteSpec) -> dict[str, EditionSite]:
    # Material prints site_name and site_description as HTML: escaped here.
    return {script: EditionSite(script=script, prefix=spec.slug, site_name=nav_label(to_script(spec.title, script)),
                                description=nav_label(to_script(spec.description, script)), root_url=spec.site_url,
                                pages=spec.pages[script], nav=spec.nav[script], citation=spec.citation[script],
                                not_in_nav=spec.not_in_nav, meta=spec.meta.get(script, {}))
            for script in SCRIPTS}


# What policy.js prints, by its key: keys of content/ui/ (interface.py checks each is in every table).
SCRIPT_WORDS = {
    "copyLink": "复制链接", "copyCitation": "复制引用", "copied": "已复制", "sentenceQr": "本句二维码",
    "urlLabel": "，", "clauseCite": "第{label}项", "sentenceCite": "第{label}项第{n}句",
    # Reading comfort (issue 17): the menu button, a nested menu's way back,
    # the skip link, the printout's date line.
    "menu": "导航菜单", "back": "返回上一级", "skip": "跳到正文", "printedOn": "打印于",
    # Citation and provenance (metadata.py, cite.py).
    "citeDownloads": "引用文件下载", "provenance": "来源说明",
    "siteStatement": "本站为中国政策文件的非官方转载，文本以官方发布为准。",
    "notFound": "找不到此页面。", "notFoundHelp": "这个网址没有页面：可能输入有误，或页面已移动。",
    "backToLibrary": "返回文件库", "documentHome": "本文件首页", "documentContents": "目录",
    "documentSearch": "在本文件中检索",
    "redirecting": "正在转到新网址……", "redirectMoved": "本页已移到", "redirectTarget": "新网址", "period": "。",
}


def _ui(script: str) -> dict[str, str]:
    # Keys of content/ui/ (interface.py) -> this edition's words, for policy.js and search.js.
    # The edition's quotation marks, outer then inner (zh/quotes.py), for the citations policy.js copies.
    return {**{k: interface.ui(script, v) for k, v in SCRIPT_WORDS.items()}, **ui_strings(script),
            "quoteMarks": to_script("“”‘’", script)}


def write_edition(site: EditionSite, folder: Path, base_config: Path) -> Path:
    """Write docs/ and mkdocs.yml of one MkDocs build; returns the config path."""
    script = site.script
    docs = folder / "docs"
    wanted = {docs / path: markdown if isinstance(markdown, bytes) else markdown.encode("utf-8")
              for path, markdown in site.pages.items()}
    wanted.update({docs / "assets" / name: data for name, data in _assets().items()})
    _write_changed(docs, wanted)
    # Every edition of this build's folder, this one included: the switch in
    # the header (Material's `extra.alternate`, made per page by mkdocs_hooks)
    # and the hreflang links name the same page in each.
    editions = [{"lang": e.key, "label": e.label, "folder": e.folder,
                 "url": edition_url(site.root_url, e.key, site.prefix)} for e in EDITIONS]
    config = {
        "INHERIT": os.path.relpath(base_config, folder),
        "site_name": site.site_name,
        "site_url": site.site_url,
        "site_description": site.description,
        "docs_dir": "docs",
        # Paths in an inherited config resolve against the child: say where overrides/ is.
        "theme": {"language": MATERIAL_LANGUAGE[script], "custom_dir": str(base_config.parent / "overrides")},
        # A document's navigation starts with the way back to the library.
        "nav": ([{nav_label(interface.ui(script, "文件库")): edition_url(site.root_url, script)}] if site.prefix else [])
        + site.nav,
        "not_in_nav": "\n".join(site.not_in_nav),
        "plugins": list(site.plugins),
        "hooks": [str(HOOKS)],
        "extra": {"alternate": [{"name": e["label"], "link": e["url"], "lang": e["lang"]} for e in editions],
                  "script": {
            "lang": script, "dir": SCRIPT_DIRS[script], "label": SCRIPT_LABELS[script],
            "editions": editions,
            "root_url": site.root_url,
            "library_url": edition_url(site.root_url, script),
            # For the header's search form (urls.py): the library's search page below an edition
            # root, the edition root from this build's root, and the document's slug ("" for the library).
            "search_folder": SEARCH_FOLDER,
            "to_edition_root": edition_root_from(site.prefix),
            "document": site.prefix,
            # A document's 404 page links its home, contents and search (overrides/404.html).
            "document_home": edition_url(site.root_url, script, site.prefix) if site.prefix else "",
            "document_search": (edition_url(site.root_url, script, site.prefix) + page_url(PageKind.SEARCH)
                                if site.prefix else ""),
            "storage_key": STORAGE_KEY,
            "citation": site.citation,
            "ui": _ui(script),
            # Each page's head metadata and provenance (metadata.py), by page
            # URL, read by page_meta_hook.py from this file (not YAML: fast).
            "page_meta_file": str(folder.resolve() / PAGE_META_FILE),
        }},
    }
    config["hooks"].append(str(Path(__file__).resolve().with_name("page_meta_hook.py")))
    folder.mkdir(parents=True, exist_ok=True)
    _write_changed_file(folder / PAGE_META_FILE, json.dumps(site.meta, ensure_ascii=False).encode("utf-8"))
    path = folder / "mkdocs.yml"
    path.write_text(config_text(config), encoding="utf-8")
    return path


_NAV_MARK = "\0nav"  # stands for the navigation in the JSON text: no value can hold U+0000 (read.py refuses it)


def config_text(config: dict) -> str:
    """A generated mkdocs.yml: JSON, which YAML reads with no quoting
    surprises, but each navigation title (data of any length: a clause's
    title, a topic's name) written as an explicit key, `? "title": "page/"`.
    PyYAML, which MkDocs and Zensical read the file with, refuses a plain
    key of more than 1,024 characters; an explicit key has no such limit."""
    text = indented_json({**config, "nav": _NAV_MARK}, 2)
    return text.replace(indented_json(_NAV_MARK), _explicit_keys(config["nav"], 1), 1)


def _explicit_keys(value: object, level: int) -> str:
    """indented_json(value, 2, level), with every mapping key explicit."""
    if isinstance(value, dict) and value:
        inner = "\n" + "  " * (level + 1)
        return ("{" + inner + ("," + inner).join(f"? {indented_json(k)}: {_explicit_keys(v, level + 1)}"
                                                 for k, v in value.items()) + "\n" + "  " * level + "}")
    if isinstance(value, list) and value:
        inner = "\n" + "  " * (level + 1)
        return ("[" + inner + ("," + inner).join(_explicit_keys(v, level + 1) for v in value)
                + "\n" + "  " * level + "]")
    return indented_json(value, 2, level)


def write_sources(spec: SiteSpec, build_root: Path, base_config: Path) -> dict[str, Path]:
    """Write docs/ and mkdocs.yml for each script; returns script -> config path."""
    return {script: write_edition(site, build_root / SCRIPT_DIRS[script], base_config)
            for script, site in document_editions(spec).items()}


PAGE_META_FILE = "page-meta.json"  # beside an edition's mkdocs.yml


def _write_changed_file(path: Path, data: bytes) -> None:
    try:
        if path.read_bytes() == data:
            return
    except FileNotFoundError:
        pass
    path.write_bytes(data)


def _files_below(root: str) -> dict[str, int]:
    """Path -> size of every file below `root` (not into linked folders)."""
    found: dict[str, int] = {}
    try:
        entries = list(os.scandir(root))
    except (FileNotFoundError, NotADirectoryError):
        return found
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            found.update(_files_below(entry.path))
        elif entry.is_file():
            found[entry.path] = entry.stat().st_size
    return found


def _write_changed(root: Path, files: dict[Path, bytes]) -> None:
    """Make `root` hold exactly `files`, writing only those that changed: the
    live preview rebuilds after every edit, and most pages stay the same.
    Paths as strings and sizes from one walk: a page's bytes are read back
    only when its size is the same."""
    wanted = {os.fspath(path): data for path, data in files.items()}
    present = _files_below(os.fspath(root))
    for path in present.keys() - wanted.keys():
        os.unlink(path)
    for path, data in wanted.items():
        size = present.get(path)
        if size is None:
            os.makedirs(os.path.dirname(path), exist_ok=True)
        elif size == len(data):
            with open(path, "rb") as f:
                if f.read() == data:
                    continue
        with open(path, "wb") as f:
            f.write(data)


_ASSETS: dict[tuple, dict[str, bytes]] = {}


def _assets() -> dict[str, bytes]:
    """The package's assets/ files by name, read again when one changed."""
    folder = resources.files("policy_site.site") / "assets"
    files = sorted((a for a in os.scandir(os.fspath(folder)) if a.is_file()), key=lambda a: a.name)
    stamp = tuple((a.name, a.stat().st_mtime_ns, a.stat().st_size) for a in files)
    if stamp not in _ASSETS:
        _ASSETS.clear()
        _ASSETS[stamp] = {a.name: Path(a.path).read_bytes() for a in files}
    return _ASSETS[stamp]


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

    logger = logging.getLogger("mkdocs")
    messages = EngineMessages()
    logger.addHandler(messages)
    try:
        config = load_config(config_file=str(config_path), site_dir=str(site_dir), strict=strict)
        _reuse_theme_work(config.theme)
        logger.setLevel(logging.WARNING)
        build(config)
    except OSError:
        raise  # a full disk, a vanished folder: the build's own message, not a problem of the input
    except Exception as exc:
        raise engine_problem(exc, messages.messages, config_path) from exc
    finally:
        logger.removeHandler(messages)


def build_document_site(spec: SiteSpec, *, build_root: Path, base_config: Path, out_dir: Path,
                        document_json: dict, strict: bool = True,
                        timings: dict[str, float] | None = None) -> None:
    """Both editions of one document into `out_dir/<edition>/`, with its
    `document.json` in each. `out_dir` must not exist: the caller moves it
    into place only when all of it succeeded."""
    import time
    timings = timings if timings is not None else {}
    started = time.perf_counter()
    editions = document_editions(spec)
    configs = write_sources(spec, build_root, base_config)
    document_file = indented_json(document_json)  # json.dumps(…, indent=1); the same in every edition
    timings["write sources"] = timings.get("write sources", 0.0) + time.perf_counter() - started
    out_dir.mkdir(parents=True)
    for script in SCRIPTS:
        started = time.perf_counter()
        target = out_dir / SCRIPT_DIRS[script]
        run_mkdocs(configs[script], target, strict=strict)
        share_assets(target, out_dir / SHARED_ASSETS, editions[script].site_url, spec.site_url)
        (target / DOCUMENT_JSON).write_text(document_file, encoding="utf-8")
        timings[f"mkdocs {script}"] = timings.get(f"mkdocs {script}", 0.0) + time.perf_counter() - started
