"""Command line: `policy-site build|audit|serve`. Thin over the library."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .diagnostics import BuildError, Diagnostics

DEFAULT_SITE_URL = "https://example.github.io/policy-site/"


def _document_folder(paths, name: str | None) -> Path | None:
    folders = sorted(p.parent for p in paths.content.glob("*/document.toml"))
    if name is None:
        return folders[0] if folders else None
    candidate = paths.content / name
    if candidate.resolve().parent != paths.content.resolve():  # `build ../elsewhere`: not a document folder
        return None
    return candidate if (candidate / "document.toml").exists() else None


def _report(diagnostics: Diagnostics) -> None:
    for line in diagnostics.report_lines():
        print(line, file=sys.stderr)
    if diagnostics.errors:
        print(f"{diagnostics.error_count} error(s): nothing was written; the last good site is unchanged.",
              file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    from .publish import Paths

    parser = argparse.ArgumentParser(prog="policy-site", description=__doc__)
    parser.add_argument("--project", type=Path, default=Path.cwd(), help="project folder (default: here)")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="run the whole pipeline and write the site")
    build.add_argument("document", nargs="?", help="folder name under content/ (default: the first)")
    build.add_argument("--site-dir", type=Path, help="where to write the site (default: site/)")
    build.add_argument("--site-url", default=None, help=f"public URL of the site root (default: {DEFAULT_SITE_URL})")
    build.add_argument("--timings", action="store_true", help="print the time of each stage")
    build.add_argument("--all", action="store_true",
                       help="build every document: the first at the site root, each other one under <slug>/")
    audit = sub.add_parser("audit", help="report what cleaning did and check every character is accounted for")
    audit.add_argument("document", nargs="?")
    serve = sub.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild when content/ changes")
    serve.add_argument("document", nargs="?")
    serve.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)

    site_dir = getattr(args, "site_dir", None)
    # Resolved here: MkDocs would read a relative site_dir against build/<slug>/<script>/.
    paths = Paths.at(args.project.resolve(), site_dir.resolve() if site_dir else None)
    folder = _document_folder(paths, args.document)
    if folder is None:
        print(f"{paths.content}: no document folder {args.document or ''} with a document.toml; "
              "add one as the README explains", file=sys.stderr)
        return 2
    diagnostics = Diagnostics()
    if args.command == "audit":
        from .audit import audit_edition
        from .pipeline import load_edition
        edition = load_edition(folder, diagnostics)
        if edition is not None:
            print(audit_edition(edition, diagnostics).report())
        _report(diagnostics)
        return 1 if diagnostics.errors else 0
    if args.command == "serve":
        from .serve import serve
        return serve(folder, paths, port=args.port)
    import os
    site_url = args.site_url or os.environ.get("SITE_URL") or DEFAULT_SITE_URL
    if not site_url.endswith("/"):
        site_url += "/"
    if args.all:
        return _build_all(paths, site_url)
    return _build_one(folder, paths, site_url, args.timings)


def _build_all(paths, site_url: str) -> int:
    """Each document on its own: one that fails is reported and skipped, the
    others still build."""
    from .publish import Paths

    folders = sorted(p.parent for p in paths.content.glob("*/document.toml"))
    failed = []
    for index, folder in enumerate(folders):
        if index == 0:
            target, url = paths, site_url
        else:
            target = Paths(paths.project, paths.content, paths.build, paths.site / folder.name)
            url = f"{site_url}{folder.name}/"
        if _build_one(folder, target, url, False) != 0:
            failed.append(folder.name)
    if failed:
        print(f"not built: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


def _build_one(folder: Path, paths, site_url: str, show_timings: bool) -> int:
    from .pipeline import Timings
    from .publish import publish

    diagnostics = Diagnostics()
    timings = Timings()
    try:
        edition = publish(folder, paths, site_url=site_url, diagnostics=diagnostics, timings=timings)
    except BuildError as exc:
        diagnostics.items.extend(exc.diagnostics)
        edition = None
    except Exception as exc:  # MkDocs aborts (strict warnings) end here
        _report(diagnostics)
        print(f"site build failed: {exc}; the last good site is unchanged.", file=sys.stderr)
        return 1
    _report(diagnostics)
    if edition is None:
        return 1
    doc = edition.document
    print(f"built {folder.name}: {len(doc.sections)} sections, {len(doc.clauses)} clauses -> {paths.site}")
    if show_timings:
        for stage, seconds in timings.stages.items():
            print(f"  {stage:<12} {seconds:7.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
