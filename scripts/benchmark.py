"""Benchmark. By default the library at scale (`--sizes 1,10,100`): for a
library of N documents (the first document and N-1 copies of it with their
own slugs and titles, in a temporary project), as whole `policy-site build`
processes: full build, rebuild after one edit, per-page cost, peak memory
(the largest process, from wait4's rusage), search index bytes and the bytes
the library search page loads for a first query (in headless Chromium),
clause page weight, the generator's own stages as a share of the build, and
the same build with Zensical. Then MkDocs and Zensical side by side on one
generated config. `--reader` adds the first document's reader figures
(stage timings in process, plain MkDocs baselines, page weights, keystroke to
results, live preview, Lighthouse, a synthetic long document).
Prints figures only."""
from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from policy_site.core.diagnostics import Diagnostics
from policy_site.core.project import Project
from policy_site.core.timings import Timings
from policy_site.document.pipeline import load_edition
from policy_site.library.build import build_library
from policy_site.serve import Preview, static_server
from policy_site.zh.numerals import format_numeral

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "content" / "urban-development-2025"
DOC = DOCUMENT.name
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
LIGHTHOUSE_VERSION = "12.8.2"
LIGHTHOUSE_DIR = ROOT / ".venv" / "lighthouse"


def median_build(paths: Project, runs: int) -> tuple[float, dict[str, float]]:
    """The whole library of `paths.content` built and published, in this
    process; the first document rebuilt each run (`only`: an unchanged
    library would not be rebuilt at all)."""
    totals, stages = [], []
    only = DOC if (paths.content / DOC).is_dir() else None
    for _ in range(runs):
        timings = Timings()
        started = time.perf_counter()
        outcome = build_library(paths, "http://127.0.0.1/", timings=timings, only=only)
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


def visits(site: Path, pages: list[str]) -> list[tuple[str, int]]:
    """A reader's visits in order, each page with what it loads (search.js
    aside: it comes when the reader searches): the gzip bytes each visit
    downloads, given what the visits before it cached."""
    cached: set[Path] = set()
    out = []
    for path in pages:
        page = site / path / "index.html"
        parser = Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        files = [page] + [(page.parent / href.split("?")[0]).resolve() for _, href in parser.found
                          if not href.startswith(("http:", "https:", "data:"))]
        new = [f for f in files if f not in cached]
        cached.update(new)
        out.append((path, sum(len(gzip.compress(f.read_bytes(), 9)) for f in new)))
    return out


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
    paths = Project.at(project)
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


def reader_figures(args, work: Path) -> None:
    paths = Project(ROOT, ROOT / "content", work / "build", work / "site")

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
        spaths = Project(ROOT, content, work / f"build-{factor}", work / f"site-{factor}")
        seconds, _ = median_build(spaths, 1)
        pages = len(list((work / f"site-{factor}").rglob("index.html")))
        size = (work / f"site-{factor}" / "zh-hans/scale/clauses/8/index.html").stat().st_size
        first = first or seconds
        print(f"{factor:>6} {23 * factor:>8} {pages:>6} {seconds:>8.2f} {1000 * seconds / pages:>12.1f} {size / 1024:>15.1f}"
              f"   ({seconds / first:.1f}x the 1x time)")


# The library at scale.

BASE_URL = "http://127.0.0.1/"
TITLE_SOURCE = "關(guān)于推動(dòng)城市"  # in the first document's scrape: its title line reads so
TITLE = "中共中央 国务院关于推动城市高质量发展的意见"


