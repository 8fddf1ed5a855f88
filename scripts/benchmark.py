"""Benchmark: build time by stage (median of runs), a plain MkDocs + Material
baseline of the same Markdown, scale at 1x/10x/50x, page weight of a first
visit to a clause page and of a first search, time from the last keystroke
to search results, time from a content edit to the refreshed page in the live
preview (both in headless Chromium), and Lighthouse scores (npm `lighthouse`
driving Debian's chromium; installed into .venv/lighthouse on first use).
Prints figures only."""
from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

from policy_site.diagnostics import Diagnostics
from policy_site.numerals import format_numeral
from policy_site.pipeline import load_edition
from policy_site.pipeline import Timings
from policy_site.library.build import build_library
from policy_site.publish import Paths
from policy_site.serve import Preview, static_server

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "content" / "urban-development-2025"
DOC = DOCUMENT.name
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
LIGHTHOUSE_VERSION = "12.8.2"
LIGHTHOUSE_DIR = ROOT / ".venv" / "lighthouse"


def median_build(paths: Paths, runs: int) -> tuple[float, dict[str, float]]:
    """The whole library of `paths.content` built and published, in this process."""
    totals, stages = [], []
    for _ in range(runs):
        timings = Timings()
        started = time.perf_counter()
        outcome = build_library(paths, "http://127.0.0.1/", timings=timings)
        assert outcome.ok, "\n".join(str(i) for i in outcome.diagnostics.items) + "\n".join(
            str(i) for d in outcome.documents for i in d.diagnostics.items)
        totals.append(time.perf_counter() - started)
        stages.append(dict(timings.stages))
    keys = stages[0].keys()
    return statistics.median(totals), {k: statistics.median(s[k] for s in stages) for k in keys}


def baseline_config(docs: Path, out: Path, search: bool) -> Path:
    """Plain MkDocs + Material, same Markdown, no overrides, no extras; with
    MkDocs' default plugin list (Material's search) or with no plugins."""
    config_path = out / f"baseline-{'search' if search else 'plain'}.yml"
    config_path.write_text(f"site_name: baseline\ndocs_dir: {docs}\nsite_dir: {out / 'baseline-site'}\n"
                           "theme:\n  name: material\n  font: false\n" + ("" if search else "plugins: []\n"),
                           encoding="utf-8")
    return config_path


def baseline_build(config_path: Path, runs: int) -> float:
    """In this process, as the full build is timed (imports done)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        build(load_config(config_file=str(config_path)))
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def fresh_process(command: list[str], runs: int) -> float:
    """Median wall time of a command in a new process: Python start, imports,
    OpenCC's dictionaries and template compilation included."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def synthetic_document(folder: Path, factor: int) -> Path:
    """The first document with its sections repeated `factor` times, clauses renumbered."""
    edition = load_edition(DOCUMENT, Diagnostics())
    doc = edition.document
    lines = [doc.title, f"（{doc.date_label}）"] + [p.text for p in doc.preamble]
    section_no = clause_no = 0
    for _ in range(factor):
        for section in doc.sections:
            section_no += 1
            lines.append(f"{format_numeral(section_no)}、{section.title}")
            lines += [p.text for p in section.paragraphs]
            for clause in section.clauses:
                clause_no += 1
                lines += [f"（{format_numeral(clause_no)}）" + clause.paragraphs[0].text]
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "sources" / "full.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "document.toml").write_text(
        f'slug = "{folder.name}"\ntitle = "{doc.title}"\n[full_text]\nfile = "sources/full.txt"\nscript = "simplified"\n',
        encoding="utf-8")
    return folder


class Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") in ("stylesheet", "icon") and a.get("href"):
            self.found.append(("css" if a["rel"] == "stylesheet" else "icon", a["href"]))
        if tag == "script" and a.get("src"):
            self.found.append(("js", a["src"]))
        if tag == "img" and a.get("src"):
            self.found.append(("img", a["src"]))


def weight(files: list[tuple[str, Path]]) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for kind, path in files:
        data = path.read_bytes()
        raw, gz = out.get(kind, (0, 0))
        out[kind] = (raw + len(data), gz + len(gzip.compress(data, 9)))
    return out


def page_weight(site: Path, page: Path) -> dict[str, tuple[int, int]]:
    parser = Resources()
    parser.feed(page.read_text(encoding="utf-8"))
    files = [("html", page)] + [(kind, (page.parent / href.split("?")[0]).resolve()) for kind, href in parser.found
                                if not href.startswith(("http:", "https:", "data:"))]
    return weight(files)


