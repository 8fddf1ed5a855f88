"""Search benchmark: what a first query downloads beyond the page (gzip, as
GitHub Pages serves it) and the time from keystroke to results in headless
Chromium, in libraries of 1, 10 and 100 documents. Documents are constructed
as policy_site/testing.py writes them: the first document's sections and
clauses, each document with its own title, its clauses' sentences in its own
order and a word of its own, so documents share most vocabulary, as a real
library's do. Prints figures only.

    .venv/bin/python scripts/search_benchmark.py [--scale 1,10,100]

scripts/benchmark.py may import `library_of` and `measure`."""
from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent

from policy_site.core.diagnostics import Diagnostics  # noqa: E402
from policy_site.core.project import Project  # noqa: E402
from policy_site.document.pipeline import load_edition  # noqa: E402
from policy_site.library.build import build_library  # noqa: E402
from policy_site.serve import static_server  # noqa: E402
from policy_site.testing import write_document  # noqa: E402
from policy_site.zh.numerals import format_numeral  # noqa: E402

DOCUMENT = ROOT / "content" / "urban-development-2025"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
# Typical first queries: a word in every document, a phrase, a citation, a typo.
# Sets the box's value, fires the input event a keystroke fires, and
# resolves with [ms until the first results for that value are drawn (the
# reader's own document's, when its text is loaded), ms until every
# document's are]; a search with no result draws once, at the end.
TIMED = """q => new Promise(done => {
    const input = document.querySelector('#site-search-q');
    const form = input.form;
    delete form.dataset.searched;
    delete form.dataset.drawn;
    input.value = q;
    const t0 = performance.now();
    let first = null;
    input.dispatchEvent(new InputEvent('input', {data: q.slice(-1), inputType: 'insertText'}));
    (function poll() {
        const now = performance.now() - t0;
        if (first === null && form.dataset.drawn === q) first = now;
        form.dataset.searched === q ? done([first === null ? now : first, now]) : setTimeout(poll, 0);
    })();
})"""
QUERIES = ["城市更新", "好房子", "历史文化名城", "《意见》第八项", "城市更心"]


def document_text(n: int) -> tuple[str, str]:
    """(title, source text) of constructed document n, in the shape of
    policy_site.testing.VALID: header, title, date, preamble, sections, clauses."""
    doc = load_edition(DOCUMENT, Diagnostics()).document
    title = f"中共中央 国务院关于测试城市工作第{format_numeral(n)}号的意见"
    lines = [f"受权发布|{title}", "新华社北京8月28日电", title, "（2025年8月15日）"]
    lines += [p.text for p in doc.preamble]
    clause_no = 0
    for section in doc.sections:
        lines.append(f"{section.numeral}、{section.title}")
        lines += [p.text for p in section.paragraphs]
        for clause in section.clauses:
            clause_no += 1
            title_sentence, *body = [s.text for s in clause.sentences]
            shift = n % len(body) if body else 0
            body = body[shift:] + body[:shift]
            if clause_no == n % 23 + 1:
                body.append(f"开展第{format_numeral(n)}号城市试点。")
            lines.append(f"（{format_numeral(clause_no)}）" + title_sentence + "".join(body))
    return title, "\n".join(lines) + "\n"


def library_of(content: Path, count: int) -> None:
    """Documents 1..count in `content` (the library files from the project)."""
    content.mkdir(parents=True, exist_ok=True)
    for name in ("library.toml", "tags.toml"):
        shutil.copy(ROOT / "content" / name, content / name)
    for n in range(1, count + 1):
        folder = content / f"doc-{n:03d}"
        if not folder.exists():
            title, text = document_text(n)
            write_document(folder, text, title=title)


