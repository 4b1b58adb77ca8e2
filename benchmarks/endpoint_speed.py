"""Requests per second of `jingan-kg serve` against `oxigraph serve-read-only` (Oxigraph's own
server) on the same store and the same load (issue 16: at least 0.7×).

    cd /work/main && .venv/bin/python benchmarks/endpoint_speed.py --out /tmp/ep-out [--rounds 3] [--json FILE]

Builds nothing: --out is a built exports folder (`jingan-kg build --out DIR`). Starts both servers
on free loopback ports, checks that they give the same answers, then loads each with ApacheBench
(`ab`, Debian's apache2-utils: --requests GETs from --concurrency clients, a new connection per
request unless --keepalive), in alternating rounds (ours, theirs, ours, theirs …) for a small
SELECT (the measures of one body, JSON results) and a COUNT. Prints req/s and p50 of both, the
median of the rounds and the ratio ours/theirs, and the CPU time a request costs each server (its
process and every descendant: our query workers too), which varies less than req/s on a shared
machine; --json writes the same. Asserts no time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from jingan_kg.graph import vocab as V

# Oxigraph's server knows no prefixes: the queries declare theirs.
PREFIXES = "".join(f"PREFIX {p}: <{V.PREFIXES[p]}> " for p in ("jkg", "rdfs"))
BODY = "https://w3id.org/jingan-kg/id/org/jingan-hrss"
QUERIES = {
    "select": (
        PREFIXES + f"SELECT ?m ?label WHERE {{ ?m jkg:responsibleBody <{BODY}> ; rdfs:label ?label }} ORDER BY ?m",
        "application/sparql-results+json",
    ),
    "count": (PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?m a jkg:Measure }", "application/sparql-results+json"),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, process: subprocess.Popen, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server for {url} exited ({process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                response.read()
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"no answer from {url} in {seconds:g} s")


def fetch(base: str, query: str, accept: str) -> dict:
    request = urllib.request.Request(base + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def same_answer(a: dict, b: dict) -> bool:
    """The same variables and the same solutions, in the same order."""
    rows = lambda d: [
        {k: (v["type"], v["value"], v.get("xml:lang"), v.get("datatype")) for k, v in r.items()}
        for r in d["results"]["bindings"]
    ]
    return a["head"]["vars"] == b["head"]["vars"] and rows(a) == rows(b)


def tree_cpu(pid: int) -> float:
    """CPU seconds (user and system) used so far by a process and its descendants (Linux /proc)."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
    return total


def ab(url: str, accept: str, requests: int, concurrency: int, keepalive: bool) -> dict:
    """One ab run: requests/s, p50 (ms) and failures."""
    command = ["ab", "-q", "-n", str(requests), "-c", str(concurrency), "-H", f"Accept: {accept}"]
    out = subprocess.run(
        [*command, *(["-k"] if keepalive else []), url], capture_output=True, text=True, check=True
    ).stdout
    number = lambda pattern: float(re.search(pattern, out, re.M).group(1))
    non_2xx = re.search(r"^Non-2xx responses:\s+(\d+)", out, re.M)
    return {
        "rps": number(r"^Requests per second:\s+([\d.]+)"),
        "p50_ms": number(r"^\s+50%\s+(\d+)"),
        "failed": int(number(r"^Failed requests:\s+(\d+)")) + (int(non_2xx.group(1)) if non_2xx else 0),
    }


