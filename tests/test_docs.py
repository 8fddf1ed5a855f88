"""The README and docs/ name modules and folders that exist (sqlite-utils'
test_docs habit): a move or a rename that leaves the map stale fails here."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "policy_site"
# A path in backticks: `library/catalog.py`, `site/engine.py`, `overrides/main.html`, `document/`.
NAMED = re.compile(r"`((?:[a-z_]+/)*[a-z_]+(?:\.py|\.js|/))`")


def _named(text: str) -> set[str]:
    return {m.group(1) for m in NAMED.finditer(text)}


GENERATED = ("build/", "site/", ".venv/")  # made by a build or the test command, git-ignored


def _exists(name: str) -> bool:
    """A path from the root, the package, its assets, tests/ or scripts/; a
    bare file name (`read.py`, in a row that names its package) anywhere in
    the package, the tests or the scripts."""
    if name.startswith(GENERATED) or name in ("build", "site"):
        return True
    for base in (ROOT, PACKAGE, PACKAGE / "site" / "assets", ROOT / "tests", ROOT / "scripts"):
        if (base / name.rstrip("/")).exists():
            return True
    bare = name.rstrip("/")
    if "/" not in bare:
        return any(any(base.rglob(bare)) for base in (PACKAGE, ROOT / "content", ROOT / "tests", ROOT / "scripts"))
    return False


def test_every_module_and_folder_the_docs_name_exists():
    missing = []
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
            missing += [f"{doc.relative_to(ROOT)}:{number}: `{name}`" for name in _named(line) if not _exists(name)]
    assert not missing, "named in the docs but not in the tree:\n" + "\n".join(missing)


def test_the_layout_table_lists_every_package_and_module():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout"):readme.index("\n## ", readme.index("## Layout") + 1)]
    modules = {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"}
    absent = sorted(m for m in modules if f"`{m}`" not in layout and f"`{Path(m).name}`" not in layout)
    assert not absent, f"modules missing from the README's Layout: {absent}"
