"""One shared, content-hashed set of assets for the whole site.

Each MkDocs build (one per document and edition, one per library edition)
copies the theme's and the site's assets into its own `assets/`. A reader
would download the same stylesheets and scripts again for every document
and edition. After a build, every asset a page refers to is moved to the
site root's `assets/` (urls.SHARED_ASSETS) under a name holding its content
hash (`policy.3f2a9c01b4de.css`), the pages' links are rewritten to it, and
the build's own `assets/` is removed (with the theme's files no page loads).
Files of one content have one URL everywhere, so they are cached once, and
a changed file gets a new URL, so no reader keeps a stale one.

Material's main stylesheet is also slimmed: rules for markup this site never
produces (admonitions, tabs, code blocks, Material's search and tooltips:
classes named by no template we render and none of our own code) are left
out, 22.7 KB gzip to 12.6 KB. tests/site/test_shared_assets.py holds that no
rule matching an element of a built page is lost."""
from __future__ import annotations

import hashlib
import os
import posixpath
import re
import shutil
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from policy_site.urls import SHARED_ASSETS

# Attributes whose value can be an asset's URL: links, scripts, images and the
# data attributes our templates use for a script loaded later (search.js).
ATTRIBUTE = re.compile(r'(\s(?:href|src|data-[\w-]+)=")([^"]*)(")')
OUTSIDE = ("http:", "https:", "//", "data:", "mailto:", "#", "javascript:")
HASH_LENGTH = 12
SOURCE_MAP = re.compile(rb"\n?/\*# sourceMappingURL=[^*]*\*/\s*$")

# The Material templates our pages are made from (overrides/main.html extends
# base.html and replaces its header): their class names are kept in the
# slimmed stylesheet. A partial added to the pages must be added here; the
# test of the slimmed stylesheet fails otherwise.
MATERIAL_TEMPLATES = ("base.html", "main.html", "404.html", "partials/content.html", "partials/copyright.html",
                      "partials/footer.html", "partials/logo.html", "partials/nav-item.html", "partials/nav.html",
                      "partials/toc-item.html", "partials/toc.html", "partials/top.html")
OWN_SOURCES = ("*.py", "*.j2", "*.js", "*.css", "*.html")
WORD = re.compile(r"[A-Za-z_][\w-]*")
CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
# Inside :is(…), :not(…) and the like a class need not be on the page for the
# rule to apply: those are kept (innermost parentheses, applied twice).
COLOUR = re.compile(r"\[data-md-color-(?:primary|accent|scheme)=[\"']?([\w-]+)")
ARGUMENTS = re.compile(r"\((?:[^()]|\([^()]*\))*\)")


