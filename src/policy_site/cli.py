"""Command line: `policy-site build|merge|audit|add|serve`. Argument parsing, printing and exit codes only:
the work is the library's (commands.py, one function per command)."""
from __future__ import annotations

import argparse
import errno
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

from policy_site.commands import DEFAULT_SITE_URL
from policy_site.core.diagnostics import Diagnostics, visible_lines
from policy_site.site.engine import ENGINE_VARIABLE, ENGINES


def _report(diagnostics: Diagnostics) -> None:
    for line in diagnostics.report_lines():
        print(line, file=sys.stderr)


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _disk_full(exc: OSError) -> str:
    """One message, not a traceback: a build writes only into build/ and a new
    release, and a failed one removes its partial files, so the live site stays."""
    return (f"policy-site: {exc.filename or 'build/'}: the disk is full ({exc.strerror}); expected room for the "
            "new release; free space (old releases are in build/releases/) and build again. Nothing was "
            "published; the last good site is unchanged.")


def site_url_problem(url: str) -> str | None:
    """The public URL of the site root is printed into every page (canonical
    links, feeds, citations): only an absolute http(s) URL with a host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() or ord(c) < 32 for c in url):
        return (f"policy-site: --site-url {url!r}: found no http(s) URL with a host; expected the public URL of the "
                "site root, e.g. https://example.github.io/policy-site/; write --site-url https://…/ (or SITE_URL)")
    return None


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"found {text!r}; expected a whole number of worker processes, 1 or more; "
                                         "write e.g. --jobs 4, or leave it out for one per core")
    return jobs


def _parser() -> argparse.ArgumentParser:
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
    return parser


def main(argv: list[str] | None = None) -> int:
    from policy_site.core.project import Project

    args = _parser().parse_args(argv)
    site_dir = getattr(args, "site_dir", None)
    # Resolved here: MkDocs would read a relative site_dir against build/…/<script>/.
    # Absolute, not resolved: the site folder is a link to the release it publishes.
    project = Project.at(args.project.resolve(), site_dir.absolute() if site_dir else None)
    command = {"audit": _audit, "serve": _serve, "merge": _merge, "build": _build, "add": _add}[args.command]
    return command(project, args)


def _site_url(args, default: str | None) -> str | None:
    """--site-url or $SITE_URL, with its closing slash; None: refused (said why)."""
    given = args.site_url or os.environ.get("SITE_URL")
    if given and site_url_problem(given):
        print(site_url_problem(given), file=sys.stderr)
        return None
    return _with_slash(given) if given else default


def _publishing(run) -> int:
    """Run a command that takes the build lock and writes a release: the
    lock held by another build and a full disk are one line each."""
    from policy_site.library.release import BuildBusy

    try:
        return run()
    except BuildBusy as exc:
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
        print(_disk_full(exc), file=sys.stderr)
        return 1


def _merge(project, args) -> int:
    from policy_site import commands
    from policy_site.library import shard

    site_url = _site_url(args, "")
    if site_url is None:
        return 2
    folders = [f.absolute() for f in args.shards]
    return _publishing(lambda: shard.report_merge(commands.merge(project, folders, site_url=site_url or None,
                                                                 engine_name=args.engine)))


def _build(project, args) -> int:
    from policy_site import commands
    from policy_site.core.timings import Timings
    from policy_site.library import shard
    from policy_site.library.build import report

    site_url = _site_url(args, DEFAULT_SITE_URL)
    if site_url is None:
        return 2
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
    options = {"site_url": site_url, "jobs": args.jobs, "timings": timings, "engine_name": args.engine}
    if spec is not None:
        folder = args.shard_dir.absolute() if args.shard_dir else None
        code = _publishing(lambda: shard.report_shard(commands.build_shard(project, spec, folder, **options)))
    elif args.document:
        code = _publishing(lambda: report(commands.build_document(project, args.document, **options)))
    else:
        code = _publishing(lambda: report(commands.build(project, **options)))
    if args.timings:
        for stage, seconds in timings.stages.items():
            print(f"  {stage:<24} {seconds:7.3f} s")
    return code


def _audit(project, args) -> int:
    from policy_site import commands

    outcome = commands.audit(project, args.document)
    for problems in outcome.configs:
        _report(problems)
    for slug, table, problems in outcome.documents:
        if table is not None:
            print(f"# {slug}")
            print(visible_lines(table))  # it quotes the source: made visible as every report is
        _report(problems)
    _report(outcome.library)
    return 0 if outcome.ok else 1


def _add(project, args) -> int:
    """`add`: the drafting is the library's (commands.add); this prints its findings."""
    from policy_site import commands

    folder, diagnostics = commands.add(project, args.slug, args.source, title=args.title, summary=args.summary)
    _report(diagnostics)
    if folder is None or diagnostics.errors:
        return 1
    print(f"drafted {folder / 'document.toml'}: check the warnings above, then `policy-site build {args.slug}`")
    return 0


def _serve(project, args) -> int:
    from policy_site import commands

    return commands.serve(project, port=args.port)


if __name__ == "__main__":
    raise SystemExit(main())
