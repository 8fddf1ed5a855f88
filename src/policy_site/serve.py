"""Live preview: build, serve the site on 127.0.0.1, rebuild when content/,
overrides/, mkdocs.yml or the package's templates change. A failed rebuild
prints its report and keeps serving the last good site."""
from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path

from .diagnostics import Diagnostics


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


def serve(folder: Path, paths, *, port: int = 8000, site_url: str | None = None) -> int:
    from .publish import publish

    url = site_url or f"http://127.0.0.1:{port}/"

    def rebuild() -> None:
        diagnostics = Diagnostics()
        started = time.perf_counter()
        try:
            edition = publish(folder, paths, site_url=url, diagnostics=diagnostics)
        except Exception as exc:  # keep serving the last good site
            print(f"build failed: {exc}")
            return
        for item in diagnostics.items:
            print(item)
        if edition is not None:
            print(f"rebuilt in {time.perf_counter() - started:.2f} s — {url}")

    rebuild()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(paths.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving {url} (Ctrl+C to stop); watching {paths.content}")
    import policy_site
    watched = [paths.content, paths.project / "overrides", paths.project / "mkdocs.yml",
               Path(policy_site.__file__).parent / "templates", Path(policy_site.__file__).parent / "assets"]
    state = _snapshot(watched)
    try:
        while True:
            time.sleep(0.3)
            current = _snapshot(watched)
            if current != state:
                state = current
                rebuild()
    except KeyboardInterrupt:
        server.shutdown()
    return 0
