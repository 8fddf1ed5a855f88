"""Serving the built site: a static server that answers as GitHub Pages does
(gzip for text, a cache lifetime, 404 with the site's own 404.html, no
directory listings), and the live preview, which rebuilds when content/,
overrides/, mkdocs.yml or the package's templates and assets change and
refreshes the open pages. A failed rebuild shows its report on the open pages
and keeps serving the last good site.

Every request is untrusted: the target is parsed strictly (bad input is a 400,
never a traceback), the site root is resolved afresh for each request (the
published site may be a symlink swapped to a new release) and no file whose
resolved path lies outside that root is ever read. The server listens on
127.0.0.1 only, with a deep backlog and a timeout on idle connections."""
from __future__ import annotations

import gzip
import http.server
import io
import json
import mimetypes
import os
import re
import stat
import sys
import threading
import time
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import quote

LOOPBACK = "127.0.0.1"
BACKLOG = 256              # listen(2) queue: 50 clients at once must not overflow it (5 did)
IDLE_TIMEOUT = 30.0        # seconds a connection may sit idle (or half-sent) before it is closed
RELOAD_WAIT = 20.0         # seconds a reload request waits for a new build before answering
MAX_REQUEST_LINE = 8192    # bytes; longer gets 414, as common servers do
MAX_DEPTH = 64             # path segments; nothing in a site is deeper, longer paths are 404 at once
MAX_FILE = 64 * 1024 * 1024
MAX_SINCE_DIGITS = 18      # a build version fits in 18 digits; int() of 5,000 digits raises
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".js": "application/javascript; charset=utf-8", ".json": "application/json; charset=utf-8",
         ".map": "application/json; charset=utf-8", ".txt": "text/plain; charset=utf-8",
         ".xml": "application/xml; charset=utf-8", ".svg": "image/svg+xml", ".ico": "image/x-icon",
         ".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp", ".woff": "font/woff",
         ".woff2": "font/woff2", ".gz": "application/gzip", ".webmanifest": "application/manifest+json"}
RELOAD_PATH = "/__preview"
NOT_FOUND_PAGE = "404.html"

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

    def wait(self, since: int | None, timeout: float = RELOAD_WAIT) -> dict:
        with self._changed:
            if since is not None:
                self._changed.wait_for(lambda: self.version != since, timeout=timeout)
            return {"version": self.version, "errors": self.errors}


# ---------------------------------------------------------------- requests

class BadRequest(ValueError):
    """The request target is malformed: answered 400 with this message."""


@dataclass(frozen=True)
class Target:
    """A request target, checked: `segments` are the decoded path segments
    (none empty, none `.` or `..`, no `/`, NUL or control character inside),
    `directory` whether the path ends with `/`, `path` and `query` as sent."""
    segments: tuple[str, ...]
    directory: bool
    path: str
    query: str


_BAD_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")
_ESCAPE = re.compile(rb"%([0-9A-Fa-f]{2})")


def parse_target(raw: str) -> Target:
    """The request line's target (http.server decodes it as ISO-8859-1, so
    each character is one byte as sent). Raises BadRequest."""
    data = raw.encode("latin-1")
    if any(byte < 0x21 or byte == 0x7F for byte in data):
        raise BadRequest("control character or space in the request target")
    if not data.startswith(b"/"):
        raise BadRequest("the request target must be a path starting with /")
    path, _, query = data.partition(b"#")[0].partition(b"?")
    segments = []
    for part in path.split(b"/")[1:]:
        if _BAD_ESCAPE.search(part):
            raise BadRequest("malformed percent-encoding in the path (% must be followed by two hex digits)")
        try:
            name = _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), part).decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest("the path is not UTF-8 once percent-decoded") from None
        if any(unicodedata.category(char) == "Cc" for char in name):
            raise BadRequest("NUL or control character in the path")
        if "/" in name:
            raise BadRequest("encoded / (%2F) in a path segment")
        if name in (".", ".."):
            raise BadRequest("'.' or '..' segment in the path")
        if name:
            segments.append(name)
    return Target(tuple(segments), path.endswith(b"/"), path.decode("latin-1"), query.decode("latin-1"))