def make_library(root: Path, count: int) -> Path:
    """A project of `count` documents: the first document, then copies of it
    (`copy-002`, …) whose title, short title, description and title line say
    which copy they are (第二批…); only the first keeps the legacy root."""
    content = root / "content"
    content.mkdir(parents=True)
    for name in ("library.toml", "tags.toml", "issuers.toml"):
        shutil.copy(ROOT / "content" / name, content / name)
    shutil.copytree(ROOT / "content" / "ui", content / "ui")  # the interface words
    for name in ("mkdocs.yml", "overrides"):
        (root / name).symlink_to(ROOT / name)
    shutil.copytree(DOCUMENT, content / DOC)
    config = (DOCUMENT / "document.toml").read_text(encoding="utf-8")
    source_name = re.search(r'^file = "(sources/[^"]+)"', config, re.M).group(1)
    for n in range(2, count + 1):
        slug, batch = f"copy-{n:03d}", f"第{format_numeral(n)}批"
        folder = shutil.copytree(DOCUMENT, content / slug)
        source = folder / source_name
        lines = source.read_text(encoding="utf-8").split("\n")
        title_line = next(i for i, line in enumerate(lines) if line.startswith("中共中央") and TITLE_SOURCE in line)
        lines[title_line] = lines[title_line].replace(TITLE_SOURCE, TITLE_SOURCE.replace("城市", batch + "城市"))
        source.write_text("\n".join(lines), encoding="utf-8")
        title = TITLE.replace("推动城市", f"推动{batch}城市")
        text = re.sub(r'^slug = ".*"$', f'slug = "{slug}"', config, flags=re.M)
        text = re.sub(r"^legacy_root = .*$", "", text, flags=re.M)
        text = re.sub(r'^title = ".*"$', f'title = "{title}"', text, flags=re.M)
        text = re.sub(r'^short_title = ".*"$', f'short_title = "{batch}意见"', text, flags=re.M)
        text = re.sub(r'^description = "《[^》]*》', f'description = "《{title}》', text, flags=re.M)
        (folder / "document.toml").write_text(text, encoding="utf-8")
    return root


@dataclass
class Run:
    seconds: float
    peak_mb: float  # the largest process of the run (wait4's ru_maxrss)
    output: str
    cpu: float = 0.0  # user + system seconds of the process and its workers: less moved by a busy machine

    @property
    def built(self) -> int:
        return sum(line.startswith("built ") for line in self.output.splitlines())

    def stages(self) -> dict[str, float]:
        """`--timings`: seconds per stage, summed over worker processes."""
        return {m.group(1).strip(): float(m.group(2))
                for m in re.finditer(r"^  (\S.*?)\s+([0-9.]+) s$", self.output, re.M)}


