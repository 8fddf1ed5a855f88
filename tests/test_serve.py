"""The static server and the preview server under hostile and careless use,
over real HTTP on 127.0.0.1: many clients at once, idle connections, malformed
targets, directories, symlinks (the published site itself is a symlink to a
release that is swapped), and a watcher that must outlive its failures."""
from __future__ import annotations

import http.client
import json
import os
import socket
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from policy_site import serve
from policy_site.core.project import Project
from policy_site.serve import BuildState, Preview, Watcher, static_server
from policy_site.testing import VALID, make_project


def release(folder: Path, label: str) -> Path:
    """A small site as the build writes one: root and edition pages, the
    root's and the edition's 404.html, an asset, and a folder with no index."""
    files = {
        "index.html": f"<html><body>home {label}</body></html>",
        "404.html": f"<html><body>root 404 {label}</body></html>",
        "zh-hans/index.html": f"<html><body>hans {label}</body></html>",
        "zh-hans/404.html": f"<html><body>hans 404 {label}</body></html>",
        "zh-hans/clauses/1/index.html": f"<html><body>clause {label}</body></html>",
        "zh-hans/assets/site.css": "body{color:#111}" * 50,
        "zh-hans/assets/images/favicon.png": "png",
    }
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def site(tmp_path):
    """site -> build/release-1 (a symlink, as the atomic publish leaves it),
    with a secret next to the build that must never be served."""
    (tmp_path / "secret.txt").write_text("SECRET", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "index.html").write_text("SECRET DIR", encoding="utf-8")
    first = release(tmp_path / "build" / "release-1", "one")
    (tmp_path / "site").symlink_to(first)
    server = static_server(tmp_path / "site", idle_timeout=0.5)
    yield {"root": tmp_path, "release": first, "port": server.server_address[1]}
    server.shutdown()
    server.server_close()