def share_assets(edition_dir: Path, store: Path, edition_url: str, root_url: str) -> None:
    """Move the assets the pages of `edition_dir` (one build's output,
    published at `edition_url`) refer to into `store` (published as the
    site root's assets/, `root_url` being the root), rewrite the pages'
    links, and remove `edition_dir/assets`."""
    url_path = edition_url[len(root_url):] if edition_url.startswith(root_url) else ""
    site_path = urlsplit(root_url).path or "/"
    shared: dict[Path, str] = {}
    store.mkdir(parents=True, exist_ok=True)
    for page in sorted(edition_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        page_dir = url_path + page.parent.relative_to(edition_dir).as_posix().strip(".") + "/"
        page_dir = page_dir.lstrip("/").replace("//", "/")

        def rewrite(match: re.Match) -> str:
            value = match.group(2)
            if not value or value.startswith(OUTSIDE):
                return match.group(0)
            path, _, rest = value.partition("?")
            if path.startswith("/"):
                if not path.startswith(site_path):
                    return match.group(0)
                target = path[len(site_path):]
            else:
                target = posixpath.normpath(posixpath.join(page_dir, path))
            prefix = url_path + "assets/"
            asset = edition_dir / "assets" / target[len(prefix):] if target.startswith(prefix) else None
            if asset is None or not asset.is_file():
                return match.group(0)
            if asset not in shared:
                shared[asset] = _store(asset, store)
            if path.startswith("/"):
                new = site_path + SHARED_ASSETS + "/" + shared[asset]
            else:
                new = "../" * page_dir.count("/") + SHARED_ASSETS + "/" + shared[asset]
            return match.group(1) + new + match.group(3)

        rewritten = ATTRIBUTE.sub(rewrite, html)
        if rewritten != html:
            temporary = page.with_name(page.name + ".shared")
            temporary.write_text(rewritten, encoding="utf-8")
            os.replace(temporary, page)  # a new file: never write through a hard link
    shutil.rmtree(edition_dir / "assets", ignore_errors=True)


def _store(asset: Path, store: Path) -> str:
    data = asset.read_bytes()
    if asset.suffix in (".css", ".js"):
        data = SOURCE_MAP.sub(b"\n", data)  # the map is not published
    if any(asset.name == f.name and data == f.read_bytes() for f in _material_stylesheets()):
        data = _slimmed(data)
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    stem, dot, suffix = asset.name.rpartition(".")
    name = f"{stem}.{digest}.{suffix}" if dot else f"{asset.name}.{digest}"
    target = store / name
    if not target.exists():
        temporary = store / (name + f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
    return name


@lru_cache(maxsize=1)
def _material_stylesheets() -> tuple[Path, ...]:
    """Material's main stylesheet and its palette (colours and schemes)."""
    import material
    folder = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    return (next(folder.glob("main.*.min.css")), next(folder.glob("palette.*.min.css")))


@lru_cache(maxsize=4)
def _slimmed(data: bytes) -> bytes:
    """Slimmed once per process (0.09 s for Material's stylesheet), not once per build."""
    return slim_stylesheet(data.decode("utf-8")).encode("utf-8")


@lru_cache(maxsize=1)
def class_vocabulary() -> frozenset[str]:
    """Every word of the Material templates we render and of our own code
    (the package, overrides/): a class not among them is on no page."""
    import material
    templates = Path(material.__file__).parent / "templates"
    package = Path(__file__).resolve().parents[1]
    files = [templates / name for name in MATERIAL_TEMPLATES]
    files += [f for pattern in OWN_SOURCES for f in package.rglob(pattern)]
    overrides = package.parents[1] / "overrides"
    files += sorted(overrides.rglob("*.html")) if overrides.is_dir() else []
    words: set[str] = set()
    for file in files:
        words.update(WORD.findall(file.read_text(encoding="utf-8", errors="replace")))
    return frozenset(words)


@lru_cache(maxsize=1)
def colour_vocabulary() -> frozenset[str]:
    """The words of mkdocs.yml: its palette names the colours and schemes
    the pages use (the palette stylesheet has rules for twenty of each)."""
    config = Path(__file__).resolve().parents[1].parents[1] / "mkdocs.yml"
    return frozenset(WORD.findall(config.read_text(encoding="utf-8"))) if config.is_file() else frozenset()


def slim_stylesheet(css: str) -> str:
    """`css` without the selectors that name a class outside the vocabulary
    (a rule whose selectors all go goes too; @media and @supports blocks
    are slimmed inside and dropped when empty); everything else as it was."""
    import tinycss2
    vocabulary, colours = class_vocabulary(), colour_vocabulary()

    def slim(rules) -> list[str]:
        out: list[str] = []
        for rule in rules:
            if rule.type == "qualified-rule":
                kept = [s for s in _selectors(tinycss2.serialize(rule.prelude))
                        if all(c in vocabulary for c in CLASS.findall(ARGUMENTS.sub("", s)))
                        and all(c in colours for c in COLOUR.findall(s))]
                if kept:
                    out.append(",".join(kept) + "{" + tinycss2.serialize(rule.content) + "}")
            elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content:
                inner = slim(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
                if inner:
                    out.append("@" + rule.at_keyword + tinycss2.serialize(rule.prelude) + "{" + "".join(inner) + "}")
            else:
                out.append(tinycss2.serialize([rule]))
        return out

    return "".join(slim(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)))


def _selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas (not inside :is(…))."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(prelude):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(prelude[start:i].strip())
            start = i + 1
    parts.append(prelude[start:].strip())
    return [p for p in parts if p]
