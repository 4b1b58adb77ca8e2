"""`jingan-kg serve` as it runs read-only: several server processes on one socket, each answering
its queries itself (web/supervisor.py, web/local.py). The same answers and limits as the worker
pool's (tests/test_server.py), and a query past the time limit gets its 504 at once while its
process retires and a fresh one takes its place. Real requests to `serve` in a subprocess."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .test_server import get

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?m a jkg:Measure }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MAX_ROWS = 50


class _Serve:
    def __init__(self, process: subprocess.Popen, port: int):
        self.process, self.url = process, f"http://127.0.0.1:{port}"
        self.endpoint = self.url + "/sparql"

    def children(self) -> set[int]:
        task = Path(f"/proc/{self.process.pid}/task")
        return {int(c) for t in task.iterdir() for c in (t / "children").read_text().split()}


@pytest.fixture(scope="module")
def srv(built):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-c", "from jingan_kg.cli import main; main()", "serve", "--out", str(built[1])]
    command += ["--port", str(port), "--timeout", "1", "--max-rows", str(MAX_ROWS), "--workers", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = _Serve(process, port)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(server.url + "/favicon.ico", timeout=5):
                break
        except (urllib.error.URLError, OSError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"serve did not start: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.1)
    yield server
    process.send_signal(signal.SIGTERM)
    process.wait(15)


def count(srv) -> int:
    status, _, body = get(srv, COUNT)
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_answers_negotiation_and_limits(srv):
    assert len(srv.children()) == 2
    assert count(srv) == 60
    status, headers, body = get(srv, COUNT, "text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv") and body == b"n\r\n60\r\n"
    status, _, body = get(srv, COUNT, "text/turtle")
    assert status == 406, body
    status, _, body = get(srv, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 413 and f"more than {MAX_ROWS} rows".encode() in body
    status, _, body = get(srv, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }")
    assert status == 400 and b"SERVICE" in body, body
    status, _, body = get(srv, "SELECT * WHERE " + "{" * 3000 + "}" * 3000)
    assert status == 400 and b"deep" in body, body
    status, _, body = get(srv, "SELECT * WHERE {")
    assert status == 400 and b"Malformed query" in body, body


def test_a_query_past_the_limit_is_504_at_once_and_its_process_is_replaced(srv):
    before = srv.children()
    slow: dict = {}

    def run_slow() -> None:
        started = time.monotonic()
        slow["answer"] = get(srv, SLOW)
        slow["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.2)
    quick = [count(srv) for _ in range(20)]  # answered by the other process meanwhile
    assert "answer" not in slow, "the quick queries waited for the slow one"
    assert quick == [60] * 20
    thread.join(15)
    status, _, body = slow["answer"]
    assert status == 504 and b"time limit of 1 s" in body, body
    assert 1.0 <= slow["seconds"] < 4.0
    deadline = time.monotonic() + 30  # the retired process exits; a fresh one took its place
    while (len(srv.children()) != 2 or srv.children() >= before) and time.monotonic() < deadline:
        time.sleep(0.1)
    after = srv.children()
    assert len(after) == 2 and len(after & before) == 1, (before, after)
    assert [count(srv) for _ in range(10)] == [60] * 10


def test_sigterm_stops_every_process(built):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-c", "from jingan_kg.cli import main; main()", "serve", "--out", str(built[1])]
    process = subprocess.Popen([*command, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = _Serve(process, port)
    try:
        deadline = time.monotonic() + 60
        while len(server.children()) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        children = server.children()
        assert len(children) >= 2
        assert count(server) == 60
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(15)
    for pid in children:
        for _ in range(100):
            if not os.path.exists(f"/proc/{pid}") or "zombie" in Path(f"/proc/{pid}/status").read_text():
                break
            time.sleep(0.05)
        else:
            pytest.fail(f"server process {pid} still runs")
