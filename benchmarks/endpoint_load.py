"""Slow queries against quick ones at the SPARQL endpoint (`jingan-kg serve`): does a client
repeating a query that runs into the time limit starve the others?

    cd /work/main && .venv/bin/python benchmarks/endpoint_load.py --out exports [--seconds 10]

Starts the server on the graph built in --out (a separate process, `jingan_kg.web.run.serve` on
a free loopback port, --timeout 1 s by default), then for --seconds runs --slow-clients clients
repeating a three-way cross join over the whole store (stopped by the time limit) and --clients
clients repeating quick queries (a count, and the measures per responsible body, in JSON, XML,
CSV, TSV), all GET, a new connection per request. Each client sends from its own loopback
address (127.0.0.2, 127.0.0.3 …), as distinct machines would; --same-address sends all from
127.0.0.1. Prints, per kind of client, the requests, the count of each status, failures (for
quick clients: anything but a 200 with the right answer) and p50/p95/max latency, then the same
as one line of JSON. Writes nothing. Exits 1 if a quick request failed or their p95 is 1 s or more.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
QUICK = [
    ("SELECT (COUNT(*) AS ?n) WHERE { ?m a jkg:Measure }", "application/sparql-results+json"),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?m a jkg:Measure }", "text/csv"),
    (
        "SELECT ?body (COUNT(DISTINCT ?m) AS ?measures) WHERE { ?m a jkg:Measure ; jkg:responsibleBody ?o . "
        '?o skos:prefLabel ?body . FILTER(lang(?body) = "zh") } GROUP BY ?body ORDER BY DESC(?measures) ?body',
        "application/sparql-results+xml",
    ),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?m a jkg:Measure }", "text/tab-separated-values"),
]
SERVER = (
    "import sys; from pathlib import Path; from jingan_kg.web.run import serve; "
    "serve(Path(sys.argv[1]), port=0, timeout=float(sys.argv[2]), workers=int(sys.argv[3]) or None, "
    "log_level='warning', announce=lambda url: print(url, flush=True))"
)


def request(host: str, port: int, source: str | None, query: str, accept: str) -> tuple[int | str, bytes]:
    conn = http.client.HTTPConnection(host, port, timeout=60, source_address=(source, 0) if source else None)
    try:
        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})
        response = conn.getresponse()
        return response.status, response.read()
    except OSError as exc:
        return f"{type(exc).__name__}", b""
    finally:
        conn.close()


def run_load(
    host: str,
    port: int,
    seconds: float,
    slow_clients: int,
    quick_clients: int,
    same_address: bool = False,
    slow_query: str = SLOW,
    quick: list[tuple[str, str]] = QUICK,
) -> dict[str, list[tuple[int | str, float, bool]]]:
    """Run the clients for `seconds`; {"slow"|"quick": [(status, seconds, right answer)]}. The quick
    answers are checked against the first 200 answer each query gets."""
    results: dict[str, list[tuple[int | str, float, bool]]] = {"slow": [], "quick": []}
    expected: dict[tuple[str, str], bytes] = {}
    lock = threading.Lock()
    for q, accept in quick:  # the right answers, before the load
        status, body = request(host, port, None, q, accept)
        if status != 200:
            raise SystemExit(f"the quick query answered {status} before the load: {body[:300]!r}")
        expected[(q, accept)] = body
    stop = time.monotonic() + seconds

    def client(kind: str, n: int) -> None:
        source = None if same_address else f"127.0.0.{n + 2}"
        i = 0
        while time.monotonic() < stop:
            q, accept = (
                (slow_query, "application/sparql-results+json") if kind == "slow" else quick[(n + i) % len(quick)]
            )
            i += 1
            t = time.monotonic()
            status, body = request(host, port, source, q, accept)
            took = time.monotonic() - t
            right = kind == "slow" or (status == 200 and body == expected[(q, accept)])
            with lock:
                results[kind].append((status, took, right))

    threads = [threading.Thread(target=client, args=("slow", n)) for n in range(slow_clients)]
    threads += [threading.Thread(target=client, args=("quick", slow_clients + n)) for n in range(quick_clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100), nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))] if ordered else 0.0


def summary(results: dict[str, list[tuple[int | str, float, bool]]]) -> dict[str, dict]:
    out = {}
    for kind, rows in results.items():
        times = [t for _, t, _ in rows]
        out[kind] = {
            "requests": len(rows),
            "statuses": dict(Counter(str(s) for s, _, _ in rows)),
            "failures": sum(1 for s, _, ok in rows if s != 200 or not ok) if kind == "quick" else None,
            "p50": round(statistics.median(times), 3) if times else None,
            "p95": round(percentile(times, 95), 3) if times else None,
            "max": round(max(times), 3) if times else None,
        }
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="a folder `jingan-kg build` wrote (its store/)")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--timeout", type=float, default=1.0, help="the server's --timeout")
    parser.add_argument("--workers", type=int, default=0, help="the server's --workers (0: its default)")
    parser.add_argument("--slow-clients", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4, help="clients sending quick queries")
    parser.add_argument("--same-address", action="store_true", help="every client from 127.0.0.1")
    args = parser.parse_args()

    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(args.out), str(args.timeout), str(args.workers)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        url = server.stdout.readline().strip()
        if not url:
            raise SystemExit(f"the server did not start (exit {server.wait(30)})")
        host, port = urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port
        time.sleep(0.5)  # the worker processes start with the app
        t = time.monotonic()
        results = run_load(host, port, args.seconds, args.slow_clients, args.clients, args.same_address)
        elapsed = time.monotonic() - t
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
    report = summary(results)
    print(
        f"{args.slow_clients} slow clients (cross join, stopped at {args.timeout:g} s) and {args.clients} quick clients "
        f"for {elapsed:.1f} s, server workers: {args.workers or 'default'}, "
        f"{'one address' if args.same_address else 'one loopback address per client'}"
    )
    for kind in ("quick", "slow"):
        r = report[kind]
        failures = f", failures {r['failures']}" if kind == "quick" else ""
        print(
            f"{kind:>5}: {r['requests']} requests, statuses {r['statuses']}{failures}; "
            f"p50 {r['p50']} s, p95 {r['p95']} s, max {r['max']} s"
        )
    print(json.dumps(report, sort_keys=True))
    quick = report["quick"]
    return 0 if quick["requests"] and quick["failures"] == 0 and quick["p95"] < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