def print_weight(title: str, table: dict[str, tuple[int, int]]) -> None:
    raw = sum(r for r, _ in table.values())
    gz = sum(g for _, g in table.values())
    print(f"{title}: {raw / 1024:.1f} KB raw, {gz / 1024:.1f} KB gzip")
    for kind, (r, g) in sorted(table.items()):
        print(f"    {kind:<6} {r / 1024:8.1f} KB raw {g / 1024:8.1f} KB gzip")


def keystroke_to_results(site_root: Path, queries: list[str]) -> list[float]:
    from playwright.sync_api import sync_playwright

    server = static_server(site_root)
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/zh-hans/{DOC}/search/")
        page.focus("#site-search-q")
        page.wait_for_timeout(300)  # the index loads on focus
        for query in queries:
            times.append(page.evaluate("""q => new Promise(done => {
                const input = document.querySelector('#site-search-q');
                const status = document.querySelector('.search-status');
                input.value = q;
                const t0 = performance.now();
                input.form.requestSubmit();
                (function poll() { status.textContent.includes(q) ? done(performance.now() - t0) : requestAnimationFrame(poll); })();
            })""", query))
        browser.close()
    server.shutdown()
    return times


def edit_to_refresh(work: Path, edits: int) -> tuple[list[float], list[float]]:
    """Live preview on a copy of the project: change the document's
    description (the home page's meta description), time from the file write to the
    open page showing it after its automatic reload. Returns (edit to
    refreshed page, rebuild) in seconds."""
    from playwright.sync_api import sync_playwright

    project = work / "preview-project"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    paths = Paths.at(project)
    folder = paths.content / DOCUMENT.name
    rebuilds: list[float] = []

    def log(line: str) -> None:
        if line.startswith("rebuilt in "):
            rebuilds.append(float(line.split()[2]))

    preview = Preview(paths, port=0, log=log).start()
    toml = folder / "document.toml"
    original = toml.read_text(encoding="utf-8")
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.goto(preview.url + f"zh-hans/{DOC}/")
        for n in range(edits):
            marker = f"修订{n}号"
            page.wait_for_timeout(500)  # the page's reload request is waiting
            started = time.perf_counter()
            toml.write_text(original.replace('description = "', f'description = "{marker}', 1), encoding="utf-8")
            page.wait_for_function(f"document.querySelector('meta[name=description]').content.includes('{marker}')",
                                   timeout=30000)
            page.wait_for_load_state("load")
            times.append(time.perf_counter() - started)
        browser.close()
    preview.stop()
    return times, rebuilds[1:]


