"""Serving the built site: a static handler that answers as GitHub Pages does
(gzip for text, a cache lifetime), and the live preview, which rebuilds when
content/, overrides/, mkdocs.yml or the package's templates and assets change
and refreshes the open pages. A failed rebuild shows its report on the open
pages and keeps serving the last good site."""
from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import threading
import time
from pathlib import Path
from typing import Callable

from .diagnostics import Diagnostics

COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}
RELOAD_PATH = "/__preview"

# Injected into HTML by the preview server only; the built site has none of it.
# Long-polls RELOAD_PATH: a new build reloads the page, a failed one shows its
# report over the page.
PREVIEW_SCRIPT = """<script>(function () {
  var seen = null;
  function show(errors) {
    var box = document.getElementById("policy-preview-errors");
    if (!errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre"); box.id = "policy-preview-errors";
      box.style.cssText = "position:fixed;inset:auto 0 0 0;z-index:9;max-height:50vh;overflow:auto;margin:0;padding:1em;" +
        "background:#fff3f3;color:#8b0000;border-top:3px solid #8b0000;font:13px/1.5 monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = errors.join("\\n");
  }
  function poll() {
    fetch("%s?since=" + (seen === null ? "" : seen), { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (seen !== null && state.version !== seen && !state.errors.length) { location.reload(); return; }
        seen = state.version; show(state.errors); poll();
      }, function () { setTimeout(poll, 1000); });
  }
  poll();
})();</script>""" % RELOAD_PATH


class BuildState:
    """The version of the last build and its errors, for the pages that wait on it."""

    def __init__(self) -> None:
        self.version = 0
        self.errors: list[str] = []
        self._changed = threading.Condition()

    def record(self, errors: list[str]) -> None:
        with self._changed:
            self.version += 1
            self.errors = errors
            self._changed.notify_all()

    def wait(self, since: int | None, timeout: float = 20.0) -> dict:
        with self._changed:
            if since is not None:
                self._changed.wait_for(lambda: self.version != since, timeout=timeout)
            return {"version": self.version, "errors": self.errors}


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the client accepts it. With a
    BuildState (the preview) pages get the reload script and are not cached."""
    build_state: BuildState | None = None
    cache_control = "max-age=600"  # what GitHub Pages sends

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        if self.build_state is not None and self.path.split("?")[0] == RELOAD_PATH:
            query = self.path.partition("since=")[2]
            state = self.build_state.wait(int(query) if query.isdigit() else None)
            try:
                self._send(json.dumps(state).encode(), "application/json", gzip_ok=False)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the page was closed or reloaded while it waited
            return
        super().do_GET()

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            return super().send_head()  # directory redirects, 404
        data = Path(path).read_bytes()
        content_type = self.guess_type(path)
        if self.build_state is not None and path.endswith(".html"):
            data = data.replace(b"</body>", PREVIEW_SCRIPT.encode() + b"</body>", 1)
        return self._send(data, content_type, gzip_ok=Path(path).suffix in COMPRESSED, head_only=True)

    def _send(self, data: bytes, content_type: str, *, gzip_ok: bool, head_only: bool = False):
        if gzip_ok and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data, 6)
            encoded = True
        else:
            encoded = False
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store" if self.build_state is not None else self.cache_control)
        self.end_headers()
        if head_only:
            return io.BytesIO(data)
        self.wfile.write(data)
        return None


def static_server(directory: Path, port: int = 0, build_state: BuildState | None = None
                  ) -> http.server.ThreadingHTTPServer:
    """A started server on 127.0.0.1 (port 0: any free port); call shutdown()."""
    handler = type("Handler", (SiteHandler,), {"build_state": build_state})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(directory)))
    server.daemon_threads = True  # waiting reload requests must not hold up shutdown
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _snapshot(roots: list[Path]) -> dict[Path, float]:
    state: dict[Path, float] = {}
    for root in roots:
        if root.is_file():
            state[root] = root.stat().st_mtime
        elif root.is_dir():
            for path in root.rglob("*"):
                if path.is_file():
                    state[path] = path.stat().st_mtime
    return state


class Preview:
    """Build, serve, watch, rebuild: `start()` returns once the first build is
    served; `stop()` ends the watcher and the server."""

    def __init__(self, paths, *, port: int = 8000, site_url: str | None = None,
                 interval: float = 0.1, log: Callable[[str], None] = print) -> None:
        import policy_site
        self.paths, self.interval, self.log = paths, interval, log
        self.state = BuildState()
        self._port = port
        self._site_url = site_url
        package = Path(policy_site.__file__).parent
        self.watched = [paths.content, paths.project / "overrides", paths.project / "mkdocs.yml",
                        package / "templates", package / "assets"]
        self._stop = threading.Event()
        self.server: http.server.ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return self._site_url or f"http://127.0.0.1:{self.server.server_address[1]}/"

    def rebuild(self) -> bool:
        """Rebuild the library: every document (unchanged ones cost a
        rebuild today; see the README), then the library's pages."""
        from .library.build import build_library

        started = time.perf_counter()
        failure: list[str] = []
        ok = False
        try:
            outcome = build_library(self.paths, self.url)
            ok = outcome.ok
            failure = [str(item) for item in outcome.diagnostics.items]
            failure += [str(item) for d in outcome.documents for item in d.diagnostics.items]
        except Exception as exc:  # MkDocs aborts; keep serving the last good site
            failure = [f"site build failed: {exc}"]
        messages = failure
        for message in messages:
            self.log(message)
        if not ok:
            errors = messages or ["build failed"]
            self.log("the last good site is still served")
        else:
            errors = []
            self.log(f"rebuilt in {time.perf_counter() - started:.2f} s — {self.url}")
        self.state.record(errors)
        return ok

    def start(self) -> "Preview":
        self.paths.site.parent.mkdir(parents=True, exist_ok=True)
        self.server = static_server(self.paths.site, self._port, self.state)
        self.rebuild()
        threading.Thread(target=self._watch, daemon=True).start()
        return self

    def _watch(self) -> None:
        seen = _snapshot(self.watched)
        while not self._stop.wait(self.interval):
            current = _snapshot(self.watched)
            if current != seen:
                seen = current
                self.rebuild()

    def stop(self) -> None:
        self._stop.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def serve(paths, *, port: int = 8000, site_url: str | None = None) -> int:
    preview = Preview(paths, port=port, site_url=site_url).start()
    print(f"serving {preview.url} (Ctrl+C to stop); watching {paths.content}; open pages refresh after each build")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        preview.stop()
    return 0
