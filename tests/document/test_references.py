"""References between documents: 《full title》 links to that document's
home in both editions, the cited document's home lists the citing sentences,
第（二）项 links to the clause, the text stays exactly the model's, an
ambiguous short title is a file:line error, and a new citing document
rebuilds the cited one. Real MkDocs builds, the HTML they write."""
from __future__ import annotations

import html
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from policy_site.cli import main
from policy_site.testing import VALID, make_project, write_document
from policy_site.zh import editions
from policy_site.zh.convert import to_script

EDITIONS = tuple(e.folder for e in editions.EDITIONS)  # every edition folder, from the registry
KEYS = {e.folder: e.key for e in editions.EDITIONS}
ALPHA_TITLE = "中共中央 国务院关于测试城市工作的意见"
BETA_TITLE = "中共中央 国务院关于试点城市工作的意见"
CITING = "依据《中共中央国务院关于测试城市工作的意见》制定本意见。"  # the title without its space
BETA_TEXT = (VALID.replace("测试", "试点").replace("序言第二句。", CITING)
             .replace("（三）第三条标题。正文。", "（三）第三条标题。落实第（二）项要求，不含（二）和本通知。"))


def _build(project: Path, site: Path, *args: str) -> int:
    return main(["--project", str(project), "build", *args, "--site-dir", str(site)])


class _Sentence(HTMLParser):
    """The text content of the element with one id, and the links in it."""

    def __init__(self, element_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.element_id, self.depth, self.text, self.links = element_id, 0, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth:
            self.depth += 1
            if tag == "a" and "sentence-link" not in (attrs.get("class") or ""):
                self.links.append(attrs["href"])
        elif attrs.get("id") == self.element_id:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def _sentence(page: Path, element_id: str) -> tuple[str, list[str]]:
    parser = _Sentence(element_id)
    parser.feed(page.read_text(encoding="utf-8"))
    assert parser.text, f"{element_id} not on {page}"
    text = "".join(parser.text)
    assert "¶" not in text  # the sentence's own link is an empty, labelled anchor (its mark is CSS)
    return text, parser.links


def _target(site: Path, page: Path, href: str) -> tuple[Path, str]:
    """The file a relative href of `page` opens, and its fragment."""
    path, _, fragment = href.partition("#")
    target = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), path))) / "index.html"
    assert target.is_file(), f"{href} from {page.relative_to(site)} opens nothing"
    return target, fragment


@pytest.fixture(scope="module")
def cited(tmp_path_factory):
    """alpha alone, then beta (which cites alpha) added: the second build's
    output, and what each build printed."""
    root = tmp_path_factory.mktemp("references")
    project = make_project(root / "project", {"alpha": {"text": VALID}})
    site = root / "site"
    assert _build(project, site) == 0
    write_document(project / "content" / "beta", BETA_TEXT, title=BETA_TITLE)
    assert _build(project, site) == 0
    return project, site


def test_a_full_title_links_to_the_cited_document_in_both_editions(cited, capsys):
    project, site = cited
    for edition in EDITIONS:
        script_text = CITING if edition == "zh-hans" else to_script(CITING, KEYS[edition])
        for page in (site / edition / "beta" / "index.html", site / edition / "beta" / "full-text" / "index.html"):
            text, links = _sentence(page, "preamble-p1-s2")
            assert text == script_text  # no character added, dropped or changed
            assert len(links) == 2  # 《…》, and 本意见 (beta is an 意见) to its own home
            assert _target(site, page, links[0])[0] == site / edition / "alpha" / "index.html"
            assert _target(site, page, links[1])[0] == site / edition / "beta" / "index.html"
        home = (site / edition / "beta" / "index.html").read_text(encoding="utf-8")
        title = re.search(r'<a class="reference" href="[^"]+">(.*?)</a>', home).group(1)
        assert html.unescape(title) == script_text[2:-6]  # the 《…》 span, exactly


def test_the_cited_documents_home_lists_the_citing_sentences(cited):
    project, site = cited
    for edition in EDITIONS:
        home = site / edition / "alpha" / "index.html"
        page = home.read_text(encoding="utf-8")
        assert 'id="cited-by"' in page
        hrefs = re.findall(r'<a class="citing-sentence" href="([^"]+)">([^<]*)</a>', page)
        assert len(hrefs) == 1
        target, fragment = _target(site, home, hrefs[0][0])
        assert target == site / edition / "beta" / "index.html" and fragment == "preamble-p1-s2"
        assert f'id="{fragment}"' in target.read_text(encoding="utf-8")
        expected = CITING if edition == "zh-hans" else to_script(CITING, KEYS[edition])
        assert html.unescape(hrefs[0][1]) == expected
    # A document nobody cites has no such section.
    assert 'id="cited-by"' not in (site / "zh-hans" / "beta" / "index.html").read_text(encoding="utf-8")