def run_process(command: list[str], cwd: Path = ROOT, env: dict | None = None) -> Run:
    """A whole process, its wall time and peak memory (of it and the worker
    processes it waited for)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, **(env or {})})
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{output[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, output, usage.ru_utime + usage.ru_stime)


def build_command(project: Path, jobs: int | None, engine: str = "mkdocs") -> list[str]:
    command = [sys.executable, "-m", "policy_site.cli", "--project", str(project), "build", "--timings",
               "--site-dir", str(project / "site"), "--site-url", BASE_URL, "--engine", engine]
    return command + (["--jobs", str(jobs)] if jobs else [])


def first_query(site: Path, query: str = "城市更新") -> dict[str, tuple[int, int]]:
    """What the library search page downloads as JSON for its first query,
    in headless Chromium (raw, gzip, read from the site's files): whatever
    index files search.js asks for."""
    from urllib.parse import unquote, urlsplit

    from playwright.sync_api import sync_playwright

    server = static_server(site)
    urls: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            page = browser.new_page()
            page.on("request", lambda request: urls.append(request.url))
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/zh-hans/search/?q={query}")
            page.wait_for_function("document.querySelector('.search-status') && "
                                   "document.querySelector('.search-status').textContent.length > 0", timeout=120000)
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    loaded: dict[str, tuple[int, int]] = {}
    for url in urls:
        path = unquote(urlsplit(url).path).lstrip("/")
        if path.endswith(".json"):
            data = (site / path).read_bytes()
            loaded[path] = (len(data), len(gzip.compress(data, 9)))
    return loaded


def search_files(site: Path) -> tuple[int, int, int]:
    """Every search JSON of the zh-hans edition (the library's split index
    below search/, and each document's search-index.json): count, raw
    bytes, gzip bytes."""
    edition = site / "zh-hans"
    files = [p for p in edition.rglob("*.json")
             if p.name == "search-index.json" or "search" in p.relative_to(edition).parts[:-1]]
    data = [p.read_bytes() for p in files]
    return len(files), sum(map(len, data)), sum(len(gzip.compress(d, 9)) for d in data)


GENERATOR_EXCLUDES = ("mkdocs",)  # every stage but the engine's is the generator's own


def generator_share(stages: dict[str, float]) -> tuple[float, float]:
    total = sum(stages.values())
    own = sum(v for k, v in stages.items() if not k.startswith(GENERATOR_EXCLUDES))
    return own, own / total if total else 0.0


def library_scale(sizes: list[int], work: Path, jobs: int | None, zensical: int) -> dict[int, dict]:
    """`zensical`: the largest library also built with Zensical (0: none)."""
    results: dict[int, dict] = {}
    for count in sizes:
        project = make_library(work / f"library-{count}", count)
        full = run_process(build_command(project, jobs))
        assert full.built == count, full.output[-2000:]
        last = project / "content" / (f"copy-{count:03d}" if count > 1 else DOC) / "document.toml"
        last.write_text(last.read_text(encoding="utf-8").replace('description = "', 'description = "修订：', 1),
                        encoding="utf-8")
        rebuild = run_process(build_command(project, jobs))
        assert rebuild.built == 1, rebuild.output[-2000:]
        site = project / "site"
        pages = len(list(site.rglob("*.html")))
        own, share = generator_share(full.stages())
        index_files, index_raw, index_gz = search_files(site)
        query = first_query(site)
        clause = page_weight(site, site / f"zh-hans/{DOC}/clauses/8/index.html")
        second = "zh-hans/copy-002/clauses/8/" if count > 1 else f"zh-hans/{DOC}/clauses/9/"
        sequence = visits(site, [f"zh-hans/{DOC}/clauses/8/", second, f"zh-hant/{DOC}/clauses/8/"])
        result = {"full": full, "rebuild": rebuild, "pages": pages, "own": own, "share": share,
                  "index": (index_files, index_raw, index_gz), "query": query, "clause": clause,
                  "visits": sequence}
        result["load"] = os.getloadavg()[0]
        if count <= zensical:
            shutil.rmtree(project / "build")
            result["zensical"] = run_process(build_command(project, jobs, "zensical"))
        results[count] = result
        print_scale(count, result)
        sys.stdout.flush()
    return results


def print_scale(count: int, r: dict) -> None:
    full, rebuild = r["full"], r["rebuild"]
    stages = full.stages()
    print(f"\n{count} document(s), {r['pages']} HTML pages (load average {r['load']:.1f} after the builds):")
    print(f"    full build            {full.seconds:8.2f} s wall {full.cpu:8.2f} s CPU   peak {full.peak_mb:5.0f} MB   "
          f"{1000 * full.seconds / r['pages']:.1f} ms wall, {1000 * full.cpu / r['pages']:.1f} ms CPU per page")
    print(f"    rebuild after 1 edit  {rebuild.seconds:8.2f} s wall {rebuild.cpu:8.2f} s CPU   peak {rebuild.peak_mb:5.0f} MB"
          f"   (1 document rebuilt)")
    if "zensical" in r:
        z = r["zensical"]
        print(f"    full build, Zensical  {z.seconds:8.2f} s wall {z.cpu:8.2f} s CPU   peak {z.peak_mb:5.0f} MB   "
              f"({z.seconds / full.seconds:.2f}x MkDocs' wall, {z.cpu / full.cpu:.2f}x its CPU)")
    worker = sum(stages.values())
    print(f"    stages (seconds of work, summed over workers): {worker:.2f} s; generator's own {r['own']:.2f} s"
          f" = {r['share']:.1%}; MkDocs {worker - r['own']:.2f} s")
    top = sorted(((v, k) for k, v in stages.items() if not k.startswith(GENERATOR_EXCLUDES)), reverse=True)[:4]
    print("        largest own stages: " + ", ".join(f"{k} {v:.2f} s" for v, k in top))
    files, raw, gz = r["index"]
    print(f"    search JSON on disk (zh-hans, library and documents): {files} files, {raw / 1024:.0f} KB raw, "
          f"{gz / 1024:.0f} KB gzip")
    q = r["query"]
    print(f"    first library search (zh-hans/search/?q=城市更新) loads {len(q)} JSON file(s): "
          f"{sum(a for a, _ in q.values()) / 1024:.1f} KB raw, {sum(b for _, b in q.values()) / 1024:.1f} KB gzip"
          f" ({', '.join(sorted(q)[:3])}{', …' if len(q) > 3 else ''})")
    print("    a reader's visits (gzip bytes downloaded, budgets 40 KB first, 12 KB after): " + "; ".join(
        f"{path} {size / 1024:.1f} KB" for path, size in r["visits"]))
    c = r["clause"]
    print(f"    clause page {DOC}/clauses/8/: html {c['html'][0] / 1024:.1f} KB raw, {c['html'][1] / 1024:.1f} KB gzip;"
          f" first visit {sum(g for _, g in c.values()) / 1024:.1f} KB gzip")


def cpu_share(sizes: list[int], work: Path) -> None:
    """The generator's own share of a build in CPU seconds (a busy machine
    stretches wall-clock stages, not CPU): the library built in this process
    (jobs 1), CPU inside the engine's runs counted apart. Twice per size: in
    a cold process, then again (every document rebuilt for another site URL)
    with the templates compiled and OpenCC loaded, as in a long-lived worker
    or the live preview."""
    import policy_site.library.build as library_build
    import policy_site.site.engine as site_module

    engine = {"cpu": 0.0}
    real = site_module.run_mkdocs

    def counted(*args, **kwargs):
        started = time.process_time()
        try:
            return real(*args, **kwargs)
        finally:
            engine["cpu"] += time.process_time() - started

    site_module.run_mkdocs = library_build.run_mkdocs = counted
    try:
        print("\ngenerator's own share of a build, CPU seconds, in one process (jobs 1):")
        for count in sizes:
            project = make_library(work / f"share-{count}", count)
            paths = Project.at(project, project / "site")
            for run, label in enumerate(("first build in the process", "again, warm")):
                engine["cpu"] = 0.0
                started = time.process_time()
                outcome = build_library(paths, f"http://127.0.0.1/share-{run}/", jobs=1)
                total = time.process_time() - started
                assert sum(d.built for d in outcome.documents) == count
                own = total - engine["cpu"]
                print(f"    {count:>3} document(s), {label:<27} {total:7.2f} s CPU; MkDocs {engine['cpu']:7.2f} s; "
                      f"generator's own {own:6.2f} s = {own / total:.1%}")
    finally:
        site_module.run_mkdocs = library_build.run_mkdocs = real


def engines_side_by_side(work: Path, runs: int) -> None:
    """One generated config (the first document, zh-hans), built by each
    engine as a whole process, median of `runs`."""
    project = make_library(work / "engines", 1)
    run_process(build_command(project, 1))
    config = project / "build" / "documents" / DOC / "zh-hans" / "mkdocs.yml"
    timed = {}
    for engine, command in (
            ("mkdocs", [sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", str(config),
                        "-d", str(work / "engines-mkdocs-site")]),
            ("zensical", [sys.executable, "-m", "zensical", "build", "--clean", "--strict", "-f", str(config)])):
        runs_ = [run_process(command, cwd=config.parent) for _ in range(runs)]
        timed[engine] = (statistics.median(r.seconds for r in runs_), statistics.median(r.cpu for r in runs_),
                         max(r.peak_mb for r in runs_))
    (m, mc, mm), (z, zc, zm) = timed["mkdocs"], timed["zensical"]
    print(f"\none generated config ({DOC}, zh-hans), whole processes, median of {runs} "
          f"(load average {os.getloadavg()[0]:.1f}):")
    print(f"    mkdocs build    {m:6.2f} s wall {mc:6.2f} s CPU   peak {mm:5.0f} MB")
    print(f"    zensical build  {z:6.2f} s wall {zc:6.2f} s CPU   peak {zm:5.0f} MB   ({z / m:.2f}x MkDocs' wall, "
          f"{zc / mc:.2f}x its CPU)")


CORPUS = ROOT / "tests" / "corpus"


def corpus_figures(work: Path) -> None:
    """`add` then `build` of each real document of tests/corpus/, as an editor
    runs them, each a whole process in a project of its own: seconds, peak
    memory, and whether the document published."""
    import tomllib

    from policy_site.testing import make_project

    print("\n## add + build of each corpus document (whole processes, one project each)")
    print(f"{'document':<36} {'form':<8} {'add s':>6} {'build s':>8} {'peak MB':>8}  result")
    for folder in sorted(p for p in CORPUS.iterdir() if (p / "expected.toml").is_file()):
        expected = tomllib.loads((folder / "expected.toml").read_text(encoding="utf-8"))
        source = next(folder.glob("source.*"))
        project = make_project(work / "corpus" / folder.name, {})
        cli = [sys.executable, "-m", "policy_site.cli", "--project", str(project)]
        add = run_process(cli + ["add", folder.name, str(source), "--title", expected["title"]], cwd=project)
        try:
            build, result = run_process(cli + ["build", "--site-url", BASE_URL], cwd=project), "published"
        except RuntimeError as exc:  # refused: its first error line
            build, result = None, "refused: " + next((line for line in str(exc).splitlines()[1:]
                                                      if ": warning:" not in line and line.strip()), "?")[:70]
        seconds, peak = (build.seconds, build.peak_mb) if build else (float("nan"), float("nan"))
        print(f"{folder.name:<36} {source.suffix[1:]:<8} {add.seconds:6.2f} {seconds:8.2f} {peak:8.0f}  {result}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,10,100", help="library sizes, in documents (default 1,10,100)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each timing that is a median")
    parser.add_argument("--share-sizes", default="1,10",
                        help="library sizes whose generator share is measured in CPU seconds in process (default 1,10)")
    parser.add_argument("--no-zensical", dest="zensical", action="store_false", help="skip the Zensical builds")
    parser.add_argument("--zensical-up-to", type=int, default=None,
                        help="build libraries up to this size with Zensical too (default: every size)")
    parser.add_argument("--reader", action="store_true",
                        help="also the first document's reader figures (browser timings, preview, Lighthouse)")
    parser.add_argument("--scale", default="1,10,50", help="with --reader: synthetic long-document factors")
    parser.add_argument("--edits", type=int, default=5, help="with --reader: content edits timed in the live preview")
    parser.add_argument("--no-lighthouse", dest="lighthouse", action="store_false")
    parser.add_argument("--corpus", action="store_true",
                        help="only `add` + `build` of each real document in tests/corpus/, one project each")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="policy-bench-"))
    import mkdocs
    engines = f"MkDocs {mkdocs.__version__}"
    if args.zensical:
        import importlib.metadata
        engines += f", Zensical {importlib.metadata.version('zensical')}"
    print(f"machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs; {engines}; "
          f"jobs {args.jobs or os.cpu_count()}")
    try:
        if args.corpus:
            corpus_figures(work)
            return 0
        sizes = [int(n) for n in args.sizes.split(",") if n]
        results = library_scale(sizes, work, args.jobs,
                                (args.zensical_up_to or max(sizes)) if args.zensical else 0) if sizes else {}
        if args.share_sizes:
            cpu_share([int(n) for n in args.share_sizes.split(",")], work)
        if args.zensical:
            engines_side_by_side(work, args.runs)
        sizes = sizes or [0]
        smallest, largest = min(sizes), max(sizes)
        if results and smallest == 1 and largest > 1:
            for measure in ("seconds", "cpu"):
                one = getattr(results[1]["full"], measure)
                big = getattr(results[largest]["rebuild"], measure)
                label = "wall" if measure == "seconds" else "CPU"
                print(f"\nbudget: rebuild after one edit of {largest} documents {big:.2f} s {label} = {big / one:.2f}x "
                      f"the 1-document library's full build ({one:.2f} s); budget 2x: "
                      f"{'met' if big <= 2 * one else 'over'}", end="")
            print()
        for count in sizes if results else ():
            share = results[count]["share"]
            print(f"budget: generator's own stages at {count} document(s) {share:.1%} of the build's stage time; "
                  f"budget <10%: {'met' if share < 0.10 else 'over'}")
        if args.reader:
            reader_figures(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
