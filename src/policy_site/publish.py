"""Run the whole pipeline for one document: text stages, audit, layers,
render, site. The CLI is a thin layer over `publish`."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .audit import Audit, audit_edition
from .convert import SCRIPTS, SIMPLIFIED, TO_SIMPLIFIED_CONFIG, TO_TRADITIONAL_CONFIG, to_script
from .diagnostics import Diagnostics
from .export import export_document
from .pipeline import Edition, load_edition
from .render import ScriptText, navigation, render_document_pages
from .site import SiteSpec, build_site


@dataclass
class Timings:
    stages: dict[str, float] = field(default_factory=dict)

    def mark(self, stage: str, started: float) -> float:
        now = time.perf_counter()
        self.stages[stage] = self.stages.get(stage, 0.0) + now - started
        return now


@dataclass(frozen=True)
class Paths:
    project: Path
    content: Path
    build: Path
    site: Path

    @classmethod
    def at(cls, project: Path, site: Path | None = None) -> "Paths":
        return cls(project, project / "content", project / "build", site or project / "site")


def script_texts(edition: Edition) -> dict[str, ScriptText]:
    return {script: ScriptText(script, edition.document, {} if script == SIMPLIFIED else edition.traditional)
            for script in SCRIPTS}


def site_spec(edition: Edition, audit: Audit, site_url: str) -> tuple[SiteSpec, dict]:
    config = edition.config
    texts = script_texts(edition)
    pages: dict[str, dict[str, str]] = {}
    nav: dict[str, list[object]] = {}
    citation: dict[str, dict[str, str]] = {}
    for script, text in texts.items():
        about_context = {
            "config": config,
            "full_text_file": config.full_text.path.name,
            "summary_file": config.summary.path.name if config.summary else "",
            "audit_rows": audit.rows,
            "to_simplified_config": TO_SIMPLIFIED_CONFIG,
            "to_traditional_config": TO_TRADITIONAL_CONFIG,
        }
        pages[script] = render_document_pages(
            text, description=config.description, clause_blocks={}, about_blocks=[],
            about_context=about_context, has_summary=False, has_tags=False)
        nav[script] = navigation(text, has_summary=False, has_tags=False)
        citation[script] = {
            "fullTitle": text("title"),
            "shortNote": to_script(f"，以下简称《{config.short_title}》", script) if config.short_title else "",
            "date": text("date") if edition.document.date_label else "",
        }
    spec = SiteSpec(slug=config.slug, title=edition.document.title, description=config.description,
                    site_url=site_url, pages=pages, nav=nav, citation=citation)
    return spec, export_document(edition)


def publish(folder: Path, paths: Paths, *, site_url: str, diagnostics: Diagnostics,
            timings: Timings | None = None, write_site: bool = True) -> Edition | None:
    timings = timings or Timings()
    started = time.perf_counter()
    edition = load_edition(folder, diagnostics)
    started = timings.mark("text stages", started)
    if edition is None:
        return None
    audit = audit_edition(edition, diagnostics)
    started = timings.mark("audit", started)
    if diagnostics.errors:
        return None
    spec, document_json = site_spec(edition, audit, site_url)
    started = timings.mark("render", started)
    if write_site:
        build_site(spec, build_root=paths.build / edition.config.slug, base_config=paths.project / "mkdocs.yml",
                   out_dir=paths.site, document_json=document_json)
        timings.mark("mkdocs", started)
    return edition
