"""The engine's inputs checked, and its failures placed at a file and line.

A project's `mkdocs.yml` and `overrides/` templates are edited by hand: their
syntax is checked when a build starts (`check_theme`), so a stray bracket is
`mkdocs.yml:14:7`, not MkDocs' message about a generated config. A failure
MkDocs still meets while building (a template's runtime error, a
configuration value it refuses, a strict-mode warning) is an
`EngineProblem`: the file and line the failure names (a template frame, a
YAML mark, a configuration key, a generated page), which `source_of_page`
turns into the source line of the clause or section the page shows.
"""
from __future__ import annotations

import json
import logging
import re
import traceback
from pathlib import Path

import jinja2
import yaml

from policy_site.core.diagnostics import Diagnostics
from policy_site.core.read import display_path
from policy_site.document.model import Document, SourceRef

TEMPLATE_SUFFIXES = (".html", ".xml", ".j2")  # what MkDocs renders with Jinja from a theme folder


class EngineProblem(Exception):
    """Where and what the engine failed on. `file`: the file the failure
    names (a project file, or a generated config or page under build/), or
    "" when it names none; `page`: a generated page's Markdown path."""

    def __init__(self, what: str, file: str = "", line: int = 0, column: int = 0, page: str = ""):
        super().__init__(what)
        self.what, self.file, self.line, self.column, self.page = what, file, line, column, page

    def __str__(self) -> str:
        return f"{self.file or '?'}:{max(self.line, 1)}: {self.what}"


# --- before a build -------------------------------------------------------------

def check_theme(root: Path, diagnostics: Diagnostics) -> None:
    """The syntax of the project's mkdocs.yml and of every template of its
    overrides/, each problem at its file:line."""
    _check_config(root / "mkdocs.yml", diagnostics)
    folder = root / "overrides"
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.suffix in TEMPLATE_SUFFIXES and path.is_file() and not path.is_symlink():
                _check_template(path, diagnostics)


