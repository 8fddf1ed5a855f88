"""policy-site: publish a library of Chinese policy documents as a website
read, searched and cited clause by clause, in simplified and traditional
script, with URLs that never move.

The public API (library first; `policy-site` the command line over it):

    from policy_site import Project, build
    outcome = build(Project.at(Path("my-library")), site_url="https://example.org/policies/")

The levels, each importing only from itself and below: core/ (diagnostics,
schemas, safe reading), zh/ (Chinese text), document/ (one document),
urls.py (the citation contract), site/ (one MkDocs build), library/ (every
document together), then commands.py, cli.py and serve.py.
"""
from __future__ import annotations

from importlib import import_module

__all__ = ["Project", "add", "build", "build_document", "audit", "merge", "serve"]

# Resolved on first use (PEP 562): importing a small module of the package
# (policy_site.zh.numerals, say) must not load MkDocs and the whole library.
_PUBLIC = {
    "Project": ("policy_site.core.project", "Project"),
    "add": ("policy_site.commands", "add"),
    "build": ("policy_site.commands", "build"),
    "build_document": ("policy_site.commands", "build_document"),
    "audit": ("policy_site.commands", "audit"),
    "merge": ("policy_site.commands", "merge"),
    "serve": ("policy_site.commands", "serve"),
}


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'policy_site' has no attribute {name!r}")
    module, attribute = _PUBLIC[name]
    return getattr(import_module(module), attribute)


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
