"""The tree shows its levels: a module imports only from its own level or
below. core < zh < document < urls < site < library < the front (cli, serve,
the package's public API). A document knows no other document and no site;
the site knows no library. The allow-list is empty and stays so."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "policy_site"

LEVELS = {
    "core": 0,
    "zh": 1,
    "document": 2,
    "urls": 3,       # the citation contract: page paths and fragments of a document's nodes
    "site": 4,
    "library": 5,
    "commands": 6,
    "cli": 6,
    "serve": 6,
    "__init__": 6,
    "testing": 6,    # constructed documents for the tests and benchmarks
}
ALLOWED: set[tuple[str, str]] = set()  # (importer, imported): keep empty


def _unit(module: str) -> str:
    """The level unit of a dotted module under policy_site: its first part."""
    return module.split(".")[0]


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every policy_site module a file imports (absolute or relative), with its line."""
    relative = path.relative_to(PACKAGE).with_suffix("")
    package_parts = list(relative.parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("policy_site")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - node.level + 1]
                module = ".".join(["policy_site", *base, *([node.module] if node.module else [])])
            elif (node.module or "").startswith("policy_site"):
                module = node.module
            else:
                continue
            if module == "policy_site":  # `from policy_site import x`: x is the unit
                found += [(node.lineno, f"policy_site.{a.name}") for a in node.names]
            else:
                found.append((node.lineno, module))
    return [(line, name.removeprefix("policy_site.")) for line, name in found if name != "policy_site"]


def test_every_module_belongs_to_a_level():
    units = {_unit(".".join(p.relative_to(PACKAGE).with_suffix("").parts)) for p in PACKAGE.rglob("*.py")}
    assert units <= set(LEVELS), f"modules without a level: {sorted(units - set(LEVELS))}; add them to LEVELS"


def test_no_module_imports_from_a_level_above():
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        importer = _unit(".".join(path.relative_to(PACKAGE).with_suffix("").parts))
        for line, imported in _imports(path):
            target = _unit(imported)
            if LEVELS[target] > LEVELS[importer] and (importer, target) not in ALLOWED:
                problems.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {importer} (level {LEVELS[importer]})"
                                f" imports {imported} (level {LEVELS[target]})")
    assert not problems, "imports from a level above:\n" + "\n".join(problems)


def test_the_allow_list_is_empty():
    assert ALLOWED == set()


MAX_FUNCTION_LINES = 80


def test_no_function_is_longer_than_eighty_lines():
    """A function a reader can hold in view; longer ones are split into named steps."""
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {node.name} has {length} lines")
    assert not long, "\n".join(long)