def parse_since(query: str) -> int | None:
    """The reload request's query: empty, `since=` (first poll) or
    `since=<version>`. Anything else raises BadRequest."""
    if query == "":
        return None
    name, equals, value = query.partition("=")
    if name != "since" or not equals:
        raise BadRequest("expected ?since=<build version>")
    if value == "":
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > MAX_SINCE_DIGITS:
        raise BadRequest(f"since must be a build version of at most {MAX_SINCE_DIGITS} digits")
    return int(value)


# ---------------------------------------------------------------- files

def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _resolve_inside(root: str, *names: str) -> str | None:
    """The real path of root/names if it stays inside root, else None."""
    real = os.path.realpath(os.path.join(root, *names))
    return real if _inside(real, root) else None


def _regular_file(root: str, *names: str) -> str | None:
    path = _resolve_inside(root, *names)
    if path is None:
        return None
    try:
        return path if stat.S_ISREG(os.stat(path).st_mode) else None
    except OSError:
        return None


@dataclass(frozen=True)
class Found:
    """What a target names: a file to send, a redirect, or nothing (404)."""
    file: str | None = None
    redirect: str | None = None


def locate(site: Path, target: Target) -> tuple[str | None, Found]:
    """Resolve the site root now (a swapped symlink is seen at once), then
    the target inside it as GitHub Pages does: a file; a directory's
    index.html, `/dir` redirected to `/dir/`; nothing else (no listings).
    Returns (resolved root or None when the site is missing, what was found)."""
    root = os.path.realpath(site)
    if not os.path.isdir(root):
        return None, Found()
    if len(target.segments) > MAX_DEPTH:
        return root, Found()
    path = _resolve_inside(root, *target.segments)
    if path is None:
        return root, Found()
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return root, Found()
    if stat.S_ISREG(mode):
        return root, Found() if target.directory else Found(file=path)
    if stat.S_ISDIR(mode):
        index = _regular_file(root, path, "index.html")
        if index is None:
            return root, Found()
        if not target.directory:
            # rebuilt from the decoded segments: a raw `/\\host` must not become a protocol-relative URL
            location = "".join("/" + quote(name, safe="!$&'()*+,;=:@-._~") for name in target.segments) + "/"
            return root, Found(redirect=location + ("?" + target.query if target.query else ""))
        return root, Found(file=index)
    return root, Found()


def nearest_not_found_page(root: str, target: Target) -> str | None:
    """The 404.html nearest the requested path: zh-hans/404.html for a path
    under zh-hans/, else the root's. Walks down only through directories that
    exist, so a long bogus path costs nothing."""
    best = _regular_file(root, NOT_FOUND_PAGE)
    folders = target.segments if target.directory else target.segments[:-1]
    current = root
    for name in folders[:MAX_DEPTH]:
        current = _resolve_inside(root, current, name)
        if current is None or not os.path.isdir(current):
            break
        best = _regular_file(root, current, NOT_FOUND_PAGE) or best
    return best