def lighthouse(site_root: Path, pages: list[str]) -> dict[str, dict]:
    """Lighthouse's mobile preset on each page, the site served gzip-compressed
    with GitHub Pages' cache lifetime, as it is in production."""
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(LIGHTHOUSE_DIR),
                        f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True)
    server = static_server(site_root)
    results = {}
    try:
        for path in pages:
            out = site_root.parent / "lighthouse.json"
            subprocess.run([str(binary), f"http://127.0.0.1:{server.server_address[1]}/{path}", "--quiet",
                            "--output=json", f"--output-path={out}", "--chrome-flags=" + " ".join(CHROMIUM_FLAGS)],
                           check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
            report = json.loads(out.read_text(encoding="utf-8"))
            scores = {key: round(100 * c["score"]) for key, c in report["categories"].items()}
            imperfect = []
            for category in report["categories"].values():
                for ref in category["auditRefs"]:
                    audit = report["audits"][ref["id"]]
                    if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                        imperfect.append(f"{ref['id']} ({audit['score']:.2f}{', ' + audit['displayValue'] if audit.get('displayValue') else ''})")
            results[path] = {"scores": scores, "imperfect": imperfect}
    finally:
        server.shutdown()
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", default="1,10,50")
    parser.add_argument("--edits", type=int, default=5, help="content edits timed in the live preview")
    parser.add_argument("--no-lighthouse", dest="lighthouse", action="store_false")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="policy-bench-"))
    print(f"machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    paths = Paths(ROOT, ROOT / "content", work / "build", work / "site")

    total, stages = median_build(paths, args.runs)
    print(f"\nfull build, both scripts, in this process as the live preview rebuilds (median of {args.runs}): {total:.2f} s")
    for stage, seconds in stages.items():
        print(f"    {stage:<18} {seconds:7.3f} s  {seconds / total:6.1%}")
    generator = sum(v for k, v in stages.items() if not k.startswith("mkdocs"))
    print(f"    generator stages   {generator:7.3f} s  {generator / total:6.1%} of the total")
    docs = work / "build" / "documents" / DOC / "zh-hans" / "docs"
    configs = {search: baseline_config(docs, work, search) for search in (True, False)}
    for search, label in ((True, "with its default search plugin"), (False, "with no plugins")):
        base = baseline_build(configs[search], args.runs)
        print(f"plain MkDocs + Material {label}, one script, same Markdown: {base:.2f} s;"
              f" full build / (2 x baseline) = {total / (2 * base):.2f}")
    cold = fresh_process([sys.executable, "-m", "policy_site.cli", "build", "--site-dir", str(work / "cold-site"),
                          "--site-url", "http://127.0.0.1/"], args.runs)
    print(f"\nin a new process each (`policy-site build`, median of {args.runs}): full build {cold:.2f} s")
    for search, label in ((True, "with its default search plugin"), (False, "with no plugins")):
        base = fresh_process([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(configs[search])], args.runs)
        print(f"plain `mkdocs build` {label}, one script: {base:.2f} s; full build / (2 x baseline) = "
              f"{cold / (2 * base):.2f}")

    site = work / "site"
    print()
    print_weight(f"first visit to a clause page (zh-hans/{DOC}/clauses/8/)", page_weight(site, site / f"zh-hans/{DOC}/clauses/8/index.html"))
    print_weight("first visit to the library home (zh-hans/)", page_weight(site, site / "zh-hans/index.html"))
    print_weight(f"first visit to the document home (zh-hans/{DOC}/)", page_weight(site, site / f"zh-hans/{DOC}/index.html"))
    search_page = page_weight(site, site / f"zh-hans/{DOC}/search/index.html")
    index = weight([("json", site / f"zh-hans/{DOC}/search-index.json"), ("json", site / f"zh-hant/{DOC}/search-index.json")])
    for script in ("zh-hans", "zh-hant"):
        data = (site / script / DOC / "search-index.json").read_bytes()
        print(f"search index {script}: {len(data) / 1024:.1f} KB raw, {len(gzip.compress(data, 9)) / 1024:.1f} KB gzip")
    print(f"a first search from a clause page downloads the index and the search page: "
          f"{(index['json'][1] / 2 + search_page['html'][1]) / 1024:.1f} KB gzip (scripts and styles cached)")

    times = keystroke_to_results(site, ["城市更新", "好房子", "歷史文化", "第八条", "安全", "量子计算"])
    print(f"last keystroke to results: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms")

    refresh, rebuilds = edit_to_refresh(work, args.edits)
    print(f"\nlive preview, {args.edits} edits of document.toml: edit to refreshed page median "
          f"{statistics.median(refresh):.2f} s, max {max(refresh):.2f} s (rebuild median {statistics.median(rebuilds):.2f} s)")

    if args.lighthouse and shutil.which("npm") is None:
        print("\nLighthouse skipped: npm is not installed (Debian: apt-get install -y npm)")
    elif args.lighthouse:
        print("\nLighthouse " + LIGHTHOUSE_VERSION + ", mobile preset, served with gzip and max-age=600 as GitHub Pages does:")
        pages = ["zh-hans/", f"zh-hans/{DOC}/clauses/8/", f"zh-hant/{DOC}/clauses/8/", f"zh-hans/{DOC}/full-text/", f"zh-hans/{DOC}/summary/"]
        for path, result in lighthouse(site, pages).items():
            scores = result["scores"]
            print(f"    {path:<20} performance {scores['performance']}, accessibility {scores['accessibility']}, "
                  f"best practices {scores['best-practices']}, SEO {scores['seo']}")
            print(f"    {'':<20} scored audits below full marks: {', '.join(result['imperfect']) or 'none'}")

    print("\nscale (one run each):")
    print(f"{'factor':>6} {'clauses':>8} {'pages':>6} {'build s':>8} {'per page ms':>12} {'clause page KB':>15}")
    first = None
    for factor in [int(f) for f in args.scale.split(",")]:
        content = work / f"content-{factor}"
        synthetic_document(content / "scale", factor)
        shutil.copy(ROOT / "content" / "library.toml", content / "library.toml")
        spaths = Paths(ROOT, content, work / f"build-{factor}", work / f"site-{factor}")
        seconds, _ = median_build(spaths, 1)
        pages = len(list((work / f"site-{factor}").rglob("index.html")))
        size = (work / f"site-{factor}" / "zh-hans/scale/clauses/8/index.html").stat().st_size
        first = first or seconds
        print(f"{factor:>6} {23 * factor:>8} {pages:>6} {seconds:>8.2f} {1000 * seconds / pages:>12.1f} {size / 1024:>15.1f}"
              f"   ({seconds / first:.1f}x the 1x time)")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