def test_an_item_of_the_same_document_links_to_its_clause(cited):
    project, site = cited
    for edition in EDITIONS:
        page = site / edition / "beta" / "clauses" / "3" / "index.html"
        text, links = _sentence(page, "c3-s2")
        expected = "落实第（二）项要求，不含（二）和本通知。"
        assert text == (expected if edition == "zh-hans" else to_script(expected, KEYS[edition]))
        assert len(links) == 1  # the bare （二） and 本通知 (beta is an 意见) are not references
        target, _ = _target(site, page, links[0])
        assert target == site / edition / "beta" / "clauses" / "2" / "index.html"
        # A clause's own label is never a link.
        _, own = _sentence(site / edition / "beta" / "clauses" / "2" / "index.html", "c2-s1")
        assert own == []


def test_exports_stay_plain_text_with_a_references_layer(cited):
    project, site = cited
    data = json.loads((site / "zh-hans" / "beta" / "document.json").read_text(encoding="utf-8"))
    assert data["preamble"][0]["sentences"][1]["zh-Hans"] == CITING
    assert data["references"]["outgoing"] == {"preamble-p1-s2": [{"pattern": "title", "occurrence": 0, "slug": "alpha"}]}
    index = (site / "zh-hans" / "beta" / "search-index.json").read_text(encoding="utf-8")
    assert "落实第（二）项要求，不含（二）和本通知。" in index and "<a" not in index
    alpha = json.loads((site / "zh-hans" / "alpha" / "document.json").read_text(encoding="utf-8"))
    assert [c["sentence_id"] for c in alpha["references"]["cited_by"]] == ["preamble-p1-s2"]


def test_adding_a_citing_document_rebuilds_the_cited_one(tmp_path, capsys):
    project = make_project(tmp_path / "project", {"alpha": {"text": VALID}})
    site = tmp_path / "site"
    assert _build(project, site) == 0
    capsys.readouterr()
    assert _build(project, site) == 0
    assert "built alpha" not in capsys.readouterr().out  # unchanged: not rebuilt
    write_document(project / "content" / "beta", BETA_TEXT, title=BETA_TITLE)
    assert _build(project, site) == 0
    out = capsys.readouterr().out
    assert "built alpha" in out and "built beta" in out
    assert 'id="cited-by"' in (site / "zh-hant" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert _build(project, site) == 0
    assert "built" not in capsys.readouterr().out.replace("last built", "")


def test_an_ambiguous_short_title_is_a_file_line_error_and_the_others_publish(tmp_path, capsys):
    # alpha and beta are both 《意见》 (their short title); gamma's own short title is 《通知》.
    gamma_text = (VALID.replace("测试城市工作的意见", "开展试点的通知")
                  .replace("序言第二句。", "按照《意见》要求执行。"))
    project = make_project(tmp_path / "project", {
        "alpha": {"text": VALID},
        "beta": {"text": BETA_TEXT, "title": BETA_TITLE},
        "gamma": {"text": gamma_text, "title": "中共中央 国务院关于开展试点的通知"},
    })
    toml = project / "content" / "gamma" / "document.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('short_title = "意见"', 'short_title = "通知"'),
                    encoding="utf-8")
    site = tmp_path / "site"
    assert _build(project, site) == 1
    captured = capsys.readouterr()
    assert re.search(r"content/gamma/sources/full\.txt:5: ambiguous reference 《意见》 .*alpha.*beta.*; "
                     r"expected a 《…》 reference that names one library document; write the full title",
                     captured.err), captured.err
    assert "gamma: 1 error(s): never built, so not published." in captured.err
    assert "built alpha" in captured.out and "built beta" in captured.out
    assert (site / "zh-hans" / "alpha" / "index.html").is_file()
    assert not (site / "zh-hans" / "gamma").exists()


def test_the_references_layer_matches_the_schema(cited):
    jsonschema = pytest.importorskip("jsonschema")
    from tests.conftest import ROOT

    schema = json.loads((ROOT / "schema" / "document.schema.json").read_text(encoding="utf-8"))
    project, site = cited
    for slug in ("alpha", "beta"):
        jsonschema.validate(json.loads((site / "zh-hant" / slug / "document.json").read_text(encoding="utf-8")), schema)