def read_file(path: str) -> bytes | None:
    """The file's bytes, or None if it vanished, was replaced by a symlink
    after it was resolved, or is not a regular file (a swap or a rebuild
    may remove an old release while it is being served)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE:
            return None
        return file.read(MAX_FILE + 1)


def content_type(path: str) -> str:
    suffix = os.path.splitext(path)[1].lower()
    return TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def accepts_gzip(header: str) -> bool:
    for item in header.split(","):
        name, _, params = item.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            q = params.strip().replace(" ", "")
            return q not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


# ---------------------------------------------------------------- handler

class _DeadlineReader(io.RawIOBase):
    """A connection's bytes read against one deadline for a whole request
    head (`handler.deadline`), not a timeout per read: a client that sends a
    byte every few seconds would otherwise hold a server thread for ever."""

    def __init__(self, connection, handler: "SiteHandler") -> None:
        self.connection, self.handler = connection, handler

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        remaining = self.handler.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the request head did not arrive in time")
        self.connection.settimeout(remaining)
        return self.connection.recv_into(buffer)


class SiteHandler(http.server.BaseHTTPRequestHandler):
    """GET and HEAD for the files of `site`, gzip-compressed when the client
    accepts it. With a BuildState (the preview) pages get the reload script
    and nothing is cached."""
    protocol_version = "HTTP/1.1"
    server_version = "policy-site"
    sys_version = ""
    site: Path = Path("site")
    build_state: BuildState | None = None
    timeout: float | None = IDLE_TIMEOUT   # StreamRequestHandler applies it to the socket
    # Headers and body go out in separate writes: without TCP_NODELAY the body
    # waits for the client's delayed ACK, 40 ms on every kept-alive request.
    disable_nagle_algorithm = True
    reload_wait = RELOAD_WAIT
    cache_control = "max-age=600"  # what GitHub Pages sends

    def log_message(self, *args) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        self.deadline = time.monotonic() + (self.timeout or IDLE_TIMEOUT)
        self.rfile = io.BufferedReader(_DeadlineReader(self.connection, self))

    def handle_one_request(self) -> None:
        # As http.server's, with a request-line limit of MAX_REQUEST_LINE, and
        # the request line and headers read within one idle timeout in all.
        self.deadline = time.monotonic() + (self.timeout or IDLE_TIMEOUT)
        try:
            self.raw_requestline = self.rfile.readline(MAX_REQUEST_LINE + 1)
            if len(self.raw_requestline) > MAX_REQUEST_LINE:
                self.requestline, self.request_version, self.command = "", "", ""
                self.send_error(414)
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():
                return
            if self.headers.get("Transfer-Encoding") or self.headers.get("Content-Length", "0").strip() != "0":
                self.close_connection = True  # a body we do not read must not be taken for the next request
            self.connection.settimeout(self.timeout)  # the answer: a timeout per write, as before
            method = getattr(self, "do_" + self.command, None)
            if method is None:
                self.send_error(501, f"unsupported method ({self.command!r})")
                return
            method()
            self.wfile.flush()
        except (TimeoutError, ConnectionError):
            self.close_connection = True

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if self.request_version == "HTTP/0.9":
            self.send_error(400, "HTTP/0.9 is not supported")
            return False
        return True

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _answer(self, *, head: bool) -> None:
        self._started = False
        try:
            target = parse_target(self.path)
            if self.build_state is not None and "/" + "/".join(target.segments) == RELOAD_PATH \
                    and not target.directory:
                since = parse_since(target.query)
                state = self.build_state.wait(since, timeout=self.reload_wait)
                self._send(200, json.dumps(state).encode(), "application/json", head=head, compress=False)
                return
            self._static(target, head=head)
        except BadRequest as exc:
            self.send_error(400, str(exc))
        except (TimeoutError, ConnectionError):
            self.close_connection = True  # the page was closed or reloaded while it waited
        except Exception as exc:  # a bug: one line on stderr and a 500, never a dropped connection
            sys.stderr.write(f"policy-site serve: {self.requestline!r}: {type(exc).__name__}: {exc}\n")
            if not self._started:
                self.send_error(500)
            self.close_connection = True

    def _static(self, target: Target, *, head: bool) -> None:
        if self.mount:
            # The site answers below /<mount>/ only, as a GitHub project site does.
            if not target.segments or target.segments[0] != self.mount:
                self.send_error(404)
                return
            target = replace(target, segments=target.segments[1:])
        root, found = locate(self.site, target)
        if found.redirect is not None:
            self._started = True
            self.send_response(301)
            self.send_header("Location", (f"/{quote(self.mount)}" if self.mount else "") + found.redirect)
            self.send_header("Content-Length", "0")
            self._cache_header()
            self.end_headers()
            return
        data = read_file(found.file) if found.file is not None else None
        if data is not None:
            self._send(200, self._page(found.file, data), content_type(found.file), head=head,
                       compress=os.path.splitext(found.file)[1] in COMPRESSED)
            return
        page = nearest_not_found_page(root, target) if root is not None else None
        body = read_file(page) if page is not None else None
        if body is None:
            self.send_error(404)
            return
        self._send(404, self._page(page, body), TYPES[".html"], head=head, compress=True)

    def _page(self, path: str, data: bytes) -> bytes:
        if self.build_state is not None and path.endswith(".html"):
            return data.replace(b"</body>", PREVIEW_SCRIPT.encode() + b"</body>", 1)
        return data

    def _cache_header(self) -> None:
        self.send_header("Cache-Control", "no-store" if self.build_state is not None else self.cache_control)

    def _send(self, status: int, data: bytes, kind: str, *, head: bool, compress: bool) -> None:
        encoded = compress and accepts_gzip(self.headers.get("Accept-Encoding", ""))
        if encoded:
            data = gzip.compress(data, 6)
        self._started = True
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if compress:
            self.send_header("Vary", "Accept-Encoding")
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self._cache_header()
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Plain text, one line, the connection closed after it (http.server's
        own sends HTML and is also used by parse_request for 400/414/431)."""
        self.close_connection = True
        if self.request_version == "HTTP/0.9":  # not parsed yet: answer with a status line all the same
            self.request_version = "HTTP/1.0"
        reason = self.responses.get(code, ("",))[0]
        body = f"{code} {reason}{': ' + message if message else ''}\n".encode("utf-8", "replace")
        try:
            self._started = True
            self.send_response(code)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Connection", "close")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD" and code >= 200 and code not in (204, 304):
                self.wfile.write(body)
        except OSError:
            pass