def start(out: Path, workers: int | None) -> tuple[dict[str, subprocess.Popen], dict[str, str]]:
    ours_port, theirs_port = free_port(), free_port()
    jingan = shutil.which("jingan-kg") or str(Path(sys.executable).with_name("jingan-kg"))
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    ours_cmd = [jingan, "serve", "--out", str(out), "--port", str(ours_port)]
    processes = {
        "ours": subprocess.Popen(
            [*ours_cmd, *(["--workers", str(workers)] if workers else [])],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
        "theirs": subprocess.Popen(
            [oxigraph, "serve-read-only", "--location", str(out / "store"), "--bind", f"127.0.0.1:{theirs_port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
    }
    urls = {"ours": f"http://127.0.0.1:{ours_port}/sparql", "theirs": f"http://127.0.0.1:{theirs_port}/query"}
    return processes, urls


def measure(args) -> dict:
    processes, urls = start(args.out, args.workers)
    try:
        count_q = urllib.parse.urlencode({"query": QUERIES["count"][0]})
        for name, url in urls.items():
            wait_ready(f"{url}?{count_q}", processes[name])
        runs: dict[str, dict[str, list[dict]]] = {q: {"ours": [], "theirs": []} for q in QUERIES}
        for qname, (query, accept) in QUERIES.items():
            if not same_answer(fetch(urls["ours"], query, accept), fetch(urls["theirs"], query, accept)):
                raise SystemExit(f"the two servers answer the {qname} query differently")
            for url in urls.values():  # warm both up
                ab(f"{url}?{urllib.parse.urlencode({'query': query})}", accept, 200, args.concurrency, args.keepalive)
        for _ in range(args.rounds):
            for qname, (query, accept) in QUERIES.items():
                for name in ("ours", "theirs"):
                    url = f"{urls[name]}?{urllib.parse.urlencode({'query': query})}"
                    cpu = tree_cpu(processes[name].pid)
                    run = ab(url, accept, args.requests, args.concurrency, args.keepalive)
                    run["cpu_us"] = (tree_cpu(processes[name].pid) - cpu) / args.requests * 1e6
                    runs[qname][name].append(run)
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
    result = {
        "load": f"ab, {args.requests} GETs from {args.concurrency} clients, "
        + ("keep-alive" if args.keepalive else "a new connection each"),
        "rounds": args.rounds,
        "queries": {},
    }
    for qname, sides in runs.items():
        summary = {
            name: {
                "rps": statistics.median(r["rps"] for r in rs),
                "p50_ms": statistics.median(r["p50_ms"] for r in rs),
                "cpu_us_per_request": round(statistics.median(r["cpu_us"] for r in rs)),
                "failed": sum(r["failed"] for r in rs),
                "rounds_rps": [r["rps"] for r in rs],
            }
            for name, rs in sides.items()
        }
        summary["ratio"] = round(summary["ours"]["rps"] / summary["theirs"]["rps"], 3)
        summary["cpu_ratio"] = round(summary["ours"]["cpu_us_per_request"] / summary["theirs"]["cpu_us_per_request"], 2)
        summary["round_ratios"] = [round(a["rps"] / b["rps"], 3) for a, b in zip(sides["ours"], sides["theirs"])]
        result["queries"][qname] = summary
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="a built exports folder (with store/)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=1600)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=None, help="`serve --workers` (default: serve's own)")
    parser.add_argument("--keepalive", action="store_true", help="reuse connections (ab -k)")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args(argv)
    if not (args.out / "store").is_dir():
        parser.error(f"{args.out} holds no store/: build it first (jingan-kg build --out {args.out})")
    if not shutil.which("ab"):
        parser.error("ab (ApacheBench) is not installed: apt-get install apache2-utils")
    result = measure(args)
    print(result["load"] + f", {result['rounds']} alternating rounds (median)")
    for qname, s in result["queries"].items():
        print(
            f"{qname:7} ours {s['ours']['rps']:8.0f} req/s p50 {s['ours']['p50_ms']:g} ms | "
            f"oxigraph {s['theirs']['rps']:8.0f} req/s p50 {s['theirs']['p50_ms']:g} ms | "
            f"ratio {s['ratio']:.2f} (rounds {', '.join(f'{r:.2f}' for r in s['round_ratios'])}); "
            f"server CPU a request {s['ours']['cpu_us_per_request']} µs vs {s['theirs']['cpu_us_per_request']} µs "
            f"({s['cpu_ratio']:.1f}×)"
            + (
                f" FAILED {s['ours']['failed']}/{s['theirs']['failed']}"
                if s["ours"]["failed"] or s["theirs"]["failed"]
                else ""
            )
        )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