def get(port: int, target: str, method: str = "GET", headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, target, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def raw(port: int, data: bytes):
    """Bytes as sent by a client http.client would refuse to be."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        response = http.client.HTTPResponse(sock, method="GET")
        response.begin()
        return response.status, dict(response.getheaders()), response.read()


def test_binds_loopback_only(site):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent; this picks the outward address
            outward = probe.getsockname()[0]
        except OSError:
            outward = None
    with socket.create_connection(("127.0.0.1", site["port"]), timeout=5):
        pass
    if outward is None or outward.startswith("127."):
        pytest.skip("this machine has no non-loopback address to try")
    with pytest.raises(OSError):
        socket.create_connection((outward, site["port"]), timeout=5).close()


def test_fifty_concurrent_clients_are_all_answered_promptly(site):
    """At backlog 5 some of these waited 1-7 s for a SYN retransmission."""
    barrier = threading.Barrier(50)
    times: list[float] = []
    failures: list[str] = []

    def client() -> None:
        barrier.wait()
        for target in ("/", "/zh-hans/", "/zh-hans/assets/site.css", "/missing"):
            started = time.perf_counter()
            try:
                status, _, body = get(site["port"], target)
                assert status in (200, 404) and body, (target, status)
            except Exception as exc:  # collected: an assert in a thread would be lost
                failures.append(f"{target}: {exc!r}")
            times.append(time.perf_counter() - started)

    threads = [threading.Thread(target=client) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures[:5]
    assert len(times) == 200
    assert max(times) < 2.0, f"slowest request {max(times):.2f} s"


def test_an_idle_connection_is_closed_after_the_timeout(site):
    port = site["port"]
    for sent in (b"", b"GET /zh-hans/ HTT"):  # nothing at all; half a request line
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(sent)
            started = time.perf_counter()
            assert sock.recv(1024) == b"", "the server closes the connection without an answer"
            assert time.perf_counter() - started < 5
    # a kept-alive connection that goes quiet after an answer is closed too
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/")
    response = connection.getresponse()
    assert response.status == 200 and b"home one" in response.read()
    assert response.getheader("Connection") != "close", "HTTP/1.1 keeps the connection open"
    time.sleep(1.5)
    assert connection.sock.recv(1024) == b""
    connection.close()
    assert get(port, "/")[0] == 200


def test_a_client_trickling_its_request_is_cut_off_at_one_timeout_in_all(site):
    """One byte every 0.2 s never waits a whole idle timeout (0.5 s) between
    reads, so only a deadline for the whole request head closes it."""
    port = site["port"]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        started = time.perf_counter()
        closed_after = None
        for byte in b"GET /zh-hans/ HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaa":
            try:
                sock.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                closed_after = time.perf_counter() - started
                break
            time.sleep(0.2)
            sock.setblocking(False)
            try:
                if sock.recv(1024) == b"":
                    closed_after = time.perf_counter() - started
                    break
            except BlockingIOError:
                pass
            except ConnectionResetError:
                closed_after = time.perf_counter() - started
                break
            finally:
                sock.setblocking(True)
        assert closed_after is not None and closed_after < 2.0, closed_after
    assert get(port, "/")[0] == 200  # and the server answers the next client


BAD_TARGETS = [
    "/%00", "/zh-hans/%00index.html", "/index.html%00.css", "/%zz", "/%4", "/zh-hans/%e4%b8",
    "/%ff", "/%c0%ae%c0%ae/secret.txt", "/../secret.txt", "/zh-hans/../../secret.txt",
    "/%2e%2e/secret.txt", "/zh-hans/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/zh-hans/.",
    "/%01", "/%7f", "/a%0d%0aSet-Cookie:%20x=1",
]


def test_malformed_targets_get_400_and_the_server_keeps_answering(site, capfd):
    port = site["port"]
    for target in BAD_TARGETS:
        status, headers, body = get(port, target)
        assert status == 400, target
        assert headers["Content-Type"].startswith("text/plain") and b"SECRET" not in body, target
        assert get(port, "/zh-hans/")[0] == 200
    for data in (b"GET /a\x01b HTTP/1.1\r\nHost: x\r\n\r\n",      # raw control character
                 b"GET /a\x00b HTTP/1.1\r\nHost: x\r\n\r\n",      # raw NUL
                 b"GET http://example.com/ HTTP/1.1\r\nHost: x\r\n\r\n",
                 b"GET / HTTP/9.9.9\r\n\r\n",
                 b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"):  # TLS hello
        assert raw(port, data)[0] == 400, data
    assert raw(port, b"GET /" + b"a" * 10_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")[0] == 414
    assert raw(port, b"GET / HTTP/1.1\r\nX: " + b"a" * 70_000 + b"\r\n\r\n")[0] == 431
    assert raw(port, b"GET / HTTP/1.1\r\n" + b"X: 1\r\n" * 200 + b"\r\n")[0] == 431
    assert raw(port, b"DELETE / HTTP/1.1\r\nHost: x\r\n\r\n")[0] == 501
    assert get(port, "/")[0] == 200
    assert "Traceback" not in capfd.readouterr().err


def test_percent_encoded_names_and_queries_are_served(site):
    name = site["release"] / "zh-hans" / "文件 1.txt"
    name.write_text("encoded", encoding="utf-8")
    port = site["port"]
    assert get(port, "/zh-hans/%E6%96%87%E4%BB%B6%201.txt")[2] == b"encoded"
    assert get(port, "/zh-hans/?q=%E5%A5%BD%zz&x=" + "9" * 5000)[0] == 200, "static pages ignore the query, as Pages"
    assert get(port, "/zh-hans//clauses/1/")[0] == 200


def test_directories_without_index_are_404_with_the_nearest_404_page(site):
    port = site["port"]
    status, headers, body = get(port, "/zh-hans/assets/")
    assert status == 404 and b"hans 404 one" in body, "no listing: the edition's 404.html"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert get(port, "/zh-hans/assets")[0] == 404
    assert get(port, "/zh-hans/clauses/99/")[2] == b"<html><body>hans 404 one</body></html>"
    assert get(port, "/zh-hans/no/such/deep/path.html")[2].count(b"hans 404") == 1
    assert b"root 404 one" in get(port, "/zh-hant/clauses/1/")[2]
    assert b"root 404 one" in get(port, "/nothing")[2]
    assert get(port, "/index.html/")[0] == 404, "a file is not a directory"
    assert get(port, "/" + "a/" * 300)[0] == 404
    head = get(port, "/missing", method="HEAD")
    assert head[0] == 404 and head[2] == b"" and int(head[1]["Content-Length"]) > 0


def test_a_directory_with_index_redirects_to_its_slash_form(site):
    port = site["port"]
    status, headers, body = get(port, "/zh-hans/clauses/1?x=1")
    assert status == 301 and headers["Location"] == "/zh-hans/clauses/1/?x=1"
    assert get(port, "/zh-hans/clauses/1/")[2] == b"<html><body>clause one</body></html>"
    (site["release"] / "a\\b").mkdir()
    (site["release"] / "a\\b" / "index.html").write_text("x", encoding="utf-8")
    assert get(port, "/a%5Cb")[1]["Location"] == "/a%5Cb/", "a backslash never reaches Location raw"


def test_gzip_and_cache_as_github_pages(site):
    port = site["port"]
    status, headers, body = get(port, "/zh-hans/assets/site.css", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip" and headers["Cache-Control"] == "max-age=600"
    import gzip
    assert gzip.decompress(body) == (site["release"] / "zh-hans/assets/site.css").read_bytes()
    plain = get(port, "/zh-hans/assets/site.css", headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in plain[1]
    assert get(port, "/zh-hans/assets/images/favicon.png", headers={"Accept-Encoding": "gzip"})[1].get(
        "Content-Encoding") is None


def test_symlinks_out_of_the_site_are_refused(site):
    """Decided: a symlink inside the site to a file or folder that is also
    inside it is served (GitHub Pages' artifact upload dereferences links);
    anything resolving outside the site root is a 404, and so is a 404.html
    that points outside."""
    release_dir, root, port = site["release"], site["root"], site["port"]
    (release_dir / "leak.txt").symlink_to(root / "secret.txt")
    (release_dir / "zh-hans" / "leakdir").symlink_to(root / "outside")
    (release_dir / "zh-hans" / "relative.txt").symlink_to("../../../secret.txt")
    (release_dir / "passwd").symlink_to("/etc/passwd")
    (release_dir / "loop").symlink_to(release_dir / "loop")
    for target in ("/leak.txt", "/zh-hans/leakdir/", "/zh-hans/leakdir/index.html", "/zh-hans/relative.txt",
                   "/passwd", "/loop", "/zh-hans/leakdir"):
        status, _, body = get(port, target)
        assert status == 404 and b"SECRET" not in body and b"root:" not in body, target
    (release_dir / "zh-hans" / "same.css").symlink_to(release_dir / "zh-hans" / "assets" / "site.css")
    (release_dir / "alias").symlink_to("zh-hans")
    assert get(port, "/zh-hans/same.css")[0] == 200
    assert get(port, "/alias/clauses/1/")[2] == b"<html><body>clause one</body></html>"
    (release_dir / "zh-hans" / "404.html").unlink()
    (release_dir / "zh-hans" / "404.html").symlink_to(root / "secret.txt")
    status, _, body = get(port, "/zh-hans/missing")
    assert status == 404 and b"root 404 one" in body and b"SECRET" not in body


def test_a_swapped_site_symlink_is_seen_at_the_next_request(site):
    root, port = site["root"], site["port"]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/zh-hans/")
    assert b"hans one" in connection.getresponse().read()
    second = release(root / "build" / "release-2", "two")
    (root / "site.new").symlink_to(second)
    os.replace(root / "site.new", root / "site")  # the atomic swap
    connection.request("GET", "/zh-hans/")  # same kept-alive connection
    assert b"hans two" in connection.getresponse().read()
    connection.close()
    (root / "site").unlink()
    status, _, body = get(port, "/zh-hans/")
    assert status == 404 and b"SECRET" not in body, "no site: 404, not the folder the link was in"


def test_reload_requests_check_their_query(tmp_path, capfd):
    (tmp_path / "index.html").write_text("<body>x</body>", encoding="utf-8")
    state = BuildState()
    state.record([])
    server = static_server(tmp_path, build_state=state, reload_wait=0.2)
    port = server.server_address[1]
    try:
        for query in ("since=" + "9" * 5000, "since=-1", "since=1.5", "since=%31", "since=%D9%A1", "since",
                      "since=1&since=2", "x=1", "since=%00"):
            assert get(port, "/__preview?" + query)[0] == 400, query
        assert raw(port, "GET /__preview?since=١ HTTP/1.1\r\n\r\n".encode("utf-8"))[0] == 400
        status, headers, body = get(port, "/__preview?since=")
        assert status == 200 and json.loads(body) == {"version": 1, "errors": []}
        assert headers["Cache-Control"] == "no-store"
        started = time.perf_counter()
        assert json.loads(get(port, "/__preview?since=1")[2])["version"] == 1
        assert time.perf_counter() - started >= 0.15, "the current version waits for the next build"
        assert b"/__preview" in get(port, "/")[2], "preview pages carry the reload script"
    finally:
        server.shutdown()
        server.server_close()
    assert "Traceback" not in capfd.readouterr().err


def test_watcher_survives_a_failing_scan_and_a_failing_rebuild(tmp_path, monkeypatch):
    watched = tmp_path / "content"
    (watched / "doc").mkdir(parents=True)
    source = watched / "doc" / "full.txt"
    source.write_text("one", encoding="utf-8")
    calls: list[str] = []
    log: list[str] = []

    def on_change() -> None:
        calls.append(source.read_text(encoding="utf-8"))
        if len(calls) == 1:
            raise RuntimeError("rebuild exploded")

    real_snapshot = serve.snapshot
    scans = {"fail": False}

    def snapshot(roots):
        if scans["fail"]:
            scans["fail"] = False
            raise PermissionError("scan exploded")
        return real_snapshot(roots)

    monkeypatch.setattr(serve, "snapshot", snapshot)
    watcher = Watcher([watched, tmp_path / "missing.yml"], on_change, interval=0.02, log=log.append)
    watcher.prime()
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    thread.start()

    def wait_for(count: int) -> None:
        deadline = time.monotonic() + 5
        while len(calls) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(calls) == count, (calls, log)

    try:
        source.write_text("two", encoding="utf-8")
        wait_for(1)
        scans["fail"] = True
        while scans["fail"]:
            time.sleep(0.01)
        source.write_text("three!", encoding="utf-8")
        wait_for(2)
        (watched / "doc" / "full.txt").unlink()
        (watched / "doc" / "new.txt").write_text("x", encoding="utf-8")
        source.write_text("four", encoding="utf-8")
        wait_for(3)
        assert thread.is_alive()
    finally:
        stop.set()
        thread.join(5)
    assert calls == ["two", "three!", "four"]
    assert any("RuntimeError: rebuild exploded; still watching" in line for line in log)
    assert any("PermissionError: scan exploded; still watching" in line for line in log)


def test_preview_survives_an_exception_during_a_rebuild(tmp_path, monkeypatch):
    """The real preview: a build that raises something unexpected is shown on
    the open pages, the last good site stays served, the next edit rebuilds."""
    import policy_site.library.build as publish_module

    project = make_project(tmp_path / "project", {"doc": {"text": VALID}})
    paths = Project.at(project)
    log: list[str] = []
    running = Preview(paths, port=0, log=log.append, interval=0.05,
                      idle_timeout=1.0).start()
    source = paths.content / "doc" / "sources" / "full.txt"
    real_publish = publish_module.publish
    failures = {"left": 1}

    def publish(*args, **kwargs):
        if failures["left"]:
            failures["left"] -= 1
            raise OSError("disk on fire")
        return real_publish(*args, **kwargs)

    monkeypatch.setattr(publish_module, "publish", publish)

    def state_after(version: int) -> dict:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with urllib.request.urlopen(f"{running.url}__preview?since={version}", timeout=30) as response:
                state = json.loads(response.read())
            if state["version"] != version:
                return state
        raise AssertionError(log)

    try:
        first = state_after(0)
        assert first["errors"] == []
        source.write_text(VALID.replace("第一条正文。", "第一条正文甲。"), encoding="utf-8")
        broken = state_after(first["version"])
        assert any("OSError: disk on fire" in error for error in broken["errors"])
        with urllib.request.urlopen(running.url + "zh-hans/doc/clauses/1/") as response:
            assert "第一条正文。" in response.read().decode("utf-8"), "the last good site"
        source.write_text(VALID.replace("第一条正文。", "第一条正文乙。"), encoding="utf-8")
        fixed = state_after(broken["version"])
        assert fixed["errors"] == []
        with urllib.request.urlopen(running.url + "zh-hans/doc/clauses/1/") as response:
            assert "第一条正文乙。" in response.read().decode("utf-8")
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(running.url + "zh-hans/doc/clauses/99/")
        page = missing.value.read().decode("utf-8")
        assert missing.value.code == 404 and "/__preview" in page, "the edition's 404 page, with the reload script"
    finally:
        running.stop()


def test_a_mounted_site_answers_below_its_sub_path_only(tmp_path):
    """As a GitHub project site: /<repo>/… is the site, the rest is 404, and a
    directory redirect keeps the sub-path."""
    site = tmp_path / "site"
    (site / "zh-hans").mkdir(parents=True)
    (site / "zh-hans" / "index.html").write_text("<p>库</p>", encoding="utf-8")
    server = static_server(site, mount="policy-site")
    port = server.server_address[1]
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/policy-site/zh-hans/")
        response = connection.getresponse()
        assert response.status == 200 and "库" in response.read().decode("utf-8")
        connection.request("GET", "/zh-hans/")
        response = connection.getresponse()
        response.read()
        assert response.status == 404
        connection.request("GET", "/policy-site/zh-hans")
        response = connection.getresponse()
        response.read()
        assert response.status == 301 and response.getheader("Location") == "/policy-site/zh-hans/"
    finally:
        server.shutdown()
        server.server_close()
