"""One function per command, the library's front door (`policy_site.build`,
…): each takes a project's folders and options and returns what happened;
printing and exit codes are the CLI's (cli.py). Model: mkdocs `commands/`,
sqlite-utils' library-first API."""
from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from policy_site.core.diagnostics import Diagnostics
from policy_site.core.project import Project
from policy_site.core.timings import Timings
from policy_site.library import shard as shards
from policy_site.library.build import LibraryOutcome, build_library, default_jobs
from policy_site.library.shard import MergeOutcome, ShardOutcome, ShardSpec
from policy_site.site.engine import ENGINE_VARIABLE

DEFAULT_SITE_URL = "https://example.github.io/policy-site/"


@contextmanager
def engine(name: str | None) -> Iterator[None]:
    """The static site generator of the generated configs. An environment
    variable: worker processes, forked or started afresh, build with it too."""
    if not name:
        yield
        return
    previous = os.environ.get(ENGINE_VARIABLE)
    os.environ[ENGINE_VARIABLE] = name
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(ENGINE_VARIABLE, None)
        else:
            os.environ[ENGINE_VARIABLE] = previous


def build(project: Project, *, site_url: str = DEFAULT_SITE_URL, jobs: int | None = None,
          timings: Timings | None = None, engine_name: str | None = None) -> LibraryOutcome:
    """Build every document that changed and publish the library as one release."""
    with engine(engine_name):
        return build_library(project, site_url, timings=timings, jobs=jobs or default_jobs())


def build_document(project: Project, slug: str, *, site_url: str = DEFAULT_SITE_URL, jobs: int | None = None,
                   timings: Timings | None = None, engine_name: str | None = None) -> LibraryOutcome:
    """Rebuild one document; the others are published as last built."""
    with engine(engine_name):
        return build_library(project, site_url, only=slug, timings=timings, jobs=jobs or default_jobs())


def build_shard(project: Project, spec: ShardSpec, folder: Path | None = None, *, site_url: str = DEFAULT_SITE_URL,
                jobs: int | None = None, timings: Timings | None = None,
                engine_name: str | None = None) -> ShardOutcome:
    """Every n-th document into a shard folder for `merge`; publishes nothing."""
    with engine(engine_name):
        return shards.build_shard(project, site_url, spec, folder or shards.default_shard_dir(project, spec),
                                  jobs=jobs or default_jobs(), timings=timings)


def merge(project: Project, folders: list[Path], *, site_url: str | None = None,
          engine_name: str | None = None) -> MergeOutcome:
    """Check a complete set of shard folders and publish them as one site."""
    with engine(engine_name):
        return shards.merge_shards(project, folders, site_url=site_url)


@dataclass
class AuditOutcome:
    configs: list[Diagnostics] = field(default_factory=list)  # problems of documents whose config fails
    documents: list[tuple[str, str | None, Diagnostics]] = field(default_factory=list)  # slug, table, problems
    library: Diagnostics = field(default_factory=Diagnostics)

    @property
    def ok(self) -> bool:
        return not (self.library.errors or any(p.errors for p in self.configs)
                    or any(p.errors for _, _, p in self.documents))


def audit(project: Project, only: str | None = None) -> AuditOutcome:
    """What cleaning did to each document (or one), and whether every
    character of its sources is accounted for."""
    from policy_site.document.audit import audit_edition
    from policy_site.document.pipeline import load_edition
    from policy_site.library.catalog import load_catalog

    outcome = AuditOutcome()
    _, configs, own = load_catalog(project.content, outcome.library, only)
    outcome.configs = list(own.values())
    for config in configs:
        if only is not None and config.slug != only:
            continue
        found = Diagnostics()
        text = load_edition(config.folder, found)
        outcome.documents.append((config.slug, audit_edition(text, found).report() if text else None, found))
    return outcome


def add(project: Project, slug: str, source: Path, *, title: str,
        summary: Path | None = None) -> tuple[Path | None, Diagnostics]:
    """Draft content/SLUG/ from a source as found (HTML, Markdown or text):
    the source copied byte for byte, document.toml drafted with what the
    source shows, each value a warning for the editor to check."""
    from policy_site.document.draft import add_document

    diagnostics = Diagnostics()
    folder = add_document(project.root, slug, source, title, diagnostics, summary=summary)
    return folder, diagnostics


def serve(project: Project, *, port: int = 8000) -> int:
    """Build, serve on 127.0.0.1 and rebuild when the content changes."""
    from policy_site.serve import serve as run

    return run(project, port=port)
