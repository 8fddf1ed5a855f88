"""Command line: `policy-site build|merge|audit|serve`. Thin over the library."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from policy_site.core.diagnostics import Diagnostics
from policy_site.site.engine import ENGINE_VARIABLE, ENGINES

DEFAULT_SITE_URL = "https://example.github.io/policy-site/"


def _report(diagnostics: Diagnostics) -> None:
    for line in diagnostics.report_lines():
        print(line, file=sys.stderr)


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"found {text!r}; expected a whole number of worker processes, 1 or more; "
                                         "write e.g. --jobs 4, or leave it out for one per core")
    return jobs


def main(argv: list[str] | None = None) -> int:
    from policy_site.core.project import Paths

    parser = argparse.ArgumentParser(prog="policy-site", description=__doc__)
    parser.add_argument("--project", type=Path, default=Path.cwd(), help="project folder (default: here)")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="build the whole library, or rebuild one document, and publish the site")
    build.add_argument("document", nargs="?",
                       help="rebuild only this document (its folder under content/); the others stay as last built")
    build.add_argument("--site-dir", type=Path, help="where to publish the site (default: site/)")
    build.add_argument("--site-url", default=None, help=f"public URL of the site root (default: {DEFAULT_SITE_URL})")
    build.add_argument("--timings", action="store_true", help="print the time of each stage")
    build.add_argument("--all", action="store_true", help="every document (the default; kept for old scripts)")
    build.add_argument("--jobs", type=_jobs, default=None,
                       help="worker processes for the documents (default: one per core; 1 builds in this process)")
    build.add_argument("--engine", choices=ENGINES, default=None,
                       help=f"the static site generator that builds the generated configs (default: {ENGINES[0]}, "
                            f"or ${ENGINE_VARIABLE})")
    build.add_argument("--shard", metavar="I/N", default=None,
                       help="build every N-th document (by slug), starting with the I-th, into a shard folder "
                            "for `policy-site merge`; publishes nothing")
    build.add_argument("--shard-dir", type=Path, default=None,
                       help="where --shard writes its folder (default: build/shards/I-of-N/)")
    merge = sub.add_parser("merge", help="check the folders of `build --shard 1/N` … `N/N` and publish them as one site")
    merge.add_argument("shards", nargs="+", type=Path, metavar="SHARD_DIR", help="every shard folder, each once")
    merge.add_argument("--site-dir", type=Path, help="where to publish the site (default: site/)")
    merge.add_argument("--site-url", default=None,
                       help="public URL of the site root; if given, it must be the one the shards were built for")
    merge.add_argument("--engine", choices=ENGINES, default=None,
                       help="the engine of the library pages: the shards' (they record it in their inputs digest)")
    audit = sub.add_parser("audit", help="report what cleaning did and check every character is accounted for")
    audit.add_argument("document", nargs="?", help="one document (default: every document)")
    add = sub.add_parser("add", help="draft content/SLUG/ from a source as found (HTML, Markdown or text)")
    add.add_argument("slug", help="the new document's folder and URL name: a-z, 0-9 and hyphens")
    add.add_argument("source", type=Path, help="the source file, copied byte for byte into content/SLUG/sources/")
    add.add_argument("--title", required=True, help="the title as published, in simplified script")
    add.add_argument("--summary", type=Path, default=None, help="a summary source, copied beside it")
    serve = sub.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild when content/ changes")
    serve.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)

    site_dir = getattr(args, "site_dir", None)
    # Resolved here: MkDocs would read a relative site_dir against build/…/<script>/.
    # Absolute, not resolved: the site folder is a link to the release it publishes.
    paths = Paths.at(args.project.resolve(), site_dir.absolute() if site_dir else None)
    if args.command == "audit":
        return _audit(paths, args.document)
    if args.command == "add":
        return _add(paths.project, args)
    if args.command == "serve":
        from .serve import serve
        return serve(paths, port=args.port)
    if getattr(args, "engine", None):
        # An environment variable: worker processes, forked or started afresh, build with it too.
        previous = os.environ.get(ENGINE_VARIABLE)
        os.environ[ENGINE_VARIABLE] = args.engine
        try:
            return _build(args, paths)
        finally:
            if previous is None:
                os.environ.pop(ENGINE_VARIABLE, None)
            else:
                os.environ[ENGINE_VARIABLE] = previous
    return _build(args, paths)


def _add(project: Path, args) -> int:
    """`add`: the drafting is document/draft.py's; this prints its findings."""
    from policy_site.core.diagnostics import Diagnostics
    from policy_site.document.draft import add_document

    diagnostics = Diagnostics()
    folder = add_document(project, args.slug, args.source, args.title, diagnostics, summary=args.summary)
    for item in diagnostics.items:
        print(item, file=sys.stderr)
    if folder is None or diagnostics.errors:
        return 1
    print(f"drafted {folder / 'document.toml'}: check the warnings above, then `policy-site build {args.slug}`")
    return 0


def _build(args, paths) -> int:
    """`build` and `merge`."""
    from policy_site.library import shard
    from policy_site.library.build import build_library, default_jobs, report
    from policy_site.library.release import BuildBusy
    from policy_site.core.timings import Timings

    if args.command == "merge":
        given = args.site_url or os.environ.get("SITE_URL")
        try:
            return shard.report_merge(shard.merge_shards(paths, [f.absolute() for f in args.shards],
                                                         site_url=_with_slash(given) if given else None))
        except BuildBusy as exc:
            print(exc, file=sys.stderr)
            return 1
    site_url = _with_slash(args.site_url or os.environ.get("SITE_URL") or DEFAULT_SITE_URL)
    spec = None
    if args.shard is not None:
        try:
            spec = shard.parse_shard(args.shard)
        except shard.ShardSpecError as exc:
            print(f"policy-site build: {exc}", file=sys.stderr)
            return 2
        if args.document:
            print(f"policy-site build: --shard {args.shard} with document {args.document!r}: found both; expected "
                  "one of them; a shard builds its own share of every document", file=sys.stderr)
            return 2
    elif args.shard_dir is not None:
        print("policy-site build: --shard-dir without --shard; expected both; add --shard I/N", file=sys.stderr)
        return 2
    timings = Timings()
    jobs = args.jobs or default_jobs()
    try:
        if spec is not None:
            folder = args.shard_dir.absolute() if args.shard_dir else shard.default_shard_dir(paths, spec)
            code = shard.report_shard(shard.build_shard(paths, site_url, spec, folder, jobs=jobs, timings=timings))
        else:
            code = report(build_library(paths, site_url, only=args.document, timings=timings, jobs=jobs))
    except BuildBusy as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.timings:
        for stage, seconds in timings.stages.items():
            print(f"  {stage:<24} {seconds:7.3f} s")
    return code


def _audit(paths, only: str | None) -> int:
    from policy_site.document.audit import audit_edition
    from policy_site.library.catalog import load_catalog
    from policy_site.document.pipeline import load_edition

    diagnostics = Diagnostics()
    _, configs, own = load_catalog(paths.content, diagnostics, only)
    failed = bool(diagnostics.errors)
    for problems in own.values():
        _report(problems)
        failed = failed or bool(problems.errors)
    for config in configs:
        if only is not None and config.slug != only:
            continue
        document = Diagnostics()
        edition = load_edition(config.folder, document)
        if edition is not None:
            print(f"# {config.slug}")
            print(audit_edition(edition, document).report())
        _report(document)
        failed = failed or bool(document.errors)
    _report(diagnostics)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