class SiteServer(http.server.ThreadingHTTPServer):
    """One thread per connection, a deep listen queue; threads are daemons so
    waiting reload requests do not hold up shutdown."""
    request_queue_size = BACKLOG
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        sys.stderr.write(f"policy-site serve: {type(error).__name__}: {error}\n")


def static_server(directory: Path, port: int = 0, build_state: BuildState | None = None, *,
                  idle_timeout: float = IDLE_TIMEOUT, reload_wait: float = RELOAD_WAIT,
                  mount: str = "") -> SiteServer:
    """A started server for `directory` on 127.0.0.1 (port 0: any free port);
    call shutdown() and server_close(). The directory may be missing or a
    symlink that is swapped while serving: it is resolved on every request.
    `mount`: serve it below `/<mount>/` (a project site's sub-path) instead
    of at `/`."""
    handler = type("Handler", (SiteHandler,), {
        "site": Path(directory).absolute(), "build_state": build_state, "mount": mount,
        "timeout": idle_timeout, "reload_wait": reload_wait})
    server = SiteServer((LOOPBACK, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# ---------------------------------------------------------------- watching

Snapshot = dict[str, tuple[int, int]]


def watched_paths(paths) -> list[Path]:
    """What a rebuild reads: the content, the project's theme files and the
    package's own templates and assets."""
    import policy_site
    package = Path(policy_site.__file__).parent
    return [paths.content, paths.root / "overrides", paths.root / "mkdocs.yml",
            package / "site" / "templates", package / "site" / "assets"]


def snapshot(roots: Iterable[Path]) -> Snapshot:
    """Modification time and size of every file under roots. A file that
    vanishes or cannot be read while scanning is left out, not an error."""
    state: Snapshot = {}
    for root in roots:
        try:
            mode = os.stat(root).st_mode
        except OSError:
            continue
        found = [str(root)] if stat.S_ISREG(mode) else []
        if stat.S_ISDIR(mode):
            for folder, _, files in os.walk(root):  # unreadable folders are skipped
                found += [os.path.join(folder, name) for name in files]
        for path in found:
            try:
                info = os.stat(path)
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode):
                state[path] = (info.st_mtime_ns, info.st_size)
    return state


class Watcher:
    """Polls `roots` every `interval` seconds and calls `on_change` after a
    change. An exception while scanning or in `on_change` is logged and
    watching goes on: one bad edit must not end the preview."""

    def __init__(self, roots: Iterable[Path], on_change: Callable[[], object], *,
                 interval: float = 0.1, log: Callable[[str], None] = print) -> None:
        self.roots, self.on_change, self.interval, self.log = list(roots), on_change, interval, log
        self.seen: Snapshot | None = None

    def prime(self) -> None:
        """Take the reference snapshot (before the first build, so an edit
        made during it is seen)."""
        try:
            self.seen = snapshot(self.roots)
        except Exception as exc:
            self.log(f"preview: scanning the watched files failed: {type(exc).__name__}: {exc}; still watching")

    def check(self) -> bool:
        """One poll: True when something changed and on_change was called."""
        current = snapshot(self.roots)
        if self.seen is None:
            self.seen = current
            return False
        if current == self.seen:
            return False
        self.seen = current  # before on_change: a build that raises is not retried until the next edit
        self.on_change()
        return True

    def run(self, stop: threading.Event) -> None:
        while not stop.wait(self.interval):
            try:
                self.check()
            except (Exception, SystemExit) as exc:
                self.log(f"preview: {type(exc).__name__}: {exc}; still watching")


class Preview:
    """Build, serve, watch, rebuild: `start()` returns once the first build is
    served; `stop()` ends the watcher and the server."""

    def __init__(self, paths, *, port: int = 8000, site_url: str | None = None,
                 interval: float = 0.1, log: Callable[[str], None] = print,
                 idle_timeout: float = IDLE_TIMEOUT) -> None:
        self.paths, self.interval, self.log = paths, interval, log
        self.state = BuildState()
        self._port = port
        self._site_url = site_url
        self._idle_timeout = idle_timeout
        self.watched = watched_paths(paths)
        self.watcher = Watcher(self.watched, self.rebuild, interval=interval, log=log)
        self._stop = threading.Event()
        self.server: SiteServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return self._site_url or f"http://{LOOPBACK}:{self.server.server_address[1]}/"

    def publish(self) -> tuple[bool, list[str]]:
        """One build of the library (documents whose inputs are unchanged are
        not rebuilt): (published, its messages). Never raises for a bad build."""
        from policy_site.library.build import build_library

        failure: list[str] = []
        ok = False
        try:
            outcome = build_library(self.paths, self.url)
            ok = outcome.ok
            failure = [str(item) for item in outcome.diagnostics.items]
            failure += [str(item) for d in outcome.documents for item in d.diagnostics.items]
        except (Exception, SystemExit) as exc:  # MkDocs aborts; keep serving the last good site
            failure = [f"site build failed: {type(exc).__name__}: {exc}"]
        return ok, failure

    def rebuild(self) -> bool:
        started = time.perf_counter()
        try:
            published, messages = self.publish()
        except BaseException as exc:
            # record the failure for the open pages, then let the watcher log it
            self.state.record([f"site build failed: {type(exc).__name__}: {exc}"])
            raise
        for message in messages:
            self.log(message)
        if published:
            self.log(f"rebuilt in {time.perf_counter() - started:.2f} s — {self.url}")
            self.state.record([])
        else:
            self.log("the last good site is still served")
            self.state.record(messages or ["build failed"])
        return published

    def start(self) -> "Preview":
        # The site folder is not created here: publish makes it (perhaps as a
        # symlink to a release), and until then every request is a 404.
        self.server = static_server(self.paths.site, self._port, self.state, idle_timeout=self._idle_timeout)
        self.watcher.prime()
        try:
            self.rebuild()
        except Exception as exc:
            self.log(f"preview: {type(exc).__name__}: {exc}; still watching")
        threading.Thread(target=self.watcher.run, args=(self._stop,), daemon=True).start()
        return self

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
