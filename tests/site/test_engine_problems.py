"""The generated configs MkDocs reads, and the project's own theme files
checked before a build (site/engine.py config_text, site/engine_problems.py)."""
from __future__ import annotations

import io

import yaml
from mkdocs.utils.yaml import yaml_load

from policy_site.core.diagnostics import Diagnostics
from policy_site.site.engine import config_text
from policy_site.site.engine_problems import check_theme, page_on_line, source_of_page


def test_navigation_titles_of_any_length_read_back_as_written():
    long = "第一条" + "&amp;\"\\'：" * 1_000  # 10,003 characters, quotes and backslashes included
    config = {"site_name": "x" * 5_000, "nav": [{"首页": "index.md"}, {"一、总体要求": [{long: "clauses/1/index.md"}]},
                                                {"空": []}], "extra": {"a": {"b": [1, True, None]}}}
    text = config_text(config)
    assert yaml.safe_load(text) == config  # PyYAML's 1,024-character key limit does not apply
    assert yaml_load(io.StringIO(text)) == config  # as MkDocs reads it
    assert page_on_line_of(text, "clauses/1/index.md")


def page_on_line_of(text: str, page: str) -> bool:
    number = next(n for n, line in enumerate(text.splitlines(), 1) if page in line)
    return text.splitlines()[number - 1].lstrip().startswith("? ")


def test_page_on_line_reads_the_navigation_entry(tmp_path):
    path = tmp_path / "mkdocs.yml"
    path.write_text(config_text({"nav": [{"（二）标题": "clauses/2/index.md"}]}), encoding="utf-8")
    line = next(n for n, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "clauses/2" in l)
    assert page_on_line(path, line) == "clauses/2/index.md" and page_on_line(path, 1) == ""


def test_a_broken_config_and_template_are_named_at_their_lines(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: material\n   bad: [\n", encoding="utf-8")
    (tmp_path / "overrides" / "partials").mkdir(parents=True)
    (tmp_path / "overrides" / "main.html").write_text("{% extends 'base.html' %}\n{% block x %}\n", encoding="utf-8")
    (tmp_path / "overrides" / "partials" / "ok.html").write_text("{% trans %}x{% endtrans %}{{ a | url }}\n",
                                                               encoding="utf-8")
    diagnostics = Diagnostics()
    check_theme(tmp_path, diagnostics)
    messages = [str(d) for d in diagnostics.errors]
    assert len(messages) == 2, messages
    assert messages[0].split(": ", 1)[0].endswith("mkdocs.yml:4:7"), messages
    assert messages[1].split(": ", 1)[0].endswith("overrides/main.html:2") and "block" in messages[1], messages


def test_tags_mkdocs_reads_are_not_refused(tmp_path):
    """Composed, not constructed: !ENV and !!python/name are valid for MkDocs."""
    (tmp_path / "mkdocs.yml").write_text("site_name: !ENV [NAME, x]\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
                                         "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
                                         encoding="utf-8")
    diagnostics = Diagnostics()
    check_theme(tmp_path, diagnostics)
    assert not diagnostics.items


def test_a_page_maps_to_the_source_line_of_what_it_shows():
    from types import SimpleNamespace as N

    from policy_site.document.model import SourceRef

    doc = N(clauses=[N(number=1, source=SourceRef("s.txt", 9)), N(number=2, source=SourceRef("s.txt", 10))],
            sections=[N(number=1, source=SourceRef("s.txt", 6))], title_source=SourceRef("s.txt", 3))
    assert str(source_of_page(doc, "clauses/2/index.md")) == "s.txt:10"
    assert str(source_of_page(doc, "sections/1/index.md")) == "s.txt:6"
    assert str(source_of_page(doc, "about/index.md")) == "s.txt:3"
    assert str(source_of_page(doc, "clauses/7/index.md")) == "s.txt:3"
