"""Golden files for the first document: cleaned text, model, summary,
generated Markdown (every URL is pinned from the built site in
test_library.py). Review changes
by reading the diff; update with `scripts/test --update-golden`."""
import json

from policy_site.core.diagnostics import Diagnostics
from policy_site.document.audit import audit_edition
from policy_site.site.engine import SCRIPT_DIRS
from policy_site.site.export import export_document
from policy_site.site.publish import site_spec
from policy_site.zh.editions import SCRIPTS
from tests.helpers import check_golden

NAME = "urban-development-2025"


def test_cleaned_text(edition, update_golden):
    furniture = {f.line: f.rule for f in edition.parse.furniture}
    lines = []
    for line, simplified in zip(edition.full_text.lines, edition.full_text.simplified):
        kind = furniture.get(line.number, "text")
        lines.append(f"{line.number:>3} {kind:<11} {simplified}")
    check_golden(f"{NAME}/cleaned.txt", "\n".join(lines) + "\n", update_golden)


def test_model(edition, update_golden):
    data = export_document(edition)
    check_golden(f"{NAME}/model.json", json.dumps(data, ensure_ascii=False, indent=1) + "\n", update_golden)


def test_summary(edition, update_golden):
    s = edition.summary
    out = [f"title: {s.title}", f"date: {s.date}"]
    out += [f"{p.id}: {p.text}" for p in s.intro]
    for g in s.groups:
        out.append(f"{g.id} {g.heading}")
        out += [f"  {b.id} (line {b.source.line}): {b.text}" for b in g.bullets]
    check_golden(f"{NAME}/summary.txt", "\n".join(out) + "\n", update_golden)


def test_generated_markdown(edition, update_golden):
    audit = audit_edition(edition, Diagnostics())
    spec, _ = site_spec(edition, audit, "https://example.github.io/policy-site/")
    for script in SCRIPTS:
        pages = spec.pages[script]
        text = "".join(f"===== {path}\n{pages[path]}" for path in sorted(pages) if path.endswith(".md"))
        check_golden(f"{NAME}/markdown-{SCRIPT_DIRS[script]}.md", text, update_golden)