def _check_config(path: Path, diagnostics: Diagnostics) -> None:
    from mkdocs.utils.yaml import get_yaml_loader

    shown = display_path(path)
    fix = "correct the line (YAML: `key: value`, two spaces per level, no tabs); the file the project came with is a guide"
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        diagnostics.error(shown, 1, "no mkdocs.yml in the project", "the base MkDocs configuration every "
                          "generated site inherits", "restore mkdocs.yml from the project's history")
        return
    except UnicodeDecodeError as exc:
        diagnostics.error(shown, exc.object[:exc.start].count(b"\n") + 1, "bytes that are not UTF-8",
                          "a UTF-8 text file", "save the file as UTF-8")
        return
    except OSError as exc:
        diagnostics.error(shown, 1, f"a file that cannot be read ({exc.strerror})", "a readable file",
                          "restore mkdocs.yml")
        return
    try:
        # Composed, not constructed: tags such as !ENV or !!python/name are MkDocs' business.
        node = yaml.compose(text, Loader=get_yaml_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        diagnostics.error(shown, mark.line + 1 if mark else 1, f"YAML MkDocs cannot read: {_yaml_problem(exc)}",
                          "a YAML mapping of MkDocs settings", fix, column=mark.column + 1 if mark else 0)
        return
    except yaml.YAMLError as exc:
        diagnostics.error(shown, 1, f"YAML MkDocs cannot read: {exc}", "a YAML mapping of MkDocs settings", fix)
        return
    if not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + 1 if node is not None else 1
        diagnostics.error(shown, line, "a file that is not a mapping of settings", "`key: value` lines "
                          "(site_name: …, theme: …)", "restore mkdocs.yml from the project's history")


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    return " ".join(part for part in (exc.context, exc.problem) if part)


def _check_template(path: Path, diagnostics: Diagnostics) -> None:
    shown = display_path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        diagnostics.error(shown, 1, f"a template that cannot be read ({exc})", "a UTF-8 Jinja template",
                          "save the file as UTF-8")
        return
    # MkDocs renders a theme with a plain Environment and, for translations, the i18n extension.
    environment = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    try:
        environment.parse(source, path.name, str(path))
    except jinja2.TemplateSyntaxError as exc:
        diagnostics.error(shown, exc.lineno or 1, f"template syntax Jinja cannot read: {exc.message}",
                          "a Jinja template (MkDocs renders overrides/ with Jinja)",
                          "correct the line: every {% if %} / {% block %} closed, every {{ }} a complete expression")


# --- while building -------------------------------------------------------------

class EngineMessages(logging.Handler):
    """The warnings and errors MkDocs logs during one build: a strict-mode
    abort or a refused configuration says what it refused only here."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.messages) < 20:
            self.messages.append(record.getMessage())


def engine_problem(exc: BaseException, messages: list[str], config: Path) -> EngineProblem:
    """The exception MkDocs raised, as the file and line it names."""
    for cause in _chain(exc):
        if isinstance(cause, yaml.MarkedYAMLError):
            mark = cause.problem_mark or cause.context_mark
            if mark is not None:
                return EngineProblem(f"YAML MkDocs cannot read: {_yaml_problem(cause)}", mark.name,
                                     mark.line + 1, mark.column + 1)
        if isinstance(cause, jinja2.TemplateSyntaxError):
            return EngineProblem(f"template syntax Jinja cannot read: {cause.message}",
                                 cause.filename or cause.name or "", cause.lineno or 0)
    what = "; ".join(messages) if messages else f"{type(exc).__name__}: {exc}"
    frame = _template_frame(exc)
    if frame is not None:
        return EngineProblem(f"{type(exc).__name__} in a template: {exc}", *frame)
    page = re.search(r"[a-z0-9_/.-]*index\.md", what)
    if page is not None:
        return EngineProblem(what, str(config), page=page.group().lstrip("./"))
    key = re.search(r"Config value '([^'.]+)", what)
    if key is not None:
        base = _inherited(config)
        line = _key_line(base, key.group(1)) if base is not None else 0
        if line:
            return EngineProblem(what, str(base), line)
    return EngineProblem(what, str(config))


def _chain(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The innermost frame of a template (Jinja rewrites tracebacks so that
    a template's frames name its file and line)."""
    found = None
    for cause in _chain(exc):
        for frame, line in traceback.walk_tb(cause.__traceback__):
            if frame.f_code.co_filename.endswith(TEMPLATE_SUFFIXES):
                found = (frame.f_code.co_filename, line)
        if found is not None:
            return found
    return None


def _inherited(config: Path) -> Path | None:
    """The base config a generated one inherits (its `INHERIT`)."""
    try:
        with config.open(encoding="utf-8") as f:
            head = f.read(4096)
    except OSError:
        return None
    found = re.search(r'"INHERIT": ("(?:[^"\\]|\\.)*")', head)
    return (config.parent / json.loads(found.group(1))).resolve() if found else None


def _key_line(path: Path, key: str) -> int:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith(f"{key}:"):
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return 0


# --- where in the document ------------------------------------------------------

_PAGE_PATH = re.compile(r'"((?:[a-z0-9-]+/)*index\.md)"')


def page_on_line(path: Path, line: int) -> str:
    """The generated page a generated config names on that line (a
    navigation entry), or ""."""
    try:
        with path.open(encoding="utf-8") as f:
            for number, text in enumerate(f, 1):
                if number == line:
                    found = _PAGE_PATH.search(text)
                    return found.group(1) if found else ""
    except OSError:
        pass
    return ""


def source_of_page(document: Document, page: str) -> SourceRef:
    """The source line of what a generated page shows: a clause's or a
    section's first line, else the document's title line."""
    found = re.fullmatch(r"(clauses|sections)/([0-9]+)/index\.md", page)
    if found:
        number = int(found.group(2))
        nodes = document.clauses if found.group(1) == "clauses" else document.sections
        for node in nodes:
            if node.number == number:
                return node.source
    return document.title_source
