"""Paths from untrusted input stay where they belong.

Content files name other files (a source, the repairs file, the tags file):
each must be a relative path without `..` that, with every symbolic link
resolved, is a regular file inside its document folder. Slugs (of documents
and tags) are the one URL-safe shape `^[a-z0-9][a-z0-9-]*$`. Nothing in
`overrides/` may be a symbolic link: MkDocs copies that folder into the site,
so a link would publish whatever it points at.
"""
from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath, PureWindowsPath

from policy_site.core.diagnostics import Diagnostics
from policy_site.core.read import display_path

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SLUG_RULE = "lower-case ASCII letters, digits and hyphens, starting with a letter or digit"


def slug_problem(slug: str) -> str | None:
    """Why `slug` is not a slug, or None."""
    if SLUG.match(slug) and len(slug) <= 100:
        return None
    if len(slug) > 100:
        return "longer than 100 characters"
    bad = sorted({c for c in slug if not (c.isascii() and (c.islower() or c.isdigit() or c == "-"))})
    if bad:
        return "with " + ", ".join(repr(c) for c in bad[:5])
    return "starting with a hyphen" if slug.startswith("-") else "empty"


def path_problem(folder: Path, value: str) -> tuple[Path | None, str]:
    """(the resolved path, "") when `value` names a file inside `folder`,
    else (None, what is wrong with it)."""
    if "\x00" in value:
        return None, "a path with a NUL character"
    if "\\" in value or PureWindowsPath(value).drive:
        return None, "a Windows path (backslash or drive letter)"
    pure = PurePosixPath(value)
    if pure.is_absolute() or value.startswith("~"):
        return None, "an absolute path"
    if ".." in pure.parts:
        return None, "a path with `..`"
    if not pure.parts:
        return None, "an empty path"
    base = folder.resolve()
    try:
        target = (base / pure).resolve()
    except (OSError, RuntimeError):  # a symbolic link loop
        return None, "a path through a symbolic link loop"
    if target != base and base not in target.parents:
        return None, f"a symbolic link leading out of the document folder (to {target})"
    if target.is_dir():
        return None, "a directory"
    if not target.exists():
        return None, "a file that does not exist"
    if not target.is_file():
        return None, "a special file (a device, pipe or socket)"
    return target, ""


def confined_sibling(path: Path) -> str:
    """For files read by a fixed name (traditional.toml, summary.toml): why
    `path` escapes its folder through a symbolic link, or ""."""
    if not path.is_symlink():
        return ""
    _, problem = path_problem(path.parent, path.name)
    return problem if "symbolic link" in problem else ""


def check_overrides(folder: Path, diagnostics: Diagnostics) -> bool:
    """Refuse every symbolic link inside the theme overrides folder (the
    folder itself may be one: a checkout can link to a shared theme).
    Returns False when any was found."""
    if not folder.is_dir():
        return True
    ok = True
    for root, dirs, files in os.walk(folder):
        for name in sorted(dirs + files):
            path = Path(root) / name
            if path.is_symlink():
                diagnostics.error(display_path(path), 1,
                                  f"a symbolic link (to {os.readlink(path)}) in the theme overrides",
                                  "regular files only: MkDocs copies overrides/ into the published site",
                                  "replace the link by a copy of the file it points to, or remove it")
                ok = False
        dirs[:] = [d for d in dirs if not (Path(root) / d).is_symlink()]
    return ok