def measure(site: Path, queries: list[str]) -> list[dict]:
    """For each query, in a fresh browser profile on a clause page: bytes
    (gzip) of every search file the first query fetched (root.json and the
    page's document's text, loaded when the box is focused, included;
    near-misses included), the time from focus until that text is loaded,
    the time from the keystroke to the first drawn results and to every
    document's, the same query again (files cached), and each keystroke's
    times when the query is typed character by character."""
    from playwright.sync_api import sync_playwright

    server = static_server(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    first_doc = sorted(p.name for p in (site / "zh-hans").iterdir() if p.name.startswith("doc-"))[0]
    out = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for query in queries:
                context = browser.new_context()
                page = context.new_page()
                fetched: list[str] = []
                page.on("request", lambda r: fetched.append(r.url) if "/search/" in r.url else None)
                page.goto(f"{base}zh-hans/{first_doc}/clauses/8/")
                page.wait_for_load_state("load")
                # A reader clicks or presses "/" first: root.json and the page's document's text load.
                page.focus("#site-search-q")
                preload = page.evaluate("() => { const t0 = performance.now(); return policyLoadSearch().then(() => policySearch.preload()).then(() => performance.now() - t0); }")
                first = page.evaluate(TIMED, query)  # the whole query at once (pasted), nothing else cached
                # Bytes once the near-misses too are drawn (they load after the exact results).
                page.wait_for_function("q => document.querySelector('form.site-search').dataset.near === q", arg=query)
                urls = list(dict.fromkeys(fetched))
                size = sum(len(gzip.compress((site / urlsplit(u).path.lstrip("/")).read_bytes(), 9)) for u in urls)
                files = len(urls)
                again = page.evaluate(TIMED, query)
                page.fill("#site-search-q", "")
                typed = []
                for k in range(1, len(query) + 1):  # typed character by character: each keystroke's time
                    typed.append(page.evaluate(TIMED, query[:k]))
                results = page.eval_on_selector_all(".search-popup-results li", "els => els.length")
                out.append({"query": query, "bytes": size, "files": files, "preload_ms": preload,
                            "first_ms": first[0], "all_ms": first[1], "again_ms": again[1],
                            "typed_ms": [t[0] for t in typed], "typed_all_ms": [t[1] for t in typed],
                            "results": results})
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="1,10,100")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="policy-search-bench-"))
    paths = Project(work, work / "content", work / "build", work / "site")
    for name in ("mkdocs.yml", "overrides"):
        (work / name).symlink_to(ROOT / name)
    try:
        for count in (int(s) for s in args.scale.split(",")):
            library_of(paths.content, count)
            started = time.perf_counter()
            outcome = build_library(paths, "http://127.0.0.1/")
            assert outcome.ok, [str(i) for d in outcome.documents for i in d.diagnostics.items][:5]
            built = time.perf_counter() - started
            site = paths.site.resolve()
            index = sorted((site / "zh-hans" / "search").rglob("*.json"))
            total = sum(len(gzip.compress(f.read_bytes(), 9)) for f in index)
            root = len(gzip.compress((site / "zh-hans" / "search" / "root.json").read_bytes(), 9))
            print(f"\n{count} document(s) (built in {built:.0f} s): index {len(index)} files, {total / 1024:.0f} KB gzip "
                  f"in all; root.json {root / 1024:.1f} KB gzip")
            rows = measure(site, QUERIES)
            for r in rows:
                print(f"    {r['query']:<10} first query downloads {r['bytes'] / 1024:5.1f} KB gzip in {r['files']:2d} files "
                      f"beyond the page (focus to text loaded {r['preload_ms']:3.0f} ms); keystroke to results "
                      f"{r['first_ms']:5.1f} ms, to every document's {r['all_ms']:5.1f} ms, again {r['again_ms']:4.1f} ms; "
                      f"typed: {' '.join(f'{t:.0f}' for t in r['typed_ms'])} ms; {r['results']} shown")
            typed = [t for r in rows for t in r["typed_ms"]]
            typed_all = [t for r in rows for t in r["typed_all_ms"]]
            print(f"    keystroke to results, typed: median {statistics.median(typed):.1f} ms, slowest {max(typed):.1f} ms "
                  f"(every document's: median {statistics.median(typed_all):.1f} ms, slowest {max(typed_all):.1f} ms)")
            print(f"    first query: keystroke to results median {statistics.median(r['first_ms'] for r in rows):.1f} ms, "
                  f"slowest {max(r['first_ms'] for r in rows):.1f} ms; to every document's median "
                  f"{statistics.median(r['all_ms'] for r in rows):.1f} ms, slowest {max(r['all_ms'] for r in rows):.1f} ms; "
                  f"largest first download {max(r['bytes'] for r in rows) / 1024:.1f} KB gzip")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
